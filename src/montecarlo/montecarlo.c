/*
 * montecarlo.c: rareflow mc's engine (rareflow/montecarlo.h): draws run on
 * worker threads, each on its own world and scenario, a fresh simulation per
 * draw, results stored by draw index; then percentiles and Spearman's rho of
 * the gathered arrays.  No I/O.
 */
#include "rareflow/montecarlo.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/sim.h"

static const char *const metric_names[RF_MCM_KIND_COUNT] = {
    "price", "shortage", "china_share", "touched_china", "government_cost", "capacity_ex_china"};

const char *rf_mc_metric_name(rf_mc_metric_kind k)
{
    return (int)k >= 0 && k < RF_MCM_KIND_COUNT ? metric_names[k] : "?";
}

static const char *dist_name(rf_dist_kind k)
{
    static const char *const n[] = {"normal", "lognormal", "uniform", "triangular", "discrete"};
    return (int)k >= 0 && k <= RF_DIST_DISCRETE ? n[k] : "?";
}

/* The stages watched, with their labels (the shares table's stages). */
static const struct { rf_stage stage; const char *label; } stages[] = {
    {RF_STAGE_MINE, "mining"}, {RF_STAGE_SEPARATION, "separation"}, {RF_STAGE_METAL, "metal"},
    {RF_STAGE_MAGNET, "magnet"}};
#define NSTAGES ((int)(sizeof stages / sizeof stages[0]))

static const char *const price_products[] = {"oxide:NdPr", "oxide:Dy",     "oxide:Tb",
                                             "metal:NdPr", "magnet:NdFeB", "magnet:NdFeB-hc"};
#define NPRICE_PRODUCTS ((int)(sizeof price_products / sizeof price_products[0]))
static const char *const touched_products[] = {"magnet:NdFeB", "magnet:NdFeB-hc"};

/* ---------- the metric list ---------- */

typedef struct mlist {
    rf_mc_metric *m;
    int n, cap;
} mlist;

static rf_mc_metric *madd(mlist *l, rf_mc_metric_kind kind)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 64;
        rf_mc_metric *m = realloc(l->m, (size_t)cap * sizeof *m);
        if (!m) return NULL;
        l->m = m;
        l->cap = cap;
    }
    rf_mc_metric *m = &l->m[l->n++];
    memset(m, 0, sizeof *m);
    m->kind = kind;
    m->iregion = m->iproduct = m->istage = -1;
    return m;
}

static void label(char *dst, const char *src)
{
    snprintf(dst, RF_MC_LABEL, "%s", src ? src : "");
}

/* Whether sector s of region r was seen in demand rows before row d. */
static int sector_seen(const rf_world *w, int d)
{
    for (int e = 0; e < d; e++)
        if (w->demand[e].region == w->demand[d].region && !strcmp(w->demand[e].sector, w->demand[d].sector))
            return 1;
    return 0;
}

/* The series (one year), in output order; then replicated per year. */
static rf_status series(const rf_world *w, mlist *l)
{
    int cn = rf_world_region(w, "CN"), us = rf_world_region(w, "US");
    rf_mc_metric *m;
    for (int p = 0; p < NPRICE_PRODUCTS; p++) {
        int ip = rf_world_product(w, price_products[p]);
        if (ip < 0) continue;
        for (int r = 0; r < w->nregions; r++) {
            if (!(m = madd(l, RF_MCM_PRICE))) return RF_ENOMEM;
            m->iregion = r;
            m->iproduct = ip;
        }
    }
    for (int r = 0; r < w->nregions; r++)
        for (int d = 0; d < w->ndemand; d++) {
            if (w->demand[d].region != r || sector_seen(w, d)) continue;
            if (!(m = madd(l, RF_MCM_SHORTAGE))) return RF_ENOMEM;
            m->iregion = r;
            label(m->sector, w->demand[d].sector);
        }
    /* The total over every region and sector (region and sector ""). */
    if (w->ndemand > 0 && !madd(l, RF_MCM_SHORTAGE)) return RF_ENOMEM;
    if (cn >= 0)
        for (int s = 0; s < NSTAGES; s++) {
            if (!(m = madd(l, RF_MCM_CHINA_SHARE))) return RF_ENOMEM;
            m->istage = (int)stages[s].stage;
            label(m->stage, stages[s].label);
        }
    if (cn >= 0 && us >= 0)
        for (int p = 0; p < 2; p++) {
            int ip = rf_world_product(w, touched_products[p]);
            if (ip < 0) continue;
            if (!(m = madd(l, RF_MCM_TOUCHED_CHINA))) return RF_ENOMEM;
            m->iregion = us;
            m->iproduct = ip;
        }
    for (int r = 0; r < w->nregions; r++) {
        if (!(m = madd(l, RF_MCM_GOVERNMENT_COST))) return RF_ENOMEM;
        m->iregion = r;
    }
    for (int s = 0; s < NSTAGES; s++) {
        if (!(m = madd(l, RF_MCM_CAPACITY_EX_CHINA))) return RF_ENOMEM;
        m->istage = (int)stages[s].stage;
        label(m->stage, stages[s].label);
    }
    for (int i = 0; i < l->n; i++) {
        m = &l->m[i];
        if (m->iregion >= 0) label(m->region, w->regions[m->iregion].id);
        if (m->iproduct >= 0) label(m->product, w->products[m->iproduct].id);
    }
    return RF_OK;
}

