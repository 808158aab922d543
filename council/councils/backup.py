"""A backup of ONE council: a SQLite file holding exactly its rows, readable on any install.

The file has the app's tables (the same columns, written through SQLAlchemy Core from the
council's rows, whatever the live engine) plus ``backup_info`` (format, council slug and
``uid``, the schema revision it was taken at, when). It holds:

- the council's ``council`` row and its ``council_host`` rows;
- every council-owned table's rows (``CouncilOwned``: ``council_id`` = the council);
- the link tables' rows whose owned parents are the council's (a delegation, an observation's
  axes, an avis's themes and observations);
- the accounts its rows point at (a role there, a member record, an author…), with only the
  columns needed to sign in again: id, e-mail, password hash, active, created_at — never the
  session token, a pending e-mail or the last sign-in;
- the national reference rows (``theme``) it points at, matched by slug on restore.

Read in ONE transaction (REPEATABLE READ on PostgreSQL, a read snapshot on SQLite in WAL mode), so
the copy is consistent while the app keeps writing. This module reads every table by hand, by
council id: it is platform-level code, beside the app's scoping (``council.tenancy``), and on
PostgreSQL it sets ``app.council_id`` so that row-level security shows it that council's rows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, create_engine, insert, select, text
from sqlalchemy.engine import Connection, Engine

from council.database import UTCDateTime, writes_expected
from council.extensions import db
from council.tenancy import RLS_SETTING, CouncilOwned

FORMAT = "conseil-citoyen/sauvegarde-d-un-conseil/1"
COUNCIL, HOSTS, ACCOUNTS, REFERENCE = "council", "council_host", "user", "theme"
# An account as the file keeps it: what signing in again needs, nothing more.
ACCOUNT_COLUMNS = ("id", "email", "password_hash", "active", "created_at")


class CouncilBackupError(RuntimeError):
    """The backup cannot be made (unknown council, target exists, a table nobody classified)."""


@dataclass(frozen=True)
class Layout:
    """The app's tables sorted by what a council backup does with them."""

    owned: list[Table]         # council_id = the council (in dependency order)
    links: list[Table]         # no council column: reached through owned parents

    @property
    def all(self) -> list[Table]:
        tables = db.metadata.tables
        return [tables[COUNCIL], tables[HOSTS], tables[ACCOUNTS], tables[REFERENCE],
                *self.owned, *self.links]


def layout() -> Layout:
    """Classify every table of the app; a table that fits nowhere stops the backup (decide first
    whether it belongs to a council, as ``tests/councils/test_many_councils.py`` asks)."""
    owned_names = {mapper.local_table.name for mapper in db.Model.registry.mappers
                   if issubclass(mapper.class_, CouncilOwned)}
    owned, links = [], []
    for table in db.metadata.sorted_tables:
        if table.name in (COUNCIL, HOSTS, ACCOUNTS, REFERENCE):
            continue
        if table.name in owned_names:
            owned.append(table)
        elif _owned_parents(table, owned_names):
            links.append(table)
        else:
            raise CouncilBackupError(f"Table {table.name}: neither a council's nor reached through "
                                     "one; classify it in council/councils/backup.py.")
    return Layout(owned, links)


def _owned_parents(table: Table, owned_names) -> list:
    """The foreign keys of a link table that point at council-owned rows."""
    return [fk for fk in table.foreign_keys if fk.column.table.name in owned_names]


def file_metadata() -> MetaData:
    """The tables of a backup file: the app's, the account reduced to ``ACCOUNT_COLUMNS``, and
    ``backup_info``."""
    metadata = MetaData()
    for table in db.metadata.sorted_tables:
        if table.name != ACCOUNTS:
            table.to_metadata(metadata)
    Table(ACCOUNTS, metadata, Column("id", Integer, primary_key=True),
          Column("email", String(254), nullable=False), Column("password_hash", String(255)),
          Column("active", Boolean, nullable=False),
          Column("created_at", UTCDateTime, nullable=False))
    Table("backup_info", metadata, Column("key", String(40), primary_key=True),
          Column("value", String(200), nullable=False))
    return metadata


