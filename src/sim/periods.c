/*
 * periods.c: a year's tables from the results of its periods (quarters):
 * flows, activities, demand and money add up; prices are weighted by the
 * volume at their node; stocks are those at the year's end.  Shares and HHI
 * are computed again from the year's production.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/analytics.h"
#include "sim/sim_internal.h"

/* Grow *arr (of *n elements of `size`) by one zeroed element; NULL on ENOMEM. */
static void *push(void **arr, int *n, size_t size)
{
    void *g = realloc(*arr, ((size_t)*n + 1) * size);
    if (!g) return NULL;
    *arr = g;
    char *e = (char *)g + (size_t)*n * size;
    memset(e, 0, size);
    (*n)++;
    return e;
}

#define PUSH(arr, n) push((void **)&(arr), &(n), sizeof *(arr))

/* The volume at (region, product) in a period: what was made there and what came in. */
static void node_volume(const rf_world *w, const rf_year_result *p, double *vol)
{
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts;
    for (size_t i = 0; i < nn; i++) vol[i] = 0.0;
    for (int i = 0; i < p->nproduction; i++)
        vol[RF_NODE(w, w->facilities[p->production[i].facility].region, p->production[i].product)] +=
            p->production[i].t;
    for (int i = 0; i < p->ntrade; i++) vol[RF_NODE(w, p->trade[i].to, p->trade[i].product)] += p->trade[i].t;
    for (int d = 0; p->served_t && d < w->ndemand; d++)
        vol[RF_NODE(w, w->demand[d].region, w->demand[d].product)] += p->served_t[d];
}

static rf_status sum_prices(const rf_world *w, rf_year_result *y, const rf_year_result *per, int n)
{
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts;
    double *vol = malloc((nn + 1) * sizeof *vol);
    /* Per (region, product, variant): weighted sums of both prices, their weights, counts, and
     * the supply summed over the periods. */
    double *acc = calloc(2 * nn * 7 + 1, sizeof *acc);
    unsigned char *has_export = calloc(2 * nn + 1, 1);
    rf_status st = vol && acc && has_export ? RF_OK : RF_ENOMEM;
    for (int k = 0; st == RF_OK && k < n; k++) {
        node_volume(w, &per[k], vol);
        for (int i = 0; i < per[k].nprices; i++) {
            const rf_price *p = &per[k].prices[i];
            size_t node = RF_NODE(w, p->region, p->product), key = (size_t)p->variant * nn + node;
            double *a = &acc[7 * key];
            a[6] += p->supply_t;
            a[0] += vol[node] * p->usd_per_kg;
            a[1] += vol[node] * p->export_usd_per_kg;
            a[2] += vol[node];
            a[3] += p->usd_per_kg;
            a[4] += p->export_usd_per_kg;
            a[5] += 1.0;
            has_export[key] |= (unsigned char)p->has_export;
        }
    }
    if (st == RF_OK) {
        y->prices = calloc(2 * nn + 1, sizeof *y->prices);
        if (!y->prices) st = RF_ENOMEM;
    }
    /* The order of the periods' tables: region, then product, ordinary before variant. */
    for (size_t node = 0; st == RF_OK && node < nn; node++)
        for (int v = 0; v < 2; v++) {
            const double *a = &acc[7 * ((size_t)v * nn + node)];
            if (a[5] == 0.0) continue;
            rf_price *p = &y->prices[y->nprices++];
            p->region = (int)(node / (size_t)w->nproducts);
            p->product = (int)(node % (size_t)w->nproducts);
            p->variant = v;
            /* Volume-weighted; a node that moved nothing in any period, a plain mean. */
            p->usd_per_kg = a[2] > 0.0 ? a[0] / a[2] : a[3] / a[5];
            p->export_usd_per_kg = a[2] > 0.0 ? a[1] / a[2] : a[4] / a[5];
            p->has_export = has_export[(size_t)v * nn + node];
            p->supply_t = a[6];
        }
    free(vol);
    free(acc);
    free(has_export);
    return st;
}

