"""Importing score entries from a sheet (CSV or XLSX), all or nothing.

Two layouts are read, also mixed in one file:
- one value per row: 季度, 对象, [对象类型], 指标, 得分, [类型 自评/审核, default 审核], [备注];
- both values on one row, as `score entries` exports them: 自评得分 with 自评备注 and/or
  审核得分 with 审核备注 (采用得分 and other columns are ignored).

得分 is points for a manual indicator and the number of items for a per-item one. Every row
passes the same checks as `score enter` (quarter not locked, subject scored, indicator
enterable, value in range); every bad row is reported with its number and nothing is written.
A value given twice in the file must be the same both times. Re-importing a file changes
nothing. An empty note leaves the stored note alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from alliance_cli.core.errors import AllianceError, ImportRejected, InvalidInput, RuleViolation
from alliance_cli.core.score_entries import (
    EntryKey,
    EntryRules,
    clean_note,
    store_values,
)
from alliance_cli.core.subjects import subject_type_code
from alliance_cli.core.tabular import Table
from alliance_cli.storage.models import score_entry

# field -> (COLUMNS key whose zh/en labels are accepted, more accepted spellings)
IMPORT_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "period": ("entry_period", ("period", "季度", "期间", "quarter")),
    "subject": ("entry_subject", ("subject", "对象", "评分对象")),
    "subject_type": ("entry_subject_type", ("subject_type", "对象类型")),
    "indicator": ("entry_indicator", ("indicator", "指标", "指标代码", "code")),
    "points": ("entry_points", ("points", "得分", "分值", "count", "value", "score")),
    "kind": ("entry_kind", ("kind", "type", "类型", "录入类型")),
    "note": ("entry_note", ("note", "notes", "备注", "说明")),
    "self": ("entry_self", ("self", "自评", "自评得分", "self-assessed")),
    "self_note": ("entry_self_note", ("self_note", "自评备注")),
    "reviewed": ("entry_reviewed", ("reviewed", "审核", "审核得分")),
    "reviewed_note": ("entry_reviewed_note", ("reviewed_note", "审核备注")),
}
REQUIRED = ("period", "subject", "indicator")
VALUE_FIELDS = ("points", "self", "reviewed")
SIDE_WORDS = {
    "": "reviewed",
    "审核": "reviewed",
    "审核分": "reviewed",
    "复核": "reviewed",
    "reviewed": "reviewed",
    "review": "reviewed",
    "自评": "self",
    "自评分": "self",
    "self": "self",
    "selfassessed": "self",
    "selfassessment": "self",
}


def _normal(header: str) -> str:
    """Headers compare without case, spaces, `_` and `-`: `Subject type` = `subject_type`."""
    return "".join(ch for ch in header.lower() if ch not in " _-\u3000")


def header_aliases() -> dict[str, str]:
    """Every accepted header spelling (normalised) -> import field."""
    from alliance_cli.i18n import COLUMNS

    aliases = {}
    for name, (column, spellings) in IMPORT_FIELDS.items():
        for spelling in (*spellings, *COLUMNS[column]):
            aliases.setdefault(_normal(spelling), name)
    return aliases


def _headers(table: Table) -> dict[str, str]:
    """Import field -> the header the file uses for it; refuses a file missing a column that
    every row needs."""
    aliases = header_aliases()
    headers: dict[str, str] = {}
    for header in table.headers:
        name = aliases.get(_normal(header))
        if name is not None and name not in headers:
            headers[name] = header
    missing = [name for name in REQUIRED if name not in headers]
    if not any(name in headers for name in VALUE_FIELDS):
        missing.append("points")
    if missing:
        from alliance_cli.i18n import COLUMNS

        names = ", ".join(
            f"{COLUMNS[IMPORT_FIELDS[n][0]][0]}/{COLUMNS[IMPORT_FIELDS[n][0]][1]}" for n in missing
        )
        raise ImportRejected(
            "import_rejected", [(1, "missing_columns", {"columns": names})], path=table.path
        )
    return headers


@dataclass
class _Planned:
    """What the file says about one entry: side -> (hundredths, note, row)."""

    key: EntryKey
    first_row: int
    sides: dict[str, tuple[int, str | None, int]] = field(default_factory=dict)


def _side(text: str, header: str) -> str:
    side = SIDE_WORDS.get(_normal(text))
    if side is None:
        raise InvalidInput("bad_term", field=header, value=text, choices="审核/reviewed, 自评/self")
    return side


def _subject_type(text: str, header: str) -> str:
    """`organisation`/`alliance` from a code or a label, including the labels that
    `score entries` writes in either language."""
    from alliance_cli.i18n import VALUES

    for code in ("organisation", "alliance"):
        if _normal(text) in {_normal(label) for label in VALUES.get(f"subject_{code}", ())}:
            return code
    try:
        return subject_type_code(text)
    except InvalidInput as refusal:
        raise InvalidInput("bad_term", **{**refusal.params, "field": header}) from None


def _row_values(cells: dict[str, str], headers: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """The values a row gives: (side, value text, note text, header of the value)."""
    given: list[tuple[str, str, str, str]] = []
    if cells.get("points"):
        side = _side(cells.get("kind", ""), headers.get("kind", ""))
        given.append((side, cells["points"], cells.get("note", ""), headers["points"]))
    elif cells.get("kind") or cells.get("note"):
        raise InvalidInput("missing_value", field=headers.get("points", "得分/points"))
    for side in ("self", "reviewed"):
        value, note = cells.get(side, ""), cells.get(f"{side}_note", "")
        if value:
            if any(earlier[0] == side for earlier in given):
                raise InvalidInput(
                    "entry_side_twice", first=headers["points"], second=headers[side]
                )
            given.append((side, value, note, headers[side]))
        elif note:
            raise InvalidInput("missing_value", field=headers.get(side, side))
    if not given:
        wanted = "/".join(headers[name] for name in VALUE_FIELDS if name in headers)
        raise InvalidInput("missing_value", field=wanted)
    return given


def import_scores(connection: Connection, table: Table, *, actor: str) -> dict[str, int]:
    """Check every row, then write the whole file inside the caller's transaction; raise
    ImportRejected (nothing written) if any row is bad. Returns how many values were
    added, updated and left unchanged."""
    headers = _headers(table)
    rules = EntryRules(connection)
    planned: dict[tuple, _Planned] = {}
    problems: list[tuple[int, str, dict]] = []
    for number, raw in table.rows:
        cells = {name: raw.get(header, "") for name, header in headers.items()}
        try:
            _plan_row(rules, planned, number, cells, headers)
        except AllianceError as refusal:
            problems.append((number, refusal.key, dict(refusal.params)))
    if problems:
        raise ImportRejected("import_rejected", problems, path=table.path)

    stored = _stored_entries(connection, {plan.key.period for plan in planned.values()})
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for identity, plan in sorted(planned.items(), key=lambda item: item[1].first_row):
        outcomes = store_values(
            connection,
            plan.key,
            stored.get(identity),
            {side: (value, note) for side, (value, note, _row) in plan.sides.items()},
            actor=actor,
            action="import",
        )
        for outcome in outcomes.values():
            counts[outcome] += 1
    return counts


def _plan_row(
    rules: EntryRules, planned: dict, number: int, cells: dict, headers: dict[str, str]
) -> None:
    for name in REQUIRED:
        if not cells.get(name):
            raise InvalidInput("missing_value", field=headers[name])
    label = rules.quarter(cells["period"])
    subject_type = None
    if cells.get("subject_type"):
        subject_type = _subject_type(cells["subject_type"], headers["subject_type"])
    subject = rules.subject(cells["subject"], subject_type, label)
    indicator = rules.indicator(label, subject, cells["indicator"])
    values = [
        (side, rules.value(indicator, text, header), clean_note(note) or None)
        for side, text, note, header in _row_values(cells, headers)
    ]
    identity = (label, subject.subject_type, subject.id, indicator.code)
    plan = planned.setdefault(identity, _Planned(EntryKey(label, subject, indicator.code), number))
    for side, value, note in values:
        earlier = plan.sides.get(side)
        if earlier is None:
            plan.sides[side] = (value, note, number)
            continue
        earlier_value, earlier_note, earlier_row = earlier
        if earlier_value != value or (note and earlier_note and note != earlier_note):
            raise RuleViolation(
                "conflicting_entry",
                period=label,
                subject=subject.name,
                indicator=indicator.code,
                first=earlier_row,
            )
        plan.sides[side] = (value, earlier_note or note, earlier_row)


def _stored_entries(connection: Connection, periods: set[str]) -> dict[tuple, object]:
    """The stored entries of the file's quarters, by (period, type, id, indicator)."""
    if not periods:
        return {}
    rows = connection.execute(select(score_entry).where(score_entry.c.period.in_(periods)))
    return {(r.period, r.subject_type, r.subject_id, r.indicator): r for r in rows}
