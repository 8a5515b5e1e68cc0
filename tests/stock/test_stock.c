/*
 * test_stock.c: the dynamic stock model (rareflow/stock.h): the reference
 * cases of issue 9, the stock balance for every distribution, the survival
 * functions against scipy, ODYM's conventions (mean 0, Weibull at age 0, the
 * untruncated normal, the fixed lifetime), the incremental form against the
 * batch form, and bad parameters.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rareflow/stock.h"
#include "rf_test.h"

#define NDIST RF_STOCK_DIST_COUNT

/* One distribution of each kind, with parameters like those of lifetimes.csv. */
static const rf_stock_lifetime dists[] = {
    {RF_STOCK_FIXED, 15.0, 0.0, 0.0, 0.0},
    {RF_STOCK_NORMAL, 15.0, 4.0, 0.0, 0.0},
    {RF_STOCK_LOGNORMAL, 2.5, 1.0, 0.0, 0.0},
    {RF_STOCK_WEIBULL, 0.0, 0.0, 2.0, 12.0},
    {RF_STOCK_FOLDEDNORMAL, 6.0, 4.0, 0.0, 0.0},
    /* and some harder shapes: a wide normal (a fifth leaves at age 0), a
     * heavy-tailed lognormal, a Weibull with falling hazard, a folded normal
     * that is nearly a half normal, a fractional fixed lifetime */
    {RF_STOCK_NORMAL, 3.0, 3.5, 0.0, 0.0},
    {RF_STOCK_LOGNORMAL, 10.0, 25.0, 0.0, 0.0},
    {RF_STOCK_WEIBULL, 0.0, 0.0, 0.6, 8.0},
    {RF_STOCK_FOLDEDNORMAL, 0.5, 6.0, 0.0, 0.0},
    {RF_STOCK_FIXED, 3.5, 0.0, 0.0, 0.0},
};
#define NCASES ((int)(sizeof dists / sizeof dists[0]))

/* A random-ish inflow: a trend, a cycle, noise from a fixed LCG, zeros now and then. */
static void make_inflow(double *in, int n)
{
    unsigned long x = 12345;
    for (int t = 0; t < n; t++) {
        x = (x * 1103515245UL + 12345UL) % 2147483648UL;
        double noise = (double)x / 2147483648.0;
        in[t] = t % 7 == 3 ? 0.0 : 5.0 + 0.8 * t + 3.0 * sin(0.9 * t) + 10.0 * noise;
    }
}

/* ---------- the reference cases of issue 9 ---------- */

static void test_reference_fixed(void **state)
{
    (void)state;
    double in[10], s[10], o[10];
    static const double want_s[10] = {1, 3, 6, 10, 15, 20, 25, 30, 35, 40};
    static const double want_o[10] = {0, 0, 0, 0, 0, 1, 2, 3, 4, 5};
    for (int t = 0; t < 10; t++) in[t] = t + 1;
    rf_stock_lifetime lt = {RF_STOCK_FIXED, 5.0, 0.0, 0.0, 0.0};
    assert_int_equal(rf_stock_inflow_driven(&lt, in, 10, s, o, NULL, NULL), RF_OK);
    for (int t = 0; t < 10; t++) {
        RF_ASSERT_NEAR(s[t], want_s[t], 0, 0); /* integers: exact */
        RF_ASSERT_NEAR(o[t], want_o[t], 0, 0);
    }
}

static void test_reference_normal(void **state)
{
    (void)state;
    double in[10], s[10], o[10];
    for (int t = 0; t < 10; t++) in[t] = t + 1;
    rf_stock_lifetime lt = {RF_STOCK_NORMAL, 5.0, 1.5, 0.0, 0.0};
    assert_int_equal(rf_stock_inflow_driven(&lt, in, 10, s, o, NULL, NULL), RF_OK);
    RF_ASSERT_NEAR(s[9], 41.45873561, 5e-9, 0);
    RF_ASSERT_NEAR(o[9], 4.50042906, 5e-9, 0);
    /* The normal is not truncated: 0.043% of each inflow leaves in its own year. */
    RF_ASSERT_NEAR(o[0], 1.0 - 0.99957093966680322, 1e-15, 0);
}

