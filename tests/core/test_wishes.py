"""Micro-wish rules tested directly: which wishes count in a period, exact rates, ranking,
and random claim/withdraw/fulfil sequences checked against a plain model of the rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from alliance_cli.core.errors import InvalidInput, RuleViolation
from alliance_cli.core.memberships import join_alliance
from alliance_cli.core.people import add_person
from alliance_cli.core.periods import Period, parse_period
from alliance_cli.core.ranking import rank_order
from alliance_cli.core.wishes import (
    WishTally,
    add_wish,
    choose_alliance,
    claim_wish,
    classify_wish,
    fulfil_wish,
    percent,
    update_wish,
    wish_counts,
    withdraw_claim,
)
from alliance_cli.storage.models import organisation, wish_claim
from tests.core.conftest import township_connection

START = date(2023, 1, 1)
TODAY = date(2024, 6, 30)
Q2 = parse_period("2023Q2")  # 2023-04-01 .. 2023-07-01


# --- which wishes count in a period ------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered", "fulfilled", "claims", "expected"),
    [
        # registered in the period, nobody claimed it: registered (and due) only
        (date(2023, 4, 1), None, [], (True, False, False, False)),
        # registered the day after the period: not counted at all
        (date(2023, 7, 1), None, [], (False, False, False, False)),
        # registered before, still open: carried over
        (date(2023, 3, 31), None, [], (False, True, False, False)),
        # fulfilled before the period began: not due in it
        (date(2023, 1, 5), date(2023, 3, 31), [(date(2023, 2, 1), None)], (False,) * 4),
        # fulfilled on the first day: carried over and fulfilled (hence claimed)
        (date(2023, 1, 5), date(2023, 4, 1), [(date(2023, 2, 1), None)], (False, True, True, True)),
        # claimed in the period and still held at its end, fulfilled after it
        (
            date(2023, 5, 1),
            date(2023, 7, 1),
            [(date(2023, 6, 30), None)],
            (True, False, True, False),
        ),
        # claim withdrawn within the period: a mere past claim does not count
        (
            date(2023, 5, 1),
            None,
            [(date(2023, 5, 2), date(2023, 6, 30))],
            (True, False, False, False),
        ),
        # withdrawn on the first day after the period: it was held at the end
        (
            date(2023, 5, 1),
            None,
            [(date(2023, 5, 2), date(2023, 7, 1))],
            (True, False, True, False),
        ),
        # claimed only after the period
        (date(2023, 5, 1), None, [(date(2023, 7, 1), None)], (True, False, False, False)),
    ],
)
def test_classify_wish_in_a_quarter(registered, fulfilled, claims, expected):
    assert classify_wish(registered, fulfilled, claims, Q2) == expected


def test_over_all_time_every_wish_is_registered_and_claims_held_now_count():
    assert classify_wish(date(2023, 1, 1), None, [], None) == (True, False, False, False)
    held = [(date(2023, 1, 2), date(2023, 1, 3)), (date(2023, 1, 4), None)]
    assert classify_wish(date(2023, 1, 1), None, held, None) == (True, False, True, False)
    withdrawn = [(date(2023, 1, 2), date(2023, 1, 3))]
    assert classify_wish(date(2023, 1, 1), None, withdrawn, None) == (True, False, False, False)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (2, 3, Decimal("66.67")),
        (1, 3, Decimal("33.33")),
        (1, 800, Decimal("0.13")),  # 0.125 rounds half up, not to even
        (3, 3, Decimal("100.00")),
        (0, 5, Decimal("0.00")),
        (0, 0, None),
    ],
)
def test_percent_is_exact_with_two_decimals(part, whole, expected):
    assert percent(part, whole) == expected
    if expected is not None:
        assert str(percent(part, whole)) == str(expected)


def test_tally_rates_use_the_due_wishes():
    tally = WishTally(registered=2, carried_over=1, claimed=2, fulfilled=1)
    assert tally.due == 3
    assert tally.claim_rate == Decimal("66.67")
    assert tally.fulfilment_rate == Decimal("33.33")
    assert WishTally().fulfilment_rate is None


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ([], []),
        ([5], [1]),
        ([3, 1, 1, 0], [1, 2, 2, 4]),
        ([2, 2, 2], [1, 1, 1]),
        ([4, 3, 3, 3, 1], [1, 2, 2, 2, 5]),
    ],
)
def test_standard_competition_ranking(scores, ranks):
    assert competition_ranks(scores) == ranks


def competition_ranks(scores):
    """The ranks wish_stats gives subjects with these fulfilled counts (best first), through
    the shared ranking rule of core/ranking.py."""
    subjects = list(enumerate(scores))
    ranked = rank_order(subjects, total=lambda s: s[1], name=lambda s: f"{s[0]:04d}")
    return [item.rank for item in ranked]


@given(st.lists(st.integers(0, 5), max_size=12))
def test_a_rank_is_one_more_than_the_number_of_better_scores(scores):
    ordered = sorted(scores, reverse=True)
    assert competition_ranks(ordered) == [
        1 + sum(other > score for other in ordered) for score in ordered
    ]


# --- the core against a database ---------------------------------------------------------------


def fresh_connection():
    """The core tests' township (see `build_township`) with a person in 甲村 and one in 乙村."""
    connection = township_connection()
    add_person(connection, "李明", home="甲村", actor="t")
    add_person(connection, "王五", home="乙村", actor="t")
    return connection


