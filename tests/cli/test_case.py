"""`alliance case ...` through the CLI: the clerk writes up good practice (好经验好做法), cites
the activities behind it and records where it was publicised."""

from __future__ import annotations

import json

import pytest

from tests.conftest import audit, publish, query, snapshot

# In the township fixture: alliances 全域联盟 (core), 红色联盟 and 蓝色联盟 under it;
# 红岩村 leads 红色联盟, 石门村 joined it on 2023-03-01; 新街社区 and 镇派出所 are in 蓝色联盟.
MEETING, PATROL, PARTY_DAY = 1, 2, 3


@pytest.fixture
def activities(township):
    """Three activities: a red meeting with 石门村 taking part (1), a blue patrol (2) and a
    later red party day hosted by 红岩村 alone (3)."""
    for command in (
        ("--alliance", "红色联盟", "--kind", "meeting", "--date", "2023-05-10",
         "--title", "联盟例会", "--host", "红岩村", "--org", "石门村:5"),
        ("--alliance", "蓝色联盟", "--kind", "patrol", "--date", "2023-05-12",
         "--title", "平安巡防", "--host", "新街社区"),
        ("--alliance", "红色联盟", "--kind", "party_day", "--date", "2023-08-01",
         "--title", "主题党日", "--host", "红岩村"),
    ):  # fmt: skip
        township.ok("activity", "log", *command)
    return township


@pytest.fixture
def red_case(activities):
    """红色议事厅, a case of 红色联盟 written on 2023-06-30 citing the meeting."""
    activities.ok(
        "case", "add", "红色议事厅", "--on", "2023-06-30", "--alliance", "红色联盟",
        "--activity", str(MEETING), "--summary", "每月议事",
    )  # fmt: skip
    return activities


def cited(db_path, title):
    return [
        row[0]
        for row in query(
            db_path,
            "SELECT a.activity_id FROM case_activity a JOIN good_case c ON c.id = a.case_id "
            f"WHERE c.title = '{title}' ORDER BY a.activity_id",
        )
    ]


# --- case add --------------------------------------------------------------------------------


def test_add_a_case_of_an_alliance_citing_an_activity(activities, db_path):
    result = activities.ok(
        "case", "add", "红色议事厅", "--on", "2023年6月30日", "--alliance", "红色联盟",
        "--activity", "1", "--activity", "1", "--summary", " 每月议事 ",
    )  # fmt: skip
    assert "added case '红色议事厅'" in result.stderr
    assert query(
        db_path,
        "SELECT c.title, a.name, c.organisation_id, c.written_on, c.summary FROM good_case c "
        "JOIN alliance a ON a.id = c.alliance_id",
    ) == [("红色议事厅", "红色联盟", None, "2023-06-30", "每月议事")]
    assert cited(db_path, "红色议事厅") == [MEETING]  # named twice, cited once
    [(action, key, before, after)] = audit(db_path, "good_case")
    assert (action, key, before) == ("add", "红色议事厅", None)
    assert json.loads(after)["activities"] == [MEETING]


def test_a_case_of_an_organisation_cites_activities_it_took_part_in(activities, db_path):
    activities.ok(
        "case", "add", "石门村议事", "--on", "2023-12-31", "--org", "石门村", "--activity", "1"
    )
    assert cited(db_path, "石门村议事") == [MEETING]
    activities.refused(
        "case", "link", "石门村议事", "3", message="'石门村' did not take part in activity 3"
    )


def test_a_core_alliance_case_may_cite_area_alliance_activities(activities, db_path):
    activities.ok(
        "case", "add", "全域经验", "--on", "2023-12-31", "--alliance", "全域联盟",
        "--activity", "1", "--activity", "2", "--activity", "3",
    )  # fmt: skip
    assert cited(db_path, "全域经验") == [MEETING, PATROL, PARTY_DAY]


