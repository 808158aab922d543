"""Demo data: realistic, clearly fictitious (example.org addresses), for trying the app out."""

from __future__ import annotations

from council.auth.models import Role
from council.auth.services.accounts import create_user, find_user, generate_password
from council.extensions import db
from council.meetings.demo import seed_meetings
from council.membership.demo import load_membership_demo
from council.opinions.demo import load_demo as load_participation_demo
from council.reference.services import load_reference_data

DEMO_ACCOUNTS = {
    "admin@example.org": Role.ADMIN,
    "organisateur@example.org": Role.ORGANISER,
    "membre@example.org": Role.MEMBER,
}


class DemoDataError(RuntimeError):
    """The database already holds demo data."""


def load_demo_data(config, password: str | None = None) -> dict[str, str]:
    """Create the demo accounts and content; returns what to tell about each account.

    An account that already exists (the first admin made by ``init``) is left as it is.
    """
    if find_user("membre@example.org") is not None:
        raise DemoDataError("Demo data is already loaded (membre@example.org exists).")
    load_reference_data(config["NEIGHBOURHOODS"])
    shown: dict[str, str] = {}
    for email, role in DEMO_ACCOUNTS.items():
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
    load_membership_demo(config)
    seed_meetings()
    load_participation_demo(config)
    return shown
