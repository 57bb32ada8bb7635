"""The activity service list (活动服务清单): 党员群众选、部门结对送、党建联盟定.

An item is proposed (选) by a party member or a resident for an alliance, taken up (送) by a
member organisation of that alliance, approved (定) by the alliance, and delivered by one of
the alliance's activities held on or after the approval; the delivery date is the activity's.
The stages go strictly in this order: skipping or repeating one is refused with the item's
current stage named. Dates are never before the previous stage, nor after today.

`update_item` corrects what describes an item — its title, who proposed it and whether a
party member or a resident, its notes — at any stage; the dates and the organisation of the
stages change only through the stage commands. Nothing given is refused; the title and the
proposer's name are stripped and may not be empty; empty notes clear them. Service items
count in no score, so no published quarter holds them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, Row, case, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import InvalidInput, NotFound, RuleViolation
from alliance_cli.core.lookup import (
    alliance_name_of,
    find_alliance,
    find_organisation,
    organisation_name_of,
)
from alliance_cli.core.memberships import is_member_on, refuse_unless_active
from alliance_cli.core.vocabulary import SERVICE_STAGES, resolve_term
from alliance_cli.core.wishes import refuse_future
from alliance_cli.storage.models import activity, activity_org, alliance, organisation, service_item

STAGES = tuple(SERVICE_STAGES)  # proposed, taken, approved, delivered: the order they go in
row_stage = case(
    (service_item.c.activity_id.is_not(None), "delivered"),
    (service_item.c.approved_on.is_not(None), "approved"),
    (service_item.c.taken_by_id.is_not(None), "taken"),
    else_="proposed",
)
stage_order = case({stage: index for index, stage in enumerate(STAGES)}, value=row_stage)


def stage_of(item: Row) -> str:
    """The stage an item has reached, from the dates it holds."""
    if item.activity_id is not None:
        return "delivered"
    if item.approved_on is not None:
        return "approved"
    if item.taken_by_id is not None:
        return "taken"
    return "proposed"


def find_service_item(connection: Connection, item_id: int, *, lock: bool = False) -> Row:
    """The item with that id, or NotFound; `lock` holds its row until the transaction ends
    (as `find_wish` does), so that two steps on one item never pass the same check."""
    query = select(service_item).where(service_item.c.id == item_id)
    row = connection.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("unknown_service_item", id=item_id)
    return row


def _refuse_unless_at(connection: Connection, item: Row, needed: str) -> None:
    """Refuse a step unless the item is at the stage just before it, naming where it is."""
    current = stage_of(item)
    if current == needed:
        return
    params: dict[str, object] = {"id": item.id}
    if current == "taken":
        params["organisation"] = organisation_name_of(connection, item.taken_by_id)
        params["on"] = item.taken_on.isoformat()
    elif current == "approved":
        params["on"] = item.approved_on.isoformat()
    elif current == "delivered":
        params["activity"] = item.activity_id
        params["on"] = item.delivered_on.isoformat()
    raise RuleViolation(f"service_at_{current}", **params)


def _alliance_of(connection: Connection, item: Row) -> Row:
    return connection.execute(select(alliance).where(alliance.c.id == item.alliance_id)).one()


def propose_item(
    connection: Connection,
    title: str,
    *,
    alliance_name: str,
    proposed_by: str,
    proposer_kind: str,
    on: date,
    notes: str | None = None,
    actor: str,
    today: date,
) -> dict:
    """选: a party member or a resident proposes an item for an alliance's service list."""
    title = " ".join((title or "").split())
    if not title:
        raise InvalidInput("empty_title")
    proposed_by = (proposed_by or "").strip()
    if not proposed_by:
        raise InvalidInput("service_empty_proposer")
    kind = resolve_term("proposer", proposer_kind)
    refuse_future(on, today, "--on")
    group = find_alliance(connection, alliance_name)
    refuse_unless_active(group, on)
    values = {
        "title": title,
        "alliance_id": group.id,
        "proposed_by": proposed_by,
        "proposer_kind": kind,
        "proposed_on": on,
        "notes": (notes or "").strip() or None,
    }
    item_id = connection.execute(insert(service_item).values(**values)).inserted_primary_key[0]
    stored = {**values, "alliance": group.name}
    stored.pop("alliance_id")
    record_change(connection, actor, "propose", "service_item", str(item_id), after=stored)
    return {"id": item_id, **stored}


