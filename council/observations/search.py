"""Text search that forgives case and accents (« ecole » finds « École ») and the end of the last
word typed (« lampad » finds « lampadaire »): pure, no Flask, no database.

The members' search runs on full-text indexes built over ``Observation.search_text`` (the
description and the place, normalised by ``normalise``): SQLite FTS5 and PostgreSQL ``tsvector``
(configuration ``french_unaccent``; see the migration ``f5a6b7c8d9e0``). Both are given a query
built here from the same words, where every character a person types is text, never syntax:
« OR », « NOT », « * », « : », quotes and brackets are plain words or separators.

Rules, alike on both engines:
- words are runs of letters and digits (an apostrophe, a hyphen or a sign separates them);
- every word must appear (AND); the last word typed may be the start of a longer word;
- a word ending in « s » or « x » (more than three letters) also finds its singular stem
  (« lampadaires » finds « lampadaire »);
- French stop words (« de », « la », « les »…) are left out, as PostgreSQL's French
  configuration does; a search left with no word filters nothing;
- at most ``MAX_WORDS`` words are kept.
PostgreSQL also stems words (« jardiner » finds « jardin »), so it may find more than SQLite.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_WORDS = 8

# PostgreSQL's French stop words (tsearch_data/french.stop) without accents: the configuration
# removes accents before it compares a word to the list, so only these ever match.
_STOP_WORDS = """
au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me mes moi mon ne
nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
votre vous c d j l m n s t y suis es est sommes sont serai seras sera serons serez seront serais
serait serions seriez seraient fus fut furent sois soit soyons soyez soient fusse fusses
fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai
auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions aviez
avaient eut eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: the form both the text and the query take."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


@dataclass(frozen=True)
class Term:
    """One word to find; ``prefix``: a word that starts with it is enough."""

    word: str
    prefix: bool = False
    typed: str = ""  # the word as typed, when ``word`` is its singular stem


def terms(query: str) -> list[Term]:
    """The words of what was typed, as the indexes are asked for them (see the module's rules)."""
    words = [w for w in _WORD.findall(normalise(query)) if w not in STOP_WORDS][:MAX_WORDS]
    found = []
    for position, word in enumerate(words):
        last = position == len(words) - 1
        if len(word) > 3 and word[-1] in "sx":
            found.append(Term(word[:-1], prefix=True, typed=word))
        else:
            found.append(Term(word, prefix=last))
    return found


def fts5_query(found: list[Term]) -> str:
    """An FTS5 MATCH expression: each word a quoted string (never an operator), ``*`` for a
    prefix, all of them required (« "arret" "bu"* »)."""
    return " ".join('"' + t.word.replace('"', '""') + '"' + ("*" if t.prefix else "") for t in found)


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "\\'") + "'"


def tsquery(found: list[Term]) -> str:
    """A ``to_tsquery`` text: each word a quoted lexeme, ``:*`` for a prefix, joined by ``&``
    (« 'arret' & 'bu':* »); the configuration then stems each one. A plural also looks for the
    word as typed, whose stem may differ (« chevaux » → « cheval »)."""
    parts = []
    for t in found:
        part = _lexeme(t.word) + (":*" if t.prefix else "")
        parts.append(f"( {_lexeme(t.typed)} | {part} )" if t.typed else part)
    return " & ".join(parts)
