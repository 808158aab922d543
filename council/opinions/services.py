"""Avis: drafting, the vote, transmission, answer, new versions, and the queries. Add and flush, never commit.

Every state change locks the avis's row first (``database.lock``), then goes through
``lifecycle.next_status`` on the state it read under the lock; the vote through ``voting``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload, selectinload

from council import audit
from council.auth.models import Role, User
from council.councils.services import rules
from council.database import clamp_page, lock, utcnow
from council.extensions import db
from council.meetings.agenda_links import AgendaLink
from council.meetings.models import AgendaItem, Attendance, AttendanceStatus, Meeting
from council.meetings.rules import QuorumStatus, not_started_problem
from council.meetings.services.attendance import quorum_status
from council.meetings.services.meetings import MeetingLockedError, add_agenda_point
from council.membership.models import Member
from council.observations.lifecycle import LISTED, overdue_before, waiting
from council.observations.models import Observation
from council.observations.services import queries as observation_queries
from council.opinions.lifecycle import (
    PUBLIC,
    Action,
    CarrierType,
    OpinionKind,
    OpinionStatus,
    addressee_problem,
    next_status,
)
from council.opinions.models import Opinion, OpinionBallot
from council.opinions.voting import (
    AdoptionRule,
    VoteChoice,
    VoteCount,
    dissent_problem,
    is_adopted,
    tally,
    vote_problems,
)
from council.reference.models import Theme


class OpinionError(ValueError):
    """A request about an avis that cannot be honoured; the message (or messages) are French."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass
class OpinionData:
    kind: OpinionKind
    title: str
    subject_project: str
    carrier_type: CarrierType
    text: str
    carrier_name: str = ""
    partner_id: int | None = None
    theme_ids: list[int] = field(default_factory=list)
    observation_ids: list[int] = field(default_factory=list)


def _lock(opinion: Opinion) -> None:
    """Hold the avis's row until the commit and refresh it: the move is checked on what another
    request may have just committed (two votes at the same instant: the second is refused)."""
    lock(Opinion, opinion.id)


def check_action(opinion: Opinion, action: Action, user: User) -> OpinionStatus:
    """The avis's status after ``user`` takes ``action``, or ``TransitionError`` saying why not."""
    return next_status(opinion.status, action, is_organiser=user.has_role(Role.ORGANISER))


def _apply(opinion: Opinion, data: OpinionData) -> None:
    if problem := addressee_problem(data.kind, data.partner_id):
        raise OpinionError(problem)
    opinion.kind, opinion.title = data.kind, data.title.strip()
    opinion.subject_project, opinion.carrier_type = data.subject_project.strip(), data.carrier_type
    opinion.carrier_name, opinion.text = data.carrier_name.strip(), data.text.strip()
    opinion.partner_id = data.partner_id
    opinion.themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(data.theme_ids or [-1]))))
    opinion.observations = list(db.session.scalars(select(Observation).where(
        Observation.id.in_(data.observation_ids or [-1]),
        Observation.status.in_(LISTED))))


def create_opinion(data: OpinionData, user: User) -> Opinion:
    """A member drafts an avis, a proposition or an interpellation (« brouillon »)."""
    opinion = Opinion(status=OpinionStatus.DRAFT, created_by_id=user.id)
    _apply(opinion, data)
    db.session.add(opinion)
    db.session.flush()
    return opinion


def update_opinion(opinion: Opinion, data: OpinionData, user: User) -> None:
    """Change a draft; refused once voted (the text is frozen: make a new version)."""
    _lock(opinion)
    check_action(opinion, Action.EDIT, user)
    _apply(opinion, data)
    db.session.flush()


def schedule(opinion: Opinion, item: AgendaItem, user: User) -> None:
    """Put the avis on a meeting's agenda, where it will be voted (or move it to another one)."""
    _lock(opinion)
    after = check_action(opinion, Action.SCHEDULE, user)
    if item.meeting.is_cancelled:
        raise OpinionError("Cette réunion est annulée : choisissez un point d'une autre réunion.")
    opinion.status, opinion.agenda_item_id = after, item.id
    db.session.flush()


