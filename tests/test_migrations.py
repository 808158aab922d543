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


def test_many_councils_migration_keeps_demo_data_both_ways(empty_database_url, tmp_path, monkeypatch):
    """Issue 15: the rows of a filled single-council install go into its first council and come
    back out, roles included (upgrade, downgrade, upgrade)."""
    from sqlalchemy import column, func, select, table, text

    from council.demo import load_demo_data

    app = _app(empty_database_url, tmp_path, monkeypatch)
    app.config.update(SECRET_KEY="migration-test", PASSWORD_HASH_METHOD="scrypt:4096:8:1")
    counted = ("member", "meeting", "observation", "opinion", "partner", "neighbourhood", "user")

    def counts(connection):
        return {name: connection.scalar(select(func.count()).select_from(table(name)))
                for name in counted}

    with app.app_context():
        upgrade()
        load_demo_data(app.config, "Vive le bocage normand 61")
        db.session.commit()
        with db.engine.connect() as connection:
            before = counts(connection)
            roles = dict(connection.execute(text(
                'SELECT "user".email, council_role.role FROM "user" JOIN council_role '
                'ON council_role.user_id = "user".id')).all())
        assert before["member"] and before["meeting"] and len(set(roles.values())) == 3
        db.session.remove()
        downgrade(revision="e4f5a6b7c8d9")
        with db.engine.connect() as connection:
            assert counts(connection) == before
            assert dict(connection.execute(text('SELECT email, role FROM "user"')).all()) == roles
            assert "council_id" not in {c["name"] for c in inspect(connection).get_columns("member")}
        upgrade()
        with db.engine.connect() as connection:
            assert counts(connection) == before
            councils = connection.execute(text("SELECT COUNT(*) FROM council")).scalar()
            assert councils == 1
            for name in ("member", "meeting", "observation", "partner", "audit_entry"):
                owned = table(name, column("council_id"))
                assert connection.scalar(select(func.count()).select_from(owned)
                                         .where(owned.c.council_id.is_(None))) == 0
            assert dict(connection.execute(text(
                'SELECT "user".email, council_role.role FROM "user" JOIN council_role '
                'ON council_role.user_id = "user".id')).all()) == roles
        db.engine.dispose()
