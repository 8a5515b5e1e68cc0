/*
 * provenance.c: where what a region consumes has been (docs/analytics.md,
 * "Provenance"): proportional flow tracing through a year's solved flows,
 * as in input-output supply-chain tracing: each pool passes on the mix of
 * what flowed into it.
 *
 * Pools are the market's (docs/model.md): O(r,p), a region's own output, fed
 * by its plants and its end-of-life scrap; U(r,p), its local use, fed by the
 * transfer from O(r,p), by imports from other regions' O pools and by stocks
 * drawn.  A plant's output carries, for every stage before its own, the mix
 * of its inputs weighted by their REO content, and its own region at its own
 * stage.  Scrap (end-of-life and swarf) and stocks are pseudo-origins,
 * `recycled` and `stock`, at every stage they stand for, so that each
 * stage's shares sum to exactly 1.  "Touched the focus region at any stage"
 * is a flag carried through the same network (a plant in the focus region
 * sets it; otherwise its output carries its inputs' touched share), not a
 * product of stage shares.  Recycling closes a loop (magnets -> swarf ->
 * oxide -> metal -> magnets): the touched shares are found by repeating the
 * passes until they settle.  A compliant variant counts as its product.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/node_flows.h"
#include "rareflow/analytics.h"

/* The stages a product has been through: mine, separation, metal, magnet. */
#define NSTAGES 4
/* Passes until no share moves by 1e-10: the recycling loop (magnets -> swarf
 * -> oxide -> metal -> magnets) converges geometrically, in 2-19 passes on
 * the 2024-2040 baseline; the cap only guards against a world that would not. */
#define MAX_PASSES 200
/* Levels of a pass: the four stages' products, then scrap. */
#define NLEVELS (NSTAGES + 1)

/* A recipe that ran: where, at which stage, how much, and the levels of its outputs. */
typedef struct run {
    int region, stage, recipe;
    double activity;
    unsigned levels; /* bit lv: an output of level lv */
} run;

typedef struct tracer {
    const rf_world *w;
    const rf_year_result *yr;
    int nr, np, no;           /* regions, products, origins (regions + recycled + stock) */
    const unsigned char *mask; /* [nr] the regions whose touch is traced */
    /* Per pool (O then U, [2][nr*np]): the mix of each stage [NSTAGES][no],
     * the touched share, the inflow, and whether anything flowed in. */
    double *mix, *touched, *inflow;
    rf__node_flows fl;        /* flows read from the result, per node */
    double *oacc, *otouch;    /* a pass's sums into the O pools [O slots][NSTAGES*no], [nr*np] */
    /* slot[pool * nr*np + node]: where a pool's mix is kept, 0 (a block of zeros
     * nobody writes) for a pool nothing flows into, which is never read: a
     * year has a few hundred pools of 2 x 680, and clearing room for all of
     * them was half the page faults of a run.  O pools first (oacc has room
     * for those only). */
    int *slot;
    /* Which pools changed (a share, the touched share or the inflow, to the
     * bit) when last computed, O [nr*np] and U [nr*np]: a level's pools are
     * computed after the lower levels' of the same pass and before the
     * higher levels' of the last, so a flag read is the change since the
     * reader was last computed.  odirty: the O pools this pass computes
     * again.  A pool whose sources did not change would come out the same to
     * the bit, so it is skipped: after the first pass only the recycling loop
     * moves. */
    unsigned char *ochg, *uchg, *odirty;
    int first;                /* the first pass computes every pool */
    run *runs;                /* [nruns] the recipes that ran */
    int nruns;
    int *plev;                /* [np] each product's level */
    int *lev[NLEVELS], nlev[NLEVELS]; /* the products of each level */
} tracer;

