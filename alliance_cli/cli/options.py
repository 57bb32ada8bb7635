"""Options shared by many commands, declared once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

DATE_HELP = "2023-03-05, 2023/3/5 or 2023年3月5日 (default: today)."


def date_option(flag: str, what: str):
    """An optional date option; the value is parsed by `parse_day` so that a bad date gets
    the same one-line refusal everywhere."""
    return Annotated[
        str | None, typer.Option(flag, help=f"{what}: {DATE_HELP}", show_default=False)
    ]


PERIOD_HELP = "2023Q2, 2023H1, 2023, 2023-05, latest or previous"


def period_option(default: str | None = None):
    """An optional --period option; `default` says what is shown without one."""
    help_text = f"{PERIOD_HELP} (default: {default})." if default else f"{PERIOD_HELP}."
    return Annotated[str | None, typer.Option("--period", help=help_text, show_default=False)]


OnOption = date_option("--on", "Date")
FoundedOption = date_option("--founded", "Founding date")


def today() -> date:
    """Today's date (core.dates.today, imported only when called)."""
    from alliance_cli.core.dates import today as current_day

    return current_day()


def parse_day(value: str | None, field: str) -> date:
    """The date the clerk gave, or today when none was given."""
    from alliance_cli.core.dates import parse_date

    return today() if value is None else parse_date(value, field)


def optional_day(value: str | None, field: str) -> date | None:
    """The date the clerk gave, or None when none was given."""
    from alliance_cli.core.dates import parse_date

    return None if value is None else parse_date(value, field)


def day_or_clear(value: str | None, field: str, unchanged: object) -> object:
    """An update's date option: `unchanged` when not given, None when given as '' (clears
    it), else the date."""
    if value is None:
        return unchanged
    return optional_day(value, field) if value.strip() else None
