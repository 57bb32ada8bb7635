"""`alliance resource ...` through the CLI: the clerk records what one organisation provided to
another (要素流动) and totals it per alliance, per pair of organisations and per kind."""

from __future__ import annotations

import json

import pytest

from tests.conftest import BAICAO, DOUXIANG, GREEN, audit, query, snapshot

RED, HONGYAN, SHIMEN = 2, 1, 2


def record(cli, provider, receiver, alliance, kind, date, *amounts):
    return cli.ok(
        "resource", "record", "--from", provider, "--to", receiver, "--alliance", alliance,
        "--kind", kind, "--date", date, *amounts,
    )  # fmt: skip


def flows_stored(db_path):
    return query(
        db_path,
        "SELECT provider_id, receiver_id, alliance_id, kind, happened_on, quantity_hundredths, "
        "unit, value_fen, notes FROM resource_flow ORDER BY id",
    )


# --- resource record --------------------------------------------------------------------------


def test_record_a_value(green, db_path):
    result = record(green, "百草村", "豆香村", "绿色联盟", "technology", "2023-02-10",
                    "--value", "800", "--notes", "种植技术培训")  # fmt: skip
    assert result.stderr == "recorded resource flow 1: 百草村 to 豆香村 on 2023-02-10\n"
    assert result.stdout == ""
    assert flows_stored(db_path) == [
        (BAICAO, DOUXIANG, GREEN, "technology", "2023-02-10", None, None, 80000, "种植技术培训")
    ]
    (entry,) = query(
        db_path,
        "SELECT action, entity_key, after FROM audit_log WHERE entity = 'resource_flow'",
    )
    assert entry[:2] == ("record", "1")
    assert json.loads(entry[2]) == {
        "alliance": "绿色联盟",
        "happened_on": "2023-02-10",
        "id": 1,
        "kind": "technology",
        "notes": "种植技术培训",
        "provider": "百草村",
        "quantity": None,
        "receiver": "豆香村",
        "unit": None,
        "value_yuan": "800.00",
    }


def test_record_quantities_and_values_exactly(green, db_path):
    record(green, "豆香村", "百草村", "绿色联盟", "农产品", "2023/4/1",
           "--quantity", "１．５", "--unit", " 吨 ", "--value", "3000.50")  # fmt: skip
    record(green, "百草村", "豆香村", "绿色联盟", "劳务", "2023年5月1日",
           "--quantity", "12", "--unit", "人次")  # fmt: skip
    record(
        green,
        "百草村",
        "豆香村",
        "绿色联盟",
        "information",
        "2023-05-02",
        "--quantity",
        "0.01",
        "--unit",
        "份",
        "--value",
        "0",
    )  # given free of charge
    record(
        green, "百草村", "豆香村", "绿色联盟", "funds", "2023-05-03", "--value", "21474836.47"
    )  # the largest amount stored
    assert flows_stored(db_path) == [
        (DOUXIANG, BAICAO, GREEN, "produce", "2023-04-01", 150, "吨", 300050, None),
        (BAICAO, DOUXIANG, GREEN, "labour", "2023-05-01", 1200, "人次", None, None),
        (BAICAO, DOUXIANG, GREEN, "information", "2023-05-02", 1, "份", 0, None),
        (BAICAO, DOUXIANG, GREEN, "funds", "2023-05-03", None, None, 2147483647, None),
    ]


def test_an_identical_record_is_stored_with_a_warning(green, db_path):
    amounts = ("--quantity", "2", "--unit", "吨", "--value", "100")
    record(green, "百草村", "豆香村", "绿色联盟", "produce", "2023-05-01", *amounts)
    record(green, "百草村", "豆香村", "绿色联盟", "produce", "2023-05-01", "--value", "100")
    result = green.ok("--quiet", "resource", "record", "--from", "百草村", "--to", "豆香村",
                      "--alliance", "绿色联盟", "--kind", "农产品", "--date", "2023-05-01",
                      *amounts, "--notes", "第二车")  # fmt: skip
    assert result.stderr == (
        "warning: record 3 is identical to record 1; check it is not a double entry\n"
    )
    assert len(flows_stored(db_path)) == 3


def test_a_flow_across_alliances_needs_cross(green, db_path):
    args = ("resource", "record", "--from", "红岩村", "--to", "百草村", "--alliance", "绿色联盟",
            "--kind", "information", "--date", "2023-08-01",
            "--quantity", "3", "--unit", "份")  # fmt: skip
    green.refused_unchanged(
        db_path,
        *args,
        message="'红岩村' was not a member of '绿色联盟' on 2023-08-01 "
        "(use --cross for a flow across alliances)",
    )
    green.ok(*args, "--cross")
    assert flows_stored(db_path) == [
        (HONGYAN, BAICAO, GREEN, "information", "2023-08-01", 300, "份", None, None)
    ]


