#!/usr/bin/env bash
# bench/serve.sh: time from a lever change to the answer on `rareflow serve` (issue 12's
# benchmark; figures in bench/README.md).  Starts a server (a free port, a database in a
# temporary folder, or --no-db), then sends N lever changes with 1 client and N with 4 clients
# at once: each a scenario over the full 2024-2040 horizon that differs from every other in the
# NdPr floor price (61, 62, ... USD/kg with one client; 61.5, 62.5, ... with four), so that none is answered from the cache.  Prints the median and the 95th
# percentile (nearest rank) of curl's request-to-response time.
# Usage: bench/serve.sh [RAREFLOW_BINARY] [N] [--no-db] [--threads T]
set -u
RF=${1:-build/rareflow}
N=${2:-50}
shift $(($# < 2 ? $# : 2))
extra=("$@")
tmp=$(mktemp -d)
: >"$tmp/srv.log"
db=(--db "$tmp/bench.db")
for a in "${extra[@]}"; do [ "$a" = --no-db ] && db=(); done
"$RF" serve --port 0 "${db[@]}" "${extra[@]}" 2>"$tmp/srv.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
port=
for i in $(seq 100); do
  port=$(sed -n 's|^rareflow: serving http://[^:]*:\([0-9]*\)/.*|\1|p' "$tmp/srv.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start: $(cat "$tmp/srv.log")"; exit 1; }
head -n 1 "$tmp/srv.log"
U=http://127.0.0.1:$port/api/run

# One lever change: the NdPr floor at $1 USD/kg, 2024-2040 (the default horizon).
scenario() {
  printf 'name: floor-%s\nprice_floors:\n  - {name: dod-ndpr-floor, facility: us-mp-separation, product: oxide:NdPr, floor: %s, payer: US}\n' "$1" "$1"
}
export -f scenario
post() { scenario "$1" | curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST --data-binary @- "$2"; }
export -f post

stats() {
  /usr/bin/python3 -c '
import math, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
bad = [r for r in rows if r[0] != "200"]
t = sorted(float(r[1]) for r in rows)
p95 = t[max(0, math.ceil(0.95 * len(t)) - 1)]
print(f"{sys.argv[2]}: {len(t)} requests, median {1000 * t[len(t) // 2] if len(t) % 2 else 500 * (t[len(t) // 2 - 1] + t[len(t) // 2]):.0f} ms, "
      f"p95 {1000 * p95:.0f} ms, max {1000 * t[-1]:.0f} ms" + (f", {len(bad)} not 200" if bad else ""))
' "$1" "$2"
}

start=$(date +%s.%N)
for i in $(seq 1 "$N"); do post $((60 + i)) "$U"; done >"$tmp/one"
end=$(date +%s.%N)
stats "$tmp/one" "1 client"
echo "  wall $(echo "$end - $start" | bc) s"
start=$(date +%s.%N)
seq 61 $((60 + N)) | sed 's/$/.5/' | xargs -P 4 -I{} bash -c 'post {} '"$U" >"$tmp/four"
end=$(date +%s.%N)
stats "$tmp/four" "4 clients"
echo "  wall $(echo "$end - $start" | bc) s"
