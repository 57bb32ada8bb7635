"""Where the database is, how connections are set up, and how write transactions begin.

SQLite gets foreign keys, WAL and a busy timeout on every connection, and Python's own
transaction handling is switched off so that we decide how each transaction begins: read
commands use a plain `BEGIN`, write commands `BEGIN IMMEDIATE`, which takes the write lock up
front so that a cron job and the clerk queue behind each other instead of failing with
"database is locked" half-way through.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError

from alliance_cli.core.errors import DatabaseProblem

BUSY_TIMEOUT_MS = 30_000
ENV_VAR = "ALLIANCE_DB"


def default_database_path() -> Path:
    """The per-user database file, in the platform's data directory."""
    import platformdirs

    return Path(platformdirs.user_data_dir("alliance", appauthor=False)) / "alliance.db"


def resolve_url(db_option: str | None) -> str:
    """`--db` (a path or a SQLAlchemy URL), else `ALLIANCE_DB`, else the user data file."""
    chosen = db_option or os.environ.get(ENV_VAR) or str(default_database_path())
    if "://" in chosen:
        return chosen
    return "sqlite:///" + str(Path(chosen).expanduser().resolve())


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other engines and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, see _on_begin
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get our pragmas and explicit BEGINs."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_begin)
    return engine


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Connection]:
    """One transaction: committed when the block ends, rolled back on any error."""
    try:
        with engine.connect() as connection:
            if write:
                connection = connection.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                yield connection
    except OperationalError as exc:
        raise DatabaseProblem("db_unusable", url=_display(engine), reason=_reason(exc)) from exc
    except DatabaseError as exc:
        raise DatabaseProblem("db_corrupt", url=_display(engine), reason=_reason(exc)) from exc


def table_names(connection: Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
        return {row[0] for row in rows}
    from sqlalchemy import inspect

    return set(inspect(connection).get_table_names())


def _display(engine: Engine) -> str:
    file = sqlite_file(str(engine.url))
    return str(file) if file else engine.url.render_as_string(hide_password=True)


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0]
