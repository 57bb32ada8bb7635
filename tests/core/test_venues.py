"""Venue rules tested directly: time parsing, the clash rule against a brute-force check of
every minute, booking through the core against the same check, and usage counting."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from alliance_cli.core.errors import InvalidInput, RuleViolation
from alliance_cli.core.venues import (
    MINUTES_PER_DAY,
    Slot,
    add_venue,
    book_venue,
    clock_text,
    find_clash,
    hours_of,
    overlaps,
    parse_clock,
    venue_usage,
)
from alliance_cli.storage.models import activity, activity_kind, activity_org
from alliance_cli.storage.models import venue_booking as booking_table
from tests.core.conftest import township_connection

START = date(2023, 1, 1)
VENUES = ["甲村活动室", "乙村礼堂", "丙社区会议室"]


# --- time of day -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("00:00", 0),
        ("9:00", 540),
        ("09:05", 545),
        (" 14:30 ", 870),
        ("23:59", 1439),
        ("０９：３０", 570),
        ("９:３０", 570),
    ],
)
def test_parse_clock_accepts_24_hour_times(text, minutes):
    assert parse_clock(text, "--from") == minutes


@pytest.mark.parametrize(
    "text", ["24:00", "25:00", "9:60", "9", "0900", "09:00:00", "9.30", "", "上午九点", "-1:00"]
)
def test_parse_clock_refuses_anything_else(text):
    with pytest.raises(InvalidInput) as refused:
        parse_clock(text, "--from")
    assert refused.value.key == "bad_time"
    assert refused.value.params == {"field": "--from", "value": text}


def test_midnight_may_only_end_a_booking():
    assert parse_clock("24:00", "--to", end=True) == MINUTES_PER_DAY
    with pytest.raises(InvalidInput):
        parse_clock("24:01", "--to", end=True)


@given(st.integers(0, MINUTES_PER_DAY))
def test_clock_text_round_trips(minutes):
    text = clock_text(minutes)
    assert len(text) == 5
    assert parse_clock(text, "t", end=True) == minutes


@given(st.integers(0, MINUTES_PER_DAY), st.integers(0, MINUTES_PER_DAY))
def test_stored_text_sorts_like_time(first, second):
    # The schema's CHECK (ends_at > starts_at) and ORDER BY compare the stored text.
    assert (clock_text(first) < clock_text(second)) == (first < second)


def test_hours_are_exact_to_two_decimals():
    assert hours_of(90) == Decimal("1.50")
    assert hours_of(50) == Decimal("0.83")
    assert hours_of(0) == Decimal("0.00")


# --- the clash rule --------------------------------------------------------------------------


def test_back_to_back_windows_do_not_clash():
    assert not overlaps(540, 600, 600, 660)
    assert not overlaps(600, 660, 540, 600)
    assert overlaps(540, 601, 600, 660)
    assert overlaps(540, 720, 600, 660)  # containing
    assert overlaps(600, 660, 600, 660)  # identical


def test_find_clash_names_the_earliest_overlapping_slot():
    slots = [Slot(780, 840, "c"), Slot(540, 600, "a"), Slot(600, 720, "b")]
    assert find_clash(slots, 590, 800).key == "a"
    assert find_clash(slots, 600, 700).key == "b"
    assert find_clash(slots, 720, 780) is None
    assert find_clash([], 0, 10) is None


def minutes_of(start: int, end: int) -> set[int]:
    return set(range(start, end))


any_window = st.integers(0, MINUTES_PER_DAY - 1).flatmap(
    lambda start: st.tuples(st.just(start), st.integers(start + 1, MINUTES_PER_DAY))
)
# Windows on the half hour, half an hour to four hours long, starting 08:00-17:30: they
# touch end to start more often, the boundary the half-open rule must get right.
office_window = st.integers(16, 35).flatmap(
    lambda start: st.tuples(
        st.just(start * 30), st.integers(start + 1, start + 8).map(lambda e: e * 30)
    )
)
windows = st.one_of(office_window, any_window)


@settings(max_examples=200)
@given(st.lists(windows, max_size=12), windows)
def test_find_clash_matches_a_minute_by_minute_check(existing, wanted):
    """A window clashes exactly when some booked minute is also one of its minutes, and the
    slot named is one of those, the earliest-starting."""
    slots = [Slot(start, end, index) for index, (start, end) in enumerate(existing)]
    sharing = [slot for slot in slots if minutes_of(slot.start, slot.end) & minutes_of(*wanted)]
    clash = find_clash(slots, *wanted)
    if not sharing:
        assert clash is None
    else:
        assert clash in sharing
        assert clash.start == min(slot.start for slot in sharing)


# --- booking through the core ----------------------------------------------------------------


def fresh_connection():
    """The core tests' township (see `build_township`) with three venues."""
    connection = township_connection()
    add_venue(connection, VENUES[0], owner="甲村", capacity=30, shared_with=["红色"], actor="t")
    add_venue(connection, VENUES[1], owner="乙村", shared_with=["红色", "蓝色"], actor="t")
    add_venue(connection, VENUES[2], owner="丙社区", actor="t")
    return connection


