/*
 * db_out.c: the results database (docs/results.md): every run recorded in
 * SQLite, its tables queryable by run and year.
 *
 * A run is written whole at its end, in one short transaction (WAL mode, a
 * busy timeout so that two processes writing at once both land): a run
 * killed at any moment leaves no half-written run.  The tables are those of
 * the run's JSON document, one per array of rows a year has (prices,
 * production, trade, shares, ...), each row keyed by run and year, its
 * columns the rows' keys (a key new to a table adds a column).  The `runs`
 * row keeps the scenario's text, the dataset's fingerprint, the version, the
 * JSON document and the text summary, so that `rareflow show` prints a stored
 * run exactly as `run` printed it.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "core/strutil.h"
#include "output/json_dump.h"
#include "rareflow/output.h"

/* The busy timeout: how long a writer waits for another's transaction, ms. */
#define BUSY_MS 30000

static rf_status db_err(sqlite3 *db, const char *path, const char *what, rf_err *err)
{
    return rf_err_set(err, RF_EIO, path, 0, NULL, "%s: %s", what, db ? sqlite3_errmsg(db) : "cannot open");
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static rf_status open_db(const char *path, sqlite3 **out, rf_err *err)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rf_status st = db_err(db, path, "cannot open the results database", err);
        sqlite3_close(db);
        return st;
    }
    sqlite3_busy_timeout(db, BUSY_MS);
    if (exec(db, "PRAGMA journal_mode=WAL") ||
        exec(db, "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started TEXT, finished TEXT, "
                 "scenario TEXT, scenario_text TEXT, dataset TEXT, version TEXT, status TEXT, "
                 "document TEXT, summary TEXT)")) {
        rf_status st = db_err(db, path, "cannot set up the results database", err);
        sqlite3_close(db);
        return st;
    }
    *out = db;
    return RF_OK;
}

/* A table or column name from a JSON key: letters, digits and _ only. */
static int safe_name(const char *s)
{
    if (!s || !*s || strlen(s) > 64) return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')) return 0;
    return 1;
}

/* What one recording has learnt of the schema, so that each table is set up
 * once and each row only binds values: the columns of each table it has seen
 * (a JSON object: table -> {column: true}) and the INSERT statement last
 * prepared for each table with the row keys it binds, kept while the rows
 * have the same keys. */
#define MAX_CACHED 64
typedef struct writer {
    sqlite3 *db;
    json_t *known;
    struct {
        char *name;
        sqlite3_stmt *st;
        char **keys; /* in the statement's order */
        int nkeys;
    } ins[MAX_CACHED];
    int nins;
} writer;

static void free_keys(char **keys, int n)
{
    for (int k = 0; keys && k < n; k++) free(keys[k]);
    free(keys);
}

static void writer_close(writer *w)
{
    for (int i = 0; i < w->nins; i++) {
        sqlite3_finalize(w->ins[i].st);
        free(w->ins[i].name);
        free_keys(w->ins[i].keys, w->ins[i].nkeys);
    }
    w->nins = 0;
    json_decref(w->known);
    w->known = NULL;
}

/* The table `name` with columns run_id, year and each key of `row` (added if new). */
static int ensure_table(writer *w, const char *name, json_t *row)
{
    sqlite3 *db = w->db;
    char sql[512];
    json_t *cols = json_object_get(w->known, name);
    if (!cols) {
        snprintf(sql, sizeof sql,
                 "CREATE TABLE IF NOT EXISTS \"%s\" (run_id INTEGER NOT NULL REFERENCES runs(id), year INTEGER)", name);
        if (exec(db, sql)) return -1;
        snprintf(sql, sizeof sql, "CREATE INDEX IF NOT EXISTS \"%s_run_year\" ON \"%s\" (run_id, year)", name, name);
        if (exec(db, sql)) return -1;
        /* The columns it has (a double-quoted name that is no column would read
         * as a string in SQLite, so ask the schema). */
        cols = json_object();
        sqlite3_stmt *q = NULL;
        if (!cols || json_object_set_new(w->known, name, cols) != 0 ||
            sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?)", -1, &q, NULL) != SQLITE_OK)
            return -1;
        sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(q) == SQLITE_ROW) {
            const char *c = (const char *)sqlite3_column_text(q, 0);
            if (c) json_object_set_new(cols, c, json_true());
        }
        sqlite3_finalize(q);
    }
    const char *key;
    json_t *v;
    json_object_foreach(row, key, v) {
        if (!safe_name(key) || json_is_array(v) || json_is_object(v)) continue;
        if (json_object_get(cols, key)) continue;
        snprintf(sql, sizeof sql, "ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s", name, key,
                 json_is_string(v) ? "TEXT" : json_is_integer(v) ? "INTEGER" : "REAL");
        if (exec(db, sql)) return -1;
        json_object_set_new(cols, key, json_true());
    }
    return 0;
}

