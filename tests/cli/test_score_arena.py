"""`alliance score arena ...` through the CLI: the clerk sets up a half-year's arena contest
(擂台赛), enters each judge's points, corrects one, and publishes the trimmed-mean results."""

from __future__ import annotations

import json

import pytest

from tests.conftest import audit, query, snapshot

# In the township fixture: alliances 全域联盟 1 (core), 红色联盟 2, 蓝色联盟 3.


@pytest.fixture
def arena(township):
    """The 2023H1 arena between the two area alliances."""
    township.ok(
        "score", "arena", "create", "2023H1", "--contestant", "红色联盟", "--contestant", "蓝色联盟"
    )
    return township


def judge(cli, contestant, judge_name, points, *extra, half="2023H1"):
    return cli.ok(
        "score", "arena", "judge", half, "--judge", judge_name, "--contestant", contestant,
        "--points", points, *extra,
    )  # fmt: skip


def stored_scores(db_path):
    return query(
        db_path,
        "SELECT period, judge, subject_type, subject_id, points_hundredths FROM arena_score "
        "ORDER BY subject_id, judge",
    )


def result_json(cli, half="2023H1"):
    return json.loads(cli.ok("score", "arena", "result", half, "--format", "json").stdout)


# --- create ----------------------------------------------------------------------------------


def test_create_an_arena_between_alliances(arena, db_path):
    assert query(db_path, "SELECT period, subject_type, subject_id FROM arena_contestant") == [
        ("2023H1", "alliance", 2),
        ("2023H1", "alliance", 3),
    ]
    assert [row[:2] for row in audit(db_path, "score_arena")] == [
        ("add", "2023H1/红色联盟"),
        ("add", "2023H1/蓝色联盟"),
    ]
    assert json.loads(audit(db_path, "score_arena")[0][3]) == {
        "half": "2023H1",
        "contestant": "红色联盟",
        "subject_type": "alliance",
    }


def test_create_says_what_was_added_in_the_half_it_was_given(township, db_path):
    result = township.ok(
        "score",
        "arena",
        "create",
        "2023年下半年",
        "--contestant",
        "红岩村",
        "--contestant",
        "石门村",
    )
    assert "2023H2 arena: 2 contestants added: 红岩村、石门村" in result.stderr
    assert query(db_path, "SELECT period, subject_type FROM arena_contestant") == [
        ("2023H2", "organisation"),
        ("2023H2", "organisation"),
    ]


def test_create_again_adds_contestants(arena, db_path):
    township = arena
    township.ok("alliance", "create", "绿色联盟", "--kind", "area", "--theme", "green")
    result = township.ok("score", "arena", "create", "2023H1", "--contestant", "绿色联盟")
    assert "2023H1 arena: 1 contestants added: 绿色联盟" in result.stderr
    assert query(db_path, "SELECT count(*) FROM arena_contestant WHERE period = '2023H1'") == [(3,)]


def test_a_name_that_is_both_needs_a_subject_type_until_the_arena_has_one(township, db_path):
    township.ok("member", "add", "红色联盟", "--category", "village")
    township.refused(
        "score", "arena", "create", "2023H1",
        "--contestant", "红色联盟", "--contestant", "蓝色联盟",
        message="'红色联盟' is both an organisation and an alliance",
    )  # fmt: skip
    township.ok(
        "score", "arena", "create", "2023H1",
        "--contestant", "红色联盟", "--contestant", "蓝色联盟", "--subject-type", "联盟",
    )  # fmt: skip
    # the arena is of alliances now, so the name is the alliance
    judge(township, "红色联盟", "李四", "80")
    assert stored_scores(db_path) == [("2023H1", "李四", "alliance", 2, 8000)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2023Q1", "--contestant", "红色联盟", "--contestant", "蓝色联盟"],
         "'2023Q1' is not a half-year (e.g. 2023H1 or 2023年上半年)"),
        (["2023", "--contestant", "红色联盟", "--contestant", "蓝色联盟"],
         "'2023' is not a half-year"),
        (["2023X9", "--contestant", "红色联盟", "--contestant", "蓝色联盟"], "2023X9"),
        (["2023H1", "--contestant", "红色联盟"],
         "an arena needs at least 2 contestants (2023H1 would have 1)"),
        (["2023H1", "--contestant", "红色联盟", "--contestant", "红色联盟"],
         "'红色联盟' is named twice"),
        (["2023H1", "--contestant", "红色联盟", "--contestant", "红岩村"],
         "the contestants of the 2023H1 arena must be all organisations or all alliances; "
         "'红岩村' is not of the same kind as the others"),
        (["2023H1", "--contestant", "红色联盟", "--contestant", "全域联盟"],
         "the core alliance '全域联盟' is the whole township and cannot be a contestant"),
        (["2023H1", "--contestant", "红色联盟", "--contestant", "无名联盟"],
         "no organisation or alliance named '无名联盟'"),
        (["2023H1", "--contestant", "红色联盟", "--contestant", "蓝色联盟",
          "--subject-type", "planet"], "invalid subject type 'planet'"),
    ],
)  # fmt: skip
def test_create_refusals(township, db_path, args, message):
    before = snapshot(db_path)
    township.refused("score", "arena", "create", *args, message=message)
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--contestant", "红色联盟"], "'红色联盟' is already a contestant of the 2023H1 arena"),
        (["--contestant", "红岩村"], "must be all organisations or all alliances"),
    ],
)
def test_an_existing_arena_refuses_a_second_entry_and_mixing(arena, db_path, args, message):
    before = snapshot(db_path)
    arena.refused("score", "arena", "create", "2023H1", *args, message=message)
    assert snapshot(db_path) == before


