"""`alliance wish ...`: micro-wishes (微心愿) — register, claim, withdraw, fulfil, count."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, writing
from alliance_cli.cli.options import OnOption, optional_day, parse_day, period_option, today
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputOption,
    Section,
    emit,
    value_column,
    vocabulary_column,
)

app = typer.Typer(
    help="Micro-wishes 微心愿: add, update, claim, withdraw, fulfil, list, show, stats.",
    no_args_is_help=True,
    add_completion=False,
)

WishId = Annotated[int, typer.Argument(metavar="ID", help="Wish id (see wish list).")]
PeriodOption = period_option("all time")


class Grouping(StrEnum):
    alliance = "alliance"
    org = "org"


@app.callback()
def wish_group() -> None:
    """Micro-wishes 微心愿: add, update, claim, withdraw, fulfil, list, show, stats."""


@app.command("add")
def add(
    resident: Annotated[str, typer.Argument(help="The resident who made the wish.")],
    content: Annotated[list[str], typer.Argument(help="What is wished for.")],
    org: Annotated[
        str, typer.Option("--org", help="The organisation whose area it is in.", show_default=False)
    ],
    alliance: Annotated[
        str | None,
        typer.Option(
            "--alliance",
            help="The alliance it counts for (default: the org's only alliance or only area "
            "alliance that day).",
            show_default=False,
        ),
    ] = None,
    on: OnOption = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes.")] = None,
) -> None:
    """Register a resident's wish in an organisation's area.

    Without --alliance the wish counts for the organisation's only alliance that day, or
    among several its only area alliance (片区联盟); otherwise name one.

    Example: alliance wish add 李大娘 --org 红岩村 --on 2023-05-04 修缮院墙
    """
    from alliance_cli.core.wishes import add_wish

    with writing() as connection:
        stored = add_wish(
            connection,
            resident,
            organisation_name=org,
            content=" ".join(content),
            on=parse_day(on, "--on"),
            alliance_name=alliance,
            notes=notes,
            actor=settings.actor,
            today=today(),
        )
    say(
        "added_wish",
        id=stored["id"],
        resident=stored["resident"],
        organisation=stored["organisation"],
        alliance=stored["alliance"],
    )


@app.command("update")
def update(
    wish_id: WishId,
    resident: Annotated[
        str | None, typer.Option("--resident", help="The resident who made the wish.")
    ] = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="The organisation whose area it is in (re-chooses the alliance, as add does).",
        ),
    ] = None,
    content: Annotated[str | None, typer.Option("--content", help="What is wished for.")] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Corrected registration date: 2023-03-05, 2023/3/5 or 2023年3月5日.",
            show_default=False,
        ),
    ] = None,
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="The alliance it counts for.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes ('' clears them).")] = None,
) -> None:
    """Correct a mistyped wish: resident, organisation, content, date, alliance or notes.

    The date may not be after the wish was first claimed; neither the old nor the new date
    may lie in a published (locked) quarter. A new --org re-chooses the alliance as add
    does; otherwise the wish keeps its alliance, checked again on a new date.

    Example: alliance wish update 3 --content 修缮院墙和屋顶 --on 2023-05-03
    """
    from alliance_cli.core.wishes import update_wish

    with writing() as connection:
        stored = update_wish(
            connection,
            wish_id,
            resident=resident,
            organisation_name=org,
            content=content,
            on=optional_day(on, "--on"),
            alliance_name=alliance,
            notes=notes,
            actor=settings.actor,
            today=today(),
        )
    say("updated_wish", id=stored["id"])


@app.command("claim")
def claim(
    wish_id: WishId,
    person: Annotated[
        str | None, typer.Option("--person", help="The party member who claims it.")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="The organisation that claims it.")
    ] = None,
    on: OnOption = None,
) -> None:
    """Claim a wish for a party member or an organisation (one of --person, --org).

    Refused when the wish is fulfilled, already claimed (withdraw that claim first), or the
    date is before the wish was registered.

    Example: alliance wish claim 3 --person 李明 --on 2023-05-06
    """
    from alliance_cli.core.wishes import claim_wish

    with writing() as connection:
        claimed = claim_wish(
            connection,
            wish_id,
            person_name=person,
            organisation_name=org,
            on=parse_day(on, "--on"),
            actor=settings.actor,
            today=today(),
        )
    say("claimed_wish", id=wish_id, claimant=claimed["claimant"], on=claimed["on"].isoformat())


@app.command("withdraw")
def withdraw(wish_id: WishId, on: OnOption = None) -> None:
    """Withdraw the live claim of a wish not yet fulfilled; the claim stays in its history.

    Example: alliance wish withdraw 3 --on 2023-05-20
    """
    from alliance_cli.core.wishes import withdraw_claim

    with writing() as connection:
        withdrawn = withdraw_claim(
            connection, wish_id, on=parse_day(on, "--on"), actor=settings.actor, today=today()
        )
    say(
        "withdrew_wish_claim",
        id=wish_id,
        claimant=withdrawn["claimant"],
        on=withdrawn["on"].isoformat(),
    )


@app.command("fulfil")
def fulfil(wish_id: WishId, on: OnOption = None) -> None:
    """Record that a claimed wish was fulfilled, on a day not before its claim.

    Example: alliance wish fulfil 3 --on 2023-06-01
    """
    from alliance_cli.core.wishes import fulfil_wish

    with writing() as connection:
        done = fulfil_wish(
            connection, wish_id, on=parse_day(on, "--on"), actor=settings.actor, today=today()
        )
    say("fulfilled_wish", id=wish_id, on=done["on"].isoformat(), claimant=done["claimant"])


LIST_COLUMNS = [
    Column("id"),
    Column("registered_on"),
    Column("resident"),
    Column("organisation"),
    Column("alliance"),
    Column("content"),
    vocabulary_column("wish_status", "wish_status"),
    Column("claimant"),
    Column("claimed_on"),
    Column("fulfilled_on"),
]


@app.command("list")
def list_(
    alliance: Annotated[str | None, typer.Option("--alliance", help="Only this alliance.")] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Only wishes in this organisation's area.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="open, claimed or fulfilled (or 待认领/已认领/已实现)."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Only wishes registered in this period (2023Q2, 2023, latest, ...).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List wishes in the order they were registered, with their status today.

    Example: alliance wish list --alliance 红色联盟 --status open --format csv
    """
    from alliance_cli.core.wishes import list_wishes

    with reading() as connection:
        rows = list_wishes(
            connection,
            alliance_name=alliance,
            organisation_name=org,
            status=status,
            period=period,
        )
    emit([Section("wishes", translated("wishes_title"), LIST_COLUMNS, rows)], fmt, output)