static rf_status sum_flows(rf_year_result *y, const rf_year_result *per, int n)
{
    for (int k = 0; k < n; k++) {
        const rf_year_result *p = &per[k];
        for (int i = 0; i < p->nproduction; i++) {
            const rf_output *o = &p->production[i];
            int j = 0;
            while (j < y->nproduction && !(y->production[j].facility == o->facility && y->production[j].product == o->product))
                j++;
            if (j == y->nproduction && !PUSH(y->production, y->nproduction)) return RF_ENOMEM;
            y->production[j].facility = o->facility;
            y->production[j].product = o->product;
            y->production[j].t += o->t;
        }
        for (int i = 0; i < p->ntrade; i++) {
            const rf_trade_flow *f = &p->trade[i];
            int j = 0;
            while (j < y->ntrade && !(y->trade[j].from == f->from && y->trade[j].to == f->to &&
                                      y->trade[j].product == f->product && y->trade[j].variant == f->variant))
                j++;
            if (j == y->ntrade && !PUSH(y->trade, y->ntrade)) return RF_ENOMEM;
            rf_trade_flow *t = &y->trade[j];
            t->from = f->from, t->to = f->to, t->product = f->product, t->variant = f->variant;
            t->t += f->t;
        }
        for (int i = 0; i < p->ndisposal; i++) {
            const rf_disposal *d = &p->disposal[i];
            int j = 0;
            while (j < y->ndisposal && !(y->disposal[j].region == d->region && y->disposal[j].product == d->product)) j++;
            if (j == y->ndisposal && !PUSH(y->disposal, y->ndisposal)) return RF_ENOMEM;
            y->disposal[j].region = d->region;
            y->disposal[j].product = d->product;
            y->disposal[j].t += d->t;
        }
        for (int i = 0; i < p->ngovernment_cost; i++) {
            const rf_gov_cost *g = &p->government_cost[i];
            int j = 0;
            while (j < y->ngovernment_cost &&
                   !(y->government_cost[j].region == g->region && !strcmp(y->government_cost[j].policy, g->policy)))
                j++;
            if (j == y->ngovernment_cost) {
                char *name = rf__strdup(g->policy);
                if (!name || !PUSH(y->government_cost, y->ngovernment_cost)) {
                    free(name);
                    return RF_ENOMEM;
                }
                y->government_cost[j].region = g->region;
                y->government_cost[j].policy = name;
                y->government_cost[j].facility = g->facility;
            }
            y->government_cost[j].usd += g->usd;
        }
        for (int i = 0; i < p->npolicies_active; i++) {
            int j = 0;
            while (j < y->npolicies_active && strcmp(y->policies_active[j], p->policies_active[i])) j++;
            if (j < y->npolicies_active) continue;
            char *name = rf__strdup(p->policies_active[i]);
            if (!name || !PUSH(y->policies_active, y->npolicies_active)) {
                free(name);
                return RF_ENOMEM;
            }
            y->policies_active[j] = name;
        }
        /* An export wedge: the periods' mean where it was reported. */
        for (int i = 0; i < p->nexport_wedge; i++) {
            const rf_export_wedge *e = &p->export_wedge[i];
            int j = 0;
            while (j < y->nexport_wedge && !(y->export_wedge[j].region == e->region && y->export_wedge[j].product == e->product))
                j++;
            if (j == y->nexport_wedge && !PUSH(y->export_wedge, y->nexport_wedge)) return RF_ENOMEM;
            y->export_wedge[j].region = e->region;
            y->export_wedge[j].product = e->product;
            y->export_wedge[j].domestic_usd_per_kg += e->domestic_usd_per_kg;
            y->export_wedge[j].export_usd_per_kg += e->export_usd_per_kg;
        }
    }
    for (int j = 0; j < y->nexport_wedge; j++) {
        int m = 0;
        for (int k = 0; k < n; k++)
            for (int i = 0; i < per[k].nexport_wedge; i++)
                m += per[k].export_wedge[i].region == y->export_wedge[j].region &&
                     per[k].export_wedge[i].product == y->export_wedge[j].product;
        if (m > 1) {
            y->export_wedge[j].domestic_usd_per_kg /= m;
            y->export_wedge[j].export_usd_per_kg /= m;
        }
    }
    return RF_OK;
}