#define RECYCLED(t) ((t)->nr)
#define STOCK(t) ((t)->nr + 1)
#define NODE(t, r, p) ((size_t)(r) * (size_t)(t)->np + (size_t)(p))
#define NN(t) ((size_t)(t)->nr * (size_t)(t)->np)
#define SLOT(t, pool, node) ((size_t)(t)->slot[(size_t)(pool) * NN(t) + (size_t)(node)])
#define MIX(t, pool, node, s) (&(t)->mix[(SLOT(t, pool, node) * NSTAGES + (size_t)(s)) * (size_t)(t)->no])
#define TOUCH(t, pool, node) ((t)->touched[(size_t)(pool) * NN(t) + (size_t)(node)])

/* Weight of t of product p as an input: its REO content (magnets, scrap: their mass). */
static double weight(const rf_world *w, int p)
{
    return w->products[p].reo_factor > 0.0 ? w->products[p].reo_factor : 1.0;
}

/* A pool's level in a pass: its product's stage, scrap last (it is made by
 * magnet plants and fed back to recyclers: the loop the passes go round). */
static int level_of(const rf_world *w, int p)
{
    int s = rf__product_stage(w, p);
    return s >= 0 ? s : NSTAGES;
}

static void tracer_free(tracer *t)
{
    free(t->mix);
    free(t->touched);
    free(t->inflow);
    rf__node_flows_free(&t->fl);
    free(t->oacc);
    free(t->otouch);
    free(t->slot);
    free(t->ochg);
    free(t->uchg);
    free(t->odirty);
    free(t->runs);
    free(t->plev);
    for (int lv = 0; lv < NLEVELS; lv++) free(t->lev[lv]);
}

static int tracer_init(tracer *t, const rf_world *w, const rf_year_result *yr, const unsigned char *mask)
{
    memset(t, 0, sizeof *t);
    t->w = w;
    t->yr = yr;
    t->nr = w->nregions;
    t->np = w->nproducts;
    t->no = w->nregions + 2;
    t->mask = mask;
    size_t nn = (size_t)t->nr * (size_t)t->np;
    t->touched = calloc(2 * nn + 1, sizeof *t->touched);
    t->inflow = calloc(2 * nn + 1, sizeof *t->inflow);
    t->slot = calloc(2 * nn + 1, sizeof *t->slot);
    t->otouch = calloc(nn + 1, sizeof *t->otouch);
    t->ochg = calloc(nn + 1, 1);
    t->uchg = calloc(nn + 1, 1);
    t->odirty = calloc(nn + 1, 1);
    t->first = 1;
    if (rf__node_flows_init(&t->fl, w, yr) || !t->ochg || !t->uchg || !t->odirty || !t->slot || !t->otouch ||
        !t->touched || !t->inflow)
        return -1;
    /* The pools something flows into (the tests of pass()). */
    int nslot = 1;
    for (size_t node = 0; node < nn; node++)
        if (t->fl.made[node] + t->fl.eol[node] > 0.0) t->slot[node] = nslot++;
    int nos = nslot;
    for (size_t node = 0; node < nn; node++) {
        double transfer = t->fl.made[node] + t->fl.eol[node] - t->fl.exports[node];
        if (transfer < 0.0) transfer = 0.0;
        if (transfer + t->fl.imports[node] + t->fl.drawn[node] > 0.0) t->slot[nn + node] = nslot++;
    }
    size_t width = (size_t)NSTAGES * (size_t)t->no;
    t->mix = calloc((size_t)nslot * width, sizeof *t->mix);
    t->oacc = calloc((size_t)nos * width, sizeof *t->oacc);
    t->plev = malloc(((size_t)t->np + 1) * sizeof *t->plev);
    int nrec = 0;
    for (int f = 0; f < w->nfacilities; f++) nrec += w->facilities[f].nrecipes;
    t->runs = malloc(((size_t)nrec + 1) * sizeof *t->runs);
    if (!t->mix || !t->oacc || !t->plev || !t->runs) return -1;
    for (int p = 0; p < t->np; p++) t->nlev[t->plev[p] = level_of(w, p)]++;
    for (int lv = 0; lv < NLEVELS; lv++) {
        t->lev[lv] = malloc(((size_t)t->nlev[lv] + 1) * sizeof *t->lev[lv]);
        if (!t->lev[lv]) return -1;
        t->nlev[lv] = 0;
    }
    for (int p = 0; p < t->np; p++) t->lev[t->plev[p]][t->nlev[t->plev[p]]++] = p;
    for (int f = 0; f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        for (int k = 0; k < fac->nrecipes; k++) {
            double a = yr->activity ? yr->activity[fac->recipe_offset + k] : 0.0;
            if (!(a > 0.0)) continue;
            const rf_recipe *rc = &w->recipes[fac->recipes[k]];
            run *rn = &t->runs[t->nruns++];
            *rn = (run){fac->region, (int)fac->stage, fac->recipes[k], a, 0u};
            for (int j = 0; j < rc->nout; j++) rn->levels |= 1u << t->plev[rc->out[j].product];
        }
    }
    return 0;
}

