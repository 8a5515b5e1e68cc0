/*
 * test_stats.c: the statistics of Monte Carlo draws (rareflow/mc.h):
 * type-7 percentiles on hand cases, the summary, Spearman's rho with ties
 * averaged, and a closed-form toy whose output percentiles are known exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/mc.h"
#include "rf_test.h"

/* ---------- percentiles ---------- */

/* x = 1..5 (given shuffled): type 7 puts p at h = 4 p / 100, so P50 = x_(2) = 3,
 * P25 = x_(1) = 2, P5 = 1 + 0.2 (2 - 1) = 1.2, P95 = 4 + 0.8 (5 - 4) = 4.8
 * (numpy.percentile([1, 2, 3, 4, 5], [5, 25, 50, 95]) gives the same). */
static void test_percentile_hand(void **state)
{
    (void)state;
    double x[5] = {4, 1, 5, 3, 2};
    RF_ASSERT_NEAR(rf_mc_percentile(x, 5, 50), 3.0, 1e-15, 0);
    RF_ASSERT_NEAR(rf_mc_percentile(x, 5, 25), 2.0, 1e-15, 0);
    RF_ASSERT_NEAR(rf_mc_percentile(x, 5, 5), 1.2, 1e-15, 0);
    RF_ASSERT_NEAR(rf_mc_percentile(x, 5, 95), 4.8, 1e-15, 0);
    assert_true(rf_mc_percentile(x, 5, 0) == 1.0);
    assert_true(rf_mc_percentile(x, 5, 100) == 5.0);
    /* it sorts in place, as documented */
    for (int i = 0; i < 5; i++) assert_true(x[i] == i + 1.0);
    /* even n: P50 halfway between the middle two */
    double y[4] = {10, 40, 20, 30};
    RF_ASSERT_NEAR(rf_mc_percentile(y, 4, 50), 25.0, 1e-15, 0);
    /* one value is every percentile of itself */
    double one[1] = {7};
    assert_true(rf_mc_percentile(one, 1, 5) == 7.0 && rf_mc_percentile(one, 1, 95) == 7.0);
    /* ties: a percentile between two equal values is that value */
    double t[6] = {2, 1, 2, 2, 3, 2};
    assert_true(rf_mc_percentile(t, 6, 50) == 2.0);
    /* nothing to take a percentile of, or p out of [0, 100] */
    assert_true(isnan(rf_mc_percentile(x, 0, 50)));
    assert_true(isnan(rf_mc_percentile(x, 5, -1)));
    assert_true(isnan(rf_mc_percentile(x, 5, 101)));
    assert_true(isnan(rf_mc_percentile(x, 5, NAN)));
}

/* The sort is a total order: -0 and +0 end up in one order whatever the input
 * order, so a percentile that lands on them has one sign. */
static void test_percentile_signed_zero(void **state)
{
    (void)state;
    double a[4] = {0.0, -0.0, 1.0, -1.0}, b[4] = {-0.0, 0.0, -1.0, 1.0};
    rf_mc_percentile(a, 4, 50);
    rf_mc_percentile(b, 4, 50);
    assert_memory_equal(a, b, sizeof a);
    assert_true(signbit(a[1]) && !signbit(a[2]));
}

static void test_summary(void **state)
{
    (void)state;
    const double x[5] = {4, 1, 5, 3, 2};
    double out[RF_MC_NSUMMARY];
    assert_int_equal(rf_mc_summary(x, 5, out, NULL), RF_OK);
    RF_ASSERT_NEAR(out[RF_MC_P5], 1.2, 1e-15, 0);
    RF_ASSERT_NEAR(out[RF_MC_P25], 2.0, 1e-15, 0);
    RF_ASSERT_NEAR(out[RF_MC_P50], 3.0, 1e-15, 0);
    RF_ASSERT_NEAR(out[RF_MC_P75], 4.0, 1e-15, 0);
    RF_ASSERT_NEAR(out[RF_MC_P95], 4.8, 1e-15, 0);
    RF_ASSERT_NEAR(out[RF_MC_MEAN], 3.0, 1e-15, 0);
    assert_true(x[0] == 4 && x[1] == 1); /* left as it was */
    assert_int_equal(rf_mc_summary(x, 0, out, NULL), RF_OK);
    for (int i = 0; i < RF_MC_NSUMMARY; i++) assert_true(isnan(out[i]));
}

