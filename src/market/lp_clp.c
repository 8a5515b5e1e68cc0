/*
 * lp_clp.c: the Clp backend of rareflow/lp.h (Clp 1.17.6 through its C interface).
 *
 * Representation.  Clp's model does the work, but the wrapper keeps its own
 * copy of everything it must answer for without asking Clp:
 * - row and column names, in two name tables (an array plus an open-addressing
 *   hash index), because they are the warm-start keys and the MPS names;
 * - "mirror" arrays of bounds and costs.  Setters write only the mirrors and
 *   mark the LP dirty; the next solve (or MPS write) hands whole arrays to
 *   Clp_chg*, once.  A setter stays O(1), Clp_chg* makes Clp rebuild its
 *   internal working copies, and Clp is never given one of its own arrays as
 *   input;
 * - the results of the last optimal solve (objective, primal values, row
 *   activities, row duals), copied out right after the solve, because Clp's
 *   pointers die with the next call and the getters must be const.
 * Infinite bounds are stored as +-DBL_MAX (COIN_DBL_MAX, Clp's infinity).
 *
 * Solving.  A cold solve is dual simplex with presolve; once Clp holds a
 * basis (after any solve, or after rf_lp_basis_set) every solve is Clp_dual
 * from that basis without presolve.  A result that is not cleanly optimal is
 * re-solved without presolve (and with primal simplex when the dual says
 * "dual infeasible") before it is classified; see rf_lp_solve.
 *
 * Clp quirks handled here, each observed on Clp 1.17.6:
 * - Clp sets secondary status 6 ("empty problem check") on any problem with
 *   no rows or no columns, and on a first solve whose presolve removed every
 *   row, even though the trivial solution it then reports is exact.  The
 *   re-solve without presolve clears it on a non-empty LP; on an LP that
 *   really has no rows or no columns it stays, so there it is accepted.
 * - Clp_writeMps throws a C++ exception, which aborts a C program, when it
 *   cannot open the file, and it writes to stdout for the paths "-" and
 *   "stdout".  rf_lp_write_mps opens the file itself first and renames those
 *   two paths to "./-" and "./stdout".
 * - Clp writes a row with two different finite bounds as an L row plus a
 *   RANGES entry, and a free row as a second N row.  Readers that do not know
 *   RANGES (../shared/checks/mps_highs.py) misread ranged rows, so callers
 *   that need such a reader must avoid ranged rows.
 * - With format type 0 Clp prints 10 significant digits; type 1 ("extra
 *   accuracy", free format) prints 17, so that is what is written.  Clp calls
 *   the objective row OBJROW and writes an objective constant as its RHS;
 *   the wrapper never sets one, and refuses to write an LP with a row named
 *   OBJROW.
 * - Clp treats any bound beyond 1e20 as infinite; the wrapper's own
 *   threshold (lp.h) is 1e30, so bounds in between are infinite in practice.
 * - Clp's row dual of a minimisation is d(objective)/d(row bound): +1 on the
 *   binding row of "min x s.t. x >= 3".  The sign is pinned in test_lp.c.
 */
#include "rareflow/lp.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Clp's header declares ClpSolve_new() without a prototype; the warning is
 * about Clp's code, not ours. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <Clp_C_Interface.h>
#pragma GCC diagnostic pop

#include "core/strutil.h"

/* Bounds at or beyond this magnitude are infinite (lp.h). */
#define LP_HUGE 1e30

/* Clp's codes for Clp_status and for the basis status of a row or column. */
enum { CLP_OPTIMAL = 0, CLP_PRIMAL_INFEASIBLE = 1, CLP_DUAL_INFEASIBLE = 2, CLP_STOPPED = 3 };
enum { CLP_EMPTY_PROBLEM = 6 }; /* the secondary status explained above */
/* Secondary statuses of an optimum that is clean only when scaled (ClpModel.hpp). */
enum { CLP_UNSCALED_PRIMAL_INFEASIBLE = 2, CLP_UNSCALED_DUAL_INFEASIBLE = 3, CLP_UNSCALED_BOTH_INFEASIBLE = 4 };
enum { ST_FREE = 0, ST_BASIC = 1, ST_AT_UPPER = 2, ST_AT_LOWER = 3, ST_SUPERBASIC = 4,
       ST_FIXED = 5 };

/* Clp's name for the objective row in the MPS files it writes. */
static const char objrow_name[] = "OBJROW";

/* Stand-ins for the index and value arrays of a batch without entries. */
static const int no_index = 0;
static const double no_value = 0.0;

/* Names of rows or columns, with a hash index from name to position. */
typedef struct name_table {
    char **name;  /* name[i]: copy of the name of item i, in text */
    rf__strpool text;
    int count;    /* items in the table */
    int cap;      /* allocated entries of name[] */
    int *slot;    /* hash index: item + 1, or 0 for an empty slot */
    size_t nslot; /* number of slots, a power of two (0 before the first item) */
} name_table;

struct rf_lp {
    Clp_Simplex *m;          /* the Clp model */
    name_table rows, cols;   /* names, indexed by row / column */
    int row_cap, col_cap;    /* allocated length of the per-row / per-column arrays */
    double *row_lo, *row_up; /* row bounds, infinities as +-DBL_MAX */
    double *col_lo, *col_up; /* column bounds, infinities as +-DBL_MAX */
    double *cost;            /* objective coefficients */
    double *x, *act, *y;     /* primal values, row activities, row duals of the last optimum */
    double obj;              /* objective value of the last optimum */
    rf_lp_status status;     /* model status of the last solve, or RF_LP_NOT_SOLVED */
    int iterations;          /* simplex iterations of the last solve, all passes */
    int warm;                /* Clp holds a basis: solve from it, without presolve */
    int dirty;               /* mirrors or basis changed since Clp last saw them */
    rf_lp_method method;     /* of the first pass of each solve */
};

struct rf_lp_basis {
    int nrows, ncols;
    char **row_name, **col_name;            /* point into text */
    unsigned char *row_status, *col_status; /* Clp status codes (ST_*) */
    char *text;                             /* all names, each NUL-terminated */
    /* The rows (indices into row_name) of each basic column: brow[bstart[k]
     * .. bstart[k + 1]), empty for a non-basic one.  rf_lp_basis_set reads
     * them where the LP it installs on has lost rows or columns. */
    int *bstart, *brow;
    /* The optimum's row duals, by stored row: rf_lp_basis_set prices the
     * rows of the LP it installs on from them where it chooses basic columns. */
    double *row_dual;
};

/* ---- Errors ------------------------------------------------------------ */

/* An RF_EINVAL with only a message: LP items have no file, line or field. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static rf_status invalid(rf_err *err, const char *fmt, ...)
{
    char msg[RF_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "%s", msg);
}

/* ---- Name tables ------------------------------------------------------- */

/* The hash of the name index (core/strutil.h). */
static size_t hash_name(const char *s) { return (size_t)rf__fnv1a_str(RF__FNV_BASIS, s); }

static int table_find(const name_table *t, const char *s)
{
    if (t->nslot == 0 || !s) return -1;
    size_t mask = t->nslot - 1;
    /* The load stays at most one half, so the probe always meets an empty slot. */
    for (size_t i = hash_name(s) & mask;; i = (i + 1) & mask) {
        int v = t->slot[i];
        if (v == 0) return -1;
        if (strcmp(t->name[v - 1], s) == 0) return v - 1;
    }
}

