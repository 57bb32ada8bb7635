"""The one place that turns rows into table, CSV, JSON, Markdown, XLSX or HTML.

Every listing and report builds `Section`s of plain rows and calls `emit`. Human formats show
labels in the clerk's language; JSON keeps the stored codes so that scripts can rely on them.
Rich draws tables on a terminal; when standard output is not a terminal the table is plain
text from tabulate (with wcwidth, so Chinese columns line up).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from alliance_cli.cli.context import settings
from alliance_cli.core.tabular import FORMULA_STARTS  # formula-like text (OWASP "CSV injection")


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    xlsx = "xlsx"
    html = "html"


FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table, csv, json, md, xlsx or html (default: from the --output suffix, else table).",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of standard output.",
        show_default=False,
        dir_okay=False,
    ),
]


@dataclass
class Column:
    key: str
    render: Callable[[Any, str], Any] | None = None  # (value, lang) -> shown value


@dataclass
class Section:
    """A titled block of rows. `record=True` shows one row as field/value pairs."""

    key: str
    title: str
    columns: Sequence[Column]
    rows: list[dict]
    record: bool = False
    json_value: Any = field(default=None)  # override what JSON shows for this section


def vocabulary_column(key: str, vocabulary: str) -> Column:
    """A column of stored codes shown as labels of a vocabulary."""
    from alliance_cli.core.vocabulary import label

    return Column(key, lambda value, lang: label(vocabulary, value, lang))


def yes_no(value: Any, lang: str) -> str:
    """A flag shown as yes or no (是/否)."""
    from alliance_cli.i18n import value_label

    return value_label("yes" if value else "no", lang)


def value_column(key: str, prefix: str) -> Column:
    """A column of stored codes shown as the value label of `prefix + code` (prefix
    "mentoring_": active shows as 进行中 in Chinese); no code shows as blank."""

    def render(value: Any, lang: str) -> str:
        from alliance_cli.i18n import value_label

        return "" if value is None else value_label(f"{prefix}{value}", lang)

    return Column(key, render)


def kind_labels(connection) -> dict[str, tuple[str, str]]:
    """Each activity kind's code -> (Chinese label, English label), from the database."""
    from alliance_cli.core.activities import list_kinds

    return {k["code"]: (k["label_zh"], k["label_en"]) for k in list_kinds(connection)}


def kind_label(labels: dict[str, tuple[str, str]], code: Any, lang: str) -> Any:
    """A kind's label in `lang` from `kind_labels`; an unknown code shows as itself."""
    return labels.get(code, (code, code))[lang != "zh"]


def kind_column(labels: dict[str, tuple[str, str]]) -> Column:
    """The `kind` column: activity kind codes shown by the labels `kind_labels` loaded."""
    return Column("kind", lambda code, lang: kind_label(labels, code, lang))


def emit(sections: list[Section], fmt: OutputFormat | None, output: Path | None) -> None:
    fmt = _choose_format(fmt, output)
    lang = settings.lang
    if fmt is OutputFormat.xlsx:
        payload: bytes | str = _xlsx(sections, lang)
    elif fmt is OutputFormat.json:
        payload = _json(sections)
    else:
        shown = [(s, _header(s, lang), _cells(s, lang, fmt)) for s in sections]
        if fmt is OutputFormat.table and output is None and _stdout_is_terminal():
            _rich(shown)
            return
        writer = {
            OutputFormat.table: _plain,
            OutputFormat.csv: _csv,
            OutputFormat.md: _markdown,
            OutputFormat.html: _html,
        }[fmt]
        payload = writer(shown)
    _deliver(payload, fmt, output)


def _choose_format(fmt: OutputFormat | None, output: Path | None) -> OutputFormat:
    if fmt is not None:
        return fmt
    if output is not None:
        suffix = output.suffix.lower().lstrip(".")
        if suffix == "markdown":
            suffix = "md"
        if suffix in OutputFormat.__members__ and suffix != "table":
            return OutputFormat(suffix)
    return OutputFormat.table


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _deliver(payload: bytes | str, fmt: OutputFormat, output: Path | None) -> None:
    from alliance_cli.core.errors import InvalidInput

    if output is not None:
        try:
            if isinstance(payload, bytes):
                output.write_bytes(payload)
            else:
                encoding = "utf-8-sig" if fmt is OutputFormat.csv else "utf-8"
                output.write_text(payload, encoding=encoding, newline="")
        except OSError as exc:
            raise InvalidInput("output_unwritable", path=str(output), reason=exc.strerror) from exc
        from alliance_cli.cli.context import say

        say("written", path=str(output))
        return
    if isinstance(payload, bytes):
        if _stdout_is_terminal():
            raise InvalidInput("xlsx_needs_output")
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    if fmt is OutputFormat.csv:
        payload = "\ufeff" + payload
    sys.stdout.write(payload)
    sys.stdout.flush()


