"""The dashboard's pure rules: how far ahead mandates are watched, how old something is, and
whether the next meeting is likely to reach its quorum. No Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

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


@dataclass(frozen=True)
class QuorumOutlook:
    """What can be said before a meeting about its quorum.

    ``sitting``: members who will sit on its day; ``excused``: those who said they will be away
    (None: the app does not record it ahead); ``required``: present members needed;
    ``recent_present`` / ``recent_sitting``: presences and seats at the last meetings held (0 / 0:
    no history, no estimate)."""

    sitting: int
    required: int
    recent_present: int = 0
    recent_sitting: int = 0
    excused: int | None = None

    @property
    def expected(self) -> int:
        """Members who may come: those sitting, minus those excused when that is known."""
        return self.sitting - (self.excused or 0)

    @property
    def rate(self) -> Fraction | None:
        """Share of sitting members present at recent meetings, None without history."""
        return Fraction(self.recent_present, self.recent_sitting) if self.recent_sitting else None

    @property
    def estimate(self) -> int | None:
        """Members likely present: those who may come times the recent rate (rounded half up)."""
        if self.rate is None:
            return None
        return int(self.expected * self.rate + Fraction(1, 2))

    @property
    def verdict(self) -> str:
        """``impossible`` (even all of them would not make it), ``likely`` (the estimate reaches
        it), ``doubtful`` (the estimate falls short) or ``unknown`` (possible, no history)."""
        if self.expected < self.required:
            return "impossible"
        if self.estimate is None:
            return "unknown"
        return "likely" if self.estimate >= self.required else "doubtful"

    @property
    def likely(self) -> bool:
        return self.verdict == "likely"
