"""The audit log: identifiers only, written in the caller's transaction."""

import pytest
from sqlalchemy import select

from council import audit
from council.audit.models import AuditEntry
from council.audit.services import entries_for
from council.extensions import db


def test_record_keeps_who_did_what_to_which_record(app, make_user):
    organiser = make_user()
    with app.app_context():
        entry = audit.log(organiser, "application.accept", "application", 12, note="member 3")
        audit.log(None, "application.reject", "application", 12)
        audit.log(organiser, "member.leave", "member", 12)
        db.session.commit()
        assert entry.created_at.tzinfo is not None and entry.actor_id == organiser.id
        assert [(e.action, e.actor_id) for e in entries_for("application", 12)] == [
            ("application.accept", organiser.id), ("application.reject", None)]


def test_nothing_is_kept_if_the_decision_is_rolled_back(app):
    with app.app_context():
        audit.log(None, "application.accept", "application", 1)
        db.session.rollback()
        assert db.session.scalars(select(AuditEntry)).all() == []


@pytest.mark.parametrize(("action", "target_type", "note"), [
    ("Accepté Camille Durand", "application", None),
    ("application.accept", "camille@example.org", None),
    ("application.accept", "application", "sent to camille@example.org"),
    ("application.accept", "application", "x" * 201),
    ("", "application", None),
])
def test_record_refuses_what_could_carry_personal_data(app, action, target_type, note):
    with app.app_context(), pytest.raises(ValueError):
        audit.log(None, action, target_type, 1, note=note)
