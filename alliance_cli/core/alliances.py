"""Alliances (联盟): the 1 + N + X structure, task alliances and demonstration belts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, delete, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, RuleViolation
from alliance_cli.core.locks import refuse_if_locked_from
from alliance_cli.core.lookup import alliance_name_of, find_alliance, find_organisation
from alliance_cli.core.memberships import count_members, join_alliance, members_on
from alliance_cli.core.vocabulary import THEMES, resolve_term
from alliance_cli.storage.models import alliance, belt_link, membership, organisation

CUSTOM_THEME = "custom"


def resolve_theme(value: str | None) -> tuple[str | None, str | None]:
    """(theme code, custom label): a known theme by code or label, else a township's own."""
    if value is None or not value.strip():
        return None, None
    wanted = value.strip()
    for term in THEMES.values():
        if wanted.lower() == term.code or wanted == term.zh:
            return term.code, None
    return CUSTOM_THEME, wanted


def _core_alliance(connection: Connection):
    return connection.execute(select(alliance).where(alliance.c.kind == "core")).first()


def create_alliance(
    connection: Connection,
    name: str,
    kind: str,
    *,
    actor: str,
    theme: str | None = None,
    parent: str | None = None,
    leader: str | None = None,
    goal: str | None = None,
    min_members: int = 2,
    founded_on: date,
    members: tuple[str, ...] = (),
    lead: str | None = None,
) -> int:
    """Create an alliance. Area and task alliances sit under the core alliance unless another
    parent is named; a task alliance must start with at least its minimum of members."""
    name = name.strip()
    if not name:
        raise InvalidInput("empty_name")
    kind = resolve_term("kind", kind)
    if connection.execute(select(alliance.c.id).where(alliance.c.name == name)).first():
        raise Duplicate("duplicate_alliance", name=name)
    theme_code, theme_label = resolve_theme(theme)
    if min_members < 1:
        raise InvalidInput("bad_min_members", value=min_members)
    refuse_if_locked_from(connection, founded_on)
    core = _core_alliance(connection)
    parent_id = None
    if kind == "core":
        if core is not None:
            raise RuleViolation("second_core", existing=core.name)
        if parent:
            raise RuleViolation("core_has_no_parent")
    else:
        if parent:
            parent_id = find_alliance(connection, parent).id
        elif core is not None:
            parent_id = core.id
        elif kind == "area":
            raise RuleViolation("area_needs_core")
    if kind == "area" and theme_code is None:
        raise InvalidInput("area_needs_theme")
    starting = [*([lead] if lead else []), *(m for m in members if m != lead)]
    if kind == "task" and len(starting) < min_members:
        raise RuleViolation(
            "task_below_minimum", name=name, minimum=min_members, count=len(starting)
        )
    values = {
        "name": name,
        "kind": kind,
        "theme": theme_code,
        "theme_label": theme_label,
        "parent_id": parent_id,
        "leader": (leader or "").strip() or None,
        "goal": (goal or "").strip() or None,
        "min_members": min_members,
        "founded_on": founded_on,
    }
    new_id = connection.execute(insert(alliance).values(**values)).inserted_primary_key[0]
    record_change(connection, actor, "create", "alliance", name, after=values)
    for org_name in starting:
        join_alliance(
            connection,
            org_name,
            name,
            founded_on,
            "lead" if org_name == lead else "member",
            actor=actor,
        )
    return new_id


def update_alliance(connection: Connection, name: str, changes: dict, *, actor: str) -> None:
    """Change the leader, goal, theme, minimum, founding date or name of an alliance."""
    current = find_alliance(connection, name)
    values: dict[str, object] = {}
    if changes.get("new_name"):
        new_name = changes["new_name"].strip()
        if (
            new_name != current.name
            and connection.execute(select(alliance.c.id).where(alliance.c.name == new_name)).first()
        ):
            raise Duplicate("duplicate_alliance", name=new_name)
        values["name"] = new_name
    for field in ("leader", "goal", "founded_on"):
        if changes.get(field) is not None:
            values[field] = changes[field]
    if "founded_on" in values:
        old = current.founded_on
        refuse_if_locked_from(connection, min(values["founded_on"], old or values["founded_on"]))
    if changes.get("theme") is not None:
        values["theme"], values["theme_label"] = resolve_theme(changes["theme"])
    if changes.get("min_members") is not None:
        if changes["min_members"] < 1:
            raise InvalidInput("bad_min_members", value=changes["min_members"])
        values["min_members"] = changes["min_members"]
    if not values:
        raise InvalidInput("nothing_to_update")
    before = {field: getattr(current, field) for field in values}
    connection.execute(update(alliance).where(alliance.c.id == current.id).values(**values))
    record_change(connection, actor, "update", "alliance", current.name, before, values)


