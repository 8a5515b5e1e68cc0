/*
 * test_sim.c: the simulation on worlds solved by hand.
 *
 * tests/data/invest: one region A (and an empty region B, for a technology
 * ban's banning region), one product; demand q0 = 100 t, p0 = 10,
 * elasticity -0.5 (P(q) = 10 (1 + 2 (1 - q/q0)) at each step's midpoint);
 * a-mine runs 97 t at 2 USD/kg; two candidate mines b and c (60 t at 14,
 * capex 0.5 MUSD, lead time 2 years, full capacity at once, life 20); 10%
 * discount, no tax; expectations = last year's price (weights "1").
 *
 *   2024-2025: 97 t sits in the step [97, 98] (midpoint 0.975 q0): P = 10.5;
 *              b and c would lose 3.5 USD/kg: no decision.
 *   2026: demand doubles (a shock): 97 t of q0 = 200 is in the step
 *         [60, 100] (midpoint 0.4 q0): P = 22.  Valued at 22, b earns
 *         (22 - 14) x 60 t = 480 kUSD a year over years 2..21: NPV =
 *         -250k - 250k/1.1 + 480k x (1/1.1) x a(20, 10%) = 3,237,737 USD > 0:
 *         committed in 2026, arriving in 2028.  The look-ahead then sees 157 t
 *         (step [140, 160], P = 15): c earns 1 USD/kg, 60 kUSD a year, NPV
 *         < 0: only one of the two is built, though each pays alone.
 *   2027: 22 (b is building); 2028 on: 157 t, P = 15.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "rareflow/io.h"
#include "rareflow/sim.h"
#include "rf_test.h"
#include "rf_test_util.h"

#define TOL 1e-6
#define INVEST RF_TEST_DATA_DIR "/invest"

typedef struct run {
    rf_scenario *sc;
    rf_world *w;
    rf_results *res;
} run;

/* Load the scenario `body` on `data` and its world into r, and a sim of it
 * (not stepped) into *sim. */
static rf_status try_open(run *r, const char *data, const char *body, rf_sim **sim, rf_err *err)
{
    r->res = NULL;
    rf_status st = rf_test_load("rf_sim", &r->sc, &r->w, NULL, err, "data: %s\n%s", data, body);
    *sim = st == RF_OK ? rf_sim_new(r->w, r->sc, NULL, err) : NULL;
    if (st == RF_OK && !*sim) st = err->code;
    return st;
}

static rf_status try_run(run *r, const char *data, const char *body, rf_err *err)
{
    rf_sim *s = NULL;
    rf_status st = try_open(r, data, body, &s, err);
    if (st == RF_OK) st = rf_sim_run(s, err);
    if (st == RF_OK) r->res = rf_sim_take_results(s);
    rf_sim_free(s);
    return st;
}

