/*
 * test_invest.c: the investment levers (src/policy/invest.c) and the terms
 * they give a project (rf_policy_project_terms), on worlds small enough to
 * check by eye.
 *
 * tests/data/invest: one region A; b-mine and c-mine are projects (capex
 * 0.5 MUSD, lead time 2 years, full capacity at once); a-mine runs already
 * and is no project; finance.csv: 10% discount everywhere.
 * tests/data/invest2: the same plus a region B with its own project d-mine
 * (capex 1 MUSD, lead 3 years) and a generic separation block gen-sep-B
 * (10 t at 20,000 USD/t: 0.2 MUSD, lead 3, ramp 0.5 then 1); B's discount
 * rate is 7%.
 * Every number below follows from the lever's definition in
 * docs/policies.md: a technology ban by B with premium 0.5, delay 1 and
 * stretch 2 makes A's b-mine cost 0.5 x 1.5 = 0.75 MUSD, take 2 + 1 = 3
 * years and ramp twice as slowly, and leaves B's own d-mine alone.
 */
#include <stdio.h>
#include <string.h>

#include "rareflow/io.h"
#include "rareflow/policy.h"
#include "rf_test.h"
#include "rf_test_util.h"

#define INVEST RF_TEST_DATA_DIR "/invest"
#define INVEST2 RF_TEST_DATA_DIR "/invest2"
#define TOL 1e-9

typedef struct world_sc {
    rf_scenario *sc;
    rf_world *w;
} world_sc;

/* Load `body` with `data: world` in front, load the world and check both;
 * returns the first failure with `err` (and the check's warnings in `warn`,
 * which may be NULL). */
static rf_status try_load(world_sc *x, const char *world, const char *body, rf_warnings *warn, rf_err *err)
{
    return rf_test_load("rf_invest", &x->sc, &x->w, warn, err, "data: %s\nyears: 2024:2030\n%s", world, body);
}

static void load(world_sc *x, const char *world, const char *body)
{
    rf_err err;
    if (try_load(x, world, body, NULL, &err) != RF_OK)
        fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
}

static void done(world_sc *x)
{
    rf_world_free(x->w);
    rf_scenario_free(x->sc);
}

/* The terms of the project whose plant is facility `id`, decided in `year`. */
static rf_project_terms terms(const world_sc *x, const char *id, int year)
{
    int f = rf_world_facility(x->w, id);
    assert_true(f >= 0);
    int p = x->w->project_of[f];
    assert_true(p >= 0);
    rf_project_terms t;
    rf_policy_project_terms(x->sc, x->w, p, year, &t);
    return t;
}

/* A project's own terms: nothing changed, no support, nobody paying. */
static void assert_untouched(const rf_project_terms *t, double capex_usd, int lead)
{
    RF_ASSERT_NEAR(t->capex_usd, capex_usd, TOL, 0);
    assert_int_equal(t->lead_time_years, lead);
    RF_ASSERT_NEAR(t->ramp_stretch, 1.0, 0, 0);
    assert_int_equal(t->blocked, 0);
    RF_ASSERT_NEAR(t->grant_share + t->grant_usd + t->loan_share + t->equity_share + t->ebitda_guarantee_usd, 0, 0, 0);
    assert_int_equal(t->ebitda_years, 0);
    assert_int_equal(t->grant_payer, -1);
    assert_int_equal(t->loan_payer, -1);
    assert_int_equal(t->equity_payer, -1);
    assert_int_equal(t->guarantee_payer, -1);
    assert_int_equal(t->grant_policy, -1);
    assert_int_equal(t->loan_policy, -1);
    assert_int_equal(t->equity_policy, -1);
    assert_int_equal(t->guarantee_policy, -1);
}

/* ---- the terms of each lever ------------------------------------------- */

static void test_no_levers(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "");
    rf_project_terms t = terms(&x, "b-mine", 2026);
    assert_untouched(&t, 500000, 2);
    t = terms(&x, "d-mine", 2026);
    assert_untouched(&t, 1000000, 3);
    t = terms(&x, "gen-sep-B", 2026);
    assert_untouched(&t, 200000, 3); /* one block: 10 t x 20,000 USD/t */
    done(&x);
}

