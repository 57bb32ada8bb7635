"""People (关系在支部、活动共参与): party members and others with a home organisation and roles.

Personal data is kept minimal on purpose: a name, a home organisation, roles, optionally a
phone and, for local experts, a speciality. No ID numbers are stored, exports leave phones
out unless asked, and phone numbers never enter the audit log (it records only that one
changed).

A person belongs to one home organisation (关系在支部) but may take part in any alliance's
activities (活动共参与): an activity taken part in is *cross-alliance* for that person when
the activity's alliance was not one of the alliances of the person's home organisation on
the day (the current home organisation: the tool keeps no history of moves).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, Row, delete, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.lookup import find_organisation, organisation_name_of
from alliance_cli.core.periods import Period
from alliance_cli.core.vocabulary import PERSON_ROLES, resolve_term
from alliance_cli.storage.models import (
    activity,
    activity_person,
    alliance,
    membership,
    mentoring,
    organisation,
    person,
    person_role,
)

MAX_PHONE_LENGTH = 30
ROLE_ORDER = tuple(PERSON_ROLES)  # the vocabulary's order: secretary, mentor, expert, activist


def find_person(connection: Connection, name: str) -> Row:
    """The person called `name`, or NotFound."""
    row = connection.execute(select(person).where(person.c.name == name.strip())).first()
    if row is None:
        raise NotFound("unknown_person", name=name)
    return row


def person_roles(connection: Connection, person_id: int) -> list[str]:
    """The person's role codes, in the vocabulary's order."""
    held = set(
        connection.execute(
            select(person_role.c.role).where(person_role.c.person_id == person_id)
        ).scalars()
    )
    return [code for code in ROLE_ORDER if code in held]


def clean_phone(phone: str | None) -> str | None:
    """A phone number as typed (digits, spaces, +, -), or None."""
    if phone is None or not phone.strip():
        return None
    text = phone.strip()
    if len(text) > MAX_PHONE_LENGTH or not all(ch.isdigit() or ch in " +-" for ch in text):
        raise InvalidInput("bad_phone", value=phone)
    return text


def add_person(
    connection: Connection,
    name: str,
    *,
    home: str,
    roles: Iterable[str] = (),
    phone: str | None = None,
    speciality: str | None = None,
    party_member: bool = True,
    actor: str,
) -> int:
    """Add a person with a home organisation and roles (codes or Chinese labels)."""
    clean = name.strip()
    if not clean:
        raise InvalidInput("empty_name")
    home_org = find_organisation(connection, home)
    codes = sorted({resolve_term("person_role", role) for role in roles})
    exists = connection.execute(select(person.c.id).where(person.c.name == clean)).first()
    if exists is not None:
        raise Duplicate("duplicate_person", name=clean)
    values = {
        "name": clean,
        "home_organisation_id": home_org.id,
        "party_member": party_member,
        "phone": clean_phone(phone),
        "speciality": (speciality or "").strip() or None,
    }
    person_id = connection.execute(insert(person).values(**values)).inserted_primary_key[0]
    for code in codes:
        connection.execute(insert(person_role).values(person_id=person_id, role=code))
    after = {**values, "home_organisation": home_org.name, "roles": codes}
    after.pop("home_organisation_id")
    after.pop("phone")  # personal data stays out of the audit trail
    record_change(connection, actor, "add", "person", clean, after=after)
    return person_id


def role_text(code: str) -> str:
    """A role as `mentor/导师`, for messages in either language."""
    return f"{code}/{PERSON_ROLES[code].zh}"


def grant_role(connection: Connection, who: Row, role: str, *, actor: str) -> bool:
    """Give a person a role unless they hold it already; True when it is new. Pairing a
    mentor and recommending an activist call this, so that roles agree with the records."""
    if role in person_roles(connection, who.id):
        return False
    connection.execute(insert(person_role).values(person_id=who.id, role=role))
    record_change(connection, actor, "grant_role", "person", who.name, after={"role": role})
    return True


def _role_holders(connection: Connection) -> dict[int, list[str]]:
    held: dict[int, set[str]] = {}
    for row in connection.execute(select(person_role.c.person_id, person_role.c.role)):
        held.setdefault(row.person_id, set()).add(row.role)
    return {pid: [c for c in ROLE_ORDER if c in roles] for pid, roles in held.items()}


def _person_record(row: Row, roles: list[str], with_phone: bool) -> dict:
    record = {
        "person_name": row.name,
        "person_home": row.home,
        "person_roles": roles,
        "person_party_member": bool(row.party_member),
        "person_speciality": row.speciality,
    }
    if with_phone:
        record["person_phone"] = row.phone
    return record


def _people_query():
    return select(
        person.c.id,
        person.c.name,
        person.c.home_organisation_id,
        organisation.c.name.label("home"),
        person.c.party_member,
        person.c.speciality,
        person.c.phone,
    ).join(organisation, organisation.c.id == person.c.home_organisation_id)


def list_people(
    connection: Connection,
    *,
    organisation_name: str | None = None,
    role: str | None = None,
    with_phones: bool = False,
) -> list[dict]:
    """People by name, optionally only those of one home organisation or holding one role.
    The phone is in the rows only with `with_phones`, so no export carries it by accident."""
    query = _people_query().order_by(person.c.name)
    if organisation_name:
        home = find_organisation(connection, organisation_name)
        query = query.where(person.c.home_organisation_id == home.id)
    if role:
        code = resolve_term("person_role", role)
        query = query.where(
            person.c.id.in_(select(person_role.c.person_id).where(person_role.c.role == code))
        )
    roles = _role_holders(connection)
    return [
        _person_record(row, roles.get(row.id, []), with_phones) for row in connection.execute(query)
    ]


def show_person(connection: Connection, name: str, *, on: date, with_phone: bool = False) -> dict:
    """One person: details, how many activities they took part in (and how many of those
    were cross-alliance), every mentoring pair they are in (state on `on`) and every
    recommendation as an activist."""
    from alliance_cli.core.mentoring import pairs_of
    from alliance_cli.core.quotas import recommendations_of

    who = find_person(connection, name)
    row = connection.execute(_people_query().where(person.c.id == who.id)).one()
    details = _person_record(row, person_roles(connection, who.id), with_phone)
    taken_part = person_activities(connection, who.name)
    details["person_activities"] = len(taken_part)
    details["person_cross_alliance"] = sum(1 for a in taken_part if a["cross_alliance"])
    details["mentoring"] = pairs_of(connection, who.id, on)
    details["recommendations"] = recommendations_of(connection, who.id)
    return details


def update_person(
    connection: Connection,
    name: str,
    *,
    home: str | None = None,
    phone: str | None = None,
    speciality: str | None = None,
    add_roles: Iterable[str] = (),
    drop_roles: Iterable[str] = (),
    actor: str,
) -> dict:
    """Change a person's home organisation, phone, speciality or roles. None leaves a value
    as it is; an empty phone or speciality clears it. Adding a role held already, dropping
    one not held, or dropping `mentor` while the person still has an open mentoring pair is
    refused."""
    adding = [resolve_term("person_role", r) for r in add_roles]
    dropping = [resolve_term("person_role", r) for r in drop_roles]
    if home is None and phone is None and speciality is None and not adding and not dropping:
        raise InvalidInput("nothing_to_update")
    who = find_person(connection, name)
    both = set(adding) & set(dropping)
    if both:
        raise InvalidInput("role_added_and_dropped", role=role_text(sorted(both)[0]))
    held = person_roles(connection, who.id)
    for code in adding:
        if code in held:
            raise RuleViolation("role_already_held", name=who.name, role=role_text(code))
    for code in dropping:
        if code not in held:
            raise RuleViolation("role_not_held", name=who.name, role=role_text(code))
    if "mentor" in dropping:
        open_pair = connection.execute(
            select(person.c.name)
            .join(mentoring, mentoring.c.mentee_id == person.c.id)
            .where(mentoring.c.mentor_id == who.id, mentoring.c.ended_on.is_(None))
            .order_by(person.c.name)
        ).first()
        if open_pair is not None:
            raise RuleViolation("mentor_role_in_use", name=who.name, mentee=open_pair.name)
    current_home = organisation_name_of(connection, who.home_organisation_id)
    before = {"home": current_home, "speciality": who.speciality, "roles": held}
    values: dict = {}
    after = dict(before)
    if home is not None:
        new_home = find_organisation(connection, home)
        values["home_organisation_id"] = new_home.id
        after["home"] = new_home.name
    if speciality is not None:
        values["speciality"] = speciality.strip() or None
        after["speciality"] = values["speciality"]
    if phone is not None:
        values["phone"] = clean_phone(phone)
    if values:
        connection.execute(update(person).where(person.c.id == who.id).values(**values))
    for code in adding:
        connection.execute(insert(person_role).values(person_id=who.id, role=code))
    if dropping:
        connection.execute(
            delete(person_role).where(
                person_role.c.person_id == who.id, person_role.c.role.in_(dropping)
            )
        )
    after["roles"] = [c for c in ROLE_ORDER if (c in held or c in adding) and c not in dropping]
    if phone is not None:
        after["phone_changed"] = values["phone"] != who.phone  # never the number itself
    record_change(connection, actor, "update", "person", who.name, before, after)
    return after


# --- taking part in activities (活动共参与) ----------------------------------------------------


def resolve_people(connection: Connection, names: Iterable[str]) -> list[Row]:
    """The people named, each once, in the order first named; an unknown name is refused."""
    found: dict[int, Row] = {}
    for name in names:
        who = find_person(connection, name)
        found.setdefault(who.id, who)
    return list(found.values())


def activity_people(connection: Connection, activity_id: int) -> list[dict]:
    """The people who took part in an activity, by name, with their home organisation."""
    rows = connection.execute(
        select(person.c.name.label("person_name"), organisation.c.name.label("person_home"))
        .join(activity_person, activity_person.c.person_id == person.c.id)
        .join(organisation, organisation.c.id == person.c.home_organisation_id)
        .where(activity_person.c.activity_id == activity_id)
        .order_by(person.c.name)
    )
    return [dict(row._mapping) for row in rows]


def _existing_activity(connection: Connection, activity_id: int) -> Row:
    row = connection.execute(
        select(activity.c.id, activity.c.title).where(activity.c.id == activity_id)
    ).first()
    if row is None:
        raise NotFound("unknown_activity", id=activity_id)
    return row


def _listed(connection: Connection, activity_id: int) -> set[int]:
    return set(
        connection.execute(
            select(activity_person.c.person_id).where(activity_person.c.activity_id == activity_id)
        ).scalars()
    )


def attend_activity(
    connection: Connection, activity_id: int, names: Iterable[str], *, actor: str
) -> dict[str, list[str]]:
    """Record that people took part in an activity. Idempotent: people already listed are
    left as they are. Returns the names `added` and those `already` listed."""
    event = _existing_activity(connection, activity_id)
    people = resolve_people(connection, names)
    listed = _listed(connection, event.id)
    added = [who for who in people if who.id not in listed]
    if added:
        connection.execute(
            insert(activity_person),
            [{"activity_id": event.id, "person_id": who.id} for who in added],
        )
        record_change(
            connection,
            actor,
            "attend",
            "activity_person",
            str(event.id),
            after={"title": event.title, "people": [who.name for who in added]},
        )
    return {
        "added": [who.name for who in added],
        "already": [who.name for who in people if who.id in listed],
    }


def unattend_activity(
    connection: Connection, activity_id: int, names: Iterable[str], *, actor: str
) -> list[str]:
    """Take people off an activity they were recorded at by mistake; a person who is not
    listed there is refused. Returns the names taken off."""
    event = _existing_activity(connection, activity_id)
    people = resolve_people(connection, names)
    listed = _listed(connection, event.id)
    for who in people:
        if who.id not in listed:
            raise RuleViolation("person_not_at_activity", name=who.name, id=event.id)
    connection.execute(
        delete(activity_person).where(
            activity_person.c.activity_id == event.id,
            activity_person.c.person_id.in_([who.id for who in people]),
        )
    )
    removed = [who.name for who in people]
    record_change(
        connection,
        actor,
        "unattend",
        "activity_person",
        str(event.id),
        before={"title": event.title, "people": removed},
    )
    return removed


def person_activities(
    connection: Connection, name: str, *, period: Period | None = None
) -> list[dict]:
    """The activities a person took part in, across alliances, oldest first. Each carries
    `cross_alliance`: True when the activity's alliance was not one of the alliances of the
    person's home organisation on that day."""
    who = find_person(connection, name)
    host = organisation.alias("host")
    query = (
        select(
            activity.c.id,
            activity.c.held_on,
            activity.c.kind,
            activity.c.title,
            activity.c.alliance_id,
            alliance.c.name.label("alliance"),
            host.c.name.label("host"),
        )
        .join(activity_person, activity_person.c.activity_id == activity.c.id)
        .join(alliance, alliance.c.id == activity.c.alliance_id)
        .join(host, host.c.id == activity.c.host_id)
        .where(activity_person.c.person_id == who.id)
        .order_by(activity.c.held_on, activity.c.id)
    )
    if period is not None:
        query = query.where(activity.c.held_on >= period.start, activity.c.held_on < period.end)
    spells = connection.execute(
        select(membership.c.alliance_id, membership.c.joined_on, membership.c.left_on).where(
            membership.c.organisation_id == who.home_organisation_id
        )
    ).all()

    def at_home(alliance_id: int, day: date) -> bool:
        return any(
            s.alliance_id == alliance_id
            and s.joined_on <= day
            and (s.left_on is None or day < s.left_on)
            for s in spells
        )

    rows = []
    for row in connection.execute(query):
        details = dict(row._mapping)
        details["cross_alliance"] = not at_home(details.pop("alliance_id"), row.held_on)
        rows.append(details)
    return rows