rf_status rf_montecarlo_metrics(const rf_world *w, const rf_scenario *sc, rf_mc_metric **metrics, int *n,
                                rf_err *err)
{
    mlist one = {0}, all = {0};
    *metrics = NULL;
    *n = 0;
    rf_status st = series(w, &one);
    /* Year by year, each year's series together: the output's order. */
    for (int y = 0; st == RF_OK && y < sc->nyears; y++)
        for (int i = 0; i < one.n; i++) {
            rf_mc_metric *m = madd(&all, one.m[i].kind);
            if (!m) {
                st = RF_ENOMEM;
                break;
            }
            *m = one.m[i];
            m->year = sc->years[y];
        }
    free(one.m);
    if (st != RF_OK) {
        free(all.m);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    *metrics = all.m;
    *n = all.n;
    return RF_OK;
}

/* The value of metric m in a year's results (optimal), NaN when absent. */
static double metric_value(const rf_world *w, const rf_year_result *yr, const rf_mc_metric *m)
{
    int cn = rf_world_region(w, "CN");
    double v = 0.0;
    int any = 0;
    switch (m->kind) {
    case RF_MCM_PRICE:
        for (int i = 0; i < yr->nprices; i++)
            if (yr->prices[i].region == m->iregion && yr->prices[i].product == m->iproduct && !yr->prices[i].variant)
                return yr->prices[i].usd_per_kg;
        return NAN;
    case RF_MCM_SHORTAGE:
        if (!yr->shortage_t) return NAN;
        for (int d = 0; d < w->ndemand; d++)
            if (m->iregion < 0 || (w->demand[d].region == m->iregion && !strcmp(w->demand[d].sector, m->sector)))
                v += yr->shortage_t[d];
        return v;
    case RF_MCM_CHINA_SHARE:
        for (int i = 0; i < yr->nshares; i++)
            if ((int)yr->shares[i].stage == m->istage) {
                any = 1;
                if (yr->shares[i].region == cn) v += yr->shares[i].share;
            }
        return any ? v : NAN;
    case RF_MCM_TOUCHED_CHINA:
        for (int i = 0; i < yr->ntouched; i++)
            if (yr->touched[i].region == m->iregion && yr->touched[i].product == m->iproduct &&
                yr->touched[i].focus == cn)
                return yr->touched[i].share;
        return NAN;
    case RF_MCM_GOVERNMENT_COST:
        for (int i = 0; i < yr->ngovernment_cost; i++)
            if (yr->government_cost[i].region == m->iregion) v += yr->government_cost[i].usd;
        return v;
    case RF_MCM_CAPACITY_EX_CHINA:
        for (int i = 0; i < yr->ncapacity; i++)
            if ((int)yr->capacity[i].stage == m->istage && yr->capacity[i].region != cn) v += yr->capacity[i].t;
        return v;
    default: return NAN;
    }
}

/* ---------- the draws ---------- */

typedef struct shared {
    rf_mc_worker *workers;
    const rf_mc_config *cfg;
    rf_mc_draws *out;
    const int *plan;
    int *ujs;                  /* [ninputs] the j of each input's u: its group's first member */
    int first, last;
    pthread_mutex_t lock;
    int next, done;
    int stop;                  /* a fatal error: the other workers stop */
    rf_err err;                /* the first fatal error */
} shared;

typedef struct job {
    shared *sh;
    int w;
} job;

/* The value of input i in draw k. */
static double draw_value(const shared *sh, const rf_scenario *sc, int k, int i)
{
    const rf_mc_config *c = sh->cfg;
    double u = rf_mc_u_planned(sh->plan, c->seed, c->ndraws, k, sh->ujs[i]);
    return rf_dist_quantile(&sc->uncertain[i].dist, u);
}

/* Run draw k on worker `wk`.  Returns RF_OK (also for a failed draw) or RF_ENOMEM. */
static rf_status one_draw(shared *sh, rf_mc_worker *wk, rf_uncertain_undo *undo, int k)
{
    rf_mc_draws *o = sh->out;
    rf_world *w = wk->world;
    rf_scenario *sc = wk->scenario;
    size_t row = (size_t)(k - o->offset); /* draw k's row among those held */
    double *vals = &o->values[row * (size_t)o->ninputs];
    double *outs = &o->outputs[row * (size_t)o->nmetrics];
    rf_err e;
    rf_err_clear(&e);
    for (int i = 0; i < o->ninputs; i++) vals[i] = draw_value(sh, sc, k, i);
    int failed = 0;
    rf_status st = rf_uncertain_apply(w, sc, vals, undo, &e);
    if (st == RF_ENOMEM) return st;
    if (st != RF_OK) failed = 1;
    o->clamped[row] = st == RF_OK ? undo->nclamped : 0;
    rf_results *res = NULL;
    if (!failed) {
        rf_sim_options opt;
        memset(&opt, 0, sizeof opt);
        rf_sim *s = rf_sim_new(w, sc, &opt, &e);
        st = s ? rf_sim_run(s, &e) : e.code;
        if (st == RF_OK) res = rf_sim_take_results(s);
        rf_sim_free(s);
        if (st == RF_ENOMEM) {
            rf_uncertain_undo_apply(w, sc, undo);
            return st;
        }
        if (st != RF_OK || !res) failed = 1;
    }
    if (failed) {
        o->fail_year[row] = 0;
        o->fail_status[row] = -1;
    } else
        for (int y = 0; y < res->nyears && !failed; y++)
            if (res->years[y].status != RF_YEAR_OPTIMAL) {
                failed = 1;
                o->fail_year[row] = res->years[y].year;
                o->fail_status[row] = (int)res->years[y].status;
            }
    for (int j = 0; j < o->nmetrics; j++) outs[j] = NAN;
    if (!failed) {
        for (int j = 0; j < o->nmetrics; j++) {
            const rf_mc_metric *m = &o->metrics[j];
            for (int y = 0; y < res->nyears; y++)
                if (res->years[y].year == m->year) {
                    outs[j] = metric_value(w, &res->years[y], m);
                    break;
                }
        }
    }
    rf_results_free(res);
    rf_uncertain_undo_apply(w, sc, undo);
    o->failed[row] = failed;
    return RF_OK;
}

static void *worker_main(void *arg)
{
    job *jb = arg;
    shared *sh = jb->sh;
    rf_mc_worker *wk = &sh->workers[jb->w];
    rf_uncertain_undo undo;
    rf_uncertain_undo_init(&undo);
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        int k = sh->stop ? sh->last : sh->next;
        if (k < sh->last) sh->next++;
        pthread_mutex_unlock(&sh->lock);
        if (k >= sh->last) break;
        rf_status st = one_draw(sh, wk, &undo, k);
        pthread_mutex_lock(&sh->lock);
        if (st != RF_OK && !sh->stop) {
            sh->stop = 1;
            rf_err_set(&sh->err, st, NULL, 0, NULL, "out of memory in draw %d", k);
        }
        sh->done++;
        if (st == RF_OK && sh->cfg->progress) sh->cfg->progress(sh->cfg->progress_ctx, sh->done, sh->last - sh->first);
        pthread_mutex_unlock(&sh->lock);
    }
    rf_uncertain_undo_free(&undo);
    return NULL;
}