/* ---------- the stock balance ---------- */

static void test_balance_every_distribution(void **state)
{
    (void)state;
    enum { N = 60 };
    double in[N], s[N], o[N];
    double *by = malloc(sizeof(double) * N * N);
    assert_non_null(by);
    make_inflow(in, N);
    for (int k = 0; k < NCASES; k++) {
        assert_int_equal(rf_stock_inflow_driven(&dists[k], in, N, s, o, by, NULL), RF_OK);
        double prev = 0.0;
        for (int t = 0; t < N; t++) {
            /* inflow - outflow - change in stock = 0 */
            RF_ASSERT_NEAR(in[t] - o[t] - (s[t] - prev), 0.0, 1e-12, 0);
            assert_true(s[t] >= 0.0);
            assert_true(o[t] >= -1e-12);
            /* the total is the sum of its cohorts; no cohort before its year */
            double sum = 0.0;
            for (int c = 0; c < N; c++) {
                if (c > t) RF_ASSERT_NEAR(by[t * N + c], 0.0, 0, 0);
                sum += by[t * N + c];
            }
            RF_ASSERT_NEAR(sum, s[t], 1e-12, 1e-15);
            prev = s[t];
        }
    }
    free(by);
}

/* ---------- survival functions ---------- */

static void expect_sf(rf_stock_lifetime lt, const double *want, double rel)
{
    static const int ages[] = {0, 1, 2, 5, 10, 20};
    double sf[21];
    assert_int_equal(rf_stock_sf(&lt, 21, sf, NULL), RF_OK);
    for (int i = 0; i < 6; i++) RF_ASSERT_NEAR(sf[ages[i]], want[i], 1e-15, rel);
}

/*
 * Against scipy 1.10.1 (Debian's python3-scipy), ages 0, 1, 2, 5, 10, 20:
 *
 *   import numpy as np, scipy.stats as st
 *   a = [0, 1, 2, 5, 10, 20]
 *   st.norm.sf(a, loc=5, scale=1.5)
 *   sig = np.sqrt(np.log1p(1.0 / 2.5**2)); mu = np.log(2.5) - sig * sig / 2
 *   st.lognorm.sf(a, s=sig, loc=0, scale=np.exp(mu))  # lognorm(...).mean(), .std() = 2.5, 1.0
 *   st.weibull_min.sf(a, c=2.0, loc=0, scale=6.0)
 *   st.weibull_min.sf(a, c=0.7, loc=0, scale=12.0)
 *   st.foldnorm.sf(a, 5 / 1.5, loc=0, scale=1.5)      # ODYM: c = mean / sd, scale = sd
 *   st.foldnorm.sf(a, 1 / 2.0, loc=0, scale=2.0)
 *
 * printed with "%.17g".  scipy's foldnorm.sf is 1 - cdf, so it is accurate
 * only to about 1e-16 absolute in the tail (0 at age 20 where the two normal
 * tails give 7.6e-24): the absolute tolerance of 1e-15 covers that.
 */
