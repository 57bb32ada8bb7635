"""County-scale benchmark of `alliance score compute` + `alliance report airing` (issue 5).

Makes its own data, with the generator of bench/activity_import.py: the county of 2,000
organisations in 40 alliances and 1,000,000 activities over 2024Q1-2025Q4, loaded with
`alliance activity import` (history.db, "1x"). Then a copy with ten times the history and
the same quarter sizes ("10x"): nine more copies of the eight quarters, each moved 728 days
(104 weeks) further back, written with SQL straight into the file (ids follow on, indexes are
rebuilt after), so 2025Q4 itself is unchanged.

Times, in interleaved rounds, whole processes (each under /usr/bin/time):

  compute 1x / 10x   alliance --db DB --quiet score compute 2025Q4 --format csv
  airing 1x / 10x    alliance --db DB report airing 2025Q4 --format csv
  mini_orm orgs      python ../shared/reference/mini_orm.py orgs FILE  (start-up reference)

and reports medians, compute + airing per database, the 10x / 1x ratio (target <= 1.5: the
work must follow the quarter, not the history), and the ratio to the reference program.

Usage: .venv/bin/python bench/scoring.py [--runs N] [--out DIR] [--regenerate]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PERIOD = "2025Q4"
COPIES = 9  # extra copies of the history: 1 + 9 = 10 times
SHIFT_DAYS = 728


def load_import_bench():
    """bench/activity_import.py as a module: its county, CSV generator and timing helpers."""
    spec = importlib.util.spec_from_file_location(
        "activity_import", REPO / "bench" / "activity_import.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_history(bench, out: Path, rows: int) -> Path:
    """history.db: the county with `rows` activities imported through the CLI."""
    county, csv_file, history = (
        out / "county.db",
        out / f"activities_{rows}.csv",
        out / "history.db",
    )
    if not county.exists():
        bench.build_county(county, out)
    if not csv_file.exists():
        bench.write_activities_csv(csv_file, rows)
    bench.fresh(history)
    shutil.copyfile(county, history)
    bench.run([bench.ALLIANCE, "--db", history, "--quiet", "activity", "import", csv_file])
    return history


def build_ten_times(history: Path, target: Path) -> None:
    """Copy `history` and add COPIES earlier copies of its activities (see the docstring)."""
    for leftover in (target, target.with_name(target.name + "-wal")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(history, target)
    connection = sqlite3.connect(target)
    try:
        (top,) = connection.execute("SELECT max(id) FROM activity").fetchone()
        (count,) = connection.execute("SELECT count(*) FROM activity").fetchone()
        if top != count:
            raise SystemExit("activity ids are not 1..N; cannot copy the history by offset")
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('activity', 'activity_org')"
        ).fetchall()
        connection.execute("BEGIN")
        for name, _sql in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        for copy in range(1, COPIES + 1):
            offset, days = copy * top, copy * SHIFT_DAYS
            connection.execute(
                "INSERT INTO activity (id, held_on, kind, title, alliance_id, host_id, attendees, "
                "hours_hundredths, venue_id, notes) SELECT id + ?, date(held_on, ?), kind, title, "
                "alliance_id, host_id, attendees, hours_hundredths, venue_id, notes "
                "FROM activity WHERE id <= ?",
                (offset, f"-{days} days", top),
            )
            connection.execute(
                "INSERT INTO activity_org (activity_id, organisation_id, role, attendees, guest) "
                "SELECT activity_id + ?, organisation_id, role, attendees, guest "
                "FROM activity_org WHERE activity_id <= ?",
                (offset, top),
            )
        for _name, sql in indexes:
            connection.execute(sql)
        connection.execute("COMMIT")
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "scoring")
    parser.add_argument("--regenerate", action="store_true")
    options = parser.parse_args()
    bench = load_import_bench()
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    history, ten = out / "history.db", out / "history_10x.db"
    if options.regenerate or not history.exists():
        started = time.perf_counter()
        build_history(bench, out, options.rows)
        print(f"history.db built in {time.perf_counter() - started:.0f} s")
    if options.regenerate or not ten.exists():
        started = time.perf_counter()
        build_ten_times(history, ten)
        print(f"history_10x.db built in {time.perf_counter() - started:.0f} s")

    drop = ("ALLIANCE_DB", "ALLIANCE_DEBUG", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PYTHONPYCACHEPREFIX"] = str(out.parent / "pycache")
    commands = {}
    for label, db in (("1x", history), ("10x", ten)):
        commands[f"compute {label}"] = [
            bench.ALLIANCE, "--db", db, "--quiet", "score", "compute", PERIOD, "--format", "csv",
        ]  # fmt: skip
        commands[f"airing {label}"] = [
            bench.ALLIANCE, "--db", db, "report", "airing", PERIOD, "--format", "csv",
        ]  # fmt: skip
    commands["mini_orm orgs"] = [bench.PYTHON, bench.MINI_ORM, "orgs", out / "mini_orm.db"]
    for command in commands.values():  # warm-up: migrations, bytecode, the reference's file
        bench.run(command, env=env, stdout=subprocess.DEVNULL)
    outputs = {
        label: subprocess.run([str(c) for c in commands[f"airing {label}"]], check=True,
                              capture_output=True, env=env).stdout
        for label in ("1x", "10x")
    }  # fmt: skip
    same = outputs["1x"] == outputs["10x"]

    results: dict[str, list[dict]] = {name: [] for name in commands}
    for round_number in range(options.runs):
        for name, command in commands.items():
            results[name].append(bench.timed(command, env=env))
        print(
            f"round {round_number + 1}: "
            + ", ".join(f"{name} {runs[-1]['wall']:.2f} s" for name, runs in results.items())
        )
    medians = {
        name: {key: statistics.median(r[key] for r in runs) for key in ("wall", "cpu", "peak_mb")}
        for name, runs in results.items()
    }
    sizes = {}
    for label, db in (("1x", history), ("10x", ten)):
        connection = sqlite3.connect(db)
        sizes[label] = connection.execute("SELECT count(*) FROM activity").fetchone()[0]
        in_quarter = connection.execute(
            "SELECT count(*) FROM activity WHERE held_on >= '2025-10-01' AND held_on < '2026-01-01'"
        ).fetchone()[0]
        connection.close()
    pair = {
        label: medians[f"compute {label}"]["wall"] + medians[f"airing {label}"]["wall"]
        for label in ("1x", "10x")
    }
    reference = medians["mini_orm orgs"]["wall"]
    lines = [
        f"{PERIOD}: {in_quarter:,} activities in the quarter; history 1x {sizes['1x']:,} and "
        f"10x {sizes['10x']:,} activities; {os.cpu_count()} cores; load average "
        f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}; {options.runs} interleaved "
        "rounds, medians",
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
        f"- compute + airing, 1x history: **{pair['1x']:.2f} s** (target <= 0.8 s); "
        f"{pair['1x'] / reference:.2f} x the reference mini_orm.py listing ({reference:.2f} s)",
        f"- compute + airing, 10x history: **{pair['10x']:.2f} s**, "
        f"**{pair['10x'] / pair['1x']:.2f} x** the 1x figure (target <= 1.5 x)",
        f"- the two airings are {'identical' if same else 'DIFFERENT'}",
    ]
    text = "\n".join(lines) + "\n"
    (out / "summary.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
