"""`alliance score import` through the CLI: a sheet of self-assessed and reviewed points,
all or nothing, every bad row named; re-importing changes nothing; and what `score entries`
exports imports back unchanged."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from alliance_cli.cli import app
from alliance_cli.core.scheme import default_scheme_text
from alliance_cli.core.score_entries import enter_score
from alliance_cli.storage.engine import transaction
from alliance_cli.storage.schema import open_database
from tests.conftest import audit, entries_stored, publish, query, snapshot, store_scheme

# In the township fixture: organisations 红岩村 1, 石门村 2, 新街社区 3, 镇派出所 4; 红色联盟 2.
HONGYAN, SHIMEN, XINJIE, POLICE = 1, 2, 3, 4
RED = 2

DATA = Path(__file__).resolve().parents[2] / "data"
ZH_HEADERS = ["季度", "对象", "对象类型", "指标", "得分", "类型", "备注"]


def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


SHEET = [
    ZH_HEADERS,
    ["2025Q1", "红岩村", "", "work_quality", "14", "自评", "自评：活动 6 场"],
    ["2025Q1", "红岩村", "", "work_quality", "12.5", "审核", "缺 1 场签到表"],
    ["2025年第一季度", "石门村", "组织", "村级治理（仅村、社区）", "4", "", ""],
    ["2025Q1", "新街社区", "", "missed_meetings", "2", "审核", "缺席 2 次"],
    ["2025Q2", "镇派出所", "成员单位", "work_quality", "9", "self", ""],
]
SHEET_STORED = [
    ("2025Q1", "organisation", HONGYAN, "work_quality", 1400, "自评：活动 6 场", 1250,
     "缺 1 场签到表", "clerk"),
    ("2025Q1", "organisation", SHIMEN, "village_governance", None, None, 400, None, "clerk"),
    ("2025Q1", "organisation", XINJIE, "missed_meetings", None, None, 200, "缺席 2 次", "clerk"),
    ("2025Q2", "organisation", POLICE, "work_quality", 900, None, None, None, "clerk"),
]  # fmt: skip


def do_import(cli, path):
    return cli.ok("--actor", "clerk", "score", "import", path)


def test_import_a_sheet_then_again(township, db_path, tmp_path):
    sheet = write_csv(tmp_path / "得分.csv", SHEET)
    result = do_import(township, sheet)
    assert result.stderr == f"{sheet}: 5 values added, 0 updated, 0 unchanged\n"
    assert entries_stored(db_path) == SHEET_STORED
    audits = audit(db_path, "score_entry", decoded=True)
    assert [(action, key) for action, key, _b, _a in audits] == [
        ("import", "2025Q1/红岩村/work_quality"),
        ("import", "2025Q1/石门村/village_governance"),
        ("import", "2025Q1/新街社区/missed_meetings"),
        ("import", "2025Q2/镇派出所/work_quality"),
    ]
    assert audits[0][3] == {
        "self": "14.00",
        "self_note": "自评：活动 6 场",
        "reviewed": "12.50",
        "reviewed_note": "缺 1 场签到表",
    }

    before = snapshot(db_path)
    result = do_import(township, sheet)
    assert result.stderr == f"{sheet}: nothing changed (5 values already as in the file)\n"
    assert snapshot(db_path) == before


def test_english_headers_without_bom(township, db_path, tmp_path):
    rows = [
        ["Quarter", "Subject", "Subject Type", "Indicator", "Points", "Kind", "Note"],
        *(row for row in SHEET[1:]),
    ]
    rows[5][2] = "organisation"
    do_import(township, write_csv(tmp_path / "scores.csv", rows, encoding="utf-8"))
    assert entries_stored(db_path) == SHEET_STORED


def test_gb18030_csv_from_older_excel(township, db_path, tmp_path):
    do_import(township, write_csv(tmp_path / "得分.csv", SHEET, encoding="gb18030"))
    assert entries_stored(db_path) == SHEET_STORED


def test_xlsx_with_numbers_as_numbers(township, db_path, tmp_path):
    rows = [list(row) for row in SHEET]
    for row in rows[1:]:
        number = Decimal(row[4])
        row[4] = int(number) if number == number.to_integral_value() else float(number)
    do_import(township, write_xlsx(tmp_path / "得分.xlsx", rows))
    assert entries_stored(db_path) == SHEET_STORED


def test_full_width_digits_and_stray_spaces(township, db_path, tmp_path):
    rows = [
        [" 季度 ", "对象", "指标 ", "得分"],
        [" ２０２５Ｑ１ ", "\u3000红岩村 ", " work_quality", " １２．５ "],
    ]
    do_import(township, write_csv(tmp_path / "得分.csv", rows))
    assert entries_stored(db_path) == [
        ("2025Q1", "organisation", HONGYAN, "work_quality", None, None, 1250, None, "clerk")
    ]


def test_changed_values_are_updated_and_empty_notes_keep_the_stored_note(
    township, db_path, tmp_path
):
    do_import(township, write_csv(tmp_path / "first.csv", SHEET))
    rows = [list(row) for row in SHEET]
    rows[2][4], rows[2][6] = "13", ""  # reviewed 12.5 -> 13, no note given
    result = do_import(township, write_csv(tmp_path / "second.csv", rows))
    assert result.stderr.endswith("0 values added, 1 updated, 4 unchanged\n")
    assert entries_stored(db_path)[0][6:8] == (1300, "缺 1 场签到表")
    action, key, before, after = audit(db_path, "score_entry", decoded=True)[-1]
    assert (action, key) == ("import", "2025Q1/红岩村/work_quality")
    assert (before["reviewed"], after["reviewed"]) == ("12.50", "13.00")


def test_both_values_on_one_row_as_entries_exports_them(township, db_path, tmp_path):
    rows = [
        ["季度", "对象", "对象类型", "指标", "自评得分", "自评备注", "审核得分", "审核备注",
         "采用得分"],
        ["2025Q1", "红岩村", "成员单位", "work_quality", "14", "自评：活动 6 场", "12.50",
         "缺 1 场签到表", "12.50"],
        ["2025Q2", "镇派出所", "成员单位", "work_quality", "9", "", "", "", "9"],
    ]  # fmt: skip
    result = do_import(township, write_csv(tmp_path / "导出.csv", rows))
    assert result.stderr.endswith("3 values added, 0 updated, 0 unchanged\n")
    assert entries_stored(db_path) == [SHEET_STORED[0], SHEET_STORED[3]]


def test_the_same_value_twice_in_a_file_is_accepted_once(township, db_path, tmp_path):
    rows = [SHEET[0], SHEET[2], SHEET[2]]
    result = do_import(township, write_csv(tmp_path / "得分.csv", rows))
    assert result.stderr.endswith("1 values added, 0 updated, 0 unchanged\n")


def test_an_alliance_in_the_sheet(township, db_path, tmp_path):
    store_scheme(db_path)  # TEST_SCHEME, with the alliance indicator alliance_review
    rows = [
        ["季度", "对象", "对象类型", "指标", "得分"],
        ["2025Q1", "红色联盟", "联盟", "alliance_review", "18"],
    ]
    do_import(township, write_csv(tmp_path / "得分.csv", rows))
    assert entries_stored(db_path) == [
        ("2025Q1", "alliance", RED, "alliance_review", None, None, 1800, None, "clerk")
    ]


BAD_ROWS = [
    (["2025Q1", "红岩村", "", "nope", "1", "", ""],
     "no indicator 'nope' in the scheme in force for 2025Q1; indicators that can be entered "
     "for '红岩村': work_quality, village_governance, missed_meetings"),
    (["2025Q1", "红岩村", "", "work_quality", "15.5", "", ""],
     "15.50 is outside the range of indicator 'work_quality': 0.00 to 15.00"),
    (["2025Q1", "红岩村", "", "work_quality", "1.234", "", ""],
     "得分 '1.234' is not a number with at most two decimal places"),
    (["2025Q1", "红岩村", "", "hosting", "3", "", ""],
     "indicator 'hosting' (党建活动轮办) is computed from the records, not entered"),
    (["2025Q1", "红岩村", "", "missed_meetings", "-1", "", ""],
     "得分 '-1' must be a count from 0 to 10000"),
    (["2025Q1", "无名村", "", "work_quality", "3", "", ""],
     "no organisation or alliance named '无名村'"),
    (["2025Q1", "全域联盟", "", "work_quality", "3", "", ""],
     "'全域联盟' is not scored in 2025Q1"),
    (["2024Q4", "红岩村", "", "work_quality", "3", "", ""],
     "2024Q4 is locked: its airing was published on 2025-04-02 09:30 by 王芳; to change it, "
     "reopen it first with: alliance score unlock 2024Q4 --reason ..."),
    (["2025H1", "红岩村", "", "work_quality", "3", "", ""], "'2025H1' is not a quarter"),
    (["2025Q1", "红岩村", "planet", "work_quality", "3", "", ""],
     "invalid 对象类型 'planet'"),
    (["2025Q1", "红岩村", "", "work_quality", "3", "终审", ""],
     "invalid 类型 '终审'; choose one of: 审核/reviewed, 自评/self"),
    (["2025Q1", "红岩村", "", "work_quality", "", "自评", ""], "'得分' must not be empty"),
    (["2025Q1", "", "", "work_quality", "3", "", ""], "'对象' must not be empty"),
    (["2025Q1", "镇派出所", "", "village_governance", "3", "", ""],
     "indicator 'village_governance' applies only to village/村、community/社区"),
]  # fmt: skip


def test_every_bad_row_is_reported_and_nothing_is_written(township, db_path, tmp_path):
    publish(db_path, "2024Q4", at="2025-04-02 09:30:00", scheme=default_scheme_text())
    good = ["2025Q1", "石门村", "", "work_quality", "8", "", ""]
    rows = [ZH_HEADERS, good, *(row for row, _message in BAD_ROWS)]
    sheet = write_csv(tmp_path / "得分.csv", rows)
    before = snapshot(db_path)
    result = township.refused(
        "score", "import", sheet, message=f"error: {sheet} has {len(BAD_ROWS)} bad rows"
    )
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: {sheet} has {len(BAD_ROWS)} bad rows; nothing was imported"
    assert len(lines) == 1 + len(BAD_ROWS)
    for number, (line, (_row, message)) in enumerate(zip(lines[1:], BAD_ROWS, strict=True), 3):
        assert line.startswith(f"  row {number}: "), line
        assert message in line, (line, message)
    assert snapshot(db_path) == before


def test_conflicting_values_for_one_entry(township, db_path, tmp_path):
    rows = [
        ZH_HEADERS,
        ["2025Q1", "红岩村", "", "work_quality", "12", "审核", ""],
        ["2025Q1", "红岩村", "", "work_quality", "11", "自评", ""],
        ["2025年第一季度", "红岩村", "", "工作成效（评议）", "13", "", ""],
    ]
    before = snapshot(db_path)
    township.refused(
        "score", "import", write_csv(tmp_path / "得分.csv", rows),
        message="  row 4: 2025Q1 '红岩村' work_quality differs from row 2",
    )  # fmt: skip
    assert snapshot(db_path) == before


def test_one_value_given_twice_on_a_row(township, db_path, tmp_path):
    rows = [
        ["季度", "对象", "指标", "得分", "类型", "自评得分", "自评备注"],
        ["2025Q1", "红岩村", "work_quality", "12", "自评", "12", ""],
        ["2025Q1", "石门村", "work_quality", "", "", "", "只有备注"],
    ]
    sheet = write_csv(tmp_path / "得分.csv", rows)
    before = snapshot(db_path)
    result = township.refused(
        "score", "import", sheet, message="row 2: '得分' and '自评得分' both give the same kind"
    )
    assert "  row 3: '自评得分' must not be empty" in result.stderr
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["对象", "指标", "得分"], ["红岩村", "work_quality", "1"]],
         "row 1: missing columns: 季度/quarter"),
        ([["季度", "对象", "指标"], ["2025Q1", "红岩村", "work_quality"]],
         "row 1: missing columns: 得分/points"),
        ([["季度", "对象", "指标", "得分"]], "has no data rows"),
    ],
)  # fmt: skip
def test_a_sheet_without_the_needed_columns(township, db_path, tmp_path, rows, message):
    before = snapshot(db_path)
    township.refused("score", "import", write_csv(tmp_path / "得分.csv", rows), message=message)
    assert snapshot(db_path) == before


def test_unreadable_files(township, tmp_path):
    township.refused("score", "import", tmp_path / "missing.csv", message="cannot read file")
    text = tmp_path / "得分.txt"
    text.write_text("季度\n")
    township.refused("score", "import", text, message="unsupported file type")


def test_the_templates_import_into_the_demo_names(cli, db_path):
    """data/scores_template.* names the demo's organisations; they import into a township
    that has them, and the XLSX holds the same as the CSV."""
    cli.ok("alliance", "create", "青山镇全域党建联盟", "--kind", "core", "--founded", "2025-01-01")
    cli.ok("alliance", "create", "红色引领片区联盟", "--kind", "area", "--theme", "red",
           "--founded", "2025-01-01")  # fmt: skip
    for name, category in [
        ("红岩村党支部", "village"),
        ("石门村党支部", "village"),
        ("桃源村党支部", "village"),
        ("河口社区党支部", "community"),
    ]:
        cli.ok("member", "add", name, "--category", category)
        cli.ok("member", "join", name, "红色引领片区联盟", "--on", "2025-01-01")
    result = cli.ok("score", "import", DATA / "scores_template.csv")
    assert result.stderr.endswith(": 5 values added, 0 updated, 0 unchanged\n")
    before = snapshot(db_path)
    result = cli.ok("score", "import", DATA / "scores_template.xlsx")
    assert "nothing changed (5 values already as in the file)" in result.stderr
    assert snapshot(db_path) == before
    assert query(db_path, "SELECT count(*) FROM score_entry WHERE period = '2025Q4'") == [(4,)]


def test_the_templates_are_what_the_script_makes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make", DATA / "make_scores_template.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    assert (DATA / "scores_template.csv").read_bytes() == make.csv_bytes()


# --- property: what `score entries` exports, `score import` reads back --------------------------

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (args, result.stderr, result.exception)
    return result


@pytest.fixture(scope="module")
def scored_township(township_template, tmp_path_factory) -> Path:
    """The township with TEST_SCHEME (an alliance indicator, a deduction, a count)."""
    db = tmp_path_factory.mktemp("scores") / "scored.db"
    shutil.copyfile(township_template, db)
    store_scheme(db)
    return db


# (subject, subject type, indicator, lowest and highest value in hundredths)
ENTERABLE = [
    *((org, "organisation", "work_quality", 0, 1500) for org in ("红岩村", "石门村", "镇派出所")),
    *((org, "organisation", "deduction", -1000, 0) for org in ("新街社区", "镇派出所")),
    ("红岩村", "organisation", "missed_meetings", 0, 1_000_000),
    ("红色联盟", "alliance", "alliance_review", 0, 2000),
    ("蓝色联盟", "alliance", "alliance_review", 0, 2000),
]
PREFIXES = ["", "=", "-", "+", "@", "'", "'=", "''"]
note_text = st.text(alphabet="自评审核扣分材料abcXYZ019 ,;\"'=-+@\n", max_size=12)
notes = st.none() | st.tuples(st.sampled_from(PREFIXES), note_text).map("".join)


@st.composite
def entry_values(draw):
    subject, subject_type, indicator, low, high = draw(st.sampled_from(ENTERABLE))
    sides = draw(st.sampled_from([("self",), ("reviewed",), ("self", "reviewed")]))
    values = {side: (draw(st.integers(low, high)), draw(notes)) for side in sides}
    return (draw(st.sampled_from(["2025Q1", "2025Q2"])), subject, subject_type, indicator), values


def enter_all(db: Path, entries: dict) -> None:
    engine = open_database(f"sqlite:///{db}", create=False)
    try:
        with transaction(engine, write=True) as connection:
            for (period, subject, subject_type, indicator), values in entries.items():
                for side, (hundredths, note) in values.items():
                    text = str(Decimal(hundredths) / 100)
                    counted = indicator == "missed_meetings"
                    enter_score(
                        connection,
                        subject,
                        period=period,
                        indicator=indicator,
                        points=None if counted else text,
                        count=text if counted else None,
                        self_assessed=side == "self",
                        note=note,
                        subject_type=subject_type,
                        actor="test",
                    )
    finally:
        engine.dispose()


def stored_entries(db: Path) -> list[tuple]:
    return query(
        db,
        "SELECT period, subject_type, subject_id, indicator, self_hundredths, self_note, "
        "reviewed_hundredths, reviewed_note FROM score_entry ORDER BY 1, 2, 3, 4",
    )


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    entries=st.lists(entry_values(), min_size=1, max_size=8).map(dict),
    fmt=st.sampled_from(["csv", "xlsx"]),
    lang=st.sampled_from(["en", "zh"]),
)
def test_exported_entries_import_back_unchanged(scored_township, entries, fmt, lang):
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "source.db", Path(folder) / "target.db"
        shutil.copyfile(scored_township, source)
        shutil.copyfile(scored_township, target)
        enter_all(source, entries)
        exported = Path(folder) / f"entries.{fmt}"
        run("--db", source, "--lang", lang, "score", "entries", "-f", fmt, "-o", exported)

        # Into the database it came from: nothing changes at all.
        before = snapshot(source)
        result = run("--db", source, "--lang", lang, "score", "import", exported)
        assert ("nothing changed" in result.stderr) or ("没有变化" in result.stderr)
        assert snapshot(source) == before

        # Into a database without them: the same entries.
        run("--db", target, "--lang", lang, "score", "import", exported)
        assert stored_entries(target) == stored_entries(source)
        rows = json.loads(run("--db", target, "score", "entries", "-f", "json").stdout)
        assert len(rows) == len(entries)
