"""Score entries (手工录入) and vetoes (一票否决): the points the clerk enters by hand.

An entry is one indicator's value for one subject and quarter, kept twice: as the subject
assessed itself (自评) and as the clerk reviewed it (审核). The computation uses the reviewed
value where there is one, else the self-assessed one, so a self-assessment sheet can be
imported first and overridden later without losing what the subject claimed.

Only indicators whose source is `manual` (points between the indicator's min and max) or
`per_item` counted from the entry (a count of items; the computation multiplies and caps it)
can be entered; the others are computed from the records. An entry is accepted only for a
subject scored in that quarter, for an indicator of the scheme in force for that quarter
that applies to the subject, and never in a published (locked) quarter.

A note goes with its value: entering a value with a note replaces the note, entering one
without a note keeps the note already there (an empty `--note ""` removes it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, Row, and_, case, func, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import InvalidInput, NotFound, RuleViolation
from alliance_cli.core.exact import CENT, from_hundredths, to_hundredths
from alliance_cli.core.locks import live_lock, locked_error
from alliance_cli.core.periods import parse_period
from alliance_cli.core.scheme import Indicator, Scheme
from alliance_cli.core.scheme_versions import quarter_label, scheme_in_force
from alliance_cli.core.subjects import (
    Subject,
    find_subject,
    scored_alliances,
    scored_organisations,
)
from alliance_cli.storage.models import alliance, audit_log, organisation, score_entry, score_veto

SIDES = ("self", "reviewed")
MAX_COUNT = Decimal("10000")
_FULL_WIDTH_NUMBER = str.maketrans("０１２３４５６７８９．－＋−", "0123456789.-+-")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


# --- exact numbers ---------------------------------------------------------------------------


def parse_number(text: object, field: str, *, key: str = "bad_points") -> Decimal:
    """An exact number with at most two decimal places, as typed (full-width digits, a
    full-width point or minus and stray spaces accepted). Never through a binary float."""
    cleaned = str(text).translate(_FULL_WIDTH_NUMBER).strip()
    if not _NUMBER.match(cleaned):
        raise InvalidInput(key, field=field, value=text)
    number = Decimal(cleaned)
    if number != number.quantize(CENT):
        raise InvalidInput(key, field=field, value=text)
    return number.quantize(CENT)


# --- which indicators can be entered ---------------------------------------------------------


def is_enterable(indicator: Indicator) -> bool:
    """Manual points, or a per-item count taken from the entry; the rest is computed."""
    return indicator.source == "manual" or (
        indicator.source == "per_item" and indicator.items == "entry"
    )


def takes_count(indicator: Indicator) -> bool:
    """Whether the entered value is a count of items rather than points."""
    return indicator.source == "per_item"


def enterable_indicators(scheme: Scheme, subject: Subject) -> list[Indicator]:
    """The indicators of `scheme` the clerk can enter for `subject`, in scheme order."""
    return [
        i
        for i in scheme.for_subject(subject.subject_type)
        if is_enterable(i) and i.applies_to(subject.category)
    ]


def _categories_text(codes: Iterable[str]) -> str:
    from alliance_cli.core.vocabulary import CATEGORIES

    return "、".join(
        f"{code}/{CATEGORIES[code].zh}" if code in CATEGORIES else code for code in codes
    )


class EntryRules:
    """The checks every entry and veto passes. What they look up is kept for the next one, so
    that an import of thousands of rows reads each quarter's scheme, its scored subjects and
    its lock once."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._locks: dict[str, Row | None] = {}
        self._schemes: dict[str, Scheme] = {}
        self._scored: dict[str, set[tuple[str, int]]] = {}
        self._subjects: dict[tuple[str, str | None], Subject] = {}

    def quarter(self, text: str) -> str:
        """The quarter's label; refused when it is not a quarter or is locked."""
        label = quarter_label(text)
        if label not in self._locks:
            self._locks[label] = live_lock(self.connection, label)
        lock = self._locks[label]
        if lock is not None:
            raise locked_error(lock)
        return label

    def scheme(self, label: str) -> Scheme:
        if label not in self._schemes:
            self._schemes[label] = scheme_in_force(self.connection, label).scheme
        return self._schemes[label]

    def subject(self, name: str, subject_type: str | None, label: str) -> Subject:
        """The named subject, refused unless it is scored in the quarter `label`."""
        wanted = (name.strip(), subject_type)
        if wanted not in self._subjects:
            self._subjects[wanted] = find_subject(self.connection, name, subject_type)
        subject = self._subjects[wanted]
        if label not in self._scored:
            span = parse_period(label)
            self._scored[label] = {
                (s.subject_type, s.id)
                for s in (
                    *scored_organisations(self.connection, span.start, span.end),
                    *scored_alliances(self.connection, span.start, span.end),
                )
            }
        if (subject.subject_type, subject.id) not in self._scored[label]:
            key = "organisation_not_scored"
            if subject.subject_type == "alliance":
                key = "alliance_not_scored"
            raise RuleViolation(key, subject=subject.name, period=label)
        return subject

    def indicator(self, label: str, subject: Subject, code: str) -> Indicator:
        """The indicator called `code` (its code, or its Chinese name) in the scheme in force
        for the quarter, refused unless the clerk can enter it for this subject."""
        scheme = self.scheme(label)
        wanted = code.strip()
        found = scheme.indicator(wanted) or scheme.indicator(wanted.lower())
        if found is None:
            found = next((i for i in scheme.indicators if i.name == wanted), None)
        if found is None:
            codes = ", ".join(i.code for i in enterable_indicators(scheme, subject))
            raise NotFound(
                "unknown_indicator",
                code=wanted,
                period=label,
                subject=subject.name,
                codes=codes or "-",
            )
        if found.subject != subject.subject_type:
            key = "indicator_for_alliances"
            if found.subject == "organisation":
                key = "indicator_for_organisations"
            raise RuleViolation(key, code=found.code, subject=subject.name)
        if not found.applies_to(subject.category):
            raise RuleViolation(
                "indicator_not_for_category",
                code=found.code,
                subject=subject.name,
                category=_categories_text([subject.category]),
                categories=_categories_text(found.categories),
            )
        if not is_enterable(found):
            raise RuleViolation("indicator_automatic", code=found.code, name=found.name)
        return found

    def value(self, indicator: Indicator, text: object, field: str) -> int:
        """The value typed for `indicator`, in hundredths: points within the indicator's
        range, or for a per-item indicator a count from 0 to MAX_COUNT."""
        if takes_count(indicator):
            count = parse_number(text, field, key="bad_count")
            if not Decimal(0) <= count <= MAX_COUNT:
                raise InvalidInput("bad_count", field=field, value=text)
            return to_hundredths(count)
        points = parse_number(text, field)
        if not indicator.minimum <= points <= indicator.maximum:
            raise InvalidInput(
                "points_out_of_range",
                value=points,
                code=indicator.code,
                minimum=indicator.minimum,
                maximum=indicator.maximum,
            )
        return to_hundredths(points)


