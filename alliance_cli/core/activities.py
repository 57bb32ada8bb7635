"""Activities (活动): logging, listing, editing and deleting what alliances do together.

An activity belongs to one alliance and has one host; co-hosts and participants must be
members of that alliance on the day; guests (跨联盟) must belong to another alliance that day
and are stored as cross-alliance participation. The natural key — date, alliance, host and
title — identifies an activity, so the same activity is never recorded twice.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import Connection, and_, case, delete, func, insert, or_, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.locks import refuse_if_locked
from alliance_cli.core.lookup import (
    alliance_name_of,
    find_alliance,
    find_organisation,
    period_named,
)
from alliance_cli.core.memberships import is_member_on, member_elsewhere_on, refuse_unless_active
from alliance_cli.core.people import activity_people, resolve_people
from alliance_cli.core.periods import Period
from alliance_cli.storage.models import (
    activity,
    activity_kind,
    activity_org,
    activity_person,
    alliance,
    organisation,
    venue,
)

MAX_HOURS_PER_PERSON = 24
ROLE_ORDER = case({"host": 0, "cohost": 1, "participant": 2}, value=activity_org.c.role)
FUTURE_DAYS_VARIABLE = "ALLIANCE_MAX_FUTURE_DAYS"
_ORG_SPEC = re.compile(r"^(.+?)\s*[:：]\s*([^:：]*?)\s*$")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


# --- parsing the clerk's values -------------------------------------------------------------


def parse_org_spec(spec: str) -> tuple[str, int | None]:
    """`红岩村:20` -> ("红岩村", 20); `红岩村` -> ("红岩村", None). Full-width colon and digits
    are accepted; a count that is not a whole number >= 0 is refused."""
    match = _ORG_SPEC.match(spec.strip())
    if match:
        return match.group(1).strip(), parse_count(match.group(2), "attendees")
    return spec.strip(), None


def parse_count(value: str | int | None, field_name: str) -> int | None:
    """A whole number >= 0, or None when not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).translate(_FULL_WIDTH_DIGITS).strip())
    except ValueError:
        raise InvalidInput("bad_number", field=field_name, value=value) from None
    if number < 0:
        raise InvalidInput("negative_count", field=field_name, value=number)
    return number


def parse_hours(value: str | Decimal | None) -> int:
    """Volunteer hours as exact hundredths: "2.5" -> 250. Never through a binary float."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    try:
        hours = Decimal(str(value).translate(_FULL_WIDTH_DIGITS).strip())
    except InvalidOperation:
        raise InvalidInput("bad_hours", value=value) from None
    if not hours.is_finite() or hours < 0 or hours != hours.quantize(Decimal("0.01")):
        raise InvalidInput("bad_hours", value=value)
    return int(hours * 100)


def hours_text(hundredths: int) -> str:
    """250 -> "2.50": the exact stored value for display."""
    return f"{Decimal(hundredths) / 100:.2f}"


def latest_allowed_date(today: date) -> date:
    """Activities may be dated at most ALLIANCE_MAX_FUTURE_DAYS (default 0) after today."""
    raw = os.environ.get(FUTURE_DAYS_VARIABLE, "0").strip() or "0"
    try:
        days = int(raw)
    except ValueError:
        raise InvalidInput("bad_number", field=FUTURE_DAYS_VARIABLE, value=raw) from None
    return today + timedelta(days=days)


# --- kinds ------------------------------------------------------------------------------------


def resolve_kind(connection: Connection, value: str) -> str:
    """The kind code for a code, a Chinese label or an English label."""
    wanted = value.strip()
    row = connection.execute(
        select(activity_kind.c.code).where(
            or_(
                func.lower(activity_kind.c.code) == wanted.lower(),
                activity_kind.c.label_zh == wanted,
                func.lower(activity_kind.c.label_en) == wanted.lower(),
            )
        )
    ).first()
    if row is None:
        raise NotFound("unknown_kind", value=value)
    return row.code


def list_kinds(connection: Connection) -> list[dict]:
    rows = connection.execute(
        select(activity_kind).order_by(activity_kind.c.builtin.desc(), activity_kind.c.code)
    )
    return [dict(row._mapping) for row in rows]


def add_kind(
    connection: Connection, code: str, label_zh: str, label_en: str | None, *, actor: str
) -> None:
    """Add a township's own kind of activity."""
    code = code.strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,29}", code):
        raise InvalidInput("bad_kind_code", value=code)
    label_zh = label_zh.strip()
    if not label_zh:
        raise InvalidInput("empty_name")
    clash = connection.execute(
        select(activity_kind.c.code).where(
            or_(activity_kind.c.code == code, activity_kind.c.label_zh == label_zh)
        )
    ).first()
    if clash is not None:
        raise Duplicate("duplicate_kind", code=code, label=label_zh)
    values = {
        "code": code,
        "label_zh": label_zh,
        "label_en": (label_en or code).strip(),
        "builtin": False,
    }
    connection.execute(insert(activity_kind).values(**values))
    record_change(connection, actor, "add", "activity_kind", code, after=values)


