/*
 * main.c: the rareflow command.  It parses arguments (cli/args.c) and wires
 * the layers (io -> model -> policy/market -> analytics -> output/report); it
 * computes nothing.
 *
 * Exit codes: 0 the run completed (a year may still be infeasible: its
 * status says so), 1 an internal failure (including output that could not
 * be written), 2 bad input (file, line and field on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "core/strutil.h"
#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rareflow/market.h"
#include "rareflow/mc_mpi.h"
#include "rareflow/montecarlo.h"
#include "rareflow/output.h"
#include "rareflow/policy.h"
#include "rareflow/report.h"
#include "rareflow/server.h"
#include "rareflow/sim.h"
#include "rareflow/stock.h"

#ifndef RF_DEFAULT_DATA_DIR
#define RF_DEFAULT_DATA_DIR "data"
#endif
/* The web assets (web/: the dashboard's page and scripts, node_modules/) and
 * the shipped scenarios, unless RAREFLOW_WEB and RAREFLOW_SCENARIOS say otherwise. */
#ifndef RF_DEFAULT_WEB_DIR
#define RF_DEFAULT_WEB_DIR "web"
#endif
#ifndef RF_DEFAULT_SCENARIO_DIR
#define RF_DEFAULT_SCENARIO_DIR "scenarios"
#endif

#define EXIT_INPUT 2
#define EXIT_INTERNAL 1

static const char usage[] =
    "usage: rareflow run [SCENARIO.yaml] [--data DIR] [--years A:B] [--periods N] [--out DIR]\n"
    "                    [--json] [--write-lp PREFIX] [--quiet] [--focus R] [--db PATH | --no-db] [--lp-primal]\n"
    "       rareflow balance [SCENARIO.yaml] [--data DIR] [--year Y] [--json]\n"
    "       rareflow compare A.yaml B.yaml [--data DIR] [--years A:B] [--json]\n"
    "       rareflow project ID [SCENARIO.yaml] [--data DIR] [--year Y] [--json]\n"
    "       rareflow trace [SCENARIO.yaml] --region R --product P [--year Y] [--focus F] [--data DIR] [--json]\n"
    "       rareflow report [RUN | SCENARIO.yaml] [--vs RUN | --vs SCENARIO.yaml] [-o FILE.html]\n"
    "                       [--data DIR] [--years A:B] [--db PATH] [--quiet]\n"
    "       rareflow runs [--db PATH] [--json]\n"
    "       rareflow serve [--host 127.0.0.1] [--port 8080] [--db PATH | --no-db] [--threads N] [--data DIR]\n"
    "       rareflow show RUN [--db PATH] [--json]\n"
    "       rareflow mc SCENARIO.yaml --draws N [--seed S] [--threads T] [--sampling random|lhs]\n"
    "                   [--years A:B] [--data DIR] [--json] [--quiet] [--db PATH | --no-db]\n"
    "                   [--report FILE.html]\n"
    "       rareflow finance PROJECT [SCENARIO.yaml] [--data DIR] [--year Y] [--rate R]\n"
    "                        [--price-path run|reference|flat:USD] [--json]\n"
    "       rareflow finance --list [--data DIR]\n"
    "       rareflow data check [--data DIR] [--year Y]\n"
    "       rareflow stock --inflow X,Y,... --lifetime fixed|normal|lognormal|weibull|foldednormal\n"
    "                      [--mean M [--sd S] | --shape K --scale L] [--json]\n"
    "       rareflow --help | --version\n"
    "With no scenario, `run` runs the built-in baseline.  `project` values one project (a facility\n"
    "id of projects.csv or candidates.csv) as the simulation would decide it at the end of year Y;\n"
    "`finance` measures it (NPV at a rate, IRR, payback, NdPr break-even floor, sensitivities).\n"
    "See docs/cli.md.\n";

/* The version, as `--version` prints it and the results database records it. */
#define RF_VERSION "0.1.0"

/* Report an error and return the exit code it maps to. */
static int fail(const rf_err *err)
{
    char buf[RF_ERR_FILE_MAX + RF_ERR_FIELD_MAX + RF_ERR_MSG_MAX + 64];
    rf_err_format(err, buf, sizeof buf);
    fprintf(stderr, "rareflow: %s\n", buf);
    return rf_status_is_input(err->code) ? EXIT_INPUT : EXIT_INTERNAL;
}

/* The value of environment variable `name` when set and not empty, else `dflt`. */
static const char *env_or(const char *name, const char *dflt)
{
    const char *env = getenv(name);
    return env && *env ? env : dflt;
}

static const char *default_data_dir(void)
{
    return env_or("RAREFLOW_DATA", RF_DEFAULT_DATA_DIR);
}

static const char *web_dir(void)
{
    return env_or("RAREFLOW_WEB", RF_DEFAULT_WEB_DIR);
}

/* The dataset checked for year Y (--year, or the year it describes: the merit
 * rule is about RF_SIM_BASE_YEAR). */
static int cmd_data_check(const rf_cli_args *a)
{
    const char *dir = a->data ? a->data : default_data_dir();
    int year = a->year_first ? a->year_first : RF_SIM_BASE_YEAR;
    rf_err err;
    rf_err_clear(&err);
    rf_world *w = NULL;
    if (rf_dataset_load(dir, &w, &err) != RF_OK) return fail(&err);
    if (rf_world_check_merit(w, RF_SIM_BASE_YEAR, year, &err) != RF_OK) {
        rf_world_free(w);
        return fail(&err);
    }
    int running = 0, later = 0;
    for (int f = 0; f < w->nfacilities; f++)
        if (rf_world_facility_active(w, f, year)) {
            running++;
            later += !rf_world_facility_active(w, f, RF_SIM_BASE_YEAR);
        }
    printf("%s: ok for %d: %d regions, %d elements, %d ores, %d products, %d recipes, %d facilities "
           "(%d run in %d, %d of them started after %d), %d demand rows, %d trade rules\n",
           dir, year, w->nregions, w->nelements, w->nores, w->nproducts, w->nrecipes, w->nfacilities,
           running, year, later, RF_SIM_BASE_YEAR, w->ndemand, w->ntrade);
    rf_world_free(w);
    return 0;
}

