"""Periods: every spelling the clerk uses, and the arithmetic the reports rely on."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_cli.core.errors import InvalidInput
from alliance_cli.core.periods import Period, add_months, parse_month, parse_period


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2022Q3", "2022Q3", date(2022, 7, 1), date(2022, 10, 1)),
        ("2022-q4", "2022Q4", date(2022, 10, 1), date(2023, 1, 1)),
        ("2022年第三季度", "2022Q3", date(2022, 7, 1), date(2022, 10, 1)),
        ("2022年第1季度", "2022Q1", date(2022, 1, 1), date(2022, 4, 1)),
        ("２０２２Ｑ２", "2022Q2", date(2022, 4, 1), date(2022, 7, 1)),
        ("2022H1", "2022H1", date(2022, 1, 1), date(2022, 7, 1)),
        ("2022年下半年", "2022H2", date(2022, 7, 1), date(2023, 1, 1)),
        ("2022", "2022", date(2022, 1, 1), date(2023, 1, 1)),
        ("2022年", "2022", date(2022, 1, 1), date(2023, 1, 1)),
        ("2023-05", "2023-05", date(2023, 5, 1), date(2023, 6, 1)),
        ("2023年12月", "2023-12", date(2023, 12, 1), date(2024, 1, 1)),
    ],
)
def test_spellings(text, label, start, end):
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "0000Q1",
        "2022Q5",
        "2022Q0",
        "2022H3",
        "2023-13",
        "2023-00",
        "22Q1",
        "",
        "latest-ish",
        "2022年第五季度",
    ],
)
def test_rejected(text):
    with pytest.raises(InvalidInput):
        parse_period(text)


def test_latest_and_previous_follow_the_anchor():
    assert parse_period("latest", anchor=date(2025, 11, 3)).label == "2025Q4"
    assert parse_period("previous", anchor=date(2025, 11, 3)).label == "2025Q3"
    assert parse_period("previous", anchor=date(2025, 2, 3)).label == "2024Q4"
    with pytest.raises(InvalidInput):
        parse_period("latest")


def test_parse_month_only_takes_months():
    assert parse_month("2023/1") == date(2023, 1, 1)
    for text in ("2023Q1", "2023-13", "abc"):
        with pytest.raises(InvalidInput) as caught:
            parse_month(text)
        assert caught.value.key == "bad_month"


periods = st.builds(
    lambda kind, year, index: Period(kind, year, index),
    st.sampled_from(["quarter", "half", "year", "month"]),
    st.integers(2, 9998),
    st.integers(1, 12),
).filter(lambda p: p.index <= {"quarter": 4, "half": 2, "year": 1, "month": 12}[p.kind])


@given(periods)
def test_label_round_trips_and_months_tile_the_period(period):
    assert parse_period(period.label) == period
    months = period.months()
    assert len(months) == period.month_count
    assert months[0] == f"{period.year:04d}-{period.first_month:02d}"
    assert add_months(period.start, period.month_count) == period.end
    assert period.previous().end == period.start


@given(st.text(max_size=12))
def test_parser_never_crashes(text):
    with contextlib.suppress(InvalidInput):
        parse_period(text)
