/*
 * json_out.c: the JSON document of a run (contract in docs/cli.md).
 *
 * The whole document is built in memory and then dumped, so a failure while
 * building never leaves half a document on stdout.  Every number goes through
 * num(), which refuses a non-finite value: jansson's json_real(NAN) returns
 * NULL and the key would silently vanish.
 */
#include <math.h>
#include <jansson.h>

#include "core/strutil.h"
#include "rareflow/output.h"
#include "output/json_dump.h"

/* A JSON number for v; NULL (an error for the caller) when v is not finite. */
static json_t *num(double v)
{
    if (!isfinite(v)) return NULL;
    if (v == 0.0) v = 0.0; /* no "-0.0" in the output */
    return json_real(v);
}

/* Set key to value, taking ownership; returns -1 if value is NULL or on failure. */
static int put(json_t *obj, const char *key, json_t *value)
{
    if (!value) return -1;
    return json_object_set_new(obj, key, value);
}

static int push(json_t *arr, json_t *value)
{
    if (!value) return -1;
    return json_array_append_new(arr, value);
}

rf_status rf__json_dump(json_t *root, FILE *fp, rf_err *err)
{
    rf__cloc loc;
    rf__cloc_enter(&loc);
    int rc = json_dumpf(root, fp, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
    rf__cloc_leave(&loc);
    json_decref(root);
    if (rc != 0 || fputc('\n', fp) == EOF || fflush(fp) != 0)
        return rf_err_set(err, RF_EIO, NULL, 0, NULL, "could not write the JSON document");
    return RF_OK;
}

/* One row of a year's table as a JSON object (NULL on failure). */
typedef json_t *(*row_fn)(const rf_world *w, const rf_year_result *yr, int i);

/* The array of rows 0..n-1 built by `row` (NULL on failure, nothing leaked). */
static json_t *table(const rf_world *w, const rf_year_result *yr, int n, row_fn row)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++)
        if (push(a, row(w, yr, i))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* An object from key/value pairs, taking ownership of every value (NULL on failure). */
static json_t *obj(int n, const char *const *keys, json_t *const *vals)
{
    json_t *o = json_object();
    int bad = !o;
    for (int i = 0; i < n; i++) {
        if (!bad) bad = put(o, keys[i], vals[i]);
        else json_decref(vals[i]);
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *price_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_price *p = &yr->prices[i];
    static const char *const k[] = {"region", "product", "usd_per_kg", "supply_t", "export_usd_per_kg"};
    json_t *v[] = {json_string(w->regions[p->region].id),
                   json_string(rf_year_product_name(w, yr, p->product, p->variant)),
                   num(p->usd_per_kg), num(p->supply_t), p->has_export ? num(p->export_usd_per_kg) : NULL};
    return obj(p->has_export ? 5 : 4, k, v);
}

static json_t *production_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_output *p = &yr->production[i];
    const rf_facility *f = &w->facilities[p->facility];
    static const char *const k[] = {"facility", "region", "stage", "product", "t"};
    json_t *v[] = {json_string(f->id), json_string(w->regions[f->region].id),
                   json_string(rf_stage_result_name(f->stage)), json_string(w->products[p->product].id),
                   num(p->t)};
    return obj(5, k, v);
}

static json_t *trade_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_trade_flow *t = &yr->trade[i];
    static const char *const k[] = {"from", "to", "product", "t"};
    json_t *v[] = {json_string(w->regions[t->from].id), json_string(w->regions[t->to].id),
                   json_string(rf_year_product_name(w, yr, t->product, t->variant)), num(t->t)};
    return obj(4, k, v);
}

static json_t *share_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_share *s = &yr->shares[i];
    static const char *const k[] = {"stage", "region", "share", "t"};
    json_t *v[] = {json_string(rf_stage_result_name(s->stage)), json_string(w->regions[s->region].id),
                   num(s->share), num(s->t)};
    return obj(4, k, v);
}

static json_t *hhi_row(const rf_world *w, const rf_year_result *yr, int i)
{
    (void)w;
    static const char *const k[] = {"stage", "value", "total_t"};
    json_t *v[] = {json_string(rf_stage_result_name(yr->hhi[i].stage)), num(yr->hhi[i].value),
                   num(yr->hhi[i].total_t)};
    return obj(3, k, v);
}

static const char *elem_name(const rf_world *w, int e) { return e >= 0 ? w->elements[e].id : "REO"; }

static json_t *elem_share_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_elem_share *s = &yr->elem_shares[i];
    static const char *const k[] = {"stage", "element", "region", "share", "t"};
    json_t *v[] = {json_string(rf_stage_result_name(s->stage)), json_string(elem_name(w, s->element)),
                   json_string(w->regions[s->region].id), num(s->share), num(s->t)};
    return obj(5, k, v);
}

static json_t *elem_hhi_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_elem_hhi *h = &yr->elem_hhi[i];
    static const char *const k[] = {"stage", "element", "value", "total_t"};
    json_t *v[] = {json_string(rf_stage_result_name(h->stage)), json_string(elem_name(w, h->element)),
                   num(h->value), num(h->total_t)};
    return obj(4, k, v);
}

static json_t *top3_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_top3 *t = &yr->top3[i];
    static const char *const k[] = {"stage", "element", "share"};
    json_t *v[] = {json_string(rf_stage_result_name(t->stage)), json_string(elem_name(w, t->element)),
                   num(t->share)};
    return obj(3, k, v);
}

