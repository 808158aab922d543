"""Fuzzing the public account forms (sign-in, password reset): never a 500, input kept."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import assert_form_survives, nasty_email, nasty_text

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def app_config():
    return {"LOGIN_RATE_LIMIT": "100000 per minute"}


@FUZZ
@given(email=nasty_email(), password=nasty_text())
def test_login_form_never_fails(client, email, password):
    response = client.post("/connexion", data={"email": email, "password": password})
    html = assert_form_survives(response, {"email": email})
    if response.status_code == 200:
        assert "Adresse e-mail ou mot de passe incorrect." in html or 'class="error"' in html


@FUZZ
@given(email=nasty_email())
def test_forgotten_password_form_never_fails(client, email):
    response = client.post("/mot-de-passe-oublie", data={"email": email})
    assert_form_survives(response, {"email": email})


@FUZZ
@given(token=nasty_text(400), password=nasty_text(), confirm=nasty_text())
def test_reset_link_never_fails(client, token, password, confirm):
    from urllib.parse import quote

    response = client.post(f"/mot-de-passe/nouveau/{quote(token, safe='')}",
                           data={"password": password, "confirm": confirm})
    assert response.status_code < 500


@FUZZ
@given(fields=st.dictionaries(nasty_text(30), nasty_text(), max_size=5))
def test_unexpected_fields_never_fail(client, fields):
    assert client.post("/connexion", data=fields).status_code < 500
