"""Dates as the clerk writes them: ISO, `2023/3/5`, `2023年3月5日`, full-width digits."""

from __future__ import annotations

import re
from datetime import date

from alliance_cli.core.errors import InvalidInput

_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
_DATE = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$")


def parse_date(value: str | date, field: str = "date") -> date:
    """A `date` from any accepted spelling; a clear refusal for anything else."""
    if isinstance(value, date):
        return value
    cleaned = str(value).translate(_FULL_WIDTH).strip()
    match = _DATE.match(cleaned)
    if match:
        year, month, day = (int(part) for part in match.groups())
        if year >= 1:
            try:
                return date(year, month, day)
            except ValueError:
                pass
    raise InvalidInput("bad_date", field=field, value=value)


def today() -> date:
    return date.today()