def schedule_on_new_point(opinion: Opinion, meeting: Meeting, title: str, user: User) -> AgendaItem:
    """Add a point to an upcoming meeting's agenda and put the avis on it (« Inscrire à l'ordre
    du jour » from the avis's page); ``OpinionError`` (French) when the meeting has started, is
    cancelled or its agenda is full."""
    _lock(opinion)
    check_action(opinion, Action.SCHEDULE, user)
    try:
        item = add_agenda_point(meeting, title)
    except (MeetingLockedError, ValueError) as error:
        raise OpinionError(str(error)) from error
    schedule(opinion, item, user)
    return item


def on_agenda_items(item_ids: list[int]) -> dict[int, list[AgendaLink]]:
    """The avis put on these agenda points (not yet voted there, or voted), as links (one
    statement)."""
    found: dict[int, list[AgendaLink]] = {}
    for opinion_id, item_id, kind, title in db.session.execute(
            select(Opinion.id, Opinion.agenda_item_id, Opinion.kind, Opinion.title)
            .where(Opinion.agenda_item_id.in_(item_ids)).order_by(Opinion.id)):
        found.setdefault(item_id, []).append(AgendaLink(
            f"{kind.label.capitalize()} : {title}", "opinions.detail", {"opinion_id": opinion_id}))
    return found


@dataclass(frozen=True)
class VoteSetting:
    """Where the vote happens: the meeting of the avis's agenda point, its quorum, who is present,
    and the adoption rule (setting ``OPINION_ADOPTION_RULE``)."""

    meeting: Meeting
    quorum: QuorumStatus
    present_members: list[Member]
    rule: AdoptionRule


def vote_setting(opinion: Opinion, now: datetime | None = None) -> VoteSetting:
    """The meeting, quorum and present members for voting this avis; ``OpinionError`` if there
    is no meeting, if it is cancelled, or if it has not started yet."""
    item = opinion.agenda_item
    if item is None:
        raise OpinionError("Inscrivez d'abord l'avis à l'ordre du jour d'une réunion.")
    if item.meeting.is_cancelled:
        raise OpinionError("La réunion prévue est annulée : inscrivez l'avis à une autre réunion.")
    if problem := not_started_problem(item.meeting.starts_at, now or utcnow()):
        raise OpinionError(problem)
    return VoteSetting(item.meeting, quorum_status(item.meeting), _present_members(item.meeting),
                       AdoptionRule(rules().opinion_adoption_rule))


def _present_members(meeting: Meeting) -> list[Member]:
    """The members marked present on the meeting's register, by name. Read from the database
    each time (never from lines the request loaded earlier): under the meeting's lock, it is the
    register as it is now."""
    return list(db.session.scalars(
        select(Member).join(Attendance, Attendance.member_id == Member.id)
        .where(Attendance.meeting_id == meeting.id, Attendance.status == AttendanceStatus.PRESENT)
        .order_by(Member.last_name, Member.first_name, Member.id)))


@dataclass(frozen=True)
class VoteResult:
    adopted: bool
    count: VoteCount


def _lock_for_vote(opinion: Opinion, user: User) -> None:
    """Lock the meeting where the avis is on the agenda, then the avis (the meeting first, as
    every writer of both does: a meeting's change drops its agenda points, which empties the
    avis's), then check the move on what was read under the locks.

    The attendance register locks the meeting too (``record_attendance``): a register saved at
    the same instant as the vote is written wholly before the vote counts, or wholly after."""
    meeting_id = opinion.agenda_item.meeting_id if opinion.agenda_item is not None else None
    if meeting_id is not None:
        lock(Meeting, meeting_id)
    _lock(opinion)
    check_action(opinion, Action.ADOPT, user)
    if opinion.agenda_item is not None and opinion.agenda_item.meeting_id != meeting_id:
        raise OpinionError("Cet avis vient d'être inscrit à l'ordre du jour d'une autre réunion : "
                           "rechargez la page.")


