"""`alliance score scheme|compute|explain|publish|unlock|verify` and `report airing` through the
CLI: the numbers the township publishes, checked against the records they come from."""

from __future__ import annotations

import itertools
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import query, snapshot


def airing_json(cli, *args):
    return json.loads(cli.ok(*args, "--format", "json").stdout)


def log(cli, *args):
    cli.ok("activity", "log", *args)


@pytest.fixture
def scored_township(township):
    """Two activities of 红色联盟 in 2023Q2 and one of 蓝色联盟."""
    log(
        township,
        "--alliance",
        "红色联盟",
        "--kind",
        "welfare",
        "--date",
        "2023-04-10",
        "--title",
        "义诊",
        "--host",
        "红岩村",
        "--org",
        "石门村:12",
        "--hours",
        "30",
    )
    log(
        township,
        "--alliance",
        "红色联盟",
        "--kind",
        "study",
        "--date",
        "2023-05-10",
        "--title",
        "学习",
        "--host",
        "石门村",
        "--org",
        "红岩村:8",
    )
    log(
        township,
        "--alliance",
        "蓝色联盟",
        "--kind",
        "patrol",
        "--date",
        "2023-06-01",
        "--title",
        "巡防",
        "--host",
        "镇派出所",
    )
    return township  # fmt: skip


def points_of(cli, subject, period):
    explained = json.loads(cli.ok("score", "explain", subject, period, "-f", "json").stdout)
    return {t["code"]: Decimal(t["points"]) for t in explained["terms"]}, explained


def test_compute_counts_the_records_of_the_quarter(scored_township, db_path):
    shown = airing_json(scored_township, "score", "compute", "2023Q2")
    orgs = {row["name"]: row for row in shown["organisations"]}
    assert set(orgs) == {"红岩村", "石门村", "新街社区", "镇派出所"}
    points, _ = points_of(scored_township, "红岩村", "2023Q2")
    # two activities (2.50 each), hosted one (5), one welfare month (5), one partner (2),
    # 30 hours of the 义诊 (1 per 5 hours)
    assert points["joint_activities"] == Decimal("5.00")
    assert points["hosting"] == Decimal("5.00")
    assert points["welfare_months"] == Decimal("5.00")
    assert points["partners"] == Decimal("2.00")
    assert points["volunteer_hours"] == Decimal("6.00")
    assert Decimal(orgs["红岩村"]["total"]) == Decimal("23.00")
    stored = query(db_path, "SELECT subject_type, count(*) FROM score_result GROUP BY 1")
    assert dict(stored) == {"alliance": 2, "organisation": 4}
    red = {row["name"]: row for row in shown["alliances"]}["红色联盟"]
    assert Decimal(red["total"]) == (Decimal("23.00") + Decimal(orgs["石门村"]["total"])) / 2


def test_ties_share_a_rank_and_names_order_them(scored_township):
    shown = airing_json(scored_township, "score", "compute", "2023Q2")
    ranks = [(row["rank"], row["name"], row["total"]) for row in shown["organisations"]]
    totals = [Decimal(t) for _, _, t in ranks]
    assert totals == sorted(totals, reverse=True)
    for (rank_a, _, total_a), (rank_b, _, total_b) in itertools.pairwise(ranks):
        assert (rank_a == rank_b) == (total_a == total_b) or rank_b > rank_a


def test_every_demo_subject_is_explained_to_the_cent(demo):
    # the demo published 2025Q3 and computed 2025Q4
    for period in ("2025Q3", "2025Q4"):
        shown = airing_json(demo, "report", "airing", period)
        for row in shown["organisations"] + shown["alliances"]:
            _, explained = points_of(demo, row["name"], period)
            lines = sum(Decimal(t["points"]) for t in explained["terms"])
            assert lines == Decimal(row["total"]) == Decimal(explained["summary"]["total"])
            for term in explained["terms"]:
                counted = [Decimal(r["amount"]) for r in explained["records"]
                           if r["code"] == term["code"] and r["used"]]  # fmt: skip
                if term["counted"] and "/" not in term["counted"] and counted:
                    assert sum(counted) == Decimal(term["counted"]), term


def test_the_same_records_give_the_same_airing_every_time(demo, db_path):
    first = demo.ok("score", "compute", "2025Q4", "-f", "csv").stdout
    results = query(db_path, "SELECT * FROM score_result ORDER BY 1, 2, 3")
    second = demo.ok("score", "compute", "2025Q4", "-f", "csv").stdout
    assert first == second
    again = query(db_path, "SELECT * FROM score_result ORDER BY 1, 2, 3")
    assert [r[:-1] for r in results] == [r[:-1] for r in again]  # all but computed_at


