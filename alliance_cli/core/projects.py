"""Projects (项目清单): common projects of an alliance (共性项目) and individual projects of an
organisation (个性项目), secretary-led or not (书记领办), with dated progress notes, overdue
checks and completion rates.

The rules, in one place:

- A common project belongs to an alliance; an individual project to an organisation, and it
  may be filed under an alliance the organisation belonged to on the project's start date.
- A secretary-led project is always an individual project: its owner is the organisation's
  secretary (`organisation.secretary`), read when asked, so that when the secretary changes
  the project moves to the successor's task list. Its `owner` column stays empty.
- Status: planned, in_progress, done, dropped. Done and dropped carry the day it happened
  (`finished_on`); reopening clears it. Notes never change the status: a note of 100% does
  not finish a project, and a finished or dropped project takes no notes until reopened.
- Overdue on a day: a target date before that day, and still planned or in progress.
- Completion in a period (`completion_by_alliance`, `completion_by_organisation`): the
  projects due are those whose target date falls in the period, except those dropped before
  their target date (a project dropped once overdue still counts, and counts as not done).
  Done: status done (by `as_of`, when given); on time: done on or before the target date.
  Rates are exact percentages (`Decimal`, two decimals, half up), None when nothing was due.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Row, case, func, insert, select, update

from alliance_cli.core import dates
from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.exact import percent
from alliance_cli.core.locks import refuse_if_locked
from alliance_cli.core.lookup import (
    alliance_name_of,
    find_alliance,
    find_organisation,
    organisation_name_of,
    period_named,
)
from alliance_cli.core.memberships import active_during, is_member_on, refuse_unless_active
from alliance_cli.core.periods import Period
from alliance_cli.core.vocabulary import PROJECT_STATUSES, resolve_term
from alliance_cli.storage.models import (
    alliance,
    membership,
    organisation,
    project,
    project_note,
)

OPEN_STATUSES = ("planned", "in_progress")
CLOSED_STATUSES = ("done", "dropped")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％＋", "0123456789%+")
_PERCENT = re.compile(r"^\+?(\d{1,3})%?$")


# --- small pure rules --------------------------------------------------------------------------


def parse_percent(value: str | int) -> int:
    """A progress percentage: a whole number from 0 to 100 (`60`, `60%`, full-width digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        match = _PERCENT.match(str(value).translate(_FULL_WIDTH).strip())
        number = int(match.group(1)) if match else -1
    if not 0 <= number <= 100:
        raise InvalidInput("project_bad_percent", value=value)
    return number


# `done` of `due` as a percentage with two decimals; None when nothing was due.
completion_rate = percent


@dataclass(frozen=True)
class Counted:
    """What one project contributes to a period's completion figures."""

    due: bool
    done: bool
    on_time: bool
    dropped_early: bool  # dropped before its target date: not due, shown for transparency


def count_project(
    target_on: date | None,
    status: str,
    finished_on: date | None,
    period: Period,
    as_of: date | None = None,
) -> Counted:
    """How one project counts in `period`, by the rules in the module docstring. With `as_of`,
    a project finished or dropped after that day counts as still open."""
    if target_on is None or not period.contains(target_on):
        return Counted(False, False, False, False)
    closed = finished_on is not None and (as_of is None or finished_on <= as_of)
    if status == "dropped" and closed and finished_on < target_on:
        return Counted(False, False, False, True)
    done = status == "done" and closed
    return Counted(True, done, done and finished_on <= target_on, False)


def tally(counted: Iterable[Counted]) -> dict:
    """Due, done, on-time and dropped-early counts with both rates."""
    due = done = on_time = dropped = 0
    for item in counted:
        due += item.due
        done += item.done
        on_time += item.on_time
        dropped += item.dropped_early
    return {
        "due": due,
        "done": done,
        "on_time": on_time,
        "not_done": due - done,
        "dropped": dropped,
        "completion_rate": completion_rate(done, due),
        "on_time_rate": completion_rate(on_time, due),
    }


def status_text(code: str) -> str:
    """`code/中文` for messages, which are filled before the language is known."""
    return f"{code}/{PROJECT_STATUSES[code].zh}"


# --- finding and checking ----------------------------------------------------------------------


def find_project(connection: Connection, name: str) -> Row:
    """The project called `name`, or NotFound."""
    row = connection.execute(select(project).where(project.c.name == name.strip())).first()
    if row is None:
        raise NotFound("unknown_project", name=name)
    return row


def _note_span(connection: Connection, project_id: int) -> tuple[date | None, date | None]:
    """The first and last note dates of a project (None, None without notes)."""
    first, last = connection.execute(
        select(func.min(project_note.c.noted_on), func.max(project_note.c.noted_on)).where(
            project_note.c.project_id == project_id
        )
    ).one()
    return first, last


def _not_in_future(field: str, day: date) -> None:
    now = dates.today()
    if day > now:
        raise RuleViolation(
            "project_in_future", field=field, day=day.isoformat(), today=now.isoformat()
        )


def _check(
    connection: Connection,
    values: dict,
    project_id: int | None = None,
    *,
    needs_secretary: bool = True,
) -> None:
    """Every rule a stored project must keep, checked on add and on every update.
    `needs_secretary` is False on an update that does not make the project secretary-led:
    a secretary-led project whose organisation lost its secretary can still be closed."""
    if not values["name"]:
        raise InvalidInput("empty_name")
    taken = connection.execute(select(project.c.id).where(project.c.name == values["name"]))
    if any(row.id != project_id for row in taken):
        raise Duplicate("duplicate_project", name=values["name"])
    started, target = values["started_on"], values["target_on"]
    if target is not None and target < started:
        raise RuleViolation(
            "project_target_before_start", target=target.isoformat(), started=started.isoformat()
        )
    finished = values["finished_on"]
    if finished is not None:
        if finished < started:
            raise RuleViolation(
                "project_finish_before_start",
                day=finished.isoformat(),
                started=started.isoformat(),
            )
        _not_in_future("--on", finished)
    if project_id is not None:
        first_note, last_note = _note_span(connection, project_id)
        if first_note is not None and started > first_note:
            raise RuleViolation(
                "project_start_after_note",
                started=started.isoformat(),
                noted=first_note.isoformat(),
            )
        if finished is not None and last_note is not None and finished < last_note:
            raise RuleViolation(
                "project_finish_before_note", day=finished.isoformat(), noted=last_note.isoformat()
            )
    group = org = None
    if values["alliance_id"] is not None:
        group = connection.execute(
            select(alliance).where(alliance.c.id == values["alliance_id"])
        ).one()
        refuse_unless_active(group, started)
    if values["organisation_id"] is not None:
        org = connection.execute(
            select(organisation).where(organisation.c.id == values["organisation_id"])
        ).one()
    if (
        group is not None
        and org is not None
        and not is_member_on(connection, org.id, group.id, started)
    ):
        raise RuleViolation(
            "project_org_not_member",
            organisation=org.name,
            alliance=group.name,
            day=started.isoformat(),
        )
    if values["secretary_led"]:
        if org is None:
            raise RuleViolation("project_secretary_needs_org")
        if needs_secretary and not org.secretary:
            raise RuleViolation("project_no_secretary", organisation=org.name)
        if values["owner"] is not None:
            raise RuleViolation("project_secretary_owner", organisation=org.name)


def _described(connection: Connection, values: dict) -> dict:
    """A project's values as the audit log keeps them: names instead of ids."""
    described = dict(values)
    alliance_id = described.pop("alliance_id")
    organisation_id = described.pop("organisation_id")
    described["alliance"] = alliance_name_of(connection, alliance_id)
    described["organisation"] = organisation_name_of(connection, organisation_id)
    return described


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


# --- writing -----------------------------------------------------------------------------------


def add_project(
    connection: Connection,
    name: str,
    *,
    alliance_name: str | None = None,
    organisation_name: str | None = None,
    secretary_led: bool = False,
    owner: str | None = None,
    started_on: date | None = None,
    target_on: date | None = None,
    description: str | None = None,
    actor: str,
) -> int:
    """Add a project: common with only an alliance, individual with an organisation (filed
    under the alliance too when both are given). It starts planned."""
    if alliance_name is None and organisation_name is None:
        raise InvalidInput("project_needs_unit")
    group = find_alliance(connection, alliance_name) if alliance_name is not None else None
    org = (
        find_organisation(connection, organisation_name) if organisation_name is not None else None
    )
    values = {
        "name": (name or "").strip(),
        "scope": "individual" if org is not None else "common",
        "alliance_id": group.id if group is not None else None,
        "organisation_id": org.id if org is not None else None,
        "secretary_led": bool(secretary_led),
        "owner": _text(owner),
        "started_on": started_on or dates.today(),
        "target_on": target_on,
        "status": "planned",
        "finished_on": None,
        "description": _text(description),
    }
    _check(connection, values)
    if values["target_on"] is not None:
        refuse_if_locked(connection, day=values["target_on"])
    project_id = connection.execute(insert(project).values(**values)).inserted_primary_key[0]
    record_change(
        connection, actor, "add", "project", values["name"], after=_described(connection, values)
    )
    return project_id


UNCHANGED = object()  # an update option that was not given


def update_project(
    connection: Connection,
    name: str,
    *,
    rename: str | None = None,
    owner: str | None = None,
    target_on: date | object | None = UNCHANGED,
    started_on: date | None = None,
    description: str | None = None,
    status: str | None = None,
    on: date | None = None,
    secretary_led: bool | None = None,
    actor: str,
) -> dict:
    """Change a project. None (or UNCHANGED for the target) leaves a field as it is; an
    empty owner or description clears it, a target of None clears it. A status of done or
    dropped records `on` (default today) as the day it finished; any other status clears it.
    Returns the stored values."""
    current = find_project(connection, name)
    given = [rename, owner, started_on, description, status, on, secretary_led]
    if all(value is None for value in given) and target_on is UNCHANGED:
        raise InvalidInput("nothing_to_update")
    before = {c.name: getattr(current, c.name) for c in project.columns if c.name != "id"}
    before["secretary_led"] = bool(before["secretary_led"])
    after = dict(before)
    if rename is not None:
        after["name"] = rename.strip()
    if owner is not None:
        after["owner"] = _text(owner)
    if description is not None:
        after["description"] = _text(description)
    if target_on is not UNCHANGED:
        after["target_on"] = target_on
    if started_on is not None:
        after["started_on"] = started_on
    if secretary_led is not None:
        after["secretary_led"] = secretary_led
        if secretary_led and owner is None:
            after["owner"] = None  # the secretary leads it from now on
    if status is not None:
        code = resolve_term("status", status)
        if code == current.status:
            raise RuleViolation("project_same_status", name=current.name, status=status_text(code))
        after["status"] = code
        if code in CLOSED_STATUSES:
            after["finished_on"] = on or dates.today()
        elif on is not None:
            raise InvalidInput("project_on_needs_close")
        else:
            after["finished_on"] = None
    elif on is not None:
        raise InvalidInput("project_on_needs_close")
    _check(connection, after, current.id, needs_secretary=bool(secretary_led))
    for column in ("target_on", "finished_on"):
        if before[column] != after[column]:
            for day in (before[column], after[column]):
                if day is not None:
                    refuse_if_locked(connection, day=day)  # it counts in that quarter's score
    connection.execute(update(project).where(project.c.id == current.id).values(**after))
    record_change(
        connection,
        actor,
        "update",
        "project",
        current.name,
        before=_described(connection, before),
        after=_described(connection, after),
    )
    return after


def note_progress(
    connection: Connection,
    name: str,
    *,
    percent: str | int,
    text: str,
    on: date | None = None,
    actor: str,
) -> dict:
    """Add a dated progress note with a percentage (0-100). Refused on a done or dropped
    project, before its start and after today. The status is left as it is."""
    current = find_project(connection, name)
    number = parse_percent(percent)
    note = (text or "").strip()
    if not note:
        raise InvalidInput("project_empty_note")
    day = on or dates.today()
    if current.status in CLOSED_STATUSES:
        key = "project_done_no_notes" if current.status == "done" else "project_dropped_no_notes"
        raise RuleViolation(key, name=current.name, on=current.finished_on.isoformat())
    if day < current.started_on:
        raise RuleViolation(
            "project_note_before_start",
            day=day.isoformat(),
            started=current.started_on.isoformat(),
        )
    _not_in_future("--on", day)
    values = {"project_id": current.id, "noted_on": day, "percent": number, "note": note}
    note_id = connection.execute(insert(project_note).values(**values)).inserted_primary_key[0]
    stored = {"project": current.name, "noted_on": day, "percent": number, "note": note}
    record_change(
        connection, actor, "note", "project_note", f"{current.name}#{note_id}", after=stored
    )
    return {"id": note_id, **stored}


# --- reading -----------------------------------------------------------------------------------


def _owner_column():
    """Who is responsible (负责人): the owner, or for a secretary-led project its
    organisation's secretary."""
    return case(
        (project.c.secretary_led.is_(True), organisation.c.secretary), else_=project.c.owner
    ).label("responsible")


def _projects_query():
    return (
        select(
            project.c.id,
            project.c.name,
            project.c.scope,
            alliance.c.name.label("alliance"),
            organisation.c.name.label("organisation"),
            project.c.secretary_led,
            _owner_column(),
            project.c.started_on,
            project.c.target_on,
            project.c.status,
            project.c.finished_on,
            project.c.description,
        )
        .outerjoin(alliance, alliance.c.id == project.c.alliance_id)
        .outerjoin(organisation, organisation.c.id == project.c.organisation_id)
    )


def _latest_notes(connection: Connection, project_ids: list[int]) -> dict[int, Row]:
    """Each project's latest note (by date, then by when it was entered)."""
    latest: dict[int, Row] = {}
    if not project_ids:
        return latest
    rows = connection.execute(
        select(project_note.c.project_id, project_note.c.noted_on, project_note.c.percent)
        .where(project_note.c.project_id.in_(project_ids))
        .order_by(project_note.c.noted_on, project_note.c.id)
    )
    for row in rows:
        latest[row.project_id] = row
    return latest


def _with_progress(connection: Connection, rows: list[Row]) -> list[dict]:
    latest = _latest_notes(connection, [row.id for row in rows])
    projects = []
    for row in rows:
        details = dict(row._mapping)
        note = latest.get(details.pop("id"))
        details["secretary_led"] = bool(details["secretary_led"])
        details["percent"] = note.percent if note is not None else None
        details["noted_on"] = note.noted_on if note is not None else None
        projects.append(details)
    return projects


def list_projects(
    connection: Connection,
    *,
    alliance_name: str | None = None,
    organisation_name: str | None = None,
    scope: str | None = None,
    status: str | None = None,
    secretary: str | None = None,
    overdue: bool = False,
    on: date | None = None,
) -> list[dict]:
    """Projects with their latest progress, by name. Filters combine: `alliance_name` gives
    its common projects and the individual ones filed under it; `secretary` gives the
    secretary-led projects of the organisations that secretary leads (the task list);
    `overdue` gives the projects overdue on `on` (default today), oldest target first, with
    the days they are late."""
    if on is not None and not overdue:
        raise InvalidInput("project_on_needs_overdue")
    overdue_on = (on or dates.today()) if overdue else None
    query = _projects_query()
    if alliance_name is not None:
        query = query.where(project.c.alliance_id == find_alliance(connection, alliance_name).id)
    if organisation_name is not None:
        org = find_organisation(connection, organisation_name)
        query = query.where(project.c.organisation_id == org.id)
    if scope is not None:
        query = query.where(project.c.scope == resolve_term("scope", scope))
    if status is not None:
        query = query.where(project.c.status == resolve_term("status", status))
    if secretary is not None:
        wanted = secretary.strip()
        known = connection.execute(
            select(organisation.c.id).where(organisation.c.secretary == wanted)
        ).first()
        if known is None:
            raise NotFound("project_unknown_secretary", name=secretary)
        query = query.where(project.c.secretary_led.is_(True), organisation.c.secretary == wanted)
    if overdue_on is not None:
        query = query.where(
            project.c.target_on < overdue_on, project.c.status.in_(OPEN_STATUSES)
        ).order_by(project.c.target_on, project.c.name)
    else:
        query = query.order_by(project.c.name)
    projects = _with_progress(connection, connection.execute(query).all())
    if overdue_on is not None:
        for details in projects:
            details["days_overdue"] = (overdue_on - details["target_on"]).days
    return projects


def show_project(connection: Connection, name: str) -> dict:
    """One project with its latest progress and every note, oldest first."""
    current = find_project(connection, name)
    row = connection.execute(_projects_query().where(project.c.id == current.id)).one()
    (details,) = _with_progress(connection, [row])
    details["notes"] = [
        dict(note._mapping)
        for note in connection.execute(
            select(project_note.c.noted_on, project_note.c.percent, project_note.c.note)
            .where(project_note.c.project_id == current.id)
            .order_by(project_note.c.noted_on, project_note.c.id)
        )
    ]
    return details


# --- completion rates (reused by scoring) ------------------------------------------------------


def project_period(connection: Connection, text: str) -> Period:
    """The period the clerk named; `latest`/`previous` count from the newest project record
    (a start, a finish or a note)."""
    return period_named(
        connection, text, project.c.started_on, project.c.finished_on, project_note.c.noted_on
    )


def _due_projects(connection: Connection, period: Period):
    """The projects whose target date falls in `period` (the only ones that can count)."""
    return connection.execute(
        select(
            project.c.alliance_id,
            project.c.organisation_id,
            project.c.scope,
            project.c.target_on,
            project.c.status,
            project.c.finished_on,
        ).where(project.c.target_on >= period.start, project.c.target_on < period.end)
    ).all()


def completion_by_alliance(
    connection: Connection,
    period: Period,
    *,
    alliance_name: str | None = None,
    as_of: date | None = None,
) -> list[dict]:
    """Per alliance active at some time in the period (by id, the core alliance first), its
    common projects and the individual projects filed under it: due, done, on time, not done,
    dropped early, and the completion and on-time rates. Without `alliance_name`, individual
    projects filed under no alliance make a last row with `alliance` None when any is due."""
    wanted = find_alliance(connection, alliance_name) if alliance_name is not None else None
    per_alliance: dict[int | None, list[Counted]] = {}
    for row in _due_projects(connection, period):
        counted = count_project(row.target_on, row.status, row.finished_on, period, as_of)
        per_alliance.setdefault(row.alliance_id, []).append(counted)
    groups = connection.execute(
        select(
            alliance.c.id, alliance.c.name, alliance.c.founded_on, alliance.c.dissolved_on
        ).order_by(alliance.c.id)
    ).all()
    results = []
    for group in groups:
        if wanted is not None and group.id != wanted.id:
            continue
        active = (group.founded_on is None or group.founded_on < period.end) and (
            group.dissolved_on is None or group.dissolved_on > period.start
        )
        if not active and group.id not in per_alliance and wanted is None:
            continue
        results.append(
            {
                "alliance_id": group.id,
                "alliance": group.name,
                **tally(per_alliance.get(group.id, ())),
            }
        )
    if wanted is None and any(c.due for c in per_alliance.get(None, ())):
        results.append({"alliance_id": None, "alliance": None, **tally(per_alliance[None])})
    return results


def completion_by_organisation(
    connection: Connection,
    period: Period,
    *,
    alliance_name: str | None = None,
    as_of: date | None = None,
) -> list[dict]:
    """Per organisation (by name), its individual projects, whatever alliance they are filed
    under: the same figures as `completion_by_alliance`. With `alliance_name`, only the
    organisations that were members of that alliance at some time in the period."""
    per_org: dict[int, list[Counted]] = {}
    for row in _due_projects(connection, period):
        if row.organisation_id is None:
            continue
        counted = count_project(row.target_on, row.status, row.finished_on, period, as_of)
        per_org.setdefault(row.organisation_id, []).append(counted)
    query = select(organisation.c.id, organisation.c.name).order_by(organisation.c.name)
    if alliance_name is not None:
        group = find_alliance(connection, alliance_name)
        query = query.where(
            organisation.c.id.in_(
                select(membership.c.organisation_id).where(
                    membership.c.alliance_id == group.id,
                    active_during(period.start, period.end),
                )
            )
        )
    return [
        {"organisation_id": org.id, "organisation": org.name, **tally(per_org.get(org.id, ()))}
        for org in connection.execute(query)
    ]


def project_rates(
    connection: Connection,
    period_text: str,
    *,
    by: str = "alliance",
    alliance_name: str | None = None,
    as_of: date | None = None,
) -> dict:
    """The completion figures the clerk asked for: the period's label and one row per
    alliance (`by="alliance"`) or per organisation (`by="org"`)."""
    period = project_period(connection, period_text)
    if by == "alliance":
        rows = completion_by_alliance(connection, period, alliance_name=alliance_name, as_of=as_of)
    else:
        rows = completion_by_organisation(
            connection, period, alliance_name=alliance_name, as_of=as_of
        )
    return {"period": period.label, "rows": rows}
