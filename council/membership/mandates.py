"""Pure rules about a member's time on the council: who sat on a given day.

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
