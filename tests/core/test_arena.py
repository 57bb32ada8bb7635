"""Arena (擂台赛) and mutual evaluation (述职相互评) rules tested through the core: results
against a brute-force trimmed mean for 1-10 judges, competition ranks and rank points, the
scheme in force for the half, and peers' means against a brute-force mean."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from alliance_cli.core.arena import (
    arena_results,
    arena_standings,
    create_arena,
    half_label,
    judge_contestant,
    parse_points,
    points_of,
    rank_points_for,
)
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.mutual import mutual_results, rate_peer, year_of
from alliance_cli.core.scheme import default_scheme_text
from alliance_cli.storage.models import arena_score, score_scheme
from tests.core.conftest import township_connection

D = Decimal
START = date(2023, 1, 1)
ORGANISATIONS = [f"{n:02d}村" for n in range(1, 13)]  # twelve, so ranks can pass the ten points
DEFAULT_RANK_POINTS = [D(p) for p in (60, 57, 54, 51, 48, 45, 42, 39, 36, 33)]


def fresh_connection():
    """全域 1, 红色 2 and 蓝色 3; the twelve organisations in no alliance."""
    return township_connection(organisations=ORGANISATIONS, members=())


@pytest.fixture
def connection():
    connection = fresh_connection()
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def township():
    """One township for the property tests; each example runs in a savepoint rolled back
    at its end, so examples never see each other's arenas."""
    connection = fresh_connection()
    yield connection
    connection.close()


@contextmanager
def rolled_back(connection):
    savepoint = connection.begin_nested()
    try:
        yield connection
    finally:
        savepoint.rollback()


def judge_all(connection, half, points_by_contestant):
    """Every judge `J<n>` gives the n-th points of each contestant's list."""
    for name, points in points_by_contestant.items():
        for n, value in enumerate(points):
            judge_contestant(
                connection, half, judge=f"J{n}", contestant=name, points=value, actor="t"
            )


# --- what the clerk types ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2023H1", "2023H1"),
        ("2023h2", "2023H2"),
        ("2023年上半年", "2023H1"),
        ("2023年下半年", "2023H2"),
    ],
)
def test_half_labels(text, label):
    assert half_label(text) == label


@pytest.mark.parametrize("text", ["2023Q1", "2023", "2023-05"])
def test_other_periods_are_not_a_half(text):
    with pytest.raises(InvalidInput) as refused:
        half_label(text)
    assert refused.value.key == "not_a_half"


@pytest.mark.parametrize("text", ["2023H1", "2023Q4", "2023-12"])
def test_other_periods_are_not_a_year(text):
    with pytest.raises(InvalidInput) as refused:
        year_of(text)
    assert refused.value.key == "not_a_year"
    assert year_of("2023") == year_of("2023年") == year_of(2023) == 2023


@pytest.mark.parametrize(
    ("text", "hundredths"),
    [("0", 0), ("100", 10000), ("85.5", 8550), ("85.50", 8550), ("８５．５", 8550), (" 7 ", 700)],
)
def test_points_are_exact_hundredths(text, hundredths):
    assert parse_points(text) == hundredths


@pytest.mark.parametrize(
    "text", ["100.01", "-1", "-0.01", "85.555", "1e400", "NaN", "Infinity", "", "八十", "85,5"]
)
def test_points_outside_0_100_or_finer_than_cents_are_refused(text):
    with pytest.raises(InvalidInput) as refused:
        parse_points(text)
    assert refused.value.key == "bad_judged_points"


@given(st.decimals(0, 100, places=2))
def test_points_round_trip(value):
    assert points_of(parse_points(str(value))) == value


# --- the result rule against brute force ---------------------------------------------------


