"""`alliance resource ...`: resource sharing (要素流动) between organisations and its totals."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, warn, writing
from alliance_cli.cli.options import date_option, optional_day, parse_day, period_option
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputOption,
    Section,
    emit,
    vocabulary_column,
)

app = typer.Typer(
    help="Resource sharing 要素流动: record, list, show, update, delete, totals.",
    no_args_is_help=True,
    add_completion=False,
)

FlowDateOption = date_option("--date", "When it was provided")
PeriodOption = period_option("every record")


class Grouping(StrEnum):
    alliance = "alliance"
    pair = "pair"
    kind = "kind"


@app.callback()
def resource_group() -> None:
    """Resource sharing 要素流动: record, list, show, update, delete, totals."""


@app.command("record")
def record(
    provider: Annotated[str, typer.Option("--from", help="The organisation that provided it.")],
    receiver: Annotated[str, typer.Option("--to", help="The organisation that received it.")],
    alliance: Annotated[str, typer.Option("--alliance", help="The alliance it happened in.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="labour/劳务, produce/农产品, funds/资金, technology/技术, management/管理, "
            "information/信息.",
        ),
    ],
    happened_on: FlowDateOption = None,
    quantity: Annotated[
        str | None, typer.Option("--quantity", help="How much, e.g. 12.5 (needs --unit).")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Unit of the quantity, e.g. 吨 or 人次.")
    ] = None,
    value: Annotated[
        str | None, typer.Option("--value", help="Value in yuan, e.g. 5000 or 1234.50.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes.")] = None,
    cross: Annotated[
        bool,
        typer.Option(
            "--cross", help="Across alliances: one side may belong to another alliance that day."
        ),
    ] = False,
) -> None:
    """Record what one organisation provided to another within an alliance.

    Give a quantity with its unit, a value in yuan, or both (at most two decimals). Both
    organisations must be members of the alliance on the day; with --cross one of them may
    instead belong to another alliance.

    Example: alliance resource record --from 甲村 --to 乙村 --alliance 绿色 --kind 资金 --value 800
    """
    from alliance_cli.core.dates import today
    from alliance_cli.core.resources import record_flow

    with writing() as connection:
        stored = record_flow(
            connection,
            provider=provider,
            receiver=receiver,
            alliance_name=alliance,
            kind=kind,
            happened_on=parse_day(happened_on, "--date"),
            quantity=quantity,
            unit=unit,
            value=value,
            notes=notes,
            cross=cross,
            actor=settings.actor,
            today=today(),
        )
    say(
        "recorded_flow",
        id=stored["id"],
        provider=stored["provider"],
        receiver=stored["receiver"],
        day=stored["happened_on"].isoformat(),
    )
    if stored["same_as"] is not None:
        warn("warn_same_flow", id=stored["id"], other=stored["same_as"])


FLOW_COLUMNS = [
    Column("id"),
    Column("happened_on"),
    Column("alliance"),
    Column("provider"),
    Column("receiver"),
    vocabulary_column("kind", "resource"),
    Column("quantity"),
    Column("unit"),
    Column("value_yuan"),
    Column("notes"),
]


@app.command("list")
def list_(
    alliance: Annotated[str | None, typer.Option("--alliance", help="Only this alliance.")] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Only what this organisation gave or received.")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind.")] = None,
    period: PeriodOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List resource-sharing records, oldest first.

    Example: alliance resource list --alliance 绿色联盟 --kind 农产品 --period 2023Q2
    """
    from alliance_cli.core.resources import list_flows

    with reading() as connection:
        rows = list_flows(
            connection, alliance_name=alliance, organisation_name=org, kind=kind, period=period
        )
    emit([Section("flows", translated("flows_title"), FLOW_COLUMNS, rows)], fmt, output)


