#!/usr/bin/env bash
# End-to-end: `rareflow serve`, the dashboard's server (issue 12, section 3; docs/dashboard.md):
#   - it listens (on a free port: --port 0, read back from its line on stderr) and
#     serves the fixed table of static files from RAREFLOW_WEB (dummy files here), a
#     missing asset being a 404 that says so;
#   - POST /api/run answers exactly what `run --no-db --json` prints: the baseline for
#     an empty body, a YAML scenario and the same scenario as JSON alike; a repeated
#     body comes from the cache;
#   - malformed JSON and YAML get 400 with the line, a bad scenario 400, a body past
#     1 MiB 413, an unknown route 404, a wrong method 405, `..` and `%2e%2e` 404 (never
#     a file outside the table), and the server keeps serving;
#   - GET /api/scenarios lists the shipped scenarios; GET /api/runs and /api/runs/ID
#     give what the runs recorded;
#   - 20 clients at once, each a different scenario, all get the CLI's answer;
#   - SIGTERM stops it with exit 0.
# Usage: serve.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
ROOT=${2:-.}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "serve.sh: curl is missing (make deps)"; exit 1; }

# A web folder of dummy files, style.css left out.
mkdir -p "$tmp/web/src" "$tmp/web/node_modules/echarts/dist"
echo '<!doctype html><title>dummy dashboard</title>' >"$tmp/web/src/dashboard.html"
echo 'console.log("dashboard")' >"$tmp/web/src/dashboard.js"
echo 'console.log("charts")' >"$tmp/web/src/charts.js"
echo '/* echarts */' >"$tmp/web/node_modules/echarts/dist/echarts.min.js"

: >"$tmp/srv.log"
RAREFLOW_WEB=$tmp/web RAREFLOW_SCENARIOS=$ROOT/scenarios "$RF" serve --port 0 --db "$tmp/s.db" 2>"$tmp/srv.log" &
pid=$!
trap 'kill $pid 2>/dev/null; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
port=$(serve_port "$tmp/srv.log" $pid 100)
# The line that says so names the threads and the database.
if [ -n "$port" ]; then
  grep -Eq '^rareflow: serving http://127\.0\.0\.1:[0-9]+/ \(2 threads, database .*\)$' "$tmp/srv.log" &&
    ok || bad "the serving line: $(head -c 300 "$tmp/srv.log")"
fi
if [ -z "$port" ]; then
  bad "the server did not start: $(head -c 300 "$tmp/srv.log")"
  finish
  exit 1
fi
U=http://127.0.0.1:$port

# status METHOD PATH [curl args...]: the status code; the body in $tmp/body, the headers in $tmp/hdr.
status() {
  local m=$1 p=$2; shift 2
  curl -s --path-as-is -X "$m" -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' "$@" "$U$p"
}
# expect_status WANT METHOD PATH [curl args...]
expect_status() {
  local want=$1 got; shift
  got=$(status "$@")
  [ "$got" = "$want" ] && ok || bad "$1 $2 -> $got, want $want ($(head -c 200 "$tmp/body"))"
}
# body_has PATTERN NAME: the last body matches the ERE
body_has() { grep -Eq -e "$1" "$tmp/body" && ok || bad "$2: body lacks /$1/: $(head -c 200 "$tmp/body")"; }
header_has() { grep -Eqi -e "$1" "$tmp/hdr" && ok || bad "$2: headers lack /$1/: $(tr -d '\r' <"$tmp/hdr" | tr '\n' ' ')"; }

# ---------- the command line ----------
# (under timeout(1): a server that starts when it should not is a hang, not a pass)
EXPECT_TIMEOUT=20
expect_exit 1 'cannot listen' "$RF" serve --port "$port" --no-db
expect_exit 1 'results database' "$RF" serve --port 0 --db /proc/rareflow-cannot.db
expect_exit 2 'expects a port' "$RF" serve --port 70000
expect_exit 2 'expects a number of threads' "$RF" serve --threads 0
expect_exit 2 'unknown option' "$RF" serve --json
expect_exit 2 'cannot resolve' "$RF" serve --host no-such-host.invalid --no-db
unset EXPECT_TIMEOUT

# ---------- static files ----------
expect_status 200 GET /
cmp -s "$tmp/body" "$tmp/web/src/dashboard.html" && ok || bad "GET / is not dashboard.html"
header_has '^content-type: text/html' "GET /"
expect_status 200 GET /static/charts.js
header_has '^content-type: text/javascript' "GET /static/charts.js"
expect_status 200 GET /static/echarts.min.js
cmp -s "$tmp/body" "$tmp/web/node_modules/echarts/dist/echarts.min.js" && ok || bad "echarts.min.js differs"
expect_status 404 GET /static/style.css
body_has 'make assets' "a missing asset"
header_has '^content-type: application/json' "a missing asset"

