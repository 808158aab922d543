"""Demo data: realistic, clearly fictitious (example.org addresses), for trying the app out.

Each council of an install gets its own (``demo-data --council SLUG``): its own accounts, the
first council's ``admin@example.org``…, another's prefixed by its slug
(``flers.admin@example.org``…), and its own roster, meetings, observations and avis."""

from __future__ import annotations

from council.auth.models import Role
from council.auth.services.accounts import create_user, find_user, generate_password
from council.extensions import db
from council.meetings.demo import seed_meetings
from council.membership.demo import load_membership_demo
from council.opinions.demo import load_demo as load_participation_demo
from council.reference import data
from council.reference.services import load_reference_data
from council.tenancy import council_ids, current_council_id

DEMO_ACCOUNTS = {
    "admin@example.org": Role.ADMIN,
    "organisateur@example.org": Role.ORGANISER,
    "membre@example.org": Role.MEMBER,
}


class DemoDataError(RuntimeError):
    """The database already holds demo data."""


def demo_accounts(slug: str | None = None) -> dict[str, Role]:
    """The demo accounts of the council served: the first council's as ever, another's prefixed
    by its slug (an account of one council's demo never gets a role in another's)."""
    if slug is None or current_council_id() == min(council_ids()):
        return dict(DEMO_ACCOUNTS)
    return {f"{slug}.{email}": role for email, role in DEMO_ACCOUNTS.items()}


def load_demo_data(config, password: str | None = None, slug: str | None = None) -> dict[str, str]:
    """Create the demo accounts and content of the council served; returns what to tell about
    each account (``slug``: the council's, to name another council's accounts).

    An account that already exists (the first admin made by ``init``) is left as it is.
    """
    accounts = demo_accounts(slug)
    _admin, organiser, member = accounts
    if find_user(member) is not None:
        raise DemoDataError(f"Demo data is already loaded ({member} exists).")
    # The settings' neighbourhoods and the default partners: the demo content names them
    load_reference_data(config["NEIGHBOURHOODS"], data.PARTNERS)
    shown: dict[str, str] = {}
    for email, role in accounts.items():
        if find_user(email) is not None:
            # The first admin of ``init``: its password was shown once, when it was made.
            shown[email] = ("unchanged (this account existed: its password was shown once, when "
                            "it was created; forgot it? « Mot de passe oublié » on the sign-in page "
                            "sends a reset link, printed in the console in development)")
            continue
        secret = password or generate_password()
        create_user(email, role, secret)
        shown[email] = secret
    db.session.flush()
    # Application references are unique on the install (12 characters at most)
    reference = "C-DEMO" if member == "membre@example.org" else f"C-D{current_council_id()}-"
    load_membership_demo(config, member_email=member, reference=reference)
    seed_meetings()
    load_participation_demo(config, member_email=member, organiser_email=organiser)
    return shown
