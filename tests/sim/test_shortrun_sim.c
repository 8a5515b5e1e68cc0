/*
 * test_shortrun_sim.c: the simulation stepped by quarters, with a commercial
 * stock, on a world solved by hand.
 *
 * tests/data/shortrun: a mine in A (100 t/yr at 2.5 USD/kg), demand only in
 * B (q0 50 t, p0 10, elasticity -0.5: P = 10 (3 - 2 q/q0) at step midpoints),
 * freight A->B 1 USD/kg.  Calm: P(B) = 3.5 and B takes 65 t/yr (the step
 * [1.2, 1.3] q0 is worth 5, the next [1.3, 1.5] only 2).  B holds 4 months of
 * its use: a target of 65 x 4/12 = 21.667 t, valued at the expected price
 * Pe = 3.5: the first half kept below 1.5 Pe = 5.25, the second below
 * 1.1 Pe = 3.85, half a target more bought only below Pe less the period's
 * holding cost (3.5 x (1 - 0.10 / 4) = 3.4125 in a quarter).
 *
 * An outage halves the mine in 2025Q2: 50 t/yr against B's 65.  Without the
 * stock B's price climbs the demand curve to about 10 (50 t = q0); with it,
 * the working half is drawn at 3.85, 15 t/yr, 3.75 t in the quarter: the
 * stock falls by exactly the gap and B is served in full.  In Q3 the mine is
 * back and the stock is rebuilt to its target.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rareflow/io.h"
#include "rareflow/sim.h"
#include "rf_test.h"
#include "rf_test_util.h"

#define TOL 1e-6
#define WORLD RF_TEST_DATA_DIR "/shortrun"
#define STICKY RF_TEST_DATA_DIR "/sticky"
#define CONTRACT RF_TEST_DATA_DIR "/contract"

typedef struct run {
    rf_scenario *sc;
    rf_world *w;
    rf_results *res;
} run;

/* Run `body` on `world`; with the price probes of probe_t t (and a tie-break)
 * when probe_t > 0, as data/parameters.csv has them; with `unstick`, as if
 * switching.csv had no rows (no family's arcs sticky). */
static void run_world(run *r, const char *world, const char *body, double probe_t, int unstick)
{
    rf_err err;
    rf_status st = rf_test_load("rf_shortrun_sim", &r->sc, &r->w, NULL, &err, "data: %s\n%s", world, body);
    if (st == RF_OK && probe_t > 0.0) {
        r->w->params.price_probe_t = probe_t;
        r->w->params.tie_break = 1e-5;
    }
    for (int f = 0; st == RF_OK && unstick && f < RF_FAM_COUNT; f++) r->w->nswitching[f] = 0;
    rf_sim *s = st == RF_OK ? rf_sim_new(r->w, r->sc, NULL, &err) : NULL;
    if (st == RF_OK && !s) st = err.code;
    if (st == RF_OK) st = rf_sim_run(s, &err);
    if (st != RF_OK) fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
    r->res = rf_sim_take_results(s);
    rf_sim_free(s);
}

static void run_probed(run *r, const char *world, const char *body, double probe_t)
{
    run_world(r, world, body, probe_t, 0);
}

static void run_on(run *r, const char *world, const char *body)
{
    run_probed(r, world, body, 0.0);
}

static void run_yaml(run *r, const char *body)
{
    run_on(r, WORLD, body);
}

static void done(run *r)
{
    rf_results_free(r->res);
    rf_world_free(r->w);
    rf_scenario_free(r->sc);
}

static double flow(const rf_year_result *yr)
{
    double t = 0;
    for (int i = 0; i < yr->ntrade; i++) t += yr->trade[i].t;
    return t;
}

static double price_b(const rf_year_result *yr)
{
    for (int i = 0; i < yr->nprices; i++)
        if (yr->prices[i].region == 1) return yr->prices[i].usd_per_kg;
    fail_msg("no price in B");
    return 0;
}

/* The supply_t of B's price row (what came into B: it makes nothing). */
static double supply_b(const rf_year_result *yr)
{
    for (int i = 0; i < yr->nprices; i++)
        if (yr->prices[i].region == 1) return yr->prices[i].supply_t;
    fail_msg("no price in B");
    return 0;
}

static const rf_inventory *stock_b(const rf_year_result *yr)
{
    assert_int_equal(yr->ninventory, 1);
    return &yr->inventory[0];
}

/* Without shocks a year of quarters is the year: each quarter moves a quarter
 * of the annual flow at the same price, and the stock stays at its target. */