/* Put item `item` (whose name is set) into the hash index, which has room. */
static void table_link(name_table *t, int item)
{
    size_t mask = t->nslot - 1;
    size_t i = hash_name(t->name[item]) & mask;
    while (t->slot[i] != 0) i = (i + 1) & mask;
    t->slot[i] = item + 1;
}

/*
 * Take item `item` out of the hash index.  Only valid for the most recently
 * linked item: with linear probing, undoing insertions in reverse order
 * restores the index exactly, while removing an older one would cut a chain.
 */
static void table_unlink_last(name_table *t, int item)
{
    size_t mask = t->nslot - 1;
    size_t i = hash_name(t->name[item]) & mask;
    while (t->slot[i] != item + 1) i = (i + 1) & mask;
    t->slot[i] = 0;
}

/* Capacity for a growing array that must hold `need` entries (need <= INT_MAX). */
static int grown_cap(int cap, int need)
{
    int c = cap > 0 ? cap : 16;
    while (c < need) c = c > INT_MAX / 2 ? need : c * 2;
    return c;
}

/* Make room for `extra` more items, so that adding them cannot fail. */
static rf_status table_reserve(name_table *t, int extra)
{
    int need = t->count + extra;
    if (need > t->cap) {
        int cap = grown_cap(t->cap, need);
        char **p = realloc(t->name, (size_t)cap * sizeof *p);
        if (!p) return RF_ENOMEM;
        t->name = p;
        t->cap = cap;
    }
    if ((size_t)need * 2 > t->nslot) {
        size_t n = t->nslot ? t->nslot : 32;
        while (n < (size_t)need * 2) n *= 2;
        int *s = calloc(n, sizeof *s);
        if (!s) return RF_ENOMEM;
        free(t->slot);
        t->slot = s;
        t->nslot = n;
        for (int k = 0; k < t->count; k++) table_link(t, k);
    }
    return RF_OK;
}

/*
 * Copy and index names[0..n-1] as the next n items.  All or nothing: on a
 * duplicate (within the batch or with an existing item) or ENOMEM, the table
 * is left as it was.
 */
static rf_status table_add(name_table *t, int n, const char *const *names, const char *what,
                           rf_err *err)
{
    if (table_reserve(t, n) != RF_OK)
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory adding %d %ss", n, what);
    rf_status rc = RF_OK;
    rf__strmark mark = rf__strpool_mark(&t->text);
    int k;
    for (k = 0; k < n; k++) {
        /* One probe finds a duplicate or the empty slot the new item goes to. */
        size_t mask = t->nslot - 1, i = hash_name(names[k]) & mask;
        int dup = 0;
        for (; t->slot[i] != 0 && !dup; i = (i + 1) & mask) dup = strcmp(t->name[t->slot[i] - 1], names[k]) == 0;
        if (dup) {
            rc = invalid(err, "duplicate %s name '%s'", what, names[k]);
            break;
        }
        char *copy = rf__strpool_copy(&t->text, names[k], strlen(names[k]));
        if (!copy) {
            rc = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory adding %s '%s'", what,
                            names[k]);
            break;
        }
        t->name[t->count + k] = copy;
        t->slot[i] = t->count + k + 1;
    }
    if (rc != RF_OK) {
        while (k-- > 0) table_unlink_last(t, t->count + k);
        rf__strpool_reset(&t->text, mark);
        return rc;
    }
    t->count += n;
    return RF_OK;
}

static void table_free(name_table *t)
{
    rf__strpool_free(&t->text);
    free(t->name);
    free(t->slot);
}

/* ---- Input checks ------------------------------------------------------ */

/* lp.h bound to Clp bound: |v| >= 1e30 becomes Clp's infinity. */
static double clp_bound(double v)
{
    if (v <= -LP_HUGE) return -DBL_MAX;
    if (v >= LP_HUGE) return DBL_MAX;
    return v;
}

/* A finite bound within RF_LP_MAX_VALUE, or an infinite one (|v| >= 1e30). */
static int bound_ok(double v)
{
    return !isnan(v) && (fabs(v) <= RF_LP_MAX_VALUE || fabs(v) >= LP_HUGE);
}

static int bounds_ok(double lo, double up)
{
    return bound_ok(lo) && bound_ok(up) && lo < LP_HUGE && up > -LP_HUGE && lo <= up;
}

/* A cost or a coefficient: finite and within RF_LP_MAX_VALUE. */
static int value_ok(double v)
{
    return isfinite(v) && fabs(v) <= RF_LP_MAX_VALUE;
}

/* A valid LP name: 1..RF_LP_MAX_NAME_BYTES bytes, none of them white space,
 * a control byte, a comma or a quote (the bytes rf__is_ident refuses; an LP
 * name joins several ids, so its length limit is its own). */
static int lp_name_ok(const char *s)
{
    /* Bit c set: byte c (< 64) is refused (0x00-0x20, '"', ','); a check per
     * byte of every name of every rebuilt LP, so one shift, not four tests. */
    const uint64_t refused = ((UINT64_C(1) << 33) - 1) | (UINT64_C(1) << '"') | (UINT64_C(1) << ',');
    size_t n = 0;
    for (; s && s[n]; n++) {
        unsigned char c = (unsigned char)s[n];
        if (c < 64 ? (refused >> c) & 1u : c == 0x7f) return 0;
    }
    return n > 0 && n <= RF_LP_MAX_NAME_BYTES;
}

/* Every name present and valid (lp_name_ok). */
static rf_status check_names(int n, const char *const *names, const char *what, rf_err *err)
{
    if (!names) return invalid(err, "no names given for %d %ss", n, what);
    for (int k = 0; k < n; k++)
        if (!lp_name_ok(names[k]))
            return invalid(err, "%s %d: name '%s' is empty, longer than %d bytes, or has white space, a comma "
                           "or a quote", what, k, names[k] ? names[k] : "(null)", RF_LP_MAX_NAME_BYTES);
    return RF_OK;
}

static rf_status check_bounds(int n, const double *lo, const double *up,
                              const char *const *names, const char *what, rf_err *err)
{
    if (!lo || !up) return invalid(err, "no bounds given for the %ss", what);
    for (int k = 0; k < n; k++)
        if (!bounds_ok(lo[k], up[k]))
            return invalid(err, "%s '%s': bounds [%g, %g] are invalid (need lo <= up, lo < +inf, "
                           "up > -inf)", what, names[k], lo[k], up[k]);
    return RF_OK;
}

/* The layout of start[]: present with index/value, non-decreasing from >= 0. */
static rf_status check_starts(int n, const int *start, const int *index, const double *value,
                              const char *const *names, const char *what, rf_err *err)
{
    if (!start) {
        if (index || value) return invalid(err, "%s entries given without start[]", what);
        return RF_OK;
    }
    if (start[0] < 0) return invalid(err, "start[0] = %d is negative", start[0]);
    for (int k = 0; k < n; k++)
        if (start[k + 1] < start[k])
            return invalid(err, "%s '%s': start[%d] = %d < start[%d] = %d", what, names[k], k + 1,
                           start[k + 1], k, start[k]);
    if (start[n] > start[0] && (!index || !value))
        return invalid(err, "%s entries given without index[] or value[]", what);
    return RF_OK;
}

/*
 * The entries of one batch: every index in [0, limit), no index twice in one
 * vector (Clp would keep both), every value finite.  `seen` has `limit`
 * zeroed entries and is used as a stamp per vector.
 */
