"""Collect less wherever a member's record is written (issue 13's rule, ``minimisation.asks``):
the member edit form, the add-by-hand form, the member's own contact form and the roster import
keep neither gender nor address for a local actor, even when they are posted or in the file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from council.eligibility import College
from council.extensions import db
from council.membership.importing import Roster, plan
from council.membership.minimisation import collected
from council.membership.models import Gender, Member
from council.membership.services.importing import import_lines, plan_file
from council.membership.spreadsheet import read_table
from tests.fixtures.text import page_text
from tests.membership.test_add_member import add_form

PROVINCES = [("les-provinces", "Les Provinces")]


def _member(app, member_id=None) -> Member:
    with app.app_context():
        if member_id is None:
            return db.session.scalar(select(Member).order_by(Member.id.desc()).limit(1))
        return db.session.get(Member, member_id)


def edit_form(**overrides) -> dict:
    """A local actor's record as the edit form posts it, gender and address filled in."""
    return {"first_name": "Karim", "last_name": "Benali", "email": "karim@example.org",
            "college": "local_actor", "neighbourhood": "les-provinces", "actor_category": "artisan",
            "structure_name": "Atelier Benali", "gender": "male", "address": "3 rue Haute",
            "joined_on": "15/01/2025", **overrides}


@pytest.mark.parametrize("college, kept", [
    (College.RESIDENT, {"gender": Gender.MALE, "address": "3 rue Haute", "phone": "06"}),
    (College.LOCAL_ACTOR, {"gender": None, "address": None, "phone": "06"}),
    (None, {"gender": Gender.MALE, "address": "3 rue Haute", "phone": "06"}),
])
def test_collected_empties_what_the_college_is_not_asked(college, kept):
    fields = {"gender": Gender.MALE, "address": "3 rue Haute", "phone": "06"}
    assert collected(college, fields) == kept


def test_the_edit_form_keeps_no_gender_nor_address_for_a_local_actor(app, client, login_as,
                                                                     make_member):
    member_id = make_member()  # a resident with gender and address
    login_as("organiser")
    assert client.post(f"/membres/{member_id}/modifier", data=edit_form()).status_code == 302
    member = _member(app, member_id)
    assert member.college is College.LOCAL_ACTOR and member.structure_name == "Atelier Benali"
    assert member.gender is None and member.address is None


def test_the_edit_form_ignores_nonsense_in_the_questions_a_local_actor_is_not_asked(
        app, client, login_as, make_member):
    """Without JavaScript the fields stay on the page: whatever is left there is not checked."""
    member_id = make_member(college=College.LOCAL_ACTOR)
    login_as("organiser")
    response = client.post(f"/membres/{member_id}/modifier",
                           data=edit_form(gender="robot", address="x" * 400))
    assert response.status_code == 302
    member = _member(app, member_id)
    assert member.gender is None and member.address is None


def test_the_edit_form_still_keeps_a_residents_gender_and_address(app, client, login_as, make_member):
    member_id = make_member(college=College.LOCAL_ACTOR, gender=None, address=None)
    login_as("organiser")
    data = edit_form(college="resident", gender="female", address="  5 place du Marché ")
    assert client.post(f"/membres/{member_id}/modifier", data=data).status_code == 302
    member = _member(app, member_id)
    assert member.gender is Gender.FEMALE and member.address == "5 place du Marché"
    html = client.post(f"/membres/{member_id}/modifier",
                       data=edit_form(college="resident", gender="robot")).get_data(as_text=True)
    assert "Choisissez l'une des options proposées." in page_text(html)  # a resident's is checked


def test_adding_a_local_actor_by_hand_keeps_no_gender_nor_address(app, client, login_as):
    login_as("organiser")
    data = add_form(college="local_actor", actor_category="artisan", structure_name="Atelier",
                    gender="male", address="3 rue de Provence, 61200 Argentan")
    assert client.post("/membres/ajouter", data=data).status_code == 302
    member = _member(app)
    assert member.college is College.LOCAL_ACTOR and member.structure_name == "Atelier"
    assert member.gender is None and member.address is None


