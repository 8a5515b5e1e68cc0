/*
 * rareflow/lp.h: the linear programming interface of rareflow.
 *
 * A small, library-neutral wrapper: build rows and columns in batches, set
 * bounds and costs, solve, read the model status apart from the call status,
 * copy out primal values and row duals, keep and restore a basis keyed by row
 * and column names, and write the LP as MPS.  Only src/market/lp_clp.c knows
 * that the backend is Clp; nothing else includes a solver header.
 *
 * Conventions (each pinned by a test in tests/market/test_lp.c):
 * - always minimise: the objective is costs minus willingness to pay, so the
 *   dual of a `>= 0` balance row is a non-negative price;
 * - dual simplex unless told otherwise (rf_lp_set_method); presolve only on
 *   a cold solve (no basis yet); dual bound RF_LP_DUAL_BOUND; dual
 *   feasibility tolerance RF_LP_DUAL_TOLERANCE;
 * - the backend never prints (Clp's log level is set to 0 on every model);
 * - "optimal only when scaled" (Clp's non-zero secondary status) is not
 *   optimal: the wrapper re-solves without presolve and reports RF_LP_LIMIT
 *   if it still is not clean;
 * - a failed solve is classified (infeasible or unbounded) by re-solving
 *   without presolve, because presolve can confuse the two;
 * - primal values, row activities and row duals are copied out right after a
 *   solve, so later calls cannot invalidate them.
 * Indices are 0-based everywhere.  An infinite bound is RF_INF or -RF_INF.
 * Typical size: 1,000 rows x 8,000 columns, 30,000 non-zeros.
 */
#ifndef RAREFLOW_LP_H
#define RAREFLOW_LP_H

#include <math.h>
#include <stddef.h>

#include "rareflow/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An infinite bound.  Any bound with |value| >= 1e30 is treated as infinite. */
#define RF_INF HUGE_VAL

/* The longest row or column name, in bytes.  The model's names join up to
 * four ids (RF_MAX_ID_BYTES each, rareflow/limits.h), a variant tag and a
 * few separators (the longest, a trade arc's segment or a demand step, are
 * at most 232 bytes), so a name is never held to the length of one id. */
#define RF_LP_MAX_NAME_BYTES 255

/* The largest magnitude of a finite cost, bound or coefficient.  Larger ones
 * (below the 1e30 of an infinite bound) are refused with RF_EINVAL: Clp
 * asserts that costs stay below 1e25 and aborts the process otherwise, and
 * values beyond 1e15 next to costs of order 1 leave no digits for the
 * answer.  Inputs are bounded far below it (rareflow/limits.h). */
#define RF_LP_MAX_VALUE 1e15

/* The fake bound of dual simplex on a column without an upper bound (Clp's
 * dualBound, 1e10 by default): above any flow in tonnes the model makes. */
#define RF_LP_DUAL_BOUND 2e6

/* Clp's dual feasibility tolerance (1e-7 by default), on reduced costs of the
 * scaled model.  The tie-break of data/parameters.csv separates equal routes
 * by about 1e-4 x (1 + cost) USD/kg; with Clp's default, dual and primal
 * simplex still ended on different routes for a few kg of scrap shipped
 * between four regions (freight-only costs), and priced the scrap apart by
 * up to 0.3% in three shipped scenarios (bench/README.md, "One answer
 * whatever the solver's path").  At 1e-9 they agree, in about as many
 * simplex iterations. */
#define RF_LP_DUAL_TOLERANCE 1e-9

typedef struct rf_lp rf_lp;
typedef struct rf_lp_basis rf_lp_basis;

/* The model status after a solve (separate from the call's rf_status). */
typedef enum rf_lp_status {
    RF_LP_NOT_SOLVED = 0, /* no solve yet, or the model changed since */
    RF_LP_OPTIMAL,        /* proven optimal, unscaled and clean */
    RF_LP_INFEASIBLE,     /* primal infeasible */
    RF_LP_UNBOUNDED,      /* primal unbounded (dual infeasible) */
    RF_LP_LIMIT,          /* stopped by a limit or numerically unclean */
    RF_LP_ERROR           /* the backend failed */
} rf_lp_status;

/* "optimal", "infeasible", "unbounded", "limit", "error", "not_solved". */
const char *rf_lp_status_str(rf_lp_status status);

/*
 * Create an empty LP (minimisation, no rows, no columns).
 * Returns an owned handle (free with rf_lp_free), or NULL with `err` set
 * (RF_ENOMEM).
 */
rf_lp *rf_lp_new(rf_err *err);

/* Free an LP and everything it owns.  NULL-safe. */
void rf_lp_free(rf_lp *lp);

/* Number of rows / columns now in the LP. */
int rf_lp_num_rows(const rf_lp *lp);
int rf_lp_num_cols(const rf_lp *lp);

/*
 * Append `n` rows with bounds lo[n] <= a_i x <= up[n] and names names[n].
 * Coefficients are given row-wise: row k has the entries
 * index[start[k] .. start[k+1]-1] (column indices) with value[...];
 * start has n+1 entries.  start/index/value may all be NULL for empty rows
 * (filled later by rf_lp_add_cols).  Names must be unique, 1 to
 * RF_LP_MAX_NAME_BYTES bytes, and free of white space, commas and quotes
 * (they are MPS names and warm-start keys); they are copied.
 * Returns RF_OK, RF_EINVAL (bad index, duplicate or bad name, lo > up),
 * RF_ENOMEM.
 */
