"""`alliance venue ...` through the CLI: the clerk registers venues, opens them to alliances,
books them for activities and meetings, and reports how much sharing went on."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import query, snapshot

# In the township fixture: organisations 红岩村 1, 石门村 2 (红色联盟 from 2023-03-01),
# 新街社区 3, 镇派出所 4; alliances 全域联盟 1, 红色联盟 2, 蓝色联盟 3.
RED, BLUE = 2, 3
HONGYAN, SHIMEN, XINJIE, POLICE = 1, 2, 3, 4


def add_activity(db_path, *, held_on, title, alliance_id, host_id, guests=(), attendees=0):
    """An activity stored the way `activity log` stores it, written straight into the file
    (the activity commands are not needed to test venues)."""
    connection = sqlite3.connect(db_path)
    try:
        cursor = connection.execute(
            "INSERT INTO activity (held_on, kind, title, alliance_id, host_id, attendees, "
            "hours_hundredths) VALUES (?, 'meeting', ?, ?, ?, ?, 0)",
            (held_on, title, alliance_id, host_id, attendees),
        )
        activity_id = cursor.lastrowid
        connection.execute(
            "INSERT INTO activity_org (activity_id, organisation_id, role, guest) "
            "VALUES (?, ?, 'host', 0)",
            (activity_id, host_id),
        )
        for guest in guests:
            connection.execute(
                "INSERT INTO activity_org (activity_id, organisation_id, role, guest) "
                "VALUES (?, ?, 'participant', 0)",
                (activity_id, guest),
            )
        connection.commit()
        return activity_id
    finally:
        connection.close()


@pytest.fixture
def venues(township):
    """Three venues: 红岩村's room open to 红色联盟, 新街社区's hall open to both area
    alliances, and the police station's room open to nobody."""
    township.ok(
        "venue", "add", "红岩村活动室", "--owner", "红岩村", "--capacity", "30",
        "--shared-with", "红色联盟",
    )  # fmt: skip
    township.ok(
        "venue", "add", "新街社区会议室", "--owner", "新街社区",
        "--shared-with", "蓝色联盟", "--shared-with", "红色联盟",
    )  # fmt: skip
    township.ok("venue", "add", "派出所警务室", "--owner", "镇派出所")
    return township


def book(cli, venue, date, start, end, *party):
    return cli.ok("venue", "book", venue, "--date", date, "--from", start, "--to", end, *party)


def bookings_stored(db_path):
    return query(
        db_path,
        "SELECT v.name, b.booked_on, b.starts_at, b.ends_at, b.activity_id, b.alliance_id, "
        "b.organisation_id, b.purpose FROM venue_booking b JOIN venue v ON v.id = b.venue_id "
        "ORDER BY b.id",
    )


# --- venue add / share -----------------------------------------------------------------------


def test_add_a_venue_with_owner_capacity_and_shares(township, db_path):
    result = township.ok(
        "venue", "add", " 红岩村活动室 ", "--owner", "红岩村", "--capacity", "30",
        "--shared-with", "红色联盟", "--shared-with", "蓝色联盟", "--shared-with", "红色联盟",
    )  # fmt: skip
    assert result.stderr == "added venue '红岩村活动室'\n"
    assert query(db_path, "SELECT id, name, owner_id, capacity FROM venue") == [
        (1, "红岩村活动室", HONGYAN, 30)
    ]
    assert query(db_path, "SELECT venue_id, alliance_id FROM venue_share ORDER BY 2") == [
        (1, RED),
        (1, BLUE),
    ]
    (entry,) = query(
        db_path, "SELECT action, entity, entity_key, after FROM audit_log WHERE entity = 'venue'"
    )
    assert entry[:3] == ("add", "venue", "红岩村活动室")
    assert json.loads(entry[3]) == {
        "capacity": 30,
        "owner": "红岩村",
        "shared_with": ["红色联盟", "蓝色联盟"],
    }


