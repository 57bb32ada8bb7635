#!/usr/bin/env bash
# Start-up benchmark: `alliance` against the two reference programs in
# /work/shared/reference (see bench/README.md).
#
# Usage: bench/startup.sh [--runs N] [--warmup N] [--rounds N] [extra hyperfine options...]
#
#   --runs N     timed runs per command in total (default 30)
#   --warmup N   untimed calls of each command before the hyperfine run (default 3); hyperfine
#                itself also makes one untimed call at the start of every block
#   --rounds N   hyperfine (1.15) runs all runs of one command before the next, so the four
#                commands are listed N times in the one hyperfine run: ABCD ABCD ... blocks of
#                ceil(runs/rounds) runs each (default: runs/3, i.e. blocks of 3 runs)
#
# Environment: PYTHON (default .venv/bin/python), ALLIANCE (default .venv/bin/alliance),
# REFERENCE (default /work/shared/reference), OUT (default bench/out),
# BYTECODE=cache (default): all four commands read compiled bytecode from a cache in
#   $OUT/pycache (PYTHONPYCACHEPREFIX, PYTHONDONTWRITEBYTECODE unset), filled by the warm-up
#   calls, as for an installed program; nothing is written next to the sources.
# BYTECODE=inherit: leave the environment alone (with PYTHONDONTWRITEBYTECODE=1, modules
#   without an up-to-date __pycache__ entry, e.g. edited alliance_cli/ files, are compiled
#   from source on every call).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
ALLIANCE="${ALLIANCE:-$REPO/.venv/bin/alliance}"
REFERENCE="${REFERENCE:-/work/shared/reference}"
OUT="${OUT:-$REPO/bench/out}"
RUNS=30
WARMUP=3
ROUNDS=
EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) EXTRA+=("$1"); shift ;;
    esac
done

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "hyperfine is not installed. On Debian/Ubuntu: sudo apt-get install -y hyperfine" >&2
    echo "(or: cargo install hyperfine)" >&2
    exit 127
fi
for f in "$PYTHON" "$ALLIANCE"; do
    [ -x "$f" ] || { echo "not executable: $f (set PYTHON / ALLIANCE)" >&2; exit 2; }
done
for f in mini_typer.py mini_orm.py; do
    [ -f "$REFERENCE/$f" ] || { echo "missing $REFERENCE/$f (set REFERENCE)" >&2; exit 2; }
done

# All four commands must run on the same interpreter and environment: compare the prefix of
# $PYTHON with that of the interpreter named in the `alliance` script's shebang.
shebang="$(head -n1 "$ALLIANCE" | sed 's/^#! *//')"
py_prefix="$("$PYTHON" -c 'import sys; print(sys.prefix, sys.version.split()[0])')"
al_prefix="$($shebang -c 'import sys; print(sys.prefix, sys.version.split()[0])')"
if [ "$py_prefix" != "$al_prefix" ]; then
    echo "error: $ALLIANCE runs on '$al_prefix' but PYTHON is '$py_prefix'" >&2
    exit 2
fi

mkdir -p "$OUT"
ORM_DB="$OUT/mini_orm.db"
BENCH_DB="$OUT/bench.db"
CSV="$OUT/members50.csv"
rm -f "$ORM_DB" "$ORM_DB"-* "$BENCH_DB" "$BENCH_DB"-*
unset ALLIANCE_DB
BYTECODE="${BYTECODE:-cache}"
case "$BYTECODE" in
    cache) export PYTHONPYCACHEPREFIX="$OUT/pycache"; unset PYTHONDONTWRITEBYTECODE ;;
    inherit) ;;
    *) echo "BYTECODE must be cache or inherit" >&2; exit 2 ;;
esac

# mini_orm: the first call creates and fills its file; it is the warm-up outside the timing.
"$PYTHON" "$REFERENCE/mini_orm.py" orgs "$ORM_DB" >/dev/null
"$PYTHON" "$REFERENCE/mini_typer.py" --help >/dev/null
"$ALLIANCE" --help >/dev/null

# alliance: 50 organisations, imported from a generated CSV in one transaction.
{
    echo "名称,类别"
    for i in $(seq 0 49); do echo "第${i}村党支部,village"; done
} >"$CSV"
"$ALLIANCE" --db "$BENCH_DB" --quiet member import "$CSV" >/dev/null
"$ALLIANCE" --db "$BENCH_DB" member list >/dev/null # warm-up outside the timing

count() { "$PYTHON" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(f"select count(*) from {sys.argv[2]}").fetchone()[0])' "$1" "$2"; }
n_orm="$(count "$ORM_DB" org)"
n_all="$(count "$BENCH_DB" organisation)"
if [ "$n_orm" != 50 ] || [ "$n_all" != 50 ]; then
    echo "error: expected 50 rows, got mini_orm=$n_orm alliance=$n_all" >&2
    exit 1
