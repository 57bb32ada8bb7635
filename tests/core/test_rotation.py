"""The host rotation (党建活动轮办): the rule on plain values, tested with hypothesis, and the
database side (who may host which month, saving, checking) on small hand-built cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from alliance_cli.core.alliances import dissolve_alliance
from alliance_cli.core.errors import InvalidInput, NotFound, RuleViolation
from alliance_cli.core.memberships import join_alliance, leave_alliance
from alliance_cli.core.periods import add_months, parse_period
from alliance_cli.core.rotation import (
    check_rotation,
    covers_month,
    plan_hosts,
    plan_rotation,
    save_rotation,
)
from alliance_cli.storage.models import audit_log, membership, rotation_plan
from tests.core.conftest import township_connection

# --- the rule on plain values ----------------------------------------------------------------


@st.composite
def programmes(draw):
    """(eligible members per month, tie-break order, previous host): 2-12 members who join
    and leave (and come back) at random months over a span of 1-36 months."""
    span = draw(st.integers(1, 36))
    count = draw(st.integers(2, 12))
    members = [f"org{n:02d}" for n in range(count)]
    eligible: list[set[str]] = [set() for _ in range(span)]
    for member in members:
        if draw(st.booleans()):
            spells = [(0, span)]
        else:
            spells = draw(
                st.lists(
                    st.tuples(st.integers(0, span), st.integers(0, span)).map(sorted),
                    min_size=1,
                    max_size=3,
                )
            )
        for joined, left in spells:
            for month in range(joined, left):
                eligible[month].add(member)
    order = draw(st.permutations(members))
    previous = draw(st.sampled_from([None, *members]))
    return eligible, order, previous


def segments(eligible):
    """(start, end) of every maximal run of months with the same eligible members."""
    runs, start = [], 0
    for month in range(1, len(eligible) + 1):
        if month == len(eligible) or eligible[month] != eligible[start]:
            runs.append((start, month))
            start = month
    return runs


def check_hosts_are_eligible(eligible, previous, hosts):
    assert len(hosts) == len(eligible)
    for host, allowed in zip(hosts, eligible, strict=True):
        assert (host is None) == (not allowed)
        assert host is None or host in allowed


def check_nobody_hosts_twice_in_a_row(eligible, previous, hosts):
    for month, host in enumerate(hosts):
        before = hosts[month - 1] if month else previous
        if len(eligible[month]) > 1 and before is not None:
            assert host != before, month


def check_counts_within_one_over_constant_membership(eligible, previous, hosts):
    for start, end in segments(eligible):
        members = eligible[start]
        if not members:
            continue
        for first in range(start, end):
            counts = dict.fromkeys(members, 0)
            for last in range(first, end):
                counts[hosts[last]] += 1
                assert max(counts.values()) - min(counts.values()) <= 1, (first, last)


def check_members_there_all_along_stay_within_one(eligible, previous, hosts):
    counts = dict.fromkeys(set.intersection(*eligible), 0)
    for host in hosts:
        if host in counts:
            counts[host] += 1
        if counts:
            assert max(counts.values()) - min(counts.values()) <= 1


def check_segments_open_with_the_least_hosted(eligible, previous, hosts):
    for start, _end in segments(eligible):
        members = eligible[start]
        before = hosts[start - 1] if start else previous
        candidates = members - {before} if len(members) > 1 else members
        if candidates:
            so_far = hosts[:start]
            assert so_far.count(hosts[start]) == min(so_far.count(m) for m in candidates)


PLAN_PROPERTIES = [
    check_hosts_are_eligible,
    check_nobody_hosts_twice_in_a_row,
    check_counts_within_one_over_constant_membership,
    check_members_there_all_along_stay_within_one,
    check_segments_open_with_the_least_hosted,
]


@settings(max_examples=500)
@given(programmes())
def test_rotation_is_fair(programme):
    """Every host is eligible; nobody hosts twice in a row while another member could; over
    any stretch of constant membership counts differ by at most one; members there for the
    whole span never drift apart by more than one; each segment opens with the least hosted
    member (other than the previous host)."""
    eligible, order, previous = programme
    hosts = plan_hosts(eligible, order, previous)
    for check in PLAN_PROPERTIES:
        try:
            check(eligible, previous, hosts)
        except AssertionError as failure:
            raise AssertionError(f"{check.__name__}: {failure} in {hosts}") from None


@settings(max_examples=100)
@given(programmes(), st.randoms(use_true_random=False))
def test_the_plan_is_deterministic_whatever_order_the_sets_come_in(programme, random):
    eligible, order, previous = programme
    shuffled = []
    for members in eligible:
        listed = sorted(members)
        random.shuffle(listed)
        shuffled.append(listed)
    assert plan_hosts(shuffled, order, previous) == plan_hosts(eligible, order, previous)


def test_round_robin_in_the_given_order():
    assert plan_hosts([{"甲", "乙", "丙"}] * 7, ["乙", "甲", "丙"]) == [
        "乙",
        "甲",
        "丙",
        "乙",
        "甲",
        "丙",
        "乙",
    ]


def test_a_newcomer_hosts_first_and_the_previous_host_never_opens_a_segment():
    eligible = [{"甲"}, {"甲"}, {"甲", "乙"}, {"甲", "乙"}, set(), {"甲", "乙"}]
    assert plan_hosts(eligible, ["甲", "乙"]) == ["甲", "甲", "乙", "甲", None, "乙"]
    # The saved host of the month before the span does not open it either.
    assert plan_hosts([{"甲", "乙"}] * 2, ["甲", "乙"], previous_host="甲") == ["乙", "甲"]


def test_a_lone_member_hosts_every_month():
    assert plan_hosts([{"甲"}] * 3, ["甲"], previous_host="甲") == ["甲", "甲", "甲"]


def test_ties_go_to_whoever_hosted_longest_ago():
    # 丙 left for a month; when it returns, 甲 (last turn longest ago) goes before 乙.
    eligible = [{"甲", "乙", "丙"}] * 3 + [{"甲", "乙"}] + [{"甲", "乙", "丙"}] * 3
    assert plan_hosts(eligible, ["甲", "乙", "丙"]) == ["甲", "乙", "丙", "甲", "乙", "丙", "甲"]


def test_every_member_must_be_ranked():
    with pytest.raises(ValueError, match="missing from the order"):
        plan_hosts([{"甲", "乙"}], ["甲"])


# --- whole-month membership ------------------------------------------------------------------

SPELL_DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2023, 12, 31))


@st.composite
def spell_lists(draw):
    spells = []
    for _ in range(draw(st.integers(0, 3))):
        joined = draw(SPELL_DAYS)
        length = draw(st.one_of(st.none(), st.integers(1, 120)))
        left = None if length is None else joined + timedelta(days=length)
        spells.append((joined, left))
    return spells


@settings(max_examples=300)
@given(spell_lists(), st.integers(1, 12))
def test_covers_month_agrees_with_checking_every_day(spells, month):
    first = date(2023, month, 1)
    days = []
    day = first
    while day < add_months(first, 1):
        days.append(day)
        day += timedelta(days=1)
    every_day = all(
        any(joined <= d and (left is None or d < left) for joined, left in spells) for d in days
    )
    assert covers_month(spells, first) == every_day


def test_back_to_back_spells_cover_the_month():
    spells = [(date(2023, 1, 1), date(2023, 3, 10)), (date(2023, 3, 10), None)]
    assert covers_month(spells, date(2023, 3, 1))
    gap = [(date(2023, 1, 1), date(2023, 3, 10)), (date(2023, 3, 11), None)]
    assert not covers_month(gap, date(2023, 3, 1))


# --- the database side -----------------------------------------------------------------------

START = date(2023, 1, 1)


@pytest.fixture
def connection():
    # 全域 1 and 红色 2; 乙村 1 (secretary 李四), 甲村 2 (张三), 丙社区 3 (none), in no alliance.
    connection = township_connection(
        areas=[("红色", "red")],
        organisations=["乙村", "甲村", "丙社区"],
        secretaries={"乙村": "李四", "甲村": "张三", "丙社区": None},
        members=(),
    )
    yield connection
    connection.close()


def hosts_of(plan):
    return [row["host"] for row in plan]


def test_only_whole_months_count_and_the_lead_unit_goes_first(connection):
    join_alliance(connection, "乙村", "红色", START, actor="t")
    join_alliance(connection, "甲村", "红色", START, role="lead", actor="t")
    join_alliance(connection, "丙社区", "红色", date(2023, 2, 2), actor="t")  # from March
    leave_alliance(connection, "乙村", "红色", date(2023, 5, 1), actor="t")  # through April
    plan = plan_rotation(connection, "红色", date(2022, 12, 1), 6)
    assert plan == [
        {"month": "2022-12", "host": None, "secretary": None},
        {"month": "2023-01", "host": "甲村", "secretary": "张三"},
        {"month": "2023-02", "host": "乙村", "secretary": "李四"},
        {"month": "2023-03", "host": "丙社区", "secretary": None},
        {"month": "2023-04", "host": "甲村", "secretary": "张三"},
        {"month": "2023-05", "host": "丙社区", "secretary": None},
    ]


def test_no_host_after_dissolution(connection):
    for name in ("甲村", "乙村"):
        join_alliance(connection, name, "红色", START, actor="t")
    dissolve_alliance(connection, "红色", date(2023, 3, 31), actor="t")
    assert hosts_of(plan_rotation(connection, "红色", START, 4)) == ["乙村", "甲村", None, None]
    # Even a spell left open by mistake does not outlive the alliance.
    connection.execute(update(membership).values(left_on=None))
    assert hosts_of(plan_rotation(connection, "红色", START, 4)) == ["乙村", "甲村", None, None]


def test_the_span_is_limited(connection):
    for months in (0, -1, 121):
        with pytest.raises(InvalidInput) as caught:
            plan_rotation(connection, "红色", START, months)
        assert caught.value.key == "rotation_bad_months"
    assert len(plan_rotation(connection, "红色", START, 120)) == 120
    with pytest.raises(InvalidInput) as caught:
        plan_rotation(connection, "红色", date(9998, 6, 1), 12)
    assert caught.value.key == "rotation_span_too_late"
    with pytest.raises(NotFound):
        plan_rotation(connection, "无名", START, 3)


def saved(connection):
    return connection.execute(
        select(rotation_plan.c.month, rotation_plan.c.host_id).order_by(rotation_plan.c.month)
    ).all()


def audit_count(connection):
    return connection.execute(
        select(func.count()).select_from(audit_log).where(audit_log.c.entity == "rotation_plan")
    ).scalar_one()


def test_saving_replaces_the_span_and_continues_from_the_saved_month_before(connection):
    join_alliance(connection, "甲村", "红色", START, role="lead", actor="t")
    join_alliance(connection, "乙村", "红色", START, actor="t")
    april = date(2023, 4, 1)
    assert hosts_of(plan_rotation(connection, "红色", april, 2)) == ["甲村", "乙村"]
    plan, changed = save_rotation(connection, "红色", START, 3, actor="t")
    assert changed
    assert hosts_of(plan) == ["甲村", "乙村", "甲村"]
    assert [month for month, _ in saved(connection)] == ["2023-01", "2023-02", "2023-03"]
    # Saving the same plan again changes nothing and is not audited again.
    assert save_rotation(connection, "红色", START, 3, actor="t")[1] is False
    assert audit_count(connection) == 1
    # March was saved with 甲村, so April now opens with 乙村.
    assert hosts_of(plan_rotation(connection, "红色", april, 2)) == ["乙村", "甲村"]
    # 乙村 leaves mid-February; re-saving February-March replaces only those months.
    leave_alliance(connection, "乙村", "红色", date(2023, 2, 15), actor="t")
    plan, changed = save_rotation(connection, "红色", date(2023, 2, 1), 2, actor="t")
    assert changed and hosts_of(plan) == ["甲村", "甲村"]
    assert len(saved(connection)) == 3
    assert audit_count(connection) == 2


def test_months_without_a_host_clear_what_was_saved(connection):
    join_alliance(connection, "甲村", "红色", START, actor="t")
    join_alliance(connection, "乙村", "红色", START, actor="t")
    save_rotation(connection, "红色", START, 3, actor="t")
    dissolve_alliance(connection, "红色", date(2023, 2, 1), actor="t")
    save_rotation(connection, "红色", START, 3, actor="t")
    assert [month for month, _ in saved(connection)] == ["2023-01"]


def test_check_needs_a_saved_plan(connection):
    join_alliance(connection, "甲村", "红色", START, actor="t")
    with pytest.raises(RuleViolation) as caught:
        check_rotation(connection, "红色", parse_period("2023Q1"))
    assert caught.value.key == "rotation_no_plan"
    save_rotation(connection, "红色", START, 2, actor="t")
    rows = check_rotation(connection, "红色", parse_period("2023Q1"))
    assert [(r["month"], r["planned_host"], r["status"]) for r in rows] == [
        ("2023-01", "甲村", "no_activity"),
        ("2023-02", "甲村", "no_activity"),
        ("2023-03", None, "no_plan"),
    ]
