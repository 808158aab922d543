"""Who may join the conseil citoyen: pure rules, no Flask, no database.

``check(applicant, today=…)`` returns a ``Decision`` that names every reason that applies (never
only the first), in a stable order, and whether the applicant would qualify in the other college.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

DEFAULT_NEIGHBOURHOODS = ("saint-michel-vallee-d-auge", "les-provinces")
DEFAULT_MINIMUM_AGE = 16
OLDEST_PLAUSIBLE_AGE = 120


class College(enum.Enum):
    """The council's two colleges."""

    RESIDENT = "resident"
    LOCAL_ACTOR = "local_actor"

    @property
    def label(self) -> str:
        return {"resident": "collège des habitants",
                "local_actor": "collège des acteurs locaux"}[self.value]

    @property
    def short_label(self) -> str:
        return {"resident": "habitants", "local_actor": "acteurs locaux"}[self.value]

    @property
    def other(self) -> College:
        """The college that is not this one."""
        return College.LOCAL_ACTOR if self is College.RESIDENT else College.RESIDENT


class ActorCategory(enum.Enum):
    """What makes someone a local actor (OTHER never qualifies)."""

    ASSOCIATION_MEMBER = "association_member"
    ARTISAN = "artisan"
    SHOPKEEPER = "shopkeeper"
    LIBERAL_PROFESSION = "liberal_profession"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "association_member": "membre d'une association",
            "artisan": "artisan",
            "shopkeeper": "commerçant·e",
            "liberal_profession": "profession libérale",
            "other": "autre",
        }[self.value]

    @property
    def qualifies(self) -> bool:
        return self is not ActorCategory.OTHER


class Reason(enum.Enum):
    """Why an application cannot be accepted. The declaration order is the order shown."""

    TOO_YOUNG = "too_young"
    BIRTH_DATE_INVALID = "birth_date_invalid"
    NOT_RESIDENT = "not_resident"
    NOT_LOCAL_ACTOR = "not_local_actor"
    ACTIVITY_OUTSIDE = "activity_outside"
    INCOMPATIBLE_OFFICE = "incompatible_office"

    @property
    def message(self) -> str:
        """What is wrong, in plain French, addressed to the applicant."""
        return _MESSAGES[self]

    @property
    def remedy(self) -> str:
        """What would make the applicant eligible, in plain French."""
        return _REMEDIES[self]

    @property
    def label(self) -> str:
        """A short name for tables seen by organisers."""
        return _LABELS[self]


_MESSAGES = {
    Reason.TOO_YOUNG: "Vous n'avez pas encore l'âge minimum pour rejoindre le conseil citoyen.",
    Reason.BIRTH_DATE_INVALID: "La date de naissance indiquée n'est pas possible.",
    Reason.NOT_RESIDENT: "Vous n'habitez pas dans l'un des quartiers prioritaires du conseil citoyen.",
    Reason.NOT_LOCAL_ACTOR: (
        "Votre activité ne fait pas de vous un acteur local : il faut être membre d'une association, "
        "artisan, commerçant·e ou exercer une profession libérale."
    ),
    Reason.ACTIVITY_OUTSIDE: (
        "Votre activité principale ne se situe pas dans l'un des quartiers prioritaires du conseil "
        "citoyen."
    ),
    Reason.INCOMPATIBLE_OFFICE: (
        "Les élu·es, les représentant·es de l'État et les personnes qui travaillent pour la "
        "politique de la ville ne peuvent pas être membres d'un conseil citoyen."
    ),
}
_REMEDIES = {
    Reason.TOO_YOUNG: "Vous pourrez candidater à partir de votre anniversaire de l'âge minimum.",
    Reason.BIRTH_DATE_INVALID: "Vérifiez votre date de naissance (jour, mois et année).",
    Reason.NOT_RESIDENT: (
        "Le collège des habitants est ouvert aux personnes qui habitent l'un des quartiers "
        "prioritaires."
    ),
    Reason.NOT_LOCAL_ACTOR: (
        "Si vous êtes membre d'une association, artisan, commerçant·e ou profession libérale, "
        "choisissez cette catégorie."
    ),
    Reason.ACTIVITY_OUTSIDE: (
        "Le collège des acteurs locaux est ouvert aux activités situées dans l'un des quartiers "
        "prioritaires."
    ),
    Reason.INCOMPATIBLE_OFFICE: (
        "Vous pourrez candidater lorsque vous n'exercerez plus cette fonction. Vous pouvez aussi "
        "assister aux réunions publiques du conseil."
    ),
}
_LABELS = {
    Reason.TOO_YOUNG: "âge inférieur au minimum",
    Reason.BIRTH_DATE_INVALID: "date de naissance impossible",
    Reason.NOT_RESIDENT: "n'habite pas un quartier prioritaire",
    Reason.NOT_LOCAL_ACTOR: "activité non reconnue comme acteur local",
    Reason.ACTIVITY_OUTSIDE: "activité hors des quartiers prioritaires",
    Reason.INCOMPATIBLE_OFFICE: "fonction incompatible déclarée",
}


