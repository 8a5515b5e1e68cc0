#!/usr/bin/env bash
# End-to-end: the results database (issue 12, section 1; docs/results.md):
#   - each `rareflow run` is recorded; `rareflow runs` lists it; `rareflow show
#     RUN --json` prints exactly what `run --json` printed;
#   - the tables are queryable by run and year, and PRAGMA integrity_check is ok;
#   - two processes writing at once both land;
#   - a run killed with SIGKILL leaves no half-written run;
#   - --no-db records nothing; a --db that cannot be written fails the run.
# Usage: db.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
ROOT=${2:-.}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DB=$tmp/r.db
count() { "$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from runs').fetchone()[0])" "$DB"; }

"$RF" run --years 2024:2025 --json --db "$DB" >"$tmp/a.json" || bad "run --db failed"
"$RF" run "$ROOT/scenarios/tariff-200.yaml" --quiet --db "$DB" || bad "second run failed"
"$RF" show 1 --json --db "$DB" >"$tmp/b.json" || bad "show failed"
cmp -s "$tmp/a.json" "$tmp/b.json" && ok || bad "show 1 --json differs from what run --json printed"
"$RF" runs --json --db "$DB" >"$tmp/runs.json" || bad "runs failed"
msg=$("$PY" - "$tmp" 2>&1 <<'PYEOF'
import json, sqlite3, sys
t = sys.argv[1]
runs = json.load(open(f"{t}/runs.json"))["runs"]
if [(r["id"], r["scenario"], r["status"]) for r in runs] != [(1, "baseline", "complete"), (2, "tariff-200", "complete")]: print("runs", runs)
c = sqlite3.connect(f"{t}/r.db")
if c.execute("pragma integrity_check").fetchone()[0] != "ok": print("integrity")
doc = json.load(open(f"{t}/a.json"))
want = [(y["year"], x["usd_per_kg"]) for y in doc["years"] for x in y["prices"] if x["region"] == "US" and x["product"] == "magnet:NdFeB"]
got = c.execute("select year, usd_per_kg from prices where run_id = 1 and region = 'US' and product = 'magnet:NdFeB' order by year").fetchall()
if [(y, round(p, 9)) for y, p in got] != [(y, round(p, 9)) for y, p in want]: print("prices", got, want)
# Every table of the document's years is in the database, row for row (the tables are written
# from the results, not parsed back from the document: rf_db_record_results).
for key in sorted({k for y in doc["years"] for k, v in y.items() if isinstance(v, list) and v and isinstance(v[0], dict)}):
    n_doc = sum(len(y.get(key) or []) for y in doc["years"])
    n_db = c.execute(f'select count(*) from "{key}" where run_id = 1').fetchone()[0]
    if n_doc != n_db: print(key, "rows: document", n_doc, "database", n_db)
tr = [(y["year"], x["from"], x["to"], x["product"], x["t"]) for y in doc["years"] for x in y["trade"]]
tg = c.execute("select year, \"from\", \"to\", product, t from trade where run_id = 1 order by rowid").fetchall()
if len(tr) != len(tg) or any(a[:4] != b[:4] or abs(a[4] - b[4]) > 1e-12 * max(1.0, abs(a[4])) for a, b in zip(tr, tg)): print("trade rows differ")
if c.execute("select count(*) from trade where run_id = 2 and year = 2025").fetchone()[0] <= 0: print("no trade rows for run 2")
PYEOF
)
[ -z "$msg" ] && ok || bad "$msg"

# Two writers at once: both land.
"$RF" run --years 2024:2025 --quiet --db "$DB" & p1=$!
"$RF" run --years 2024:2025 --quiet --db "$DB" & p2=$!
wait $p1 && wait $p2 || bad "concurrent runs failed"
[ "$(count)" = 4 ] && ok || bad "after two concurrent runs: $(count) runs, want 4"

# SIGKILL in the middle of a run: nothing half-written.
"$RF" run "$ROOT/scenarios/us-2025.yaml" --years 2024:2040 --quiet --db "$DB" & pk=$!
sleep 0.3
kill -9 $pk 2>/dev/null; wait $pk 2>/dev/null
[ "$(count)" = 4 ] && ok || bad "a killed run left $(count) runs, want 4"
"$PY" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); assert c.execute('pragma integrity_check').fetchone()[0]=='ok'; assert c.execute('select count(*) from prices where run_id not in (select id from runs)').fetchone()[0]==0" "$DB" && ok || bad "integrity after SIGKILL"

"$RF" run --years 2024:2024 --quiet --no-db --db "$DB" || bad "--no-db run failed"
[ "$(count)" = 4 ] && ok || bad "--no-db recorded a run"
expect_exit 2 "no run 99" "$RF" show 99 --db "$DB"
expect_exit 2 "expects a run id" "$RF" show x --db "$DB"
"$RF" run --years 2024:2024 --quiet --db /proc/rareflow-cannot.db 2>/dev/null && bad "a --db that cannot be written did not fail the run" || ok
finish
