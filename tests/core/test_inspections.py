"""Cross-inspection rules tested directly (core/inspections.py): points, seeds and statuses,
planning over successive quarters against a real schema, and the points handed to scoring."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from alliance_cli.core.alliances import create_alliance
from alliance_cli.core.errors import InvalidInput, RuleViolation
from alliance_cli.core.inspections import (
    MAX_SEED,
    _quarters_of,
    default_seed,
    finding_status_code,
    inspection_points,
    list_round,
    open_findings,
    parse_points,
    plan_round,
    points_of,
    record_inspection,
    rectify_finding,
)
from alliance_cli.core.memberships import join_alliance
from alliance_cli.core.organisations import add_organisation
from alliance_cli.core.periods import parse_period
from alliance_cli.storage.engine import make_engine
from alliance_cli.storage.models import inspection, metadata

START = date(2023, 1, 1)
QUARTERS = ["2023Q1", "2023Q2", "2023Q3"]


def township(alliance_count: int, *, organisations: int = 0):
    """A fresh in-memory database with a core alliance and `alliance_count` area alliances
    (ids 2..n+1), and optionally organisations that all belong to the first of them."""
    engine = make_engine("sqlite://")
    metadata.create_all(engine)
    connection = engine.connect()
    connection.begin()
    create_alliance(connection, "全域", "core", actor="t", founded_on=START)
    for n in range(alliance_count):
        create_alliance(connection, f"联盟{n:02d}", "area", theme="red", actor="t",
                        founded_on=START)  # fmt: skip
    for n in range(organisations):
        add_organisation(connection, actor="t", name=f"村{n:02d}", category="village")
        join_alliance(connection, f"村{n:02d}", "联盟00", START, actor="t")
    return connection


def stored(connection, period: str, subject_type: str = "alliance") -> list[tuple[int, int]]:
    return [
        (row.inspector_id, row.inspected_id)
        for row in connection.execute(
            select(inspection)
            .where(inspection.c.period == period, inspection.c.subject_type == subject_type)
            .order_by(inspection.c.id)
        )
    ]


# --- small rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hundredths"),
    [("0", 0), ("100", 10000), ("85.5", 8550), (" 85.50 ", 8550), ("99.99", 9999),
     ("1e1", 1000), ("０", 0), (Decimal("60.1"), 6010), (70, 7000)],
)  # fmt: skip
def test_parse_points_accepts_0_to_100_with_two_decimals(text, hundredths):
    assert parse_points(text) == hundredths


@pytest.mark.parametrize(
    "text", ["", "-0.01", "100.01", "85.555", "1e3", "NaN", "Infinity", "-inf", "八十", "8,5"]
)
def test_parse_points_refuses_anything_else(text):
    with pytest.raises(InvalidInput) as refused:
        parse_points(text)
    assert refused.value.key == "inspection_bad_points"
    assert refused.value.params == {"value": text}


@given(st.integers(0, 10000))
def test_points_round_trip_exactly(hundredths):
    shown = points_of(hundredths)
    assert shown == Decimal(hundredths) / 100 and shown.as_tuple().exponent == -2
    assert parse_points(str(shown)) == hundredths


def test_the_default_seed_is_the_quarter_as_a_number():
    assert default_seed("2025Q2") == 20252
    assert default_seed("0001Q1") == 11
    assert default_seed("9998Q4") == 99984 <= MAX_SEED


@pytest.mark.parametrize(
    ("text", "code"),
    [("rectifying", "rectifying"), ("Rectifying", "rectifying"), ("整改中", "rectifying"),
     ("closed", "closed"), (" 已整改 ", "closed")],
)  # fmt: skip
def test_finding_status_from_code_or_chinese_label(text, code):
    assert finding_status_code(text) == code


@pytest.mark.parametrize("text", ["open", "待整改", "done", ""])
def test_a_finding_is_never_set_back_to_open(text):
    with pytest.raises(InvalidInput) as refused:
        finding_status_code(text)
    assert refused.value.key == "bad_term"


@pytest.mark.parametrize(
    ("period", "quarters"),
    [("2023Q2", ["2023Q2"]), ("2023-05", ["2023Q2"]), ("2023-12", ["2023Q4"]),
     ("2023H2", ["2023Q3", "2023Q4"]), ("2024", ["2024Q1", "2024Q2", "2024Q3", "2024Q4"])],
)  # fmt: skip
def test_the_quarters_a_period_touches(period, quarters):
    assert _quarters_of(parse_period(period)) == quarters


# --- planning over successive quarters -------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 8), st.integers(0, MAX_SEED), st.booleans())
def test_successive_quarters_keep_every_pairing_rule(count, seed, seeded):
    connection = township(count)
    subjects = list(range(2, count + 2))
    given_seed = seed if seeded else None
    plans = {}
    for period in QUARTERS:
        planned = plan_round(connection, period, seed=given_seed, actor="t")
        plans[period] = stored(connection, period)
        pairs = plans[period]
        assert [a for a, _ in pairs] == subjects
        assert sorted(b for _, b in pairs) == subjects, "everyone is inspected once"
        assert all(a != b for a, b in pairs), "nobody inspects itself"
        assert planned["seed"] == (seed if seeded else default_seed(period))
        if count >= 3:
            assert not any((b, a) in set(pairs) for a, b in pairs), "a mutual pair"
            assert planned["repeats"] == 0
    if count >= 3:
        assert not set(plans["2023Q1"]) & set(plans["2023Q2"])
        assert not set(plans["2023Q2"]) & set(plans["2023Q3"])
    # The same records and seed give the same plan, planned again from scratch...
    for period in QUARTERS:
        plan_round(connection, period, seed=given_seed, replace=True, actor="t")
        assert stored(connection, period) == plans[period]
    # ...and in another database built the same way.
    other = township(count)
    for period in QUARTERS:
        plan_round(other, period, seed=given_seed, actor="t")
        assert stored(other, period) == plans[period]
    connection.close()
    other.close()


def test_the_previous_round_skips_other_subject_types_and_gaps():
    connection = township(4, organisations=4)
    first = plan_round(connection, "2023Q1", actor="t")
    organisations = plan_round(connection, "2023Q2", subject_type="organisation", actor="t")
    later = plan_round(connection, "2023Q4", actor="t")
    assert (first["previous"], organisations["previous"], later["previous"]) == (
        None,
        None,
        "2023Q1",
    )
    assert not set(stored(connection, "2023Q1")) & set(stored(connection, "2023Q4"))
    assert {a for a, _ in stored(connection, "2023Q2", "organisation")} == {1, 2, 3, 4}


def test_replacing_keeps_the_previous_round_it_was_planned_against():
    connection = township(5)
    plan_round(connection, "2023Q1", actor="t")
    plan_round(connection, "2023Q2", seed=1, actor="t")
    replanned = plan_round(connection, "2023Q2", seed=2, replace=True, actor="t")
    assert replanned["replaced"] and replanned["previous"] == "2023Q1"
    assert not set(stored(connection, "2023Q1")) & set(stored(connection, "2023Q2"))


def test_planning_refusals():
    connection = township(3)
    plan_round(connection, "2023Q2", actor="t")
    with pytest.raises(Exception) as exists:
        plan_round(connection, "2023Q2", actor="t")
    assert exists.value.key == "inspection_plan_exists"
    assert exists.value.params == {"period": "2023Q2", "seed": 20232}
    for bad_seed in (-1, MAX_SEED + 1):
        with pytest.raises(InvalidInput) as refused:
            plan_round(connection, "2023Q3", seed=bad_seed, actor="t")
        assert refused.value.key == "inspection_bad_seed"
    with pytest.raises(RuleViolation) as too_few:
        plan_round(connection, "2023Q3", subject_type="organisation", actor="t")
    assert too_few.value.params == {"period": "2023Q3", "count": 0}
    plan_round(connection, "2023Q3", seed=MAX_SEED, actor="t")
    plan_round(connection, "2023Q4", seed=0, actor="t")


# --- recording, rectifying and the points for scoring ----------------------------------------


def recorded_round(connection, period: str, points: dict[int, str]) -> None:
    """Record the given points for the inspector ids named, inspecting whom the plan says."""
    names = {row["inspector"]: row["inspected"] for row in list_round(connection, period)}
    for inspector_id, typed in points.items():
        inspector = f"联盟{inspector_id - 2:02d}"
        record_inspection(
            connection,
            period,
            inspector=inspector,
            inspected=names[inspector],
            points=typed,
            on=parse_period(period).start,
            findings=[f"{inspector} 的发现"],
            due=parse_period(period).end,
            actor="t",
        )


def test_inspection_points_are_what_each_inspected_subject_received():
    connection = township(4)
    plan_round(connection, "2023Q2", actor="t")
    plan_round(connection, "2023Q3", actor="t")
    assert inspection_points(connection, "2023Q2") == {}
    recorded_round(connection, "2023Q2", {2: "88.5", 3: "90", 5: "0"})
    recorded_round(connection, "2023Q3", {4: "77.77"})
    target = dict(stored(connection, "2023Q2"))
    points = inspection_points(connection, "2023年第二季度")
    assert points == {
        ("alliance", target[2]): Decimal("88.50"),
        ("alliance", target[3]): Decimal("90.00"),
        ("alliance", target[5]): Decimal("0.00"),
    }
    assert all(str(value).count(".") == 1 and len(str(value).split(".")[1]) == 2
               for value in points.values())  # fmt: skip
    assert inspection_points(connection, "2023Q3") == {
        ("alliance", dict(stored(connection, "2023Q3"))[4]): Decimal("77.77")
    }
    with pytest.raises(InvalidInput):
        inspection_points(connection, "2023H1")


def test_open_findings_and_overdue_against_a_given_today():
    connection = township(3)
    plan_round(connection, "2023Q2", actor="t")
    recorded_round(connection, "2023Q2", {2: "80", 3: "85"})  # findings 1, 2 due 2023-07-01
    rectify_finding(connection, 1, "整改中", today=date(2023, 6, 1), actor="t")
    on_the_day = open_findings(connection, today=date(2023, 7, 1))
    assert [(r["id"], r["status"], r["finding_overdue"]) for r in on_the_day] == [
        (1, "rectifying", False),
        (2, "open", False),
    ]
    day_after = open_findings(connection, today=date(2023, 7, 2))
    assert [r["finding_overdue"] for r in day_after] == [True, True]
    closed = rectify_finding(connection, 2, "closed", today=date(2023, 7, 5), actor="t")
    assert closed["closed_on"] == date(2023, 7, 5)
    assert [r["id"] for r in open_findings(connection, today=date(2023, 7, 2))] == [1]
    with pytest.raises(RuleViolation) as again:
        rectify_finding(connection, 2, "rectifying", today=date(2023, 7, 6), actor="t")
    assert again.value.params == {"id": 2, "on": "2023-07-05"}
