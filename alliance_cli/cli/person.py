"""`alliance person ...`: people (关系在支部、活动共参与), their roles and joint activities."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, writing
from alliance_cli.cli.options import OnOption, parse_day
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputOption,
    Section,
    emit,
    kind_column,
    kind_labels,
    value_column,
    yes_no,
)

app = typer.Typer(
    help="People 党员与群众: add, list, show, update, attend, activities.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def person_group() -> None:
    """People 党员与群众: add, list, show, update, attend, activities."""


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The person's name (namesakes: 张伟（东村）).")],
    home: Annotated[
        str, typer.Option("--home", help="Home organisation (关系在支部).", show_default=False)
    ],
    role: Annotated[
        list[str] | None,
        typer.Option(
            "--role", help="secretary, mentor, expert or activist (repeatable).", show_default=False
        ),
    ] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Optional phone.")] = None,
    speciality: Annotated[
        str | None, typer.Option("--speciality", help="A local expert's speciality.")
    ] = None,
    not_party_member: Annotated[
        bool, typer.Option("--not-party-member", help="The person is not a party member.")
    ] = False,
) -> None:
    """Add a person with a home organisation and roles. No ID numbers are stored.

    Example: alliance person add 李明 --home 红岩村 --role mentor --phone 13800000000
    """
    from alliance_cli.core.people import add_person

    with writing() as connection:
        add_person(
            connection,
            name,
            home=home,
            roles=role or (),
            phone=phone,
            speciality=speciality,
            party_member=not not_party_member,
            actor=settings.actor,
        )
    say("added_person", name=name.strip())


WithPhonesOption = Annotated[
    bool,
    typer.Option(
        "--with-phones",
        "--with-phone",
        help="Include phone numbers (left out unless asked, in every format).",
    ),
]


def _roles_label(value, lang):
    from alliance_cli.core.vocabulary import label

    return [label("person_role", code, lang) for code in value or []]


def _cross_mark(value, lang):
    from alliance_cli.i18n import value_label

    return value_label("cross_alliance_mark", lang) if value else ""


def person_columns(with_phones: bool) -> list[Column]:
    columns = [
        Column("person_name"),
        Column("person_home"),
        Column("person_roles", _roles_label),
        Column("person_party_member", yes_no),
        Column("person_speciality"),
    ]
    return [*columns, Column("person_phone")] if with_phones else columns


MENTORING_COLUMNS = [
    Column("mentor"),
    Column("mentee"),
    Column("mentoring_from"),
    Column("mentoring_until"),
    value_column("mentoring_state", "mentoring_"),
]
RECOMMENDATION_COLUMNS = [
    Column("alliance"),
    Column("recommended_by"),
    Column("recommended_on"),
    Column("quota_priority"),
    Column("allocated_year"),
]


@app.command("list")
def list_(
    org: Annotated[
        str | None, typer.Option("--org", help="Only people of this home organisation.")
    ] = None,
    role: Annotated[
        str | None,
        typer.Option("--role", help="Only people with this role (secretary, mentor, ...)."),
    ] = None,
    with_phones: WithPhonesOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List people with their home organisation and roles; phones only with --with-phones.

    Example: alliance person list --org 红岩村 --role mentor --format csv
    """
    from alliance_cli.core.people import list_people

    with reading() as connection:
        rows = list_people(connection, organisation_name=org, role=role, with_phones=with_phones)
    emit(
        [Section("people", translated("people_title"), person_columns(with_phones), rows)],
        fmt,
        output,
    )


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="The person's name.")],
    on: OnOption = None,
    with_phones: WithPhonesOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one person: details, activity counts, mentoring pairs and recommendations.

    Mentoring pairs are shown with their state on --on (default today). The phone is left
    out unless --with-phone is given.

    Example: alliance person show 李明
    """
    from alliance_cli.core.people import show_person

    with reading() as connection:
        details = show_person(connection, name, on=parse_day(on, "--on"), with_phone=with_phones)
    fields = [
        *person_columns(with_phones),
        Column("person_activities"),
        Column("person_cross_alliance"),
    ]
    emit(
        [
            Section(
                "person",
                details["person_name"],
                fields,
                [details],
                record=True,
                json_value={
                    k: v for k, v in details.items() if k not in ("mentoring", "recommendations")
                },
            ),
            Section(
                "mentoring",
                translated("person_mentoring_title"),
                MENTORING_COLUMNS,
                details["mentoring"],
            ),
            Section(
                "recommendations",
                translated("person_recommendations_title"),
                RECOMMENDATION_COLUMNS,
                details["recommendations"],
            ),
        ],
        fmt,
        output,
    )


@app.command("update")
def update(
    name: Annotated[str, typer.Argument(help="The person's name.")],
    home: Annotated[
        str | None, typer.Option("--home", help="New home organisation.", show_default=False)
    ] = None,
    phone: Annotated[
        str | None, typer.Option("--phone", help='New phone ("" clears it).', show_default=False)
    ] = None,
    speciality: Annotated[
        str | None,
        typer.Option("--speciality", help='New speciality ("" clears it).', show_default=False),
    ] = None,
    add_role: Annotated[
        list[str] | None,
        typer.Option("--add-role", help="Give a role (repeatable).", show_default=False),
    ] = None,
    drop_role: Annotated[
        list[str] | None,
        typer.Option("--drop-role", help="Take a role away (repeatable).", show_default=False),
    ] = None,
) -> None:
    """Change a person's home organisation, phone, speciality or roles.

    Example: alliance person update 李明 --home 石门村 --add-role expert --speciality 中药材种植
    """
    from alliance_cli.core.people import update_person

    with writing() as connection:
        update_person(
            connection,
            name,
            home=home,
            phone=phone,
            speciality=speciality,
            add_roles=add_role or (),
            drop_roles=drop_role or (),
            actor=settings.actor,
        )
    say("updated_person", name=name.strip())


def _names(names: list[str]) -> str:
    return "、".join(names)


@app.command("attend")
def attend(
    activity_id: Annotated[int, typer.Argument(metavar="ACTIVITY_ID", help="Activity id.")],
    names: Annotated[list[str], typer.Argument(metavar="NAME...", help="People who took part.")],
) -> None:
    """Record people who took part in an activity, from any alliance (活动共参与).

    Naming someone already recorded changes nothing.

    Example: alliance person attend 42 李明 王红
    """
    from alliance_cli.core.people import attend_activity

    with writing() as connection:
        outcome = attend_activity(connection, activity_id, names, actor=settings.actor)
    if outcome["added"]:
        say(
            "attended",
            count=len(outcome["added"]),
            id=activity_id,
            names=_names(outcome["added"]),
        )
    if outcome["already"]:
        say("attended_already", id=activity_id, names=_names(outcome["already"]))


@app.command("unattend")
def unattend(
    activity_id: Annotated[int, typer.Argument(metavar="ACTIVITY_ID", help="Activity id.")],
    names: Annotated[list[str], typer.Argument(metavar="NAME...", help="People to take off.")],
) -> None:
    """Take people off an activity they were recorded at by mistake.

    Example: alliance person unattend 42 王红
    """
    from alliance_cli.core.people import unattend_activity

    with writing() as connection:
        removed = unattend_activity(connection, activity_id, names, actor=settings.actor)
    say("unattended", id=activity_id, names=_names(removed))


@app.command("activities")
def activities(
    name: Annotated[str, typer.Argument(help="The person's name.")],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="2023Q2, 2023H1, 2023, 2023-05, latest or previous (default: all).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """The activities a person took part in, across alliances, cross-alliance ones marked.

    An activity is cross-alliance (跨联盟) when the person's home organisation did not belong
    to its alliance on that day.

    Example: alliance person activities 李明 --period 2025
    """
    from alliance_cli.core.activities import activity_period
    from alliance_cli.core.people import person_activities

    with reading() as connection:
        rows = person_activities(connection, name, period=activity_period(connection, period))
        kinds = kind_labels(connection)
    columns = [
        Column("id"),
        Column("held_on"),
        kind_column(kinds),
        Column("title"),
        Column("alliance"),
        Column("host"),
        Column("person_cross_alliance", _cross_mark),
    ]
    for row in rows:
        row["person_cross_alliance"] = row.pop("cross_alliance")
    title = translated("person_activities_title", name=name.strip())
    emit([Section("activities", title, columns, rows)], fmt, output)
