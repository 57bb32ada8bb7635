"""`alliance evidence ...` through the CLI: the clerk attaches photos and scanned sign-in
sheets (佐证), and a nightly `evidence verify` shows any copy that went missing or was changed
and any sheet filed for more than one activity."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import query, snapshot

MEETING, PATROL, PARTY_DAY = 1, 2, 3
SHEET = "签到表（5月）".encode() + bytes(range(256)) * 40  # a small binary "scan"
SHEET_SHA = hashlib.sha256(SHEET).hexdigest()


@pytest.fixture
def activities(township):
    """Three activities: a red meeting (1), a blue patrol (2), a red party day (3); a case
    红色议事厅 citing the meeting."""
    for command in (
        ("--alliance", "红色联盟", "--kind", "meeting", "--date", "2023-05-10",
         "--title", "联盟例会", "--host", "红岩村"),
        ("--alliance", "蓝色联盟", "--kind", "patrol", "--date", "2023-05-12",
         "--title", "平安巡防", "--host", "新街社区"),
        ("--alliance", "红色联盟", "--kind", "party_day", "--date", "2023-08-01",
         "--title", "主题党日", "--host", "红岩村"),
    ):  # fmt: skip
        township.ok("activity", "log", *command)
    township.ok(
        "case", "add", "红色议事厅", "--on", "2023-06-30", "--alliance", "红色联盟",
        "--activity", "1",
    )  # fmt: skip
    return township


@pytest.fixture
def sheet(tmp_path) -> Path:
    path = tmp_path / "incoming" / "签到表.JPG"
    path.parent.mkdir()
    path.write_bytes(SHEET)
    return path


def folder_of(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".evidence")


def stored_files(db_path: Path) -> list[str]:
    """Every file in the evidence folder, relative to it (hidden temporaries included)."""
    folder = folder_of(db_path)
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def copy_of(db_path: Path, sha: str = SHEET_SHA, suffix: str = ".jpg") -> Path:
    return folder_of(db_path) / sha[:2] / f"{sha}{suffix}"


def evidence_rows(db_path):
    return query(
        db_path,
        "SELECT id, target, target_id, sha256, size, original_name, attached_by FROM evidence "
        "ORDER BY id",
    )


# --- attach ----------------------------------------------------------------------------------


def test_attach_copies_the_file_beside_the_database_under_its_sha256(activities, db_path, sheet):
    result = activities.ok("--actor", "李秘书", "evidence", "attach", str(sheet), "--activity", "1")
    assert "attached 签到表.JPG to activity '联盟例会' as evidence 1" in result.stderr
    assert SHEET_SHA[:12] in result.stderr
    assert evidence_rows(db_path) == [
        (1, "activity", 1, SHEET_SHA, len(SHEET), "签到表.JPG", "李秘书")
    ]
    assert stored_files(db_path) == [f"{SHEET_SHA[:2]}/{SHEET_SHA}.jpg"]
    assert copy_of(db_path).read_bytes() == SHEET
    [(action, key, after)] = query(
        db_path, "SELECT action, entity_key, after FROM audit_log WHERE entity = 'evidence'"
    )
    assert (action, key) == ("attach", "1")
    assert json.loads(after)["sha256"] == SHEET_SHA
    assert json.loads(after)["about"] == "联盟例会"


def test_identical_content_is_stored_once(activities, db_path, sheet, tmp_path):
    other_name = tmp_path / "scan.jpg"
    other_name.write_bytes(SHEET)
    activities.ok("evidence", "attach", str(sheet), "--activity", "1")
    activities.ok("evidence", "attach", str(other_name), "--activity", "2")
    activities.ok("evidence", "attach", str(sheet), "--case", "红色议事厅")
    assert [row[1:3] for row in evidence_rows(db_path)] == [
        ("activity", 1),
        ("activity", 2),
        ("case", 1),
    ]
    assert stored_files(db_path) == [f"{SHEET_SHA[:2]}/{SHEET_SHA}.jpg"]


def test_the_suffix_is_kept_in_lower_case_and_odd_ones_dropped(activities, db_path, tmp_path):
    for name, content in (("a.PDF", b"pdf"), ("b.tar gz", b"odd"), ("c", b"none")):
        (tmp_path / name).write_bytes(content)
        activities.ok("evidence", "attach", str(tmp_path / name), "--activity", "1")
    sha = {c: hashlib.sha256(c).hexdigest() for c in (b"pdf", b"odd", b"none")}
    assert stored_files(db_path) == sorted(
        [
            f"{sha[b'pdf'][:2]}/{sha[b'pdf']}.pdf",
            f"{sha[b'odd'][:2]}/{sha[b'odd']}",
            f"{sha[b'none'][:2]}/{sha[b'none']}",
        ]
    )


def test_an_empty_file_can_be_attached(activities, db_path, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    activities.ok("evidence", "attach", str(empty), "--activity", "1")
    assert evidence_rows(db_path)[0][3:5] == (hashlib.sha256(b"").hexdigest(), 0)


def test_a_file_that_does_not_exist_is_refused(activities, db_path, tmp_path):
    before = snapshot(db_path)
    missing = tmp_path / "nowhere.jpg"
    activities.refused(
        "evidence", "attach", str(missing), "--activity", "1",
        message=f"file {missing} does not exist",
    )  # fmt: skip
    assert snapshot(db_path) == before
    assert not folder_of(db_path).exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ((), "give exactly one of --activity, --case or --score-entry"),
        (("--activity", "1", "--case", "红色议事厅"), "give exactly one of"),
        (("--activity", "99"), "no activity with id 99"),
        (("--case", "无此案例"), "no case titled '无此案例'"),
        (("--score-entry", "5"), "no score entry 5"),
    ],
)
def test_attach_refusals_leave_nothing_behind(activities, db_path, sheet, target, message):
    activities.refused_unchanged(
        db_path, "evidence", "attach", str(sheet), *target, message=message
    )
    assert stored_files(db_path) == []


def test_a_folder_is_not_a_file(activities, db_path, tmp_path):
    activities.refused_unchanged(
        db_path, "evidence", "attach", str(tmp_path), "--activity", "1",
        message=f"{tmp_path} is not a file",
    )  # fmt: skip


def test_the_same_content_on_the_same_target_twice_is_refused(activities, db_path, sheet, tmp_path):
    activities.ok("evidence", "attach", str(sheet), "--activity", "1")
    renamed = tmp_path / "again.png"
    renamed.write_bytes(SHEET)
    before, files = snapshot(db_path), stored_files(db_path)
    activities.refused(
        "evidence", "attach", str(renamed), "--activity", "1",
        message="the same file is already attached to '联盟例会' (evidence 1)",
    )  # fmt: skip
    assert snapshot(db_path) == before
    assert stored_files(db_path) == files  # no .png copy, no temporary left


def test_evidence_attaches_to_a_score_entry_that_exists(activities, db_path, sheet):
    """Score entries come with the scoring tables (schema 0004); one stored straight into the
    file stands in for `score enter`."""
    activities.refused(
        "evidence", "attach", str(sheet), "--score-entry", "5",
        message="no score entry 5",
    )  # fmt: skip
    connection = sqlite3.connect(db_path)
    connection.execute(
        "INSERT INTO score_entry (id, period, subject_type, subject_id, indicator, "
        "self_hundredths, updated_at, updated_by) "
        "VALUES (5, '2023Q2', 'organisation', 1, 'activities', 800, '2023-07-01 09:00:00', 't')"
    )
    connection.commit()
    connection.close()
    activities.ok("evidence", "attach", str(sheet), "--score-entry", "5")
    assert [row[1:3] for row in evidence_rows(db_path)] == [("score_entry", 5)]
    listed = json.loads(activities.ok("evidence", "list", "--format", "json").stdout)
    assert listed[0]["target"] == "score_entry"
    assert listed[0]["about"] == "2023Q2/红岩村/activities"
    other = sheet.with_name("评分佐证.txt")
    other.write_text("另一份材料", encoding="utf-8")
    activities.ok("evidence", "attach", str(other), "--score-entry", "2023Q2/红岩村/activities")
    assert [row[1:3] for row in evidence_rows(db_path)][-1] == ("score_entry", 5)
    activities.refused(
        "evidence", "attach", str(other), "--score-entry", "2023Q2/红岩村/nothing",
        message="no score entry 2023Q2/红岩村/nothing",
    )  # fmt: skip
    assert "intact" in activities.ok("evidence", "verify").stderr


def test_a_failure_after_the_copy_leaves_no_orphan_file(activities, db_path, sheet, monkeypatch):
    """The copy is made before the row is written; when the transaction then fails, the new
    copy (and the folders made for it) are removed again."""
    from alliance_cli.core import evidence as core
    from alliance_cli.core.errors import RuleViolation

    def refuse(*args, **kwargs):
        raise RuleViolation("evidence_sqlite_only")

    monkeypatch.setattr(core, "record_change", refuse)
    before = snapshot(db_path)
    activities.refused(
        "evidence", "attach", str(sheet), "--activity", "1", message="kept beside a SQLite"
    )
    assert snapshot(db_path) == before
    assert not folder_of(db_path).exists()


def test_a_failed_commit_leaves_no_orphan_file(activities, db_path, sheet, monkeypatch):
    """Even when the core call returned and the transaction fails afterwards (here: the
    command fails right after the call), no copy stays that no row references."""
    from alliance_cli.core import evidence as core
    from alliance_cli.core.errors import RuleViolation

    real = core.attach_evidence

    def attach_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        assert stored_files(db_path)  # the copy was made
        raise RuleViolation("evidence_sqlite_only")

    monkeypatch.setattr(core, "attach_evidence", attach_then_fail)
    before = snapshot(db_path)
    activities.refused(
        "evidence", "attach", str(sheet), "--activity", "1", message="kept beside a SQLite"
    )
    assert snapshot(db_path) == before
    assert stored_files(db_path) == []


def test_a_failure_keeps_copies_that_rows_still_need(activities, db_path, sheet, monkeypatch):
    from alliance_cli.core import evidence as core
    from alliance_cli.core.errors import RuleViolation

    activities.ok("evidence", "attach", str(sheet), "--activity", "1")

    def refuse(*args, **kwargs):
        raise RuleViolation("evidence_sqlite_only")

    monkeypatch.setattr(core, "record_change", refuse)
    activities.refused(
        "evidence", "attach", str(sheet), "--activity", "2", message="kept beside a SQLite"
    )
    assert copy_of(db_path).read_bytes() == SHEET


@pytest.mark.parametrize("url", ["sqlite://", "postgresql://clerk@localhost/county"])
@pytest.mark.parametrize(
    "command",
    [("attach", "FILE", "--activity", "1"), ("verify",), ("show", "1"), ("export", "1", "X"),
     ("detach", "1")],
    ids=lambda command: command[0],
)  # fmt: skip
def test_only_sqlite_file_databases_keep_evidence(cli, sheet, tmp_path, url, command):
    args = [{"FILE": str(sheet), "X": str(tmp_path / "x")}.get(a, a) for a in command]
    cli.refused(
        "--db", url, "evidence", *args,
        message="evidence files are kept beside a SQLite database file",
    )  # fmt: skip


# --- list / show / export --------------------------------------------------------------------


@pytest.fixture
def attached(activities, sheet, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG group photo")
    activities.ok("--actor", "王", "evidence", "attach", str(sheet), "--activity", "1")
    activities.ok("--actor", "王", "evidence", "attach", str(photo), "--case", "红色议事厅")
    activities.ok("--actor", "王", "evidence", "attach", str(photo), "--activity", "3")
    return activities


def test_list_all_and_by_target(attached):
    rows = json.loads(attached.ok("evidence", "list", "--format", "json").stdout)
    assert [
        (r["id"], r["target"], r["target_id"], r["about"], r["original_name"]) for r in rows
    ] == [
        (1, "activity", 1, "联盟例会", "签到表.JPG"),
        (2, "case", 1, "红色议事厅", "photo.png"),
        (3, "activity", 3, "主题党日", "photo.png"),
    ]
    assert rows[0]["sha256"] == SHEET_SHA
    assert rows[0]["size"] == len(SHEET)
    assert rows[0]["attached_by"] == "王"
    by_case = json.loads(
        attached.ok("evidence", "list", "--case", "红色议事厅", "--format", "json").stdout
    )
    assert [r["id"] for r in by_case] == [2]
    by_activity = json.loads(
        attached.ok("evidence", "list", "--activity", "3", "--format", "json").stdout
    )
    assert [r["id"] for r in by_activity] == [3]
    attached.refused("evidence", "list", "--activity", "77", message="no activity with id 77")


def test_list_as_csv_in_chinese(attached, tmp_path):
    target = tmp_path / "佐证.csv"
    attached.ok("--lang", "zh", "evidence", "list", "--output", str(target))
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "编号,附于,对象编号,对象,原文件名,大小（字节）,SHA-256,附加时间,附加人"
    assert lines[1].startswith(f"1,活动,1,联盟例会,签到表.JPG,{len(SHEET)},{SHEET_SHA},")


def test_show_tells_whether_the_copy_is_intact(attached, db_path):
    shown = json.loads(attached.ok("evidence", "show", "1", "--format", "json").stdout)
    assert shown["state"] == "ok"
    assert shown["stored_file"] == str(copy_of(db_path))
    copy_of(db_path).unlink()
    shown = json.loads(attached.ok("evidence", "show", "1", "--format", "json").stdout)
    assert shown["state"] == "missing"
    assert "missing" in attached.ok("evidence", "show", "1").stdout
    attached.refused("evidence", "show", "9", message="no evidence with id 9")


def test_export_copies_the_checked_file_out(attached, db_path, tmp_path):
    target = tmp_path / "out" / "副本.jpg"
    target.parent.mkdir()
    result = attached.ok("evidence", "export", "1", str(target))
    assert f"exported evidence 1 to {target}" in result.stderr
    assert target.read_bytes() == SHEET
    attached.refused("evidence", "export", "1", str(target), message="already exists")
    attached.refused(
        "evidence", "export", "1", str(tmp_path / "no" / "x.jpg"), message="does not exist"
    )


def test_export_refuses_a_changed_copy_and_writes_nothing(attached, db_path, tmp_path):
    damaged = bytearray(SHEET)
    damaged[100] ^= 1
    copy_of(db_path).write_bytes(bytes(damaged))
    attached.refused(
        "evidence", "export", "1", str(tmp_path / "x.jpg"),
        message="the stored copy of evidence 1 has changed",
    )  # fmt: skip
    assert not (tmp_path / "x.jpg").exists()
    assert not list(tmp_path.glob(".export-*"))
    copy_of(db_path).unlink()
    attached.refused(
        "evidence", "export", "1", str(tmp_path / "x.jpg"),
        message="the stored copy of evidence 1 is missing",
    )  # fmt: skip


# --- detach ----------------------------------------------------------------------------------


def test_detach_removes_the_copy_only_when_nothing_else_uses_it(attached, db_path):
    photo_sha = hashlib.sha256(b"\x89PNG group photo").hexdigest()
    photo_copy = copy_of(db_path, photo_sha, ".png")
    result = attached.ok("evidence", "detach", "2")
    assert "detached evidence 2: photo.png" in result.stderr
    assert photo_copy.exists()  # evidence 3 still uses it
    attached.ok("evidence", "detach", "3")
    assert not photo_copy.exists()
    assert not photo_copy.parent.exists()
    assert [row[0] for row in evidence_rows(db_path)] == [1]
    actions = query(
        db_path,
        "SELECT action, entity_key, before FROM audit_log WHERE entity = 'evidence' "
        "AND action = 'detach' ORDER BY id",
    )
    assert [(a, k) for a, k, _ in actions] == [("detach", "2"), ("detach", "3")]
    assert json.loads(actions[0][2])["sha256"] == photo_sha
    attached.refused_unchanged(db_path, "evidence", "detach", "3", message="no evidence with id 3")


def test_a_failed_detach_puts_the_copy_back(attached, db_path, monkeypatch):
    from alliance_cli.core import evidence as core
    from alliance_cli.core.errors import RuleViolation

    real = core.detach_evidence

    def detach_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        assert not copy_of(db_path).exists()  # set aside while the transaction runs
        raise RuleViolation("evidence_sqlite_only")

    monkeypatch.setattr(core, "detach_evidence", detach_then_fail)
    before = snapshot(db_path)
    attached.refused("evidence", "detach", "1", message="kept beside a SQLite")
    assert snapshot(db_path) == before
    assert copy_of(db_path).read_bytes() == SHEET
    assert not any(name.startswith(".") for name in stored_files(db_path))


# --- verify ----------------------------------------------------------------------------------


def test_verify_is_quiet_and_exits_0_when_all_is_well(activities, db_path, sheet):
    activities.ok("evidence", "attach", str(sheet), "--activity", "1")
    activities.ok("evidence", "attach", str(sheet), "--case", "红色议事厅")
    result = activities.ok("evidence", "verify")
    assert result.stdout == ""
    assert "evidence intact: 2 attachments, 1 files" in result.stderr
    assert activities.ok("--quiet", "evidence", "verify").output == ""
    report = json.loads(activities.ok("evidence", "verify", "--format", "json").stdout)
    assert report == {"checked": 2, "files": 1, "problems": []}


def test_verify_with_no_evidence_at_all(township):
    assert "evidence intact: 0 attachments, 0 files" in township.ok("evidence", "verify").stderr


def test_verify_reports_a_missing_copy_and_exits_1(activities, db_path, sheet):
    activities.ok("evidence", "attach", str(sheet), "--activity", "1")
    activities.ok("evidence", "attach", str(sheet), "--case", "红色议事厅")
    copy_of(db_path).unlink()
    result = activities.refused("evidence", "verify", message="evidence check: 1 missing")
    assert "no stored copy at alliance.db.evidence/" in result.stdout
    report = json.loads(
        activities.refused("evidence", "verify", "-f", "json", message="1 missing").stdout
    )
    [problem] = report["problems"]
    assert problem["problem"] == "missing"
    assert problem["evidence_ids"] == [1, 2]
    assert problem["target"] is None  # an activity and a case share the copy
    assert problem["target_ids"] == [1, 1]


def test_verify_reports_a_changed_byte_and_a_changed_size(activities, db_path, sheet, tmp_path):
    other = tmp_path / "other.jpg"
    other.write_bytes(b"another sheet")
    activities.ok("evidence", "attach", str(sheet), "--activity", "1")
    activities.ok("evidence", "attach", str(other), "--activity", "2")
    damaged = bytearray(SHEET)
    damaged[-1] ^= 0xFF
    copy_of(db_path).write_bytes(bytes(damaged))
    other_sha = hashlib.sha256(b"another sheet").hexdigest()
    copy_of(db_path, other_sha).write_bytes(b"another sheet, edited")
    report = json.loads(
        activities.refused("evidence", "verify", "-f", "json", message="2 changed").stdout
    )
    changed = {p["evidence_ids"][0]: p for p in report["problems"]}
    assert changed[1]["problem"] == "changed"
    assert changed[1]["found_sha256"] == hashlib.sha256(bytes(damaged)).hexdigest()
    assert changed[1]["found_size"] == len(SHEET)
    assert changed[2]["found_size"] == len(b"another sheet, edited")
    assert changed[2]["found_sha256"] is None  # the size alone gave it away
    text = activities.refused("--lang", "zh", "evidence", "verify", message="被改动 2").stdout
    assert "文件被改动" in text
    assert "大小应为 13 字节，实为 21 字节" in text


def test_reused_paperwork_is_reported_but_exits_0_unless_strict(activities, db_path, sheet):
    activities.ok("evidence", "attach", str(sheet), "--activity", "1")
    activities.ok("evidence", "attach", str(sheet), "--activity", "3")
    activities.ok("evidence", "attach", str(sheet), "--case", "红色议事厅")  # not a reuse
    result = activities.ok("evidence", "verify")
    assert "1 reused across activities" in result.stderr
    assert "reused across activities" in result.stdout
    assert "1 联盟例会; 3 主题党日" in result.stdout
    report = json.loads(activities.ok("evidence", "verify", "-f", "json").stdout)
    [problem] = report["problems"]
    assert problem["problem"] == "reused"
    assert problem["target_ids"] == [1, 3]
    assert problem["titles"] == ["联盟例会", "主题党日"]
    activities.refused("evidence", "verify", "--strict", message="1 reused")


def test_verify_reports_evidence_whose_activity_was_deleted(activities, db_path, sheet):
    """`activity delete` refuses an activity with evidence; a file from before that rule, or
    one changed behind the tool's back, can still hold such a row."""
    activities.ok("evidence", "attach", str(sheet), "--activity", "2")
    connection = sqlite3.connect(db_path)
    connection.executescript(
        "DELETE FROM activity_org WHERE activity_id = 2; DELETE FROM activity WHERE id = 2;"
    )
    connection.close()
    result = activities.ok("evidence", "verify")
    assert "target gone" in result.stdout
    assert "1 attached to something gone" in result.stderr
    activities.refused("evidence", "verify", "--strict", message="1 attached to something gone")


