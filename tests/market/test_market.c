/*
 * test_market.c: the year's LP on worlds solved by hand (fixtures in
 * tests/data/; each derivation is written next to its test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rareflow/market.h"
#include "rf_test.h"

#define TOL 1e-6

/* A world, its market and one solved year. */
typedef struct fx {
    rf_world *w;
    rf_year_result yr;
} fx;

static void load(fx *f, const char *name)
{
    char dir[512];
    rf_err err;
    rf_err_clear(&err);
    snprintf(dir, sizeof dir, "%s/%s", RF_TEST_DATA_DIR, name);
    memset(f, 0, sizeof *f);
    if (rf_dataset_load(dir, &f->w, &err) != RF_OK) {
        char buf[1024];
        rf_err_format(&err, buf, sizeof buf);
        fail_msg("load %s: %s", name, buf);
    }
}

/* Solve `year` of the loaded world with a scenario (NULL: none). */
static void solve(fx *f, rf_market *m, const rf_scenario *sc, int year)
{
    rf_err err;
    rf_err_clear(&err);
    rf_year_input in;
    assert_int_equal(rf_year_input_init(&in, f->w, sc, year, &err), RF_OK);
    rf_status st = rf_market_solve(m, &in, &f->yr, NULL, &err);
    if (st != RF_OK) fail_msg("solve: %s", err.msg);
    assert_int_equal(rf_analytics_shares(f->w, &f->yr, &err), RF_OK);
    rf_year_input_close(&in);
    assert_int_equal(f->yr.status, RF_YEAR_OPTIMAL);
}

static void solve_once(fx *f, const rf_scenario *sc)
{
    rf_market *m = rf_market_new(f->w, NULL);
    assert_non_null(m);
    solve(f, m, sc, 2024);
    rf_market_free(m);
}

static void unload(fx *f)
{
    rf_year_result_clear(&f->yr);
    rf_world_free(f->w);
}

static double price(const fx *f, const char *region, const char *product)
{
    int r = rf_world_region(f->w, region), p = rf_world_product(f->w, product);
    for (int i = 0; i < f->yr.nprices; i++)
        if (f->yr.prices[i].region == r && f->yr.prices[i].product == p)
            return f->yr.prices[i].usd_per_kg;
    fail_msg("no price for %s %s", region, product);
    return 0;
}

static double export_price(const fx *f, const char *region, const char *product)
{
    int r = rf_world_region(f->w, region), p = rf_world_product(f->w, product);
    for (int i = 0; i < f->yr.nprices; i++)
        if (f->yr.prices[i].region == r && f->yr.prices[i].product == p &&
            f->yr.prices[i].has_export)
            return f->yr.prices[i].export_usd_per_kg;
    fail_msg("no export price for %s %s", region, product);
    return 0;
}

static double served(const fx *f, const char *region, const char *sector, const char *product)
{
    for (int d = 0; d < f->w->ndemand; d++) {
        const rf_demand *dm = &f->w->demand[d];
        if (strcmp(f->w->regions[dm->region].id, region) == 0 && strcmp(dm->sector, sector) == 0 &&
            strcmp(f->w->products[dm->product].id, product) == 0)
            return f->yr.served_t[d];
    }
    fail_msg("no demand %s %s %s", region, sector, product);
    return 0;
}

static double traded(const fx *f, const char *from, const char *to, const char *product)
{
    double t = 0;
    for (int i = 0; i < f->yr.ntrade; i++) {
        const rf_trade_flow *x = &f->yr.trade[i];
        if ((!from || x->from == rf_world_region(f->w, from)) &&
            (!to || x->to == rf_world_region(f->w, to)) &&
            (!product || x->product == rf_world_product(f->w, product)))
            t += x->t;
    }
    return t;
}

static double produced(const fx *f, const char *facility, const char *product)
{
    int fi = rf_world_facility(f->w, facility), p = rf_world_product(f->w, product);
    for (int i = 0; i < f->yr.nproduction; i++)
        if (f->yr.production[i].facility == fi && f->yr.production[i].product == p)
            return f->yr.production[i].t;
    return 0.0;
}

/* Activity of a facility's recipe by id. */
static double activity(const fx *f, const char *facility, const char *recipe)
{
    int fi = rf_world_facility(f->w, facility);
    const rf_facility *fac = &f->w->facilities[fi];
    for (int k = 0; k < fac->nrecipes; k++)
        if (strcmp(f->w->recipes[fac->recipes[k]].id, recipe) == 0)
            return f->yr.activity[fac->recipe_offset + k];
    fail_msg("no recipe %s at %s", recipe, facility);
    return 0;
}