rf_status rf_lp_add_rows(rf_lp *lp, int n, const double *lo, const double *up,
                         const int *start, const int *index, const double *value,
                         const char *const *names, rf_err *err);

/*
 * Append `n` columns with costs cost[n], bounds lo[n] <= x <= up[n] and names
 * names[n].  Coefficients are column-wise (CSC): column k has the entries
 * index[start[k] .. start[k+1]-1] (row indices of existing rows) with
 * value[...]; start has n+1 entries; start/index/value may be NULL for empty
 * columns.  Same name rules and return codes as rf_lp_add_rows.
 */
rf_status rf_lp_add_cols(rf_lp *lp, int n, const double *cost, const double *lo,
                         const double *up, const int *start, const int *index,
                         const double *value, const char *const *names, rf_err *err);

/* Change one column's bounds / cost, or one row's bounds.  RF_EINVAL on a bad index. */
rf_status rf_lp_set_col_bounds(rf_lp *lp, int col, double lo, double up, rf_err *err);
rf_status rf_lp_set_cost(rf_lp *lp, int col, double cost, rf_err *err);
rf_status rf_lp_set_row_bounds(rf_lp *lp, int row, double lo, double up, rf_err *err);

/* Index of the row / column with this name, or -1.  O(1) expected. */
int rf_lp_find_row(const rf_lp *lp, const char *name);
int rf_lp_find_col(const rf_lp *lp, const char *name);

/* Name of row / column `i` (borrowed: valid until the LP is freed), or NULL. */
const char *rf_lp_row_name(const rf_lp *lp, int row);
const char *rf_lp_col_name(const rf_lp *lp, int col);

/* The simplex method of a solve's first pass. */
typedef enum rf_lp_method {
    RF_LP_DUAL = 0, /* dual simplex: the default, fastest from a warm basis */
    RF_LP_PRIMAL    /* primal simplex: another path to the same optimum, to check that
                       results do not depend on the path (docs/model.md) */
} rf_lp_method;

/* Set the method of the next solves (RF_LP_DUAL until set).  NULL-safe. */
void rf_lp_set_method(rf_lp *lp, rf_lp_method method);

/*
 * Solve.  A cold solve (no basis: the first solve, with no rf_lp_basis_set)
 * runs dual simplex with presolve; a warm solve (after a previous solve or a
 * rf_lp_basis_set) runs dual simplex from the basis without presolve.
 * Returns RF_OK when the call worked, whatever the model status: read the
 * outcome with rf_lp_status.  Returns RF_ESOLVER (with `err` set) only when
 * the backend itself failed.
 */
rf_status rf_lp_solve(rf_lp *lp, rf_err *err);

/* The model status of the last solve. */
rf_lp_status rf_lp_status_get(const rf_lp *lp);

/* Simplex iterations of the last solve (all passes together). */
int rf_lp_iterations(const rf_lp *lp);

/*
 * Objective value, primal column values x[num_cols], row activities
 * act[num_rows] and row duals y[num_rows] of the last solve, copied into the
 * caller's arrays.  The dual of row i is d(objective)/d(bound of row i): for a
 * minimisation, >= 0 on a binding `>=` row, <= 0 on a binding `<=` row.
 * Returns RF_ENOTOPT (with `err` set) when the last solve was not optimal.
 */
rf_status rf_lp_objective(const rf_lp *lp, double *obj, rf_err *err);
rf_status rf_lp_primal(const rf_lp *lp, double *x, rf_err *err);
rf_status rf_lp_row_activity(const rf_lp *lp, double *act, rf_err *err);
rf_status rf_lp_row_duals(const rf_lp *lp, double *y, rf_err *err);

/*
 * The basis of the last optimal solve, keyed by row and column names, with
 * that optimum's row duals (rf_lp_basis_set prices new rows from them).
 * Returns an owned basis (free with rf_lp_basis_free), or NULL with `err` set
 * (RF_ENOTOPT when there is none).
 */
rf_lp_basis *rf_lp_basis_get(const rf_lp *lp, rf_err *err);

/*
 * Install a stored basis on `lp` by name: rows and columns found in the basis
 * get their stored status; columns that are new sit non-basic at their lower
 * bound (or upper when the lower is infinite).  Where the LPs differ:
 * - a stored basic column that is gone is replaced by a new column on exactly
 *   its rows, where there is one (an arc that became a segment);
 * - a row that is new gets a basic new column in its slack's place where one
 *   fits (a column without an upper bound, lower bound 0, with an entry in
 *   that row and in no other new row still without one: the new part of the
 *   basis stays triangular), else a basic slack; of several such columns, the
 *   one whose implied dual for the row (from the stored duals of its other
 *   rows) leaves the others dual feasible: the drawing column of highest
 *   value (a new pool's best netback), else the supplying one of lowest; so
 *   a new pool starts at the price its best outlet gives it, not 0;
 * - with more basic items than rows, the basic columns that had an entry in a
 *   stored row that is gone and was binding are made non-basic first.
 * The next rf_lp_solve is then warm.  The basis may come from an LP with
 * other rows and columns (a later year, a policy added rows).
 */
rf_status rf_lp_basis_set(rf_lp *lp, const rf_lp_basis *basis, rf_err *err);

/* Free a basis.  NULL-safe. */
void rf_lp_basis_free(rf_lp_basis *basis);

/*
 * Write the LP as an MPS file (free format, minimisation, names as given) to
 * `path`.  Returns RF_OK or RF_EIO with `err` set.
 */
rf_status rf_lp_write_mps(const rf_lp *lp, const char *path, rf_err *err);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_LP_H */
