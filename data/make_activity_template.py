"""Rebuild activities_template.csv and activities_template.xlsx (for `alliance activity
import`) from the rows below, so that the two templates always hold the same content.

Run from the project folder:  .venv/bin/python data/make_activity_template.py

The alliances and organisations named here are the demo township's (`alliance demo`), and
each organisation is a member of the alliance on the day (guests of another alliance). An
import never creates alliances or organisations: in another database, add them first.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
if str(FOLDER) not in sys.path:  # also when a test loads this script by its path
    sys.path.insert(0, str(FOLDER))

import template_files  # noqa: E402

HEADERS = [
    "日期",
    "类型",
    "标题",
    "联盟",
    "主办单位",
    "协办单位",
    "参与单位",
    "跨联盟单位",
    "参加人数",
    "志愿时长",
    "场地",
    "备注",
]

# One row per activity. Dates, kinds and lists are written the ways a clerk writes them:
# ISO or Chinese dates, kind codes or Chinese labels, lists separated by ; 、 or ；, an
# organisation's attendance after : or ：. An empty 参加人数 is the sum of the attendances.
ROWS_TEXT = """
2025-10-12|study|学习交流：乡村振兴政策宣讲|红色引领片区联盟|红岩村党支部||红岩村党支部:12；石门村党支部:8；桃源村党支部:6||30|||宣讲后座谈
2025/10/18|志愿服务|志愿服务：清理河道|蓝色治理片区联盟|河口社区党支部|平安村党支部|河口社区党支部：15、镇派出所党支部：6|||42.5||
2025年11月3日|现场观摩|现场观摩：中药材种植基地|绿色发展片区联盟|青山中药材专业合作社党支部||百草村党支部:5;豆香村党支部:4|红岩村党支部:3||||跨联盟观摩
2025-11-08|mediation|矛盾纠纷调解：土地边界|蓝色治理片区联盟|镇司法所党支部||平安村党支部:3||5|7.5||
2025-12-10|patrol|汛后河道巡查|防汛救灾任务联盟|河口社区党支部|镇派出所党支部|平安村党支部:6;石门村党支部:4||12|24||
2025-11-20|welfare|一月一公益：冬季送温暖|红色引领片区联盟|将军村党支部||将军村党支部:10;青山镇中心小学党支部:6|新街社区党委:2||36||
"""


def template_rows() -> list[list[str]]:
    rows = []
    for line in ROWS_TEXT.strip().splitlines():
        cells = line.split("|")
        cells = (cells + [""] * len(HEADERS))[: len(HEADERS)]
        rows.append(cells)
    return rows


def typed(column: str, text: str) -> object:
    """A cell as Excel holds it: ISO dates as dates, counts and hours as numbers."""
    if not text:
        return None
    if column == "日期" and text[:4].isdigit() and text[4:5] == "-":
        return date.fromisoformat(text)
    if column == "参加人数":
        return int(text)
    if column == "志愿时长":
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else float(text)
    return text


def csv_bytes() -> bytes:
    """The CSV template: UTF-8 with a BOM, so that Excel shows the Chinese."""
    return template_files.csv_bytes(HEADERS, template_rows())


def write_xlsx(path: Path) -> None:
    template_files.write_xlsx(
        path,
        title="活动",
        headers=HEADERS,
        rows=(
            [typed(column, text) for column, text in zip(HEADERS, row, strict=True)]
            for row in template_rows()
        ),
        widths=(12, 10, 28, 18, 26, 16, 44, 20, 9, 9, 12, 14),
    )


def write_templates(folder: Path = FOLDER) -> list[Path]:
    return template_files.write_templates(folder, "activities_template", csv_bytes(), write_xlsx)


if __name__ == "__main__":
    for written in write_templates():
        print(written)
