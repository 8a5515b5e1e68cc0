/*
 * rareflow/montecarlo.h: Monte Carlo over a scenario's uncertain inputs
 * (issue 13, docs/uncertainty.md "rareflow mc"), the layer above the
 * simulation.
 *
 * The caller (the CLI) loads one PRIVATE (world, scenario) pair per worker
 * thread and hands them over; this layer does no I/O.  Draw k of N:
 *   - the uniform of input j is rf_mc_u_planned(plan, seed, N, k, j), where an
 *     input of a group uses the u of its group, drawn with the index of the
 *     group's FIRST member as its j (so one u per group);
 *   - the value of input j is rf_dist_quantile(its distribution, u);
 *   - the values are applied as data (rf_uncertain_apply) to the worker's
 *     world and scenario, a FRESH simulation is run over the whole horizon,
 *     the watched outputs are read from its results, and the draw is undone.
 * Determinism rule: a draw's answer depends only on (seed, N, k, sampling)
 * and the inputs, never on which worker ran it or what that worker ran
 * before: no LP basis or other state is carried from one draw to another
 * (the "fixed base basis" warm start of the issue is a speed idea not taken),
 * and results are stored by draw index.
 *
 * The watched outputs (metrics) are fixed from the world and scenario before
 * any draw: the same list for every draw; a value absent from a draw's
 * results is NaN for that draw.  A draw with a year not optimal, or whose
 * apply or simulation fails (out of memory aside, which stops the run), is a
 * failed draw: flagged, its outputs NaN.
 */
#ifndef RAREFLOW_MONTECARLO_H
#define RAREFLOW_MONTECARLO_H

#include <stdint.h>

#include "rareflow/error.h"
#include "rareflow/mc.h"
#include "rareflow/scenario.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kinds of watched output; their names are rf_mc_metric_name's. */
typedef enum rf_mc_metric_kind {
    RF_MCM_PRICE = 0,          /* "price": USD/kg of (region, product), local price */
    RF_MCM_SHORTAGE,           /* "shortage": t unserved of (region, sector), summed over products;
                                  region and sector "" (iregion -1): over every region and sector */
    RF_MCM_CHINA_SHARE,        /* "china_share": CN's share of a stage (the shares table), 0..1 */
    RF_MCM_TOUCHED_CHINA,      /* "touched_china": share of US's (region, product) magnets that
                                  touched CN at some stage (the touched table) */
    RF_MCM_GOVERNMENT_COST,    /* "government_cost": USD of (region), summed over levers */
    RF_MCM_CAPACITY_EX_CHINA,  /* "capacity_ex_china": capacity of a stage outside CN, t of activity */
    RF_MCM_KIND_COUNT
} rf_mc_metric_kind;

/* "price", "shortage", ..., "capacity_ex_china"; "?" out of range. */
const char *rf_mc_metric_name(rf_mc_metric_kind k);

#define RF_MC_LABEL 72

/* One watched output in one year.  Labels that do not apply are "". */
typedef struct rf_mc_metric {
    rf_mc_metric_kind kind;
    int year;
    char region[RF_MC_LABEL], product[RF_MC_LABEL], sector[RF_MC_LABEL];
    char stage[RF_MC_LABEL];   /* "mining", "separation", "metal", "magnet" */
    int iregion, iproduct, istage; /* indices into the world / rf_stage, or -1 */
} rf_mc_metric;

/* A worker: its own world and scenario (checked: rf_scenario_check and
 * rf_policy_check passed), loaded from the same files as every other
 * worker's.  Borrowed; changed during a draw and restored after it. */
typedef struct rf_mc_worker {
    rf_world *world;
    rf_scenario *scenario;
} rf_mc_worker;

typedef struct rf_mc_config {
    int ndraws;                /* N, 1..RF_MC_MAX_DRAWS */
    uint64_t seed;
    rf_mc_sampling sampling;   /* RF_MC_RANDOM or RF_MC_LHS */
    int first, last;           /* the draws run here: [first, last) within [0, N); last 0: N */
    /* Called after each draw (may be NULL) with the draws finished in this
     * call so far and how many it runs; from any worker thread, one call at a
     * time (under a lock).  It must not touch the draws. */
    void (*progress)(void *ctx, int done, int total);
    void *progress_ctx;
} rf_mc_config;

#define RF_MC_MAX_DRAWS 1000000

/*
 * The draws of a run, or of a slice of it.  The arrays hold `nrows` rows, one
 * per draw, in draw order: row r is draw offset + r, so they cover draws
 * [offset, offset + nrows) of ndraws.  rf_montecarlo_run allocates rows for
 * its slice only (offset = first, nrows = last - first); a run of all N draws
 * (first 0, last N) is a full set: offset 0, nrows == ndraws, row k is draw k.
 * rf_mc_draws_hold_all grows a slice to a full set (what the MPI gather does
 * on rank 0); the summary, the JSON, the report and the database need a full
 * set with every draw run.  Draw k's row, when held, is row k - offset.
 */
