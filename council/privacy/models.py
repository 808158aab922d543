"""A trace of each purge run, so that admins see when personal data was last purged."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column

from council.database import UTCDateTime
from council.extensions import db
from council.tenancy import CouncilOwned


class RetentionRun(CouncilOwned, db.Model):
    """One run of ``flask --app council purge`` that was saved (a dry run leaves none).

    ``purge_day`` is the day whose cut-offs were applied (``--today``, else the real day);
    ``counts`` what went, by kind (``{"pending_applications": 2}``): counts only, never a name."""

    __tablename__ = "retention_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    purge_day: Mapped[date]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<RetentionRun {self.id} {self.purge_day} {self.finished_at:%Y-%m-%d %H:%M}>"
