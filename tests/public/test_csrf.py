"""CSRF protection, switched on as in production."""

import re

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _token(client, path="/connexion"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_missing_csrf_token_is_a_french_400(client):
    response = client.post("/connexion", data={"email": "a@example.org", "password": "x" * 12})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.get_data(as_text=True)


def test_malformed_csrf_token_is_a_french_400(client):
    _token(client)
    response = client.post("/connexion", data={"email": "a@example.org", "password": "x" * 12,
                                               "csrf_token": "not-a-token\x00"})
    assert response.status_code == 400


def test_sign_in_with_the_token_sets_an_httponly_lax_cookie(client, make_user):
    user = make_user()
    response = client.post(
        "/connexion",
        data={"email": user.email, "password": PASSWORD, "csrf_token": _token(client)},
    )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_sign_out_needs_the_token_too(client, make_user):
    user = make_user()
    client.post("/connexion",
                data={"email": user.email, "password": PASSWORD, "csrf_token": _token(client)})
    assert client.post("/deconnexion").status_code == 400
