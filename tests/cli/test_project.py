"""`alliance project ...` through the CLI: the clerk files common and individual projects,
has secretaries lead some, records progress, closes them, finds the overdue ones and reports
completion per alliance and per organisation."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.conftest import query

# In the township fixture: organisations 红岩村 1 (secretary 张伟, leads 红色联盟), 石门村 2
# (no secretary; 红色联盟 from 2023-03-01), 新街社区 3 and 镇派出所 4 (蓝色联盟); alliances
# 全域联盟 1, 红色联盟 2, 蓝色联盟 3, all founded 2023-01-01.
CORE, RED, BLUE = 1, 2, 3
HONGYAN, SHIMEN, XINJIE, POLICE = 1, 2, 3, 4
TODAY = date(2023, 12, 31)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every 'today' in these tests is 2023-12-31."""
    import alliance_cli.core.dates as dates

    monkeypatch.setattr(dates, "today", lambda: TODAY)


@pytest.fixture
def projects(township):
    """Four projects: a common one of 红色联盟, 红岩村's secretary-led one filed under 红色联盟,
    石门村's own one filed under no alliance, and a common one of 蓝色联盟 with no target."""
    township.ok(
        "project", "add", "红色文化带", "--alliance", "红色联盟", "--owner", "王芳",
        "--started", "2023-01-05", "--target", "2023-06-30", "--description", "示范带建设",
    )  # fmt: skip
    township.ok(
        "project", "add", "村道整治", "--org", "红岩村", "--alliance", "红色联盟",
        "--secretary-led", "--started", "2023-02-01", "--target", "2023-09-30",
    )  # fmt: skip
    township.ok(
        "project", "add", "石门水渠", "--org", "石门村", "--owner", "赵强",
        "--started", "2023-03-01", "--target", "2023-08-31",
    )  # fmt: skip
    township.ok("project", "add", "平安巡防", "--alliance", "蓝色联盟", "--started", "2023-01-10")
    return township


def stored_projects(db_path):
    return query(
        db_path,
        "SELECT name, scope, alliance_id, organisation_id, secretary_led, owner, started_on, "
        "target_on, status, finished_on, description FROM project ORDER BY id",
    )


def listed(cli, *args):
    return json.loads(cli.ok("project", "list", *args, "-f", "json").stdout)


def names(cli, *args):
    return [row["name"] for row in listed(cli, *args)]


# --- project add -------------------------------------------------------------------------------


def test_add_stores_common_individual_and_secretary_led_projects(projects, db_path):
    assert stored_projects(db_path) == [
        ("红色文化带", "common", RED, None, 0, "王芳", "2023-01-05", "2023-06-30", "planned",
         None, "示范带建设"),
        # Secretary-led: no owner stored, the secretary is read from the organisation.
        ("村道整治", "individual", RED, HONGYAN, 1, None, "2023-02-01", "2023-09-30", "planned",
         None, None),
        ("石门水渠", "individual", None, SHIMEN, 0, "赵强", "2023-03-01", "2023-08-31", "planned",
         None, None),
        ("平安巡防", "common", BLUE, None, 0, None, "2023-01-10", None, "planned", None, None),
    ]  # fmt: skip
    (entry,) = query(
        db_path,
        "SELECT actor, action, entity, entity_key, before, after FROM audit_log "
        "WHERE entity = 'project' AND entity_key = '村道整治'",
    )
    assert entry[1:5] == ("add", "project", "村道整治", None)
    assert json.loads(entry[5]) == {
        "name": "村道整治",
        "scope": "individual",
        "alliance": "红色联盟",
        "organisation": "红岩村",
        "secretary_led": True,
        "owner": None,
        "started_on": "2023-02-01",
        "target_on": "2023-09-30",
        "status": "planned",
        "finished_on": None,
        "description": None,
    }


