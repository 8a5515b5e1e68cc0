#!/usr/bin/env bash
# End-to-end: `rareflow finance`, one project's NPV, IRR, payback, break-even floor
# and sensitivities.  On the investment toy of tests/data/invest (b-mine solved by
# hand in tests/sim/test_sim.c and tests/e2e/project.sh) the numbers are checked
# against the hand derivation; on the real dataset, the JSON contract (every key,
# contiguous years, npv_usd = sum net_usd / (1 + rate)^i, the seven lines adding
# up, NPV 0 at the IRR); then --list and the usage errors (exit 2).
# Usage: finance.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
ROOT=$2
INVEST=$ROOT/tests/data/invest
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cat >"$tmp/spike.yaml" <<EOF
name: spike
data: $INVEST
years: 2024:2030
shocks:
  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}
EOF

# b-mine decided at the end of 2026 (expected price 22 USD/kg, no tax, no royalty):
# capex 250k in 2026 and 2027, then 60 t x 1000 x (22 - 14) = 480k a year for 20 years.
# NPV at r: -250k - 250k/(1+r) + 480k/(1+r) a(20, r):
#   10% 3,237,736.8959; 9.75% 3,310,111.9090; 11% 2,968,376.1228; 5% 5,208,915.2042.
# Prices -20%: 60 x 1000 x 17.6 - 840k = 216k a year: 1,194,481.6032; +20%: 744k:
# 5,280,992.1886.  IRR 0.70878828 (bisection, tests/sim/test_sim.c); payback in 2029.
# It makes no NdPr: no break-even floor, with the reason.
check_json spike '
near("npv_usd", d["npv_usd"], 3237736.8959, 1e-3)
near("irr", d["irr"], 0.7087882805047664, 1e-9)
near("discount_rate", d["discount_rate"], 0.1, 1e-12)
s = d["sensitivity"]
near("-25bp", s["npv_rate_minus_25bp"], 3310111.9090, 1e-3)
near("+100bp", s["npv_rate_plus_100bp"], 2968376.1228, 1e-3)
near("-20%", s["npv_prices_minus_20pct"], 1194481.6032, 1e-3)
near("+20%", s["npv_prices_plus_20pct"], 5280992.1886, 1e-3)
for k, v in {"project": "b-mine", "scenario": "spike", "decided": 2026, "arrives": 2028, "irr_reason": None,
             "payback_year": 2029, "breakeven_floor_usd_per_kg": None, "price_path": "run",
             "ndpr_product": None}.items():
    if d.get(k, "missing") != v: print(k, d.get(k, "missing"), "want", v)
if not str(d.get("breakeven_reason")).startswith("makes no NdPr"): print("breakeven_reason", d.get("breakeven_reason"))
c = d["cashflows"]
if [r["year"] for r in c] != list(range(2026, 2048)): print("years", [r["year"] for r in c])
keys = {"year", "capex_usd", "revenue_usd", "opex_usd", "tax_usd", "support_usd", "net_usd"}
if set(c[0]) != keys: print("row keys", sorted(c[0]))
near("capex 2026", c[0]["capex_usd"], 250e3, 1e-6)
near("net 2027", c[1]["net_usd"], -250e3, 1e-6)
near("revenue 2028", c[2]["revenue_usd"], 60 * 1000 * 22, 1e-6)
near("opex 2028", c[2]["opex_usd"], 60 * 1000 * 14, 1e-6)
near("net 2047", c[-1]["net_usd"], 480e3, 1e-6)
near("support", sum(abs(r["support_usd"]) + abs(r["tax_usd"]) for r in c), 0, 1e-9)
' "$RF" finance b-mine "$tmp/spike.yaml" --year 2026 --json

# --rate replaces the region's rate (finance.csv: 10%) everywhere, sensitivities too.
check_json rate5 '
near("npv_usd", d["npv_usd"], 5208915.2042, 1e-3)
near("discount_rate", d["discount_rate"], 0.05, 0)
near("irr", d["irr"], 0.7087882805047664, 1e-9)
' "$RF" finance b-mine "$tmp/spike.yaml" --year 2026 --rate 0.05 --json

# The default decision year is the scenario's first (the project has no earliest
# decision): in 2024, at 10.6, the mine idles every year: capex only, no IRR with
# "no sign change", no payback, NPV -250k - 250k/1.1.
check_json spike2024 '
near("npv_usd", d["npv_usd"], -250e3 - 250e3 / 1.1, 1e-6)
for k, v in {"decided": 2024, "irr": None, "irr_reason": "no sign change", "payback_year": None}.items():
    if d.get(k, "missing") != v: print(k, d.get(k, "missing"), "want", v)
' "$RF" finance b-mine "$tmp/spike.yaml" --json

# The readable report.
if "$RF" finance b-mine "$tmp/spike.yaml" --year 2026 >"$tmp/text" 2>"$tmp/err"; then
  for pat in "finance of b-mine in scenario \"spike\", decided at the end of 2026" "NPV to the investor +3.24 MUSD" \
             "IRR +70.88% a year" "payback +2029" "break-even NdPr floor +none: it makes no NdPr" \
             "NPV at prices -20% +1.19 MUSD" "^  2047 " "^  total "; do
    grep -Eq -e "$pat" "$tmp/text" && ok || bad "finance text lacks /$pat/"
  done
