/*
 * rareflow/stock.h: the inflow-driven dynamic stock model (issue 9, section 6).
 *
 * Goods enter a stock in use (magnets in cars, turbines, drives) and leave it
 * when they reach the end of their life.  Each year's inflow is a cohort; a
 * lifetime distribution says which share of a cohort is still in use at each
 * age, its survival function sf[age].  Given the inflows, the stock of each
 * cohort is its inflow times sf at its age, the total stock is their sum, and
 * the outflow is what the stock balance leaves:
 *
 *     outflow[t] = inflow[t] - (stock[t] - stock[t-1]),   stock[-1] = 0.
 *
 * The conventions are ODYM's (Pauliuk & Heeren, "ODYM: An open software
 * framework for studying dynamic material systems", J. Ind. Ecol. 24, 2020,
 * its DynamicStockModel), so that numbers can be compared with studies made
 * with it (docs/stock.md):
 *   - ages are integers from 0; a cohort is age 0 at the end of its own year,
 *     and sf is the distribution's survival function evaluated at 0, 1, 2, ...;
 *   - the normal distribution is not truncated: the share below age 0 leaves
 *     in the inflow's own year (sf[0] < 1);
 *   - Weibull survival is 1 at age 0;
 *   - a mean lifetime of 0 means nothing survives: the whole inflow leaves in
 *     its year (fixed, normal, lognormal and folded normal);
 *   - the lognormal is given by its own mean and standard deviation (not by
 *     those of the underlying normal), and the folded normal by the mean and
 *     standard deviation of the normal before folding (scipy's foldnorm with
 *     c = mean / sd, scale = sd);
 *   - a fixed lifetime L keeps a cohort while its age is < L.
 *
 * Typical sizes: the simulation keeps one model per sector and region (about
 * 8 x 20) over 17-40 years; an analyst's series is at most RF_MAX_STOCK_YEARS
 * long.  Computing year t costs t multiply-adds; nothing allocates after a
 * model is made.  No state is global: two models may be used on two threads.
 */
#ifndef RAREFLOW_STOCK_H
#define RAREFLOW_STOCK_H

#include "rareflow/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest inflow series, in years: far beyond any horizon (2000-2100) or
 * historical reconstruction, short enough that a series costs at most
 * 1,000^2 / 2 multiply-adds. */
#define RF_MAX_STOCK_YEARS 1000

/*
 * The lifetime distributions, in the order of the world's rf_lifetime_dist
 * (rareflow/world.h: the lifetimes.csv record of a sector), so that one
 * converts to the other by a cast.
 */
typedef enum rf_stock_dist {
    RF_STOCK_FIXED = 0,     /* every unit lasts mean_yr years */
    RF_STOCK_NORMAL,        /* mean_yr, sd_yr; not truncated at 0 */
    RF_STOCK_LOGNORMAL,     /* mean_yr, sd_yr of the lognormal itself */
    RF_STOCK_WEIBULL,       /* shape, scale_yr */
    RF_STOCK_FOLDEDNORMAL,  /* mean_yr, sd_yr of the normal before folding */
    RF_STOCK_DIST_COUNT
} rf_stock_dist;

/*
 * A lifetime distribution.  Only the fields of its kind are read: mean_yr
 * (fixed, normal, lognormal, folded normal), sd_yr (normal, lognormal, folded
 * normal), shape and scale_yr (Weibull).  rf_stock_lifetime_check says what
 * is valid.
 */
typedef struct rf_stock_lifetime {
    rf_stock_dist dist;
    double mean_yr;   /* mean lifetime, years (the lifetime itself when fixed); >= 0 */
    double sd_yr;     /* standard deviation, years; > 0 */
    double shape;     /* Weibull shape k, dimensionless; > 0 */
    double scale_yr;  /* Weibull scale lambda, years; > 0 */
} rf_stock_lifetime;

/* The name of a distribution as the CLI and lifetimes.csv spell it: "fixed",
 * "normal", "lognormal", "weibull", "foldednormal" ("unknown" out of range). */
const char *rf_stock_dist_name(rf_stock_dist dist);

/*
 * The distribution named `name` (one of the names above, exactly) in *dist.
 * Returns RF_OK, or RF_EINVAL (field "lifetime") naming the five.
 * `err` may be NULL.
 */