/* The cache slot of table `name`, or -1. */
static int slot_of(const writer *w, const char *name)
{
    for (int i = 0; i < w->nins; i++)
        if (!strcmp(w->ins[i].name, name)) return i;
    return -1;
}

/* Whether `row` has exactly the keys slot k's statement binds, in its order
 * (arrays and objects aside: they are not columns).  The rows of one table
 * almost always do, and building each row's INSERT text with snprintf, and
 * checking its table's columns, was most of what recording a run cost. */
static int same_keys(const writer *w, int k, json_t *row)
{
    int n = 0;
    const char *key;
    json_t *v;
    json_object_foreach(row, key, v) {
        if (json_is_array(v) || json_is_object(v)) continue;
        if (n >= w->ins[k].nkeys || strcmp(key, w->ins[k].keys[n]) != 0) return 0;
        n++;
    }
    return n == w->ins[k].nkeys;
}

/* An INSERT into table `name` of run_id, year and the row's keys, kept in
 * slot *k (the table's: its last statement replaced; or a new one).  With
 * the cache full it is not kept: *owned, and the caller finalizes it.  NULL
 * on failure. */
static sqlite3_stmt *prepare_insert(writer *w, const char *name, json_t *row, int *k, int *owned)
{
    char sql[4096], vals[1024];
    int n = snprintf(sql, sizeof sql, "INSERT INTO \"%s\" (run_id, year", name);
    int m = snprintf(vals, sizeof vals, "?, ?");
    char **keys = calloc(json_object_size(row) + 1, sizeof *keys);
    int nkeys = 0;
    if (!keys) return NULL;
    const char *key;
    json_t *v;
    json_object_foreach(row, key, v) {
        if (!safe_name(key) || json_is_array(v) || json_is_object(v)) continue;
        n += snprintf(sql + n, sizeof sql - (size_t)n, ", \"%s\"", key);
        m += snprintf(vals + m, sizeof vals - (size_t)m, ", ?");
        if (n >= (int)sizeof sql - 80 || m >= (int)sizeof vals - 8 || !(keys[nkeys++] = rf__strdup(key))) {
            free_keys(keys, nkeys);
            return NULL;
        }
    }
    snprintf(sql + n, sizeof sql - (size_t)n, ") VALUES (%s)", vals);
    sqlite3_stmt *st = NULL;
    char *nm = *k < 0 && w->nins < MAX_CACHED ? rf__strdup(name) : NULL;
    if (sqlite3_prepare_v2(w->db, sql, -1, &st, NULL) != SQLITE_OK) {
        free_keys(keys, nkeys);
        free(nm);
        return NULL;
    }
    *owned = *k < 0 && !nm;
    if (*owned) {
        free_keys(keys, nkeys);
        return st;
    }
    if (*k < 0) {
        *k = w->nins++;
        w->ins[*k].name = nm;
    } else {
        sqlite3_finalize(w->ins[*k].st);
        free_keys(w->ins[*k].keys, w->ins[*k].nkeys);
    }
    w->ins[*k].st = st;
    w->ins[*k].keys = keys;
    w->ins[*k].nkeys = nkeys;
    return st;
}

