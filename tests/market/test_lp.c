/*
 * test_lp.c: the LP interface (rareflow/lp.h) on LPs solved by hand.
 *
 * Every number asserted here was derived on paper, and each convention in the
 * header comment of lp.h is pinned by one of these tests: the sign of a row
 * dual, the price at a degenerate vertex, the classification of infeasible
 * and unbounded LPs, warm starts by name, and the MPS file.
 */
#include "rareflow/lp.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rf_test.h"

#define INF RF_INF
#define TOL 1e-9

/* The peer MPS reader and solver (scipy's HiGHS), used when it is installed. */
#define PEER_PYTHON "/usr/bin/python3"
#define PEER_SCRIPT RF_TEST_DATA_DIR "/../../../shared/checks/mps_highs.py"

/* ---- Helpers ------------------------------------------------------------ */

static rf_lp *new_lp(void)
{
    rf_err err;
    rf_lp *lp = rf_lp_new(&err);
    assert_non_null(lp);
    return lp;
}

/* One column without entries. */
static void add_col(rf_lp *lp, const char *name, double cost, double lo, double up)
{
    rf_err err;
    const char *names[] = {name};
    assert_int_equal(rf_lp_add_cols(lp, 1, &cost, &lo, &up, NULL, NULL, NULL, names, &err), RF_OK);
}

/* One row with nnz entries (column indices idx, coefficients val). */
static void add_row(rf_lp *lp, const char *name, double lo, double up, int nnz, const int *idx,
                    const double *val)
{
    rf_err err;
    const char *names[] = {name};
    const int start[] = {0, nnz};
    assert_int_equal(rf_lp_add_rows(lp, 1, &lo, &up, start, idx, val, names, &err), RF_OK);
}

static void solve_optimal(rf_lp *lp)
{
    rf_err err;
    assert_int_equal(rf_lp_solve(lp, &err), RF_OK);
    assert_int_equal(rf_lp_status_get(lp), RF_LP_OPTIMAL);
}

static double objective(const rf_lp *lp)
{
    rf_err err;
    double obj = NAN;
    assert_int_equal(rf_lp_objective(lp, &obj, &err), RF_OK);
    return obj;
}

static double primal_of(const rf_lp *lp, const char *col)
{
    rf_err err;
    int j = rf_lp_find_col(lp, col);
    assert_true(j >= 0);
    double *x = malloc(((size_t)rf_lp_num_cols(lp) + 1) * sizeof *x);
    assert_non_null(x);
    assert_int_equal(rf_lp_primal(lp, x, &err), RF_OK);
    double v = x[j];
    free(x);
    return v;
}

/* Row dual (which = 0) or row activity (which = 1) of the named row. */
static double row_value(const rf_lp *lp, const char *row, int which)
{
    rf_err err;
    int i = rf_lp_find_row(lp, row);
    assert_true(i >= 0);
    double *v = malloc(((size_t)rf_lp_num_rows(lp) + 1) * sizeof *v);
    assert_non_null(v);
    rf_status rc = which == 0 ? rf_lp_row_duals(lp, v, &err) : rf_lp_row_activity(lp, v, &err);
    assert_int_equal(rc, RF_OK);
    double out = v[i];
    free(v);
    return out;
}

static double dual_of(const rf_lp *lp, const char *row) { return row_value(lp, row, 0); }

static double activity_of(const rf_lp *lp, const char *row) { return row_value(lp, row, 1); }

/*
 * min -3a - 2b  s.t.  c1: a + b <= 4,  c2: a + 3b <= 6,  cap_a: a <= 3.5,  a, b >= 0.
 * Optimum a = 3.5, b = 0.5: c1 and cap_a bind, c2 has slack 1, objective -11.5.
 * Both a and b are basic, so their reduced costs are zero:
 *   b: -2 - (y_c1 + 3 y_c2) = 0 and a: -3 - (y_c1 + y_c2 + y_cap_a) = 0, with
 *   y_c2 = 0 (slack), give y_c1 = -2 and y_cap_a = -1.  Non-degenerate, so the
 * duals are unique (a + b <= 4, a + 3b <= 6, a <= 3 would be degenerate).
 */
static void build_two_var(rf_lp *lp)
{
    rf_err err;
    const char *cols[] = {"a", "b"};
    const double cost[] = {-3.0, -2.0}, clo[] = {0.0, 0.0}, cup[] = {INF, INF};
    assert_int_equal(rf_lp_add_cols(lp, 2, cost, clo, cup, NULL, NULL, NULL, cols, &err), RF_OK);
    const char *rows[] = {"c1", "c2", "cap_a"};
    const double rlo[] = {-INF, -INF, -INF}, rup[] = {4.0, 6.0, 3.5};
    const int start[] = {0, 2, 4, 5}, index[] = {0, 1, 0, 1, 0};
    const double value[] = {1.0, 1.0, 1.0, 3.0, 1.0};
    assert_int_equal(rf_lp_add_rows(lp, 3, rlo, rup, start, index, value, rows, &err), RF_OK);
}

static void assert_two_var_optimum(const rf_lp *lp)
{
    RF_ASSERT_NEAR(objective(lp), -11.5, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "a"), 3.5, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "b"), 0.5, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "c1"), -2.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "c2"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "cap_a"), -1.0, TOL, TOL);
}

/*
 * The degenerate toy: one market where supply s (up to cap, cost 3) meets
 * demand d (up to 5, willingness to pay 8).  balance: s - d >= 0, so its dual
 * is the price.  Built rows first, then columns in CSC form.
 */
static rf_lp *build_toy(double supply_cap)
{
    rf_err err;
    rf_lp *lp = new_lp();
    const char *rows[] = {"balance"};
    const double rlo[] = {0.0}, rup[] = {INF};
    assert_int_equal(rf_lp_add_rows(lp, 1, rlo, rup, NULL, NULL, NULL, rows, &err), RF_OK);
    const char *cols[] = {"s", "d"};
    const double cost[] = {3.0, -8.0}, clo[] = {0.0, 0.0}, cup[] = {supply_cap, 5.0};
    const int start[] = {0, 1, 2}, index[] = {0, 0};
    const double value[] = {1.0, -1.0};
    assert_int_equal(rf_lp_add_cols(lp, 2, cost, clo, cup, start, index, value, cols, &err), RF_OK);
    return lp;
}

static double price(const rf_lp *lp) { return dual_of(lp, "balance"); }

/* ---- 1. Dual sign ------------------------------------------------------- */

static void test_dual_sign(void **state)
{
    (void)state;
    /* min x s.t. need: x >= 3.  Raising the bound by 1 raises the objective by 1. */
    rf_lp *lp = new_lp();
    add_col(lp, "x", 1.0, 0.0, INF);
    add_row(lp, "need", 3.0, INF, 1, (const int[]){0}, (const double[]){1.0});
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), 3.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "x"), 3.0, TOL, TOL);
    RF_ASSERT_NEAR(activity_of(lp, "need"), 3.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "need"), 1.0, TOL, TOL);
    rf_lp_free(lp);

    /* min -x s.t. cap: x <= 3.  Raising the bound by 1 lowers the objective by 1. */
    lp = new_lp();
    add_col(lp, "x", -1.0, 0.0, INF);
    add_row(lp, "cap", -INF, 3.0, 1, (const int[]){0}, (const double[]){1.0});
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -3.0, TOL, TOL);
    double y = dual_of(lp, "cap");
    assert_true(y <= 0.0);
    RF_ASSERT_NEAR(y, -1.0, TOL, TOL);
    rf_lp_free(lp);
}

/* ---- 2. A two-variable LP ----------------------------------------------- */

