"""Importing a roster: the plan of a file against the members already there, and the import of
its good lines. Add and flush, never commit: the view or the command commits once, so a file is
imported whole or not at all. The line rules live in ``membership/importing.py``, the file
formats in ``membership/spreadsheet.py``."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select, text

from council import audit, dates
from council.auth.services.accounts import normalise_email
from council.councils.services import rules
from council.extensions import db
from council.membership.importing import Plan, PlannedLine, Roster, person_key, plan
from council.membership.models import Member
from council.membership.spreadsheet import read_table
from council.reference.models import Neighbourhood

IMPORT_LOCK = 0x1A9_0537  # any fixed number: the advisory lock taken by imports


def max_bytes() -> int:
    """The largest file read: IMPORT_MAX_BYTES, never more than the request may carry."""
    return min(int(current_app.config["IMPORT_MAX_BYTES"]),
               int(current_app.config["MAX_CONTENT_LENGTH"] or 2**31))


def current_roster() -> Roster:
    """What a file is compared with: the neighbourhoods, and every member still named (an
    anonymised record names nobody)."""
    rows = db.session.execute(select(Member.email, Member.first_name, Member.last_name,
                                     Member.joined_on).where(Member.anonymised_at.is_(None)))
    emails, name_dates = set(), set()
    for email, first_name, last_name, joined_on in rows:
        if email:
            emails.add(normalise_email(email))
        name_dates.add((person_key(first_name, last_name), joined_on))
    areas = db.session.execute(select(Neighbourhood.slug, Neighbourhood.name).order_by(Neighbourhood.id))
    return Roster(neighbourhoods=[tuple(row) for row in areas], emails=frozenset(emails),
                  name_dates=frozenset(name_dates), today=dates.today(),
                  minimum_age=rules().minimum_age, normalise_email=normalise_email)


def plan_file(data: bytes, for_import: bool = False) -> Plan:
    """The plan of a file against the roster as it is now; ``ImportFileError`` (French) when the
    file cannot be read. Nothing is written. ``for_import``: the lines will be imported in this
    transaction, so imports run one at a time (two organisers sending the same file at once
    import it once): PostgreSQL takes a transaction lock; SQLite's writers already queue."""
    if for_import and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})
    table = read_table(data, max_bytes=max_bytes(), max_rows=int(current_app.config["IMPORT_MAX_ROWS"]))
    return plan(table, current_roster())


def import_lines(roster_plan: Plan, actor) -> list[Member]:
    """Add the plan's importable lines to the roster, without accounts (an organiser invites
    them later); one audit entry per member and one for the file (``actor`` None: the command
    line). The plan must be fresh (``plan_file`` in the same transaction)."""
    slugs = {area.slug: area for area in db.session.scalars(select(Neighbourhood))}
    members = [_member(line, slugs) for line in roster_plan.importable]
    db.session.add_all(members)
    db.session.flush()
    for member in members:
        audit.log(actor, "member.import", "member", member.id)
    if members:
        audit.log(actor, "roster.import", "member", None, note=f"{len(members)} lines")
    return members


def _member(line: PlannedLine, neighbourhoods: dict[str, Neighbourhood]) -> Member:
    planned = line.member
    return Member(
        first_name=planned.first_name, last_name=planned.last_name, email=planned.email,
        phone=planned.phone, address=planned.address, gender=planned.gender,
        college=planned.college,
        neighbourhood=neighbourhoods.get(planned.neighbourhood) if planned.neighbourhood else None,
        actor_category=planned.actor_category, structure_name=planned.structure_name,
        joined_on=planned.joined_on, join_method=planned.join_method,
        mandate_ends_on=planned.mandate_ends_on, status=planned.status,
        status_changed_on=planned.status_changed_on, status_reason=planned.status_reason,
    )