def test_verify_always_writes_the_report_file(activities, db_path, sheet, tmp_path):
    activities.ok("evidence", "attach", str(sheet), "--activity", "1")
    report = tmp_path / "核查.json"
    activities.ok("evidence", "verify", "--output", str(report))
    assert json.loads(report.read_text(encoding="utf-8"))["problems"] == []
    copy_of(db_path).unlink()
    activities.refused("evidence", "verify", "--output", str(report), message="1 missing")
    assert json.loads(report.read_text(encoding="utf-8"))["problems"][0]["problem"] == "missing"


def test_attaching_the_same_content_again_restores_a_lost_copy(activities, db_path, sheet):
    activities.ok("evidence", "attach", str(sheet), "--activity", "1")
    copy_of(db_path).unlink()
    result = activities.ok("evidence", "attach", str(sheet), "--activity", "2")
    assert "was missing or changed; this identical file restored it" in result.stderr
    assert copy_of(db_path).read_bytes() == SHEET
    result = activities.ok("evidence", "verify")
    assert "0 missing, 0 changed" in result.stderr


def test_a_large_file_is_copied_and_hashed_in_chunks(activities, db_path, tmp_path, monkeypatch):
    from alliance_cli.core import evidence as core

    monkeypatch.setattr(core, "CHUNK_BYTES", 4096)
    big = tmp_path / "scan.tiff"
    content = bytes(range(256)) * 1000 + b"tail"  # 62.5 chunks
    big.write_bytes(content)
    activities.ok("evidence", "attach", str(big), "--activity", "1")
    sha = hashlib.sha256(content).hexdigest()
    assert evidence_rows(db_path)[0][3:5] == (sha, len(content))
    assert copy_of(db_path, sha, ".tiff").read_bytes() == content


def test_an_activity_with_evidence_is_not_deleted(attached, db_path):
    attached.refused_unchanged(
        db_path, "activity", "delete", "3",
        message="activity 3 carries evidence 3 (photo.png); detach it first "
        "(alliance evidence detach 3)",
    )  # fmt: skip
    attached.ok("evidence", "detach", "3")
    attached.ok("activity", "delete", "3")
    assert [row[0] for row in evidence_rows(db_path)] == [1, 2]
