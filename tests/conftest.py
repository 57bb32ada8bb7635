"""Shared fixtures: every test gets its own database file and English messages, and
unexpected exceptions are re-raised (ALLIANCE_DEBUG=1) so a crash never passes for a refusal."""

from __future__ import annotations

import hashlib
import json
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

    def refused_unchanged(self, db: Path, *args: str, message: str, code: int = 1):
        """`refused` with the whole of stderr one line starting `error: <message>` (or with
        `message` itself if it already starts `error: `), and the database left exactly as it
        was (audit log included)."""
        before = snapshot(db)
        result = self.refused(*args, message=message, code=code)
        start = message if message.startswith("error: ") else f"error: {message}"
        assert result.stderr.startswith(start), result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
        assert snapshot(db) == before
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


# A scheme with an alliance indicator, a deduction and a per-item count, loaded from 2025Q1.
TEST_SCHEME = """
[scheme]
name = "测试方案"
version = "t1"

[[indicator]]
code = "work_quality"
name = "工作成效"
source = "manual"
max = 15

[[indicator]]
code = "deduction"
name = "违规扣分"
source = "manual"
min = -10
max = 0

[[indicator]]
code = "missed_meetings"
name = "缺席例会"
source = "per_item"
points_each = -0.5
min = -5
max = 0

[[indicator]]
code = "alliance_review"
name = "联盟评议"
subject = "alliance"
source = "manual"
max = 20

[[indicator]]
code = "joint_activities"
name = "联合活动"
source = "activity_count"
points_per = 1
max = 10
"""


def store_scheme(
    db: Path, content: str = TEST_SCHEME, effective_from: str = "2025Q1", scheme_id=None
) -> int:
    """A loaded scheme, stored as `score scheme load` stores it; its id."""
    connection = sqlite3.connect(db)
    try:
        cursor = connection.execute(
            "INSERT INTO score_scheme (id, name, version, effective_from, sha256, content, "
            "loaded_at, loaded_by) VALUES (?, 'scheme', 'v', ?, ?, ?, '2025-01-01 08:00:00', "
            "'王芳')",
            (scheme_id, effective_from, hashlib.sha256(content.encode()).hexdigest(), content),
        )
        connection.commit()
        return cursor.lastrowid
    finally:
        connection.close()


def publish(
    db: Path,
    period: str,
    *,
    by: str = "王芳",
    at: str = "2023-10-08 09:30:00",
    unlocked_at: str | None = None,
    scheme: str | None = None,
) -> None:
    """Lock `period`: a publication stored the way `score publish` stores it (a live lock
    unless `unlocked_at`, then unlocked by 李强), without scoring anything (the lock rules read
    only the publication row).

    It points at the first stored scheme, or at a placeholder stored for it; given `scheme`
    (a scheme's text), at that text newly stored as a scheme in force from 0001Q1."""
    scheme_id = None if scheme is None else store_scheme(db, scheme, "0001Q1")
    connection = sqlite3.connect(db)
    try:
        if scheme_id is None:
            scheme_id = connection.execute("SELECT min(id) FROM score_scheme").fetchone()[0]
        if scheme_id is None:
            scheme_id = connection.execute(
                "INSERT INTO score_scheme (name, version, effective_from, sha256, content, "
                "loaded_at, loaded_by) VALUES ('s', '1', '0001Q1', ?, '', '2023-01-01', ?)",
                ("0" * 64, by),
            ).lastrowid
        connection.execute(
            "INSERT INTO score_publication (period, scheme_id, snapshot, sha256, published_at, "
            "published_by, unlocked_at, unlocked_by, unlock_reason) "
            "VALUES (?, ?, '{}', ?, ?, ?, ?, ?, ?)",
            (
                period,
                scheme_id,
                "0" * 64,
                at,
                by,
                unlocked_at,
                "李强" if unlocked_at else None,
                "更正" if unlocked_at else None,
            ),
        )
        connection.commit()
    finally:
        connection.close()


