"""How strong a new password must be. Pure rules: no Flask, no database; every failure is
returned, in French, never the first only.

How this meets the CNIL's délibération n° 2022-100 (recommandation « mots de passe »)
-------------------------------------------------------------------------------------
The délibération measures a password by its entropy, computed as the CNIL does from its length
and the size of the alphabet its characters come from: ``length × log2(alphabet)``, the alphabet
being 26 lower-case letters, 26 capitals, 10 digits and 37 special characters (the CNIL's own
figure) for each kind the password uses. It then sets three cases:

1. password alone: at least 80 bits (its examples: 12 characters with capitals, lower case,
   digits and special characters; 14 characters with capitals, lower case and digits);
2. password plus a measure that restricts access (throttling after failures): at least 50 bits;
3. password plus a device the person holds: at least 13 bits.

Sign-in here is throttled (Flask-Limiter, ``LOGIN_RATE_LIMIT`` per address and
``LOGIN_ACCOUNT_RATE_LIMIT`` per account from an address; the same limits guard the reset and
the password typed again), which is case 2. We nonetheless ask the case 1 figure, so that a
password stays strong if the throttling is bypassed (many addresses) or a hash leaks:

- members: 80 bits, rounded to the nearest bit as the CNIL table does (its 12-character example
  is 12 × log2 99 = 79.6): 12 characters of the four kinds, 14 of three, a phrase of 14
  characters with spaces, or 17 lower-case letters;
- organisers and admins (they see the roster, change roles, erase people): 90 bits and at least
  14 characters: 14 characters of the four kinds, 16 of three, 19 lower-case letters…

Length and kinds overrate what people choose, so the délibération also asks to refuse the
obvious: a password that is, or is mostly made of, a common one (``common_passwords.txt``, a
list shipped with the code, compared case-insensitively), of the person's name or e-mail, or of
repeated or consecutive characters (``aaaa``, ``1234``, ``abcd``), is refused whatever its
length.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache
from pathlib import Path

MEMBER_BITS = 80
STAFF_BITS = 90
MEMBER_MIN_LENGTH = 12
STAFF_MIN_LENGTH = 14
MAX_LENGTH = 1024
# The CNIL's alphabet sizes for each kind of character.
KINDS = (
    ("minuscules", 26, str.islower),
    ("majuscules", 26, str.isupper),
    ("chiffres", 10, str.isdigit),
)
SPECIAL_KIND = ("caractères spéciaux", 37)
# A share of the password at or above this, made of guessable parts, refuses it.
MOSTLY = 0.5
SHORTEST_WORD = 4  # shorter common words or name parts are not looked for inside a password
BLOCKLIST_FILE = Path(__file__).with_name("common_passwords.txt")


def _kind_of(char: str) -> str:
    char = unicodedata.normalize("NFKD", char)[:1] or char  # « É » is a capital, « é » lower case
    for name, _size, test in KINDS:
        if char.isascii() and test(char):
            return name
    return SPECIAL_KIND[0]


def kinds_used(password: str) -> list[str]:
    """The kinds of characters the password uses, in a fixed order (for messages)."""
    used = {_kind_of(char) for char in password}
    order = [name for name, _size, _test in KINDS] + [SPECIAL_KIND[0]]
    return [name for name in order if name in used]


def _alphabet(password: str) -> int:
    sizes = {name: size for name, size, _test in KINDS} | {SPECIAL_KIND[0]: SPECIAL_KIND[1]}
    return sum(sizes[name] for name in kinds_used(password))


def entropy_bits(password: str) -> float:
    """The CNIL's measure: length × log2(size of the alphabet of the kinds used)."""
    alphabet = _alphabet(password)
    return len(password) * math.log2(alphabet) if alphabet > 1 else 0.0


def required(staff: bool) -> tuple[int, int]:
    """(bits, minimum length) for an ordinary member, or for an organiser or admin."""
    return (STAFF_BITS, STAFF_MIN_LENGTH) if staff else (MEMBER_BITS, MEMBER_MIN_LENGTH)


def length_needed(password: str, staff: bool) -> int:
    """How long a password with the same kinds of characters must be to be accepted."""
    bits, minimum = required(staff)
    per_char = math.log2(max(_alphabet(password), 2))
    length = minimum
    while round(length * per_char) < bits:
        length += 1
    return length


def _fold(text: str) -> str:
    """Lower case without accents: « Éloïse » and « eloise » are the same word here."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def common_passwords() -> frozenset[str]:
    """The blocklist, folded (lower case, no accents); ``#`` starts a comment line."""
    lines = BLOCKLIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


@cache
def _common_words() -> tuple[str, ...]:
    """Blocklist entries long enough to be looked for inside a password, longest first."""
    return tuple(sorted((w for w in common_passwords() if len(w) >= SHORTEST_WORD),
                        key=len, reverse=True))


def personal_words(*texts: str | None) -> list[str]:
    """The parts of a person's name and e-mail worth looking for in their password: each word
    of the names, the e-mail's local part and its pieces (split on . _ - +), the domain's name."""
    words: set[str] = set()
    for text in texts:
        if not text:
            continue
        local, _at, domain = _fold(text).partition("@")
        pieces = re.split(r"[\s.\-_+'’]+", local) + [local]
        if domain:
            pieces.append(domain.split(".")[0])
        words.update(piece for piece in pieces if len(piece) >= SHORTEST_WORD)
    return sorted(words, key=len, reverse=True)