static rf_status check_entries(int n, const int *start, const int *index, const double *value,
                               int limit, int *seen, const char *const *names, const char *what,
                               const char *other, rf_err *err)
{
    for (int k = 0; k < n; k++) {
        for (int e = start[k]; e < start[k + 1]; e++) {
            int i = index[e];
            if (i < 0 || i >= limit)
                return invalid(err, "%s '%s': %s index %d out of range [0, %d)", what, names[k],
                               other, i, limit);
            if (seen[i] == k + 1)
                return invalid(err, "%s '%s': %s %d appears twice", what, names[k], other, i);
            seen[i] = k + 1;
            if (!value_ok(value[e]))
                return invalid(err, "%s '%s': coefficient %g is not finite or beyond %g", what,
                               names[k], value[e], RF_LP_MAX_VALUE);
        }
    }
    return RF_OK;
}

/* All checks of a batch of rows or columns that need no allocation but `seen`. */
static rf_status check_batch(const rf_lp *lp, int n, const double *lo, const double *up,
                             const int *start, const int *index, const double *value,
                             const char *const *names, int is_row, rf_err *err)
{
    const char *what = is_row ? "row" : "column";
    const char *other = is_row ? "column" : "row";
    int limit = is_row ? lp->cols.count : lp->rows.count;
    int have = is_row ? lp->rows.count : lp->cols.count;
    if (n < 0) return invalid(err, "negative number of %ss: %d", what, n);
    if (n > INT_MAX - have) return invalid(err, "too many %ss: %d more than %d", what, n, have);
    if (n == 0) return RF_OK;
    rf_status rc = check_names(n, names, what, err);
    if (rc == RF_OK) rc = check_bounds(n, lo, up, names, what, err);
    if (rc == RF_OK) rc = check_starts(n, start, index, value, names, what, err);
    if (rc != RF_OK || !start || start[n] == start[0]) return rc;
    int *seen = calloc((size_t)limit + 1, sizeof *seen);
    if (!seen) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory checking %ss", what);
    rc = check_entries(n, start, index, value, limit, seen, names, what, other, err);
    free(seen);
    return rc;
}

/* ---- Growing the per-row and per-column arrays ------------------------- */

static int grow_doubles(double **p, int cap)
{
    double *q = realloc(*p, (size_t)cap * sizeof *q);
    if (!q) return -1;
    *p = q;
    return 0;
}

static rf_status reserve_rows(rf_lp *lp, int need)
{
    if (need <= lp->row_cap) return RF_OK;
    int cap = grown_cap(lp->row_cap, need);
    if (grow_doubles(&lp->row_lo, cap) || grow_doubles(&lp->row_up, cap) ||
        grow_doubles(&lp->act, cap) || grow_doubles(&lp->y, cap))
        return RF_ENOMEM;
    lp->row_cap = cap;
    return RF_OK;
}

static rf_status reserve_cols(rf_lp *lp, int need)
{
    if (need <= lp->col_cap) return RF_OK;
    int cap = grown_cap(lp->col_cap, need);
    if (grow_doubles(&lp->col_lo, cap) || grow_doubles(&lp->col_up, cap) ||
        grow_doubles(&lp->cost, cap) || grow_doubles(&lp->x, cap))
        return RF_ENOMEM;
    lp->col_cap = cap;
    return RF_OK;
}

/*
 * start[] as Clp's CoinBigIndex, rebased to 0 (the caller passes index and
 * value from start[0] on), so neither the integer type nor a non-zero
 * start[0] can confuse Clp.  NULL start[] gives all-empty vectors.
 */
static CoinBigIndex *clp_starts(int n, const int *start)
{
    CoinBigIndex *s = malloc(((size_t)n + 1) * sizeof *s);
    if (!s) return NULL;
    for (int k = 0; k <= n; k++) s[k] = start ? (CoinBigIndex)(start[k] - start[0]) : 0;
    return s;
}

/* A change to the model: results become unreadable, the basis stays in Clp. */
static void model_changed(rf_lp *lp)
{
    lp->status = RF_LP_NOT_SOLVED;
    lp->dirty = 1;
}

/* ---- Lifecycle and building -------------------------------------------- */

const char *rf_lp_status_str(rf_lp_status status)
{
    switch (status) {
    case RF_LP_NOT_SOLVED: return "not_solved";
    case RF_LP_OPTIMAL: return "optimal";
    case RF_LP_INFEASIBLE: return "infeasible";
    case RF_LP_UNBOUNDED: return "unbounded";
    case RF_LP_LIMIT: return "limit";
    case RF_LP_ERROR: return "error";
    }
    return "error";
}

rf_lp *rf_lp_new(rf_err *err)
{
    rf_lp *lp = calloc(1, sizeof *lp);
    if (lp) lp->m = Clp_newModel();
    if (!lp || !lp->m) {
        free(lp);
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory creating an LP");
        return NULL;
    }
    /* Clp prints progress to stdout by default; library code never prints. */
    Clp_setLogLevel(lp->m, 0);
    Clp_setOptimizationDirection(lp->m, 1.0);
    /* Dual simplex puts a fake bound on each column without an upper bound;
     * Clp's default of 1e10 next to flows below 1e6 t sends most warm solves
     * that meet such a column (a plant new to the LP) to primal simplex.  2e6
     * is above any flow of the model (world magnet demand is 0.6 Mt in 2040;
     * Clp widens a fake bound a solution reaches anyway): a fifth off a run
     * (bench/README.md, "One answer whatever the solver's path"). */
    Clp_setDualBound(lp->m, RF_LP_DUAL_BOUND);
    Clp_setDualTolerance(lp->m, RF_LP_DUAL_TOLERANCE);
    lp->status = RF_LP_NOT_SOLVED;
    return lp;
}

void rf_lp_free(rf_lp *lp)
{
    if (!lp) return;
    if (lp->m) Clp_deleteModel(lp->m);
    table_free(&lp->rows);
    table_free(&lp->cols);
    free(lp->row_lo);
    free(lp->row_up);
    free(lp->col_lo);
    free(lp->col_up);
    free(lp->cost);
    free(lp->x);
    free(lp->act);
    free(lp->y);
    free(lp);
}

int rf_lp_num_rows(const rf_lp *lp) { return lp ? lp->rows.count : 0; }

int rf_lp_num_cols(const rf_lp *lp) { return lp ? lp->cols.count : 0; }

rf_status rf_lp_add_rows(rf_lp *lp, int n, const double *lo, const double *up,
                         const int *start, const int *index, const double *value,
                         const char *const *names, rf_err *err)
{
    if (!lp) return invalid(err, "NULL LP");
    rf_status rc = check_batch(lp, n, lo, up, start, index, value, names, 1, err);
    if (rc != RF_OK || n == 0) return rc;
    int first = lp->rows.count;
    CoinBigIndex *s = NULL;
    if (reserve_rows(lp, first + n) != RF_OK || !(s = clp_starts(n, start)))
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory adding %d rows", n);
    /* The last step that can fail: after it the batch is committed. */
    rc = table_add(&lp->rows, n, names, "row", err);
    if (rc != RF_OK) {
        free(s);
        return rc;
    }
    for (int k = 0; k < n; k++) {
        lp->row_lo[first + k] = clp_bound(lo[k]);
        lp->row_up[first + k] = clp_bound(up[k]);
    }
    int base = start ? start[0] : 0;
    int has = start && start[n] > base;
    Clp_addRows(lp->m, n, lp->row_lo + first, lp->row_up + first, s,
                has ? index + base : &no_index, has ? value + base : &no_value);
    free(s);
    model_changed(lp);
    return RF_OK;
}

