"""Quarterly scores (工作联比共评): points per indicator, totals, ranks, stars and their change.

One function computes a quarter from the records and the scheme in force, the same way for
`score compute` (which stores the results) and for `score explain` (which shows where each
point came from), so an explanation always adds up to the stored total.

Arithmetic: every indicator's points are an exact Decimal rounded half-up to two places and
then kept between the indicator's min and max; a total is the plain sum of its indicators'
points. An alliance's total is the mean, median or sum (the scheme's `aggregation`, rounded
half-up to two places) of the totals of the organisations that belonged to it during the
quarter, plus its own alliance-level indicators. A veto (一票否决) makes the total 0 and the
stars none; the vetoed subject is still ranked, with 0.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Connection, delete, insert, select

from alliance_cli.core.errors import InvalidInput
from alliance_cli.core.exact import CENT, ZERO, mean_to_cent, to_hundredths
from alliance_cli.core.lookup import period_named
from alliance_cli.core.periods import Period
from alliance_cli.core.ranking import cap_stars, rank_changes, rank_order, stars_for
from alliance_cli.core.scheme import Indicator, Scheme
from alliance_cli.core.scheme_versions import SchemeVersion, scheme_in_force, stored_scheme_id
from alliance_cli.core.score_entries import entry_values, is_enterable
from alliance_cli.core.score_entries import vetoes as quarter_vetoes
from alliance_cli.core.score_metrics import Measure, QuarterMetrics
from alliance_cli.core.subjects import (
    Subject,
    members_during,
    scored_alliances,
    scored_organisations,
)
from alliance_cli.storage.models import activity, score_point, score_result

MEMBERS_INDICATOR = "_members"  # an alliance's figure from its members' totals


@dataclass(frozen=True)
class Term:
    """One indicator's contribution to one subject's total."""

    indicator: Indicator
    quantity: Decimal | None  # what was counted or entered (None: nothing entered)
    base: Decimal | None  # for rates: how many were due
    raw: Decimal  # before the cap
    points: Decimal  # after rounding and the cap

    @property
    def capped(self) -> bool:
        return self.points != self.raw.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class SubjectScore:
    subject: Subject
    terms: list[Term]
    total: Decimal
    veto: str | None = None  # the reason, when vetoed
    members: list[tuple[Subject, Decimal]] = field(default_factory=list)  # alliances
    aggregate: Decimal | None = None  # alliances: from the members' totals
    rank: int = 0
    category_rank: int = 0
    stars: int = 0
    rank_change: int | None = None
    stars_change: int | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.subject.subject_type, self.subject.id)


@dataclass
class QuarterScores:
    period: Period
    version: SchemeVersion
    scores: list[SubjectScore]  # organisations then alliances, each in published order

    def of(self, subject_type: str) -> list[SubjectScore]:
        return [s for s in self.scores if s.subject.subject_type == subject_type]

    def find(self, subject_type: str, subject_id: int) -> SubjectScore | None:
        return next(
            (s for s in self.scores if s.key == (subject_type, subject_id)),
            None,
        )


def quarter(text: str, connection: Connection) -> Period:
    """A quarter from what the clerk typed; `latest`/`previous` follow the newest activity."""
    period = period_named(connection, text, activity.c.held_on)
    if period.kind != "quarter":
        raise InvalidInput("not_a_quarter", value=text)
    return period


# --- points of one indicator (pure) -------------------------------------------------------


def term_for(indicator: Indicator, counted: Measure | None, entered: Decimal | None) -> Term:
    """The points an indicator gives for what was counted (automatic) or entered (manual,
    per-item entries)."""
    source = indicator.source
    quantity: Decimal | None
    base = None
    if source == "manual":
        quantity = entered
        raw = entered if entered is not None else ZERO
    elif source == "per_item" and indicator.items == "entry":
        quantity = entered
        raw = (entered or ZERO) * indicator.points_each
    else:
        quantity = counted.quantity if counted else ZERO
        base = counted.base if counted else None
        if source == "per_item":
            raw = quantity * indicator.points_each
        elif source in ("attendees", "hours"):
            raw = indicator.rate * quantity / indicator.per
        elif source in ("wish_fulfilment", "project_completion"):
            raw = indicator.maximum * quantity / base if base else ZERO
        else:
            raw = quantity * indicator.points_per
    rounded = raw.quantize(CENT, rounding=ROUND_HALF_UP)
    points = min(max(rounded, indicator.minimum), indicator.maximum)
    if not points:
        points = ZERO  # never -0.00
    return Term(indicator, quantity, base, raw, points)


def aggregate(values: list[Decimal], how: str) -> Decimal:
    """An alliance's figure from its members' totals."""
    if not values:
        return ZERO
    if how == "sum":
        result = sum(values, ZERO)
    elif how == "median":
        result = statistics.median(values)
    else:
        return mean_to_cent(values)
    return Decimal(result).quantize(CENT, rounding=ROUND_HALF_UP)


# --- a whole quarter ----------------------------------------------------------------------


def score_quarter(connection: Connection, period: Period) -> QuarterScores:
    """Every subject's points, total, ranks and stars for a quarter; stores nothing."""
    version = scheme_in_force(connection, period)
    scheme = version.scheme
    start, end = period.start, period.end
    entries = entry_values(connection, period.label)
    vetoes = quarter_vetoes(connection, period.label)

    organisations = scored_organisations(connection, start, end)
    org_scores = _score_subjects(connection, scheme, "organisation", organisations, period, entries)
    totals = {}
    for score in org_scores:
        _apply_veto(score, vetoes)
        totals[score.subject.id] = score.total

    alliances = scored_alliances(connection, start, end)
    members = members_during(connection, start, end)
    by_id = {s.subject.id: s.subject for s in org_scores}
    alliance_scores = _score_subjects(connection, scheme, "alliance", alliances, period, entries)
    for score in alliance_scores:
        member_ids = sorted(members.get(score.subject.id, ()), key=lambda i: by_id[i].name)
        score.members = [(by_id[i], totals[i]) for i in member_ids if i in by_id]
        score.aggregate = aggregate([t for _, t in score.members], scheme.aggregation)
        score.total = score.aggregate + sum((t.points for t in score.terms), ZERO)
        _apply_veto(score, vetoes)

    previous = _stored_standing(connection, period.previous().label)
    ordered = []
    for group in (org_scores, alliance_scores):
        ordered += _rank_and_star(group, scheme, previous)
    return QuarterScores(period, version, ordered)


