"""`alliance demo`: the seed plan's township, built through the same rules as the commands."""

from __future__ import annotations

import json
import sqlite3

from alliance_cli.core.vocabulary import CATEGORIES, LEVELS


def test_demo_builds_the_seed_plan(cli, db_path):
    result = cli.ok("demo", "--format", "json")
    printed = json.loads(result.stdout)
    kinds = [(a["kind"], a["theme"]) for a in printed["alliances"]]
    assert kinds == [
        ("core", None),
        ("area", "red"),
        ("area", "green"),
        ("area", "blue"),
        ("task", None),
    ]
    connection = sqlite3.connect(db_path)
    categories = {row[0] for row in connection.execute("SELECT category FROM organisation")}
    levels = {row[0] for row in connection.execute("SELECT level FROM organisation")}
    count = connection.execute("SELECT count(*) FROM organisation").fetchone()[0]
    belt = connection.execute("SELECT count(*) FROM belt_link").fetchone()[0]
    in_two = connection.execute(
        "SELECT count(*) FROM (SELECT organisation_id FROM membership WHERE left_on IS NULL "
        "GROUP BY organisation_id HAVING count(*) > 1)"
    ).fetchone()[0]
    leaves = connection.execute(
        "SELECT count(*) FROM membership WHERE left_on IS NOT NULL"
    ).fetchone()[0]
    connection.close()
    assert 15 <= count <= 25
    assert categories == set(CATEGORIES)
    assert levels == set(LEVELS)
    assert belt >= 3
    assert in_two >= 1  # organisations in an area and a task alliance at once
    assert leaves >= 1  # history, not just a snapshot
    assert "demo township built" in result.stderr


def test_demo_prints_the_structure_in_chinese(cli):
    out = cli.ok("--lang", "zh", "demo").stdout
    for text in (
        "青山镇全域党建联盟",
        "红色引领",
        "绿色发展",
        "蓝色治理",
        "任务联盟",
        "示范带: 红岩村党支部 - 石门村党支部",
        "牵头单位",
    ):
        assert text in out, text


def test_demo_passes_the_database_check(demo):
    assert "database is healthy" in demo.ok("db", "check").stderr


def test_demo_has_a_year_of_activities_with_welfare_gaps(demo):
    activities = json.loads(demo.ok("activity", "list", "--period", "2025", "-f", "json").stdout)
    assert len(activities) > 70
    assert {a["kind"] for a in activities} >= {"party_day", "welfare", "patrol", "expert_service"}
    welfare = json.loads(
        demo.ok("activity", "welfare-check", "--period", "2025", "-f", "json").stdout
    )
    by_name = {w["alliance"]: w for w in welfare}
    assert by_name["红色引领片区联盟"]["kept"] is True
    assert by_name["绿色发展片区联盟"]["missing"] == ["2025-03", "2025-08"]


def test_demo_has_something_in_every_programme_record_group(demo):

    def listed(*args):
        return json.loads(demo.ok(*args, "-f", "json").stdout)

    assert {p["status"] for p in listed("project", "list")} >= {"done", "dropped"}
    assert any(w["fulfilled_on"] for w in listed("wish", "list"))
    assert {i["stage"] for i in listed("service", "list")} == {"delivered", "taken"}
    assert len(listed("mentor", "list", "--on", "2025-12-31")) == 1
    assert listed("quota", "list", "红色引领片区联盟", "2025")["candidates"]
    assert any(v["experts"] for v in listed("expert", "visits"))
    pairs = listed("resource", "totals", "--by", "pair", "--period", "2025")
    assert len(pairs) == 3
    cases = listed("case", "list", "--period", "2025")
    assert sum(c["publicity"] for c in cases) == 1
