/*
 * dist.c: quantile functions, CDFs and checks of the scenario's distributions
 * (rf_dist, rareflow/scenario.h; rareflow/mc.h).
 *
 * Every draw goes through the quantile function, never through a rejection
 * or Box-Muller sampler: one uniform per input per draw keeps the counter
 * layout one-to-one with (draw, input), makes Latin hypercube strata strata of
 * probability, and makes truncation exact without rejection loops (whose
 * number of trials would depend on the values drawn).
 *
 * The normal quantile is Acklam's rational approximation (relative error
 * below 1.15e-9) with one Halley step on Phi(x) - p, Phi from libm's erfc,
 * which brings it to the accuracy of erfc itself.  Only the lower half is
 * computed: for p > 1/2 the quantile is -z(1 - p), 1 - p being exact there,
 * so the refinement never subtracts two numbers close to 1.
 */
#include "rareflow/mc.h"

#include <float.h>
#include <math.h>

/* <math.h> has M_SQRT1_2 and M_PI only outside strict C11. */
#define RF__SQRT1_2 0.70710678118654752440
#define RF__SQRT_2PI 2.50662827463100050242

/* ---------- the standard normal ---------- */

static double std_normal_cdf(double z)
{
    return 0.5 * erfc(-z * RF__SQRT1_2);
}

