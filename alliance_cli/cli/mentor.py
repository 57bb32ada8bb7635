"""`alliance mentor ...`: mentoring pairs (导师传帮带)."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, writing
from alliance_cli.cli.options import date_option, day_or_clear, optional_day, parse_day
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit, value_column

app = typer.Typer(
    help="Mentoring 导师传帮带: pair, end, update, list, show.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def mentor_group() -> None:
    """Mentoring 导师传帮带: pair, end, update, list, show."""


MentorArgument = Annotated[str, typer.Argument(help="The mentor's name (person list).")]
MenteeArgument = Annotated[str, typer.Argument(help="The mentee's name.")]
FromOption = date_option("--from", "First day of the pair")
EndOption = date_option("--on", "Day it ends (no longer active from that day)")
ListOnOption = date_option("--on", "Pairs active on this day")
ShowOnOption = date_option("--on", "The day the state of each pair is given for")
PairIdArgument = Annotated[int, typer.Argument(help="The pair's id (mentor list).")]


@app.command("pair")
def pair(
    mentor: MentorArgument,
    mentee: MenteeArgument,
    start: FromOption = None,
) -> None:
    """Pair a mentor with a mentee from a day; the mentor gets the role mentor if needed.

    Refused: a person as their own mentee, a pair of the same two that overlaps, and two
    people mentoring each other at the same time.

    Example: alliance mentor pair 李明 王红 --from 2025-03-01
    """
    from alliance_cli.core.mentoring import pair_mentor
    from alliance_cli.core.people import role_text

    day = parse_day(start, "--from")
    with writing() as connection:
        paired = pair_mentor(connection, mentor, mentee, start=day, actor=settings.actor)
    say("mentoring_paired", mentor=paired["mentor"], mentee=paired["mentee"], start=day.isoformat())
    if paired["mentor_role_granted"]:
        say("role_granted", name=paired["mentor"], role=role_text("mentor"))


@app.command("end")
def end(
    mentor: MentorArgument,
    mentee: MenteeArgument,
    on: EndOption = None,
) -> None:
    """End the open pair of a mentor and a mentee; the day must be after its start.

    Example: alliance mentor end 李明 王红 --on 2025-12-31
    """
    from alliance_cli.core.mentoring import end_mentoring

    day = parse_day(on, "--on")
    with writing() as connection:
        ended = end_mentoring(connection, mentor, mentee, on=day, actor=settings.actor)
    say("mentoring_ended", mentor=ended["mentor"], mentee=ended["mentee"], on=day.isoformat())


@app.command("update")
def update(
    pair_id: PairIdArgument,
    started: Annotated[
        str | None,
        typer.Option("--started", help="Corrected first day of the pair.", show_default=False),
    ] = None,
    ended: Annotated[
        str | None,
        typer.Option(
            "--ended",
            help="Corrected end (first day no longer active); '' reopens the pair.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Correct a pair's start or end; --ended '' reopens an ended pair.

    The same rules as pair and end hold: the end after the start, no overlap with another
    pair of the same two, no pair the other way round at the same time.

    Example: alliance mentor update 3 --started 2025-03-01 --ended 2025-12-31
    """
    from alliance_cli.core.mentoring import UNCHANGED, update_mentoring
    from alliance_cli.core.people import role_text

    started_on = optional_day(started, "--started")
    ended_on = day_or_clear(ended, "--ended", UNCHANGED)
    with writing() as connection:
        stored = update_mentoring(
            connection, pair_id, started_on=started_on, ended_on=ended_on, actor=settings.actor
        )
    say("mentoring_updated", id=pair_id, mentor=stored["mentor"], mentee=stored["mentee"])
    if stored["mentor_role_granted"]:
        say("role_granted", name=stored["mentor"], role=role_text("mentor"))


@app.command("list")
def list_(
    on: ListOnOption = None,
    every_pair: Annotated[
        bool, typer.Option("--all", help="Every pair ever recorded, with its state on --on.")
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List the mentoring pairs active on a day (default today), or every pair with --all.

    The id is what `mentor update` takes.

    Example: alliance mentor list --on 2025-06-30 --format md
    """
    from alliance_cli.core.mentoring import list_mentoring
    from alliance_cli.i18n import translate

    day = parse_day(on, "--on")
    with reading() as connection:
        rows = list_mentoring(connection, on=day, every_pair=every_pair)
    columns = [
        Column("id"),
        Column("mentor"),
        Column("mentor_home"),
        Column("mentee"),
        Column("mentee_home"),
        Column("mentoring_from"),
        Column("mentoring_until"),
        value_column("mentoring_state", "mentoring_"),
    ]
    if every_pair:
        title = translate("mentoring_all_title", settings.lang)
    else:
        title = translate("mentoring_title", settings.lang, on=day.isoformat())
    emit([Section("mentoring", title, columns, rows)], fmt, output)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="The person's name (person list).")],
    on: ShowOnOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one person's pairs as mentor and as mentee, with their state on --on (default
    today).

    Example: alliance mentor show 李明 --on 2025-06-30
    """
    from alliance_cli.core.mentoring import mentoring_of

    day = parse_day(on, "--on")
    with reading() as connection:
        pairs = mentoring_of(connection, name, on=day)
    span = [
        Column("mentoring_from"),
        Column("mentoring_until"),
        value_column("mentoring_state", "mentoring_"),
    ]
    emit(
        [
            Section(
                "as_mentor",
                translated("mentoring_as_mentor_title", name=pairs["name"]),
                [Column("id"), Column("mentee"), Column("mentee_home"), *span],
                pairs["as_mentor"],
            ),
            Section(
                "as_mentee",
                translated("mentoring_as_mentee_title", name=pairs["name"]),
                [Column("id"), Column("mentor"), Column("mentor_home"), *span],
                pairs["as_mentee"],
            ),
        ],
        fmt,
        output,
    )
