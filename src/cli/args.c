/*
 * args.c: the command line of rareflow (see cli/args.h).  Each command takes
 * its own options; an option another command takes is "unknown" here, so a
 * typo never silently changes what runs.
 */
#include "cli/args.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/limits.h"

/* Options a command accepts. */
enum { O_JSON = 1, O_QUIET = 2, O_DATA = 4, O_OUT = 8, O_LP = 16, O_YEAR = 32, O_YEARS = 64,
       O_PERIODS = 8192, O_TRACE = 16384, O_FOCUS = 32768 };
/* ... and those of `finance`. */
enum { O_RATE = 65536, O_PRICES = 131072, O_LIST = 262144 };
/* ... and those of the results database. */
enum { O_DB = 524288 };
/* ... and those of `report`. */
enum { O_VS = 1048576, O_OUTPUT = 2097152 };
/* ... and those of `serve` (--host, --port, --threads; a bit well clear of the
 * others, so that options another command adds meanwhile do not collide). */
enum { O_SERVE = 1 << 22 };
/* ... and those of `mc` (--threads also serve's). */
enum { O_DRAWS = 1 << 23, O_SEED = 1 << 24, O_SAMPLING = 1 << 25, O_THREADS = 1 << 26 };
/* mc --report FILE.html */
enum { O_MCREPORT = 1 << 27 };
/* run --lp-primal */
enum { O_PRIMAL = 1 << 28 };
/* ... and those of `stock`. */
enum { O_INFLOW = 128, O_LIFETIME = 256, O_MEAN = 512, O_SD = 1024, O_SHAPE = 2048, O_SCALE = 4096 };
#define O_STOCK (O_INFLOW | O_LIFETIME | O_MEAN | O_SD | O_SHAPE | O_SCALE)

