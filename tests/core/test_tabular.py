"""Reading the clerk's spreadsheets: `clean_cell` and `read_table`."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from alliance_cli.cli.output import neutralise
from alliance_cli.core.errors import InvalidInput
from alliance_cli.core.tabular import FORMULA_STARTS, clean_cell, read_table

# --- clean_cell ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  红岩村  ", "红岩村"),
        ("\u3000红岩村\u3000", "红岩村"),  # full-width spaces at the ends
        ("\xa0红岩村\t", "红岩村"),
        ("红岩村\u3000党支部", "红岩村\u3000党支部"),  # inside the name: part of it
        ("石门 村", "石门 村"),
        (30, "30"),
        (30.0, "30"),  # XLSX numbers come back as floats
        (30.5, "30.5"),
        (-2, "-2"),
        (date(2023, 3, 5), "2023-03-05"),
        (datetime(2023, 3, 5), "2023-03-05"),  # an XLSX date cell
    ],
)
def test_clean_cell(value, expected):
    assert clean_cell(value) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("'=SUM(A1:A3)", "=SUM(A1:A3)"),
        ("'+86", "+86"),
        ("'-5", "-5"),
        ("'@cmd", "@cmd"),
        ("'-", "-"),
        ("''=x", "'=x"),  # a value that itself starts with a quote got a second one
        ("''", "'"),
        ("'abc", "'abc"),  # not an export's quote: kept
        ("'", "'"),
        ("=x", "=x"),
        (" '=x ", "=x"),
    ],
)
def test_clean_cell_undoes_the_csv_export_quote(cell, expected):
    assert clean_cell(cell, unquote=True) == expected


def test_clean_cell_keeps_quotes_unless_asked():
    assert clean_cell("'=x") == "'=x"
    assert clean_cell("''x") == "''x"


def test_every_formula_start_is_quoted_by_the_export():
    for start in ("=", "+", "-", "@", "\t", "\r", "\n"):
        assert start in FORMULA_STARTS
        assert neutralise(start + "1") == "'" + start + "1"
    assert neutralise(-1) == -1  # numbers stay numbers


@given(st.text(alphabet="=+-@'\t\n\"a,红 ", max_size=8))
def test_export_quote_and_import_unquote_are_inverse(text):
    value = text.strip()
    assert clean_cell(neutralise(value), unquote=True) == value


# --- read_table ----------------------------------------------------------------------------


def write(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_rows_are_numbered_as_the_spreadsheet_numbers_them(tmp_path):
    path = write(
        tmp_path / "m.csv",
        "名称,类别, 党员数 \r\n红岩村, 村 ,30\r\n,,\r\n\r\n石门村,村\r\n",
    )
    table = read_table(path)
    assert table.path == str(path)
    assert table.headers == ["名称", "类别", "党员数"]
    assert table.rows == [
        (2, {"名称": "红岩村", "类别": "村", "党员数": "30"}),
        (5, {"名称": "石门村", "类别": "村", "党员数": ""}),  # short row padded
    ]


def test_csv_without_bom_and_with_uppercase_suffix(tmp_path):
    table = read_table(write(tmp_path / "M.CSV", "名称\n红岩村\n", encoding="utf-8"))
    assert table.rows == [(2, {"名称": "红岩村"})]


def test_csv_saved_by_older_excel_in_gb18030(tmp_path):
    path = write(tmp_path / "m.csv", "名称,书记\r\n红岩村党支部,张伟\r\n", encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the file really is not UTF-8
    assert read_table(path).rows == [(2, {"名称": "红岩村党支部", "书记": "张伟"})]


def test_csv_cell_with_line_break_counts_as_one_row(tmp_path):
    path = write(tmp_path / "m.csv", '名称,书记\n"红岩村\n党支部",张伟\n石门村,李娜\n')
    assert read_table(path).rows == [
        (2, {"名称": "红岩村\n党支部", "书记": "张伟"}),
        (3, {"名称": "石门村", "书记": "李娜"}),
    ]


def test_csv_export_quotes_are_removed(tmp_path):
    path = write(tmp_path / "m.csv", "名称,书记\n'=1+2,'@x\n''abc,'-\n")
    assert [cells for _, cells in read_table(path).rows] == [
        {"名称": "=1+2", "书记": "@x"},
        {"名称": "'abc", "书记": "-"},
    ]


def test_xlsx_cells_become_text(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["名称", "党员数", "加入日期", "书记"])
    sheet.append([None, None, None, None])
    sheet.append(["红岩村", 30, datetime(2023, 3, 5), "'=x"])
    sheet.append([" 石门村\u3000", 20.0, "2023/3/5"])
    book.save(tmp_path / "m.xlsx")
    table = read_table(tmp_path / "m.xlsx")
    assert table.rows == [
        # XLSX keeps text as typed: only CSV exports add quotes, so none is removed.
        (3, {"名称": "红岩村", "党员数": "30", "加入日期": "2023-03-05", "书记": "'=x"}),
        (4, {"名称": "石门村", "党员数": "20", "加入日期": "2023/3/5", "书记": ""}),
    ]


@pytest.mark.parametrize("name", ["m.txt", "m.xls", "m", "m.csv.bak"])
def test_other_file_types_are_refused(tmp_path, name):
    path = write(tmp_path / name, "名称\n红岩村\n")
    with pytest.raises(InvalidInput) as refusal:
        read_table(path)
    assert refusal.value.key == "file_type"


@pytest.mark.parametrize("name", ["missing.csv", "missing.xlsx"])
def test_missing_file(tmp_path, name):
    with pytest.raises(InvalidInput) as refusal:
        read_table(tmp_path / name)
    assert refusal.value.key == "file_unreadable"
    assert refusal.value.params["reason"] == "No such file or directory"


@pytest.mark.parametrize("name", ["folder.csv", "folder.xlsx"])
def test_a_folder_is_not_a_file(tmp_path, name):
    (tmp_path / name).mkdir()
    with pytest.raises(InvalidInput) as refusal:
        read_table(tmp_path / name)
    assert refusal.value.key == "file_unreadable"


@pytest.mark.parametrize("text", ["", "\ufeff", "名称,类别\n", "名称,类别\n,\n\n"])
def test_csv_without_data_rows(tmp_path, text):
    with pytest.raises(InvalidInput) as refusal:
        read_table(write(tmp_path / "m.csv", text, encoding="utf-8"))
    assert refusal.value.key == "import_empty"


def test_xlsx_without_data_rows(tmp_path):
    book = Workbook()
    book.active.append(["名称", "类别"])
    book.save(tmp_path / "m.xlsx")
    with pytest.raises(InvalidInput) as refusal:
        read_table(tmp_path / "m.xlsx")
    assert refusal.value.key == "import_empty"


def _good_xlsx_entries(tmp_path: Path) -> dict[str, bytes]:
    book = Workbook()
    book.active.append(["名称", "类别"])
    book.active.append(["红岩村", "村"])
    book.save(tmp_path / "good.xlsx")
    with zipfile.ZipFile(tmp_path / "good.xlsx") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "damage",
    [
        "empty",
        "not a zip",
        "truncated",
        "zip of something else",
        "broken sheet xml",
        "broken workbook xml",
        "broken content types",
        "sheet missing",
    ],
)
def test_damaged_xlsx_is_refused_cleanly(tmp_path, damage):
    entries = _good_xlsx_entries(tmp_path)
    path = tmp_path / "m.xlsx"
    sheet = "xl/worksheets/sheet1.xml"
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "not a zip":
        path.write_bytes("名称,类别\n红岩村,村\n".encode())
    elif damage == "truncated":
        path.write_bytes((tmp_path / "good.xlsx").read_bytes()[:600])
    elif damage == "zip of something else":
        _rezip(path, {"readme.txt": b"hello"})
    elif damage == "broken sheet xml":
        _rezip(path, {**entries, sheet: b"<worksheet><sheetData><row><c"})
    elif damage == "broken workbook xml":
        _rezip(path, {**entries, "xl/workbook.xml": b"garbage"})
    elif damage == "broken content types":
        _rezip(path, {**entries, "[Content_Types].xml": b"garbage"})
    else:
        _rezip(path, {k: v for k, v in entries.items() if k != sheet})
    with pytest.raises(InvalidInput) as refusal:
        read_table(path)
    assert refusal.value.key == "file_unreadable"
    assert refusal.value.params["path"] == str(path)
    assert refusal.value.params["reason"].startswith("not a valid XLSX workbook")
