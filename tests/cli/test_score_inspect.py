"""`alliance score inspect ...` through the CLI: the clerk plans who inspects whom each
quarter, records the points and findings, and follows each finding's rectification (整改)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from alliance_cli.core.inspection_pairing import plan_inspections
from tests.conftest import publish, query, snapshot

# In the township fixture: alliances 全域联盟 1 (core), 红色联盟 2, 蓝色联盟 3; organisations
# 红岩村 1, 石门村 2 (红色联盟 from 2023-03-01), 新街社区 3, 镇派出所 4 (蓝色联盟).
# The fixture below adds 绿色联盟 4 and 金色联盟 5, founded 2023-01-01.
RED, BLUE, GREEN, GOLD = 2, 3, 4, 5
AREA_ALLIANCES = [RED, BLUE, GREEN, GOLD]
NAMES = {RED: "红色联盟", BLUE: "蓝色联盟", GREEN: "绿色联盟", GOLD: "金色联盟"}


@pytest.fixture
def alliances(township):
    """Four area alliances: two more besides the township's red and blue ones."""
    township.ok("alliance", "create", "绿色联盟", "--kind", "area", "--theme", "green",
                "--founded", "2023-01-01")  # fmt: skip
    township.ok("alliance", "create", "金色联盟", "--kind", "area", "--theme", "金色",
                "--founded", "2023-01-01")  # fmt: skip
    return township


def stored_pairs(db_path, period, subject_type="alliance"):
    return query(
        db_path,
        "SELECT inspector_id, inspected_id FROM inspection "
        f"WHERE period = '{period}' AND subject_type = '{subject_type}' ORDER BY id",
    )


def plan(cli, period, *args):
    return json.loads(cli.ok("score", "inspect", "plan", period, *args, "-f", "json").stdout)


def assignment(db_path, period, inspector_id):
    (inspected_id,) = query(
        db_path,
        f"SELECT inspected_id FROM inspection WHERE period = '{period}' "
        f"AND subject_type = 'alliance' AND inspector_id = {inspector_id}",
    )[0]
    return inspected_id


def record(cli, db_path, period, inspector_id, *args):
    """Record the inspection the plan gave `inspector_id`, by name as the clerk types it."""
    inspected_id = assignment(db_path, period, inspector_id)
    return cli.ok(
        "score", "inspect", "record", period, "--inspector", NAMES[inspector_id],
        "--inspected", NAMES[inspected_id], *args,
    )  # fmt: skip


def check_round(pairs, subjects):
    assert [a for a, _ in pairs] == subjects
    assert sorted(b for _, b in pairs) == sorted(subjects)
    assert all(a != b for a, b in pairs)
    if len(subjects) >= 3:
        assert not any((b, a) in set(pairs) for a, b in pairs), "a mutual pair"


# --- score inspect plan ----------------------------------------------------------------------


def test_plan_pairs_the_area_alliances_with_the_quarter_as_seed(alliances, db_path):
    result = alliances.ok("score", "inspect", "plan", "2023Q2", "-f", "json")
    assert result.stderr == "planned 4 inspections for 2023Q2 (seed 20232)\n"
    expected = plan_inspections(AREA_ALLIANCES, 20232, [])
    assert json.loads(result.stdout) == [
        {"inspector": NAMES[a], "inspected": NAMES[b]} for a, b in expected
    ]
    assert stored_pairs(db_path, "2023Q2") == expected
    check_round(expected, AREA_ALLIANCES)
    assert query(db_path, "SELECT DISTINCT seed, points_hundredths FROM inspection") == [
        (20232, None)
    ]
    (entry,) = query(
        db_path,
        "SELECT action, entity, entity_key, before, after FROM audit_log "
        "WHERE entity = 'score_inspection'",
    )
    assert entry[:4] == ("plan", "score_inspection", "2023Q2/alliance", None)
    assert json.loads(entry[4]) == {
        "seed": 20232,
        "previous": None,
        "pairs": [[NAMES[a], NAMES[b]] for a, b in expected],
    }


