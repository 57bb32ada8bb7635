"""`alliance service ...` through the CLI: the activity service list (活动服务清单), where
members and residents propose (选), an organisation takes an item up (送), the alliance
approves it (定) and an activity delivers it — in that order and no other."""

from __future__ import annotations

import json

import pytest

from tests.conftest import query, snapshot

# In the township fixture: organisations 红岩村 1, 石门村 2 (红色联盟 from 2023-03-01),
# 新街社区 3, 镇派出所 4; alliances 全域联盟 1, 红色联盟 2, 蓝色联盟 3.
RED, BLUE = 2, 3
HONGYAN, SHIMEN, XINJIE, POLICE = 1, 2, 3, 4


def items(db_path):
    return query(
        db_path,
        "SELECT id, title, alliance_id, proposed_by, proposer_kind, proposed_on, taken_by_id, "
        "taken_on, approved_on, activity_id, delivered_on FROM service_item ORDER BY id",
    )


def log_activity(cli, alliance, day, title, host, *more):
    cli.ok(
        "activity", "log", "--alliance", alliance, "--kind", "meeting", "--date", day,
        "--title", title, "--host", host, *more,
    )  # fmt: skip


@pytest.fixture
def proposed(township):
    """Item 1 for 红色联盟 proposed by a resident, item 2 for 蓝色联盟 by a party member."""
    township.ok(
        "service", "propose", "老年人防诈骗讲座", "--alliance", "红色联盟", "--by", "李大娘",
        "--resident", "--on", "2023-05-01",
    )  # fmt: skip
    township.ok(
        "service", "propose", "夜间巡逻", "--alliance", "蓝色联盟", "--by", "王强", "--member",
        "--on", "2023-05-02",
    )  # fmt: skip
    return township


# --- propose -----------------------------------------------------------------------------------


def test_propose_puts_an_item_on_the_list(proposed, db_path):
    assert items(db_path) == [
        (
            1,
            "老年人防诈骗讲座",
            RED,
            "李大娘",
            "resident",
            "2023-05-01",
            None,
            None,
            None,
            None,
            None,
        ),
        (2, "夜间巡逻", BLUE, "王强", "member", "2023-05-02", None, None, None, None, None),
    ]
    entries = query(
        db_path, "SELECT action, entity, entity_key, after FROM audit_log WHERE action = 'propose'"
    )
    assert [e[:3] for e in entries] == [
        ("propose", "service_item", "1"),
        ("propose", "service_item", "2"),
    ]
    assert json.loads(entries[0][3])["alliance"] == "红色联盟"


def test_propose_says_what_it_did(township):
    result = township.ok(
        "service", "propose", "  义诊  进村 ", "--alliance", "红色联盟", "--by", "李明", "--member",
        "--on", "2023-05-01",
    )  # fmt: skip
    assert result.stderr == "proposed service item 1: 义诊 进村\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("讲座", "--alliance", "红色联盟", "--by", "李大娘"),
            "give either --member or --resident",
        ),
        (
            ("讲座", "--alliance", "红色联盟", "--by", "李大娘", "--member", "--resident"),
            "give either --member or --resident",
        ),
        (
            (" ", "--alliance", "红色联盟", "--by", "李大娘", "--member"),
            "the title must not be empty",
        ),
        (
            ("讲座", "--alliance", "红色联盟", "--by", " ", "--member"),
            "the proposer's name must not",
        ),
        (
            ("讲座", "--alliance", "无名联盟", "--by", "李大娘", "--member"),
            "no alliance named '无名联盟'",
        ),
        (
            ("讲座", "--alliance", "红色联盟", "--by", "李大娘", "--member", "--on", "2022-12-31"),
            "alliance '红色联盟' was not active on 2022-12-31",
        ),
        (
            ("讲座", "--alliance", "红色联盟", "--by", "李大娘", "--member", "--on", "2999-01-01"),
            "--on 2999-01-01 is after the latest allowed date",
        ),
        (
            ("讲座", "--alliance", "红色联盟", "--by", "李大娘", "--member", "--on", "5/1"),
            "--on '5/1' is not a valid date",
        ),
    ],
)
def test_propose_refusals_change_nothing(township, db_path, args, message):
    township.refused_unchanged(db_path, "service", "propose", *args, message=message)


# --- take, approve, deliver --------------------------------------------------------------------