@pytest.fixture
def connection():
    connection = fresh_connection()
    yield connection
    connection.close()


requests = st.lists(
    st.tuples(st.integers(0, len(VENUES) - 1), st.integers(0, 1), windows),
    max_size=30,
)
TOUCHING = [
    (0, 0, (540, 600)),
    (0, 0, (600, 660)),  # starts as the first ends: accepted
    (0, 0, (480, 540)),  # ends as the first starts: accepted
    (0, 0, (599, 601)),  # overlaps both by a minute: refused
    (1, 0, (540, 600)),  # another venue: accepted
    (0, 1, (540, 600)),  # another day: accepted
    (0, 0, (0, 1440)),  # the whole day: refused
]


@settings(max_examples=60, deadline=None)
@given(requests)
@example(TOUCHING)
def test_booking_clash_detection_matches_a_brute_force_check(wanted):
    """Random bookings on a few venues and days: each is accepted exactly when none of its
    minutes is already taken on that venue that day; a refusal names a booking that really
    overlaps; what is stored is exactly what was accepted."""
    owners = {VENUES[0]: "甲村", VENUES[1]: "乙村", VENUES[2]: "丙社区"}
    connection = fresh_connection()
    try:
        taken: dict[tuple[int, int], set[int]] = {}
        accepted = []
        for number, (venue_index, day_offset, (start, end)) in enumerate(wanted):
            name, day = VENUES[venue_index], START + timedelta(days=day_offset)
            booked = taken.setdefault((venue_index, day_offset), set())
            free = not (booked & minutes_of(start, end))
            try:
                book_venue(
                    connection,
                    name,
                    day=day,
                    starts=clock_text(start),
                    ends=clock_text(end),
                    purpose=f"第{number}次",
                    organisation_name=owners[name],
                    actor="t",
                )
            except RuleViolation as refusal:
                assert not free, (name, day, start, end)
                assert refusal.key == "booking_clash_purpose"
                other = refusal.params
                assert other["venue"] == name and other["day"] == day.isoformat()
                other_start = parse_clock(other["start"], "s")
                other_end = parse_clock(other["end"], "e", end=True)
                assert overlaps(other_start, other_end, start, end)
                assert (name, day, other["start"], other["end"], other["purpose"]) in accepted
                continue
            assert free, (name, day, start, end)
            booked |= minutes_of(start, end)
            accepted.append((name, day, clock_text(start), clock_text(end), f"第{number}次"))
        stored = connection.execute(
            select(
                booking_table.c.venue_id,
                booking_table.c.booked_on,
                booking_table.c.starts_at,
                booking_table.c.ends_at,
                booking_table.c.purpose,
            ).order_by(booking_table.c.id)
        ).all()
        assert [(VENUES[v - 1], d, s, e, p) for v, d, s, e, p in stored] == accepted
    finally:
        connection.close()


def test_who_may_book(connection):
    day = date(2023, 5, 10)

    def attempt(venue_name, **party):
        return book_venue(
            connection,
            venue_name,
            day=day,
            starts="9:00",
            ends="10:00",
            purpose="会",
            actor="t",
            **party,
        )

    attempt(VENUES[2], organisation_name="丙社区")  # the owner, with no alliance
    attempt(VENUES[0], alliance_name="红色")  # an alliance it is shared with
    attempt(VENUES[1], alliance_name="蓝色", organisation_name="丙社区")  # a member of one
    with pytest.raises(RuleViolation) as refused:
        attempt(VENUES[0], alliance_name="蓝色")
    assert refused.value.key == "venue_not_shared"
    assert refused.value.params == {"venue": VENUES[0], "owner": "甲村", "alliance": "蓝色"}
    with pytest.raises(RuleViolation) as refused:
        attempt(VENUES[2], organisation_name="甲村")
    assert refused.value.key == "venue_owner_only"
    with pytest.raises(RuleViolation) as refused:
        attempt(VENUES[1], alliance_name="红色", organisation_name="丙社区")
    assert refused.value.key == "booking_org_not_member"


