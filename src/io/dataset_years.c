/*
 * dataset_years.c: the optional tables of the years (docs/data-format.md):
 * projects.csv, candidates.csv, demand_growth.csv, price_paths.csv,
 * finance.csv, lifetimes.csv, substitution.csv, parameters.csv.
 *
 * Each table may be absent (the toy worlds have none of them): the world then
 * has no projects, no growth and the default parameters.  A table that is
 * there is checked like the others, every error at `file:line: field`.
 * Generic candidates become facilities of their own (a plant of one block,
 * which the simulation scales by the blocks it builds), so that results and
 * levers name them like any plant.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "io/table.h"
#include "rareflow/limits.h"

#define MAX_RAMP 20        /* years of a ramp-up */
#define MAX_LEAD 15        /* years from decision to production */
#define MAX_LIFE 100       /* years of operation */

/* "0.3;0.7;1": shares in (0, 1], non-decreasing, ending at 1. */
static rf_status get_ramp(const rf__tab *t, double **out, int *n)
{
    const char *s = rf__fld(t, "ramp");
    double v[MAX_RAMP];
    int k = 0;
    while (*s) {
        size_t len = strcspn(s, ";");
        char item[32];
        if (len == 0 || len >= sizeof item || k == MAX_RAMP)
            return rf__tab_err(t, RF_EINVAL, "ramp", "not a list of at most %d shares", MAX_RAMP);
        memcpy(item, s, len);
        item[len] = '\0';
        if (rf__parse_double(item, &v[k]) || !(v[k] > 0.0) || v[k] > 1.0 || (k && v[k] < v[k - 1]))
            return rf__tab_err(t, RF_EINVAL, "ramp", "`%s` is not a share in (0, 1] at least the one before", item);
        k++;
        s += len;
        if (*s == ';') s++;
    }
    if (k == 0) v[k++] = 1.0; /* no ramp: full capacity from the first year */
    if (v[k - 1] != 1.0) return rf__tab_err(t, RF_EINVAL, "ramp", "the last share must be 1");
    *out = malloc((size_t)k * sizeof **out);
    if (!*out) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    memcpy(*out, v, (size_t)k * sizeof *v);
    *n = k;
    return RF_OK;
}

/* The timing and life columns shared by projects and candidates. */
static rf_status get_timing(const rf__tab *t, rf_project *p)
{
    double lead, life;
    rf_status st;
    if ((st = rf__get_num(t, "lead_time_years", 1, 0, 1, MAX_LEAD, &lead)) ||
        (st = rf__get_num(t, "life_years", 1, 0, 1, MAX_LIFE, &life)) ||
        (st = rf__get_year(t, "earliest_decision", &p->earliest_decision)) || (st = get_ramp(t, &p->ramp, &p->nramp)))
        return st;
    if (lead != (int)lead || life != (int)life)
        return rf__tab_err(t, RF_EINVAL, lead != (int)lead ? "lead_time_years" : "life_years", "a whole number of years");
    p->lead_time_years = (int)lead;
    p->life_years = (int)life;
    return RF_OK;
}

static rf_status new_project(const rf__tab *t, rf_world *w, rf_project **out)
{
    rf_status st = rf__too_many(t, w->nprojects, RF_MAX_FACILITIES, "projects", "RF_MAX_FACILITIES");
    if (st) return st;
    *out = GROW(w->projects, w->nprojects);
    return *out ? RF_OK : rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
}