def test_without_a_date_the_case_is_written_today(activities, db_path):
    from datetime import date

    activities.ok("case", "add", "今日案例", "--org", "镇派出所")
    assert query(db_path, "SELECT written_on FROM good_case") == [(date.today().isoformat(),)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("红色议事厅", "--on", "2023-06-30"), "a case needs --alliance or --org"),
        (("  ", "--alliance", "红色联盟"), "the title must not be empty"),
        (("X", "--alliance", "无此联盟"), "no alliance named '无此联盟'"),
        (("X", "--org", "无此村"), "no organisation named '无此村'"),
        (("X", "--alliance", "红色联盟", "--on", "2023-02-30"), "--on '2023-02-30' is not a valid"),
        (("X", "--alliance", "红色联盟", "--on", "2023-12-31", "--activity", "99"),
         "no activity with id 99"),
        (("X", "--alliance", "红色联盟", "--on", "2023-06-30", "--activity", "3"),
         "activity 3 was held on 2023-08-01, after the case was written on 2023-06-30"),
        (("X", "--alliance", "红色联盟", "--on", "2023-12-31", "--activity", "2"),
         "activity 2 is not an activity of '红色联盟' or an alliance under it"),
        (("X", "--alliance", "红色联盟", "--org", "石门村", "--on", "2023-12-31",
          "--activity", "1", "--activity", "3"),
         "'石门村' did not take part in activity 3"),
        (("X" * 301, "--alliance", "红色联盟"), "the title is longer than 300"),
    ],
)  # fmt: skip
def test_add_refusals_change_nothing(activities, db_path, args, message):
    activities.refused_unchanged(db_path, "case", "add", *args, message=message)


def test_a_title_is_used_once(red_case, db_path):
    red_case.refused_unchanged(
        db_path, "case", "add", "红色议事厅", "--org", "红岩村",
        message="a case titled '红色议事厅' already exists",
    )  # fmt: skip


# --- case link / unlink ----------------------------------------------------------------------


def test_link_more_activities_and_unlink_one(activities, db_path):
    activities.ok("case", "add", "全域经验", "--on", "2023-12-31", "--alliance", "全域联盟")
    result = activities.ok("case", "link", "全域经验", "3", "1", "3")
    assert "case '全域经验' now cites activities 3, 1" in result.stderr
    assert cited(db_path, "全域经验") == [MEETING, PARTY_DAY]
    result = activities.ok("case", "unlink", "全域经验", "3")
    assert "no longer cites activities 3" in result.stderr
    assert cited(db_path, "全域经验") == [MEETING]
    entries = [
        (a, k, json.loads(b), json.loads(c)) for a, k, b, c in audit(db_path, "good_case")[1:]
    ]
    assert entries == [
        ("link", "全域经验", {"activities": []}, {"activities": [1, 3]}),
        ("unlink", "全域经验", {"activities": [1, 3]}, {"activities": [1]}),
    ]


@pytest.mark.parametrize(
    ("command", "ids", "message"),
    [
        ("link", ("1",), "case '红色议事厅' already cites activity 1"),
        ("link", ("3",), "activity 3 was held on 2023-08-01, after the case was written"),
        ("link", ("2",), "activity 2 is not an activity of '红色联盟'"),
        ("link", ("42",), "no activity with id 42"),
        ("unlink", ("3",), "case '红色议事厅' does not cite activity 3"),
    ],
)
def test_link_and_unlink_refusals_change_nothing(red_case, db_path, command, ids, message):
    red_case.refused_unchanged(db_path, "case", command, "红色议事厅", *ids, message=message)


def test_link_to_an_unknown_case_is_refused(activities, db_path):
    activities.refused_unchanged(
        db_path, "case", "link", "无此案例", "1", message="no case titled '无此案例'"
    )


# --- case publicise --------------------------------------------------------------------------


