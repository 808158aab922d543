"""Bringing a member in by hand, and inviting members to the members' area: pure rules, no Flask,
no database.

An organiser adds a member who was drawn by lot, co-opted, designated by an association or who
applied on paper. The eligibility rule (``council.eligibility``) is the same as for an online
application, but its outcome is a *warning*: the cadre de référence leaves the council some room,
so the organiser may add the member anyway by writing down the council's reason. An invitation is
the activation e-mail; it creates an account only where no account has the address (identity
rule 2, ``council.auth.services``).
"""

from __future__ import annotations

from dataclasses import dataclass

from council.eligibility import Decision, Reason
from council.membership.composition import CompositionWarning

OVERRIDE_MIN_LENGTH = 5
OVERRIDE_MAX_LENGTH = 500

OVERRIDE_NEEDED = ("Cette personne ne remplit pas toutes les conditions d'éligibilité (voir "
                   "ci-dessus). Pour l'ajouter quand même, indiquez la raison retenue par le "
                   "conseil.")
OVERRIDE_TOO_SHORT = f"Expliquez la raison en {OVERRIDE_MIN_LENGTH} caractères au moins."
DUPLICATE_MEMBER = "Cette adresse e-mail est déjà celle d'un membre actif du conseil citoyen."

# Why an invitation is not sent (the organiser reads it beside the member's name).
NOT_ACTIVE = "a quitté le conseil"
NO_EMAIL = "pas d'adresse e-mail sur la fiche"
ALREADY_INVITED = "a déjà un compte (invitation déjà envoyée ou compte activé)"
ADDRESS_HAS_ACCOUNT = ("l'adresse est déjà celle d'un compte du site : il n'a pas été relié ni "
                       "modifié ; un·e administrateur·rice peut relier la fiche à ce compte "
                       "(Administration › Comptes) si c'est bien la même personne")


def warnings(decision: Decision) -> list[str]:
    """The conditions not met, as organisers read them (« âge inférieur au minimum »)."""
    return [reason.label for reason in decision.reasons]


def override_problem(decision: Decision, reason: str | None) -> str | None:
    """What is wrong with the override (French, for its field), or None when the member may be
    added: an eligible person needs none; anyone else needs the council's reason."""
    if decision.eligible:
        return None
    reason = (reason or "").strip()
    if not reason:
        return OVERRIDE_NEEDED
    if len(reason) < OVERRIDE_MIN_LENGTH:
        return OVERRIDE_TOO_SHORT
    return None


def stored_override(decision: Decision, reason: str | None) -> str | None:
    """The reason kept on the member: only when a condition was overridden (a reason typed for
    an eligible person overrides nothing and is not kept)."""
    if decision.eligible:
        return None
    return (reason or "").strip()[:OVERRIDE_MAX_LENGTH] or None


def audit_note(join_method: str, decision: Decision) -> str:
    """The journal's note for a member added by hand: identifiers only (``cooptation`` or
    ``lot override:too_young,not_resident``), never the reason's free text."""
    if decision.eligible:
        return join_method
    return f"{join_method} override:{','.join(reason.value for reason in decision.reasons)}"


def overridden_reasons(note: str) -> list[Reason]:
    """The conditions an ``audit_note`` says were overridden (empty for any other note)."""
    _method, _space, rest = note.partition(" override:")
    values = {reason.value: reason for reason in Reason}
    return [values[value] for value in rest.split(",") if value in values]


@dataclass(frozen=True)
class Invitee:
    """What the invitation rule needs to know about a roster record."""

    active: bool
    email: str | None
    has_account: bool  # the record is linked to an account already
    address_has_account: bool  # some account's login is the record's e-mail


def invitation_problem(invitee: Invitee) -> str | None:
    """Why this member is not invited (French, after their name), or None: invite them — create
    an account without password and send the activation link."""
    if not invitee.active:
        return NOT_ACTIVE
    if not invitee.email:
        return NO_EMAIL
    if invitee.has_account:
        return ALREADY_INVITED
    if invitee.address_has_account:
        return ADDRESS_HAS_ACCOUNT
    return None


def new_warnings(before: list[CompositionWarning], after: list[CompositionWarning]
                 ) -> list[CompositionWarning]:
    """The composition warnings an addition brings (``composition.assess`` before and after):
    the organiser is told, the addition stands — the council decides."""
    known = {warning.code for warning in before}
    return [warning for warning in after if warning.code not in known]


def batch_problem(count: int, maximum: int) -> str | None:
    """Why a batch of ``count`` invitations is refused, or None."""
    if count == 0:
        return "Aucun membre de cette sélection n'est à inviter."
    if count > maximum:
        return (f"Cette sélection compte {count} membres à inviter : c'est plus que les "
                f"{maximum} envoyés en une fois. Affinez les filtres (collège, quartier) et "
                "invitez-les en plusieurs fois.")
    return None
