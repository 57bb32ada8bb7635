"""Reading the clerk's spreadsheets: CSV (UTF-8 with or without BOM, or GB18030 as older Excel
saves it) and XLSX, into numbered rows of text keyed by header."""

from __future__ import annotations

import csv
import io
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from alliance_cli.core.errors import ImportRejected, InvalidInput

# Text a spreadsheet would run as a formula (OWASP "CSV injection"); exports prefix such
# cells with a quote. The quote itself is in the list too: a value that already starts with
# one gets a second, so that an import can always remove exactly the quote the export added
# ("'=x" exports as "''=x" and reads back as "'=x", not as "=x").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "'")


@dataclass
class Table:
    path: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, header -> cell text)


def clean_cell(value: object, *, unquote: bool = False) -> str:
    """Cell text with stray (also full-width) spaces at either end removed; with `unquote`
    (CSV), the quote an export puts before formula-like text is removed again."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # str.strip() also removes the ideographic space U+3000 and no-break spaces; spaces
    # inside the text are part of the value and stay.
    text = str(value).strip()
    if unquote and text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text


def header_aliases(keys: Iterable[str], extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every accepted header spelling (lower-cased) -> column key: the `extra` spellings,
    then each key with its Chinese and English label from i18n.COLUMNS."""
    from alliance_cli.i18n import COLUMNS

    aliases = dict(extra or {})
    for key in keys:
        zh, en = COLUMNS[key]
        for spelling in (key, zh, en):
            aliases[spelling.lower()] = key
    return aliases


def column_positions(headers: Sequence[str], aliases: Mapping[str, str]) -> dict[str, int]:
    """Column key -> the position of the first header that spells it, in header order."""
    positions: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = aliases.get(header.lower())
        if key is not None and key not in positions:
            positions[key] = position
    return positions


def refuse_missing_columns(found: Container[str], needed: Iterable[str], path: str) -> None:
    """Refuse a file without the columns every row needs, naming them on row 1."""
    missing = [key for key in needed if key not in found]
    if missing:
        from alliance_cli.i18n import COLUMNS

        names = ", ".join(f"{COLUMNS[k][0]}/{k}" for k in missing)
        raise ImportRejected(
            "import_rejected", [(1, "missing_columns", {"columns": names})], path=path
        )


def read_table(path: Path) -> Table:
    """The first sheet of a .csv or .xlsx file: its header row and every non-blank row after
    it, numbered as the spreadsheet numbers them (the header is row 1)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput("file_type", path=str(path))
    try:
        records = _csv_records(path.read_bytes()) if suffix == ".csv" else _xlsx_records(path)
    except OSError as exc:
        raise InvalidInput(
            "file_unreadable", path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    except (ValueError, csv.Error) as exc:
        raise InvalidInput("file_unreadable", path=str(path), reason=str(exc)) from exc
    if not records:
        raise InvalidInput("import_empty", path=str(path))
    unquote = suffix == ".csv"  # XLSX keeps text as typed; only CSV exports add quotes
    headers = [clean_cell(h, unquote=unquote) for h in records[0]]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = [clean_cell(c, unquote=unquote) for c in record]
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
        text = raw.decode("gb18030")  # older Excel's "CSV" on a Chinese Windows
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx_records(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    # Our own handle, closed whatever happens: openpyxl leaves its file open when it fails
    # half-way through a damaged workbook.
    with path.open("rb") as handle:
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                return [list(row) for row in sheet.iter_rows(values_only=True)]
            finally:
                book.close()
        except Exception as exc:
            # A damaged workbook fails anywhere inside openpyxl, zipfile or the XML parser,
            # with any exception type (BadZipFile, KeyError, ParseError, IndexError, ...).
            reason = str(exc).strip("'\"") or type(exc).__name__
            raise ValueError(f"not a valid XLSX workbook ({reason})") from exc
