"""Shared venues (阵地共建共享): venues owned by an organisation and opened to alliances,
bookings with clash detection, and how much each venue served others.

A booking holds a venue on one day for the half-open window [from, to): a booking that ends
at 10:00 and one that starts at 10:00 do not clash. Times are stored as zero-padded `HH:MM`
(24-hour; `24:00` may end a booking), so that text order is time order. Who may book: the
organisation that owns the venue, or any alliance the venue is shared with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.locks import refuse_if_locked
from alliance_cli.core.lookup import (
    find_alliance,
    find_organisation,
    organisation_name_of,
    period_named,
)
from alliance_cli.core.memberships import is_member_on
from alliance_cli.core.periods import Period
from alliance_cli.storage.models import (
    activity,
    activity_org,
    alliance,
    organisation,
    venue,
    venue_booking,
    venue_share,
)

MINUTES_PER_DAY = 24 * 60
_FULL_WIDTH_CLOCK = str.maketrans("０１２３４５６７８９：", "0123456789:")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


# --- time of day and the clash rule (pure) ---------------------------------------------------


def parse_clock(text: str, field: str, *, end: bool = False) -> int:
    """Minutes after midnight from `HH:MM` or `H:MM` (24-hour, full-width digits and colon
    accepted). `24:00` is accepted only as an end time (`end=True`)."""
    match = _CLOCK.match(str(text).translate(_FULL_WIDTH_CLOCK).strip())
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2))
        total = hours * 60 + minutes
        if minutes < 60 and (total < MINUTES_PER_DAY or (end and total == MINUTES_PER_DAY)):
            return total
    raise InvalidInput("bad_time", field=field, value=text)


def clock_text(minutes: int) -> str:
    """`HH:MM` for minutes after midnight; the stored and shown form."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class Slot(NamedTuple):
    """A booked window [start, end) in minutes after midnight, with what it belongs to."""

    start: int
    end: int
    key: Any = None


def overlaps(first_start: int, first_end: int, second_start: int, second_end: int) -> bool:
    """Whether two half-open windows share at least one minute."""
    return first_start < second_end and second_start < first_end


def find_clash(slots: Iterable[Slot], start: int, end: int) -> Slot | None:
    """The earliest-starting slot that overlaps [start, end), or None when it is free."""
    clashes = [slot for slot in slots if overlaps(slot.start, slot.end, start, end)]
    return min(clashes, key=lambda slot: (slot.start, slot.end), default=None)


def hours_of(minutes: int) -> Decimal:
    """Booked minutes as hours with two decimals (exact, never a binary float)."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- venues and sharing ----------------------------------------------------------------------


def find_venue(connection: Connection, name: str, *, lock: bool = False):
    """The venue of that name. `lock` holds its row until the transaction ends, so that two
    bookings of one venue are checked one after the other on a server database too (SQLite
    needs no lock: write transactions begin IMMEDIATE there and already queue)."""
    query = select(venue).where(venue.c.name == name.strip())
    row = connection.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("unknown_venue", name=name)
    return row


def _shared_alliance_ids(connection: Connection, venue_id: int) -> set[int]:
    return set(
        connection.execute(
            select(venue_share.c.alliance_id).where(venue_share.c.venue_id == venue_id)
        ).scalars()
    )


def add_venue(
    connection: Connection,
    name: str,
    *,
    owner: str,
    capacity: int | None = None,
    shared_with: Iterable[str] = (),
    actor: str,
) -> int:
    """Add a venue owned by an organisation, optionally opened at once to alliances."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("empty_name")
    if capacity is not None and capacity <= 0:
        raise InvalidInput("bad_capacity", value=capacity)
    if connection.execute(select(venue.c.id).where(venue.c.name == name)).first():
        raise Duplicate("duplicate_venue", name=name)
    owner_row = find_organisation(connection, owner)
    groups = {}
    for alliance_name in shared_with:
        group = find_alliance(connection, alliance_name)
        groups[group.id] = group.name  # naming one alliance twice shares it once
    venue_id = connection.execute(
        insert(venue).values(name=name, owner_id=owner_row.id, capacity=capacity)
    ).inserted_primary_key[0]
    for alliance_id in groups:
        connection.execute(insert(venue_share).values(venue_id=venue_id, alliance_id=alliance_id))
    record_change(
        connection,
        actor,
        "add",
        "venue",
        name,
        after={"owner": owner_row.name, "capacity": capacity, "shared_with": list(groups.values())},
    )
    return venue_id


