"""The audit journal in French: a label for each action identifier, target type and technical
note. Pure: no Flask, no database. The log stores identifiers (``privacy.erase``, ``21 lines``)
so that it can never hold a name; the journal page reads them through these mappings, old rows
included. An identifier missing here is shown as it is (and tests/audit list them all)."""

from __future__ import annotations

import re

from council.eligibility import Reason
from council.french import plural

ACTIONS = {
    "account.role": "Changement de rôle",
    "account.enabled": "Réactivation d'un compte",
    "account.disabled": "Désactivation d'un compte",
    "account.link_member": "Compte rattaché à une fiche de membre",
    "platform.council_create": "Conseil créé par l'administration de la plateforme",
    "platform.council_hosts": "Adresses du conseil changées par l'administration de la plateforme",
    "user.activate": "Activation d'un compte",
    "user.change_email": "Changement d'adresse e-mail",
    "user.change_password": "Changement de mot de passe",
    "user.reset_password": "Nouveau mot de passe choisi par un lien de réinitialisation",
    "application.accept": "Candidature acceptée",
    "application.promote": "Suppléant·e devenu·e membre",
    "application.substitute": "Inscription sur la liste des suppléant·es",
    "application.reject": "Candidature refusée",
    "application.move": "Changement de rang d'un·e suppléant·e",
    "member.add": "Membre ajouté·e à la main",
    "member.invite": "Invitation à l'espace des membres",
    "member.reinvite": "Lien d'activation renvoyé",
    "member.update": "Fiche de membre modifiée",
    "member.update_contact": "Coordonnées modifiées par le membre",
    "member.leave": "Départ d'un membre",
    "member.renew": "Mandat renouvelé",
    "member.import": "Membre ajouté par import d'un tableau",
    "roster.import": "Import d'une liste de membres",
    "roster.export": "Export de la liste des membres",
    "observation.transmit": "Observation transmise",
    "observation.publish": "Observation publiée",
    "observation.unpublish": "Observation retirée du site public",
    "observation.erase_contact": "Contact d'un·e habitant·e effacé",
    "opinion.adopt": "Avis adopté",
    "opinion.reject": "Avis rejeté",
    "opinion.transmit": "Avis transmis",
    "council.update": "Profil du conseil modifié",
    "council.neighbourhoods": "Quartiers du conseil modifiés",
    "partner.create": "Partenaire ajouté",
    "partner.update": "Partenaire modifié",
    "partner.retire": "Partenaire retiré",
    "partner.restore": "Partenaire rétabli",
    "privacy.erase": "Effacement des données",
    "privacy.purge": "Purge des données arrivées à échéance",
}

TARGETS = {
    "user": "compte", "member": "membre", "application": "candidature",
    "observation": "observation", "opinion": "avis", "person": "personne", "system": "système",
    "council": "conseil", "partner": "partenaire",
}

# What the privacy reports count (``applications=3 members=1``), as French nouns.
COUNTED = {
    "applications": ("candidature", "candidatures"),
    "pending_applications": ("candidature en attente", "candidatures en attente"),
    "rejected_applications": ("candidature refusée", "candidatures refusées"),
    "members": ("fiche de membre", "fiches de membre"),
    "accounts": ("compte", "comptes"),
    "observation_contacts": ("contact d'habitant·e", "contacts d'habitant·e"),
    "open_observation_contacts": ("contact d'habitant·e sur une observation ouverte",
                                  "contacts d'habitant·e sur des observations ouvertes"),
    "unmoderated_observation_contacts": ("contact d'habitant·e sur une observation non modérée",
                                         "contacts d'habitant·e sur des observations non modérées"),
    "substitute_applications": ("candidature de suppléant·e", "candidatures de suppléant·es"),
    "audit_entries": ("ligne du journal", "lignes du journal"),
    "pending_emails": ("nouvelle adresse de connexion jamais confirmée",
                       "nouvelles adresses de connexion jamais confirmées"),
}

ROLES = {"member": "membre", "organiser": "organisateur·rice", "admin": "administrateur·rice"}
LEAVINGS = {"resigned": "démission", "moved_out": "déménagement", "removed": "radiation"}

_LINES = re.compile(r"^(\d+) lines?$")
_ROLE_CHANGE = re.compile(r"^role:([a-z]+)->([a-z]+)$")
_MEMBER = re.compile(r"^member (\d+)$")
_COUNT = re.compile(r"^([a-z_]+)=(\d+)$")
# A member added by hand: how they joined, and the eligibility conditions the council overrode.
_ADDED = re.compile(r"^(application|lot|cooptation|designation)(?: override:([a-z_,]+))?$")
JOIN_METHODS = {"application": "candidature (papier)", "lot": "tirage au sort",
                "cooptation": "cooptation", "designation": "désignation"}
CONDITIONS = {reason.value: reason.label for reason in Reason}


def action_label(action: str) -> str:
    """« Effacement des données » for ``privacy.erase``; an unknown identifier as it is."""
    return ACTIONS.get(action, action)


def target_label(target_type: str) -> str:
    return TARGETS.get(target_type, target_type)


def note_label(note: str | None) -> str:
    """A technical note in French: « 21 lignes », « de membre à organisateur·rice »…"""
    if not note:
        return ""
    if match := _LINES.match(note):
        return plural(int(match[1]), "ligne")
    if match := _ROLE_CHANGE.match(note):
        return f"de {ROLES.get(match[1], match[1])} à {ROLES.get(match[2], match[2])}"
    if match := _MEMBER.match(note):
        return f"fiche de membre n° {match[1]}"
    if match := _ADDED.match(note):
        label = JOIN_METHODS[match[1]]
        if match[2]:
            label += " ; conditions levées : " + ", ".join(
                CONDITIONS.get(value, value) for value in match[2].split(","))
        return label
    fixed = {"enabled": "réactivé", "disabled": "désactivé", "up": "monté d'un rang",
             "down": "descendu d'un rang", "nothing": "rien à effacer", **LEAVINGS}
    if note in fixed:
        return fixed[note]
    parts = note.split()
    if parts and all(_COUNT.match(part) for part in parts):
        words = []
        for part in parts:
            key, number = _COUNT.match(part).groups()
            if key not in COUNTED:
                return note
            singular, plural_form = COUNTED[key]
            words.append(plural(int(number), singular, plural_form))
        return ", ".join(words)
    return note
