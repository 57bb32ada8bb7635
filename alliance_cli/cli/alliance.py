"""`alliance alliance ...`: the 1 + N + X structure."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, writing
from alliance_cli.cli.options import FoundedOption, OnOption, parse_day
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputOption,
    Section,
    emit,
    vocabulary_column,
)

app = typer.Typer(
    help="Alliances 联盟: create, list, show, update, dissolve, belts.",
    no_args_is_help=True,
    add_completion=False,
)


def _theme_text(row: dict, lang: str) -> str:
    from alliance_cli.core.vocabulary import label
    from alliance_cli.i18n import translate

    if row["theme"] == "custom":
        return translate("custom_theme", lang, label=row["theme_label"])
    return label("theme", row["theme"], lang)


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Alliance name.")],
    kind: Annotated[
        str, typer.Option("--kind", help="core, area or task (or 全域党建联盟/片区联盟/任务联盟).")
    ],
    theme: Annotated[
        str | None,
        typer.Option(help="red, green, blue (红色引领/绿色发展/蓝色治理) or a label of your own."),
    ] = None,
    parent: Annotated[
        str | None, typer.Option(help="Parent alliance (default: the core alliance).")
    ] = None,
    leader: Annotated[str | None, typer.Option(help="Person in charge 负责人.")] = None,
    goal: Annotated[str | None, typer.Option(help="Goal of a task alliance.")] = None,
    min_members: Annotated[
        int, typer.Option("--min-members", help="Minimum members of a task alliance.")
    ] = 2,
    founded: FoundedOption = None,
    member: Annotated[
        list[str] | None, typer.Option("--member", help="A founding member (repeatable).")
    ] = None,
    lead: Annotated[
        str | None, typer.Option("--lead", help="The founding lead unit 牵头单位.")
    ] = None,
) -> None:
    """Create an alliance: the core alliance, an area alliance or a task alliance.

    Example: alliance alliance create 红色引领片区联盟 --kind area --theme red --leader 王芳
    """
    from alliance_cli.core.alliances import create_alliance

    with writing() as connection:
        create_alliance(
            connection,
            name,
            kind,
            actor=settings.actor,
            theme=theme,
            parent=parent,
            leader=leader,
            goal=goal,
            min_members=min_members,
            founded_on=parse_day(founded, "--founded"),
            members=tuple(member or ()),
            lead=lead,
        )
    say("created_alliance", name=name.strip())


@app.command("list")
def list_(
    on: OnOption = None,
    problems: Annotated[
        bool,
        typer.Option(
            "--problems", help="Only alliances with a problem (a task alliance below its minimum)."
        ),
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List alliances with their theme, parent, leader and member count on a day.

    Example: alliance alliance list --on 2023-06-30 --format md
    """
    from alliance_cli.core.alliances import list_alliances

    with reading() as connection:
        rows = list_alliances(connection, parse_day(on, "--on"), problems_only=problems)
    emit([alliances_section(rows)], fmt, output)


def alliances_section(rows: list[dict]) -> Section:
    """The alliance list as a section: themes as labels for people, codes in JSON."""
    lang = settings.lang
    shown = [{**row, "theme": _theme_text(row, lang)} for row in rows]
    columns = [
        Column("name"),
        vocabulary_column("kind", "kind"),
        Column("theme"),
        Column("parent"),
        Column("leader"),
        Column("members"),
        Column("founded_on"),
        Column("dissolved_on"),
        Column("problem", _problem_label),
    ]
    title = "联盟" if lang == "zh" else "Alliances"
    return Section("alliances", title, columns, shown, json_value=rows)


def _problem_label(value, lang):
    from alliance_cli.i18n import value_label

    return value_label(value, lang) if value else None


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Alliance name.")],
    on: OnOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one alliance: its details, members on a day, sub-alliances and belt.

    Example: alliance alliance show 红色引领片区联盟 --on 2023-06-30
    """
    from alliance_cli.core.alliances import show_alliance
    from alliance_cli.i18n import column_label

    with reading() as connection:
        details = show_alliance(connection, name, parse_day(on, "--on"))
    lang = settings.lang
    record = {**details, "theme": _theme_text(details, lang)}
    fields = [
        Column("name"),
        vocabulary_column("kind", "kind"),
        Column("theme"),
        Column("parent"),
        Column("leader"),
        Column("goal"),
        Column("min_members"),
        Column("founded_on"),
        Column("dissolved_on"),
        Column("children"),
        Column("belt"),
    ]
    if details["kind"] != "task":
        fields = [f for f in fields if f.key not in ("goal", "min_members")]
    record["belt"] = " - ".join(details["belt"]) if details["belt"] else None
    json_details = {k: v for k, v in details.items() if k != "members"}
    emit(
        [
            Section(
                "alliance", details["name"], fields, [record], record=True, json_value=json_details
            ),
            members_section("members", column_label("members", lang), details["members"]),
        ],
        fmt,
        output,
    )


MEMBER_COLUMNS = [
    Column("name"),
    vocabulary_column("category", "category"),
    vocabulary_column("level", "level"),
    Column("secretary"),
    Column("party_members"),
    vocabulary_column("role", "role"),
    Column("joined_on"),
]


def members_section(key: str, title: str, members: list[dict]) -> Section:
    return Section(key, title, MEMBER_COLUMNS, members)


@app.command("update")
def update(
    name: Annotated[str, typer.Argument(help="Alliance name.")],
    rename: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    leader: Annotated[str | None, typer.Option(help="New person in charge 负责人.")] = None,
    goal: Annotated[str | None, typer.Option(help="New goal.")] = None,
    theme: Annotated[str | None, typer.Option(help="New theme.")] = None,
    min_members: Annotated[int | None, typer.Option("--min-members", help="New minimum.")] = None,
    founded: FoundedOption = None,
) -> None:
    """Change an alliance's name, leader, goal, theme, minimum or founding date.

    Example: alliance alliance update 红色引领片区联盟 --leader 李强
    """
    from alliance_cli.core.alliances import update_alliance

    changes = {
        "new_name": rename,
        "leader": leader,
        "goal": goal,
        "theme": theme,
        "min_members": min_members,
        "founded_on": parse_day(founded, "--founded") if founded else None,
    }
    with writing() as connection:
        update_alliance(connection, name, changes, actor=settings.actor)
    say("updated_alliance", name=rename or name)


@app.command("dissolve")
def dissolve(
    name: Annotated[str, typer.Argument(help="Alliance name.")],
    on: OnOption = None,
) -> None:
    """Dissolve an alliance on a date, closing its open memberships on that date.

    Example: alliance alliance dissolve 防汛任务联盟 --on 2023-10-31
    """
    from alliance_cli.core.alliances import dissolve_alliance

    day = parse_day(on, "--on")
    with writing() as connection:
        closed = dissolve_alliance(connection, name, day, actor=settings.actor)
    say("dissolved_alliance", name=name, on=day.isoformat(), count=closed)


@app.command("belt")
def belt(
    name: Annotated[str, typer.Argument(help="Alliance name.")],
    organisations: Annotated[list[str], typer.Argument(help="Organisations in belt order.")],
    on: OnOption = None,
) -> None:
    """Record the alliance's demonstration belt 示范带: an ordered chain of its members.

    Example: alliance alliance belt 红色引领片区联盟 红岩村 石门村 桃源村
    """
    from alliance_cli.core.alliances import set_belt

    with writing() as connection:
        set_belt(connection, name, organisations, actor=settings.actor, on=parse_day(on, "--on"))
    say("belt_saved", name=name, chain=" - ".join(organisations))