def test_publicise_with_a_chinese_channel_label_and_a_link(red_case, db_path):
    result = red_case.ok(
        "case", "publicise", "红色议事厅", "--channel", "微信公众号", "--on", "2023-07-02",
        "--title", "议事厅里话振兴", "--link", "https://mp.weixin.qq.com/s/abc",
    )  # fmt: skip
    assert "recorded publicity of case '红色议事厅'" in result.stderr
    red_case.ok(
        "case", "publicise", "红色议事厅", "--channel", "tv", "--on", "2023-06-30",
        "--title", "新闻联播（县台）",
    )  # fmt: skip
    assert query(
        db_path, "SELECT channel, published_on, title, link FROM case_publicity ORDER BY id"
    ) == [
        ("wechat", "2023-07-02", "议事厅里话振兴", "https://mp.weixin.qq.com/s/abc"),
        ("tv", "2023-06-30", "新闻联播（县台）", None),
    ]
    action, _key, _before, after = audit(db_path, "good_case")[-1]
    assert action == "publicise"
    assert json.loads(after)["channel"] == "tv"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--channel", "radio", "--on", "2023-07-02", "--title", "T"),
         "invalid channel 'radio'; choose one of: broadcast/广播"),
        (("--channel", "tv", "--on", "2023-06-29", "--title", "T"),
         "the publicity date 2023-06-29 is before the case was written on 2023-06-30"),
        (("--channel", "tv", "--on", "2023-07-02", "--title", " "),
         "the title must not be empty"),
        (("--channel", "wechat", "--on", "2023-07-02", "--title", "T", "--link", "mp.weixin"),
         "link 'mp.weixin' is not a web address"),
        (("--channel", "wechat", "--on", "2023-07-02", "--title", "T", "--link", "ftp://a.b/c"),
         "is not a web address"),
        (("--channel", "报纸", "--on", "2023-07-32", "--title", "T"), "is not a valid date"),
    ],
)  # fmt: skip
def test_publicise_refusals_change_nothing(red_case, db_path, args, message):
    before = snapshot(db_path)
    red_case.refused("case", "publicise", "红色议事厅", *args, message=message)
    assert snapshot(db_path) == before


def test_the_same_publicity_twice_is_refused(red_case, db_path):
    args = ("case", "publicise", "红色议事厅", "--channel", "报纸", "--on", "2023-07-05")
    red_case.ok(*args, "--title", "县报头版")
    red_case.refused_unchanged(
        db_path, *args, "--title", "县报头版", message="'县报头版' on that channel on 2023-07-05"
    )
    red_case.ok(*args, "--title", "县报二版")  # another piece the same day is fine


def test_publicise_an_unknown_case_is_refused(activities, db_path):
    activities.refused_unchanged(
        db_path, "case", "publicise", "无此案例", "--channel", "tv", "--title", "T",
        message="no case titled '无此案例'",
    )  # fmt: skip


# --- case list / show ------------------------------------------------------------------------


@pytest.fixture
def three_cases(red_case):
    red_case.ok(
        "case", "publicise", "红色议事厅", "--channel", "wechat", "--on", "2023-07-02",
        "--title", "议事厅", "--link", "https://mp.weixin.qq.com/s/abc",
    )  # fmt: skip
    red_case.ok("case", "publicise", "红色议事厅", "--channel", "tv", "--on", "2023-07-03",
                "--title", "县台")  # fmt: skip
    red_case.ok("case", "publicise", "红色议事厅", "--channel", "wechat", "--on", "2023-07-09",
                "--title", "议事厅（续）")  # fmt: skip
    red_case.ok("case", "add", "平安巡防经验", "--on", "2023-05-20", "--alliance", "蓝色联盟",
                "--org", "新街社区", "--activity", "2")  # fmt: skip
    red_case.ok("case", "add", "红岩村做法", "--on", "2024-01-15", "--org", "红岩村")
    return red_case