/* Bind run, year and the row's values (its keys in the statement's order) and step. */
static int bind_and_step(sqlite3_stmt *st, long long run, long long year, json_t *row)
{
    int i = 1;
    sqlite3_bind_int64(st, i++, run);
    sqlite3_bind_int64(st, i++, year);
    const char *key;
    json_t *v;
    json_object_foreach(row, key, v) {
        if (json_is_array(v) || json_is_object(v) || !safe_name(key)) continue;
        if (json_is_string(v)) sqlite3_bind_text(st, i++, json_string_value(v), -1, SQLITE_TRANSIENT);
        else if (json_is_integer(v)) sqlite3_bind_int64(st, i++, (sqlite3_int64)json_integer_value(v));
        else if (json_is_real(v)) sqlite3_bind_double(st, i++, json_real_value(v));
        else if (json_is_boolean(v)) sqlite3_bind_int(st, i++, json_is_true(v));
        else sqlite3_bind_null(st, i++);
    }
    return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

/* A row into table `name`, whose cache slot is *k (-1 while it has none):
 * with the kept statement when the row has its keys, else with a new one
 * after the table has the row's columns. */
static int insert_row(writer *w, const char *name, long long run, long long year, json_t *row, int *k)
{
    int owned = 0;
    sqlite3_stmt *st = *k >= 0 && same_keys(w, *k, row) ? w->ins[*k].st : NULL;
    if (!st && (ensure_table(w, name, row) || !(st = prepare_insert(w, name, row, k, &owned)))) return -1;
    int rc = bind_and_step(st, run, year, row); /* binds every parameter: no clearing needed */
    if (owned) sqlite3_finalize(st);
    else sqlite3_reset(st);
    return rc;
}

/* Every array of row objects of one year into its table. */
static int write_year(writer *w, long long run, json_t *year)
{
    long long y = json_integer_value(json_object_get(year, "year"));
    const char *key;
    json_t *v;
    json_object_foreach(year, key, v) {
        if (!json_is_array(v) || json_array_size(v) == 0 || !safe_name(key) || !strcmp(key, "runs")) continue;
        size_t i;
        json_t *row;
        int k = slot_of(w, key);
        json_array_foreach(v, i, row) {
            if (!json_is_object(row)) break; /* an array of names (policies_active): not a table */
            if (insert_row(w, key, run, y, row, &k)) return -1;
        }
    }
    return 0;
}

/* The `runs` row of a run being recorded (inside the caller's transaction);
 * its id in *run, or -1 on failure. */
static int insert_run(sqlite3 *db, const rf_run_meta *meta, const char *document, const char *summary, long long *run)
{
    sqlite3_stmt *ins = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "INSERT INTO runs (started, finished, scenario, scenario_text, dataset, version, "
                                "status, document, summary) VALUES (?, datetime('now'), ?, ?, ?, ?, ?, ?, ?)",
                                -1, &ins, NULL) != SQLITE_OK;
    if (!rc) {
        sqlite3_bind_text(ins, 1, meta->started, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, meta->scenario, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, meta->scenario_text ? meta->scenario_text : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 4, meta->dataset, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 5, meta->version, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 6, meta->status, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 7, document, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 8, summary ? summary : "", -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(ins) != SQLITE_DONE;
    }
    sqlite3_finalize(ins);
    *run = rc ? -1 : sqlite3_last_insert_rowid(db);
    return rc ? -1 : 0;
}

/* The tables are written from the results year by year: each year's JSON is
 * built, written and released, not parsed back from `document`. */
rf_status rf_db_record_results(const char *path, const rf_run_meta *meta, const rf_results *res, const char *document,
                               const char *summary, long long *run_id, rf_err *err)
{
    if (!res) return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_db_record_results: no results");
    sqlite3 *db = NULL;
    rf_status st = open_db(path, &db, err);
    if (st != RF_OK) return st;
    /* One transaction: the run lands whole or not at all. */
    int rc = exec(db, "BEGIN IMMEDIATE");
    long long run = -1;
    if (!rc) rc = insert_run(db, meta, document, summary, &run);
    writer w = {db, json_object(), {{0}}, 0};
    if (!w.known) rc = -1;
    for (int i = 0; !rc && i < res->nyears; i++) {
        json_t *y = rf__json_year(res->world, &res->years[i]);
        rc = y ? write_year(&w, run, y) : -1;
        json_decref(y);
    }
    writer_close(&w);
    if (!rc) rc = exec(db, "COMMIT");
    if (rc) {
        st = db_err(db, path, "cannot record the run", err);
        exec(db, "ROLLBACK");
    } else if (run_id) {
        *run_id = run;
    }
    sqlite3_close(db);
    return st;
}

/* ---------- a Monte Carlo run ---------- */

static const char mc_schema[] =
    "CREATE TABLE IF NOT EXISTS mc_inputs (run_id INTEGER NOT NULL REFERENCES runs(id), draw INTEGER, "
    "input TEXT, value REAL);"
    "CREATE INDEX IF NOT EXISTS mc_inputs_run_input ON mc_inputs (run_id, input, draw);"
    "CREATE TABLE IF NOT EXISTS mc_outputs (run_id INTEGER NOT NULL REFERENCES runs(id), draw INTEGER, "
    "metric TEXT, year INTEGER, region TEXT, product TEXT, sector TEXT, stage TEXT, value REAL);"
    "CREATE INDEX IF NOT EXISTS mc_outputs_run_metric_year ON mc_outputs (run_id, metric, year);"
    "CREATE TABLE IF NOT EXISTS mc_percentiles (run_id INTEGER NOT NULL REFERENCES runs(id), year INTEGER, "
    "metric TEXT, region TEXT, product TEXT, sector TEXT, stage TEXT, p5 REAL, p25 REAL, p50 REAL, p75 REAL, "
    "p95 REAL, mean REAL);"
    "CREATE INDEX IF NOT EXISTS mc_percentiles_run_metric_year ON mc_percentiles (run_id, metric, year);"
    "CREATE TABLE IF NOT EXISTS mc_sensitivity (run_id INTEGER NOT NULL REFERENCES runs(id), metric TEXT, "
    "region TEXT, product TEXT, sector TEXT, stage TEXT, year INTEGER, input TEXT, rho REAL);"
    "CREATE INDEX IF NOT EXISTS mc_sensitivity_run_metric_year ON mc_sensitivity (run_id, metric, year);";

static void bind_num(sqlite3_stmt *st, int i, double v)
{
    if (isfinite(v)) sqlite3_bind_double(st, i, v);
    else sqlite3_bind_null(st, i);
}

static int step_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* Bind JSON value v (a string, number or null) at i. */
static void bind_json(sqlite3_stmt *st, int i, json_t *v)
{
    if (json_is_string(v)) sqlite3_bind_text(st, i, json_string_value(v), -1, SQLITE_TRANSIENT);
    else if (json_is_integer(v)) sqlite3_bind_int64(st, i, (sqlite3_int64)json_integer_value(v));
    else if (json_is_real(v)) sqlite3_bind_double(st, i, json_real_value(v));
    else sqlite3_bind_null(st, i);
}

/* The rows of the document's array `key` into `table`, the columns `cols`
 * (keys of each row) after run_id. */
static int write_doc_rows(sqlite3 *db, long long run, json_t *doc, const char *key, const char *table,
                          const char *const *cols, int ncols)
{
    char sql[512], vals[128];
    int n = snprintf(sql, sizeof sql, "INSERT INTO %s (run_id", table), m = snprintf(vals, sizeof vals, "?");
    for (int c = 0; c < ncols; c++) {
        n += snprintf(sql + n, sizeof sql - (size_t)n, ", %s", cols[c]);
        m += snprintf(vals + m, sizeof vals - (size_t)m, ", ?");
    }
    snprintf(sql + n, sizeof sql - (size_t)n, ") VALUES (%s)", vals);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    int rc = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(doc, key), i, row) {
        sqlite3_bind_int64(st, 1, run);
        for (int c = 0; c < ncols; c++) bind_json(st, c + 2, json_object_get(row, cols[c]));
        if ((rc = step_reset(st)) != 0) break;
    }
    sqlite3_finalize(st);
    return rc;
}