static json_t *reliance_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_import_reliance *r = &yr->import_reliance[i];
    static const char *const k[] = {"region",    "product",   "share",           "production_t",
                                    "imports_t", "exports_t", "stock_drawdown_t", "consumption_t"};
    json_t *v[] = {json_string(w->regions[r->region].id), json_string(w->products[r->product].id),
                   num(r->share), num(r->production_t), num(r->imports_t), num(r->exports_t),
                   num(r->stock_drawdown_t), num(r->consumption_t)};
    return obj(8, k, v);
}

static json_t *supply_risk_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_supply_risk *r = &yr->supply_risk[i];
    static const char *const k[] = {"element", "region", "value", "stage", "hhi_wgi", "ir", "eol_rir", "si"};
    json_t *v[] = {json_string(elem_name(w, r->element)), json_string(w->regions[r->region].id),
                   num(r->value), json_string(rf_stage_result_name(r->stage)), num(r->hhi_wgi), num(r->ir),
                   num(r->eol_rir), num(r->si)};
    return obj(8, k, v);
}

/* The element-resolved concentration, import reliance and supply-risk tables of a year or a period. */
static int put_elem_tables(json_t *o, const rf_world *w, const rf_year_result *yr)
{
    return put(o, "shares_by_element", table(w, yr, yr->nelem_shares, elem_share_row)) ||
           put(o, "hhi_by_element", table(w, yr, yr->nelem_hhi, elem_hhi_row)) ||
           put(o, "top3", table(w, yr, yr->ntop3, top3_row)) ||
           put(o, "import_reliance", table(w, yr, yr->nimport_reliance, reliance_row)) ||
           put(o, "supply_risk", table(w, yr, yr->nsupply_risk, supply_risk_row));
}

/* A demand row's unserved tonnes: shortage (which = 0) or demand response (1). */
static json_t *unserved_row(const rf_world *w, const rf_year_result *yr, int d, const double *which)
{
    const rf_demand *dm = &w->demand[d];
    double q0 = yr->ref_t[d];
    static const char *const k[] = {"region", "sector", "product", "t", "share"};
    json_t *v[] = {json_string(w->regions[dm->region].id), json_string(dm->sector),
                   json_string(w->products[dm->product].id), num(which[d]),
                   num(q0 > 0.0 ? which[d] / q0 : 0.0)};
    return obj(5, k, v);
}

static json_t *shortage_row(const rf_world *w, const rf_year_result *yr, int d)
{
    return unserved_row(w, yr, d, yr->shortage_t);
}

static json_t *response_row(const rf_world *w, const rf_year_result *yr, int d)
{
    return unserved_row(w, yr, d, yr->response_t);
}

static json_t *policy_row(const rf_world *w, const rf_year_result *yr, int i)
{
    (void)w;
    return json_string(yr->policies_active[i]);
}

/* Rows {region, usd} of a per-region amount (tariffs, export taxes): only the
 * regions that collected something; [] when there is none. */
static json_t *per_region_json(const rf_world *w, const double *usd)
{
    static const char *const k[] = {"region", "usd"};
    json_t *a = json_array();
    for (int r = 0; a && usd && r < w->nregions; r++) {
        if (!(usd[r] > 0.0)) continue;
        json_t *v[] = {json_string(w->regions[r].id), num(usd[r])};
        if (push(a, obj(2, k, v))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *revenue_json(const rf_world *w, const rf_year_result *yr)
{
    return per_region_json(w, yr->tariff_revenue);
}

static json_t *xtax_json(const rf_world *w, const rf_year_result *yr)
{
    return per_region_json(w, yr->export_tax_revenue);
}

static json_t *rent_row(const rf_world *w, const rf_year_result *yr, int i)
{
    (void)w;
    static const char *const k[] = {"policy", "usd_per_kg"};
    json_t *v[] = {json_string(yr->quota_rent[i].policy), num(yr->quota_rent[i].usd_per_kg)};
    return obj(2, k, v);
}

static json_t *wedge_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_export_wedge *e = &yr->export_wedge[i];
    static const char *const k[] = {"region", "product", "domestic_usd_per_kg", "export_usd_per_kg"};
    json_t *v[] = {json_string(w->regions[e->region].id), json_string(w->products[e->product].id),
                   num(e->domestic_usd_per_kg), num(e->export_usd_per_kg)};
    return obj(4, k, v);
}

static json_t *govcost_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_gov_cost *g = &yr->government_cost[i];
    static const char *const k[] = {"region", "policy", "usd"};
    json_t *v[] = {json_string(w->regions[g->region].id), json_string(g->policy), num(g->usd)};
    return obj(3, k, v);
}

static json_t *stock_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_stock *s = &yr->stockpile[i];
    static const char *const k[] = {"region", "product", "t"};
    json_t *v[] = {json_string(w->regions[s->region].id), json_string(w->products[s->product].id),
                   num(s->t)};
    return obj(3, k, v);
}

/* ---- the tables of the years ---- */

static json_t *capacity_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_capacity *c = &yr->capacity[i];
    static const char *const k[] = {"stage", "region", "t"};
    json_t *v[] = {json_string(rf_stage_name(c->stage)), json_string(w->regions[c->region].id), num(c->t)};
    return obj(3, k, v);
}

/* A year or null (a project not decided has no decision year). */
static json_t *year_or_null(int y)
{
    return y ? json_integer(y) : json_null();
}

/* A number or null (an NPV that is not known). */
static json_t *num_or_null(double v)
{
    return isfinite(v) ? num(v) : json_null();
}