static void test_grant(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST, "grants:\n  - {name: doe, payer: A, projects: b-mine, share: 0.3, amount_musd: 0.1}\n");
    rf_project_terms t = terms(&x, "b-mine", 2026);
    RF_ASSERT_NEAR(t.grant_share, 0.3, TOL, 0);
    RF_ASSERT_NEAR(t.grant_usd, 100000, TOL, 0);
    assert_int_equal(t.grant_payer, 0);
    assert_int_equal(t.grant_policy, 0);
    /* A grant changes neither the capex nor the timing, and gives nothing else. */
    RF_ASSERT_NEAR(t.capex_usd, 500000, TOL, 0);
    assert_int_equal(t.lead_time_years, 2);
    RF_ASSERT_NEAR(t.loan_share + t.equity_share + t.ebitda_guarantee_usd, 0, 0, 0);
    assert_int_equal(t.loan_policy, -1);
    t = terms(&x, "c-mine", 2026); /* not named */
    assert_untouched(&t, 500000, 2);
    assert_string_equal(rf_policy_kind_name(x.sc->policies[0].kind), "grant");
    done(&x);
}

static void test_grants_add_up_within_capex(void **state)
{
    (void)state;
    world_sc x;
    /* Two programmes on b-mine add up; the second one's payer and lever are reported. */
    load(&x, INVEST, "grants:\n  - {payer: A, projects: b-mine, share: 0.3, amount_musd: 0.1}\n"
                     "  - {name: state, payer: A, regions: A, share: 0.2}\n");
    rf_project_terms t = terms(&x, "b-mine", 2026);
    RF_ASSERT_NEAR(t.grant_share, 0.5, TOL, 0);
    RF_ASSERT_NEAR(t.grant_usd, 100000, TOL, 0);
    assert_int_equal(t.grant_policy, 1);
    t = terms(&x, "c-mine", 2026);
    RF_ASSERT_NEAR(t.grant_share, 0.2, TOL, 0);
    RF_ASSERT_NEAR(t.grant_usd, 0, 0, 0);
    done(&x);
    /* Never more than the capex: 0.8 + 0.7 is all of it, and the amount then nothing;
     * an amount above what the share leaves is cut to it (0.6 x 0.5 MUSD). */
    load(&x, INVEST, "grants:\n  - {payer: A, projects: b-mine, share: 0.8}\n"
                     "  - {payer: A, share: 0.7, amount_musd: 0.2}\n"
                     "  - {payer: A, projects: c-mine, share: 0.4, amount_musd: 1}\n");
    t = terms(&x, "b-mine", 2026);
    RF_ASSERT_NEAR(t.grant_share, 1.0, TOL, 0);
    RF_ASSERT_NEAR(t.grant_usd, 0, TOL, 0);
    t = terms(&x, "c-mine", 2026);
    RF_ASSERT_NEAR(t.grant_share, 1.0, TOL, 0); /* 0.7 + 0.4 */
    RF_ASSERT_NEAR(t.grant_usd, 0, TOL, 0);
    done(&x);
    load(&x, INVEST, "grants:\n  - {payer: A, share: 0.4, amount_musd: 1}\n");
    t = terms(&x, "b-mine", 2026);
    RF_ASSERT_NEAR(t.grant_share, 0.4, TOL, 0);
    RF_ASSERT_NEAR(t.grant_usd, 300000, TOL, 0);
    done(&x);
}

