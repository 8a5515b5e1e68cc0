/* scenario.c: lifecycle of rf_scenario (the YAML reader is in src/io/). */
#include "rareflow/scenario.h"

#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/limits.h"

rf_scenario *rf_scenario_new_baseline(rf_err *err)
{
    rf_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) goto oom;
    sc->file = rf__strdup("(built-in)");
    sc->name = rf__strdup("baseline");
    /* The default horizon: the dataset's year to 2040 (docs/cli.md). */
    sc->nyears = RF_DEFAULT_LAST_YEAR - RF_DEFAULT_FIRST_YEAR + 1;
    sc->years = malloc((size_t)sc->nyears * sizeof *sc->years);
    if (!sc->file || !sc->name || !sc->years) goto oom;
    for (int i = 0; i < sc->nyears; i++) sc->years[i] = RF_DEFAULT_FIRST_YEAR + i;
    return sc;
oom:
    rf_scenario_free(sc);
    rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory creating the baseline scenario");
    return NULL;
}

rf_status rf_scenario_set_years(rf_scenario *sc, int first, int last, rf_err *err)
{
    if (last < first)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "--years", "last year %d is before first year %d",
                          last, first);
    int n = last - first + 1;
    int *y = malloc((size_t)n * sizeof *y);
    if (!y) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; i < n; i++) y[i] = first + i;
    free(sc->years);
    sc->years = y;
    sc->nyears = n;
    return RF_OK;
}

static const char *const expectation_names[] = {"adaptive", "reference", "perfect"};

const char *rf_expectations_name(rf_expectations e)
{
    return (int)e >= 0 && (int)e < 3 ? expectation_names[e] : "?";
}

static const char *const kind_names[RF_POL_KIND_COUNT] = {
    "exemption", "tariff", "export_control", "sanction", "outage", "demand",
    "price_floor", "offtake", "stockpile", "sourcing_rule", "content_rule",
    "grant", "loan", "equity", "ebitda_guarantee", "permitting", "technology_ban", "project_block",
    "collection", "export_tax"};

