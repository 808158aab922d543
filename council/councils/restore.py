"""Put one council back from its backup file (``council.councils.backup``), all or nothing.

- The file must be a council backup taken at this install's schema revision (else refused).
- The council is found by its ``uid``: the same council is *replaced* (its rows deleted, the
  file's written); a council of the same slug but another ``uid`` (another install's, or one
  created again) is refused — unless it holds no rows at all (a fresh install's first council),
  which the backup then takes over. No such council: it is *created*. A host of the file that
  serves another council is refused. Other councils' rows are never read nor touched.
- Ids are kept where they are free, and renumbered table by table where they collide (the links
  between rows follow); national reference rows (themes) are matched by slug.
- Accounts (identity rules, README « Sécurité »): an account is the file's only when both its id
  and its e-mail are the same here (the same install). An e-mail present here under another
  account is NEVER merged: that existing account is left as it is and gets nothing of the
  council (no role, no member record); the restored rows keep no link to an account there (a
  member record without access, no author), and the report lists it so that an admin may link
  the record by the account's number. Any other account of the file is created (its password
  hash and active flag; new sessions).

Writes go through the session's connection (Core); the caller commits once, or rolls back (a
dry run). On PostgreSQL ``app.council_id`` is set to the restored council (row-level security).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, exists, func, insert, inspect, select, text, update
from sqlalchemy.exc import DatabaseError, IntegrityError

from council.councils.backup import (
    ACCOUNTS,
    COUNCIL,
    FORMAT,
    HOSTS,
    REFERENCE,
    file_metadata,
    layout,
    schema_revision,
)
from council.extensions import db
from council.tenancy import use_council


class RestoreRefused(RuntimeError):
    """The file cannot be restored here; nothing was changed. The message is French."""


@dataclass
class Backup:
    info: dict[str, str]
    rows: dict[str, list[dict]]


@dataclass
class RestoreReport:
    slug: str
    replaced: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    same_accounts: int = 0
    new_accounts: list[tuple[str, int]] = field(default_factory=list)        # (e-mail, new id)
    unlinked_accounts: list[tuple[str, int]] = field(default_factory=list)   # (e-mail, id here)
    dropped: dict[str, int] = field(default_factory=dict)
    renumbered: list[str] = field(default_factory=list)
    themes_created: list[str] = field(default_factory=list)


def read_backup(path: Path) -> Backup:
    """The file's rows, read-only; refused when it is not a council backup."""
    if not path.is_file():
        raise RestoreRefused(f"Fichier introuvable : {path}.")
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with engine.connect() as connection:
            if "backup_info" not in inspect(connection).get_table_names():
                raise RestoreRefused(
                    f"{path} n'est pas la sauvegarde d'un conseil (`backup FILE --council SLUG`) ; "
                    "une copie de toute la base (`backup FILE` sans --council) se remet en place "
                    "en remplaçant le fichier de la base, l'application arrêtée.")
            metadata = file_metadata()
            info = {key: value for key, value in connection.execute(select(metadata.tables["backup_info"]))}
            rows = {table.name: [dict(row) for row in connection.execute(select(table)).mappings()]
                    for table in metadata.sorted_tables if table.name != "backup_info"}
    except DatabaseError as error:
        raise RestoreRefused(f"{path} n'est pas une sauvegarde lisible ({error.orig}).") from error
    finally:
        engine.dispose()
    if info.get("format") != FORMAT or len(rows.get(COUNCIL, [])) != 1:
        raise RestoreRefused(f"{path} n'est pas une sauvegarde de conseil de ce format ({FORMAT}).")
    return Backup(info, rows)


