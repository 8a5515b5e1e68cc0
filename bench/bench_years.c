/*
 * bench_years.c: how long a whole run over the years takes through the
 * simulation (rf_sim_run: the year loop, the policy levers, the investment
 * decisions with their look-ahead solves, the stocks in use), how many LPs it
 * solves and how many of them warm, and how much memory it needs.  Not a
 * test: run it with `make bench` and record the figures in bench/README.md.
 *
 * usage: bench_years DATA_DIR RUNS [SCENARIO.yaml [A:B]]
 * Without a scenario, the built-in baseline over the default horizon.  Each
 * run is a new sim on the same world and scenario (loaded once).  Prints the
 * median and the range of the runs' wall times, then, for the last run, the
 * solves of each year: the year's own and the look-ahead's, warm among them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "rareflow/io.h"
#include "rareflow/policy.h"
#include "rareflow/sim.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fail(const rf_err *err)
{
    char buf[1024];
    rf_err_format(err, buf, sizeof buf);
    fprintf(stderr, "bench_years: %s\n", buf);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_years DATA_DIR RUNS [SCENARIO.yaml [A:B]]\n");
        return 2;
    }
    rf_sim_tune_allocator(); /* as the CLI does */
    const char *dir = argv[1];
    int runs = atoi(argv[2]);
    if (runs < 1) runs = 1;
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = NULL;
    rf_world *w = NULL;
    rf_status st = argc > 3 ? rf_scenario_load(argv[3], &sc, &err) : RF_OK;
    if (st == RF_OK && !sc && !(sc = rf_scenario_new_baseline(&err))) st = err.code;
    if (st == RF_OK && argc > 4) {
        int a = 0, b = 0;
        if (sscanf(argv[4], "%d:%d", &a, &b) != 2) {
            fprintf(stderr, "bench_years: years as A:B\n");
            return 2;
        }
        st = rf_scenario_set_years(sc, a, b, &err);
    }
    if (st == RF_OK) st = rf_dataset_load(dir, &w, &err);
    if (st == RF_OK) st = rf_scenario_check(sc, w, &err);
    if (st == RF_OK) st = rf_policy_check(sc, w, NULL, &err);
    if (st != RF_OK) return fail(&err);

    double *wall = malloc((size_t)runs * sizeof *wall);
    rf_results *last = NULL;
    int passes = 0;
    for (int i = 0; i < runs && st == RF_OK; i++) {
        double t0 = now_s();
        rf_sim *s = rf_sim_new(w, sc, NULL, &err);
        st = s ? rf_sim_run(s, &err) : err.code;
        wall[i] = now_s() - t0;
        if (st == RF_OK) {
            passes = rf_sim_passes(s);
            rf_results_free(last);
            last = rf_sim_take_results(s);
        }
        rf_sim_free(s);
    }
    if (st != RF_OK) return fail(&err);
    qsort(wall, (size_t)runs, sizeof *wall, cmp);
    double lo = wall[0], hi = wall[runs - 1];
    double med = runs % 2 ? wall[runs / 2] : 0.5 * (wall[runs / 2 - 1] + wall[runs / 2]);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    int decided = 0;
    const rf_year_result *end = &last->years[last->nyears - 1];
    for (int i = 0; i < end->nprojects; i++) decided += end->projects[i].blocks;
    printf("scenario %s, %d-%d (%d years), %d facilities, %d projects (%d decisions by the end), %d pass(es)\n",
           sc->name, last->years[0].year, end->year, last->nyears, w->nfacilities, w->nprojects, decided, passes);
    printf("wall time of a run: median %.3f s, range %.3f-%.3f s over %d runs\n", med, lo, hi, runs);
    printf("peak resident memory: %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    printf("year  status     LP rows x cols   solves (warm)  look-ahead solves (warm)\n");
    long ts = 0, tw = 0, ta = 0, taw = 0;
    for (int y = 0; y < last->nyears; y++) {
        const rf_year_result *yr = &last->years[y];
        printf("%d  %-9s  %5d x %-6d  %6d (%d)  %10d (%d)\n", yr->year, rf_year_status_str(yr->status),
               yr->lp_rows, yr->lp_cols, yr->lp_solves, yr->lp_warm_solves, yr->lookahead_solves,
               yr->lookahead_warm_solves);
        ts += yr->lp_solves;
        tw += yr->lp_warm_solves;
        ta += yr->lookahead_solves;
        taw += yr->lookahead_warm_solves;
    }
    printf("total: %ld solves (%ld warm), %ld look-ahead solves (%ld warm), reported years only\n", ts, tw, ta,
           taw);
    free(wall);
    rf_results_free(last);
    rf_world_free(w);
    rf_scenario_free(sc);
    return 0;
}