static rf_scenario *scenario_with_capacity(const char *facility, double factor)
{
    rf_scenario *sc = rf_scenario_new_baseline(NULL);
    sc->capacity = calloc(1, sizeof *sc->capacity);
    sc->capacity[0].facility = strdup(facility);
    sc->capacity[0].factor = factor;
    sc->ncapacity = 1;
    return sc;
}

/*
 * Two regions, one product.  Mine in A: 100 t at 2.5 USD/kg; arc A->B costs 1.
 * Demand (q0, p0, e, choke): A (20, 10, -0.5, 40); B (50, 10, -0.5, 40);
 * inverse demand P = 10 (3 - 2 q/q0), each step valued at its midpoint.
 * Capacity is ample, so the mine is marginal: price A = 2.5, B = 2.5 + 1.
 * A serves every step worth more than 2.5: the step [1.3, 1.5] q0 is worth
 * 10 (3 - 2.8) = 2, so A takes 1.3 x 20 = 26 t; B likewise 1.3 x 50 = 65 t;
 * the mine makes 91 t and ships 65 t to B.
 */
static void test_two_region_ample(void **state)
{
    (void)state;
    fx f;
    load(&f, "two_region");
    solve_once(&f, NULL);
    RF_ASSERT_NEAR(price(&f, "A", "concentrate:o"), 2.5, TOL, TOL);
    RF_ASSERT_NEAR(price(&f, "B", "concentrate:o"), 3.5, TOL, TOL);
    RF_ASSERT_NEAR(price(&f, "B", "concentrate:o") - export_price(&f, "A", "concentrate:o"), 1.0,
                   TOL, TOL);
    RF_ASSERT_NEAR(served(&f, "A", "industry", "concentrate:o"), 26.0, TOL, TOL);
    RF_ASSERT_NEAR(served(&f, "B", "industry", "concentrate:o"), 65.0, TOL, TOL);
    RF_ASSERT_NEAR(traded(&f, "A", "B", "concentrate:o"), 65.0, TOL, TOL);
    RF_ASSERT_NEAR(produced(&f, "a-mine", "concentrate:o"), 91.0, TOL, TOL);
    unload(&f);
}

/*
 * The same world with the mine at half capacity (50 t): demand is rationed
 * by willingness to pay.  Ranking the steps by value at the mine (B's net of
 * the 1 USD/kg freight): A 27 (6 t), B 26 (15), A 22 (4), B 21 (10), A 18 (4),
 * B 17 (10), A 15 (2) ... the first 49 t fill the steps down to B's 17; the
 * 50th tonne sits on A's step worth 15, which is marginal and half served.
 * So price A = 15, B = 16; A gets 15 t, B 35 t; no shortage at A (unserved
 * steps are worth less than 1.5 p0 = 15?  The unserved 1 t of A's [14,16]
 * step is worth exactly 15 = 1.5 p0, so it counts as shortage).
 */
static void test_two_region_scarce(void **state)
{
    (void)state;
    fx f;
    load(&f, "two_region");
    rf_scenario *sc = scenario_with_capacity("a-mine", 0.5);
    solve_once(&f, sc);
    RF_ASSERT_NEAR(price(&f, "A", "concentrate:o"), 15.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&f, "B", "concentrate:o"), 16.0, TOL, TOL);
    RF_ASSERT_NEAR(served(&f, "A", "industry", "concentrate:o"), 15.0, TOL, TOL);
    RF_ASSERT_NEAR(served(&f, "B", "industry", "concentrate:o"), 35.0, TOL, TOL);
    /* A: 5 t unserved below q0 = 20: 1 t on the step worth 15 (>= 1.5 p0:
     * shortage), 4 t on steps worth 13, 11.5, 10.6, 10.1 (response).
     * B: 15 t unserved below q0 = 50, on steps worth 15 (5 t, shortage),
     * 13, 11.5, 10.6, 10.1 (10 t, response). */
    int a = 0, b = 1;
    RF_ASSERT_NEAR(f.yr.shortage_t[a], 1.0, TOL, TOL);
    RF_ASSERT_NEAR(f.yr.response_t[a], 4.0, TOL, TOL);
    RF_ASSERT_NEAR(f.yr.shortage_t[b], 5.0, TOL, TOL);
    RF_ASSERT_NEAR(f.yr.response_t[b], 10.0, TOL, TOL);
    rf_scenario_free(sc);
    unload(&f);
}

