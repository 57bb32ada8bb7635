"""The airing table (晾晒) of a quarter: what is published, or else what was last computed.

A published quarter is read from its frozen snapshot, never recomputed, so the airing a
village was shown is the airing it can ask about later. An unpublished quarter is read from
the stored results of the last `score compute`, marked as not published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection, select

from alliance_cli.core.errors import NotFound
from alliance_cli.core.exact import from_hundredths
from alliance_cli.core.locks import live_lock
from alliance_cli.core.periods import Period
from alliance_cli.storage.models import alliance, organisation, score_result, score_veto


@dataclass
class Airing:
    period: str
    published: bool
    sha256: str | None
    rows: list[dict]  # in published order: organisations, then alliances


def airing(connection: Connection, period: Period) -> Airing:
    lock = live_lock(connection, period.label)
    if lock is not None:
        snapshot = json.loads(lock.snapshot)
        rows = [_row_from_snapshot(s) for s in snapshot["subjects"]]
        return Airing(period.label, True, lock.sha256, rows)
    rows = _stored_rows(connection, period.label)
    if not rows:
        raise NotFound("not_computed", period=period.label)
    return Airing(period.label, False, None, rows)


def _row_from_snapshot(subject: dict) -> dict:
    return {
        "subject_type": subject["type"],
        "subject_id": subject["id"],
        "name": subject["name"],
        "category": subject["category"],
        "total": Decimal(subject["total"]),
        "rank": subject["rank"],
        "category_rank": subject["category_rank"],
        "stars": subject["stars"],
        "rank_change": subject["rank_change"],
        "stars_change": subject["stars_change"],
        "veto": subject["veto"],
    }


def _stored_rows(connection: Connection, label: str) -> list[dict]:
    names = {("organisation", i): n for i, n in connection.execute(
        select(organisation.c.id, organisation.c.name))}  # fmt: skip
    names.update(
        {("alliance", i): n for i, n in connection.execute(select(alliance.c.id, alliance.c.name))}
    )
    vetoes = {
        (r.subject_type, r.subject_id): r.reason
        for r in connection.execute(select(score_veto).where(score_veto.c.period == label))
    }
    rows = [
        {
            "subject_type": r.subject_type,
            "subject_id": r.subject_id,
            "name": names[(r.subject_type, r.subject_id)],
            "category": r.category,
            "total": from_hundredths(r.total_hundredths),
            "rank": r.rank,
            "category_rank": r.category_rank,
            "stars": r.stars,
            "rank_change": r.rank_change,
            "stars_change": r.stars_change,
            "veto": vetoes.get((r.subject_type, r.subject_id)) if r.vetoed else None,
        }
        for r in connection.execute(select(score_result).where(score_result.c.period == label))
    ]
    order = {"organisation": 0, "alliance": 1}
    rows.sort(key=lambda row: (order[row["subject_type"]], row["rank"], row["name"]))
    return rows


def latest_scored_quarter(connection: Connection) -> str | None:
    """The newest quarter with stored results, for `report airing` without a period."""
    labels = list(connection.execute(select(score_result.c.period).distinct()).scalars())
    return max(labels, key=lambda label: (int(label[:4]), int(label[5:])), default=None)


def self_review_gaps(connection: Connection, label: str) -> dict[tuple[str, int], list[tuple]]:
    """Per subject, the entries of the quarter whose self-assessed and reviewed values
    differ: (indicator, self, reviewed), by indicator code."""
    from alliance_cli.storage.models import score_entry

    rows = connection.execute(
        select(score_entry)
        .where(
            score_entry.c.period == label,
            score_entry.c.self_hundredths.is_not(None),
            score_entry.c.reviewed_hundredths.is_not(None),
            score_entry.c.self_hundredths != score_entry.c.reviewed_hundredths,
        )
        .order_by(score_entry.c.indicator)
    )
    gaps: dict[tuple[str, int], list[tuple]] = {}
    for r in rows:
        gaps.setdefault((r.subject_type, r.subject_id), []).append(
            (
                r.indicator,
                from_hundredths(r.self_hundredths),
                from_hundredths(r.reviewed_hundredths),
            )
        )
    return gaps