static void run_yaml(run *r, const char *data, const char *body)
{
    rf_err err;
    if (try_run(r, data, body, &err) != RF_OK)
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

static double price(const run *r, int y)
{
    const rf_year_result *yr = year(r, y);
    assert_int_equal(yr->status, RF_YEAR_OPTIMAL);
    assert_true(yr->nprices >= 1);
    return yr->prices[0].usd_per_kg;
}

static const rf_project_row *project(const run *r, int y, const char *id)
{
    const rf_year_result *yr = year(r, y);
    for (int i = 0; i < yr->nprojects; i++)
        if (!strcmp(r->w->facilities[r->w->projects[yr->projects[i].project].facility].id, id))
            return &yr->projects[i];
    fail_msg("no project %s", id);
    return NULL;
}

static const char *spike = "years: 2024:2030\n"
                           "shocks:\n  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}\n";

static void test_spike_commits_one_project(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, INVEST, spike);
    RF_ASSERT_NEAR(price(&r, 2024), 10.5, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2025), 10.5, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2026), 22.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2027), 22.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2028), 15.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2030), 15.0, TOL, TOL);
    assert_int_equal(project(&r, 2025, "b-mine")->status, RF_PROJ_CANDIDATE);
    const rf_project_row *b = project(&r, 2030, "b-mine");
    assert_int_equal(b->decided, 2026);
    assert_int_equal(b->arrives, 2028); /* exactly the lead time later */
    RF_ASSERT_NEAR(b->npv_usd, -250e3 - 250e3 / 1.1 + 480e3 / 1.1 * (1 - pow(1.1, -20)) / 0.1, 1e-3, 1e-9);
    assert_int_equal(project(&r, 2027, "b-mine")->status, RF_PROJ_BUILDING);
    assert_int_equal(project(&r, 2028, "b-mine")->status, RF_PROJ_OPERATING);
    /* Two projects that each pay alone but not together: only one is built. */
    assert_int_equal(project(&r, 2030, "c-mine")->status, RF_PROJ_CANDIDATE);
    assert_int_equal(year(&r, 2028)->ncapacity, 1);
    RF_ASSERT_NEAR(year(&r, 2028)->capacity[0].t, 157.0, TOL, TOL);
    /* Capex: 0.25 MUSD in each of the two years of its lead time. */
    assert_int_equal(year(&r, 2026)->ncapex, 1);
    RF_ASSERT_NEAR(year(&r, 2026)->capex[0].usd, 250e3, 1e-6, 1e-12);
    RF_ASSERT_NEAR(year(&r, 2027)->capex[0].usd, 250e3, 1e-6, 1e-12);
    assert_int_equal(year(&r, 2028)->ncapex, 0);
    done(&r);
}

/* Without the spike nothing pays, and nothing is built. */
static void test_no_spike_no_project(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, INVEST, "years: 2024:2030\n");
    for (int y = 2024; y <= 2030; y++) RF_ASSERT_NEAR(price(&r, y), 10.5, TOL, TOL);
    assert_int_equal(project(&r, 2030, "b-mine")->status, RF_PROJ_CANDIDATE);
    done(&r);
}

/* A run asked for later years carries the decisions of the years before,
 * stepped but not reported: the spike of 2026 still builds b by 2028. */
static void test_later_years_carry_earlier_decisions(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, INVEST,
             "years: 2028:2030\n"
             "shocks:\n  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}\n");
    assert_int_equal(r.res->nyears, 3);
    assert_int_equal(r.res->years[0].year, 2028);
    RF_ASSERT_NEAR(price(&r, 2028), 15.0, TOL, TOL);
    assert_int_equal(project(&r, 2028, "b-mine")->decided, 2026);
    assert_int_equal(project(&r, 2028, "b-mine")->arrives, 2028);
    done(&r);
}

static int built(const run *r, int y)
{
    return (project(r, y, "b-mine")->status != RF_PROJ_CANDIDATE) + (project(r, y, "c-mine")->status != RF_PROJ_CANDIDATE);
}

/* What a lever pays in a year, summed over its rows. */
static double gov_cost(const run *r, int y, const char *name)
{
    const rf_year_result *yr = year(r, y);
    double t = 0.0;
    for (int i = 0; i < yr->ngovernment_cost; i++)
        if (!strcmp(yr->government_cost[i].policy, name)) t += yr->government_cost[i].usd;
    return t;
}

/* Faster permits: one year off the mines' lead time.  b, decided in 2026,
 * arrives in 2027 with its capex all in 2026: NPV = -500k + 480k a(20, 10%).
 * c, valued at the look-ahead's 15 USD/kg, now earns 60 kUSD a year from year
 * 1: NPV = -500k + 60k a(20, 10%) = +10,814 USD, so it is built too.  In
 * 2027 a runs 97 t at 2 and b and c 120 t at 14, where demand (q0 = 200 t)
 * takes 160 t on steps worth at least 15: the price is 14, b and c run 63 t. */
