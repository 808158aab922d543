"""Signed activation links: valid for a few days, usable once. No database, no Flask.

The token carries the account id and a fingerprint of its password hash: once a password is
chosen the fingerprint changes, so the same link cannot be used again.
"""

from __future__ import annotations

import hashlib
import time

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

SALT = "council.account-activation"


class InvalidTokenError(ValueError):
    """The link is altered, expired or already used; ``expired`` tells the second case apart."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


class _ClockSigner(TimestampSigner):
    """A timestamp signer that can sign at a given moment (to test links issued days ago)."""

    def __init__(self, *args, now: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def get_timestamp(self) -> int:
        return int(self.now if self.now is not None else time.time())


def _serializer(secret_key: str, now: float | None = None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT, signer=_ClockSigner,
                                  signer_kwargs={"now": now})


def password_fingerprint(password_hash: str | None) -> str:
    """A short digest of the password hash (or of "no password yet")."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:20]


def make_activation_token(user, secret_key: str, *, issued_at: float | None = None) -> str:
    """A URL-safe token for ``user`` (anything with ``id`` and ``password_hash``)."""
    payload = {"u": user.id, "f": password_fingerprint(user.password_hash)}
    return _serializer(secret_key, issued_at).dumps(payload)


def read_activation_token(token: str, secret_key: str, *, max_age_days: int,
                          now: float | None = None) -> tuple[int, str]:
    """The ``(user id, fingerprint)`` the token was made for; raises ``InvalidTokenError``."""
    try:
        payload = _serializer(secret_key, now).loads(token, max_age=max_age_days * 86400)
    except SignatureExpired as error:
        raise InvalidTokenError(expired=True) from error
    except (BadSignature, UnicodeError, ValueError) as error:
        raise InvalidTokenError() from error
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int) \
            or not isinstance(payload.get("f"), str):
        raise InvalidTokenError()
    return payload["u"], payload["f"]


def token_still_unused(user, fingerprint: str) -> bool:
    """True while the account's password is the one it had when the link was made."""
    return password_fingerprint(user.password_hash) == fingerprint
