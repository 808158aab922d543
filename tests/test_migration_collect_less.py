"""The migration that makes applications keep less (e7c0a11ec7ed): decided applications stored
before it lose their birth date, motivation and consent time; the downgrade still works."""

from datetime import date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from council import create_app
from council.extensions import db

BEFORE, AFTER = "d1a2b3c4e5f6", "e7c0a11ec7ed"
INSERT = text(
    "INSERT INTO application (reference, status, college, first_name, last_name, birth_date, email, "
    "address, motivation, consented_at, created_at, decided_at) VALUES (:reference, :status, "
    "'resident', 'Léa', 'Roux', :birth, :email, '1 rue Haute', 'Pour aider', :created, :created, "
    ":decided)")


def _app(url, tmp_path, monkeypatch):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})


def _rows(connection) -> dict:
    return {row.reference: row for row in connection.execute(text(
        "SELECT reference, birth_date, motivation, consented_at, min_age_checked_on, "
        "min_age_in_force, address FROM application"))}


def test_decided_applications_keep_only_the_age_statement(empty_database_url, tmp_path, monkeypatch):
    app = _app(empty_database_url, tmp_path, monkeypatch)
    created, decided = datetime(2026, 1, 5, 9), datetime(2026, 3, 10, 15)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            for reference, status, birth, when in [
                    ("C-PEND", "pending", date(2008, 6, 1), None),
                    ("C-ACCE", "accepted", date(1990, 5, 17), decided),
                    ("C-SUBS", "substitute", date(2010, 3, 10), decided),  # 16 that very day
                    ("C-REJE", "rejected", date(2010, 3, 11), decided)]:   # 15 that day
                connection.execute(INSERT, {"reference": reference, "status": status, "birth": birth,
                                            "email": f"{reference}@example.org", "created": created,
                                            "decided": when})
        upgrade(revision=AFTER)
        with db.engine.connect() as connection:
            rows = _rows(connection)
        assert str(rows["C-PEND"].birth_date)[:10] == "2008-06-01"
        assert rows["C-PEND"].motivation == "Pour aider" and rows["C-PEND"].consented_at is not None
        for reference in ("C-ACCE", "C-SUBS", "C-REJE"):
            row = rows[reference]
            assert row.birth_date is None and row.motivation is None and row.consented_at is None
        assert str(rows["C-ACCE"].min_age_checked_on) == "2026-03-10"
        assert rows["C-SUBS"].min_age_in_force == 16
        assert rows["C-REJE"].min_age_checked_on is None  # nothing true to say
        # the one-open-application-per-address index survived the table's rebuild (SQLite)
        indexes = {index["name"]: index for index in inspect(db.engine).get_indexes("application")}
        assert indexes["uq_application_open_email"]["unique"]

        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            rows = {row.reference: row for row in connection.execute(text(
                "SELECT reference, birth_date, consented_at FROM application"))}
        assert str(rows["C-SUBS"].birth_date)[:10] == "2010-03-10"  # latest the statement allows
        assert str(rows["C-REJE"].birth_date)[:10] == "1900-01-01"
        assert all(row.consented_at is not None for row in rows.values())
        db.engine.dispose()
