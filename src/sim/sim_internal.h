/*
 * sim/sim_internal.h: what the files of the simulation share (internal to
 * src/sim/): the rf_sim object and the functions one file offers another.
 *
 *   sim.c     lifecycle, the year loop, preparing a year's inputs, carrying
 *             the state, the year's tables of capacity, projects and capex
 *   invest.c  expected prices, project valuation and the decision rule
 *   inuse.c   magnets in use, end-of-life scrap, substitution
 */
#ifndef RF_SIM_INTERNAL_H
#define RF_SIM_INTERNAL_H

#include "rareflow/market.h"
#include "rareflow/sim.h"
#include "rareflow/stock.h"

/* Years of price history kept for adaptive expectations (weights: at most 8). */
#define RF_SIM_HISTORY 8

/* What a decision's support costs its governments, year by year of the
 * project (from its decision): grant, loan subsidy, equity, EBITDA top-up. */
typedef struct rf__support {
    int n;                    /* years of the schedules */
    int payer[4], policy[4];  /* region and lever of each, -1 for none */
    double *usd[4];           /* [n] each, owned */
} rf__support;

struct rf_sim {
    const rf_world *w;
    const rf_scenario *sc;
    rf_sim_options opt;
    rf_market *market;        /* the years of the run */
    rf_market *ahead;         /* look-ahead solves of the decisions: their bases stay apart */
    rf_results *res;          /* owned until taken */
    rf_sim_state st;
    /* The years stepped: every year from the earlier of the base year and the
     * first requested year to the last requested one, so that a run asked for
     * 2030 has the decisions of 2024-2029 behind it.  report[i] is the index
     * in sc->years (and res->years) of year yrs[i], or -1 for a year stepped
     * but not reported (its result goes to `scratch`). */
    int *yrs, *report, nyrs;
    rf_year_result scratch;
    int next;                 /* index in yrs of the next year to step */
    rf__support *support;     /* [st.nbuilds] the support of each decision */
    int cap_support;
    int failed;               /* a step failed: the sim can only be freed */
    /* Prices: the last RF_SIM_HISTORY years, latest first, [k][nr * np]; NaN where
     * the region has no such price. */
    double *hist_local, *hist_export;
    int nhist;
    /* Perfect foresight: the prices of every year of the previous pass,
     * [nyrs][nr * np], NaN where none; NULL on the first pass.  `pass_*`
     * collect those of the pass under way. */
    double *seen_local, *seen_export;
    double *pass_local, *pass_export;
    int passes, settled;
    /* Magnets in use: one stock model per (region, sector) whose sector has a
     * lifetime, NULL otherwise; sectors as the distinct sectors of the demand rows. */
    int nsectors;
    const char **sectors;     /* [nsectors] borrowed from the world */
    const rf_lifetime **lifetime; /* [nsectors] the sector's row of lifetimes.csv, NULL when none */
    int *sector_of;           /* [ndemand] index into sectors */
    rf_stock_model **inuse;   /* [nregions * nsectors] */
    int inuse_max_years;      /* years each model can take */
    double *inuse_inflow;     /* [nregions * nsectors] this year's inflow, t of magnet */
    double *eol_t;            /* [nregions * nproducts] scrap offered this year, t */
    /* The short run (shortrun.c); all NULL when the world has no stocks and
     * no sticky families. */
    double *sr_inv_t;         /* [ninventories] each stock now, t */
    double *sr_inv_target;    /* [ninventories] its target, t */
    double *sr_use;           /* [nregions * nproducts] use in the last period, t/yr */
    double *sr_use_year;      /* [nregions * nproducts] use in the last year, t */
    double *sr_price0;        /* [nregions * nproducts] prices of the calibration solve */
    double *sr_arc;           /* [nregions^2 * nproducts] each arc's last flow, t/yr; < 0 no anchor */
    double *sr_qual;          /* [nregions^2 * nproducts] the qualified flow, t/yr */
    double *sr_qual_age;      /* [nregions^2 * nproducts] years since it was last reached */
    double *sr_dem;           /* [nregions] final demand in the last period, t/yr */
};

