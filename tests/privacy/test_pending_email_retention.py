"""A new login e-mail asked for and never confirmed is not kept for ever: the purge forgets it once
the link mailed to confirm it has expired (``EMAIL_CHANGE_HOURS``, the link's max age), and the
notice says so from the same setting. Kept on the day the link expires, gone the day after (the
retention tests' pattern, ``test_retention_periods.py``)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from council import create_app, dates
from council.auth.models import User
from council.auth.services.email_change import request_email_change
from council.extensions import db
from council.privacy.retention import Retention, cutoffs
from tests.conftest import PASSWORD

HOURS = 30  # not the default (24): a period hard-coded in the notice or the purge fails here
ASKED = datetime.combine(dates.today() - timedelta(days=20), time(12, 0), tzinfo=UTC)


@pytest.fixture
def app_config():
    return {"EMAIL_CHANGE_HOURS": HOURS}


def _purge(runner, day: date) -> str:
    result = runner.invoke(args=["purge", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def _ask(app, user_id: int, at: datetime = ASKED) -> None:
    """A change asked through the real service, then dated ``at``."""
    with app.app_context():
        user = db.session.get(User, user_id)
        change = request_email_change(user, "nouvelle@example.org", PASSWORD, app.secret_key)
        assert change.token and user.pending_email_requested_at is not None
        user.pending_email_requested_at = at
        db.session.commit()


def _pending(app, user_id: int) -> tuple[str | None, datetime | None]:
    with app.app_context():
        user = db.session.get(User, user_id)
        return user.pending_email, user.pending_email_requested_at


def test_kept_on_the_day_the_link_expires_and_gone_the_day_after(app, runner, make_user):
    user = make_user(email="ancienne@example.org")
    _ask(app, user.id)
    last_day = (ASKED + timedelta(hours=HOURS)).date()  # the link stops working that day
    _purge(runner, last_day)
    assert _pending(app, user.id) == ("nouvelle@example.org", ASKED)
    output = _purge(runner, last_day + timedelta(days=1))
    assert _pending(app, user.id) == (None, None)
    assert "pending_emails=1" in output
    with app.app_context():
        assert db.session.get(User, user.id).email == "ancienne@example.org"  # the login stays


def test_a_link_still_valid_is_never_cut_short(app, runner, make_user):
    """Asked at 23:00, the purge of the next day keeps it: the link still works until the
    evening after."""
    user = make_user()
    asked = datetime.combine(dates.today() - timedelta(days=1), time(23, 0), tzinfo=UTC)
    _ask(app, user.id, asked)
    _purge(runner, dates.today())
    assert _pending(app, user.id)[0] == "nouvelle@example.org"


def test_the_cut_off_is_the_links_max_age_before_the_day_begins():
    rules = Retention(*[10] * 8, pending_email_hours=HOURS)
    limit = cutoffs(rules, date(2026, 3, 12)).pending_email
    assert limit == datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
    assert Retention.from_config({**{f: 1 for f in (
        "RETENTION_PENDING_APPLICATION_DAYS", "RETENTION_REJECTED_APPLICATION_DAYS",
        "RETENTION_FORMER_MEMBER_DAYS", "RETENTION_OBSERVATION_CONTACT_DAYS",
        "RETENTION_SUBSTITUTE_DAYS", "RETENTION_OPEN_OBSERVATION_CONTACT_DAYS",
        "RETENTION_UNMODERATED_OBSERVATION_CONTACT_DAYS", "RETENTION_AUDIT_DAYS")},
        "EMAIL_CHANGE_HOURS": 48}).pending_email_hours == 48


def test_the_notice_states_the_links_max_age(client):
    page = " ".join(client.get("/donnees-personnelles").get_data(as_text=True).split())
    match = re.search(r'<li id="duree-nouvelle-adresse">(.*?)</li>', page)
    assert match, "the notice has no line for a login e-mail never confirmed"
    assert f"<strong>{HOURS} heures</strong> après la demande" in match[1]


def test_a_confirmed_change_leaves_nothing_waiting(app, client, login_as, outbox):
    login_as("member", email="ancienne@example.org")
    client.post("/profil/adresse-email", data={"new_email": "nouvelle@example.org",
                                               "email_password": PASSWORD})
    link = next(re.search(r"https?://[^/\s]+(/\S+)", m.body)[1] for m in outbox
                if m.to == ["nouvelle@example.org"])
    client.post(link)
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "nouvelle@example.org"))
        assert user is not None
        assert (user.pending_email, user.pending_email_requested_at) == (None, None)


def test_the_migration_dates_addresses_already_waiting(empty_database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="a8c0113c7e55")
        with db.engine.begin() as connection:
            for email, pending in (("a@example.org", "b@example.org"), ("c@example.org", None)):
                connection.execute(text(
                    "INSERT INTO \"user\" (email, pending_email, active, session_token, created_at) "
                    "VALUES (:email, :pending, true, :email, '2026-01-01 10:00:00')"),
                    {"email": email, "pending": pending})
        before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        upgrade(revision="a8f0e3c1d2b4")
        with db.engine.connect() as connection:
            rows = dict(connection.execute(text(
                'SELECT email, pending_email_requested_at FROM "user"')).all())
        assert rows["c@example.org"] is None
        stamped = rows["a@example.org"]
        stamped = datetime.fromisoformat(stamped) if isinstance(stamped, str) else stamped
        assert before - timedelta(minutes=5) <= stamped <= before + timedelta(minutes=5)  # UTC
        downgrade(revision="a8c0113c7e55")
        db.engine.dispose()
