"""Mentoring (导师传帮带): a mentor and a mentee over a span of days.

A pair runs from its start up to (not including) its end, like a membership spell: a pair
that ends on 2025-07-01 is no longer active on 2025-07-01. A pair with no end is open. The
same two people may be paired again later, but never in two spans that overlap, and two
people never mentor each other at the same time.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, Row, insert, or_, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import InvalidInput, NotFound, RuleViolation
from alliance_cli.core.people import find_person, grant_role
from alliance_cli.storage.models import mentoring, organisation, person

UNCHANGED = object()  # an update option that was not given


def spans_overlap(
    first_start: date, first_end: date | None, second_start: date, second_end: date | None
) -> bool:
    """Whether two half-open spans [start, end) share a day; None is an open end."""
    return (second_end is None or first_start < second_end) and (
        first_end is None or second_start < first_end
    )


def pair_state(started_on: date, ended_on: date | None, day: date) -> str:
    """`active` on `day`, `ended` before it, or `future` when it starts later."""
    if day < started_on:
        return "future"
    if ended_on is not None and day >= ended_on:
        return "ended"
    return "active"


def _refuse_overlaps(
    connection: Connection,
    mentor: Row,
    mentee: Row,
    start: date,
    end: date | None,
    *,
    clash_key: str,
    other_than: int | None = None,
) -> None:
    """Refuse a span [start, end) (end None: open) for these two that shares a day with
    another pair of the same two (`clash_key`), or with the reverse pair; `other_than` is the
    pair being corrected, which does not count."""
    for first, second, key in ((mentor, mentee, clash_key), (mentee, mentor, "mentoring_reversed")):
        query = (
            select(mentoring.c.started_on, mentoring.c.ended_on)
            .where(mentoring.c.mentor_id == first.id, mentoring.c.mentee_id == second.id)
            .order_by(mentoring.c.started_on)
        )
        if other_than is not None:
            query = query.where(mentoring.c.id != other_than)
        for row in connection.execute(query):
            if spans_overlap(start, end, row.started_on, row.ended_on):
                raise RuleViolation(
                    key, mentor=mentor.name, mentee=mentee.name, start=row.started_on.isoformat()
                )


def pair_mentor(
    connection: Connection, mentor_name: str, mentee_name: str, *, start: date, actor: str
) -> dict:
    """Pair a mentor with a mentee from `start` (open-ended). The mentor is given the role
    `mentor` if they do not hold it. Refused: a person as their own mentee, a pair of the same
    two that overlaps the new one, and the reverse pair running at the same time.

    Returns the pair and `mentor_role_granted`."""
    mentor = find_person(connection, mentor_name)
    mentee = find_person(connection, mentee_name)
    if mentor.id == mentee.id:
        raise RuleViolation("mentor_is_mentee", name=mentor.name)
    _refuse_overlaps(connection, mentor, mentee, start, None, clash_key="mentoring_overlaps")
    connection.execute(
        insert(mentoring).values(mentor_id=mentor.id, mentee_id=mentee.id, started_on=start)
    )
    pair = {"mentor": mentor.name, "mentee": mentee.name, "started_on": start}
    record_change(
        connection, actor, "pair", "mentoring", f"{mentor.name}->{mentee.name}", after=pair
    )
    granted = grant_role(connection, mentor, "mentor", actor=actor)
    return {**pair, "mentor_role_granted": granted}


def end_mentoring(
    connection: Connection, mentor_name: str, mentee_name: str, *, on: date, actor: str
) -> dict:
    """End the open pair of these two on `on` (the first day it no longer runs), which must
    be after its start. Refused when the two have no open pair."""
    mentor = find_person(connection, mentor_name)
    mentee = find_person(connection, mentee_name)
    open_pair = connection.execute(
        select(mentoring.c.id, mentoring.c.started_on).where(
            mentoring.c.mentor_id == mentor.id,
            mentoring.c.mentee_id == mentee.id,
            mentoring.c.ended_on.is_(None),
        )
    ).first()
    if open_pair is None:
        raise RuleViolation("no_open_mentoring", mentor=mentor.name, mentee=mentee.name)
    if on <= open_pair.started_on:
        raise InvalidInput(
            "mentoring_end_not_after_start",
            on=on.isoformat(),
            start=open_pair.started_on.isoformat(),
        )
    connection.execute(update(mentoring).where(mentoring.c.id == open_pair.id).values(ended_on=on))
    before = {"mentor": mentor.name, "mentee": mentee.name, "started_on": open_pair.started_on}
    record_change(
        connection,
        actor,
        "end",
        "mentoring",
        f"{mentor.name}->{mentee.name}",
        before,
        {**before, "ended_on": on},
    )
    return {**before, "ended_on": on}


def update_mentoring(
    connection: Connection,
    pair_id: int,
    *,
    started_on: date | None = None,
    ended_on: date | object | None = UNCHANGED,
    actor: str,
) -> dict:
    """Correct a pair's dates: a new start, a new end, or an end of None to reopen it. The
    same rules as pairing and ending hold: the end after the start, no overlap with another
    pair of the same two, and no pair the other way round at the same time. A reopened pair's
    mentor gets the role mentor back if needed.

    Returns the pair as stored and `mentor_role_granted`."""
    if started_on is None and ended_on is UNCHANGED:
        raise InvalidInput("nothing_to_update")
    current = connection.execute(select(mentoring).where(mentoring.c.id == pair_id)).first()
    if current is None:
        raise NotFound("unknown_mentoring", id=pair_id)
    mentor = connection.execute(select(person).where(person.c.id == current.mentor_id)).one()
    mentee = connection.execute(select(person).where(person.c.id == current.mentee_id)).one()
    start = current.started_on if started_on is None else started_on
    end = current.ended_on if ended_on is UNCHANGED else ended_on
    if end is not None and end <= start:
        raise InvalidInput(
            "mentoring_end_not_after_start", on=end.isoformat(), start=start.isoformat()
        )
    _refuse_overlaps(
        connection,
        mentor,
        mentee,
        start,
        end,
        clash_key="mentoring_dates_overlap",
        other_than=pair_id,
    )
    connection.execute(
        update(mentoring).where(mentoring.c.id == pair_id).values(started_on=start, ended_on=end)
    )
    names = {"id": pair_id, "mentor": mentor.name, "mentee": mentee.name}
    before = {**names, "started_on": current.started_on, "ended_on": current.ended_on}
    after = {**names, "started_on": start, "ended_on": end}
    record_change(
        connection, actor, "update", "mentoring", f"{mentor.name}->{mentee.name}", before, after
    )
    granted = end is None and grant_role(connection, mentor, "mentor", actor=actor)
    return {**after, "mentor_role_granted": granted}


def _pairs_query():
    mentor = person.alias("mentor")
    mentee = person.alias("mentee")
    mentor_home = organisation.alias("mentor_home")
    mentee_home = organisation.alias("mentee_home")
    query = (
        select(
            mentoring.c.id,
            mentor.c.name.label("mentor"),
            mentor_home.c.name.label("mentor_home"),
            mentee.c.name.label("mentee"),
            mentee_home.c.name.label("mentee_home"),
            mentoring.c.started_on.label("mentoring_from"),
            mentoring.c.ended_on.label("mentoring_until"),
        )
        .join(mentor, mentor.c.id == mentoring.c.mentor_id)
        .join(mentee, mentee.c.id == mentoring.c.mentee_id)
        .join(mentor_home, mentor_home.c.id == mentor.c.home_organisation_id)
        .join(mentee_home, mentee_home.c.id == mentee.c.home_organisation_id)
        .order_by(mentor.c.name, mentee.c.name, mentoring.c.started_on)
    )
    return query


def _with_state(rows, day: date) -> list[dict]:
    pairs = []
    for row in rows:
        pair = dict(row._mapping)
        pair["mentoring_state"] = pair_state(pair["mentoring_from"], pair["mentoring_until"], day)
        pairs.append(pair)
    return pairs


def list_mentoring(connection: Connection, *, on: date, every_pair: bool = False) -> list[dict]:
    """The pairs active on `on` (started on or before it, not ended by it), by mentor and
    mentee; with `every_pair`, every pair ever recorded, with its state on `on`."""
    query = _pairs_query()
    if not every_pair:
        query = query.where(
            mentoring.c.started_on <= on,
            or_(mentoring.c.ended_on.is_(None), mentoring.c.ended_on > on),
        )
    return _with_state(connection.execute(query), on)


def pairs_of(connection: Connection, person_id: int, day: date) -> list[dict]:
    """Every pair a person is in, as mentor or as mentee, with its state on `day`."""
    query = _pairs_query().where(
        or_(mentoring.c.mentor_id == person_id, mentoring.c.mentee_id == person_id)
    )
    return _with_state(connection.execute(query), day)


def mentoring_of(connection: Connection, name: str, *, on: date) -> dict:
    """A person's pairs, as mentor and as mentee, each with its state on `on`."""
    who = find_person(connection, name)
    pairs = pairs_of(connection, who.id, on)
    return {
        "name": who.name,
        "as_mentor": [p for p in pairs if p["mentor"] == who.name],
        "as_mentee": [p for p in pairs if p["mentee"] == who.name],
    }
