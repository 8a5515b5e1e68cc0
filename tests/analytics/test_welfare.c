/*
 * test_welfare.c: consumer and producer surplus and the tariff's revenue on
 * the two-region toy (tests/data/two_region), solved by hand.
 *
 * A mine in A (100 t at 2.5 USD/kg, one tranche), demand in A (q0 20 t) and B
 * (q0 50 t), P = 10 (3 - 2 q/q0) at step midpoints, freight A->B 1 USD/kg.
 * Untaxed: P(A) = 2.5 (the mine is not full), P(B) = 3.5; B is served to
 * 1.3 q0 = 65 t (the step [1.2, 1.3] is worth 5 > 3.5, the next 2).  The
 * mine earns nothing above its cost: producer surplus 0.
 * A specific tariff of 2 on A->B: P(B) = 5.5; the step worth 5 (5 t) is no
 * longer served: B takes 60 t.  B's consumers lose (5.5 - 3.5) x 60 on what
 * they still buy and (5 - 3.5) x 5 on what they give up: 127.5 t.USD/kg =
 * 127,500 USD; the government of B collects 2 x 60 = 120,000 USD; the world
 * loses the difference, 7,500 USD, the deadweight loss (the lost step's value
 * over its cost: 5 x (5 - 2.5 - 1)).  And the surplus adds up to the LP's
 * objective with the tariff's wedge taken out as the transfer it is.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rareflow/policy.h"
#include "rf_test.h"
#include "rf_test_util.h"

#define WORLD RF_TEST_DATA_DIR "/two_region"

typedef struct solved {
    rf_scenario *sc;
    rf_world *w;
    rf_year_result yr;
} solved;

static void solve(solved *s, const char *body)
{
    rf_err err;
    memset(&s->yr, 0, sizeof s->yr);
    rf_status st = rf_test_load("rf_welfare", &s->sc, &s->w, NULL, &err, "data: %s\nyears: 2025\n%s", WORLD, body);
    if (st != RF_OK) fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
    rf_year_input in;
    assert_int_equal(rf_year_input_init(&in, s->w, s->sc, 2025, &err), RF_OK);
    rf_market *m = rf_market_new(s->w, &err);
    assert_non_null(m);
    st = rf_policy_solve_input(m, s->w, s->sc, &in, NULL, &s->yr, NULL, &err);
    if (st != RF_OK) fail_msg("%s", err.msg);
    assert_int_equal(s->yr.status, RF_YEAR_OPTIMAL);
    rf_market_free(m);
    rf_year_input_close(&in);
}

static void done(solved *s)
{
    rf_year_result_clear(&s->yr);
    rf_world_free(s->w);
    rf_scenario_free(s->sc);
}

static const rf_welfare_row *row(const solved *s, const char *region)
{
    int r = rf_world_region(s->w, region);
    for (int i = 0; i < s->yr.nwelfare; i++)
        if (s->yr.welfare[i].region == r) return &s->yr.welfare[i];
    fail_msg("no welfare row for %s", region);
    return NULL;
}

static double total(const solved *s)
{
    double t = 0.0;
    for (int i = 0; i < s->yr.nwelfare; i++) {
        const rf_welfare_row *v = &s->yr.welfare[i];
        t += v->consumer_usd + v->producer_usd + v->government_usd + v->tariff_revenue_usd;
    }
    return t;
}

static void test_tariff_deadweight_loss(void **state)
{
    (void)state;
    solved free_trade, taxed;
    solve(&free_trade, "");
    solve(&taxed, "tariffs:\n  - {origin: A, destination: B, products: \"*\", specific: 2.0}\n");
    const double tol = 1e-6;
    RF_ASSERT_NEAR(row(&taxed, "B")->consumer_usd - row(&free_trade, "B")->consumer_usd, -127500.0, tol, tol);
    RF_ASSERT_NEAR(row(&taxed, "B")->tariff_revenue_usd, 120000.0, tol, tol);
    RF_ASSERT_NEAR(row(&taxed, "A")->consumer_usd, row(&free_trade, "A")->consumer_usd, tol, tol);
    RF_ASSERT_NEAR(row(&free_trade, "A")->producer_usd, 0.0, tol, tol);
    RF_ASSERT_NEAR(total(&taxed) - total(&free_trade), -7500.0, tol, tol);
    /* The identity: surplus = minus the objective (thousand USD) with the wedge,
     * a transfer, added back. */
    RF_ASSERT_NEAR(total(&free_trade), -1000.0 * free_trade.yr.objective, 1e-6, 1e-9);
    RF_ASSERT_NEAR(total(&taxed), -1000.0 * taxed.yr.objective + 120000.0, 1e-6, 1e-9);
    done(&free_trade);
    done(&taxed);
}

/* Companies: A's mine ("A Co") sells 91 t (26 to A, 65 to B) at its gate
 * price 2.5, its unit cost: revenue 227,500 USD, margin 0, no capex (not a
 * simulated year), no support. */
static void test_companies(void **state)
{
    (void)state;
    solved s;
    solve(&s, "");
    assert_int_equal(rf_analytics_companies(s.w, &s.yr, NULL), RF_OK);
    assert_int_equal(s.yr.ncompanies, 1);
    assert_string_equal(s.yr.companies[0].operator_name, "A Co");
    RF_ASSERT_NEAR(s.yr.companies[0].revenue_usd, 227500.0, 1e-6, 1e-9);
    RF_ASSERT_NEAR(s.yr.companies[0].margin_usd, 0.0, 1e-6, 0);
    RF_ASSERT_NEAR(s.yr.companies[0].capex_usd, 0.0, 0, 0);
    RF_ASSERT_NEAR(s.yr.companies[0].support_usd, 0.0, 0, 0);
    done(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tariff_deadweight_loss),
        cmocka_unit_test(test_companies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
