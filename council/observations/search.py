"""Text search that forgives case and accents (« ecole » finds « École »): pure, no Flask."""

from __future__ import annotations

import unicodedata


def normalise(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: the form both the text and the query take."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def like_pattern(query: str) -> str:
    """A LIKE pattern (escape character ``\\``) matching the normalised query anywhere."""
    escaped = normalise(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
