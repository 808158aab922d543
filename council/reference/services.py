"""Loading and reading the reference lists. Add and flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from council.extensions import db
from council.reference import data
from council.reference.models import Neighbourhood, Partner, PartnerKind, Theme, ThemeKind


def load_reference_data(neighbourhoods: Iterable[tuple[str, str]],
                        partners: Iterable[tuple[str, str, str]] = data.PARTNERS) -> dict[str, int]:
    """Insert every missing reference row; running it twice changes nothing. Returns counts.

    The national volets and axes are refreshed; neighbourhoods and partners are only added when
    missing (admins edit them afterwards: a second init never undoes their changes)."""
    created = {"neighbourhoods": 0, "themes": 0, "partners": 0}
    for slug, name in neighbourhoods:
        created["neighbourhoods"] += _upsert(Neighbourhood, slug, refresh=False, name=name)
    for kind, rows in ((ThemeKind.PILLAR, data.PILLARS), (ThemeKind.AXIS, data.AXES)):
        for position, (slug, name) in enumerate(rows):
            created["themes"] += _upsert(Theme, slug, name=name, kind=kind, position=position)
    for position, (slug, name, kind) in enumerate(partners):
        created["partners"] += _upsert(Partner, slug, refresh=False, name=name,
                                       kind=PartnerKind(kind), position=position)
    db.session.flush()
    return created


def _upsert(model, slug: str, refresh: bool = True, **values) -> int:
    """Create the row with this slug, or refresh its values (when ``refresh``); 1 when created."""
    row = db.session.scalar(select(model).where(model.slug == slug))
    if row is None:
        db.session.add(model(slug=slug, **values))
        return 1
    if refresh:
        for key, value in values.items():
            setattr(row, key, value)
    return 0


def neighbourhoods() -> list[Neighbourhood]:
    return list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.id)))


def themes(kind: ThemeKind) -> list[Theme]:
    return list(db.session.scalars(select(Theme).where(Theme.kind == kind).order_by(Theme.position)))


def partners(keep: int | None = None) -> list[Partner]:
    """The partners new avis and observations may be sent to (not retired), in order; ``keep``
    adds a retired one already chosen (a draft addressed to it before it retired)."""
    condition = Partner.retired_at.is_(None)
    if keep is not None:
        condition = condition | (Partner.id == keep)
    return list(db.session.scalars(select(Partner).where(condition)
                                   .order_by(Partner.position, Partner.name)))


def all_partners() -> list[Partner]:
    """Every partner, retired ones included (filters over old records, the admin list)."""
    return list(db.session.scalars(select(Partner).order_by(Partner.position, Partner.name)))
