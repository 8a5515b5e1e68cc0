#!/usr/bin/env bash
# How a whole run grows with the number of candidate projects: copies the
# dataset into a temporary folder with every generic candidate of
# data/candidates.csv repeated K times (ids suffixed -k2, -k3, ...: the same
# block under another name, so K times the candidates to value each year and
# K times the build-rate room), then runs bench_years on it.
# usage: bench/scale_candidates.sh BENCH_YEARS_BINARY DATA_DIR K RUNS [SCENARIO [A:B]]
set -eu
bin=$1 data=$2 k=$3 runs=$4
shift 4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$data"/. "$tmp"/
{
  head -n 1 "$data/candidates.csv"
  tail -n +2 "$data/candidates.csv"
  for i in $(seq 2 "$k"); do
    tail -n +2 "$data/candidates.csv" | sed "s/^\([^,]*\),/\1-k$i,/"
  done
} >"$tmp/candidates.csv"
echo "candidates: $(($(wc -l <"$tmp/candidates.csv") - 1)) generic rows (x$k)"
"$bin" "$tmp" "$runs" "$@"