static json_t *project_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_project_row *r = &yr->projects[i];
    const rf_project *p = &w->projects[r->project];
    const rf_facility *f = &w->facilities[p->facility];
    static const char *const k[] = {"id", "operator", "region", "stage", "status", "decided", "arrives",
                                    "npv_usd", "capex_usd", "generic", "blocks", "capacity_t"};
    json_t *v[] = {json_string(f->id),
                   json_string(f->operator_name ? f->operator_name : ""),
                   json_string(w->regions[f->region].id),
                   json_string(rf_stage_name(f->stage)),
                   json_string(rf_project_stage_name(r->status)),
                   year_or_null(r->decided),
                   year_or_null(r->arrives),
                   num_or_null(r->npv_usd),
                   num(r->capex_usd),
                   json_boolean(p->generic),
                   json_integer(r->blocks),
                   num(r->capacity_t)};
    return obj(12, k, v);
}

static json_t *capex_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_capex *c = &yr->capex[i];
    static const char *const k[] = {"region", "stage", "usd"};
    json_t *v[] = {json_string(w->regions[c->region].id), json_string(rf_stage_name(c->stage)), num(c->usd)};
    return obj(3, k, v);
}

static json_t *inuse_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_inuse *u = &yr->in_use[i];
    static const char *const k[] = {"region", "sector", "t"};
    json_t *v[] = {json_string(w->regions[u->region].id), json_string(u->sector), num(u->t)};
    return obj(3, k, v);
}

static json_t *eol_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_eol *e = &yr->eol_scrap[i];
    static const char *const k[] = {"region", "product", "t"};
    json_t *v[] = {json_string(w->regions[e->region].id), json_string(w->products[e->product].id), num(e->t)};
    return obj(3, k, v);
}

static json_t *recycled_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_recycled *r = &yr->recycled[i];
    static const char *const k[] = {"region", "product", "t"};
    json_t *v[] = {json_string(w->regions[r->region].id), json_string(w->products[r->product].id), num(r->t)};
    return obj(3, k, v);
}

/* The keys of the years, added to a year object (empty arrays outside a simulation). */
static int put_years_tables(json_t *o, const rf_world *w, const rf_year_result *yr)
{
    return put(o, "capacity", table(w, yr, yr->ncapacity, capacity_row)) ||
           put(o, "projects", table(w, yr, yr->nprojects, project_row)) ||
           put(o, "capex", table(w, yr, yr->ncapex, capex_row)) ||
           put(o, "in_use_stock", table(w, yr, yr->nin_use, inuse_row)) ||
           put(o, "eol_scrap", table(w, yr, yr->neol_scrap, eol_row)) ||
           put(o, "recycled", table(w, yr, yr->nrecycled, recycled_row));
}

static json_t *inventory_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_inventory *v = &yr->inventory[i];
    static const char *const k[] = {"region", "product", "open_t", "t"};
    json_t *x[] = {json_string(w->regions[v->region].id), json_string(w->products[v->product].id), num(v->open_t),
                   num(v->t)};
    return obj(4, k, x);
}

static json_t *embedded_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_embedded_flow *e = &yr->embedded[i];
    static const char *const k[] = {"region", "assembler", "sector", "t"};
    json_t *v[] = {json_string(w->regions[e->region].id), json_string(w->regions[e->assembler].id),
                   json_string(e->sector), num(e->t)};
    return obj(4, k, v);
}

/* Regions with magnets only. */
static json_t *consumption_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->nconsumption; i++) {
        const rf_consumption *c = &yr->consumption[i];
        if (!(c->direct_t > 0.0 || c->embedded_in_t > 0.0)) continue;
        static const char *const k[] = {"region", "direct_t", "embedded_in_t", "embedded_out_t", "final_t"};
        json_t *v[] = {json_string(w->regions[c->region].id), num(c->direct_t), num(c->embedded_in_t),
                       num(c->embedded_out_t), num(c->direct_t + c->embedded_in_t - c->embedded_out_t)};
        if (push(a, obj(5, k, v))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *provenance_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_provenance_row *p = &yr->provenance[i];
    static const char *const k[] = {"region", "product", "stage", "origin", "share"};
    const char *origin = p->origin >= 0 ? w->regions[p->origin].id
                         : p->origin == RF_ORIGIN_RECYCLED ? "recycled" : "stock";
    json_t *v[] = {json_string(w->regions[p->region].id), json_string(w->products[p->product].id),
                   json_string(rf_stage_name((rf_stage)p->stage)), json_string(origin), num(p->share)};
    return obj(5, k, v);
}

static json_t *touched_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_touched_row *t = &yr->touched[i];
    static const char *const k[] = {"region", "product", "focus", "share"};
    json_t *v[] = {json_string(w->regions[t->region].id), json_string(w->products[t->product].id),
                   json_string(t->focus >= 0 ? w->regions[t->focus].id : t->set), num(t->share)};
    return obj(4, k, v);
}

/* A Sankey link: origin "stock" for stocks drawn, sector "" but for end use. */
static json_t *stage_flow_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_stage_flow *f = &yr->stage_flows[i];
    static const char *const k[] = {"from_stage", "from_region", "to_stage", "to_region", "product", "sector", "t"};
    json_t *v[] = {json_string(rf_flow_stage_name(f->from_stage)),
                   json_string(f->from_region >= 0 ? w->regions[f->from_region].id : "stock"),
                   json_string(rf_flow_stage_name(f->to_stage)), json_string(w->regions[f->to_region].id),
                   json_string(w->products[f->product].id), json_string(f->sector ? f->sector : ""), num(f->t)};
    return obj(7, k, v);
}