def share_venue(
    connection: Connection, venue_name: str, alliance_names: Iterable[str], *, actor: str
) -> list[str]:
    """Open a venue to more alliances; an alliance it is already open to is refused.
    Returns the names of the alliances it was opened to."""
    place = find_venue(connection, venue_name)
    already = _shared_alliance_ids(connection, place.id)
    opened: list[str] = []
    for alliance_name in alliance_names:
        group = find_alliance(connection, alliance_name)
        if group.id in already:
            raise Duplicate("venue_already_shared", venue=place.name, alliance=group.name)
        connection.execute(insert(venue_share).values(venue_id=place.id, alliance_id=group.id))
        record_change(
            connection,
            actor,
            "share",
            "venue_share",
            f"{place.name}@{group.name}",
            after={"venue": place.name, "alliance": group.name},
        )
        already.add(group.id)
        opened.append(group.name)
    return opened


def list_venues(connection: Connection, *, alliance_name: str | None = None) -> list[dict]:
    """Every venue with its owner, capacity and the alliances it is shared with, by name;
    with `alliance_name`, only the venues open to that alliance."""
    query = (
        select(venue.c.id, venue.c.name, organisation.c.name.label("owner"), venue.c.capacity)
        .join(organisation, organisation.c.id == venue.c.owner_id)
        .order_by(venue.c.name)
    )
    if alliance_name:
        group = find_alliance(connection, alliance_name)
        query = query.where(
            venue.c.id.in_(
                select(venue_share.c.venue_id).where(venue_share.c.alliance_id == group.id)
            )
        )
    shares: dict[int, list[str]] = {}
    for row in connection.execute(
        select(venue_share.c.venue_id, alliance.c.name)
        .join(alliance, alliance.c.id == venue_share.c.alliance_id)
        .order_by(alliance.c.name)
    ):
        shares.setdefault(row.venue_id, []).append(row.name)
    venues = []
    for row in connection.execute(query):
        details = dict(row._mapping)
        details["shared_with"] = shares.get(details.pop("id"), [])
        venues.append(details)
    return venues


# --- booking ---------------------------------------------------------------------------------


def book_venue(
    connection: Connection,
    venue_name: str,
    *,
    starts: str,
    ends: str,
    day: date | None = None,
    activity_id: int | None = None,
    purpose: str | None = None,
    alliance_name: str | None = None,
    organisation_name: str | None = None,
    actor: str,
) -> dict:
    """Book a venue for an activity (its date, alliance and host are the booking's) or for a
    purpose (naming the alliance and/or organisation that books). Refused when the window is
    malformed, the party may not use the venue, or another booking overlaps it.

    Returns the stored booking, plus `attendees` and `capacity` so that the caller can warn
    about an activity larger than the venue."""
    start = parse_clock(starts, "--from")
    end = parse_clock(ends, "--to", end=True)
    if end <= start:
        raise InvalidInput("booking_not_after_start", start=clock_text(start), end=clock_text(end))
    place = find_venue(connection, venue_name, lock=True)
    party = _booking_party(connection, day, activity_id, purpose, alliance_name, organisation_name)
    day = party["day"]
    _check_may_use(connection, place, party)
    _refuse_clash(connection, place, day, start, end)
    refuse_if_locked(connection, day=day)
    values = {
        "venue_id": place.id,
        "booked_on": day,
        "starts_at": clock_text(start),
        "ends_at": clock_text(end),
        "activity_id": activity_id,
        "alliance_id": party["alliance_id"],
        "organisation_id": party["organisation_id"],
        "purpose": party["purpose"],
    }
    booking_id = connection.execute(insert(venue_booking).values(**values)).inserted_primary_key[0]
    if activity_id is not None:
        # The booked venue is where the activity took place, unless one was recorded already.
        connection.execute(
            update(activity)
            .where(activity.c.id == activity_id, activity.c.venue_id.is_(None))
            .values(venue_id=place.id)
        )
    stored = {
        "id": booking_id,
        "venue": place.name,
        "date": day,
        "starts_at": values["starts_at"],
        "ends_at": values["ends_at"],
        "activity_id": activity_id,
        "title": party["title"],
        "alliance": party["alliance"],
        "organisation": party["organisation"],
        "purpose": party["purpose"],
    }
    record_change(
        connection, actor, "book", "venue_booking", f"{place.name}#{booking_id}", after=stored
    )
    return {**stored, "attendees": party["attendees"], "capacity": place.capacity}