static void test_loan(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "loans:\n  - {name: lpo, payer: A, share: 0.5, rate: 0.02, tenor_years: 10, grace_years: 3}\n");
    rf_project_terms t = terms(&x, "b-mine", 2026);
    RF_ASSERT_NEAR(t.loan_share, 0.5, TOL, 0);
    RF_ASSERT_NEAR(t.loan_rate, 0.02, TOL, 0);
    RF_ASSERT_NEAR(t.loan_market_rate, 0.10, TOL, 0); /* A: finance.csv's default row */
    assert_int_equal(t.loan_tenor_years, 10);
    assert_int_equal(t.loan_grace_years, 3);
    assert_int_equal(t.loan_payer, 0);
    assert_int_equal(t.loan_policy, 0);
    RF_ASSERT_NEAR(t.grant_share + t.equity_share, 0, 0, 0);
    t = terms(&x, "d-mine", 2026);
    RF_ASSERT_NEAR(t.loan_market_rate, 0.07, TOL, 0); /* B's own discount rate */
    assert_int_equal(t.loan_payer, 0);                /* A lends to a project in B */
    done(&x);
    /* A stated market rate wins; a later loan replaces an earlier one. */
    load(&x, INVEST2, "loans:\n  - {payer: A, share: 0.5, rate: 0.02, tenor_years: 10}\n"
                      "  - {payer: B, regions: B, share: 0.4, rate: 0.01, market_rate: 0.06, tenor_years: 12}\n");
    t = terms(&x, "d-mine", 2026);
    RF_ASSERT_NEAR(t.loan_share, 0.4, TOL, 0);
    RF_ASSERT_NEAR(t.loan_rate, 0.01, TOL, 0);
    RF_ASSERT_NEAR(t.loan_market_rate, 0.06, TOL, 0);
    assert_int_equal(t.loan_tenor_years, 12);
    assert_int_equal(t.loan_grace_years, 0);
    assert_int_equal(t.loan_payer, 1);
    assert_int_equal(t.loan_policy, 1);
    t = terms(&x, "b-mine", 2026);
    assert_int_equal(t.loan_policy, 0);
    done(&x);
    /* Grant and loan never pay more than the capex: the loan gets what the grant leaves. */
    load(&x, INVEST, "grants:\n  - {payer: A, share: 0.6, amount_musd: 0.05}\n"
                     "loans:\n  - {payer: A, share: 0.5, rate: 0.02, tenor_years: 10}\n");
    t = terms(&x, "b-mine", 2026);
    RF_ASSERT_NEAR(t.loan_share, 0.3, TOL, 0); /* 1 - 0.6 - 0.05/0.5 */
    done(&x);
}

static void test_equity_and_guarantee(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "equity:\n  - {name: dod-stake, payer: A, projects: b-mine, share: 0.15}\n"
                      "ebitda_guarantees:\n  - {name: dod-10x, payer: A, projects: [b-mine, d-mine], ebitda_musd: 140,"
                      " years: 10}\n");
    rf_project_terms t = terms(&x, "b-mine", 2026);
    RF_ASSERT_NEAR(t.equity_share, 0.15, TOL, 0);
    assert_int_equal(t.equity_payer, 0);
    assert_int_equal(t.equity_policy, 0);
    RF_ASSERT_NEAR(t.ebitda_guarantee_usd, 140e6, TOL, 0);
    assert_int_equal(t.ebitda_years, 10);
    assert_int_equal(t.guarantee_payer, 0);
    assert_int_equal(t.guarantee_policy, 1);
    RF_ASSERT_NEAR(t.capex_usd, 500000, TOL, 0);
    t = terms(&x, "d-mine", 2026);
    RF_ASSERT_NEAR(t.equity_share, 0, 0, 0);
    assert_int_equal(t.equity_payer, -1);
    RF_ASSERT_NEAR(t.ebitda_guarantee_usd, 140e6, TOL, 0);
    t = terms(&x, "c-mine", 2026);
    assert_untouched(&t, 500000, 2);
    done(&x);
}

static void test_permitting(void **state)
{
    (void)state;
    world_sc x;
    /* One year off A's mines: 2 -> 1.  A cut of 5 years leaves 1 year, never 0. */
    load(&x, INVEST2, "permitting:\n  - {name: fast41, regions: A, stages: mine, cut_years: 1}\n");
    rf_project_terms t = terms(&x, "b-mine", 2026);
    assert_int_equal(t.lead_time_years, 1);
    RF_ASSERT_NEAR(t.capex_usd, 500000, TOL, 0);
    RF_ASSERT_NEAR(t.ramp_stretch, 1, 0, 0);
    t = terms(&x, "d-mine", 2026); /* in B */
    assert_untouched(&t, 1000000, 3);
    done(&x);
    load(&x, INVEST2, "permitting:\n  - {cut_years: 5}\n");
    t = terms(&x, "b-mine", 2026);
    assert_int_equal(t.lead_time_years, 1);
    t = terms(&x, "d-mine", 2026);
    assert_int_equal(t.lead_time_years, 1);
    done(&x);
    /* A share of 3 years rounded to whole years, half a year up: 0.5 cuts 1.5 -> 2,
     * 0.25 cuts 0.75 -> 1, 0.1 cuts 0.3 -> 0. */
    static const struct { const char *share; int lead; } cases[] = {{"0.5", 1}, {"0.25", 2}, {"0.1", 3}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char body[128];
        snprintf(body, sizeof body, "permitting:\n  - {regions: B, cut_share: %s}\n", cases[i].share);
        load(&x, INVEST2, body);
        t = terms(&x, "d-mine", 2026);
        assert_int_equal(t.lead_time_years, cases[i].lead);
        t = terms(&x, "gen-sep-B", 2026);
        assert_int_equal(t.lead_time_years, cases[i].lead);
        t = terms(&x, "b-mine", 2026);
        assert_int_equal(t.lead_time_years, 2);
        done(&x);
    }
}