def test_an_item_goes_from_proposed_to_delivered(proposed, db_path):
    result = proposed.ok("service", "take", "1", "--org", "石门村", "--on", "2023-05-03")
    assert result.stderr == "'石门村' took up service item 1 on 2023-05-03\n"
    result = proposed.ok("service", "approve", "1", "--on", "2023-05-04")
    assert result.stderr == "approved service item 1 on 2023-05-04\n"
    log_activity(proposed, "红色联盟", "2023-05-10", "防诈骗讲座", "石门村", "--org", "红岩村")
    result = proposed.ok("service", "deliver", "1", "--activity", "1")
    assert result.stderr == "service item 1 delivered by activity 1 on 2023-05-10\n"
    assert items(db_path)[0] == (
        1, "老年人防诈骗讲座", RED, "李大娘", "resident", "2023-05-01", SHIMEN, "2023-05-03",
        "2023-05-04", 1, "2023-05-10",
    )  # fmt: skip
    trail = query(
        db_path,
        "SELECT action, before, after FROM audit_log WHERE entity = 'service_item' "
        "AND entity_key = '1' ORDER BY id",
    )
    assert [action for action, _, _ in trail] == ["propose", "take", "approve", "deliver"]
    assert json.loads(trail[1][2]) == {"taken_by": "石门村", "taken_on": "2023-05-03"}
    assert json.loads(trail[3][1]) == {"activity_id": None, "delivered_on": None}


def test_delivery_warns_when_the_organisation_that_took_it_up_was_absent(proposed, db_path):
    proposed.ok("service", "take", "1", "--org", "石门村", "--on", "2023-05-03")
    proposed.ok("service", "approve", "1", "--on", "2023-05-04")
    log_activity(proposed, "红色联盟", "2023-05-04", "讲座", "红岩村")  # the approval day is fine
    result = proposed.ok("service", "deliver", "1", "--activity", "1")
    assert result.stderr.splitlines() == [
        "service item 1 delivered by activity 1 on 2023-05-04",
        "warning: '石门村', which took up service item 1, did not take part in activity 1",
    ]
    assert items(db_path)[0][9:] == (1, "2023-05-04")


def test_quiet_keeps_the_warning(proposed):
    proposed.ok("service", "take", "1", "--org", "石门村", "--on", "2023-05-03")
    proposed.ok("service", "approve", "1", "--on", "2023-05-04")
    log_activity(proposed, "红色联盟", "2023-05-04", "讲座", "红岩村")
    result = proposed.ok("--quiet", "service", "deliver", "1", "--activity", "1")
    assert result.stderr.startswith("warning: ")


@pytest.fixture
def staged(proposed):
    """Item 1 (红色联盟) taken up by 石门村 and approved; item 2 (蓝色联盟) still proposed;
    item 3 (红色联盟) taken up by 红岩村; item 4 (红色联盟) delivered by activity 1.
    Activities: 1 and 2 in 红色联盟 (2023-05-20, 2023-05-03), 3 in 蓝色联盟."""
    cli = proposed
    cli.ok("service", "take", "1", "--org", "石门村", "--on", "2023-05-03")
    cli.ok("service", "approve", "1", "--on", "2023-05-04")
    cli.ok(
        "service", "propose", "义诊", "--alliance", "红色联盟", "--by", "李明", "--member",
        "--on", "2023-05-01",
    )  # fmt: skip
    cli.ok("service", "take", "3", "--org", "红岩村", "--on", "2023-05-02")
    cli.ok(
        "service", "propose", "文艺演出", "--alliance", "红色联盟", "--by", "赵六", "--resident",
        "--on", "2023-04-01",
    )  # fmt: skip
    cli.ok("service", "take", "4", "--org", "红岩村", "--on", "2023-04-02")
    cli.ok("service", "approve", "4", "--on", "2023-04-03")
    log_activity(cli, "红色联盟", "2023-05-20", "文艺演出", "红岩村")
    cli.ok("service", "deliver", "4", "--activity", "1")
    log_activity(cli, "红色联盟", "2023-05-03", "早先的活动", "红岩村")
    log_activity(cli, "蓝色联盟", "2023-05-20", "蓝色的活动", "新街社区")
    return cli


