"""Meetings: create, edit, cancel, minutes; the queries behind the pages, agenda points included
(observations and avis are put on them). Add and flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, func, literal, select, true, union_all
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from council.database import COUNT_CAP, BoundedPage, clamp_page, lock, utcnow, valid_id
from council.dates import to_paris
from council.extensions import db
from council.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    MinutesFormat,
    Visibility,
)
from council.meetings.rules import (
    LONGEST_MEETING,
    Schedule,
    agenda_problem,
    describe_change,
    edit_problem,
    minutes_problem,
    next_sequence,
    publish_problem,
    schedule_problem,
)
from council.membership.models import Member


class MeetingLockedError(Exception):
    """The meeting may no longer be changed this way; the message is French, for the UI."""


class MinutesError(ValueError):
    """The minutes cannot be saved so; the message is French, for the text field."""


@dataclass
class MeetingData:
    """A meeting's editable values, already validated (times are aware instants)."""

    title: str
    kind: MeetingKind
    starts_at: datetime
    ends_at: datetime
    place_name: str
    place_address: str = ""
    description: str = ""
    visibility: Visibility = Visibility.PUBLIC
    # (existing item id or None, title), in order; blank titles are dropped
    agenda: list[tuple[int | None, str]] = field(default_factory=list)
    delegate_ids: list[int] = field(default_factory=list)


def schedule_of(meeting: Meeting) -> Schedule:
    return Schedule(meeting.starts_at, meeting.ends_at, meeting.place_name,
                    meeting.place_address, meeting.is_cancelled)


def create_meeting(data: MeetingData) -> Meeting:
    """A new meeting with its agenda (and delegates, for contract instances)."""
    meeting = Meeting(sequence=0, minutes_text="", minutes_format=MinutesFormat.TEXT)
    _apply(meeting, data)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, data: MeetingData, now: datetime | None = None) -> list[str]:
    """Change a meeting that has not started and is not cancelled; returns what changed in
    time or place (French phrases). SEQUENCE goes up when time or place change."""
    lock(Meeting, meeting.id)
    ensure_editable(meeting, now or utcnow())
    before = schedule_of(meeting)
    _apply(meeting, data)
    after = schedule_of(meeting)
    meeting.sequence = next_sequence(meeting.sequence, before, after)
    meeting.updated_at = utcnow()
    db.session.flush()
    return describe_change(before, after)


def cancel_meeting(meeting: Meeting, reason: str, now: datetime | None = None) -> None:
    """Cancel a meeting that has not started; it stays listed, marked cancelled."""
    now = now or utcnow()
    lock(Meeting, meeting.id)
    ensure_editable(meeting, now)
    before = schedule_of(meeting)
    meeting.cancelled_at = now
    meeting.cancellation_reason = reason.strip()
    meeting.sequence = next_sequence(meeting.sequence, before, schedule_of(meeting))
    meeting.updated_at = utcnow()
    db.session.flush()


def ensure_editable(meeting: Meeting, now: datetime) -> None:
    """Raise MeetingLockedError unless the meeting's details may still change."""
    if problem := edit_problem(meeting.is_cancelled, meeting.starts_at, now):
        raise MeetingLockedError(problem)


def ensure_minutes_open(meeting: Meeting) -> None:
    """Raise MeetingLockedError if the meeting can have no minutes (it is cancelled)."""
    if problem := minutes_problem(meeting.is_cancelled):
        raise MeetingLockedError(problem)


def _apply(meeting: Meeting, data: MeetingData) -> None:
    if problem := schedule_problem(data.starts_at, data.ends_at):
        raise ValueError(problem)  # the form says so first, beside the times
    meeting.title = data.title.strip()
    meeting.kind = data.kind
    meeting.starts_at = data.starts_at
    meeting.ends_at = data.ends_at
    meeting.place_name = data.place_name.strip()
    meeting.place_address = (data.place_address or "").strip()
    meeting.description = (data.description or "").strip()
    meeting.visibility = data.visibility
    _apply_agenda(meeting, data.agenda)
    if data.kind.is_contract_instance and data.delegate_ids:
        meeting.delegates = list(db.session.scalars(
            select(Member).where(Member.id.in_(data.delegate_ids))
        ))
    else:
        meeting.delegates = []


def _apply_agenda(meeting: Meeting, items: list[tuple[int | None, str]]) -> None:
    """Keep the rows whose id comes back (others may point at them), add new ones, drop the
    rest; positions follow the order given."""
    if problem := agenda_problem(title for _id, title in items):
        raise ValueError(problem)  # the form says so first, beside the agenda
    existing = {item.id: item for item in meeting.agenda_items}
    kept: list[AgendaItem] = []
    for item_id, title in items:
        title = title.strip()
        if not title:
            continue
        item = existing.pop(item_id, None) if item_id is not None else None
        if item is None:
            item = AgendaItem(title=title)
        item.title = title
        kept.append(item)
    for position, item in enumerate(kept, start=1):
        item.position = position
    meeting.agenda_items = kept


def save_minutes(meeting: Meeting, text: str, fmt: MinutesFormat, publish: bool | None) -> None:
    """Store the minutes; ``publish`` True publishes them, False withdraws them, None keeps the
    current state. Refused for a cancelled meeting (MeetingLockedError) and, to publish, for a
    blank text (MinutesError)."""
    lock(Meeting, meeting.id)
    ensure_minutes_open(meeting)
    if publish is True and (problem := publish_problem(text)):
        raise MinutesError(problem)
    meeting.minutes_text = text.strip()
    meeting.minutes_format = fmt
    if publish is True and not meeting.minutes_published:
        meeting.minutes_published_at = utcnow()
    elif publish is False:
        meeting.minutes_published_at = None
    meeting.updated_at = utcnow()
    db.session.flush()