static void test_two_var(void **state)
{
    (void)state;
    rf_lp *lp = new_lp();
    build_two_var(lp);
    solve_optimal(lp);
    assert_two_var_optimum(lp);
    RF_ASSERT_NEAR(activity_of(lp, "c1"), 4.0, TOL, TOL);
    RF_ASSERT_NEAR(activity_of(lp, "c2"), 5.0, TOL, TOL);
    RF_ASSERT_NEAR(activity_of(lp, "cap_a"), 3.5, TOL, TOL);
    /* Reaching the vertex takes pivots; re-solving from the optimal basis, none. */
    int cold = rf_lp_iterations(lp);
    solve_optimal(lp);
    printf("two-var: %d iterations cold, %d warm\n", cold, rf_lp_iterations(lp));
    assert_true(cold >= 1);
    assert_int_equal(rf_lp_iterations(lp), 0);
    rf_lp_free(lp);
}

/* ---- 3. The degenerate toy ---------------------------------------------- */

/*
 * With supply cap 5 = demand 5, the optimum s = d = 5 (objective 15 - 40 =
 * -25) is degenerate: any price in [3, 8] supports it.  Clp's dual simplex
 * (cold with presolve, and without) reports 3, the supply cost (observed on
 * Clp 1.17.6; its primal simplex reports 8, as HiGHS does).  Offsetting the
 * supply cap removes the ambiguity: at 5.05 supply is slack and the marginal
 * unit is supplied at cost 3 (price 3, objective still -25); at 4.95 demand
 * is slack and the marginal unit is worth 8 (price 8, objective 4.95 * (3 -
 * 8) = -24.75).
 */
static void test_degenerate_price(void **state)
{
    (void)state;
    rf_lp *lp = build_toy(5.0);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -25.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "s"), 5.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "d"), 5.0, TOL, TOL);
    RF_ASSERT_NEAR(price(lp), 3.0, TOL, TOL);
    rf_lp_free(lp);

    lp = build_toy(5.05);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -25.0, TOL, TOL);
    RF_ASSERT_NEAR(price(lp), 3.0, TOL, TOL);
    rf_lp_free(lp);

    lp = build_toy(4.95);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -24.75, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "d"), 4.95, TOL, TOL);
    RF_ASSERT_NEAR(price(lp), 8.0, TOL, TOL);
    rf_lp_free(lp);
}

/* The same degenerate toy, cold then warm in both ways, keeps its price. */
static void test_degenerate_price_warm(void **state)
{
    (void)state;
    rf_err err;
    double obj;
    rf_lp *lp = build_toy(5.0);
    solve_optimal(lp);
    int cold_iterations = rf_lp_iterations(lp);
    RF_ASSERT_NEAR(price(lp), 3.0, TOL, TOL);

    /* A no-op bound change still invalidates the results; the re-solve is warm. */
    int s = rf_lp_find_col(lp, "s");
    assert_int_equal(rf_lp_set_col_bounds(lp, s, 0.0, 5.0, &err), RF_OK);
    assert_int_equal(rf_lp_objective(lp, &obj, &err), RF_ENOTOPT);
    solve_optimal(lp);
    assert_true(rf_lp_iterations(lp) <= cold_iterations);
    RF_ASSERT_NEAR(objective(lp), -25.0, TOL, TOL);
    RF_ASSERT_NEAR(price(lp), 3.0, TOL, TOL);

    /* The basis, by name, on a freshly built identical LP. */
    rf_lp_basis *basis = rf_lp_basis_get(lp, &err);
    assert_non_null(basis);
    rf_lp *fresh = build_toy(5.0);
    assert_int_equal(rf_lp_basis_set(fresh, basis, &err), RF_OK);
    solve_optimal(fresh);
    assert_true(rf_lp_iterations(fresh) <= cold_iterations);
    RF_ASSERT_NEAR(objective(fresh), -25.0, TOL, TOL);
    RF_ASSERT_NEAR(price(fresh), 3.0, TOL, TOL);
    rf_lp_basis_free(basis);
    rf_lp_free(fresh);

    /* A real change, warm: the offset caps give their unambiguous prices. */
    assert_int_equal(rf_lp_set_col_bounds(lp, s, 0.0, 4.95, &err), RF_OK);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -24.75, TOL, TOL);
    RF_ASSERT_NEAR(price(lp), 8.0, TOL, TOL);
    assert_int_equal(rf_lp_set_col_bounds(lp, s, 0.0, 5.05, &err), RF_OK);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -25.0, TOL, TOL);
    RF_ASSERT_NEAR(price(lp), 3.0, TOL, TOL);
    rf_lp_free(lp);
}

/* ---- 4. Infeasible and unbounded ---------------------------------------- */

static void test_infeasible(void **state)
{
    (void)state;
    rf_err err;
    double y[2], obj, x[1];
    /* x >= 2 and x <= 1, as two rows. */
    rf_lp *lp = new_lp();
    add_col(lp, "x", 1.0, 0.0, INF);
    add_row(lp, "at_least_2", 2.0, INF, 1, (const int[]){0}, (const double[]){1.0});
    add_row(lp, "at_most_1", -INF, 1.0, 1, (const int[]){0}, (const double[]){1.0});
    assert_int_equal(rf_lp_solve(lp, &err), RF_OK);
    assert_int_equal(rf_lp_status_get(lp), RF_LP_INFEASIBLE);
    assert_string_equal(rf_lp_status_str(rf_lp_status_get(lp)), "infeasible");
    rf_err_clear(&err);
    assert_int_equal(rf_lp_row_duals(lp, y, &err), RF_ENOTOPT);
    assert_int_equal(err.code, RF_ENOTOPT);
    assert_int_equal(rf_lp_objective(lp, &obj, &err), RF_ENOTOPT);
    assert_int_equal(rf_lp_primal(lp, x, &err), RF_ENOTOPT);
    assert_null(rf_lp_basis_get(lp, &err));
    assert_int_equal(err.code, RF_ENOTOPT);

    /* Relaxing the second row makes it feasible again, warm: x = 2, dual +1. */
    assert_int_equal(rf_lp_set_row_bounds(lp, 1, -INF, 5.0, &err), RF_OK);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), 2.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "at_least_2"), 1.0, TOL, TOL);
    rf_lp_free(lp);
}

static void test_unbounded(void **state)
{
    (void)state;
    rf_err err;
    double obj;
    /* min -x, x >= 0, no upper bound and no rows. */
    rf_lp *lp = new_lp();
    add_col(lp, "x", -1.0, 0.0, INF);
    assert_int_equal(rf_lp_solve(lp, &err), RF_OK);
    assert_int_equal(rf_lp_status_get(lp), RF_LP_UNBOUNDED);
    assert_int_equal(rf_lp_objective(lp, &obj, &err), RF_ENOTOPT);
    rf_lp_free(lp);

    /* min -x s.t. link: x - z >= 0, x, z >= 0: x = z can grow without end. */
    lp = new_lp();
    add_col(lp, "x", -1.0, 0.0, INF);
    add_col(lp, "z", 0.0, 0.0, INF);
    add_row(lp, "link", 0.0, INF, 2, (const int[]){0, 1}, (const double[]){1.0, -1.0});
    assert_int_equal(rf_lp_solve(lp, &err), RF_OK);
    assert_int_equal(rf_lp_status_get(lp), RF_LP_UNBOUNDED);
    assert_string_equal(rf_lp_status_str(RF_LP_UNBOUNDED), "unbounded");
    rf_lp_free(lp);
}

/* ---- 5. Warm start by names --------------------------------------------- */

/*
 * The two-variable LP again, with rows and columns in another order plus a
 * row extra: a + b + c <= 100 (slack at the optimum) and a column c in [0, 10]
 * at cost +1 that also uses c1 (so it stays at 0): the optimum is unchanged.
 */
