"""Partners: the directory, what was sent to each (public part only), and the admin's writes.
Add and flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from council.audit.services import log
from council.councils.services import unique_slug
from council.database import lock, utcnow
from council.extensions import db
from council.observations.lifecycle import LISTED
from council.observations.models import Observation
from council.opinions.lifecycle import PUBLIC
from council.opinions.models import Opinion
from council.reference.models import Partner, PartnerKind


class PartnerError(ValueError):
    """A change that cannot be made; the message is French."""


@dataclass(frozen=True)
class PartnerData:
    """What an admin types about a partner (public facts only)."""

    name: str
    kind: PartnerKind
    description: str = ""
    website: str = ""
    public_email: str = ""
    public_phone: str = ""


def directory() -> tuple[list[Partner], list[Partner]]:
    """The partners, in order: (current, retired)."""
    rows = db.session.scalars(select(Partner).order_by(Partner.position, Partner.name)).all()
    return [p for p in rows if not p.is_retired], [p for p in rows if p.is_retired]


def public_counts() -> dict[int, tuple[int, int]]:
    """For each partner id: (published avis, published observations) sent to it. Two queries."""
    avis = dict(db.session.execute(
        select(Opinion.partner_id, func.count()).where(Opinion.status.in_(PUBLIC),
                                                       Opinion.partner_id.is_not(None))
        .group_by(Opinion.partner_id)).all())
    observations = dict(db.session.execute(
        select(Observation.partner_id, func.count()).where(*_published_observation())
        .group_by(Observation.partner_id)).all())
    return {pid: (avis.get(pid, 0), observations.get(pid, 0)) for pid in {*avis, *observations}}


def _published_observation():
    return (Observation.published_at.is_not(None), Observation.status.in_(LISTED),
            Observation.partner_id.is_not(None))


def published_opinions(partner: Partner) -> list[Opinion]:
    """The adopted avis sent to this partner (public ones only), the latest first."""
    return list(db.session.scalars(
        select(Opinion).where(Opinion.partner_id == partner.id, Opinion.status.in_(PUBLIC))
        .options(joinedload(Opinion.vote_meeting))
        .order_by(Opinion.voted_at.desc(), Opinion.id.desc())))


def published_observations(partner: Partner) -> list[Observation]:
    """The observations the council published that were sent to this partner (their public
    summary and answer only are shown), the latest first."""
    return list(db.session.scalars(
        select(Observation).where(Observation.partner_id == partner.id, *_published_observation())
        .options(joinedload(Observation.neighbourhood))
        .order_by(Observation.published_at.desc(), Observation.id.desc())))


def create_partner(actor, data: PartnerData) -> Partner:
    """Add a partner at the end of the list (audited ``partner.create``)."""
    last = db.session.scalar(select(func.max(Partner.position))) or 0
    partner = Partner(slug=unique_slug(Partner, data.name), position=last + 1, **vars(data))
    db.session.add(partner)
    db.session.flush()
    log(actor, "partner.create", "partner", partner.id)
    return partner


def update_partner(actor, partner: Partner, data: PartnerData) -> bool:
    """Change a partner's public facts (its slug stays); audited when anything changed."""
    changed = [name for name, value in vars(data).items() if getattr(partner, name) != value]
    for name in changed:
        setattr(partner, name, getattr(data, name))
    if changed:
        db.session.flush()
        log(actor, "partner.update", "partner", partner.id, note=" ".join(changed))
    return bool(changed)


def retire_partner(actor, partner_id: int, now: datetime | None = None) -> Partner:
    """Retire a partner: new avis and observations no longer offer it; what was sent to it keeps
    its name. Audited ``partner.retire``."""
    partner = lock(Partner, partner_id)
    if partner is None:
        raise PartnerError("Ce partenaire n'existe plus.")
    if partner.is_retired:
        raise PartnerError("Ce partenaire est déjà retiré.")
    partner.retired_at = now or utcnow()
    db.session.flush()
    log(actor, "partner.retire", "partner", partner.id)
    return partner


def restore_partner(actor, partner_id: int) -> Partner:
    """Bring a retired partner back into the forms and the directory (audited ``partner.restore``)."""
    partner = lock(Partner, partner_id)
    if partner is None:
        raise PartnerError("Ce partenaire n'existe plus.")
    if not partner.is_retired:
        raise PartnerError("Ce partenaire n'est pas retiré.")
    partner.retired_at = None
    db.session.flush()
    log(actor, "partner.restore", "partner", partner.id)
    return partner