/* ---------- Spearman ---------- */

/* x = [1, 2, 2, 3] has ranks [1, 2.5, 2.5, 4], y = [1, 2, 3, 4] ranks [1, 2, 3, 4];
 * centred at 2.5: dx = [-1.5, 0, 0, 1.5], dy = [-1.5, -0.5, 0.5, 1.5], so
 * rho = 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10) = 0.9486832980505138 (scipy.stats.spearmanr agrees). */
static void test_spearman_ties(void **state)
{
    (void)state;
    const double x[4] = {1, 2, 2, 3}, y[4] = {1, 2, 3, 4};
    RF_ASSERT_NEAR(rf_mc_spearman(x, y, 4), 3.0 / sqrt(10.0), 1e-15, 0);
    /* the pairs in another order: the same rho, to the bit */
    const double x2[4] = {2, 3, 1, 2}, y2[4] = {3, 4, 1, 2};
    assert_true(rf_mc_spearman(x2, y2, 4) == rf_mc_spearman(x, y, 4));
    /* symmetric, and a reversal flips the sign */
    assert_true(rf_mc_spearman(y, x, 4) == rf_mc_spearman(x, y, 4));
    const double ny[4] = {-1, -2, -3, -4};
    RF_ASSERT_NEAR(rf_mc_spearman(x, ny, 4), -3.0 / sqrt(10.0), 1e-15, 0);
}

/* Values that differ by solver noise are ties: (1, 2, 2 + 1e-13, 3) ranks as
 * (1, 2, 2, 3), so rho with y = (1, 2, 3, 4) is 3/sqrt(10) whichever of the
 * two comes first.  A run is measured from its first value: 1, 1 + 6e-10 and
 * 1 + 1.2e-9 rank (1.5, 1.5, 3), and with y = (1, 2, 3) rho = (the centred
 * ranks (-0.5, -0.5, 1) against (-1, 0, 1)) 1.5 / sqrt(1.5 x 2) = 0.866. */
static void test_spearman_noise_ties(void **state)
{
    (void)state;
    const double x[4] = {1, 2, 2 + 1e-13, 3}, xr[4] = {1, 2 + 1e-13, 2, 3}, y[4] = {1, 2, 3, 4};
    RF_ASSERT_NEAR(rf_mc_spearman(x, y, 4), 3.0 / sqrt(10.0), 1e-15, 0);
    assert_true(rf_mc_spearman(xr, y, 4) == rf_mc_spearman(x, y, 4));
    const double c[3] = {1.0, 1.0 + 6e-10, 1.0 + 1.2e-9}, y3[3] = {1, 2, 3};
    RF_ASSERT_NEAR(rf_mc_spearman(c, y3, 3), 1.5 / sqrt(3.0), 1e-12, 0);
    /* well apart, no tie: 1e-6 relative is a real difference */
    const double d[3] = {1.0, 1.0 + 1e-6, 1.0 + 2e-6};
    RF_ASSERT_NEAR(rf_mc_spearman(d, y3, 3), 1.0, 1e-15, 0);
}

static void test_spearman_degenerate(void **state)
{
    (void)state;
    const double x[4] = {1, 2, 3, 4}, c[4] = {5, 5, 5, 5};
    assert_true(isnan(rf_mc_spearman(x, c, 4))); /* a constant side */
    assert_true(isnan(rf_mc_spearman(c, x, 4)));
    assert_true(isnan(rf_mc_spearman(x, x, 2))); /* n < 3 */
    assert_true(isnan(rf_mc_spearman(x, x, 0)));
    RF_ASSERT_NEAR(rf_mc_spearman(x, x, 3), 1.0, 1e-15, 0);
}

/* y = x^3 + tiny noise is a monotone function of x but for the noise: rho ~ 1.
 * y independent of x: |rho| < 0.05 on 10,000 draws (the standard error is
 * 1 / sqrt(9,999) = 0.01).  And the toy: an output driven by one input
 * and not another, the ranks telling which. */
