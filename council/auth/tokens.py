"""Signed, expiring, single-use links for accounts (password reset, activation). No Flask.

A token carries the account id and a fingerprint of the account's current state (for a reset: its
login e-mail and password hash): once that changes, every link issued before stops working, so
each link works once, and not after the login e-mail has moved to another mailbox.
"""

from __future__ import annotations

import hashlib
import hmac

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


def _fingerprint(password_hash: str | None) -> str:
    return hashlib.sha256((password_hash or "no-password").encode()).hexdigest()[:16]


def make_token(secret_key: str, purpose: str, user_id: int, state: str | None) -> str:
    """A URL-safe token for ``purpose`` (e.g. "password-reset") and this account ``state``."""
    serializer = URLSafeTimedSerializer(secret_key, salt=f"council-{purpose}")
    return serializer.dumps([user_id, _fingerprint(state)])


def read_token(secret_key: str, purpose: str, token: str, max_age_seconds: int) -> tuple[int, str] | None:
    """``(user_id, fingerprint)`` of a valid, unexpired token, or None."""
    serializer = URLSafeTimedSerializer(secret_key, salt=f"council-{purpose}")
    try:
        user_id, fingerprint = serializer.loads(token, max_age=max_age_seconds)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(fingerprint, str):
        return None
    return user_id, fingerprint


def matches(fingerprint: str, state: str | None) -> bool:
    """True while the account's state is the one the token was issued for."""
    return fingerprint == _fingerprint(state)


def email_fingerprint(secret_key: str, email: str) -> str:
    """A keyed hash of an address: a token names the address it confirms without holding it (a
    token's payload is signed, not encrypted, and links land in access logs)."""
    return hmac.new(secret_key.encode(), f"email:{email}".encode(), hashlib.sha256).hexdigest()[:24]


def make_email_change_token(secret_key: str, user_id: int, new_email: str, state: str) -> str:
    """A token confirming that account ``user_id`` may take ``new_email`` (kept on the account
    meanwhile, as ``pending_email``) as its login; it holds only a keyed hash of the address.

    ``state`` is the account's current login e-mail and password hash: once either changes (the
    change was confirmed, or the password was reset), the token stops working.
    """
    serializer = URLSafeTimedSerializer(secret_key, salt="council-email-change")
    return serializer.dumps([user_id, email_fingerprint(secret_key, new_email), _fingerprint(state)])


def read_email_change_token(secret_key: str, token: str,
                            max_age_seconds: int) -> tuple[int, str, str] | None:
    """``(user_id, new e-mail's fingerprint, state fingerprint)`` of a valid, unexpired e-mail
    change token, or None."""
    serializer = URLSafeTimedSerializer(secret_key, salt="council-email-change")
    try:
        user_id, new_email, fingerprint = serializer.loads(token, max_age=max_age_seconds)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not all(isinstance(v, str) for v in (new_email, fingerprint)):
        return None
    return user_id, new_email, fingerprint
