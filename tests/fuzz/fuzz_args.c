/*
 * fuzz_args.c: the command-line parser (src/cli/args.c) on arbitrary argv.
 *
 * The input is split on NUL bytes into the arguments that follow the program
 * name ("run\0--years\0002024:2026" is `rareflow run --years 2024:2026`; n
 * NULs make n + 1 arguments, an empty input none), each in a buffer of its
 * own, exactly as long as it is, so that a read past an argument is an ASan
 * report.  rf_cli_parse must never crash and must return what cli/args.h
 * says: 0 with a command and no message, or 2 with a flag and a message; on
 * success every string it keeps points into argv, the years are an ordered
 * range within RF_YEAR_MIN..RF_YEAR_MAX (one year for balance, data check,
 * project and finance), project has its id, finance its id or --list, a rate
 * and a flat price within their ranges, paths are non-empty and at most
 * RF_CLI_MAX_PATH bytes, the options a command does not take are unset; argv is left as it was; a second parse
 * gives the same result.
 */
#include <math.h>
#include <string.h>

#include "cli/args.h"
#include "fuzz.h"
#include "rareflow/limits.h"

/* The most arguments a command line gets here: far more than any command
 * takes, few enough to keep each run fast. */
#define MAX_ARGS 64

/* s is NULL or one of argv[0..argc). */
static int in_argv(const char *s, int argc, char **argv)
{
    if (!s) return 1;
    for (int i = 0; i < argc; i++)
        if (s == argv[i]) return 1;
    return 0;
}

static void check_path(const char *what, const char *p)
{
    if (!p) return;
    size_t n = strlen(p);
    RF_FUZZ_CHECK(n >= 1 && n <= RF_CLI_MAX_PATH, "%s of %zu bytes accepted", what, n);
}