# --- judge -----------------------------------------------------------------------------------


def test_judge_records_points_and_audits_them(arena, db_path):
    result = judge(arena, "红色联盟", "李四", "88.5")
    assert "recorded: judge 李四 gave '红色联盟' 88.50 points (2023H1)" in result.stderr
    assert stored_scores(db_path) == [("2023H1", "李四", "alliance", 2, 8850)]
    assert audit(db_path, "score_arena")[-1] == (
        "judge",
        "2023H1/红色联盟/judge 李四",
        None,
        '{"points": "88.50"}',
    )


def test_scoring_twice_is_refused_naming_the_earlier_points(arena, db_path):
    judge(arena, "红色联盟", "李四", "88.5")
    arena.refused_unchanged(
        db_path, "score", "arena", "judge", "2023H1", "--judge", "李四", "--contestant", "红色联盟",
        "--points", "90",
        message="judge 李四 already gave '红色联盟' 88.50 points in 2023H1; "
        "use --replace to change them",
    )  # fmt: skip


def test_replace_changes_the_points_and_audits_before_and_after(arena, db_path):
    judge(arena, "红色联盟", "李四", "88.5")
    result = judge(arena, "红色联盟", "李四", "90", "--replace")
    assert "changed: judge 李四's points for '红色联盟' 88.50 -> 90.00 (2023H1)" in result.stderr
    assert stored_scores(db_path) == [("2023H1", "李四", "alliance", 2, 9000)]
    action, key, before, after = audit(db_path, "score_arena")[-1]
    assert (action, key) == ("replace", "2023H1/红色联盟/judge 李四")
    assert (json.loads(before), json.loads(after)) == ({"points": "88.50"}, {"points": "90.00"})


def test_the_same_judge_scores_each_contestant_and_each_half(arena, db_path):
    arena.ok(
        "score", "arena", "create", "2023H2", "--contestant", "红色联盟", "--contestant", "蓝色联盟"
    )
    judge(arena, "红色联盟", "李四", "80")
    judge(arena, "蓝色联盟", "李四", "81")
    judge(arena, "红色联盟", "李四", "82", half="2023H2")
    assert len(stored_scores(db_path)) == 3


@pytest.mark.parametrize(
    ("half", "judge_name", "contestant", "points", "extra", "message"),
    [
        ("2023H1", "王五", "红色联盟", "100.5", [],
         "--points '100.5' is not valid: points are 0 to 100 with at most two decimals"),
        ("2023H1", "王五", "红色联盟", "-1", [], "--points '-1' is not valid"),
        ("2023H1", "王五", "红色联盟", "85.555", [], "--points '85.555' is not valid"),
        ("2023H1", "王五", "红色联盟", "八十五", [], "--points '八十五' is not valid"),
        ("2023Q1", "王五", "红色联盟", "85", [], "'2023Q1' is not a half-year"),
        ("2023H2", "王五", "红色联盟", "85", [],
         "there is no arena for 2023H2; create it with "
         "'alliance score arena create 2023H2 --contestant ...'"),
        ("2023H1", "王五", "无名联盟", "85", [], "no organisation or alliance named '无名联盟'"),
        ("2023H1", "王五", "红岩村", "85", [],
         "'红岩村' is not a contestant of the 2023H1 arena"),
        ("2023H1", " ", "红色联盟", "85", [], "the name must not be empty"),
        ("2023H1", "王" * 101, "红色联盟", "85", [],
         "the judge's name is longer than 100 characters"),
        ("2023H1", "王五", "红色联盟", "85", ["--replace"],
         "judge 王五 has not scored '红色联盟' in 2023H1: there are no points to replace"),
    ],
)  # fmt: skip
def test_judge_refusals(arena, db_path, half, judge_name, contestant, points, extra, message):
    judge(arena, "红色联盟", "李四", "88.5")
    arena.refused_unchanged(
        db_path, "score", "arena", "judge", half, "--judge", judge_name, "--contestant", contestant,
        "--points", points, *extra, message=message,
    )  # fmt: skip


