"""Where the database is, how its connections are set up, and how write transactions wait
for each other instead of failing with "database is locked"."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from alliance_cli.core.errors import DatabaseProblem
from alliance_cli.storage import engine as engine_module
from alliance_cli.storage.engine import (
    BUSY_TIMEOUT_MS,
    make_engine,
    resolve_url,
    sqlite_file,
    transaction,
)
from alliance_cli.storage.schema import open_database


def test_db_option_wins_over_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(tmp_path / "from-env.db"))
    assert resolve_url(str(tmp_path / "from-option.db")) == (
        f"sqlite:///{tmp_path / 'from-option.db'}"
    )


def test_environment_is_used_without_option(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(tmp_path / "from-env.db"))
    url = resolve_url(None)
    assert url == f"sqlite:///{tmp_path / 'from-env.db'}"
    assert url.startswith("sqlite:////")  # an absolute path: four slashes


def test_user_data_folder_is_the_last_resort(tmp_path, monkeypatch):
    monkeypatch.delenv("ALLIANCE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'xdg' / 'alliance' / 'alliance.db'}"


def test_user_data_folder_comes_from_platformdirs(tmp_path, monkeypatch):
    import platformdirs

    asked = []

    def user_data_dir(appname, *args, **kwargs):
        asked.append(appname)
        return str(tmp_path / "data-dir")

    monkeypatch.setenv("ALLIANCE_DB", "")  # set but empty counts as unset
    monkeypatch.setattr(platformdirs, "user_data_dir", user_data_dir)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'data-dir' / 'alliance.db'}"
    assert asked == ["alliance"]


def test_relative_and_home_paths_become_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_url("township.db") == f"sqlite:///{tmp_path / 'township.db'}"
    assert resolve_url("~/township.db") == f"sqlite:///{tmp_path / 'home' / 'township.db'}"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://clerk:secret@county-server/alliance",
        "sqlite:///relative/township.db",
        "sqlite://",
    ],
)
def test_urls_are_taken_as_given(url, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", "/elsewhere.db")
    assert resolve_url(url) == url


def test_sqlite_file_behind_a_url():
    assert sqlite_file("sqlite:////data/township.db") == Path("/data/township.db")
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("postgresql://clerk@county/alliance") is None


def test_every_connection_gets_foreign_keys_wal_and_a_busy_timeout(db_path):
    open_database(f"sqlite:///{db_path}", create=True).dispose()
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        for _ in range(2):  # a fresh connection each time, not just the first
            with engine.connect() as connection:
                pragma = connection.exec_driver_sql
                assert pragma("PRAGMA foreign_keys").scalar() == 1
                assert pragma("PRAGMA journal_mode").scalar() == "wal"
                assert pragma("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
                assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL
            engine.dispose()
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(db_path):
    engine = open_database(f"sqlite:///{db_path}", create=True)
    try:
        with (
            pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"),
            transaction(engine, write=True) as connection,
        ):
            connection.execute(
                text(
                    "INSERT INTO membership (organisation_id, alliance_id, joined_on) "
                    "VALUES (41, 42, '2023-01-01')"
                )
            )
    finally:
        engine.dispose()


def _other_writer_can_start(db: Path) -> bool:
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        other.close()


def test_write_transaction_takes_the_write_lock_up_front(db_path):
    engine = open_database(f"sqlite:///{db_path}", create=True)
    try:
        with transaction(engine, write=True):
            assert not _other_writer_can_start(db_path)
        with transaction(engine, write=False) as connection:
            connection.execute(text("SELECT count(*) FROM organisation")).scalar()
            assert _other_writer_can_start(db_path)
        assert _other_writer_can_start(db_path)
    finally:
        engine.dispose()


def test_failed_write_transaction_stores_nothing(db_path):
    engine = open_database(f"sqlite:///{db_path}", create=True)
    try:
        with pytest.raises(RuntimeError), transaction(engine, write=True) as connection:
            connection.execute(
                text("INSERT INTO organisation (name, category) VALUES ('红岩村', 'village')")
            )
            raise RuntimeError("half-way")
        with transaction(engine, write=False) as connection:
            assert connection.execute(text("SELECT count(*) FROM organisation")).scalar() == 0
    finally:
        engine.dispose()


def test_locked_database_after_the_timeout_is_a_clear_refusal(db_path, monkeypatch):
    engine = open_database(f"sqlite:///{db_path}", create=True)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
    engine.dispose()  # new connections pick up the short timeout
    try:
        with pytest.raises(DatabaseProblem) as refusal, transaction(engine, write=True):
            pass
        assert refusal.value.key == "db_unusable"
        assert "database is locked" in str(refusal.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        engine.dispose()


def test_second_writer_waits_for_the_first_instead_of_failing(cli, db_path):
    """Process A (a cron job, say) holds the write lock for a second while the clerk's
    `alliance member add` runs in process B: B queues behind A and succeeds."""
    cli.ok("db", "init")
    holder_code = textwrap.dedent(
        f"""
        import sqlite3, sys, time
        connection = sqlite3.connect({str(db_path)!r}, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO organisation (name, category) VALUES ('先来村', 'village')"
        )
        print("holding", flush=True)
        time.sleep(2.5)
        connection.execute("COMMIT")
        print(time.monotonic(), flush=True)
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", holder_code], stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout.readline().strip() == "holding"
        clerk = subprocess.run(
            [sys.executable, "-m", "alliance_cli", "member", "add", "后来村", "--category", "村"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        finished = time.monotonic()
        released = float(holder.stdout.readline())
    assert holder.returncode == 0
    assert clerk.returncode == 0, clerk.stderr
    assert "locked" not in clerk.stderr
    assert "added organisation '后来村'" in clerk.stderr
    assert finished >= released  # B finished only after A let go
    connection = sqlite3.connect(db_path)
    try:
        rows = connection.execute("SELECT name FROM organisation ORDER BY id").fetchall()
    finally:
        connection.close()
    assert rows == [("先来村",), ("后来村",)]  # B's row came after A's commit