static void test_quarters_add_up(void **state)
{
    (void)state;
    run a, q;
    run_yaml(&a, "years: 2024:2025\n");
    run_yaml(&q, "years: 2024:2025\nperiods: 4\n");
    for (int y = 2024; y <= 2025; y++) {
        const rf_year_result *ya = rf_test_year(a.res, y), *yq = rf_test_year(q.res, y);
        assert_int_equal(yq->status, RF_YEAR_OPTIMAL);
        assert_int_equal(yq->nperiods, 4);
        RF_ASSERT_NEAR(flow(ya), 65.0, TOL, TOL);
        RF_ASSERT_NEAR(flow(yq), 65.0, TOL, TOL);
        RF_ASSERT_NEAR(price_b(yq), 3.5, TOL, TOL);
        /* B's supply: the 65 t it imports, 16.25 t a quarter, summed over the year. */
        RF_ASSERT_NEAR(supply_b(ya), 65.0, TOL, TOL);
        RF_ASSERT_NEAR(supply_b(yq), 65.0, TOL, TOL);
        for (int k = 0; k < 4; k++) {
            RF_ASSERT_NEAR(supply_b(&yq->periods[k]), 16.25, TOL, TOL);
            RF_ASSERT_NEAR(flow(&yq->periods[k]), 16.25, TOL, TOL);
            RF_ASSERT_NEAR(stock_b(&yq->periods[k])->t, 65.0 * 4 / 12, TOL, TOL);
        }
        RF_ASSERT_NEAR(stock_b(ya)->t, 65.0 * 4 / 12, TOL, TOL);
        RF_ASSERT_NEAR(yq->served_t[0], ya->served_t[0], TOL, TOL);
    }
    done(&a);
    done(&q);
}

static const char *outage = "years: 2024:2025\nperiods: 4\n"
                            "shocks:\n  - {type: outage, facility: a-mine, factor: 0.5, from: 2025-04-01, to: 2025-07-01}\n";

/* The outage quarter is served from the stock: it falls by exactly the gap,
 * 15 t/yr x 1/4 = 3.75 t, and B's price stops at the working stock's value
 * 3.85, far below the ~10 it reaches with no stock (next test). */
static void test_outage_drawn_from_stock(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, outage);
    const rf_year_result *y = rf_test_year(r.res, 2025);
    const rf_year_result *q1 = &y->periods[0], *q2 = &y->periods[1], *q3 = &y->periods[2];
    double target = 65.0 * 4 / 12;
    RF_ASSERT_NEAR(stock_b(q1)->t, target, TOL, TOL);
    RF_ASSERT_NEAR(flow(q2), 12.5, TOL, TOL);                /* 50 t/yr for a quarter */
    RF_ASSERT_NEAR(y->periods[1].served_t[0], 16.25, TOL, TOL); /* B served in full */
    RF_ASSERT_NEAR(stock_b(q2)->open_t - stock_b(q2)->t, 3.75, TOL, TOL);
    RF_ASSERT_NEAR(price_b(q2), 3.85, TOL, TOL);
    /* Q3: the mine is back and B restocks to its target at the calm price. */
    RF_ASSERT_NEAR(stock_b(q3)->t, target, TOL, TOL);
    RF_ASSERT_NEAR(flow(q3), 16.25 + 3.75, TOL, TOL);
    RF_ASSERT_NEAR(price_b(q3), 3.5, TOL, TOL);
    /* The year adds its quarters up: B served its 65 t, the restock shipped on top. */
    RF_ASSERT_NEAR(y->served_t[0], 65.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(y), 16.25 + 12.5 + 20.0 + 16.25, TOL, TOL);
    RF_ASSERT_NEAR(stock_b(y)->open_t, target, TOL, TOL);
    done(&r);
}

/* The same outage on the world without its stock: B's price in Q2 sits on
 * the demand curve at 50 t = q0, between the steps worth 10.05 and 9.95. */
static void test_outage_without_stock(void **state)
{
    (void)state;
    run r;
    char body[512];
    snprintf(body, sizeof body, "%s", outage);
    run_yaml(&r, body);
    /* Take the stock away: every period of the world's rule at 0 months. */
    r.w->inventories[0].months = 0.0;
    rf_results_free(r.res);
    rf_err err;
    rf_sim *s = rf_sim_new(r.w, r.sc, NULL, &err);
    assert_non_null(s);
    assert_int_equal(rf_sim_run(s, &err), RF_OK);
    r.res = rf_sim_take_results(s);
    rf_sim_free(s);
    const rf_year_result *q2 = &rf_test_year(r.res, 2025)->periods[1];
    assert_true(price_b(q2) >= 9.95 - TOL && price_b(q2) <= 10.05 + TOL);
    assert_true(price_b(q2) > 3.85);
    RF_ASSERT_NEAR(q2->served_t[0], 12.5, TOL, TOL);
    done(&r);
}