static void test_sf_against_scipy(void **state)
{
    (void)state;
    static const double norm[] = {0.99957093966680322, 0.99616961943241022, 0.97724986805182079, 0.5,
                                  0.00042906033319683719, 7.6198530241604696e-24};
    static const double lognorm[] = {1, 0.98558434288640617, 0.65046870209785634, 0.023195090168925108,
                                     7.5013453184707705e-05, 1.1338839309074122e-08};
    static const double weib2[] = {1, 0.97260447711634845, 0.89483931681436979, 0.49935178859927626,
                                   0.062176524022116327, 1.4945338524781453e-05};
    static const double weib07[] = {1, 0.83893700540922078, 0.75179246044894832, 0.58169072049256831,
                                    0.41470688602505168, 0.2393419489766776};
    static const double fold5[] = {1, 0.99620129067424346, 0.97725139867855737, 0.50000000001308398,
                                   0.00042906033319667358, 0};
    static const double fold1[] = {1, 0.65865525393145719, 0.37534473999484508, 0.024100029979809312,
                                   3.4166626872167427e-06, 0};
    expect_sf((rf_stock_lifetime){RF_STOCK_NORMAL, 5.0, 1.5, 0, 0}, norm, 1e-13);
    expect_sf((rf_stock_lifetime){RF_STOCK_LOGNORMAL, 2.5, 1.0, 0, 0}, lognorm, 1e-12);
    expect_sf((rf_stock_lifetime){RF_STOCK_WEIBULL, 0, 0, 2.0, 6.0}, weib2, 1e-13);
    expect_sf((rf_stock_lifetime){RF_STOCK_WEIBULL, 0, 0, 0.7, 12.0}, weib07, 1e-13);
    expect_sf((rf_stock_lifetime){RF_STOCK_FOLDEDNORMAL, 5.0, 1.5, 0, 0}, fold5, 1e-13);
    expect_sf((rf_stock_lifetime){RF_STOCK_FOLDEDNORMAL, 1.0, 2.0, 0, 0}, fold1, 1e-13);
}

/* Every sf is within [0, 1] and never rises, also at the edges of the parameters. */
static void test_sf_bounded_and_monotone(void **state)
{
    (void)state;
    static const rf_stock_lifetime edges[] = {
        {RF_STOCK_NORMAL, 1e-300, 1e-300, 0, 0},   {RF_STOCK_NORMAL, 1e300, 1e300, 0, 0},
        {RF_STOCK_LOGNORMAL, 1e-300, 1e300, 0, 0}, {RF_STOCK_LOGNORMAL, 1e300, 1e-300, 0, 0},
        {RF_STOCK_LOGNORMAL, 7.0, 1e-200, 0, 0},   {RF_STOCK_LOGNORMAL, 1e-10, 1e-10, 0, 0},
        {RF_STOCK_WEIBULL, 0, 0, 1e-300, 1e-300},  {RF_STOCK_WEIBULL, 0, 0, 1e300, 1e300},
        {RF_STOCK_WEIBULL, 0, 0, 300.0, 5.0},      {RF_STOCK_FOLDEDNORMAL, 1e300, 1e-300, 0, 0},
        {RF_STOCK_FOLDEDNORMAL, 1e-300, 1e300, 0, 0}, {RF_STOCK_FIXED, 1e300, 0, 0, 0},
    };
    double sf[RF_MAX_STOCK_YEARS];
    for (size_t k = 0; k < sizeof edges / sizeof edges[0]; k++) {
        assert_int_equal(rf_stock_sf(&edges[k], RF_MAX_STOCK_YEARS, sf, NULL), RF_OK);
        for (int a = 0; a < RF_MAX_STOCK_YEARS; a++) {
            assert_true(sf[a] >= 0.0 && sf[a] <= 1.0);
            if (a > 0) assert_true(sf[a] <= sf[a - 1]);
        }
    }
}

/* ---------- ODYM's conventions ---------- */

