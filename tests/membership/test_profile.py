"""A member's own page at /profil: contact details, password, resignation."""

import re

import pytest
from sqlalchemy import select

from council.audit.models import AuditEntry
from council.auth.models import Role, User
from council.auth.views.sign_in import LOGIN_FAILED
from council.extensions import db
from council.membership.models import Member, MemberStatus
from council.membership.services.notifications import SUBJECT_RESIGNATION
from tests.conftest import PASSWORD
from tests.fixtures.text import page_text


@pytest.fixture
def member_account(client, make_user, make_member):
    """A member with an account, signed in; returns (user id, member id)."""
    user = make_user(email="moi@example.org")
    member_id = make_member(first_name="Sofia", last_name="Rossi", email="moi@example.org",
                            user_id=user.id, phone="06 00 00 00 01")
    response = client.post("/connexion", data={"email": "moi@example.org", "password": PASSWORD})
    assert response.status_code == 302
    return user.id, member_id


def test_the_profile_needs_a_signed_in_account(client):
    assert client.get("/profil").headers["Location"].startswith("/connexion")
    assert client.post("/profil/mot-de-passe").headers["Location"].startswith("/connexion")
    assert client.get("/profil/demission").headers["Location"].startswith("/connexion")


def test_a_member_sees_their_record(client, member_account):
    html = client.get("/profil").get_data(as_text=True)
    assert "Sofia Rossi" in html and "Collège des habitants" in html
    assert 'value="06 00 00 00 01"' in html and "Démissionner" in html


def test_a_member_edits_their_phone_and_address(app, client, member_account):
    user_id, member_id = member_account
    html = client.post("/profil", data={"phone": "06 99"}).get_data(as_text=True)
    assert "Indiquez un numéro de téléphone" in html and 'value="06 99"' in html
    response = client.post("/profil", data={"email": "autre@example.org", "phone": "07 12 34 56 78",
                                            "address": "4 rue de Normandie"})
    assert response.status_code == 302
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert (member.email, member.phone, member.address) == (
            "moi@example.org", "07 12 34 56 78", "4 rue de Normandie")  # the e-mail needs a link
        assert db.session.get(User, user_id).email == "moi@example.org"


def test_changing_the_password_checks_the_current_one_and_keeps_this_session(app, client, member_account):
    html = client.post("/profil/mot-de-passe", data={
        "current": "wrong one", "password": "nouvelle phrase secrète", "confirm": "nouvelle phrase secrète"}
    ).get_data(as_text=True)
    assert "Le mot de passe actuel n'est pas le bon." in page_text(html)
    html = client.post("/profil/mot-de-passe", data={"current": PASSWORD, "password": "court",
                                                     "confirm": "court"}).get_data(as_text=True)
    assert "doit faire au moins 17 caractères" in page_text(html)
    response = client.post("/profil/mot-de-passe", data={
        "current": PASSWORD, "password": "nouvelle phrase secrète", "confirm": "nouvelle phrase secrète"})
    assert response.status_code == 302
    assert "Mon profil" in client.get("/profil").get_data(as_text=True)  # still signed in
    client.post("/deconnexion")
    assert client.post("/connexion", data={"email": "moi@example.org",
                                           "password": "nouvelle phrase secrète"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action)) == "user.change_password"


def test_an_organiser_without_a_roster_record_changes_only_the_password(client, login_as):
    login_as("organiser", email="orga@example.org")
    html = client.get("/profil").get_data(as_text=True)
    assert "orga@example.org" in html and "Changer mon mot de passe" in html
    assert "Mes coordonnées" not in html and "Démissionner" not in html
    response = client.get("/profil/demission", follow_redirects=True)
    assert "Vous n'êtes pas membre actif du conseil." in page_text(response)


def test_a_member_resigns_and_is_signed_out(app, client, member_account):
    user_id, member_id = member_account
    html = client.post("/profil/demission", data={"reason": "Plus le temps"}).get_data(as_text=True)
    assert "Cochez cette case pour confirmer votre démission." in html
    response = client.post("/profil/demission", data={"reason": "Plus le temps", "confirm": "y"},
                           follow_redirects=True)
    assert "Votre démission est enregistrée." in response.get_data(as_text=True)
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert member.status is MemberStatus.RESIGNED and member.status_reason == "Plus le temps"
        assert member.status_changed_on is not None and db.session.get(User, user_id).active_here is False
    assert client.get("/profil").headers["Location"].startswith("/connexion")
    closed = client.post("/connexion", data={"email": "moi@example.org", "password": PASSWORD})
    wrong = client.post("/connexion", data={"email": "personne@example.org", "password": PASSWORD})
    def error(response):
        return re.search(r'id="login-error"[^>]*>([^<]*)<', response.get_data(as_text=True)).group(1)

    assert "votre compte est fermé" in error(closed)  # the former member learns why...
    assert error(closed) == error(wrong) == LOGIN_FAILED  # ...in the words any failed sign-in gets


def test_an_online_resignation_is_emailed_to_the_organisers(app, client, member_account, make_user,
                                                          outbox):
    make_user(email="orga1@example.org", role=Role.ORGANISER)
    make_user(email="orga2@example.org", role=Role.ORGANISER)
    make_user(email="ancienne@example.org", role=Role.ORGANISER, active=False)
    client.post("/profil/demission", data={"reason": "Plus le temps", "confirm": "y"})
    notices = [m for m in outbox if m.subject == SUBJECT_RESIGNATION]
    assert sorted(m.to[0] for m in notices) == ["orga1@example.org", "orga2@example.org"]
    assert "Sofia Rossi" in notices[0].body and "Plus le temps" in notices[0].body
    assert "Sofia" not in notices[0].subject and "Rossi" not in notices[0].subject