def _cover(folded: str, words, covered: list[bool]) -> bool:
    """Mark in ``covered`` every character of ``folded`` inside one of ``words``; True if any."""
    found = False
    for word in words:
        start = folded.find(word)
        while start != -1:
            covered[start:start + len(word)] = [True] * len(word)
            found = True
            start = folded.find(word, start + 1)
    return found


def _predictable(password: str) -> list[bool]:
    """Characters in a run of three or more that repeat (``aaa``), follow each other in the
    alphabet or among the digits, up or down (``abc``, ``321``), or in a short pattern said
    twice (``abab``, ``1231 23``, ``azeaze``)."""
    folded = _fold(password)
    marks = [False] * len(folded)
    run_start, step = 0, None
    for i in range(1, len(folded) + 1):
        this = ord(folded[i]) - ord(folded[i - 1]) if i < len(folded) else None
        if this is not None and this == step and this in (-1, 0, 1):
            continue
        if step in (-1, 0, 1) and i - run_start >= 3:
            marks[run_start:i] = [True] * (i - run_start)
        run_start, step = i - 1, this
    for period in (2, 3, 4):
        for i in range(len(folded) - 2 * period + 1):
            if folded[i:i + period] == folded[i + period:i + 2 * period]:
                marks[i:i + 2 * period] = [True] * (2 * period)
    return marks


def _mostly(covered: list[bool]) -> bool:
    return bool(covered) and sum(covered) >= MOSTLY * len(covered)


def _strength_problem(password: str, staff: bool) -> str | None:
    bits, _minimum = required(staff)
    needed = length_needed(password, staff)
    if len(password) >= needed and round(entropy_bits(password)) >= bits:
        return None
    kinds = kinds_used(password)
    has = f"il contient {_join([f'des {kind}' for kind in kinds])}" if kinds else "il est vide"
    who = "un compte d'organisation ou d'administration" if staff else "un compte"
    return (f"Pour {who}, ce mot de passe doit faire au moins {needed} caractères avec les sortes "
            f"de caractères qu'il contient ({has}) ; il en fait {len(password)}. Allongez-le, "
            "ou mêlez majuscules, minuscules, chiffres et caractères spéciaux "
            f"(exemple de longueur suffisante : {_examples(staff)}).")


def _examples(staff: bool) -> str:
    if staff:
        return ("14 caractères des quatre sortes, 16 de trois sortes, "
                "ou une phrase de plusieurs mots séparés par des espaces d'au moins 16 caractères")
    return ("12 caractères des quatre sortes, 14 de trois sortes, "
            "ou une phrase de plusieurs mots séparés par des espaces d'au moins 14 caractères")


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def password_problems(password: str, *, staff: bool = False,
                      personal: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Every French reason ``password`` is refused (empty: accepted). ``staff``: the account is
    an organiser's or an admin's. ``personal``: the person's names and e-mail (see
    ``personal_words``), whose words the password must not mostly be made of."""
    if len(password) > MAX_LENGTH:
        return [f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères."]
    problems = []
    if strength := _strength_problem(password, staff):
        problems.append(strength)
    folded = _fold(password)
    stripped = folded.strip("0123456789 !?.*_-#@$&+=")
    common = [False] * len(folded)
    _cover(folded, _common_words(), common)
    if folded in common_passwords() or stripped in common_passwords():
        problems.append("Ce mot de passe figure parmi les plus courants : choisissez-en un autre.")
    elif _mostly(common):
        problems.append("Ce mot de passe est fait surtout d'un mot de passe courant "
                        "(comme « motdepasse » ou « azerty ») : choisissez-en un autre.")
    mine = [False] * len(folded)
    if _cover(folded, personal_words(*personal), mine) and _mostly(mine):
        problems.append("Ce mot de passe reprend surtout votre nom ou votre adresse e-mail : "
                        "choisissez-en un que personne ne peut deviner en vous connaissant.")
    predictable = _predictable(password)
    if _mostly(predictable):
        problems.append("Ce mot de passe est fait surtout de caractères répétés ou qui se suivent "
                        "(comme « aaaa », « 1234 » ou « abcd ») : choisissez-en un autre.")
    together = [a or b or c for a, b, c in zip(common, mine, predictable, strict=True)]
    if not problems[1 if strength else 0:] and _mostly(together):
        problems.append("Ce mot de passe est fait surtout de parties faciles à deviner (mots de "
                        "passe courants, votre nom ou adresse, suites de caractères) : "
                        "choisissez-en un autre.")
    return problems


def password_hint(staff: bool) -> str:
    """What the field's hint says the rule is, before anything is typed."""
    length = STAFF_MIN_LENGTH if staff else MEMBER_MIN_LENGTH
    return (f"Au moins {length} caractères mêlant majuscules, minuscules, chiffres et caractères "
            f"spéciaux ; plus long s'il en manque ({_examples(staff)}). Pas de mot de passe courant, "
            "ni votre nom ou votre adresse e-mail. Une phrase facile à retenir convient très bien.")
