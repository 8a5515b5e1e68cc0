#!/usr/bin/env bash
# End-to-end: the rareflow CLI on the toy world.  Checks exit codes, the
# file:line: field form of errors, the JSON contract with the toy's
# hand-derived numbers (tests/data/toy/README.md), the CSV tables, and the
# MPS file solved again by an independent solver when one is installed.
# Usage: cli.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
ROOT=$2
TOY=$ROOT/tests/data/toy
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

expect_exit 0 "" "$RF" data check --data "$TOY"
expect_exit 0 "" "$RF" --help
expect_exit 2 "unknown command" "$RF" frobnicate
expect_exit 2 "--bogus: unknown option" "$RF" run --data "$TOY" --bogus
expect_exit 2 "--years" "$RF" run --data "$TOY" --years 2030:2024
expect_exit 2 "--data: needs a value" "$RF" run --data
expect_exit 2 "cannot open" "$RF" run /nonexistent/x.yaml
expect_exit 2 "regions.csv" "$RF" run --data /nonexistent/dir

# Bad dataset: a duplicated facility row names facilities.csv and its line.
cp -r "$TOY" "$tmp/bad"
tail -n 1 "$tmp/bad/facilities.csv" >>"$tmp/bad/facilities.csv"
n=$(wc -l <"$tmp/bad/facilities.csv")
expect_exit 2 "facilities.csv:$n: id: duplicate facility" "$RF" data check --data "$tmp/bad"

# Bad scenarios: malformed YAML, unknown key, unknown region (found after loading the world).
printf 'name: broken\nyears: [2024\n  demand: : :\n' >"$tmp/broken.yaml"
expect_exit 2 "broken.yaml:[0-9]+:" "$RF" run "$tmp/broken.yaml" --data "$TOY"
printf 'name: x\nbogus_key: 1\n' >"$tmp/unknown.yaml"
expect_exit 2 "unknown.yaml:2: bogus_key: unknown key" "$RF" run "$tmp/unknown.yaml" --data "$TOY"
printf 'name: x\ndemand:\n  - {region: XX, sector: wind, factor: 1.1}\n' >"$tmp/region.yaml"
expect_exit 2 "region.yaml:3: demand.region: unknown region .XX." "$RF" run "$tmp/region.yaml" --data "$TOY"
printf 'name: x\ncapacity:\n  - {facility: cn-mine, factor: -1}\n' >"$tmp/neg.yaml"
expect_exit 2 "neg.yaml:3: capacity.factor" "$RF" run "$tmp/neg.yaml" --data "$TOY"

# Bad levers: each names the scenario file, the line and the field, and exits 2.
lever() { printf 'name: x\n%s\n' "$2" >"$tmp/lever.yaml"; expect_exit 2 "$1" "$RF" run "$tmp/lever.yaml" --data "$TOY"; }
lever "lever.yaml:2: embargoes: unknown key" 'embargoes: []'
lever "lever.yaml:3: tariffs.bogus: unknown key" $'tariffs:\n  - {origin: CN, destination: US, products: "*", rate: 1, bogus: 2}'
lever "lever.yaml:3: tariffs.origin: unknown region .XX." $'tariffs:\n  - {origin: XX, destination: US, products: "*", rate: 1}'
lever "lever.yaml:3: tariffs.products: unknown product .oxide:Zz." $'tariffs:\n  - {origin: CN, destination: US, products: [oxide:Zz], rate: 1}'
lever "lever.yaml:3: tariffs.rate: must be >= 0" $'tariffs:\n  - {origin: CN, destination: US, products: "*", rate: -1}'
lever "lever.yaml:3: tariffs.rate: missing key" $'tariffs:\n  - {origin: CN, destination: US, products: "*"}'
lever "lever.yaml:3: export_controls.share: must be within \[0, 1\]" $'export_controls:\n  - {exporter: CN, products: "*", mode: licence, share: 1.5}'
lever "lever.yaml:3: export_controls.mode: unknown mode" $'export_controls:\n  - {exporter: CN, products: "*", mode: embargo}'
lever "lever.yaml:3: export_controls.quota_t: missing key" $'export_controls:\n  - {exporter: CN, products: "*", mode: quota}'
lever "lever.yaml:3: sanctions.to: ends before it starts" $'sanctions:\n  - {between: CN, and: US, from: 2026, to: 2025}'
lever "lever.yaml:3: shocks.from: .2025-02-30. is not a year" $'shocks:\n  - {type: outage, facility: cn-mine, factor: 0.5, from: 2025-02-30}'
lever "lever.yaml:3: shocks.facility: unknown facility" $'shocks:\n  - {type: outage, facility: nowhere, factor: 0.5}'
lever "lever.yaml:3: shocks.factor: an outage factor" $'shocks:\n  - {type: outage, facility: cn-mine, factor: 1.5}'
lever "lever.yaml:3: shocks.type: unknown shock" $'shocks:\n  - {type: flood, facility: cn-mine}'

