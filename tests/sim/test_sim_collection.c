/*
 * test_sim_collection.c: a collection lever in the simulation: the
 * end-of-life scrap rises by exactly the ratio of the rates, in the year
 * after the lever comes into force, and the stocks in use are untouched.
 *
 * data/lifetimes.csv gives ev_traction, wind, industrial_motors, electronics
 * and other a collection rate of 0.01 (defense 0).  A lever of 0.5 on those
 * five sectors of the EU from 2026 makes each of them collect 0.5 / 0.01 =
 * 50 times as much of what leaves use in 2026; defense, not covered, stays at
 * 0.  Scrap offered in year y is year y-1's outflow x rate x process yield,
 * split by the element content of the sector's magnets, all linear in the
 * rate, so:
 *   2024-2026: every eol_scrap row is the same with and without the lever
 *              (2026's scrap is 2025's outflow, collected at the data's rate),
 *              and so is the year's LP and the stock in use;
 *   2027:      each EU row (scrap:NdPr, scrap:Dy, scrap:Tb) is 50 times the
 *              run without the lever; every other region's row is the same.
 * The stock in use at the end of 2026, whose outflow that is, is the same in
 * both runs: collection takes only what leaves use.  (From 2027 the extra
 * scrap lowers magnet prices, more demand is served and the stocks differ:
 * the market's answer, not the lever's.)
 */
#include <string.h>

#include "rareflow/io.h"
#include "rareflow/sim.h"
#include "rf_test.h"
#include "rf_test_util.h"

typedef struct run {
    rf_scenario *sc;
    rf_world *w;
    rf_results *res;
} run;

static void run_yaml(run *r, const char *body)
{
    r->res = NULL;
    rf_err err;
    rf_sim *s = NULL;
    rf_status st = rf_test_load("rf_simcol", &r->sc, &r->w, NULL, &err, "data: %s\nyears: 2024:2027\n%s",
                                RF_DATA_DIR, body);
    if (st == RF_OK && !(s = rf_sim_new(r->w, r->sc, NULL, &err))) st = err.code;
    if (st == RF_OK) st = rf_sim_run(s, &err);
    if (st == RF_OK) r->res = rf_sim_take_results(s);
    rf_sim_free(s);
    if (st != RF_OK) fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
}

static void done(run *r)
{
    rf_results_free(r->res);
    rf_world_free(r->w);
    rf_scenario_free(r->sc);
}

/* Year `y` of the run, which must have solved to optimality. */
static const rf_year_result *year(const run *r, int y)
{
    const rf_year_result *yr = rf_test_year(r->res, y);
    assert_int_equal(yr->status, RF_YEAR_OPTIMAL);
    return yr;
}

/* The eol_scrap row of (region, product) in `yr`, or 0 when there is none. */
static double eol(const rf_year_result *yr, int region, int product)
{
    for (int i = 0; i < yr->neol_scrap; i++)
        if (yr->eol_scrap[i].region == region && yr->eol_scrap[i].product == product) return yr->eol_scrap[i].t;
    return 0.0;
}

static double in_use(const rf_year_result *yr, int region, const char *sector)
{
    for (int i = 0; i < yr->nin_use; i++)
        if (yr->in_use[i].region == region && !strcmp(yr->in_use[i].sector, sector)) return yr->in_use[i].t;
    return 0.0;
}

static void test_scrap_scales_by_the_rates(void **state)
{
    (void)state;
    run base, lever;
    run_yaml(&base, "");
    run_yaml(&lever, "collection:\n  - {name: eu-all, regions: EU, sectors: [ev_traction, wind, industrial_motors,"
                     " electronics, other], rate: 0.5, from: 2026}\n");
    const rf_world *w = base.w;
    int eu = rf_world_region(w, "EU");
    assert_true(eu >= 0);
    static const char *const scraps[] = {"scrap:NdPr", "scrap:Dy", "scrap:Tb"};
    static const char *const sectors[] = {"ev_traction", "wind", "industrial_motors", "electronics", "other",
                                          "defense"};
    /* The regions with magnets in use (demand.csv); the others have no scrap. */
    static const char *const users[] = {"CN", "EU", "JP", "KR", "ROW", "US"};
    for (int y = 2024; y <= 2027; y++) {
        const rf_year_result *a = year(&base, y), *b = year(&lever, y);
        for (int r = 0; r < w->nregions; r++)
            for (size_t k = 0; k < sizeof scraps / sizeof scraps[0]; k++) {
                int p = rf_world_product(w, scraps[k]);
                assert_true(p >= 0);
                double want = eol(a, r, p) * (y == 2027 && r == eu ? 0.5 / 0.01 : 1.0);
                RF_ASSERT_NEAR(eol(b, r, p), want, 1e-9, 1e-9);
            }
        for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
            int r = rf_world_region(w, users[i]);
            assert_true(r >= 0);
            /* Scrap is offered from 2025 on, the outflow of the year before. */
            for (size_t k = 0; y >= 2025 && k < sizeof scraps / sizeof scraps[0]; k++)
                assert_true(eol(a, r, rf_world_product(w, scraps[k])) > 0.0);
            /* The stocks whose outflow is collected are the lever's to leave alone. */
            for (size_t k = 0; y <= 2026 && k < sizeof sectors / sizeof sectors[0]; k++) {
                assert_true(in_use(a, r, sectors[k]) > 0.0);
                RF_ASSERT_NEAR(in_use(b, r, sectors[k]), in_use(a, r, sectors[k]), 0, 1e-12);
            }
        }
        if (y <= 2026) RF_ASSERT_NEAR(b->objective, a->objective, 1e-6, 1e-12);
        /* In force from 2026: listed in that year's policies_active. */
        assert_int_equal(b->npolicies_active, y >= 2026 ? 1 : 0);
    }
    done(&base);
    done(&lever);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scrap_scales_by_the_rates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
