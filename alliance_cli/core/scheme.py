"""The scoring scheme (考评方案): a human-edited TOML file, checked in full when loaded.

The scheme is data, not code: indicators with their caps and sources, star thresholds and
caps, how alliance totals are formed, the arena's trimming and rank points, and the annual
weights and grades. Every number is read as an exact `Decimal` (TOML floats are re-read from
their text, never through a binary float), so that the same scheme gives the same totals on
every machine. A bad scheme is refused with the place of the first problem, e.g.
`indicator[3].max`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from alliance_cli.core.errors import InvalidInput
from alliance_cli.core.exact import CENT, ZERO
from alliance_cli.core.judging import TrimRule

SUBJECTS = ("organisation", "alliance")
AGGREGATIONS = ("mean", "median", "sum")
VETO_CARRIES = ("year", "quarter")
CATEGORY_CODES = ("village", "community", "agency", "enterprise", "association", "school", "other")

# source -> (required parameters, optional parameters)
SOURCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "manual": ((), ("feed", "scale")),
    "activity_count": (("points_per",), ("kinds", "host_only")),
    "active_months": (("points_per", "kinds"), ()),
    "partners": (("points_per",), ("kinds",)),
    "attendees": (("rate", "per"), ("kinds",)),
    "hours": (("rate", "per"), ("kinds",)),
    "wish_fulfilment": ((), ()),
    "project_completion": ((), ()),
    "venue_sharing": (("points_per",), ()),
    "per_item": (("points_each",), ("items",)),
}
PER_ITEM_SOURCES = ("entry", "cases")
FEEDS = ("inspection",)  # where a manual indicator takes its value when nothing is entered
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    subject: str  # organisation or alliance
    maximum: Decimal
    minimum: Decimal
    source: str
    categories: tuple[str, ...] = ()  # empty: every category
    points_per: Decimal | None = None
    points_each: Decimal | None = None
    rate: Decimal | None = None
    per: Decimal | None = None
    kinds: tuple[str, ...] = ()  # empty: every kind
    host_only: bool = False
    items: str = "entry"  # per_item: counted from the entry, or from good-practice cases
    feed: str | None = None  # manual: "inspection" takes the cross-inspection points by default
    scale: Decimal | None = None  # with feed: the fed points are multiplied by this
    note: str = ""

    def applies_to(self, category: str | None) -> bool:
        return not self.categories or category in self.categories


@dataclass(frozen=True)
class Annual:
    quarters: Decimal
    arena: Decimal
    mutual: Decimal
    grades: tuple[tuple[str, Decimal], ...]  # (grade, lowest total), highest first
    lowest_grade: str
    veto_carries: str
    demonstration_quarters: int


@dataclass(frozen=True)
class Scheme:
    name: str
    version: str
    indicators: tuple[Indicator, ...]
    star_thresholds: tuple[Decimal, ...]
    star_caps: dict[int, Decimal]
    aggregation: str
    tie_break: str | None  # an indicator code: more points there ranks first among equals
    trim: TrimRule
    rank_points: tuple[Decimal, ...]
    annual: Annual

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def for_subject(self, subject: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.subject == subject)


def _refuse(where: str, value: object, reason: str, **detail: object) -> InvalidInput:
    """A refusal naming the place in the file; `reason` picks the message (scheme_<reason>)."""
    return InvalidInput(f"scheme_{reason}", where=where, value=str(value), **detail)


def _number(table: dict, key: str, where: str, *, required: bool = True) -> Decimal | None:
    if key not in table:
        if required:
            raise _refuse(f"{where}.{key}", "", "missing")
        return None
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise _refuse(f"{where}.{key}", value, "not_number")
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise _refuse(f"{where}.{key}", value, "not_number") from exc
    if not number.is_finite():
        raise _refuse(f"{where}.{key}", value, "not_number")
    if number != number.quantize(CENT):
        raise _refuse(f"{where}.{key}", value, "decimals")
    return number.quantize(CENT)


def _text(table: dict, key: str, where: str, *, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise _refuse(f"{where}.{key}", value if value is not None else "", "missing")
    return value.strip()


def _choice(table: dict, key: str, where: str, choices: tuple[str, ...], default: str) -> str:
    value = table.get(key, default)
    if value not in choices:
        raise _refuse(f"{where}.{key}", value, "choice", choices=", ".join(choices))
    return value


def _strings(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _refuse(f"{where}.{key}", value, "not_list")
    return tuple(value)


def parse_scheme(text: str, *, kinds: set[str] | None = None) -> Scheme:
    """A checked Scheme from TOML text. `kinds`: the activity kind codes that exist, to
    refuse an indicator counting a kind that does not."""
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput("scheme_not_toml", reason=str(exc)) from exc
    head = raw.get("scheme", {})
    name = _text(head, "name", "scheme")
    version = _text(head, "version", "scheme")
    aggregation = _choice(head, "aggregation", "scheme", AGGREGATIONS, "mean")

    indicators = _indicators(raw.get("indicator"), kinds)
    codes = {i.code for i in indicators}
    tie_break = head.get("tie_break")
    if tie_break is not None and tie_break not in codes:
        raise _refuse("scheme.tie_break", tie_break, "tie_break")

    stars = raw.get("stars", {})
    thresholds = tuple(
        _number({"t": t}, "t", f"stars.thresholds[{n}]")
        for n, t in enumerate(stars.get("thresholds", [60, 70, 80, 90, 95]), start=1)
    )
    if not thresholds or list(thresholds) != sorted(set(thresholds)):
        raise _refuse("stars.thresholds", list(map(str, thresholds)), "rising")
    caps: dict[int, Decimal] = {}
    for level_text, share in stars.get("caps", {}).items():
        where = f"stars.caps.{level_text}"
        if not str(level_text).isdigit() or not 1 <= int(level_text) <= len(thresholds):
            raise _refuse(where, level_text, "star_level", top=len(thresholds))
        value = _number({"s": share}, "s", where)
        if not Decimal(0) <= value <= Decimal(1):
            raise _refuse(where, share, "share")
        caps[int(level_text)] = value

    arena = raw.get("arena", {})
    trim = TrimRule(
        both_from=_count(arena, "trim_both_from", "arena", 5),
        high_only_from=_count(arena, "trim_high_only_from", "arena", 4),
    )
    rank_points = tuple(
        _number({"p": p}, "p", f"arena.rank_points[{n}]")
        for n, p in enumerate(arena.get("rank_points", []), start=1)
    )
    return Scheme(
        name=name,
        version=version,
        indicators=indicators,
        star_thresholds=thresholds,
        star_caps=caps,
        aggregation=aggregation,
        tie_break=tie_break,
        trim=trim,
        rank_points=rank_points,
        annual=_annual(raw.get("annual", {})),
    )


def _count(table: dict, key: str, where: str, default: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _refuse(f"{where}.{key}", value, "whole")
    return value


def _indicators(raw: object, kinds: set[str] | None) -> tuple[Indicator, ...]:
    if not isinstance(raw, list) or not raw:
        raise _refuse("indicator", "", "no_indicator")
    seen: set[str] = set()
    result = []
    for n, table in enumerate(raw, start=1):
        where = f"indicator[{n}]"
        code = _text(table, "code", where)
        if not _CODE.match(code):
            raise _refuse(f"{where}.code", code, "code")
        if code in seen:
            raise _refuse(f"{where}.code", code, "duplicate")
        seen.add(code)
        source = _choice(table, "source", where, tuple(SOURCES), "manual")
        required, optional = SOURCES[source]
        numeric = {"points_per", "points_each", "rate", "per", "scale"}
        allowed = {
            "code", "name", "subject", "categories", "max", "min", "source", "note",
            *required, *optional,
        }  # fmt: skip
        for key in table:
            if key not in allowed:
                raise _refuse(f"{where}.{key}", table[key], "unused", source=source)
        params: dict[str, Any] = {}
        for key in required:
            if key in numeric:
                params[key] = _number(table, key, where)
        for key in optional:
            if key in numeric and key in table:
                params[key] = _number(table, key, where)
        if "kinds" in required or "kinds" in optional:
            params["kinds"] = _strings(table, "kinds", where)
            if "kinds" in required and not params["kinds"]:
                raise _refuse(f"{where}.kinds", "", "missing")
            unknown = [k for k in params["kinds"] if kinds is not None and k not in kinds]
            if unknown:
                raise _refuse(f"{where}.kinds", unknown[0], "kind")
        if "host_only" in optional:
            host_only = table.get("host_only", False)
            if not isinstance(host_only, bool):
                raise _refuse(f"{where}.host_only", host_only, "boolean")
            params["host_only"] = host_only
        if source == "per_item":
            params["items"] = _choice(table, "items", where, PER_ITEM_SOURCES, "entry")
        if "feed" in table:
            params["feed"] = _choice(table, "feed", where, FEEDS, "inspection")
        if params.get("per") is not None and params["per"] <= 0:
            raise _refuse(f"{where}.per", params["per"], "positive")
        maximum = _number(table, "max", where)
        minimum = _number(table, "min", where, required=False) or ZERO
        if minimum > maximum:
            raise _refuse(f"{where}.min", minimum, "min_above_max", maximum=maximum)
        categories = _strings(table, "categories", where)
        if categories == ("all",):
            categories = ()
        for category in categories:
            if category not in CATEGORY_CODES:
                raise _refuse(f"{where}.categories", category, "category")
        subject = _choice(table, "subject", where, SUBJECTS, "organisation")
        if subject == "alliance" and categories:
            raise _refuse(f"{where}.categories", categories[0], "alliance_categories")
        result.append(
            Indicator(
                code=code,
                name=_text(table, "name", where),
                subject=subject,
                maximum=maximum,
                minimum=minimum,
                source=source,
                categories=categories,
                note=str(table.get("note", "")),
                **params,
            )
        )
    return tuple(result)


def _annual(table: dict) -> Annual:
    weights = table.get("weights", {"quarters": 1, "arena": 0, "mutual": 0})
    values = {k: _number(weights, k, "annual.weights") for k in ("quarters", "arena", "mutual")}
    for key in weights:
        if key not in values:
            raise _refuse(f"annual.weights.{key}", weights[key], "weight_name")
    if sum(values.values()) != Decimal(1) or any(v < 0 for v in values.values()):
        raise _refuse("annual.weights", sum(values.values()), "weights")
    grades_raw = table.get("grades", {"优秀": 90, "良好": 80, "一般": 60})
    grades = sorted(
        ((grade, _number(grades_raw, grade, "annual.grades")) for grade in grades_raw),
        key=lambda item: -item[1],
    )
    return Annual(
        quarters=values["quarters"],
        arena=values["arena"],
        mutual=values["mutual"],
        grades=tuple(grades),
        lowest_grade=_text(table, "lowest_grade", "annual", default="较差"),
        veto_carries=_choice(table, "veto_carries", "annual", VETO_CARRIES, "year"),
        demonstration_quarters=_count(table, "demonstration_quarters", "annual", 2),
    )


def default_scheme_text() -> str:
    """The scheme that ships with the tool (and that the demo uses)."""
    from importlib.resources import files

    return files("alliance_cli.schemes").joinpath("default.toml").read_text(encoding="utf-8")
