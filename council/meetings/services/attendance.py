"""Attendance registers, quorum and runs of unexcused absences. Add and flush, never commit.

Other areas use ``quorum_status(meeting)`` (votes need a quorum) and
``unexcused_absence_runs()`` (the roster flags members who keep missing meetings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from council.auth.models import User
from council.councils.services import rules
from council.database import lock, utcnow
from council.dates import to_paris
from council.extensions import db
from council.meetings.models import (
    AnswerChoice,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingAnswer,
)
from council.meetings.rules import (
    QuorumStatus,
    attendance_problem,
    parse_fraction,
    quorum_required,
    unexcused_runs,
)
from council.meetings.services.meetings import MeetingLockedError
from council.membership.models import Member, MemberStatus
from council.membership.services.roster import count_sitting_on, members_sitting_on


@dataclass(frozen=True)
class RegisterLine:
    member: Member
    status: AttendanceStatus | None
    delegate: bool
    answer: MeetingAnswer | None = None  # what the member said before the meeting

    @property
    def proposed(self) -> AttendanceStatus | None:
        """The mark the sheet starts from: the one written, else « excusé·e » for a member who
        answered so. A « présent·e » answer is only shown: nobody is marked present before an
        organiser sees them there."""
        if self.status is not None:
            return self.status
        if self.answer is not None and self.answer.choice is AnswerChoice.EXCUSED:
            return AttendanceStatus.EXCUSED
        return None


def attendance_register(meeting: Meeting) -> list[RegisterLine]:
    """Every member who sat on the meeting's day (joined on or before it, not left before it),
    and anyone already marked, with their mark, by name. Members whose data was erased are
    left out: their lines are counts on the meeting now (``Meeting.erased_*``)."""
    marks = {a.member_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id)
    )}
    members = {m.id: m for m in members_sitting_on(meeting_day(meeting)) if m.anonymised_at is None}
    missing = [member_id for member_id in marks if member_id not in members]
    if missing:
        members.update({m.id: m for m in db.session.scalars(
            select(Member).where(Member.id.in_(missing)))})
    delegates = {m.id for m in meeting.delegates}
    answers = {a.member_id: a for a in db.session.scalars(
        select(MeetingAnswer).where(MeetingAnswer.meeting_id == meeting.id))}
    ordered = sorted(members.values(), key=lambda m: (m.last_name, m.first_name, m.id))
    return [
        RegisterLine(m, marks[m.id].status if m.id in marks else None, m.id in delegates,
                     answers.get(m.id))
        for m in ordered
    ]


def meeting_day(meeting: Meeting):
    """The meeting's day, in Paris."""
    return to_paris(meeting.starts_at).date()


def ensure_attendance_open(meeting: Meeting, now: datetime) -> None:
    """Raise MeetingLockedError if the register may not be written (cancelled, not started)."""
    if problem := attendance_problem(meeting.is_cancelled, meeting.starts_at, now):
        raise MeetingLockedError(problem)


def record_attendance(
    meeting: Meeting, marks: dict[int, AttendanceStatus | None], marked_by: User | None,
    now: datetime | None = None,
) -> int:
    """Write the register: a status sets or changes a member's line, None removes it.
    Returns how many lines changed. Refused for a cancelled meeting and before it starts.

    The first write freezes ``meeting.active_count`` (members sitting on the meeting's day): the
    register is only written once the meeting has started, so the count is the roster as it was
    that day, and later departures, arrivals or erasures never change this meeting's quorum.

    The meeting's row is locked first: two organisers saving the register at once write one
    after the other, the second over the lines the first wrote (never a duplicate line).
    """
    lock(Meeting, meeting.id)
    now = now or utcnow()
    ensure_attendance_open(meeting, now)
    existing = {a.member_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id)
        .execution_options(populate_existing=True)
    )}
    if meeting.active_count is None:
        meeting.active_count = count_sitting_on(meeting_day(meeting))
    changed = 0
    for member_id, status in marks.items():
        line = existing.get(member_id)
        if status is None:
            if line is not None:
                db.session.delete(line)
                changed += 1
        elif line is None:
            db.session.add(Attendance(meeting_id=meeting.id, member_id=member_id, status=status,
                                      marked_at=now, marked_by=marked_by))
            changed += 1
        elif line.status is not status:
            line.status, line.marked_at, line.marked_by = status, now, marked_by
            changed += 1
    db.session.flush()
    return changed


def mark_unmarked_present(meeting: Meeting, marked_by: User | None, now: datetime | None = None) -> int:
    """« Tous présents »: every member of the register without a mark yet is marked present —
    but one who answered « excusé·e » beforehand is marked excused; those already marked
    (excused, absent, present) keep their mark. Returns how many lines were written. Refused
    like ``record_attendance`` (cancelled, not started)."""
    lines = attendance_register(meeting)
    return record_attendance(meeting, {line.member.id: line.proposed or AttendanceStatus.PRESENT
                                       for line in lines if line.status is None}, marked_by, now)


