/*
 * export_control.c: export bans, quotas and licences, and sanctions.
 *
 * A full-year ban or sanction sets the capacity of the arcs it covers to 0.
 * Everything else is a quota row on the exporter's arcs to the named
 * destinations: a quota's tonnage, or, when the cap depends on the flow the
 * year would have had (a licence that lets share s through, a measure in
 * force for part of the year), a deferred cap the runner sets from a
 * pre-solve without it: cap = fixed + keep x pre-solve flow, with
 * keep = 1 - f + f s for a licence in force over a share f of the year.
 * Origin pools keep the control leak-proof: what the destination cannot buy
 * directly it cannot buy unprocessed through a third region either.
 *
 * `basis: reo` counts a quota or licence in tonnes of REO: each product's
 * flow enters the row times its REO content (reo_content below), so one
 * quota can cap oxide, metal and magnets together, as China's mining and
 * export quotas were set in t REO.  A licence on that basis is one row per
 * destination over all its products (the authority lets a share of the REO
 * through, whatever form it takes) rather than one per product.
 *
 * The report: the exporter's domestic price against the best price its
 * controlled destinations offer net of freight (the export wedge), only for
 * the products the region exports in the year (a product it does not export
 * has no export price to compare); and the rent of each quota or licence in
 * force (quota_rent): minus the dual of its rows, what one more kg let
 * through would earn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "policy/levers.h"
#include "policy/select.h"
#include "rareflow/policy.h"

static rf_status validate_control(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    rf_status st = rf__check_regions(w, &p->origins, file, p->line, "export_controls.exporter", err);
    if (st == RF_OK) st = rf__check_regions(w, &p->dests, file, p->line, "export_controls.destinations", err);
    if (st == RF_OK) st = rf__check_products(w, &p->products, file, p->line, "export_controls.products", err);
    return st;
}

static rf_status validate_sanction(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    rf_status st = rf__check_regions(w, &p->origins, file, p->line, "sanctions.between", err);
    if (st == RF_OK) st = rf__check_regions(w, &p->dests, file, p->line, "sanctions.and", err);
    return st;
}

/*
 * t REO-equivalent in one t of product p: its reo_factor (concentrate and
 * oxide 1, metal the oxide/metal mass ratio, scrap 1); for a magnet, whose
 * content depends on the recipe (reo_factor 0), what its recipes keep of
 * their inputs' REO (inputs less the swarf and other REO outputs) per t of
 * magnet, averaged over the recipes that make it (in the 2024 data they
 * differ by under 3%: 0.317-0.325 t REO per t of high-coercivity magnet).
 */
static double reo_content(const rf_world *w, int p)
{
    if (w->products[p].reo_factor > 0.0 || w->products[p].family != RF_FAM_MAGNET)
        return w->products[p].reo_factor;
    double sum = 0.0;
    int n = 0;
    for (int k = 0; k < w->nrecipes; k++) {
        const rf_recipe *r = &w->recipes[k];
        double made = 0.0, kept = 0.0;
        for (int i = 0; i < r->nout; i++)
            if (r->out[i].product == p) made += r->out[i].qty;
            else kept -= r->out[i].qty * w->products[r->out[i].product].reo_factor;
        if (made <= 0.0) continue;
        for (int i = 0; i < r->nin; i++) kept += r->in[i].qty * w->products[r->in[i].product].reo_factor;
        sum += (kept > 0.0 ? kept : 0.0) / made;
        n++;
    }
    return n ? sum / n : 0.0;
}

/* Weigh a limit's products by their REO content (basis: reo); a product
 * without any counts nothing and leaves the row. */
static rf_status weigh_by_reo(const rf_world *w, rf_flow_limit *l, rf_err *err)
{
    l->prod_weight = calloc((size_t)w->nproducts + 1, sizeof *l->prod_weight);
    if (!l->prod_weight) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int q = 0; q < w->nproducts; q++) {
        if (!l->prod_mask[q]) continue;
        l->prod_weight[q] = reo_content(w, q);
        if (!(l->prod_weight[q] > 0.0)) l->prod_mask[q] = 0;
    }
    return RF_OK;
}

/* Close (cap 0) or limit the arcs from `from` to `dests` for `prods`; with
 * `reo`, the limit counts t of REO. */
