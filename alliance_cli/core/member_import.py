"""Importing and exporting organisations with their memberships, one row per membership.

The natural keys: an organisation is its name; a membership spell is (organisation, alliance,
join date). A row that matches what is stored changes nothing, so re-importing a file is
harmless. A row may close an open spell (add its leave date) but never rewrites a closed one:
history is never overwritten.

Name and category are needed on every row. Level, secretary and party-member count are
optional: an absent column or an empty cell leaves an existing organisation's value alone
(a new one gets the default), so a short file never wipes what the clerk entered elsewhere.

The whole file is checked before anything is written, and all problems are reported
together; one bad row means nothing is written. Checking first also makes the result
independent of row order (a row closing a spell may come after the row opening the next).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.dates import parse_date
from alliance_cli.core.errors import (
    AllianceError,
    ImportRejected,
    InvalidInput,
    NotFound,
    RuleViolation,
)
from alliance_cli.core.locks import live_lock, locked_error, locked_from_problem, locked_quarters
from alliance_cli.core.organisations import ORGANISATION_FIELDS, clean_organisation
from alliance_cli.core.tabular import (
    Table,
    column_positions,
    header_aliases,
    refuse_missing_columns,
)
from alliance_cli.core.vocabulary import VOCABULARIES, resolve_term
from alliance_cli.storage.models import alliance, membership, organisation

# (column key, vocabulary of its values or None), in template order.
IMPORT_COLUMNS = [
    ("name", None),
    ("category", "category"),
    ("level", "level"),
    ("secretary", None),
    ("party_members", None),
    ("alliance", None),
    ("role", "role"),
    ("joined_on", None),
    ("left_on", None),
]
REQUIRED = ("name", "category")
OPTIONAL_DETAILS = ("level", "secretary", "party_members")
DEFAULTS = {"level": "village", "secretary": None, "party_members": 0}


def _column_headers(table: Table) -> dict[str, str]:
    """Column key -> the header the file uses for it; refuses a file without the columns
    every row needs."""
    aliases = header_aliases(key for key, _vocab in IMPORT_COLUMNS)
    positions = column_positions(table.headers, aliases)
    headers = {key: table.headers[position] for key, position in positions.items()}
    needed = list(REQUIRED)
    if "alliance" in headers:
        needed.append("joined_on")
    elif headers.keys() & {"role", "joined_on", "left_on"}:
        needed.append("alliance")
    refuse_missing_columns(headers, needed, table.path)
    return headers


@dataclass
class _OrgPlan:
    """What the file says about one organisation, merged over its rows."""

    first_row: int
    category: str
    given: dict[str, tuple[object, int]] = field(default_factory=dict)  # field -> (value, row)
    stored: object = None  # the stored row, if any
    values: dict = field(default_factory=dict)  # the values it will have after the import


@dataclass
class _Spell:
    joined_on: date
    left_on: date | None
    role: str
    row: int | None = None  # the file row that adds or closes it; None if untouched
    spell_id: int | None = None  # None until stored
    closes: bool = False  # an open stored spell that this import closes


def import_members(connection: Connection, table: Table, *, actor: str) -> dict[str, int]:
    """Apply the file inside the caller's transaction; raise ImportRejected (and so roll
    back) if any row is bad. Returns counts of what changed."""
    headers = _column_headers(table)
    orgs = {row.name: row for row in connection.execute(select(organisation))}
    alliances = {row.name: row for row in connection.execute(select(alliance))}
    # (organisation name, alliance id) -> its spells, stored ones first, then the file's.
    spells: dict[tuple[str, int], list[_Spell]] = {}
    for spell in connection.execute(
        select(membership, organisation.c.name.label("org_name")).join(
            organisation, organisation.c.id == membership.c.organisation_id
        )
    ):
        spells.setdefault((spell.org_name, spell.alliance_id), []).append(
            _Spell(spell.joined_on, spell.left_on, spell.role, spell_id=spell.id)
        )

    problems: list[tuple[int, str, dict]] = []
    plans: dict[str, _OrgPlan] = {}
    statements: dict[tuple[str, int, date], tuple[int, date | None]] = {}  # first row, leave

    for number, raw in table.rows:
        cells = {key: raw.get(header, "") for key, header in headers.items()}
        try:
            name = _plan_organisation(plans, orgs, number, cells, headers)
            if cells.get("alliance"):
                group = alliances.get(cells["alliance"])
                if group is None:
                    raise NotFound("unknown_alliance", name=cells["alliance"])
                _plan_membership(spells, statements, number, name, group, cells, headers)
            else:
                stray = next((k for k in ("role", "joined_on", "left_on") if cells.get(k)), None)
                if stray is not None:
                    raise InvalidInput("membership_needs_alliance", field=headers[stray])
        except AllianceError as refusal:
            params = dict(refusal.params)
            if params.get("field") in headers:  # name the column as the file spells it
                params["field"] = headers[params["field"]]
            problems.append((number, refusal.key, params))

    problems.extend(_overlaps(spells, alliances))
    problems.extend(_locked(connection, spells))
    if problems:
        problems.sort(key=lambda problem: problem[0])
        raise ImportRejected("import_rejected", problems, path=table.path)

    counts = _apply(connection, plans, spells, alliances, actor=actor)
    changing_rows = counts.pop("rows")
    counts["unchanged"] = sum(1 for number, _ in table.rows if number not in changing_rows)
    if counts["orgs_added"] or counts["orgs_updated"] or counts["joins"] or counts["leaves"]:
        summary = {k: v for k, v in counts.items() if k != "unchanged"}
        record_change(connection, actor, "import", "members", table.path, after=summary)
    return counts


def _apply(connection: Connection, plans: dict, spells: dict, alliances: dict, *, actor: str):
    """Write the checked plan, each change with its own audit entry (as `member add`, `join`
    and `leave` do). Returns the counts, and under "rows" the file rows that changed
    something."""
    counts = {"orgs_added": 0, "orgs_updated": 0, "joins": 0, "leaves": 0}
    changing_rows: set[int] = set()
    org_ids = {}
    for name, plan in plans.items():
        if plan.stored is None:
            org_ids[name] = connection.execute(
                insert(organisation).values(**plan.values)
            ).inserted_primary_key[0]
            record_change(connection, actor, "import-add", "organisation", name, after=plan.values)
            counts["orgs_added"] += 1
            changing_rows.add(plan.first_row)
            continue
        org_ids[name] = plan.stored.id
        before = {f: getattr(plan.stored, f) for f in ORGANISATION_FIELDS}
        if before != plan.values:
            connection.execute(
                update(organisation)
                .where(organisation.c.id == plan.stored.id)
                .values(**plan.values)
            )
            record_change(
                connection, actor, "import-update", "organisation", name, before, plan.values
            )
            counts["orgs_updated"] += 1
            changing_rows.add(plan.first_row)
    names = {group.id: group.name for group in alliances.values()}
    changes = sorted(
        (
            (spell.row, name, alliance_id, spell)
            for (name, alliance_id), history in spells.items()
            for spell in history
            if spell.row is not None
        ),
        key=lambda change: change[0],
    )  # in file order, so that the audit log reads like the file
    for row, name, alliance_id, spell in changes:
        changing_rows.add(row)
        entity_key = f"{name}@{names[alliance_id]}"
        if spell.closes:
            connection.execute(
                update(membership)
                .where(membership.c.id == spell.spell_id)
                .values(left_on=spell.left_on)
            )
            record_change(
                connection,
                actor,
                "import-leave",
                "membership",
                entity_key,
                before={"joined_on": spell.joined_on, "left_on": None},
                after={"joined_on": spell.joined_on, "left_on": spell.left_on},
            )
            counts["leaves"] += 1
            continue
        values = {"role": spell.role, "joined_on": spell.joined_on, "left_on": spell.left_on}
        connection.execute(
            insert(membership).values(
                organisation_id=org_ids[name], alliance_id=alliance_id, **values
            )
        )
        record_change(connection, actor, "import-join", "membership", entity_key, after=values)
        counts["joins"] += 1
    return {**counts, "rows": changing_rows}


def _plan_organisation(
    plans: dict[str, _OrgPlan], orgs: dict, number: int, cells: dict, headers: dict
) -> str:
    """Check one row's organisation details against the stored row and earlier rows; returns
    the organisation's name."""
    if cells["name"] and not cells["category"]:
        raise InvalidInput("missing_value", field=headers["category"])
    given = {f: cells[f] for f in OPTIONAL_DETAILS if cells.get(f)}
    values = clean_organisation(name=cells["name"], category=cells["category"], **given)
    name = values["name"]
    plan = plans.get(name)
    if plan is None:
        stored = orgs.get(name)
        plan = _OrgPlan(number, values["category"], stored=stored)
        base = DEFAULTS if stored is None else {f: getattr(stored, f) for f in OPTIONAL_DETAILS}
        plan.values = {"name": name, "category": values["category"], **base}
        plans[name] = plan
    elif plan.category != values["category"]:
        raise RuleViolation("conflicting_organisation", name=name, first=plan.first_row)
    for key in given:
        earlier = plan.given.get(key)
        if earlier is not None and earlier[0] != values[key]:
            raise RuleViolation("conflicting_organisation", name=name, first=earlier[1])
    for key in given:
        plan.given.setdefault(key, (values[key], number))
        plan.values[key] = values[key]
    return name