static void test_permitting_cut(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, INVEST,
             "years: 2024:2030\n"
             "shocks:\n  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}\n"
             "permitting:\n  - {name: fast, regions: A, stages: mine, cut_years: 1, from: 2024}\n");
    const double a20 = (1 - pow(1.1, -20)) / 0.1;
    const rf_project_row *b = project(&r, 2030, "b-mine"), *c = project(&r, 2030, "c-mine");
    assert_int_equal(b->decided, 2026);
    assert_int_equal(b->arrives, 2027);
    assert_int_equal(c->decided, 2026);
    assert_int_equal(c->arrives, 2027);
    RF_ASSERT_NEAR(b->npv_usd, -500e3 + 480e3 * a20, 1e-3, 1e-9);
    RF_ASSERT_NEAR(c->npv_usd, -500e3 + 60e3 * a20, 1e-3, 1e-9);
    RF_ASSERT_NEAR(price(&r, 2027), 14.0, TOL, TOL);
    assert_int_equal(year(&r, 2026)->ncapex, 1);
    RF_ASSERT_NEAR(year(&r, 2026)->capex[0].usd, 1e6, 1e-6, 1e-12);
    assert_int_equal(year(&r, 2027)->ncapex, 0);
    done(&r);
}

/* A technology ban by B (the toy's region with nothing in it) on mines
 * outside it: 20% more capex and one more year.  b, decided in 2026, arrives
 * in 2029 and costs 600k spread over three years: NPV = -200k (1 + 1/1.1 +
 * 1/1.21) + 480k a(20, 10%) / 1.21.  c at 15 loses; the price is 22 until
 * 2028 and 15 from 2029. */
static void test_technology_ban(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, INVEST,
             "years: 2024:2030\n"
             "shocks:\n  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}\n"
             "technology_bans:\n  - {name: ban, exporter: B, stages: mine, capex_premium: 0.2, delay_years: 1,\n"
             "     ramp_stretch: 1, from: 2024}\n");
    const double a20 = (1 - pow(1.1, -20)) / 0.1;
    const rf_project_row *b = project(&r, 2030, "b-mine");
    assert_int_equal(b->decided, 2026);
    assert_int_equal(b->arrives, 2029);
    RF_ASSERT_NEAR(b->capex_usd, 600e3, 1e-9, 1e-12);
    RF_ASSERT_NEAR(b->npv_usd, -200e3 * (1 + 1 / 1.1 + 1 / 1.21) + 480e3 * a20 / 1.21, 1e-3, 1e-9);
    assert_int_equal(built(&r, 2030), 1);
    RF_ASSERT_NEAR(price(&r, 2028), 22.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2029), 15.0, TOL, TOL);
    RF_ASSERT_NEAR(year(&r, 2028)->capex[0].usd, 200e3, 1e-6, 1e-12);
    done(&r);
}

/* A grant tips c exactly at its break-even.  Valued at 15 after b, c's NPV
 * is -477,273 + 60k a(20)/1.1 = -12,896 USD; a grant of share g is paid with
 * the capex, worth g (250k + 250k/1.1) = g 477,273: the break-even share is
 * 0.02702.  At 0.025 one mine is built; at 0.03 both, and the grant costs A
 * 0.03 x 250k for each mine in each of 2026 and 2027. */
static void test_grant_at_threshold(void **state)
{
    (void)state;
    const char *fmt = "years: 2024:2030\n"
                      "shocks:\n  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}\n"
                      "grants:\n  - {name: g, payer: A, regions: A, stages: mine, share: %s, from: 2024}\n";
    char body[512];
    run r;
    snprintf(body, sizeof body, fmt, "0.025");
    run_yaml(&r, INVEST, body);
    assert_int_equal(built(&r, 2030), 1);
    RF_ASSERT_NEAR(gov_cost(&r, 2026, "g"), 0.025 * 250e3, 1e-6, 1e-12);
    done(&r);
    snprintf(body, sizeof body, fmt, "0.03");
    run_yaml(&r, INVEST, body);
    assert_int_equal(built(&r, 2030), 2);
    const double a20 = (1 - pow(1.1, -20)) / 0.1;
    const double c_npv = -250e3 - 250e3 / 1.1 + 60e3 / 1.1 * a20 + 0.03 * (250e3 + 250e3 / 1.1);
    const rf_project_row *b = project(&r, 2030, "b-mine"), *c = project(&r, 2030, "c-mine");
    RF_ASSERT_NEAR(fmin(b->npv_usd, c->npv_usd), c_npv, 1e-3, 1e-9);
    RF_ASSERT_NEAR(gov_cost(&r, 2026, "g"), 2 * 0.03 * 250e3, 1e-6, 1e-12);
    RF_ASSERT_NEAR(gov_cost(&r, 2027, "g"), 2 * 0.03 * 250e3, 1e-6, 1e-12);
    RF_ASSERT_NEAR(gov_cost(&r, 2028, "g"), 0.0, 1e-9, 0);
    done(&r);
}

