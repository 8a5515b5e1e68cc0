/*
 * server.c: `rareflow serve` over libmicrohttpd (rareflow/server.h,
 * docs/dashboard.md): the routes, the static files, the request bodies and
 * the daemon's life.
 *
 * Static files come from a fixed table of URLs, each naming its file under
 * the web folder: no path is ever built from the URL, so `..` or `%2e%2e`
 * can only miss the table (404).  A request body is kept only for
 * POST /api/run and only up to RF_SERVER_MAX_BODY: a Content-Length past it
 * is refused before the body is read (413, before "100 Continue"); a body
 * without one (chunked) is kept up to the limit, then read and dropped to
 * its end and refused (413), or cut off past MAX_DROPPED.  Each request's
 * state hangs off its connection (MHD's con_cls).
 *
 * Runs do not take the daemon's threads: a POST /api/run is parsed and
 * checked in the daemon's thread (a refusal or a cached document is answered
 * at once), and the run is queued (first in, first out) for --threads runners and
 * its connection suspended; the runner that takes it runs it on a sim of its
 * own and resumes the connection, whose thread sends the answer.  So static
 * files, bad requests and cached documents are answered at once however many
 * runs are waiting, and the runs are served in the order they came.  The
 * threads share only the configuration, the world (read only), the queue and
 * the API's cache (each under its mutex).
 */
#include "rareflow/server.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/strutil.h"
#include "rareflow/output.h"
#include "server/api.h"

#define CT_JSON "application/json"

/* A request's state, from its first call to its end (free_request). */
typedef struct request {
    char *body;     /* POST /api/run: [len], NUL-terminated */
    size_t len, cap;
    int refused;    /* the 413 is queued (Content-Length past the limit) */
    int too_big;    /* a body without Content-Length passed the limit: the rest is read
                       and dropped, then 413 */
    size_t dropped; /* bytes dropped so far */
    /* A run: queued for the runners (its connection suspended meanwhile), then
     * its answer, which the connection's thread sends once resumed. */
    struct request *next;
    struct MHD_Connection *conn;
    rf_api_job *job;
    int done;
    rf_api_answer answer;
} request;

/* The runs waiting for a runner, first in first out, and the runners. */
typedef struct run_queue {
    pthread_mutex_t lock;
    pthread_cond_t more;
    request *head, *tail;
    int stopping;           /* set at shutdown: no new run; those waiting get 503 */
    pthread_t *runners;     /* [nrunners] */
    int nrunners;
} run_queue;

typedef struct server {
    const rf_server_config *cfg;
    rf_api *api;
    run_queue q;
} server;

/* At shutdown, how long the answers under way (and idle keep-alive
 * connections) are given before the daemon stops, in ms. */
#define STOP_GRACE_MS 2000

/* How much of a body without Content-Length is read past the limit, and
 * dropped, before the connection is simply closed. */
#define MAX_DROPPED (16u * 1024 * 1024)

/* ---------- the routes ---------- */

/* The static files: a URL, the file under the web folder, its type. */
static const struct {
    const char *url;
    const char *file;
    const char *type;
} statics[] = {
    {"/", "src/dashboard.html", "text/html; charset=utf-8"},
    {"/index.html", "src/dashboard.html", "text/html; charset=utf-8"},
    {"/static/dashboard.js", "src/dashboard.js", "text/javascript; charset=utf-8"},
    {"/static/charts.js", "src/charts.js", "text/javascript; charset=utf-8"},
    {"/static/style.css", "src/style.css", "text/css; charset=utf-8"},
    {"/static/echarts.min.js", "node_modules/echarts/dist/echarts.min.js", "text/javascript; charset=utf-8"},
};

typedef enum route {
    R_NONE = 0,
    R_STATIC,
    R_RUN,
    R_SCENARIOS,
    R_RUNS,
    R_RUN_ID,
} route;

static route find_route(const char *url, int *file)
{
    for (size_t i = 0; i < sizeof statics / sizeof statics[0]; i++)
        if (!strcmp(url, statics[i].url)) {
            *file = (int)i;
            return R_STATIC;
        }
    if (!strcmp(url, "/api/run")) return R_RUN;
    if (!strcmp(url, "/api/scenarios")) return R_SCENARIOS;
    if (!strcmp(url, "/api/runs")) return R_RUNS;
    if (!strncmp(url, "/api/runs/", 10)) return R_RUN_ID;
    return R_NONE;
}