def _plan_membership(
    spells: dict, statements: dict, number: int, org_name: str, group, cells: dict, headers
) -> None:
    """Check one row's membership spell and add it to the plan: a new spell, the closing of
    an open one, or a repeat of what is stored or of an earlier row."""
    if not cells.get("joined_on"):
        raise InvalidInput("missing_value", field=headers["joined_on"])
    joined = parse_date(cells["joined_on"], headers["joined_on"])
    left = parse_date(cells["left_on"], headers["left_on"]) if cells.get("left_on") else None
    role = resolve_term("role", cells["role"]) if cells.get("role") else None
    where = {"organisation": org_name, "alliance": group.name, "joined": joined.isoformat()}
    if left is not None and left <= joined:  # a spell covers at least its join day
        raise RuleViolation("leave_before_join", **where, on=left.isoformat())
    if group.founded_on is not None and joined < group.founded_on:
        raise RuleViolation(
            "join_before_founded", alliance=group.name, founded=group.founded_on.isoformat()
        )
    if group.dissolved_on is not None and (
        joined >= group.dissolved_on or left is None or left > group.dissolved_on
    ):
        # Dissolving closed every spell on that day; none may run past it.
        raise RuleViolation(
            "alliance_dissolved", alliance=group.name, on=group.dissolved_on.isoformat()
        )
    history = spells.setdefault((org_name, group.id), [])
    same = next((s for s in history if s.joined_on == joined), None)
    key = (org_name, group.id, joined)
    if key in statements:
        # Named by an earlier row of this file: it must say the same, or a second import of
        # the file would read the first row as rewriting history.
        first_row, first_left = statements[key]
        if first_left != left or (role is not None and role != same.role):
            raise RuleViolation("conflicting_membership", **where, first=first_row)
        return
    statements[key] = (number, left)
    if same is None:
        history.append(_Spell(joined, left, role or "member", row=number))
        return
    if role is not None and role != same.role:
        term = VOCABULARIES["role"][same.role]
        raise RuleViolation("role_rewrite", **where, role=f"{term.code}/{term.zh}")
    if same.left_on == left:
        return
    if same.left_on is None:
        same.left_on, same.closes, same.row = left, True, number
        return
    raise RuleViolation("membership_rewrite", **where, left=_iso(same.left_on))