static rf_lp *build_two_var_extended(void)
{
    rf_err err;
    rf_lp *lp = new_lp();
    const char *rows[] = {"extra", "cap_a", "c2", "c1"};
    const double rlo[] = {-INF, -INF, -INF, -INF}, rup[] = {100.0, 3.5, 6.0, 4.0};
    assert_int_equal(rf_lp_add_rows(lp, 4, rlo, rup, NULL, NULL, NULL, rows, &err), RF_OK);
    const char *cols[] = {"c", "b", "a"};
    const double cost[] = {1.0, -2.0, -3.0}, clo[] = {0.0, 0.0, 0.0}, cup[] = {10.0, INF, INF};
    const int start[] = {0, 2, 5, 9}, index[] = {0, 3, 0, 2, 3, 0, 1, 2, 3};
    const double value[] = {1, 1, 1, 3, 1, 1, 1, 1, 1};
    assert_int_equal(rf_lp_add_cols(lp, 3, cost, clo, cup, start, index, value, cols, &err), RF_OK);
    return lp;
}

static void test_warm_start_by_name(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    build_two_var(lp);
    solve_optimal(lp);
    int cold_iterations = rf_lp_iterations(lp);
    rf_lp_basis *basis = rf_lp_basis_get(lp, &err);
    assert_non_null(basis);

    rf_lp *ext = build_two_var_extended();
    assert_int_equal(rf_lp_basis_set(ext, basis, &err), RF_OK);
    solve_optimal(ext);
    assert_true(rf_lp_iterations(ext) <= cold_iterations);
    assert_two_var_optimum(ext);
    RF_ASSERT_NEAR(primal_of(ext, "c"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(ext, "extra"), 0.0, TOL, TOL);
    rf_lp_free(ext);

    /* The other way round: a basis with more rows and columns than the LP. */
    ext = build_two_var_extended();
    solve_optimal(ext);
    rf_lp_basis *big = rf_lp_basis_get(ext, &err);
    assert_non_null(big);
    rf_lp *small = new_lp();
    build_two_var(small);
    assert_int_equal(rf_lp_basis_set(small, big, &err), RF_OK);
    solve_optimal(small);
    assert_two_var_optimum(small);
    rf_lp_basis_free(big);
    rf_lp_free(small);
    rf_lp_free(ext);

    /* Extending the solved LP in place keeps its basis: the re-solve is warm. */
    const char *row[] = {"extra"};
    const double rlo[] = {-INF}, rup[] = {100.0};
    const int rstart[] = {0, 2}, rindex[] = {0, 1};
    const double rvalue[] = {1.0, 1.0};
    assert_int_equal(rf_lp_add_rows(lp, 1, rlo, rup, rstart, rindex, rvalue, row, &err), RF_OK);
    assert_int_equal(rf_lp_status_get(lp), RF_LP_NOT_SOLVED);
    const char *col[] = {"c"};
    const double cost[] = {1.0}, clo[] = {0.0}, cup[] = {10.0};
    const int cstart[] = {0, 2}, cindex[] = {rf_lp_find_row(lp, "c1"), rf_lp_find_row(lp, "extra")};
    const double cvalue[] = {1.0, 1.0};
    assert_int_equal(rf_lp_add_cols(lp, 1, cost, clo, cup, cstart, cindex, cvalue, col, &err),
                     RF_OK);
    solve_optimal(lp);
    assert_true(rf_lp_iterations(lp) <= cold_iterations);
    assert_two_var_optimum(lp);
    RF_ASSERT_NEAR(primal_of(lp, "c"), 0.0, TOL, TOL);
    rf_lp_basis_free(basis);
    rf_lp_free(lp);
}

/*
 * A pool new to the LP takes its price from its transfer, not 0 (the crash of
 * rf_lp_basis_set).  LP 1: min 2a - 10d, u: a - d >= 0, d <= 5: a = d = 5,
 * objective -40, dual of u 2.  LP 2 adds a pool o fed by a plant b (cost 1,
 * at most 3) and its transfer t into u (no cost, no upper bound):
 * o: b - t >= 0, u: a + t - d >= 0.  By hand: b = t = 3, a = 2, d = 5,
 * objective 2*2 + 3 - 50 = -43, duals u = o = 2 (t is basic: 0 = y_u - y_o).
 * From LP 1's basis with o's slack basic, o's dual starts at 0, t's reduced
 * cost is -2 and t has no upper bound; with t basic in o's place instead,
 * o's dual starts at 2, only b is off its bound (reduced cost -1, bounded),
 * and flipping it to 3 is already the optimum: no pivot.
 */
/* LP 1 of the next tests, solved: min 2a - 10d, u: a - d >= 0, d <= 5, so
 * a = d = 5, objective -40, dual of u 2; its basis. */
static rf_lp_basis *one_pool_basis(void)
{
    rf_err err;
    rf_lp *lp = new_lp();
    add_col(lp, "a", 2.0, 0.0, INF);
    add_col(lp, "d", -10.0, 0.0, 5.0);
    add_row(lp, "u", 0.0, INF, 2, (const int[]){0, 1}, (const double[]){1.0, -1.0});
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -40.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "u"), 2.0, TOL, TOL);
    rf_lp_basis *basis = rf_lp_basis_get(lp, &err);
    assert_non_null(basis);
    rf_lp_free(lp);
    return basis;
}

static void test_warm_start_new_pool(void **state)
{
    (void)state;
    rf_err err;
    rf_lp_basis *basis = one_pool_basis();

    rf_lp *ext = new_lp();
    add_col(ext, "a", 2.0, 0.0, INF);
    add_col(ext, "d", -10.0, 0.0, 5.0);
    add_col(ext, "b", 1.0, 0.0, 3.0);
    add_col(ext, "t", 0.0, 0.0, INF);
    add_row(ext, "u", 0.0, INF, 3, (const int[]){0, 1, 3}, (const double[]){1.0, -1.0, 1.0});
    add_row(ext, "o", 0.0, INF, 2, (const int[]){2, 3}, (const double[]){1.0, -1.0});
    assert_int_equal(rf_lp_basis_set(ext, basis, &err), RF_OK);
    solve_optimal(ext);
    RF_ASSERT_NEAR(objective(ext), -43.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(ext, "a"), 2.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(ext, "b"), 3.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(ext, "t"), 3.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(ext, "u"), 2.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(ext, "o"), 2.0, TOL, TOL);
    assert_int_equal(rf_lp_iterations(ext), 0);
    rf_lp_basis_free(basis);
    rf_lp_free(ext);
}

/*
 * A basic column the new LP does not have, with a new column on exactly its
 * rows (a trade arc that became a segment): the new one takes its place.
 * LP 1: min 2a - 10d, u: a - d >= 0, d <= 5: a = 5 basic, u binding (dual 2).
 * LP 2 has a2 instead of a (same row, same cost): by hand a2 = d = 5,
 * objective -40, dual of u 2, and the stored basis with a2 for a is already
 * optimal: no pivot.  Left to the count repair, u's slack would be basic and
 * its dual 0, one pivot away.
 */
static void test_warm_start_lost_column(void **state)
{
    (void)state;
    rf_err err;
    rf_lp_basis *basis = one_pool_basis();

    rf_lp *next = new_lp();
    add_col(next, "d", -10.0, 0.0, 5.0);
    add_col(next, "a2", 2.0, 0.0, INF);
    add_row(next, "u", 0.0, INF, 2, (const int[]){0, 1}, (const double[]){-1.0, 1.0});
    assert_int_equal(rf_lp_basis_set(next, basis, &err), RF_OK);
    solve_optimal(next);
    RF_ASSERT_NEAR(objective(next), -40.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(next, "a2"), 5.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(next, "u"), 2.0, TOL, TOL);
    assert_int_equal(rf_lp_iterations(next), 0);
    rf_lp_basis_free(basis);
    rf_lp_free(next);
}

