/*
 * test_policy.c: the trade levers on worlds solved by hand.
 *
 * two_region (tests/data/two_region): a mine in A (100 t at 2.5 USD/kg, or 50 t
 * at half capacity), demand in A (20 t) and B (50 t) with P = 10 (3 - 2 q/q0)
 * valued at step midpoints, freight A->B 1 USD/kg.  trade3 (tests/data/trade3):
 * mines in CN (1.0 USD/kg) and JP (2.0), 1,000 t each; demand in US (100 t) and
 * JP (50 t), same curve shape; freight 0.5 on every arc.  Untaxed, CN supplies
 * both: P(CN) = 1.0, P(US) = P(JP) = 1.5; the US takes 150 t (the step worth 2
 * is served, the next is worth nothing), JP 75 t.
 * Scenarios are written as YAML, so the lever forms are exercised too.
 */
#include <stdio.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rareflow/policy.h"
#include "rf_test.h"
#include "rf_test_util.h"

#define TOL 1e-6

typedef struct run {
    rf_scenario *sc;
    rf_world *w;
    rf_results *res;
} run;

/* Write `body` (after a data: line for the dataset folder `world`) to a temp
 * file, load, check and solve every year: returns the first failure (or RF_OK)
 * with `err` filled, and collects the check's warnings into `warn` (may be NULL). */
static rf_status try_yaml(run *r, const char *world, const char *body, rf_warnings *warn, rf_err *err)
{
    r->res = NULL;
    rf_status st = rf_test_load("rf_policy", &r->sc, &r->w, warn, err, "data: %s\n%s", world, body);
    if (st == RF_OK && !(r->res = rf_results_new(r->w, r->sc->name, r->sc->nyears, err))) st = err->code;
    rf_market *m = st == RF_OK ? rf_market_new(r->w, err) : NULL;
    rf_policy_state *state = m ? rf_policy_state_new(r->sc, err) : NULL;
    for (int i = 0; st == RF_OK && i < r->sc->nyears; i++)
        st = rf_policy_solve_year(m, r->w, r->sc, r->sc->years[i], state, &r->res->years[i], NULL, err);
    rf_policy_state_free(state);
    rf_market_free(m);
    return st;
}

/* Like try_yaml on fixture `world` of tests/data, where every stage must succeed. */
static void run_yaml(run *r, const char *world, const char *body)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", RF_TEST_DATA_DIR, world);
    rf_err err;
    if (try_yaml(r, dir, body, NULL, &err) != RF_OK)
        fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
}

static void done(run *r)
{
    rf_results_free(r->res);
    rf_world_free(r->w);
    rf_scenario_free(r->sc);
}

static const rf_year_result *year(const run *r, int y)
{
    return rf_test_year(r->res, y);
}

static double price(const run *r, int y, const char *reg)
{
    const rf_year_result *yr = year(r, y);
    int g = rf_world_region(r->w, reg);
    for (int i = 0; i < yr->nprices; i++)
        if (yr->prices[i].region == g) return yr->prices[i].usd_per_kg;
    fail_msg("no price in %s", reg);
    return 0;
}

static double flow(const run *r, int y, const char *from, const char *to)
{
    const rf_year_result *yr = year(r, y);
    double t = 0;
    for (int i = 0; i < yr->ntrade; i++)
        if (yr->trade[i].from == rf_world_region(r->w, from) && yr->trade[i].to == rf_world_region(r->w, to))
            t += yr->trade[i].t;
    return t;
}

static double served(const run *r, int y, const char *reg)
{
    const rf_year_result *yr = year(r, y);
    double t = 0;
    for (int d = 0; d < r->w->ndemand; d++)
        if (r->w->demand[d].region == rf_world_region(r->w, reg)) t += yr->served_t[d];
    return t;
}

/* A small importer that keeps importing pays exactly a specific tariff more:
 * the mine stays marginal, so P(B) = 2.5 + 1 + 0.5 = 4.0 and A is unchanged;
 * B still takes 65 t (its steps worth 5 and 7 are above 4); revenue 65 t x 0.5. */