static void test_mean_zero_nothing_survives(void **state)
{
    (void)state;
    static const rf_stock_dist kinds[] = {RF_STOCK_FIXED, RF_STOCK_NORMAL, RF_STOCK_LOGNORMAL,
                                          RF_STOCK_FOLDEDNORMAL};
    double in[12], s[12], o[12];
    make_inflow(in, 12);
    for (int k = 0; k < 4; k++) {
        rf_stock_lifetime lt = {kinds[k], 0.0, 2.0, 0, 0};
        double sf[12];
        assert_int_equal(rf_stock_sf(&lt, 12, sf, NULL), RF_OK);
        for (int a = 0; a < 12; a++) RF_ASSERT_NEAR(sf[a], 0.0, 0, 0);
        assert_int_equal(rf_stock_inflow_driven(&lt, in, 12, s, o, NULL, NULL), RF_OK);
        for (int t = 0; t < 12; t++) {
            RF_ASSERT_NEAR(s[t], 0.0, 0, 0);
            RF_ASSERT_NEAR(o[t], in[t], 0, 0); /* the whole inflow leaves in its year */
        }
    }
}

static void test_survival_at_age_zero(void **state)
{
    (void)state;
    static const double shapes[] = {0.3, 1.0, 2.0, 7.5};
    double sf[3];
    for (int i = 0; i < 4; i++) {
        rf_stock_lifetime w = {RF_STOCK_WEIBULL, 0, 0, shapes[i], 0.4 + i};
        assert_int_equal(rf_stock_sf(&w, 3, sf, NULL), RF_OK);
        RF_ASSERT_NEAR(sf[0], 1.0, 0, 0);
    }
    rf_stock_lifetime ln = {RF_STOCK_LOGNORMAL, 0.3, 2.0, 0, 0};
    assert_int_equal(rf_stock_sf(&ln, 3, sf, NULL), RF_OK);
    RF_ASSERT_NEAR(sf[0], 1.0, 0, 0);
    rf_stock_lifetime fn = {RF_STOCK_FOLDEDNORMAL, 0.3, 2.0, 0, 0};
    assert_int_equal(rf_stock_sf(&fn, 3, sf, NULL), RF_OK);
    RF_ASSERT_NEAR(sf[0], 1.0, 0, 0);
    /* The normal is not truncated: sf(0) = P(X > 0) = 1 - Phi(-3 / 3.5) = 0.80432... */
    rf_stock_lifetime nm = {RF_STOCK_NORMAL, 3.0, 3.5, 0, 0};
    assert_int_equal(rf_stock_sf(&nm, 3, sf, NULL), RF_OK);
    RF_ASSERT_NEAR(sf[0], 0.5 * erfc(-3.0 / 3.5 / sqrt(2.0)), 1e-16, 0);
    assert_true(sf[0] < 0.81);
}

/* A fixed lifetime L keeps a cohort while its age is < L: 3.5 years means
 * ages 0..3, gone at 4; 5 years means ages 0..4. */
static void test_fixed_lifetime(void **state)
{
    (void)state;
    double sf[8];
    rf_stock_lifetime lt = {RF_STOCK_FIXED, 3.5, 0, 0, 0};
    assert_int_equal(rf_stock_sf(&lt, 8, sf, NULL), RF_OK);
    for (int a = 0; a < 8; a++) RF_ASSERT_NEAR(sf[a], a <= 3 ? 1.0 : 0.0, 0, 0);
    lt.mean_yr = 5.0;
    assert_int_equal(rf_stock_sf(&lt, 8, sf, NULL), RF_OK);
    for (int a = 0; a < 8; a++) RF_ASSERT_NEAR(sf[a], a <= 4 ? 1.0 : 0.0, 0, 0);
}

/* ---------- the incremental form ---------- */

