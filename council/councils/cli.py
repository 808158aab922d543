"""``flask --app council council create|list|set-host``, and ``--council SLUG`` for the commands
that act on one council."""

from __future__ import annotations

import functools

import click
from flask.cli import AppGroup

from council.extensions import db

council_group = AppGroup("council", help="The councils this install serves, and their hosts.")


def council_option(command):
    """Add ``--council SLUG`` to ``command``: it then serves that council (default: the only
    one; an install with several councils requires the option)."""

    @click.option("--council", "council_slug", metavar="SLUG",
                  help="The council to act on (default: the only council of the install).")
    @functools.wraps(command)
    def wrapper(*args, council_slug: str | None = None, **kwargs):
        from council.councils.services import council_by_slug
        from council.tenancy import NoCouncilChosen, current_council_id, use_council

        if council_slug is not None:
            council = council_by_slug(council_slug)
            if council is None:
                raise click.ClickException(f"No council named {council_slug}.")
            use_council(council.id)
        else:
            try:
                current_council_id()
            except NoCouncilChosen as error:
                raise click.ClickException(str(error)) from error
        return command(*args, **kwargs)

    return wrapper


@council_group.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="« Conseil citoyen de Flers »")
@click.option("--city", required=True)
@click.option("--host", "hosts", multiple=True, required=True,
              help="A host name it answers on (repeat it; the first is the one links use).")
@click.option("--contact-email", required=True,
              help="Its public contact, shown on its pages and in its calendars.")
def create_command(slug, name, city, hosts, contact_email) -> None:
    """Create a council reached on its host names."""
    from council.councils.services import CouncilError, create_council
    from council.email_address import address_problem

    problem = address_problem(contact_email.strip())
    if problem:  # never another council's address by default: its pages would show it
        raise click.ClickException(f"--contact-email: {problem}")
    try:
        council = create_council(slug, name, city, hosts, contact_email)
    except CouncilError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Council {council.slug} created: {council.name}, on {', '.join(hosts)}.")
    click.echo(f"Create its first admin: flask --app council create-admin EMAIL --council {slug}")


@council_group.command("list")
def list_command() -> None:
    """Every council: slug, name, hosts (the first is the one links use)."""
    from council.councils.services import all_councils

    for council in all_councils():
        hosts = ", ".join(host.host for host in council.hosts) or "(SITE_HOST)"
        stored = "" if council.profile_stored else " [profile from the settings]"
        click.echo(f"{council.slug:<20} {council.name}{stored} — {hosts}")


@council_group.command("set-host")
@click.argument("slug")
@click.argument("hosts", nargs=-1, required=True)
@click.option("--primary", help="The host its links use (default: the first given).")
def set_host_command(slug, hosts, primary) -> None:
    """Replace the host names council SLUG answers on."""
    from council.councils.services import CouncilError, council_by_slug, set_hosts

    council = council_by_slug(slug)
    if council is None:
        raise click.ClickException(f"No council named {slug}.")
    try:
        set_hosts(council, hosts, primary)
    except CouncilError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Council {slug} answers on {', '.join(h.host for h in council.hosts)}.")
