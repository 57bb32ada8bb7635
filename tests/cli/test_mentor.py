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
            "id": 1,
            "mentor": "李明",
            "mentor_home": "红岩村",
            "mentee": "王红",
            "mentee_home": "石门村",
            "mentoring_from": "2024-03-01",
            "mentoring_until": "2024-09-01",
            "mentoring_state": "active",
        },
        {
            "id": 2,
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
        "\ufeff编号,导师,导师所在支部,学员,学员所在支部,开始日期,结束日期,状态\r\n"
        "1,李明,红岩村,王红,石门村,2024-03-01,2024-09-01,进行中\r\n"
        "2,赵强,新街社区,王红,石门村,2024-06-01,,未开始\r\n"
    )
    table = paired.ok("mentor", "list", "--on", "2024-07-01").stdout
    assert "mentor's home" in table and "active" in table


def test_list_refuses_a_bad_day(paired):
    paired.refused("mentor", "list", "--on", "tomorrow", message="tomorrow")


# --- mentor show -----------------------------------------------------------------------------


def shown(cli, *args):
    return json.loads(cli.ok("mentor", "show", *args, "-f", "json").stdout)


def test_show_gives_a_persons_pairs_as_mentee_and_as_mentor(paired):
    assert shown(paired, "王红", "--on", "2024-10-01") == {
        "as_mentor": [],
        "as_mentee": [
            {
                "id": 1,
                "mentor": "李明",
                "mentor_home": "红岩村",
                "mentoring_from": "2024-03-01",
                "mentoring_until": "2024-09-01",
                "mentoring_state": "ended",
            },
            {
                "id": 2,
                "mentor": "赵强",
                "mentor_home": "新街社区",
                "mentoring_from": "2024-06-01",
                "mentoring_until": None,
                "mentoring_state": "active",
            },
        ],
    }
    assert shown(paired, " 李明 ", "--on", "2024-02-01") == {
        "as_mentor": [
            {
                "id": 1,
                "mentee": "王红",
                "mentee_home": "石门村",
                "mentoring_from": "2024-03-01",
                "mentoring_until": "2024-09-01",
                "mentoring_state": "future",
            }
        ],
        "as_mentee": [],
    }
    assert [p["mentoring_state"] for p in shown(paired, "赵强")["as_mentor"]] == ["active"]


def test_show_as_a_chinese_table(paired):
    out = paired.ok("--lang", "zh", "mentor", "show", "李明", "--on", "2024-04-01").stdout
    assert "“李明”作为导师" in out and "“李明”作为学员" in out
    assert "王红" in out and "进行中" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("无名氏",), "no person named '无名氏'"),
        (("李明", "--on", "2024-02-30"), "2024-02-30"),
    ],
)
def test_show_refusals(paired, args, message):
    paired.refused("mentor", "show", *args, message=message)


# --- mentor update ---------------------------------------------------------------------------


def test_update_corrects_both_dates_and_is_audited(paired, db_path):
    result = paired.ok("mentor", "update", "1", "--started", "2024/2/1", "--ended", "2024-08-01")
    assert result.stderr == "updated mentoring pair 1: mentor '李明', mentee '王红'\n"
    assert pairs(db_path)[0] == (1, 2, "2024-02-01", "2024-08-01")
    [(key, before, after)] = query(
        db_path,
        "SELECT entity_key, before, after FROM audit_log WHERE entity = 'mentoring' "
        "AND action = 'update'",
    )
    assert key == "李明->王红"
    assert json.loads(before) == {
        "id": 1,
        "mentor": "李明",
        "mentee": "王红",
        "started_on": "2024-03-01",
        "ended_on": "2024-09-01",
    }
    assert json.loads(after) == {
        "id": 1,
        "mentor": "李明",
        "mentee": "王红",
        "started_on": "2024-02-01",
        "ended_on": "2024-08-01",
    }


def test_update_ends_an_open_pair_and_reopens_an_ended_one(paired, db_path):
    paired.ok("mentor", "update", "2", "--ended", "2025-01-01")
    paired.ok("mentor", "update", "1", "--ended", "")
    assert pairs(db_path) == [
        (1, 2, "2024-03-01", None),
        (3, 2, "2024-06-01", "2025-01-01"),
    ]
    # the reopened pair is open again: mentor end closes it
    paired.ok("mentor", "end", "李明", "王红", "--on", "2025-03-01")
    result = paired.ok("--lang", "zh", "mentor", "update", "1", "--started", "2024-03-02")
    assert result.stderr == "已更新传帮带结对 1：导师“李明”，学员“王红”\n"


def test_reopening_gives_the_mentor_back_the_role(paired, db_path):
    paired.ok("person", "update", "李明", "--drop-role", "mentor")
    result = paired.ok("mentor", "update", "1", "--ended", "")
    assert result.stderr == (
        "updated mentoring pair 1: mentor '李明', mentee '王红'\n"
        "'李明' now has the role mentor/导师\n"
    )
    assert query(db_path, "SELECT role FROM person_role WHERE person_id = 1") == [("mentor",)]


@pytest.fixture
def crowded(paired):
    """Besides `paired`: 王红 mentors 李明 from 2024-09-01 to 2024-12-01 (pair 3), and 李明
    mentors 王红 again from 2025-01-01 (pair 4, open)."""
    paired.ok("mentor", "pair", "王红", "李明", "--from", "2024-09-01")
    paired.ok("mentor", "end", "王红", "李明", "--on", "2024-12-01")
    paired.ok("mentor", "pair", "李明", "王红", "--from", "2025-01-01")
    return paired


def test_update_may_bring_a_pair_up_to_the_end_of_another(crowded, db_path):
    crowded.ok("mentor", "update", "4", "--started", "2024-12-01")
    crowded.ok("mentor", "update", "1", "--ended", "2024-09-01")  # the same end: no change
    assert pairs(db_path)[3] == (1, 2, "2024-12-01", None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1",), "nothing to update: give at least one option"),
        (("9", "--ended", "2025-01-01"), "no mentoring pair with id 9"),
        (("1", "--ended", "2024-03-01"), "the end 2024-03-01 must be after the start 2024-03-01"),
        (("1", "--started", "2024-09-01"), "the end 2024-09-01 must be after the start 2024-09-01"),
        (("2", "--ended", "2024-05-01"), "the end 2024-05-01 must be after the start 2024-06-01"),
        (("1", "--started", "2024-02-30"), "--started '2024-02-30' is not a valid date"),
        (("1", "--ended", "someday"), "--ended 'someday' is not a valid date"),
        (
            ("1", "--ended", ""),
            "'李明' has another pair mentoring '王红' from 2025-01-01, overlapping these dates",
        ),
        (
            ("4", "--started", "2024-08-01"),
            "'李明' has another pair mentoring '王红' from 2024-03-01, overlapping these dates",
        ),
        (
            ("1", "--ended", "2024-10-01"),
            "'王红' mentors '李明' in that time (from 2024-09-01): "
            "two people cannot mentor each other",
        ),
        (("4", "--started", "2024-11-01"), "'王红' mentors '李明' in that time (from 2024-09-01)"),
        (("3", "--ended", "2025-02-01"), "'李明' mentors '王红' in that time (from 2025-01-01)"),
        (("3", "--started", "2024-08-01"), "'李明' mentors '王红' in that time (from 2024-03-01)"),
    ],
)
def test_update_refusals_change_nothing(crowded, db_path, args, message):
    crowded.refused_unchanged(db_path, "mentor", "update", *args, message=message)


def test_update_needs_a_numeric_id(paired):
    assert paired("mentor", "update", "李明", "--ended", "2025-01-01").exit_code == 2