static void test_specific_tariff(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region", "tariffs:\n  - {origin: A, destination: B, products: \"*\", specific: 0.5}\n");
    RF_ASSERT_NEAR(price(&r, 2024, "A"), 2.5, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2024, "B"), 4.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&r, 2024, "A", "B"), 65.0, TOL, TOL);
    RF_ASSERT_NEAR(year(&r, 2024)->tariff_revenue[rf_world_region(r.w, "B")], 65.0 * 0.5 * 1000, 1e-3, 1e-9);
    done(&r);
}

/*
 * A large exporter absorbs part of an ad valorem tariff.  Mine at 50 t: untaxed
 * P(A) = 15, P(B) = 16.  With 20% on A->B, B's steps are worth (wtp - 1) / 1.2 at
 * the mine: 21.67 (15 t), 17.5 (10), 14.17 (10), ...; A's 27 (6), 22 (4), 18 (4),
 * 15 (2), ...  In value order the 50 t end inside B's third step, so
 * P(A) = (18 - 1) / 1.2 = 14.167, the wedge is 0.2 x 14.167 = 2.833 and
 * P(B) = 18: B pays 2 more, A gets 0.833 less.
 * The wedge iteration: on this step P(A) = 17 - w, so the target is
 * T(w) = 0.2 (17 - w), slope -0.2.  Solve 1 (untaxed, P(A) = 15, T = 3) sets
 * w = 3; solve 2 gives T = 2.8, and the slope from solve 1 (another step of
 * B's curve) is (2.8 - 3) / (3 - 0) = -1/15, so w = 3 - 0.2 / (16/15) =
 * 2.8125; solve 3 gives T = 0.2 x 14.1875 = 2.8375, slope (2.8375 - 2.8) /
 * (2.8125 - 3) = -0.2, and the step 0.025 / 1.2 lands on w = 17 / 6 = 2.8333;
 * solve 4 finds it settled, and its answer is the year's: 4 solves (12 with
 * the fixed damping of 0.5 and a final re-solve).
 */
static void test_ad_valorem_tariff(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region",
             "capacity:\n  - {facility: a-mine, factor: 0.5}\n"
             "tariffs:\n  - {origin: A, destination: B, products: [\"concentrate:*\"], rate: 0.2}\n");
    const rf_year_result *y = year(&r, 2024);
    assert_int_equal(y->status, RF_YEAR_OPTIMAL);
    assert_true(y->converged);
    assert_int_equal(y->iterations, 4);
    RF_ASSERT_NEAR(price(&r, 2024, "A"), 17.0 / 1.2, 1e-6, 0);
    RF_ASSERT_NEAR(price(&r, 2024, "B"), 18.0, 1e-6, 0);
    RF_ASSERT_NEAR(served(&r, 2024, "A") + served(&r, 2024, "B"), 50.0, TOL, TOL);
    done(&r);
}

/* 200% on the same arc: B's steps are worth (wtp - 1) / 3 at the mine; the 50 t
 * end inside B's third step (worth 18, net 5.667): P(A) = 17 / 3, P(B) = 18. */
static void test_200_percent_converges(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region",
             "capacity:\n  - {facility: a-mine, factor: 0.5}\n"
             "tariffs:\n  - {name: t200, origin: A, destination: B, products: \"*\", rate: 2.0}\n");
    const rf_year_result *y = year(&r, 2024);
    assert_int_equal(y->status, RF_YEAR_OPTIMAL);
    assert_true(y->converged && y->iterations >= 2 && y->iterations <= RF_TARIFF_MAX_ITER + 1);
    print_message("  200%% tariff: %d solves\n", y->iterations);
    RF_ASSERT_NEAR(price(&r, 2024, "A"), 17.0 / 3.0, 1e-3, 0);
    RF_ASSERT_NEAR(price(&r, 2024, "B"), 18.0, 1e-6, 0);
    assert_int_equal(y->npolicies_active, 1);
    assert_string_equal(y->policies_active[0], "t200");
    done(&r);
}

/* An exemption over the whole year restores the untaxed equilibrium; over the
 * second half it leaves half the specific tariff (time weighting). */
