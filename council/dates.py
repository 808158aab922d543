"""French date formatting in Europe/Paris time (« mardi 3 décembre 2026 à 18 h 30 »). No Flask."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

PARIS = ZoneInfo("Europe/Paris")


def today() -> date:
    """Today's date in Paris: the council's calendar day (not the server's zone, not UTC)."""
    return datetime.now(PARIS).date()


def to_paris(moment: datetime) -> datetime:
    """The same instant, in Paris local time. Naive datetimes are refused as ambiguous."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place in the app: give it a time zone")
    return moment.astimezone(PARIS)


def format_day(value: date | datetime) -> str:
    """« mardi 3 décembre 2026 »."""
    if isinstance(value, datetime):
        value = to_paris(value).date()
    return format_date(value, "EEEE d MMMM y", locale="fr")


def format_clock(moment: datetime) -> str:
    """« 18 h 30 » (French typographic convention)."""
    local = to_paris(moment)
    return f"{local.hour} h {local.minute:02d}"


def format_moment(moment: datetime) -> str:
    """« mardi 3 décembre 2026 à 18 h 30 »."""
    return f"{format_day(moment)} à {format_clock(moment)}"


def format_span(start: datetime, end: datetime) -> str:
    """« mardi 3 décembre 2026, 18 h 30 – 20 h 00 » (both days named when they differ)."""
    if to_paris(start).date() == to_paris(end).date():
        return f"{format_day(start)}, {format_clock(start)} – {format_clock(end)}"
    return f"{format_moment(start)} – {format_moment(end)}"