@app.command("show")
def show(
    flow_id: Annotated[int, typer.Argument(metavar="ID", help="Record id (see resource list).")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one resource-sharing record with all its fields.

    Example: alliance resource show 12 --format json
    """
    from alliance_cli.core.resources import show_flow

    with reading() as connection:
        details = show_flow(connection, flow_id)
    title = translated("flow_title", id=details["id"])
    emit([Section("flow", title, FLOW_COLUMNS, [details], record=True)], fmt, output)


@app.command("update")
def update(
    flow_id: Annotated[int, typer.Argument(metavar="ID", help="Record id (see resource list).")],
    provider: Annotated[
        str | None, typer.Option("--from", help="The organisation that provided it.")
    ] = None,
    receiver: Annotated[
        str | None, typer.Option("--to", help="The organisation that received it.")
    ] = None,
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="The alliance it happened in.")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="New kind (code or label).")] = None,
    happened_on: Annotated[
        str | None,
        typer.Option("--date", help="When it was provided: 2023-03-05, 2023/3/5 or 2023年3月5日."),
    ] = None,
    quantity: Annotated[
        str | None,
        typer.Option("--quantity", help="New quantity ('' clears it and its unit)."),
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="New unit of the quantity.")] = None,
    value: Annotated[
        str | None, typer.Option("--value", help="New value in yuan ('' clears it).")
    ] = None,
    notes: Annotated[
        str | None, typer.Option("--notes", help="New notes ('' clears them).")
    ] = None,
    cross: Annotated[
        bool,
        typer.Option(
            "--cross", help="Across alliances: one side may belong to another alliance that day."
        ),
    ] = False,
) -> None:
    """Correct a resource-sharing record; the result is checked as `resource record` checks it.

    A record that already crossed alliances keeps doing so without --cross; --cross alone
    changes nothing.

    Example: alliance resource update 12 --value 3200 --notes 按实际金额更正
    """
    from alliance_cli.core.dates import today
    from alliance_cli.core.resources import update_flow

    with writing() as connection:
        stored = update_flow(
            connection,
            flow_id,
            provider=provider,
            receiver=receiver,
            alliance_name=alliance,
            kind=kind,
            happened_on=optional_day(happened_on, "--date"),
            quantity=quantity,
            unit=unit,
            value=value,
            notes=notes,
            cross=cross,
            actor=settings.actor,
            today=today(),
        )
    say("updated_flow", id=stored["id"])
    if stored["same_as"] is not None:
        warn("warn_same_flow", id=stored["id"], other=stored["same_as"])


@app.command("delete")
def delete(
    flow_id: Annotated[int, typer.Argument(metavar="ID", help="Record id (see resource list).")],
) -> None:
    """Delete a resource-sharing record made by mistake; the audit log keeps all it held.

    Example: alliance resource delete 12
    """
    from alliance_cli.core.resources import delete_flow

    with writing() as connection:
        before = delete_flow(connection, flow_id, actor=settings.actor)
    say(
        "deleted_flow",
        id=before["id"],
        provider=before["provider"],
        receiver=before["receiver"],
        day=before["happened_on"].isoformat(),
    )


def _quantities(value: dict | None, lang: str) -> str:
    if not value:
        return ""
    separator = "、" if lang == "zh" else ", "
    return separator.join(f"{amount} {unit}" for unit, amount in value.items())


@app.command("totals")
def totals(
    by: Annotated[
        Grouping, typer.Option("--by", help="Group per alliance, per pair (from, to) or per kind.")
    ] = Grouping.alliance,
    alliance: Annotated[str | None, typer.Option("--alliance", help="Only this alliance.")] = None,
    period: PeriodOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Totals of resource sharing: records, value in yuan and quantities per unit.

    Values add exactly (fen); records without a value add nothing to it. A pair is directed:
    what A gave B and what B gave A are two rows.

    Example: alliance resource totals --by pair --period 2023
    """
    from alliance_cli.core.resources import flow_totals

    with reading() as connection:
        summed = flow_totals(connection, by=by.value, alliance_name=alliance, period=period)
    leading = {
        "alliance": [Column("alliance")],
        "pair": [Column("provider"), Column("receiver")],
        "kind": [vocabulary_column("kind", "resource")],
    }[summed["by"]]
    columns = [*leading, Column("records"), Column("value_yuan"), Column("quantities", _quantities)]
    span = summed["period"] or translated("all_time")
    emit(
        [Section("totals", translated("flow_totals_title", period=span), columns, summed["rows"])],
        fmt,
        output,
    )