def record_vote(opinion: Opinion, user: User, *, text: str, dissent: str = "",
                count: VoteCount | None = None, ballots: dict[int, VoteChoice] | None = None,
                now: datetime | None = None) -> VoteResult:
    """Record the vote the organiser typed: counts, or each present member's vote.

    The meeting, its quorum, who is present and the adoption rule are read here, under the
    meeting's and the avis's locks. Refused when the avis is no longer on the agenda (voted
    meanwhile), before the meeting has started, when the quorum is not reached, when there are
    more votes than present members, when a ballot names someone absent, or when an adopted
    avis with votes against lacks the dissent.
    """
    _lock_for_vote(opinion, user)
    now = now or utcnow()
    setting = vote_setting(opinion, now)
    if ballots is not None:
        if set(ballots) - {member.id for member in setting.present_members}:
            raise OpinionError("Seuls les membres présents à la réunion peuvent voter.")
        count = tally(ballots.values())
    if count is None:
        raise ValueError("record_vote needs counts or ballots")
    present, required = setting.quorum.present, setting.quorum.required
    problems = vote_problems(count, present, required)
    adopted = is_adopted(count, setting.rule)
    if not problems and (problem := dissent_problem(adopted, count, dissent)):
        problems.append(problem)
    if problems:
        raise OpinionError(*problems)
    opinion.text, opinion.dissent_text = text.strip(), dissent.strip()
    opinion.votes_for, opinion.votes_against = count.votes_for, count.against
    opinion.votes_abstain = count.abstain
    opinion.present_count, opinion.quorum_required = present, required
    opinion.vote_meeting_id = setting.meeting.id
    opinion.voted_at, opinion.voted_by_id = now, user.id
    opinion.ballots = [OpinionBallot(member_id=member_id, choice=choice)
                       for member_id, choice in (ballots or {}).items()]
    opinion.status = check_action(opinion, Action.ADOPT if adopted else Action.REJECT, user)
    db.session.flush()
    _audit(user, "opinion.adopt" if adopted else "opinion.reject", opinion)
    return VoteResult(adopted, count)


def transmit(opinion: Opinion, on: date, user: User) -> None:
    """Send the adopted avis to its addressee (a partner, or the préfet)."""
    _lock(opinion)
    after = check_action(opinion, Action.TRANSMIT, user)
    if opinion.adopted_on and on < opinion.adopted_on:
        raise OpinionError("La transmission ne peut pas dater d'avant le vote.")
    opinion.status, opinion.transmitted_on = after, on
    db.session.flush()
    _audit(user, "opinion.transmit", opinion)


def record_answer(opinion: Opinion, text: str, on: date, user: User) -> None:
    """The addressee answered."""
    _lock(opinion)
    after = check_action(opinion, Action.RECORD_ANSWER, user)
    if opinion.transmitted_on and on < opinion.transmitted_on:
        raise OpinionError("La réponse ne peut pas dater d'avant la transmission "
                           f"({opinion.transmitted_on:%d/%m/%Y}).")
    opinion.status, opinion.answer_text, opinion.answered_on = after, text.strip(), on
    db.session.flush()


def new_version(opinion: Opinion, user: User) -> Opinion:
    """A correction of a voted avis: a new draft linked to it (the voted one never changes).

    One correction per avis: the avis is locked, then its correction looked up; the unique
    ``previous_version_id`` is the last guard, and its violation is the same French refusal.
    """
    _lock(opinion)
    check_action(opinion, Action.NEW_VERSION, user)
    if (existing := _next_version_id(opinion)) is not None:
        raise OpinionError(f"Une nouvelle version existe déjà (avis n° {existing}).")
    copy = Opinion(
        kind=opinion.kind, title=opinion.title, subject_project=opinion.subject_project,
        carrier_type=opinion.carrier_type, carrier_name=opinion.carrier_name, text=opinion.text,
        dissent_text="", partner_id=opinion.partner_id, status=OpinionStatus.DRAFT,
        created_by_id=user.id, version=opinion.version + 1, previous_version_id=opinion.id,
        themes=list(opinion.themes), observations=list(opinion.observations))
    try:
        with db.session.begin_nested():
            db.session.add(copy)
            db.session.flush()
    except IntegrityError:
        raise OpinionError("Une nouvelle version de cet avis vient d'être créée : "
                           "rechargez la page pour la retrouver.") from None
    return copy


def _next_version_id(opinion: Opinion) -> int | None:
    """The id of the avis's correction, read from the database (not from a loaded relationship)."""
    return db.session.scalar(select(Opinion.id).where(Opinion.previous_version_id == opinion.id))