/* A loan of all the capex at 0% with two interest-only years, repaid in level
 * payments to year 10: draws of 250k in years 0 and 1, then 62.5k in each of
 * years 3..10.  The second mine, at 15, is worth 60k a(20)/1.1 - 62.5k
 * (a(10) - a(2)) = +188,812 to its owners: both are built.  At the market rate
 * (10%) the owner would pay interest of 25k in year 1, 50k in year 2 and the
 * annuity 500k x 0.1 / (1 - 1.1^-8) = 93,722 in years 3..10; the subsidy is
 * the difference, for each mine. */
static void test_loan_subsidy(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, INVEST,
             "years: 2024:2032\n"
             "shocks:\n  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}\n"
             "loans:\n  - {name: l, payer: A, regions: A, stages: mine, share: 1, rate: 0, tenor_years: 10,\n"
             "     grace_years: 2, market_rate: 0.1, from: 2024}\n");
    assert_int_equal(built(&r, 2032), 2);
    const double a20 = (1 - pow(1.1, -20)) / 0.1, a10 = (1 - pow(1.1, -10)) / 0.1, a2 = 1 / 1.1 + 1 / 1.21;
    const rf_project_row *b = project(&r, 2030, "b-mine"), *c = project(&r, 2030, "c-mine");
    RF_ASSERT_NEAR(fmin(b->npv_usd, c->npv_usd), 60e3 / 1.1 * a20 - 62.5e3 * (a10 - a2), 1e-3, 1e-9);
    RF_ASSERT_NEAR(gov_cost(&r, 2026, "l"), 0.0, 1e-6, 0);
    RF_ASSERT_NEAR(gov_cost(&r, 2027, "l"), 2 * 25e3, 1e-6, 1e-12);
    RF_ASSERT_NEAR(gov_cost(&r, 2028, "l"), 2 * 50e3, 1e-6, 1e-12);
    const double annuity = 500e3 * 0.1 / (1 - pow(1.1, -8));
    RF_ASSERT_NEAR(gov_cost(&r, 2029, "l"), 2 * (annuity - 62.5e3), 1e-6, 1e-12);
    RF_ASSERT_NEAR(gov_cost(&r, 2032, "l"), 2 * (annuity - 62.5e3), 1e-6, 1e-12);
    done(&r);
}

/* ---------- one project valued in full (rf_sim_value_project) ---------- */

static int project_index(const rf_world *w, const char *id)
{
    for (int p = 0; p < w->nprojects; p++)
        if (!strcmp(w->facilities[w->projects[p].facility].id, id)) return p;
    fail_msg("no project %s", id);
    return -1;
}

/* A sim of `body` on the invest toy, stepped to `year`. */
static rf_sim *stepped(run *r, const char *body, int year)
{
    rf_err err;
    rf_sim *s = NULL;
    if (try_open(r, INVEST, body, &s, &err) != RF_OK)
        fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
    while (rf_sim_state_get(s)->year < year)
        if (rf_sim_step(s, &err) != RF_OK) fail_msg("step: %s", err.msg);
    assert_int_equal(rf_sim_state_get(s)->year, year);
    return s;
}

/* The spike stepped to 2026 (price 22; expectations: last year's price), c-mine
 * valued as if decided at the end of 2026.  No look-ahead caps the valuation
 * (the decision rule's does, once b is committed), so c is worth what b was:
 * capex 250k in 2026 and 2027; from 2028 (year 2) to 2047 (year 21) 60 t at
 * a margin of 22 - 14 = 8 USD/kg, 480k a year; no tax, no royalty (toy):
 *   NPV = -250k - 250k/1.1 + 480k/1.1 x a(20, 10%) = 3,237,736.8959 USD.
 * IRR: the root of -250k - 250k/(1+r) + sum_{t=2}^{21} 480k/(1+r)^t, solved
 * apart from the code by 200 bisections on [0, 10] in Python (float64):
 * 0.7087882805047664.  Payback: cumulative -250k, -500k, -20k, +460k: year 3
 * (2029), fractional 2 + 20k/480k. */
