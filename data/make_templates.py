"""Rebuild members_template.csv and members_template.xlsx (for `alliance member import`) from
the rows below, so that the two templates always hold the same content.

Run from the project folder:  .venv/bin/python data/make_templates.py

The alliances named here are the demo township's (`alliance demo`). An import never creates
alliances: in another database, create them first with `alliance alliance create`.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
if str(FOLDER) not in sys.path:  # also when a test loads this script by its path
    sys.path.insert(0, str(FOLDER))

import template_files  # noqa: E402

HEADERS = ["名称", "类别", "层级", "书记", "党员数", "联盟", "角色", "加入日期", "退出日期"]

# One row per membership; an organisation in no alliance has one row with the last four
# cells empty. Its details (category, level, secretary, party members) repeat on every row.
ROWS_TEXT = """
柳溪村党支部,村,村级,马丽华,29,红色引领片区联盟,成员单位,2025-10-01,
柳溪村党支部,村,村级,马丽华,29,防汛救灾任务联盟,成员单位,2025-10-15,2025-12-20
茶山村党支部,村,村级,黄志明,24,绿色发展片区联盟,成员单位,2025-10-08,
县茶叶行业协会党支部,行业协会,县级,高远,7,绿色发展片区联盟,成员单位,2025-11-01,
青山镇供电所党支部,机关部门,乡镇级,林涛,11,蓝色治理片区联盟,成员单位,2025-10-15,
山里红农家乐有限公司党支部,非公企业,村级,邓飞,3,红色引领片区联盟,成员单位,2025-12-01,
青山镇中学党支部,学校,乡镇级,何静,21,,,,
"""


def template_rows() -> list[list[object]]:
    """The rows as typed values: counts as numbers, dates as dates, empty cells as None."""
    rows = []
    for line in ROWS_TEXT.strip().splitlines():
        cells: list[object] = [cell or None for cell in line.split(",")]
        cells[4] = int(cells[4])
        cells[7:9] = [date.fromisoformat(c) if c else None for c in cells[7:9]]
        rows.append(cells)
    return rows


def csv_bytes() -> bytes:
    """The CSV template: UTF-8 with a BOM (so that Excel shows the Chinese), ISO dates."""
    return template_files.csv_bytes(
        HEADERS, (["" if v is None else str(v) for v in row] for row in template_rows())
    )


def write_xlsx(path: Path) -> None:
    """The XLSX template: the same rows, with real date cells and a bold header."""
    template_files.write_xlsx(
        path,
        title="成员组织",
        headers=HEADERS,
        rows=template_rows(),
        widths=(30, 10, 8, 8, 8, 20, 10, 12, 12),
    )


def write_templates(folder: Path = FOLDER) -> list[Path]:
    return template_files.write_templates(folder, "members_template", csv_bytes(), write_xlsx)


if __name__ == "__main__":
    for written in write_templates():
        print(written)
