/*
 * rareflow/sim.h: a run over the years, one library call.
 *
 * The simulation owns the year loop: it clears each year's market with the
 * scenario's levers (rareflow/policy.h), and between years it carries the
 * state the world does not hold: the capacity of every plant and project,
 * the projects and their stage, demand growth and its substitution, the
 * magnets in use and their end-of-life scrap, price expectations and the
 * strategic stocks.  Whatever runs a scenario over the years (the CLI's run,
 * balance, compare and project commands, bench/bench_years) runs it through
 * it, in the alloc/iterate/free shape of GSL's minimisers:
 *
 *     rf_sim *s = rf_sim_new(world, scenario, &options, &err);
 *     while (!rf_sim_done(s)) rf_sim_step(s, &err);      (or rf_sim_run)
 *     const rf_results *r = rf_sim_results(s);
 *     rf_sim_free(s);
 *
 * Every year gets a status; an infeasible or non-converged year is reported
 * as such and the run goes on (its state carries over unchanged).  No state
 * is global: everything a run needs hangs off its rf_sim, so two sims can run
 * on two threads at once, and a run's numbers depend only on its inputs.
 * docs/model.md gives the year loop, the decision rule and the expectations.
 */
#ifndef RAREFLOW_SIM_H
#define RAREFLOW_SIM_H

#include "rareflow/error.h"
#include "rareflow/finance.h"
#include "rareflow/policy.h"
#include "rareflow/results.h"
#include "rareflow/scenario.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The year the dataset describes: demand grows from it, prices are in its USD. */
#define RF_SIM_BASE_YEAR RF_WORLD_BASE_YEAR

/* What a caller may set; zero it and set what it needs. */
typedef struct rf_sim_options {
    /* Called before each final solve to get the path of that year's MPS file,
     * or NULL for none (the CLI stages them); may be NULL. */
    const char *(*mps_path)(void *ctx, int year);
    void *mps_ctx;
    int no_invest;          /* freeze capacity: no project is decided during the run */
    int perfect_max_iter;   /* passes of the perfect-foresight iteration (0: 20) */
    const char *focus;      /* region id whose magnets the decoupling measure follows (NULL: US) */
    /* Called by rf_sim_run after each year is stepped (may be NULL): the year,
     * the years stepped and to step in this pass, and the pass (1.., more than
     * one under perfect foresight).  For a progress line; it must not touch
     * the sim. */
    void (*progress)(void *ctx, int year, int done, int total, int pass);
    void *progress_ctx;
    /* Solve every LP by primal simplex instead of dual: slower, and the same
     * answer, which is what it is for (tests/sim/test_path.c). */
    int lp_primal;
} rf_sim_options;

/* A decision to build: a named project once, or one generic block. */
typedef struct rf_build {
    int project;            /* index into world->projects */
    int decided;            /* year of the decision */
    int arrives;            /* first year of production */
    int lead_time_years;    /* as decided (levers may shorten or lengthen it) */
    double ramp_stretch;    /* >= 1: the ramp takes this many times longer (a technology ban) */
    double capex_usd;       /* as decided, with the levers in force then */
    double npv_usd;         /* at the decision, with its support; NaN for one decided before the run */
    double capacity_t;      /* t of activity at full ramp */
} rf_build;

/*
 * The state carried from one year to the next, read-only for callers
 * (rf_sim_state_get).  Arrays are owned by the sim.
 */
typedef struct rf_sim_state {
    int year;                /* the last year stepped, or 0 before the first */
    double *capacity_t;      /* [nfacilities] capacity available in that year, t of activity
                                (before a scenario's factors and outages) */
    int *closed;             /* [nfacilities] 1 when the simulation closed the plant */
    int *below_cost_years;   /* [nfacilities] consecutive years not covering the cash cost */
    rf_build *builds;        /* [nbuilds] every decision so far, in order */
    int nbuilds, cap_builds;
    double *substitution;    /* [ndemand] current reduction of each demand row, 0..1 */
    double *inuse_t;         /* [nregions x nsectors] magnets in use at the end of the year, t */
    rf_policy_state *policy; /* strategic stocks */
} rf_sim_state;

typedef struct rf_sim rf_sim;

/*
 * Process-wide, once, from a program's main before any run (the CLI and the
 * benchmarks call it; a program embedding the library may or may not).  Clp
 * allocates and frees its work arrays and factorization in every solve; with
 * glibc's default thresholds the freed memory goes back to the kernel and the
 * next solve faults it in again (9,600 page faults in a baseline run, 3,700
 * with this; about 8% of its CPU time, bench/README.md).  This keeps freed memory
 * in the process.  A no-op where the C library is not glibc.
 */
void rf_sim_tune_allocator(void);

/*
 * A simulation of `sc` on `w` (both borrowed: they must outlive the sim).
 * The years are the scenario's (rf_scenario_set_years to change them).
 * Returns an owned sim (rf_sim_free), or NULL with `err` set.
 */
rf_sim *rf_sim_new(const rf_world *w, const rf_scenario *sc, const rf_sim_options *opt, rf_err *err);

