/*
 * contracts.c: what holding a plant by a supply contract costs (docs/model.md,
 * "Contracts"), and the cash margin it rests on, which the simulation's
 * closure rule uses too: a plant's best recipe's outputs at its plant gate,
 * less its inputs at home, less its first tranche's cost, per kg of activity.
 */
#include <math.h>
#include <stdlib.h>

#include "rareflow/analytics.h"

double rf_analytics_cash_margin(const rf_world *w, int f, const double *local, const double *gate)
{
    const rf_facility *fac = &w->facilities[f];
    double best = -HUGE_VAL;
    for (int k = 0; k < fac->nrecipes; k++) {
        const rf_recipe *r = &w->recipes[fac->recipes[k]];
        double v = -r->extra_cost_usd_per_kg;
        for (int i = 0; i < r->nout; i++) {
            size_t n = (size_t)fac->region * (size_t)w->nproducts + (size_t)r->out[i].product;
            double p = !isnan(gate[n]) ? gate[n] : local[n];
            v += r->out[i].qty * (isnan(p) ? 0.0 : p);
        }
        for (int i = 0; i < r->nin; i++) {
            double p = local[(size_t)fac->region * (size_t)w->nproducts + (size_t)r->in[i].product];
            v -= r->in[i].qty * (isnan(p) ? 0.0 : p);
        }
        if (v > best) best = v;
    }
    double size[RF_MAX_TRANCHES], cost[RF_MAX_TRANCHES];
    int nt = rf_world_tranches(w, f, 1.0, size, cost);
    return best - (nt > 0 ? cost[0] : fac->unit_cost_usd_per_kg);
}

void rf_analytics_node_prices(const rf_world *w, const rf_year_result *yr, double *local, double *gate)
{
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts;
    for (size_t i = 0; i < nn; i++) local[i] = gate[i] = NAN;
    /* The ordinary product's prices: a compliant variant's is no plant's sale. */
    for (int i = 0; i < yr->nprices; i++) {
        const rf_price *p = &yr->prices[i];
        if (p->variant) continue;
        size_t n = (size_t)p->region * (size_t)w->nproducts + (size_t)p->product;
        local[n] = p->usd_per_kg;
        if (p->has_export) gate[n] = p->export_usd_per_kg;
    }
}

rf_status rf_analytics_contract_gaps(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    if (yr->ncontracts == 0) return RF_OK;
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts;
    double *local = malloc((nn + 1) * sizeof *local), *gate = malloc((nn + 1) * sizeof *gate);
    if (!local || !gate) {
        free(local);
        free(gate);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    rf_analytics_node_prices(w, yr, local, gate);
    for (int i = 0; i < yr->ncontracts; i++) {
        double margin = rf_analytics_cash_margin(w, yr->contracts[i].facility, local, gate);
        yr->contracts[i].gap_usd_per_kg = margin < 0.0 ? -margin : 0.0;
    }
    free(local);
    free(gate);
    return RF_OK;
}