fi

NAMES=("mini_typer --help" "alliance --help" "mini_orm orgs" "alliance member list")
CMDS=(
    "$(printf '%q %q --help' "$PYTHON" "$REFERENCE/mini_typer.py")"
    "$(printf '%q --help' "$ALLIANCE")"
    "$(printf '%q %q orgs %q' "$PYTHON" "$REFERENCE/mini_orm.py" "$ORM_DB")"
    "$(printf '%q --db %q member list' "$ALLIANCE" "$BENCH_DB")"
)
[ -n "$ROUNDS" ] || ROUNDS=$(( RUNS >= 6 ? RUNS / 3 : 1 ))
PER_ROUND=$(( (RUNS + ROUNDS - 1) / ROUNDS ))
[ "$PER_ROUND" -ge 2 ] || PER_ROUND=2
args=()
for ((r = 0; r < ROUNDS; r++)); do
    for k in "${!CMDS[@]}"; do args+=(-n "${NAMES[$k]}"); done
done
for ((r = 0; r < ROUNDS; r++)); do args+=("${CMDS[@]}"); done

for ((w = 0; w < WARMUP; w++)); do
    for c in "${CMDS[@]}"; do eval "$c" >/dev/null; done
done

echo "hyperfine: ${#NAMES[@]} commands x $ROUNDS interleaved rounds x $PER_ROUND runs" \
     "(+1 warm-up each, after $WARMUP warm-up calls), $(nproc) cores, python $py_prefix, BYTECODE=$BYTECODE," \
     "load $(cut -d' ' -f1-3 /proc/loadavg)"
# --shell=none: no shell start-up to subtract; output goes to /dev/null (not a terminal).
# hyperfine's report and warnings (outliers, slow first run) go to $OUT/hyperfine.log.
if ! hyperfine --shell=none --style basic --runs "$PER_ROUND" --warmup 1 \
    --export-json "$OUT/startup.json" --export-markdown "$OUT/startup.md" \
    "${EXTRA[@]}" "${args[@]}" >"$OUT/hyperfine.log" 2>&1; then
    cat "$OUT/hyperfine.log" >&2
    exit 1
fi

"$PYTHON" - "$OUT/startup.json" "$OUT/summary.md" "$(nproc)" "$BYTECODE" <<'EOF'
import json, statistics, sys

path, out, cores, bytecode = sys.argv[1:5]
load = open("/proc/loadavg").read().split()[:3]
results = json.load(open(path))["results"]
times, blocks, cpu = {}, {}, {}
for r in results:
    times.setdefault(r["command"], []).extend(r["times"])
    blocks.setdefault(r["command"], []).append(r["median"])
    cpu.setdefault(r["command"], []).append(r["user"] + r["system"])  # block means
ms = lambda s: s * 1000
med = {name: statistics.median(t) for name, t in times.items()}

lines = [f"cores (nproc): {cores}; BYTECODE={bytecode}; load average after: {' '.join(load)}", "",
         "| command | runs | median [ms] | min [ms] | q1..q3 [ms] | user+sys [ms] "
         "| block medians [ms] |",
         "|:---|---:|---:|---:|---:|---:|:---|"]
for name, t in times.items():
    q1, _, q3 = statistics.quantiles(t, n=4)
    lines.append(f"| `{name}` | {len(t)} | {ms(med[name]):.1f} | {ms(min(t)):.1f} "
                 f"| {ms(q1):.1f}..{ms(q3):.1f} | {ms(statistics.mean(cpu[name])):.1f} | "
                 + " ".join(f"{ms(b):.1f}" for b in blocks[name]) + " |")
lines.append("")
for num, den, target in (("alliance --help", "mini_typer --help", 1.15),
                         ("alliance member list", "mini_orm orgs", 1.10)):
    ratio = med[num] / med[den]
    per_round = [a / b for a, b in zip(blocks[num], blocks[den])]
    verdict = "OK" if ratio <= target else "MISSED"
    lines.append(f"- {num} / {den}: **{ratio:.3f}** (target <= {target}) {verdict}; "
                 f"median of per-round ratios {statistics.median(per_round):.3f} "
                 f"(range {min(per_round):.3f}..{max(per_round):.3f}); "
                 f"ratio of minimums {min(times[num]) / min(times[den]):.3f}; "
                 f"user+sys ratio {statistics.mean(cpu[num]) / statistics.mean(cpu[den]):.3f}")
text = "\n".join(lines) + "\n"
open(out, "w").write(text)
print(text, end="")
EOF
echo "results: $OUT/startup.json, $OUT/startup.md, $OUT/summary.md, $OUT/hyperfine.log"
