"""`alliance project ...`: common and individual projects (项目清单), secretary-led projects
(书记领办), progress notes, overdue projects and completion rates."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, writing
from alliance_cli.cli.options import date_option, day_or_clear, optional_day, parse_day
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit, yes_no
from alliance_cli.cli.output import vocabulary_column as term_column

app = typer.Typer(
    help="Projects 项目清单: add, list, show, update, note, rates.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def project_group() -> None:
    """Projects 项目清单: common and individual, secretary-led, progress, overdue, rates."""


StatusOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        help="planned, in_progress, done or dropped (计划中/推进中/已完成/已终止).",
        show_default=False,
    ),
]
AllianceOption = Annotated[
    str | None,
    typer.Option(
        "--alliance",
        help="The alliance: alone, a common project (共性); with --org, filed under it.",
        show_default=False,
    ),
]
OrgOption = Annotated[
    str | None, typer.Option("--org", help="The organisation of an individual project (个性).")
]
TargetOption = Annotated[
    str | None,
    typer.Option(
        "--target", help="Target date: 2023-09-30, 2023/9/30 or 2023年9月30日.", show_default=False
    ),
]
StartedOption = date_option("--started", "Start date")


PROJECT_COLUMNS = [
    Column("name"),
    term_column("scope", "scope"),
    Column("alliance"),
    Column("organisation"),
    Column("secretary_led", yes_no),
    Column("responsible"),
    Column("started_on"),
    Column("target_on"),
    term_column("status", "status"),
    Column("finished_on"),
    Column("percent"),
    Column("noted_on"),
]


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Project name (unique).")],
    alliance: AllianceOption = None,
    org: OrgOption = None,
    secretary_led: Annotated[
        bool,
        typer.Option(
            "--secretary-led", help="Led by the organisation's secretary 书记领办 (needs --org)."
        ),
    ] = False,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Who is responsible (not with --secretary-led).")
    ] = None,
    target: TargetOption = None,
    started: StartedOption = None,
    description: Annotated[
        str | None, typer.Option("--description", help="What the project is about.")
    ] = None,
) -> None:
    """Add a project: common to an alliance, or individual to an organisation.

    With only --alliance it is a common project (共性项目); with --org an individual one
    (个性项目), filed under --alliance too when given (the organisation must belong to it on
    the start date). A secretary-led project (书记领办) is led by the organisation's secretary
    and appears on that secretary's task list. It starts as planned.

    Example: alliance project add 村道整治 --org 红岩村 --secretary-led --target 2023-09-30
    """
    from alliance_cli.core.projects import add_project

    with writing() as connection:
        add_project(
            connection,
            name,
            alliance_name=alliance,
            organisation_name=org,
            secretary_led=secretary_led,
            owner=owner,
            started_on=parse_day(started, "--started"),
            target_on=optional_day(target, "--target"),
            description=description,
            actor=settings.actor,
        )
    say("added_project", name=name.strip())


@app.command("list")
def list_(
    alliance: Annotated[
        str | None,
        typer.Option(
            "--alliance", help="Its common projects and the individual ones filed under it."
        ),
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Only this organisation's projects.")
    ] = None,
    scope: Annotated[
        str | None,
        typer.Option(
            "--scope", help="common or individual (共性项目/个性项目).", show_default=False
        ),
    ] = None,
    status: StatusOption = None,
    secretary: Annotated[
        str | None, typer.Option("--secretary", help="The task list of this secretary (书记领办).")
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option("--overdue", help="Only projects past their target and not done/dropped."),
    ] = False,
    on: Annotated[
        str | None, typer.Option("--on", help="With --overdue: the day to check (default today).")
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List projects with their latest progress; the filters combine.

    --overdue lists the projects whose target date is before the day (--on, default today)
    and that are still planned or in progress, oldest target first, with the days late.

    Example: alliance project list --overdue --on 2023-10-01 --format csv
    """
    from alliance_cli.core.projects import list_projects

    day = optional_day(on, "--on")
    with reading() as connection:
        rows = list_projects(
            connection,
            alliance_name=alliance,
            organisation_name=org,
            scope=scope,
            status=status,
            secretary=secretary,
            overdue=overdue,
            on=day,
        )
    columns = list(PROJECT_COLUMNS)
    if overdue:
        columns.append(Column("days_overdue"))
        title = translated("overdue_title", day=parse_day(on, "--on").isoformat())
    elif secretary is not None:
        title = translated("task_list_title", name=secretary.strip())
    else:
        title = translated("projects_title")
    emit([Section("projects", title, columns, rows)], fmt, output)