/* Index of (region, product) in per-node arrays. */
#define RF_NODE(w, r, p) ((size_t)(r) * (size_t)(w)->nproducts + (size_t)(p))

/* ---- sim.c ---- */

/* The share of project p's capacity in its age-th year of production (0: the
 * first), its ramp-up taking `stretch` times as long when stretch > 1 (a
 * technology ban); the decisions and their valuation both use it. */
double rf__sim_ramp(const rf_project *p, int age, double stretch);

/*
 * Prepare the inputs of `year` on top of rf_year_input_init: grown demand
 * less substitution, capacities of the state (every decision at full ramp
 * when `mature`, for look-ahead solves), and the end-of-life scrap the state
 * offers (s->eol_t).
 */
rf_status rf__sim_prepare(rf_sim *s, int year, rf_year_input *in, int mature, rf_err *err);

/* The prices of a solved year (its ordinary products) into per-node arrays
 * local[nr * np] and exp_[nr * np] (the plant gate's), NaN where none. */
void rf__sim_year_prices(const rf_world *w, const rf_year_result *yr, double *local, double *exp_);

/* Append a decision to the state; returns it or NULL on ENOMEM. */
rf_build *rf__sim_add_build(rf_sim *s);

/* Record the support of the decision just added: the terms' payers and
 * levers and the schedules gov[4][n] (copied).  0, or -1 on ENOMEM. */
int rf__sim_add_support(rf_sim *s, const rf_project_terms *t, const double *gov, int n);

/* ---- invest.c ---- */

/*
 * The decisions taken at the end of `year` (a year solved to optimality):
 * every candidate whose NPV at expected prices, with its support, is
 * positive may be committed, the best NPV per dollar of capex first, within
 * the build-rate caps; once the capacity committed since the look-ahead
 * market was solved is big enough to move prices, it is solved again with
 * it and the rest re-valued.  Appends to s->st.builds.
 */
rf_status rf__sim_decide(rf_sim *s, int year, rf_err *err);

/* NPV (USD) of project p decided in `year` at the expected prices of the
 * state into *npv, NaN when it cannot be valued (as the decision rule sees
 * it); for the projects table.  RF_OK, or RF_ENOMEM. */
rf_status rf__sim_project_npv(rf_sim *s, int p, int year, double *npv, rf_err *err);

/* The weighted average of the price history of one node (NaN when it never
 * had a price): the adaptive expectation. */
double rf__sim_adaptive(const rf_sim *s, const double *hist, size_t node);

/* ---- shortrun.c ---- */

/* The world has stocks or sticky families: the short run is on. */
int rf__shortrun_on(const rf_world *w);

/* Set up the carried state from a calibration solve of the base year. */
rf_status rf__shortrun_init(rf_sim *s, rf_err *err);
void rf__shortrun_free(rf_sim *s);

/* Give a period's input its stocks, anchors and widths. */
rf_status rf__shortrun_set(rf_sim *s, rf_year_input *in, rf_err *err);

/* Carry a solved period's stocks, flows and use to the next. */
void rf__shortrun_carry(rf_sim *s, const rf_year_input *in, const rf_year_result *out);

/* At the end of a year: stock targets follow the year's use. */
void rf__shortrun_year_end(rf_sim *s, const rf_year_result *year);

/* ---- periods.c ---- */

/* The year `y` (status and tables empty) from its np periods' results. */
rf_status rf__periods_sum(const rf_world *w, rf_year_result *y, const rf_year_result *per, int np, rf_err *err);

/* ---- inuse.c ---- */

/* Set up the stock models and the 2024 stock from the inflows before it. */
rf_status rf__inuse_init(rf_sim *s, rf_err *err);

/* Add the magnets served in `year` (its result `yr`, NULL for a year with no
 * numbers) to the stocks, collect the end-of-life outflow at the year's
 * collection rates (the data's, raised by the scenario's collection levers)
 * as scrap for the next year (s->eol_t), and move each demand row's
 * substitution towards its target at this year's prices. */
rf_status rf__inuse_update(rf_sim *s, int year, const rf_year_result *yr, rf_err *err);

void rf__inuse_free(rf_sim *s);

#endif