static void check_ok(const rf_cli_args *a, int argc, char **argv)
{
    RF_FUZZ_CHECK(a->flag[0] == '\0' && a->msg[0] == '\0', "success with a message: %s: %s",
                  a->flag, a->msg);
    RF_FUZZ_CHECK(a->cmd > RF_CMD_NONE && a->cmd <= RF_CMD_MC, "success with command %d",
                  (int)a->cmd);
    RF_FUZZ_CHECK(in_argv(a->scenario, argc, argv) && in_argv(a->scenario_b, argc, argv) &&
                      in_argv(a->data, argc, argv) && in_argv(a->out, argc, argv) &&
                      in_argv(a->write_lp, argc, argv) && in_argv(a->project, argc, argv),
                  "a string that does not point into argv");
    RF_FUZZ_CHECK((a->year_first == 0) == (a->year_last == 0), "years %d:%d", a->year_first,
                  a->year_last);
    if (a->year_first)
        RF_FUZZ_CHECK(a->year_first >= RF_YEAR_MIN && a->year_first <= a->year_last &&
                          a->year_last <= RF_YEAR_MAX,
                      "years %d:%d accepted", a->year_first, a->year_last);
    RF_FUZZ_CHECK(a->json == 0 || a->json == 1, "json %d", a->json);
    RF_FUZZ_CHECK(a->quiet == 0 || a->quiet == 1, "quiet %d", a->quiet);
    check_path("--data", a->data);
    check_path("--out", a->out);
    check_path("--write-lp", a->write_lp);
    if (a->scenario) RF_FUZZ_CHECK(a->scenario[0] != '\0', "an empty scenario path");
    if (a->scenario_b) RF_FUZZ_CHECK(a->scenario_b[0] != '\0', "an empty scenario path");
    /* Each command keeps only what it takes (--help stops at any point, so it
     * may keep what came before it). */
    switch (a->cmd) {
    case RF_CMD_RUN:
        RF_FUZZ_CHECK(!a->scenario_b, "run with a second scenario");
        break;
    case RF_CMD_BALANCE:
        RF_FUZZ_CHECK(!a->scenario_b && !a->out && !a->write_lp && !a->quiet,
                      "balance with an option of run");
        RF_FUZZ_CHECK(a->year_first == a->year_last, "balance over %d:%d", a->year_first,
                      a->year_last);
        break;
    case RF_CMD_COMPARE:
        RF_FUZZ_CHECK(a->scenario && a->scenario_b, "compare without two scenarios");
        RF_FUZZ_CHECK(!a->out && !a->write_lp && !a->quiet, "compare with an option of run");
        break;
    case RF_CMD_DATA_CHECK:
        RF_FUZZ_CHECK(!a->scenario && !a->scenario_b && !a->out && !a->write_lp && !a->json &&
                          !a->quiet,
                      "data check with an option of run");
        RF_FUZZ_CHECK(a->year_first == a->year_last, "data check over %d:%d", a->year_first,
                      a->year_last);
        break;
    case RF_CMD_PROJECT:
        RF_FUZZ_CHECK(a->project && a->project[0] != '\0', "project without an id");
        RF_FUZZ_CHECK(!a->scenario_b && !a->out && !a->write_lp && !a->quiet,
                      "project with an option of run");
        RF_FUZZ_CHECK(a->year_first == a->year_last, "project over %d:%d", a->year_first,
                      a->year_last);
        break;
    case RF_CMD_FINANCE:
        /* A project id or --list, never both; the options of run never; a rate and a
         * flat price within their ranges. */
        RF_FUZZ_CHECK(a->list ? !a->project && !a->scenario : a->project && a->project[0] != '\0',
                      "finance with %s", a->list ? "--list and a project or scenario" : "no project id");
        RF_FUZZ_CHECK(!a->scenario_b && !a->out && !a->write_lp && !a->quiet, "finance with an option of run");
        RF_FUZZ_CHECK(a->year_first == a->year_last, "finance over %d:%d", a->year_first, a->year_last);
        RF_FUZZ_CHECK(!a->has_rate || (a->rate >= RF_CLI_RATE_MIN && a->rate <= RF_CLI_RATE_MAX), "rate %g", a->rate);
        RF_FUZZ_CHECK((unsigned)a->prices <= RF_CLI_PRICES_FLAT, "price path %d", (int)a->prices);
        RF_FUZZ_CHECK(a->flat_usd_per_kg >= 0.0 && a->flat_usd_per_kg <= RF_MAX_PRICE_USD_PER_KG,
                      "flat price %g", a->flat_usd_per_kg);
        break;
    case RF_CMD_STOCK: {
        /* An inflow series of 1..RF_MAX_STOCK_YEARS finite numbers, a known
         * distribution, and no parameter it does not take. */
        const rf_stock_lifetime *lt = &a->lifetime;
        RF_FUZZ_CHECK(!a->scenario && !a->data && !a->out && !a->write_lp && !a->quiet && !a->year_first,
                      "stock with an option of run");
        RF_FUZZ_CHECK(a->ninflow >= 1 && a->ninflow <= RF_MAX_STOCK_YEARS, "stock with %d years", a->ninflow);
        for (int t = 0; t < a->ninflow; t++) RF_FUZZ_CHECK(isfinite(a->inflow[t]), "inflow %d not finite", t);
        RF_FUZZ_CHECK((unsigned)lt->dist < RF_STOCK_DIST_COUNT, "lifetime %d", (int)lt->dist);
        RF_FUZZ_CHECK(isfinite(lt->mean_yr) && isfinite(lt->sd_yr) && isfinite(lt->shape) && isfinite(lt->scale_yr),
                      "a parameter that is not finite");
        if (lt->dist == RF_STOCK_WEIBULL)
            RF_FUZZ_CHECK(lt->mean_yr == 0 && lt->sd_yr == 0, "a Weibull with a mean or sd");
        else
            RF_FUZZ_CHECK(lt->shape == 0 && lt->scale_yr == 0 && (lt->dist != RF_STOCK_FIXED || lt->sd_yr == 0),
                          "a %s lifetime with a parameter it does not take", rf_stock_dist_name(lt->dist));
        break;
    }
    case RF_CMD_REPORT:
        /* One run or scenario and one --vs at most, paths within bounds; no option of run's output. */
        RF_FUZZ_CHECK(!a->scenario_b && !a->out && !a->write_lp && !a->json, "report with an option of run");
        check_path("--vs", a->vs);
        check_path("-o", a->output);
        break;
    case RF_CMD_SERVE:
        /* A host within argv, a port and a thread count within their ranges, no
         * scenario and no option of run. */
        RF_FUZZ_CHECK(!a->scenario && !a->scenario_b && !a->out && !a->write_lp && !a->quiet && !a->json &&
                          !a->year_first,
                      "serve with an option of run");
        RF_FUZZ_CHECK(in_argv(a->host, argc, argv) && (!a->host || a->host[0] != '\0'), "serve's host");
        RF_FUZZ_CHECK(a->port >= 0 && a->port <= 65535, "port %d", a->port);
        RF_FUZZ_CHECK(a->threads >= 1 && a->threads <= RF_CLI_MAX_THREADS, "threads %d", a->threads);
        break;
    case RF_CMD_MC:
        /* A scenario, draws and threads within their ranges, a seed below 2^63, no option of serve's
         * but --threads, nothing of run's output (--db and --no-db are mc's too, since issue 13). */
        RF_FUZZ_CHECK(a->scenario && !a->scenario_b && !a->out && !a->write_lp, "mc with an option of run");
        check_path("--db", a->db);
        RF_FUZZ_CHECK(!a->host && !a->port, "mc with --host or --port");
        RF_FUZZ_CHECK(a->draws >= 1 && a->draws <= RF_CLI_MAX_DRAWS, "draws %d", a->draws);
        RF_FUZZ_CHECK(a->threads >= 1 && a->threads <= RF_CLI_MAX_THREADS, "threads %d", a->threads);
        RF_FUZZ_CHECK(a->seed <= 9223372036854775807ull, "seed %llu", a->seed);
        RF_FUZZ_CHECK(a->sampling_lhs == 0 || a->sampling_lhs == 1, "sampling %d", a->sampling_lhs);
        break;
    default: break;
    }
    if (a->cmd != RF_CMD_SERVE && a->cmd != RF_CMD_MC && a->cmd != RF_CMD_HELP)
        RF_FUZZ_CHECK(!a->host && !a->port && !a->threads, "an option of serve kept by another command");
    if (a->cmd != RF_CMD_MC && a->cmd != RF_CMD_HELP)
        RF_FUZZ_CHECK(!a->draws && !a->seed && !a->sampling_lhs, "an option of mc kept by another command");
    if (a->cmd != RF_CMD_STOCK && a->cmd != RF_CMD_HELP)
        RF_FUZZ_CHECK(a->ninflow == 0, "an inflow kept by a command that takes none");
    if (a->cmd != RF_CMD_RUN && a->cmd != RF_CMD_HELP)
        RF_FUZZ_CHECK(!a->lp_primal, "--lp-primal kept by a command other than run");
    if (a->cmd != RF_CMD_PROJECT && a->cmd != RF_CMD_FINANCE)
        RF_FUZZ_CHECK(!a->project, "a project id kept by another command");
    if (a->cmd != RF_CMD_FINANCE && a->cmd != RF_CMD_HELP)
        RF_FUZZ_CHECK(!a->list && !a->has_rate && a->prices == RF_CLI_PRICES_RUN && a->flat_usd_per_kg == 0.0,
                      "an option of finance kept by another command");
}

