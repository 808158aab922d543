"""Database plumbing: SQLite pragmas and transactions, row locks, advisory locks (one scheduled
run at a time across machines), a UTC datetime column type, and the range of ids and page numbers
a query may be given."""

from __future__ import annotations

import contextvars
import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, Enum, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import TypeDecorator

# Whether the current unit of work may write. GET/HEAD requests read only, so their SQLite
# transactions start deferred and never queue behind a writer; everything else (POST requests,
# CLI commands) starts with BEGIN IMMEDIATE so that two writers never deadlock on a lock upgrade.
writes_expected: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "writes_expected", default=True
)


# Ids are ``integer`` columns: PostgreSQL refuses a value beyond 2^31 - 1 in a query on them,
# SQLite one beyond 2^63 - 1. No row can have a larger id, so a larger one is "not found" —
# checked before any query (URL converter, form coercion, query arguments).
MAX_ID = 2**31 - 1
MAX_PAGE = 10_000  # deeper pages are never asked for by a person; the offset stays small


def valid_id(value: int | None) -> bool:
    """Whether ``value`` could be the id of a row."""
    return value is not None and 0 < value <= MAX_ID


def clamp_page(page: int | None) -> int:
    """A page number the database can offset to (1 to ``MAX_PAGE``)."""
    return min(max(page or 1, 1), MAX_PAGE)


COUNT_CAP = 1_000  # a list counts its rows up to this, then says « plus de 1 000 »


@dataclass
class BoundedPage:
    """One page of a list whose count stops at ``COUNT_CAP`` (the shape of Flask-SQLAlchemy's
    Pagination, for the one pager): the cost of a page no longer grows with the whole table.

    ``total``: the rows found, exact up to the cap; ``more``: there are more than ``total``."""

    items: list
    page: int
    per_page: int
    total: int
    more: bool
    has_next: bool

    @property
    def counted_pages(self) -> int:
        """The pages the count covers (all of them unless ``more``)."""
        return -(-self.total // self.per_page)

    @property
    def pages(self) -> int:
        """The pages known (at least this one): the last one when the count is exact."""
        return max(self.page, self.counted_pages)

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def bounded_page(query, page: int, per_page: int, options=(), cap: int | None = None) -> BoundedPage:
    """One page of ``query`` (sorted, no eager loads) with ``options`` applied to its rows, in
    two statements: the rows (one more than a page, to know whether another follows) and a
    count that reads at most ``cap + 1`` rows (``COUNT_CAP`` by default)."""
    cap = COUNT_CAP if cap is None else cap
    from sqlalchemy import func, select

    from council.extensions import db  # extensions → models → this module: import when used

    page = clamp_page(page)
    rows = list(db.session.scalars(query.options(*options).limit(per_page + 1)
                                   .offset((page - 1) * per_page)).unique())
    found = db.session.scalar(select(func.count()).select_from(
        query.order_by(None).limit(cap + 1).subquery()))
    return BoundedPage(items=rows[:per_page], page=page, per_page=per_page, total=min(found, cap),
                       more=found > cap, has_next=len(rows) > per_page)


def configure_sqlite(engine: Engine, busy_timeout_ms: int = 10_000) -> None:
    """Apply SQLAlchemy's pysqlite recipe: we emit BEGIN ourselves, with the pragmas we need."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised via tests
        dbapi_connection.isolation_level = None  # let us emit BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes_expected.get() else "BEGIN")


def lock(model, row_id: int):
    """Lock one row until the transaction ends and return it as it is now, or None.

    Every service that moves a row from one state to another calls this first, then checks the
    move on what it got back. On PostgreSQL it is ``SELECT … FOR UPDATE``: a second request for
    the same row waits until the first commits, then reads what the first wrote (so a vote, a
    closure or a new version cannot happen twice). SQLite has no row locks and needs none: a
    writing request holds the whole database from its ``BEGIN IMMEDIATE``. ``populate_existing``
    refreshes an object the request had already loaded, relationships included.
    """
    from council.extensions import db  # extensions → models → this module: import when used

    return db.session.get(model, row_id, with_for_update=True, populate_existing=True)


@dataclass
class Refusal:
    """What ``rollback_on`` caught: the service's error, or None when the block went through."""

    error: Exception | None = None


@contextmanager
def rollback_on(*errors: type[Exception]) -> Iterator[Refusal]:
    """Run a service call; when it raises one of ``errors`` (a refusal, French message), roll the
    unit of work back and keep the error for the view to show, instead of raising it. The one
    place a view's transaction is rolled back::

        with rollback_on(RosterError) as refusal:
            roster.record_departure(...)
        if refusal.error:
            flash(str(refusal.error), "error")
    """
    from council.extensions import db  # extensions → models → this module: import when used

    refusal = Refusal()
    try:
        yield refusal
    except errors as error:
        db.session.rollback()
        refusal.error = error


def enum_column(enum_type, length: int = 30) -> Enum:
    """A portable enum column storing the member values (not names), without a native type."""
    return Enum(enum_type, native_enum=False, length=length,
                values_callable=lambda e: [m.value for m in e])


def _advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def serialise(name: str) -> None:
    """Make the transactions that call this with the same ``name`` run one after the other,
    until each ends: for changes that no single row can guard (a new place at the end of a list).

    PostgreSQL: a transaction-level advisory lock on a key derived from ``name``. SQLite needs
    none: a writing request holds the whole database from its ``BEGIN IMMEDIATE``."""
    from council.extensions import db

    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _advisory_key(name)})


