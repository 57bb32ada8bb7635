"""Migrations: the shipped scripts match the models, each run is recorded, Alembic is loaded
only when an upgrade is due, and an upgrade of a database that holds data keeps every row
and leaves a backup behind."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, inspect

from alliance_cli.storage import models, schema
from alliance_cli.storage.schema import open_database
from tests.conftest import snapshot

CURRENT = schema.HEAD_REVISION
FUTURE = f"{int(CURRENT) + 1:04d}"

FUTURE_REVISION = '''\
"""remarks on organisations and alliances

Revision ID: {future}
Revises: {current}
"""

import sqlalchemy as sa
from alembic import op

revision = "{future}"
down_revision = "{current}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # recreate="always": a real table rebuild, the case that fires ON DELETE CASCADE.
    with op.batch_alter_table("organisation", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("remark", sa.Text(), nullable=True))
    with op.batch_alter_table("alliance", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("remark", sa.Text(), nullable=True))
{extra}

def downgrade() -> None:
    pass
'''


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def stored_revision(db: Path) -> str | None:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def install_future_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra_upgrade: str = ""
) -> Path:
    """A copy of the shipped migrations plus a revision after the head, made the head."""
    migrations = tmp_path / "100% future migrations"  # "%" trips configparser if unescaped
    shutil.copytree(schema.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / f"{FUTURE}_remarks.py").write_text(
        FUTURE_REVISION.format(
            extra=textwrap.indent(extra_upgrade, "    "), future=FUTURE, current=CURRENT
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(schema, "HEAD_REVISION", FUTURE)
    return migrations


def test_head_revision_is_the_head_of_the_shipped_scripts():
    scripts = ScriptDirectory(str(schema.MIGRATIONS_DIR))
    assert scripts.get_heads() == [schema.HEAD_REVISION]
    # Unknown revisions are recognised by file name, so every script must be named after it.
    for script in scripts.walk_revisions():
        assert Path(script.path).name.startswith(f"{script.revision}_"), script.path


def test_empty_database_migrates_to_exactly_the_models(db_path):
    engine = open_database(sqlite_url(db_path), create=True)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            assert context.get_current_revision() == schema.HEAD_REVISION
            assert compare_metadata(context, models.metadata) == []
    finally:
        engine.dispose()
    tables = {name for name in snapshot(db_path) if not name.startswith("sqlite_")}
    assert tables == {table.name for table in models.metadata.sorted_tables} | {"alembic_version"}


def test_check_constraints_of_the_migrations_match_the_models(db_path):
    """compare_metadata does not look at CHECK constraints, so they are compared here."""
    engine = open_database(sqlite_url(db_path), create=True)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            for table in models.metadata.sorted_tables:
                declared = {
                    (constraint.name, str(constraint.sqltext))
                    for constraint in table.constraints
                    if isinstance(constraint, CheckConstraint)
                }
                migrated = {
                    (found["name"], found["sqltext"])
                    for found in inspector.get_check_constraints(table.name)
                }
                assert migrated == declared, table.name
    finally:
        engine.dispose()


def test_each_migration_is_recorded_with_its_name_and_time(db_path):
    started = datetime.now()
    open_database(sqlite_url(db_path), create=True).dispose()
    rows = sorted(snapshot(db_path)["schema_migration"])
    scripts = ScriptDirectory(str(schema.MIGRATIONS_DIR))
    assert [row[0] for row in rows] == sorted(s.revision for s in scripts.walk_revisions())
    assert rows[0][:2] == (
        "0001",
        "foundation: alliances, organisations, memberships, belts, audit",
    )
    assert rows[-1][0] == CURRENT
    for _revision, name, applied_at in rows:
        assert name
        applied = datetime.fromisoformat(applied_at)
        assert started - timedelta(seconds=1) <= applied <= datetime.now()


def test_opening_again_records_nothing_more(db_path):
    open_database(sqlite_url(db_path), create=True).dispose()
    before = snapshot(db_path)
    open_database(sqlite_url(db_path), create=False).dispose()
    assert snapshot(db_path) == before


@pytest.mark.parametrize(("prepared", "alembic_loaded"), [(True, False), (False, True)])
def test_alembic_is_imported_only_when_an_upgrade_is_due(db_path, prepared, alembic_loaded):
    if prepared:
        open_database(sqlite_url(db_path), create=True).dispose()
    code = textwrap.dedent(
        f"""
        import sys
        from alliance_cli.storage.schema import open_database
        open_database({sqlite_url(db_path)!r}, create=True).dispose()
        print("alembic" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(alembic_loaded)
    assert stored_revision(db_path) == schema.HEAD_REVISION


def test_upgrade_of_a_database_with_data_keeps_every_row_and_takes_a_backup(
    township, db_path, tmp_path, monkeypatch
):
    # belt_link rows hang off alliance with ON DELETE CASCADE, membership rows off
    # organisation and alliance: a table rebuild with foreign keys on would lose them.
    township.ok("alliance", "belt", "红色联盟", "红岩村", "石门村", "--on", "2023-03-01")
    township.ok("alliance", "belt", "蓝色联盟", "新街社区", "镇派出所", "--on", "2023-02-01")
    before = snapshot(db_path)
    assert len(before["belt_link"]) == 4
    assert len(before["membership"]) == 4
    install_future_migration(tmp_path, monkeypatch)

    listing = township.ok("member", "list", "--format", "csv")

    after = snapshot(db_path)
    assert stored_revision(db_path) == FUTURE
    for table in ("membership", "belt_link", "audit_log"):
        assert after[table] == before[table], table
    for table in ("organisation", "alliance"):
        assert after[table] == sorted(((*row, None) for row in before[table]), key=repr)
    assert [row[:2] for row in after["schema_migration"]] == [
        *[row[:2] for row in before["schema_migration"]],
        (FUTURE, "remarks on organisations and alliances"),
    ]
    assert "红岩村" in listing.stdout
    assert not list(tmp_path.glob("*_alembic_tmp*"))

    backups = sorted(tmp_path.glob(f"alliance.db.before-{FUTURE}-*.bak"))
    assert len(backups) == 1
    assert snapshot(backups[0]) == before
    assert stored_revision(backups[0]) == CURRENT


def test_migration_that_orphans_rows_is_rolled_back(township, db_path, tmp_path, monkeypatch):
    before = snapshot(db_path)
    # With foreign keys off during the rebuild nothing stops this; the check afterwards must.
    install_future_migration(
        tmp_path,
        monkeypatch,
        extra_upgrade="op.execute(\"DELETE FROM organisation WHERE name = '红岩村'\")",
    )

    township.refused("member", "list", message="rows without their parents")

    assert snapshot(db_path) == before
    assert stored_revision(db_path) == CURRENT


def test_empty_database_at_an_older_revision_is_upgraded_without_backup(
    cli, db_path, tmp_path, monkeypatch
):
    cli.ok("db", "init")
    install_future_migration(tmp_path, monkeypatch)

    cli.ok("db", "init")

    assert stored_revision(db_path) == FUTURE
    assert not list(tmp_path.glob("*.bak"))


def test_backup_and_check_leave_an_older_database_as_it_is(
    township, db_path, tmp_path, monkeypatch
):
    install_future_migration(tmp_path, monkeypatch)
    before = snapshot(db_path)

    township.ok("db", "check")
    township.ok("db", "backup", str(tmp_path / "copy.db"))

    assert snapshot(db_path) == before
    assert stored_revision(db_path) == CURRENT
    assert stored_revision(tmp_path / "copy.db") == CURRENT
    assert not list(tmp_path.glob("*.bak"))


def test_database_from_a_newer_program_is_refused_and_left_alone(township, db_path):
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.commit()
    connection.close()
    before = snapshot(db_path)

    for command in (
        ("member", "list"),
        ("member", "add", "新村", "--category", "village"),
        ("db", "init"),
    ):
        township.refused(
            *command, message="the database has schema revision 0099, newer than this program"
        )

    assert snapshot(db_path) == before
    assert not list(db_path.parent.glob("*.bak"))
    # Copying it is still allowed: the clerk may want it saved before upgrading alliance.
    township.ok("db", "backup", str(db_path.parent / "copy.db"))
    assert snapshot(db_path.parent / "copy.db") == before


def test_a_foundation_database_with_data_is_upgraded_to_the_head(township, db_path, tmp_path):
    """The real path a clerk's file takes: built at 0001, opened by this program."""
    from alembic import command
    from alembic.config import Config

    old = tmp_path / "old.db"
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS_DIR))
    engine = schema.make_engine(sqlite_url(old))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    connection = sqlite3.connect(old)
    connection.execute(
        "INSERT INTO organisation (name, category, level, party_members) "
        "VALUES ('老村', 'village', 'village', 9)"
    )
    connection.commit()
    connection.close()
    before = snapshot(old)

    township.ok("--db", str(old), "member", "list")

    after = snapshot(old)
    assert stored_revision(old) == CURRENT
    assert after["organisation"] == before["organisation"]
    assert len(after["activity_kind"]) == 14
    backups = list(tmp_path.glob("old.db.before-*.bak"))
    assert len(backups) == 1 and snapshot(backups[0]) == before
