/*
 * test_provenance.c: provenance and "touched China" on the toy world
 * (tests/data/toy), with flows set by hand so that every share can be
 * derived on paper.
 *
 * The flows: CN's and US's mines dig 100 t of bastnaesite each; the US ships
 * 60 t of it to CN.  CN separates 160 t (mine origin 100/160 = 0.625 CN,
 * 0.375 US), the US 40 t (all US).  Of the NdPr oxide, each t of feed giving
 * k t: the US ships all its 40k to JP, CN ships 40k to JP and keeps 120k.
 * JP's oxide is half American, half Chinese: mine CN 0.5 x 0.625 = 0.3125,
 * US 0.6875; separation 0.5 / 0.5; touched China 0.5.  JP makes metal and
 * magnets from all of it (metal JP, magnet JP).  CN makes metal from its
 * 120k and magnets from that.  The US buys the same tonnage X of standard
 * magnets from JP and from CN: mine CN (0.3125 + 0.625) / 2 = 0.46875,
 * separation CN (0.5 + 1) / 2 = 0.75, metal and magnet JP 0.5 / CN 0.5, and
 * touched China (0.5 + 1) / 2 = 0.75.  Note that the touched share is not
 * what the stage shares would give if taken as independent: 1 - (1 -
 * 0.46875)(1 - 0.75)(1 - 0.5)(1 - 0.5) = 0.967.  Further cases: a stock drawn, a set of
 * touched regions, and end-of-life oxide recovered in JP (the recycled
 * pseudo-origin).
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "analytics/hand_year.h"
#include "rareflow/io.h"
#include "rf_test.h"

#define TOY RF_TEST_DATA_DIR "/toy"
#define TOL 1e-12

typedef struct hand {
    rf_world *w;
    rf_year_result yr;
    int ntrade_cap, nprod_cap;
} hand;

static void run_recipe(hand *h, const char *fid, const char *rid, double a)
{
    rf_hand_run_recipe(h->w, &h->yr, fid, rid, a);
}

static void ship(hand *h, const char *from, const char *to, const char *product, double t)
{
    rf_hand_ship(h->w, &h->yr, from, to, product, t);
}

/* NdPr oxide per t of bastnaesite separated (the toy's basket). */
static double ndpr_per_feed(const rf_world *w)
{
    int p = rf_world_product(w, "oxide:NdPr");
    for (int i = 0; i < w->nrecipes; i++)
        if (!strcmp(w->recipes[i].id, "sep-bast"))
            for (int j = 0; j < w->recipes[i].nout; j++)
                if (w->recipes[i].out[j].product == p) return w->recipes[i].out[j].qty;
    fail_msg("no NdPr from sep-bast");
    return 0;
}

static double share(const hand *h, const char *region, const char *product, rf_stage stage, const char *origin)
{
    int r = rf_world_region(h->w, region), p = rf_world_product(h->w, product);
    int o = !strcmp(origin, "recycled") ? RF_ORIGIN_RECYCLED : !strcmp(origin, "stock") ? RF_ORIGIN_STOCK
                                                                                        : rf_world_region(h->w, origin);
    for (int i = 0; i < h->yr.nprovenance; i++) {
        const rf_provenance_row *x = &h->yr.provenance[i];
        if (x->region == r && x->product == p && x->stage == (int)stage && x->origin == o) return x->share;
    }
    return 0.0;
}

static double stage_sum(const hand *h, const char *region, const char *product, rf_stage stage)
{
    int r = rf_world_region(h->w, region), p = rf_world_product(h->w, product);
    double s = 0.0;
    for (int i = 0; i < h->yr.nprovenance; i++)
        if (h->yr.provenance[i].region == r && h->yr.provenance[i].product == p &&
            h->yr.provenance[i].stage == (int)stage)
            s += h->yr.provenance[i].share;
    return s;
}

static double touched(const hand *h, const char *region, const char *product)
{
    int r = rf_world_region(h->w, region), p = rf_world_product(h->w, product);
    for (int i = 0; i < h->yr.ntouched; i++)
        if (h->yr.touched[i].region == r && h->yr.touched[i].product == p) return h->yr.touched[i].share;
    fail_msg("no touched row for %s %s", region, product);
    return -1;
}

