"""`alliance wish ...` through the CLI: the clerk registers residents' wishes, records who
claims and fulfils them, and publishes counts and a ranking by fulfilled wishes."""

from __future__ import annotations

import json

import pytest

from tests.conftest import publish, query, snapshot

# In the township fixture: organisations 红岩村 1, 石门村 2 (红色联盟 from 2023-03-01),
# 新街社区 3, 镇派出所 4; alliances 全域联盟 1, 红色联盟 2, 蓝色联盟 3.
CORE, RED, BLUE = 1, 2, 3
HONGYAN, SHIMEN, XINJIE, POLICE = 1, 2, 3, 4


@pytest.fixture
def people(township):
    """Two party members and a resident who is not one."""
    township.ok("person", "add", "李明", "--home", "红岩村")
    township.ok("person", "add", "王强", "--home", "新街社区")
    township.ok("person", "add", "赵六", "--home", "石门村", "--not-party-member")
    return township


@pytest.fixture
def wishes(people):
    """Wish 1 in 红岩村 (红色联盟) and wish 2 in 新街社区 (蓝色联盟), both open."""
    people.ok("wish", "add", "李大娘", "--org", "红岩村", "--on", "2023-05-04", "修缮院墙")
    people.ok("wish", "add", "陈大爷", "--org", "新街社区", "--on", "2023-05-06", "买一台轮椅")
    return people


def claims(db_path):
    return query(
        db_path,
        "SELECT wish_id, person_id, organisation_id, claimed_on, withdrawn_on FROM wish_claim "
        "ORDER BY id",
    )


# --- wish add ----------------------------------------------------------------------------------


def test_add_registers_a_wish_for_the_organisations_only_alliance(people, db_path):
    result = people.ok(
        "wish", "add", " 李大娘 ", "--org", "红岩村", "--on", "2023年5月4日", "修缮", "院墙",
        "--notes", "电话联系",
    )  # fmt: skip
    assert result.stderr == "registered wish 1 (李大娘, 红岩村, counted for 红色联盟)\n"
    assert query(db_path, "SELECT * FROM wish") == [
        (1, "李大娘", HONGYAN, RED, "修缮 院墙", "2023-05-04", None, "电话联系")
    ]
    (entry,) = query(
        db_path, "SELECT action, entity, entity_key, after FROM audit_log WHERE entity = 'wish'"
    )
    assert entry[:3] == ("add", "wish", "1")
    assert json.loads(entry[3])["alliance"] == "红色联盟"


def test_add_prefers_the_area_alliance_over_the_core_one(people, db_path):
    people.ok("member", "join", "红岩村", "全域联盟", "--on", "2023-01-01")
    people.ok("wish", "add", "李大娘", "--org", "红岩村", "--on", "2023-05-04", "修缮院墙")
    assert query(db_path, "SELECT alliance_id FROM wish") == [(RED,)]