static void test_exemption(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region",
             "years: 2024:2025\n"
             "tariffs:\n  - {origin: A, destination: B, products: \"*\", specific: 0.5}\n"
             "exemptions:\n  - {products: [\"concentrate:*\"], from: 2025}\n");
    RF_ASSERT_NEAR(price(&r, 2024, "B"), 4.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2025, "B"), 3.5, TOL, TOL);
    done(&r);
    run_yaml(&r, "two_region",
             "tariffs:\n  - {origin: A, destination: B, products: \"*\", specific: 0.5}\n"
             "exemptions:\n  - {products: \"*\", from: 2024-07-02}\n");
    /* 2024 is a leap year: the exemption covers the last 183 of 366 days. */
    RF_ASSERT_NEAR(price(&r, 2024, "B"), 3.5 + 0.5 * 183.0 / 366.0, 1e-9, 1e-9);
    done(&r);
}

/* A ban CN->US moves the US to the next-cheapest source (JP's mine, 2.0 + 0.5)
 * and raises its price from 1.5 to 2.5; the US then skips the step worth 2 and
 * takes 130 t, all of it JP's own output: nothing of CN origin reaches the US
 * through JP, although JP keeps importing CN ore for itself. */
static void test_ban(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "trade3",
             "years: 2024:2025\n"
             "export_controls:\n  - {exporter: CN, destinations: US, products: \"*\", mode: ban, from: 2025}\n");
    RF_ASSERT_NEAR(price(&r, 2024, "US"), 1.5, TOL, TOL);
    RF_ASSERT_NEAR(flow(&r, 2024, "CN", "US"), 150.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2025, "US"), 2.5, TOL, TOL);
    RF_ASSERT_NEAR(flow(&r, 2025, "CN", "US"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&r, 2025, "JP", "US"), 130.0, TOL, TOL);
    RF_ASSERT_NEAR(served(&r, 2025, "US"), 130.0, TOL, TOL);
    assert_true(flow(&r, 2025, "CN", "JP") > 1.0);
    /* What JP ships to the US is no more than what its own mine made. */
    const rf_year_result *y = year(&r, 2025);
    double jp_made = 0;
    for (int i = 0; i < y->nproduction; i++)
        if (y->production[i].facility == rf_world_facility(r.w, "jp-mine")) jp_made += y->production[i].t;
    assert_true(flow(&r, 2025, "JP", "US") <= jp_made + TOL);
    done(&r);
}

/* A quota of 10 t binds at its tonnage and opens a wedge: the US still pays
 * 2.5 (JP is marginal), so CN's export price is 2.5 - 0.5 = 2.0 against its
 * domestic 1.0; the quota's rent is the difference. */
static void test_quota(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "trade3",
             "export_controls:\n  - {exporter: CN, destinations: [US], products: \"*\", mode: quota, quota_t: 10}\n");
    const rf_year_result *y = year(&r, 2024);
    RF_ASSERT_NEAR(flow(&r, 2024, "CN", "US"), 10.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2024, "US"), 2.5, TOL, TOL);
    assert_int_equal(y->nlimits, 1);
    RF_ASSERT_NEAR(y->limit_dual[0], 1.0, TOL, TOL);
    assert_int_equal(y->nexport_wedge, 1);
    RF_ASSERT_NEAR(y->export_wedge[0].domestic_usd_per_kg, 1.0, TOL, TOL);
    RF_ASSERT_NEAR(y->export_wedge[0].export_usd_per_kg, 2.0, TOL, TOL);
    done(&r);
}

/* A licence of share 0.3 lets through exactly 0.3 of each arc's pre-solve flow
 * (150 t to the US, 75 t to JP). */
static void test_licence(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "trade3",
             "export_controls:\n  - {exporter: CN, destinations: \"*\", products: \"*\", mode: licence, share: 0.3}\n");
    RF_ASSERT_NEAR(flow(&r, 2024, "CN", "US"), 0.3 * 150.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&r, 2024, "CN", "JP"), 0.3 * 75.0, TOL, TOL);
    done(&r);
}

/* Sanctions close trade at their dates and reopen it after; part of a year
 * closes the same part of the flow the year would have had. */