# --- storing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryKey:
    period: str
    subject: Subject
    indicator: str

    @property
    def audit_key(self) -> str:
        return f"{self.period}/{self.subject.name}/{self.indicator}"


def _state(row: Row | None) -> dict:
    """An entry as the audit log shows it: values as exact two-decimal text."""
    if row is None:
        return {"self": None, "self_note": None, "reviewed": None, "reviewed_note": None}
    return {
        "self": _text(row.self_hundredths),
        "self_note": row.self_note,
        "reviewed": _text(row.reviewed_hundredths),
        "reviewed_note": row.reviewed_note,
    }


def _text(hundredths: int | None) -> str | None:
    value = from_hundredths(hundredths)
    return None if value is None else f"{value:.2f}"


def clean_note(note: str | None) -> str | None:
    """None: keep the stored note; an empty note: remove it; else the note, trimmed."""
    if note is None:
        return None
    return note.strip()


def stored_entry(connection: Connection, key: EntryKey) -> Row | None:
    return connection.execute(
        select(score_entry).where(
            score_entry.c.period == key.period,
            score_entry.c.subject_type == key.subject.subject_type,
            score_entry.c.subject_id == key.subject.id,
            score_entry.c.indicator == key.indicator,
        )
    ).first()


def store_values(
    connection: Connection,
    key: EntryKey,
    stored: Row | None,
    values: dict[str, tuple[int, str | None]],
    *,
    actor: str,
    action: str,
) -> dict[str, str]:
    """Write the given sides (`self`/`reviewed` -> (hundredths, note or None to keep it))
    onto the stored entry, with one audit entry when anything changed. Returns each side's
    outcome: `added` (it had no value), `updated` or `unchanged`."""
    before = _state(stored)
    after = dict(before)
    outcomes = {}
    for side, (hundredths, note) in values.items():
        after[side] = _text(hundredths)
        if note is not None:
            after[f"{side}_note"] = note or None
        changed = (after[side], after[f"{side}_note"]) != (before[side], before[f"{side}_note"])
        if not changed:
            outcomes[side] = "unchanged"
        else:
            outcomes[side] = "added" if before[side] is None else "updated"
    if after == before:
        return outcomes
    columns = {
        f"{side}_hundredths": to_hundredths(Decimal(after[side])) if after[side] else None
        for side in SIDES
    }
    columns.update({f"{side}_note": after[f"{side}_note"] for side in SIDES})
    columns.update(updated_at=datetime.now(), updated_by=actor)
    if stored is None:
        connection.execute(
            insert(score_entry).values(
                period=key.period,
                subject_type=key.subject.subject_type,
                subject_id=key.subject.id,
                indicator=key.indicator,
                **columns,
            )
        )
        record_change(connection, actor, action, "score_entry", key.audit_key, after=after)
    else:
        connection.execute(update(score_entry).where(score_entry.c.id == stored.id).values(columns))
        record_change(
            connection, actor, action, "score_entry", key.audit_key, before=before, after=after
        )
    return outcomes


