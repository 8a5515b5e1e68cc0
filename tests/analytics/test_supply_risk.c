/*
 * test_supply_risk.c: the EU-style supply risk (src/analytics/supply_risk.c)
 * on a hand-made year over the toy world (tests/data/toy).
 *
 * Nd is mined in two countries: CN 63 t (share 0.7, WGI 5.7) and AU 27 t
 * (share 0.3, WGI 2.0); nobody separates it in this year.
 *   HHI_WGI = 0.7^2 x 5.7 + 0.3^2 x 2.0 = 2.793 + 0.18 = 2.973
 * The US takes Nd only inside magnets (its only import_reliance row is
 * magnet:NdFeB, which holds no element content): IR = 1.  Recyclers take
 * 10 t of end-of-life scrap (the toy's scrap product, given 100% Nd here):
 * EOL_RIR = 10 / (90 mined + 10) = 0.1.  SI = 0.9.
 *   SR = 2.973 x 1 x (1 - 0.1) x 0.9 = 2.40813
 *
 * Then a separation stage held by CN alone (HHI_WGI 5.7) becomes the
 * bottleneck: SR = 5.7 x 0.81 = 4.617; and CN, a net exporter of Nd oxide
 * (reliance -1), has IR 0 and no supply risk.
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rf_test.h"

#define TOY RF_TEST_DATA_DIR "/toy"
#define TOL 1e-9

static const rf_supply_risk *find(const rf_world *w, const rf_year_result *yr, const char *el, const char *reg)
{
    int e = rf_world_element(w, el), r = rf_world_region(w, reg);
    for (int i = 0; i < yr->nsupply_risk; i++)
        if (yr->supply_risk[i].element == e && yr->supply_risk[i].region == r) return &yr->supply_risk[i];
    return NULL;
}

static void test_hand_made(void **state)
{
    (void)state;
    rf_world *w = NULL;
    assert_int_equal(rf_dataset_load(TOY, &w, NULL), RF_OK);
    int cn = rf_world_region(w, "CN"), au = rf_world_region(w, "AU"), us = rf_world_region(w, "US");
    int nd = rf_world_element(w, "Nd"), scrap = rf_world_product(w, "scrap");
    int mag = rf_world_product(w, "magnet:NdFeB"), oxnd = rf_world_product(w, "oxide:Nd");
    assert_true(cn >= 0 && au >= 0 && us >= 0 && nd >= 0 && scrap >= 0 && mag >= 0 && oxnd >= 0);
    /* Governance and substitution as the optional tables would set them. */
    w->wgi = calloc((size_t)w->nregions, sizeof *w->wgi);
    w->si = calloc((size_t)w->nelements, sizeof *w->si);
    assert_true(w->wgi && w->si);
    for (int r = 0; r < w->nregions; r++) w->wgi[r] = 5.0;
    w->wgi[cn] = 5.7;
    w->wgi[au] = 2.0;
    for (int e = 0; e < w->nelements; e++) w->si[e] = 1.0;
    w->si[nd] = 0.9;
    w->products[scrap].content[nd] = 1.0;

    rf_year_result yr;
    memset(&yr, 0, sizeof yr);
    yr.year = 2030;
    yr.status = RF_YEAR_OPTIMAL;
    yr.elem_shares = calloc(3, sizeof *yr.elem_shares);
    yr.import_reliance = calloc(2, sizeof *yr.import_reliance);
    yr.extra_t = calloc(1, sizeof(double));
    yr.extra_region = calloc(1, sizeof(int));
    yr.extra_product = calloc(1, sizeof(int));
    yr.extra_sign = calloc(1, sizeof(int));
    yr.extra_eol = calloc(1, sizeof(int));
    assert_true(yr.elem_shares && yr.import_reliance && yr.extra_t && yr.extra_region && yr.extra_product &&
                yr.extra_sign && yr.extra_eol);
    yr.elem_shares[0] = (rf_elem_share){RF_STAGE_MINE, nd, cn, 63, 0.7};
    yr.elem_shares[1] = (rf_elem_share){RF_STAGE_MINE, nd, au, 27, 0.3};
    yr.nelem_shares = 2;
    yr.import_reliance[0] = (rf_import_reliance){us, mag, 0, 100, 0, 0, 100, 1.0};
    yr.nimport_reliance = 1;
    yr.extra_t[0] = 10, yr.extra_region[0] = us, yr.extra_product[0] = scrap, yr.extra_sign[0] = 1,
    yr.extra_eol[0] = 1;
    yr.nextra = 1;

    assert_int_equal(rf_analytics_supply_risk(w, &yr, NULL), RF_OK);
    const rf_supply_risk *s = find(w, &yr, "Nd", "US");
    assert_non_null(s);
    assert_int_equal(s->stage, RF_STAGE_MINE);
    RF_ASSERT_NEAR(s->hhi_wgi, 2.973, TOL, TOL);
    RF_ASSERT_NEAR(s->ir, 1.0, TOL, TOL);
    RF_ASSERT_NEAR(s->eol_rir, 0.1, TOL, TOL);
    RF_ASSERT_NEAR(s->si, 0.9, TOL, TOL);
    RF_ASSERT_NEAR(s->value, 2.40813, TOL, TOL);
    /* Only the consuming region (the one with import_reliance rows) has rows;
     * Pr, Dy and Tb have no supply in this year. */
    assert_null(find(w, &yr, "Nd", "CN"));
    assert_null(find(w, &yr, "Dy", "US"));
    assert_int_equal(yr.nsupply_risk, 1);

    /* CN separates all the Nd: the separation stage is the bottleneck.  CN
     * makes 200 t of Nd oxide and ships 100 (reliance -1): IR 0. */
    yr.elem_shares[2] = (rf_elem_share){RF_STAGE_SEPARATION, nd, cn, 85, 1.0};
    yr.nelem_shares = 3;
    yr.import_reliance[1] = (rf_import_reliance){cn, oxnd, 200, 0, 100, 0, 100, -1.0};
    yr.nimport_reliance = 2;
    assert_int_equal(rf_analytics_supply_risk(w, &yr, NULL), RF_OK);
    s = find(w, &yr, "Nd", "US");
    assert_non_null(s);
    assert_int_equal(s->stage, RF_STAGE_SEPARATION);
    RF_ASSERT_NEAR(s->value, 5.7 * 0.9 * 0.9, TOL, TOL);
    s = find(w, &yr, "Nd", "CN");
    assert_non_null(s);
    RF_ASSERT_NEAR(s->ir, 0.0, TOL, TOL);
    RF_ASSERT_NEAR(s->value, 0.0, TOL, TOL);

    /* Without the governance and substitution tables: WGI 5, SI 1. */
    free(w->wgi);
    free(w->si);
    w->wgi = NULL;
    w->si = NULL;
    assert_int_equal(rf_analytics_supply_risk(w, &yr, NULL), RF_OK);
    s = find(w, &yr, "Nd", "US");
    assert_non_null(s);
    RF_ASSERT_NEAR(s->value, 5.0 * 0.9, TOL, TOL);

    rf_year_result_clear(&yr);
    rf_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_hand_made)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