static void test_sanction_dates(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "trade3",
             "years: 2024:2027\n"
             "sanctions:\n  - {between: CN, and: [US], from: 2025, to: 2026}\n");
    assert_true(flow(&r, 2024, "CN", "US") > 1.0);
    RF_ASSERT_NEAR(flow(&r, 2025, "CN", "US"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&r, 2026, "CN", "US"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&r, 2027, "CN", "US"), 150.0, TOL, TOL);
    assert_int_equal(year(&r, 2024)->npolicies_active, 0);
    assert_int_equal(year(&r, 2025)->npolicies_active, 1);
    done(&r);
    run_yaml(&r, "trade3", "years: 2025\nsanctions:\n  - {between: CN, and: US, from: 2025-07-01}\n");
    RF_ASSERT_NEAR(flow(&r, 2025, "CN", "US"), 150.0 * 181.0 / 365.0, 1e-6, 1e-9);
    done(&r);
}

/* An outage's factor applies only at its dates: the toy's clay mine at 30%
 * in 2025 makes 1.14 t of Dy metal, 3.8 t in 2024 and 2026. */
static void test_outage_dates(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "toy",
             "years: 2024:2026\n"
             "shocks:\n  - {type: outage, facility: au-clay, factor: 0.3, from: 2025, to: 2025}\n");
    for (int y = 2024; y <= 2026; y++) {
        const rf_year_result *yr = year(&r, y);
        double dy = 0;
        for (int i = 0; i < yr->nproduction; i++)
            if (yr->production[i].product == rf_world_product(r.w, "metal:Dy")) dy += yr->production[i].t;
        RF_ASSERT_NEAR(dy, y == 2025 ? 1.14 : 3.8, 1e-6, 1e-9);
    }
    done(&r);
}

/* A demand jump scales the reference demand for its dates.  B's q0 doubles to
 * 100 t and the 100 t mine binds: in value order at the mine (B net of freight)
 * A27 (6), B26 (30), A22 (4), B21 (20), A18 (4), B17 (20), A15 (2), B14 (10),
 * A13 (2), then B's step worth 13 (net 12) takes the last 2 t: P(A) = 12,
 * P(B) = 13, B gets 82 t, A 18 t. */
static void test_demand_shock(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region", "years: 2024:2025\nshocks:\n  - {type: demand, region: B, sector: industry, factor: 2, from: 2025}\n");
    RF_ASSERT_NEAR(served(&r, 2024, "B"), 65.0, TOL, TOL);
    RF_ASSERT_NEAR(served(&r, 2025, "B"), 82.0, TOL, TOL);
    RF_ASSERT_NEAR(served(&r, 2025, "A"), 18.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2025, "A"), 12.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2025, "B"), 13.0, TOL, TOL);
    done(&r);
}

static double gov_cost(const run *r, int y, const char *policy)
{
    const rf_year_result *yr = year(r, y);
    double usd = 0;
    for (int i = 0; i < yr->ngovernment_cost; i++)
        if (!strcmp(yr->government_cost[i].policy, policy)) usd += yr->government_cost[i].usd;
    return usd;
}

static double mine_output(const run *r, int y)
{
    const rf_year_result *yr = year(r, y);
    double t = 0;
    for (int i = 0; i < yr->nproduction; i++) t += yr->production[i].t;
    return t;
}

/*
 * A floor of 5 above the market (2.5 at the mine) runs the mine at its 100 t:
 * the 9 t more go down the demand curves, in value order A's step worth 2
 * (26-30 t) and then half of B's step worth 2 (net 1 at the mine), which is
 * marginal: P(A) = 1.0, P(B) = 2.0.  The top-up costs (5 - 1.0) x 100 t.
 * A floor of 2 below the market costs nothing and changes nothing.
 */
