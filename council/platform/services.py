"""Platform-level reads and writes: each council's counts, a new council with its first admin,
its host names. Add and flush, never commit. Every count is asked council by council through
the scope (``council.tenancy.in_council``): PostgreSQL's row-level security agrees."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from council import audit
from council.auth.models import CouncilRole, Role, User
from council.auth.services.accounts import create_user, find_user
from council.councils.hosts import normalise_host
from council.councils.models import Council, CouncilHost
from council.councils.services import (
    HOST_PATTERN,
    SLUG_PATTERN,
    CouncilError,
    all_councils,
    council_by_slug,
    create_council,
    set_hosts,
)
from council.extensions import db
from council.membership.models import Member, MemberStatus
from council.tenancy import in_council

ADDRESS_HAS_ACCOUNT = (
    "Cette adresse est déjà celle d'un compte : par sécurité, un compte n'est jamais choisi par une "
    "adresse tapée dans un formulaire. Choisissez une autre adresse, ou devenez vous-même le "
    "premier administrateur ou la première administratrice (case ci-dessous) ; la personne de ce "
    "compte recevra ensuite son rôle d'un·e administrateur·rice du conseil, ou en ligne de commande "
    "(flask --app council create-admin ADRESSE --council IDENTIFIANT).")


@dataclass(frozen=True)
class CouncilSummary:
    """What the platform sees of a council: who and where it is, and counts, never people."""

    id: int
    slug: str
    name: str
    city: str
    hosts: list[str]
    members: int
    accounts: int


def council_summaries() -> list[CouncilSummary]:
    """Every council with its hosts, its active members and the accounts with a role there."""
    summaries = []
    for council in all_councils():
        with in_council(council.id):
            members = db.session.scalar(select(func.count(Member.id))
                                        .where(Member.status == MemberStatus.ACTIVE))
            accounts = db.session.scalar(select(func.count(CouncilRole.id)))
        summaries.append(CouncilSummary(council.id, council.slug, council.name, council.city,
                                        [host.host for host in council.hosts], members, accounts))
    return summaries


def parse_hosts(text: str) -> list[str]:
    """Host names typed one per line (or separated by spaces or commas), cleaned."""
    return list(dict.fromkeys(normalise_host(name) for name in
                              text.replace(",", " ").split() if name.strip()))


def host_problems(hosts: list[str], council: Council | None = None) -> list[str]:
    """Every French reason these host names cannot be the council's (``council``: the one being
    changed, whose own names are fine)."""
    if not hosts:
        return ["Indiquez au moins une adresse (par exemple conseil-flers.example.org)."]
    problems = [f"« {host} » n'est pas un nom d'hôte (lettres, chiffres, points, tirets, et un port "
                "éventuel)." for host in hosts if not HOST_PATTERN.fullmatch(host)]
    taken = db.session.scalars(select(CouncilHost).where(CouncilHost.host.in_(hosts))).all()
    problems += [f"« {row.host} » mène déjà au conseil {row.council.name}." for row in taken
                 if council is None or row.council_id != council.id]
    return problems


def slug_problems(slug: str) -> list[str]:
    if not SLUG_PATTERN.fullmatch(slug or ""):
        return ["Un identifiant est fait de minuscules, de chiffres et de tirets (par exemple flers)."]
    if council_by_slug(slug) is not None:
        return ["Un conseil a déjà cet identifiant."]
    return []


def first_admin_problems(email: str, myself: bool) -> list[str]:
    """Why this first admin cannot be invited (French, beside the address field)."""
    if myself:
        return []
    if not email:
        return ["Indiquez l'adresse de son premier administrateur ou de sa première administratrice, "
                "ou cochez la case pour l'être vous-même."]
    if find_user(email) is not None:  # a uniqueness check (identity rule 1): never a designation
        return [ADDRESS_HAS_ACCOUNT]
    return []


@dataclass(frozen=True)
class NewCouncil:
    council: Council
    invited: User | None  # the fresh account invited (None: the platform admin took the role)


def create_council_with_first_admin(actor: User, slug: str, name: str, city: str, hosts: list[str],
                                    contact_email: str, admin_email: str, myself: bool
                                    ) -> NewCouncil:
    """Create the council (then served: its links use its host), and give its admin role to the
    platform administrator (``myself``: their own account, known from the session) or to a
    fresh account for ``admin_email``, without password, to be invited by e-mail. An address
    that is already an account's is refused (``first_admin_problems``). Audited in the new
    council. Raises CouncilError when the council cannot be made (checked before by the view)."""
    if not myself and find_user(admin_email) is not None:
        raise CouncilError(ADDRESS_HAS_ACCOUNT)
    council = create_council(slug, name, city, hosts, contact_email)
    if myself:
        actor.role = Role.ADMIN  # its role in the council now served: the new one
        invited = None
        db.session.flush()
    else:
        invited = create_user(admin_email, Role.ADMIN)
    audit.log(actor, "platform.council_create", "council", council.id,
              note="first_admin=self" if myself else f"first_admin=user:{invited.id}")
    return NewCouncil(council, invited)


def change_hosts(actor: User, council: Council, hosts: list[str]) -> bool:
    """Replace the council's host names (the first is the one its links use); audited in that
    council. Returns whether anything changed."""
    if [host.host for host in council.hosts] == hosts:
        return False
    set_hosts(council, hosts)
    with in_council(council.id):
        audit.log(actor, "platform.council_hosts", "council", council.id, note=" ".join(hosts)[:200])
    db.session.flush()
    return True


def make_platform_admin(email: str, password: str | None) -> tuple[User, bool]:
    """Make the account of ``email`` a platform administrator (the command line: whoever runs
    the server), creating it without any council role when there is none, with ``password``.
    Its sessions end (its password is checked against the staff rule at the next sign-in).
    Returns the account and whether it was created."""
    from council.auth.services.accounts import AccountError, new_password_problems, normalise_email

    user = find_user(email)
    created = user is None
    if created:
        user = User(email=normalise_email(email), is_platform_admin=True)
        if password is None or (problems := new_password_problems(user, password)):
            raise AccountError(" ".join(problems) if password else "A password is needed.")
        user.set_password(password)
        db.session.add(user)
    user.is_platform_admin = True
    user.end_sessions()
    db.session.flush()
    return user, created


def revoke_platform_admin(email: str) -> User | None:
    """Take the platform role away (its councils' roles stay); its sessions end."""
    user = find_user(email)
    if user is not None:
        user.is_platform_admin = False
        user.end_sessions()
        db.session.flush()
    return user