/* Print the warnings of a check on stderr and empty the list. */
static void print_warnings(rf_warnings *warn)
{
    char buf[RF_ERR_FILE_MAX + RF_ERR_FIELD_MAX + RF_ERR_MSG_MAX + 64];
    for (int i = 0; i < warn->n; i++) {
        rf_err_format(&warn->items[i], buf, sizeof buf);
        fprintf(stderr, "rareflow: warning: %s\n", buf);
    }
    if (warn->dropped) fprintf(stderr, "rareflow: warning: %d more warnings not shown\n", warn->dropped);
    rf_warnings_close(warn);
}

/* Load the scenario and its world (shared by every command that runs one).
 * A world already in *w (the second run of compare) is used again: the
 * scenario must ask for the folder it was read from. */
static rf_status load_inputs_warn(const rf_cli_args *a, const char *path, rf_scenario **sc, rf_world **w,
                                  int show_warnings, rf_err *err);

static rf_status load_inputs(const rf_cli_args *a, const char *path, rf_scenario **sc, rf_world **w,
                             rf_err *err)
{
    return load_inputs_warn(a, path, sc, w, 1, err);
}

/* load_inputs, printing the check's warnings only with `show_warnings` (mc's
 * workers after the first load the same files again). */
static rf_status load_inputs_warn(const rf_cli_args *a, const char *path, rf_scenario **sc, rf_world **w,
                                  int show_warnings, rf_err *err)
{
    rf_warnings warn;
    rf_warnings_init(&warn);
    rf_status st = path ? rf_scenario_load(path, sc, err) : RF_OK;
    if (st == RF_OK && !*sc && !(*sc = rf_scenario_new_baseline(err))) st = err->code;
    if (st == RF_OK && a->year_first) st = rf_scenario_set_years(*sc, a->year_first, a->year_last, err);
    if (st == RF_OK && a->periods) (*sc)->periods = a->periods; /* validated by the parser */
    const char *dir = a->data ? a->data : *sc && (*sc)->data_dir ? (*sc)->data_dir : default_data_dir();
    /* Rows name regions and products by id: the two runs of compare share one world. */
    if (st == RF_OK && *w && strcmp((*w)->dir, dir) != 0)
        st = rf_err_set(err, RF_EINVAL, path, 0, "data",
                        "compares only runs on the same dataset (%s against %s)", (*w)->dir, dir);
    if (st == RF_OK && !*w) st = rf_dataset_load(dir, w, err);
    if (st == RF_OK) st = rf_scenario_check(*sc, *w, err);
    if (st == RF_OK) st = rf_policy_check(*sc, *w, &warn, err);
    if (show_warnings) print_warnings(&warn);
    else rf_warnings_close(&warn);
    return st;
}

/* Where the sim writes each year's LP: a staged name for PREFIX-YEAR.mps. */
typedef struct lp_files {
    const char *prefix;
    rf_staged *staged;
    rf_err *err;
    int oom;        /* a name could not be staged: the run fails at its end */
} lp_files;

static const char *lp_path(void *ctx, int year)
{
    lp_files *lp = ctx;
    char final[RF_CLI_MAX_PATH + 32];
    snprintf(final, sizeof final, "%s-%d.mps", lp->prefix, year);
    /* NULL (no file) only on ENOMEM: the sim goes on without that file, and
     * solve_years fails the run once it is over. */
    const char *tmp = rf_staged_add(lp->staged, final, lp->err);
    if (!tmp) lp->oom = 1;
    return tmp;
}

/* The progress line of a run on a terminal (stderr): the year stepped, the
 * time so far and an estimate of what is left, redrawn in place. */
typedef struct progress_line {
    struct timespec t0;
    int shown;
} progress_line;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

static void show_progress(void *ctx, int year, int done, int total, int pass)
{
    progress_line *p = ctx;
    double el = seconds_since(&p->t0), left = done > 0 ? el / done * (total - done) : 0.0;
    char passes[32] = "";
    if (pass > 1) snprintf(passes, sizeof passes, ", pass %d", pass);
    fprintf(stderr, "\rrareflow: %d (%d/%d years%s), %.1f s, about %.1f s left\033[K", year, done, total, passes, el,
            left);
    fflush(stderr);
    p->shown = 1;
}

/* Run the scenario's years through the simulation (rareflow/sim.h) into *res;
 * with `lp_prefix`, each year's LP is written as PREFIX-YEAR.mps, staged in
 * `mps` until the run has succeeded. */
static rf_status solve_years(const rf_world *w, const rf_scenario *sc, const char *lp_prefix, const char *focus,
                             int quiet, int lp_primal, rf_staged *mps, rf_results **res, rf_err *err)
{
    lp_files lp = {lp_prefix, mps, err, 0};
    rf_sim_options opt = {0};
    opt.focus = focus;
    opt.lp_primal = lp_primal;
    /* A progress line only for a person watching: stderr a terminal, no --quiet. */
    progress_line pl = {{0, 0}, 0};
    if (!quiet && isatty(STDERR_FILENO)) {
        clock_gettime(CLOCK_MONOTONIC, &pl.t0);
        opt.progress = show_progress;
        opt.progress_ctx = &pl;
    }
    if (lp_prefix) {
        opt.mps_path = lp_path;
        opt.mps_ctx = &lp;
    }
    rf_sim *s = rf_sim_new(w, sc, &opt, err);
    rf_status st = s ? rf_sim_run(s, err) : err->code;
    if (st == RF_OK && lp.oom)
        st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory staging the LP files");
    if (st == RF_OK) *res = rf_sim_take_results(s);
    rf_sim_free(s);
    if (pl.shown) fputs("\r\033[K", stderr); /* the line goes; the output stays clean */
    return st;
}

