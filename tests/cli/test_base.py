"""`alliance base ...` through the CLI: the clerk registers the green alliance's industry bases
(产业基地), links the organisations that run them, and looks up their expert visits."""

from __future__ import annotations

import json

import pytest

from tests.conftest import GREEN, audit, query, snapshot

# In the green fixture (tests/conftest.py): the township's organisations 红岩村 1, 石门村 2,
# 新街社区 3, 镇派出所 4 and alliances 全域联盟 1, 红色联盟 2, 蓝色联盟 3, plus 绿色联盟 4 (green)
# with 百草村 5 and 豆香村 6 (from 2023-02-01), two local experts and a mentor.


def bases_stored(db_path):
    return query(
        db_path,
        "SELECT b.name, b.product, b.alliance_id, b.notes, "
        "(SELECT group_concat(organisation_id) FROM "
        " (SELECT organisation_id FROM base_org WHERE base_id = b.id ORDER BY organisation_id)) "
        "FROM industry_base b ORDER BY b.id",
    )


# --- base add ---------------------------------------------------------------------------------


def test_add_a_base_in_a_green_alliance_with_its_organisations(green, db_path):
    result = green.ok(
        "base", "add", " 百草村中药材基地 ", "--product", "中药材", "--alliance", "绿色联盟",
        "--org", "百草村", "--org", "豆香村", "--org", "百草村", "--notes", "50 亩",
    )  # fmt: skip
    assert result.stderr == "added industry base '百草村中药材基地'\n"
    assert result.stdout == ""
    assert bases_stored(db_path) == [("百草村中药材基地", "中药材", GREEN, "50 亩", "5,6")]
    (entry,) = query(
        db_path,
        "SELECT action, entity_key, after FROM audit_log WHERE entity = 'industry_base'",
    )
    assert entry[:2] == ("add", "百草村中药材基地")
    assert json.loads(entry[2]) == {
        "alliance": "绿色联盟",
        "linked_organisations": ["百草村", "豆香村"],
        "name": "百草村中药材基地",
        "notes": "50 亩",
        "product": "中药材",
    }


def test_add_a_bare_base(green, db_path):
    green.ok("base", "add", "栗园")
    assert bases_stored(db_path) == [("栗园", None, None, None, None)]


def test_a_base_in_an_alliance_that_is_not_green_is_added_with_a_warning(green, db_path):
    result = green.ok("--quiet", "base", "add", "红色研学基地", "--alliance", "红色联盟")
    assert result.stderr == (
        "warning: '红色联盟' is not a green alliance; '红色研学基地' was put in it all the same\n"
    )
    assert bases_stored(db_path) == [("红色研学基地", None, 2, None, None)]
    chinese = green.ok("--lang", "zh", "base", "add", "治理基地", "--alliance", "蓝色联盟")
    assert "注意：“蓝色联盟”不是绿色发展联盟" in chinese.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("百草基地",), "an industry base named '百草基地' already exists"),
        (("  ",), "the name must not be empty"),
        (("新基地", "--alliance", "无名联盟"), "no alliance named '无名联盟'"),
        (("新基地", "--org", "百草村", "--org", "无名村"), "no organisation named '无名村'"),
        (("新" * 201,), "name is too long (at most 200 characters)"),
        (("新基地", "--product", "药" * 101), "--product is too long (at most 100 characters)"),
    ],
)
def test_add_refusals_change_nothing(green, db_path, args, message):
    green.ok("base", "add", "百草基地")
    before = snapshot(db_path)
    result = green.refused("base", "add", *args, message=message)
    assert result.stderr == f"error: {message}\n"
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


# --- base link --------------------------------------------------------------------------------


