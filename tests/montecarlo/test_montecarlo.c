/*
 * test_montecarlo.c: rf_montecarlo_run and rf_montecarlo_summarize on a world
 * solved by hand (tests/data/invest, see tests/sim/test_sim.c): one region A
 * (and an empty B), one product, demand q0 = 100 t at p0 = 10 with a linear
 * price response (elasticity -0.5: P(q) = 10 (1 + 2 (1 - q/q0)) at each
 * step's midpoint); a-mine, 97 t at 2 USD/kg, is binding (it would sell more
 * at any price above 2), and in 2024-2025 nothing is built (no spike).
 *
 * Input 1, `cap`: a-mine's capacity times m, m ~ normal(1, 0.05).  The mine's
 * output equals its capacity while binding, and the stage's capacity outside
 * China (there is no CN: every region counts) is exactly
 *     capacity_ex_china[mining] = 97 m,
 * so its q-th percentile is 97 (1 + 0.05 z_q), z_q the standard normal
 * quantile:
 *     P5  = 97 (1 - 0.05 x 1.644854) = 89.02266
 *     P50 = 97
 *     P95 = 97 (1 + 0.05 x 1.644854) = 104.97734
 * With Latin hypercube sampling of N = 200 draws, the type-7 P5 lies between
 * the 10th and 11th of 200 stratified values, u in [0.045, 0.055]: z within
 * 0.05 of z_0.05, about 0.25 t; the test allows 0.3 t (0.5 t for P50/P95
 * likewise, loosely).  And draw by draw the output is 97 x the drawn value.
 *
 * Input 2, `elasticity`: every demand row's elasticity times U(0.8, 1.2).  It
 * moves the price, never the capacity: Spearman's rho of the capacity with it
 * is near 0 (|rho| < 0.2), with `cap` exactly 1 (a monotone function).
 *
 * Determinism: 1 worker and 3 workers give the same values and outputs, bit
 * for bit, and the same summary.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rareflow/montecarlo.h"
#include "rf_test.h"
#include "rf_test_util.h"

#define INVEST RF_TEST_DATA_DIR "/invest"
#define NDRAWS 200

static const char *body = "years: 2024:2025\n"
                          "uncertainty:\n"
                          "  - {name: cap, target: facility.capacity, facility: a-mine, dist: normal, mean: 1.0, "
                          "sd: 0.05, apply: multiply}\n"
                          "  - {name: elasticity, target: demand.elasticity, dist: uniform, lo: 0.8, hi: 1.2, "
                          "apply: multiply}\n";

static void load_workers(rf_mc_worker *wk, int n)
{
    for (int i = 0; i < n; i++) {
        rf_err err;
        rf_err_clear(&err);
        rf_status st = rf_test_load("rf_mc", &wk[i].scenario, &wk[i].world, NULL, &err, "data: %s\n%s", INVEST, body);
        if (st != RF_OK) fail_msg("load: %s", err.msg);
    }
}

static void free_workers(rf_mc_worker *wk, int n)
{
    for (int i = 0; i < n; i++) {
        rf_scenario_free(wk[i].scenario);
        rf_world_free(wk[i].world);
    }
}

static void run(int nworkers, rf_mc_sampling sampling, rf_mc_draws *d)
{
    rf_mc_worker wk[3];
    memset(wk, 0, sizeof wk);
    load_workers(wk, nworkers);
    rf_mc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ndraws = NDRAWS;
    cfg.seed = 42;
    cfg.sampling = sampling;
    rf_err err;
    rf_err_clear(&err);
    rf_status st = rf_montecarlo_run(wk, nworkers, &cfg, d, &err);
    if (st != RF_OK) fail_msg("rf_montecarlo_run: %s", err.msg);
    free_workers(wk, nworkers);
}

/* The index of the metric `kind` with stage `stage` in year `year`, or -1. */
static int metric(const rf_mc_draws *d, rf_mc_metric_kind kind, const char *stage, int year)
{
    for (int j = 0; j < d->nmetrics; j++)
        if (d->metrics[j].kind == kind && d->metrics[j].year == year && !strcmp(d->metrics[j].stage, stage))
            return j;
    return -1;
}

