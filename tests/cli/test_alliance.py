"""`alliance alliance ...` through the CLI: the clerk builds and changes the structure."""

from __future__ import annotations

import json

import pytest

from tests.conftest import query, snapshot


def test_create_core_area_and_task_alliances(cli, db_path):
    cli.ok(
        "alliance",
        "create",
        "全域联盟",
        "--kind",
        "core",
        "--leader",
        "陈书记",
        "--founded",
        "2023-01-01",
    )
    cli.ok(
        "alliance",
        "create",
        "红色联盟",
        "--kind",
        "片区联盟",
        "--theme",
        "红色引领",
        "--founded",
        "2023-01-01",
    )
    cli.ok(
        "alliance",
        "create",
        "文旅联盟",
        "--kind",
        "area",
        "--theme",
        "文旅融合",
        "--founded",
        "2023-01-01",
    )
    cli.ok("member", "add", "甲村", "--category", "村")
    cli.ok("member", "add", "乙企业", "--category", "非公企业", "--level", "county")
    result = cli.ok(
        "alliance",
        "create",
        "防汛联盟",
        "--kind",
        "task",
        "--goal",
        "防汛",
        "--min-members",
        "2",
        "--lead",
        "甲村",
        "--member",
        "乙企业",
        "--founded",
        "2023-05-01",
    )
    assert "created alliance '防汛联盟'" in result.stderr
    stored = query(
        db_path,
        "SELECT a.name, a.kind, a.theme, a.theme_label, p.name, a.leader, "
        "a.goal, a.min_members, a.founded_on FROM alliance a "
        "LEFT JOIN alliance p ON p.id = a.parent_id ORDER BY a.id",
    )
    assert stored == [
        ("全域联盟", "core", None, None, None, "陈书记", None, 2, "2023-01-01"),
        ("红色联盟", "area", "red", None, "全域联盟", None, None, 2, "2023-01-01"),
        ("文旅联盟", "area", "custom", "文旅融合", "全域联盟", None, None, 2, "2023-01-01"),
        ("防汛联盟", "task", None, None, "全域联盟", None, "防汛", 2, "2023-05-01"),
    ]
    assert query(
        db_path,
        "SELECT o.name, m.role, m.joined_on FROM membership m "
        "JOIN organisation o ON o.id = m.organisation_id ORDER BY o.name",
    ) == [("乙企业", "member", "2023-05-01"), ("甲村", "lead", "2023-05-01")]


def test_alliance_list_json_keeps_codes(township):
    listed = json.loads(
        township.ok("alliance", "list", "--on", "2023-06-30", "--format", "json").stdout
    )
    assert [(a["name"], a["kind"], a["theme"], a["parent"], a["members"]) for a in listed] == [
        ("全域联盟", "core", None, None, 0),
        ("红色联盟", "area", "red", "全域联盟", 2),
        ("蓝色联盟", "area", "blue", "全域联盟", 2),
    ]


def test_alliance_list_in_chinese_shows_labels(township):
    out = township.ok("--lang", "zh", "alliance", "list", "--format", "csv").stdout
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0] == "名称,类型,主题,上级联盟,负责人,成员数,成立日期,解散日期,问题"
    assert lines[2] == "红色联盟,片区联盟,红色引领,全域联盟,王芳,2,2023-01-01,,"


def test_member_count_follows_the_date(township):
    early = json.loads(township.ok("alliance", "list", "--on", "2023-02-01", "-f", "json").stdout)
    assert {a["name"]: a["members"] for a in early}["红色联盟"] == 1


def test_show_lists_members_and_belt(township):
    township.ok("alliance", "belt", "红色联盟", "石门村", "红岩村", "--on", "2023-04-01")
    shown = json.loads(
        township.ok("alliance", "show", "红色联盟", "--on", "2023-04-01", "--format", "json").stdout
    )
    assert shown["alliance"]["belt"] == ["石门村", "红岩村"]
    assert shown["alliance"]["leader"] == "王芳"
    assert [(m["name"], m["role"]) for m in shown["members"]] == [
        ("红岩村", "lead"),
        ("石门村", "member"),
    ]
    text = township.ok("alliance", "show", "红色联盟", "--on", "2023-04-01").stdout
    assert "石门村 - 红岩村" in text


def test_belt_is_replaced_in_order(township, db_path):
    township.ok("alliance", "belt", "红色联盟", "红岩村", "石门村", "--on", "2023-04-01")
    township.ok("alliance", "belt", "红色联盟", "石门村", "红岩村", "--on", "2023-04-01")
    assert query(
        db_path,
        "SELECT b.position, o.name FROM belt_link b JOIN organisation o "
        "ON o.id = b.organisation_id ORDER BY b.position",
    ) == [(1, "石门村"), (2, "红岩村")]


def test_update_and_rename(township, db_path):
    township.ok("alliance", "update", "红色联盟", "--leader", "李强", "--name", "红色引领联盟")
    assert query(db_path, "SELECT name, leader FROM alliance WHERE kind='area' ORDER BY id")[0] == (
        "红色引领联盟",
        "李强",
    )
    audit = query(db_path, "SELECT action, entity, entity_key FROM audit_log WHERE action='update'")
    assert audit == [("update", "alliance", "红色联盟")]


