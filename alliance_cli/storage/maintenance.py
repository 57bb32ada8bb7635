"""Backups and integrity checks of a SQLite database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from alliance_cli.core.errors import DatabaseProblem, InvalidInput


def _raw_sqlite(engine: Engine) -> tuple[object, sqlite3.Connection]:
    from sqlalchemy.exc import DatabaseError

    if engine.dialect.name != "sqlite":
        raise InvalidInput("sqlite_only")
    try:
        pooled = engine.raw_connection()
    except DatabaseError as exc:
        raise DatabaseProblem(
            "db_corrupt", url=str(engine.url.database), reason=str(exc.orig)
        ) from exc
    return pooled, pooled.driver_connection


def backup_database(engine: Engine, destination: Path) -> int:
    """Copy the live database to `destination` with SQLite's online backup; returns its size.

    `Connection.backup()` produces a consistent copy even while another process writes, and
    the copy is written beside the target first so a failed backup never leaves half a file.
    """
    destination = Path(destination)
    if destination.exists():
        raise InvalidInput("file_exists", path=str(destination))
    if not destination.parent.is_dir():
        raise InvalidInput("folder_missing", path=str(destination.parent))
    partial = destination.with_name(destination.name + ".partial")
    pooled, source = _raw_sqlite(engine)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        partial.replace(destination)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseProblem("backup_failed", path=str(destination), reason=str(exc)) from exc
    finally:
        pooled.close()
    return destination.stat().st_size


def check_database(engine: Engine) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks; empty when healthy.

    On a badly damaged file `integrity_check` raises instead of returning rows
    (PITFALLS.md), so both outcomes are turned into the same kind of answer.
    """
    pooled, raw = _raw_sqlite(engine)
    try:
        integrity = [row[0] for row in raw.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if integrity == ["ok"] else integrity
        for table, rowid, parent, _fk in raw.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{table} row {rowid}: missing {parent}")
        return problems
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem("db_corrupt", url=str(engine.url.database), reason=str(exc)) from exc
    finally:
        pooled.close()
