"""Removing a person's name from free text (minutes, history notes, dissent…). Pure: no Flask,
no database.

A name is found as « Prénom Nom » or « Nom Prénom », whatever the case and the accents, with any
spaces, hyphens or a line break between the words; it becomes « [nom effacé] ». A name alone (« Martin »)
is left: too many words and other people share it.
"""

from __future__ import annotations

import re
import unicodedata

ERASED_NAME = "[nom effacé]"
# Typographic apostrophes and hyphens read as plain ones; ligatures as their two letters.
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-",
                       "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def _fold_char(ch: str) -> str:
    """One character lower case, without its accents (« É » → « e », « œ » → « oe »)."""
    decomposed = unicodedata.normalize("NFKD", ch.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded, and for each folded character the index of the original one."""
    folded, origin = [], []
    for index, ch in enumerate(text):
        for piece in _fold_char(ch):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def _words(name: str) -> list[str]:
    """The words of a name, folded; a hyphen separates words (« Ben-Ali » = « Ben Ali »)."""
    return [word for word in re.split(r"[\s\-]+", fold(name)[0]) if word]


def name_pattern(first_name: str, last_name: str) -> re.Pattern | None:
    """The regular expression (on folded text) of the person's full name, either order; None
    when a part is empty (nothing safe to look for)."""
    first, last = _words(first_name or ""), _words(last_name or "")
    if not first or not last:
        return None

    def joined(words: list[str]) -> str:
        return r"[\s\-]+".join(re.escape(word) for word in words)

    variants = {joined(first + last), joined(last + first)}
    alternatives = "|".join(sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w\-])")  # not inside a longer name


def redact(text: str | None, first_name: str, last_name: str) -> str | None:
    """``text`` with every « Prénom Nom » / « Nom Prénom » of the person replaced by
    « [nom effacé] »; the rest of the text (its case, accents, line breaks) untouched."""
    pattern = name_pattern(first_name, last_name)
    if not text or pattern is None:
        return text
    folded, origin = fold(text)
    pieces, kept_until = [], 0
    for match in pattern.finditer(folded):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        pieces.append(text[kept_until:start])
        pieces.append(ERASED_NAME)
        kept_until = end
    if not pieces:
        return text
    pieces.append(text[kept_until:])
    return "".join(pieces)