def test_adding_a_local_actor_ignores_nonsense_in_the_hidden_questions(app, client, login_as):
    login_as("organiser")
    data = add_form(college="local_actor", actor_category="artisan", gender="robot", address="x" * 400)
    assert client.post("/membres/ajouter", data=data).status_code == 302
    assert _member(app).gender is None


def test_adding_a_resident_by_hand_keeps_gender_and_address(app, client, login_as):
    login_as("organiser")
    assert client.post("/membres/ajouter", data=add_form()).status_code == 302
    member = _member(app)
    assert member.gender is Gender.MALE and member.address == "3 rue de Provence, 61200 Argentan"


@pytest.mark.parametrize("path", ["/membres/ajouter", "/membres/{m}/modifier"])
def test_the_forms_mark_the_residents_questions_and_say_why(client, login_as, make_member, path):
    member_id = make_member()
    login_as("organiser")
    html = client.get(path.format(m=member_id)).get_data(as_text=True)
    [_, marked] = html.split('data-only-college="resident"')
    marked = marked.split('name="neighbourhood"')[0]  # the block sits between college and neighbourhood
    assert 'name="gender"' in marked and 'name="address"' in marked
    assert "js/college.js" in html and "<script>" not in html
    assert page_text(html).count("Seulement pour le collège des habitants") == 2


def test_a_local_actor_member_is_not_asked_an_address_on_their_profile(app, client, login_as,
                                                                       make_member):
    account = login_as("member", email="karim@example.org")
    member_id = make_member(college=College.LOCAL_ACTOR, user_id=account.id)  # an old record
    assert 'name="address"' not in client.get("/profil").get_data(as_text=True)
    response = client.post("/profil", data={"phone": "06 12 34 56 78", "address": "x" * 400})
    assert response.status_code == 302
    member = _member(app, member_id)
    assert member.phone == "06 12 34 56 78" and member.address is None


def test_a_resident_member_still_gives_an_address_on_their_profile(app, client, login_as, make_member):
    member_id = make_member(user_id=login_as("member", email="zoe@example.org").id)
    assert 'name="address"' in client.get("/profil").get_data(as_text=True)
    assert client.post("/profil", data={"phone": "", "address": "9 rue Neuve"}).status_code == 302
    assert _member(app, member_id).address == "9 rue Neuve"


IMPORTED = ("Nom;Prénom;Collège;Quartier;Activité;Adresse;Genre;Date d'entrée\r\n"
            "Benali;Karim;acteurs locaux;Les Provinces;artisan;3 rue Haute;homme;01/09/2024\r\n"
            "Lefèvre;Zoé;habitants;Les Provinces;;5 rue Basse;femme;01/09/2024\r\n").encode()


def test_an_import_line_of_a_local_actor_plans_no_gender_nor_address_and_says_so():
    table = read_table(IMPORTED, max_bytes=10_000)
    actor, resident = plan(table, Roster(neighbourhoods=PROVINCES, today=date(2026, 1, 1))).lines
    assert actor.importable and actor.member.gender is None and actor.member.address is None
    assert actor.warnings[0] == ("Non gardé pour un acteur local (demandé seulement au collège des "
                                 "habitants) : adresse, genre.")
    assert resident.member.gender is Gender.FEMALE and resident.member.address == "5 rue Basse"
    assert not resident.warnings


def test_the_import_stores_no_gender_nor_address_for_a_local_actor(app):
    with app.app_context():
        import_lines(plan_file(IMPORTED, for_import=True), None)
        db.session.commit()
        stored = {m.last_name: m for m in db.session.scalars(select(Member))}
        assert (stored["Benali"].gender, stored["Benali"].address) == (None, None)
        assert (stored["Lefèvre"].gender, stored["Lefèvre"].address) == (Gender.FEMALE, "5 rue Basse")