def restore_council(backup: Backup, expected_slug: str | None = None) -> RestoreReport:
    """Write the backup's council into this install (see the module); the caller commits."""
    connection = db.session.connection()
    slug, revision = backup.info["council_slug"], schema_revision(connection)
    if expected_slug is not None and expected_slug != slug:
        raise RestoreRefused(f"Ce fichier est la sauvegarde du conseil « {slug} », pas de "
                             f"« {expected_slug} » : rien n'a été restauré.")
    if backup.info["schema_revision"] != revision:
        raise RestoreRefused(
            f"Ce fichier a été pris à la révision de schéma {backup.info['schema_revision']} ; cette "
            f"installation est à la révision {revision}. Restaurez-le dans une installation de la "
            "même version de l'application : rien n'a été restauré.")
    report = RestoreReport(slug)
    council = backup.rows[COUNCIL][0]
    council_id = _target_council(connection, council, report)
    _check_hosts(connection, backup.rows[HOSTS], council_id)
    if council_id is not None:
        _wipe(connection, council_id)
    council_id = _write_council(connection, council, council_id, report)
    maps = {COUNCIL: {council["id"]: council_id}}
    _write_hosts(connection, backup.rows[HOSTS], council_id)
    maps[REFERENCE] = _match_themes(connection, backup.rows[REFERENCE], report)
    maps[ACCOUNTS] = _match_accounts(connection, backup.rows[ACCOUNTS], report)
    parts = layout()
    for table in parts.owned + parts.links:
        maps[table.name] = _write_table(connection, table, backup.rows.get(table.name, []), maps, report)
    return report


def _target_council(connection, council: dict, report: RestoreReport) -> int | None:
    """The id of the council the backup replaces here, or None (it will be created)."""
    table = db.metadata.tables[COUNCIL]
    same = connection.execute(select(table.c.id, table.c.slug).where(table.c.uid == council["uid"])).first()
    if same is not None:
        if same.slug != council["slug"]:
            raise RestoreRefused(f"Ce conseil s'appelle maintenant « {same.slug} » ici, et non "
                                 f"« {council['slug']} » : rien n'a été restauré.")
        report.replaced = True
        return same.id
    namesake = connection.execute(select(table.c.id).where(table.c.slug == council["slug"])).scalar()
    if namesake is None:
        return None
    if _holds_rows(connection, namesake):
        raise RestoreRefused(
            f"Le conseil « {council['slug']} » de cette installation n'est pas celui de la "
            "sauvegarde (elle vient d'une autre installation, ou d'un conseil créé à nouveau depuis) : "
            "rien n'a été restauré, pour ne pas remplacer les données d'un autre conseil.")
    report.replaced = True  # an empty namesake (a fresh install's first council): taken over
    return namesake


def _holds_rows(connection, council_id: int) -> bool:
    use_council(council_id)  # PostgreSQL: row-level security shows that council's rows
    return any(connection.execute(select(exists().where(table.c.council_id == council_id))).scalar()
               for table in layout().owned)


def _check_hosts(connection, hosts: list[dict], council_id: int | None) -> None:
    table = db.metadata.tables[HOSTS]
    council = db.metadata.tables[COUNCIL]
    for host in hosts:
        holder = connection.execute(select(table.c.council_id, council.c.slug).join(council)
                                    .where(table.c.host == host["host"])).first()
        if holder is not None and holder.council_id != council_id:
            raise RestoreRefused(f"L'adresse « {host['host']} » sert déjà le conseil « {holder.slug} » "
                                 "de cette installation : rien n'a été restauré.")


def _wipe(connection, council_id: int) -> None:
    """Delete the council's rows (links first, then owned tables, children before parents)."""
    use_council(council_id)
    parts = layout()
    owned = {table.name for table in parts.owned}
    for table in parts.links:
        for fk in table.foreign_keys:
            if fk.column.table.name in owned:
                parent = fk.column.table
                connection.execute(table.delete().where(
                    fk.parent.in_(select(parent.c.id).where(parent.c.council_id == council_id))))
                break
    for table in reversed(parts.owned):
        connection.execute(table.delete().where(table.c.council_id == council_id))
    hosts = db.metadata.tables[HOSTS]
    connection.execute(hosts.delete().where(hosts.c.council_id == council_id))


def _write_council(connection, council: dict, council_id: int | None, report) -> int:
    table = db.metadata.tables[COUNCIL]
    values = {key: value for key, value in council.items() if key != "id"}
    if council_id is not None:
        connection.execute(update(table).where(table.c.id == council_id).values(values))
    else:
        council_id = _insert_rows(connection, table, [council], report)[council["id"]]
    use_council(council_id)
    return council_id


