/*
 * bench_baseline.c: how long the baseline year takes to build and solve, and
 * how much memory it needs.  Not a test: run it with `make bench` and record
 * the figures in bench/README.md.
 *
 * usage: bench_baseline [DATA_DIR] [RUNS] [MPS_PATH]
 * Cold runs use a new market each time (no basis: dual simplex with
 * presolve); warm runs re-solve the same year on one market (basis by names).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rareflow/market.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data";
    int runs = argc > 2 ? atoi(argv[2]) : 21;
    const char *mps = argc > 3 ? argv[3] : NULL;
    if (runs < 1) runs = 1;
    rf_err err;
    rf_err_clear(&err);
    double t0 = now_s();
    rf_world *w = NULL;
    if (rf_dataset_load(dir, &w, &err) != RF_OK) {
        fprintf(stderr, "bench: %s:%d: %s\n", err.file, err.line, err.msg);
        return 2;
    }
    double load_s = now_s() - t0;
    rf_year_input in;
    rf_year_input_init(&in, w, NULL, 2024, &err);
    double *build = malloc((size_t)runs * sizeof *build), *solve = malloc((size_t)runs * sizeof *solve);
    double *total = malloc((size_t)runs * sizeof *total), *warm = malloc((size_t)runs * sizeof *warm);
    rf_year_result yr;
    memset(&yr, 0, sizeof yr);
    int iters_cold = 0, iters_warm = 0;
    for (int i = 0; i < runs; i++) {
        rf_market *m = rf_market_new(w, &err);
        double s = now_s();
        if (rf_market_solve(m, &in, &yr, i == 0 ? mps : NULL, &err) != RF_OK || yr.status != RF_YEAR_OPTIMAL) {
            fprintf(stderr, "bench: solve failed: %s\n", err.msg);
            return 1;
        }
        total[i] = now_s() - s;
        build[i] = yr.build_s;
        solve[i] = yr.solve_s;
        iters_cold = yr.iterations;
        rf_market_free(m);
    }
    rf_market *m = rf_market_new(w, &err);
    rf_market_solve(m, &in, &yr, NULL, &err);
    for (int i = 0; i < runs; i++) {
        rf_market_solve(m, &in, &yr, NULL, &err);
        warm[i] = yr.solve_s;
        iters_warm = yr.iterations;
    }
    rf_market_free(m);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("dataset %s: load %.4f s\n", dir, load_s);
    printf("LP: %d rows x %d columns, %ld non-zeros; objective %.10g thousand USD\n", yr.lp_rows,
           yr.lp_cols, yr.lp_nonzeros, yr.objective);
    printf("cold, median of %d: build %.5f s, solve %.5f s (%d iterations), build+solve+read %.5f s\n",
           runs, median(build, runs), median(solve, runs), iters_cold, median(total, runs));
    printf("warm re-solve of the same year, median of %d: %.5f s (%d iterations)\n", runs,
           median(warm, runs), iters_warm);
    printf("peak resident memory: %ld KiB\n", ru.ru_maxrss);
    rf_year_result_clear(&yr);
    rf_year_input_close(&in);
    rf_world_free(w);
    free(build);
    free(solve);
    free(total);
    free(warm);
    return 0;
}
