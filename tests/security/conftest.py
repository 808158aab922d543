"""Fixtures shared by the route-wide security tests."""

from __future__ import annotations

import pytest


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