/* Add weight x the pool's mix (all stages) and touched share into acc. */
static void add_pool(const tracer *t, double *acc, double *acc_touch, int pool, size_t node, double x)
{
    const double *src = MIX(t, pool, node, 0);
    for (size_t i = 0; i < (size_t)NSTAGES * (size_t)t->no; i++) acc[i] += x * src[i];
    *acc_touch += x * TOUCH(t, pool, node);
}

/* fmax(m, x) for the running change m, which is never NaN (a NaN x leaves
 * m, as in fmax), inlined: fmax is a libm call in the innermost loop. */
static inline double larger(double m, double x)
{
    return x > m ? x : m;
}

/* Whether b is a (bit for bit, so -0 is not 0) different value from a. */
static inline int moved(double a, double b)
{
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x != y;
}

/* The O pools of level lv: what each region's plants made, plus its
 * end-of-life scrap.  Each recipe run with an output of that level is
 * visited once: its inputs' mix goes to each of those outputs.  Returns the
 * largest change of a share. */
static double pass_o(tracer *t, int lv, double *inmix)
{
    const rf_world *w = t->w;
    size_t width = (size_t)NSTAGES * (size_t)t->no;
    double change = 0.0;
    /* The O pools fed by a run whose input pools changed when last computed
     * (earlier in this pass for a lower level; in the last pass otherwise). */
    for (int i = 0; i < t->nlev[lv]; i++)
        for (int r = 0; r < t->nr; r++) t->odirty[NODE(t, r, t->lev[lv][i])] = (unsigned char)t->first;
    for (int u = 0; u < t->nruns && !t->first; u++) {
        const run *rn = &t->runs[u];
        if (!(rn->levels & (1u << lv))) continue;
        const rf_recipe *rc = &w->recipes[rn->recipe];
        int dirty = 0;
        for (int i = 0; i < rc->nin; i++) dirty |= t->uchg[NODE(t, rn->region, rc->in[i].product)];
        for (int j = 0; j < rc->nout && dirty; j++)
            if (t->plev[rc->out[j].product] == lv) t->odirty[NODE(t, rn->region, rc->out[j].product)] = 1;
    }
    for (int u = 0; u < t->nruns; u++) {
        const run *rn = &t->runs[u];
        if (!(rn->levels & (1u << lv))) continue;
        const rf_recipe *rc = &w->recipes[rn->recipe];
        int r = rn->region, stage = rn->stage, wanted = 0;
        for (int j = 0; j < rc->nout; j++)
            wanted |= t->plev[rc->out[j].product] == lv && t->odirty[NODE(t, r, rc->out[j].product)];
        if (!wanted) continue;
        /* The mix of the recipe's inputs, by REO weight. */
        memset(inmix, 0, width * sizeof *inmix);
        double in_w = 0.0, in_touch = 0.0;
        for (int i = 0; i < rc->nin; i++) {
            size_t src = NODE(t, r, rc->in[i].product);
            double x = rc->in[i].qty * weight(w, rc->in[i].product);
            if (!(t->inflow[NN(t) + src] > 0.0)) continue; /* nothing there yet: no mix */
            add_pool(t, inmix, &in_touch, 1, src, x);
            in_w += x;
        }
        double touch_per = t->mask[r] ? 1.0 : (in_w > 0.0 ? in_touch / in_w : 0.0);
        for (int j = 0; j < rc->nout; j++) {
            int p = rc->out[j].product;
            double out = rn->activity * rc->out[j].qty;
            size_t node = NODE(t, r, p);
            /* A pool without a slot takes nothing in (its output is below the
             * market's FLOW_EPS) and is never read. */
            if (t->plev[p] != lv || !(out > 0.0) || !t->odirty[node] || !SLOT(t, 0, node)) continue;
            double *m = t->oacc + SLOT(t, 0, node) * width;
            for (int s = 0; s < NSTAGES; s++) {
                double *ms = m + (size_t)s * (size_t)t->no;
                const double *fs = inmix + (size_t)s * (size_t)t->no;
                if (lv == NSTAGES || stage == RF_STAGE_RECYCLING) {
                    /* Scrap, and what recyclers make: the recycled pseudo-origin
                     * at every stage. */
                    ms[RECYCLED(t)] += out;
                } else if (s == stage) {
                    ms[r] += out;
                } else if (s < stage && in_w > 0.0) {
                    for (int o = 0; o < t->no; o++) ms[o] += out * fs[o] / in_w;
                } else if (s < stage) {
                    ms[RECYCLED(t)] += out; /* inputs not traced yet (first pass) */
                }
            }
            t->otouch[node] += out * touch_per;
        }
    }
    for (int i = 0; i < t->nlev[lv]; i++)
        for (int r = 0; r < t->nr; r++) {
            size_t node = NODE(t, r, t->lev[lv][i]);
            double total = t->fl.made[node] + t->fl.eol[node];
            t->ochg[node] = 0;
            if (!(total > 0.0) || !t->odirty[node]) continue;
            /* oacc and otouch start zero (calloc) and are cleared as they are
             * read: clearing all of them each pass cost as much as the pass. */
            double *m = t->oacc + SLOT(t, 0, node) * width, touch = t->otouch[node];
            t->otouch[node] = 0.0;
            /* End-of-life scrap: recycled at every stage; touched where it is collected. */
            if (t->fl.eol[node] > 0.0) {
                for (int s = 0; s < NSTAGES; s++) m[(size_t)s * (size_t)t->no + (size_t)RECYCLED(t)] += t->fl.eol[node];
                touch += t->fl.eol[node] * (t->mask[r] ? 1.0 : 0.0);
            }
            double *dst = MIX(t, 0, node, 0);
            double sum = 0.0;
            for (int o = 0; o < t->no; o++) sum += m[o];
            /* Normalise each stage by the O pool's inflow (every stage carries the whole flow). */
            double norm = sum > 0.0 ? sum : total;
            int chg = 0;
            for (size_t k = 0; k < width; k++) {
                change = larger(change, fabs(m[k] / norm - dst[k]));
                chg |= moved(dst[k], m[k] / norm);
                dst[k] = m[k] / norm;
            }
            memset(m, 0, width * sizeof *m);
            double nt = touch / norm;
            change = larger(change, fabs(nt - TOUCH(t, 0, node)));
            chg |= moved(TOUCH(t, 0, node), nt) | moved(t->inflow[node], norm);
            TOUCH(t, 0, node) = nt;
            t->inflow[node] = norm;
            t->ochg[node] = (unsigned char)chg;
        }
    return change;
}