static void test_value_project_spike(void **state)
{
    (void)state;
    run r;
    rf_err err;
    rf_project_value v;
    rf_sim *s = NULL;
    if (try_open(&r, INVEST, spike, &s, &err) != RF_OK) fail_msg("%s", err.msg);
    int c = project_index(r.w, "c-mine"), b = project_index(r.w, "b-mine");
    /* Must fail: before the first step, a project out of range. */
    assert_int_equal(rf_sim_value_project(s, c, &v, &err), RF_EINVAL);
    rf_project_value_close(&v);
    rf_sim_free(s);
    done(&r);

    s = stepped(&r, spike, 2026);
    assert_int_equal(rf_sim_value_project(s, r.w->nprojects, &v, &err), RF_EINVAL);
    rf_project_value_close(&v);
    assert_int_equal(rf_sim_value_project(s, -1, &v, &err), RF_EINVAL);
    rf_project_value_close(&v);

    const double a20 = (1 - pow(1.1, -20)) / 0.1;
    const double npv = -250e3 - 250e3 / 1.1 + 480e3 / 1.1 * a20; /* 3,237,736.8959 */
    assert_int_equal(rf_sim_value_project(s, c, &v, &err), RF_OK);
    assert_int_equal(v.project, c);
    assert_int_equal(v.decided, 2026);
    assert_int_equal(v.arrives, 2028);
    assert_int_equal(v.blocked, 0);
    assert_string_equal(r.w->recipes[v.recipe].id, "mine-o");
    RF_ASSERT_NEAR(v.capex_usd, 500e3, 1e-6, 0);
    RF_ASSERT_NEAR(v.discount_rate, 0.1, 1e-12, 0);
    RF_ASSERT_NEAR(v.npv_usd, npv, 1e-3, 1e-9);
    RF_ASSERT_NEAR(v.npv_usd, 3237736.8959, 1e-3, 0);
    assert_int_equal(v.irr.kind, RF_FIN_IRR_FOUND);
    assert_int_equal(v.irr.sign_changes, 1);
    assert_int_equal(v.irr.nroots, 1);
    RF_ASSERT_NEAR(v.irr.rate, 0.7087882805047664, 1e-9, 0);
    assert_int_equal(v.payback.paid_back, 1);
    assert_int_equal(v.payback.year, 3);
    RF_ASSERT_NEAR(v.payback.fractional, 2.0 + 20.0 / 480.0, 1e-12, 0);
    RF_ASSERT_NEAR(v.gov_cost_pv_usd, 0.0, 1e-9, 0);
    /* The lines: 22 years (lead 2 + life 20), year 0 = 2026. */
    assert_int_equal(v.flows.nyears, 22);
    assert_int_equal(v.noutputs, 1);
    RF_ASSERT_NEAR(v.capex_by_year_usd[0], 250e3, 1e-6, 0);
    RF_ASSERT_NEAR(v.capex_by_year_usd[1], 250e3, 1e-6, 0);
    RF_ASSERT_NEAR(v.capex_by_year_usd[2], 0.0, 1e-9, 0);
    RF_ASSERT_NEAR(v.volume_t[2], 60.0, 1e-9, 0);
    RF_ASSERT_NEAR(v.price_usd_per_kg[21], 22.0, 1e-9, 0);
    RF_ASSERT_NEAR(v.flows.revenue_usd[2], 60 * 1000 * 22.0, 1e-6, 0); /* 1.32 MUSD */
    RF_ASSERT_NEAR(v.opex_usd[2], 60 * 1000 * 14.0, 1e-6, 0);          /* 0.84 MUSD */
    RF_ASSERT_NEAR(v.flows.revenue_usd[1], 0.0, 1e-9, 0);
    RF_ASSERT_NEAR(v.flows.investor_usd[0], -250e3, 1e-6, 0);
    RF_ASSERT_NEAR(v.flows.investor_usd[21], 480e3, 1e-6, 0);
    rf_project_value_close(&v);
    assert_null(v.buf);
    rf_project_value_close(&v); /* idempotent */

    /* b-mine: the run decided it at the end of 2026, on the same numbers. */
    const rf_sim_state *st = rf_sim_state_get(s);
    assert_int_equal(st->nbuilds, 1);
    assert_int_equal(st->builds[0].project, b);
    assert_int_equal(st->builds[0].decided, 2026);
    RF_ASSERT_NEAR(st->builds[0].npv_usd, npv, 1e-3, 1e-9);
    assert_int_equal(rf_sim_value_project(s, b, &v, &err), RF_OK);
    RF_ASSERT_NEAR(v.npv_usd, npv, 1e-3, 1e-9);
    rf_project_value_close(&v);

    /* Valuing changes nothing in the sim: the rest of the run is the spike's. */
    while (!rf_sim_done(s)) assert_int_equal(rf_sim_step(s, &err), RF_OK);
    r.res = rf_sim_take_results(s);
    rf_sim_free(s);
    RF_ASSERT_NEAR(price(&r, 2028), 15.0, TOL, TOL);
    assert_int_equal(project(&r, 2030, "c-mine")->status, RF_PROJ_CANDIDATE);
    done(&r);
}

