"""`alliance activity ...`: what alliances do together."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, writing
from alliance_cli.cli.options import date_option, parse_day, period_option
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
    help="Activities 活动: log, list, show, edit, delete, import, rotation, welfare check.",
    no_args_is_help=True,
    add_completion=False,
)
kinds_app = typer.Typer(
    help="Kinds of activity 活动类型: list, add.", no_args_is_help=True, add_completion=False
)
app.add_typer(kinds_app, name="kinds")

PeriodOption = period_option()
DateOption = date_option("--date", "Date of the activity")
OrgSpecs = Annotated[
    list[str] | None,
    typer.Option(
        "--org",
        help="A participating member ORG or ORG:ATTENDEES (repeatable).",
        show_default=False,
    ),
]


@app.command("log")
def log(
    alliance: Annotated[str, typer.Option("--alliance", help="The alliance it belongs to.")],
    kind: Annotated[str, typer.Option("--kind", help="Kind code or label (activity kinds list).")],
    title: Annotated[str, typer.Option("--title", help="Title of the activity.")],
    host: Annotated[str, typer.Option("--host", help="The host organisation 主办单位.")],
    held_on: DateOption = None,
    cohost: Annotated[
        list[str] | None, typer.Option("--cohost", help="A co-host 协办单位 (repeatable).")
    ] = None,
    org: OrgSpecs = None,
    guest: Annotated[
        list[str] | None,
        typer.Option(
            "--guest", help="A guest from another alliance, ORG or ORG:ATTENDEES (repeatable)."
        ),
    ] = None,
    attendees: Annotated[
        int | None,
        typer.Option(
            "--attendees", help="Total attendees (default: the sum of --org/--guest counts)."
        ),
    ] = None,
    hours: Annotated[
        str | None, typer.Option("--hours", help="Volunteer hours, e.g. 12.5.")
    ] = None,
    venue: Annotated[str | None, typer.Option("--venue", help="Venue name (venue list).")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes.")] = None,
    person: Annotated[
        list[str] | None,
        typer.Option("--person", help="A person who took part (person list; repeatable)."),
    ] = None,
) -> None:
    """Record one activity of an alliance.

    Example: alliance activity log --alliance 红色联盟 --kind party_day --title 誓词 --host 红岩村
    """
    from alliance_cli.core.activities import ActivityDraft, log_activity, parse_org_spec
    from alliance_cli.core.dates import today

    draft = ActivityDraft(
        held_on=parse_day(held_on, "--date"),
        kind=kind,
        title=title,
        alliance=alliance,
        host=host,
        cohosts=list(cohost or ()),
        participants=[parse_org_spec(spec) for spec in org or ()],
        guests=[parse_org_spec(spec) for spec in guest or ()],
        attendees=attendees,
        hours=hours,
        venue=venue,
        notes=notes,
        people=list(person or ()),
    )
    with writing() as connection:
        new_id = log_activity(connection, draft, actor=settings.actor, today=today())
    say("logged_activity", id=new_id, title=title.strip())


def list_columns(kinds: dict[str, tuple[str, str]]) -> list[Column]:
    """The columns of `activity list`, kinds shown by the labels `kind_labels` loaded."""
    return [
        Column("id"),
        Column("held_on"),
        kind_column(kinds),
        Column("title"),
        Column("alliance"),
        Column("host"),
        Column("organisations"),
        Column("attendees"),
        Column("hours"),
    ]


@app.command("list")
def list_(
    alliance: Annotated[str | None, typer.Option("--alliance", help="Only this alliance.")] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Only activities this organisation took part in.")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind.")] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="From this date (inclusive).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Up to this date (inclusive).")
    ] = None,
    period: PeriodOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List activities, filtered by alliance, organisation, kind, dates and period.

    Example: alliance activity list --alliance 红色引领片区联盟 --period 2025Q3
    """
    from alliance_cli.core.activities import activity_period, hours_text, list_activities
    from alliance_cli.core.dates import parse_date

    with reading() as connection:
        rows = list_activities(
            connection,
            alliance_name=alliance,
            organisation_name=org,
            kind=kind,
            date_from=parse_date(date_from, "--from") if date_from else None,
            date_to=parse_date(date_to, "--to") if date_to else None,
            period=activity_period(connection, period),
        )
        kinds = kind_labels(connection)
    for row in rows:
        row["hours"] = hours_text(row.pop("hours_hundredths"))
    title = "活动" if settings.lang == "zh" else "Activities"
    emit([Section("activities", title, list_columns(kinds), rows)], fmt, output)


def _guest_label(value, lang):
    from alliance_cli.i18n import value_label

    return value_label("guest", lang) if value else ""


