/*
 * main.c: the rareflow command.  It parses arguments and wires the layers
 * (io -> model -> market -> analytics -> io/report); it computes nothing.
 *
 * Exit codes: 0 the run completed (a year may still be infeasible: its
 * status says so), 1 an internal failure, 2 bad input (file, line and field
 * on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rareflow/market.h"
#include "rareflow/output.h"
#include "rareflow/policy.h"
#include "rareflow/report.h"

#ifndef RF_DEFAULT_DATA_DIR
#define RF_DEFAULT_DATA_DIR "data"
#endif

/* The year the dataset describes; the merit rule of data check is about it. */
#define RF_BASE_YEAR 2024

#define EXIT_INPUT 2
#define EXIT_INTERNAL 1

static const char usage[] =
    "usage: rareflow run [SCENARIO.yaml] [--data DIR] [--years A:B] [--out DIR] [--json]\n"
    "                    [--write-lp PREFIX] [--quiet]\n"
    "       rareflow balance [SCENARIO.yaml] [--data DIR] [--year Y] [--json]\n"
    "       rareflow compare A.yaml B.yaml [--data DIR] [--years A:B] [--json]\n"
    "       rareflow data check [--data DIR]\n"
    "       rareflow --help | --version\n"
    "With no scenario, `run` runs the built-in baseline.  See docs/cli.md.\n";

/* Report an error and return the exit code it maps to. */
static int fail(const rf_err *err)
{
    char buf[RF_ERR_FILE_MAX + RF_ERR_FIELD_MAX + RF_ERR_MSG_MAX + 64];
    rf_err_format(err, buf, sizeof buf);
    fprintf(stderr, "rareflow: %s\n", buf);
    return rf_status_is_input(err->code) ? EXIT_INPUT : EXIT_INTERNAL;
}

static int usage_error(const char *flag, const char *msg)
{
    fprintf(stderr, "rareflow: %s: %s\n%s", flag, msg, usage);
    return EXIT_INPUT;
}

/* Options of `run` and `data check`. */
typedef struct opts {
    const char *scenario;
    const char *data;
    const char *out;
    const char *write_lp;
    int year_first, year_last; /* 0 when --years was not given */
    int json, quiet;
} opts;

static int parse_years(const char *s, opts *o)
{
    char a[16], b[16];
    const char *colon = strchr(s, ':');
    if (!colon) {
        if (rf__parse_int(s, &o->year_first)) return -1;
        o->year_last = o->year_first;
    } else {
        size_t n = (size_t)(colon - s);
        if (n >= sizeof a || strlen(colon + 1) >= sizeof b) return -1;
        memcpy(a, s, n);
        a[n] = '\0';
        strcpy(b, colon + 1);
        if (rf__parse_int(a, &o->year_first) || rf__parse_int(b, &o->year_last)) return -1;
    }
    if (o->year_first < 1900 || o->year_last > 2200 || o->year_last < o->year_first) return -1;
    return 0;
}

/* Parse argv[i..]; `positional` allows one scenario argument (1: the options of `run`,
 * 2: those of `balance`, 0: `data check`).  Returns 0, an exit code, or -1 when --help
 * was printed. */
static int parse_opts(int argc, char **argv, int i, int positional, opts *o)
{
    for (; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return -1;
        }
        if (strcmp(a, "--json") == 0 && positional) o->json = 1;
        else if (strcmp(a, "--quiet") == 0 && positional == 1) o->quiet = 1;
        else if (strcmp(a, "--data") == 0) slot = &o->data;
        else if (strcmp(a, "--out") == 0 && positional == 1) slot = &o->out;
        else if (strcmp(a, "--write-lp") == 0 && positional == 1) slot = &o->write_lp;
        else if (strcmp(a, "--year") == 0 && positional == 2) {
            if (i + 1 >= argc) return usage_error(a, "needs a value");
            if (parse_years(argv[++i], o) || o->year_first != o->year_last)
                return usage_error(a, "expects one year");
        } else if (strcmp(a, "--years") == 0 && (positional == 1 || positional == 3)) {
            if (i + 1 >= argc) return usage_error(a, "needs a value");
            if (parse_years(argv[++i], o))
                return usage_error(a, "expects a year or a range A:B with A <= B");
        } else if (a[0] == '-' && a[1]) {
            return usage_error(a, "unknown option");
        } else if ((positional == 1 || positional == 2) && !o->scenario) {
            o->scenario = a;
        } else {
            return usage_error(a, "unexpected argument");
        }
        if (slot) {
            if (i + 1 >= argc || !argv[i + 1][0]) return usage_error(a, "needs a value");
            *slot = argv[++i];
        }
    }
    return 0;
}

