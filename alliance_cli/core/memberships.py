"""Joining and leaving alliances, and who belonged where on a given day.

A membership is a spell: `joined_on <= day < left_on` (an organisation that leaves on a date is
no longer a member on that date). Spells are only ever appended or closed, never rewritten, so
the history of every organisation stays readable.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, Row, and_, func, insert, or_, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import RuleViolation
from alliance_cli.core.locks import refuse_if_locked_from
from alliance_cli.core.lookup import find_alliance, find_organisation
from alliance_cli.core.vocabulary import resolve_term
from alliance_cli.storage.models import alliance, membership, organisation


def active_on(day: date):
    """SQL condition: the membership spell covers `day`."""
    return and_(
        membership.c.joined_on <= day,
        or_(membership.c.left_on.is_(None), membership.c.left_on > day),
    )


def active_during(start: date, end: date):
    """SQL condition: the membership spell covers some day of [start, end)."""
    return and_(
        membership.c.joined_on < end,
        or_(membership.c.left_on.is_(None), membership.c.left_on > start),
    )


def alliance_active_on(group: Row, day: date) -> bool:
    """Whether the alliance (a row with `founded_on` and `dissolved_on`) existed on `day`:
    founded on or before it (or no founding date) and not dissolved by then."""
    return (group.founded_on is None or group.founded_on <= day) and (
        group.dissolved_on is None or day < group.dissolved_on
    )


def refuse_unless_active(group: Row, day: date) -> None:
    """Refuse a record dated on a day the alliance did not exist."""
    if not alliance_active_on(group, day):
        raise RuleViolation("alliance_not_active", alliance=group.name, day=day.isoformat())


def is_member_on(connection: Connection, organisation_id: int, alliance_id: int, day: date) -> bool:
    """Whether the organisation belonged to the alliance on `day`."""
    found = connection.execute(
        select(membership.c.id).where(
            membership.c.organisation_id == organisation_id,
            membership.c.alliance_id == alliance_id,
            active_on(day),
        )
    ).first()
    return found is not None


def member_elsewhere_on(
    connection: Connection, organisation_id: int, alliance_id: int, day: date
) -> bool:
    """Whether the organisation belonged on `day` to some alliance other than `alliance_id`
    (a guest at an activity, the outside party of a cross-alliance flow)."""
    found = connection.execute(
        select(membership.c.id).where(
            membership.c.organisation_id == organisation_id,
            membership.c.alliance_id != alliance_id,
            active_on(day),
        )
    ).first()
    return found is not None


def count_members(connection: Connection, alliance_id: int, day: date) -> int:
    return connection.execute(
        select(func.count())
        .select_from(membership)
        .where(membership.c.alliance_id == alliance_id, active_on(day))
    ).scalar_one()


def join_alliance(
    connection: Connection,
    organisation_name: str,
    alliance_name: str,
    on: date,
    role: str = "member",
    *,
    actor: str,
) -> None:
    """Open a membership spell; refused if one is already open or would overlap."""
    org = find_organisation(connection, organisation_name)
    group = find_alliance(connection, alliance_name)
    role = resolve_term("role", role)
    refuse_if_locked_from(connection, on)
    if group.dissolved_on is not None and on >= group.dissolved_on:
        raise RuleViolation(
            "alliance_dissolved", alliance=group.name, on=group.dissolved_on.isoformat()
        )
    if group.founded_on is not None and on < group.founded_on:
        raise RuleViolation(
            "join_before_founded", alliance=group.name, founded=group.founded_on.isoformat()
        )
    clash = connection.execute(
        select(membership.c.joined_on)
        .where(
            membership.c.organisation_id == org.id,
            membership.c.alliance_id == group.id,
            or_(membership.c.left_on.is_(None), membership.c.left_on > on),
        )
        .order_by(membership.c.joined_on)
    ).first()
    if clash is not None:
        raise RuleViolation(
            "already_member",
            organisation=org.name,
            alliance=group.name,
            since=clash.joined_on.isoformat(),
        )
    values = {"organisation_id": org.id, "alliance_id": group.id, "role": role, "joined_on": on}
    connection.execute(insert(membership).values(**values))
    record_change(
        connection,
        actor,
        "join",
        "membership",
        f"{org.name}@{group.name}",
        after={"role": role, "joined_on": on},
    )


def leave_alliance(
    connection: Connection, organisation_name: str, alliance_name: str, on: date, *, actor: str
) -> int | None:
    """Close the open spell. Returns the remaining member count when a task alliance has
    dropped below its minimum (the clerk is warned; `alliance list --problems` shows it)."""
    org = find_organisation(connection, organisation_name)
    group = find_alliance(connection, alliance_name)
    refuse_if_locked_from(connection, on)
    spell = connection.execute(
        select(membership).where(
            membership.c.organisation_id == org.id,
            membership.c.alliance_id == group.id,
            membership.c.left_on.is_(None),
        )
    ).first()
    if spell is None:
        raise RuleViolation("not_member", organisation=org.name, alliance=group.name)
    if on <= spell.joined_on:  # a spell covers at least its join day
        raise RuleViolation(
            "leave_before_join",
            organisation=org.name,
            alliance=group.name,
            joined=spell.joined_on.isoformat(),
            on=on.isoformat(),
        )
    connection.execute(update(membership).where(membership.c.id == spell.id).values(left_on=on))
    record_change(
        connection,
        actor,
        "leave",
        "membership",
        f"{org.name}@{group.name}",
        before={"left_on": None},
        after={"left_on": on},
    )
    if group.kind == "task":
        remaining = count_members(connection, group.id, on)
        if remaining < group.min_members:
            return remaining
    return None


def members_on(connection: Connection, alliance_id: int, day: date) -> list[dict]:
    """The organisations in an alliance on `day`, lead units first, then by name."""
    rows = connection.execute(
        select(
            organisation.c.name,
            organisation.c.category,
            organisation.c.level,
            organisation.c.secretary,
            organisation.c.party_members,
            membership.c.role,
            membership.c.joined_on,
        )
        .join(membership, membership.c.organisation_id == organisation.c.id)
        .where(membership.c.alliance_id == alliance_id, active_on(day))
        .order_by(membership.c.role, organisation.c.name)
    )
    return [dict(row._mapping) for row in rows]


def membership_history(connection: Connection, organisation_name: str) -> list[dict]:
    """Every join and leave of one organisation, in date order."""
    org = find_organisation(connection, organisation_name)
    spells = connection.execute(
        select(alliance.c.name, membership.c.role, membership.c.joined_on, membership.c.left_on)
        .join(alliance, alliance.c.id == membership.c.alliance_id)
        .where(membership.c.organisation_id == org.id)
    ).all()
    events = []
    for spell in spells:
        events.append(
            {"date": spell.joined_on, "event": "join", "alliance": spell.name, "role": spell.role}
        )
        if spell.left_on is not None:
            events.append(
                {
                    "date": spell.left_on,
                    "event": "leave",
                    "alliance": spell.name,
                    "role": spell.role,
                }
            )
    events.sort(key=lambda e: (e["date"], e["event"] == "join", e["alliance"]))
    return events
