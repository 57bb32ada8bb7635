"""`alliance score mutual ...`: Year-end mutual evaluation 述职相互评: rate, result."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, writing
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit

app = typer.Typer(
    help="Year-end mutual evaluation 述职相互评: rate, result.",
    no_args_is_help=True,
    add_completion=False,
)

YearArgument = Annotated[str, typer.Argument(help="The year: 2023.", show_default=False)]


@app.callback()
def mutual_group() -> None:
    """Year-end mutual evaluation 述职相互评: rate, result."""


@app.command("rate")
def rate(
    year: YearArgument,
    rater: Annotated[str, typer.Option("--rater", help="The organisation rating.")],
    ratee: Annotated[str, typer.Option("--ratee", help="The organisation rated (a peer).")],
    points: Annotated[str, typer.Option("--points", help="0-100, at most two decimals.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Change this rater's earlier rating of the peer.")
    ] = False,
) -> None:
    """Record one organisation's rating of a peer's year-end debriefing; never of itself.

    Each organisation rates a peer once a year; rating again is refused with the earlier
    points named, --replace changes them (audited before and after).

    Example: alliance score mutual rate 2023 --rater 红岩村 --ratee 石门村 --points 92
    """
    from alliance_cli.core.mutual import rate_peer

    with writing() as connection:
        rated = rate_peer(
            connection,
            year,
            rater=rater,
            ratee=ratee,
            points=points,
            replace=replace,
            actor=settings.actor,
        )
    params = {
        "rater": rated["rater"],
        "ratee": rated["ratee"],
        "points": rated["points"],
        "year": rated["year"],
    }
    if rated["replaced"] is None:
        say("mutual_rated", **params)
    else:
        say("mutual_rerated", before=rated["replaced"], **params)


@app.command("result")
def result(
    year: YearArgument,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Each organisation's mean of its peers' ratings, with how many peers rated it, ranked.

    Means are exact to two decimals (half-up); equal means share a rank. Organisations that
    rated others but were not rated come last, unranked.

    Example: alliance score mutual result 2023 --format csv --output mutual.csv
    """
    from alliance_cli.core.mutual import mutual_standings, year_of

    with reading() as connection:
        rows = mutual_standings(connection, year)
    columns = [Column("rank"), Column("organisation"), Column("peer_count"), Column("peer_mean")]
    title = translated("mutual_results_title", year=year_of(year))
    emit([Section("mutual", title, columns, rows)], fmt, output)


@app.command("ratings")
def ratings(
    year: YearArgument,
    ratee: Annotated[
        str | None, typer.Option("--ratee", help="Only the ratings of this organisation.")
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List every rating of a year, by organisation rated and rater.

    Example: alliance score mutual ratings 2023 --ratee 石门村
    """
    from alliance_cli.core.mutual import mutual_ratings, year_of

    with reading() as connection:
        rows = mutual_ratings(connection, year, ratee=ratee)
    columns = [Column("ratee"), Column("rater"), Column("peer_points")]
    title = translated("mutual_ratings_title", year=year_of(year))
    emit([Section("ratings", title, columns, rows)], fmt, output)