def schema_revision(connection: Connection) -> str:
    """The Alembic revision this database is at."""
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def collect(connection: Connection, council_id: int) -> dict[str, list[dict]]:
    """Every row of council ``council_id`` the file keeps, table by table (see the module)."""
    tables, parts = db.metadata.tables, layout()
    rows: dict[str, list[dict]] = {}
    rows[COUNCIL] = _read(connection, select(tables[COUNCIL]).where(tables[COUNCIL].c.id == council_id))
    hosts = tables[HOSTS]
    rows[HOSTS] = _read(connection, select(hosts).where(hosts.c.council_id == council_id))
    for table in parts.owned:
        rows[table.name] = _read(connection, select(table).where(table.c.council_id == council_id)
                                 .order_by(*table.primary_key.columns))
    for table in parts.links:
        query = select(table)
        for fk in _owned_parents(table, {t.name for t in parts.owned}):
            parent = fk.column.table
            query = query.where(fk.parent.in_(select(parent.c.id).where(parent.c.council_id == council_id)))
        rows[table.name] = _read(connection, query.order_by(*table.primary_key.columns))
    rows[ACCOUNTS] = _referenced(connection, rows, tables[ACCOUNTS], ACCOUNT_COLUMNS)
    rows[REFERENCE] = _referenced(connection, rows, tables[REFERENCE], None)
    return rows


def _read(connection: Connection, query) -> list[dict]:
    return [dict(row) for row in connection.execute(query).mappings()]


def _referenced(connection, rows, target: Table, columns) -> list[dict]:
    """The rows of ``target`` (accounts, themes) that the collected rows point at."""
    ids = {row[fk.parent.name] for name, table_rows in rows.items()
           for fk in db.metadata.tables[name].foreign_keys if fk.column.table is target
           for row in table_rows} - {None}
    chosen = [target.c[name] for name in columns] if columns else [target]
    found: list[dict] = []
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):  # bounded IN lists
        found += _read(connection, select(*chosen).where(target.c.id.in_(ordered[start:start + 500]))
                       .order_by(target.c.id))
    return found


@dataclass(frozen=True)
class BackupSummary:
    slug: str
    revision: str
    counts: dict[str, int]


def backup_council(engine: Engine, slug: str, target: Path) -> BackupSummary:
    """Write council ``slug``'s rows into the new file ``target`` (mode 0600: personal data)."""
    reading = writes_expected.set(False)  # SQLite: a deferred BEGIN, a snapshot that waits for no one
    try:
        rows, revision = _read_council(engine, slug)
    finally:
        writes_expected.reset(reading)
    council = rows[COUNCIL][0]
    info = {"format": FORMAT, "council_slug": council["slug"], "council_uid": council["uid"],
            "schema_revision": revision, "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "taken_from": engine.dialect.name}
    _write(target, rows, info)
    return BackupSummary(slug, revision, {name: len(found) for name, found in rows.items()})


def _read_council(engine: Engine, slug: str) -> tuple[dict[str, list[dict]], str]:
    """The council's rows and the schema revision, read in one transaction."""
    with engine.connect() as source:
        if source.dialect.name == "postgresql":
            source = source.execution_options(isolation_level="REPEATABLE READ")
        with source.begin():
            council_table = db.metadata.tables[COUNCIL]
            council_id = source.execute(select(council_table.c.id)
                                        .where(council_table.c.slug == slug)).scalar()
            if council_id is None:
                raise CouncilBackupError(f"No council named {slug} (flask --app council council list).")
            if source.dialect.name == "postgresql":  # row-level security: this council's rows
                source.execute(text(RLS_SETTING), {"council_id": str(council_id)})
            revision = schema_revision(source)
            return collect(source, council_id), revision


def _write(target: Path, rows: dict[str, list[dict]], info: dict[str, str]) -> None:
    """Create ``target`` (refused when it exists), readable by its owner only, and fill it; a
    failure leaves no half-written file behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError as error:
        raise CouncilBackupError(f"{target} already exists: choose a new file name.") from error
    engine = create_engine(f"sqlite:///{target}")
    try:
        metadata = file_metadata()
        # The backup FILE's own tables, a new SQLite file: never the app's database, whose schema
        # comes from the migrations only. The models equal the migrations' head (tests/
        # test_migrations.py) and the file records that revision; `restore` refuses another.
        metadata.create_all(engine)
        with engine.begin() as connection:
            for table in metadata.sorted_tables:
                if rows.get(table.name):
                    connection.execute(insert(table), rows[table.name])
            connection.execute(insert(metadata.tables["backup_info"]),
                               [{"key": key, "value": value} for key, value in info.items()])
    except BaseException:
        engine.dispose()
        target.unlink(missing_ok=True)
        raise
    engine.dispose()
