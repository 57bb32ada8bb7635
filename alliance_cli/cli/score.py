"""`alliance score ...`: scoring, airing and evaluation (工作联比共评).

This module holds the scheme, compute, explain, publish, unlock, verify and annual commands;
entries and vetoes (score_entries), the arena, inspections and mutual evaluation live in
their own modules and are mounted here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_cli.cli import score_arena, score_entries, score_inspect, score_mutual
from alliance_cli.cli.context import reading, say, settings, writing
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputOption,
    Section,
    emit,
    kind_labels,
    value_column,
    yes_no,
)
from alliance_cli.cli.score_views import airing_sections, category_text, money, rule_text, tr

app = typer.Typer(
    help="Scoring 工作联比共评: scheme, enter, compute, explain, publish, arena, inspect, annual.",
    no_args_is_help=True,
    add_completion=False,
)
scheme_app = typer.Typer(
    help="The scoring scheme 评分方案: load, show, list.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(scheme_app, name="scheme")
app.add_typer(score_arena.app, name="arena")
app.add_typer(score_inspect.app, name="inspect")
app.add_typer(score_mutual.app, name="mutual")
score_entries.register(app)

QuarterArgument = Annotated[
    str, typer.Argument(help="A quarter: 2025Q3, 2025年第三季度, latest or previous.")
]
SubjectTypeOption = Annotated[
    str | None,
    typer.Option(
        "--subject-type",
        help="organisation or alliance, when a name is both.",
        show_default=False,
    ),
]


@app.callback()
def score_group() -> None:
    """Scoring 工作联比共评: scheme, enter, compute, explain, publish, arena, inspect, annual."""


# --- the scheme -------------------------------------------------------------------------------


@scheme_app.command("load")
def scheme_load(
    file: Annotated[
        Path, typer.Argument(help="A scheme file (TOML), e.g. data/scoring_scheme.toml.")
    ],
    effective_from: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="The first quarter it applies to (default: the current quarter).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a scheme file and store it as a new version, in force from a quarter on.

    Published quarters keep the results they were published with.

    Example: alliance score scheme load data/scoring_scheme.toml --from 2026Q1
    """
    from alliance_cli.core.dates import today
    from alliance_cli.core.errors import InvalidInput
    from alliance_cli.core.periods import quarter_of
    from alliance_cli.core.scheme_versions import load_scheme

    try:
        content = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("file_unreadable", path=str(file), reason=str(exc)) from exc
    start = effective_from or quarter_of(today()).label
    with writing() as connection:
        version = load_scheme(connection, content, effective_from=start, actor=settings.actor)
    say(
        "scheme_loaded",
        name=version.scheme.name,
        version=version.scheme.version,
        start=version.effective_from,
        sha=version.sha256[:12],
    )


