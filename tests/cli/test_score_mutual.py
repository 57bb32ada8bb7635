"""`alliance score mutual ...` through the CLI: at the year-end debriefing (述职) each
organisation rates its peers; the clerk enters the ratings, corrects one, and lists each
organisation's mean with the number of peers who rated it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import audit, query

# In the township fixture: organisations 红岩村 1, 石门村 2, 新街社区 3, 镇派出所 4.


def rate(cli, rater, ratee, points, *extra, year="2023"):
    return cli.ok(
        "score", "mutual", "rate", year, "--rater", rater, "--ratee", ratee, "--points", points,
        *extra,
    )  # fmt: skip


def stored_ratings(db_path):
    return query(
        db_path,
        "SELECT year, rater_id, ratee_id, points_hundredths FROM mutual_rating "
        "ORDER BY year, ratee_id, rater_id",
    )


# --- rate ------------------------------------------------------------------------------------


def test_rate_records_the_points_and_audits_them(township, db_path):
    result = rate(township, "红岩村", "石门村", "92.5")
    assert "recorded: '红岩村' rated '石门村' 92.50 points (2023)" in result.stderr
    assert stored_ratings(db_path) == [(2023, 1, 2, 9250)]
    assert audit(db_path, "score_mutual") == [
        ("rate", "2023/石门村/rater 红岩村", None, '{"points": "92.50"}')
    ]


def test_the_year_may_be_written_in_chinese(township, db_path):
    rate(township, "红岩村", "石门村", "90", year="2024年")
    assert stored_ratings(db_path) == [(2024, 1, 2, 9000)]


def test_rating_again_is_refused_naming_the_earlier_points(township, db_path):
    rate(township, "红岩村", "石门村", "92.5")
    township.refused_unchanged(
        db_path, "score", "mutual", "rate", "2023",
        "--rater", "红岩村", "--ratee", "石门村", "--points", "95",
        message="'红岩村' already rated '石门村' 92.50 points for 2023; use --replace to change it",
    )  # fmt: skip


def test_replace_changes_a_rating_and_audits_before_and_after(township, db_path):
    rate(township, "红岩村", "石门村", "92.5")
    result = rate(township, "红岩村", "石门村", "95", "--replace")
    assert "changed: '红岩村' rating of '石门村' 92.50 -> 95.00 (2023)" in result.stderr
    assert stored_ratings(db_path) == [(2023, 1, 2, 9500)]
    action, key, before, after = audit(db_path, "score_mutual")[-1]
    assert (action, key) == ("replace", "2023/石门村/rater 红岩村")
    assert (json.loads(before), json.loads(after)) == ({"points": "92.50"}, {"points": "95.00"})


def test_each_direction_and_each_year_is_its_own_rating(township, db_path):
    rate(township, "红岩村", "石门村", "90")
    rate(township, "石门村", "红岩村", "91")
    rate(township, "红岩村", "石门村", "92", year="2024")
    assert stored_ratings(db_path) == [(2023, 2, 1, 9100), (2023, 1, 2, 9000), (2024, 1, 2, 9200)]


@pytest.mark.parametrize(
    ("year", "rater", "ratee", "points", "extra", "message"),
    [
        ("2023", "红岩村", "红岩村", "90", [], "'红岩村' cannot rate itself"),
        ("2023", "红岩村", " 红岩村 ", "90", [], "'红岩村' cannot rate itself"),
        ("2023", "红岩村", "石门村", "100.01", [],
         "--points '100.01' is not valid: points are 0 to 100 with at most two decimals"),
        ("2023", "红岩村", "石门村", "-5", [], "--points '-5' is not valid"),
        ("2023", "红岩村", "石门村", "90.125", [], "--points '90.125' is not valid"),
        ("2023H1", "红岩村", "石门村", "90", [], "'2023H1' is not a year (e.g. 2023)"),
        ("2023Q4", "红岩村", "石门村", "90", [], "'2023Q4' is not a year"),
        ("2023", "无名村", "石门村", "90", [], "no organisation named '无名村'"),
        ("2023", "红岩村", "红色联盟", "90", [], "no organisation named '红色联盟'"),
        ("2023", "新街社区", "石门村", "90", ["--replace"],
         "'新街社区' has not rated '石门村' for 2023: there is no rating to replace"),
    ],
)  # fmt: skip
def test_rate_refusals(township, db_path, year, rater, ratee, points, extra, message):
    rate(township, "红岩村", "石门村", "92.5")
    township.refused_unchanged(
        db_path, "score", "mutual", "rate", year, "--rater", rater, "--ratee", ratee,
        "--points", points, *extra, message=message,
    )  # fmt: skip


# --- result and ratings ----------------------------------------------------------------------


@pytest.fixture
def rated(township):
    """石门村 and 新街社区 tie on 90.00; 红岩村 is rated by one peer; 镇派出所 only rates."""
    for rater, ratee, points in [
        ("红岩村", "石门村", "95"),
        ("新街社区", "石门村", "85"),
        ("红岩村", "新街社区", "88.5"),
        ("石门村", "新街社区", "91.5"),
        ("镇派出所", "红岩村", "80.33"),
        ("镇派出所", "石门村", "90"),
        ("镇派出所", "新街社区", "90"),
    ]:
        rate(township, rater, ratee, points)
    rate(township, "镇派出所", "红岩村", "60", year="2022")  # another year: not counted
    return township


def test_result_is_the_peers_mean_with_count_and_competition_rank(rated):
    rows = json.loads(rated.ok("score", "mutual", "result", "2023", "--format", "json").stdout)
    assert rows == [
        {"rank": 1, "organisation": "新街社区", "peer_count": 3, "peer_mean": "90.00"},
        {"rank": 1, "organisation": "石门村", "peer_count": 3, "peer_mean": "90.00"},
        {"rank": 3, "organisation": "红岩村", "peer_count": 1, "peer_mean": "80.33"},
        {"rank": None, "organisation": "镇派出所", "peer_count": 0, "peer_mean": None},
    ]


def test_means_are_rounded_half_up_to_two_places(township):
    rate(township, "石门村", "红岩村", "90")
    rate(township, "新街社区", "红岩村", "90")
    rate(township, "镇派出所", "红岩村", "90.01")  # 270.01 / 3 = 90.00333...
    rate(township, "红岩村", "石门村", "90.01")
    rate(township, "新街社区", "石门村", "90")  # 180.01 / 2 = 90.005 -> 90.01
    rows = json.loads(township.ok("score", "mutual", "result", "2023", "-f", "json").stdout)
    assert [(r["organisation"], r["peer_mean"]) for r in rows[:2]] == [
        ("石门村", "90.01"),
        ("红岩村", "90.00"),
    ]


def test_result_as_csv_in_chinese(rated, tmp_path):
    target = tmp_path / "mutual.csv"
    rated.ok("--lang", "zh", "score", "mutual", "result", "2023", "--output", str(target))
    assert target.read_text(encoding="utf-8-sig").splitlines() == [
        "排名,单位,评分单位数,平均分",
        "1,新街社区,3,90.00",
        "1,石门村,3,90.00",
        "3,红岩村,1,80.33",
        ",镇派出所,0,",
    ]


def test_a_year_without_ratings_gives_an_empty_result(rated):
    assert json.loads(rated.ok("score", "mutual", "result", "2021", "-f", "json").stdout) == []


def test_ratings_lists_every_rating_or_one_organisations(rated):
    rows = json.loads(rated.ok("score", "mutual", "ratings", "2023", "-f", "json").stdout)
    assert len(rows) == 7
    assert rows[0] == {"ratee": "新街社区", "rater": "石门村", "peer_points": "91.50"}
    csv_text = rated.ok("score", "mutual", "ratings", "2023", "--ratee", "红岩村", "-f", "csv")
    assert csv_text.stdout.lstrip("\ufeff").splitlines() == [
        "rated,rater,points",
        "红岩村,镇派出所,80.33",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["result", "2023H2"], "'2023H2' is not a year"),
        (["ratings", "2023-05"], "'2023-05' is not a year"),
        (["ratings", "2023", "--ratee", "无名村"], "no organisation named '无名村'"),
    ],
)
def test_result_and_ratings_refusals(rated, db_path, args, message):
    rated.refused_unchanged(db_path, "score", "mutual", *args, message=message)
