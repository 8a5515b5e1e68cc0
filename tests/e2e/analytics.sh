#!/usr/bin/env bash
# End-to-end: the analytics of issue 11 that have landed, through the CLI:
#   - `rareflow trace` on the 2024 world: the US's standard magnets, every
#     stage's provenance shares sum to 1 and the touched-China share is a share;
#   - every simulated year of `run --json` has provenance and touched rows, and
#     the run a decoupling summary with three milestones and welfare_discounted
#     rows equal to the years' welfare discounted at 2% (recomputed here);
#   - trace without --region, or with an unknown region, is exit 2.
# Usage: analytics.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
ROOT=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$RF" trace --region US --product magnet:NdFeB --year 2024 --json >"$tmp/t.json" || bad "trace failed"
"$RF" run --years 2024:2026 --json --quiet >"$tmp/r.json" || bad "run failed"
msg=$("$PY" - "$tmp" <<'PYEOF'
import json, sys, collections
t = sys.argv[1]
d = json.load(open(f"{t}/t.json"))
if (d.get("region"), d.get("product"), d.get("year"), d.get("focus")) != ("US", "magnet:NdFeB", 2024, "CN"): print("trace header", d)
sums = collections.defaultdict(float)
for p in d["provenance"]: sums[p["stage"]] += p["share"]
if sorted(sums) != ["magnet", "metal", "mine", "separation"]: print("stages", sorted(sums))
for s, v in sums.items():
    if abs(v - 1) > 1e-9: print("stage", s, "sums to", v)
tt = [x["share"] for x in d["touched"]]
if len(tt) != 1 or not 0 <= tt[0] <= 1: print("touched", tt)
r = json.load(open(f"{t}/r.json"))
for y in r["years"]:
    if not y.get("provenance") or not y.get("touched"): print(y["year"], "no provenance or touched rows")
dc = r.get("decoupling")
if not dc or dc.get("region") != "US" or len(dc.get("milestones", [])) != 3: print("decoupling", dc)
elif [m["threshold"] for m in dc["milestones"]] != [0.25, 0.5, 0.8]: print("thresholds", dc["milestones"])
# welfare_discounted: the years' rows discounted at 2% (parameters.csv) to the first year.
wd = {x["region"]: x for x in r.get("welfare_discounted", [])}
y0 = r["years"][0]["year"]
for key in ("consumer_usd", "producer_usd"):
    want = sum(x[key] / 1.02 ** (y["year"] - y0) for y in r["years"] for x in y["welfare"] if x["region"] == "US")
    got = wd.get("US", {}).get(key)
    if got is None or abs(got - want) > 1e-6 * max(1.0, abs(want)): print("welfare_discounted US", key, got, want)
PYEOF
)
[ -z "$msg" ] && ok || bad "$msg"
# A scenario with a sourcing rule adds touched rows for the rule's set of
# regions (focus -1): trace names the set.  It read regions[-1] and crashed
# on us-2025, dfars-2027 and quad-alliance before.
if "$RF" trace "$ROOT/scenarios/dfars-2027.yaml" --region US --product magnet:NdFeB --year 2028 >"$tmp/tr.txt" 2>"$tmp/err"; then
  grep -q "touched CN at any stage" "$tmp/tr.txt" && grep -q "touched CN+RU at any stage" "$tmp/tr.txt" && ok ||
    bad "trace of a sourcing rule: $(cat "$tmp/tr.txt")"
else
  bad "trace dfars-2027 failed: $(tail -c 300 "$tmp/err")"
fi
expect_exit 2 "--region: is required" "$RF" trace --product magnet:NdFeB
expect_exit 2 "--region: unknown region .XX." "$RF" trace --region XX --product magnet:NdFeB
finish