@pytest.fixture
def connection():
    connection = fresh_connection()
    yield connection
    connection.close()


def org_row(connection, name):
    return connection.execute(select(organisation).where(organisation.c.name == name)).one()


def test_choose_alliance_prefers_the_only_area_alliance(connection):
    day = date(2023, 5, 1)
    assert choose_alliance(connection, org_row(connection, "甲村"), day).name == "红色"
    join_alliance(connection, "甲村", "全域", START, actor="t")
    assert choose_alliance(connection, org_row(connection, "甲村"), day).name == "红色"
    join_alliance(connection, "甲村", "蓝色", date(2023, 5, 1), actor="t")
    with pytest.raises(RuleViolation) as refused:
        choose_alliance(connection, org_row(connection, "甲村"), day)
    assert refused.value.key == "wish_alliance_ambiguous"
    assert refused.value.params["choices"] == "全域, 红色, 蓝色"
    # the day before it joined 蓝色 the choice was still clear
    assert (
        choose_alliance(connection, org_row(connection, "甲村"), date(2023, 4, 30)).name == "红色"
    )


def test_choose_alliance_refuses_an_organisation_in_no_alliance(connection):
    with pytest.raises(RuleViolation) as refused:
        choose_alliance(connection, org_row(connection, "甲村"), date(2022, 12, 31))
    assert refused.value.key == "wish_no_alliance"


def test_wish_counts_per_alliance_and_organisation(connection):
    def wish(org, day, *, alliance=None):
        return add_wish(
            connection,
            "居民",
            organisation_name=org,
            content="心愿",
            on=day,
            alliance_name=alliance,
            actor="t",
            today=TODAY,
        )["id"]

    carried = wish("甲村", date(2023, 3, 1))
    claim_wish(connection, carried, person_name="李明", on=date(2023, 3, 2), actor="t", today=TODAY)
    fulfil_wish(connection, carried, on=date(2023, 4, 10), actor="t", today=TODAY)
    held = wish("甲村", date(2023, 4, 2))
    claim_wish(
        connection, held, organisation_name="乙村", on=date(2023, 4, 3), actor="t", today=TODAY
    )
    wish("乙村", date(2023, 5, 2))  # open
    wish("丙社区", date(2023, 6, 30))  # open, in 蓝色
    wish("甲村", date(2023, 7, 1))  # after the quarter
    counts = wish_counts(connection, Q2)
    red, blue = 2, 3
    jia, yi, bing = 1, 2, 3
    assert counts.by_alliance == {
        red: WishTally(registered=2, carried_over=1, claimed=2, fulfilled=1),
        blue: WishTally(registered=1),
    }
    assert counts.by_organisation == {
        jia: WishTally(registered=1, carried_over=1, claimed=2, fulfilled=1),
        yi: WishTally(registered=1),
        bing: WishTally(registered=1),
    }
    assert wish_counts(connection, Q2, alliance_id=blue).by_organisation == {
        bing: WishTally(registered=1)
    }
    # in Q3 the fulfilled wish is done with; the held one is carried over, still claimed
    assert wish_counts(connection, parse_period("2023Q3")).by_organisation[jia] == WishTally(
        registered=1, carried_over=1, claimed=1
    )


def test_a_corrected_wish_counts_where_it_now_belongs(connection):
    def register(org, day):
        return add_wish(
            connection, "居民", organisation_name=org, content="心愿", on=day, actor="t",
            today=TODAY,
        )["id"]  # fmt: skip

    moved = register("甲村", date(2023, 3, 30))
    register("甲村", date(2023, 5, 2))
    red, blue = 2, 3
    assert wish_counts(connection, Q2).by_alliance == {red: WishTally(registered=1, carried_over=1)}
    stored = update_wish(
        connection, moved, organisation_name="丙社区", on=date(2023, 4, 3), actor="t", today=TODAY
    )
    assert (stored["organisation"], stored["alliance"]) == ("丙社区", "蓝色")
    assert wish_counts(connection, Q2).by_alliance == {
        red: WishTally(registered=1),
        blue: WishTally(registered=1),
    }
    assert wish_counts(connection, parse_period("2023Q1")).by_alliance == {}


def test_an_update_needs_something_to_change(connection):
    with pytest.raises(InvalidInput) as refused:
        update_wish(connection, 1, actor="t", today=TODAY)
    assert refused.value.key == "nothing_to_update"


# --- random claim / withdraw / fulfil sequences against a model of the rules -------------------

CLAIMANTS = [("person", "李明"), ("person", "王五"), ("org", "乙村")]
REGISTERED = [START, START + timedelta(days=20), START + timedelta(days=100)]
WISH_ORGS = ["甲村", "乙村", "丙社区"]