const char *rf_policy_kind_name(rf_policy_kind k)
{
    return (int)k >= 0 && k < RF_POL_KIND_COUNT ? kind_names[k] : "?";
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* Day of the year (0-based) on which month m (0-based, 12 = the next year's
 * January) starts. */
static int month_start(int year, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int d = 0;
    for (int i = 0; i < m; i++) d += mdays[i] + (i == 1 && leap(year));
    return d;
}

double rf_policy_window_fraction(double from, double to, int year, int period, int nperiods)
{
    if (nperiods <= 1) nperiods = 1, period = 0;
    if (12 % nperiods != 0 || period < 0 || period >= nperiods) return 0.0;
    /* The window on the scale of the lever dates (year + day / days of the year,
     * as the scenario reader writes them), so that a date on a window's edge
     * falls exactly on it.  The whole year is [year, year + 1.0) exactly, which
     * keeps annual runs bit for bit what they were. */
    int months = 12 / nperiods, ndays = 365 + leap(year);
    double lo = (double)year + (double)month_start(year, period * months) / (double)ndays;
    double hi = period == nperiods - 1 ? (double)year + 1.0
                                       : (double)year + (double)month_start(year, (period + 1) * months) / (double)ndays;
    double a = from > lo ? from : lo;
    double b = to < hi ? to : hi;
    return b > a ? (b - a) / (hi - lo) : 0.0;
}

double rf_policy_year_fraction(double from, double to, int year)
{
    return rf_policy_window_fraction(from, to, year, 0, 1);
}

int rf_scenario_periods_valid(int n)
{
    return RF_PERIODS_VALID(n);
}

static void idlist_free(rf_idlist *l)
{
    for (int i = 0; i < l->n; i++) free(l->ids[i]);
    free(l->ids);
    l->ids = NULL;
    l->n = 0;
}

void rf_scenario_free(rf_scenario *sc)
{
    if (!sc) return;
    free(sc->file);
    free(sc->name);
    free(sc->years);
    free(sc->data_dir);
    for (int i = 0; i < sc->ndemand; i++) {
        free(sc->demand[i].region);
        free(sc->demand[i].sector);
        free(sc->demand[i].product);
    }
    free(sc->demand);
    for (int i = 0; i < sc->ncapacity; i++) free(sc->capacity[i].facility);
    free(sc->capacity);
    for (int i = 0; i < sc->npolicies; i++) {
        rf_policy *p = &sc->policies[i];
        free(p->name);
        idlist_free(&p->origins);
        idlist_free(&p->dests);
        idlist_free(&p->products);
        free(p->facility);
        free(p->stage);
        free(p->sector);
        free(p->payer);
        idlist_free(&p->demand_spec);
        idlist_free(&p->exclude);
        idlist_free(&p->members);
        idlist_free(&p->projects);
        idlist_free(&p->stages);
        idlist_free(&p->sectors);
        idlist_free(&p->tariffs);
    }
    free(sc->policies);
    for (int i = 0; i < sc->ngrowth; i++) {
        free(sc->growth[i].region);
        free(sc->growth[i].sector);
        free(sc->growth[i].product);
    }
    free(sc->growth);
    for (int i = 0; i < sc->nuncertain; i++) {
        rf_uncertain *u = &sc->uncertain[i];
        free(u->name);
        idlist_free(&u->regions);
        idlist_free(&u->sectors);
        idlist_free(&u->products);
        idlist_free(&u->facilities);
        idlist_free(&u->stages);
        idlist_free(&u->projects);
        free(u->policy);
    }
    free(sc->uncertain);
    for (int i = 0; i < sc->nuncertain_groups; i++) free(sc->uncertain_groups[i]);
    free(sc->uncertain_groups);
    free(sc);
}

/* ---------- the scenario applied to a world ---------- */

static int matches(const char *pattern, const char *id)
{
    return strcmp(pattern, "*") == 0 || strcmp(pattern, id) == 0;
}

/*
 * Factors multiply: each is bounded, but many of them on one row are not.
 * Every demand and every capacity must stay within RF_MAX_QTY_T once the
 * overrides are applied; the override that takes a row past it is named.
 */
static rf_status check_scaled(const rf_scenario *sc, const rf_world *w, rf_err *err)
{
    for (int d = 0; d < w->ndemand; d++) {
        const rf_demand *dm = &w->demand[d];
        double q = dm->ref_qty_t;
        for (int i = 0; i < sc->ndemand; i++) {
            const rf_demand_override *o = &sc->demand[i];
            if (!matches(o->region, w->regions[dm->region].id) || !matches(o->sector, dm->sector) ||
                (o->product && !matches(o->product, w->products[dm->product].id)))
                continue;
            q *= o->factor;
            if (!(q <= RF_MAX_QTY_T))
                return rf_err_set(err, RF_EINVAL, sc->file, o->line, "demand.factor",
                                  "takes the demand of %s %s %s to %g t, above the limit of %g t "
                                  "(RF_MAX_QTY_T)", w->regions[dm->region].id, dm->sector,
                                  w->products[dm->product].id, q, RF_MAX_QTY_T);
        }
    }
    for (int f = 0; f < w->nfacilities; f++) {
        double q = w->facilities[f].capacity_t;
        for (int i = 0; i < sc->ncapacity; i++) {
            const rf_capacity_override *o = &sc->capacity[i];
            if (!matches(o->facility, w->facilities[f].id)) continue;
            q *= o->factor;
            if (!(q <= RF_MAX_QTY_T))
                return rf_err_set(err, RF_EINVAL, sc->file, o->line, "capacity.factor",
                                  "takes the capacity of %s to %g t, above the limit of %g t (RF_MAX_QTY_T)",
                                  w->facilities[f].id, q, RF_MAX_QTY_T);
        }
    }
    return RF_OK;
}

rf_status rf_scenario_check(const rf_scenario *sc, const rf_world *w, rf_err *err)
{
    for (int i = 0; i < sc->ndemand; i++) {
        const rf_demand_override *o = &sc->demand[i];
        if (strcmp(o->region, "*") && rf_world_region(w, o->region) < 0)
            return rf_err_set(err, RF_EINVAL, sc->file, o->line, "demand.region",
                              "unknown region `%s`", o->region);
        if (strcmp(o->sector, "*") && !rf_world_has_sector(w, o->sector))
            return rf_err_set(err, RF_EINVAL, sc->file, o->line, "demand.sector",
                              "unknown sector `%s` (no demand row has it)", o->sector);
        if (o->product && strcmp(o->product, "*") && rf_world_product(w, o->product) < 0)
            return rf_err_set(err, RF_EINVAL, sc->file, o->line, "demand.product",
                              "unknown product `%s`", o->product);
    }
    for (int i = 0; i < sc->ncapacity; i++) {
        const rf_capacity_override *o = &sc->capacity[i];
        if (strcmp(o->facility, "*") && rf_world_facility(w, o->facility) < 0)
            return rf_err_set(err, RF_EINVAL, sc->file, o->line, "capacity.facility",
                              "unknown facility `%s`", o->facility);
    }
    for (int i = 0; i < sc->ngrowth; i++) {
        const rf_growth_override *g = &sc->growth[i];
        if (strcmp(g->region, "*") && rf_world_region(w, g->region) < 0)
            return rf_err_set(err, RF_EINVAL, sc->file, g->line, "demand_growth.region", "unknown region `%s`",
                              g->region);
        if (strcmp(g->sector, "*") && !rf_world_has_sector(w, g->sector))
            return rf_err_set(err, RF_EINVAL, sc->file, g->line, "demand_growth.sector",
                              "unknown sector `%s` (no demand row has it)", g->sector);
        if (g->product && strcmp(g->product, "*") && rf_world_product(w, g->product) < 0)
            return rf_err_set(err, RF_EINVAL, sc->file, g->line, "demand_growth.product", "unknown product `%s`",
                              g->product);
    }
    rf_status st = rf_uncertain_check(sc, w, err);
    if (st) return st;
    return check_scaled(sc, w, err);
}

rf_status rf_year_input_init(rf_year_input *in, const rf_world *w, const rf_scenario *sc,
                             int year, rf_err *err)
{
    memset(in, 0, sizeof *in);
    in->year = year;
    in->period = 0;
    in->nperiods = 1; /* the whole year; the simulation sets a window when it steps periods */
    in->nr = w->nregions;
    in->np = w->nproducts;
    size_t narcs = (size_t)in->nr * (size_t)in->nr * (size_t)in->np + 1;
    in->cap_factor = malloc((size_t)(w->nfacilities ? w->nfacilities : 1) * sizeof(double));
    in->demand_factor = malloc((size_t)(w->ndemand ? w->ndemand : 1) * sizeof(double));
    in->arc_specific = calloc(narcs, sizeof(double));
    in->arc_rate = calloc(narcs, sizeof(double));
    in->arc_xrate = calloc(narcs, sizeof(double));
    in->arc_wedge = calloc(narcs, sizeof(double));
    in->arc_exempt = calloc(narcs, sizeof(double));
    in->arc_cap = malloc(narcs * sizeof(double));
    in->min_activity = calloc((size_t)(w->nfacilities ? w->nfacilities : 1), sizeof(double));
    if (!in->cap_factor || !in->demand_factor || !in->arc_specific || !in->arc_rate || !in->arc_xrate ||
        !in->arc_wedge || !in->arc_exempt || !in->arc_cap || !in->min_activity) {
        rf_year_input_close(in);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    in->contract_t = calloc((size_t)(w->nfacilities ? w->nfacilities : 1), sizeof(double));
    if (!in->contract_t) {
        rf_year_input_close(in);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int f = 0; f < w->nfacilities; f++)
        if (w->facilities[f].contract_t > 0.0 && year <= w->facilities[f].contract_to)
            in->contract_t[f] = w->facilities[f].contract_t;
    for (size_t a = 0; a < narcs; a++) in->arc_cap[a] = -1.0;
    for (int f = 0; f < w->nfacilities; f++)
        in->cap_factor[f] = rf_world_facility_active(w, f, year) ? 1.0 : 0.0;
    for (int d = 0; d < w->ndemand; d++) in->demand_factor[d] = 1.0;
    for (int f = 0; f < w->nfacilities; f++) in->cap_factor[f] *= rf_scenario_capacity_factor(sc, w, f);
    for (int i = 0; sc && i < sc->ndemand; i++) {
        const rf_demand_override *o = &sc->demand[i];
        for (int d = 0; d < w->ndemand; d++) {
            const rf_demand *dm = &w->demand[d];
            if (matches(o->region, w->regions[dm->region].id) && matches(o->sector, dm->sector) &&
                (!o->product || matches(o->product, w->products[dm->product].id)))
                in->demand_factor[d] *= o->factor;
        }
    }
    return RF_OK;
}

double rf_scenario_capacity_factor(const rf_scenario *sc, const rf_world *w, int f)
{
    double k = 1.0;
    for (int i = 0; sc && i < sc->ncapacity; i++)
        if (matches(sc->capacity[i].facility, w->facilities[f].id)) k *= sc->capacity[i].factor;
    return k;
}

double rf_scenario_growth(const rf_scenario *sc, const rf_world *w, int d, int base_year, int year)
{
    if (!sc || sc->ngrowth == 0) return rf_world_growth(w, d, base_year, year);
    const rf_demand *dm = &w->demand[d];
    double f = 1.0;
    for (int y = base_year + 1; y <= year; y++) {
        /* Items act in file order: a set (what the YAML writes) replaces the rate
         * in force, so the last one wins; an uncertain draw's multiply or add
         * acts on the rate in force, the dataset's when nothing set it. */
        int have = 0;
        double rate = 0.0;
        for (int i = 0; i < sc->ngrowth; i++) {
            const rf_growth_override *g = &sc->growth[i];
            if ((g->from && y < g->from) || (g->to && y > g->to)) continue;
            if (!matches(g->region, w->regions[dm->region].id) || !matches(g->sector, dm->sector) ||
                (g->product && !matches(g->product, w->products[dm->product].id)))
                continue;
            if (g->op == RF_UNC_SET) {
                rate = g->rate;
            } else {
                if (!have) rate = rf_world_growth(w, d, y - 1, y) - 1.0;
                rate = g->op == RF_UNC_MULTIPLY ? rate * g->rate : rate + g->rate;
                if (rate < RF_GROWTH_RATE_MIN) rate = RF_GROWTH_RATE_MIN;
                if (rate > RF_GROWTH_RATE_MAX) rate = RF_GROWTH_RATE_MAX;
            }
            have = 1;
        }
        /* The dataset's rate for the years the scenario leaves alone. */
        f *= have ? 1.0 + rate : rf_world_growth(w, d, y - 1, y);
    }
    return f;
}

void rf_year_input_close(rf_year_input *in)
{
    if (!in) return;
    free(in->cap_factor);
    free(in->demand_factor);
    free(in->arc_specific);
    free(in->arc_rate);
    free(in->arc_xrate);
    free(in->arc_wedge);
    free(in->arc_cap);
    free(in->arc_exempt);
    free(in->min_activity);
    free(in->extra);
    free(in->floors);
    free(in->sourcing.excluded);
    free(in->sourcing.variant);
    free(in->sourcing.compliant_demand);
    for (int i = 0; i < in->nlimits; i++) {
        free(in->limits[i].to_mask);
        free(in->limits[i].prod_mask);
        free(in->limits[i].prod_weight);
    }
    free(in->limits);
    free(in->inv);
    free(in->arc_last);
    free(in->arc_anchor);
    free(in->contract_t);
    free(in->use_last);
    memset(in, 0, sizeof *in);
}

rf_extra_col *rf_year_input_add_col(rf_year_input *in)
{
    rf_extra_col *c = realloc(in->extra, (size_t)(in->nextra + 1) * sizeof *c);
    if (!c) return NULL;
    in->extra = c;
    c = &in->extra[in->nextra++];
    memset(c, 0, sizeof *c);
    return c;
}

rf_flow_limit *rf_year_input_add_limit(rf_year_input *in, rf_err *err)
{
    if (in->nlimits >= RF_MAX_FLOW_LIMITS) {
        rf_err_set(err, RF_EINVAL, NULL, 0, NULL,
                   "the levers of %d add more than %d quota rows (RF_MAX_FLOW_LIMITS): narrow their "
                   "exporters, destinations or products", in->year, RF_MAX_FLOW_LIMITS);
        return NULL;
    }
    rf_flow_limit *l = realloc(in->limits, (size_t)(in->nlimits + 1) * sizeof *l);
    if (!l) {
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    in->limits = l;
    l = &in->limits[in->nlimits];
    memset(l, 0, sizeof *l);
    l->to_mask = calloc((size_t)in->nr + 1, 1);
    l->prod_mask = calloc((size_t)in->np + 1, 1);
    if (!l->to_mask || !l->prod_mask) {
        free(l->to_mask);
        free(l->prod_mask);
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    in->nlimits++;
    return l;
}