def test_add_with_two_area_alliances_asks_for_a_choice(people, db_path):
    people.ok("member", "join", "红岩村", "蓝色联盟", "--on", "2023-02-01")
    people.refused_unchanged(
        db_path,
        "wish", "add", "李大娘", "--org", "红岩村", "--on", "2023-05-04", "修缮院墙",
        message="'红岩村' belonged to several alliances on 2023-05-04 (红色联盟, 蓝色联盟); "
        "choose one with --alliance",
    )  # fmt: skip
    people.ok(
        "wish", "add", "李大娘", "--org", "红岩村", "--on", "2023-05-04", "--alliance", "蓝色联盟",
        "修缮院墙",
    )  # fmt: skip
    assert query(db_path, "SELECT organisation_id, alliance_id FROM wish") == [(HONGYAN, BLUE)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("李大娘", "--org", "无名村", "--on", "2023-05-04", "修缮"),
            "no organisation named '无名村'",
        ),
        (
            ("李大娘", "--org", "红岩村", "--on", "2023-05-04", "--alliance", "无名联盟", "修缮"),
            "no alliance named '无名联盟'",
        ),
        (
            ("王大爷", "--org", "石门村", "--on", "2023-02-28", "--alliance", "红色联盟", "修缮"),
            "'石门村' was not a member of '红色联盟' on 2023-02-28, so the wish cannot be "
            "counted for it",
        ),
        (
            ("王大爷", "--org", "石门村", "--on", "2023-02-28", "修缮"),
            "'石门村' belonged to no alliance on 2023-02-28; a wish is counted for one of its "
            "alliances",
        ),
        (
            ("李大娘", "--org", "红岩村", "--on", "2022-12-31", "--alliance", "红色联盟", "修缮"),
            "alliance '红色联盟' was not active on 2022-12-31",
        ),
        (
            ("李大娘", "--org", "红岩村", "--on", "2999-01-01", "修缮"),
            "--on 2999-01-01 is after the latest allowed date",
        ),
        (("  ", "--org", "红岩村", "--on", "2023-05-04", "修缮"), "the resident's name must not"),
        (("李大娘", "--org", "红岩村", "--on", "2023-05-04", " "), "the wish must not be empty"),
        (("李大娘", "--org", "红岩村", "--on", "2023-02-30", "修缮"), "--on '2023-02-30' is not"),
    ],
)
def test_add_refusals_change_nothing(people, db_path, args, message):
    people.refused_unchanged(db_path, "wish", "add", *args, message=message)


def test_add_needs_an_organisation_and_content(people):
    assert people("wish", "add", "李大娘", "修缮").exit_code == 2
    assert people("wish", "add", "李大娘", "--org", "红岩村").exit_code == 2


# --- claim, withdraw, fulfil -------------------------------------------------------------------


def test_claim_by_a_party_member_or_an_organisation(wishes, db_path):
    result = wishes.ok("wish", "claim", "1", "--person", "李明", "--on", "2023-05-05")
    assert result.stderr == "wish 1 claimed by '李明' on 2023-05-05\n"
    result = wishes.ok("wish", "claim", "2", "--org", "镇派出所", "--on", "2023-05-06")
    assert result.stderr == "wish 2 claimed by '镇派出所' on 2023-05-06\n"
    assert claims(db_path) == [
        (1, 1, None, "2023-05-05", None),
        (2, None, POLICE, "2023-05-06", None),
    ]
    entries = query(
        db_path, "SELECT action, entity_key, after FROM audit_log WHERE action = 'claim'"
    )
    assert [(a, k, json.loads(v)["claimant"]) for a, k, v in entries] == [
        ("claim", "1", "李明"),
        ("claim", "2", "镇派出所"),
    ]


def test_withdraw_keeps_the_claim_and_lets_another_claim(wishes, db_path):
    wishes.ok("wish", "claim", "1", "--person", "李明", "--on", "2023-05-05")
    result = wishes.ok("wish", "withdraw", "1", "--on", "2023-05-20")
    assert result.stderr == "withdrew the claim of '李明' on wish 1 (2023-05-20)\n"
    wishes.ok("wish", "claim", "1", "--org", "红岩村", "--on", "2023-05-20")  # same day is fine
    assert claims(db_path) == [
        (1, 1, None, "2023-05-05", "2023-05-20"),
        (1, None, HONGYAN, "2023-05-20", None),
    ]
    result = wishes.ok("wish", "fulfil", "1", "--on", "2023-06-01")
    assert result.stderr == "wish 1 fulfilled on 2023-06-01 (claimed by 红岩村)\n"
    assert query(db_path, "SELECT id, fulfilled_on FROM wish ORDER BY id") == [
        (1, "2023-06-01"),
        (2, None),
    ]
    actions = query(db_path, "SELECT action FROM audit_log WHERE entity = 'wish' ORDER BY id")
    assert [a for (a,) in actions] == ["add", "add", "claim", "withdraw", "claim", "fulfil"]