/* A contract's gap in the year: its mean over the periods that held it; its breaches add up. */
static rf_status sum_contracts(rf_year_result *y, const rf_year_result *per, int n)
{
    int *count = NULL;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < per[k].ncontracts; i++) {
            const rf_contract_row *c = &per[k].contracts[i];
            int j = 0;
            while (j < y->ncontracts && y->contracts[j].facility != c->facility) j++;
            if (j == y->ncontracts) {
                int *g = realloc(count, ((size_t)j + 1) * sizeof *g);
                if (g) count = g;
                if (!g || !PUSH(y->contracts, y->ncontracts)) {
                    free(count);
                    return RF_ENOMEM;
                }
                y->contracts[j].facility = c->facility;
                count[j] = 0;
            }
            y->contracts[j].gap_usd_per_kg += c->gap_usd_per_kg;
            y->contracts[j].breach_t += c->breach_t;
            count[j]++;
        }
    for (int j = 0; j < y->ncontracts; j++) y->contracts[j].gap_usd_per_kg /= count[j];
    free(count);
    return RF_OK;
}

/* Each region's surplus in the year: the sum of its periods'. */
static rf_status sum_welfare(rf_year_result *y, const rf_year_result *per, int n)
{
    for (int k = 0; k < n; k++)
        for (int i = 0; i < per[k].nwelfare; i++) {
            const rf_welfare_row *v = &per[k].welfare[i];
            int j = 0;
            while (j < y->nwelfare && y->welfare[j].region != v->region) j++;
            if (j == y->nwelfare) {
                if (!PUSH(y->welfare, y->nwelfare)) return RF_ENOMEM;
                y->welfare[j].region = v->region;
            }
            y->welfare[j].consumer_usd += v->consumer_usd;
            y->welfare[j].producer_usd += v->producer_usd;
            y->welfare[j].government_usd += v->government_usd;
            y->welfare[j].tariff_revenue_usd += v->tariff_revenue_usd;
        }
    return RF_OK;
}

/* A quota's rent in the year: its mean over the periods it was in force. */
static rf_status sum_rents(rf_year_result *y, const rf_year_result *per, int n)
{
    int *count = NULL;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < per[k].nquota_rent; i++) {
            const rf_quota_rent *q = &per[k].quota_rent[i];
            int j = 0;
            while (j < y->nquota_rent && strcmp(y->quota_rent[j].policy, q->policy)) j++;
            if (j == y->nquota_rent) {
                char *name = rf__strdup(q->policy);
                int *c = realloc(count, ((size_t)j + 1) * sizeof *c);
                if (c) count = c;
                if (!name || !c || !PUSH(y->quota_rent, y->nquota_rent)) {
                    free(name);
                    free(count);
                    return RF_ENOMEM;
                }
                y->quota_rent[j].policy = name;
                count[j] = 0;
            }
            y->quota_rent[j].usd_per_kg += q->usd_per_kg;
            count[j]++;
        }
    for (int j = 0; j < y->nquota_rent; j++) y->quota_rent[j].usd_per_kg /= count[j];
    free(count);
    return RF_OK;
}