static rf_status project_row(rf__source *src, const rf__tab *t, rf_world *w)
{
    int f = rf__index_get(&src->facilities, rf__fld(t, "facility"));
    if (f < 0) return rf__tab_err(t, RF_EINVAL, "facility", "unknown facility `%s`", rf__fld(t, "facility"));
    const rf_facility *fac = &w->facilities[f];
    if (strcmp(fac->status, "construction") != 0 && strcmp(fac->status, "planned") != 0)
        return rf__tab_err(t, RF_EINVAL, "facility", "facility `%s` is %s: only a plant under construction "
                           "or planned is a project", fac->id, fac->status);
    for (int i = 0; i < w->nprojects; i++)
        if (w->projects[i].facility == f)
            return rf__tab_err(t, RF_EINVAL, "facility", "a second project for `%s` (first at line %d)", fac->id,
                               w->projects[i].line);
    rf_project *p;
    rf_status st = new_project(t, w, &p);
    if (st) return st;
    p->facility = f;
    p->line = rf__line_of(t);
    double capex;
    if ((st = rf__get_text(t, "source", &p->source)) ||
        (st = rf__get_num(t, "capex_musd", 1, 0, 0, 1e6, &capex)) || (st = get_timing(t, p)) ||
        (st = rf__get_year(t, "decided_year", &p->decided_year)))
        return st;
    p->capex_usd = capex * 1e6;
    return RF_OK;
}

static rf_status load_projects(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"facility", "capex_musd", "lead_time_years", "ramp", "life_years",
                                       "decided_year", "earliest_decision", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "projects.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++)
        if (!(st = rf__need_source(&t))) st = project_row(src, &t, w);
    rf__csv_free(t.csv);
    return st;
}

/* A generic block becomes a facility of its own: one block of capacity, which
 * the simulation multiplies by the blocks it has built. */
static rf_status candidate_row(rf__source *src, const rf__tab *t, rf_world *w)
{
    const char *id = rf__fld(t, "id");
    if (rf__index_get(&src->facilities, id) >= 0)
        return rf__tab_err(t, RF_EINVAL, "id", "`%s` is already a facility id", id);
    rf_status st = rf__too_many(t, w->nfacilities, RF_MAX_FACILITIES, "facilities", "RF_MAX_FACILITIES");
    if (st) return st;
    int stage = rf_stage_from_name(rf__fld(t, "stage"));
    if (stage < 0) return rf__tab_err(t, RF_EINVAL, "stage", "unknown stage `%s`", rf__fld(t, "stage"));
    rf_facility *f = GROW(w->facilities, w->nfacilities);
    if (!f || rf__index_put(&src->facilities, id, w->nfacilities - 1))
        return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    f->line = rf__line_of(t);
    f->stage = (rf_stage)stage;
    if ((st = rf__get_ident(t, "id", &f->id)) || (st = rf__get_text(t, "source", &f->source)) ||
        (st = rf__get_region(t, w, "region", 0, &f->region)) ||
        (st = rf__get_num(t, "block_t", 1, 0, 0, RF_MAX_QTY_T, &f->capacity_t)) ||
        (st = rf__get_num(t, "unit_cost_usd_per_kg", 1, 0, 0, RF_MAX_PRICE_USD_PER_KG, &f->unit_cost_usd_per_kg)))
        return st;
    if (!(f->capacity_t > 0)) return rf__tab_err(t, RF_EINVAL, "block_t", "must be positive");
    char name[160];
    snprintf(name, sizeof name, "generic %s block in %s", rf_stage_name(f->stage), w->regions[f->region].id);
    if (!(f->name = rf__strdup(name)) || !(f->operator_name = rf__strdup("(generic)")) ||
        !(f->status = rf__strdup("candidate")))
        return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    if ((st = rf__get_recipes(src, t, w, f))) return st;
    rf_project *p;
    if ((st = new_project(t, w, &p))) return st;
    p->facility = w->nfacilities - 1;
    p->generic = 1;
    p->line = rf__line_of(t);
    double per_t, maxb;
    if ((st = rf__get_text(t, "source", &p->source)) ||
        (st = rf__get_num(t, "capex_usd_per_t", 1, 0, 0, RF_MAX_PRICE_USD_PER_KG, &per_t)) ||
        (st = get_timing(t, p)) || (st = rf__get_num(t, "max_blocks_per_year", 1, 0, 1, 1000, &maxb)))
        return st;
    if (maxb != (int)maxb) return rf__tab_err(t, RF_EINVAL, "max_blocks_per_year", "a whole number");
    p->capex_usd = per_t * f->capacity_t;
    p->max_blocks_per_year = (int)maxb;
    return RF_OK;
}

