/*
 * api.c: the JSON API of `rareflow serve` (server/api.h, docs/dashboard.md).
 *
 * POST /api/run loads the scenario it is sent (YAML, or JSON: detected by
 * parsing, whatever the content type), checks it against the server's world,
 * runs it in the calling thread with a sim of its own, and answers the
 * document `run --json` prints, recorded in the results database as `run`
 * records it.  The last RF_SERVER_CACHE documents are kept, keyed by the
 * exact text of the body, so that a scenario sent again (the dashboard's
 * baseline) is answered at once.
 */
#include "server/api.h"

#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/strutil.h"
#include "rareflow/io.h"
#include "rareflow/output.h"
#include "rareflow/policy.h"
#include "rareflow/report.h"
#include "rareflow/sim.h"

/* The name a scenario sent over HTTP goes by in messages ("request:3: years: ...")
 * and, without a `name` key, its name. */
#define REQUEST_NAME "request"

typedef struct cache_entry {
    char *key;          /* the body, [keylen] */
    size_t keylen;
    char *doc;          /* the document, [doclen] */
    size_t doclen;
    long long run_id;
    unsigned long used; /* when last used (the clock below): the smallest goes first */
} cache_entry;

struct rf_api {
    const rf_server_config *cfg;
    char fingerprint[1024];     /* of the world's dataset, for the database */
    pthread_mutex_t lock;       /* guards the cache */
    cache_entry cache[RF_SERVER_CACHE];
    unsigned long clock;
};

/* ---------- answers ---------- */

void rf_api_answer_close(rf_api_answer *out)
{
    free(out->body);
    out->body = NULL;
    out->len = 0;
}

/* A JSON value dumped as the body of an answer (the value is released). */
static void answer_json(rf_api_answer *out, unsigned status, json_t *v)
{
    char *text = v ? json_dumps(v, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(v);
    size_t n = text ? strlen(text) : 0;
    char *body = text ? realloc(text, n + 2) : NULL;
    if (!body) {
        free(text);
        out->status = 500;
        out->body = NULL;
        out->len = 0;
        return;
    }
    body[n] = '\n';
    body[n + 1] = '\0';
    out->status = status;
    out->body = body;
    out->len = n + 1;
}

void rf_api_error(rf_api_answer *out, unsigned status, const char *msg)
{
    answer_json(out, status, json_pack("{s:s}", "error", msg ? msg : "error"));
}

/* An error of the library: 400 when the input caused it, else 500; with its
 * line and field when it has them. */
static void answer_err(rf_api_answer *out, const rf_err *err)
{
    char buf[RF_ERR_FILE_MAX + RF_ERR_FIELD_MAX + RF_ERR_MSG_MAX + 64];
    rf_err_format(err, buf, sizeof buf);
    json_t *o = json_pack("{s:s}", "error", buf);
    if (o && err->line > 0) json_object_set_new(o, "line", json_integer(err->line));
    if (o && err->field[0]) json_object_set_new(o, "field", json_string(err->field));
    answer_json(out, rf_status_is_input(err->code) ? 400 : 500, o);
}

/* A text the library wrote to a stream, as an answer. */
typedef rf_status (*stream_writer)(void *ctx, FILE *fp, rf_err *err);

static rf_status to_text(stream_writer write, void *ctx, char **text, size_t *len, rf_err *err)
{
    *text = NULL;
    *len = 0;
    FILE *fp = open_memstream(text, len);
    if (!fp) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    rf_status st = write(ctx, fp, err);
    if (fclose(fp) != 0 && st == RF_OK) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    if (st != RF_OK) {
        free(*text);
        *text = NULL;
        *len = 0;
    }
    return st;
}

static rf_status write_document(void *ctx, FILE *fp, rf_err *err)
{
    return rf_json_write_results(ctx, fp, err);
}

static rf_status write_summary(void *ctx, FILE *fp, rf_err *err)
{
    const rf_results *res = ctx;
    return rf_report_summary(fp, res, res->world->dir, err);
}

/* ---------- the API ---------- */

rf_status rf_api_new(const rf_server_config *cfg, rf_api **out, rf_err *err)
{
    rf_api *api = calloc(1, sizeof *api);
    if (!api) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    api->cfg = cfg;
    if (pthread_mutex_init(&api->lock, NULL) != 0) {
        free(api);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "cannot make a mutex");
    }
    rf_status st = RF_OK;
    if (cfg->db) st = rf_dataset_fingerprint(cfg->world->dir, api->fingerprint, sizeof api->fingerprint, err);
    if (st != RF_OK) {
        rf_api_free(api);
        return st;
    }
    *out = api;
    return RF_OK;
}

