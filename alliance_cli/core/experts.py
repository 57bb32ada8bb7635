"""The local-expert service team (本土专家服务团): people with the `expert` role and their
service visits to industry bases.

A visit is an activity of kind `expert_service`, logged through the activity rules (the host
must be a member of the alliance on the day, no future dates, no duplicate of date, alliance,
host and title), that names its experts (`visit_expert`, each also one of its participants in
`activity_person`) and the base (`activity_base`). Several experts of the team may pay one visit
together; each is counted once per visit. A visit keeps the experts it named: one who leaves
the team later still served on it, and an expert who merely came along to another's visit
(`person attend`) is a participant, not one of its experts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, and_, func, insert, select

from alliance_cli.core.activities import ActivityDraft, hours_text, log_activity
from alliance_cli.core.audit import record_change
from alliance_cli.core.bases import EXPERT_SERVICE, find_base
from alliance_cli.core.errors import InvalidInput, RuleViolation
from alliance_cli.core.lookup import find_organisation, organisation_name_of, period_named
from alliance_cli.core.people import add_person, find_person, update_person
from alliance_cli.core.periods import Period
from alliance_cli.storage.models import (
    activity,
    activity_base,
    activity_person,
    alliance,
    industry_base,
    organisation,
    person,
    person_role,
    visit_expert,
)

EXPERT_ROLE = "expert"
MAX_SPECIALITY_LENGTH = 200  # the width of person.speciality


def find_expert(connection: Connection, name: str):
    """The person called `name`, who must hold the expert role (本土专家)."""
    found = find_person(connection, name)
    held = connection.execute(
        select(person_role.c.role).where(
            person_role.c.person_id == found.id, person_role.c.role == EXPERT_ROLE
        )
    ).first()
    if held is None:
        raise RuleViolation("not_an_expert", name=found.name)
    return found


def visit_period(connection: Connection, text: str | None) -> Period | None:
    """The period the clerk named; `latest`/`previous` count from the newest visit."""
    return period_named(
        connection, text, activity.c.held_on, where=activity.c.kind == EXPERT_SERVICE
    )


def default_title(base_name: str) -> str:
    """The title a visit gets when the clerk gives none."""
    return f"专家服务：{base_name}"


def record_visit(
    connection: Connection,
    expert_names: Iterable[str],
    *,
    base_name: str,
    held_on: date,
    alliance_name: str,
    host: str,
    title: str | None = None,
    hours: str | None = None,
    attendees: int | None = None,
    notes: str | None = None,
    actor: str,
    today: date,
) -> dict:
    """Log an expert service visit: one activity of kind `expert_service` naming the experts
    and the base. Attendees default to the number of experts (they were there at least).
    Returns the activity id, its title and the experts' names."""
    experts: dict[int, str] = {}
    for name in expert_names:
        found = find_expert(connection, name)
        experts[found.id] = found.name  # naming one expert twice counts them once
    if not experts:
        raise InvalidInput("visit_needs_expert")
    base = find_base(connection, base_name)
    shown_title = (title if title is not None else default_title(base.name)).strip()
    draft = ActivityDraft(
        held_on=held_on,
        kind=EXPERT_SERVICE,
        title=shown_title,
        alliance=alliance_name,
        host=host,
        attendees=len(experts) if attendees is None else attendees,
        hours=hours,
        notes=notes,
    )
    activity_id = log_activity(connection, draft, actor=actor, today=today)
    named = [{"activity_id": activity_id, "person_id": person_id} for person_id in experts]
    connection.execute(insert(activity_person), named)
    connection.execute(insert(visit_expert), named)
    connection.execute(insert(activity_base).values(activity_id=activity_id, base_id=base.id))
    record_change(
        connection,
        actor,
        "visit",
        "expert_visit",
        str(activity_id),
        after={
            "activity": activity_id,
            "base": base.name,
            "experts": list(experts.values()),
            "held_on": held_on,
        },
    )
    return {"id": activity_id, "title": shown_title, "experts": list(experts.values())}


def _experts_by_visit(connection: Connection) -> dict[int, list[str]]:
    """The experts named in every visit, by activity id (one query, no long id lists)."""
    named: dict[int, list[str]] = {}
    for row in connection.execute(
        select(visit_expert.c.activity_id, person.c.name)
        .join(person, person.c.id == visit_expert.c.person_id)
        .order_by(person.c.name)
    ):
        named.setdefault(row.activity_id, []).append(row.name)
    return named


def list_visits(
    connection: Connection,
    *,
    expert_name: str | None = None,
    base_name: str | None = None,
    period: str | None = None,
) -> list[dict]:
    """Expert service visits, oldest first: date, base, experts, alliance, host, title,
    attendees and hours; only those of one expert, at one base, or in a period when asked."""
    host = organisation.alias("host")
    query = (
        select(
            activity.c.id,
            activity.c.held_on,
            industry_base.c.name.label("base"),
            alliance.c.name.label("alliance"),
            host.c.name.label("host"),
            activity.c.title,
            activity.c.attendees,
            activity.c.hours_hundredths,
        )
        .join(alliance, alliance.c.id == activity.c.alliance_id)
        .join(host, host.c.id == activity.c.host_id)
        .outerjoin(activity_base, activity_base.c.activity_id == activity.c.id)
        .outerjoin(industry_base, industry_base.c.id == activity_base.c.base_id)
        .where(activity.c.kind == EXPERT_SERVICE)
        .order_by(activity.c.held_on, activity.c.id)
    )
    if expert_name:
        expert = find_expert(connection, expert_name)
        query = query.where(
            activity.c.id.in_(
                select(visit_expert.c.activity_id).where(visit_expert.c.person_id == expert.id)
            )
        )
    if base_name:
        query = query.where(activity_base.c.base_id == find_base(connection, base_name).id)
    span = visit_period(connection, period)
    if span is not None:
        query = query.where(activity.c.held_on >= span.start, activity.c.held_on < span.end)
    rows = connection.execute(query).all()
    experts = _experts_by_visit(connection) if rows else {}
    visits = []
    for row in rows:
        details = dict(row._mapping)
        details["experts"] = experts.get(row.id, [])
        details["hours"] = hours_text(details.pop("hours_hundredths"))
        visits.append(details)
    return visits