static void test_incremental_equals_batch(void **state)
{
    (void)state;
    enum { N = 40 };
    double in[N], s[N], o[N], by[N * N], cohorts[N];
    make_inflow(in, N);
    for (int k = 0; k < NCASES; k++) {
        assert_int_equal(rf_stock_inflow_driven(&dists[k], in, N, s, o, by, NULL), RF_OK);
        rf_err err;
        rf_stock_model *m = rf_stock_model_new(&dists[k], N, &err);
        assert_non_null(m);
        for (int round = 0; round < 2; round++) { /* the second after a reset */
            assert_int_equal(rf_stock_model_years(m), 0);
            for (int t = 0; t < N; t++) {
                double st = -1, out = -1;
                assert_int_equal(rf_stock_model_add(m, in[t], &st, &out, &err), RF_OK);
                /* the same sums in the same order: equal to the last bit */
                assert_true(st == s[t] && out == o[t]);
                assert_true(rf_stock_model_stock(m) == s[t]);
                rf_stock_model_cohorts(m, cohorts);
                for (int c = 0; c <= t; c++) assert_true(cohorts[c] == by[t * N + c]);
            }
            assert_int_equal(rf_stock_model_years(m), N);
            rf_stock_model_reset(m);
        }
        rf_stock_model_free(m);
    }
    rf_stock_model_free(NULL);
}

static void test_incremental_limits(void **state)
{
    (void)state;
    rf_err err;
    rf_stock_model *m = rf_stock_model_new(&dists[1], 2, &err);
    assert_non_null(m);
    double st = 0;
    assert_int_equal(rf_stock_model_add(m, 1.0, &st, NULL, &err), RF_OK);
    /* a bad inflow leaves the model as it was */
    assert_int_equal(rf_stock_model_add(m, -1.0, NULL, NULL, &err), RF_EINVAL);
    assert_string_equal(err.field, "inflow");
    assert_int_equal(rf_stock_model_add(m, NAN, NULL, NULL, &err), RF_EINVAL);
    assert_int_equal(rf_stock_model_years(m), 1);
    assert_true(rf_stock_model_stock(m) == st);
    assert_int_equal(rf_stock_model_add(m, 2.0, NULL, NULL, &err), RF_OK);
    /* full */
    assert_int_equal(rf_stock_model_add(m, 3.0, NULL, NULL, &err), RF_EINVAL);
    assert_int_equal(rf_stock_model_years(m), 2);
    rf_stock_model_free(m);
    assert_null(rf_stock_model_new(&dists[1], 0, &err));
    assert_int_equal(err.code, RF_EINVAL);
    assert_null(rf_stock_model_new(&dists[1], RF_MAX_STOCK_YEARS + 1, &err));
    rf_stock_lifetime bad = {RF_STOCK_NORMAL, 5.0, 0.0, 0, 0};
    assert_null(rf_stock_model_new(&bad, 10, &err));
    assert_string_equal(err.field, "sd");
}

/* ---------- bad input ---------- */

static void expect_bad(rf_stock_lifetime lt, const char *field)
{
    rf_err err;
    double sf[4];
    rf_err_clear(&err);
    assert_int_equal(rf_stock_lifetime_check(&lt, &err), RF_EINVAL);
    assert_string_equal(err.field, field);
    assert_true(err.msg[0] != '\0');
    assert_int_equal(rf_stock_sf(&lt, 4, sf, &err), RF_EINVAL);
}