static rf_status restrict_arcs(const rf_world *w, rf_year_input *in, int index, int from,
                               const rf_idlist *dests, const rf_idlist *prods, int full_ban,
                               double fixed_t, double keep, int deferred, int reo, rf_err *err)
{
    if (full_ban) {
        for (int s = 0; s < w->nregions; s++)
            if (s != from && rf__match_region(w, dests, s))
                for (int q = 0; q < w->nproducts; q++)
                    if (rf__match_product(w, prods, q)) in->arc_cap[RF_ARC(in, from, s, q)] = 0.0;
        return RF_OK;
    }
    rf_flow_limit *l = rf_year_input_add_limit(in, err);
    if (!l) return err ? err->code : RF_ENOMEM;
    rf__fill_limit(w, l, from, dests, prods);
    l->policy = index;
    l->deferred = deferred;
    l->fixed_t = fixed_t;
    l->keep_share = keep;
    l->cap_t = fixed_t;
    return reo ? weigh_by_reo(w, l, err) : RF_OK;
}

static rf_status apply_control(const rf_policy *p, int index, const rf_world *w, double frac,
                               const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    int whole = frac >= 1.0 - 1e-9;
    for (int r = 0; r < w->nregions; r++) {
        if (!rf__match_region(w, &p->origins, r)) continue;
        rf_status st = RF_OK;
        switch (p->mode) {
        case RF_CTRL_BAN:
            st = restrict_arcs(w, in, index, r, &p->dests, &p->products, whole, 0.0, 1.0 - frac,
                               !whole, 0, err);
            break;
        case RF_CTRL_QUOTA:
            /* The quota is t/yr, a rate like every bound of the LP, in a window too. */
            st = restrict_arcs(w, in, index, r, &p->dests, &p->products, 0, frac * p->quota_t, 1.0 - frac,
                               !whole, p->basis_reo, err);
            break;
        case RF_CTRL_LICENCE:
            /* On an REO basis, one row per destination over all the products. */
            for (int s = 0; st == RF_OK && p->basis_reo && s < w->nregions; s++) {
                if (s == r || !rf__match_region(w, &p->dests, s)) continue;
                rf_idlist dest = {(char **)&w->regions[s].id, 1};
                st = restrict_arcs(w, in, index, r, &dest, &p->products, 0, 0.0, 1.0 - frac + frac * p->share, 1,
                                   1, err);
            }
            /* Otherwise a licence lets through a share of each arc's own flow (a
             * buyer's licence, one product): one row per destination and product, so
             * that tonnes of oxide and of magnet, and one buyer's and another's, do not mix. */
            for (int q = 0; st == RF_OK && !p->basis_reo && q < w->nproducts; q++) {
                if (!rf__match_product(w, &p->products, q)) continue;
                rf_idlist one = {(char **)&w->products[q].id, 1};
                for (int s = 0; st == RF_OK && s < w->nregions; s++) {
                    if (s == r || !rf__match_region(w, &p->dests, s)) continue;
                    rf_idlist dest = {(char **)&w->regions[s].id, 1};
                    st = restrict_arcs(w, in, index, r, &dest, &one, 0, 0.0,
                                       1.0 - frac + frac * p->share, 1, 0, err);
                }
            }
            break;
        }
        if (st != RF_OK) return st;
    }
    return RF_OK;
}

/* Both directions between the two lists, every product. */
static rf_status apply_sanction(const rf_policy *p, int index, const rf_world *w, double frac,
                                const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    static const rf_idlist all = {NULL, 0};
    int whole = frac >= 1.0 - 1e-9;
    for (int side = 0; side < 2; side++) {
        const rf_idlist *from = side ? &p->dests : &p->origins, *to = side ? &p->origins : &p->dests;
        for (int r = 0; r < w->nregions; r++) {
            if (!rf__match_region(w, from, r)) continue;
            rf_status st = restrict_arcs(w, in, index, r, to, &all, whole, 0.0, 1.0 - frac, !whole, 0, err);
            if (st != RF_OK) return st;
        }
    }
    return RF_OK;
}

/* The local price of (r, p) and, when it exports it, its plant-gate price. */
static int local_price(const rf_year_result *out, int r, int p, double *v)
{
    for (int i = 0; i < out->nprices; i++)
        if (out->prices[i].region == r && out->prices[i].product == p && !out->prices[i].variant) {
            *v = out->prices[i].usd_per_kg;
            return 1;
        }
    return 0;
}

/* Flows below this (t/yr) are solver noise, not exports. */
#define EXPORT_EPS 1e-6

/* The flow on limit l's arcs in the solved year, in the row's units. */
static double limit_flow_t(const rf_flow_limit *l, const rf_year_result *out)
{
    double t = 0.0;
    for (int i = 0; i < out->ntrade; i++) {
        const rf_trade_flow *f = &out->trade[i];
        if (f->from == l->from && l->to_mask[f->to] && l->prod_mask[f->product] && !(l->ordinary_only && f->variant))
            t += f->t * (l->prod_weight ? l->prod_weight[f->product] : 1.0);
    }
    return t;
}