def test_add_without_capacity_or_shares(township, db_path):
    township.ok("venue", "add", "派出所警务室", "--owner", "镇派出所")
    assert query(db_path, "SELECT name, owner_id, capacity FROM venue") == [
        ("派出所警务室", POLICE, None)
    ]
    assert query(db_path, "SELECT * FROM venue_share") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("红岩村活动室", "--owner", "红岩村"), "a venue named '红岩村活动室' already exists"),
        (("新会议室", "--owner", "无名村"), "no organisation named '无名村'"),
        (
            ("新会议室", "--owner", "红岩村", "--shared-with", "无名联盟"),
            "no alliance named '无名联盟'",
        ),
        (("新会议室", "--owner", "红岩村", "--capacity", "0"), "the capacity must be above 0 (0)"),
        (("新会议室", "--owner", "红岩村", "--capacity", "-5"), "the capacity must be above 0"),
        (("  ", "--owner", "红岩村"), "the name must not be empty"),
    ],
)
def test_add_refusals_change_nothing(venues, db_path, args, message):
    venues.refused_unchanged(db_path, "venue", "add", *args, message=message)


def test_add_needs_an_owner(township):
    result = township("venue", "add", "新会议室")
    assert result.exit_code == 2
    assert "--owner" in result.stderr


def test_share_opens_a_venue_later(venues, db_path):
    result = venues.ok("venue", "share", "派出所警务室", "蓝色联盟", "红色联盟")
    assert result.stderr == "'派出所警务室' is now shared with 蓝色联盟、红色联盟\n"
    assert query(db_path, "SELECT alliance_id FROM venue_share WHERE venue_id = 3 ORDER BY 1") == [
        (RED,),
        (BLUE,),
    ]
    assert query(
        db_path, "SELECT action, entity_key FROM audit_log WHERE entity = 'venue_share'"
    ) == [("share", "派出所警务室@蓝色联盟"), ("share", "派出所警务室@红色联盟")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("红岩村活动室", "红色联盟"), "'红岩村活动室' is already shared with '红色联盟'"),
        # All or nothing: the first alliance is not opened when the second is refused.
        (("派出所警务室", "蓝色联盟", "无名联盟"), "no alliance named '无名联盟'"),
        (("无名场地", "红色联盟"), "no venue named '无名场地'"),
    ],
)
def test_share_refusals_change_nothing(venues, db_path, args, message):
    before = snapshot(db_path)
    result = venues.refused("venue", "share", *args, message=message)
    assert result.stderr == f"error: {message}\n"
    assert snapshot(db_path) == before


# --- venue list ------------------------------------------------------------------------------


def test_list_as_json_and_csv(venues):
    listed = json.loads(venues.ok("venue", "list", "-f", "json").stdout)
    assert listed == [
        {"name": "新街社区会议室", "owner": "新街社区", "capacity": None,
         "shared_with": ["红色联盟", "蓝色联盟"]},
        {"name": "派出所警务室", "owner": "镇派出所", "capacity": None, "shared_with": []},
        {"name": "红岩村活动室", "owner": "红岩村", "capacity": 30, "shared_with": ["红色联盟"]},
    ]  # fmt: skip
    assert venues.ok("venue", "list", "-f", "csv").stdout_bytes.decode("utf-8") == (
        "\ufeffname,owner,capacity,shared with\r\n"
        '新街社区会议室,新街社区,,"红色联盟, 蓝色联盟"\r\n'
        "派出所警务室,镇派出所,,\r\n"
        "红岩村活动室,红岩村,30,红色联盟\r\n"
    )


def test_list_in_chinese_and_for_one_alliance(venues):
    out = venues.ok("--lang", "zh", "venue", "list", "--alliance", "蓝色联盟", "-f", "csv")
    out = out.stdout_bytes.decode("utf-8")
    assert (
        out
        == "\ufeff名称,所属单位,容纳人数,开放给\r\n新街社区会议室,新街社区,,红色联盟、蓝色联盟\r\n"
    )
    venues.refused("venue", "list", "--alliance", "无名联盟", message="no alliance named")