def test_add_confirms_and_starts_today_by_default(township, db_path):
    result = township.ok("project", "add", " 新项目 ", "--alliance", "全域联盟")
    assert result.stderr == "added project '新项目'\n"
    assert result.stdout == ""
    assert query(db_path, "SELECT name, scope, started_on, status FROM project") == [
        ("新项目", "common", "2023-12-31", "planned")
    ]


def test_add_accepts_chinese_dates(township, db_path):
    township.ok(
        "project", "add", "水渠", "--org", "石门村", "--started", "2023年3月5日",
        "--target", "2023/9/1",
    )  # fmt: skip
    assert query(db_path, "SELECT started_on, target_on FROM project") == [
        ("2023-03-05", "2023-09-01")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("新项目",), "give --alliance (a common project 共性项目) or --org"),
        (("新项目", "--alliance", "无名联盟"), "no alliance named '无名联盟'"),
        (("新项目", "--org", "无名村"), "no organisation named '无名村'"),
        (("红色文化带", "--alliance", "红色联盟"), "a project named '红色文化带' already exists"),
        (("  ", "--alliance", "红色联盟"), "the name must not be empty"),
        (
            ("新项目", "--alliance", "红色联盟", "--secretary-led"),
            "a secretary-led project (书记领办) needs --org: "
            "the organisation whose secretary leads it",
        ),
        (
            ("新项目", "--org", "石门村", "--secretary-led"),
            "'石门村' has no secretary recorded; set one with "
            "'alliance member update --secretary' first",
        ),
        (
            ("新项目", "--org", "红岩村", "--secretary-led", "--owner", "李四"),
            "a secretary-led project's owner is the secretary of '红岩村'; leave out --owner",
        ),
        (
            (
                "新项目",
                "--alliance",
                "红色联盟",
                "--started",
                "2023-05-01",
                "--target",
                "2023-04-30",
            ),
            "the target date 2023-04-30 is before the start 2023-05-01",
        ),
        (
            ("新项目", "--alliance", "红色联盟", "--target", "2023-13-01"),
            "--target '2023-13-01' is not a valid date",
        ),
        (
            ("新项目", "--alliance", "红色联盟", "--started", "2022-12-31"),
            "alliance '红色联盟' was not active on 2022-12-31",
        ),
        (
            ("新项目", "--org", "石门村", "--alliance", "红色联盟", "--started", "2023-02-28"),
            "'石门村' was not a member of '红色联盟' on 2023-02-28, the project's start; "
            "an individual project is filed only under an alliance its organisation belongs to",
        ),
        (
            ("新项目", "--org", "镇派出所", "--alliance", "红色联盟", "--started", "2023-05-01"),
            "'镇派出所' was not a member of '红色联盟' on 2023-05-01",
        ),
    ],
)
def test_add_refusals_change_nothing(projects, db_path, args, message):
    projects.refused_unchanged(db_path, "project", "add", *args, message=message)


def test_add_under_a_dissolved_alliance_is_refused(township, db_path):
    township.ok("alliance", "dissolve", "蓝色联盟", "--on", "2023-07-01")
    township.ok("project", "add", "旧项目", "--alliance", "蓝色联盟", "--started", "2023-06-30")
    township.refused_unchanged(
        db_path,
        "project", "add", "新项目", "--alliance", "蓝色联盟", "--started", "2023-07-01",
        message="alliance '蓝色联盟' was not active on 2023-07-01",
    )  # fmt: skip


def test_add_a_filed_project_once_the_organisation_has_joined(township, db_path):
    township.ok(
        "project", "add", "石门党建", "--org", "石门村", "--alliance", "红色联盟",
        "--started", "2023-03-01",
    )  # fmt: skip
    assert query(db_path, "SELECT scope, alliance_id, organisation_id FROM project") == [
        ("individual", RED, SHIMEN)
    ]


# --- project list ------------------------------------------------------------------------------