lever "lever.yaml:3: price_floors.facility: unknown facility" $'price_floors:\n  - {facility: nowhere, product: oxide:NdPr, floor: 110, payer: US}'
lever "lever.yaml:3: price_floors.product: facility .us-sep. does not make .magnet:NdFeB." $'price_floors:\n  - {facility: us-sep, product: magnet:NdFeB, floor: 110, payer: US}'
lever "lever.yaml:3: price_floors.floor: must be >= 0" $'price_floors:\n  - {facility: us-sep, product: oxide:NdPr, floor: -1, payer: US}'
lever "lever.yaml:3: price_floors.payer: missing required key" $'price_floors:\n  - {facility: us-sep, product: oxide:NdPr, floor: 110}'
lever "lever.yaml:3: offtakes.share: must be within \[0, 1\]" $'offtakes:\n  - {facility: jp-magnet, product: magnet:NdFeB, buyer: US, share: 2}'
lever "lever.yaml:3: offtakes.buyer: unknown region" $'offtakes:\n  - {facility: jp-magnet, product: magnet:NdFeB, buyer: XX, share: 1}'
lever "lever.yaml:3: stockpiles.release_price: release price" $'stockpiles:\n  - {region: US, product: oxide:Dy, target_t: 10, fill_price: 300, fill_rate_t: 5, release_price: 200, release_rate_t: 5}'
lever "lever.yaml:3: stockpiles.product: names one product" $'stockpiles:\n  - {region: US, product: [oxide:Dy, oxide:Tb], target_t: 10, fill_price: 300, fill_rate_t: 5, release_price: 600, release_rate_t: 5}'
lever "lever.yaml:3: sourcing_rules.demand: .US:navy. matches no demand row" $'sourcing_rules:\n  - {name: r, demand: ["US:navy"], exclude: [CN]}'
lever "lever.yaml:3: sourcing_rules.tariff_free: .maybe. is not true or false" $'sourcing_rules:\n  - {name: r, demand: ["US:defense"], exclude: [CN], tariff_free: maybe}'
lever "lever.yaml:5: content_rules: one sourcing or content rule per scenario" $'sourcing_rules:\n  - {name: r, demand: ["US:defense"], exclude: [CN]}\ncontent_rules:\n  - {exporter: CN}'
lever "lever.yaml:3: content_rules.exporter: unknown region" $'content_rules:\n  - {exporter: ZZ}'

# A year that is infeasible is a status, and the run still exits 0.
printf 'name: x\nofftakes:\n  - {facility: a-mine, product: concentrate:o, buyer: B, share: 1}\nexport_controls:\n  - {exporter: A, destinations: B, products: "*", mode: ban}\n' >"$tmp/inf.yaml"
if "$RF" run "$tmp/inf.yaml" --data "$ROOT/tests/data/two_region" --json >"$tmp/inf.json" 2>"$tmp/err"; then
  "$PY" -c 'import json,sys; y=json.load(open(sys.argv[1]))["years"][0]; assert y["status"]=="infeasible" and y["objective"] is None and y["prices"]==[], y["status"]' "$tmp/inf.json" && ok || bad "infeasible year JSON"
else
  bad "an infeasible year made the run fail: $(head -c 200 "$tmp/err")"
fi

# compare: two scenarios on the toy world, as JSON and as text.
printf 'name: a\ndata: %s\n' "$TOY" >"$tmp/a.yaml"
printf 'name: b\ndata: %s\ntariffs:\n  - {origin: CN, destination: US, products: ["magnet:*"], specific: 5}\n' "$TOY" >"$tmp/b.yaml"
if "$RF" compare "$tmp/a.yaml" "$tmp/b.yaml" --json >"$tmp/cmp.json" 2>"$tmp/err"; then
  "$PY" - "$tmp/cmp.json" <<'PY' && ok || bad "compare JSON"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["a"] == "a" and c["b"] == "b"
