"""The e-mails of the membership flow. Subjects carry no personal data; bodies are plain French.

A failed delivery never undoes a decision already saved: it is logged (without any address) and
the organiser is told, so the message can be sent again or given by phone.
"""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import select

from council.auth.models import CouncilRole, Role, User
from council.councils.services import current_council
from council.extensions import db
from council.mail import Delivery, Letter, send_each, send_letters, send_mail
from council.membership.services.activation import activation_link
from council.membership.services.roster import RosterError

SUBJECT_APPLICATION = "Votre candidature au conseil citoyen"
SUBJECT_WELCOME = "Bienvenue au conseil citoyen : choisissez votre mot de passe"
SUBJECT_WELCOME_BACK = "Bienvenue au conseil citoyen"
SUBJECT_INVITATION = "Votre accès à l'espace des membres du conseil citoyen"
SUBJECT_RESIGNATION = "Une démission a été enregistrée en ligne"  # no name: subjects show in lists


def _send(to: str, subject: str, template: str, what: str, **context) -> bool:
    """Send one e-mail; True when it left, False (logged by ``send_mail``, without the address)
    when the mail server failed or refused it."""
    body = render_template(f"membership/email/{template}", **context)
    return send_mail(to, subject, body, kind=f"membership {what}")


def send_acknowledgement(application) -> bool:
    """Tell an applicant their application arrived, with its reference."""
    return _send(application.email, SUBJECT_APPLICATION, "acknowledgement.txt", "acknowledgement",
                 application=application)


def send_welcome(acceptance) -> bool:
    """Tell a new member they are in, with the link to choose a password when they have a fresh
    account; without an account (the address was already an account's login), the team will
    come back to them about access."""
    user, member = acceptance.user, acceptance.member
    if user is None:
        return _send(member.email, SUBJECT_WELCOME_BACK, "welcome.txt", "welcome", member=member,
                     link=None, login=None)
    return _send(user.email, SUBJECT_WELCOME, "welcome.txt", "welcome", member=member,
                 link=activation_link(user), days=current_app.config["ACTIVATION_LINK_DAYS"])


def send_activation_again(member) -> bool:
    """A fresh activation link for an active member who has not chosen a password yet; refused
    (RosterError) for anyone else."""
    if not member.awaits_activation:
        raise RosterError("Ce membre n'attend pas de lien d'activation.")
    return _send(member.user.email, SUBJECT_INVITATION, "invitation.txt", "activation again",
                 member=member, link=activation_link(member.user),
                 days=current_app.config["ACTIVATION_LINK_DAYS"])


def send_invitations(members) -> list[bool]:
    """The activation e-mail to members just invited (each has a fresh account), one message
    each over one connection; one failure never stops the others. True for each that left."""
    days = current_app.config["ACTIVATION_LINK_DAYS"]
    letters = [Letter(member.user.email, SUBJECT_INVITATION, render_template(
        "membership/email/invitation.txt", member=member, link=activation_link(member.user),
        days=days)) for member in members]
    return send_letters(letters, kind="membership invitation")


def send_substitute(application) -> bool:
    """Tell an applicant they are on the substitutes list."""
    return _send(application.email, SUBJECT_APPLICATION, "substitute.txt", "substitute",
                 application=application)


def send_rejection(application) -> bool:
    """Tell an applicant their application is refused, and why."""
    return _send(application.email, SUBJECT_APPLICATION, "rejected.txt", "rejection",
                 application=application)


def organiser_addresses() -> list[str]:
    """The active organisers' e-mails; the council's contact address when there is none."""
    addresses = list(db.session.scalars(select(User.email).join(User.council_roles).where(
        CouncilRole.role == Role.ORGANISER, CouncilRole.active.is_(True), User.active.is_(True))
        .order_by(User.id)))
    return addresses or [current_council().contact_email]


def send_resignation_notice(member, reason: str | None) -> Delivery:
    """Tell the organisers that a member resigned online (the name only in the body)."""
    body = render_template("membership/email/resignation.txt", member=member, reason=reason)
    return send_each(organiser_addresses(), SUBJECT_RESIGNATION, body, kind="membership resignation")
