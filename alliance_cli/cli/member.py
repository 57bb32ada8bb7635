"""`alliance member ...`: member organisations and their memberships."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, warn, writing
from alliance_cli.cli.options import OnOption, parse_day
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputFormat,
    OutputOption,
    Section,
    emit,
    vocabulary_column,
)

app = typer.Typer(
    help="Member organisations 成员组织: add, join, leave, history, import.",
    no_args_is_help=True,
    add_completion=False,
)

CategoryOption = Annotated[
    str | None,
    typer.Option(
        "--category",
        help="village, community, agency, enterprise, association, "
        "school, other (or 村/社区/机关部门/非公企业/行业协会/学校/其他).",
        show_default=False,
    ),
]
LevelOption = Annotated[
    str | None,
    typer.Option(
        "--level",
        help="county, township or village (县级/乡镇级/村级); default village.",
        show_default=False,
    ),
]


def _alliances_label(value, lang):
    from alliance_cli.i18n import translate

    mark = translate("lead_mark", lang)
    return [item["alliance"] + (mark if item["role"] == "lead" else "") for item in value or []]


ORGANISATION_COLUMNS = [
    Column("name"),
    vocabulary_column("category", "category"),
    vocabulary_column("level", "level"),
    Column("secretary"),
    Column("party_members"),
]


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Organisation name.")],
    category: CategoryOption = None,
    level: LevelOption = None,
    secretary: Annotated[str | None, typer.Option(help="Party secretary 书记.")] = None,
    party_members: Annotated[
        int, typer.Option("--party-members", help="Number of party members.")
    ] = 0,
) -> None:
    """Add a member organisation.

    Example: alliance member add 红岩村党支部 --category 村 --secretary 张伟 --party-members 32
    """
    from alliance_cli.core.organisations import add_organisation

    if category is None:
        raise typer.BadParameter("is required", param_hint="--category")
    with writing() as connection:
        add_organisation(
            connection,
            actor=settings.actor,
            name=name,
            category=category,
            level=level,
            secretary=secretary,
            party_members=party_members,
        )
    say("added_organisation", name=name.strip())


@app.command("update")
def update(
    name: Annotated[str, typer.Argument(help="Organisation name.")],
    rename: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    category: CategoryOption = None,
    level: LevelOption = None,
    secretary: Annotated[str | None, typer.Option(help="New secretary 书记.")] = None,
    party_members: Annotated[int | None, typer.Option("--party-members", help="New count.")] = None,
) -> None:
    """Change an organisation's name, category, level, secretary or party-member count.

    Example: alliance member update 红岩村党支部 --secretary 李娜 --party-members 35
    """
    from alliance_cli.core.organisations import update_organisation

    changes = {
        "name": rename,
        "category": category,
        "level": level,
        "secretary": secretary,
        "party_members": party_members,
    }
    with writing() as connection:
        update_organisation(connection, name, changes, actor=settings.actor)
    say("updated_organisation", name=rename or name)


@app.command("list")
def list_(
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="Only members of this alliance.")
    ] = None,
    category: CategoryOption = None,
    on: OnOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List organisations and the alliances they belong to on a day.

    Example: alliance member list --alliance 红色引领片区联盟 --on 2023-06-30
    """
    from alliance_cli.core.organisations import list_organisations

    with reading() as connection:
        rows = list_organisations(
            connection, alliance_name=alliance, category=category, on=parse_day(on, "--on")
        )
    columns = [*ORGANISATION_COLUMNS, Column("alliances", _alliances_label)]
    title = "成员组织" if settings.lang == "zh" else "Organisations"
    emit([Section("organisations", title, columns, rows)], fmt, output)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Organisation name.")],
    on: OnOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one organisation with its current alliances and its membership history.

    Example: alliance member show 红岩村党支部
    """
    from alliance_cli.core.organisations import show_organisation

    with reading() as connection:
        details = show_organisation(connection, name, parse_day(on, "--on"))
    lang = settings.lang
    fields = [*ORGANISATION_COLUMNS, Column("alliances")]
    history_title = "加入与退出" if lang == "zh" else "Joins and leaves"
    emit(
        [
            Section(
                "organisation",
                details["name"],
                fields,
                [details],
                record=True,
                json_value={k: v for k, v in details.items() if k != "history"},
            ),
            Section("history", history_title, HISTORY_COLUMNS, details["history"]),
        ],
        fmt,
        output,
    )


def _event_label(value, lang):
    from alliance_cli.i18n import value_label

    return value_label(value, lang)


HISTORY_COLUMNS = [
    Column("date"),
    Column("event", _event_label),
    Column("alliance"),
    vocabulary_column("role", "role"),
]


@app.command("history")
def history(
    name: Annotated[str, typer.Argument(help="Organisation name.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Every join and leave of an organisation, oldest first.

    Example: alliance member history 红岩村党支部 --format csv
    """
    from alliance_cli.core.memberships import membership_history

    with reading() as connection:
        events = membership_history(connection, name)
    title = "加入与退出" if settings.lang == "zh" else "Joins and leaves"
    emit([Section("history", title, HISTORY_COLUMNS, events)], fmt, output)


