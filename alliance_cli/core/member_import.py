"""Importing and exporting organisations with their memberships, one row per membership.

The natural keys: an organisation is its name; a membership spell is (organisation, alliance,
join date). A row that matches what is stored changes nothing, so re-importing a file is
harmless. A row may close an open spell (add its leave date) but never rewrites a closed one:
history is never overwritten. Every row is checked and all problems are reported together;
one bad row means nothing is written.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.dates import parse_date
from alliance_cli.core.errors import AllianceError, ImportRejected
from alliance_cli.core.organisations import ORGANISATION_FIELDS, clean_organisation
from alliance_cli.core.tabular import Table
from alliance_cli.core.vocabulary import resolve_term
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


def header_aliases() -> dict[str, str]:
    """Every accepted header spelling (code, Chinese label, English label) -> column key."""
    from alliance_cli.i18n import COLUMNS

    aliases = {}
    for key, _vocab in IMPORT_COLUMNS:
        zh, en = COLUMNS[key]
        for spelling in (key, zh, en):
            aliases[spelling.lower()] = key
    return aliases


def _keyed_rows(table: Table) -> list[tuple[int, dict[str, str]]]:
    aliases = header_aliases()
    mapping = {h: aliases[h.lower()] for h in table.headers if h.lower() in aliases}
    missing = [key for key in REQUIRED if key not in mapping.values()]
    if missing:
        from alliance_cli.i18n import COLUMNS

        names = ", ".join(f"{COLUMNS[k][0]}/{k}" for k in missing)
        raise ImportRejected(
            "import_rejected", [(1, "missing_columns", {"columns": names})], path=table.path
        )
    return [
        (number, {mapping[h]: v for h, v in cells.items() if h in mapping})
        for number, cells in table.rows
    ]


def import_members(connection: Connection, table: Table, *, actor: str) -> dict[str, int]:
    """Apply the file inside the caller's transaction; raise ImportRejected (and so roll
    back) if any row is bad. Returns counts of what changed."""
    rows = _keyed_rows(table)
    orgs = {row.name: row for row in connection.execute(select(organisation))}
    alliances = {row.name: row for row in connection.execute(select(alliance))}
    spells: dict[tuple[int, int], list] = {}
    for spell in connection.execute(select(membership)):
        spells.setdefault((spell.organisation_id, spell.alliance_id), []).append(spell)

    problems: list[tuple[int, str, dict]] = []
    counts = {"orgs_added": 0, "orgs_updated": 0, "joins": 0, "leaves": 0, "unchanged": 0}
    seen_orgs: dict[str, tuple[int, dict]] = {}

    for number, cells in rows:
        try:
            values = clean_organisation(**{f: cells.get(f) for f in ORGANISATION_FIELDS})
        except AllianceError as refusal:
            problems.append((number, refusal.key, refusal.params))
            continue
        first = seen_orgs.get(values["name"])
        if first is not None and first[1] != values:
            problems.append(
                (number, "conflicting_organisation", {"name": values["name"], "first": first[0]})
            )
            continue
        changed = False
        if first is None:
            seen_orgs[values["name"]] = (number, values)
            stored = orgs.get(values["name"])
            if stored is None:
                org_id = connection.execute(
                    insert(organisation).values(**values)
                ).inserted_primary_key[0]
                counts["orgs_added"] += 1
                changed = True
            else:
                org_id = stored.id
                before = {f: getattr(stored, f) for f in ORGANISATION_FIELDS}
                if before != values:
                    connection.execute(
                        update(organisation).where(organisation.c.id == org_id).values(**values)
                    )
                    record_change(
                        connection,
                        actor,
                        "import-update",
                        "organisation",
                        values["name"],
                        before,
                        values,
                    )
                    counts["orgs_updated"] += 1
                    changed = True
            orgs[values["name"]] = _Stored(org_id, values)
        org_id = orgs[values["name"]].id

        if cells.get("alliance"):
            try:
                outcome = _apply_membership(
                    connection, org_id, values["name"], cells, alliances, spells
                )
            except AllianceError as refusal:
                problems.append((number, refusal.key, refusal.params))
                continue
            if outcome:
                counts[outcome] += 1
                changed = True
        if not changed:
            counts["unchanged"] += 1

    if problems:
        raise ImportRejected("import_rejected", problems, path=table.path)
    if counts["orgs_added"] or counts["orgs_updated"] or counts["joins"] or counts["leaves"]:
        record_change(connection, actor, "import", "members", table.path, after=counts)
    return counts


class _Stored:
    """An organisation added or updated during this import, in place of its stored row."""

    def __init__(self, org_id: int, values: dict) -> None:
        self.id = org_id
        for field, value in values.items():
            setattr(self, field, value)


def _apply_membership(connection, org_id, org_name, cells, alliances, spells) -> str | None:
    from alliance_cli.core.errors import InvalidInput, NotFound, RuleViolation

    group = alliances.get(cells["alliance"])
    if group is None:
        raise NotFound("unknown_alliance", name=cells["alliance"])
    role = resolve_term("role", cells.get("role") or "member")
    if not cells.get("joined_on"):
        raise InvalidInput("bad_date", field="joined_on", value="")
    joined = parse_date(cells["joined_on"], "joined_on")
    left = parse_date(cells["left_on"], "left_on") if cells.get("left_on") else None
    if left is not None and left < joined:
        raise RuleViolation(
            "leave_before_join",
            organisation=org_name,
            alliance=group.name,
            joined=joined.isoformat(),
            on=left.isoformat(),
        )
    if group.founded_on is not None and joined < group.founded_on:
        raise RuleViolation(
            "join_before_founded", alliance=group.name, founded=group.founded_on.isoformat()
        )
    if group.dissolved_on is not None and joined >= group.dissolved_on:
        raise RuleViolation(
            "alliance_dissolved", alliance=group.name, on=group.dissolved_on.isoformat()
        )
    existing = spells.setdefault((org_id, group.id), [])
    same = next((s for s in existing if s.joined_on == joined), None)
    if same is not None:
        if same.role != role:
            raise RuleViolation(
                "membership_rewrite",
                organisation=org_name,
                alliance=group.name,
                joined=joined.isoformat(),
                left=_iso(same.left_on),
            )
        if same.left_on == left:
            return None
        if same.left_on is None:
            _check_overlap(existing, joined, left, org_name, group.name, ignore=same)
            connection.execute(
                update(membership).where(membership.c.id == same.id).values(left_on=left)
            )
            existing[existing.index(same)] = _Spell(same.id, role, joined, left)
            return "leaves"
        raise RuleViolation(
            "membership_rewrite",
            organisation=org_name,
            alliance=group.name,
            joined=joined.isoformat(),
            left=_iso(same.left_on),
        )
    _check_overlap(existing, joined, left, org_name, group.name)
    spell_id = connection.execute(
        insert(membership).values(
            organisation_id=org_id, alliance_id=group.id, role=role, joined_on=joined, left_on=left
        )
    ).inserted_primary_key[0]
    existing.append(_Spell(spell_id, role, joined, left))
    return "joins"


class _Spell:
    def __init__(self, spell_id: int, role: str, joined_on: date, left_on: date | None):
        self.id, self.role, self.joined_on, self.left_on = spell_id, role, joined_on, left_on


def _check_overlap(existing, joined, left, org_name, alliance_name, ignore=None) -> None:
    from alliance_cli.core.errors import RuleViolation

    for spell in existing:
        if spell is ignore:
            continue
        starts_before_end = left is None or spell.joined_on < left
        ends_after_start = spell.left_on is None or spell.left_on > joined
        if starts_before_end and ends_after_start:
            raise RuleViolation(
                "already_member",
                organisation=org_name,
                alliance=alliance_name,
                since=spell.joined_on.isoformat(),
            )


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