static void build(hand *h, double stock_drawn, double recycled)
{
    memset(h, 0, sizeof *h);
    assert_int_equal(rf_dataset_load(TOY, &h->w, NULL), RF_OK);
    rf_world *w = h->w;
    h->yr.year = 2024;
    h->yr.status = RF_YEAR_OPTIMAL;
    h->yr.activity = calloc((size_t)w->nfac_recipes, sizeof *h->yr.activity);
    h->yr.served_t = calloc((size_t)w->ndemand, sizeof *h->yr.served_t);
    assert_non_null(h->yr.activity);
    assert_non_null(h->yr.served_t);
    double k = ndpr_per_feed(w), metal = 0.8; /* met-ndpr: 0.8 t of metal a t of oxide */
    run_recipe(h, "cn-mine", "mine-bast", 100);
    run_recipe(h, "us-mine", "mine-bast", 100);
    ship(h, "US", "CN", "concentrate:bastnaesite", 60);
    run_recipe(h, "cn-sep", "sep-bast", 160);
    run_recipe(h, "us-sep", "sep-bast", 40);
    ship(h, "US", "JP", "oxide:NdPr", 40 * k);
    ship(h, "CN", "JP", "oxide:NdPr", 40 * k);
    /* End-of-life NdPr oxide recovered in JP (an extra column marked eol), used there too. */
    double rec = recycled * k;
    if (rec > 0.0) {
        h->yr.extra_t = calloc(1, sizeof *h->yr.extra_t);
        h->yr.extra_region = calloc(1, sizeof(int));
        h->yr.extra_product = calloc(1, sizeof(int));
        h->yr.extra_sign = calloc(1, sizeof(int));
        h->yr.extra_eol = calloc(1, sizeof(int));
        assert_non_null(h->yr.extra_eol);
        h->yr.extra_t[0] = rec;
        h->yr.extra_region[0] = rf_world_region(w, "JP");
        h->yr.extra_product[0] = rf_world_product(w, "oxide:NdPr");
        h->yr.extra_sign[0] = 1;
        h->yr.extra_eol[0] = 1;
        h->yr.nextra = 1;
    }
    run_recipe(h, "jp-metal", "met-ndpr", 80 * k + rec);
    run_recipe(h, "cn-metal", "met-ndpr", 120 * k);
    run_recipe(h, "jp-magnet", "mag-std", (80 * k + rec) * metal / 0.30);
    run_recipe(h, "cn-magnet", "mag-std", 120 * k * metal / 0.30);
    double x = 10.0;
    ship(h, "JP", "US", "magnet:NdFeB", x);
    ship(h, "CN", "US", "magnet:NdFeB", x);
    /* The buyers served: the US wind row and JP's electronics row of demand.csv. */
    for (int d = 0; d < w->ndemand; d++)
        if (w->products[w->demand[d].product].family == RF_FAM_MAGNET &&
            w->demand[d].product == rf_world_product(w, "magnet:NdFeB") &&
            (w->demand[d].region == rf_world_region(w, "US") || w->demand[d].region == rf_world_region(w, "JP")))
            h->yr.served_t[d] = 1.0;
    if (stock_drawn > 0.0) {
        h->yr.inventory = calloc(1, sizeof *h->yr.inventory);
        assert_non_null(h->yr.inventory);
        h->yr.inventory[0] = (rf_inventory){rf_world_region(w, "US"), rf_world_product(w, "magnet:NdFeB"),
                                            stock_drawn, 0.0};
        h->yr.ninventory = 1;
    }
    assert_int_equal(rf_analytics_provenance(w, &h->yr, rf_world_region(w, "CN"), NULL), RF_OK);
}

static void done(hand *h)
{
    rf_year_result_clear(&h->yr);
    rf_world_free(h->w);
}

static void test_shares_by_hand(void **state)
{
    (void)state;
    hand h;
    build(&h, 0.0, 0.0);
    RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", RF_STAGE_MINE, "CN"), 0.46875, TOL, TOL);
    RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", RF_STAGE_MINE, "US"), 0.53125, TOL, TOL);
    RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", RF_STAGE_SEPARATION, "CN"), 0.75, TOL, TOL);
    RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", RF_STAGE_SEPARATION, "US"), 0.25, TOL, TOL);
    RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", RF_STAGE_METAL, "JP"), 0.5, TOL, TOL);
    RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", RF_STAGE_MAGNET, "CN"), 0.5, TOL, TOL);
    for (int s = RF_STAGE_MINE; s <= RF_STAGE_MAGNET; s++)
        RF_ASSERT_NEAR(stage_sum(&h, "US", "magnet:NdFeB", (rf_stage)s), 1.0, TOL, TOL);
    /* Traced as a flag: 0.75, not the 0.967 of independent stages. */
    RF_ASSERT_NEAR(touched(&h, "US", "magnet:NdFeB"), 0.75, TOL, TOL);
    /* JP's own magnets: half their oxide came from China's separators. */
    RF_ASSERT_NEAR(touched(&h, "JP", "magnet:NdFeB"), 0.5, TOL, TOL);
    RF_ASSERT_NEAR(share(&h, "JP", "magnet:NdFeB", RF_STAGE_MINE, "CN"), 0.3125, TOL, TOL);
    done(&h);
}

