"""Sign-in and sign-out through the test client."""

import pytest

from council.auth.models import Role
from tests.conftest import PASSWORD


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_out(client, make_user, role):
    user = make_user(role=role)
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    landing = "/profil" if role is Role.MEMBER else "/tableau-de-bord"  # tests/dashboard/test_views.py
    assert response.status_code == 302 and response.headers["Location"] == landing
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)
    response = client.post("/deconnexion", follow_redirects=True)
    assert "Vous êtes déconnecté·e." in response.get_data(as_text=True)
    assert "Connexion" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "password"),
    [("membre@example.org", "wrong password!"), ("nobody@example.org", PASSWORD)],
)
def test_wrong_login_gives_the_same_generic_message_and_keeps_the_email(
    client, make_user, email, password
):
    make_user(email="membre@example.org")
    response = client.post("/connexion", data={"email": email, "password": password})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in html
    assert f'value="{email}"' in html
    assert password not in html  # a password is never sent back


def test_empty_login_form_names_each_missing_field(client):
    html = client.post("/connexion", data={}).get_data(as_text=True)
    assert "Indiquez votre adresse e-mail." in html
    assert "Indiquez votre mot de passe." in html
    assert 'aria-describedby="email-error"' in html


def test_session_is_renewed_at_login(client, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_next_is_followed_only_when_local(client, make_user):
    user = make_user()
    data = {"email": user.email, "password": PASSWORD}
    response = client.post("/connexion?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/profil"  # a member's landing
    client.post("/deconnexion")
    response = client.post("/connexion?next=/accessibilite", data=data)
    assert response.headers["Location"] == "/accessibilite"


def test_a_disabled_account_cannot_sign_in(client, make_user):
    user = make_user(active=False)
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    assert "Adresse e-mail ou mot de passe incorrect." in response.get_data(as_text=True)


def test_password_change_ends_other_sessions(app, client, make_user):
    from council.extensions import db

    user = make_user()
    client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    with app.app_context():
        db.session.get(type(user), user.id).set_password("a brand new passphrase")
        db.session.commit()
    assert "Connexion" in client.get("/").get_data(as_text=True)


def test_logout_by_get_only_asks_for_confirmation(client, login_as):
    login_as("member")
    html = client.get("/deconnexion").get_data(as_text=True)
    assert "Voulez-vous vous déconnecter ?" in html
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)  # still signed in


@pytest.fixture
def app_config():
    return {"LOGIN_RATE_LIMIT": "3 per minute"}


def test_failed_logins_are_rate_limited_with_a_french_page(client, make_user):
    user = make_user()
    for _ in range(3):
        client.post("/connexion", data={"email": user.email, "password": "wrong password!"})
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)


def test_successful_logins_do_not_count_against_the_limit(client, make_user):
    user = make_user()
    for _ in range(5):
        response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        client.post("/deconnexion")
