"""Passwords: reset links, a password changed by its owner, a first password chosen from an
activation link. Add and flush, never commit."""

from __future__ import annotations

from council import audit
from council.auth.models import User
from council.auth.services.accounts import AccountError
from council.auth.tokens import make_token, matches, read_token
from council.extensions import db


def reset_token(user: User, secret_key: str) -> str:
    """A password-reset token for this account as it is now."""
    return make_token(secret_key, "password-reset", user.id, user.password_hash)


def user_for_reset_token(token: str, secret_key: str, max_age_seconds: int) -> User | None:
    """The active account a valid, unused, unexpired reset token was issued for, or None."""
    content = read_token(secret_key, "password-reset", token, max_age_seconds)
    if content is None:
        return None
    user = db.session.get(User, content[0])
    if user is None or not user.active or not matches(content[1], user.password_hash):
        return None
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one."""
    if not user.check_password(current):
        raise AccountError("Le mot de passe actuel n'est pas le bon.")
    user.set_password(new)
    db.session.flush()
    audit.log(user, "user.change_password", "user", user.id)


def set_first_password(user: User, password: str) -> None:
    """The password chosen from an activation link (which it makes unusable)."""
    user.set_password(password)
    db.session.flush()
    audit.log(user, "user.activate", "user", user.id)
