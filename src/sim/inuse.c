/*
 * inuse.c: magnets in use, their end-of-life scrap, and substitution.
 *
 * Magnets served to a sector enter its stock in use in the region; an
 * inflow-driven dynamic stock model (rareflow/stock.h, ODYM's conventions)
 * with the sector's lifetime (lifetimes.csv) says what leaves each year.
 * What leaves, times the collection rate and the process yield, is scrap
 * offered to the region's recyclers the next year.  The collection rate is
 * the sector's (lifetimes.csv), raised where a collection lever of the
 * scenario is in force in the year the magnets leave use
 * (rf_policy_collection_rate).  The scrap goes element group by element
 * group: each element to the scrap product that lists it (scrap:NdPr,
 * scrap:Dy, scrap:Tb), at the element content of the magnets the sector
 * takes this year (the recipe mix of the year: an approximation for magnets
 * made years ago, stated in docs/model.md).  The 2024 stock comes from
 * inflows before 2024 that grew at inuse_history_growth a year from
 * inuse_history_start (parameters.csv), 2024's inflow being its reference
 * demand.
 *
 * Substitution and thrifting: a demand row whose product's local price
 * stays at or above threshold_ratio x its 2024 reference price loses demand
 * towards max_reduction, by max_reduction / adjust_years a year, and gets it
 * back as slowly once the price falls under the threshold.
 */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/index.h"

/* The distinct sectors of the demand rows, each row's sector and each
 * sector's lifetime (the first row of lifetimes.csv that names it), through
 * a string index: linear in the rows, however many sectors they name. */
static rf_status index_sectors(rf_sim *s, rf_err *err)
{
    const rf_world *w = s->w;
    rf__index ix = {0};
    s->sectors = calloc((size_t)w->ndemand + 1, sizeof *s->sectors);
    s->lifetime = calloc((size_t)w->ndemand + 1, sizeof *s->lifetime);
    s->sector_of = calloc((size_t)w->ndemand + 1, sizeof *s->sector_of);
    int bad = !s->sectors || !s->lifetime || !s->sector_of;
    for (int d = 0; !bad && d < w->ndemand; d++) {
        int k = rf__index_get(&ix, w->demand[d].sector);
        if (k < 0) {
            k = s->nsectors++;
            s->sectors[k] = w->demand[d].sector;
            bad = rf__index_put(&ix, w->demand[d].sector, k) != 0;
        }
        s->sector_of[d] = k;
    }
    for (int i = 0; !bad && i < w->nlifetimes; i++) {
        int k = rf__index_get(&ix, w->lifetimes[i].sector);
        if (k >= 0 && !s->lifetime[k]) s->lifetime[k] = &w->lifetimes[i];
    }
    rf__index_free(&ix);
    return bad ? rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory") : RF_OK;
}

static int is_magnet(const rf_world *w, int d)
{
    return w->products[w->demand[d].product].family == RF_FAM_MAGNET;
}

rf_status rf__inuse_init(rf_sim *s, rf_err *err)
{
    const rf_world *w = s->w;
    rf_status st = index_sectors(s, err);
    if (st != RF_OK) return st;
    size_t n = (size_t)w->nregions * (size_t)(s->nsectors ? s->nsectors : 1);
    s->inuse = calloc(n, sizeof *s->inuse);
    s->inuse_inflow = calloc(n, sizeof *s->inuse_inflow);
    s->st.inuse_t = calloc(n, sizeof *s->st.inuse_t);
    if (!s->inuse || !s->inuse_inflow || !s->st.inuse_t)
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    int start = w->params.inuse_history_start, last = s->sc->years[s->sc->nyears - 1];
    int max_years = (RF_SIM_BASE_YEAR - start) + (last - RF_SIM_BASE_YEAR + 1) + 1;
    if (max_years > RF_MAX_STOCK_YEARS) max_years = RF_MAX_STOCK_YEARS;
    s->inuse_max_years = max_years;
    double g = w->params.inuse_history_growth;
    /* 2024's inflow of each (region, sector): its magnet rows' reference demand. */
    for (int d = 0; d < w->ndemand; d++)
        if (is_magnet(w, d))
            s->inuse_inflow[(size_t)w->demand[d].region * (size_t)s->nsectors + (size_t)s->sector_of[d]] +=
                w->demand[d].ref_qty_t;
    for (int r = 0; r < w->nregions; r++)
        for (int k = 0; k < s->nsectors; k++) {
            const rf_lifetime *lt = s->lifetime[k];
            size_t i = (size_t)r * (size_t)s->nsectors + (size_t)k;
            double inflow_2024 = s->inuse_inflow[i];
            if (!lt || !(inflow_2024 > 0.0)) {
                s->inuse_inflow[i] = 0.0; /* no stock in use to feed */
                continue;
            }
            rf_stock_lifetime sl = {(rf_stock_dist)lt->dist, lt->mean, lt->sd, lt->shape, lt->scale};
            if (!(s->inuse[i] = rf_stock_model_new(&sl, max_years, err))) return err ? err->code : RF_ENOMEM;
            /* The stock at the start of 2024, from inflows that grew at g a year. */
            double stock = 0.0;
            for (int y = start; y < RF_SIM_BASE_YEAR && y - start < max_years - 1; y++) {
                st = rf_stock_model_add(s->inuse[i], inflow_2024 / pow(1.0 + g, RF_SIM_BASE_YEAR - y), &stock, NULL,
                                        err);
                if (st != RF_OK) return st;
            }
            s->st.inuse_t[i] = stock;
        }
    return RF_OK;
}

