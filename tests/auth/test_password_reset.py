"""Password reset: signed, expiring, single-use links; never reveals whether an account exists."""

import re

import pytest

from council.auth.services.passwords import reset_token
from council.extensions import db

NEW = "a completely new passphrase"


def _outbox(app):
    return app.extensions["mailman"].outbox


def _link(message) -> str:
    return re.search(r"http://\S+", message.body).group(0)


def _reset_path(message) -> str:
    return _link(message).split("http://conseil.test", 1)[1]


def _ask_reset(client, email: str) -> str:
    """Ask for a reset link as a browser would: read the answer, then close it (the e-mail
    leaves once the response is closed, see test_uniform_timing.py)."""
    response = client.post("/mot-de-passe-oublie", data={"email": email})
    html = response.get_data(as_text=True)
    response.close()
    return html


def test_known_and_unknown_addresses_get_the_same_answer(app, client, make_user):
    user = make_user()
    known = _ask_reset(client, user.email)
    unknown = _ask_reset(client, "nobody@example.org")
    assert known == unknown
    assert "Si un compte existe pour cette adresse" in known
    outbox = _outbox(app)
    assert len(outbox) == 1 and outbox[0].to == [user.email]
    assert user.email not in outbox[0].subject


def test_link_sets_a_new_password_once(app, client, make_user):
    user = make_user()
    _ask_reset(client, user.email)
    path = _reset_path(_outbox(app)[0])
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert client.get("/profil").status_code == 200  # the link signed its owner in
    client.post("/deconnexion")
    assert client.post("/connexion", data={"email": user.email, "password": NEW}).status_code == 302
    client.post("/deconnexion")
    other = "yet another passphrase"
    again = client.post(path, data={"password": other, "confirm": other})
    assert again.status_code == 400 and "plus valable" in again.get_data(as_text=True)


def test_expired_link_is_refused(app, client, make_user):
    user = make_user()
    app.config["PASSWORD_RESET_HOURS"] = -1  # every link is already too old
    with app.app_context():
        token = reset_token(db.session.get(type(user), user.id), app.secret_key)
    response = client.get(f"/mot-de-passe/nouveau/{token}")
    assert response.status_code == 400


@pytest.mark.parametrize("token", ["garbage", "a" * 300, "WzEsImFiYyJd.Z.x", "%00"])
def test_forged_links_are_refused_cleanly(client, token):
    assert client.get(f"/mot-de-passe/nouveau/{token}").status_code in (400, 404)


def test_new_password_rules_are_explained_and_nothing_changes(app, client, make_user):
    from tests.conftest import PASSWORD

    user = make_user()
    with app.app_context():
        token = reset_token(db.session.get(type(user), user.id), app.secret_key)
    html = client.post(f"/mot-de-passe/nouveau/{token}",
                       data={"password": "short", "confirm": "different"}).get_data(as_text=True)
    assert "doit faire au moins 17 caractères" in html and "il en fait 5" in html
    assert "ne sont pas identiques" in html
    assert client.post("/connexion", data={"email": user.email, "password": PASSWORD}).status_code == 302


def test_disabled_accounts_receive_nothing(app, client, make_user):
    user = make_user(active=False)
    _ask_reset(client, user.email)
    assert _outbox(app) == []