/* Load one scenario (the baseline when path is NULL) and its world, and solve
 * its years into *res, or only its first year with `first_only` (unless
 * --year/--years chose). */
static rf_status run_one(const rf_cli_args *a, const char *path, int first_only, rf_staged *mps,
                         rf_scenario **sc, rf_world **w, rf_results **res, rf_err *err)
{
    rf_status st = load_inputs(a, path, sc, w, err);
    if (st == RF_OK && first_only && !a->year_first)
        st = rf_scenario_set_years(*sc, (*sc)->years[0], (*sc)->years[0], err);
    /* run --focus: the region the decoupling measure follows (trace's --focus is
     * the region touched, applied by the command itself). */
    const char *focus = a->cmd == RF_CMD_RUN ? a->focus : NULL;
    if (st == RF_OK && focus && rf_world_region(*w, focus) < 0)
        st = rf_err_set(err, RF_EINVAL, NULL, 0, "--focus", "unknown region `%s`", focus);
    if (st == RF_OK)
        st = solve_years(*w, *sc, mps ? a->write_lp : NULL, focus, a->quiet, a->cmd == RF_CMD_RUN && a->lp_primal, mps,
                         res, err);
    return st;
}

/* The results database (of run, runs, show and serve): --db PATH, else
 * $XDG_DATA_HOME/rareflow/rareflow.db, else $HOME/.local/share/rareflow/rareflow.db
 * (its folder made when missing); NULL when none can be named.  Owned. */
static char *db_path(const rf_cli_args *a, rf_err *err)
{
    if (a->db) return rf__strdup(a->db);
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char *base = xdg && xdg[0] ? rf__path_join(xdg, "rareflow")
                 : home && home[0] ? rf__path_join(home, ".local/share/rareflow") : NULL;
    if (!base) return NULL;
    char *path = rf_io_make_dirs(base, err) == RF_OK ? rf__path_join(base, "rareflow.db") : NULL;
    free(base);
    return path;
}

/* A stream into memory, for what the database keeps of a run. */
static rf_status to_text(rf_status (*write)(const rf_results *, FILE *, rf_err *), const rf_results *res, char **text,
                         rf_err *err)
{
    size_t len = 0;
    FILE *fp = open_memstream(text, &len);
    if (!fp) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    rf_status st = write(res, fp, err);
    if (fclose(fp) != 0 && st == RF_OK) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    return st;
}

static rf_status summary_of(const rf_results *res, FILE *fp, rf_err *err)
{
    return rf_report_summary(fp, res, res->world->dir, err);
}

/* Record a finished run (its results `res`, whose document is `doc`; or, with
 * d and s, a Monte Carlo run).  With --db the database is the user's choice
 * and a failure fails the run; the default one is a convenience: a failure
 * there is a warning and the run's output stands. */
