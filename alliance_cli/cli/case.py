"""`alliance case ...`: good practice cases (好经验好做法), the activities they cite and where
they were publicised."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, writing
from alliance_cli.cli.options import OnOption, optional_day, parse_day
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputOption,
    Section,
    emit,
    vocabulary_column,
)

app = typer.Typer(
    help="Good practice cases 好经验好做法: add, update, link, publicise, list, show.",
    no_args_is_help=True,
    add_completion=False,
)

TitleArgument = Annotated[str, typer.Argument(help="The case's title.")]
ActivityIds = Annotated[
    list[int], typer.Argument(metavar="ACTIVITY_ID...", help="Activity ids (activity list).")
]


@app.callback()
def case_group() -> None:
    """Good practice cases 好经验好做法: add, update, link, publicise, list, show."""


@app.command("add")
def add(
    title: TitleArgument,
    written_on: OnOption = None,
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="The alliance whose practice it is.")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="The organisation whose practice it is.")
    ] = None,
    activity_ids: Annotated[
        list[int] | None,
        typer.Option("--activity", help="An activity it cites, by id (repeatable)."),
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="A short summary.")] = None,
) -> None:
    """Write up a case of an alliance and/or an organisation, citing its activities.

    --on is the date it was written (default today). Cited activities were held on or before
    that day, by the alliance (or one under it) and with the organisation taking part.

    Example: alliance case add 红色议事厅 --on 2023-06-30 --alliance 红色联盟 --activity 3
    """
    from alliance_cli.core.cases import add_case

    with writing() as connection:
        add_case(
            connection,
            title,
            written_on=parse_day(written_on, "--on"),
            alliance_name=alliance,
            organisation_name=org,
            activity_ids=activity_ids or (),
            summary=summary,
            actor=settings.actor,
        )
    say("added_case", title=title.strip())


@app.command("update")
def update(
    title: TitleArgument,
    new_title: Annotated[
        str | None, typer.Option("--title", help="New title.", show_default=False)
    ] = None,
    written_on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Corrected date it was written: 2023-03-05, 2023/3/5 or 2023年3月5日.",
            show_default=False,
        ),
    ] = None,
    alliance: Annotated[
        str | None,
        typer.Option("--alliance", help="The alliance whose practice it is ('' clears it)."),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option("--org", help="The organisation whose practice it is ('' clears it)."),
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", help="A short summary ('' clears it).")
    ] = None,
) -> None:
    """Correct a case's title, date, alliance, organisation or summary.

    A case keeps --alliance or --org; the activities it cites must stay citable and its
    publicity not come before its date. A new date or owner is refused while the quarter of
    the old or the new date is published.

    Example: alliance case update 红色议事厅 --on 2023-07-05 --org 红岩村 --summary 每月议事
    """
    from alliance_cli.core.cases import update_case

    with writing() as connection:
        stored = update_case(
            connection,
            title,
            new_title=new_title,
            written_on=optional_day(written_on, "--on"),
            alliance_name=alliance,
            organisation_name=org,
            summary=summary,
            actor=settings.actor,
        )
    say("updated_case", title=stored["title"])


@app.command("link")
def link(title: TitleArgument, activity_ids: ActivityIds) -> None:
    """Cite more activities in a case (held on or before the case's date).

    Example: alliance case link 红色议事厅 3 7
    """
    from alliance_cli.core.cases import link_activities

    with writing() as connection:
        added = link_activities(connection, title, activity_ids, actor=settings.actor)
    say("linked_case", title=title.strip(), ids=", ".join(str(i) for i in added))


@app.command("unlink")
def unlink(title: TitleArgument, activity_ids: ActivityIds) -> None:
    """Stop citing activities in a case.

    Example: alliance case unlink 红色议事厅 7
    """
    from alliance_cli.core.cases import unlink_activities

    with writing() as connection:
        removed = unlink_activities(connection, title, activity_ids, actor=settings.actor)
    say("unlinked_case", title=title.strip(), ids=", ".join(str(i) for i in removed))


@app.command("publicise")
def publicise(
    title: TitleArgument,
    channel: Annotated[
        str,
        typer.Option(
            "--channel", help="broadcast 广播, tv 电视, newspaper 报纸, wechat 微信公众号, other."
        ),
    ],
    headline: Annotated[
        str, typer.Option("--title", help="The headline it ran under.", show_default=False)
    ],
    published_on: OnOption = None,
    link_url: Annotated[
        str | None, typer.Option("--link", help="Web address (http or https).")
    ] = None,
) -> None:
    """Record where a case was publicised: channel, date, headline and link.

    Not before the case was written; the same channel, date and headline twice is refused.

    Example: alliance case publicise 红色议事厅 --channel wechat --on 2023-07-02 --title 议事厅
    """
    from alliance_cli.core.cases import publicise_case

    with writing() as connection:
        publicise_case(
            connection,
            title,
            channel=channel,
            published_on=parse_day(published_on, "--on"),
            headline=headline,
            link=link_url,
            actor=settings.actor,
        )
    say("publicised_case", title=title.strip())


@app.command("unpublicise")
def unpublicise(
    title: TitleArgument,
    publicity_id: Annotated[
        int, typer.Argument(metavar="ID", help="The publicity record's id (case show).")
    ],
) -> None:
    """Remove a publicity record made in error; to correct one, remove it and publicise again.

    Example: alliance case unpublicise 红色议事厅 2
    """
    from alliance_cli.core.cases import unpublicise_case

    with writing() as connection:
        removed = unpublicise_case(connection, title, publicity_id, actor=settings.actor)
    say("unpublicised_case", title=title.strip(), id=publicity_id, headline=removed["title"])


def _labels(vocabulary: str):
    from alliance_cli.core.vocabulary import label

    return lambda codes, lang: [label(vocabulary, code, lang) for code in codes or ()]


@app.command("list")
def list_(
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="Only cases of this alliance.")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Only cases of this organisation.")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Written in 2023Q2, 2023H1, 2023, 2023-05, latest or previous.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List cases with the activities they cite, their publicity and evidence files.

    Example: alliance case list --alliance 红色联盟 --period 2023 --format md
    """
    from alliance_cli.core.cases import list_cases

    with reading() as connection:
        rows = list_cases(connection, alliance_name=alliance, organisation_name=org, period=period)
    columns = [
        Column("written_on"),
        Column("title"),
        Column("alliance"),
        Column("organisation"),
        Column("activities"),
        Column("publicity"),
        Column("channels", _labels("channel")),
        Column("evidence"),
    ]
    emit([Section("cases", translated("cases_title"), columns, rows)], fmt, output)


@app.command("show")
def show(title: TitleArgument, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Show a case with the activities it cites, its publicity and its evidence files.

    Example: alliance case show 红色议事厅
    """
    from alliance_cli.core.cases import show_case

    with reading() as connection:
        details = show_case(connection, title)
    fields = [
        Column("title"),
        Column("written_on"),
        Column("alliance"),
        Column("organisation"),
        Column("summary"),
    ]
    emit(
        [
            Section("case", details["title"], fields, [details], record=True),
            Section(
                "activities",
                translated("case_activities_title"),
                [Column("id"), Column("held_on"), Column("title"), Column("alliance")],
                details["activities"],
            ),
            Section(
                "publicity",
                translated("case_publicity_title"),
                [
                    Column("id"),
                    Column("published_on"),
                    vocabulary_column("channel", "channel"),
                    Column("title"),
                    Column("link"),
                ],
                details["publicity"],
            ),
            Section(
                "evidence",
                translated("evidence_title"),
                [Column("id"), Column("original_name"), Column("size"), Column("sha256")],
                details["evidence"],
            ),
        ],
        fmt,
        output,
    )
