/*
 * cli/args.h: the command line of `rareflow`, parsed into plain data
 * (internal to the CLI).  The parser never prints and never exits, so that
 * main only wires and a fuzzer can drive it (tests/fuzz/fuzz_args.c).
 */
#ifndef RF_CLI_ARGS_H
#define RF_CLI_ARGS_H

#include "rareflow/stock.h"

typedef enum rf_cli_cmd {
    RF_CMD_NONE = 0,
    RF_CMD_RUN,
    RF_CMD_BALANCE,
    RF_CMD_COMPARE,
    RF_CMD_DATA_CHECK,
    RF_CMD_STOCK,
    RF_CMD_PROJECT,
    RF_CMD_TRACE,
    RF_CMD_RUNS,
    RF_CMD_SHOW,
    RF_CMD_FINANCE,
    RF_CMD_REPORT,
    RF_CMD_HELP,
    RF_CMD_VERSION,
    RF_CMD_SERVE,      /* appended: the values above stay as they were */
    RF_CMD_MC          /* appended after serve */
} rf_cli_cmd;

/* The longest --out folder or --write-lp prefix accepted, in bytes: a prefix
 * is never truncated into a different file name. */
#define RF_CLI_MAX_PATH 4000

/* finance --price-path (mapped to rareflow/sim.h's rf_price_path by main). */
typedef enum rf_cli_prices { RF_CLI_PRICES_RUN = 0, RF_CLI_PRICES_REFERENCE, RF_CLI_PRICES_FLAT } rf_cli_prices;

/* finance --rate: a fraction; beyond these it is surely a percentage or a typo
 * (8 for 8%), and the -25 bp sensitivity stays above -100%. */
#define RF_CLI_RATE_MIN (-0.99)
#define RF_CLI_RATE_MAX 1.0

/* serve --threads: at most this many (rareflow/server.h's RF_SERVER_MAX_THREADS). */
#define RF_CLI_MAX_THREADS 64

/* mc --draws: at most this many (rareflow/montecarlo.h's RF_MC_MAX_DRAWS). */
#define RF_CLI_MAX_DRAWS 1000000

typedef struct rf_cli_args {
    rf_cli_cmd cmd;
    const char *scenario;      /* run, balance, project: the scenario file, or NULL (baseline);
                                  compare: scenario A */
    const char *project;       /* project, finance: the project's id (a facility id of
                                  projects.csv or candidates.csv) */
    const char *scenario_b;    /* compare: scenario B */
    const char *data;          /* --data DIR, or NULL */
    const char *out;           /* run --out DIR, or NULL */
    const char *write_lp;      /* run --write-lp PREFIX, or NULL */
    int year_first, year_last; /* --years A:B or --year Y; 0 when not given (project: the
                                  decision year, not the scenario's years) */
    int json, quiet;
    int periods;               /* run --periods N (1, 2, 4, 12), over the scenario's; 0 when not given */
    int lp_primal;             /* run --lp-primal: every LP by primal simplex (docs/model.md) */
    const char *db;            /* run, runs, show, serve, mc: --db PATH, or NULL (the default database) */
    int no_db;                 /* run, serve, mc --no-db: record nothing */
    long long run_id;          /* show RUN */
    const char *vs;            /* report --vs RUN|SCENARIO, or NULL */
    const char *output;        /* report -o FILE, or NULL (report.html) */
    const char *mc_report;     /* mc --report FILE.html, or NULL */
    const char *region;        /* trace --region R */
    const char *product;       /* trace --product P */
    const char *focus;         /* trace --focus R (the region whose touch is traced; CN when NULL) */
    /* finance: --list; --rate R (has_rate 1); --price-path run|reference|flat:USD */
    int list;
    int has_rate;
    double rate;               /* a fraction per year, RF_CLI_RATE_MIN..RF_CLI_RATE_MAX */
    rf_cli_prices prices;
    double flat_usd_per_kg;    /* --price-path flat:USD, 0..RF_MAX_PRICE_USD_PER_KG */
    /* stock: the distribution of --lifetime with --mean, --sd, --shape, --scale
     * (the parameters it does not take are 0), and the --inflow series. */
    rf_stock_lifetime lifetime;
    double inflow[RF_MAX_STOCK_YEARS]; /* [ninflow] */
    int ninflow;
    /* serve: --host H (NULL: 127.0.0.1), --port P (0..65535, 8080 when not given; 0 any
     * free port), --threads N (1..RF_CLI_MAX_THREADS, 2 when not given) */
    const char *host;
    int port;
    int threads;               /* serve, mc --threads (mc: 1 when not given) */
    /* mc: --draws N (1..RF_CLI_MAX_DRAWS, required), --seed S (0..2^63-1, 0 when not
     * given), --sampling random|lhs (sampling_lhs 1 for lhs) */
    int draws;
    unsigned long long seed;
    int sampling_lhs;
    /* A usage error: the argument it is about and what is wrong with it. */
    char flag[64];
    char msg[160];
} rf_cli_args;

/*
 * Parse argv[0..argc) (argv[0] is the program) into *a, which is zeroed
 * first; the strings in *a point into argv.  Returns 0 when the command line
 * is valid (a->cmd says what to do; RF_CMD_HELP also when a command was given
 * --help), 2 on a usage error with a->flag and a->msg set.
 */
int rf_cli_parse(int argc, char **argv, rf_cli_args *a);

#endif
