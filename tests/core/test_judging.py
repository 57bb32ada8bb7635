"""Trimmed means of judges' scores (core/judging.py) for 1-10 judges, against brute force."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_cli.core.judging import TrimRule, kept_scores, trimmed_mean

D = Decimal
scores = st.lists(st.decimals(0, 100, places=2), min_size=1, max_size=10)


def test_five_judges_drop_the_highest_and_the_lowest():
    assert trimmed_mean([D(90), D(80), D(85), D(70), D(99)]) == D("85.00")


def test_four_judges_drop_only_the_highest():
    assert trimmed_mean([D(90), D(80), D(85), D(99)]) == D("85.00")


def test_three_or_fewer_take_the_plain_mean():
    assert trimmed_mean([D(90), D(80), D(81)]) == D("83.67")
    assert trimmed_mean([D("77.5")]) == D("77.50")


def test_rounding_is_half_up_on_exact_decimals():
    assert trimmed_mean([D("0.005"), D("0.005")]) == D("0.01")  # float would give 0.01 or 0.0


def test_a_scheme_may_change_the_rule():
    rule = TrimRule(both_from=3, high_only_from=99, high=1, low=1)
    assert trimmed_mean([D(10), D(50), D(90)], rule) == D("50.00")


def test_no_scores_is_an_error():
    with pytest.raises(ValueError):
        trimmed_mean([])


@given(scores)
def test_trimmed_mean_matches_brute_force(values):
    ordered = sorted(values)
    if len(ordered) >= 5:
        kept = ordered[1:-1]
    elif len(ordered) == 4:
        kept = ordered[:-1]
    else:
        kept = ordered
    expected = (sum(kept) / len(kept)).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert trimmed_mean(values) == expected
    assert kept_scores(values) == kept
    assert min(values).quantize(D("0.01")) <= trimmed_mean(values) <= max(values)


@given(scores, st.randoms())
def test_order_of_the_judges_does_not_matter(values, rnd):
    shuffled = values[:]
    rnd.shuffle(shuffled)
    assert trimmed_mean(shuffled) == trimmed_mean(values)
