/*
 * test_stage_flows.c: the Sankey's links (rf_analytics_stage_flows) on the
 * toy world (tests/data/toy), with flows set by hand as in
 * test_provenance.c, so that every row can be derived on paper.
 *
 * 1. Across a border: the US mine digs 100 t of bastnaesite and ships all of
 *    it to CN, whose separator takes the 100 t (sep-bast: 1 t of feed a t of
 *    activity).  One row, mine:US -> separation:CN, 100 t; nothing else is
 *    used anywhere.
 * 2. Proportional mixing: JP's NdPr oxide pool is fed 60 t by CN's
 *    separator and 40 t by the US's (60/40), and used 75 t by JP's metal plant
 *    (met-ndpr: 1 t of oxide a t of activity) and 25 t by an `alloys` demand
 *    row added to JP for the test.  Each use takes the 60/40 mix:
 *    separation:CN -> metal:JP 0.6 x 75 = 45, separation:US -> metal:JP
 *    0.4 x 75 = 30, separation:CN -> end_use:JP 0.6 x 25 = 15,
 *    separation:US -> end_use:JP 0.4 x 25 = 10.  Upstream, each mine's 1000 t
 *    feeds its own separator: mine:CN -> separation:CN 1000, mine:US ->
 *    separation:US 1000.  The oxides left in CN and the US have no use: no row.
 * 3. End use and stocks: CN makes 110 t of standard magnets (mag-std: 0.30 t
 *    of NdPr metal a t) from 33 t of metal its metal plant made (41.25 t of
 *    activity x 0.8), ships 10 t to the US and serves 100 t to ev_traction;
 *    JP makes 30 t, ships 10 t to the US and serves 20 t to electronics; the
 *    US draws 20 t from a commercial stock (open 20, close 0) and serves 40 t
 *    to wind.  Rows: metal:CN -> magnet:CN 33; magnet:CN -> end_use:CN 100;
 *    magnet:JP -> end_use:JP 20; magnet:CN, magnet:JP -> end_use:US 10 each;
 *    magnet:stock -> end_use:US 20.  The end-use rows of magnet:NdFeB add up
 *    to the 160 t served.
 * 4. End-of-life scrap and a stock built: JP collects 20 t of end-of-life
 *    NdPr oxide (an extra column marked eol, in its own-output pool) and
 *    imports 80 t from CN's separator; its metal plant takes 90 t and its
 *    commercial stock grows by 10 t (open 0, close 10).  The pool's mix is
 *    20/80: end_of_life:JP -> metal:JP 0.2 x 90 = 18, separation:CN ->
 *    metal:JP 0.8 x 90 = 72; the stock built has no row.
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "analytics/hand_year.h"
#include "rareflow/io.h"
#include "rf_test.h"

#define TOY RF_TEST_DATA_DIR "/toy"
#define TOL 1e-9

typedef struct hand {
    rf_world *w;
    rf_year_result yr;
} hand;

static void start(hand *h)
{
    memset(h, 0, sizeof *h);
    assert_int_equal(rf_dataset_load(TOY, &h->w, NULL), RF_OK);
    h->yr.year = 2024;
    h->yr.status = RF_YEAR_OPTIMAL;
    h->yr.activity = calloc((size_t)h->w->nfac_recipes, sizeof *h->yr.activity);
    assert_non_null(h->yr.activity);
}

/* The served array, once every demand row is there. */
static void demand_ready(hand *h)
{
    h->yr.served_t = calloc((size_t)h->w->ndemand, sizeof *h->yr.served_t);
    assert_non_null(h->yr.served_t);
}

/* A demand row added to the world for the test (a second use of a pool). */
static void add_demand(hand *h, const char *region, const char *sector, const char *product)
{
    rf_world *w = h->w;
    rf_demand *g = realloc(w->demand, ((size_t)w->ndemand + 1) * sizeof *g);
    assert_non_null(g);
    w->demand = g;
    rf_demand *d = &w->demand[w->ndemand++];
    memset(d, 0, sizeof *d);
    d->region = rf_world_region(w, region);
    d->product = rf_world_product(w, product);
    d->sector = strdup(sector);
    d->source = strdup("test_stage_flows.c");
    d->ref_qty_t = 25;
    d->ref_price_usd_per_kg = 100;
    d->elasticity = -0.5;
    d->choke_usd_per_kg = 200;
    assert_non_null(d->sector);
    assert_true(d->region >= 0 && d->product >= 0);
}