def dissolve_alliance(connection: Connection, name: str, on: date, *, actor: str) -> int:
    """Dissolve an alliance on a date and close its open memberships; returns how many."""
    current = find_alliance(connection, name)
    refuse_if_locked_from(connection, on)
    if current.dissolved_on is not None:
        raise RuleViolation(
            "alliance_dissolved", alliance=current.name, on=current.dissolved_on.isoformat()
        )
    if current.founded_on is not None and on < current.founded_on:
        raise RuleViolation(
            "dissolve_before_founded", alliance=current.name, founded=current.founded_on.isoformat()
        )
    late = connection.execute(
        select(membership.c.joined_on).where(
            membership.c.alliance_id == current.id, membership.c.joined_on >= on
        )
    ).first()
    if late is not None:
        raise RuleViolation(
            "dissolve_before_join", alliance=current.name, joined=late.joined_on.isoformat()
        )
    children = connection.execute(
        select(alliance.c.name).where(
            alliance.c.parent_id == current.id, alliance.c.dissolved_on.is_(None)
        )
    ).first()
    if children is not None:
        raise RuleViolation("dissolve_with_children", alliance=current.name, child=children.name)
    closed = connection.execute(
        update(membership)
        .where(membership.c.alliance_id == current.id, membership.c.left_on.is_(None))
        .values(left_on=on)
    ).rowcount
    connection.execute(update(alliance).where(alliance.c.id == current.id).values(dissolved_on=on))
    record_change(
        connection,
        actor,
        "dissolve",
        "alliance",
        current.name,
        {"dissolved_on": None},
        {"dissolved_on": on, "memberships_closed": closed},
    )
    return closed


def list_alliances(connection: Connection, on: date, *, problems_only: bool = False) -> list[dict]:
    """Every alliance with its parent, theme, leader and member count on `on`, in tree order
    (core first, then areas, then task alliances, each by name)."""
    parent = alliance.alias("parent")
    rows = connection.execute(
        select(alliance, parent.c.name.label("parent")).outerjoin(
            parent, parent.c.id == alliance.c.parent_id
        )
    ).all()
    kind_order = {"core": 0, "area": 1, "task": 2}
    listed = []
    for row in sorted(rows, key=lambda r: (kind_order[r.kind], r.name)):
        active = row.dissolved_on is None or row.dissolved_on > on
        count = count_members(connection, row.id, on)
        problem = None
        if row.kind == "task" and active and count < row.min_members:
            problem = "below_minimum"
        if problems_only and problem is None:
            continue
        listed.append(
            {
                "name": row.name,
                "kind": row.kind,
                "theme": row.theme,
                "theme_label": row.theme_label,
                "parent": row.parent,
                "leader": row.leader,
                "members": count,
                "min_members": row.min_members,
                "founded_on": row.founded_on,
                "dissolved_on": row.dissolved_on,
                "problem": problem,
            }
        )
    return listed


def show_alliance(connection: Connection, name: str, on: date) -> dict:
    """One alliance with its members on `on`, its sub-alliances and its demonstration belt."""
    row = find_alliance(connection, name)
    parent_name = alliance_name_of(connection, row.parent_id)
    children = (
        connection.execute(
            select(alliance.c.name).where(alliance.c.parent_id == row.id).order_by(alliance.c.name)
        )
        .scalars()
        .all()
    )
    return {
        "name": row.name,
        "kind": row.kind,
        "theme": row.theme,
        "theme_label": row.theme_label,
        "parent": parent_name,
        "leader": row.leader,
        "goal": row.goal,
        "min_members": row.min_members,
        "founded_on": row.founded_on,
        "dissolved_on": row.dissolved_on,
        "children": list(children),
        "members": members_on(connection, row.id, on),
        "belt": belt_of(connection, row.id),
    }


def set_belt(
    connection: Connection, alliance_name: str, org_names: list[str], *, actor: str, on: date
) -> None:
    """Record the alliance's demonstration belt (示范带) as an ordered chain, replacing the
    previous chain. Every link must be a member of the alliance on `on`."""
    group = find_alliance(connection, alliance_name)
    if len(org_names) < 2:
        raise InvalidInput("belt_too_short")
    if len(set(org_names)) != len(org_names):
        raise InvalidInput("belt_repeats")
    current_members = {m["name"] for m in members_on(connection, group.id, on)}
    org_ids = []
    for org_name in org_names:
        org = find_organisation(connection, org_name)
        if org.name not in current_members:
            raise RuleViolation("not_member", organisation=org.name, alliance=group.name)
        org_ids.append(org.id)
    before = belt_of(connection, group.id)
    connection.execute(delete(belt_link).where(belt_link.c.alliance_id == group.id))
    connection.execute(
        insert(belt_link),
        [
            {"alliance_id": group.id, "position": position, "organisation_id": org_id}
            for position, org_id in enumerate(org_ids, start=1)
        ],
    )
    record_change(
        connection,
        actor,
        "belt",
        "alliance",
        group.name,
        {"belt": before},
        {"belt": list(org_names)},
    )


def belt_of(connection: Connection, alliance_id: int) -> list[str]:
    return list(
        connection.execute(
            select(organisation.c.name)
            .join(belt_link, belt_link.c.organisation_id == organisation.c.id)
            .where(belt_link.c.alliance_id == alliance_id)
            .order_by(belt_link.c.position)
        ).scalars()
    )
