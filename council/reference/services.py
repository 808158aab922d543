"""Loading and reading the reference lists. Add and flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from council.extensions import db
from council.reference import data
from council.reference.models import Neighbourhood, Partner, Theme, ThemeKind


def load_reference_data(neighbourhoods: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Insert or update every reference row; running it twice changes nothing. Returns counts."""
    created = {"neighbourhoods": 0, "themes": 0, "partners": 0}
    for slug, name in neighbourhoods:
        created["neighbourhoods"] += _upsert(Neighbourhood, slug, name=name)
    for kind, rows in ((ThemeKind.PILLAR, data.PILLARS), (ThemeKind.AXIS, data.AXES)):
        for position, (slug, name) in enumerate(rows):
            created["themes"] += _upsert(Theme, slug, name=name, kind=kind, position=position)
    for position, (slug, name) in enumerate(data.PARTNERS):
        created["partners"] += _upsert(Partner, slug, name=name, position=position)
    db.session.flush()
    return created


def _upsert(model, slug: str, **values) -> int:
    """Create the row with this slug or refresh its values; 1 when created."""
    row = db.session.scalar(select(model).where(model.slug == slug))
    if row is None:
        db.session.add(model(slug=slug, **values))
        return 1
    for key, value in values.items():
        setattr(row, key, value)
    return 0


def neighbourhoods() -> list[Neighbourhood]:
    return list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.id)))


def themes(kind: ThemeKind) -> list[Theme]:
    return list(db.session.scalars(select(Theme).where(Theme.kind == kind).order_by(Theme.position)))


def partners() -> list[Partner]:
    return list(db.session.scalars(select(Partner).order_by(Partner.position)))
