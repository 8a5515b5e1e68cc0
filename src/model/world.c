/*
 * world.c: lookups and the derived quantities of a world that every layer
 * shares: trade-rule matching, capacity tranches and demand steps.
 *
 * Tranches and demand steps are computed here, not stored, so that a
 * scenario's factor scales them the same way everywhere.  The forms follow
 * the calibration study (shared notes): truncated-linear demand, dense near
 * the reference with a breakpoint at 0.99 q0 and at q0, and default supply
 * tranches whose sizes are offset by about 1% so that supply and demand
 * breakpoints do not coincide (a coincidence makes the price a degenerate
 * dual, anywhere between two steps).
 */
#include "rareflow/world.h"

#include "core/index.h"
#include "core/strutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const stage_names[RF_STAGE_COUNT] = {"mine", "separation", "metal", "magnet",
                                                        "recycling"};
static const char *const stage_result_names[RF_STAGE_COUNT] = {"mining", "separation", "metal",
                                                               "magnet", "recycling"};
static const char *const family_names[RF_FAM_COUNT] = {"concentrate", "oxide", "metal", "magnet",
                                                       "scrap"};

/* Demand breakpoints as multiples of q0 (calibration study, section 2), finer
 * within 5% of q0 so that a small change of demand moves a price by a small
 * step, not a jump (docs/model.md, "The demand curve"; measured in docs/shortrun.md). */
static const double demand_breaks[] = {0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 1.0,
                                       1.005, 1.01, 1.02, 1.03, 1.05, 1.1, 1.2, 1.3, 1.5, 2.0};
#define N_BREAKS ((int)(sizeof demand_breaks / sizeof demand_breaks[0]))

/* Default tranche rule (calibration study, section 4). */
static const double default_share[] = {0.70, 0.20, 0.10};
static const double default_cost[] = {1.00, 1.15, 1.35};
#define TRANCHE_OFFSET 0.013

const char *rf_stage_name(rf_stage stage)
{
    return (int)stage >= 0 && stage < RF_STAGE_COUNT ? stage_names[stage] : "?";
}

const char *rf_stage_result_name(rf_stage stage)
{
    return (int)stage >= 0 && stage < RF_STAGE_COUNT ? stage_result_names[stage] : "?";
}

int rf_stage_from_name(const char *name)
{
    for (int i = 0; i < RF_STAGE_COUNT; i++)
        if (name && strcmp(name, stage_names[i]) == 0) return i;
    return -1;
}

const char *rf_family_name(rf_family fam)
{
    return (int)fam >= 0 && fam < RF_FAM_COUNT ? family_names[fam] : "?";
}

int rf_family_from_name(const char *name)
{
    for (int i = 0; i < RF_FAM_COUNT; i++)
        if (name && strcmp(name, family_names[i]) == 0) return i;
    return -1;
}

/* Linear search: worlds are small (tens of items) and lookups happen at load time. */
#define FIND_BY_ID(arr, n, id)                                         \
    do {                                                               \
        if (!(id)) return -1;                                          \
        for (int i_ = 0; i_ < (n); i_++)                               \
            if (strcmp((arr)[i_].id, (id)) == 0) return i_;            \
        return -1;                                                     \
    } while (0)

int rf_world_region(const rf_world *w, const char *id) { FIND_BY_ID(w->regions, w->nregions, id); }
int rf_world_product(const rf_world *w, const char *id) { FIND_BY_ID(w->products, w->nproducts, id); }
int rf_world_facility(const rf_world *w, const char *id)
{
    FIND_BY_ID(w->facilities, w->nfacilities, id);
}
int rf_world_element(const rf_world *w, const char *id) { FIND_BY_ID(w->elements, w->nelements, id); }

int rf_world_has_sector(const rf_world *w, const char *sector)
{
    for (int d = 0; sector && d < w->ndemand; d++)
        if (strcmp(w->demand[d].sector, sector) == 0) return 1;
    return 0;
}

/* Specificity of a matching rule (higher wins), or -1 when it does not match. */
static int rule_score(const rf_trade_rule *r, int from, int to, int product, int family)
{
    int s = 0;
    if (r->from >= 0) {
        if (r->from != from) return -1;
        s += 4;
    }
    if (r->to >= 0) {
        if (r->to != to) return -1;
        s += 4;
    }
    if (r->product >= 0) {
        if (r->product != product) return -1;
        s += 2;
    } else if (r->family >= 0) {
        if (r->family != family) return -1;
        s += 1;
    }
    return s;
}

/* The rule scan behind rf_world_arc_cost: -1 when no rule matches. */
static double scan_arc_cost(const rf_world *w, int from, int to, int product);

/* A rule with its specificity (rule_score's weights), for sorting. */
typedef struct ranked {
    int score, index;
} ranked;

