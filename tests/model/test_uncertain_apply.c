/*
 * test_uncertain_apply.c: one draw of the uncertain inputs applied to a world
 * and scenario as data (rf_uncertain_apply) and undone bit for bit
 * (rf_uncertain_undo_apply), on the toy world (tests/data/toy, solved by
 * hand in its README.md) and the investment fixture (tests/data/invest).
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

#include "rf_test.h"
#include "rf_test_util.h"

#define TOY RF_TEST_DATA_DIR "/toy"
#define INVEST RF_TEST_DATA_DIR "/invest"

typedef struct loaded {
    rf_scenario *sc;
    rf_world *w;
} loaded;

static loaded load(const char *data, const char *body)
{
    loaded l = {0};
    rf_err err;
    rf_err_clear(&err);
    rf_status st = rf_test_load("rf_unc", &l.sc, &l.w, NULL, &err, "data: %s\n%s", data, body);
    if (st != RF_OK) print_error("load: %s:%d: %s: %s\n", err.file, err.line, err.field, err.msg);
    assert_int_equal(st, RF_OK);
    return l;
}

static void unload(loaded *l)
{
    rf_scenario_free(l->sc);
    rf_world_free(l->w);
}

static void apply_ok(loaded *l, const double *v, rf_uncertain_undo *u)
{
    rf_err err;
    rf_err_clear(&err);
    rf_status st = rf_uncertain_apply(l->w, l->sc, v, u, &err);
    if (st != RF_OK) print_error("apply: %s\n", err.msg);
    assert_int_equal(st, RF_OK);
}

/* t of activity of facility `id` in `year`, all its recipes. */
static double activity(const loaded *l, const char *id, int year)
{
    rf_year_result yr;
    memset(&yr, 0, sizeof yr);
    rf_test_solve_year(l->w, l->sc, year, &yr);
    int f = rf_world_facility(l->w, id);
    assert_true(f >= 0);
    double t = 0.0;
    for (int r = 0; r < l->w->facilities[f].nrecipes; r++) t += yr.activity[l->w->facilities[f].recipe_offset + r];
    rf_year_result_clear(&yr);
    return t;
}

/*
 * The toy's CN mine (1,000 t at 2 USD/kg) is below the marginal US mine (4
 * USD/kg, README step 1) and runs full.  Halving its capacity halves its
 * output: 500 t, the US mine taking up the rest at the same price.  Undone,
 * it runs 1,000 t again.
 */
static void test_capacity_halves_a_binding_mine(void **state)
{
    (void)state;
    loaded l = load(TOY, "years: 2024\nuncertainty:\n"
                         "  - {target: facility.capacity, facility: cn-mine, dist: uniform, lo: 0.4, hi: 0.6}\n");
    rf_uncertain_undo u;
    rf_uncertain_undo_init(&u);
    assert_true(fabs(activity(&l, "cn-mine", 2024) - 1000.0) < 1e-6);
    const double v[] = {0.5};
    apply_ok(&l, v, &u);
    assert_int_equal(l.sc->ncapacity, 1);
    assert_true(rf_scenario_capacity_factor(l.sc, l.w, rf_world_facility(l.w, "cn-mine")) == 0.5);
    assert_true(rf_scenario_capacity_factor(l.sc, l.w, rf_world_facility(l.w, "us-mine")) == 1.0);
    assert_true(fabs(activity(&l, "cn-mine", 2024) - 500.0) < 1e-6);
    assert_int_equal(u.nclamped, 0);
    rf_uncertain_undo_apply(l.w, l.sc, &u);
    assert_int_equal(l.sc->ncapacity, 0);
    assert_true(fabs(activity(&l, "cn-mine", 2024) - 1000.0) < 1e-6);
    /* set and add act on the capacity in force: 300 t, then 1,000 - 200 t. */
    l.sc->uncertain[0].apply = RF_UNC_SET;
    const double set[] = {300.0};
    apply_ok(&l, set, &u);
    assert_true(fabs(activity(&l, "cn-mine", 2024) - 300.0) < 1e-6);
    rf_uncertain_undo_apply(l.w, l.sc, &u);
    l.sc->uncertain[0].apply = RF_UNC_ADD;
    const double add[] = {-200.0};
    apply_ok(&l, add, &u);
    assert_true(fabs(activity(&l, "cn-mine", 2024) - 800.0) < 1e-6);
    rf_uncertain_undo_apply(l.w, l.sc, &u);
    rf_uncertain_undo_free(&u);
    unload(&l);
}

