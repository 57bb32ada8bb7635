"""`alliance report ...`: the published tables a township prints and posts."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading
from alliance_cli.cli.output import FormatOption, OutputOption, emit
from alliance_cli.cli.score_views import airing_sections

app = typer.Typer(
    help="Reports 报表: the quarterly airing, the annual evaluation.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def report_group() -> None:
    """Reports 报表: the quarterly airing, the annual evaluation."""


@app.command("airing")
def airing(
    period: Annotated[
        str | None,
        typer.Argument(
            help="A quarter: 2025Q3, latest or previous (default: the newest computed quarter).",
            show_default=False,
        ),
    ] = None,
    self_review: Annotated[
        bool,
        typer.Option(
            "--self-review", help="Add a column: where the self-assessment and the review differ."
        ),
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """The quarterly airing (晾晒): rank, subject, category, total, stars and the change since
    the previous quarter. A published quarter is shown from its frozen snapshot.

    Example: alliance report airing 2025Q4 --self-review --output 2025Q4晾晒.xlsx
    """
    from alliance_cli.core.airing import airing as airing_of
    from alliance_cli.core.airing import latest_scored_quarter, self_review_gaps
    from alliance_cli.core.errors import NotFound
    from alliance_cli.core.scoring import quarter

    with reading() as connection:
        if period is None:
            period = latest_scored_quarter(connection)
            if period is None:
                raise NotFound("nothing_computed")
        shown = airing_of(connection, quarter(period, connection))
        gaps = self_review_gaps(connection, shown.period) if self_review else None
    emit(airing_sections(shown, gaps=gaps), fmt, output)


@app.command("annual")
def annual(
    year: Annotated[str, typer.Argument(help="A year, e.g. 2025.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """The annual evaluation 年度考评 (the same table as `alliance score annual`).

    Example: alliance report annual 2025 --format html --output 2025年度考评.html
    """
    from alliance_cli.cli.score import annual_sections

    emit(annual_sections(year), fmt, output)