static void test_technology_ban(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "technology_bans:\n  - {name: b-tech, exporter: B, stages: [mine, separation], capex_premium: 0.5,"
                      " delay_years: 1, ramp_stretch: 2}\n");
    rf_project_terms t = terms(&x, "b-mine", 2026);
    RF_ASSERT_NEAR(t.capex_usd, 750000, TOL, 0);
    assert_int_equal(t.lead_time_years, 3);
    RF_ASSERT_NEAR(t.ramp_stretch, 2, TOL, 0);
    assert_int_equal(t.blocked, 0);
    RF_ASSERT_NEAR(t.grant_share + t.loan_share, 0, 0, 0);
    /* The banning region's own projects keep their terms. */
    t = terms(&x, "d-mine", 2026);
    assert_untouched(&t, 1000000, 3);
    t = terms(&x, "gen-sep-B", 2026);
    assert_untouched(&t, 200000, 3);
    done(&x);
    /* A ban by A on separation reaches B's separation block only; two bans multiply. */
    load(&x, INVEST2, "technology_bans:\n  - {exporter: A, stages: separation, capex_premium: 0.5, delay_years: 1,"
                      " ramp_stretch: 2}\n  - {exporter: A, capex_premium: 1, delay_years: 2, ramp_stretch: 1.5}\n");
    t = terms(&x, "gen-sep-B", 2026);
    RF_ASSERT_NEAR(t.capex_usd, 200000 * 1.5 * 2, TOL, 0);
    assert_int_equal(t.lead_time_years, 6);
    RF_ASSERT_NEAR(t.ramp_stretch, 3, TOL, 0);
    t = terms(&x, "d-mine", 2026);
    RF_ASSERT_NEAR(t.capex_usd, 2000000, TOL, 0);
    assert_int_equal(t.lead_time_years, 5);
    RF_ASSERT_NEAR(t.ramp_stretch, 1.5, TOL, 0);
    t = terms(&x, "b-mine", 2026);
    assert_untouched(&t, 500000, 2);
    done(&x);
}

/* Permitting and ban delays apply in the scenario's order. */
static void test_order(void **state)
{
    (void)state;
    world_sc x;
    /* Ban first: 2 + 2 = 4, then half of 4 off: 2. */
    load(&x, INVEST2, "technology_bans:\n  - {exporter: B, capex_premium: 0, delay_years: 2, ramp_stretch: 1}\n"
                      "permitting:\n  - {regions: A, cut_share: 0.5}\n");
    rf_project_terms t = terms(&x, "b-mine", 2026);
    assert_int_equal(t.lead_time_years, 2);
    done(&x);
    /* Permitting first: half of 2 off gives 1, then + 2: 3. */
    load(&x, INVEST2, "permitting:\n  - {regions: A, cut_share: 0.5}\n"
                      "technology_bans:\n  - {exporter: B, capex_premium: 0, delay_years: 2, ramp_stretch: 1}\n");
    t = terms(&x, "b-mine", 2026);
    assert_int_equal(t.lead_time_years, 3);
    done(&x);
}

static void test_block(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "project_blocks:\n  - {name: no-c, projects: c-mine}\n  - {regions: B, stages: separation}\n");
    assert_int_equal(terms(&x, "c-mine", 2026).blocked, 1);
    assert_int_equal(terms(&x, "b-mine", 2026).blocked, 0);
    assert_int_equal(terms(&x, "gen-sep-B", 2026).blocked, 1);
    assert_int_equal(terms(&x, "d-mine", 2026).blocked, 0);
    done(&x);
    /* With nothing to select, a block covers every project. */
    load(&x, INVEST2, "project_blocks:\n  - {from: 2030}\n");
    assert_int_equal(terms(&x, "b-mine", 2030).blocked, 1);
    assert_int_equal(terms(&x, "gen-sep-B", 2030).blocked, 1);
    assert_int_equal(terms(&x, "b-mine", 2029).blocked, 0);
    done(&x);
}

