"""From a request's host name to its council, failing closed.

1. a ``council_host`` row with that name → its council;
2. an install with a single council → that council, whatever the host (as before issue 15);
3. the install's ``SITE_HOST`` → the first council (the one migrated from a single-council
   install keeps answering at its old address), unless a ``council_host`` row gives it to another;
4. anything else → None: the caller answers 404.
"""

from __future__ import annotations

import functools

from flask import Flask, current_app
from sqlalchemy import bindparam, func, select

from council.councils.models import Council, CouncilHost
from council.extensions import db


def normalise_host(host: str) -> str:
    """``Conseil.Example.org.`` → ``conseil.example.org`` (ports kept: ``localhost:5000``)."""
    return host.strip().lower().rstrip(".")


def _without_port(host: str) -> str:
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


@functools.cache
def _host_statement():
    """Built once (every request runs it: building it anew cost more than running it); the
    names are its parameters. The host's exact name wins over the same name without its port."""
    matched = (select(CouncilHost.council_id)
               .where(CouncilHost.host.in_([bindparam("exact"), bindparam("bare")]))
               .order_by(CouncilHost.host.desc()).limit(1).scalar_subquery())
    lowest = select(func.min(Council.id)).scalar_subquery()
    several = select(func.count()).select_from(
        select(Council.id).limit(2).subquery()).scalar_subquery()
    primary = (select(CouncilHost.host).where(CouncilHost.council_id == Council.id)
               .order_by(CouncilHost.is_primary.desc(), CouncilHost.id).limit(1)
               .correlate(Council).scalar_subquery())
    return (select(Council, matched, primary, several)
            .where(Council.id == func.coalesce(matched, lowest))
            .execution_options(all_councils=True))  # before any council is chosen


def council_for_host(host: str) -> tuple[Council, str | None] | None:
    """The council answering on ``host`` (see the module's docstring) and its primary host, or
    None (→ 404). One statement, served by indexes whatever the number of councils (the host's
    unique index, the council's primary key), which also loads the council's profile
    (``current_council`` and ``absolute_url`` then read no more)."""
    host = normalise_host(host)
    row = db.session.execute(_host_statement(), {"exact": host, "bare": _without_port(host)}).first()
    if row is None:
        return None
    council, found, primary_name, councils = row
    if found is not None or councils == 1:
        return council, primary_name
    site = normalise_host(current_app.config["SITE_HOST"])
    if host == site or _without_port(host) == _without_port(site):
        return council, primary_name  # the lowest id: the first council
    return None


def council_count() -> int:
    return db.session.scalar(select(func.count(Council.id)))


def trust_council_hosts(app: Flask) -> None:
    """Where ``TRUSTED_HOSTS`` is enforced (production), every council's host names are trusted
    too, as read at start: after ``council create`` or ``set-host``, restart the app servers
    (their proxy needs the new name anyway). A host of no council then still gets its 404."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from council.links import hostname

    if app.config["TRUSTED_HOSTS"] is None:
        return
    with app.app_context():
        try:
            names = db.session.scalars(
                select(CouncilHost.host).execution_options(all_councils=True)).all()
        except (OperationalError, ProgrammingError):
            names = []  # no schema yet
        db.session.remove()
    trusted = app.config["TRUSTED_HOSTS"]
    trusted.extend(name for name in map(hostname, names) if name not in trusted)