@app.command("show")
def show(
    activity_id: Annotated[int, typer.Argument(metavar="ID", help="Activity id (activity list).")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one activity with every organisation that took part.

    Example: alliance activity show 42
    """
    from alliance_cli.core.activities import show_activity

    with reading() as connection:
        details = show_activity(connection, activity_id)
        kinds = kind_labels(connection)
    fields = [
        Column("id"),
        Column("held_on"),
        kind_column(kinds),
        Column("title"),
        Column("alliance"),
        Column("host"),
        Column("attendees"),
        Column("hours"),
        Column("venue"),
        Column("notes"),
    ]
    org_columns = [
        Column("name"),
        value_column("role", "role_"),
        Column("attendees"),
        Column("guest", _guest_label),
    ]
    emit(
        [
            Section(
                "activity",
                details["title"],
                fields,
                [details],
                record=True,
                json_value={
                    k: v for k, v in details.items() if k not in ("organisations", "people")
                },
            ),
            Section(
                "organisations",
                "参与单位" if settings.lang == "zh" else "Taking part",
                org_columns,
                details["organisations"],
            ),
            Section(
                "people",
                "参与人员" if settings.lang == "zh" else "People taking part",
                [Column("person_name"), Column("person_home")],
                details["people"],
            ),
        ],
        fmt,
        output,
    )


@app.command("edit")
def edit(
    activity_id: Annotated[int, typer.Argument(metavar="ID", help="Activity id.")],
    held_on: DateOption = None,
    kind: Annotated[str | None, typer.Option("--kind", help="New kind.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    attendees: Annotated[
        int | None, typer.Option("--attendees", help="New total attendees.")
    ] = None,
    hours: Annotated[str | None, typer.Option("--hours", help="New volunteer hours.")] = None,
    venue: Annotated[str | None, typer.Option("--venue", help="New venue.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="New notes.")] = None,
) -> None:
    """Change an activity, checked again by the rules of activity log, and audited.

    Example: alliance activity edit 42 --hours 8 --notes 补录志愿时长
    """
    from alliance_cli.core.activities import edit_activity
    from alliance_cli.core.dates import today

    changes = {
        "held_on": parse_day(held_on, "--date") if held_on else None,
        "kind": kind,
        "title": title,
        "attendees": attendees,
        "hours": hours,
        "venue": venue,
        "notes": notes,
    }
    with writing() as connection:
        edit_activity(connection, activity_id, changes, actor=settings.actor, today=today())
    say("edited_activity", id=activity_id)


@app.command("delete")
def delete(
    activity_id: Annotated[int, typer.Argument(metavar="ID", help="Activity id.")],
) -> None:
    """Delete an activity; the audit log keeps everything it held.

    Example: alliance activity delete 42
    """
    from alliance_cli.core.activities import delete_activity

    with writing() as connection:
        before = delete_activity(connection, activity_id, actor=settings.actor)
    say("deleted_activity", id=activity_id, title=before["title"])


@app.command("welfare-check")
def welfare_check(
    period: PeriodOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Check one public-welfare activity a month 一月一公益 per alliance.

    Lists the months each alliance missed and the alliances that kept the rule every month
    (default period: latest).

    Example: alliance activity welfare-check --period 2025H1 --format md
    """
    from alliance_cli.core.activities import activity_period
    from alliance_cli.core.dates import today
    from alliance_cli.core.welfare import welfare_check as check

    with reading() as connection:
        chosen = activity_period(connection, period or "latest")
        results = check(connection, chosen, today())
    columns = [
        Column("alliance"),
        Column("months"),
        Column("with_welfare"),
        Column("missing"),
        Column("kept", yes_no),
        Column("planned_hosts"),
    ]
    title = f"一月一公益 {chosen.label}" if settings.lang == "zh" else f"Welfare {chosen.label}"
    emit([Section("welfare", title, columns, results)], fmt, output)


@kinds_app.command("list")
def kinds_list(fmt: FormatOption = None, output: OutputOption = None) -> None:
    """List the kinds of activity, the seeded ones first.

    Example: alliance activity kinds list --format csv
    """
    from alliance_cli.core.activities import list_kinds

    with reading() as connection:
        rows = list_kinds(connection)
    columns = [Column("code"), Column("label_zh"), Column("label_en"), Column("builtin", yes_no)]
    title = "活动类型" if settings.lang == "zh" else "Kinds of activity"
    emit([Section("kinds", title, columns, rows)], fmt, output)


@kinds_app.command("add")
def kinds_add(
    code: Annotated[str, typer.Argument(help="Code: lower-case letters, digits, _.")],
    label: Annotated[str, typer.Argument(help="Chinese label.")],
    english: Annotated[str | None, typer.Option("--en", help="English label.")] = None,
) -> None:
    """Add a township's own kind of activity.

    Example: alliance activity kinds add tea_talk 茶话会 --en "tea talk"
    """
    from alliance_cli.core.activities import add_kind

    with writing() as connection:
        add_kind(connection, code, label, english, actor=settings.actor)
    say("added_kind", code=code.strip().lower(), label=label.strip())


# Commands kept in their own modules, registered here so that `alliance activity` lists them.
from alliance_cli.cli import activity_import, activity_rotation  # noqa: E402

activity_import.register(app)
activity_rotation.register(app)
