"""Observations: the queries behind the pages (reads only). Few statements per page, whatever the size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    column,
    false,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import joinedload, selectinload

from council import french
from council.auth.models import User
from council.councils.services import rules
from council.database import BoundedPage, bounded_page, clamp_page, valid_id
from council.extensions import db
from council.meetings.agenda_links import AgendaLink
from council.meetings.models import AgendaItem
from council.membership.models import Member
from council.observations.lifecycle import (
    LISTED,
    ObservationKind,
    ObservationStatus,
    is_overdue,
    overdue_before,
)
from council.observations.models import Observation, ObservationEvent
from council.observations.search import fts5_query, terms, tsquery


def get_observation(observation_id: int) -> Observation | None:
    """One observation with what its page shows, in a few queries."""
    if not valid_id(observation_id):
        return None
    return db.session.scalar(
        select(Observation).where(Observation.id == observation_id).options(
            joinedload(Observation.neighbourhood), joinedload(Observation.pillar),
            joinedload(Observation.partner), selectinload(Observation.axes),
            joinedload(Observation.agenda_item).joinedload(AgendaItem.meeting),
            selectinload(Observation.events).joinedload(ObservationEvent.user),
        ))


def people_names(users: list[User | None]) -> dict[int, str]:
    """How to name each account in a history: « Camille Martin, organisatrice » (the member's
    name and role, agreed), else the role alone (one query)."""
    ids = {user.id for user in users if user is not None}
    people = {row.user_id: row for row in db.session.execute(
        select(Member.user_id, Member.first_name, Member.last_name, Member.gender)
        .where(Member.user_id.in_(ids))).all()} if ids else {}
    names = {}
    for user in users:
        if user is None:
            continue
        person = people.get(user.id)
        gender = person.gender.value if person is not None and person.gender else None
        role = french.role_word(user.role.value, gender)
        full_name = f"{person.first_name} {person.last_name}" if person is not None else None
        names[user.id] = french.name_and_role(full_name, role)
    return names


@dataclass
class Filters:
    """The members' list filters, as typed (None: no filter)."""

    q: str = ""
    status: ObservationStatus | None = None
    kind: ObservationKind | None = None
    neighbourhood_id: int | None = None
    pillar_id: int | None = None
    partner_id: int | None = None
    overdue: bool = False


def answer_delay() -> int:
    """Days a partner has to answer a transmitted observation before it is overdue (a setting)."""
    return rules().observation_answer_delay_days


def overdue(observation: Observation, today: date) -> bool:
    """Whether the observation waits for a partner's answer beyond the delay."""
    return is_overdue(observation.status, observation.transmitted_on, today, answer_delay())


def overdue_ids(observations: Iterable[Observation], today: date) -> set[int]:
    """The ids of those among ``observations`` that are overdue (for a list's badges)."""
    return {observation.id for observation in observations if overdue(observation, today)}


def filtered(filters: Filters, today: date) -> Select:
    """The accepted observations matching the filters, newest first."""
    query = select(Observation).where(Observation.status.in_(LISTED))
    if filters.status is not None:
        query = query.where(Observation.status == filters.status) if filters.status in LISTED \
            else query.where(false())
    for attribute, value in ((Observation.kind, filters.kind),
                             (Observation.neighbourhood_id, filters.neighbourhood_id),
                             (Observation.pillar_id, filters.pillar_id),
                             (Observation.partner_id, filters.partner_id)):
        if value is not None:
            query = query.where(attribute == value)
    if filters.overdue:
        query = query.where(Observation.status == ObservationStatus.TRANSMITTED,
                            Observation.transmitted_on < overdue_before(today, answer_delay()))
    if found := terms(filters.q):
        query = query.where(text_matches(found))
    return query.order_by(Observation.observed_on.desc(), Observation.id.desc())


# The full-text indexes over ``Observation.search_text`` (migration f5a6b7c8d9e0): an FTS5 table
# on SQLite, a GIN index on ``to_tsvector('french_unaccent', search_text)`` on PostgreSQL. The
# expression below must stay the index's, word for word, for PostgreSQL to use it.
SEARCH_CONFIG = literal_column("'french_unaccent'::regconfig")


