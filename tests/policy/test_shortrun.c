/*
 * test_shortrun.c: the lever forms of the short run (issue 10), on worlds
 * solved by hand.
 *
 * Windows: rf_policy_window_fraction counts the days of a window of the year
 * that a lever's dates cover; the runner weighs levers by it when the year
 * input names a period.  The new forms: an export tax (an exporter's duty on
 * its FOB price, revenue to the exporter), quotas and licences counted in t
 * of REO (`basis: reo`), the rent of a quota or licence (`quota_rent`), and
 * the export wedge only where the region exports.
 *
 * two_region (tests/data/two_region): a mine in A (100 t at 2.5 USD/kg),
 * demand in A (20 t) and B (50 t) with P = 10 (3 - 2 q/q0) valued at step
 * midpoints, freight A->B 1 USD/kg.  Untaxed the mine is not full: P(A) = 2.5,
 * P(B) = 3.5, A takes 20 x ... and B 65 t (test_policy.c).  trade3: mines in CN
 * (1.0 USD/kg) and JP (2.0); demand in US (100 t) and JP (50 t); freight 0.5;
 * untaxed CN supplies both at P(US) = P(JP) = 1.5.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rareflow/io.h"
#include "rareflow/policy.h"
#include "rf_test.h"
#include "rf_test_util.h"

#define TOL 1e-6

/* ---------- windows ---------- */

/* A date as the scenario reader makes it: year + (day of year) / days of the year. */
static double date(int y, int doy0, int ndays)
{
    return (double)y + (double)doy0 / (double)ndays;
}

/* A lever from 2025-04-04 (day 93 of 365, 0-based): nothing of Q1; Q2 runs
 * Apr 1 - Jun 30 (91 days), of which it misses Apr 1-3: (91 - 3) / 91; all of
 * Q3 and Q4.  By months, 27 of April's 30 days; by halves, 88 of the 181 days
 * of Jan-Jun. */
static void test_window_quarters(void **state)
{
    (void)state;
    double from = date(2025, 93, 365), to = 1e9;
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 0, 4), 0.0, 0, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 1, 4), (91.0 - 3.0) / 91.0, 1e-9, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 2, 4), 1.0, 1e-12, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 3, 4), 1.0, 1e-12, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 2, 12), 0.0, 0, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 3, 12), 27.0 / 30.0, 1e-9, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 4, 12), 1.0, 1e-12, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 0, 2), 88.0 / 181.0, 1e-9, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 1, 2), 1.0, 1e-12, 0);
    /* Whole year: 272 of 365 days. */
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2025, 0, 1), 272.0 / 365.0, 1e-9, 0);
    /* Another year: all of 2026, none of 2024. */
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2026, 0, 4), 1.0, 1e-12, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2024, 3, 4), 0.0, 0, 0);
}

/* A leap year: 2024-02-15 to 2024-02-20 inclusive is 6 days; Q1 2024 has
 * 31 + 29 + 31 = 91 days, February 29, the year 366.  The lever ends inside
 * Q1: Q2 gets nothing. */
static void test_window_leap_year(void **state)
{
    (void)state;
    double from = date(2024, 31 + 14, 366), to = date(2024, 31 + 20, 366); /* end of Feb 20 */
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2024, 0, 4), 6.0 / 91.0, 1e-9, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2024, 1, 4), 0.0, 0, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2024, 1, 12), 6.0 / 29.0, 1e-9, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(from, to, 2024, 0, 1), 6.0 / 366.0, 1e-12, 0);
    /* Q4 2024 (Oct 1 - Dec 31: 92 days) from 2024-11-10 (day 314): 52 of 92. */
    RF_ASSERT_NEAR(rf_policy_window_fraction(date(2024, 314, 366), 1e9, 2024, 3, 4), 52.0 / 92.0, 1e-9, 0);
}

/* The annual fraction is the window fraction of the one window of a year,
 * exactly; and windows that do not cut a year into whole months are empty. */
static void test_window_annual_is_year_fraction(void **state)
{
    (void)state;
    const double ends[][2] = {{-1e9, 1e9}, {2025.0, 2026.0}, {date(2025, 93, 365), 1e9},
                              {2024.5, date(2025, 200, 365)}, {2023.2, 2024.7}, {2026.0, 2027.0}};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        double a = rf_policy_year_fraction(ends[i][0], ends[i][1], 2025);
        double b = rf_policy_window_fraction(ends[i][0], ends[i][1], 2025, 0, 1);
        assert_true(a == b);
        /* The four quarters add up to the year, weighted by their days. */
        const double days[4] = {90, 91, 92, 92};
        double sum = 0.0;
        for (int q = 0; q < 4; q++) sum += days[q] * rf_policy_window_fraction(ends[i][0], ends[i][1], 2025, q, 4);
        RF_ASSERT_NEAR(sum / 365.0, a, 1e-9, 0);
    }
    RF_ASSERT_NEAR(rf_policy_window_fraction(-1e9, 1e9, 2025, 4, 4), 0.0, 0, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(-1e9, 1e9, 2025, -1, 4), 0.0, 0, 0);
    RF_ASSERT_NEAR(rf_policy_window_fraction(-1e9, 1e9, 2025, 0, 5), 0.0, 0, 0);
}

