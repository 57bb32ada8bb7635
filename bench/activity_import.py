"""County-scale benchmark of `alliance activity import` (see bench/README.md).

Builds, with a fixed seed and through the CLI only, a county of 2,000 organisations in 40
alliances (`alliance alliance create` x 40, then `alliance member import` of a generated
CSV), and a CSV of 1,000,000 activities over the 8 quarters 2024Q1-2025Q4, each with 1-4
organisations taking part. Then times, in interleaved rounds, whole processes:

  sqlite3 .import   sqlite3 bare.db ".import --csv FILE t"   (a bare table, the reference)
  first import      alliance --db run.db --quiet activity import FILE   (fresh county copy)
  second import     the same command again on that database (adds nothing)
  activity list     alliance --db run.db activity list --period 2025Q4 --alliance X --format csv
  mini_orm orgs     python ../shared/reference/mini_orm.py orgs FILE   (the start-up reference:
                    Typer + Rich + SQLAlchemy listing 50 rows; what `activity list` is held to
                    on a machine slower than the issue's)

each under /usr/bin/time for its peak memory, and reports medians, rows per second, the
ratio to sqlite3 .import and the core count.

Usage: .venv/bin/python bench/activity_import.py [--rows N] [--runs N] [--out DIR] [--regenerate]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ALLIANCE = Path(os.environ.get("ALLIANCE", REPO / ".venv" / "bin" / "alliance"))
SEED = 20251231
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2025, 12, 31)
N_ORGS, N_AREAS = 2000, 39  # + the core alliance = 40 alliances
CORE = "县域全域党建联盟"
LIST_ALLIANCE = "第07片区党建联盟"
MINI_ORM = REPO.parent / "shared" / "reference" / "mini_orm.py"
PYTHON = Path(os.environ.get("PYTHON", REPO / ".venv" / "bin" / "python"))
KINDS = [
    "study",
    "主题党日",
    "volunteer",
    "一月一公益",
    "联盟例会",
    "patrol",
    "Traffic",
    "交叉检查",
    "mentoring",
    "expert_service",
]
HOURS = ["", "", "", "1.5", "2", "0.25", "12.75", "3", "4.5"]
HEADER = [
    "日期",
    "类型",
    "标题",
    "联盟",
    "主办单位",
    "协办单位",
    "参与单位",
    "跨联盟单位",
    "参加人数",
    "志愿时长",
    "场地",
    "备注",
]
CATEGORIES = ["村"] * 6 + ["社区", "机关部门", "非公企业", "行业协会"]


def area_name(index: int) -> str:
    return f"第{index:02d}片区党建联盟"


def org_name(index: int) -> str:
    suffix = {
        "村": "村党支部",
        "社区": "社区党支部",
        "机关部门": "局党支部",
        "非公企业": "有限公司党支部",
        "行业协会": "协会党支部",
    }
    return f"第{index:04d}号{suffix[CATEGORIES[index % len(CATEGORIES)]]}"


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def county_spells() -> list[tuple[int, str, date, date | None, str]]:
    """(org index, alliance, joined, left, role): every organisation in one area alliance
    from 2023; every 40th also in the core one; some join late, move, or leave and rejoin."""
    spells = []
    for i in range(N_ORGS):
        area = area_name(i % N_AREAS)
        role = "牵头单位" if i < N_AREAS else "成员单位"
        if i % 40 == 0:
            spells.append((i, CORE, date(2023, 1, 1), None, "成员单位"))
        if i >= N_AREAS and i % 20 == 3:  # joins in the middle of the period
            spells.append((i, area, date(2024, 7, 1), None, role))
        elif i >= N_AREAS and i % 33 == 5:  # moves to the next area alliance
            spells.append((i, area, date(2023, 1, 1), date(2025, 4, 1), role))
            spells.append((i, area_name((i + 1) % N_AREAS), date(2025, 4, 1), None, "成员单位"))
        elif i >= N_AREAS and i % 97 == 7:  # leaves for three months, then rejoins
            spells.append((i, area, date(2023, 1, 1), date(2024, 3, 1), role))
            spells.append((i, area, date(2024, 6, 1), None, role))
        else:
            spells.append((i, area, date(2023, 1, 1), None, role))
    return spells


def write_members_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["名称", "类别", "联盟", "角色", "加入日期", "退出日期"])
        for i, group, joined, left, role in county_spells():
            writer.writerow(
                [
                    org_name(i),
                    CATEGORIES[i % len(CATEGORIES)],
                    group,
                    role,
                    joined.isoformat(),
                    left.isoformat() if left else "",
                ]
            )


def members_by_month() -> dict[tuple[str, date], list[str]]:
    """(alliance, first of month) -> member names that whole month (spells change only on
    the first of a month)."""
    months = []
    day = FIRST_DAY
    while day <= LAST_DAY:
        months.append(day)
        day = month_start(day.year + (day.month == 12), day.month % 12 + 1)
    table: dict[tuple[str, date], list[str]] = {}
    for i, group, joined, left, _role in county_spells():
        for month in months:
            if joined <= month and (left is None or month < left):
                table.setdefault((group, month), []).append(org_name(i))
    return table


def write_activities_csv(path: Path, rows: int) -> None:
    """`rows` activities in date order, deterministic."""
    rng = random.Random(SEED)
    members = members_by_month()
    alliances = [CORE] + [area_name(i) for i in range(N_AREAS)]
    member_sets = {key: set(names) for key, names in members.items()}
    days = (LAST_DAY - FIRST_DAY).days + 1
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            day = FIRST_DAY + timedelta(days=n * days // rows)
            month = day.replace(day=1)
            group = alliances[rng.randrange(len(alliances))]
            pool = members[(group, month)]
            taking_part = rng.sample(pool, min(len(pool), rng.randint(1, 4)))
            host, others = taking_part[0], taking_part[1:]
            cohosts, participants, guests = [], [], []
            counts = []
            if rng.random() < 0.5:
                count = rng.randint(1, 30)
                participants.append(f"{host}:{count}")
                counts.append(count)
            for other in others:
                if rng.random() < 0.08:
                    cohosts.append(other)
                else:
                    count = rng.randint(1, 30)
                    participants.append(f"{other}:{count}")
                    counts.append(count)
            if rng.random() < 0.1:  # a guest from another alliance, a member there that day
                other_group = alliances[rng.randrange(len(alliances))]
                guest = rng.choice(members[(other_group, month)])
                if guest not in member_sets[(group, month)] and guest not in taking_part:
                    count = rng.randint(1, 10)
                    guests.append(f"{guest}:{count}")
                    counts.append(count)
            chinese = rng.random() < 0.2  # 、 and full-width colons, as typed in Chinese
            sep, colon = ("、", "：") if chinese else (";", ":")
            total = "" if rng.random() < 0.7 else str(sum(counts) + rng.randint(0, 20))
            attendees = int(total) if total else sum(counts)
            hours = rng.choice(HOURS) if attendees else ""
            style = rng.random()
            if style < 0.9:
                day_text = day.isoformat()
            elif style < 0.95:
                day_text = f"{day.year}/{day.month}/{day.day}"
            else:
                day_text = f"{day.year}年{day.month}月{day.day}日"
            writer.writerow(
                [
                    day_text,
                    KINDS[n % len(KINDS)],
                    f"{group[:4]}活动第{n + 1}期",
                    group,
                    host,
                    sep.join(cohosts),
                    sep.join(participants).replace(":", colon),
                    sep.join(guests).replace(":", colon),
                    total,
                    hours,
                    "",
                    "请假两人" if rng.random() < 0.05 else "",
                ]
            )


def run(args: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def build_county(db: Path, out: Path) -> None:
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    quiet = [ALLIANCE, "--db", db, "--quiet"]
    run([*quiet, "alliance", "create", CORE, "--kind", "core", "--founded", "2023-01-01"])
    themes = ["red", "green", "blue"]
    for i in range(N_AREAS):
        run(
            [
                *quiet,
                "alliance",
                "create",
                area_name(i),
                "--kind",
                "area",
                "--theme",
                themes[i % 3],
                "--founded",
                "2023-01-01",
            ]
        )
    members = out / "county_members.csv"
    write_members_csv(members)
    run([*quiet, "member", "import", members])
    run([ALLIANCE, "--db", db, "db", "check"], stdout=subprocess.DEVNULL)


def timed(command: list, *, env: dict | None = None) -> dict:
    """Wall, user and system seconds and peak memory (MB) of one whole process."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *[str(c) for c in command]],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{result.stderr}")
    wall, user, system, peak_kb = result.stderr.strip().splitlines()[-1].split()
    return {"wall": float(wall), "cpu": float(user) + float(system), "peak_mb": int(peak_kb) / 1024}


