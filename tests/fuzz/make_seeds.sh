#!/bin/sh
# make_seeds.sh SRC_DIR OUT_DIR: build the seed corpora of the fuzz harnesses
# from the project's own inputs into OUT_DIR/HARNESS (the build runs it: the
# `fuzz_seeds` target of tests/fuzz/CMakeLists.txt).  Nothing built here is
# committed; only the hand-written seeds of tests/fuzz/seeds/ are.
#   fuzz_scenario  scenarios/*.yaml, tests/data/scenarios/*.yaml and
#                  tests/fuzz/seeds/scenario/*.yaml (one item per lever with
#                  every key it accepts), as they are
#   fuzz_pipeline  the same files behind the `#!yaml` line (a scenario as
#                  it is), and a few byte patterns as choice streams
#   fuzz_dataset   each dataset folder (data/, tests/data/*/) as its tables
#                  joined by `%%` lines, in the order fuzz_dataset.c reads
#   fuzz_args      command lines of docs/cli.md, arguments split by NUL
set -eu
src=$1
out=$2
rm -rf "$out"
for h in fuzz_scenario fuzz_pipeline fuzz_dataset fuzz_args; do mkdir -p "$out/$h"; done

# ---- scenarios
for f in "$src"/scenarios/*.yaml "$src"/tests/data/scenarios/*.yaml "$src"/tests/fuzz/seeds/scenario/*.yaml; do
    [ -f "$f" ] || continue
    name=$(basename "$(dirname "$f")")-$(basename "$f")
    cp "$f" "$out/fuzz_scenario/$name"
    { printf '#!yaml\n'; cat "$f"; } >"$out/fuzz_pipeline/$name"
done
# Choice streams: all zeros (every first choice), all ones, a ramp.
head -c 256 /dev/zero >"$out/fuzz_pipeline/stream-zeros"
head -c 256 /dev/zero | tr '\000' '\001' >"$out/fuzz_pipeline/stream-ones"
i=0
while [ $i -lt 256 ]; do
    printf "\\$(printf %03o $i)"
    i=$((i + 1))
done >"$out/fuzz_pipeline/stream-ramp"

# ---- datasets
for d in "$src"/data "$src"/tests/data/*; do
    [ -f "$d/regions.csv" ] || continue
    {
        first=1
        for t in regions elements baskets products recipes facilities demand trade prices projects \
                 candidates demand_growth price_paths finance lifetimes substitution parameters; do
            [ $first = 1 ] || printf '%%%%\n'
            first=0
            # An optional table that is absent is an empty piece (fuzz_dataset.c).
            [ -f "$d/$t.csv" ] || continue
            cat "$d/$t.csv"
            # A table that does not end its last line would swallow the separator.
            [ -z "$(tail -c 1 "$d/$t.csv")" ] || printf '\n'
        done
    } >"$out/fuzz_dataset/$(basename "$d")"
done

# ---- command lines
args() {
    name=$1
    shift
    first=1
    for a in "$@"; do
        [ $first = 1 ] || printf '\000'
        first=0
        printf '%s' "$a"
    done >"$out/fuzz_args/$name"
}
args run run
args run-json run scenarios/us-2025.yaml --json --quiet
args run-all run x.yaml --data tests/data/toy --years 2024:2026 --out out/ --write-lp out/lp --json --quiet
args balance balance x.yaml --data tests/data/toy --year 2024 --json
args compare compare a.yaml b.yaml --data data --years 2025 --json
args data-check data check --data data/ --year 2030
args project project us-brook-sep scenarios/brook-floor.yaml --data data --year 2026 --json
args finance finance us-brook-sep scenarios/brook-floor.yaml --data data --year 2026 --rate 0.1 --price-path flat:110 --json
args finance-list finance --list --data data
args stock stock --inflow 1,2,3,4,5,6,7,8,9,10 --lifetime normal --mean 5 --sd 1.5 --json
args stock-weibull stock --inflow 0.5,2,1e3 --lifetime weibull --shape 2 --scale 6
args help --help
args help-run run --help
args version --version
args empty run ""
