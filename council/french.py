"""French that reads right: elision, contraction, agreement and plurals. Pure: no Flask.

Templates and messages join a word to a name (« de » + « Argentan », « à » + « le préfet »);
these helpers choose the form French asks for:

- elision before a vowel or a mute h: « de Argentan » → « d'Argentan », « le avis » → « l'avis »;
  an aspirated h keeps the full word (« le Havre », « de Hérouville » is elided: mute);
- contraction with the name's own article: « à le préfet » → « au préfet », « de les bailleurs »
  → « des bailleurs », « de le Comité » → « du Comité »; « la » and « l' » stay (« de la Ville »);
- a name given without its article takes it from ``ARTICLES`` (partners and meeting kinds carry the
  article they take: « Assemblée plénière » → « l'Assemblée plénière »);
- agreement of the council's own nouns (avis m., proposition f., interpellation f.) and of the
  people who act (« organisatrice », « organisateur », else « organisateur·rice »);
- ``plural(n, singular, plural)``: « 1 heure », « 2 heures »;
- ``period_in_words(days)``: « 6 mois », « 1 an », « 45 jours » (the notice's retention periods).
"""

from __future__ import annotations

import unicodedata

from babel import Locale

VOWELS = set("aeiouyAEIOUY")
# Words whose h is aspirated: no elision before them (« le Havre », « la hausse »). Lower case,
# without accents; compared with the first word of the name.
ASPIRATED_H = {
    "havre", "hache", "haie", "haine", "hall", "halle", "halte", "hameau", "handicap", "hangar",
    "harcelement", "hasard", "hausse", "haut", "haute", "hauteur", "heros", "hibou", "hollande",
    "homard", "honte", "hors", "hotte", "housse", "hublot", "huit", "hutte",
}

# What a name takes as article when it is written without one (partners, meeting kinds, bodies).
# « l' » before a vowel is worked out; only the gender matters here: True = feminine.
FEMININE_NAMES = {
    "assemblée plénière", "réunion de bureau", "réunion publique", "ville d'argentan",
    "communauté de communes argentan intercom", "agence régionale de santé",
    "caisse des dépôts et consignations", "caisse d'allocations familiales de l'orne",
    "chambre de métiers et de l'artisanat de région",
    "chambre de commerce et d'industrie de flers-argentan", "direction régionale des affaires "
    "culturelles", "éducation nationale", "mission locale d'argentan",
}
MASCULINE_NAMES = {
    "groupe de travail", "comité de pilotage du contrat de ville",
    "comité technique du contrat de ville", "conseil régional de normandie",
    "conseil départemental de l'orne", "pôle d'équilibre territorial et rural papao – pays d'ouche",
    "procureur de la république", "comité départemental olympique et sportif", "préfet de l'orne",
    "état",
}
# Otherwise the first word of the name decides (« Comité de quartier », « Ville de Flers »).
FIRST_WORD_FEMININE = {
    "assemblée": True, "réunion": True, "ville": True, "commune": True, "communauté": True,
    "caisse": True, "chambre": True, "agence": True, "direction": True, "mission": True,
    "préfecture": True, "préfète": True, "sous-préfecture": True, "région": True,
    "association": True, "maison": True, "commission": True,
    "comité": False, "conseil": False, "groupe": False, "préfet": False, "procureur": False,
    "département": False, "bureau": False, "centre": False, "service": False, "bailleur": False,
    "état": False, "pôle": False, "collège": False,
}
# Names used as proper names, with no article: « à Orne Habitat », « de Pôle emploi ».
NO_ARTICLE_PREFIXES = ("orne habitat", "logis familial", "pôle emploi")

# The council's own nouns: True = feminine.
NOUN_FEMININE = {"avis": False, "proposition": True, "interpellation": True, "observation": True,
                 "candidature": True, "réunion": True, "membre": False}

_ARTICLES = ("le ", "la ", "les ", "l'", "l’")


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower())
                   if unicodedata.category(c) != "Mn")


def elides(text: str) -> bool:
    """Whether a word before ``text`` is elided: it starts with a vowel or a mute h."""
    text = text.lstrip()
    if not text:
        return False
    first = _plain(text[0])
    if first == "y":  # d'Yves, but de Yannick, le yaourt (a y before a vowel sounds as a consonant)
        return len(text) < 2 or _plain(text[1]) not in VOWELS
    if first in VOWELS:
        return True
    if first == "h":
        word = _plain(text.split()[0]).strip("'’,.;:")
        return word not in ASPIRATED_H and not any(word.startswith(h) for h in ("haut", "hors"))
    return False


def _split_article(name: str) -> tuple[str | None, str]:
    """The article a name starts with (lower case: le, la, les, l') and the rest."""
    lowered = name.lower()
    for article in _ARTICLES:
        if lowered.startswith(article):
            return article.strip().replace("’", "'"), name[len(article):]
    return None, name


