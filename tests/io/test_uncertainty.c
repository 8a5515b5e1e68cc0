/*
 * test_uncertainty.c: the `uncertainty:` section of a scenario (rf_uncertain,
 * docs/uncertainty.md): every target and distribution read with its fields,
 * groups sharing one index, and each error naming file, line and field.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rareflow/io.h"
#include "rf_test.h"

/* Levers the policy.* inputs below name. */
#define LEVERS                                                                                                  \
    "export_controls:\n"                                                                                        \
    "  - {name: cn-licence-heavy, exporter: CN, destinations: \"*\", products: [oxide:Dy], mode: licence, "     \
    "share: 0.6}\n"                                                                                             \
    "  - {name: cn-quota, exporter: CN, products: [oxide:Dy], mode: quota, quota_t: 100}\n"                     \
    "price_floors:\n"                                                                                           \
    "  - {name: dod-ndpr-floor, facility: us-sep, product: oxide:NdPr, floor: 110, payer: US}\n"                \
    "shocks:\n"                                                                                                 \
    "  - {name: cn-magnet-ban-2027, type: ban, exporter: CN, products: [\"magnet:*\"], from: 2027}\n"           \
    "tariffs:\n"                                                                                                \
    "  - {name: t25, origin: CN, destination: US, products: [\"*\"], rate: 0.25}\n"

static rf_scenario *parse_ok(const char *text)
{
    rf_err err;
    rf_scenario *sc = NULL;
    rf_err_clear(&err);
    rf_status st = rf_scenario_parse("u.yaml", text, strlen(text), &sc, &err);
    if (st != RF_OK) print_error("unexpected error: line %d, %s: %s\n", err.line, err.field, err.msg);
    assert_int_equal(st, RF_OK);
    return sc;
}

/* Parse `text`, expect an error at `line` on `field` whose message holds `what`. */
static void parse_bad(const char *text, int line, const char *field, const char *what)
{
    rf_err err;
    rf_scenario *sc = NULL;
    rf_err_clear(&err);
    rf_status st = rf_scenario_parse("u.yaml", text, strlen(text), &sc, &err);
    if (st == RF_OK) print_error("expected an error for:\n%s\n", text);
    assert_int_not_equal(st, RF_OK);
    assert_null(sc);
    assert_string_equal(err.file, "u.yaml");
    if (err.line != line || strcmp(err.field, field) || !strstr(err.msg, what))
        print_error("got %s:%d: %s: %s\n", err.file, err.line, err.field, err.msg);
    assert_int_equal(err.line, line);
    assert_string_equal(err.field, field);
    assert_non_null(strstr(err.msg, what));
}