# ---------- POST /api/run ----------
# The empty body: the built-in baseline, as `run --json` prints it.
"$RF" run --no-db --json >"$tmp/cli-baseline.json" 2>/dev/null || bad "run --no-db --json failed"
expect_status 200 POST /api/run --data-binary ''
cmp -s "$tmp/body" "$tmp/cli-baseline.json" && ok || bad "POST /api/run (empty body) differs from run --no-db --json"
header_has '^content-type: application/json' "POST /api/run"
header_has '^x-rareflow-run-id: 1' "POST /api/run (recorded as run 1)"
cp "$tmp/body" "$tmp/api-baseline.json"

# A YAML scenario, then the same as JSON: both the CLI's document.
floor_yaml() { printf 'name: floor-%s\nyears: 2024:2026\nprice_floors:\n  - {name: f, facility: us-mp-separation, product: oxide:NdPr, floor: %s, payer: US}\n' "$1" "$1"; }
floor_yaml 90 >"$tmp/f90.yaml"
"$RF" run "$tmp/f90.yaml" --no-db --json >"$tmp/cli-f90.json" 2>/dev/null || bad "run f90.yaml failed"
expect_status 200 POST /api/run -H 'Content-Type: application/x-yaml' --data-binary @"$tmp/f90.yaml"
cmp -s "$tmp/body" "$tmp/cli-f90.json" && ok || bad "YAML scenario: the answer differs from run --json"
printf '{"name": "floor-90", "years": "2024:2026",\n "price_floors": [{"name": "f", "facility": "us-mp-separation",\n   "product": "oxide:NdPr", "floor": 90, "payer": "US"}]}\n' >"$tmp/f90.json"
expect_status 200 POST /api/run -H 'Content-Type: text/plain' --data-binary @"$tmp/f90.json"
cmp -s "$tmp/body" "$tmp/cli-f90.json" && ok || bad "JSON scenario: the answer differs from the YAML one"
# The same body again: from the cache, the same document.
expect_status 200 POST /api/run --data-binary @"$tmp/f90.yaml"
cmp -s "$tmp/body" "$tmp/cli-f90.json" && ok || bad "a cached answer differs"
header_has '^x-rareflow-cache: hit' "a repeated body"

# ---------- bad requests ----------
expect_status 400 POST /api/run -H 'Content-Type: application/json' --data-binary $'{"name": "x",\n "years": [2024,'
body_has '"line": 2' "malformed JSON names its line"
body_has '"column"' "malformed JSON names its column"
expect_status 400 POST /api/run --data-binary $'name: x\nyears: [2024\nfoo: : bar\n'
body_has '"line": [0-9]' "malformed YAML names its line"
expect_status 400 POST /api/run --data-binary $'name: x\nyears: 2024:2024\ndemand:\n  - {region: XX, sector: wind, factor: 2}\n'
body_has 'unknown region' "an unknown region"
body_has '"line": 4' "an unknown region: its line"
expect_status 400 POST /api/run --data-binary $'name: x\ndata: /tmp\n'
body_has 'dataset' "another data folder"
expect_status 400 POST /api/run --data-binary '{"name": "x", "bogus": 1}'
body_has 'unknown key' "valid JSON, bad scenario"
head -c 2000000 /dev/zero | tr '\0' 'a' >"$tmp/big"
expect_status 413 POST /api/run --data-binary @"$tmp/big"
expect_status 413 POST /api/run -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big"
expect_status 404 GET /api/no-such-route
body_has '"error"' "unknown route: a JSON error"
expect_status 404 GET /static/nothing.js
expect_status 405 GET /api/run
header_has '^allow: POST' "GET /api/run"
expect_status 405 POST /api/scenarios --data-binary 'x'
expect_status 405 DELETE /
for p in '/../../../../etc/passwd' '/%2e%2e/%2e%2e/%2e%2e/etc/passwd' '/static/..%2f..%2f..%2fetc/passwd' \
         '/static/../../../../etc/passwd' '/static/%2e%2e/%2e%2e/etc/passwd' '/..%2f..%2f..%2fetc%2fpasswd'; do
  code=$(status GET "$p")
  [ "$code" = 404 ] && ok || bad "GET $p -> $code, want 404"
  grep -q 'root:' "$tmp/body" && bad "GET $p served /etc/passwd" || ok
done

# ---------- scenarios and runs ----------
expect_status 200 GET /api/scenarios
msg=$("$PY" - "$tmp/body" "$ROOT/scenarios" <<'PYEOF'
import json, os, sys
d = json.load(open(sys.argv[1]))["scenarios"]
want = sorted(f for f in os.listdir(sys.argv[2]) if f.endswith(".yaml"))
if [s["file"] for s in d] != want: print("files", [s["file"] for s in d], "want", want)
for s in d:
    if s.get("text") != open(os.path.join(sys.argv[2], s["file"]), encoding="utf-8").read(): print("text of", s["file"])
    if not s.get("name"): print("no name for", s["file"])
by = {s["file"]: s["name"] for s in d}
if by.get("us-2025.yaml") != "us-2025": print("us-2025.yaml's name", by.get("us-2025.yaml"))
PYEOF
)
[ -z "$msg" ] && ok || bad "GET /api/scenarios: $msg"