def test_the_plan_prints_in_every_format(alliances, tmp_path):
    pairs = plan(alliances, "2023Q2", "--seed", "5")
    alliances.ok("score", "inspect", "plan", "2023Q2", "--seed", "5", "--replace")
    lines = "".join(f"{p['inspector']},{p['inspected']}\r\n" for p in pairs)
    csv_out = alliances.ok("score", "inspect", "plan", "2023Q2", "--seed", "5", "--replace",
                           "-f", "csv")  # fmt: skip
    assert csv_out.stdout_bytes.decode("utf-8") == "\ufeffinspector,inspected\r\n" + lines
    zh = alliances.ok("--lang", "zh", "score", "inspect", "plan", "2023Q2", "--seed", "5",
                      "--replace", "-f", "csv")  # fmt: skip
    assert zh.stdout_bytes.decode("utf-8").startswith("\ufeff检查方,被检查方\r\n")
    assert zh.stderr == "已重新安排 2023Q2 交叉检查：4 项（种子 5）\n"
    table = alliances.ok("score", "inspect", "plan", "2023Q2", "--seed", "5", "--replace")
    assert table.stdout.splitlines()[0].split() == ["inspector", "inspected"]
    assert table.stdout.splitlines()[2].split() == [pairs[0]["inspector"], pairs[0]["inspected"]]
    md = alliances.ok("score", "inspect", "plan", "2023Q2", "--seed", "5", "--replace",
                      "-f", "md").stdout  # fmt: skip
    assert f"| {pairs[1]['inspector']} " in md and md.startswith("| inspector ")
    for suffix in ("xlsx", "html"):
        target = tmp_path / f"plan.{suffix}"
        alliances.ok("score", "inspect", "plan", "2023Q2", "--seed", "5", "--replace",
                     "--output", target)  # fmt: skip
        assert target.stat().st_size > 0
    assert "金色联盟" in (tmp_path / "plan.html").read_text(encoding="utf-8")


def test_the_same_seed_gives_the_same_plan(alliances, db_path):
    first = plan(alliances, "2023Q2", "--seed", "41")
    again = plan(alliances, "2023Q2", "--seed", "41", "--replace")
    assert first == again
    assert stored_pairs(db_path, "2023Q2") == plan_inspections(AREA_ALLIANCES, 41, [])
    replanned = query(
        db_path, "SELECT action, before FROM audit_log WHERE entity_key = '2023Q2/alliance'"
    )
    assert [action for action, _ in replanned] == ["plan", "replan"]
    assert json.loads(replanned[1][1])["seed"] == 41


def test_successive_quarters_avoid_the_previous_round(alliances, db_path):
    seen = {}
    for period in ("2023Q1", "2023Q2", "2023Q3", "2024Q1"):
        alliances.ok("score", "inspect", "plan", period)
        seen[period] = stored_pairs(db_path, period)
        check_round(seen[period], AREA_ALLIANCES)
    for earlier, later in (("2023Q1", "2023Q2"), ("2023Q2", "2023Q3"), ("2023Q3", "2024Q1")):
        assert not set(seen[earlier]) & set(seen[later]), (earlier, later)
    previous = [
        json.loads(after)["previous"]
        for (after,) in query(
            db_path, "SELECT after FROM audit_log WHERE entity = 'score_inspection' ORDER BY id"
        )
    ]
    assert previous == [None, "2023Q1", "2023Q2", "2023Q3"]


def test_the_previous_round_is_the_latest_earlier_plan_of_the_same_subjects(alliances, db_path):
    alliances.ok("score", "inspect", "plan", "2023Q1")
    alliances.ok("score", "inspect", "plan", "2023Q3", "--organisations")  # not alliances
    alliances.ok("score", "inspect", "plan", "2024Q1")  # 2023Q2-Q4 have no alliance plan
    (after,) = query(
        db_path,
        "SELECT after FROM audit_log WHERE entity_key = '2024Q1/alliance'",
    )[0]
    assert json.loads(after)["previous"] == "2023Q1"
    assert not set(stored_pairs(db_path, "2023Q1")) & set(stored_pairs(db_path, "2024Q1"))
    assert stored_pairs(db_path, "2024Q1") == plan_inspections(
        AREA_ALLIANCES, 20241, stored_pairs(db_path, "2023Q1")
    )