# --- result and scores -----------------------------------------------------------------------


@pytest.fixture
def judged(arena):
    """Five judges for 红色联盟 (highest and lowest dropped), four for 蓝色联盟 (the highest
    dropped), and 绿色联盟 entered but not yet judged."""
    arena.ok("alliance", "create", "绿色联盟", "--kind", "area", "--theme", "green")
    arena.ok("score", "arena", "create", "2023H1", "--contestant", "绿色联盟")
    for name, points in zip(
        ["甲", "乙", "丙", "丁", "戊"], ["90", "85", "88", "70", "99"], strict=True
    ):
        judge(arena, "红色联盟", name, points)
    for name, points in zip(["甲", "乙", "丙", "丁"], ["91", "85.5", "86", "99"], strict=True):
        judge(arena, "蓝色联盟", name, points)
    return arena


def test_result_trims_ranks_and_gives_rank_points(judged):
    result = judged.ok("score", "arena", "result", "2023H1", "--format", "json")
    assert json.loads(result.stdout) == [
        {
            "rank": 1,
            "contestant": "红色联盟",
            "judges": 5,
            "judge_scores": ["70.00", "85.00", "88.00", "90.00", "99.00"],
            "kept_scores": ["85.00", "88.00", "90.00"],
            "arena_result": "87.67",
            "rank_points": "60.00",
        },
        {
            "rank": 2,
            "contestant": "蓝色联盟",
            "judges": 4,
            "judge_scores": ["85.50", "86.00", "91.00", "99.00"],
            "kept_scores": ["85.50", "86.00", "91.00"],
            "arena_result": "87.50",
            "rank_points": "57.00",
        },
        {
            "rank": None,
            "contestant": "绿色联盟",
            "judges": 0,
            "judge_scores": [],
            "kept_scores": [],
            "arena_result": None,
            "rank_points": None,
        },
    ]
    assert "different numbers of judges (4/5)" in result.stderr


def test_result_as_csv_with_labels_and_the_unscored_marked(judged, tmp_path):
    target = tmp_path / "arena.csv"
    judged.ok("score", "arena", "result", "2023H1", "--output", str(target))
    assert target.read_text(encoding="utf-8-sig").splitlines() == [
        "rank,contestant,judges,judges' points,points kept,result,rank points",
        '1,红色联盟,5,"70.00, 85.00, 88.00, 90.00, 99.00","85.00, 88.00, 90.00",87.67,60.00',
        '2,蓝色联盟,4,"85.50, 86.00, 91.00, 99.00","85.50, 86.00, 91.00",87.50,57.00',
        ",绿色联盟,0,,,no scores,",
    ]


def test_result_in_chinese(judged):
    result = judged.ok("--lang", "zh", "score", "arena", "result", "2023H1", "--format", "md")
    header = result.stdout.splitlines()[0]
    assert [cell.strip() for cell in header.strip("|").split("|")] == [
        "排名", "参赛方", "评委人数", "评委打分", "计入的分数", "最终得分", "名次分"
    ]  # fmt: skip
    assert "未评分" in result.stdout
    assert "评委人数不同" in result.stderr


def test_tied_contestants_share_rank_and_rank_points(arena):
    judge(arena, "红色联盟", "甲", "88")
    judge(arena, "蓝色联盟", "甲", "88")
    rows = result_json(arena)
    assert [(r["contestant"], r["rank"], r["rank_points"]) for r in rows] == [
        ("红色联盟", 1, "60.00"),
        ("蓝色联盟", 1, "60.00"),
    ]


def test_scores_lists_every_judges_points(judged):
    rows = json.loads(judged.ok("score", "arena", "scores", "2023H1", "-f", "json").stdout)
    assert len(rows) == 9
    assert rows[0] == {"contestant": "红色联盟", "judge": "丁", "judge_points": "70.00"}
    only = judged.ok("score", "arena", "scores", "2023H1", "--judge", "甲", "-f", "csv").stdout
    assert only.lstrip("\ufeff").splitlines() == [
        "contestant,judge,points",
        "红色联盟,甲,90.00",
        "蓝色联盟,甲,91.00",
    ]


@pytest.mark.parametrize("command", ["result", "scores"])
def test_result_and_scores_of_a_half_without_an_arena_are_refused(arena, db_path, command):
    before = snapshot(db_path)
    arena.refused("score", "arena", command, "2024H1", message="there is no arena for 2024H1")
    arena.refused("score", "arena", command, "2024Q1", message="'2024Q1' is not a half-year")
    assert snapshot(db_path) == before
