#!/usr/bin/env bash
# End-to-end: `rareflow project`, one project's economics as the simulation
# values it, on the investment toy of tests/data/invest (solved by hand in
# tests/sim/test_sim.c): the JSON document read with Python's json (strict:
# NaN or Infinity fail), its numbers against the hand derivation, the
# readable report, and the usage errors (exit 2, the flag or id named).
# Usage: project.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
ROOT=$2
INVEST=$ROOT/tests/data/invest
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The demand spike of test_sim.c: the price is 22 in 2026; the run decides b-mine at
# the end of 2026.
cat >"$tmp/spike.yaml" <<EOF
name: spike
data: $INVEST
years: 2024:2030
shocks:
  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}
EOF

# b-mine valued at the end of 2026 (expectations: last year's price, 22):
# NPV = -250k - 250k/1.1 + 480k/1.1 a(20, 10%) = 3,237,736.8959; IRR 0.70878828 (by
# bisection in Python, tests/sim/test_sim.c); payback 2 + 20/480 years, in 2029.
check_json spike2026 '
near("npv_usd", d["npv_usd"], 3237736.8959, 1e-3)
near("irr", d["irr"], 0.7087882805047664, 1e-9)
near("payback_years", d["payback_years"], 2 + 20 / 480, 1e-12)
near("gov_cost_pv_usd", d["gov_cost_pv_usd"], 0, 1e-9)
near("capex_usd", d["capex_usd"], 500e3, 1e-6)
near("discount_rate", d["discount_rate"], 0.1, 1e-12)
want = {"project": "b-mine", "scenario": "spike", "decided": 2026, "arrives": 2028,
        "decided_by_run": 2026, "blocked": False, "recipe": "mine-o", "irr_note": None,
        "payback_year": 2029, "region": "A", "stage": "mine", "operator": "B Co"}
for k, v in want.items():
    if d.get(k, "missing") != v: print(k, d.get(k, "missing"), "want", v)
y = d["years"]
if len(y) != 22 or y[0]["year"] != 2026 or y[-1]["year"] != 2047: print("years", len(y), y[0]["year"], y[-1]["year"])
keys = {"year", "capex_usd", "revenue_usd", "opex_usd", "floor_topup_usd", "royalty_usd", "tax_usd",
        "grant_usd", "loan_draw_usd", "interest_usd", "principal_usd", "investor_usd", "gov_cost_usd"}
if not keys <= set(y[0]): print("missing keys", keys - set(y[0]))
near("capex 2027", y[1]["capex_usd"], 250e3, 1e-6)
near("revenue 2028", y[2]["revenue_usd"], 60 * 1000 * 22, 1e-6)
near("opex 2028", y[2]["opex_usd"], 60 * 1000 * 14, 1e-6)
near("investor 2026", y[0]["investor_usd"], -250e3, 1e-6)
near("investor 2047", y[-1]["investor_usd"], 480e3, 1e-6)
o = d["outputs"]
if len(o) != 1 or o[0]["product"] != "concentrate:o" or len(o[0]["price_usd_per_kg"]) != 22: print("outputs", o)
else: near("price 2028", o[0]["price_usd_per_kg"][2], 22, 1e-9)
' "$RF" project b-mine "$tmp/spike.yaml" --year 2026 --json

# The default year is the horizon's first, 2024, before the spike: at 10.6 the mine idles
# every year, so the cash flow never changes sign: no IRR (null, with the reason), no
# payback, and the run has decided nothing by then.
check_json spike2024 '
near("npv_usd", d["npv_usd"], -250e3 - 250e3 / 1.1, 1e-6)
for k, v in {"decided": 2024, "arrives": 2026, "decided_by_run": None, "irr": None,
             "irr_note": "no IRR: the cash flow never changes sign", "payback_years": None,
             "payback_year": None}.items():
    if d.get(k, "missing") != v: print(k, d.get(k, "missing"), "want", v)
' "$RF" project b-mine "$tmp/spike.yaml" --json

# A block: nothing valued, every number null.
cat >"$tmp/block.yaml" <<EOF
name: block
data: $INVEST
years: 2024:2030
project_blocks:
  - {name: nb, projects: [c-mine], from: 2024}
EOF
check_json blocked '
for k, v in {"blocked": True, "npv_usd": None, "irr": None, "capex_usd": None, "arrives": None,
             "payback_years": None, "gov_cost_pv_usd": None, "years": [], "outputs": []}.items():
    if d.get(k, "missing") != v: print(k, d.get(k, "missing"), "want", v)
' "$RF" project c-mine "$tmp/block.yaml" --json

# The readable report: the header, the measures in words, the table to the last year.
if "$RF" project b-mine "$tmp/spike.yaml" --year 2026 >"$tmp/text" 2>"$tmp/err"; then
  for pat in "project b-mine in scenario \"spike\", valued as decided at the end of 2026" \
             "decided by the run in 2026" "first production 2028" "recipe mine-o" \
             "NPV to the investor +3.24 MUSD" "IRR +70.88% a year" "payback +2029 \(2.04 years" \
             "^  2047 " "^  total "; do
    grep -Eq -e "$pat" "$tmp/text" && ok || bad "project text lacks /$pat/"
  done
else
  bad "project text -> exit $? ($(head -c 200 "$tmp/err"))"
fi
"$RF" project b-mine "$tmp/spike.yaml" >"$tmp/text" 2>&1 && grep -q "IRR  *no IRR: the cash flow never changes sign" "$tmp/text" &&
  grep -q "payback  *never" "$tmp/text" && ok || bad "project text without an IRR"

# Usage errors: exit 2, the id or the flag named.
expect_exit 2 "project: unknown project .x-mine." "$RF" project x-mine "$tmp/spike.yaml"
expect_exit 2 "--year: 2031 is not a year of scenario \"spike\" \(2024-2030\)" "$RF" project b-mine "$tmp/spike.yaml" --year 2031
expect_exit 2 "--year: 2023 is not a year" "$RF" project b-mine "$tmp/spike.yaml" --year 2023
expect_exit 2 "project: expects a project id" "$RF" project
expect_exit 2 "--year: expects one year" "$RF" project b-mine "$tmp/spike.yaml" --year 2026:2027
expect_exit 2 "--out: unknown option" "$RF" project b-mine "$tmp/spike.yaml" --out x
expect_exit 2 "unexpected argument" "$RF" project b-mine "$tmp/spike.yaml" extra.yaml
expect_exit 0 "" "$RF" project --help

finish
