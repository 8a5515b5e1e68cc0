/*
 * uncertain.c: the uncertain inputs of a scenario (the `uncertainty:`
 * section, docs/uncertainty.md) checked against a world, and one draw of
 * them applied to a worker's own world and scenario as data, then undone
 * bit for bit.
 *
 * What each target changes (and nothing else):
 *   demand.growth      an rf_growth_override appended to sc->growth, op set,
 *                      multiply or add on the rate in force (rf_scenario_growth)
 *   facility.capacity  one rf_capacity_override appended to sc->capacity per
 *                      matching facility (rf_scenario_capacity_factor)
 *   demand.elasticity  rf_demand.elasticity of matching rows
 *   facility.cost      rf_facility.unit_cost_usd_per_kg (every tranche's cost)
 *   project.capex      rf_project.capex_usd
 *   project.lead_time  rf_project.lead_time_years (rounded to whole years)
 *   policy.*           the fields of the named lever(s)
 * Appended overrides are removed on undo; every other field changed is saved
 * (address and old value) and restored in reverse order.
 */
#include "rareflow/scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/limits.h"

#define NEVER 1e9          /* a lever window that starts here never runs (policy.active 0) */
#define MAX_CAPEX_USD 1e15 /* a project's capex after a draw, USD */
#define MAX_LEAD_YEARS 100 /* a lead time after a draw, years */
#define MIN_ELASTICITY -100.0 /* demand.csv's bounds: elasticity in [-100, 0) */
#define MAX_ELASTICITY -1e-3

static const char *const target_names[RF_UNC_TARGET_COUNT] = {
    "demand.growth",  "demand.elasticity", "facility.capacity", "facility.cost", "project.capex",
    "project.lead_time", "policy.share",   "policy.rate",       "policy.price",  "policy.quota_t",
    "policy.target_t", "policy.factor",    "policy.from",       "policy.active"};

const char *rf_uncertain_target_name(rf_uncertain_target t)
{
    return (int)t >= 0 && t < RF_UNC_TARGET_COUNT ? target_names[t] : "?";
}

const char *rf_uncertain_apply_name(rf_uncertain_op a)
{
    static const char *const n[] = {"set", "multiply", "add"};
    return (int)a >= 0 && (int)a < 3 ? n[a] : "?";
}

/* ---------- selection ---------- */

/* "*", a prefix pattern ("us-*", "magnet:*") or an exact id. */
static int pattern_match(const char *pat, const char *id)
{
    size_t n = strlen(pat);
    if (n > 0 && pat[n - 1] == '*') return strncmp(pat, id, n - 1) == 0;
    return strcmp(pat, id) == 0;
}

static int is_pattern(const char *pat)
{
    size_t n = strlen(pat);
    return n > 0 && pat[n - 1] == '*';
}

/* An empty list matches everything. */
static int list_match(const rf_idlist *l, const char *id)
{
    if (l->n == 0) return 1;
    for (int i = 0; i < l->n; i++)
        if (pattern_match(l->ids[i], id)) return 1;
    return 0;
}

static int demand_selected(const rf_uncertain *u, const rf_world *w, int d)
{
    const rf_demand *dm = &w->demand[d];
    return list_match(&u->regions, w->regions[dm->region].id) && list_match(&u->sectors, dm->sector) &&
           list_match(&u->products, w->products[dm->product].id);
}

static int facility_selected(const rf_uncertain *u, const rf_world *w, int f)
{
    const rf_facility *fac = &w->facilities[f];
    return list_match(&u->facilities, fac->id) && list_match(&u->regions, w->regions[fac->region].id) &&
           list_match(&u->stages, rf_stage_name(fac->stage));
}

static int project_selected(const rf_uncertain *u, const rf_world *w, int p)
{
    const rf_facility *fac = &w->facilities[w->projects[p].facility];
    return list_match(&u->projects, fac->id) && list_match(&u->regions, w->regions[fac->region].id) &&
           list_match(&u->stages, rf_stage_name(fac->stage));
}