static void test_every_target_and_dist(void **state)
{
    (void)state;
    rf_scenario *sc = parse_ok(
        LEVERS
        "uncertainty:\n"                                                                                  
        "  - {name: ev-growth, target: demand.growth, region: \"*\", sector: ev_traction, dist: normal, mean: 0.10, sd: 0.03}\n"
        "  - {target: demand.elasticity, sector: \"*\", dist: uniform, lo: 0.8, hi: 1.2, apply: multiply}\n"
        "  - {target: facility.capacity, facility: cn-ionic-clay, dist: triangular, lo: 0.8, mode: 1.0, hi: 1.1, group: cn-supply}\n"
        "  - {target: facility.cost, region: CN, stage: \"*\", dist: lognormal, mean: 1.0, sd: 0.1, group: cn-costs}\n"
        "  - {target: project.capex, project: us-*, dist: lognormal, mean: 1.0, sd: 0.25}\n"
        "  - {target: project.lead_time, project: \"*\", dist: discrete, values: [0, 1, 2], probs: [0.5, 0.3, 0.2]}\n"
        "  - {target: policy.share, policy: cn-licence-heavy, dist: uniform, lo: 0.4, hi: 0.9, truncate: [0, 1]}\n"
        "  - {target: policy.price, policy: dod-ndpr-floor, dist: normal, mean: 110, sd: 10, truncate: [0, ~]}\n"
        "  - {target: policy.active, policy: cn-magnet-ban-2027, dist: discrete, values: [0, 1], probs: [0.7, 0.3]}\n"
        "  - {target: policy.from, policy: cn-magnet-ban-2027, dist: discrete, values: [2027, 2028], probs: [0.5, 0.5]}\n"
        "  - {target: policy.quota_t, policy: cn-quota, dist: uniform, lo: 50, hi: 150, group: cn-supply}\n"
        "  - {target: policy.rate, policy: t25, dist: uniform, lo: 0.1, hi: 0.5, apply: set}\n"
        "  - {target: facility.capacity, region: CN, stage: mine, dist: normal, mean: 0, sd: 100, apply: add}\n");
    assert_int_equal(sc->nuncertain, 13);
    const rf_uncertain *u = sc->uncertain;
    assert_string_equal(u[0].name, "ev-growth");
    assert_int_equal(u[0].target, RF_UNC_DEMAND_GROWTH);
    assert_int_equal(u[0].apply, RF_UNC_SET); /* the default of demand.growth */
    assert_int_equal(u[0].line, 11);
    assert_int_equal(u[0].regions.n, 1);
    assert_string_equal(u[0].regions.ids[0], "*");
    assert_string_equal(u[0].sectors.ids[0], "ev_traction");
    assert_int_equal(u[0].products.n, 0);
    assert_int_equal(u[0].dist.kind, RF_DIST_NORMAL);
    assert_true(u[0].dist.mean == 0.10 && u[0].dist.sd == 0.03);
    assert_int_equal(u[0].dist.truncated, 0);
    assert_int_equal(u[0].group, -1);

    assert_string_equal(u[1].name, "demand.elasticity@12"); /* the default name: target@line */
    assert_int_equal(u[1].target, RF_UNC_DEMAND_ELASTICITY);
    assert_int_equal(u[1].apply, RF_UNC_MULTIPLY);
    assert_int_equal(u[1].dist.kind, RF_DIST_UNIFORM);
    assert_true(u[1].dist.lo == 0.8 && u[1].dist.hi == 1.2);

    assert_int_equal(u[2].target, RF_UNC_FACILITY_CAPACITY);
    assert_int_equal(u[2].apply, RF_UNC_MULTIPLY);
    assert_int_equal(u[2].dist.kind, RF_DIST_TRIANGULAR);
    assert_true(u[2].dist.lo == 0.8 && u[2].dist.mode == 1.0 && u[2].dist.hi == 1.1);
    assert_string_equal(u[2].facilities.ids[0], "cn-ionic-clay");

    assert_int_equal(u[3].target, RF_UNC_FACILITY_COST);
    assert_int_equal(u[3].dist.kind, RF_DIST_LOGNORMAL);
    assert_true(u[3].dist.mean == 1.0 && u[3].dist.sd == 0.1);
    assert_string_equal(u[3].regions.ids[0], "CN");
    assert_string_equal(u[3].stages.ids[0], "*");

    assert_int_equal(u[4].target, RF_UNC_PROJECT_CAPEX);
    assert_string_equal(u[4].projects.ids[0], "us-*");
    assert_int_equal(u[4].apply, RF_UNC_MULTIPLY);

    assert_int_equal(u[5].target, RF_UNC_PROJECT_LEAD_TIME);
    assert_int_equal(u[5].apply, RF_UNC_ADD); /* the default of project.lead_time */
    assert_int_equal(u[5].dist.kind, RF_DIST_DISCRETE);
    assert_int_equal(u[5].dist.nvalues, 3);
    assert_true(u[5].dist.values[2] == 2.0 && u[5].dist.probs[1] == 0.3);

    assert_int_equal(u[6].target, RF_UNC_POLICY_SHARE);
    assert_string_equal(u[6].policy, "cn-licence-heavy");
    assert_int_equal(u[6].policy_index, 0);
    assert_int_equal(u[6].dist.truncated, 1);
    assert_true(u[6].dist.tlo == 0.0 && u[6].dist.thi == 1.0);

    assert_int_equal(u[7].target, RF_UNC_POLICY_PRICE);
    assert_int_equal(u[7].policy_index, 2);
    assert_true(u[7].dist.tlo == 0.0 && isinf(u[7].dist.thi) && u[7].dist.thi > 0);

    assert_int_equal(u[8].target, RF_UNC_POLICY_ACTIVE);
    assert_int_equal(u[8].policy_index, 3);
    assert_int_equal(u[9].target, RF_UNC_POLICY_FROM);
    assert_int_equal(u[10].target, RF_UNC_POLICY_QUOTA);
    assert_int_equal(u[10].policy_index, 1);
    assert_int_equal(u[11].target, RF_UNC_POLICY_RATE);
    assert_int_equal(u[12].apply, RF_UNC_ADD);
    assert_string_equal(u[12].stages.ids[0], "mine");

    /* Groups: one index per name, in file order; members share it. */
    assert_int_equal(sc->nuncertain_groups, 2);
    assert_string_equal(sc->uncertain_groups[0], "cn-supply");
    assert_string_equal(sc->uncertain_groups[1], "cn-costs");
    assert_int_equal(u[2].group, 0);
    assert_int_equal(u[10].group, 0);
    assert_int_equal(u[3].group, 1);
    rf_scenario_free(sc);
}

static void test_without_section(void **state)
{
    (void)state;
    rf_scenario *sc = parse_ok("years: 2025\n");
    assert_int_equal(sc->nuncertain, 0);
    assert_null(sc->uncertain);
    assert_int_equal(sc->nuncertain_groups, 0);
    rf_scenario_free(sc);
    sc = parse_ok("uncertainty:\n");
    assert_int_equal(sc->nuncertain, 0);
    rf_scenario_free(sc);
}