def test_cross_needs_the_outsider_in_some_alliance_and_one_side_inside(green, db_path):
    green.ok("member", "add", "无盟企业", "--category", "enterprise")
    before = snapshot(db_path)
    green.refused(
        "resource", "record", "--from", "无盟企业", "--to", "百草村", "--alliance", "绿色联盟",
        "--kind", "funds", "--date", "2023-08-01", "--value", "5", "--cross",
        message="'无盟企业' belonged to no alliance on 2023-08-01, so it cannot take part",
    )  # fmt: skip
    green.refused(
        "resource", "record", "--from", "红岩村", "--to", "新街社区", "--alliance", "绿色联盟",
        "--kind", "funds", "--date", "2023-08-01", "--value", "5", "--cross",
        message="'红岩村' was not a member of '绿色联盟' on 2023-08-01",
    )  # fmt: skip
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"--value": None}, "give a quantity (--quantity with --unit) or a value above 0"),
        ({"--value": "0"}, "give a quantity (--quantity with --unit) or a value above 0"),
        ({"--quantity": "5"}, "--quantity needs --unit"),
        ({"--unit": "吨"}, "--unit is given without --quantity"),
        ({"--quantity": "0", "--unit": "吨"}, "--quantity '0' is not valid (a number above 0"),
        ({"--quantity": "-1", "--unit": "吨"}, "--quantity '-1' is not valid"),
        ({"--quantity": "1.005", "--unit": "吨"}, "--quantity '1.005' is not valid"),
        ({"--quantity": "2", "--unit": "立方米" * 7}, "the unit is too long (at most 20"),
        ({"--value": "八百"}, "--value '八百' is not valid"),
        ({"--value": "NaN"}, "--value 'NaN' is not valid"),
        ({"--value": "-5"}, "--value '-5' is not valid"),
        ({"--value": "12.345"}, "--value '12.345' is not valid"),
        ({"--value": "21474836.48"},
         "--value '21474836.48' is too large (at most 21474836.47)"),
        ({"--value": "1e999999999"}, "--value '1e999999999' is too large"),
        ({"--to": "百草村"}, "the provider and the receiver cannot both be '百草村'"),
        ({"--from": "无名村"}, "no organisation named '无名村'"),
        ({"--alliance": "无名联盟"}, "no alliance named '无名联盟'"),
        ({"--kind": "土地"}, "invalid resource '土地'; choose one of: labour/劳务, produce/农产品"),
        ({"--date": "2999-01-01"}, "the date 2999-01-01 is after the latest allowed date"),
        ({"--date": "2023-13-01"}, "--date '2023-13-01' is not a valid date"),
        ({"--date": "2022-12-31"}, "alliance '绿色联盟' was not active on 2022-12-31"),
        ({"--date": "2023-01-31"}, "'豆香村' was not a member of '绿色联盟' on 2023-01-31"),
        ({"--from": "石门村", "--alliance": "红色联盟", "--to": "红岩村", "--date": "2023-02-01"},
         "'石门村' was not a member of '红色联盟' on 2023-02-01"),
    ],
)  # fmt: skip
def test_record_refusals_change_nothing(green, db_path, changed, message):
    record(green, "百草村", "豆香村", "绿色联盟", "funds", "2023-05-01", "--value", "1")
    before = snapshot(db_path)
    options = {"--from": "百草村", "--to": "豆香村", "--alliance": "绿色联盟", "--kind": "funds",
               "--date": "2023-05-01", "--value": "800", **changed}  # fmt: skip
    command = ["resource", "record"]
    for flag, value in options.items():
        if value is not None:
            command += [flag, value]
    result = green.refused(*command, message=message)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


def test_record_needs_from_to_alliance_and_kind(green):
    result = green("resource", "record", "--from", "百草村", "--to", "豆香村", "--value", "5")
    assert result.exit_code == 2


# --- resource list and totals -----------------------------------------------------------------


