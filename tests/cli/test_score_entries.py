"""`alliance score enter | veto | vetoes | entries | audit` through the CLI: the clerk enters
reviewed points and self-assessments, vetoes a subject, lists what was entered and reads the
audit trail; every refusal leaves the database as it was."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from alliance_cli.core.scheme import default_scheme_text
from alliance_cli.core.score_entries import entry_values, used_entries, vetoes
from alliance_cli.storage.engine import transaction
from alliance_cli.storage.schema import open_database
from tests.conftest import audit, entries_stored, publish, query, snapshot, store_scheme

# In the township fixture: organisations 红岩村 1 (village), 石门村 2 (village, 红色联盟 from
# 2023-03-01), 新街社区 3 (community), 镇派出所 4 (agency); alliances 全域联盟 1 (core),
# 红色联盟 2, 蓝色联盟 3, all founded 2023-01-01.
HONGYAN, SHIMEN, XINJIE, POLICE = 1, 2, 3, 4
RED, BLUE = 2, 3


def enter(cli, subject, *args, period="2025Q1"):
    return cli.ok("--actor", "clerk", "score", "enter", subject, "--period", period, *args)


@pytest.fixture
def scheme(township, db_path):
    """The township with TEST_SCHEME in force from 2025Q1."""
    store_scheme(db_path)
    return township


# --- score enter -----------------------------------------------------------------------------


def test_enter_reviewed_points(township, db_path):
    result = township.ok(
        "--actor", "王芳", "score", "enter", "红岩村", "--period", "2025Q1",
        "--indicator", "work_quality", "--points", "12.5", "--note", "材料齐全",
    )  # fmt: skip
    assert result.stderr == "2025Q1 '红岩村' work_quality: reviewed 12.50 entered\n"
    assert entries_stored(db_path) == [
        ("2025Q1", "organisation", HONGYAN, "work_quality", None, None, 1250, "材料齐全", "王芳")
    ]
    assert audit(db_path, "score_entry", decoded=True) == [
        (
            "enter",
            "2025Q1/红岩村/work_quality",
            None,
            {"self": None, "self_note": None, "reviewed": "12.50", "reviewed_note": "材料齐全"},
        )
    ]
    (actor,) = query(db_path, "SELECT actor FROM audit_log WHERE entity = 'score_entry'")
    assert actor == ("王芳",)


def test_self_assessment_and_review_are_kept_on_one_row(township, db_path):
    result = enter(
        township, "红岩村", "--indicator", "work_quality", "--points", "14", "--self",
        "--note", "自评：活动 6 场",
    )  # fmt: skip
    assert result.stderr == "2025Q1 '红岩村' work_quality: self-assessed 14.00 entered\n"
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "12")
    assert entries_stored(db_path) == [
        ("2025Q1", "organisation", HONGYAN, "work_quality", 1400, "自评：活动 6 场", 1200, None,
         "clerk"),
    ]  # fmt: skip
    first, second = audit(db_path, "score_entry", decoded=True)
    assert first[2] is None and first[3]["self"] == "14.00"
    assert second == (
        "enter",
        "2025Q1/红岩村/work_quality",
        {"self": "14.00", "self_note": "自评：活动 6 场", "reviewed": None, "reviewed_note": None},
        {
            "self": "14.00",
            "self_note": "自评：活动 6 场",
            "reviewed": "12.00",
            "reviewed_note": None,
        },
    )


def test_entering_the_same_value_again_changes_nothing(township, db_path):
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "12", "--note", "好")
    before = snapshot(db_path)
    result = enter(township, "红岩村", "--indicator", "work_quality", "--points", "12.00")
    assert (
        result.stderr
        == "2025Q1 '红岩村' work_quality: reviewed is already 12.00; nothing changed\n"
    )
    assert snapshot(db_path) == before


def test_a_new_value_keeps_the_note_unless_one_is_given(township, db_path):
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "12", "--note", "初审")
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "13")
    assert entries_stored(db_path)[0][6:8] == (1300, "初审")
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "13", "--note", "复核")
    assert entries_stored(db_path)[0][6:8] == (1300, "复核")
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "13", "--note", "")
    assert entries_stored(db_path)[0][6:8] == (1300, None)
    actions = audit(db_path, "score_entry", decoded=True)
    assert len(actions) == 4
    assert actions[1][2]["reviewed"] == "12.00" and actions[1][3]["reviewed"] == "13.00"
    assert actions[3][2]["reviewed_note"] == "复核" and actions[3][3]["reviewed_note"] is None


def test_a_per_item_indicator_takes_a_count(township, db_path):
    result = enter(township, "新街社区", "--indicator", "missed_meetings", "--count", "3")
    assert result.stderr == (
        "2025Q1 '新街社区' missed_meetings: reviewed count 3.00 (-0.50 points each) entered\n"
    )
    assert entries_stored(db_path) == [
        ("2025Q1", "organisation", XINJIE, "missed_meetings", None, None, 300, None, "clerk")
    ]


def test_indicator_by_chinese_name_and_chinese_spellings(township, db_path):
    enter(
        township, "石门村", "--indicator", "村级治理（仅村、社区）", "--points", " ４．５ ",
        period="２０２５年第一季度",
    )  # fmt: skip
    assert entries_stored(db_path) == [
        ("2025Q1", "organisation", SHIMEN, "village_governance", None, None, 450, None, "clerk")
    ]


def test_chinese_messages(township):
    result = township.ok(
        "--lang", "zh", "score", "enter", "红岩村", "--period", "2025Q1",
        "--indicator", "work_quality", "--points", "9", "--self",
    )  # fmt: skip
    assert result.stderr == "2025Q1“红岩村”work_quality：自评 9.00 已录入\n"


def test_alliance_indicator_and_deduction_with_a_loaded_scheme(scheme, db_path):
    enter(scheme, "红色联盟", "--indicator", "alliance_review", "--points", "18")
    enter(scheme, "镇派出所", "--indicator", "deduction", "--points", "-2.5")
    assert entries_stored(db_path) == [
        ("2025Q1", "alliance", RED, "alliance_review", None, None, 1800, None, "clerk"),
        ("2025Q1", "organisation", POLICE, "deduction", None, None, -250, None, "clerk"),
    ]


def test_each_quarter_uses_the_scheme_in_force_for_it(scheme, db_path):
    # TEST_SCHEME is in force from 2025Q1; before that, the built-in default (no deduction).
    scheme.refused(
        "score", "enter", "镇派出所", "--period", "2024Q4", "--indicator", "deduction",
        "--points", "-1", message="no indicator 'deduction' in the scheme in force for 2024Q4",
    )  # fmt: skip
    enter(scheme, "镇派出所", "--indicator", "deduction", "--points", "-1")


def test_a_name_that_is_both_needs_the_subject_type(scheme, db_path):
    scheme.ok("member", "add", "红色联盟", "--category", "village")
    scheme.ok("member", "join", "红色联盟", "蓝色联盟", "--on", "2024-01-01")
    scheme.refused(
        "score", "enter", "红色联盟", "--period", "2025Q1", "--indicator", "alliance_review",
        "--points", "5", message="'红色联盟' is both an organisation and an alliance",
    )  # fmt: skip
    enter(scheme, "红色联盟", "--indicator", "alliance_review", "--points", "5",
          "--subject-type", "联盟")  # fmt: skip
    enter(scheme, "红色联盟", "--indicator", "work_quality", "--points", "5",
          "--subject-type", "organisation")  # fmt: skip
    assert [row[1:4] for row in entries_stored(db_path)] == [
        ("alliance", RED, "alliance_review"),
        ("organisation", 5, "work_quality"),
    ]


def test_an_unlocked_quarter_takes_entries_again(township, db_path):
    publish(
        db_path,
        "2025Q1",
        at="2025-04-02 09:30:00",
        scheme=default_scheme_text(),
        unlocked_at="2025-04-03 10:00:00",
    )
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "10")
    assert len(entries_stored(db_path)) == 1


ENTER_REFUSALS = [
    (
        ("红岩村", "--indicator", "nope", "--points", "1"),
        "no indicator 'nope' in the scheme in force for 2025Q1; indicators that can be "
        "entered for '红岩村': work_quality, village_governance, missed_meetings",
    ),
    (
        ("镇派出所", "--indicator", "nope", "--points", "1"),
        "entered for '镇派出所': work_quality, missed_meetings\n",
    ),
    (
        ("红岩村", "--indicator", "work_quality", "--points", "15.01"),
        "15.01 is outside the range of indicator 'work_quality': 0.00 to 15.00",
    ),
    (
        ("红岩村", "--indicator", "work_quality", "--points", "-1"),
        "-1.00 is outside the range of indicator 'work_quality': 0.00 to 15.00",
    ),
    (
        ("红岩村", "--indicator", "work_quality", "--points", "12.345"),
        "--points '12.345' is not a number with at most two decimal places",
    ),
    (
        ("红岩村", "--indicator", "work_quality", "--points", "12分"),
        "--points '12分' is not a number with at most two decimal places",
    ),
    (
        ("红岩村", "--indicator", "work_quality", "--points", "nan"),
        "--points 'nan' is not a number",
    ),
    (
        ("红岩村", "--indicator", "hosting", "--points", "5"),
        "indicator 'hosting' (党建活动轮办) is computed from the records, not entered; "
        "see alliance score explain",
    ),
    (
        ("红岩村", "--indicator", "good_cases", "--count", "2"),
        "indicator 'good_cases' (好经验好做法（每篇 +2，最多 +6）) is computed from the records",
    ),
    (
        ("红岩村", "--indicator", "missed_meetings", "--points", "-1"),
        "indicator 'missed_meetings' counts items (-0.50 points each): give the count with --count",
    ),
    (
        ("红岩村", "--indicator", "work_quality", "--count", "2"),
        "indicator 'work_quality' is entered as points: use --points",
    ),
    (
        ("红岩村", "--indicator", "work_quality"),
        "indicator 'work_quality' is entered as points: use --points",
    ),
    (
        ("红岩村", "--indicator", "work_quality", "--points", "1", "--count", "1"),
        "give either --points or --count, not both",
    ),
    (
        ("红岩村", "--indicator", "missed_meetings", "--count", "-1"),
        "--count '-1' must be a count from 0 to 10000 with at most two decimal places",
    ),
    (
        ("红岩村", "--indicator", "missed_meetings", "--count", "10000.01"),
        "--count '10000.01' must be a count from 0 to 10000",
    ),
    (
        ("镇派出所", "--indicator", "village_governance", "--points", "3"),
        "indicator 'village_governance' applies only to village/村、community/社区; "
        "'镇派出所' is agency/机关部门",
    ),
    (
        ("红色联盟", "--indicator", "work_quality", "--points", "3"),
        "indicator 'work_quality' scores organisations; '红色联盟' is an alliance",
    ),
    (
        ("无名村", "--indicator", "work_quality", "--points", "3"),
        "no organisation or alliance named '无名村'",
    ),
    (
        ("全域联盟", "--indicator", "work_quality", "--points", "3"),
        "'全域联盟' is not scored in 2025Q1: the core alliance is not ranked",
    ),
    (
        ("红岩村", "--indicator", "work_quality", "--points", "3", "--subject-type", "planet"),
        "invalid subject type 'planet'",
    ),
    (
        ("红岩村", "--indicator", "work_quality", "--points", "3", "--subject-type", "alliance"),
        "no organisation or alliance named '红岩村'",
    ),
]


@pytest.mark.parametrize(("args", "message"), ENTER_REFUSALS)
def test_enter_refusals_change_nothing(township, db_path, args, message):
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "10")
    before = snapshot(db_path)
    result = township.refused("score", "enter", args[0], "--period", "2025Q1", *args[1:],
                              message=message)  # fmt: skip
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("subject", "period", "message"),
    [
        ("红岩村", "2022Q4", "'红岩村' is not scored in 2022Q4: it belonged to no alliance"),
        ("红色联盟", "2022Q4", "'红色联盟' is not scored in 2022Q4"),
        ("红岩村", "2025H1", "'2025H1' is not a quarter (e.g. 2025Q1)"),
        ("红岩村", "2025Q5", "period '2025Q5' is not valid"),
    ],
)
def test_enter_refuses_a_subject_not_scored_then_or_a_period_not_a_quarter(
    scheme, db_path, subject, period, message
):
    scheme.refused_unchanged(
        db_path, "score", "enter", subject, "--period", period, "--indicator", "work_quality",
        "--points", "1", message=message,
    )  # fmt: skip


def test_an_organisation_in_no_alliance_is_not_scored(township, db_path):
    township.ok("member", "add", "桃源村", "--category", "village")
    township.refused_unchanged(
        db_path, "score", "enter", "桃源村", "--period", "2025Q1", "--indicator", "work_quality",
        "--points", "1",
        message="'桃源村' is not scored in 2025Q1: it belonged to no alliance during the quarter",
    )  # fmt: skip


def test_a_locked_quarter_refuses_entries(township, db_path):
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "10")
    publish(db_path, "2025Q1", at="2025-04-02 09:30:00", scheme=default_scheme_text())
    before = snapshot(db_path)
    for args in (
        ("--points", "11"),
        ("--points", "10", "--self"),
        ("--points", "10"),  # even the same value: the quarter is frozen
    ):
        township.refused(
            "score", "enter", "红岩村", "--period", "2025Q1", "--indicator", "work_quality",
            *args,
            message="error: 2025Q1 is locked: its airing was published on 2025-04-02 09:30 by "
            "王芳; to change it, reopen it first with: alliance score unlock 2025Q1 --reason ...",
        )  # fmt: skip
    assert snapshot(db_path) == before
    enter(township, "红岩村", "--indicator", "work_quality", "--points", "11", period="2025Q2")


# --- score veto / vetoes ---------------------------------------------------------------------


def vetoes_stored(db_path):
    return query(
        db_path,
        "SELECT period, subject_type, subject_id, reason, entered_by FROM score_veto "
        "ORDER BY period, subject_id",
    )


def test_veto_and_lift_it(township, db_path):
    result = township.ok(
        "--actor", "王芳", "score", "veto", "石门村", "--period", "2025Q1",
        "--reason", " 发生重大安全责任事故 ",
    )  # fmt: skip
    assert result.stderr == "'石门村' vetoed in 2025Q1 (一票否决): 发生重大安全责任事故\n"
    assert vetoes_stored(db_path) == [
        ("2025Q1", "organisation", SHIMEN, "发生重大安全责任事故", "王芳")
    ]

    before = snapshot(db_path)
    result = township.ok(
        "score", "veto", "石门村", "--period", "2025Q1", "--reason", "发生重大安全责任事故"
    )
    assert result.stderr == (
        "'石门村' is already vetoed in 2025Q1 for that reason; nothing changed\n"
    )
    assert snapshot(db_path) == before

    township.ok("score", "veto", "石门村", "--period", "2025Q1", "--reason", "信访问题")
    assert vetoes_stored(db_path)[0][3] == "信访问题"

    result = township.ok("score", "veto", "石门村", "--period", "2025Q1", "--clear")
    assert result.stderr == "lifted the veto of '石门村' in 2025Q1 (it was: 信访问题)\n"
    assert vetoes_stored(db_path) == []
    assert audit(db_path, "score_veto", decoded=True) == [
        ("veto", "2025Q1/石门村", None, {"reason": "发生重大安全责任事故"}),
        ("veto", "2025Q1/石门村", {"reason": "发生重大安全责任事故"}, {"reason": "信访问题"}),
        ("clear", "2025Q1/石门村", {"reason": "信访问题"}, None),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("石门村", "--period", "2025Q1"), "give --reason to veto or --clear to lift the veto"),
        (
            ("石门村", "--period", "2025Q1", "--reason", "x", "--clear"),
            "give --reason to veto or --clear to lift the veto",
        ),
        (("石门村", "--period", "2025Q1", "--reason", "  "), "a veto needs a reason"),
        (("石门村", "--period", "2025Q2", "--clear"), "'石门村' has no veto in 2025Q2"),
        (("无名村", "--period", "2025Q1", "--reason", "x"), "no organisation or alliance named"),
        (("全域联盟", "--period", "2025Q1", "--reason", "x"), "'全域联盟' is not scored in 2025Q1"),
        (("石门村", "--period", "2025", "--reason", "x"), "'2025' is not a quarter"),
        (
            ("石门村", "--period", "2024Q4", "--reason", "x"),
            "2024Q4 is locked: its airing was published on 2025-04-02 09:30 by 王芳",
        ),
        (("石门村", "--period", "2024Q4", "--clear"), "2024Q4 is locked"),
    ],
)
def test_veto_refusals_change_nothing(township, db_path, args, message):
    township.ok("score", "veto", "石门村", "--period", "2024Q4", "--reason", "事故")
    publish(db_path, "2024Q4", at="2025-04-02 09:30:00", scheme=default_scheme_text())
    township.refused_unchanged(db_path, "score", "veto", *args, message=message)


def test_vetoes_list(township, db_path):
    township.ok("score", "veto", "红色联盟", "--period", "2025Q2", "--reason", "联盟例会未开")
    township.ok("score", "veto", "石门村", "--period", "2025Q2", "--reason", "安全事故")
    township.ok("score", "veto", "红岩村", "--period", "2025Q1", "--reason", "信访")
    rows = json.loads(township.ok("score", "vetoes", "--period", "2025", "-f", "json").stdout)
    assert [(r["period"], r["subject"], r["subject_type"], r["reason"]) for r in rows] == [
        ("2025Q1", "红岩村", "organisation", "信访"),
        ("2025Q2", "石门村", "organisation", "安全事故"),
        ("2025Q2", "红色联盟", "alliance", "联盟例会未开"),
    ]
    rows = json.loads(township.ok("score", "vetoes", "--period", "2025Q1", "-f", "json").stdout)
    assert [r["subject"] for r in rows] == ["红岩村"]
    text = township.ok("--lang", "zh", "score", "vetoes", "-f", "csv").stdout
    assert text.splitlines()[0] == "\ufeff季度,对象,对象类型,否决原因,录入时间,录入人"
    assert text.splitlines()[1].startswith("2025Q1,红岩村,成员单位,信访,")


# --- score entries ---------------------------------------------------------------------------


@pytest.fixture
def entered(scheme, db_path):
    """Entries in two quarters: self and reviewed values, some differing, some alone."""
    enter(scheme, "红岩村", "--indicator", "work_quality", "--points", "14", "--self",
          "--note", "-自评")  # fmt: skip
    enter(scheme, "红岩村", "--indicator", "work_quality", "--points", "12", "--note", "扣材料分")
    enter(scheme, "红岩村", "--indicator", "missed_meetings", "--count", "2", "--self")
    enter(scheme, "石门村", "--indicator", "work_quality", "--points", "10", "--self")
    enter(scheme, "石门村", "--indicator", "work_quality", "--points", "10")
    enter(scheme, "红色联盟", "--indicator", "alliance_review", "--points", "16")
    enter(scheme, "镇派出所", "--indicator", "deduction", "--points", "-3", period="2025Q2")
    return scheme


def test_entries_as_json(entered):
    rows = json.loads(entered.ok("score", "entries", "-f", "json").stdout)
    assert rows == [
        {
            "period": "2025Q1", "subject": "石门村", "subject_type": "organisation",
            "indicator": "work_quality", "indicator_name": "工作成效", "self": "10.00",
            "self_note": None, "reviewed": "10.00", "reviewed_note": None, "used": "10.00",
        },
        {
            "period": "2025Q1", "subject": "红岩村", "subject_type": "organisation",
            "indicator": "work_quality", "indicator_name": "工作成效", "self": "14.00",
            "self_note": "-自评", "reviewed": "12.00", "reviewed_note": "扣材料分",
            "used": "12.00",
        },
        {
            "period": "2025Q1", "subject": "红岩村", "subject_type": "organisation",
            "indicator": "missed_meetings", "indicator_name": "缺席例会", "self": "2.00",
            "self_note": None, "reviewed": None, "reviewed_note": None, "used": "2.00",
        },
        {
            "period": "2025Q1", "subject": "红色联盟", "subject_type": "alliance",
            "indicator": "alliance_review", "indicator_name": "联盟评议", "self": None,
            "self_note": None, "reviewed": "16.00", "reviewed_note": None, "used": "16.00",
        },
        {
            "period": "2025Q2", "subject": "镇派出所", "subject_type": "organisation",
            "indicator": "deduction", "indicator_name": "违规扣分", "self": None,
            "self_note": None, "reviewed": "-3.00", "reviewed_note": None, "used": "-3.00",
        },
    ]  # fmt: skip


def test_entries_filters(entered):
    def subjects(*args):
        rows = json.loads(entered.ok("score", "entries", "-f", "json", *args).stdout)
        return [(r["period"], r["subject"], r["indicator"]) for r in rows]

    assert subjects("--differs") == [("2025Q1", "红岩村", "work_quality")]
    assert subjects("--period", "2025Q2") == [("2025Q2", "镇派出所", "deduction")]
    assert subjects("--period", "2025H1", "--subject", "红岩村") == [
        ("2025Q1", "红岩村", "work_quality"),
        ("2025Q1", "红岩村", "missed_meetings"),
    ]
    assert subjects("--period", "2025Q3") == []
    assert subjects("--subject", "红色联盟", "--subject-type", "alliance") == [
        ("2025Q1", "红色联盟", "alliance_review")
    ]
    entered.refused("score", "entries", "--subject", "无名村",
                    message="no organisation or alliance named '无名村'")  # fmt: skip
    entered.refused("score", "entries", "--period", "2025Q9", message="period '2025Q9'")


def test_entries_as_csv_for_excel(entered):
    out = entered.ok("score", "entries", "--period", "2025Q1", "--differs", "-f", "csv")
    assert out.stdout_bytes.decode() == (
        "\ufeffquarter,subject,subject type,indicator,indicator name,self-assessed,self note,"
        "reviewed,review note,used\r\n"
        "2025Q1,红岩村,organisation,work_quality,工作成效,14.00,'-自评,12.00,扣材料分,12.00\r\n"
    )
    zh = entered.ok("--lang", "zh", "score", "entries", "--differs", "-f", "csv").stdout
    assert zh.splitlines()[0] == (
        "\ufeff季度,对象,对象类型,指标,指标名称,自评得分,自评备注,审核得分,审核备注,采用得分"
    )
    assert zh.splitlines()[1].startswith("2025Q1,红岩村,成员单位,work_quality,")


def test_entries_of_an_empty_database(township):
    assert township.ok("score", "entries", "-f", "json").stdout == "[]\n"


def test_values_for_the_computation(entered, db_path):
    """The values the compute engine reads: reviewed where there is one, else self."""
    entered.ok("score", "veto", "镇派出所", "--period", "2025Q2", "--reason", "事故")
    engine = open_database(f"sqlite:///{db_path}", create=False)
    try:
        with transaction(engine, write=False) as connection:
            assert entry_values(connection, "2025Q1") == {
                ("organisation", HONGYAN, "work_quality"): Decimal("12.00"),
                ("organisation", HONGYAN, "missed_meetings"): Decimal("2.00"),
                ("organisation", SHIMEN, "work_quality"): Decimal("10.00"),
                ("alliance", RED, "alliance_review"): Decimal("16.00"),
            }
            used = used_entries(connection, "2025Q1")
            assert used[("organisation", HONGYAN, "work_quality")].note == "扣材料分"
            assert used[("organisation", HONGYAN, "work_quality")].self_value == Decimal("14")
            assert used[("organisation", HONGYAN, "missed_meetings")].side == "self"
            assert vetoes(connection, "2025Q2") == {("organisation", POLICE): "事故"}
            assert vetoes(connection, "2025Q1") == {}
    finally:
        engine.dispose()


# --- score audit -----------------------------------------------------------------------------


def test_audit_lists_scoring_changes_only(entered, db_path):
    entered.ok("member", "add", "桃源村", "--category", "village")  # not scoring: not listed
    entered.ok("--actor", "李强", "score", "veto", "石门村", "--period", "2025Q1",
               "--reason", "事故")  # fmt: skip
    rows = json.loads(entered.ok("score", "audit", "-f", "json").stdout)
    assert [(r["action"], r["entity"], r["entity_key"]) for r in rows] == [
        ("enter", "score_entry", "2025Q1/红岩村/work_quality"),
        ("enter", "score_entry", "2025Q1/红岩村/work_quality"),
        ("enter", "score_entry", "2025Q1/红岩村/missed_meetings"),
        ("enter", "score_entry", "2025Q1/石门村/work_quality"),
        ("enter", "score_entry", "2025Q1/石门村/work_quality"),
        ("enter", "score_entry", "2025Q1/红色联盟/alliance_review"),
        ("enter", "score_entry", "2025Q2/镇派出所/deduction"),
        ("veto", "score_veto", "2025Q1/石门村"),
    ]
    assert rows[1]["before"] == {
        "self": "14.00", "self_note": "-自评", "reviewed": None, "reviewed_note": None,
    }  # fmt: skip
    assert rows[1]["after"]["reviewed"] == "12.00"
    assert rows[-1]["actor"] == "李强" and rows[-1]["after"] == {"reason": "事故"}
    assert rows[0]["at"][:2] == "20" and "." not in rows[0]["at"]


def test_audit_by_period(entered):
    def keys(period):
        rows = json.loads(entered.ok("score", "audit", "--period", period, "-f", "json").stdout)
        return [r["entity_key"] for r in rows]

    assert keys("2025Q2") == ["2025Q2/镇派出所/deduction"]
    assert len(keys("2025")) == 7
    assert keys("2024Q1") == []
    entered.refused("score", "audit", "--period", "soon", message="period 'soon' is not valid")


def test_audit_as_a_table_shows_the_changes(entered):
    text = entered.ok("score", "audit", "--period", "2025Q2", "-f", "csv").stdout
    header, line = text.splitlines()
    assert header == "\ufeffwhen,who,action,what,item,before,after"
    assert line.endswith(",clerk,enter,score_entry,2025Q2/镇派出所/deduction,,reviewed=-3.00")
