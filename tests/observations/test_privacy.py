"""Consent for residents' contacts and the public-text check, without Flask."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council.observations.privacy import (
    is_plausible_contact,
    member_contact_problems,
    personal_data_in,
    resident_contact_problems,
)

PHONE, EMAIL = "06 12 34 56 78", "yvette.lanier@example.org"


@pytest.mark.parametrize(("contact", "plausible"), [
    (PHONE, True), ("0612345678", True), ("+33 6 12 34 56 78", True), ("06.12.34.56.78", True),
    (EMAIL, True), ("prenom.nom@exemple.fr", True),
    ("06 12", False), ("a@b", False), ("yvette@", False), ("appelez-moi", False), ("", False),
    ("1234567890123456", False),
])
def test_plausible_contact(contact, plausible):
    assert is_plausible_contact(contact) is plausible


@pytest.mark.parametrize(("named", "name", "contact", "consent", "fields"), [
    # anonymous: nothing personal may be kept, even with the box ticked
    (False, "", "", False, set()),
    (False, "", "", True, set()),
    (False, "Yvette Lanier", "", False, {"resident_name"}),
    (False, "", PHONE, False, {"resident_contact"}),
    (False, "Yvette Lanier", PHONE, True, {"resident_name", "resident_contact"}),
    # named: name, a real contact and the recorded consent
    (True, "Yvette Lanier", PHONE, True, set()),
    (True, "Yvette Lanier", EMAIL, True, set()),
    (True, "Yvette Lanier", PHONE, False, {"contact_consent"}),
    (True, "", PHONE, True, {"resident_name"}),
    (True, "Yvette Lanier", "", True, {"resident_contact"}),
    (True, "Yvette Lanier", "pas de téléphone", True, {"resident_contact"}),
    (True, "  ", "  ", False, {"resident_name", "resident_contact", "contact_consent"}),
])
def test_member_contact_rules(named, name, contact, consent, fields):
    assert set(member_contact_problems(named, name, contact, consent, old_enough=True)) == fields


@pytest.mark.parametrize(("name", "contact", "consent"), [
    ("Yvette", EMAIL, True), ("Yvette", PHONE, True), ("", "", False)])
def test_a_member_keeps_a_residents_contact_only_from_15_years_old(name, contact, consent):
    """The online form's rule for what a member logs: a named source needs the resident's word
    that they are 15 or older, even with their consent; an anonymous one needs no answer."""
    problems = member_contact_problems(True, name, contact, consent, old_enough=False)
    assert "15 ans ou plus" in problems["old_enough"] and "anonyme" in problems["old_enough"]
    assert member_contact_problems(False, "", "", False, old_enough=False) == {}


@pytest.mark.parametrize(("name", "contact", "consent", "fields"), [
    ("", "", False, set()),  # anonymous is fine
    ("", PHONE, True, set()),
    ("Yvette", EMAIL, True, set()),
    ("Yvette", "", False, {"resident_contact", "contact_consent"}),
    ("", PHONE, False, {"contact_consent"}),
    ("", "", True, {"resident_contact"}),
    ("", "06", True, {"resident_contact"}),
])
def test_resident_contact_rules(name, contact, consent, fields):
    assert set(resident_contact_problems(name, contact, consent, old_enough=True)) == fields


@pytest.mark.parametrize(("name", "contact", "consent"), [
    ("Yvette", EMAIL, True), ("", PHONE, True), ("Yvette", "", False)])
def test_a_contact_is_kept_only_from_15_years_old(name, contact, consent):
    """Without « J'ai 15 ans ou plus », no name or contact is accepted, even with the consent box
    (the CNIL asks the age before a child's consent is taken); anonymous needs no answer."""
    problems = resident_contact_problems(name, contact, consent, old_enough=False)
    assert "15 ans ou plus" in problems["old_enough"]
    assert resident_contact_problems("", "", False, old_enough=False) == {}


@given(named=st.booleans(), name=st.text(max_size=30), contact=st.text(max_size=30), consent=st.booleans())
def test_nothing_personal_passes_without_consent(named, name, contact, consent):
    """Whatever is typed, a name or a contact is accepted only with the consent box ticked."""
    for problems in (member_contact_problems(named, name, contact, consent, old_enough=True),
                     resident_contact_problems(name, contact, consent, old_enough=True)):
        if not problems and (name.strip() or contact.strip()):
            assert consent


def test_messages_are_french():
    problems = member_contact_problems(True, "", "", False, old_enough=True)
    assert problems["resident_name"] == "Indiquez le nom de l'habitant·e."
    assert "accord" in problems["contact_consent"]


@pytest.mark.parametrize(("text", "found"), [
    ("Le lampadaire de la rue de Normandie est réparé.", []),
    ("Écrire à yvette.lanier@example.org", ["une adresse e-mail"]),
    ("Rappeler au 06 12 34 56 78", ["un numéro de téléphone"]),
    ("Rappeler au 0612345678", ["un numéro de téléphone"]),
    ("Mme Yvette Lanier signale…", ["le nom de l'habitant·e"]),
    ("LANIER Yvette signale…", ["le nom de l'habitant·e"]),
    ("Le bus 12 passe à 8 h 30 en 2026", []),
])
def test_personal_data_in_public_text(text, found):
    assert personal_data_in(text, ["Yvette Lanier"]) == found