/* ---------- answers ---------- */

static enum MHD_Result queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r, const char *type)
{
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* An API answer (its body handed over to MHD, which frees it). */
static enum MHD_Result queue_answer(struct MHD_Connection *c, rf_api_answer *a)
{
    if (!a->body) {
        static const char oom[] = "{\"error\": \"out of memory\"}\n";
        return queue(c, 500, MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom, MHD_RESPMEM_PERSISTENT),
                     CT_JSON);
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(a->len, a->body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        rf_api_answer_close(a);
        return MHD_NO;
    }
    a->body = NULL;
    if (a->status == 200 && a->run_id > 0) {
        char id[32];
        snprintf(id, sizeof id, "%lld", a->run_id);
        MHD_add_response_header(r, "X-Rareflow-Run-Id", id);
    }
    if (a->cached) MHD_add_response_header(r, "X-Rareflow-Cache", "hit");
    if (a->status == 413) MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    return queue(c, a->status, r, CT_JSON);
}

static enum MHD_Result queue_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    rf_api_answer a = {0};
    rf_api_error(&a, status, msg);
    return queue_answer(c, &a);
}

static enum MHD_Result queue_405(struct MHD_Connection *c, const char *allow)
{
    rf_api_answer a = {0};
    char msg[96];
    snprintf(msg, sizeof msg, "method not allowed: this route answers %s", allow);
    rf_api_error(&a, 405, msg);
    if (!a.body) return queue_answer(c, &a);
    struct MHD_Response *r = MHD_create_response_from_buffer(a.len, a.body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        rf_api_answer_close(&a);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    return queue(c, 405, r, CT_JSON);
}

/* A file of the table (never a path from the URL). */
static enum MHD_Result queue_static(server *s, struct MHD_Connection *c, int i)
{
    char *path = rf__path_join(s->cfg->web_dir, statics[i].file);
    if (!path) return queue_error(c, 500, "out of memory");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd >= 0 && (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))) {
        close(fd);
        fd = -1;
    }
    if (fd < 0) {
        char msg[RF_ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "the web assets are missing: %s cannot be read (run `make assets`, or set "
                 "RAREFLOW_WEB to the web folder)", path);
        free(path);
        return queue_error(c, 404, msg);
    }
    free(path);
    struct MHD_Response *r = MHD_create_response_from_fd((size_t)sb.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, statics[i].type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---------- requests ---------- */

static int is_get(const char *method)
{
    return !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);
}

/* A request that needs no body: answered on its first call. */
static enum MHD_Result answer_now(server *s, struct MHD_Connection *c, route rt, int file, const char *url,
                                  const char *method)
{
    if (rt == R_NONE) return queue_error(c, 404, "no such route (docs/dashboard.md lists them)");
    if (!is_get(method)) return queue_405(c, "GET, HEAD");
    rf_api_answer a = {0};
    switch (rt) {
    case R_STATIC: return queue_static(s, c, file);
    case R_SCENARIOS: rf_api_scenarios(s->api, &a); break;
    case R_RUNS: rf_api_runs(s->api, &a); break;
    case R_RUN_ID: rf_api_show(s->api, url + 10, &a); break;
    default: return queue_error(c, 404, "no such route");
    }
    return queue_answer(c, &a);
}

/* Content-Length past the limit (a value MHD accepted: digits). */
static int declared_too_big(struct MHD_Connection *c)
{
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl) return 0;
    unsigned long long n = 0;
    for (const char *p = cl; *p >= '0' && *p <= '9'; p++) {
        n = n * 10 + (unsigned)(*p - '0');
        if (n > RF_SERVER_MAX_BODY) return 1;
    }
    return 0;
}