/* Finite costs: Clp has no use for an infinite objective coefficient. */
static rf_status check_costs(int n, const double *cost, const char *const *names, rf_err *err)
{
    if (!cost) return invalid(err, "no costs given for the columns");
    for (int k = 0; k < n; k++)
        if (!value_ok(cost[k]))
            return invalid(err, "column '%s': cost %g is not finite or beyond %g", names[k], cost[k],
                           RF_LP_MAX_VALUE);
    return RF_OK;
}

rf_status rf_lp_add_cols(rf_lp *lp, int n, const double *cost, const double *lo,
                         const double *up, const int *start, const int *index,
                         const double *value, const char *const *names, rf_err *err)
{
    if (!lp) return invalid(err, "NULL LP");
    rf_status rc = check_batch(lp, n, lo, up, start, index, value, names, 0, err);
    if (rc == RF_OK && n > 0) rc = check_costs(n, cost, names, err);
    if (rc != RF_OK || n == 0) return rc;
    int first = lp->cols.count;
    CoinBigIndex *s = NULL;
    if (reserve_cols(lp, first + n) != RF_OK || !(s = clp_starts(n, start)))
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory adding %d columns", n);
    rc = table_add(&lp->cols, n, names, "column", err);
    if (rc != RF_OK) {
        free(s);
        return rc;
    }
    for (int k = 0; k < n; k++) {
        lp->col_lo[first + k] = clp_bound(lo[k]);
        lp->col_up[first + k] = clp_bound(up[k]);
        lp->cost[first + k] = cost[k];
    }
    int base = start ? start[0] : 0;
    int has = start && start[n] > base;
    Clp_addColumns(lp->m, n, lp->col_lo + first, lp->col_up + first, lp->cost + first, s,
                   has ? index + base : &no_index, has ? value + base : &no_value);
    free(s);
    /* Clp puts new columns at their lower bound; the next solve fixes infinite ones. */
    model_changed(lp);
    return RF_OK;
}

static rf_status bad_index(rf_err *err, const char *what, int i, int n)
{
    return invalid(err, "%s index %d out of range [0, %d)", what, i, n);
}

rf_status rf_lp_set_col_bounds(rf_lp *lp, int col, double lo, double up, rf_err *err)
{
    if (!lp) return invalid(err, "NULL LP");
    if (col < 0 || col >= lp->cols.count) return bad_index(err, "column", col, lp->cols.count);
    if (!bounds_ok(lo, up))
        return invalid(err, "column '%s': bounds [%g, %g] are invalid", lp->cols.name[col], lo, up);
    lp->col_lo[col] = clp_bound(lo);
    lp->col_up[col] = clp_bound(up);
    model_changed(lp);
    return RF_OK;
}

rf_status rf_lp_set_cost(rf_lp *lp, int col, double cost, rf_err *err)
{
    if (!lp) return invalid(err, "NULL LP");
    if (col < 0 || col >= lp->cols.count) return bad_index(err, "column", col, lp->cols.count);
    if (!value_ok(cost))
        return invalid(err, "column '%s': cost %g is not finite or beyond %g", lp->cols.name[col], cost,
                       RF_LP_MAX_VALUE);
    lp->cost[col] = cost;
    model_changed(lp);
    return RF_OK;
}

rf_status rf_lp_set_row_bounds(rf_lp *lp, int row, double lo, double up, rf_err *err)
{
    if (!lp) return invalid(err, "NULL LP");
    if (row < 0 || row >= lp->rows.count) return bad_index(err, "row", row, lp->rows.count);
    if (!bounds_ok(lo, up))
        return invalid(err, "row '%s': bounds [%g, %g] are invalid", lp->rows.name[row], lo, up);
    lp->row_lo[row] = clp_bound(lo);
    lp->row_up[row] = clp_bound(up);
    model_changed(lp);
    return RF_OK;
}

int rf_lp_find_row(const rf_lp *lp, const char *name)
{
    return lp ? table_find(&lp->rows, name) : -1;
}

int rf_lp_find_col(const rf_lp *lp, const char *name)
{
    return lp ? table_find(&lp->cols, name) : -1;
}

const char *rf_lp_row_name(const rf_lp *lp, int row)
{
    return lp && row >= 0 && row < lp->rows.count ? lp->rows.name[row] : NULL;
}

const char *rf_lp_col_name(const rf_lp *lp, int col)
{
    return lp && col >= 0 && col < lp->cols.count ? lp->cols.name[col] : NULL;
}

/* ---- Basis repair ------------------------------------------------------ */

/* Where a non-basic variable sits by default: lower bound, else upper, else free at 0. */
static int default_nonbasic(double lo, double up)
{
    if (lo > -DBL_MAX) return ST_AT_LOWER;
    if (up < DBL_MAX) return ST_AT_UPPER;
    return ST_FREE;
}

/* A status that is consistent with the bounds: a bound it sits at must be finite. */
static int fit_status(int st, double lo, double up)
{
    switch (st) {
    case ST_BASIC: return st;
    case ST_AT_LOWER: if (lo > -DBL_MAX) return st; break;
    case ST_AT_UPPER: if (up < DBL_MAX) return st; break;
    case ST_FIXED: if (lo == up) return st; break;
    case ST_FREE: if (lo <= -DBL_MAX && up >= DBL_MAX) return st; break;
    default: break; /* superbasic or unknown: dual simplex wants bounds */
    }
    return default_nonbasic(lo, up);
}

/* Set a column's status; Clp also moves a variable at a bound onto that bound. */
static void set_col_status(Clp_Simplex *m, int j, int st)
{
    Clp_setColumnStatus(m, j, st);
    double *x = Clp_primalColumnSolution(m);
    if (st == ST_FREE && x) x[j] = 0.0;
}

static void set_row_status(Clp_Simplex *m, int i, int st)
{
    Clp_setRowStatus(m, i, st);
    double *a = Clp_primalRowSolution(m);
    if (st == ST_FREE && a) a[i] = 0.0;
}

/*
 * Make Clp's basis one the dual simplex can start from after bounds changed,
 * columns were added or a stored basis was installed: every non-basic
 * variable sits at a finite bound (or is free at 0 when it has none), and
 * exactly num_rows variables are basic.  Too many basics demotes basic
 * columns from the last one backwards; too few promotes row slacks from the
 * first one.  The choice only costs iterations, never correctness: Clp's
 * factorisation replaces singular columns by slacks.
 */
static void repair_basis(rf_lp *lp)
{
    Clp_Simplex *m = lp->m;
    int nr = lp->rows.count, nc = lp->cols.count, basic = 0;
    for (int j = 0; j < nc; j++) {
        int st = fit_status(Clp_getColumnStatus(m, j), lp->col_lo[j], lp->col_up[j]);
        if (st == ST_BASIC) basic++;
        else set_col_status(m, j, st);
    }
    for (int i = 0; i < nr; i++) {
        int st = fit_status(Clp_getRowStatus(m, i), lp->row_lo[i], lp->row_up[i]);
        if (st == ST_BASIC) basic++;
        else set_row_status(m, i, st);
    }
    for (int j = nc - 1; j >= 0 && basic > nr; j--) {
        if (Clp_getColumnStatus(m, j) != ST_BASIC) continue;
        set_col_status(m, j, default_nonbasic(lp->col_lo[j], lp->col_up[j]));
        basic--;
    }
    for (int i = 0; i < nr && basic < nr; i++) {
        if (Clp_getRowStatus(m, i) == ST_BASIC) continue;
        Clp_setRowStatus(m, i, ST_BASIC);
        basic++;
    }
}

