"""Fixtures shared by the route-wide security tests."""

from __future__ import annotations

import pytest

# High limits rather than RATELIMIT_ENABLED = False: Flask-Limiter keeps ``enabled`` on the shared
# limiter object, so disabling it in one test would disable it for the tests that follow.
HIGH_LIMITS = {name: "1000000 per minute" for name in
               ("LOGIN_RATE_LIMIT", "LOGIN_ACCOUNT_RATE_LIMIT", "OBSERVATION_RATE_LIMIT",
                "APPLICATION_RATE_LIMIT", "APPLICATION_REFUSED_RATE_LIMIT")}


@pytest.fixture
def app_config() -> dict:
    """Route-wide tests send many requests from one address: limits out of the way."""
    return dict(HIGH_LIMITS)


@pytest.fixture
def route_objects(app, make_user, make_application, make_member, make_meeting, make_observation,
                  make_opinion, ids) -> dict:
    """One of each object the parameterised routes need, by the name of the URL parameter that
    takes its id; ``held_meeting_id`` is yesterday's meeting (attendance is taken once started)."""
    user_id = make_user(email="someone.else@example.org").id
    return {
        "user_id": user_id,
        "application_id": make_application(),
        "member_id": make_member(),
        "meeting_id": make_meeting(),
        "held_meeting_id": make_meeting(days=-1),
        "observation_id": make_observation(user_id, contact=True),
        "opinion_id": make_opinion(user_id),
        "partner_id": ids["orne_habitat"],
        "council_id": _first_council_id(app),  # the platform's pages about a council
    }


def _first_council_id(app) -> int:
    from council.councils.services import ensure_council
    from council.extensions import db

    with app.app_context():
        council_id = ensure_council().id
        db.session.commit()
    return council_id