/* The U pools of level lv: the transfer from O, imports, and stocks drawn.
 * Returns the largest change of a share. */
static double pass_u(tracer *t, int lv, double *acc)
{
    size_t nn = NN(t), width = (size_t)NSTAGES * (size_t)t->no;
    double change = 0.0;
    for (int i = 0; i < t->nlev[lv]; i++)
        for (int r = 0; r < t->nr; r++) {
            int p = t->lev[lv][i];
            size_t node = NODE(t, r, p);
            double transfer = t->fl.made[node] + t->fl.eol[node] - t->fl.exports[node];
            if (transfer < 0.0) transfer = 0.0;
            double total = transfer + t->fl.imports[node] + t->fl.drawn[node];
            /* Computed again when its own O pool or an O pool it imports from changed. */
            int dirty = t->first || t->ochg[node];
            for (int s2 = 0; s2 < t->nr && !dirty; s2++)
                dirty = t->fl.arc[RF__ARC(&t->fl, s2, r, p)] > 0.0 && t->ochg[NODE(t, s2, p)];
            t->uchg[node] = 0;
            if (!(total > 0.0) || !dirty) continue;
            double touch = 0.0, traced = 0.0;
            memset(acc, 0, width * sizeof *acc);
            if (transfer > 0.0 && t->inflow[node] > 0.0) {
                add_pool(t, acc, &touch, 0, node, transfer);
                traced += transfer;
            }
            for (int s2 = 0; s2 < t->nr; s2++) {
                double x = t->fl.arc[RF__ARC(&t->fl, s2, r, p)];
                if (!(x > 0.0) || !(t->inflow[NODE(t, s2, p)] > 0.0)) continue;
                add_pool(t, acc, &touch, 0, NODE(t, s2, p), x);
                traced += x;
            }
            /* Stock drawn: the stock pseudo-origin at every stage; its touch is
             * taken as that of the pool's other inflows (bought in earlier years,
             * from the same suppliers as far as the run knows). */
            if (t->fl.drawn[node] > 0.0) {
                for (int s = 0; s < NSTAGES; s++) acc[(size_t)s * (size_t)t->no + (size_t)STOCK(t)] += t->fl.drawn[node];
                touch += t->fl.drawn[node] * (traced > 0.0 ? touch / traced : (t->mask[r] ? 1.0 : 0.0));
            }
            double norm = traced + t->fl.drawn[node];
            if (!(norm > 0.0)) continue;
            double *dst = MIX(t, 1, node, 0);
            int chg = 0;
            for (size_t k = 0; k < width; k++) {
                change = larger(change, fabs(acc[k] / norm - dst[k]));
                chg |= moved(dst[k], acc[k] / norm);
                dst[k] = acc[k] / norm;
            }
            double nt = touch / norm;
            change = larger(change, fabs(nt - TOUCH(t, 1, node)));
            chg |= moved(TOUCH(t, 1, node), nt) | moved(t->inflow[nn + node], norm);
            TOUCH(t, 1, node) = nt;
            t->inflow[nn + node] = norm;
            t->uchg[node] = (unsigned char)chg;
        }
    return change;
}

