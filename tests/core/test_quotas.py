"""Development quota rules tested directly: the allocation order as a pure function, and
allocation through the core against a model of the rules (never beyond the pool, always in
priority order, a person at most once)."""

from __future__ import annotations

import atexit
import contextlib
import functools
import shutil
import tempfile
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.people import add_person
from alliance_cli.core.quotas import (
    Candidate,
    allocate_quotas,
    allocation_key,
    allocation_order,
    choose_allocations,
    recommend,
    set_pool,
)
from alliance_cli.storage.engine import make_engine
from alliance_cli.storage.models import metadata, recommendation
from tests.core.conftest import build_township

START = date(2023, 1, 1)

# --- the order (pure) -------------------------------------------------------------------------


def test_priorities_first_then_earliest_recommendation_then_id():
    late_no_priority = Candidate(1, 101, date(2024, 1, 5))
    early_no_priority = Candidate(2, 102, date(2024, 1, 1))
    priority_two = Candidate(3, 103, date(2024, 6, 1), 2)
    priority_one_late = Candidate(4, 104, date(2024, 9, 1), 1)
    priority_one_early = Candidate(5, 105, date(2024, 2, 1), 1)
    same_day_later_id = Candidate(6, 106, date(2024, 1, 1))
    ordered = allocation_order(
        [
            late_no_priority,
            same_day_later_id,
            priority_two,
            early_no_priority,
            priority_one_late,
            priority_one_early,
        ]
    )
    assert [c.recommendation_id for c in ordered] == [5, 4, 3, 2, 6, 1]


def test_choose_stops_at_the_free_quotas_and_skips_holders_and_repeats():
    candidates = [
        Candidate(1, 7, date(2024, 1, 1)),
        Candidate(2, 8, date(2024, 1, 2)),
        Candidate(3, 7, date(2024, 1, 3)),  # the same person again: skipped
        Candidate(4, 9, date(2024, 1, 4)),  # holds a quota already: skipped
        Candidate(5, 10, date(2024, 1, 5)),
        Candidate(6, 11, date(2024, 1, 6)),
    ]
    chosen = choose_allocations(candidates, 3, holders={9})
    assert [c.recommendation_id for c in chosen] == [1, 2, 5]
    assert choose_allocations(candidates, 0) == []
    assert choose_allocations([], 5) == []


candidate_lists = st.lists(
    st.tuples(
        st.integers(1, 8),  # person
        st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 1, 10)),  # ties are common
        st.one_of(st.none(), st.integers(1, 4)),
    ),
    max_size=25,
).map(lambda rows: [Candidate(i, p, d, pr) for i, (p, d, pr) in enumerate(rows, 1)])


def model_order(candidates):
    """The documented order, written independently of `allocation_key`: stable sorts from
    the last tie-breaker to the first."""
    ordered = sorted(candidates, key=lambda c: c.recommendation_id)
    ordered = sorted(ordered, key=lambda c: c.recommended_on)
    return sorted(ordered, key=lambda c: float("inf") if c.priority is None else c.priority)


@given(candidate_lists, st.integers(0, 12), st.sets(st.integers(1, 8), max_size=3))
def test_allocation_never_exceeds_the_pool_and_follows_the_order(candidates, free, holders):
    chosen = choose_allocations(candidates, free, holders)
    assert len(chosen) <= free
    people = [c.person_id for c in chosen]
    assert len(people) == len(set(people)), "a person got two quotas"
    assert not set(people) & holders
    # Exactly the first `free` eligible candidates, walking the documented order.
    eligible, seen = [], set(holders)
    for candidate in model_order(candidates):
        if candidate.person_id not in seen:
            eligible.append(candidate)
            seen.add(candidate.person_id)
    assert chosen == eligible[:free]
    # Every eligible candidate left waiting comes after every one chosen.
    waiting = eligible[free:]
    if chosen and waiting:
        assert allocation_key(chosen[-1]) < allocation_key(waiting[0])
    # A set priority always beats no priority among eligible candidates.
    if any(c.priority is None for c in chosen):
        assert all(c in chosen for c in eligible if c.priority is not None)


@given(candidate_lists)
def test_the_order_is_a_permutation_sorted_by_the_key(candidates):
    ordered = allocation_order(reversed(candidates))
    assert ordered == model_order(candidates)
    keys = [allocation_key(c) for c in ordered]
    assert keys == sorted(keys)
    with_priority = [c for c in ordered if c.priority is not None]
    assert ordered[: len(with_priority)] == with_priority


# --- through the core -------------------------------------------------------------------------


def build_quota_township(connection) -> None:
    """The core tests' township (see `build_township`) with eight activists in 甲村."""
    build_township(connection)
    for number in range(1, 9):
        add_person(connection, f"积极分子{number}", home="甲村", actor="t")