/*
 * A binding row that is gone (a contract that ended) leaves its basic column
 * without a row: that column is the one made non-basic.  LP 1: min -10d + 3b
 * + 2a, u: a + b - d >= 0, ct: b >= 2, d <= 5; by hand b = 2, a = 3, d = 5,
 * duals u 2 and ct 1, a and b basic.  LP 2 has no ct: by hand a = d = 5,
 * b = 0, objective -40, dual of u 2.  Installing LP 1's basis gives two basic
 * columns for one row; with b (the one in ct) made non-basic the start is
 * optimal: no pivot.  Taking the last basic column instead (a, listed last)
 * would price u at b's cost 3 with a's reduced cost -1 and no upper bound.
 */
static void test_warm_start_gone_row(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    add_col(lp, "b", 3.0, 0.0, INF);
    add_col(lp, "d", -10.0, 0.0, 5.0);
    add_col(lp, "a", 2.0, 0.0, INF);
    add_row(lp, "u", 0.0, INF, 3, (const int[]){0, 1, 2}, (const double[]){1.0, -1.0, 1.0});
    add_row(lp, "ct", 2.0, INF, 1, (const int[]){0}, (const double[]){1.0});
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -50.0 + 6.0 + 6.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "ct"), 1.0, TOL, TOL);
    rf_lp_basis *basis = rf_lp_basis_get(lp, &err);
    assert_non_null(basis);

    rf_lp *next = new_lp();
    add_col(next, "b", 3.0, 0.0, INF);
    add_col(next, "d", -10.0, 0.0, 5.0);
    add_col(next, "a", 2.0, 0.0, INF);
    add_row(next, "u", 0.0, INF, 3, (const int[]){0, 1, 2}, (const double[]){1.0, -1.0, 1.0});
    assert_int_equal(rf_lp_basis_set(next, basis, &err), RF_OK);
    solve_optimal(next);
    RF_ASSERT_NEAR(objective(next), -40.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(next, "a"), 5.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(next, "b"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(next, "u"), 2.0, TOL, TOL);
    assert_int_equal(rf_lp_iterations(next), 0);
    rf_lp_basis_free(basis);
    rf_lp_free(next);
    rf_lp_free(lp);
}

/*
 * A closed plant: its capacity row is gone with its tranche and its recipe,
 * but the recipe's pools remain and need a basic column in its place.  LP 1:
 * oxide pool u: s - x1 - x2 >= 0 (s at 2), metal pool m: x1 + x2 + im - d
 * >= 0 (d worth 20 up to 3), plant 1: recipe x1 (no cost), tranche q1 (at
 * 3, up to 4) with cap1: x1 - q1 = 0; plant 2's recipe x2 at 4, imports im
 * at 9.  By hand x1 = q1 = d = s = 3 (plant 1 is marginal), duals u = 2 and
 * m = 5; s, x1 and q1 basic.  LP 2 has no plant 1: by hand x2 = s = d = 3,
 * objective 6 + 12 - 60 = -42, duals u = 2, m = 6.  The tranche lay only in
 * the gone row (the pair of it); the recipe leaves u and m one basic short,
 * and of the columns on them x2's reduced cost at the stored duals is
 * nearest 0 (4 - 5 + 2 = 1; im 4, d -15): with x2 basic the start is
 * optimal, no pivot.  The count repair's slack of the first row instead made
 * the basis singular.
 */
static void test_warm_start_closed_plant(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    add_col(lp, "s", 2.0, 0.0, INF);
    add_col(lp, "x1", 0.0, 0.0, INF);
    add_col(lp, "q1", 3.0, 0.0, 4.0);
    add_col(lp, "x2", 4.0, 0.0, INF);
    add_col(lp, "im", 9.0, 0.0, INF);
    add_col(lp, "d", -20.0, 0.0, 3.0);
    add_row(lp, "u", 0.0, INF, 3, (const int[]){0, 1, 3}, (const double[]){1.0, -1.0, -1.0});
    add_row(lp, "m", 0.0, INF, 4, (const int[]){1, 3, 4, 5}, (const double[]){1.0, 1.0, 1.0, -1.0});
    add_row(lp, "cap1", 0.0, 0.0, 2, (const int[]){1, 2}, (const double[]){1.0, -1.0});
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), 6.0 + 9.0 - 60.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "q1"), 3.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "u"), 2.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "m"), 5.0, TOL, TOL);
    rf_lp_basis *basis = rf_lp_basis_get(lp, &err);
    assert_non_null(basis);
    rf_lp_free(lp);

    rf_lp *next = new_lp();
    add_col(next, "s", 2.0, 0.0, INF);
    add_col(next, "x2", 4.0, 0.0, INF);
    add_col(next, "im", 9.0, 0.0, INF);
    add_col(next, "d", -20.0, 0.0, 3.0);
    add_row(next, "u", 0.0, INF, 2, (const int[]){0, 1}, (const double[]){1.0, -1.0});
    add_row(next, "m", 0.0, INF, 3, (const int[]){1, 2, 3}, (const double[]){1.0, 1.0, -1.0});
    assert_int_equal(rf_lp_basis_set(next, basis, &err), RF_OK);
    solve_optimal(next);
    RF_ASSERT_NEAR(objective(next), -42.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(next, "x2"), 3.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(next, "u"), 2.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(next, "m"), 6.0, TOL, TOL);
    assert_int_equal(rf_lp_iterations(next), 0);
    rf_lp_basis_free(basis);
    rf_lp_free(next);
}

/*
 * A new pool with two arcs out: the crash prices it at its best netback, not
 * through whichever arc comes first.  LP 1: two markets, u1: s1 - d1 >= 0
 * (supply s1 at 2, demand d1 worth 10 up to 5) and u2: s2 - d2 >= 0 (s2 at
 * 6, d2 worth 20 up to 5): s1 = d1 = s2 = d2 = 5, duals u1 = 2 and u2 = 6.
 * LP 2 adds a pool o fed by b (cost 1, at most 3) with arcs a1 to u1 and a2
 * to u2 (cost 1 each, no upper bound): o: b - a1 - a2 >= 0.  By hand b = a2
 * = 3, s2 = 2, s1 = 5, objective 2*5 + 6*2 + 3 + 3 - 50 - 100 = -122, duals
 * u1 = 2, u2 = 6, o = 6 - 1 = 5 (a2 basic), a1's reduced cost 1 - 2 + 5 = 4.
 * The crash values a1 at (1 - 2) / -1 = 1 and a2 at (1 - 6) / -1 = 5 and
 * makes a2 basic: only b is then off its bound (reduced cost -4, bounded),
 * and flipping it to 3 is the optimum: no pivot.  Taking a1, the first
 * candidate, priced o at 1 and left a2 (no upper bound) at reduced cost -4.
 */
