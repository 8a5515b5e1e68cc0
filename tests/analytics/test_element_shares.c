/*
 * test_element_shares.c: element-resolved shares, HHI and top-3 share
 * (src/analytics/element_shares.c).
 *
 * First on hand-made tables of regions' tonnes, whose HHI and top-3 are
 * arithmetic: a monopoly is 10,000 and 1; 50/30/20 is 2,500 + 900 + 400 =
 * 3,800 and 1; 40/30/20/10 is 1,600 + 900 + 400 + 100 = 3,000 and 0.9.
 *
 * Then on the toy world (tests/data/toy) with the activity of its equilibrium
 * as tests/data/toy/README.md derives it by hand (steps 4 to 7):
 *   mines: cn-mine 1,000 t, us-mine 1,405, au-clay 100 (t REO);
 *   separation: cn-sep 2,305 t bastnaesite + 100 clay, us-sep 100 bastnaesite;
 *   metal: cn-metal 438.45 t NdPr oxide (350.76 t metal / 0.8) + 4.75 Dy oxide,
 *          jp-metal 37.5 (30 t metal);
 *   magnets: cn-magnet 980 t standard, 182 conventional hc, 20 GBD hc;
 *            jp-magnet 100 standard.
 * From the data files: bastnaesite is 15% Nd and 5% Pr, clay 15% Nd, 5% Pr,
 * 5% Dy and 1% Tb of its REO; separation recovers 0.95; oxide:NdPr and
 * metal:NdPr hold Nd and Pr in equal shares (the dataset's rule for a product
 * listing two elements); metal:NdPr is 1.166 t REO-eq per t, metal:Dy 1.148.
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rf_test.h"

#define TOY RF_TEST_DATA_DIR "/toy"
#define TOL 1e-9

static void check(const double *t, int n, double want_hhi, double want_top3)
{
    double hhi = -1.0, top3 = -1.0;
    rf_analytics_concentration(t, n, &hhi, &top3);
    RF_ASSERT_NEAR(hhi, want_hhi, TOL, TOL);
    RF_ASSERT_NEAR(top3, want_top3, TOL, TOL);
}

static void test_concentration_hand_made(void **state)
{
    (void)state;
    double mono[] = {0.0, 7.0, 0.0};
    check(mono, 3, 10000.0, 1.0);
    double three[] = {20.0, 50.0, 30.0};
    check(three, 3, 3800.0, 1.0);
    double four[] = {10.0, 40.0, 20.0, 30.0};
    check(four, 4, 3000.0, 0.9);
    /* Tonnes, not shares: the scale does not matter; nor do empty regions. */
    double scaled[] = {0.0, 400.0, 300.0, 0.0, 200.0, 100.0};
    check(scaled, 6, 3000.0, 0.9);
    double none[] = {0.0, 0.0};
    check(none, 2, 0.0, 0.0);
}

/* Set the activity of facility `fac`'s recipe `recipe` in yr. */
static void act(const rf_world *w, rf_year_result *yr, const char *fac, const char *recipe, double t)
{
    int f = rf_world_facility(w, fac);
    assert_true(f >= 0);
    const rf_facility *F = &w->facilities[f];
    for (int k = 0; k < F->nrecipes; k++)
        if (strcmp(w->recipes[F->recipes[k]].id, recipe) == 0) {
            yr->activity[F->recipe_offset + k] = t;
            return;
        }
    fail_msg("no recipe %s at %s", recipe, fac);
}

/* The toy's equilibrium activity (see the file comment). */
static void toy_year(const rf_world *w, rf_year_result *yr)
{
    memset(yr, 0, sizeof *yr);
    yr->year = 2024;
    yr->status = RF_YEAR_OPTIMAL;
    yr->activity = calloc((size_t)w->nfac_recipes, sizeof *yr->activity);
    assert_non_null(yr->activity);
    act(w, yr, "cn-mine", "mine-bast", 1000);
    act(w, yr, "us-mine", "mine-bast", 1405);
    act(w, yr, "au-clay", "mine-clay", 100);
    act(w, yr, "cn-sep", "sep-bast", 2305);
    act(w, yr, "cn-sep", "sep-clay", 100);
    act(w, yr, "us-sep", "sep-bast", 100);
    act(w, yr, "cn-metal", "met-ndpr", 438.45);
    act(w, yr, "cn-metal", "met-dy", 4.75);
    act(w, yr, "jp-metal", "met-ndpr", 37.5);
    act(w, yr, "cn-magnet", "mag-std", 980);
    act(w, yr, "cn-magnet", "mag-hc-conv", 182);
    act(w, yr, "cn-magnet", "mag-hc-gbd", 20);
    act(w, yr, "jp-magnet", "mag-std", 100);
}

