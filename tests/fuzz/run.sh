#!/bin/bash
# run.sh MODE BUILD_DIR HARNESS SECONDS CORPUS_DIR [LIBFUZZER_FLAG...]
#
# Run one libFuzzer harness of tests/fuzz for SECONDS on CORPUS_DIR (where
# the inputs it finds are kept) and its seed corpus (BUILD_DIR/tests/fuzz/
# seeds/HARNESS, read only), with its dictionary.  A crash is saved as
# BUILD_DIR/tests/fuzz/artifacts/HARNESS/crash-* (or leak-*, timeout-*,
# oom-*) and the run fails.
#   MODE smoke: the ctest smoke test (label fuzz): CORPUS_DIR starts empty
#               and libFuzzer's output goes to stdout.
#   MODE fuzz:  `make fuzz`: CORPUS_DIR is kept from run to run; the whole
#               output goes to BUILD_DIR/tests/fuzz/logs/HARNESS.log and the
#               final figures (execs, exec/s, cov, ft, corpus) are printed.
# Extra flags go to libFuzzer (e.g. -fork=2 -ignore_crashes=1 to keep going
# after a crash, -max_len=N, -only_ascii=1).
set -u
if [ $# -lt 5 ]; then
    echo "usage: run.sh smoke|fuzz BUILD_DIR HARNESS SECONDS CORPUS_DIR [LIBFUZZER_FLAG...]" >&2
    exit 2
fi
mode=$1 build=$2 h=$3 secs=$4 corpus=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
root=$build/tests/fuzz
exe=$root/$h
seeds=$root/seeds/$h
artifacts=$root/artifacts/$h
case $h in
fuzz_scenario | fuzz_pipeline) dict=$here/scenario.dict ;;
fuzz_dataset) dict=$here/dataset.dict ;;
fuzz_args) dict=$here/args.dict ;;
*)
    echo "run.sh: unknown harness $h (fuzz_scenario, fuzz_dataset, fuzz_args, fuzz_pipeline)" >&2
    exit 2
    ;;
esac
if [ ! -x "$exe" ]; then
    echo "run.sh: $exe is not built (make asan builds the harnesses: RF_FUZZ=ON, clang)" >&2
    exit 2
fi
[ "$mode" = smoke ] && rm -rf "$corpus"
mkdir -p "$corpus" "$seeds" "$artifacts" "$root/logs"
# Any UBSan report is fatal (the build has -fno-sanitize-recover=all) and shows where.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cmd=("$exe" -max_total_time="$secs" -timeout=25 -print_final_stats=1 -dict="$dict"
    -artifact_prefix="$artifacts/" "$@" "$corpus" "$seeds")
if [ "$mode" = smoke ]; then
    echo "${cmd[*]}"
    exec "${cmd[@]}"
fi

log=$root/logs/$h.log
echo "== $h: ${secs} s on $corpus (log: $log)"
"${cmd[@]}" >"$log" 2>&1
rc=$?
# libFuzzer's last status line (#N DONE/pulse cov: ft: corp: exec/s: rss:),
# its final stats, and where a crash was saved.
grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" | tail -n 2
grep -E '^(stat::|SUMMARY|==[0-9]+==ERROR|.*Test unit written to|.*invariant broken|.*runtime error)' "$log" | sort -u | head -n 20
if [ $rc -ne 0 ]; then
    echo "== $h: FAILED (exit $rc): reproduce with $exe ARTIFACT; see $log"
    # In fork mode the crashes found are listed in the log as "CRASH/OOM/TIMEOUT" lines.
    grep -E '^(INFO: log from the inner process|crash-|\[.*\] (CRASH|OOM|TIMEOUT))' "$log" | head -n 20
else
    echo "== $h: no finding; corpus: $(ls "$corpus" | wc -l) inputs"
fi
exit $rc