static void test_spearman_toys(void **state)
{
    (void)state;
    enum { N = 10000 };
    static double x[N], y[N], z[N], out[N];
    rf_dist n01;
    memset(&n01, 0, sizeof n01);
    n01.kind = RF_DIST_NORMAL;
    n01.sd = 1.0;
    for (int i = 0; i < N; i++) {
        x[i] = rf_dist_quantile(&n01, rf_rng_uniform(31, (uint64_t)i, 0, 0));
        z[i] = rf_dist_quantile(&n01, rf_rng_uniform(31, (uint64_t)i, 1, 0));
        y[i] = x[i] * x[i] * x[i] + 1e-6 * z[i];
        out[i] = 100.0 - 8.0 * x[i]; /* driven by x; z does not enter */
    }
    assert_true(rf_mc_spearman(x, y, N) > 0.9999);
    assert_true(fabs(rf_mc_spearman(x, z, N)) < 0.05);
    RF_ASSERT_NEAR(rf_mc_spearman(x, out, N), -1.0, 1e-12, 0);
    assert_true(fabs(rf_mc_spearman(z, out, N)) < 0.05);
}

/* ---------- a toy whose percentiles are known in closed form ---------- */

/*
 * A linear price response to an uncertain capacity: price = a - b cap, cap ~
 * normal(100, 10).  Since b > 0, the q-th percentile of the price is
 * a - b (100 + 10 z_(1-q)): P5 = a - b (100 + 10 z_0.95), P95 = a - b (100 + 10 z_0.05).
 * z from Python's statistics.NormalDist().inv_cdf.  The sample percentile of
 * 20,000 draws has standard error sqrt(q (1 - q) / n) / f(x_q), f the price's
 * density (normal, sd 10 b): it must lie within 4 of them, for plain random
 * and for Latin hypercube sampling (which does much better).
 */
static void test_closed_form_toy(void **state)
{
    (void)state;
    enum { N = 20000 };
    static double price[N];
    const double a = 500.0, b = 2.0;
    const double z95 = 1.6448536269514715, z05 = -1.6448536269514726;
    const double want[3] = {a - b * (100 + 10 * z95), a - b * 100, a - b * (100 + 10 * z05)};
    const double q[3] = {0.05, 0.5, 0.95}, zq[3] = {z05, 0.0, z95};
    rf_dist cap;
    memset(&cap, 0, sizeof cap);
    cap.kind = RF_DIST_NORMAL;
    cap.mean = 100.0;
    cap.sd = 10.0;
    for (int sampling = RF_MC_RANDOM; sampling <= RF_MC_LHS; sampling++) {
        int *plan = NULL;
        if (sampling == RF_MC_LHS) assert_int_equal(rf_mc_lhs_plan(2025, N, 1, &plan, NULL), RF_OK);
        for (int i = 0; i < N; i++)
            price[i] = a - b * rf_dist_quantile(&cap, rf_mc_u_planned(plan, 2025, N, i, 0));
        free(plan);
        double out[RF_MC_NSUMMARY];
        assert_int_equal(rf_mc_summary(price, N, out, NULL), RF_OK);
        const double got[3] = {out[RF_MC_P5], out[RF_MC_P50], out[RF_MC_P95]};
        for (int k = 0; k < 3; k++) {
            double dens = exp(-0.5 * zq[k] * zq[k]) / (sqrt(2.0 * 3.14159265358979323846) * 10.0 * b);
            double se = sqrt(q[k] * (1.0 - q[k]) / N) / dens;
            RF_ASSERT_NEAR(got[k], want[k], 4.0 * se, 0);
        }
        RF_ASSERT_NEAR(out[RF_MC_MEAN], a - b * 100, 4.0 * 10.0 * b / sqrt((double)N), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percentile_hand),
        cmocka_unit_test(test_percentile_signed_zero),
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_spearman_ties), cmocka_unit_test(test_spearman_noise_ties),
        cmocka_unit_test(test_spearman_degenerate),
        cmocka_unit_test(test_spearman_toys),
        cmocka_unit_test(test_closed_form_toy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