static void serve(hand *h, const char *region, const char *sector, const char *product, double t)
{
    for (int d = 0; d < h->w->ndemand; d++)
        if (h->w->demand[d].region == rf_world_region(h->w, region) && !strcmp(h->w->demand[d].sector, sector) &&
            h->w->demand[d].product == rf_world_product(h->w, product)) {
            h->yr.served_t[d] = t;
            return;
        }
    fail_msg("no demand row %s %s %s", region, sector, product);
}

static void run_recipe(hand *h, const char *fid, const char *rid, double a)
{
    rf_hand_run_recipe(h->w, &h->yr, fid, rid, a);
}

static void ship(hand *h, const char *from, const char *to, const char *product, double t)
{
    rf_hand_ship(h->w, &h->yr, from, to, product, t);
}

/* Case 2's flows: each mine's 1000 t to its own separator, JP's NdPr oxide
 * pool fed 60 t by CN and 40 t by the US, 75 t of it to JP's metal plant. */
static void mixing_flows(hand *h)
{
    run_recipe(h, "cn-mine", "mine-bast", 1000);
    run_recipe(h, "us-mine", "mine-bast", 1000);
    run_recipe(h, "cn-sep", "sep-bast", 1000);
    run_recipe(h, "us-sep", "sep-bast", 1000);
    ship(h, "CN", "JP", "oxide:NdPr", 60);
    ship(h, "US", "JP", "oxide:NdPr", 40);
    run_recipe(h, "jp-metal", "met-ndpr", 75);
}

static void compute(hand *h)
{
    assert_int_equal(rf_analytics_stage_flows(h->w, &h->yr, NULL), RF_OK);
}

/* The t of the row(s) from_stage:from_region -> to_stage:to_region of product
 * (from_region "stock" for the stock pseudo-origin); 0 when there is none. */
static double flow(const hand *h, int from_stage, const char *from, int to_stage, const char *to, const char *product)
{
    int fr = !strcmp(from, "stock") ? RF_ORIGIN_STOCK : rf_world_region(h->w, from);
    int tr = rf_world_region(h->w, to), p = rf_world_product(h->w, product);
    double t = 0.0;
    for (int i = 0; i < h->yr.nstage_flows; i++) {
        const rf_stage_flow *f = &h->yr.stage_flows[i];
        if (f->from_stage == from_stage && f->from_region == fr && f->to_stage == to_stage && f->to_region == tr &&
            f->product == p)
            t += f->t;
    }
    return t;
}

static void done(hand *h)
{
    rf_year_result_clear(&h->yr);
    rf_world_free(h->w);
}

static void test_mine_to_foreign_separator(void **state)
{
    (void)state;
    hand h;
    start(&h);
    demand_ready(&h);
    run_recipe(&h, "us-mine", "mine-bast", 100);
    ship(&h, "US", "CN", "concentrate:bastnaesite", 100);
    run_recipe(&h, "cn-sep", "sep-bast", 100);
    compute(&h);
    assert_int_equal(h.yr.nstage_flows, 1);
    const rf_stage_flow *f = &h.yr.stage_flows[0];
    assert_int_equal(f->from_stage, RF_STAGE_MINE);
    assert_int_equal(f->from_region, rf_world_region(h.w, "US"));
    assert_int_equal(f->to_stage, RF_STAGE_SEPARATION);
    assert_int_equal(f->to_region, rf_world_region(h.w, "CN"));
    assert_int_equal(f->product, rf_world_product(h.w, "concentrate:bastnaesite"));
    assert_null(f->sector);
    RF_ASSERT_NEAR(f->t, 100.0, TOL, TOL);
    assert_string_equal(rf_flow_stage_name(f->from_stage), "mine");
    assert_string_equal(rf_flow_stage_name(f->to_stage), "separation");
    done(&h);
}

static void test_pool_split_proportionally(void **state)
{
    (void)state;
    hand h;
    start(&h);
    add_demand(&h, "JP", "alloys", "oxide:NdPr");
    demand_ready(&h);
    mixing_flows(&h);
    serve(&h, "JP", "alloys", "oxide:NdPr", 25);
    compute(&h);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_SEPARATION, "CN", RF_STAGE_METAL, "JP", "oxide:NdPr"), 45.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_SEPARATION, "US", RF_STAGE_METAL, "JP", "oxide:NdPr"), 30.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_SEPARATION, "CN", RF_FLOW_END_USE, "JP", "oxide:NdPr"), 15.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_SEPARATION, "US", RF_FLOW_END_USE, "JP", "oxide:NdPr"), 10.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_MINE, "CN", RF_STAGE_SEPARATION, "CN", "concentrate:bastnaesite"), 1000.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_MINE, "US", RF_STAGE_SEPARATION, "US", "concentrate:bastnaesite"), 1000.0, TOL, TOL);
    /* Those six and nothing else; the end-use rows name the demand row's sector. */
    assert_int_equal(h.yr.nstage_flows, 6);
    for (int i = 0; i < h.yr.nstage_flows; i++) {
        const rf_stage_flow *f = &h.yr.stage_flows[i];
        if (f->to_stage == RF_FLOW_END_USE) assert_string_equal(f->sector, "alloys");
        else assert_null(f->sector);
    }
    done(&h);
}

