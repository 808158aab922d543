"""Pure mandate rules, as tables: who sat on a given day."""

from datetime import date

import pytest

from council.membership.mandates import sat_on

DAY = date(2026, 11, 25)


@pytest.mark.parametrize(("joined_on", "left_on", "expected"), [
    (date(2025, 1, 15), None, True),               # sitting since long before
    (DAY, None, True),                             # joined that very day
    (date(2026, 11, 26), None, False),             # joined the day after: not on the sheet
    (date(2025, 1, 15), date(2026, 12, 1), True),  # left since: still on it
    (date(2025, 1, 15), DAY, True),                # left on the day itself: may have sat
    (date(2025, 1, 15), date(2026, 11, 24), False),  # left the day before
])
def test_who_sat_on_a_day(joined_on, left_on, expected):
    assert sat_on(joined_on, left_on, DAY) is expected
