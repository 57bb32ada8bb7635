"""Exact two-place numbers: typed points to stored hundredths, stored hundredths back to
points, and percentages. One set of rules for every module that keeps points or rates, so
that the same value is read, stored and shown alike everywhere; never a binary float."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def hundredths_between(text: object, low: Decimal, high: Decimal) -> int | None:
    """Hundredths of a number typed with at most two decimals and within [low, high]
    ("85.5" -> 8550), or None; the caller names the problem in its own words."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or not low <= value <= high or value != value.quantize(CENT):
        return None
    return int(value * 100)


def to_hundredths(value: Decimal) -> int:
    """A two-place Decimal as stored: 85.50 -> 8550."""
    return int((value * 100).to_integral_value())


def from_hundredths(hundredths: int | None) -> Decimal | None:
    """Stored hundredths as a two-decimal Decimal (8550 -> 85.50); None stays None."""
    if hundredths is None:
        return None
    return (Decimal(hundredths) / 100).quantize(CENT)


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in percent with two decimals, exact (half up); None when nothing was
    counted, so that "nothing due" is never mistaken for 0% or 100%."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def mean_to_cent(values: Sequence[Decimal]) -> Decimal:
    """The mean of `values` rounded half-up to two places, exact; 0.00 for no values."""
    if not values:
        return ZERO
    return (sum(values, ZERO) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def hundredths_text(hundredths: int) -> str:
    """Stored hundredths as text with two decimals, as snapshots and exports write them."""
    return f"{from_hundredths(hundredths):.2f}"
