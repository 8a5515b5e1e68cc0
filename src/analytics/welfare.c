/*
 * welfare.c: who gains and who loses, in money (docs/analytics.md,
 * "Welfare"): each region's consumer surplus, producer surplus, government
 * cost and tariff revenue in a solved year, from its prices and flows.
 *
 * Consumer surplus: the demand curve's willingness to pay over the tonnes
 * served (the steps filled from the highest, as the market fills them), less
 * what they cost at the region's price.  Producer surplus: each plant's
 * outputs at its plant-gate prices, less its inputs at home and the cost of
 * the tranches its activity fills (cheapest first) and of its recipes.
 * With the tariff revenue and the levers' government cost, these add up to
 * the LP's objective (less its transfers: wedges), which the test checks.
 */
#include <math.h>
#include <stdlib.h>

#include "rareflow/analytics.h"

/* t x USD/kg in USD. */
#define USD_PER_T_USDKG 1000.0

static double price_of(const rf_year_result *yr, int region, int product, int gate)
{
    for (int i = 0; i < yr->nprices; i++) {
        const rf_price *p = &yr->prices[i];
        if (p->region != region || p->product != product || p->variant) continue;
        return gate && p->has_export ? p->export_usd_per_kg : p->usd_per_kg;
    }
    return 0.0;
}

/* Willingness to pay of the first `served` t of demand row d (its steps from the highest). */
static double wtp_of(const rf_world *w, int d, double factor, double served)
{
    double width[RF_MAX_DEMAND_STEPS], wtp[RF_MAX_DEMAND_STEPS], end[RF_MAX_DEMAND_STEPS];
    int n = rf_world_demand_steps(w, d, factor, width, wtp, end);
    double v = 0.0;
    for (int i = 0; i < n && served > 0.0; i++) {
        double x = served < width[i] ? served : width[i];
        v += x * wtp[i];
        served -= x;
    }
    return v;
}

/* What facility f's activity `a` costs in its tranches (cheapest first). */
static double tranche_cost(const rf_world *w, int f, double cap_factor, double a)
{
    double size[RF_MAX_TRANCHES], cost[RF_MAX_TRANCHES];
    int n = rf_world_tranches(w, f, cap_factor, size, cost);
    int used[RF_MAX_TRANCHES] = {0};
    double total = 0.0;
    while (a > 1e-12) {
        int best = -1;
        for (int t = 0; t < n; t++)
            if (!used[t] && (best < 0 || cost[t] < cost[best])) best = t;
        if (best < 0) break;
        used[best] = 1;
        double x = a < size[best] ? a : size[best];
        total += x * cost[best];
        a -= x;
    }
    return total;
}

void rf_analytics_plant_margin(const rf_world *w, const rf_year_result *yr, int f, double *revenue_usd,
                               double *margin_usd)
{
    const rf_facility *fac = &w->facilities[f];
    double total = 0.0, revenue = 0.0, margin = 0.0;
    for (int k = 0; yr->activity && k < fac->nrecipes; k++) {
        double a = yr->activity[fac->recipe_offset + k];
        if (!(a > 0.0)) continue;
        const rf_recipe *rc = &w->recipes[fac->recipes[k]];
        total += a;
        margin -= a * rc->extra_cost_usd_per_kg;
        for (int i = 0; i < rc->nout; i++)
            revenue += a * rc->out[i].qty * price_of(yr, fac->region, rc->out[i].product, 1);
        for (int i = 0; i < rc->nin; i++) margin -= a * rc->in[i].qty * price_of(yr, fac->region, rc->in[i].product, 0);
    }
    if (total > 0.0) margin += revenue - tranche_cost(w, f, yr->cap_factor ? yr->cap_factor[f] : 1.0, total);
    *revenue_usd = revenue * USD_PER_T_USDKG;
    *margin_usd = margin * USD_PER_T_USDKG;
}

rf_status rf_analytics_welfare(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    free(yr->welfare);
    yr->welfare = NULL;
    yr->nwelfare = 0;
    if (yr->status != RF_YEAR_OPTIMAL) return RF_OK;
    rf_welfare_row *rows = calloc((size_t)w->nregions + 1, sizeof *rows);
    if (!rows) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int r = 0; r < w->nregions; r++) rows[r].region = r;
    for (int d = 0; yr->served_t && d < w->ndemand; d++) {
        const rf_demand *dm = &w->demand[d];
        double served = yr->served_t[d];
        if (!(served > 0.0)) continue;
        double factor = yr->ref_t && dm->ref_qty_t > 0.0 ? yr->ref_t[d] / dm->ref_qty_t : 1.0;
        rows[dm->region].consumer_usd +=
            (wtp_of(w, d, factor, served) - served * price_of(yr, dm->region, dm->product, 0)) * USD_PER_T_USDKG;
    }
    for (int f = 0; yr->activity && f < w->nfacilities; f++) {
        double revenue, margin;
        rf_analytics_plant_margin(w, yr, f, &revenue, &margin);
        rows[w->facilities[f].region].producer_usd += margin;
    }
    for (int r = 0; r < w->nregions; r++) {
        if (yr->tariff_revenue) rows[r].tariff_revenue_usd += yr->tariff_revenue[r];
        if (yr->export_tax_revenue) rows[r].tariff_revenue_usd += yr->export_tax_revenue[r];
    }
    for (int i = 0; i < yr->ngovernment_cost; i++) rows[yr->government_cost[i].region].government_usd -= yr->government_cost[i].usd;
    /* Only regions with something to report. */
    int n = 0;
    for (int r = 0; r < w->nregions; r++)
        if (rows[r].consumer_usd != 0.0 || rows[r].producer_usd != 0.0 || rows[r].government_usd != 0.0 ||
            rows[r].tariff_revenue_usd != 0.0)
            rows[n++] = rows[r];
    yr->welfare = rows;
    yr->nwelfare = n;
    return RF_OK;
}