# --- logging ----------------------------------------------------------------------------------


@dataclass
class ActivityDraft:
    """An activity as the clerk describes it, before its names are resolved."""

    held_on: date
    kind: str
    title: str
    alliance: str
    host: str
    cohosts: list[str] = field(default_factory=list)
    participants: list[tuple[str, int | None]] = field(default_factory=list)
    guests: list[tuple[str, int | None]] = field(default_factory=list)
    attendees: int | None = None
    hours: str | None = None
    venue: str | None = None
    notes: str | None = None
    people: list[str] = field(default_factory=list)  # people who took part (活动共参与)


def _resolve(connection: Connection, draft: ActivityDraft, today: date) -> tuple[dict, list]:
    """Validated `activity` values and `activity_org` rows for a draft (rules in the module
    docstring); raises the first problem found."""
    title = draft.title.strip()
    if not title:
        raise InvalidInput("empty_title")
    if draft.held_on > latest_allowed_date(today):
        raise RuleViolation(
            "activity_in_future",
            day=draft.held_on.isoformat(),
            limit=latest_allowed_date(today).isoformat(),
        )
    refuse_if_locked(connection, day=draft.held_on)
    kind = resolve_kind(connection, draft.kind)
    group = find_alliance(connection, draft.alliance)
    day = draft.held_on
    refuse_unless_active(group, day)
    rows: dict[int, dict] = {}
    listed_hosts: set[int] = set()

    def add(name: str, role: str, count: int | None, guest: bool) -> None:
        org = find_organisation(connection, name)
        if org.id in rows:
            existing = rows[org.id]
            if (
                existing["role"] == "host"
                and role == "participant"
                and not guest
                and org.id not in listed_hosts
            ):
                existing["attendees"] = count  # the host listed once with its attendance
                listed_hosts.add(org.id)
                return
            raise InvalidInput("org_named_twice", organisation=org.name)
        if guest:
            if is_member_on(connection, org.id, group.id, day):
                raise RuleViolation("guest_is_member", organisation=org.name, alliance=group.name)
            if not member_elsewhere_on(connection, org.id, group.id, day):
                raise RuleViolation(
                    "guest_without_alliance", organisation=org.name, day=day.isoformat()
                )
        elif not is_member_on(connection, org.id, group.id, day):
            raise RuleViolation(
                "not_member_on", organisation=org.name, alliance=group.name, day=day.isoformat()
            )
        rows[org.id] = {"organisation_id": org.id, "role": role, "attendees": count, "guest": guest}

    add(draft.host, "host", None, False)
    host_id = next(iter(rows))
    for name in draft.cohosts:
        add(name, "cohost", None, False)
    for name, count in draft.participants:
        add(name, "participant", parse_count(count, "attendees"), False)
    for name, count in draft.guests:
        add(name, "participant", parse_count(count, "attendees"), True)

    counted = sum(r["attendees"] or 0 for r in rows.values())
    attendees = parse_count(draft.attendees, "attendees")
    if attendees is None:
        attendees = counted
    elif attendees < counted:
        raise RuleViolation("attendees_below_sum", total=attendees, counted=counted)
    hours = parse_hours(draft.hours)
    if hours > MAX_HOURS_PER_PERSON * 100 * attendees:
        raise RuleViolation("hours_per_person", hours=hours_text(hours), attendees=attendees)
    venue_id = None
    if draft.venue:
        from alliance_cli.core.venues import find_venue  # off the start-up path of the rest

        venue_id = find_venue(connection, draft.venue).id
    values = {
        "held_on": day,
        "kind": kind,
        "title": title,
        "alliance_id": group.id,
        "host_id": host_id,
        "attendees": attendees,
        "hours_hundredths": hours,
        "venue_id": venue_id,
        "notes": (draft.notes or "").strip() or None,
    }
    return values, list(rows.values())


