/*
 * stock.c: the inflow-driven dynamic stock model (see rareflow/stock.h and
 * docs/stock.md for the conventions, which are ODYM's).
 *
 * The lifetime distribution enters only through the survival function sf;
 * everything else follows from the stock balance.  The stock of year t is
 * summed afresh from the cohorts, sum_c inflow[c] * sf[t - c], rather than
 * carried forward from year t - 1, so it never drifts from its cohorts and is
 * never negative; the outflow is then inflow - (stock[t] - stock[t-1]), which
 * makes the balance exact up to the rounding of the flows themselves.  Both
 * the batch and the incremental form sum in the same order (cohort 0 first),
 * so they agree to the last bit.
 *
 * The survival functions are in closed form with C's erfc (libm, no GPL
 * code): the upper normal tail is written with erfc rather than as 1 - Phi so
 * that it keeps its relative accuracy far into the tail.
 */
#include "rareflow/stock.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* 1 / sqrt(2): <math.h> has M_SQRT1_2 only outside strict C11. */
#define RF__SQRT1_2 0.70710678118654752440

struct rf_stock_model {
    int cap;        /* years the model can take */
    int n;          /* years added so far */
    double stock;   /* total stock at the end of year n - 1, same unit as the inflows */
    double *sf;     /* [cap] survival function by age, owned */
    double *inflow; /* [cap] inflow of each year added, [n] in use; in the block of sf */
};

static const char *const dist_names[RF_STOCK_DIST_COUNT] = {"fixed", "normal", "lognormal",
                                                               "weibull", "foldednormal"};

/* ---------- survival functions ---------- */

/*
 * P(X > x) for X normal with mean 0 and standard deviation s >= 0.  s == 0 is
 * the limit of a step (the lognormal's sigma underflows to 0 when sd is below
 * about 1e-154 times the mean): 1 below 0, 0 above it, 1/2 at 0.
 */
static double upper_tail(double x, double s)
{
    if (s == 0.0) return x < 0.0 ? 1.0 : x > 0.0 ? 0.0 : 0.5;
    return 0.5 * erfc(x / s * RF__SQRT1_2);
}

/*
 * The lognormal's own mean m > 0 and standard deviation s > 0 turned into the
 * mu and sigma of the normal of its logarithm: sigma^2 = ln(1 + s^2 / m^2),
 * mu = ln m - sigma^2 / 2, so that exp(mu + sigma^2 / 2) = m and the variance
 * is m^2 (exp(sigma^2) - 1) = s^2.  (ODYM's code divides m^2 by s^2 instead,
 * which keeps the mean but gives a standard deviation of m^2 / s: the two
 * agree only when s = m, the case its tests use; docs/stock.md.)  For a huge
 * ratio r = s / m, r^2 (or r itself) would overflow: ln(1 + r^2) is then
 * 2 ln r to the last bit, taken as 2 (ln s - ln m).
 */
static void lognormal_params(double m, double s, double *mu, double *sigma)
{
    double r = s / m;
    double var = r > 1e150 ? 2.0 * (log(s) - log(m)) : log1p(r * r);
    *sigma = sqrt(var);
    *mu = log(m) - 0.5 * var;
}

/* sf at integer age a >= 0 of a validated distribution with a non-zero mean. */
static double sf_at(const rf_stock_lifetime *lt, double a, double mu, double sigma)
{
    switch (lt->dist) {
    case RF_STOCK_FIXED: return a < lt->mean_yr ? 1.0 : 0.0;
    case RF_STOCK_NORMAL: return upper_tail(a - lt->mean_yr, lt->sd_yr);
    case RF_STOCK_LOGNORMAL: return a <= 0.0 ? 1.0 : upper_tail(log(a) - mu, sigma);
    case RF_STOCK_WEIBULL: return a <= 0.0 ? 1.0 : exp(-pow(a / lt->scale_yr, lt->shape));
    case RF_STOCK_FOLDEDNORMAL:
        /* |Y| > a for Y ~ N(mean, sd): Y above a, or Y below -a (scipy's foldnorm). */
        return a <= 0.0 ? 1.0 : upper_tail(a - lt->mean_yr, lt->sd_yr) + upper_tail(a + lt->mean_yr, lt->sd_yr);
    default: return 0.0;
    }
}