static void test_price_floor(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region",
             "price_floors:\n  - {name: f, facility: a-mine, product: concentrate:o, floor: 5, payer: B}\n");
    RF_ASSERT_NEAR(mine_output(&r, 2024), 100.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2024, "A"), 1.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2024, "B"), 2.0, TOL, TOL);
    RF_ASSERT_NEAR(gov_cost(&r, 2024, "f"), (5.0 - 1.0) * 100.0 * 1000.0, 1e-3, 1e-9);
    assert_int_equal(year(&r, 2024)->government_cost[0].region, rf_world_region(r.w, "B"));
    done(&r);
    run_yaml(&r, "two_region",
             "price_floors:\n  - {name: f, facility: a-mine, product: concentrate:o, floor: 2, payer: A}\n");
    RF_ASSERT_NEAR(mine_output(&r, 2024), 91.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2024, "A"), 2.5, TOL, TOL);
    RF_ASSERT_NEAR(gov_cost(&r, 2024, "f"), 0.0, TOL, TOL);
    done(&r);
    /* With a 30% share of the upside the payer gets 0.3 x (2.5 - 2) x 91 t back. */
    run_yaml(&r, "two_region",
             "price_floors:\n  - {name: f, facility: a-mine, product: concentrate:o, floor: 2, payer: A,\n"
             "     upside_share: 0.3}\n");
    RF_ASSERT_NEAR(gov_cost(&r, 2024, "f"), -0.3 * 0.5 * 91.0 * 1000.0, 1e-3, 1e-9);
    done(&r);
}

/*
 * An offtake of half the mine (50 t) to B at a contract price of 20 leaves
 * 50 t for the market: the scarce case, P(A) = 15, P(B) = 16.  The volume is
 * delivered although the market pays 16 < 20; the buyer pays (20 - 16) x 50 t
 * above its market value.
 */
static void test_offtake(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region",
             "offtakes:\n  - {name: o, facility: a-mine, product: concentrate:o, buyer: B, share: 0.5, price: 20}\n");
    const rf_year_result *y = year(&r, 2024);
    assert_int_equal(y->nextra, 1);
    RF_ASSERT_NEAR(y->extra_t[0], 50.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2024, "A"), 15.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2024, "B"), 16.0, TOL, TOL);
    RF_ASSERT_NEAR(gov_cost(&r, 2024, "o"), (20.0 - 16.0) * 50.0 * 1000.0, 1e-3, 1e-9);
    done(&r);
}

/* An offtake that cannot be delivered (A->B is banned) makes the year
 * infeasible: a status with no numbers, not an error or a wrong number. */
static void test_infeasible_year(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region",
             "offtakes:\n  - {name: o, facility: a-mine, product: concentrate:o, buyer: B, share: 0.5}\n"
             "export_controls:\n  - {exporter: A, destinations: B, products: \"*\", mode: ban}\n");
    const rf_year_result *y = year(&r, 2024);
    assert_int_equal(y->status, RF_YEAR_INFEASIBLE);
    assert_int_equal(y->nprices, 0);
    assert_int_equal(y->ntrade, 0);
    done(&r);
}

/*
 * A stockpile in B (10 t, target 25, fills up to 5 t/yr below 4 USD/kg,
 * releases up to 4 t/yr above 12): in 2024 B pays 3.5, so it fills 5 t (15);
 * in 2025 the mine is at half capacity and B pays about 16, so it releases 4 t
 * (11); in 2026 it fills again (16).  It never goes negative.
 */
static void test_stockpile(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region",
             "years: 2024:2026\n"
             "shocks:\n  - {type: outage, facility: a-mine, factor: 0.5, from: 2025, to: 2025}\n"
             "stockpiles:\n  - {name: s, region: B, product: concentrate:o, initial_t: 10, target_t: 25,\n"
             "     fill_price: 4, fill_rate_t: 5, release_price: 12, release_rate_t: 4}\n");
    const double want[3] = {15.0, 11.0, 16.0};
    for (int y = 2024; y <= 2026; y++) {
        const rf_year_result *yr = year(&r, y);
        assert_int_equal(yr->nstockpile, 1);
        RF_ASSERT_NEAR(yr->stockpile[0].t, want[y - 2024], TOL, TOL);
        assert_true(yr->stockpile[0].t >= 0.0);
    }
    assert_true(price(&r, 2025, "B") > 12.0 && price(&r, 2024, "B") < 4.0);
    /* The element balance closes with the stock's fills and releases. */
    for (int y = 2024; y <= 2026; y++) {
        rf_balance b;
        assert_int_equal(rf_analytics_balance(r.w, year(&r, y), &b, NULL), RF_OK);
        for (int g = 0; g < RF_GROUP_COUNT; g++) assert_true(b.rel_error[g] <= 1e-9);
        rf_balance_close(&b);
    }
    done(&r);
}

