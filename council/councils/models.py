"""The council's profile: who it is, where, whom it works with, and the rules it decided.

One row per council, each reached on its host names (``CouncilHost``); the rows every area keeps
for one council carry its id (``council.tenancy.CouncilOwned``).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from uuid import uuid4

from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.councils.rules import CouncilRules
from council.database import UTCDateTime, utcnow
from council.extensions import db


class Council(db.Model):
    """A conseil citoyen's profile. Environment settings give its first values; once stored, the
    profile is the truth (``council.councils.services.current_council``)."""

    __tablename__ = "council"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # Tells this council from a namesake of another install (a per-council backup names both)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: uuid4().hex)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    support_name: Mapped[str] = mapped_column(String(200), default="")
    support_contact: Mapped[str] = mapped_column(String(254), default="")
    # As said in a sentence: « transmise à la préfecture de l'Orne », « adressée au préfet de l'Orne »
    prefecture: Mapped[str] = mapped_column(String(200))
    prefect: Mapped[str] = mapped_column(String(200))
    contract_signed_on: Mapped[date | None]
    contract_renewed_on: Mapped[date | None]
    contract_ends_on: Mapped[date | None]
    home_intro: Mapped[str] = mapped_column(Text, default="")
    home_about: Mapped[str] = mapped_column(Text, default="")
    # The data controller the personal-data page names (empty: the council itself, at its
    # contact address), and whom to write to about personal data (its DPO or référent)
    controller_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    controller_address: Mapped[str] = mapped_column(Text, default="", server_default="")
    privacy_contact: Mapped[str] = mapped_column(String(254), default="", server_default="")

    minimum_age: Mapped[int]
    mandate_years: Mapped[int]
    quorum_fraction: Mapped[str] = mapped_column(String(20))
    absence_run_threshold: Mapped[int]
    expired_mandates_count: Mapped[bool]
    composition_min_resident_share: Mapped[int]
    composition_parity_max_gap: Mapped[int]
    composition_min_size: Mapped[int]
    composition_max_size: Mapped[int]
    opinion_adoption_rule: Mapped[str] = mapped_column(String(30))
    observation_answer_delay_days: Mapped[int]

    # False for the first council until init or an admin stores its profile: until then the
    # settings (COUNCIL_NAME…) are shown, as on an install of one council before issue 15.
    profile_stored: Mapped[bool] = mapped_column(default=True, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    hosts: Mapped[list[CouncilHost]] = relationship(
        back_populates="council", order_by="(CouncilHost.is_primary.desc(), CouncilHost.id)",
        cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Council {self.slug}>"

    @property
    def primary_host(self) -> str | None:
        """The name its links use (None: the install's ``SITE_HOST``)."""
        return self.hosts[0].host if self.hosts else None

    @property
    def rules(self) -> CouncilRules:
        """The rules this council decided."""
        return CouncilRules(**{f.name: getattr(self, f.name) for f in fields(CouncilRules)})

    def set_rules(self, rules: CouncilRules) -> None:
        for f in fields(CouncilRules):
            setattr(self, f.name, getattr(rules, f.name))


class CouncilHost(db.Model):
    """A host name a council answers on (``conseil-argentan.example.org``, with a port in
    development). Unique across the install: a host reaches one council."""

    __tablename__ = "council_host"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    host: Mapped[str] = mapped_column(String(253), unique=True)
    is_primary: Mapped[bool] = mapped_column(default=False)

    council: Mapped[Council] = relationship(back_populates="hosts")

    def __repr__(self) -> str:
        return f"<CouncilHost {self.host}>"
