"""`alliance db ...` and the refusals every command gives on a database it cannot use: a
missing file, a corrupt file, a file that is not ours. A refusal is one line on stderr,
exit 1, and the file exactly as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alliance_cli.core.demo import ORGANISATIONS
from alliance_cli.storage.schema import HEAD_REVISION
from tests.conftest import query, snapshot

PAGE = 4096


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def settled_copy(db: Path, copy: Path) -> Path:
    """A byte copy of a closed database with its WAL folded in, to damage on purpose."""
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    copy.write_bytes(db.read_bytes())
    return copy


def stderr_lines(result) -> list[str]:
    return result.stderr.splitlines()


# --- db path ---------------------------------------------------------------------------


def test_path_shows_the_file_from_the_environment(cli, db_path):
    result = cli.ok("db", "path")
    assert result.stdout == f"{db_path}\n"
    assert not db_path.exists()  # asking where it is creates nothing


def test_path_from_the_db_option_is_absolute(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli.ok("--db", "township.db", "db", "path")
    assert result.stdout == f"{tmp_path / 'township.db'}\n"


def test_path_of_a_sqlite_url_is_the_file(cli, tmp_path):
    result = cli.ok("--db", f"sqlite:///{tmp_path / 'county.db'}", "db", "path")
    assert result.stdout == f"{tmp_path / 'county.db'}\n"


def test_path_falls_back_to_the_user_data_folder(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("ALLIANCE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = cli.ok("db", "path")
    assert result.stdout == f"{tmp_path / 'xdg' / 'alliance' / 'alliance.db'}\n"
    assert not (tmp_path / "xdg").exists()


def test_path_of_a_server_url_hides_the_password(cli, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", "postgresql://clerk:s3cret@county-server/alliance")
    result = cli.ok("db", "path")
    assert result.stdout == "postgresql://clerk:***@county-server/alliance\n"
    assert "s3cret" not in result.output


# --- db init ---------------------------------------------------------------------------


def test_init_creates_the_database_at_the_latest_schema(cli, db_path):
    result = cli.ok("db", "init")
    assert result.stderr == f"database ready: {db_path}\n"
    assert result.stdout == ""
    assert query(db_path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert query(db_path, "PRAGMA journal_mode") == [("wal",)]
    tables = snapshot(db_path)
    assert {"alliance", "organisation", "membership", "belt_link", "audit_log"} <= set(tables)
    assert tables["organisation"] == []


def test_init_creates_missing_folders(cli, tmp_path):
    target = tmp_path / "clerk" / "2023" / "township.db"
    cli.ok("--db", str(target), "db", "init")
    assert query(target, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]


def test_init_again_changes_nothing(township, db_path):
    before = snapshot(db_path)
    result = township.ok("db", "init")
    assert "database ready" in result.stderr
    assert snapshot(db_path) == before
    assert not list(db_path.parent.glob("*.bak"))


def test_init_is_silent_with_quiet(cli, db_path):
    result = cli.ok("--quiet", "db", "init")
    assert result.output == ""
    assert db_path.exists()


# --- db backup -------------------------------------------------------------------------


def test_backup_copies_every_row_into_a_self_contained_file(township, db_path, tmp_path):
    copy = tmp_path / "backup.db"
    result = township.ok("db", "backup", str(copy))
    assert result.stderr == f"backed up to {copy} ({copy.stat().st_size} bytes)\n"
    assert snapshot(copy) == snapshot(db_path)
    assert snapshot(copy)["organisation"]  # the township really is in it
    assert query(copy, "PRAGMA journal_mode") == [("delete",)]
    assert query(copy, "PRAGMA integrity_check") == [("ok",)]
    assert not list(tmp_path.glob("*.partial"))


def test_backup_copy_is_a_working_database(township, tmp_path):
    copy = tmp_path / "backup.db"
    township.ok("db", "backup", str(copy))
    listing = township.ok("--db", str(copy), "member", "list", "--format", "csv")
    assert "红岩村" in listing.stdout
    assert "镇派出所" in listing.stdout


def test_backup_refuses_to_overwrite(township, db_path, tmp_path):
    copy = tmp_path / "backup.db"
    copy.write_text("last week's backup", encoding="utf-8")
    before = snapshot(db_path)
    result = township.refused("db", "backup", str(copy), message=f"file {copy} already exists")
    assert len(stderr_lines(result)) == 1
    assert copy.read_text(encoding="utf-8") == "last week's backup"
    assert snapshot(db_path) == before


def test_backup_into_a_missing_folder_is_refused(township, tmp_path):
    copy = tmp_path / "no-such-folder" / "backup.db"
    township.refused("db", "backup", str(copy), message="does not exist")
    assert not copy.parent.exists()


def test_backup_of_a_missing_database_is_refused(cli, db_path, tmp_path):
    cli.refused("db", "backup", str(tmp_path / "backup.db"), message="does not exist")
    assert not db_path.exists()
    assert not (tmp_path / "backup.db").exists()


WRITER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
number = 0
while True:
    number += 1
    # One organisation and its audit row per transaction: a consistent copy has as many of
    # one as of the other.
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT INTO organisation (name, category) VALUES (?, 'village')", (f"村{number}",)
    )
    connection.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_key) "
        "VALUES ('2023-01-01 00:00:00', 'cron', 'add', 'organisation', ?)", (f"村{number}",)
    )
    connection.execute("COMMIT")
    if number == 50:
        print("writing", flush=True)
"""


