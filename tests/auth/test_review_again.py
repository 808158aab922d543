"""Holes found by replaying the outside review across features, after issue 10's fixes.

Each test failed before its fix: a reset link mailed to the old address kept working after the
login e-mail changed; a session kept in use never ended (no absolute lifetime); a member who left
the council and was re-enabled later got every old session back.
"""

from __future__ import annotations

import re

from council.auth.models import Role, User
from council.database import utcnow
from council.extensions import db
from tests.conftest import PASSWORD

CONFIRM_LINK = re.compile(r"http://conseil\.test(/compte/adresse-email/\S+)")
RESET_LINK = re.compile(r"http://conseil\.test(/mot-de-passe/nouveau/\S+)")
COOKIE = "council_session"
NEW_PASSWORD = "une toute nouvelle phrase"


def _sign_in(client, email: str, password: str = PASSWORD) -> int:
    return client.post("/connexion", data={"email": email, "password": password}).status_code


def test_a_reset_link_sent_to_the_old_address_dies_when_the_login_email_changes(
        app, client, make_user, outbox, make_member):
    """The person changes address because the old mailbox is no longer theirs (or was broken
    into): a reset link still lying in it must not hand over the account."""
    user = make_user(email="ancienne@example.org")
    make_member(user_id=user.id, email="ancienne@example.org")
    client.post("/mot-de-passe-oublie", data={"email": "ancienne@example.org"}).close()
    reset_path = RESET_LINK.search(outbox[-1].body).group(1)
    assert _sign_in(client, "ancienne@example.org") == 302
    client.post("/profil/adresse-email", data={"new_email": "nouvelle@example.org",
                                               "email_password": PASSWORD})
    confirm_path = CONFIRM_LINK.search(outbox[-2].body).group(1)
    assert client.post(confirm_path).status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).email == "nouvelle@example.org"

    thief = app.test_client()
    assert thief.get(reset_path).status_code == 400
    response = thief.post(reset_path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert _sign_in(app.test_client(), "nouvelle@example.org") == 302  # password unchanged


def test_a_session_ends_after_its_absolute_lifetime_even_when_kept_busy(app, client, login_as):
    """ASVS 3.3.2: re-authentication at least every PERMANENT_SESSION_LIFETIME (8 hours), however
    active the session (a stolen cookie kept alive by its thief's requests ends too)."""
    login_as("member")
    assert client.get("/profil").status_code == 200
    lifetime = int(app.config["PERMANENT_SESSION_LIFETIME"])
    now = int(utcnow().timestamp())
    with client.session_transaction() as session:
        session["signed_in_at"] = now - lifetime - 60
        session["last_seen"] = now  # busy a minute ago: not idle
    response = client.get("/profil")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert client.get("/profil").status_code == 302  # and it stays closed


def test_a_session_from_before_the_lifetime_rule_is_ended(app, client, login_as):
    """A cookie without a sign-in time (made before the rule) cannot live on forever."""
    login_as("member")
    with client.session_transaction() as session:
        session.pop("signed_in_at", None)
    assert client.get("/profil").status_code == 302


def test_a_busy_session_within_its_lifetime_stays_open(app, client, login_as):
    login_as("member")
    with client.session_transaction() as session:
        session["signed_in_at"] = int(utcnow().timestamp()) - 3600
    assert client.get("/profil").status_code == 200


def test_a_member_who_left_and_is_enabled_again_gets_no_old_session_back(
        app, client, make_user, login_as, make_member):
    """Leaving the council switches the member account off; if an admin switches it back on
    later, a cookie copied while it was open must not open it again."""
    member_user = make_user(email="partant@example.org")
    member_id = make_member(user_id=member_user.id, email="partant@example.org")
    stolen = app.test_client()
    assert _sign_in(stolen, "partant@example.org") == 302
    assert stolen.get("/profil").status_code == 200

    login_as(Role.ADMIN)  # an admin is an organiser too: records the departure, then re-enables
    response = client.post(f"/membres/{member_id}/depart", data={
        "status": "resigned", "left_on": utcnow().date().isoformat(), "reason": ""})
    assert response.status_code == 302
    with app.app_context():
        assert not db.session.get(User, member_user.id).active_here  # here only
    response = client.post(f"/admin/comptes/{member_user.id}", data={"role": "member", "active": "y"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, member_user.id).active_here

    response = stolen.get("/profil")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert _sign_in(app.test_client(), "partant@example.org") == 302  # the owner signs in again