/* Rules ordered by specificity, then by row: painting them in this order
 * leaves on every arc the rule rf_world_arc_cost's scan would pick. */
static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

int rf_world_index_arcs(rf_world *w)
{
    size_t nr = (size_t)w->nregions, np = (size_t)w->nproducts, n = nr * nr * np;
    double *c = malloc((n ? n : 1) * sizeof *c);
    ranked *order = malloc((size_t)(w->ntrade + 1) * sizeof *order);
    rf__index seen = {0};
    int nu = 0, failed = !c || !order;
    /* Of rules with the same pattern only the last row can ever win: keep one, so
     * that painting costs at most 12 visits per arc (2 x 2 x 3 patterns match one
     * arc), however many rules a dataset repeats. */
    for (int i = w->ntrade - 1; !failed && i >= 0; i--) {
        const rf_trade_rule *t = &w->trade[i];
        char key[64];
        snprintf(key, sizeof key, "%d %d %d %d", t->from, t->to, t->product, t->family);
        if (rf__index_get(&seen, key) >= 0) continue;
        if (rf__index_put(&seen, key, i)) failed = 1;
        else order[nu++] = (ranked){4 * (t->from >= 0) + 4 * (t->to >= 0) +
                                        (t->product >= 0 ? 2 : t->family >= 0 ? 1 : 0), i};
    }
    rf__index_free(&seen);
    if (failed) {
        free(c);
        free(order);
        return -1;
    }
    for (size_t i = 0; i < n; i++) c[i] = -1.0;
    qsort(order, (size_t)nu, sizeof *order, by_rank);
    for (int k = 0; k < nu; k++) {
        const rf_trade_rule *t = &w->trade[order[k].index];
        for (int r = t->from >= 0 ? t->from : 0; r < (t->from >= 0 ? t->from + 1 : (int)nr); r++)
            for (int s2 = t->to >= 0 ? t->to : 0; s2 < (t->to >= 0 ? t->to + 1 : (int)nr); s2++) {
                if (r == s2) continue;
                for (int p = t->product >= 0 ? t->product : 0; p < (t->product >= 0 ? t->product + 1 : (int)np); p++)
                    if (t->product >= 0 || t->family < 0 || (int)w->products[p].family == t->family)
                        c[((size_t)r * nr + (size_t)s2) * np + (size_t)p] = t->cost_usd_per_kg;
            }
    }
    free(order);
    free(w->arc_cost);
    w->arc_cost = c;
    return 0;
}

int rf_world_arc_cost(const rf_world *w, int from, int to, int product, double *cost)
{
    if (from == to || product < 0 || product >= w->nproducts || from < 0 || to < 0 ||
        from >= w->nregions || to >= w->nregions)
        return 0;
    double c = w->arc_cost ? w->arc_cost[((size_t)from * (size_t)w->nregions + (size_t)to) *
                                             (size_t)w->nproducts + (size_t)product]
                           : scan_arc_cost(w, from, to, product);
    if (c < 0.0) return 0;
    if (cost) *cost = c;
    return 1;
}

static double scan_arc_cost(const rf_world *w, int from, int to, int product)
{
    int family = (int)w->products[product].family;
    int best = -1, best_score = -1;
    for (int i = 0; i < w->ntrade; i++) {
        int s = rule_score(&w->trade[i], from, to, product, family);
        /* Ties go to the later row, so a dataset can refine a rule below it. */
        if (s >= 0 && s >= best_score) {
            best = i;
            best_score = s;
        }
    }
    return best < 0 ? -1.0 : w->trade[best].cost_usd_per_kg;
}

int rf_world_tranches(const rf_world *w, int f, double cap_factor, double *size_out,
                      double *cost_out)
{
    const rf_facility *fac = &w->facilities[f];
    double cap = fac->capacity_t * cap_factor;
    if (fac->ntranches > 0) {
        int n = fac->ntranches < RF_MAX_TRANCHES ? fac->ntranches : RF_MAX_TRANCHES;
        for (int i = 0; i < n; i++) {
            size_out[i] = cap * fac->tranches[i].share;
            cost_out[i] = fac->unit_cost_usd_per_kg * fac->tranches[i].cost_factor;
        }
        return n;
    }
    double delta = TRANCHE_OFFSET * (1.0 + 0.01 * (double)(f % 100));
    for (int i = 0; i < 3; i++) {
        double share = default_share[i];
        if (i == 0) share += delta;
        if (i == 1) share -= delta;
        size_out[i] = cap * share;
        cost_out[i] = fac->unit_cost_usd_per_kg * default_cost[i];
    }
    return 3;
}