def test_list_cases_as_json(three_cases):
    rows = json.loads(three_cases.ok("case", "list", "--format", "json").stdout)
    assert rows == [
        {
            "written_on": "2023-05-20",
            "title": "平安巡防经验",
            "alliance": "蓝色联盟",
            "organisation": "新街社区",
            "activities": 1,
            "publicity": 0,
            "channels": [],
            "evidence": 0,
        },
        {
            "written_on": "2023-06-30",
            "title": "红色议事厅",
            "alliance": "红色联盟",
            "organisation": None,
            "activities": 1,
            "publicity": 3,
            "channels": ["wechat", "tv"],
            "evidence": 0,
        },
        {
            "written_on": "2024-01-15",
            "title": "红岩村做法",
            "alliance": None,
            "organisation": "红岩村",
            "activities": 0,
            "publicity": 0,
            "channels": [],
            "evidence": 0,
        },
    ]


def test_list_filters_by_alliance_organisation_and_period(three_cases):
    def titles(*args):
        out = three_cases.ok("case", "list", *args, "--format", "json").stdout
        return [row["title"] for row in json.loads(out)]

    assert titles("--alliance", "红色联盟") == ["红色议事厅"]
    assert titles("--org", "新街社区") == ["平安巡防经验"]
    assert titles("--period", "2023") == ["平安巡防经验", "红色议事厅"]
    assert titles("--period", "2023Q2") == ["平安巡防经验", "红色议事厅"]
    assert titles("--period", "latest") == ["红岩村做法"]
    assert titles("--period", "previous") == []
    three_cases.refused("case", "list", "--period", "2023Q5", message="period '2023Q5'")
    three_cases.refused("case", "list", "--alliance", "无", message="no alliance named '无'")


def test_list_in_chinese_shows_channel_labels(three_cases):
    out = three_cases.ok("--lang", "zh", "case", "list", "--format", "csv").stdout
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0] == "撰写日期,标题,联盟,单位,引用活动数,宣传次数,宣传渠道,佐证数"
    assert lines[2] == "2023-06-30,红色议事厅,红色联盟,,1,3,微信公众号、电视,0"


def test_list_with_no_cases_yet_and_latest(township):
    township.refused("case", "list", "--period", "latest", message="no records yet")
    assert json.loads(township.ok("case", "list", "--format", "json").stdout) == []


def test_show_a_case_with_activities_publicity_and_evidence(three_cases, tmp_path):
    photo = tmp_path / "议事现场.JPG"
    photo.write_bytes(b"photo of the meeting")
    three_cases.ok("evidence", "attach", str(photo), "--case", "红色议事厅")
    shown = json.loads(three_cases.ok("case", "show", "红色议事厅", "--format", "json").stdout)
    assert shown["case"] == {
        "title": "红色议事厅",
        "written_on": "2023-06-30",
        "alliance": "红色联盟",
        "organisation": None,
        "summary": "每月议事",
    }
    assert shown["activities"] == [
        {"id": 1, "held_on": "2023-05-10", "title": "联盟例会", "alliance": "红色联盟"}
    ]
    assert [(p["published_on"], p["channel"]) for p in shown["publicity"]] == [
        ("2023-07-02", "wechat"),
        ("2023-07-03", "tv"),
        ("2023-07-09", "wechat"),
    ]
    [file] = shown["evidence"]
    assert (file["original_name"], file["size"]) == ("议事现场.JPG", 20)
    listed = json.loads(three_cases.ok("case", "list", "--format", "json").stdout)
    assert [row["evidence"] for row in listed] == [0, 1, 0]
    text = three_cases.ok("case", "show", "红色议事厅").stdout
    assert "WeChat official account" in text and "议事现场.JPG" in text


def test_show_an_unknown_case_is_refused(township):
    township.refused("case", "show", "无此案例", message="no case titled '无此案例'")


# --- case update -----------------------------------------------------------------------------