static int is_policy_target(rf_uncertain_target t)
{
    return t >= RF_UNC_POLICY_SHARE && t <= RF_UNC_POLICY_ACTIVE;
}

int rf_uncertain_count(const rf_scenario *sc, const rf_world *w, int i)
{
    const rf_uncertain *u = &sc->uncertain[i];
    int n = 0;
    switch (u->target) {
    case RF_UNC_DEMAND_GROWTH:
    case RF_UNC_DEMAND_ELASTICITY:
        for (int d = 0; d < w->ndemand; d++) n += demand_selected(u, w, d);
        break;
    case RF_UNC_FACILITY_CAPACITY:
    case RF_UNC_FACILITY_COST:
        for (int f = 0; f < w->nfacilities; f++) n += facility_selected(u, w, f);
        break;
    case RF_UNC_PROJECT_CAPEX:
    case RF_UNC_PROJECT_LEAD_TIME:
        for (int p = 0; p < w->nprojects; p++) n += project_selected(u, w, p);
        break;
    default:
        for (int k = 0; k < sc->npolicies; k++)
            n += sc->policies[k].name && u->policy && !strcmp(sc->policies[k].name, u->policy);
        break;
    }
    return n;
}

/* ---------- check ---------- */

typedef enum { ID_REGION, ID_SECTOR, ID_PRODUCT, ID_FACILITY, ID_PROJECT } id_kind;

static int id_exists(const rf_world *w, id_kind k, const char *id)
{
    switch (k) {
    case ID_REGION: return rf_world_region(w, id) >= 0;
    case ID_SECTOR: return rf_world_has_sector(w, id);
    case ID_PRODUCT: return rf_world_product(w, id) >= 0;
    case ID_FACILITY: return rf_world_facility(w, id) >= 0;
    case ID_PROJECT: {
        int f = rf_world_facility(w, id);
        return f >= 0 && w->project_of && w->project_of[f] >= 0;
    }
    }
    return 0;
}

/* Whether a pattern matches some id of its kind. */
static int pattern_hits(const rf_world *w, id_kind k, const char *pat)
{
    switch (k) {
    case ID_REGION:
        for (int r = 0; r < w->nregions; r++)
            if (pattern_match(pat, w->regions[r].id)) return 1;
        return 0;
    case ID_SECTOR:
        for (int d = 0; d < w->ndemand; d++)
            if (pattern_match(pat, w->demand[d].sector)) return 1;
        return 0;
    case ID_PRODUCT:
        for (int p = 0; p < w->nproducts; p++)
            if (pattern_match(pat, w->products[p].id)) return 1;
        return 0;
    case ID_FACILITY:
        for (int f = 0; f < w->nfacilities; f++)
            if (pattern_match(pat, w->facilities[f].id)) return 1;
        return 0;
    case ID_PROJECT:
        for (int p = 0; p < w->nprojects; p++)
            if (pattern_match(pat, w->facilities[w->projects[p].facility].id)) return 1;
        return 0;
    }
    return 0;
}

static rf_status check_list(const rf_scenario *sc, const rf_uncertain *u, const rf_world *w, const rf_idlist *l,
                            id_kind k, const char *field, rf_err *err)
{
    static const char *const what[] = {"region", "sector", "product", "facility", "project"};
    static const char *const note[] = {"", " (no demand row has it)", "", "",
                                       " (no row of projects.csv or candidates.csv has it)"};
    for (int i = 0; i < l->n; i++) {
        const char *id = l->ids[i];
        if (!strcmp(id, "*")) continue;
        if (is_pattern(id) && !pattern_hits(w, k, id))
            return rf_err_set(err, RF_EINVAL, sc->file, u->line, field, "`%s` matches no %s", id, what[k]);
        if (!is_pattern(id) && !id_exists(w, k, id))
            return rf_err_set(err, RF_EINVAL, sc->file, u->line, field, "unknown %s `%s`%s", what[k], id, note[k]);
    }
    return RF_OK;
}

