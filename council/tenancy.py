"""Which council a unit of work serves, and the ONE place council-owned rows are scoped to it.

Every model holding one council's data mixes in ``CouncilOwned``: a ``council_id`` column whose
default is the current council. A ``do_orm_execute`` listener adds
``with_loader_criteria(CouncilOwned, council_id == current)`` to every ORM SELECT, UPDATE and
DELETE, so no service filters by council by hand and none can forget to.

The current council is ``g.council_id``: set from the request's host (``council.councils.hosts``)
or by a CLI command's ``--council SLUG`` (``use_council``). When nothing set it, the install's
only council is taken (a single-council install needs no configuration); with several councils
and none chosen, ``NoCouncilChosen`` is raised: never "every council".
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import g, has_app_context
from sqlalchemy import ForeignKey, event, text
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, with_loader_criteria


class NoCouncilChosen(RuntimeError):
    """Council-owned data was read or written with no council chosen on a multi-council install."""


def _current_id_or_raise() -> int:
    council_id = current_council_id()
    if council_id is None:
        raise NoCouncilChosen("No council exists yet: run `flask --app council db upgrade`.")
    return council_id


class CouncilOwned:
    """Mixin of the models whose rows belong to one council."""

    @declared_attr
    def council_id(cls) -> Mapped[int]:  # noqa: N805 (declared_attr receives the class)
        return mapped_column(ForeignKey("council.id"), index=True, default=_current_id_or_raise)


def use_council(council_id: int | None, row=None) -> None:
    """Serve council ``council_id`` in this app context (a request, a CLI command, a test);
    ``row``: its ``Council``, when already loaded (kept, so that it is not read again)."""
    g.council_id = council_id
    _tell_the_database(council_id)
    g.council_row = row
    g.pop("council", None)  # the profile and host cached for the request were another council's
    g.pop("council_host", None)


def current_council_id() -> int | None:
    """The council this unit of work serves (see the module's docstring), or None when no council
    exists at all (a database before its first migration)."""
    if not has_app_context():
        raise NoCouncilChosen("Council-owned data is only reached inside an app context.")
    council_id = g.get("council_id")
    if council_id is None:
        council_id = _only_council_id()
        g.council_id = council_id
        _tell_the_database(council_id)
    return council_id


# PostgreSQL's row-level security is the backstop (migration f3c4d5e6a7b8): its policies show a
# role that does not own the tables only the rows of ``app.council_id``, set for each transaction.
RLS_SETTING = "SELECT set_config('app.council_id', :council_id, true)"


def _tell_the_database(council_id: int | None, connection=None) -> None:
    """Set ``app.council_id`` for the current transaction (PostgreSQL), when one is open."""
    from council.extensions import db

    session = db.session()  # the session itself (the scoped proxy lacks in_transaction)
    if connection is None:
        if not session.in_transaction():
            return  # the next transaction's after_begin sets it
        connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text(RLS_SETTING), {"council_id": str(council_id or "")})


def _after_begin(_session, _transaction, connection) -> None:
    """A new transaction: tell PostgreSQL which council it serves, when already known."""
    if has_app_context() and g.get("council_id") is not None:
        _tell_the_database(g.council_id, connection)


def _only_council_id() -> int | None:
    from council.extensions import db

    # Plain SQL through the connection: it does not come back to the listener, and this kit module
    # does not import the councils area (the table is ``council.councils.models.Council``).
    ids = db.session.connection().execute(text("SELECT id FROM council ORDER BY id LIMIT 2")).all()
    if len(ids) > 1:
        raise NoCouncilChosen("This install has several councils: choose one (--council SLUG).")
    return ids[0][0] if ids else None


def _scope_to_council(state) -> None:
    """``do_orm_execute`` listener: the current council's criteria on owned rows."""
    if state.is_column_load or not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("all_councils"):
        return  # platform-level code that must see every council (council list, tests)
    try:
        council_id = current_council_id()
    except NoCouncilChosen:
        if any(issubclass(mapper.class_, CouncilOwned) for mapper in state.all_mappers):
            raise
        council_id = None  # accounts, councils, reference: fine; any owned row: none matches
    state.statement = state.statement.options(with_loader_criteria(
        CouncilOwned, lambda cls: cls.council_id == council_id, include_aliases=True))


def install_scoping(session_class: type[Session]) -> None:
    """Listen on ``session_class`` (once): every ORM statement on owned rows gets the criteria."""
    if not event.contains(session_class, "do_orm_execute", _scope_to_council):
        event.listen(session_class, "do_orm_execute", _scope_to_council)
        event.listen(session_class, "after_begin", _after_begin)


def primary_host() -> str | None:
    """The host the served council's links use (None: it has none, ``SITE_HOST`` is used).
    Read once per request or command (kept on ``flask.g``; the request's host resolution sets it
    from the query that found the council)."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from council.extensions import db

    if "council_host" not in g:
        try:
            council_id = current_council_id()
            g.council_host = council_id and db.session.connection().execute(text(
                "SELECT host FROM council_host WHERE council_id = :council_id"
                " ORDER BY is_primary DESC, id LIMIT 1"), {"council_id": council_id}).scalar()
        except NoCouncilChosen:
            return None
        except (OperationalError, ProgrammingError):
            db.session.rollback()  # no schema yet
            return None
    return g.council_host


def council_ids() -> list[int]:
    """Every council's id, in order (the ``council`` table is not council-owned)."""
    from council.extensions import db

    return [row[0] for row in db.session.connection().execute(text("SELECT id FROM council ORDER BY id"))]


@contextmanager
def in_council(council_id: int):
    """Serve council ``council_id`` for a moment (platform-level code: counting each council's
    rows, looking for an account's roles elsewhere), then the council served before again.
    Through the scope, so PostgreSQL's row-level security agrees; load no objects in it."""
    saved = {name: g.get(name) for name in ("council_id", "council_row", "council", "council_host")}
    use_council(council_id)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                g.pop(name, None)
            else:
                setattr(g, name, value)
        if saved["council_id"] is not None:
            _tell_the_database(saved["council_id"])


def bypass_problem(connection) -> str | None:
    """Why PostgreSQL's row-level security would not hold for this connection's role (it is a
    superuser, has BYPASSRLS, or owns tables: policies are then skipped), or None."""
    if connection.dialect.name != "postgresql":
        return None
    superuser, bypass = connection.execute(text(
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")).one()
    owned = connection.execute(text(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        " AND tableowner = current_user")).scalar()
    reasons = [reason for reason, holds in (("is a superuser", superuser),
                                            ("has BYPASSRLS", bypass),
                                            (f"owns {owned} tables", owned)) if holds]
    return f"the database role {' and '.join(reasons)}" if reasons else None


def check_database_role(app) -> None:
    """Production, PostgreSQL: the app must connect as a role row-level security applies to. With
    several councils it refuses to start otherwise (RLS is the backstop of their isolation); with
    one, it says so in the log (an install from before issue 15 may still connect as the owner)."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from council.config import ConfigurationError
    from council.extensions import db

    with app.app_context():
        try:
            with db.engine.connect() as connection:
                problem = bypass_problem(connection)
                councils = connection.execute(text("SELECT count(*) FROM council")).scalar() \
                    if problem else 0
        except (OperationalError, ProgrammingError):
            return  # no database or schema yet: `flask db upgrade` comes first
    if problem is None:
        return
    message = (f"{problem}, so PostgreSQL's row-level security does not apply to the app: connect "
               "the app servers as the non-owner role of README « Deploying for a département » "
               "(council_app), and run only `flask db upgrade` as the owner "
               "(COUNCIL_MIGRATION_DATABASE_URL).")
    if councils > 1:
        raise ConfigurationError(f"Refusing to start with {councils} councils: {message}")
    app.logger.warning("Row-level security is not enforced: %s", message)