/* One pass over every pool, level by level (Gauss-Seidel): a level's pools
 * read the lower levels' pools of this same pass, so the chain from mine to
 * magnet settles in one pass and later passes only go round the recycling
 * loop.  Returns the largest change of a share (a mix's or a touched one). */
static double pass(tracer *t, double *acc, double *inmix)
{
    double change = 0.0;
    for (int lv = 0; lv < NLEVELS; lv++) {
        change = larger(change, pass_o(t, lv, inmix));
        change = larger(change, pass_u(t, lv, acc));
    }
    t->first = 0;
    return change;
}

/* The final products a region consumes: those of its served demand rows. */
static int consumed(const rf_world *w, const rf_year_result *yr, int r, int p)
{
    for (int d = 0; d < w->ndemand; d++)
        if (w->demand[d].region == r && w->demand[d].product == p && yr->served_t && yr->served_t[d] > 0.0) return 1;
    return 0;
}

static int push_prov(rf_year_result *yr, int r, int p, int stage, int origin, double share)
{
    rf_provenance_row *g = realloc(yr->provenance, ((size_t)yr->nprovenance + 1) * sizeof *g);
    if (!g) return -1;
    yr->provenance = g;
    g[yr->nprovenance++] = (rf_provenance_row){r, p, stage, origin, share};
    return 0;
}

