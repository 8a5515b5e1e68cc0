/*
 * shortrun.c: what the simulation carries from period to period in the short
 * run (docs/shortrun.md, docs/model.md "The short run"): commercial stocks,
 * each trade arc's last flow (the anchor of sticky supply), each region's
 * use of each product (the widths of the switching steps), and the sum of a
 * year's periods into its annual tables.
 *
 * The state starts from a calibration solve of the base year with neither
 * stocks nor sticky arcs: its use of each product sets the stocks (months of
 * use, inventories.csv) and its prices the first expectations.  The first
 * period's arcs are anchored to the observed 2024 flows (trade_2024.csv) for
 * the products that have any, and unanchored otherwise; from the second
 * period on every arc is anchored to the flow of the period before.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "rareflow/policy.h"
#include "sim/sim_internal.h"

/* A stock can grow by at most this many targets a year (restocking pace). */
#define RESTOCK_TARGETS_PER_YEAR 2.0

int rf__shortrun_on(const rf_world *w)
{
    int sticky = 0;
    for (int f = 0; f < RF_FAM_COUNT; f++) sticky |= w->nswitching[f] > 0;
    return sticky || w->ninventories > 0;
}

/* Each region's use of each product in a solved period, t of the period:
 * what its plants took in plus what its buyers were served. */
static void period_use(const rf_world *w, const rf_year_result *yr, double *use)
{
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts;
    for (size_t i = 0; i < nn; i++) use[i] = 0.0;
    for (int f = 0; f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        for (int k = 0; k < fac->nrecipes; k++) {
            double a = yr->activity ? yr->activity[fac->recipe_offset + k] : 0.0;
            if (!(a > 0.0)) continue;
            const rf_recipe *r = &w->recipes[fac->recipes[k]];
            for (int i = 0; i < r->nin; i++) use[RF_NODE(w, fac->region, r->in[i].product)] += a * r->in[i].qty;
        }
    }
    for (int d = 0; yr->served_t && d < w->ndemand; d++)
        use[RF_NODE(w, w->demand[d].region, w->demand[d].product)] += yr->served_t[d];
}

/* Each region's final demand this period, t/yr: the scale that grows anchors. */
static void region_demand(const rf_world *w, const rf_year_input *in, double *dem)
{
    for (int r = 0; r < w->nregions; r++) dem[r] = 0.0;
    for (int d = 0; d < w->ndemand; d++) dem[w->demand[d].region] += w->demand[d].ref_qty_t * in->demand_factor[d];
}