def enter_score(
    connection: Connection,
    subject_name: str,
    *,
    period: str,
    indicator: str,
    points: str | None = None,
    count: str | None = None,
    self_assessed: bool = False,
    note: str | None = None,
    subject_type: str | None = None,
    actor: str,
) -> dict:
    """Enter one indicator's points (or item count) for a subject and quarter, as reviewed
    or (`self_assessed`) as the subject's own assessment. Re-entering the same value changes
    nothing. Returns what was stored and the outcome (`added`, `updated`, `unchanged`)."""
    rules = EntryRules(connection)
    label = rules.quarter(period)
    subject = rules.subject(subject_name, subject_type, label)
    found = rules.indicator(label, subject, indicator)
    if points is not None and count is not None:
        raise InvalidInput("entry_points_or_count")
    if takes_count(found):
        if count is None:
            raise InvalidInput(
                "entry_needs_count", code=found.code, each=f"{found.points_each:.2f}"
            )
        hundredths = rules.value(found, count, "--count")
    else:
        if points is None:
            raise InvalidInput("entry_needs_points", code=found.code)
        hundredths = rules.value(found, points, "--points")
    side = "self" if self_assessed else "reviewed"
    key = EntryKey(label, subject, found.code)
    outcomes = store_values(
        connection,
        key,
        stored_entry(connection, key),
        {side: (hundredths, clean_note(note))},
        actor=actor,
        action="enter",
    )
    return {
        "period": label,
        "subject": subject.name,
        "indicator": found.code,
        "side": side,
        "value": from_hundredths(hundredths),
        "is_count": takes_count(found),
        "points_each": found.points_each,
        "outcome": outcomes[side],
    }


# --- vetoes ----------------------------------------------------------------------------------


def set_veto(
    connection: Connection,
    subject_name: str,
    *,
    period: str,
    reason: str,
    subject_type: str | None = None,
    actor: str,
) -> dict:
    """Veto (一票否决) a subject for a quarter: its total is zero and it has no stars. A new
    reason replaces the old one; the same reason changes nothing."""
    rules = EntryRules(connection)
    label = rules.quarter(period)
    subject = rules.subject(subject_name, subject_type, label)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("empty_veto_reason")
    stored = _stored_veto(connection, label, subject)
    result = {"period": label, "subject": subject.name, "reason": reason}
    if stored is not None and stored.reason == reason:
        return {**result, "outcome": "unchanged"}
    audit_key = f"{label}/{subject.name}"
    values = {"reason": reason, "entered_at": datetime.now(), "entered_by": actor}
    if stored is None:
        connection.execute(
            insert(score_veto).values(
                period=label, subject_type=subject.subject_type, subject_id=subject.id, **values
            )
        )
        record_change(connection, actor, "veto", "score_veto", audit_key, after={"reason": reason})
        return {**result, "outcome": "added"}
    connection.execute(update(score_veto).where(*_veto_match(label, subject)).values(**values))
    record_change(
        connection,
        actor,
        "veto",
        "score_veto",
        audit_key,
        before={"reason": stored.reason},
        after={"reason": reason},
    )
    return {**result, "outcome": "updated"}


