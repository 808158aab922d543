"""Writing to the audit log. Add and flush, never commit: the entry joins the caller's transaction,
so a decision and its trace are saved together or not at all."""

from __future__ import annotations

import re

from sqlalchemy import select

from council.audit.models import AuditEntry
from council.extensions import db

# Actions and target types are identifiers such as "application.accept" / "member": a shape that
# cannot carry a name or an e-mail address by mistake.
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
NOTE_MAX_LENGTH = 200


def log(actor, action: str, target_type: str, target_id: int | None, note: str | None = None
        ) -> AuditEntry:
    """Log that ``actor`` (a User, or None for the system) did ``action`` to a target record.

    ``note`` is a short technical remark; never put personal data in it (no names, e-mail
    addresses, or text typed by someone).
    """
    for value in (action, target_type):
        if not IDENTIFIER.match(value) or len(value) > 60:
            raise ValueError(f"audit identifiers look like 'application.accept', not {value!r}")
    if note is not None and (len(note) > NOTE_MAX_LENGTH or "@" in note):
        raise ValueError("an audit note is short and never holds an e-mail address")
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        note=note,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries_for(target_type: str, target_id: int) -> list[AuditEntry]:
    """Every entry about one record, oldest first."""
    return list(db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
        .order_by(AuditEntry.created_at, AuditEntry.id)
    ))


def entries_page(page: int, per_page: int = 50):
    """The journal, newest first, with each entry's actor loaded in the same query."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    query = (select(AuditEntry).options(joinedload(AuditEntry.actor))
             .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