def test_link_more_organisations_later(green, db_path):
    green.ok("base", "add", "百草基地", "--org", "百草村")
    result = green.ok("base", "link", "百草基地", "豆香村", "红岩村")
    assert result.stderr == "'百草基地' is now linked to 豆香村、红岩村\n"
    assert bases_stored(db_path) == [("百草基地", None, None, None, "1,5,6")]
    assert query(db_path, "SELECT action, entity_key FROM audit_log WHERE entity = 'base_org'") == [
        ("link", "百草基地@豆香村"),
        ("link", "百草基地@红岩村"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("百草基地", "百草村"), "'百草村' is already linked to '百草基地'"),
        # All or nothing: 豆香村 is not linked when the next one is refused.
        (("百草基地", "豆香村", "无名村"), "no organisation named '无名村'"),
        (("百草基地", "豆香村", "豆香村"), "'豆香村' is already linked to '百草基地'"),
        (("无名基地", "豆香村"), "no industry base named '无名基地'"),
    ],
)
def test_link_refusals_change_nothing(green, db_path, args, message):
    green.ok("base", "add", "百草基地", "--org", "百草村")
    before = snapshot(db_path)
    result = green.refused("base", "link", *args, message=message)
    assert result.stderr == f"error: {message}\n"
    assert snapshot(db_path) == before


def test_link_needs_an_organisation(green):
    green.ok("base", "add", "百草基地")
    assert green("base", "link", "百草基地").exit_code == 2


# --- base list / show -------------------------------------------------------------------------


def visit(cli, expert, base, date, *extra):
    return cli.ok(
        "expert", "visit", expert, "--base", base, "--alliance", "绿色联盟", "--host", "百草村",
        "--date", date, *extra,
    )  # fmt: skip


@pytest.fixture
def bases(green):
    """Two green bases with visits, and a red one with none."""
    green.ok("base", "add", "百草基地", "--product", "中药材", "--alliance", "绿色联盟",
             "--org", "百草村", "--org", "豆香村")  # fmt: skip
    green.ok("base", "add", "豆香基地", "--product", "大豆", "--alliance", "绿色联盟",
             "--org", "豆香村")  # fmt: skip
    green.ok("--quiet", "base", "add", "红色基地", "--alliance", "红色联盟")
    visit(green, "李专家", "百草基地", "2023-05-06", "--hours", "6")
    visit(green, "王专家", "百草基地", "2023-07-01", "--title", "板栗嫁接指导")
    visit(green, "李专家", "豆香基地", "2023-06-10")
    return green


def test_list_as_json_and_csv(bases):
    listed = json.loads(bases.ok("base", "list", "-f", "json").stdout)
    assert listed == [
        {"name": "百草基地", "product": "中药材", "alliance": "绿色联盟",
         "linked_organisations": ["百草村", "豆香村"], "visits": 2, "last_visit": "2023-07-01"},
        {"name": "红色基地", "product": None, "alliance": "红色联盟",
         "linked_organisations": [], "visits": 0, "last_visit": None},
        {"name": "豆香基地", "product": "大豆", "alliance": "绿色联盟",
         "linked_organisations": ["豆香村"], "visits": 1, "last_visit": "2023-06-10"},
    ]  # fmt: skip
    assert bases.ok("base", "list", "--alliance", "绿色联盟", "-f", "csv").stdout_bytes.decode(
        "utf-8"
    ) == (
        "\ufeffname,product,alliance,linked organisations,expert visits,last visit\r\n"
        '百草基地,中药材,绿色联盟,"百草村, 豆香村",2,2023-07-01\r\n'
        "豆香基地,大豆,绿色联盟,豆香村,1,2023-06-10\r\n"
    )


def test_list_in_chinese(bases):
    out = bases.ok("--lang", "zh", "base", "list", "--alliance", "红色联盟", "-f", "csv")
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeff名称,产品,联盟,关联单位,专家服务次数,最近服务日期\r\n红色基地,,红色联盟,,0,\r\n"
    )


def test_list_refuses_an_unknown_alliance_and_is_empty_on_a_new_database(green):
    green.refused("base", "list", "--alliance", "无名联盟", message="no alliance named '无名联盟'")
    assert json.loads(green.ok("base", "list", "-f", "json").stdout) == []


