"""Calendar invitations by e-mail (iTIP/iMIP, built by ``council.itip``) to the members a meeting
concerns: an invitation when it is published, an update when it changes, a cancellation, and a
withdrawn invitation for a member who is no longer concerned (left the council, no longer a
delegate). Called after the commit: sending changes nothing in the database, so a failure never
loses the change; each member's message goes (or fails, logged without the address) on its own.

Messages that ask (invitation, update, reminder) carry the two answer links (« Je serai
présent·e », « Je serai excusé·e »); reminders (``services.reminders``) are built here too, by
``calendar_messages``, and sent by their own run that records each outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from council import french
from council.councils.services import council_config
from council.database import utcnow
from council.extensions import db
from council.itip import Invitation, Notice, Party, invitation_message
from council.links import absolute_url
from council.mail import send_built
from council.meetings.models import AnswerChoice, Meeting
from council.meetings.services.answers import answer_link
from council.meetings.services.calendars import meeting_event, page_prefix
from council.meetings.services.concerned import concerned_members, meetings_ahead_for
from council.membership.models import Member

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class InvitationReport:
    """How the messages of one change went: sent, failed (logged), and the members who got
    none because they have no e-mail address or turned invitations off."""

    sent: int = 0
    failed: int = 0
    without_address: int = 0
    turned_off: int = 0

    def __add__(self, other: InvitationReport) -> InvitationReport:
        return InvitationReport(self.sent + other.sent, self.failed + other.failed,
                                self.without_address + other.without_address,
                                self.turned_off + other.turned_off)


ANSWER_CHOICES = ((AnswerChoice.PRESENT, "Je serai présent·e"),
                  (AnswerChoice.EXCUSED, "Je serai excusé·e"))


def answer_links_of(member: Member, meeting: Meeting) -> tuple[tuple[str, str], ...]:
    """The two links of a message that asks for an answer, each opening the answer page with
    its choice already selected (``answers.answer_link``; nothing is recorded before the button)."""
    return tuple((label, answer_link(member, meeting, choice)) for choice, label in ANSWER_CHOICES)


def calendar_messages(meeting: Meeting, notice: Notice, members: Iterable[Member],
                      changes: Iterable[str] = ()) -> list[tuple[str, Callable]]:
    """``(address, build)`` of one iTIP message per member (each must have an address), for
    ``mail.send_built``: invitations, updates and reminders (METHOD:REQUEST) carry the answer
    links; every message carries the meeting's page in its body."""
    config = council_config()
    event = meeting_event(meeting, page_prefix())
    organizer = Party(config["CONTACT_EMAIL"], config["COUNCIL_NAME"])
    preferences = absolute_url("membership.profile")
    stamp, changes = utcnow(), tuple(changes)
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    asks = notice.method == "REQUEST"
    messages = []
    for member in members:
        invitation = Invitation(
            event, organizer, Party(member.email.strip(), member.full_name), notice, stamp,
            config["COUNCIL_NAME"], preferences_url=preferences, changes=changes,
            answer_links=answer_links_of(member, meeting) if asks else ())
        messages.append((member.email.strip(),
                         lambda invitation=invitation: invitation_message(invitation, sender)))
    return messages


def send_invitations(meeting: Meeting, notice: Notice, members: Iterable[Member] | None = None,
                     changes: Iterable[str] = ()) -> InvitationReport:
    """One message per member (``members``, else ``concerned_members``), after the commit.
    Members without an address are counted, as are those who turned meeting mail off."""
    members = concerned_members(meeting) if members is None else list(members)
    turned_off = [m for m in members if not m.invitations_by_email]
    without_address = [m for m in members if m.invitations_by_email and not (m.email or "").strip()]
    reachable = [m for m in members if m.invitations_by_email and (m.email or "").strip()]
    messages = calendar_messages(meeting, notice, reachable, changes)
    outcomes = send_built(messages, kind=f"meeting {notice.value}")
    report = InvitationReport(sum(outcomes), len(outcomes) - sum(outcomes), len(without_address),
                              len(turned_off))
    log.info("meeting %s: %s sent to %d members, %d failed, %d without address, %d turned off",
             meeting.id, notice.value, report.sent, report.failed, report.without_address,
             report.turned_off)
    return report


def send_changes(meeting: Meeting, before: set[int], changes: Iterable[str] = ()) -> InvitationReport:
    """After an edit: members concerned before and after get an update, newly concerned ones an
    invitation, and those no longer concerned (``before``: their ids) a withdrawn invitation."""
    after = {member.id: member for member in concerned_members(meeting)}
    kept = [member for member_id, member in after.items() if member_id in before]
    added = [member for member_id, member in after.items() if member_id not in before]
    removed = db.session.scalars(select(Member).where(Member.id.in_(before - after.keys()))).all()
    report = send_invitations(meeting, Notice.UPDATE, kept, changes)
    if added:
        report += send_invitations(meeting, Notice.INVITATION, added)
    if removed:
        report += send_invitations(meeting, Notice.WITHDRAWAL, removed)
    return report


def withdraw_invitations(member: Member, now: datetime | None = None) -> InvitationReport:
    """A member left the council: each meeting to come leaves their calendar, worded as an
    invitation withdrawn (the meeting itself goes on). Called after the departure's commit."""
    report = InvitationReport()
    for meeting in meetings_ahead_for(member, now):
        report += send_invitations(meeting, Notice.WITHDRAWAL, [member])
    return report


def withdrawal_notes(member: Member) -> list[str]:
    """The departure follow-up (``membership.providers``): withdraw the member's invitations and
    say so to the organiser. Never raises: the departure is committed already."""
    try:
        report = withdraw_invitations(member)
    except Exception:  # the messages could not even be prepared; the departure stands
        log.exception("member %s: withdrawn invitations not prepared", member.id)
        return ["Les invitations de ce membre aux réunions à venir n'ont pas pu lui être retirées."]
    said = []
    if report.sent:
        said.append(f"{french.plural(report.sent, 'invitation')} aux réunions à venir "
                    f"{'lui sont retirées' if report.sent > 1 else 'lui est retirée'} par e-mail.")
    if report.failed:
        verb = "n'ont" if report.failed > 1 else "n'a"
        said.append(f"{french.plural(report.failed, 'retrait')} d'invitation {verb} pas pu "
                    "partir par e-mail.")
    return said
