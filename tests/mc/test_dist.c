/*
 * test_dist.c: the quantile functions, CDFs and checks of the scenario's
 * distributions (rf_dist through rareflow/mc.h): the normal quantile against
 * reference values, sample means and sds of 100,000 draws within 1% of the
 * stated ones, truncation (bounds and the closed-form truncated mean),
 * quantile/CDF round trips, monotonicity, and the parameter checks.
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/mc.h"
#include "rf_test.h"

#define NDRAWS 100000

static rf_dist normal(double mean, double sd)
{
    rf_dist d;
    memset(&d, 0, sizeof d);
    d.kind = RF_DIST_NORMAL;
    d.mean = mean;
    d.sd = sd;
    return d;
}

static rf_dist lognormal(double mean, double sd)
{
    rf_dist d = normal(mean, sd);
    d.kind = RF_DIST_LOGNORMAL;
    return d;
}

static rf_dist uniform(double lo, double hi)
{
    rf_dist d;
    memset(&d, 0, sizeof d);
    d.kind = RF_DIST_UNIFORM;
    d.lo = lo;
    d.hi = hi;
    return d;
}

static rf_dist triangular(double lo, double mode, double hi)
{
    rf_dist d = uniform(lo, hi);
    d.kind = RF_DIST_TRIANGULAR;
    d.mode = mode;
    return d;
}

/* {1: 0.2, 2: 0.5, 5: 0.3}, listed out of order on purpose: the quantile
 * takes the values in increasing order whatever the list's. */
static rf_dist discrete125(void)
{
    rf_dist d;
    memset(&d, 0, sizeof d);
    d.kind = RF_DIST_DISCRETE;
    d.nvalues = 3;
    d.values[0] = 5;
    d.probs[0] = 0.3;
    d.values[1] = 1;
    d.probs[1] = 0.2;
    d.values[2] = 2;
    d.probs[2] = 0.5;
    return d;
}

static rf_dist trunc_to(rf_dist d, double tlo, double thi)
{
    d.truncated = 1;
    d.tlo = tlo;
    d.thi = thi;
    return d;
}

/* Sample mean and sd (two passes) of NDRAWS draws of d with plain random u. */
static void sample_moments(const rf_dist *d, uint64_t seed, double *mean, double *sd, double *min,
                           double *max)
{
    static double x[NDRAWS];
    double sum = 0.0, ss = 0.0;
    *min = HUGE_VAL;
    *max = -HUGE_VAL;
    for (int i = 0; i < NDRAWS; i++) {
        x[i] = rf_dist_quantile(d, rf_rng_uniform(seed, (uint64_t)i, 0, 0));
        sum += x[i];
        if (x[i] < *min) *min = x[i];
        if (x[i] > *max) *max = x[i];
    }
    *mean = sum / NDRAWS;
    for (int i = 0; i < NDRAWS; i++) ss += (x[i] - *mean) * (x[i] - *mean);
    *sd = sqrt(ss / (NDRAWS - 1));
}

/* ---------- the normal quantile ---------- */

/* Reference values from Python's statistics.NormalDist().inv_cdf (Wichura's
 * AS241, an algorithm independent of ours):
 *     python3 -c "from statistics import NormalDist as N; print(repr(N().inv_cdf(0.975)))" */
