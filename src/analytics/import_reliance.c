/*
 * import_reliance.c: net import reliance by region and product, as the USGS
 * Mineral Commodity Summaries define it (see rareflow/analytics.h):
 *
 *   reliance = (imports - exports + stock drawdown) / apparent consumption
 *   apparent consumption = production + imports - exports + stock drawdown
 *
 * USGS reports "E" (net exporter) where imports less exports plus drawdown is
 * negative; a table of numbers keeps the negative value instead, so that a
 * consumer can tell a small net exporter from a large one (docs/analytics.md).
 *
 * Every quantity comes from the year's results: production from the
 * facilities' outputs (yr->production) plus the end-of-life scrap the
 * simulation collects in the region (a domestic, secondary supply); trade
 * from yr->trade (a compliant variant counts as its product); commercial
 * stocks from yr->inventory; strategic stockpiles from the lever's extra
 * columns, which the stockpile lever adds as a pair (its fill, a draw on the
 * pool, followed by its release, a supply to it: policy/support.c).  Any
 * other draw on a pool is a delivery (an offtake) and counts as use.
 *
 * Because the LP balances every pool, apparent consumption equals the
 * region's use plus what it disposed of, so it is positive wherever the
 * region uses the product; rows are written only there ("products a region
 * consumes"), never for a product a region only makes and ships.
 */
#include <stdlib.h>

#include "rareflow/analytics.h"

/* Per (region, product) sums, flat [nregions * nproducts]. */
typedef struct acc {
    double *prod, *imp, *exp, *draw, *use;
} acc;

static void acc_free(acc *a)
{
    free(a->prod);
    free(a->imp);
    free(a->exp);
    free(a->draw);
    free(a->use);
}

/* Whether extra column i is a stockpile fill: a draw followed by a release
 * (a supply that is not end-of-life scrap) on the same pool. */
static int is_fill(const rf_year_result *yr, int i)
{
    return yr->extra_sign[i] < 0 && i + 1 < yr->nextra && yr->extra_sign[i + 1] > 0 &&
           !(yr->extra_eol && yr->extra_eol[i + 1]) && yr->extra_region[i + 1] == yr->extra_region[i] &&
           yr->extra_product[i + 1] == yr->extra_product[i];
}

static void sum_flows(const rf_world *w, const rf_year_result *yr, const acc *a)
{
    size_t np = (size_t)w->nproducts;
#define AT(r, p) ((size_t)(r) * np + (size_t)(p))
    for (int i = 0; i < yr->nproduction; i++) {
        const rf_output *o = &yr->production[i];
        a->prod[AT(w->facilities[o->facility].region, o->product)] += o->t;
    }
    for (int i = 0; i < yr->ntrade; i++) {
        const rf_trade_flow *t = &yr->trade[i];
        if (t->from == t->to) continue;
        a->exp[AT(t->from, t->product)] += t->t;
        a->imp[AT(t->to, t->product)] += t->t;
    }
    for (int i = 0; i < yr->ninventory; i++) {
        const rf_inventory *v = &yr->inventory[i];
        a->draw[AT(v->region, v->product)] += v->open_t - v->t;
    }
    for (int i = 0; yr->extra_t && yr->extra_sign && i < yr->nextra; i++) {
        size_t at = AT(yr->extra_region[i], yr->extra_product[i]);
        double t = yr->extra_t[i];
        if (yr->extra_eol && yr->extra_eol[i]) a->prod[at] += t;
        else if (yr->extra_sign[i] > 0) a->draw[at] += t;
        else if (is_fill(yr, i)) a->draw[at] -= t;
        else a->use[at] += t;
    }
    /* Use: final demand served and the inputs of the region's plants. */
    for (int d = 0; yr->served_t && d < w->ndemand; d++)
        a->use[AT(w->demand[d].region, w->demand[d].product)] += yr->served_t[d];
    for (int f = 0; yr->activity && f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        for (int k = 0; k < fac->nrecipes; k++) {
            const rf_recipe *r = &w->recipes[fac->recipes[k]];
            double act = yr->activity[fac->recipe_offset + k];
            if (act <= 0.0) continue;
            for (int i = 0; i < r->nin; i++) a->use[AT(fac->region, r->in[i].product)] += act * r->in[i].qty;
        }
    }
#undef AT
}

rf_status rf_analytics_import_reliance(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    free(yr->import_reliance);
    yr->import_reliance = NULL;
    yr->nimport_reliance = 0;
    if (yr->status != RF_YEAR_OPTIMAL) return RF_OK;
    size_t n = (size_t)w->nregions * (size_t)w->nproducts;
    acc a = {calloc(n + 1, sizeof(double)), calloc(n + 1, sizeof(double)), calloc(n + 1, sizeof(double)),
             calloc(n + 1, sizeof(double)), calloc(n + 1, sizeof(double))};
    yr->import_reliance = malloc((n + 1) * sizeof *yr->import_reliance);
    if (!a.prod || !a.imp || !a.exp || !a.draw || !a.use || !yr->import_reliance) {
        acc_free(&a);
        free(yr->import_reliance);
        yr->import_reliance = NULL;
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    sum_flows(w, yr, &a);
    for (size_t i = 0; i < n; i++) {
        double net = a.imp[i] - a.exp[i] + a.draw[i], cons = a.prod[i] + net;
        /* Solver tolerances leave dust of 1e-9 t on pools nobody uses. */
        if (a.use[i] <= 1e-9 || cons <= 1e-9) continue;
        rf_import_reliance *r = &yr->import_reliance[yr->nimport_reliance++];
        r->region = (int)(i / (size_t)w->nproducts);
        r->product = (int)(i % (size_t)w->nproducts);
        r->production_t = a.prod[i];
        r->imports_t = a.imp[i];
        r->exports_t = a.exp[i];
        r->stock_drawdown_t = a.draw[i];
        r->consumption_t = cons;
        r->share = net / cons;
    }
    acc_free(&a);
    return RF_OK;
}
