"""Audit entries: an append-only trail of decisions, readable without revealing anyone's data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.database import UTCDateTime, utcnow
from council.extensions import db
from council.tenancy import CouncilOwned


class AuditEntry(CouncilOwned, db.Model):
    """One action: ``actor`` did ``action`` (e.g. ``application.accept``) to a record.

    Only identifiers are kept: the target is named by its type and id, and ``note`` is a short
    technical remark (never a name, an address or a free-text reason typed by someone).
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.target_type}:{self.target_id}>"