/* Flow from region `from` to B in a year or period. */
static double from_to_b(const run *r, const rf_year_result *yr, const char *from)
{
    int a = rf_world_region(r->w, from);
    double t = 0;
    for (int i = 0; i < yr->ntrade; i++)
        if (yr->trade[i].from == a) t += yr->trade[i].t;
    return t;
}

/*
 * tests/data/sticky: mines in A (100 t at 2.0) and C (100 t at 2.5), demand
 * in B as above (q0 50, p0 10), freight 1 on every arc, reference price 10.
 * In 2024 B buys its 65 t from A (observed flow A>B 65 t, trade_2024.csv) at
 * P(B) = 3.  From 2025 a specific tariff of 1 on A>B makes C cheaper: 3.5
 * landed against 4.  Switching to C pays 0.02 x 10 = 0.2 USD/kg on the first
 * 20% of B's use a year (13 t/yr), 0.1 x 10 = 1.0 beyond (4.5 > 4: never).
 * Annual: C gets 13, 26, 39, 52 and 65 t in 2025-2029, A the rest, and
 * P(B) = 4 (A is still marginal) until C has it all (2029: 3.7, the step).
 * Quarterly 2025: the step is 13 x 1/4 = 3.25 t/yr a quarter, so C's rate
 * climbs 3.25, 6.5, 9.75, 13 t/yr: 8.125 t in the year.
 */