def fresh(db: Path) -> None:
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)


def warm_up(county: Path, activities: Path, out: Path, env: dict) -> None:
    """One untimed import of the file's first rows into a scratch copy, which also fills the
    bytecode cache, and one untimed call of the reference program."""
    scratch, sample = out / "warm.db", out / "warm.csv"
    with activities.open(encoding="utf-8-sig") as source, sample.open("w", encoding="utf-8") as f:
        for _, line in zip(range(2001), source, strict=False):
            f.write(line)
    fresh(scratch)
    shutil.copyfile(county, scratch)
    run([ALLIANCE, "--db", scratch, "--quiet", "activity", "import", sample], env=env)
    run(
        [ALLIANCE, "--db", scratch, "activity", "list", "--format", "csv"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    fresh(scratch)
    # The reference program fills its own 50-row database on its first call.
    run([PYTHON, MINI_ORM, "orgs", out / "mini_orm.db"], env=env, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "activity")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the county and CSV")
    options = parser.parse_args()
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    county = out / "county.db"
    activities = out / f"activities_{options.rows}.csv"
    if options.regenerate or not county.exists():
        started = time.perf_counter()
        build_county(county, out)
        print(f"county built through the CLI in {time.perf_counter() - started:.1f} s")
    if options.regenerate or not activities.exists():
        started = time.perf_counter()
        write_activities_csv(activities, options.rows)
        print(f"{activities.name} generated in {time.perf_counter() - started:.1f} s")
    size_mb = activities.stat().st_size / 2**20
    # As bench/startup.sh does (BYTECODE=cache): compiled bytecode from a cache, as for an
    # installed program, even where PYTHONDONTWRITEBYTECODE=1 is set.
    drop = ("ALLIANCE_DB", "ALLIANCE_DEBUG", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PYTHONPYCACHEPREFIX"] = str(out.parent / "pycache")
    warm_up(county, activities, out, env)

    bare, run_db = out / "bare.db", out / "run.db"
    results: dict[str, list[dict]] = {}
    for round_number in range(options.runs):
        fresh(bare)
        results.setdefault("sqlite3 .import", []).append(
            timed(["sqlite3", bare, f".import --csv {activities} t"])
        )
        fresh(run_db)
        shutil.copyfile(county, run_db)
        first = timed(
            [ALLIANCE, "--db", run_db, "--quiet", "activity", "import", activities], env=env
        )
        results.setdefault("first import", []).append(first)
        results.setdefault("second import", []).append(
            timed([ALLIANCE, "--db", run_db, "--quiet", "activity", "import", activities], env=env)
        )
        listing = [
            ALLIANCE,
            "--db",
            run_db,
            "activity",
            "list",
            "--period",
            "2025Q4",
            "--alliance",
            LIST_ALLIANCE,
            "--format",
            "csv",
        ]
        listed = (
            subprocess.run([str(c) for c in listing], check=True, capture_output=True, env=env)
            .stdout.decode("utf-8-sig")
            .count("\n")
            - 1
        )
        results.setdefault("activity list", []).extend(timed(listing, env=env) for _ in range(3))
        results.setdefault("mini_orm orgs", []).extend(
            timed([PYTHON, MINI_ORM, "orgs", out / "mini_orm.db"], env=env) for _ in range(3)
        )
        print(
            f"round {round_number + 1}: "
            + ", ".join(f"{name} {runs[-1]['wall']:.2f} s" for name, runs in results.items())
        )

    connection = sqlite3.connect(run_db)
    stored = connection.execute("SELECT count(*) FROM activity").fetchone()[0]
    taking_part = connection.execute("SELECT count(*) FROM activity_org").fetchone()[0]
    connection.close()
    if stored != options.rows:
        sys.exit(f"expected {options.rows} activities, found {stored}")

    medians = {
        name: {key: statistics.median(r[key] for r in runs) for key in ("wall", "cpu", "peak_mb")}
        for name, runs in results.items()
    }
    first, reference = medians["first import"], medians["sqlite3 .import"]
    lines = [
        f"{options.rows:,} activities ({size_mb:.0f} MB CSV), {taking_part:,} activity_org rows; "
        f"{os.cpu_count()} cores (nproc {os.sched_getaffinity(0).__len__()}); "
        f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}; "
        f"{options.runs} interleaved rounds, medians",
        "",
        "| command | wall [s] | user+sys [s] | peak RSS [MB] | runs [s] |",
        "|:---|---:|---:|---:|:---|",
    ]
    for name, runs in results.items():
        m = medians[name]
        lines.append(
            f"| {name} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['peak_mb']:.0f} | "
            + " ".join(f"{r['wall']:.2f}" for r in runs)
            + " |"
        )
    lines += [
        "",
        f"- first import: **{options.rows / first['wall']:,.0f} rows/s** whole-process, "
        f"**{first['wall'] / reference['wall']:.2f} x** the time of sqlite3 .import "
        f"(target: >= 200,000 rows/s, peak <= 300 MB: "
        f"{'OK' if first['peak_mb'] <= 300 else 'MISSED'} on memory)",
        f"- second import (adds nothing): {medians['second import']['wall']:.2f} s, "
        f"{medians['second import']['wall'] / first['wall']:.2f} x the first",
        f"- activity list --period 2025Q4 --alliance {LIST_ALLIANCE}: "
        f"{medians['activity list']['wall']:.2f} s for {listed} rows (target < 0.5 s); "
        f"**{medians['activity list']['wall'] / medians['mini_orm orgs']['wall']:.2f} x** "
        f"the reference mini_orm.py listing 50 rows ({medians['mini_orm orgs']['wall']:.2f} s)",
    ]
    text = "\n".join(lines) + "\n"
    (out / "summary.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
