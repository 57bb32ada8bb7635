"""Emptying a database for the demo, never without a backup of what it held."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from alliance_cli.core.errors import InvalidInput, RuleViolation
from alliance_cli.storage.engine import sqlite_file, transaction
from alliance_cli.storage.schema import holds_data, open_database


def reset_database(url: str, *, allow_reset: bool) -> tuple[Engine, Path | None]:
    """An engine on an empty, up-to-date database at `url`, and the backup taken if the
    database held data. Without `allow_reset` a database that holds data is refused.
    A file that is not an alliance database is refused by `open_database` and never deleted."""
    engine = open_database(url, create=True)
    try:
        with transaction(engine, write=False) as connection:
            has_data = holds_data(connection)
        if not has_data:
            return engine, None
        if not allow_reset:
            raise RuleViolation("demo_exists")
        file = sqlite_file(url)
        if file is None:
            raise InvalidInput("sqlite_only")
        from alliance_cli.storage.maintenance import backup_database, backup_path

        backup = backup_path(file, "before-demo")
        backup_database(engine, backup)
    except BaseException:
        engine.dispose()
        raise
    engine.dispose()
    for leftover in (file, Path(f"{file}-wal"), Path(f"{file}-shm")):
        leftover.unlink(missing_ok=True)
    return open_database(url, create=True), backup