def test_list_as_json_carries_codes_and_latest_progress(projects):
    projects.ok("project", "note", "村道整治", "开工", "--percent", "20", "--on", "2023-03-01")
    projects.ok("project", "note", "村道整治", "护栏", "--percent", "60", "--on", "2023-08-15")
    projects.ok("project", "note", "村道整治", "补记", "--percent", "40", "--on", "2023-05-01")
    rows = listed(projects)
    assert [row["name"] for row in rows] == ["平安巡防", "村道整治", "石门水渠", "红色文化带"]
    assert rows[1] == {
        "name": "村道整治",
        "scope": "individual",
        "alliance": "红色联盟",
        "organisation": "红岩村",
        "secretary_led": True,
        "responsible": "张伟",
        "started_on": "2023-02-01",
        "target_on": "2023-09-30",
        "status": "planned",
        "finished_on": None,
        "percent": 60,  # the latest by date, not the last entered
        "noted_on": "2023-08-15",
    }
    assert rows[0]["percent"] is None and rows[0]["responsible"] is None


def test_list_as_csv_in_both_languages(projects):
    out = projects.ok("project", "list", "--alliance", "红色联盟", "-f", "csv")
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeffname,scope,alliance,organisation,secretary-led,responsible,started,"
        "target date,status,finished,progress (%),noted\r\n"
        "村道整治,individual,红色联盟,红岩村,yes,张伟,2023-02-01,2023-09-30,planned,,,\r\n"
        "红色文化带,common,红色联盟,,no,王芳,2023-01-05,2023-06-30,planned,,,\r\n"
    )
    out = projects.ok("--lang", "zh", "project", "list", "--org", "石门村", "-f", "csv")
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeff名称,项目类别,联盟,单位,书记领办,负责人,开始日期,目标日期,状态,"
        "完成或终止日期,进度（%）,进展日期\r\n"
        "石门水渠,个性项目,,石门村,否,赵强,2023-03-01,2023-08-31,计划中,,,\r\n"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--alliance", "红色联盟"), ["村道整治", "红色文化带"]),
        (("--alliance", "蓝色联盟"), ["平安巡防"]),
        (("--org", "红岩村"), ["村道整治"]),
        (("--scope", "共性项目"), ["平安巡防", "红色文化带"]),
        (("--scope", "individual"), ["村道整治", "石门水渠"]),
        (("--status", "推进中"), ["石门水渠"]),
        (("--status", "planned"), ["平安巡防", "村道整治", "红色文化带"]),
        (("--alliance", "红色联盟", "--scope", "common"), ["红色文化带"]),
        (("--secretary", "张伟"), ["村道整治"]),
        (("--alliance", "全域联盟"), []),
    ],
)
def test_list_filters(projects, args, expected):
    projects.ok("project", "update", "石门水渠", "--status", "in_progress")
    assert names(projects, *args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--alliance", "无名联盟"), "no alliance named '无名联盟'"),
        (("--org", "无名村"), "no organisation named '无名村'"),
        (("--status", "finished"), "invalid status 'finished'; choose one of: planned/计划中"),
        (("--scope", "both"), "invalid scope 'both'"),
        (("--secretary", "李娜"), "no organisation has a secretary named '李娜'"),
        (
            ("--on", "2023-10-01"),
            "--on is the day to check for overdue projects: give it with --overdue",
        ),
        (("--overdue", "--on", "2023-02-30"), "--on '2023-02-30' is not a valid date"),
    ],
)
def test_list_refusals(projects, db_path, args, message):
    projects.refused_unchanged(db_path, "project", "list", *args, message=message)


def test_secretary_task_list_follows_a_new_secretary(projects):
    projects.ok("project", "add", "红岩村账目", "--org", "红岩村", "--owner", "会计")
    assert names(projects, "--secretary", "张伟") == ["村道整治"]
    projects.ok("member", "update", "红岩村", "--secretary", "李娜")
    assert names(projects, "--secretary", "李娜") == ["村道整治"]
    (row,) = listed(projects, "--secretary", "李娜")
    assert row["responsible"] == "李娜"
    projects.refused("project", "list", "--secretary", "张伟", message="no organisation has")
    out = projects.ok("project", "list", "--secretary", "李娜", "-f", "md").stdout
    assert "村道整治" in out and "红岩村账目" not in out


