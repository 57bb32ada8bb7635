"""`alliance activity log/list/show/edit/delete/kinds/welfare-check` through the CLI."""

from __future__ import annotations

import json

import pytest

from tests.conftest import query, snapshot

RED_LOG = (
    "activity",
    "log",
    "--alliance",
    "红色联盟",
    "--kind",
    "主题党日",
    "--date",
    "2023-07-01",
    "--title",
    "重温入党誓词",
    "--host",
    "红岩村",
)


@pytest.fixture
def logged(township):
    """The township with three activities: two in 红色联盟, one in 蓝色联盟."""
    township.ok(
        *RED_LOG,
        "--org",
        "石门村:12",
        "--org",
        "红岩村:20",
        "--guest",
        "新街社区:3",
        "--hours",
        "6.5",
    )
    township.ok(
        "activity",
        "log",
        "--alliance",
        "红色联盟",
        "--kind",
        "welfare",
        "--date",
        "2023-08-15",
        "--title",
        "义诊",
        "--host",
        "石门村",
        "--cohost",
        "红岩村",
        "--attendees",
        "40",
    )
    township.ok(
        "activity",
        "log",
        "--alliance",
        "蓝色联盟",
        "--kind",
        "patrol",
        "--date",
        "2023-08-20",
        "--title",
        "夜间巡防",
        "--host",
        "镇派出所",
        "--org",
        "新街社区:5",
        "--hours",
        "10",
    )
    return township


def test_log_stores_the_activity_and_every_organisation(logged, db_path):
    assert query(
        db_path,
        "SELECT held_on, kind, title, attendees, hours_hundredths, notes "
        "FROM activity WHERE id = 1",
    ) == [("2023-07-01", "party_day", "重温入党誓词", 35, 650, None)]
    assert query(
        db_path,
        "SELECT o.name, ao.role, ao.attendees, ao.guest FROM activity_org ao "
        "JOIN organisation o ON o.id = ao.organisation_id "
        "WHERE ao.activity_id = 1 ORDER BY o.name",
    ) == [
        ("新街社区", "participant", 3, 1),
        ("石门村", "participant", 12, 0),
        ("红岩村", "host", 20, 0),
    ]
    assert query(
        db_path,
        "SELECT o.name, ao.role FROM activity_org ao JOIN organisation o "
        "ON o.id = ao.organisation_id WHERE ao.activity_id = 2 "
        "ORDER BY ao.role",
    ) == [("红岩村", "cohost"), ("石门村", "host")]
    assert query(db_path, "SELECT count(*) FROM audit_log WHERE action = 'log'") == [(3,)]


def test_list_filters(logged):
    def ids(*args):
        out = logged.ok("activity", "list", *args, "-f", "json").stdout
        return [row["id"] for row in json.loads(out)]

    assert ids() == [1, 2, 3]
    assert ids("--alliance", "红色联盟") == [1, 2]
    assert ids("--org", "新街社区") == [1, 3]  # as a guest and as a participant
    assert ids("--org", "红岩村") == [1, 2]  # as host and as co-host
    assert ids("--kind", "一月一公益") == [2]
    assert ids("--from", "2023-08-15") == [2, 3]
    assert ids("--to", "2023-08-15") == [1, 2]
    assert ids("--period", "2023Q3") == [1, 2, 3]
    assert ids("--period", "2023-08") == [2, 3]
    assert ids("--period", "2023H1") == []
    assert ids("--period", "latest") == [1, 2, 3]
    assert ids("--period", "previous") == []
    assert ids("--period", "最新") == [1, 2, 3]  # the Chinese spelling counts from data too


def test_list_csv_is_exact(logged):
    out = logged.ok("activity", "list", "--alliance", "蓝色联盟", "-f", "csv")
    assert out.stdout_bytes.decode() == (
        "\ufeffid,date,kind,title,alliance,host,organisations,attendees,volunteer hours\r\n"
        "3,2023-08-20,safety patrol,夜间巡防,蓝色联盟,镇派出所,2,5,10.00\r\n"
    )
    zh = logged.ok("--lang", "zh", "activity", "list", "--alliance", "蓝色联盟", "-f", "csv")
    assert zh.stdout_bytes.decode().splitlines()[1] == (
        "3,2023-08-20,平安巡防,夜间巡防,蓝色联盟,镇派出所,2,5,10.00"
    )