def text_matches(found) -> ColumnElement[bool]:
    """Observations whose description or place hold every word of ``found`` (``search.terms``),
    through the engine's full-text index; the words are bound parameters, never SQL."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_tsvector(SEARCH_CONFIG, Observation.search_text).bool_op("@@")(
            func.to_tsquery(SEARCH_CONFIG, tsquery(found)))
    matching = text("SELECT rowid FROM observation_fts WHERE observation_fts MATCH :fts") \
        .bindparams(fts=fts5_query(found)).columns(column("rowid", Integer))
    return Observation.id.in_(matching)


def observations_page(filters: Filters, page: int, per_page: int, today: date) -> BoundedPage:
    """One page of the member list: its rows, and a count bounded at ``COUNT_CAP``."""
    return bounded_page(filtered(filters, today), page, per_page, options=(
        joinedload(Observation.neighbourhood), joinedload(Observation.pillar),
        joinedload(Observation.partner)))


def observations_for_export(filters: Filters, today: date) -> list[Observation]:
    """Every observation matching the filters, with what the CSV shows."""
    query = filtered(filters, today).options(
        joinedload(Observation.neighbourhood), joinedload(Observation.pillar),
        joinedload(Observation.partner), selectinload(Observation.axes))
    return list(db.session.scalars(query))


def pending_observations() -> list[Observation]:
    """What residents sent online, waiting for moderation, oldest first."""
    return list(db.session.scalars(
        select(Observation).where(Observation.status == ObservationStatus.PENDING)
        .options(joinedload(Observation.neighbourhood), joinedload(Observation.pillar))
        .order_by(Observation.created_at)))


def pending_count() -> int:
    """How many online observations wait for moderation."""
    return db.session.scalar(select(func.count()).where(Observation.status == ObservationStatus.PENDING))


def published_page(page: int, per_page: int):
    """Published observations for the public site, latest first (no personal data selected)."""
    query = (select(Observation).where(Observation.published_at.is_not(None),
                                       Observation.status.in_(LISTED))
             .options(joinedload(Observation.neighbourhood), joinedload(Observation.pillar),
                      joinedload(Observation.partner))
             .order_by(Observation.published_at.desc()))
    return db.paginate(query, page=clamp_page(page), per_page=per_page, error_out=False)


def awaiting_answer() -> list[Observation]:
    """Transmitted observations still without an answer, longest waiting first."""
    return list(db.session.scalars(
        select(Observation).where(Observation.status == ObservationStatus.TRANSMITTED)
        .options(joinedload(Observation.partner), joinedload(Observation.neighbourhood))
        .order_by(Observation.transmitted_on, Observation.id)))


def statuses_of(observation_ids: list[int]) -> dict[int, ObservationStatus]:
    """The status of each existing observation among ``observation_ids`` (one query)."""
    ids = [i for i in observation_ids if valid_id(i)]
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Observation.id, Observation.status).where(Observation.id.in_(ids))).all())


def moderation_summary() -> tuple[int, datetime | None]:
    """How many online observations wait for moderation, and since when the oldest (one
    statement)."""
    count, oldest = db.session.execute(
        select(func.count(Observation.id), func.min(Observation.created_at))
        .where(Observation.status == ObservationStatus.PENDING)).one()
    return count, oldest


def overdue_answers(today: date, limit: int) -> tuple[int, list[Observation]]:
    """Transmitted observations past the answer delay (OBSERVATION_ANSWER_DELAY_DAYS): how many,
    and the ``limit`` longest waiting with their partner (two statements)."""
    late = (Observation.status == ObservationStatus.TRANSMITTED) \
        & (Observation.transmitted_on < overdue_before(today, answer_delay()))
    count = db.session.scalar(select(func.count(Observation.id)).where(late))
    rows = list(db.session.scalars(
        select(Observation).where(late).options(joinedload(Observation.partner))
        .order_by(Observation.transmitted_on, Observation.id).limit(limit)))
    return count, rows


def on_agenda_items(item_ids: list[int]) -> dict[int, list[AgendaLink]]:
    """The accepted observations put on these agenda points, as links (one statement)."""
    found: dict[int, list[AgendaLink]] = {}
    for observation_id, item_id, kind in db.session.execute(
            select(Observation.id, Observation.agenda_item_id, Observation.kind)
            .where(Observation.agenda_item_id.in_(item_ids), Observation.status.in_(LISTED))
            .order_by(Observation.id)):
        found.setdefault(item_id, []).append(AgendaLink(
            f"Observation n° {observation_id} ({kind.label})", "observations.detail",
            {"observation_id": observation_id}))
    return found
