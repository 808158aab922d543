"""The e-mails about one's account: the password-reset link, a change of login address (told to
both addresses), a changed password. Subjects carry no personal data; no mail carries a password.

A failed delivery is logged without any address and never turns a saved change into an error.
"""

from __future__ import annotations

from flask import current_app, render_template

from council.auth.models import User
from council.auth.services.accounts import find_user
from council.auth.services.passwords import reset_token
from council.database import utcnow
from council.dates import format_moment
from council.links import absolute_url
from council.mail import send_mail, send_mail_after_response

SUBJECT_CONFIRM = "Confirmez votre nouvelle adresse e-mail"
SUBJECT_NOTICE = "L'adresse e-mail de votre compte"
SUBJECT_RESET = "Choisir un nouveau mot de passe"
SUBJECT_PASSWORD_CHANGED = "Le mot de passe de votre compte a changé"  # noqa: S105 (a subject)


def _mask(email: str) -> str:
    """``n…@example.org``: enough for the owner to recognise, not to read it whole."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def _send(to: str, subject: str, template: str, **context) -> bool:
    body = render_template(f"auth/email/{template}", **context)
    return send_mail(to, subject, body, kind=template.removesuffix(".txt").replace("_", " "))


def send_email_change(change) -> bool:
    """Mail the confirmation link to the new address, or, when that address already belongs to
    an account, tell its owner (the requester sees the same answer in both cases); and tell the
    old address that a change was asked."""
    hours = current_app.config["EMAIL_CHANGE_HOURS"]
    if change.token is None:
        sent = _send(change.new_email, SUBJECT_NOTICE, "email_change_taken.txt")
    else:
        link = absolute_url("auth.confirm_email_change", token=change.token)
        sent = _send(change.new_email, SUBJECT_CONFIRM, "email_change.txt", link=link, hours=hours)
    _send(change.user.email, SUBJECT_NOTICE, "email_change_asked.txt",
          new_email=_mask(change.new_email), hours=hours)
    return sent


def send_email_changed(old_email: str, new_email: str) -> bool:
    """Tell the old address that the login e-mail is now another one, and the new address that
    it now is (so a change its owner did not make is noticed from either mailbox)."""
    when = format_moment(utcnow())
    sent = _send(old_email, SUBJECT_NOTICE, "email_changed.txt", new_email=_mask(new_email),
                 when=when)
    _send(new_email, SUBJECT_NOTICE, "email_now_yours.txt", when=when)
    return sent


def send_password_changed(user: User, how: str = "depuis la page « Mon profil »") -> None:
    """Tell the account's owner, once the response has left, that its password changed: when,
    how, and what to do if it was not them. Never the password."""
    body = render_template("auth/email/password_changed.txt", when=format_moment(utcnow()),
                           how=how, login_link=absolute_url("auth.login"))
    send_mail_after_response(user.email, SUBJECT_PASSWORD_CHANGED, body, kind="password changed")


def send_reset_link(email: str) -> None:
    """Mail a password-reset link to the active account whose login is ``email``, once the
    response has left. The link and the e-mail are made even when none is sent: the answer takes
    the same time whether or not the account exists."""
    user = find_user(email)
    deliverable = user is not None and user.may_sign_in_here  # an access here
    token = reset_token(user if deliverable else User(id=0),
                        current_app.secret_key)
    link = absolute_url("auth.reset_password", token=token)
    body = render_template("auth/email/reset.txt", link=link,
                           hours=current_app.config["PASSWORD_RESET_HOURS"])
    if deliverable:
        send_mail_after_response(user.email, SUBJECT_RESET, body, kind="password reset")
