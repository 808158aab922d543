"""`flask --app council backup FILE`: a consistent copy that restores to the same rows."""

import sqlite3

import pytest
from sqlalchemy import select

from council import create_app
from council.auth.models import User
from council.extensions import db


@pytest.fixture
def sqlite_app(database_template, tmp_path, monkeypatch):
    """An app on a migrated SQLite file, whatever the run's database: the command is SQLite's."""
    from tests.conftest import POSTGRES_URL

    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    path = tmp_path / "live.sqlite"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        if POSTGRES_URL:  # the template is a PostgreSQL database in that run: migrate here
            from flask_migrate import upgrade

            upgrade()
        else:
            import shutil

            db.engine.dispose()
            shutil.copyfile(database_template, path)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_backup_restores_to_the_same_rows(sqlite_app, tmp_path, make_user_on):
    emails = {make_user_on(sqlite_app, f"person{n}@example.org") for n in range(5)}
    target = tmp_path / "copies" / "backup.sqlite"
    with sqlite_app.app_context():
        live = db.engine.raw_connection()  # a connection stays open, as in a running app
        result = sqlite_app.test_cli_runner().invoke(args=["backup", str(target)])
        live.close()
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    restored = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{target}"})
    with restored.app_context():
        assert set(db.session.scalars(select(User.email))) == emails
        db.engine.dispose()


def test_backup_refuses_to_overwrite(sqlite_app, tmp_path):
    target = tmp_path / "exists.sqlite"
    target.write_text("precious")
    result = sqlite_app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert target.read_text() == "precious"


@pytest.fixture
def make_user_on():
    from council.auth.models import Role
    from council.auth.services.accounts import create_user

    def factory(app, email):
        with app.app_context():
            create_user(email, Role.MEMBER, "twelve characters")
            db.session.commit()
        return email

    return factory
