"""Sentences of the personal-data page that depend on the settings. Pure: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass

from council.observations.privacy import CONSENT_AGE

ADULT_AGE = 18


def ages_in_words(first: int, last: int) -> str:
    """« 16 ou 17 ans », « 17 ans », « 15, 16 ou 17 ans »."""
    ages = [str(age) for age in range(first, last + 1)]
    if len(ages) == 1:
        return f"{ages[0]} ans"
    return f"{', '.join(ages[:-1])} ou {ages[-1]} ans"


def minors_sentence(minimum_age: int) -> str | None:
    """What the page says to minors who may join, from the MINIMUM_AGE setting; None when only
    adults may join (nothing to say)."""
    if minimum_age >= ADULT_AGE:
        return None
    if minimum_age >= CONSENT_AGE:
        return (f"Si vous avez {ages_in_words(minimum_age, ADULT_AGE - 1)}, vous pouvez candidater et "
                "utiliser vos droits vous-même, sans l'accord de vos parents (la loi française fixe "
                f"cet âge à {CONSENT_AGE} ans).")
    return (f"Si vous avez {ages_in_words(minimum_age, ADULT_AGE - 1)}, vous pouvez candidater. "
            f"À partir de {CONSENT_AGE} ans, vous utilisez vos droits vous-même, sans l'accord de vos "
            f"parents ; avant {CONSENT_AGE} ans, l'un de vos parents peut aussi les utiliser pour "
            "vous (la loi française fixe cet âge à 15 ans).")


def processors(config) -> list[tuple[str, str]]:
    """(role, name) of every processor the settings name, in the settings' order."""
    from council.config import PROCESSOR_SETTINGS

    return [(role, str(config.get(name) or "").strip()) for name, role in PROCESSOR_SETTINGS.items()
            if str(config.get(name) or "").strip()]


@dataclass(frozen=True)
class Controller:
    """Who the personal-data page names as responsible for the council's data, and where to
    write about them (the council's profile; empty fields fall back on the council itself)."""

    name: str  # with its article, as said in a sentence: « l'association … », « le Conseil … »
    address: str
    contact: str
    is_the_council: bool = True  # no other controller named: the council itself

    @property
    def contact_is_email(self) -> bool:
        return "@" in self.contact and " " not in self.contact


def controller(council) -> Controller:
    """The data controller of ``council`` (a profile): its own names when given, else the
    council itself at its public contact address."""
    named = (council.controller_name or "").strip()
    contact = (council.privacy_contact or "").strip() or council.contact_email
    return Controller(named or f"le {council.name}", (council.controller_address or "").strip(),
                      contact, is_the_council=not named)
