"""What an application asks of each college, and what it keeps once decided: pure rules, no Flask,
no database.

An application needs the birth date only to check the minimum age; once an organiser decides
(acceptance, substitutes list or refusal), the record keeps « avait l'âge minimum le JJ/MM/AAAA »
instead, and the motivation and the time the notice was read leave it too (the decision keeps its
own date). Gender is asked only of the habitants college (parity is counted there only); the home
neighbourhood and address only of residents (a local actor qualifies by where they work). The
same rule holds wherever a person's record is written: the application, the member edit and
add-by-hand forms, the member's own contact form and the roster import (``collected``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from council.eligibility import College, nth_birthday

# The columns an application empties when it is decided.
DROPPED_AT_DECISION = ("birth_date", "motivation", "consented_at")
# The form's fields each college is asked (the others are ignored, even if posted).
RESIDENT_ONLY_FIELDS = ("gender", "home_neighbourhood", "address")


def asks(college: College | None, field: str) -> bool:
    """Whether the application form asks ``field`` of someone applying to ``college`` (``None``:
    not chosen yet, so everything is shown)."""
    return field not in RESIDENT_ONLY_FIELDS or college is not College.LOCAL_ACTOR


def collected(college: College | None, fields: dict) -> dict:
    """``fields`` (a record's columns by name) with every question ``college`` is not asked
    emptied: what is stored of a form, an import line or a record, whatever was given."""
    return {name: value if asks(college, name) else None for name, value in fields.items()}


@dataclass(frozen=True)
class AgeStatement:
    """« Had ``minimum_age`` years on ``checked_on`` »: what is kept of the birth date."""

    checked_on: date
    minimum_age: int

    @property
    def latest_birth_date(self) -> date:
        """The latest birth date the statement allows: someone born that day turned
        ``minimum_age`` on ``checked_on`` at the latest. Re-checking eligibility with it (for a
        substitute promoted later) can only err on the side of « too young »."""
        try:
            latest = self.checked_on.replace(year=self.checked_on.year - self.minimum_age)
        except ValueError:  # 29 February, minimum_age years before is not a leap year
            latest = date(self.checked_on.year - self.minimum_age, 2, 28)
        assert nth_birthday(latest, self.minimum_age) <= self.checked_on
        return latest


def age_statement(birth_date: date | None, on: date, minimum_age: int) -> AgeStatement | None:
    """The statement to keep when deciding on ``on``: None without a birth date, or when the
    person did not have the minimum age that day (nothing true can then be said)."""
    if birth_date is None or nth_birthday(birth_date, minimum_age) > on:
        return None
    return AgeStatement(on, minimum_age)


def kept_at_decision(birth_date: date | None, on: date, minimum_age: int,
                     previous: AgeStatement | None = None) -> dict:
    """The columns to set on an application decided on ``on``: every dropped column emptied, and
    the age statement (or nothing) in place of the birth date. An application decided before (a
    substitute promoted or taken off the list) has no birth date left and keeps ``previous``."""
    statement = previous if birth_date is None else age_statement(birth_date, on, minimum_age)
    changes: dict = dict.fromkeys(DROPPED_AT_DECISION)
    changes["min_age_checked_on"] = statement.checked_on if statement else None
    changes["min_age_in_force"] = statement.minimum_age if statement else None
    return changes