/* Hand the mirrors to Clp (const: it changes Clp's copy, not the wrapper's state). */
static void flush_mirrors(const rf_lp *lp)
{
    if (lp->rows.count > 0) {
        Clp_chgRowLower(lp->m, lp->row_lo);
        Clp_chgRowUpper(lp->m, lp->row_up);
    }
    if (lp->cols.count > 0) {
        Clp_chgColumnLower(lp->m, lp->col_lo);
        Clp_chgColumnUpper(lp->m, lp->col_up);
        Clp_chgObjCoefficients(lp->m, lp->cost);
    }
}

/* ---- Solving ----------------------------------------------------------- */

enum pass { PASS_COLD, PASS_DUAL, PASS_PRIMAL };

/* Run one solver pass and add its iterations; -1 when Clp gave no options object. */
static int run_pass(rf_lp *lp, enum pass p)
{
    Clp_setNumberIterations(lp->m, 0);
    if (p == PASS_COLD) {
        Clp_Solve *opt = ClpSolve_new();
        if (!opt) return -1;
        ClpSolve_setSolveType(opt, lp->method == RF_LP_PRIMAL ? 1 /* primal */ : 0 /* dual simplex */, -1);
        ClpSolve_setPresolveType(opt, 0 /* presolve on */, -1);
        Clp_initialSolveWithOptions(lp->m, opt);
        ClpSolve_delete(opt);
    } else if (p == PASS_DUAL) {
        Clp_dual(lp->m, 0);
    } else {
        Clp_primal(lp->m, 0);
    }
    lp->iterations += Clp_numberIterations(lp->m);
    return 0;
}

/* Optimal, unscaled and clean (see the note on secondary status 6 at the top). */
static int clean_optimal(const rf_lp *lp)
{
    if (Clp_status(lp->m) != CLP_OPTIMAL) return 0;
    int sec = Clp_secondaryStatus(lp->m);
    if (sec == 0) return 1;
    return sec == CLP_EMPTY_PROBLEM && (lp->rows.count == 0 || lp->cols.count == 0);
}

static rf_lp_status classify(const rf_lp *lp)
{
    switch (Clp_status(lp->m)) {
    case CLP_OPTIMAL: return clean_optimal(lp) ? RF_LP_OPTIMAL : RF_LP_LIMIT;
    case CLP_PRIMAL_INFEASIBLE: return RF_LP_INFEASIBLE;
    case CLP_DUAL_INFEASIBLE: return RF_LP_UNBOUNDED;
    case CLP_STOPPED: return RF_LP_LIMIT;
    default: return RF_LP_ERROR;
    }
}

/* Copy the results out of Clp; 0 on success, -1 when Clp has none to give. */
static int copy_results(rf_lp *lp)
{
    int nr = lp->rows.count, nc = lp->cols.count;
    const double *x = Clp_getColSolution(lp->m);
    const double *act = Clp_getRowActivity(lp->m);
    const double *y = Clp_getRowPrice(lp->m);
    if ((nc > 0 && !x) || (nr > 0 && (!act || !y))) return -1;
    if (nc > 0) memcpy(lp->x, x, (size_t)nc * sizeof *x);
    if (nr > 0) {
        memcpy(lp->act, act, (size_t)nr * sizeof *act);
        memcpy(lp->y, y, (size_t)nr * sizeof *y);
    }
    lp->obj = Clp_objectiveValue(lp->m);
    return 0;
}

rf_status rf_lp_solve(rf_lp *lp, rf_err *err)
{
    if (!lp) return invalid(err, "NULL LP");
    if (lp->dirty) {
        flush_mirrors(lp);
        if (Clp_statusExists(lp->m)) repair_basis(lp);
        lp->dirty = 0;
    }
    lp->status = RF_LP_NOT_SOLVED;
    lp->iterations = 0;
    enum pass first = !lp->warm ? PASS_COLD : lp->method == RF_LP_PRIMAL ? PASS_PRIMAL : PASS_DUAL;
    if (run_pass(lp, first) != 0)
        return rf_err_set(err, RF_ESOLVER, NULL, 0, NULL, "Clp could not create its solve options");
    lp->warm = 1;
    /* Presolve can leave a scaled-only optimum or confuse infeasible with
     * unbounded: decide from a pass without presolve, and let primal simplex
     * confirm "dual infeasible" (unbounded), which dual simplex only infers. */
    if (!clean_optimal(lp)) {
        run_pass(lp, PASS_DUAL);
        if (Clp_status(lp->m) == CLP_DUAL_INFEASIBLE) run_pass(lp, PASS_PRIMAL);
    }
    /* Optimal when scaled, but unscaled it keeps small primal (2) or dual (3)
     * infeasibilities: primal simplex from that basis removes dual ones, and
     * if any remain, dual and primal again without scaling, whose tolerances
     * are then those of the model's own units.  Seen on a few percent of the
     * Monte Carlo draws of uncertain-2025.yaml (perturbed capex and demand),
     * never on a shipped scenario's own run. */
    if (Clp_status(lp->m) == CLP_OPTIMAL && !clean_optimal(lp)) {
        int sec = Clp_secondaryStatus(lp->m);
        if (sec == CLP_UNSCALED_PRIMAL_INFEASIBLE || sec == CLP_UNSCALED_DUAL_INFEASIBLE ||
            sec == CLP_UNSCALED_BOTH_INFEASIBLE) {
            run_pass(lp, PASS_PRIMAL);
            if (!clean_optimal(lp)) {
                int scaling = Clp_scalingFlag(lp->m);
                Clp_scaling(lp->m, 0);
                run_pass(lp, PASS_DUAL);
                if (!clean_optimal(lp)) run_pass(lp, PASS_PRIMAL);
                Clp_scaling(lp->m, scaling);
            }
        }
    }
    rf_lp_status st = classify(lp);
    if (st == RF_LP_OPTIMAL && copy_results(lp) != 0) st = RF_LP_ERROR;
    lp->status = st;
    if (st == RF_LP_ERROR)
        return rf_err_set(err, RF_ESOLVER, NULL, 0, NULL,
                          "Clp failed (status %d, secondary status %d)", Clp_status(lp->m),
                          Clp_secondaryStatus(lp->m));
    return RF_OK;
}

void rf_lp_set_method(rf_lp *lp, rf_lp_method method)
{
    if (lp) lp->method = method;
}

rf_lp_status rf_lp_status_get(const rf_lp *lp) { return lp ? lp->status : RF_LP_NOT_SOLVED; }

int rf_lp_iterations(const rf_lp *lp) { return lp ? lp->iterations : 0; }

/* ---- Results ----------------------------------------------------------- */

/* RF_OK when results can be read into `out`, else the error to return. */
static rf_status readable(const rf_lp *lp, const void *out, rf_err *err)
{
    if (!lp || !out) return invalid(err, "NULL LP or output array");
    if (lp->status != RF_LP_OPTIMAL)
        return rf_err_set(err, RF_ENOTOPT, NULL, 0, NULL,
                          "no optimal solution to read (LP status: %s)",
                          rf_lp_status_str(lp->status));
    return RF_OK;
}

rf_status rf_lp_objective(const rf_lp *lp, double *obj, rf_err *err)
{
    rf_status rc = readable(lp, obj, err);
    if (rc == RF_OK) *obj = lp->obj;
    return rc;
}

rf_status rf_lp_primal(const rf_lp *lp, double *x, rf_err *err)
{
    rf_status rc = readable(lp, x, err);
    if (rc == RF_OK && lp->cols.count > 0) memcpy(x, lp->x, (size_t)lp->cols.count * sizeof *x);
    return rc;
}