rf_status rf__shortrun_init(rf_sim *s, rf_err *err)
{
    const rf_world *w = s->w;
    if (!rf__shortrun_on(w)) return RF_OK;
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts, na = (size_t)w->nregions * nn;
    s->sr_inv_t = calloc((size_t)w->ninventories + 1, sizeof *s->sr_inv_t);
    s->sr_inv_target = calloc((size_t)w->ninventories + 1, sizeof *s->sr_inv_target);
    s->sr_use = calloc(nn + 1, sizeof *s->sr_use);
    s->sr_use_year = calloc(nn + 1, sizeof *s->sr_use_year);
    s->sr_price0 = calloc(nn + 1, sizeof *s->sr_price0);
    s->sr_arc = malloc((na + 1) * sizeof *s->sr_arc);
    s->sr_qual = calloc(na + 1, sizeof *s->sr_qual);
    s->sr_qual_age = calloc(na + 1, sizeof *s->sr_qual_age);
    s->sr_dem = calloc((size_t)w->nregions + 1, sizeof *s->sr_dem);
    if (!s->sr_inv_t || !s->sr_inv_target || !s->sr_use || !s->sr_use_year || !s->sr_price0 || !s->sr_arc ||
        !s->sr_dem || !s->sr_qual || !s->sr_qual_age)
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    /* The calibration solve: the base year as the data has it, without the
     * scenario (its overrides and levers are what the stocks meet, not what
     * set them). */
    rf_year_input in;
    rf_year_result yr;
    memset(&yr, 0, sizeof yr);
    rf_status st = rf_year_input_init(&in, w, NULL, RF_SIM_BASE_YEAR, err);
    if (st != RF_OK) return st;
    st = rf_market_solve(s->ahead, &in, &yr, NULL, err);
    if (st == RF_OK && yr.status == RF_YEAR_OPTIMAL) {
        double *tmp = malloc((nn + 1) * sizeof *tmp);
        if (!tmp) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        if (tmp) {
            rf__sim_year_prices(w, &yr, s->sr_price0, tmp);
            free(tmp);
            period_use(w, &yr, s->sr_use);
            memcpy(s->sr_use_year, s->sr_use, nn * sizeof *s->sr_use);
        }
    }
    /* The first year is that LP with stocks and sticky arcs: it starts from
     * this basis, not cold (a fifth of the first year's pivots). */
    if (st == RF_OK && yr.status == RF_YEAR_OPTIMAL) st = rf_market_start_from(s->market, s->ahead, err);
    region_demand(w, &in, s->sr_dem);
    rf_year_input_close(&in);
    rf_year_result_clear(&yr);
    if (st != RF_OK) return st;
    for (int i = 0; i < w->ninventories; i++) {
        const rf_inventory_rule *v = &w->inventories[i];
        s->sr_inv_target[i] = v->months / 12.0 * s->sr_use[RF_NODE(w, v->region, v->product)];
        s->sr_inv_t[i] = s->sr_inv_target[i];
    }
    /* The first period's anchors: observed flows for the products that have
     * any (every other arc of such a product had none), none elsewhere. */
    for (size_t a = 0; a < na; a++) s->sr_arc[a] = -1.0;
    for (int i = 0; i < w->nobserved; i++) {
        int p = w->observed[i].product;
        for (int r = 0; r < w->nregions; r++)
            for (int q = 0; q < w->nregions; q++) {
                size_t a = ((size_t)r * (size_t)w->nregions + (size_t)q) * (size_t)w->nproducts + (size_t)p;
                if (s->sr_arc[a] < 0.0) s->sr_arc[a] = 0.0;
            }
    }
    for (int i = 0; i < w->nobserved; i++) {
        const rf_observed_flow *o = &w->observed[i];
        s->sr_arc[((size_t)o->from * (size_t)w->nregions + (size_t)o->to) * (size_t)w->nproducts +
                  (size_t)o->product] = o->t;
    }
    for (size_t a = 0; a < na; a++) s->sr_qual[a] = s->sr_arc[a] > 0.0 ? s->sr_arc[a] : 0.0;
    return RF_OK;
}

void rf__shortrun_free(rf_sim *s)
{
    free(s->sr_inv_t);
    free(s->sr_inv_target);
    free(s->sr_use);
    free(s->sr_use_year);
    free(s->sr_price0);
    free(s->sr_arc);
    free(s->sr_qual);
    free(s->sr_qual_age);
    free(s->sr_dem);
    s->sr_qual = s->sr_qual_age = NULL;
    s->sr_inv_t = s->sr_inv_target = s->sr_use = s->sr_use_year = s->sr_price0 = s->sr_arc = s->sr_dem = NULL;
}