static json_t *welfare_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_welfare_row *v = &yr->welfare[i];
    static const char *const k[] = {"region", "consumer_usd", "producer_usd", "government_usd", "tariff_revenue_usd"};
    json_t *x[] = {json_string(w->regions[v->region].id), num(v->consumer_usd), num(v->producer_usd),
                   num(v->government_usd), num(v->tariff_revenue_usd)};
    return obj(5, k, x);
}

static json_t *company_row(const rf_world *w, const rf_year_result *yr, int i)
{
    (void)w;
    const rf_company_row *c = &yr->companies[i];
    static const char *const k[] = {"operator", "revenue_usd", "margin_usd", "capex_usd", "support_usd"};
    json_t *v[] = {json_string(c->operator_name), num(c->revenue_usd), num(c->margin_usd), num(c->capex_usd),
                   num(c->support_usd)};
    return obj(5, k, v);
}

static json_t *contract_row(const rf_world *w, const rf_year_result *yr, int i)
{
    const rf_contract_row *c = &yr->contracts[i];
    static const char *const k[] = {"facility", "gap_usd_per_kg", "breach_t"};
    json_t *v[] = {json_string(w->facilities[c->facility].id), num(c->gap_usd_per_kg), num(c->breach_t)};
    return obj(3, k, v);
}

static json_t *period_label(const rf_year_result *p)
{
    char buf[32];
    rf_year_period_label(p, buf, sizeof buf);
    return json_string(buf);
}

