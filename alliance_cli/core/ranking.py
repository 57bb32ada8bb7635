"""Ranks and stars: the rules that turn exact totals into the published order (晾晒).

Pure functions over plain values, so that they can be tested exhaustively and give the same
answer on every engine. Totals are `Decimal`s; nothing here touches a binary float.

- Ranking is standard competition ranking (1, 2, 2, 4): subjects with the same total and the
  same tie-break value share a rank, and the next rank skips as many places as shared it.
  Within a shared rank, and only for the order of listing, names are compared by code point
  (one explicit rule, the same in SQLite and PostgreSQL; PITFALLS.md).
- Stars: the number of thresholds a total reaches (60/70/80/90/95 -> 1-5 by default).
- Star caps: at most a share of the subjects may hold a star level; those over the cap keep
  the next level down, lowest totals first, and the rule then applies to that level too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Generic, TypeVar

Subject = TypeVar("Subject", bound=Hashable)

DEFAULT_STAR_THRESHOLDS = (Decimal(60), Decimal(70), Decimal(80), Decimal(90), Decimal(95))


@dataclass(frozen=True)
class Ranked(Generic[Subject]):
    subject: Subject
    rank: int


def rank_order(
    subjects: Sequence[Subject],
    total: Callable[[Subject], Decimal],
    name: Callable[[Subject], str],
    tie_break: Callable[[Subject], Decimal] | None = None,
) -> list[Ranked[Subject]]:
    """The subjects in published order with their competition ranks.

    Higher totals rank first; among equal totals a higher tie-break value ranks first; a
    subject ties with another only when both are equal. `name` orders tied subjects for
    listing and never changes a rank.
    """

    def strength(subject: Subject) -> tuple[Decimal, Decimal]:
        return (total(subject), tie_break(subject) if tie_break else Decimal(0))

    ordered = sorted(subjects, key=lambda s: (_negated(strength(s)), name(s)))
    ranked: list[Ranked[Subject]] = []
    previous = None
    for position, subject in enumerate(ordered, start=1):
        current = strength(subject)
        rank = ranked[-1].rank if ranked and current == previous else position
        ranked.append(Ranked(subject, rank))
        previous = current
    return ranked


def _negated(values: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    return tuple(-value for value in values)


def stars_for(total: Decimal, thresholds: Sequence[Decimal] = DEFAULT_STAR_THRESHOLDS) -> int:
    """How many thresholds `total` reaches: 0 (no star) up to len(thresholds)."""
    return sum(1 for threshold in thresholds if total >= threshold)


def cap_stars(
    levels: Mapping[Subject, int],
    order: Sequence[Subject],
    caps: Mapping[int, Decimal],
) -> dict[Subject, int]:
    """Star levels after the caps: `caps[level]` is the largest share (0..1) of all subjects
    that may hold that level; the allowed count is rounded down.

    `order` lists every subject from strongest to weakest (the published order), so the
    subjects over a cap that lose a level are the last ones of that level in `order`: lowest
    totals first. Levels are settled from the top down, so a subject demoted from 5 stars can
    be demoted again by a cap on 4 stars.
    """
    result = dict(levels)
    count = len(order)
    for level in sorted(caps, reverse=True):
        allowed = int((caps[level] * count).to_integral_value(rounding=ROUND_FLOOR))
        holders = [subject for subject in order if result[subject] == level]
        for subject in holders[allowed:]:
            result[subject] = level - 1
    return result


def rank_changes(
    current: Mapping[Subject, int], previous: Mapping[Subject, int]
) -> dict[Subject, int | None]:
    """Places gained (+) or lost (-) since the previous period; None for a subject that was
    not ranked then."""
    return {
        subject: (previous[subject] - rank if subject in previous else None)
        for subject, rank in current.items()
    }
