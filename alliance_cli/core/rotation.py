"""Rotating hosts (党建活动轮办): who hosts an alliance's party activity each month.

The rules, in order:

- Eligibility. An organisation may host month M only if it belongs to the alliance for the
  whole of M (its spells cover every day of the month) and the alliance exists for the whole
  of M (founded by the first day, not dissolved before the last). A month with no eligible
  member gets no host.
- Fairness. The span is cut into segments of consecutive months with the same eligible
  members. Within a segment the hosts go round in a fixed order, so over any stretch of a
  segment every member's count differs from any other's by at most one. At the start of
  each segment the order is rebuilt: fewest hosted months in the plan so far first, then the
  one whose last turn is longest ago (never hosted counts as longest), then lead units
  before members, then name by code point; the previous month's host is never put first,
  so nobody hosts twice in a row while another member is eligible.
- Determinism. The plan depends only on the months, the eligible members and that order
  (and the saved host of the month before the span, which must not be first either).

`plan_hosts` is the rule on plain values; the rest reads and writes the database.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, Connection, Row, and_, delete, func, insert, select

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import InvalidInput, RuleViolation
from alliance_cli.core.lookup import find_alliance
from alliance_cli.core.periods import Period, add_months, month_label
from alliance_cli.storage.models import (
    activity,
    activity_org,
    membership,
    organisation,
    rotation_plan,
)

MAX_MONTHS = 120

Member = TypeVar("Member", bound=Hashable)


# --- the rule on plain values ----------------------------------------------------------------


def plan_hosts(
    eligible: Sequence[Collection[Member]],
    order: Sequence[Member],
    previous_host: Member | None = None,
) -> list[Member | None]:
    """The host of each month, or None for a month with no eligible member.

    `eligible[i]` holds the members that may host month i; `order` ranks every member for
    ties (lead units first, then by name, in the database's case); `previous_host` hosted the
    month before the first one, if anyone did.
    """
    rank = {member: position for position, member in enumerate(order)}
    missing = {m for month in eligible for m in month} - rank.keys()
    if missing:
        raise ValueError(f"members missing from the order: {sorted(map(repr, missing))}")
    counts: dict[Member, int] = {}
    last_turn: dict[Member, int] = {}
    hosts: list[Member | None] = []
    previous = previous_host
    start = 0
    while start < len(eligible):
        members = frozenset(eligible[start])
        end = start
        while end < len(eligible) and frozenset(eligible[end]) == members:
            end += 1
        if not members:
            hosts.extend([None] * (end - start))
            previous = None
        else:
            turns = sorted(
                members,
                key=lambda m: (counts.get(m, 0), last_turn.get(m, -1), rank[m]),
            )
            if len(turns) > 1 and turns[0] == previous:
                turns[0], turns[1] = turns[1], turns[0]
            for index in range(start, end):
                host = turns[(index - start) % len(turns)]
                hosts.append(host)
                counts[host] = counts.get(host, 0) + 1
                last_turn[host] = index
                previous = host
        start = end
    return hosts


def covers_month(spells: Sequence[tuple[date, date | None]], first: date) -> bool:
    """Whether membership spells (joined, left) together cover every day of the month that
    begins on `first`. A spell covers `joined <= day < left`."""
    after = add_months(first, 1)
    reached = first
    for joined, left in sorted(spells, key=lambda spell: spell[0]):
        if joined > reached:
            return False
        if left is None:
            return True
        reached = max(reached, left)
        if reached >= after:
            return True
    return False


# --- planning from the database --------------------------------------------------------------


def month_span(first_month: date, month_count: int) -> list[date]:
    """The first days of `month_count` months from `first_month`; refused outside 1..120."""
    if not 1 <= month_count <= MAX_MONTHS:
        raise InvalidInput("rotation_bad_months", value=month_count, maximum=MAX_MONTHS)
    if (first_month.year * 12 + first_month.month - 1) + month_count > 9999 * 12:
        raise InvalidInput("rotation_span_too_late", month=month_label(first_month))
    return [add_months(first_month, n) for n in range(month_count)]


def _alliance_exists_all_month(group: Row, first: date) -> bool:
    after = add_months(first, 1)
    if group.founded_on is not None and group.founded_on > first:
        return False
    return group.dissolved_on is None or group.dissolved_on >= after


def _spells(connection: Connection, alliance_id: int) -> list[Row]:
    return connection.execute(
        select(
            membership.c.organisation_id,
            membership.c.role,
            membership.c.joined_on,
            membership.c.left_on,
            organisation.c.name,
            organisation.c.secretary,
        )
        .join(organisation, organisation.c.id == membership.c.organisation_id)
        .where(membership.c.alliance_id == alliance_id)
    ).all()


def _saved_host(connection: Connection, alliance_id: int, month: str) -> int | None:
    return connection.execute(
        select(rotation_plan.c.host_id).where(
            rotation_plan.c.alliance_id == alliance_id, rotation_plan.c.month == month
        )
    ).scalar()


def _plan(connection: Connection, group: Row, months: list[date]) -> list[dict]:
    spells = _spells(connection, group.id)
    by_org: dict[int, list[tuple[date, date | None]]] = {}
    details: dict[int, Row] = {}
    is_lead: dict[int, bool] = {}
    span_end = add_months(months[-1], 1)
    for spell in spells:
        by_org.setdefault(spell.organisation_id, []).append((spell.joined_on, spell.left_on))
        details[spell.organisation_id] = spell
        overlaps = spell.joined_on < span_end and (
            spell.left_on is None or spell.left_on > months[0]
        )
        if overlaps and spell.role == "lead":
            is_lead[spell.organisation_id] = True
    eligible = [
        {org for org, org_spells in by_org.items() if covers_month(org_spells, first)}
        if _alliance_exists_all_month(group, first)
        else set()
        for first in months
    ]
    order = sorted(by_org, key=lambda org: (not is_lead.get(org, False), details[org].name))
    before = month_label(add_months(months[0], -1)) if months[0] > date(1, 1, 1) else None
    previous = _saved_host(connection, group.id, before) if before else None
    hosts = plan_hosts(eligible, order, previous)
    return [
        {
            "month": month_label(first),
            "host_id": host,
            "host": details[host].name if host is not None else None,
            "secretary": details[host].secretary if host is not None else None,
        }
        for first, host in zip(months, hosts, strict=True)
    ]


def plan_rotation(
    connection: Connection, alliance_name: str, first_month: date, month_count: int
) -> list[dict]:
    """The host rotation of an alliance: per month `month` (YYYY-MM), `host` and its
    `secretary` (both None for a month with no eligible member)."""
    group = find_alliance(connection, alliance_name)
    months = month_span(first_month, month_count)
    return [_public(row) for row in _plan(connection, group, months)]


def _public(row: dict) -> dict:
    return {key: row[key] for key in ("month", "host", "secretary")}


def _in_span(alliance_id: int, first: str, last: str) -> ColumnElement[bool]:
    """The saved months of an alliance from `first` to `last` (YYYY-MM, both included)."""
    return and_(
        rotation_plan.c.alliance_id == alliance_id,
        rotation_plan.c.month >= first,
        rotation_plan.c.month <= last,
    )


def saved_plan(connection: Connection, alliance_id: int, first: str, last: str) -> dict[str, str]:
    """The saved hosts of an alliance from month `first` to month `last` (YYYY-MM, both
    included): month -> organisation name, in month order."""
    rows = connection.execute(
        select(rotation_plan.c.month, organisation.c.name)
        .join(organisation, organisation.c.id == rotation_plan.c.host_id)
        .where(_in_span(alliance_id, first, last))
        .order_by(rotation_plan.c.month)
    )
    return {row.month: row.name for row in rows}


def save_rotation(
    connection: Connection,
    alliance_name: str,
    first_month: date,
    month_count: int,
    *,
    actor: str,
) -> tuple[list[dict], bool]:
    """Plan and store the rotation, replacing whatever was saved for those months. Returns
    the plan and whether anything changed (saving the same plan again writes nothing)."""
    group = find_alliance(connection, alliance_name)
    months = month_span(first_month, month_count)
    planned = _plan(connection, group, months)
    first, last = planned[0]["month"], planned[-1]["month"]
    stored = saved_plan(connection, group.id, first, last)
    wanted = {row["month"]: row["host"] for row in planned if row["host"] is not None}
    if stored == wanted:
        return [_public(row) for row in planned], False
    connection.execute(delete(rotation_plan).where(_in_span(group.id, first, last)))
    saved_at = datetime.now()
    rows = [
        {"alliance_id": group.id, "month": row["month"], "host_id": row["host_id"]}
        for row in planned
        if row["host_id"] is not None
    ]
    if rows:
        connection.execute(insert(rotation_plan), [{**row, "saved_at": saved_at} for row in rows])
    record_change(
        connection,
        actor,
        "save",
        "rotation_plan",
        f"{group.name}:{first}..{last}",
        before=stored or None,
        after=wanted,
    )
    return [_public(row) for row in planned], True


# --- comparing the saved plan with what happened ---------------------------------------------


def check_rotation(
    connection: Connection, alliance_name: str, period: Period, kind: str | None = None
) -> list[dict]:
    """Per month of the period: the planned host, the organisations that hosted or co-hosted
    the alliance's activities (of `kind`, if given), how many activities there were, and a
    status: kept, other_host, no_activity or no_plan. Refused when nothing is saved."""
    from alliance_cli.core.activities import resolve_kind

    group = find_alliance(connection, alliance_name)
    kind_code = resolve_kind(connection, kind) if kind else None
    months = period.months()
    planned = saved_plan(connection, group.id, months[0], months[-1])
    if not planned:
        raise RuleViolation("rotation_no_plan", alliance=group.name, period=period.label)
    conditions = [
        activity.c.alliance_id == group.id,
        activity.c.held_on >= period.start,
        activity.c.held_on < period.end,
    ]
    if kind_code is not None:
        conditions.append(activity.c.kind == kind_code)
    counts: dict[str, int] = {}
    for row in connection.execute(
        select(activity.c.held_on, func.count()).where(*conditions).group_by(activity.c.held_on)
    ):
        label = month_label(row[0])
        counts[label] = counts.get(label, 0) + row[1]
    hosts: dict[str, set[str]] = {}
    main_hosts = select(activity.c.held_on, organisation.c.name).join(
        organisation, organisation.c.id == activity.c.host_id
    )
    cohosts = (
        select(activity.c.held_on, organisation.c.name)
        .join(activity_org, activity_org.c.activity_id == activity.c.id)
        .join(organisation, organisation.c.id == activity_org.c.organisation_id)
        .where(activity_org.c.role == "cohost")
    )
    for query in (main_hosts, cohosts):
        for row in connection.execute(query.where(*conditions)):
            hosts.setdefault(month_label(row.held_on), set()).add(row.name)
    results = []
    for month in months:
        planned_host = planned.get(month)
        month_hosts = sorted(hosts.get(month, ()))
        if planned_host is None:
            status = "no_plan"
        elif not counts.get(month):
            status = "no_activity"
        elif planned_host in month_hosts:
            status = "kept"
        else:
            status = "other_host"
        results.append(
            {
                "month": month,
                "planned_host": planned_host,
                "hosts": month_hosts,
                "activities": counts.get(month, 0),
                "status": status,
            }
        )
    return results