y = c["years"][0]
p = {(r["region"], r["product"]): r for r in y["prices"]}
assert p["US", "magnet:NdFeB"]["b"] > p["US", "magnet:NdFeB"]["a"], p["US", "magnet:NdFeB"]
assert p["US", "magnet:NdFeB"]["change"] <= 5 + 1e-9
assert any(r["region"] == "US" and r["b"] > 0 for r in y["tariff_revenue"])
PY
else
  bad "compare failed: $(head -c 300 "$tmp/err")"
fi
"$RF" compare "$tmp/a.yaml" "$tmp/b.yaml" >"$tmp/cmp.txt" 2>&1 && grep -q "tariff_revenue" "$tmp/cmp.txt" && ok || bad "compare text"
expect_exit 2 "compare: expects two scenario files" "$RF" compare "$tmp/a.yaml"
# On the shipped data the two scenarios are the same lever in 2025 (the
# exemption starts in 2026): by-product prices that differ by the solver's
# tolerance (0 against 5e-5 USD/kg) are not differences, so 2025 lists none.
if "$RF" compare "$ROOT/scenarios/tariff-200.yaml" "$ROOT/scenarios/magnet-exemption.yaml" --json >"$tmp/cmp2.json" 2>"$tmp/err"; then
  "$PY" - "$tmp/cmp2.json" <<'PY' && ok || bad "compare: noise below 1e-4 USD/kg listed as a price difference"
import json, sys
c = json.load(open(sys.argv[1]))
years = {y["year"]: y for y in c["years"]}
assert 2025 not in years or years[2025]["prices"] == [], years[2025]["prices"]
assert all(abs(r["a"] - r["b"]) > 1e-4 for y in c["years"] for r in y["prices"])
assert any(r["product"].startswith("magnet:") for r in years[2026]["prices"])
PY
else
  bad "compare of shipped scenarios failed: $(head -c 300 "$tmp/err")"
fi

# The JSON contract and the toy's hand-derived equilibrium.
if "$RF" run --data "$TOY" --json --years 2024:2025 --write-lp "$tmp/lp" --out "$tmp/csv" >"$tmp/run.json" 2>"$tmp/err"; then
  ok
  "$PY" - "$tmp/run.json" <<'PY' && ok || bad "JSON contract or toy numbers (see above)"
import json, math, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d["scenario"], str)
assert [y["year"] for y in d["years"]] == [2024, 2025]
need = {"year", "status", "objective", "prices", "production", "trade", "shares", "hhi", "shortage", "demand_response",
        "converged", "iterations", "policies_active", "tariff_revenue", "export_wedge", "export_tax_revenue",
        "quota_rent"}
sub = {"prices": {"region", "product", "usd_per_kg", "supply_t"}, "production": {"facility", "region", "stage", "product", "t"},
       "trade": {"from", "to", "product", "t"}, "shares": {"stage", "region", "share"},
       "hhi": {"stage", "value"}, "shortage": {"region", "sector", "t", "share"},
       "demand_response": {"region", "sector", "t", "share"}}
for y in d["years"]:
    assert not need - set(y), need - set(y)
    assert y["status"] == "optimal"
    for k, keys in sub.items():
        for r in y[k]:
            assert not keys - set(r), (k, keys - set(r))
            for v in r.values():
                assert not isinstance(v, float) or math.isfinite(v)
y = d["years"][0]
P = {(p["region"], p["product"]): p["usd_per_kg"] for p in y["prices"]}
def near(a, b, tol=1e-6):
    assert abs(a - b) <= tol * max(1, abs(b)), (a, b)