static void test_end_use_and_stock(void **state)
{
    (void)state;
    hand h;
    start(&h);
    demand_ready(&h);
    run_recipe(&h, "cn-metal", "met-ndpr", 41.25);
    run_recipe(&h, "cn-magnet", "mag-std", 110);
    run_recipe(&h, "jp-magnet", "mag-std", 30);
    ship(&h, "CN", "US", "magnet:NdFeB", 10);
    ship(&h, "JP", "US", "magnet:NdFeB", 10);
    h.yr.inventory = calloc(1, sizeof *h.yr.inventory);
    assert_non_null(h.yr.inventory);
    h.yr.inventory[0] = (rf_inventory){rf_world_region(h.w, "US"), rf_world_product(h.w, "magnet:NdFeB"), 20.0, 0.0};
    h.yr.ninventory = 1;
    serve(&h, "CN", "ev_traction", "magnet:NdFeB", 100);
    serve(&h, "JP", "electronics", "magnet:NdFeB", 20);
    serve(&h, "US", "wind", "magnet:NdFeB", 40);
    compute(&h);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_METAL, "CN", RF_STAGE_MAGNET, "CN", "metal:NdPr"), 33.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_MAGNET, "CN", RF_FLOW_END_USE, "CN", "magnet:NdFeB"), 100.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_MAGNET, "JP", RF_FLOW_END_USE, "JP", "magnet:NdFeB"), 20.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_MAGNET, "CN", RF_FLOW_END_USE, "US", "magnet:NdFeB"), 10.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_MAGNET, "JP", RF_FLOW_END_USE, "US", "magnet:NdFeB"), 10.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_MAGNET, "stock", RF_FLOW_END_USE, "US", "magnet:NdFeB"), 20.0, TOL, TOL);
    /* Every end-use row of magnet:NdFeB: 100 + 20 + 40 = 160 t served. */
    double end_use = 0.0;
    for (int i = 0; i < h.yr.nstage_flows; i++)
        if (h.yr.stage_flows[i].to_stage == RF_FLOW_END_USE &&
            h.yr.stage_flows[i].product == rf_world_product(h.w, "magnet:NdFeB"))
            end_use += h.yr.stage_flows[i].t;
    RF_ASSERT_NEAR(end_use, 160.0, TOL, TOL);
    done(&h);
}

static void test_end_of_life_and_stock_built(void **state)
{
    (void)state;
    hand h;
    start(&h);
    demand_ready(&h);
    run_recipe(&h, "cn-mine", "mine-bast", 1000);
    run_recipe(&h, "cn-sep", "sep-bast", 1000);
    ship(&h, "CN", "JP", "oxide:NdPr", 80);
    h.yr.extra_t = calloc(1, sizeof *h.yr.extra_t);
    h.yr.extra_region = calloc(1, sizeof(int));
    h.yr.extra_product = calloc(1, sizeof(int));
    h.yr.extra_sign = calloc(1, sizeof(int));
    h.yr.extra_eol = calloc(1, sizeof(int));
    assert_non_null(h.yr.extra_eol);
    h.yr.extra_t[0] = 20;
    h.yr.extra_region[0] = rf_world_region(h.w, "JP");
    h.yr.extra_product[0] = rf_world_product(h.w, "oxide:NdPr");
    h.yr.extra_sign[0] = 1;
    h.yr.extra_eol[0] = 1;
    h.yr.nextra = 1;
    h.yr.inventory = calloc(1, sizeof *h.yr.inventory);
    assert_non_null(h.yr.inventory);
    h.yr.inventory[0] = (rf_inventory){rf_world_region(h.w, "JP"), rf_world_product(h.w, "oxide:NdPr"), 0.0, 10.0};
    h.yr.ninventory = 1;
    run_recipe(&h, "jp-metal", "met-ndpr", 90);
    compute(&h);
    RF_ASSERT_NEAR(flow(&h, RF_FLOW_END_OF_LIFE, "JP", RF_STAGE_METAL, "JP", "oxide:NdPr"), 18.0, TOL, TOL);
    RF_ASSERT_NEAR(flow(&h, RF_STAGE_SEPARATION, "CN", RF_STAGE_METAL, "JP", "oxide:NdPr"), 72.0, TOL, TOL);
    assert_string_equal(rf_flow_stage_name(RF_FLOW_END_OF_LIFE), "end_of_life");
    /* Into JP's oxide pool: those two rows only (the 10 t built have none). */
    double into = 0.0;
    int n = 0;
    for (int i = 0; i < h.yr.nstage_flows; i++)
        if (h.yr.stage_flows[i].to_region == rf_world_region(h.w, "JP") &&
            h.yr.stage_flows[i].product == rf_world_product(h.w, "oxide:NdPr")) {
            into += h.yr.stage_flows[i].t;
            n++;
        }
    assert_int_equal(n, 2);
    RF_ASSERT_NEAR(into, 90.0, TOL, TOL);
    done(&h);
}