static int usage(rf_cli_args *a, const char *flag, const char *msg)
{
    snprintf(a->flag, sizeof a->flag, "%s", flag);
    snprintf(a->msg, sizeof a->msg, "%s", msg);
    return 2;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int usagef(rf_cli_args *a, const char *flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    snprintf(a->flag, sizeof a->flag, "%s", flag);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    return 2;
}

/* "Y" or "A:B" with RF_YEAR_MIN <= A <= B <= RF_YEAR_MAX. */
static int parse_years(const char *s, int *first, int *last)
{
    char a[16];
    const char *colon = strchr(s, ':');
    if (!colon) {
        if (rf__parse_int(s, first)) return -1;
        *last = *first;
    } else {
        size_t n = (size_t)(colon - s);
        if (n >= sizeof a) return -1;
        memcpy(a, s, n);
        a[n] = '\0';
        if (rf__parse_int(a, first) || rf__parse_int(colon + 1, last)) return -1;
    }
    return *first < RF_YEAR_MIN || *last > RF_YEAR_MAX || *last < *first ? -1 : 0;
}

/* A path-valued option: non-empty and short enough to be used as given. */
static int path_value(rf_cli_args *a, const char *flag, const char *v, const char **slot)
{
    if (!v || !v[0]) return usage(a, flag, "needs a value");
    if (strlen(v) > RF_CLI_MAX_PATH) return usagef(a, flag, "is longer than %d bytes", RF_CLI_MAX_PATH);
    *slot = v;
    return 0;
}

/* ---------- stock ---------- */

/* The option bit of a valued option of `stock`, or 0. */
static unsigned stock_flag(const char *o)
{
    static const struct { const char *name; unsigned bit; } flags[] = {
        {"--inflow", O_INFLOW}, {"--lifetime", O_LIFETIME}, {"--mean", O_MEAN},
        {"--sd", O_SD},         {"--shape", O_SHAPE},       {"--scale", O_SCALE}};
    for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
        if (!strcmp(o, flags[k].name)) return flags[k].bit;
    return 0;
}

/* "1,2.5,3": up to RF_MAX_STOCK_YEARS numbers separated by commas, each read
 * strictly (an empty item, "1e", "nan" are errors, not zeros). */
static int parse_inflow(rf_cli_args *a, const char *flag, const char *v)
{
    char item[128];
    int n = 0;
    for (const char *p = v;; n++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (n == RF_MAX_STOCK_YEARS)
            return usagef(a, flag, "has more than %d years (RF_MAX_STOCK_YEARS)", RF_MAX_STOCK_YEARS);
        if (len >= sizeof item) return usagef(a, flag, "has an item longer than %zu bytes", sizeof item - 1);
        memcpy(item, p, len);
        item[len] = '\0';
        if (rf__parse_double(item, &a->inflow[n]))
            return usagef(a, flag, "item %d is not a number: expects numbers separated by commas, "
                                   "e.g. 1,2.5,3", n + 1);
        if (!comma) break;
        p = comma + 1;
    }
    a->ninflow = n + 1;
    return 0;
}

/* The value of a valued option of `stock` (bit from stock_flag). */
static int stock_value(rf_cli_args *a, unsigned bit, const char *o, const char *v)
{
    double x = 0.0;
    if (bit == O_INFLOW) return parse_inflow(a, o, v);
    if (bit == O_LIFETIME)
        return rf_stock_dist_parse(v, &a->lifetime.dist, NULL) == RF_OK
                   ? 0
                   : usage(a, o, "expects fixed, normal, lognormal, weibull or foldednormal");
    if (rf__parse_double(v, &x)) return usage(a, o, "expects a number");
    /* Field by field: the struct's padding stays as memset left it, so two
     * parses of one command line compare equal byte for byte. */
    if (bit == O_MEAN) a->lifetime.mean_yr = x;
    else if (bit == O_SD) a->lifetime.sd_yr = x;
    else if (bit == O_SHAPE) a->lifetime.shape = x;
    else a->lifetime.scale_yr = x;
    return 0;
}

/* After the options of `stock`: an inflow, a distribution, and exactly the
 * parameters it takes (a parameter it ignores is a mistake worth a word). */
static int check_stock(rf_cli_args *a, unsigned seen)
{
    static const struct { const char *name; unsigned bit; } params[] = {
        {"--mean", O_MEAN}, {"--sd", O_SD}, {"--shape", O_SHAPE}, {"--scale", O_SCALE}};
    if (!(seen & O_INFLOW)) return usage(a, "--inflow", "is required: the inflow of each year, e.g. 1,2,3");
    if (!(seen & O_LIFETIME))
        return usage(a, "--lifetime", "is required: fixed, normal, lognormal, weibull or foldednormal");
    rf_stock_dist d = a->lifetime.dist;
    unsigned want = d == RF_STOCK_WEIBULL ? O_SHAPE | O_SCALE : d == RF_STOCK_FIXED ? O_MEAN : O_MEAN | O_SD;
    for (size_t k = 0; k < sizeof params / sizeof params[0]; k++) {
        if ((want & params[k].bit) && !(seen & params[k].bit))
            return usagef(a, params[k].name, "is required by a %s lifetime", rf_stock_dist_name(d));
        if (!(want & params[k].bit) && (seen & params[k].bit))
            return usagef(a, params[k].name, "is not a parameter of a %s lifetime", rf_stock_dist_name(d));
    }
    return 0;
}

/* ---------- finance ---------- */

/* --price-path run | reference | flat:USD. */
static int parse_prices(rf_cli_args *a, const char *flag, const char *v)
{
    if (!v) return usage(a, flag, "needs a value: run, reference or flat:USD");
    if (!strcmp(v, "run")) a->prices = RF_CLI_PRICES_RUN;
    else if (!strcmp(v, "reference")) a->prices = RF_CLI_PRICES_REFERENCE;
    else if (!strncmp(v, "flat:", 5)) {
        if (rf__parse_double(v + 5, &a->flat_usd_per_kg) || !(a->flat_usd_per_kg >= 0.0) ||
            a->flat_usd_per_kg > RF_MAX_PRICE_USD_PER_KG)
            return usagef(a, flag, "flat: expects an NdPr price in USD/kg within 0..%g, e.g. flat:110",
                          RF_MAX_PRICE_USD_PER_KG);
        a->prices = RF_CLI_PRICES_FLAT;
    } else {
        return usage(a, flag, "expects run, reference or flat:USD (e.g. flat:110)");
    }
    return 0;
}

/* --rate R: a fraction per year. */
static int parse_rate(rf_cli_args *a, const char *flag, const char *v)
{
    if (!v) return usage(a, flag, "needs a value");
    if (rf__parse_double(v, &a->rate) || !(a->rate >= RF_CLI_RATE_MIN && a->rate <= RF_CLI_RATE_MAX))
        return usagef(a, flag, "expects a discount rate as a fraction within %g..%g, e.g. 0.08 for 8%% a year",
                      RF_CLI_RATE_MIN, RF_CLI_RATE_MAX);
    a->has_rate = 1;
    return 0;
}

/* ---------- mc ---------- */

/* A decimal integer within 0..2^63-1 (digits only). */
static int parse_seed(const char *v, unsigned long long *out)
{
    unsigned long long x = 0;
    if (!v[0] || strlen(v) > 19) return -1;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        x = x * 10u + (unsigned long long)(*p - '0');
    }
    if (x > 9223372036854775807ull) return -1;
    *out = x;
    return 0;
}