def stored_case(db_path, case_id=1):
    return query(
        db_path,
        "SELECT c.title, a.name, o.name, c.written_on, c.summary FROM good_case c "
        "LEFT JOIN alliance a ON a.id = c.alliance_id "
        f"LEFT JOIN organisation o ON o.id = c.organisation_id WHERE c.id = {case_id}",
    )[0]


def test_update_title_date_owner_and_summary(red_case, db_path):
    result = red_case.ok(
        "case", "update", "红色议事厅", "--title", " 红色议事厅（修订） ", "--on", "2023-07-05",
        "--org", "石门村", "--summary", "每月一次村民议事",
    )  # fmt: skip
    assert result.stderr == "updated case '红色议事厅（修订）'\n"
    assert stored_case(db_path) == (
        "红色议事厅（修订）", "红色联盟", "石门村", "2023-07-05", "每月一次村民议事"
    )  # fmt: skip
    assert cited(db_path, "红色议事厅（修订）") == [MEETING]  # still cited: 石门村 took part
    [(action, key, before, after)] = audit(db_path, "good_case")[1:]
    assert (action, key) == ("update", "红色议事厅")
    assert json.loads(before) == {
        "title": "红色议事厅",
        "written_on": "2023-06-30",
        "alliance": "红色联盟",
        "organisation": None,
        "summary": "每月议事",
    }
    assert json.loads(after) == {
        "title": "红色议事厅（修订）",
        "written_on": "2023-07-05",
        "alliance": "红色联盟",
        "organisation": "石门村",
        "summary": "每月一次村民议事",
    }


def test_update_clears_the_summary_and_moves_the_case_to_an_organisation(red_case, db_path):
    red_case.ok(
        "case", "update", "红色议事厅", "--summary", "", "--alliance", "", "--org", "红岩村"
    )
    assert stored_case(db_path) == ("红色议事厅", None, "红岩村", "2023-06-30", None)
    listed = json.loads(red_case.ok("case", "list", "--org", "红岩村", "-f", "json").stdout)
    assert [row["title"] for row in listed] == ["红色议事厅"]


def test_update_in_chinese(red_case):
    result = red_case.ok("--lang", "zh", "case", "update", "红色议事厅", "--summary", "新摘要")
    assert result.stderr == "已更新案例“红色议事厅”\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "nothing to update: give at least one option"),
        (("--title", "平安巡防经验"), "a case titled '平安巡防经验' already exists"),
        (("--title", "  "), "the title must not be empty"),
        (("--title", "X" * 301), "the title is longer than 300"),
        (("--alliance", ""), "a case needs --alliance or --org"),
        (("--alliance", "无此联盟"), "no alliance named '无此联盟'"),
        (("--org", "无此村"), "no organisation named '无此村'"),
        (("--on", "2023-02-30"), "--on '2023-02-30' is not a valid date"),
        (("--on", "2023-05-01"),
         "activity 1 was held on 2023-05-10, after the case was written on 2023-05-01"),
        (("--alliance", "蓝色联盟"),
         "activity 1 is not an activity of '蓝色联盟' or an alliance under it"),
        (("--org", "新街社区"), "'新街社区' did not take part in activity 1"),
        (("--on", "2023-07-10"),
         "the publicity date 2023-07-02 is before the case was written on 2023-07-10"),
    ],
)  # fmt: skip
def test_update_refusals_change_nothing(red_case, db_path, args, message):
    red_case.ok("case", "add", "平安巡防经验", "--on", "2023-05-20", "--alliance", "蓝色联盟")
    red_case.ok("case", "publicise", "红色议事厅", "--channel", "tv", "--on", "2023-07-02",
                "--title", "县台")  # fmt: skip
    red_case.refused_unchanged(db_path, "case", "update", "红色议事厅", *args, message=message)


def test_update_an_unknown_case_is_refused(red_case, db_path):
    red_case.refused_unchanged(
        db_path, "case", "update", "无此案例", "--summary", "x", message="no case titled '无此案例'"
    )