def test_only_alliances_existing_in_the_quarter_take_part(alliances, db_path):
    alliances.ok("alliance", "create", "新联盟", "--kind", "area", "--theme", "red",
                 "--founded", "2023-07-01")  # fmt: skip
    alliances.ok("alliance", "dissolve", "金色联盟", "--on", "2023-04-01")

    def inspectors(period):
        alliances.ok("score", "inspect", "plan", period)
        return [a for a, _ in stored_pairs(db_path, period)]

    assert inspectors("2023Q1") == [RED, BLUE, GREEN, GOLD]  # never the core alliance
    assert inspectors("2023Q2") == [RED, BLUE, GREEN]  # 金色联盟 dissolved on the first day
    assert inspectors("2023Q3") == [RED, BLUE, GREEN, 6]  # 新联盟 founded on the first day


def test_two_alliances_inspect_each_other(township, db_path):
    assert plan(township, "2023Q2") == [
        {"inspector": "红色联盟", "inspected": "蓝色联盟"},
        {"inspector": "蓝色联盟", "inspected": "红色联盟"},
    ]


def test_a_repeat_that_cannot_be_avoided_is_planned_with_a_warning(township, db_path):
    township.ok("score", "inspect", "plan", "2023Q1")  # red and blue inspect each other
    township.ok("alliance", "create", "绿色联盟", "--kind", "area", "--theme", "green",
                "--founded", "2023-04-01")  # fmt: skip
    result = township.ok("--quiet", "score", "inspect", "plan", "2023Q2", "-f", "json")
    # Any round of three uses red->blue or blue->red: one repeat is unavoidable.
    assert result.stderr == (
        "warning: 1 pairs repeat the 2023Q1 plan (no other plan was possible)\n"
    )
    check_round(stored_pairs(db_path, "2023Q2"), [RED, BLUE, 4])


def test_plan_the_organisations_instead(township, db_path):
    result = township.ok("score", "inspect", "plan", "2023年第二季度", "--organisations",
                         "--seed", "3", "-f", "json")  # fmt: skip
    assert result.stderr == "planned 4 inspections for 2023Q2 (seed 3)\n"
    pairs = plan_inspections([1, 2, 3, 4], 3, [])
    assert stored_pairs(db_path, "2023Q2", "organisation") == pairs
    names = {1: "红岩村", 2: "石门村", 3: "新街社区", 4: "镇派出所"}
    assert json.loads(result.stdout) == [
        {"inspector": names[a], "inspected": names[b]} for a, b in pairs
    ]
    # An organisation plan and an alliance plan of one quarter live side by side.
    township.ok("score", "inspect", "plan", "2023Q2")
    assert stored_pairs(db_path, "2023Q2") == [(RED, BLUE), (BLUE, RED)]
    listed = json.loads(township.ok("score", "inspect", "list", "2023Q2", "-f", "json").stdout)
    assert [row["inspection_subject_type"] for row in listed] == ["alliance"] * 2 + [
        "organisation"
    ] * 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2023Q2",), "2023Q2 already has a cross-inspection plan (seed 20232); use --replace"),
        (("2023H1",), "'2023H1' is not a quarter (e.g. 2025Q1)"),
        (("2023Q5",), "period '2023Q5' is not valid"),
        (("2023Q3", "--seed", "-1"), "seed '-1' must be a whole number from 0 to 2147483647"),
        (("2023Q3", "--seed", "2147483648"), "seed '2147483648' must be a whole number"),
        (("2022Q4",), "2022Q4 has only 0 subjects to inspect; at least 2 are needed"),
        (("2022Q4", "--organisations"), "2022Q4 has only 0 subjects to inspect"),
    ],
)
def test_plan_refusals_change_nothing(alliances, db_path, args, message):
    alliances.ok("score", "inspect", "plan", "2023Q2")
    alliances.refused_unchanged(db_path, "score", "inspect", "plan", *args, message=message)


def test_a_plan_with_recorded_inspections_cannot_be_replaced(alliances, db_path):
    alliances.ok("score", "inspect", "plan", "2023Q2")
    record(alliances, db_path, "2023Q2", RED, "--points", "80", "--on", "2023-06-01")
    alliances.refused_unchanged(
        db_path, "score", "inspect", "plan", "2023Q2", "--replace", "--seed", "9",
        message="the 2023Q2 plan already has points or findings recorded (1 inspections); "
        "it cannot be planned again",
    )  # fmt: skip


