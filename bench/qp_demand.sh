#!/bin/sh
# Issue 10, item 4: demand steps (the LP as written) against the exact linear demand curves as a
# quadratic objective (Clp's QP), on the 2024 LP of the baseline at demand x0.99, x1 and x1.01.
# Usage: bench/qp_demand.sh [REPS]   (from the repository root, after the build; writes to /tmp/qp)
set -eu
REPS=${1:-11}
D=/tmp/qp
mkdir -p $D
printf 'name: d\ndemand:\n  - {region: "*", sector: "*", factor: 0.99}\n' > $D/d099.yaml
printf 'name: d\ndemand:\n  - {region: "*", sector: "*", factor: 1.01}\n' > $D/d101.yaml
./build/rareflow run --years 2024:2024 --write-lp $D/base > /dev/null
./build/rareflow run $D/d099.yaml --years 2024:2024 --write-lp $D/d099 > /dev/null
./build/rareflow run $D/d101.yaml --years 2024:2024 --write-lp $D/d101 > /dev/null
# demand rows: region sector product q0 p0 e choke (0 = none)
python3 - data/demand.csv > $D/params.txt <<'EOF'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r['region'], r['sector'], r['product'], r['ref_qty_t'], r['ref_price_usd_per_kg'],
          r['elasticity'], r['choke_usd_per_kg'] or '0')
EOF
cc -O2 -Wall -Wno-format-truncation $(pkg-config --cflags clp) -o /tmp/qp_demand bench/qp_demand.c \
   -lClp -lCoinUtils -lm
/tmp/qp_demand $D/base-2024.mps $D/params.txt 1.00 "$REPS" all
/tmp/qp_demand $D/d099-2024.mps $D/params.txt 0.99 "$REPS" all
/tmp/qp_demand $D/d101-2024.mps $D/params.txt 1.01 "$REPS" all
# warm starts from the x1 solution, with the QP's primal values and (second run) with statuses only
/tmp/qp_demand $D/d101-2024.mps $D/params.txt 1.01 "$REPS" primal $D/base-2024.mps 1.00 | grep '^warm'
QP_WARM_NO_X=1 /tmp/qp_demand $D/d101-2024.mps $D/params.txt 1.01 "$REPS" primal \
    $D/base-2024.mps 1.00 | grep '^warm-QP'
/tmp/qp_demand $D/d099-2024.mps $D/params.txt 0.99 "$REPS" primal $D/base-2024.mps 1.00 | grep '^warm'
QP_WARM_NO_X=1 /tmp/qp_demand $D/d099-2024.mps $D/params.txt 0.99 "$REPS" primal \
    $D/base-2024.mps 1.00 | grep '^warm-QP'
