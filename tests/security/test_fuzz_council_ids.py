"""Fuzzed ids across councils: with two councils filled, every route that takes an id, for every
role signed in on the second council, given ids drawn from the first council's objects (of every
kind), ids that exist nowhere and edge values, answers exactly as for a missing id and never
shows a word of the first council's objects. The examples are derandomised (the same every run)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from council.database import MAX_ID
from council.extensions import db
from council.tenancy import use_council
from tests.security.test_access_table import ROLES
from tests.security.test_access_table_councils import (
    NOWHERE,
    OBJECT_ROUTES,
    _answer,
    _first_council_state,
    _signed_in_client,
)

EDGES = [0, 1, 2, MAX_ID, MAX_ID + 1, 2**32, 2**63 - 1, 2**63, 10**30, NOWHERE]
SECRETS = ("Zéphyrine", "Secretmembre", "Secretcandidat", "Réunion secrète d'Argentan",
           "Secretpartenaire", "Secretobservation", "Secretavis", "secret.argentan@example.org")


@dataclass
class Councils:
    first_ids: list[int]  # every id of the first council's objects, whatever their kind
    flers: int


@pytest.fixture
def councils(app, runner, make_user, make_application, make_member, make_meeting,
             make_observation, make_opinion) -> Councils:
    """The first council with one object of each kind, named with SECRETS; then Flers, filled
    with the demo data."""
    from council.councils.services import create_council
    from council.reference.models import Partner

    author = make_user(email="secret.argentan@example.org", role="organiser").id
    member = make_member(first_name="Zéphyrine", last_name="Secretmembre")
    ids = [author, member, make_application(last_name="Secretcandidat"),
           make_meeting(title="Réunion secrète d'Argentan", delegate_ids=(member,)),
           make_meeting(days=-1, title="Réunion secrète d'Argentan, hier"),
           make_observation(author, contact=True, description="Secretobservation : le lampadaire."),
           make_opinion(author, title="Secretavis sur le café des parents")]
    with app.app_context():
        partner = Partner(slug="secretpartenaire", name="Secretpartenaire")
        db.session.add(partner)
        db.session.flush()
        ids.append(partner.id)
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"]).id
        db.session.commit()
    result = runner.invoke(args=["demo-data", "--council", "flers"])
    assert result.exit_code == 0, result.output
    return Councils(first_ids=ids, flers=flers)


def _flers_ids(app, flers: int) -> dict[str, set[int]]:
    """By URL parameter, the ids the second council's visitor may rightly reach (its own rows, its
    accounts): they are not drawn."""
    from council.auth.models import CouncilRole
    from council.meetings.models import Meeting
    from council.membership.models import Application, Member
    from council.observations.models import Observation
    from council.opinions.models import Opinion
    from council.reference.models import Partner

    models = {"application_id": Application, "member_id": Member, "meeting_id": Meeting,
              "observation_id": Observation, "opinion_id": Opinion, "partner_id": Partner}
    with app.app_context():  # filtered by hand: the oracle must not lean on the scoping it checks
        use_council(flers)  # (PostgreSQL's row-level security shows no row of no council)
        all_councils = {"all_councils": True}
        theirs = {name: set(db.session.scalars(select(model.id).where(model.council_id == flers)
                                               .execution_options(**all_councils)))
                  for name, model in models.items()}
        theirs["user_id"] = set(db.session.scalars(
            select(CouncilRole.user_id).where(CouncilRole.council_id == flers)
            .execution_options(**all_councils)))
        theirs["council_id"] = {flers}  # the platform's pages: a council is reached by its id
    return theirs


def _ids(councils: Councils, theirs: set[int]) -> st.SearchStrategy[int]:
    """The first council's ids, edge values and any small id — never one of the second's own."""
    return st.one_of(
        st.sampled_from(sorted(councils.first_ids)),
        st.sampled_from(EDGES),
        st.integers(min_value=0, max_value=max(theirs | set(councils.first_ids)) + 20),
    ).filter(lambda value: value not in theirs)


def _path(rule: str, value: int) -> str:
    """The rule with every id set to ``value`` (and the other parameters to a valid word)."""
    path = rule.replace("<any(monter, descendre):direction>", "monter")
    path = path.replace("<any(retirer, retablir):action>", "retirer")
    head, _, tail = path.partition("<int:")
    return f"{head}{value}{tail.partition('>')[2]}"


@pytest.mark.parametrize("role", ROLES)
def test_fuzzed_ids_never_reveal_another_councils_objects(app, councils, role):
    client = _signed_in_client(app, councils.flers, role)
    theirs = _flers_ids(app, councils.flers)
    before = _first_council_state(app)
    missing: dict[tuple, tuple] = {}

    def open_(method: str, rule: str, value: int):
        return client.open(_path(rule, value), method=method, base_url="http://flers.test")

    @settings(max_examples=80, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(route=st.sampled_from(OBJECT_ROUTES), data=st.data())
    def probe(route, data):
        method, rule = route
        kind = rule.partition("<int:")[2].partition(">")[0]
        value = data.draw(_ids(councils, theirs[kind]), label=kind)
        # an id beyond MAX_ID is no such address (the URL converter), whoever asks
        reference = NOWHERE if value <= MAX_ID else MAX_ID + 1
        if (route, reference) not in missing:
            missing[route, reference] = _answer(open_(method, rule, reference))
        response = open_(method, rule, value)
        assert _answer(response) == missing[route, reference], (method, rule, value)
        body = response.get_data(as_text=True)
        assert [secret for secret in SECRETS if secret in body] == [], (method, rule, value)

    probe()
    assert _first_council_state(app) == before
