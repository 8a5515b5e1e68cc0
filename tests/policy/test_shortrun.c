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
    double weight[64]; /* t a first quota row counts per t of each product (1 without weights) */
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
    assert_true(r->w->nproducts <= 64);
    for (int q = 0; q < r->w->nproducts; q++)
        r->weight[q] = in.nlimits && in.limits[0].prod_weight ? in.limits[0].prod_weight[q] : 1.0;
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

/* The exporter's own-output (FOB, plant-gate) price. */
static double fob(const run *r, const char *reg, const char *prod)
{
    int g = rf_world_region(r->w, reg), p = prod ? rf_world_product(r->w, prod) : -1;
    for (int i = 0; i < r->out.nprices; i++)
        if (r->out.prices[i].region == g && (p < 0 || r->out.prices[i].product == p) && r->out.prices[i].has_export)
            return r->out.prices[i].export_usd_per_kg;
    fail_msg("no export price in %s", reg);
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


/* ---------- export tax ---------- */

static double region_usd(const run *r, const double *by_region, const char *reg)
{
    return by_region ? by_region[rf_world_region(r->w, reg)] : 0.0;
}

/*
 * A 20% export tax on A->B with the mine at 50 t is the wedge of a 20% tariff
 * on the same arc (test_policy.c's test_ad_valorem_tariff): untaxed P(A) = 15,
 * P(B) = 16; taxed, the 50 t end inside B's third step (worth 18, net of
 * freight and tax (18 - 1) / 1.2 at the mine), so P(A) = 17 / 1.2 = 14.167:
 * A's price falls by 0.833; B's rises by 2, less than the tax of
 * 0.2 x 14.167 = 2.833.  A takes its steps above 14.167 (27, 22, 18, 15:
 * 16 t), B the other 34 t.  A collects 0.2 x 14.167 x 34 t; B collects nothing.
 */
static void test_export_tax(void **state)
{
    (void)state;
    run r;
    solve_year(&r, "two_region", 2024, "capacity:\n  - {facility: a-mine, factor: 0.5}\n");
    RF_ASSERT_NEAR(price(&r, "A", NULL), 15.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 16.0, TOL, TOL);
    done(&r);
    solve_year(&r, "two_region", 2024,
               "capacity:\n  - {facility: a-mine, factor: 0.5}\n"
               "export_taxes:\n  - {name: a-duty, exporter: A, destinations: B, products: \"concentrate:*\", rate: 0.2}\n");
    assert_true(r.out.converged);
    RF_ASSERT_NEAR(price(&r, "A", NULL), 17.0 / 1.2, 1e-3, 0);
    RF_ASSERT_NEAR(fob(&r, "A", NULL), 17.0 / 1.2, 1e-3, 0);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 18.0, 1e-6, 0);
    assert_true(price(&r, "B", NULL) - 16.0 <= 0.2 * fob(&r, "A", NULL) + 1e-6);
    RF_ASSERT_NEAR(flow(&r, "A", "B", NULL), 34.0, TOL, TOL);
    assert_non_null(r.out.export_tax_revenue);
    /* Revenue is the tax on the FOB price of what was shipped, to the exporter. */
    RF_ASSERT_NEAR(region_usd(&r, r.out.export_tax_revenue, "A"),
                   0.2 * fob(&r, "A", NULL) * flow(&r, "A", "B", NULL) * 1000.0, 0, 1e-4);
    RF_ASSERT_NEAR(region_usd(&r, r.out.export_tax_revenue, "A"), 0.2 * 17.0 / 1.2 * 34.0 * 1000.0, 0, 1e-4);
    RF_ASSERT_NEAR(region_usd(&r, r.out.export_tax_revenue, "B"), 0.0, 0, 0);
    RF_ASSERT_NEAR(region_usd(&r, r.out.tariff_revenue, "B"), 0.0, 0, 0);
    assert_int_equal(r.out.npolicies_active, 1);
    assert_string_equal(r.out.policies_active[0], "a-duty");
    done(&r);
}

/* An exemption lifts the importer's tariff but not the exporter's tax: with
 * both at 20% and an exemption over the year, the year is taxed once (the
 * prices of test_export_tax) and all the revenue is A's. */
