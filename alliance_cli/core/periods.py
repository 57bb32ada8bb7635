"""Periods as the clerk writes them: `2023Q2`, `2023H1`, `2023`, `2023-05`, their Chinese
spellings, and `latest`/`previous` so that cron lines never need editing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from alliance_cli.core.errors import InvalidInput

MAX_YEAR = 9998
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＱＨｑｈ－", "0123456789QHqh-")
_CHINESE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4}
_PATTERNS = [
    (re.compile(r"^(\d{4})\s*-?\s*[qQ]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})年第([1-4一二三四])季度$"), "quarter"),
    (re.compile(r"^(\d{4})\s*-?\s*[hH]([12])$"), "half"),
    (re.compile(r"^(\d{4})年([上下])半年$"), "half"),
    (re.compile(r"^(\d{4})年?$"), "year"),
    (re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), "month"),
]


@dataclass(frozen=True)
class Period:
    """A span of whole months: `start` is its first day, `end` the first day after it."""

    kind: str  # quarter, half, year or month
    year: int
    index: int  # quarter 1-4, half 1-2, month 1-12; 1 for a year

    @property
    def first_month(self) -> int:
        return {
            "quarter": 3 * (self.index - 1) + 1,
            "half": 6 * (self.index - 1) + 1,
            "year": 1,
            "month": self.index,
        }[self.kind]

    @property
    def month_count(self) -> int:
        return {"quarter": 3, "half": 6, "year": 12, "month": 1}[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return add_months(self.start, self.month_count)

    @property
    def label(self) -> str:
        year = f"{self.year:04d}"
        if self.kind == "quarter":
            return f"{year}Q{self.index}"
        if self.kind == "half":
            return f"{year}H{self.index}"
        if self.kind == "month":
            return f"{year}-{self.index:02d}"
        return year

    def months(self) -> list[str]:
        """The months of the period as `YYYY-MM`."""
        return [month_label(add_months(self.start, n)) for n in range(self.month_count)]

    def quarters(self) -> list[str]:
        """The labels of the quarters the period covers, in order (`2025` -> its four
        quarters; a month -> the quarter holding it)."""
        labels: list[str] = []
        for n in range(self.month_count):
            label = quarter_of(add_months(self.start, n)).label
            if label not in labels:
                labels.append(label)
        return labels

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        per_year = {"quarter": 4, "half": 2, "year": 1, "month": 12}[self.kind]
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        if self.year <= 1:
            raise InvalidInput("bad_period", value=f"before {self.label}")
        return Period(self.kind, self.year - 1, per_year)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def month_label(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def quarter_of(day: date) -> Period:
    return Period("quarter", day.year, (day.month - 1) // 3 + 1)


def parse_period(
    text: str,
    *,
    anchor: date | None = None,
    newest: Callable[[], date | None] | None = None,
) -> Period:
    """A Period from any accepted spelling. `latest` is the quarter containing `anchor`
    (the date of the newest record) and `previous` the quarter before; instead of `anchor`
    a caller may pass `newest`, which looks that date up only when it is needed."""
    cleaned = str(text).translate(_FULL_WIDTH).strip()
    if cleaned.lower() in ("latest", "previous", "最新", "上期"):
        if anchor is None and newest is not None:
            anchor = newest()
        if anchor is None:
            raise InvalidInput("no_latest_period")
        latest = quarter_of(anchor)
        return latest if cleaned.lower() in ("latest", "最新") else latest.previous()
    for pattern, kind in _PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        year = int(match.group(1))
        if kind == "year":
            index = 1
        else:
            raw = match.group(2)
            index = {"上": 1, "下": 2}.get(raw) or _CHINESE_NUMBERS.get(raw) or int(raw)
        # Up to 9998, so that the day after any period is still a date.
        if 1 <= year <= MAX_YEAR and (kind != "month" or 1 <= index <= 12):
            return Period(kind, year, index)
    raise InvalidInput("bad_period", value=text)


def parse_month(text: str) -> date:
    """The first day of a month written `2023-01`, `2023/1` or `2023年1月`."""
    try:
        period = parse_period(text) if text else None
    except InvalidInput:
        period = None
    if period is None or period.kind != "month":
        raise InvalidInput("bad_month", value=text)
    return period.start