@dataclass
class ModelWish:
    registered: date
    claims: list[list] = field(default_factory=list)  # [claimant, claimed_on, withdrawn_on]
    fulfilled: date | None = None

    def live(self):
        return next((c for c in self.claims if c[2] is None), None)

    def status_on(self, day: date) -> str:
        """Status at the end of `day`, read from the event history alone."""
        if self.fulfilled is not None and self.fulfilled <= day:
            return "fulfilled"
        held = any(c[1] <= day and (c[2] is None or c[2] > day) for c in self.claims)
        return "claimed" if held else "open"


operations = st.lists(
    st.tuples(
        st.sampled_from(["claim", "withdraw", "fulfil"]),
        st.integers(0, len(REGISTERED) - 1),
        st.integers(0, 200),
        st.integers(0, len(CLAIMANTS) - 1),
    ),
    max_size=25,
)


def apply(connection, model, operation):
    """Run one operation through the core; return whether the model says it is allowed and
    whether the core accepted it."""
    action, index, offset, who = operation
    wish_id, day = index + 1, START + timedelta(days=offset)
    wish = model[index]
    live = wish.live()
    last_withdrawal = max((c[2] for c in wish.claims if c[2] is not None), default=None)
    if action == "claim":
        allowed = (
            wish.fulfilled is None
            and live is None
            and day >= wish.registered
            and (last_withdrawal is None or day >= last_withdrawal)
        )
        kind, name = CLAIMANTS[who]
        call = lambda: claim_wish(  # noqa: E731
            connection,
            wish_id,
            person_name=name if kind == "person" else None,
            organisation_name=name if kind == "org" else None,
            on=day,
            actor="t",
            today=TODAY,
        )
    else:
        allowed = wish.fulfilled is None and live is not None and day >= live[1]
        act = withdraw_claim if action == "withdraw" else fulfil_wish
        call = lambda: act(connection, wish_id, on=day, actor="t", today=TODAY)  # noqa: E731
    try:
        call()
    except RuleViolation:
        return allowed, False
    if action == "claim":
        wish.claims.append([CLAIMANTS[who][1], day, None])
    elif action == "withdraw":
        live[2] = day
    else:
        wish.fulfilled = day
    return allowed, True


PERIODS = [parse_period(p) for p in ("2023Q1", "2023Q2", "2023Q3", "2023-02", "2023H1", "2023")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_random_claim_sequences_follow_the_rules_and_count_consistently(sequence):
    connection = fresh_connection()
    try:
        model = []
        for org, day in zip(WISH_ORGS, REGISTERED, strict=True):
            add_wish(
                connection,
                "居民",
                organisation_name=org,
                content="心愿",
                on=day,
                actor="t",
                today=TODAY,
            )
            model.append(ModelWish(day))
        for operation in sequence:
            allowed, accepted = apply(connection, model, operation)
            assert allowed == accepted, operation

        stored = connection.execute(
            select(wish_claim.c.wish_id, wish_claim.c.claimed_on, wish_claim.c.withdrawn_on)
        ).all()
        for number, wish in enumerate(model, start=1):
            mine = [(c.claimed_on, c.withdrawn_on) for c in stored if c.wish_id == number]
            assert mine == [(c[1], c[2]) for c in wish.claims]
            assert sum(w is None for _, w in mine) <= 1  # at most one live claim
            if wish.fulfilled is not None:  # fulfilled while claimed, never after a withdrawal
                assert wish.live() is not None and wish.live()[1] <= wish.fulfilled

        for period in PERIODS:
            counts = wish_counts(connection, period)
            expected = WishTally()
            last_day = period.end - timedelta(days=1)
            for wish in model:
                if wish.registered > last_day:
                    continue
                if wish.status_on(period.start - timedelta(days=1)) == "fulfilled":
                    continue
                expected.registered += period.contains(wish.registered)
                expected.carried_over += wish.registered < period.start
                expected.claimed += wish.status_on(last_day) != "open"
                expected.fulfilled += wish.fulfilled is not None and period.contains(wish.fulfilled)
            total = WishTally()
            for tally in counts.by_alliance.values():
                total.add((tally.registered, tally.carried_over, tally.claimed, tally.fulfilled))
            assert total == expected, period
            by_org = WishTally()
            for tally in counts.by_organisation.values():
                assert tally.claimed >= tally.fulfilled
                by_org.add((tally.registered, tally.carried_over, tally.claimed, tally.fulfilled))
            assert by_org == total

        # every fulfilment counts once: the quarters of 2023 add up to the year
        quarters = [Period("quarter", 2023, n) for n in range(1, 5)]
        year = parse_period("2023")
        fulfilled = sum(
            t.fulfilled for q in quarters for t in wish_counts(connection, q).by_alliance.values()
        )
        assert fulfilled == sum(
            t.fulfilled for t in wish_counts(connection, year).by_alliance.values()
        )
    finally:
        connection.close()