def test_show(logged):
    shown = json.loads(logged.ok("activity", "show", "1", "-f", "json").stdout)
    assert shown["activity"]["hours"] == "6.50"
    assert shown["activity"]["kind"] == "party_day"
    assert [(o["name"], o["role"], o["guest"]) for o in shown["organisations"]] == [
        ("红岩村", "host", False),
        ("新街社区", "participant", True),
        ("石门村", "participant", False),
    ]


def test_edit_rechecks_and_audits(logged, db_path):
    logged.ok("activity", "edit", "3", "--hours", "12.25", "--notes", "补录")
    assert query(db_path, "SELECT hours_hundredths, notes FROM activity WHERE id = 3") == [
        (1225, "补录")
    ]
    before, after = query(db_path, "SELECT before, after FROM audit_log WHERE action='edit'")[0]
    assert json.loads(before)["hours"] == "10.00"
    assert json.loads(after)["hours"] == "12.25"
    # Moving the activity before 石门村 joined 红色联盟 breaks the membership rule.
    state = snapshot(db_path)
    logged.refused(
        "activity",
        "edit",
        "1",
        "--date",
        "2023-02-01",
        message="'石门村' was not a member of '红色联盟' on 2023-02-01",
    )
    assert snapshot(db_path) == state


def test_delete_is_audited(logged, db_path):
    result = logged.ok("activity", "delete", "2")
    assert "deleted activity 2: 义诊" in result.stderr
    assert query(db_path, "SELECT count(*) FROM activity_org WHERE activity_id = 2") == [(0,)]
    before = json.loads(
        query(db_path, "SELECT before FROM audit_log WHERE action = 'delete'")[0][0]
    )
    assert before["title"] == "义诊"
    assert {o["name"] for o in before["organisations"]} == {"石门村", "红岩村"}


def test_kinds(township, db_path):
    kinds = json.loads(township.ok("activity", "kinds", "list", "-f", "json").stdout)
    assert len(kinds) == 14 and kinds[0]["builtin"] is True
    township.ok("activity", "kinds", "add", "tea_talk", "茶话会", "--en", "tea talk")
    township.ok(
        "activity",
        "log",
        "--alliance",
        "红色联盟",
        "--kind",
        "茶话会",
        "--date",
        "2023-07-02",
        "--title",
        "座谈",
        "--host",
        "红岩村",
    )
    assert query(db_path, "SELECT kind FROM activity") == [("tea_talk",)]
    state = snapshot(db_path)
    township.refused("activity", "kinds", "add", "tea_talk", "别的", message="already exists")
    township.refused("activity", "kinds", "add", "Tea Talk!", "别的", message="not valid")
    assert snapshot(db_path) == state


def test_welfare_check(logged, db_path):
    out = logged.ok("activity", "welfare-check", "--period", "2023Q3", "-f", "json").stdout
    results = {r["alliance"]: r for r in json.loads(out)}
    assert results["红色联盟"]["missing"] == ["2023-07", "2023-09"]
    assert results["红色联盟"]["with_welfare"] == 1
    assert results["蓝色联盟"]["missing"] == ["2023-07", "2023-08", "2023-09"]
    assert "全域联盟" not in results  # no members of its own
    logged.ok(
        "activity",
        "log",
        "--alliance",
        "红色联盟",
        "--kind",
        "welfare",
        "--date",
        "2023-07-15",
        "--title",
        "清洁家园",
        "--host",
        "红岩村",
    )
    logged.ok(
        "activity",
        "log",
        "--alliance",
        "红色联盟",
        "--kind",
        "welfare",
        "--date",
        "2023-09-15",
        "--title",
        "助老",
        "--host",
        "红岩村",
    )
    out = logged.ok("activity", "welfare-check", "--period", "2023Q3", "-f", "json").stdout
    assert {r["alliance"]: r["kept"] for r in json.loads(out)} == {
        "红色联盟": True,
        "蓝色联盟": False,
    }