rf_status rf_lp_row_activity(const rf_lp *lp, double *act, rf_err *err)
{
    rf_status rc = readable(lp, act, err);
    if (rc == RF_OK && lp->rows.count > 0)
        memcpy(act, lp->act, (size_t)lp->rows.count * sizeof *act);
    return rc;
}

rf_status rf_lp_row_duals(const rf_lp *lp, double *y, rf_err *err)
{
    rf_status rc = readable(lp, y, err);
    if (rc == RF_OK && lp->rows.count > 0) memcpy(y, lp->y, (size_t)lp->rows.count * sizeof *y);
    return rc;
}

/* ---- Basis by name ------------------------------------------------------ */

/* Copy a table's names into `text`, pointing dst[] at them; returns the end of text. */
static char *pack_names(const name_table *t, char **dst, char *text)
{
    for (int i = 0; i < t->count; i++) {
        size_t len = strlen(t->name[i]) + 1;
        memcpy(text, t->name[i], len);
        dst[i] = text;
        text += len;
    }
    return text;
}

static size_t names_size(const name_table *t)
{
    size_t n = 0;
    for (int i = 0; i < t->count; i++) n += strlen(t->name[i]) + 1;
    return n;
}

/* Clp's column-wise matrix: column j's rows are index[start[j] .. start[j] +
 * len[j]).  0, or -1 when the LP has no columns (or Clp no matrix). */
typedef struct clp_matrix {
    const CoinBigIndex *start;
    const int *len, *index;
    const double *value;
} clp_matrix;

static int clp_matrix_of(const rf_lp *lp, clp_matrix *a)
{
    if (lp->cols.count == 0) return -1;
    a->start = Clp_getVectorStarts(lp->m);
    a->len = Clp_getVectorLengths(lp->m);
    a->index = Clp_getIndices(lp->m);
    a->value = Clp_getElements(lp->m);
    return a->start && a->len && a->index && a->value ? 0 : -1;
}

rf_lp_basis *rf_lp_basis_get(const rf_lp *lp, rf_err *err)
{
    if (!lp) {
        invalid(err, "NULL LP");
        return NULL;
    }
    if (lp->status != RF_LP_OPTIMAL) {
        rf_err_set(err, RF_ENOTOPT, NULL, 0, NULL, "no optimal basis to read (LP status: %s)",
                   rf_lp_status_str(lp->status));
        return NULL;
    }
    int nr = lp->rows.count, nc = lp->cols.count;
    rf_lp_basis *b = calloc(1, sizeof *b);
    if (b) {
        b->row_name = malloc(((size_t)nr + 1) * sizeof *b->row_name);
        b->col_name = malloc(((size_t)nc + 1) * sizeof *b->col_name);
        b->row_status = malloc((size_t)nr + 1);
        b->col_status = malloc((size_t)nc + 1);
        b->text = malloc(names_size(&lp->rows) + names_size(&lp->cols) + 1);
        b->row_dual = malloc(((size_t)nr + 1) * sizeof *b->row_dual);
    }
    if (!b || !b->row_name || !b->col_name || !b->row_status || !b->col_status || !b->text || !b->row_dual) {
        rf_lp_basis_free(b);
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory copying a basis");
        return NULL;
    }
    b->nrows = nr;
    b->ncols = nc;
    pack_names(&lp->cols, b->col_name, pack_names(&lp->rows, b->row_name, b->text));
    for (int i = 0; i < nr; i++) b->row_status[i] = (unsigned char)Clp_getRowStatus(lp->m, i);
    if (nr > 0) memcpy(b->row_dual, lp->y, (size_t)nr * sizeof *b->row_dual);
    for (int j = 0; j < nc; j++) b->col_status[j] = (unsigned char)Clp_getColumnStatus(lp->m, j);
    clp_matrix a;
    int have = clp_matrix_of(lp, &a) == 0;
    size_t n = 0;
    for (int j = 0; have && j < nc; j++)
        if (b->col_status[j] == ST_BASIC) n += (size_t)a.len[j];
    b->bstart = malloc(((size_t)nc + 1) * sizeof *b->bstart);
    b->brow = malloc((n + 1) * sizeof *b->brow);
    if (!b->bstart || !b->brow) {
        rf_lp_basis_free(b);
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory copying a basis");
        return NULL;
    }
    n = 0;
    for (int j = 0; j < nc; j++) {
        b->bstart[j] = (int)n;
        if (have && b->col_status[j] == ST_BASIC)
            for (CoinBigIndex e = a.start[j]; e < a.start[j] + a.len[j]; e++) b->brow[n++] = a.index[e];
    }
    b->bstart[nc] = (int)n;
    return b;
}

/* The item named s, tried first right after item `at` (a basis usually comes
 * from an LP built in the same order, so most names are found there with one
 * strcmp instead of a hash), else by the hash index; -1 when there is none. */
static int find_next(const name_table *t, const char *s, int at)
{
    if (at + 1 < t->count && strcmp(t->name[at + 1], s) == 0) return at + 1;
    return table_find(t, s);
}

/*
 * A crash for the rows a stored basis does not have (a pool or a plant new to
 * the LP).  Left to its slack, such a row starts with a dual of 0: every arc
 * out of a new pool then looks profitable, the plant's recipe columns too, and
 * the columns without an upper bound among them sent Clp's dual simplex to its
 * primal clean-up at once.  Instead, a new column without an upper bound that
 * has an entry in the row, and in no other new row still without a basic
 * column, is made basic in the slack's place: a new origin pool takes a price
 * through its transfer or an arc, a new plant's capacity row its recipe's
 * margin.  Rows are given in rounds, each from columns whose other rows were
 * given before: the new part of the basis is triangular, so it is not
 * singular where the stored basic columns have no entries in new rows (where
 * they do, Clp's factorisation replaces a dependent column by a slack, as for
 * any basis).
 *
 * Which column: the one that leaves the others dual feasible at the duals it
 * implies.  Column j basic prices its new row i at y_i = (c_j - sum of a_kj y_k
 * over its other rows) / a_ij, with y_k the stored optimum's duals (and those
 * of rows given in earlier rounds).  A column drawing from the row (a_ij < 0,
 * an arc out of a pool) is dual feasible at its lower bound when y_i is at
 * least its own implied value, a column supplying it when y_i is at most its
 * value; so the drawer of highest value is taken (a new pool's best netback),
 * or the supplier of lowest value where nothing draws.  Taking the first
 * candidate instead priced a new oxide pool through the dearest switching
 * step of some arc, leaving its other arcs dual infeasible: the year LPs
 * where Britain's separator arrives went to primal simplex for 400-600
 * pivots.  Only the start changes, not the optimum (docs/model.md, "One
 * answer whatever the solver's path").  y: [nr] the stored duals of known
 * rows, NaN elsewhere (filled in here).  0, or -1 on ENOMEM.
 */