static const rf_elem_share *find_share(const rf_world *w, const rf_year_result *yr, rf_stage s, const char *el,
                                       const char *region)
{
    int e = rf_world_element(w, el), r = rf_world_region(w, region);
    for (int i = 0; i < yr->nelem_shares; i++)
        if (yr->elem_shares[i].stage == s && yr->elem_shares[i].element == e && yr->elem_shares[i].region == r)
            return &yr->elem_shares[i];
    return NULL;
}

static const rf_elem_hhi *find_hhi(const rf_world *w, const rf_year_result *yr, rf_stage s, const char *el)
{
    int e = rf_world_element(w, el);
    for (int i = 0; i < yr->nelem_hhi; i++)
        if (yr->elem_hhi[i].stage == s && yr->elem_hhi[i].element == e) return &yr->elem_hhi[i];
    return NULL;
}

static double top3_of(const rf_world *w, const rf_year_result *yr, rf_stage s, const char *el)
{
    int e = strcmp(el, "REO") == 0 ? -1 : rf_world_element(w, el);
    for (int i = 0; i < yr->ntop3; i++)
        if (yr->top3[i].stage == s && yr->top3[i].element == e) return yr->top3[i].share;
    fail_msg("no top3 row for %s %s", rf_stage_result_name(s), el);
    return -1.0;
}