# What a meeting's page and forms show, loaded with it: three queries, whatever their size.
# Views load with ``db.get_or_404(Meeting, meeting_id, options=AGENDA_AND_DELEGATES)``.
AGENDA_AND_DELEGATES = (selectinload(Meeting.agenda_items), selectinload(Meeting.delegates))


def get_meeting(meeting_id: int) -> Meeting | None:
    """One meeting with its agenda and delegates, or None."""
    return db.session.get(Meeting, meeting_id, options=AGENDA_AND_DELEGATES)


def meetings_page(include_members_only: bool, page: int, per_page: int,
                  now: datetime | None = None) -> BoundedPage:
    """Upcoming meetings (soonest first), then past ones (latest first), one page of them, and a
    count bounded at ``COUNT_CAP``.

    Two index-ordered reads in one statement, each stopping at the end of the page: the upcoming
    ones by their start ascending, the past ones by their start descending (index
    ``ix_meeting_council_starts_at``), instead of one sort of every meeting of the council.
    """
    now = now or utcnow()
    page = clamp_page(page)
    enough = page * per_page + 1  # each part can fill the pages up to this one, and one more row
    visible = true() if include_members_only else Meeting.visibility == Visibility.PUBLIC
    # A meeting not over started less than LONGEST_MEETING ago; an over one started before now:
    # the redundant bounds on the start let the index seek instead of reading the whole history.
    upcoming = (select(Meeting, literal(0).label("part"))
                .where(visible, Meeting.ends_at > now, Meeting.starts_at > now - LONGEST_MEETING)
                .order_by(Meeting.starts_at, Meeting.id).limit(enough).subquery())
    past = (select(Meeting, literal(1).label("part"))
            .where(visible, Meeting.ends_at <= now, Meeting.starts_at < now)
            .order_by(Meeting.starts_at.desc(), Meeting.id).limit(enough).subquery())
    both = union_all(select(upcoming), select(past)).subquery()
    listed = aliased(Meeting, both)  # the rows come from the two parts: no other read of meeting
    rows = list(db.session.scalars(
        select(listed)
        .order_by(both.c.part, case((both.c.part == 0, both.c.starts_at)).asc(),
                  both.c.starts_at.desc(), both.c.id)
        .limit(per_page + 1).offset((page - 1) * per_page)))
    found = db.session.scalar(select(func.count()).select_from(
        select(Meeting.id).where(visible).limit(COUNT_CAP + 1).subquery()))
    return BoundedPage(items=rows[:per_page], page=page, per_page=per_page,
                       total=min(found, COUNT_CAP), more=found > COUNT_CAP,
                       has_next=len(rows) > per_page)


def agenda_label(item: AgendaItem) -> str:
    """« 12/12/2026 — Assemblée plénière — point 2 : Observations des habitants »."""
    day = to_paris(item.meeting.starts_at).strftime("%d/%m/%Y")
    return f"{day} — {item.meeting.title} — point {item.position} : {item.title}"


def schedulable_items(now: datetime | None = None, days_back: int = 30) -> list[AgendaItem]:
    """Agenda points of meetings not cancelled, from ``days_back`` days ago on, soonest first."""
    since = (now or utcnow()) - timedelta(days=days_back)
    return list(db.session.scalars(
        select(AgendaItem).join(AgendaItem.meeting)
        .where(Meeting.cancelled_at.is_(None), Meeting.ends_at >= since)
        .options(contains_eager(AgendaItem.meeting))
        .order_by(Meeting.starts_at, AgendaItem.position).limit(200)))


def get_agenda_item(item_id: int | None) -> AgendaItem | None:
    """One agenda point with its meeting, or None."""
    if not valid_id(item_id):
        return None
    return db.session.scalar(select(AgendaItem).where(AgendaItem.id == item_id)
                             .options(joinedload(AgendaItem.meeting)))


def next_meeting(now: datetime | None = None) -> Meeting | None:
    """The meeting under way or coming next (not cancelled), with its agenda, or None."""
    return db.session.scalar(
        select(Meeting).where(Meeting.cancelled_at.is_(None), Meeting.ends_at > (now or utcnow()))
        .options(selectinload(Meeting.agenda_items))
        .order_by(Meeting.starts_at, Meeting.id).limit(1))


def open_meetings(now: datetime | None = None, limit: int = 30) -> list[Meeting]:
    """Meetings whose agenda may still change (not started, not cancelled), soonest first: where
    a new agenda point can be added."""
    return list(db.session.scalars(
        select(Meeting).where(Meeting.cancelled_at.is_(None), Meeting.starts_at > (now or utcnow()))
        .order_by(Meeting.starts_at, Meeting.id).limit(limit)))


def add_agenda_point(meeting: Meeting, title: str, now: datetime | None = None) -> AgendaItem:
    """Add a point at the end of an editable meeting's agenda (an observation or an avis is put
    there from its own page). Refused (MeetingLockedError) once started or cancelled, and past
    MAX_AGENDA_POINTS (ValueError, French)."""
    lock(Meeting, meeting.id)
    ensure_editable(meeting, now or utcnow())
    titles = [item.title for item in meeting.agenda_items] + [title]
    if problem := agenda_problem(titles):
        raise ValueError(problem)
    item = AgendaItem(title=title.strip()[:300], position=len(meeting.agenda_items) + 1)
    meeting.agenda_items.append(item)
    meeting.updated_at = utcnow()
    db.session.flush()
    return item
