"""The agenda points an observation can be put on (reads only). The observations' own reads are in
``services/queries.py``."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from council.database import MAX_ID, utcnow
from council.dates import to_paris
from council.extensions import db
from council.meetings.models import AgendaItem, Meeting


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
    if item_id is None or not 0 < item_id <= MAX_ID:
        return None
    return db.session.scalar(select(AgendaItem).where(AgendaItem.id == item_id)
                             .options(joinedload(AgendaItem.meeting)))