@pytest.fixture
def claimed(wishes):
    """Wish 1 claimed by 李明 on 2023-05-05; wish 2 claimed and fulfilled by 新街社区."""
    wishes.ok("wish", "claim", "1", "--person", "李明", "--on", "2023-05-05")
    wishes.ok("wish", "claim", "2", "--org", "新街社区", "--on", "2023-05-07")
    wishes.ok("wish", "fulfil", "2", "--on", "2023-05-09")
    return wishes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("1", "--org", "石门村", "--on", "2023-05-06"),
            "wish 1 is already claimed by '李明' (since 2023-05-05); withdraw that claim first",
        ),
        (
            ("2", "--person", "李明", "--on", "2023-06-01"),
            "wish 2 was already fulfilled on 2023-05-09",
        ),
        (("9", "--person", "李明", "--on", "2023-06-01"), "no wish with id 9"),
        (("1", "--person", "李明", "--org", "石门村"), "give either --person or --org"),
        (("1", "--on", "2023-06-01"), "give either --person or --org"),
    ],
)
def test_claim_refusals_change_nothing(claimed, db_path, args, message):
    claimed.refused_unchanged(db_path, "wish", "claim", *args, message=message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("1", "--person", "李明", "--on", "2023-05-03"),
            "2023-05-03 is before wish 1 was registered (2023-05-04)",
        ),
        (("1", "--person", "无名氏", "--on", "2023-05-05"), "no person named '无名氏'"),
        (("1", "--org", "无名村", "--on", "2023-05-05"), "no organisation named '无名村'"),
        (
            ("1", "--person", "赵六", "--on", "2023-05-05"),
            "'赵六' is not a party member; a wish is claimed by a party member or an organisation",
        ),
        (("1", "--person", "李明", "--on", "2999-01-01"), "--on 2999-01-01 is after the latest"),
    ],
)  # fmt: skip
def test_claim_refusals_of_an_open_wish(wishes, db_path, args, message):
    wishes.refused_unchanged(db_path, "wish", "claim", *args, message=message)


def test_a_new_claim_may_not_reach_back_before_the_last_withdrawal(claimed, db_path):
    claimed.ok("wish", "withdraw", "1", "--on", "2023-05-20")
    claimed.refused_unchanged(
        db_path, "wish", "claim", "1", "--org", "石门村", "--on", "2023-05-19",
        message="2023-05-19 is before the last claim of wish 1 was withdrawn (2023-05-20)",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("withdraw", "2", "--on", "2023-06-01"), "wish 2 was already fulfilled on 2023-05-09"),
        (("withdraw", "1", "--on", "2023-05-04"), "2023-05-04 is before wish 1 was claimed"),
        (("withdraw", "1", "--on", "2999-01-01"), "is after the latest allowed date"),
        (("withdraw", "7", "--on", "2023-06-01"), "no wish with id 7"),
        (("fulfil", "2", "--on", "2023-06-01"), "wish 2 was already fulfilled on 2023-05-09"),
        (("fulfil", "1", "--on", "2023-05-04"), "before wish 1 was claimed (2023-05-05)"),
        (("fulfil", "1", "--on", "2999-01-01"), "is after the latest allowed date"),
        (("fulfil", "1", "--on", "tomorrow"), "--on 'tomorrow' is not a valid date"),
    ],
)  # fmt: skip
def test_withdraw_and_fulfil_refusals_change_nothing(claimed, db_path, args, message):
    # Some messages here are the middle of the line, so not `refused_unchanged`'s prefix check.
    before = snapshot(db_path)
    result = claimed.refused("wish", *args, message=message)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


def test_withdraw_and_fulfil_need_a_live_claim(claimed, db_path):
    claimed.ok("wish", "withdraw", "1", "--on", "2023-05-20")
    for action in ("withdraw", "fulfil"):
        claimed.refused_unchanged(
            db_path, "wish", action, "1", "--on", "2023-05-21",
            message="wish 1 has no live claim; claim it first",
        )  # fmt: skip