static enum MHD_Result queue_413(request *rq, struct MHD_Connection *c)
{
    rq->refused = 1;
    char msg[96];
    snprintf(msg, sizeof msg, "the request body is larger than the limit of %d bytes", RF_SERVER_MAX_BODY);
    return queue_error(c, 413, msg);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    server *s = cls;
    request *rq = *con_cls;
    if (!rq) {
        /* The first call: only the headers are in. */
        int file = -1;
        route rt = find_route(url, &file);
        if (rt != R_RUN) return answer_now(s, c, rt, file, url, method);
        if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) return queue_405(c, "POST");
        if (!(rq = calloc(1, sizeof *rq))) return MHD_NO;
        *con_cls = rq;
        if (declared_too_big(c)) return queue_413(rq, c);
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (rq->refused) return MHD_YES;
        /* libmicrohttpd 0.9 takes no answer while a body is coming in: a body
         * that did not say its length (chunked) is dropped from the limit on
         * and answered 413 at its end, or cut off past MAX_DROPPED. */
        if (rq->too_big || n > RF_SERVER_MAX_BODY - rq->len) {
            free(rq->body);
            rq->body = NULL;
            rq->len = rq->cap = 0;
            rq->too_big = 1;
            rq->dropped += n;
            return rq->dropped > MAX_DROPPED ? MHD_NO : MHD_YES;
        }
        if (rq->len + n + 1 > rq->cap) {
            size_t cap = rq->cap ? rq->cap : 4096;
            while (cap < rq->len + n + 1) cap *= 2;
            char *b = realloc(rq->body, cap);
            if (!b) return MHD_NO;
            rq->body = b;
            rq->cap = cap;
        }
        memcpy(rq->body + rq->len, upload, n);
        rq->len += n;
        rq->body[rq->len] = '\0';
        return MHD_YES;
    }
    if (rq->refused) return MHD_YES;
    if (rq->too_big) return queue_413(rq, c);
    /* Resumed: a runner has made the answer. */
    if (rq->done) return queue_answer(c, &rq->answer);
    /* The whole body is in.  A document in the cache, a body that does not
     * parse, a scenario the world refuses are answered at once; a run is
     * queued for a runner and the connection suspended, so that this thread
     * goes on serving the other connections. */
    if (!rq->body) rq->body = calloc(1, 1);
    if (!rq->body) return MHD_NO;
    rf_api_answer a = {0};
    if (!rf_api_prepare(s->api, rq->body, rq->len, &rq->job, &a)) return queue_answer(c, &a);
    pthread_mutex_lock(&s->q.lock);
    if (s->q.stopping) {
        pthread_mutex_unlock(&s->q.lock);
        return queue_error(c, 503, "the server is stopping");
    }
    MHD_suspend_connection(c);
    rq->conn = c;
    rq->next = NULL;
    if (s->q.tail) s->q.tail->next = rq;
    else s->q.head = rq;
    s->q.tail = rq;
    pthread_cond_signal(&s->q.more);
    pthread_mutex_unlock(&s->q.lock);
    return MHD_YES;
}

/* A runner: takes the runs in order, each on a sim of its own (rf_api_execute),
 * and resumes its connection with the answer.  At shutdown the runs still
 * waiting get 503 and it returns. */
static void *runner(void *arg)
{
    server *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->q.lock);
        while (!s->q.head && !s->q.stopping) pthread_cond_wait(&s->q.more, &s->q.lock);
        request *rq = s->q.head;
        if (!rq) {
            pthread_mutex_unlock(&s->q.lock);
            return NULL;
        }
        s->q.head = rq->next;
        if (!s->q.head) s->q.tail = NULL;
        int stopping = s->q.stopping;
        pthread_mutex_unlock(&s->q.lock);
        if (stopping) rf_api_error(&rq->answer, 503, "the server is stopping");
        else rf_api_execute(s->api, rq->job, &rq->answer);
        rq->done = 1;
        MHD_resume_connection(rq->conn);
    }
}

static void free_request(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request *rq = *con_cls;
    if (rq) {
        rf_api_job_free(rq->job);
        free(rq->body);
        rf_api_answer_close(&rq->answer);
        free(rq);
        *con_cls = NULL;
    }
}

/* ---------- the daemon ---------- */

/* Stop and join the runners (the runs waiting get 503), then free the queue. */
static void stop_runners(server *s)
{
    pthread_mutex_lock(&s->q.lock);
    s->q.stopping = 1;
    pthread_cond_broadcast(&s->q.more);
    pthread_mutex_unlock(&s->q.lock);
    for (int i = 0; i < s->q.nrunners; i++) pthread_join(s->q.runners[i], NULL);
    free(s->q.runners);
    s->q.runners = NULL;
    s->q.nrunners = 0;
    pthread_cond_destroy(&s->q.more);
    pthread_mutex_destroy(&s->q.lock);
}

/* The address to bind: host resolved (numeric addresses as they are). */
static rf_status resolve(const rf_server_config *cfg, struct sockaddr_storage *ss, socklen_t *sslen, rf_err *err)
{
    char port[8];
    snprintf(port, sizeof port, "%d", cfg->port);
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int rc = getaddrinfo(cfg->host, port, &hints, &ai);
    if (rc != 0 || !ai)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "--host", "cannot resolve `%s`: %s", cfg->host, gai_strerror(rc));
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *sslen = ai->ai_addrlen;
    freeaddrinfo(ai);
    return RF_OK;
}