static void test_warm_start_best_netback(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    add_col(lp, "s1", 2.0, 0.0, INF);
    add_col(lp, "d1", -10.0, 0.0, 5.0);
    add_col(lp, "s2", 6.0, 0.0, INF);
    add_col(lp, "d2", -20.0, 0.0, 5.0);
    add_row(lp, "u1", 0.0, INF, 2, (const int[]){0, 1}, (const double[]){1.0, -1.0});
    add_row(lp, "u2", 0.0, INF, 2, (const int[]){2, 3}, (const double[]){1.0, -1.0});
    solve_optimal(lp);
    RF_ASSERT_NEAR(dual_of(lp, "u1"), 2.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "u2"), 6.0, TOL, TOL);
    rf_lp_basis *basis = rf_lp_basis_get(lp, &err);
    assert_non_null(basis);
    rf_lp_free(lp);

    rf_lp *next = new_lp();
    add_col(next, "s1", 2.0, 0.0, INF);
    add_col(next, "d1", -10.0, 0.0, 5.0);
    add_col(next, "s2", 6.0, 0.0, INF);
    add_col(next, "d2", -20.0, 0.0, 5.0);
    add_col(next, "b", 1.0, 0.0, 3.0);
    add_col(next, "a1", 1.0, 0.0, INF);
    add_col(next, "a2", 1.0, 0.0, INF);
    add_row(next, "u1", 0.0, INF, 3, (const int[]){0, 1, 5}, (const double[]){1.0, -1.0, 1.0});
    add_row(next, "u2", 0.0, INF, 3, (const int[]){2, 3, 6}, (const double[]){1.0, -1.0, 1.0});
    add_row(next, "o", 0.0, INF, 3, (const int[]){4, 5, 6}, (const double[]){1.0, -1.0, -1.0});
    assert_int_equal(rf_lp_basis_set(next, basis, &err), RF_OK);
    solve_optimal(next);
    RF_ASSERT_NEAR(objective(next), -122.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(next, "a2"), 3.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(next, "a1"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(next, "s2"), 2.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(next, "o"), 5.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(next, "u2"), 6.0, TOL, TOL);
    assert_int_equal(rf_lp_iterations(next), 0);
    rf_lp_basis_free(basis);
    rf_lp_free(next);
}

/*
 * A stored status at a bound that is now infinite.  min x, x in [0, 10],
 * r: x >= -5 leaves x non-basic at its lower bound 0.  With x in (-inf, 10]
 * that status is impossible; the wrapper moves x to its upper bound and the
 * dual simplex goes on to x = -5 (r binds, objective -5, dual +1).
 */
static void test_basis_on_changed_bounds(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    add_col(lp, "x", 1.0, 0.0, 10.0);
    add_row(lp, "r", -5.0, INF, 1, (const int[]){0}, (const double[]){1.0});
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), 0.0, TOL, TOL);
    rf_lp_basis *basis = rf_lp_basis_get(lp, &err);
    assert_non_null(basis);

    /* On a new LP, by name. */
    rf_lp *fresh = new_lp();
    add_col(fresh, "x", 1.0, -INF, 10.0);
    add_row(fresh, "r", -5.0, INF, 1, (const int[]){0}, (const double[]){1.0});
    assert_int_equal(rf_lp_basis_set(fresh, basis, &err), RF_OK);
    solve_optimal(fresh);
    RF_ASSERT_NEAR(objective(fresh), -5.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(fresh, "x"), -5.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(fresh, "r"), 1.0, TOL, TOL);
    rf_lp_free(fresh);

    /* On the same LP, through a bound change. */
    assert_int_equal(rf_lp_set_col_bounds(lp, 0, -INF, 10.0, &err), RF_OK);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -5.0, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "r"), 1.0, TOL, TOL);
    rf_lp_basis_free(basis);
    rf_lp_free(lp);
}

/*
 * A stored basis with the wrong number of basic variables for the new LP.
 * From the two-variable LP (a, b and c2 basic; c1 and cap_a non-basic):
 * - without the row cap_a (a <= 3.5 moves into a's bounds) three basics meet
 *   two rows, so one basic column is demoted;
 * - with b renamed to b2 only a and c2 are basic against three rows, so a
 *   row slack is promoted.
 * Both LPs have the same optimum as the original, objective -11.5.
 */
static void test_basis_count_repair(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    build_two_var(lp);
    solve_optimal(lp);
    rf_lp_basis *basis = rf_lp_basis_get(lp, &err);
    assert_non_null(basis);
    rf_lp_free(lp);

    lp = new_lp();
    add_col(lp, "a", -3.0, 0.0, 3.5);
    add_col(lp, "b", -2.0, 0.0, INF);
    add_row(lp, "c1", -INF, 4.0, 2, (const int[]){0, 1}, (const double[]){1.0, 1.0});
    add_row(lp, "c2", -INF, 6.0, 2, (const int[]){0, 1}, (const double[]){1.0, 3.0});
    assert_int_equal(rf_lp_basis_set(lp, basis, &err), RF_OK);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -11.5, TOL, TOL);
    RF_ASSERT_NEAR(dual_of(lp, "c1"), -2.0, TOL, TOL);
    rf_lp_free(lp);

    lp = new_lp();
    add_col(lp, "a", -3.0, 0.0, INF);
    add_col(lp, "b2", -2.0, 0.0, INF);
    add_row(lp, "c1", -INF, 4.0, 2, (const int[]){0, 1}, (const double[]){1.0, 1.0});
    add_row(lp, "c2", -INF, 6.0, 2, (const int[]){0, 1}, (const double[]){1.0, 3.0});
    add_row(lp, "cap_a", -INF, 3.5, 1, (const int[]){0}, (const double[]){1.0});
    assert_int_equal(rf_lp_basis_set(lp, basis, &err), RF_OK);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -11.5, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "b2"), 0.5, TOL, TOL);
    rf_lp_basis_free(basis);
    rf_lp_free(lp);
}

/* ---- Differential: warm re-solves against cold solves -------------------- */

enum { NSRC = 6, NDST = 5 };

/* A transport LP's data: supply caps, demands, unit costs. */
typedef struct transport {
    double cap[NSRC], demand[NDST], cost[NSRC][NDST];
} transport;

/* Deterministic uniform in [0, 1) (a 64-bit LCG; the state is the caller's). */
static double uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return (double)(*state >> 11) / 9007199254740992.0;
}

/*
 * min sum c_ij x_ij  s.t.  supply_i: sum_j x_ij <= cap_i,
 * demand_j: sum_i x_ij >= d_j, x >= 0.  Rows first, then one column per arc.
 */
static rf_lp *build_transport(const transport *t)
{
    rf_err err;
    rf_lp *lp = new_lp();
    char name[NSRC + NDST][16];
    const char *names[NSRC + NDST];
    double lo[NSRC + NDST], up[NSRC + NDST];
    for (int i = 0; i < NSRC + NDST; i++) {
        int src = i < NSRC;
        snprintf(name[i], sizeof name[i], src ? "supply_%d" : "demand_%d", src ? i : i - NSRC);
        names[i] = name[i];
        lo[i] = src ? -INF : t->demand[i - NSRC];
        up[i] = src ? t->cap[i] : INF;
    }
    assert_int_equal(rf_lp_add_rows(lp, NSRC + NDST, lo, up, NULL, NULL, NULL, names, &err), RF_OK);
    for (int i = 0; i < NSRC; i++) {
        for (int j = 0; j < NDST; j++) {
            char arc[32];
            const char *arc_name[] = {arc};
            const double zero = 0.0, inf = INF;
            const int start[] = {0, 2}, index[] = {i, NSRC + j};
            const double value[] = {1.0, 1.0};
            snprintf(arc, sizeof arc, "x_%d_%d", i, j);
            assert_int_equal(rf_lp_add_cols(lp, 1, &t->cost[i][j], &zero, &inf, start, index, value,
                                            arc_name, &err),
                             RF_OK);
        }
    }
    return lp;
}

/* Total supply 6 x [10, 20) exceeds total demand 5 x [5, 12): always feasible. */
static void random_transport(transport *t, uint64_t *state)
{
    for (int i = 0; i < NSRC; i++) t->cap[i] = 10.0 + 10.0 * uniform(state);
    for (int j = 0; j < NDST; j++) t->demand[j] = 5.0 + 7.0 * uniform(state);
    for (int i = 0; i < NSRC; i++)
        for (int j = 0; j < NDST; j++) t->cost[i][j] = 1.0 + 9.0 * uniform(state);
}

