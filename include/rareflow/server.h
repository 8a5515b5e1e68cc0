/*
 * rareflow/server.h: `rareflow serve`, the dashboard's HTTP server
 * (libmicrohttpd; docs/dashboard.md).
 *
 * The server answers a fixed table of static files (the dashboard page and
 * its scripts, from the web folder) and a JSON API: POST /api/run runs a
 * scenario sent as YAML or JSON and answers the document `run --json` prints;
 * GET /api/scenarios, /api/runs and /api/runs/ID.  Requests are served by a
 * small pool of threads; each run gets its own rf_sim, created in the thread
 * that serves it, on the one world the caller loaded (shared read-only).  No
 * state is global: everything hangs off the call to rf_server_run.
 */
#ifndef RAREFLOW_SERVER_H
#define RAREFLOW_SERVER_H

#include "rareflow/error.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The largest request body accepted, in bytes (413 past it). */
#define RF_SERVER_MAX_BODY (1024 * 1024)
/* The idle time after which a connection is closed, in seconds. */
#define RF_SERVER_TIMEOUT_S 30
/* How many documents of POST /api/run are kept, keyed by the exact body. */
#define RF_SERVER_CACHE 8
/* --threads: at most this many. */
#define RF_SERVER_MAX_THREADS 64

typedef struct rf_server_config {
    const char *host;          /* the address to bind (a numeric IPv4 or IPv6 address, or a
                                  name resolved once); "127.0.0.1" when NULL */
    int port;                  /* 0..65535; 0: any free port (the line on stderr says which) */
    int threads;               /* the thread pool's size, 1..RF_SERVER_MAX_THREADS */
    const char *db;            /* the results database every run is recorded in, or NULL (none) */
    const rf_world *world;     /* the dataset every run is on, loaded by the caller */
    const char *web_dir;       /* the web folder: src/dashboard.html and its scripts, node_modules/ */
    const char *scenarios_dir; /* the shipped scenarios (GET /api/scenarios) */
    const char *version;       /* rareflow's, recorded with each run */
} rf_server_config;

/*
 * Serve until SIGINT or SIGTERM, then stop cleanly (the requests in progress
 * finish, everything is freed) and return RF_OK.  It blocks both signals in
 * the calling thread (the pool's threads inherit the mask) and waits for them
 * with sigwait; the mask is restored on return.  A bad configuration is
 * RF_EINVAL; an address that cannot be bound is RF_EIO.  Prints one line on
 * stderr once listening: "rareflow: serving http://HOST:PORT/ (N threads,
 * database PATH)".
 */
rf_status rf_server_run(const rf_server_config *cfg, rf_err *err);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_SERVER_H */