@pytest.mark.parametrize(
    ("published", "args"),
    [
        ("2023Q2", ("--on", "2023-07-05")),  # moves out of a published quarter
        ("2023Q3", ("--on", "2023-07-05")),  # moves into a published quarter
        ("2023Q2", ("--org", "石门村")),  # another owner is counted in the quarter
        ("2023Q2", ("--alliance", "全域联盟")),
    ],
)
def test_update_refuses_to_change_what_a_published_quarter_counted(
    red_case, db_path, published, args
):
    publish(db_path, published)
    red_case.refused_unchanged(
        db_path, "case", "update", "红色议事厅", *args,
        message=f"{published} is locked: its airing was published on 2023-10-08 09:30 by 王芳",
    )  # fmt: skip


def test_a_published_quarter_still_lets_the_clerk_fix_wording(red_case, db_path):
    publish(db_path, "2023Q2")
    red_case.ok("case", "update", "红色议事厅", "--title", "红色议事厅经验", "--summary", "改")
    # the same date and owners given again change nothing the airing counted
    red_case.ok("case", "update", "红色议事厅经验", "--on", "2023-06-30", "--alliance", "红色联盟")
    assert stored_case(db_path) == ("红色议事厅经验", "红色联盟", None, "2023-06-30", "改")


# --- case unpublicise ------------------------------------------------------------------------


def test_unpublicise_removes_one_publicity_record(three_cases, db_path):
    shown = json.loads(three_cases.ok("case", "show", "红色议事厅", "-f", "json").stdout)
    assert [(p["id"], p["title"]) for p in shown["publicity"]] == [
        (1, "议事厅"),
        (2, "县台"),
        (3, "议事厅（续）"),
    ]
    result = three_cases.ok("case", "unpublicise", "红色议事厅", "2")
    assert result.stderr == "removed publicity 2 (县台) of case '红色议事厅'\n"
    assert query(db_path, "SELECT id FROM case_publicity ORDER BY id") == [(1,), (3,)]
    action, key, before, after = audit(db_path, "good_case")[-1]
    assert (action, key, after) == ("unpublicise", "红色议事厅", None)
    assert json.loads(before) == {
        "id": 2,
        "channel": "tv",
        "published_on": "2023-07-03",
        "title": "县台",
        "link": None,
    }
    # a correction is a removal and a new record
    three_cases.ok("case", "publicise", "红色议事厅", "--channel", "tv", "--on", "2023-07-04",
                   "--title", "县台新闻")  # fmt: skip
    listed = json.loads(three_cases.ok("case", "list", "-f", "json").stdout)
    assert listed[1]["publicity"] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("红色议事厅", "9"), "case '红色议事厅' has no publicity record 9"),
        (("平安巡防经验", "1"), "case '平安巡防经验' has no publicity record 1"),
        (("无此案例", "1"), "no case titled '无此案例'"),
    ],
)
def test_unpublicise_refusals_change_nothing(three_cases, db_path, args, message):
    three_cases.refused_unchanged(db_path, "case", "unpublicise", *args, message=message)


def test_unpublicise_needs_a_numeric_id(three_cases):
    result = three_cases("case", "unpublicise", "红色议事厅", "one")
    assert result.exit_code == 2


# --- editing a cited activity ------------------------------------------------------------------


def test_a_cited_activity_may_move_within_the_case_date(red_case, db_path):
    red_case.ok("activity", "edit", str(MEETING), "--date", "2023-06-30")
    assert cited(db_path, "红色议事厅") == [MEETING]


def test_a_cited_activity_cannot_move_after_the_case_was_written(red_case, db_path):
    red_case.refused_unchanged(
        db_path, "activity", "edit", str(MEETING), "--date", "2023-07-01",
        message="activity 1 is cited by the case '红色议事厅', written on 2023-06-30: "
        "it cannot move to 2023-07-01, after the case",
    )  # fmt: skip
