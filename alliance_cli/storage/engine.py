"""Where the database is, how connections are set up, and how write transactions begin.

SQLite gets foreign keys and a busy timeout on every connection, and Python's own
transaction handling is switched off so that we decide how each transaction begins: read
commands use a plain `BEGIN`, write commands `BEGIN IMMEDIATE`, which takes the write lock up
front so that a cron job and the clerk queue behind each other instead of failing with
"database is locked" half-way through.

WAL is a property of the file, not of the connection, and switching to it rewrites the file
header; so `use_wal` is called by `schema.open_database` only once the file is known to be
ours (a stranger's SQLite file must be left byte for byte as it was).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

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


def display_url(url: str) -> str:
    """What to show the clerk: the file for SQLite, else the URL without its password."""
    try:
        file = sqlite_file(url)
        return str(file) if file else make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("://", 1)[0] + "://..."  # unparseable: show no credentials


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
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def use_wal(engine: Engine) -> None:
    """Put a SQLite database into WAL mode (it stays so); other engines are left alone."""
    if engine.dialect.name != "sqlite":
        return
    with refusing_database_errors(engine), engine.connect() as connection:
        # Outside any transaction: SQLite cannot change the journal mode inside one.
        raw = connection.connection.driver_connection
        if raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            raw.execute("PRAGMA journal_mode = WAL")


def _on_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get our pragmas and explicit BEGINs."""
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as exc:  # a malformed URL, an unknown or missing driver
        raise DatabaseProblem("db_unusable", url=display_url(url), reason=_reason(exc)) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_begin)
    return engine


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Connection]:
    """One transaction: committed when the block ends, rolled back on any error."""
    with refusing_database_errors(engine), engine.connect() as connection:
        if write:
            connection = connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            yield connection


@contextmanager
def refusing_database_errors(engine: Engine) -> Iterator[None]:
    """Turn errors about the database itself into the clerk's refusal (see
    `database_problem`); any other database error is a bug and propagates as it is."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        problem = database_problem(exc, engine)
        if problem is None:
            raise  # e.g. a constraint the core should have checked
        raise problem from exc


CORRUPTION = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def database_problem(exc: Exception, engine: Engine) -> DatabaseProblem | None:
    """The refusal for a database error that is about the database itself (locked,
    unreadable, read-only, corrupt); None for errors that mean a bug in the program, such
    as a violated constraint or a malformed statement.

    Accepts SQLAlchemy's wrapped errors and raw `sqlite3` ones, since errors raised while a
    connection is being set up reach `raw_connection()` callers unwrapped."""
    original = getattr(exc, "orig", None) or exc
    where = _display(engine)
    code = getattr(original, "sqlite_errorname", None) or ""
    if code.startswith(CORRUPTION):
        return DatabaseProblem("db_corrupt", url=where, reason=_reason(exc))
    if code == "SQLITE_ERROR":
        return None  # "no such table", a syntax error: our bug, to be seen as one
    if isinstance(exc, OperationalError) or isinstance(original, sqlite3.OperationalError):
        return DatabaseProblem("db_unusable", url=where, reason=_reason(exc))
    if type(original) is sqlite3.DatabaseError:
        return DatabaseProblem("db_corrupt", url=where, reason=_reason(exc))
    return None


def table_names(connection: Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        # sqlite_sequence and the like are SQLite's own bookkeeping, not our tables.
        rows = connection.execute(
            text(
                "SELECT name FROM sqlite_master "
                "WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_'"
            )
        )
        return {row[0] for row in rows}
    from sqlalchemy import inspect

    return set(inspect(connection).get_table_names())


def _display(engine: Engine) -> str:
    return display_url(engine.url.render_as_string(hide_password=False))


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0]
