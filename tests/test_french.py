"""council.french as tables: elision, contraction, agreement and plurals (issue 12's examples)."""

import pytest

from council import french


@pytest.mark.parametrize(("name", "expected"), [
    ("Argentan", "d'Argentan"),
    ("Élise", "d'Élise"),
    ("Assemblée plénière", "de l'Assemblée plénière"),
    ("Comité de pilotage du contrat de ville", "du Comité de pilotage du contrat de ville"),
    ("Le préfet de l'Orne", "du préfet de l'Orne"),
    ("La Ville d'Argentan", "de la Ville d'Argentan"),
    ("L'État", "de l'État"),
    ("les bailleurs", "des bailleurs"),
    ("Hérouville", "d'Hérouville"),
    ("Havre", "de Havre"),
    ("Camille Martin", "de Camille Martin"),
    ("Orne Habitat (bailleur social)", "d'Orne Habitat (bailleur social)"),
    ("Réunion publique", "de la Réunion publique"),
])
def test_de(name, expected):
    assert french.de(name) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Le préfet de l'Orne", "au préfet de l'Orne"),
    ("Comité technique du contrat de ville", "au Comité technique du contrat de ville"),
    ("les habitants", "aux habitants"),
    ("La Ville d'Argentan", "à la Ville d'Argentan"),
    ("L'État", "à l'État"),
    ("Assemblée plénière", "à l'Assemblée plénière"),
    ("Orne Habitat (bailleur social)", "à Orne Habitat (bailleur social)"),
    ("Argentan", "à Argentan"),
    ("Pôle emploi (France Travail)", "à Pôle emploi (France Travail)"),
    ("Procureur de la République", "au Procureur de la République"),
])
def test_a(name, expected):
    assert french.a(name) == expected


@pytest.mark.parametrize(("noun", "expected"), [
    ("avis", "l'avis"), ("proposition", "la proposition"), ("interpellation", "l'interpellation"),
    ("membre", "le membre"), ("Havre", "le Havre"), ("hôpital", "l'hôpital"),
])
def test_le(noun, expected):
    assert french.le(noun) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("il", "qu'il"), ("Élise", "qu'Élise"), ("le conseil", "que le conseil"),
])
def test_que(text, expected):
    assert french.que(text) == expected


@pytest.mark.parametrize(("word", "noun", "expected"), [
    ("adopté", "proposition", "adoptée"),
    ("adopté", "avis", "adopté"),
    ("adressé", "interpellation", "adressée"),
    ("transmis", "proposition", "transmise"),
])
def test_agree_with(word, noun, expected):
    assert french.agree_with(word, noun) == expected


@pytest.mark.parametrize(("args", "expected"), [
    (("adopté", True, True), "adoptées"), (("adopté", False, True), "adoptés"),
    (("actif", False, False), "actif"), (("transmis", False, True), "transmis"),
])
def test_agree(args, expected):
    assert french.agree(*args) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 heure"), (1, "1 heure"), (2, "2 heures"), (24, "24 heures"),
])
def test_plural(n, expected):
    assert french.plural(n, "heure") == expected


def test_plural_irregular():
    assert french.plural(21, "ligne") == "21 lignes"
    assert french.plural(3, "travail", "travaux") == "3 travaux"


@pytest.mark.parametrize(("gender", "expected"), [
    ("female", "organisatrice"), ("male", "organisateur"), (None, "organisateur·rice"),
])
def test_person_role(gender, expected):
    assert french.person_role("organisateur", "organisatrice", gender) == expected


def test_name_and_role():
    assert french.name_and_role("Camille Martin", "organisatrice") == "Camille Martin, organisatrice"
    assert french.name_and_role(None, "organisateur·rice") == "organisateur·rice"


@pytest.mark.parametrize(("name", "expected"), [
    ("Élise Martin", "d'Élise Martin"), ("Yannick Le Goff", "de Yannick Le Goff"),
    ("Le Goff", "de Le Goff"), ("Hugo Petit", "d'Hugo Petit"), ("Yves Petit", "d'Yves Petit"),
])
def test_de_person(name, expected):
    assert french.de_person(name) == expected


def test_the_issue_sentences():
    assert f"Le départ {french.de_person('Élise')}" == "Le départ d'Élise"
    assert f"adressée {french.a('Le préfet')}" == "adressée au préfet"
    assert f"{french.agree_with('adopté', 'proposition')}" == "adoptée"
    assert f"valable {french.plural(2, 'heure')}" == "valable 2 heures"


def test_every_partner_and_meeting_kind_takes_a_known_article():
    """A new partner or meeting kind without a gender here would read « de Agence… »: it fails."""
    from council.meetings.models import MeetingKind
    from council.reference.data import PARTNERS

    names = [name for _slug, name, _kind in PARTNERS] + [kind.label for kind in MeetingKind]
    unknown = [name for name in names if french.is_feminine(name) is None
               and not name.lower().startswith(french.NO_ARTICLE_PREFIXES)]
    assert unknown == []


@pytest.mark.parametrize(("name", "de", "a"), [
    ("Assemblée plénière", "de l'Assemblée plénière", "à l'Assemblée plénière"),
    ("Réunion de bureau", "de la Réunion de bureau", "à la Réunion de bureau"),
    ("Groupe de travail", "du Groupe de travail", "au Groupe de travail"),
    ("Comité de pilotage du contrat de ville", "du Comité de pilotage du contrat de ville",
     "au Comité de pilotage du contrat de ville"),
    ("L'État", "de l'État", "à l'État"),
    ("Conseil départemental de l'Orne", "du Conseil départemental de l'Orne",
     "au Conseil départemental de l'Orne"),
    ("Éducation nationale", "de l'Éducation nationale", "à l'Éducation nationale"),
    ("Caisse des Dépôts et Consignations", "de la Caisse des Dépôts et Consignations",
     "à la Caisse des Dépôts et Consignations"),
    ("Logis Familial / Sagim (bailleur social)", "de Logis Familial / Sagim (bailleur social)",
     "à Logis Familial / Sagim (bailleur social)"),
])
def test_partners_and_meeting_kinds(name, de, a):
    assert (french.de(name), french.a(name)) == (de, a)