def test_rank_and_star_changes_follow_the_previous_quarter(demo):
    q3 = {r["name"]: r for r in airing_json(demo, "report", "airing", "2025Q3")["organisations"]}
    q4 = {r["name"]: r for r in airing_json(demo, "score", "compute", "2025Q4")["organisations"]}
    for name, row in q4.items():
        if name in q3:
            assert row["rank_change"] == q3[name]["rank"] - row["rank"]
            assert row["stars_change"] == row["stars"] - q3[name]["stars"]
        else:
            assert row["rank_change"] is None


def test_publish_freezes_verify_detects_changes_and_unlock_reopens(demo, db_path):
    demo.ok("score", "compute", "2025Q4")
    published = demo.ok("score", "publish", "2025Q4").stderr
    (sha,) = query(db_path, "SELECT sha256 FROM score_publication WHERE period = '2025Q4'")[0]
    assert sha in published
    assert "intact" in demo.ok("score", "verify", "2025Q4").stderr
    before = snapshot(db_path)
    demo.refused("score", "compute", "2025Q4", message="2025Q4")
    demo.refused("score", "publish", "2025Q4", message="2025Q4")
    assert snapshot(db_path) == before

    # someone edits the stored results behind the tool's back
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE score_result SET total_hundredths = total_hundredths + 100 "
                       "WHERE period = '2025Q4' AND rank = 1")  # fmt: skip
    connection.commit()
    result = demo("score", "verify", "2025Q4")
    assert result.exit_code == 1 and "stored results differ" in result.stderr
    # ... or the snapshot itself
    connection.execute("UPDATE score_publication SET snapshot = replace(snapshot, '\"rank\":1,', "
                       "'\"rank\":2,')")  # fmt: skip
    connection.commit()
    assert "no longer matches its SHA-256" in demo("score", "verify", "2025Q4").stderr
    # ... or a record the airing counted
    connection.execute("UPDATE activity SET held_on = '2025-07-01' WHERE id = "
                       "(SELECT max(id) FROM activity WHERE held_on >= '2025-10-01')")  # fmt: skip
    connection.commit()
    connection.close()
    result = demo("score", "verify", "2025Q4")
    assert result.exit_code == 1 and "differences from the published airing" in result.stderr

    demo.refused("score", "unlock", "2024Q4", "--reason", "x", message="not published")
    demo.refused("score", "unlock", "2025Q4", "--reason", "  ", message="needs a reason")
    demo.ok("score", "unlock", "2025Q4", "--reason", "补录")
    assert query(
        db_path, "SELECT unlock_reason FROM score_publication WHERE period = '2025Q4'"
    ) == [("补录",)]
    actions = query(
        db_path,
        "SELECT action FROM audit_log WHERE entity = 'score_publication' "
        "AND entity_key = '2025Q4' ORDER BY id",
    )
    assert [a for (a,) in actions] == ["publish", "unlock"]
    demo.ok("score", "compute", "2025Q4")


def test_report_airing_reads_the_published_snapshot(demo, db_path):
    demo.ok("score", "compute", "2025Q4")
    demo.ok("score", "publish", "2025Q4")
    published = airing_json(demo, "report", "airing", "2025Q4")
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE score_result SET rank = 99")
    connection.commit()
    connection.close()
    assert airing_json(demo, "report", "airing", "2025Q4") == published
    assert airing_json(demo, "report", "airing") == published  # the newest computed quarter
    out = demo.ok("--lang", "zh", "report", "airing", "2025Q4").stdout
    assert "已发布" in out and "排名" in out


def test_report_airing_of_an_uncomputed_quarter_is_refused(township, demo_template):
    township.refused("report", "airing", message="no quarter has been computed")
    township.refused("report", "airing", "2023Q1", message="has not been computed")


def test_scheme_load_applies_from_its_quarter_and_never_changes_a_published_one(demo, db_path):
    q3 = airing_json(demo, "report", "airing", "2025Q3")  # published by the demo
    text = Path("data/scoring_scheme.toml").read_text(encoding="utf-8")
    changed = text.replace('version = "2025.1"', 'version = "2025.2"').replace(
        "points_per = 2.5", "points_per = 3"
    )
    scheme_file = db_path.parent / "scheme.toml"
    scheme_file.write_text(changed, encoding="utf-8")
    demo.ok("score", "scheme", "load", scheme_file, "--from", "2025Q3")
    assert airing_json(demo, "report", "airing", "2025Q3") == q3
    shown = json.loads(
        demo.ok("score", "scheme", "show", "--period", "2025Q4", "-f", "json").stdout
    )
    assert shown["scheme"]["version"] == "2025.2"
    old = json.loads(demo.ok("score", "scheme", "show", "--period", "2025Q2", "-f", "json").stdout)
    assert old["scheme"]["version"] == "2025.1"
    versions = json.loads(demo.ok("score", "scheme", "list", "-f", "json").stdout)
    assert [v["version"] for v in versions] == [
        "2025.1",
        "2025.2",
    ]  # the default, stored at publish


