"""Pure rules about a member's time on the council: who sat on a given day, expired mandates.

A meeting's register and quorum use the roster as it was on the meeting's day: a member sat on
``day`` when they joined on or before it and had not left before it (leaving on the day itself
still counts: they may have sat that evening).
"""

from __future__ import annotations

from datetime import date


def sat_on(joined_on: date, left_on: date | None, day: date) -> bool:
    """Whether a member who joined on ``joined_on`` and left on ``left_on`` (None: still sitting)
    sat on ``day``."""
    return joined_on <= day and (left_on is None or left_on >= day)


def mandate_expired(mandate_ends_on: date | None, today: date) -> bool:
    """A mandate is over the day after its end date (no end date: it never expires)."""
    return mandate_ends_on is not None and mandate_ends_on < today


def renewal_problem(new_end: date | None, joined_on: date, today: date) -> str | None:
    """Why a renewal's new end date is refused (French), or None. The new end must be a future
    day (renewing to a past date would leave the mandate expired)."""
    if new_end is None:
        return "Indiquez la nouvelle date de fin du mandat."
    if new_end < joined_on:
        return "La fin du mandat ne peut pas précéder la date d'entrée."
    if new_end < today:
        return "La nouvelle fin du mandat doit être aujourd'hui ou plus tard."
    return None