def _score_subjects(
    connection: Connection,
    scheme: Scheme,
    subject_type: str,
    subjects: list[Subject],
    period: Period,
    entries: dict,
) -> list[SubjectScore]:
    indicators = scheme.for_subject(subject_type)
    metrics = QuarterMetrics(connection, subject_type, period.start, period.end)
    fed = {}
    if any(i.feed == "inspection" for i in indicators):
        from alliance_cli.core.inspections import inspection_points

        fed = inspection_points(connection, period.label)
    counted = {i.code: metrics.measure(i) for i in indicators if not is_enterable(i)}
    scores = []
    for subject in subjects:
        terms = [
            term_for(
                i,
                counted.get(i.code, {}).get(subject.id),
                _entered(i, entries.get((subject_type, subject.id, i.code)), fed, subject),
            )
            for i in indicators
            if subject_type == "alliance" or i.applies_to(subject.category)
        ]
        scores.append(SubjectScore(subject, terms, sum((t.points for t in terms), ZERO)))
    return scores


def _entered(indicator: Indicator, entry: Decimal | None, fed: dict, subject: Subject):
    """The entered value; for an indicator fed by inspections, the inspection points when
    the clerk entered nothing (an entry always wins)."""
    if entry is None and indicator.feed == "inspection":
        points = fed.get((subject.subject_type, subject.id))
        if points is not None and indicator.scale is not None:
            points = points * indicator.scale
        return points
    return entry