/* ---- dates and selection ------------------------------------------------ */

static void test_dates(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST, "grants:\n  - {payer: A, share: 0.3, from: 2027}\n"
                     "permitting:\n  - {cut_years: 1, to: 2026}\n"
                     "equity:\n  - {payer: A, share: 0.1, from: 2026-07-01, to: 2026-12-31}\n");
    rf_project_terms t = terms(&x, "b-mine", 2026);
    RF_ASSERT_NEAR(t.grant_share, 0, 0, 0); /* from 2027: not yet in 2026 */
    assert_int_equal(t.grant_policy, -1);
    assert_int_equal(t.lead_time_years, 1);   /* to 2026: the whole of 2026 */
    RF_ASSERT_NEAR(t.equity_share, 0.1, TOL, 0); /* half of 2026 is enough */
    t = terms(&x, "b-mine", 2027);
    RF_ASSERT_NEAR(t.grant_share, 0.3, TOL, 0);
    assert_int_equal(t.lead_time_years, 2);
    RF_ASSERT_NEAR(t.equity_share, 0, 0, 0);
    t = terms(&x, "b-mine", 2025);
    RF_ASSERT_NEAR(t.grant_share, 0, 0, 0);
    assert_int_equal(t.lead_time_years, 1);
    RF_ASSERT_NEAR(t.equity_share, 0, 0, 0);
    done(&x);
}

static void test_selection(void **state)
{
    (void)state;
    world_sc x;
    /* Lever 0: every project; 1: separation only; 2: A's projects; 3: "*" in each list. */
    load(&x, INVEST2, "grants:\n  - {payer: A, projects: \"*\", share: 0.1}\n"
                      "  - {payer: A, stages: separation, share: 0.01}\n"
                      "  - {payer: A, regions: A, share: 0.001}\n"
                      "  - {payer: A, projects: [\"*\"], regions: \"*\", stages: \"*\", share: 0.0001}\n");
    RF_ASSERT_NEAR(terms(&x, "b-mine", 2026).grant_share, 0.1011, TOL, 0);
    RF_ASSERT_NEAR(terms(&x, "c-mine", 2026).grant_share, 0.1011, TOL, 0);
    RF_ASSERT_NEAR(terms(&x, "d-mine", 2026).grant_share, 0.1001, TOL, 0);
    RF_ASSERT_NEAR(terms(&x, "gen-sep-B", 2026).grant_share, 0.1101, TOL, 0);
    done(&x);
    /* All three lists must match. */
    rf_warnings warn;
    rf_warnings_init(&warn);
    rf_err err;
    assert_int_equal(try_load(&x, INVEST2,
                              "equity:\n  - {payer: A, projects: d-mine, regions: A, share: 0.2}\n"
                              "  - {payer: A, projects: [b-mine, gen-sep-B], stages: [separation, magnet], share: 0.3}\n",
                              &warn, &err), RF_OK);
    RF_ASSERT_NEAR(terms(&x, "d-mine", 2026).equity_share, 0, 0, 0);
    RF_ASSERT_NEAR(terms(&x, "b-mine", 2026).equity_share, 0, 0, 0);
    RF_ASSERT_NEAR(terms(&x, "gen-sep-B", 2026).equity_share, 0.3, TOL, 0);
    assert_true(rf_test_has_warning(&warn, 4, "equity", "covers no project"));
    assert_false(rf_test_has_warning(&warn, 5, "equity", "covers no project"));
    rf_warnings_close(&warn);
    done(&x);
}

/* ---- the scenario as read, and the year it leaves alone ---------------- */

