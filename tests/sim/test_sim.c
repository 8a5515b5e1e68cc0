/*
 * test_sim.c: the simulation on worlds solved by hand.
 *
 * tests/data/invest: one region A, one product; demand q0 = 100 t, p0 = 10,
 * elasticity -0.5 (P(q) = 10 (1 + 2 (1 - q/q0)) at each step's midpoint);
 * a-mine runs 97 t at 2 USD/kg; two candidate mines b and c (60 t at 14,
 * capex 0.5 MUSD, lead time 2 years, full capacity at once, life 20); 10%
 * discount, no tax; expectations = last year's price (weights "1").
 *
 *   2024-2025: 97 t sits in the step [95, 99] (midpoint 0.97 q0): P = 10.6;
 *              b and c would lose 3.4 USD/kg: no decision.
 *   2026: demand doubles (a shock): 97 t of q0 = 200 is in the step
 *         [60, 100] (midpoint 0.4 q0): P = 22.  Valued at 22, b earns
 *         (22 - 14) x 60 t = 480 kUSD a year over years 2..21: NPV =
 *         -250k - 250k/1.1 + 480k x (1/1.1) x a(20, 10%) = 3,237,737 USD > 0:
 *         committed in 2026, arriving in 2028.  The look-ahead then sees 157 t
 *         (step [140, 160], P = 15): c earns 1 USD/kg, 60 kUSD a year, NPV
 *         < 0: only one of the two is built, though each pays alone.
 *   2027: 22 (b is building); 2028 on: 157 t, P = 15.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rareflow/io.h"
#include "rareflow/sim.h"
#include "rf_test.h"

#define TOL 1e-6
#define INVEST RF_TEST_DATA_DIR "/invest"

typedef struct run {
    rf_scenario *sc;
    rf_world *w;
    rf_results *res;
} run;

static rf_status try_run(run *r, const char *data, const char *body, rf_err *err)
{
    char path[] = "/tmp/rf_sim_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fprintf(fp, "data: %s\n%s", data, body);
    fclose(fp);
    memset(r, 0, sizeof *r);
    rf_err_clear(err);
    rf_status st = rf_scenario_load(path, &r->sc, err);
    remove(path);
    if (st == RF_OK) st = rf_dataset_load(r->sc->data_dir, &r->w, err);
    if (st == RF_OK) st = rf_scenario_check(r->sc, r->w, err);
    if (st == RF_OK) st = rf_policy_check(r->sc, r->w, NULL, err);
    rf_sim *s = st == RF_OK ? rf_sim_new(r->w, r->sc, NULL, err) : NULL;
    if (st == RF_OK && !s) st = err->code;
    if (st == RF_OK) st = rf_sim_run(s, err);
    if (st == RF_OK) r->res = rf_sim_take_results(s);
    rf_sim_free(s);
    return st;
}

static void run_yaml(run *r, const char *data, const char *body)
{
    rf_err err;
    if (try_run(r, data, body, &err) != RF_OK)
        fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
}

static void done(run *r)
{
    rf_results_free(r->res);
    rf_world_free(r->w);
    rf_scenario_free(r->sc);
}

static const rf_year_result *year(const run *r, int y)
{
    for (int i = 0; i < r->res->nyears; i++)
        if (r->res->years[i].year == y) return &r->res->years[i];
    fail_msg("no year %d", y);
    return NULL;
}

static double price(const run *r, int y)
{
    const rf_year_result *yr = year(r, y);
    assert_int_equal(yr->status, RF_YEAR_OPTIMAL);
    assert_true(yr->nprices >= 1);
    return yr->prices[0].usd_per_kg;
}

static const rf_project_row *project(const run *r, int y, const char *id)
{
    const rf_year_result *yr = year(r, y);
    for (int i = 0; i < yr->nprojects; i++)
        if (!strcmp(r->w->facilities[r->w->projects[yr->projects[i].project].facility].id, id))
            return &yr->projects[i];
    fail_msg("no project %s", id);
    return NULL;
}

static const char *spike = "years: 2024:2030\n"
                           "shocks:\n  - {type: demand, region: A, sector: industry, factor: 2, from: 2026}\n";

static void test_spike_commits_one_project(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, INVEST, spike);
    RF_ASSERT_NEAR(price(&r, 2024), 10.6, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2025), 10.6, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2026), 22.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2027), 22.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2028), 15.0, TOL, TOL);
    RF_ASSERT_NEAR(price(&r, 2030), 15.0, TOL, TOL);
    assert_int_equal(project(&r, 2025, "b-mine")->status, RF_PROJ_CANDIDATE);
    const rf_project_row *b = project(&r, 2030, "b-mine");
    assert_int_equal(b->decided, 2026);
    assert_int_equal(b->arrives, 2028); /* exactly the lead time later */
    RF_ASSERT_NEAR(b->npv_usd, -250e3 - 250e3 / 1.1 + 480e3 / 1.1 * (1 - pow(1.1, -20)) / 0.1, 1e-3, 1e-9);
    assert_int_equal(project(&r, 2027, "b-mine")->status, RF_PROJ_BUILDING);
    assert_int_equal(project(&r, 2028, "b-mine")->status, RF_PROJ_OPERATING);
    /* Two projects that each pay alone but not together: only one is built. */
    assert_int_equal(project(&r, 2030, "c-mine")->status, RF_PROJ_CANDIDATE);
    assert_int_equal(year(&r, 2028)->ncapacity, 1);
    RF_ASSERT_NEAR(year(&r, 2028)->capacity[0].t, 157.0, TOL, TOL);
    /* Capex: 0.25 MUSD in each of the two years of its lead time. */
    assert_int_equal(year(&r, 2026)->ncapex, 1);
    RF_ASSERT_NEAR(year(&r, 2026)->capex[0].usd, 250e3, 1e-6, 1e-12);
    RF_ASSERT_NEAR(year(&r, 2027)->capex[0].usd, 250e3, 1e-6, 1e-12);
    assert_int_equal(year(&r, 2028)->ncapex, 0);
    done(&r);
}