void rf_api_free(rf_api *api)
{
    if (!api) return;
    for (int i = 0; i < RF_SERVER_CACHE; i++) {
        free(api->cache[i].key);
        free(api->cache[i].doc);
    }
    pthread_mutex_destroy(&api->lock);
    free(api);
}

/* ---------- the cache ---------- */

static void *memdup(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);
    if (q && n) memcpy(q, p, n);
    return q;
}

/* A copy of the document kept for this body, into *out; 0 when there is none. */
static int cache_get(rf_api *api, const char *body, size_t len, rf_api_answer *out)
{
    int found = 0;
    pthread_mutex_lock(&api->lock);
    for (int i = 0; i < RF_SERVER_CACHE && !found; i++) {
        cache_entry *e = &api->cache[i];
        if (!e->key || e->keylen != len || memcmp(e->key, body, len) != 0) continue;
        char *doc = memdup(e->doc, e->doclen);
        if (!doc) break; /* out of memory: run it again */
        e->used = ++api->clock;
        out->status = 200;
        out->body = doc;
        out->len = e->doclen;
        out->run_id = e->run_id;
        out->cached = 1;
        found = 1;
    }
    pthread_mutex_unlock(&api->lock);
    return found;
}

/* Keep a copy of the document for this body, in place of the least recently used. */
static void cache_put(rf_api *api, const char *body, size_t len, const char *doc, size_t doclen, long long run_id)
{
    char *k = memdup(body, len), *d = memdup(doc, doclen);
    if (!k || !d) {
        free(k);
        free(d);
        return;
    }
    pthread_mutex_lock(&api->lock);
    cache_entry *victim = &api->cache[0];
    for (int i = 0; i < RF_SERVER_CACHE; i++) {
        cache_entry *e = &api->cache[i];
        if (e->key && e->keylen == len && memcmp(e->key, body, len) == 0) {
            victim = e; /* another request ran the same body meanwhile */
            break;
        }
        if (!e->key) {
            if (victim->key) victim = e;
        } else if (victim->key && e->used < victim->used) {
            victim = e;
        }
    }
    free(victim->key);
    free(victim->doc);
    *victim = (cache_entry){k, len, d, doclen, run_id, ++api->clock};
    pthread_mutex_unlock(&api->lock);
}

/* ---------- POST /api/run ---------- */

/* The scenario of a body: blank = the baseline; `{` = JSON, checked with
 * jansson (its line and column on error), then read by the scenario parser
 * (YAML reads JSON); anything else YAML.  0 when *sc is set, else the answer
 * is filled. */
static int load_scenario(const char *body, size_t len, rf_scenario **sc, rf_api_answer *out)
{
    rf_err err;
    rf_err_clear(&err);
    size_t i = 0;
    while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) i++;
    if (i == len) {
        if ((*sc = rf_scenario_new_baseline(&err)) != NULL) return 0;
        answer_err(out, &err);
        return -1;
    }
    rf_status st;
    if (body[i] == '{') {
        json_error_t je;
        json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
        if (!j) {
            char msg[sizeof je.text + 32];
            snprintf(msg, sizeof msg, "malformed JSON: %s", je.text);
            answer_json(out, 400, json_pack("{s:s, s:i, s:i}", "error", msg, "line", je.line, "column", je.column));
            return -1;
        }
        st = rf_scenario_parse(REQUEST_NAME, body, len, sc, &err);
        if (st == RF_EPARSE) {
            /* Valid JSON the YAML reader cannot take as it is written (a tab
             * where YAML wants spaces, say): read it again as jansson writes it. */
            char *again = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            rf_err err2;
            rf_err_clear(&err2);
            if (again && rf_scenario_parse(REQUEST_NAME, again, strlen(again), sc, &err2) == RF_OK) {
                rf_err_clear(&err);
                st = RF_OK;
            }
            free(again);
        }
        json_decref(j);
    } else {
        st = rf_scenario_parse(REQUEST_NAME, body, len, sc, &err);
    }
    if (st == RF_OK) return 0;
    answer_err(out, &err);
    return -1;
}

/* The scenario must run on the server's world: a `data` folder is accepted
 * only when it is that one. */
