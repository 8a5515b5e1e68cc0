/*
 * decoupling.c: how long and how much it takes a region's magnets to stop
 * touching China (docs/analytics.md, "Decoupling"): the share of the magnets
 * the region consumes that touched the focus region at no stage, year by
 * year, and the first years it passes 25%, 50% and 80%, with what was spent
 * on the way.
 */
#include <math.h>
#include <stdlib.h>

#include "rareflow/analytics.h"

static const double thresholds[RF_DECOUPLING_STEPS] = {0.25, 0.5, 0.8};

/* The share of region's magnets served in `yr` that touched focus at no stage, or NaN. */
static double never_touched(const rf_world *w, const rf_year_result *yr, int region, int focus)
{
    double served = 0.0, never = 0.0;
    for (int p = 0; p < w->nproducts; p++) {
        if (w->products[p].family != RF_FAM_MAGNET) continue;
        double t = 0.0;
        for (int d = 0; yr->served_t && d < w->ndemand; d++)
            if (w->demand[d].region == region && w->demand[d].product == p) t += yr->served_t[d];
        if (!(t > 0.0)) continue;
        for (int i = 0; i < yr->ntouched; i++) {
            const rf_touched_row *r = &yr->touched[i];
            if (r->region == region && r->product == p && r->focus == focus) {
                served += t;
                never += t * (1.0 - r->share);
            }
        }
    }
    return served > 0.0 ? never / served : NAN;
}

rf_status rf_analytics_decoupling(const rf_world *w, rf_results *res, int region, int focus, rf_err *err)
{
    rf_decoupling *d = &res->decoupling;
    free(d->never);
    d->never = NULL;
    d->region = region;
    d->focus = focus;
    if (region < 0 || focus < 0) return RF_OK;
    d->never = malloc((size_t)(res->nyears + 1) * sizeof *d->never);
    if (!d->never) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    double capex = 0.0, gov = 0.0;
    for (int k = 0; k < RF_DECOUPLING_STEPS; k++) {
        d->threshold[k] = thresholds[k];
        d->year[k] = 0;
        d->capex_usd[k] = d->government_usd[k] = 0.0;
    }
    for (int y = 0; y < res->nyears; y++) {
        const rf_year_result *yr = &res->years[y];
        for (int i = 0; i < yr->ncapex; i++)
            if (yr->capex[i].region != focus) capex += yr->capex[i].usd;
        for (int i = 0; i < yr->ngovernment_cost; i++)
            if (yr->government_cost[i].region == region) gov += yr->government_cost[i].usd;
        d->never[y] = yr->status == RF_YEAR_OPTIMAL ? never_touched(w, yr, region, focus) : NAN;
        for (int k = 0; k < RF_DECOUPLING_STEPS; k++)
            if (!d->year[k] && !isnan(d->never[y]) && d->never[y] >= thresholds[k]) {
                d->year[k] = yr->year;
                d->capex_usd[k] = capex;
                d->government_usd[k] = gov;
            }
    }
    return RF_OK;
}