def _check_natural_key(connection: Connection, values: dict, ignore_id: int | None = None):
    query = select(activity.c.id).where(
        activity.c.held_on == values["held_on"],
        activity.c.alliance_id == values["alliance_id"],
        activity.c.host_id == values["host_id"],
        activity.c.title == values["title"],
    )
    if ignore_id is not None:
        query = query.where(activity.c.id != ignore_id)
    existing = connection.execute(query).first()
    if existing is not None:
        raise Duplicate("duplicate_activity", id=existing.id)


def log_activity(connection: Connection, draft: ActivityDraft, *, actor: str, today: date) -> int:
    """Record one activity; returns its id."""
    values, org_rows = _resolve(connection, draft, today)
    people = resolve_people(connection, draft.people)
    _check_natural_key(connection, values)
    activity_id = connection.execute(insert(activity).values(**values)).inserted_primary_key[0]
    connection.execute(
        insert(activity_org), [{"activity_id": activity_id, **row} for row in org_rows]
    )
    if people:
        connection.execute(
            insert(activity_person),
            [{"activity_id": activity_id, "person_id": who.id} for who in people],
        )
    after = {**values, "organisations": len(org_rows)}
    if people:
        after["people"] = [who.name for who in people]
    record_change(connection, actor, "log", "activity", str(activity_id), after=after)
    return activity_id


# --- reading ----------------------------------------------------------------------------------


def activity_period(connection: Connection, text: str | None) -> Period | None:
    """The period the clerk named; `latest`/`previous` count from the newest activity."""
    return period_named(connection, text, activity.c.held_on)


def list_activities(
    connection: Connection,
    *,
    alliance_name: str | None = None,
    organisation_name: str | None = None,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    period: Period | None = None,
) -> list[dict]:
    """Activities matching every given filter, oldest first. `date_to` is inclusive; an
    organisation matches when it took part in any role."""
    host = organisation.alias("host")
    org_count = (
        select(func.count())
        .where(activity_org.c.activity_id == activity.c.id)
        .correlate(activity)
        .scalar_subquery()
    )
    query = (
        select(
            activity.c.id,
            activity.c.held_on,
            activity.c.kind,
            activity.c.title,
            alliance.c.name.label("alliance"),
            host.c.name.label("host"),
            org_count.label("organisations"),
            activity.c.attendees,
            activity.c.hours_hundredths,
        )
        .join(alliance, alliance.c.id == activity.c.alliance_id)
        .join(host, host.c.id == activity.c.host_id)
        .order_by(activity.c.held_on, activity.c.id)
    )
    conditions = []
    if alliance_name:
        conditions.append(activity.c.alliance_id == find_alliance(connection, alliance_name).id)
    if organisation_name:
        org = find_organisation(connection, organisation_name)
        conditions.append(
            activity.c.id.in_(
                select(activity_org.c.activity_id).where(activity_org.c.organisation_id == org.id)
            )
        )
    if kind:
        conditions.append(activity.c.kind == resolve_kind(connection, kind))
    if period is not None:
        conditions += [activity.c.held_on >= period.start, activity.c.held_on < period.end]
    if date_from is not None:
        conditions.append(activity.c.held_on >= date_from)
    if date_to is not None:
        conditions.append(activity.c.held_on <= date_to)
    if conditions:
        query = query.where(and_(*conditions))
    return [dict(row._mapping) for row in connection.execute(query)]