typedef struct rf_mc_draws {
    int ndraws, ninputs, nmetrics;
    int offset, nrows;         /* the rows held: draws [offset, offset + nrows) */
    int first, last;           /* the draws filled, within the rows held; rows held outside it are
                                  not run: NaN, failed = -1 */
    uint64_t seed;
    rf_mc_sampling sampling;
    char **inputs;             /* [ninputs] names (owned copies) */
    char **input_targets;      /* [ninputs] "demand.growth", ... (owned) */
    char **input_dists;        /* [ninputs] "normal", ... (owned) */
    rf_mc_metric *metrics;     /* [nmetrics] the watched outputs, fixed before the draws */
    double *values;            /* [nrows x ninputs] the drawn value of each input */
    double *outputs;           /* [nrows x nmetrics] NaN where absent or failed */
    int *failed;               /* [nrows] 0 ok, 1 failed, -1 not run */
    int *clamped;              /* [nrows] values clamped on apply in each draw */
    int *fail_year;            /* [nrows] a failed draw's first year not optimal (0: the apply
                                  or the simulation failed); 0 otherwise */
    int *fail_status;          /* [nrows] that year's rf_year_status, or -1 (apply or sim failed) */
} rf_mc_draws;

/*
 * Run draws [cfg->first, cfg->last) of N on `nworkers` threads (1..64), one
 * per worker.  Every worker's scenario must have the same `uncertainty:`
 * section (at least one input) and years.  `out` is filled (overwritten; free
 * it with rf_mc_draws_free, also after an error) with rows for the slice only:
 * offset = first, nrows = last - first (a full set when the slice is [0, N)).
 * Returns RF_OK (failed draws are not an error: out->failed says which),
 * RF_EINVAL (bad config, no uncertain inputs), RF_ENOMEM.
 */
rf_status rf_montecarlo_run(rf_mc_worker *workers, int nworkers, const rf_mc_config *cfg, rf_mc_draws *out,
                            rf_err *err);

/* The metrics rf_montecarlo_run watches for this world and scenario: a
 * malloc'd array (*n of them), in output order. */
rf_status rf_montecarlo_metrics(const rf_world *w, const rf_scenario *sc, rf_mc_metric **metrics, int *n,
                                rf_err *err);

void rf_mc_draws_free(rf_mc_draws *d);

/* Grow d to a full set (offset 0, nrows == ndraws): the rows held move to
 * their draw index, the new rows are not run (NaN, failed -1, 0).  first and
 * last are unchanged.  A no-op on a full set.  RF_ENOMEM leaves d as it was
 * (still valid, still to be freed). */
rf_status rf_mc_draws_hold_all(rf_mc_draws *d, rf_err *err);

/* ---------- the summary of the draws ---------- */

typedef struct rf_mc_pct_row {
    int metric;                /* index into draws->metrics */
    double v[RF_MC_NSUMMARY];  /* P5, P25, P50, P75, P95, mean (rareflow/mc.h) */
    int n;                     /* draws it is over */
} rf_mc_pct_row;

typedef struct rf_mc_sens_row {
    int metric, input;
    double rho;                /* Spearman's rho over the successful draws */
} rf_mc_sens_row;

typedef struct rf_mc_summary_t {
    int failed_draws;
    int *failed;               /* [nfailed] indexes of the failed draws, ascending */
    int nfailed;
    int clamped;               /* values clamped over every draw */
    rf_mc_pct_row *pct;        /* one per metric with a value in some successful draw */
    int npct;
    rf_mc_sens_row *sens;      /* metrics of the last year and 2030 (when in the horizon),
                                  |rho| >= 0.05 or top 5 of the metric, by |rho| descending,
                                  ties by input index */
    int nsens;
} rf_mc_summary_t;

/*
 * Percentiles and sensitivity of the gathered draws.  d must be a full set
 * (offset 0, nrows == ndraws) with every row filled: a run of all N draws, or
 * slices gathered on rank 0.  A function of d's arrays only, so two processes
 * holding the same arrays get the same bits.  Metrics NaN in every successful
 * draw are left out, as are government costs 0 in every successful draw.
 * RF_EINVAL when d is not a full set or a draw was not run, RF_ENOMEM.
 */
rf_status rf_montecarlo_summarize(const rf_mc_draws *d, rf_mc_summary_t *s, rf_err *err);

void rf_mc_summary_free(rf_mc_summary_t *s);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_MONTECARLO_H */
