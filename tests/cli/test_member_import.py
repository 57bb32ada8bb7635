"""`alliance member import FILE` and `alliance member export` through the CLI.

The township fixture: 全域联盟 (core), 红色联盟 and 蓝色联盟 (founded 2023-01-01); 红岩村 leads
红色联盟 from 2023-01-01, 石门村 is in it from 2023-03-01; 新街社区 leads 蓝色联盟 with 镇派出所.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests import spreadsheets
from tests.conftest import query, snapshot

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["名称", "类别", "层级", "书记", "党员数", "联盟", "角色", "加入日期", "退出日期"]
EN_HEADER = "name,category,level,secretary,party members,alliance,role,joined,left"

TOWNSHIP_ORGS = {
    "红岩村": ("village", "village", "张伟", 30),
    "石门村": ("village", "village", None, 20),
    "新街社区": ("community", "township", None, 0),
    "镇派出所": ("agency", "township", None, 0),
}
TOWNSHIP_SPELLS = [
    ("新街社区", "蓝色联盟", "lead", "2023-01-01", None),
    ("石门村", "红色联盟", "member", "2023-03-01", None),
    ("红岩村", "红色联盟", "lead", "2023-01-01", None),
    ("镇派出所", "蓝色联盟", "member", "2023-01-01", None),
]


# --- helpers -------------------------------------------------------------------------------


def write_table(path: Path, rows, header=HEADER) -> Path:
    return (write_xlsx if path.suffix == ".xlsx" else write_csv)(path, rows, header)


def organisations(db: Path) -> dict[str, tuple]:
    return {
        name: rest
        for name, *rest in query(
            db, "SELECT name, category, level, secretary, party_members FROM organisation"
        )
        for rest in [tuple(rest)]
    }


def spells(db: Path) -> list[tuple]:
    return query(
        db,
        "SELECT o.name, a.name, m.role, m.joined_on, m.left_on FROM membership m "
        "JOIN organisation o ON o.id = m.organisation_id "
        "JOIN alliance a ON a.id = m.alliance_id ORDER BY o.name, a.name, m.joined_on",
    )


def audit(db: Path) -> list[tuple]:
    return query(db, "SELECT actor, action, entity, entity_key FROM audit_log ORDER BY id")


def imported(path: Path, added=0, updated=0, joins=0, leaves=0, unchanged=0) -> str:
    return (
        f"{path}: {added} organisations added, {updated} updated; "
        f"{joins} memberships added, {leaves} closed; {unchanged} rows unchanged"
    )


def new_township(cli, db: Path) -> Path:
    """Another database with the township's alliances but no organisations."""
    cli.ok(
        "--db", db, "alliance", "create", "全域联盟", "--kind", "core", "--founded", "2023-01-01"
    )
    for name, theme in (("红色联盟", "红色引领"), ("蓝色联盟", "blue")):
        cli.ok(
            "--db", db, "alliance", "create", name, "--kind", "area", "--theme", theme,
            "--founded", "2023-01-01",
        )  # fmt: skip
    return db


# --- importing -----------------------------------------------------------------------------