def test_list_on_an_empty_database_is_empty(township):
    assert json.loads(township.ok("venue", "list", "-f", "json").stdout) == []


# --- venue book ------------------------------------------------------------------------------


def test_book_for_a_purpose_in_an_alliances_name(venues, db_path):
    result = book(venues, "红岩村活动室", "2023-05-10", "9:00", "10:30", "--purpose", "党课",
                  "--alliance", "红色联盟")  # fmt: skip
    assert result.stderr == "booked '红岩村活动室' on 2023-05-10 09:00-10:30 (booking 1)\n"
    assert result.stdout == ""
    book(venues, "红岩村活动室", "2023/5/10", "１４：００", "１７：００", "--purpose", "议事",
         "--alliance", "红色联盟", "--org", "石门村")  # fmt: skip
    book(venues, "红岩村活动室", "2023年5月10日", "19:00", "24:00", "--purpose", "夜校",
         "--org", "红岩村")  # fmt: skip
    assert bookings_stored(db_path) == [
        ("红岩村活动室", "2023-05-10", "09:00", "10:30", None, RED, None, "党课"),
        ("红岩村活动室", "2023-05-10", "14:00", "17:00", None, RED, SHIMEN, "议事"),
        ("红岩村活动室", "2023-05-10", "19:00", "24:00", None, None, HONGYAN, "夜校"),
    ]
    (entry,) = query(
        db_path, "SELECT action, entity_key, after FROM audit_log WHERE entity_key LIKE '%#1'"
    )
    assert entry[:2] == ("book", "红岩村活动室#1")
    assert json.loads(entry[2])["purpose"] == "党课"


def test_book_for_an_activity_takes_its_date_alliance_and_host(venues, db_path):
    meeting = add_activity(
        db_path, held_on="2023-06-08", title="联盟例会", alliance_id=BLUE, host_id=XINJIE
    )
    venues.ok("venue", "book", "新街社区会议室", "--activity", meeting, "--from", "14:00",
              "--to", "16:00")  # fmt: skip
    venues.ok("venue", "book", "新街社区会议室", "--activity", meeting, "--date", "2023-06-08",
              "--from", "16:00", "--to", "17:00")  # fmt: skip
    assert bookings_stored(db_path) == [
        ("新街社区会议室", "2023-06-08", "14:00", "16:00", meeting, BLUE, XINJIE, None),
        ("新街社区会议室", "2023-06-08", "16:00", "17:00", meeting, BLUE, XINJIE, None),
    ]
    # The booked venue becomes the activity's venue.
    assert query(
        db_path,
        f"SELECT v.name FROM activity a JOIN venue v ON v.id = a.venue_id WHERE a.id = {meeting}",
    ) == [("新街社区会议室",)]


def test_an_activity_larger_than_the_venue_is_booked_with_a_warning(venues, db_path):
    meeting = add_activity(
        db_path, held_on="2023-06-08", title="党课", alliance_id=RED, host_id=HONGYAN, attendees=45
    )
    result = venues.ok("--quiet", "venue", "book", "红岩村活动室", "--activity", meeting,
                       "--from", "9:00", "--to", "10:00")  # fmt: skip
    assert result.stderr == (
        "warning: the activity has 45 attendees, more than the 30 that '红岩村活动室' holds\n"
    )
    assert len(bookings_stored(db_path)) == 1


def test_back_to_back_and_elsewhere_do_not_clash(venues, db_path):
    red = ("--purpose", "会", "--alliance", "红色联盟")
    book(venues, "红岩村活动室", "2023-05-10", "09:00", "10:00", *red)
    book(venues, "红岩村活动室", "2023-05-10", "10:00", "11:00", *red)  # starts as one ends
    book(venues, "红岩村活动室", "2023-05-10", "08:00", "09:00", *red)  # ends as one starts
    book(venues, "新街社区会议室", "2023-05-10", "09:00", "10:00", *red)  # another venue
    book(venues, "红岩村活动室", "2023-05-11", "09:00", "10:00", *red)  # another day
    assert len(bookings_stored(db_path)) == 5


