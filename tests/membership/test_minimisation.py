"""What an application asks of each college and keeps once decided: the pure rules."""

from datetime import date, timedelta

import pytest

from council.eligibility import Applicant, College, Reason, check, nth_birthday
from council.membership.minimisation import (
    DROPPED_AT_DECISION,
    AgeStatement,
    age_statement,
    asks,
    kept_at_decision,
)


@pytest.mark.parametrize(("college", "field", "asked"), [
    (College.RESIDENT, "gender", True),
    (College.RESIDENT, "home_neighbourhood", True),
    (College.RESIDENT, "address", True),
    (College.LOCAL_ACTOR, "gender", False),  # parity is counted among residents only
    (College.LOCAL_ACTOR, "home_neighbourhood", False),  # a local actor qualifies by their work
    (College.LOCAL_ACTOR, "address", False),
    (College.LOCAL_ACTOR, "birth_date", True),
    (College.LOCAL_ACTOR, "structure_name", True),
    (None, "gender", True),  # no college chosen yet: everything is shown
])
def test_what_each_college_is_asked(college, field, asked):
    assert asks(college, field) is asked


@pytest.mark.parametrize(("birth_date", "on", "statement"), [
    (date(2010, 3, 10), date(2026, 3, 10), AgeStatement(date(2026, 3, 10), 16)),  # 16 that day
    (date(2010, 3, 11), date(2026, 3, 10), None),  # 16 the next day: nothing true to say
    (date(1990, 5, 17), date(2026, 3, 10), AgeStatement(date(2026, 3, 10), 16)),
    (None, date(2026, 3, 10), None),
])
def test_the_age_statement_is_kept_only_when_true(birth_date, on, statement):
    assert age_statement(birth_date, on, 16) == statement


def test_a_decision_empties_birth_date_motivation_and_notice_time_and_keeps_the_statement():
    changes = kept_at_decision(date(2009, 1, 2), date(2026, 12, 3), 16)
    assert changes == {"birth_date": None, "motivation": None, "consented_at": None,
                       "min_age_checked_on": date(2026, 12, 3), "min_age_in_force": 16}
    assert set(DROPPED_AT_DECISION) == {"birth_date", "motivation", "consented_at"}


def test_a_second_decision_keeps_the_first_statement():
    """A substitute promoted or taken off the list has no birth date left."""
    first = AgeStatement(date(2026, 1, 5), 16)
    changes = kept_at_decision(None, date(2026, 12, 3), 18, previous=first)
    assert (changes["min_age_checked_on"], changes["min_age_in_force"]) == (date(2026, 1, 5), 16)
    assert changes["birth_date"] is None


@pytest.mark.parametrize(("checked_on", "years", "latest"), [
    (date(2026, 12, 3), 16, date(2010, 12, 3)),
    (date(2024, 2, 29), 16, date(2008, 2, 29)),  # leap year to leap year
    (date(2024, 2, 29), 17, date(2007, 2, 28)),  # 29 February 2007 does not exist
    (date(2026, 3, 1), 16, date(2010, 3, 1)),
])
def test_the_latest_birth_date_a_statement_allows(checked_on, years, latest):
    assert AgeStatement(checked_on, years).latest_birth_date == latest


@pytest.mark.parametrize("checked_on", [date(2024, 2, 29), date(2025, 3, 1), date(2026, 12, 31)])
@pytest.mark.parametrize("years", [15, 16, 17, 18])
def test_the_latest_birth_date_is_exact(checked_on, years):
    latest = AgeStatement(checked_on, years).latest_birth_date
    assert nth_birthday(latest, years) <= checked_on
    assert nth_birthday(latest + timedelta(days=1), years) > checked_on


def _recheck(statement: AgeStatement, today: date, minimum_age: int) -> tuple[Reason, ...]:
    applicant = Applicant(statement.latest_birth_date, College.RESIDENT, "les-provinces")
    return check(applicant, today=today, neighbourhoods=["les-provinces"],
                 minimum_age=minimum_age).reasons


def test_rechecking_a_decided_application_with_its_statement():
    """A substitute promoted later: with the same (or a lower) minimum age the statement proves
    the age; a higher one is proved only once enough years have passed."""
    statement = AgeStatement(date(2026, 1, 5), 16)
    assert _recheck(statement, date(2026, 1, 5), 16) == ()
    assert _recheck(statement, date(2026, 6, 1), 15) == ()
    assert _recheck(statement, date(2026, 6, 1), 18) == (Reason.TOO_YOUNG,)
    assert _recheck(statement, date(2028, 1, 5), 18) == ()