def clear_veto(
    connection: Connection,
    subject_name: str,
    *,
    period: str,
    subject_type: str | None = None,
    actor: str,
) -> dict:
    """Lift a subject's veto for a quarter; refused when it has none."""
    rules = EntryRules(connection)
    label = rules.quarter(period)
    subject = rules.subject(subject_name, subject_type, label)
    stored = _stored_veto(connection, label, subject)
    if stored is None:
        raise NotFound("no_veto", subject=subject.name, period=label)
    connection.execute(score_veto.delete().where(*_veto_match(label, subject)))
    record_change(
        connection,
        actor,
        "clear",
        "score_veto",
        f"{label}/{subject.name}",
        before={"reason": stored.reason},
    )
    return {"period": label, "subject": subject.name, "reason": stored.reason}


def _veto_match(label: str, subject: Subject) -> tuple:
    return (
        score_veto.c.period == label,
        score_veto.c.subject_type == subject.subject_type,
        score_veto.c.subject_id == subject.id,
    )


def _stored_veto(connection: Connection, label: str, subject: Subject) -> Row | None:
    return connection.execute(select(score_veto).where(*_veto_match(label, subject))).first()


# --- reading, for the computation ------------------------------------------------------------


@dataclass(frozen=True)
class UsedEntry:
    """The value the computation uses for one entry, and where it came from."""

    value: Decimal  # points, or for a per-item indicator the count
    side: str  # reviewed, or self when there is no reviewed value
    note: str | None  # the note of that side
    self_value: Decimal | None
    reviewed_value: Decimal | None


def used_entries(
    connection: Connection, period_label: str
) -> dict[tuple[str, int, str], UsedEntry]:
    """(subject type, subject id, indicator) -> the value used for the quarter: the reviewed
    value where there is one, else the self-assessed one; with notes, for `score explain`."""
    used = {}
    for row in connection.execute(select(score_entry).where(score_entry.c.period == period_label)):
        side = "reviewed" if row.reviewed_hundredths is not None else "self"
        hundredths = row.reviewed_hundredths if side == "reviewed" else row.self_hundredths
        used[(row.subject_type, row.subject_id, row.indicator)] = UsedEntry(
            value=from_hundredths(hundredths),
            side=side,
            note=row.reviewed_note if side == "reviewed" else row.self_note,
            self_value=from_hundredths(row.self_hundredths),
            reviewed_value=from_hundredths(row.reviewed_hundredths),
        )
    return used


def entry_values(connection: Connection, period_label: str) -> dict[tuple[str, int, str], Decimal]:
    """(subject type, subject id, indicator) -> the value used (reviewed, else self)."""
    return {key: entry.value for key, entry in used_entries(connection, period_label).items()}


def vetoes(connection: Connection, period_label: str) -> dict[tuple[str, int], str]:
    """(subject type, subject id) -> the reason of its veto in the quarter."""
    rows = connection.execute(
        select(score_veto.c.subject_type, score_veto.c.subject_id, score_veto.c.reason).where(
            score_veto.c.period == period_label
        )
    )
    return {(row.subject_type, row.subject_id): row.reason for row in rows}


# --- listings --------------------------------------------------------------------------------


def quarters_of(period: str) -> list[str]:
    """The quarter labels a period covers (`2025` -> its four quarters)."""
    return parse_period(period).quarters()


