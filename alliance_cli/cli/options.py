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


def parse_day(value: str | None, field: str) -> date:
    """The date the clerk gave, or today when none was given."""
    from alliance_cli.core.dates import parse_date, today

    return today() if value is None else parse_date(value, field)