static void test_toy_by_hand(void **state)
{
    (void)state;
    rf_world *w = NULL;
    assert_int_equal(rf_dataset_load(TOY, &w, NULL), RF_OK);
    rf_year_result yr;
    toy_year(w, &yr);
    assert_int_equal(rf_analytics_shares(w, &yr, NULL), RF_OK);
    assert_int_equal(rf_analytics_element_shares(w, &yr, NULL), RF_OK);

    /* Mining: every ore is 15% Nd, so Nd follows the REO mined (README: HHI
     * 4,755): US 1,405 x 0.15 = 210.75 t of 2,505 x 0.15. */
    const rf_elem_share *s = find_share(w, &yr, RF_STAGE_MINE, "Nd", "US");
    assert_non_null(s);
    RF_ASSERT_NEAR(s->t, 210.75, TOL, TOL);
    RF_ASSERT_NEAR(s->share, 1405.0 / 2505.0, TOL, TOL);
    const rf_elem_hhi *h = find_hhi(w, &yr, RF_STAGE_MINE, "Nd");
    assert_non_null(h);
    RF_ASSERT_NEAR(h->value, 1e4 * (1405.0 * 1405 + 1000.0 * 1000 + 100.0 * 100) / (2505.0 * 2505), 1e-6, 0);
    RF_ASSERT_NEAR(h->value, 4755.4, 0.05, 0);
    RF_ASSERT_NEAR(h->total_t, 2505 * 0.15, TOL, TOL);
    /* Only the clay holds Dy and Tb: an Australian monopoly of mining, 5 t and 1 t. */
    h = find_hhi(w, &yr, RF_STAGE_MINE, "Dy");
    assert_non_null(h);
    RF_ASSERT_NEAR(h->value, 10000.0, TOL, TOL);
    RF_ASSERT_NEAR(h->total_t, 5.0, TOL, TOL);
    s = find_share(w, &yr, RF_STAGE_MINE, "Tb", "AU");
    assert_non_null(s);
    RF_ASSERT_NEAR(s->share, 1.0, TOL, TOL);
    RF_ASSERT_NEAR(s->t, 1.0, TOL, TOL);

    /* Separation: the US separates 100 x 0.2 x 0.95 = 19 t of the 475.95 t of
     * NdPr oxide, half of it Nd by the dataset's rule: 9.5 t.  All the Tb
     * (100 x 0.01 x 0.95 = 0.95 t) is separated in CN. */
    s = find_share(w, &yr, RF_STAGE_SEPARATION, "Nd", "US");
    assert_non_null(s);
    RF_ASSERT_NEAR(s->t, 9.5, TOL, TOL);
    RF_ASSERT_NEAR(s->share, 19.0 / 475.95, TOL, TOL);
    h = find_hhi(w, &yr, RF_STAGE_SEPARATION, "Pr");
    assert_non_null(h);
    RF_ASSERT_NEAR(h->value, 1e4 * ((19.0 / 475.95) * (19.0 / 475.95) + (456.95 / 475.95) * (456.95 / 475.95)),
                   1e-6, 0);
    s = find_share(w, &yr, RF_STAGE_SEPARATION, "Tb", "CN");
    assert_non_null(s);
    RF_ASSERT_NEAR(s->t, 0.95, TOL, TOL);
    RF_ASSERT_NEAR(s->share, 1.0, TOL, TOL);

    /* Metal made: JP's 30 t of the 380.76 t NdPr metal, 30 x 1.166 / 2 = 17.49 t
     * of Nd (REO-eq); Dy metal only in CN, 3.8 t x 1.148 = 4.3624.  No plant
     * makes Tb metal: no row. */
    s = find_share(w, &yr, RF_STAGE_METAL, "Nd", "JP");
    assert_non_null(s);
    RF_ASSERT_NEAR(s->t, 17.49, TOL, TOL);
    RF_ASSERT_NEAR(s->share, 30.0 / 380.76, TOL, TOL);
    h = find_hhi(w, &yr, RF_STAGE_METAL, "Dy");
    assert_non_null(h);
    RF_ASSERT_NEAR(h->value, 10000.0, TOL, TOL);
    RF_ASSERT_NEAR(h->total_t, 4.3624, TOL, TOL);
    assert_null(find_hhi(w, &yr, RF_STAGE_METAL, "Tb"));
    assert_null(find_share(w, &yr, RF_STAGE_METAL, "Tb", "CN"));

    /* Magnets: JP's 100 t standard hold 30 t NdPr metal; CN's hc magnets
     * 182 x 0.02 + 20 x 0.008 = 3.8 t Dy metal, 4.3624 t REO-eq. */
    s = find_share(w, &yr, RF_STAGE_MAGNET, "Pr", "JP");
    assert_non_null(s);
    RF_ASSERT_NEAR(s->share, 30.0 / 380.76, TOL, TOL);
    s = find_share(w, &yr, RF_STAGE_MAGNET, "Dy", "CN");
    assert_non_null(s);
    RF_ASSERT_NEAR(s->t, 4.3624, TOL, TOL);
    RF_ASSERT_NEAR(s->share, 1.0, TOL, TOL);

    /* No stage of the toy has more than three regions: every top-3 is 1, the
     * REO rows (from `shares`) as well.  No recycling: no rows for it. */
    RF_ASSERT_NEAR(top3_of(w, &yr, RF_STAGE_MINE, "REO"), 1.0, TOL, TOL);
    RF_ASSERT_NEAR(top3_of(w, &yr, RF_STAGE_MAGNET, "Nd"), 1.0, TOL, TOL);
    RF_ASSERT_NEAR(top3_of(w, &yr, RF_STAGE_SEPARATION, "Tb"), 1.0, TOL, TOL);
    for (int i = 0; i < yr.ntop3; i++) assert_int_not_equal(yr.top3[i].stage, RF_STAGE_RECYCLING);
    /* Rows: 4 elements x 4 stages, less Tb at metal and magnet. */
    assert_int_equal(yr.nelem_hhi, 14);
    assert_int_equal(yr.ntop3, 14 + 4);

    /* Each (stage, element) sums to 1. */
    for (int i = 0; i < yr.nelem_hhi; i++) {
        double sum = 0.0;
        for (int j = 0; j < yr.nelem_shares; j++)
            if (yr.elem_shares[j].stage == yr.elem_hhi[i].stage && yr.elem_shares[j].element == yr.elem_hhi[i].element)
                sum += yr.elem_shares[j].share;
        RF_ASSERT_NEAR(sum, 1.0, 1e-12, 0);
    }
    rf_year_result_clear(&yr);
    rf_world_free(w);
}

/* A year that is not optimal carries no numbers, so none of these tables. */
static void test_not_optimal(void **state)
{
    (void)state;
    rf_world *w = NULL;
    assert_int_equal(rf_dataset_load(TOY, &w, NULL), RF_OK);
    rf_year_result yr;
    toy_year(w, &yr);
    assert_int_equal(rf_analytics_element_shares(w, &yr, NULL), RF_OK);
    assert_true(yr.nelem_shares > 0);
    yr.status = RF_YEAR_INFEASIBLE;
    assert_int_equal(rf_analytics_element_shares(w, &yr, NULL), RF_OK);
    assert_int_equal(yr.nelem_shares + yr.nelem_hhi + yr.ntop3, 0);
    assert_null(yr.elem_shares);
    rf_year_result_clear(&yr);
    rf_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concentration_hand_made),
        cmocka_unit_test(test_toy_by_hand),
        cmocka_unit_test(test_not_optimal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