@pytest.fixture
def flows(green):
    record(green, "百草村", "豆香村", "绿色联盟", "technology", "2023-02-10", "--value", "800")
    record(green, "豆香村", "百草村", "绿色联盟", "produce", "2023-04-01",
           "--quantity", "1.5", "--unit", "吨", "--value", "3000.50")  # fmt: skip
    record(green, "百草村", "豆香村", "绿色联盟", "labour", "2023-05-01",
           "--quantity", "12", "--unit", "人次")  # fmt: skip
    record(green, "红岩村", "石门村", "红色联盟", "funds", "2023-05-02", "--value", "10000")
    record(green, "百草村", "豆香村", "绿色联盟", "produce", "2023-07-01",
           "--quantity", "2.25", "--unit", "吨", "--value", "4500")  # fmt: skip
    green.ok("resource", "record", "--from", "红岩村", "--to", "百草村", "--alliance", "绿色联盟",
             "--kind", "information", "--date", "2023-08-01", "--quantity", "3", "--unit", "份",
             "--cross", "--notes", "市场行情")  # fmt: skip
    return green


def flow_ids(cli, *args):
    return [f["id"] for f in json.loads(cli.ok("resource", "list", *args, "-f", "json").stdout)]


def test_list_as_json(flows):
    listed = json.loads(flows.ok("resource", "list", "--alliance", "红色联盟", "-f", "json").stdout)
    assert listed == [
        {"id": 4, "happened_on": "2023-05-02", "alliance": "红色联盟", "provider": "红岩村",
         "receiver": "石门村", "kind": "funds", "quantity": None, "unit": None,
         "value_yuan": "10000.00", "notes": None},
    ]  # fmt: skip
    assert flow_ids(flows) == [1, 2, 3, 4, 5, 6]


def test_list_filters(flows):
    assert flow_ids(flows, "--alliance", "绿色联盟") == [1, 2, 3, 5, 6]
    assert flow_ids(flows, "--org", "豆香村") == [1, 2, 3, 5]  # giving or receiving
    assert flow_ids(flows, "--org", "红岩村", "--alliance", "绿色联盟") == [6]
    assert flow_ids(flows, "--kind", "农产品") == [2, 5]
    assert flow_ids(flows, "--period", "2023Q2") == [2, 3, 4]
    assert flow_ids(flows, "--period", "latest") == [5, 6]
    assert flow_ids(flows, "--period", "2022") == []


def test_list_in_chinese_csv(flows):
    out = flows.ok("--lang", "zh", "resource", "list", "--kind", "produce", "-f", "csv")
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeff编号,日期,联盟,提供方,接收方,类型,数量,单位,价值（元）,备注\r\n"
        "2,2023-04-01,绿色联盟,豆香村,百草村,农产品,1.50,吨,3000.50,\r\n"
        "5,2023-07-01,绿色联盟,百草村,豆香村,农产品,2.25,吨,4500.00,\r\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--alliance", "无名联盟"), "no alliance named '无名联盟'"),
        (("--org", "无名村"), "no organisation named '无名村'"),
        (("--kind", "土地"), "invalid resource '土地'"),
        (("--period", "2023Q9"), "period '2023Q9' is not valid"),
    ],
)
def test_list_refusals(flows, args, message):
    flows.refused("resource", "list", *args, message=message)


def totals(cli, *args):
    return json.loads(cli.ok("resource", "totals", *args, "-f", "json").stdout)


def test_totals_per_alliance(flows):
    assert totals(flows) == [
        {"alliance": "红色联盟", "records": 1, "value_yuan": "10000.00", "quantities": {}},
        {"alliance": "绿色联盟", "records": 5, "value_yuan": "8300.50",
         "quantities": {"人次": "12.00", "份": "3.00", "吨": "3.75"}},
    ]  # fmt: skip
    assert totals(flows, "--period", "2023H1") == [
        {"alliance": "红色联盟", "records": 1, "value_yuan": "10000.00", "quantities": {}},
        {"alliance": "绿色联盟", "records": 3, "value_yuan": "3800.50",
         "quantities": {"人次": "12.00", "吨": "1.50"}},
    ]  # fmt: skip


def test_totals_per_pair_are_directed(flows):
    assert totals(flows, "--by", "pair", "--alliance", "绿色联盟") == [
        {"provider": "百草村", "receiver": "豆香村", "records": 3, "value_yuan": "5300.00",
         "quantities": {"人次": "12.00", "吨": "2.25"}},
        {"provider": "红岩村", "receiver": "百草村", "records": 1, "value_yuan": "0.00",
         "quantities": {"份": "3.00"}},
        {"provider": "豆香村", "receiver": "百草村", "records": 1, "value_yuan": "3000.50",
         "quantities": {"吨": "1.50"}},
    ]  # fmt: skip


def test_totals_per_kind_in_the_vocabulary_order(flows):
    per_kind = totals(flows, "--by", "kind")
    assert [(row["kind"], row["records"], row["value_yuan"]) for row in per_kind] == [
        ("labour", 1, "0.00"),
        ("produce", 2, "7500.50"),
        ("funds", 1, "10000.00"),
        ("technology", 1, "800.00"),
        ("information", 1, "0.00"),
    ]  # fmt: skip