TAKEN = "service item 3 is at stage 'taken up' (by 红岩村 on 2023-05-02); the next step is"
APPROVED = "service item 1 is at stage 'approved' (on 2023-05-04); the next step is"
DELIVERED = "service item 4 is at stage 'delivered' (by activity 1 on 2023-05-20); nothing"
PROPOSED = "service item 2 is at stage 'proposed'; the next step is 'service take'"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # skipping a stage
        (("approve", "2", "--on", "2023-06-01"), PROPOSED),
        (("deliver", "2", "--activity", "3"), PROPOSED),
        (("deliver", "3", "--activity", "1"), TAKEN + " 'service approve'"),
        # repeating a stage
        (("take", "3", "--org", "石门村", "--on", "2023-06-01"), TAKEN + " 'service approve'"),
        (("approve", "1", "--on", "2023-06-01"), APPROVED + " 'service deliver'"),
        (("take", "1", "--org", "石门村", "--on", "2023-06-01"), APPROVED + " 'service deliver'"),
        (("deliver", "4", "--activity", "1"), DELIVERED),
        (("approve", "4", "--on", "2023-06-01"), DELIVERED),
        (("take", "4", "--org", "红岩村", "--on", "2023-06-01"), DELIVERED),
    ],
)
def test_stages_go_in_order(staged, db_path, args, message):
    staged.refused_unchanged(db_path, "service", *args, message=message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("take", "2", "--org", "红岩村", "--on", "2023-05-03"),
            "'红岩村' was not a member of '蓝色联盟' on 2023-05-03, so it cannot take up its items",
        ),
        (("take", "2", "--org", "无名村", "--on", "2023-05-03"), "no organisation named '无名村'"),
        (
            ("take", "2", "--org", "新街社区", "--on", "2023-05-01"),
            "2023-05-01 is before service item 2 was proposed (2023-05-02)",
        ),
        (
            ("take", "2", "--org", "新街社区", "--on", "2999-01-01"),
            "is after the latest allowed date",
        ),
        (("take", "9", "--org", "新街社区", "--on", "2023-06-01"), "no service item with id 9"),
        (
            ("approve", "3", "--on", "2023-05-01"),
            "2023-05-01 is before service item 3 was taken up (2023-05-02)",
        ),
        (("approve", "3", "--on", "2999-01-01"), "is after the latest allowed date"),
        (("approve", "9"), "no service item with id 9"),
        (
            ("deliver", "1", "--activity", "3"),
            "activity 3 belongs to '蓝色联盟', but service item 1 to '红色联盟'",
        ),
        (
            ("deliver", "1", "--activity", "2"),
            "activity 2 was held on 2023-05-03, before service item 1 was approved (2023-05-04)",
        ),
        (("deliver", "1", "--activity", "99"), "no activity with id 99"),
        (("deliver", "9", "--activity", "1"), "no service item with id 9"),
    ],
)
def test_step_refusals_change_nothing(staged, db_path, args, message):
    # Some messages here are the middle of the line, so not `refused_unchanged`'s prefix check.
    before = snapshot(db_path)
    result = staged.refused("service", *args, message=message)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


def test_only_a_member_on_the_day_may_take_an_item_up(township, db_path):
    township.ok(
        "service", "propose", "讲座", "--alliance", "红色联盟", "--by", "李明", "--member",
        "--on", "2023-02-01",
    )  # fmt: skip
    township.refused_unchanged(
        db_path, "service", "take", "1", "--org", "石门村", "--on", "2023-02-28",
        message="'石门村' was not a member of '红色联盟' on 2023-02-28",
    )  # fmt: skip
    township.ok("service", "take", "1", "--org", "石门村", "--on", "2023-03-01")


def test_a_dissolved_alliance_approves_nothing(proposed, db_path):
    proposed.ok("service", "take", "2", "--org", "新街社区", "--on", "2023-05-03")
    proposed.ok("alliance", "dissolve", "蓝色联盟", "--on", "2023-06-01")
    proposed.refused_unchanged(
        db_path, "service", "approve", "2", "--on", "2023-06-01",
        message="alliance '蓝色联盟' was not active on 2023-06-01",
    )  # fmt: skip
    proposed.ok("service", "approve", "2", "--on", "2023-05-31")


# --- update ------------------------------------------------------------------------------------


def texts(db_path, item_id):
    (row,) = query(
        db_path,
        f"SELECT title, proposed_by, proposer_kind, notes FROM service_item WHERE id = {item_id}",
    )
    return row


def test_update_corrects_the_description_and_audits_it(staged, db_path):
    dates_before = [row[5:] for row in items(db_path)]
    result = staged.ok(
        "service", "update", "4", "--title", " 文艺  演出进村 ", "--by", " 赵六六 ", "--member",
        "--notes", " 两场 ",
    )  # fmt: skip
    assert result.stderr == "updated service item 4: 文艺 演出进村\n"
    assert texts(db_path, 4) == ("文艺 演出进村", "赵六六", "member", "两场")
    assert [row[5:] for row in items(db_path)] == dates_before  # stages are left alone
    (entry,) = query(
        db_path,
        "SELECT entity, entity_key, before, after FROM audit_log WHERE action = 'update'",
    )
    assert entry[:2] == ("service_item", "4")
    assert json.loads(entry[2]) == {
        "title": "文艺演出",
        "proposed_by": "赵六",
        "proposer_kind": "resident",
        "notes": None,
    }
    assert json.loads(entry[3]) == {
        "title": "文艺 演出进村",
        "proposed_by": "赵六六",
        "proposer_kind": "member",
        "notes": "两场",
    }


