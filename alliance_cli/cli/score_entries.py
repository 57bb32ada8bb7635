"""`alliance score enter | veto | vetoes | import | entries | audit`: what the clerk enters by
hand, and the audit trail of scoring."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, writing
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit, value_column

PeriodOption = Annotated[
    str,
    typer.Option("--period", help="The quarter: 2025Q1 or 2025年第一季度.", show_default=False),
]
ListPeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="A quarter, or a half or year for all its quarters (default: every quarter).",
        show_default=False,
    ),
]
SubjectTypeOption = Annotated[
    str | None,
    typer.Option(
        "--subject-type",
        help="organisation or alliance, when a name is both.",
        show_default=False,
    ),
]

ENTRY_FIELDS = (
    "period",
    "subject",
    "subject_type",
    "indicator",
    "indicator_name",
    "self",
    "self_note",
    "reviewed",
    "reviewed_note",
    "used",
)
AUDIT_FIELDS = ("at", "actor", "action", "entity", "entity_key", "before", "after")


CHANGES = ("before", "after")


def _changes(value, lang):
    """An audit entry's values (stored as JSON) as `field=value` pairs, empty ones left out."""
    import json

    if not value:
        return ""
    values = json.loads(value)
    if not isinstance(values, dict):
        return value
    return "; ".join(f"{key}={item}" for key, item in values.items() if item is not None)


def _side_label(side: str) -> str:
    from alliance_cli.i18n import value_label

    return value_label(f"entry_side_{side}", settings.lang)


def _title(key: str) -> str:
    from alliance_cli.i18n import column_label

    return column_label(key, settings.lang)


def _shown(rows: list[dict], fields: tuple[str, ...], prefix: str) -> list[dict]:
    """Rows keyed by their column labels' keys (`entry_period`, ...); JSON keeps the plain
    field names."""
    return [{f"{prefix}{name}": row.get(name) for name in fields} for row in rows]


