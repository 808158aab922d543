"""The rules a council decides for itself, and how they are checked: pure, no Flask, no database.

Environment settings give their first values (``CouncilRules.from_config``); the stored profile
(``council.councils.models.Council``) is the truth afterwards. ``problems`` returns every problem,
by field, in French.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction

# The cadre de référence (2014) opens the council to residents from 16; a council may ask more,
# never less. Beyond 30 the « minimum » would shut out the young people the frame wants in.
MINIMUM_AGE_RANGE = (16, 30)
MANDATE_YEARS_RANGE = (0, 6)  # 0: no end date; the cadre suggests renewals, not life terms
ABSENCE_RUN_RANGE = (1, 20)
RESIDENT_SHARE_RANGE = (50, 100)  # the habitants college holds at least half of the seats
PARITY_GAP_RANGE = (0, 20)
SIZE_RANGE = (1, 500)
ANSWER_DELAY_RANGE = (1, 365)
# council.opinions.voting.AdoptionRule's values (a test keeps them equal; importing the opinions
# package here would load its views)
ADOPTION_RULES = ("more_for_than_against", "absolute_majority", "two_thirds")

# Each rule's profile field and the environment setting that gives its first value.
SETTING_OF = {
    "minimum_age": "MINIMUM_AGE",
    "mandate_years": "MANDATE_YEARS",
    "quorum_fraction": "QUORUM_FRACTION",
    "absence_run_threshold": "ABSENCE_RUN_THRESHOLD",
    "expired_mandates_count": "EXPIRED_MANDATES_COUNT",
    "composition_min_resident_share": "COMPOSITION_MIN_RESIDENT_SHARE",
    "composition_parity_max_gap": "COMPOSITION_PARITY_MAX_GAP",
    "composition_min_size": "COMPOSITION_MIN_SIZE",
    "composition_max_size": "COMPOSITION_MAX_SIZE",
    "opinion_adoption_rule": "OPINION_ADOPTION_RULE",
    "observation_answer_delay_days": "OBSERVATION_ANSWER_DELAY_DAYS",
}


@dataclass(frozen=True)
class CouncilRules:
    """What a council decides: who may join, how long a mandate lasts, how it votes."""

    minimum_age: int = 16
    mandate_years: int = 2
    quorum_fraction: str = "1/2"  # « more than this share of the members sitting »
    absence_run_threshold: int = 3
    expired_mandates_count: bool = True
    composition_min_resident_share: int = 50
    composition_parity_max_gap: int = 2
    composition_min_size: int = 15
    composition_max_size: int = 50
    opinion_adoption_rule: str = ADOPTION_RULES[0]
    observation_answer_delay_days: int = 60

    @classmethod
    def from_config(cls, config: Mapping) -> CouncilRules:
        """The first values, from the environment settings (``MINIMUM_AGE``…)."""
        return cls(
            minimum_age=int(config["MINIMUM_AGE"]),
            mandate_years=int(config["MANDATE_YEARS"]),
            quorum_fraction=fraction_text(config["QUORUM_FRACTION"]),
            absence_run_threshold=int(config["ABSENCE_RUN_THRESHOLD"]),
            expired_mandates_count=_flag(config["EXPIRED_MANDATES_COUNT"]),
            composition_min_resident_share=int(config["COMPOSITION_MIN_RESIDENT_SHARE"]),
            composition_parity_max_gap=int(config["COMPOSITION_PARITY_MAX_GAP"]),
            composition_min_size=int(config["COMPOSITION_MIN_SIZE"]),
            composition_max_size=int(config["COMPOSITION_MAX_SIZE"]),
            opinion_adoption_rule=str(config["OPINION_ADOPTION_RULE"]),
            observation_answer_delay_days=int(config["OBSERVATION_ANSWER_DELAY_DAYS"]),
        )

    def as_settings(self) -> dict:
        """The rules under their settings' names (``{"MINIMUM_AGE": 16, …}``), for code that reads
        a settings mapping (``Thresholds.from_config``)."""
        return {SETTING_OF[name]: value for name, value in asdict(self).items()}


def _flag(value) -> bool:
    """A boolean setting, as Flask reads ``COUNCIL_EXPIRED_MANDATES_COUNT=false`` (JSON) or a word."""
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "non", "no", "")
    return bool(value)


def fraction_text(value) -> str:
    """A quorum fraction as people write it: 0.5 → « 1/2 », "0.3333" → « 1/3 »."""
    fraction = Fraction(str(value)).limit_denominator(1000)
    return f"{fraction.numerator}/{fraction.denominator}"


def _out_of(value: int, bounds: tuple[int, int], unit: str) -> str | None:
    low, high = bounds
    if not low <= value <= high:
        return f"Indiquez entre {low} et {high} {unit}."
    return None


def problems(rules: CouncilRules) -> dict[str, str]:
    """Every problem with these rules, by field name, in French; empty when they hold."""
    found = {
        "minimum_age": "Le cadre de référence ouvre le conseil dès 16 ans : l'âge minimum ne "
                       "peut pas être plus bas." if rules.minimum_age < MINIMUM_AGE_RANGE[0]
        else _out_of(rules.minimum_age, MINIMUM_AGE_RANGE, "ans"),
        "mandate_years": _out_of(rules.mandate_years, MANDATE_YEARS_RANGE, "ans"),
        "absence_run_threshold": _out_of(rules.absence_run_threshold, ABSENCE_RUN_RANGE, "absences"),
        "composition_min_resident_share":
            "Le collège des habitants compte au moins la moitié des membres : 50 % au moins."
            if rules.composition_min_resident_share < RESIDENT_SHARE_RANGE[0]
            else _out_of(rules.composition_min_resident_share, RESIDENT_SHARE_RANGE, "%"),
        "composition_parity_max_gap": _out_of(rules.composition_parity_max_gap, PARITY_GAP_RANGE,
                                              "personnes"),
        "composition_min_size": _out_of(rules.composition_min_size, SIZE_RANGE, "membres"),
        "composition_max_size": _out_of(rules.composition_max_size, SIZE_RANGE, "membres")
        or ("La taille maximale ne peut pas être plus petite que la taille minimale."
            if rules.composition_max_size < rules.composition_min_size else None),
        "observation_answer_delay_days": _out_of(rules.observation_answer_delay_days,
                                                 ANSWER_DELAY_RANGE, "jours"),
        "quorum_fraction": _quorum_problem(rules.quorum_fraction),
        "opinion_adoption_rule": None if rules.opinion_adoption_rule in
        ADOPTION_RULES else "Choisissez une règle de la liste.",
    }
    return {name: message for name, message in found.items() if message}


def _quorum_problem(text: str) -> str | None:
    """The quorum is « more than » a share at least 0 and below 1, written 1/2, 1/3 or 0,5."""
    try:
        fraction = Fraction(str(text).strip().replace(",", ".")).limit_denominator(1000)
    except (ValueError, ZeroDivisionError):
        return "Écrivez une fraction comme 1/2 ou 1/3, ou un nombre comme 0,5."
    if not 0 <= fraction < 1:
        return "Le quorum est une part des membres : au moins 0 et moins de 1 (1/2, 1/3…)."
    return None
