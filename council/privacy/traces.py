"""What an anonymised member leaves in the other areas, erased: their name in free text, their
attendance lines (kept as counts on each meeting), their named votes (the avis keeps its tallies)
and the meetings they were delegated to. Add and flush, never commit.

Without this, « Ancien·ne membre n° 12 » still sat in every register and ballot, and a council of
twenty tells who that was; and minutes, history notes and dissent still spelt the name.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from council.database import lock
from council.extensions import db
from council.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingAnswer,
    ReminderSent,
    meeting_delegate,
)
from council.membership.models import Application, Member
from council.observations.models import Observation, ObservationEvent
from council.observations.search import normalise
from council.opinions.models import Opinion, OpinionBallot
from council.privacy.redaction import name_pattern, redact

# Every free-text column a person's name may have been typed into, by model.
FREE_TEXT = {
    Meeting: ("title", "description", "place_name", "place_address", "cancellation_reason",
              "minutes_text"),
    AgendaItem: ("title",),
    Observation: ("description", "place", "answer_text", "public_summary", "public_answer"),
    ObservationEvent: ("detail", "note"),
    # A voted avis is frozen (``opinions.models``): the bulk UPDATE below is the one change it
    # accepts, because the law asks for the name to go.
    Opinion: ("title", "subject_project", "carrier_name", "text", "dissent_text", "answer_text"),
}

_COLUMN = {AttendanceStatus.PRESENT: "erased_present", AttendanceStatus.EXCUSED: "erased_excused",
           AttendanceStatus.ABSENT: "erased_absent"}


def names_of(member: Member) -> set[tuple[str, str]]:
    """The (first name, last name) pairs the person was known under: the roster's and their
    applications' (an organiser may have corrected the spelling in one of them)."""
    pairs = {(member.first_name, member.last_name)}
    pairs.update(db.session.execute(select(Application.first_name, Application.last_name)
                                    .where(Application.member_id == member.id)).all())
    return {(first, last) for first, last in pairs if name_pattern(first, last) is not None}


def erase_traces(member: Member, names: set[tuple[str, str]], report) -> None:
    """Aggregate then delete the member's attendance lines, delete their ballots, answers and
    delegations, and replace their name in every free text with « [nom effacé] »."""
    _aggregate_attendance(member, report)
    ballots = db.session.execute(delete(OpinionBallot).where(OpinionBallot.member_id == member.id))
    report.add("named_votes", ballots.rowcount or 0)
    # Answers before meetings (their word may say why) and the reminders' bookkeeping
    answers = db.session.execute(delete(MeetingAnswer).where(MeetingAnswer.member_id == member.id)
                                 .execution_options(synchronize_session=False))
    report.add("meeting_answers", answers.rowcount or 0)
    db.session.execute(delete(ReminderSent).where(ReminderSent.member_id == member.id)
                       .execution_options(synchronize_session=False))
    delegations = db.session.execute(
        delete(meeting_delegate).where(meeting_delegate.c.member_id == member.id))
    report.add("delegations", delegations.rowcount or 0)
    for model, columns in FREE_TEXT.items():
        report.add("texts", _redact_column_values(model, columns, names))
    db.session.flush()


def _aggregate_attendance(member: Member, report) -> None:
    """Each line becomes one more in its meeting's erased count for its status, then goes."""
    lines = list(db.session.scalars(select(Attendance).where(Attendance.member_id == member.id)
                                  .order_by(Attendance.meeting_id)))  # locks in one order
    for line in lines:
        meeting = lock(Meeting, line.meeting_id)  # a register saved at the same time waits
        column = _COLUMN[line.status]
        setattr(meeting, column, getattr(meeting, column) + 1)
        db.session.delete(line)
    report.add("attendance_lines", len(lines))
    db.session.flush()


def _redact_column_values(model, columns: tuple[str, ...], names) -> int:
    """Rewrite the rows of ``model`` whose texts hold one of ``names``; how many rows changed."""
    changed = 0
    rows = db.session.execute(select(model.id, *(getattr(model, c) for c in columns)))
    for row in rows.all():
        values = {}
        for column, text in zip(columns, row[1:], strict=True):
            new = text
            for first, last in names:
                new = redact(new, first, last)
            if new != text:
                values[column] = new
        if values:
            if model is Observation:
                _search_text(row.id, values)
            db.session.execute(update(model).where(model.id == row.id).values(values)
                               .execution_options(synchronize_session="fetch"))
            changed += 1
    return changed


def _search_text(observation_id: int, values: dict) -> None:
    """The members' search reads ``search_text``: it follows the description and the place."""
    observation = db.session.get(Observation, observation_id)
    description = values.get("description", observation.description)
    place = values.get("place", observation.place)
    values["search_text"] = normalise(f"{description} {place}")