static void test_warm_matches_cold(void **state)
{
    (void)state;
    rf_err err;
    uint64_t rng = 20240601u;
    transport t;
    random_transport(&t, &rng);
    rf_lp *warm = build_transport(&t);
    solve_optimal(warm);
    for (int round = 0; round < 20; round++) {
        /* Perturb every cost, cap and demand by up to +-5%, in place and warm. */
        for (int i = 0; i < NSRC; i++) {
            t.cap[i] *= 0.95 + 0.1 * uniform(&rng);
            assert_int_equal(rf_lp_set_row_bounds(warm, i, -INF, t.cap[i], &err), RF_OK);
            for (int j = 0; j < NDST; j++) {
                t.cost[i][j] *= 0.95 + 0.1 * uniform(&rng);
                assert_int_equal(rf_lp_set_cost(warm, i * NDST + j, t.cost[i][j], &err), RF_OK);
            }
        }
        for (int j = 0; j < NDST; j++) {
            t.demand[j] *= 0.95 + 0.1 * uniform(&rng);
            assert_int_equal(rf_lp_set_row_bounds(warm, NSRC + j, t.demand[j], INF, &err), RF_OK);
        }
        solve_optimal(warm);
        rf_lp *cold = build_transport(&t);
        solve_optimal(cold);
        RF_ASSERT_NEAR(objective(warm), objective(cold), 1e-9, 1e-9);
        rf_lp_free(cold);
    }
    rf_lp_free(warm);
}

/* ---- 6. MPS ------------------------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* Whether `tok` occurs in `text` as a whole white-space-separated token. */
static int has_token(const char *text, const char *tok)
{
    size_t n = strlen(tok);
    for (const char *p = strstr(text, tok); p; p = strstr(p + 1, tok)) {
        int starts = p == text || strchr(" \t\n", p[-1]);
        int ends = p[n] == '\0' || strchr(" \t\n", p[n]);
        if (starts && ends) return 1;
    }
    return 0;
}

/* Whether some RHS line mentions the objective row (an objective constant). */
static int rhs_has_objective(const char *text)
{
    const char *rhs = strstr(text, "\nRHS");
    if (!rhs) return 0;
    const char *end = strstr(rhs + 1, "\nBOUNDS");
    if (!end) end = strstr(rhs + 1, "\nENDATA");
    const char *obj = strstr(rhs + 1, "OBJROW");
    return obj && (!end || obj < end);
}