/* ---------- every command ---------- */

/* Options of a command from argv[i]; `npos` positional arguments allowed.
 * *seen (may be NULL) gets the bits of the options that were given. */
static int parse_opts(int argc, char **argv, int i, unsigned allowed, int npos, rf_cli_args *a,
                      unsigned *seen)
{
    int pos = 0;
    unsigned bit = 0;
    for (; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0;
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            a->cmd = RF_CMD_HELP;
            return 0;
        }
        if (!strcmp(o, "--json") && (allowed & O_JSON)) a->json = 1;
        else if (!strcmp(o, "--quiet") && (allowed & O_QUIET)) a->quiet = 1;
        else if (!strcmp(o, "--lp-primal") && (allowed & O_PRIMAL)) a->lp_primal = 1;
        else if (!strcmp(o, "--data") && (allowed & O_DATA)) rc = path_value(a, o, v, &a->data), i++;
        else if (!strcmp(o, "--out") && (allowed & O_OUT)) rc = path_value(a, o, v, &a->out), i++;
        else if (!strcmp(o, "--write-lp") && (allowed & O_LP)) rc = path_value(a, o, v, &a->write_lp), i++;
        else if (!strcmp(o, "--year") && (allowed & O_YEAR)) {
            if (!v) return usage(a, o, "needs a value");
            if (parse_years(v, &a->year_first, &a->year_last) || a->year_first != a->year_last)
                return usagef(a, o, "expects one year within %d..%d", RF_YEAR_MIN, RF_YEAR_MAX);
            i++;
        } else if (!strcmp(o, "--years") && (allowed & O_YEARS)) {
            if (!v) return usage(a, o, "needs a value");
            if (parse_years(v, &a->year_first, &a->year_last))
                return usagef(a, o, "expects a year or a range A:B with %d <= A <= B <= %d", RF_YEAR_MIN,
                              RF_YEAR_MAX);
            i++;
        } else if (!strcmp(o, "--periods") && (allowed & O_PERIODS)) {
            /* The scenario key's rule (limits.h), so both say the same. */
            if (!v) return usage(a, o, "needs a value");
            if (rf__parse_int(v, &a->periods) || !RF_PERIODS_VALID(a->periods))
                return usage(a, o, "expects the periods of a year: 1 (annual), 2, 4 (quarters) or 12 (months)");
            i++;
        } else if (((allowed & O_TRACE) && (!strcmp(o, "--region") || !strcmp(o, "--product"))) ||
                   ((allowed & (O_TRACE | O_FOCUS)) && !strcmp(o, "--focus"))) {
            /* An id; whether the dataset has it is the command's to say. */
            if (!v || !v[0]) return usage(a, o, "needs a value");
            if (strlen(v) > RF_MAX_ID_BYTES) return usagef(a, o, "is longer than %d bytes", RF_MAX_ID_BYTES);
            if (o[2] == 'r') a->region = v;
            else if (o[2] == 'p') a->product = v;
            else a->focus = v;
            i++;
        } else if (!strcmp(o, "--db") && (allowed & O_DB)) {
            rc = path_value(a, o, v, &a->db), i++;
        } else if (!strcmp(o, "--no-db") && (allowed & O_DB)) {
            a->no_db = 1;
        } else if (!strcmp(o, "--vs") && (allowed & O_VS)) {
            rc = path_value(a, o, v, &a->vs), i++;
        } else if ((!strcmp(o, "-o") || !strcmp(o, "--output")) && (allowed & O_OUTPUT)) {
            rc = path_value(a, o, v, &a->output), i++;
        } else if (!strcmp(o, "--host") && (allowed & O_SERVE)) {
            if (!v || !v[0]) return usage(a, o, "needs a value");
            if (strlen(v) > 255) return usage(a, o, "is longer than 255 bytes");
            a->host = v;
            i++;
        } else if (!strcmp(o, "--port") && (allowed & O_SERVE)) {
            if (!v || rf__parse_int(v, &a->port) || a->port < 0 || a->port > 65535)
                return usage(a, o, "expects a port within 0..65535 (0: any free port)");
            i++;
        } else if (!strcmp(o, "--draws") && (allowed & O_DRAWS)) {
            if (!v || rf__parse_int(v, &a->draws) || a->draws < 1 || a->draws > RF_CLI_MAX_DRAWS)
                return usagef(a, o, "expects a number of draws within 1..%d", RF_CLI_MAX_DRAWS);
            if (seen) *seen |= O_DRAWS;
            i++;
        } else if (!strcmp(o, "--seed") && (allowed & O_SEED)) {
            if (!v || parse_seed(v, &a->seed)) return usage(a, o, "expects a seed: an integer within 0..2^63-1");
            i++;
        } else if (!strcmp(o, "--report") && (allowed & O_MCREPORT)) {
            rc = path_value(a, o, v, &a->mc_report), i++;
        } else if (!strcmp(o, "--sampling") && (allowed & O_SAMPLING)) {
            if (v && !strcmp(v, "random")) a->sampling_lhs = 0;
            else if (v && !strcmp(v, "lhs")) a->sampling_lhs = 1;
            else return usage(a, o, "expects random or lhs");
            i++;
        } else if (!strcmp(o, "--threads") && (allowed & O_THREADS)) {
            if (!v || rf__parse_int(v, &a->threads) || a->threads < 1 || a->threads > RF_CLI_MAX_THREADS)
                return usagef(a, o, "expects a number of threads within 1..%d", RF_CLI_MAX_THREADS);
            i++;
        } else if (!strcmp(o, "--rate") && (allowed & O_RATE)) {
            rc = parse_rate(a, o, v), i++;
        } else if (!strcmp(o, "--price-path") && (allowed & O_PRICES)) {
            rc = parse_prices(a, o, v), i++;
        } else if (!strcmp(o, "--list") && (allowed & O_LIST)) {
            a->list = 1;
        } else if ((allowed & O_STOCK) && (bit = stock_flag(o)) != 0) {
            if (!v) return usage(a, o, "needs a value");
            rc = stock_value(a, bit, o, v);
            if (seen) *seen |= bit;
            i++;
        } else if (o[0] == '-' && o[1]) {
            return usage(a, o, "unknown option");
        } else if (pos < npos && o[0]) {
            if (pos == 0) a->scenario = o;
            else a->scenario_b = o;
            pos++;
        } else {
            return usage(a, o, o[0] ? "unexpected argument" : "an empty argument");
        }
        if (rc) return rc;
    }
    return 0;
}