static void check_usage(const rf_cli_args *a)
{
    RF_FUZZ_CHECK(memchr(a->flag, '\0', sizeof a->flag) && memchr(a->msg, '\0', sizeof a->msg),
                  "unterminated flag or message");
    RF_FUZZ_CHECK(a->msg[0] != '\0', "a usage error without a message (flag `%s`)", a->flag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char program[] = "rareflow";
    char *argv[MAX_ARGS + 2], *given[MAX_ARGS + 2], *copy[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = program;
    for (size_t from = 0; size > 0 && from <= size && argc <= MAX_ARGS;) {
        const uint8_t *nul = memchr(data + from, '\0', size - from);
        size_t n = nul ? (size_t)(nul - (data + from)) : size - from;
        argv[argc] = malloc(n + 1);
        copy[argc] = malloc(n + 1);
        RF_FUZZ_CHECK(argv[argc] && copy[argc], "out of memory");
        memcpy(argv[argc], data + from, n);
        argv[argc][n] = '\0';
        memcpy(copy[argc], argv[argc], n + 1);
        argc++;
        from += n + 1;
    }
    argv[argc] = NULL;
    for (int i = 0; i < argc; i++) given[i] = argv[i];

    rf_cli_args a, b;
    int rc = rf_cli_parse(argc, argv, &a);
    RF_FUZZ_CHECK(rc == 0 || rc == 2, "rf_cli_parse returned %d", rc);
    if (rc == 0) check_ok(&a, argc, argv);
    else check_usage(&a);
    for (int i = 1; i < argc; i++)
        RF_FUZZ_CHECK(argv[i] == given[i] && strcmp(argv[i], copy[i]) == 0, "argv[%d] was changed", i);
    RF_FUZZ_CHECK(argv[0] == program && argv[argc] == NULL, "argv[0] or argv[argc] was changed");
    RF_FUZZ_CHECK(rf_cli_parse(argc, argv, &b) == rc && memcmp(&a, &b, sizeof a) == 0,
                  "a second parse of the same command line differs");
    for (int i = 1; i < argc; i++) {
        free(argv[i]);
        free(copy[i]);
    }
    return 0;
}
