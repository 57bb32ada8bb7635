"""`alliance score inspect ...`: Cross-inspection 交叉检查: plan, record, rectify, open findings."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, warn, writing
from alliance_cli.cli.options import OnOption, optional_day, parse_day
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputOption,
    Section,
    emit,
    value_column,
    yes_no,
)

app = typer.Typer(
    help="Cross-inspection 交叉检查: plan, record, rectify, open findings.",
    no_args_is_help=True,
    add_completion=False,
)

QuarterArgument = Annotated[str, typer.Argument(help="A quarter: 2025Q2 or 2025年第二季度.")]


@app.callback()
def inspect_group() -> None:
    """Cross-inspection 交叉检查: plan, record, rectify, open findings."""


@app.command("plan")
def plan(
    quarter: QuarterArgument,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="Any number 0-2147483647 (default: the quarter as a number, 2025Q2 -> 20252).",
            show_default=False,
        ),
    ] = None,
    organisations: Annotated[
        bool,
        typer.Option("--organisations", help="Pair the organisations instead of the alliances."),
    ] = False,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Plan again a quarter whose plan has nothing recorded."),
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Assign each alliance (or organisation) another to inspect in a quarter, and store it.

    Never oneself; with three or more no two inspect each other; the previous planned
    quarter's pairs are not repeated where another plan is possible. The same records and
    seed give the same plan.

    Example: alliance score inspect plan 2025Q2 --seed 7
    """
    from alliance_cli.core.inspections import plan_round

    with writing() as connection:
        planned = plan_round(
            connection,
            quarter,
            subject_type="organisation" if organisations else "alliance",
            seed=seed,
            replace=replace,
            actor=settings.actor,
        )
    say(
        "inspection_replanned" if planned["replaced"] else "inspection_planned",
        period=planned["period"],
        count=len(planned["pairs"]),
        seed=planned["seed"],
    )
    if planned["repeats"]:
        warn("inspection_repeats", count=planned["repeats"], previous=planned["previous"])
    columns = [Column("inspector"), Column("inspected")]
    title = translated("inspection_plan_title", period=planned["period"])
    emit([Section("plan", title, columns, planned["pairs"])], fmt, output)


@app.command("list")
def list_(quarter: QuarterArgument, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Show a quarter's plan with each inspection's points, date and findings.

    Example: alliance score inspect list 2025Q2 --format csv
    """
    from alliance_cli.core.inspections import list_round

    with reading() as connection:
        rows = list_round(connection, quarter)
    columns = [
        value_column("inspection_subject_type", "inspection_subject_"),
        Column("inspector"),
        Column("inspected"),
        Column("inspection_points"),
        Column("inspected_on"),
        Column("finding_count"),
        Column("findings_unfinished"),
        Column("inspection_seed"),
    ]
    title = translated("inspection_plan_title", period=rows[0]["inspection_period"])
    emit([Section("inspections", title, columns, rows)], fmt, output)


@app.command("record")
def record(
    quarter: QuarterArgument,
    inspector: Annotated[str, typer.Option("--inspector", help="Who inspected.")],
    inspected: Annotated[str, typer.Option("--inspected", help="Who was inspected.")],
    points: Annotated[str, typer.Option("--points", help="0-100, at most two decimals.")],
    on: OnOption = None,
    findings: Annotated[
        list[str] | None,
        typer.Option("--finding", help="A problem found, to be rectified (repeatable)."),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due", help="Rectify the findings by this date (2025-07-31).", show_default=False
        ),
    ] = None,
    subject_type: Annotated[
        str | None,
        typer.Option(
            "--subject-type",
            help="organisation or alliance, when a name is both and both were planned.",
            show_default=False,
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Record again: replaces points, date and findings."),
    ] = False,
) -> None:
    """Record an inspection of the quarter's plan: points, date and findings (each open).

    With --finding (repeatable) and --due, each finding is open until rectified.

    Example: alliance score inspect record 2025Q2 --inspector 红色 --inspected 蓝色 --points 88.5
    """
    from alliance_cli.core.inspections import record_inspection
    from alliance_cli.core.subjects import subject_type_code

    with writing() as connection:
        recorded = record_inspection(
            connection,
            quarter,
            inspector=inspector,
            inspected=inspected,
            points=points,
            on=parse_day(on, "--on"),
            findings=tuple(findings or ()),
            due=optional_day(due, "--due"),
            replace=replace,
            subject_type=subject_type_code(subject_type),
            actor=settings.actor,
        )
    say(
        "inspection_rerecorded" if recorded["replaced"] else "inspection_recorded_ok",
        period=recorded["period"],
        inspector=recorded["inspector"],
        inspected=recorded["inspected"],
        points=recorded["points"],
        count=len(recorded["finding_ids"]),
        ids=", ".join(str(i) for i in recorded["finding_ids"]) or "-",
    )


@app.command("rectify")
def rectify(
    finding_id: Annotated[int, typer.Argument(help="Finding id (see score inspect open).")],
    status: Annotated[str, typer.Option("--status", help="rectifying/整改中 or closed/已整改.")],
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="Closing date, with closed (default: today).", show_default=False
        ),
    ] = None,
) -> None:
    """Move a finding's rectification on: rectifying (整改中) or closed (已整改).

    A closed finding cannot change again.

    Example: alliance score inspect rectify 3 --status 已整改 --on 2025-07-20
    """
    from alliance_cli.core.dates import today
    from alliance_cli.core.inspections import rectify_finding
    from alliance_cli.i18n import value_label

    with writing() as connection:
        changed = rectify_finding(
            connection,
            finding_id,
            status,
            on=optional_day(on, "--on"),
            today=today(),
            actor=settings.actor,
        )
    label = value_label(f"finding_{changed['status']}", settings.lang)
    if changed["closed_on"] is not None:
        say("inspection_finding_closed_ok", id=finding_id, status=label,
            on=changed["closed_on"].isoformat())  # fmt: skip
    else:
        say("inspection_finding_moved", id=finding_id, status=label)


@app.command("open")
def open_(
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="2025Q2, 2025H1, 2025, latest or previous (default: every quarter).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List unfinished rectifications (open and rectifying), soonest due first.

    Overdue means the due date is before today.

    Example: alliance score inspect open --period 2025 --format xlsx --output findings.xlsx
    """
    from alliance_cli.core.dates import today
    from alliance_cli.core.inspections import open_findings

    with reading() as connection:
        rows = open_findings(connection, period=period, today=today())
    columns = [
        Column("id"),
        Column("inspection_period"),
        Column("inspector"),
        Column("inspected"),
        Column("finding"),
        value_column("status", "finding_"),
        Column("inspected_on"),
        Column("finding_due_on"),
        Column("finding_overdue", yes_no),
    ]
    emit([Section("findings", translated("inspection_open_title"), columns, rows)], fmt, output)