def add_activity(connection, *, held_on, title, alliance_id, host_id, guests=(), attendees=0):
    """An activity row as the activity module would store it (host plus participants)."""
    if connection.execute(select(activity_kind.c.code)).first() is None:
        connection.execute(
            insert(activity_kind).values(code="meeting", label_zh="联盟例会", label_en="meeting")
        )
    activity_id = connection.execute(
        insert(activity).values(
            held_on=held_on,
            kind="meeting",
            title=title,
            alliance_id=alliance_id,
            host_id=host_id,
            attendees=attendees,
        )
    ).inserted_primary_key[0]
    connection.execute(
        insert(activity_org).values(activity_id=activity_id, organisation_id=host_id, role="host")
    )
    for guest in guests:
        connection.execute(
            insert(activity_org).values(activity_id=activity_id, organisation_id=guest)
        )
    return activity_id


def test_usage_counts_own_use_and_others_served(connection):
    # Organisation ids: 甲村 1, 乙村 2, 丙社区 3; alliances: 红色 2, 蓝色 3.
    may = date(2023, 5, 10)
    meeting = add_activity(
        connection, held_on=may, title="联盟例会", alliance_id=2, host_id=1, guests=(2, 3)
    )
    book_venue(connection, VENUES[0], starts="9:00", ends="11:30", activity_id=meeting, actor="t")
    book_venue(
        connection,
        VENUES[0],
        day=may,
        starts="14:00",
        ends="15:00",
        purpose="党课",
        alliance_name="红色",
        organisation_name="乙村",
        actor="t",
    )
    book_venue(
        connection,
        VENUES[1],
        day=date(2023, 7, 1),
        starts="8:00",
        ends="8:45",
        purpose="巡防",
        alliance_name="蓝色",
        actor="t",
    )
    book_venue(
        connection,
        VENUES[2],
        day=may,
        starts="19:00",
        ends="24:00",
        purpose="自用",
        organisation_name="丙社区",
        actor="t",
    )
    everything = venue_usage(connection)
    assert everything["period"] is None
    assert everything["venues"] == [
        {
            "venue": "丙社区会议室",
            "owner": "丙社区",
            "bookings": 1,
            "hours_booked": Decimal("5.00"),
        },
        {"venue": "乙村礼堂", "owner": "乙村", "bookings": 1, "hours_booked": Decimal("0.75")},
        {"venue": "甲村活动室", "owner": "甲村", "bookings": 2, "hours_booked": Decimal("3.50")},
    ]
    assert everything["alliances"] == [
        {"alliance": "红色", "venues_open": 2, "bookings": 2, "hours_booked": Decimal("3.50")},
        {"alliance": "蓝色", "venues_open": 1, "bookings": 1, "hours_booked": Decimal("0.75")},
        {"alliance": None, "venues_open": None, "bookings": 1, "hours_booked": Decimal("5.00")},
    ]
    assert everything["owners"] == [
        # Its own evening: own use, served nobody else.
        {
            "owner": "丙社区",
            "venues": 1,
            "bookings": 1,
            "own_use": 1,
            "served_others": 0,
            "organisations_served": 0,
        },
        # Booked by an alliance alone: served others, but no organisation is named.
        {
            "owner": "乙村",
            "venues": 1,
            "bookings": 1,
            "own_use": 0,
            "served_others": 1,
            "organisations_served": 0,
        },
        # Its own meeting with 乙村 and 丙社区 taking part, and 乙村's party class.
        {
            "owner": "甲村",
            "venues": 1,
            "bookings": 2,
            "own_use": 1,
            "served_others": 1,
            "organisations_served": 2,
        },
    ]
    second_quarter = venue_usage(connection, period="2023Q2")
    assert second_quarter["period"] == "2023Q2"
    assert [row["bookings"] for row in second_quarter["venues"]] == [1, 0, 2]
    latest = venue_usage(connection, period="latest")  # the quarter of the newest booking
    assert latest["period"] == "2023Q3"
    assert [row["bookings"] for row in latest["venues"]] == [0, 1, 0]


def test_an_activity_booking_takes_its_date_and_party(connection):
    meeting = add_activity(
        connection, held_on=date(2023, 6, 1), title="例会", alliance_id=3, host_id=3, attendees=40
    )
    stored = book_venue(
        connection, VENUES[1], starts="9:00", ends="10:00", activity_id=meeting, actor="t"
    )
    assert stored["date"] == date(2023, 6, 1)
    assert (stored["alliance"], stored["organisation"], stored["title"]) == (
        "蓝色",
        "丙社区",
        "例会",
    )
    assert (stored["attendees"], stored["capacity"]) == (40, None)
    with pytest.raises(RuleViolation) as refused:
        book_venue(
            connection,
            VENUES[1],
            day=date(2023, 6, 2),
            starts="11:00",
            ends="12:00",
            activity_id=meeting,
            actor="t",
        )
    assert refused.value.key == "booking_date_not_activity"