def test_overlapping_booking_is_refused_naming_the_other(venues, db_path):
    book(venues, "红岩村活动室", "2023-05-10", "09:00", "11:00", "--purpose", "党课",
         "--alliance", "红色联盟")  # fmt: skip
    before = snapshot(db_path)
    result = venues.refused(
        "venue", "book", "红岩村活动室", "--date", "2023-05-10", "--from", "10:30", "--to", "12:00",
        "--purpose", "议事", "--org", "红岩村",
        message="'红岩村活动室' is already booked on 2023-05-10 09:00-11:00 by booking 1 (党课)",
    )  # fmt: skip
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert snapshot(db_path) == before


def test_overlap_with_an_activity_names_its_title(venues, db_path):
    meeting = add_activity(
        db_path, held_on="2023-06-08", title="联盟例会", alliance_id=RED, host_id=HONGYAN
    )
    venues.ok("venue", "book", "红岩村活动室", "--activity", meeting, "--from", "14:00",
              "--to", "16:00")  # fmt: skip
    before = snapshot(db_path)
    result = venues.refused(
        "--lang", "zh", "venue", "book", "红岩村活动室", "--date", "2023-06-08",
        "--from", "8:00", "--to", "18:00", "--purpose", "全天", "--org", "红岩村",
        message="场地“红岩村活动室”2023-06-08 14:00-16:00 已被预约 1 占用（活动 1：联盟例会）",
    )  # fmt: skip
    assert result.stderr.startswith("错误：")
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("无名场地", "--date", "2023-05-10", "--from", "9:00", "--to", "10:00", "--purpose", "会",
          "--alliance", "红色联盟"), "no venue named '无名场地'"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "9:00", "--to", "10:00",
          "--purpose", "会", "--org", "无名村"), "no organisation named '无名村'"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "9:00", "--to", "10:00",
          "--purpose", "会", "--alliance", "无名联盟"), "no alliance named '无名联盟'"),
        (("红岩村活动室", "--activity", "99", "--from", "9:00", "--to", "10:00"),
         "no activity with id 99"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "9点", "--to", "10:00",
          "--purpose", "会", "--alliance", "红色联盟"),
         "--from '9点' is not a time of day (HH:MM, 24-hour, e.g. 09:30)"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "9:00", "--to", "25:00",
          "--purpose", "会", "--alliance", "红色联盟"), "--to '25:00' is not a time of day"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "24:00", "--to", "24:00",
          "--purpose", "会", "--alliance", "红色联盟"), "--from '24:00' is not a time of day"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "10:00", "--to", "10:00",
          "--purpose", "会", "--alliance", "红色联盟"),
         "the end 10:00 must be after the start 10:00"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "10:00", "--to", "9:30",
          "--purpose", "会", "--alliance", "红色联盟"),
         "the end 09:30 must be after the start 10:00"),
        (("红岩村活动室", "--date", "2023-02-30", "--from", "9:00", "--to", "10:00",
          "--purpose", "会", "--alliance", "红色联盟"), "--date '2023-02-30' is not a valid date"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "9:00", "--to", "10:00",
          "--purpose", "会", "--alliance", "蓝色联盟"),
         "'红岩村活动室' belongs to '红岩村' and is not shared with '蓝色联盟'"),
        (("派出所警务室", "--date", "2023-05-10", "--from", "9:00", "--to", "10:00",
          "--purpose", "会", "--org", "新街社区"),
         "'派出所警务室' belongs to '镇派出所'; '新街社区' may book it only for an alliance"),
        (("红岩村活动室", "--date", "2023-02-10", "--from", "9:00", "--to", "10:00",
          "--purpose", "会", "--alliance", "红色联盟", "--org", "石门村"),
         "'石门村' was not a member of '红色联盟' on 2023-02-10, so it cannot book in its name"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "9:00", "--to", "10:00"),
         "give either --activity or --purpose"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "9:00", "--to", "10:00",
          "--purpose", "会", "--activity", "1"), "give either --activity or --purpose"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "9:00", "--to", "10:00",
          "--purpose", "会"), "a booking with --purpose needs --alliance or --org"),
        (("红岩村活动室", "--date", "2023-05-10", "--from", "9:00", "--to", "10:00",
          "--purpose", " ", "--org", "红岩村"), "the purpose must not be empty"),
        (("红岩村活动室", "--from", "9:00", "--to", "10:00", "--purpose", "会", "--org", "红岩村"),
         "a booking with --purpose needs --date"),
    ],
)  # fmt: skip
def test_booking_refusals_change_nothing(venues, db_path, args, message):
    venues.refused_unchanged(db_path, "venue", "book", *args, message=message)


