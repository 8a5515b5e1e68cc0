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

#include "rareflow/io.h"

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

static json_t *prices_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->nprices; i++) {
        const rf_price *p = &yr->prices[i];
        json_t *o = json_object();
        if (!o || put(o, "region", json_string(w->regions[p->region].id)) ||
            put(o, "product", json_string(rf_year_product_name(w, yr, p->product, p->variant))) ||
            put(o, "usd_per_kg", num(p->usd_per_kg)) ||
            (p->has_export && put(o, "export_usd_per_kg", num(p->export_usd_per_kg))) || push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *production_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->nproduction; i++) {
        const rf_output *p = &yr->production[i];
        const rf_facility *f = &w->facilities[p->facility];
        json_t *o = json_object();
        if (!o || put(o, "facility", json_string(f->id)) ||
            put(o, "region", json_string(w->regions[f->region].id)) ||
            put(o, "stage", json_string(rf_stage_result_name(f->stage))) ||
            put(o, "product", json_string(w->products[p->product].id)) || put(o, "t", num(p->t)) ||
            push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *trade_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->ntrade; i++) {
        const rf_trade_flow *t = &yr->trade[i];
        json_t *o = json_object();
        if (!o || put(o, "from", json_string(w->regions[t->from].id)) ||
            put(o, "to", json_string(w->regions[t->to].id)) ||
            put(o, "product", json_string(rf_year_product_name(w, yr, t->product, t->variant))) ||
            put(o, "t", num(t->t)) ||
            push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *shares_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->nshares; i++) {
        const rf_share *s = &yr->shares[i];
        json_t *o = json_object();
        if (!o || put(o, "stage", json_string(rf_stage_result_name(s->stage))) ||
            put(o, "region", json_string(w->regions[s->region].id)) ||
            put(o, "share", num(s->share)) || put(o, "t", num(s->t)) || push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *hhi_json(const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->nhhi; i++) {
        json_t *o = json_object();
        if (!o || put(o, "stage", json_string(rf_stage_result_name(yr->hhi[i].stage))) ||
            put(o, "value", num(yr->hhi[i].value)) || put(o, "total_t", num(yr->hhi[i].total_t)) ||
            push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* One row per demand row: `which` is yr->shortage_t or yr->response_t. */
static json_t *unserved_json(const rf_world *w, const rf_year_result *yr, const double *which)
{
    json_t *a = json_array();
    for (int d = 0; a && which && d < w->ndemand; d++) {
        const rf_demand *dm = &w->demand[d];
        double q0 = yr->ref_t[d];
        json_t *o = json_object();
        if (!o || put(o, "region", json_string(w->regions[dm->region].id)) ||
            put(o, "sector", json_string(dm->sector)) ||
            put(o, "product", json_string(w->products[dm->product].id)) ||
            put(o, "t", num(which[d])) || put(o, "share", num(q0 > 0.0 ? which[d] / q0 : 0.0)) ||
            push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *policies_json(const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->npolicies_active; i++)
        if (push(a, json_string(yr->policies_active[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *revenue_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int r = 0; a && yr->tariff_revenue && r < w->nregions; r++) {
        if (yr->tariff_revenue[r] <= 0.0) continue;
        json_t *o = json_object();
        if (!o || put(o, "region", json_string(w->regions[r].id)) ||
            put(o, "usd", num(yr->tariff_revenue[r])) || push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *wedge_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->nexport_wedge; i++) {
        const rf_export_wedge *e = &yr->export_wedge[i];
        json_t *o = json_object();
        if (!o || put(o, "region", json_string(w->regions[e->region].id)) ||
            put(o, "product", json_string(w->products[e->product].id)) ||
            put(o, "domestic_usd_per_kg", num(e->domestic_usd_per_kg)) ||
            put(o, "export_usd_per_kg", num(e->export_usd_per_kg)) || push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *govcost_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->ngovernment_cost; i++) {
        const rf_gov_cost *g = &yr->government_cost[i];
        json_t *o = json_object();
        if (!o || put(o, "region", json_string(w->regions[g->region].id)) ||
            put(o, "policy", json_string(g->policy)) || put(o, "usd", num(g->usd)) || push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *stock_json(const rf_world *w, const rf_year_result *yr)
{
    json_t *a = json_array();
    for (int i = 0; a && i < yr->nstockpile; i++) {
        const rf_stock *s = &yr->stockpile[i];
        json_t *o = json_object();
        if (!o || put(o, "region", json_string(w->regions[s->region].id)) ||
            put(o, "product", json_string(w->products[s->product].id)) || put(o, "t", num(s->t)) ||
            push(a, o)) {
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
        put(lp, "nonzeros", json_integer(yr->lp_nonzeros))) {
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
        put(o, "policies_active", policies_json(yr)) ||
        put(o, "tariff_revenue", revenue_json(w, yr)) || put(o, "export_wedge", wedge_json(w, yr)) ||
        put(o, "government_cost", govcost_json(w, yr)) || put(o, "stockpile", stock_json(w, yr)) ||
        put(o, "lp", lp) ||
        put(o, "prices", prices_json(w, yr)) || put(o, "production", production_json(w, yr)) ||
        put(o, "trade", trade_json(w, yr)) || put(o, "shares", shares_json(w, yr)) ||
        put(o, "hhi", hhi_json(yr)) ||
        put(o, "shortage", unserved_json(w, yr, optimal ? yr->shortage_t : NULL)) ||
        put(o, "demand_response", unserved_json(w, yr, optimal ? yr->response_t : NULL))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

rf_status rf_json_write_results(const rf_results *res, FILE *fp, rf_err *err)
{
    json_t *root = json_object(), *years = json_array();
    int bad = !root || !years || put(root, "scenario", json_string(res->scenario));
    for (int i = 0; !bad && i < res->nyears; i++) bad = push(years, year_json(res->world, &res->years[i]));
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
    int rc = json_dumpf(root, fp, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
    json_decref(root);
    if (rc != 0 || fputc('\n', fp) == EOF || fflush(fp) != 0)
        return rf_err_set(err, RF_EIO, NULL, 0, NULL, "could not write the JSON document");
    return RF_OK;
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
    int rc = json_dumpf(root, fp, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
    json_decref(root);
    if (rc != 0 || fputc('\n', fp) == EOF || fflush(fp) != 0)
        return rf_err_set(err, RF_EIO, NULL, 0, NULL, "could not write the JSON document");
    return RF_OK;
}

/* Key names of each comparison table, by position (NULL: unused). */
static const char *const diff_keys[RF_DIFF_KIND_COUNT][3] = {
    {"region", "product", NULL},  {"region", "sector", "product"}, {"region", "sector", "product"},
    {"stage", "region", NULL},    {"region", NULL, NULL},          {"region", "product", NULL}};

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
    int rc = json_dumpf(root, fp, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
    json_decref(root);
    if (rc != 0 || fputc('\n', fp) == EOF || fflush(fp) != 0)
        return rf_err_set(err, RF_EIO, NULL, 0, NULL, "could not write the JSON document");
    return RF_OK;
}
