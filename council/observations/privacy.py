"""Residents' personal data on observations: consent rules and the public-text check.

A resident's name and contact are kept **only with their recorded consent**. Text published on
the public site must not carry an e-mail address, a phone number or the resident's name.
Pure rules: no Flask, no database. (Retention and the rights of access and erasure for these
contacts live in the privacy area, ``council/privacy/services.py``.)
"""

from __future__ import annotations

import re

from council.email_address import address_problem, is_deliverable

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE_CHARS = re.compile(r"^\+?[0-9 .()\-]+$")
# Nine digits or more, possibly separated by spaces, dots or dashes: a French phone number.
PHONE_IN_TEXT = re.compile(r"(?:\+|\b)\d(?:[ .\-]?\d){8,}\b")

# The age from which a person consents alone to an online service keeping their data (French law:
# loi Informatique et Libertés, art. 45; the CNIL asks the question before consent is taken).
CONSENT_AGE = 15

NO_CONSENT = ("Sans l'accord de l'habitant·e, ne notez ni son nom ni son contact : videz ce champ "
              "ou choisissez « avec son accord ».")


def is_plausible_contact(contact: str) -> bool:
    """An e-mail address mail can reach, or a phone number of 10 to 15 digits."""
    contact = contact.strip()
    if "@" in contact:
        return is_deliverable(contact)
    digits = sum(ch.isdigit() for ch in contact)
    return bool(PHONE_CHARS.match(contact)) and 10 <= digits <= 15


def _contact_error(contact: str) -> str | None:
    if not contact:
        return "Indiquez un numéro de téléphone ou une adresse e-mail."
    if "@" in contact and EMAIL.fullmatch(contact) and (problem := address_problem(contact)):
        return problem  # an address, but one mail cannot reach: say why
    if not is_plausible_contact(contact):
        return ("Ce contact n'est ni un numéro de téléphone (10 chiffres) ni une adresse e-mail "
                "(exemple : prenom.nom@exemple.fr).")
    return None


def member_contact_problems(named: bool, name: str, contact: str, consent: bool, *,
                            old_enough: bool) -> dict[str, str]:
    """Every problem with the source of an observation a member logs, by field name.

    Anonymous: no name and no contact may be kept. Named: name, contact, the resident's
    recorded consent and their word that they are ``CONSENT_AGE`` or older (``old_enough``, the
    online form's rule: younger, French law asks for a parent's consent too) are all needed.
    """
    name, contact = name.strip(), contact.strip()
    problems: dict[str, str] = {}
    if not named:
        if name:
            problems["resident_name"] = NO_CONSENT
        if contact:
            problems["resident_contact"] = NO_CONSENT
        return problems
    if not name:
        problems["resident_name"] = "Indiquez le nom de l'habitant·e."
    if error := _contact_error(contact):
        problems["resident_contact"] = error
    if not old_enough:
        problems["old_enough"] = MEMBER_TOO_YOUNG
    if not consent:
        problems["contact_consent"] = ("Cochez cette case seulement si l'habitant·e a donné son accord ; "
                                       "sinon, choisissez « anonyme ».")
    return problems


MEMBER_TOO_YOUNG = (f"Le conseil garde le nom et le contact seulement des personnes de {CONSENT_AGE} ans "
                    f"ou plus. Si l'habitant·e a moins de {CONSENT_AGE} ans, choisissez « anonyme » "
                    "(l'observation sera suivie quand même), ou notez le nom et le contact de l'un de "
                    "ses parents, avec son accord.")


TOO_YOUNG = (f"Nous gardons le nom et le contact seulement des personnes de {CONSENT_AGE} ans ou plus. "
             f"Si vous avez moins de {CONSENT_AGE} ans, laissez vides votre nom et votre contact (votre "
             "observation sera lue quand même), ou demandez à l'un de vos parents de l'envoyer avec "
             "son contact.")


def resident_contact_problems(name: str, contact: str, consent: bool, *,
                              old_enough: bool) -> dict[str, str]:
    """Every problem with the optional contact a resident leaves online, by field name.

    Nothing given is fine (anonymous). A name or a contact needs a valid contact, the consent box
    and the person's word that they are ``CONSENT_AGE`` or older (``old_enough``): under that age
    French law asks for a parent's consent too, so the contact is simply not kept.
    """
    name, contact = name.strip(), contact.strip()
    if not (name or contact or consent):
        return {}
    problems: dict[str, str] = {}
    if not old_enough:
        problems["old_enough"] = TOO_YOUNG
    if error := _contact_error(contact):
        problems["resident_contact"] = (
            error if contact else "Pour que nous puissions vous répondre, indiquez un téléphone ou "
            "un e-mail — ou laissez vides votre nom et votre contact."
        )
    if not consent:
        problems["contact_consent"] = ("Cochez cette case pour que nous gardions votre contact, "
                                       "ou laissez vides votre nom et votre contact.")
    return problems


def personal_data_in(text: str, names: list[str] = ()) -> list[str]:
    """What in ``text`` looks like personal data (French, one line each); empty when none."""
    found = []
    if EMAIL.search(text):
        found.append("une adresse e-mail")
    if PHONE_IN_TEXT.search(text):
        found.append("un numéro de téléphone")
    lowered = text.casefold()
    for name in names:
        words = (name or "").split()
        variants = {" ".join(words), " ".join(reversed(words))}
        if any(len(v) >= 3 and v.casefold() in lowered for v in variants):
            found.append("le nom de l'habitant·e")
            break
    return found