rf_status rf_uncertain_check(const rf_scenario *sc, const rf_world *w, rf_err *err)
{
    for (int i = 0; i < sc->nuncertain; i++) {
        const rf_uncertain *u = &sc->uncertain[i];
        rf_status st;
        if ((st = check_list(sc, u, w, &u->regions, ID_REGION, "uncertainty.region", err)) ||
            (st = check_list(sc, u, w, &u->sectors, ID_SECTOR, "uncertainty.sector", err)) ||
            (st = check_list(sc, u, w, &u->products, ID_PRODUCT, "uncertainty.product", err)) ||
            (st = check_list(sc, u, w, &u->facilities, ID_FACILITY, "uncertainty.facility", err)) ||
            (st = check_list(sc, u, w, &u->projects, ID_PROJECT, "uncertainty.project", err)))
            return st;
        if (is_policy_target(u->target)) continue; /* the reader resolved the lever */
        if (rf_uncertain_count(sc, w, i) == 0) {
            const char *what = u->target <= RF_UNC_DEMAND_ELASTICITY   ? "demand row"
                               : u->target <= RF_UNC_FACILITY_COST ? "facility"
                                                                   : "project";
            return rf_err_set(err, RF_EINVAL, sc->file, u->line, "uncertainty.target",
                              "%s: its selectors together match no %s of the dataset",
                              rf_uncertain_target_name(u->target), what);
        }
    }
    return RF_OK;
}

/* ---------- apply and undo ---------- */

void rf_uncertain_undo_init(rf_uncertain_undo *u)
{
    memset(u, 0, sizeof *u);
}

void rf_uncertain_undo_free(rf_uncertain_undo *u)
{
    if (!u) return;
    free(u->saved);
    free(u->clamped);
    memset(u, 0, sizeof *u);
}

static int save_slot(rf_uncertain_undo *u)
{
    if (u->nsaved == u->cap) {
        int cap = u->cap ? 2 * u->cap : 64;
        rf_uncertain_saved *s = realloc(u->saved, (size_t)cap * sizeof *s);
        if (!s) return -1;
        u->saved = s;
        u->cap = cap;
    }
    return u->nsaved++;
}

static int save_d(rf_uncertain_undo *u, double *p)
{
    int k = save_slot(u);
    if (k < 0) return -1;
    u->saved[k] = (rf_uncertain_saved){p, NULL, *p, 0};
    return 0;
}

static int save_i(rf_uncertain_undo *u, int *p)
{
    int k = save_slot(u);
    if (k < 0) return -1;
    u->saved[k] = (rf_uncertain_saved){NULL, p, 0.0, *p};
    return 0;
}

/* Apply `a` of value v to x. */
static double act(rf_uncertain_op a, double x, double v)
{
    return a == RF_UNC_SET ? v : a == RF_UNC_MULTIPLY ? x * v : x + v;
}

/* Clamp to [lo, hi], counting a clamp of input i. */
static double clamp(rf_uncertain_undo *u, int i, double x, double lo, double hi)
{
    if (x < lo || x > hi) {
        u->nclamped++;
        u->clamped[i]++;
        return x < lo ? lo : hi;
    }
    return x;
}

static void growth_free_from(rf_scenario *sc, int n)
{
    for (int i = n; i < sc->ngrowth; i++) {
        free(sc->growth[i].region);
        free(sc->growth[i].sector);
        free(sc->growth[i].product);
    }
    sc->ngrowth = n;
}

static void capacity_free_from(rf_scenario *sc, int n)
{
    for (int i = n; i < sc->ncapacity; i++) free(sc->capacity[i].facility);
    sc->ncapacity = n;
}

void rf_uncertain_undo_apply(rf_world *w, rf_scenario *sc, rf_uncertain_undo *undo)
{
    (void)w;
    if (!undo || !undo->applied) return;
    for (int k = undo->nsaved - 1; k >= 0; k--) {
        const rf_uncertain_saved *s = &undo->saved[k];
        if (s->dp) *s->dp = s->dold;
        else *s->ip = s->iold;
    }
    undo->nsaved = 0;
    growth_free_from(sc, undo->ngrowth);
    capacity_free_from(sc, undo->ncapacity);
    undo->applied = 0;
}