def test_a_bad_scheme_is_refused_and_nothing_is_stored(demo, db_path, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(Path("data/scoring_scheme.toml").read_text(encoding="utf-8").replace(
        "max = 15\n", "max = 15.001\n", 1), encoding="utf-8")  # fmt: skip
    before = snapshot(db_path)
    demo.refused("score", "scheme", "load", bad, message="indicator[3].max")
    demo.refused("score", "scheme", "load", tmp_path / "missing.toml", message="missing.toml")
    demo.refused("score", "scheme", "load", bad, "--from", "2025H1", message="not a quarter")
    assert snapshot(db_path) == before


def test_explain_refusals(demo):
    demo.ok("score", "compute", "2025Q4")
    demo.refused("score", "explain", "无名村", "2025Q4", message="no organisation or alliance")
    demo.refused("score", "explain", "红岩村党支部", "2025", message="not a quarter")
    demo.refused("score", "explain", "青山镇全域党建联盟", "2025Q4", message="not scored")


def test_scheme_show_in_chinese(township):
    out = township.ok("--lang", "zh", "score", "scheme", "show").stdout
    assert "一月一公益" in out and "每个有活动的月份" in out and "内置默认方案" in out


LOCKED = "2025Q3 is locked"
RED = "红色引领片区联盟"


def test_a_published_quarter_refuses_every_change_to_its_records(demo, db_path, tmp_path):
    # the demo publishes 2025Q1-Q3; activity 36 was held on 2025-07-05
    demo.ok(
        "venue",
        "add",
        "红岩村活动室",
        "--owner",
        "红岩村党支部",
        "--shared-with",
        RED,
    )
    before = snapshot(db_path)
    log = ["activity", "log", "--alliance", RED, "--kind", "study", "--title", "补录",
           "--host", "红岩村党支部"]  # fmt: skip
    demo.refused(*log, "--date", "2025-08-01", message=LOCKED)
    demo.refused("activity", "edit", "36", "--title", "改标题", message=LOCKED)
    demo.refused("activity", "edit", "36", "--date", "2025-10-20", message=LOCKED)
    demo.refused("activity", "delete", "36", message=LOCKED)
    sheet = tmp_path / "late.csv"
    sheet.write_text(
        "日期,类型,标题,联盟,主办单位\n2025-12-01,study,新活动,红色引领片区联盟,红岩村党支部\n"
        "2025-09-01,study,迟报活动,红色引领片区联盟,红岩村党支部\n",
        encoding="utf-8",
    )
    refused = demo.refused("activity", "import", sheet, message="row 3")
    assert LOCKED in refused.stderr
    demo.refused("wish", "add", "王大妈", "--org", "红岩村党支部", "--on", "2025-09-01", "修路灯",
                 message=LOCKED)  # fmt: skip
    demo.refused("case", "add", "红色讲解进校园", "--on", "2025-09-30", "--alliance", RED,
                 message=LOCKED)  # fmt: skip
    demo.refused("project", "add", "村史馆", "--alliance", RED, "--started",
                 "2025-06-01", "--target", "2025-09-30", message=LOCKED)  # fmt: skip
    demo.refused("venue", "book", "红岩村活动室", "--date", "2025-09-10", "--from", "09:00", "--to",
                 "10:00", "--purpose", "会议", "--alliance", RED, message=LOCKED)  # fmt: skip
    demo.refused("score", "enter", "红岩村党支部", "--period", "2025Q3", "--indicator",
                 "work_quality", "--points", "10", message=LOCKED)  # fmt: skip
    assert snapshot(db_path) == before
    # the open quarter still takes them
    demo.ok(*log, "--date", "2025-10-20")
    demo.ok("score", "unlock", "2025Q3", "--reason", "补录迟报活动")
    demo.ok(*log, "--date", "2025-08-01")


def test_deleting_an_activity_a_case_cites_is_refused_cleanly(demo, db_path):
    demo.ok("case", "add", "主题党日经验", "--on", "2025-12-20", "--alliance", RED,
            "--activity", "64")  # fmt: skip
    before = snapshot(db_path)
    demo.refused("activity", "delete", "64", message="cited by the case '主题党日经验'")
    assert snapshot(db_path) == before


def test_inspection_points_feed_an_indicator_until_the_clerk_enters_one(scored_township):
    cli = scored_township
    cli.ok("score", "inspect", "plan", "2023Q2")
    plan = json.loads(cli.ok("score", "inspect", "list", "2023Q2", "-f", "json").stdout)
    inspector = next(row for row in plan if row["inspected"] == "蓝色联盟")["inspector"]
    cli.ok("score", "inspect", "record", "2023Q2", "--inspector", inspector, "--inspected",
           "蓝色联盟", "--points", "85", "--on", "2023-06-20")  # fmt: skip
    cli.ok("score", "compute", "2023Q2")
    points, explained = points_of(cli, "蓝色联盟", "2023Q2")
    assert points["alliance_inspection"] == Decimal("8.50")
    assert [r["ref"] for r in explained["records"] if r["code"] == "alliance_inspection"] == [
        "inspection"
    ]
    cli.ok("score", "enter", "蓝色联盟", "--period", "2023Q2", "--indicator",
           "alliance_inspection", "--points", "6")  # fmt: skip
    points, _ = points_of(cli, "蓝色联盟", "2023Q2")
    assert points["alliance_inspection"] == Decimal("6.00")


def test_the_airing_can_show_where_self_assessment_and_review_differ(demo, db_path):
    rows = airing_json(demo, "report", "airing", "2025Q4", "--self-review")["organisations"]
    differing = query(
        db_path,
        "SELECT o.name, e.self_hundredths, e.reviewed_hundredths FROM score_entry e "
        "JOIN organisation o ON o.id = e.subject_id WHERE e.period = '2025Q4' "
        "AND e.self_hundredths <> e.reviewed_hundredths",
    )
    assert differing
    shown = {row["name"]: row["self_review"] for row in rows}
    for name, own, reviewed in differing:
        assert shown[name] == f"work_quality {own / 100:.2f}→{reviewed / 100:.2f}"
    assert sum(1 for text in shown.values() if text) == len(differing)


def test_a_veto_zeroes_the_total_and_the_stars_and_shows_its_reason(scored_township):
    cli = scored_township
    cli.ok("score", "veto", "红岩村", "--period", "2023Q2", "--reason", "发生安全事故")
    shown = airing_json(cli, "score", "compute", "2023Q2")
    row = next(r for r in shown["organisations"] if r["name"] == "红岩村")
    assert (Decimal(row["total"]), row["stars"], row["veto"]) == (Decimal(0), 0, "发生安全事故")
    assert row["rank"] == max(r["rank"] for r in shown["organisations"])
    _, explained = points_of(cli, "红岩村", "2023Q2")
    veto_line = explained["terms"][-1]
    assert veto_line["code"] == "_veto" and Decimal(veto_line["points"]) < 0
    assert sum(Decimal(t["points"]) for t in explained["terms"]) == 0
    out = cli.ok("--lang", "zh", "report", "airing", "2023Q2").stdout
    assert "发生安全事故" in out


def test_membership_changes_reaching_a_published_quarter_are_refused(demo, db_path, tmp_path):
    before = snapshot(db_path)
    demo.refused(
        "member", "join", "镇卫生院党支部", RED, "--on", "2025-05-01", message="2025Q2 is locked"
    )
    demo.refused("member", "leave", "石门村党支部", RED, "--on", "2025-09-01", message=LOCKED)
    demo.refused("alliance", "create", "秸秆禁烧任务联盟", "--kind", "task", "--founded",
                 "2025-06-01", "--member", "平安村党支部", "--member", "豆香村党支部",
                 message="2025Q2 is locked")  # fmt: skip
    demo.refused("alliance", "dissolve", "防汛救灾任务联盟", "--on", "2025-09-30", message=LOCKED)
    sheet = tmp_path / "members.csv"
    sheet.write_text("名称,类别,联盟,加入日期\n新村党支部,村,红色引领片区联盟,2025-03-01\n",
                     encoding="utf-8")  # fmt: skip
    refused = demo.refused("member", "import", sheet, message="row 2")
    assert "2025Q1 is locked" in refused.stderr
    assert snapshot(db_path) == before
    # from the open quarter on, the same changes go through
    demo.ok("member", "join", "镇卫生院党支部", RED, "--on", "2025-10-01")
    demo.ok("alliance", "dissolve", "防汛救灾任务联盟", "--on", "2025-12-01")


def test_compute_is_silent_with_quiet_unless_a_format_is_asked_for(scored_township, db_path):
    quiet = scored_township.ok("--quiet", "score", "compute", "2023Q2")
    assert quiet.stdout == "" and quiet.stderr == ""
    assert query(db_path, "SELECT count(*) FROM score_result") == [(6,)]
    shown = scored_township.ok("--quiet", "score", "compute", "2023Q2", "-f", "csv").stdout
    assert shown.count("\n") > 6


def annual_rows(cli, year="2025"):
    return json.loads(cli.ok("score", "annual", year, "-f", "json").stdout)


def test_annual_combines_quarters_arena_and_mutual_with_the_scheme_weights(demo):
    quarters = {}
    for q in ("2025Q1", "2025Q2", "2025Q3", "2025Q4"):
        for row in airing_json(demo, "report", "airing", q)["organisations"]:
            quarters.setdefault(row["name"], []).append(Decimal(row["total"]))
    villages = ["红岩村党支部", "石门村党支部", "桃源村党支部"]
    demo.ok(
        "score", "arena", "create", "2025H1", *[a for v in villages for a in ("--contestant", v)]
    )
    for judge, points in (("甲", ("90", "80", "70")), ("乙", ("88", "82", "60"))):
        for village, p in zip(villages, points, strict=True):
            demo.ok("score", "arena", "judge", "2025H1", "--judge", judge, "--contestant", village,
                    "--points", p)  # fmt: skip
    demo.ok("score", "mutual", "rate", "2025", "--rater", "石门村党支部", "--ratee", "红岩村党支部",
            "--points", "95")  # fmt: skip
    rows = {r["name"]: r for r in annual_rows(demo)["organisations"]}
    cent = Decimal("0.01")

    def mean(values):
        return (sum(values) / len(values)).quantize(cent, rounding="ROUND_HALF_UP")

    hongyan = rows["红岩村党支部"]
    assert Decimal(hongyan["quarter_mean"]) == mean(quarters["红岩村党支部"])
    assert Decimal(hongyan["arena"]) == Decimal("60.00")  # 1st of the only arena held
    assert Decimal(hongyan["mutual"]) == Decimal("95.00")
    expected = (Decimal("0.6") * mean(quarters["红岩村党支部"]) + Decimal("0.2") * 60
                + Decimal("0.2") * 95).quantize(cent, rounding="ROUND_HALF_UP")  # fmt: skip
    assert Decimal(hongyan["total"]) == expected
    # no arena, no rating: both count 0 for an organisation that did not take part
    other = rows["豆香村党支部"]
    assert (Decimal(other["arena"]), Decimal(other["mutual"])) == (0, 0)
    # the veto of 2025Q3 carries into the year
    vetoed = rows["镇司法所党支部"]
    assert (Decimal(vetoed["total"]), vetoed["grade"], vetoed["veto"]) == (
        Decimal(0),
        "较差",
        "辖区发生重大安全责任事故（一票否决）",
    )
    # alliances had neither arena nor mutual evaluation: their year is the quarters' mean
    for row in annual_rows(demo)["alliances"]:
        assert row["arena"] is None and row["mutual"] is None
        assert Decimal(row["total"]) == Decimal(row["quarter_mean"])
    assert annual_rows(demo) == json.loads(demo.ok("report", "annual", "2025", "-f", "json").stdout)


def test_demonstration_points_hold_the_top_stars_for_consecutive_quarters(
    scored_township, tmp_path
):
    cli = scored_township
    text = Path("data/scoring_scheme.toml").read_text(encoding="utf-8")
    low = text.replace("thresholds = [60, 70, 80, 90, 95]", "thresholds = [5, 15]").replace(
        "5 = 0.30", "2 = 1"
    )
    scheme = tmp_path / "low.toml"
    scheme.write_text(low, encoding="utf-8")
    cli.ok("score", "scheme", "load", scheme, "--from", "2023Q1")
    log(cli, "--alliance", "红色联盟", "--kind", "welfare", "--date", "2023-07-10",
        "--title", "义诊二", "--host", "红岩村", "--org", "石门村:10", "--hours", "30")  # fmt: skip
    cli.ok("score", "compute", "2023Q2")
    cli.ok("score", "compute", "2023Q3")
    rows = {r["name"]: r for r in annual_rows(cli, "2023")["organisations"]}
    assert rows["红岩村"]["demonstration"] is True
    assert rows["镇派出所"]["demonstration"] is False
    cli.refused("score", "annual", "2023Q2", message="not a year")
