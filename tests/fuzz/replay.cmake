# The fuzz regressions as unit tests (included by tests/CMakeLists.txt, in
# every build: gcc or clang, with or without sanitizers).  Each harness is
# linked with replay.c instead of libFuzzer, and fuzz_HARNESS_replay runs it
# on every file of tests/fuzz/regressions/HARNESS/.  RF_FUZZ_STRICT=1: a
# regression of the pipeline may fail only as bad input (no exit-1 failure).
include(${PROJECT_SOURCE_DIR}/tests/fuzz/harnesses.cmake)
foreach(h ${RF_FUZZ_HARNESSES})
  rf_fuzz_target(${h}_replay ${h} ${RF_FUZZ_DIR}/replay.c)
  add_test(NAME ${h}_replay COMMAND ${h}_replay ${RF_FUZZ_DIR}/regressions/${h})
  set_tests_properties(${h}_replay PROPERTIES LABELS unit ENVIRONMENT RF_FUZZ_STRICT=1)
endforeach()