# --- score inspect list ----------------------------------------------------------------------


def test_list_shows_points_and_finding_counts(alliances, db_path):
    alliances.ok("score", "inspect", "plan", "2023Q2")
    red_target = assignment(db_path, "2023Q2", RED)
    record(alliances, db_path, "2023Q2", RED, "--points", "88.5", "--on", "2023-06-01",
           "--finding", "台账不全", "--finding", "阵地标识缺失", "--due", "2023-07-31")  # fmt: skip
    alliances.ok("score", "inspect", "rectify", "1", "--status", "closed", "--on", "2023-06-20")
    listed = json.loads(alliances.ok("score", "inspect", "list", "2023Q2", "-f", "json").stdout)
    expected_pairs = plan_inspections(AREA_ALLIANCES, 20232, [])
    assert [(row["inspector"], row["inspected"]) for row in listed] == [
        (NAMES[a], NAMES[b]) for a, b in expected_pairs
    ]
    assert listed[0] == {
        "inspection_subject_type": "alliance",
        "inspector": "红色联盟",
        "inspected": NAMES[red_target],
        "inspection_points": "88.50",
        "inspected_on": "2023-06-01",
        "finding_count": 2,
        "findings_unfinished": 1,
        "inspection_seed": 20232,
    }
    assert all(row["inspection_points"] is None for row in listed[1:])
    assert all(row["finding_count"] == 0 for row in listed[1:])
    zh = alliances.ok("--lang", "zh", "score", "inspect", "list", "2023Q2", "-f", "csv")
    lines = zh.stdout_bytes.decode("utf-8").splitlines()
    assert lines[0] == "\ufeff检查对象,检查方,被检查方,检查得分,检查日期,问题数,未完成整改,种子"
    assert lines[1] == f"联盟,红色联盟,{NAMES[red_target]},88.50,2023-06-01,2,1,20232"


def test_list_refuses_a_quarter_without_a_plan(alliances, db_path):
    alliances.ok("score", "inspect", "plan", "2023Q2")
    alliances.refused(
        "score", "inspect", "list", "2023Q3",
        message="no cross-inspection plan for 2023Q3 (make one with "
        "'alliance score inspect plan 2023Q3')",
    )  # fmt: skip
    alliances.refused("score", "inspect", "list", "2023", message="'2023' is not a quarter")


# --- score inspect record --------------------------------------------------------------------


@pytest.fixture
def planned(alliances, db_path):
    alliances.ok("score", "inspect", "plan", "2023Q2")
    return alliances


def test_record_stores_points_date_and_open_findings(planned, db_path):
    target = assignment(db_path, "2023Q2", RED)
    result = record(planned, db_path, "2023Q2", RED, "--points", "88.5", "--on", "2023/6/1",
                    "--finding", " 台账不全 ", "--finding", "阵地标识缺失",
                    "--due", "2023年7月31日")  # fmt: skip
    assert result.stderr == (
        f"recorded the 2023Q2 inspection of '{NAMES[target]}' by '红色联盟': 88.50 points, "
        "2 findings (ids 1, 2)\n"
    )
    assert query(
        db_path,
        "SELECT points_hundredths, inspected_on FROM inspection WHERE inspector_id = 2",
    ) == [(8850, "2023-06-01")]
    assert query(
        db_path, "SELECT id, inspection_id, finding, status, due_on, closed_on FROM "
        "inspection_finding ORDER BY id",
    ) == [
        (1, 1, "台账不全", "open", "2023-07-31", None),
        (2, 1, "阵地标识缺失", "open", "2023-07-31", None),
    ]  # fmt: skip
    (entry,) = query(
        db_path,
        "SELECT action, entity_key, before, after FROM audit_log "
        "WHERE entity = 'score_inspection' AND action = 'record'",
    )
    assert entry[:3] == ("record", f"2023Q2/红色联盟/inspects {NAMES[target]}", None)
    assert json.loads(entry[3]) == {
        "points": "88.50",
        "inspected_on": "2023-06-01",
        "findings": ["台账不全", "阵地标识缺失"],
        "due_on": "2023-07-31",
    }