def test_update_one_field_leaves_the_others(proposed, db_path):
    proposed.ok("service", "update", "2", "--notes", "每周五")
    assert texts(db_path, 2) == ("夜间巡逻", "王强", "member", "每周五")
    proposed.ok("service", "update", "2", "--resident")
    assert texts(db_path, 2) == ("夜间巡逻", "王强", "resident", "每周五")
    result = proposed.ok("--lang", "zh", "service", "update", "2", "--notes", "")
    assert result.stderr == "已更新服务项目 2：夜间巡逻\n"
    assert texts(db_path, 2) == ("夜间巡逻", "王强", "resident", None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1",), "nothing to update: give at least one option"),
        (("9", "--title", "讲座"), "no service item with id 9"),
        (("1", "--title", "  "), "the title must not be empty"),
        (("1", "--by", " "), "the proposer's name must not be empty"),
        (("1", "--member", "--resident"), "give either --member or --resident"),
    ],
)
def test_update_refusals_change_nothing(staged, db_path, args, message):
    staged.refused_unchanged(db_path, "service", "update", *args, message=message)


def test_update_has_no_date_options(proposed):
    assert proposed("service", "update", "1", "--on", "2023-05-02").exit_code == 2


# --- list and show -----------------------------------------------------------------------------


def test_list_goes_by_stage_then_proposal_date(staged):
    rows = json.loads(staged.ok("service", "list", "--format", "json").stdout)
    assert [(r["id"], r["stage"]) for r in rows] == [
        (2, "proposed"),
        (3, "taken"),
        (1, "approved"),
        (4, "delivered"),
    ]
    assert rows[3] == {
        "id": 4,
        "stage": "delivered",
        "title": "文艺演出",
        "alliance": "红色联盟",
        "proposed_by": "赵六",
        "proposer_kind": "resident",
        "proposed_on": "2023-04-01",
        "taken_by": "红岩村",
        "taken_on": "2023-04-02",
        "approved_on": "2023-04-03",
        "activity_id": 1,
        "delivered_on": "2023-05-20",
    }


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--alliance", "红色联盟"), [3, 1, 4]),
        (("--alliance", "蓝色联盟"), [2]),
        (("--stage", "approved"), [1]),
        (("--stage", "已送（待审定）"), [3]),
        (("--stage", "Taken up"), [3]),
        (("--stage", "delivered", "--alliance", "蓝色联盟"), []),
    ],
)
def test_list_filters(staged, args, ids):
    rows = json.loads(staged.ok("service", "list", *args, "--format", "json").stdout)
    assert [r["id"] for r in rows] == ids


def test_list_refusals(staged):
    staged.refused("service", "list", "--stage", "done", message="invalid stage 'done'")
    staged.refused("service", "list", "--alliance", "无名联盟", message="no alliance named")


def test_list_in_chinese_as_csv(staged):
    out = staged.ok("--lang", "zh", "service", "list", "--alliance", "蓝色联盟", "-f", "csv")
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeff编号,阶段,标题,联盟,提出人,提出人身份,提出日期,结对单位（送）,结对日期,"
        "审定日期（定）,活动编号,实施日期\r\n"
        "2,已选（待认领）,夜间巡逻,蓝色联盟,王强,党员,2023-05-02,,,,,\r\n"
    )


def test_show_one_item(staged):
    shown = json.loads(staged.ok("service", "show", "4", "--format", "json").stdout)
    assert shown["stage"] == "delivered"
    assert shown["activity_title"] == "文艺演出"
    assert shown["notes"] is None
    table = staged.ok("--lang", "zh", "service", "show", "4").stdout
    assert "已实施" in table and "群众" in table
    staged.refused("service", "show", "12", message="no service item with id 12")


# --- editing the delivering activity -----------------------------------------------------------


@pytest.fixture
def delivered(proposed):
    """Item 1 approved on 2023-05-04 and delivered by activity 1 of 2023-05-10."""
    proposed.ok("service", "take", "1", "--org", "石门村", "--on", "2023-05-03")
    proposed.ok("service", "approve", "1", "--on", "2023-05-04")
    log_activity(proposed, "红色联盟", "2023-05-10", "防诈骗讲座", "石门村")
    proposed.ok("service", "deliver", "1", "--activity", "1")
    return proposed


def test_moving_the_delivering_activity_moves_the_delivery(delivered, db_path):
    delivered.ok("activity", "edit", "1", "--date", "2023-05-04")
    assert items(db_path)[0][9:] == (1, "2023-05-04")
    shown = json.loads(delivered.ok("service", "show", "1", "-f", "json").stdout)
    assert shown["delivered_on"] == "2023-05-04"


def test_the_delivering_activity_cannot_move_before_the_approval(delivered, db_path):
    delivered.refused_unchanged(
        db_path, "activity", "edit", "1", "--date", "2023-05-03",
        message="activity 1 delivers service item 1 (老年人防诈骗讲座), approved on 2023-05-04: "
        "it cannot move to 2023-05-03, before the approval",
    )  # fmt: skip
