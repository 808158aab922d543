"""The password policy wherever a password is set (activation, reset, profile), the stronger rule
for organisers and admins, a password the rule refuses at sign-in, and the mail sent when a
password changes. Through the test client, mails in the test backend's outbox."""

import re

import pytest

from council.auth.models import Role, User
from council.auth.services.passwords import reset_token
from council.extensions import db
from council.membership.services.activation import activation_link
from tests.conftest import PASSWORD
from tests.fixtures.text import page_text

STAFF_ONLY_WEAK = "Kx9!mPq2#vLz"  # 12 characters of the four kinds: a member's, not an admin's
STRONG = "Kx9!mPq2#vLzW3rT"


@pytest.fixture
def zoe(app, make_user, make_member):
    """A member with an account and a roster record: Zoé Lefèvre."""
    user = make_user(email="zoe.lefevre@example.org")
    make_member(first_name="Zoé", last_name="Lefèvre", email="zoe.lefevre@example.org",
                user_id=user.id)
    return user


def test_activation_refuses_the_persons_name_and_says_every_reason(app, client, make_user,
                                                                     make_member):
    user = make_user(email="zoe.lefevre@example.org", password=None)
    make_member(first_name="Zoé", last_name="Lefèvre", email="zoe.lefevre@example.org",
                user_id=user.id)
    with app.test_request_context():
        path = "/" + activation_link(db.session.get(User, user.id)).split("/", 3)[3]
    html = client.post(path, data={"password": "Lefevre1234", "confirm": "Lefevre1234"}).get_data(
        as_text=True)
    text = page_text(html)
    assert "au moins 14 caractères" in text            # too short for its kinds
    assert "votre nom ou votre adresse" in text        # made of her name
    assert 'value="Lefevre1234"' not in html           # a password is never shown back
    phrase = "le lavoir de la place"
    response = client.post(path, data={"password": phrase, "confirm": phrase})
    assert response.status_code == 302


def test_a_reset_follows_the_rule_of_the_accounts_role(app, client, make_user, outbox):
    admin = make_user(role=Role.ADMIN, email="chef@example.org")
    with app.app_context():
        path = f"/mot-de-passe/nouveau/{reset_token(db.session.get(User, admin.id), app.secret_key)}"
    html = page_text(client.post(path, data={"password": STAFF_ONLY_WEAK,
                                             "confirm": STAFF_ONLY_WEAK}).get_data(as_text=True))
    assert "compte d'organisation ou d'administration" in html and "au moins 14" in html
    assert "Au moins 14 caractères" in html  # the hint says the admins' rule before anything is typed
    response = client.post(path, data={"password": STRONG, "confirm": STRONG})
    response.close()  # the notice leaves once the response is closed
    assert response.status_code == 302
    notice = outbox[-1]
    assert notice.to == ["chef@example.org"] and "@" not in notice.subject
    assert "Mot de passe oublié" in notice.body and "ce n'était pas vous" in notice.body
    assert STRONG not in notice.body


def test_a_change_in_the_profile_follows_the_rule_and_is_told_by_mail(app, client, zoe, outbox):
    client.post("/connexion", data={"email": zoe.email, "password": PASSWORD})
    html = client.post("/profil/mot-de-passe", data={
        "current": PASSWORD, "password": "zoe.lefevre2024", "confirm": "zoe.lefevre2024"}).get_data(
        as_text=True)
    assert "votre nom ou votre adresse" in page_text(html)
    assert outbox == []
    response = client.post("/profil/mot-de-passe", data={
        "current": PASSWORD, "password": "le lavoir de la place", "confirm": "le lavoir de la place"})
    response.close()
    assert response.status_code == 302
    (notice,) = outbox
    assert notice.to == [zoe.email] and notice.subject == "Le mot de passe de votre compte a changé"
    assert "Mon profil" in notice.body and "Mot de passe oublié" in notice.body
    assert "le lavoir" not in notice.body and PASSWORD not in notice.body
    assert re.search(r"le \w+ \d+ \w+ \d{4} à \d+ h \d\d", notice.body)  # when


def test_a_password_the_rule_now_refuses_must_be_changed_at_sign_in(app, client, make_user):
    """Passwords set before the rule (or before a promotion) are checked when typed."""
    user = make_user(role=Role.ORGANISER)
    with app.app_context():  # set as the old rule allowed (twelve characters were enough)
        db.session.get(User, user.id).set_password("123456789012")
        db.session.commit()
    response = client.post("/connexion", data={"email": user.email, "password": "123456789012"})
    assert response.headers["Location"] == "/profil#password-title"
    for path in ("/membres", "/candidatures", "/"):
        assert client.get(path).headers["Location"] == "/profil#password-title"
    assert "ne suffit plus" in page_text(client.get("/profil").get_data(as_text=True))
    client.post("/profil/mot-de-passe", data={"current": "123456789012", "password": STRONG,
                                              "confirm": STRONG}).close()
    assert client.get("/membres").status_code == 200


def test_a_promotion_ends_the_sessions_and_the_next_sign_in_checks_the_new_rule(
        app, client, make_user):
    member = make_user(email="promu@example.org", password=STAFF_ONLY_WEAK)
    admin = make_user(role=Role.ADMIN)
    other = app.test_client()
    assert other.post("/connexion", data={"email": member.email, "password": STAFF_ONLY_WEAK}
                      ).headers["Location"] == "/profil"  # good enough for a member
    client.post("/connexion", data={"email": admin.email, "password": PASSWORD})
    client.post("/confirmer-acces", data={"password": PASSWORD})
    client.post(f"/admin/comptes/{member.id}", data={"role": "organiser", "active": "y"})
    with app.app_context():
        assert db.session.get(User, member.id).role is Role.ORGANISER
    assert other.get("/profil").headers["Location"].startswith("/connexion")  # signed out
    assert other.post("/connexion", data={"email": member.email, "password": STAFF_ONLY_WEAK}
                      ).headers["Location"] == "/profil#password-title"


def test_sign_in_stays_throttled(app, client, make_user):
    """The policy counts on it (case 2 of the délibération): failures are limited per address
    and per account from an address."""
    user = make_user()
    statuses = [client.post("/connexion", data={"email": user.email, "password": f"faux {n}"}
                            ).status_code for n in range(6)]
    assert statuses[-1] == 429
    assert app.config["LOGIN_RATE_LIMIT"] and app.config["LOGIN_ACCOUNT_RATE_LIMIT"]
