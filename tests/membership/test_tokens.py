"""Activation tokens: signed, dated, usable once; no database, no Flask."""

import time
from types import SimpleNamespace

import pytest

from council.membership.tokens import (
    InvalidTokenError,
    make_activation_token,
    password_fingerprint,
    read_activation_token,
    token_still_unused,
)

SECRET = "a secret key for the tests"


def user(id_=42, password_hash=None):
    return SimpleNamespace(id=id_, password_hash=password_hash)


def test_a_token_names_its_account_and_is_good_for_seven_days():
    now = time.time()
    token = make_activation_token(user(), SECRET, issued_at=now)
    assert read_activation_token(token, SECRET, max_age_days=7, now=now + 7 * 86400 - 60) == (
        42, password_fingerprint(None))
    with pytest.raises(InvalidTokenError) as error:
        read_activation_token(token, SECRET, max_age_days=7, now=now + 7 * 86400 + 60)
    assert error.value.expired


def test_a_token_is_used_up_once_a_password_is_set():
    account = user()
    _, fingerprint = read_activation_token(make_activation_token(account, SECRET), SECRET, max_age_days=7)
    assert token_still_unused(account, fingerprint)
    account.password_hash = "scrypt:32768:8:1$salt$hash"
    assert not token_still_unused(account, fingerprint)


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # altered signature
    lambda t: "x" + t,                                             # altered payload
    lambda t: "",
    lambda t: "not.a.token",
])
def test_altered_tokens_are_refused(tamper):
    token = make_activation_token(user(), SECRET)
    with pytest.raises(InvalidTokenError) as error:
        read_activation_token(tamper(token), SECRET, max_age_days=7)
    assert not error.value.expired


def test_another_secret_key_refuses_the_token():
    with pytest.raises(InvalidTokenError):
        read_activation_token(make_activation_token(user(), SECRET), "other key", max_age_days=7)


def test_a_token_from_the_future_is_refused():
    token = make_activation_token(user(), SECRET, issued_at=time.time() + 3600)
    with pytest.raises(InvalidTokenError):
        read_activation_token(token, SECRET, max_age_days=7)


def test_the_token_holds_no_personal_data():
    import base64

    token = make_activation_token(SimpleNamespace(id=7, password_hash=None), SECRET)
    payload = token.split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"@" not in decoded and set(decoded.decode()) <= set('{}":,uf0123456789abcdef')
