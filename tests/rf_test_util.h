/*
 * rf_test_util.h: scaffolding shared by the suites that load a scenario with
 * its world (tests/policy, tests/sim): a scenario given as text, loaded and
 * checked as the CLI does; a year looked up in a run's results; one year of a
 * scenario solved; a warning looked for in a check's list.
 *
 * It sits at the policy layer: a test that lists rf_test_util.c among its
 * sources (tests/CMakeLists.txt) names the layers core, model, io, market,
 * analytics and policy and links rf_policy and rf_io.  Failures of the
 * scaffolding itself (a temp file that cannot be written, a year that is not
 * in the results) fail the running cmocka test.
 */
#ifndef RF_TEST_UTIL_H
#define RF_TEST_UTIL_H

#include "rareflow/error.h"
#include "rareflow/io.h"
#include "rareflow/policy.h"
#include "rareflow/results.h"
#include "rareflow/scenario.h"
#include "rareflow/world.h"

/*
 * Write a scenario, the printf-formatted `fmt` (it names its dataset with a
 * `data:` line), to a fresh file /tmp/PREFIX_XXXXXX, read it
 * (rf_scenario_load), remove the file, load the dataset it names
 * (rf_dataset_load) and check both (rf_scenario_check, then rf_policy_check
 * with its warnings appended to `warn`, which may be NULL).
 *   prefix  the temp file's name before _XXXXXX; errors name that file, so a
 *           test can tell its scenario's errors by it
 *   sc, w   out: what was loaded, NULL where a stage did not get that far;
 *           owned by the caller (rf_scenario_free, rf_world_free) whatever
 *           the return code
 * Returns RF_OK or the first stage's failure with `err` filled.
 */
rf_status rf_test_load(const char *prefix, rf_scenario **sc, rf_world **w, rf_warnings *warn,
                       rf_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* The result of `year` in `res` (borrowed from it); fails the test when the
 * run has no such year. */
const rf_year_result *rf_test_year(const rf_results *res, int year);

/* Solve `year` of scenario `sc` on world `w` alone (no strategic stocks
 * carried in) into `out`, which the caller zeroed and clears
 * (rf_year_result_clear); fails the test when the market cannot be made or
 * the solve does not return RF_OK. */
void rf_test_solve_year(const rf_world *w, const rf_scenario *sc, int year, rf_year_result *out);

/* Whether `warn` holds a warning at `line` on `field` whose message contains `what`. */
int rf_test_has_warning(const rf_warnings *warn, int line, const char *field, const char *what);

#endif
