"""Scoring subjects: the organisations and alliances that are scored, ranked and aired.

A subject is named as the clerk types it. Organisation and alliance names live in separate
tables, so one name could be both; then the clerk says which with a subject type.

Who is scored in a period:
- an organisation that belonged to at least one alliance on some day of the period;
- an area or task alliance that existed on some day of the period. The core alliance is the
  whole township: its total would only be the township's average, so it is not ranked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, or_, select

from alliance_cli.core.errors import InvalidInput, NotFound
from alliance_cli.core.memberships import active_during
from alliance_cli.storage.models import alliance, membership, organisation

SUBJECT_TYPES = ("organisation", "alliance")


@dataclass(frozen=True, order=True)
class Subject:
    subject_type: str  # organisation or alliance
    id: int
    name: str
    category: str  # an organisation's category; an alliance's kind (area or task)


def subject_type_code(text: str | None) -> str | None:
    """`organisation`/`org`/组织 or `alliance`/联盟, or None."""
    if text is None:
        return None
    wanted = text.strip().lower()
    if wanted in ("organisation", "organization", "org", "组织", "成员组织", "单位"):
        return "organisation"
    if wanted in ("alliance", "联盟"):
        return "alliance"
    raise InvalidInput(
        "bad_term", field="subject type", value=text, choices="organisation/组织, alliance/联盟"
    )


def find_subject(connection: Connection, name: str, subject_type: str | None = None) -> Subject:
    """The organisation or alliance called `name`; refuses an unknown or ambiguous name."""
    wanted = name.strip()
    found: list[Subject] = []
    if subject_type in (None, "organisation"):
        row = connection.execute(
            select(organisation.c.id, organisation.c.name, organisation.c.category).where(
                organisation.c.name == wanted
            )
        ).first()
        if row is not None:
            found.append(Subject("organisation", row.id, row.name, row.category))
    if subject_type in (None, "alliance"):
        row = connection.execute(
            select(alliance.c.id, alliance.c.name, alliance.c.kind).where(alliance.c.name == wanted)
        ).first()
        if row is not None:
            found.append(Subject("alliance", row.id, row.name, row.kind))
    if not found:
        raise NotFound("unknown_subject", name=name)
    if len(found) > 1:
        raise InvalidInput("ambiguous_subject", name=wanted)
    return found[0]


def subject_by_id(connection: Connection, subject_type: str, subject_id: int) -> Subject:
    if subject_type == "organisation":
        row = connection.execute(
            select(organisation.c.name, organisation.c.category).where(
                organisation.c.id == subject_id
            )
        ).one()
        return Subject("organisation", subject_id, row.name, row.category)
    row = connection.execute(
        select(alliance.c.name, alliance.c.kind).where(alliance.c.id == subject_id)
    ).one()
    return Subject("alliance", subject_id, row.name, row.kind)


def scored_organisations(connection: Connection, start: date, end: date) -> list[Subject]:
    """Organisations that belonged to an alliance on some day of [start, end)."""
    rows = connection.execute(
        select(organisation.c.id, organisation.c.name, organisation.c.category)
        .where(
            organisation.c.id.in_(
                select(membership.c.organisation_id).where(active_during(start, end))
            )
        )
        .order_by(organisation.c.id)
    )
    return [Subject("organisation", r.id, r.name, r.category) for r in rows]


def scored_alliances(connection: Connection, start: date, end: date) -> list[Subject]:
    """Area and task alliances that existed on some day of [start, end)."""
    rows = connection.execute(
        select(alliance.c.id, alliance.c.name, alliance.c.kind)
        .where(
            alliance.c.kind != "core",
            or_(alliance.c.founded_on.is_(None), alliance.c.founded_on < end),
            or_(alliance.c.dissolved_on.is_(None), alliance.c.dissolved_on > start),
        )
        .order_by(alliance.c.id)
    )
    return [Subject("alliance", r.id, r.name, r.kind) for r in rows]


def members_during(connection: Connection, start: date, end: date) -> dict[int, set[int]]:
    """alliance id -> the organisations that belonged to it on some day of [start, end)."""
    rows = connection.execute(
        select(membership.c.alliance_id, membership.c.organisation_id).where(
            active_during(start, end)
        )
    )
    members: dict[int, set[int]] = {}
    for alliance_id, organisation_id in rows:
        members.setdefault(alliance_id, set()).add(organisation_id)
    return members
