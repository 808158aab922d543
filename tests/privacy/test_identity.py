"""Finding a person by phone or name for an erasure: the pure rules, then the admin's page, where
several matches are listed and only the one chosen is erased."""

import pytest
from sqlalchemy import func, select

from council.extensions import db
from council.membership.models import Application, Member
from council.privacy.identity import name_matches, normalise_phone
from tests.fixtures.text import page_text


@pytest.mark.parametrize(("typed", "digits"), [
    ("06 12 34 56 78", "0612345678"), ("06.12.34.56.78", "0612345678"),
    ("+33 6 12 34 56 78", "0612345678"), ("0033612345678", "0612345678"),
    ("+33 (0)6 12 34 56 78", "0612345678"),
    ("06 12", None), ("", None), (None, None), ("sarah@example.org", None),
])
def test_phone_numbers_compare_by_their_digits(typed, digits):
    assert normalise_phone(typed) == digits


def test_names_match_by_words_whatever_case_accents_and_order():
    assert name_matches("benali", "Sarah", "Bénali")
    assert name_matches("BENALI sarah", "Sarah", "Benali")
    assert name_matches("Jean Pierre", "Jean-Pierre", "Martin")
    assert not name_matches("Sarah Benali", "Sarah", "Martin")
    assert not name_matches("Ben", "Sarah", "Benali")  # whole words only
    assert not name_matches("  ", "Sarah", "Benali")


@pytest.fixture
def two_benalis(make_member, make_application):
    sarah = make_member(first_name="Sarah", last_name="Benali", phone="06 12 34 56 78",
                        email="sarah@example.org")
    karim = make_member(first_name="Karim", last_name="Bénali", phone="+33 7 00 00 00 01",
                        email="karim@example.org")
    make_application(first_name="Nadia", last_name="Benali", email="nadia@example.org")
    return sarah, karim


def _names(app):
    with app.app_context():
        return sorted(m.last_name for m in db.session.scalars(select(Member)))


def test_a_name_lists_every_match_and_nothing_goes_until_one_is_chosen(app, client, login_as,
                                                                      two_benalis):
    sarah, karim = two_benalis
    login_as("admin")
    page = page_text(client.post("/admin/effacement", data={"name": "benali"}))
    assert "Fiche de membre : Sarah Benali" in page and "Fiche de membre : Karim Bénali" in page
    assert "Candidature : Nadia Benali" in page
    assert _names(app) == ["Benali", "Bénali"]  # the list erased nothing
    # sent without a choice: the list again, nothing erased
    page = page_text(client.post("/admin/effacement", data={"name": "benali", "target": "member:0"}))
    assert "Choisissez une des personnes trouvées" in page
    assert _names(app) == ["Benali", "Bénali"]
    response = client.post("/admin/effacement", data={"name": "benali", "target": f"member:{karim}"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Member, karim).anonymised_at is not None
        assert db.session.get(Member, sarah).last_name == "Benali"  # the other one stays
        assert db.session.scalar(select(func.count()).select_from(Application)) == 1


def test_a_phone_number_finds_the_person_in_any_format(app, client, login_as, two_benalis):
    sarah, _karim = two_benalis
    login_as("admin")
    page = page_text(client.post("/admin/effacement", data={"phone": "+33 6 12 34 56 78"}))
    assert "Sarah Benali" in page and "Karim" not in page and "Nadia" not in page
    client.post("/admin/effacement", data={"phone": "+33 6 12 34 56 78", "target": f"member:{sarah}"})
    with app.app_context():
        assert db.session.get(Member, sarah).phone is None


def test_a_record_outside_the_search_is_never_erased(app, client, login_as, two_benalis):
    """A forged choice (an id the search did not list) is refused: nothing is erased."""
    sarah, karim = two_benalis
    login_as("admin")
    page = page_text(client.post("/admin/effacement", data={"name": "Sarah", "target": f"member:{karim}"}))
    assert "Choisissez une des personnes trouvées" in page
    assert _names(app) == ["Benali", "Bénali"]


def test_a_resident_contact_on_an_observation_is_found_by_phone(app, client, login_as, make_user,
                                                                make_observation):
    from council.observations.models import Observation

    observation_id = make_observation(make_user().id, contact=True)  # Yvette Lanier, 06 12 34 56 78
    login_as("admin")
    page = page_text(client.post("/admin/effacement", data={"phone": "0612345678"}))
    assert "Contact d'habitant·e : Yvette Lanier" in page
    client.post("/admin/effacement", data={"phone": "0612345678", "target": f"observation:{observation_id}"})
    with app.app_context():
        assert db.session.get(Observation, observation_id).resident_contact is None


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Indiquez l'adresse e-mail de la personne, ou son numéro de téléphone ou son nom."),
    ({"phone": "06 12"}, "Ce numéro n'a pas assez de chiffres"),
])
def test_the_search_form_says_what_is_missing(client, login_as, data, message):
    login_as("admin")
    assert message in page_text(client.post("/admin/effacement", data=data))


def test_no_match_says_so(client, login_as):
    login_as("admin")
    assert "Aucune donnée ne correspond" in page_text(client.post("/admin/effacement",
                                                                  data={"name": "Personne"}))
