/*
 * stage_flows.c: the links of the year's Sankey of the chain (docs/analytics.md,
 * "Stage flows (the Sankey's links)"): t of each product made by the plants
 * of a stage in a region and used by the plants of a stage, or by the demand,
 * of a region.
 *
 * The pools are the market's (docs/model.md) and the mixing is provenance.c's:
 * each use pool U(r,p) is fed by the transfer from r's own output O(r,p), by
 * imports from other regions' O pools and by stocks drawn; every use of the
 * pool (the inputs of r's plants by stage, its served demand by sector) takes
 * the same mix of what flowed in.  An O pool's mix is what its plants of each
 * stage made and the end-of-life scrap it collected.  The transfer O -> U is
 * not a column of the results: it is taken as what the pool's uses needed
 * beyond its imports and stocks drawn, at most what O had left after its
 * exports (disposal, free at both pools, is then counted at O).
 */
#include <stdlib.h>
#include <string.h>

#include "analytics/node_flows.h"
#include "rareflow/analytics.h"

/* Rows below this are left out, t. */
#define MIN_T 1e-6
/* Origin stages: the plants' (RF_STAGE_*) and end-of-life scrap. */
#define NFROM (RF_FLOW_END_OF_LIFE + 1)

typedef struct acc {
    rf_stage_flow *rows;
    int n, cap;
} acc;

static int push(acc *a, rf_stage_flow row)
{
    if (a->n == a->cap) {
        int cap = a->cap ? 2 * a->cap : 256;
        rf_stage_flow *g = realloc(a->rows, (size_t)cap * sizeof *g);
        if (!g) return -1;
        a->rows = g;
        a->cap = cap;
    }
    a->rows[a->n++] = row;
    return 0;
}

/* The stage a stock of product p stands for: its family's (scrap: recycling). */
static int stock_stage(const rf_world *w, int p)
{
    int s = rf__product_stage(w, p);
    return s >= 0 ? s : RF_STAGE_RECYCLING;
}

/* Add x t shipped out of O(r,p) to del[] (by origin stage and region): the
 * pool's mix of what its plants of each stage made and its end-of-life scrap. */
static void add_from_pool(const rf_world *w, const rf__node_flows *fl, double *del, int r, int p, double x)
{
    size_t node = RF__NODE(fl, r, p), width = (size_t)fl->nr + 1;
    double total = fl->made[node] + fl->eol[node];
    if (!(total > 0.0)) { /* nothing made there (cannot happen in a solved year): the product's stage */
        del[(size_t)stock_stage(w, p) * width + (size_t)r] += x;
        return;
    }
    for (int s = 0; s < RF_STAGE_COUNT; s++) {
        double m = fl->made_stage[node * RF_STAGE_COUNT + (size_t)s];
        if (m > 0.0) del[(size_t)s * width + (size_t)r] += x * m / total;
    }
    if (fl->eol[node] > 0.0) del[(size_t)RF_FLOW_END_OF_LIFE * width + (size_t)r] += x * fl->eol[node] / total;
}

/* One use of U(r,p) of `use` t, by plants of `to_stage` or by demand in `sector`:
 * a row per origin, its share of the pool's inflow. */
static int emit(acc *a, const rf__node_flows *fl, const double *del, double inflow, int r, int p, int to_stage,
                const char *sector, double use)
{
    size_t width = (size_t)fl->nr + 1;
    for (int s = 0; s < NFROM; s++)
        for (int o = 0; o <= fl->nr; o++) {
            double d = del[(size_t)s * width + (size_t)o];
            if (!(d > 0.0)) continue;
            double t = use * d / inflow;
            if (t < MIN_T) continue;
            rf_stage_flow row = {s, o < fl->nr ? o : RF_ORIGIN_STOCK, to_stage, r, p, sector, t};
            if (push(a, row)) return -1;
        }
    return 0;
}

