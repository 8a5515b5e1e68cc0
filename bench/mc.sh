#!/usr/bin/env bash
# bench/mc.sh: `rareflow mc` on scenarios/uncertain-2025.yaml (2025-2035) with 1 and 2 threads
# (issue 13's benchmark; figures in bench/README.md): wall time, draws per second, peak memory
# (GNU time's maximum resident set size), the parallel efficiency (t1 / (2 t2)), an
# extrapolation to 1,000 draws, and whether the two JSON documents are byte-identical.
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
for T in 1 2; do
  /usr/bin/time -v "$RF" mc "$S" --draws "$N" --seed "$SEED" --threads "$T" --json --quiet \
    >"$tmp/t$T.json" 2>"$tmp/time$T" || { echo "threads $T failed: $(tail -n 3 "$tmp/time$T")"; exit 1; }
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time$T" |
         awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time$T")
  eval "W$T=$wall"
  awk -v t="$T" -v w="$wall" -v n="$N" -v r="$rss" 'BEGIN {
    printf "threads %d: %.1f s wall, %.2f draws/s, peak RSS %.0f MB, 1,000 draws ~ %.0f s\n", t, w, n / w, r / 1024, 1000 * w / n }'
done
awk -v a="$W1" -v b="$W2" 'BEGIN { printf "speed-up %.2f, parallel efficiency %.0f%%\n", a / b, 100 * a / (2 * b) }'
if cmp -s "$tmp/t1.json" "$tmp/t2.json"; then echo "JSON identical on 1 and 2 threads"; else echo "JSON DIFFERS"; fi
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"failed draws {d['failed_draws']}, clamped {d['clamped']}, {len(d['percentiles'])} percentile rows, {len(d['sensitivity'])} sensitivity rows\")" "$tmp/t1.json"