def test_activity_booking_refusals(venues, db_path):
    blue_meeting = add_activity(
        db_path, held_on="2023-06-08", title="蓝色例会", alliance_id=BLUE, host_id=XINJIE
    )
    before = snapshot(db_path)
    venues.refused(
        "venue", "book", "红岩村活动室", "--activity", blue_meeting, "--from", "9:00",
        "--to", "10:00",
        message="'红岩村活动室' belongs to '红岩村' and is not shared with '蓝色联盟'",
    )  # fmt: skip
    venues.refused(
        "venue", "book", "新街社区会议室", "--activity", blue_meeting, "--date", "2023-06-09",
        "--from", "9:00", "--to", "10:00",
        message="activity 1 is held on 2023-06-08; the booking date 2023-06-09 must be the same",
    )  # fmt: skip
    venues.refused(
        "venue", "book", "新街社区会议室", "--activity", blue_meeting, "--org", "新街社区",
        "--from", "9:00", "--to", "10:00",
        message="with --activity the alliance and host come from the activity",
    )  # fmt: skip
    assert snapshot(db_path) == before


def test_dissolved_alliance_cannot_book(venues, db_path):
    venues.ok("alliance", "dissolve", "蓝色联盟", "--on", "2023-09-30")
    book(venues, "新街社区会议室", "2023-09-29", "9:00", "10:00", "--purpose", "会",
         "--alliance", "蓝色联盟")  # fmt: skip
    venues.refused_unchanged(
        db_path, "venue", "book", "新街社区会议室", "--date", "2023-09-30", "--from", "9:00",
        "--to", "10:00", "--purpose", "会", "--alliance", "蓝色联盟",
        message="alliance '蓝色联盟' was dissolved on 2023-09-30",
    )  # fmt: skip


def test_bad_activity_id_is_a_usage_error(venues):
    result = venues("venue", "book", "红岩村活动室", "--activity", "x", "--from", "9:00",
                    "--to", "10:00")  # fmt: skip
    assert result.exit_code == 2


# --- venue cancel ----------------------------------------------------------------------------


def test_cancel_frees_the_slot_and_is_audited(venues, db_path):
    red = ("--purpose", "党课", "--alliance", "红色联盟")
    book(venues, "红岩村活动室", "2023-05-10", "09:00", "11:00", *red)
    result = venues.ok("venue", "cancel", "1")
    assert result.stderr == "cancelled booking 1: '红岩村活动室' on 2023-05-10 09:00-11:00\n"
    assert bookings_stored(db_path) == []
    (entry,) = query(db_path, "SELECT action, entity_key, before, after FROM audit_log "
                              "WHERE action = 'cancel'")  # fmt: skip
    assert entry[:2] == ("cancel", "红岩村活动室#1")
    assert json.loads(entry[2]) == {
        "activity_id": None,
        "alliance": "红色联盟",
        "date": "2023-05-10",
        "ends_at": "11:00",
        "id": 1,
        "organisation": None,
        "purpose": "党课",
        "starts_at": "09:00",
        "title": None,
        "venue": "红岩村活动室",
    }
    assert entry[3] is None
    book(venues, "红岩村活动室", "2023-05-10", "10:00", "12:00", *red)


