#!/usr/bin/env bash
# Browser test of the HTML report (issue 12, section 2): the baseline's report and a
# comparison's open in headless Chromium (Debian's /usr/bin/chromium, driven by
# playwright-core from web/node_modules) with no console error and no network request,
# and every chart has data; the screenshots are saved in OUTDIR.
# Usage: report.sh RAREFLOW_BINARY PROJECT_ROOT OUTDIR
set -u
RF=$1
ROOT=$2
OUT=$3
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$RF" report -o "$tmp/report.html" --quiet || { echo "FAIL: report of the baseline"; exit 1; }
node "$ROOT/tests/browser/report.mjs" "$tmp/report.html" "$OUT" >/dev/null || fail=1
"$RF" report --years 2024:2030 --vs "$ROOT/scenarios/china-ban-2027.yaml" -o "$tmp/vs.html" --quiet ||
  { echo "FAIL: report --vs"; exit 1; }
node "$ROOT/tests/browser/report.mjs" "$tmp/vs.html" "$OUT" --vs >/dev/null || fail=1
[ $fail = 0 ] && echo "browser report: baseline and comparison render every chart; screenshots in $OUT"
exit $fail