def brute_force_result(points: list[Decimal]) -> Decimal:
    """The issue's rule written out: 5+ judges drop one highest and one lowest, 4 drop the
    highest, 3 or fewer keep all; mean rounded half-up to cents."""
    ordered = sorted(points)
    if len(ordered) >= 5:
        ordered = ordered[1:-1]
    elif len(ordered) == 4:
        ordered = ordered[:-1]
    return (sum(ordered) / len(ordered)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


judge_points = st.one_of(
    st.decimals(0, 100, places=2),
    st.sampled_from([D(80), D(85), D("85.5"), D(90)]),  # equal points, so results tie often
)
arenas = st.lists(
    st.lists(judge_points, min_size=0, max_size=10), min_size=2, max_size=len(ORGANISATIONS)
)


@settings(max_examples=60, deadline=None)
@given(points_lists=arenas)
def test_results_ranks_and_rank_points_match_brute_force(township, points_lists):
    with rolled_back(township) as connection:
        contestants = ORGANISATIONS[: len(points_lists)]
        subjects = create_arena(connection, "2023H1", contestants, actor="t")
        # The judges' points go straight into the table (judge_contestant is tested below;
        # through it this test would take a minute): the rule under test is arena_results.
        rows = [
            {
                "period": "2023H1",
                "judge": f"J{n}",
                "subject_type": subject.subject_type,
                "subject_id": subject.id,
                "points_hundredths": int(value * 100),
            }
            for subject, points in zip(subjects, points_lists, strict=True)
            for n, value in enumerate(points)
        ]
        if rows:
            connection.execute(insert(arena_score), rows)

        expected = {
            name: brute_force_result(points)
            for name, points in zip(contestants, points_lists, strict=True)
            if points
        }
        results = arena_results(connection, "2023H1")
        assert {r["subject"].name: r["result"] for r in results} == expected
        for row in results:
            # competition ranking: one more than the number of strictly better results
            rank = 1 + sum(1 for other in expected.values() if other > row["result"])
            assert row["rank"] == rank
            assert row["rank_points"] == (
                DEFAULT_RANK_POINTS[rank - 1] if rank <= len(DEFAULT_RANK_POINTS) else D(0)
            )
        ranks = [row["rank"] for row in results]
        assert ranks == sorted(ranks)
        # unscored contestants are listed last without a result or rank
        standings = arena_standings(connection, "2023H1")["rows"]
        assert [row["contestant"] for row in standings[len(results) :]] == sorted(
            set(contestants) - set(expected)
        )
        assert all(row["rank"] is None for row in standings[len(results) :])


def test_tied_contestants_share_a_rank_and_its_points(connection):
    names = ORGANISATIONS[:4]
    create_arena(connection, "2023H1", names, actor="t")
    judge_all(
        connection,
        "2023H1",
        {names[0]: ["90"], names[1]: ["85", "86", "84"], names[2]: ["85"], names[3]: ["70"]},
    )
    results = arena_results(connection, "2023H1")
    assert [(r["subject"].name, r["result"], r["rank"], r["rank_points"]) for r in results] == [
        (names[0], D("90.00"), 1, D(60)),
        (names[1], D("85.00"), 2, D(57)),
        (names[2], D("85.00"), 2, D(57)),
        (names[3], D("70.00"), 4, D(51)),
    ]


def test_rank_points_beyond_the_list_are_zero_and_none_without_a_list():
    table = (D(10), D(5))
    assert [rank_points_for(rank, table) for rank in (1, 2, 3, 9)] == [D(10), D(5), D(0), D(0)]
    assert rank_points_for(1, ()) is None


def test_a_half_without_an_arena_has_no_results(connection):
    assert arena_results(connection, "2024H2") == []
    with pytest.raises(NotFound) as refused:
        arena_standings(connection, "2024H2")
    assert refused.value.key == "no_arena"


def test_the_scheme_in_force_for_the_half_decides_trimming_and_rank_points(connection):
    text = (
        default_scheme_text()
        .replace("trim_both_from = 5", "trim_both_from = 3")
        .replace("rank_points = [60, 57, 54, 51, 48, 45, 42, 39, 36, 33]", "rank_points = [10, 5]")
    )
    assert "trim_both_from = 3" in text and "rank_points = [10, 5]" in text
    connection.execute(
        insert(score_scheme).values(
            name="新方案",
            version="2023b",
            effective_from="2023Q3",
            sha256="0" * 64,
            content=text,
            loaded_at=datetime(2023, 6, 1),
            loaded_by="t",
        )
    )
    points = {ORGANISATIONS[0]: ["70", "80", "99"], ORGANISATIONS[1]: ["50"]}
    for half in ("2023H1", "2023H2"):
        create_arena(connection, half, list(points), actor="t")
        judge_all(connection, half, points)
    first = {r["subject"].name: r for r in arena_results(connection, "2023H1")}
    second = {r["subject"].name: r for r in arena_results(connection, "2023H2")}
    # H1 keeps the built-in default (3 judges: plain mean); H2 drops both ends from 3 judges
    assert first[ORGANISATIONS[0]]["result"] == D("83.00")
    assert first[ORGANISATIONS[0]]["rank_points"] == D(60)
    assert second[ORGANISATIONS[0]]["result"] == D("80.00")
    assert second[ORGANISATIONS[0]]["rank_points"] == D(10)
    assert second[ORGANISATIONS[1]]["rank_points"] == D(5)


# --- contestants and judging ---------------------------------------------------------------


def test_contestants_can_be_added_later_but_never_twice(connection):
    create_arena(connection, "2023H1", ORGANISATIONS[:2], actor="t")
    added = create_arena(connection, "2023H1", [ORGANISATIONS[2]], actor="t")
    assert [s.name for s in added] == [ORGANISATIONS[2]]
    with pytest.raises(Duplicate) as refused:
        create_arena(connection, "2023H1", [ORGANISATIONS[0]], actor="t")
    assert refused.value.key == "arena_contestant_exists"


@pytest.mark.parametrize(
    ("names", "error", "key"),
    [
        (["红色"], RuleViolation, "arena_too_few"),
        (["红色", "红色"], InvalidInput, "arena_contestant_twice"),
        (["红色", "01村"], RuleViolation, "arena_mixed_subjects"),
        (["红色", "全域"], RuleViolation, "arena_core_alliance"),
        (["红色", "无名"], NotFound, "unknown_subject"),
    ],
)
def test_arena_create_refusals(connection, names, error, key):
    with pytest.raises(error) as refused:
        create_arena(connection, "2023H1", names, actor="t")
    assert refused.value.key == key


def test_a_judge_scores_a_contestant_once_unless_replacing(connection):
    create_arena(connection, "2023H1", ["红色", "蓝色"], actor="t")
    first = judge_contestant(
        connection, "2023H1", judge="李四", contestant="红色", points="80", actor="t"
    )
    assert first["replaced"] is None
    with pytest.raises(Duplicate) as refused:
        judge_contestant(
            connection, "2023H1", judge=" 李四 ", contestant="红色", points="81", actor="t"
        )
    assert refused.value.key == "judge_scored_twice"
    assert refused.value.params["points"] == D("80.00")
    changed = judge_contestant(
        connection, "2023H1", judge="李四", contestant="红色", points="81", replace=True, actor="t"
    )
    assert (changed["replaced"], changed["points"]) == (D("80.00"), D("81.00"))
    with pytest.raises(NotFound) as refused:
        judge_contestant(
            connection,
            "2023H1",
            judge="李4",
            contestant="蓝色",
            points="1",
            replace=True,
            actor="t",
        )
    assert refused.value.key == "judge_nothing_to_replace"


# --- mutual evaluation ---------------------------------------------------------------------

ratings = st.dictionaries(
    st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(lambda pair: pair[0] != pair[1]),
    st.decimals(0, 100, places=2),
    max_size=20,
)


@settings(max_examples=40, deadline=None)
@given(given_ratings=ratings)
def test_mutual_results_are_the_peers_mean_and_count(township, given_ratings):
    with rolled_back(township) as connection:
        for (rater, ratee), points in given_ratings.items():
            rate_peer(
                connection,
                2023,
                rater=ORGANISATIONS[rater],
                ratee=ORGANISATIONS[ratee],
                points=str(points),
                actor="t",
            )
        per_ratee: dict[int, list[Decimal]] = {}
        for (_, ratee), points in given_ratings.items():
            per_ratee.setdefault(ratee + 1, []).append(points)  # organisation ids start at 1
        expected = {
            org_id: (
                (sum(points) / len(points)).quantize(D("0.01"), rounding=ROUND_HALF_UP),
                len(points),
            )
            for org_id, points in per_ratee.items()
        }
        assert mutual_results(connection, "2023") == expected
        assert mutual_results(connection, 2024) == {}


def test_nobody_rates_itself(connection):
    with pytest.raises(RuleViolation) as refused:
        rate_peer(connection, "2023", rater="01村", ratee=" 01村", points="90", actor="t")
    assert refused.value.key == "self_rating"