static rf_status check_data(const rf_scenario *sc, const rf_world *w, rf_err *err)
{
    if (!sc->data_dir) return RF_OK;
    /* The same folder, however it is written: the same device and inode. */
    struct stat a, b;
    int same = stat(sc->data_dir, &a) == 0 && stat(w->dir, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    return same ? RF_OK
                : rf_err_set(err, RF_EINVAL, REQUEST_NAME, sc->data_line, "data",
                             "this server runs every scenario on its dataset (%s); a scenario cannot ask for "
                             "another (%s): leave `data` out",
                             w->dir, sc->data_dir);
}

/* Record a run as `rareflow run` records it; a failure is a warning on stderr
 * (the document stands) and *run_id stays 0. */
static void record(rf_api *api, const rf_scenario *sc, const char *body, const char *started, const rf_results *res,
                   const char *doc, const char *summary, long long *run_id)
{
    rf_err err;
    rf_err_clear(&err);
    rf_run_meta meta = {started, sc->name, body, api->fingerprint, api->cfg->version, "complete"};
    if (rf_db_record_results(api->cfg->db, &meta, res, doc, summary, run_id, &err) != RF_OK) {
        char buf[RF_ERR_FILE_MAX + RF_ERR_FIELD_MAX + RF_ERR_MSG_MAX + 64];
        rf_err_format(&err, buf, sizeof buf);
        fprintf(stderr, "rareflow: warning: the run of \"%s\" was not recorded: %s\n", sc->name, buf);
        *run_id = 0;
    }
}

int rf_api_cached(rf_api *api, const char *body, size_t len, rf_api_answer *out)
{
    memset(out, 0, sizeof *out);
    return cache_get(api, body, len, out);
}

struct rf_api_job {
    const char *body;   /* the request's, borrowed */
    size_t len;
    rf_scenario *sc;    /* parsed and checked against the world */
};

void rf_api_job_free(rf_api_job *job)
{
    if (!job) return;
    rf_scenario_free(job->sc);
    free(job);
}

int rf_api_prepare(rf_api *api, const char *body, size_t len, rf_api_job **job, rf_api_answer *out)
{
    memset(out, 0, sizeof *out);
    *job = NULL;
    if (cache_get(api, body, len, out)) return 0;
    const rf_world *w = api->cfg->world;
    rf_err err;
    rf_err_clear(&err);
    rf_scenario *sc = NULL;
    if (load_scenario(body, len, &sc, out) != 0) return 0;
    rf_warnings warn;
    rf_warnings_init(&warn);
    rf_status st = check_data(sc, w, &err);
    if (st == RF_OK) st = rf_scenario_check(sc, w, &err);
    if (st == RF_OK) st = rf_policy_check(sc, w, &warn, &err);
    rf_warnings_close(&warn);
    rf_api_job *j = st == RF_OK ? malloc(sizeof *j) : NULL;
    if (!j) {
        if (st == RF_OK) rf_err_set(&err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        answer_err(out, &err);
        rf_scenario_free(sc);
        return 0;
    }
    *j = (rf_api_job){body, len, sc};
    *job = j;
    return 1;
}

void rf_api_execute(rf_api *api, const rf_api_job *job, rf_api_answer *out)
{
    memset(out, 0, sizeof *out);
    const rf_world *w = api->cfg->world;
    const rf_scenario *sc = job->sc;
    rf_err err;
    rf_err_clear(&err);
    char started[32] = "";
    time_t now = time(NULL);
    struct tm tmv;
    if (gmtime_r(&now, &tmv)) strftime(started, sizeof started, "%Y-%m-%d %H:%M:%S", &tmv);
    /* One sim per run, in this thread, on the shared world (read only). */
    rf_results *res = NULL;
    rf_sim_options opt = {0};
    rf_sim *s = rf_sim_new(w, sc, &opt, &err);
    rf_status st = s ? rf_sim_run(s, &err) : err.code;
    if (st == RF_OK) res = rf_sim_take_results(s);
    rf_sim_free(s);
    char *doc = NULL, *summary = NULL;
    size_t doclen = 0, sumlen = 0;
    if (st == RF_OK) st = to_text(write_document, res, &doc, &doclen, &err);
    if (st == RF_OK && api->cfg->db) st = to_text(write_summary, res, &summary, &sumlen, &err);
    if (st == RF_OK) {
        long long run_id = 0;
        if (api->cfg->db) record(api, sc, job->body, started, res, doc, summary, &run_id);
        cache_put(api, job->body, job->len, doc, doclen, run_id);
        out->status = 200;
        out->body = doc;
        out->len = doclen;
        out->run_id = run_id;
        doc = NULL;
    } else {
        answer_err(out, &err);
    }
    free(doc);
    free(summary);
    rf_results_free(res);
}

void rf_api_run(rf_api *api, const char *body, size_t len, rf_api_answer *out)
{
    rf_api_job *job = NULL;
    if (rf_api_prepare(api, body, len, &job, out)) rf_api_execute(api, job, out);
    rf_api_job_free(job);
}

/* ---------- GET /api/scenarios ---------- */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_yaml(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

/* One scenario file as {file, name, text}; a file that does not load gets its
 * error instead of a name. */
static json_t *scenario_item(const char *dir, const char *file)
{
    rf_err err;
    rf_err_clear(&err);
    char *path = rf__path_join(dir, file), *text = NULL;
    rf_scenario *sc = NULL;
    rf_status st = path ? rf_read_text(path, &text, &err) : RF_ENOMEM;
    if (st == RF_OK) st = rf_scenario_parse(path, text, strlen(text), &sc, &err);
    json_t *o = json_pack("{s:s}", "file", file);
    if (o && st == RF_OK) json_object_set_new(o, "name", json_string(sc->name));
    if (o && st != RF_OK) {
        char buf[RF_ERR_FILE_MAX + RF_ERR_FIELD_MAX + RF_ERR_MSG_MAX + 64];
        rf_err_format(&err, buf, sizeof buf);
        json_object_set_new(o, "error", json_string(buf));
    }
    if (o && text) json_object_set_new(o, "text", json_string(text));
    rf_scenario_free(sc);
    free(text);
    free(path);
    return o;
}

void rf_api_scenarios(rf_api *api, rf_api_answer *out)
{
    memset(out, 0, sizeof *out);
    const char *dir = api->cfg->scenarios_dir;
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d) {
        rf_api_error(out, 500, "the scenarios folder cannot be read (set RAREFLOW_SCENARIOS)");
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int oom = 0;
    struct dirent *e;
    while (!oom && (e = readdir(d)) != NULL) {
        if (!is_yaml(e->d_name)) continue;
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 32;
            char **g = realloc(names, nc * sizeof *g);
            if (!g) {
                oom = 1;
                break;
            }
            names = g;
            cap = nc;
        }
        if (!(names[n] = rf__strdup(e->d_name))) oom = 1;
        else n++;
    }
    closedir(d);
    json_t *list = oom ? NULL : json_array();
    if (list) {
        qsort(names, n, sizeof *names, by_name);
        for (size_t i = 0; i < n; i++) json_array_append_new(list, scenario_item(dir, names[i]));
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    if (!list) rf_api_error(out, 500, "out of memory");
    else answer_json(out, 200, json_pack("{s:o}", "scenarios", list));
}

/* ---------- GET /api/runs, /api/runs/ID ---------- */

typedef struct db_query {
    const char *path;
    long long id; /* 0: the list */
} db_query;

static rf_status write_db(void *ctx, FILE *fp, rf_err *err)
{
    const db_query *q = ctx;
    return q->id ? rf_db_show(q->path, q->id, 1, fp, err) : rf_db_list(q->path, 1, fp, err);
}

static void answer_db(rf_api *api, long long id, rf_api_answer *out)
{
    if (!api->cfg->db) {
        rf_api_error(out, 404, "no results database: the server runs with --no-db");
        return;
    }
    rf_err err;
    rf_err_clear(&err);
    db_query q = {api->cfg->db, id};
    rf_status st = to_text(write_db, &q, &out->body, &out->len, &err);
    if (st == RF_OK) {
        out->status = 200;
    } else if (id && st == RF_EINVAL) {
        char msg[64];
        snprintf(msg, sizeof msg, "no run %lld in the database", id);
        rf_api_error(out, 404, msg);
    } else {
        answer_err(out, &err);
        out->status = 500;
    }
}

void rf_api_runs(rf_api *api, rf_api_answer *out)
{
    memset(out, 0, sizeof *out);
    answer_db(api, 0, out);
}

void rf_api_show(rf_api *api, const char *id, rf_api_answer *out)
{
    memset(out, 0, sizeof *out);
    long long v = 0;
    int ok = id && id[0] && strlen(id) <= 18;
    for (const char *p = id; ok && *p; p++) {
        if (*p < '0' || *p > '9') ok = 0;
        else v = v * 10 + (*p - '0');
    }
    if (!ok || v < 1) {
        rf_api_error(out, 400, "a run id is a positive integer, as GET /api/runs lists them");
        return;
    }
    answer_db(api, v, out);
}
