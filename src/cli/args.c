/*
 * args.c: the command line of rareflow (see cli/args.h).  Each command takes
 * its own options; an option another command takes is "unknown" here, so a
 * typo never silently changes what runs.
 */
#include "cli/args.h"

#include <stdio.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/limits.h"

/* Options a command accepts. */
enum { O_JSON = 1, O_QUIET = 2, O_DATA = 4, O_OUT = 8, O_LP = 16, O_YEAR = 32, O_YEARS = 64 };

static int usage(rf_cli_args *a, const char *flag, const char *msg)
{
    snprintf(a->flag, sizeof a->flag, "%s", flag);
    snprintf(a->msg, sizeof a->msg, "%s", msg);
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
    if (strlen(v) > RF_CLI_MAX_PATH) return usage(a, flag, "is longer than 4000 bytes");
    *slot = v;
    return 0;
}

/* Options of a command from argv[i]; `npos` positional arguments allowed. */
static int parse_opts(int argc, char **argv, int i, unsigned allowed, int npos, rf_cli_args *a)
{
    int pos = 0;
    for (; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0;
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            a->cmd = RF_CMD_HELP;
            return 0;
        }
        if (!strcmp(o, "--json") && (allowed & O_JSON)) a->json = 1;
        else if (!strcmp(o, "--quiet") && (allowed & O_QUIET)) a->quiet = 1;
        else if (!strcmp(o, "--data") && (allowed & O_DATA)) rc = path_value(a, o, v, &a->data), i++;
        else if (!strcmp(o, "--out") && (allowed & O_OUT)) rc = path_value(a, o, v, &a->out), i++;
        else if (!strcmp(o, "--write-lp") && (allowed & O_LP)) rc = path_value(a, o, v, &a->write_lp), i++;
        else if (!strcmp(o, "--year") && (allowed & O_YEAR)) {
            if (!v) return usage(a, o, "needs a value");
            if (parse_years(v, &a->year_first, &a->year_last) || a->year_first != a->year_last)
                return usage(a, o, "expects one year within 2000..2100");
            i++;
        } else if (!strcmp(o, "--years") && (allowed & O_YEARS)) {
            if (!v) return usage(a, o, "needs a value");
            if (parse_years(v, &a->year_first, &a->year_last))
                return usage(a, o, "expects a year or a range A:B with 2000 <= A <= B <= 2100");
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
        return parse_opts(argc, argv, 2, O_JSON | O_QUIET | O_DATA | O_OUT | O_LP | O_YEARS, 1, a);
    }
    if (!strcmp(c, "balance")) {
        a->cmd = RF_CMD_BALANCE;
        return parse_opts(argc, argv, 2, O_JSON | O_DATA | O_YEAR, 1, a);
    }
    if (!strcmp(c, "compare")) {
        a->cmd = RF_CMD_COMPARE;
        int rc = parse_opts(argc, argv, 2, O_JSON | O_DATA | O_YEARS, 2, a);
        if (rc == 0 && a->cmd == RF_CMD_COMPARE && !a->scenario_b)
            return usage(a, "compare", "expects two scenario files");
        return rc;
    }
    if (!strcmp(c, "data")) {
        if (argc < 3 || strcmp(argv[2], "check") != 0) return usage(a, "data", "expects `check`");
        a->cmd = RF_CMD_DATA_CHECK;
        return parse_opts(argc, argv, 3, O_DATA | O_YEAR, 0, a);
    }
    return usage(a, c, "unknown command");
}
