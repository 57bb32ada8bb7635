"""`alliance person ...` through the CLI: the clerk registers people with a home branch and
roles, keeps their phone out of every export unless asked, and records which activities of
which alliances they took part in (关系在支部、活动共参与)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import query, snapshot

# In the township fixture: 红岩村 leads 红色联盟 (from 2023-01-01), 石门村 joined it on
# 2023-03-01; 新街社区 leads 蓝色联盟 with 镇派出所 (from 2023-01-01).
PHONE = "13800000000"


@pytest.fixture
def people(township):
    """Four people: 李明 (红岩村, mentor, phone), 王红 (石门村), 赵强 (新街社区, secretary),
    陈芳 (镇派出所, not a party member, local expert)."""
    township.ok("person", "add", "李明", "--home", "红岩村", "--role", "导师", "--phone", PHONE)
    township.ok("person", "add", "王红", "--home", "石门村")
    township.ok("person", "add", "赵强", "--home", "新街社区", "--role", "secretary")
    township.ok(
        "person", "add", "陈芳", "--home", "镇派出所", "--role", "expert",
        "--speciality", "中药材种植", "--not-party-member", "--phone", "0871-1234567",
    )  # fmt: skip
    return township


def log(cli, alliance, date, title, host, *extra):
    cli.ok(
        "activity", "log", "--alliance", alliance, "--kind", "meeting", "--date", date,
        "--title", title, "--host", host, *extra,
    )  # fmt: skip


# --- person add ------------------------------------------------------------------------------


def test_add_stores_the_person_and_roles_but_keeps_the_phone_out_of_the_audit(township, db_path):
    result = township.ok(
        "person", "add", " 李明 ", "--home", "红岩村", "--role", "导师", "--role", "mentor",
        "--role", "activist", "--phone", " 138 0000 0000 ",
    )  # fmt: skip
    assert result.stderr == "added person '李明'\n"
    assert query(
        db_path, "SELECT name, home_organisation_id, party_member, phone, speciality FROM person"
    ) == [("李明", 1, 1, "138 0000 0000", None)]
    assert query(db_path, "SELECT role FROM person_role ORDER BY role") == [
        ("activist",),
        ("mentor",),
    ]
    (after,) = query(db_path, "SELECT after FROM audit_log WHERE entity = 'person'")[0]
    assert "138" not in after
    assert json.loads(after) == {
        "home_organisation": "红岩村",
        "name": "李明",
        "party_member": True,
        "roles": ["activist", "mentor"],
        "speciality": None,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("李明", "--home", "石门村"), "a person named '李明' already exists"),
        (("周平", "--home", "无名村"), "no organisation named '无名村'"),
        (("周平", "--home", "红岩村", "--phone", "call me"), "'call me' is not a phone number"),
        (("周平", "--home", "红岩村", "--phone", "1" * 31), "is not a phone number"),
        (("周平", "--home", "红岩村", "--role", "boss"), "secretary/书记"),
        (("  ", "--home", "红岩村"), "the name must not be empty"),
    ],
)
def test_add_refusals_change_nothing(people, db_path, args, message):
    before = snapshot(db_path)
    result = people.refused("person", "add", *args, message=message)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert snapshot(db_path) == before


# --- person list: phones only when asked ------------------------------------------------------


def test_list_leaves_phones_out_by_default(people):
    listed = json.loads(people.ok("person", "list", "-f", "json").stdout)
    assert listed == [
        {
            "person_name": "李明",
            "person_home": "红岩村",
            "person_roles": ["mentor"],
            "person_party_member": True,
            "person_speciality": None,
        },
        {
            "person_name": "王红",
            "person_home": "石门村",
            "person_roles": [],
            "person_party_member": True,
            "person_speciality": None,
        },
        {
            "person_name": "赵强",
            "person_home": "新街社区",
            "person_roles": ["secretary"],
            "person_party_member": True,
            "person_speciality": None,
        },
        {
            "person_name": "陈芳",
            "person_home": "镇派出所",
            "person_roles": ["expert"],
            "person_party_member": False,
            "person_speciality": "中药材种植",
        },
    ]


def test_list_csv_is_exact_and_in_chinese(people):
    result = people.ok("--lang", "zh", "person", "list", "--format", "csv")
    assert result.stdout_bytes.decode("utf-8") == (
        "\ufeff姓名,所在支部,角色,党员,专长\r\n"
        "李明,红岩村,导师,是,\r\n"
        "王红,石门村,,是,\r\n"
        "赵强,新街社区,书记,是,\r\n"
        "陈芳,镇派出所,本土专家,否,中药材种植\r\n"
    )


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "html", "json"])
def test_no_format_carries_a_phone_unless_asked(people, fmt):
    plain = people.ok("person", "list", "--format", fmt).stdout
    assert PHONE not in plain and "1234567" not in plain
    assert "phone" not in plain
    asked = people.ok("person", "list", "--format", fmt, "--with-phones").stdout
    assert PHONE in asked and "0871-1234567" in asked


def test_xlsx_has_a_phone_column_only_with_phones(people, tmp_path):
    from openpyxl import load_workbook

    plain, asked = tmp_path / "people.xlsx", tmp_path / "phones.xlsx"
    people.ok("person", "list", "-o", str(plain))
    people.ok("person", "list", "-o", str(asked), "--with-phones")
    plain_rows = list(load_workbook(plain).active.values)
    asked_rows = list(load_workbook(asked).active.values)
    assert plain_rows[0] == ("name", "home organisation", "roles", "party member", "speciality")
    assert all(PHONE not in str(row) for row in plain_rows)
    assert asked_rows[0][-1] == "phone"
    assert asked_rows[1] == ("李明", "红岩村", "mentor", "yes", None, PHONE)
    # The formula-like phone keeps its text form (no injection, no number).
    assert asked_rows[4][-1] == "0871-1234567"


def test_list_filters_by_home_organisation_and_role(people):
    def names(*args):
        return [p["person_name"] for p in json.loads(people.ok(*args, "-f", "json").stdout)]

    assert names("person", "list", "--org", "石门村") == ["王红"]
    assert names("person", "list", "--role", "本土专家") == ["陈芳"]
    assert names("person", "list", "--role", "mentor", "--org", "石门村") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--org", "无名村"), "no organisation named '无名村'"),
        (("--role", "boss"), "'boss'"),
    ],
)
def test_list_refusals(people, args, message):
    people.refused("person", "list", *args, message=message)


# --- person show -----------------------------------------------------------------------------


def test_show_gives_details_counts_mentoring_and_recommendations(people):
    log(people, "红色联盟", "2023-05-01", "例会", "红岩村", "--person", "李明", "--person", "赵强")
    people.ok("mentor", "pair", "李明", "王红", "--from", "2024-01-01")
    people.ok("quota", "recommend", "王红", "--alliance", "红色联盟", "--org", "石门村",
              "--on", "2024-02-01", "--priority", "2")  # fmt: skip
    shown = json.loads(
        people.ok("person", "show", "王红", "--on", "2024-06-30", "-f", "json").stdout
    )
    assert shown == {
        "person": {
            "person_name": "王红",
            "person_home": "石门村",
            "person_roles": ["activist"],
            "person_party_member": True,
            "person_speciality": None,
            "person_activities": 0,
            "person_cross_alliance": 0,
        },
        "mentoring": [
            {
                "mentor": "李明",
                "mentee": "王红",
                "mentoring_from": "2024-01-01",
                "mentoring_until": None,
                "mentoring_state": "active",
            }
        ],
        "recommendations": [
            {
                "alliance": "红色联盟",
                "recommended_by": "石门村",
                "recommended_on": "2024-02-01",
                "quota_priority": 2,
                "allocated_year": None,
            }
        ],
    }
    zhao = json.loads(people.ok("person", "show", "赵强", "-f", "json").stdout)["person"]
    assert (zhao["person_activities"], zhao["person_cross_alliance"]) == (1, 1)


def test_show_carries_the_phone_only_when_asked(people):
    plain = people.ok("person", "show", "李明")
    assert PHONE not in plain.stdout
    assert "李明" in plain.stdout and "mentor" in plain.stdout
    asked = json.loads(people.ok("person", "show", "李明", "--with-phone", "-f", "json").stdout)
    assert asked["person"]["person_phone"] == PHONE


def test_show_unknown_person(people):
    people.refused("person", "show", "无名氏", message="no person named '无名氏'")


# --- person update ---------------------------------------------------------------------------


def test_update_home_roles_speciality_and_phone(people, db_path):
    result = people.ok(
        "person", "update", "王红", "--home", "红岩村", "--add-role", "expert",
        "--add-role", "入党积极分子", "--speciality", " 板栗嫁接 ", "--phone", "139 1111 2222",
    )  # fmt: skip
    assert result.stderr == "updated person '王红'\n"
    assert query(
        db_path,
        "SELECT home_organisation_id, speciality, phone FROM person WHERE name = '王红'",
    ) == [(1, "板栗嫁接", "139 1111 2222")]
    assert query(db_path, "SELECT role FROM person_role WHERE person_id = 2 ORDER BY role") == [
        ("activist",),
        ("expert",),
    ]
    before, after = query(
        db_path,
        "SELECT before, after FROM audit_log WHERE entity = 'person' AND action = 'update'",
    )[0]
    assert "139" not in before + after
    assert json.loads(before) == {"home": "石门村", "roles": [], "speciality": None}
    assert json.loads(after) == {
        "home": "红岩村",
        "roles": ["expert", "activist"],
        "speciality": "板栗嫁接",
        "phone_changed": True,
    }
    people.ok(
        "person", "update", "王红", "--drop-role", "expert", "--speciality", "", "--phone", ""
    )
    assert query(db_path, "SELECT speciality, phone FROM person WHERE name = '王红'") == [
        (None, None)
    ]
    assert query(db_path, "SELECT role FROM person_role WHERE person_id = 2") == [("activist",)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("王红",), "nothing to update"),
        (("无名氏", "--phone", "1"), "no person named '无名氏'"),
        (("王红", "--home", "无名村"), "no organisation named '无名村'"),
        (("王红", "--phone", "abc"), "'abc' is not a phone number"),
        (("李明", "--add-role", "导师"), "'李明' already has the role mentor/导师"),
        (("王红", "--drop-role", "secretary"), "'王红' does not have the role secretary/书记"),
        (
            ("王红", "--add-role", "expert", "--drop-role", "本土专家"),
            "cannot add and drop the role expert/本土专家 at once",
        ),
        (("王红", "--add-role", "boss"), "'boss'"),
    ],
)
def test_update_refusals_change_nothing(people, db_path, args, message):
    before = snapshot(db_path)
    people.refused("person", "update", *args, message=message)
    assert snapshot(db_path) == before


def test_a_mentor_with_an_open_pair_keeps_the_role(people, db_path):
    people.ok("mentor", "pair", "李明", "王红", "--from", "2024-01-01")
    people.refused_unchanged(
        db_path, "person", "update", "李明", "--drop-role", "mentor",
        message="'李明' still mentors '王红': end that pair before dropping the role mentor",
    )  # fmt: skip
    people.ok("mentor", "end", "李明", "王红", "--on", "2024-12-31")
    people.ok("person", "update", "李明", "--drop-role", "mentor")
    assert query(db_path, "SELECT * FROM person_role WHERE person_id = 1") == []


# --- person attend / unattend ----------------------------------------------------------------


@pytest.fixture
def meeting(people):
    """Activity 1: a 红色联盟 meeting on 2023-05-01 hosted by 红岩村."""
    log(people, "红色联盟", "2023-05-01", "联盟例会", "红岩村")
    return people


def attendance(db_path):
    return query(db_path, "SELECT activity_id, person_id FROM activity_person ORDER BY 1, 2")


def test_attend_names_people_and_is_idempotent(meeting, db_path):
    result = meeting.ok("person", "attend", "1", "赵强", "李明", "赵强")
    assert result.stderr == "activity 1: recorded 2 taking part: 赵强、李明\n"
    assert attendance(db_path) == [(1, 1), (1, 3)]
    (entry,) = query(
        db_path, "SELECT action, entity_key, after FROM audit_log WHERE entity = 'activity_person'"
    )
    assert entry[:2] == ("attend", "1")
    assert json.loads(entry[2]) == {"title": "联盟例会", "people": ["赵强", "李明"]}

    before = snapshot(db_path)
    again = meeting.ok("person", "attend", "1", "李明")
    assert again.stderr == "activity 1 already lists: 李明\n"
    assert snapshot(db_path) == before

    mixed = meeting.ok("person", "attend", "1", "李明", "王红")
    assert mixed.stderr == (
        "activity 1: recorded 1 taking part: 王红\nactivity 1 already lists: 李明\n"
    )
    assert attendance(db_path) == [(1, 1), (1, 2), (1, 3)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1", "李明", "无名氏"), "no person named '无名氏'"),
        (("99", "李明"), "no activity with id 99"),
    ],
)
def test_attend_refusals_write_nothing(meeting, db_path, args, message):
    meeting.refused_unchanged(db_path, "person", "attend", *args, message=message)


def test_unattend_takes_people_off(meeting, db_path):
    meeting.ok("person", "attend", "1", "李明", "王红")
    result = meeting.ok("person", "unattend", "1", "王红")
    assert result.stderr == "took off activity 1: 王红\n"
    assert attendance(db_path) == [(1, 1)]
    assert query(
        db_path,
        "SELECT action, before FROM audit_log WHERE entity = 'activity_person' ORDER BY id",
    )[-1] == ("unattend", json.dumps({"people": ["王红"], "title": "联盟例会"}, ensure_ascii=False))
    meeting.refused_unchanged(
        db_path, "person", "unattend", "1", "李明", "赵强",
        message="'赵强' is not recorded at activity 1",
    )  # fmt: skip


# --- person activities -----------------------------------------------------------------------


@pytest.fixture
def joint(people):
    """王红 (石门村, in 红色联盟 only from 2023-03-01) at four activities:
    1 红色联盟 2023-02-01 (before 石门村 joined: cross-alliance), 2 红色联盟 2023-04-01,
    3 蓝色联盟 2023-06-01 (cross-alliance), 4 红色联盟 2024-01-10."""
    log(people, "红色联盟", "2023-02-01", "筹备会", "红岩村", "--person", "王红")
    log(people, "红色联盟", "2023-04-01", "例会", "红岩村", "--person", "王红", "--person", "李明")
    log(people, "蓝色联盟", "2023-06-01", "平安巡防", "新街社区", "--person", "王红")
    log(people, "红色联盟", "2024-01-10", "年会", "石门村")
    people.ok("person", "attend", "4", "王红")
    return people


def test_activities_across_alliances_mark_cross_alliance(joint):
    rows = json.loads(joint.ok("person", "activities", "王红", "-f", "json").stdout)
    assert rows == [
        {
            "id": 1,
            "held_on": "2023-02-01",
            "kind": "meeting",
            "title": "筹备会",
            "alliance": "红色联盟",
            "host": "红岩村",
            "person_cross_alliance": True,
        },
        {
            "id": 2,
            "held_on": "2023-04-01",
            "kind": "meeting",
            "title": "例会",
            "alliance": "红色联盟",
            "host": "红岩村",
            "person_cross_alliance": False,
        },
        {
            "id": 3,
            "held_on": "2023-06-01",
            "kind": "meeting",
            "title": "平安巡防",
            "alliance": "蓝色联盟",
            "host": "新街社区",
            "person_cross_alliance": True,
        },
        {
            "id": 4,
            "held_on": "2024-01-10",
            "kind": "meeting",
            "title": "年会",
            "alliance": "红色联盟",
            "host": "石门村",
            "person_cross_alliance": False,
        },
    ]


def test_activities_csv_in_chinese_and_by_period(joint):
    result = joint.ok(
        "--lang", "zh", "person", "activities", "王红", "--period", "2023H1", "-f", "csv"
    )
    assert result.stdout_bytes.decode("utf-8") == (
        "\ufeff编号,日期,类型,标题,联盟,主办单位,跨联盟\r\n"
        "1,2023-02-01,联盟例会,筹备会,红色联盟,红岩村,跨联盟\r\n"
        "2,2023-04-01,联盟例会,例会,红色联盟,红岩村,\r\n"
        "3,2023-06-01,联盟例会,平安巡防,蓝色联盟,新街社区,跨联盟\r\n"
    )
    latest = json.loads(
        joint.ok("person", "activities", "王红", "--period", "latest", "-f", "json").stdout
    )
    assert [row["id"] for row in latest] == [4]
    assert json.loads(joint.ok("person", "activities", "赵强", "-f", "json").stdout) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("无名氏",), "no person named '无名氏'"),
        (("王红", "--period", "2023Q5"), "2023Q5"),
    ],
)
def test_activities_refusals(joint, args, message):
    joint.refused("person", "activities", *args, message=message)
