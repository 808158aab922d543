"""Finding a person for an erasure by phone number or name. Pure: no Flask, no database.

A phone is compared by its digits, French style (« +33 6 12 34 56 78 », « 0033 6… » and
« 06.12.34.56.78 » are one number). A name matches when every word typed is one of the person's
name words, whatever the case and accents (« benali » finds « Sarah Benali » and « Karim Benali »:
the admin then picks one; nothing is erased on a match that is not chosen).
"""

from __future__ import annotations

import re

from council.privacy.redaction import fold

MIN_PHONE_DIGITS = 9


def normalise_phone(text: str | None) -> str | None:
    """The number's digits, national form (« 0612345678 »), or None when it is not a number."""
    if not text or "@" in text:
        return None
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+33") or digits.startswith("0033"):
        # « +33 (0)6… » keeps its trunk 0 in brackets: one 0 in front, whichever way it was typed
        digits = "0" + digits.removeprefix("00").removeprefix("33").removeprefix("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else None


def name_words(text: str | None) -> set[str]:
    """A name's words, lower case, without accents; hyphens separate words."""
    return {word for word in re.split(r"[\s\-]+", fold(text or "")[0]) if word}


def name_matches(query: str, *names: str | None) -> bool:
    """Whether every word of ``query`` is a word of the person's name (given in parts)."""
    wanted = name_words(query)
    have = set().union(*(name_words(name) for name in names)) if names else set()
    return bool(wanted) and wanted <= have
