"""Reading the clerk's spreadsheets: CSV (UTF-8 with or without BOM, or GB18030 as older Excel
saves it) and XLSX, into numbered rows of text keyed by header."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from alliance_cli.core.errors import InvalidInput

# Text a spreadsheet would run as a formula; exports prefix such cells with a quote, and
# imports remove that quote again so that a round trip gives back what was typed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass
class Table:
    path: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, header -> cell text)


def clean_cell(value: object) -> str:
    """Cell text with stray (also full-width) spaces removed and export quoting undone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u3000", " ").strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text


def read_table(path: Path) -> Table:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput("file_type", path=str(path))
    try:
        records = _csv_records(path.read_bytes()) if suffix == ".csv" else _xlsx_records(path)
    except OSError as exc:
        raise InvalidInput("file_unreadable", path=str(path), reason=exc.strerror) from exc
    except (ValueError, KeyError, csv.Error) as exc:
        raise InvalidInput("file_unreadable", path=str(path), reason=str(exc)) from exc
    if not records:
        raise InvalidInput("import_empty", path=str(path))
    headers = [clean_cell(h) for h in records[0]]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = [clean_cell(c) for c in record]
        if not any(cells):
            continue
        cells += [""] * (len(headers) - len(cells))
        rows.append((number, dict(zip(headers, cells, strict=False))))
    if not rows:
        raise InvalidInput("import_empty", path=str(path))
    return Table(str(path), headers, rows)


def _csv_records(raw: bytes) -> list[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx_records(path: Path) -> list[list[object]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except BadZipFile as exc:
        raise ValueError(f"not an XLSX workbook ({exc})") from exc
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
