"""The access table on two councils: every route that takes an object's id, for every role, with
an object of the OTHER council, answers exactly as for an id that exists nowhere (never 200),
and changes nothing. The objects belong to the first council (``conseil.test``); the visitor has
a role in the second (``flers.test``) only."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from council.auth.models import Role
from council.extensions import db
from council.tenancy import use_council
from tests.conftest import PASSWORD
from tests.security.test_access_table import ACCESS, ROLES, _path

OBJECT_ROUTES = [(method, rule) for method, rule, *_ in ACCESS if "<int:" in rule]
NOWHERE = 999_999


@pytest.fixture
def flers(app, route_objects) -> int:
    """A second council, on flers.test, created once the first council's objects exist."""
    from council.councils.services import create_council

    with app.app_context():
        council_id = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"]).id
        db.session.commit()
    return council_id


def _signed_in_client(app, council_id: int, role: str):
    from council.auth.services.accounts import create_user

    client = app.test_client()
    if role == "anonymous":
        return client
    email = f"{role}@flers.example.org"
    with app.app_context():
        use_council(council_id)
        create_user(email, Role(role), PASSWORD)
        db.session.commit()
    response = client.post("/connexion", base_url="http://flers.test",
                           data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _answer(response) -> tuple[int, str | None]:
    location = response.headers.get("Location")
    return response.status_code, urlsplit(location).path if location else None


def _first_council_state(app) -> tuple:
    """What a request could have changed in the first council: every owned table's row count
    and the latest audit entry."""
    from sqlalchemy import func, select

    from council.audit.models import AuditEntry
    from council.councils.services import all_councils
    from council.meetings.models import Attendance
    from council.membership.models import Application, Member
    from council.observations.models import ObservationEvent
    from council.opinions.models import Opinion, OpinionBallot

    with app.app_context():
        use_council(all_councils()[0].id)
        counts = tuple(db.session.scalar(select(func.count()).select_from(model))
                       for model in (Application, Member, Attendance, ObservationEvent, Opinion,
                                     OpinionBallot, AuditEntry))
        statuses = tuple(db.session.scalars(select(Application.status).order_by(Application.id)))
        members = tuple(db.session.scalars(select(Member.status).order_by(Member.id)))
    return counts, statuses, members


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "rule"), OBJECT_ROUTES, ids=lambda value: str(value))
def test_another_councils_object_is_as_good_as_missing(app, route_objects, flers, method, rule,
                                                       role):
    client = _signed_in_client(app, flers, role)
    before = _first_council_state(app)
    foreign = client.open(_path(rule, route_objects), method=method, base_url="http://flers.test")
    missing = client.open(_path(rule, dict.fromkeys(route_objects, NOWHERE)), method=method,
                          base_url="http://flers.test")
    assert _answer(foreign) == _answer(missing)
    assert foreign.status_code != 200
    assert _first_council_state(app) == before
