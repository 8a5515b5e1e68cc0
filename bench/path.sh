#!/usr/bin/env bash
# One answer whatever the solver's path (docs/model.md): each shipped scenario
# and the baseline run twice, by dual simplex and by primal (--lp-primal), and
# the two runs compared: price rows that differ by more than 1e-6 of the larger
# (or 1e-4 USD/kg, the solver's tolerance) and by more than 1% (of at least
# 1 USD/kg), the largest difference, trade and production rows that differ by
# more than 1e-6 of the larger (or 1e-4 t), and the project decisions (id, year)
# found in one run and not the other.
# Usage: bench/path.sh [build/rareflow [DATA_DIR]]   (from the repository root)
set -eu
RF=${1:-build/rareflow}
DATA=${2:-data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in baseline scenarios/*.yaml; do
  n=$(basename "$f" .yaml)
  case $n in uncertain*) continue ;; esac # mc scenarios: their run is the one without ranges
  args=()
  [ "$f" != baseline ] && args=("$f")
  "$RF" run "${args[@]}" --data "$DATA" --no-db --quiet --json >"$tmp/d.json"
  "$RF" run "${args[@]}" --data "$DATA" --no-db --quiet --json --lp-primal >"$tmp/p.json"
  python3 - "$tmp/d.json" "$tmp/p.json" "$n" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
rows = differ = over1 = 0
worst = (0.0, None)
for ya, yb in zip(a["years"], b["years"]):
    pa = {(p["product"], p["region"]): p["usd_per_kg"] for p in ya["prices"]}
    pb = {(p["product"], p["region"]): p["usd_per_kg"] for p in yb["prices"]}
    for k in pa.keys() | pb.keys():
        x, y = pa.get(k, 0.0), pb.get(k, 0.0)
        d = abs(x - y) / max(1.0, abs(x), abs(y))
        rows += 1
        differ += abs(x - y) > max(1e-6 * max(abs(x), abs(y)), 1e-4)
        over1 += d > 0.01
        if d > worst[0]:
            worst = (d, f"{ya['year']} {k[0]} in {k[1]}: {x:.2f} / {y:.2f}")
# Trade by arc, and production by facility and product, to the same tolerance in t.
def flows(y):
    t = {("trade", r["from"], r["to"], r["product"]): r["t"] for r in y["trade"]}
    for r in y["production"]:
        k = ("made", r["facility"], r["product"])
        t[k] = t.get(k, 0.0) + r["t"]
    return t
frows = fdiffer = 0
fworst = (0.0, None)
for ya, yb in zip(a["years"], b["years"]):
    fa, fb = flows(ya), flows(yb)
    for k in fa.keys() | fb.keys():
        x, y = fa.get(k, 0.0), fb.get(k, 0.0)
        frows += 1
        if abs(x - y) > max(1e-6 * max(abs(x), abs(y)), 1e-4):
            fdiffer += 1
            if abs(x - y) > fworst[0]:
                fworst = (abs(x - y), f"{ya['year']} {' '.join(k)}: {x:.4f} / {y:.4f}")
dec = lambda d: {(p["id"], p.get("decided")) for p in d["years"][-1]["projects"] if p.get("decided")}
print(f"{sys.argv[3]}: {differ} of {rows} prices differ, {over1} by more than 1%; "
      f"largest {worst[0]:.1%} ({worst[1]}); flows differing: {fdiffer} of {frows}"
      + (f" (largest {fworst[0]:.4f} t, {fworst[1]})" if fdiffer else "")
      + f"; decisions differing: {len(dec(a) ^ dec(b))}")
PY
done