@app.command("show")
def show(wish_id: WishId, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Show one wish with every claim, withdrawn ones included.

    Example: alliance wish show 3
    """
    from alliance_cli.core.wishes import show_wish

    with reading() as connection:
        details = show_wish(connection, wish_id)
    fields = [*LIST_COLUMNS, Column("notes")]
    claim_columns = [
        Column("claimant"),
        value_column("claimant_kind", "claimant_"),
        Column("claimed_on"),
        Column("withdrawn_on"),
    ]
    emit(
        [
            Section(
                "wish",
                translated("wishes_title"),
                fields,
                [details],
                record=True,
                json_value={k: v for k, v in details.items() if k != "claims"},
            ),
            Section("claims", translated("wish_claims_title"), claim_columns, details["claims"]),
        ],
        fmt,
        output,
    )


STATS_COLUMNS = [
    Column("registered"),
    Column("carried_over"),
    Column("wishes_due"),
    Column("claimed"),
    Column("fulfilled"),
    Column("claim_rate"),
    Column("fulfilment_rate"),
]


@app.command("stats")
def stats(
    period: PeriodOption = None,
    by: Annotated[
        Grouping, typer.Option("--by", help="One row per alliance or per organisation.")
    ] = Grouping.alliance,
    alliance: Annotated[
        str | None,
        typer.Option("--alliance", help="Only this alliance's wishes (and its members)."),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Registered, carried-over, claimed and fulfilled wishes with rates, ranked by
    fulfilled wishes (1, 2, 2, 4; ties listed by name).

    Due = registered in the period + carried over (registered before, not yet fulfilled when
    it began); claimed = due and claimed at its end or fulfilled in it; fulfilled = fulfilled
    in the period. Rates are claimed/due and fulfilled/due in percent.

    Example: alliance wish stats --period 2023Q2 --by org --format md
    """
    from alliance_cli.core.wishes import wish_stats

    with reading() as connection:
        counted = wish_stats(connection, period, by=by.value, alliance_name=alliance)
    span = counted["period"] or translated("all_time")
    name = "alliance" if by is Grouping.alliance else "organisation"
    columns = [Column("rank"), Column(name), *STATS_COLUMNS]
    section = Section(
        "wish_stats", translated("wish_stats_title", period=span), columns, counted["rows"]
    )
    emit([section], fmt, output)