/*
 * The rent of each quota or licence lever in force: minus the dual of its
 * rows (market.c's limit_dual, already >= 0).  A lever with several rows (a
 * licence has one per destination and product) reports the flow-weighted
 * mean of their rents, the rent per kg of what it let through; with no flow
 * at all, the highest rent of its rows (a cap of 0 that binds).  Every such
 * lever gets a row, 0 when none of its rows binds.
 */
static rf_status report_rent(const rf_scenario *sc, const rf_year_input *in, rf_year_result *out, rf_err *err)
{
    for (int k = 0; k < sc->npolicies; k++) {
        const rf_policy *p = &sc->policies[k];
        if (p->kind != RF_POL_EXPORT_CONTROL || p->mode == RF_CTRL_BAN || rf__window_fraction(p, in) <= 0.0)
            continue;
        double paid = 0.0, through = 0.0, top = 0.0;
        for (int i = 0; i < in->nlimits && i < out->nlimits; i++) {
            if (in->limits[i].policy != k) continue;
            double t = limit_flow_t(&in->limits[i], out), rent = out->limit_dual[i];
            paid += rent * t;
            through += t;
            if (rent > top) top = rent;
        }
        char label[128];
        if (p->name) snprintf(label, sizeof label, "%s", p->name);
        else snprintf(label, sizeof label, "%s@%d", rf_policy_kind_name(p->kind), p->line);
        rf_quota_rent *rows = realloc(out->quota_rent, (size_t)(out->nquota_rent + 1) * sizeof *rows);
        if (!rows) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        out->quota_rent = rows;
        char *name = rf__strdup(label);
        if (!name) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        rows[out->nquota_rent++] = (rf_quota_rent){name, through > EXPORT_EPS ? paid / through : top};
    }
    return RF_OK;
}

static rf_status report_wedge(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                              const rf_policy_state *state, rf_year_result *out, rf_err *err)
{
    (void)state;
    size_t cap = (size_t)w->nregions * (size_t)w->nproducts + 1;
    rf_export_wedge *rows = realloc(out->export_wedge, cap * sizeof *rows);
    if (!rows) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    out->export_wedge = rows;
    out->nexport_wedge = 0;
    /* What each region exports of each product (compliant variants included). */
    double *exported = calloc(cap, sizeof *exported);
    if (!exported) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; i < out->ntrade; i++)
        if (out->trade[i].from != out->trade[i].to)
            exported[(size_t)out->trade[i].from * (size_t)w->nproducts + (size_t)out->trade[i].product] += out->trade[i].t;
    for (int r = 0; r < w->nregions; r++)
        for (int q = 0; q < w->nproducts; q++) {
            if (!(exported[(size_t)r * (size_t)w->nproducts + (size_t)q] > EXPORT_EPS)) continue;
            /* Is (r, q) under an active export control, and to whom? */
            int any = 0;
            double best = -1.0;
            for (int k = 0; k < sc->npolicies; k++) {
                const rf_policy *p = &sc->policies[k];
                if (p->kind != RF_POL_EXPORT_CONTROL || rf__window_fraction(p, in) <= 0.0 ||
                    !rf__match_region(w, &p->origins, r) || !rf__match_product(w, &p->products, q))
                    continue;
                any = 1;
                for (int s = 0; s < w->nregions; s++) {
                    double ps, cost;
                    if (s == r || !rf__match_region(w, &p->dests, s) || !rf_world_arc_cost(w, r, s, q, &cost) ||
                        !local_price(out, s, q, &ps))
                        continue;
                    if (ps - cost > best) best = ps - cost;
                }
            }
            double dom;
            if (!any || best < 0.0 || !local_price(out, r, q, &dom)) continue;
            rf_export_wedge *e = &out->export_wedge[out->nexport_wedge++];
            e->region = r;
            e->product = q;
            e->domestic_usd_per_kg = dom;
            e->export_usd_per_kg = best;
        }
    free(exported);
    return report_rent(sc, in, out, err);
}

static const char *no_effect_control(const rf_policy *p, const rf_world *w, char *buf, size_t size)
{
    (void)w, (void)buf, (void)size;
    return p->mode == RF_CTRL_LICENCE && p->share >= 1.0 ? "a licence that lets the whole flow through" : NULL;
}

const rf_policy_ops rf__export_control_ops = {"export_control", validate_control, apply_control, report_wedge,
                                              NULL, NULL, no_effect_control};
const rf_policy_ops rf__sanction_ops = {"sanction", validate_sanction, apply_sanction, NULL, NULL, NULL, NULL};