void rf_mc_draws_free(rf_mc_draws *d)
{
    if (!d) return;
    for (int i = 0; i < d->ninputs; i++) {
        if (d->inputs) free(d->inputs[i]);
        if (d->input_targets) free(d->input_targets[i]);
        if (d->input_dists) free(d->input_dists[i]);
    }
    free(d->inputs);
    free(d->input_targets);
    free(d->input_dists);
    free(d->metrics);
    free(d->values);
    free(d->outputs);
    free(d->failed);
    free(d->clamped);
    free(d->fail_year);
    free(d->fail_status);
    memset(d, 0, sizeof *d);
}

/* Mark rows [a, b) of d not run: NaN values and outputs, failed -1, zeros. */
static void rows_not_run(rf_mc_draws *d, size_t a, size_t b)
{
    size_t ni = (size_t)d->ninputs, nm = (size_t)d->nmetrics;
    for (size_t k = a * ni; k < b * ni; k++) d->values[k] = NAN;
    for (size_t k = a * nm; k < b * nm; k++) d->outputs[k] = NAN;
    for (size_t k = a; k < b; k++) {
        d->failed[k] = -1;
        d->clamped[k] = d->fail_year[k] = d->fail_status[k] = 0;
    }
}

/* Rows for draws [first, last) only (offset first), not run yet. */
static rf_status draws_alloc(const rf_scenario *sc, const rf_mc_config *cfg, int first, int last, rf_mc_draws *o)
{
    size_t n = (size_t)(last - first), ni = (size_t)sc->nuncertain;
    size_t rows = n ? n : 1; /* never malloc(0) */
    o->ndraws = cfg->ndraws;
    o->ninputs = sc->nuncertain;
    o->offset = first;
    o->nrows = (int)n;
    o->seed = cfg->seed;
    o->sampling = cfg->sampling;
    o->inputs = calloc(ni, sizeof *o->inputs);
    o->input_targets = calloc(ni, sizeof *o->input_targets);
    o->input_dists = calloc(ni, sizeof *o->input_dists);
    o->values = malloc(rows * ni * sizeof *o->values);
    o->outputs = malloc(rows * (size_t)(o->nmetrics ? o->nmetrics : 1) * sizeof *o->outputs);
    o->failed = malloc(rows * sizeof *o->failed);
    o->clamped = malloc(rows * sizeof *o->clamped);
    o->fail_year = malloc(rows * sizeof *o->fail_year);
    o->fail_status = malloc(rows * sizeof *o->fail_status);
    if (!o->inputs || !o->input_targets || !o->input_dists || !o->values || !o->outputs || !o->failed ||
        !o->clamped || !o->fail_year || !o->fail_status)
        return RF_ENOMEM;
    for (size_t i = 0; i < ni; i++) {
        const rf_uncertain *u = &sc->uncertain[i];
        if (!(o->inputs[i] = rf__strdup(u->name ? u->name : "")) ||
            !(o->input_targets[i] = rf__strdup(rf_uncertain_target_name(u->target))) ||
            !(o->input_dists[i] = rf__strdup(dist_name(u->dist.kind))))
            return RF_ENOMEM;
    }
    rows_not_run(o, 0, n);
    return RF_OK;
}