/* Each period of a year stepped by periods: its own prices and flows. */
static json_t *periods_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->nperiods; i++) {
        const rf_year_result *p = &yr->periods[i];
        int optimal = p->status == RF_YEAR_OPTIMAL;
        json_t *o = json_object();
        if (!o || put(o, "period", period_label(p)) || put(o, "status", json_string(rf_year_status_str(p->status))) ||
            put(o, "prices", table(w, p, p->nprices, price_row)) ||
            put(o, "production", table(w, p, p->nproduction, production_row)) ||
            put(o, "trade", table(w, p, p->ntrade, trade_row)) ||
            put_elem_tables(o, w, p) ||
            put(o, "stage_flows", table(w, p, p->nstage_flows, stage_flow_row)) ||
            put(o, "shortage", table(w, p, optimal ? w->ndemand : 0, shortage_row)) ||
            put(o, "demand_response", table(w, p, optimal ? w->ndemand : 0, response_row)) ||
            put(o, "inventory", table(w, p, p->ninventory, inventory_row)) ||
            put(o, "tariff_revenue", revenue_json(w, p)) ||
            put(o, "export_tax_revenue", xtax_json(w, p)) ||
            put(o, "quota_rent", table(w, p, p->nquota_rent, rent_row)) ||
            put(o, "government_cost", table(w, p, p->ngovernment_cost, govcost_row))) {
            json_decref(o);
            json_decref(a);
            return NULL;
        }
        if (push(a, o)) { /* the array took o, and released it */
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *year_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *o = json_object();
    int optimal = yr->status == RF_YEAR_OPTIMAL;
    json_t *lp = json_object();
    if (!o || !lp || put(lp, "rows", json_integer(yr->lp_rows)) ||
        put(lp, "cols", json_integer(yr->lp_cols)) ||
        put(lp, "nonzeros", json_integer(yr->lp_nonzeros)) || put(lp, "solves", json_integer(yr->lp_solves)) ||
        put(lp, "warm_solves", json_integer(yr->lp_warm_solves)) ||
        put(lp, "lookahead_solves", json_integer(yr->lookahead_solves)) ||
        put(lp, "lookahead_warm_solves", json_integer(yr->lookahead_warm_solves))) {
        json_decref(o);
        json_decref(lp);
        return NULL;
    }
    if (put(o, "year", json_integer(yr->year)) ||
        put(o, "status", json_string(rf_year_status_str(yr->status))) ||
        put(o, "objective", optimal ? num(yr->objective) : json_null()) ||
        put(o, "iterations", json_integer(yr->iterations)) ||
        put(o, "simplex_iterations", json_integer(yr->simplex_iterations)) ||
        put(o, "converged", json_boolean(yr->converged != 0)) ||
        put(o, "policies_active", table(w, yr, yr->npolicies_active, policy_row)) ||
        put(o, "tariff_revenue", revenue_json(w, yr)) ||
        put(o, "export_tax_revenue", xtax_json(w, yr)) ||
        put(o, "export_wedge", table(w, yr, yr->nexport_wedge, wedge_row)) ||
        put(o, "quota_rent", table(w, yr, yr->nquota_rent, rent_row)) ||
        put(o, "government_cost", table(w, yr, yr->ngovernment_cost, govcost_row)) ||
        put(o, "stockpile", table(w, yr, yr->nstockpile, stock_row)) ||
        put(o, "lp", lp) ||
        put(o, "prices", table(w, yr, yr->nprices, price_row)) ||
        put(o, "production", table(w, yr, yr->nproduction, production_row)) ||
        put(o, "trade", table(w, yr, yr->ntrade, trade_row)) ||
        put(o, "shares", table(w, yr, yr->nshares, share_row)) ||
        put(o, "hhi", table(w, yr, yr->nhhi, hhi_row)) ||
        put_elem_tables(o, w, yr) ||
        put(o, "shortage", table(w, yr, optimal ? w->ndemand : 0, shortage_row)) ||
        put(o, "demand_response", table(w, yr, optimal ? w->ndemand : 0, response_row)) ||
        put(o, "inventory", table(w, yr, yr->ninventory, inventory_row)) ||
        put(o, "contracts", table(w, yr, yr->ncontracts, contract_row)) ||
        put(o, "welfare", table(w, yr, yr->nwelfare, welfare_row)) ||
        put(o, "stage_flows", table(w, yr, yr->nstage_flows, stage_flow_row)) ||
        (yr->simulated && put(o, "companies", table(w, yr, yr->ncompanies, company_row))) ||
        (yr->simulated && put(o, "provenance", table(w, yr, yr->nprovenance, provenance_row))) ||
        (yr->simulated && put(o, "touched", table(w, yr, yr->ntouched, touched_row))) ||
        (yr->nembedded > 0 && put(o, "magnets_in_goods", table(w, yr, yr->nembedded, embedded_row))) ||
        (yr->nembedded > 0 && put(o, "magnet_consumption", consumption_json(w, yr))) ||
        (yr->nperiods > 1 && put(o, "periods", periods_json(w, yr))) ||
        put_years_tables(o, w, yr)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *rf__json_year(const rf_world *w, const rf_year_result *yr) { return year_json(w, yr); }

/* Each region's welfare over the run's optimal years, discounted to the first
 * year at the government discount rate (parameters.csv): a sum of the years'
 * rows, which the JSON only arranges (docs/analytics.md, "Welfare"). */
static json_t *welfare_run_json(const rf_results *res)
{
    const rf_world *w = res->world;
    size_t nr = (size_t)w->nregions;
    double *acc = calloc(4 * nr + 1, sizeof *acc);
    json_t *a = acc ? json_array() : NULL;
    if (!a) {
        free(acc);
        return NULL;
    }
    int first = res->nyears > 0 ? res->years[0].year : 0;
    double rate = w->params.government_discount_rate;
    for (int y = 0; y < res->nyears; y++) {
        const rf_year_result *yr = &res->years[y];
        double f = pow(1.0 + rate, -(double)(yr->year - first));
        for (int i = 0; i < yr->nwelfare; i++) {
            const rf_welfare_row *v = &yr->welfare[i];
            double *x = &acc[4 * (size_t)v->region];
            x[0] += f * v->consumer_usd;
            x[1] += f * v->producer_usd;
            x[2] += f * v->government_usd;
            x[3] += f * v->tariff_revenue_usd;
        }
    }
    static const char *const k[] = {"region", "consumer_usd", "producer_usd", "government_usd", "tariff_revenue_usd"};
    for (size_t r = 0; r < nr; r++) {
        const double *x = &acc[4 * r];
        if (x[0] == 0.0 && x[1] == 0.0 && x[2] == 0.0 && x[3] == 0.0) continue;
        json_t *v[] = {json_string(w->regions[r].id), num(x[0]), num(x[1]), num(x[2]), num(x[3])};
        if (push(a, obj(5, k, v))) {
            json_decref(a);
            a = NULL;
            break;
        }
    }
    free(acc);
    return a;
}

/* The decoupling summary: null years where the run never got there. */
static json_t *decoupling_json(const rf_results *res)
{
    const rf_decoupling *d = &res->decoupling;
    const rf_world *w = res->world;
    if (d->region < 0 || d->focus < 0 || !d->never) return json_null();
    json_t *o = json_object(), *never = json_array(), *ms = json_array();
    int bad = !o || !never || !ms;
    for (int y = 0; !bad && y < res->nyears; y++) {
        json_t *r = json_object();
        bad = !r || put(r, "year", json_integer(res->years[y].year)) ||
              put(r, "share", isnan(d->never[y]) ? json_null() : num(d->never[y])) || push(never, r);
    }
    for (int k = 0; !bad && k < RF_DECOUPLING_STEPS; k++) {
        json_t *r = json_object();
        bad = !r || put(r, "threshold", num(d->threshold[k])) ||
              put(r, "year", d->year[k] ? json_integer(d->year[k]) : json_null()) ||
              put(r, "capex_usd", d->year[k] ? num(d->capex_usd[k]) : json_null()) ||
              put(r, "government_usd", d->year[k] ? num(d->government_usd[k]) : json_null()) || push(ms, r);
    }
    if (!bad)
        bad = put(o, "region", json_string(w->regions[d->region].id)) ||
              put(o, "focus", json_string(w->regions[d->focus].id));
    if (!bad) {
        bad = put(o, "never_touched", never) || put(o, "milestones", ms);
        never = ms = NULL;
    }
    if (bad) {
        json_decref(o);
        json_decref(never);
        json_decref(ms);
        return NULL;
    }
    return o;
}

rf_status rf_json_write_results(const rf_results *res, FILE *fp, rf_err *err)
{
    json_t *root = json_object(), *years = json_array();
    int bad = !root || !years || put(root, "scenario", json_string(res->scenario));
    if (!bad && res->expectations)
        bad = put(root, "expectations", json_string(res->expectations)) ||
              put(root, "passes", json_integer(res->passes)) || put(root, "settled", json_boolean(res->settled));
    for (int i = 0; !bad && i < res->nyears; i++) bad = push(years, year_json(res->world, &res->years[i]));
    if (!bad) bad = put(root, "decoupling", decoupling_json(res));
    if (!bad) bad = put(root, "welfare_discounted", welfare_run_json(res));
    if (!bad) {
        bad = put(root, "years", years);
        years = NULL;
    }
    if (bad) {
        json_decref(root);
        json_decref(years);
        return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL,
                          "could not build the JSON document (a number was not finite, or "
                          "out of memory)");
    }
    return rf__json_dump(root, fp, err);
}

rf_status rf_json_write_trace(const rf_world *w, const char *scenario, const rf_year_result *yr, int region,
                              int product, FILE *fp, rf_err *err)
{
    json_t *root = json_object(), *prov = json_array(), *touch = json_array();
    int bad = !root || !prov || !touch;
    for (int i = 0; !bad && i < yr->nprovenance; i++)
        if (yr->provenance[i].region == region && yr->provenance[i].product == product)
            bad = push(prov, provenance_row(w, yr, i));
    int focus = -1;
    for (int i = 0; !bad && i < yr->ntouched; i++)
        if (yr->touched[i].region == region && yr->touched[i].product == product) {
            focus = yr->touched[i].focus;
            bad = push(touch, touched_row(w, yr, i));
        }
    if (!bad)
        bad = put(root, "scenario", json_string(scenario)) || put(root, "year", json_integer(yr->year)) ||
              put(root, "region", json_string(w->regions[region].id)) ||
              put(root, "product", json_string(w->products[product].id)) ||
              put(root, "focus", focus >= 0 ? json_string(w->regions[focus].id) : json_null());
    if (!bad) {
        bad = put(root, "provenance", prov) || put(root, "touched", touch);
        prov = touch = NULL;
    }
    if (bad) {
        json_decref(root);
        json_decref(prov);
        json_decref(touch);
        return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL, "could not build the JSON document (out of memory)");
    }
    return rf__json_dump(root, fp, err);
}

static json_t *balance_line_json(const rf_balance_line *l)
{
    json_t *o = json_object();
    if (!o || put(o, "element", json_string(rf_group_name(l->group))) ||
        put(o, "stage", json_string(rf_bal_stage_name(l->stage))) ||
        put(o, "sector", l->sector ? json_string(l->sector) : json_null()) || put(o, "t", num(l->t)) ||
        put(o, "cn_t", num(l->cn_t)) ||
        put(o, "china_share", num(l->t > 0.0 ? l->cn_t / l->t : 0.0))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

rf_status rf_json_write_balance(const rf_world *w, const char *scenario, int year,
                                const rf_balance *b, FILE *fp, rf_err *err)
{
    (void)w;
    json_t *root = json_object(), *lines = json_array(), *clo = json_array();
    int bad = !root || !lines || !clo || put(root, "scenario", json_string(scenario)) ||
              put(root, "year", json_integer(year));
    for (int i = 0; !bad && i < b->nlines; i++) bad = push(lines, balance_line_json(&b->lines[i]));
    for (int g = 0; !bad && g < RF_GROUP_COUNT; g++) {
        json_t *o = json_object();
        bad = !o || put(o, "element", json_string(rf_group_name((rf_group)g))) ||
              put(o, "inputs_t", num(b->inputs_t[g])) || put(o, "outputs_t", num(b->outputs_t[g])) ||
              put(o, "relative_error", num(b->rel_error[g])) || push(clo, o);
    }
    if (!bad) {
        bad = put(root, "lines", lines) || put(root, "closure", clo);
        lines = clo = NULL;
    }
    if (bad) {
        json_decref(root);
        json_decref(lines);
        json_decref(clo);
        return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL, "could not build the balance JSON");
    }
    return rf__json_dump(root, fp, err);
}

/* Key names of each comparison table, by position (NULL: unused). */
static const char *const diff_keys[RF_DIFF_KIND_COUNT][3] = {
    {"region", "product", NULL},  {"region", "sector", "product"}, {"region", "sector", "product"},
    {"stage", "region", NULL},    {"region", NULL, NULL},          {"region", "product", NULL},
    {"region", NULL, NULL},       {"policy", NULL, NULL},          {"region", "product", NULL},
    {"stage", "element", "region"}, {"stage", "element", NULL},    {"region", "product", NULL},
    {"region", "item", NULL}};

static json_t *diff_json(const rf_diff *d)
{
    json_t *o = json_object();
    int bad = !o;
    for (int k = 0; !bad && k < 3; k++)
        if (diff_keys[d->kind][k]) bad = put(o, diff_keys[d->kind][k], json_string(d->key[k] ? d->key[k] : ""));
    if (bad || put(o, "a", num(d->a)) || put(o, "b", num(d->b)) || put(o, "change", num(d->b - d->a))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The year object for `year`, created (with one empty array per table) on first use. */
static json_t *year_obj(json_t *years, int year)
{
    size_t i;
    json_t *y;
    json_array_foreach(years, i, y)
        if (json_integer_value(json_object_get(y, "year")) == year) return y;
    y = json_object();
    if (!y || put(y, "year", json_integer(year))) {
        json_decref(y);
        return NULL;
    }
    for (int k = 0; k < RF_DIFF_KIND_COUNT; k++)
        if (put(y, rf_diff_kind_name((rf_diff_kind)k), json_array())) {
            json_decref(y);
            return NULL;
        }
    return push(years, y) ? NULL : y;
}

rf_status rf_json_write_comparison(const char *name_a, const char *name_b, const rf_comparison *c,
                                   FILE *fp, rf_err *err)
{
    json_t *root = json_object(), *years = json_array();
    int bad = !root || !years || put(root, "a", json_string(name_a)) || put(root, "b", json_string(name_b));
    for (int i = 0; !bad && i < c->nrows; i++) {
        json_t *y = year_obj(years, c->rows[i].year);
        bad = !y || push(json_object_get(y, rf_diff_kind_name(c->rows[i].kind)), diff_json(&c->rows[i]));
    }
    if (!bad) {
        bad = put(root, "years", years);
        years = NULL;
    }
    if (bad) {
        json_decref(root);
        json_decref(years);
        return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL, "could not build the comparison JSON");
    }
    return rf__json_dump(root, fp, err);
}

/* ---------- one project (rareflow project) ---------- */

/* The array of v[0..n) (NULL on failure, nothing leaked). */
static json_t *series(const double *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++)
        if (push(a, num(v[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *project_years(const rf_project_value *v)
{
    const rf_finance_flows *f = &v->flows;
    /* The lines of the "years" rows: key and line, [nyears] each. */
    const struct {
        const char *key;
        const double *usd;
    } l[] = {{"capex_usd", v->capex_by_year_usd},       {"revenue_usd", f->revenue_usd},
             {"opex_usd", v->opex_usd},                 {"floor_topup_usd", f->floor_topup_usd},
             {"floor_upside_usd", f->floor_upside_usd}, {"royalty_usd", f->royalty_usd},
             {"ebitda_topup_usd", f->ebitda_topup_usd}, {"tax_usd", f->tax_usd},
             {"grant_usd", f->grant_usd},               {"loan_draw_usd", f->loan_draw_usd},
             {"interest_usd", f->interest_usd},         {"principal_usd", f->loan_principal_usd},
             {"investor_usd", f->investor_usd},         {"gov_cost_usd", f->gov_cost_usd}};
    json_t *a = json_array();
    if (!a || f->nyears == 0) return a;
    for (int t = 0; t < f->nyears; t++) {
        json_t *o = json_object();
        int bad = push(a, o) || put(o, "year", json_integer(v->decided + t));
        for (size_t k = 0; !bad && k < sizeof l / sizeof l[0]; k++) bad = put(o, l[k].key, num(l[k].usd[t]));
        if (bad) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *project_outputs(const rf_world *w, const rf_project_value *v)
{
    json_t *a = json_array();
    int n = v->flows.nyears;
    for (int k = 0; a && n > 0 && k < v->noutputs; k++) {
        json_t *o = json_object();
        size_t at = (size_t)k * (size_t)n;
        if (push(a, o) ||
            put(o, "product", json_string(w->products[w->recipes[v->recipe].out[k].product].id)) ||
            put(o, "volume_t", series(v->volume_t + at, n)) ||
            put(o, "price_usd_per_kg", series(v->price_usd_per_kg + at, n))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* Why there is no IRR, or a note on an ambiguous one; null for a plain IRR. */
static json_t *irr_note(const rf_project_value *v)
{
    if (v->blocked) return json_string("not valued: a project block covers it");
    if (v->flows.nyears == 0) return json_string("not valued: no recipe of the plant can run");
    const char *note = rf_finance_irr_note(&v->irr);
    return note ? json_string(note) : json_null();
}

rf_status rf_json_write_project(const rf_world *w, const char *scenario, const rf_project_value *v,
                                int decided_by_run, FILE *fp, rf_err *err)
{
    const rf_project *pj = &w->projects[v->project];
    const rf_facility *f = &w->facilities[pj->facility];
    int valued = !v->blocked && v->flows.nyears > 0, priced = !v->blocked;
    json_t *root = json_object();
    int bad =
        !root || put(root, "project", json_string(f->id)) || put(root, "scenario", json_string(scenario)) ||
        put(root, "operator", f->operator_name ? json_string(f->operator_name) : json_null()) ||
        put(root, "region", json_string(w->regions[f->region].id)) ||
        put(root, "stage", json_string(rf_stage_name(f->stage))) || put(root, "decided", json_integer(v->decided)) ||
        put(root, "arrives", priced ? json_integer(v->arrives) : json_null()) ||
        put(root, "earliest_decision", year_or_null(pj->earliest_decision)) ||
        put(root, "decided_by_run", year_or_null(decided_by_run)) ||
        put(root, "blocked", json_boolean(v->blocked)) ||
        put(root, "recipe", v->recipe >= 0 ? json_string(w->recipes[v->recipe].id) : json_null()) ||
        put(root, "capex_usd", priced ? num_or_null(v->capex_usd) : json_null()) ||
        put(root, "discount_rate", priced ? num_or_null(v->discount_rate) : json_null()) ||
        put(root, "npv_usd", num_or_null(v->npv_usd)) ||
        put(root, "irr", valued && v->irr.kind == RF_FIN_IRR_FOUND ? num_or_null(v->irr.rate) : json_null()) ||
        put(root, "irr_note", irr_note(v)) ||
        put(root, "payback_years",
            valued && v->payback.paid_back ? num_or_null(v->payback.fractional) : json_null()) ||
        put(root, "payback_year",
            valued && v->payback.paid_back ? json_integer(v->decided + v->payback.year) : json_null()) ||
        put(root, "gov_cost_pv_usd", valued ? num_or_null(v->gov_cost_pv_usd) : json_null()) ||
        put(root, "years", project_years(v)) || put(root, "outputs", project_outputs(w, v));
    if (bad) {
        json_decref(root);
        return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL,
                          "could not build the project JSON (a number was not finite, or out of memory)");
    }
    return rf__json_dump(root, fp, err);
}

/* ---------- one project's finance (rareflow finance) ---------- */

static const char *price_path_name(rf_price_path p)
{
    return p == RF_PRICES_REFERENCE ? "reference" : p == RF_PRICES_FLAT ? "flat" : "run";
}

/* Why the break-even floor is not a root of the NPV, or null when it is. */
static json_t *breakeven_reason(const rf_world *w, const rf_project_value *v, const rf_project_finance *f)
{
    if (f->ndpr_output < 0) {
        const rf_recipe *r = &w->recipes[v->recipe];
        char buf[160];
        snprintf(buf, sizeof buf, "makes no NdPr (recipe %s): no NdPr floor reaches it", r->id);
        return json_string(buf);
    }
    switch (f->m.floor.kind) {
    case RF_FIN_BE_FOUND: return json_null();
    case RF_FIN_BE_ALREADY: return json_string("pays without a floor: the NPV is >= 0 at a floor of 0");
    case RF_FIN_BE_NEVER: break;
    }
    /* A plant that idles in every year at the run's prices sells no NdPr for a floor to
     * top up: its operating plan is the run's (docs/finance.md). */
    int k = f->ndpr_output, sells = 0;
    for (int t = 0; t < f->nyears; t++) sells |= v->volume_t[(size_t)k * (size_t)f->nyears + (size_t)t] > 0.0;
    return json_string(sells ? "no floor up to the price limit makes the NPV 0"
                             : "sells no NdPr: it idles in every year at the run's prices, so no floor reaches it");
}

static json_t *finance_rows(const rf_project_value *v, const rf_project_finance *f)
{
    const struct {
        const char *key;
        const double *usd;
    } l[] = {{"capex_usd", f->capex_usd},          {"revenue_usd", f->flows.revenue_usd},
             {"opex_usd", f->opex_usd},            {"tax_usd", f->flows.tax_usd},
             {"support_usd", f->support_usd},      {"net_usd", f->net_usd}};
    json_t *a = json_array();
    for (int t = 0; a && t < f->nyears; t++) {
        json_t *o = json_object();
        int bad = push(a, o) || put(o, "year", json_integer(v->decided + t));
        for (size_t k = 0; !bad && k < sizeof l / sizeof l[0]; k++) bad = put(o, l[k].key, num(l[k].usd[t]));
        if (bad) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

rf_status rf_json_write_finance(const rf_world *w, const char *scenario, const rf_project_value *v,
                                const rf_project_finance *f, FILE *fp, rf_err *err)
{
    const rf_finance_measures *m = &f->m;
    const rf_facility *fac = &w->facilities[w->projects[v->project].facility];
    const char *irr_why = rf_finance_irr_reason(&m->irr);
    int found = m->floor.kind == RF_FIN_BE_FOUND || m->floor.kind == RF_FIN_BE_ALREADY;
    json_t *root = json_object();
    int bad = !root || put(root, "project", json_string(fac->id)) ||
          put(root, "scenario", json_string(scenario)) || put(root, "decided", json_integer(v->decided)) ||
          put(root, "arrives", json_integer(v->arrives)) ||
          put(root, "price_path", json_string(price_path_name(f->prices))) ||
          put(root, "flat_usd_per_kg", f->prices == RF_PRICES_FLAT ? num(f->flat_usd_per_kg) : json_null()) ||
          put(root, "ndpr_product",
              f->ndpr_output >= 0
                  ? json_string(w->products[w->recipes[v->recipe].out[f->ndpr_output].product].id)
                  : json_null()) ||
          put(root, "discount_rate", num(m->discount_rate)) || put(root, "npv_usd", num(m->npv_usd)) ||
          put(root, "irr", irr_why ? json_null() : num(m->irr.rate)) ||
          put(root, "irr_reason", irr_why ? json_string(irr_why) : json_null()) ||
          put(root, "payback_year",
              m->payback.paid_back ? json_integer(v->decided + m->payback.year) : json_null()) ||
          put(root, "payback_years", m->payback.paid_back ? num(m->payback.fractional) : json_null()) ||
          put(root, "breakeven_floor_usd_per_kg", found ? num(m->floor.value) : json_null()) ||
          put(root, "breakeven_reason", breakeven_reason(w, v, f));
    /* The sensitivities are filled once root owns them, so nothing leaks on failure. */
    json_t *sens = bad ? NULL : json_object();
    bad = bad || put(root, "sensitivity", sens) || put(sens, "npv_rate_minus_25bp", num(m->npv_rate_minus_25bp)) ||
          put(sens, "npv_rate_plus_100bp", num(m->npv_rate_plus_100bp)) ||
          put(sens, "npv_prices_minus_20pct", num(m->npv_prices_minus_20pct)) ||
          put(sens, "npv_prices_plus_20pct", num(m->npv_prices_plus_20pct)) ||
          put(root, "cashflows", finance_rows(v, f));
    if (bad) {
        json_decref(root);
        return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL,
                          "could not build the finance JSON (a number was not finite, or out of memory)");
    }
    return rf__json_dump(root, fp, err);
}

/* ---------- the dynamic stock model (rareflow stock) ---------- */

/* The distribution with only the parameters it takes. */
static json_t *lifetime_json(const rf_stock_lifetime *lt)
{
    json_t *o = json_object();
    int bad = !o || put(o, "distribution", json_string(rf_stock_dist_name(lt->dist)));
    if (!bad && lt->dist == RF_STOCK_WEIBULL)
        bad = put(o, "shape", num(lt->shape)) || put(o, "scale_yr", num(lt->scale_yr));
    else if (!bad)
        bad = put(o, "mean_yr", num(lt->mean_yr)) ||
              (lt->dist != RF_STOCK_FIXED && put(o, "sd_yr", num(lt->sd_yr)));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

rf_status rf_json_write_stock(const rf_stock_lifetime *lt, const double *inflow, const double *stock,
                              const double *outflow, int n, FILE *fp, rf_err *err)
{
    json_t *root = json_object();
    if (!root || put(root, "lifetime", lifetime_json(lt)) || put(root, "inflow", series(inflow, n)) ||
        put(root, "stock", series(stock, n)) || put(root, "outflow", series(outflow, n))) {
        json_decref(root);
        return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL,
                          "could not build the stock JSON (a number was not finite, or out of memory)");
    }
    return rf__json_dump(root, fp, err);
}