static void test_closed_form_and_rho(void **state)
{
    (void)state;
    rf_mc_draws d;
    run(1, RF_MC_LHS, &d);
    int j = metric(&d, RF_MCM_CAPACITY_EX_CHINA, "mining", 2025);
    assert_true(j >= 0);
    for (int k = 0; k < NDRAWS; k++) {
        assert_int_equal(d.failed[k], 0);
        double m = d.values[(size_t)k * 2], out = d.outputs[(size_t)k * (size_t)d.nmetrics + (size_t)j];
        assert_true(fabs(out - 97.0 * m) < 1e-6 * 97.0);
    }
    rf_mc_summary_t s;
    rf_err err;
    rf_err_clear(&err);
    assert_int_equal(rf_montecarlo_summarize(&d, &s, &err), RF_OK);
    assert_int_equal(s.failed_draws, 0);
    const rf_mc_pct_row *p = NULL;
    for (int r = 0; r < s.npct; r++)
        if (s.pct[r].metric == j) p = &s.pct[r];
    assert_non_null(p);
    const double z95 = 1.6448536269514722;
    assert_true(fabs(p->v[RF_MC_P5] - 97.0 * (1 - 0.05 * z95)) < 0.3);
    assert_true(fabs(p->v[RF_MC_P50] - 97.0) < 0.3);
    assert_true(fabs(p->v[RF_MC_P95] - 97.0 * (1 + 0.05 * z95)) < 0.3);
    assert_true(fabs(p->v[RF_MC_MEAN] - 97.0) < 0.3);
    double rho_cap = NAN, rho_el = NAN;
    for (int r = 0; r < s.nsens; r++)
        if (s.sens[r].metric == j) {
            if (s.sens[r].input == 0) rho_cap = s.sens[r].rho;
            else rho_el = s.sens[r].rho;
        }
    assert_true(fabs(rho_cap - 1.0) < 1e-12);
    assert_true(rho_el == rho_el); /* top 5 of the output: listed even when small */
    assert_true(fabs(rho_el) < 0.2);
    /* The price moves with both (the sensitivity is ordered by |rho|). */
    for (int r = 1; r < s.nsens; r++)
        if (s.sens[r].metric == s.sens[r - 1].metric) assert_true(fabs(s.sens[r].rho) <= fabs(s.sens[r - 1].rho));
    rf_mc_summary_free(&s);
    rf_mc_draws_free(&d);
}

static void test_workers_identical(void **state)
{
    (void)state;
    for (int smp = 0; smp < 2; smp++) {
        rf_mc_draws a, b;
        run(1, smp ? RF_MC_LHS : RF_MC_RANDOM, &a);
        run(3, smp ? RF_MC_LHS : RF_MC_RANDOM, &b);
        assert_int_equal(a.nmetrics, b.nmetrics);
        assert_memory_equal(a.values, b.values, (size_t)NDRAWS * 2 * sizeof(double));
        /* NaN == NaN by bits: memcmp, not ==. */
        assert_memory_equal(a.outputs, b.outputs, (size_t)NDRAWS * (size_t)a.nmetrics * sizeof(double));
        assert_memory_equal(a.failed, b.failed, (size_t)NDRAWS * sizeof(int));
        rf_mc_summary_t sa, sb;
        rf_err err;
        rf_err_clear(&err);
        assert_int_equal(rf_montecarlo_summarize(&a, &sa, &err), RF_OK);
        assert_int_equal(rf_montecarlo_summarize(&b, &sb, &err), RF_OK);
        assert_int_equal(sa.npct, sb.npct);
        assert_int_equal(sa.nsens, sb.nsens);
        for (int r = 0; r < sa.npct; r++) { /* field by field: the rows have padding */
            assert_int_equal(sa.pct[r].metric, sb.pct[r].metric);
            assert_int_equal(sa.pct[r].n, sb.pct[r].n);
            assert_memory_equal(sa.pct[r].v, sb.pct[r].v, sizeof sa.pct[r].v);
        }
        assert_memory_equal(sa.sens, sb.sens, (size_t)sa.nsens * sizeof *sa.sens);
        rf_mc_summary_free(&sa);
        rf_mc_summary_free(&sb);
        rf_mc_draws_free(&a);
        rf_mc_draws_free(&b);
    }
}