def test_backup_while_another_process_writes_is_consistent(cli, db_path, tmp_path):
    cli.ok("db", "init")
    copies = []
    with subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WRITER), str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        try:
            assert writer.stdout.readline().strip() == "writing"
            for number in range(5):
                copy = tmp_path / f"backup-{number}.db"
                cli.ok("db", "backup", str(copy))
                copies.append(copy)
            assert writer.poll() is None  # still writing while the last copy was taken
        finally:
            writer.kill()
    counts = []
    for copy in copies:
        assert query(copy, "PRAGMA integrity_check") == [("ok",)]
        organisations = query(copy, "SELECT count(*) FROM organisation")[0][0]
        audit_rows = query(copy, "SELECT count(*) FROM audit_log")[0][0]
        assert organisations == audit_rows
        assert query(copy, "SELECT max(id) FROM organisation")[0][0] == organisations
        counts.append(organisations)
    assert counts[0] >= 50
    assert counts == sorted(counts)


# --- db check --------------------------------------------------------------------------


def test_check_passes_a_healthy_database(township, db_path):
    before = snapshot(db_path)
    result = township.ok("db", "check")
    assert result.stderr == f"database is healthy: {db_path}\n"
    assert snapshot(db_path) == before


def test_check_reports_rows_whose_parent_is_missing(township, db_path):
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DELETE FROM organisation WHERE name = '镇派出所'")
    connection.commit()
    connection.close()
    result = township("db", "check")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = stderr_lines(result)
    assert lines[0] == f"error: database check found problems (1): {db_path}"
    assert lines[1:] == ["  membership row 4: missing organisation"]


def test_check_of_a_missing_file_is_refused(cli, db_path):
    cli.refused("db", "check", message=f"database file {db_path} does not exist")
    assert not db_path.exists()


def test_check_of_a_file_that_is_not_sqlite(cli, tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(3 * PAGE))
    before = fingerprint(garbage)
    result = cli.refused(
        "--db", str(garbage), "db", "check", message="is corrupt or not a SQLite file"
    )
    assert len(stderr_lines(result)) == 1
    assert fingerprint(garbage) == before


def test_check_of_a_damaged_page(township, db_path, tmp_path):
    damaged = settled_copy(db_path, tmp_path / "damaged.db")
    pages = bytearray(damaged.read_bytes())
    assert len(pages) >= 4 * PAGE
    pages[2 * PAGE : 3 * PAGE] = os.urandom(PAGE)  # a table page full of noise
    damaged.write_bytes(bytes(pages))
    result = township("--db", str(damaged), "db", "check")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    first = stderr_lines(result)[0]
    assert first.startswith("error: database ")
    assert "corrupt" in first or "problems" in first, first


def test_check_of_a_truncated_file(township, db_path, tmp_path):
    truncated = settled_copy(db_path, tmp_path / "truncated.db")
    content = truncated.read_bytes()
    truncated.write_bytes(content[: len(content) - PAGE])
    result = township("--db", str(truncated), "db", "check")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    first = stderr_lines(result)[0]
    assert first.startswith("error: database ")
    assert "corrupt" in first or "problems" in first, first


