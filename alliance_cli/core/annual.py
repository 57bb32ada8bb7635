"""The annual evaluation (年度考评) and the demonstration points (示范点).

A subject's year combines three parts with the weights of the scheme in force for the year's
first quarter:

- quarters: the mean of its quarterly totals over the quarters it was scored in; a published
  quarter counts as published (its snapshot), any other quarter as the records give it now;
- arena: per half with an arena of its subject type, its rank points (or its result, when the
  scheme gives no rank points); a subject that did not take part in a held arena gets 0 for
  that half; the mean over the halves held;
- mutual: the mean of its peers' ratings (organisations only); an organisation nobody rated
  gets 0 when ratings were held.

A part that was not held at all that year for a subject type (no arena in either half, no
mutual ratings, or mutual evaluation for alliances) is left out and the other weights are
scaled up to make 1, so that a township that runs no arena is not marked down for it.
Totals are rounded half-up to two places. A veto in any quarter makes the year 0 and the
lowest grade when the scheme says `veto_carries = "year"`; with "quarter" only that quarter
counts as 0. Demonstration points are the subjects that held the top star level for at least
`demonstration_quarters` consecutive quarters of the year.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Connection

from alliance_cli.core.arena import arena_results
from alliance_cli.core.exact import CENT, ZERO, mean_to_cent
from alliance_cli.core.locks import live_lock
from alliance_cli.core.mutual import mutual_results
from alliance_cli.core.periods import Period
from alliance_cli.core.ranking import rank_order
from alliance_cli.core.scheme_versions import scheme_in_force
from alliance_cli.core.scoring import score_quarter
from alliance_cli.core.subjects import Subject


@dataclass
class QuarterStanding:
    total: Decimal
    stars: int
    veto: str | None
    published: bool


@dataclass
class AnnualResult:
    subject: Subject
    quarters: dict[str, QuarterStanding] = field(default_factory=dict)
    quarter_mean: Decimal = ZERO
    arena: Decimal | None = None
    mutual: Decimal | None = None
    mutual_count: int = 0
    total: Decimal = ZERO
    grade: str = ""
    rank: int = 0
    veto: str | None = None
    top_run: int = 0
    demonstration: bool = False


@dataclass
class AnnualEvaluation:
    year: int
    weights: dict[str, dict[str, Decimal]]  # subject type -> part -> weight used
    results: list[AnnualResult]  # organisations then alliances, in ranked order


def _quarters(year: int, today: date) -> list[Period]:
    return [Period("quarter", year, n) for n in range(1, 5) if date(year, 3 * n - 2, 1) <= today]


def quarter_standings(
    connection: Connection, period: Period
) -> dict[tuple[str, int], tuple[Subject, QuarterStanding]]:
    """Each subject's total, stars and veto for a quarter: published, or as computed now."""
    lock = live_lock(connection, period.label)
    found = {}
    if lock is not None:
        for s in json.loads(lock.snapshot)["subjects"]:
            subject = Subject(s["type"], s["id"], s["name"], s["category"])
            found[(s["type"], s["id"])] = (
                subject,
                QuarterStanding(Decimal(s["total"]), s["stars"], s["veto"], True),
            )
        return found
    for score in score_quarter(connection, period).scores:
        found[score.key] = (
            score.subject,
            QuarterStanding(score.total, score.stars, score.veto, False),
        )
    return found


def evaluate_year(connection: Connection, year: int, *, today: date) -> AnnualEvaluation:
    scheme = scheme_in_force(connection, f"{year}Q1").scheme
    rules = scheme.annual
    top = len(scheme.star_thresholds)
    results: dict[tuple[str, int], AnnualResult] = {}
    for period in _quarters(year, today):
        for key, (subject, standing) in quarter_standings(connection, period).items():
            results.setdefault(key, AnnualResult(subject)).quarters[period.label] = standing

    arenas = {half: arena_results(connection, f"{year}H{half}") for half in (1, 2)}
    mutual = mutual_results(connection, year)
    weights: dict[str, dict[str, Decimal]] = {}
    for subject_type in ("organisation", "alliance"):
        held_halves = [
            rows for rows in arenas.values()
            if any(r["subject"].subject_type == subject_type for r in rows)
        ]  # fmt: skip
        parts = {"quarters": rules.quarters}
        if held_halves and rules.arena:
            parts["arena"] = rules.arena
        if subject_type == "organisation" and mutual and rules.mutual:
            parts["mutual"] = rules.mutual
        weights[subject_type] = parts
        for result in results.values():
            if result.subject.subject_type != subject_type:
                continue
            if "arena" in parts:
                per_half = []
                for rows in held_halves:
                    mine = next((r for r in rows if r["subject"].id == result.subject.id), None)
                    if mine is None:
                        per_half.append(ZERO)
                    else:
                        value = mine["rank_points"]
                        per_half.append(value if value is not None else mine["result"])
                result.arena = mean_to_cent(per_half)
            if "mutual" in parts:
                mean, count = mutual.get(result.subject.id, (ZERO, 0))
                result.mutual, result.mutual_count = mean, count

    for result in results.values():
        parts = weights[result.subject.subject_type]
        result.quarter_mean = mean_to_cent([q.total for q in result.quarters.values()])
        values = {"quarters": result.quarter_mean, "arena": result.arena, "mutual": result.mutual}
        weighted = sum((parts[p] * values[p] for p in parts), ZERO)
        result.total = (weighted / sum(parts.values())).quantize(CENT, rounding=ROUND_HALF_UP)
        vetoes = [q.veto for q in result.quarters.values() if q.veto]
        if vetoes and rules.veto_carries == "year":
            result.veto = vetoes[0]
            result.total = ZERO
        result.grade = next(
            (grade for grade, lowest in rules.grades if result.total >= lowest), rules.lowest_grade
        )
        if result.veto:
            result.grade = rules.lowest_grade
        result.top_run = _longest_top_run(result, year, top)
        result.demonstration = result.top_run >= rules.demonstration_quarters

    ordered = []
    for subject_type in ("organisation", "alliance"):
        group = [r for r in results.values() if r.subject.subject_type == subject_type]
        for item in rank_order(group, lambda r: r.total, lambda r: r.subject.name):
            item.subject.rank = item.rank
            ordered.append(item.subject)
    return AnnualEvaluation(year, weights, ordered)


def _longest_top_run(result: AnnualResult, year: int, top: int) -> int:
    best = run = 0
    for n in range(1, 5):
        standing = result.quarters.get(f"{year}Q{n}")
        run = run + 1 if standing is not None and standing.stars == top else 0
        best = max(best, run)
    return best