/* Acklam's algorithm for p in (0, 1/2], refined by one Halley step. */
static double std_normal_quantile_lower(double p)
{
    static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                6.680131188771972e+01,  -1.328068155288572e+01};
    static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                3.754408661907416e+00};
    const double p_low = 0.02425;
    double x;
    if (p < p_low) { /* the tail, in q = sqrt(-2 ln p) */
        double q = sqrt(-2.0 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else { /* the central region, in r = (p - 1/2)^2 */
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    /* Halley: e = Phi(x) - p, u = e / phi(x), x -= u / (1 + x u / 2).  In the
     * far tail exp(x^2/2) overflows only for p below ~1e-308, where e is 0. */
    double e = std_normal_cdf(x) - p;
    if (e != 0.0) {
        double u = e * RF__SQRT_2PI * exp(0.5 * x * x);
        x = x - u / (1.0 + 0.5 * x * u);
    }
    return x;
}

static double std_normal_quantile(double p)
{
    if (p <= 0.5) return std_normal_quantile_lower(p);
    return -std_normal_quantile_lower(1.0 - p);
}

/* ---------- the laws without truncation ---------- */

/* sigma and mu of the log of a lognormal with mean m > 0 and sd s. */
static void lognormal_params(double m, double s, double *mu, double *sigma)
{
    double v = log1p((s / m) * (s / m));
    *sigma = sqrt(v);
    *mu = log(m) - 0.5 * v;
}

/* The law puts all its mass on one value (sd 0, lo == hi, one discrete value
 * with probability 1 is handled as discrete).  *at is that value. */
static int is_point(const rf_dist *d, double *at)
{
    switch (d->kind) {
    case RF_DIST_NORMAL:
    case RF_DIST_LOGNORMAL:
        *at = d->mean;
        return d->sd == 0.0;
    case RF_DIST_UNIFORM:
    case RF_DIST_TRIANGULAR:
        *at = d->lo;
        return d->lo == d->hi;
    default:
        return 0;
    }
}

/* The order of the discrete values, increasing (ties keep their list order),
 * into idx[nvalues]: a quantile function needs the values sorted and the
 * scenario need not list them so.  Insertion sort: at most 16 values. */
static void discrete_order(const rf_dist *d, int *idx)
{
    for (int i = 0; i < d->nvalues; i++) {
        int j = i;
        while (j > 0 && d->values[idx[j - 1]] > d->values[i]) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
}

/* P(X <= x) (strict == 0) or P(X < x) (strict != 0) of the discrete law. */
static double discrete_cdf(const rf_dist *d, double x, int strict)
{
    int idx[RF_DIST_MAX_VALUES];
    discrete_order(d, idx);
    double cum = 0.0;
    for (int i = 0; i < d->nvalues; i++) {
        double v = d->values[idx[i]];
        if (strict ? v >= x : v > x) break;
        cum += d->probs[idx[i]];
    }
    return cum > 1.0 ? 1.0 : cum;
}

/* F(x) of a continuous law that is not a point. */
static double cont_cdf(const rf_dist *d, double x)
{
    switch (d->kind) {
    case RF_DIST_NORMAL:
        return std_normal_cdf((x - d->mean) / d->sd);
    case RF_DIST_LOGNORMAL: {
        if (x <= 0.0) return 0.0;
        double mu, sigma;
        lognormal_params(d->mean, d->sd, &mu, &sigma);
        return std_normal_cdf((log(x) - mu) / sigma);
    }
    case RF_DIST_UNIFORM:
        if (x <= d->lo) return 0.0;
        if (x >= d->hi) return 1.0;
        return (x - d->lo) / (d->hi - d->lo);
    case RF_DIST_TRIANGULAR: {
        double lo = d->lo, hi = d->hi, m = d->mode;
        if (x <= lo) return 0.0;
        if (x >= hi) return 1.0;
        if (x <= m) return (x - lo) * (x - lo) / ((hi - lo) * (m - lo));
        return 1.0 - (hi - x) * (hi - x) / ((hi - lo) * (hi - m));
    }
    default:
        return NAN;
    }
}

/* The quantile of a continuous law that is not a point, u in (0, 1). */
static double cont_quantile(const rf_dist *d, double u)
{
    switch (d->kind) {
    case RF_DIST_NORMAL:
        return d->mean + d->sd * std_normal_quantile(u);
    case RF_DIST_LOGNORMAL: {
        double mu, sigma;
        lognormal_params(d->mean, d->sd, &mu, &sigma);
        return exp(mu + sigma * std_normal_quantile(u));
    }
    case RF_DIST_UNIFORM:
        return d->lo + u * (d->hi - d->lo);
    case RF_DIST_TRIANGULAR: {
        double lo = d->lo, hi = d->hi, m = d->mode;
        double fm = (m - lo) / (hi - lo); /* F(mode) */
        if (u <= fm) return lo + sqrt(u * (hi - lo) * (m - lo));
        return hi - sqrt((1.0 - u) * (hi - lo) * (hi - m));
    }
    default:
        return NAN;
    }
}

/* F(x) of the untruncated law, or its left limit P(X < x) (which differs only
 * at an atom: a point law or a discrete value). */
static double base_cdf(const rf_dist *d, double x, int strict)
{
    double at;
    if (isnan(x)) return NAN;
    if (d->kind == RF_DIST_DISCRETE) return discrete_cdf(d, x, strict);
    if (is_point(d, &at)) return (strict ? at < x : at <= x) ? 1.0 : 0.0;
    return cont_cdf(d, x);
}

/* The discrete law restricted to [tlo, thi] (the whole law when not
 * truncated), values in increasing order: *mass is the interval's probability
 * (exactly 1 when not truncated, so the untruncated law is not renormalised by
 * a rounded sum).  Returns the number of values kept in v[] and cum[], cum[i]
 * = P(X <= v[i] | interval).  The CDF and the quantile both read this table,
 * so quantile(cdf(v)) == v exactly for every value v. */
static int discrete_table(const rf_dist *d, double *v, double *cum)
{
    int idx[RF_DIST_MAX_VALUES], n = 0;
    discrete_order(d, idx);
    double tlo = d->truncated ? d->tlo : -HUGE_VAL, thi = d->truncated ? d->thi : HUGE_VAL;
    double mass = 0.0, run = 0.0;
    for (int i = 0; i < d->nvalues; i++) {
        double x = d->values[idx[i]], p = d->probs[idx[i]];
        if (x >= tlo && x <= thi && p > 0.0) mass += p;
    }
    if (!d->truncated) mass = 1.0;
    for (int i = 0; i < d->nvalues; i++) {
        double x = d->values[idx[i]], p = d->probs[idx[i]];
        if (x < tlo || x > thi || p <= 0.0) continue;
        run += p;
        v[n] = x;
        cum[n] = run / mass > 1.0 ? 1.0 : run / mass;
        n++;
    }
    if (n > 0) cum[n - 1] = 1.0; /* the last value takes what rounding left over */
    return n;
}

/* The smallest value whose cumulative probability reaches u. */
static double discrete_quantile(const rf_dist *d, double u)
{
    double v[RF_DIST_MAX_VALUES], cum[RF_DIST_MAX_VALUES];
    int n = discrete_table(d, v, cum);
    if (n == 0) return NAN; /* rf_dist_check refuses this */
    for (int i = 0; i < n; i++)
        if (u <= cum[i]) return v[i];
    return v[n - 1];
}

/* ---------- public ---------- */

double rf_dist_cdf(const rf_dist *d, double x)
{
    if (d->kind == RF_DIST_DISCRETE && !isnan(x)) {
        double v[RF_DIST_MAX_VALUES], cum[RF_DIST_MAX_VALUES], f = 0.0;
        int n = discrete_table(d, v, cum);
        for (int i = 0; i < n && v[i] <= x; i++) f = cum[i];
        return f;
    }
    if (!d->truncated) return base_cdf(d, x, 0);
    if (x < d->tlo) return 0.0;
    if (x >= d->thi) return 1.0;
    double lo = base_cdf(d, d->tlo, 1), hi = base_cdf(d, d->thi, 0);
    double f = (base_cdf(d, x, 0) - lo) / (hi - lo);
    return f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
}

double rf_dist_quantile(const rf_dist *d, double u)
{
    double at;
    if (!(u > 0.0 && u < 1.0)) return NAN;
    if (d->kind == RF_DIST_DISCRETE) return discrete_quantile(d, u);
    if (is_point(d, &at)) return at; /* rf_dist_check has put it inside [tlo, thi] */
    if (!d->truncated) return cont_quantile(d, u);
    double flo = cont_cdf(d, d->tlo), fhi = cont_cdf(d, d->thi);
    double v = flo + u * (fhi - flo);
    /* Rounding may put v on 0 or 1 (a quantile of +-inf) when the interval
     * lies in a far tail; the clamp below then brings x back inside. */
    if (v <= 0.0) v = DBL_MIN;
    if (v >= 1.0) v = nextafter(1.0, 0.0);
    double x = cont_quantile(d, v);
    if (x < d->tlo) x = d->tlo;
    if (x > d->thi) x = d->thi;
    return x;
}

double rf_dist_mean(const rf_dist *d)
{
    switch (d->kind) {
    case RF_DIST_NORMAL:
    case RF_DIST_LOGNORMAL:
        return d->mean;
    case RF_DIST_UNIFORM:
        return 0.5 * (d->lo + d->hi);
    case RF_DIST_TRIANGULAR:
        return (d->lo + d->mode + d->hi) / 3.0;
    case RF_DIST_DISCRETE: {
        double m = 0.0;
        for (int i = 0; i < d->nvalues; i++) m += d->probs[i] * d->values[i];
        return m;
    }
    default:
        return NAN;
    }
}

double rf_dist_sd(const rf_dist *d)
{
    switch (d->kind) {
    case RF_DIST_NORMAL:
    case RF_DIST_LOGNORMAL:
        return d->sd;
    case RF_DIST_UNIFORM:
        return (d->hi - d->lo) / sqrt(12.0);
    case RF_DIST_TRIANGULAR: {
        double a = d->lo, b = d->hi, c = d->mode;
        return sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0);
    }
    case RF_DIST_DISCRETE: {
        double m = rf_dist_mean(d), v = 0.0;
        for (int i = 0; i < d->nvalues; i++) v += d->probs[i] * (d->values[i] - m) * (d->values[i] - m);
        return sqrt(v);
    }
    default:
        return NAN;
    }
}

#define BAD(...) rf_err_set(err, RF_EINVAL, NULL, 0, "distribution", __VA_ARGS__)

rf_status rf_dist_check(const rf_dist *d, rf_err *err)
{
    switch (d->kind) {
    case RF_DIST_NORMAL:
    case RF_DIST_LOGNORMAL: {
        const char *name = d->kind == RF_DIST_NORMAL ? "normal" : "lognormal";
        if (!isfinite(d->mean)) return BAD("%s: mean must be a finite number", name);
        if (!isfinite(d->sd) || d->sd < 0.0) return BAD("%s: sd must be a number >= 0 (is %g)", name, d->sd);
        if (d->kind == RF_DIST_LOGNORMAL && !(d->mean > 0.0))
            return BAD("lognormal: mean must be > 0 (is %g)", d->mean);
        break;
    }
    case RF_DIST_UNIFORM:
        if (!isfinite(d->lo) || !isfinite(d->hi)) return BAD("uniform: lo and hi must be finite numbers");
        if (d->lo > d->hi) return BAD("uniform: lo (%g) must be <= hi (%g)", d->lo, d->hi);
        break;
    case RF_DIST_TRIANGULAR:
        if (!isfinite(d->lo) || !isfinite(d->hi) || !isfinite(d->mode))
            return BAD("triangular: lo, mode and hi must be finite numbers");
        if (!(d->lo <= d->mode && d->mode <= d->hi))
            return BAD("triangular: needs lo <= mode <= hi (is %g, %g, %g)", d->lo, d->mode, d->hi);
        break;
    case RF_DIST_DISCRETE: {
        if (d->nvalues < 1 || d->nvalues > RF_DIST_MAX_VALUES)
            return BAD("discrete: needs 1 to %d values (has %d)", RF_DIST_MAX_VALUES, d->nvalues);
        double sum = 0.0;
        for (int i = 0; i < d->nvalues; i++) {
            if (!isfinite(d->values[i])) return BAD("discrete: value %d is not a finite number", i + 1);
            if (!isfinite(d->probs[i]) || d->probs[i] < 0.0)
                return BAD("discrete: probability %d must be a number >= 0 (is %g)", i + 1, d->probs[i]);
            sum += d->probs[i];
        }
        if (fabs(sum - 1.0) > 1e-9) return BAD("discrete: probabilities sum to %.12g, not 1", sum);
        break;
    }
    default:
        return BAD("unknown distribution kind %d", (int)d->kind);
    }
    if (d->truncated) {
        if (isnan(d->tlo) || isnan(d->thi)) return BAD("truncation bounds must be numbers");
        if (d->tlo > d->thi) return BAD("truncation: lower bound %g above upper bound %g", d->tlo, d->thi);
        double at;
        int point = d->kind != RF_DIST_DISCRETE && is_point(d, &at);
        if (point ? !(at >= d->tlo && at <= d->thi) : !(base_cdf(d, d->thi, 0) - base_cdf(d, d->tlo, 1) > 0.0))
            return BAD("truncation to [%g, %g] leaves no probability", d->tlo, d->thi);
    }
    return RF_OK;
}
