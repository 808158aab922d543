"""Passwords: reset links, a password changed by its owner, a first password chosen from an
activation link. Add and flush, never commit."""

from __future__ import annotations

from council import audit
from council.auth.models import User
from council.auth.services.accounts import (
    AccountError,
    account_for_link,
    account_state,
    new_password_problems,
)
from council.auth.tokens import make_token, matches, read_token
from council.extensions import db


def reset_token(user: User, secret_key: str) -> str:
    """A password-reset token for this account as it is now: its login e-mail and password.
    Once either changes, the link stops working (a link left in a mailbox the owner has since
    given up must not hand the account to whoever reads that mailbox)."""
    return make_token(secret_key, "password-reset", user.id, account_state(user))


def user_for_reset_token(token: str, secret_key: str, max_age_seconds: int, *,
                         for_update: bool = False) -> User | None:
    """The active account a valid, unused, unexpired reset token was issued for, or None;
    ``for_update`` before using it (``account_for_link``)."""
    content = read_token(secret_key, "password-reset", token, max_age_seconds)
    if content is None:
        return None
    user = account_for_link(content[0], for_update=for_update)
    if user is None or not user.may_sign_in_here or not matches(content[1], account_state(user)):
        return None
    return user


def _require_acceptable(user: User, password: str) -> None:
    """Refuse (AccountError) a password the policy refuses for this account; the forms check
    it first, beside the field: this keeps every other path (CLI, services) to the rule."""
    if problems := new_password_problems(user, password):
        raise AccountError(" ".join(problems), field="password")


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one."""
    if not user.check_password(current):
        raise AccountError("Le mot de passe actuel n'est pas le bon.", field="current")
    _require_acceptable(user, new)
    user.set_password(new)
    db.session.flush()
    audit.log(user, "user.change_password", "user", user.id)


def reset_password(user: User, password: str) -> None:
    """The password chosen through a reset link (which it makes unusable)."""
    _require_acceptable(user, password)
    user.set_password(password)
    db.session.flush()
    audit.log(user, "user.reset_password", "user", user.id)


def set_first_password(user: User, password: str) -> None:
    """The password chosen from an activation link (which it makes unusable)."""
    _require_acceptable(user, password)
    user.set_password(password)
    db.session.flush()
    audit.log(user, "user.activate", "user", user.id)
