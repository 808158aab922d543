"""Consistent copies of the SQLite database while the app runs (SQLite's online backup API)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine


class BackupError(RuntimeError):
    """The backup cannot be made here (wrong engine, unusable target)."""


def backup_sqlite(engine: Engine, target: Path) -> int:
    """Copy the live database page by page into ``target``; returns the number of tables copied.

    Other connections may keep reading and writing meanwhile: the backup API restarts on change
    and always ends with a consistent snapshot.
    """
    if engine.dialect.name != "sqlite":
        raise BackupError(
            "This command copies SQLite databases. For PostgreSQL use pg_dump (see the README)."
        )
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(destination, pages=256)
            check = destination.execute("PRAGMA integrity_check").fetchone()[0]
            tables = destination.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        finally:
            destination.close()
    finally:
        raw.close()
    if check != "ok":
        raise BackupError(f"The copy failed its integrity check: {check}")
    return tables