/* A negative capacity or a share above 1 is clamped, and counted. */
static void test_clamps_are_counted(void **state)
{
    (void)state;
    loaded l = load(TOY, "years: 2024\n"
                         "export_controls:\n"
                         "  - {name: lic, exporter: CN, products: [\"magnet:*\"], mode: licence, share: 0.6}\n"
                         "uncertainty:\n"
                         "  - {target: facility.capacity, facility: cn-mine, dist: normal, mean: 1, sd: 1}\n"
                         "  - {target: policy.share, policy: lic, dist: normal, mean: 0.6, sd: 0.5}\n"
                         "  - {target: demand.elasticity, region: US, dist: normal, mean: 1, sd: 1}\n");
    rf_uncertain_undo u;
    rf_uncertain_undo_init(&u);
    const double v[] = {-0.5, 1.4, -1.0};
    apply_ok(&l, v, &u);
    assert_true(rf_scenario_capacity_factor(l.sc, l.w, rf_world_facility(l.w, "cn-mine")) == 0.0);
    assert_true(l.sc->policies[0].share == 1.0);
    /* Two US demand rows: each elasticity would turn positive, each is clamped. */
    for (int d = 0; d < l.w->ndemand; d++)
        if (!strcmp(l.w->regions[l.w->demand[d].region].id, "US")) assert_true(l.w->demand[d].elasticity == -1e-3);
    assert_int_equal(u.clamped[0], 1);
    assert_int_equal(u.clamped[1], 1);
    assert_int_equal(u.clamped[2], 2);
    assert_int_equal(u.nclamped, 4);
    rf_uncertain_undo_apply(l.w, l.sc, &u);
    assert_true(l.sc->policies[0].share == 0.6);
    rf_uncertain_undo_free(&u);
    unload(&l);
}

/* The fields every target may change, copied for a bit-for-bit comparison. */
typedef struct snapshot {
    rf_demand *demand;
    rf_facility *fac;
    rf_project *proj;
    rf_policy *pol;
    int ngrowth, ncapacity;
    double *growth; /* rf_scenario_growth of every row 2024 -> each year to 2030 */
} snapshot;

static snapshot take(const loaded *l)
{
    snapshot s;
    const rf_world *w = l->w;
    s.demand = malloc((size_t)w->ndemand * sizeof *s.demand);
    s.fac = malloc((size_t)w->nfacilities * sizeof *s.fac);
    s.proj = malloc((size_t)(w->nprojects + 1) * sizeof *s.proj);
    s.pol = malloc((size_t)(l->sc->npolicies + 1) * sizeof *s.pol);
    s.growth = malloc((size_t)w->ndemand * 6 * sizeof *s.growth);
    memcpy(s.demand, w->demand, (size_t)w->ndemand * sizeof *s.demand);
    memcpy(s.fac, w->facilities, (size_t)w->nfacilities * sizeof *s.fac);
    memcpy(s.proj, w->projects, (size_t)w->nprojects * sizeof *s.proj);
    memcpy(s.pol, l->sc->policies, (size_t)l->sc->npolicies * sizeof *s.pol);
    s.ngrowth = l->sc->ngrowth;
    s.ncapacity = l->sc->ncapacity;
    for (int d = 0; d < w->ndemand; d++)
        for (int y = 0; y < 6; y++) s.growth[d * 6 + y] = rf_scenario_growth(l->sc, w, d, 2024, 2025 + y);
    return s;
}

static void same(const snapshot *a, const snapshot *b, const loaded *l)
{
    const rf_world *w = l->w;
    assert_int_equal(memcmp(a->demand, b->demand, (size_t)w->ndemand * sizeof *a->demand), 0);
    assert_int_equal(memcmp(a->fac, b->fac, (size_t)w->nfacilities * sizeof *a->fac), 0);
    assert_int_equal(memcmp(a->proj, b->proj, (size_t)w->nprojects * sizeof *a->proj), 0);
    assert_int_equal(memcmp(a->pol, b->pol, (size_t)l->sc->npolicies * sizeof *a->pol), 0);
    assert_int_equal(a->ngrowth, b->ngrowth);
    assert_int_equal(a->ncapacity, b->ncapacity);
    assert_int_equal(memcmp(a->growth, b->growth, (size_t)w->ndemand * 6 * sizeof *a->growth), 0);
}

static void drop(snapshot *s)
{
    free(s->demand);
    free(s->fac);
    free(s->proj);
    free(s->pol);
    free(s->growth);
}