def take_item(
    connection: Connection,
    item_id: int,
    *,
    organisation_name: str,
    on: date,
    actor: str,
    today: date,
) -> dict:
    """送: a member organisation of the item's alliance takes it up (结对送)."""
    item = find_service_item(connection, item_id, lock=True)
    _refuse_unless_at(connection, item, "proposed")
    refuse_future(on, today, "--on")
    if on < item.proposed_on:
        raise RuleViolation(
            "service_before_proposed",
            id=item_id,
            day=on.isoformat(),
            on=item.proposed_on.isoformat(),
        )
    org = find_organisation(connection, organisation_name)
    group = _alliance_of(connection, item)
    refuse_unless_active(group, on)
    if not is_member_on(connection, org.id, group.id, on):
        raise RuleViolation(
            "service_org_not_member", organisation=org.name, alliance=group.name, day=on.isoformat()
        )
    connection.execute(
        update(service_item)
        .where(service_item.c.id == item_id)
        .values(taken_by_id=org.id, taken_on=on)
    )
    after = {"taken_by": org.name, "taken_on": on}
    record_change(
        connection,
        actor,
        "take",
        "service_item",
        str(item_id),
        before={"taken_by": None, "taken_on": None},
        after=after,
    )
    return {"id": item_id, "title": item.title, **after}


def approve_item(
    connection: Connection, item_id: int, *, on: date, actor: str, today: date
) -> dict:
    """定: the alliance approves an item that an organisation has taken up."""
    item = find_service_item(connection, item_id, lock=True)
    _refuse_unless_at(connection, item, "taken")
    refuse_future(on, today, "--on")
    if on < item.taken_on:
        raise RuleViolation(
            "service_before_taken", id=item_id, day=on.isoformat(), on=item.taken_on.isoformat()
        )
    refuse_unless_active(_alliance_of(connection, item), on)
    connection.execute(
        update(service_item).where(service_item.c.id == item_id).values(approved_on=on)
    )
    record_change(
        connection,
        actor,
        "approve",
        "service_item",
        str(item_id),
        before={"approved_on": None},
        after={"approved_on": on},
    )
    return {"id": item_id, "title": item.title, "approved_on": on}


def deliver_item(connection: Connection, item_id: int, *, activity_id: int, actor: str) -> dict:
    """An activity of the same alliance, held on or after the approval, delivers the item.

    Returns the delivery and `taker_took_part`, so that the caller can warn when the
    organisation that took the item up is not among the activity's organisations."""
    item = find_service_item(connection, item_id, lock=True)
    _refuse_unless_at(connection, item, "approved")
    event = connection.execute(
        select(activity.c.id, activity.c.held_on, activity.c.title, activity.c.alliance_id).where(
            activity.c.id == activity_id
        )
    ).first()
    if event is None:
        raise NotFound("unknown_activity", id=activity_id)
    group = _alliance_of(connection, item)
    if event.alliance_id != group.id:
        raise RuleViolation(
            "service_activity_other_alliance",
            id=item_id,
            activity=activity_id,
            activity_alliance=alliance_name_of(connection, event.alliance_id),
            alliance=group.name,
        )
    if event.held_on < item.approved_on:
        raise RuleViolation(
            "service_activity_before_approval",
            id=item_id,
            activity=activity_id,
            held_on=event.held_on.isoformat(),
            on=item.approved_on.isoformat(),
        )
    connection.execute(
        update(service_item)
        .where(service_item.c.id == item_id)
        .values(activity_id=activity_id, delivered_on=event.held_on)
    )
    after = {"activity_id": activity_id, "delivered_on": event.held_on}
    record_change(
        connection,
        actor,
        "deliver",
        "service_item",
        str(item_id),
        before={"activity_id": None, "delivered_on": None},
        after=after,
    )
    took_part = (
        connection.execute(
            select(activity_org.c.activity_id).where(
                activity_org.c.activity_id == activity_id,
                activity_org.c.organisation_id == item.taken_by_id,
            )
        ).first()
        is not None
    )
    return {
        "id": item_id,
        "title": item.title,
        "activity_title": event.title,
        "taken_by": organisation_name_of(connection, item.taken_by_id),
        "taker_took_part": took_part,
        **after,
    }


