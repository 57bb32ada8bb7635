"""`alliance quota ...`: development quotas (发展指标) and the activists recommended for them."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, writing
from alliance_cli.cli.options import OnOption, parse_day
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit, value_column

app = typer.Typer(
    help="Development quotas 发展指标: set, recommend, allocate, list.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def quota_group() -> None:
    """Development quotas 发展指标: set, recommend, allocate, list."""


AllianceArgument = Annotated[str, typer.Argument(help="Alliance name.")]
YearArgument = Annotated[int, typer.Argument(help="Year, e.g. 2025.")]


@app.command("set")
def set_(
    alliance: AllianceArgument,
    year: YearArgument,
    quota: Annotated[int, typer.Argument(metavar="N", help="How many quotas the pool holds.")],
) -> None:
    """Set an alliance's pool of development quotas for a year.

    A pool cannot be set below what was already allocated that year.

    Example: alliance quota set 红色引领片区联盟 2025 3
    """
    from alliance_cli.core.quotas import set_pool

    with writing() as connection:
        pool = set_pool(connection, alliance, year, quota, actor=settings.actor)
    say("quota_set", **pool)


@app.command("recommend")
def recommend(
    person: Annotated[str, typer.Argument(help="The person recommended (person list).")],
    alliance: Annotated[str, typer.Option("--alliance", help="The alliance recommended through.")],
    org: Annotated[
        str, typer.Option("--org", help="The recommending organisation (a member that day).")
    ],
    on: OnOption = None,
    priority: Annotated[
        int | None,
        typer.Option("--priority", help="1 goes first; without it, after every set priority."),
    ] = None,
) -> None:
    """Record an activist (入党积极分子) recommended through an alliance by an organisation.

    The person gets the role activist if needed. The organisation must belong to the alliance
    on the day; a person who holds a quota, or already waits through that alliance, is refused.

    Example: alliance quota recommend 王红 --alliance 红色引领片区联盟 --org 红岩村 --on 2025-03-01
    """
    from alliance_cli.core.people import role_text
    from alliance_cli.core.quotas import recommend as record_recommendation

    day = parse_day(on, "--on")
    with writing() as connection:
        stored = record_recommendation(
            connection,
            person,
            alliance_name=alliance,
            organisation_name=org,
            on=day,
            priority=priority,
            actor=settings.actor,
        )
    say(
        "recommended",
        organisation=stored["organisation"],
        name=stored["person"],
        alliance=stored["alliance"],
        on=day.isoformat(),
    )
    if stored["activist_role_granted"]:
        say("role_granted", name=stored["person"], role=role_text("activist"))


@app.command("allocate")
def allocate(
    alliance: AllianceArgument,
    year: YearArgument,
    count: Annotated[
        int | None,
        typer.Option("--count", help="Allocate only this many (default: all that are left)."),
    ] = None,
) -> None:
    """Give the pool's free quotas to the waiting activists in priority order.

    Order: set priorities first (1 first), then the rest; ties by recommendation date, then
    by entry. Only recommendations made by the end of YEAR count; a person gets at most one
    quota. Never more than the pool: refused when nothing is left.

    Example: alliance quota allocate 红色引领片区联盟 2025
    """
    from alliance_cli.core.quotas import allocate_quotas

    with writing() as connection:
        outcome = allocate_quotas(connection, alliance, year, count=count, actor=settings.actor)
    names = [entry["person_name"] for entry in outcome["allocated"]]
    if names:
        say(
            "quota_allocated",
            alliance=outcome["alliance"],
            year=year,
            count=len(names),
            names="、".join(names),
            left=outcome["left"],
        )
    else:
        say("quota_no_candidates", alliance=outcome["alliance"], year=year, left=outcome["left"])


@app.command("list")
def list_(
    alliance: AllianceArgument,
    year: YearArgument,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """An alliance's pool for a year (used and left) and its candidates in allocation order.

    Example: alliance quota list 红色引领片区联盟 2025 --format xlsx --output 发展指标.xlsx
    """
    from alliance_cli.core.quotas import quota_overview
    from alliance_cli.i18n import translate

    with reading() as connection:
        overview = quota_overview(connection, alliance, year)
    summary = overview["summary"]
    lang = settings.lang
    emit(
        [
            Section(
                "pool",
                translate("quota_summary_title", lang, alliance=summary["alliance"], year=year),
                [
                    Column("alliance"),
                    Column("quota_year"),
                    Column("quota_pool"),
                    Column("quota_used"),
                    Column("quota_left"),
                ],
                [summary],
                record=True,
            ),
            Section(
                "candidates",
                translate("quota_candidates_title", lang),
                [
                    Column("position"),
                    Column("person_name"),
                    Column("recommended_by"),
                    Column("recommended_on"),
                    Column("quota_priority"),
                    value_column("quota_state", "quota_"),
                ],
                overview["candidates"],
            ),
        ],
        fmt,
        output,
    )
