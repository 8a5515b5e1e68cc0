/*
 * test_import_reliance.c: USGS net import reliance by region and product
 * (src/analytics/import_reliance.c), on hand-made result tables over the toy
 * world's regions, products and plants (tests/data/toy).
 *
 * The hand-made year, with the answer worked out:
 *
 * CN, oxide:NdPr.  cn-sep makes 200 t; 30 t arrive from the US and 20 t more
 * as the compliant variant (oxide:NdPr@tag counts as oxide:NdPr): imports 50;
 * 30 t leave for JP: exports 30.  Its commercial stock falls from 40 to 20 t
 * (drawdown +20) and a strategic stockpile fills 15 t and releases none
 * (drawdown -15): stock drawdown +5.  Apparent consumption = 200 + 50 - 30 +
 * 5 = 225 t (cn-metal's feed); net import reliance = (50 - 30 + 5) / 225 =
 * 1/9.  A 7 t flow from CN to CN is no trade.
 *
 * US, concentrate:bastnaesite.  us-mine makes 1,405 t, 1,305 t leave for CN
 * and us-sep separates the other 100: reliance = -1,305 / 100 = -13.05 (a
 * net exporter; USGS would print "E").
 *
 * US, oxide:NdPr.  us-sep's 19 t all leave for AU, which uses none either:
 * no row for either.
 *
 * JP, oxide:NdPr.  It makes none, imports 30 t from CN and draws its
 * commercial stock from 10 to 0; jp-metal takes 40 t: reliance
 * (30 + 10) / 40 = 1.
 *
 * JP, magnet:NdFeB.  jp-magnet makes 100 t, an offtake (a lone draw on the
 * pool) delivers 10 t of them and demand is served 90: apparent consumption
 * 100, reliance 0.
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rf_test.h"

#define TOY RF_TEST_DATA_DIR "/toy"
#define TOL 1e-9

typedef struct fx {
    rf_world *w;
    rf_year_result yr;
} fx;

static int R(const fx *f, const char *id)
{
    int r = rf_world_region(f->w, id);
    assert_true(r >= 0);
    return r;
}

static int P(const fx *f, const char *id)
{
    int p = rf_world_product(f->w, id);
    assert_true(p >= 0);
    return p;
}

static void act(fx *f, const char *fac, const char *recipe, double t)
{
    int i = rf_world_facility(f->w, fac);
    assert_true(i >= 0);
    const rf_facility *F = &f->w->facilities[i];
    for (int k = 0; k < F->nrecipes; k++)
        if (strcmp(f->w->recipes[F->recipes[k]].id, recipe) == 0) {
            f->yr.activity[F->recipe_offset + k] = t;
            return;
        }
    fail_msg("no recipe %s at %s", recipe, fac);
}

static void setup_year(fx *f)
{
    assert_int_equal(rf_dataset_load(TOY, &f->w, NULL), RF_OK);
    rf_year_result *y = &f->yr;
    memset(y, 0, sizeof *y);
    y->year = 2024;
    y->status = RF_YEAR_OPTIMAL;
    y->activity = calloc((size_t)f->w->nfac_recipes, sizeof *y->activity);
    y->served_t = calloc((size_t)f->w->ndemand, sizeof *y->served_t);
    y->production = calloc(4, sizeof *y->production);
    y->trade = calloc(6, sizeof *y->trade);
    y->inventory = calloc(2, sizeof *y->inventory);
    y->extra_t = calloc(3, sizeof(double));
    y->extra_region = calloc(3, sizeof(int));
    y->extra_product = calloc(3, sizeof(int));
    y->extra_sign = calloc(3, sizeof(int));
    y->extra_eol = calloc(3, sizeof(int));
    assert_true(y->activity && y->served_t && y->production && y->trade && y->inventory && y->extra_t &&
                y->extra_region && y->extra_product && y->extra_sign && y->extra_eol);
    int cn = R(f, "CN"), us = R(f, "US"), jp = R(f, "JP");
    int ndpr = P(f, "oxide:NdPr"), bast = P(f, "concentrate:bastnaesite"), mag = P(f, "magnet:NdFeB");
    y->production[0] = (rf_output){rf_world_facility(f->w, "cn-sep"), ndpr, 200};
    y->production[1] = (rf_output){rf_world_facility(f->w, "us-mine"), bast, 1405};
    y->production[2] = (rf_output){rf_world_facility(f->w, "us-sep"), ndpr, 19};
    y->production[3] = (rf_output){rf_world_facility(f->w, "jp-magnet"), mag, 100};
    y->nproduction = 4;
    y->trade[0] = (rf_trade_flow){us, cn, ndpr, 30, 0};
    y->trade[1] = (rf_trade_flow){us, cn, ndpr, 20, 1};
    y->trade[2] = (rf_trade_flow){cn, jp, ndpr, 30, 0};
    y->trade[3] = (rf_trade_flow){cn, cn, ndpr, 7, 0};
    y->trade[4] = (rf_trade_flow){us, cn, bast, 1305, 0};
    y->trade[5] = (rf_trade_flow){us, R(f, "AU"), ndpr, 19, 0};
    y->ntrade = 6;
    y->inventory[0] = (rf_inventory){cn, ndpr, 40, 20};
    y->inventory[1] = (rf_inventory){jp, ndpr, 10, 0};
    y->ninventory = 2;
    /* The stockpile's pair (fill, then release) in CN, and an offtake in JP. */
    y->extra_t[0] = 15, y->extra_region[0] = cn, y->extra_product[0] = ndpr, y->extra_sign[0] = -1;
    y->extra_t[1] = 0, y->extra_region[1] = cn, y->extra_product[1] = ndpr, y->extra_sign[1] = 1;
    y->extra_t[2] = 10, y->extra_region[2] = jp, y->extra_product[2] = mag, y->extra_sign[2] = -1;
    y->nextra = 3;
    act(f, "cn-metal", "met-ndpr", 225);
    act(f, "us-sep", "sep-bast", 100);
    act(f, "jp-metal", "met-ndpr", 40);
    /* JP's electronics row of demand.csv: 90 t of standard magnets. */
    for (int d = 0; d < f->w->ndemand; d++)
        if (f->w->demand[d].region == jp && f->w->demand[d].product == mag) y->served_t[d] = 90;
}