def test_show_a_base_with_its_visits(bases):
    shown = json.loads(bases.ok("base", "show", "百草基地", "-f", "json").stdout)
    assert shown == {
        "base": {
            "name": "百草基地",
            "product": "中药材",
            "alliance": "绿色联盟",
            "linked_organisations": ["百草村", "豆香村"],
            "visits": 2,
            "last_visit": "2023-07-01",
            "notes": None,
        },
        "visits": [
            {"id": 1, "held_on": "2023-05-06", "base": "百草基地", "experts": ["李专家"],
             "alliance": "绿色联盟", "host": "百草村", "title": "专家服务：百草基地",
             "attendees": 1, "hours": "6.00"},
            {"id": 2, "held_on": "2023-07-01", "base": "百草基地", "experts": ["王专家"],
             "alliance": "绿色联盟", "host": "百草村", "title": "板栗嫁接指导",
             "attendees": 1, "hours": "0.00"},
        ],
    }  # fmt: skip
    table = bases.ok("base", "show", "百草基地").stdout
    assert "linked organisations  百草村, 豆香村" in table
    assert "板栗嫁接指导" in table and "专家服务：百草基地" in table


def test_show_refuses_an_unknown_base(bases, db_path):
    bases.refused_unchanged(
        db_path, "base", "show", "无名基地", message="no industry base named '无名基地'"
    )


def test_a_deleted_visit_leaves_the_base_and_counts_right(bases, db_path):
    bases.ok("activity", "delete", "1")
    assert query(db_path, "SELECT activity_id FROM activity_base ORDER BY 1") == [(2,), (3,)]
    listed = json.loads(bases.ok("base", "list", "-f", "json").stdout)
    assert [(b["name"], b["visits"]) for b in listed] == [
        ("百草基地", 1),
        ("红色基地", 0),
        ("豆香基地", 1),
    ]


# --- base update ------------------------------------------------------------------------------


def test_update_renames_and_changes_every_field(bases, db_path):
    result = bases.ok(
        "base", "update", "百草基地", "--name", " 百草村中药材基地 ", "--product", "中药材（黄精）",
        "--alliance", "绿色联盟", "--notes", "扩种到 80 亩",
    )  # fmt: skip
    assert result.stderr == "updated industry base '百草村中药材基地'\n"
    assert result.stdout == ""
    assert bases_stored(db_path)[0] == (
        "百草村中药材基地",
        "中药材（黄精）",
        GREEN,
        "扩种到 80 亩",
        "5,6",
    )
    assert audit(db_path, "industry_base", "update", decoded=True) == [
        (
            "百草基地",
            {"name": "百草基地", "product": "中药材", "alliance": "绿色联盟", "notes": None},
            {"name": "百草村中药材基地", "product": "中药材（黄精）", "alliance": "绿色联盟",
             "notes": "扩种到 80 亩"},
        )
    ]  # fmt: skip
    # The visits follow the base under its new name.
    shown = json.loads(bases.ok("base", "show", "百草村中药材基地", "-f", "json").stdout)
    assert [v["base"] for v in shown["visits"]] == ["百草村中药材基地", "百草村中药材基地"]


def test_update_clears_product_alliance_and_notes_with_empty_text(bases, db_path):
    bases.ok("base", "update", "豆香基地", "--notes", "旱作")
    bases.ok("base", "update", "豆香基地", "--product", "", "--alliance", "", "--notes", " ")
    assert bases_stored(db_path)[1] == ("豆香基地", None, None, None, "6")
    assert audit(db_path, "industry_base", "update", decoded=True)[-1][2] == {
        "name": "豆香基地",
        "product": None,
        "alliance": None,
        "notes": None,
    }


