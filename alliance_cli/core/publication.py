"""Publishing a quarter's airing (晾晒): a frozen snapshot with a SHA-256, a lock, and checks.

The snapshot is canonical JSON (keys sorted, no spaces, UTF-8, every number as text with two
decimals), so the same results always give the same bytes and the same hash. While a quarter
is published it is locked: commands that would change its records or entries are refused
(core/locks.py). `verify` says whether the stored snapshot still has its hash, whether the
stored results still match it, and whether the records still give the same results.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import NotFound, RuleViolation
from alliance_cli.core.exact import hundredths_text
from alliance_cli.core.locks import live_lock, refuse_if_locked
from alliance_cli.core.periods import Period
from alliance_cli.core.scoring import (
    MEMBERS_INDICATOR,
    QuarterScores,
    score_quarter,
    store_scores,
)
from alliance_cli.storage.models import (
    score_point,
    score_publication,
    score_result,
)


def snapshot_of(scores: QuarterScores) -> dict:
    """The airing as plain data, in published order."""
    subjects = []
    for score in scores.scores:
        points = {t.indicator.code: f"{t.points:.2f}" for t in score.terms}
        if score.aggregate is not None:
            points[MEMBERS_INDICATOR] = f"{score.aggregate:.2f}"
        subjects.append(
            {
                "type": score.subject.subject_type,
                "id": score.subject.id,
                "name": score.subject.name,
                "category": score.subject.category,
                "total": f"{score.total:.2f}",
                "rank": score.rank,
                "category_rank": score.category_rank,
                "stars": score.stars,
                "rank_change": score.rank_change,
                "stars_change": score.stars_change,
                "veto": score.veto,
                "points": points,
            }
        )
    return {
        "period": scores.period.label,
        "scheme": {"version": scores.version.scheme.version, "sha256": scores.version.sha256},
        "subjects": subjects,
    }


def canonical(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compute_and_store(connection: Connection, period: Period, *, actor: str) -> QuarterScores:
    """`score compute`: the quarter's results from the records, stored; refused while the
    quarter is published."""
    refuse_if_locked(connection, period=period.label)
    scores = score_quarter(connection, period)
    store_scores(connection, scores, actor=actor)
    return scores


def publish(connection: Connection, period: Period, *, actor: str) -> dict:
    """Compute the quarter once more, store it, and freeze it as the published airing."""
    refuse_if_locked(connection, period=period.label)
    scores = score_quarter(connection, period)
    scheme_id = store_scores(connection, scores, actor=actor)
    text = canonical(snapshot_of(scores))
    sha = digest(text)
    now = datetime.now()
    connection.execute(
        insert(score_publication).values(
            period=period.label,
            scheme_id=scheme_id,
            snapshot=text,
            sha256=sha,
            published_at=now,
            published_by=actor,
        )
    )
    record_change(
        connection,
        actor,
        "publish",
        "score_publication",
        period.label,
        after={"sha256": sha, "subjects": len(scores.scores)},
    )
    return {"period": period.label, "sha256": sha, "subjects": len(scores.scores)}


def unlock(connection: Connection, period: Period, *, reason: str, actor: str) -> dict:
    lock = live_lock(connection, period.label)
    if lock is None:
        raise RuleViolation("period_not_locked", period=period.label)
    if not reason.strip():
        raise RuleViolation("unlock_needs_reason")
    connection.execute(
        update(score_publication)
        .where(score_publication.c.id == lock.id)
        .values(unlocked_at=datetime.now(), unlocked_by=actor, unlock_reason=reason.strip())
    )
    record_change(
        connection,
        actor,
        "unlock",
        "score_publication",
        period.label,
        before={"sha256": lock.sha256, "published_at": lock.published_at},
        after={"reason": reason.strip()},
    )
    return {"period": period.label, "sha256": lock.sha256}


@dataclass
class Verification:
    period: str
    sha256: str
    hash_intact: bool  # the stored snapshot still has its hash
    results_match: bool  # the stored results are the snapshot's
    records_match: bool  # the records still give the snapshot
    differences: list[tuple[str, str, str, str]]  # (subject, field, published, now)

    @property
    def intact(self) -> bool:
        return self.hash_intact and self.results_match and self.records_match


def verify(connection: Connection, period: Period) -> Verification:
    """Check the live (else the latest) publication of the quarter."""
    row = (
        live_lock(connection, period.label)
        or connection.execute(
            select(score_publication)
            .where(score_publication.c.period == period.label)
            .order_by(score_publication.c.id.desc())
        ).first()
    )
    if row is None:
        raise NotFound("not_published", period=period.label)
    hash_intact = digest(row.snapshot) == row.sha256
    try:
        published = json.loads(row.snapshot)
    except ValueError:
        published = {"subjects": []}
        hash_intact = False
    now = snapshot_of(score_quarter(connection, period))
    differences = _differences(published, now)
    stored = _stored_snapshot_subjects(connection, period.label)
    results_match = _comparable(published.get("subjects", [])) == stored
    return Verification(
        period.label, row.sha256, hash_intact, results_match, not differences, differences
    )


FIELDS = ("total", "rank", "category_rank", "stars", "rank_change", "stars_change", "veto")


def _differences(published: dict, now: dict) -> list[tuple[str, str, str, str]]:
    before = {(s["type"], s["id"]): s for s in published.get("subjects", [])}
    after = {(s["type"], s["id"]): s for s in now["subjects"]}
    found = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        name = (old or new)["name"]
        if old is None or new is None:
            found.append(
                (name, "subject", "" if old is None else "yes", "" if new is None else "yes")
            )
            continue
        for name_of_field in FIELDS:
            if old.get(name_of_field) != new.get(name_of_field):
                found.append(
                    (name, name_of_field, str(old.get(name_of_field)), str(new.get(name_of_field)))
                )
        for code in sorted(set(old["points"]) | set(new["points"])):
            if old["points"].get(code) != new["points"].get(code):
                found.append(
                    (name, code, str(old["points"].get(code)), str(new["points"].get(code)))
                )
    if published.get("scheme") != now["scheme"]:
        found.append(("", "scheme", str(published.get("scheme")), str(now["scheme"])))
    return found


def _comparable(subjects: list[dict]) -> dict:
    return {
        (s["type"], s["id"]): (s["total"], s["rank"], s["category_rank"], s["stars"], s["points"])
        for s in subjects
    }


def _stored_snapshot_subjects(connection: Connection, label: str) -> dict:
    points: dict[tuple[str, int], dict[str, str]] = {}
    for r in connection.execute(select(score_point).where(score_point.c.period == label)):
        points.setdefault((r.subject_type, r.subject_id), {})[r.indicator] = hundredths_text(
            r.points_hundredths
        )
    return {
        (r.subject_type, r.subject_id): (
            hundredths_text(r.total_hundredths),
            r.rank,
            r.category_rank,
            r.stars,
            points.get((r.subject_type, r.subject_id), {}),
        )
        for r in connection.execute(select(score_result).where(score_result.c.period == label))
    }