/* A demand_growth override for every demand row that input i selects: one
 * per row keeps the override's own matcher (exact ids or "*") out of the
 * patterns of the uncertain selectors. */
static rf_status apply_growth(rf_world *w, rf_scenario *sc, int i, double v, rf_uncertain_undo *undo)
{
    const rf_uncertain *u = &sc->uncertain[i];
    int n = rf_uncertain_count(sc, w, i);
    rf_growth_override *g = realloc(sc->growth, (size_t)(sc->ngrowth + n + 1) * sizeof *g);
    if (!g) return RF_ENOMEM;
    sc->growth = g;
    /* A rate within the bounds of `demand_growth:` ([-0.5, 1] a year).  A set is
     * clamped here; a multiply or add acts on each row's rate in force, so
     * rf_scenario_growth holds the result in those bounds, and the clamp is
     * counted here once per input when it happens in some run year. */
    if (u->apply == RF_UNC_SET) {
        v = clamp(undo, i, v, RF_GROWTH_RATE_MIN, RF_GROWTH_RATE_MAX);
    } else {
        if (u->apply == RF_UNC_MULTIPLY) v = clamp(undo, i, v, 0.0, RF_MAX_FACTOR);
        int out = 0;
        for (int d = 0; d < w->ndemand && !out; d++)
            for (int k = 0; demand_selected(u, w, d) && k < sc->nyears && !out; k++) {
                double r = act(u->apply, rf_scenario_growth(sc, w, d, sc->years[k] - 1, sc->years[k]) - 1.0, v);
                out = r < RF_GROWTH_RATE_MIN || r > RF_GROWTH_RATE_MAX;
            }
        if (out) undo->nclamped++, undo->clamped[i]++;
    }
    for (int d = 0; d < w->ndemand; d++) {
        if (!demand_selected(u, w, d)) continue;
        const rf_demand *dm = &w->demand[d];
        rf_growth_override *o = &sc->growth[sc->ngrowth];
        memset(o, 0, sizeof *o);
        o->region = rf__strdup(w->regions[dm->region].id);
        o->sector = rf__strdup(dm->sector);
        o->product = rf__strdup(w->products[dm->product].id);
        o->rate = v;
        o->op = (int)u->apply;
        o->line = u->line;
        sc->ngrowth++;
        if (!o->region || !o->sector || !o->product) return RF_ENOMEM;
    }
    return RF_OK;
}

static rf_status apply_capacity(rf_world *w, rf_scenario *sc, int i, double v, rf_uncertain_undo *undo)
{
    const rf_uncertain *u = &sc->uncertain[i];
    int n = rf_uncertain_count(sc, w, i);
    rf_capacity_override *c = realloc(sc->capacity, (size_t)(sc->ncapacity + n + 1) * sizeof *c);
    if (!c) return RF_ENOMEM;
    sc->capacity = c;
    for (int f = 0; f < w->nfacilities; f++) {
        if (!facility_selected(u, w, f)) continue;
        /* The capacity in force once the scenario's own overrides (and earlier
         * inputs) have scaled it, t/yr; the factor takes it to the drawn one. */
        double k0 = rf_scenario_capacity_factor(sc, w, f), cap = w->facilities[f].capacity_t * k0;
        double factor;
        if (u->apply == RF_UNC_MULTIPLY) {
            factor = clamp(undo, i, v, 0.0, RF_MAX_FACTOR);
            if (cap * factor > RF_MAX_QTY_T) factor = clamp(undo, i, factor, 0.0, RF_MAX_QTY_T / cap);
        } else {
            double to = clamp(undo, i, act(u->apply, cap, v), 0.0, RF_MAX_QTY_T);
            factor = cap > 0.0 ? to / cap : 1.0; /* a plant at 0 stays at 0 */
        }
        rf_capacity_override *o = &sc->capacity[sc->ncapacity];
        memset(o, 0, sizeof *o);
        o->facility = rf__strdup(w->facilities[f].id);
        o->factor = factor;
        o->line = u->line;
        sc->ncapacity++;
        if (!o->facility) return RF_ENOMEM;
    }
    return RF_OK;
}

