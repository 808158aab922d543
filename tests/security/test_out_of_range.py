"""Issue 10, finding 8: ids and page numbers out of range are never a server error.

The routes come from ``app.url_map``: a route added later is covered without touching this file.
Every ``int`` URL parameter beyond what a row can hold (2^31 - 1: PostgreSQL's integer; SQLite
fails from 2^63) is a 404 before any query; every page number or id in the query string of every
GET page is clamped or ignored. Run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council.auth.models import Role
from council.database import MAX_ID
from tests.conftest import PASSWORD
from tests.security.test_access_table import PARAMETERS

OUT_OF_RANGE = [MAX_ID + 1, 2**32, 2**63 - 1, 2**63, 2**64, 10**30]
INT_PARAMETER = re.compile(r"<int:\w+>")
QUERY_VALUES = ["0", "-1", "-9223372036854775809", str(2**31), str(2**63), str(10**40), "1e9",
                "abc", "", " 2", "٣", "\x00", "1\x00"]


def _routes(app, with_int: bool):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        if bool(INT_PARAMETER.search(rule.rule)) == with_int:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule.rule


def _sign_in(client, make_user, role: str):
    if role != "anonymous":
        user = make_user(role=Role(role))
        assert client.post("/connexion", data={"email": user.email,
                                               "password": PASSWORD}).status_code == 302


def _fill(rule: str, objects: dict, number: int | None = None) -> str:
    """The rule's path: its int parameters set to ``number`` (the others from real objects)."""
    if number is not None:
        rule = INT_PARAMETER.sub(str(number), rule)
    for placeholder, value in PARAMETERS.items():
        rule = rule.replace(placeholder, value(objects))
    return rule


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_every_id_out_of_range_in_every_route_is_a_404(app, client, make_user, route_objects, role):
    _sign_in(client, make_user, role)
    routes = list(_routes(app, with_int=True))
    assert len(routes) > 30
    for method, rule in routes:
        for number in OUT_OF_RANGE:
            response = client.open(_fill(rule, route_objects, number), method=method)
            assert response.status_code == 404, (method, rule, number)


def test_an_id_just_in_range_is_answered_normally(app, client, make_user, route_objects):
    _sign_in(client, make_user, "admin")
    for method, rule in _routes(app, with_int=True):
        assert client.open(_fill(rule, route_objects, MAX_ID), method=method).status_code < 500, rule


@pytest.mark.parametrize("role", ["anonymous", "member", "admin"])
def test_any_page_number_or_query_id_on_every_page_is_answered(app, client, make_user, route_objects,
                                                              role):
    _sign_in(client, make_user, role)
    pages = [rule for method, rule in _routes(app, with_int=False) if method == "GET"]
    pages += [rule for method, rule in _routes(app, with_int=True) if method == "GET"]
    pages = [p for p in pages if "deconnexion" not in p]

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(rule=st.sampled_from(pages),
           name=st.sampled_from(["page", "observation", "id", "membre", "partner", "neighbourhood",
                                 "pillar", "status", "college", "q"]),
           value=st.one_of(st.sampled_from(QUERY_VALUES),
                           st.integers(min_value=-(2**70), max_value=2**70).map(str)))
    def check(rule, name, value):
        response = client.get(_fill(rule, route_objects), query_string={name: value})
        assert response.status_code < 500, (rule, name, value)

    check()
    for rule in pages:  # and every page with the largest numbers, whatever the draw
        for value in (str(2**63), str(10**40)):
            assert client.get(_fill(rule, route_objects), query_string={"page": value}).status_code < 500