@scheme_app.command("show")
def scheme_show(
    period: Annotated[
        str | None,
        typer.Option("--period", help="Show the scheme in force for this quarter (default: now)."),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show the scheme in force: indicators with their rules and limits, stars, annual weights.

    Example: alliance score scheme show --period 2025Q4
    """
    from alliance_cli.core.dates import today
    from alliance_cli.core.periods import quarter_of
    from alliance_cli.core.scheme_versions import scheme_in_force
    from alliance_cli.core.scoring import quarter

    with reading() as connection:
        period = quarter(period, connection) if period else quarter_of(today())
        version = scheme_in_force(connection, period)
        kinds = kind_labels(connection)
    scheme, lang = version.scheme, settings.lang
    head = {
        "name": scheme.name,
        "version": scheme.version,
        "effective_from": version.effective_from if version.id else tr("scheme_builtin"),
        "sha256": version.sha256,
        "aggregation": tr(f"aggregation_{scheme.aggregation}"),
        "tie_break": scheme.tie_break or "",
        "star_thresholds": " / ".join(money(t) for t in scheme.star_thresholds),
        "star_caps": "、".join(
            f"{level}: {share * 100:.0f}%" for level, share in sorted(scheme.star_caps.items())
        ),
        "annual_weights": tr(
            "annual_weights",
            quarters=money(scheme.annual.quarters),
            arena=money(scheme.annual.arena),
            mutual=money(scheme.annual.mutual),
        ),
        "grades": "、".join(f"{g} ≥ {money(t)}" for g, t in scheme.annual.grades)
        + f"、{scheme.annual.lowest_grade}",
    }
    indicators = [
        {
            "code": i.code,
            "name": i.name,
            "subject_type": i.subject,
            "categories": "、".join(i.categories),
            "rule": rule_text(i, lang, kinds),
            "min": i.minimum,
            "max": i.maximum,
        }
        for i in scheme.indicators
    ]
    emit(
        [
            Section(
                "scheme",
                tr("scheme_title", period=period.label),
                [Column(key) for key in head],
                [head],
                record=True,
                json_value={**head, "effective_from": version.effective_from},
            ),
            Section(
                "indicators",
                tr("indicators_title"),
                [
                    Column("code"),
                    Column("name"),
                    value_column("subject_type", "subject_"),
                    Column("categories", _categories_label),
                    Column("rule"),
                    Column("min", lambda v, lang: money(v)),
                    Column("max", lambda v, lang: money(v)),
                ],
                indicators,
            ),
        ],
        fmt,
        output,
    )


def _categories_label(value: str, lang: str) -> str:
    from alliance_cli.core.vocabulary import label

    if not value:
        from alliance_cli.i18n import value_label

        return value_label("all_categories", lang)
    return "、".join(label("category", code, lang) for code in value.split("、"))


@scheme_app.command("list")
def scheme_list(fmt: FormatOption = None, output: OutputOption = None) -> None:
    """List every loaded scheme version with the quarter it applies from and its hash.

    Example: alliance score scheme list
    """
    from alliance_cli.core.scheme_versions import scheme_versions

    with reading() as connection:
        rows = scheme_versions(connection)
    emit(
        [
            Section(
                "schemes",
                tr("schemes_title"),
                [
                    Column("id"),
                    Column("name"),
                    Column("version"),
                    Column("effective_from"),
                    Column("sha256"),
                    Column("loaded_at"),
                    Column("loaded_by"),
                ],
                rows,
            )
        ],
        fmt,
        output,
    )


# --- computing, explaining, publishing ------------------------------------------------------


@app.command("compute")
def compute(period: QuarterArgument, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Compute every subject's points, total, ranks and stars for a quarter, store them and
    print the airing (with --quiet only when --format or --output asks for it). Running it
    again on unchanged records gives the same results.

    Example: alliance score compute 2025Q4
    """
    from alliance_cli.core.airing import airing
    from alliance_cli.core.publication import compute_and_store
    from alliance_cli.core.scoring import quarter

    with writing() as connection:
        scores = compute_and_store(connection, quarter(period, connection), actor=settings.actor)
        shown = airing(connection, scores.period)
    if not settings.quiet or fmt is not None or output is not None:
        emit(airing_sections(shown), fmt, output)  # with --quiet only when asked for
    say("computed", period=scores.period.label, count=len(scores.scores))


@app.command("explain")
def explain(
    subject: Annotated[str, typer.Argument(help="An organisation or an alliance.")],
    period: QuarterArgument,
    subject_type: SubjectTypeOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show every point of a subject's total for a quarter: each indicator's rule, the records
    it counted, the cap applied, the entries with their notes; the lines add up to the total.

    Example: alliance score explain 红岩村 2025Q4
    """
    from alliance_cli.core.explain import explain as explain_subject
    from alliance_cli.core.scoring import quarter
    from alliance_cli.core.subjects import find_subject, subject_type_code

    with reading() as connection:
        found = find_subject(connection, subject, subject_type_code(subject_type))
        explained = explain_subject(connection, found, quarter(period, connection))
        kinds = kind_labels(connection)
    emit(_explanation_sections(explained, kinds), fmt, output)


def _explanation_sections(explained, kinds: dict[str, tuple[str, str]]) -> list[Section]:
    lang = settings.lang
    score = explained.score
    terms, records = [], []
    for line in explained.lines:
        if line.kind == "members":
            rule = tr(f"aggregation_{line.name}") + tr("members_count", count=len(line.records))
            name, note = tr("members_line"), ""
        elif line.kind == "veto":
            rule, name, note = tr("veto_line", reason=line.name), tr("veto_title"), ""
        else:
            term = line.term
            rule = rule_text(term.indicator, lang, kinds)
            name = line.name
            note = tr("capped_note", raw=money(term.raw)) if term.capped else ""
        quantity = ""
        if line.term is not None and line.term.quantity is not None:
            quantity = _number(line.term.quantity)
            if line.term.base is not None:
                quantity += f" / {_number(line.term.base)}"
        terms.append(
            {"code": line.code, "name": name, "rule": rule, "counted": quantity,
             "points": line.points, "explain_note": note}
        )  # fmt: skip
        for record in line.records:
            records.append(
                {
                    "code": line.code,
                    "ref": record.ref,
                    "text": record.text,
                    "amount": money(record.value if record.value is not None else record.amount)
                    if line.kind == "members" or record.value is not None
                    else _number(record.amount),
                    "used": record.used,
                }
            )
    summary = {
        "subject": explained.subject.name,
        "period": explained.period.label,
        "scheme": explained.scheme_version,
        "total": money(score.total),
        "explained": money(explained.explained_total),
        "rank": score.rank,
        "category_rank": score.category_rank,
        "stars": score.stars,
    }
    return [
        Section(
            "summary",
            tr("explain_title", name=explained.subject.name, period=explained.period.label),
            [Column(key) for key in summary],
            [summary],
            record=True,
            json_value=summary,
        ),
        Section(
            "terms",
            tr("explain_terms_title"),
            [
                Column("code"),
                Column("name"),
                Column("rule"),
                Column("counted"),
                Column("points", lambda v, lang: money(v)),
                Column("explain_note"),
            ],
            terms,
        ),
        Section(
            "records",
            tr("explain_records_title"),
            [
                Column("code"),
                Column("ref"),
                Column("text"),
                Column("amount"),
                Column("used", yes_no),
            ],
            records,
        ),
    ]


def _number(value) -> str:
    """A count without trailing zeros (3, 12.5), as counted."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@app.command("publish")
def publish(period: QuarterArgument) -> None:
    """Compute the quarter once more and publish it: the airing is frozen with a SHA-256 and
    the quarter is locked against changes until `score unlock`.

    Example: alliance score publish 2025Q4
    """
    from alliance_cli.core.publication import publish as publish_quarter
    from alliance_cli.core.scoring import quarter

    with writing() as connection:
        done = publish_quarter(connection, quarter(period, connection), actor=settings.actor)
    say("published", period=done["period"], sha=done["sha256"], count=done["subjects"])


@app.command("unlock")
def unlock(
    period: QuarterArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why the published quarter reopens.")],
) -> None:
    """Reopen a published quarter for changes; the reason is kept in the audit log.

    Example: alliance score unlock 2025Q4 --reason "红岩村活动记录漏报，经审核补录"
    """
    from alliance_cli.core.publication import unlock as unlock_quarter
    from alliance_cli.core.scoring import quarter

    with writing() as connection:
        done = unlock_quarter(
            connection, quarter(period, connection), reason=reason, actor=settings.actor
        )
    say("unlocked", period=done["period"])


@app.command("verify")
def verify(period: QuarterArgument, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Check a published airing: its snapshot still has its SHA-256, the stored results are the
    snapshot, and the records still give it. Exit code 1 when anything differs.

    Example: alliance score verify 2025Q4
    """
    from alliance_cli.core.publication import verify as verify_quarter
    from alliance_cli.core.scoring import quarter

    with reading() as connection:
        checked = verify_quarter(connection, quarter(period, connection))
    if checked.differences:
        emit(
            [
                Section(
                    "differences",
                    tr("verify_differences_title", period=checked.period),
                    [Column("subject"), Column("field"), Column("published"), Column("now")],
                    [
                        {"subject": s, "field": f, "published": before, "now": after}
                        for s, f, before, after in checked.differences
                    ],
                )
            ],
            fmt,
            output,
        )
    if checked.intact:
        say("verify_intact", period=checked.period, sha=checked.sha256)
        return
    from alliance_cli.cli.context import warn

    if not checked.hash_intact:
        warn("verify_hash_broken", period=checked.period, sha=checked.sha256)
    if not checked.results_match:
        warn("verify_results_changed", period=checked.period)
    if not checked.records_match:
        warn("verify_records_changed", period=checked.period, count=len(checked.differences))
    raise typer.Exit(1)


# --- the year ---------------------------------------------------------------------------------


YearArgument = Annotated[str, typer.Argument(help="A year, e.g. 2025.")]


@app.command("annual")
def annual(year: YearArgument, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """The annual evaluation 年度考评: quarterly totals, arena and mutual evaluation combined
    with the scheme's weights, grades, vetoes carried through, and demonstration points 示范点.

    Example: alliance score annual 2025 --output 2025年度考评.xlsx
    """
    emit(annual_sections(year), fmt, output)


def annual_sections(year_text: str) -> list[Section]:
    """Shared with `report annual`."""
    from alliance_cli.core.annual import evaluate_year
    from alliance_cli.core.dates import today
    from alliance_cli.core.mutual import year_of

    with reading() as connection:
        evaluation = evaluate_year(connection, year_of(year_text), today=today())
    sections = []
    for subject_type in ("organisation", "alliance"):
        rows = [
            {
                "rank": r.rank,
                "name": r.subject.name,
                "category": r.subject.category,
                "quarters": "  ".join(
                    f"{label[4:]} {money(q.total)}" for label, q in sorted(r.quarters.items())
                ),
                "quarter_mean": r.quarter_mean,
                "arena": r.arena,
                "mutual": r.mutual,
                "total": r.total,
                "grade": r.grade,
                "veto": r.veto,
                "demonstration": r.demonstration,
            }
            for r in evaluation.results
            if r.subject.subject_type == subject_type
        ]
        if not rows:
            continue
        weights = evaluation.weights[subject_type]
        shown = "、".join(f"{tr('annual_part_' + part)} {money(w)}" for part, w in weights.items())
        sections.append(
            Section(
                f"{subject_type}s",
                tr(f"annual_title_{subject_type}", year=evaluation.year, weights=shown),
                [
                    Column("rank"),
                    Column("name"),
                    Column("category", category_text),
                    Column("quarters"),
                    Column("quarter_mean", lambda v, lang: money(v)),
                    Column("arena", lambda v, lang: money(v)),
                    Column("mutual", lambda v, lang: money(v)),
                    Column("total", lambda v, lang: money(v)),
                    Column("grade"),
                    Column("veto"),
                    Column("demonstration", yes_no),
                ],
                rows,
            )
        )
    return sections
