/*
 * test_collection.c: the collection lever (src/policy/collection.c): the
 * rate rf_policy_collection_rate gives a (region, sector) in a year, what
 * the check finds, and a year's LP left alone.
 *
 * The query takes the data's rate as `base`, so its cases are set by hand
 * on tests/data/invest2 (regions A and B, sector `industry`): with a base of
 * 0.1, a lever of 0.5 from 2030 gives 0.1 in 2029 and 0.5 in 2030; a lever
 * of 0.05 leaves 0.1 (a lever never lowers the rate); levers of 0.3 and 0.6
 * on one pair give 0.6 (the highest); a region or sector not covered keeps
 * 0.1.  The warnings use data/, whose lifetimes.csv gives every sector a
 * collection rate of 0.01 but defense 0, and where every region has magnets
 * in use in six sectors.
 */
#include <string.h>

#include "rareflow/io.h"
#include "rareflow/policy.h"
#include "rf_test.h"
#include "rf_test_util.h"

#define INVEST2 RF_TEST_DATA_DIR "/invest2"
#define TOL 1e-12

typedef struct world_sc {
    rf_scenario *sc;
    rf_world *w;
} world_sc;

/* Load `body` with `data: world` and the years 2024:2035 in front (the body
 * starts at line 3), load the world and check both; returns the first
 * failure with `err`, the check's warnings in `warn` (may be NULL). */
static rf_status try_load(world_sc *x, const char *world, const char *body, rf_warnings *warn, rf_err *err)
{
    return rf_test_load("rf_collection", &x->sc, &x->w, warn, err, "data: %s\nyears: 2024:2035\n%s", world, body);
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

static double rate(const world_sc *x, const char *region, const char *sector, int year, double base)
{
    int r = rf_world_region(x->w, region);
    assert_true(r >= 0);
    return rf_policy_collection_rate(x->sc, x->w, r, sector, year, base);
}

/* ---- the rate --------------------------------------------------------------- */

static void test_from_date(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "collection:\n  - {name: eu, regions: A, sectors: industry, rate: 0.5, from: 2030}\n");
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2029, 0.1), 0.1, TOL, 0);
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2030, 0.1), 0.5, TOL, 0);
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2035, 0.1), 0.5, TOL, 0);
    /* Not covered: the other region, another sector. */
    RF_ASSERT_NEAR(rate(&x, "B", "industry", 2030, 0.1), 0.1, TOL, 0);
    RF_ASSERT_NEAR(rate(&x, "A", "wind", 2030, 0.1), 0.1, TOL, 0);
    /* Without a scenario, the data's rate. */
    RF_ASSERT_NEAR(rf_policy_collection_rate(NULL, x.w, 0, "industry", 2030, 0.1), 0.1, TOL, 0);
    done(&x);
}

static void test_never_lowers(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "collection:\n  - {regions: A, sectors: industry, rate: 0.05}\n");
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2030, 0.1), 0.1, TOL, 0);
    /* A rate of 0 where the data has 0 stays 0; any lever above it raises it. */
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2030, 0.0), 0.05, TOL, 0);
    done(&x);
}

static void test_highest_wins(void **state)
{
    (void)state;
    world_sc x;
    /* In either order the higher of the two applies where both cover. */
    load(&x, INVEST2,
         "collection:\n  - {regions: A, rate: 0.3}\n  - {regions: \"*\", sectors: [industry], rate: 0.6, to: 2031}\n"
         "  - {regions: [A, B], sectors: \"*\", rate: 0.4, from: 2033}\n");
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2030, 0.1), 0.6, TOL, 0);
    RF_ASSERT_NEAR(rate(&x, "B", "industry", 2030, 0.1), 0.6, TOL, 0);
    /* After `to` only the 0.3 covers A, and nothing covers B. */
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2032, 0.1), 0.3, TOL, 0);
    RF_ASSERT_NEAR(rate(&x, "B", "industry", 2032, 0.1), 0.1, TOL, 0);
    /* From 2033 the 0.4 covers both. */
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2033, 0.1), 0.4, TOL, 0);
    RF_ASSERT_NEAR(rate(&x, "B", "industry", 2033, 0.1), 0.4, TOL, 0);
    done(&x);
}

/* A lever in force for part of a year sets the whole year's rate (as an
 * investment lever sets a decision's terms): from 2030-07-01 to 2031-03-31
 * covers 2030 and 2031, not 2029 or 2032. */
static void test_part_year(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "collection:\n  - {regions: A, rate: 0.5, from: 2030-07-01, to: 2031-03-31}\n");
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2029, 0.1), 0.1, TOL, 0);
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2030, 0.1), 0.5, TOL, 0);
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2031, 0.1), 0.5, TOL, 0);
    RF_ASSERT_NEAR(rate(&x, "A", "industry", 2032, 0.1), 0.1, TOL, 0);
    done(&x);
}

