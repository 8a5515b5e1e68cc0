#!/usr/bin/env bash
# End-to-end: `rareflow mc` under MPI (docs/uncertainty.md "MPI"): mpirun -n 1,
# 2 and 3 on scenarios/uncertain-2025.yaml over 2025-2026 with 9 draws print
# JSON byte-identical to one process with --threads 1 (3 ranks and 9 draws: 3
# each; 2 ranks: 4 and 5), also with --sampling lhs; more ranks than draws; an
# input error on every rank is said once, exit 2; other ranks print nothing.
# Registered (ctest label mpi) only when CMake found MPI.
# Usage: mc_mpi.sh RAREFLOW_BINARY PROJECT_ROOT [MPIRUN]
set -u
RF=$1
ROOT=$2
MPIRUN=${3:-mpirun}
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
EXPECT_TIMEOUT=300

S=$ROOT/scenarios/uncertain-2025.yaml
MC=("$RF" mc "$S" --years 2025:2026 --seed 7 --quiet --json)
# OpenMPI refuses root without --allow-run-as-root, and -n 3 on 2 cores without --oversubscribe.
MPI=("$MPIRUN")
if "$MPIRUN" --version 2>/dev/null | grep -Eqi "open ?mpi|openrte"; then
  MPI+=(--oversubscribe)
  [ "$(id -u)" = 0 ] && MPI+=(--allow-run-as-root)
fi

run() { out=$1; shift; if timeout "$EXPECT_TIMEOUT" "$@" >"$tmp/$out" 2>"$tmp/$out.err"; then ok; else bad "$* -> exit $? ($(head -c 300 "$tmp/$out.err"))"; fi; }
same() { if cmp -s "$tmp/$1" "$tmp/$2"; then ok; else bad "$3: $1 and $2 differ"; fi; }

run t1.json "${MC[@]}" --draws 9 --threads 1
for k in 1 2 3; do
  run m$k.json "${MPI[@]}" -n $k "${MC[@]}" --draws 9
  same t1.json m$k.json "mpirun -n $k vs --threads 1"
done
# Ranks with threads of their own.
run m2t2.json "${MPI[@]}" -n 2 "${MC[@]}" --draws 9 --threads 2
same t1.json m2t2.json "mpirun -n 2 --threads 2 vs --threads 1"
# Latin hypercube: the plan is a function of (seed, N), so every rank has it whole.
run lhs1.json "${MC[@]}" --draws 9 --threads 1 --sampling lhs
run lhs3.json "${MPI[@]}" -n 3 "${MC[@]}" --draws 9 --sampling lhs
same lhs1.json lhs3.json "--sampling lhs: mpirun -n 3 vs --threads 1"
# More ranks than draws: rank 0 runs none, rank 1 runs the one draw.
MC1=("$RF" mc "$S" --years 2025:2025 --seed 7 --quiet --json --draws 1)
run one.json "${MC1[@]}"
run one2.json "${MPI[@]}" -n 2 "${MC1[@]}"
same one.json one2.json "1 draw on 2 ranks"
# The text report too, printed once.
run text1.txt "$RF" mc "$S" --years 2025:2026 --seed 7 --quiet --draws 9
run text3.txt "${MPI[@]}" -n 3 "$RF" mc "$S" --years 2025:2026 --seed 7 --quiet --draws 9
same text1.txt text3.txt "text report: mpirun -n 3 vs one process"
# An input error on every rank: exit 2, said once, nothing on stdout.
expect_exit 2 "no .uncertainty:. section" "${MPI[@]}" -n 2 "$RF" mc "$ROOT/scenarios/us-2025.yaml" --years 2025:2025 --draws 2
n=$(grep -c "no \`uncertainty:\` section" "$tmp/err")
if [ "$n" = 1 ]; then ok; else bad "the error is said $n times, want once: $(head -c 300 "$tmp/err")"; fi
if [ -s "$tmp/out" ]; then bad "stdout after an error: $(head -c 200 "$tmp/out")"; else ok; fi
finish