def _subject_name_columns(table):
    """The subject's name for rows keyed by (subject_type, subject_id)."""
    org = organisation.alias("entry_org")
    group = alliance.alias("entry_alliance")
    name = func.coalesce(org.c.name, group.c.name).label("subject")
    joined = table.outerjoin(
        org, and_(table.c.subject_type == "organisation", org.c.id == table.c.subject_id)
    ).outerjoin(group, and_(table.c.subject_type == "alliance", group.c.id == table.c.subject_id))
    return name, joined


def _subject_order(table):
    return case((table.c.subject_type == "organisation", 0), else_=1)


def list_entries(
    connection: Connection,
    *,
    period: str | None = None,
    subject_name: str | None = None,
    subject_type: str | None = None,
    differs: bool = False,
) -> list[dict]:
    """Entries with both values and the value used, by quarter, subject (organisations
    first) and indicator in scheme order. `differs`: only those whose self-assessed and
    reviewed values both exist and differ."""
    name, joined = _subject_name_columns(score_entry)
    query = select(score_entry, name).select_from(joined)
    if period is not None:
        query = query.where(score_entry.c.period.in_(quarters_of(period)))
    if subject_name is not None:
        subject = find_subject(connection, subject_name, subject_type)
        query = query.where(
            score_entry.c.subject_type == subject.subject_type,
            score_entry.c.subject_id == subject.id,
        )
    if differs:
        query = query.where(
            score_entry.c.self_hundredths.is_not(None),
            score_entry.c.reviewed_hundredths.is_not(None),
            score_entry.c.self_hundredths != score_entry.c.reviewed_hundredths,
        )
    schemes: dict[str, Scheme] = {}
    rows = []
    for row in connection.execute(query):
        if row.period not in schemes:
            schemes[row.period] = scheme_in_force(connection, row.period).scheme
        scheme = schemes[row.period]
        found = scheme.indicator(row.indicator)
        used = row.reviewed_hundredths
        if used is None:
            used = row.self_hundredths
        rows.append(
            {
                "period": row.period,
                "subject": row.subject,
                "subject_type": row.subject_type,
                "indicator": row.indicator,
                "indicator_name": found.name if found else None,
                "self": from_hundredths(row.self_hundredths),
                "self_note": row.self_note,
                "reviewed": from_hundredths(row.reviewed_hundredths),
                "reviewed_note": row.reviewed_note,
                "used": from_hundredths(used),
                "is_count": bool(found and takes_count(found)),
                "_order": scheme.indicators.index(found) if found else len(scheme.indicators),
            }
        )
    # Within a quarter and subject, indicators in the order of the scheme.
    ordered = sorted(
        rows,
        key=lambda r: (
            r["period"],
            r["subject_type"] != "organisation",
            r["subject"],
            r["_order"],
            r["indicator"],
        ),
    )
    for row in ordered:
        del row["_order"]
    return ordered


def list_vetoes(connection: Connection, *, period: str | None = None) -> list[dict]:
    """Vetoes by quarter and subject (organisations first), with their reasons."""
    name, joined = _subject_name_columns(score_veto)
    query = (
        select(score_veto, name)
        .select_from(joined)
        .order_by(score_veto.c.period, _subject_order(score_veto), name)
    )
    if period is not None:
        query = query.where(score_veto.c.period.in_(quarters_of(period)))
    return [
        {
            "period": row.period,
            "subject": row.subject,
            "subject_type": row.subject_type,
            "reason": row.reason,
            "entered_at": row.entered_at.replace(microsecond=0),
            "entered_by": row.entered_by,
        }
        for row in connection.execute(query)
    ]


def score_audit(connection: Connection, *, period: str | None = None) -> list[dict]:
    """The audit trail of scoring (entities `score_...`), oldest first; with `period`, only
    the changes whose key starts with its label (`2025` also matches 2025Q1 and 2025H1)."""
    query = (
        select(audit_log)
        .where(audit_log.c.entity.startswith("score_", autoescape=True))
        .order_by(audit_log.c.id)
    )
    if period is not None:
        label = parse_period(period).label
        query = query.where(audit_log.c.entity_key.startswith(label, autoescape=True))
    return [
        {
            "at": row.at.replace(microsecond=0),
            "actor": row.actor,
            "action": row.action,
            "entity": row.entity,
            "entity_key": row.entity_key,
            "before": row.before,
            "after": row.after,
        }
        for row in connection.execute(query)
    ]