def test_dissolve_closes_memberships(township, db_path):
    township.ok("member", "add", "丙村", "--category", "村")
    township.ok(
        "alliance",
        "create",
        "临时联盟",
        "--kind",
        "task",
        "--member",
        "红岩村",
        "--member",
        "丙村",
        "--founded",
        "2023-04-01",
    )
    result = township.ok("alliance", "dissolve", "临时联盟", "--on", "2023-08-01")
    assert "closed 2 memberships" in result.stderr
    assert query(
        db_path,
        "SELECT left_on FROM membership m JOIN alliance a "
        "ON a.id = m.alliance_id WHERE a.name='临时联盟'",
    ) == [("2023-08-01",), ("2023-08-01",)]
    listed = json.loads(township.ok("alliance", "list", "--on", "2023-09-01", "-f", "json").stdout)
    assert {a["name"]: a["dissolved_on"] for a in listed}["临时联盟"] == "2023-08-01"


def test_problems_lists_task_alliances_below_minimum(township):
    township.ok("member", "add", "丙村", "--category", "村")
    township.ok(
        "alliance",
        "create",
        "临时联盟",
        "--kind",
        "task",
        "--member",
        "红岩村",
        "--member",
        "丙村",
        "--founded",
        "2023-04-01",
    )
    result = township.ok("member", "leave", "丙村", "临时联盟", "--on", "2023-06-01")
    assert "below its minimum of 2" in result.stderr
    problems = json.loads(
        township.ok("alliance", "list", "--problems", "--on", "2023-07-01", "-f", "json").stdout
    )
    assert [(p["name"], p["problem"]) for p in problems] == [("临时联盟", "below_minimum")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["alliance", "create", "红色联盟", "--kind", "area", "--theme", "red"],
            "an alliance named '红色联盟' already exists",
        ),
        (["alliance", "create", "X", "--kind", "galaxy"], "invalid kind 'galaxy'"),
        (["alliance", "create", "X", "--kind", "core"], "there is already a core alliance"),
        (["alliance", "create", "X", "--kind", "area"], "an area alliance needs a theme"),
        (
            ["alliance", "create", "X", "--kind", "task", "--member", "红岩村"],
            "task alliance 'X' needs at least 2 organisations; 1 given",
        ),
        (
            [
                "alliance",
                "create",
                "X",
                "--kind",
                "task",
                "--member",
                "红岩村",
                "--member",
                "无名村",
            ],
            "no organisation named '无名村'",
        ),
        (
            ["alliance", "create", "X", "--kind", "area", "--theme", "red", "--parent", "无"],
            "no alliance named '无'",
        ),
        (
            [
                "alliance",
                "create",
                "X",
                "--kind",
                "area",
                "--theme",
                "red",
                "--founded",
                "2023-02-30",
            ],
            "is not a valid date",
        ),
        (["alliance", "show", "无此联盟"], "no alliance named '无此联盟'"),
        (["alliance", "update", "红色联盟"], "nothing to update"),
        (
            ["alliance", "update", "红色联盟", "--name", "蓝色联盟"],
            "an alliance named '蓝色联盟' already exists",
        ),
        (["alliance", "dissolve", "红色联盟", "--on", "2022-12-01"], "was founded on 2023-01-01"),
        (
            ["alliance", "dissolve", "全域联盟", "--on", "2023-12-01"],
            "still has an active sub-alliance",
        ),
        (["alliance", "belt", "红色联盟", "红岩村"], "at least two organisations"),
        (
            ["alliance", "belt", "红色联盟", "红岩村", "新街社区", "--on", "2023-04-01"],
            "'新街社区' is not a member of '红色联盟'",
        ),
        (["alliance", "belt", "红色联盟", "红岩村", "红岩村"], "only once"),
    ],
)
def test_refusals_leave_the_database_unchanged(township, db_path, args, message):
    before = snapshot(db_path)
    township.refused(*args, message=message)
    assert snapshot(db_path) == before


def test_dissolved_alliance_refuses_joins(township, db_path):
    township.ok(
        "alliance",
        "create",
        "临时联盟",
        "--kind",
        "task",
        "--member",
        "红岩村",
        "--member",
        "石门村",
        "--founded",
        "2023-04-01",
    )
    township.ok("alliance", "dissolve", "临时联盟", "--on", "2023-08-01")
    before = snapshot(db_path)
    township.refused(
        "member",
        "join",
        "新街社区",
        "临时联盟",
        "--on",
        "2023-09-01",
        message="was dissolved on 2023-08-01",
    )
    township.refused(
        "alliance",
        "dissolve",
        "临时联盟",
        "--on",
        "2023-09-01",
        message="was dissolved on 2023-08-01",
    )
    assert snapshot(db_path) == before


def test_usage_errors_exit_2(township):
    result = township("alliance", "create", "X")
    assert result.exit_code == 2
    assert "--kind" in result.stderr