/* With a grant of half the capex paid by A (the toy has no
 * government_discount_rate: the default 0.02): the investor gets 125k in each
 * of 2026 and 2027, so NPV rises by 125k + 125k/1.1, and the government's
 * cost is 125k + 125k/1.02 = 247,549.0196 USD.  A block covering c: blocked,
 * nothing valued. */
static void test_value_project_support(void **state)
{
    (void)state;
    run r;
    rf_err err;
    rf_project_value v;
    rf_sim *s = stepped(&r,
                        "years: 2024:2030\n"
                        "shocks:\n  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}\n"
                        "grants:\n  - {name: g, payer: A, projects: c-mine, share: 0.5, from: 2024}\n",
                        2026);
    const double a20 = (1 - pow(1.1, -20)) / 0.1;
    assert_int_equal(rf_sim_value_project(s, project_index(r.w, "c-mine"), &v, &err), RF_OK);
    RF_ASSERT_NEAR(v.npv_usd, -125e3 - 125e3 / 1.1 + 480e3 / 1.1 * a20, 1e-3, 1e-9);
    RF_ASSERT_NEAR(v.gov_cost_pv_usd, 125e3 + 125e3 / 1.02, 1e-6, 1e-12);
    RF_ASSERT_NEAR(v.flows.grant_usd[0], 125e3, 1e-6, 0);
    RF_ASSERT_NEAR(v.flows.gov_cost_usd[1], 125e3, 1e-6, 0);
    /* Cumulative -125k, -250k, +230k: paid back in year 2, at 1 + 250/480. */
    assert_int_equal(v.payback.year, 2);
    RF_ASSERT_NEAR(v.payback.fractional, 1.0 + 250.0 / 480.0, 1e-12, 0);
    rf_project_value_close(&v);
    rf_sim_free(s);
    done(&r);

    s = stepped(&r, "years: 2024:2030\nproject_blocks:\n  - {name: nb, projects: [c-mine], from: 2024}\n", 2025);
    assert_int_equal(rf_sim_value_project(s, project_index(r.w, "c-mine"), &v, &err), RF_OK);
    assert_int_equal(v.blocked, 1);
    assert_int_equal(v.decided, 2025);
    assert_true(isnan(v.npv_usd));
    assert_int_equal(v.irr.kind, RF_FIN_NO_IRR);
    assert_true(isnan(v.irr.rate));
    assert_null(v.buf);
    assert_int_equal(v.flows.nyears, 0);
    rf_project_value_close(&v);
    /* b is not blocked: at 10.5 it loses 3.5 USD/kg, so its cash flow never
     * turns positive and it has no IRR (never a number) and no payback. */
    assert_int_equal(rf_sim_value_project(s, project_index(r.w, "b-mine"), &v, &err), RF_OK);
    assert_int_equal(v.blocked, 0);
    RF_ASSERT_NEAR(v.npv_usd, -250e3 - 250e3 / 1.1, 1e-6, 1e-12);
    assert_int_equal(v.irr.kind, RF_FIN_NO_IRR);
    assert_true(isnan(v.irr.rate));
    assert_int_equal(v.payback.paid_back, 0);
    assert_int_equal(v.payback.year, -1);
    /* It idles at 10.5 (2025's price): no volume, but the price it idles at is kept. */
    RF_ASSERT_NEAR(v.volume_t[2], 0.0, 0, 0);
    RF_ASSERT_NEAR(v.price_usd_per_kg[2], 10.5, 1e-9, 0);
    RF_ASSERT_NEAR(v.price_usd_per_kg[0], 0.0, 0, 0); /* the lead time: not priced */
    rf_project_value_close(&v);
    rf_sim_free(s);
    done(&r);
}