static rf_status load_candidates(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"id", "stage", "region", "block_t", "unit_cost_usd_per_kg", "recipes",
                                       "capex_usd_per_t", "lead_time_years", "ramp", "life_years",
                                       "max_blocks_per_year", "earliest_decision", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "candidates.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++)
        if (!(st = rf__need_source(&t))) st = candidate_row(src, &t, w);
    rf__csv_free(t.csv);
    return st;
}

/* A sector column: "*" (NULL) or a sector some demand row has. */
static rf_status get_sector(const rf__tab *t, const rf_world *w, char **out)
{
    const char *s = rf__fld(t, "sector");
    *out = NULL;
    if (!strcmp(s, "*")) return RF_OK;
    if (rf_world_has_sector(w, s)) return rf__get_text(t, "sector", out);
    return rf__tab_err(t, RF_EINVAL, "sector", "unknown sector `%s` (no demand row has it)", s);
}

/* A product column that may be "*" (-1). */
static rf_status get_product_or_all(const rf__tab *t, const rf_world *w, int *out)
{
    if (!strcmp(rf__fld(t, "product"), "*")) {
        *out = -1;
        return RF_OK;
    }
    return rf__get_product(t, w, "product", out);
}

static rf_status load_growth(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"region", "sector", "product", "from_year", "to_year", "growth_per_yr",
                                       "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "demand_growth.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t)) ||
            (st = rf__too_many(&t, w->ngrowth, RF_MAX_TRADE_RULES, "growth rules", "RF_MAX_TRADE_RULES")))
            break;
        rf_growth_rule *g = GROW(w->growth, w->ngrowth);
        if (!g) {
            st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
            break;
        }
        g->line = rf__line_of(&t);
        if ((st = rf__get_region(&t, w, "region", 1, &g->region)) || (st = get_sector(&t, w, &g->sector)) ||
            (st = get_product_or_all(&t, w, &g->product)) || (st = rf__get_year(&t, "from_year", &g->from_year)) ||
            (st = rf__get_year(&t, "to_year", &g->to_year)) ||
            (st = rf__get_num(&t, "growth_per_yr", 1, 0, -0.5, 1.0, &g->rate)))
            break;
        if (!g->from_year || !g->to_year || g->to_year < g->from_year)
            st = rf__tab_err(&t, RF_EINVAL, "to_year", "from_year and to_year are required, from <= to");
    }
    rf__csv_free(t.csv);
    return st;
}

static int by_path(const void *a, const void *b)
{
    const rf_price_point *x = a, *y = b;
    if (x->product != y->product) return x->product < y->product ? -1 : 1;
    if (x->region != y->region) return x->region < y->region ? -1 : 1;
    return (x->year > y->year) - (x->year < y->year);
}

static rf_status load_price_paths(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"product", "region", "year", "usd_per_kg", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "price_paths.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t)) ||
            (st = rf__too_many(&t, w->nprice_path, RF_MAX_TRADE_RULES, "price points", "RF_MAX_TRADE_RULES")))
            break;
        rf_price_point *p = GROW(w->price_path, w->nprice_path);
        if (!p) {
            st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
            break;
        }
        p->line = rf__line_of(&t);
        if ((st = rf__get_product(&t, w, "product", &p->product)) ||
            (st = rf__get_region(&t, w, "region", 1, &p->region)) || (st = rf__get_year(&t, "year", &p->year)) ||
            (st = rf__get_num(&t, "usd_per_kg", 1, 0, 0, RF_MAX_PRICE_USD_PER_KG, &p->usd_per_kg)))
            break;
        if (!p->year) {
            st = rf__tab_err(&t, RF_EINVAL, "year", "missing value");
            break;
        }
        for (int i = 0; i < w->nprice_path - 1; i++) {
            const rf_price_point *q = &w->price_path[i];
            if (q->product == p->product && q->region == p->region && q->year == p->year) {
                st = rf__tab_err(&t, RF_EINVAL, "year", "a second price for this product, region and year "
                                 "(first at line %d)", q->line);
                break;
            }
        }
    }
    if (st == RF_OK && w->nprice_path > 1)
        qsort(w->price_path, (size_t)w->nprice_path, sizeof *w->price_path, by_path);
    rf__csv_free(t.csv);
    return st;
}