/* Sum of a year's trade flows from `from` (any destination) of variants only (1) or
 * ordinary products only (0). */
static double flow_kind(const run *r, int y, const char *from, int variant)
{
    const rf_year_result *yr = year(r, y);
    double t = 0;
    for (int i = 0; i < yr->ntrade; i++)
        if ((!from || yr->trade[i].from == rf_world_region(r->w, from)) && yr->trade[i].variant == variant)
            t += yr->trade[i].t;
    return t;
}

static double variant_price(const run *r, int y, const char *reg, int variant)
{
    const rf_year_result *yr = year(r, y);
    for (int i = 0; i < yr->nprices; i++)
        if (yr->prices[i].region == rf_world_region(r->w, reg) && yr->prices[i].variant == variant &&
            yr->prices[i].product == rf_world_product(r->w, "oxide:X"))
            return yr->prices[i].usd_per_kg;
    fail_msg("no %s price of oxide:X in %s", variant ? "compliant" : "ordinary", reg);
    return 0;
}

static double served_sector(const run *r, int y, const char *sector)
{
    const rf_year_result *yr = year(r, y);
    for (int d = 0; d < r->w->ndemand; d++)
        if (!strcmp(r->w->demand[d].sector, sector)) return yr->served_t[d];
    return -1;
}

/*
 * tests/data/content: CN mines 100 t (1.0 USD/kg), JP mines 10 t (1.5) and
 * separates 50 t (1.0); the US buys oxide for defense and industry (20 t
 * each); arcs CN->JP and JP->US.  A rule that US defense oxide must avoid CN
 * can only be met from JP's own ore: at most 10 t, every tonne of it made by
 * compliant recipes outside CN, priced at least at the ordinary price.  With
 * JP's mine out, the defense demand goes unserved rather than take CN ore.
 */
static void test_sourcing_rule(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "content", "sourcing_rules:\n  - {name: dfars, demand: [\"US:defense\"], exclude: [CN]}\n");
    const rf_year_result *y = year(&r, 2024);
    double defense = served_sector(&r, 2024, "defense");
    assert_true(defense > 1.0 && defense <= 10.0 + TOL);
    /* Paths: no compliant activity in CN, no variant shipped from CN, and the
     * compliant oxide shipped equals what JP separated from compliant ore. */
    for (int f = 0; f < r.w->nfacilities; f++)
        if (r.w->facilities[f].region == rf_world_region(r.w, "CN"))
            RF_ASSERT_NEAR(y->activity_compliant[r.w->facilities[f].recipe_offset], 0.0, 0, 0);
    RF_ASSERT_NEAR(flow_kind(&r, 2024, "CN", 1), 0.0, 0, 0);
    int sep = rf_world_facility(r.w, "jp-sep"), mine = rf_world_facility(r.w, "jp-mine");
    RF_ASSERT_NEAR(flow_kind(&r, 2024, "JP", 1), defense, TOL, TOL);
    assert_true(y->activity_compliant[r.w->facilities[sep].recipe_offset] >= defense - TOL);
    assert_true(y->activity_compliant[r.w->facilities[mine].recipe_offset] >= defense - TOL);
    assert_true(variant_price(&r, 2024, "US", 1) >= variant_price(&r, 2024, "US", 0) - 1e-9);
    assert_string_equal(rf_year_product_name(r.w, y, rf_world_product(r.w, "oxide:X"), 1), "oxide:X@dfars");
    done(&r);
    run_yaml(&r, "content",
             "shocks:\n  - {type: outage, facility: jp-mine, factor: 0}\n"
             "sourcing_rules:\n  - {name: dfars, demand: [\"US:defense\"], exclude: [CN]}\n");
    RF_ASSERT_NEAR(served_sector(&r, 2024, "defense"), 0.0, TOL, TOL);
    assert_true(served_sector(&r, 2024, "industry") > 1.0);
    done(&r);
}

