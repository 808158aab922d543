"""A resident sends an observation at /observations/nouvelle: no account, consent, honeypot, rate limit."""

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from council.extensions import db
from council.observations.lifecycle import ObservationOrigin, ObservationStatus
from council.observations.models import Observation
from tests.fixtures.text import page_text
from tests.fuzzing import assert_form_survives, nasty_date, nasty_text


def _form(ids, **overrides):
    data = {"kind": "dysfunction", "neighbourhood": str(ids["provinces"]),
            "description": "Les jeux du square sont cassés depuis un mois.", "place": "Square des Provinces"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _observations(app) -> list[Observation]:
    with app.app_context():
        return list(db.session.scalars(select(Observation)))


def test_the_form_speaks_plain_french_and_needs_no_account(client):
    html = client.get("/observations/nouvelle").get_data(as_text=True)
    for words in ["Faire une observation", "Pas besoin de compte", "Une idée pour le quartier",
                  "Un problème à signaler", "Racontez-nous", "Vous pouvez rester anonyme",
                  "Envoyer mon observation", 'name="website"']:
        assert words in html, words


def test_an_anonymous_observation_waits_for_moderation(app, client, ids):
    response = client.post("/observations/nouvelle", data=_form(ids))
    assert response.status_code == 302 and response.location == "/observations/merci"
    [observation] = _observations(app)
    assert observation.status is ObservationStatus.PENDING
    assert observation.origin is ObservationOrigin.ONLINE
    assert observation.resident_name is None and observation.resident_contact is None
    assert observation.contact_consent_at is None and observation.logged_by_id is None
    assert observation.pillar_id is None  # « je ne sais pas »: the organiser chooses when accepting
    thanks = client.get("/observations/merci").get_data(as_text=True)
    assert "Merci pour votre observation" in thanks


def test_a_contact_is_kept_with_the_consent_and_its_moment(app, client, ids):
    client.post("/observations/nouvelle", data=_form(
        ids, resident_name="Yvette Lanier", resident_contact="06 12 34 56 78", contact_consent="y",
        old_enough="y", pillar=str(ids["cadre_de_vie"]), axes=[str(ids["jeunesse"])],
        observed_on="2026-01-15"))
    [observation] = _observations(app)
    assert (observation.resident_name, observation.resident_contact) == ("Yvette Lanier", "06 12 34 56 78")
    assert observation.contact_consent_at is not None
    assert observation.pillar_id == ids["cadre_de_vie"]
    with app.app_context():
        axes = db.session.get(Observation, observation.id).axes
        assert [axis.slug for axis in axes] == ["jeunesse"]


def test_a_contact_without_consent_is_refused_and_nothing_saved(app, client, ids):
    response = client.post("/observations/nouvelle", data=_form(
        ids, resident_name="Yvette Lanier", resident_contact="06 12 34 56 78"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cochez cette case pour que nous gardions votre contact" in html
    assert 'value="06 12 34 56 78"' in html and "Les jeux du square sont cassés" in html
    assert 'value="None"' not in html  # « je ne sais pas » round-trips as an empty value
    assert _observations(app) == []
    response = client.post("/observations/nouvelle", data=_form(ids, pillar=""))
    assert response.status_code == 302 and _observations(app)[0].pillar_id is None


def test_under_15_the_contact_is_not_kept_and_the_form_says_why(app, client, ids):
    """The consent box alone is not enough: the resident says they are 15 or older first."""
    response = client.post("/observations/nouvelle", data=_form(
        ids, resident_name="Léo", resident_contact="06 12 34 56 78", contact_consent="y"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Nous gardons le nom et le contact seulement des personnes de 15 ans ou plus" in text
    assert _observations(app) == []
    assert 'value="06 12 34 56 78"' in response.get_data(as_text=True)  # what was typed stays
    # without name or contact the same child's observation is taken, anonymous
    assert client.post("/observations/nouvelle", data=_form(ids)).status_code == 302
    assert _observations(app)[0].resident_contact is None


@pytest.mark.parametrize(("overrides", "message"), [
    ({"kind": None}, "Choisissez : une idée ou un problème."),
    ({"neighbourhood": None}, "Choisissez le quartier."),
    ({"neighbourhood": "999"}, "Choisissez le quartier."),
    ({"description": "  "}, "Écrivez quelques mots"),
    ({"observed_on": "2999-01-01"}, "Cette date est dans le futur."),
    ({"observed_on": "31/02/2026"}, "pas une date valide"),
    ({"resident_contact": "06 12", "contact_consent": "y"}, "ni un numéro de téléphone"),
    ({"description": "x" * 4001}, "4 000 caractères au plus"),
])
def test_each_mistake_gets_a_french_message_beside_its_field(app, client, ids, overrides, message):
    response = client.post("/observations/nouvelle", data=_form(ids, **overrides))
    assert response.status_code == 200
    assert message in page_text(response)
    assert _observations(app) == []


def test_a_robot_filling_the_honeypot_is_thanked_and_forgotten(app, client, ids):
    response = client.post("/observations/nouvelle", data=_form(ids, website="http://spam.example"))
    assert response.status_code == 302 and response.location == "/observations/merci"
    assert _observations(app) == []


@pytest.mark.parametrize("app_config", [{"OBSERVATION_RATE_LIMIT": "2 per hour"}])
def test_sending_is_rate_limited_per_address(app, client, ids, app_config):
    for _ in range(2):
        assert client.post("/observations/nouvelle", data=_form(ids)).status_code == 302
    response = client.post("/observations/nouvelle", data=_form(ids))
    assert response.status_code == 429 and "Trop de tentatives" in response.get_data(as_text=True)
    assert client.get("/observations/nouvelle").status_code == 200  # reading is never limited
    other = app.test_client()
    assert other.post("/observations/nouvelle", data=_form(ids),
                      environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": False}])
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(description=nasty_text(), place=nasty_text(), name=nasty_text(60), contact=nasty_text(60),
       observed_on=nasty_date())
def test_odd_input_never_breaks_the_form(app, ids, app_config, description, place, name, contact,
                                         observed_on):
    client = app.test_client()
    data = _form(ids, description=description, place=place, resident_name=name,
                 resident_contact=contact, observed_on=observed_on, contact_consent="y",
                 old_enough="y")
    response = client.post("/observations/nouvelle", data=data)
    assert response.status_code in (200, 302)
    assert_form_survives(response, {"description": description, "place": place})
    with app.app_context():
        saved = db.session.scalar(select(func.count()).select_from(Observation))
        assert saved == (1 if response.status_code == 302 else 0)  # all or nothing
        db.session.query(Observation).delete()
        db.session.commit()