/* sf[0..nages) of a validated distribution. */
static void fill_sf(const rf_stock_lifetime *lt, int nages, double *sf)
{
    /* ODYM's rule: a mean lifetime of 0 leaves nothing in the stock, whatever
     * the distribution would say at age 0 (a normal would keep half). */
    if (lt->dist != RF_STOCK_WEIBULL && lt->mean_yr == 0.0) {
        for (int a = 0; a < nages; a++) sf[a] = 0.0;
        return;
    }
    double mu = 0.0, sigma = 0.0;
    if (lt->dist == RF_STOCK_LOGNORMAL) lognormal_params(lt->mean_yr, lt->sd_yr, &mu, &sigma);
    double prev = 1.0;
    for (int a = 0; a < nages; a++) {
        double v = sf_at(lt, (double)a, mu, sigma);
        /* Each closed form is within [0, 1] and non-increasing in exact
         * arithmetic; the clamp keeps a rounding residue (a folded normal's
         * two tails summing to 1 + 1 ulp) from making an outflow negative. */
        if (v > prev) v = prev;
        if (v < 0.0) v = 0.0;
        sf[a] = prev = v;
    }
}

/* ---------- validation ---------- */

static rf_status check_param(double v, int strict, const char *field, const char *what,
                             rf_stock_dist dist, rf_err *err)
{
    if (!isfinite(v))
        return rf_err_set(err, RF_EINVAL, NULL, 0, field, "the %s of a %s lifetime must be a finite number",
                          what, dist_names[dist]);
    if (strict ? !(v > 0.0) : !(v >= 0.0))
        return rf_err_set(err, RF_EINVAL, NULL, 0, field, "the %s of a %s lifetime must be %s 0, not %g",
                          what, dist_names[dist], strict ? ">" : ">=", v);
    return RF_OK;
}

static rf_status check_years(int n, const char *what, rf_err *err)
{
    if (n < 1 || n > RF_MAX_STOCK_YEARS)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "%s must be within 1..%d (RF_MAX_STOCK_YEARS), not %d",
                          what, RF_MAX_STOCK_YEARS, n);
    return RF_OK;
}

static rf_status check_inflow(double v, int year, rf_err *err)
{
    if (!isfinite(v) || v < 0.0)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "inflow", "the inflow of year %d is %g: it must be finite and >= 0",
                          year, v);
    return RF_OK;
}

/* ---------- public API ---------- */

const char *rf_stock_dist_name(rf_stock_dist dist)
{
    return (unsigned)dist < RF_STOCK_DIST_COUNT ? dist_names[dist] : "unknown";
}

rf_status rf_stock_dist_parse(const char *name, rf_stock_dist *dist, rf_err *err)
{
    for (int d = 0; name && d < RF_STOCK_DIST_COUNT; d++)
        if (strcmp(name, dist_names[d]) == 0) {
            *dist = (rf_stock_dist)d;
            return RF_OK;
        }
    return rf_err_set(err, RF_EINVAL, NULL, 0, "lifetime",
                      "unknown lifetime distribution (fixed, normal, lognormal, weibull or foldednormal)");
}

rf_status rf_stock_lifetime_check(const rf_stock_lifetime *lt, rf_err *err)
{
    if (!lt || (unsigned)lt->dist >= RF_STOCK_DIST_COUNT)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "lifetime", "no lifetime distribution, or an unknown one");
    rf_status st = RF_OK;
    if (lt->dist == RF_STOCK_WEIBULL) {
        st = check_param(lt->shape, 1, "shape", "shape", lt->dist, err);
        if (st == RF_OK) st = check_param(lt->scale_yr, 1, "scale", "scale", lt->dist, err);
        return st;
    }
    st = check_param(lt->mean_yr, 0, "mean", "mean", lt->dist, err);
    if (st == RF_OK && lt->dist != RF_STOCK_FIXED)
        st = check_param(lt->sd_yr, 1, "sd", "standard deviation", lt->dist, err);
    return st;
}