@functools.cache
def township_engine():
    """One database file with the township, built once; each test works inside a
    transaction that is rolled back, so examples never see each other's rows."""
    folder = tempfile.mkdtemp(prefix="quotas-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    engine = make_engine(f"sqlite:///{folder}/quotas.db")
    metadata.create_all(engine)
    with engine.begin() as connection:
        build_quota_township(connection)
    return engine


def fresh_connection():
    connection = township_engine().connect()
    connection.begin()
    return connection


@pytest.fixture
def connection():
    connection = fresh_connection()
    yield connection
    connection.rollback()
    connection.close()


def allocated(connection, year=None):
    query = select(recommendation.c.id, recommendation.c.allocated_year).where(
        recommendation.c.allocated_year.is_not(None)
    )
    if year is not None:
        query = query.where(recommendation.c.allocated_year == year)
    return {row.id: row.allocated_year for row in connection.execute(query)}


def test_allocation_refusals(connection):
    with pytest.raises(NotFound) as refused:
        allocate_quotas(connection, "红色", 2024, actor="t")
    assert refused.value.key == "no_quota_pool"
    set_pool(connection, "红色", 2024, 1, actor="t")
    recommend(
        connection, "积极分子1", alliance_name="红色", organisation_name="甲村", on=START, actor="t"
    )
    with pytest.raises(InvalidInput) as refused:
        allocate_quotas(connection, "红色", 2024, count=0, actor="t")
    assert refused.value.key == "bad_allocate_count"
    with pytest.raises(RuleViolation) as refused:
        allocate_quotas(connection, "红色", 2024, count=2, actor="t")
    assert refused.value.key == "quota_over_pool"
    assert refused.value.params["left"] == 1
    assert allocate_quotas(connection, "红色", 2024, actor="t")["left"] == 0
    with pytest.raises(RuleViolation) as refused:
        allocate_quotas(connection, "红色", 2024, actor="t")
    assert refused.value.key == "quota_used_up"
    with pytest.raises(RuleViolation) as refused:
        set_pool(connection, "红色", 2024, 0, actor="t")
    assert refused.value.key == "quota_below_allocated"
    with pytest.raises(InvalidInput) as refused:
        set_pool(connection, "红色", 0, 3, actor="t")
    assert refused.value.key == "bad_year"


steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("recommend"),
            st.integers(1, 8),  # person
            st.sampled_from(["红色", "蓝色"]),
            st.integers(0, 700),  # days after START
            st.one_of(st.none(), st.integers(1, 3)),
        ),
        st.tuples(
            st.just("pool"), st.sampled_from(["红色", "蓝色"]), st.sampled_from([2023, 2024])
        ),
        st.tuples(
            st.just("allocate"),
            st.sampled_from(["红色", "蓝色"]),
            st.sampled_from([2023, 2024]),
            st.one_of(st.none(), st.integers(1, 3)),
        ),
    ),
    max_size=25,
)
POOL_SIZES = st.integers(0, 4)


@settings(max_examples=60, deadline=None)
@given(steps, POOL_SIZES)
def test_allocation_through_the_core_matches_the_rules(actions, pool_size):
    """Random recommendations, pools and allocations in any order: no alliance-year ever has
    more quotas allocated than its pool, every allocation takes the waiting recommendations
    in the documented order, and nobody holds two quotas."""
    connection = fresh_connection()
    orgs = {"红色": "甲村", "蓝色": "丙社区"}
    pools: dict[tuple[str, int], int] = {}
    try:
        for action in actions:
            if action[0] == "recommend":
                _, number, group, offset, priority = action
                # A repeat or a holder is refused: those refusals are tested elsewhere.
                with contextlib.suppress(RuleViolation, Duplicate):
                    recommend(
                        connection,
                        f"积极分子{number}",
                        alliance_name=group,
                        organisation_name=orgs[group],
                        on=START + timedelta(days=offset),
                        priority=priority,
                        actor="t",
                    )
            elif action[0] == "pool":
                _, group, year = action
                set_pool(connection, group, year, pool_size, actor="t")
                pools[(group, year)] = pool_size
            else:
                _, group, year, count = action
                check_one_allocation(connection, group, year, count, pools.get((group, year)))
            for (group, year), size in pools.items():
                alliance_id = {"红色": 2, "蓝色": 3}[group]
                held = connection.execute(
                    select(recommendation.c.id).where(
                        recommendation.c.alliance_id == alliance_id,
                        recommendation.c.allocated_year == year,
                    )
                ).all()
                assert len(held) <= size
        people = connection.execute(
            select(recommendation.c.person_id).where(recommendation.c.allocated_year.is_not(None))
        ).scalars()
        people = list(people)
        assert len(people) == len(set(people))
    finally:
        connection.rollback()
        connection.close()


def check_one_allocation(connection, group, year, count, pool):
    alliance_id = {"红色": 2, "蓝色": 3}[group]
    rows = connection.execute(select(recommendation)).all()
    holders = {r.person_id for r in rows if r.allocated_year is not None}
    used = sum(1 for r in rows if r.alliance_id == alliance_id and r.allocated_year == year)
    waiting = [
        Candidate(r.id, r.person_id, r.recommended_on, r.priority)
        for r in rows
        if r.alliance_id == alliance_id
        and r.allocated_year is None
        and r.recommended_on <= date(year, 12, 31)
    ]
    try:
        outcome = allocate_quotas(connection, group, year, count=count, actor="t")
    except NotFound as refusal:
        assert pool is None and refusal.key == "no_quota_pool"
        return
    except RuleViolation as refusal:
        if refusal.key == "quota_used_up":
            assert used >= pool
        else:
            assert refusal.key == "quota_over_pool" and count > pool - used
        return
    free = pool - used if count is None else count
    expected = choose_allocations(waiting, free, holders)
    now = allocated(connection, year)
    newly = [r.id for r in rows if r.id in now and r.allocated_year is None]
    assert sorted(newly) == sorted(c.recommendation_id for c in expected)
    assert len(outcome["allocated"]) == len(expected) <= pool - used
    assert outcome["left"] == pool - used - len(expected)