/* A stock drawn in the US (20 t beside the 20 t imported) enters as the
 * stock pseudo-origin at every stage: half of each stage; its touch is taken
 * as the imports' (0.75), so the touched share stays 0.75. */
static void test_stock_pseudo_origin(void **state)
{
    (void)state;
    hand h;
    build(&h, 20.0, 0.0);
    for (int s = RF_STAGE_MINE; s <= RF_STAGE_MAGNET; s++) {
        RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", (rf_stage)s, "stock"), 0.5, TOL, TOL);
        RF_ASSERT_NEAR(stage_sum(&h, "US", "magnet:NdFeB", (rf_stage)s), 1.0, TOL, TOL);
    }
    RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", RF_STAGE_MINE, "CN"), 0.234375, TOL, TOL);
    RF_ASSERT_NEAR(touched(&h, "US", "magnet:NdFeB"), 0.75, TOL, TOL);
    done(&h);
}

/* A set of regions (a sourcing rule's exclusions): the US's magnets touched
 * the US or Japan at any stage.  Those made in Japan did (metal, magnet:
 * 1.0); those made in China did where their ore was American, 60 of the 160 t
 * its separator took: 0.375.  Half and half: 0.6875, so the clean share under
 * a rule excluding both is 0.3125. */
static void test_touched_set(void **state)
{
    (void)state;
    hand h;
    build(&h, 0.0, 0.0);
    unsigned char mask[8] = {0};
    assert_true(h.w->nregions <= 8);
    mask[rf_world_region(h.w, "US")] = 1;
    mask[rf_world_region(h.w, "JP")] = 1;
    int before = h.yr.ntouched;
    assert_int_equal(rf_analytics_touched_set(h.w, &h.yr, mask, "US+JP", NULL), RF_OK);
    assert_true(h.yr.ntouched > before);
    int found = 0;
    for (int i = before; i < h.yr.ntouched; i++) {
        const rf_touched_row *t = &h.yr.touched[i];
        assert_int_equal(t->focus, -1);
        assert_string_equal(t->set, "US+JP");
        if (t->region == rf_world_region(h.w, "US") && t->product == rf_world_product(h.w, "magnet:NdFeB")) {
            RF_ASSERT_NEAR(t->share, 0.6875, TOL, TOL);
            found = 1;
        }
    }
    assert_true(found);
    /* The China rows are still there, unchanged. */
    RF_ASSERT_NEAR(touched(&h, "US", "magnet:NdFeB"), 0.75, TOL, TOL);
    done(&h);
}

/* Recycled material: 20k t of end-of-life NdPr oxide recovered in JP beside
 * the 80k imported.  JP's oxide: mine US (40 + 40 x 0.375) / 100 = 0.55, CN
 * 0.25, recycled 0.2; touched China 0.4 (only the Chinese-separated part).
 * The US's magnets, half from JP and half from CN: mine CN (0.25 + 0.625) / 2
 * = 0.4375, recycled 0.1, touched (0.4 + 1) / 2 = 0.7. */
static void test_recycled_pseudo_origin(void **state)
{
    (void)state;
    hand h;
    build(&h, 0.0, 20.0);
    RF_ASSERT_NEAR(share(&h, "JP", "magnet:NdFeB", RF_STAGE_MINE, "recycled"), 0.2, TOL, TOL);
    RF_ASSERT_NEAR(share(&h, "JP", "magnet:NdFeB", RF_STAGE_MINE, "US"), 0.55, TOL, TOL);
    RF_ASSERT_NEAR(touched(&h, "JP", "magnet:NdFeB"), 0.4, TOL, TOL);
    RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", RF_STAGE_MINE, "CN"), 0.4375, TOL, TOL);
    RF_ASSERT_NEAR(share(&h, "US", "magnet:NdFeB", RF_STAGE_SEPARATION, "recycled"), 0.1, TOL, TOL);
    for (int s = RF_STAGE_MINE; s <= RF_STAGE_MAGNET; s++)
        RF_ASSERT_NEAR(stage_sum(&h, "US", "magnet:NdFeB", (rf_stage)s), 1.0, TOL, TOL);
    RF_ASSERT_NEAR(touched(&h, "US", "magnet:NdFeB"), 0.7, TOL, TOL);
    done(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares_by_hand),
        cmocka_unit_test(test_stock_pseudo_origin),
        cmocka_unit_test(test_touched_set),
        cmocka_unit_test(test_recycled_pseudo_origin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