/*
 * t of each scrap product per t of magnet product p, from the year's recipe
 * mix: what the recipes put into a magnet less what they returned as swarf,
 * element by element, each element to the first scrap product that lists it.
 * cont[p * np + s]; all 0 for a magnet nobody made.  0, or -1 on ENOMEM.
 */
static int magnet_scrap_content(const rf_world *w, const rf_year_result *yr, double *cont)
{
    int np = w->nproducts, ne = w->nelements;
    memset(cont, 0, (size_t)np * (size_t)np * sizeof *cont);
    double *kept = calloc((size_t)ne + 1, sizeof *kept);
    int *scrap_of = malloc(((size_t)ne + 1) * sizeof *scrap_of);
    if (!kept || !scrap_of) {
        free(kept);
        free(scrap_of);
        return -1;
    }
    for (int e = 0; e < ne; e++) {
        scrap_of[e] = -1;
        for (int q = 0; q < np && scrap_of[e] < 0; q++)
            if (w->products[q].family == RF_FAM_SCRAP && w->products[q].content[e] > 0.0) scrap_of[e] = q;
    }
    for (int p = 0; p < np; p++) {
        if (w->products[p].family != RF_FAM_MAGNET) continue;
        double made = 0.0;
        memset(kept, 0, (size_t)ne * sizeof *kept);
        for (int f = 0; f < w->nfacilities; f++) {
            const rf_facility *fac = &w->facilities[f];
            for (int k = 0; k < fac->nrecipes; k++) {
                const rf_recipe *r = &w->recipes[fac->recipes[k]];
                double a = yr->activity ? yr->activity[fac->recipe_offset + k] : 0.0, q = 0.0;
                for (int i = 0; i < r->nout; i++)
                    if (r->out[i].product == p) q += r->out[i].qty;
                if (!(a > 0.0) || !(q > 0.0)) continue;
                made += a * q;
                for (int e = 0; e < ne; e++) {
                    double x = 0.0;
                    for (int i = 0; i < r->nin; i++)
                        x += r->in[i].qty * w->products[r->in[i].product].reo_factor *
                             w->products[r->in[i].product].content[e];
                    for (int i = 0; i < r->nout; i++)
                        if (w->products[r->out[i].product].family != RF_FAM_MAGNET)
                            x -= r->out[i].qty * w->products[r->out[i].product].reo_factor *
                                 w->products[r->out[i].product].content[e];
                    kept[e] += a * x;
                }
            }
        }
        if (!(made > 0.0)) continue;
        for (int e = 0; e < ne; e++)
            if (scrap_of[e] >= 0 && kept[e] > 0.0)
                cont[(size_t)p * (size_t)np + (size_t)scrap_of[e]] +=
                    kept[e] / made / w->products[scrap_of[e]].reo_factor;
    }
    free(kept);
    free(scrap_of);
    return 0;
}

