"""Industry bases (产业基地): a herb, bean or chestnut base tied to the organisations that run
it and, usually, to a green alliance (绿色发展), where local experts pay service visits.

A base may belong to an alliance of another theme (a task alliance, a township's own mode):
that is allowed with a warning, because the programme lets townships invent new modes. The
linked organisations need not be members of the base's alliance: a co-operative or a county
agency often runs a base with villages of several alliances.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Row, delete, func, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.lookup import find_alliance, find_organisation
from alliance_cli.storage.models import (
    activity,
    activity_base,
    alliance,
    base_org,
    industry_base,
    organisation,
)

EXPERT_SERVICE = "expert_service"
MAX_NAME_LENGTH = 200
MAX_PRODUCT_LENGTH = 100


def find_base(connection: Connection, name: str) -> Row:
    """The industry base of that name, or NotFound."""
    row = connection.execute(
        select(industry_base).where(industry_base.c.name == name.strip())
    ).first()
    if row is None:
        raise NotFound("unknown_base", name=name)
    return row


def _linked_ids(connection: Connection, base_id: int) -> set[int]:
    return set(
        connection.execute(
            select(base_org.c.organisation_id).where(base_org.c.base_id == base_id)
        ).scalars()
    )


def _checked_name(connection: Connection, name: str | None, *, base_id: int | None = None) -> str:
    """A base name as stored: not empty, not too long, not another base's."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("empty_name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput("base_text_too_long", field="name", limit=MAX_NAME_LENGTH)
    taken = connection.execute(
        select(industry_base.c.id).where(industry_base.c.name == name)
    ).scalar()
    if taken is not None and taken != base_id:
        raise Duplicate("duplicate_base", name=name)
    return name


def _checked_product(product: str | None) -> str | None:
    product = (product or "").strip() or None
    if product is not None and len(product) > MAX_PRODUCT_LENGTH:
        raise InvalidInput("base_text_too_long", field="--product", limit=MAX_PRODUCT_LENGTH)
    return product


def _is_green(group: Row | None) -> bool:
    return group is None or group.theme == "green"


def add_base(
    connection: Connection,
    name: str,
    *,
    product: str | None = None,
    alliance_name: str | None = None,
    organisations: Iterable[str] = (),
    notes: str | None = None,
    actor: str,
) -> dict:
    """Add a base, optionally in an alliance and linked at once to organisations.

    Returns what was stored plus `green`: False when the alliance given is not a green
    (绿色发展) one, so that the caller can warn."""
    name = _checked_name(connection, name)
    product = _checked_product(product)
    group = find_alliance(connection, alliance_name) if alliance_name else None
    linked: dict[int, str] = {}
    for org_name in organisations:
        org = find_organisation(connection, org_name)
        linked[org.id] = org.name  # naming one organisation twice links it once
    values = {
        "name": name,
        "product": product,
        "alliance_id": group.id if group else None,
        "notes": (notes or "").strip() or None,
    }
    base_id = connection.execute(insert(industry_base).values(**values)).inserted_primary_key[0]
    for org_id in linked:
        connection.execute(insert(base_org).values(base_id=base_id, organisation_id=org_id))
    stored = {
        "name": name,
        "product": product,
        "alliance": group.name if group else None,
        "linked_organisations": list(linked.values()),
        "notes": values["notes"],
    }
    record_change(connection, actor, "add", "industry_base", name, after=stored)
    return {**stored, "id": base_id, "green": _is_green(group)}


def update_base(
    connection: Connection,
    name: str,
    *,
    rename: str | None = None,
    product: str | None = None,
    alliance_name: str | None = None,
    notes: str | None = None,
    actor: str,
) -> dict:
    """Change a base's name, product, alliance or notes, checked as `add_base` checks them.
    None leaves a field as it is; empty text clears the product, the alliance or the notes.
    Returns the stored values plus `green`: False when the alliance was changed to one that
    is not green (绿色发展), so that the caller can warn as `base add` does."""
    if rename is None and product is None and alliance_name is None and notes is None:
        raise InvalidInput("nothing_to_update")
    base = find_base(connection, name)
    current = connection.execute(select(alliance).where(alliance.c.id == base.alliance_id)).first()
    before = {
        "name": base.name,
        "product": base.product,
        "alliance": current.name if current else None,
        "notes": base.notes,
    }
    after = dict(before)
    values: dict = {}
    if rename is not None:
        values["name"] = after["name"] = _checked_name(connection, rename, base_id=base.id)
    if product is not None:
        values["product"] = after["product"] = _checked_product(product)
    group = current
    if alliance_name is not None:
        group = find_alliance(connection, alliance_name) if alliance_name.strip() else None
        values["alliance_id"] = group.id if group else None
        after["alliance"] = group.name if group else None
    if notes is not None:
        values["notes"] = after["notes"] = notes.strip() or None
    connection.execute(update(industry_base).where(industry_base.c.id == base.id).values(**values))
    record_change(connection, actor, "update", "industry_base", base.name, before, after)
    changed_alliance = alliance_name is not None and after["alliance"] != before["alliance"]
    return {**after, "green": not changed_alliance or _is_green(group)}