static rf_status load_finance(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"region", "discount_rate", "tax_rate", "royalty_rate", "depreciation_years",
                                       "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "finance.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t)) ||
            (st = rf__too_many(&t, w->nfinance, RF_MAX_REGIONS + 1, "finance rows", "RF_MAX_REGIONS")))
            break;
        rf_finance_terms *f = GROW(w->finance, w->nfinance);
        if (!f) {
            st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
            break;
        }
        f->line = rf__line_of(&t);
        double dep;
        if ((st = rf__get_region(&t, w, "region", 1, &f->region)) ||
            (st = rf__get_num(&t, "discount_rate", 1, 0, 0, 1, &f->discount_rate)) ||
            (st = rf__get_num(&t, "tax_rate", 1, 0, 0, 1, &f->tax_rate)) ||
            (st = rf__get_num(&t, "royalty_rate", 1, 0, 0, 1, &f->royalty_rate)) ||
            (st = rf__get_num(&t, "depreciation_years", 1, 0, 1, MAX_LIFE, &dep)))
            break;
        f->depreciation_years = (int)dep;
        for (int i = 0; i < w->nfinance - 1; i++)
            if (w->finance[i].region == f->region) {
                st = rf__tab_err(&t, RF_EINVAL, "region", "a second row for this region (first at line %d)",
                                 w->finance[i].line);
                break;
            }
    }
    rf__csv_free(t.csv);
    return st;
}

static rf_status lifetime_row(const rf__tab *t, rf_world *w)
{
    static const char *const dists[] = {"fixed", "normal", "lognormal", "weibull", "foldednormal"};
    rf_lifetime *l = GROW(w->lifetimes, w->nlifetimes);
    if (!l) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    l->line = rf__line_of(t);
    rf_status st = rf__get_ident(t, "sector", &l->sector);
    if (st) return st;
    for (int i = 0; i < w->nlifetimes - 1; i++)
        if (!strcmp(w->lifetimes[i].sector, l->sector))
            return rf__tab_err(t, RF_EINVAL, "sector", "a second lifetime for `%s`", l->sector);
    int d = -1;
    for (int i = 0; i < 5; i++)
        if (!strcmp(rf__fld(t, "distribution"), dists[i])) d = i;
    if (d < 0)
        return rf__tab_err(t, RF_EINVAL, "distribution", "unknown distribution `%s` (fixed, normal, lognormal, "
                           "weibull, foldednormal)", rf__fld(t, "distribution"));
    l->dist = (rf_lifetime_dist)d;
    int weibull = l->dist == RF_LT_WEIBULL, needs_sd = l->dist != RF_LT_FIXED && !weibull;
    if ((st = rf__get_num(t, "mean", !weibull, 0, 0, MAX_LIFE, &l->mean)) ||
        (st = rf__get_num(t, "sd", needs_sd, 0, 0, MAX_LIFE, &l->sd)) ||
        (st = rf__get_num(t, "shape", weibull, 0, 0, 100, &l->shape)) ||
        (st = rf__get_num(t, "scale", weibull, 0, 0, MAX_LIFE, &l->scale)) ||
        (st = rf__get_num(t, "collection_rate", 1, 0, 0, 1, &l->collection_rate)) ||
        (st = rf__get_num(t, "process_yield", 1, 0, 0, 1, &l->process_yield)))
        return st;
    if (needs_sd && !(l->sd > 0)) return rf__tab_err(t, RF_EINVAL, "sd", "must be positive");
    if (weibull && !(l->shape > 0 && l->scale > 0))
        return rf__tab_err(t, RF_EINVAL, "shape", "a Weibull needs a positive shape and scale");
    return RF_OK;
}

