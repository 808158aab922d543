"""Rate limits on Redis (``COUNCIL_RATELIMIT_STORAGE_URI=redis://…``): counted once for every app
that shares the Redis, refused in French (503) while Redis is down — sign-in throttling never
switches itself off — and production refuses per-process counting."""

from __future__ import annotations

import pytest
import redis

from bench.server import free_port
from council import create_app
from council.config import ConfigurationError
from tests.conftest import PASSWORD, PROCESSORS
from tests.fixtures.text import page_text

ADDRESS = "203.0.113.9"


@pytest.fixture
def app_config(redis_url):
    return {"RATELIMIT_STORAGE_URI": redis_url, "LOGIN_RATE_LIMIT": "3 per minute",
            "LOGIN_ACCOUNT_RATE_LIMIT": "3 per minute"}


def _sign_in(client, email, password):
    return client.post("/connexion", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ADDRESS})


def test_failed_sign_ins_on_one_app_count_on_another(app, make_user, redis_url):
    """Two apps built from the same settings, as two machines are: what one counted, the other
    sees. (With ``memory://`` the second app starts a count of its own and lets the guess in.)"""
    user = make_user()
    first = app.test_client()
    for _ in range(3):
        assert _sign_in(first, user.email, "wrong guess!").status_code == 200
    assert redis.Redis.from_url(redis_url).keys("LIMITS:*"), "nothing was counted in Redis"

    second_app = create_app(dict(app.config))
    second = second_app.test_client()
    refused = _sign_in(second, user.email, PASSWORD)
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.get_data(as_text=True)
    assert _sign_in(first, user.email, PASSWORD).status_code == 429


def test_a_sign_in_elsewhere_is_not_held_back_by_another_address(app, make_user):
    user = make_user()
    client = app.test_client()
    for _ in range(3):
        _sign_in(client, user.email, "wrong guess!")
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 302


@pytest.mark.parametrize("app_config", [{"RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{free_port()}/0",
                                         "RATELIMIT_STORAGE_TIMEOUT_SECONDS": 1}])
def test_with_redis_down_sign_in_is_refused_not_left_unthrottled(client, make_user):
    """Fail closed: without its counter, sign-in answers a French 503 — even the right password
    (it cannot be told from the millionth guess) — and signs nobody in; pages without a limit
    are still served."""
    user = make_user()
    response = _sign_in(client, user.email, PASSWORD)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    page = page_text(response)
    assert "Service momentanément indisponible" in page and "rien n'a été enregistré" in page
    assert client.get("/profil").status_code == 302  # not signed in
    assert client.get("/").status_code == 200
    assert client.get("/connexion").status_code == 200


def _production(**settings):
    return {"PRODUCTION": True, "SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": "sqlite://",
            **PROCESSORS, "RATELIMIT_ALLOW_MEMORY": False, **settings}


def test_production_refuses_rate_limits_counted_per_process(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigurationError, match="COUNCIL_RATELIMIT_STORAGE_URI"):
        create_app(_production())


@pytest.mark.parametrize("settings", [{"RATELIMIT_STORAGE_URI": "redis://redis.internal:6379/0"},
                                      {"RATELIMIT_ALLOW_MEMORY": True}])
def test_production_starts_with_redis_or_when_told_one_process_serves(settings, monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    app = create_app(_production(**settings))  # Redis is not reached at start: no connection made
    assert app.config["RATELIMIT_STORAGE_OPTIONS"]["wrap_exceptions"] is True
