"""Opening a database: create it, recognise it, and bring its schema up to date.

Alembic costs about 0.2 s to import, so the revision stored in the database is compared with
`HEAD_REVISION` first and Alembic is imported only when an upgrade is due. A test checks that
`HEAD_REVISION` is the head of the shipped migration scripts.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, text

from alliance_cli.core.errors import DatabaseProblem
from alliance_cli.storage.engine import (
    display_url,
    make_engine,
    refusing_database_errors,
    sqlite_file,
    table_names,
    transaction,
    use_wal,
)

HEAD_REVISION = "0005"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def open_database(url: str, *, create: bool, migrate: bool = True) -> Engine:
    """An engine on an up-to-date database at `url`.

    With `create`, a missing SQLite file is created; without it, a missing file is refused so
    that a mistyped `--db` on a read command does not leave an empty database behind. A file
    that is not ours, or whose schema is newer than this program, is refused untouched.
    Without `migrate` (backup, check) the database is only recognised, never changed.
    """
    file = sqlite_file(url)
    if file is not None and not file.exists():
        if not create:
            raise DatabaseProblem("db_missing", path=str(file))
        if file.parent.exists() and not file.parent.is_dir():
            raise DatabaseProblem("db_unusable", url=str(file), reason="parent is not a folder")
        file.parent.mkdir(parents=True, exist_ok=True)
    if file is not None and file.exists() and file.is_dir():
        raise DatabaseProblem("db_unusable", url=str(file), reason="is a folder")
    engine = make_engine(url)
    try:
        with transaction(engine, write=False) as connection:
            revision = _stored_revision(connection, file or display_url(url))
        if migrate:
            _bring_up_to_date(engine, revision, file)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _bring_up_to_date(engine: Engine, revision: str | None, file: Path | None) -> None:
    if revision is not None and revision != HEAD_REVISION and not _known_revision(revision):
        raise DatabaseProblem("db_newer", revision=revision)
    use_wal(engine)
    if revision == HEAD_REVISION:
        return
    with transaction(engine, write=False) as connection:
        has_data = holds_data(connection)
    if has_data and file is not None:
        from alliance_cli.storage.maintenance import backup_database, backup_path

        backup_database(engine, backup_path(file, f"before-{HEAD_REVISION}"))
    upgrade(engine)


def _stored_revision(connection: Connection, where: object) -> str | None:
    """The stored revision; None for an empty database. A database with tables but no
    revision is someone else's."""
    names = table_names(connection)
    if not names:
        return None
    if "alembic_version" not in names:
        raise DatabaseProblem("db_not_ours", path=str(where))
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# Rows that migrations themselves write are not the clerk's data.
BOOKKEEPING = {"alembic_version": "0", "schema_migration": "0", "activity_kind": "NOT builtin"}


def holds_data(connection: Connection, names: set[str] | None = None) -> bool:
    """Whether any table holds a row the clerk entered (schema bookkeeping and seeded
    vocabularies do not count)."""
    names = table_names(connection) if names is None else names
    return any(
        connection.execute(
            text(f'SELECT 1 FROM "{name}" WHERE {BOOKKEEPING.get(name, "1")} LIMIT 1')
        ).first()
        for name in names
    )


def _known_revision(revision: str) -> bool:
    return any(MIGRATIONS_DIR.joinpath("versions").glob(f"{revision}_*.py"))


def upgrade(engine: Engine) -> None:
    """Run every pending migration in one transaction, with foreign keys checked afterwards.

    Foreign keys are switched off outside the transaction because a batch migration rebuilds
    tables, and with them on SQLite would fire ON DELETE CASCADE and silently delete child
    rows (PITFALLS.md); `foreign_key_check` then proves nothing was orphaned.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    # The option goes through configparser, which reads "%" as interpolation.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    is_sqlite = engine.dialect.name == "sqlite"
    with refusing_database_errors(engine), engine.connect() as connection:
        raw = connection.connection.driver_connection
        if is_sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.execution_options(sqlite_begin="IMMEDIATE").begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if is_sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseProblem("db_migration_orphans", count=len(broken))
        finally:
            if is_sqlite:
                raw.execute("PRAGMA foreign_keys = ON")
