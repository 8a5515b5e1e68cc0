#!/usr/bin/env bash
# Browser test of a Monte Carlo run's HTML report (issue 13, section 2): `rareflow mc
# --report` on scenarios/uncertain-2025.yaml (2025-2030, 16 draws) opens in headless
# Chromium with no console error and no network request, its fan charts' bands are ordered
# and one point a year, its tornado has one bar per input sorted by |rho|
# (tests/browser/mc_report.mjs); the screenshot goes to OUTDIR/mc_report.png.
# Usage: mc_report.sh RAREFLOW_BINARY PROJECT_ROOT OUTDIR
set -u
RF=$1
ROOT=$2
OUT=$3
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$RF" mc "$ROOT/scenarios/uncertain-2025.yaml" --years 2025:2030 --draws 16 --seed 7 --threads 2 --quiet --no-db \
  --json --report "$tmp/mc.html" >/dev/null || { echo "FAIL: mc --report"; exit 1; }
node "$ROOT/tests/browser/mc_report.mjs" "$tmp/mc.html" "$OUT" || exit 1
echo "browser mc_report: fan and tornado charts check out; screenshot in $OUT/mc_report.png"
