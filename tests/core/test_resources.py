"""Resource-sharing rules tested directly: exact amounts, the totals (every grouping adds up
to the whole, by hypothesis), and recording through the core against the same sums."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_cli.core.errors import AllianceError, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.resources import (
    MAX_HUNDREDTHS,
    Flow,
    Totals,
    decimal_text,
    delete_flow,
    flow_totals,
    list_flows,
    parse_amount,
    record_flow,
    show_flow,
    total_flows,
    update_flow,
)
from alliance_cli.core.vocabulary import RESOURCE_KINDS
from tests.core.conftest import township_connection

START = date(2023, 1, 1)
TODAY = date(2024, 1, 1)


# --- exact amounts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hundredths"),
    [
        ("800", 80000),
        ("12.5", 1250),
        ("12.50", 1250),
        ("12.500", 1250),  # trailing zeros are not a third place
        ("0.01", 1),
        ("１２．５", 1250),
        (" 3 ", 300),
        ("1e3", 100000),
        ("21474836.47", MAX_HUNDREDTHS),
    ],
)
def test_accepted_amounts(text, hundredths):
    assert parse_amount(text, "--value") == hundredths


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("0", "resource_bad_amount"),
        ("-1", "resource_bad_amount"),
        ("1.005", "resource_bad_amount"),
        ("1e-9", "resource_bad_amount"),
        ("abc", "resource_bad_amount"),
        ("NaN", "resource_bad_amount"),
        ("Infinity", "resource_bad_amount"),
        ("1,000", "resource_bad_amount"),
        ("21474836.48", "resource_amount_too_large"),
        ("9e999999999", "resource_amount_too_large"),
    ],
)
def test_refused_amounts(text, key):
    with pytest.raises(InvalidInput) as refused:
        parse_amount(text, "--quantity")
    assert refused.value.key == key
    assert refused.value.params["field"] == "--quantity"


def test_zero_and_nothing():
    assert parse_amount("0", "--value", allow_zero=True) == 0
    assert parse_amount("0.00", "--value", allow_zero=True) == 0
    assert parse_amount(None, "--value") is None
    assert parse_amount("  ", "--value") is None


@given(st.integers(1, MAX_HUNDREDTHS))
def test_every_stored_amount_round_trips_through_its_text(hundredths):
    shown = decimal_text(hundredths)
    assert shown == f"{hundredths // 100}.{hundredths % 100:02d}"
    assert parse_amount(shown, "--value") == hundredths


@given(st.text(max_size=12))
def test_parse_amount_never_crashes(text):
    with contextlib.suppress(InvalidInput):
        hundredths = parse_amount(text, "--value", allow_zero=True)
        assert hundredths is None or 0 <= hundredths <= MAX_HUNDREDTHS


# --- totals (pure) ----------------------------------------------------------------------------

ORGS = ["甲村", "乙村", "丙社区"]
flows_strategy = st.lists(
    st.builds(
        Flow,
        alliance=st.sampled_from(["红色", "绿色", "蓝色"]),
        provider=st.sampled_from(ORGS),
        receiver=st.sampled_from(ORGS),
        kind=st.sampled_from(list(RESOURCE_KINDS)),
        quantity_hundredths=st.none() | st.integers(1, MAX_HUNDREDTHS),
        unit=st.sampled_from(["吨", "人次", "亩"]),
        value_fen=st.none() | st.integers(0, MAX_HUNDREDTHS),
    ),
    max_size=40,
)


def summed(groups) -> Totals:
    whole = Totals()
    for totals in groups:
        whole.records += totals.records
        whole.value_fen += totals.value_fen
        for unit, amount in totals.quantities.items():
            whole.quantities[unit] = whole.quantities.get(unit, 0) + amount
    return whole


@given(flows_strategy)
def test_every_grouping_adds_up_to_the_whole(flows):
    """Totals by pair, by alliance and by kind, each summed, equal the sum over all records,
    exactly (integers, no rounding anywhere)."""
    direct = Totals()
    for flow in flows:
        direct.add(flow)
    assert direct.records == len(flows)
    assert direct.value_fen == sum(flow.value_fen or 0 for flow in flows)
    for by in ("alliance", "pair", "kind"):
        groups = total_flows(flows, by)
        assert summed(groups.values()) == direct
        assert all(totals.records > 0 for totals in groups.values())


def test_totals_of_a_few_flows():
    flows = [
        Flow("绿色", "甲村", "乙村", "produce", 150, "吨", 300050),
        Flow("绿色", "乙村", "甲村", "produce", 225, "吨", None),
        Flow("绿色", "甲村", "乙村", "labour", 1200, "人次", None),
        Flow("红色", "甲村", "乙村", "funds", None, None, 1),
    ]
    assert total_flows(flows, "pair") == {
        ("甲村", "乙村"): Totals(3, 300051, {"吨": 150, "人次": 1200}),
        ("乙村", "甲村"): Totals(1, 0, {"吨": 225}),
    }
    assert total_flows(flows, "alliance")[("绿色",)] == Totals(3, 300050, {"吨": 375, "人次": 1200})
    assert total_flows([], "kind") == {}


# --- recording through the core -----------------------------------------------------------------


def fresh_connection():
    """全域 1, 红色 2, 绿色 3; 甲村 1, 乙村 2, 丙社区 3 each in 红色 and 绿色."""
    return township_connection(
        areas=[("红色", "red"), ("绿色", "green")],
        organisations=ORGS,
        members=[(org, alliance) for org in ORGS for alliance in ("红色", "绿色")],
    )


@pytest.fixture
def connection():
    connection = fresh_connection()
    yield connection
    connection.close()


def record(connection, **changed):
    values = {
        "provider": "甲村",
        "receiver": "乙村",
        "alliance_name": "绿色",
        "kind": "funds",
        "happened_on": date(2023, 5, 1),
        "value": "1",
        **changed,
    }
    return record_flow(connection, actor="t", today=TODAY, **values)


def test_record_returns_exact_decimals_and_a_twin(connection):
    first = record(connection, quantity="1.5", unit="吨", value="3000.5", kind="农产品")
    assert (first["kind"], first["quantity"], first["value_yuan"]) == (
        "produce",
        Decimal("1.50"),
        Decimal("3000.50"),
    )
    assert first["same_as"] is None
    twin = record(connection, quantity="1.50", unit="吨", value="3000.50", kind="produce")
    assert twin["same_as"] == first["id"]
    other_day = record(
        connection, quantity="1.5", unit="吨", value="3000.5", happened_on=date(2023, 5, 2)
    )
    assert other_day["same_as"] is None


def test_future_dates_follow_the_activity_setting(connection, monkeypatch):
    with pytest.raises(RuleViolation) as refused:
        record(connection, happened_on=date(2024, 1, 2))
    assert refused.value.key == "activity_in_future"
    monkeypatch.setenv("ALLIANCE_MAX_FUTURE_DAYS", "7")
    assert record(connection, happened_on=date(2024, 1, 8))["id"] == 1


def test_the_same_organisation_on_both_sides_is_refused(connection):
    with pytest.raises(RuleViolation) as refused:
        record(connection, receiver=" 甲村 ")
    assert refused.value.key == "resource_same_org"


def test_totals_by_kind_refuse_an_unknown_grouping(connection):
    with pytest.raises(InvalidInput) as refused:
        flow_totals(connection, by="month")
    assert refused.value.key == "bad_term"


records_strategy = st.lists(
    st.tuples(
        st.sampled_from(["红色", "绿色"]),
        st.sampled_from(ORGS),
        st.sampled_from(ORGS),
        st.sampled_from(list(RESOURCE_KINDS)),
        st.none() | st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2),
        st.none() | st.decimals(min_value=Decimal("0"), max_value=Decimal("99999"), places=2),
        st.integers(1, 360),
    ),
    max_size=15,
)


@settings(max_examples=30, deadline=None)
@given(records_strategy)
def test_recorded_totals_add_up_to_the_listed_records(wanted):
    """Records made through the core (refused ones skipped): every grouping of the totals
    adds up to the exact sum of the listed records."""
    connection = fresh_connection()
    try:
        for alliance_name, provider, receiver, kind, quantity, value, day in wanted:
            with contextlib.suppress(InvalidInput, RuleViolation):
                record_flow(
                    connection,
                    provider=provider,
                    receiver=receiver,
                    alliance_name=alliance_name,
                    kind=kind,
                    happened_on=date.fromordinal(START.toordinal() + day),
                    quantity=None if quantity is None else str(quantity),
                    unit=None if quantity is None else "吨",
                    value=None if value is None else str(value),
                    actor="t",
                    today=TODAY,
                )
        listed = list_flows(connection)
        value_total = sum((row["value_yuan"] or Decimal(0) for row in listed), Decimal("0.00"))
        quantity_total = sum((row["quantity"] or Decimal(0) for row in listed), Decimal("0.00"))
        for by in ("alliance", "pair", "kind"):
            rows = flow_totals(connection, by=by)["rows"]
            assert sum(row["records"] for row in rows) == len(listed)
            assert sum((row["value_yuan"] for row in rows), Decimal(0)) == value_total
            assert (
                sum((row["quantities"].get("吨", Decimal(0)) for row in rows), Decimal(0))
                == quantity_total
            )
    finally:
        connection.close()


# --- correcting and deleting through the core ---------------------------------------------------


def update(connection, flow_id, **changed):
    return update_flow(connection, flow_id, actor="t", today=TODAY, **changed)


@pytest.mark.parametrize(
    "changed",
    [
        {"value": "0"},
        {"value": "1.005"},
        {"quantity": "2"},
        {"quantity": "2", "unit": "吨" * 21},
        {"kind": "土地"},
        {"happened_on": date(2024, 1, 2)},
        {"happened_on": date(2022, 12, 31)},
        {"receiver": "甲村"},
        {"provider": "丁村"},
        {"alliance_name": "无名"},
        {"alliance_name": "全域"},
    ],
)
def test_an_update_is_refused_exactly_as_a_record_would_be(connection, changed):
    """The same checks, not a copy of them: the refusal key and its values agree."""
    flow_id = record(connection)["id"]
    with pytest.raises(AllianceError) as as_record:
        record(connection, **changed)
    with pytest.raises(AllianceError) as as_update:
        update(connection, flow_id, **changed)
    assert (as_update.value.key, as_update.value.params) == (
        as_record.value.key,
        as_record.value.params,
    )
    assert [row["id"] for row in list_flows(connection)] == [flow_id]


def test_update_keeps_what_is_not_given_and_is_never_its_own_twin(connection):
    flow_id = record(connection, quantity="1.5", unit="吨", value="3000.5", notes="首车")["id"]
    changed = update(connection, flow_id, value="3200")
    assert changed["same_as"] is None
    assert show_flow(connection, flow_id) == {
        "id": flow_id,
        "happened_on": date(2023, 5, 1),
        "alliance": "绿色",
        "provider": "甲村",
        "receiver": "乙村",
        "kind": "funds",
        "quantity": Decimal("1.50"),
        "unit": "吨",
        "value_yuan": Decimal("3200.00"),
        "notes": "首车",
    }
    cleared = update(connection, flow_id, quantity="", notes="")
    assert (cleared["quantity"], cleared["unit"], cleared["notes"]) == (None, None, None)


def test_update_and_delete_refuse_nothing_and_unknown_ids(connection):
    with pytest.raises(InvalidInput) as refused:
        update(connection, 1)
    assert refused.value.key == "nothing_to_update"
    for act in (
        lambda: update(connection, 7, notes="x"),
        lambda: delete_flow(connection, 7, actor="t"),
    ):
        with pytest.raises(NotFound) as missing:
            act()
        assert (missing.value.key, missing.value.params) == ("unknown_flow", {"id": 7})


def test_delete_returns_the_record_and_totals_lose_it(connection):
    kept = record(connection, value="5")["id"]
    gone = record(connection, value="7", kind="technology")["id"]
    assert delete_flow(connection, gone, actor="t")["value_yuan"] == Decimal("7.00")
    assert [row["id"] for row in list_flows(connection)] == [kept]
    assert flow_totals(connection)["rows"][0]["value_yuan"] == Decimal("5.00")