rf_status rf_db_record_mc(const char *path, const rf_run_meta *meta, const char *document, const char *summary,
                          const rf_mc_draws *d, const rf_mc_summary_t *s, long long *run_id, rf_err *err)
{
    if (d->offset != 0 || d->nrows != d->ndraws)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_db_record_mc needs every draw's row: these hold [%d, %d) of %d",
                          d->offset, d->offset + d->nrows, d->ndraws);
    json_error_t jerr;
    json_t *doc = json_loads(document, 0, &jerr);
    if (!doc) return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL, "the mc JSON document does not parse: %s", jerr.text);
    sqlite3 *db = NULL;
    rf_status st = open_db(path, &db, err);
    if (st != RF_OK) {
        json_decref(doc);
        return st;
    }
    int rc = exec(db, "BEGIN IMMEDIATE") || exec(db, mc_schema);
    long long run = -1;
    if (!rc) rc = insert_run(db, meta, document, summary, &run);
    sqlite3_stmt *qi = NULL, *qo = NULL;
    if (!rc)
        rc = sqlite3_prepare_v2(db, "INSERT INTO mc_inputs (run_id, draw, input, value) VALUES (?, ?, ?, ?)", -1, &qi,
                                NULL) != SQLITE_OK ||
             sqlite3_prepare_v2(db,
                                "INSERT INTO mc_outputs (run_id, draw, metric, year, region, product, sector, stage, "
                                "value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                -1, &qo, NULL) != SQLITE_OK;
    /* Every draw's inputs, and its value of each metric the summary has (a
     * metric no draw produced has no rows); NULL where the draw failed or
     * lacks the value. */
    for (int k = 0; !rc && k < d->ndraws; k++) {
        for (int j = 0; !rc && j < d->ninputs; j++) {
            sqlite3_bind_int64(qi, 1, run);
            sqlite3_bind_int(qi, 2, k);
            sqlite3_bind_text(qi, 3, d->inputs[j], -1, SQLITE_STATIC);
            bind_num(qi, 4, d->values[(size_t)k * (size_t)d->ninputs + (size_t)j]);
            rc = step_reset(qi);
        }
        for (int r = 0; !rc && r < s->npct; r++) {
            int mi = s->pct[r].metric;
            const rf_mc_metric *m = &d->metrics[mi];
            sqlite3_bind_int64(qo, 1, run);
            sqlite3_bind_int(qo, 2, k);
            sqlite3_bind_text(qo, 3, rf_mc_metric_name(m->kind), -1, SQLITE_STATIC);
            sqlite3_bind_int(qo, 4, m->year);
            sqlite3_bind_text(qo, 5, m->region, -1, SQLITE_STATIC);
            sqlite3_bind_text(qo, 6, m->product, -1, SQLITE_STATIC);
            sqlite3_bind_text(qo, 7, m->sector, -1, SQLITE_STATIC);
            sqlite3_bind_text(qo, 8, m->stage, -1, SQLITE_STATIC);
            bind_num(qo, 9, d->failed[k] ? NAN : d->outputs[(size_t)k * (size_t)d->nmetrics + (size_t)mi]);
            rc = step_reset(qo);
        }
    }
    sqlite3_finalize(qi);
    sqlite3_finalize(qo);
    static const char *const pcols[] = {"year", "metric", "region", "product", "sector", "stage",
                                        "p5", "p25", "p50", "p75", "p95", "mean"};
    static const char *const scols[] = {"metric", "region", "product", "sector", "stage", "year", "input", "rho"};
    if (!rc) rc = write_doc_rows(db, run, doc, "percentiles", "mc_percentiles", pcols, 12);
    if (!rc) rc = write_doc_rows(db, run, doc, "sensitivity", "mc_sensitivity", scols, 8);
    if (!rc) rc = exec(db, "COMMIT");
    if (rc) {
        st = db_err(db, path, "cannot record the Monte Carlo run", err);
        exec(db, "ROLLBACK");
    } else if (run_id) {
        *run_id = run;
    }
    sqlite3_close(db);
    json_decref(doc);
    return st;
}