def test_record_without_findings_or_date_uses_today(planned, db_path):
    result = record(planned, db_path, "2023Q2", BLUE, "--points", "100")
    assert result.stderr.endswith(": 100.00 points, 0 findings (ids -)\n")
    assert query(
        db_path, "SELECT points_hundredths, inspected_on FROM inspection WHERE inspector_id = 3"
    ) == [(10000, date.today().isoformat())]
    assert query(db_path, "SELECT * FROM inspection_finding") == []


def test_record_again_with_replace_replaces_points_date_and_findings(planned, db_path):
    target = NAMES[assignment(db_path, "2023Q2", RED)]
    record(planned, db_path, "2023Q2", RED, "--points", "70", "--on", "2023-06-01",
           "--finding", "旧问题")  # fmt: skip
    result = record(planned, db_path, "2023Q2", RED, "--points", "75.25", "--on", "2023-06-02",
                    "--finding", "新问题一", "--finding", "新问题二", "--replace")  # fmt: skip
    assert result.stderr.startswith("corrected the 2023Q2 inspection")
    assert query(
        db_path, "SELECT points_hundredths, inspected_on FROM inspection WHERE inspector_id = 2"
    ) == [(7525, "2023-06-02")]
    assert query(db_path, "SELECT finding, status FROM inspection_finding ORDER BY id") == [
        ("新问题一", "open"),
        ("新问题二", "open"),
    ]
    (entry,) = query(
        db_path, "SELECT entity_key, before, after FROM audit_log WHERE action = 'rerecord'"
    )
    assert entry[0] == f"2023Q2/红色联盟/inspects {target}"
    assert json.loads(entry[1]) == {
        "points": "70.00",
        "inspected_on": "2023-06-01",
        "findings": ["旧问题"],
        "due_on": None,
    }
    assert json.loads(entry[2])["findings"] == ["新问题一", "新问题二"]


def record_args(db_path, inspector_id=RED, *extra):
    return (
        "score", "inspect", "record", "2023Q2", "--inspector", NAMES[inspector_id],
        "--inspected", NAMES[assignment(db_path, "2023Q2", inspector_id)], *extra,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--points", "100.01"), "inspection points '100.01' must be a number from 0 to 100"),
        (("--points", "-1"), "inspection points '-1' must be a number from 0 to 100"),
        (("--points", "85.555"), "with at most two decimals"),
        (("--points", "八十"), "inspection points '八十' must be a number"),
        (("--points", "NaN"), "inspection points 'NaN' must be a number"),
        (("--points", "80", "--on", "2023-03-31"),
         "an inspection of 2023Q2 cannot be dated before 2023-04-01"),
        (("--points", "80", "--on", "2023-02-30"), "--on '2023-02-30' is not a valid date"),
        (("--points", "80", "--due", "2023-07-31"),
         "--due is the date to rectify findings by; give at least one --finding"),
        (("--points", "80", "--on", "2023-06-01", "--finding", "问题", "--due", "2023-05-31"),
         "the due date 2023-05-31 is before the inspection on 2023-06-01"),
        (("--points", "80", "--finding", "  "), "a finding must not be empty"),
        (("--points", "80", "--subject-type", "planet"), "invalid subject type 'planet'"),
    ],
)  # fmt: skip
def test_record_refuses_bad_values(planned, db_path, extra, message):
    before = snapshot(db_path)
    result = planned.refused(*record_args(db_path, RED, *extra), message=message)
    assert result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