def entries_stored(db: Path) -> list[tuple]:
    """The stored score entries, in the order entered."""
    return query(
        db,
        "SELECT period, subject_type, subject_id, indicator, self_hundredths, self_note, "
        "reviewed_hundredths, reviewed_note, updated_by FROM score_entry ORDER BY id",
    )


def audit(db: Path, entity: str, action: str | None = None, *, decoded: bool = False):
    """The audit entries of `entity`, oldest first: (action, key, before, after), or with
    `action` only that action's entries as (key, before, after). `decoded` parses the JSON
    of before and after (an empty one is None)."""

    def value(text):
        if not decoded:
            return text
        return json.loads(text) if text else None

    where = f"entity = '{entity}'" + ("" if action is None else f" AND action = '{action}'")
    rows = query(
        db, f"SELECT action, entity_key, before, after FROM audit_log WHERE {where} ORDER BY id"
    )
    if action is not None:
        return [(key, value(before), value(after)) for _, key, before, after in rows]
    return [(kind, key, value(before), value(after)) for kind, key, before, after in rows]


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


def run_commands(db: Path, commands) -> Path:
    """Run each command through the CLI against `db`, for a session template; all must succeed."""
    runner = CliRunner()
    for command in commands:
        result = runner.invoke(
            app,
            ["--db", str(db), *command],
            env={"ALLIANCE_DEBUG": "1", "ALLIANCE_LANG": "en"},
        )
        assert result.exit_code == 0, (command, result.stderr, result.exception)
    return db


@pytest.fixture(scope="session")
def township_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small township, built once through the CLI and copied for each test."""
    return run_commands(tmp_path_factory.mktemp("township") / "township.db", TOWNSHIP_COMMANDS)


@pytest.fixture
def township(cli: Cli, db_path: Path, township_template: Path) -> Cli:
    """A small township: core, a red and a blue area alliance, four organisations.

    红岩村 leads 红色联盟 and 石门村 joined it on 2023-03-01; 新街社区 leads 蓝色联盟 with 镇派出所.
    """
    shutil.copyfile(township_template, db_path)
    return cli


# The township's organisations and alliances keep their ids; GREEN_COMMANDS add 绿色联盟 4
# (green) with 百草村 5 and 豆香村 6 (from 2023-02-01), and two local experts and a mentor.
GREEN, BAICAO, DOUXIANG = 4, 5, 6
GREEN_COMMANDS = [
    ("alliance", "create", "绿色联盟", "--kind", "area", "--theme", "绿色发展",
     "--founded", "2023-01-01"),
    ("member", "add", "百草村", "--category", "village"),
    ("member", "add", "豆香村", "--category", "village"),
    ("member", "join", "百草村", "绿色联盟", "--on", "2023-01-01", "--role", "lead"),
    ("member", "join", "豆香村", "绿色联盟", "--on", "2023-02-01"),
    ("person", "add", "李专家", "--home", "百草村", "--role", "expert",
     "--speciality", "中药材种植"),
    ("person", "add", "王专家", "--home", "豆香村", "--role", "本土专家",
     "--speciality", "板栗栽培"),
    ("person", "add", "张伟", "--home", "红岩村", "--role", "mentor"),
]  # fmt: skip


@pytest.fixture(scope="session")
def green_template(tmp_path_factory: pytest.TempPathFactory, township_template: Path) -> Path:
    """The township plus the green alliance, built once through the CLI."""
    template = tmp_path_factory.mktemp("green") / "green.db"
    shutil.copyfile(township_template, template)
    return run_commands(template, GREEN_COMMANDS)


@pytest.fixture
def green(cli: Cli, db_path: Path, green_template: Path) -> Cli:
    """The township plus a green alliance, two of its villages and local experts."""
    shutil.copyfile(green_template, db_path)
    return cli


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed plan's township (`alliance demo`), built once through the CLI."""
    return run_commands(tmp_path_factory.mktemp("demo") / "demo.db", [("demo",)])


@pytest.fixture
def demo(cli: Cli, db_path: Path, demo_template: Path) -> Cli:
    """A copy of the demo township, for tests that only need the built database (not what
    `alliance demo` prints)."""
    shutil.copyfile(demo_template, db_path)
    return cli
