"""Development quotas (发展指标): an alliance's yearly pool, the activists (入党积极分子)
recommended through it, and the allocation of the pool to them.

The allocation order (`allocation_order`) is documented and deterministic:

1. recommendations with a priority, by priority ascending (1 first);
2. then those without a priority;
3. ties by recommendation date (earliest first), then by record id (first entered first).

Allocating for a YEAR considers the alliance's recommendations that are not yet allocated and
were made on or before the end of YEAR (a waiting list carries over into later years). It
walks them in that order and gives a quota to each until the pool is used up, skipping anyone
who already holds a quota (a person receives at most one development quota, in any year and
through any alliance). It never gives more than the pool: the pool may not be set below what
was allocated, and an allocation when nothing is left is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from sqlalchemy import Connection, Row, func, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.lookup import find_alliance, find_organisation
from alliance_cli.core.memberships import is_member_on, refuse_unless_active
from alliance_cli.core.people import find_person, grant_role
from alliance_cli.core.periods import MAX_YEAR
from alliance_cli.storage.models import (
    alliance,
    organisation,
    person,
    quota_pool,
    recommendation,
)

# --- the allocation order (pure) --------------------------------------------------------------


class Candidate(NamedTuple):
    """A recommendation waiting for a quota, reduced to what the order looks at."""

    recommendation_id: int
    person_id: int
    recommended_on: date
    priority: int | None = None


def allocation_key(candidate: Candidate) -> tuple:
    """Set priorities first (lowest first), then the rest; ties by date, then id."""
    has_no_priority = candidate.priority is None
    return (
        has_no_priority,
        0 if has_no_priority else candidate.priority,
        candidate.recommended_on,
        candidate.recommendation_id,
    )


def allocation_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The candidates in the order quotas go to them."""
    return sorted(candidates, key=allocation_key)


def choose_allocations(
    candidates: Iterable[Candidate], free: int, holders: Iterable[int] = ()
) -> list[Candidate]:
    """The candidates that get one of `free` quotas: the first in allocation order, each
    person at most once, skipping the people in `holders` (who hold a quota already)."""
    chosen: list[Candidate] = []
    taken = set(holders)
    for candidate in allocation_order(candidates):
        if len(chosen) >= free:
            break
        if candidate.person_id in taken:
            continue
        chosen.append(candidate)
        taken.add(candidate.person_id)
    return chosen


# --- pools ------------------------------------------------------------------------------------


def check_year(year: int) -> int:
    if not 1 <= year <= MAX_YEAR:
        raise InvalidInput("bad_year", value=year)
    return year


def _allocated_count(connection: Connection, alliance_id: int, year: int) -> int:
    return connection.execute(
        select(func.count()).where(
            recommendation.c.alliance_id == alliance_id, recommendation.c.allocated_year == year
        )
    ).scalar_one()


def _pool(connection: Connection, alliance_id: int, year: int, *, lock: bool = False):
    query = select(quota_pool.c.quota).where(
        quota_pool.c.alliance_id == alliance_id, quota_pool.c.year == year
    )
    # On a server database the row lock makes two allocations queue (SQLite's write
    # transactions begin IMMEDIATE and queue already).
    return connection.execute(query.with_for_update() if lock else query).scalar()


def set_pool(connection: Connection, alliance_name: str, year: int, quota: int, *, actor: str):
    """Set (or change) an alliance's pool for a year. Refused below what was allocated that
    year, and for a year in which the alliance did not exist."""
    check_year(year)
    if quota < 0:
        raise InvalidInput("negative_count", field="quota", value=quota)
    group = find_alliance(connection, alliance_name)
    if (group.founded_on is not None and group.founded_on > date(year, 12, 31)) or (
        group.dissolved_on is not None and group.dissolved_on <= date(year, 1, 1)
    ):
        raise RuleViolation("alliance_not_active_in_year", alliance=group.name, year=year)
    current = _pool(connection, group.id, year, lock=True)
    allocated = _allocated_count(connection, group.id, year)
    if quota < allocated:
        raise RuleViolation(
            "quota_below_allocated",
            alliance=group.name,
            year=year,
            allocated=allocated,
            quota=quota,
        )
    if current is None:
        connection.execute(insert(quota_pool).values(alliance_id=group.id, year=year, quota=quota))
    elif current != quota:
        connection.execute(
            update(quota_pool)
            .where(quota_pool.c.alliance_id == group.id, quota_pool.c.year == year)
            .values(quota=quota)
        )
    if current != quota:
        record_change(
            connection,
            actor,
            "set",
            "quota_pool",
            f"{group.name}@{year}",
            None if current is None else {"quota": current},
            {"quota": quota},
        )
    return {"alliance": group.name, "year": year, "quota": quota, "allocated": allocated}