/* Without the spike nothing pays, and nothing is built. */
static void test_no_spike_no_project(void **state)
{
    (void)state;
    run r;
    run_yaml(&r, INVEST, "years: 2024:2030\n");
    for (int y = 2024; y <= 2030; y++) RF_ASSERT_NEAR(price(&r, y), 10.6, TOL, TOL);
    assert_int_equal(project(&r, 2030, "b-mine")->status, RF_PROJ_CANDIDATE);
    done(&r);
}

/* Two sims on two threads give the numbers of one after the other. */
typedef struct job {
    const char *body;
    run r;
    rf_status st;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    rf_err err;
    j->st = try_run(&j->r, INVEST, j->body, &err);
    return NULL;
}

static void test_two_threads(void **state)
{
    (void)state;
    const char *other = "years: 2024:2030\n"
                        "shocks:\n  - {type: demand, region: A, sector: industry, factor: 1.5, from: 2025}\n";
    job seq[2] = {{spike, {0}, RF_OK}, {other, {0}, RF_OK}}, par[2] = {{spike, {0}, RF_OK}, {other, {0}, RF_OK}};
    for (int i = 0; i < 2; i++) run_job(&seq[i]);
    pthread_t t[2];
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&t[i], NULL, run_job, &par[i]), 0);
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(seq[i].st, RF_OK);
        assert_int_equal(par[i].st, RF_OK);
        for (int y = 0; y < seq[i].r.res->nyears; y++) {
            const rf_year_result *a = &seq[i].r.res->years[y], *b = &par[i].r.res->years[y];
            assert_int_equal(a->status, b->status);
            assert_true(a->objective == b->objective); /* the same arithmetic: bit for bit */
            assert_int_equal(a->nprices, b->nprices);
            for (int k = 0; k < a->nprices; k++) assert_true(a->prices[k].usd_per_kg == b->prices[k].usd_per_kg);
            assert_int_equal(a->nprojects, b->nprojects);
            for (int k = 0; k < a->nprojects; k++) assert_int_equal(a->projects[k].decided, b->projects[k].decided);
        }
        done(&seq[i].r);
        done(&par[i].r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spike_commits_one_project),
        cmocka_unit_test(test_no_spike_no_project),
        cmocka_unit_test(test_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