static rf_status set_d(rf_uncertain_undo *undo, int i, double *field, rf_uncertain_op a, double v, double lo,
                       double hi)
{
    if (save_d(undo, field)) return RF_ENOMEM;
    *field = clamp(undo, i, act(a, *field, v), lo, hi) + 0.0;
    return RF_OK;
}

/* The field of lever p that a policy.* target names, with its hard bounds;
 * NULL when the lever has none (the reader refuses those). */
static double *policy_field(rf_policy *p, rf_uncertain_target t, double *lo, double *hi)
{
    *lo = 0.0;
    *hi = 1.0;
    switch (t) {
    case RF_UNC_POLICY_SHARE:
        if ((p->kind == RF_POL_EXPORT_CONTROL && p->mode == RF_CTRL_LICENCE) || p->kind == RF_POL_OFFTAKE ||
            p->kind == RF_POL_GRANT || p->kind == RF_POL_LOAN || p->kind == RF_POL_EQUITY)
            return &p->share;
        return NULL;
    case RF_UNC_POLICY_RATE:
        if (p->kind == RF_POL_LOAN) return &p->loan_rate;
        if (p->kind == RF_POL_COLLECTION) return &p->collection_rate;
        *hi = RF_MAX_TARIFF_RATE;
        return p->kind == RF_POL_TARIFF || p->kind == RF_POL_EXPORT_TAX ? &p->rate : NULL;
    case RF_UNC_POLICY_PRICE:
        *hi = RF_MAX_PRICE_USD_PER_KG;
        return p->kind == RF_POL_FLOOR || (p->kind == RF_POL_OFFTAKE && p->price >= 0.0) ? &p->price : NULL;
    case RF_UNC_POLICY_QUOTA:
        *hi = RF_MAX_QTY_T;
        return p->kind == RF_POL_EXPORT_CONTROL && p->mode == RF_CTRL_QUOTA ? &p->quota_t : NULL;
    case RF_UNC_POLICY_TARGET:
        *hi = RF_MAX_QTY_T;
        return p->kind == RF_POL_STOCKPILE ? &p->target_t : NULL;
    case RF_UNC_POLICY_FACTOR:
        if (p->kind == RF_POL_OUTAGE) return &p->factor;
        *hi = RF_MAX_FACTOR;
        return p->kind == RF_POL_DEMAND ? &p->factor : NULL;
    default: return NULL;
    }
}

static rf_status apply_policy(rf_scenario *sc, int i, double v, rf_uncertain_undo *undo)
{
    const rf_uncertain *u = &sc->uncertain[i];
    for (int k = 0; k < sc->npolicies; k++) {
        rf_policy *p = &sc->policies[k];
        if (!p->name || !u->policy || strcmp(p->name, u->policy)) continue;
        if (u->target == RF_UNC_POLICY_ACTIVE) {
            if (v >= 0.5) continue; /* on: the lever as written */
            if (save_d(undo, &p->from) || save_d(undo, &p->to)) return RF_ENOMEM;
            p->from = NEVER; /* a window after every model year: the lever never runs */
            p->to = NEVER + 1.0;
        } else if (u->target == RF_UNC_POLICY_FROM) {
            /* The window moves: its start to the value (set) or by it (add), and a
             * closed end by as much, so the lever keeps its length. */
            double from = clamp(undo, i, act(u->apply, p->from, v), (double)RF_YEAR_MIN, (double)RF_YEAR_MAX + 1.0);
            double shift = from - p->from;
            if (save_d(undo, &p->from) || save_d(undo, &p->to)) return RF_ENOMEM;
            p->from = from;
            if (p->to < NEVER) p->to += shift;
        } else {
            double lo, hi, *field = policy_field(p, u->target, &lo, &hi);
            if (!field) continue; /* another lever of that name, without the field */
            if (set_d(undo, i, field, u->apply, v, lo, hi)) return RF_ENOMEM;
        }
    }
    return RF_OK;
}

