/*
 * fuzz_dataset.c: the dataset loader on a whole dataset made of the input.
 *
 * The input is the seventeen tables of a dataset folder one after the other,
 * each ended by a line that holds only `%%` (the format of the seeds that
 * tests/fuzz/make_seeds.sh builds from tests/data/ and data/):
 *
 *     regions.csv %% elements.csv %% baskets.csv %% products.csv %% recipes.csv
 *     %% facilities.csv %% demand.csv %% trade.csv %% prices.csv %% projects.csv
 *     %% candidates.csv %% demand_growth.csv %% price_paths.csv %% finance.csv
 *     %% lifetimes.csv %% substitution.csv %% parameters.csv %% switching.csv
 *     %% inventories.csv %% trade_2024.csv %% magnets_in_goods.csv %% governance.csv
 *     %% substitution_index.csv
 *
 * A table past the last piece is absent (so eight pieces leave out the
 * optional prices.csv, fewer make a required table missing), and so is an
 * optional table (prices.csv and the tables of the years) whose piece is
 * empty; whatever follows the last separator stays in the last table.  An in-memory
 * rf_table_reader serves the pieces to rf_dataset_load_with, each in a
 * buffer of exactly its length, so that a read past a table's end is an
 * ASan report.  What it covers: the CSV reader (quotes, CRLF, BOM, UTF-8 and
 * NUL checks, limits), every table's columns, numbers, ranges, references
 * and cross-table rules, and the world it builds (fuzz_util.h checks it).
 * A world that loads and is small enough is then cleared for 2024 with the
 * baseline scenario, so that what the loader lets through also meets the LP.
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz_util.h"
#include "rareflow/io.h"
#include "rareflow/market.h"

#define NTABLES 23
#define FIRST_OPTIONAL 8 /* prices.csv and the tables of the years */

static const char *const tables[NTABLES] = {
    "regions.csv",  "elements.csv",   "baskets.csv",       "products.csv",    "recipes.csv",
    "facilities.csv", "demand.csv",   "trade.csv",         "prices.csv",      "projects.csv",
    "candidates.csv", "demand_growth.csv", "price_paths.csv", "finance.csv",  "lifetimes.csv",
    "substitution.csv", "parameters.csv", "switching.csv", "inventories.csv", "trade_2024.csv",
    "magnets_in_goods.csv", "governance.csv", "substitution_index.csv"};

/* The input cut into tables: piece[i] = data[start[i] .. start[i] + len[i]). */
typedef struct pieces {
    const uint8_t *data;
    size_t start[NTABLES], len[NTABLES];
    int n;
} pieces;

/* Cut at every line that is exactly "%%" (at the start of the input or after
 * a '\n', and followed by '\n' or the end); the separator is in no piece. */
static void split(const uint8_t *data, size_t size, pieces *p)
{
    memset(p, 0, sizeof *p);
    p->data = data;
    size_t from = 0;
    for (size_t i = 0; i + 2 <= size && p->n < NTABLES - 1; i++) {
        if ((i > 0 && data[i - 1] != '\n') || data[i] != '%' || data[i + 1] != '%') continue;
        if (i + 2 < size && data[i + 2] != '\n') continue;
        p->start[p->n] = from;
        p->len[p->n++] = i - from;
        from = i + 3 < size ? i + 3 : size;
        i = from - 1;
    }
    if (size > 0 || p->n > 0) {
        p->start[p->n] = from;
        p->len[p->n++] = size - from;
    }
}

static rf_status read_piece(void *ctx, const char *path, char **text, size_t *len, int *absent,
                            rf_err *err)
{
    pieces *p = ctx;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    int t = 0;
    while (t < NTABLES && strcmp(tables[t], name) != 0) t++;
    RF_FUZZ_CHECK(t < NTABLES, "the loader asked for `%s`, which is no table", path);
    if (t >= p->n || (t >= FIRST_OPTIONAL && p->len[t] == 0)) {
        *absent = 1;
        return rf_err_set(err, RF_ENOENT, path, 0, NULL, "no such table in the input");
    }
    /* Exactly len bytes (malloc(0) may be NULL: one byte then, still unread). */
    *text = malloc(p->len[t] ? p->len[t] : 1);
    if (!*text) return rf_err_set(err, RF_ENOMEM, path, 0, NULL, "out of memory");
    memcpy(*text, p->data + p->start[t], p->len[t]);
    *len = p->len[t];
    return RF_OK;
}

/* Clear 2024 on the world with the built-in baseline's overrides (none). */
static void solve_baseline(const rf_world *w)
{
    double arcs = (double)w->nregions * (double)w->nregions * (double)w->nproducts;
    if (arcs > 20000 || w->nfacilities > 200 || w->ndemand > 500) return;
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = rf_scenario_new_baseline(&err);
    RF_FUZZ_CHECK(sc != NULL, "rf_scenario_new_baseline: %s", err.msg);
    rf_results *res = rf_results_new(w, sc->name, 1, &err);
    RF_FUZZ_CHECK(res != NULL, "rf_results_new: %s", err.msg);
    rf_market *m = rf_market_new(w, &err);
    rf_fuzz_check_status("rf_market_new", m ? RF_OK : err.code, &err);
    rf_year_input in;
    memset(&in, 0, sizeof in);
    rf_status st = m ? rf_year_input_init(&in, w, sc, 2024, &err) : RF_ENOMEM;
    if (m) rf_fuzz_check_status("rf_year_input_init", st, &err);
    if (st == RF_OK) {
        st = rf_market_solve(m, &in, &res->years[0], NULL, &err);
        rf_fuzz_check_status("rf_market_solve", st, &err);
        if (st == RF_OK) rf_fuzz_check_year(w, &res->years[0], 2024);
        rf_year_input_close(&in);
    }
    rf_market_free(m);
    rf_results_free(res);
    rf_scenario_free(sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pieces p;
    split(data, size, &p);
    rf_world *w = NULL;
    rf_err err;
    rf_err_clear(&err);
    rf_status st = rf_dataset_load_with("fuzz", read_piece, &p, &w, &err);
    rf_fuzz_check_status("rf_dataset_load_with", st, &err);
    if (st != RF_OK) {
        RF_FUZZ_CHECK(w == NULL, "rf_dataset_load_with failed (%s) but returned a world", err.msg);
        return 0;
    }
    RF_FUZZ_CHECK(w != NULL, "rf_dataset_load_with returned RF_OK and no world");
    rf_fuzz_check_world(w);
    solve_baseline(w);
    rf_world_free(w);
    return 0;
}
