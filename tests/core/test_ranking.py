"""Competition ranking, stars and star caps (core/ranking.py), against brute force."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from alliance_cli.core.ranking import cap_stars, rank_changes, rank_order, stars_for

totals = st.decimals(min_value=-10, max_value=110, places=2, allow_nan=False)


def ranks_of(rows, tie_break=None):
    ranked = rank_order(
        list(rows),
        total=lambda r: rows[r][0],
        name=lambda r: r,
        tie_break=(lambda r: rows[r][1]) if tie_break else None,
    )
    return [(item.subject, item.rank) for item in ranked]


def test_ties_share_a_rank_and_the_next_rank_skips():
    rows = {"甲村": (Decimal("90"), 0), "乙村": (Decimal("85.5"), 0), "丙村": (Decimal("85.5"), 0),
            "丁村": (Decimal("70"), 0)}  # fmt: skip
    assert ranks_of(rows) == [("甲村", 1), ("丙村", 2), ("乙村", 2), ("丁村", 4)]


def test_tie_break_separates_equal_totals_and_names_only_order():
    rows = {"A": (Decimal("80"), Decimal(3)), "B": (Decimal("80"), Decimal(5)),
            "C": (Decimal("80"), Decimal(3))}  # fmt: skip
    assert ranks_of(rows, tie_break=True) == [("B", 1), ("A", 2), ("C", 2)]


def test_names_are_ordered_by_code_point():
    rows = {"b": (Decimal(1), 0), "B": (Decimal(1), 0), "张": (Decimal(1), 0), "a": (Decimal(1), 0)}
    assert [s for s, _ in ranks_of(rows)] == ["B", "a", "b", "张"]


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.tuples(totals, st.integers(0, 3))))
def test_rank_is_one_plus_the_number_strictly_stronger(rows):
    ranked = ranks_of(rows, tie_break=True)
    assert sorted(s for s, _ in ranked) == sorted(rows)
    for subject, rank in ranked:
        total, tie = rows[subject]
        stronger = sum(1 for t, b in rows.values() if (t, b) > (total, tie))
        assert rank == 1 + stronger
    assert [r for _, r in ranked] == sorted(r for _, r in ranked)


def test_stars_by_default_thresholds():
    assert [stars_for(Decimal(v)) for v in ("59.99", "60", "75", "90", "94.99", "95", "120")] == [
        0, 1, 2, 4, 4, 5, 5,
    ]  # fmt: skip
    assert stars_for(Decimal("-3")) == 0


@given(totals, totals)
def test_stars_never_fall_as_the_total_rises(a, b):
    low, high = sorted((a, b))
    assert stars_for(low) <= stars_for(high)


def test_cap_keeps_the_strongest_and_demotes_the_lowest_totals_first():
    order = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]
    levels = dict.fromkeys(order[:5], 5) | dict.fromkeys(order[5:], 3)
    capped = cap_stars(levels, order, {5: Decimal("0.30")})
    assert [capped[s] for s in order] == [5, 5, 5, 4, 4, 3, 3, 3, 3, 3]


def test_demoted_subjects_meet_the_next_cap_too():
    order = list("ABCDE")
    levels = dict.fromkeys(order, 5)
    capped = cap_stars(levels, order, {5: Decimal("0.2"), 4: Decimal("0.2")})
    assert [capped[s] for s in order] == [5, 4, 3, 3, 3]


@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=30),
    st.dictionaries(st.integers(1, 5), st.decimals(0, 1, places=2), max_size=5),
)
def test_caps_hold_levels_only_fall_and_order_is_kept(raw_levels, caps):
    levels_sorted = sorted(raw_levels, reverse=True)  # the published order is strongest first
    order = list(range(len(levels_sorted)))
    levels = dict(zip(order, levels_sorted, strict=True))
    capped = cap_stars(levels, order, caps)
    for subject in order:
        assert capped[subject] <= levels[subject]
        assert levels[subject] - capped[subject] <= len(caps)
    for level, share in caps.items():
        allowed = int(share * len(order))
        assert sum(1 for s in order if capped[s] == level) <= allowed
    assert [capped[s] for s in order] == sorted(capped.values(), reverse=True)


def test_rank_changes():
    assert rank_changes({"A": 1, "B": 3, "C": 2}, {"A": 2, "B": 1}) == {"A": 1, "B": -2, "C": None}
