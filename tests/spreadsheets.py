"""Writing the files a clerk would hand to an import: CSV as Excel saves it, XLSX as Excel
holds it (ISO dates as date cells, numbers as numbers)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from openpyxl import Workbook


def write_csv(path: Path, rows, header, encoding="utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows, header) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([typed(value) for value in row])
    book.save(path)
    return path


def typed(value):
    """A cell value as Excel would store the text the clerk typed."""
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            return date.fromisoformat(value)
        if re.fullmatch(r"-?\d+", value):
            return int(value)
        if re.fullmatch(r"\d+\.\d+", value):
            return float(value)
    return value or None
