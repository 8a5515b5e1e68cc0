# The fuzz harnesses of tests/fuzz, described once for the two ways they are
# built: with libFuzzer (tests/fuzz/CMakeLists.txt, RF_FUZZ=ON) and with the
# replay main of the regression tests (tests/fuzz/replay.cmake, every build).
# For each harness NAME: RF_FUZZ_NAME_SOURCES (besides NAME.c), _LAYERS (the
# headers it may include, as for rf_add_test) and _LIBS (what it links).
set(RF_FUZZ_DIR ${PROJECT_SOURCE_DIR}/tests/fuzz)
set(RF_FUZZ_HARNESSES fuzz_scenario fuzz_dataset fuzz_args fuzz_pipeline)

set(RF_FUZZ_fuzz_scenario_SOURCES ${RF_FUZZ_DIR}/fuzz_util.c)
set(RF_FUZZ_fuzz_scenario_LAYERS core model io)
set(RF_FUZZ_fuzz_scenario_LIBS rf_io)

set(RF_FUZZ_fuzz_dataset_SOURCES ${RF_FUZZ_DIR}/fuzz_util.c)
set(RF_FUZZ_fuzz_dataset_LAYERS core model io market)
set(RF_FUZZ_fuzz_dataset_LIBS rf_io rf_market)

# The CLI parser is not a library: its one file is compiled into the harness.
set(RF_FUZZ_fuzz_args_SOURCES ${PROJECT_SOURCE_DIR}/src/cli/args.c)
set(RF_FUZZ_fuzz_args_LAYERS core stock cli)
set(RF_FUZZ_fuzz_args_LIBS rf_stock rf_core)

set(RF_FUZZ_fuzz_pipeline_SOURCES ${RF_FUZZ_DIR}/fuzz_util.c)
set(RF_FUZZ_fuzz_pipeline_LAYERS core model io market analytics policy)
set(RF_FUZZ_fuzz_pipeline_LIBS rf_policy rf_io)

# rf_fuzz_target(TARGET HARNESS MAIN...): an executable of HARNESS with the
# sources given as its main (none for libFuzzer's own).
function(rf_fuzz_target target harness)
  add_executable(${target} ${RF_FUZZ_DIR}/${harness}.c ${RF_FUZZ_${harness}_SOURCES} ${ARGN})
  rf_layer_includes(${target} ${RF_FUZZ_${harness}_LAYERS})
  target_include_directories(${target} PRIVATE ${RF_FUZZ_DIR})
  target_compile_definitions(${target} PRIVATE RF_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
  target_link_libraries(${target} PRIVATE ${RF_FUZZ_${harness}_LIBS})
endfunction()