def _booking_party(
    connection: Connection,
    day: date | None,
    activity_id: int | None,
    purpose: str | None,
    alliance_name: str | None,
    organisation_name: str | None,
) -> dict:
    """Who books, on which day, for what: from the activity, or from the options given."""
    if (activity_id is None) == (purpose is None):
        raise InvalidInput("booking_activity_or_purpose")
    if activity_id is not None:
        if alliance_name or organisation_name:
            raise InvalidInput("booking_party_from_activity")
        event = connection.execute(
            select(
                activity.c.held_on,
                activity.c.title,
                activity.c.attendees,
                activity.c.alliance_id,
                activity.c.host_id,
                alliance.c.name.label("alliance"),
                organisation.c.name.label("organisation"),
            )
            .join(alliance, alliance.c.id == activity.c.alliance_id)
            .join(organisation, organisation.c.id == activity.c.host_id)
            .where(activity.c.id == activity_id)
        ).first()
        if event is None:
            raise NotFound("unknown_activity", id=activity_id)
        if day is not None and day != event.held_on:
            raise RuleViolation(
                "booking_date_not_activity",
                activity=activity_id,
                held_on=event.held_on.isoformat(),
                day=day.isoformat(),
            )
        return {
            "day": event.held_on,
            "title": event.title,
            "attendees": event.attendees,
            "purpose": None,
            "alliance_id": event.alliance_id,
            "alliance": event.alliance,
            "organisation_id": event.host_id,
            "organisation": event.organisation,
        }
    purpose = purpose.strip()
    if not purpose:
        raise InvalidInput("empty_purpose")
    if not (alliance_name or organisation_name):
        raise InvalidInput("booking_needs_party")
    if day is None:
        raise InvalidInput("booking_needs_date")
    group = find_alliance(connection, alliance_name) if alliance_name else None
    org = find_organisation(connection, organisation_name) if organisation_name else None
    if group is not None and group.dissolved_on is not None and day >= group.dissolved_on:
        raise RuleViolation(
            "alliance_dissolved", alliance=group.name, on=group.dissolved_on.isoformat()
        )
    # An organisation books in an alliance's name only while it belongs to it, so that
    # usage per alliance and per organisation stays true.
    if (
        group is not None
        and org is not None
        and not is_member_on(connection, org.id, group.id, day)
    ):
        raise RuleViolation(
            "booking_org_not_member",
            organisation=org.name,
            alliance=group.name,
            day=day.isoformat(),
        )
    return {
        "day": day,
        "title": None,
        "attendees": None,
        "purpose": purpose,
        "alliance_id": group.id if group else None,
        "alliance": group.name if group else None,
        "organisation_id": org.id if org else None,
        "organisation": org.name if org else None,
    }


def _check_may_use(connection: Connection, place, party: dict) -> None:
    """The owner may always book its venue; anyone else only for an alliance it is shared with."""
    if party["organisation_id"] == place.owner_id:
        return
    if party["alliance_id"] in _shared_alliance_ids(connection, place.id):
        return
    owner = organisation_name_of(connection, place.owner_id)
    if party["alliance_id"] is None:
        raise RuleViolation(
            "venue_owner_only", venue=place.name, owner=owner, organisation=party["organisation"]
        )
    raise RuleViolation(
        "venue_not_shared", venue=place.name, owner=owner, alliance=party["alliance"]
    )


