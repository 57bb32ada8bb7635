"""`alliance mentor ...` through the CLI: mentoring pairs (导师传帮带) with start and end
dates, and the pairs active on a day."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import query, snapshot


@pytest.fixture
def people(township):
    township.ok("person", "add", "李明", "--home", "红岩村")
    township.ok("person", "add", "王红", "--home", "石门村")
    township.ok("person", "add", "赵强", "--home", "新街社区", "--role", "mentor")
    return township


def pairs(db_path):
    return query(
        db_path, "SELECT mentor_id, mentee_id, started_on, ended_on FROM mentoring ORDER BY id"
    )


def test_pair_stores_the_pair_and_makes_the_mentor_a_mentor(people, db_path):
    result = people.ok("mentor", "pair", "李明", "王红", "--from", "2024/3/1")
    assert result.stderr == (
        "paired mentor '李明' with mentee '王红' from 2024-03-01\n"
        "'李明' now has the role mentor/导师\n"
    )
    assert pairs(db_path) == [(1, 2, "2024-03-01", None)]
    assert query(db_path, "SELECT person_id, role FROM person_role ORDER BY 1") == [
        (1, "mentor"),
        (3, "mentor"),
    ]
    entries = query(
        db_path,
        "SELECT action, entity, entity_key, after FROM audit_log "
        "WHERE entity IN ('mentoring', 'person') AND action != 'add' ORDER BY id",
    )
    assert [entry[:3] for entry in entries] == [
        ("pair", "mentoring", "李明->王红"),
        ("grant_role", "person", "李明"),
    ]
    assert json.loads(entries[0][3]) == {
        "mentor": "李明",
        "mentee": "王红",
        "started_on": "2024-03-01",
    }


def test_a_mentor_already_holding_the_role_is_not_granted_it_again(people, db_path):
    result = people.ok("mentor", "pair", "赵强", "王红")
    assert result.stderr == (
        f"paired mentor '赵强' with mentee '王红' from {date.today().isoformat()}\n"
    )
    assert pairs(db_path) == [(3, 2, date.today().isoformat(), None)]


@pytest.fixture
def paired(people):
    """李明 mentors 王红 from 2024-03-01 to 2024-09-01 (ended); 赵强 mentors 王红 from
    2024-06-01 (open)."""
    people.ok("mentor", "pair", "李明", "王红", "--from", "2024-03-01")
    people.ok("mentor", "end", "李明", "王红", "--on", "2024-09-01")
    people.ok("mentor", "pair", "赵强", "王红", "--from", "2024-06-01")
    return people


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("李明", "李明"), "a mentor cannot be their own mentee (李明)"),
        (("李明", " 李明 ", "--from", "2024-01-01"), "a mentor cannot be their own mentee"),
        (
            ("赵强", "王红", "--from", "2025-01-01"),
            "'赵强' already mentors '王红' from 2024-06-01, overlapping the new pair",
        ),
        (
            ("赵强", "王红", "--from", "2020-01-01"),
            "'赵强' already mentors '王红' from 2024-06-01",
        ),
        (
            ("李明", "王红", "--from", "2024-08-31"),
            "'李明' already mentors '王红' from 2024-03-01, overlapping the new pair",
        ),
        (
            ("王红", "赵强", "--from", "2025-01-01"),
            "'赵强' mentors '王红' in that time (from 2024-06-01): "
            "two people cannot mentor each other",
        ),
        (("无名氏", "王红"), "no person named '无名氏'"),
        (("李明", "无名氏"), "no person named '无名氏'"),
        (("李明", "赵强", "--from", "2024-02-30"), "2024-02-30"),
    ],
)
def test_pair_refusals_change_nothing(paired, db_path, args, message):
    before = snapshot(db_path)
    result = paired.refused("mentor", "pair", *args, message=message)
    assert result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


def test_the_same_two_may_pair_again_after_the_end(paired, db_path):
    paired.ok("mentor", "pair", "李明", "王红", "--from", "2024-09-01")
    assert pairs(db_path)[-1] == (1, 2, "2024-09-01", None)


def test_end_closes_the_open_pair(paired, db_path):
    result = paired.ok("mentor", "end", "赵强", "王红", "--on", "2025-01-01")
    assert result.stderr == (
        "ended the mentoring of '王红' by '赵强' (no longer active from 2025-01-01)\n"
    )
    assert pairs(db_path) == [
        (1, 2, "2024-03-01", "2024-09-01"),
        (3, 2, "2024-06-01", "2025-01-01"),
    ]
    before, after = query(
        db_path,
        "SELECT before, after FROM audit_log WHERE entity = 'mentoring' AND action = 'end' "
        "ORDER BY id DESC",
    )[0]
    assert json.loads(before) == {"mentor": "赵强", "mentee": "王红", "started_on": "2024-06-01"}
    assert json.loads(after)["ended_on"] == "2025-01-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("李明", "王红", "--on", "2025-01-01"), "'李明' has no open mentoring of '王红'"),
        (("王红", "赵强", "--on", "2025-01-01"), "'王红' has no open mentoring of '赵强'"),
        (
            ("赵强", "王红", "--on", "2024-06-01"),
            "the end 2024-06-01 must be after the start 2024-06-01",
        ),
        (("赵强", "王红", "--on", "2024-05-01"), "must be after the start 2024-06-01"),
        (("赵强", "无名氏"), "no person named '无名氏'"),
    ],
)
def test_end_refusals_change_nothing(paired, db_path, args, message):
    before = snapshot(db_path)
    paired.refused("mentor", "end", *args, message=message)
    assert snapshot(db_path) == before


def listed(cli, *args):
    return json.loads(cli.ok("mentor", "list", *args, "-f", "json").stdout)


def test_list_shows_the_pairs_active_on_a_day(paired):
    assert listed(paired, "--on", "2024-07-01") == [
        {
            "mentor": "李明",
            "mentor_home": "红岩村",
            "mentee": "王红",
            "mentee_home": "石门村",
            "mentoring_from": "2024-03-01",
            "mentoring_until": "2024-09-01",
            "mentoring_state": "active",
        },
        {
            "mentor": "赵强",
            "mentor_home": "新街社区",
            "mentee": "王红",
            "mentee_home": "石门村",
            "mentoring_from": "2024-06-01",
            "mentoring_until": None,
            "mentoring_state": "active",
        },
    ]
    # The end day is the first day without the pair; the start day is its first day.
    assert [p["mentor"] for p in listed(paired, "--on", "2024-09-01")] == ["赵强"]
    assert [p["mentor"] for p in listed(paired, "--on", "2024-03-01")] == ["李明"]
    assert listed(paired, "--on", "2024-02-29") == []
    assert [p["mentor"] for p in listed(paired)] == ["赵强"]  # today


def test_list_all_gives_every_pair_with_its_state(paired):
    rows = listed(paired, "--all", "--on", "2024-04-01")
    assert [(p["mentor"], p["mentoring_state"]) for p in rows] == [
        ("李明", "active"),
        ("赵强", "future"),
    ]
    rows = listed(paired, "--all", "--on", "2024-10-01")
    assert [(p["mentor"], p["mentoring_state"]) for p in rows] == [
        ("李明", "ended"),
        ("赵强", "active"),
    ]


def test_list_csv_in_chinese(paired):
    result = paired.ok("--lang", "zh", "mentor", "list", "--all", "--on", "2024-04-01", "-f", "csv")
    assert result.stdout_bytes.decode("utf-8") == (
        "\ufeff导师,导师所在支部,学员,学员所在支部,开始日期,结束日期,状态\r\n"
        "李明,红岩村,王红,石门村,2024-03-01,2024-09-01,进行中\r\n"
        "赵强,新街社区,王红,石门村,2024-06-01,,未开始\r\n"
    )
    table = paired.ok("mentor", "list", "--on", "2024-07-01").stdout
    assert "mentor's home" in table and "active" in table


def test_list_refuses_a_bad_day(paired):
    paired.refused("mentor", "list", "--on", "tomorrow", message="tomorrow")