def test_the_allowed_future_follows_alliance_max_future_days(wishes, db_path, monkeypatch):
    from datetime import date, timedelta

    monkeypatch.setenv("ALLIANCE_MAX_FUTURE_DAYS", "3")
    soon = (date.today() + timedelta(days=3)).isoformat()
    wishes.ok("wish", "claim", "1", "--person", "李明", "--on", soon)
    assert claims(db_path)[-1][3] == soon


# --- update ------------------------------------------------------------------------------------


def stored_wish(db_path, wish_id):
    (row,) = query(
        db_path,
        "SELECT resident, organisation_id, alliance_id, content, registered_on, fulfilled_on, "
        f"notes FROM wish WHERE id = {wish_id}",
    )
    return row


def test_update_corrects_a_wish_and_audits_it(wishes, db_path):
    result = wishes.ok(
        "wish", "update", "1", "--resident", " 李大妈 ", "--content", " 修缮  院墙 ",
        "--on", "2023年5月3日", "--notes", " 电话联系 ",
    )  # fmt: skip
    assert result.stderr == "updated wish 1\n"
    assert stored_wish(db_path, 1) == (
        "李大妈",
        HONGYAN,
        RED,
        "修缮 院墙",
        "2023-05-03",
        None,
        "电话联系",
    )
    assert stored_wish(db_path, 2)[0] == "陈大爷"  # the other wish is untouched
    (entry,) = query(
        db_path,
        "SELECT entity, entity_key, before, after FROM audit_log WHERE action = 'update'",
    )
    assert entry[:2] == ("wish", "1")
    assert json.loads(entry[2]) == {
        "resident": "李大娘",
        "organisation": "红岩村",
        "alliance": "红色联盟",
        "content": "修缮院墙",
        "registered_on": "2023-05-04",
        "notes": None,
    }
    assert json.loads(entry[3]) == {
        "resident": "李大妈",
        "organisation": "红岩村",
        "alliance": "红色联盟",
        "content": "修缮 院墙",
        "registered_on": "2023-05-03",
        "notes": "电话联系",
    }


def test_update_says_so_in_chinese(wishes):
    result = wishes.ok("--lang", "zh", "wish", "update", "2", "--notes", "已电话回访")
    assert result.stderr == "已更新微心愿 2\n"


def test_empty_notes_clear_them(people, db_path):
    people.ok(
        "wish", "add", "李大娘", "--org", "红岩村", "--on", "2023-05-04", "--notes", "电话联系",
        "修缮院墙",
    )  # fmt: skip
    people.ok("wish", "update", "1", "--notes", "")
    assert stored_wish(db_path, 1)[-1] is None


def test_a_new_organisation_rechooses_the_alliance(wishes, db_path):
    wishes.ok("wish", "update", "1", "--org", "镇派出所")
    assert stored_wish(db_path, 1)[1:3] == (POLICE, BLUE)
    # on the new date: 石门村 joined 红色联盟 only on 2023-03-01
    wishes.refused_unchanged(
        db_path, "wish", "update", "1", "--org", "石门村", "--on", "2023-02-28",
        message="'石门村' belonged to no alliance on 2023-02-28; a wish is counted for one of "
        "its alliances",
    )  # fmt: skip
    wishes.ok("wish", "update", "1", "--org", "石门村", "--on", "2023-03-01")
    assert stored_wish(db_path, 1)[1:3] == (SHIMEN, RED)
    entry = query(db_path, "SELECT after FROM audit_log WHERE action = 'update' ORDER BY id")[-1]
    assert json.loads(entry[0])["alliance"] == "红色联盟"


def test_a_new_organisation_in_two_area_alliances_needs_a_choice(wishes, db_path):
    wishes.ok("member", "join", "镇派出所", "红色联盟", "--on", "2023-01-01")
    wishes.refused_unchanged(
        db_path, "wish", "update", "1", "--org", "镇派出所",
        message="'镇派出所' belonged to several alliances on 2023-05-04 (红色联盟, 蓝色联盟); "
        "choose one with --alliance",
    )  # fmt: skip
    wishes.ok("wish", "update", "1", "--org", "镇派出所", "--alliance", "红色联盟")
    assert stored_wish(db_path, 1)[1:3] == (POLICE, RED)


