"""Industry bases (产业基地): a herb, bean or chestnut base tied to the organisations that run
it and, usually, to a green alliance (绿色发展), where local experts pay service visits.

A base may belong to an alliance of another theme (a task alliance, a township's own mode):
that is allowed with a warning, because the programme lets townships invent new modes. The
linked organisations need not be members of the base's alliance: a co-operative or a county
agency often runs a base with villages of several alliances.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Row, func, insert, select

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound
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
    name = (name or "").strip()
    if not name:
        raise InvalidInput("empty_name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput("base_text_too_long", field="name", limit=MAX_NAME_LENGTH)
    product = (product or "").strip() or None
    if product is not None and len(product) > MAX_PRODUCT_LENGTH:
        raise InvalidInput("base_text_too_long", field="--product", limit=MAX_PRODUCT_LENGTH)
    if connection.execute(select(industry_base.c.id).where(industry_base.c.name == name)).first():
        raise Duplicate("duplicate_base", name=name)
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
    return {**stored, "id": base_id, "green": group is None or group.theme == "green"}


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