static void test_sticky_switching(void **state)
{
    (void)state;
    const char *tariff = "tariffs:\n  - {origin: A, destination: B, products: \"*\", specific: 1.0, from: 2025-01-01}\n";
    char body[512];
    run a, q;
    snprintf(body, sizeof body, "years: 2024:2029\n%s", tariff);
    run_on(&a, STICKY, body);
    RF_ASSERT_NEAR(from_to_b(&a, rf_test_year(a.res, 2024), "A"), 65.0, TOL, TOL);
    RF_ASSERT_NEAR(from_to_b(&a, rf_test_year(a.res, 2024), "C"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(price_b(rf_test_year(a.res, 2024)), 3.0, TOL, TOL);
    for (int y = 2025; y <= 2028; y++) {
        const rf_year_result *yr = rf_test_year(a.res, y);
        RF_ASSERT_NEAR(from_to_b(&a, yr, "C"), 13.0 * (y - 2024), TOL, TOL);
        RF_ASSERT_NEAR(from_to_b(&a, yr, "A"), 65.0 - 13.0 * (y - 2024), TOL, TOL);
        RF_ASSERT_NEAR(price_b(yr), 4.0, TOL, TOL);
    }
    RF_ASSERT_NEAR(from_to_b(&a, rf_test_year(a.res, 2029), "C"), 65.0, TOL, TOL);
    snprintf(body, sizeof body, "years: 2024:2025\nperiods: 4\n%s", tariff);
    run_on(&q, STICKY, body);
    const rf_year_result *y25 = rf_test_year(q.res, 2025);
    for (int k = 0; k < 4; k++) RF_ASSERT_NEAR(from_to_b(&q, &y25->periods[k], "C"), 3.25 * (k + 1) / 4, TOL, TOL);
    RF_ASSERT_NEAR(from_to_b(&q, y25, "C"), 8.125, TOL, TOL);
    done(&a);
    done(&q);
}

/*
 * The same world and tariff with no switching steps (a family without rows in
 * switching.csv): no arc is sticky, so from 2025 B buys all its 65 t from C,
 * landed at 2.5 + 1 = 3.5 against A's 2 + 1 + 1 = 4, at once, and P(B) = 3.5
 * (C marginal with 35 t to spare; B's demand takes 1.3 q0 = 65 t at any price
 * in (2, 5)).  2024 is as with stickiness: 65 t from A at 3.
 */
static void test_no_steps_not_sticky(void **state)
{
    (void)state;
    run r;
    run_world(&r, STICKY, "years: 2024:2026\ntariffs:\n  - {origin: A, destination: B, products: \"*\", specific: 1.0, "
                          "from: 2025-01-01}\n",
              0.0, 1);
    RF_ASSERT_NEAR(from_to_b(&r, rf_test_year(r.res, 2024), "A"), 65.0, TOL, TOL);
    RF_ASSERT_NEAR(price_b(rf_test_year(r.res, 2024)), 3.0, TOL, TOL);
    for (int y = 2025; y <= 2026; y++) {
        const rf_year_result *yr = rf_test_year(r.res, y);
        RF_ASSERT_NEAR(from_to_b(&r, yr, "C"), 65.0, TOL, TOL);
        RF_ASSERT_NEAR(from_to_b(&r, yr, "A"), 0.0, TOL, TOL);
        RF_ASSERT_NEAR(price_b(yr), 3.5, TOL, TOL);
    }
    done(&r);
}

/*
 * The sticky world in calm years, with the price probes on (0.01 t).  B takes
 * its 65 t from A at the anchor, and its demand has no step between 2 and 5
 * USD/kg there, so any price in [3, 3.2] clears B: A's landed 2 + 1, or that
 * plus the first switching step's 0.02 x 10.  B's probe buys 10-20 kg more.
 * Without room on the arc those kg would cross the step and price B at 3.2 in
 * every calm period; an arc that carries flow has room for them (2-4 x the
 * probe size, docs/model.md) at its normal cost, so B's price is A's landed
 * cost, 3, annual and in each quarter, and B does not switch to C.
 */
static void test_sticky_calm_no_premium(void **state)
{
    (void)state;
    for (int periods = 1; periods <= 4; periods += 3) {
        char body[128];
        snprintf(body, sizeof body, "years: 2024:2026\nperiods: %d\n", periods);
        run r;
        run_probed(&r, STICKY, body, 0.01);
        for (int y = 2024; y <= 2026; y++) {
            const rf_year_result *yr = rf_test_year(r.res, y);
            RF_ASSERT_NEAR(price_b(yr), 3.0, 1e-3, 0);
            for (int k = 0; k < yr->nperiods; k++) RF_ASSERT_NEAR(price_b(&yr->periods[k]), 3.0, 1e-3, 0);
            /* From C only the 5-10 kg its idle origin pool is given (a
             * probe); B gets 65 t and its own probe's kg (at most 0.02 t). */
            double a = from_to_b(&r, yr, "A"), c = from_to_b(&r, yr, "C");
            assert_true(c <= 0.01 + 1e-9);
            assert_true(a + c >= 65.0 - 1e-6 && a + c <= 65.02 + 1e-6);
        }
        done(&r);
    }
}

/* The output of facility `id` in a year, t of activity. */
static double made(const run *r, const rf_year_result *yr, const char *id)
{
    int f = rf_world_facility(r->w, id);
    double t = 0;
    for (int i = 0; i < yr->nproduction; i++)
        if (yr->production[i].facility == f) t += yr->production[i].t;
    return t;
}

/*
 * tests/data/contract: the mine in A (100 t at 2.0) and a mine in B (30 t at
 * 5.0) held by a contract for 20 t through 2025; demand in B as above,
 * freight A->B 1.  B's price is A's 2 + 1 = 3 whatever B's mine does, so B
 * takes 65 t: 20 from its own mine under the contract (losing 5 - 3 = 2
 * USD/kg, the gap reported) and 45 from A.  In 2026 the contract has ended
 * and the mine, out of merit, stops; A supplies all 65 t.
 */
static void test_contract_holds_a_plant(void **state)
{
    (void)state;
    run r;
    run_on(&r, CONTRACT, "years: 2024:2026\n");
    for (int y = 2024; y <= 2025; y++) {
        const rf_year_result *yr = rf_test_year(r.res, y);
        RF_ASSERT_NEAR(made(&r, yr, "b-mine"), 20.0, TOL, TOL);
        RF_ASSERT_NEAR(made(&r, yr, "a-mine"), 45.0, TOL, TOL);
        RF_ASSERT_NEAR(price_b(yr), 3.0, TOL, TOL);
        assert_int_equal(yr->ncontracts, 1);
        RF_ASSERT_NEAR(yr->contracts[0].gap_usd_per_kg, 2.0, TOL, TOL);
        RF_ASSERT_NEAR(yr->contracts[0].breach_t, 0.0, TOL, TOL);
    }
    const rf_year_result *y26 = rf_test_year(r.res, 2026);
    RF_ASSERT_NEAR(made(&r, y26, "b-mine"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(made(&r, y26, "a-mine"), 65.0, TOL, TOL);
    assert_int_equal(y26->ncontracts, 0);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quarters_add_up),
        cmocka_unit_test(test_outage_drawn_from_stock),
        cmocka_unit_test(test_outage_without_stock),
        cmocka_unit_test(test_sticky_switching),
        cmocka_unit_test(test_no_steps_not_sticky),
        cmocka_unit_test(test_sticky_calm_no_premium),
        cmocka_unit_test(test_contract_holds_a_plant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
