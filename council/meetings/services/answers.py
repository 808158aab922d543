"""Members' answers before a meeting (« je serai présent·e », « excusé·e ») from the members it
concerns (``concerned``), the organiser's overview and the quorum outlook. Add and flush, never
commit.

``answer_link(member, meeting)`` is the absolute link that lets a member answer without signing
in (invitations and reminders put it in their body).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from council.councils.services import rules
from council.database import lock, utcnow
from council.extensions import db
from council.links import absolute_url
from council.meetings.answer_tokens import make_answer_token
from council.meetings.models import AnswerChoice, Meeting, MeetingAnswer
from council.meetings.rules import QuorumOutlook, answer_problem, parse_fraction, quorum_required
from council.meetings.services.attendance import meeting_day, recent_attendance
from council.meetings.services.concerned import concerned_members, is_concerned
from council.membership.models import Member
from council.membership.services.roster import count_sitting_on, sitting_on_clause


class AnswerError(ValueError):
    """An answer the meeting no longer takes, or from someone it does not concern (French)."""


def answer_of(meeting: Meeting, member: Member) -> MeetingAnswer | None:
    return db.session.scalar(select(MeetingAnswer).where(
        MeetingAnswer.meeting_id == meeting.id, MeetingAnswer.member_id == member.id))


def answers_to(meeting: Meeting) -> dict[int, MeetingAnswer]:
    """``{member id: answer}`` for one meeting."""
    return {a.member_id: a for a in db.session.scalars(
        select(MeetingAnswer).where(MeetingAnswer.meeting_id == meeting.id))}


def record_answer(meeting: Meeting, member: Member, choice: AnswerChoice, word: str,
                  now: datetime | None = None) -> MeetingAnswer:
    """Give or change ``member``'s answer. Refused (``AnswerError``) once the meeting has
    started, for a cancelled one, and for a member it does not concern. The meeting's row is
    locked first: two answers of the same member at once (a double click, the link and the page)
    write one after the other, never two rows."""
    lock(Meeting, meeting.id)
    now = now or utcnow()
    if problem := answer_problem(meeting.is_cancelled, meeting.starts_at, now):
        raise AnswerError(problem)
    if not is_concerned(meeting, member):
        raise AnswerError("Cette réunion ne vous concerne pas : seuls les membres qui y siègent "
                          "peuvent répondre.")
    answer = db.session.scalar(select(MeetingAnswer).where(
        MeetingAnswer.meeting_id == meeting.id, MeetingAnswer.member_id == member.id)
        .execution_options(populate_existing=True))
    if answer is None:
        answer = MeetingAnswer(meeting_id=meeting.id, member_id=member.id)
        db.session.add(answer)
    answer.choice, answer.word, answer.answered_at = choice, (word or "").strip(), now
    db.session.flush()
    return answer


def answer_link(member: Member, meeting: Meeting, choice: AnswerChoice | None = None) -> str:
    """The absolute link letting ``member`` answer for ``meeting`` without signing in (signed,
    for this purpose only, working until the meeting ends); for invitations and reminders.
    ``choice``: the answer the page opens with selected (nothing is recorded by opening it)."""
    token = make_answer_token(current_app.config["SECRET_KEY"], member.id, meeting.id,
                              meeting.council_id)
    if choice is None:
        return absolute_url("meetings.answer_by_link", token=token)
    return absolute_url("meetings.answer_by_link", token=token, choix=choice.value)


@dataclass(frozen=True)
class AnswersOverview:
    """What the organiser sees before a meeting: who said what, who said nothing."""

    present: list[tuple[Member, MeetingAnswer]] = field(default_factory=list)
    excused: list[tuple[Member, MeetingAnswer]] = field(default_factory=list)
    silent: list[Member] = field(default_factory=list)


def answers_overview(meeting: Meeting) -> AnswersOverview:
    """The concerned members sorted into present, excused and silent (by name)."""
    answers = answers_to(meeting)
    overview = AnswersOverview()
    for member in concerned_members(meeting):
        answer = answers.get(member.id)
        if answer is None:
            overview.silent.append(member)
        elif answer.choice is AnswerChoice.PRESENT:
            overview.present.append((member, answer))
        else:
            overview.excused.append((member, answer))
    return overview


def quorum_outlook(meeting: Meeting, now: datetime | None = None) -> QuorumOutlook:
    """The quorum expected before a meeting: the council's quorum rule on the members sitting on
    its day, their answers, and the presence rate of the last meetings held (``QuorumOutlook``).
    Three statements, whatever the council's size."""
    day = meeting_day(meeting)
    sitting = count_sitting_on(day)
    counted = dict(db.session.execute(
        select(MeetingAnswer.choice, func.count()).join(Member, Member.id == MeetingAnswer.member_id)
        .where(MeetingAnswer.meeting_id == meeting.id, sitting_on_clause(day))
        .group_by(MeetingAnswer.choice)).all())
    _held, present, seats = recent_attendance(now or utcnow())
    required = quorum_required(sitting, parse_fraction(rules().quorum_fraction))
    return QuorumOutlook(sitting=sitting, required=required, recent_present=present,
                         recent_sitting=seats, excused=counted.get(AnswerChoice.EXCUSED, 0),
                         present=counted.get(AnswerChoice.PRESENT, 0))