def _apply_veto(score: SubjectScore, vetoes: dict) -> None:
    reason = vetoes.get(score.key)
    if reason is not None:
        score.veto = reason
        score.total = ZERO


def _rank_and_star(
    scores: list[SubjectScore], scheme: Scheme, previous: dict[tuple[str, int], tuple[int, int]]
) -> list[SubjectScore]:
    def tie_break(score: SubjectScore) -> Decimal:
        if scheme.tie_break is None or score.veto:
            return ZERO
        return next((t.points for t in score.terms if t.indicator.code == scheme.tie_break), ZERO)

    def name(score: SubjectScore) -> str:
        return score.subject.name

    ranked = rank_order(scores, lambda s: s.total, name, tie_break)
    for item in ranked:
        item.subject.rank = item.rank
    by_category: dict[str, list[SubjectScore]] = {}
    for score in scores:
        by_category.setdefault(score.subject.category, []).append(score)
    for members in by_category.values():
        for item in rank_order(members, lambda s: s.total, name, tie_break):
            item.subject.category_rank = item.rank
    order = [item.subject for item in ranked]
    levels = {id(s): 0 if s.veto else stars_for(s.total, scheme.star_thresholds) for s in order}
    capped = cap_stars(levels, [id(s) for s in order], scheme.star_caps)
    changes = rank_changes(
        {s.key: s.rank for s in order}, {key: rank for key, (rank, _) in previous.items()}
    )
    for score in order:
        score.stars = capped[id(score)]
        score.rank_change = changes[score.key]
        before = previous.get(score.key)
        if before is not None:
            score.stars_change = score.stars - before[1]
    return order


def _stored_standing(connection: Connection, label: str) -> dict[tuple[str, int], tuple[int, int]]:
    rows = connection.execute(
        select(
            score_result.c.subject_type,
            score_result.c.subject_id,
            score_result.c.rank,
            score_result.c.stars,
        ).where(score_result.c.period == label)
    )
    return {(r.subject_type, r.subject_id): (r.rank, r.stars) for r in rows}


def store_scores(connection: Connection, scores: QuarterScores, *, actor: str) -> int:
    """Replace the stored results of the quarter; returns the scheme id used."""
    label = scores.period.label
    scheme_id = stored_scheme_id(connection, scores.version, actor=actor)
    connection.execute(delete(score_point).where(score_point.c.period == label))
    connection.execute(delete(score_result).where(score_result.c.period == label))
    now = datetime.now()
    results, points = [], []
    for score in scores.scores:
        subject = score.subject
        results.append(
            {
                "period": label,
                "subject_type": subject.subject_type,
                "subject_id": subject.id,
                "scheme_id": scheme_id,
                "category": subject.category,
                "total_hundredths": to_hundredths(score.total),
                "rank": score.rank,
                "category_rank": score.category_rank,
                "stars": score.stars,
                "rank_change": score.rank_change,
                "stars_change": score.stars_change,
                "vetoed": score.veto is not None,
                "computed_at": now,
            }
        )
        points += [
            {
                "period": label,
                "subject_type": subject.subject_type,
                "subject_id": subject.id,
                "indicator": term.indicator.code,
                "points_hundredths": to_hundredths(term.points),
            }
            for term in score.terms
        ]
        if score.aggregate is not None:
            points.append(
                {
                    "period": label,
                    "subject_type": subject.subject_type,
                    "subject_id": subject.id,
                    "indicator": MEMBERS_INDICATOR,
                    "points_hundredths": to_hundredths(score.aggregate),
                }
            )
    if results:
        connection.execute(insert(score_result), results)
    if points:
        connection.execute(insert(score_point), points)
    return scheme_id
