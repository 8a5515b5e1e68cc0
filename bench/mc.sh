#!/usr/bin/env bash
# bench/mc.sh: `rareflow mc` on scenarios/uncertain-2025.yaml (2025-2035) with 1 and 2 threads
# and, when mpirun is there, with mpirun -n 1 and -n 2 (issue 13's benchmark; figures in
# bench/README.md): wall time, draws per second, peak memory (GNU time's maximum resident set
# size; for MPI runs the largest process of the job, as GNU time sees it through mpirun), the parallel efficiency (t1 / (2 t2)), an
# extrapolation to 1,000 draws, and whether the JSON documents are byte-identical.
# Usage: bench/mc.sh [RAREFLOW_BINARY] [DRAWS] [SEED]
set -u
RF=${1:-build/rareflow}
N=${2:-100}
SEED=${3:-7}
S=scenarios/uncertain-2025.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time"; exit 1; }
echo "rareflow mc $S --draws $N --seed $SEED on $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
MPI=()
if command -v mpirun >/dev/null; then
  MPI=(mpirun)
  mpirun --version 2>/dev/null | grep -Eqi "open ?mpi|openrte" && MPI+=(--oversubscribe) &&
    [ "$(id -u)" = 0 ] && MPI+=(--allow-run-as-root)
fi
RUNS="t1 t2"; [ ${#MPI[@]} -gt 0 ] && RUNS="t1 t2 m1 m2"
for R in $RUNS; do
  K=${R#?}
  case $R in
    t*) CMD=("$RF" mc "$S" --draws "$N" --seed "$SEED" --threads "$K" --json --quiet --no-db); what="threads $K";;
    m*) CMD=("${MPI[@]}" -n "$K" "$RF" mc "$S" --draws "$N" --seed "$SEED" --threads 1 --json --quiet --no-db); what="mpirun -n $K";;
  esac
  /usr/bin/time -v "${CMD[@]}" >"$tmp/$R.json" 2>"$tmp/time$R" || { echo "$what failed: $(tail -n 3 "$tmp/time$R")"; exit 1; }
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time$R" |
         awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time$R")
  eval "W$R=$wall"
  awk -v t="$what" -v w="$wall" -v n="$N" -v r="$rss" 'BEGIN {
    printf "%s: %.1f s wall, %.2f draws/s, peak RSS %.0f MB, 1,000 draws ~ %.0f s\n", t, w, n / w, r / 1024, 1000 * w / n }'
done
W1=$Wt1
W2=$Wt2
awk -v a="$W1" -v b="$W2" 'BEGIN { printf "speed-up %.2f, parallel efficiency %.0f%%\n", a / b, 100 * a / (2 * b) }'
if cmp -s "$tmp/t1.json" "$tmp/t2.json"; then echo "JSON identical on 1 and 2 threads"; else echo "JSON DIFFERS"; fi
if [ -n "${Wm1:-}" ]; then
  awk -v a="$Wm1" -v b="$Wm2" 'BEGIN { printf "mpirun: speed-up %.2f, parallel efficiency %.0f%%\n", a / b, 100 * a / (2 * b) }'
  for R in m1 m2; do
    if cmp -s "$tmp/t1.json" "$tmp/$R.json"; then echo "JSON of mpirun -n ${R#?} identical to --threads 1"; else echo "JSON of mpirun -n ${R#?} DIFFERS"; fi
  done
fi
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"failed draws {d['failed_draws']}, clamped {d['clamped']}, {len(d['percentiles'])} percentile rows, {len(d['sensitivity'])} sensitivity rows\")" "$tmp/t1.json"