def _experts_query(span: Period | None):
    """Everyone with the expert role, by name: home organisation, party membership,
    speciality, and their service visits (in `span`, or ever): how many, at how many bases,
    the last one."""
    visit_conditions = [
        visit_expert.c.person_id == person.c.id,
        activity.c.kind == EXPERT_SERVICE,
    ]
    if span is not None:
        visit_conditions += [activity.c.held_on >= span.start, activity.c.held_on < span.end]
    visited = visit_expert.join(activity, activity.c.id == visit_expert.c.activity_id)

    def per_expert(column):
        return (
            select(column)
            .select_from(visited)
            .where(and_(*visit_conditions))
            .correlate(person)
            .scalar_subquery()
        )

    bases_visited = (
        select(func.count(func.distinct(activity_base.c.base_id)))
        .select_from(visited.join(activity_base, activity_base.c.activity_id == activity.c.id))
        .where(and_(*visit_conditions))
        .correlate(person)
        .scalar_subquery()
    )
    return (
        select(
            person.c.name,
            organisation.c.name.label("home"),
            person.c.party_member,
            person.c.speciality,
            per_expert(func.count()).label("visits"),
            bases_visited.label("bases_visited"),
            per_expert(func.max(activity.c.held_on)).label("last_visit"),
        )
        .join(person_role, person_role.c.person_id == person.c.id)
        .join(organisation, organisation.c.id == person.c.home_organisation_id)
        .where(person_role.c.role == EXPERT_ROLE)
        .order_by(person.c.name)
    )


def _expert_record(row) -> dict:
    details = dict(row._mapping)
    details["party_member"] = bool(details["party_member"])
    return details


def list_experts(
    connection: Connection, *, speciality: str | None = None, period: str | None = None
) -> list[dict]:
    """Everyone with the expert role, by name: home organisation, speciality, and their
    service visits (in a period, or ever): how many, at how many bases, the last one.
    `speciality` keeps those whose speciality contains the text."""
    span = visit_period(connection, period)
    rows = [_expert_record(row) for row in connection.execute(_experts_query(span))]
    wanted = (speciality or "").strip().casefold()
    if wanted:
        rows = [row for row in rows if wanted in (row["speciality"] or "").casefold()]
    return rows


def show_expert(connection: Connection, name: str, *, period: str | None = None) -> dict:
    """One expert: home organisation, party membership, speciality, how many service visits
    they made (in a period, or ever) at how many bases, and the visits themselves
    (`visit_list`, oldest first)."""
    expert = find_expert(connection, name)
    span = visit_period(connection, period)
    row = connection.execute(_experts_query(span).where(person.c.id == expert.id)).one()
    details = _expert_record(row)
    details["visit_list"] = list_visits(connection, expert_name=expert.name, period=period)
    return details


def _specialities_text(specialities: Iterable[str]) -> str | None:
    """Several specialities as one stored text (中药材种植、植保), each once, in order given."""
    wanted: list[str] = []
    for text in specialities:
        clean = (text or "").strip()
        if clean and clean not in wanted:
            wanted.append(clean)
    joined = "、".join(wanted) or None
    if joined is not None and len(joined) > MAX_SPECIALITY_LENGTH:
        raise InvalidInput("base_text_too_long", field="--speciality", limit=MAX_SPECIALITY_LENGTH)
    return joined


def add_expert(
    connection: Connection,
    name: str,
    *,
    home: str | None = None,
    specialities: Iterable[str] = (),
    actor: str,
) -> dict:
    """Put someone in the local-expert service team. A person not on record yet is added
    (a party member) with the expert role and needs `home`; a person on record is given the
    role (refused when they hold it already), and `home`, when given, must be theirs: moving
    someone is `person update`'s business. Given specialities replace the stored one.
    Returns the name, the home organisation and whether the person is `new`."""
    speciality = _specialities_text(specialities)
    clean = (name or "").strip()
    if not clean:
        raise InvalidInput("empty_name")
    on_record = connection.execute(select(person).where(person.c.name == clean)).first()
    if on_record is None:
        if not (home or "").strip():
            raise InvalidInput("expert_needs_home", name=clean)
        home_org = find_organisation(connection, home)
        add_person(
            connection,
            clean,
            home=home_org.name,
            roles=[EXPERT_ROLE],
            speciality=speciality,
            actor=actor,
        )
        return {"name": clean, "home": home_org.name, "new": True}
    current_home = organisation_name_of(connection, on_record.home_organisation_id)
    if home is not None and home.strip():
        given = find_organisation(connection, home)
        if given.id != on_record.home_organisation_id:
            raise RuleViolation(
                "expert_home_differs", name=clean, home=current_home, given=given.name
            )
    update_person(connection, clean, speciality=speciality, add_roles=[EXPERT_ROLE], actor=actor)
    return {"name": clean, "home": current_home, "new": False}
