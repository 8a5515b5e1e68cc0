/*
 * server/api.h: the JSON API of `rareflow serve` without HTTP (internal to
 * the server layer): each call takes what a request sent and fills an
 * answer (a status, a JSON body), so that server.c only routes and a test or
 * a fuzzer could drive the API without a socket.
 */
#ifndef RF_SERVER_API_H
#define RF_SERVER_API_H

#include <stddef.h>

#include "rareflow/error.h"
#include "rareflow/server.h"

/* What the server keeps between requests: the configuration, the dataset's
 * fingerprint and the cache of documents (under its own mutex). */
typedef struct rf_api rf_api;

/* An answer: an HTTP status and a malloc'd JSON body[len] (ending in a newline). */
typedef struct rf_api_answer {
    unsigned status;
    char *body;
    size_t len;
    long long run_id;   /* POST /api/run: the run's id in the database, or 0 (not recorded) */
    int cached;         /* POST /api/run: the document came from the cache */
} rf_api_answer;

/* The API over cfg (which must outlive it): RF_EIO when the database cannot
 * be opened, RF_ENOMEM. */
rf_status rf_api_new(const rf_server_config *cfg, rf_api **out, rf_err *err);
void rf_api_free(rf_api *api);

/* POST /api/run: body[len] (NUL-terminated at len) is a scenario as YAML or
 * JSON, or blank for the built-in baseline. */
void rf_api_run(rf_api *api, const char *body, size_t len, rf_api_answer *out);
/* The document kept for this body, if any, into *out (status 200, cached 1);
 * 0 when there is none. */
int rf_api_cached(rf_api *api, const char *body, size_t len, rf_api_answer *out);

/* rf_api_run in two steps, so that only the run itself waits for a runner:
 * rf_api_prepare answers what needs no run at once (a cached document, a
 * body that does not parse, a scenario the world refuses) into *out and
 * returns 0; else it returns 1 with *job, the scenario parsed and checked
 * (it borrows body, which must outlive it), for rf_api_execute to run. */
typedef struct rf_api_job rf_api_job;
int rf_api_prepare(rf_api *api, const char *body, size_t len, rf_api_job **job, rf_api_answer *out);
void rf_api_execute(rf_api *api, const rf_api_job *job, rf_api_answer *out);
void rf_api_job_free(rf_api_job *job);
/* GET /api/scenarios */
void rf_api_scenarios(rf_api *api, rf_api_answer *out);
/* GET /api/runs */
void rf_api_runs(rf_api *api, rf_api_answer *out);
/* GET /api/runs/ID, `id` the text after the last slash. */
void rf_api_show(rf_api *api, const char *id, rf_api_answer *out);

/* An error answer: {"error": msg}; status 500 with a fixed body if even that
 * cannot be made (body NULL: the caller answers without a body). */
void rf_api_error(rf_api_answer *out, unsigned status, const char *msg);

/* Release out->body. */
void rf_api_answer_close(rf_api_answer *out);

#endif
