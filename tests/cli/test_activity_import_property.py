"""Properties of `alliance activity import`, each example on its own copies of the township:

- any split of a file into overlapping chunks, imported chunk by chunk, gives the same
  activities and organisations as the whole file at once (compared by natural key, not ids);
- however a clerk spells the same file (date forms, kind labels, separators, full-width
  colons, stray spaces), it imports to the same database.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import alliance_cli.core.activity_import as activity_import
from alliance_cli.cli import app
from tests.cli.test_activity_import import activities, taking_part, write_csv

runner = CliRunner()
MEMBERS = {"红色联盟": ["红岩村", "石门村"], "蓝色联盟": ["新街社区", "镇派出所"]}
OTHER = {"红色联盟": "蓝色联盟", "蓝色联盟": "红色联盟"}
FIRST_DAY = date(2023, 3, 1)  # 石门村 joined 红色联盟 that day: everyone is a member from it
KINDS = {"study": ["study", "学习交流", "Study Exchange", " STUDY "],
         "patrol": ["patrol", "平安巡防", "safety patrol"]}  # fmt: skip


def run(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (args, result.stderr, result.exception)
    return result.stderr


@st.composite
def activity_rows(draw) -> dict:
    group = draw(st.sampled_from(sorted(MEMBERS)))
    members = MEMBERS[group]
    host = draw(st.sampled_from(members))
    count = st.none() | st.integers(0, 40)
    participants = draw(st.lists(st.sampled_from(members), unique=True, max_size=2))
    attendance = {name: draw(count) for name in participants}
    cohosts = [m for m in members if m != host and m not in participants and draw(st.booleans())]
    guests = draw(st.lists(st.sampled_from(MEMBERS[OTHER[group]]), unique=True, max_size=2))
    attendance.update({name: draw(count) for name in guests})
    counted = sum(n or 0 for n in attendance.values())
    total = draw(st.none() | st.integers(counted, counted + 20))
    people = counted if total is None else total
    hundredths = draw(st.integers(0, 2400 * people))
    return {
        "day": FIRST_DAY + timedelta(days=draw(st.integers(0, 20))),
        "kind": draw(st.sampled_from(sorted(KINDS))),
        "title": draw(st.sampled_from(["学习", "党日", "巡防", "例会"])),
        "alliance": group,
        "host": host,
        "cohosts": cohosts,
        "participants": [(name, attendance[name]) for name in participants],
        "guests": [(name, attendance[name]) for name in guests],
        "attendees": total,
        "hours": draw(st.none() | st.just(hundredths)),
        "notes": draw(st.sampled_from(["", "", "请假两人", "'=注意'"])),
    }


def key(activity: dict) -> tuple:
    return activity["day"], activity["alliance"], activity["host"], activity["title"]


@st.composite
def files(draw) -> list[dict]:
    """Activities with distinct natural keys, some rows repeated exactly."""
    drawn = draw(st.lists(activity_rows(), min_size=1, max_size=25))
    unique = list({key(a): a for a in reversed(drawn)}.values())[::-1]
    repeats = draw(st.lists(st.sampled_from(unique), max_size=4))
    rows = unique + repeats
    return draw(st.permutations(rows))


def plain(activity: dict) -> list[str]:
    """The row as a template would have it."""

    def spec(name, count):
        return name if count is None else f"{name}:{count}"

    hours = activity["hours"]
    return [
        activity["day"].isoformat(),
        activity["kind"],
        activity["title"],
        activity["alliance"],
        activity["host"],
        ";".join(activity["cohosts"]),
        ";".join(spec(*p) for p in activity["participants"]),
        ";".join(spec(*g) for g in activity["guests"]),
        "" if activity["attendees"] is None else str(activity["attendees"]),
        "" if hours is None else str(Decimal(hours) / 100),
        "",
        activity["notes"],
    ]


@st.composite
def spelled(draw, activity: dict) -> list[str]:
    """The same row as a clerk might type it."""
    day = activity["day"]
    day_text = draw(st.sampled_from([day.isoformat(), f"{day.year}/{day.month}/{day.day}",
                                     f"{day.year}年{day.month}月{day.day}日",
                                     f" {day.isoformat()} "]))  # fmt: skip
    separator = st.sampled_from([";", "、", "；", " ; "])
    colon = st.sampled_from([":", "：", " : "])

    def spec(name, count):
        name = draw(st.sampled_from([name, f" {name}", f"{name} "]))
        return name if count is None else f"{name}{draw(colon)}{count}"

    def listing(items):
        return draw(separator).join(items)

    hours = activity["hours"]
    hours_text = "" if hours is None else str(Decimal(hours) / 100)
    if hours is not None:
        hours_text = draw(st.sampled_from([hours_text, f"{Decimal(hours) / 100:.2f}"]))
    return [
        day_text,
        draw(st.sampled_from(KINDS[activity["kind"]])),
        draw(st.sampled_from([activity["title"], f" {activity['title']}"])),
        activity["alliance"],
        draw(st.sampled_from([activity["host"], f"{activity['host']} "])),
        listing(activity["cohosts"]),
        listing([spec(*p) for p in activity["participants"]]),
        listing([spec(*g) for g in activity["guests"]]),
        "" if activity["attendees"] is None else str(activity["attendees"]),
        hours_text,
        "",
        activity["notes"],
    ]


@pytest.fixture(scope="module")
def township_copy(township_template):
    """A function that copies the township into a fresh file."""

    def copy(folder: Path, name: str) -> Path:
        db = folder / name
        shutil.copyfile(township_template, db)
        return db

    return copy


def stored(db: Path) -> tuple[list, list]:
    return activities(db), taking_part(db)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=files(),
    cuts=st.lists(st.integers(0, 30), max_size=4),
    overlaps=st.lists(st.integers(0, 5), min_size=5, max_size=5),
    batch=st.sampled_from([2, 3, 20000]),
)
def test_any_overlapping_split_imports_to_the_same_database(
    township_copy, rows, cuts, overlaps, batch
):
    saved = activity_import.BATCH_ROWS, activity_import.BIG_IMPORT
    activity_import.BATCH_ROWS, activity_import.BIG_IMPORT = batch, 1 if batch < 5 else 20000
    try:
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            lines = [plain(activity) for activity in rows]
            whole = township_copy(folder, "whole.db")
            run("--db", whole, "activity", "import", write_csv(folder / "all.csv", lines))
            chunked = township_copy(folder, "chunked.db")
            bounds = sorted({min(c, len(lines)) for c in cuts} | {0, len(lines)})
            for number, (start, end) in enumerate(pairwise(bounds)):
                start = max(0, start - overlaps[number])  # overlap the previous chunk
                chunk = write_csv(folder / f"chunk{number}.csv", lines[start:end])
                run("--db", chunked, "activity", "import", chunk)
            assert stored(chunked) == stored(whole)
            again = run("--db", whole, "activity", "import", folder / "all.csv")
            assert " 0 activities added" in again
    finally:
        activity_import.BATCH_ROWS, activity_import.BIG_IMPORT = saved


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), rows=files())
def test_any_spelling_imports_to_the_same_database(township_copy, data, rows):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        canonical = township_copy(folder, "canonical.db")
        run("--db", canonical, "activity", "import",
            write_csv(folder / "plain.csv", [plain(a) for a in rows]))  # fmt: skip
        typed = township_copy(folder, "typed.db")
        lines = [data.draw(spelled(activity)) for activity in rows]
        run("--db", typed, "activity", "import", write_csv(folder / "typed.csv", lines))
        assert stored(typed) == stored(canonical)
