"""Account rules, without HTTP."""

import pytest

from council.auth.models import Role, User
from council.auth.services.accounts import AccountError, authenticate, create_user, is_safe_next
from council.extensions import db


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/reunions", True),
        ("/reunions?page=2", True),
        (None, False),
        ("", False),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("\\\\evil.example", False),
        ("javascript:alert(1)", False),
        ("reunions", False),
        ("/\tevil", False),
    ],
)
def test_next_accepts_only_local_paths(target, safe):
    assert is_safe_next(target) is safe


@pytest.mark.parametrize(
    ("role", "includes"),
    [
        (Role.MEMBER, {Role.MEMBER}),
        (Role.ORGANISER, {Role.MEMBER, Role.ORGANISER}),
        (Role.ADMIN, {Role.MEMBER, Role.ORGANISER, Role.ADMIN}),
    ],
)
def test_roles_include_lower_roles(role, includes):
    user = User(email="x@example.org", role=role)
    assert {r for r in Role if user.has_role(r)} == includes


def test_password_is_hashed_with_scrypt():
    user = User(email="x@example.org", role=Role.MEMBER)
    user.set_password("a very long passphrase")
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password("a very long passphrase")
    assert not user.check_password("a very long passphrasE")


def test_changing_password_rotates_the_session_token():
    user = User(email="x@example.org", role=Role.MEMBER)
    user.set_password("first passphrase!!")
    before = user.session_token
    user.set_password("second passphrase!!")
    assert user.session_token != before


def test_accounts_need_twelve_characters(app):
    with app.app_context(), pytest.raises(AccountError, match="12 caractères"):
        create_user("short@example.org", Role.MEMBER, "elevenchars")


def test_authenticate(app):
    with app.app_context():
        create_user("Someone@Example.org", Role.MEMBER, "twelve chars! and more")
        disabled = create_user("off@example.org", Role.MEMBER, "twelve chars! and more")
        disabled.active = False
        db.session.flush()
        assert authenticate("  someone@example.ORG ", "twelve chars! and more") is not None
        assert authenticate("someone@example.org", "wrong password") is None
        assert authenticate("nobody@example.org", "twelve chars! and more") is None
        assert authenticate("off@example.org", "twelve chars! and more") is None


@pytest.mark.parametrize(("typed", "stored"), [
    ("  Nadia@Example.ORG ", "nadia@example.org"),
    ("nadia@ÉCOLE.fr", "nadia@école.fr"),
    ("nadia@e\u0301cole.fr", "nadia@école.fr"),  # é as e + combining accent: the same mailbox
    ("nadia@xn--cole-9oa.fr", "nadia@école.fr"),  # the domain's ASCII (IDNA) spelling
    ("nadia@xn--zz.fr", "nadia@xn--zz.fr"),  # not valid IDNA: kept as typed
    ("sans-arobase", "sans-arobase"),
])
def test_one_mailbox_is_one_address(typed, stored):
    from council.auth.services.accounts import normalise_email

    assert normalise_email(typed) == stored