#define EVERY_TARGET                                                                                               \
    "years: 2025:2027\n"                                                                                           \
    "demand_growth:\n"                                                                                             \
    "  - {region: \"*\", sector: \"*\", rate: 0.05}\n"                                                             \
    "loans:\n"                                                                                                     \
    "  - {name: t, payer: A, share: 0.5, rate: 0.02, tenor_years: 10}\n"                                          \
    "grants:\n"                                                                                                    \
    "  - {name: g, payer: A, share: 0.3, from: 2026, to: 2030}\n"                                                  \
    "uncertainty:\n"                                                                                               \
    "  - {target: demand.growth, sector: industry, dist: normal, mean: 0.1, sd: 0.03}\n"                          \
    "  - {target: demand.growth, region: A, dist: uniform, lo: 0.5, hi: 1.5, apply: multiply}\n"                  \
    "  - {target: demand.elasticity, region: \"*\", dist: uniform, lo: 0.8, hi: 1.2, apply: multiply}\n"          \
    "  - {target: facility.capacity, facility: a-mine, dist: uniform, lo: 0.8, hi: 1.2}\n"                        \
    "  - {target: facility.cost, region: A, stage: mine, dist: lognormal, mean: 1, sd: 0.1}\n"                    \
    "  - {target: project.capex, project: [b-mine, c-mine], dist: lognormal, mean: 1, sd: 0.25}\n"                      \
    "  - {target: project.lead_time, project: b-mine, dist: discrete, values: [0, 1, 2], probs: [0.5, 0.3, 0.2]}\n" \
    "  - {target: policy.share, policy: g, dist: uniform, lo: 0.1, hi: 0.5}\n"                                    \
    "  - {target: policy.rate, policy: t, dist: uniform, lo: 0.1, hi: 0.5}\n"                                     \
    "  - {target: policy.from, policy: g, dist: discrete, values: [0, 1], probs: [0.5, 0.5], apply: add}\n"       \
    "  - {target: policy.active, policy: t, dist: discrete, values: [0, 1], probs: [0.5, 0.5]}\n"

/* Each target moves the field it names, as its apply mode says. */
static void test_each_target_moves_its_field(void **state)
{
    (void)state;
    loaded l = load(INVEST, EVERY_TARGET);
    const rf_world *w = l.w;
    int b = w->project_of[rf_world_facility(w, "b-mine")], c = w->project_of[rf_world_facility(w, "c-mine")];
    int a = rf_world_facility(w, "a-mine");
    double e0 = w->demand[0].elasticity, cost0 = w->facilities[a].unit_cost_usd_per_kg;
    double capex_b = w->projects[b].capex_usd, capex_c = w->projects[c].capex_usd;
    int lead_b = w->projects[b].lead_time_years, lead_c = w->projects[c].lead_time_years;
    double g_from = l.sc->policies[1].from, g_to = l.sc->policies[1].to;
    rf_uncertain_undo u;
    rf_uncertain_undo_init(&u);
    const double v[] = {0.08, 1.5, 1.2, 0.9, 1.1, 1.3, 2.0, 0.45, 0.35, 1.0, 0.0};
    apply_ok(&l, v, &u);
    /* growth: the row's rate set to 0.08, then multiplied by 1.5: 0.12 a year. */
    assert_true(fabs(rf_scenario_growth(l.sc, w, 0, 2024, 2026) - 1.12 * 1.12) < 1e-12);
    assert_true(w->demand[0].elasticity == e0 * 1.2);
    assert_true(rf_scenario_capacity_factor(l.sc, w, a) == 0.9);
    assert_true(w->facilities[a].unit_cost_usd_per_kg == cost0 * 1.1);
    assert_true(w->projects[b].capex_usd == capex_b * 1.3 && w->projects[c].capex_usd == capex_c * 1.3);
    assert_int_equal(w->projects[b].lead_time_years, lead_b + 2);
    assert_int_equal(w->projects[c].lead_time_years, lead_c); /* not selected */
    assert_true(l.sc->policies[1].share == 0.45);
    assert_true(l.sc->policies[0].loan_rate == 0.35);
    /* from: the grant's window moves a year, its length kept. */
    assert_true(l.sc->policies[1].from == g_from + 1.0 && l.sc->policies[1].to == g_to + 1.0);
    /* active 0: the loan never runs. */
    for (int y = 2000; y <= 2100; y++) assert_true(rf_policy_year_fraction(l.sc->policies[0].from, l.sc->policies[0].to, y) == 0.0);
    assert_int_equal(u.nclamped, 0);
    rf_uncertain_undo_apply(l.w, l.sc, &u);
    rf_uncertain_undo_free(&u);
    unload(&l);
}