/* Trace the year's flows with the touched set `mask`; with `prov`, write the
 * provenance rows; append a touched row per consumed final product, with
 * `focus` (a region, or -1 for a set named `label`).  0, or -1 on ENOMEM. */
static int trace_year(const rf_world *w, rf_year_result *yr, const unsigned char *mask, int prov, int focus,
                      const char *label)
{
    tracer t;
    double *acc = NULL, *inmix = NULL;
    int rc = tracer_init(&t, w, yr, mask);
    size_t width = (size_t)NSTAGES * (size_t)t.no;
    if (!rc) {
        acc = malloc((width + 1) * sizeof *acc);
        inmix = malloc((width + 1) * sizeof *inmix);
        rc = !acc || !inmix;
    }
    /* Each pass moves the mixes one step down the chain; the recycling loop
     * makes the touched shares converge rather than settle at once. */
    for (int pass_no = 0; !rc && pass_no < MAX_PASSES; pass_no++)
        if (pass(&t, acc, inmix) < 1e-10 && pass_no > 0) break;
    for (int r = 0; !rc && r < t.nr; r++)
        for (int p = 0; !rc && p < t.np; p++) {
            size_t node = NODE(&t, r, p);
            int top = rf__product_stage(w, p);
            if (top < 0 || !consumed(w, yr, r, p) || !(t.inflow[NN(&t) + node] > 0.0)) continue;
            for (int s = 0; prov && !rc && s <= top; s++) {
                const double *m = MIX(&t, 1, node, s);
                for (int o = 0; !rc && o < t.no; o++)
                    if (m[o] > 1e-12) rc = push_prov(yr, r, p, s, o < t.nr ? o : (o == RECYCLED(&t) ? -1 : -2), m[o]);
            }
            if (rc) break;
            rf_touched_row *g = realloc(yr->touched, ((size_t)yr->ntouched + 1) * sizeof *g);
            if (!g) {
                rc = -1;
                break;
            }
            yr->touched = g;
            rf_touched_row *row = &g[yr->ntouched++];
            memset(row, 0, sizeof *row);
            row->region = r;
            row->product = p;
            row->focus = focus;
            row->share = TOUCH(&t, 1, node);
            if (label) snprintf(row->set, sizeof row->set, "%s", label);
        }
    free(acc);
    free(inmix);
    tracer_free(&t);
    return rc;
}

rf_status rf_analytics_provenance(const rf_world *w, rf_year_result *yr, int focus, rf_err *err)
{
    free(yr->provenance);
    free(yr->touched);
    yr->provenance = NULL;
    yr->touched = NULL;
    yr->nprovenance = yr->ntouched = 0;
    if (yr->status != RF_YEAR_OPTIMAL || focus < 0) return RF_OK;
    unsigned char *mask = calloc((size_t)w->nregions + 1, 1);
    int rc = !mask;
    if (!rc) {
        mask[focus] = 1;
        rc = trace_year(w, yr, mask, 1, focus, NULL);
    }
    free(mask);
    if (rc) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory tracing provenance");
    return RF_OK;
}

rf_status rf_analytics_touched_set(const rf_world *w, rf_year_result *yr, const unsigned char *mask, const char *label,
                                   rf_err *err)
{
    if (yr->status != RF_YEAR_OPTIMAL) return RF_OK;
    if (trace_year(w, yr, mask, 0, -1, label))
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory tracing provenance");
    return RF_OK;
}