def test_a_new_date_keeps_the_alliance_if_it_still_holds(people, db_path):
    people.ok("member", "join", "石门村", "全域联盟", "--on", "2023-01-01")
    people.ok("wish", "add", "王大爷", "--org", "石门村", "--on", "2023-05-04", "路灯")
    assert stored_wish(db_path, 1)[1:3] == (SHIMEN, RED)
    # on 2023-02-28 石门村 was only in 全域联盟: the wish is not moved there silently
    people.refused_unchanged(
        db_path, "wish", "update", "1", "--on", "2023-02-28",
        message="'石门村' was not a member of '红色联盟' on 2023-02-28, so the wish cannot be "
        "counted for it",
    )  # fmt: skip
    people.ok("wish", "update", "1", "--on", "2023-02-28", "--alliance", "全域联盟")
    assert stored_wish(db_path, 1)[1:5] == (SHIMEN, CORE, "路灯", "2023-02-28")


def test_a_named_alliance_is_checked_as_when_adding(wishes, db_path):
    wishes.refused_unchanged(
        db_path, "wish", "update", "1", "--alliance", "蓝色联盟",
        message="'红岩村' was not a member of '蓝色联盟' on 2023-05-04, so the wish cannot be "
        "counted for it",
    )  # fmt: skip
    wishes.ok("member", "join", "红岩村", "全域联盟", "--on", "2023-01-01")
    wishes.ok("wish", "update", "1", "--alliance", "全域联盟")
    assert stored_wish(db_path, 1)[1:3] == (HONGYAN, CORE)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1",), "nothing to update: give at least one option"),
        (("9", "--notes", "x"), "no wish with id 9"),
        (("1", "--content", "  "), "the wish must not be empty"),
        (("1", "--resident", " "), "the resident's name must not be empty"),
        (("1", "--on", "2999-01-01"), "--on 2999-01-01 is after the latest allowed date"),
        (("1", "--on", "2023-02-30"), "--on '2023-02-30' is not"),
        (
            ("1", "--on", "2023-05-06"),
            "2023-05-06 is after wish 1 was first claimed (2023-05-05); a wish is registered "
            "before it is claimed",
        ),
        (("2", "--on", "2023-05-10"), "is after wish 2 was first claimed (2023-05-07)"),
        (("1", "--org", "无名村"), "no organisation named '无名村'"),
        (("1", "--alliance", "无名联盟"), "no alliance named '无名联盟'"),
        (
            ("1", "--on", "2022-12-31"),
            "alliance '红色联盟' was not active on 2022-12-31",
        ),
    ],
)
def test_update_refusals_change_nothing(claimed, db_path, args, message):
    # Some messages here are the middle of the line, so not `refused_unchanged`'s prefix check.
    before = snapshot(db_path)
    result = claimed.refused("wish", "update", *args, message=message)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


def test_a_withdrawn_first_claim_still_bounds_the_registration_date(claimed, db_path):
    claimed.ok("wish", "withdraw", "1", "--on", "2023-05-20")
    claimed.ok("wish", "claim", "1", "--org", "红岩村", "--on", "2023-05-21")
    claimed.refused_unchanged(
        db_path, "wish", "update", "1", "--on", "2023-05-10",
        message="2023-05-10 is after wish 1 was first claimed (2023-05-05)",
    )  # fmt: skip
    claimed.ok("wish", "update", "1", "--on", "2023-05-05")  # the claim day itself is fine
    assert stored_wish(db_path, 1)[4] == "2023-05-05"