static void temp_path(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

static int peer_available(void)
{
    if (access(PEER_PYTHON, X_OK) != 0 || access(PEER_SCRIPT, R_OK) != 0) return 0;
    return system(PEER_PYTHON " -c 'import scipy.optimize' >/dev/null 2>&1") == 0;
}

/* The objective the peer finds for an MPS file; 0 on success. */
static int peer_objective(const char *mps, double *obj)
{
    char cmd[1024], line[512];
    snprintf(cmd, sizeof cmd, "%s '%s' '%s' 1 2>/dev/null", PEER_PYTHON, PEER_SCRIPT, mps);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    int st = -1, ok = 0;
    if (fgets(line, sizeof line, p)) {
        const char *o = strstr(line, "objective=");
        ok = sscanf(line, "status=%d", &st) == 1 && st == 0 && o &&
             sscanf(o, "objective=%lf", obj) == 1;
    }
    int rc = pclose(p);
    return ok && rc == 0 ? 0 : -1;
}

/*
 * min -3a - 2b + 0.5 fixed_column_long_name + free_col + neg_col over
 *   c1: a + b <= 4, c2: a + 3b <= 6, cap_a: a <= 3.5,
 *   free_link: free_col - a >= -10, equality_row_with_a_long_name: b + fixed = 1.5,
 *   a, b >= 0, fixed = 1, free_col free, neg_col in [-2, 3].
 * The equality fixes b = 0.5; free_col = a - 10 at the optimum, so a costs
 * -3 + 1 = -2 per unit and goes to 3.5 (c1 and cap_a); neg_col = -2.
 * Objective -2(3.5) - 10 - 2(0.5) + 0.5 - 2 = -19.5.  No ranged rows: the
 * peer reader does not know RANGES.
 */
static rf_lp *build_mps_lp(void)
{
    rf_err err;
    rf_lp *lp = new_lp();
    const char *cols[] = {"a", "b", "fixed_column_long_name", "free_col", "neg_col"};
    const double cost[] = {-3.0, -2.0, 0.5, 1.0, 1.0};
    const double clo[] = {0.0, 0.0, 1.0, -INF, -2.0}, cup[] = {INF, INF, 1.0, INF, 3.0};
    assert_int_equal(rf_lp_add_cols(lp, 5, cost, clo, cup, NULL, NULL, NULL, cols, &err), RF_OK);
    const char *rows[] = {"c1", "c2", "cap_a", "free_link", "equality_row_with_a_long_name"};
    const double rlo[] = {-INF, -INF, -INF, -10.0, 1.5}, rup[] = {4.0, 6.0, 3.5, INF, 1.5};
    const int start[] = {0, 2, 4, 5, 7, 9}, index[] = {0, 1, 0, 1, 0, 3, 0, 1, 2};
    const double value[] = {1, 1, 1, 3, 1, 1, -1, 1, 1};
    assert_int_equal(rf_lp_add_rows(lp, 5, rlo, rup, start, index, value, rows, &err), RF_OK);
    return lp;
}

static void test_mps_round_trip(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = build_mps_lp();
    solve_optimal(lp);
    double obj = objective(lp);
    RF_ASSERT_NEAR(obj, -19.5, TOL, TOL);

    char path[] = "/tmp/rf_test_lp_XXXXXX";
    temp_path(path);
    assert_int_equal(rf_lp_write_mps(lp, path, &err), RF_OK);
    char *text = slurp(path);
    const char *sections[] = {"ROWS", "COLUMNS", "RHS", "BOUNDS", "ENDATA"};
    for (size_t k = 0; k < sizeof sections / sizeof *sections; k++)
        assert_true(has_token(text, sections[k]));
    for (int i = 0; i < rf_lp_num_rows(lp); i++)
        assert_true(has_token(text, rf_lp_row_name(lp, i)));
    for (int j = 0; j < rf_lp_num_cols(lp); j++)
        assert_true(has_token(text, rf_lp_col_name(lp, j)));
    assert_null(strstr(text, "RANGES"));
    assert_false(rhs_has_objective(text));
    free(text);

    if (peer_available()) {
        double peer = NAN;
        assert_int_equal(peer_objective(path, &peer), 0);
        RF_ASSERT_NEAR(peer, obj, 0.0, 1e-9);
    } else {
        fprintf(stderr, "note: %s or scipy missing; peer MPS check skipped\n", PEER_SCRIPT);
    }

    /* Rows added after a write appear in the next write. */
    add_row(lp, "late_row", -INF, 50.0, 1, (const int[]){0}, (const double[]){1.0});
    assert_int_equal(rf_lp_write_mps(lp, path, &err), RF_OK);
    text = slurp(path);
    assert_true(has_token(text, "late_row"));
    free(text);
    remove(path);
    rf_lp_free(lp);
}

/* Clp's MPS quirks: RANGES for ranged rows, OBJROW reserved, unwritable paths. */
static void test_mps_quirks(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    add_col(lp, "x", 1.0, 0.0, INF);
    add_row(lp, "ranged", 1.0, 2.0, 1, (const int[]){0}, (const double[]){1.0});
    char path[] = "/tmp/rf_test_lp_XXXXXX";
    temp_path(path);
    assert_int_equal(rf_lp_write_mps(lp, path, &err), RF_OK);
    char *text = slurp(path);
    assert_non_null(strstr(text, "RANGES"));
    free(text);

    /* Clp would abort the process here; the wrapper reports RF_EIO. */
    rf_err_clear(&err);
    assert_int_equal(rf_lp_write_mps(lp, "/nonexistent-dir/lp.mps", &err), RF_EIO);
    assert_int_equal(err.code, RF_EIO);
    assert_int_equal(rf_lp_write_mps(lp, "", &err), RF_EIO);

    add_row(lp, "OBJROW", 0.0, INF, 1, (const int[]){0}, (const double[]){1.0});
    assert_int_equal(rf_lp_write_mps(lp, path, &err), RF_EIO);
    remove(path);
    rf_lp_free(lp);
}

/* ---- 7. Bad input ------------------------------------------------------- */

/* One batch of rows or columns, as rf_lp_add_rows / rf_lp_add_cols take it. */
typedef struct batch {
    int n;
    const double *cost, *lo, *up;
    const int *start, *index;
    const double *value;
    const char *const *names;
} batch;

static rf_status add_batch(rf_lp *lp, int rows, const batch *b, rf_err *err)
{
    rf_err_clear(err);
    if (rows)
        return rf_lp_add_rows(lp, b->n, b->lo, b->up, b->start, b->index, b->value, b->names,
                              err);
    return rf_lp_add_cols(lp, b->n, b->cost, b->lo, b->up, b->start, b->index, b->value,
                          b->names, err);
}

/* The call failed with RF_EINVAL and a message, and the 3 x 2 LP is unchanged. */
static void assert_rejected(rf_status rc, const rf_err *err, const rf_lp *lp)
{
    assert_int_equal(rc, RF_EINVAL);
    assert_int_equal(err->code, RF_EINVAL);
    assert_true(err->msg[0] != '\0');
    assert_int_equal(rf_lp_num_rows(lp), 3);
    assert_int_equal(rf_lp_num_cols(lp), 2);
}

/* Add the batch (rows when rows != 0) and expect a rejection naming `named` (or NULL). */
static void reject(rf_lp *lp, int rows, const batch *b, const char *named)
{
    rf_err err;
    assert_rejected(add_batch(lp, rows, b, &err), &err, lp);
    if (named) assert_non_null(strstr(err.msg, named));
}

static void test_bad_rows(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    build_two_var(lp); /* 3 rows, 2 columns */
    const char *good[] = {"r1", "r2"};
    const batch ok = {.n = 2, .lo = (const double[]){0.0, 0.0}, .up = (const double[]){1.0, 1.0},
                      .start = (const int[]){0, 1, 2}, .index = (const int[]){0, 1},
                      .value = (const double[]){1.0, 1.0}, .names = good};
    batch b = ok;

    b.names = (const char *const[]){"r1", "r1"};
    reject(lp, 1, &b, "'r1'");
    assert_int_equal(rf_lp_find_row(lp, "r1"), -1);
    b.names = (const char *const[]){"r1", "c2"};
    reject(lp, 1, &b, "'c2'");
    assert_int_equal(rf_lp_find_row(lp, "r1"), -1);
    b.names = (const char *const[]){"r1", "has space"};
    reject(lp, 1, &b, "has space");
    b.names = (const char *const[]){"r1", ""};
    reject(lp, 1, &b, NULL);
    b.names = (const char *const[]){"r1", NULL};
    reject(lp, 1, &b, NULL);

    b = ok;
    b.up = (const double[]){1.0, -1.0}; /* lo > up */
    reject(lp, 1, &b, "'r2'");
    b = ok;
    b.lo = (const double[]){NAN, 0.0};
    reject(lp, 1, &b, "'r1'");
    b = ok;
    b.index = (const int[]){0, 2}; /* only columns 0 and 1 exist */
    reject(lp, 1, &b, "'r2'");
    b.index = (const int[]){0, -1};
    reject(lp, 1, &b, "'r2'");
    b = ok;
    b.start = (const int[]){0, 2, 1};
    reject(lp, 1, &b, NULL);
    b.start = (const int[]){0, 2, 2};
    b.index = (const int[]){1, 1}; /* column 1 twice in r1 */
    reject(lp, 1, &b, "'r1'");
    b = ok;
    b.value = (const double[]){1.0, NAN};
    reject(lp, 1, &b, "'r2'");
    b = ok;
    b.index = NULL;
    reject(lp, 1, &b, NULL);
    b = ok;
    b.n = -1;
    reject(lp, 1, &b, NULL);

    /* Nothing leaked into the LP: it still solves to the same optimum. */
    solve_optimal(lp);
    assert_two_var_optimum(lp);
    assert_int_equal(add_batch(lp, 1, &ok, &err), RF_OK);
    assert_int_equal(rf_lp_num_rows(lp), 5);
    assert_int_equal(rf_lp_find_row(lp, "r2"), 4);
    rf_lp_free(lp);
}

static void test_bad_cols(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    build_two_var(lp); /* 3 rows, 2 columns */
    const char *good[] = {"x1", "x2"};
    const batch ok = {.n = 2, .cost = (const double[]){1.0, 1.0}, .lo = (const double[]){0.0, 0.0},
                      .up = (const double[]){1.0, 1.0}, .start = (const int[]){0, 1, 2},
                      .index = (const int[]){0, 1}, .value = (const double[]){1.0, 1.0},
                      .names = good};
    batch b = ok;

    b.names = (const char *const[]){"x1", "a"};
    reject(lp, 0, &b, "'a'");
    assert_int_equal(rf_lp_find_col(lp, "x1"), -1);
    b.names = (const char *const[]){"x1", "x1"};
    reject(lp, 0, &b, "'x1'");
    b.names = (const char *const[]){"x1", "x\t2"};
    reject(lp, 0, &b, NULL);

    b = ok;
    b.lo = (const double[]){2.0, 0.0}; /* lo > up */
    reject(lp, 0, &b, "'x1'");
    b.lo = (const double[]){0.0, INF};
    b.up = (const double[]){1.0, INF}; /* a lower bound of +inf */
    reject(lp, 0, &b, "'x2'");
    b = ok;
    b.index = (const int[]){0, 3}; /* only rows 0..2 exist */
    reject(lp, 0, &b, "'x2'");
    b = ok;
    b.cost = (const double[]){NAN, 1.0};
    reject(lp, 0, &b, "'x1'");
    b.cost = NULL;
    reject(lp, 0, &b, NULL);

    /* Setters: bad indices and values leave the LP and its results alone. */
    solve_optimal(lp);
    assert_rejected(rf_lp_set_col_bounds(lp, 2, 0.0, 1.0, &err), &err, lp);
    assert_rejected(rf_lp_set_col_bounds(lp, -1, 0.0, 1.0, &err), &err, lp);
    assert_rejected(rf_lp_set_col_bounds(lp, 0, 2.0, 1.0, &err), &err, lp);
    assert_non_null(strstr(err.msg, "'a'"));
    assert_rejected(rf_lp_set_row_bounds(lp, 3, 0.0, 1.0, &err), &err, lp);
    assert_rejected(rf_lp_set_cost(lp, 5, 1.0, &err), &err, lp);
    assert_rejected(rf_lp_set_cost(lp, 0, INF, &err), &err, lp);
    assert_int_equal(rf_lp_status_get(lp), RF_LP_OPTIMAL);
    assert_two_var_optimum(lp);
    assert_int_equal(add_batch(lp, 0, &ok, &err), RF_OK);
    assert_int_equal(rf_lp_num_cols(lp), 4);
    rf_lp_free(lp);
}

/* ---- 8. NULL-safety, invalidation, names --------------------------------- */

static void test_null_and_invalidation(void **state)
{
    (void)state;
    rf_err err;
    double obj, y[3], x[2];
    rf_lp_free(NULL);
    rf_lp_basis_free(NULL);
    assert_int_equal(rf_lp_num_rows(NULL), 0);
    assert_int_equal(rf_lp_find_col(NULL, "a"), -1);
    assert_null(rf_lp_row_name(NULL, 0));

    rf_lp *lp = new_lp();
    assert_int_equal(rf_lp_status_get(lp), RF_LP_NOT_SOLVED);
    assert_int_equal(rf_lp_objective(lp, &obj, &err), RF_ENOTOPT);
    build_two_var(lp);
    solve_optimal(lp);

    /* b's cost from -2 to -4: now the c1/c2 corner a = 3, b = 1 wins
     * (-9 - 4 = -13 against -10.5 - 2 = -12.5 at a = 3.5, b = 0.5). */
    assert_int_equal(rf_lp_set_cost(lp, rf_lp_find_col(lp, "b"), -4.0, &err), RF_OK);
    assert_int_equal(rf_lp_status_get(lp), RF_LP_NOT_SOLVED);
    assert_int_equal(rf_lp_objective(lp, &obj, &err), RF_ENOTOPT);
    assert_int_equal(rf_lp_row_duals(lp, y, &err), RF_ENOTOPT);
    assert_int_equal(rf_lp_primal(lp, x, &err), RF_ENOTOPT);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -13.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "a"), 3.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "b"), 1.0, TOL, TOL);

    /* cap_a from 3.5 to 2: a = 2, and b = 4/3 from c2 (2 + 3b = 6), c1 slack.
     * Objective -6 - 16/3 = -34/3. */
    assert_int_equal(rf_lp_set_row_bounds(lp, rf_lp_find_row(lp, "cap_a"), -INF, 2.0, &err), RF_OK);
    assert_int_equal(rf_lp_row_activity(lp, y, &err), RF_ENOTOPT);
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), -34.0 / 3.0, TOL, TOL);
    RF_ASSERT_NEAR(primal_of(lp, "b"), 4.0 / 3.0, TOL, TOL);
    rf_lp_free(lp);
}