def update_item(
    connection: Connection,
    item_id: int,
    *,
    title: str | None = None,
    proposed_by: str | None = None,
    proposer_kind: str | None = None,
    notes: str | None = None,
    actor: str,
) -> dict:
    """Correct an item's title, proposer or notes; None leaves a field as it is and empty
    notes clear them. Returns the stored values."""
    if all(value is None for value in (title, proposed_by, proposer_kind, notes)):
        raise InvalidInput("nothing_to_update")
    item = find_service_item(connection, item_id, lock=True)
    before = {
        "title": item.title,
        "proposed_by": item.proposed_by,
        "proposer_kind": item.proposer_kind,
        "notes": item.notes,
    }
    after = dict(before)
    if title is not None:
        after["title"] = " ".join(title.split())
        if not after["title"]:
            raise InvalidInput("empty_title")
    if proposed_by is not None:
        after["proposed_by"] = proposed_by.strip()
        if not after["proposed_by"]:
            raise InvalidInput("service_empty_proposer")
    if proposer_kind is not None:
        after["proposer_kind"] = resolve_term("proposer", proposer_kind)
    if notes is not None:
        after["notes"] = notes.strip() or None
    connection.execute(update(service_item).where(service_item.c.id == item_id).values(**after))
    record_change(
        connection, actor, "update", "service_item", str(item_id), before=before, after=after
    )
    return {"id": item_id, **after}


def _items_query():
    taker = organisation.alias("taker")
    return (
        select(
            service_item.c.id,
            row_stage.label("stage"),
            service_item.c.title,
            alliance.c.name.label("alliance"),
            service_item.c.proposed_by,
            service_item.c.proposer_kind,
            service_item.c.proposed_on,
            taker.c.name.label("taken_by"),
            service_item.c.taken_on,
            service_item.c.approved_on,
            service_item.c.activity_id,
            activity.c.title.label("activity_title"),
            service_item.c.delivered_on,
            service_item.c.notes,
        )
        .join(alliance, alliance.c.id == service_item.c.alliance_id)
        .outerjoin(taker, taker.c.id == service_item.c.taken_by_id)
        .outerjoin(activity, activity.c.id == service_item.c.activity_id)
    )


def list_items(
    connection: Connection, *, alliance_name: str | None = None, stage: str | None = None
) -> list[dict]:
    """Items by stage (proposed, taken up, approved, delivered), then by proposal date and
    id; of one alliance and/or one stage when asked."""
    query = _items_query().order_by(stage_order, service_item.c.proposed_on, service_item.c.id)
    if alliance_name:
        query = query.where(
            service_item.c.alliance_id == find_alliance(connection, alliance_name).id
        )
    if stage:
        query = query.where(row_stage == resolve_term("stage", stage))
    return [dict(row._mapping) for row in connection.execute(query)]


def show_item(connection: Connection, item_id: int) -> dict:
    """One item with every stage it has reached."""
    find_service_item(connection, item_id)
    row = connection.execute(_items_query().where(service_item.c.id == item_id)).one()
    return dict(row._mapping)
