"""`alliance activity import FILE` through the CLI.

The township fixture: 全域联盟 (core, no members), 红色联盟 and 蓝色联盟 (founded 2023-01-01);
红岩村 leads 红色联盟 from 2023-01-01, 石门村 is in it from 2023-03-01; 新街社区 leads 蓝色联盟
with 镇派出所.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

import alliance_cli.core.activity_import as activity_import
from tests import spreadsheets
from tests.conftest import query, snapshot

ROOT = Path(__file__).resolve().parents[2]
HEADER = [
    "日期",
    "类型",
    "标题",
    "联盟",
    "主办单位",
    "协办单位",
    "参与单位",
    "跨联盟单位",
    "参加人数",
    "志愿时长",
    "场地",
    "备注",
]
EN_HEADER = [
    "date",
    "kind",
    "title",
    "alliance",
    "host",
    "cohosts",
    "participants",
    "guests",
    "attendees",
    "hours",
    "venue",
    "notes",
]


# --- helpers -------------------------------------------------------------------------------


def row(
    day="2023-03-05",
    kind="study",
    title="学习",
    alliance="红色联盟",
    host="红岩村",
    cohosts="",
    participants="",
    guests="",
    attendees="",
    hours="",
    venue="",
    notes="",
):
    return [
        day,
        kind,
        title,
        alliance,
        host,
        cohosts,
        participants,
        guests,
        attendees,
        hours,
        venue,
        notes,
    ]


def activities(db: Path) -> list[tuple]:
    """Every activity by its natural key and details, without ids."""
    return query(
        db,
        "SELECT a.held_on, al.name, h.name, a.title, a.kind, a.attendees, a.hours_hundredths, "
        "v.name, a.notes FROM activity a JOIN alliance al ON al.id = a.alliance_id "
        "JOIN organisation h ON h.id = a.host_id LEFT JOIN venue v ON v.id = a.venue_id "
        "ORDER BY 1, 2, 3, 4",
    )


def taking_part(db: Path) -> list[tuple]:
    """(date, title, organisation, role, attendees, guest) for every activity_org row."""
    return query(
        db,
        "SELECT a.held_on, a.title, o.name, ao.role, ao.attendees, ao.guest FROM activity_org ao "
        "JOIN activity a ON a.id = ao.activity_id JOIN organisation o ON o.id = ao.organisation_id "
        "ORDER BY 1, 2, 3",
    )


def imported(path: Path, added=0, present=0, repeated=0) -> str:
    return (
        f"{path}: {added} activities added, {present} already present, "
        f"{repeated} rows repeated in the file"
    )


def import_ok(cli, path: Path, added=0, present=0, repeated=0):
    result = cli.ok("activity", "import", path)
    assert imported(path, added, present, repeated) in result.stderr, result.stderr
    return result


def refused_rows(cli, db: Path, path: Path, *expected: tuple[int, str]):
    """The import is refused, every bad row listed with its number, nothing written."""
    before = snapshot(db)
    result = cli.refused("activity", "import", path, message=f"{path} has {len(expected)} bad rows")
    listed = [line.strip() for line in result.stderr.splitlines()[1:]]
    assert len(listed) == len(expected), result.stderr
    for line, (number, message) in zip(listed, expected, strict=True):
        assert line.startswith(f"row {number}: "), (line, number)
        assert message in line, (line, message)
    assert snapshot(db) == before
    return result


# --- importing -----------------------------------------------------------------------------


def test_import_stores_activities_and_every_organisation(township, db_path, tmp_path):
    rows = [
        row(participants="红岩村:12;石门村:8", hours="2.5", notes="座谈"),
        row(day="2023/3/6", kind="主题党日", title="党日", cohosts="石门村", guests="新街社区:3"),
        row(
            day="2023年3月7日",
            kind="Themed Party Day",
            title="党日",
            alliance="蓝色联盟",
            host="新街社区",
            participants="镇派出所：4、新街社区：6",
            attendees="15",
        ),
    ]
    path = write_csv(tmp_path / "activities.csv", rows)
    import_ok(township, path, added=3)
    assert activities(db_path) == [
        ("2023-03-05", "红色联盟", "红岩村", "学习", "study", 20, 250, None, "座谈"),
        ("2023-03-06", "红色联盟", "红岩村", "党日", "party_day", 3, 0, None, None),
        ("2023-03-07", "蓝色联盟", "新街社区", "党日", "party_day", 15, 0, None, None),
    ]
    assert taking_part(db_path) == [
        # the host listed among participants is one row, role host, with its attendance
        ("2023-03-05", "学习", "石门村", "participant", 8, 0),
        ("2023-03-05", "学习", "红岩村", "host", 12, 0),
        ("2023-03-06", "党日", "新街社区", "participant", 3, 1),  # a guest
        ("2023-03-06", "党日", "石门村", "cohost", None, 0),
        ("2023-03-06", "党日", "红岩村", "host", None, 0),
        ("2023-03-07", "党日", "新街社区", "host", 6, 0),
        ("2023-03-07", "党日", "镇派出所", "participant", 4, 0),
    ]
    audit = query(
        db_path,
        "SELECT action, entity, entity_key, after FROM audit_log WHERE entity = 'activities'",
    )
    assert audit == [
        ("import", "activities", str(path), '{"added": 3, "present": 0, "repeated": 0}')
    ]


def test_english_headers_any_order_and_optional_columns(township, db_path, tmp_path):
    header = ["title", "host", "alliance", "date", "kind", "participants"]
    rows = [["学习", " 红岩村 ", "红色联盟", "2023-03-05", "STUDY", "石门村 : 5 ; 红岩村:1;"]]
    import_ok(township, write_csv(tmp_path / "a.csv", rows, header), added=1)
    assert activities(db_path) == [
        ("2023-03-05", "红色联盟", "红岩村", "学习", "study", 6, 0, None, None)
    ]
    assert [(o, r, n) for _d, _t, o, r, n, _g in taking_part(db_path)] == [
        ("石门村", "participant", 5),
        ("红岩村", "host", 1),
    ]


def test_template_imports_into_the_demo_township(demo, db_path):
    before = len(activities(db_path))
    template = ROOT / "data" / "activities_template.csv"
    import_ok(demo, template, added=6)
    assert len(activities(db_path)) == before + 6
    # The XLSX template holds the same activities: nothing new.
    import_ok(demo, ROOT / "data" / "activities_template.xlsx", present=6)
    guests = query(
        db_path,
        "SELECT o.name FROM activity_org ao JOIN organisation o "
        "ON o.id = ao.organisation_id JOIN activity a ON a.id = ao.activity_id "
        "WHERE ao.guest = 1 AND a.title LIKE '现场观摩%'",
    )
    assert guests == [("红岩村党支部",)]


def test_templates_match_their_generator(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_activity_template", ROOT / "data" / "make_activity_template.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "data" / "activities_template.csv").read_bytes() == module.csv_bytes()


def test_xlsx_import_matches_csv(township, db_path, tmp_path):
    rows = [
        row(participants="红岩村:12;石门村:8", hours="2.5"),
        row(day="2023-03-06", title="党日", guests="新街社区:3", attendees="10", hours="12"),
    ]
    import_ok(township, write_xlsx(tmp_path / "a.xlsx", rows), added=2)
    stored = activities(db_path), taking_part(db_path)
    import_ok(township, write_csv(tmp_path / "a.csv", rows), present=2)
    assert (activities(db_path), taking_part(db_path)) == stored
    assert stored[0][0][6] == 250


def test_gb18030_csv(township, db_path, tmp_path):
    path = write_csv(tmp_path / "excel.csv", [row(participants="石门村:3")], encoding="gb18030")
    import_ok(township, path, added=1)


def test_gb18030_found_after_the_first_batch(cli, db_path, tmp_path, monkeypatch):
    """A file that looks like UTF-8 for a whole batch is read again from the start."""
    monkeypatch.setattr(activity_import, "BATCH_ROWS", 2)
    cli.ok("alliance", "create", "Red", "--kind", "core", "--founded", "2023-01-01")
    for name in ("Alpha", "Beta", "甲村"):
        cli.ok("member", "add", name, "--category", "village")
        cli.ok("member", "join", name, "Red", "--on", "2023-01-01")
    rows = [
        row(title=f"t{i}", alliance="Red", host="Alpha", participants="Beta:2") for i in range(5)
    ] + [row(title="t9", alliance="Red", host="甲村")]
    path = write_csv(tmp_path / "late.csv", rows, header=EN_HEADER, encoding="gb18030")
    import_ok(cli, path, added=6)
    assert len(taking_part(db_path)) == 11


def test_hours_are_exact(township, db_path, tmp_path):
    rows = [
        row(title="a", attendees="1", hours="0.1"),
        row(title="b", attendees="1", hours="0.2"),
        row(title="c", attendees="1", hours="0.30"),
        row(title="d", attendees="1", hours="2.675"),
        row(title="e", attendees="1", hours="0.30000000000000004"),
        row(title="f", attendees="9", hours="１２．５"),
    ]
    path = write_csv(tmp_path / "hours.csv", rows)
    refused_rows(
        township,
        db_path,
        path,
        (5, "volunteer hours '2.675' are not valid"),
        (6, "'0.30000000000000004' are not valid"),
    )
    path = write_csv(tmp_path / "hours.csv", [rows[i] for i in (0, 1, 2, 5)])
    import_ok(township, path, added=4)
    hours = [(title, h) for _d, _a, _h, title, _k, _n, h, _v, _notes in activities(db_path)]
    assert hours == [("a", 10), ("b", 20), ("c", 30), ("f", 1250)]
    total = query(db_path, "SELECT sum(hours_hundredths) FROM activity")[0][0]
    assert total == 10 + 20 + 30 + 1250  # 0.1 + 0.2 is 0.3 here


def test_venue_and_notes(township, db_path, tmp_path):
    township.ok("venue", "add", "红岩村活动室", "--owner", "红岩村", "--shared-with", "红色联盟")
    path = write_csv(tmp_path / "a.csv", [row(venue="红岩村活动室", notes=" 第一次 ")])
    import_ok(township, path, added=1)
    assert activities(db_path)[0][7:] == ("红岩村活动室", "第一次")


# --- idempotency and overlaps --------------------------------------------------------------


def test_importing_twice_adds_nothing(township, db_path, tmp_path):
    rows = [row(participants="石门村:3", hours="1.5"), row(title="党日", cohosts="石门村")]
    path = write_csv(tmp_path / "a.csv", rows)
    import_ok(township, path, added=2)
    before = snapshot(db_path)
    import_ok(township, path, present=2)
    assert snapshot(db_path) == before  # not even an audit entry


def test_an_overlapping_file_adds_only_new_activities(township, db_path, tmp_path):
    first = [row(title=f"活动{i}", participants="石门村:2") for i in range(4)]
    import_ok(township, write_csv(tmp_path / "q1.csv", first), added=4)
    second = first[2:] + [row(title=f"活动{i}", participants="石门村:2") for i in range(4, 7)]
    import_ok(township, write_csv(tmp_path / "q2.csv", second), added=3, present=2)
    assert [a[3] for a in activities(db_path)] == [f"活动{i}" for i in range(7)]


def test_an_activity_logged_by_hand_is_recognised(township, db_path, tmp_path):
    township.ok(
        "activity",
        "log",
        "--alliance",
        "红色联盟",
        "--kind",
        "study",
        "--date",
        "2023-03-05",
        "--title",
        "学习",
        "--host",
        "红岩村",
        "--org",
        "石门村:4",
        "--hours",
        "2",
    )
    same = row(kind="学习交流", participants="石门村：4", hours="2.00")
    import_ok(township, write_csv(tmp_path / "a.csv", [same]), present=1)


def test_identical_rows_in_one_file_count_once(township, db_path, tmp_path):
    rows = [row(participants="石门村:3"), row(title="b"), row(participants="石门村:3")]
    import_ok(township, write_csv(tmp_path / "a.csv", rows), added=2, repeated=1)
    assert len(activities(db_path)) == 2


@pytest.mark.parametrize(
    "changed",
    [
        {"kind": "party_day"},
        {"attendees": "9"},
        {"hours": "1"},
        {"notes": "改了"},
        {"participants": "石门村:4"},
        {"participants": "石门村", "attendees": "3"},
        {"participants": "红岩村:1;石门村:3"},
        {"cohosts": "石门村", "participants": "", "attendees": "3"},
        {"participants": "石门村:3", "guests": "新街社区"},
    ],
)
def test_same_key_with_different_details_is_a_bad_row(township, db_path, tmp_path, changed):
    original = dict(participants="石门村:3", hours="2")
    import_ok(township, write_csv(tmp_path / "a.csv", [row(**original)]), added=1)
    activity_id = query(db_path, "SELECT id FROM activity")[0][0]
    path = write_csv(tmp_path / "b.csv", [row(title="新"), row(**{**original, **changed})])
    refused_rows(
        township,
        db_path,
        path,
        (3, f"already recorded with different details (activity {activity_id}"),
    )


def test_same_key_twice_in_one_file_with_different_details(township, db_path, tmp_path):
    rows = [row(participants="石门村:3"), row(title="b"), row(participants="石门村:4")]
    refused_rows(
        township,
        db_path,
        write_csv(tmp_path / "a.csv", rows),
        (4, "same date, alliance, host and title as row 2, but different details"),
    )


# --- refusals ------------------------------------------------------------------------------

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"day": "2023-02-30"}, "日期 '2023-02-30' is not a valid date"),
        ({"day": ""}, "'日期' must not be empty"),
        ({"day": TOMORROW}, f"the date {TOMORROW} is after the latest allowed date"),
        ({"kind": "野餐"}, "no kind of activity '野餐'"),
        ({"title": "  "}, "'标题' must not be empty"),
        ({"alliance": "绿色联盟"}, "no alliance named '绿色联盟'"),
        ({"day": "2022-12-31"}, "alliance '红色联盟' was not active on 2022-12-31"),
        ({"host": "无名村"}, "no organisation named '无名村'"),
        ({"host": ""}, "'主办单位' must not be empty"),
        (
            {"day": "2023-02-28", "host": "石门村"},
            "'石门村' was not a member of '红色联盟' on 2023-02-28",
        ),
        ({"host": "新街社区"}, "'新街社区' was not a member of '红色联盟'"),
        ({"cohosts": "镇派出所"}, "'镇派出所' was not a member of '红色联盟'"),
        ({"participants": "石门村:2、镇派出所:1"}, "'镇派出所' was not a member of '红色联盟'"),
        ({"day": "2023-02-01", "participants": "石门村:2"}, "'石门村' was not a member"),
        ({"guests": "石门村"}, "'石门村' is a member of '红色联盟', not a guest"),
        ({"guests": "孤山村"}, "'孤山村' belonged to no other alliance on 2023-03-05"),
        ({"participants": "石门村:1;石门村:2"}, "'石门村' is named twice in one activity"),
        ({"cohosts": "石门村", "participants": "石门村:2"}, "'石门村' is named twice"),
        ({"cohosts": "红岩村"}, "'红岩村' is named twice"),
        ({"participants": "红岩村:1;红岩村:2"}, "'红岩村' is named twice"),
        ({"guests": "新街社区;新街社区"}, "'新街社区' is named twice"),
        ({"participants": "石门村:-3"}, "attendees cannot be negative (-3)"),
        ({"participants": "石门村:三"}, "attendees '三' is not a whole number"),
        ({"participants": "石门村:99999999999"}, "attendees '99999999999' is too large"),
        ({"attendees": "2.5"}, "参加人数 '2.5' is not a whole number"),
        ({"attendees": "-1"}, "参加人数 cannot be negative (-1)"),
        ({"participants": "石门村:5", "attendees": "4"}, "total attendees 4 is less than the"),
        ({"hours": "-1"}, "volunteer hours '-1' are not valid"),
        ({"hours": "两小时"}, "volunteer hours '两小时' are not valid"),
        ({"attendees": "2", "hours": "48.01"}, "48.01 volunteer hours is over 24 hours"),
        ({"hours": "1"}, "1.00 volunteer hours is over 24 hours per person (0 attendees)"),
        ({"venue": "礼堂"}, "no venue named '礼堂'"),
    ],
)
def test_each_rule_refuses_its_row(township, db_path, tmp_path, bad, message):
    township.ok("member", "add", "孤山村", "--category", "village")
    path = write_csv(tmp_path / "a.csv", [row(title="好的"), row(**bad), row(title="也好")])
    refused_rows(township, db_path, path, (3, message))


def test_future_days_are_configurable(township, db_path, tmp_path, monkeypatch):
    path = write_csv(tmp_path / "a.csv", [row(day=TOMORROW)])
    refused_rows(township, db_path, path, (2, "is after the latest allowed date"))
    monkeypatch.setenv("ALLIANCE_MAX_FUTURE_DAYS", "7")
    import_ok(township, path, added=1)


def test_every_bad_row_is_listed_in_order(township, db_path, tmp_path):
    rows = [row(kind="野餐"), row(title="好"), row(host="无名村"), row(day="昨天"), row()]
    result = refused_rows(
        township,
        db_path,
        write_csv(tmp_path / "a.csv", rows),
        (2, "no kind"),
        (4, "no organisation"),
        (5, "not a valid date"),
    )
    assert "Traceback" not in result.stderr


def test_blank_rows_are_skipped_but_counted(township, db_path, tmp_path):
    rows = [row(), ["", " ", ""], [], row(title="b", kind="野餐")]
    refused_rows(township, db_path, write_csv(tmp_path / "a.csv", rows), (5, "no kind"))


def test_many_bad_rows_list_the_first(township, db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(activity_import, "MAX_PROBLEMS", 3)
    rows = [row(title=f"t{i}", kind="野餐") for i in range(5)]
    before = snapshot(db_path)
    result = township.refused(
        "activity",
        "import",
        write_csv(tmp_path / "a.csv", rows),
        message="has 5 bad rows; nothing was imported (the first 3 are",
    )
    assert len(result.stderr.splitlines()) == 4
    assert snapshot(db_path) == before


def test_missing_columns_and_unreadable_files(township, db_path, tmp_path):
    before = snapshot(db_path)
    path = write_csv(tmp_path / "a.csv", [["2023-03-05", "学习"]], header=["日期", "标题"])
    township.refused("activity", "import", path, message="row 1: missing columns: 类型/kind")
    empty = write_csv(tmp_path / "empty.csv", [])
    township.refused("activity", "import", empty, message="has no data rows")
    township.refused("activity", "import", tmp_path / "nope.csv", message="cannot read file")
    township.refused("activity", "import", tmp_path / "a.txt", message="unsupported file type")
    bad_xlsx = tmp_path / "bad.xlsx"
    bad_xlsx.write_bytes(b"not a workbook")
    township.refused("activity", "import", bad_xlsx, message="not a valid XLSX workbook")
    assert snapshot(db_path) == before


def test_a_refused_first_import_leaves_no_database(cli, db_path, tmp_path):
    path = write_csv(tmp_path / "a.csv", [row()])
    cli.refused("activity", "import", path, message="no alliance named '红色联盟'")
    assert not db_path.exists()


def test_quiet_prints_nothing(township, tmp_path):
    result = township.ok("--quiet", "activity", "import", write_csv(tmp_path / "a.csv", [row()]))
    assert result.stderr == "" and result.stdout == ""


def test_chinese_messages(township, tmp_path):
    path = write_csv(tmp_path / "a.csv", [row(), row(title="b", guests="石门村")])
    result = township.refused("--lang", "zh", "activity", "import", path, message="未导入任何数据")
    assert "第 3 行：“石门村”是“红色联盟”的成员" in result.stderr
    township.ok("--lang", "zh", "activity", "import", write_csv(tmp_path / "b.csv", [row()]))


# --- the bulk machinery, on small files ----------------------------------------------------


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 3 rows, indexes rebuilt from 1 row on: every path of the bulk code runs."""
    monkeypatch.setattr(activity_import, "BATCH_ROWS", 3)
    monkeypatch.setattr(activity_import, "BIG_IMPORT", 1)