def register(app: typer.Typer) -> None:
    """Add the entry commands to the `score` group."""

    @app.command("enter")
    def enter(
        subject: Annotated[str, typer.Argument(help="An organisation or alliance.")],
        period: PeriodOption,
        indicator: Annotated[
            str, typer.Option("--indicator", help="Indicator code (or its Chinese name).")
        ],
        points: Annotated[
            str | None,
            typer.Option("--points", help="Points, e.g. 12.5 (manual indicators)."),
        ] = None,
        count: Annotated[
            str | None,
            typer.Option("--count", help="Number of items (per-item indicators)."),
        ] = None,
        self_assessed: Annotated[
            bool, typer.Option("--self", help="The subject's own assessment (自评).")
        ] = False,
        note: Annotated[
            str | None, typer.Option("--note", help="Why; --note '' removes the note.")
        ] = None,
        subject_type: SubjectTypeOption = None,
    ) -> None:
        """Enter an indicator's points (or item count) for a subject and quarter.

        Reviewed (审核) by default; --self records the subject's self-assessment (自评).
        Both are kept, and the computation uses the reviewed value where there is one. Only
        manual and per-item indicators are entered; the rest is computed from the records.
        A published (locked) quarter is refused.

        Example: alliance score enter 红岩村 --period 2025Q1 --indicator work_quality --points 12.5
        """
        from alliance_cli.core.score_entries import enter_score
        from alliance_cli.core.subjects import subject_type_code

        with writing() as connection:
            entered = enter_score(
                connection,
                subject,
                period=period,
                indicator=indicator,
                points=points,
                count=count,
                self_assessed=self_assessed,
                note=note,
                subject_type=subject_type_code(subject_type),
                actor=settings.actor,
            )
        where = {
            "period": entered["period"],
            "subject": entered["subject"],
            "indicator": entered["indicator"],
            "side": _side_label(entered["side"]),
            "value": f"{entered['value']:.2f}",
        }
        if entered["outcome"] == "unchanged":
            say("score_entry_unchanged", **where)
        elif entered["is_count"]:
            say("count_entered", **where, each=f"{entered['points_each']:.2f}")
        else:
            say("score_entered", **where)

    @app.command("veto")
    def veto(
        subject: Annotated[str, typer.Argument(help="An organisation or alliance.")],
        period: PeriodOption,
        reason: Annotated[
            str | None, typer.Option("--reason", help="Why the subject is vetoed.")
        ] = None,
        clear: Annotated[bool, typer.Option("--clear", help="Lift the veto.")] = False,
        subject_type: SubjectTypeOption = None,
    ) -> None:
        """Veto a subject for a quarter (一票否决): total zero, no stars; or lift the veto.

        The reason is shown in the airing. A published (locked) quarter is refused.

        Example: alliance score veto 石门村 --period 2025Q1 --reason 发生重大安全责任事故
        """
        from alliance_cli.core.errors import InvalidInput
        from alliance_cli.core.score_entries import clear_veto, set_veto
        from alliance_cli.core.subjects import subject_type_code

        if clear == (reason is not None):
            raise InvalidInput("veto_reason_or_clear")
        with writing() as connection:
            if clear:
                lifted = clear_veto(
                    connection,
                    subject,
                    period=period,
                    subject_type=subject_type_code(subject_type),
                    actor=settings.actor,
                )
            else:
                vetoed = set_veto(
                    connection,
                    subject,
                    period=period,
                    reason=reason or "",
                    subject_type=subject_type_code(subject_type),
                    actor=settings.actor,
                )
        if clear:
            say("veto_cleared", **lifted)
        elif vetoed["outcome"] == "unchanged":
            say("veto_unchanged", period=vetoed["period"], subject=vetoed["subject"])
        else:
            say(
                "veto_set",
                period=vetoed["period"],
                subject=vetoed["subject"],
                reason=vetoed["reason"],
            )

    @app.command("vetoes")
    def vetoes_(
        period: ListPeriodOption = None,
        fmt: FormatOption = None,
        output: OutputOption = None,
    ) -> None:
        """List the vetoes (一票否决) with their reasons, by quarter and subject.

        Example: alliance score vetoes --period 2025
        """
        from alliance_cli.core.score_entries import list_vetoes

        with reading() as connection:
            rows = list_vetoes(connection, period=period)
        shown = [
            {
                "entry_period": row["period"],
                "entry_subject": row["subject"],
                "entry_subject_type": row["subject_type"],
                "veto_reason": row["reason"],
                "entered_at": row["entered_at"],
                "entered_by": row["entered_by"],
            }
            for row in rows
        ]
        columns = [
            Column("entry_period"),
            Column("entry_subject"),
            value_column("entry_subject_type", "subject_"),
            Column("veto_reason"),
            Column("entered_at"),
            Column("entered_by"),
        ]
        emit(
            [Section("vetoes", _title("vetoes_title"), columns, shown, json_value=rows)],
            fmt,
            output,
        )

    @app.command("import")
    def import_(
        file: Annotated[
            Path,
            typer.Argument(help="A .csv or .xlsx file shaped like data/scores_template.csv."),
        ],
    ) -> None:
        """Import score entries (self-assessed or reviewed) from CSV or XLSX, all or nothing.

        Columns 季度, 对象, [对象类型], 指标, 得分, [类型 自评/审核], [备注] (or English
        headers), or the layout `score entries` exports (自评得分/审核得分). Every bad row is
        reported with its number and nothing is written; re-importing changes nothing.

        Example: alliance score import data/scores_template.csv
        """
        from alliance_cli.core.score_import import import_scores
        from alliance_cli.core.tabular import read_table

        table = read_table(file)
        with writing() as connection:
            counts = import_scores(connection, table, actor=settings.actor)
        if counts["added"] or counts["updated"]:
            say("scores_imported", path=str(file), **counts)
        else:
            say("scores_import_unchanged", path=str(file), unchanged=counts["unchanged"])

    @app.command("entries")
    def entries(
        period: ListPeriodOption = None,
        subject: Annotated[
            str | None, typer.Option("--subject", help="Only this organisation or alliance.")
        ] = None,
        differs: Annotated[
            bool,
            typer.Option("--differs", help="Only where self-assessed and reviewed differ."),
        ] = False,
        subject_type: SubjectTypeOption = None,
        fmt: FormatOption = None,
        output: OutputOption = None,
    ) -> None:
        """List entries with the self-assessed and reviewed values and the value used.

        The value used is the reviewed one where there is one. The CSV and XLSX files can be
        edited and imported again with `score import`.

        Example: alliance score entries --period 2025Q1 --differs --format xlsx -o 自评审核.xlsx
        """
        from alliance_cli.core.score_entries import list_entries
        from alliance_cli.core.subjects import subject_type_code

        with reading() as connection:
            rows = list_entries(
                connection,
                period=period,
                subject_name=subject,
                subject_type=subject_type_code(subject_type),
                differs=differs,
            )
        columns = [
            value_column("entry_subject_type", "subject_")
            if name == "subject_type"
            else Column(f"entry_{name}")
            for name in ENTRY_FIELDS
        ]
        plain = [{name: row[name] for name in ENTRY_FIELDS} for row in rows]
        emit(
            [
                Section(
                    "entries",
                    _title("entries_title"),
                    columns,
                    _shown(rows, ENTRY_FIELDS, "entry_"),
                    json_value=plain,
                )
            ],
            fmt,
            output,
        )

    @app.command("audit")
    def audit(
        period: Annotated[
            str | None,
            typer.Option(
                "--period",
                help="Only changes of this period (2025Q1; 2025 for the whole year).",
                show_default=False,
            ),
        ] = None,
        fmt: FormatOption = None,
        output: OutputOption = None,
    ) -> None:
        """List the audit trail of scoring: every entry, veto, scheme, publish and unlock.

        When, who (--actor or the login name), what, and the values before and after.

        Example: alliance score audit --period 2025Q1 --format csv --output 审计.csv
        """
        import json

        from alliance_cli.core.score_entries import score_audit

        with reading() as connection:
            rows = score_audit(connection, period=period)
        plain = [
            {
                **row,
                "before": json.loads(row["before"]) if row["before"] else None,
                "after": json.loads(row["after"]) if row["after"] else None,
            }
            for row in rows
        ]
        names = {"entity_key": "key"}
        columns = [
            Column(f"audit_{names.get(name, name)}", _changes if name in CHANGES else None)
            for name in AUDIT_FIELDS
        ]
        shown = [
            {f"audit_{names.get(name, name)}": row[name] for name in AUDIT_FIELDS} for row in rows
        ]
        emit(
            [Section("audit", _title("audit_title"), columns, shown, json_value=plain)],
            fmt,
            output,
        )