def test_totals_as_tables_and_csv(flows):
    out = flows.ok("--lang", "zh", "resource", "totals", "--by", "kind", "--period", "2023Q2",
                   "-f", "csv")  # fmt: skip
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeff类型,记录数,价值（元）,数量合计\r\n"
        "劳务,1,0.00,12.00 人次\r\n"
        "农产品,1,3000.50,1.50 吨\r\n"
        "资金,1,10000.00,\r\n"
    )
    table = flows.ok("resource", "totals", "--by", "pair").stdout
    assert "百草村  豆香村" in table and "12.00 人次, 2.25 吨" in table


def test_totals_refusals_and_an_empty_database(green):
    assert totals(green) == []
    assert green("resource", "totals", "--by", "village").exit_code == 2
    green.refused("resource", "totals", "--period", "latest", message="no records yet")
    green.refused("resource", "totals", "--alliance", "无名联盟", message="no alliance named")


# --- resource show ----------------------------------------------------------------------------


def test_show_one_flow(flows):
    shown = json.loads(flows.ok("resource", "show", "6", "-f", "json").stdout)
    assert shown == {
        "id": 6, "happened_on": "2023-08-01", "alliance": "绿色联盟", "provider": "红岩村",
        "receiver": "百草村", "kind": "information", "quantity": "3.00", "unit": "份",
        "value_yuan": None, "notes": "市场行情",
    }  # fmt: skip
    table = flows.ok("--lang", "zh", "resource", "show", "2").stdout
    assert "农产品" in table and "3000.50" in table and "1.50" in table


def test_show_refuses_an_unknown_id(flows, db_path):
    before = snapshot(db_path)
    result = flows.refused("resource", "show", "99", message="no resource flow with id 99")
    assert result.stderr == "error: no resource flow with id 99\n"
    assert snapshot(db_path) == before
    assert flows("resource", "show", "seven").exit_code == 2


# --- resource update --------------------------------------------------------------------------


def test_update_changes_the_stored_record_and_audits_it(flows, db_path):
    result = flows.ok(
        "resource", "update", "2", "--date", "2023/4/3", "--kind", "资金", "--quantity", "",
        "--value", "3200", "--notes", " 改为折价资金 ",
    )  # fmt: skip
    assert result.stderr == "updated resource flow 2\n"
    assert result.stdout == ""
    assert flows_stored(db_path)[1] == (
        DOUXIANG, BAICAO, GREEN, "funds", "2023-04-03", None, None, 320000, "改为折价资金"
    )  # fmt: skip
    ((key, before, after),) = audit(db_path, "resource_flow", "update", decoded=True)
    assert key == "2"
    assert before == {
        "id": 2, "happened_on": "2023-04-01", "alliance": "绿色联盟", "provider": "豆香村",
        "receiver": "百草村", "kind": "produce", "quantity": "1.50", "unit": "吨",
        "value_yuan": "3000.50", "notes": None,
    }  # fmt: skip
    assert after == {
        **before, "happened_on": "2023-04-03", "kind": "funds", "quantity": None, "unit": None,
        "value_yuan": "3200.00", "notes": "改为折价资金",
    }  # fmt: skip
    zh = flows.ok("--lang", "zh", "resource", "update", "2", "--notes", "")
    assert zh.stderr == "已修改要素流动记录 2\n"
    assert flows_stored(db_path)[1][-1] is None


def test_update_parties_alliance_and_amounts(flows, db_path):
    flows.ok("resource", "update", "4", "--from", "石门村", "--to", "红岩村")
    assert flows_stored(db_path)[3][:2] == (SHIMEN, HONGYAN)
    flows.ok("resource", "update", "1", "--quantity", "2", "--unit", "人次", "--value", "")
    assert flows_stored(db_path)[0][5:8] == (200, "人次", None)
    flows.ok("resource", "update", "3", "--to", "红岩村", "--cross", "--date", "2023-05-02")
    assert flows_stored(db_path)[2][:5] == (BAICAO, HONGYAN, GREEN, "labour", "2023-05-02")


def test_a_cross_alliance_flow_stays_allowed_when_other_fields_change(flows, db_path):
    # Flow 6 was recorded with --cross: a later correction need not repeat it.
    flows.ok("resource", "update", "6", "--notes", "市场行情周报", "--quantity", "4")
    assert flows_stored(db_path)[5] == (
        HONGYAN, BAICAO, GREEN, "information", "2023-08-01", 400, "份", None, "市场行情周报"
    )  # fmt: skip


