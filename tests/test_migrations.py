"""Migrations are the only way the schema is made: they build it, undo it, and match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from council import create_app
from council.database import include_in_autogenerate
from council.extensions import db


def _app(url, tmp_path, monkeypatch):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})


def test_upgrade_from_empty_then_down_one_step_and_back(empty_database_url, tmp_path, monkeypatch):
    app = _app(empty_database_url, tmp_path, monkeypatch)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"user", "neighbourhood", "member"} <= tables
        downgrade(revision="-1")
        upgrade()
        assert set(inspect(db.engine).get_table_names()) == tables
        db.engine.dispose()


def test_models_and_migrations_agree(empty_database_url, tmp_path, monkeypatch):
    """A model change without its migration fails here."""
    app = _app(empty_database_url, tmp_path, monkeypatch)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "include_object": include_in_autogenerate})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models differ from migrations: {diff}"