# --- shaping cells -------------------------------------------------------------------------


def _header(section: Section, lang: str) -> list[str]:
    from alliance_cli.i18n import column_label

    if section.record:
        return [column_label("field", lang), column_label("value", lang)]
    return [column_label(c.key, lang) for c in section.columns]


def _show(value: Any, lang: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return ("、" if lang == "zh" else ", ").join(str(_show(v, lang)) for v in value)
    return value


def _cells(section: Section, lang: str, fmt: OutputFormat) -> list[list[Any]]:
    from alliance_cli.i18n import column_label

    def shown(column: Column, row: dict) -> Any:
        value = row.get(column.key)
        if column.render is not None:
            value = column.render(value, lang)
        return _show(value, lang)

    if section.record:
        row = section.rows[0] if section.rows else {}
        return [[column_label(c.key, lang), shown(c, row)] for c in section.columns]
    return [[shown(c, row) for c in section.columns] for row in section.rows]


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would treat as a formula gets a leading quote; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# --- writers -------------------------------------------------------------------------------


def _rich(shown) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for section, header, rows in shown:
        table = Table(
            *header,
            title=section.title if len(shown) > 1 else None,
            title_justify="left",
            show_header=not section.record,
        )
        for row in rows:
            table.add_row(*(str(cell) for cell in row))
        console.print(table)


def _tabulate(rows, header, tablefmt: str) -> str:
    import tabulate

    tabulate.WIDE_CHARS_MODE = True
    return tabulate.tabulate(rows, headers=header, tablefmt=tablefmt, disable_numparse=True)


def _plain(shown) -> str:
    parts = []
    for section, header, rows in shown:
        title = f"{section.title}\n" if len(shown) > 1 else ""
        if section.record:
            parts.append(title + _tabulate(rows, (), "plain"))
        else:
            parts.append(title + _tabulate(rows, header, "simple"))
    return "\n\n".join(parts) + "\n"


def _markdown(shown) -> str:
    parts = []
    for section, header, rows in shown:
        title = f"## {section.title}\n\n" if len(shown) > 1 else ""
        cells = [[str(c).replace("|", "\\|") for c in row] for row in rows]
        parts.append(title + _tabulate(cells, header, "github"))
    return "\n\n".join(parts) + "\n"


def _csv(shown) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for index, (section, header, rows) in enumerate(shown):
        if len(shown) > 1:
            if index:
                writer.writerow([])
            writer.writerow([neutralise(section.title)])
        writer.writerow(header)
        writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def _json_plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _json(sections: list[Section]) -> str:
    def section_value(section: Section) -> Any:
        if section.json_value is not None:
            return section.json_value
        keys = [c.key for c in section.columns]
        rows = [{k: row.get(k) for k in keys} for row in section.rows]
        return (rows[0] if rows else {}) if section.record else rows

    if len(sections) == 1:
        document = section_value(sections[0])
    else:
        document = {s.key: section_value(s) for s in sections}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_plain) + "\n"


def _xlsx(sections: list[Section], lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for section in sections:
        title = _sheet_title(section.title or section.key, used)
        sheet = book.create_sheet(title)
        header = _header(section, lang)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in _cells(section, lang, OutputFormat.xlsx):
            sheet.append([_xlsx_safe(cell) for cell in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    # Stored as text with Excel's quote prefix: shown as typed, never run.
                    cell.data_type = "s"
                    cell.quotePrefix = True
        for column in sheet.columns:
            width = max(_display_width(c.value) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_safe(value: Any) -> Any:
    """XLSX cannot hold most control characters; show them as U+FFFD instead of failing."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _sheet_title(title: str, used: set[str]) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "sheet"
    candidate, n = cleaned, 2
    while candidate in used:
        candidate = f"{cleaned[:28]}_{n}"
        n += 1
    used.add(candidate)
    return candidate


def _display_width(value: Any) -> int:
    from wcwidth import wcswidth

    text = "" if value is None else str(value)
    width = wcswidth(text)
    return width if width >= 0 else len(text)


HTML_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.7em; text-align: left; }
th { background: #b22222; color: #fff; }
tr:nth-child(even) td { background: #f7f0f0; }
caption { text-align: left; font-weight: bold; padding: 0.4em 0; }
</style>
</head>
<body>
{% for section, header, rows in sections %}
<table>
{% if section.title %}<caption>{{ section.title }}</caption>{% endif %}
{% if not section.record %}<thead><tr>{% for h in header %}<th>{{ h }}</th>{% endfor %}</tr>
</thead>{% endif %}
<tbody>
{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% endfor %}
</body>
</html>
"""


def _html(shown) -> str:
    from jinja2 import Environment

    # autoescape=True, not select_autoescape: every value the clerk typed is escaped.
    page = Environment(autoescape=True).from_string(HTML_PAGE)
    title = shown[0][0].title if shown else ""
    return page.render(sections=shown, title=title, lang=settings.lang)