else
  bad "finance text -> exit $? ($(head -c 200 "$tmp/err"))"
fi

# --list: the projects of the dataset, one a line.
"$RF" finance --list --data "$INVEST" >"$tmp/list" 2>"$tmp/err" && [ "$(cat "$tmp/list")" = "$(printf 'b-mine\nc-mine')" ] &&
  ok || bad "finance --list on the toy: $(head -c 200 "$tmp/list") $(head -c 200 "$tmp/err")"
"$RF" finance --list >"$tmp/list" 2>"$tmp/err" && [ "$(head -n 1 "$tmp/list")" = au-mt-weld-exp ] &&
  grep -qx us-brook-sep "$tmp/list" && grep -qx gen-us-separation "$tmp/list" &&
  [ "$(wc -l <"$tmp/list")" = "$(($(wc -l <"$ROOT/data/projects.csv") + $(wc -l <"$ROOT/data/candidates.csv") - 2))" ] &&
  ok || bad "finance --list on data/: $(head -c 200 "$tmp/err")"

# The real dataset: the contract, on a separation plant that makes NdPr, a mine that
# does not, and a flat NdPr price.
contract='
cf = d["cashflows"]; yrs = [c["year"] for c in cf]
for k in ("project", "discount_rate", "npv_usd", "irr", "irr_reason", "payback_year",
          "breakeven_floor_usd_per_kg", "breakeven_reason", "sensitivity", "cashflows"):
    if k not in d: print("no", k)
if yrs != list(range(yrs[0], yrs[0] + len(yrs))) or yrs[0] != d["decided"]: print("years", yrs[:3])
r = d["discount_rate"]; npv = lambda k: sum(c["net_usd"] / (1 + k)**i for i, c in enumerate(cf))
near("npv", npv(r), d["npv_usd"], 1e-6 * abs(d["npv_usd"]) + 1e-3)
if (d["irr"] is None) != (d["irr_reason"] is not None): print("irr", d["irr"], d["irr_reason"])
if d["irr"] is not None: near("npv at irr", npv(d["irr"]), 0, 1e-6 * sum(abs(c["net_usd"]) for c in cf))
for c in cf:
    near("lines %d" % c["year"], c["revenue_usd"] + c["support_usd"] - c["opex_usd"] - c["tax_usd"] - c["capex_usd"],
         c["net_usd"], 1e-6 * max(1, abs(c["revenue_usd"]), abs(c["capex_usd"])))
if (d["breakeven_floor_usd_per_kg"] is None) and not d["breakeven_reason"]: print("floor null without a reason")
'
check_json brook_sep "$contract"'
if d["ndpr_product"] != "oxide:NdPr" or not d["breakeven_floor_usd_per_kg"] > 0: print("floor", d["breakeven_floor_usd_per_kg"])
' "$RF" finance us-brook-sep --json
check_json brook_sep_flat "$contract"'
if d["price_path"] != "flat" or d["flat_usd_per_kg"] != 110: print("flat", d["price_path"], d["flat_usd_per_kg"])
' "$RF" finance us-brook-sep --price-path flat:110 --json
check_json brook_sep_ref "$contract"'
if d["price_path"] != "reference": print("path", d["price_path"])
' "$RF" finance us-brook-sep --price-path reference --rate 0.1 --json
check_json mt_weld "$contract"'
if d["breakeven_floor_usd_per_kg"] is not None or not d["breakeven_reason"].startswith("makes no NdPr"): print("floor", d["breakeven_reason"])
' "$RF" finance au-mt-weld-exp --json

# Usage errors and bad input: exit 2, the id or the flag named.
expect_exit 2 "project: unknown project .x-mine." "$RF" finance x-mine "$tmp/spike.yaml"
expect_exit 2 "project: unknown project .nope." "$RF" finance nope --json
expect_exit 2 "finance: expects a project id" "$RF" finance
expect_exit 2 "--list: lists the projects" "$RF" finance --list b-mine
expect_exit 2 "--rate: expects a discount rate as a fraction" "$RF" finance b-mine --rate 8
expect_exit 2 "--rate: expects a discount rate" "$RF" finance b-mine --rate x
expect_exit 2 "--rate: needs a value" "$RF" finance b-mine --rate
expect_exit 2 "--price-path: expects run, reference or flat:USD" "$RF" finance b-mine --price-path spot
expect_exit 2 "--price-path: flat: expects an NdPr price" "$RF" finance b-mine --price-path flat:-3
expect_exit 2 "--price-path: flat: sets the NdPr price, and b-mine makes no NdPr" \
  "$RF" finance b-mine "$tmp/spike.yaml" --price-path flat:100
expect_exit 2 "--year: 2031 is not a year" "$RF" finance b-mine "$tmp/spike.yaml" --year 2031
expect_exit 2 "--out: unknown option" "$RF" finance b-mine --out x
expect_exit 0 "" "$RF" finance --help

finish
