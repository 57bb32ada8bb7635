"""The points of one indicator and the alliance figure (core/scoring.py), as pure rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_cli.core.scheme import parse_scheme
from alliance_cli.core.score_metrics import Measure
from alliance_cli.core.scoring import aggregate, term_for

D = Decimal
SCHEME = parse_scheme(
    """
[scheme]
name = "t"
version = "1"
[[indicator]]
code = "acts"
name = "活动"
source = "activity_count"
points_per = 1.5
max = 10
[[indicator]]
code = "hours"
name = "时长"
source = "hours"
rate = 1
per = 3
max = 10
[[indicator]]
code = "wishes"
name = "微心愿"
source = "wish_fulfilment"
max = 10
[[indicator]]
code = "missed"
name = "缺席"
source = "per_item"
points_each = -0.5
min = -2
max = 0
[[indicator]]
code = "quality"
name = "评议"
max = 15
min = -5
"""
)


def indicator(code):
    return SCHEME.indicator(code)


def test_counts_are_paid_per_item_and_capped():
    assert term_for(indicator("acts"), Measure(D(4)), None).points == D("6.00")
    capped = term_for(indicator("acts"), Measure(D(9)), None)
    assert (capped.raw, capped.points, capped.capped) == (D("13.5"), D("10.00"), True)
    assert term_for(indicator("acts"), None, None).points == D("0.00")


def test_rates_are_exact_and_rounded_half_up():
    assert term_for(indicator("hours"), Measure(D("10")), None).points == D("3.33")
    assert term_for(indicator("hours"), Measure(D("0.05")), None).points == D("0.02")
    third = term_for(indicator("wishes"), Measure(D(1), D(3)), None)
    assert third.points == D("3.33")
    assert term_for(indicator("wishes"), Measure(D(0), D(0)), None).points == D("0.00")


def test_deductions_stop_at_the_minimum_and_never_show_minus_zero():
    assert term_for(indicator("missed"), None, D(3)).points == D("-1.50")
    assert term_for(indicator("missed"), None, D(9)).points == D("-2.00")
    assert str(term_for(indicator("missed"), None, D(0)).points) == "0.00"
    assert str(term_for(indicator("missed"), None, None).points) == "0.00"


def test_manual_points_are_taken_as_entered_within_the_limits():
    assert term_for(indicator("quality"), None, D("12.5")).points == D("12.50")
    assert term_for(indicator("quality"), None, None).quantity is None


@pytest.mark.parametrize(
    ("how", "expected"), [("mean", D("2.33")), ("median", D("2.00")), ("sum", D("7.00"))]
)
def test_alliance_figure_from_members(how, expected):
    assert aggregate([D(1), D(2), D(4)], how) == expected
    assert aggregate([], how) == D("0.00")


@given(
    st.sampled_from(["acts", "hours", "missed", "quality"]),
    st.decimals(min_value=0, max_value=1000, places=2),
)
def test_points_always_lie_between_min_and_max_with_two_places(code, amount):
    found = indicator(code)
    term = term_for(found, Measure(amount), amount)
    assert found.minimum <= term.points <= found.maximum
    assert term.points == term.points.quantize(D("0.01"))


@given(st.lists(st.decimals(min_value=-50, max_value=150, places=2), min_size=1, max_size=12))
def test_median_and_mean_lie_between_the_extremes(values):
    for how in ("mean", "median"):
        assert min(values) - D("0.01") <= aggregate(values, how) <= max(values) + D("0.01")
