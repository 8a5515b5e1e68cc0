#!/usr/bin/env bash
# Browser test of the dashboard (issue 12, section 3): `rareflow serve` on a free port
# with a database in a temporary folder, then tests/browser/dashboard.mjs in headless
# Chromium; the screenshot is saved in OUTDIR.
# Usage: dashboard.sh RAREFLOW_BINARY PROJECT_ROOT OUTDIR
set -u
RF=$1
ROOT=$2
OUT=$3
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
for try in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  "$RF" serve --port $port --db "$tmp/s.db" >"$tmp/log" 2>&1 & pid=$!
  for i in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break 2; kill -0 $pid 2>/dev/null || break; sleep 0.2; done
  kill $pid 2>/dev/null; wait $pid 2>/dev/null; pid=
done
[ -n "$pid" ] || { echo "FAIL: the server did not start: $(head -c 300 "$tmp/log")"; exit 1; }
node "$ROOT/tests/browser/dashboard.mjs" "http://127.0.0.1:$port/" "$OUT" || exit 1
echo "browser dashboard: the floor and the ban moved the charts as they must; screenshot in $OUT"