/* A slice [first, last) holds the rows of its draws only, the same as the
 * whole run's (what MPI ranks gather); grown to a full set, they sit at their
 * draw index and the rows around them are marked not run. */
static void test_slice(void **state)
{
    (void)state;
    rf_mc_worker wk[1];
    memset(wk, 0, sizeof wk);
    load_workers(wk, 1);
    rf_mc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ndraws = 20;
    cfg.seed = 9;
    cfg.sampling = RF_MC_LHS;
    rf_mc_draws all, part;
    rf_err err;
    rf_err_clear(&err);
    assert_int_equal(rf_montecarlo_run(wk, 1, &cfg, &all, &err), RF_OK);
    assert_int_equal(all.offset, 0);
    assert_int_equal(all.nrows, 20);
    assert_int_equal(rf_mc_draws_hold_all(&all, &err), RF_OK); /* a full set already: unchanged */
    assert_int_equal(all.nrows, 20);
    cfg.first = 5;
    cfg.last = 12;
    assert_int_equal(rf_montecarlo_run(wk, 1, &cfg, &part, &err), RF_OK);
    assert_int_equal(part.offset, 5);
    assert_int_equal(part.nrows, 7);
    assert_int_equal(part.first, 5);
    assert_int_equal(part.last, 12);
    size_t nm = (size_t)all.nmetrics;
    for (int k = 5; k < 12; k++) {
        size_t r = (size_t)(k - 5);
        assert_memory_equal(&all.outputs[(size_t)k * nm], &part.outputs[r * nm], nm * sizeof(double));
        assert_memory_equal(&all.values[(size_t)k * 2], &part.values[r * 2], 2 * sizeof(double));
        assert_int_equal(all.failed[k], part.failed[r]);
        assert_int_equal(all.clamped[k], part.clamped[r]);
    }
    rf_mc_summary_t s;
    assert_int_equal(rf_montecarlo_summarize(&part, &s, &err), RF_EINVAL); /* not a full set */
    assert_int_equal(rf_mc_draws_hold_all(&part, &err), RF_OK);
    assert_int_equal(part.offset, 0);
    assert_int_equal(part.nrows, 20);
    for (int k = 0; k < 20; k++) {
        if (k >= 5 && k < 12) {
            assert_memory_equal(&all.outputs[(size_t)k * nm], &part.outputs[(size_t)k * nm], nm * sizeof(double));
            assert_memory_equal(&all.values[(size_t)k * 2], &part.values[(size_t)k * 2], 2 * sizeof(double));
            assert_int_equal(all.failed[k], part.failed[k]);
        } else {
            assert_int_equal(part.failed[k], -1);
            assert_true(isnan(part.values[(size_t)k * 2]));
            assert_true(isnan(part.outputs[(size_t)k * nm]));
        }
    }
    assert_int_equal(rf_montecarlo_summarize(&part, &s, &err), RF_EINVAL); /* not every draw run */
    rf_mc_draws_free(&all);
    rf_mc_draws_free(&part);
    free_workers(wk, 1);
}

static void test_bad_config(void **state)
{
    (void)state;
    rf_mc_worker wk[1];
    memset(wk, 0, sizeof wk);
    load_workers(wk, 1);
    rf_mc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    rf_mc_draws d;
    rf_err err;
    rf_err_clear(&err);
    cfg.ndraws = 0;
    assert_int_equal(rf_montecarlo_run(wk, 1, &cfg, &d, &err), RF_EINVAL);
    rf_mc_draws_free(&d);
    cfg.ndraws = 4;
    cfg.first = 3;
    cfg.last = 2;
    assert_int_equal(rf_montecarlo_run(wk, 1, &cfg, &d, &err), RF_EINVAL);
    rf_mc_draws_free(&d);
    free_workers(wk, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_and_rho),
        cmocka_unit_test(test_workers_identical),
        cmocka_unit_test(test_slice),
        cmocka_unit_test(test_bad_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