def _audit(user: User, action: str, opinion: Opinion) -> None:
    """Leave a trace in the audit log (identifiers only, no personal data)."""
    audit.log(user, action, "opinion", opinion.id)


# What the avis page shows, loaded in a few queries: ``db.get_or_404(Opinion, id, options=PAGE)``.
PAGE = (joinedload(Opinion.partner), selectinload(Opinion.themes), joinedload(Opinion.vote_meeting),
        joinedload(Opinion.agenda_item).joinedload(AgendaItem.meeting),
        selectinload(Opinion.observations).joinedload(Observation.neighbourhood),
        joinedload(Opinion.previous_version), selectinload(Opinion.next_version),
        selectinload(Opinion.ballots).joinedload(OpinionBallot.member))


def _superseded():
    """An avis whose correction was adopted too: the public list shows the newest only."""
    newer = aliased(Opinion)
    return exists().where(newer.previous_version_id == Opinion.id, newer.status.in_(PUBLIC))


def public_page(page: int, per_page: int):
    """Adopted avis for everyone, the latest vote first (by the meeting's date, not the day the
    vote was typed in)."""
    query = (select(Opinion).where(Opinion.status.in_(PUBLIC), ~_superseded())
             .options(joinedload(Opinion.partner), joinedload(Opinion.vote_meeting))
             .outerjoin(Meeting, Meeting.id == Opinion.vote_meeting_id)
             .order_by(func.coalesce(Meeting.starts_at, Opinion.voted_at).desc(), Opinion.id.desc()))
    return db.paginate(query, page=clamp_page(page), per_page=per_page, error_out=False)


def known_projects(limit: int = 30) -> list[str]:
    """The projects avis were already written about, the latest first: suggestions for a new
    avis (any project may be typed)."""
    latest = func.max(Opinion.id)
    return list(db.session.scalars(select(Opinion.subject_project).group_by(Opinion.subject_project)
                                   .order_by(latest.desc()).limit(limit)))


def member_page(status: OpinionStatus | None, page: int, per_page: int):
    """Every avis, drafts included, for members; optionally one status."""
    query = select(Opinion).options(joinedload(Opinion.partner))
    if status is not None:
        query = query.where(Opinion.status == status)
    return db.paginate(query.order_by(Opinion.updated_at.desc(), Opinion.id.desc()),
                       page=clamp_page(page), per_page=per_page, error_out=False)


@dataclass(frozen=True)
class AwaitingAnswer:
    """Something the council transmitted, still without its answer: for how many days, and
    whether that is past the delay (the observations' rule, ``observations.lifecycle.waiting``)."""

    item: Observation | Opinion
    days: int
    overdue: bool


def awaiting_answers(today: date, delay_days: int) -> tuple[list[AwaitingAnswer], list[AwaitingAnswer]]:
    """The observations, then the avis, transmitted and still without an answer, longest
    waiting first."""
    def rows(items) -> list[AwaitingAnswer]:
        waits = [(item, waiting(item.transmitted_on, today, delay_days)) for item in items]
        return [AwaitingAnswer(item, wait.days, wait.overdue) for item, wait in waits]

    return rows(observation_queries.awaiting_answer()), rows(db.session.scalars(
        select(Opinion).where(Opinion.status == OpinionStatus.TRANSMITTED)
        .options(joinedload(Opinion.partner)).order_by(Opinion.transmitted_on, Opinion.id)))


def overdue_answers(today: date, delay_days: int, limit: int) -> tuple[int, list[Opinion]]:
    """Transmitted avis past the answer delay (the observations' rule, ``overdue_before``): how
    many, and the ``limit`` longest waiting with their partner (two statements)."""
    late = (Opinion.status == OpinionStatus.TRANSMITTED) \
        & (Opinion.transmitted_on < overdue_before(today, delay_days))
    count = db.session.scalar(select(func.count(Opinion.id)).where(late))
    rows = list(db.session.scalars(
        select(Opinion).where(late).options(joinedload(Opinion.partner))
        .order_by(Opinion.transmitted_on, Opinion.id).limit(limit)))
    return count, rows
