"""`alliance evidence ...`: files (佐证) attached to activities, cases and score entries, kept
beside the database with their SHA-256, and the check that none was swapped or reused."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_cli.cli.context import database_url, reading, say, settings, translated, warn, writing
from alliance_cli.cli.output import (
    Column,
    FormatOption,
    OutputOption,
    Section,
    emit,
    value_column,
    vocabulary_column,
)

app = typer.Typer(
    help="Evidence files 佐证: attach, list, show, export, detach, verify.",
    no_args_is_help=True,
    add_completion=False,
)

EvidenceId = Annotated[int, typer.Argument(metavar="ID", help="Evidence id (evidence list).")]
ActivityOption = Annotated[
    int | None, typer.Option("--activity", help="An activity, by id.", show_default=False)
]
CaseOption = Annotated[
    str | None, typer.Option("--case", help="A good practice case, by title.", show_default=False)
]


@app.callback()
def evidence_group() -> None:
    """Evidence files 佐证: attach, list, show, export, detach, verify."""


def _folder() -> Path:
    from alliance_cli.core.evidence import evidence_folder

    return evidence_folder(database_url())


@app.command("attach")
def attach(
    file: Annotated[Path, typer.Argument(help="The file: a photo, a scanned sign-in sheet.")],
    activity_id: ActivityOption = None,
    case_title: CaseOption = None,
    score_entry_id: Annotated[
        str | None,
        typer.Option(
            "--score-entry",
            help="A score entry: its id, or QUARTER/SUBJECT/INDICATOR as in the audit log.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Attach a file to an activity, a case or a score entry (exactly one of them).

    The file is copied into the folder beside the database (alliance.db.evidence/) under its
    SHA-256; identical content is stored once. The same file twice on one target is refused.

    Example: alliance evidence attach 签到表.jpg --activity 7
    """
    from alliance_cli.core.evidence import attach_evidence, evidence_files

    folder = _folder()
    with evidence_files() as files, writing() as connection:
        attached = attach_evidence(
            connection,
            file,
            folder=folder,
            files=files,
            activity_id=activity_id,
            case_title=case_title,
            score_entry_id=score_entry_id,
            actor=settings.actor,
        )
    say(
        "attached_evidence",
        id=attached["id"],
        name=attached["original_name"],
        target=_target_label(attached["target"]),
        about=attached["about"],
        sha=attached["sha256"][:12],
    )
    if attached["repaired"]:
        warn("evidence_repaired", path=str(attached["stored_file"]))


def _target_label(code: str) -> str:
    from alliance_cli.core.vocabulary import label

    return label("target", code, settings.lang)


LIST_COLUMNS = [
    Column("id"),
    vocabulary_column("target", "target"),
    Column("target_id"),
    Column("about"),
    Column("original_name"),
    Column("size"),
    Column("sha256"),
    Column("attached_at"),
    Column("attached_by"),
]


@app.command("list")
def list_(
    activity_id: ActivityOption = None,
    case_title: CaseOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List attached files, of one activity or case or all, with size and SHA-256.

    Example: alliance evidence list --activity 7 --format csv --output 佐证.csv
    """
    from alliance_cli.core.evidence import list_evidence

    with reading() as connection:
        rows = list_evidence(connection, activity_id=activity_id, case_title=case_title)
    emit([Section("evidence", translated("evidence_title"), LIST_COLUMNS, rows)], fmt, output)


@app.command("show")
def show(evidence_id: EvidenceId, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Show one attachment, where its copy is kept, and whether the copy is intact.

    Example: alliance evidence show 12
    """
    from alliance_cli.core.evidence import show_evidence

    folder = _folder()
    with reading() as connection:
        details = show_evidence(connection, evidence_id, folder=folder)
    fields = [*LIST_COLUMNS, Column("stored_file"), value_column("state", "evidence_")]
    emit(
        [Section("evidence", details["original_name"], fields, [details], record=True)],
        fmt,
        output,
    )


@app.command("export")
def export(
    evidence_id: EvidenceId,
    destination: Annotated[
        Path, typer.Argument(metavar="FILE", help="Where to write the copy (must not exist).")
    ],
) -> None:
    """Copy a stored file out, checking its SHA-256 on the way; never overwrites a file.

    Example: alliance evidence export 12 签到表-副本.jpg
    """
    from alliance_cli.core.evidence import export_evidence

    folder = _folder()
    with reading() as connection:
        exported = export_evidence(connection, evidence_id, destination, folder=folder)
    say("exported_evidence", id=evidence_id, path=str(exported["path"]))


@app.command("detach")
def detach(evidence_id: EvidenceId) -> None:
    """Remove an attachment made in error; its copy goes unless another attachment uses it.

    The audit log keeps the attachment's details.

    Example: alliance evidence detach 12
    """
    from alliance_cli.core.evidence import detach_evidence, evidence_files

    folder = _folder()
    with evidence_files() as files, writing() as connection:
        removed = detach_evidence(
            connection, evidence_id, folder=folder, files=files, actor=settings.actor
        )
    say("detached_evidence", id=evidence_id, name=removed["original_name"])


def _detail(problem: dict, lang: str) -> str:
    from alliance_cli.i18n import translate

    kind = problem["problem"]
    if kind == "missing":
        copy = Path(problem["stored_file"])  # shown from the evidence folder on
        shown = Path(copy.parent.parent.name, copy.parent.name, copy.name)
        return translate("evidence_detail_missing", lang, path=str(shown))
    if kind == "changed":
        if problem["found_sha256"] is None:
            return translate(
                "evidence_detail_size", lang, size=problem["size"], found=problem["found_size"]
            )
        return translate(
            "evidence_detail_hash",
            lang,
            sha=problem["sha256"][:12],
            found=problem["found_sha256"][:12],
        )
    if kind == "target_missing":
        return translate("evidence_detail_target_missing", lang)
    separator = "；" if lang == "zh" else "; "
    return separator.join(
        f"{target_id} {title or ''}".strip()
        for target_id, title in zip(problem["target_ids"], problem["titles"], strict=True)
    )


@app.command("verify")
def verify(
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit 1 for reused files and vanished targets too."),
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Check every attached file: missing or changed copies, attachments whose activity or
    case is gone, and one file attached to different activities (paperwork reused 形式主义).

    Exit 1 when a copy is missing or changed (with --strict: on any problem), else 0. The
    report goes to standard output when there are problems, or always with --format/--output.

    Example: alliance evidence verify --output 佐证核查.xlsx
    """
    from alliance_cli.core.evidence import failing, verify_evidence

    folder = _folder()
    with reading() as connection:
        checked = verify_evidence(connection, folder=folder)
    problems = checked["problems"]
    for problem in problems:
        problem["detail"] = _detail(problem, settings.lang)
    if problems or fmt is not None or output is not None:
        columns = [
            value_column("problem", "evidence_"),
            Column("evidence_ids"),
            vocabulary_column("target", "target"),
            Column("target_ids"),
            Column("original_name"),
            Column("detail"),
        ]
        emit(
            [
                Section(
                    "problems",
                    translated("evidence_problems_title"),
                    columns,
                    problems,
                    json_value=checked,
                )
            ],
            fmt,
            output,
        )
    if not problems:
        say("evidence_verified", count=checked["checked"], files=checked["files"])
        return
    counts = {kind: sum(p["problem"] == kind for p in problems) for kind in _PROBLEMS}
    warn("evidence_problems", **counts)
    if failing(problems, strict=strict):
        raise typer.Exit(1)


_PROBLEMS = ("missing", "changed", "target_missing", "reused")