rf_status rf_mc_draws_hold_all(rf_mc_draws *d, rf_err *err)
{
    if (d->offset == 0 && d->nrows == d->ndraws) return RF_OK;
    size_t n = (size_t)d->ndraws, ni = (size_t)d->ninputs, nm = (size_t)d->nmetrics;
    size_t off = (size_t)d->offset, held = (size_t)d->nrows;
    /* Every array grows first (the rows held stay at their start, so a
     * failure part way leaves d as it was, some arrays merely larger). */
#define GROW(field, count)                                                                          \
    do {                                                                                            \
        size_t c_ = (count);                                                                        \
        void *q_ = realloc(d->field, (c_ ? c_ : 1) * sizeof *d->field);                             \
        if (!q_) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");                 \
        d->field = q_;                                                                              \
    } while (0)
    GROW(values, n * ni);
    GROW(outputs, n * (nm ? nm : 1));
    GROW(failed, n);
    GROW(clamped, n);
    GROW(fail_year, n);
    GROW(fail_status, n);
#undef GROW
    /* Then the rows held move up to their draw index (a no-op at offset 0),
     * and the rows around them are marked not run. */
    if (off > 0 && held > 0) {
        memmove(&d->values[off * ni], d->values, held * ni * sizeof *d->values);
        memmove(&d->outputs[off * nm], d->outputs, held * nm * sizeof *d->outputs);
        memmove(&d->failed[off], d->failed, held * sizeof *d->failed);
        memmove(&d->clamped[off], d->clamped, held * sizeof *d->clamped);
        memmove(&d->fail_year[off], d->fail_year, held * sizeof *d->fail_year);
        memmove(&d->fail_status[off], d->fail_status, held * sizeof *d->fail_status);
    }
    d->offset = 0;
    d->nrows = d->ndraws;
    rows_not_run(d, 0, off);
    rows_not_run(d, off + held, n);
    return RF_OK;
}

rf_status rf_montecarlo_run(rf_mc_worker *workers, int nworkers, const rf_mc_config *cfg, rf_mc_draws *out,
                            rf_err *err)
{
    memset(out, 0, sizeof *out);
    if (!workers || nworkers < 1 || nworkers > 64 || !cfg)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_montecarlo_run: 1 to 64 workers and a config");
    if (cfg->ndraws < 1 || cfg->ndraws > RF_MC_MAX_DRAWS)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "--draws", "expects 1..%d draws", RF_MC_MAX_DRAWS);
    if (cfg->sampling != RF_MC_RANDOM && cfg->sampling != RF_MC_LHS)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "--sampling", "expects random or lhs");
    int first = cfg->first, last = cfg->last ? cfg->last : cfg->ndraws;
    if (first < 0 || last > cfg->ndraws || first > last)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "draw range [%d, %d) is not within [0, %d)", first, last,
                          cfg->ndraws);
    const rf_scenario *sc0 = workers[0].scenario;
    if (sc0->nuncertain < 1)
        return rf_err_set(err, RF_EINVAL, sc0->file, 0, "uncertainty",
                          "the scenario has no `uncertainty:` section: nothing to draw");
    for (int i = 1; i < nworkers; i++)
        if (workers[i].scenario->nuncertain != sc0->nuncertain || workers[i].scenario->nyears != sc0->nyears)
            return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "the workers' scenarios differ");
    rf_status st = rf_montecarlo_metrics(workers[0].world, sc0, &out->metrics, &out->nmetrics, err);
    if (st != RF_OK) return st;
    if (draws_alloc(sc0, cfg, first, last, out) != RF_OK) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    out->first = first;
    out->last = last;

    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.workers = workers;
    sh.cfg = cfg;
    sh.out = out;
    sh.first = sh.next = first;
    sh.last = last;
    rf_err_clear(&sh.err);
    int *plan = NULL;
    if (cfg->sampling == RF_MC_LHS && (st = rf_mc_lhs_plan(cfg->seed, cfg->ndraws, sc0->nuncertain, &plan, err)) != RF_OK)
        return st;
    sh.plan = plan;
    if (!(sh.ujs = malloc((size_t)sc0->nuncertain * sizeof *sh.ujs))) {
        free(plan);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    /* One u per group: every member uses the index of the group's first member. */
    for (int i = 0; i < sc0->nuncertain; i++) {
        sh.ujs[i] = i;
        int g = sc0->uncertain[i].group;
        if (g >= 0)
            for (int k = 0; k < i; k++)
                if (sc0->uncertain[k].group == g) {
                    sh.ujs[i] = k;
                    break;
                }
    }
    pthread_mutex_init(&sh.lock, NULL);
    job jobs[64];
    pthread_t th[64];
    int started = 0;
    int nthreads = nworkers < last - first ? nworkers : (last - first > 0 ? last - first : 1);
    for (int i = 1; i < nthreads; i++) {
        jobs[i] = (job){&sh, i};
        if (pthread_create(&th[i], NULL, worker_main, &jobs[i]) != 0) break;
        started = i;
    }
    jobs[0] = (job){&sh, 0};
    worker_main(&jobs[0]); /* the calling thread is worker 0 */
    for (int i = 1; i <= started; i++) pthread_join(th[i], NULL);
    pthread_mutex_destroy(&sh.lock);
    free(sh.ujs);
    free(plan);
    if (sh.stop) {
        *err = sh.err;
        return sh.err.code;
    }
    return RF_OK;
}

