"""Opening a database: create it, recognise it, and bring its schema up to date.

Alembic costs about 0.2 s to import, so the revision stored in the database is compared with
`HEAD_REVISION` first and Alembic is imported only when an upgrade is due. A test checks that
`HEAD_REVISION` is the head of the shipped migration scripts.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from alliance_cli.core.errors import DatabaseProblem
from alliance_cli.storage.engine import make_engine, sqlite_file, table_names, transaction

HEAD_REVISION = "0001"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def open_database(url: str, *, create: bool) -> Engine:
    """An engine on an up-to-date database at `url`.

    With `create`, a missing SQLite file is created; without it, a missing file is refused so
    that a mistyped `--db` on a read command does not leave an empty database behind.
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
    with transaction(engine, write=False) as connection:
        revision, has_data = _inspect(connection, file or url)
    if revision != HEAD_REVISION:
        if revision is not None and not _known_revision(revision):
            raise DatabaseProblem("db_newer", revision=revision)
        if has_data and file is not None:
            backup = file.with_name(
                f"{file.name}.before-{HEAD_REVISION}-{datetime.now():%Y%m%d%H%M%S}.bak"
            )
            from alliance_cli.storage.maintenance import backup_database

            backup_database(engine, backup)
        upgrade(engine)
    return engine


def _inspect(connection: Connection, where: object) -> tuple[str | None, bool]:
    """The stored revision (None for an empty database) and whether any table holds rows."""
    names = table_names(connection)
    if not names:
        return None, False
    if "alembic_version" not in names:
        raise DatabaseProblem("db_not_ours", path=str(where))
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return revision, holds_data(connection, names)


def holds_data(connection: Connection, names: set[str] | None = None) -> bool:
    """Whether any table other than the schema bookkeeping has a row."""
    names = table_names(connection) if names is None else names
    return any(
        connection.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first()
        for name in names
        if name not in ("alembic_version", "schema_migration")
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
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    is_sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
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