def find_activity(connection: Connection, activity_id: int):
    row = connection.execute(select(activity).where(activity.c.id == activity_id)).first()
    if row is None:
        raise NotFound("unknown_activity", id=activity_id)
    return row


def show_activity(connection: Connection, activity_id: int) -> dict:
    """One activity with its alliance, host, venue, every organisation and every person
    taking part."""
    return _details(connection, find_activity(connection, activity_id))


def _details(connection: Connection, row) -> dict:
    """`show_activity` of an activity row already fetched."""
    activity_id = row.id
    alliance_name = alliance_name_of(connection, row.alliance_id)
    venue_name = None
    if row.venue_id is not None:
        venue_name = connection.execute(
            select(venue.c.name).where(venue.c.id == row.venue_id)
        ).scalar_one()
    orgs = connection.execute(
        select(
            organisation.c.name, activity_org.c.role, activity_org.c.attendees, activity_org.c.guest
        )
        .join(organisation, organisation.c.id == activity_org.c.organisation_id)
        .where(activity_org.c.activity_id == activity_id)
        .order_by(ROLE_ORDER, organisation.c.name)
    ).all()
    host = next(o.name for o in orgs if o.role == "host")
    return {
        "id": row.id,
        "held_on": row.held_on,
        "kind": row.kind,
        "title": row.title,
        "alliance": alliance_name,
        "host": host,
        "attendees": row.attendees,
        "hours": hours_text(row.hours_hundredths),
        "venue": venue_name,
        "notes": row.notes,
        "organisations": [dict(o._mapping) for o in orgs],
        "people": activity_people(connection, activity_id),
    }


# --- changing ---------------------------------------------------------------------------------


def _snapshot(connection: Connection, row) -> dict:
    details = _details(connection, row)
    return {**details, "held_on": details["held_on"].isoformat()}


def edit_activity(
    connection: Connection, activity_id: int, changes: dict, *, actor: str, today: date
) -> None:
    """Change an activity's date, kind, title, attendees, hours, venue or notes; the whole
    activity is checked again by the same rules as when it was logged."""
    if not any(value is not None for value in changes.values()):
        raise InvalidInput("nothing_to_update")
    row = find_activity(connection, activity_id)
    before = _snapshot(connection, row)
    refuse_if_locked(connection, day=row.held_on)
    orgs = before["organisations"]
    draft = ActivityDraft(
        held_on=changes.get("held_on") or row.held_on,
        kind=changes.get("kind") or before["kind"],
        title=changes["title"] if changes.get("title") is not None else before["title"],
        alliance=before["alliance"],
        host=before["host"],
        cohosts=[o["name"] for o in orgs if o["role"] == "cohost"],
        participants=[
            (o["name"], o["attendees"])
            for o in orgs
            if o["role"] == "participant" and not o["guest"]
        ],
        guests=[(o["name"], o["attendees"]) for o in orgs if o["guest"]],
        attendees=changes["attendees"]
        if changes.get("attendees") is not None
        else before["attendees"],
        hours=changes["hours"] if changes.get("hours") is not None else before["hours"],
        venue=changes["venue"] if changes.get("venue") is not None else before["venue"],
        notes=changes["notes"] if changes.get("notes") is not None else before["notes"],
    )
    host_attendance = next(o["attendees"] for o in orgs if o["role"] == "host")
    if host_attendance is not None:
        draft.participants.insert(0, (before["host"], host_attendance))
    values, _rows = _resolve(connection, draft, today)
    _check_natural_key(connection, values, ignore_id=activity_id)
    _move_dependents(connection, activity_id, values["held_on"])
    connection.execute(update(activity).where(activity.c.id == activity_id).values(**values))
    record_change(
        connection,
        actor,
        "edit",
        "activity",
        str(activity_id),
        before,
        _snapshot(connection, find_activity(connection, activity_id)),  # as now stored
    )