def test_overdue_on_a_day(projects):
    projects.ok("project", "update", "红色文化带", "--status", "done", "--on", "2023-07-10")
    rows = listed(projects, "--overdue", "--on", "2023-09-30")
    # 石门水渠 is a month late; 村道整治 is due that very day, so not late; 红色文化带 is done;
    # 平安巡防 has no target.
    assert [(row["name"], row["days_overdue"]) for row in rows] == [("石门水渠", 30)]
    rows = listed(projects, "--overdue", "--on", "2023-10-02")
    assert [(row["name"], row["days_overdue"]) for row in rows] == [
        ("石门水渠", 32),
        ("村道整治", 2),
    ]
    projects.ok("project", "update", "石门水渠", "--status", "dropped", "--on", "2023-10-01")
    assert names(projects, "--overdue", "--on", "2023-10-02") == ["村道整治"]
    assert names(projects, "--overdue", "--on", "2023-10-02", "--alliance", "蓝色联盟") == []


def test_overdue_defaults_to_today(projects):
    projects.ok("project", "update", "村道整治", "--status", "in_progress")
    rows = listed(projects, "--overdue")
    assert [(row["name"], row["days_overdue"]) for row in rows] == [
        ("红色文化带", 184),
        ("石门水渠", 122),
        ("村道整治", 92),
    ]
    out = projects.ok("project", "list", "--overdue", "-f", "csv").stdout_bytes.decode("utf-8")
    assert out.splitlines()[0].endswith(",days overdue")


def test_list_on_an_empty_database_is_empty(township):
    assert listed(township) == []
    assert listed(township, "--overdue") == []


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "md", "html", "xlsx"])
def test_every_format_to_a_file(projects, tmp_path, fmt):
    """list, show and rates write every format; the file holds the project's data."""
    projects.ok("project", "note", "村道整治", "=1+1", "--percent", "50", "--on", "2023-06-01")
    for command in (
        ("project", "list"),
        ("project", "list", "--overdue", "--on", "2023-10-02"),
        ("project", "show", "村道整治"),
        ("project", "rates", "--period", "2023"),
    ):
        target = tmp_path / f"out.{fmt}"
        result = projects.ok(*command, "-f", fmt, "-o", target)
        assert result.stdout == ""
        assert result.stderr == f"written to {target}\n"
        if fmt == "xlsx":
            book = load_workbook(target)
            text = " ".join(
                str(cell)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
                for cell in row
            )
        else:
            text = target.read_text(encoding="utf-8-sig")
        expected = "红色联盟" if command[1] == "rates" else "村道整治"
        assert expected in text, (command, fmt)
        if fmt == "html":
            assert text.startswith("<!DOCTYPE html>")


def test_table_output_on_stdout(projects):
    out = projects.ok("project", "list").stdout
    assert out.splitlines()[0].split()[:3] == ["name", "scope", "alliance"]
    assert "村道整治" in out and "张伟" in out


# --- project show ------------------------------------------------------------------------------


def test_show_as_json_with_notes(projects):
    projects.ok("project", "note", "红色文化带", "选址", "--percent", "10", "--on", "2023-02-01")
    projects.ok("project", "note", "红色文化带", "挂牌", "--percent", "100", "--on", "2023-06-20")
    shown = json.loads(projects.ok("project", "show", "红色文化带", "-f", "json").stdout)
    assert shown == {
        "project": {
            "name": "红色文化带",
            "scope": "common",
            "alliance": "红色联盟",
            "organisation": None,
            "secretary_led": False,
            "responsible": "王芳",
            "started_on": "2023-01-05",
            "target_on": "2023-06-30",
            "status": "planned",
            "finished_on": None,
            "percent": 100,
            "noted_on": "2023-06-20",
            "description": "示范带建设",
        },
        "notes": [
            {"noted_on": "2023-02-01", "percent": 10, "note": "选址"},
            {"noted_on": "2023-06-20", "percent": 100, "note": "挂牌"},
        ],
    }