/* China's content rule: JP may no longer export oxide it made from CN ore, but
 * its own 10 t still go to the US; CN keeps selling ore to JP for JP's use. */
static void test_content_rule(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "content", "content_rules:\n  - {name: cn-content, exporter: CN}\n");
    RF_ASSERT_NEAR(flow_kind(&r, 2024, "JP", 0), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(flow_kind(&r, 2024, "JP", 1), 10.0, TOL, TOL);
    done(&r);
    run_yaml(&r, "content", "years: 2024\n");
    RF_ASSERT_NEAR(flow_kind(&r, 2024, "JP", 0), 50.0, TOL, TOL); /* without the rule */
    done(&r);
}

/* A year that is infeasible before its licence can be sized (the pre-solve) is
 * reported infeasible with no numbers; the solve itself succeeds. */
static void test_infeasible_presolve(void **state)
{
    (void)state;
    run r;
    rf_err err;
    rf_status st = try_yaml(&r, RF_TEST_DATA_DIR "/two_region",
                            "offtakes:\n  - {facility: a-mine, product: concentrate:o, buyer: B, share: 1}\n"
                            "export_controls:\n  - {exporter: A, destinations: B, products: \"*\", mode: ban}\n"
                            "  - {exporter: B, destinations: \"*\", products: \"*\", mode: licence, share: 0.5}\n",
                            NULL, &err);
    if (st != RF_OK) fail_msg("%s", err.msg);
    const rf_year_result *y = year(&r, 2024);
    assert_int_equal(y->status, RF_YEAR_INFEASIBLE);
    assert_int_equal(y->nprices, 0);
    assert_int_equal(y->nproduction, 0);
    done(&r);
}

/* Results own their strings: the scenario that named the lever can go first. */
static void test_results_outlive_scenario(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, "two_region",
             "price_floors:\n  - {name: floor-b, facility: a-mine, product: concentrate:o, floor: 5, payer: B}\n");
    rf_scenario_free(r.sc);
    r.sc = NULL;
    const rf_year_result *y = year(&r, 2024);
    assert_int_equal(y->ngovernment_cost, 1);
    assert_string_equal(y->government_cost[0].policy, "floor-b");
    assert_string_equal(y->policies_active[0], "floor-b");
    done(&r);
}

/* A comparison keeps its keys, variant names included, after both runs are freed. */
static void test_comparison_outlives_runs(void **state)
{
    (void)state;
    run a, b;
    run_yaml(&a, "content", "sourcing_rules:\n  - {name: dfars, demand: [\"US:defense\"], exclude: [CN]}\n");
    run_yaml(&b, "content", "sourcing_rules:\n  - {name: dfars, demand: [\"US:defense\"], exclude: [CN]}\n"
                            "shocks:\n  - {type: outage, facility: jp-mine, factor: 0.5}\n");
    rf_comparison c;
    rf_err err;
    assert_int_equal(rf_analytics_compare(a.w, a.res, b.res, &c, &err), RF_OK);
    rf_results_free(a.res);
    rf_results_free(b.res);
    a.res = b.res = NULL;
    int variants = 0;
    for (int i = 0; i < c.nrows; i++)
        if (c.rows[i].kind == RF_DIFF_PRICE && c.rows[i].key[1] && strchr(c.rows[i].key[1], '@'))
            variants += !strcmp(strchr(c.rows[i].key[1], '@'), "@dfars");
    assert_true(variants > 0);
    rf_comparison_close(&c);
    done(&a);
    done(&b);
}

/* Levers accepted but probably not meant are warnings; a trade lever with no
 * arc is an error. */
