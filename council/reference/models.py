"""Reference tables, loaded idempotently by ``flask --app council init``."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from council.database import UTCDateTime, enum_column
from council.extensions import db
from council.tenancy import CouncilOwned


class Neighbourhood(CouncilOwned, db.Model):
    """A quartier prioritaire (QPV) of the council. The NEIGHBOURHOODS setting gives the first
    ones; admins rename and add them with the council's profile (slugs never change)."""

    __tablename__ = "neighbourhood"
    __table_args__ = (UniqueConstraint("council_id", "slug", name="uq_neighbourhood_council_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(120))

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.slug}>"


class ThemeKind(enum.Enum):
    """The contrat de ville's three volets and three axes transversaux."""

    PILLAR = "pillar"
    AXIS = "axis"


class Theme(db.Model):
    """A volet (pillar) or an axe transversal (cross-cutting axis) of the contrat de ville."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ThemeKind] = mapped_column(
        enum_column(ThemeKind, length=10)
    )
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Theme {self.kind.value} {self.slug}>"


class PartnerKind(enum.Enum):
    """What kind of body a partner of the contrat de ville is."""

    STATE = "state"
    LOCAL_AUTHORITY = "local_authority"
    LANDLORD = "landlord"
    PUBLIC_BODY = "public_body"
    ASSOCIATION = "association"
    COMPANY = "company"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Written to start a line (« Bailleur social »)."""
        return {"state": "État et services de l'État", "local_authority": "Collectivité",
                "landlord": "Bailleur social", "public_body": "Établissement public",
                "association": "Association", "company": "Entreprise",
                "other": "Autre partenaire"}[self.value]


class Partner(CouncilOwned, db.Model):
    """A partner of the contrat de ville (the State, the city, landlords…), to whom the council
    sends avis and observations. A retired partner keeps its history: old avis still name it,
    new forms no longer offer it."""

    __tablename__ = "partner"
    __table_args__ = (UniqueConstraint("council_id", "slug", name="uq_partner_council_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[PartnerKind] = mapped_column(enum_column(PartnerKind, 20), default=PartnerKind.OTHER)
    description: Mapped[str] = mapped_column(Text, default="")  # what it does for the neighbourhoods
    # A public contact, only where the partner publishes one (never a person's own address)
    website: Mapped[str] = mapped_column(String(300), default="")
    public_email: Mapped[str] = mapped_column(String(254), default="")
    public_phone: Mapped[str] = mapped_column(String(40), default="")
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Partner {self.slug}>"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
