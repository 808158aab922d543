"""Settings layers and production safety."""

import pytest

from council import create_app
from council.config import ConfigurationError
from tests.conftest import PROCESSORS


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("COUNCIL_CITY_NAME", "Alençon")
    monkeypatch.setenv("COUNCIL_MINIMUM_AGE", "18")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["CITY_NAME"] == "Alençon"
    assert app.config["MINIMUM_AGE"] == 18


def test_instance_config_file_is_read(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text('CONTACT_EMAIL = "contact@example.org"\n')
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["CONTACT_EMAIL"] == "contact@example.org"


def test_database_url_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("other.sqlite")


def test_default_database_lives_in_instance(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/council.sqlite"


def test_secret_key_is_generated_once_and_kept_private(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("COUNCIL_SECRET_KEY", raising=False)
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    assert first == second and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("COUNCIL_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"PRODUCTION": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", **PROCESSORS})


@pytest.mark.parametrize("unnamed", ["HOSTING_PROVIDER", "MAIL_PROVIDER"])
def test_production_refuses_an_unnamed_processor(unnamed, monkeypatch, tmp_path):
    """The personal-data page names every processor from the settings: production refuses to
    start while one is empty, rather than publish a notice that leaves it out."""
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigurationError, match=f"COUNCIL_{unnamed}"):
        create_app({"PRODUCTION": True, "SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    **PROCESSORS, unnamed: "  "})


def test_production_refuses_debug(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigurationError, match="debug"):
        create_app({"PRODUCTION": True, "SECRET_KEY": "x" * 64, **PROCESSORS,
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_sends_hsts_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    app = create_app({"PRODUCTION": True, "SECRET_KEY": "x" * 64, **PROCESSORS,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://", "SITE_HOST": "conseil.test"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/accessibilite", base_url="https://conseil.test")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_workers_starting_together_agree_on_one_secret_key(tmp_path):
    """gunicorn workers may start at the same moment without a key: they must share one."""
    from concurrent.futures import ProcessPoolExecutor

    from council.config import _instance_secret_key

    with ProcessPoolExecutor(max_workers=4) as pool:
        keys = set(pool.map(_instance_secret_key, [tmp_path] * 8))
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no draft left behind