expect_status 200 GET /api/runs
msg=$("$PY" -c "
import json,sys
r = json.load(open(sys.argv[1]))['runs']
if [(x['id'], x['scenario'], x['status']) for x in r] != [(1, 'baseline', 'complete'), (2, 'floor-90', 'complete'), (3, 'floor-90', 'complete')]: print(r)
" "$tmp/body")
[ -z "$msg" ] && ok || bad "GET /api/runs: $msg"
expect_status 200 GET /api/runs/1
cmp -s "$tmp/body" "$tmp/api-baseline.json" && ok || bad "GET /api/runs/1 differs from the document POST /api/run answered"
expect_status 400 GET /api/runs/abc
expect_status 400 GET /api/runs/1x
expect_status 404 GET /api/runs/999
kill -0 $pid 2>/dev/null && ok || bad "the server died"

# ---------- 20 clients at once ----------
for f in $(seq 60 79); do
  floor_yaml $f >"$tmp/c$f.yaml"
  "$RF" run "$tmp/c$f.yaml" --no-db --json >"$tmp/c$f.cli" 2>/dev/null || bad "run c$f.yaml failed"
done
clients=()
for f in $(seq 60 79); do
  curl -s -m 120 -o "$tmp/c$f.api" -w '%{http_code}' -X POST --data-binary @"$tmp/c$f.yaml" "$U/api/run" >"$tmp/c$f.code" &
  clients+=($!)
done
# While the runs are queued, the page, a refusal and a cached document are answered at once.
sleep 0.3
t=$(curl -s -m 5 -o /dev/null -w '%{http_code} %{time_total}' "$U/")
[ "${t%% *}" = 200 ] && "$PY" -c "import sys; sys.exit(float(sys.argv[1]) >= 1.0)" "${t#* }" && ok || bad "GET / during 20 runs: $t"
t=$(curl -s -m 5 -o /dev/null -w '%{http_code} %{time_total}' -X POST --data-binary '{"bad' "$U/api/run")
[ "${t%% *}" = 400 ] && "$PY" -c "import sys; sys.exit(float(sys.argv[1]) >= 1.0)" "${t#* }" && ok || bad "bad JSON during 20 runs: $t"
t=$(curl -s -m 5 -o "$tmp/hit.json" -w '%{http_code} %{time_total}' -X POST --data-binary @"$tmp/f90.yaml" "$U/api/run")
[ "${t%% *}" = 200 ] && "$PY" -c "import sys; sys.exit(float(sys.argv[1]) >= 1.0)" "${t#* }" && cmp -s "$tmp/hit.json" "$tmp/cli-f90.json" && ok || bad "a cached document during 20 runs: $t"
wait "${clients[@]}"
same=0
for f in $(seq 60 79); do
  [ "$(cat "$tmp/c$f.code")" = 200 ] && cmp -s "$tmp/c$f.api" "$tmp/c$f.cli" && same=$((same + 1))
done
[ "$same" = 20 ] && ok || bad "20 concurrent clients: $same of 20 got 200 and the CLI's document"
# ... and they differ from one another (the floor moved something).
cmp -s "$tmp/c60.api" "$tmp/c79.api" && bad "floors 60 and 79 gave the same document" || ok

# The server still answers, then stops on SIGTERM with exit 0: the run in progress is
# answered, the runs waiting get 503.
expect_status 200 GET /api/runs
slow=()
for f in 91 92 93 94 95 96; do
  printf 'name: stop-%s\nyears: 2024:2040\nprice_floors:\n  - {name: f, facility: us-mp-separation, product: oxide:NdPr, floor: %s, payer: US}\n' $f $f >"$tmp/s$f.yaml"
  curl -s -m 60 -o /dev/null -w '%{http_code}' -X POST --data-binary @"$tmp/s$f.yaml" "$U/api/run" >"$tmp/s$f.code" &
  slow+=($!)
done
sleep 0.3
kill -TERM $pid
rc=0
wait $pid || rc=$?
[ "$rc" = 0 ] && ok || bad "SIGTERM: exit $rc, want 0 ($(tail -c 300 "$tmp/srv.log"))"
grep -q 'stopped (SIGTERM)' "$tmp/srv.log" && ok || bad "no 'stopped' line: $(tail -c 300 "$tmp/srv.log")"
wait "${slow[@]}"
codes=$(cat "$tmp"/s9?.code | tr '\n' ' ')
case "$codes" in *200*503*|*503*200*) ok ;; *) bad "runs under way at SIGTERM got: $codes (want 200 for those running, 503 for those waiting)" ;; esac
finish
