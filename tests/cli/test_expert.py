"""`alliance expert ...` through the CLI: the local-expert service team (本土专家服务团) pays
service visits to industry bases; each visit is an activity of kind expert_service."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import BAICAO, DOUXIANG, GREEN, query, snapshot


@pytest.fixture
def based(green):
    green.ok("base", "add", "百草基地", "--product", "中药材", "--alliance", "绿色联盟",
             "--org", "百草村")  # fmt: skip
    green.ok("base", "add", "豆香基地", "--alliance", "绿色联盟", "--org", "豆香村")
    return green


def visit(cli, *experts, base="百草基地", host="百草村", date="2023-05-06", extra=()):
    return cli.ok(
        "expert", "visit", *experts, "--base", base, "--alliance", "绿色联盟", "--host", host,
        "--date", date, *extra,
    )  # fmt: skip


# --- expert visit -----------------------------------------------------------------------------


def test_a_visit_is_an_expert_service_activity_naming_the_expert_and_the_base(based, db_path):
    result = visit(based, "李专家", extra=("--hours", "6"))
    assert result.stderr == "recorded expert visit 1: 专家服务：百草基地 (李专家)\n"
    assert result.stdout == ""
    assert query(
        db_path,
        "SELECT id, held_on, kind, title, alliance_id, host_id, attendees, hours_hundredths, "
        "notes FROM activity",
    ) == [(1, "2023-05-06", "expert_service", "专家服务：百草基地", GREEN, BAICAO, 1, 600, None)]
    assert query(db_path, "SELECT activity_id, organisation_id, role FROM activity_org") == [
        (1, BAICAO, "host")
    ]
    assert query(
        db_path,
        "SELECT ap.activity_id, p.name FROM activity_person ap "
        "JOIN person p ON p.id = ap.person_id",
    ) == [(1, "李专家")]
    assert query(
        db_path,
        "SELECT ab.activity_id, b.name FROM activity_base ab "
        "JOIN industry_base b ON b.id = ab.base_id",
    ) == [(1, "百草基地")]
    entries = query(
        db_path,
        "SELECT action, entity, entity_key, after FROM audit_log "
        "WHERE entity IN ('activity', 'expert_visit') ORDER BY id",
    )
    assert [entry[:3] for entry in entries] == [
        ("log", "activity", "1"),
        ("visit", "expert_visit", "1"),
    ]
    assert json.loads(entries[1][3]) == {
        "activity": 1,
        "base": "百草基地",
        "experts": ["李专家"],
        "held_on": "2023-05-06",
    }


def test_experts_visiting_together_make_one_visit(based, db_path):
    result = visit(
        based, "王专家", "李专家", "王专家", base="豆香基地", host="豆香村", date="2023年6月1日",
        extra=("--title", "大豆病虫害防治", "--attendees", "25", "--hours", "12.5",
               "--notes", "田间课堂"),
    )  # fmt: skip
    assert result.stderr == "recorded expert visit 1: 大豆病虫害防治 (王专家、李专家)\n"
    assert query(
        db_path, "SELECT held_on, title, host_id, attendees, hours_hundredths, notes FROM activity"
    ) == [("2023-06-01", "大豆病虫害防治", 6, 25, 1250, "田间课堂")]
    assert query(db_path, "SELECT activity_id, person_id FROM activity_person ORDER BY 2") == [
        (1, 1),
        (1, 2),
    ]
    # Attendees default to the number of experts.
    visit(based, "李专家", "王专家", date="2023-06-02")
    assert query(db_path, "SELECT attendees FROM activity WHERE id = 2") == [(2,)]


@pytest.mark.parametrize(
    ("experts", "changed", "message"),
    [
        (["张伟"], {}, "'张伟' is not a local expert (give the role first: "
                       "alliance person update 张伟 --add-role expert)"),
        (["李专家", "张伟"], {}, "'张伟' is not a local expert"),
        (["无名氏"], {}, "no person named '无名氏'"),
        (["李专家"], {"--base": "无名基地"}, "no industry base named '无名基地'"),
        (["李专家"], {"--host": "红岩村"},
         "'红岩村' was not a member of '绿色联盟' on 2023-05-06"),
        (["李专家"], {"--host": "豆香村", "--date": "2023-01-15"},
         "'豆香村' was not a member of '绿色联盟' on 2023-01-15"),
        (["李专家"], {"--host": "无名村"}, "no organisation named '无名村'"),
        (["李专家"], {"--alliance": "无名联盟"}, "no alliance named '无名联盟'"),
        (["李专家"], {"--date": "2022-12-01"}, "alliance '绿色联盟' was not active on 2022-12-01"),
        (["李专家"], {"--date": "2999-01-01"}, "the date 2999-01-01 is after the latest allowed"),
        (["李专家"], {"--date": "2023-02-30"}, "--date '2023-02-30' is not a valid date"),
        (["李专家"], {"--hours": "两小时"}, "volunteer hours '两小时' are not valid"),
        (["李专家"], {"--hours": "25"}, "25.00 volunteer hours is over 24 hours per person (1 "),
        (["李专家"], {"--title": "  "}, "the title must not be empty"),
        (["李专家"], {"--date": "2023-05-01"},
         "an activity with this date, alliance, host and title is already recorded (id 1)"),
    ],
)  # fmt: skip
def test_visit_refusals_change_nothing(based, db_path, experts, changed, message):
    visit(based, "李专家", date="2023-05-01")
    before = snapshot(db_path)
    options = {"--base": "百草基地", "--alliance": "绿色联盟", "--host": "百草村",
               "--date": "2023-05-06", **changed}  # fmt: skip
    command = ["expert", "visit", *experts]
    for flag, value in options.items():
        command += [flag, value]
    result = based.refused(*command, message=message)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


def test_visit_needs_an_expert_and_a_base(based):
    assert based("expert", "visit", "--base", "百草基地", "--alliance", "绿色联盟",
                 "--host", "百草村").exit_code == 2  # fmt: skip
    result = based("expert", "visit", "李专家", "--alliance", "绿色联盟", "--host", "百草村")
    assert result.exit_code == 2
    assert "--base" in result.stderr


# --- expert visits ----------------------------------------------------------------------------


@pytest.fixture
def visited(based):
    visit(based, "李专家", date="2023-02-10", extra=("--hours", "3"))
    visit(based, "王专家", "李专家", base="豆香基地", host="豆香村", date="2023-05-06")
    visit(based, "王专家", date="2023-07-01", extra=("--title", "板栗嫁接指导"))
    # An expert_service activity logged by hand: no base, no expert named.
    based.ok("activity", "log", "--alliance", "绿色联盟", "--kind", "专家服务",
             "--title", "农技咨询", "--host", "百草村", "--date", "2023-08-08")  # fmt: skip
    # Another kind of activity is not a visit.
    based.ok("activity", "log", "--alliance", "绿色联盟", "--kind", "study",
             "--title", "学习", "--host", "百草村", "--date", "2023-05-07")  # fmt: skip
    return based


def visit_ids(cli, *args):
    return [v["id"] for v in json.loads(cli.ok("expert", "visits", *args, "-f", "json").stdout)]


def test_visits_as_json(visited):
    listed = json.loads(visited.ok("expert", "visits", "-f", "json").stdout)
    assert listed == [
        {"id": 1, "held_on": "2023-02-10", "base": "百草基地", "experts": ["李专家"],
         "alliance": "绿色联盟", "host": "百草村", "title": "专家服务：百草基地",
         "attendees": 1, "hours": "3.00"},
        {"id": 2, "held_on": "2023-05-06", "base": "豆香基地", "experts": ["李专家", "王专家"],
         "alliance": "绿色联盟", "host": "豆香村", "title": "专家服务：豆香基地",
         "attendees": 2, "hours": "0.00"},
        {"id": 3, "held_on": "2023-07-01", "base": "百草基地", "experts": ["王专家"],
         "alliance": "绿色联盟", "host": "百草村", "title": "板栗嫁接指导",
         "attendees": 1, "hours": "0.00"},
        {"id": 4, "held_on": "2023-08-08", "base": None, "experts": [],
         "alliance": "绿色联盟", "host": "百草村", "title": "农技咨询",
         "attendees": 0, "hours": "0.00"},
    ]  # fmt: skip


def test_visits_filtered_by_expert_base_and_period(visited):
    assert visit_ids(visited, "--expert", "李专家") == [1, 2]
    assert visit_ids(visited, "--expert", "王专家", "--base", "百草基地") == [3]
    assert visit_ids(visited, "--base", "豆香基地") == [2]
    assert visit_ids(visited, "--period", "2023Q2") == [2]
    assert visit_ids(visited, "--period", "2023H2") == [3, 4]
    assert visit_ids(visited, "--period", "latest") == [3, 4]  # the quarter of the newest
    assert visit_ids(visited, "--period", "previous") == [2]
    assert visit_ids(visited, "--expert", "李专家", "--period", "2024") == []


def test_visits_as_chinese_csv(visited):
    out = visited.ok("--lang", "zh", "expert", "visits", "--base", "豆香基地", "-f", "csv")
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeff编号,日期,产业基地,专家,联盟,主办单位,标题,参加人数,志愿时长\r\n"
        "2,2023-05-06,豆香基地,李专家、王专家,绿色联盟,豆香村,专家服务：豆香基地,2,0.00\r\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--expert", "张伟"), "'张伟' is not a local expert"),
        (("--expert", "无名氏"), "no person named '无名氏'"),
        (("--base", "无名基地"), "no industry base named '无名基地'"),
        (("--period", "2023Q5"), "period '2023Q5' is not valid"),
    ],
)
def test_visits_refusals(visited, args, message):
    visited.refused("expert", "visits", *args, message=message)


def test_latest_visits_on_a_database_without_any(based):
    based.refused("expert", "visits", "--period", "latest", message="no records yet")


# --- expert list ------------------------------------------------------------------------------


def test_list_experts_with_their_visits(visited):
    listed = json.loads(visited.ok("expert", "list", "-f", "json").stdout)
    assert listed == [
        {"name": "李专家", "home": "百草村", "speciality": "中药材种植", "visits": 2,
         "bases_visited": 2, "last_visit": "2023-05-06"},
        {"name": "王专家", "home": "豆香村", "speciality": "板栗栽培", "visits": 2,
         "bases_visited": 2, "last_visit": "2023-07-01"},
    ]  # fmt: skip
    in_period = json.loads(visited.ok("expert", "list", "--period", "2023Q1", "-f", "json").stdout)
    assert [(e["name"], e["visits"], e["bases_visited"], e["last_visit"]) for e in in_period] == [
        ("李专家", 1, 1, "2023-02-10"),
        ("王专家", 0, 0, None),
    ]


def test_list_experts_by_speciality(visited):
    listed = json.loads(visited.ok("expert", "list", "--speciality", "板栗", "-f", "json").stdout)
    assert [e["name"] for e in listed] == ["王专家"]
    assert json.loads(visited.ok("expert", "list", "--speciality", "茶", "-f", "json").stdout) == []


def test_list_experts_in_chinese(visited):
    out = visited.ok("--lang", "zh", "expert", "list", "--speciality", "中药材", "-f", "csv")
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeff名称,所在党组织,专长,专家服务次数,服务基地数,最近服务日期\r\n"
        "李专家,百草村,中药材种植,2,2,2023-05-06\r\n"
    )


def test_list_experts_refuses_a_bad_period(visited):
    visited.refused("expert", "list", "--period", "soon", message="period 'soon' is not valid")


def test_an_edited_visit_keeps_its_experts_and_base(visited):
    visited.ok("activity", "edit", "3", "--title", "板栗嫁接现场指导", "--date", "2023-07-02")
    (edited,) = json.loads(
        visited.ok(
            "expert", "visits", "--expert", "王专家", "--base", "百草基地", "-f", "json"
        ).stdout
    )
    assert (edited["id"], edited["held_on"], edited["title"], edited["experts"]) == (
        3,
        "2023-07-02",
        "板栗嫁接现场指导",
        ["王专家"],
    )


def visit_experts(cli):
    return {
        v["id"]: v["experts"] for v in json.loads(cli.ok("expert", "visits", "-f", "json").stdout)
    }


def test_a_visit_keeps_its_experts_after_one_leaves_the_team(visited, db_path):
    visited.ok("person", "update", "李专家", "--drop-role", "expert")
    assert visit_experts(visited) == {1: ["李专家"], 2: ["李专家", "王专家"], 3: ["王专家"], 4: []}
    shown = json.loads(visited.ok("base", "show", "百草基地", "-f", "json").stdout)
    assert [v["experts"] for v in shown["visits"]] == [["李专家"], ["王专家"]]
    listed = json.loads(visited.ok("expert", "list", "-f", "json").stdout)
    assert [(e["name"], e["visits"]) for e in listed] == [("王专家", 2)]


def test_only_the_experts_a_visit_named_are_its_experts(visited, db_path):
    # 王专家 came along to visit 1 and 张伟 to visit 3, as participants, not as its experts.
    visited.ok("person", "attend", "1", "王专家")
    visited.ok("person", "attend", "3", "张伟")
    assert visit_experts(visited) == {1: ["李专家"], 2: ["李专家", "王专家"], 3: ["王专家"], 4: []}
    listed = json.loads(visited.ok("expert", "list", "-f", "json").stdout)
    assert [(e["name"], e["visits"]) for e in listed] == [("李专家", 2), ("王专家", 2)]
    assert visit_ids(visited, "--expert", "王专家") == [2, 3]


def test_an_expert_taken_off_a_visit_is_no_longer_its_expert(visited, db_path):
    visited.ok("person", "unattend", "2", "王专家")
    assert visit_experts(visited)[2] == ["李专家"]
    assert query(db_path, "SELECT activity_id, person_id FROM visit_expert WHERE activity_id = 2")
    assert visit_ids(visited, "--expert", "王专家") == [3]


def test_upgrading_an_older_database_keeps_who_served_on_each_visit(visited, db_path):
    """A file from before revision 0005 knew a visit's experts only as its participants who
    held the role; the upgrade stores those, and leaves out a participant without it."""
    visited.ok("person", "attend", "3", "张伟")
    connection = sqlite3.connect(db_path)
    connection.executescript(
        "DROP TABLE visit_expert; UPDATE alembic_version SET version_num = '0004'; "
        "DELETE FROM schema_migration WHERE revision = '0005';"
    )
    connection.close()

    assert visit_experts(visited) == {1: ["李专家"], 2: ["李专家", "王专家"], 3: ["王专家"], 4: []}
    assert query(db_path, "SELECT version_num FROM alembic_version") == [("0005",)]


# --- expert show ------------------------------------------------------------------------------


def test_show_an_expert_with_every_visit(visited):
    shown = json.loads(visited.ok("expert", "show", "李专家", "-f", "json").stdout)
    assert shown == {
        "expert": {"name": "李专家", "home": "百草村", "party_member": True,
                   "speciality": "中药材种植", "visits": 2, "bases_visited": 2,
                   "last_visit": "2023-05-06"},
        "visits": [
            {"id": 1, "held_on": "2023-02-10", "base": "百草基地", "experts": ["李专家"],
             "alliance": "绿色联盟", "host": "百草村", "title": "专家服务：百草基地",
             "attendees": 1, "hours": "3.00"},
            {"id": 2, "held_on": "2023-05-06", "base": "豆香基地", "experts": ["李专家", "王专家"],
             "alliance": "绿色联盟", "host": "豆香村", "title": "专家服务：豆香基地",
             "attendees": 2, "hours": "0.00"},
        ],
    }  # fmt: skip
    in_period = json.loads(
        visited.ok("expert", "show", "李专家", "--period", "2023Q2", "-f", "json").stdout
    )
    assert (in_period["expert"]["visits"], [v["id"] for v in in_period["visits"]]) == (1, [2])
    table = visited.ok("--lang", "zh", "expert", "show", "王专家").stdout
    assert "板栗栽培" in table and "板栗嫁接指导" in table and "专家服务记录" in table


def test_show_an_expert_without_visits(based):
    shown = json.loads(based.ok("expert", "show", "王专家", "-f", "json").stdout)
    assert shown["expert"]["visits"] == 0 and shown["expert"]["last_visit"] is None
    assert shown["visits"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("无名氏",), "no person named '无名氏'"),
        (("张伟",), "'张伟' is not a local expert"),
        (("李专家", "--period", "2023Q7"), "period '2023Q7' is not valid"),
    ],
)
def test_show_refusals(visited, db_path, args, message):
    visited.refused_unchanged(db_path, "expert", "show", *args, message=message)


# --- expert add -------------------------------------------------------------------------------


def people_stored(db_path):
    return query(
        db_path,
        "SELECT p.name, p.home_organisation_id, p.party_member, p.speciality, "
        "(SELECT group_concat(role) FROM (SELECT role FROM person_role "
        " WHERE person_id = p.id ORDER BY role)) FROM person p ORDER BY p.id",
    )


def test_add_a_new_expert(green, db_path):
    result = green.ok(
        "expert", "add", " 赵专家 ", "--home", "豆香村", "--speciality", "大豆育种",
        "--speciality", " 植保 ", "--speciality", "大豆育种",
    )  # fmt: skip
    assert result.stderr == "added local expert '赵专家' (豆香村)\n"
    assert people_stored(db_path)[-1] == ("赵专家", DOUXIANG, 1, "大豆育种、植保", "expert")
    (entry,) = query(
        db_path, "SELECT action, entity_key, after FROM audit_log WHERE entity_key = '赵专家'"
    )
    assert entry[:2] == ("add", "赵专家")
    assert json.loads(entry[2])["roles"] == ["expert"]
    listed = json.loads(green.ok("expert", "list", "--speciality", "植保", "-f", "json").stdout)
    assert [e["name"] for e in listed] == ["赵专家"]
    zh = green.ok("--lang", "zh", "expert", "add", "钱专家", "--home", "百草村")
    assert zh.stderr == "已添加本土专家“钱专家”（百草村）\n"
    assert people_stored(db_path)[-1] == ("钱专家", BAICAO, 1, None, "expert")


def test_add_gives_the_expert_role_to_someone_on_record(green, db_path):
    result = green.ok("expert", "add", "张伟", "--speciality", "电商营销")
    assert result.stderr == "'张伟' is now a local expert (红岩村)\n"
    assert people_stored(db_path)[2] == ("张伟", 1, 1, "电商营销", "expert,mentor")
    entry = query(
        db_path,
        "SELECT action, before, after FROM audit_log WHERE entity_key = '张伟' ORDER BY id DESC",
    )[0]
    assert entry[0] == "update"
    assert (json.loads(entry[1])["roles"], json.loads(entry[2])["roles"]) == (
        ["mentor"],
        ["mentor", "expert"],
    )
    assert json.loads(entry[2])["speciality"] == "电商营销"
    # The home may be repeated; without --speciality the stored one stays.
    green.ok("person", "add", "孙会计", "--home", "豆香村", "--speciality", "财务")
    green.ok("expert", "add", "孙会计", "--home", "豆香村")
    assert people_stored(db_path)[-1] == ("孙会计", DOUXIANG, 1, "财务", "expert")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("赵专家",), "'赵专家' is not on record yet: give their home organisation with --home"),
        (("赵专家", "--home", "无名村"), "no organisation named '无名村'"),
        (("  ", "--home", "百草村"), "the name must not be empty"),
        (("李专家",), "'李专家' already has the role expert/本土专家"),
        (("张伟", "--home", "百草村"),
         "'张伟' belongs to '红岩村', not '百草村' (to move them: "
         "alliance person update 张伟 --home 百草村)"),
        (("赵专家", "--home", "百草村", "--speciality", "药" * 201),
         "--speciality is too long (at most 200 characters)"),
    ],
)  # fmt: skip
def test_add_refusals_change_nothing(green, db_path, args, message):
    before = snapshot(db_path)
    result = green.refused("expert", "add", *args, message=message)
    assert result.stderr == f"error: {message}\n"
    assert snapshot(db_path) == before