def test_record_refuses_a_pair_not_in_the_plan_naming_the_assignment(planned, db_path):
    assigned = NAMES[assignment(db_path, "2023Q2", RED)]
    other = next(n for i, n in NAMES.items() if n != assigned and i != RED)
    before = snapshot(db_path)
    planned.refused(
        "score", "inspect", "record", "2023Q2", "--inspector", "红色联盟", "--inspected", other,
        "--points", "80",
        message=f"in the 2023Q2 plan '红色联盟' inspects '{assigned}', not '{other}'",
    )  # fmt: skip
    planned.refused(
        "score", "inspect", "record", "2023Q2", "--inspector", "红色联盟", "--inspected",
        "红色联盟", "--points", "80", message="'红色联盟' inspects",
    )  # fmt: skip
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("inspector", "inspected", "period", "message"),
    [
        ("无名联盟", "蓝色联盟", "2023Q2", "no organisation or alliance named '无名联盟'"),
        ("红色联盟", "无名联盟", "2023Q2", "no organisation or alliance named '无名联盟'"),
        ("全域联盟", "红色联盟", "2023Q2",
         "'全域联盟' has no inspection to make in the 2023Q2 plan"),
        ("红岩村", "石门村", "2023Q2", "'红岩村' has no inspection to make in the 2023Q2 plan"),
        ("红色联盟", "蓝色联盟", "2023Q3",
         "no cross-inspection plan for 2023Q3 (make one with 'alliance score inspect plan "
         "2023Q3')"),
        ("红色联盟", "蓝色联盟", "2023H1", "'2023H1' is not a quarter"),
    ],
)  # fmt: skip
def test_record_refuses_unknown_or_unplanned_subjects(planned, db_path, inspector, inspected,
                                                      period, message):  # fmt: skip
    planned.refused_unchanged(
        db_path, "score", "inspect", "record", period, "--inspector", inspector,
        "--inspected", inspected, "--points", "80", message=message,
    )  # fmt: skip


def test_recording_twice_is_refused_without_replace(planned, db_path):
    target = NAMES[assignment(db_path, "2023Q2", RED)]
    record(planned, db_path, "2023Q2", RED, "--points", "80", "--on", "2023-06-01")
    planned.refused_unchanged(
        db_path,
        *record_args(db_path, RED, "--points", "90"),
        message=f"the 2023Q2 inspection of '{target}' by '红色联盟' is already recorded "
        "(80.00 points); use --replace to correct it",
    )


def test_replace_is_refused_once_a_rectification_has_begun(planned, db_path):
    record(planned, db_path, "2023Q2", RED, "--points", "80", "--on", "2023-06-01",
           "--finding", "台账不全", "--finding", "制度未上墙")  # fmt: skip
    planned.ok("score", "inspect", "rectify", "2", "--status", "整改中")
    planned.refused_unchanged(
        db_path,
        *record_args(db_path, RED, "--points", "85", "--replace"),
        message="the rectification of finding 2 has begun; the inspection can no longer be "
        "replaced",
    )


def test_a_published_quarter_keeps_its_inspection_points(planned, db_path):
    publish(db_path, "2023Q2")
    planned.refused_unchanged(
        db_path,
        *record_args(db_path, RED, "--points", "80"),
        message="2023Q2 is published and locked, so its inspection points cannot change; "
        "unlock it first with 'alliance score unlock 2023Q2 --reason ...'",
    )
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE score_publication SET unlocked_at = '2023-07-03'")
    connection.commit()
    connection.close()
    record(planned, db_path, "2023Q2", RED, "--points", "80", "--on", "2023-06-01")


def test_a_name_that_is_both_kinds_needs_a_subject_type_when_both_are_planned(planned, db_path):
    # An organisation that shares its name with an alliance, in the organisations' round too.
    planned.ok("member", "add", "蓝色联盟", "--category", "other")
    planned.ok("member", "join", "蓝色联盟", "红色联盟", "--on", "2023-01-01")
    org_id = query(db_path, "SELECT id FROM organisation WHERE name = '蓝色联盟'")[0][0]
    target = NAMES[assignment(db_path, "2023Q2", BLUE)]
    # With only the alliances' round planned, the name is read as the alliance.
    record(planned, db_path, "2023Q2", BLUE, "--points", "60", "--on", "2023-06-01")
    planned.ok("score", "inspect", "plan", "2023Q2", "--organisations")
    planned.refused_unchanged(
        db_path, "score", "inspect", "record", "2023Q2", "--inspector", "蓝色联盟", "--inspected",
        target, "--points", "70", "--replace",
        message="'蓝色联盟' is both an organisation and an alliance; say which with "
        "--subject-type",
    )  # fmt: skip
    planned.ok(
        "score", "inspect", "record", "2023Q2", "--inspector", "蓝色联盟", "--inspected",
        target, "--points", "70", "--replace", "--subject-type", "联盟",
    )  # fmt: skip
    (org_target,) = query(
        db_path,
        "SELECT o.name FROM inspection i JOIN organisation o ON o.id = i.inspected_id "
        f"WHERE i.subject_type = 'organisation' AND i.inspector_id = {org_id}",
    )[0]
    planned.ok(
        "score", "inspect", "record", "2023Q2", "--inspector", "蓝色联盟", "--inspected",
        org_target, "--points", "66", "--on", "2023-06-05", "--subject-type", "organisation",
    )  # fmt: skip
    assert query(
        db_path,
        "SELECT subject_type, points_hundredths FROM inspection "
        "WHERE points_hundredths IS NOT NULL ORDER BY subject_type",
    ) == [("alliance", 7000), ("organisation", 6600)]