static void test_names(void **state)
{
    (void)state;
    rf_err err;
    enum { N = 1000, BATCH = 250 };
    rf_lp *lp = new_lp();
    char buf[N][16];
    const char *names[N];
    double cost[N], lo[N], up[N];
    for (int j = 0; j < N; j++) {
        snprintf(buf[j], sizeof buf[j], "col_%d", j);
        names[j] = buf[j];
        cost[j] = 1.0;
        lo[j] = 0.0;
        up[j] = 1.0;
    }
    /* Several batches, so the hash index is rebuilt while it grows. */
    for (int b = 0; b < N; b += BATCH) {
        rf_status rc = rf_lp_add_cols(lp, BATCH, cost, lo, up, NULL, NULL, NULL, names + b, &err);
        assert_int_equal(rc, RF_OK);
    }
    assert_int_equal(rf_lp_num_cols(lp), N);
    for (int j = 0; j < N; j++) {
        assert_int_equal(rf_lp_find_col(lp, names[j]), j);
        assert_string_equal(rf_lp_col_name(lp, j), names[j]);
    }
    assert_int_equal(rf_lp_find_col(lp, "col_1000"), -1);
    assert_int_equal(rf_lp_find_col(lp, NULL), -1);
    assert_int_equal(rf_lp_find_row(lp, "col_1"), -1);
    assert_null(rf_lp_col_name(lp, N));
    assert_null(rf_lp_col_name(lp, -1));
    /* A name may join several ids: RF_LP_MAX_NAME_BYTES bytes, not one id's 64. */
    char longest[RF_LP_MAX_NAME_BYTES + 2];
    memset(longest, 'x', sizeof longest);
    longest[RF_LP_MAX_NAME_BYTES] = '\0';
    const char *one[] = {longest};
    assert_int_equal(rf_lp_add_cols(lp, 1, cost, lo, up, NULL, NULL, NULL, one, &err), RF_OK);
    assert_int_equal(rf_lp_find_col(lp, longest), N);
    longest[RF_LP_MAX_NAME_BYTES] = 'y';
    longest[RF_LP_MAX_NAME_BYTES + 1] = '\0';
    assert_int_equal(rf_lp_add_cols(lp, 1, cost, lo, up, NULL, NULL, NULL, one, &err), RF_EINVAL);
    assert_int_equal(rf_lp_num_cols(lp), N + 1);
    /* No rows and positive costs: every column at its lower bound, objective 0. */
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), 0.0, TOL, TOL);
    rf_lp_free(lp);
}

/* An LP with nothing in it is trivially optimal. */
static void test_empty_lp(void **state)
{
    (void)state;
    rf_lp *lp = new_lp();
    solve_optimal(lp);
    RF_ASSERT_NEAR(objective(lp), 0.0, TOL, TOL);
    assert_string_equal(rf_lp_status_str(RF_LP_OPTIMAL), "optimal");
    assert_string_equal(rf_lp_status_str(RF_LP_NOT_SOLVED), "not_solved");
    rf_lp_free(lp);
}

/* Values Clp cannot take are refused before they reach it: Clp asserts (and
 * aborts the process) on costs of 1e25 and more; between 1e15 and 1e30 a bound
 * is neither a number we trust nor infinite.  1e30 and beyond is infinite. */
static void test_value_limits(void **state)
{
    (void)state;
    rf_err err;
    rf_lp *lp = new_lp();
    const char *name[] = {"x"};
    double lo = 0.0, up = 1.0, huge = 1e24, big_bound = 1e20, inf_bound = 1e30;
    assert_int_equal(rf_lp_add_cols(lp, 1, &huge, &lo, &up, NULL, NULL, NULL, name, &err), RF_EINVAL);
    assert_non_null(strstr(err.msg, "beyond"));
    double cost = 1.0;
    assert_int_equal(rf_lp_add_cols(lp, 1, &cost, &lo, &big_bound, NULL, NULL, NULL, name, &err), RF_EINVAL);
    assert_int_equal(rf_lp_num_cols(lp), 0);
    assert_int_equal(rf_lp_add_cols(lp, 1, &cost, &lo, &inf_bound, NULL, NULL, NULL, name, &err), RF_OK);
    assert_int_equal(rf_lp_set_cost(lp, 0, 1e16, &err), RF_EINVAL);
    assert_int_equal(rf_lp_set_cost(lp, 0, RF_LP_MAX_VALUE, &err), RF_OK);
    const char *row[] = {"r"};
    const int start[] = {0, 1}, idx[] = {0};
    const double coef[] = {1e16}, rlo = 1.0, rup = RF_INF;
    assert_int_equal(rf_lp_add_rows(lp, 1, &rlo, &rup, start, idx, coef, row, &err), RF_EINVAL);
    assert_int_equal(rf_lp_num_rows(lp), 0);
    rf_lp_free(lp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dual_sign),
        cmocka_unit_test(test_two_var),
        cmocka_unit_test(test_degenerate_price),
        cmocka_unit_test(test_degenerate_price_warm),
        cmocka_unit_test(test_infeasible),
        cmocka_unit_test(test_unbounded),
        cmocka_unit_test(test_warm_start_by_name),
        cmocka_unit_test(test_warm_start_new_pool),
        cmocka_unit_test(test_warm_start_lost_column),
        cmocka_unit_test(test_warm_start_gone_row),
        cmocka_unit_test(test_warm_start_best_netback),
        cmocka_unit_test(test_warm_start_closed_plant),
        cmocka_unit_test(test_basis_on_changed_bounds),
        cmocka_unit_test(test_basis_count_repair),
        cmocka_unit_test(test_warm_matches_cold),
        cmocka_unit_test(test_mps_round_trip),
        cmocka_unit_test(test_mps_quirks),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_bad_cols),
        cmocka_unit_test(test_null_and_invalidation),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_empty_lp),
        cmocka_unit_test(test_value_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
