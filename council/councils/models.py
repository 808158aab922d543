"""The council's profile: who it is, where, whom it works with, and the rules it decided.

One row for now; issue 15 turns it into one row per council, each reached on its own host.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from council.councils.rules import CouncilRules
from council.database import UTCDateTime, utcnow
from council.extensions import db


class Council(db.Model):
    """A conseil citoyen's profile. Environment settings give its first values; once stored, the
    profile is the truth (``council.councils.services.current_council``)."""

    __tablename__ = "council"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
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

    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Council {self.slug}>"

    @property
    def rules(self) -> CouncilRules:
        """The rules this council decided."""
        return CouncilRules(**{f.name: getattr(self, f.name) for f in fields(CouncilRules)})

    def set_rules(self, rules: CouncilRules) -> None:
        for f in fields(CouncilRules):
            setattr(self, f.name, getattr(rules, f.name))
