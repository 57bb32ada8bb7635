"""`alliance expert ...`: the local-expert service team (本土专家服务团) and its visits."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.base import VISIT_COLUMNS
from alliance_cli.cli.context import reading, say, settings, translated, writing
from alliance_cli.cli.options import date_option, parse_day, period_option
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit, yes_no

app = typer.Typer(
    help="Local experts 本土专家服务团: add, list, show, visit, visits.",
    no_args_is_help=True,
    add_completion=False,
)

VisitDateOption = date_option("--date", "Date of the visit")
PeriodOption = period_option("every visit")


@app.callback()
def expert_group() -> None:
    """Local experts 本土专家服务团: add, list, show, visit, visits."""


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The expert's name (namesakes: 张伟（东村）).")],
    home: Annotated[
        str | None,
        typer.Option(
            "--home",
            help="Home organisation (关系在支部); needed for someone not on record yet.",
            show_default=False,
        ),
    ] = None,
    speciality: Annotated[
        list[str] | None,
        typer.Option("--speciality", help="A speciality (repeatable).", show_default=False),
    ] = None,
) -> None:
    """Put someone in the local-expert service team (本土专家服务团).

    Someone not on record yet is added as a person (a party member) with the expert role;
    someone on record is given the role, and --home, if given, must be their home. Specialities
    given replace the stored ones. Change them later with `person update --speciality`.

    Example: alliance expert add 李专家 --home 百草村 --speciality 中药材种植 --speciality 植保
    """
    from alliance_cli.core.experts import add_expert

    with writing() as connection:
        stored = add_expert(
            connection,
            name,
            home=home,
            specialities=speciality or (),
            actor=settings.actor,
        )
    say(
        "added_expert" if stored["new"] else "made_expert", name=stored["name"], home=stored["home"]
    )


EXPERT_COLUMNS = [
    Column("name"),
    Column("home"),
    Column("speciality"),
    Column("visits"),
    Column("bases_visited"),
    Column("last_visit"),
]


@app.command("list")
def list_(
    speciality: Annotated[
        str | None,
        typer.Option("--speciality", help="Only experts whose speciality contains this text."),
    ] = None,
    period: PeriodOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List the people with the expert role, with their service visits (in a period or ever).

    Example: alliance expert list --speciality 中药材 --period 2023
    """
    from alliance_cli.core.experts import list_experts

    with reading() as connection:
        rows = list_experts(connection, speciality=speciality, period=period)
    emit([Section("experts", translated("experts_title"), EXPERT_COLUMNS, rows)], fmt, output)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="The expert's name.")],
    period: PeriodOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one expert: home organisation, speciality and every service visit (in a period or
    ever).

    Example: alliance expert show 李专家 --period 2023 --format json
    """
    from alliance_cli.core.experts import show_expert

    with reading() as connection:
        details = show_expert(connection, name, period=period)
    fields = [*EXPERT_COLUMNS[:2], Column("party_member", yes_no), *EXPERT_COLUMNS[2:]]
    emit(
        [
            Section(
                "expert",
                details["name"],
                fields,
                [details],
                record=True,
                json_value={k: v for k, v in details.items() if k != "visit_list"},
            ),
            Section("visits", translated("visits_title"), VISIT_COLUMNS, details["visit_list"]),
        ],
        fmt,
        output,
    )


@app.command("visit")
def visit(
    experts: Annotated[
        list[str], typer.Argument(metavar="EXPERT...", help="The expert(s) who served.")
    ],
    base: Annotated[str, typer.Option("--base", help="The industry base visited.")],
    alliance: Annotated[str, typer.Option("--alliance", help="The alliance it belongs to.")],
    host: Annotated[
        str, typer.Option("--host", help="The host organisation, a member of the alliance.")
    ],
    held_on: VisitDateOption = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="Title (default: 专家服务：BASE).", show_default=False),
    ] = None,
    hours: Annotated[
        str | None, typer.Option("--hours", help="Volunteer hours, e.g. 6 or 2.5.")
    ] = None,
    attendees: Annotated[
        int | None,
        typer.Option("--attendees", help="People taking part (default: the number of experts)."),
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes.")] = None,
) -> None:
    """Record an expert service visit to a base: an activity of kind expert_service.

    Every rule of `activity log` applies (the host is a member on the day, no future date, no
    second activity with the same date, alliance, host and title). Each person named must hold
    the expert role; several experts visiting together make one visit.

    Example: alliance expert visit 李专家 --base 百草基地 --alliance 绿色联盟 --host 百草村
    """
    from alliance_cli.core.dates import today
    from alliance_cli.core.experts import record_visit

    with writing() as connection:
        stored = record_visit(
            connection,
            experts,
            base_name=base,
            held_on=parse_day(held_on, "--date"),
            alliance_name=alliance,
            host=host,
            title=title,
            hours=hours,
            attendees=attendees,
            notes=notes,
            actor=settings.actor,
            today=today(),
        )
    say(
        "recorded_visit",
        id=stored["id"],
        title=stored["title"],
        experts="、".join(stored["experts"]),
    )


@app.command("visits")
def visits(
    expert: Annotated[str | None, typer.Option("--expert", help="Only this expert's.")] = None,
    base: Annotated[str | None, typer.Option("--base", help="Only visits to this base.")] = None,
    period: PeriodOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List expert service visits, oldest first, of one expert or base, in a period or ever.

    Example: alliance expert visits --expert 李专家 --period 2023H1 --format csv
    """
    from alliance_cli.core.experts import list_visits

    with reading() as connection:
        rows = list_visits(connection, expert_name=expert, base_name=base, period=period)
    emit([Section("visits", translated("visits_title"), VISIT_COLUMNS, rows)], fmt, output)