/* A year that is not optimal has no rows, and computing again replaces them. */
/* A price row of (region, product), added by hand. */
static void add_price(hand *h, const char *region, const char *product, int variant)
{
    rf_price *p = realloc(h->yr.prices, ((size_t)h->yr.nprices + 1) * sizeof *p);
    assert_non_null(p);
    h->yr.prices = p;
    p = &h->yr.prices[h->yr.nprices++];
    memset(p, 0, sizeof *p);
    p->region = rf_world_region(h->w, region);
    p->product = rf_world_product(h->w, product);
    p->variant = variant;
    p->supply_t = -1.0;
}

/*
 * rf_analytics_price_supply on case 2's flows.  A separator of the toy takes
 * 1 t of bastnaesite a t of activity and recovers 95% of its Nd and Pr (15%
 * and 5% of the basket): 1000 t make 1000 x 0.95 x 0.20 = 190 t of NdPr
 * oxide.  CN's and the US's oxide pools are supplied 190 t each (made there;
 * what leaves does not count), JP's 60 + 40 = 100 t (imported), JP's NdPr
 * metal 75 x 0.8 = 60 t, and AU's oxide nothing.  A compliant variant counts
 * its own trade only: a variant row of JP's oxide, with no variant shipped,
 * is 0.
 */
static void test_price_supply(void **state)
{
    (void)state;
    hand h;
    start(&h);
    demand_ready(&h);
    mixing_flows(&h);
    add_price(&h, "CN", "oxide:NdPr", 0);
    add_price(&h, "US", "oxide:NdPr", 0);
    add_price(&h, "JP", "oxide:NdPr", 0);
    add_price(&h, "JP", "metal:NdPr", 0);
    add_price(&h, "AU", "oxide:NdPr", 0);
    add_price(&h, "JP", "oxide:NdPr", 1);
    assert_int_equal(rf_analytics_price_supply(h.w, &h.yr, NULL), RF_OK);
    const double want[] = {190.0, 190.0, 100.0, 60.0, 0.0, 0.0};
    for (int i = 0; i < 6; i++) RF_ASSERT_NEAR(h.yr.prices[i].supply_t, want[i], TOL, TOL);
    /* AU's: a thin pool's price, under RF_THIN_POOL_T. */
    assert_true(h.yr.prices[4].supply_t < RF_THIN_POOL_T && h.yr.prices[2].supply_t >= RF_THIN_POOL_T);
    done(&h);
}

static void test_not_optimal(void **state)
{
    (void)state;
    hand h;
    start(&h);
    demand_ready(&h);
    run_recipe(&h, "us-mine", "mine-bast", 100);
    ship(&h, "US", "CN", "concentrate:bastnaesite", 100);
    run_recipe(&h, "cn-sep", "sep-bast", 100);
    compute(&h);
    compute(&h);
    assert_int_equal(h.yr.nstage_flows, 1);
    h.yr.status = RF_YEAR_INFEASIBLE;
    compute(&h);
    assert_int_equal(h.yr.nstage_flows, 0);
    assert_null(h.yr.stage_flows);
    done(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mine_to_foreign_separator),
        cmocka_unit_test(test_pool_split_proportionally),
        cmocka_unit_test(test_end_use_and_stock),
        cmocka_unit_test(test_end_of_life_and_stock_built),
        cmocka_unit_test(test_price_supply),
        cmocka_unit_test(test_not_optimal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
