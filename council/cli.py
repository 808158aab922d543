"""Thin command-line commands over services: ``flask --app council <command>``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from council.councils.cli import council_group, council_option
from council.extensions import db
from council.platform.cli import platform_admin_command


def init_app(app: Flask) -> None:
    from council.meetings.cli import remind_command

    for command in (init_command, create_admin_command, demo_data_command, backup_command,
                    restore_command, purge_command, import_members_command, clear_cache_command,
                    council_group, remind_command, platform_admin_command):
        app.cli.add_command(command)


def _check_address(email: str) -> None:
    """The same rule as every form: an address the app can send mail to."""
    from council.email_address import address_problem

    if problem := address_problem(email.strip()):
        raise click.ClickException(problem)


@click.command("init")
@with_appcontext
@click.option("--admin-email", default="admin@example.org", show_default=True,
              help="E-mail of the first admin, created only when no admin exists.")
@council_option
def init_command(admin_email: str) -> None:
    """Store the council's profile from the settings (once), load the reference data
    (idempotent) and create a first admin if there is none."""
    from council.auth.models import Role
    from council.auth.services.accounts import admin_exists, create_user, generate_password
    from council.councils.services import ensure_council, stored_council
    from council.reference.data import default_partners
    from council.reference.services import load_reference_data

    _check_address(admin_email)
    first_start = stored_council() is None
    council = ensure_council()  # from the settings the first time; afterwards it is the truth
    created = load_reference_data(current_app.config["NEIGHBOURHOODS"] if first_start else [],
                                  default_partners(council.city) if first_start else [])
    said = "stored from the settings" if first_start else "kept as stored; edit it in /admin/conseil"
    click.echo(f"Council profile: {council.name} ({said}).")
    click.echo(
        "Reference data: {neighbourhoods} neighbourhoods, {themes} themes, "
        "{partners} partners added.".format(**created)
    )
    if not admin_exists():
        password = generate_password()
        create_user(admin_email, Role.ADMIN, password)
        click.echo(f"First admin account created: {admin_email}")
        click.echo(f"Its password, shown only this once: {password}")
    db.session.commit()


@click.command("create-admin")
@with_appcontext
@click.argument("email")
@click.option("--password", help="Admins' rule: at least 14 characters of the four kinds, 16 of "
              "three, or a long phrase; no common password. Generated and printed when omitted.")
@council_option
def create_admin_command(email: str, password: str | None) -> None:
    """Create an admin account."""
    from council.auth.models import Role
    from council.auth.services.accounts import (
        AccountError,
        create_user,
        find_user,
        generate_password,
        give_role_here,
    )

    _check_address(email)
    existing = find_user(email)
    if existing is not None and password is None:
        # An account of another council: it becomes admin here too, its password unchanged
        try:
            give_role_here(existing, Role.ADMIN)
        except AccountError as error:
            raise click.ClickException(str(error)) from error
        db.session.commit()
        click.echo(f"Existing account {email} is now an admin of this council too.")
        return
    shown = password is None
    password = password or generate_password()
    try:
        create_user(email, Role.ADMIN, password)
    except AccountError as error:
        prefix = "Mot de passe refusé : " if error.field == "password" else ""
        raise click.ClickException(prefix + str(error)) from error
    db.session.commit()
    click.echo(f"Admin account created: {email}")
    if shown:
        click.echo(f"Its password, shown only this once: {password}")


@click.command("demo-data")
@with_appcontext
@click.option("--password", help="Password of the three demo accounts; generated when omitted.")
@council_option
def demo_data_command(password: str | None) -> None:
    """Fill an empty database with clearly fictitious demo data, and print how to sign in."""
    from council.auth.services.accounts import AccountError
    from council.councils.services import served_council
    from council.demo import DemoDataError, demo_accounts, load_demo_data
    from council.links import absolute_url

    council = served_council()
    slug = council.slug if council is not None else None
    roles = demo_accounts(slug) if council is not None else {}
    try:
        accounts = load_demo_data(current_app.config, password, slug)
    except (DemoDataError, AccountError) as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Demo data loaded. Sign in at {absolute_url('auth.login')} with:")
    for email, said in accounts.items():
        role = roles.get(email) or demo_accounts().get(email)
        click.echo(f"  {role.value:<10} {email:<32} password: {said}")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--council", "council_slug", metavar="SLUG",
              help="Back up this council alone, on SQLite or PostgreSQL (a SQLite file with its "
                   "rows only; `restore` puts it back). Without it: the whole SQLite database.")
@with_appcontext
def backup_command(target: Path, council_slug: str | None) -> None:
    """Copy the SQLite database to TARGET while the app keeps running; with --council SLUG, write
    that council's rows alone (any engine)."""
    from council.backup import BackupError, backup_sqlite
    from council.councils.backup import CouncilBackupError, backup_council

    if council_slug is not None:
        try:
            summary = backup_council(db.engine, council_slug, target)
        except CouncilBackupError as error:
            raise click.ClickException(str(error)) from error
        rows = sum(summary.counts.values())
        click.echo(f"Council {council_slug} written to {target} ({rows} rows, schema revision "
                   f"{summary.revision}). It holds personal data: keep it as you keep the database.")
        return
    try:
        tables = backup_sqlite(db.engine, target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {target} ({tables} tables, integrity ok).")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--council", "council_slug", metavar="SLUG",
              help="Check that the file is this council's backup before restoring it.")