def delete_activity(connection: Connection, activity_id: int, *, actor: str) -> dict:
    """Delete an activity and its participation rows; the audit log keeps all of it. An
    activity that a good-practice case cites, that delivered a service item or that carries
    evidence stays: unlink or detach it there first."""
    row = find_activity(connection, activity_id)
    before = _snapshot(connection, row)
    refuse_if_locked(connection, day=row.held_on)
    _refuse_if_cited(connection, activity_id)
    connection.execute(delete(activity_org).where(activity_org.c.activity_id == activity_id))
    connection.execute(delete(activity).where(activity.c.id == activity_id))
    record_change(connection, actor, "delete", "activity", str(activity_id), before, None)
    return before


def _move_dependents(connection: Connection, activity_id: int, day: date) -> None:
    """What rests on an activity's date when it moves to `day`: a good-practice case cites
    only activities held by the day it was written, and a service item is delivered by an
    activity held on or after its approval, on that activity's day (kept with the item)."""
    from alliance_cli.storage.models import case_activity, good_case, service_item

    case = connection.execute(
        select(good_case.c.title, good_case.c.written_on)
        .join(case_activity, case_activity.c.case_id == good_case.c.id)
        .where(case_activity.c.activity_id == activity_id, good_case.c.written_on < day)
        .order_by(good_case.c.written_on, good_case.c.id)
    ).first()
    if case is not None:
        raise RuleViolation(
            "activity_date_after_case",
            id=activity_id,
            case=case.title,
            written_on=case.written_on.isoformat(),
            day=day.isoformat(),
        )
    delivered = service_item.c.activity_id == activity_id
    item = connection.execute(
        select(service_item.c.id, service_item.c.title, service_item.c.approved_on)
        .where(delivered, service_item.c.approved_on > day)
        .order_by(service_item.c.id)
    ).first()
    if item is not None:
        raise RuleViolation(
            "activity_date_before_approval",
            id=activity_id,
            item=item.id,
            title=item.title,
            approved_on=item.approved_on.isoformat(),
            day=day.isoformat(),
        )
    connection.execute(update(service_item).where(delivered).values(delivered_on=day))


def _refuse_if_cited(connection: Connection, activity_id: int) -> None:
    """What holds an activity in place: a case citing it, a service item it delivered, an
    evidence file attached to it (whose row would otherwise point at nothing)."""
    from alliance_cli.storage.models import case_activity, evidence, good_case, service_item

    case = connection.execute(
        select(good_case.c.title)
        .join(case_activity, case_activity.c.case_id == good_case.c.id)
        .where(case_activity.c.activity_id == activity_id)
    ).first()
    if case is not None:
        raise RuleViolation("activity_cited_by_case", id=activity_id, case=case.title)
    item = connection.execute(
        select(service_item.c.id, service_item.c.title).where(
            service_item.c.activity_id == activity_id
        )
    ).first()
    if item is not None:
        raise RuleViolation(
            "activity_delivers_service", id=activity_id, item=item.id, title=item.title
        )
    attached = connection.execute(
        select(evidence.c.id, evidence.c.original_name)
        .where(evidence.c.target == "activity", evidence.c.target_id == activity_id)
        .order_by(evidence.c.id)
    ).first()
    if attached is not None:
        raise RuleViolation(
            "activity_carries_evidence", id=activity_id, evidence=attached.id,
            name=attached.original_name,
        )  # fmt: skip
