"""Member organisations (成员党组织): adding, updating, listing and showing them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput
from alliance_cli.core.lookup import find_alliance, find_organisation
from alliance_cli.core.memberships import active_on, membership_history
from alliance_cli.core.vocabulary import resolve_term
from alliance_cli.storage.models import alliance, membership, organisation

ORGANISATION_FIELDS = ("name", "category", "level", "secretary", "party_members")


def clean_organisation(
    *,
    name: str,
    category: str,
    level: str | None = None,
    secretary: str | None = None,
    party_members: int | str | None = None,
) -> dict:
    """Validated column values for one organisation (codes resolved, counts checked)."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("empty_name")
    if party_members in (None, ""):
        count = 0
    else:
        try:
            count = int(str(party_members).strip())
        except ValueError:
            raise InvalidInput("bad_number", field="party_members", value=party_members) from None
    if count < 0:
        raise InvalidInput("negative_party_members", value=count)
    return {
        "name": name,
        "category": resolve_term("category", category),
        "level": resolve_term("level", level) if level else "village",
        "secretary": (secretary or "").strip() or None,
        "party_members": count,
    }


def add_organisation(connection: Connection, *, actor: str, **fields: object) -> int:
    values = clean_organisation(**fields)
    exists = connection.execute(
        select(organisation.c.id).where(organisation.c.name == values["name"])
    ).first()
    if exists:
        raise Duplicate("duplicate_organisation", name=values["name"])
    new_id = connection.execute(insert(organisation).values(**values)).inserted_primary_key[0]
    record_change(connection, actor, "add", "organisation", values["name"], after=values)
    return new_id


def update_organisation(
    connection: Connection, name: str, changes: dict[str, object], *, actor: str
) -> dict:
    """Apply the given changes (None means unchanged); returns the stored values."""
    current = find_organisation(connection, name)
    before = {field: getattr(current, field) for field in ORGANISATION_FIELDS}
    merged = {**before, **{k: v for k, v in changes.items() if v is not None}}
    if not any(v is not None for v in changes.values()):
        raise InvalidInput("nothing_to_update")
    after = clean_organisation(**merged)
    if after["name"] != current.name:
        taken = connection.execute(
            select(organisation.c.id).where(organisation.c.name == after["name"])
        ).first()
        if taken:
            raise Duplicate("duplicate_organisation", name=after["name"])
    connection.execute(update(organisation).where(organisation.c.id == current.id).values(**after))
    record_change(connection, actor, "update", "organisation", current.name, before, after)
    return after


def list_organisations(
    connection: Connection,
    *,
    alliance_name: str | None = None,
    category: str | None = None,
    on: date,
) -> list[dict]:
    """Organisations with the alliances they belong to on `on`, optionally only one
    alliance's members or one category."""
    query = select(organisation).order_by(organisation.c.name)
    if category:
        query = query.where(organisation.c.category == resolve_term("category", category))
    if alliance_name:
        group = find_alliance(connection, alliance_name)
        query = query.where(
            organisation.c.id.in_(
                select(membership.c.organisation_id).where(
                    membership.c.alliance_id == group.id, active_on(on)
                )
            )
        )
    orgs = [dict(row._mapping) for row in connection.execute(query)]
    belongs: dict[int, list[str]] = {}
    spells = connection.execute(
        select(membership.c.organisation_id, membership.c.role, alliance.c.name)
        .join(alliance, alliance.c.id == membership.c.alliance_id)
        .where(active_on(on))
        .order_by(alliance.c.name)
    )
    for spell in spells:
        belongs.setdefault(spell.organisation_id, []).append(
            {"alliance": spell.name, "role": spell.role}
        )
    for org in orgs:
        org["alliances"] = belongs.get(org.pop("id"), [])
    return orgs


def show_organisation(connection: Connection, name: str, on: date) -> dict:
    org = find_organisation(connection, name)
    details = {field: getattr(org, field) for field in ORGANISATION_FIELDS}
    details["alliances"] = [
        row.name
        for row in connection.execute(
            select(alliance.c.name)
            .join(membership, membership.c.alliance_id == alliance.c.id)
            .where(membership.c.organisation_id == org.id, active_on(on))
            .order_by(alliance.c.name)
        )
    ]
    details["history"] = membership_history(connection, name)
    return details