static int crash_new_rows(const rf_lp *lp, unsigned char *st, const unsigned char *known, double *y)
{
    int nr = lp->rows.count, nc = lp->cols.count;
    clp_matrix a;
    if (nr == 0 || clp_matrix_of(lp, &a) != 0) return 0;
    /* per new row: given (has its basic column), and this round's best drawer and supplier */
    unsigned char *given = calloc((size_t)nr + 1, 1);
    int *draw = malloc(((size_t)nr + 1) * sizeof *draw), *supply = malloc(((size_t)nr + 1) * sizeof *supply);
    double *vdraw = malloc(((size_t)nr + 1) * sizeof *vdraw), *vsupply = malloc(((size_t)nr + 1) * sizeof *vsupply);
    if (!given || !draw || !supply || !vdraw || !vsupply) {
        free(given);
        free(draw);
        free(supply);
        free(vdraw);
        free(vsupply);
        return -1;
    }
    for (int progress = 1; progress;) {
        progress = 0;
        for (int i = 0; i < nr; i++) draw[i] = supply[i] = -1;
        for (int j = 0; j < nc; j++) {
            if (known[j] || st[j] == ST_BASIC || lp->col_lo[j] != 0.0 || lp->col_up[j] < DBL_MAX) continue;
            int target = -1, other = 0;
            double at = 0.0, rest = 0.0;
            for (CoinBigIndex e = a.start[j]; e < a.start[j] + a.len[j] && !other; e++) {
                int i = a.index[e];
                if (known[nc + i] || given[i]) {
                    rest += a.value[e] * y[i];
                    continue;
                }
                if (target < 0) target = i, at = a.value[e];
                else other = 1;
            }
            if (other || target < 0 || at == 0.0) continue;
            double v = (lp->cost[j] - rest) / at;
            if (isnan(v)) v = 0.0; /* a stored dual missing: still a column, valued as a slack would be */
            if (at < 0.0 && (draw[target] < 0 || v > vdraw[target])) draw[target] = j, vdraw[target] = v;
            if (at > 0.0 && (supply[target] < 0 || v < vsupply[target])) supply[target] = j, vsupply[target] = v;
        }
        for (int i = 0; i < nr; i++) {
            int j = draw[i] >= 0 ? draw[i] : supply[i];
            if (j < 0) continue;
            st[j] = ST_BASIC;
            st[nc + i] = (unsigned char)default_nonbasic(lp->row_lo[i], lp->row_up[i]);
            y[i] = draw[i] >= 0 ? vdraw[i] : vsupply[i];
            given[i] = 1;
            progress = 1;
        }
    }
    free(given);
    free(draw);
    free(supply);
    free(vdraw);
    free(vsupply);
    return 0;
}

/*
 * Lost basic columns (a stored basic column the LP no longer has, such as a
 * trade arc that became segments): where a column the stored basis does not
 * know has exactly the lost column's rows, it is made basic in its place.
 * Otherwise the count repair of the next solve makes the first rows' slacks
 * basic, which gives whole markets a price of 0.  rowmap[k]: the LP's row of
 * stored row k, or -1; colmap[k] likewise for columns, set here to the stand-in
 * of a lost column it replaces (so the mends after it treat that column as
 * kept).  0, or -1 on ENOMEM.
 */
static int replace_lost(const rf_lp *lp, const rf_lp_basis *basis, const int *rowmap, int *colmap,
                        unsigned char *st, unsigned char *known)
{
    int nr = lp->rows.count, nc = lp->cols.count;
    clp_matrix a;
    if (nr == 0 || clp_matrix_of(lp, &a) != 0) return 0;
    const CoinBigIndex *start = a.start;
    const int *len = a.len, *index = a.index;
    /* The new columns by their first row (the smallest row index), so that a
     * lost column's candidates are a few, not all. */
    int *first = malloc(((size_t)nc + 1) * sizeof *first), *head = malloc(((size_t)nr + 1) * sizeof *head);
    int *next = malloc(((size_t)nc + 1) * sizeof *next);
    if (!first || !head || !next) {
        free(first);
        free(head);
        free(next);
        return -1;
    }
    for (int i = 0; i < nr; i++) head[i] = -1;
    for (int j = nc - 1; j >= 0; j--) {
        first[j] = -1;
        if (known[j] || len[j] == 0) continue;
        for (CoinBigIndex e = start[j]; e < start[j] + len[j]; e++)
            if (first[j] < 0 || index[e] < first[j]) first[j] = index[e];
        next[j] = head[first[j]];
        head[first[j]] = j;
    }
    for (int k = 0; k < basis->ncols; k++) {
        if (basis->col_status[k] != ST_BASIC || colmap[k] >= 0) continue;
        int n = basis->bstart[k + 1] - basis->bstart[k], low = -1;
        for (int e = basis->bstart[k]; e < basis->bstart[k + 1] && n > 0; e++) {
            int r = rowmap[basis->brow[e]];
            if (r < 0) n = 0; /* a row of it is gone too: nothing to stand in for */
            else if (low < 0 || r < low) low = r;
        }
        if (n == 0) continue;
        for (int j = head[low]; j >= 0; j = next[j]) {
            if (st[j] == ST_BASIC || len[j] != n) continue;
            int same = 1;
            for (int e = basis->bstart[k]; e < basis->bstart[k + 1] && same; e++) {
                int r = rowmap[basis->brow[e]], found = 0;
                for (CoinBigIndex f = start[j]; f < start[j] + len[j] && !found; f++) found = index[f] == r;
                same = found;
            }
            if (!same) continue;
            st[j] = ST_BASIC;
            known[j] = 1;
            colmap[k] = j;
            break;
        }
    }
    free(first);
    free(head);
    free(next);
    return 0;
}

/*
 * Stored rows that are gone.  A gone row that was binding (its slack
 * non-basic) held one basic column: if a stored basic column that lay only in
 * gone rows is gone with it (a contract's give-way column with its contract
 * row, a closed plant's tranche with its capacity row), that was the one;
 * otherwise the last basic column with an entry in the row is left without a
 * row and is made non-basic.  Both the baseline's 2030 LPs lose contract rows
 * and meet this: taking the count repair's last basic columns instead (the
 * marginal step of some demand curve) started the year LP with 901 dual
 * infeasibilities (941 pivots, 590 with the rule), and demoting only until
 * the count was right left one contract's tranche basic and a closed plant's
 * metal pool without its basic column, so the look-ahead started with NdPr
 * oxide at -5,655 USD/kg and went to primal simplex for 374 pivots.  0, or -1
 * on ENOMEM.
 */
static int demote_orphans(const rf_lp *lp, const rf_lp_basis *basis, const int *rowmap, const int *colmap,
                          unsigned char *st)
{
    int nb = basis->nrows;
    /* held[k]: gone binding stored row k still holds a basic column (1), or is paired with a gone one (0) */
    unsigned char *held = calloc((size_t)nb + 1, 1);
    if (!held) return -1;
    for (int k = 0; k < nb; k++) held[k] = rowmap[k] < 0 && basis->row_status[k] != ST_BASIC;
    for (int c = 0; c < basis->ncols; c++) {
        if (colmap[c] >= 0 || basis->col_status[c] != ST_BASIC) continue;
        int inside = basis->bstart[c + 1] > basis->bstart[c];
        for (int e = basis->bstart[c]; e < basis->bstart[c + 1]; e++) inside &= rowmap[basis->brow[e]] < 0;
        for (int e = basis->bstart[c]; inside && e < basis->bstart[c + 1]; e++)
            if (held[basis->brow[e]]) {
                held[basis->brow[e]] = 0;
                break;
            }
    }
    for (int c = basis->ncols - 1; c >= 0; c--) {
        int j = colmap[c];
        if (j < 0 || st[j] != ST_BASIC || basis->col_status[c] != ST_BASIC) continue;
        for (int e = basis->bstart[c]; e < basis->bstart[c + 1]; e++) {
            if (!held[basis->brow[e]]) continue;
            held[basis->brow[e]] = 0;
            st[j] = (unsigned char)default_nonbasic(lp->col_lo[j], lp->col_up[j]);
            break;
        }
    }
    free(held);
    return 0;
}

