"""Failed sign-ins are throttled per address and per (account, address), never per account
alone: someone elsewhere cannot lock an owner out, and a reset link always lets the owner in."""

import pytest

from council.auth.services.accounts import throttle_key
from council.auth.services.passwords import reset_token
from council.extensions import db
from tests.conftest import PASSWORD

NEW = "a completely new passphrase"
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


@pytest.fixture
def app_config():
    return {"LOGIN_RATE_LIMIT": "8 per minute", "LOGIN_ACCOUNT_RATE_LIMIT": "3 per minute"}


def _sign_in(client, email, password, address):
    return client.post("/connexion", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_the_owner_signs_in_from_elsewhere_while_someone_hammers_the_account(client, make_user):
    owner = make_user()
    answers = [_sign_in(client, owner.email, "wrong guess!", ATTACKER).status_code
               for _ in range(10)]
    assert answers[-1] == 429  # the attacker is stopped…
    assert _sign_in(client, owner.email, PASSWORD, OWNER).status_code == 302  # …the owner is not


def test_one_address_gets_few_tries_on_one_account(client, make_user):
    target, other = make_user(), make_user()
    for _ in range(3):
        _sign_in(client, target.email, "wrong guess!", ATTACKER)
    response = _sign_in(client, target.email, PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)
    assert _sign_in(client, other.email, PASSWORD, ATTACKER).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(client, make_user):
    for number in range(8):
        _sign_in(client, f"guess{number}@example.org", "wrong guess!", ATTACKER)
    assert _sign_in(client, make_user().email, PASSWORD, ATTACKER).status_code == 429


def _reset_path(app, user) -> str:
    with app.app_context():
        return f"/mot-de-passe/nouveau/{reset_token(db.session.get(type(user), user.id), app.secret_key)}"


@pytest.mark.parametrize("exhausted", ["account from this address", "this address"])
def test_a_reset_link_lets_the_owner_in_and_starts_a_fresh_count(app, client, make_user, exhausted):
    owner = make_user()
    for number in range(8 if exhausted == "this address" else 3):
        email = f"guess{number}@example.org" if exhausted == "this address" else owner.email
        _sign_in(client, email, "wrong guess!", OWNER)  # someone behind the same address
    assert _sign_in(client, owner.email, PASSWORD, OWNER).status_code == 429
    response = client.post(_reset_path(app, owner), data={"password": NEW, "confirm": NEW},
                           environ_base={"REMOTE_ADDR": OWNER})
    assert response.status_code == 302
    assert client.get("/profil").status_code == 200  # signed in through the link
    if exhausted == "account from this address":  # the failures before the reset no longer count
        client.post("/deconnexion")
        assert _sign_in(client, owner.email, NEW, OWNER).status_code == 302


def test_the_throttle_key_names_the_account_as_it_is_now(app, make_user):
    user = make_user(email="owner@example.org")
    with app.app_context():
        before = throttle_key("owner@example.org")
        assert throttle_key("  Owner@Example.org ") == before
        assert "owner" not in before  # no e-mail in the limiter's storage
        assert throttle_key("other@example.org") != before
        assert throttle_key("a\x00b") and throttle_key("x" * 5000)  # odd input: a key, no query
        db.session.get(type(user), user.id).set_password(NEW)
        db.session.commit()
        assert throttle_key("owner@example.org") != before