/* Inverse demand: truncated-linear through (q0, p0), capped at the choke, floored at 0. */
static double inverse_demand(const rf_demand *d, double q0, double q)
{
    double p = d->ref_price_usd_per_kg * (1.0 + (q / q0 - 1.0) / d->elasticity);
    if (p > d->choke_usd_per_kg) p = d->choke_usd_per_kg;
    return p > 0.0 ? p : 0.0;
}

int rf_world_demand_steps(const rf_world *w, int di, double factor, double *width_t, double *wtp,
                          double *end_t)
{
    const rf_demand *d = &w->demand[di];
    double q0 = d->ref_qty_t * factor;
    int n = 0;
    if (!(q0 > 0.0)) return 0;
    double prev = 0.0;
    for (int i = 0; i < N_BREAKS && n < RF_MAX_DEMAND_STEPS; i++) {
        double end = demand_breaks[i] * q0;
        double p = inverse_demand(d, q0, 0.5 * (prev + end));
        if (p <= 0.0) break; /* the curve only falls from here on */
        width_t[n] = end - prev;
        wtp[n] = p;
        end_t[n] = end;
        n++;
        prev = end;
    }
    return n;
}

int rf_world_facility_active(const rf_world *w, int f, int year)
{
    const rf_facility *fac = &w->facilities[f];
    /* Closed and idle plants do not run whatever their dates say; a generic
     * candidate runs only where the simulation built it. */
    if (strcmp(fac->status, "closed") == 0 || strcmp(fac->status, "idle") == 0 ||
        strcmp(fac->status, "candidate") == 0)
        return 0;
    /* A project (projects.csv) runs once built: outside a simulation, only one
     * decided before the run, from its arrival, for its life. */
    int p = w->project_of ? w->project_of[f] : -1;
    if (p >= 0) {
        const rf_project *pj = &w->projects[p];
        int arrives = pj->decided_year + pj->lead_time_years;
        return pj->decided_year && !pj->generic && year >= arrives && year < arrives + pj->life_years;
    }
    if (fac->start_year > 0 && year < fac->start_year) return 0;
    if (fac->end_year > 0 && year > fac->end_year) return 0;
    return 1;
}

double rf_world_netback(const rf_world *w, int f)
{
    const rf_facility *fac = &w->facilities[f];
    double best = -HUGE_VAL;
    for (int k = 0; k < fac->nrecipes; k++) {
        const rf_recipe *r = &w->recipes[fac->recipes[k]];
        double v = -r->extra_cost_usd_per_kg;
        for (int i = 0; i < r->nout; i++) v += r->out[i].qty * w->ref_price[r->out[i].product];
        for (int i = 0; i < r->nin; i++) v -= r->in[i].qty * w->ref_price[r->in[i].product];
        if (v > best) best = v;
    }
    return best;
}

rf_status rf_world_check_merit(const rf_world *w, int ref_year, int year, rf_err *err)
{
    if (!w->has_ref_prices) return RF_OK;
    for (int f = 0; f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        if (!rf_world_facility_active(w, f, year) || !rf_world_facility_active(w, f, ref_year) ||
            fac->capacity_t <= 0.0)
            continue;
        /* A plant held by a contract in the reference year ran by it, not by merit:
         * its cost is its real one and its gap a result, then and after. */
        if (fac->contract_t > 0.0 && ref_year <= fac->contract_to) continue;
        double size[RF_MAX_TRANCHES], cost[RF_MAX_TRANCHES];
        int n = rf_world_tranches(w, f, 1.0, size, cost);
        double top = 0.0;
        for (int t = 0; t < n; t++)
            if (cost[t] > top) top = cost[t];
        double nb = rf_world_netback(w, f);
        /* A tolerance of a thousandth of a cent keeps rounding in the CSV from failing a
         * plant that sits exactly on the rule. */
        if (top > nb + 1e-5) {
            char *path = rf__path_join(w->dir, "facilities.csv");
            rf_err_set(err, RF_EINVAL, path, fac->line, "unit_cost_usd_per_kg",
                       "facility `%s` runs in %d but its top tranche costs %.4g USD/kg, above "
                       "its netback of %.4g at the reference prices (prices.csv)",
                       fac->id, year, top, nb);
            free(path);
            return RF_EINVAL;
        }
    }
    return RF_OK;
}

/* ---------- the years ---------- */

/* Specificity of growth rule g for demand row d, or -1 when it does not match. */
static int growth_score(const rf_world *w, const rf_growth_rule *g, const rf_demand *dm)
{
    int s = 0;
    if (g->region >= 0) {
        if (g->region != dm->region) return -1;
        s += 4;
    }
    if (g->sector) {
        if (strcmp(g->sector, dm->sector) != 0) return -1;
        s += 2;
    }
    if (g->product >= 0) {
        if (g->product != dm->product) return -1;
        s += 1;
    }
    (void)w;
    return s;
}

