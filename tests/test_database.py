"""Database plumbing: SQLite pragmas and transactions, UTC datetimes, on the real engines."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from council.auth.models import Role
from council.auth.services.accounts import create_user
from council.extensions import db


@pytest.fixture
def sqlite_app(tmp_path, monkeypatch):
    """An app on a SQLite file whatever the run's database (these rules are SQLite's own)."""
    from council import create_app

    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite"})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(sqlite_app):
    with sqlite_app.app_context():
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_sqlite_write_transactions_begin_immediate(sqlite_app):
    """A write transaction holds the write lock from its first statement on."""
    import sqlite3

    with sqlite_app.app_context():
        db.session.execute(text("SELECT 1"))  # opens the transaction: BEGIN IMMEDIATE
        other = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        db.session.rollback()


def test_sqlite_read_only_requests_do_not_take_the_write_lock(sqlite_app):
    """GET requests begin deferred transactions, so readers never queue behind a writer."""
    import sqlite3

    from council.database import writes_expected

    with sqlite_app.app_context():
        token = writes_expected.set(False)
        try:
            db.session.execute(text("SELECT 1"))
            other = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # free: the reader holds no write lock
            other.execute("ROLLBACK")
            other.close()
        finally:
            writes_expected.reset(token)
            db.session.rollback()


def test_datetimes_come_back_aware_in_utc(app):
    paris_winter = timezone(timedelta(hours=1))
    with app.app_context():
        user = create_user("tz@example.org", Role.MEMBER)
        user.last_login_at = datetime(2026, 12, 3, 18, 30, tzinfo=paris_winter)
        db.session.commit()
        db.session.expire_all()
        assert user.last_login_at == datetime(2026, 12, 3, 17, 30, tzinfo=UTC)
        assert user.last_login_at.tzinfo is UTC


def test_naive_datetimes_are_refused_by_the_column(app):
    from sqlalchemy.exc import StatementError

    with app.app_context():
        user = create_user("naive@example.org", Role.MEMBER)
        user.last_login_at = datetime(2026, 12, 3, 18, 30)
        with pytest.raises(StatementError, match="timezone-aware"):
            db.session.flush()
        db.session.rollback()