static const char *default_data_dir(void)
{
    const char *env = getenv("RAREFLOW_DATA");
    return env && *env ? env : RF_DEFAULT_DATA_DIR;
}

static int cmd_data_check(int argc, char **argv)
{
    opts o = {0};
    int rc = parse_opts(argc, argv, 3, 0, &o);
    if (rc) return rc < 0 ? 0 : rc;
    const char *dir = o.data ? o.data : default_data_dir();
    rf_err err;
    rf_err_clear(&err);
    rf_world *w = NULL;
    if (rf_dataset_load(dir, &w, &err) != RF_OK) return fail(&err);
    if (rf_world_check_merit(w, RF_BASE_YEAR, &err) != RF_OK) {
        rf_world_free(w);
        return fail(&err);
    }
    printf("%s: ok: %d regions, %d elements, %d ores, %d products, %d recipes, %d facilities, "
           "%d demand rows, %d trade rules\n",
           dir, w->nregions, w->nelements, w->nores, w->nproducts, w->nrecipes, w->nfacilities,
           w->ndemand, w->ntrade);
    rf_world_free(w);
    return 0;
}

/* Load the scenario and its world (shared by run and balance). */
static rf_status load_inputs(const opts *o, rf_scenario **sc, rf_world **w, rf_err *err)
{
    rf_status st = o->scenario ? rf_scenario_load(o->scenario, sc, err) : RF_OK;
    if (st == RF_OK && !*sc && !(*sc = rf_scenario_new_baseline(err))) st = err->code;
    if (st == RF_OK && o->year_first) st = rf_scenario_set_years(*sc, o->year_first, o->year_last, err);
    const char *dir = o->data ? o->data : *sc && (*sc)->data_dir ? (*sc)->data_dir : default_data_dir();
    if (st == RF_OK) st = rf_dataset_load(dir, w, err);
    if (st == RF_OK) st = rf_scenario_check(*sc, *w, err);
    if (st == RF_OK) st = rf_policy_check(*sc, *w, err);
    return st;
}

/* Solve every year of the scenario into `res`. */
static rf_status solve_years(const rf_world *w, const rf_scenario *sc, const opts *o,
                             rf_results *res, rf_err *err)
{
    rf_market *m = rf_market_new(w, err);
    rf_policy_state *state = m ? rf_policy_state_new(sc, err) : NULL;
    rf_status st = m && state ? RF_OK : err->code;
    for (int i = 0; st == RF_OK && i < sc->nyears; i++) {
        char mps[4096];
        if (o->write_lp) snprintf(mps, sizeof mps, "%s-%d.mps", o->write_lp, sc->years[i]);
        st = rf_policy_solve_year(m, w, sc, sc->years[i], state, &res->years[i],
                                  o->write_lp ? mps : NULL, err);
    }
    rf_policy_state_free(state);
    rf_market_free(m);
    return st;
}

/* Load one scenario (the baseline when path is NULL) and its world, and solve
 * its years into *res, or only its first year with `first_only` (unless
 * --year/--years chose). */
static rf_status run_one(const opts *o, const char *path, int first_only, rf_scenario **sc,
                         rf_world **w, rf_results **res, rf_err *err)
{
    opts one = *o;
    one.scenario = path;
    rf_status st = load_inputs(&one, sc, w, err);
    if (st == RF_OK && first_only && !o->year_first)
        st = rf_scenario_set_years(*sc, (*sc)->years[0], (*sc)->years[0], err);
    if (st == RF_OK && !(*res = rf_results_new(*w, (*sc)->name, (*sc)->nyears, err))) st = err->code;
    if (st == RF_OK) st = solve_years(*w, *sc, &one, *res, err);
    return st;
}

