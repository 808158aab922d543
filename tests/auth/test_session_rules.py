"""Idle timeout, rate limits across accounts, and re-entering the password before sensitive actions."""

import pytest
from flask import Blueprint

from council.auth.access import recent_auth_required
from tests.conftest import PASSWORD


@pytest.fixture
def app_config():
    return {"LOGIN_RATE_LIMIT": "3 per minute"}


def test_idle_sessions_end(app, client, login_as):
    login_as("member")
    with client.session_transaction() as session:
        session["last_seen"] -= app.config["IDLE_TIMEOUT_MINUTES"] * 60 + 5
    response = client.get("/accessibilite")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert "Connexion" in client.get("/").get_data(as_text=True)


def test_active_sessions_stay_open(client, login_as):
    login_as("member")
    for _ in range(3):
        assert client.get("/accessibilite").status_code == 200
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, make_user):
    victim, other = make_user(), make_user()
    for number in range(3):
        client.post("/connexion", data={"email": victim.email, "password": "wrong!"},
                    environ_base={"REMOTE_ADDR": f"10.0.1.{number}"})
    response = client.post("/connexion", data={"email": other.email, "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "10.0.1.99"})
    assert response.status_code == 302


@pytest.fixture
def sensitive_app(app):
    bp = Blueprint("sensitive_test", __name__)

    @bp.route("/sensible")
    @recent_auth_required
    def sensitive():
        return "sensitive page"

    app.register_blueprint(bp)
    return app


def test_sensitive_action_asks_for_the_password_again(sensitive_app, client, login_as):
    login_as("organiser")
    assert client.get("/sensible").get_data(as_text=True) == "sensitive page"  # just signed in
    with client.session_transaction() as session:
        session["auth_at"] -= sensitive_app.config["REAUTH_MINUTES"] * 60 + 5
    response = client.get("/sensible")
    assert response.status_code == 302
    assert response.headers["Location"] == "/confirmer-acces?next=/sensible"
    wrong = client.post("/confirmer-acces?next=/sensible", data={"password": "not it at all"})
    assert "Mot de passe incorrect." in wrong.get_data(as_text=True)
    right = client.post("/confirmer-acces?next=/sensible", data={"password": PASSWORD})
    assert right.headers["Location"] == "/sensible"
    assert client.get("/sensible").get_data(as_text=True) == "sensitive page"


def test_anonymous_visitors_are_sent_to_sign_in(sensitive_app, client):
    response = client.get("/sensible")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