rf_status rf_stock_dist_parse(const char *name, rf_stock_dist *dist, rf_err *err);

/*
 * Validate `lt`: a known distribution; the parameters it uses finite;
 * mean_yr >= 0, sd_yr > 0, shape > 0, scale_yr > 0.  Parameters it does not
 * use are not looked at.  Returns RF_OK or RF_EINVAL with the field ("mean", "sd",
 * "shape", "scale" or "lifetime") and the value in the message.
 */
rf_status rf_stock_lifetime_check(const rf_stock_lifetime *lt, rf_err *err);

/*
 * The survival function: sf[a] = the share of a cohort still in the stock at
 * age a (at the end of its (a+1)-th year), for a = 0..nages-1.  Every value
 * is within [0, 1] and sf never increases with age.
 *
 *   lt     the distribution (validated here)
 *   nages  ages wanted, 1..RF_MAX_STOCK_YEARS
 *   sf     [nages] caller-owned, written
 *
 * Returns RF_OK, or RF_EINVAL for a bad distribution or nages (sf untouched).
 */
rf_status rf_stock_sf(const rf_stock_lifetime *lt, int nages, double *sf, rf_err *err);

/*
 * The inflow-driven model over a whole series, in caller-owned arrays (no
 * allocation).  Year indices run 0..n-1.
 *
 *   lt               the lifetime distribution (validated here)
 *   inflow           [n] what enters the stock each year, any unit of mass or
 *                    count; finite and >= 0
 *   n                years, 1..RF_MAX_STOCK_YEARS
 *   stock            [n] written: the total stock at the end of each year
 *   outflow          [n] written: what leaves each year, inflow - change in
 *                    stock (so the balance holds to rounding; an outflow
 *                    that is 0 in exact arithmetic may come out as a
 *                    rounding residue of either sign, which is not clamped:
 *                    clamping would break the balance)
 *   stock_by_cohort  [n * n] or NULL; when given, written row by row:
 *                    stock_by_cohort[t * n + c] is the stock of cohort c at
 *                    the end of year t (0 for c > t)
 *
 * Returns RF_OK, or RF_EINVAL for a bad distribution, n, or an inflow that
 * is negative or not finite (field "inflow", its index in the message); the
 * output arrays are then unspecified.
 */
rf_status rf_stock_inflow_driven(const rf_stock_lifetime *lt, const double *inflow, int n, double *stock,
                                 double *outflow, double *stock_by_cohort, rf_err *err);

/*
 * The incremental form: a model that is fed one year's inflow at a time and
 * returns that year's stock and outflow, as the simulation needs it.  It
 * keeps the survival function (computed once) and the inflows so far, so
 * adding year t costs t multiply-adds and allocates nothing; the numbers are
 * exactly those of rf_stock_inflow_driven over the same inflows.
 */
typedef struct rf_stock_model rf_stock_model;

/*
 * A model with no year yet, for up to `max_years` years (1..RF_MAX_STOCK_YEARS).
 * Returns the model, owned (release it with rf_stock_model_free), or NULL
 * with RF_EINVAL (bad distribution or max_years) or RF_ENOMEM in *err.
 */
rf_stock_model *rf_stock_model_new(const rf_stock_lifetime *lt, int max_years, rf_err *err);

/* Release a model (NULL-safe). */
void rf_stock_model_free(rf_stock_model *m);

/* Forget every year added: the model is as rf_stock_model_new left it. */
void rf_stock_model_reset(rf_stock_model *m);

/*
 * Add the next year's inflow (finite, >= 0) and get that year's total stock
 * at its end and its outflow (either pointer may be NULL).  Returns RF_OK;
 * RF_EINVAL, with the model unchanged, for a bad inflow or when max_years
 * years were already added.
 */
rf_status rf_stock_model_add(rf_stock_model *m, double inflow, double *stock, double *outflow,
                             rf_err *err);

/* Years added so far (the index the next rf_stock_model_add gets). */
int rf_stock_model_years(const rf_stock_model *m);

/* The total stock at the end of the last year added (0 before the first). */
double rf_stock_model_stock(const rf_stock_model *m);

/*
 * The stock of each cohort at the end of the last year added:
 * by_cohort[c] for c = 0..rf_stock_model_years(m)-1, caller-owned, written.
 */
void rf_stock_model_cohorts(const rf_stock_model *m, double *by_cohort);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_STOCK_H */