/* Undo restores every field bit for bit; apply, undo, apply is apply once. */
static void test_undo_is_exact_and_repeatable(void **state)
{
    (void)state;
    loaded l = load(INVEST, EVERY_TARGET);
    rf_uncertain_undo u;
    rf_uncertain_undo_init(&u);
    snapshot before = take(&l);
    const double v1[] = {0.0731, 0.77, 1.13, 1.07, 0.93, 1.41, 1.0, 0.21, 0.44, 1.0, 1.0};
    const double v2[] = {-0.02, 1.31, 0.85, 0.3, 1.37, 0.62, 2.0, 0.11, 0.12, 0.0, 0.0};
    apply_ok(&l, v1, &u);
    snapshot once = take(&l);
    rf_uncertain_undo_apply(l.w, l.sc, &u);
    snapshot undone = take(&l);
    same(&before, &undone, &l);
    /* A second apply on an applied draw is refused. */
    apply_ok(&l, v2, &u);
    rf_err err;
    assert_int_equal(rf_uncertain_apply(l.w, l.sc, v1, &u, &err), RF_EINVAL);
    rf_uncertain_undo_apply(l.w, l.sc, &u);
    snapshot undone2 = take(&l);
    same(&before, &undone2, &l);
    apply_ok(&l, v1, &u);
    snapshot again = take(&l);
    same(&once, &again, &l);
    rf_uncertain_undo_apply(l.w, l.sc, &u);
    rf_uncertain_undo_apply(l.w, l.sc, &u); /* a second undo is a no-op */
    snapshot end = take(&l);
    same(&before, &end, &l);
    drop(&before), drop(&once), drop(&undone), drop(&undone2), drop(&again), drop(&end);
    rf_uncertain_undo_free(&u);
    unload(&l);
}

/* A value that is not a number is refused and nothing changes. */
static void test_non_finite_refused(void **state)
{
    (void)state;
    loaded l = load(TOY, "years: 2024\nuncertainty:\n"
                         "  - {target: facility.cost, facility: cn-mine, dist: uniform, lo: 0.5, hi: 1.5}\n");
    rf_uncertain_undo u;
    rf_uncertain_undo_init(&u);
    const double v[] = {NAN};
    rf_err err;
    rf_err_clear(&err);
    assert_int_equal(rf_uncertain_apply(l.w, l.sc, v, &u, &err), RF_EINVAL);
    assert_int_equal(u.applied, 0);
    assert_true(l.w->facilities[rf_world_facility(l.w, "cn-mine")].unit_cost_usd_per_kg == 2.0);
    rf_uncertain_undo_free(&u);
    unload(&l);
}

/* rf_scenario_check: a selector naming nothing in the world. */
static void test_check_selectors(void **state)
{
    (void)state;
    static const struct {
        const char *item;
        const char *field, *what;
    } bad[] = {
        {"{target: facility.cost, facility: xx-mine, dist: uniform, lo: 0.5, hi: 1.5}", "uncertainty.facility",
         "unknown facility `xx-mine`"},
        {"{target: facility.cost, facility: zz-*, dist: uniform, lo: 0.5, hi: 1.5}", "uncertainty.facility",
         "`zz-*` matches no facility"},
        {"{target: demand.growth, region: XX, dist: uniform, lo: 0, hi: 0.1}", "uncertainty.region", "unknown region `XX`"},
        {"{target: demand.growth, sector: nope, dist: uniform, lo: 0, hi: 0.1}", "uncertainty.sector", "unknown sector"},
        {"{target: demand.growth, region: JP, sector: defense, dist: uniform, lo: 0, hi: 0.1}", "uncertainty.target",
         "match no demand row"},
        {"{target: project.capex, project: cn-mine, dist: uniform, lo: 0.5, hi: 1.5}", "uncertainty.project",
         "unknown project `cn-mine`"},
        {"{target: facility.capacity, region: AU, stage: magnet, dist: uniform, lo: 0.5, hi: 1.5}", "uncertainty.target",
         "match no facility"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rf_scenario *sc = NULL;
        rf_world *w = NULL;
        rf_err err;
        rf_err_clear(&err);
        rf_status st = rf_test_load("rf_unc", &sc, &w, NULL, &err, "data: %s\nyears: 2024\nuncertainty:\n  - %s\n", TOY,
                                    bad[i].item);
        if (st == RF_OK || err.line != 4 || strcmp(err.field, bad[i].field) || !strstr(err.msg, bad[i].what))
            print_error("%s -> %d %s:%d: %s: %s\n", bad[i].item, st, err.file, err.line, err.field, err.msg);
        assert_int_equal(st, RF_EINVAL);
        assert_int_equal(err.line, 4);
        assert_string_equal(err.field, bad[i].field);
        assert_non_null(strstr(err.msg, bad[i].what));
        rf_scenario_free(sc);
        rf_world_free(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity_halves_a_binding_mine),
        cmocka_unit_test(test_clamps_are_counted),
        cmocka_unit_test(test_each_target_moves_its_field),
        cmocka_unit_test(test_undo_is_exact_and_repeatable),
        cmocka_unit_test(test_non_finite_refused),
        cmocka_unit_test(test_check_selectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
