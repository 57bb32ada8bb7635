"""Shared fixtures: every test gets its own database file and English messages, and
unexpected exceptions are re-raised (ALLIANCE_DEBUG=1) so a crash never passes for a refusal."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_cli.cli import app


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "alliance.db"
    monkeypatch.setenv("ALLIANCE_DB", str(db))
    monkeypatch.setenv("ALLIANCE_DEBUG", "1")
    monkeypatch.setenv("ALLIANCE_LANG", "en")
    monkeypatch.setenv("NO_COLOR", "1")
    return db


@pytest.fixture
def db_path(isolated_environment: Path) -> Path:
    return isolated_environment


class Cli:
    """Runs `alliance ...` in-process and checks outcomes the way the clerk sees them."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, [str(a) for a in args], input=input)

    def ok(self, *args: str, input: str | None = None):
        result = self(*args, input=input)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result

    def refused(self, *args: str, message: str, code: int = 1):
        """The command is refused with one clear line on stderr, no traceback."""
        result = self(*args)
        assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
        # A refusal exits through SystemExit; anything else is a crash.
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.output
        return result


@pytest.fixture
def cli() -> Cli:
    return Cli()


def query(db: Path, sql: str) -> list[tuple]:
    """Rows straight from the database file, to check what a command stored."""
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table (audit log included), to prove a refusal changed nothing."""
    if not db.exists():
        return {}
    connection = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        return {
            t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
            for t in tables
        }
    finally:
        connection.close()


def publish(db: Path, period: str, *, by: str = "王芳", at: str = "2023-10-08 09:30:00") -> None:
    """Lock `period`: a live publication stored the way `score publish` stores it, without
    scoring anything (the lock rules read only the publication row)."""
    connection = sqlite3.connect(db)
    try:
        scheme_id = connection.execute("SELECT min(id) FROM score_scheme").fetchone()[0]
        if scheme_id is None:
            scheme_id = connection.execute(
                "INSERT INTO score_scheme (name, version, effective_from, sha256, content, "
                "loaded_at, loaded_by) VALUES ('s', '1', '0001Q1', ?, '', '2023-01-01', ?)",
                ("0" * 64, by),
            ).lastrowid
        connection.execute(
            "INSERT INTO score_publication (period, scheme_id, snapshot, sha256, published_at, "
            "published_by) VALUES (?, ?, '{}', ?, ?, ?)",
            (period, scheme_id, "0" * 64, at, by),
        )
        connection.commit()
    finally:
        connection.close()


TOWNSHIP_COMMANDS = [
    ("alliance", "create", "全域联盟", "--kind", "core", "--founded", "2023-01-01"),
    ("member", "add", "红岩村", "--category", "村", "--secretary", "张伟", "--party-members", "30"),
    ("member", "add", "石门村", "--category", "village", "--party-members", "20"),
    ("member", "add", "新街社区", "--category", "社区", "--level", "township"),
    ("member", "add", "镇派出所", "--category", "agency", "--level", "township"),
    (
        "alliance",
        "create",
        "红色联盟",
        "--kind",
        "area",
        "--theme",
        "红色引领",
        "--leader",
        "王芳",
        "--founded",
        "2023-01-01",
    ),
    (
        "alliance",
        "create",
        "蓝色联盟",
        "--kind",
        "area",
        "--theme",
        "blue",
        "--founded",
        "2023-01-01",
    ),
    ("member", "join", "红岩村", "红色联盟", "--on", "2023-01-01", "--role", "lead"),
    ("member", "join", "石门村", "红色联盟", "--on", "2023-03-01"),
    ("member", "join", "新街社区", "蓝色联盟", "--on", "2023-01-01", "--role", "lead"),
    ("member", "join", "镇派出所", "蓝色联盟", "--on", "2023-01-01"),
]


@pytest.fixture(scope="session")
def township_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small township, built once through the CLI and copied for each test."""
    template = tmp_path_factory.mktemp("township") / "township.db"
    runner = CliRunner()
    for command in TOWNSHIP_COMMANDS:
        result = runner.invoke(
            app,
            ["--db", str(template), *command],
            env={"ALLIANCE_DEBUG": "1", "ALLIANCE_LANG": "en"},
        )
        assert result.exit_code == 0, (command, result.stderr, result.exception)
    return template


@pytest.fixture
def township(cli: Cli, db_path: Path, township_template: Path) -> Cli:
    """A small township: core, a red and a blue area alliance, four organisations.

    红岩村 leads 红色联盟 and 石门村 joined it on 2023-03-01; 新街社区 leads 蓝色联盟 with 镇派出所.
    """
    shutil.copyfile(township_template, db_path)
    return cli
