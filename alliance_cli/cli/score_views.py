"""How scores look: the airing table, an indicator's rule in words, and change marks.

Shared by `score compute`, `score explain`, `score scheme show`, `report airing` and the demo,
so that a number reads the same wherever it is shown. Stars are shown as a number: symbols
such as ★ break table alignment in many Chinese terminal fonts (PITFALLS.md).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from alliance_cli.cli.context import translated
from alliance_cli.cli.output import Column, Section, kind_label, value_column

tr = translated  # short, for the many titles of the score commands


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def change_mark(value: int | None, lang: str) -> str:
    """+2 / -1 / 0, or "new" for a subject not ranked last quarter."""
    if value is None:
        from alliance_cli.i18n import value_label

        return value_label("new_entry", lang)
    return f"{value:+d}" if value else "0"


def stars_text(value: int, lang: str) -> str:
    if value == 0:
        from alliance_cli.i18n import value_label

        return value_label("no_stars", lang)
    return f"{value}星" if lang == "zh" else str(value)


def category_text(value: Any, lang: str) -> str:
    """An organisation's category, or an alliance's kind (area, task), as a label."""
    from alliance_cli.core.vocabulary import label

    if value in ("area", "task", "core"):
        return label("kind", value, lang)
    return label("category", value, lang)


AIRING_COLUMNS = [
    Column("rank"),
    Column("name"),
    value_column("subject_type", "subject_"),
    Column("category", category_text),
    Column("category_rank"),
    Column("total", lambda v, lang: money(v)),
    Column("stars", stars_text),
    Column("rank_change", change_mark),
    Column("stars_change", change_mark),
    Column("veto"),
]


def airing_sections(airing, key_prefix: str = "", gaps: dict | None = None) -> list[Section]:
    """One section for organisations and one for alliances (JSON keys `organisations` and
    `alliances`, after `key_prefix`); with `gaps` (core.airing.self_review_gaps), a column of
    the indicators where the self-assessment and the review differ."""
    columns = AIRING_COLUMNS
    if gaps is not None:
        columns = [*AIRING_COLUMNS, Column("self_review")]
        for row in airing.rows:
            row["self_review"] = "、".join(
                f"{code} {money(own)}→{money(reviewed)}"
                for code, own, reviewed in gaps.get((row["subject_type"], row["subject_id"]), [])
            )
    status = (
        tr("airing_published", sha=airing.sha256[:12])
        if airing.published
        else tr("airing_not_published")
    )
    sections = []
    for subject_type in ("organisation", "alliance"):
        rows = [r for r in airing.rows if r["subject_type"] == subject_type]
        if not rows:
            continue
        sections.append(
            Section(
                f"{key_prefix}{subject_type}s",
                tr(f"airing_title_{subject_type}", period=airing.period, status=status),
                columns,
                rows,
            )
        )
    return sections


def rule_text(indicator, lang: str, kind_names: dict[str, tuple[str, str]]) -> str:
    """An indicator's rule in words, e.g. "5.00 per month with an activity (monthly public
    welfare), at most 15.00"; `kind_names` (from output.kind_labels) names kinds as the clerk
    does."""
    from alliance_cli.i18n import translate

    names = [kind_label(kind_names, code, lang) for code in indicator.kinds]
    kinds = "、".join(names) if names else translate("all_kinds", lang)
    params = {
        "points_per": money(indicator.points_per),
        "points_each": money(indicator.points_each),
        "rate": money(indicator.rate),
        "per": money(indicator.per),
        "kinds": kinds,
        "max": money(indicator.maximum),
        "min": money(indicator.minimum),
    }
    key = f"rule_{indicator.source}"
    if indicator.source == "per_item":
        key = f"rule_per_item_{indicator.items}"
    text = translate(key, lang, **params)
    if indicator.source == "activity_count" and indicator.host_only:
        text += translate("rule_host_only", lang)
    if indicator.feed == "inspection":
        text += translate("rule_feed_inspection", lang, scale=money(indicator.scale or 1))
    return text