static rf_status apply_one(rf_world *w, rf_scenario *sc, int i, double v, rf_uncertain_undo *undo)
{
    const rf_uncertain *u = &sc->uncertain[i];
    switch (u->target) {
    case RF_UNC_DEMAND_GROWTH: return apply_growth(w, sc, i, v, undo);
    case RF_UNC_FACILITY_CAPACITY: return apply_capacity(w, sc, i, v, undo);
    case RF_UNC_DEMAND_ELASTICITY:
        for (int d = 0; d < w->ndemand; d++)
            if (demand_selected(u, w, d) &&
                set_d(undo, i, &w->demand[d].elasticity, u->apply, v, MIN_ELASTICITY, MAX_ELASTICITY))
                return RF_ENOMEM;
        return RF_OK;
    case RF_UNC_FACILITY_COST:
        for (int f = 0; f < w->nfacilities; f++)
            if (facility_selected(u, w, f) &&
                set_d(undo, i, &w->facilities[f].unit_cost_usd_per_kg, u->apply, v, 0.0, RF_MAX_PRICE_USD_PER_KG))
                return RF_ENOMEM;
        return RF_OK;
    case RF_UNC_PROJECT_CAPEX:
        for (int p = 0; p < w->nprojects; p++)
            if (project_selected(u, w, p) &&
                set_d(undo, i, &w->projects[p].capex_usd, u->apply, v, 0.0, MAX_CAPEX_USD))
                return RF_ENOMEM;
        return RF_OK;
    case RF_UNC_PROJECT_LEAD_TIME:
        for (int p = 0; p < w->nprojects; p++) {
            if (!project_selected(u, w, p)) continue;
            int *lead = &w->projects[p].lead_time_years;
            double to = floor(act(u->apply, (double)*lead, v) + 0.5); /* whole years */
            to = clamp(undo, i, to, 1.0, (double)MAX_LEAD_YEARS);
            if (save_i(undo, lead)) return RF_ENOMEM;
            *lead = (int)to;
        }
        return RF_OK;
    default: return apply_policy(sc, i, v, undo);
    }
}

rf_status rf_uncertain_apply(rf_world *w, rf_scenario *sc, const double *values, rf_uncertain_undo *undo,
                             rf_err *err)
{
    if (!w || !sc || !undo || (sc->nuncertain > 0 && !values))
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_uncertain_apply: world, scenario, values and undo are required");
    if (undo->applied)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_uncertain_apply: a draw is already applied: undo it first");
    for (int i = 0; i < sc->nuncertain; i++)
        if (!isfinite(values[i]))
            return rf_err_set(err, RF_EINVAL, sc->file, sc->uncertain[i].line, "uncertainty",
                              "input `%s` was given a value that is not a finite number", sc->uncertain[i].name);
    if (undo->nclamped_cap < sc->nuncertain) {
        int *c = realloc(undo->clamped, (size_t)sc->nuncertain * sizeof *c);
        if (!c) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        undo->clamped = c;
        undo->nclamped_cap = sc->nuncertain;
    }
    if (sc->nuncertain) memset(undo->clamped, 0, (size_t)sc->nuncertain * sizeof *undo->clamped);
    undo->nclamped = 0;
    undo->nsaved = 0;
    undo->ngrowth = sc->ngrowth;
    undo->ncapacity = sc->ncapacity;
    undo->applied = 1;
    for (int i = 0; i < sc->nuncertain; i++)
        if (apply_one(w, sc, i, values[i], undo) != RF_OK) {
            rf_uncertain_undo_apply(w, sc, undo);
            return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        }
    return RF_OK;
}
