"""One open application per e-mail address: the migration settles duplicates already stored (they
would break the unique index), then the index refuses a new one."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from council import create_app
from council.extensions import db

BEFORE = "dffe4f14f964"  # the revision before the index
INDEX = "b41e7c2d9a03"


def _insert(reference: str, email: str, status: str, created: datetime, position: int | None = None):
    db.session.execute(text(
        "INSERT INTO application (reference, status, college, first_name, last_name, birth_date, "
        "email, address, consented_at, created_at, substitute_position) VALUES (:reference, "
        ":status, 'resident', 'Inès', 'Lefebvre', :born, :email, '12 rue de Bretagne', :created, "
        ":created, :position)"),
        {"reference": reference, "status": status, "born": date(2009, 5, 1), "email": email,
         "created": created, "position": position})


def _statuses() -> dict[str, tuple[str, str | None]]:
    rows = db.session.execute(text("SELECT reference, status, rejection_reason FROM application"))
    return {reference: (status, reason) for reference, status, reason in rows}


def test_duplicates_already_stored_are_settled_then_refused(empty_database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        _insert("C-PEND01", "ines@example.org", "pending", datetime(2026, 1, 5))
        _insert("C-PEND02", "ines@example.org", "pending", datetime(2026, 1, 6))
        _insert("C-PEND03", "ines@example.org", "pending", datetime(2026, 1, 4))
        _insert("C-SUBS01", "paul@example.org", "pending", datetime(2026, 1, 1))
        _insert("C-SUBS02", "paul@example.org", "substitute", datetime(2026, 1, 2), position=3)
        _insert("C-DONE01", "lea@example.org", "rejected", datetime(2026, 1, 1))
        _insert("C-DONE02", "lea@example.org", "pending", datetime(2026, 1, 2))
        db.session.commit()
        upgrade(revision=INDEX)
        statuses = _statuses()
        # the oldest pending one stays; a substitute is kept before any pending one
        assert statuses["C-PEND03"] == ("pending", None)
        assert statuses["C-SUBS02"] == ("substitute", None)
        for duplicate, kept in (("C-PEND01", "C-PEND03"), ("C-PEND02", "C-PEND03"), ("C-SUBS01", "C-SUBS02")):
            status, reason = statuses[duplicate]
            assert status == "rejected" and f"la candidature {kept} avec la même adresse" in reason
        # decided applications never counted: nothing else changed
        assert statuses["C-DONE01"] == ("rejected", None) and statuses["C-DONE02"] == ("pending", None)
        with pytest.raises(IntegrityError):
            _insert("C-PEND04", "ines@example.org", "substitute", datetime(2026, 2, 1))
            db.session.flush()
        db.session.rollback()
        _insert("C-PEND05", "ines@example.org", "rejected", datetime(2026, 2, 1))  # closed: fine
        db.session.commit()
        downgrade(revision=BEFORE)
        _insert("C-PEND06", "ines@example.org", "pending", datetime(2026, 2, 2))  # index gone
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
