#!/usr/bin/env bash
# End-to-end: a Monte Carlo run in the results database and its HTML report (issue 13,
# section 2): `rareflow mc --db` records a `runs` row whose document is the mc JSON byte
# for byte (`show RUN --json`) and whose summary is the text table; mc_inputs has draws x
# inputs rows, mc_outputs draws x metrics (the metrics of the percentiles); the P5/P50/P95
# recomputed in Python from mc_outputs (sort and interpolate, type 7: no numpy) equal the
# JSON's; mc_percentiles and mc_sensitivity hold the JSON's rows; integrity_check is ok;
# --no-db records nothing.  The report: `mc --report` and `report RUN` of the recorded run
# carry the mc JSON as their data block, in the mc template.
# Usage: mc_db.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
ROOT=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

S=$ROOT/scenarios/uncertain-2025.yaml
DB=$tmp/mc.db
MC=("$RF" mc "$S" --years 2025:2027 --draws 10 --seed 11 --threads 2 --quiet)

if "${MC[@]}" --json --db "$DB" --report "$tmp/mc.html" >"$tmp/mc.json" 2>"$tmp/err"; then ok
else bad "mc --db --report -> exit $? ($(head -c 200 "$tmp/err"))"; fi
if "${MC[@]}" >"$tmp/mc.txt" 2>/dev/null; then ok; else bad "mc (text)"; fi
if "$RF" show 1 --db "$DB" --json >"$tmp/show.json" && cmp -s "$tmp/show.json" "$tmp/mc.json"; then ok
else bad "show 1 --json differs from mc --json"; fi
if "$RF" show 1 --db "$DB" >"$tmp/show.txt" && cmp -s "$tmp/show.txt" "$tmp/mc.txt"; then ok
else bad "show 1 differs from mc's text table"; fi