static rf_status load_lifetimes(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"sector", "distribution", "mean", "sd", "shape", "scale", "collection_rate",
                                       "process_yield", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "lifetimes.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++)
        if (!(st = rf__need_source(&t)) &&
            !(st = rf__too_many(&t, w->nlifetimes, RF_MAX_DEMAND_ROWS, "lifetimes", "RF_MAX_DEMAND_ROWS")))
            st = lifetime_row(&t, w);
    rf__csv_free(t.csv);
    return st;
}

static rf_status load_substitution(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"sector", "product", "threshold_ratio", "max_reduction", "adjust_years",
                                       "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "substitution.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t)) ||
            (st = rf__too_many(&t, w->nsubstitution, RF_MAX_DEMAND_ROWS, "substitution rows", "RF_MAX_DEMAND_ROWS")))
            break;
        rf_substitution *x = GROW(w->substitution, w->nsubstitution);
        if (!x) {
            st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
            break;
        }
        x->line = rf__line_of(&t);
        if ((st = get_sector(&t, w, &x->sector)) || (st = rf__get_product(&t, w, "product", &x->product)) ||
            (st = rf__get_num(&t, "threshold_ratio", 1, 0, 1, 100, &x->threshold_ratio)) ||
            (st = rf__get_num(&t, "max_reduction", 1, 0, 0, 1, &x->max_reduction)) ||
            (st = rf__get_num(&t, "adjust_years", 1, 0, 0.1, MAX_LIFE, &x->adjust_years)))
            break;
    }
    rf__csv_free(t.csv);
    return st;
}

/* key,value rows; every key known, each at most once. */
static rf_status param_row(const rf__tab *t, rf_sim_params *p, unsigned *seen)
{
    static const char *const keys[] = {"expectation_weights", "closure_years", "inuse_history_growth",
                                       "inuse_history_start", "government_discount_rate", "contract_share",
                                       "inventory_capital_rate", "inventory_storage_share", "tie_break",
                                       "price_probe_t"};
    enum { NKEYS = (int)(sizeof keys / sizeof keys[0]) };
    const char *k = rf__fld(t, "key"), *v = rf__fld(t, "value");
    int i = 0;
    while (i < NKEYS && strcmp(k, keys[i])) i++;
    if (i == NKEYS)
        return rf__tab_err(t, RF_EINVAL, "key", "unknown key `%s` (expectation_weights, closure_years, "
                           "inuse_history_growth, inuse_history_start, government_discount_rate, contract_share, "
                           "inventory_capital_rate, inventory_storage_share, tie_break, price_probe_t)", k);
    if (*seen & (1u << i)) return rf__tab_err(t, RF_EINVAL, "key", "`%s` given twice", k);
    *seen |= 1u << i;
    double x;
    if (i == 0) {
        double sum = 0;
        p->nweights = 0;
        while (*v) {
            size_t n = strcspn(v, ";");
            char item[32];
            if (n == 0 || n >= sizeof item || p->nweights == 8)
                return rf__tab_err(t, RF_EINVAL, "value", "not a list of at most 8 weights");
            memcpy(item, v, n);
            item[n] = '\0';
            if (rf__parse_double(item, &x) || x < 0 || x > 1)
                return rf__tab_err(t, RF_EINVAL, "value", "`%s` is not a weight in [0, 1]", item);
            p->expectation_weights[p->nweights++] = x;
            sum += x;
            v += n;
            if (*v == ';') v++;
        }
        if (!(sum > 0)) return rf__tab_err(t, RF_EINVAL, "value", "the weights must not all be 0");
        for (int j = 0; j < p->nweights; j++) p->expectation_weights[j] /= sum;
        return RF_OK;
    }
    if (rf__parse_double(v, &x)) return rf__tab_err(t, RF_EINVAL, "value", "`%s` is not a number", v);
    if (i == 1 && (x < 1 || x > 20 || x != (int)x))
        return rf__tab_err(t, RF_EINVAL, "value", "closure_years is a whole number from 1 to 20");
    if ((i == 2 || i == 4) && (x < -0.5 || x > 1))
        return rf__tab_err(t, RF_EINVAL, "value", "a rate within [-0.5, 1]");
    if (i == 3 && (x < RF_DATA_YEAR_MIN || x > 2024 || x != (int)x))
        return rf__tab_err(t, RF_EINVAL, "value", "a year within %d..2024", RF_DATA_YEAR_MIN);
    if (i == 1) p->closure_years = (int)x;
    if (i == 2) p->inuse_history_growth = x;
    if (i == 3) p->inuse_history_start = (int)x;
    if (i >= 5 && i <= 7 && (x < 0 || x > 1)) return rf__tab_err(t, RF_EINVAL, "value", "a share within [0, 1]");
    /* Large enough to be above Clp's tolerances, small enough not to be read:
     * a tie-break past 1e-3 would move prices by more than a rounding. */
    if (i == 8 && (x < 0 || x > 1e-3)) return rf__tab_err(t, RF_EINVAL, "value", "a share within [0, 0.001]");
    if (i == 9 && (x < 0 || x > 1)) return rf__tab_err(t, RF_EINVAL, "value", "tonnes within [0, 1]");
    if (i == 8) p->tie_break = x;
    if (i == 9) p->price_probe_t = x;
    if (i == 4) p->government_discount_rate = x;
    if (i == 5) p->contract_share = x;
    if (i == 6) p->inventory_capital_rate = x;
    if (i == 7) p->inventory_storage_share = x;
    return RF_OK;
}