ndpr = 7.5 / 0.19                      # US ore, shipped to CN and separated there, is marginal
near(P["CN", "oxide:NdPr"], ndpr)
m = (5 + ndpr) / 0.8                   # NdPr metal in CN
near(P["CN", "metal:NdPr"], m)
near(P["CN", "magnet:NdFeB"], 10 + 0.3 * m)
near(P["US", "magnet:NdFeB"], 12 + 0.3 * m)
near(P["JP", "magnet:NdFeB"], 12 + 0.3 * m)
dy = (0.01 * m + 1.2) / 0.012          # Dy metal at the conventional/GBD parity
near(P["CN", "metal:Dy"], dy)
near(P["CN", "oxide:Dy"], 0.8 * dy - 5)
near(P["CN", "oxide:Ce"], 0.0)
S = {(s["region"], s["sector"], s["product"]): s for s in y["shortage"]}
assert all(s["t"] == 0 for s in y["shortage"]), "no shortage in the toy"
# Mining shares and HHI from the hand derivation (README step 7: US 1,405 t, CN 1,000 t, AU 100 t).
sh = {(s["stage"], s["region"]): s["share"] for s in y["shares"]}
near(sh["mining", "US"], 1405 / 2505)
near(sh["mining", "CN"], 1000 / 2505)
near(sh["mining", "AU"], 100 / 2505)
H = {h["stage"]: h["value"] for h in y["hhi"]}
near(H["mining"], 1e4 * (1405**2 + 1000**2 + 100**2) / 2505**2)
# Element-resolved concentration (every ore is 15% Nd, so Nd mining follows the REO mined; only
# the AU clay holds Dy) and import reliance (README steps 5-7: the US ships 1,305 of its 1,405 t
# of concentrate to CN and separates 100 t; JP makes 100 of the 180 t of magnets it uses).
E = {(h["stage"], h["element"]): h["value"] for h in y["hhi_by_element"]}
near(E["mining", "Nd"], H["mining"])
near(E["mining", "Dy"], 1e4)
near(E["separation", "Tb"], 1e4)
T = {(t["stage"], t["element"]): t["share"] for t in y["top3"]}
near(T["mining", "REO"], 1.0)
for r in y["shares_by_element"]:
    assert not {"stage", "element", "region", "share"} - set(r), r
IR = {(r["region"], r["product"]): r["share"] for r in y["import_reliance"]}
near(IR["US", "concentrate:bastnaesite"], -1305 / 100)
near(IR["CN", "concentrate:bastnaesite"], 1305 / 2305)
near(IR["CN", "concentrate:clay"], 1.0)
near(IR["US", "magnet:NdFeB"], 1.0)
near(IR["JP", "magnet:NdFeB"], 80 / 180)
assert ("US", "oxide:NdPr") not in IR, "the US uses none of its NdPr oxide"
assert d["years"][1]["objective"] == y["objective"] or abs(d["years"][1]["objective"] - y["objective"]) < 1e-6 * abs(y["objective"])
PY
else
  bad "run --json failed: $(head -c 300 "$tmp/err")"
fi

# CSV tables, written whole.
for t in years prices production trade shares hhi shortage demand_response capacity projects capex \
         in_use_stock eol_scrap recycled government_cost shares_by_element hhi_by_element top3 \
         import_reliance; do
  [ -s "$tmp/csv/$t.csv" ] && ok || bad "--out did not write $t.csv"
done
ls "$tmp/csv" | grep -q '\.tmp$' && bad "--out left a temporary file" || ok

# The MPS file, solved again by HiGHS (Debian's scipy, a dependency `make deps` installs: no
# skipping), gives our objective: on the toy, on the 2024 world, and on a year with levers.
[ -s "$tmp/lp-2024.mps" ] && [ -s "$tmp/lp-2025.mps" ] && ok || bad "--write-lp did not write PREFIX-YEAR.mps"
ls "$tmp" | grep -q 'partial' && bad "--write-lp left a partial file" || ok
PEER=$ROOT/tests/tools/mps_peer.py
peer_check() { # peer_check RUN_JSON MPS LABEL
  local out; out=$("$PY" "$PEER" "$2" 2>&1)
  "$PY" - "$1" "$out" <<'PY' && ok || bad "$3: MPS objective differs from HiGHS: $out"
import json, re, sys
o = json.load(open(sys.argv[1]))["years"][0]["objective"]
p = float(re.search(r"objective=(\S+)", sys.argv[2]).group(1))
assert abs(o - p) <= 1e-6 * max(1, abs(o)), (o, p)
PY
}
peer_check "$tmp/run.json" "$tmp/lp-2024.mps" "toy"
"$RF" run --json --write-lp "$tmp/base" >"$tmp/base.json" 2>"$tmp/err" && peer_check "$tmp/base.json" "$tmp/base-2024.mps" "2024 world" || bad "baseline --write-lp: $(head -c 200 "$tmp/err")"
"$RF" run "$ROOT/scenarios/us-2025.yaml" --years 2027 --json --write-lp "$tmp/lev" >"$tmp/lev.json" 2>"$tmp/err" && peer_check "$tmp/lev.json" "$tmp/lev-2027.mps" "us-2025 in 2027" || bad "us-2025 --write-lp: $(head -c 200 "$tmp/err")"