def test_cancel_refusals(venues, db_path):
    venues.refused_unchanged(db_path, "venue", "cancel", "7", message="no venue booking with id 7")
    assert venues("venue", "cancel", "seven").exit_code == 2


# --- venue bookings --------------------------------------------------------------------------


@pytest.fixture
def booked(venues, db_path):
    """A spring and a summer of bookings, an activity among them."""
    meeting = add_activity(
        db_path, held_on="2023-07-05", title="联盟例会", alliance_id=RED, host_id=HONGYAN,
        guests=(SHIMEN,),
    )  # fmt: skip
    book(venues, "红岩村活动室", "2023-05-10", "14:00", "15:30", "--purpose", "党课",
         "--alliance", "红色联盟", "--org", "石门村")  # fmt: skip
    book(venues, "新街社区会议室", "2023-05-10", "09:00", "10:00", "--purpose", "调解",
         "--alliance", "蓝色联盟")  # fmt: skip
    venues.ok("venue", "book", "红岩村活动室", "--activity", meeting, "--from", "9:00",
              "--to", "11:00")  # fmt: skip
    book(venues, "派出所警务室", "2023-07-06", "19:00", "21:00", "--purpose", "巡防部署",
         "--org", "镇派出所")  # fmt: skip
    return venues


def test_bookings_in_date_and_time_order(booked):
    listed = json.loads(booked.ok("venue", "bookings", "-f", "json").stdout)
    assert listed == [
        {"id": 2, "date": "2023-05-10", "starts_at": "09:00", "ends_at": "10:00",
         "venue": "新街社区会议室", "alliance": "蓝色联盟", "organisation": None,
         "activity_id": None, "title": None, "purpose": "调解"},
        {"id": 1, "date": "2023-05-10", "starts_at": "14:00", "ends_at": "15:30",
         "venue": "红岩村活动室", "alliance": "红色联盟", "organisation": "石门村",
         "activity_id": None, "title": None, "purpose": "党课"},
        {"id": 3, "date": "2023-07-05", "starts_at": "09:00", "ends_at": "11:00",
         "venue": "红岩村活动室", "alliance": "红色联盟", "organisation": "红岩村",
         "activity_id": 1, "title": "联盟例会", "purpose": None},
        {"id": 4, "date": "2023-07-06", "starts_at": "19:00", "ends_at": "21:00",
         "venue": "派出所警务室", "alliance": None, "organisation": "镇派出所",
         "activity_id": None, "title": None, "purpose": "巡防部署"},
    ]  # fmt: skip


def test_bookings_of_one_venue_in_a_period(booked):
    csv_out = booked.ok("venue", "bookings", "红岩村活动室", "--period", "2023Q2", "-f", "csv")
    assert csv_out.stdout_bytes.decode("utf-8") == (
        "\ufeffid,date,from,to,venue,alliance,organisation,activity,title,purpose\r\n"
        "1,2023-05-10,14:00,15:30,红岩村活动室,红色联盟,石门村,,,党课\r\n"
    )
    latest = json.loads(booked.ok("venue", "bookings", "--period", "latest", "-f", "json").stdout)
    assert [row["id"] for row in latest] == [3, 4]
    previous = booked.ok("venue", "bookings", "--period", "previous", "-f", "json").stdout
    assert [row["id"] for row in json.loads(previous)] == [2, 1]
    month = booked.ok("venue", "bookings", "--period", "2023年7月", "-f", "json").stdout
    assert [row["id"] for row in json.loads(month)] == [3, 4]


def test_bookings_refusals(booked):
    booked.refused("venue", "bookings", "无名场地", message="no venue named '无名场地'")
    booked.refused("venue", "bookings", "--period", "2023Q5", message="period '2023Q5' is not")


def test_latest_needs_a_booking(venues):
    venues.refused("venue", "bookings", "--period", "latest", message="no records yet")


# --- venue usage -----------------------------------------------------------------------------


