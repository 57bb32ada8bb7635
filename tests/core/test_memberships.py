"""Core rules of membership spells, tested directly and against a brute-force model."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_cli.core.alliances import create_alliance, list_alliances
from alliance_cli.core.errors import RuleViolation
from alliance_cli.core.memberships import (
    join_alliance,
    leave_alliance,
    members_on,
    membership_history,
)
from alliance_cli.core.organisations import list_organisations
from tests.core.conftest import township_connection

START = date(2023, 1, 1)
ORGS = ["甲村", "乙村", "丙社区"]


def fresh_connection():
    """全域 1 and 红色 2; 甲村 1, 乙村 2, 丙社区 3 in no alliance."""
    return township_connection(areas=[("红色", "red")], organisations=ORGS, members=())


@pytest.fixture
def connection():
    connection = fresh_connection()
    yield connection
    connection.close()


def test_leaving_on_a_day_ends_membership_that_day(connection):
    join_alliance(connection, "甲村", "红色", date(2023, 2, 1), actor="t")
    leave_alliance(connection, "甲村", "红色", date(2023, 3, 1), actor="t")
    group_id = 2
    assert [m["name"] for m in members_on(connection, group_id, date(2023, 2, 28))] == ["甲村"]
    assert members_on(connection, group_id, date(2023, 3, 1)) == []
    assert members_on(connection, group_id, date(2023, 1, 31)) == []


def test_cannot_join_twice_or_leave_twice(connection):
    join_alliance(connection, "甲村", "红色", date(2023, 2, 1), actor="t")
    with pytest.raises(RuleViolation) as caught:
        join_alliance(connection, "甲村", "红色", date(2023, 5, 1), actor="t")
    assert caught.value.key == "already_member"
    leave_alliance(connection, "甲村", "红色", date(2023, 3, 1), actor="t")
    with pytest.raises(RuleViolation) as caught:
        leave_alliance(connection, "甲村", "红色", date(2023, 4, 1), actor="t")
    assert caught.value.key == "not_member"


def test_task_alliance_below_minimum_is_reported(connection):
    create_alliance(
        connection,
        "任务",
        "task",
        actor="t",
        founded_on=START,
        min_members=2,
        members=("甲村", "乙村"),
    )
    assert leave_alliance(connection, "乙村", "任务", date(2023, 6, 1), actor="t") == 1
    problems = list_alliances(connection, date(2023, 7, 1), problems_only=True)
    assert [p["name"] for p in problems] == ["任务"]
    assert list_alliances(connection, date(2023, 5, 1), problems_only=True) == []


# A random sequence of joins and leaves: (org index, day offset, action).
operations = st.lists(
    st.tuples(st.integers(0, len(ORGS) - 1), st.integers(0, 120), st.sampled_from(["j", "l"])),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(operations, st.integers(0, 130))
def test_members_on_matches_a_brute_force_model(ops, probe_offset):
    """Whatever joins and leaves were accepted, `members_on`, `list_organisations` and the
    history all agree with a day-by-day model of the accepted operations."""
    connection = fresh_connection()
    try:
        accepted: dict[str, list[tuple[date, str]]] = {name: [] for name in ORGS}
        for org_index, offset, action in sorted(ops, key=lambda op: op[1]):
            name, day = ORGS[org_index], START + timedelta(days=offset)
            try:
                if action == "j":
                    join_alliance(connection, name, "红色", day, actor="t")
                else:
                    leave_alliance(connection, name, "红色", day, actor="t")
            except RuleViolation:
                continue
            accepted[name].append((day, action))

        def model_member(name: str, day: date) -> bool:
            state = False
            for when, action in accepted[name]:
                if when <= day:
                    state = action == "j"
            return state

        probe = START + timedelta(days=probe_offset)
        expected = sorted(name for name in ORGS if model_member(name, probe))
        assert sorted(m["name"] for m in members_on(connection, 2, probe)) == expected
        listed = list_organisations(connection, alliance_name="红色", on=probe)
        assert sorted(org["name"] for org in listed) == expected
        for name in ORGS:
            history = membership_history(connection, name)
            assert [(e["date"], e["event"][0]) for e in history] == accepted[name]
            # Joins and leaves alternate, starting with a join.
            assert [e["event"] for e in history] == ["join", "leave"] * (len(history) // 2) + (
                ["join"] if len(history) % 2 else []
            )
    finally:
        connection.close()