static void test_export_tax_not_exempted(void **state)
{
    (void)state;
    run r;
    solve_year(&r, "two_region", 2024,
               "capacity:\n  - {facility: a-mine, factor: 0.5}\n"
               "tariffs:\n  - {origin: A, destination: B, products: \"*\", rate: 0.2}\n"
               "export_taxes:\n  - {exporter: A, products: \"*\", rate: 0.2}\n"
               "exemptions:\n  - {origin: A, destination: B, products: \"*\"}\n");
    RF_ASSERT_NEAR(price(&r, "A", NULL), 17.0 / 1.2, 1e-3, 0);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 18.0, 1e-6, 0);
    RF_ASSERT_NEAR(region_usd(&r, r.out.tariff_revenue, "B"), 0.0, 0, 1e-9);
    RF_ASSERT_NEAR(region_usd(&r, r.out.export_tax_revenue, "A"), 0.2 * 17.0 / 1.2 * 34.0 * 1000.0, 0, 1e-4);
    done(&r);
    /* Tariff and tax together, no exemption: the two rates add (40% on the
     * FOB price); B's steps are worth (wtp - 1) / 1.4 at the mine: 21.67 ->
     * 18.57 (15 t), 17.5 -> 15 (10 t), A's 27, 22, 18, 15 (16 t) ... the 50 t
     * end inside A's step worth 15 (2 t) against B's worth 15 net: both at
     * P(A) = 15, with B's second step (wtp 22 - 1 = 21 / 1.4 = 15) tied.
     * Each collects its rate's half of the wedge. */
    solve_year(&r, "two_region", 2024,
               "capacity:\n  - {facility: a-mine, factor: 0.5}\n"
               "tariffs:\n  - {origin: A, destination: B, products: \"*\", rate: 0.2}\n"
               "export_taxes:\n  - {exporter: A, products: \"*\", rate: 0.2}\n");
    double f = flow(&r, "A", "B", NULL), px = fob(&r, "A", NULL);
    RF_ASSERT_NEAR(region_usd(&r, r.out.tariff_revenue, "B"), 0.2 * px * f * 1000.0, 0, 1e-4);
    RF_ASSERT_NEAR(region_usd(&r, r.out.export_tax_revenue, "A"), 0.2 * px * f * 1000.0, 0, 1e-4);
    RF_ASSERT_NEAR(price(&r, "B", NULL) - 1.0 - price(&r, "A", NULL), 0.4 * px, 1e-3, 0);
    done(&r);
}

/* ---------- quotas in t REO ---------- */

/*
 * The toy's REO contents: metal:NdPr 1.166 t REO per t; a standard magnet
 * keeps its 0.30 t of NdPr metal, 0.30 x 1.166 = 0.3498; a high-coercivity
 * one 0.28 x 1.166 + 0.02 x 1.148 = 0.34944 (conventional) or
 * 0.29 x 1.166 + 0.008 x 1.148 = 0.347324 (GBD), 0.348382 on average.
 *
 * A quota of 17.49 t REO on CN's standard magnets to the US lets 50 t through
 * (the US takes 180 t untaxed at 28.678; JP can send it at most its own
 * 100 t, so 150 t leaves the US short of what it would buy and the quota
 * binds); the same number in t of product lets 17.49 t through.
 */
static void test_quota_reo_basis(void **state)
{
    (void)state;
    run r;
    solve_year(&r, "toy", 2024,
               "export_controls:\n  - {exporter: CN, destinations: US, products: magnet:NdFeB, mode: quota,"
               " quota_t: 17.49, basis: reo}\n");
    RF_ASSERT_NEAR(flow(&r, "CN", "US", "magnet:NdFeB"), 50.0, 1e-6, 0);
    RF_ASSERT_NEAR(r.weight[rf_world_product(r.w, "magnet:NdFeB")], 0.3498, 1e-12, 0);
    assert_int_equal(r.out.nquota_rent, 1);
    assert_true(r.out.quota_rent[0].usd_per_kg > 1.0);
    done(&r);
    solve_year(&r, "toy", 2024,
               "export_controls:\n  - {exporter: CN, destinations: US, products: magnet:NdFeB, mode: quota,"
               " quota_t: 17.49}\n");
    RF_ASSERT_NEAR(flow(&r, "CN", "US", "magnet:NdFeB"), 17.49, 1e-6, 0);
    RF_ASSERT_NEAR(r.weight[rf_world_product(r.w, "magnet:NdFeB")], 1.0, 0, 0);
    done(&r);
    /* The weights of every family, on a quota over everything. */
    solve_year(&r, "toy", 2024,
               "export_controls:\n  - {exporter: CN, destinations: US, products: \"*\", mode: quota,"
               " quota_t: 100000, basis: reo}\n");
    RF_ASSERT_NEAR(r.weight[rf_world_product(r.w, "magnet:NdFeB-hc")], (0.34944 + 0.347324) / 2.0, 1e-12, 0);
    RF_ASSERT_NEAR(r.weight[rf_world_product(r.w, "metal:NdPr")], 1.166, 0, 0);
    RF_ASSERT_NEAR(r.weight[rf_world_product(r.w, "oxide:Dy")], 1.0, 0, 0);
    RF_ASSERT_NEAR(r.weight[rf_world_product(r.w, "concentrate:clay")], 1.0, 0, 0);
    done(&r);
}