rf_status rf_analytics_stage_flows(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    free(yr->stage_flows);
    yr->stage_flows = NULL;
    yr->nstage_flows = 0;
    if (yr->status != RF_YEAR_OPTIMAL) return RF_OK;
    rf__node_flows fl;
    acc a = {NULL, 0, 0};
    int nr = w->nregions, np = w->nproducts;
    size_t nn = (size_t)nr * (size_t)np, width = (size_t)nr + 1;
    int rc = rf__node_flows_init(&fl, w, yr);
    double *fuse = calloc(nn * RF_STAGE_COUNT + 1, sizeof *fuse); /* plants' inputs by stage */
    double *other = calloc(nn + 1, sizeof *other);   /* withdrawals, stock built: no rows */
    double *served = calloc(nn + 1, sizeof *served);
    double *del = malloc((NFROM * width + 1) * sizeof *del);
    rc = rc || !fuse || !other || !served || !del;
    for (int f = 0; !rc && f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        for (int k = 0; yr->activity && k < fac->nrecipes; k++) {
            double x = yr->activity[fac->recipe_offset + k];
            if (!(x > 0.0)) continue;
            const rf_recipe *rcp = &w->recipes[fac->recipes[k]];
            for (int i = 0; i < rcp->nin; i++)
                fuse[RF__NODE(&fl, fac->region, rcp->in[i].product) * RF_STAGE_COUNT + (size_t)fac->stage] +=
                    x * rcp->in[i].qty;
        }
    }
    for (int d = 0; !rc && yr->served_t && d < w->ndemand; d++)
        if (yr->served_t[d] > 0.0) served[RF__NODE(&fl, w->demand[d].region, w->demand[d].product)] += yr->served_t[d];
    for (int i = 0; !rc && yr->extra_t && i < yr->nextra; i++)
        if (yr->extra_sign[i] < 0 && yr->extra_t[i] > 0.0)
            other[RF__NODE(&fl, yr->extra_region[i], yr->extra_product[i])] += yr->extra_t[i];
    for (int i = 0; !rc && i < yr->ninventory; i++) {
        double b = yr->inventory[i].t - yr->inventory[i].open_t;
        if (b > 0.0) other[RF__NODE(&fl, yr->inventory[i].region, yr->inventory[i].product)] += b;
    }
    for (size_t node = 0; !rc && node < nn; node++) {
        int r = (int)(node / (size_t)np), p = (int)(node % (size_t)np);
        double uses = served[node] + other[node];
        for (int s = 0; s < RF_STAGE_COUNT; s++) uses += fuse[node * RF_STAGE_COUNT + (size_t)s];
        if (!(uses > 0.0)) continue;
        /* The transfer from O(r,p): what the uses needed beyond imports and stocks drawn. */
        double left = fl.made[node] + fl.eol[node] - fl.exports[node];
        double need = uses - fl.imports[node] - fl.drawn[node];
        double transfer = left < need ? left : need;
        if (transfer < 0.0) transfer = 0.0;
        memset(del, 0, NFROM * width * sizeof *del);
        if (transfer > 0.0) add_from_pool(w, &fl, del, r, p, transfer);
        for (int s2 = 0; s2 < nr; s2++) {
            double x = fl.arc[RF__ARC(&fl, s2, r, p)];
            if (x > 0.0 && s2 != r) add_from_pool(w, &fl, del, s2, p, x);
        }
        if (fl.drawn[node] > 0.0) del[(size_t)stock_stage(w, p) * width + (size_t)nr] += fl.drawn[node];
        double inflow = 0.0;
        for (size_t i = 0; i < NFROM * width; i++) inflow += del[i];
        if (!(inflow > 0.0)) continue;
        for (int s = 0; !rc && s < RF_STAGE_COUNT; s++) {
            double u = fuse[node * RF_STAGE_COUNT + (size_t)s];
            if (u > 0.0) rc = emit(&a, &fl, del, inflow, r, p, s, NULL, u);
        }
        /* Served demand, one use per sector (rows of the same sector added up). */
        for (int d = 0; !rc && served[node] > 0.0 && d < w->ndemand; d++) {
            const rf_demand *dm = &w->demand[d];
            if (dm->region != r || dm->product != p || !(yr->served_t[d] > 0.0)) continue;
            int seen = 0;
            for (int e = 0; e < d && !seen; e++)
                seen = w->demand[e].region == r && w->demand[e].product == p && yr->served_t[e] > 0.0 &&
                       !strcmp(w->demand[e].sector, dm->sector);
            if (seen) continue;
            double u = 0.0;
            for (int e = d; e < w->ndemand; e++)
                if (w->demand[e].region == r && w->demand[e].product == p && !strcmp(w->demand[e].sector, dm->sector))
                    u += yr->served_t[e];
            rc = emit(&a, &fl, del, inflow, r, p, RF_FLOW_END_USE, dm->sector, u);
        }
    }
    free(fuse);
    free(other);
    free(served);
    free(del);
    rf__node_flows_free(&fl);
    if (rc) {
        free(a.rows);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory computing the stage flows");
    }
    yr->stage_flows = a.rows;
    yr->nstage_flows = a.n;
    return RF_OK;
}
