"""How the council is composed, and which substitute comes next: pure rules, no Flask, no database.

Thresholds come from the national cadre de référence (2014) and are settings: the habitants
college holds at least half of the members, women and men are balanced within it, and the council
counts between 15 and 50 members.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from council.eligibility import College

FEMALE, MALE = "female", "male"


@dataclass(frozen=True)
class Thresholds:
    min_resident_share: int = 50  # percent
    parity_max_gap: int = 2
    min_size: int = 15
    max_size: int = 50

    @classmethod
    def from_config(cls, config: Mapping) -> Thresholds:
        """Read the ``COMPOSITION_*`` settings."""
        return cls(
            min_resident_share=int(config["COMPOSITION_MIN_RESIDENT_SHARE"]),
            parity_max_gap=int(config["COMPOSITION_PARITY_MAX_GAP"]),
            min_size=int(config["COMPOSITION_MIN_SIZE"]),
            max_size=int(config["COMPOSITION_MAX_SIZE"]),
        )


@dataclass(frozen=True)
class Composition:
    """Counts of active members, and of what waits to join, per college."""

    residents: int = 0
    local_actors: int = 0
    women: int = 0  # in the habitants college
    men: int = 0
    pending: Mapping[College, int] = field(default_factory=dict)
    substitutes: Mapping[College, int] = field(default_factory=dict)
    expired: int = 0  # active members whose mandate end date has passed (counted or not: setting)

    @property
    def total(self) -> int:
        return self.residents + self.local_actors

    @property
    def resident_share(self) -> int | None:
        """Percentage of active members in the habitants college (rounded), None when empty."""
        return round(100 * self.residents / self.total) if self.total else None

    @property
    def other_genders(self) -> int:
        """Residents who said "autre" or did not answer."""
        return self.residents - self.women - self.men


@dataclass(frozen=True)
class CompositionWarning:
    code: str  # too_small, too_large, resident_share, parity
    message: str


def assess(composition: Composition, thresholds: Thresholds) -> list[CompositionWarning]:
    """Every rule of the cadre the current composition breaks, in plain French."""
    c, t = composition, thresholds
    warnings = []
    if c.total < t.min_size:
        warnings.append(CompositionWarning("too_small", (
            f"Le conseil compte {_active_members(c.total)} : le cadre de référence en recommande "
            f"au moins {t.min_size}.")))
    if c.total > t.max_size:
        warnings.append(CompositionWarning("too_large", (
            f"Le conseil compte {_active_members(c.total)} : le cadre de référence en recommande "
            f"au plus {t.max_size}.")))
    if c.total and c.residents * 100 < t.min_resident_share * c.total:
        warnings.append(CompositionWarning("resident_share", (
            f"Le collège des habitants ne représente que {c.resident_share} % des membres actifs "
            f"({c.residents} sur {c.total}) : il doit en représenter au moins "
            f"{t.min_resident_share} %.")))
    gap = abs(c.women - c.men)
    if gap > t.parity_max_gap:
        fewer = "femmes" if c.women < c.men else "hommes"
        warnings.append(CompositionWarning("parity", (
            f"Parité : le collège des habitants compte {c.women} femme{'s' * (c.women > 1)} et "
            f"{c.men} homme{'s' * (c.men > 1)}, un écart de {gap} (au plus {t.parity_max_gap} "
            f"toléré). Il manque des {fewer}.")))
    return warnings


def _active_members(count: int) -> str:
    return f"{count} membre actif" if count <= 1 else f"{count} membres actifs"


@dataclass(frozen=True)
class Substitute:
    """A substitute waiting for a seat: ``position`` orders the list (smaller first)."""

    id: int
    college: College
    gender: str | None
    position: int


@dataclass(frozen=True)
class Proposal:
    substitute: Substitute | None
    for_parity: bool = False  # someone further down the list, chosen for parity


def next_substitute(substitutes: Sequence[Substitute], college: College, *, women: int, men: int,
                    parity_max_gap: int) -> Proposal:
    """The substitute to offer when a seat of ``college`` frees up.

    The first in line of that college, unless it is the habitants college and promoting them
    would leave women and men further apart than ``parity_max_gap`` (counts taken after the
    departure): then the first in line of the under-represented gender, when there is one.
    """
    queue = sorted((s for s in substitutes if s.college is college), key=lambda s: s.position)
    if not queue:
        return Proposal(None)
    first = queue[0]
    if college is not College.RESIDENT or women == men:
        return Proposal(first)
    after_women = women + (first.gender == FEMALE)
    after_men = men + (first.gender == MALE)
    if abs(after_women - after_men) <= parity_max_gap:
        return Proposal(first)
    wanted = FEMALE if women < men else MALE
    balancing = next((s for s in queue if s.gender == wanted), None)
    return Proposal(balancing, for_parity=True) if balancing else Proposal(first)
