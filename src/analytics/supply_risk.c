/*
 * supply_risk.c: the supply risk of an element for a consuming region, in the
 * manner of the EU criticality method (European Commission 2017,
 * "Methodology for establishing the EU list of critical raw materials";
 * Blengini et al. 2017, JRC EUR 28654; docs/analytics.md "Supply risk"):
 *
 *   SR = HHI_WGI x IR x (1 - EOL_RIR) x SI
 *
 * HHI_WGI   sum over producing regions of share^2 x WGI, shares 0..1 of the
 *           element at the stage (yr->elem_shares), WGI on the EU's 0..10
 *           scale (10 the worst governance; world->wgi, 5 without it).  The
 *           EU assesses the stage of global supply that is the bottleneck,
 *           mining or processing: here the larger HHI_WGI of mining and
 *           separation.
 * IR        the region's net import reliance for the element: for each
 *           stage of the chain (product family: concentrate, oxide, metal,
 *           scrap) the USGS reliance of its import_reliance rows for products
 *           that hold the element, weighted by the element they hold; the
 *           largest, clamped to 0..1 (a chain is as exposed as its most
 *           import-dependent stage); 1 when it has no such row (it makes none
 *           of the element's products and takes it only inside magnets).
 * EOL_RIR   end-of-life recycling input rate: the old scrap the recyclers
 *           take (the simulation's end-of-life columns) over the world's
 *           input of the element (mined, plus all scrap recycled, old and new),
 *           in t REO-eq of the element.  Global, as supply is.
 * SI        the substitution index (world->si, 1 without it).
 *
 * The EU's 2017 formula weighs global supply and EU sourcing by IR/2 and
 * 1 - IR/2 and adds a trade-restriction factor; the simplification here (the
 * issue's) multiplies the global-supply term by IR, so a region that makes
 * all it uses has no supply risk.
 */
#include <stdlib.h>

#include "rareflow/analytics.h"

static const char *const elem_ids[] = {"Nd", "Pr", "Dy", "Tb"};
#define NELEM ((int)(sizeof elem_ids / sizeof elem_ids[0]))

static double content(const rf_world *w, int p, int e)
{
    return w->products[p].content ? w->products[p].reo_factor * w->products[p].content[e] : 0.0;
}

static double wgi(const rf_world *w, int r) { return w->wgi ? w->wgi[r] : 5.0; }

/* HHI_WGI of element e at stage s; 0 and *any = 0 when the stage holds none. */
static double hhi_wgi(const rf_world *w, const rf_year_result *yr, rf_stage s, int e, int *any)
{
    double h = 0.0;
    *any = 0;
    for (int i = 0; i < yr->nelem_shares; i++) {
        const rf_elem_share *x = &yr->elem_shares[i];
        if (x->stage != s || x->element != e) continue;
        h += x->share * x->share * wgi(w, x->region);
        *any = 1;
    }
    return h;
}

/* The end-of-life recycling input rate of element e in the year. */
static double eol_rir(const rf_world *w, const rf_year_result *yr, int e)
{
    double mined = 0.0, old = 0.0, scrap_in = 0.0;
    for (int i = 0; i < yr->nelem_shares; i++)
        if (yr->elem_shares[i].stage == RF_STAGE_MINE && yr->elem_shares[i].element == e) mined += yr->elem_shares[i].t;
    for (int i = 0; yr->extra_t && yr->extra_eol && i < yr->nextra; i++)
        if (yr->extra_eol[i] && yr->extra_t[i] > 0.0) old += yr->extra_t[i] * content(w, yr->extra_product[i], e);
    for (int f = 0; yr->activity && f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        if (fac->stage != RF_STAGE_RECYCLING) continue;
        for (int k = 0; k < fac->nrecipes; k++) {
            const rf_recipe *r = &w->recipes[fac->recipes[k]];
            double a = yr->activity[fac->recipe_offset + k];
            if (a <= 0.0) continue;
            for (int j = 0; j < r->nin; j++) scrap_in += a * r->in[j].qty * content(w, r->in[j].product, e);
        }
    }
    /* The old scrap taken is part of what recyclers take in; a result without
     * recycling activity (a hand-made one) still counts it. */
    double total = mined + (scrap_in > old ? scrap_in : old);
    if (total <= 1e-12 || old <= 0.0) return 0.0;
    double v = old / total;
    return v > 1.0 ? 1.0 : v;
}

/* The region's import reliance for element e (see the file comment): per
 * stage of the chain (product family), the element-weighted USGS reliance
 * over the family's products, sum (imports - exports + drawdown) x content /
 * sum consumption x content; the largest, clamped to 0..1; 1 without rows. */
static double reliance(const rf_world *w, const rf_year_result *yr, int r, int e)
{
    double net[RF_FAM_COUNT] = {0}, cons[RF_FAM_COUNT] = {0}, ir = -1.0;
    for (int i = 0; i < yr->nimport_reliance; i++) {
        const rf_import_reliance *x = &yr->import_reliance[i];
        double c = content(w, x->product, e);
        if (x->region != r || c <= 0.0) continue;
        int f = (int)w->products[x->product].family;
        net[f] += (x->consumption_t - x->production_t) * c;
        cons[f] += x->consumption_t * c;
    }
    for (int f = 0; f < RF_FAM_COUNT; f++) {
        if (cons[f] <= 0.0) continue;
        double s = net[f] / cons[f];
        s = s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s;
        if (s > ir) ir = s;
    }
    return ir < 0.0 ? 1.0 : ir;
}

rf_status rf_analytics_supply_risk(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    free(yr->supply_risk);
    yr->supply_risk = NULL;
    yr->nsupply_risk = 0;
    if (yr->status != RF_YEAR_OPTIMAL) return RF_OK;
    int nr = w->nregions;
    int *consumer = calloc((size_t)nr + 1, sizeof *consumer);
    yr->supply_risk = malloc(((size_t)NELEM * (size_t)nr + 1) * sizeof *yr->supply_risk);
    if (!consumer || !yr->supply_risk) {
        free(consumer);
        free(yr->supply_risk);
        yr->supply_risk = NULL;
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int i = 0; i < yr->nimport_reliance; i++) consumer[yr->import_reliance[i].region] = 1;
    for (int j = 0; j < NELEM; j++) {
        int e = rf_world_element(w, elem_ids[j]), any_mine, any_sep;
        if (e < 0) continue;
        double hm = hhi_wgi(w, yr, RF_STAGE_MINE, e, &any_mine), hs = hhi_wgi(w, yr, RF_STAGE_SEPARATION, e, &any_sep);
        if (!any_mine && !any_sep) continue;
        rf_stage stage = hs > hm ? RF_STAGE_SEPARATION : RF_STAGE_MINE;
        double h = hs > hm ? hs : hm, rir = eol_rir(w, yr, e), si = w->si ? w->si[e] : 1.0;
        for (int r = 0; r < nr; r++) {
            if (!consumer[r]) continue;
            double ir = reliance(w, yr, r, e);
            yr->supply_risk[yr->nsupply_risk++] =
                (rf_supply_risk){e, r, stage, h, ir, rir, si, h * ir * (1.0 - rir) * si};
        }
    }
    free(consumer);
    return RF_OK;
}
