"""Every output format from the one output module, checked exactly where it is text."""

from __future__ import annotations

import io
import json

import pytest
from wcwidth import wcswidth

from alliance_cli.cli import output


@pytest.fixture
def hostile(township):
    """Names a clerk might type that a spreadsheet or browser would misread."""
    township.ok(
        "member", "add", '=HYPERLINK("http://x")', "--category", "other", "--secretary", "-2+3"
    )
    township.ok(
        "member",
        "add",
        "<script>alert(1)</script>",
        "--category",
        "other",
        "--secretary",
        "@SUM(A1)",
    )
    return township


def test_csv_is_exact_with_bom(township):
    out = township.ok(
        "member", "list", "--category", "社区", "--on", "2023-06-01", "--format", "csv"
    ).stdout_bytes.decode("utf-8")
    assert out == (
        "\ufeffname,category,level,secretary,party members,alliances\r\n"
        "新街社区,community,township,,0,蓝色联盟 (lead)\r\n"
    )


def test_csv_in_chinese(township):
    out = township.ok(
        "--lang", "zh", "member", "list", "--category", "村", "--on", "2023-06-01", "-f", "csv"
    ).stdout_bytes.decode("utf-8")
    assert out == (
        "\ufeff名称,类别,层级,书记,党员数,所属联盟\r\n"
        "石门村,村,村级,,20,红色联盟\r\n"
        "红岩村,村,村级,张伟,30,红色联盟（牵头）\r\n"
    )


def test_json_is_exact(township):
    out = township.ok("member", "list", "--category", "agency", "-f", "json").stdout
    assert json.loads(out) == [
        {
            "name": "镇派出所",
            "category": "agency",
            "level": "township",
            "secretary": None,
            "party_members": 0,
            "alliances": [{"alliance": "蓝色联盟", "role": "member"}],
        }
    ]


def test_markdown_table(township):
    out = township.ok("member", "list", "--category", "agency", "-f", "md").stdout
    lines = out.splitlines()
    assert lines[0].startswith("| name ")
    assert lines[1].startswith("|---")
    assert "| 镇派出所 " in lines[2]


def test_plain_table_aligns_chinese_when_piped(township):
    out = township.ok("member", "list", "--on", "2023-06-01").stdout
    lines = [line for line in out.splitlines() if line.strip()]
    header, _rule, *body = lines
    # Every row's second column starts at the same display column as the header's.
    start = wcswidth(header[: header.index("category")])
    for line in body:
        cells = line.split("  ")
        assert wcswidth(cells[0]) <= start
        position = wcswidth(line[: line.index(next(c for c in cells[1:] if c.strip()))])
        assert position == start, line
    assert "\x1b[" not in out  # no colour codes when not on a terminal


def test_rich_table_on_a_terminal(township, monkeypatch):
    monkeypatch.setattr(output, "_stdout_is_terminal", lambda: True)
    out = township.ok("member", "list", "--category", "agency").stdout
    assert "┃" in out or "│" in out
    assert "镇派出所" in out


def test_csv_neutralises_formulas(hostile):
    out = hostile.ok("member", "list", "--category", "other", "-f", "csv").stdout
    assert "'=HYPERLINK" in out and "'-2+3" in out and "'@SUM(A1)" in out
    assert ",0," in out  # numbers are left alone


def test_html_escapes_everything_typed(hostile, tmp_path):
    target = tmp_path / "members.html"
    hostile.ok("member", "list", "--output", str(target))
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<th>name</th>" in page


def test_xlsx_neutralises_formulas(hostile, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "members.xlsx"
    hostile.ok("member", "list", "--output", str(target))
    sheet = load_workbook(target).active
    values = {cell.value: cell for row in sheet.iter_rows() for cell in row}
    cell = values['=HYPERLINK("http://x")']
    assert cell.data_type == "s" and cell.quotePrefix
    assert values["-2+3"].data_type == "s"
    party = [row[4].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(v, int) for v in party)


def test_xlsx_to_a_pipe(township):
    from openpyxl import load_workbook

    result = township.runner.invoke(
        __import__("alliance_cli.cli", fromlist=["app"]).app,
        ["member", "list", "-f", "xlsx"],
    )
    assert result.exit_code == 0
    sheet = load_workbook(io.BytesIO(result.stdout_bytes)).active
    assert sheet["A1"].value == "name"


def test_xlsx_refuses_a_terminal(township, monkeypatch):
    monkeypatch.setattr(output, "_stdout_is_terminal", lambda: True)
    township.refused("member", "list", "-f", "xlsx", message="the xlsx format needs --output")


def test_output_suffix_picks_the_format(township, tmp_path):
    target = tmp_path / "list.json"
    result = township.ok("alliance", "list", "-o", str(target))
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))[0]["name"] == "全域联盟"
    csv_file = tmp_path / "list.csv"
    township.ok("alliance", "list", "-o", str(csv_file))
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")


def test_unwritable_output_is_refused(township, tmp_path):
    township.refused(
        "alliance", "list", "-o", str(tmp_path / "no" / "such" / "x.csv"), message="cannot write"
    )


def test_quiet_prints_nothing_on_success(township):
    result = township.ok("--quiet", "member", "add", "丁村", "--category", "村")
    assert result.stdout == "" and result.stderr == ""


def test_every_format_for_show(township, tmp_path):
    for fmt in ("table", "csv", "json", "md", "html"):
        out = township.ok("alliance", "show", "红色联盟", "-f", fmt, "--on", "2023-06-01").stdout
        assert "红岩村" in out, fmt
    township.ok("alliance", "show", "红色联盟", "-o", str(tmp_path / "show.xlsx"))
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "show.xlsx")
    assert len(book.sheetnames) == 2


def test_neutralise_unit():
    assert output.neutralise("=1+1") == "'=1+1"
    assert output.neutralise("\tx") == "'\tx"
    assert output.neutralise(-5) == -5
    assert output.neutralise("红岩村") == "红岩村"


def test_xlsx_survives_control_characters(township, tmp_path):
    from openpyxl import load_workbook

    township.ok("member", "add", "坏\x01名", "--category", "other")
    target = tmp_path / "members.xlsx"
    township.ok("member", "list", "--output", str(target))
    names = [row[0].value for row in load_workbook(target).active.iter_rows(min_row=2)]
    assert "坏\ufffd名" in names
