"""Account services: create, authenticate, and the rules around them. Add and flush, never commit."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from sqlalchemy import func, select

from council.auth.models import Role, User
from council.database import utcnow
from council.extensions import db

MIN_PASSWORD_LENGTH = 12
# A dummy hash checked when the e-mail is unknown, so a failed login takes the same time
# whether or not the account exists.
_DUMMY_USER = User(email="", role=Role.MEMBER)
_DUMMY_USER.set_password(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A request about accounts that cannot be honoured; the message is French, for the UI."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (never says which part failed)."""
    user = find_user(email)
    if user is None:
        _DUMMY_USER.check_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def create_user(email: str, role: Role, password: str | None = None) -> User:
    """Create an account; without a password, it cannot sign in until one is set."""
    if find_user(email) is not None:
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères."
        )
    user = User(email=normalise_email(email), role=role)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def generate_password() -> str:
    """A random password long enough for the rule, easy to copy."""
    return secrets.token_urlsafe(15)


def admin_exists() -> bool:
    return bool(db.session.scalar(select(func.count()).where(User.role == Role.ADMIN)))


def is_safe_next(target: str | None) -> bool:
    """Only a local path may follow a sign-in (no open redirect to another site)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def reset_token(user: User, secret_key: str) -> str:
    """A password-reset token for this account as it is now."""
    from council.auth.tokens import make_token

    return make_token(secret_key, "password-reset", user.id, user.password_hash)


def user_for_reset_token(token: str, secret_key: str, max_age_seconds: int) -> User | None:
    """The active account a valid, unused, unexpired reset token was issued for, or None."""
    from council.auth.tokens import matches, read_token

    content = read_token(secret_key, "password-reset", token, max_age_seconds)
    if content is None:
        return None
    user = db.session.get(User, content[0])
    if user is None or not user.active or not matches(content[1], user.password_hash):
        return None
    return user


def check_new_password(password: str) -> str | None:
    """The French reason a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères."
    return None
