/*
 * rareflow/market.h: one year's market clearing as a linear program.
 *
 * The market builds the year's LP from a `const rf_world *` and the year's
 * inputs (rf_year_input: capacity and demand factors, and later the effects
 * policies write as data), solves it with rareflow/lp.h, and reads prices,
 * flows, activity and unserved demand back into an rf_year_result.  It does
 * no I/O (an MPS copy of the LP is written only through lp.h when asked).
 * The LP is the spatial price equilibrium of Samuelson and Takayama-Judge
 * with stepwise demand; docs/model.md gives it as equations.
 *
 * An rf_market keeps the basis of its last optimal solve and warm-starts the
 * next year from it by row and column names.  One rf_market per thread.
 */
#ifndef RAREFLOW_MARKET_H
#define RAREFLOW_MARKET_H

#include "rareflow/error.h"
#include "rareflow/lp.h"
#include "rareflow/results.h"
#include "rareflow/scenario.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rf_market rf_market;

/* A market on `w` (borrowed; must outlive the market).  Owned; rf_market_free. */
rf_market *rf_market_new(const rf_world *w, rf_err *err);

void rf_market_free(rf_market *m);

/* The simplex method of the market's solves from now on (rareflow/lp.h;
 * RF_LP_DUAL until set).  The answer is the same either way, to the solver's
 * tolerances (docs/model.md, "One answer whatever the solver's path"). */
void rf_market_set_method(rf_market *m, rf_lp_method method);

/*
 * Clear the market of one year.  Fills `out` (which must be cleared, with
 * out->year set or not: it is set from in->year) with the status and, when
 * optimal, every number.  A year that is infeasible or unbounded is a result
 * (RF_OK with out->status saying so), not an error.  When `mps_path` is not
 * NULL the year's LP is also written there as MPS.
 * Returns RF_OK, RF_ENOMEM, RF_ESOLVER (backend failure) or RF_EIO (MPS).
 */
rf_status rf_market_solve(rf_market *m, const rf_year_input *in, rf_year_result *out,
                          const char *mps_path, rf_err *err);

/*
 * Start m's next solve from the basis of `from`'s last optimal LP (by names,
 * as a year starts from the last), when m has solved nothing yet: the
 * simulation's first year starts from its calibration solve instead of
 * cold.  Only the start changes, not the optimum.  RF_OK (also when there
 * is nothing to take or m has a basis of its own), or RF_ENOMEM.
 */
rf_status rf_market_start_from(rf_market *m, const rf_market *from, rf_err *err);

/* LPs the market has solved since it was made, and how many of them were
 * warm (started from the basis of the last optimal solve). */
void rf_market_counts(const rf_market *m, long *solves, long *warm);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_MARKET_H */