static void test_parsed_fields(void **state)
{
    (void)state;
    world_sc x;
    load(&x, INVEST2, "collection:\n  - {name: c, regions: [A, B], sectors: [industry], rate: 0.25, from: 2026}\n");
    assert_int_equal(x.sc->npolicies, 1);
    const rf_policy *p = &x.sc->policies[0];
    assert_int_equal(p->kind, RF_POL_COLLECTION);
    assert_string_equal(rf_policy_kind_name(p->kind), "collection");
    assert_string_equal(p->name, "c");
    assert_int_equal(p->line, 4);
    assert_int_equal(p->origins.n, 2);
    assert_int_equal(p->sectors.n, 1);
    assert_string_equal(p->sectors.ids[0], "industry");
    RF_ASSERT_NEAR(p->collection_rate, 0.25, 0, 0);
    RF_ASSERT_NEAR(p->rate, 0.0, 0, 0); /* not a tariff rate */
    RF_ASSERT_NEAR(p->from, 2026.0, 0, 0);
    assert_null(rf_policy_ops_of(RF_POL_COLLECTION)->terms);
    assert_null(rf_policy_ops_of(RF_POL_COLLECTION)->report);
    done(&x);
}

/* Listed as in force, and the year's market is the same as without it. */
static void test_year_untouched(void **state)
{
    (void)state;
    world_sc a, b;
    load(&a, RF_DATA_DIR, "");
    load(&b, RF_DATA_DIR, "collection:\n  - {name: all, rate: 0.9}\n");
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
    assert_int_equal(rb.npolicies_active, 1);
    assert_string_equal(rb.policies_active[0], "all");
    assert_int_equal(rb.ngovernment_cost, 0); /* a regulation: nobody pays */
    rf_year_result_clear(&ra);
    rf_year_result_clear(&rb);
    done(&a);
    done(&b);
}

/* ---- what the check finds ------------------------------------------------- */

static void test_validate_errors(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        int line;
        const char *field, *msg;
    } cases[] = {
        {"collection:\n  - {regions: [A, Q], rate: 0.5}\n", 4, "collection.regions", "unknown region `Q`"},
        {"collection:\n  - {rate: 0.2}\n  - {sectors: [industry, wind], rate: 0.5}\n", 5, "collection.sectors",
         "unknown sector `wind`"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        world_sc x;
        rf_err err;
        rf_status st = try_load(&x, INVEST2, cases[i].body, NULL, &err);
        if (st != RF_EINVAL || err.line != cases[i].line || strcmp(err.field, cases[i].field) ||
            !strstr(err.msg, cases[i].msg))
            print_error("case %zu: got %d %s:%d: %s: %s\n", i, (int)st, err.file, err.line, err.field, err.msg);
        assert_int_equal(st, RF_EINVAL);
        assert_int_equal(err.line, cases[i].line);
        assert_string_equal(err.field, cases[i].field);
        assert_non_null(strstr(err.msg, cases[i].msg));
        assert_non_null(strstr(err.file, "/tmp/rf_collection_"));
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
    assert_int_equal(try_load(&x, RF_DATA_DIR,
                              "collection:\n"
                              "  - {regions: EU, sectors: [wind, ev_traction], rate: 0.01}\n" /* 4: not above 0.01 */
                              "  - {regions: EU, rate: 0.005}\n"              /* 5: raises defense (0): an effect */
                              "  - {regions: EU, sectors: wind, rate: 0.5, from: 2040}\n"     /* 6: never in force */
                              "  - {regions: EU, sectors: wind, rate: 0.5, from: 2040}\n"     /* 7: a repeat */
                              "  - {regions: US, sectors: catalysts, rate: 0.5}\n"            /* 8: no magnets */
                              "  - {regions: CN, sectors: \"*\", rate: 0.3}\n",               /* 9: fine */
                              &warn, &err), RF_OK);
    assert_true(rf_test_has_warning(&warn, 4, "collection", "has no effect (it raises no collection rate"));
    assert_true(rf_test_has_warning(&warn, 4, "collection", "collected at less than 0.01 in lifetimes.csv"));
    assert_false(rf_test_has_warning(&warn, 5, "collection", "has no effect"));
    assert_true(rf_test_has_warning(&warn, 6, "collection", "in force in none of the years run (2024..2035)"));
    assert_false(rf_test_has_warning(&warn, 6, "collection", "has no effect"));
    assert_true(rf_test_has_warning(&warn, 7, "collection", "repeats the lever at line 6"));
    assert_true(rf_test_has_warning(&warn, 8, "collection", "has no effect"));
    for (int i = 0; i < warn.n; i++) assert_int_not_equal(warn.items[i].line, 9);
    rf_warnings_close(&warn);
    done(&x);
    /* tests/data/invest2 has no lifetimes.csv: no magnets in use anywhere. */
    rf_warnings_init(&warn);
    assert_int_equal(try_load(&x, INVEST2, "collection:\n  - {rate: 1}\n", &warn, &err), RF_OK);
    assert_true(rf_test_has_warning(&warn, 4, "collection", "has no effect"));
    rf_warnings_close(&warn);
    done(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_date),
        cmocka_unit_test(test_never_lowers),
        cmocka_unit_test(test_highest_wins),
        cmocka_unit_test(test_part_year),
        cmocka_unit_test(test_parsed_fields),
        cmocka_unit_test(test_year_untouched),
        cmocka_unit_test(test_validate_errors),
        cmocka_unit_test(test_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