rf_status rf_server_run(const rf_server_config *cfg_in, rf_err *err)
{
    rf_server_config cfg = *cfg_in;
    if (!cfg.host || !cfg.host[0]) cfg.host = "127.0.0.1";
    if (!cfg.world || !cfg.web_dir || !cfg.scenarios_dir || !cfg.version)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_server_run: world, web_dir, scenarios_dir and version are required");
    if (cfg.port < 0 || cfg.port > 65535) return rf_err_set(err, RF_EINVAL, NULL, 0, "--port", "expects 0..65535");
    if (cfg.threads < 1 || cfg.threads > RF_SERVER_MAX_THREADS)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "--threads", "expects 1..%d", RF_SERVER_MAX_THREADS);
    struct sockaddr_storage ss;
    socklen_t sslen = 0;
    rf_status st = resolve(&cfg, &ss, &sslen, err);
    if (st != RF_OK) return st;
    server s;
    memset(&s, 0, sizeof s);
    s.cfg = &cfg;
    /* The database is opened (made when missing) once now, so that a --db that
     * cannot be written fails here rather than at each run. */
    if (cfg.db) {
        char *text = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&text, &len);
        st = fp ? rf_db_list(cfg.db, 1, fp, err) : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        if (fp) fclose(fp);
        free(text);
        if (st != RF_OK) return st;
    }
    if ((st = rf_api_new(&cfg, &s.api, err)) != RF_OK) return st;

    /* SIGINT and SIGTERM are waited for below; the daemon's threads inherit
     * the mask, so none of them is interrupted. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);

    /* The runners, before the daemon: a run queued is always taken. */
    if (pthread_mutex_init(&s.q.lock, NULL) != 0) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rf_api_free(s.api);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "cannot make a mutex");
    }
    if (pthread_cond_init(&s.q.more, NULL) != 0) {
        pthread_mutex_destroy(&s.q.lock);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rf_api_free(s.api);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "cannot make a condition variable");
    }
    s.q.runners = calloc((size_t)cfg.threads, sizeof *s.q.runners);
    for (int i = 0; s.q.runners && i < cfg.threads; i++) {
        if (pthread_create(&s.q.runners[i], NULL, runner, &s) != 0) break;
        s.q.nrunners++;
    }
    if (s.q.nrunners < cfg.threads) {
        stop_runners(&s);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rf_api_free(s.api);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "cannot start the threads that run scenarios");
    }

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME;
    if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d =
        MHD_start_daemon(flags, (uint16_t)cfg.port, NULL, NULL, on_request, &s,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                         MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg.threads,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)RF_SERVER_TIMEOUT_S,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
                         MHD_OPTION_NOTIFY_COMPLETED, free_request, NULL,
                         MHD_OPTION_END);
    if (!d) {
        int e = errno;
        char ebuf[128];
        stop_runners(&s);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rf_api_free(s.api);
        return rf_err_set(err, RF_EIO, NULL, 0, "--port", "cannot listen on %s port %d: %s", cfg.host, cfg.port,
                          e ? rf__strerror(e, ebuf, sizeof ebuf) : "libmicrohttpd could not start");
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = info && info->port ? info->port : cfg.port;
    int v6 = ss.ss_family == AF_INET6;
    fprintf(stderr, "rareflow: serving http://%s%s%s:%d/ (%d threads, database %s)\n", v6 ? "[" : "", cfg.host,
            v6 ? "]" : "", port, cfg.threads, cfg.db ? cfg.db : "none (--no-db)");
    fflush(stderr);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {
    }
    /* No new connection; the runners stop (the runs in progress finish, those
     * waiting get 503: every suspended connection is resumed before the daemon
     * stops); the answers under way get up to STOP_GRACE_MS to leave. */
    MHD_socket listen_fd = MHD_quiesce_daemon(d);
    stop_runners(&s);
    for (int waited = 0; waited < STOP_GRACE_MS; waited += 10) {
        const union MHD_DaemonInfo *ci = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!ci || ci->num_connections == 0) break;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    if (listen_fd != MHD_INVALID_SOCKET) close(listen_fd);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    rf_api_free(s.api);
    fprintf(stderr, "rareflow: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return RF_OK;
}
