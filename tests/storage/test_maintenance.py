"""Backups and checks at the storage level: names that never collide, no half-written
copies, and errors sorted into "the database is damaged" and "the program has a bug"."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from alliance_cli.core.errors import DatabaseProblem, InvalidInput
from alliance_cli.storage.engine import make_engine, transaction
from alliance_cli.storage.maintenance import backup_database, backup_path, check_database
from alliance_cli.storage.schema import open_database
from tests.conftest import snapshot


@pytest.fixture
def engine(township, db_path):
    engine = open_database(f"sqlite:///{db_path}", create=False)
    yield engine
    engine.dispose()


def test_backup_names_never_collide(db_path):
    first = backup_path(db_path, "before-demo")
    assert first.parent == db_path.parent
    assert first.name.startswith("alliance.db.before-demo-")
    assert first.suffix == ".bak"
    first.write_bytes(b"taken a moment ago")
    second = backup_path(db_path, "before-demo")
    assert second != first
    assert not second.exists()
    second.write_bytes(b"and another")
    assert backup_path(db_path, "before-demo") not in (first, second)


def test_backup_replaces_a_partial_copy_left_by_a_killed_backup(engine, db_path, tmp_path):
    copy = tmp_path / "copy.db"
    (tmp_path / "copy.db.partial").write_bytes(b"\x00garbage from a backup that was killed")
    size = backup_database(engine, copy)
    assert size == copy.stat().st_size
    assert snapshot(copy) == snapshot(db_path)
    assert not (tmp_path / "copy.db.partial").exists()


def test_backup_refuses_an_existing_target(engine, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(b"keep me")
    with pytest.raises(InvalidInput) as refusal:
        backup_database(engine, copy)
    assert refusal.value.key == "file_exists"
    assert copy.read_bytes() == b"keep me"


def test_backup_to_an_unwritable_place_is_a_refusal_not_a_crash(engine, tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "copy.db.partial").mkdir()  # a folder where the partial file must go
    with pytest.raises(DatabaseProblem) as refusal:
        backup_database(engine, folder / "copy.db")
    assert refusal.value.key == "backup_failed"
    assert not (folder / "copy.db").exists()


def test_check_finds_nothing_wrong_in_a_healthy_database(engine):
    assert check_database(engine) == []


def test_check_names_each_orphaned_row(engine, db_path):
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DELETE FROM alliance WHERE name = '蓝色联盟'")
    connection.commit()
    connection.close()
    assert sorted(check_database(engine)) == [
        "membership row 3: missing alliance",
        "membership row 4: missing alliance",
    ]


def test_check_of_garbage_is_a_corruption_refusal(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 500)
    engine = make_engine(f"sqlite:///{garbage}")
    try:
        with pytest.raises(DatabaseProblem) as refusal:
            check_database(engine)
    finally:
        engine.dispose()
    assert refusal.value.key == "db_corrupt"
    assert "file is not a database" in str(refusal.value)


def test_garbage_file_in_a_transaction_is_a_corruption_refusal(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 500)
    engine = make_engine(f"sqlite:///{garbage}")
    try:
        with pytest.raises(DatabaseProblem) as refusal, transaction(engine, write=False) as c:
            c.execute(text("SELECT 1 FROM sqlite_master"))
    finally:
        engine.dispose()
    assert refusal.value.key == "db_corrupt"


def test_a_violated_constraint_is_not_called_corruption(engine):
    """A constraint the core failed to check is a bug to surface, not a damaged file."""
    with pytest.raises(IntegrityError), transaction(engine, write=True) as connection:
        connection.execute(
            text("INSERT INTO organisation (name, category) VALUES ('红岩村', 'village')")
        )


def test_a_malformed_statement_is_not_called_an_unusable_database(engine):
    with (
        pytest.raises(OperationalError, match="no such table"),
        transaction(engine, write=False) as connection,
    ):
        connection.execute(text("SELECT * FROM no_such_table"))


def test_a_read_only_database_is_a_clear_refusal(engine, db_path):
    engine.dispose()
    read_only = make_engine(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    try:
        with (
            pytest.raises(DatabaseProblem) as refusal,
            transaction(read_only, write=True) as connection,
        ):
            connection.execute(
                text("INSERT INTO organisation (name, category) VALUES ('新村', 'village')")
            )
    finally:
        read_only.dispose()
    assert refusal.value.key == "db_unusable"
    assert "readonly" in str(refusal.value)