def many_rows(count: int, start: int = 0) -> list[list[str]]:
    return [
        row(
            day=(date(2023, 3, 1) + timedelta(days=i % 30)).isoformat(),
            title=f"活动{i}",
            participants="石门村:2" if i % 2 else "",
            guests="镇派出所:1" if i % 3 == 0 else "",
            cohosts="石门村" if i % 2 == 0 and i % 4 else "",
            attendees=str(5 + i % 3),
            hours=str(i % 5),
        )
        for i in range(start, start + count)
    ]


def test_batches_with_repeats_across_them(township, small_batches, db_path, tmp_path):
    rows = many_rows(10)
    rows = [*rows[:5], rows[1], *rows[5:], rows[7], rows[0]]
    import_ok(township, write_csv(tmp_path / "a.csv", rows), added=10, repeated=3)
    import_ok(township, write_csv(tmp_path / "b.csv", many_rows(12)), added=2, present=10)
    bad = many_rows(12)
    bad[11][8] = "99"
    bad.append(many_rows(1)[0])
    bad[-1][8] = "7"
    refused_rows(
        township,
        db_path,
        write_csv(tmp_path / "c.csv", bad),
        (13, "already recorded with different details"),
        (14, "already recorded with different details"),
    )


def test_indexes_are_rebuilt_as_they_were(township, small_batches, db_path, tmp_path):
    schema = query(db_path, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    import_ok(township, write_csv(tmp_path / "a.csv", many_rows(8)), added=8)
    assert query(db_path, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == schema
    township.ok("db", "check")
    orgs = query(
        db_path,
        "SELECT count(*) FROM activity_org INDEXED BY "
        "ix_activity_org_organisation_id WHERE organisation_id > 0",
    )
    assert orgs == query(db_path, "SELECT count(*) FROM activity_org")


def test_more_organisations_than_the_staged_slots(cli, db_path, tmp_path, monkeypatch):
    cli.ok("alliance", "create", "大联盟", "--kind", "core", "--founded", "2023-01-01")
    names = [f"第{i}村" for i in range(8)]
    for name in names:
        cli.ok("member", "add", name, "--category", "village")
        cli.ok("member", "join", name, "大联盟", "--on", "2023-01-01")
    many = ";".join(f"{name}:{i}" for i, name in enumerate(names[1:], start=1))
    rows = [row(alliance="大联盟", host=names[0], participants=many, cohosts="")]
    path = write_csv(tmp_path / "a.csv", rows)
    import_ok(cli, path, added=1)
    assert len(taking_part(db_path)) == 8
    import_ok(cli, path, present=1)
    rows[0][6] = many.replace(":7", ":6")
    refused_rows(cli, db_path, write_csv(tmp_path / "b.csv", rows), (2, "already recorded"))


def test_fast_and_full_checks_agree(township, db_path, tmp_path, monkeypatch, township_template):
    """Every row through the full rule-by-rule check stores exactly what the fast path
    stores (the fast path only skips work)."""
    odd = [
        row(
            day="2023/3/9",
            kind=" Study ",
            title="x",
            host="红岩村 ",
            participants=" 石门村 :3；红岩村：2",
        ),
        row(
            day="2023年3月9日",
            kind="学习交流",
            title="y",
            guests="新街社区：2、镇派出所",
            hours="3.25",
        ),
    ]
    rows = [*many_rows(12), *odd]
    path = write_csv(tmp_path / "a.csv", rows)
    import_ok(township, path, added=14)
    fast = activities(db_path), taking_part(db_path)
    other = tmp_path / "slow.db"
    other.write_bytes(township_template.read_bytes())
    monkeypatch.setattr(activity_import._Checker, "_cache_date", lambda self, raw: "")
    monkeypatch.setattr(activity_import._Checker, "_cache_kind", lambda self, raw: "")
    township.ok("--db", other, "activity", "import", path)
    assert (activities(other), taking_part(other)) == fast


def test_a_failing_writer_stops_the_import(township, small_batches, db_path, tmp_path, monkeypatch):
    """An unexpected error in the writer thread reaches the command (ALLIANCE_DEBUG=1 in the
    tests re-raises it) and the transaction is rolled back."""
    original = activity_import._Writer._write

    def failing(self, first, last, extras):
        if first > 3:
            raise RuntimeError("disk on fire")
        original(self, first, last, extras)

    monkeypatch.setattr(activity_import._Writer, "_write", failing)
    before = snapshot(db_path)
    result = township("activity", "import", write_csv(tmp_path / "a.csv", many_rows(8)))
    assert isinstance(result.exception, RuntimeError), result.exception
    assert snapshot(db_path) == before
    assert activity_import.sys.getswitchinterval() == 0.005


def write_csv(path: Path, rows, header=HEADER, encoding="utf-8-sig") -> Path:
    return spreadsheets.write_csv(path, rows, header, encoding)


def write_xlsx(path: Path, rows, header=HEADER) -> Path:
    return spreadsheets.write_xlsx(path, rows, header)