/* Whether every year of the scenario has been stepped. */
int rf_sim_done(const rf_sim *s);

/*
 * Solve the next requested year and carry its state to the one after:
 * decisions made this year, stocks, expectations.  The sim steps every year
 * from RF_SIM_BASE_YEAR (or the first requested year when earlier) to the
 * last requested one; the first step also runs the years before the first
 * requested year, unreported, so that a run asked for 2030 carries the
 * decisions of 2024-2029.  A year that is infeasible or does not
 * converge gets that status and RF_OK.  Returns RF_OK, or a failure (out of
 * memory, bad input found only in that year, the solver broken) with `err`
 * set; after a failure the sim can only be freed.
 */
rf_status rf_sim_step(rf_sim *s, rf_err *err);

/* Step every remaining year; with perfect expectations, the whole horizon
 * again until the decisions settle. */
rf_status rf_sim_run(rf_sim *s, rf_err *err);

/* The results so far (borrowed; valid until rf_sim_free or rf_sim_take_results). */
const rf_results *rf_sim_results(const rf_sim *s);

/* The results, now owned by the caller (rf_results_free); the sim keeps none. */
rf_results *rf_sim_take_results(rf_sim *s);

/* The state after the last year stepped (borrowed). */
const rf_sim_state *rf_sim_state_get(const rf_sim *s);

/* Passes of the perfect-foresight iteration (1 otherwise), and whether it settled. */
int rf_sim_passes(const rf_sim *s);
int rf_sim_converged(const rf_sim *s);

/* ---------- one project as the simulation values it ---------- */

/*
 * A project's economics at a decision year: what the decision rule sees
 * (docs/model.md, "The years"), with every cash-flow line.  Year t of the
 * lines is calendar year decided + t.  Filled by rf_sim_value_project,
 * released by rf_project_value_close.
 */
typedef struct rf_project_value {
    int project;              /* index into world->projects */
    int decided, arrives;     /* decision year (the last year stepped) and first production */
    int blocked;              /* a project block covers it: nothing below is set */
    int recipe;               /* the recipe valued (index into world->recipes), -1 when none
                                 can run (an input it cannot get): then only capex_usd and
                                 discount_rate are set below, npv_usd is NaN, no lines */
    double capex_usd;         /* the whole capex, USD, after the levers' premiums */
    double discount_rate;     /* the region's (finance.csv), per year */
    double npv_usd;           /* the private investor's NPV, USD; NaN when it cannot be valued */
    rf_finance_irr_result irr;         /* of the investor's cash flow (irr.kind says if there is one) */
    rf_finance_payback_result payback; /* of the investor's cash flow; years from the decision year */
    double gov_cost_pv_usd;   /* PV of flows.gov_cost_usd at the world's government_discount_rate
                                 (parameters.csv), USD */
    rf_finance_flows flows;   /* the lines, [flows.nyears] each, year 0 = decision year;
                                 point into buf (flows.nyears is 0 when not valued) */
    /* The inputs of the finance core, which rf_finance_flows does not repeat: */
    double *capex_by_year_usd; /* [flows.nyears] capital spent in year t (the lead time) */
    double *opex_usd;          /* [flows.nyears] cash operating cost of year t (inputs at their
                                  expected prices, tranche cost, the recipe's extra cost) */
    int noutputs;              /* outputs of the recipe (w->recipes[recipe].out) */
    double *volume_t;          /* [noutputs * flows.nyears] sales of output k in year t at
                                  [k * nyears + t], t (0 in a year the plant idles) */
    double *price_usd_per_kg;  /* [noutputs * flows.nyears] expected price, same layout, in
                                  every year of its life, also where it idles (0 in the lead
                                  time) */
    /* The rest of the finance core's input as valued, so that a caller can value the same
     * project again at other prices or rates (rf_sim_project_finance): */
    double royalty_rate;       /* of the region, on a mine's sales (0 for plants) */
    double tax_rate;           /* of the region (finance.csv) */
    int depreciation_years;    /* of the region (finance.csv) */
    rf_finance_support support; /* the levers' support and the scenario's floors and offtakes on
                                   the facility; its per-output arrays, when not NULL, point
                                   into buf ([noutputs] each) */
    double *buf;               /* owned: every line above points into it (NULL when not valued) */
} rf_project_value;

/*
 * Value project `project` as if decided at the end of the last year stepped
 * (rf_sim_state_get(s)->year): its terms and support from the levers in
 * force then (capex, lead time, grant, loan, equity, EBITDA guarantee, and
 * the scenario's price floors and offtakes on its facility), its best recipe
 * and its cash flows at the sim's expected prices: adaptive (the weighted
 * price history, without the look-ahead cap the decision rule adds when it
 * commits projects in a round), or reference paths or the previous pass's
 * prices as the scenario's `expectations` say.  Whether the run could or did
 * decide it (earliest decision, a closed plant, a decision on record) is not
 * asked: the caller reads the state for that.  Nothing in the sim changes.
 *
 * s        a sim stepped at least once (rf_sim_step), not failed
 * project  index into the world's projects, 0..nprojects-1
 * out      overwritten (an old buffer is not freed: close it first); owns its
 *          buffer on return, released by rf_project_value_close, also after an
 *          error
 *
 * Returns RF_OK (also for a blocked project or one that cannot be valued:
 * out->blocked, out->recipe and npv_usd say so), RF_EINVAL (no year stepped
 * yet, a failed sim, a project out of range, or support the finance core
 * refuses), RF_ENOMEM, or RF_ENOCONV (the IRR search failed).
 */
