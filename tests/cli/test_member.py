"""`alliance member ...` through the CLI: organisations, joins, leaves and history."""

from __future__ import annotations

import json

import pytest

from tests.conftest import query, snapshot


def test_add_accepts_codes_and_chinese_labels(cli, db_path):
    cli.ok(
        "member", "add", "甲村", "--category", "村", "--secretary", "张伟", "--party-members", "30"
    )
    cli.ok("member", "add", "乙协会", "--category", "association", "--level", "县级")
    cli.ok("member", "add", "丙校", "--category", "学校", "--level", "township")
    assert query(
        db_path,
        "SELECT name, category, level, secretary, party_members FROM organisation ORDER BY id",
    ) == [
        ("甲村", "village", "village", "张伟", 30),
        ("乙协会", "association", "county", None, 0),
        ("丙校", "school", "township", None, 0),
    ]


def test_an_organisation_can_be_in_several_alliances(township):
    township.ok("member", "join", "红岩村", "蓝色联盟", "--on", "2023-02-01")
    listed = json.loads(township.ok("member", "list", "--on", "2023-03-01", "-f", "json").stdout)
    by_name = {org["name"]: org["alliances"] for org in listed}
    assert by_name["红岩村"] == [
        {"alliance": "红色联盟", "role": "lead"},
        {"alliance": "蓝色联盟", "role": "member"},
    ]


def test_who_was_in_an_alliance_on_a_day(township):
    township.ok("member", "leave", "红岩村", "红色联盟", "--on", "2023-06-01")
    township.ok("member", "join", "红岩村", "红色联盟", "--on", "2023-09-01")

    def members(day):
        out = township.ok("member", "list", "--alliance", "红色联盟", "--on", day, "-f", "json")
        return [org["name"] for org in json.loads(out.stdout)]

    assert members("2023-02-01") == ["红岩村"]
    assert members("2023-05-31") == ["石门村", "红岩村"]  # code-point order
    assert members("2023-06-01") == ["石门村"]  # leaving on a day: no longer a member that day
    assert members("2023-09-01") == ["石门村", "红岩村"]


def test_history_shows_every_join_and_leave(township):
    township.ok("member", "leave", "红岩村", "红色联盟", "--on", "2023-06-01")
    township.ok("member", "join", "红岩村", "红色联盟", "--on", "2023-09-01", "--role", "member")
    township.ok("member", "join", "红岩村", "蓝色联盟", "--on", "2023-07-01")
    events = json.loads(township.ok("member", "history", "红岩村", "-f", "json").stdout)
    assert [(e["date"], e["event"], e["alliance"], e["role"]) for e in events] == [
        ("2023-01-01", "join", "红色联盟", "lead"),
        ("2023-06-01", "leave", "红色联盟", "lead"),
        ("2023-07-01", "join", "蓝色联盟", "member"),
        ("2023-09-01", "join", "红色联盟", "member"),
    ]
    zh = township.ok("--lang", "zh", "member", "history", "红岩村", "-f", "csv").stdout
    assert zh.lstrip("\ufeff").splitlines()[:2] == [
        "日期,事项,联盟,角色",
        "2023-01-01,加入,红色联盟,牵头单位",
    ]


def test_list_filters_by_category(township):
    listed = json.loads(township.ok("member", "list", "--category", "村", "-f", "json").stdout)
    assert sorted(org["name"] for org in listed) == ["石门村", "红岩村"]


def test_show_organisation(township):
    shown = json.loads(
        township.ok("member", "show", "红岩村", "--on", "2023-04-01", "-f", "json").stdout
    )
    assert shown["organisation"] == {
        "name": "红岩村",
        "category": "village",
        "level": "village",
        "secretary": "张伟",
        "party_members": 30,
        "alliances": ["红色联盟"],
    }
    assert shown["history"][0]["event"] == "join"