rf_status rf_stock_sf(const rf_stock_lifetime *lt, int nages, double *sf, rf_err *err)
{
    rf_status st = rf_stock_lifetime_check(lt, err);
    if (st == RF_OK) st = check_years(nages, "the number of ages", err);
    if (st == RF_OK) fill_sf(lt, nages, sf);
    return st;
}

rf_status rf_stock_inflow_driven(const rf_stock_lifetime *lt, const double *inflow, int n, double *stock,
                                 double *outflow, double *stock_by_cohort, rf_err *err)
{
    rf_status st = rf_stock_lifetime_check(lt, err);
    if (st == RF_OK) st = check_years(n, "the number of years", err);
    for (int t = 0; st == RF_OK && t < n; t++) st = check_inflow(inflow[t], t, err);
    if (st != RF_OK) return st;
    /* The survival function is parked in `outflow`, which is only written
     * once every stock is known: the batch form needs no scratch memory. */
    const double *sf = outflow;
    fill_sf(lt, n, outflow);
    for (int t = 0; t < n; t++) {
        double s = 0.0;
        double *row = stock_by_cohort ? stock_by_cohort + (size_t)t * (size_t)n : NULL;
        for (int c = 0; c <= t; c++) {
            double v = inflow[c] * sf[t - c];
            s += v;
            if (row) row[c] = v;
        }
        for (int c = t + 1; row && c < n; c++) row[c] = 0.0;
        stock[t] = s;
    }
    for (int t = 0; t < n; t++) outflow[t] = inflow[t] - (stock[t] - (t > 0 ? stock[t - 1] : 0.0));
    return RF_OK;
}

rf_stock_model *rf_stock_model_new(const rf_stock_lifetime *lt, int max_years, rf_err *err)
{
    if (rf_stock_lifetime_check(lt, err) != RF_OK || check_years(max_years, "the number of years", err) != RF_OK)
        return NULL;
    rf_stock_model *m = malloc(sizeof *m);
    double *block = malloc(2 * (size_t)max_years * sizeof *block);
    if (!m || !block) {
        free(m);
        free(block);
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "no memory for a stock model of %d years", max_years);
        return NULL;
    }
    m->cap = max_years;
    m->sf = block;
    m->inflow = block + max_years;
    fill_sf(lt, max_years, m->sf);
    rf_stock_model_reset(m);
    return m;
}

void rf_stock_model_free(rf_stock_model *m)
{
    if (!m) return;
    free(m->sf);
    free(m);
}

void rf_stock_model_reset(rf_stock_model *m)
{
    m->n = 0;
    m->stock = 0.0;
}

rf_status rf_stock_model_add(rf_stock_model *m, double inflow, double *stock, double *outflow, rf_err *err)
{
    if (m->n >= m->cap)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "inflow", "the stock model was made for %d years", m->cap);
    rf_status st = check_inflow(inflow, m->n, err);
    if (st != RF_OK) return st;
    int t = m->n;
    m->inflow[t] = inflow;
    double s = 0.0;
    for (int c = 0; c <= t; c++) s += m->inflow[c] * m->sf[t - c];
    double out = inflow - (s - m->stock);
    m->stock = s;
    m->n = t + 1;
    if (stock) *stock = s;
    if (outflow) *outflow = out;
    return RF_OK;
}

int rf_stock_model_years(const rf_stock_model *m)
{
    return m->n;
}

double rf_stock_model_stock(const rf_stock_model *m)
{
    return m->stock;
}

void rf_stock_model_cohorts(const rf_stock_model *m, double *by_cohort)
{
    for (int c = 0; c < m->n; c++) by_cohort[c] = m->inflow[c] * m->sf[m->n - 1 - c];
}
