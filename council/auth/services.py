"""Account services: create, authenticate, and the rules around them. Add and flush, never commit."""

from __future__ import annotations

import hashlib
import secrets
from urllib.parse import urlsplit

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from council.auth.models import Role, User, hash_method
from council.database import utcnow
from council.extensions import db

MIN_PASSWORD_LENGTH = 12
# Hashes of a random password, one per hashing method, checked whenever an account has no hash
# of its own to check (unknown e-mail, account awaiting activation): every sign-in attempt then
# does the same scrypt work, so its duration says nothing about the account's state.
_DUMMY_HASHES: dict[str, str] = {}


class AccountError(ValueError):
    """A request about accounts that cannot be honoured; the message is French, for the UI."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def throttle_key(email: str) -> str:
    """An opaque name for the account an e-mail designates *as it is now*, for the sign-in rate
    limits: no e-mail in the limiter's storage, and a new password (a reset) gives a new name, so
    the attempts counted before no longer count. Unknown e-mails get a name too."""
    email = normalise_email(email)
    user = find_user(email) if 0 < len(email) <= 254 and "\x00" not in email else None
    fingerprint = f"{email}\n{user.password_hash if user is not None else ''}"
    return "account:" + hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def _hash_to_check(user: User | None) -> str:
    """The account's own hash, or a dummy one made with the method new passwords get."""
    if user is not None and user.password_hash:
        return user.password_hash
    method = hash_method()
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_urlsafe(16), method=method)
    return _DUMMY_HASHES[method]


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (never says which part failed).

    Exactly one password hash is checked whatever the account's state (unknown, awaiting
    activation, disabled, wrong or right password): the answer takes the same time."""
    user = find_user(email)
    password_matches = check_password_hash(_hash_to_check(user), password)
    if user is None or not user.password_hash or not password_matches or not user.active:
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
