"""Fixtures the security tests borrow from the areas they probe."""

from tests.meetings.conftest import make_meeting, make_member  # noqa: F401  (fixtures)