static void test_parsed_fields(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "loans:\n  - {payer: A, share: 0.5, rate: 0.02, tenor_years: 10}\n"
                      "grants:\n  - {payer: B, amount_musd: 2.5}\n"
                      "technology_bans:\n  - {exporter: [A, B], capex_premium: 0.3, delay_years: 2, ramp_stretch: 1.5}\n"
                      "project_blocks:\n  - {projects: [b-mine, c-mine], stages: mine}\n");
    const rf_policy *p = x.sc->policies;
    assert_int_equal(x.sc->npolicies, 4);
    assert_int_equal(p[0].kind, RF_POL_LOAN);
    RF_ASSERT_NEAR(p[0].market_rate, -1, 0, 0); /* not given: the region's rate */
    RF_ASSERT_NEAR(p[0].rate, 0, 0, 0);         /* a loan's rate is not a tariff's */
    RF_ASSERT_NEAR(p[0].loan_rate, 0.02, TOL, 0);
    assert_int_equal(p[0].line, 4);
    assert_int_equal(p[1].kind, RF_POL_GRANT);
    RF_ASSERT_NEAR(p[1].amount_usd, 2.5e6, TOL, 0);
    assert_string_equal(p[1].payer, "B");
    assert_int_equal(p[2].kind, RF_POL_TECH_BAN);
    assert_int_equal(p[2].origins.n, 2);
    RF_ASSERT_NEAR(p[2].ramp_stretch, 1.5, TOL, 0);
    assert_int_equal(p[3].kind, RF_POL_PROJECT_BLOCK);
    assert_int_equal(p[3].projects.n, 2);
    assert_string_equal(p[3].stages.ids[0], "mine");
    static const char *const names[] = {"grant", "loan", "equity", "ebitda_guarantee", "permitting",
                                        "technology_ban", "project_block"};
    for (int k = RF_POL_GRANT; k <= RF_POL_PROJECT_BLOCK; k++) {
        assert_string_equal(rf_policy_kind_name((rf_policy_kind)k), names[k - RF_POL_GRANT]);
        assert_non_null(rf_policy_ops_of((rf_policy_kind)k)->terms);
    }
    for (int k = 0; k < RF_POL_GRANT; k++) assert_null(rf_policy_ops_of((rf_policy_kind)k)->terms);
    /* A ban by every region leaves nobody outside it. */
    rf_project_terms t = terms(&x, "d-mine", 2026);
    RF_ASSERT_NEAR(t.capex_usd, 1000000, TOL, 0);
    done(&x);
}

/* The levers are listed as in force, and the year's market is the same as without them. */
static void test_year_untouched(void **state)
{
    (void)state;
    world_sc a, b;
    load(&a, INVEST, "");
    load(&b, INVEST, "grants:\n  - {name: g, payer: A, share: 0.3}\nloans:\n  - {payer: A, share: 0.5, rate: 0.02,"
                     " tenor_years: 10}\nequity:\n  - {payer: A, share: 0.15}\nebitda_guarantees:\n  - {payer: A,"
                     " ebitda_musd: 140, years: 10}\npermitting:\n  - {cut_years: 1}\ntechnology_bans:\n  -"
                     " {exporter: A, capex_premium: 0.5, delay_years: 1, ramp_stretch: 2}\nproject_blocks:\n  -"
                     " {name: blk, projects: c-mine}\n");
    rf_year_result ra, rb;
    memset(&ra, 0, sizeof ra);
    memset(&rb, 0, sizeof rb);
    rf_test_solve_year(a.w, a.sc, 2026, &ra);
    rf_test_solve_year(b.w, b.sc, 2026, &rb);
    assert_int_equal(ra.status, RF_YEAR_OPTIMAL);
    assert_int_equal(rb.status, RF_YEAR_OPTIMAL);
    RF_ASSERT_NEAR(rb.objective, ra.objective, 1e-9, 1e-12);
    assert_int_equal(rb.nprices, ra.nprices);
    for (int i = 0; i < ra.nprices; i++) RF_ASSERT_NEAR(rb.prices[i].usd_per_kg, ra.prices[i].usd_per_kg, 1e-9, 0);
    assert_int_equal(rb.npolicies_active, 7);
    assert_string_equal(rb.policies_active[0], "g");
    assert_string_equal(rb.policies_active[1], "loan@6");
    assert_string_equal(rb.policies_active[6], "blk");
    assert_int_equal(rb.ngovernment_cost, 0); /* the simulation reports their cost */
    rf_year_result_clear(&ra);
    rf_year_result_clear(&rb);
    done(&a);
    done(&b);
}

/* ---- what the check finds ------------------------------------------------- */

typedef struct bad_case {
    const char *body;
    int line;
    const char *field;
    const char *msg;
} bad_case;

