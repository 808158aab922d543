"""Reference tables, loaded idempotently by ``flask --app council init``."""

from __future__ import annotations

import enum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from council.database import enum_column
from council.extensions import db


class Neighbourhood(db.Model):
    """A quartier prioritaire (QPV) of the council; slugs come from the NEIGHBOURHOODS setting."""

    __tablename__ = "neighbourhood"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
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


class Partner(db.Model):
    """A signatory partner of the contrat de ville (the State, the city, landlords…)."""

    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Partner {self.slug}>"