def test_usage_per_venue_alliance_and_owner(booked):
    used = json.loads(booked.ok("venue", "usage", "-f", "json").stdout)
    assert used == {
        "venues": [
            {"venue": "新街社区会议室", "owner": "新街社区", "bookings": 1, "hours_booked": "1.00"},
            {"venue": "派出所警务室", "owner": "镇派出所", "bookings": 1, "hours_booked": "2.00"},
            {"venue": "红岩村活动室", "owner": "红岩村", "bookings": 2, "hours_booked": "3.50"},
        ],
        "alliances": [
            {"alliance": "红色联盟", "venues_open": 2, "bookings": 2, "hours_booked": "3.50"},
            {"alliance": "蓝色联盟", "venues_open": 1, "bookings": 1, "hours_booked": "1.00"},
            {"alliance": None, "venues_open": None, "bookings": 1, "hours_booked": "2.00"},
        ],
        "owners": [
            {"owner": "新街社区", "venues": 1, "bookings": 1, "own_use": 0,
             "served_others": 1, "organisations_served": 0},
            {"owner": "红岩村", "venues": 1, "bookings": 2, "own_use": 1,
             "served_others": 1, "organisations_served": 1},
            {"owner": "镇派出所", "venues": 1, "bookings": 1, "own_use": 1,
             "served_others": 0, "organisations_served": 0},
        ],
    }  # fmt: skip


def test_usage_in_a_period_as_csv(booked):
    out = booked.ok("venue", "usage", "--period", "2023Q2", "-f", "csv").stdout_bytes.decode()
    assert out == (
        "\ufeffUse per venue (2023Q2)\r\n"
        "venue,owner,bookings,hours booked\r\n"
        "新街社区会议室,新街社区,1,1.00\r\n"
        "派出所警务室,镇派出所,0,0.00\r\n"
        "红岩村活动室,红岩村,1,1.50\r\n"
        "\r\n"
        "Use per alliance (2023Q2)\r\n"
        "alliance,venues open,bookings,hours booked\r\n"
        "红色联盟,2,1,1.50\r\n"
        "蓝色联盟,1,1,1.00\r\n"
        "\r\n"
        "Sharing per owner (2023Q2)\r\n"
        "owner,venues,bookings,own use,served others,organisations served\r\n"
        "新街社区,1,1,0,1,0\r\n"
        "红岩村,1,1,0,1,1\r\n"
        "镇派出所,1,0,0,0,0\r\n"
    )


def test_usage_in_every_format(booked, tmp_path):
    for fmt in ("table", "md", "html"):
        out = booked.ok("venue", "usage", "-f", fmt).stdout
        assert "红岩村活动室" in out and "served others" in out, fmt
    chinese = booked.ok("--lang", "zh", "venue", "usage", "-f", "md").stdout
    assert "## 场地共享情况（全部）" in chinese and "（不以联盟名义）" in chinese
    booked.ok("venue", "usage", "--period", "2023", "-o", str(tmp_path / "usage.xlsx"))
    from openpyxl import load_workbook

    book_ = load_workbook(tmp_path / "usage.xlsx")
    assert len(book_.sheetnames) == 3
    assert book_.worksheets[2]["E1"].value == "served others"


def test_every_listing_in_every_format(booked, tmp_path):
    for command in (("venue", "list"), ("venue", "bookings")):
        for fmt in ("table", "csv", "md", "html", "json"):
            assert "红岩村活动室" in booked.ok(*command, "-f", fmt).stdout, (command, fmt)
        target = tmp_path / f"{command[1]}.xlsx"
        booked.ok(*command, "-o", str(target))
        assert target.stat().st_size > 0


def test_usage_with_no_venues(township):
    assert json.loads(township.ok("venue", "usage", "-f", "json").stdout) == {
        "venues": [],
        "alliances": [],
        "owners": [],
    }


def test_usage_refuses_a_bad_period(booked):
    booked.refused("venue", "usage", "--period", "0000Q1", message="period '0000Q1' is not valid")