def test_update_organisation_is_audited(township, db_path):
    township.ok(
        "--actor",
        "王秘书",
        "member",
        "update",
        "红岩村",
        "--secretary",
        "李娜",
        "--party-members",
        "35",
    )
    assert query(
        db_path, "SELECT secretary, party_members FROM organisation WHERE name='红岩村'"
    ) == [("李娜", 35)]
    actor, before, after = query(
        db_path, "SELECT actor, before, after FROM audit_log WHERE action='update'"
    )[0]
    assert actor == "王秘书"
    assert json.loads(before)["secretary"] == "张伟"
    assert json.loads(after)["party_members"] == 35


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["member", "add", "红岩村", "--category", "村"], "an organisation named '红岩村' exists"),
        (["member", "add", "X", "--category", "planet"], "invalid category 'planet'"),
        (["member", "add", "X", "--category", "村", "--level", "省级"], "invalid level '省级'"),
        (
            ["member", "add", "X", "--category", "村", "--party-members", "-3"],
            "cannot be negative (-3)",
        ),
        (["member", "add", " ", "--category", "村"], "must not be empty"),
        (["member", "update", "无名村", "--secretary", "X"], "no organisation named '无名村'"),
        (
            ["member", "update", "红岩村", "--name", "石门村"],
            "an organisation named '石门村' exists",
        ),
        (["member", "update", "红岩村", "--party-members", "-1"], "cannot be negative"),
        (["member", "join", "无名村", "红色联盟"], "no organisation named '无名村'"),
        (["member", "join", "红岩村", "无名联盟"], "no alliance named '无名联盟'"),
        (
            ["member", "join", "红岩村", "红色联盟", "--on", "2023-05-01"],
            "'红岩村' is already a member of '红色联盟' since 2023-01-01",
        ),
        (
            ["member", "join", "新街社区", "红色联盟", "--on", "2022-12-31"],
            "was founded on 2023-01-01",
        ),
        (["member", "join", "新街社区", "红色联盟", "--role", "boss"], "invalid role 'boss'"),
        (
            ["member", "join", "新街社区", "红色联盟", "--on", "2023-13-01"],
            "'2023-13-01' is not a valid date",
        ),
        (["member", "leave", "新街社区", "红色联盟"], "'新街社区' is not a member of '红色联盟'"),
        (
            ["member", "leave", "石门村", "红色联盟", "--on", "2023-02-01"],
            "leaving on 2023-02-01 must be after the join date",
        ),
        (["member", "show", "无名村"], "no organisation named '无名村'"),
        (["member", "history", "无名村"], "no organisation named '无名村'"),
        (["member", "list", "--alliance", "无名联盟"], "no alliance named '无名联盟'"),
        (["member", "list", "--on", "yesterday"], "'yesterday' is not a valid date"),
    ],
)
def test_refusals_leave_the_database_unchanged(township, db_path, args, message):
    before = snapshot(db_path)
    township.refused(*args, message=message)
    assert snapshot(db_path) == before


def test_rejoin_before_leaving_date_is_refused(township, db_path):
    township.ok("member", "leave", "石门村", "红色联盟", "--on", "2023-06-01")
    before = snapshot(db_path)
    township.refused(
        "member",
        "join",
        "石门村",
        "红色联盟",
        "--on",
        "2023-05-01",
        message="already a member of '红色联盟' since 2023-03-01",
    )
    township.refused(
        "member",
        "leave",
        "石门村",
        "红色联盟",
        "--on",
        "2023-07-01",
        message="is not a member of '红色联盟'",
    )
    assert snapshot(db_path) == before


def test_chinese_messages(township, db_path):
    result = township.refused(
        "--lang",
        "zh",
        "member",
        "join",
        "无名村",
        "红色联盟",
        message="错误：没有名为“无名村”的成员组织",
    )
    assert result.stderr.count("\n") == 1


def test_dates_in_chinese_spellings(township, db_path):
    township.ok("member", "join", "新街社区", "红色联盟", "--on", "2023年４月5日")
    township.ok("member", "leave", "新街社区", "红色联盟", "--on", "2023/6/7")
    assert query(
        db_path,
        "SELECT joined_on, left_on FROM membership m JOIN organisation o "
        "ON o.id = m.organisation_id JOIN alliance a ON a.id = m.alliance_id "
        "WHERE o.name='新街社区' AND a.name='红色联盟'",
    ) == [("2023-04-05", "2023-06-07")]


def test_a_refused_first_command_leaves_no_database(cli, db_path):
    assert not db_path.exists()
    cli.refused("member", "join", "无名村", "无名联盟", message="no organisation named")
    assert not db_path.exists()
    cli.ok("member", "add", "甲村", "--category", "村")
    assert db_path.exists()