static void test_normal_quantile_reference(void **state)
{
    (void)state;
    static const double cases[][2] = {
        {0.975, 1.9599639845400536},   {0.025, -1.9599639845400538}, {0.95, 1.6448536269514715},
        {0.05, -1.6448536269514726},   {0.3, -0.5244005127080407},   {0.7, 0.5244005127080407},
        {0.01, -2.3263478740408408},   {1e-10, -6.361340902404056},  {1e-300, -37.0470962993612},
        {0.5, 0.0},
    };
    rf_dist d = normal(0, 1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        RF_ASSERT_NEAR(rf_dist_quantile(&d, cases[i][0]), cases[i][1], 1e-15, 1e-14);
    /* symmetric by construction (0.25 and 0.75: 1 - u exact in binary) */
    assert_true(rf_dist_quantile(&d, 0.25) == -rf_dist_quantile(&d, 0.75));
    /* u outside (0, 1) is refused */
    assert_true(isnan(rf_dist_quantile(&d, 0.0)));
    assert_true(isnan(rf_dist_quantile(&d, 1.0)));
    assert_true(isnan(rf_dist_quantile(&d, NAN)));
}

/* ---------- sample moments, 100,000 draws, within 1% ---------- */

static void check_moments(const rf_dist *d, double want_mean, double want_sd, uint64_t seed)
{
    double mean, sd, min, max;
    assert_int_equal(rf_dist_check(d, NULL), RF_OK);
    RF_ASSERT_NEAR(rf_dist_mean(d), want_mean, 0, 1e-12);
    RF_ASSERT_NEAR(rf_dist_sd(d), want_sd, 0, 1e-12);
    sample_moments(d, seed, &mean, &sd, &min, &max);
    RF_ASSERT_NEAR(mean, want_mean, 0, 0.01);
    RF_ASSERT_NEAR(sd, want_sd, 0, 0.01);
}

static void test_moments_normal(void **state)
{
    (void)state;
    rf_dist d = normal(10, 2);
    check_moments(&d, 10, 2, 1);
}

static void test_moments_lognormal(void **state)
{
    (void)state;
    rf_dist d = lognormal(5, 1.5);
    check_moments(&d, 5, 1.5, 2);
    double mean, sd, min, max;
    sample_moments(&d, 2, &mean, &sd, &min, &max);
    assert_true(min > 0.0);
    /* the median of a lognormal is exp(mu) = m / sqrt(1 + s^2/m^2) */
    RF_ASSERT_NEAR(rf_dist_quantile(&d, 0.5), 5.0 / sqrt(1.0 + 0.09), 0, 1e-14);
}

static void test_moments_uniform(void **state)
{
    (void)state;
    rf_dist d = uniform(2, 6);
    check_moments(&d, 4, 4 / sqrt(12.0), 3);
    double mean, sd, min, max;
    sample_moments(&d, 3, &mean, &sd, &min, &max);
    assert_true(min > 2.0 && max < 6.0);
}

/* Triangular (1, 2, 6): mean (1 + 2 + 6) / 3 = 3, variance
 * (1 + 4 + 36 - 2 - 6 - 12) / 18 = 21 / 18. */
static void test_moments_triangular(void **state)
{
    (void)state;
    rf_dist d = triangular(1, 2, 6);
    check_moments(&d, 3, sqrt((1.0 + 4 + 36 - 2 - 6 - 12) / 18.0), 4);
    double mean, sd, min, max;
    sample_moments(&d, 4, &mean, &sd, &min, &max);
    assert_true(min > 1.0 && max < 6.0);
    /* F(mode) = (mode - lo) / (hi - lo) = 0.2 */
    RF_ASSERT_NEAR(rf_dist_quantile(&d, 0.2), 2.0, 0, 1e-14);
}

/* Discrete {1: 0.2, 2: 0.5, 5: 0.3}: mean 0.2 + 1 + 1.5 = 2.7, variance
 * 0.2 + 2 + 7.5 - 2.7^2 = 2.41; and the frequencies within 1% of the probabilities. */
static void test_moments_discrete(void **state)
{
    (void)state;
    rf_dist d = discrete125();
    check_moments(&d, 2.7, sqrt(2.41), 5);
    int count[6] = {0};
    for (int i = 0; i < NDRAWS; i++) {
        double x = rf_dist_quantile(&d, rf_rng_uniform(5, (uint64_t)i, 0, 0));
        assert_true(x == 1.0 || x == 2.0 || x == 5.0);
        count[(int)x]++;
    }
    RF_ASSERT_NEAR(count[1] / (double)NDRAWS, 0.2, 0.01, 0);
    RF_ASSERT_NEAR(count[2] / (double)NDRAWS, 0.5, 0.01, 0);
    RF_ASSERT_NEAR(count[5] / (double)NDRAWS, 0.3, 0.01, 0);
    /* the cumulative steps: (0, 0.2] -> 1, (0.2, 0.7] -> 2, (0.7, 1) -> 5 */
    assert_true(rf_dist_quantile(&d, 0.2) == 1.0);
    assert_true(rf_dist_quantile(&d, 0.2000001) == 2.0);
    assert_true(rf_dist_quantile(&d, 0.7) == 2.0);
    assert_true(rf_dist_quantile(&d, 0.7000001) == 5.0);
}

/* ---------- truncation ---------- */

/* Normal(0, 1) on [-1, 2]: every draw inside, and the mean is
 * (phi(-1) - phi(2)) / (Phi(2) - Phi(-1)) = 0.22963717909132897 (Python, math.erfc).
 * The u come from a Latin hypercube so that 1% of a mean this small (0.0023)
 * is many standard errors wide; the plain random draws are checked at 3%. */
static void test_truncated_normal(void **state)
{
    (void)state;
    const double want = 0.22963717909132897;
    rf_dist d = trunc_to(normal(0, 1), -1, 2);
    assert_int_equal(rf_dist_check(&d, NULL), RF_OK);
    int *plan = NULL;
    assert_int_equal(rf_mc_lhs_plan(11, NDRAWS, 1, &plan, NULL), RF_OK);
    double sum_lhs = 0.0, sum_rand = 0.0;
    for (int i = 0; i < NDRAWS; i++) {
        double x = rf_dist_quantile(&d, rf_mc_u_planned(plan, 11, NDRAWS, i, 0));
        double y = rf_dist_quantile(&d, rf_rng_uniform(11, (uint64_t)i, 0, 0));
        assert_true(x >= -1.0 && x <= 2.0);
        assert_true(y >= -1.0 && y <= 2.0);
        sum_lhs += x;
        sum_rand += y;
    }
    free(plan);
    RF_ASSERT_NEAR(sum_lhs / NDRAWS, want, 0, 0.01);
    RF_ASSERT_NEAR(sum_rand / NDRAWS, want, 0, 0.03);
    /* the ends of u map to the ends of the interval */
    RF_ASSERT_NEAR(rf_dist_quantile(&d, 1e-12), -1.0, 1e-9, 0);
    RF_ASSERT_NEAR(rf_dist_quantile(&d, 1.0 - 1e-12), 2.0, 1e-9, 0);
    /* the CDF of the truncated law: 0 below, 1 above */
    assert_true(rf_dist_cdf(&d, -1.5) == 0.0);
    assert_true(rf_dist_cdf(&d, 2.5) == 1.0);
}

/* A share in [0, 1] from a wide normal, a one-sided truncation (thi open), a
 * lognormal cut above, a truncated discrete law, and a point law inside its interval. */
static void test_truncated_others(void **state)
{
    (void)state;
    rf_dist share = trunc_to(normal(0.8, 0.3), 0, 1);
    rf_dist pos = trunc_to(normal(1, 2), 0, HUGE_VAL);
    rf_dist ln = trunc_to(lognormal(5, 1.5), -HUGE_VAL, 6);
    const rf_dist *ds[] = {&share, &pos, &ln};
    const double lo[] = {0, 0, 0}, hi[] = {1, HUGE_VAL, 6};
    for (int k = 0; k < 3; k++) {
        assert_int_equal(rf_dist_check(ds[k], NULL), RF_OK);
        for (int i = 0; i < 10000; i++) {
            double x = rf_dist_quantile(ds[k], rf_rng_uniform(21, (uint64_t)i, (uint32_t)k, 0));
            assert_true(x >= lo[k] && x <= hi[k]);
        }
    }
    /* discrete {1, 2, 5} on [2, 5]: 2 with 0.5/0.8, 5 with 0.3/0.8 */
    rf_dist dd = trunc_to(discrete125(), 2, 5);
    assert_int_equal(rf_dist_check(&dd, NULL), RF_OK);
    int n2 = 0;
    for (int i = 0; i < NDRAWS; i++) {
        double x = rf_dist_quantile(&dd, rf_rng_uniform(22, (uint64_t)i, 0, 0));
        assert_true(x == 2.0 || x == 5.0);
        n2 += x == 2.0;
    }
    RF_ASSERT_NEAR(n2 / (double)NDRAWS, 0.625, 0.01, 0);
    RF_ASSERT_NEAR(rf_dist_cdf(&dd, 2.0), 0.625, 0, 1e-15);
    /* sd 0 is a point; truncated around it, still that point */
    rf_dist pt = trunc_to(normal(3, 0), 3, 4);
    assert_int_equal(rf_dist_check(&pt, NULL), RF_OK);
    assert_true(rf_dist_quantile(&pt, 0.3) == 3.0);
}

/* ---------- round trips and monotonicity ---------- */

static void test_round_trips(void **state)
{
    (void)state;
    rf_dist ds[] = {normal(10, 2), lognormal(5, 1.5), uniform(2, 6), triangular(1, 2, 6),
                    trunc_to(normal(0, 1), -1, 2), trunc_to(lognormal(5, 1.5), 3, 9),
                    triangular(0, 0, 1) /* mode at lo */, triangular(0, 1, 1) /* mode at hi */};
    const int nd = (int)(sizeof ds / sizeof ds[0]);
    for (int k = 0; k < nd; k++) {
        double prev = -HUGE_VAL;
        for (int i = 1; i < 1000; i++) {
            double u = i / 1000.0;
            double x = rf_dist_quantile(&ds[k], u);
            assert_true(x >= prev); /* monotone */
            prev = x;
            /* cdf(quantile(u)) == u and quantile(cdf(x)) == x */
            RF_ASSERT_NEAR(rf_dist_cdf(&ds[k], x), u, 1e-13, 0);
            RF_ASSERT_NEAR(rf_dist_quantile(&ds[k], rf_dist_cdf(&ds[k], x)), x, 1e-12, 1e-10);
        }
    }
    /* the normal far into the lower tail; in the upper tail a CDF near 1 has
     * only 2^-53 of absolute resolution (a tail of 1e-9 at z = 6 is known to
     * 1e-7 of itself), so the round trip is checked to z = 5 there, where
     * that resolution is worth 1e-10 in z */
    rf_dist n01 = normal(0, 1);
    for (double z = -8.0; z <= 5.0; z += 0.25)
        RF_ASSERT_NEAR(rf_dist_quantile(&n01, rf_dist_cdf(&n01, z)), z, 1e-9, 1e-12);
    /* discrete: exact at each value, values in between give the one below */
    rf_dist dd = discrete125();
    static const double vals[] = {1, 2, 5};
    /* (the largest value's CDF is 1, outside the quantile's (0, 1): just below it) */
    for (int i = 0; i < 2; i++) assert_true(rf_dist_quantile(&dd, rf_dist_cdf(&dd, vals[i])) == vals[i]);
    assert_true(rf_dist_cdf(&dd, vals[2]) == 1.0);
    assert_true(rf_dist_quantile(&dd, nextafter(1.0, 0.0)) == vals[2]);
    assert_true(rf_dist_quantile(&dd, rf_dist_cdf(&dd, 3.5)) == 2.0);
    assert_true(rf_dist_cdf(&dd, 0.5) == 0.0);
    assert_true(rf_dist_cdf(&dd, 7.0) == 1.0);
}

/* ---------- checks ---------- */

static void expect_invalid(const rf_dist *d, const char *word)
{
    rf_err err;
    rf_err_clear(&err);
    assert_int_equal(rf_dist_check(d, &err), RF_EINVAL);
    assert_int_equal(err.code, RF_EINVAL);
    assert_string_equal(err.field, "distribution");
    if (!strstr(err.msg, word)) fail_msg("message \"%s\" does not name \"%s\"", err.msg, word);
}

static void test_check(void **state)
{
    (void)state;
    rf_dist d;
    d = normal(1, -0.1);
    expect_invalid(&d, "sd");
    d = normal(NAN, 1);
    expect_invalid(&d, "mean");
    d = lognormal(0, 1);
    expect_invalid(&d, "mean");
    d = lognormal(-2, 1);
    expect_invalid(&d, "mean");
    d = uniform(3, 2);
    expect_invalid(&d, "lo");
    d = triangular(1, 7, 6);
    expect_invalid(&d, "mode");
    d = discrete125();
    d.probs[0] = 0.31;
    expect_invalid(&d, "sum");
    d = discrete125();
    d.probs[0] = -0.1;
    d.probs[1] = 0.6;
    expect_invalid(&d, "probability");
    d = discrete125();
    d.nvalues = 0;
    expect_invalid(&d, "values");
    d = discrete125();
    d.nvalues = RF_DIST_MAX_VALUES + 1;
    expect_invalid(&d, "values");
    d = trunc_to(normal(0, 1), 2, 1);
    expect_invalid(&d, "truncation");
    d = trunc_to(normal(0, 1), 1, 1); /* a point of a continuous law */
    expect_invalid(&d, "probability");
    d = trunc_to(uniform(2, 6), 7, 9);
    expect_invalid(&d, "probability");
    d = trunc_to(discrete125(), 3, 4); /* no value in [3, 4] */
    expect_invalid(&d, "probability");
    d = trunc_to(normal(3, 0), 4, 5);
    expect_invalid(&d, "probability");
    d = trunc_to(normal(0, 1), NAN, 1);
    expect_invalid(&d, "truncation");
    d = normal(0, 1);
    d.kind = (rf_dist_kind)42;
    expect_invalid(&d, "kind");
    /* and the valid edge cases */
    d = discrete125();
    d.probs[0] = 0.3 + 5e-10; /* within 1e-9 */
    assert_int_equal(rf_dist_check(&d, NULL), RF_OK);
    d = uniform(2, 2);
    assert_int_equal(rf_dist_check(&d, NULL), RF_OK);
    assert_true(rf_dist_quantile(&d, 0.5) == 2.0);
    d = triangular(1, 1, 1);
    assert_int_equal(rf_dist_check(&d, NULL), RF_OK);
    d = trunc_to(discrete125(), 2, 2); /* one value, probability 0.5 */
    assert_int_equal(rf_dist_check(&d, NULL), RF_OK);
    assert_true(rf_dist_quantile(&d, 0.99) == 2.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normal_quantile_reference),
        cmocka_unit_test(test_moments_normal),
        cmocka_unit_test(test_moments_lognormal),
        cmocka_unit_test(test_moments_uniform),
        cmocka_unit_test(test_moments_triangular),
        cmocka_unit_test(test_moments_discrete),
        cmocka_unit_test(test_truncated_normal),
        cmocka_unit_test(test_truncated_others),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