/* ---------- the summary ---------- */

void rf_mc_summary_free(rf_mc_summary_t *s)
{
    if (!s) return;
    free(s->failed);
    free(s->pct);
    free(s->sens);
    memset(s, 0, sizeof *s);
}

static int sens_cmp(const void *a, const void *b)
{
    const rf_mc_sens_row *x = a, *y = b;
    double ax = fabs(x->rho), ay = fabs(y->rho);
    if (ax != ay) return ax > ay ? -1 : 1;
    return (x->input > y->input) - (x->input < y->input);
}

rf_status rf_montecarlo_summarize(const rf_mc_draws *d, rf_mc_summary_t *s, rf_err *err)
{
    memset(s, 0, sizeof *s);
    int n = d->ndraws, ni = d->ninputs, nm = d->nmetrics;
    if (d->offset != 0 || d->nrows != n)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL,
                          "the summary needs every draw's row: these hold draws [%d, %d) of %d", d->offset,
                          d->offset + d->nrows, n);
    for (int k = 0; k < n; k++)
        if (d->failed[k] < 0) return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "draw %d was not run", k);
    int last_year = 0;
    for (int j = 0; j < nm; j++)
        if (d->metrics[j].year > last_year) last_year = d->metrics[j].year;
    double *x = malloc((size_t)(n ? n : 1) * sizeof *x), *y = malloc((size_t)(n ? n : 1) * sizeof *y);
    rf_mc_sens_row *rows = malloc((size_t)(ni ? ni : 1) * sizeof *rows);
    s->failed = malloc((size_t)(n ? n : 1) * sizeof *s->failed);
    s->pct = calloc((size_t)(nm ? nm : 1), sizeof *s->pct);
    size_t sens_cap = 64;
    s->sens = malloc(sens_cap * sizeof *s->sens);
    rf_status st = x && y && rows && s->failed && s->pct && s->sens ? RF_OK : RF_ENOMEM;
    for (int k = 0; st == RF_OK && k < n; k++) {
        if (d->failed[k]) s->failed[s->nfailed++] = k;
        s->clamped += d->clamped[k];
    }
    s->failed_draws = s->nfailed;
    int has2030 = 0;
    for (int j = 0; j < nm; j++)
        if (d->metrics[j].year == 2030) has2030 = 1;
    for (int j = 0; st == RF_OK && j < nm; j++) {
        int m = 0, nonzero = 0;
        for (int k = 0; k < n; k++) {
            double v = d->outputs[(size_t)k * (size_t)nm + (size_t)j];
            if (d->failed[k] || isnan(v)) continue;
            nonzero |= v != 0.0;
            x[m++] = v;
        }
        if (m == 0 || (d->metrics[j].kind == RF_MCM_GOVERNMENT_COST && !nonzero)) continue;
        rf_mc_pct_row *p = &s->pct[s->npct++];
        p->metric = j;
        p->n = m;
        if ((st = rf_mc_summary(x, m, p->v, err)) != RF_OK) break;
        int yr = d->metrics[j].year;
        if (!(yr == last_year || (has2030 && yr == 2030))) continue;
        /* Spearman of this output with each input over the draws where both are numbers. */
        int nr = 0;
        for (int i = 0; i < ni; i++) {
            int mm = 0;
            for (int k = 0; k < n; k++) {
                double v = d->outputs[(size_t)k * (size_t)nm + (size_t)j];
                double u = d->values[(size_t)k * (size_t)ni + (size_t)i];
                if (d->failed[k] || isnan(v) || isnan(u)) continue;
                x[mm] = v;
                y[mm++] = u;
            }
            double rho = rf_mc_spearman(y, x, mm);
            if (isnan(rho)) continue;
            rows[nr++] = (rf_mc_sens_row){j, i, rho};
        }
        qsort(rows, (size_t)nr, sizeof *rows, sens_cmp);
        for (int r = 0; r < nr; r++) {
            if (!(r < 5 || fabs(rows[r].rho) >= 0.05)) continue;
            if ((size_t)s->nsens == sens_cap) {
                rf_mc_sens_row *g = realloc(s->sens, 2 * sens_cap * sizeof *g);
                if (!g) {
                    st = RF_ENOMEM;
                    break;
                }
                s->sens = g;
                sens_cap *= 2;
            }
            s->sens[s->nsens++] = rows[r];
        }
    }
    free(x);
    free(y);
    free(rows);
    if (st != RF_OK) {
        rf_mc_summary_free(s);
        if (st == RF_ENOMEM) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        return st;
    }
    return RF_OK;
}
