"""`alliance activity rotation` and `rotation-check`: rotating hosts (党建活动轮办)."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, writing
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit

AllianceArgument = Annotated[str, typer.Argument(help="Alliance name.", show_default=False)]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the activity group."""
    app.command("rotation")(rotation)
    app.command("rotation-check")(rotation_check)


def rotation(
    alliance: AllianceArgument,
    from_month: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="First month: 2023-01, 2023/1 or 2023年1月 (default: next month).",
            show_default=False,
        ),
    ] = None,
    months: Annotated[int, typer.Option("--months", help="How many months (1-120).")] = 12,
    save: Annotated[
        bool,
        typer.Option("--save", help="Store the plan, replacing what was saved for those months."),
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Plan who hosts the alliance's party activity each month (党建活动轮办).

    Members of the whole month host in turn, evenly, never twice in a row.

    Example: alliance activity rotation 红色引领片区联盟 --from 2023-01 --months 12 --save
    """
    from alliance_cli.core.dates import today
    from alliance_cli.core.periods import add_months, month_label, parse_month
    from alliance_cli.core.rotation import plan_rotation, save_rotation

    first = parse_month(from_month) if from_month is not None else add_months(today(), 1)
    if save:
        with writing() as connection:
            plan, changed = save_rotation(connection, alliance, first, months, actor=settings.actor)
    else:
        with reading() as connection:
            plan = plan_rotation(connection, alliance, first, months)
    name = alliance.strip()
    emit([rotation_section(name, plan)], fmt, output)
    if save:
        span = {"alliance": name, "first": month_label(first), "last": plan[-1]["month"]}
        if changed:
            say("rotation_saved", **span, hosted=sum(row["host"] is not None for row in plan))
        else:
            say("rotation_unchanged", **span)


def _host_or_none(value, lang):
    from alliance_cli.i18n import translate

    return translate("rotation_no_host", lang) if value is None else value


def rotation_section(alliance_name: str, plan: list[dict]) -> Section:
    """The plan as a section: month, host and its secretary; JSON keeps null for no host."""
    shown = [
        {"rotation_month": r["month"], "rotation_host": r["host"], "secretary": r["secretary"]}
        for r in plan
    ]
    columns = [
        Column("rotation_month"),
        Column("rotation_host", _host_or_none),
        Column("secretary"),
    ]
    title = translated("rotation_title", alliance=alliance_name)
    return Section("rotation", title, columns, shown, json_value=plan)


def rotation_check(
    alliance: AllianceArgument,
    period: Annotated[
        str,
        typer.Option(
            "--period",
            help="2023Q2, 2023H1, 2023, 2023-05, latest or previous.",
            show_default=False,
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Count only activities of this kind (code or label, e.g. party_day or 主题党日).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Compare the saved rotation with who actually hosted the alliance's activities.

    Per month: planned host, actual hosts and co-hosts, and whether the plan was kept.

    Example: alliance activity rotation-check 红色引领片区联盟 --period 2023Q2 --kind party_day
    """
    from alliance_cli.core.activities import activity_period
    from alliance_cli.core.rotation import check_rotation

    with reading() as connection:
        chosen = activity_period(connection, period)
        results = check_rotation(connection, alliance, chosen, kind)
    emit([check_section(alliance.strip(), chosen.label, results)], fmt, output)
    planned = sum(row["planned_host"] is not None for row in results)
    kept = sum(row["status"] == "kept" for row in results)
    say("rotation_check_summary", kept=kept, planned=planned)


def _status_label(value, lang):
    from alliance_cli.i18n import translate

    return translate(f"rotation_status_{value}", lang)


def check_section(alliance_name: str, period_label: str, results: list[dict]) -> Section:
    shown = [
        {
            "rotation_month": r["month"],
            "rotation_planned_host": r["planned_host"],
            "rotation_hosts": r["hosts"],
            "rotation_activities": r["activities"],
            "rotation_status": r["status"],
        }
        for r in results
    ]
    columns = [
        Column("rotation_month"),
        Column("rotation_planned_host"),
        Column("rotation_hosts"),
        Column("rotation_activities"),
        Column("rotation_status", _status_label),
    ]
    title = translated("rotation_check_title", alliance=alliance_name, period=period_label)
    return Section("rotation_check", title, columns, shown, json_value=results)
