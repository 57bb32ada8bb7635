"""Backups and integrity checks of a SQLite database file."""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from alliance_cli.core.errors import DatabaseProblem, InvalidInput
from alliance_cli.storage.engine import display_url, refusing_database_errors


def _raw_sqlite(engine: Engine) -> tuple[object, sqlite3.Connection]:
    if engine.dialect.name != "sqlite":
        raise InvalidInput("sqlite_only")
    # Errors from the connect-time pragmas reach raw_connection() unwrapped.
    with refusing_database_errors(engine):
        pooled = engine.raw_connection()
    return pooled, pooled.driver_connection


def backup_path(file: Path, label: str) -> Path:
    """A new file beside `file` named after `label` and the time, never an existing one
    (two backups within the same second get different names)."""
    stem = f"{file.name}.{label}-{datetime.now():%Y%m%d%H%M%S}"
    candidate = file.with_name(f"{stem}.bak")
    number = 1
    while candidate.exists():
        number += 1
        candidate = file.with_name(f"{stem}-{number}.bak")
    return candidate


def backup_database(engine: Engine, destination: Path) -> int:
    """Copy the live database to `destination` with SQLite's online backup; returns its size.

    `Connection.backup()` produces a consistent copy even while another process writes, and
    the copy is written beside the target first so a failed backup never leaves half a file.
    The copy is a single self-contained file (rollback journal, not WAL).
    """
    destination = Path(destination)
    if destination.exists():
        raise InvalidInput("file_exists", path=str(destination))
    if not destination.parent.is_dir():
        raise InvalidInput("folder_missing", path=str(destination.parent))
    partial = destination.with_name(destination.name + ".partial")
    pooled, source = _raw_sqlite(engine)
    try:
        partial.unlink(missing_ok=True)  # left over from a backup that was killed
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        if destination.exists():  # appeared while we were copying
            raise InvalidInput("file_exists", path=str(destination))
        partial.replace(destination)
    except sqlite3.Error as exc:
        if _source_failed(exc):
            raise DatabaseProblem(
                "db_corrupt", url=display_url(str(engine.url)), reason=str(exc)
            ) from exc
        raise DatabaseProblem("backup_failed", path=str(destination), reason=str(exc)) from exc
    except OSError as exc:
        raise DatabaseProblem(
            "backup_failed", path=str(destination), reason=exc.strerror or str(exc)
        ) from exc
    finally:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        pooled.close()
    return destination.stat().st_size


def _source_failed(exc: sqlite3.Error) -> bool:
    # A corrupt source says so; anything else (disk full, read-only folder) is the target's.
    return (getattr(exc, "sqlite_errorname", None) or "").startswith(
        ("SQLITE_CORRUPT", "SQLITE_NOTADB")
    )


def check_database(engine: Engine) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks; empty when healthy.

    On a badly damaged file `integrity_check` raises instead of returning rows
    (PITFALLS.md), so both outcomes are turned into the same kind of answer.
    """
    pooled, raw = _raw_sqlite(engine)
    try:
        with refusing_database_errors(engine):
            integrity = [row[0] for row in raw.execute("PRAGMA integrity_check").fetchall()]
            problems = [] if integrity == ["ok"] else integrity
            for table, rowid, parent, _fk in raw.execute("PRAGMA foreign_key_check").fetchall():
                problems.append(f"{table} row {rowid}: missing {parent}")
        return problems
    finally:
        pooled.close()