# --- recommendations --------------------------------------------------------------------------


def _quota_held(connection: Connection, person_id: int) -> Row | None:
    """The quota a person holds (its year and alliance), if any."""
    return connection.execute(
        select(recommendation.c.allocated_year, alliance.c.name.label("alliance"))
        .join(alliance, alliance.c.id == recommendation.c.alliance_id)
        .where(
            recommendation.c.person_id == person_id, recommendation.c.allocated_year.is_not(None)
        )
    ).first()


def recommend(
    connection: Connection,
    person_name: str,
    *,
    alliance_name: str,
    organisation_name: str,
    on: date,
    priority: int | None = None,
    actor: str,
) -> dict:
    """Record that an organisation recommended a person as an activist (入党积极分子) through
    an alliance on a day. The person is given the role `activist` if they do not hold it.

    Refused: a priority below 1; an alliance not active that day; an organisation that was
    not a member of the alliance that day; a person who already holds a quota; a person
    already waiting through the same alliance."""
    if priority is not None and priority < 1:
        raise InvalidInput("bad_priority", value=priority)
    who = find_person(connection, person_name)
    group = find_alliance(connection, alliance_name)
    org = find_organisation(connection, organisation_name)
    refuse_unless_active(group, on)
    if not is_member_on(connection, org.id, group.id, on):
        raise RuleViolation(
            "recommender_not_member", organisation=org.name, alliance=group.name, day=on.isoformat()
        )
    held = _quota_held(connection, who.id)
    if held is not None:
        raise RuleViolation(
            "already_has_quota", name=who.name, year=held.allocated_year, alliance=held.alliance
        )
    waiting = connection.execute(
        select(recommendation.c.recommended_on).where(
            recommendation.c.person_id == who.id,
            recommendation.c.alliance_id == group.id,
            recommendation.c.allocated_year.is_(None),
        )
    ).first()
    if waiting is not None:
        raise Duplicate(
            "already_recommended",
            name=who.name,
            alliance=group.name,
            on=waiting.recommended_on.isoformat(),
        )
    new_id = connection.execute(
        insert(recommendation).values(
            person_id=who.id,
            alliance_id=group.id,
            organisation_id=org.id,
            recommended_on=on,
            priority=priority,
        )
    ).inserted_primary_key[0]
    stored = {
        "id": new_id,
        "person": who.name,
        "alliance": group.name,
        "organisation": org.name,
        "recommended_on": on,
        "priority": priority,
    }
    record_change(connection, actor, "recommend", "recommendation", str(new_id), after=stored)
    granted = grant_role(connection, who, "activist", actor=actor)
    return {**stored, "activist_role_granted": granted}


def recommendations_of(connection: Connection, person_id: int) -> list[dict]:
    """Every recommendation of one person, oldest first."""
    rows = connection.execute(
        select(
            alliance.c.name.label("alliance"),
            organisation.c.name.label("recommended_by"),
            recommendation.c.recommended_on,
            recommendation.c.priority.label("quota_priority"),
            recommendation.c.allocated_year,
        )
        .join(alliance, alliance.c.id == recommendation.c.alliance_id)
        .join(organisation, organisation.c.id == recommendation.c.organisation_id)
        .where(recommendation.c.person_id == person_id)
        .order_by(recommendation.c.recommended_on, recommendation.c.id)
    )
    return [dict(row._mapping) for row in rows]


# --- allocation -------------------------------------------------------------------------------


def _year_rows(connection: Connection, alliance_id: int, year: int) -> list[Row]:
    """The alliance's recommendations that matter for YEAR: allocated in it, or waiting and
    made on or before its end."""
    return connection.execute(
        select(
            recommendation.c.id,
            recommendation.c.person_id,
            recommendation.c.recommended_on,
            recommendation.c.priority,
            recommendation.c.allocated_year,
            person.c.name.label("person_name"),
            organisation.c.name.label("recommended_by"),
        )
        .join(person, person.c.id == recommendation.c.person_id)
        .join(organisation, organisation.c.id == recommendation.c.organisation_id)
        .where(
            recommendation.c.alliance_id == alliance_id,
            (recommendation.c.allocated_year == year)
            | (
                recommendation.c.allocated_year.is_(None)
                & (recommendation.c.recommended_on <= date(year, 12, 31))
            ),
        )
    ).all()