static rf_status load_parameters(rf__source *src, rf_world *w, rf_err *err)
{
    /* The defaults, when parameters.csv or one of its keys is absent (docs/data-format.md). */
    rf_sim_params *p = &w->params;
    p->expectation_weights[0] = 0.5;
    p->expectation_weights[1] = 0.3;
    p->expectation_weights[2] = 0.2;
    p->nweights = 3;
    p->closure_years = 3;
    p->inuse_history_growth = 0.08;
    p->inuse_history_start = 1995;
    p->government_discount_rate = 0.02;
    p->contract_share = 0.0;
    p->inventory_capital_rate = 0.08;
    p->inventory_storage_share = 0.02;
    p->tie_break = 0.0;
    p->price_probe_t = 0.0;
    static const char *const cols[] = {"key", "value", "source", NULL};
    rf__tab t;
    unsigned seen = 0;
    rf_status st = rf__open_optional(src, "parameters.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++)
        if (!(st = rf__need_source(&t))) st = param_row(&t, p, &seen);
    rf__csv_free(t.csv);
    return st;
}

/* Every facility's project, or -1. */
static rf_status index_projects(rf_world *w, rf_err *err)
{
    w->project_of = malloc((size_t)(w->nfacilities + 1) * sizeof *w->project_of);
    if (!w->project_of) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int f = 0; f < w->nfacilities; f++) w->project_of[f] = -1;
    for (int i = 0; i < w->nprojects; i++) w->project_of[w->projects[i].facility] = i;
    return RF_OK;
}

rf_status rf__dataset_load_years(rf__source *src, rf_world *w, rf_err *err)
{
    rf_status st = load_projects(src, w, err);
    if (st == RF_OK) st = load_candidates(src, w, err);
    if (st == RF_OK) st = load_growth(src, w, err);
    if (st == RF_OK) st = load_price_paths(src, w, err);
    if (st == RF_OK) st = load_finance(src, w, err);
    if (st == RF_OK) st = load_lifetimes(src, w, err);
    if (st == RF_OK) st = load_substitution(src, w, err);
    if (st == RF_OK) st = load_parameters(src, w, err);
    if (st == RF_OK) st = index_projects(w, err);
    return st;
}
