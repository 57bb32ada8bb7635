"""The scoring scheme file (core/scheme.py): the default ships and parses, every number is
exact, and each kind of mistake is refused with the place it is at."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_cli.core.errors import InvalidInput
from alliance_cli.core.scheme import default_scheme_text, parse_scheme

DATA_COPY = Path(__file__).resolve().parents[2] / "data" / "scoring_scheme.toml"

MINIMAL = """
[scheme]
name = "测试方案"
version = "1"

[[indicator]]
code = "quality"
name = "工作成效"
max = 100
"""


def test_the_default_scheme_parses_and_the_data_copy_is_the_same_file():
    scheme = parse_scheme(default_scheme_text(), kinds={"welfare", "meeting"})
    assert scheme.indicator("welfare_months").kinds == ("welfare",)
    assert scheme.indicator("missed_meetings").minimum == Decimal("-5.00")
    assert scheme.indicator("good_cases").items == "cases"
    assert [i.code for i in scheme.for_subject("alliance")] == [
        "alliance_meetings",
        "alliance_inspection",
    ]
    assert scheme.indicator("alliance_inspection").feed == "inspection"
    assert scheme.star_caps == {5: Decimal("0.30")}
    assert DATA_COPY.read_text(encoding="utf-8") == default_scheme_text()


def test_defaults_of_a_minimal_scheme():
    scheme = parse_scheme(MINIMAL)
    quality = scheme.indicator("quality")
    assert (quality.source, quality.subject, quality.minimum) == ("manual", "organisation", 0)
    assert scheme.star_thresholds == tuple(Decimal(n) for n in (60, 70, 80, 90, 95))
    assert scheme.aggregation == "mean"
    assert scheme.annual.demonstration_quarters == 2
    assert [g for g, _ in scheme.annual.grades] == ["优秀", "良好", "一般"]


def test_toml_floats_are_read_exactly():
    scheme = parse_scheme(MINIMAL.replace("max = 100", "max = 0.3\nmin = 0.1"))
    assert scheme.indicator("quality").maximum == Decimal("0.30")
    assert scheme.indicator("quality").minimum == Decimal("0.10")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (('name = "测试方案"', ""), "scheme.name"),
        (("max = 100", "max = 100.125"), "indicator[1].max"),
        (("max = 100", 'max = "很多"'), "indicator[1].max"),
        (("max = 100", "max = 10\nmin = 20"), "indicator[1].min"),
        (("max = 100", 'max = 10\nsource = "magic"'), "indicator[1].source"),
        (("max = 100", "max = 10\npoints_per = 2"), "indicator[1].points_per"),
        (("max = 100", 'max = 10\nsource = "activity_count"'), "indicator[1].points_per"),
        (("max = 100", 'max = 10\nsource = "active_months"\npoints_per = 1'), "indicator[1].kinds"),
        (
            ("max = 100", 'max = 10\nsource = "active_months"\npoints_per = 1\nkinds = ["dance"]'),
            "indicator[1].kinds",
        ),
        (("max = 100", 'max = 10\nsource = "hours"\nrate = 1\nper = 0'), "indicator[1].per"),
        (("max = 100", 'max = 10\ncategories = ["farm"]'), "indicator[1].categories"),
        (("max = 100", 'max = 10\nsubject = "county"'), "indicator[1].subject"),
        (('code = "quality"', 'code = "Quality!"'), "indicator[1].code"),
        (('version = "1"', 'version = "1"\ntie_break = "nothing"'), "scheme.tie_break"),
        (('version = "1"', 'version = "1"\naggregation = "max"'), "scheme.aggregation"),
    ],
)
def test_mistakes_in_indicators_are_refused_with_their_place(change, where):
    old, new = change
    with pytest.raises(InvalidInput) as refused:
        parse_scheme(MINIMAL.replace(old, new), kinds={"welfare"})
    assert refused.value.key.startswith("scheme_")
    assert refused.value.params["where"] == where


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ("[stars]\nthresholds = [60, 50]", "stars.thresholds"),
        ("[stars.caps]\n6 = 0.1", "stars.caps.6"),
        ("[stars.caps]\n5 = 1.5", "stars.caps.5"),
        ("[annual]\nweights = { quarters = 0.5, arena = 0.2, mutual = 0.2 }", "annual.weights"),
        ("[annual]\nweights = { quarters = 1, arena = 0, mutual = 0, bonus = 0 }",
         "annual.weights.bonus"),
        ("[annual]\nveto_carries = 'never'", "annual.veto_carries"),
        ("[arena]\ntrim_both_from = 0", "arena.trim_both_from"),
    ],
)  # fmt: skip
def test_mistakes_in_the_other_tables_are_refused(extra, where):
    with pytest.raises(InvalidInput) as refused:
        parse_scheme(MINIMAL + "\n" + extra)
    assert refused.value.params["where"] == where


def test_two_indicators_with_one_code_and_no_indicator_are_refused():
    twice = MINIMAL + '\n[[indicator]]\ncode = "quality"\nname = "again"\nmax = 1\n'
    with pytest.raises(InvalidInput) as refused:
        parse_scheme(twice)
    assert refused.value.params["where"] == "indicator[2].code"
    with pytest.raises(InvalidInput) as refused:
        parse_scheme(MINIMAL.split("[[indicator]]")[0])
    assert refused.value.params["where"] == "indicator"


def test_text_that_is_not_toml_is_refused():
    with pytest.raises(InvalidInput) as refused:
        parse_scheme("[scheme\nname = 1")
    assert refused.value.key == "scheme_not_toml"


@given(st.decimals(min_value=-1000, max_value=1000, places=2))
def test_any_two_place_number_survives_exactly(number):
    scheme = parse_scheme(MINIMAL.replace("max = 100", f"max = 1000\nmin = {number}"))
    assert scheme.indicator("quality").minimum == number


def test_a_manual_indicator_may_be_fed_by_inspections_and_nothing_else():
    fed = parse_scheme(MINIMAL.replace("max = 100", 'max = 10\nfeed = "inspection"\nscale = 0.1'))
    assert (fed.indicator("quality").feed, fed.indicator("quality").scale) == (
        "inspection",
        Decimal("0.10"),
    )
    with pytest.raises(InvalidInput) as refused:
        parse_scheme(MINIMAL.replace("max = 100", 'max = 10\nfeed = "rumour"'))
    assert refused.value.params["where"] == "indicator[1].feed"