def _holders(connection: Connection) -> set[int]:
    return set(
        connection.execute(
            select(recommendation.c.person_id).where(recommendation.c.allocated_year.is_not(None))
        ).scalars()
    )


def _candidate(row: Row) -> Candidate:
    return Candidate(row.id, row.person_id, row.recommended_on, row.priority)


def allocate_quotas(
    connection: Connection,
    alliance_name: str,
    year: int,
    *,
    count: int | None = None,
    actor: str,
) -> dict:
    """Give the free quotas of an alliance's pool for YEAR (all of them, or `count`) to the
    waiting recommendations in allocation order (module docstring). Refused: no pool for
    that year, a pool already used up, a `count` below 1 or above what is left.

    Returns the pool, how many were used before and are left now, and the allocated
    recommendations in order."""
    check_year(year)
    group = find_alliance(connection, alliance_name)
    pool = _pool(connection, group.id, year, lock=True)
    if pool is None:
        raise NotFound("no_quota_pool", alliance=group.name, year=year)
    used = _allocated_count(connection, group.id, year)
    free = pool - used
    if free <= 0:
        raise RuleViolation("quota_used_up", alliance=group.name, year=year, quota=pool)
    if count is not None:
        if count < 1:
            raise InvalidInput("bad_allocate_count", value=count)
        if count > free:
            raise RuleViolation(
                "quota_over_pool",
                alliance=group.name,
                year=year,
                quota=pool,
                left=free,
                count=count,
            )
        free = count
    rows = {row.id: row for row in _year_rows(connection, group.id, year)}
    waiting = [_candidate(row) for row in rows.values() if row.allocated_year is None]
    chosen = choose_allocations(waiting, free, _holders(connection))
    allocated = []
    for candidate in chosen:
        connection.execute(
            update(recommendation)
            .where(recommendation.c.id == candidate.recommendation_id)
            .values(allocated_year=year)
        )
        row = rows[candidate.recommendation_id]
        allocated.append(
            {
                "person_name": row.person_name,
                "recommended_by": row.recommended_by,
                "recommended_on": row.recommended_on,
                "quota_priority": row.priority,
            }
        )
    if allocated:
        record_change(
            connection,
            actor,
            "allocate",
            "quota_pool",
            f"{group.name}@{year}",
            {"quota": pool, "allocated": used},
            {
                "quota": pool,
                "allocated": used + len(allocated),
                "people": [entry["person_name"] for entry in allocated],
            },
        )
    return {
        "alliance": group.name,
        "year": year,
        "quota": pool,
        "used_before": used,
        "left": pool - used - len(allocated),
        "allocated": allocated,
    }


def quota_overview(connection: Connection, alliance_name: str, year: int) -> dict:
    """An alliance's pool for YEAR (none when not set), how much is used and left, and the
    candidates in allocation order, each `allocated` (this year), `waiting`, or `holds_quota`
    (skipped: the person holds a quota already, from another alliance or year)."""
    check_year(year)
    group = find_alliance(connection, alliance_name)
    pool = _pool(connection, group.id, year)
    used = _allocated_count(connection, group.id, year)
    holders = _holders(connection)
    rows = {row.id: row for row in _year_rows(connection, group.id, year)}
    candidates = []
    for position, candidate in enumerate(allocation_order(map(_candidate, rows.values())), 1):
        row = rows[candidate.recommendation_id]
        if row.allocated_year == year:
            state = "allocated"
        elif row.person_id in holders:
            state = "holds_quota"
        else:
            state = "waiting"
        candidates.append(
            {
                "position": position,
                "person_name": row.person_name,
                "recommended_by": row.recommended_by,
                "recommended_on": row.recommended_on,
                "quota_priority": row.priority,
                "quota_state": state,
            }
        )
    return {
        "summary": {
            "alliance": group.name,
            "quota_year": year,
            "quota_pool": pool,
            "quota_used": used,
            "quota_left": None if pool is None else pool - used,
        },
        "candidates": candidates,
    }