static int cmd_run(int argc, char **argv)
{
    opts o = {0};
    int rc = parse_opts(argc, argv, 2, 1, &o);
    if (rc) return rc < 0 ? 0 : rc;
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = NULL;
    rf_world *w = NULL;
    rf_results *res = NULL;
    /* Output folders are made before the solve, so a bad path fails fast. */
    rf_status st = o.out ? rf_io_make_dirs(o.out, &err) : RF_OK;
    if (st == RF_OK && o.write_lp) {
        char *lp_dir = rf__dirname(o.write_lp);
        st = lp_dir ? rf_io_make_dirs(lp_dir, &err) : RF_ENOMEM;
        free(lp_dir);
    }
    if (st == RF_OK) st = run_one(&o, o.scenario, 0, &sc, &w, &res, &err);
    if (st == RF_OK && o.out) st = rf_csv_write_results(res, o.out, &err);
    if (st == RF_OK && o.json) st = rf_json_write_results(res, stdout, &err);
    if (st == RF_OK && !o.json && !o.quiet) rf_report_summary(stdout, res, w->dir);
    rc = st == RF_OK ? 0 : fail(&err);
    rf_results_free(res);
    rf_world_free(w);
    rf_scenario_free(sc);
    return rc;
}

static int cmd_balance(int argc, char **argv)
{
    opts o = {0};
    int rc = parse_opts(argc, argv, 2, 2, &o);
    if (rc) return rc < 0 ? 0 : rc;
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = NULL;
    rf_world *w = NULL;
    rf_results *res = NULL;
    rf_balance bal = {0};
    /* The balance is of one year: --year, or the scenario's first. */
    rf_status st = run_one(&o, o.scenario, 1, &sc, &w, &res, &err);
    if (st == RF_OK) st = rf_analytics_balance(w, &res->years[0], &bal, &err);
    if (st == RF_OK && o.json) st = rf_json_write_balance(w, sc->name, sc->years[0], &bal, stdout, &err);
    if (st == RF_OK && !o.json) rf_report_balance(stdout, sc->name, sc->years[0], &bal);
    rc = st == RF_OK ? 0 : fail(&err);
    rf_balance_close(&bal);
    rf_results_free(res);
    rf_world_free(w);
    rf_scenario_free(sc);
    return rc;
}

static int cmd_compare(int argc, char **argv)
{
    if (argc < 4 || argv[2][0] == '-' || argv[3][0] == '-')
        return usage_error("compare", "expects two scenario files");
    opts o = {0};
    int rc = parse_opts(argc, argv, 4, 3, &o);
    if (rc) return rc < 0 ? 0 : rc;
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sa = NULL, *sb = NULL;
    rf_world *wa = NULL, *wb = NULL;
    rf_results *ra = NULL, *rb = NULL;
    rf_comparison cmp = {0};
    rf_status st = run_one(&o, argv[2], 0, &sa, &wa, &ra, &err);
    if (st == RF_OK) st = run_one(&o, argv[3], 0, &sb, &wb, &rb, &err);
    /* Rows name regions and products by id, so the two runs must share one world. */
    if (st == RF_OK && strcmp(wa->dir, wb->dir) != 0)
        st = rf_err_set(&err, RF_EINVAL, argv[3], 0, "data",
                        "compares only runs on the same dataset (%s against %s)", wa->dir, wb->dir);
    if (st == RF_OK) st = rf_analytics_compare(wa, ra, rb, &cmp, &err);
    if (st == RF_OK && o.json) st = rf_json_write_comparison(sa->name, sb->name, &cmp, stdout, &err);
    if (st == RF_OK && !o.json) rf_report_comparison(stdout, sa->name, sb->name, &cmp);
    rc = st == RF_OK ? 0 : fail(&err);
    rf_comparison_close(&cmp);
    rf_results_free(ra);
    rf_results_free(rb);
    rf_world_free(wa);
    rf_world_free(wb);
    rf_scenario_free(sa);
    rf_scenario_free(sb);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("rareflow 0.1.0");
        return 0;
    }
    if (strcmp(argv[1], "run") == 0) return cmd_run(argc, argv);
    if (strcmp(argv[1], "balance") == 0) return cmd_balance(argc, argv);
    if (strcmp(argv[1], "compare") == 0) return cmd_compare(argc, argv);
    if (strcmp(argv[1], "data") == 0) {
        if (argc >= 3 && strcmp(argv[2], "check") == 0) return cmd_data_check(argc, argv);
        return usage_error("data", "expects `check`");
    }
    return usage_error(argv[1], "unknown command");
}