# --- refusals shared by every command ---------------------------------------------------


def test_read_command_on_a_missing_file_creates_nothing(cli, tmp_path):
    missing = tmp_path / "typo" / "townhsip.db"
    result = cli.refused(
        "--db", str(missing), "member", "list", message=f"database file {missing} does not exist"
    )
    assert len(stderr_lines(result)) == 1
    assert not missing.exists()
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    "command",
    [
        ("member", "list"),
        ("member", "add", "新村", "--category", "village"),
        ("db", "check"),
        ("db", "init"),
    ],
)
def test_corrupt_file_is_refused_and_left_alone(cli, tmp_path, command):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + os.urandom(2 * PAGE))
    before = fingerprint(garbage)
    result = cli.refused("--db", str(garbage), *command, message="is corrupt or not a SQLite file")
    assert len(stderr_lines(result)) == 1
    assert fingerprint(garbage) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.db"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("nosuchengine://clerk:s3cret@county/alliance", "nosuchengine://clerk:***@county/alliance"),
        ("mysql+nosuchdriver://clerk:s3cret@county/alliance", "mysql+nosuchdriver://clerk:***@"),
    ],
)
def test_unusable_url_is_a_one_line_refusal(cli, url, shown):
    result = cli.refused("--db", url, "member", "list", message=f"cannot use database {shown}")
    assert len(stderr_lines(result)) == 1
    assert "s3cret" not in result.output


@pytest.fixture
def foreign_db(tmp_path) -> Path:
    """A SQLite file some other program made: tables, rows, no alembic_version."""
    path = tmp_path / "accounts.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, item TEXT)")
    connection.execute("INSERT INTO ledger (item) VALUES ('电费')")
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize(
    "command",
    [
        ("member", "list"),
        ("member", "add", "新村", "--category", "village"),
        ("alliance", "list"),
        ("db", "init"),
        ("db", "check"),
        ("db", "backup", "{tmp}/copy.db"),
        ("demo",),
        ("demo", "--reset"),
    ],
)
def test_file_that_is_not_ours_is_refused_and_left_byte_identical(
    cli, foreign_db, tmp_path, command
):
    before = fingerprint(foreign_db)
    args = [part.format(tmp=tmp_path) for part in command]
    result = cli.refused(
        "--db", str(foreign_db), *args, message=f"{foreign_db} is not an alliance database"
    )
    assert len(stderr_lines(result)) == 1
    assert fingerprint(foreign_db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.db"]


# --- demo on a database that holds data ---------------------------------------------------


def test_demo_builds_on_an_empty_database_without_backup(cli, db_path):
    result = cli.ok("demo")
    assert f"demo township built in {db_path}" in result.stderr
    assert len(snapshot(db_path)["organisation"]) == len(ORGANISATIONS)
    assert not list(db_path.parent.glob("*.bak"))


def test_demo_refuses_a_database_that_holds_data(township, db_path):
    before = snapshot(db_path)
    result = township.refused("demo", message="the database already holds data")
    assert len(stderr_lines(result)) == 1
    assert snapshot(db_path) == before
    assert not list(db_path.parent.glob("*.bak"))


def test_demo_reset_backs_up_then_rebuilds(township, db_path):
    before = snapshot(db_path)
    result = township.ok("demo", "--reset")
    backups = list(db_path.parent.glob("alliance.db.before-demo-*.bak"))
    assert len(backups) == 1
    assert f"the previous database was backed up to {backups[0]}" in result.stderr
    assert snapshot(backups[0]) == before
    names = {row[0] for row in query(db_path, "SELECT name FROM organisation")}
    assert names == {row[0] for row in ORGANISATIONS}
    assert "石门村" not in names


def test_demo_reset_twice_keeps_both_backups(cli, db_path):
    cli.ok("demo")
    first_build = snapshot(db_path)
    cli.ok("demo", "--reset")
    cli.ok("demo", "--reset")  # within the same second as the first reset
    backups = sorted(db_path.parent.glob("alliance.db.before-demo-*.bak"))
    assert len(backups) == 2
    organisations = [snapshot(backup)["organisation"] for backup in backups]
    assert organisations == [first_build["organisation"]] * 2
