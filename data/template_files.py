"""What the template scripts (make_templates.py, make_activity_template.py,
make_scores_template.py) share: how a template is written as CSV and as XLSX.

Each script puts this folder on `sys.path` before importing it, so that it also works when
a test loads the script by its path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from string import ascii_uppercase


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV template: UTF-8 with a BOM (so that Excel shows the Chinese), lines ending in
    CR LF as Excel writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(
    path: Path,
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int],
) -> None:
    """An XLSX template: one sheet with a bold, frozen header row, the rows as typed values
    (dates shown as yyyy-mm-dd) and the given column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for letter, width in zip(ascii_uppercase, widths, strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    book.save(path)


def write_templates(
    folder: Path, stem: str, csv_content: bytes, write_xlsx: Callable[[Path], None]
) -> list[Path]:
    """Write `<stem>.csv` and `<stem>.xlsx` into `folder`; returns both paths."""
    csv_path = folder / f"{stem}.csv"
    xlsx_path = folder / f"{stem}.xlsx"
    csv_path.write_bytes(csv_content)
    write_xlsx(xlsx_path)
    return [csv_path, xlsx_path]
