#!/usr/bin/env bash
# valgrind finds no leak and no error in `rareflow serve` (docs/dashboard.md): a server under
# valgrind answers a static file, a missing asset, runs (YAML, JSON, a cached one), malformed
# JSON and YAML, bodies past the limit (with and without Content-Length), the scenarios and
# runs routes, then is stopped by SIGTERM with runs under way and waiting.
# Usage: serve_valgrind.sh VALGRIND RAREFLOW_BINARY PROJECT_ROOT
set -u
VG=$1
RF=$2
ROOT=${3:-.}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$tmp/web/src"
echo '<!doctype html><title>dummy</title>' >"$tmp/web/src/dashboard.html"
: >"$tmp/srv.log"
RAREFLOW_WEB=$tmp/web RAREFLOW_SCENARIOS=$ROOT/scenarios "$VG" --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --error-exitcode=9 -q "$RF" serve --port 0 --db "$tmp/s.db" 2>"$tmp/srv.log" &
pid=$!
port=$(serve_port "$tmp/srv.log" $pid 600)
[ -n "$port" ] || { bad "the server did not start: $(head -c 300 "$tmp/srv.log")"; finish; exit 1; }
U=http://127.0.0.1:$port
code() { curl -s -m 120 -o /dev/null -w '%{http_code}' "$@"; }
want() { local w=$1 g; shift; g=$(code "$@"); [ "$g" = "$w" ] && ok || bad "$* -> $g, want $w"; }
printf 'name: vg\nyears: 2024:2024\n' >"$tmp/a.yaml"
head -c 1100000 /dev/zero | tr '\0' 'a' >"$tmp/big"
want 200 "$U/"
want 404 "$U/static/style.css"
want 200 -X POST --data-binary @"$tmp/a.yaml" "$U/api/run"
want 200 -X POST --data-binary @"$tmp/a.yaml" "$U/api/run"
want 200 -X POST --data-binary '{"name": "vg", "years": "2024:2024"}' "$U/api/run"
want 400 -X POST --data-binary '{"bad' "$U/api/run"
want 400 -X POST --data-binary $'name: x\nyears: [' "$U/api/run"
want 400 -X POST --data-binary $'demand:\n  - {region: XX, sector: wind, factor: 2}\n' "$U/api/run"
want 413 -X POST --data-binary @"$tmp/big" "$U/api/run"
want 413 -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big" "$U/api/run"
want 200 "$U/api/scenarios"
want 200 "$U/api/runs"
want 200 "$U/api/runs/1"
want 400 "$U/api/runs/x"
want 404 "$U/api/runs/99"
want 404 --path-as-is "$U/%2e%2e/%2e%2e/etc/passwd"
want 405 "$U/api/run"
# Runs under way and waiting when SIGTERM comes.
for f in 1 2 3 4; do
  printf 'name: vg-%s\nyears: 2024:2024\ndemand:\n  - {region: US, sector: wind, factor: 1.%s}\n' $f $f >"$tmp/s$f.yaml"
  code -X POST --data-binary @"$tmp/s$f.yaml" "$U/api/run" >"$tmp/s$f.code" &
done
sleep 1
kill -TERM $pid
rc=0
wait $pid || rc=$?
[ "$rc" = 0 ] && ok || bad "valgrind: exit $rc, want 0: $(grep -v '^rareflow:' "$tmp/srv.log" | head -c 600)"
wait
finish
