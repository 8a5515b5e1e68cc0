#!/usr/bin/env bash
# End-to-end: every class of bad input of issue 8, by hand, through the CLI.
# Each must exit 2 with a message naming the file, the line and the field
# (where the input has them): never a crash, a hang or a half-written result.
# docs/robustness.md lists the same classes with their outcomes.
# Usage: bad_inputs.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
ROOT=$2
TOY=$ROOT/tests/data/toy
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Every command must answer within 20 s: a hang is a failure of its own.
EXPECT_TIMEOUT=20

# yaml NAME PATTERN TEXT: a scenario file with TEXT, run on the toy.
yaml() { printf '%s' "$3" >"$tmp/$1.yaml"; expect_exit 2 "$2" "$RF" run "$tmp/$1.yaml" --data "$TOY" --quiet; }
# toy NAME: a fresh copy of the toy dataset in $tmp/NAME.
toy() { rm -rf "$tmp/$1"; cp -r "$TOY" "$tmp/$1"; }
# cap NAME VALUE: the toy with the first facility's capacity set to VALUE.
cap() { toy "$1"; awk -F, -v v="$2" 'BEGIN{OFS=","} NR==1{for(i=1;i<=NF;i++) if($i=="capacity_t") c=i} NR==2{$c=v} {print}' \
        "$TOY/facilities.csv" >"$tmp/$1/facilities.csv"; }

# --- ids at their limit (64 bytes): LP names join several ids, so a name is
# longer than any id; a facility, its recipes and a region renamed to 64-byte
# ids must give the toy's numbers, not "bad name" ---
toy longids
"$PY" - "$TOY" "$tmp/longids" <<'PY'
import csv, glob, os, sys
src, dst = sys.argv[1], sys.argv[2]
def long_id(i): return (i + "-" + "x" * 64)[:64]
ids = {"US": long_id("US")}
for f, col in (("facilities.csv", "id"), ("recipes.csv", "recipe")):
    for row in csv.DictReader(open(os.path.join(src, f), newline="")):
        ids[row[col]] = long_id(row[col])
for path in glob.glob(os.path.join(src, "*.csv")):
    rows = list(csv.reader(open(path, newline="")))
    out = [rows[0]] + [[";".join(ids.get(p, p) for p in c.split(";")) for c in r] for r in rows[1:]]
    csv.writer(open(os.path.join(dst, os.path.basename(path)), "w", newline=""), lineterminator="\n").writerows(out)
PY
"$RF" run --data "$TOY" --no-db --json >"$tmp/short.json" 2>/dev/null
check_json longids '
a = json.load(open(sys.argv[1].replace("longids.json", "short.json")))
for ya, yb in zip(a["years"], d["years"]):
    near("objective %d" % ya["year"], yb["objective"], ya["objective"], 1e-6 * max(1.0, abs(ya["objective"])))
    pa = sorted(round(p["usd_per_kg"], 6) for p in ya["prices"])
    pb = sorted(round(p["usd_per_kg"], 6) for p in yb["prices"])
    if pa != pb: print("prices", ya["year"], pa[:5], pb[:5])
if not any(len(r["facility"]) == 64 for y in d["years"] for r in y["production"]): print("no 64-byte id in the run")
' "$RF" run --data "$tmp/longids" --no-db --json