def test_a_fulfilled_wish_can_still_be_corrected(claimed, db_path):
    claimed.ok("wish", "update", "2", "--content", "买一辆轮椅", "--on", "2023-05-01")
    assert stored_wish(db_path, 2) == (
        "陈大爷",
        XINJIE,
        BLUE,
        "买一辆轮椅",
        "2023-05-01",
        "2023-05-09",
        None,
    )


LOCKED_Q1 = "2023Q1 is locked: its airing was published on 2023-10-08 09:30 by 王芳"


def test_a_wish_registered_in_a_locked_quarter_is_frozen(people, db_path):
    people.ok("wish", "add", "李大娘", "--org", "红岩村", "--on", "2023-03-20", "修缮院墙")
    people.ok("wish", "add", "陈大爷", "--org", "新街社区", "--on", "2023-04-06", "轮椅")
    publish(db_path, "2023Q1")
    for args in (("--notes", "x"), ("--on", "2023-04-02"), ("--org", "镇派出所")):
        people.refused_unchanged(db_path, "wish", "update", "1", *args, message=LOCKED_Q1)
    # nor may a wish move into the locked quarter
    people.refused_unchanged(
        db_path, "wish", "update", "2", "--on", "2023-03-31", message=LOCKED_Q1
    )
    people.ok("wish", "update", "2", "--on", "2023-04-01")


def test_a_new_organisation_is_refused_when_the_fulfilment_is_locked(people, db_path):
    people.ok("wish", "add", "李大娘", "--org", "红岩村", "--on", "2023-06-20", "修缮院墙")
    people.ok("wish", "claim", "1", "--person", "李明", "--on", "2023-06-21")
    people.ok("wish", "fulfil", "1", "--on", "2023-07-02")
    publish(db_path, "2023Q3")
    people.refused_unchanged(
        db_path, "wish", "update", "1", "--org", "镇派出所",
        message="2023Q3 is locked",
    )  # fmt: skip
    people.ok("wish", "update", "1", "--notes", "已回访")  # counted for the same: allowed
    assert stored_wish(db_path, 1)[-1] == "已回访"


# --- list and show -----------------------------------------------------------------------------


def test_list_shows_status_and_current_claimant_as_json(claimed):
    claimed.ok("wish", "add", "孙阿姨", "--org", "石门村", "--on", "2023-07-01", "路灯")
    rows = json.loads(claimed.ok("wish", "list", "--format", "json").stdout)
    assert [(r["id"], r["wish_status"], r["claimant"], r["claimed_on"]) for r in rows] == [
        (1, "claimed", "李明", "2023-05-05"),
        (2, "fulfilled", "新街社区", "2023-05-07"),
        (3, "open", None, None),
    ]
    assert rows[0] == {
        "id": 1,
        "registered_on": "2023-05-04",
        "resident": "李大娘",
        "organisation": "红岩村",
        "alliance": "红色联盟",
        "content": "修缮院墙",
        "wish_status": "claimed",
        "claimant": "李明",
        "claimed_on": "2023-05-05",
        "fulfilled_on": None,
    }


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--status", "open"), [3]),
        (("--status", "已认领"), [1]),
        (("--status", "fulfilled"), [2]),
        (("--alliance", "红色联盟"), [1, 3]),
        (("--org", "新街社区"), [2]),
        (("--period", "2023Q2"), [1, 2]),
        (("--period", "2023-07"), [3]),
        (("--period", "latest"), [3]),  # the quarter of the newest wish record: 2023Q3
        (("--alliance", "红色联盟", "--status", "open"), [3]),
    ],
)
def test_list_filters(claimed, args, ids):
    claimed.ok("wish", "add", "孙阿姨", "--org", "石门村", "--on", "2023-07-01", "路灯")
    rows = json.loads(claimed.ok("wish", "list", *args, "--format", "json").stdout)
    assert [r["id"] for r in rows] == ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--status", "done"), "invalid wish_status 'done'; choose one of: open/待认领"),
        (("--period", "2023Q5"), "period '2023Q5' is not valid"),
        (("--alliance", "无名联盟"), "no alliance named '无名联盟'"),
        (("--org", "无名村"), "no organisation named '无名村'"),
    ],
)
def test_list_refusals(claimed, args, message):
    claimed.refused("wish", "list", *args, message=message)