def test_update_warns_when_it_makes_a_twin(flows, db_path):
    result = flows.ok("--quiet", "resource", "update", "5", "--date", "2023-04-01",
                      "--from", "豆香村", "--to", "百草村", "--quantity", "1.5",
                      "--value", "3000.50")  # fmt: skip
    assert result.stderr == (
        "warning: record 5 is identical to record 2; check it is not a double entry\n"
    )
    # A record is never the twin of itself.
    assert flows.ok("resource", "update", "1", "--notes", "培训").stderr == (
        "updated resource flow 1\n"
    )


@pytest.mark.parametrize(
    ("flow", "args", "message"),
    [
        ("1", (), "nothing to update: give at least one option"),
        ("1", ("--cross",), "nothing to update: give at least one option"),
        ("99", ("--notes", "x"), "no resource flow with id 99"),
        ("1", ("--value", ""), "give a quantity (--quantity with --unit) or a value above 0"),
        ("1", ("--value", "0"), "give a quantity (--quantity with --unit) or a value above 0"),
        ("1", ("--value", "12.345"), "--value '12.345' is not valid"),
        ("1", ("--value", "21474836.48"), "--value '21474836.48' is too large"),
        ("1", ("--quantity", "5"), "--quantity needs --unit"),
        ("1", ("--unit", "吨"), "--unit is given without --quantity"),
        ("2", ("--unit", ""), "--quantity needs --unit"),
        ("2", ("--quantity", "-1"), "--quantity '-1' is not valid"),
        ("2", ("--unit", "立方米" * 7), "the unit is too long (at most 20"),
        ("1", ("--kind", "土地"), "invalid resource '土地'"),
        ("1", ("--date", "2999-01-01"), "the date 2999-01-01 is after the latest allowed date"),
        ("1", ("--date", "2023-13-01"), "--date '2023-13-01' is not a valid date"),
        ("1", ("--date", "2023-01-31"), "'豆香村' was not a member of '绿色联盟' on 2023-01-31"),
        ("1", ("--alliance", "红色联盟"),
         "'百草村' was not a member of '红色联盟' on 2023-02-10 (use --cross"),
        ("4", ("--date", "2022-12-31"), "alliance '红色联盟' was not active on 2022-12-31"),
        ("1", ("--to", "百草村"), "the provider and the receiver cannot both be '百草村'"),
        ("1", ("--from", "无名村"), "no organisation named '无名村'"),
        ("1", ("--alliance", "无名联盟"), "no alliance named '无名联盟'"),
        ("3", ("--to", "红岩村"),
         "'红岩村' was not a member of '绿色联盟' on 2023-05-01 (use --cross"),
        # Flow 6 crosses alliances, but never both sides outside.
        ("6", ("--to", "新街社区"), "'红岩村' was not a member of '绿色联盟' on 2023-08-01"),
    ],
)  # fmt: skip
def test_update_refusals_change_nothing(flows, db_path, flow, args, message):
    flows.refused_unchanged(db_path, "resource", "update", flow, *args, message=message)


# --- resource delete --------------------------------------------------------------------------


def test_delete_a_flow_recorded_by_mistake(flows, db_path):
    result = flows.ok("resource", "delete", "4")
    assert result.stderr == "deleted resource flow 4: 红岩村 to 石门村 on 2023-05-02\n"
    assert [row[2] for row in flows_stored(db_path)] == [GREEN] * 5
    assert audit(db_path, "resource_flow", "delete", decoded=True) == [
        (
            "4",
            {"id": 4, "happened_on": "2023-05-02", "alliance": "红色联盟", "provider": "红岩村",
             "receiver": "石门村", "kind": "funds", "quantity": None, "unit": None,
             "value_yuan": "10000.00", "notes": None},
            None,
        )
    ]  # fmt: skip
    assert totals(flows) == [
        {"alliance": "绿色联盟", "records": 5, "value_yuan": "8300.50",
         "quantities": {"人次": "12.00", "份": "3.00", "吨": "3.75"}},
    ]  # fmt: skip
    zh = flows.ok("--lang", "zh", "resource", "delete", "1")
    assert zh.stderr == "已删除要素流动记录 1：百草村 → 豆香村（2023-02-10）\n"


def test_delete_refuses_an_unknown_id(flows, db_path):
    flows.ok("resource", "delete", "4")
    before = snapshot(db_path)
    result = flows.refused("resource", "delete", "4", message="no resource flow with id 4")
    assert result.stderr == "error: no resource flow with id 4\n"
    assert snapshot(db_path) == before
