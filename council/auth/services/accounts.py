"""Accounts: create, find, authenticate, and the identity rules 2, 4 and 5 (see the package's
docstring). Add and flush, never commit."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from council import audit
from council.auth.models import CouncilRole, Role, User, hash_method
from council.auth.password_policy import MEMBER_MIN_LENGTH, password_problems
from council.database import lock, utcnow
from council.extensions import db
from council.tenancy import council_ids, current_council_id, in_council

MIN_PASSWORD_LENGTH = MEMBER_MIN_LENGTH  # the shortest any password can be (password_policy)
# Hashes of a random password, one per hashing method, checked whenever an account has no hash
# of its own to check (unknown e-mail, account awaiting activation): every sign-in attempt then
# does the same scrypt work, so its duration says nothing about the account's state.
_DUMMY_HASHES: dict[str, str] = {}


class AccountError(ValueError):
    """A request about accounts that cannot be honoured; the message is French, for the UI, and
    ``field`` names the form field it belongs beside, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    """The one stored and compared form of an address: trimmed, Unicode NFC, lower case, and the
    domain in Unicode even when typed in its ``xn--`` form — so one mailbox is one address, and
    the duplicate and "already an account" checks cannot be sidestepped by spelling."""
    local, at, domain = unicodedata.normalize("NFC", email.strip()).lower().rpartition("@")
    if not at:
        return domain
    with contextlib.suppress(UnicodeError):  # not valid IDNA: kept as typed (refused at input)
        domain = domain.encode("ascii").decode("idna") if "xn--" in domain else domain
    return f"{local}@{domain}"


def find_user(email: str) -> User | None:
    """The account whose login is this e-mail: for sign-in, reset requests and uniqueness checks
    only, never to decide whose data a record from another form is (rule 1)."""
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
    # An account of another council only, or switched off here: unknown here
    if user is None or not user.password_hash or not password_matches or not user.may_sign_in_here:
        return None
    user.last_login_at = utcnow()
    return user


def create_user(email: str, role: Role, password: str | None = None) -> User:
    """Create an account; without a password, it cannot sign in until one is set."""
    if find_user(email) is not None:
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.")
    user = User(email=normalise_email(email), role=role)
    if password is not None and (problems := new_password_problems(user, password)):
        raise AccountError(" ".join(problems), field="password")
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def give_role_here(user: User, role: Role) -> None:
    """Give an account of another council a role in this one (its password stays its own);
    refused (AccountError) when it has a role here already."""
    if user.role is not None:
        raise AccountError("Ce compte existe déjà et a déjà un rôle dans ce conseil.")
    user.role = role
    db.session.flush()


def generate_password() -> str:
    """A random password that meets the staff rule (24 characters, 143 bits), easy to copy."""
    while True:
        password = secrets.token_urlsafe(18)
        if not password_problems(password, staff=True):
            return password


def admin_exists() -> bool:
    return bool(db.session.scalar(select(func.count(CouncilRole.id))
                                  .where(CouncilRole.role == Role.ADMIN)))