def _refuse_clash(connection: Connection, place, day: date, start: int, end: int) -> None:
    same_day = connection.execute(
        select(
            venue_booking.c.id,
            venue_booking.c.starts_at,
            venue_booking.c.ends_at,
            venue_booking.c.activity_id,
            venue_booking.c.purpose,
            activity.c.title,
        )
        .outerjoin(activity, activity.c.id == venue_booking.c.activity_id)
        .where(venue_booking.c.venue_id == place.id, venue_booking.c.booked_on == day)
    ).all()
    slots = [
        Slot(
            parse_clock(row.starts_at, "starts_at"),
            parse_clock(row.ends_at, "ends_at", end=True),
            row,
        )
        for row in same_day
    ]
    clash = find_clash(slots, start, end)
    if clash is None:
        return
    other = clash.key
    common = {
        "venue": place.name,
        "day": day.isoformat(),
        "start": other.starts_at,
        "end": other.ends_at,
        "id": other.id,
    }
    if other.activity_id is not None:
        raise RuleViolation(
            "booking_clash_activity", activity=other.activity_id, title=other.title, **common
        )
    if other.purpose:
        raise RuleViolation("booking_clash_purpose", purpose=other.purpose, **common)
    raise RuleViolation("booking_clash", **common)  # its activity was deleted since


def cancel_booking(connection: Connection, booking_id: int, *, actor: str) -> dict:
    """Delete a booking (the audit log keeps what it was). Returns what was cancelled."""
    found = _bookings_query().where(venue_booking.c.id == booking_id)
    row = connection.execute(found).first()
    if row is None:
        raise NotFound("unknown_booking", id=booking_id)
    cancelled = _booking_row(row)
    refuse_if_locked(connection, day=row.booked_on)
    connection.execute(delete(venue_booking).where(venue_booking.c.id == booking_id))
    record_change(
        connection,
        actor,
        "cancel",
        "venue_booking",
        f"{cancelled['venue']}#{booking_id}",
        before=cancelled,
    )
    return cancelled


# --- listings and usage ----------------------------------------------------------------------


def resolve_period(connection: Connection, text: str | None) -> Period | None:
    """The period the clerk named; `latest`/`previous` count from the newest booking."""
    return period_named(connection, text, venue_booking.c.booked_on)


def _bookings_query():
    booker = organisation.alias("booker")
    return (
        select(
            venue_booking.c.id,
            venue_booking.c.booked_on,
            venue_booking.c.starts_at,
            venue_booking.c.ends_at,
            venue.c.name.label("venue"),
            alliance.c.name.label("alliance"),
            booker.c.name.label("organisation"),
            venue_booking.c.activity_id,
            activity.c.title,
            venue_booking.c.purpose,
        )
        .join(venue, venue.c.id == venue_booking.c.venue_id)
        .outerjoin(alliance, alliance.c.id == venue_booking.c.alliance_id)
        .outerjoin(booker, booker.c.id == venue_booking.c.organisation_id)
        .outerjoin(activity, activity.c.id == venue_booking.c.activity_id)
    )


def _booking_row(row) -> dict:
    details = dict(row._mapping)
    details["date"] = details.pop("booked_on")
    return details


def list_bookings(
    connection: Connection, *, venue_name: str | None = None, period: str | None = None
) -> list[dict]:
    """Bookings in date and time order, of one venue or all, in a period or ever."""
    query = _bookings_query().order_by(
        venue_booking.c.booked_on, venue_booking.c.starts_at, venue.c.name, venue_booking.c.id
    )
    if venue_name:
        query = query.where(venue_booking.c.venue_id == find_venue(connection, venue_name).id)
    span = resolve_period(connection, period)
    if span is not None:
        query = query.where(
            venue_booking.c.booked_on >= span.start, venue_booking.c.booked_on < span.end
        )
    return [_booking_row(row) for row in connection.execute(query)]