/* Move each demand row's substitution towards its target at the year's prices. */
static void substitute(rf_sim *s, const rf_year_result *yr)
{
    const rf_world *w = s->w;
    for (int d = 0; d < w->ndemand; d++) {
        const rf_demand *dm = &w->demand[d];
        double price = NAN, target = 0.0, speed = 0.0;
        for (int i = 0; i < yr->nprices; i++)
            if (yr->prices[i].region == dm->region && yr->prices[i].product == dm->product && !yr->prices[i].variant)
                price = yr->prices[i].usd_per_kg;
        int any = 0;
        for (int i = 0; i < w->nsubstitution; i++) {
            const rf_substitution *x = &w->substitution[i];
            if (x->product != dm->product || (x->sector && strcmp(x->sector, dm->sector))) continue;
            any = 1;
            double rate = x->max_reduction / x->adjust_years;
            if (rate > speed) speed = rate;
            if (!isnan(price) && price >= x->threshold_ratio * dm->ref_price_usd_per_kg && x->max_reduction > target)
                target = x->max_reduction;
        }
        if (!any) continue;
        double *sub = &s->st.substitution[d], gap = target - *sub;
        *sub += gap > speed ? speed : gap < -speed ? -speed : gap;
    }
}

rf_status rf__inuse_update(rf_sim *s, int year, const rf_year_result *yr, rf_err *err)
{
    const rf_world *w = s->w;
    int ns = s->nsectors, np = w->nproducts;
    size_t n = (size_t)w->nregions * (size_t)ns;
    double *inflow_by = calloc(n * (size_t)np + 1, sizeof *inflow_by);
    double *cont = calloc((size_t)np * (size_t)np + 1, sizeof *cont);
    if (!inflow_by || !cont || (yr && magnet_scrap_content(w, yr, cont))) {
        free(inflow_by);
        free(cont);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    /* The year's inflow by (region, sector) and its mix of magnet products; a year
     * with no numbers keeps the last inflow and mix. */
    if (yr) {
        memset(s->inuse_inflow, 0, n * sizeof *s->inuse_inflow);
        for (int d = 0; d < w->ndemand; d++)
            if (is_magnet(w, d) && yr->served_t) {
                size_t i = (size_t)w->demand[d].region * (size_t)ns + (size_t)s->sector_of[d];
                s->inuse_inflow[i] += yr->served_t[d];
                inflow_by[i * (size_t)np + (size_t)w->demand[d].product] += yr->served_t[d];
            }
        memset(s->eol_t, 0, (size_t)w->nregions * (size_t)np * sizeof *s->eol_t);
    }
    rf_status st = RF_OK;
    for (int r = 0; st == RF_OK && r < w->nregions; r++)
        for (int k = 0; st == RF_OK && k < ns; k++) {
            size_t i = (size_t)r * (size_t)ns + (size_t)k;
            /* A model full to its sizing (the run's last year) takes no more. */
            if (!s->inuse[i] || rf_stock_model_years(s->inuse[i]) >= s->inuse_max_years) continue;
            double stock = 0.0, out = 0.0;
            st = rf_stock_model_add(s->inuse[i], s->inuse_inflow[i], &stock, &out, err);
            s->st.inuse_t[i] = stock;
            if (st != RF_OK || !yr || !(out > 0.0) || !(s->inuse_inflow[i] > 0.0)) continue;
            const rf_lifetime *lt = s->lifetime[k];
            /* The magnets leaving use this year are collected at this year's rate. */
            double rate = rf_policy_collection_rate(s->sc, w, r, s->sectors[k], year, lt->collection_rate);
            double collected = out * rate * lt->process_yield;
            for (int p = 0; p < np; p++) {
                double share = inflow_by[i * (size_t)np + (size_t)p] / s->inuse_inflow[i];
                if (!(share > 0.0)) continue;
                for (int q = 0; q < np; q++)
                    s->eol_t[RF_NODE(w, r, q)] += collected * share * cont[(size_t)p * (size_t)np + (size_t)q];
            }
        }
    if (yr) substitute(s, yr);
    free(inflow_by);
    free(cont);
    return st;
}

void rf__inuse_free(rf_sim *s)
{
    size_t n = (size_t)s->w->nregions * (size_t)(s->nsectors ? s->nsectors : 1);
    for (size_t i = 0; s->inuse && i < n; i++) rf_stock_model_free(s->inuse[i]);
    free(s->inuse);
    free(s->inuse_inflow);
    free(s->sectors);
    free(s->lifetime);
    free(s->sector_of);
    s->inuse = NULL;
    s->inuse_inflow = NULL;
    s->sectors = NULL;
    s->lifetime = NULL;
    s->sector_of = NULL;
    s->nsectors = 0;
}
