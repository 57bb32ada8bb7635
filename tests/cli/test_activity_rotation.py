"""`alliance activity rotation` and `rotation-check` through the CLI: the clerk plans who hosts
each month's party activity (党建活动轮办), saves it, and later checks it against what happened.

In the township 红岩村 (secretary 张伟) leads 红色联盟 from 2023-01-01 and 石门村 joins it on
2023-03-01; the alliance was founded on 2023-01-01, so December 2022 has no host.
"""

from __future__ import annotations

import json

import pytest

from alliance_cli.i18n import translate
from tests.conftest import query, snapshot

RED = ("activity", "rotation", "红色联盟", "--from", "2022-12", "--months", "7")

RED_PLAN = [
    ("2022-12", None, None),
    ("2023-01", "红岩村", "张伟"),
    ("2023-02", "红岩村", "张伟"),
    ("2023-03", "石门村", None),
    ("2023-04", "红岩村", "张伟"),
    ("2023-05", "石门村", None),
    ("2023-06", "红岩村", "张伟"),
]


def test_plan_as_json_keeps_names_and_null_for_no_host(township):
    plan = json.loads(township.ok(*RED, "--format", "json").stdout)
    assert plan == [{"month": m, "host": h, "secretary": s} for m, h, s in RED_PLAN]


def test_plan_as_csv_is_exact(township):
    out = township.ok(*RED, "--format", "csv").stdout_bytes.decode("utf-8")
    assert out == (
        "\ufeffmonth,host,secretary\r\n"
        "2022-12,(no eligible member),\r\n"
        "2023-01,红岩村,张伟\r\n"
        "2023-02,红岩村,张伟\r\n"
        "2023-03,石门村,\r\n"
        "2023-04,红岩村,张伟\r\n"
        "2023-05,石门村,\r\n"
        "2023-06,红岩村,张伟\r\n"
    )


def test_plan_in_chinese(township):
    out = township.ok("--lang", "zh", *RED, "-f", "csv").stdout_bytes.decode("utf-8")
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[:3] == ["月份,承办单位,书记", "2022-12,（无可轮办单位）,", "2023-01,红岩村,张伟"]


def test_plan_as_table_markdown_and_html(township):
    table = township.ok(*RED).stdout
    assert table.splitlines()[0].split() == ["month", "host", "secretary"]
    assert "2023-03  石门村" in table
    markdown = township.ok(*RED, "-f", "md").stdout
    assert markdown.splitlines()[0].replace(" ", "") == "|month|host|secretary|"
    assert "| 2023-01 | 红岩村 " in markdown
    html = township.ok(*RED, "-f", "html").stdout
    assert "<title>Host rotation: 红色联盟</title>" in html
    assert "<td>2023-03</td><td>石门村</td><td></td>" in html