static void test_validate_errors(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        {"grants:\n  - {payer: A, projects: nope, share: 0.3}\n", 4, "grants.projects", "unknown project `nope`"},
        {"grants:\n  - {payer: A, projects: [b-mine, a-mine], share: 0.3}\n", 4, "grants.projects",
         "facility `a-mine` is no project"},
        {"loans:\n  - {payer: Z, share: 0.5, rate: 0.02, tenor_years: 10}\n", 4, "loans.payer", "unknown region `Z`"},
        {"equity:\n  - {payer: \"*\", share: 0.1}\n", 4, "equity.payer", "unknown region `*`"},
        {"ebitda_guarantees:\n  - {payer: A, regions: [A, Q], ebitda_musd: 1, years: 2}\n", 4,
         "ebitda_guarantees.regions", "unknown region `Q`"},
        {"permitting:\n  - {regions: Q, cut_years: 1}\n", 4, "permitting.regions", "unknown region `Q`"},
        {"technology_bans:\n  - {exporter: CN, capex_premium: 0.5, delay_years: 1, ramp_stretch: 2}\n", 4,
         "technology_bans.exporter", "unknown region `CN`"},
        {"project_blocks:\n  - {name: x}\n  - {projects: a-mine}\n", 5, "project_blocks.projects", "is no project"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        world_sc x;
        rf_err err;
        rf_status st = try_load(&x, INVEST, cases[i].body, NULL, &err);
        if (st != RF_EINVAL || err.line != cases[i].line || strcmp(err.field, cases[i].field) ||
            !strstr(err.msg, cases[i].msg))
            print_error("case %zu: got %d %s:%d: %s: %s\n", i, (int)st, err.file, err.line, err.field, err.msg);
        assert_int_equal(st, RF_EINVAL);
        assert_int_equal(err.line, cases[i].line);
        assert_string_equal(err.field, cases[i].field);
        assert_non_null(strstr(err.msg, cases[i].msg));
        assert_non_null(strstr(err.file, "/tmp/rf_invest_"));
        done(&x);
    }
}

static void test_warnings(void **state)
{
    (void)state;
    world_sc x;
    rf_warnings warn;
    rf_warnings_init(&warn);
    rf_err err;
    assert_int_equal(try_load(&x, INVEST,
                              "grants:\n  - {payer: A, share: 0}\n"                       /* 4: no effect */
                              "  - {payer: A, share: 0.2, from: 2040}\n"                  /* 5: never in force */
                              "  - {payer: A, share: 0.2, from: 2040}\n"                  /* 6: a repeat */
                              "technology_bans:\n  - {exporter: A, capex_premium: 0.5, delay_years: 1,"
                              " ramp_stretch: 2}\n"                                        /* 8: nobody outside A */
                              "permitting:\n  - {cut_share: 0.001}\n"                      /* 10: rounds to 0 */
                              "project_blocks:\n  - {regions: A, stages: magnet}\n",       /* 12: no magnet project */
                              &warn, &err), RF_OK);
    assert_true(rf_test_has_warning(&warn, 4, "grants", "has no effect (a grant of 0)"));
    assert_true(rf_test_has_warning(&warn, 5, "grants", "in force in none of the years"));
    assert_true(rf_test_has_warning(&warn, 6, "grants", "repeats the lever at line 5"));
    assert_true(rf_test_has_warning(&warn, 8, "technology_bans", "covers no project of the world (2 projects)"));
    assert_true(rf_test_has_warning(&warn, 10, "permitting", "has no effect"));
    assert_true(rf_test_has_warning(&warn, 12, "project_blocks", "covers no project"));
    assert_false(rf_test_has_warning(&warn, 4, "grants", "covers no project"));
    rf_warnings_close(&warn);
    done(&x);
    /* The toy world has no projects: every investment lever covers none. */
    rf_warnings_init(&warn);
    assert_int_equal(try_load(&x, RF_TEST_DATA_DIR "/toy", "project_blocks:\n  - {}\n", &warn, &err), RF_OK);
    assert_true(rf_test_has_warning(&warn, 4, "project_blocks", "covers no project of the world (0 projects)"));
    rf_warnings_close(&warn);
    done(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_levers),
        cmocka_unit_test(test_grant),
        cmocka_unit_test(test_grants_add_up_within_capex),
        cmocka_unit_test(test_loan),
        cmocka_unit_test(test_equity_and_guarantee),
        cmocka_unit_test(test_permitting),
        cmocka_unit_test(test_technology_ban),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_block),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_selection),
        cmocka_unit_test(test_parsed_fields),
        cmocka_unit_test(test_year_untouched),
        cmocka_unit_test(test_validate_errors),
        cmocka_unit_test(test_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
