#!/usr/bin/env bash
# End-to-end: the 2024-2040 baseline on the project's 2024 world, with
# investment, growth, in-use stocks and recycling (issue 9's tests):
#   - every year 2024..2040 has a status, and the baseline's is optimal;
#   - no stock is negative (magnets in use, strategic stocks), no capacity,
#     no flow;
#   - each element balances in every year and over the horizon:
#     mined + released + end-of-life scrap = consumed + losses + disposed
#     + withdrawn, to 1e-6 relative (`rareflow balance --year Y --json`);
#   - recycling never yields more of an element than the scrap holds:
#     recycled + recycling loss <= swarf + end-of-life scrap, every year
#     (to 0.2 t: the price probes' kg);
#   - every decision arrives after it is taken, and nothing decided during
#     the run arrives before its decision year plus one.
# Usage: years.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$RF" run --json --quiet >"$tmp/run.json" 2>"$tmp/err" || {
  bad "run --json -> exit $? ($(head -c 300 "$tmp/err"))"
  finish; exit 1
}
msg=$("$PY" - "$tmp/run.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
ys = [y["year"] for y in d["years"]]
if ys != list(range(2024, 2041)): print("years", ys)
for y in d["years"]:
    Y = y["year"]
    if y["status"] != "optimal": print(Y, "status", y["status"])
    for key in ("in_use_stock", "capacity", "production", "trade", "eol_scrap", "recycled", "capex"):
        for row in y.get(key) or []:
            v = row.get("t", row.get("usd"))
            if v is None or v < -1e-9: print(Y, key, "negative or missing", row)
    for row in y.get("stockpile") or []:
        for k, v in row.items():
            if isinstance(v, (int, float)) and k.endswith("_t") and v < -1e-9: print(Y, "stockpile", row)
    for p in y["projects"]:
        if p["decided"] is not None and p["arrives"] is not None and p["arrives"] <= p["decided"]:
            print(Y, "project arrives before it is decided", p["id"], p["decided"], p["arrives"])
        if p["decided"] is not None and p["decided"] >= 2024 and p["decided"] > Y:
            print(Y, "project decided in the future", p["id"], p["decided"])
# The stock of magnets in use grows while demand grows (no year loses more than it gains).
tot = {y["year"]: sum(r["t"] for r in y["in_use_stock"]) for y in d["years"]}
if not tot[2040] > tot[2024]: print("in-use stock does not grow", tot[2024], tot[2040])
PYEOF
)
if [ -n "$msg" ]; then bad "baseline run: $msg"; else ok; fi

# Element balance and recycling, year by year and summed over the horizon.
for Y in $(seq 2024 2040); do
  "$RF" balance --year "$Y" --json >"$tmp/bal$Y.json" 2>"$tmp/err" ||
    bad "balance --year $Y -> exit $? ($(head -c 200 "$tmp/err"))"
done
msg=$("$PY" - "$tmp" <<'PYEOF'
import json, sys, collections
tmp = sys.argv[1]
inp, out = collections.defaultdict(float), collections.defaultdict(float)
for Y in range(2024, 2041):
    try:
        d = json.load(open(f"{tmp}/bal{Y}.json"))
    except Exception as e:
        print(Y, "no balance", e); continue
    if d["year"] != Y: print(Y, "balance of year", d["year"])
    for c in d["closure"]:
        if not c["relative_error"] <= 1e-6: print(Y, c["element"], "closure", c["relative_error"])
        inp[c["element"]] += c["inputs_t"]; out[c["element"]] += c["outputs_t"]
    by = collections.defaultdict(float)
    for l in d["lines"]:
        # "disposed" carries the price probes' net kg, which may be a few kg below 0.
        if l["t"] < (-0.2 if l["stage"] == "disposed" else -1e-9): print(Y, "negative line", l)
        by[(l["element"], l["stage"])] += l["t"]
    for el in {e for e, _ in by}:
        used = by[(el, "recycled")] + by[(el, "recycling_loss")]
        held = by[(el, "swarf")] + by[(el, "eol_scrap")]
        # The price probes give each origin pool up to 0.01 t (docs/model.md, "One
        # answer whatever the solver's path"); a recycler may use what they give.
        if used > held * (1 + 1e-9) + 0.2: print(Y, el, "recycling", used, "> scrap", held)
    if by[("REO", "eol_scrap")] <= 0 and Y >= 2026: print(Y, "no end-of-life scrap enters the balance")
for el in inp:
    if abs(inp[el] - out[el]) > 1e-6 * max(1.0, inp[el]): print("horizon", el, inp[el], out[el])
if not inp: print("no closure lines")
PYEOF
)
if [ -n "$msg" ]; then bad "balance: $msg"; else ok; fi

finish
