/*
 * contracts.c: what holding a plant by a supply contract costs (docs/model.md,
 * "Contracts"): its cash margin per kg of activity at the year's prices, its
 * best recipe's outputs at its plant gate less its inputs at home less its
 * first tranche's cost; the gap is the loss when the margin is negative.
 */
#include <math.h>

#include "rareflow/analytics.h"

/* The price of (region, product) in the year: the plant gate's (export) or the local one. */
static double price_of(const rf_year_result *yr, int region, int product, int gate)
{
    for (int i = 0; i < yr->nprices; i++) {
        const rf_price *p = &yr->prices[i];
        if (p->region != region || p->product != product || p->variant) continue;
        return gate && p->has_export ? p->export_usd_per_kg : p->usd_per_kg;
    }
    return NAN;
}

void rf_analytics_contract_gaps(const rf_world *w, rf_year_result *yr)
{
    for (int i = 0; i < yr->ncontracts; i++) {
        int f = yr->contracts[i].facility;
        const rf_facility *fac = &w->facilities[f];
        double best = -HUGE_VAL;
        for (int k = 0; k < fac->nrecipes; k++) {
            const rf_recipe *r = &w->recipes[fac->recipes[k]];
            double v = -r->extra_cost_usd_per_kg;
            for (int j = 0; j < r->nout; j++) {
                double p = price_of(yr, fac->region, r->out[j].product, 1);
                v += r->out[j].qty * (isnan(p) ? 0.0 : p);
            }
            for (int j = 0; j < r->nin; j++) {
                double p = price_of(yr, fac->region, r->in[j].product, 0);
                v -= r->in[j].qty * (isnan(p) ? 0.0 : p);
            }
            if (v > best) best = v;
        }
        double size[RF_MAX_TRANCHES], cost[RF_MAX_TRANCHES];
        int nt = rf_world_tranches(w, f, 1.0, size, cost);
        double margin = best - (nt > 0 ? cost[0] : fac->unit_cost_usd_per_kg);
        yr->contracts[i].gap_usd_per_kg = margin < 0.0 ? -margin : 0.0;
    }
}