def test_show_in_chinese(projects):
    out = projects.ok("--lang", "zh", "project", "show", "村道整治", "-f", "csv")
    text = out.stdout_bytes.decode("utf-8")
    assert "书记领办,是" in text
    assert "负责人,张伟" in text
    assert "状态,计划中" in text
    assert "项目进展" in text


def test_show_unknown_project(projects, db_path):
    projects.refused_unchanged(
        db_path, "project", "show", "无名项目", message="no project named '无名项目'"
    )


# --- project note ------------------------------------------------------------------------------


def test_note_stores_progress_and_audits_it(projects, db_path):
    result = projects.ok(
        "project", "note", "村道整治", " 完成护栏安装 ", "--percent", "60%", "--on", "2023-08-15"
    )
    assert result.stderr == "noted progress on '村道整治' on 2023-08-15: 60%\n"
    projects.ok("project", "note", "村道整治", "全部完工", "--percent", "１００")
    assert query(db_path, "SELECT project_id, noted_on, percent, note FROM project_note") == [
        (2, "2023-08-15", 60, "完成护栏安装"),
        (2, "2023-12-31", 100, "全部完工"),
    ]
    entries = query(
        db_path,
        "SELECT action, entity_key, after FROM audit_log WHERE entity = 'project_note' ORDER BY id",
    )
    assert [entry[:2] for entry in entries] == [("note", "村道整治#1"), ("note", "村道整治#2")]
    assert json.loads(entries[0][2]) == {
        "project": "村道整治",
        "noted_on": "2023-08-15",
        "percent": 60,
        "note": "完成护栏安装",
    }
    # A note of 100% does not finish the project.
    assert query(db_path, "SELECT status, finished_on FROM project WHERE id = 2") == [
        ("planned", None)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("村道整治", "x", "--percent", "101"),
            "the percentage '101' is not valid: give a whole number from 0 to 100",
        ),
        (("村道整治", "x", "--percent", "-1"), "the percentage '-1' is not valid"),
        (("村道整治", "x", "--percent", "50.5"), "the percentage '50.5' is not valid"),
        (("村道整治", "x", "--percent", "abc"), "the percentage 'abc' is not valid"),
        (("村道整治", "x", "--percent", ""), "the percentage '' is not valid"),
        (("村道整治", "  ", "--percent", "10"), "the progress note must not be empty"),
        (
            ("村道整治", "x", "--percent", "10", "--on", "2023-01-31"),
            "the note date 2023-01-31 is before the project's start 2023-02-01",
        ),
        (
            ("村道整治", "x", "--percent", "10", "--on", "2024-01-01"),
            "--on 2024-01-01 is after today (2023-12-31)",
        ),
        (
            ("村道整治", "x", "--percent", "10", "--on", "someday"),
            "--on 'someday' is not a valid date",
        ),
        (("无名项目", "x", "--percent", "10"), "no project named '无名项目'"),
    ],
)
def test_note_refusals_change_nothing(projects, db_path, args, message):
    projects.refused_unchanged(db_path, "project", "note", *args, message=message)


def test_note_needs_a_percentage(projects):
    result = projects("project", "note", "村道整治", "x")
    assert result.exit_code == 2
    assert "--percent" in result.stderr


def test_no_notes_on_a_closed_project_until_reopened(projects, db_path):
    projects.ok("project", "update", "村道整治", "--status", "done", "--on", "2023-09-20")
    projects.ok("project", "update", "石门水渠", "--status", "dropped", "--on", "2023-07-01")
    projects.refused_unchanged(
        db_path, "project", "note", "村道整治", "x", "--percent", "100",
        message="project '村道整治' was done on 2023-09-20 and takes no more notes "
        "(reopen it with update --status in_progress first)",
    )  # fmt: skip
    projects.refused_unchanged(
        db_path, "project", "note", "石门水渠", "x", "--percent", "10",
        message="project '石门水渠' was dropped on 2023-07-01 and takes no more notes",
    )  # fmt: skip
    projects.ok("project", "update", "村道整治", "--status", "in_progress")
    projects.ok("project", "note", "村道整治", "返工", "--percent", "90", "--on", "2023-10-01")


