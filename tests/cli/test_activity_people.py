"""`alliance activity log --person` and the people in `activity show`: the clerk names the
people who took part when logging an activity (活动共参与)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import query

LOG = (
    "activity", "log", "--alliance", "红色联盟", "--kind", "主题党日", "--date", "2023-07-01",
    "--title", "重温入党誓词", "--host", "红岩村",
)  # fmt: skip


@pytest.fixture
def people(township):
    township.ok("person", "add", "李明", "--home", "红岩村", "--phone", "13800000000")
    township.ok("person", "add", "赵强", "--home", "新街社区")
    return township


def test_log_names_the_people_who_took_part(people, db_path):
    result = people.ok(*LOG, "--person", "赵强", "--person", " 李明 ", "--person", "赵强")
    assert result.stderr == "logged activity 1: 重温入党誓词\n"
    assert query(db_path, "SELECT activity_id, person_id FROM activity_person ORDER BY 2") == [
        (1, 1),
        (1, 2),
    ]
    (after,) = query(db_path, "SELECT after FROM audit_log WHERE entity = 'activity'")[0]
    assert json.loads(after)["people"] == ["赵强", "李明"]


def test_log_without_people_stores_none(people, db_path):
    people.ok(*LOG)
    assert query(db_path, "SELECT * FROM activity_person") == []
    (after,) = query(db_path, "SELECT after FROM audit_log WHERE entity = 'activity'")[0]
    assert "people" not in json.loads(after)


def test_log_with_an_unknown_person_writes_nothing(people, db_path):
    people.refused_unchanged(
        db_path, *LOG, "--person", "李明", "--person", "无名氏", message="no person named '无名氏'"
    )


def test_show_lists_the_people_without_phones(people):
    people.ok(*LOG, "--person", "赵强", "--person", "李明")
    shown = json.loads(people.ok("activity", "show", "1", "-f", "json").stdout)
    assert shown["people"] == [
        {"person_name": "李明", "person_home": "红岩村"},
        {"person_name": "赵强", "person_home": "新街社区"},
    ]
    assert "people" not in shown["activity"]
    table = people.ok("activity", "show", "1").stdout
    assert "People taking part" in table and "新街社区" in table
    assert "13800000000" not in table
    zh = people.ok("--lang", "zh", "activity", "show", "1", "-f", "md").stdout
    assert "## 参与人员" in zh and "| 姓名   | 所在支部   |" in zh


def test_edit_keeps_and_delete_removes_the_people(people, db_path):
    people.ok(*LOG, "--person", "李明")
    people.ok("activity", "edit", "1", "--notes", "补录")
    assert query(db_path, "SELECT person_id FROM activity_person") == [(1,)]
    people.ok("activity", "delete", "1")
    assert query(db_path, "SELECT * FROM activity_person") == []
    (before,) = query(
        db_path, "SELECT before FROM audit_log WHERE entity = 'activity' AND action = 'delete'"
    )[0]
    assert json.loads(before)["people"] == [{"person_name": "李明", "person_home": "红岩村"}]