rf_status rf_sim_value_project(rf_sim *s, int project, rf_project_value *out, rf_err *err);

/* Release the buffer of `v` and zero it (NULL-safe, idempotent). */
void rf_project_value_close(rf_project_value *v);

/*
 * What `rareflow project` reports: step `s` to the end of `year`, then value
 * `project` there (rf_sim_value_project) and look up the run's own decision.
 *
 * s               a sim not yet stepped past `year`
 * project         index into the world's projects, 0..nprojects-1
 * year            one of the scenario's years
 * out             as for rf_sim_value_project (close it also after an error)
 * decided_by_run  set to the year of the first decision on record for
 *                 `project` at or before `year` (one made before the run
 *                 counts), or 0 when there is none
 *
 * Returns what rf_sim_step and rf_sim_value_project return, or RF_EINVAL when
 * the steps do not stop at `year` (not a year of the run, or already past).
 */
rf_status rf_sim_value_project_at(rf_sim *s, int project, int year, rf_project_value *out, int *decided_by_run,
                                  rf_err *err);

/* ---------- one project's finance at other prices or rates (rareflow finance) ---------- */

/* The prices a project's outputs are valued at. */
typedef enum rf_price_path {
    RF_PRICES_RUN = 0,   /* as the run values it (rf_sim_value_project's expectations) */
    RF_PRICES_REFERENCE, /* the reference path of price_paths.csv for the facility's region, in
                            each year; the run's price for a product without a path */
    RF_PRICES_FLAT       /* a flat price of the NdPr output in every production year; the run's
                            prices for the other outputs */
} rf_price_path;

typedef struct rf_finance_request {
    int has_rate;           /* 1: use `rate`; 0: the region's (finance.csv, v->discount_rate) */
    double rate;            /* per year, a fraction */
    rf_price_path prices;
    double flat_usd_per_kg; /* RF_PRICES_FLAT: the NdPr price, 0..RF_MAX_PRICE_USD_PER_KG */
} rf_finance_request;

/* A project's measures at the prices and rate asked (rf_sim_project_finance).
 * Year t of every line is calendar year v->decided + t, as in the value. */
typedef struct rf_project_finance {
    int nyears, noutputs;      /* as v's */
    int ndpr_output;           /* the output that is NdPr (oxide:NdPr, else metal:NdPr), -1 none:
                                  the output of the flat price and of the break-even floor */
    rf_price_path prices;
    double flat_usd_per_kg;
    double *price_usd_per_kg;  /* [noutputs * nyears] the prices valued, v's layout */
    rf_finance_flows flows;    /* the lines at those prices */
    rf_finance_measures m;     /* NPV, IRR, payback, break-even floor, sensitivities */
    /* The summary lines, [nyears] each, USD, with net = revenue + support - opex - tax
     * - capex in every year (up to rounding): */
    const double *capex_usd;   /* v->capex_by_year_usd (borrowed: v must outlive this) */
    double *opex_usd;          /* cash operating cost and royalty */
    double *support_usd;       /* what the levers put in (> 0) or take out of the investor's
                                  cash: grant + floor top-up - floor upside + EBITDA top-up +
                                  loan draws - interest - principal + the government's equity
                                  share (flows.gov_equity_usd) */
    const double *net_usd;     /* the private investor's cash flow (flows.investor_usd): what
                                  NPV, IRR and payback are of */
    double *buf;               /* owned: the arrays above point into it */
} rf_project_finance;

/*
 * Value project `v` (rf_sim_value_project, valued: not blocked, a recipe) again
 * with the finance core: its own volumes, opex, capex, taxes and support, its
 * outputs at the prices `rq` asks for, its NPV at `rq`'s rate, and the measures
 * of rf_finance_measure with the NdPr output's break-even floor.  The operating
 * plan is v's: a year it idles at the run's prices idles at any price.
 *
 * Returns RF_OK, RF_EINVAL (v not valued, a flat price for a project that makes
 * no NdPr, a rate or price out of range), RF_ENOMEM or RF_ENOCONV.  `out` owns
 * a buffer on return, also after an error: rf_project_finance_close.
 */
rf_status rf_sim_project_finance(const rf_world *w, const rf_project_value *v, const rf_finance_request *rq,
                                 rf_project_finance *out, rf_err *err);

/* Release the buffer of `f` and zero it (NULL-safe, idempotent). */
void rf_project_finance_close(rf_project_finance *f);

void rf_sim_free(rf_sim *s);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_SIM_H */