static rf_status record_doc(const rf_cli_args *a, const char *name, const char *data_dir, const char *started,
                            const rf_results *res, const char *doc, const char *summary, const rf_mc_draws *d,
                            const rf_mc_summary_t *s, rf_err *err)
{
    rf_err local;
    rf_err_clear(&local);
    rf_err *e = a->db ? err : &local;
    char *path = db_path(a, e), *text = NULL;
    char fp[1024] = "";
    rf_status st = path ? RF_OK : (a->db ? rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory") : RF_EIO);
    if (st == RF_OK && a->scenario) st = rf_read_text(a->scenario, &text, e);
    if (st == RF_OK) st = rf_dataset_fingerprint(data_dir, fp, sizeof fp, e);
    if (st == RF_OK) {
        rf_run_meta meta = {started, name, text ? text : "", fp, RF_VERSION, "complete"};
        st = d ? rf_db_record_mc(path, &meta, doc, summary, d, s, NULL, e)
               : rf_db_record_results(path, &meta, res, doc, summary, NULL, e);
    }
    if (st != RF_OK && !a->db) {
        fprintf(stderr, "rareflow: warning: the run was not recorded in %s: %s\n", path ? path : "the results database",
                local.msg[0] ? local.msg : "no data folder (set XDG_DATA_HOME or HOME, or pass --db)");
        st = RF_OK;
    }
    free(path);
    free(text);
    return st;
}

static rf_status record_run(const rf_cli_args *a, const rf_scenario *sc, const rf_results *res, const char *started,
                            const char *doc, const char *summary, rf_err *err)
{
    return record_doc(a, sc->name, res->world->dir, started, res, doc, summary, NULL, NULL, err);
}

/* The current time, UTC, as the database records a run's start. */
static void utc_now(char started[32])
{
    time_t now = time(NULL);
    struct tm tmv;
    started[0] = 0;
    if (gmtime_r(&now, &tmv)) strftime(started, 32, "%Y-%m-%d %H:%M:%S", &tmv);
}

static int cmd_runs(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    char *path = db_path(a, &err);
    rf_status st = path ? rf_db_list(path, a->json, stdout, &err) : rf_err_set(&err, RF_EIO, NULL, 0, NULL, "no results database");
    free(path);
    return st == RF_OK ? 0 : fail(&err);
}

static int cmd_show(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    char *path = db_path(a, &err);
    rf_status st = path ? rf_db_show(path, a->run_id, a->json, stdout, &err)
                        : rf_err_set(&err, RF_EIO, NULL, 0, NULL, "no results database");
    free(path);
    return st == RF_OK ? 0 : fail(&err);
}

static int cmd_run(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = NULL;
    rf_world *w = NULL;
    rf_results *res = NULL;
    rf_staged mps;
    rf_staged_init(&mps);
    /* Destinations are checked before the run, so a bad path fails fast.  The
     * --out folder is created only when the results are there to write; the
     * folder of the --write-lp prefix is made now, as the LPs are written
     * (under temporary names) while the run goes. */
    rf_status st = a->out ? rf_output_check_dir(a->out, &err) : RF_OK;
    if (st == RF_OK && a->write_lp) {
        char *lp_dir = rf__dirname(a->write_lp);
        st = lp_dir ? rf_io_make_dirs(lp_dir, &err)
                    : rf_err_set(&err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        free(lp_dir);
    }
    char started[32];
    utc_now(started);
    if (st == RF_OK) st = run_one(a, a->scenario, 0, a->write_lp ? &mps : NULL, &sc, &w, &res, &err);
    if (st == RF_OK && a->write_lp) st = rf_staged_commit(&mps, &err);
    /* The JSON document and the summary are made once: the database keeps what
     * is printed. */
    char *doc = NULL, *summary = NULL;
    int print_summary = !a->json && !a->quiet;
    if (st == RF_OK && (a->json || !a->no_db)) st = to_text(rf_json_write_results, res, &doc, &err);
    if (st == RF_OK && (print_summary || !a->no_db)) st = to_text(summary_of, res, &summary, &err);
    if (st == RF_OK && !a->no_db) st = record_run(a, sc, res, started, doc, summary, &err);
    if (st == RF_OK && a->out) st = rf_csv_write_results(res, a->out, &err);
    if (st == RF_OK && a->json && fputs(doc, stdout) == EOF) st = rf_err_set(&err, RF_EIO, NULL, 0, NULL, "cannot write the JSON document");
    if (st == RF_OK && print_summary && fputs(summary, stdout) == EOF)
        st = rf_err_set(&err, RF_EIO, NULL, 0, NULL, "cannot write the summary");
    free(doc);
    free(summary);
    int rc = st == RF_OK ? 0 : fail(&err);
    rf_staged_discard(&mps);
    rf_results_free(res);
    rf_world_free(w);
    rf_scenario_free(sc);
    return rc;
}

static int cmd_balance(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = NULL;
    rf_world *w = NULL;
    rf_results *res = NULL;
    rf_balance bal = {0};
    /* The balance is of one year: --year, or the scenario's first. */
    rf_status st = run_one(a, a->scenario, 1, NULL, &sc, &w, &res, &err);
    if (st == RF_OK) st = rf_analytics_balance(w, &res->years[0], &bal, &err);
    if (st == RF_OK && a->json) st = rf_json_write_balance(w, sc->name, sc->years[0], &bal, stdout, &err);
    if (st == RF_OK && !a->json) st = rf_report_balance(stdout, sc->name, sc->years[0], &bal, &err);
    int rc = st == RF_OK ? 0 : fail(&err);
    rf_balance_close(&bal);
    rf_results_free(res);
    rf_world_free(w);
    rf_scenario_free(sc);
    return rc;
}

static int cmd_compare(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sa = NULL, *sb = NULL;
    rf_world *w = NULL;
    rf_results *ra = NULL, *rb = NULL;
    rf_comparison cmp = {0};
    /* Both runs on one world, loaded once (load_inputs). */
    rf_status st = run_one(a, a->scenario, 0, NULL, &sa, &w, &ra, &err);
    if (st == RF_OK) st = run_one(a, a->scenario_b, 0, NULL, &sb, &w, &rb, &err);
    if (st == RF_OK) st = rf_analytics_compare(w, ra, rb, &cmp, &err);
    if (st == RF_OK && a->json) st = rf_json_write_comparison(sa->name, sb->name, &cmp, stdout, &err);
    if (st == RF_OK && !a->json) st = rf_report_comparison(stdout, sa->name, sb->name, &cmp, &err);
    int rc = st == RF_OK ? 0 : fail(&err);
    rf_comparison_close(&cmp);
    rf_results_free(ra);
    rf_results_free(rb);
    rf_world_free(w);
    rf_scenario_free(sa);
    rf_scenario_free(sb);
    return rc;
}

/* ---------- rareflow report ---------- */

/* The files a report is made of, under the web folder (docs/report.md): the
 * template, the style, then the scripts in the order they are inlined.  A
 * Monte Carlo run's report has its own template and page script
 * (docs/uncertainty.md). */
enum { REPORT_TEMPLATE, REPORT_STYLE, REPORT_SCRIPTS, NREPORT_FILES = REPORT_SCRIPTS + 3 };
static const char *const report_files[NREPORT_FILES] = {
    "src/report.html", "src/style.css", "node_modules/echarts/dist/echarts.min.js", "src/charts.js", "src/report.js"};
static const char *const mc_report_files[NREPORT_FILES] = {
    "src/mc_report.html", "src/style.css", "node_modules/echarts/dist/echarts.min.js", "src/charts.js",
    "src/mc_report.js"};

/* Read a report's files into text[] (owned); on failure say which is missing
 * on stderr, free what was read and return -1. */
static int read_report_assets(const char *const *files, char **text)
{
    rf_err err;
    rf_err_clear(&err);
    for (int i = 0; i < NREPORT_FILES; i++) {
        char *path = rf__path_join(web_dir(), files[i]);
        if (!path || rf_read_asset(path, &text[i], &err) != RF_OK) {
            fprintf(stderr, "rareflow: the report's web assets are missing: %s: %s (run `make assets`, "
                            "or set RAREFLOW_WEB to the folder that has them)\n", path ? path : files[i],
                    err.msg[0] ? err.msg : "out of memory");
            free(path);
            for (int k = 0; k < i; k++) {
                free(text[k]);
                text[k] = NULL;
            }
            return -1;
        }
        free(path);
    }
    return 0;
}

/* Write the report of docs (1 or 2) made of the files' text to `out`, under a
 * temporary name renamed into place whole. */
static rf_status write_report_file(const char *const *files, char **text, const char *out, const char *const *docs,
                                   int ndocs, int quiet, rf_err *err)
{
    size_t n = strlen(out) + 32;
    char *tmp = malloc(n);
    rf_status st = tmp ? RF_OK : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    FILE *fp = NULL;
    if (st == RF_OK) {
        snprintf(tmp, n, "%s.partial-%ld", out, (long)getpid());
        if (!(fp = fopen(tmp, "w"))) st = rf_err_set(err, RF_EIO, out, 0, "-o", "cannot write the report");
    }
    if (st == RF_OK) {
        const char *scripts[] = {text[REPORT_SCRIPTS], text[REPORT_SCRIPTS + 1], text[REPORT_SCRIPTS + 2]};
        rf_report_assets as = {files[REPORT_TEMPLATE], text[REPORT_TEMPLATE], text[REPORT_STYLE], scripts, 3};
        st = rf_html_write_report(&as, docs, ndocs, fp, err);
    }
    if (fp && fclose(fp) != 0 && st == RF_OK) st = rf_err_set(err, RF_EIO, out, 0, "-o", "cannot write the report");
    if (st == RF_OK && rename(tmp, out) != 0) st = rf_err_set(err, RF_EIO, out, 0, "-o", "cannot move the report into place");
    if (st != RF_OK && tmp) remove(tmp);
    if (st == RF_OK && !quiet) fprintf(stderr, "rareflow: report written to %s\n", out);
    free(tmp);
    return st;
}

/* A recorded run's id: a positive integer that names no file. */
static long long run_id_of(const char *arg)
{
    int id = 0;
    FILE *f = NULL;
    if (rf__parse_int(arg, &id) || id < 1) return 0;
    if ((f = fopen(arg, "r")) != NULL) {
        fclose(f);
        return 0;
    }
    return id;
}

/* The JSON document of a report's run: a recorded run's, as `run --json`
 * printed it, or a scenario (the baseline when NULL) run now.  Owned. */
static rf_status report_doc(const rf_cli_args *a, const char *what, rf_world **w, char **doc, rf_err *err)
{
    long long id = what ? run_id_of(what) : 0;
    if (id) {
        char *path = db_path(a, err);
        if (!path) return err->code ? err->code : rf_err_set(err, RF_EIO, NULL, 0, NULL, "no results database");
        size_t len = 0;
        FILE *fp = open_memstream(doc, &len);
        rf_status st = fp ? rf_db_show(path, id, 1, fp, err) : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        if (fp && fclose(fp) != 0 && st == RF_OK) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        free(path);
        return st;
    }
    rf_scenario *sc = NULL;
    rf_results *res = NULL;
    rf_status st = run_one(a, what, 0, NULL, &sc, w, &res, err);
    if (st == RF_OK) st = to_text(rf_json_write_results, res, doc, err);
    rf_results_free(res);
    rf_scenario_free(sc);
    return st;
}

/* `rareflow report`: one run (or two with --vs) into one self-contained HTML
 * file, written under a temporary name and renamed into place whole.  The web
 * assets are read first: without them nothing is run. */
static int cmd_report(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    char *text[NREPORT_FILES] = {0}, *docs[2] = {NULL, NULL};
    const char *out = a->output ? a->output : "report.html";
    rf_world *w = NULL;
    rf_status st = RF_OK;
    /* A recorded run is read first (nothing is run for it): a Monte Carlo
     * run's document takes the mc report's files. */
    const char *const *files = report_files;
    if (a->scenario && run_id_of(a->scenario)) {
        st = report_doc(a, a->scenario, &w, &docs[0], &err);
        if (st == RF_OK && rf_html_is_mc_document(docs[0])) {
            files = mc_report_files;
            if (a->vs) st = rf_err_set(&err, RF_EINVAL, NULL, 0, "--vs", "a Monte Carlo run's report is of that run alone");
        }
        if (st != RF_OK) {
            free(docs[0]);
            return fail(&err);
        }
    }
    if (read_report_assets(files, text) != 0) {
        free(docs[0]);
        return EXIT_INTERNAL;
    }
    if (!docs[0]) st = report_doc(a, a->scenario, &w, &docs[0], &err);
    if (st == RF_OK && a->vs) st = report_doc(a, a->vs, &w, &docs[1], &err);
    if (st == RF_OK) {
        const char *const d[2] = {docs[0], docs[1]};
        st = write_report_file(files, text, out, d, a->vs ? 2 : 1, a->quiet, &err);
    }
    for (int i = 0; i < NREPORT_FILES; i++) free(text[i]);
    free(docs[0]);
    free(docs[1]);
    rf_world_free(w);
    return st == RF_OK ? 0 : fail(&err);
}

/* ---------- rareflow project ---------- */

/* The project whose facility id is `id`, or -1. */
static int find_project(const rf_world *w, const char *id)
{
    int f = rf_world_facility(w, id);
    return f >= 0 && w->project_of ? w->project_of[f] : -1;
}

/* The decision year: --year, or the scenario's first year, or the project's
 * earliest decision when later; it must be one of the scenario's years. */
static rf_status decision_year(const rf_cli_args *a, const rf_scenario *sc, const rf_project *pj, int *year,
                               rf_err *err)
{
    int y = a->year_first;
    if (!y) y = pj->earliest_decision > sc->years[0] ? pj->earliest_decision : sc->years[0];
    for (int i = 0; i < sc->nyears; i++)
        if (sc->years[i] == y) {
            *year = y;
            return RF_OK;
        }
    return rf_err_set(err, RF_EINVAL, NULL, 0, "--year",
                      "%d is not a year of scenario \"%s\" (%d-%d)%s", y, sc->name, sc->years[0],
                      sc->years[sc->nyears - 1],
                      a->year_first ? "" : ": the project's earliest decision is later; give --year");
}

/* One project valued as the simulation would decide it at its decision year
 * (--year, not a change of the scenario's years; rf_sim_value_project_at: the
 * scenario stepped to that year, then the project valued), for `project` and
 * `finance`.  `list_hint` says where the ids are in the unknown-project error.
 * The caller releases *sc, *w, *s and *v whatever the status. */
static rf_status value_project(const rf_cli_args *a, const char *list_hint, rf_scenario **sc, rf_world **w,
                               rf_sim **s, rf_project_value *v, int *by_run, rf_err *err)
{
    rf_cli_args in = *a;
    in.year_first = in.year_last = 0;
    int p = -1, year = 0;
    rf_status st = load_inputs(&in, a->scenario, sc, w, err);
    if (st == RF_OK && (p = find_project(*w, a->project)) < 0)
        st = rf_err_set(err, RF_EINVAL, NULL, 0, "project", "unknown project `%s` (%s in %s)", a->project, list_hint,
                        (*w)->dir);
    if (st == RF_OK) st = decision_year(a, *sc, &(*w)->projects[p], &year, err);
    rf_sim_options opt = {0};
    if (st == RF_OK && !(*s = rf_sim_new(*w, *sc, &opt, err))) st = err->code;
    if (st == RF_OK) st = rf_sim_value_project_at(*s, p, year, v, by_run, err);
    return st;
}

/* One project's economics at its decision year. */
static int cmd_project(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = NULL;
    rf_world *w = NULL;
    rf_sim *s = NULL;
    rf_project_value v = {0};
    int by_run = 0;
    rf_status st = value_project(a, "a facility id of projects.csv or candidates.csv", &sc, &w, &s, &v, &by_run, &err);
    if (st == RF_OK && a->json) st = rf_json_write_project(w, sc->name, &v, by_run, stdout, &err);
    if (st == RF_OK && !a->json) st = rf_report_project(stdout, w, sc->name, &v, by_run, &err);
    int rc = st == RF_OK ? 0 : fail(&err);
    rf_project_value_close(&v);
    rf_sim_free(s);
    rf_world_free(w);
    rf_scenario_free(sc);
    return rc;
}

/* `finance --list`: the projects of the dataset (--data, else the default). */
static int cmd_finance_list(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    rf_world *w = NULL;
    rf_status st = rf_dataset_load(a->data ? a->data : default_data_dir(), &w, &err);
    if (st == RF_OK) st = rf_report_project_ids(stdout, w, &err);
    rf_world_free(w);
    return st == RF_OK ? 0 : fail(&err);
}

/* One project's finance: valued as `project` values it, then measured at the
 * prices and rate asked (rf_sim_project_finance). */
static int cmd_finance(const rf_cli_args *a)
{
    if (a->list) return cmd_finance_list(a);
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = NULL;
    rf_world *w = NULL;
    rf_sim *s = NULL;
    rf_project_value v = {0};
    rf_project_finance f = {0};
    static const rf_price_path paths[] = {[RF_CLI_PRICES_RUN] = RF_PRICES_RUN,
                                          [RF_CLI_PRICES_REFERENCE] = RF_PRICES_REFERENCE,
                                          [RF_CLI_PRICES_FLAT] = RF_PRICES_FLAT};
    rf_finance_request rq = {a->has_rate, a->rate, paths[a->prices], a->flat_usd_per_kg};
    int by_run = 0;
    rf_status st = value_project(a, "`rareflow finance --list` gives the ids of projects.csv and candidates.csv", &sc,
                                 &w, &s, &v, &by_run, &err);
    if (st == RF_OK) st = rf_sim_project_finance(w, &v, &rq, &f, &err);
    if (st == RF_OK && a->json) st = rf_json_write_finance(w, sc->name, &v, &f, stdout, &err);
    if (st == RF_OK && !a->json) st = rf_report_finance(stdout, w, sc->name, &v, &f, &err);
    int rc = st == RF_OK ? 0 : fail(&err);
    rf_project_finance_close(&f);
    rf_project_value_close(&v);
    rf_sim_free(s);
    rf_world_free(w);
    rf_scenario_free(sc);
    return rc;
}

/* Where a region's consumption of a product has been in one year (the
 * scenario's first, or --year): the run's provenance, traced again when
 * --focus names another region than China. */
static int cmd_trace(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = NULL;
    rf_world *w = NULL;
    rf_results *res = NULL;
    rf_status st = run_one(a, a->scenario, 1, NULL, &sc, &w, &res, &err);
    int region = -1, product = -1, focus = -1;
    if (st == RF_OK && (region = rf_world_region(w, a->region)) < 0)
        st = rf_err_set(&err, RF_EINVAL, NULL, 0, "--region", "unknown region `%s`", a->region);
    if (st == RF_OK && (product = rf_world_product(w, a->product)) < 0)
        st = rf_err_set(&err, RF_EINVAL, NULL, 0, "--product", "unknown product `%s`", a->product);
    if (st == RF_OK && a->focus && (focus = rf_world_region(w, a->focus)) < 0)
        st = rf_err_set(&err, RF_EINVAL, NULL, 0, "--focus", "unknown region `%s`", a->focus);
    rf_year_result *yr = st == RF_OK ? &res->years[0] : NULL;
    if (st == RF_OK && yr->status != RF_YEAR_OPTIMAL)
        st = rf_err_set(&err, RF_ENOTOPT, NULL, 0, NULL, "year %d is %s: nothing to trace", yr->year,
                        rf_year_status_str(yr->status));
    if (st == RF_OK && focus >= 0) st = rf_analytics_provenance(w, yr, focus, &err);
    if (st == RF_OK && a->json) st = rf_json_write_trace(w, sc->name, yr, region, product, stdout, &err);
    if (st == RF_OK && !a->json) st = rf_report_trace(stdout, w, sc->name, yr, region, product, &err);
    int rc = st == RF_OK ? 0 : fail(&err);
    rf_results_free(res);
    rf_world_free(w);
    rf_scenario_free(sc);
    return rc;
}

/* The dynamic stock model on its own: stock and outflow of an inflow series. */
static int cmd_stock(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    int n = a->ninflow;
    double *stock = malloc((size_t)n * sizeof *stock), *outflow = malloc((size_t)n * sizeof *outflow);
    rf_status st = stock && outflow ? RF_OK : rf_err_set(&err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    if (st == RF_OK) st = rf_stock_inflow_driven(&a->lifetime, a->inflow, n, stock, outflow, NULL, &err);
    if (st == RF_OK && a->json) st = rf_json_write_stock(&a->lifetime, a->inflow, stock, outflow, n, stdout, &err);
    if (st == RF_OK && !a->json) st = rf_report_stock(stdout, &a->lifetime, a->inflow, stock, outflow, n, &err);
    free(stock);
    free(outflow);
    return st == RF_OK ? 0 : fail(&err);
}

/* The dashboard's server (rareflow/server.h, docs/dashboard.md): the world is
 * loaded once, here, and shared by every request; serves until SIGINT or
 * SIGTERM. */
static int cmd_serve(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    rf_world *w = NULL;
    char *db = NULL;
    rf_status st = rf_dataset_load(a->data ? a->data : default_data_dir(), &w, &err);
    if (st == RF_OK && !a->no_db && !(db = db_path(a, &err)) && err.code == RF_OK)
        st = rf_err_set(&err, RF_EINVAL, NULL, 0, "--db",
                        "no data folder for the results database (set XDG_DATA_HOME or HOME, or pass --db or --no-db)");
    else if (st == RF_OK && !a->no_db && !db)
        st = err.code;
    if (st == RF_OK) {
        rf_server_config cfg = {a->host ? a->host : "127.0.0.1",
                                a->port,
                                a->threads,
                                db,
                                w,
                                web_dir(),
                                env_or("RAREFLOW_SCENARIOS", RF_DEFAULT_SCENARIO_DIR),
                                RF_VERSION};
        st = rf_server_run(&cfg, &err);
    }
    int rc = st == RF_OK ? 0 : fail(&err);
    free(db);
    rf_world_free(w);
    return rc;
}

/* ---------- rareflow mc ---------- */

/* The progress line of mc on a terminal: draws done, rate, time left. */
static void show_mc_progress(void *ctx, int done, int total)
{
    progress_line *p = ctx;
    double el = seconds_since(&p->t0), rate = el > 0 ? done / el : 0.0;
    double left = rate > 0 ? (total - done) / rate : 0.0;
    fprintf(stderr, "\rrareflow: %d/%d draws, %.2f draws/s, about %.0f s left\033[K", done, total, rate, left);
    fflush(stderr);
    p->shown = 1;
}

/* What a Monte Carlo run leaves besides its output: the run recorded in the
 * results database (unless --no-db; as `run` records itself) with every
 * draw's inputs and watched outputs, and with --report the HTML report of
 * fan and tornado charts.  The document and the text table are made again
 * here, byte for byte what was printed. */
static rf_status mc_record_and_report(const rf_cli_args *a, const char *name, const rf_world *w,
                                      const rf_mc_draws *d, const rf_mc_summary_t *s, const char *started,
                                      rf_err *err)
{
    if (a->no_db && !a->mc_report) return RF_OK;
    char *doc = NULL, *summary = NULL, *text[NREPORT_FILES] = {0};
    size_t len = 0;
    FILE *fp = open_memstream(&doc, &len);
    rf_status st = fp ? rf_json_write_mc(name, d, s, fp, err) : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    if (fp && fclose(fp) != 0 && st == RF_OK) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    if (st == RF_OK && !a->no_db) {
        fp = open_memstream(&summary, &len);
        st = fp ? rf_report_mc(fp, name, d, s, err) : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        if (fp && fclose(fp) != 0 && st == RF_OK) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        if (st == RF_OK) st = record_doc(a, name, w->dir, started, NULL, doc, summary, d, s, err);
    }
    if (st == RF_OK && a->mc_report) {
        if (read_report_assets(mc_report_files, text) != 0)
            st = rf_err_set(err, RF_EIO, NULL, 0, "--report", "the report's web assets are missing");
        const char *const docs[1] = {doc};
        if (st == RF_OK) st = write_report_file(mc_report_files, text, a->mc_report, docs, 1, a->quiet, err);
        for (int i = 0; i < NREPORT_FILES; i++) free(text[i]);
    }
    free(doc);
    free(summary);
    return st;
}

/* Monte Carlo over the scenario's uncertain inputs (rareflow/montecarlo.h):
 * one private world and scenario per thread, loaded here from the same files. */
static int cmd_mc(const rf_cli_args *a)
{
    rf_err err;
    rf_err_clear(&err);
    char started[32];
    utc_now(started);
    /* Under an MPI launcher (rareflow/mc_mpi.h): this rank runs draws
     * [first, last) of N, rank 0 gathers them and prints; otherwise one
     * process runs them all and MPI is never started. */
    rf_mc_mpi mp;
    if (rf_mc_mpi_start(&mp, &err) != RF_OK) return fail(&err);
    int first = 0, last = 0;
    rf_mc_mpi_slice(&mp, a->draws, &first, &last);
    int root = mp.rank == 0;
    int nt = a->threads >= 1 ? a->threads : 1;
    if (nt > last - first) nt = last - first; /* no worker without a draw */
    if (nt < 1) nt = 1;
    rf_mc_worker *wk = calloc((size_t)nt, sizeof *wk);
    rf_mc_draws d;
    rf_mc_summary_t sum;
    memset(&d, 0, sizeof d);
    memset(&sum, 0, sizeof sum);
    rf_status st = wk ? RF_OK : rf_err_set(&err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; st == RF_OK && i < nt; i++) {
        st = load_inputs_warn(a, a->scenario, &wk[i].scenario, &wk[i].world, i == 0 && root, &err);
        if (st == RF_OK && i == 0 && wk[0].scenario->nuncertain == 0)
            st = rf_err_set(&err, RF_EINVAL, a->scenario, 0, "uncertainty",
                            "the scenario has no `uncertainty:` section: nothing to draw (docs/uncertainty.md)");
    }
    progress_line pl = {{0, 0}, 0};
    rf_mc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ndraws = a->draws;
    cfg.seed = (uint64_t)a->seed;
    cfg.sampling = a->sampling_lhs ? RF_MC_LHS : RF_MC_RANDOM;
    cfg.first = first;
    cfg.last = last;
    if (root && !a->quiet && isatty(STDERR_FILENO)) {
        clock_gettime(CLOCK_MONOTONIC, &pl.t0);
        cfg.progress = show_mc_progress;
        cfg.progress_ctx = &pl;
    }
    if (st == RF_OK) st = rf_montecarlo_run(wk, nt, &cfg, &d, &err);
    if (pl.shown) fputs("\r\033[K", stderr);
    int rc = 0;
    if (mp.size > 1) {
        /* Every rank learns whether any failed; the lowest failing rank says why. */
        int reporter = -1;
        int mine = st == RF_OK ? 0 : rf_status_is_input(err.code) ? EXIT_INPUT : EXIT_INTERNAL;
        rc = rf_mc_mpi_agree(&mp, mine, &reporter);
        if (rc && reporter == mp.rank) {
            if (mp.rank > 0) fprintf(stderr, "rareflow: MPI rank %d of %d:\n", mp.rank, mp.size);
            fail(&err);
        }
        if (!rc && rf_mc_mpi_gather(&mp, &d, &err) != RF_OK) {
            fail(&err);
            rf_mc_mpi_abort(&mp, EXIT_INTERNAL);
        }
        if (rc || !root) goto done; /* only rank 0 summarizes and prints */
    }
    if (st == RF_OK) st = rf_montecarlo_summarize(&d, &sum, &err);
    /* Why draws failed, on stderr (the JSON lists which). */
    for (int i = 0; st == RF_OK && !a->quiet && i < sum.nfailed && i < 10; i++) {
        int k = sum.failed[i];
        if (d.fail_status[k] < 0) fprintf(stderr, "rareflow: warning: draw %d failed: its values could not be applied or run\n", k);
        else fprintf(stderr, "rareflow: warning: draw %d failed: %d is %s\n", k, d.fail_year[k],
                     rf_year_status_str((rf_year_status)d.fail_status[k]));
    }
    if (st == RF_OK && !a->quiet && sum.nfailed > 10)
        fprintf(stderr, "rareflow: warning: %d more failed draws not shown\n", sum.nfailed - 10);
    const char *name = st == RF_OK ? wk[0].scenario->name : NULL;
    if (st == RF_OK && a->json) st = rf_json_write_mc(name, &d, &sum, stdout, &err);
    if (st == RF_OK && !a->json) st = rf_report_mc(stdout, name, &d, &sum, &err);
    /* Recorded and reported by rank 0 only, once every draw is in. */
    if (st == RF_OK) st = mc_record_and_report(a, name, wk[0].world, &d, &sum, started, &err);
    rc = st == RF_OK ? 0 : fail(&err);
done:
    rf_mc_summary_free(&sum);
    rf_mc_draws_free(&d);
    for (int i = 0; wk && i < nt; i++) {
        rf_scenario_free(wk[i].scenario);
        rf_world_free(wk[i].world);
    }
    free(wk);
    if (mp.active) fflush(stdout);
    rf_mc_mpi_finish(&mp);
    return rc;
}

static int dispatch(const rf_cli_args *a)
{
    switch (a->cmd) {
    case RF_CMD_HELP: fputs(usage, stdout); return 0;
    case RF_CMD_VERSION: puts("rareflow " RF_VERSION); return 0;
    case RF_CMD_RUN: return cmd_run(a);
    case RF_CMD_BALANCE: return cmd_balance(a);
    case RF_CMD_COMPARE: return cmd_compare(a);
    case RF_CMD_DATA_CHECK: return cmd_data_check(a);
    case RF_CMD_STOCK: return cmd_stock(a);
    case RF_CMD_PROJECT: return cmd_project(a);
    case RF_CMD_TRACE: return cmd_trace(a);
    case RF_CMD_RUNS: return cmd_runs(a);
    case RF_CMD_SHOW: return cmd_show(a);
    case RF_CMD_FINANCE: return cmd_finance(a);
    case RF_CMD_REPORT: return cmd_report(a);
    case RF_CMD_SERVE: return cmd_serve(a);
    case RF_CMD_MC: return cmd_mc(a);
    default: return EXIT_INTERNAL;
    }
}

int main(int argc, char **argv)
{
    rf_cli_args a;
    if (rf_cli_parse(argc, argv, &a) != 0) {
        fprintf(stderr, "rareflow: %s: %s\n%s", a.flag, a.msg, usage);
        return EXIT_INPUT;
    }
    rf_sim_tune_allocator();
    int rc = dispatch(&a);
    /* Whatever went to stdout must have arrived: `run > /dev/full` is a failure,
     * not a success with nothing written. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "rareflow: could not write to standard output\n");
        if (rc == 0) rc = EXIT_INTERNAL;
    }
    return rc;
}