# --- files: empty, missing, a folder, CRLF and BOM ---
: >"$tmp/empty.yaml"
expect_exit 2 "empty.yaml: empty scenario" "$RF" run "$tmp/empty.yaml" --data "$TOY"
expect_exit 2 "nowhere.yaml: cannot open" "$RF" run "$tmp/nowhere.yaml" --data "$TOY"
mkdir -p "$tmp/adir.yaml"
expect_exit 2 "adir.yaml: is a folder, not a file" "$RF" run "$tmp/adir.yaml" --data "$TOY"
toy emptytab; : >"$tmp/emptytab/demand.csv"
expect_exit 2 "demand.csv:1: empty file" "$RF" data check --data "$tmp/emptytab"
toy notab; rm "$tmp/notab/trade.csv"
expect_exit 2 "trade.csv: cannot open" "$RF" data check --data "$tmp/notab"
toy dirtab; rm "$tmp/dirtab/regions.csv"; mkdir "$tmp/dirtab/regions.csv"
expect_exit 2 "regions.csv: is a folder" "$RF" data check --data "$tmp/dirtab"
toy crlf; sed -i 's/$/\r/' "$tmp/crlf"/*.csv
for f in "$tmp/crlf"/*.csv; do printf '\xef\xbb\xbf' | cat - "$f" >"$f.x" && mv "$f.x" "$f"; done
expect_exit 0 "" "$RF" data check --data "$tmp/crlf"
printf '\xef\xbb\xbfname: crlf\r\nyears: 2024\r\n' >"$tmp/crlf.yaml"
expect_exit 0 "" "$RF" run "$tmp/crlf.yaml" --data "$TOY" --quiet

# --- numbers: NaN, inf, negative, 1e308, zero capacity, elasticity >= 0 ---
for v in nan inf -1 1e308 0; do cap "cap$v" "$v"; expect_exit 2 "facilities.csv:2: capacity_t" "$RF" data check --data "$tmp/cap$v"; done
toy elast; sed -i 's/^US,defense,magnet:NdFeB-hc,20,60,-0.2,/US,defense,magnet:NdFeB-hc,20,60,0,/' "$tmp/elast/demand.csv"
expect_exit 2 "demand.csv:5: elasticity: must be negative" "$RF" data check --data "$tmp/elast"
yaml nan "nan.yaml:3: demand.factor: ..nan. is not a number" $'name: x\ndemand:\n  - {region: "*", sector: "*", factor: .nan}\n'
yaml neg "neg.yaml:3: capacity.factor: must be >= 0" $'name: x\ncapacity:\n  - {facility: cn-mine, factor: -0.5}\n'
yaml huge "huge.yaml:3: demand.factor: must be <= 1000" $'name: x\ndemand:\n  - {region: "*", sector: "*", factor: 1e308}\n'
yaml t1e9 "t1e9.yaml:3: tariffs.rate: must be <= 100" $'name: x\ntariffs:\n  - {origin: CN, destination: US, products: ["*"], rate: 1e9}\n'
yaml lic "lic.yaml:3: export_controls.share: must be >= 0" $'name: x\nexport_controls:\n  - {exporter: CN, destinations: "*", products: [oxide:Dy], mode: licence, share: -0.1}\n'

# --- ids: duplicates, dangling references, not UTF-8 ---
toy dup; tail -n 1 "$TOY/regions.csv" >>"$tmp/dup/regions.csv"
expect_exit 2 "regions.csv:6: id: duplicate region" "$RF" data check --data "$tmp/dup"
# A supply contract names its volume and its last year, both or neither, within the capacity.
toy contract1; sed -i '1s/$/,contract_t,contract_to/; 2s/$/,100,/' "$tmp/contract1/facilities.csv"
expect_exit 2 "facilities.csv:2: contract_to: a contract gives both" "$RF" data check --data "$tmp/contract1"
toy contract2; sed -i '1s/$/,contract_t,contract_to/; 2s/$/,1e7,2030/' "$tmp/contract2/facilities.csv"
expect_exit 2 "facilities.csv:2: contract_t: the contract's" "$RF" data check --data "$tmp/contract2"
# The short run's tables: switching steps in order with rising premiums, one stock per key, no self-trade.
toy switch1; printf 'family,step,width_share,premium_share,source\nmagnet,1,0.1,0.2,x\nmagnet,2,,0.1,x\n' >"$tmp/switch1/switching.csv"
expect_exit 2 "switching.csv:3: premium_share: .*premiums rise with the steps" "$RF" data check --data "$tmp/switch1"
toy switch2; printf 'family,step,width_share,premium_share,source\nmagnet,2,0.1,0.2,x\n' >"$tmp/switch2/switching.csv"
expect_exit 2 "switching.csv:2: step: " "$RF" data check --data "$tmp/switch2"
toy inv1; printf 'region,product,months,source\nUS,magnet:NdFeB,2,x\nUS,magnet:NdFeB,3,x\n' >"$tmp/inv1/inventories.csv"
expect_exit 2 "inventories.csv:3: product: a second stock" "$RF" data check --data "$tmp/inv1"
toy obs1; printf 'from,to,product,t,source\nCN,CN,magnet:NdFeB,5,x\n' >"$tmp/obs1/trade_2024.csv"
expect_exit 2 "trade_2024.csv:2: to: a flow from CN to itself" "$RF" data check --data "$tmp/obs1"
toy dangle; sed -i 's/^cn-mine,\(.*\),mine-bast,/cn-mine,\1,mine-gone,/' "$tmp/dangle/facilities.csv"
expect_exit 2 "facilities.csv:2: recipes: unknown recipe .mine-gone." "$RF" data check --data "$tmp/dangle"
yaml region "region.yaml:3: tariffs.origin: unknown region .XX." $'name: x\ntariffs:\n  - {origin: XX, destination: US, products: ["*"], rate: 0.1}\n'
yaml fac "fac.yaml:3: capacity.facility: unknown facility" $'name: x\ncapacity:\n  - {facility: nowhere, factor: 0.5}\n'
toy utf; printf 'X\xff,Bad,x\n' >>"$tmp/utf/regions.csv"
expect_exit 2 "regions.csv:6: .*not valid UTF-8" "$RF" data check --data "$tmp/utf"
printf 'name: x\ndemand:\n  - {region: "\xc3\x28", sector: "*", factor: 1}\n' >"$tmp/utf8.yaml"
expect_exit 2 "utf8.yaml:3" "$RF" run "$tmp/utf8.yaml" --data "$TOY"

# --- years ---
yaml rev "rev.yaml:2: years: range 2030:2024 ends before it starts" $'name: x\nyears: 2030:2024\n'
yaml late "late.yaml:2: years: year 2101 is outside 2000..2100" $'name: x\nyears: 2024:2101\n'
expect_exit 2 "--years: expects" "$RF" run --data "$TOY" --years 2024:2101
# --- periods: 1, 2, 4 or 12, in the scenario and on the command line ---
yaml per3 "per3.yaml:2: periods: .3. is not a number of periods a year" $'name: x\nperiods: 3\n'
yaml perq "perq.yaml:2: periods: .quarterly. is not a number of periods" $'name: x\nperiods: quarterly\n'
expect_exit 2 "--periods: expects the periods of a year: 1 .annual., 2, 4 .quarters. or 12" "$RF" run --data "$TOY" --periods 5
expect_exit 2 "--periods: expects" "$RF" run --data "$TOY" --periods 4x
expect_exit 2 "--periods: needs a value" "$RF" run --data "$TOY" --periods
expect_exit 2 "--periods: unknown option" "$RF" balance --data "$TOY" --periods 4
expect_exit 0 "" "$RF" run --data "$TOY" --years 2024 --periods 4 --quiet
yaml date "date.yaml:3: sanctions.from" $'name: x\nsanctions:\n  - {between: CN, and: US, from: 2101-01-01}\n'

# --- YAML structure: anchors, aliases, an alias bomb, nesting, a 1 MB string ---
yaml anchor "anchor.yaml:1: name: YAML anchors" $'name: &n x\n'
yaml alias "alias.yaml:2: years: YAML aliases" $'name: x\nyears: *y\n'
yaml bomb "bomb.yaml:1: a: YAML anchors" $'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
yaml deep "deep.yaml:2: extra: nested deeper than 16 levels" "name: x
extra: $(printf '[%.0s' $(seq 1 50000))$(printf ']%.0s' $(seq 1 50000))
"
{ printf 'name: "'; head -c 1000000 /dev/zero | tr '\0' a; printf '"\n'; } >"$tmp/long.yaml"
expect_exit 2 "long.yaml:1: name: a value of 1000000 bytes" "$RF" run "$tmp/long.yaml" --data "$TOY"
head -c 2000000 /dev/zero | tr '\0' '#' >"$tmp/big.yaml"
expect_exit 2 "big.yaml: file is larger than the limit" "$RF" run "$tmp/big.yaml" --data "$TOY"

# --- levers that cannot work ---
yaml two "two.yaml:3: shocks.exporter: .exporter. does nothing" $'name: x\nshocks:\n  - {type: outage, exporter: CN, region: AU, factor: 0.5}\n'
yaml self "self.yaml:3: tariffs: covers no arc" $'name: x\ntariffs:\n  - {origin: CN, destination: CN, products: ["*"], rate: 0.1}\n'
yaml blank "blank.yaml:3: sourcing_rules.name: .my rule. cannot name a rule" $'name: x\nsourcing_rules:\n  - {name: "my rule", demand: ["US:defense"], exclude: [CN]}\n'
yaml sector "sector.yaml:3: offtakes.sector: unknown key" $'name: x\nofftakes:\n  - {facility: us-sep, product: oxide:NdPr, buyer: US, sector: defense, share: 1}\n'
printf 'name: x\ntariffs:\n  - {origin: CN, destination: US, products: ["*"], rate: 0.1}\n  - {origin: CN, destination: US, products: ["*"], rate: 0.1}\n' >"$tmp/warn.yaml"
expect_exit 0 "warning: .*warn.yaml:4: tariffs: repeats the lever at line 3" "$RF" run "$tmp/warn.yaml" --data "$TOY" --quiet

# --- the investment levers (issue 9, section 5): a bad key or value of each section, and
# names the world lacks (on tests/data/invest, whose b-mine and c-mine are projects) ---
INV=$ROOT/tests/data/invest
yinv() { printf '%s' "$3" >"$tmp/$1.yaml"; expect_exit 2 "$2" "$RF" run "$tmp/$1.yaml" --data "$INV" --quiet; }
yaml gkey "gkey.yaml:3: grants.colour: unknown key .colour." $'name: x\ngrants:\n  - {payer: US, share: 0.3, colour: red}\n'
yaml gshare "gshare.yaml:3: grants.share: must be within \[0, 1\], got 1.5" $'name: x\ngrants:\n  - {payer: US, share: 1.5}\n'
yaml gpayer "gpayer.yaml:3: grants.payer: missing required key .payer." $'name: x\ngrants:\n  - {share: 0.3}\n'
yaml gnone "gnone.yaml:3: grants.share: missing key .share. \(or .amount_musd.\)" $'name: x\ngrants:\n  - {payer: US}\n'
yaml lgrace "lgrace.yaml:3: loans.grace_years: .*below tenor_years" $'name: x\nloans:\n  - {payer: US, share: 0.5, rate: 0.03, tenor_years: 4, grace_years: 4}\n'
yaml lrate "lrate.yaml:3: loans.rate: must be within \[0, 1\]" $'name: x\nloans:\n  - {payer: US, share: 0.5, rate: 3, tenor_years: 10}\n'
yaml eshare "eshare.yaml:3: equity.share: missing required key" $'name: x\nequity:\n  - {payer: US}\n'
yaml gyears "gyears.yaml:3: ebitda_guarantees.years: must be a whole number" $'name: x\nebitda_guarantees:\n  - {payer: US, ebitda_musd: 140, years: 2.5}\n'
yaml pboth "pboth.yaml:3: permitting.cut_share: give .cut_years. or .cut_share., not both" $'name: x\npermitting:\n  - {regions: US, cut_years: 1, cut_share: 0.5}\n'
yaml pnone "pnone.yaml:3: permitting.cut_years: missing key" $'name: x\npermitting:\n  - {regions: US}\n'
yaml tstage "tstage.yaml:3: technology_bans.stages: unknown stage .smelting." $'name: x\ntechnology_bans:\n  - {exporter: CN, stages: [mine, smelting], capex_premium: 0.5, delay_years: 1, ramp_stretch: 2}\n'
yaml tstretch "tstretch.yaml:3: technology_bans.ramp_stretch: must be >= 1" $'name: x\ntechnology_bans:\n  - {exporter: CN, capex_premium: 0.5, delay_years: 1, ramp_stretch: 0}\n'
yaml bkey "bkey.yaml:3: project_blocks.share: unknown key" $'name: x\nproject_blocks:\n  - {projects: b-mine, share: 1}\n'
yinv gproj "gproj.yaml:3: grants.projects: unknown project .nope." $'name: x\ngrants:\n  - {payer: A, projects: nope, share: 0.3}\n'
yinv lfac "lfac.yaml:3: loans.projects: facility .a-mine. is no project" $'name: x\nloans:\n  - {payer: A, projects: a-mine, share: 0.5, rate: 0.02, tenor_years: 10}\n'
yinv epayer "epayer.yaml:3: equity.payer: unknown region .US." $'name: x\nequity:\n  - {payer: US, share: 0.15}\n'
yinv texp "texp.yaml:3: technology_bans.exporter: unknown region .CN." $'name: x\ntechnology_bans:\n  - {exporter: CN, capex_premium: 0.5, delay_years: 1, ramp_stretch: 2}\n'
yinv bregion "bregion.yaml:3: project_blocks.regions: unknown region .XX." $'name: x\nproject_blocks:\n  - {regions: XX}\n'
printf 'name: x\nproject_blocks:\n  - {regions: US, stages: mine}\n' >"$tmp/noproj.yaml"
expect_exit 0 "warning: .*noproj.yaml:3: project_blocks: covers no project" "$RF" run "$tmp/noproj.yaml" --data "$TOY" --years 2024:2024 --quiet

# --- the short-run lever forms (issue 10): export taxes and quotas in t REO ---
yaml xself "xself.yaml:3: export_taxes: covers no arc" $'name: x\nexport_taxes:\n  - {exporter: CN, destinations: CN, products: "*", rate: 0.2}\n'
yaml xreg "xreg.yaml:3: export_taxes.exporter: unknown region .XX." $'name: x\nexport_taxes:\n  - {exporter: XX, products: "*", rate: 0.2}\n'
yaml xprod "xprod.yaml:3: export_taxes.products: unknown product .oxide:Zz." $'name: x\nexport_taxes:\n  - {exporter: CN, products: oxide:Zz, rate: 0.2}\n'
yaml xbasis "xbasis.yaml:3: export_controls.basis: unknown basis .tonnes." $'name: x\nexport_controls:\n  - {exporter: CN, products: "*", mode: quota, quota_t: 10, basis: tonnes}\n'
yaml xname "xname.yaml:5: exemptions.tariffs: no tariff of the scenario is named .recip." $'name: x\ntariffs:\n  - {name: fent, origin: CN, destination: US, products: "*", rate: 0.2}\nexemptions:\n  - {products: "*", tariffs: [recip]}\n'
printf 'name: x\ntariffs:\n  - {name: fent, origin: CN, destination: US, products: "*", rate: 0.2}\n  - {name: recip, origin: CN, destination: US, products: "*", rate: 0.1, to: 2024-03-31}\nexemptions:\n  - {products: "*", tariffs: recip, from: 2024-06-01}\n' >"$tmp/xlift.yaml"
expect_exit 0 "warning: .*xlift.yaml:6: exemptions: lifts no tariff" "$RF" run "$tmp/xlift.yaml" --data "$TOY" --years 2024:2024 --quiet
printf 'name: x\nexport_taxes:\n  - {exporter: CN, products: "*", rate: 0}\n' >"$tmp/xzero.yaml"
expect_exit 0 "warning: .*xzero.yaml:3: export_taxes: has no effect \(an export tax of 0\)" "$RF" run "$tmp/xzero.yaml" --data "$TOY" --years 2024:2024 --quiet
printf 'name: x\nexport_taxes:\n  - {exporter: CN, products: "*", rate: 0.2, to: 2015}\n' >"$tmp/xold.yaml"
expect_exit 0 "warning: .*xold.yaml:3: export_taxes: is in force in none of the years run" "$RF" run "$tmp/xold.yaml" --data "$TOY" --years 2024:2024 --quiet
# A lever in force in the years a run steps before the first it reports (from
# 2024): it acts there, but its figures are in no reported year.
printf 'name: x\nexport_taxes:\n  - {exporter: CN, products: "*", rate: 0.2}\n' >"$tmp/xlead.yaml"
expect_exit 0 "warning: .*xlead.yaml:3: export_taxes: is in force from 2024, before the first year reported \(2026\): .*figures for 2024..2025" "$RF" run "$tmp/xlead.yaml" --data "$TOY" --years 2026:2026 --quiet
printf 'name: x\nexport_taxes:\n  - {exporter: CN, products: "*", rate: 0.2, from: 2026-01-01}\n' >"$tmp/xlead2.yaml"
"$RF" run "$tmp/xlead2.yaml" --data "$TOY" --years 2026:2026 --quiet 2>"$tmp/err" >/dev/null && ! grep -q "before the first year reported" "$tmp/err" && ok || bad "a lever from the first year reported warned: $(head -c 200 "$tmp/err")"

# --- the collection lever (issue 9, section 6): a sector the world lacks, a rate that is no share,
# a missing rate; a rate that raises nothing is only a warning ---
yaml csector "csector.yaml:4: collection.sectors: unknown sector .spaceships." $'name: x\ncollection:\n  - {regions: US, sectors: wind, rate: 0.5}\n  - {regions: US, sectors: [wind, spaceships], rate: 0.5}\n'
yaml crate "crate.yaml:3: collection.rate: must be within \[0, 1\], got 1.5" $'name: x\ncollection:\n  - {regions: EU, sectors: [ev_traction, wind], rate: 1.5, from: 2030}\n'
yaml cnorate "cnorate.yaml:3: collection.rate: missing required key .rate." $'name: x\ncollection:\n  - {regions: EU, sectors: wind}\n'
printf 'name: x\ncollection:\n  - {regions: US, sectors: wind, rate: 0}\n' >"$tmp/cnone.yaml"
expect_exit 0 "warning: .*cnone.yaml:3: collection: has no effect" "$RF" run "$tmp/cnone.yaml" --data "$ROOT/data" --years 2024:2024 --quiet

# --- outputs: /dev/full, an --out that cannot be written, nothing half-written ---
if [ -w /dev/full ]; then
  "$RF" run --data "$TOY" >/dev/full 2>"$tmp/err"; rc=$?
  [ $rc = 1 ] && grep -q "could not write" "$tmp/err" && ok || bad "run > /dev/full: exit $rc"
  "$RF" data check --data "$TOY" >/dev/full 2>"$tmp/err"; rc=$?
  [ $rc = 1 ] && ok || bad "data check > /dev/full: exit $rc"
  "$RF" run --data "$TOY" --json >/dev/full 2>"$tmp/err"; rc=$?
  [ $rc = 1 ] && ok || bad "run --json > /dev/full: exit $rc"
fi
: >"$tmp/afile"
expect_exit 2 "afile. is not a folder" "$RF" run --data "$TOY" --out "$tmp/afile/sub"
expect_exit 2 "exists and is not a folder" "$RF" run --data "$TOY" --out "$tmp/afile"
expect_exit 2 "--write-lp: is longer than" "$RF" run --data "$TOY" --write-lp "$tmp/$(head -c 5000 /dev/zero | tr '\0' p)"
# --- the uncertainty: section (docs/uncertainty.md): each error names file, line and field ---
yaml unc1 "unc1.yaml:3: uncertainty.sd: a standard deviation must be >= 0" $'name: x\nuncertainty:\n  - {target: demand.growth, sector: wind, dist: normal, mean: 0.1, sd: -0.1}\n'
yaml unc2 "unc2.yaml:3: uncertainty.hi: hi 0.8 is below lo 1.2" $'name: x\nuncertainty:\n  - {target: facility.cost, dist: uniform, lo: 1.2, hi: 0.8}\n'
yaml unc3 "unc3.yaml:3: uncertainty.probs: the probabilities sum to 0.9, not 1" $'name: x\nuncertainty:\n  - {target: project.lead_time, dist: discrete, values: [0, 1], probs: [0.5, 0.4]}\n'
yaml unc4 "unc4.yaml:3: uncertainty.mean: a lognormal" $'name: x\nuncertainty:\n  - {target: facility.cost, dist: lognormal, mean: -1, sd: 0.1}\n'
yaml unc5 "unc5.yaml:3: uncertainty.mode: missing key .mode." $'name: x\nuncertainty:\n  - {target: facility.capacity, dist: triangular, lo: 0.8, hi: 1.1}\n'
yaml unc6 "unc6.yaml:3: uncertainty.bogus: unknown key .bogus." $'name: x\nuncertainty:\n  - {target: facility.cost, dist: uniform, lo: 0.8, hi: 1.2, bogus: 1}\n'
yaml unc7 "unc7.yaml:3: uncertainty.facility: unknown facility .xx-mine." $'name: x\nuncertainty:\n  - {target: facility.cost, facility: xx-mine, dist: uniform, lo: 0.8, hi: 1.2}\n'
yaml unc8 "unc8.yaml:3: uncertainty.policy: no lever of the scenario is named .nope." $'name: x\nuncertainty:\n  - {target: policy.share, policy: nope, dist: uniform, lo: 0.4, hi: 0.9}\n'
yaml unc9 "unc9.yaml:5: uncertainty.policy: lever .t. is a tariff, which has no share" $'name: x\ntariffs:\n  - {name: t, origin: CN, destination: US, products: ["*"], rate: 0.1}\nuncertainty:\n  - {target: policy.share, policy: t, dist: uniform, lo: 0.4, hi: 0.9}\n'
yaml unc10 "unc10.yaml:3: uncertainty.region: unknown region .XX." $'name: x\nuncertainty:\n  - {target: demand.elasticity, region: XX, dist: uniform, lo: 0.8, hi: 1.2}\n'
# A scenario with the section runs its central case: no draw applied.
printf 'name: x\nuncertainty:\n  - {target: facility.cost, facility: cn-mine, dist: uniform, lo: 0.8, hi: 1.2}\n' >"$tmp/uncok.yaml"
expect_exit 0 "" "$RF" run "$tmp/uncok.yaml" --data "$TOY" --quiet

# A bad scenario creates no --out folder at all.
yaml noout "" $'name: x\nbogus: 1\n'
expect_exit 2 "bogus" "$RF" run "$tmp/noout.yaml" --data "$TOY" --out "$tmp/never"
[ ! -e "$tmp/never" ] && ok || bad "a failed run created its --out folder"
# A write that fails midway (a 1 KB file size limit: EFBIG) leaves neither a new
# folder nor a staging folder, and an earlier run's tables whole and untouched.
( trap '' XFSZ; ulimit -f 1; exec "$RF" run --data "$TOY" --years 2024:2026 --out "$tmp/fresh" --quiet ) 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && [ ! -e "$tmp/fresh" ] && ! ls -a "$tmp" | grep -q rareflow- && ok || bad "a failed write left files (exit $rc): $(ls -a "$tmp" | tr '\n' ' ')"
"$RF" run --data "$TOY" --out "$tmp/kept" --quiet && cp -r "$tmp/kept" "$tmp/kept.before" || bad "--out into a new folder"
( trap '' XFSZ; ulimit -f 1; exec "$RF" run --data "$TOY" --years 2024:2026 --out "$tmp/kept" --quiet ) 2>/dev/null
diff -r "$tmp/kept" "$tmp/kept.before" >/dev/null && ! ls -a "$tmp" | grep -q rareflow- && ok || bad "a failed write changed an earlier run's tables"
# A successful run into an existing folder replaces every table.
"$RF" run --data "$TOY" --years 2024:2025 --out "$tmp/kept" --quiet && [ "$(cut -d, -f1 "$tmp/kept/years.csv" | tail -n 1)" = 2025 ] && ok || bad "--out did not replace the tables"

finish
