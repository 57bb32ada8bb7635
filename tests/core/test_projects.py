"""Project rules tested directly: percentages, exact completion rates, how one project counts
in a period, and the per-alliance and per-organisation figures against a brute-force count."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from alliance_cli.core import dates
from alliance_cli.core.errors import InvalidInput, RuleViolation
from alliance_cli.core.organisations import update_organisation
from alliance_cli.core.periods import Period, parse_period
from alliance_cli.core.projects import (
    UNCHANGED,
    Counted,
    add_project,
    completion_by_alliance,
    completion_by_organisation,
    completion_rate,
    count_project,
    list_projects,
    note_progress,
    parse_percent,
    show_project,
    update_project,
)
from alliance_cli.storage.models import project
from tests.core.conftest import township_connection

START = date(2023, 1, 1)
TODAY = date(2024, 12, 31)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: TODAY)


# --- percentages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0", 0),
        ("60", 60),
        ("100", 100),
        ("60%", 60),
        (" 7 ", 7),
        ("６０％", 60),
        ("+5", 5),
        (42, 42),
    ],
)
def test_parse_percent_accepts_whole_numbers_up_to_100(text, number):
    assert parse_percent(text) == number


@pytest.mark.parametrize(
    "text", ["101", "-1", "50.5", "abc", "", "%", "1000", "60 %%", "五十", -3, 101, True]
)
def test_parse_percent_refuses_anything_else(text):
    with pytest.raises(InvalidInput) as refused:
        parse_percent(text)
    assert refused.value.key == "project_bad_percent"
    assert refused.value.params == {"value": text}


@given(st.integers(-1000, 1000))
def test_a_whole_number_is_accepted_exactly_when_within_0_to_100(number):
    inside = 0 <= number <= 100
    for text in (str(number), f"{number}%"):
        if inside:
            assert parse_percent(text) == number
        else:
            with pytest.raises(InvalidInput):
                parse_percent(text)


@given(st.text(max_size=8))
def test_parse_percent_never_crashes(text):
    try:
        number = parse_percent(text)
    except InvalidInput:
        return
    assert 0 <= number <= 100


# --- exact rates -------------------------------------------------------------------------------


def test_completion_rate_is_exact_with_two_decimals():
    assert completion_rate(1, 3) == Decimal("33.33")
    assert completion_rate(2, 3) == Decimal("66.67")
    assert completion_rate(1, 8) == Decimal("12.50")  # 12.5 exactly
    assert completion_rate(1, 16) == Decimal("6.25")
    assert completion_rate(1, 200) == Decimal("0.50")
    assert completion_rate(1, 4000) == Decimal("0.03")  # 0.025 rounds half up
    assert completion_rate(0, 5) == Decimal("0.00")
    assert completion_rate(5, 5) == Decimal("100.00")
    assert str(completion_rate(7, 7)) == "100.00"
    assert completion_rate(0, 0) is None


@given(st.integers(1, 10_000).flatmap(lambda due: st.tuples(st.integers(0, due), st.just(due))))
def test_completion_rate_is_between_0_and_100_and_rounds_half_up(pair):
    done, due = pair
    rate = completion_rate(done, due)
    assert Decimal(0) <= rate <= Decimal(100)
    assert rate.as_tuple().exponent == -2
    exact = Fraction(done * 100, due)
    # Half up to hundredths, computed in whole hundredths without Decimal.
    hundredths = (exact * 100 * 2 + 1) // 2
    assert rate == Decimal(int(hundredths)) / 100
    assert abs(Fraction(str(rate)) - exact) <= Fraction(1, 200)


# --- how one project counts --------------------------------------------------------------------

H2 = Period("half", 2023, 2)


@pytest.mark.parametrize(
    ("target", "status", "finished", "as_of", "expected"),
    [
        (None, "done", date(2023, 8, 1), None, Counted(False, False, False, False)),
        (date(2023, 6, 30), "done", date(2023, 6, 1), None, Counted(False, False, False, False)),
        (date(2024, 1, 1), "planned", None, None, Counted(False, False, False, False)),
        (date(2023, 7, 1), "planned", None, None, Counted(True, False, False, False)),
        (date(2023, 12, 31), "in_progress", None, None, Counted(True, False, False, False)),
        (date(2023, 9, 30), "done", date(2023, 9, 30), None, Counted(True, True, True, False)),
        (date(2023, 9, 30), "done", date(2023, 10, 1), None, Counted(True, True, False, False)),
        # Dropped before the target: not due. On or after the target: due, not done.
        (date(2023, 9, 30), "dropped", date(2023, 9, 29), None, Counted(False, False, False, True)),
        (date(2023, 9, 30), "dropped", date(2023, 9, 30), None, Counted(True, False, False, False)),
        # As of a day: what was finished later was still open then.
        (
            date(2023, 9, 30),
            "done",
            date(2023, 9, 20),
            date(2023, 9, 19),
            Counted(True, False, False, False),
        ),
        (
            date(2023, 9, 30),
            "done",
            date(2023, 9, 20),
            date(2023, 9, 20),
            Counted(True, True, True, False),
        ),
        (
            date(2023, 9, 30),
            "dropped",
            date(2023, 9, 20),
            date(2023, 9, 1),
            Counted(True, False, False, False),
        ),
    ],
)
def test_count_project(target, status, finished, as_of, expected):
    assert count_project(target, status, finished, H2, as_of) == expected


# --- the core rules ----------------------------------------------------------------------------


def fresh_connection():
    """全域 1, 红色 2, 蓝色 3; 甲村 1 (secretary 张伟) and 乙村 2 (none) in 红色, 丙社区 3
    (王芳) in 蓝色."""
    return township_connection(secretaries={"甲村": "张伟", "乙村": None, "丙社区": "王芳"})


@pytest.fixture
def connection():
    connection = fresh_connection()
    yield connection
    connection.close()


def test_add_project_decides_the_scope(connection):
    add_project(connection, "共性", alliance_name="红色", started_on=START, actor="t")
    add_project(connection, "个性", organisation_name="乙村", started_on=START, actor="t")
    add_project(
        connection,
        "归档",
        organisation_name="甲村",
        alliance_name="红色",
        started_on=START,
        actor="t",
    )
    rows = connection.execute(
        select(project.c.name, project.c.scope, project.c.alliance_id, project.c.organisation_id)
    ).all()
    assert [tuple(row) for row in rows] == [
        ("共性", "common", 2, None),
        ("个性", "individual", None, 2),
        ("归档", "individual", 2, 1),
    ]
    with pytest.raises(InvalidInput) as refused:
        add_project(connection, "无主", actor="t")
    assert refused.value.key == "project_needs_unit"


def test_secretary_led_owner_is_the_current_secretary(connection):
    add_project(
        connection, "书记项目", organisation_name="甲村", secretary_led=True, started_on=START,
        actor="t",
    )  # fmt: skip
    assert show_project(connection, "书记项目")["responsible"] == "张伟"
    update_organisation(connection, "甲村", {"secretary": "李娜"}, actor="t")
    assert show_project(connection, "书记项目")["responsible"] == "李娜"
    assert [p["name"] for p in list_projects(connection, secretary="李娜")] == ["书记项目"]


def test_update_keeps_what_is_not_given(connection):
    add_project(
        connection, "项目", alliance_name="红色", started_on=START, target_on=date(2023, 6, 30),
        owner="王芳", description="说明", actor="t",
    )  # fmt: skip
    stored = update_project(connection, "项目", status="in_progress", actor="t")
    assert (stored["target_on"], stored["owner"], stored["description"]) == (
        date(2023, 6, 30),
        "王芳",
        "说明",
    )
    stored = update_project(connection, "项目", target_on=None, actor="t")
    assert stored["target_on"] is None
    with pytest.raises(InvalidInput) as refused:
        update_project(connection, "项目", target_on=UNCHANGED, actor="t")
    assert refused.value.key == "nothing_to_update"


def test_status_done_defaults_to_today_and_reopening_clears_it(connection):
    add_project(connection, "项目", alliance_name="红色", started_on=START, actor="t")
    assert update_project(connection, "项目", status="done", actor="t")["finished_on"] == TODAY
    assert update_project(connection, "项目", status="推进中", actor="t")["finished_on"] is None
    with pytest.raises(RuleViolation) as refused:
        update_project(connection, "项目", status="in progress", actor="t")
    assert refused.value.key == "project_same_status"
    assert refused.value.params["status"] == "in_progress/推进中"


def test_latest_note_breaks_same_day_ties_by_entry(connection):
    add_project(connection, "项目", alliance_name="红色", started_on=START, actor="t")
    note_progress(connection, "项目", percent=30, text="上午", on=date(2023, 5, 1), actor="t")
    note_progress(connection, "项目", percent=20, text="下午更正", on=date(2023, 5, 1), actor="t")
    note_progress(connection, "项目", percent=10, text="补记", on=date(2023, 4, 1), actor="t")
    shown = show_project(connection, "项目")
    assert (shown["percent"], shown["noted_on"]) == (20, date(2023, 5, 1))
    assert [note["note"] for note in shown["notes"]] == ["补记", "上午", "下午更正"]


def test_a_dissolved_alliance_with_due_projects_still_shows(connection):
    add_project(
        connection, "旧项目", alliance_name="蓝色", started_on=START, target_on=date(2023, 8, 1),
        actor="t",
    )  # fmt: skip
    connection.execute(
        project.update().values(status="done", finished_on=date(2023, 7, 1))
    )  # finished before the alliance was dissolved
    from alliance_cli.core.alliances import dissolve_alliance

    dissolve_alliance(connection, "蓝色", date(2023, 7, 2), actor="t")
    rows = completion_by_alliance(connection, H2)
    assert [(row["alliance"], row["due"], row["done"]) for row in rows] == [
        ("全域", 0, 0),
        ("红色", 0, 0),
        ("蓝色", 1, 1),
    ]
    # Next year it is gone: dissolved before the period and nothing due.
    assert [
        row["alliance"] for row in completion_by_alliance(connection, Period("year", 2024, 1))
    ] == [
        "全域",
        "红色",
    ]


# --- completion against a brute-force count ------------------------------------------------------

ALLIANCE_IDS = [1, 2, 3, None]  # None: an individual project filed under no alliance
ORG_IDS = [1, 2, 3]
PERIODS = ["2023", "2023H1", "2023H2", "2023Q3", "2023-11", "2024Q1"]
FIRST_DAY = date(2022, 12, 1)
SPAN_DAYS = 520

day_offsets = st.integers(0, SPAN_DAYS)
a_project = st.tuples(
    st.sampled_from(["common", "individual"]),
    st.sampled_from(ALLIANCE_IDS),
    st.sampled_from(ORG_IDS),
    st.one_of(st.none(), day_offsets),  # target
    st.sampled_from(["planned", "in_progress", "done", "dropped"]),
    day_offsets,  # finished (used for done and dropped)
)


def store_projects(connection, projects):
    stored = []
    for number, (scope, alliance_id, org_id, target, status, finished) in enumerate(projects):
        if scope == "common" and alliance_id is None:
            alliance_id = 1
        values = {
            "name": f"项目{number}",
            "scope": scope,
            "alliance_id": alliance_id,
            "organisation_id": org_id if scope == "individual" else None,
            "started_on": FIRST_DAY,
            "target_on": FIRST_DAY + timedelta(days=target) if target is not None else None,
            "status": status,
            "finished_on": (
                FIRST_DAY + timedelta(days=finished) if status in ("done", "dropped") else None
            ),
        }
        connection.execute(insert(project).values(**values))
        stored.append(values)
    return stored


def brute_force(stored, period: Period, as_of, belongs) -> dict:
    """Count by walking every day of the period, straight from the definitions."""
    days = set()
    day = period.start
    while day < period.end:
        days.add(day)
        day += timedelta(days=1)
    due = done = on_time = dropped = 0
    for values in stored:
        if not belongs(values) or values["target_on"] not in days:
            continue
        finished = values["finished_on"]
        finished_by_then = finished is not None and (as_of is None or finished <= as_of)
        if values["status"] == "dropped" and finished_by_then and finished < values["target_on"]:
            dropped += 1
            continue
        due += 1
        if values["status"] == "done" and finished_by_then:
            done += 1
            if finished <= values["target_on"]:
                on_time += 1
    return {"due": due, "done": done, "on_time": on_time, "dropped": dropped}


def rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(a_project, max_size=25),
    st.sampled_from(PERIODS),
    st.one_of(st.none(), day_offsets),
)
@example([("common", 2, 1, 200, "done", 200), ("common", 2, 1, 200, "dropped", 199)], "2023", None)
def test_completion_matches_a_brute_force_count(projects, period_text, as_of_offset):
    connection = fresh_connection()
    try:
        stored = store_projects(connection, projects)
        period = parse_period(period_text)
        as_of = FIRST_DAY + timedelta(days=as_of_offset) if as_of_offset is not None else None

        rows = completion_by_alliance(connection, period, as_of=as_of)
        by_id = {row["alliance_id"]: row for row in rows}
        for alliance_id in ALLIANCE_IDS:
            expected = brute_force(
                stored, period, as_of, lambda v, a=alliance_id: v["alliance_id"] == a
            )
            if alliance_id is None and expected["due"] == 0:
                assert None not in by_id
                continue
            row = by_id[alliance_id]
            assert {k: row[k] for k in expected} == expected
            assert row["not_done"] == expected["due"] - expected["done"]
            assert row["completion_rate"] == rate(expected["done"], expected["due"])
            assert row["on_time_rate"] == rate(expected["on_time"], expected["due"])
            if row["completion_rate"] is not None:
                assert Decimal(0) <= row["on_time_rate"] <= row["completion_rate"] <= 100

        for row in completion_by_organisation(connection, period, as_of=as_of):
            expected = brute_force(
                stored,
                period,
                as_of,
                lambda v, o=row["organisation_id"]: v["organisation_id"] == o,
            )
            assert {k: row[k] for k in expected} == expected
            assert row["completion_rate"] == rate(expected["done"], expected["due"])
    finally:
        connection.close()