def test_plan_to_xlsx_and_csv_files(township, tmp_path):
    from openpyxl import load_workbook

    book_path = tmp_path / "rotation.xlsx"
    result = township.ok(*RED, "--output", book_path)
    assert f"written to {book_path}" in result.stderr
    sheet = load_workbook(book_path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("month", "host", "secretary")
    assert rows[1] == ("2022-12", "(no eligible member)", None)
    assert rows[4] == ("2023-03", "石门村", None)
    csv_path = tmp_path / "rotation.csv"
    township.ok(*RED, "-o", csv_path)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbfmonth,host,secretary\r\n")


@pytest.mark.parametrize("spelling", ["2023-01", "2023/1", "2023年1月", "２０２３年１月"])
def test_month_spellings(township, spelling):
    plan = json.loads(
        township.ok("activity", "rotation", "红色联盟", "--from", spelling, "-f", "json").stdout
    )
    assert [row["month"] for row in plan] == [f"2023-{m:02d}" for m in range(1, 13)]


def test_default_span_is_the_next_twelve_months(township, monkeypatch):
    from datetime import date

    import alliance_cli.core.dates as dates

    monkeypatch.setattr(dates, "today", lambda: date(2023, 11, 20))
    plan = json.loads(township.ok("activity", "rotation", "蓝色联盟", "-f", "json").stdout)
    assert [row["month"] for row in plan][:: len(plan) - 1] == ["2023-12", "2024-11"]
    # Lead unit first, then turn and turn about.
    assert [row["host"] for row in plan[:4]] == ["新街社区", "镇派出所", "新街社区", "镇派出所"]


def test_members_host_only_in_whole_months_of_membership(township):
    township.ok("member", "add", "桃源村", "--category", "村")
    township.ok("member", "join", "桃源村", "红色联盟", "--on", "2023-04-15")
    township.ok("member", "leave", "石门村", "红色联盟", "--on", "2023-07-01")
    plan = json.loads(
        township.ok(
            "activity", "rotation", "红色联盟", "--from", "2023-03", "--months", "6", "-f", "json"
        ).stdout
    )
    # 桃源村 joined mid-April: it hosts from May, first as it has hosted least. 石门村 left
    # on 2023-07-01: from July 桃源村 and 红岩村 take turns.
    assert [row["host"] for row in plan] == [
        "红岩村",
        "石门村",
        "桃源村",
        "红岩村",
        "桃源村",
        "红岩村",
    ]


def test_save_stores_the_plan_once_and_audits_it(township, db_path):
    result = township.ok(*RED, "--save", "-f", "json")
    assert json.loads(result.stdout)[3] == {"month": "2023-03", "host": "石门村", "secretary": None}
    assert result.stderr == (
        "saved the rotation of '红色联盟' for 2022-12 to 2023-06: 6 months with a host\n"
    )
    stored = query(
        db_path,
        "SELECT a.name, r.month, o.name FROM rotation_plan r JOIN alliance a ON a.id = "
        "r.alliance_id JOIN organisation o ON o.id = r.host_id ORDER BY r.month",
    )
    assert stored == [("红色联盟", m, h) for m, h, _ in RED_PLAN if h is not None]
    audit = query(
        db_path,
        "SELECT action, entity_key, before, after FROM audit_log WHERE entity = 'rotation_plan'",
    )
    assert len(audit) == 1
    action, key, before, after = audit[0]
    assert (action, key, before) == ("save", "红色联盟:2022-12..2023-06", None)
    assert json.loads(after)["2023-05"] == "石门村"
    # The same plan saved again writes nothing.
    before_again = snapshot(db_path)
    again = township.ok(*RED, "--save", "-f", "json")
    assert "nothing changed" in again.stderr
    assert snapshot(db_path) == before_again
    assert township.ok("--quiet", *RED, "--save", "-f", "json").stderr == ""


def test_saving_part_of_the_span_replaces_only_those_months(township, db_path):
    township.ok(*RED, "--save")
    township.ok("member", "leave", "石门村", "红色联盟", "--on", "2023-05-10")
    township.ok("activity", "rotation", "红色联盟", "--from", "2023-05", "--months", "2", "--save")
    stored = query(
        db_path,
        "SELECT r.month, o.name FROM rotation_plan r "
        "JOIN organisation o ON o.id = r.host_id ORDER BY r.month",
    )
    assert stored == [
        ("2023-01", "红岩村"),
        ("2023-02", "红岩村"),
        ("2023-03", "石门村"),
        ("2023-04", "红岩村"),
        ("2023-05", "红岩村"),
        ("2023-06", "红岩村"),
    ]
    audit = query(db_path, "SELECT before, after FROM audit_log WHERE entity = 'rotation_plan'")
    assert [json.loads(b) if b else None for b, _ in audit] == [
        None,
        {"2023-05": "石门村", "2023-06": "红岩村"},
    ]


def test_a_saved_month_before_the_span_is_not_hosted_twice_in_a_row(township):
    def hosts():
        out = township.ok(
            "activity", "rotation", "红色联盟", "--from", "2023-07", "--months", "2", "-f", "json"
        )
        return [row["host"] for row in json.loads(out.stdout)]

    assert hosts() == ["红岩村", "石门村"]  # the lead unit first
    township.ok(*RED, "--save")  # June saved with 红岩村
    assert hosts() == ["石门村", "红岩村"]


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("无名联盟", "--from", "2023-01"), "error: no alliance named '无名联盟'"),
        (("无名联盟", "--from", "2023-01", "--save"), "error: no alliance named '无名联盟'"),
        (("红色联盟", "--from", "2023-13"), "error: month '2023-13' is not valid"),
        (("红色联盟", "--from", "2023Q1", "--save"), "error: month '2023Q1' is not valid"),
        (("红色联盟", "--from", "2023-01", "--months", "0"), "between 1 and 120 (0)"),
        (("红色联盟", "--from", "2023-01", "--months", "121", "--save"), "between 1 and 120"),
        (("红色联盟", "--from", "2023-01", "--months", "-3", "--save"), "between 1 and 120"),
    ],
)
def test_rotation_refusals_change_nothing(township, db_path, args, message):
    before = snapshot(db_path)
    result = township.refused("activity", "rotation", *args, message=message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert snapshot(db_path) == before


def test_rotation_needs_an_existing_database(cli, db_path):
    cli.refused("activity", "rotation", "红色联盟", "--from", "2023-01", message="does not exist")
    assert not db_path.exists()


# --- rotation-check --------------------------------------------------------------------------


def log(township, day, kind, title, host, *extra):
    township.ok(
        "activity",
        "log",
        "--alliance",
        "红色联盟",
        "--kind",
        kind,
        "--date",
        day,
        "--title",
        title,
        "--host",
        host,
        *extra,
    )


@pytest.fixture
def carried_out(township):
    """红色联盟's plan for 2022-12..2023-06 saved, and what happened in spring 2023."""
    township.ok(*RED, "--save")
    log(township, "2023-03-15", "study", "学习交流", "石门村")  # March: 石门村, as planned
    log(township, "2023-04-10", "party_day", "四月主题党日", "红岩村")  # April: 红岩村, planned
    log(township, "2023-05-08", "party_day", "五月主题党日", "红岩村")  # May: 石门村 was planned
    # June: 红岩村 was planned and co-hosted a welfare activity; no party day.
    log(township, "2023-06-05", "welfare", "义诊", "石门村", "--cohost", "红岩村")
    return township


def test_check_as_csv_is_exact(carried_out):
    result = carried_out.ok(
        "activity", "rotation-check", "红色联盟", "--period", "2023Q2", "-f", "csv"
    )
    assert result.stdout_bytes.decode("utf-8") == (
        "\ufeffmonth,planned host,actual hosts,activities,status\r\n"
        "2023-04,红岩村,红岩村,1,kept\r\n"
        "2023-05,石门村,红岩村,1,other host\r\n"
        '2023-06,红岩村,"石门村, 红岩村",1,kept\r\n'
    )
    assert result.stderr == "2 of 3 planned months hosted as planned\n"


def test_check_as_json_keeps_codes(carried_out):
    rows = json.loads(
        carried_out.ok(
            "activity", "rotation-check", "红色联盟", "--period", "2023H1", "-f", "json"
        ).stdout
    )
    assert rows == [
        {"month": "2023-01", "planned_host": "红岩村", "hosts": [], "activities": 0,
         "status": "no_activity"},
        {"month": "2023-02", "planned_host": "红岩村", "hosts": [], "activities": 0,
         "status": "no_activity"},
        {"month": "2023-03", "planned_host": "石门村", "hosts": ["石门村"], "activities": 1,
         "status": "kept"},
        {"month": "2023-04", "planned_host": "红岩村", "hosts": ["红岩村"], "activities": 1,
         "status": "kept"},
        {"month": "2023-05", "planned_host": "石门村", "hosts": ["红岩村"], "activities": 1,
         "status": "other_host"},
        {"month": "2023-06", "planned_host": "红岩村", "hosts": ["石门村", "红岩村"],
         "activities": 1, "status": "kept"},
    ]  # fmt: skip


def test_check_one_kind_and_months_without_a_plan(carried_out):
    def statuses(*args):
        out = carried_out.ok("activity", "rotation-check", "红色联盟", *args, "-f", "json").stdout
        return [(row["month"], row["status"]) for row in json.loads(out)]

    assert statuses("--period", "2023Q2", "--kind", "主题党日") == [
        ("2023-04", "kept"),
        ("2023-05", "other_host"),
        ("2023-06", "no_activity"),
    ]
    assert statuses("--period", "2023-06", "--kind", "party_day") == [("2023-06", "no_activity")]
    assert statuses("--period", "2023")[5:7] == [("2023-06", "kept"), ("2023-07", "no_plan")]
    # `latest` is the quarter of the newest activity: 2023Q2.
    assert [m for m, _ in statuses("--period", "latest")] == ["2023-04", "2023-05", "2023-06"]


def test_check_in_chinese_and_as_markdown(carried_out):
    out = carried_out.ok(
        "--lang", "zh", "activity", "rotation-check", "红色联盟", "--period", "2023Q2", "-f", "csv"
    ).stdout_bytes.decode("utf-8")
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0] == "月份,计划承办单位,实际承办单位,活动数,执行情况"
    assert lines[2:] == [
        "2023-05,石门村,红岩村,1,他单位承办",
        "2023-06,红岩村,石门村、红岩村,1,按计划承办",
    ]
    markdown = carried_out.ok(
        "activity", "rotation-check", "红色联盟", "--period", "2023Q2", "-f", "md"
    ).stdout
    assert "other host" in markdown.splitlines()[3]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("无名联盟", "--period", "2023Q2"), "error: no alliance named '无名联盟'"),
        (("红色联盟", "--period", "2023Q5"), "error: period '2023Q5' is not valid"),
        (
            ("红色联盟", "--period", "2023Q3"),
            "error: no rotation plan is saved for '红色联盟' in 2023Q3",
        ),
        (
            ("红色联盟", "--period", "2023Q2", "--kind", "赛龙舟"),
            "error: " + translate("unknown_kind", "en", value="赛龙舟"),
        ),
    ],
)
def test_check_refusals_change_nothing(carried_out, db_path, args, message):
    carried_out.refused_unchanged(db_path, "activity", "rotation-check", *args, message=message)


def test_check_without_any_saved_plan_is_refused(township, db_path):
    township.refused_unchanged(
        db_path,
        "activity",
        "rotation-check",
        "蓝色联盟",
        "--period",
        "2023",
        message="no rotation plan is saved for '蓝色联盟' in 2023 "
        "(save one with 'activity rotation --save')",
    )


def test_check_needs_a_period(township):
    assert township("activity", "rotation-check", "红色联盟").exit_code == 2