static void test_lever_warnings(void **state)
{
    (void)state;
    run r;
    rf_err err;
    rf_warnings warn;
    rf_warnings_init(&warn);
    rf_status st = try_yaml(&r, RF_TEST_DATA_DIR "/trade3",
                            "years: 2024:2025\n"
                            "tariffs:\n"
                            "  - {origin: CN, destination: US, products: \"*\", rate: 0.1}\n"   /* line 4 */
                            "  - {origin: CN, destination: US, products: \"*\", rate: 0.1}\n"   /* 5: repeat */
                            "  - {origin: CN, destination: US, products: \"*\", specific: 0}\n" /* 6: no effect */
                            "export_controls:\n"
                            "  - {exporter: CN, destinations: US, products: \"*\", mode: ban, from: 2025}\n" /* 8 */
                            "  - {exporter: CN, destinations: \"*\", products: \"*\", mode: licence, share: 0.5}\n" /* 9 */
                            "exemptions:\n"
                            "  - {origin: JP, destination: US, products: \"*\"}\n"            /* 11: lifts nothing */
                            "shocks:\n"
                            "  - {type: outage, region: CN, factor: 0.5, from: 2030}\n",       /* 13: never in force */
                            &warn, &err);
    if (st != RF_OK) fail_msg("%s", err.msg);
    int lines[] = {5, 6, 9, 11, 13};
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        int found = 0;
        for (int i = 0; i < warn.n; i++) found |= warn.items[i].line == lines[k];
        if (!found) fail_msg("no warning at line %d", lines[k]);
    }
    assert_int_equal(warn.n, 5);
    rf_warnings_close(&warn);
    done(&r);
    st = try_yaml(&r, RF_TEST_DATA_DIR "/trade3",
                  "tariffs:\n  - {origin: CN, destination: CN, products: \"*\", rate: 0.1}\n", NULL, &err);
    assert_int_equal(st, RF_EINVAL);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.field, "tariffs");
    done(&r);
}

/* Limits that only the year reveals: quota rows past RF_MAX_FLOW_LIMITS, and
 * demand shocks whose product takes a demand past RF_MAX_QTY_T.  Both are bad
 * input with the scenario's file and the lever's line. */
static void test_year_limits(void **state)
{
    (void)state;
    run r;
    rf_err err;
    /* 20 x 19 x 34 = 12,920 licence rows per lever on the 2024 world: the second lever is too many. */
    rf_status st = try_yaml(&r, RF_DATA_DIR,
                            "export_controls:\n"
                            "  - {exporter: \"*\", destinations: \"*\", products: \"*\", mode: licence, share: 0.5}\n"
                            "  - {exporter: \"*\", destinations: \"*\", products: \"*\", mode: licence, share: 0.4}\n",
                            NULL, &err);
    assert_int_equal(st, RF_EINVAL);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.file, "rf_policy_"));
    assert_non_null(strstr(err.msg, "RF_MAX_FLOW_LIMITS"));
    done(&r);
    /* 20 t x 1000^3 = 2e10 t > 1e9 t: the third shock (line 5) is refused. */
    st = try_yaml(&r, RF_TEST_DATA_DIR "/two_region",
                  "shocks:\n"
                  "  - {type: demand, region: A, sector: \"*\", factor: 1000}\n"
                  "  - {type: demand, region: A, sector: \"*\", factor: 1000, name: again}\n"
                  "  - {type: demand, region: A, sector: \"*\", factor: 1000, name: thrice}\n",
                  NULL, &err);
    assert_int_equal(st, RF_EINVAL);
    assert_int_equal(err.line, 5);
    assert_string_equal(err.field, "shocks.factor");
    assert_non_null(strstr(err.msg, "RF_MAX_QTY_T"));
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_specific_tariff),  cmocka_unit_test(test_ad_valorem_tariff),
        cmocka_unit_test(test_200_percent_converges), cmocka_unit_test(test_exemption),
        cmocka_unit_test(test_ban),              cmocka_unit_test(test_quota),
        cmocka_unit_test(test_licence),          cmocka_unit_test(test_sanction_dates),
        cmocka_unit_test(test_outage_dates),     cmocka_unit_test(test_demand_shock),
        cmocka_unit_test(test_price_floor),      cmocka_unit_test(test_offtake),
        cmocka_unit_test(test_stockpile),        cmocka_unit_test(test_sourcing_rule),
        cmocka_unit_test(test_content_rule),     cmocka_unit_test(test_infeasible_year),
        cmocka_unit_test(test_infeasible_presolve), cmocka_unit_test(test_results_outlive_scenario),
        cmocka_unit_test(test_comparison_outlives_runs), cmocka_unit_test(test_lever_warnings),
        cmocka_unit_test(test_year_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