@contextmanager
def run_alone(name: str, lock_folder: Path) -> Iterator[bool]:
    """Whether this run of a scheduled command (``purge``…) is the only one: yields False, without
    waiting, when another run holds ``name`` — on this machine or any other — and the caller
    then does nothing. Commit the work inside the block.

    PostgreSQL: a transaction-level advisory lock (``pg_try_advisory_xact_lock``), released when
    the work's transaction commits or rolls back, even if the process dies. SQLite (one machine):
    an exclusive ``flock`` on ``<lock_folder>/<name>.lock``, taken before the transaction starts
    (a second writer would otherwise wait for the first, then run the same work again), released
    when the block ends or the process dies."""
    from council.extensions import db

    if db.session.get_bind().dialect.name == "postgresql":
        held = bool(db.session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"),
                                      {"key": _advisory_key(name)}))
        if not held:
            db.session.rollback()
        yield held
        return
    lock_folder.mkdir(parents=True, exist_ok=True)
    with open(lock_folder / f"{name}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def violates_unique(error: IntegrityError, table: str, column: str) -> bool:
    """Whether ``error`` is the unique constraint ``uq_<table>_<column>`` refusing a value (the
    naming convention of ``council.extensions``), on PostgreSQL or SQLite."""
    diag = getattr(error.orig, "diag", None)
    if diag is not None:
        return diag.constraint_name == f"uq_{table}_{column}"
    return f"UNIQUE constraint failed: {table}.{column}" in str(error.orig)


def app_role_grants(role: str) -> list[str]:
    """The statements, run by the tables' owner, that let the app's PostgreSQL role ``role`` read
    and write rows and nothing more: no DDL, no TRUNCATE, no policy change, not the migrations'
    own table. Row-level security applies to it: it owns no table and has no BYPASSRLS. The
    default privileges cover the tables later migrations create (when the owner runs them)."""
    return [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        # UPDATE: `restore` moves the id sequences past the ids it keeps (setval)
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public"
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {role}",
    ]


class UTCDateTime(TypeDecorator):
    """Stores an aware datetime as naive UTC; always gives back an aware UTC datetime.

    Naive values are refused: an ambiguous local time must never reach the database.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


# Schema objects that migrations make and no model describes: the observations' full-text
# indexes (an FTS5 table and its shadow tables on SQLite, a GIN expression index on PostgreSQL).
OUTSIDE_MODELS = ("observation_fts", "ix_observation_search")


def include_in_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic hook: leave out of model/migration comparisons what ``OUTSIDE_MODELS`` names."""
    return not (reflected and name and name.startswith(OUTSIDE_MODELS))


def render_migration_item(type_, obj, autogen_context):
    """Alembic hook: write UTCDateTime as a plain DateTime, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False
