"""Pure mandate rules, as tables: who sat on a given day."""

from datetime import date

import pytest

from council.membership.mandates import mandate_expired, renewal_problem, sat_on

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


@pytest.mark.parametrize(("ends_on", "expected"), [
    (None, False),                   # no end date: never expires
    (date(2026, 11, 26), False),     # ends tomorrow
    (DAY, False),                    # ends today: still running
    (date(2026, 11, 24), True),      # ended yesterday
])
def test_a_mandate_expires_the_day_after_its_end(ends_on, expected):
    assert mandate_expired(ends_on, DAY) is expected


@pytest.mark.parametrize(("new_end", "message"), [
    (date(2028, 11, 25), None),
    (DAY, None),
    (None, "Indiquez la nouvelle date de fin du mandat."),
    (date(2026, 11, 24), "La nouvelle fin du mandat doit être aujourd'hui ou plus tard."),
    (date(2024, 1, 1), "La fin du mandat ne peut pas précéder la date d'entrée."),
])
def test_a_renewal_needs_an_end_from_today_on(new_end, message):
    assert renewal_problem(new_end, date(2025, 1, 15), DAY) == message