# --- score inspect rectify -------------------------------------------------------------------


@pytest.fixture
def found(planned, db_path):
    """Findings 1 and 2 (due 2023-07-31) from 红色联盟's inspection on 2023-06-01."""
    record(planned, db_path, "2023Q2", RED, "--points", "80", "--on", "2023-06-01",
           "--finding", "台账不全", "--finding", "制度未上墙", "--due", "2023-07-31")  # fmt: skip
    return planned


def findings_stored(db_path):
    return query(db_path, "SELECT id, status, closed_on FROM inspection_finding ORDER BY id")


def test_rectify_moves_a_finding_to_rectifying_then_closed(found, db_path):
    result = found.ok("score", "inspect", "rectify", "1", "--status", "rectifying")
    assert result.stderr == "finding 1: rectifying\n"
    assert findings_stored(db_path) == [(1, "rectifying", None), (2, "open", None)]
    result = found.ok("--lang", "zh", "score", "inspect", "rectify", "1", "--status", "已整改",
                      "--on", "2023-07-20")  # fmt: skip
    assert result.stderr == "问题 1：已整改（2023-07-20）\n"
    assert findings_stored(db_path) == [(1, "closed", "2023-07-20"), (2, "open", None)]
    entries = query(
        db_path,
        "SELECT entity, entity_key, before, after FROM audit_log "
        "WHERE action = 'rectify' ORDER BY id",
    )
    target = NAMES[assignment(db_path, "2023Q2", RED)]
    assert [e[:2] for e in entries] == [
        ("score_inspection_finding", f"2023Q2/红色联盟/inspects {target}/finding 1")
    ] * 2
    assert json.loads(entries[1][2]) == {"status": "rectifying", "closed_on": None}
    assert json.loads(entries[1][3]) == {"status": "closed", "closed_on": "2023-07-20"}


def test_closing_an_open_finding_defaults_to_today(found, db_path):
    found.ok("score", "inspect", "rectify", "2", "--status", "CLOSED")
    assert findings_stored(db_path)[1] == (2, "closed", date.today().isoformat())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("9", "--status", "closed"), "no inspection finding 9"),
        (("1", "--status", "open"), "invalid --status 'open'; choose one of: "
         "rectifying/整改中, closed/已整改"),
        (("1", "--status", "待整改"), "invalid --status '待整改'"),
        (("2", "--status", "整改中"), "finding 2 is already being rectified"),
        (("3", "--status", "rectifying"), "finding 3 was closed on 2023-07-01 and cannot change"),
        (("3", "--status", "closed"), "finding 3 was closed on 2023-07-01 and cannot change"),
        (("1", "--status", "rectifying", "--on", "2023-07-01"),
         "--on is the closing date: give it only with --status closed"),
        (("1", "--status", "closed", "--on", "2023-05-31"),
         "the closing date 2023-05-31 is before the inspection on 2023-06-01"),
        (("1", "--status", "closed", "--on", "tomorrow"), "--on 'tomorrow' is not a valid date"),
    ],
)  # fmt: skip
def test_rectify_refusals_change_nothing(found, db_path, args, message):
    record(found, db_path, "2023Q2", BLUE, "--points", "90", "--on", "2023-06-01",
           "--finding", "已改好的问题")  # fmt: skip
    found.ok("score", "inspect", "rectify", "2", "--status", "rectifying")
    found.ok("score", "inspect", "rectify", "3", "--status", "closed", "--on", "2023-07-01")
    found.refused_unchanged(db_path, "score", "inspect", "rectify", *args, message=message)


# --- score inspect open ----------------------------------------------------------------------


