"""What the automatic indicators count, per subject, over one quarter's records.

Each source has two forms: `measure` counts for every subject at once with one grouped SQL
query over the quarter's rows (the work follows the quarter, not the whole history: every
query starts from the `held_on`/date index of its table), and `records` lists, for one
subject, the very rows that were counted, so that `score explain` can show them.

What is counted, for an organisation / for an alliance, in [start, end):
- activity_count: activities it took part in (any role; `host_only`: as host) /
  the alliance's activities; optionally only some kinds.
- active_months: months with at least one such activity.
- partners: distinct other organisations that took part in the same activities /
  distinct organisations that took part in the alliance's activities.
- attendees: its own attendance in its activities / the activities' total attendees.
- hours: volunteer hours of the activities it took part in, each counted in full /
  the alliance's activities' hours.
- wish_fulfilment: wishes registered in the quarter in its area / for the alliance, and how
  many of them were fulfilled by the quarter's end.
- project_completion: projects due in the quarter (target date inside it) that are its
  individual projects / filed under the alliance, and how many were done by the quarter's
  end; dropped projects count as due and not done.
- venue_sharing: bookings in the quarter of its venues by others (another organisation, or
  an alliance alone) / bookings made for the alliance.
- per_item with items = "cases": good-practice cases written up in the quarter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, and_, case, distinct, extract, func, or_, select

from alliance_cli.core.scheme import Indicator
from alliance_cli.storage.models import (
    activity,
    activity_org,
    good_case,
    organisation,
    project,
    venue,
    venue_booking,
    wish,
)

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Measure:
    quantity: Decimal  # what was counted (for rates: the part done)
    base: Decimal | None = None  # for rates: how many were due


@dataclass(frozen=True)
class Record:
    """One counted row, as explain shows it."""

    ref: str  # e.g. "activity 123", "wish 7", "entry 5 reviewed"
    text: str
    amount: Decimal  # what it added to the quantity
    value: Decimal | None = None  # for an entry: the value entered
    used: bool = True  # False for a self-assessment that a reviewed value replaces


def _in_period(column, start: date, end: date):
    return and_(column >= start, column < end)


# Rules both forms apply, the counts and the rows `score explain` lists, stated once.
_INDIVIDUAL_PROJECT = project.c.scope == "individual"  # an organisation's own projects
_SHARED_BOOKING = or_(  # a booking of an organisation's venue by anyone else
    venue_booking.c.organisation_id.is_(None),  # an alliance alone
    venue_booking.c.organisation_id != venue.c.owner_id,
)


def _fulfilled(end: date):
    """1 for a wish fulfilled by the end of the period, else 0."""
    return case((wish.c.fulfilled_on < end, 1), else_=0)


def _done(end: date):
    """1 for a project done by the end of the period (never a dropped one), else 0."""
    return case((and_(project.c.status == "done", project.c.finished_on < end), 1), else_=0)


def _activity_filter(indicator: Indicator, start: date, end: date) -> list:
    conditions = [_in_period(activity.c.held_on, start, end)]
    if indicator.kinds:
        conditions.append(activity.c.kind.in_(indicator.kinds))
    return conditions


class QuarterMetrics:
    """Counts for every subject of one type over one quarter, one indicator at a time.

    For organisations, the activity-based counts come from one grouped pass over the
    quarter's participations per set of kinds (per organisation: how many, how many as host,
    own attendance, hours, months), shared by the indicators that count the same kinds;
    partners need a pass of their own. Both start from the quarter's activities, found through the
    `held_on` index and materialised first, so the work grows with the quarter's size and
    not with the history kept in the database.
    """

    def __init__(self, connection: Connection, subject_type: str, start: date, end: date):
        self.connection = connection
        self.subject_type = subject_type
        self.start, self.end = start, end
        self._tallies: dict[tuple[str, ...], dict[int, tuple]] = {}

    def measure(self, indicator: Indicator) -> dict[int, Measure]:
        """subject id -> what the indicator counts, for every subject with anything counted."""
        if self.subject_type == "alliance":
            return _measure_alliances(self.connection, indicator, self.start, self.end)
        if indicator.source in ("activity_count", "active_months", "attendees", "hours"):
            return self._from_tally(indicator)
        return _measure_organisations(self.connection, indicator, self.start, self.end)

    def _from_tally(self, indicator: Indicator) -> dict[int, Measure]:
        """Counts per organisation for the indicator's kinds, from one grouped pass per set of
        kinds (indicators counting the same kinds share it)."""
        kinds = tuple(sorted(indicator.kinds))
        if kinds not in self._tallies:
            query = select(
                activity.c.id,
                extract("month", activity.c.held_on).label("month"),
                activity.c.hours_hundredths,
            ).where(_in_period(activity.c.held_on, self.start, self.end))
            if kinds:
                query = query.where(activity.c.kind.in_(kinds))
            quarter = query.cte("quarter_activity").prefix_with("MATERIALIZED")
            self._tallies[kinds] = {
                row[0]: row[1:]
                for row in self.connection.execute(
                    select(
                        activity_org.c.organisation_id,
                        func.count(),
                        func.sum(case((activity_org.c.role == "host", 1), else_=0)),
                        func.sum(func.coalesce(activity_org.c.attendees, 0)),
                        func.sum(quarter.c.hours_hundredths),
                        func.count(distinct(quarter.c.month)),
                    )
                    .select_from(
                        quarter.join(activity_org, activity_org.c.activity_id == quarter.c.id)
                    )
                    .group_by(activity_org.c.organisation_id)
                )
            }
        tally = self._tallies[kinds]
        source = indicator.source
        if source == "activity_count":
            column = 1 if indicator.host_only else 0
        else:
            column = {"attendees": 2, "hours": 3, "active_months": 4}[source]
        found = {}
        for org_id, values in tally.items():
            amount = Decimal(values[column] or 0)
            if source == "hours":
                amount /= HUNDRED
            if amount:
                found[org_id] = Measure(amount)
        return found


def _counts(rows: Iterable) -> dict[int, Measure]:
    return {subject: Measure(Decimal(value or 0)) for subject, value in rows}


def _rates(rows: Iterable) -> dict[int, Measure]:
    return {subject: Measure(Decimal(done or 0), Decimal(due)) for subject, due, done in rows}


def _measure_organisations(
    connection: Connection, indicator: Indicator, start: date, end: date
) -> dict[int, Measure]:
    source = indicator.source
    if source == "partners":
        query = select(activity.c.id).where(*_activity_filter(indicator, start, end))
        quarter = query.cte("quarter_activity").prefix_with("MATERIALIZED")
        own = activity_org.alias("own")
        other = activity_org.alias("other")
        query = (
            select(own.c.organisation_id, func.count(distinct(other.c.organisation_id)))
            .select_from(
                quarter.join(own, own.c.activity_id == quarter.c.id).join(
                    other,
                    and_(
                        other.c.activity_id == quarter.c.id,
                        other.c.organisation_id != own.c.organisation_id,
                    ),
                )
            )
            .group_by(own.c.organisation_id)
        )
    elif source == "wish_fulfilment":
        return _rates(connection.execute(_wish_query(wish.c.organisation_id, start, end)))
    elif source == "project_completion":
        return _rates(
            connection.execute(
                _project_query(project.c.organisation_id, start, end).where(_INDIVIDUAL_PROJECT)
            )
        )
    elif source == "venue_sharing":
        query = (
            select(venue.c.owner_id, func.count())
            .select_from(venue_booking.join(venue, venue.c.id == venue_booking.c.venue_id))
            .where(_in_period(venue_booking.c.booked_on, start, end), _SHARED_BOOKING)
            .group_by(venue.c.owner_id)
        )
    elif source == "per_item" and indicator.items == "cases":
        query = _cases_query(good_case.c.organisation_id, start, end)
    else:
        return {}
    return _counts(connection.execute(query))


def _cases_query(owner_column, start: date, end: date):
    """Good-practice cases written up in the period, per owner."""
    return (
        select(owner_column, func.count())
        .where(_in_period(good_case.c.written_on, start, end), owner_column.is_not(None))
        .group_by(owner_column)
    )


def _wish_query(owner_column, start: date, end: date):
    return (
        select(owner_column, func.count(), func.sum(_fulfilled(end)))
        .where(_in_period(wish.c.registered_on, start, end))
        .group_by(owner_column)
    )


def _project_query(owner_column, start: date, end: date):
    return (
        select(owner_column, func.count(), func.sum(_done(end)))
        .where(_in_period(project.c.target_on, start, end), owner_column.is_not(None))
        .group_by(owner_column)
    )


def _measure_alliances(
    connection: Connection, indicator: Indicator, start: date, end: date
) -> dict[int, Measure]:
    source = indicator.source
    group = activity.c.alliance_id
    where = _activity_filter(indicator, start, end)
    if source == "activity_count":
        query = select(group, func.count()).where(*where).group_by(group)
    elif source == "active_months":
        query = (
            select(group, func.count(distinct(extract("month", activity.c.held_on))))
            .where(*where)
            .group_by(group)
        )
    elif source == "partners":
        query = (
            select(group, func.count(distinct(activity_org.c.organisation_id)))
            .select_from(activity.join(activity_org, activity_org.c.activity_id == activity.c.id))
            .where(*where)
            .group_by(group)
        )
    elif source == "attendees":
        query = select(group, func.sum(activity.c.attendees)).where(*where).group_by(group)
    elif source == "hours":
        rows = connection.execute(
            select(group, func.sum(activity.c.hours_hundredths)).where(*where).group_by(group)
        )
        return {a: Measure(Decimal(h or 0) / HUNDRED) for a, h in rows}
    elif source == "wish_fulfilment":
        return _rates(connection.execute(_wish_query(wish.c.alliance_id, start, end)))
    elif source == "project_completion":
        return _rates(connection.execute(_project_query(project.c.alliance_id, start, end)))
    elif source == "venue_sharing":
        query = (
            select(venue_booking.c.alliance_id, func.count())
            .where(
                _in_period(venue_booking.c.booked_on, start, end),
                venue_booking.c.alliance_id.is_not(None),
            )
            .group_by(venue_booking.c.alliance_id)
        )
    elif source == "per_item" and indicator.items == "cases":
        query = _cases_query(good_case.c.alliance_id, start, end)
    else:
        return {}
    return _counts(connection.execute(query))


# --- the rows behind one subject's count (for explain) ----------------------------------------


def records(
    connection: Connection,
    indicator: Indicator,
    subject_type: str,
    subject_id: int,
    start: date,
    end: date,
) -> list[Record]:
    """The rows counted for one subject, in date order."""
    source = indicator.source
    if source in ("activity_count", "active_months", "attendees", "hours", "partners"):
        return _activity_records(connection, indicator, subject_type, subject_id, start, end)
    if source == "wish_fulfilment":
        owner = wish.c.organisation_id if subject_type == "organisation" else wish.c.alliance_id
        rows = connection.execute(
            select(
                wish.c.id, wish.c.registered_on, wish.c.content, wish.c.fulfilled_on,
                _fulfilled(end).label("counted"),
            )
            .where(owner == subject_id, _in_period(wish.c.registered_on, start, end))
            .order_by(wish.c.registered_on, wish.c.id)
        )  # fmt: skip
        return [
            Record(
                f"wish {r.id}",
                f"{r.registered_on} {r.content}"
                + (f" (fulfilled {r.fulfilled_on})" if r.counted else ""),
                Decimal(r.counted),
            )
            for r in rows
        ]
    if source == "project_completion":
        owner = (
            project.c.organisation_id if subject_type == "organisation" else project.c.alliance_id
        )
        query = select(
            project.c.id, project.c.name, project.c.target_on, project.c.status,
            _done(end).label("counted"),
        ).where(owner == subject_id, _in_period(project.c.target_on, start, end))  # fmt: skip
        if subject_type == "organisation":
            query = query.where(_INDIVIDUAL_PROJECT)
        rows = connection.execute(query.order_by(project.c.target_on, project.c.id))
        return [
            Record(
                f"project {r.id}", f"{r.name} (due {r.target_on}, {r.status})", Decimal(r.counted)
            )
            for r in rows
        ]
    if source == "venue_sharing":
        query = select(
            venue_booking.c.id, venue_booking.c.booked_on, venue.c.name, venue_booking.c.purpose
        ).select_from(venue_booking.join(venue, venue.c.id == venue_booking.c.venue_id))
        query = query.where(_in_period(venue_booking.c.booked_on, start, end))
        if subject_type == "organisation":
            query = query.where(venue.c.owner_id == subject_id, _SHARED_BOOKING)
        else:
            query = query.where(venue_booking.c.alliance_id == subject_id)
        rows = connection.execute(query.order_by(venue_booking.c.booked_on, venue_booking.c.id))
        return [
            Record(
                f"booking {r.id}", f"{r.booked_on} {r.name} {r.purpose or ''}".strip(), Decimal(1)
            )
            for r in rows
        ]
    if source == "per_item" and indicator.items == "cases":
        owner = (
            good_case.c.organisation_id
            if subject_type == "organisation"
            else good_case.c.alliance_id
        )
        rows = connection.execute(
            select(good_case.c.id, good_case.c.written_on, good_case.c.title)
            .where(owner == subject_id, _in_period(good_case.c.written_on, start, end))
            .order_by(good_case.c.written_on, good_case.c.id)
        )
        return [Record(f"case {r.id}", f"{r.written_on} {r.title}", Decimal(1)) for r in rows]
    return []


def _activity_records(
    connection: Connection,
    indicator: Indicator,
    subject_type: str,
    subject_id: int,
    start: date,
    end: date,
) -> list[Record]:
    source = indicator.source
    where = _activity_filter(indicator, start, end)
    columns = [
        activity.c.id,
        activity.c.held_on,
        activity.c.title,
        activity.c.attendees,
        activity.c.hours_hundredths,
    ]
    if subject_type == "organisation":
        where.append(activity_org.c.organisation_id == subject_id)
        if source == "activity_count" and indicator.host_only:
            where.append(activity_org.c.role == "host")
        query = select(*columns, activity_org.c.attendees.label("own")).select_from(
            activity.join(activity_org, activity_org.c.activity_id == activity.c.id)
        )
    else:
        where.append(activity.c.alliance_id == subject_id)
        query = select(*columns, activity.c.attendees.label("own"))
    rows = connection.execute(query.where(*where).order_by(activity.c.held_on, activity.c.id))
    rows = rows.fetchall()
    if source == "partners":
        return _partner_records(connection, subject_type, subject_id, [r.id for r in rows])
    result = []
    months_seen: set[str] = set()
    for r in rows:
        label = f"{r.held_on} {r.title}"
        if source == "activity_count":
            amount = Decimal(1)
        elif source == "active_months":
            month = str(r.held_on)[:7]
            amount = Decimal(0 if month in months_seen else 1)
            months_seen.add(month)
        elif source == "attendees":
            amount = Decimal(r.own or 0)
        else:  # hours
            amount = Decimal(r.hours_hundredths) / HUNDRED
        result.append(Record(f"activity {r.id}", label, amount))
    return result


def _partner_records(
    connection: Connection, subject_type: str, subject_id: int, activity_ids: list[int]
) -> list[Record]:
    """Each partner once, with the first activity (lowest id in date order) it was met in."""
    first_met: dict[int, int] = {}
    for chunk_start in range(0, len(activity_ids), 500):
        chunk = activity_ids[chunk_start : chunk_start + 500]
        for activity_id, org_id in connection.execute(
            select(activity_org.c.activity_id, activity_org.c.organisation_id).where(
                activity_org.c.activity_id.in_(chunk)
            )
        ):
            if subject_type == "organisation" and org_id == subject_id:
                continue
            first_met.setdefault(org_id, activity_id)
    order = {activity_id: n for n, activity_id in enumerate(activity_ids)}
    names = dict(
        connection.execute(
            select(organisation.c.id, organisation.c.name).where(
                organisation.c.id.in_(list(first_met))
            )
        ).all()
    )
    return [
        Record(f"organisation {org_id}", f"{names[org_id]} (activity {first})", Decimal(1))
        for org_id, first in sorted(first_met.items(), key=lambda item: order[item[1]])
    ]