@click.option("--dry-run", is_flag=True, help="Say what would be restored, and change nothing.")
@with_appcontext
def restore_command(source: Path, council_slug: str | None, dry_run: bool) -> None:
    """Put back one council from SOURCE (made by `backup FILE --council SLUG`): created, or its
    rows replaced; the other councils untouched. All or nothing."""
    from sqlalchemy.exc import IntegrityError

    from council.councils.restore import RestoreRefused, read_backup, restore_council

    try:
        report = restore_council(read_backup(source), council_slug)
    except RestoreRefused as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    except IntegrityError as error:
        db.session.rollback()
        raise click.ClickException(
            f"Restauration refusée par la base, rien n'a changé : {error.orig}") from error
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for line in restore_lines(report, dry_run):
        click.echo(line)


def restore_lines(report, dry_run: bool) -> list[str]:
    """What a restore did (or would do), in French."""
    from council.french import plural

    lines = [f"Conseil « {report.slug} » : {'remplacé' if report.replaced else 'créé'}, "
             f"{plural(sum(report.counts.values()), 'ligne')}"
             f"{' — essai : rien n’a été écrit' if dry_run else ''}."]
    lines += [f"  {name} : {count}" for name, count in report.counts.items() if count]
    lines.append(f"Comptes : {report.same_accounts} déjà là (les mêmes), "
                 f"{plural(len(report.new_accounts), 'créé')}.")
    for email, here in report.unlinked_accounts:
        lines.append(f"  {email} : adresse d'un autre compte ici (compte n° {here}), laissé tel quel : "
                     "ni rôle, ni fiche de membre liée. Un admin peut lier la fiche à ce compte "
                     "par son numéro.")
    for name, count in report.dropped.items():
        lines.append(f"  {name} : {plural(count, 'ligne')} d'un compte non lié, non "
                     f"{'restaurée' if count < 2 else 'restaurées'}.")
    if report.renumbered:
        lines.append("Numéros déjà pris ici, renumérotés : " + ", ".join(report.renumbered) + ".")
    if report.themes_created:
        lines.append("Thèmes nationaux ajoutés : " + ", ".join(report.themes_created) + ".")
    return lines


ANOTHER_PURGE = ("Another purge is running (it holds the lock): this one did nothing. / Une autre "
                 "purge est en cours (elle tient le verrou) : celle-ci n'a rien fait.")


def purge_lock_name() -> str:
    """The lock of a purge of the council served: one per council, so that two councils' purges
    run side by side while the same council's, started twice, run once."""
    from council.councils.services import current_council

    return f"purge-{current_council().slug}"


@click.command("purge")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Purge as if today were this day (YYYY-MM-DD). This DELETES for real what that "
                   "day would purge: add --dry-run to only see it.")
@click.option("--dry-run", is_flag=True,
              help="Print what would be erased (counts per kind) and change nothing.")
@with_appcontext
@council_option
def purge_command(today, dry_run) -> None:
    """Erase what is past its retention period (run it daily from cron). Safe to start on several
    machines at once: one purge runs, the others say so on stderr and exit 0 having done nothing."""
    from council import dates
    from council.database import run_alone
    from council.privacy.retention import Retention
    from council.privacy.services import purge

    day = today.date() if today else dates.today()
    retention = Retention.from_config(current_app.config)
    if dry_run:
        # The very same purge, rolled back: what it prints is what would go. No lock is taken:
        # a dry run must never make the day's real purge stand aside.
        report = purge(day, retention)
        db.session.rollback()
        click.echo(f"Dry run, nothing erased. Purge of {day:%Y-%m-%d} would erase: {report.note()}")
        return
    with run_alone(purge_lock_name(), Path(current_app.instance_path)) as alone:
        if not alone:
            click.echo(ANOTHER_PURGE, err=True)
            return
        report = purge(day, retention)
        db.session.commit()
    click.echo(f"Purge of {day:%Y-%m-%d}: {report.note()}")


@click.command("import-members")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the preview and change nothing.")
@with_appcontext
@council_option
def import_members_command(file: Path, dry_run: bool) -> None:
    """Import a council's roster from a spreadsheet (CSV, ODS or XLSX with the roster export's
    columns): print every line with its problems, in French, then add the good lines (no account
    is created). Exits with 1 when no line is valid (none ready, none already on the roster)."""
    from council.membership.importing import preview_lines
    from council.membership.services.importing import import_lines, max_bytes, plan_file
    from council.membership.spreadsheet import ImportFileError

    with file.open("rb") as handle:
        data = handle.read(max_bytes() + 1)
    try:
        plan = plan_file(data, for_import=not dry_run)
    except ImportFileError as error:
        raise click.ClickException(str(error)) from error
    for line in preview_lines(plan):
        click.echo(line)
    if dry_run:
        db.session.rollback()
        click.echo("Essai : rien n'a été enregistré.")
    else:
        members = import_lines(plan, actor=None)
        db.session.commit()
        click.echo(f"{len(members)} membre(s) ajouté(s) à la liste, sans compte : invitez-les depuis "
                   "leur fiche.")
    if not plan.importable and not plan.on_roster:
        raise SystemExit(1)


@click.command("clear-cache")
@with_appcontext
def clear_cache_command() -> None:
    """Empty the cache of built feeds (every council's; on disk or in Redis, as configured).
    Never needed for correctness — an entry serves only the version it was built for — but
    frees its space at once; each feed is rebuilt at its next read."""
    from council import cache

    click.echo(f"{cache.clear()} built feed(s) removed from the cache.")