/* ---------- running a window or a year ---------- */

typedef struct run {
    rf_scenario *sc;
    rf_world *w;
    rf_year_result out;
} run;

/* Load `body` on fixture `world` and solve window `period` of `nperiods` of `year`. */
static void solve_window(run *r, const char *world, int year, int period, int nperiods, const char *body)
{
    rf_err err;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", RF_TEST_DATA_DIR, world);
    memset(&r->out, 0, sizeof r->out);
    rf_status st = rf_test_load("rf_shortrun", &r->sc, &r->w, NULL, &err, "data: %s\n%s", dir, body);
    if (st != RF_OK) fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
    rf_year_input in;
    assert_int_equal(rf_year_input_init(&in, r->w, r->sc, year, &err), RF_OK);
    assert_int_equal(in.period, 0);
    assert_int_equal(in.nperiods, 1);
    in.period = period;
    in.nperiods = nperiods;
    rf_market *m = rf_market_new(r->w, &err);
    assert_non_null(m);
    st = rf_policy_solve_input(m, r->w, r->sc, &in, NULL, &r->out, NULL, &err);
    if (st != RF_OK) fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
    assert_int_equal(r->out.status, RF_YEAR_OPTIMAL);
    rf_market_free(m);
    rf_year_input_close(&in);
}

static void solve_year(run *r, const char *world, int year, const char *body)
{
    solve_window(r, world, year, 0, 1, body);
}

static void done(run *r)
{
    rf_year_result_clear(&r->out);
    rf_world_free(r->w);
    rf_scenario_free(r->sc);
}

static double price(const run *r, const char *reg, const char *prod)
{
    int g = rf_world_region(r->w, reg), p = prod ? rf_world_product(r->w, prod) : -1;
    for (int i = 0; i < r->out.nprices; i++)
        if (r->out.prices[i].region == g && (p < 0 || r->out.prices[i].product == p) && !r->out.prices[i].variant)
            return r->out.prices[i].usd_per_kg;
    fail_msg("no price in %s", reg);
    return 0;
}

static double flow(const run *r, const char *from, const char *to, const char *prod)
{
    int a = rf_world_region(r->w, from), b = rf_world_region(r->w, to), p = prod ? rf_world_product(r->w, prod) : -1;
    double t = 0;
    for (int i = 0; i < r->out.ntrade; i++)
        if (r->out.trade[i].from == a && r->out.trade[i].to == b && (p < 0 || r->out.trade[i].product == p))
            t += r->out.trade[i].t;
    return t;
}

/* A specific tariff of 0.5 from 2025-04-04: Q1 2025 is untaxed (P(B) = 3.5),
 * Q2 pays 0.5 x 88/91 (the mine stays marginal, so all of it lands on B),
 * Q3 the whole 0.5.  The annual run pays 0.5 x 272/365, as before. */
static void test_runner_uses_window(void **state)
{
    (void)state;
    const char *body = "tariffs:\n  - {origin: A, destination: B, products: \"*\", specific: 0.5, from: 2025-04-04}\n";
    run r;
    solve_window(&r, "two_region", 2025, 0, 4, body);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 3.5, TOL, TOL);
    assert_int_equal(r.out.npolicies_active, 0);
    done(&r);
    solve_window(&r, "two_region", 2025, 1, 4, body);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 3.5 + 0.5 * 88.0 / 91.0, 1e-6, 0);
    assert_int_equal(r.out.npolicies_active, 1);
    done(&r);
    solve_window(&r, "two_region", 2025, 2, 4, body);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 4.0, TOL, TOL);
    done(&r);
    solve_year(&r, "two_region", 2025, body);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 3.5 + 0.5 * 272.0 / 365.0, 1e-6, 0);
    done(&r);
}

/* A quota of 40 t/yr holds 10 t in a quarter it covers whole: B, which takes
 * 65 t at 3.5 untaxed, gets 10 t from A. */
static void test_quota_per_window(void **state)
{
    (void)state;
    const char *body = "export_controls:\n  - {exporter: A, destinations: B, products: \"*\", mode: quota, quota_t: 40}\n";
    run r;
    solve_window(&r, "two_region", 2025, 2, 4, body);
    RF_ASSERT_NEAR(flow(&r, "A", "B", NULL), 10.0, TOL, TOL);
    done(&r);
    solve_year(&r, "two_region", 2025, body);
    RF_ASSERT_NEAR(flow(&r, "A", "B", NULL), 40.0, TOL, TOL);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_quarters),
        cmocka_unit_test(test_window_leap_year),
        cmocka_unit_test(test_window_annual_is_year_fraction),
        cmocka_unit_test(test_runner_uses_window),
        cmocka_unit_test(test_quota_per_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
