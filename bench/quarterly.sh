#!/usr/bin/env bash
# Quarterly runs (issue 10): times whole `rareflow run` processes, the 2025
# scenario by quarter and by year, the baseline 2024-2040 and us-2025, and
# reads the LP sizes and solve counts from their JSON (years[].lp).
# Each run: best wall time of RUNS, the largest peak resident memory of them
# (/usr/bin/time -v) and the least user+sys CPU time (steadier than the wall
# time on a busy machine), then the LP figures of the last run.
# usage: bench/quarterly.sh [RAREFLOW_BINARY [RUNS]]   (default build/rareflow 3)
# Run from the repository root (scenarios/ and data/ are looked up there).
set -eu
bin=${1:-build/rareflow} runs=${2:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bench() { # NAME ARGS...: time the run RUNS times, then summarise its JSON
  local name=$1 i
  shift
  : >"$tmp/times"
  for i in $(seq "$runs"); do
    /usr/bin/time -v -o "$tmp/time.txt" "$bin" run "$@" --json >"$tmp/out.json"
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
                   for (j = 1; j <= n; j++) s = s * 60 + t[j]; w = s }
                 /User time \(seconds\)/ { u = $2 }
                 /System time \(seconds\)/ { u += $2 }
                 /Maximum resident set size/ { m = $2 }
                 END { print w, m, u }' "$tmp/time.txt" >>"$tmp/times"
  done
  /usr/bin/python3 - "$name" "$tmp/times" "$tmp/out.json" <<'EOF'
import json, sys
name, times, out = sys.argv[1:4]
t = [tuple(map(float, l.split())) for l in open(times) if l.strip()]
best = min(w for w, _, _ in t)
cpu = min(c for _, _, c in t)
rss = max(m for _, m, _ in t) / 1024
d = json.load(open(out))
ys = d["years"]
s = sum(y["lp"]["solves"] for y in ys)
la = sum(y["lp"]["lookahead_solves"] for y in ys)
print(f"== {name}: {len(ys)} years, best wall {best:.2f} s of {len(t)} "
      f"({', '.join(f'{w:.2f}' for w, _, _ in t)}), best user+sys {cpu:.2f} s, "
      f"max RSS {rss:.1f} MiB")
print(f"   LP solves {s} (warm {sum(y['lp']['warm_solves'] for y in ys)}), "
      f"look-ahead {la}, total {s + la}")
print("   year  rows x cols   nonzeros  solves  look-ahead  periods")
for y in ys:
    lp = y["lp"]
    print(f"   {y['year']}  {lp['rows']:4d} x {lp['cols']:5d}  {lp['nonzeros']:8d}  "
          f"{lp['solves']:6d}  {lp['lookahead_solves']:10d}  {len(y.get('periods') or [])}")
EOF
}

bench "2025-as-it-happened, quarterly 2024-2030" \
  scenarios/2025-as-it-happened.yaml --periods 4 --years 2024:2030
bench "2025-as-it-happened, annual 2024-2030" \
  scenarios/2025-as-it-happened.yaml --periods 1 --years 2024:2030
bench "baseline, annual 2024-2040" --years 2024:2040
bench "us-2025, annual 2024-2040" scenarios/us-2025.yaml --years 2024:2040
