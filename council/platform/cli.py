"""``flask --app council platform-admin EMAIL [--revoke]``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from council.extensions import db


@click.command("platform-admin")
@with_appcontext
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take the platform role away (council roles stay).")
@click.option("--password", help="For a new account only (generated and printed when omitted).")
def platform_admin_command(email: str, revoke: bool, password: str | None) -> None:
    """Make an account a platform administrator: it creates councils and their first admin on
    /plateforme/conseils, on any council's host, and sees no council's personal data unless it
    has a role there. A new account is created without any council role."""
    from council.auth.services.accounts import AccountError, find_user, generate_password
    from council.email_address import address_problem
    from council.platform.services import make_platform_admin, revoke_platform_admin

    if revoke:
        if revoke_platform_admin(email) is None:
            raise click.ClickException(f"No account {email}.")
        db.session.commit()
        click.echo(f"{email} is no longer a platform administrator.")
        return
    if problem := address_problem(email.strip()):
        raise click.ClickException(problem)
    shown = password is None and find_user(email) is None
    password = password or (generate_password() if shown else None)
    try:
        make_platform_admin(email, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{email} is a platform administrator (pages: /plateforme/conseils on any council's host).")
    if shown:
        click.echo(f"Its password, shown only this once: {password}")