NOTE_COLUMNS = [Column("noted_on"), Column("percent"), Column("note")]


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Project name.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one project: its details, latest progress and every progress note.

    Example: alliance project show 村道安全整治 --format json
    """
    from alliance_cli.core.projects import show_project

    with reading() as connection:
        details = show_project(connection, name)
    fields = [*PROJECT_COLUMNS, Column("description")]
    emit(
        [
            Section(
                "project",
                details["name"],
                fields,
                [details],
                record=True,
                json_value={k: v for k, v in details.items() if k != "notes"},
            ),
            Section("notes", translated("project_notes_title"), NOTE_COLUMNS, details["notes"]),
        ],
        fmt,
        output,
    )


@app.command("update")
def update(
    name: Annotated[str, typer.Argument(help="Project name.")],
    rename: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    status: StatusOption = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="With --status done or dropped: the day (default today).",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", help="New target date ('' clears it).", show_default=False),
    ] = None,
    started: Annotated[
        str | None, typer.Option("--started", help="Corrected start date.", show_default=False)
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="New owner ('' clears it).")] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="New description ('' clears it).")
    ] = None,
    secretary_led: Annotated[
        bool | None,
        typer.Option(
            "--secretary-led/--not-secretary-led",
            help="Make it secretary-led (书记领办) or not.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Change a project's status, dates, owner, description or name.

    Done or dropped records the day (--on, default today); going back to planned or
    in_progress clears it. The same status twice is refused.

    Example: alliance project update 村道安全整治 --status done --on 2023-09-20
    """
    from alliance_cli.core.projects import UNCHANGED, update_project

    target_on = day_or_clear(target, "--target", UNCHANGED)
    with writing() as connection:
        stored = update_project(
            connection,
            name,
            rename=rename,
            owner=owner,
            target_on=target_on,
            started_on=optional_day(started, "--started"),
            description=description,
            status=status,
            on=optional_day(on, "--on"),
            secretary_led=secretary_led,
            actor=settings.actor,
        )
    say("updated_project", name=stored["name"])


@app.command("note")
def note(
    name: Annotated[str, typer.Argument(help="Project name.")],
    text: Annotated[str, typer.Argument(help="What was done.")],
    percent: Annotated[
        str, typer.Option("--percent", help="Progress, a whole number 0-100.", show_default=False)
    ],
    on: Annotated[
        str | None,
        typer.Option("--on", help="Date of the progress (default today).", show_default=False),
    ] = None,
) -> None:
    """Record dated progress with a percentage (0-100) on a planned or in-progress project.

    A note never changes the status: 100% does not mark the project done (use update
    --status done). Notes may not be dated before the start or after today.

    Example: alliance project note 村道安全整治 "完成护栏安装" --percent 60 --on 2023-08-15
    """
    from alliance_cli.core.projects import note_progress

    with writing() as connection:
        stored = note_progress(
            connection,
            name,
            percent=percent,
            text=text,
            on=parse_day(on, "--on"),
            actor=settings.actor,
        )
    say(
        "noted_project",
        name=stored["project"],
        day=stored["noted_on"].isoformat(),
        percent=stored["percent"],
    )


class RatesBy(StrEnum):
    alliance = "alliance"
    org = "org"


RATE_COLUMNS = [
    Column("due"),
    Column("done"),
    Column("on_time"),
    Column("not_done"),
    Column("dropped"),
    Column("completion_rate"),
    Column("on_time_rate"),
]


def _alliance_or_none(value, lang):
    from alliance_cli.i18n import translate

    return value if value is not None else translate("no_alliance", lang)


@app.command("rates")
def rates(
    period: Annotated[
        str,
        typer.Option(
            "--period",
            help="2023Q2, 2023H1, 2023, 2023-05, latest or previous.",
            show_default=False,
        ),
    ],
    alliance: Annotated[
        str | None,
        typer.Option(
            "--alliance", help="Only this alliance (with --by org: its members in the period)."
        ),
    ] = None,
    by: Annotated[
        RatesBy, typer.Option("--by", help="alliance (default) or org.", show_default=False)
    ] = RatesBy.alliance,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Count only what was done by this day (default: everything recorded).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Project completion rates for a period, per alliance or per organisation.

    Due: projects whose target date falls in the period, except those dropped before their
    target date. Done: marked done; on time: done by the target date. Rates are exact
    percentages with two decimals, empty when nothing was due. An alliance counts its common
    projects and the individual projects filed under it.

    Example: alliance project rates --period 2023H2 --format xlsx --output rates.xlsx
    """
    from alliance_cli.core.projects import project_rates

    with reading() as connection:
        figures = project_rates(
            connection,
            period,
            by=by.value,
            alliance_name=alliance,
            as_of=optional_day(on, "--on"),
        )
    if by is RatesBy.alliance:
        columns = [Column("alliance", _alliance_or_none), *RATE_COLUMNS]
        title = translated("rates_by_alliance_title", period=figures["period"])
    else:
        columns = [Column("organisation"), *RATE_COLUMNS]
        title = translated("rates_by_organisation_title", period=figures["period"])
    emit([Section("rates", title, columns, figures["rows"])], fmt, output)