# --- project update ----------------------------------------------------------------------------


def test_status_lifecycle(projects, db_path):
    def state():
        return query(db_path, "SELECT status, finished_on FROM project WHERE name = '村道整治'")

    result = projects.ok("project", "update", "村道整治", "--status", "推进中")
    assert result.stderr == "updated project '村道整治'\n"
    assert state() == [("in_progress", None)]
    projects.ok("project", "update", "村道整治", "--status", "done", "--on", "2023-09-20")
    assert state() == [("done", "2023-09-20")]
    projects.ok("project", "update", "村道整治", "--status", "in_progress")
    assert state() == [("in_progress", None)]
    projects.ok("project", "update", "村道整治", "--status", "已终止")
    assert state() == [("dropped", "2023-12-31")]  # --on defaults to today
    projects.ok("project", "update", "村道整治", "--status", "planned")
    assert state() == [("planned", None)]
    entries = query(
        db_path,
        "SELECT before, after FROM audit_log WHERE entity = 'project' AND action = 'update' "
        "ORDER BY id",
    )
    assert len(entries) == 5
    before, after = (json.loads(value) for value in entries[1])
    assert (before["status"], before["finished_on"]) == ("in_progress", None)
    assert (after["status"], after["finished_on"]) == ("done", "2023-09-20")
    assert after["organisation"] == "红岩村" and after["secretary_led"] is True


def test_update_fields(projects, db_path):
    projects.ok(
        "project", "update", "红色文化带", "--name", "红色文化示范带", "--owner", "",
        "--target", "2023-12-31", "--started", "2023-01-02", "--description", "新说明",
    )  # fmt: skip
    projects.ok("project", "update", "石门水渠", "--target", "")
    rows = query(
        db_path,
        "SELECT name, owner, started_on, target_on, description FROM project "
        "WHERE id IN (1, 3) ORDER BY id",
    )
    assert rows == [
        ("红色文化示范带", None, "2023-01-02", "2023-12-31", "新说明"),
        ("石门水渠", "赵强", "2023-03-01", None, None),
    ]


def test_secretary_led_on_and_off(projects, db_path):
    projects.ok("project", "add", "红岩村账目", "--org", "红岩村", "--owner", "会计")
    projects.ok("project", "update", "红岩村账目", "--secretary-led")
    assert query(db_path, "SELECT secretary_led, owner FROM project WHERE id = 5") == [(1, None)]
    assert names(projects, "--secretary", "张伟") == ["村道整治", "红岩村账目"]
    projects.ok("project", "update", "红岩村账目", "--not-secretary-led", "--owner", "会计")
    assert query(db_path, "SELECT secretary_led, owner FROM project WHERE id = 5") == [(0, "会计")]