int rf_cli_parse(int argc, char **argv, rf_cli_args *a)
{
    memset(a, 0, sizeof *a);
    if (argc < 2 || !argv || !argv[1]) return usage(a, "rareflow", "expects a command");
    const char *c = argv[1];
    if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
        a->cmd = RF_CMD_HELP;
        return 0;
    }
    if (!strcmp(c, "--version")) {
        a->cmd = RF_CMD_VERSION;
        return 0;
    }
    if (!strcmp(c, "run")) {
        a->cmd = RF_CMD_RUN;
        return parse_opts(argc, argv, 2,
                          O_JSON | O_QUIET | O_DATA | O_OUT | O_LP | O_YEARS | O_PERIODS | O_FOCUS | O_DB | O_PRIMAL, 1,
                          a, NULL);
    }
    if (!strcmp(c, "balance")) {
        a->cmd = RF_CMD_BALANCE;
        return parse_opts(argc, argv, 2, O_JSON | O_DATA | O_YEAR, 1, a, NULL);
    }
    if (!strcmp(c, "compare")) {
        a->cmd = RF_CMD_COMPARE;
        int rc = parse_opts(argc, argv, 2, O_JSON | O_DATA | O_YEARS, 2, a, NULL);
        if (rc == 0 && a->cmd == RF_CMD_COMPARE && !a->scenario_b)
            return usage(a, "compare", "expects two scenario files");
        return rc;
    }
    if (!strcmp(c, "data")) {
        if (argc < 3 || strcmp(argv[2], "check") != 0) return usage(a, "data", "expects `check`");
        a->cmd = RF_CMD_DATA_CHECK;
        return parse_opts(argc, argv, 3, O_DATA | O_YEAR, 0, a, NULL);
    }
    if (!strcmp(c, "runs")) {
        a->cmd = RF_CMD_RUNS;
        int rc = parse_opts(argc, argv, 2, O_JSON | O_DB, 0, a, NULL);
        if (rc == 0 && a->no_db) return usage(a, "--no-db", "is an option of run");
        return rc;
    }
    if (!strcmp(c, "show")) {
        a->cmd = RF_CMD_SHOW;
        int rc = parse_opts(argc, argv, 2, O_JSON | O_DB, 1, a, NULL);
        if (rc != 0 || a->cmd != RF_CMD_SHOW) return rc;
        if (a->no_db) return usage(a, "--no-db", "is an option of run");
        int id = 0;
        if (!a->scenario || rf__parse_int(a->scenario, &id) || id < 1)
            return usage(a, "show", "expects a run id (a positive integer, as `rareflow runs` lists them)");
        a->run_id = id;
        a->scenario = NULL;
        return 0;
    }
    if (!strcmp(c, "report")) {
        /* RUN (a recorded run's id) or SCENARIO.yaml: which one is main's to
         * tell, as a file may be named 12. */
        a->cmd = RF_CMD_REPORT;
        int rc = parse_opts(argc, argv, 2, O_DATA | O_YEARS | O_DB | O_VS | O_OUTPUT | O_QUIET, 1, a, NULL);
        if (rc == 0 && a->no_db) return usage(a, "--no-db", "is an option of run");
        return rc;
    }
    if (!strcmp(c, "trace")) {
        a->cmd = RF_CMD_TRACE;
        int rc = parse_opts(argc, argv, 2, O_JSON | O_DATA | O_YEAR | O_TRACE, 1, a, NULL);
        if (rc != 0 || a->cmd != RF_CMD_TRACE) return rc;
        if (!a->region) return usage(a, "--region", "is required: the consuming region, e.g. US");
        if (!a->product) return usage(a, "--product", "is required: a product it consumes, e.g. magnet:NdFeB");
        return 0;
    }
    if (!strcmp(c, "project")) {
        /* ID first, then the scenario: parsed as the two positionals of compare. */
        a->cmd = RF_CMD_PROJECT;
        int rc = parse_opts(argc, argv, 2, O_JSON | O_DATA | O_YEAR, 2, a, NULL);
        if (rc != 0 || a->cmd != RF_CMD_PROJECT) return rc;
        a->project = a->scenario;
        a->scenario = a->scenario_b;
        a->scenario_b = NULL;
        if (!a->project) return usage(a, "project", "expects a project id, e.g. us-brook-sep");
        return 0;
    }
    if (!strcmp(c, "finance")) {
        /* As project: ID first, then the scenario; --list takes neither. */
        a->cmd = RF_CMD_FINANCE;
        int rc = parse_opts(argc, argv, 2, O_JSON | O_DATA | O_YEAR | O_RATE | O_PRICES | O_LIST, 2, a, NULL);
        if (rc != 0 || a->cmd != RF_CMD_FINANCE) return rc;
        a->project = a->scenario;
        a->scenario = a->scenario_b;
        a->scenario_b = NULL;
        if (a->list && a->project)
            return usage(a, "--list", "lists the projects of the dataset: give no project or scenario with it");
        if (!a->list && !a->project)
            return usage(a, "finance", "expects a project id (e.g. us-brook-sep) or --list");
        return 0;
    }
    if (!strcmp(c, "serve")) {
        a->cmd = RF_CMD_SERVE;
        a->port = 8080;
        a->threads = 2;
        /* --no-db wins over --db, as for run. */
        return parse_opts(argc, argv, 2, O_DATA | O_DB | O_SERVE | O_THREADS, 0, a, NULL);
    }
    if (!strcmp(c, "mc")) {
        unsigned seen = 0;
        a->cmd = RF_CMD_MC;
        a->threads = 1;
        int rc = parse_opts(argc, argv, 2, O_JSON | O_QUIET | O_DATA | O_YEARS | O_DRAWS | O_SEED | O_SAMPLING | O_THREADS |
                                                O_DB | O_MCREPORT,
                            1, a, &seen);
        if (rc != 0 || a->cmd != RF_CMD_MC) return rc;
        if (!a->scenario) return usage(a, "mc", "expects a scenario file with an `uncertainty:` section");
        if (!(seen & O_DRAWS)) return usage(a, "--draws", "is required: the number of draws, e.g. --draws 1000");
        return 0;
    }
    if (!strcmp(c, "stock")) {
        unsigned seen = 0;
        a->cmd = RF_CMD_STOCK;
        int rc = parse_opts(argc, argv, 2, O_JSON | O_STOCK, 0, a, &seen);
        if (rc == 0 && a->cmd == RF_CMD_STOCK) rc = check_stock(a, seen);
        return rc;
    }
    return usage(a, c, "unknown command");
}