def quorum_status(meeting: Meeting) -> QuorumStatus:
    """Present members against the quorum: more than the QUORUM_FRACTION setting (default 1/2)
    of the members sitting on the meeting's day — the count frozen with its register, else the
    roster as it was that day. ``.present``, ``.required``, ``.reached``."""
    active = meeting.active_count
    if active is None:
        active = count_sitting_on(meeting_day(meeting))
    present = meeting.erased_present + db.session.scalar(  # erased members count, unnamed
        select(func.count()).select_from(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.status == AttendanceStatus.PRESENT
        )
    )
    fraction = parse_fraction(rules().quorum_fraction)
    return QuorumStatus(present=present, required=quorum_required(active, fraction), active=active)


def unexcused_absence_runs(threshold: int | None = None, now: datetime | None = None,
                           member_ids: Iterable[int] | None = None) -> dict[int, int]:
    """``{member_id: run_length}`` for active members whose latest marks, at meetings held (past,
    not cancelled), are ``threshold`` (setting ABSENCE_RUN_THRESHOLD, default 3) or more
    unexcused absences in a row. One query, whatever the number of members; ``member_ids``
    limits it to those members (a page of the roster), so it does not read the whole history."""
    threshold = threshold if threshold is not None else rules().absence_run_threshold
    now = now or utcnow()
    query = (
        select(Attendance.member_id, Attendance.status)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Member, Member.id == Attendance.member_id)
        .where(Meeting.starts_at <= now, Meeting.cancelled_at.is_(None),
               Member.status == MemberStatus.ACTIVE)
        .order_by(Attendance.member_id, Meeting.starts_at.desc(), Meeting.id.desc())
    )
    if member_ids is not None:
        query = query.where(Attendance.member_id.in_(list(member_ids)))
    rows = db.session.execute(query)
    return unexcused_runs(((member_id, status.value) for member_id, status in rows), threshold)


def absence_runs_in_sql(threshold: int | None = None, now: datetime | None = None,
                        limit: int = 50) -> list[tuple[Member, int]]:
    """Active members flagged for ``threshold`` (ABSENCE_RUN_THRESHOLD) or more unexcused
    absences in a row at meetings held, with the run's length, longest first: the same rule as
    ``rules.unexcused_runs`` but counted by the database in one statement (the dashboard reads
    the whole council's history; the roster's page uses ``unexcused_absence_runs``).

    Each member's marks are numbered newest first; the run ends at the first mark that is not
    an absence (or at the oldest mark)."""
    threshold = threshold if threshold is not None else rules().absence_run_threshold
    now = now or utcnow()
    numbered = (
        select(Attendance.member_id.label("member_id"), Attendance.status.label("status"),
               func.row_number().over(partition_by=Attendance.member_id,
                                      order_by=(Meeting.starts_at.desc(), Meeting.id.desc()))
               .label("rank"))
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.starts_at <= now, Meeting.cancelled_at.is_(None))
        .subquery())
    first_break = func.min(case((numbered.c.status != AttendanceStatus.ABSENT, numbered.c.rank)))
    run = func.coalesce(first_break - 1, func.count())
    runs = (select(numbered.c.member_id, run.label("run")).group_by(numbered.c.member_id)
            .having(run >= threshold).subquery())
    rows = db.session.execute(
        select(Member, runs.c.run).join(runs, runs.c.member_id == Member.id)
        .where(Member.status == MemberStatus.ACTIVE)
        .order_by(runs.c.run.desc(), Member.last_name, Member.first_name, Member.id).limit(limit))
    return [(member, run_length) for member, run_length in rows]


def recent_attendance(now: datetime | None = None, meetings: int = 5) -> tuple[int, int, int]:
    """``(meetings, present, expected)`` over the last ``meetings`` meetings held with a
    register: how many there were, how many marks « présent·e », and how many members sat
    (their frozen ``active_count``). One statement."""
    now = now or utcnow()
    last = (select(Meeting.id.label("id"), Meeting.active_count.label("sitting"))
            .where(Meeting.starts_at <= now, Meeting.cancelled_at.is_(None),
                   Meeting.active_count.is_not(None))
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(meetings).subquery())
    present = (select(func.count()).select_from(Attendance)
               .where(Attendance.meeting_id == last.c.id,
                      Attendance.status == AttendanceStatus.PRESENT)
               .correlate(last).scalar_subquery())
    held, marked, sitting = db.session.execute(
        select(func.count(last.c.id), func.coalesce(func.sum(present), 0),
               func.coalesce(func.sum(last.c.sitting), 0))).one()
    return int(held), int(marked), int(sitting)