def link_base(
    connection: Connection, base_name: str, organisation_names: Iterable[str], *, actor: str
) -> list[str]:
    """Link more organisations to a base; one already linked is refused (and then nothing is
    linked). Returns the names linked."""
    base = find_base(connection, base_name)
    already = _linked_ids(connection, base.id)
    linked: list[str] = []
    for org_name in organisation_names:
        org = find_organisation(connection, org_name)
        if org.id in already:
            raise Duplicate("base_already_linked", base=base.name, organisation=org.name)
        connection.execute(insert(base_org).values(base_id=base.id, organisation_id=org.id))
        record_change(
            connection,
            actor,
            "link",
            "base_org",
            f"{base.name}@{org.name}",
            after={"base": base.name, "organisation": org.name},
        )
        already.add(org.id)
        linked.append(org.name)
    return linked


def unlink_base(
    connection: Connection, base_name: str, organisation_names: Iterable[str], *, actor: str
) -> list[str]:
    """Undo links made by mistake; an organisation that is not linked to the base is refused
    (and then nothing is unlinked). Visits to the base are left as they are. Returns the
    names unlinked."""
    base = find_base(connection, base_name)
    linked = _linked_ids(connection, base.id)
    unlinked: list[str] = []
    for org_name in organisation_names:
        org = find_organisation(connection, org_name)
        if org.id not in linked:
            raise RuleViolation("base_not_linked", base=base.name, organisation=org.name)
        connection.execute(
            delete(base_org).where(
                base_org.c.base_id == base.id, base_org.c.organisation_id == org.id
            )
        )
        record_change(
            connection,
            actor,
            "unlink",
            "base_org",
            f"{base.name}@{org.name}",
            before={"base": base.name, "organisation": org.name},
        )
        linked.discard(org.id)
        unlinked.append(org.name)
    return unlinked


def _organisations_by_base(connection: Connection) -> dict[int, list[str]]:
    linked: dict[int, list[str]] = {}
    for row in connection.execute(
        select(base_org.c.base_id, organisation.c.name)
        .join(organisation, organisation.c.id == base_org.c.organisation_id)
        .order_by(organisation.c.name)
    ):
        linked.setdefault(row.base_id, []).append(row.name)
    return linked


def _bases_query():
    visits = (
        select(func.count())
        .select_from(activity_base.join(activity, activity.c.id == activity_base.c.activity_id))
        .where(activity_base.c.base_id == industry_base.c.id, activity.c.kind == EXPERT_SERVICE)
        .correlate(industry_base)
        .scalar_subquery()
    )
    last_visit = (
        select(func.max(activity.c.held_on))
        .select_from(activity_base.join(activity, activity.c.id == activity_base.c.activity_id))
        .where(activity_base.c.base_id == industry_base.c.id, activity.c.kind == EXPERT_SERVICE)
        .correlate(industry_base)
        .scalar_subquery()
    )
    return select(
        industry_base.c.id,
        industry_base.c.name,
        industry_base.c.product,
        alliance.c.name.label("alliance"),
        industry_base.c.notes,
        visits.label("visits"),
        last_visit.label("last_visit"),
    ).outerjoin(alliance, alliance.c.id == industry_base.c.alliance_id)


def list_bases(connection: Connection, *, alliance_name: str | None = None) -> list[dict]:
    """Every base by name with its product, alliance, linked organisations, and how many
    expert service visits it had and when the last was; with `alliance_name`, only that
    alliance's bases."""
    query = _bases_query().order_by(industry_base.c.name)
    if alliance_name:
        query = query.where(
            industry_base.c.alliance_id == find_alliance(connection, alliance_name).id
        )
    linked = _organisations_by_base(connection)
    bases = []
    for row in connection.execute(query):
        details = dict(row._mapping)
        details["linked_organisations"] = linked.get(details.pop("id"), [])
        bases.append(details)
    return bases


def show_base(connection: Connection, name: str) -> dict:
    """One base with its linked organisations and every expert service visit it had."""
    from alliance_cli.core.experts import list_visits

    base = find_base(connection, name)
    row = connection.execute(_bases_query().where(industry_base.c.id == base.id)).one()
    details = dict(row._mapping)
    details.pop("id")
    details["linked_organisations"] = _organisations_by_base(connection).get(base.id, [])
    details["visit_list"] = list_visits(connection, base_name=base.name)
    return details