def test_welfare_check_names_the_planned_host(logged, db_path):
    query_plan = (
        "INSERT INTO rotation_plan (alliance_id, month, host_id, saved_at) "
        "SELECT a.id, '2023-09', o.id, '2023-06-01 00:00:00' FROM alliance a, "
        "organisation o WHERE a.name = '红色联盟' AND o.name = '石门村'"
    )
    import sqlite3

    connection = sqlite3.connect(db_path)
    connection.execute(query_plan)
    connection.commit()
    connection.close()
    out = logged.ok("activity", "welfare-check", "--period", "2023Q3", "-f", "json").stdout
    red = next(r for r in json.loads(out) if r["alliance"] == "红色联盟")
    assert red["planned_hosts"] == ["石门村"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--org", "新街社区"], "'新街社区' was not a member of '红色联盟' on 2023-07-01"),
        (["--guest", "石门村"], "'石门村' is a member of '红色联盟', not a guest"),
        (["--org", "无名村"], "no organisation named '无名村'"),
        (["--org", "石门村", "--org", "石门村:3"], "'石门村' is named twice"),
        (["--org", "红岩村:3", "--org", "红岩村:4"], "'红岩村' is named twice"),
        (["--org", "石门村:-3"], "cannot be negative"),
        (["--org", "石门村:5", "--attendees", "3"], "total attendees 3 is less than"),
        (["--attendees", "1", "--hours", "24.01"], "is over 24 hours per person"),
        (["--hours", "1"], "is over 24 hours per person"),
        (["--hours", "1.005", "--attendees", "3"], "are not valid"),
        (["--hours", "abc", "--attendees", "3"], "are not valid"),
        (["--venue", "无名场地"], "no venue named '无名场地'"),
    ],
)
def test_log_refusals(township, db_path, extra, message):
    state = snapshot(db_path)
    township.refused(*RED_LOG, *extra, message=message)
    assert snapshot(db_path) == state


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--alliance", "无名联盟"], "no alliance named '无名联盟'"),
        (["--kind", "fishing"], "no kind of activity 'fishing'"),
        (["--host", "新街社区"], "'新街社区' was not a member of '红色联盟'"),
        (["--date", "2023-02-30"], "is not a valid date"),
        (["--date", "2022-12-31"], "alliance '红色联盟' was not active on 2022-12-31"),
        (["--date", "2999-01-01"], "is after the latest allowed date"),
        (["--title", "  "], "the title must not be empty"),
    ],
)
def test_log_refusals_of_the_main_fields(township, db_path, args, message):
    base = dict(zip(RED_LOG[2::2], RED_LOG[3::2], strict=True))
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    state = snapshot(db_path)
    township.refused(
        "activity", "log", *[x for pair in base.items() for x in pair], message=message
    )
    assert snapshot(db_path) == state


def test_future_limit_is_configurable(township, monkeypatch, db_path):
    from datetime import date, timedelta

    soon = (date.today() + timedelta(days=5)).isoformat()
    args = [
        "activity",
        "log",
        "--alliance",
        "红色联盟",
        "--kind",
        "meeting",
        "--date",
        soon,
        "--title",
        "计划例会",
        "--host",
        "红岩村",
    ]
    township.refused(*args, message="is after the latest allowed date")
    monkeypatch.setenv("ALLIANCE_MAX_FUTURE_DAYS", "7")
    township.ok(*args)


def test_same_activity_twice_is_refused(logged, db_path):
    state = snapshot(db_path)
    logged.refused(*RED_LOG, message="already recorded (id 1)")
    assert snapshot(db_path) == state


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["activity", "show", "99"], "no activity with id 99"),
        (["activity", "edit", "99", "--notes", "x"], "no activity with id 99"),
        (["activity", "edit", "1"], "nothing to update"),
        (["activity", "delete", "99"], "no activity with id 99"),
        (["activity", "list", "--period", "2023Q5"], "period '2023Q5' is not valid"),
        (["activity", "list", "--org", "无名村"], "no organisation named"),
        (["activity", "welfare-check", "--period", "0000"], "is not valid"),
    ],
)
def test_other_refusals(logged, db_path, args, message):
    state = snapshot(db_path)
    logged.refused(*args, message=message)
    assert snapshot(db_path) == state


def test_latest_without_activities_is_refused(township):
    township.refused("activity", "list", "--period", "latest", message="no records yet")