def _write_hosts(connection, hosts: list[dict], council_id: int) -> None:
    if hosts:
        connection.execute(insert(db.metadata.tables[HOSTS]), [
            {"council_id": council_id, "host": host["host"], "is_primary": host["is_primary"]}
            for host in hosts])


def _match_themes(connection, themes: list[dict], report) -> dict[int, int]:
    """National reference rows by slug; one unknown here is created (listed in the report)."""
    table, found = db.metadata.tables[REFERENCE], {}
    for theme in themes:
        here = connection.execute(select(table.c.id).where(table.c.slug == theme["slug"])).scalar()
        if here is None:
            values = {key: value for key, value in theme.items() if key != "id"}
            here = connection.execute(insert(table).values(values).returning(table.c.id)).scalar_one()
            report.themes_created.append(theme["slug"])
        found[theme["id"]] = here
    return found


def _match_accounts(connection, accounts: list[dict], report) -> dict[int, int | None]:
    """The file's accounts → accounts here (None: an e-mail present here, never merged)."""
    table, found = db.metadata.tables[ACCOUNTS], {}
    for account in accounts:
        email = account["email"]
        same = connection.execute(select(table.c.id).where(
            table.c.id == account["id"], func.lower(table.c.email) == email.lower())).scalar()
        if same is not None:
            found[account["id"]] = same
            report.same_accounts += 1
            continue
        holder = connection.execute(select(table.c.id).where(
            func.lower(table.c.email) == email.lower())).scalar()
        if holder is not None:
            found[account["id"]] = None
            report.unlinked_accounts.append((email, holder))
            continue
        row = {**account, "session_token": secrets.token_urlsafe(32)}
        found[account["id"]] = _insert_rows(connection, table, [row], report)[account["id"]]
        report.new_accounts.append((email, found[account["id"]]))
    return found


def _write_table(connection, table, rows: list[dict], maps, report) -> dict[int, int]:
    """Insert ``rows`` with their links translated; → old id → new id."""
    kept, deferred = [], []
    self_links = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    for row in rows:
        new = dict(row)
        for fk in table.foreign_keys:
            name, target = fk.parent.name, fk.column.table.name
            if new[name] is None or fk.column.table is table:
                continue
            new[name] = maps[target][new[name]]
            if new[name] is None and not fk.parent.nullable:
                break  # it belonged to an account never merged (a role, a feed): not restored
        else:
            deferred.append({name: new[name] for name in self_links})
            new.update(dict.fromkeys(self_links))
            kept.append(new)
    if len(kept) != len(rows):
        report.dropped[table.name] = len(rows) - len(kept)
    report.counts[table.name] = len(kept)
    if not kept:
        return {}
    if "id" not in table.c:  # a link table: nothing points at it
        connection.execute(insert(table), kept)
        return {}
    ids = _insert_rows(connection, table, kept, report)
    stamped = [column.name for column in table.c if column.onupdate is not None]  # kept as they were
    for row, links in zip(kept, deferred, strict=True):
        if any(value is not None for value in links.values()):
            connection.execute(update(table).where(table.c.id == ids[row["id"]]).values(
                {name: row[name] for name in stamped}
                | {name: ids[value] if value is not None else None for name, value in links.items()}))
    return ids


def _insert_rows(connection, table, rows: list[dict], report) -> dict[int, int]:
    """Insert keeping the ids when they are all free here, else renumbered; → old → new."""
    try:
        with connection.begin_nested():
            connection.execute(insert(table), rows)
        _advance_sequence(connection, table, max(row["id"] for row in rows))
        return {row["id"]: row["id"] for row in rows}
    except IntegrityError:
        pass  # an id taken here (another council's row): renumber this table's rows
    fresh = [{key: value for key, value in row.items() if key != "id"} for row in rows]
    new_ids = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                 fresh).scalars().all()
    report.renumbered.append(table.name)
    return {row["id"]: new_id for row, new_id in zip(rows, new_ids, strict=True)}


def _advance_sequence(connection, table, highest: int) -> None:
    """PostgreSQL: ids written by hand; the next id made by the sequence must be above them."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(
            "SELECT setval(seq, GREATEST(nextval(seq), :highest)) "
            "FROM (SELECT pg_get_serial_sequence(:table, 'id') AS seq) AS found"),
            {"highest": highest, "table": f'"{table.name}"'})