def is_feminine(name: str) -> bool | None:
    """The gender a name takes (True feminine, False masculine), None when it takes no article."""
    article, rest = _split_article(name)
    if article == "la":
        return True
    if article == "le":
        return False
    plain = rest.strip().lower()
    if plain in FEMININE_NAMES:
        return True
    if plain in MASCULINE_NAMES:
        return False
    words = plain.split()
    return FIRST_WORD_FEMININE.get(words[0]) if words else None


def with_article(name: str) -> str:
    """The name with the article it takes: « Assemblée plénière » → « l'Assemblée plénière »."""
    if not name or _split_article(name)[0] is not None:
        return name
    feminine = is_feminine(name)
    if feminine is None or name.lower().startswith(NO_ARTICLE_PREFIXES):
        return name
    if elides(name):
        return "l'" + name
    return ("la " if feminine else "le ") + name


def _lower_article(name: str) -> str:
    article, rest = _split_article(name)
    if article is None:
        return name
    return ("l'" if article == "l'" else article + " ") + rest


def de(name: str) -> str:
    """« de » joined to a name: d'Argentan, du préfet, des bailleurs, de la Ville, de l'Assemblée."""
    name = _lower_article(with_article(name))
    if name.startswith("le "):
        return "du " + name[3:]
    if name.startswith("les "):
        return "des " + name[4:]
    if name.startswith(("la ", "l'")):
        return "de " + name
    return ("d'" if elides(name) else "de ") + name


def de_person(name: str) -> str:
    """« de » before a person's name: elision only, never contraction (« de Le Goff » stays,
    « d'Élise Martin »)."""
    return ("d'" if elides(name) else "de ") + name


def a(name: str) -> str:
    """« à » joined to a name: au préfet, aux bailleurs, à la Ville, à l'État, à Orne Habitat."""
    name = _lower_article(with_article(name))
    if name.startswith("le "):
        return "au " + name[3:]
    if name.startswith("les "):
        return "aux " + name[4:]
    return "à " + name


def le(noun: str, feminine: bool | None = None) -> str:
    """The definite article joined to a noun: l'avis, la proposition, le membre."""
    if elides(noun):
        return "l'" + noun
    if feminine is None:
        feminine = NOUN_FEMININE.get(noun.lower(), bool(is_feminine(noun)))
    return ("la " if feminine else "le ") + noun


def que(text: str) -> str:
    """« que » joined to a word: qu'il, qu'Élise, que le."""
    return ("qu'" if elides(text) else "que ") + text


def agree(adjective: str, feminine: bool, plural: bool = False) -> str:
    """A regular adjective or past participle agreed: adopté → adoptée, adoptés, adoptées."""
    word = adjective
    if feminine and not word.endswith("e"):
        word += "e"
    if plural and not word.endswith(("s", "x")):
        word += "s"
    return word


def agree_with(adjective: str, noun: str) -> str:
    """An adjective agreed with one of the council's nouns: (adopté, proposition) → adoptée."""
    return agree(adjective, NOUN_FEMININE.get(noun.lower(), False))


_FRENCH = Locale("fr")


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 heure », « 2 heures », « 0 heure »: the form French takes for ``n``, by the CLDR plural
    rule that Babel (under Flask-Babel and ``ngettext``) applies — 0 and 1 take the singular,
    « 1 000 000 » the plural."""
    word = singular if _FRENCH.plural_form(abs(n)) == "one" else (plural_form or singular + "s")
    return f"{n} {word}"


DAYS_PER_MONTH = 30.5  # 183 days: « 6 mois »; 92: « 3 mois »; 31: « 1 mois »


def period_in_words(days: int) -> str:
    """A period in days said the way people say it, never off by more than a day: whole years
    (« 1 an », « 2 ans »: multiples of 365 days), else months when the days are within a day of a
    whole number of months (« 6 mois » for 183), else days (« 45 jours »)."""
    if days >= 365 and days % 365 == 0:
        return plural(days // 365, "an")
    months = round(days / DAYS_PER_MONTH)
    if months >= 1 and abs(days - months * DAYS_PER_MONTH) <= 1:
        return f"{months} mois"
    return plural(days, "jour")


def person_role(masculine: str, feminine: str, gender: str | None) -> str:
    """A role word for a person: organisatrice, organisateur, or the inclusive form if unknown."""
    if gender == "female":
        return feminine
    if gender == "male":
        return masculine
    common = 0
    while common < min(len(masculine), len(feminine)) and masculine[common] == feminine[common]:
        common += 1
    if common == len(masculine) == len(feminine):
        return masculine
    return masculine + "·" + feminine[common:] if common else masculine + "·" + feminine


# The words for the site's roles, per person: (masculine, feminine).
ROLE_WORDS = {"member": ("membre", "membre"), "organiser": ("organisateur", "organisatrice"),
              "admin": ("administrateur", "administratrice")}


def role_word(role: str, gender: str | None) -> str:
    """« organisatrice », « organisateur », or « organisateur·rice » when the gender is unknown."""
    masculine, feminine = ROLE_WORDS[role]
    return person_role(masculine, feminine, gender)


def name_and_role(name: str | None, role: str) -> str:
    """How a history names who acted: « Camille Martin, organisatrice », else just the role."""
    return f"{name}, {role}" if name else role