static void test_errors(void **state)
{
    (void)state;
#define U "uncertainty:\n"
    parse_bad(U "  - {target: demand.growth, dist: normal, mean: 0.1, sd: 0.03, bogus: 1}\n", 2, "uncertainty.bogus",
              "unknown key `bogus`");
    parse_bad(U "  - {target: demand.growht, dist: normal, mean: 0.1, sd: 0.03}\n", 2, "uncertainty.target",
              "unknown target `demand.growht`");
    parse_bad(U "  - {target: demand.growth, dist: gamma, mean: 0.1, sd: 0.03}\n", 2, "uncertainty.dist",
              "unknown distribution `gamma`");
    parse_bad(U "  - {target: demand.growth, dist: normal, mean: 0.1,\n     sd: -0.03}\n", 3, "uncertainty.sd", "must be >= 0");
    parse_bad(U "  - {target: demand.growth, dist: normal, mean: 0.1}\n", 2, "uncertainty.sd", "missing key `sd`");
    parse_bad(U "  - {target: demand.growth, dist: normal, mean: 0.1, sd: 0.1, lo: 0}\n", 2, "uncertainty.lo",
              "does nothing in a normal distribution");
    parse_bad(U "  - {target: facility.cost, dist: lognormal, mean: 0, sd: 0.1}\n", 2, "uncertainty.mean", "must be > 0");
    parse_bad(U "  - {target: facility.cost, dist: uniform, lo: 1.2, hi: 0.8}\n", 2, "uncertainty.hi", "below lo");
    parse_bad(U "  - {target: facility.cost, dist: triangular, lo: 0.8, mode: 1.3, hi: 1.2}\n", 2, "uncertainty.mode",
              "outside [lo, hi]");
    parse_bad(U "  - {target: project.lead_time, dist: discrete, values: [0, 1], probs: [0.5, 0.6]}\n", 2,
              "uncertainty.probs", "sum to 1.1");
    parse_bad(U "  - {target: project.lead_time, dist: discrete, values: [0, 1], probs: [1]}\n", 2, "uncertainty.probs",
              "1 probabilities for 2 values");
    parse_bad(U "  - {target: project.lead_time, dist: discrete, values: [0, 1]}\n", 2, "uncertainty.probs",
              "missing key `probs`");
    parse_bad(U "  - {target: facility.cost, dist: uniform, lo: 0.8, hi: 1.2, truncate: [2, 3]}\n", 2,
              "uncertainty.truncate", "no probability");
    parse_bad(U "  - {target: facility.cost, dist: uniform, lo: 0.8, hi: 1.2, truncate: [1, 0]}\n", 2,
              "uncertainty.truncate", "not below");
    parse_bad(U "  - {target: facility.cost, dist: uniform, lo: 0.8, hi: 1.2, apply: scale}\n", 2, "uncertainty.apply",
              "unknown apply `scale`");
    parse_bad(U "  - {target: facility.cost, sector: wind, dist: uniform, lo: 0.8, hi: 1.2}\n", 2, "uncertainty.sector",
              "does nothing for target facility.cost");
    parse_bad(U "  - {target: facility.cost, stage: mines, dist: uniform, lo: 0.8, hi: 1.2}\n", 2, "uncertainty.stage",
              "unknown stage `mines`");
    parse_bad(U "  - {target: policy.share, dist: uniform, lo: 0.4, hi: 0.9}\n", 2, "uncertainty.policy",
              "missing key `policy`");
    parse_bad(U "  - {target: policy.share, policy: nope, dist: uniform, lo: 0.4, hi: 0.9}\n", 2, "uncertainty.policy",
              "no lever of the scenario is named `nope`");
    /* A policy.share on a lever without a share (a floor). */
    parse_bad(LEVERS U "  - {target: policy.share, policy: dod-ndpr-floor, dist: uniform, lo: 0.4, hi: 0.9}\n", 11,
              "uncertainty.policy", "has no share");
    parse_bad(LEVERS U "  - {target: policy.quota_t, policy: cn-licence-heavy, dist: uniform, lo: 1, hi: 9}\n", 11,
              "uncertainty.policy", "has no quota_t");
    parse_bad(LEVERS U "  - {target: policy.active, policy: t25, dist: uniform, lo: 0, hi: 1}\n", 11, "uncertainty.dist",
              "is a switch");
    parse_bad(LEVERS U "  - {target: policy.from, policy: t25, dist: uniform, lo: 2026, hi: 2028, apply: multiply}\n", 11,
              "uncertainty.apply", "set or add");
    parse_bad(U "  - {name: a, target: facility.cost, dist: uniform, lo: 0.8, hi: 1.2}\n"
                "  - {name: a, target: facility.cost, dist: uniform, lo: 0.8, hi: 1.2}\n",
              3, "uncertainty.name", "names two inputs");
    parse_bad(U "  - {target: facility.cost, dist: uniform, lo: 0.8, hi: 1.2, group: \"a b\"}\n", 2, "uncertainty.group",
              "not a valid id");
    parse_bad(U "  - 3\n", 2, "uncertainty", "must be a mapping");
#undef U
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_target_and_dist),
        cmocka_unit_test(test_without_section),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
