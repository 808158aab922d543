"""``flask --app council remind``: the reminders of the meetings coming up (cron, every 15 minutes)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from council.extensions import db

ANOTHER_REMINDER_RUN = ("Another reminder run holds the lock for council {slug}: this one sent "
                        "nothing there. / Un autre envoi de rappels est en cours pour {slug} : "
                        "celui-ci n'a rien envoyé.")


def _paris_now(value):
    """``--now`` read as Paris wall-clock time; the instant, or a usage error in French."""
    from council.meetings.rules import LocalTimeError, paris_instant

    try:
        return paris_instant(value.date(), value.time())
    except LocalTimeError as error:
        raise click.BadParameter(str(error), param_hint="--now") from error


def _councils(slug: str | None, every: bool):
    """The councils to remind for: the one named, all of them, or the install's only one."""
    from sqlalchemy import select

    from council.councils.models import Council
    from council.tenancy import NoCouncilChosen, current_council_id

    if slug is not None and every:
        raise click.UsageError("Choose --council SLUG or --all-councils, not both.")
    rows = list(db.session.scalars(select(Council).order_by(Council.id)))
    if every:
        return rows
    if slug is not None:
        chosen = [row for row in rows if row.slug == slug]
        if not chosen:
            raise click.ClickException(f"No council named {slug}.")
        return chosen
    try:
        only = current_council_id()
    except NoCouncilChosen as error:
        raise click.ClickException(f"{error} Or --all-councils.") from error
    return [row for row in rows if row.id == only]


@click.command("remind")
@click.option("--now", "now_text", type=click.DateTime(formats=["%Y-%m-%d %H:%M"]),
              help='Run as if it were this Paris time ("YYYY-MM-DD HH:MM"), to test or catch up.')
@click.option("--council", "council_slug", metavar="SLUG",
              help="The council to remind for (default: the only council of the install).")
@click.option("--all-councils", is_flag=True,
              help="Every council of the install, one after the other (one cron line for all).")
@with_appcontext
def remind_command(now_text, council_slug, all_councils) -> None:
    """Send the reminders of the meetings starting within REMINDER_DELAY_HOURS (default 48) to
    the members they concern who have not answered « excusé·e », once per member and meeting.
    Safe to run on several machines at once."""
    from council.database import run_alone, utcnow
    from council.meetings.services.reminders import run_reminders
    from council.tenancy import use_council

    now = _paris_now(now_text) if now_text else utcnow()
    delay = int(current_app.config["REMINDER_DELAY_HOURS"])
    councils = [(row.id, row.slug) for row in _councils(council_slug, all_councils)]
    db.session.rollback()  # the list read; each council's run takes its lock before writing
    for council_id, slug in councils:
        db.session.expunge_all()  # nothing of the previous council stays in the session
        use_council(council_id)
        with run_alone(f"remind-{slug}", Path(current_app.instance_path)) as alone:
            if not alone:
                click.echo(ANOTHER_REMINDER_RUN.format(slug=slug), err=True)
                continue
            report = run_reminders(now, delay, db.session.commit)
        click.echo(f"Reminders for {slug}: {report.note()}")
