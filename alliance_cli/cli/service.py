"""`alliance service ...`: the activity service list (活动服务清单, 选-送-定)."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, warn, writing
from alliance_cli.cli.options import OnOption, parse_day, today
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputOption,
    Section,
    emit,
    vocabulary_column,
)

app = typer.Typer(
    help="Service list 活动服务清单 (选-送-定): propose, take, approve, deliver, update, list, "
    "show.",
    no_args_is_help=True,
    add_completion=False,
)

ItemId = Annotated[int, typer.Argument(metavar="ID", help="Service item id (see service list).")]


@app.callback()
def service_group() -> None:
    """Activity service list 活动服务清单 (选-送-定): propose, take, approve, deliver, update."""


@app.command("propose")
def propose(
    title: Annotated[str, typer.Argument(help="What the item is, e.g. 老年人防诈骗讲座.")],
    alliance: Annotated[
        str,
        typer.Option("--alliance", help="The alliance whose list it is on.", show_default=False),
    ],
    by: Annotated[str, typer.Option("--by", help="Who proposed it (a name).", show_default=False)],
    member: Annotated[
        bool, typer.Option("--member", help="Proposed by a party member (党员).")
    ] = False,
    resident: Annotated[
        bool, typer.Option("--resident", help="Proposed by a resident (群众).")
    ] = False,
    on: OnOption = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes.")] = None,
) -> None:
    """选: put an item proposed by a party member or a resident on an alliance's list.

    Example: alliance service propose 老年人防诈骗讲座 --alliance 红色联盟 --by 李大娘 --resident
    """
    from alliance_cli.core.errors import InvalidInput
    from alliance_cli.core.service_items import propose_item

    if member == resident:
        raise InvalidInput("service_one_proposer_kind")
    with writing() as connection:
        stored = propose_item(
            connection,
            title,
            alliance_name=alliance,
            proposed_by=by,
            proposer_kind="member" if member else "resident",
            on=parse_day(on, "--on"),
            notes=notes,
            actor=settings.actor,
            today=today(),
        )
    say("proposed_service_item", id=stored["id"], title=stored["title"])


@app.command("take")
def take(
    item_id: ItemId,
    org: Annotated[
        str,
        typer.Option(
            "--org", help="The member organisation taking it up (结对送).", show_default=False
        ),
    ],
    on: OnOption = None,
) -> None:
    """送: a member organisation of the item's alliance takes a proposed item up.

    Example: alliance service take 4 --org 镇派出所 --on 2023-05-08
    """
    from alliance_cli.core.service_items import take_item

    with writing() as connection:
        taken = take_item(
            connection,
            item_id,
            organisation_name=org,
            on=parse_day(on, "--on"),
            actor=settings.actor,
            today=today(),
        )
    say(
        "took_service_item",
        id=item_id,
        organisation=taken["taken_by"],
        on=taken["taken_on"].isoformat(),
    )


@app.command("approve")
def approve(item_id: ItemId, on: OnOption = None) -> None:
    """定: the alliance approves an item that an organisation has taken up.

    Example: alliance service approve 4 --on 2023-05-15
    """
    from alliance_cli.core.service_items import approve_item

    with writing() as connection:
        approved = approve_item(
            connection, item_id, on=parse_day(on, "--on"), actor=settings.actor, today=today()
        )
    say("approved_service_item", id=item_id, on=approved["approved_on"].isoformat())


@app.command("deliver")
def deliver(
    item_id: ItemId,
    activity_id: Annotated[
        int,
        typer.Option(
            "--activity",
            help="The activity that delivered it (same alliance, on/after approval).",
            show_default=False,
        ),
    ],
) -> None:
    """Record the activity that delivered an approved item; its date is the delivery date.

    Example: alliance service deliver 4 --activity 17
    """
    from alliance_cli.core.service_items import deliver_item

    with writing() as connection:
        delivered = deliver_item(connection, item_id, activity_id=activity_id, actor=settings.actor)
    say(
        "delivered_service_item",
        id=item_id,
        activity=activity_id,
        on=delivered["delivered_on"].isoformat(),
    )
    if not delivered["taker_took_part"]:
        warn(
            "warn_service_taker_absent",
            id=item_id,
            organisation=delivered["taken_by"],
            activity=activity_id,
        )


@app.command("update")
def update(
    item_id: ItemId,
    title: Annotated[str | None, typer.Option("--title", help="What the item is.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who proposed it (a name).")] = None,
    member: Annotated[
        bool, typer.Option("--member", help="Proposed by a party member (党员).")
    ] = False,
    resident: Annotated[
        bool, typer.Option("--resident", help="Proposed by a resident (群众).")
    ] = False,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes ('' clears them).")] = None,
) -> None:
    """Correct an item's title, proposer or notes, at any stage.

    The dates and the organisation of the stages change only through take, approve and
    deliver.

    Example: alliance service update 4 --title 老年人防电信诈骗讲座 --by 李大妈
    """
    from alliance_cli.core.errors import InvalidInput
    from alliance_cli.core.service_items import update_item

    if member and resident:
        raise InvalidInput("service_one_proposer_kind")
    kind = "member" if member else "resident" if resident else None
    with writing() as connection:
        stored = update_item(
            connection,
            item_id,
            title=title,
            proposed_by=by,
            proposer_kind=kind,
            notes=notes,
            actor=settings.actor,
        )
    say("updated_service_item", id=item_id, title=stored["title"])


COLUMNS = [
    Column("id"),
    vocabulary_column("stage", "stage"),
    Column("title"),
    Column("alliance"),
    Column("proposed_by"),
    vocabulary_column("proposer_kind", "proposer"),
    Column("proposed_on"),
    Column("taken_by"),
    Column("taken_on"),
    Column("approved_on"),
    Column("activity_id"),
    Column("delivered_on"),
]


@app.command("list")
def list_(
    alliance: Annotated[str | None, typer.Option("--alliance", help="Only this alliance.")] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage", help="proposed, taken, approved or delivered (or the Chinese label)."
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List items by stage (proposed, taken up, approved, delivered), oldest first.

    Example: alliance service list --alliance 红色联盟 --stage approved
    """
    from alliance_cli.core.service_items import list_items

    with reading() as connection:
        rows = list_items(connection, alliance_name=alliance, stage=stage)
    emit([Section("service_items", translated("service_items_title"), COLUMNS, rows)], fmt, output)


@app.command("show")
def show(item_id: ItemId, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Show one item with every stage it has reached.

    Example: alliance service show 4
    """
    from alliance_cli.core.service_items import show_item

    with reading() as connection:
        details = show_item(connection, item_id)
    fields = [*COLUMNS, Column("activity_title"), Column("notes")]
    emit(
        [Section("service_item", details["title"], fields, [details], record=True)],
        fmt,
        output,
    )