static const rf_import_reliance *row(const fx *f, const char *region, const char *product)
{
    int r = R(f, region), p = P(f, product);
    for (int i = 0; i < f->yr.nimport_reliance; i++)
        if (f->yr.import_reliance[i].region == r && f->yr.import_reliance[i].product == p)
            return &f->yr.import_reliance[i];
    return NULL;
}

static void test_hand_made_year(void **state)
{
    (void)state;
    fx f;
    setup_year(&f);
    assert_int_equal(rf_analytics_import_reliance(f.w, &f.yr, NULL), RF_OK);

    const rf_import_reliance *r = row(&f, "CN", "oxide:NdPr");
    assert_non_null(r);
    RF_ASSERT_NEAR(r->production_t, 200, TOL, TOL);
    RF_ASSERT_NEAR(r->imports_t, 50, TOL, TOL);
    RF_ASSERT_NEAR(r->exports_t, 30, TOL, TOL);
    RF_ASSERT_NEAR(r->stock_drawdown_t, 5, TOL, TOL);
    RF_ASSERT_NEAR(r->consumption_t, 225, TOL, TOL);
    RF_ASSERT_NEAR(r->share, 1.0 / 9.0, TOL, TOL);

    r = row(&f, "US", "concentrate:bastnaesite");
    assert_non_null(r);
    RF_ASSERT_NEAR(r->consumption_t, 100, TOL, TOL);
    RF_ASSERT_NEAR(r->share, -13.05, TOL, TOL);

    assert_null(row(&f, "US", "oxide:NdPr"));

    r = row(&f, "JP", "oxide:NdPr");
    assert_non_null(r);
    RF_ASSERT_NEAR(r->stock_drawdown_t, 10, TOL, TOL);
    RF_ASSERT_NEAR(r->consumption_t, 40, TOL, TOL);
    RF_ASSERT_NEAR(r->share, 1.0, TOL, TOL);

    r = row(&f, "JP", "magnet:NdFeB");
    assert_non_null(r);
    RF_ASSERT_NEAR(r->consumption_t, 100, TOL, TOL);
    RF_ASSERT_NEAR(r->share, 0.0, TOL, TOL);

    /* Nothing else is used anywhere: exactly these four rows. */
    assert_int_equal(f.yr.nimport_reliance, 4);

    /* Not optimal: no numbers, no rows. */
    f.yr.status = RF_YEAR_INFEASIBLE;
    assert_int_equal(rf_analytics_import_reliance(f.w, &f.yr, NULL), RF_OK);
    assert_int_equal(f.yr.nimport_reliance, 0);
    rf_year_result_clear(&f.yr);
    rf_world_free(f.w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_made_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
