"""Reminders before a meeting (``flask --app council remind``, every 15 minutes from cron).

Once per member and meeting, whatever the number of runs or machines: for each reminder a row of
``reminder_sent`` (unique per meeting and member) is inserted and COMMITTED before the mail
leaves (``run_reminders``). A second run finds the row and sends nothing. After sending, the row
says ``sent`` or ``failed``; a failed one (the mail server refused it, or could not be reached)
is claimed again by a later run, up to ``MAX_REMINDER_ATTEMPTS`` in all. A row left ``sending``
(the run stopped between its claim and the server's answer) is never sent again: at most once,
rather than twice.

The reminder is the meeting's iTIP message (``invitations.calendar_messages``, ``Notice.REMINDER``):
the same body as an invitation (place, agenda, the meeting's page, the two answer links) and the
same calendar. Its METHOD is REQUEST with the meeting's current SEQUENCE, not PUBLISH:
- RFC 5546 (2.1.4, 2.1.5, 3.2.2): a REQUEST with the SEQUENCE a calendar already holds (and a later
  DTSTAMP) is a re-sent invitation — the event is refreshed, not duplicated — and a calendar that
  never got the invitation (turned on later, lost, filtered) adds the event from it;
- Outlook turns a PUBLISH into a separate appointment beside the meeting it already has (two
  entries), and PUBLISH forbids the ATTENDEE property; Gmail and Thunderbird take a REQUEST with a
  known UID and SEQUENCE as the same event (Thunderbird says it is already in the calendar).
The ATTENDEE keeps RSVP=FALSE: the answer goes through the link, as for invitations.

Services add and flush; ``run_reminders`` takes the caller's ``commit`` for its two steps.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from council.extensions import db
from council.itip import Notice
from council.mail import send_built
from council.meetings.models import (
    AnswerChoice,
    Meeting,
    ReminderSent,
    ReminderState,
)
from council.meetings.rules import reminded_members, reminder_due, retry_due
from council.meetings.services.answers import answers_to
from council.meetings.services.concerned import concerned_members
from council.meetings.services.invitations import calendar_messages
from council.membership.models import Member

log = logging.getLogger(__name__)


@dataclass
class ReminderReport:
    meetings: int = 0
    sent: int = 0
    failed: int = 0

    def note(self) -> str:
        return f"meetings={self.meetings} sent={self.sent} failed={self.failed}"


def due_meetings(now: datetime, delay_hours: int) -> list[Meeting]:
    """Meetings starting within ``delay_hours``, not started, not cancelled (``reminder_due``)."""
    rows = db.session.scalars(
        select(Meeting).where(Meeting.cancelled_at.is_(None), Meeting.starts_at > now,
                              Meeting.starts_at <= now + timedelta(hours=delay_hours))
        .options(selectinload(Meeting.agenda_items), selectinload(Meeting.delegates))
        .order_by(Meeting.starts_at, Meeting.id))
    return [m for m in rows if reminder_due(m.starts_at, m.is_cancelled, now, delay_hours)]


def meetings_mail_off() -> set[int]:
    """Members who turned meeting mail off (``invitations_by_email``, the one switch of their
    profile): they get no invitation, and no reminder either."""
    return set(db.session.scalars(select(Member.id).where(Member.invitations_by_email.is_(False))))


def _insert(values: dict):
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return (insert(ReminderSent).values(**values)
            .on_conflict_do_nothing(index_elements=["meeting_id", "member_id"])
            .returning(ReminderSent.id))


def claim_reminders(meeting: Meeting, now: datetime) -> list[int]:
    """Claim the reminders this meeting owes (new ones, and failed ones due again); the ids of
    the ``reminder_sent`` rows claimed. A row another run inserted or claimed first is skipped
    (``ON CONFLICT DO NOTHING``, and a compare-and-set on the attempts)."""
    reachable = [m for m in concerned_members(meeting) if m.email and m.email.strip()]
    excused = {member_id for member_id, answer in answers_to(meeting).items()
               if answer.choice is AnswerChoice.EXCUSED}
    existing = {row.member_id: row for row in db.session.scalars(
        select(ReminderSent).where(ReminderSent.meeting_id == meeting.id))}
    mail_off = meetings_mail_off()
    claimed = []
    for member_id in reminded_members([m.id for m in reachable], excused, set(existing), mail_off):
        row_id = db.session.scalar(_insert({
            "meeting_id": meeting.id, "member_id": member_id, "state": ReminderState.SENDING,
            "attempts": 1, "claimed_at": now}))
        if row_id is not None:
            claimed.append(row_id)
    retry = set(reminded_members([m.id for m in reachable], excused, set(), mail_off))
    for row in existing.values():
        if row.member_id in retry and retry_due(row.state.value, row.attempts):
            moved = db.session.execute(
                update(ReminderSent).where(ReminderSent.id == row.id,
                                           ReminderSent.state == ReminderState.FAILED,
                                           ReminderSent.attempts == row.attempts)
                .values(state=ReminderState.SENDING, attempts=row.attempts + 1, claimed_at=now)
                .execution_options(synchronize_session=False))
            if moved.rowcount:
                claimed.append(row.id)
    db.session.flush()
    return claimed


def send_claimed(meeting: Meeting, row_ids: list[int], now: datetime) -> tuple[int, int]:
    """Send the claimed reminders of one meeting (one message each, one connection) and record
    each outcome; ``(sent, failed)``. A failure for one member never stops the others."""
    if not row_ids:
        return 0, 0
    rows = list(db.session.scalars(select(ReminderSent).where(ReminderSent.id.in_(row_ids))
                                   .order_by(ReminderSent.id)))
    members = {m.id: m for m in db.session.scalars(
        select(Member).where(Member.id.in_([row.member_id for row in rows])))}
    messages = calendar_messages(meeting, Notice.REMINDER, [members[row.member_id] for row in rows])
    outcomes = send_built(messages, kind="meeting reminder")
    for row, left in zip(rows, outcomes, strict=True):
        row.state = ReminderState.SENT if left else ReminderState.FAILED
        row.sent_at = now if left else None
    db.session.flush()
    sent = sum(outcomes)
    return sent, len(outcomes) - sent


def run_reminders(now: datetime, delay_hours: int, commit: Callable[[], None]) -> ReminderReport:
    """Claim every reminder due, ``commit()`` (the claims are stored before any mail leaves),
    then send them meeting by meeting, committing each meeting's outcomes."""
    meetings = due_meetings(now, delay_hours)
    batches = [(meeting.id, claim_reminders(meeting, now)) for meeting in meetings]
    commit()
    report = ReminderReport(meetings=len(meetings))
    for meeting_id, row_ids in batches:
        meeting = db.session.get(Meeting, meeting_id)
        sent, failed = send_claimed(meeting, row_ids, now)
        commit()
        report.sent += sent
        report.failed += failed
        if failed:
            log.warning("meeting %s: %d reminders not sent (tried again at the next run)",
                        meeting_id, failed)
    return report
