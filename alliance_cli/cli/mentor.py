"""`alliance mentor ...`: mentoring pairs (导师传帮带)."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, writing
from alliance_cli.cli.options import date_option, parse_day
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit

app = typer.Typer(
    help="Mentoring 导师传帮带: pair, end, list.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def mentor_group() -> None:
    """Mentoring 导师传帮带: pair, end, list."""


MentorArgument = Annotated[str, typer.Argument(help="The mentor's name (person list).")]
MenteeArgument = Annotated[str, typer.Argument(help="The mentee's name.")]
FromOption = date_option("--from", "First day of the pair")
EndOption = date_option("--on", "Day it ends (no longer active from that day)")
ListOnOption = date_option("--on", "Pairs active on this day")


def _state_label(value, lang):
    from alliance_cli.i18n import value_label

    return value_label(f"mentoring_{value}", lang)


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

    Example: alliance mentor list --on 2025-06-30 --format md
    """
    from alliance_cli.core.mentoring import list_mentoring
    from alliance_cli.i18n import translate

    day = parse_day(on, "--on")
    with reading() as connection:
        rows = list_mentoring(connection, on=day, every_pair=every_pair)
    columns = [
        Column("mentor"),
        Column("mentor_home"),
        Column("mentee"),
        Column("mentee_home"),
        Column("mentoring_from"),
        Column("mentoring_until"),
        Column("mentoring_state", _state_label),
    ]
    if every_pair:
        title = translate("mentoring_all_title", settings.lang)
    else:
        title = translate("mentoring_title", settings.lang, on=day.isoformat())
    emit([Section("mentoring", title, columns, rows)], fmt, output)