def test_open_lists_unfinished_findings_soonest_due_first(found, db_path):
    blue_target = NAMES[assignment(db_path, "2023Q2", BLUE)]
    red_target = NAMES[assignment(db_path, "2023Q2", RED)]
    record(found, db_path, "2023Q2", BLUE, "--points", "90", "--on", "2023-06-03",
           "--finding", "不急的问题", "--due", "2099-12-31")  # fmt: skip
    record(found, db_path, "2023Q2", GREEN, "--points", "90", "--on", "2023-06-03",
           "--finding", "未定期限")  # fmt: skip
    found.ok("score", "inspect", "rectify", "2", "--status", "整改中")
    found.ok("score", "inspect", "rectify", "1", "--status", "closed", "--on", "2023-07-01")
    rows = json.loads(found.ok("score", "inspect", "open", "-f", "json").stdout)
    green_target = NAMES[assignment(db_path, "2023Q2", GREEN)]
    assert rows == [
        {"id": 2, "inspection_period": "2023Q2", "inspector": "红色联盟",
         "inspected": red_target, "finding": "制度未上墙", "status": "rectifying",
         "inspected_on": "2023-06-01", "finding_due_on": "2023-07-31", "finding_overdue": True},
        {"id": 3, "inspection_period": "2023Q2", "inspector": "蓝色联盟",
         "inspected": blue_target, "finding": "不急的问题", "status": "open",
         "inspected_on": "2023-06-03", "finding_due_on": "2099-12-31",
         "finding_overdue": False},
        {"id": 4, "inspection_period": "2023Q2", "inspector": "绿色联盟",
         "inspected": green_target, "finding": "未定期限", "status": "open",
         "inspected_on": "2023-06-03", "finding_due_on": None, "finding_overdue": False},
    ]  # fmt: skip
    zh = found.ok("--lang", "zh", "score", "inspect", "open", "-f", "csv")
    lines = zh.stdout_bytes.decode("utf-8").splitlines()
    assert lines[0] == "\ufeff编号,季度,检查方,被检查方,问题,状态,检查日期,整改期限,逾期"
    assert lines[1] == f"2,2023Q2,红色联盟,{red_target},制度未上墙,整改中,2023-06-01,2023-07-31,是"
    assert lines[3].endswith(",待整改,2023-06-03,,否")


def test_open_for_a_period(found, db_path):
    found.ok("score", "inspect", "plan", "2023Q3")
    target = NAMES[assignment(db_path, "2023Q3", RED)]
    found.ok("score", "inspect", "record", "2023Q3", "--inspector", "红色联盟", "--inspected",
             target, "--points", "70", "--on", "2023-09-01", "--finding", "三季度问题")  # fmt: skip

    def ids(*period):
        out = found.ok("score", "inspect", "open", *period, "-f", "json").stdout
        return [row["id"] for row in json.loads(out)]

    assert ids() == [1, 2, 3]
    assert ids("--period", "2023Q2") == [1, 2]
    assert ids("--period", "2023-08") == [3]
    assert ids("--period", "2023H2") == [3]
    assert ids("--period", "2023") == [1, 2, 3]
    assert ids("--period", "latest") == [3]
    assert ids("--period", "上期") == [1, 2]
    assert ids("--period", "2024Q1") == []
    found.refused(
        "score", "inspect", "open", "--period", "2023Q9", message="period '2023Q9' is not valid"
    )


def test_open_on_an_empty_database_lists_nothing(township):
    assert json.loads(township.ok("score", "inspect", "open", "-f", "json").stdout) == []
    township.refused(
        "score", "inspect", "open", "--period", "latest",
        message="no records yet, so there is no latest period",
    )  # fmt: skip


def test_a_replaced_finding_never_gives_its_number_to_a_new_one(alliances, db_path):
    plan(alliances, "2023Q2")
    record(alliances, db_path, "2023Q2", RED, "--points", "80", "--on", "2023-06-01",
           "--finding", "台账不全", "--finding", "制度未上墙")  # fmt: skip
    first = [i for (i,) in query(db_path, "SELECT id FROM inspection_finding ORDER BY id")]
    record(alliances, db_path, "2023Q2", RED, "--points", "82", "--on", "2023-06-01",
           "--finding", "台账不全", "--replace")  # fmt: skip
    (again,) = query(db_path, "SELECT id FROM inspection_finding")
    assert first == [1, 2] and again[0] == 3