/* Two sims on two threads give the numbers of one after the other. */
typedef struct job {
    const char *body;
    const char *data;
    run r;
    rf_status st;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    rf_err err;
    j->st = try_run(&j->r, j->data, j->body, &err);
    return NULL;
}

/* The numbers of two runs on two threads against the same two one after the other. */
static void threads_same(const char *data, const char *body_a, const char *body_b)
{
    job seq[2] = {{.body = body_a}, {.body = body_b}}, par[2] = {{.body = body_a}, {.body = body_b}};
    for (int i = 0; i < 2; i++) {
        seq[i].data = par[i].data = data;
        run_job(&seq[i]);
    }
    pthread_t t[2];
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&t[i], NULL, run_job, &par[i]), 0);
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(seq[i].st, RF_OK);
        assert_int_equal(par[i].st, RF_OK);
        assert_int_equal(seq[i].r.res->nyears, par[i].r.res->nyears);
        for (int y = 0; y < seq[i].r.res->nyears; y++) {
            const rf_year_result *a = &seq[i].r.res->years[y], *b = &par[i].r.res->years[y];
            assert_int_equal(a->status, b->status);
            assert_true(a->objective == b->objective); /* the same arithmetic: bit for bit */
            assert_int_equal(a->nprices, b->nprices);
            for (int k = 0; k < a->nprices; k++) assert_true(a->prices[k].usd_per_kg == b->prices[k].usd_per_kg);
            assert_int_equal(a->nprojects, b->nprojects);
            for (int k = 0; k < a->nprojects; k++) assert_int_equal(a->projects[k].decided, b->projects[k].decided);
            assert_int_equal(a->nin_use, b->nin_use);
            for (int k = 0; k < a->nin_use; k++) assert_true(a->in_use[k].t == b->in_use[k].t);
        }
        done(&seq[i].r);
        done(&par[i].r);
    }
}

static void test_two_threads(void **state)
{
    (void)state;
    threads_same(INVEST, spike,
                 "years: 2024:2030\n"
                 "shocks:\n  - {type: demand, region: A, sector: industry, factor: 1.5, from: 2025}\n");
}

/* The same on the 2024 world: the baseline and a tariff, to 2030, with investment. */
static void test_two_threads_world(void **state)
{
    (void)state;
    threads_same(RF_DATA_DIR, "years: 2024:2030\n",
                 "years: 2024:2030\n"
                 "tariffs:\n  - {origin: CN, destination: US, products: [\"magnet:*\"], rate: 0.5, from: 2026}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spike_commits_one_project),
        cmocka_unit_test(test_no_spike_no_project),
        cmocka_unit_test(test_later_years_carry_earlier_decisions),
        cmocka_unit_test(test_permitting_cut),
        cmocka_unit_test(test_technology_ban),
        cmocka_unit_test(test_grant_at_threshold),
        cmocka_unit_test(test_loan_subsidy),
        cmocka_unit_test(test_value_project_spike),
        cmocka_unit_test(test_value_project_support),
        cmocka_unit_test(test_two_threads),
        cmocka_unit_test(test_two_threads_world),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