def test_moving_a_base_to_an_alliance_that_is_not_green_warns(bases, db_path):
    result = bases.ok("--quiet", "base", "update", "豆香基地", "--alliance", "蓝色联盟")
    assert result.stderr == (
        "warning: '蓝色联盟' is not a green alliance; '豆香基地' was put in it all the same\n"
    )
    assert bases_stored(db_path)[1][2] == 3
    # Only a change of alliance warns: the red base's other fields change quietly.
    assert bases.ok("base", "update", "红色基地", "--product", "研学").stderr == (
        "updated industry base '红色基地'\n"
    )
    chinese = bases.ok("--lang", "zh", "base", "update", "百草基地", "--product", "黄精")
    assert chinese.stderr == "已更新产业基地“百草基地”\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("百草基地",), "nothing to update: give at least one option"),
        (("无名基地", "--product", "茶"), "no industry base named '无名基地'"),
        (("百草基地", "--name", "豆香基地"), "an industry base named '豆香基地' already exists"),
        (("百草基地", "--name", "  "), "the name must not be empty"),
        (("百草基地", "--name", "新" * 201), "name is too long (at most 200 characters)"),
        (("百草基地", "--product", "药" * 101), "--product is too long (at most 100 characters)"),
        (("百草基地", "--alliance", "无名联盟"), "no alliance named '无名联盟'"),
    ],
)
def test_update_refusals_change_nothing(bases, db_path, args, message):
    before = snapshot(db_path)
    result = bases.refused("base", "update", *args, message=message)
    assert result.stderr == f"error: {message}\n"
    assert snapshot(db_path) == before


def test_update_to_its_own_name_is_no_duplicate(bases, db_path):
    bases.ok("base", "update", "百草基地", "--name", "百草基地", "--product", "黄精")
    assert bases_stored(db_path)[0][:2] == ("百草基地", "黄精")


# --- base unlink ------------------------------------------------------------------------------


def test_unlink_an_organisation_linked_by_mistake(bases, db_path):
    result = bases.ok("base", "unlink", "百草基地", "豆香村")
    assert result.stderr == "'百草基地' is no longer linked to 豆香村\n"
    assert bases_stored(db_path)[0] == ("百草基地", "中药材", GREEN, None, "5")
    entries = query(
        db_path,
        "SELECT action, entity_key, before, after FROM audit_log WHERE entity = 'base_org' "
        "AND action = 'unlink'",
    )
    assert [(a, k, json.loads(b), after) for a, k, b, after in entries] == [
        ("unlink", "百草基地@豆香村", {"base": "百草基地", "organisation": "豆香村"}, None)
    ]
    # Visits to the base stay.
    assert json.loads(bases.ok("base", "show", "百草基地", "-f", "json").stdout)["base"] == {
        "name": "百草基地", "product": "中药材", "alliance": "绿色联盟",
        "linked_organisations": ["百草村"], "visits": 2, "last_visit": "2023-07-01",
        "notes": None,
    }  # fmt: skip
    bases.ok("base", "unlink", "百草基地", "百草村")
    assert bases_stored(db_path)[0][4] is None
    zh = bases.ok("--lang", "zh", "base", "unlink", "豆香基地", "豆香村")
    assert zh.stderr == "产业基地“豆香基地”已取消关联 豆香村\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("百草基地", "红岩村"), "'红岩村' is not linked to '百草基地'"),
        # All or nothing: 百草村 stays linked when the next one is refused.
        (("百草基地", "百草村", "红岩村"), "'红岩村' is not linked to '百草基地'"),
        (("百草基地", "百草村", "百草村"), "'百草村' is not linked to '百草基地'"),
        (("百草基地", "无名村"), "no organisation named '无名村'"),
        (("无名基地", "百草村"), "no industry base named '无名基地'"),
    ],
)
def test_unlink_refusals_change_nothing(bases, db_path, args, message):
    before = snapshot(db_path)
    result = bases.refused("base", "unlink", *args, message=message)
    assert result.stderr == f"error: {message}\n"
    assert snapshot(db_path) == before


def test_unlink_needs_an_organisation(bases):
    assert bases("base", "unlink", "百草基地").exit_code == 2