def is_safe_next(target: str | None) -> bool:
    """Only a local path may follow a sign-in (no open redirect to another site)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def account_state(user: User) -> str:
    """What a single-use link about the account is bound to: its login e-mail and password hash
    (once either changes, the link stops working)."""
    return f"{user.email}\n{user.password_hash or ''}"


def account_for_link(user_id: int, *, for_update: bool = False) -> User | None:
    """The account a single-use link names. ``for_update`` (when the link is about to be used)
    locks its row and reads it afresh, so the link is checked again on what a concurrent use
    of the same link wrote: two requests at once cannot both use it (PostgreSQL)."""
    return lock(User, user_id) if for_update else db.session.get(User, user_id)


# What the areas above accounts know of a person (the roster's names), registered when their
# blueprint is imported: accounts never import them.
_PERSONAL_SOURCES: list[Callable[[User], list[str]]] = []


def on_personal_words(source: Callable[[User], list[str]]) -> None:
    """Add ``source(user)`` → the person's names, which their password must not be made of
    (registering the same function again changes nothing)."""
    if source not in _PERSONAL_SOURCES:
        _PERSONAL_SOURCES.append(source)


def is_staff(user: User | None) -> bool:
    """Organisers, admins and platform administrators get the stronger password rule."""
    return user is not None and (user.is_platform_admin
                                 or (user.role is not None and user.has_role(Role.ORGANISER)))


def new_password_problems(user: User | None, password: str) -> list[str]:
    """Every French reason ``password`` cannot be ``user``'s (``password_policy``): the rule of
    their role, and not made of their names or login e-mail. Empty when it is acceptable."""
    personal = [user.email] if user is not None and user.email else []
    if user is not None and user.id is not None:
        for source in _PERSONAL_SOURCES:
            personal.extend(source(user))
    return password_problems(password, staff=is_staff(user), personal=personal)


# Rule 2: acceptance never touches an existing account -------------------------------------------

ADDRESS_HAS_ACCOUNT = (
    "Cette adresse e-mail est déjà celle d'un compte du site : par sécurité, le nouveau membre est "
    "inscrit sans accès à l'espace des membres et ce compte n'a pas été modifié. Si c'est bien la "
    "même personne, demandez à un·e administrateur·rice de relier son compte à la fiche "
    "(Administration › Comptes) ; sinon, corrigez l'adresse de la fiche."
)


def new_member_account(email: str) -> User | None:
    """A fresh member account, without password, for an accepted applicant; None when an account
    already has this login e-mail. That account is left exactly as it is (role, password, active
    flag, e-mail): an application is typed by anyone and proves nothing about who owns it."""
    if find_user(email) is not None:
        return None
    return create_user(email, Role.MEMBER)


# Rules 4 and 5: roles come from an admin; one active admin always remains ----------------------

LAST_ADMIN = "Il doit rester au moins un compte administrateur actif."


def require_admin(actor: User | None) -> None:
    """Refuse (AccountError) anyone but an active admin."""
    if actor is None or not actor.active_here or not actor.has_role(Role.ADMIN):
        raise AccountError("Seul·e un·e administrateur·rice peut faire ce changement.")


def ensure_an_admin_remains(user: User, *, role: Role | None = None, active: bool = False) -> None:
    """Refuse (AccountError) to leave ``user`` with ``role`` and ``active`` when it is an active
    admin and no other active admin would remain. Called by every path that demotes, disables or
    erases an account. The active admins' rows are locked (PostgreSQL), so two admins removing
    each other at the same instant cannot both succeed."""
    stays_admin = role is Role.ADMIN and active
    if user.role is not Role.ADMIN or not user.active_here or stays_admin:
        return
    # The council served's admins (the scope): the rule holds in each council on its own
    admins = db.session.scalars(select(User.id).join(User.council_roles)
                                .where(CouncilRole.role == Role.ADMIN, CouncilRole.active.is_(True),
                                       User.active)
                                .order_by(User.id).with_for_update()).all()
    if not [admin_id for admin_id in admins if admin_id != user.id]:
        raise AccountError(LAST_ADMIN)


def update_account(actor: User, user: User, role: Role, active: bool) -> list[str]:
    """An admin changes an account's role and its access to this council (``active``: its other
    councils keep theirs); returns what changed, each change written to the audit log
    (role:member->organiser, enabled, disabled). The view asks for the password again first
    (``recent_auth_required``)."""
    require_admin(actor)
    ensure_an_admin_remains(user, role=role, active=active)
    changes = []
    if role is not user.role:
        changes.append(f"role:{user.role.value}->{role.value}")
        if role.rank > user.role.rank:
            # Its password was checked against a lesser rule, and a hash cannot be checked
            # again: its sessions end, and the next sign-in checks the typed password against
            # the new role's rule (a refused one must be changed before anything else).
            user.end_sessions()
        user.role = role
    if active != user.active_here:
        changes.append("enabled" if active else "disabled")
        user.set_active_here(active)  # switched off: its sessions end here, not elsewhere
    db.session.flush()
    for change in changes:
        audit.log(actor, f"account.{change.split(':')[0]}", "user", user.id, note=change)
    return changes


# An account across councils: leaving one, keeping the others ---------------------------------

def has_roles_elsewhere(user: User) -> bool:
    """Whether the account has a role in a council other than the one served (asked council by
    council, through the scope: PostgreSQL's row-level security shows each one's rows only)."""
    here = current_council_id()
    for council_id in council_ids():
        if council_id == here:
            continue
        with in_council(council_id):
            if db.session.scalar(select(func.count(CouncilRole.id))
                                 .where(CouncilRole.user_id == user.id)):
                return True
    return False


def remove_role_here(user: User) -> None:
    """Take the account's role in the council served away (its other councils keep theirs): it
    is then nobody on this host, and its sessions open nothing here. Refused (AccountError) for
    this council's last active admin."""
    ensure_an_admin_remains(user)
    here = user.role_row_here()
    if here is not None:
        user.council_roles.remove(here)
        db.session.flush()