GOOD_ROWS = [
    ["桃源村", "村", "村级", "王建军", "28", "红色联盟", "牵头单位", "2023-04-01", ""],
    ["桃源村", "村", "村级", "王建军", "28", "蓝色联盟", "成员单位", "2023-05-01", "2023-09-30"],
    ["县农业局", "机关部门", "县级", "陈立新", "37", "", "", "", ""],
    ["石门村", "村", "", "", "", "蓝色联盟", "", "2023-06-01", ""],
    ["红岩村", "村", "村级", "张伟", "30", "红色联盟", "牵头单位", "2023-01-01", ""],
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_stores_organisations_and_memberships(township, db_path, tmp_path, suffix):
    path = write_table(tmp_path / f"members{suffix}", GOOD_ROWS)
    result = township.ok("member", "import", path)
    assert result.stderr.strip() == imported(path, added=2, joins=3, unchanged=1)
    assert result.stdout == ""
    assert organisations(db_path) == {
        **TOWNSHIP_ORGS,
        "桃源村": ("village", "village", "王建军", 28),
        "县农业局": ("agency", "county", "陈立新", 37),
    }
    assert spells(db_path) == sorted(
        [
            *TOWNSHIP_SPELLS,
            ("桃源村", "红色联盟", "lead", "2023-04-01", None),
            ("桃源村", "蓝色联盟", "member", "2023-05-01", "2023-09-30"),
            ("石门村", "蓝色联盟", "member", "2023-06-01", None),
        ],
        key=lambda s: (s[0], s[1], s[3]),
    )
    listed = township.ok(
        "member", "list", "--alliance", "红色联盟", "--on", "2023-06-30", "-f", "json"
    )
    assert [org["name"] for org in json.loads(listed.stdout)] == ["桃源村", "石门村", "红岩村"]


def test_csv_and_xlsx_imports_store_the_same(cli, tmp_path):
    stored = []
    for suffix in (".csv", ".xlsx"):
        db = new_township(cli, tmp_path / f"town{suffix}.db")
        cli.ok("--db", db, "member", "import", write_table(tmp_path / f"m{suffix}", GOOD_ROWS))
        stored.append((organisations(db), spells(db)))
    assert stored[0] == stored[1]
    assert len(stored[0][0]) == 4 and len(stored[0][1]) == 4


def test_import_is_audited_with_the_actor(township, db_path, tmp_path):
    before = len(audit(db_path))
    path = write_csv(tmp_path / "m.csv", GOOD_ROWS)
    township.ok("--actor", "李秘书", "member", "import", path)
    assert audit(db_path)[before:] == [
        ("李秘书", "import-add", "organisation", "桃源村"),
        ("李秘书", "import-add", "organisation", "县农业局"),
        ("李秘书", "import-join", "membership", "桃源村@红色联盟"),
        ("李秘书", "import-join", "membership", "桃源村@蓝色联盟"),
        ("李秘书", "import-join", "membership", "石门村@蓝色联盟"),
        ("李秘书", "import", "members", str(path)),
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_importing_the_same_file_twice_changes_nothing(township, db_path, tmp_path, suffix):
    path = write_table(tmp_path / f"members{suffix}", GOOD_ROWS)
    logged = len(audit(db_path))
    township.ok("member", "import", path)
    after_first = snapshot(db_path)
    assert len(after_first["audit_log"]) == logged + 6  # the first import is logged
    result = township.ok("member", "import", path)
    assert result.stderr.strip() == imported(path, unchanged=5)
    assert snapshot(db_path) == after_first  # audit log included


def test_optional_columns_left_out_keep_stored_details(township, db_path, tmp_path):
    before = snapshot(db_path)
    short = write_csv(tmp_path / "short.csv", [["红岩村", "村"]], header=["名称", "类别"])
    assert township.ok("member", "import", short).stderr.strip() == imported(short, unchanged=1)
    blanks = write_csv(tmp_path / "blanks.csv", [["红岩村", "村", "", "", "", "", "", "", ""]])
    township.ok("member", "import", blanks)
    assert snapshot(db_path) == before  # 张伟 and 30 party members stay


def test_import_updates_details_and_audits_before_and_after(township, db_path, tmp_path):
    path = write_csv(
        tmp_path / "m.csv",
        [["红岩村", "村", "", "李娜", "", "", "", "", ""]],
        header=HEADER,
    )
    result = township.ok("member", "import", path)
    assert result.stderr.strip() == imported(path, updated=1)
    assert organisations(db_path)["红岩村"] == ("village", "village", "李娜", 30)
    before, after = query(
        db_path, "SELECT before, after FROM audit_log WHERE action = 'import-update'"
    )[0]
    assert json.loads(before)["secretary"] == "张伟"
    assert json.loads(after) == {
        "name": "红岩村",
        "category": "village",
        "level": "village",
        "secretary": "李娜",
        "party_members": 30,
    }


def test_clerk_spellings(cli, db_path, tmp_path):
    new_township(cli, db_path)
    path = tmp_path / "m.csv"
    path.write_text(
        "\ufeff 名称 ,类别,层级,党员数,联盟,角色,加入日期,退出日期\n"
        "\u3000桃源村 ,\u3000村,村级,３２,红色联盟,牵头单位,２０２３年３月５日,\n"
        "石门村,village,乡镇级, 7 ,红色联盟,member,2023/3/5, 2023 年 9 月 30 日\n"
        "新街社区,Community,township,0,蓝色联盟,Lead Unit,2023.4.1,２０２３／１０／１\n",
        encoding="utf-8",
    )
    cli.ok("member", "import", path)
    assert organisations(db_path) == {
        "桃源村": ("village", "village", None, 32),
        "石门村": ("village", "township", None, 7),
        "新街社区": ("community", "township", None, 0),
    }
    assert spells(db_path) == [
        ("新街社区", "蓝色联盟", "lead", "2023-04-01", "2023-10-01"),
        ("桃源村", "红色联盟", "lead", "2023-03-05", None),
        ("石门村", "红色联盟", "member", "2023-03-05", "2023-09-30"),
    ]


def test_english_headers_and_codes(cli, db_path, tmp_path):
    new_township(cli, db_path)
    path = tmp_path / "m.csv"
    path.write_text(
        "Name,Category,Level,Secretary,Party Members,Alliance,Role,Joined,Left\n"
        "桃源村,village,county,王建军,28,红色联盟,lead,2023-04-01,\n",
        encoding="utf-8",
    )
    cli.ok("member", "import", path)
    assert organisations(db_path) == {"桃源村": ("village", "county", "王建军", 28)}
    assert spells(db_path) == [("桃源村", "红色联盟", "lead", "2023-04-01", None)]


def test_csv_saved_in_gb18030_by_older_excel(township, db_path, tmp_path):
    path = write_csv(tmp_path / "gbk.csv", GOOD_ROWS[:3], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    township.ok("member", "import", path)
    assert organisations(db_path)["桃源村"] == ("village", "village", "王建军", 28)
    assert ("桃源村", "蓝色联盟", "member", "2023-05-01", "2023-09-30") in spells(db_path)


def test_import_closes_an_open_membership(township, db_path, tmp_path):
    row = ["石门村", "村", "", "", "", "红色联盟", "", "2023-03-01", "2023-09-30"]
    path = write_csv(tmp_path / "leave.csv", [row])
    result = township.ok("member", "import", path)
    assert result.stderr.strip() == imported(path, leaves=1)
    assert ("石门村", "红色联盟", "member", "2023-03-01", "2023-09-30") in spells(db_path)
    listed = township.ok(
        "member", "list", "--alliance", "红色联盟", "--on", "2023-09-30", "-f", "json"
    )
    assert [org["name"] for org in json.loads(listed.stdout)] == ["红岩村"]
    closed = snapshot(db_path)
    assert township.ok("member", "import", path).stderr.strip() == imported(path, unchanged=1)
    assert snapshot(db_path) == closed


@pytest.mark.parametrize("leave", ["2023-10-31", ""])
def test_import_never_rewrites_a_closed_membership(township, db_path, tmp_path, leave):
    township.ok("member", "leave", "石门村", "红色联盟", "--on", "2023-09-30")
    before = snapshot(db_path)
    path = write_csv(
        tmp_path / "m.csv", [["石门村", "村", "", "", "", "红色联盟", "", "2023-03-01", leave]]
    )
    township.refused(
        "member",
        "import",
        path,
        message="row 2: the spell of '石门村' in '红色联盟' from 2023-03-01 ended on "
        "2023-09-30; history is not rewritten",
    )
    assert snapshot(db_path) == before


def test_closing_and_rejoining_in_one_file_in_any_row_order(township, db_path, tmp_path):
    path = write_csv(
        tmp_path / "m.csv",
        [
            ["石门村", "村", "", "", "", "红色联盟", "", "2023-11-01", ""],  # rejoins first
            ["石门村", "村", "", "", "", "红色联盟", "", "2023-03-01", "2023-09-30"],
        ],
    )
    result = township.ok("member", "import", path)
    assert result.stderr.strip() == imported(path, joins=1, leaves=1)
    assert [s for s in spells(db_path) if s[0] == "石门村"] == [
        ("石门村", "红色联盟", "member", "2023-03-01", "2023-09-30"),
        ("石门村", "红色联盟", "member", "2023-11-01", None),
    ]
    again = snapshot(db_path)
    township.ok("member", "import", path)
    assert snapshot(db_path) == again


def test_adding_past_history_before_a_stored_spell(township, db_path, tmp_path):
    row = ["石门村", "村", "", "", "", "红色联盟", "", "2023-01-01", "2023-03-01"]
    path = write_csv(tmp_path / "m.csv", [row])
    township.ok("member", "import", path)
    assert [s for s in spells(db_path) if s[0] == "石门村"] == [
        ("石门村", "红色联盟", "member", "2023-01-01", "2023-03-01"),
        ("石门村", "红色联盟", "member", "2023-03-01", None),
    ]


# --- bad rows: reported by row number, nothing written ---------------------------------------

TAOYUAN = ["桃源村", "村", "村级", "王建军", "28"]

BAD_ROWS = {
    "unknown alliance": (
        [[*TAOYUAN, "黄色联盟", "", "2023-04-01", ""]],
        "row 2: no alliance named '黄色联盟'",
    ),
    "bad category": (
        [["桃源村", "城市", "", "", "", "", "", "", ""]],
        "row 2: invalid 类别 '城市'; choose one of: village/村, community/社区",
    ),
    "empty category": (
        [["桃源村", "", "", "", "", "", "", "", ""]],
        "row 2: '类别' must not be empty",
    ),
    "bad level": (
        [["桃源村", "村", "省级", "", "", "", "", "", ""]],
        "row 2: invalid 层级 '省级'; choose one of: county/县级",
    ),
    "bad role": (
        [[*TAOYUAN, "红色联盟", "主任", "2023-04-01", ""]],
        "row 2: invalid 角色 '主任'; choose one of: lead/牵头单位, member/成员单位",
    ),
    "negative party members": (
        [["桃源村", "村", "", "", "-5", "", "", "", ""]],
        "row 2: the party-member count cannot be negative (-5)",
    ),
    "party members not a number": (
        [["桃源村", "村", "", "", "三十", "", "", "", ""]],
        "row 2: 党员数 '三十' is not a whole number",
    ),
    "empty name": (
        [["", "村", "", "", "", "红色联盟", "", "2023-04-01", ""]],
        "row 2: the name must not be empty",
    ),
    "bad join date": (
        [[*TAOYUAN, "红色联盟", "", "2023-02-30", ""]],
        "row 2: 加入日期 '2023-02-30' is not a valid date",
    ),
    "bad leave date": (
        [[*TAOYUAN, "红色联盟", "", "2023-04-01", "下个月"]],
        "row 2: 退出日期 '下个月' is not a valid date",
    ),
    "missing join date": (
        [[*TAOYUAN, "红色联盟", "", "", "2023-09-30"]],
        "row 2: '加入日期' must not be empty",
    ),
    "dates without alliance": (
        [[*TAOYUAN, "", "", "2023-04-01", ""]],
        "row 2: '加入日期' is given but the alliance is empty",
    ),
    "leave before join": (
        [[*TAOYUAN, "红色联盟", "", "2023-05-01", "2023-04-01"]],
        "row 2: '桃源村' joined '红色联盟' on 2023-05-01; leaving on 2023-04-01 ",
    ),
    "leave on the join day": (  # a spell covers at least its join day
        [[*TAOYUAN, "红色联盟", "", "2023-05-01", "2023年5月1日"]],
        "row 2: '桃源村' joined '红色联盟' on 2023-05-01; leaving on 2023-05-01 ",
    ),
    "join before the alliance was founded": (
        [[*TAOYUAN, "红色联盟", "", "2022-12-31", ""]],
        "row 2: alliance '红色联盟' was founded on 2023-01-01; cannot join earlier",
    ),
    "conflicting details on two rows": (
        [
            [*TAOYUAN, "红色联盟", "", "2023-04-01", ""],
            ["桃源村", "村", "村级", "王建军", "29", "蓝色联盟", "", "2023-04-01", ""],
        ],
        "row 3: '桃源村' differs from its details on row 2",
    ),
    "conflicting category on two rows": (
        [
            [*TAOYUAN, "", "", "", ""],
            ["桃源村", "社区", "", "", "", "蓝色联盟", "", "2023-04-01", ""],
        ],
        "row 3: '桃源村' differs from its details on row 2",
    ),
    "overlapping memberships in the file": (
        [
            [*TAOYUAN, "红色联盟", "", "2023-04-01", ""],
            [*TAOYUAN, "红色联盟", "", "2023-06-01", "2023-08-01"],
        ],
        "row 3: '桃源村' is already a member of '红色联盟' since 2023-04-01",
    ),
    "overlapping a stored open membership": (
        [["红岩村", "村", "", "", "", "红色联盟", "", "2023-06-01", ""]],
        "row 2: '红岩村' is already a member of '红色联盟' since 2023-01-01",
    ),
    "closed spell overlapping a stored one": (
        [["石门村", "村", "", "", "", "红色联盟", "", "2023-02-01", "2023-04-01"]],
        "row 2: '石门村' is already a member of '红色联盟' since 2023-03-01",
    ),
    "one spell, two leave dates": (
        [
            [*TAOYUAN, "红色联盟", "", "2023-04-01", "2023-06-30"],
            [*TAOYUAN, "红色联盟", "", "2023-04-01", ""],
        ],
        "row 3: the membership of '桃源村' in '红色联盟' from 2023-04-01 differs from row 2",
    ),
    "changing a stored role": (
        [["红岩村", "村", "", "", "", "红色联盟", "成员单位", "2023-01-01", ""]],
        "row 2: the role of '红岩村' in '红色联盟' from 2023-01-01 is recorded as lead/牵头单位; "
        "history is not rewritten",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_a_bad_row_is_reported_and_nothing_is_written(township, db_path, tmp_path, case):
    rows, message = BAD_ROWS[case]
    before = snapshot(db_path)
    path = write_csv(tmp_path / "bad.csv", rows)
    result = township.refused("member", "import", path, message=message)
    assert result.stderr.startswith(f"error: {path} has 1 bad rows; nothing was imported\n")
    assert len(result.stderr.strip().splitlines()) == 2
    assert snapshot(db_path) == before


def test_a_bad_row_in_xlsx(township, db_path, tmp_path):
    before = snapshot(db_path)
    path = write_xlsx(tmp_path / "bad.xlsx", [GOOD_ROWS[0], [*TAOYUAN[:4], "-3"]])
    township.refused(
        "member", "import", path, message="row 3: the party-member count cannot be negative (-3)"
    )
    assert snapshot(db_path) == before


def test_every_bad_row_is_reported_and_good_rows_are_not_written(township, db_path, tmp_path):
    before = snapshot(db_path)
    path = write_csv(
        tmp_path / "m.csv",
        [
            GOOD_ROWS[0],
            ["县农业局", "机关", "", "", "", "", "", "", ""],
            GOOD_ROWS[2],
            [*TAOYUAN, "蓝色联盟", "", "2023-13-01", ""],
            ["红岩村", "村", "", "", "", "红色联盟", "", "2023-02-01", ""],
        ],
    )
    result = township.refused("member", "import", path, message="has 3 bad rows")
    assert result.stderr.splitlines()[1:] == [
        "  row 3: invalid 类别 '机关'; choose one of: village/村, community/社区, agency/机关部门, "
        "enterprise/非公企业, association/行业协会, school/学校, other/其他",
        "  row 5: 加入日期 '2023-13-01' is not a valid date (e.g. 2023-03-05, 2023/3/5, "
        "2023年3月5日)",
        "  row 6: '红岩村' is already a member of '红色联盟' since 2023-01-01",
    ]
    assert snapshot(db_path) == before


def test_bad_rows_in_chinese(township, db_path, tmp_path):
    path = write_csv(tmp_path / "m.csv", [[*TAOYUAN, "黄色联盟", "", "2023-04-01", ""]])
    result = township.refused(
        "--lang", "zh", "member", "import", path, message="第 2 行：没有名为“黄色联盟”的联盟"
    )
    assert result.stderr.startswith(f"错误：{path} 有 1 行错误，未导入任何数据")


def test_an_alliance_dissolved_before_the_spell_ends(township, db_path, tmp_path):
    township.ok("alliance", "dissolve", "蓝色联盟", "--on", "2023-06-30")
    before = snapshot(db_path)
    for joined, left in (("2023-02-01", ""), ("2023-02-01", "2023-07-31"), ("2023-07-01", "")):
        path = write_csv(tmp_path / "m.csv", [[*TAOYUAN, "蓝色联盟", "", joined, left]])
        township.refused(
            "member",
            "import",
            path,
            message="row 2: alliance '蓝色联盟' was dissolved on 2023-06-30",
        )
    assert snapshot(db_path) == before
    path = write_csv(tmp_path / "m.csv", [[*TAOYUAN, "蓝色联盟", "", "2023-02-01", "2023-06-30"]])
    township.ok("member", "import", path)


@pytest.mark.parametrize(
    ("header", "row", "missing"),
    [
        (["名称", "联盟", "加入日期"], ["桃源村", "红色联盟", "2023-04-01"], "类别/category"),
        (["类别", "党员数"], ["村", "3"], "名称/name"),
        (["名称", "类别", "联盟"], ["桃源村", "村", "红色联盟"], "加入日期/joined_on"),
        (["名称", "类别", "加入日期"], ["桃源村", "村", "2023-04-01"], "联盟/alliance"),
        (["单位", "类型"], ["桃源村", "村"], "名称/name, 类别/category"),
    ],
)
def test_missing_required_columns(township, db_path, tmp_path, header, row, missing):
    before = snapshot(db_path)
    path = write_csv(tmp_path / "m.csv", [row], header=header)
    township.refused("member", "import", path, message=f"row 1: missing columns: {missing}")
    assert snapshot(db_path) == before


# --- files that cannot be read ---------------------------------------------------------------


def _damaged_xlsx(path: Path, damage: str) -> Path:
    write_xlsx(path, GOOD_ROWS)
    good = path.read_bytes()
    if damage == "not a zip":
        path.write_bytes(b"PK\x03\x04 this is not really an xlsx")
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    else:  # broken sheet XML inside a sound zip
        with zipfile.ZipFile(io.BytesIO(good)) as archive:
            entries = {name: archive.read(name) for name in archive.namelist()}
        entries["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row><c"
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nowhere.csv", "cannot read file {path}: No such file or directory"),
        (lambda d: d / "nowhere.xlsx", "cannot read file {path}: No such file or directory"),
        (
            lambda d: write_csv(d / "members.txt", GOOD_ROWS),
            "unsupported file type {path} (use .csv or .xlsx)",
        ),
        (
            lambda d: write_csv(d / "members.xls", GOOD_ROWS),
            "unsupported file type {path} (use .csv or .xlsx)",
        ),
        (lambda d: _empty(d / "empty.csv"), "{path} has no data rows"),
        (lambda d: write_csv(d / "header.csv", []), "{path} has no data rows"),
        (lambda d: write_xlsx(d / "header.xlsx", []), "{path} has no data rows"),
        (
            lambda d: _damaged_xlsx(d / "m.xlsx", "not a zip"),
            "cannot read file {path}: not a valid XLSX workbook",
        ),
        (
            lambda d: _damaged_xlsx(d / "m.xlsx", "truncated"),
            "cannot read file {path}: not a valid XLSX workbook",
        ),
        (
            lambda d: _damaged_xlsx(d / "m.xlsx", "bad xml"),
            "cannot read file {path}: not a valid XLSX workbook",
        ),
    ],
    ids=[
        "missing csv",
        "missing xlsx",
        "txt",
        "xls",
        "empty csv",
        "header only csv",
        "header only xlsx",
        "xlsx not a zip",
        "xlsx truncated",
        "xlsx bad xml",
    ],
)
def test_unreadable_files_are_refused(township, db_path, tmp_path, make, message):
    path = make(tmp_path)
    before = snapshot(db_path)
    result = township.refused("member", "import", path, message=message.format(path=path))
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(db_path) == before


def test_a_refused_file_creates_no_database(cli, db_path, tmp_path):
    cli.refused("member", "import", tmp_path / "nowhere.csv", message="cannot read file")
    assert not db_path.exists()


# --- exporting -----------------------------------------------------------------------------

TOWNSHIP_EXPORT = (
    "\ufeff" + EN_HEADER + "\r\n"
    "新街社区,community,township,,0,蓝色联盟,lead unit,2023-01-01,\r\n"
    "石门村,village,village,,20,红色联盟,member,2023-03-01,\r\n"
    "红岩村,village,village,张伟,30,红色联盟,lead unit,2023-01-01,\r\n"
    "镇派出所,agency,township,,0,蓝色联盟,member,2023-01-01,\r\n"
)


def test_export_csv_to_stdout_has_a_bom(township):
    # stdout_bytes: Click's `stdout` turns CRLF into LF.
    assert township.ok("member", "export").stdout_bytes.decode("utf-8") == TOWNSHIP_EXPORT


def test_export_csv_file_in_chinese(township, tmp_path):
    out = tmp_path / "members.csv"
    township.ok("--lang", "zh", "member", "export", "--output", out)
    assert out.read_bytes().decode("utf-8") == (
        "\ufeff" + ",".join(HEADER) + "\r\n"
        "新街社区,社区,乡镇级,,0,蓝色联盟,牵头单位,2023-01-01,\r\n"
        "石门村,村,村级,,20,红色联盟,成员单位,2023-03-01,\r\n"
        "红岩村,村,村级,张伟,30,红色联盟,牵头单位,2023-01-01,\r\n"
        "镇派出所,机关部门,乡镇级,,0,蓝色联盟,成员单位,2023-01-01,\r\n"
    )


def test_export_lists_history_and_organisations_without_alliances(township):
    township.ok("member", "leave", "石门村", "红色联盟", "--on", "2023-06-30")
    township.ok("member", "join", "石门村", "红色联盟", "--on", "2023-09-01")
    township.ok("member", "add", "县农业局", "--category", "agency", "--level", "county")
    lines = township.ok("member", "export").stdout.splitlines()
    assert lines[1] == "县农业局,agency,county,,0,,,,"
    assert lines[3:5] == [
        "石门村,village,village,,20,红色联盟,member,2023-03-01,2023-06-30",
        "石门村,village,village,,20,红色联盟,member,2023-09-01,",
    ]


@pytest.mark.parametrize(
    ("lang", "suffix"), [("en", ".csv"), ("en", ".xlsx"), ("zh", ".csv"), ("zh", ".xlsx")]
)
def test_export_then_import_into_a_new_database(township, db_path, tmp_path, lang, suffix):
    township.ok("member", "leave", "石门村", "红色联盟", "--on", "2023-06-30")
    township.ok("member", "join", "石门村", "红色联盟", "--on", "2023-09-01")
    township.ok("member", "join", "石门村", "蓝色联盟", "--on", "2023-02-01", "--role", "lead")
    township.ok("member", "add", "县农业局", "--category", "agency", "--level", "county")
    out = tmp_path / f"members{suffix}"
    township.ok("--lang", lang, "member", "export", "--output", out)
    other = new_township(township, tmp_path / "other.db")
    result = township.ok("--db", other, "member", "import", out)
    assert result.stderr.strip() == imported(out, added=5, joins=6)
    assert organisations(other) == organisations(db_path)
    assert spells(other) == spells(db_path)
    # The export read back into its own database changes nothing at all.
    before = snapshot(db_path)
    township.ok("member", "import", out)
    assert snapshot(db_path) == before


FORMULA_NAMES = ["=1+2村", "+86社区", "-1村", "@SUM(A1)协会", "'=引号村", "'老'村"]


@pytest.fixture
def formula_township(township):
    for name in FORMULA_NAMES:
        township.ok(
            "member", "add", "--category", "其他", "--secretary", '=HYPERLINK("http://x")',
            "--", name,
        )  # fmt: skip
        township.ok("member", "join", "--on", "2023-02-01", "--", name, "蓝色联盟")
    return township


def test_export_csv_neutralises_formulas(formula_township):
    rows = list(csv.reader(io.StringIO(formula_township.ok("member", "export").stdout)))
    by_name = {row[0]: row for row in rows[1:]}
    assert {
        "'=1+2村",
        "'+86社区",
        "'-1村",
        "'@SUM(A1)协会",
        "''=引号村",  # a leading quote of its own gets a second one
        "''老'村",
    } <= set(by_name)
    assert by_name["'=1+2村"][3] == '\'=HYPERLINK("http://x")'
    assert by_name["'=1+2村"][4] == "0"  # numbers stay numbers
    assert by_name["红岩村"][3] == "张伟"


def test_export_xlsx_stores_formula_like_text_as_text(formula_township, tmp_path):
    out = tmp_path / "members.xlsx"
    formula_township.ok("member", "export", "--output", out)
    sheet = load_workbook(out).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for name in FORMULA_NAMES:
        cell = cells[name][0]
        assert cell.data_type == "s", name
        assert cell.quotePrefix, name
        assert cells[name][3].value == '=HYPERLINK("http://x")'
        assert cells[name][3].data_type == "s"
    assert not cells["红岩村"][0].quotePrefix
    with zipfile.ZipFile(out) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # no formula anywhere


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_restores_formula_like_text(formula_township, db_path, tmp_path, suffix):
    out = tmp_path / f"members{suffix}"
    formula_township.ok("member", "export", "--output", out)
    other = new_township(formula_township, tmp_path / "other.db")
    formula_township.ok("--db", other, "member", "import", out)
    assert organisations(other) == organisations(db_path)
    assert organisations(other)["=1+2村"] == ("other", "village", '=HYPERLINK("http://x")', 0)
    assert spells(other) == spells(db_path)


# --- the templates in data/ ----------------------------------------------------------------

TEMPLATE_ORGS = {
    "柳溪村党支部": ("village", "village", "马丽华", 29),
    "茶山村党支部": ("village", "village", "黄志明", 24),
    "县茶叶行业协会党支部": ("association", "county", "高远", 7),
    "青山镇供电所党支部": ("agency", "township", "林涛", 11),
    "山里红农家乐有限公司党支部": ("enterprise", "village", "邓飞", 3),
    "青山镇中学党支部": ("school", "township", "何静", 21),
}
TEMPLATE_SPELLS = [
    ("县茶叶行业协会党支部", "绿色发展片区联盟", "member", "2025-11-01", None),
    ("山里红农家乐有限公司党支部", "红色引领片区联盟", "member", "2025-12-01", None),
    ("柳溪村党支部", "红色引领片区联盟", "member", "2025-10-01", None),
    ("柳溪村党支部", "防汛救灾任务联盟", "member", "2025-10-15", "2025-12-20"),
    ("茶山村党支部", "绿色发展片区联盟", "member", "2025-10-08", None),
    ("青山镇供电所党支部", "蓝色治理片区联盟", "member", "2025-10-15", None),
]


@pytest.fixture
def qingshan(cli, db_path):
    """The alliances the templates name, and one organisation to found the task alliance."""
    cli.ok("alliance", "create", "青山镇全域党建联盟", "--kind", "core", "--founded", "2025-01-01")
    for name, theme in (("红色引领片区联盟", "red"), ("绿色发展片区联盟", "green")):
        cli.ok(
            "alliance",
            "create",
            name,
            "--kind",
            "area",
            "--theme",
            theme,
            "--founded",
            "2025-01-01",
        )
    cli.ok("alliance", "create", "蓝色治理片区联盟", "--kind", "area", "--theme", "蓝色治理",
           "--founded", "2025-01-01")  # fmt: skip
    cli.ok("member", "add", "河口社区党支部", "--category", "社区")
    cli.ok(
        "alliance", "create", "防汛救灾任务联盟", "--kind", "task", "--min-members", "1",
        "--lead", "河口社区党支部", "--founded", "2025-05-01",
    )  # fmt: skip
    return cli


@pytest.mark.parametrize("name", ["members_template.csv", "members_template.xlsx"])
def test_templates_import_cleanly(qingshan, db_path, name):
    template = ROOT / "data" / name
    result = qingshan.ok("member", "import", template)
    assert result.stderr.strip() == imported(template, added=6, joins=6)
    assert organisations(db_path) == {
        "河口社区党支部": ("community", "village", None, 0),
        **TEMPLATE_ORGS,
    }
    assert [s for s in spells(db_path) if s[0] != "河口社区党支部"] == TEMPLATE_SPELLS
    before = snapshot(db_path)
    qingshan.ok("member", "import", template)
    assert snapshot(db_path) == before


def test_templates_import_into_the_demo_township(demo, db_path):
    for name in ("members_template.csv", "members_template.xlsx"):
        demo.ok("member", "import", ROOT / "data" / name)
    assert {name: organisations(db_path)[name] for name in TEMPLATE_ORGS} == TEMPLATE_ORGS


def test_template_files_are_what_make_templates_writes(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "make_templates", ROOT / "data" / "make_templates.py"
    )
    make_templates = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_templates)
    csv_file, xlsx_file = make_templates.write_templates(tmp_path)
    assert csv_file.read_bytes() == (ROOT / "data" / "members_template.csv").read_bytes()
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf" + ",".join(HEADER).encode())

    def cells(path):
        return [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]

    assert cells(xlsx_file) == cells(ROOT / "data" / "members_template.xlsx")
    assert cells(xlsx_file)[0] == HEADER


def write_csv(path: Path, rows, header=HEADER, encoding="utf-8-sig") -> Path:
    return spreadsheets.write_csv(path, rows, header, encoding)


def write_xlsx(path: Path, rows, header=HEADER) -> Path:
    return spreadsheets.write_xlsx(path, rows, header)