double rf_world_growth(const rf_world *w, int d, int base_year, int year)
{
    double f = 1.0;
    const rf_demand *dm = &w->demand[d];
    for (int y = base_year + 1; y <= year; y++) {
        int best = -1, best_score = -1;
        for (int i = 0; i < w->ngrowth; i++) {
            const rf_growth_rule *g = &w->growth[i];
            if (y < g->from_year || y > g->to_year) continue;
            int sc = growth_score(w, g, dm);
            /* Ties go to the later row, as with trade rules. */
            if (sc >= 0 && sc >= best_score) best = i, best_score = sc;
        }
        if (best >= 0) f *= 1.0 + w->growth[best].rate;
    }
    return f;
}

rf_finance_terms rf_world_finance(const rf_world *w, int r)
{
    rf_finance_terms t = {-1, 0.08, 0.25, 0.0, 10, 0};
    for (int i = 0; i < w->nfinance; i++)
        if (w->finance[i].region == -1) t = w->finance[i];
    for (int i = 0; i < w->nfinance; i++)
        if (w->finance[i].region == r && r >= 0) t = w->finance[i];
    return t;
}

/* The path of (product, region) exactly: linear between its points, flat beyond. */
static int path_of(const rf_world *w, int product, int region, int year, double *usd)
{
    const rf_price_point *lo = NULL, *hi = NULL;
    for (int i = 0; i < w->nprice_path; i++) {
        const rf_price_point *p = &w->price_path[i];
        if (p->product != product || p->region != region) continue;
        if (p->year <= year && (!lo || p->year >= lo->year)) lo = p;
        if (p->year >= year && (!hi || p->year <= hi->year)) hi = p;
    }
    if (!lo && !hi) return 0;
    if (!lo) *usd = hi->usd_per_kg;
    else if (!hi || hi->year == lo->year) *usd = lo->usd_per_kg;
    else *usd = lo->usd_per_kg + (hi->usd_per_kg - lo->usd_per_kg) * (double)(year - lo->year) /
                                    (double)(hi->year - lo->year);
    return 1;
}

int rf_world_price_path(const rf_world *w, int product, int region, int year, double *usd)
{
    return path_of(w, product, region, year, usd) || path_of(w, product, -1, year, usd);
}

void rf_world_free(rf_world *w)
{
    if (!w) return;
    for (int i = 0; i < w->nprojects; i++) {
        free(w->projects[i].ramp);
        free(w->projects[i].source);
    }
    free(w->projects);
    free(w->project_of);
    for (int i = 0; i < w->ngrowth; i++) free(w->growth[i].sector);
    free(w->growth);
    free(w->price_path);
    free(w->finance);
    for (int i = 0; i < w->nlifetimes; i++) free(w->lifetimes[i].sector);
    free(w->lifetimes);
    for (int i = 0; i < w->nsubstitution; i++) free(w->substitution[i].sector);
    free(w->substitution);
    free(w->inventories);
    free(w->observed);
    for (int i = 0; i < w->nembedded; i++) free(w->embedded[i].sector);
    free(w->embedded);
    free(w->wgi);
    free(w->si);
    free(w->dir);
    free(w->ref_price);
    free(w->arc_cost);
    for (int i = 0; i < w->nregions; i++) {
        free(w->regions[i].id);
        free(w->regions[i].name);
        free(w->regions[i].source);
    }
    free(w->regions);
    for (int i = 0; i < w->nelements; i++) {
        free(w->elements[i].id);
        free(w->elements[i].name);
        free(w->elements[i].source);
    }
    free(w->elements);
    for (int i = 0; i < w->nores; i++) {
        free(w->ores[i].id);
        free(w->ores[i].pct);
    }
    free(w->ores);
    for (int i = 0; i < w->nproducts; i++) {
        free(w->products[i].id);
        free(w->products[i].unit);
        free(w->products[i].content);
        free(w->products[i].source);
    }
    free(w->products);
    for (int i = 0; i < w->nrecipes; i++) {
        free(w->recipes[i].id);
        free(w->recipes[i].in);
        free(w->recipes[i].out);
    }
    free(w->recipes);
    for (int i = 0; i < w->nfacilities; i++) {
        rf_facility *f = &w->facilities[i];
        free(f->id);
        free(f->name);
        free(f->operator_name);
        free(f->status);
        free(f->recipes);
        free(f->tranches);
        free(f->source);
    }
    free(w->facilities);
    for (int i = 0; i < w->ndemand; i++) {
        free(w->demand[i].sector);
        free(w->demand[i].source);
    }
    free(w->demand);
    free(w->trade);
    free(w);
}