def test_a_secretary_led_project_without_a_secretary_can_still_be_closed(projects, db_path):
    projects.ok("member", "update", "红岩村", "--secretary", "")
    (row,) = listed(projects, "--org", "红岩村")
    assert row["responsible"] is None
    projects.ok("project", "update", "村道整治", "--status", "done", "--on", "2023-09-30")
    assert query(db_path, "SELECT status, secretary_led FROM project WHERE id = 2") == [("done", 1)]
    projects.refused_unchanged(
        db_path, "project", "update", "村道整治", "--secretary-led",
        message="'红岩村' has no secretary recorded",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("村道整治",), "nothing to update: give at least one option"),
        (("无名项目", "--status", "done"), "no project named '无名项目'"),
        (("村道整治", "--status", "planned"), "project '村道整治' is already planned/计划中"),
        (("村道整治", "--status", "over"), "invalid status 'over'"),
        (
            ("村道整治", "--on", "2023-09-01"),
            "--on is the day a project was done or dropped: give it with --status done or dropped",
        ),
        (
            ("村道整治", "--status", "in_progress", "--on", "2023-09-01"),
            "--on is the day a project was done or dropped",
        ),
        (
            ("村道整治", "--status", "done", "--on", "2023-01-31"),
            "the finish date 2023-01-31 is before the project's start 2023-02-01",
        ),
        (
            ("村道整治", "--status", "done", "--on", "2024-01-01"),
            "--on 2024-01-01 is after today (2023-12-31)",
        ),
        (
            ("村道整治", "--status", "done", "--on", "2023-05-31"),
            "the finish date 2023-05-31 is before the latest progress note (2023-06-01)",
        ),
        (
            ("村道整治", "--started", "2023-06-02"),
            "the start 2023-06-02 is after the first progress note (2023-06-01)",
        ),
        (
            ("红色文化带", "--target", "2023-01-04"),
            "the target date 2023-01-04 is before the start 2023-01-05",
        ),
        (
            ("红色文化带", "--started", "2022-12-31"),
            "alliance '红色联盟' was not active on 2022-12-31",
        ),
        (("红色文化带", "--name", "村道整治"), "a project named '村道整治' already exists"),
        (("红色文化带", "--name", " "), "the name must not be empty"),
        (
            ("红色文化带", "--secretary-led"),
            "a secretary-led project (书记领办) needs --org",
        ),
        (("石门水渠", "--secretary-led"), "'石门村' has no secretary recorded"),
        (
            ("村道整治", "--owner", "李四"),
            "a secretary-led project's owner is the secretary of '红岩村'; leave out --owner",
        ),
        (("村道整治", "--target", "2023-02-30"), "--target '2023-02-30' is not a valid date"),
    ],
)
def test_update_refusals_change_nothing(projects, db_path, args, message):
    projects.ok("project", "note", "村道整治", "开工", "--percent", "5", "--on", "2023-06-01")
    projects.refused_unchanged(db_path, "project", "update", *args, message=message)


def test_rename_to_itself_is_accepted(projects, db_path):
    projects.ok("project", "update", "红色文化带", "--name", "红色文化带", "--owner", "李四")
    assert query(db_path, "SELECT name, owner FROM project WHERE id = 1") == [
        ("红色文化带", "李四")
    ]


# --- project rates -----------------------------------------------------------------------------


@pytest.fixture
def rated(projects):
    """For 2023H2: 红色联盟 has 村道整治 (done late) and 红岩村's 党建阵地 (done on time)
    and 红色课堂 (dropped before its target: not counted); 石门水渠 (filed under no alliance)
    was dropped after its target (counted, not done). 红色文化带 fell due in H1, on time."""
    projects.ok(
        "project", "add", "党建阵地", "--org", "红岩村", "--alliance", "红色联盟",
        "--started", "2023-03-01", "--target", "2023-12-31",
    )  # fmt: skip
    projects.ok(
        "project", "add", "红色课堂", "--alliance", "红色联盟", "--started", "2023-03-01",
        "--target", "2023-11-30",
    )  # fmt: skip
    for name, status, on in [
        ("红色文化带", "done", "2023-06-30"),
        ("村道整治", "done", "2023-10-15"),
        ("党建阵地", "done", "2023-12-01"),
        ("红色课堂", "dropped", "2023-11-29"),
        ("石门水渠", "dropped", "2023-09-01"),
    ]:
        projects.ok("project", "update", name, "--status", status, "--on", on)
    return projects


def test_rates_per_alliance_as_json(rated):
    out = rated.ok("project", "rates", "--period", "2023H2", "-f", "json").stdout
    assert json.loads(out) == [
        {"alliance": "全域联盟", "due": 0, "done": 0, "on_time": 0, "not_done": 0,
         "dropped": 0, "completion_rate": None, "on_time_rate": None},
        {"alliance": "红色联盟", "due": 2, "done": 2, "on_time": 1, "not_done": 0,
         "dropped": 1, "completion_rate": "100.00", "on_time_rate": "50.00"},
        {"alliance": "蓝色联盟", "due": 0, "done": 0, "on_time": 0, "not_done": 0,
         "dropped": 0, "completion_rate": None, "on_time_rate": None},
        # 石门水渠, filed under no alliance.
        {"alliance": None, "due": 1, "done": 0, "on_time": 0, "not_done": 1,
         "dropped": 0, "completion_rate": "0.00", "on_time_rate": "0.00"},
    ]  # fmt: skip