static void test_bad_parameters(void **state)
{
    (void)state;
    expect_bad((rf_stock_lifetime){RF_STOCK_NORMAL, 5.0, 0.0, 0, 0}, "sd");
    expect_bad((rf_stock_lifetime){RF_STOCK_NORMAL, 5.0, -1.0, 0, 0}, "sd");
    expect_bad((rf_stock_lifetime){RF_STOCK_LOGNORMAL, 5.0, NAN, 0, 0}, "sd");
    expect_bad((rf_stock_lifetime){RF_STOCK_FOLDEDNORMAL, 5.0, INFINITY, 0, 0}, "sd");
    expect_bad((rf_stock_lifetime){RF_STOCK_NORMAL, -1.0, 1.0, 0, 0}, "mean");
    expect_bad((rf_stock_lifetime){RF_STOCK_FIXED, -0.5, 0, 0, 0}, "mean");
    expect_bad((rf_stock_lifetime){RF_STOCK_FIXED, INFINITY, 0, 0, 0}, "mean");
    expect_bad((rf_stock_lifetime){RF_STOCK_LOGNORMAL, NAN, 1.0, 0, 0}, "mean");
    expect_bad((rf_stock_lifetime){RF_STOCK_WEIBULL, 0, 0, 0.0, 5.0}, "shape");
    expect_bad((rf_stock_lifetime){RF_STOCK_WEIBULL, 0, 0, -2.0, 5.0}, "shape");
    expect_bad((rf_stock_lifetime){RF_STOCK_WEIBULL, 0, 0, 2.0, 0.0}, "scale");
    expect_bad((rf_stock_lifetime){RF_STOCK_WEIBULL, 0, 0, 2.0, INFINITY}, "scale");
    expect_bad((rf_stock_lifetime){(rf_stock_dist)99, 5.0, 1.0, 1.0, 1.0}, "lifetime");
    rf_err err;
    assert_int_equal(rf_stock_lifetime_check(NULL, &err), RF_EINVAL);
    /* what a distribution does not use is not looked at */
    rf_stock_lifetime ok = {RF_STOCK_FIXED, 5.0, NAN, -1, -1};
    assert_int_equal(rf_stock_lifetime_check(&ok, &err), RF_OK);
    ok = (rf_stock_lifetime){RF_STOCK_WEIBULL, NAN, -3, 2, 5};
    assert_int_equal(rf_stock_lifetime_check(&ok, &err), RF_OK);

    /* series: lengths and inflows */
    double in[3] = {1, 2, 3}, s[3], o[3], sf[2];
    rf_stock_lifetime lt = {RF_STOCK_NORMAL, 5.0, 1.5, 0, 0};
    assert_int_equal(rf_stock_inflow_driven(&lt, in, 0, s, o, NULL, &err), RF_EINVAL);
    assert_int_equal(rf_stock_sf(&lt, 0, sf, &err), RF_EINVAL);
    assert_int_equal(rf_stock_sf(&lt, RF_MAX_STOCK_YEARS + 1, sf, &err), RF_EINVAL);
    in[1] = -2;
    assert_int_equal(rf_stock_inflow_driven(&lt, in, 3, s, o, NULL, &err), RF_EINVAL);
    assert_string_equal(err.field, "inflow");
    assert_non_null(strstr(err.msg, "year 1"));
    in[1] = INFINITY;
    assert_int_equal(rf_stock_inflow_driven(&lt, in, 3, s, o, NULL, &err), RF_EINVAL);

    /* names */
    rf_stock_dist d = RF_STOCK_FIXED;
    static const char *const names[] = {"fixed", "normal", "lognormal", "weibull", "foldednormal"};
    for (int k = 0; k < NDIST; k++) {
        assert_int_equal(rf_stock_dist_parse(names[k], &d, &err), RF_OK);
        assert_int_equal((int)d, k);
        assert_string_equal(rf_stock_dist_name(d), names[k]);
    }
    assert_int_equal(rf_stock_dist_parse("Normal", &d, &err), RF_EINVAL);
    assert_string_equal(err.field, "lifetime");
    assert_int_equal(rf_stock_dist_parse("gamma", &d, NULL), RF_EINVAL);
    assert_int_equal(rf_stock_dist_parse(NULL, &d, NULL), RF_EINVAL);
    assert_string_equal(rf_stock_dist_name((rf_stock_dist)-1), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_fixed),
        cmocka_unit_test(test_reference_normal),
        cmocka_unit_test(test_balance_every_distribution),
        cmocka_unit_test(test_sf_against_scipy),
        cmocka_unit_test(test_sf_bounded_and_monotone),
        cmocka_unit_test(test_mean_zero_nothing_survives),
        cmocka_unit_test(test_survival_at_age_zero),
        cmocka_unit_test(test_fixed_lifetime),
        cmocka_unit_test(test_incremental_equals_batch),
        cmocka_unit_test(test_incremental_limits),
        cmocka_unit_test(test_bad_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