def test_list_in_chinese_as_csv(claimed):
    out = claimed.ok("--lang", "zh", "wish", "list", "--status", "fulfilled", "--format", "csv")
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeff编号,登记日期,群众,单位,联盟,心愿内容,状态,认领人,认领日期,实现日期\r\n"
        "2,2023-05-06,陈大爷,新街社区,蓝色联盟,买一台轮椅,已实现,新街社区,2023-05-07,2023-05-09\r\n"
    )


def test_show_lists_every_claim(claimed):
    claimed.ok("wish", "withdraw", "1", "--on", "2023-05-20")
    claimed.ok("wish", "claim", "1", "--org", "红岩村", "--on", "2023-05-21")
    shown = json.loads(claimed.ok("wish", "show", "1", "--format", "json").stdout)
    assert shown["wish"]["wish_status"] == "claimed"
    assert shown["wish"]["claimant"] == "红岩村"
    assert shown["claims"] == [
        {
            "claimant": "李明",
            "claimant_kind": "person",
            "claimed_on": "2023-05-05",
            "withdrawn_on": "2023-05-20",
        },
        {
            "claimant": "红岩村",
            "claimant_kind": "organisation",
            "claimed_on": "2023-05-21",
            "withdrawn_on": None,
        },
    ]
    table = claimed.ok("--lang", "zh", "wish", "show", "1").stdout
    assert "党员" in table and "组织" in table and "已认领" in table


def test_show_an_unknown_wish(claimed):
    claimed.refused("wish", "show", "42", message="no wish with id 42")


# --- stats -------------------------------------------------------------------------------------


@pytest.fixture
def quarter(people):
    """In 2023Q2: 红岩村 fulfils 2 of its 3 wishes (one carried over from Q1), 新街社区 and
    镇派出所 fulfil 1 each, 石门村 none; a claim withdrawn inside the quarter does not count."""
    cli = people
    add = lambda org, day: cli.ok("wish", "add", "居民", "--org", org, "--on", day, "心愿")  # noqa: E731
    add("红岩村", "2023-03-20")  # 1: carried over into Q2
    add("红岩村", "2023-04-02")  # 2
    add("红岩村", "2023-06-01")  # 3: claimed at the end of Q2, fulfilled in Q3
    add("新街社区", "2023-04-10")  # 4
    add("镇派出所", "2023-05-10")  # 5
    add("石门村", "2023-05-11")  # 6: claimed then withdrawn in Q2
    add("红岩村", "2023-07-02")  # 7: after Q2
    for wish_id, day in (("1", "2023-03-21"), ("2", "2023-04-03"), ("3", "2023-06-02")):
        cli.ok("wish", "claim", wish_id, "--person", "李明", "--on", day)
    cli.ok("wish", "claim", "4", "--org", "新街社区", "--on", "2023-04-11")
    cli.ok("wish", "claim", "5", "--person", "王强", "--on", "2023-05-10")
    cli.ok("wish", "claim", "6", "--org", "石门村", "--on", "2023-05-12")
    cli.ok("wish", "withdraw", "6", "--on", "2023-06-01")
    for wish_id, day in (("1", "2023-04-05"), ("2", "2023-06-30"), ("4", "2023-05-01")):
        cli.ok("wish", "fulfil", wish_id, "--on", day)
    cli.ok("wish", "fulfil", "5", "--on", "2023-06-15")
    cli.ok("wish", "fulfil", "3", "--on", "2023-07-03")
    return cli


def stats(cli, *args):
    return json.loads(cli.ok("wish", "stats", *args, "--format", "json").stdout)


