"""Period locks: a published quarter (晾晒) is frozen until it is explicitly unlocked.

The live lock of a quarter is its publication row without `unlocked_at`; unlocking keeps the
row with its reason, so a quarter may have several publications but at most one live lock.
Every command that would change what a quarter's airing counted — its score entries and
vetoes, and the records dated inside it — asks here first and is refused with a message that
names the lock and how to reopen it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, Row, select

from alliance_cli.core.errors import RuleViolation
from alliance_cli.core.periods import Period, parse_period, quarter_of
from alliance_cli.storage.models import score_publication


def live_lock(connection: Connection, period_label: str) -> Row | None:
    """The publication that holds `period_label` locked, or None when it is open."""
    return connection.execute(
        select(score_publication)
        .where(
            score_publication.c.period == period_label,
            score_publication.c.unlocked_at.is_(None),
        )
        .order_by(score_publication.c.published_at.desc(), score_publication.c.id.desc())
        .limit(1)
    ).first()


def _when(moment: datetime | date | str | None) -> str:
    if isinstance(moment, datetime):
        return moment.isoformat(sep=" ", timespec="minutes")
    if isinstance(moment, date):
        return moment.isoformat()
    return "" if moment is None else str(moment)


def locked_error(lock: Row) -> RuleViolation:
    """The refusal for a change to the period `lock` holds."""
    return RuleViolation(
        "period_locked",
        period=lock.period,
        published_at=_when(lock.published_at),
        published_by=lock.published_by,
    )


def _labels_to_check(day: date | None, period: str | Period | None) -> list[str]:
    """The label itself, and for a half, a year or a month the quarters it overlaps, so that
    a change to a half-year's records is refused when one of its quarters is published."""
    labels: list[str] = []
    if day is not None:
        labels.append(quarter_of(day).label)
    if period is not None:
        span = period if isinstance(period, Period) else parse_period(period)
        labels.append(span.label)
        labels += [label for label in span.quarters() if label not in labels]
    return labels


def refuse_if_locked(
    connection: Connection, *, day: date | None = None, period: str | Period | None = None
) -> None:
    """Refuse (RuleViolation `period_locked`) a change to a published quarter: the quarter
    of `day`, or the period `period` (a quarter label, or a longer period whose quarters are
    checked one by one)."""
    for label in _labels_to_check(day, period):
        lock = live_lock(connection, label)
        if lock is not None:
            raise locked_error(lock)


def locked_quarters(connection: Connection) -> list[tuple[date, date, str]]:
    """Every locked quarter as (first day, day after its last, label), oldest first: for
    bulk checks such as an import of many dated rows (one query instead of one per row)."""
    labels = connection.execute(
        select(score_publication.c.period)
        .where(score_publication.c.unlocked_at.is_(None))
        .distinct()
    ).scalars()
    spans = []
    for label in labels:
        span = parse_period(label)
        if span.kind == "quarter":
            spans.append((span.start, span.end, span.label))
    return sorted(spans)


def locked_quarter_of(quarters: list[tuple[date, date, str]], day: date) -> str | None:
    """The label of the locked quarter (from `locked_quarters`) holding `day`, or None."""
    for start, end, label in quarters:
        if start <= day < end:
            return label
    return None


def refuse_if_locked_from(connection: Connection, day: date) -> None:
    """Refuse a change that takes effect from `day` on — a join, a leave, a founding or a
    dissolution: it changes who is scored in every quarter after that day, so it is refused
    while any quarter ending after `day` is published."""
    for _start, end, label in locked_quarters(connection):
        if end > day:
            raise locked_error(live_lock(connection, label))


def locked_from_problem(quarters: list[tuple[date, date, str]], day: date) -> str | None:
    """The label of the first locked quarter (from `locked_quarters`) a change effective from
    `day` would reach, or None: the bulk form of refuse_if_locked_from."""
    return next((label for _start, end, label in quarters if end > day), None)
