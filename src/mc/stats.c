/*
 * stats.c: percentiles and Spearman's rank correlation of Monte Carlo draws
 * (rareflow/mc.h, docs/uncertainty.md).
 *
 * The same draws must give the same bits on one process or many, so nothing
 * here depends on the order qsort leaves equal elements in: the comparison is
 * a total order on doubles (-0 before +0, NaNs last), so equal keys are equal
 * bit patterns and any sorted order of them is the same array; and the ranks
 * of ties are averaged, so which of two tied elements qsort puts first does
 * not change a rank.
 */
#include "rareflow/mc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A total order on doubles: numbers by value, -0 before +0, NaNs last. */
static int cmp_total(double a, double b)
{
    int na = isnan(a), nb = isnan(b);
    if (na || nb) return na - nb;
    if (a < b) return -1;
    if (a > b) return 1;
    return (signbit(b) != 0) - (signbit(a) != 0); /* -0 (signbit set) first */
}

static int cmp_double(const void *pa, const void *pb)
{
    return cmp_total(*(const double *)pa, *(const double *)pb);
}

/* Type 7 on sorted s[n], p in [0, 100]. */
static double percentile_sorted(const double *s, int n, double p)
{
    double h = (n - 1) * (p / 100.0);
    int lo = (int)floor(h);
    if (lo >= n - 1) return s[n - 1];
    double f = h - lo;
    /* s[lo] + f (s[lo+1] - s[lo]) is exact at f = 0 and keeps equal
     * neighbours equal (a tie never yields a value between them). */
    return f == 0.0 ? s[lo] : s[lo] + f * (s[lo + 1] - s[lo]);
}

double rf_mc_percentile(double *x, int n, double p)
{
    if (n <= 0 || !(p >= 0.0 && p <= 100.0)) return NAN;
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    return percentile_sorted(x, n, p);
}

rf_status rf_mc_summary(const double *x, int n, double out[6], rf_err *err)
{
    static const double ps[5] = {5.0, 25.0, 50.0, 75.0, 95.0};
    for (int i = 0; i < RF_MC_NSUMMARY; i++) out[i] = NAN;
    if (n <= 0) return RF_OK;
    double *s = malloc((size_t)n * sizeof *s);
    if (!s) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "a copy of %d draws", n);
    memcpy(s, x, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    for (int i = 0; i < 5; i++) out[i] = percentile_sorted(s, n, ps[i]);
    free(s);
    double sum = 0.0;
    for (int i = 0; i < n; i++) sum += x[i];
    out[RF_MC_MEAN] = sum / n;
    return RF_OK;
}

/* A value with its position, so that ranks can be written back in place. */
typedef struct keyed {
    double v;
    int i;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = cmp_total(a->v, b->v);
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* Whether v is a tie of the run that starts at `first` (sorted, v >= first):
 * equal, or within RF_MC_TIE_REL x max(1, |first|) of it.  An output the
 * LP gives as 1 in one draw and 1 - 1e-12 in another is the same number to
 * the solver's tolerance; ranked apart, which of such draws comes first is
 * solver noise, and it moved a rank correlation by 0.01 between two builds
 * that give the same percentiles.  Measured from the run's first value, not
 * the last, so a run cannot creep. */
static int tied(double first, double v)
{
    if (cmp_total(v, first) == 0) return 1;
    return isfinite(first) && isfinite(v) && v - first <= RF_MC_TIE_REL * fmax(1.0, fabs(first));
}

/* rank[i] of x[i], 1-based, ties averaged: a run of tied values (tied()) at
 * sorted positions a..b (0-based) all get (a + b) / 2 + 1.  `work` holds n keyed. */
static void ranks(const double *x, int n, keyed *work, double *rank)
{
    for (int i = 0; i < n; i++) {
        work[i].v = x[i];
        work[i].i = i;
    }
    qsort(work, (size_t)n, sizeof *work, cmp_keyed);
    for (int a = 0; a < n;) {
        int b = a;
        while (b + 1 < n && tied(work[a].v, work[b + 1].v)) b++;
        double r = 0.5 * (a + b) + 1.0;
        for (int k = a; k <= b; k++) rank[work[k].i] = r;
        a = b + 1;
    }
}

double rf_mc_spearman(const double *x, const double *y, int n)
{
    if (n < 3) return NAN;
    keyed *work = malloc((size_t)n * sizeof *work);
    double *rx = malloc((size_t)n * sizeof *rx), *ry = malloc((size_t)n * sizeof *ry);
    double rho = NAN;
    if (work && rx && ry) {
        ranks(x, n, work, rx);
        ranks(y, n, work, ry);
        /* Both rank sets have mean (n + 1) / 2 exactly (ties averaged keep the
         * sum), so the centring needs no pass of its own. */
        double m = 0.5 * (n + 1.0), sxy = 0.0, sxx = 0.0, syy = 0.0;
        for (int i = 0; i < n; i++) {
            double dx = rx[i] - m, dy = ry[i] - m;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx > 0.0 && syy > 0.0) rho = sxy / sqrt(sxx * syy);
    }
    free(work);
    free(rx);
    free(ry);
    return rho;
}
