"""Residents' observations (ideas, dysfunctions) and the history of each step taken on them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.database import UTCDateTime, enum_column, utcnow
from council.extensions import db
from council.meetings.models import AgendaItem
from council.observations.lifecycle import (
    LISTED,
    ClosureReason,
    ObservationKind,
    ObservationOrigin,
    ObservationStatus,
)
from council.reference.models import Neighbourhood, Partner, Theme
from council.tenancy import CouncilOwned

observation_axis = Table(
    "observation_axis",
    db.metadata,
    Column("observation_id", ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id"), primary_key=True, index=True),
)


class Observation(CouncilOwned, db.Model):
    """What a resident noticed or wishes for, followed until a partner answers.

    The resident's name and contact are kept only with their consent, recorded with its moment
    (``contact_consent_at``); they are shown to organisers and to the member who logged it only.
    ``public_summary`` / ``public_answer`` are the texts an organiser published, free of personal data.
    """

    __tablename__ = "observation"
    # The members' list (newest first), the public one (latest published first), and the ones
    # waiting for an answer (by transmission date), per council (migration a4b5c6d7e8f9)
    __table_args__ = (Index("ix_observation_council_status_transmitted_on", "council_id", "status",
                            "transmitted_on"),
                      Index("ix_observation_council_observed_on", "council_id", "observed_on"),
                      # the members' list by status, newest first (migration b1c2d3e4f5a6)
                      Index("ix_observation_council_status_observed_on", "council_id", "status",
                            "observed_on"),
                      Index("ix_observation_council_published_at", "council_id", "published_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ObservationKind] = mapped_column(enum_column(ObservationKind, 20), index=True)
    status: Mapped[ObservationStatus] = mapped_column(enum_column(ObservationStatus, 20), index=True)
    origin: Mapped[ObservationOrigin] = mapped_column(enum_column(ObservationOrigin, 10))
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    pillar_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"), index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text)
    # description and place, lower case and without accents, for the members' search
    search_text: Mapped[str] = mapped_column(Text, default="")
    observed_on: Mapped[date] = mapped_column(index=True)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    resident_name: Mapped[str | None] = mapped_column(String(120))
    resident_contact: Mapped[str | None] = mapped_column(String(254))
    contact_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The agenda point it was put on; emptied if that point is later removed from the agenda.
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"), index=True)
    transmitted_on: Mapped[date | None] = mapped_column(index=True)
    answer_text: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[date | None]
    closure_reason: Mapped[ClosureReason | None] = mapped_column(enum_column(ClosureReason, 20))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("observation.id"), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    public_summary: Mapped[str | None] = mapped_column(Text)
    public_answer: Mapped[str | None] = mapped_column(Text)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    pillar: Mapped[Theme | None] = relationship()
    axes: Mapped[list[Theme]] = relationship(secondary=observation_axis, order_by=Theme.position)
    agenda_item: Mapped[AgendaItem | None] = relationship()
    partner: Mapped[Partner | None] = relationship()
    logged_by: Mapped[User | None] = relationship()
    duplicate_of: Mapped[Observation | None] = relationship(remote_side=[id])
    events: Mapped[list[ObservationEvent]] = relationship(
        back_populates="observation", order_by="ObservationEvent.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Observation {self.id} {self.kind.value} {self.status.value}>"

    @property
    def reference(self) -> str:
        """How people name it: « n° 12 »."""
        return f"n° {self.id}"

    @property
    def is_listed(self) -> bool:
        """In the council's list: accepted (neither waiting for moderation nor discarded)."""
        return self.status in LISTED

    @property
    def has_contact(self) -> bool:
        return bool(self.resident_contact)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ObservationEvent(CouncilOwned, db.Model):
    """One step in an observation's history: who, when, from which status to which, and a note."""

    __tablename__ = "observation_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    from_status: Mapped[ObservationStatus | None] = mapped_column(enum_column(ObservationStatus, 20))
    to_status: Mapped[ObservationStatus] = mapped_column(enum_column(ObservationStatus, 20))
    detail: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    observation: Mapped[Observation] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ObservationEvent {self.id} observation={self.observation_id} {self.to_status.value}>"