rf_status rf__shortrun_set(rf_sim *s, rf_year_input *in, rf_err *err)
{
    const rf_world *w = s->w;
    if (!s->sr_arc) return RF_OK;
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts, na = (size_t)w->nregions * nn;
    double tau = in->nperiods > 1 ? 1.0 / in->nperiods : 1.0;
    double *dem = malloc(((size_t)w->nregions + 1) * sizeof *dem);
    in->arc_last = malloc((na + 1) * sizeof *in->arc_last);
    in->arc_anchor = malloc((na + 1) * sizeof *in->arc_anchor);
    in->use_last = malloc((nn + 1) * sizeof *in->use_last);
    in->inv = calloc((size_t)w->ninventories + 1, sizeof *in->inv);
    if (!dem || !in->arc_last || !in->arc_anchor || !in->use_last || !in->inv) {
        free(dem);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    /* Demand that grows is no switch of supplier: anchors and widths grow with
     * the destination's final demand. */
    region_demand(w, in, dem);
    for (int r = 0; r < w->nregions; r++) dem[r] = s->sr_dem[r] > 0.0 ? dem[r] / s->sr_dem[r] : 1.0;
    for (size_t a = 0; a < na; a++) {
        int to = (int)((a / (size_t)w->nproducts) % (size_t)w->nregions);
        in->arc_last[a] = s->sr_arc[a] < 0.0 ? -1.0 : s->sr_arc[a] * dem[to];
        in->arc_anchor[a] = s->sr_arc[a] < 0.0 ? -1.0 : s->sr_qual[a] * dem[to];
    }
    for (size_t i = 0; i < nn; i++) in->use_last[i] = s->sr_use[i] * dem[i / (size_t)w->nproducts];
    free(dem);
    for (int i = 0; i < w->ninventories; i++) {
        const rf_inventory_rule *v = &w->inventories[i];
        size_t node = RF_NODE(w, v->region, v->product);
        /* Expected next-period price: the simulation's adaptive expectation of
         * the year, else the calibration solve's price. */
        double pe = rf__sim_adaptive(s, s->hist_local, node);
        if (isnan(pe)) pe = s->sr_price0[node];
        if (isnan(pe)) pe = w->ref_price[v->product];
        rf_inventory_in *x = &in->inv[in->ninv++];
        x->region = v->region;
        x->product = v->product;
        x->open_t = s->sr_inv_t[i];
        x->target_t = s->sr_inv_target[i];
        x->price_usd_per_kg = pe;
        x->max_close_t = s->sr_inv_t[i] + RESTOCK_TARGETS_PER_YEAR * tau * s->sr_inv_target[i];
    }
    return RF_OK;
}

void rf__shortrun_carry(rf_sim *s, const rf_year_input *in, const rf_year_result *out)
{
    const rf_world *w = s->w;
    if (!s->sr_arc || out->status != RF_YEAR_OPTIMAL) return;
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts, na = (size_t)w->nregions * nn;
    double per_year = in->nperiods > 1 ? (double)in->nperiods : 1.0;
    for (size_t a = 0; a < na; a++) s->sr_arc[a] = 0.0;
    for (int i = 0; i < out->ntrade; i++) {
        const rf_trade_flow *f = &out->trade[i];
        s->sr_arc[RF_ARC(in, f->from, f->to, f->product)] += f->t * per_year;
    }
    /* A supplier stays qualified for the most its buyer took from it, until
     * RF_QUALIFIED_YEARS pass without reaching it again (approvals outlive a
     * pause in orders); the anchors grew with demand, and so does the memory. */
    double tau = 1.0 / per_year;
    for (size_t a = 0; a < na; a++) {
        double g = in->arc_anchor && in->arc_anchor[a] >= 0.0 && s->sr_qual[a] > 0.0
                       ? in->arc_anchor[a] / s->sr_qual[a] : 1.0;
        s->sr_qual[a] *= g;
        s->sr_qual_age[a] += tau;
        if (s->sr_arc[a] >= s->sr_qual[a] * (1.0 - 1e-9) || s->sr_qual_age[a] > RF_QUALIFIED_YEARS + 1e-9) {
            s->sr_qual[a] = s->sr_arc[a];
            s->sr_qual_age[a] = 0.0;
        }
    }
    period_use(w, out, s->sr_use);
    for (size_t i = 0; i < nn; i++) s->sr_use[i] *= per_year;
    region_demand(w, in, s->sr_dem);
    for (int i = 0; i < out->ninventory && i < w->ninventories; i++) s->sr_inv_t[i] = out->inventory[i].t;
}

void rf__shortrun_year_end(rf_sim *s, const rf_year_result *year)
{
    const rf_world *w = s->w;
    if (!s->sr_arc || year->status != RF_YEAR_OPTIMAL) return;
    /* Targets follow use: months of the year just ended. */
    period_use(w, year, s->sr_use_year);
    for (int i = 0; i < w->ninventories; i++) {
        const rf_inventory_rule *v = &w->inventories[i];
        s->sr_inv_target[i] = v->months / 12.0 * s->sr_use_year[RF_NODE(w, v->region, v->product)];
    }
}
