#!/usr/bin/env bash
# End-to-end: the HTML report and the progress line (issue 12, sections 2 and 4;
# docs/report.md):
#   - `report` writes one self-contained file whose rareflow-data block is the run's
#     document as `run --json` printed it, plus a Sankey of each year with the chain's
#     stages; with --vs, {"runs": [A, B]}; of a recorded run, its stored document;
#   - no script or style is loaded from the network; the chart library is inlined;
#   - without the web assets it says so and exits 1, writing nothing;
#   - a bad scenario is exit 2 and leaves no report; -o into a missing folder fails;
#   - the progress line shows on a terminal only, never with --quiet or into a pipe.
# Usage: report.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
ROOT=${2:-.}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DB=$tmp/r.db
Y=2024:2026

"$RF" run --years $Y --json --db "$DB" >"$tmp/a.json" || bad "run failed"
"$RF" run "$ROOT/scenarios/china-ban-2027.yaml" --years 2025:2028 --json --no-db >"$tmp/b.json" || bad "run B failed"
"$RF" report --years $Y -o "$tmp/base.html" --quiet || bad "report of the baseline failed"
"$RF" report 1 --db "$DB" -o "$tmp/stored.html" --quiet || bad "report of a recorded run failed"
"$RF" report --years 2025:2028 --vs "$ROOT/scenarios/china-ban-2027.yaml" -o "$tmp/vs.html" --quiet || bad "report --vs failed"
msg=$("$PY" - "$tmp" <<'PYEOF'
import json, re, sys
t = sys.argv[1]
def data(name):
    h = open(f"{t}/{name}", encoding="utf-8").read()
    if re.search(r'<script[^>]+src=', h, re.I) or re.search(r'<link[^>]+href=["\']https?:', h, re.I):
        print(name, "loads a script or style from elsewhere")
    if "echarts" not in h or len(h) < 500000: print(name, "has no chart library inlined", len(h))
    blocks = re.findall(r'<script type="application/json" id="rareflow-data">(.*?)</script>', h, re.S)
    if len(blocks) != 1: print(name, "has", len(blocks), "data blocks"); return {}
    return json.loads(blocks[0])
a = json.load(open(f"{t}/a.json"))
b = json.load(open(f"{t}/b.json"))
base = data("base.html")
# The document as run --json printed it: every key of it, equal, plus sankey.
if {k: v for k, v in base.items() if k != "sankey"} != a: print("base.html: the data is not the run's document")
if data("stored.html") != base: print("stored.html: a recorded run's report differs from the same run's")
sk = base.get("sankey", [])
if [s["year"] for s in sk] != [y["year"] for y in a["years"]]: print("sankey years", [s["year"] for s in sk])
for s in sk:
    stages = {n["stage"] for n in s["nodes"]}
    if not {"mine", "separation", "metal", "magnet", "end_use"} <= stages: print(s["year"], "sankey stages", sorted(stages))
    # Each link is one the year's stage_flows carry, summed over products, forward only.
    y = next(y for y in a["years"] if y["year"] == s["year"])
    want = {}
    order = {"mine": 0, "end_of_life": 0, "separation": 1, "recycling": 1, "metal": 2, "magnet": 3, "end_use": 4}
    for r in y["stage_flows"]:
        if r["t"] > 0 and order[r["to_stage"]] > order[r["from_stage"]]:
            k = (r["from_stage"] + ":" + r["from_region"], r["to_stage"] + ":" + r["to_region"])
            want[k] = want.get(k, 0) + r["t"]
    got = {(s["nodes"][l["source"]]["id"], s["nodes"][l["target"]]["id"]): l["t"] for l in s["links"]}
    if set(got) != set(want) or any(abs(got[k] - want[k]) > 1e-6 * max(1, want[k]) for k in want):
        print(s["year"], "sankey links differ from stage_flows")
    # 2024: China's separators take Myanmar's and the US's concentrate (customs, docs/data.md).
    if s["year"] == 2024:
        for src in ("mine:MM", "mine:US"):
            if not got.get((src, "separation:CN"), 0) > 1000: print("2024 sankey lacks", src, "-> separation:CN")
vs = data("vs.html")
runs = vs.get("runs", [])
if len(runs) != 2 or runs[1] != b or runs[0]["scenario"] != "baseline": print("vs.html: runs are not [baseline, china-ban-2027]")
if sorted({s["run"] for s in vs.get("sankey", [])}) != [0, 1]: print("vs.html: sankey not of both runs")
PYEOF
)
[ -z "$msg" ] && ok || bad "$msg"

# Without the assets: a clear message, exit 1, no file.
expect_exit 1 "web assets are missing.*make assets" env RAREFLOW_WEB="$tmp/none" "$RF" report --years 2024 -o "$tmp/no.html"
[ ! -e "$tmp/no.html" ] && ok || bad "a report was written without its assets"
# Bad input: exit 2 naming the file; nothing written (no partial file either).
printf 'name: bad\ntariffs:\n  - {name: t, origin: XX, destination: US, products: ["*"], rate: 0.1}\n' >"$tmp/bad.yaml"
expect_exit 2 "bad.yaml:3" "$RF" report "$tmp/bad.yaml" -o "$tmp/bad.html"
[ -z "$(ls "$tmp" | grep -E '^bad\.html')" ] && ok || bad "a bad scenario left a report behind"
expect_exit 1 "cannot write the report" "$RF" report --years 2024 -o "$tmp/no/such/dir/r.html"
expect_exit 2 "no run 99" "$RF" report 99 --db "$DB" -o "$tmp/r99.html"

# The progress line: on a terminal (script(1) gives one), never with --quiet or in a pipe.
if command -v script >/dev/null; then
  script -qec "$RF run --years 2024:2026 --no-db >/dev/null" /dev/null >"$tmp/tty" 2>&1
  grep -q "2026 (3/3 years)" "$tmp/tty" && ok || bad "no progress line on a terminal: $(head -c 200 "$tmp/tty")"
  script -qec "$RF run --years 2024:2026 --no-db --quiet >/dev/null" /dev/null >"$tmp/tty" 2>&1
  grep -q "years)" "$tmp/tty" && bad "a progress line with --quiet" || ok
fi
"$RF" run --years 2024:2026 --no-db >/dev/null 2>"$tmp/err"
[ ! -s "$tmp/err" ] && ok || bad "progress written to a stderr that is not a terminal: $(head -c 200 "$tmp/err")"
finish