/* A licence on an REO basis is one row per destination over all its products
 * (CN to US, JP and AU: 3 rows) instead of one per destination and product
 * (2 magnet products: 6 rows); a share of 1 lets the untaxed flows through. */
static void test_licence_reo_rows(void **state)
{
    (void)state;
    run r;
    solve_year(&r, "toy", 2024,
               "export_controls:\n  - {exporter: CN, destinations: \"*\", products: \"magnet:*\", mode: licence,"
               " share: 1, basis: reo}\n");
    assert_int_equal(r.out.nlimits, 3);
    RF_ASSERT_NEAR(flow(&r, "CN", "US", "magnet:NdFeB"), 180.0, 1e-6, 0);
    done(&r);
    solve_year(&r, "toy", 2024,
               "export_controls:\n  - {exporter: CN, destinations: \"*\", products: \"magnet:*\", mode: licence,"
               " share: 1}\n");
    assert_int_equal(r.out.nlimits, 6);
    done(&r);
}

/* ---------- quota rent and the export wedge ---------- */

/* A quota of 10 t on CN -> US in trade3 binds: the US pays 2.5 (JP's mine is
 * marginal), so a kg more from CN would earn 2.5 - 0.5 freight - 1.0 = 1.0.
 * A quota of 1,000 t does not bind: its rent is 0 and still reported. */
static void test_quota_rent(void **state)
{
    (void)state;
    run r;
    solve_year(&r, "trade3", 2024,
               "export_controls:\n  - {name: cn-quota, exporter: CN, destinations: US, products: \"*\", mode: quota,"
               " quota_t: 10}\n  - {name: cn-open, exporter: CN, destinations: JP, products: \"*\", mode: quota,"
               " quota_t: 1000}\n");
    assert_int_equal(r.out.nquota_rent, 2);
    assert_string_equal(r.out.quota_rent[0].policy, "cn-quota");
    RF_ASSERT_NEAR(r.out.quota_rent[0].usd_per_kg, 2.5 - 0.5 - 1.0, TOL, TOL);
    assert_string_equal(r.out.quota_rent[1].policy, "cn-open");
    RF_ASSERT_NEAR(r.out.quota_rent[1].usd_per_kg, 0.0, TOL, TOL);
    done(&r);
    /* A licence of share 0.3: CN's 45 t to the US and 22.5 t to JP are short of
     * what both would buy at CN's price; JP's mine (2.0) is marginal in both,
     * so each kg more is worth 2.5 - 0.5 - 1.0 = 1.0 to the US and
     * 2.0 - 0.5 - 1.0 = 0.5 to JP; the flow-weighted rent is
     * (45 x 1.0 + 22.5 x 0.5) / 67.5 = 0.8333. */
    solve_year(&r, "trade3", 2024,
               "export_controls:\n  - {exporter: CN, destinations: \"*\", products: \"*\", mode: licence, share: 0.3}\n");
    assert_int_equal(r.out.nquota_rent, 1);
    assert_string_equal(r.out.quota_rent[0].policy, "export_control@3");
    RF_ASSERT_NEAR(r.out.quota_rent[0].usd_per_kg, (45.0 * 1.0 + 22.5 * 0.5) / 67.5, 1e-6, 0);
    done(&r);
    /* A ban has no rent row. */
    solve_year(&r, "trade3", 2024, "export_controls:\n  - {exporter: CN, destinations: US, products: \"*\", mode: ban}\n");
    assert_int_equal(r.out.nquota_rent, 0);
    done(&r);
}

/* The wedge is reported only for what the controlled region exports.  In the
 * toy under a licence of half its flow to the US, CN exports NdPr oxide (to
 * JP) and both magnets, but no bastnaesite, which it imports from the US
 * (4.0 at the US mine, 4.5 delivered): before, the wedge listed bastnaesite
 * too (the US price 4.0 net of freight 0.5 against CN's 4.5), a product CN
 * has no export price for. */
