"""Rebuild scores_template.csv and scores_template.xlsx (for `alliance score import`) from the
rows below, so that the two templates always hold the same content.

Run from the project folder:  .venv/bin/python data/make_scores_template.py

The organisations are the demo township's (`alliance demo`) and the indicators the default
scheme's manual and per-item ones: work_quality (0-15), village_governance (villages and
communities, 0-5) and missed_meetings (a count of missed meetings, -0.5 each). 指标 takes the
code or the Chinese name; 类型 is 自评 (self-assessed) or 审核 (reviewed, the default); for a
per-item indicator 得分 is the number of items.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
if str(FOLDER) not in sys.path:  # also when a test loads this script by its path
    sys.path.insert(0, str(FOLDER))

import template_files  # noqa: E402

HEADERS = ["季度", "对象", "对象类型", "指标", "得分", "类型", "备注"]

ROWS = [
    ["2025Q4", "红岩村党支部", "", "work_quality", "13", "自评", "红色讲解进校园 6 场"],
    ["2025Q4", "红岩村党支部", "", "work_quality", "12.5", "审核", "佐证材料缺 1 场签到表"],
    ["2025Q4", "石门村党支部", "组织", "village_governance", "4", "审核", ""],
    ["2025年第四季度", "桃源村党支部", "", "工作成效（评议）", "11", "", ""],
    ["2025Q4", "河口社区党支部", "", "missed_meetings", "2", "审核", "缺席 10 月、12 月联盟例会"],
]


def typed(column: str, text: str) -> object:
    """A cell as Excel holds it: points as numbers, empty cells empty."""
    if not text:
        return None
    if column == "得分":
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else float(text)
    return text


def csv_bytes() -> bytes:
    """The CSV template: UTF-8 with a BOM, so that Excel shows the Chinese."""
    return template_files.csv_bytes(HEADERS, ROWS)


def write_xlsx(path: Path) -> None:
    template_files.write_xlsx(
        path,
        title="得分录入",
        headers=HEADERS,
        rows=(
            [typed(column, text) for column, text in zip(HEADERS, row, strict=True)] for row in ROWS
        ),
        widths=(16, 20, 10, 20, 8, 8, 30),
    )


def write_templates(folder: Path = FOLDER) -> list[Path]:
    return template_files.write_templates(folder, "scores_template", csv_bytes(), write_xlsx)


if __name__ == "__main__":
    for written in write_templates():
        print(written)