rf_status rf_db_list(const char *path, int json, FILE *fp, rf_err *err)
{
    sqlite3 *db = NULL;
    rf_status st = open_db(path, &db, err);
    if (st != RF_OK) return st;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT id, finished, scenario, status FROM runs ORDER BY id", -1, &q, NULL) != SQLITE_OK) {
        st = db_err(db, path, "cannot read the runs", err);
        sqlite3_close(db);
        return st;
    }
    json_t *a = json ? json_array() : NULL;
    if (!json) fprintf(fp, "%-6s %-20s %-10s %s\n", "id", "finished (UTC)", "status", "scenario");
    while (sqlite3_step(q) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(q, 0);
        const char *fin = (const char *)sqlite3_column_text(q, 1), *sc = (const char *)sqlite3_column_text(q, 2);
        const char *status = (const char *)sqlite3_column_text(q, 3);
        if (json) {
            json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "finished", fin ? fin : "",
                                  "scenario", sc ? sc : "", "status", status ? status : "");
            if (o) json_array_append_new(a, o);
        } else {
            fprintf(fp, "%-6lld %-20s %-10s %s\n", id, fin ? fin : "", status ? status : "", sc ? sc : "");
        }
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (json) {
        json_t *root = json_pack("{s:o}", "runs", a ? a : json_array());
        if (!root || json_dumpf(root, fp, JSON_INDENT(1)) != 0) st = rf_err_set(err, RF_EIO, NULL, 0, NULL, "cannot write");
        fputc('\n', fp);
        json_decref(root);
    }
    return st;
}

rf_status rf_db_show(const char *path, long long id, int json, FILE *fp, rf_err *err)
{
    sqlite3 *db = NULL;
    rf_status st = open_db(path, &db, err);
    if (st != RF_OK) return st;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT document, summary FROM runs WHERE id = ?", -1, &q, NULL) != SQLITE_OK) {
        st = db_err(db, path, "cannot read the runs", err);
        sqlite3_close(db);
        return st;
    }
    sqlite3_bind_int64(q, 1, id);
    if (sqlite3_step(q) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(q, json ? 0 : 1);
        fputs(text ? text : "", fp);
    } else {
        st = rf_err_set(err, RF_EINVAL, path, 0, "RUN", "no run %lld in the database", id);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return st;
}