def test_rates_as_csv_with_the_unfiled_row_labelled(rated):
    out = rated.ok("project", "rates", "--period", "2023", "--alliance", "红色联盟", "-f", "csv")
    assert out.stdout_bytes.decode("utf-8") == (
        "\ufeffalliance,due,done,done on time,not done,dropped before target,"
        "completion rate (%),on-time rate (%)\r\n"
        "红色联盟,3,3,2,0,1,100.00,66.67\r\n"
    )
    out = rated.ok("--lang", "zh", "project", "rates", "--period", "2023H2", "-f", "csv")
    lines = out.stdout_bytes.decode("utf-8").splitlines()
    assert lines[0] == (
        "\ufeff联盟,到期项目数,已完成,按期完成,未完成,到期前终止,完成率（%）,按期完成率（%）"
    )
    assert lines[-1] == "（不以联盟名义）,1,0,0,1,0,0.00,0.00"


def test_rates_as_of_a_day(rated):
    """By 2023-11-30 村道整治 was done (late) and 党建阵地 not yet: 1 of 2, none on time."""
    out = rated.ok(
        "project", "rates", "--period", "2023H2", "--alliance", "红色联盟",
        "--on", "2023-11-30", "-f", "json",
    ).stdout  # fmt: skip
    (row,) = json.loads(out)
    assert (row["due"], row["done"], row["on_time"], row["completion_rate"]) == (2, 1, 0, "50.00")
    # 红色课堂 was dropped on 2023-11-29, before its target: still not counted.
    assert row["dropped"] == 1


def test_rates_per_organisation(rated):
    out = rated.ok("project", "rates", "--period", "2023", "--by", "org", "-f", "json").stdout
    assert [
        (row["organisation"], row["due"], row["done"], row["completion_rate"])
        for row in json.loads(out)
    ] == [
        ("新街社区", 0, 0, None),
        ("石门村", 1, 0, "0.00"),
        ("红岩村", 2, 2, "100.00"),
        ("镇派出所", 0, 0, None),
    ]
    out = rated.ok(
        "project", "rates", "--period", "2023", "--by", "org", "--alliance", "蓝色联盟",
        "-f", "csv",
    ).stdout_bytes.decode("utf-8")  # fmt: skip
    assert out.splitlines()[0].startswith("\ufefforganisation,due,")
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["新街社区", "镇派出所"]


def test_rates_latest_counts_from_the_newest_project_record(rated):
    out = rated.ok("project", "rates", "--period", "latest", "-f", "json").stdout
    by_name = {row["alliance"]: row for row in json.loads(out)}
    assert by_name["红色联盟"]["due"] == 1  # 2023Q4: 党建阵地 (红色课堂 dropped early)
    table = rated.ok("project", "rates", "--period", "latest", "-f", "md").stdout
    assert "红色联盟" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2023Q5"), "period '2023Q5' is not valid"),
        (("--period", "2023", "--alliance", "无名联盟"), "no alliance named '无名联盟'"),
        (("--period", "2023", "--on", "tomorrow"), "--on 'tomorrow' is not a valid date"),
    ],
)
def test_rates_refusals(rated, db_path, args, message):
    rated.refused_unchanged(db_path, "project", "rates", *args, message=message)


def test_rates_latest_needs_some_record(township):
    township.refused(
        "project", "rates", "--period", "latest", message="no records yet, so there is no latest"
    )


def test_rates_needs_a_period(township):
    result = township("project", "rates")
    assert result.exit_code == 2
    assert "--period" in result.stderr
