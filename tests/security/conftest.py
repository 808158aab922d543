"""Fixtures shared by the route-wide security tests."""

from __future__ import annotations

import pytest

from tests.meetings.conftest import make_meeting, make_member  # noqa: F401  (fixtures)

# High limits rather than RATELIMIT_ENABLED = False: Flask-Limiter keeps ``enabled`` on the shared
# limiter object, so disabling it in one test would disable it for the tests that follow.
HIGH_LIMITS = {name: "1000000 per minute" for name in
               ("LOGIN_RATE_LIMIT", "LOGIN_ACCOUNT_RATE_LIMIT", "OBSERVATION_RATE_LIMIT",
                "APPLICATION_RATE_LIMIT")}


@pytest.fixture
def app_config() -> dict:
    """Route-wide tests send many requests from one address: limits out of the way."""
    return dict(HIGH_LIMITS)


@pytest.fixture
def route_objects(app, make_user) -> dict:
    """One of each object the parameterised routes need (as in the access table's ``objects``)."""
    from tests import factories
    from tests.participation_factories import make_observation, make_opinion

    user_id = make_user(email="someone.else@example.org").id
    return {
        "user_id": user_id,
        "application_id": factories.make_application(app),
        "member_id": factories.make_member(app),
        "meeting_id": factories.make_meeting(app),
        "observation_id": make_observation(app, user_id, contact=True),
        "opinion_id": make_opinion(app, user_id),
    }
