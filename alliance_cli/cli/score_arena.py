"""`alliance score arena ...`: Arena contests 擂台赛 (half-yearly): create, judge, result."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, warn, writing
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit

app = typer.Typer(
    help="Arena contests 擂台赛 (half-yearly): create, judge, result.",
    no_args_is_help=True,
    add_completion=False,
)

HalfArgument = Annotated[
    str, typer.Argument(help="The half-year: 2023H1, 2023H2 or 2023年上半年.", show_default=False)
]


@app.callback()
def arena_group() -> None:
    """Arena contests 擂台赛 (half-yearly): create, judge, result."""


@app.command("create")
def create(
    half: HalfArgument,
    contestants: Annotated[
        list[str],
        typer.Option("--contestant", help="An organisation or alliance (repeatable)."),
    ],
    subject_type: Annotated[
        str | None,
        typer.Option(
            "--subject-type",
            help="organisation or alliance, for a name that is both.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create a half's arena with its contestants, or add contestants to it later.

    Contestants are all organisations or all alliances; an arena needs at least 2.

    Example: alliance score arena create 2023H1 --contestant 红色联盟 --contestant 蓝色联盟
    """
    from alliance_cli.core.arena import create_arena, half_label
    from alliance_cli.core.subjects import subject_type_code

    with writing() as connection:
        added = create_arena(
            connection,
            half,
            contestants,
            subject_type=subject_type_code(subject_type),
            actor=settings.actor,
        )
    say(
        "arena_created",
        half=half_label(half),
        count=len(added),
        names="、".join(subject.name for subject in added),
    )


@app.command("judge")
def judge(
    half: HalfArgument,
    judge_name: Annotated[str, typer.Option("--judge", help="The judge's name.")],
    contestant: Annotated[str, typer.Option("--contestant", help="The contestant scored.")],
    points: Annotated[str, typer.Option("--points", help="0-100, at most two decimals.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Change the points this judge gave before.")
    ] = False,
) -> None:
    """Record one judge's points for one contestant; each judge scores a contestant once.

    Scoring again is refused with the earlier points named; --replace changes them (the
    audit log keeps the points before and after).

    Example: alliance score arena judge 2023H1 --judge 李四 --contestant 红色联盟 --points 88.5
    """
    from alliance_cli.core.arena import judge_contestant

    with writing() as connection:
        scored = judge_contestant(
            connection,
            half,
            judge=judge_name,
            contestant=contestant,
            points=points,
            replace=replace,
            actor=settings.actor,
        )
    params = {
        "judge": scored["judge"],
        "name": scored["contestant"],
        "points": scored["points"],
        "half": scored["half"],
    }
    if scored["replaced"] is None:
        say("arena_judged", **params)
    else:
        say("arena_rejudged", before=scored["replaced"], **params)


def _result_or_unscored(value, lang):
    from alliance_cli.i18n import value_label

    return value if value is not None else value_label("arena_no_scores", lang)


@app.command("result")
def result(
    half: HalfArgument,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """The arena's results: each contestant's judges, kept points, result, rank, rank points.

    The result is the mean after dropping one highest and one lowest score with 5 or more
    judges, only the highest with 4, none with 3 or fewer (the scheme may say otherwise).
    Ties share a rank and its rank points; contestants without scores come last, unranked.

    Example: alliance score arena result 2023H1 --format xlsx --output arena.xlsx
    """
    from alliance_cli.core.arena import arena_standings

    with reading() as connection:
        standings = arena_standings(connection, half)
    columns = [
        Column("rank"),
        Column("contestant"),
        Column("judges"),
        Column("judge_scores"),
        Column("kept_scores"),
        Column("arena_result", _result_or_unscored),
        Column("rank_points"),
    ]
    if len(standings["judge_counts"]) > 1:
        warn("arena_uneven_judges", counts="/".join(map(str, standings["judge_counts"])))
    title = translated("arena_results_title", half=standings["half"], scheme=standings["scheme"])
    emit([Section("arena", title, columns, standings["rows"])], fmt, output)


@app.command("scores")
def scores(
    half: HalfArgument,
    judge_name: Annotated[
        str | None, typer.Option("--judge", help="Only this judge's points.")
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List every judge's points in a half's arena, by contestant and judge.

    Example: alliance score arena scores 2023H1 --judge 李四
    """
    from alliance_cli.core.arena import arena_scores, half_label

    with reading() as connection:
        rows = arena_scores(connection, half, judge=judge_name)
    columns = [Column("contestant"), Column("judge"), Column("judge_points")]
    title = translated("arena_scores_title", half=half_label(half))
    emit([Section("scores", title, columns, rows)], fmt, output)