/*
 * Too few basics, because a stored basic column is gone while some of its
 * rows remain (a closed plant's recipe, whose capacity row is gone but whose
 * input and output pools are not): its rows lost the column that priced them.
 * In its place the non-basic column with an entry in those rows whose reduced
 * cost at the stored duals y is nearest 0 is made basic (the next best way to
 * serve those pools), rather than the count repair's slack of the LP's first
 * row, which priced some concentrate at 0.  0, or -1 on ENOMEM.
 */
static int fill_holes(const rf_lp *lp, const rf_lp_basis *basis, const int *rowmap, const int *colmap,
                      unsigned char *st, const double *y)
{
    int nr = lp->rows.count, nc = lp->cols.count, basic = 0;
    for (int j = 0; j < nc + nr; j++) basic += st[j] == ST_BASIC;
    if (basic >= nr) return 0;
    clp_matrix a;
    if (clp_matrix_of(lp, &a) != 0) return 0;
    unsigned char *hole = calloc((size_t)nr + 1, 1);
    if (!hole) return -1;
    for (int c = 0; c < basis->ncols && basic < nr; c++) {
        if (colmap[c] >= 0 || basis->col_status[c] != ST_BASIC) continue;
        int any = 0;
        for (int e = basis->bstart[c]; e < basis->bstart[c + 1]; e++) {
            int i = rowmap[basis->brow[e]];
            if (i >= 0) hole[i] = 1, any = 1;
        }
        if (!any) continue;
        int best = -1;
        double best_d = 0.0;
        for (int j = 0; j < nc; j++) {
            if (st[j] == ST_BASIC) continue;
            int touches = 0;
            double d = lp->cost[j];
            for (CoinBigIndex e = a.start[j]; e < a.start[j] + a.len[j]; e++) {
                touches |= hole[a.index[e]];
                d -= a.value[e] * y[a.index[e]];
            }
            if (!touches || isnan(d)) continue;
            if (best < 0 || fabs(d) < best_d) best = j, best_d = fabs(d);
        }
        for (int e = basis->bstart[c]; e < basis->bstart[c + 1]; e++)
            if (rowmap[basis->brow[e]] >= 0) hole[rowmap[basis->brow[e]]] = 0;
        if (best < 0) continue;
        st[best] = ST_BASIC;
        basic++;
    }
    free(hole);
    return 0;
}

rf_status rf_lp_basis_set(rf_lp *lp, const rf_lp_basis *basis, rf_err *err)
{
    if (!lp || !basis) return invalid(err, "NULL LP or basis");
    int nr = lp->rows.count, nc = lp->cols.count;
    /* Clp's status array holds the columns first, then the rows. */
    unsigned char *st = malloc((size_t)nc + (size_t)nr + 1);
    if (!st) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory installing a basis");
    for (int j = 0; j < nc; j++)
        st[j] = (unsigned char)default_nonbasic(lp->col_lo[j], lp->col_up[j]);
    for (int i = 0; i < nr; i++) st[nc + i] = ST_BASIC;
    /* known[j], known[nc + i]: the stored basis has that column or row;
     * colmap[k], rowmap[k]: the LP's column or row of stored item k, or -1. */
    unsigned char *known = calloc((size_t)nc + (size_t)nr + 1, 1);
    int *colmap = malloc(((size_t)basis->ncols + 1) * sizeof *colmap);
    int *rowmap = malloc(((size_t)basis->nrows + 1) * sizeof *rowmap);
    double *y = malloc(((size_t)nr + 1) * sizeof *y); /* the stored duals on the LP's rows, NaN on new ones */
    if (!known || !colmap || !rowmap || !y) {
        free(st);
        free(known);
        free(colmap);
        free(rowmap);
        free(y);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory installing a basis");
    }
    for (int i = 0; i < nr; i++) y[i] = NAN;
    int at = -1;
    for (int k = 0; k < basis->ncols; k++) {
        int j = colmap[k] = find_next(&lp->cols, basis->col_name[k], at);
        if (j >= 0) st[j] = basis->col_status[k], at = j, known[j] = 1;
    }
    at = -1;
    for (int k = 0; k < basis->nrows; k++) {
        int i = rowmap[k] = find_next(&lp->rows, basis->row_name[k], at);
        if (i >= 0) st[nc + i] = basis->row_status[k], at = i, known[nc + i] = 1, y[i] = basis->row_dual[k];
    }
    int bad = replace_lost(lp, basis, rowmap, colmap, st, known) != 0 || crash_new_rows(lp, st, known, y) != 0 ||
              demote_orphans(lp, basis, rowmap, colmap, st) != 0 || fill_holes(lp, basis, rowmap, colmap, st, y) != 0;
    free(y);
    free(known);
    free(colmap);
    free(rowmap);
    if (bad) {
        free(st);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory installing a basis");
    }
    /* Sized for the current model; the next solve repairs bounds and the count. */
    Clp_copyinStatus(lp->m, st);
    free(st);
    lp->warm = 1;
    model_changed(lp);
    return RF_OK;
}

void rf_lp_basis_free(rf_lp_basis *basis)
{
    if (!basis) return;
    free(basis->row_name);
    free(basis->col_name);
    free(basis->row_status);
    free(basis->col_status);
    free(basis->text);
    free(basis->bstart);
    free(basis->brow);
    free(basis->row_dual);
    free(basis);
}

/* ---- MPS --------------------------------------------------------------- */

/* Whether the file ends with the ENDATA line, i.e. Clp's write was not cut short. */
static int ends_with_endata(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char tail[9] = {0};
    int ok = fseek(f, -8L, SEEK_END) == 0 && fread(tail, 1, 8, f) == 8 && strstr(tail, "ENDATA");
    fclose(f);
    return ok;
}

rf_status rf_lp_write_mps(const rf_lp *lp, const char *path, rf_err *err)
{
    if (!lp || !path || !*path)
        return rf_err_set(err, RF_EIO, path, 0, NULL, "no LP or no path to write");
    if (table_find(&lp->rows, objrow_name) >= 0)
        return rf_err_set(err, RF_EIO, path, 0, NULL,
                          "a row is named %s, which Clp uses for the objective row", objrow_name);
    /* Clp writes these two to stdout; as file names they must not. */
    const char *target = path;
    if (strcmp(path, "-") == 0) target = "./-";
    else if (strcmp(path, "stdout") == 0) target = "./stdout";
    /* Clp aborts the process when it cannot open the file, so try first. */
    FILE *f = fopen(target, "w");
    if (!f) {
        char ebuf[128];
        return rf_err_set(err, RF_EIO, path, 0, NULL, "cannot open for writing: %s",
                          rf__strerror(errno, ebuf, sizeof ebuf));
    }
    fclose(f);
    if (lp->dirty) flush_mirrors(lp);
    /* Clp gets the names only for the write: dropping them afterwards means a
     * later add_rows/add_cols can never leave Clp with a short name list. */
    Clp_copyNames(lp->m, (const char *const *)lp->rows.name, (const char *const *)lp->cols.name);
    /* Clp prints numbers with the C library: the C locale, so "0.5" and never "0,5". */
    rf__cloc loc;
    rf__cloc_enter(&loc);
    int rc = Clp_writeMps(lp->m, target, 1 /* free format, full precision */, 1, 1.0);
    rf__cloc_leave(&loc);
    Clp_dropNames(lp->m);
    if (rc != 0 || !ends_with_endata(target))
        return rf_err_set(err, RF_EIO, path, 0, NULL, "Clp could not write the MPS file (code %d)",
                          rc);
    return RF_OK;
}
