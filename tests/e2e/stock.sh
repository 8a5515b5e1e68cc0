#!/usr/bin/env bash
# End-to-end: `rareflow stock`, the dynamic stock model on its own.  The two
# reference cases of issue 9 through --json (read with Python's json), the
# balance for every distribution, the readable table, and usage errors
# (exit 2, the flag named on stderr).
# Usage: stock.sh RAREFLOW_BINARY PROJECT_ROOT
set -u
RF=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IN=1,2,3,4,5,6,7,8,9,10
# Balance: inflow - outflow - change in stock = 0 to 1e-12, stock never negative.
BAL='
s=[0.0]+d["stock"]
for t,(i,o) in enumerate(zip(d["inflow"],d["outflow"])):
    if abs(i-o-(s[t+1]-s[t]))>1e-12: print(f"balance off at {t}: {i-o-(s[t+1]-s[t])}")
    if s[t+1]<0: print(f"negative stock at {t}")
if len(d["stock"])!=len(d["inflow"]) or len(d["outflow"])!=len(d["inflow"]): print("lengths differ")'

check_json fixed '
if [round(v,9) for v in d["stock"]]!=[1,3,6,10,15,20,25,30,35,40]: print("stock", d["stock"])
if [round(v,9) for v in d["outflow"]]!=[0,0,0,0,0,1,2,3,4,5]: print("outflow", d["outflow"])
if d["lifetime"]!={"distribution":"fixed","mean_yr":5}: print("lifetime", d["lifetime"])
if d["inflow"]!=list(range(1,11)): print("inflow", d["inflow"])'"$BAL" \
  "$RF" stock --inflow "$IN" --lifetime fixed --mean 5 --json

check_json normal '
if abs(d["stock"][9]-41.45873561)>5e-9: print("stock[9]", d["stock"][9])
if abs(d["outflow"][9]-4.50042906)>5e-9: print("outflow[9]", d["outflow"][9])
if d["lifetime"]!={"distribution":"normal","mean_yr":5,"sd_yr":1.5}: print("lifetime", d["lifetime"])'"$BAL" \
  "$RF" stock --inflow "$IN" --lifetime normal --mean 5 --sd 1.5 --json

RAND=3.2,0,7.5,11,2.25,0.5,9,14,6,6,1e-3,20,4,8.5,0,13
check_json lognormal "$BAL" "$RF" stock --inflow "$RAND" --lifetime lognormal --mean 6 --sd 3 --json
check_json weibull "$BAL" "$RF" stock --inflow "$RAND" --lifetime weibull --shape 1.8 --scale 7 --json
check_json foldednormal "$BAL" "$RF" stock --inflow "$RAND" --lifetime foldednormal --mean 4 --sd 3 --json
check_json meanzero '
if any(v!=0 for v in d["stock"]) or d["outflow"]!=d["inflow"]: print("mean 0 kept something", d["stock"])' \
  "$RF" stock --inflow "$RAND" --lifetime normal --mean 0 --sd 1 --json
# One year, and --json anywhere on the line.
check_json oneyear 'if d["stock"]!=[0.5] or d["outflow"]!=[0]: print(d)' \
  "$RF" stock --json --inflow 0.5 --lifetime weibull --scale 2 --shape 3

# The readable table: a header and one row per year ending with the reference figures.
if "$RF" stock --inflow "$IN" --lifetime normal --mean 5 --sd 1.5 >"$tmp/table" 2>"$tmp/err"; then
  if grep -Eq '^ +9 +10\.00000000 +41\.45873561 +4\.50042906$' "$tmp/table" && grep -q 'year' "$tmp/table"; then ok
  else bad "table: $(cat "$tmp/table")"; fi
else bad "table -> exit $?"; fi

# Usage errors: exit 2 naming the flag.
expect_exit 2 "--lifetime: expects fixed, normal" "$RF" stock --inflow "$IN" --lifetime gamma --mean 5
expect_exit 2 "--mean: is required by a normal lifetime" "$RF" stock --inflow "$IN" --lifetime normal --sd 1.5
expect_exit 2 "--sd: is required by a lognormal lifetime" "$RF" stock --inflow "$IN" --lifetime lognormal --mean 5
expect_exit 2 "--shape: is required by a weibull lifetime" "$RF" stock --inflow "$IN" --lifetime weibull --scale 5
expect_exit 2 "--sd: is not a parameter of a fixed lifetime" "$RF" stock --inflow "$IN" --lifetime fixed --mean 5 --sd 1
expect_exit 2 "--mean: is not a parameter of a weibull lifetime" "$RF" stock --inflow "$IN" --lifetime weibull --shape 2 --scale 5 --mean 3
expect_exit 2 "--inflow: item 3 is not a number" "$RF" stock --inflow 1,2,x,4 --lifetime fixed --mean 5
expect_exit 2 "--inflow: item 2 is not a number" "$RF" stock --inflow 1,,3 --lifetime fixed --mean 5
expect_exit 2 "--inflow: item 3 is not a number" "$RF" stock --inflow 1,2, --lifetime fixed --mean 5
expect_exit 2 "--inflow: item 1 is not a number" "$RF" stock --inflow nan --lifetime fixed --mean 5
expect_exit 2 "--inflow: is required" "$RF" stock --lifetime fixed --mean 5
expect_exit 2 "--lifetime: is required" "$RF" stock --inflow 1,2
expect_exit 2 "--mean: expects a number" "$RF" stock --inflow 1,2 --lifetime fixed --mean five
expect_exit 2 "--sd: needs a value" "$RF" stock --inflow 1,2 --lifetime normal --mean 5 --sd
expect_exit 2 "--data: unknown option" "$RF" stock --inflow 1,2 --lifetime fixed --mean 5 --data x
expect_exit 2 "unexpected argument" "$RF" stock extra --inflow 1,2 --lifetime fixed --mean 5
long=$("$PY" -c 'print(",".join(["1"]*1001))')
expect_exit 2 "--inflow: has more than 1000 years" "$RF" stock --inflow "$long" --lifetime fixed --mean 5
long=$("$PY" -c 'print(",".join(["1"]*1000))')
expect_exit 0 "" "$RF" stock --inflow "$long" --lifetime normal --mean 30 --sd 9 --json
# Values the model refuses: bad input too, with the field named.
expect_exit 2 "sd: .*must be > 0" "$RF" stock --inflow 1,2 --lifetime normal --mean 5 --sd 0
expect_exit 2 "mean: .*must be >= 0" "$RF" stock --inflow 1,2 --lifetime lognormal --mean -1 --sd 1
expect_exit 2 "scale: .*must be > 0" "$RF" stock --inflow 1,2 --lifetime weibull --shape 2 --scale -3
expect_exit 2 "inflow: the inflow of year 1 is -2" "$RF" stock --inflow 1,-2 --lifetime fixed --mean 5
# Output that cannot be written is an internal failure.
if [ -w /dev/full ]; then
  for j in "" --json; do
    "$RF" stock --inflow "$IN" --lifetime fixed --mean 5 $j >/dev/full 2>/dev/null
    rc=$?
    if [ $rc = 1 ]; then ok; else bad "stock $j > /dev/full -> exit $rc, want 1"; fi
  done
fi

finish
