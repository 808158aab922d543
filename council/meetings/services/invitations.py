"""Calendar invitations by e-mail (iTIP/iMIP, built by ``council.itip``) to the members a meeting
concerns: an invitation when it is published, an update when it changes, a cancellation, and a
withdrawn invitation for a member who is no longer concerned (left the council, no longer a
delegate). Called after the commit: sending changes nothing in the database, so a failure never
loses the change; each member's message goes (or fails, logged without the address) on its own.

For other features (reminders): ``send_invitations(meeting, Notice.REMINDER, members,
answer_links=…, only_willing=…)`` sends the same message with another wording and extra links.
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
from council.meetings.models import Meeting
from council.meetings.services.calendars import meeting_event, page_prefix
from council.meetings.services.concerned import concerned_members, meetings_ahead_for
from council.membership.models import Member

log = logging.getLogger(__name__)

AnswerLinks = Callable[[Member], tuple[tuple[str, str], ...]]


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


def send_invitations(meeting: Meeting, notice: Notice, members: Iterable[Member] | None = None,
                     changes: Iterable[str] = (), answer_links: AnswerLinks | None = None,
                     only_willing: bool = True) -> InvitationReport:
    """One message per member (``members``, else ``concerned_members``), after the commit.
    Members without an address are counted, as are (when ``only_willing``) those who turned
    invitations off."""
    members = concerned_members(meeting) if members is None else list(members)
    config = council_config()
    event = meeting_event(meeting, page_prefix())
    organizer = Party(config["CONTACT_EMAIL"], config["COUNCIL_NAME"])
    preferences = absolute_url("membership.profile")
    stamp, changes = utcnow(), tuple(changes)
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    messages, without_address, turned_off = [], 0, 0
    for member in members:
        if only_willing and not member.invitations_by_email:
            turned_off += 1
        elif not (member.email or "").strip():
            without_address += 1
        else:
            invitation = Invitation(
                event, organizer, Party(member.email.strip(), member.full_name), notice, stamp,
                config["COUNCIL_NAME"], preferences_url=preferences, changes=changes,
                answer_links=answer_links(member) if answer_links else ())
            messages.append((member.email.strip(),
                             lambda invitation=invitation: invitation_message(invitation, sender)))
    outcomes = send_built(messages, kind=f"meeting {notice.value}")
    report = InvitationReport(sum(outcomes), len(outcomes) - sum(outcomes), without_address,
                              turned_off)
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
