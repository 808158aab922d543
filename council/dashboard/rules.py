"""The dashboard's pure rules: how far ahead mandates are watched, how old something is, and
whether the next meeting is likely to reach its quorum (``meetings.rules.QuorumOutlook``). No
Flask, no database."""

from __future__ import annotations

from datetime import date, timedelta

from council.meetings.rules import QuorumOutlook  # noqa: F401 (the outlook lives beside the quorum)
from council.membership.mandates import mandate_expired

MANDATE_NOTICE_DAYS = 60  # mandates ending within this many days are shown with the ended ones


def mandate_horizon(today: date, days: int = MANDATE_NOTICE_DAYS) -> date:
    """The last end date shown: mandates ending on or before it (and those already ended)."""
    return today + timedelta(days=days)


def mandate_state(ends_on: date, today: date) -> str:
    """« terminé » once the end date has passed (``mandates.mandate_expired``), else « se termine »."""
    return "ended" if mandate_expired(ends_on, today) else "ending"


def age_in_days(since: date, today: date) -> int:
    """Whole days from ``since`` to ``today`` (0 on the same day, never negative)."""
    return max(0, (today - since).days)


def ago(days: int) -> str:
    """« aujourd'hui », « hier », « il y a 12 jours »."""
    return {0: "aujourd'hui", 1: "hier"}.get(days, f"il y a {days} jours")