static void test_wedge_only_exports(void **state)
{
    (void)state;
    run r;
    solve_year(&r, "toy", 2024,
               "export_controls:\n  - {exporter: CN, destinations: US, products: \"*\", mode: licence, share: 0.5}\n");
    assert_int_equal(r.out.nexport_wedge, 3);
    int cn = rf_world_region(r.w, "CN");
    const char *want[] = {"oxide:NdPr", "magnet:NdFeB", "magnet:NdFeB-hc"};
    for (int i = 0; i < r.out.nexport_wedge; i++) {
        const rf_export_wedge *e = &r.out.export_wedge[i];
        assert_int_equal(e->region, cn);
        assert_int_equal(e->product, rf_world_product(r.w, want[i]));
        double out_t = 0;
        for (int k = 0; k < r.out.ntrade; k++)
            if (r.out.trade[k].from == cn && r.out.trade[k].product == e->product) out_t += r.out.trade[k].t;
        assert_true(out_t > 1e-6);
    }
    /* CN keeps its untaxed price of standard magnets at home (toy README, step 3). */
    RF_ASSERT_NEAR(r.out.export_wedge[1].domestic_usd_per_kg, 26.678, 1e-3, 0);
    done(&r);
}

/* ---------- exemptions of named tariffs ---------- */

/* Two specific tariffs on A->B, 0.5 ("recip") and 0.3 ("fent"); the mine
 * stays marginal, so B pays each in full: 3.5 + 0.8 = 4.3.  An exemption that
 * names "recip" lifts it alone (3.8); one that names none lifts both (3.5);
 * named from 2024-07-02 it lifts "recip" for 183 of 2024's 366 days:
 * 3.5 + 0.3 + 0.5 x 183 / 366 = 4.05. */
static void test_exemption_of_named_tariffs(void **state)
{
    (void)state;
    const char *tariffs = "tariffs:\n  - {name: recip, origin: A, destination: B, products: \"*\", specific: 0.5}\n"
                          "  - {name: fent, origin: A, destination: B, products: \"*\", specific: 0.3}\n";
    char body[1024];
    run r;
    solve_year(&r, "two_region", 2024, tariffs);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 4.3, TOL, TOL);
    done(&r);
    snprintf(body, sizeof body, "%sexemptions:\n  - {products: \"*\", tariffs: [recip]}\n", tariffs);
    solve_year(&r, "two_region", 2024, body);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 3.8, TOL, TOL);
    RF_ASSERT_NEAR(r.out.tariff_revenue[rf_world_region(r.w, "B")], 0.3 * flow(&r, "A", "B", NULL) * 1000.0, 1e-6, 1e-9);
    done(&r);
    snprintf(body, sizeof body, "%sexemptions:\n  - {products: \"*\"}\n", tariffs);
    solve_year(&r, "two_region", 2024, body);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 3.5, TOL, TOL);
    done(&r);
    snprintf(body, sizeof body, "%sexemptions:\n  - {products: \"*\", tariffs: recip, from: 2024-07-02}\n", tariffs);
    solve_year(&r, "two_region", 2024, body);
    RF_ASSERT_NEAR(price(&r, "B", NULL), 3.5 + 0.3 + 0.5 * 183.0 / 366.0, 1e-9, 1e-9);
    done(&r);
    /* A name no tariff has is bad input, at the exemption's line. */
    rf_err err;
    rf_scenario *sc = NULL;
    rf_world *w = NULL;
    snprintf(body, sizeof body, "data: %s/two_region\n%sexemptions:\n  - {products: \"*\", tariffs: [recip, nope]}\n",
             RF_TEST_DATA_DIR, tariffs);
    assert_int_equal(rf_test_load("rf_shortrun", &sc, &w, NULL, &err, "%s", body), RF_EINVAL);
    assert_int_equal(err.line, 6);
    assert_string_equal(err.field, "exemptions.tariffs");
    assert_non_null(strstr(err.msg, "`nope`"));
    rf_world_free(w);
    rf_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_quarters),
        cmocka_unit_test(test_window_leap_year),
        cmocka_unit_test(test_window_annual_is_year_fraction),
        cmocka_unit_test(test_runner_uses_window),
        cmocka_unit_test(test_quota_per_window),
        cmocka_unit_test(test_export_tax),
        cmocka_unit_test(test_export_tax_not_exempted),
        cmocka_unit_test(test_quota_reo_basis),
        cmocka_unit_test(test_licence_reo_rows),
        cmocka_unit_test(test_quota_rent),
        cmocka_unit_test(test_wedge_only_exports),
        cmocka_unit_test(test_exemption_of_named_tariffs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