# The calibrated world: data check applies the merit rule; a 2024 plant priced out of merit is bad input.
DATA=$ROOT/data
expect_exit 0 "" "$RF" data check --data "$DATA"
cp -r "$DATA" "$tmp/merit"
sed -i 's/^\(cn-sep-domestic,.*,270000,\)[0-9.]*,/\19,/' "$tmp/merit/facilities.csv"
expect_exit 2 "facilities.csv:[0-9]+: unit_cost_usd_per_kg: facility .cn-sep-domestic. runs in 2024" "$RF" data check --data "$tmp/merit"

# The element balance: JSON with lines and a closure to 1e-6 for REO, NdPr, Dy and Tb.
if "$RF" balance --data "$DATA" --year 2024 --json >"$tmp/bal.json" 2>"$tmp/err"; then
  "$PY" - "$tmp/bal.json" <<'PY' && ok || bad "balance JSON"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["year"] == 2024 and b["lines"]
assert {c["element"] for c in b["closure"]} == {"REO", "NdPr", "Dy", "Tb"}
assert all(c["relative_error"] <= 1e-6 for c in b["closure"]), b["closure"]
stages = {l["stage"] for l in b["lines"]}
assert {"mined", "separated", "metal_feed", "in_magnets", "consumed", "recycled", "separation_loss"} <= stages, stages
assert all(0 <= l["china_share"] <= 1 for l in b["lines"])
PY
else
  bad "balance --json failed: $(head -c 300 "$tmp/err")"
fi
"$RF" balance --data "$TOY" >"$tmp/bal.txt" 2>&1 && grep -q "closure" "$tmp/bal.txt" && ok || bad "balance summary"
expect_exit 2 "--year: expects one year" "$RF" balance --year 2024:2025

# The readable summary names each stage's unit.
"$RF" run --data "$TOY" >"$tmp/summary.txt" 2>&1 && grep -q "t REO mined" "$tmp/summary.txt" && ok || bad "summary"
"$RF" run --data "$TOY" --quiet >"$tmp/quiet.txt" 2>&1 && [ ! -s "$tmp/quiet.txt" ] && ok || bad "--quiet printed something"

# --lp-primal solves every LP by primal simplex (docs/model.md, "One answer
# whatever the solver's path").  With the tie-break and the price probes (on in
# data/), 2024-2026 gives the same prices and production either way.
expect_exit 2 "--lp-primal: unknown option" "$RF" balance --lp-primal
if "$RF" run --data "$ROOT/data" --years 2024:2026 --json --no-db --quiet >"$tmp/dual.json" 2>"$tmp/err" &&
   "$RF" run --data "$ROOT/data" --years 2024:2026 --json --no-db --quiet --lp-primal >"$tmp/primal.json" 2>>"$tmp/err"; then
  python3 - "$tmp/dual.json" "$tmp/primal.json" <<'PY' && ok || bad "--lp-primal: another answer with the probes on"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
n = 0
for ya, yb in zip(a["years"], b["years"]):
    for key, ids, val in (("prices", ("product", "region"), "usd_per_kg"), ("production", ("facility", "product"), "t")):
        ra = {tuple(r[k] for k in ids): r[val] for r in ya[key]}
        rb = {tuple(r[k] for k in ids): r[val] for r in yb[key]}
        assert ra.keys() == rb.keys(), (ya["year"], key)
        for k in ra:
            n += 1
            assert abs(ra[k] - rb[k]) <= max(1e-6 * abs(ra[k]), 1e-4), (ya["year"], key, k, ra[k], rb[k])
assert n > 500, n
PY
else
  bad "--lp-primal run failed: $(head -c 300 "$tmp/err")"
fi

finish