@app.command("join")
def join(
    name: Annotated[str, typer.Argument(help="Organisation name.")],
    alliance: Annotated[str, typer.Argument(help="Alliance name.")],
    on: OnOption = None,
    role: Annotated[
        str, typer.Option("--role", help="lead (牵头单位) or member (成员单位).")
    ] = "member",
) -> None:
    """Join an organisation to an alliance from a date.

    Example: alliance member join 红岩村党支部 红色引领片区联盟 --on 2023-01-01 --role lead
    """
    from alliance_cli.core.memberships import join_alliance

    day = parse_day(on, "--on")
    with writing() as connection:
        join_alliance(connection, name, alliance, day, role, actor=settings.actor)
    say("joined", organisation=name, alliance=alliance, on=day.isoformat())


@app.command("leave")
def leave(
    name: Annotated[str, typer.Argument(help="Organisation name.")],
    alliance: Annotated[str, typer.Argument(help="Alliance name.")],
    on: OnOption = None,
) -> None:
    """Record that an organisation left an alliance on a date.

    From that day on it is no longer a member.

    Example: alliance member leave 石门村党支部 防汛任务联盟 --on 2023-09-30
    """
    from alliance_cli.core.memberships import leave_alliance

    day = parse_day(on, "--on")
    with writing() as connection:
        remaining = leave_alliance(connection, name, alliance, day, actor=settings.actor)
        if remaining is not None:
            from alliance_cli.core.lookup import find_alliance

            minimum = find_alliance(connection, alliance).min_members
    say("left", organisation=name, alliance=alliance, on=day.isoformat())
    if remaining is not None:
        warn("warn_task_below_minimum", alliance=alliance, count=remaining, minimum=minimum)


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="A .csv or .xlsx file shaped like data/members_template.csv.")
    ],
) -> None:
    """Import organisations and memberships from CSV or XLSX, all or nothing.

    Re-importing the same file changes nothing.

    Example: alliance member import data/members_template.csv
    """
    from alliance_cli.core.member_import import import_members
    from alliance_cli.core.tabular import read_table

    table = read_table(file)
    with writing() as connection:
        counts = import_members(connection, table, actor=settings.actor)
    say("imported", path=str(file), **counts)


@app.command("export")
def export(
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Export organisations and memberships in the import layout (one row per membership).

    Example: alliance member export --output members.xlsx
    """
    from alliance_cli.core.member_import import IMPORT_COLUMNS, export_members

    with reading() as connection:
        rows = export_members(connection)
    columns = [vocabulary_column(k, v) if v else Column(k) for k, v in IMPORT_COLUMNS]
    title = "成员组织" if settings.lang == "zh" else "Members"
    emit([Section("members", title, columns, rows)], fmt or _export_default(output), output)


def _export_default(output: Path | None) -> OutputFormat | None:
    return None if output is not None else OutputFormat.csv