def test_stats_by_organisation_rank_by_fulfilled_wishes(quarter):
    rows = stats(quarter, "--period", "2023Q2", "--by", "org")
    shown = [
        (r["rank"], r["organisation"], r["registered"], r["carried_over"], r["wishes_due"],
         r["claimed"], r["fulfilled"], r["claim_rate"], r["fulfilment_rate"])
        for r in rows
    ]  # fmt: skip
    assert shown == [
        (1, "红岩村", 2, 1, 3, 3, 2, "100.00", "66.67"),
        (2, "新街社区", 1, 0, 1, 1, 1, "100.00", "100.00"),
        (2, "镇派出所", 1, 0, 1, 1, 1, "100.00", "100.00"),
        (4, "石门村", 1, 0, 1, 0, 0, "0.00", "0.00"),
    ]


def test_stats_by_alliance_lists_alliances_without_wishes(quarter):
    rows = stats(quarter, "--period", "2023Q2")
    assert rows == [
        {
            "rank": 1,
            "alliance": "红色联盟",
            "registered": 3,
            "carried_over": 1,
            "wishes_due": 4,
            "claimed": 3,
            "fulfilled": 2,
            "claim_rate": "75.00",
            "fulfilment_rate": "50.00",
        },
        {
            "rank": 1,
            "alliance": "蓝色联盟",
            "registered": 2,
            "carried_over": 0,
            "wishes_due": 2,
            "claimed": 2,
            "fulfilled": 2,
            "claim_rate": "100.00",
            "fulfilment_rate": "100.00",
        },
        {
            "rank": 3,
            "alliance": "全域联盟",
            "registered": 0,
            "carried_over": 0,
            "wishes_due": 0,
            "claimed": 0,
            "fulfilled": 0,
            "claim_rate": None,
            "fulfilment_rate": None,
        },
    ]


def test_stats_in_the_next_quarter_carry_over_what_is_not_fulfilled(quarter):
    rows = stats(quarter, "--period", "2023Q3", "--by", "org", "--alliance", "红色联盟")
    shown = [(r["organisation"], r["registered"], r["carried_over"], r["fulfilled"]) for r in rows]
    assert shown == [("红岩村", 1, 1, 1), ("石门村", 0, 1, 0)]


def test_stats_over_all_time_and_latest(quarter):
    ever = stats(quarter, "--by", "org")
    assert [(r["organisation"], r["registered"], r["fulfilled"]) for r in ever] == [
        ("红岩村", 4, 3),
        ("新街社区", 1, 1),
        ("镇派出所", 1, 1),
        ("石门村", 1, 0),
    ]
    assert stats(quarter, "--period", "latest") == stats(quarter, "--period", "2023Q3")
    assert stats(quarter, "--period", "previous") == stats(quarter, "--period", "2023Q2")


def test_stats_table_in_chinese_has_a_title_free_table(quarter):
    out = quarter.ok("--lang", "zh", "wish", "stats", "--period", "2023Q2", "--format", "md").stdout
    header = out.splitlines()[0]
    for label in ("排名", "联盟", "新登记", "上期结转", "应办", "已认领", "已实现", "实现率（%）"):
        assert label in header
    (core_row,) = [line for line in out.splitlines() if "全域联盟" in line]
    assert core_row.split("|")[1].strip() == "3"


def test_stats_refusals(quarter):
    quarter.refused("wish", "stats", "--period", "2023Q9", message="period '2023Q9' is not valid")
    quarter.refused(
        "wish", "stats", "--alliance", "无名联盟", message="no alliance named '无名联盟'"
    )
    assert quarter("wish", "stats", "--by", "village").exit_code == 2


def test_stats_on_an_empty_township(township):
    rows = stats(township, "--period", "2023Q2")
    assert [r["alliance"] for r in rows] == ["全域联盟", "红色联盟", "蓝色联盟"]
    assert all(r["rank"] == 1 and r["fulfilment_rate"] is None for r in rows)
    township.refused(
        "wish", "stats", "--period", "latest", message="no records yet, so there is no latest"
    )