msg=$("$PY" - "$DB" "$tmp/mc.json" "$S" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
d = json.load(open(sys.argv[2]))
scenario_text = open(sys.argv[3]).read()
q = lambda sql, *a: db.execute(sql, a).fetchall()
out = []
if q("PRAGMA integrity_check") != [("ok",)]: out.append("integrity_check")
run = q("SELECT id, scenario, status, scenario_text, document FROM runs")
if len(run) != 1 or run[0][1] != d["scenario"] or run[0][2] != "complete" or run[0][3] != scenario_text:
    out.append("runs row %r" % (run[0][:3],))
rid = run[0][0]
n, ni = d["draws"], len(d["inputs"])
metrics = {(p["metric"], p["year"], p["region"], p["product"], p["sector"], p["stage"]) for p in d["percentiles"]}
if q("SELECT count(*) FROM mc_inputs WHERE run_id=?", rid)[0][0] != n * ni: out.append("mc_inputs rows")
if q("SELECT count(DISTINCT draw) FROM mc_inputs WHERE run_id=?", rid)[0][0] != n: out.append("mc_inputs draws")
if q("SELECT count(*) FROM mc_outputs WHERE run_id=?", rid)[0][0] != n * len(metrics): out.append("mc_outputs rows")
got = set(q("SELECT DISTINCT metric, year, region, product, sector, stage FROM mc_outputs WHERE run_id=?", rid))
if got != metrics: out.append("mc_outputs metrics differ from the percentiles' (%d vs %d)" % (len(got), len(metrics)))
if {r[0] for r in q("SELECT DISTINCT input FROM mc_inputs")} != {i["name"] for i in d["inputs"]}: out.append("inputs")
# Failed draws: every output NULL; the others: NULL only where absent.
for k in d["failed"]:
    if q("SELECT count(*) FROM mc_outputs WHERE draw=? AND value IS NOT NULL", k)[0][0]: out.append("failed draw %d has values" % k)
# Type-7 percentiles, computed here from the draws.
def pct(xs, p):
    xs = sorted(xs)
    h = (len(xs) - 1) * p / 100.0
    i = int(h)
    return xs[i] if i + 1 >= len(xs) else xs[i] + (h - i) * (xs[i + 1] - xs[i])
checked = 0
for p in d["percentiles"]:
    if not (p["metric"] == "price" and p["region"] in ("US", "CN") or p["metric"] in ("china_share", "shortage") and p["region"] == ""):
        continue
    vals = [r[0] for r in q("SELECT value FROM mc_outputs WHERE run_id=? AND metric=? AND year=? AND region=? AND product=? "
                            "AND sector=? AND stage=? AND value IS NOT NULL ORDER BY draw", rid, p["metric"], p["year"],
                            p["region"], p["product"], p["sector"], p["stage"])]
    for k in ("p5", "p50", "p95"):
        want = pct(vals, int(k[1:]))
        if abs(want - p[k]) > 1e-9 * max(1.0, abs(want)): out.append("%s %s %s %s: %s %r vs %r" % (p["metric"], p["region"], p["product"], p["year"], k, want, p[k]))
    checked += 1
if checked < 10: out.append("only %d metrics checked" % checked)
if not any(p["metric"] == "shortage" and p["region"] == "" for p in d["percentiles"]): out.append("no total shortage")
# The JSON's tables, keyed by run.
P = q("SELECT year, metric, region, product, sector, stage, p5, p25, p50, p75, p95, mean FROM mc_percentiles WHERE run_id=? ORDER BY rowid", rid)
want = [tuple(p[k] for k in ("year", "metric", "region", "product", "sector", "stage", "p5", "p25", "p50", "p75", "p95", "mean")) for p in d["percentiles"]]
if P != want: out.append("mc_percentiles differ from the JSON")
Sv = q("SELECT metric, region, product, sector, stage, year, input, rho FROM mc_sensitivity WHERE run_id=? ORDER BY rowid", rid)
want = [tuple(s[k] for k in ("metric", "region", "product", "sector", "stage", "year", "input", "rho")) for s in d["sensitivity"]]
if Sv != want: out.append("mc_sensitivity differs from the JSON")
idx = {r[0] for r in q("SELECT name FROM sqlite_master WHERE type='index'")}
for i in ("mc_outputs_run_metric_year", "mc_percentiles_run_metric_year", "mc_sensitivity_run_metric_year"):
    if i not in idx: out.append("no index " + i)
print("; ".join(out))
PY
)
if [ -z "$msg" ]; then ok; else bad "database: $msg"; fi

# --no-db records nothing; a second run gets id 2.
"${MC[@]}" --no-db >/dev/null 2>&1
"${MC[@]}" --db "$DB" >/dev/null 2>&1
n=$("$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from runs').fetchone()[0])" "$DB")
if [ "$n" = 2 ]; then ok; else bad "--no-db: $n runs, want 2"; fi

# The report: its data block is the mc JSON, in the mc template; report RUN the same.
"$RF" report 1 --db "$DB" -o "$tmp/rep.html" --quiet 2>"$tmp/err" && ok || bad "report 1 -> $(head -c 200 "$tmp/err")"
for f in mc.html rep.html; do
  msg=$("$PY" - "$tmp/$f" "$tmp/mc.json" <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
m = re.search(r'<script type="application/json" id="rareflow-data">(.*?)</script>', html, re.S)
out = []
if not m: out.append("no data block")
else:
    block = json.loads(m.group(1))
    if block != json.load(open(sys.argv[2])): out.append("data block differs from the mc JSON")
    for k in ("scenario", "draws", "seed", "sampling", "failed_draws", "inputs", "percentiles", "sensitivity"):
        if k not in block: out.append("no " + k)
    if "years" in block or "sankey" in block: out.append("run keys in an mc report")
for s in ("RF.renderMc", "mc_report.js", "rareflow Monte Carlo report"):
    if s not in html: out.append("lacks " + s)
print("; ".join(out))
PY
)
  if [ -z "$msg" ]; then ok; else bad "$f: $msg"; fi
done
expect_exit 2 "Monte Carlo" "$RF" report 1 --db "$DB" --vs 2 -o "$tmp/x.html"
expect_exit 2 "--report" "$RF" mc "$S" --draws 2 --report
finish