@dataclass(frozen=True)
class Applicant:
    """What the rule needs to know about someone who applies. Neighbourhoods are slugs."""

    birth_date: date
    college: College
    home_neighbourhood: str | None = None
    actor_category: ActorCategory | None = None
    activity_neighbourhood: str | None = None
    holds_incompatible_office: bool = False


@dataclass(frozen=True)
class Decision:
    """The outcome: ``reasons`` is empty exactly when ``eligible`` is true."""

    reasons: tuple[Reason, ...]
    other_college_eligible: bool

    @property
    def eligible(self) -> bool:
        return not self.reasons


def nth_birthday(birth_date: date, years: int) -> date:
    """The day someone turns ``years``; born on 29 February, it is 1 March in a non-leap year."""
    if birth_date.year + years > date.max.year:
        return date.max
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # 29 February in a non-leap year
        return date(birth_date.year + years, 3, 1)


def age_on(birth_date: date, today: date) -> int:
    """Full years lived on ``today`` (exact: the birthday itself counts)."""
    years = today.year - birth_date.year
    return years if nth_birthday(birth_date, years) <= today else years - 1


def check(
    applicant: Applicant,
    *,
    today: date,
    neighbourhoods: Iterable[str] = DEFAULT_NEIGHBOURHOODS,
    minimum_age: int = DEFAULT_MINIMUM_AGE,
) -> Decision:
    """Decide whether ``applicant`` may join the college they chose, naming every reason if not."""
    neighbourhoods = frozenset(neighbourhoods)
    reasons = _reasons(applicant, today, neighbourhoods, minimum_age)
    other = replace(applicant, college=applicant.college.other)
    return Decision(
        reasons=reasons,
        other_college_eligible=not _reasons(other, today, neighbourhoods, minimum_age),
    )


def _reasons(applicant: Applicant, today: date, neighbourhoods: frozenset[str],
             minimum_age: int) -> tuple[Reason, ...]:
    found: set[Reason] = set()
    birth = applicant.birth_date
    if birth > today or nth_birthday(birth, OLDEST_PLAUSIBLE_AGE) < today:
        found.add(Reason.BIRTH_DATE_INVALID)
    elif nth_birthday(birth, minimum_age) > today:
        found.add(Reason.TOO_YOUNG)
    if applicant.college is College.RESIDENT:
        if applicant.home_neighbourhood not in neighbourhoods:
            found.add(Reason.NOT_RESIDENT)
    else:
        if applicant.actor_category is None or not applicant.actor_category.qualifies:
            found.add(Reason.NOT_LOCAL_ACTOR)
        if applicant.activity_neighbourhood not in neighbourhoods:
            found.add(Reason.ACTIVITY_OUTSIDE)
    if applicant.holds_incompatible_office:
        found.add(Reason.INCOMPATIBLE_OFFICE)
    return tuple(reason for reason in Reason if reason in found)