def venue_usage(connection: Connection, *, period: str | None = None) -> dict:
    """Use of the shared venues in a period (or ever):

    - `venues`: every venue with its bookings and hours booked;
    - `alliances`: every alliance that booked or has a venue open to it, with its bookings,
      hours and the number of venues open to it; bookings made by an organisation alone
      (no alliance) are one row with `alliance` None;
    - `owners`: every organisation owning a venue, with its bookings split into its own use
      and the bookings that served others (booked by another organisation or by an alliance
      alone), and how many distinct other organisations its venues served — the booking
      organisations and everyone taking part in a booked activity.
    """
    span = resolve_period(connection, period)
    query = select(
        venue_booking.c.venue_id,
        venue_booking.c.alliance_id,
        venue_booking.c.organisation_id,
        venue_booking.c.activity_id,
        venue_booking.c.starts_at,
        venue_booking.c.ends_at,
    )
    if span is not None:
        query = query.where(
            venue_booking.c.booked_on >= span.start, venue_booking.c.booked_on < span.end
        )
    bookings = connection.execute(query).all()
    places = connection.execute(
        select(venue.c.id, venue.c.name, venue.c.owner_id, organisation.c.name.label("owner"))
        .join(organisation, organisation.c.id == venue.c.owner_id)
        .order_by(venue.c.name)
    ).all()
    shares = connection.execute(select(venue_share.c.venue_id, venue_share.c.alliance_id)).all()
    alliance_names = dict(connection.execute(select(alliance.c.id, alliance.c.name)).all())
    activity_ids = {b.activity_id for b in bookings if b.activity_id is not None}
    taking_part: dict[int, set[int]] = {}
    if activity_ids:
        for row in connection.execute(
            select(activity_org.c.activity_id, activity_org.c.organisation_id).where(
                activity_org.c.activity_id.in_(activity_ids)
            )
        ):
            taking_part.setdefault(row.activity_id, set()).add(row.organisation_id)

    owner_of = {place.id: place.owner_id for place in places}
    per_venue = {place.id: {"count": 0, "minutes": 0} for place in places}
    per_alliance: dict[int | None, dict] = {}
    open_to: dict[int, int] = {}
    for share in shares:
        open_to[share.alliance_id] = open_to.get(share.alliance_id, 0) + 1
        per_alliance.setdefault(share.alliance_id, {"count": 0, "minutes": 0})
    per_owner: dict[int, dict] = {}
    for place in places:
        tally = per_owner.setdefault(
            place.owner_id,
            {"owner": place.owner, "venues": 0, "count": 0, "own": 0, "served": set()},
        )
        tally["venues"] += 1

    for booking in bookings:
        minutes = parse_clock(booking.ends_at, "ends_at", end=True) - parse_clock(
            booking.starts_at, "starts_at"
        )
        per_venue[booking.venue_id]["count"] += 1
        per_venue[booking.venue_id]["minutes"] += minutes
        group = per_alliance.setdefault(booking.alliance_id, {"count": 0, "minutes": 0})
        group["count"] += 1
        group["minutes"] += minutes
        owner_id = owner_of[booking.venue_id]
        tally = per_owner[owner_id]
        tally["count"] += 1
        if booking.organisation_id == owner_id:
            tally["own"] += 1
        served = set(taking_part.get(booking.activity_id, ()))
        if booking.organisation_id is not None:
            served.add(booking.organisation_id)
        tally["served"] |= served - {owner_id}

    venues = [
        {
            "venue": place.name,
            "owner": place.owner,
            "bookings": per_venue[place.id]["count"],
            "hours_booked": hours_of(per_venue[place.id]["minutes"]),
        }
        for place in places
    ]
    alliances = [
        {
            "alliance": alliance_names.get(alliance_id),
            "venues_open": open_to.get(alliance_id, 0) if alliance_id is not None else None,
            "bookings": tally["count"],
            "hours_booked": hours_of(tally["minutes"]),
        }
        for alliance_id, tally in per_alliance.items()
    ]
    # Named alliances by name, then the bookings made without an alliance.
    alliances.sort(key=lambda row: (row["alliance"] is None, row["alliance"] or ""))
    owners = [
        {
            "owner": tally["owner"],
            "venues": tally["venues"],
            "bookings": tally["count"],
            "own_use": tally["own"],
            "served_others": tally["count"] - tally["own"],
            "organisations_served": len(tally["served"]),
        }
        for tally in per_owner.values()
    ]
    owners.sort(key=lambda row: row["owner"])
    return {
        "period": span.label if span is not None else None,
        "venues": venues,
        "alliances": alliances,
        "owners": owners,
    }
