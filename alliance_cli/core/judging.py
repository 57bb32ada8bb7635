"""Judges' scores (擂台赛): a contestant's result is a trimmed mean of its judges' points.

Default rule (the scheme may override): with at least 5 judges drop one highest and one
lowest score; with 4 drop only the highest; with 3 or fewer take the plain mean. Results are
exact decimals rounded half-up to two places, so equal scores always give equal results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from alliance_cli.core.exact import mean_to_cent


@dataclass(frozen=True)
class TrimRule:
    """How many scores to drop from each end, by number of judges: with at least
    `both_from` judges drop `high` highest and `low` lowest; with at least `high_only_from`
    drop only `high` highest; with fewer, drop none."""

    both_from: int = 5
    high_only_from: int = 4
    high: int = 1
    low: int = 1

    def dropped(self, judges: int) -> tuple[int, int]:
        """(highest dropped, lowest dropped) for this many judges."""
        if judges >= self.both_from:
            return self.high, self.low
        if judges >= self.high_only_from:
            return self.high, 0
        return 0, 0


DEFAULT_TRIM = TrimRule()


def kept_scores(scores: Sequence[Decimal], rule: TrimRule = DEFAULT_TRIM) -> list[Decimal]:
    """The scores that count, in ascending order."""
    ordered = sorted(scores)
    high, low = rule.dropped(len(ordered))
    if high + low >= len(ordered):
        return ordered  # a rule that would drop everything keeps everything
    return ordered[low : len(ordered) - high]


def trimmed_mean(scores: Sequence[Decimal], rule: TrimRule = DEFAULT_TRIM) -> Decimal:
    """The mean of the kept scores, to two places; refuses an empty list."""
    if not scores:
        raise ValueError("no scores")
    return mean_to_cent(kept_scores(scores, rule))