/* Arrays of a fixed length that add up: NULL in every period stays NULL. */
static rf_status sum_array(double **dst, size_t n, const rf_year_result *per, int np, size_t offset)
{
    int any = 0;
    for (int k = 0; k < np; k++) any |= *(double *const *)((const char *)&per[k] + offset) != NULL;
    if (!any) return RF_OK;
    *dst = calloc(n + 1, sizeof **dst);
    if (!*dst) return RF_ENOMEM;
    for (int k = 0; k < np; k++) {
        const double *src = *(double *const *)((const char *)&per[k] + offset);
        for (size_t i = 0; src && i < n; i++) (*dst)[i] += src[i];
    }
    return RF_OK;
}

#define SUM_ARRAY(field, n) sum_array(&y->field, (n), per, np, offsetof(rf_year_result, field))

rf_status rf__periods_sum(const rf_world *w, rf_year_result *y, const rf_year_result *per, int np, rf_err *err)
{
    y->status = RF_YEAR_OPTIMAL;
    y->converged = 1;
    for (int k = 0; k < np; k++) {
        const rf_year_result *p = &per[k];
        if (p->status != RF_YEAR_OPTIMAL && y->status == RF_YEAR_OPTIMAL) y->status = p->status;
        y->objective += p->objective;
        y->iterations += p->iterations;
        y->simplex_iterations += p->simplex_iterations;
        y->converged &= p->converged;
        if (p->lp_rows > y->lp_rows) y->lp_rows = p->lp_rows;
        if (p->lp_cols > y->lp_cols) y->lp_cols = p->lp_cols;
        if (p->lp_nonzeros > y->lp_nonzeros) y->lp_nonzeros = p->lp_nonzeros;
        y->build_s += p->build_s;
        y->solve_s += p->solve_s;
    }
    /* A year with a period without numbers has no annual numbers either. */
    if (y->status != RF_YEAR_OPTIMAL) return RF_OK;
    const rf_year_result *last = &per[np - 1];
    size_t nfr = (size_t)w->nfac_recipes, nd = (size_t)w->ndemand;
    rf_status st = sum_prices(w, y, per, np);
    if (st == RF_OK) st = sum_flows(y, per, np);
    if (st == RF_OK) st = SUM_ARRAY(activity, nfr);
    if (st == RF_OK) st = SUM_ARRAY(activity_compliant, nfr);
    if (st == RF_OK) st = SUM_ARRAY(served_t, nd);
    if (st == RF_OK) st = SUM_ARRAY(ref_t, nd);
    if (st == RF_OK) st = SUM_ARRAY(shortage_t, nd);
    if (st == RF_OK) st = SUM_ARRAY(response_t, nd);
    if (st == RF_OK) st = SUM_ARRAY(tariff_revenue, (size_t)w->nregions);
    if (st == RF_OK) st = SUM_ARRAY(export_tax_revenue, (size_t)w->nregions);
    if (st == RF_OK) st = sum_rents(y, per, np);
    if (st == RF_OK) st = sum_contracts(y, per, np);
    if (st == RF_OK) st = sum_welfare(y, per, np);
    /* The levers' own columns and limits come and go with the periods: the
     * year keeps the last period's, which is where its stocks stand. */
    if (st == RF_OK && last->nextra > 0) {
        size_t n = (size_t)last->nextra + 1;
        y->extra_t = calloc(n, sizeof *y->extra_t);
        y->extra_region = calloc(n, sizeof(int));
        y->extra_product = calloc(n, sizeof(int));
        y->extra_sign = calloc(n, sizeof(int));
        y->extra_eol = calloc(n, sizeof(int));
        if (!y->extra_t || !y->extra_region || !y->extra_product || !y->extra_sign || !y->extra_eol) st = RF_ENOMEM;
        if (st == RF_OK) {
            y->nextra = last->nextra;
            memcpy(y->extra_region, last->extra_region, (size_t)last->nextra * sizeof(int));
            memcpy(y->extra_product, last->extra_product, (size_t)last->nextra * sizeof(int));
            memcpy(y->extra_sign, last->extra_sign, (size_t)last->nextra * sizeof(int));
            memcpy(y->extra_eol, last->extra_eol, (size_t)last->nextra * sizeof(int));
            /* Where every period has the same columns, their flows add up. */
            for (int k = 0; k < np; k++) {
                int same = per[k].nextra == last->nextra;
                for (int i = 0; same && i < last->nextra; i++)
                    same = per[k].extra_region[i] == last->extra_region[i] &&
                           per[k].extra_product[i] == last->extra_product[i] && per[k].extra_sign[i] == last->extra_sign[i];
                /* (the last period is `last`: its columns are the year's) */
                for (int i = 0; (same || k == np - 1) && i < last->nextra; i++) y->extra_t[i] += per[k].extra_t[i];
            }
        }
    }
    /* Capacity factors are the year's (periods share them). */
    if (st == RF_OK && last->cap_factor) {
        y->cap_factor = malloc((size_t)(w->nfacilities + 1) * sizeof *y->cap_factor);
        if (!y->cap_factor) st = RF_ENOMEM;
        else if (w->nfacilities > 0) memcpy(y->cap_factor, last->cap_factor, (size_t)w->nfacilities * sizeof *y->cap_factor);
    }
    if (st == RF_OK && last->nlimits > 0) {
        y->limit_dual = calloc((size_t)last->nlimits + 1, sizeof *y->limit_dual);
        if (!y->limit_dual) st = RF_ENOMEM;
        else {
            y->nlimits = last->nlimits;
            memcpy(y->limit_dual, last->limit_dual, (size_t)last->nlimits * sizeof *y->limit_dual);
        }
    }
    if (st == RF_OK && last->nstockpile > 0) {
        y->stockpile = malloc((size_t)last->nstockpile * sizeof *y->stockpile);
        if (!y->stockpile) st = RF_ENOMEM;
        else {
            memcpy(y->stockpile, last->stockpile, (size_t)last->nstockpile * sizeof *y->stockpile);
            y->nstockpile = last->nstockpile;
        }
    }
    if (st == RF_OK && last->ninventory > 0) {
        y->inventory = malloc((size_t)last->ninventory * sizeof *y->inventory);
        if (!y->inventory) st = RF_ENOMEM;
        else {
            memcpy(y->inventory, last->inventory, (size_t)last->ninventory * sizeof *y->inventory);
            y->ninventory = last->ninventory;
            /* The year opened with the first period's stocks. */
            for (int i = 0; i < y->ninventory && i < per[0].ninventory; i++) y->inventory[i].open_t = per[0].inventory[i].open_t;
        }
    }
    /* Variant names from a period that had a sourcing rule in force. */
    for (int k = np - 1; k >= 0 && !last->variant_tag[0]; k--) last = per[k].variant_tag[0] ? &per[k] : last;
    if (st == RF_OK && last->variant_tag[0]) {
        memcpy(y->variant_tag, last->variant_tag, sizeof y->variant_tag);
        y->variant_names = calloc((size_t)last->nvariant_names + 1, sizeof *y->variant_names);
        if (!y->variant_names) st = RF_ENOMEM;
        for (int i = 0; st == RF_OK && i < last->nvariant_names; i++) {
            if (!(y->variant_names[i] = rf__strdup(last->variant_names[i]))) st = RF_ENOMEM;
            else y->nvariant_names = i + 1;
        }
    }
    if (st != RF_OK) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory summing the periods");
    /* The year's measures are recomputed from its summed flows, as `shares` are:
     * a share of a year is not the average of its periods' shares. */
    st = rf_analytics_shares(w, y, err);
    if (st == RF_OK) st = rf_analytics_element_shares(w, y, err);
    if (st == RF_OK) st = rf_analytics_import_reliance(w, y, err);
    if (st == RF_OK) st = rf_analytics_supply_risk(w, y, err);
    if (st == RF_OK) st = rf_analytics_stage_flows(w, y, err);
    return st;
}