def _locked(connection: Connection, spells: dict) -> list[tuple[int, str, dict]]:
    """Rows whose join or leave would change a published (locked) quarter."""
    quarters = locked_quarters(connection)
    if not quarters:
        return []
    problems = []
    for history in spells.values():
        for spell in history:
            if spell.row is None:
                continue
            day = spell.left_on if spell.closes else spell.joined_on
            label = locked_from_problem(quarters, day)
            if label is not None:
                problems.append((spell.row, "period_locked", _lock_params(connection, label)))
    return problems


def _lock_params(connection: Connection, label: str) -> dict:
    return dict(locked_error(live_lock(connection, label)).params)


def _overlaps(spells: dict, alliances: dict) -> list[tuple[int, str, dict]]:
    """Spells this file adds that overlap another spell of the same organisation in the same
    alliance, checked on the final state (after every close in the file)."""
    names = {group.id: group.name for group in alliances.values()}
    problems = []
    for (org_name, alliance_id), history in spells.items():
        ordered = sorted(history, key=lambda s: (s.row is not None and not s.closes, s.row or 0))
        for index, spell in enumerate(ordered):
            if spell.row is None or spell.closes:
                continue
            for other in ordered[:index]:
                starts_before_end = spell.left_on is None or other.joined_on < spell.left_on
                ends_after_start = other.left_on is None or other.left_on > spell.joined_on
                if starts_before_end and ends_after_start:
                    problems.append(
                        (
                            spell.row,
                            "already_member",
                            {
                                "organisation": org_name,
                                "alliance": names[alliance_id],
                                "since": other.joined_on.isoformat(),
                            },
                        )
                    )
                    break
    return problems


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "-"


def export_members(connection: Connection) -> list[dict]:
    """One row per membership spell (and one per organisation without any), in the import
    layout, ordered by organisation, alliance and join date."""
    spells = connection.execute(
        select(
            membership.c.organisation_id,
            alliance.c.name.label("alliance"),
            membership.c.role,
            membership.c.joined_on,
            membership.c.left_on,
        )
        .join(alliance, alliance.c.id == membership.c.alliance_id)
        .order_by(alliance.c.name, membership.c.joined_on)
    ).all()
    by_org: dict[int, list] = {}
    for spell in spells:
        by_org.setdefault(spell.organisation_id, []).append(spell)
    rows = []
    for org in connection.execute(select(organisation).order_by(organisation.c.name)):
        base = {field: getattr(org, field) for field in ORGANISATION_FIELDS}
        for spell in by_org.get(org.id, []) or [None]:
            row = dict(base)
            if spell is not None:
                row.update(
                    alliance=spell.alliance,
                    role=spell.role,
                    joined_on=spell.joined_on,
                    left_on=spell.left_on,
                )
            rows.append(row)
    return rows
