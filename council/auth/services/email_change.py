"""Rule 3: one's own login e-mail changes through a link sent to the new address. Add and flush,
never commit.

Areas that keep a copy of the login e-mail (the roster record linked to the account) follow a
confirmed change through ``on_login_email_change``, registered when their blueprint is imported:
accounts never import the areas above them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from council import audit
from council.auth.models import User
from council.auth.services.accounts import (
    AccountError,
    account_for_link,
    account_state,
    find_user,
    normalise_email,
)
from council.auth.tokens import (
    email_fingerprint,
    make_email_change_token,
    matches,
    read_email_change_token,
)
from council.database import utcnow
from council.extensions import db

_FOLLOWERS: list[Callable[[User, str], None]] = []


def on_login_email_change(follower: Callable[[User, str], None]) -> None:
    """Call ``follower(user, new_email)`` whenever an account's login e-mail changes (registering
    the same function again changes nothing)."""
    if follower not in _FOLLOWERS:
        _FOLLOWERS.append(follower)


@dataclass(frozen=True)
class EmailChange:
    """A requested change: mail ``token`` to ``new_email``, or, when that address is already
    another account's login (``token`` None), tell its owner instead; the requester sees the same
    answer either way."""

    user: User
    new_email: str
    token: str | None


def request_email_change(user: User, new_email: str, password: str,
                         secret_key: str) -> EmailChange:
    """Ask to make ``new_email`` this account's login: checks the password, changes nothing yet.

    The new address waits on the account (``pending_email``, a later request replaces it); the
    token carries the account id, a keyed hash of that address (never the address: links land in
    access logs) and a fingerprint of the account's current e-mail and password, so it works
    once, and not after a password reset.
    """
    if not user.check_password(password):
        raise AccountError("Le mot de passe n'est pas le bon.", field="password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError("C'est déjà l'adresse de votre compte.", field="new_email")
    if find_user(new_email) is not None:
        return EmailChange(user, new_email, None)
    user.pending_email, user.pending_email_requested_at = new_email, utcnow()
    db.session.flush()
    return EmailChange(user, new_email, make_email_change_token(
        secret_key, user.id, new_email, account_state(user)))


def pending_email_change(token: str, secret_key: str, max_age_seconds: int, *,
                         for_update: bool = False) -> EmailChange | None:
    """The change a valid, unused, unexpired link asks for, or None; ``for_update`` before
    confirming it (``account_for_link``)."""
    content = read_email_change_token(secret_key, token, max_age_seconds)
    if content is None:
        return None
    user = account_for_link(content[0], for_update=for_update)
    if user is None or not user.active or not matches(content[2], account_state(user)):
        return None
    if not user.pending_email or email_fingerprint(secret_key, user.pending_email) != content[1]:
        return None  # another change was asked since
    return EmailChange(user, user.pending_email, token)


def confirm_email_change(change: EmailChange) -> str:
    """Make the confirmed address the account's login (and, through the registered followers,
    its roster record's e-mail, found by the link between them); returns the old address, to
    tell it."""
    if find_user(change.new_email) is not None:
        raise AccountError("Cette adresse ne peut pas être utilisée : choisissez-en une autre.")
    user, old = change.user, change.user.email
    user.email, user.pending_email, user.pending_email_requested_at = change.new_email, None, None
    for follower in _FOLLOWERS:
        follower(user, change.new_email)
    db.session.flush()
    audit.log(user, "user.change_email", "user", user.id)
    return old