/*
 * The balance problem: one ore (La 30, Ce 50, Nd 20 % of REO), mined at
 * 1.2 and separated at 1.0 USD/kg (recovery 1), so a kg of ore costs 2.2.
 * Ce demand (50 t, 5 USD/kg, e -0.5); Nd demand (q0, 20 USD/kg, e -0.5).
 * Low Nd demand (q0 = 5): Ce pays for the ore, P_Ce = 2.2/0.5 = 4.4; Ce
 * takes the steps worth 4.95 and 4.7 (to 1.05 q0 = 52.5 t), so 105 t of ore
 * yield 21 t Nd, more than Nd demand can absorb at any price (at most
 * 1.5 q0 = 7.5 t): Nd is a by-product with price 0.
 * High Nd demand (q0 = 100): Nd pays for the ore, P_Nd = 2.2/0.2 = 11; Nd
 * takes steps down to the one worth 14 (to 1.2 q0 = 120 t); 600 t of ore
 * yield 300 t Ce, of which demand absorbs 75 t even at a zero price: Ce's
 * price falls to 0 and 225 t are disposed of.
 */
static void test_balance_problem(void **state)
{
    (void)state;
    fx f;
    load(&f, "balance");
    solve_once(&f, NULL);
    RF_ASSERT_NEAR(price(&f, "A", "oxide:Ce"), 4.4, TOL, TOL);
    RF_ASSERT_NEAR(price(&f, "A", "oxide:Nd"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(served(&f, "A", "polishing", "oxide:Ce"), 52.5, TOL, TOL);
    RF_ASSERT_NEAR(produced(&f, "mine", "concentrate:o"), 105.0, TOL, TOL);
    rf_year_result_clear(&f.yr);

    rf_scenario *sc = rf_scenario_new_baseline(NULL);
    sc->demand = calloc(1, sizeof *sc->demand);
    sc->demand[0].region = strdup("A");
    sc->demand[0].sector = strdup("magnets");
    sc->demand[0].factor = 20.0; /* q0 5 -> 100 t */
    sc->ndemand = 1;
    solve_once(&f, sc);
    RF_ASSERT_NEAR(price(&f, "A", "oxide:Nd"), 11.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&f, "A", "oxide:Ce"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(served(&f, "A", "magnets", "oxide:Nd"), 120.0, TOL, TOL);
    RF_ASSERT_NEAR(produced(&f, "sep", "oxide:Ce"), 300.0, TOL, TOL);
    RF_ASSERT_NEAR(served(&f, "A", "polishing", "oxide:Ce"), 75.0, TOL, TOL);
    rf_scenario_free(sc);
    unload(&f);
}

/* Sum of Dy metal that magnet recipes consume in the toy (t). */
static double toy_dy_use(const fx *f)
{
    return 0.02 * activity(f, "cn-magnet", "mag-hc-conv") +
           0.008 * activity(f, "cn-magnet", "mag-hc-gbd");
}

/*
 * Magnet technologies on the toy world (derivation in tests/data/toy/README.md).
 * Base: Dy supply (3.8 t metal) lies between what all-GBD and all-conventional
 * high-coercivity output need, so both recipes run and Dy metal sits at the
 * parity price (0.01 M + 1.2) / 0.012.  With the clay mine at 30% the Dy
 * supply (1.14 t) no longer covers even all-GBD output: Dy gets dear, GBD
 * takes over completely and Dy use falls.
 */
static void test_magnet_technologies(void **state)
{
    (void)state;
    fx f;
    load(&f, "toy");
    solve_once(&f, NULL);
    double conv = activity(&f, "cn-magnet", "mag-hc-conv");
    double gbd = activity(&f, "cn-magnet", "mag-hc-gbd");
    assert_true(conv > 1.0 && gbd > 1.0);
    double m = price(&f, "CN", "metal:NdPr");
    RF_ASSERT_NEAR(price(&f, "CN", "metal:Dy"), (0.01 * m + 1.2) / 0.012, 1e-6, 1e-9);
    double dy_base = toy_dy_use(&f), dy_price_base = price(&f, "CN", "metal:Dy");
    RF_ASSERT_NEAR(dy_base, 3.8, TOL, TOL);
    rf_year_result_clear(&f.yr);

    rf_scenario *sc = scenario_with_capacity("au-clay", 0.3);
    solve_once(&f, sc);
    RF_ASSERT_NEAR(activity(&f, "cn-magnet", "mag-hc-conv"), 0.0, TOL, TOL);
    assert_true(activity(&f, "cn-magnet", "mag-hc-gbd") > 1.0);
    RF_ASSERT_NEAR(toy_dy_use(&f), 1.14, TOL, TOL);
    assert_true(price(&f, "CN", "metal:Dy") > dy_price_base);
    rf_scenario_free(sc);
    unload(&f);
}

/*
 * Origin pools: CN mines, JP separates (30 t), US buys both concentrate and
 * oxide; arcs CN->JP and JP->US exist, CN->US does not.  JP may export what
 * it made (oxide) but not re-export CN concentrate as is, so the US gets no
 * concentrate at all and at most JP's 30 t of oxide.
 */
static void test_origin_pools(void **state)
{
    (void)state;
    fx f;
    load(&f, "pools");
    solve_once(&f, NULL);
    RF_ASSERT_NEAR(served(&f, "US", "industry", "concentrate:o"), 0.0, TOL, TOL);
    RF_ASSERT_NEAR(traded(&f, "JP", "US", "concentrate:o"), 0.0, TOL, TOL);
    assert_true(traded(&f, "JP", "US", "oxide:X") > 1.0);
    assert_true(traded(&f, "JP", "US", "oxide:X") <= produced(&f, "jp-sep", "oxide:X") + TOL);
    assert_true(served(&f, "JP", "industry", "concentrate:o") > 1.0);
    unload(&f);
}

/*
 * End-of-life scrap is its region's own output: offered where nobody uses it,
 * it is exported.  Pools with CN's mine shut: 20 t of end-of-life concentrate
 * in CN (an extra column marked eol, at no cost), where nothing uses
 * concentrate; JP's separator and buyers want more than 20 t at well above
 * the 1 USD/kg freight.  All 20 t go CN -> JP, and CN's price is JP's less
 * the freight.  (At the use pool, as a lever's supply would be, it could not
 * leave CN and would be worth nothing.)
 */
static void test_eol_scrap_exported(void **state)
{
    (void)state;
    fx f;
    load(&f, "pools");
    rf_scenario *sc = scenario_with_capacity("cn-mine", 0.0);
    rf_err err;
    rf_err_clear(&err);
    rf_year_input in;
    assert_int_equal(rf_year_input_init(&in, f.w, sc, 2024, &err), RF_OK);
    in.extra = calloc(1, sizeof *in.extra);
    assert_non_null(in.extra);
    in.extra[0] = (rf_extra_col){.region = rf_world_region(f.w, "CN"),
                                 .product = rf_world_product(f.w, "concentrate:o"),
                                 .sign = 1, .eol = 1, .cost = 0.0, .lo = 0.0, .up = 20.0, .policy = -1};
    in.nextra = 1;
    rf_market *m = rf_market_new(f.w, NULL);
    assert_non_null(m);
    assert_int_equal(rf_market_solve(m, &in, &f.yr, NULL, &err), RF_OK);
    assert_int_equal(f.yr.status, RF_YEAR_OPTIMAL);
    assert_int_equal(f.yr.nextra, 1);
    RF_ASSERT_NEAR(f.yr.extra_t[0], 20.0, TOL, TOL);
    RF_ASSERT_NEAR(traded(&f, "CN", "JP", "concentrate:o"), 20.0, TOL, TOL);
    RF_ASSERT_NEAR(export_price(&f, "CN", "concentrate:o"), price(&f, "JP", "concentrate:o") - 1.0, TOL, TOL);
    assert_true(price(&f, "JP", "concentrate:o") > 1.0);
    rf_market_free(m);
    rf_year_input_close(&in);
    rf_scenario_free(sc);
    unload(&f);
}

/* The same prices and objective as the cold solve `cold` (a warm start, an
 * in-place re-solve or another market's basis changes the start, not the
 * answer). */
static void assert_same_answer(const fx *got, const fx *cold)
{
    assert_int_equal(cold->yr.nprices, got->yr.nprices);
    for (int i = 0; i < cold->yr.nprices; i++)
        RF_ASSERT_NEAR(got->yr.prices[i].usd_per_kg, cold->yr.prices[i].usd_per_kg, 1e-7, 1e-9);
    RF_ASSERT_NEAR(got->yr.objective, cold->yr.objective, 1e-6, 1e-10);
}

/* A run of several years on one market warm-starts each year from the last
 * basis: the same world must give the same prices cold and warm. */
static void test_cold_warm_same_prices(void **state)
{
    (void)state;
    fx cold, warm;
    load(&cold, "toy");
    load(&warm, "toy");
    solve_once(&cold, NULL);
    rf_market *m = rf_market_new(warm.w, NULL);
    solve(&warm, m, NULL, 2024);
    rf_year_result_clear(&warm.yr);
    solve(&warm, m, NULL, 2025); /* warm from the 2024 basis */
    assert_same_answer(&warm, &cold);
    rf_market_free(m);
    unload(&cold);
    unload(&warm);
}

/* The toy loaded twice: `cold` solved once, on a fresh market, with every
 * capacity halved (the reference answer), `warm` left for the caller's
 * market.  Returns the halved scenario (the caller frees it). */
static rf_scenario *halved_cold(fx *cold, fx *warm)
{
    load(cold, "toy");
    load(warm, "toy");
    rf_scenario *half = scenario_with_capacity("*", 0.5);
    solve_once(cold, half);
    return half;
}

/* The same LP with other bounds is re-solved in place (issue 10): the result
 * must be the one a fresh market finds cold.  The toy at 2024, then with every
 * capacity halved (same rows, columns and matrix), on one market; against
 * the halved toy on a new market. */
static void test_in_place_same_as_cold(void **state)
{
    (void)state;
    fx cold, hot;
    rf_scenario *half = halved_cold(&cold, &hot);
    rf_market *m = rf_market_new(hot.w, NULL);
    solve(&hot, m, NULL, 2024);
    long solves, warm;
    rf_year_result_clear(&hot.yr);
    solve(&hot, m, half, 2024); /* in place: only tranche bounds differ */
    rf_market_counts(m, &solves, &warm);
    assert_int_equal(solves, 2);
    assert_int_equal(warm, 1);
    assert_same_answer(&hot, &cold);
    assert_int_equal(cold.yr.nproduction, hot.yr.nproduction);
    for (int i = 0; i < cold.yr.nproduction; i++)
        RF_ASSERT_NEAR(hot.yr.production[i].t, cold.yr.production[i].t, 1e-7, 1e-9);
    rf_market_free(m);
    rf_scenario_free(half);
    unload(&cold);
    unload(&hot);
}

/* A market started from another's basis (rf_market_start_from: the first year
 * of a run starts from its calibration solve): its first solve is warm and
 * gives what a fresh market finds cold, here the toy with capacity halved
 * started from the toy's basis. */
static void test_start_from_other_market(void **state)
{
    (void)state;
    fx cold, other;
    rf_scenario *half = halved_cold(&cold, &other);
    rf_market *calib = rf_market_new(other.w, NULL), *m = rf_market_new(other.w, NULL);
    solve(&other, calib, NULL, 2024);
    rf_year_result_clear(&other.yr);
    rf_err err;
    assert_int_equal(rf_market_start_from(m, calib, &err), RF_OK);
    solve(&other, m, half, 2024);
    long solves, warm;
    rf_market_counts(m, &solves, &warm);
    assert_int_equal(solves, 1);
    assert_int_equal(warm, 1);
    assert_same_answer(&other, &cold);
    /* A market that has a basis of its own keeps it. */
    assert_int_equal(rf_market_start_from(m, calib, &err), RF_OK);
    rf_market_free(calib);
    rf_market_free(m);
    rf_scenario_free(half);
    unload(&cold);
    unload(&other);
}

/* Wildcards: "*" matches every region, sector and facility; later items multiply earlier ones. */
static void test_wildcards(void **state)
{
    (void)state;
    fx f;
    load(&f, "toy");
    rf_scenario *sc = scenario_with_capacity("*", 0.5);
    sc->demand = calloc(2, sizeof *sc->demand);
    sc->demand[0].region = strdup("*");
    sc->demand[0].sector = strdup("*");
    sc->demand[0].factor = 1.02;
    sc->demand[1].region = strdup("US");
    sc->demand[1].sector = strdup("defense");
    sc->demand[1].factor = 2.0;
    sc->ndemand = 2;
    rf_err err;
    rf_err_clear(&err);
    assert_int_equal(rf_scenario_check(sc, f.w, &err), RF_OK);
    rf_year_input in;
    assert_int_equal(rf_year_input_init(&in, f.w, sc, 2024, &err), RF_OK);
    for (int i = 0; i < f.w->nfacilities; i++) RF_ASSERT_NEAR(in.cap_factor[i], 0.5, 0, 0);
    for (int d = 0; d < f.w->ndemand; d++) {
        int defense = strcmp(f.w->demand[d].sector, "defense") == 0;
        RF_ASSERT_NEAR(in.demand_factor[d], defense ? 2.04 : 1.02, 1e-12, 0);
    }
    rf_year_input_close(&in);
    /* An unknown name is an error naming the scenario's line and field. */
    free(sc->demand[1].region);
    sc->demand[1].region = strdup("XX");
    sc->demand[1].line = 7;
    assert_int_equal(rf_scenario_check(sc, f.w, &err), RF_EINVAL);
    assert_int_equal(err.line, 7);
    assert_string_equal(err.field, "demand.region");
    rf_scenario_free(sc);
    unload(&f);
}

/*
 * A degenerate year and its one answer (docs/model.md, "One answer whatever
 * the solver's path").  The two regions with the mine at 49 t: ranked by
 * value at the mine (test_two_region_scarce), the steps down to B's worth 18
 * at B (17 at the mine) are served exactly (A 27, 22, 18; B 26, 21, 17 at the
 * mine: 14 + 35 = 49 t) and the next, A's worth 15, not at all.  Any price A
 * in [15, 17] (B = A + 1) is then optimal: A's unserved step keeps A >= 15,
 * B's served step keeps B <= 18.  With the price probes both use pools buy
 * 10-20 kg and A's origin pool gets 5-10 kg: net, the chain must give up
 * 5-35 kg, taken from the marginal use, B's step worth 18.  One more kg at B
 * costs 18; one more at A costs that less the freight saved, 17, and so does
 * A's origin pool (the transfer to A's use pool runs).  So A = 17 and B = 18,
 * whether solved cold or warm from a basis where the mine had 45 or 60 t
 * (other vertices); the probes' net kg count as disposal, so the mine's 49 t
 * are all accounted for.
 */
static void test_degenerate_one_answer(void **state)
{
    (void)state;
    const double before[3] = {0.0, 0.45, 0.60};
    for (int k = 0; k < 3; k++) {
        fx f;
        load(&f, "two_region");
        f.w->params.price_probe_t = 0.01;
        f.w->params.tie_break = 1e-5;
        rf_market *m = rf_market_new(f.w, NULL);
        assert_non_null(m);
        if (before[k] > 0.0) {
            rf_scenario *first = scenario_with_capacity("a-mine", before[k]);
            solve(&f, m, first, 2024);
            rf_year_result_clear(&f.yr);
            rf_scenario_free(first);
        }
        rf_scenario *sc = scenario_with_capacity("a-mine", 0.49);
        solve(&f, m, sc, 2024);
        RF_ASSERT_NEAR(price(&f, "A", "concentrate:o"), 17.0, 1e-3, 0);
        RF_ASSERT_NEAR(price(&f, "B", "concentrate:o"), 18.0, 1e-3, 0);
        RF_ASSERT_NEAR(export_price(&f, "A", "concentrate:o"), 17.0, 1e-3, 0);
        double use = served(&f, "A", "industry", "concentrate:o") + served(&f, "B", "industry", "concentrate:o");
        double disposed = 0.0;
        for (int i = 0; i < f.yr.ndisposal; i++) disposed += f.yr.disposal[i].t;
        /* U of A and of B buy 0.01-0.02 t each, O of A gives 0.005-0.01 t. */
        assert_true(disposed >= 0.01 - 1e-9 && disposed <= 0.035 + 1e-9);
        RF_ASSERT_NEAR(use + disposed, 49.0, 1e-6, 0);
        RF_ASSERT_NEAR(served(&f, "A", "industry", "concentrate:o"), 14.0, 1e-6, 0);
        rf_scenario_free(sc);
        rf_market_free(m);
        unload(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eol_scrap_exported), cmocka_unit_test(test_two_region_ample),   cmocka_unit_test(test_two_region_scarce),
        cmocka_unit_test(test_balance_problem),    cmocka_unit_test(test_magnet_technologies),
        cmocka_unit_test(test_origin_pools),       cmocka_unit_test(test_cold_warm_same_prices),
        cmocka_unit_test(test_in_place_same_as_cold), cmocka_unit_test(test_start_from_other_market), cmocka_unit_test(test_degenerate_one_answer),
        cmocka_unit_test(test_wildcards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
