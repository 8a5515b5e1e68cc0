/* analytics.c: production shares and HHI by stage (see rareflow/analytics.h). */
#include "rareflow/analytics.h"

#include <stdlib.h>

double rf_analytics_stage_measure(const rf_world *w, int f, int k)
{
    const rf_facility *fac = &w->facilities[f];
    const rf_recipe *r = &w->recipes[fac->recipes[k]];
    double m = 0.0;
    switch (fac->stage) {
    case RF_STAGE_METAL:
        /* Metal is measured by its oxide feed, so that NdPr, Dy and Tb plants
         * add up on one REO basis (the oxide-to-metal mass change is chemistry). */
        for (int i = 0; i < r->nin; i++)
            m += r->in[i].qty * w->products[r->in[i].product].reo_factor;
        break;
    case RF_STAGE_MAGNET:
        for (int i = 0; i < r->nout; i++)
            if (w->products[r->out[i].product].family == RF_FAM_MAGNET) m += r->out[i].qty;
        break;
    default:
        /* Scrap and by-products that are not REO carry reo_factor 0. */
        for (int i = 0; i < r->nout; i++)
            if (w->products[r->out[i].product].family != RF_FAM_SCRAP ||
                fac->stage == RF_STAGE_RECYCLING)
                m += r->out[i].qty * w->products[r->out[i].product].reo_factor;
        break;
    }
    return m;
}

rf_status rf_analytics_shares(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    free(yr->shares);
    free(yr->hhi);
    yr->shares = NULL;
    yr->hhi = NULL;
    yr->nshares = yr->nhhi = 0;
    if (yr->status != RF_YEAR_OPTIMAL || !yr->activity) return RF_OK;
    size_t nr = (size_t)w->nregions;
    double *by = calloc(RF_STAGE_COUNT * nr, sizeof *by);
    yr->shares = malloc(RF_STAGE_COUNT * nr * sizeof *yr->shares + 1);
    yr->hhi = malloc(RF_STAGE_COUNT * sizeof *yr->hhi);
    if (!by || !yr->shares || !yr->hhi) {
        free(by);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int f = 0; f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        for (int k = 0; k < fac->nrecipes; k++)
            by[(size_t)fac->stage * nr + (size_t)fac->region] +=
                yr->activity[fac->recipe_offset + k] * rf_analytics_stage_measure(w, f, k);
    }
    for (int s = 0; s < RF_STAGE_COUNT; s++) {
        double total = 0.0, hhi = 0.0;
        for (size_t r = 0; r < nr; r++) total += by[(size_t)s * nr + r];
        if (total <= 0.0) continue;
        for (size_t r = 0; r < nr; r++) {
            double t = by[(size_t)s * nr + r];
            if (t <= 0.0) continue;
            rf_share *sh = &yr->shares[yr->nshares++];
            sh->stage = (rf_stage)s;
            sh->region = (int)r;
            sh->t = t;
            sh->share = t / total;
            hhi += (100.0 * sh->share) * (100.0 * sh->share);
        }
        rf_hhi *h = &yr->hhi[yr->nhhi++];
        h->stage = (rf_stage)s;
        h->value = hhi;
        h->total_t = total;
    }
    free(by);
    return RF_OK;
}

/* The index of (region, product) in [nregions x nproducts] arrays. */
static size_t node_of(const rf_world *w, int r, int p)
{
    return (size_t)r * (size_t)w->nproducts + (size_t)p;
}

rf_status rf_analytics_price_supply(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    if (yr->nprices == 0) return RF_OK;
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts;
    /* [variant * nn + node]: production is of the ordinary product only. */
    double *t = calloc(2 * nn + 1, sizeof *t);
    if (!t) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; i < yr->nproduction; i++)
        t[node_of(w, w->facilities[yr->production[i].facility].region, yr->production[i].product)] +=
            yr->production[i].t;
    for (int i = 0; i < yr->ntrade; i++)
        t[(size_t)(yr->trade[i].variant ? 1 : 0) * nn + node_of(w, yr->trade[i].to, yr->trade[i].product)] +=
            yr->trade[i].t;
    for (int i = 0; i < yr->nprices; i++) {
        rf_price *p = &yr->prices[i];
        p->supply_t = t[(size_t)(p->variant ? 1 : 0) * nn + node_of(w, p->region, p->product)];
    }
    free(t);
    return RF_OK;
}
