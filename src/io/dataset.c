/*
 * dataset.c: reads a dataset folder (the CSV tables of docs/data-format.md)
 * into an rf_world, resolving every cross-reference to an index and checking
 * every rule the format states.  The first error stops the load and names
 * `file:line: field`.
 *
 * Tables are read in dependency order: regions, elements, baskets (ores),
 * products, recipes, facilities, demand, trade.  Separation recipes written
 * as `separate concentrate:X recovery` are expanded here into the ore basket
 * times the recovery, each element to the separated oxide holding it: that is
 * bookkeeping of element mass, not economics.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "core/index.h"
#include "core/strutil.h"
#include "io/csv.h"
#include "io/read.h"
#include "rareflow/limits.h"
#include "rareflow/io.h"

#include "io/table.h"

#define BASKET_TOL 0.5

/* ---------- tables ---------- */

static rf_status load_regions(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"id", "name", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_table(src, "regions.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t))) break;
        if (rf_world_region(w, rf__fld(&t, "id")) >= 0) {
            st = rf__tab_err(&t, RF_EINVAL, "id", "duplicate region `%s`", rf__fld(&t, "id"));
            break;
        }
        if ((st = rf__too_many(&t, w->nregions, RF_MAX_REGIONS, "regions", "RF_MAX_REGIONS"))) break;
        rf_region *r = GROW(w->regions, w->nregions);
        if (!r) { st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory"); break; }
        r->line = rf__line_of(&t);
        if ((st = rf__get_ident(&t, "id", &r->id)) || (st = rf__get_text(&t, "name", &r->name)) ||
            (st = rf__get_text(&t, "source", &r->source)))
            break;
    }
    if (st == RF_OK && w->nregions == 0)
        st = rf_err_set(err, RF_EINVAL, t.csv->path, 0, NULL, "no regions");
    rf__csv_free(t.csv);
    return st;
}

static rf_status load_elements(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"id", "name", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_table(src, "elements.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t))) break;
        if (rf_world_element(w, rf__fld(&t, "id")) >= 0) {
            st = rf__tab_err(&t, RF_EINVAL, "id", "duplicate element `%s`", rf__fld(&t, "id"));
            break;
        }
        if ((st = rf__too_many(&t, w->nelements, RF_MAX_ELEMENTS, "elements", "RF_MAX_ELEMENTS"))) break;
        rf_element *e = GROW(w->elements, w->nelements);
        if (!e) { st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory"); break; }
        e->line = rf__line_of(&t);
        if ((st = rf__get_ident(&t, "id", &e->id)) || (st = rf__get_text(&t, "name", &e->name)) ||
            (st = rf__get_text(&t, "source", &e->source)))
            break;
    }
    if (st == RF_OK && w->nelements == 0)
        st = rf_err_set(err, RF_EINVAL, t.csv->path, 0, NULL, "no elements");
    rf__csv_free(t.csv);
    return st;
}

static int find_ore(const rf__source *src, const char *id)
{
    return rf__index_get(&src->ores, id);
}

static rf_status load_baskets(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"ore", "element", "pct", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_table(src, "baskets.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t))) break;
        const char *ore_id = rf__fld(&t, "ore");
        if (!rf__is_ident(ore_id)) { st = rf__tab_err(&t, RF_EINVAL, "ore", "missing or bad ore id"); break; }
        if (strchr(ore_id, '*')) { st = rf__tab_err(&t, RF_EINVAL, "ore", "`*` is the wildcard and cannot be part of an id"); break; }
        int e = rf_world_element(w, rf__fld(&t, "element"));
        if (e < 0) {
            st = rf__tab_err(&t, RF_EINVAL, "element", "unknown element `%s`", rf__fld(&t, "element"));
            break;
        }
        int o = find_ore(src, ore_id);
        if (o < 0) {
            if ((st = rf__too_many(&t, w->nores, RF_MAX_ORES, "ores", "RF_MAX_ORES"))) break;
            if (rf__index_put(&src->ores, ore_id, w->nores)) {
                st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
                break;
            }
            rf_ore *ore = GROW(w->ores, w->nores);
            if (!ore || !(ore->id = rf__strdup(ore_id)) ||
                !(ore->pct = calloc((size_t)w->nelements, sizeof *ore->pct))) {
                st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
                break;
            }
            ore->line = rf__line_of(&t);
            o = w->nores - 1;
        }
        double pct;
        if ((st = rf__get_num(&t, "pct", 1, 0, 0.0, 100.0, &pct))) break;
        /* A basket is read into zeros, so a second row for an element is found by
         * its (ore, element) key: ids hold no blank, so a blank joins them safely. */
        char key[2 * RF_MAX_ID_BYTES + 2];
        snprintf(key, sizeof key, "%s %s", ore_id, w->elements[e].id);
        int first = rf__index_get(&src->baskets, key);
        if (first >= 0) {
            st = rf__tab_err(&t, RF_EINVAL, "element", "duplicate element `%s` in ore `%s` (first at line %d)",
                         w->elements[e].id, ore_id, first);
            break;
        }
        if (rf__index_put(&src->baskets, key, rf__line_of(&t))) {
            st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
            break;
        }
        w->ores[o].pct[e] = pct;
    }
    for (int o = 0; st == RF_OK && o < w->nores; o++) {
        double sum = 0.0;
        for (int e = 0; e < w->nelements; e++) sum += w->ores[o].pct[e];
        if (fabs(sum - 100.0) > BASKET_TOL)
            st = rf_err_set(err, RF_EINVAL, t.csv->path, w->ores[o].line, "pct",
                            "basket of ore `%s` sums to %.3f, not 100 +- %.1f", w->ores[o].id,
                            sum, BASKET_TOL);
    }
    rf__csv_free(t.csv);
    return st;
}

/* Fill content[] of an oxide or metal from its ';'-separated element list. */
static rf_status parse_elements(const rf__tab *t, const rf_world *w, rf_product *p)
{
    const char *s = rf__fld(t, "elements");
    int count = 0;
    char name[64];
    while (*s) {
        size_t n = strcspn(s, ";");
        if (n == 0 || n >= sizeof name) return rf__tab_err(t, RF_EINVAL, "elements", "bad element list");
        memcpy(name, s, n);
        name[n] = '\0';
        int e = rf_world_element(w, name);
        if (e < 0) return rf__tab_err(t, RF_EINVAL, "elements", "unknown element `%s`", name);
        if (p->content[e] > 0.0) return rf__tab_err(t, RF_EINVAL, "elements", "element `%s` listed twice", name);
        p->content[e] = 1.0;
        count++;
        s += n;
        if (*s == ';') s++;
    }
    if (count == 0 && (p->family == RF_FAM_OXIDE || p->family == RF_FAM_METAL))
        return rf__tab_err(t, RF_EINVAL, "elements", "an oxide or metal lists its elements");
    for (int e = 0; e < w->nelements; e++) p->content[e] /= count > 0 ? count : 1;
    return RF_OK;
}

static rf_status load_products(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"id", "family", "unit", "reo_factor", "elements", "ore",
                                       "separated", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_table(src, "products.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t))) break;
        if (rf_world_product(w, rf__fld(&t, "id")) >= 0) {
            st = rf__tab_err(&t, RF_EINVAL, "id", "duplicate product `%s`", rf__fld(&t, "id"));
            break;
        }
        if ((st = rf__too_many(&t, w->nproducts, RF_MAX_PRODUCTS, "products", "RF_MAX_PRODUCTS"))) break;
        /* Per-arc arrays are dense (regions x regions x products): bound their size. */
        if ((long)w->nregions * w->nregions * (w->nproducts + 1) > RF_MAX_ARCS) {
            st = rf__tab_err(&t, RF_EINVAL, NULL, "%d regions squared times %d products exceeds %d arcs "
                         "(RF_MAX_ARCS)", w->nregions, w->nproducts + 1, RF_MAX_ARCS);
            break;
        }
        rf_product *p = GROW(w->products, w->nproducts);
        if (!p || !(p->content = calloc((size_t)w->nelements, sizeof *p->content))) {
            st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
            break;
        }
        p->line = rf__line_of(&t);
        p->ore = -1;
        if ((st = rf__get_ident(&t, "id", &p->id)) || (st = rf__get_text(&t, "unit", &p->unit)) ||
            (st = rf__get_text(&t, "source", &p->source)))
            break;
        int fam = rf_family_from_name(rf__fld(&t, "family"));
        if (fam < 0) {
            st = rf__tab_err(&t, RF_EINVAL, "family", "unknown family `%s` (concentrate, oxide, "
                         "metal, magnet, scrap)", rf__fld(&t, "family"));
            break;
        }
        p->family = (rf_family)fam;
        if ((st = rf__get_num(&t, "reo_factor", 1, 0, 0.0, 10.0, &p->reo_factor))) break;
        double sep;
        if ((st = rf__get_num(&t, "separated", 0, 0, 0.0, 1.0, &sep))) break;
        p->separated = sep > 0.5;
        if (p->separated && p->family != RF_FAM_OXIDE) {
            st = rf__tab_err(&t, RF_EINVAL, "separated", "only an oxide can be a separation output");
            break;
        }
        if (p->family == RF_FAM_CONCENTRATE) {
            p->ore = find_ore(src, rf__fld(&t, "ore"));
            if (p->ore < 0) {
                st = rf__tab_err(&t, RF_EINVAL, "ore", "unknown ore `%s`", rf__fld(&t, "ore"));
                break;
            }
            for (int e = 0; e < w->nelements; e++) p->content[e] = w->ores[p->ore].pct[e] / 100.0;
        } else if ((st = parse_elements(&t, w, p))) {
            break;
        }
    }
    rf__csv_free(t.csv);
    return st;
}

static rf_recipe *find_recipe(const rf__source *src, rf_world *w, const char *id)
{
    int k = rf__index_get(&src->recipes, id);
    return k >= 0 ? &w->recipes[k] : NULL;
}

static rf_status add_flow(rf_flow **arr, int *n, int product, double qty, const rf__tab *t)
{
    for (int i = 0; i < *n; i++)
        if ((*arr)[i].product == product) {
            (*arr)[i].qty += qty;
            return RF_OK;
        }
    if (*n >= RF_MAX_RECIPE_FLOWS)
        return rf__tab_err(t, RF_EINVAL, "product", "more than %d inputs or outputs in one recipe "
                       "(RF_MAX_RECIPE_FLOWS)", RF_MAX_RECIPE_FLOWS);
    rf_flow *f = GROW(*arr, *n);
    if (!f) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    f->product = product;
    f->qty = qty;
    return RF_OK;
}

/* The separated oxide that holds element e, or -1. */
static int separated_oxide(const rf_world *w, int e)
{
    for (int p = 0; p < w->nproducts; p++)
        if (w->products[p].separated && w->products[p].content[e] > 0.0) return p;
    return -1;
}

/* Expand `separate concentrate:X recovery` into its inputs and outputs. */
static rf_status expand_separation(const rf__tab *t, rf_world *w, rf_recipe *r, int product,
                                   double recovery)
{
    const rf_product *c = &w->products[product];
    if (c->family != RF_FAM_CONCENTRATE)
        return rf__tab_err(t, RF_EINVAL, "product", "`separate` needs a concentrate, not `%s`", c->id);
    if (recovery <= 0.0 || recovery > 1.0)
        return rf__tab_err(t, RF_EINVAL, "qty", "recovery %g is not in (0, 1]", recovery);
    rf_status st = add_flow(&r->in, &r->nin, product, 1.0, t);
    for (int e = 0; st == RF_OK && e < w->nelements; e++) {
        double share = w->ores[c->ore].pct[e] / 100.0;
        if (share <= 0.0) continue;
        int ox = separated_oxide(w, e);
        if (ox < 0)
            return rf__tab_err(t, RF_EINVAL, "product", "no separated oxide holds element `%s`",
                           w->elements[e].id);
        st = add_flow(&r->out, &r->nout, ox, share * recovery, t);
    }
    return st;
}

static rf_status recipe_row(rf__source *src, const rf__tab *t, rf_world *w)
{
    const char *id = rf__fld(t, "recipe");
    if (!rf__is_ident(id) || strchr(id, '*'))
        return rf__tab_err(t, RF_EINVAL, "recipe", "missing or bad recipe id");
    rf_recipe *r = find_recipe(src, w, id);
    if (!r) {
        rf_status lim = rf__too_many(t, w->nrecipes, RF_MAX_RECIPES, "recipes", "RF_MAX_RECIPES");
        if (lim) return lim;
        if (rf__index_put(&src->recipes, id, w->nrecipes)) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
        r = GROW(w->recipes, w->nrecipes);
        if (!r || !(r->id = rf__strdup(id))) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
        r->line = rf__line_of(t);
    }
    const char *role = rf__fld(t, "role");
    double qty;
    rf_status st;
    if (strcmp(role, "cost") == 0) {
        if ((st = rf__get_num(t, "qty", 1, 0, 0.0, RF_MAX_PRICE_USD_PER_KG, &qty))) return st;
        r->extra_cost_usd_per_kg += qty;
        if (r->extra_cost_usd_per_kg > RF_MAX_PRICE_USD_PER_KG)
            return rf__tab_err(t, RF_EINVAL, "qty", "the recipe's extra costs add up to more than %g USD/kg "
                           "(RF_MAX_PRICE_USD_PER_KG)", RF_MAX_PRICE_USD_PER_KG);
        return RF_OK;
    }
    int p;
    if ((st = rf__get_product(t, w, "product", &p))) return st;
    if ((st = rf__get_num(t, "qty", 1, 0, 0.0, RF_MAX_FACTOR, &qty))) return st;
    if (qty <= 0.0) return rf__tab_err(t, RF_EINVAL, "qty", "a flow must be positive");
    if (strcmp(role, "in") == 0) st = add_flow(&r->in, &r->nin, p, qty, t);
    else if (strcmp(role, "out") == 0) st = add_flow(&r->out, &r->nout, p, qty, t);
    else if (strcmp(role, "separate") == 0) st = expand_separation(t, w, r, p, qty);
    else return rf__tab_err(t, RF_EINVAL, "role", "unknown role `%s` (in, out, separate, cost)", role);
    /* Rows of one product add up: their sum is bounded as each row is. */
    for (int i = 0; st == RF_OK && i < r->nin + r->nout; i++) {
        const rf_flow *f = i < r->nin ? &r->in[i] : &r->out[i - r->nin];
        if (f->qty > RF_MAX_FACTOR)
            st = rf__tab_err(t, RF_EINVAL, "qty", "the rows of `%s` add up to %g t per unit of activity, above %g "
                         "(RF_MAX_FACTOR)", w->products[f->product].id, f->qty, RF_MAX_FACTOR);
    }
    return st;
}

static rf_status load_recipes(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"recipe", "role", "product", "qty", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_table(src, "recipes.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t))) break;
        st = recipe_row(src, &t, w);
    }
    for (int i = 0; st == RF_OK && i < w->nrecipes; i++)
        if (w->recipes[i].nout == 0)
            st = rf_err_set(err, RF_EINVAL, t.csv->path, w->recipes[i].line, "recipe",
                            "recipe `%s` has no output", w->recipes[i].id);
    rf__csv_free(t.csv);
    return st;
}

/* Parse "share@factor;share@factor" tranches; empty means the default rule. */
static rf_status parse_tranches(const rf__tab *t, rf_facility *f)
{
    const char *s = rf__fld(t, "tranches");
    double total = 0.0;
    while (*s) {
        double share, factor;
        size_t n = strcspn(s, ";");
        char item[64];
        if (n == 0 || n >= sizeof item) return rf__tab_err(t, RF_EINVAL, "tranches", "bad tranche list");
        memcpy(item, s, n);
        item[n] = '\0';
        char *at = strchr(item, '@');
        if (at) *at = '\0';
        /* rf__parse_double, not sscanf: strict, and in the C locale. */
        if (!at || rf__parse_double(item, &share) || rf__parse_double(at + 1, &factor) ||
            !(share > 0.0) || share > 1.0 || !(factor > 0.0) || factor > RF_MAX_COST_FACTOR) {
            if (at) *at = '@';
            return rf__tab_err(t, RF_EINVAL, "tranches",
                           "`%s` is not share@cost_factor with share in (0, 1] and factor in (0, %g] "
                           "(RF_MAX_COST_FACTOR)", item, RF_MAX_COST_FACTOR);
        }
        if (f->ntranches == RF_MAX_TRANCHES)
            return rf__tab_err(t, RF_EINVAL, "tranches", "more than %d tranches", RF_MAX_TRANCHES);
        rf_tranche *tr = GROW(f->tranches, f->ntranches);
        if (!tr) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
        tr->share = share;
        tr->cost_factor = factor;
        total += share;
        s += n;
        if (*s == ';') s++;
    }
    if (f->ntranches > 0 && fabs(total - 1.0) > 1e-6)
        return rf__tab_err(t, RF_EINVAL, "tranches", "tranche shares sum to %g, not 1", total);
    return RF_OK;
}

static rf_status facility_row(rf__source *src, const rf__tab *t, rf_world *w)
{
    int first = rf__index_get(&src->facilities, rf__fld(t, "id"));
    if (first >= 0)
        return rf__tab_err(t, RF_EINVAL, "id", "duplicate facility `%s` (first at line %d)", rf__fld(t, "id"),
                       w->facilities[first].line);
    rf_status lim = rf__too_many(t, w->nfacilities, RF_MAX_FACILITIES, "facilities", "RF_MAX_FACILITIES");
    if (lim) return lim;
    if (rf__index_put(&src->facilities, rf__fld(t, "id"), w->nfacilities))
        return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    rf_facility *f = GROW(w->facilities, w->nfacilities);
    if (!f) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    f->line = rf__line_of(t);
    rf_status st;
    if ((st = rf__get_ident(t, "id", &f->id)) || (st = rf__get_text(t, "name", &f->name)) ||
        (st = rf__get_text(t, "operator", &f->operator_name)) ||
        (st = rf__get_text(t, "status", &f->status)) || (st = rf__get_text(t, "source", &f->source)))
        return st;
    int stage = rf_stage_from_name(rf__fld(t, "stage"));
    if (stage < 0)
        return rf__tab_err(t, RF_EINVAL, "stage", "unknown stage `%s` (mine, separation, metal, "
                       "magnet, recycling)", rf__fld(t, "stage"));
    f->stage = (rf_stage)stage;
    static const char *const statuses[] = {"operating", "construction", "planned", "idle",
                                           "closed", NULL};
    int known = 0;
    for (int i = 0; statuses[i]; i++) known |= strcmp(f->status, statuses[i]) == 0;
    if (!known)
        return rf__tab_err(t, RF_EINVAL, "status", "unknown status `%s` (operating, construction, "
                       "planned, idle, closed)", f->status);
    if ((st = rf__get_region(t, w, "region", 0, &f->region)) ||
        (st = rf__get_year(t, "start_year", &f->start_year)) ||
        (st = rf__get_year(t, "end_year", &f->end_year)) ||
        (st = rf__get_num(t, "capacity_t", 1, 0, 0.0, RF_MAX_QTY_T, &f->capacity_t)) ||
        (st = rf__get_num(t, "unit_cost_usd_per_kg", 1, 0, 0.0, RF_MAX_PRICE_USD_PER_KG, &f->unit_cost_usd_per_kg)) ||
        (st = rf__get_recipes(src, t, w, f)) || (st = parse_tranches(t, f)) ||
        (st = rf__get_num(t, "contract_t", 0, 0.0, 0.0, RF_MAX_QTY_T, &f->contract_t)) ||
        (st = rf__get_year(t, "contract_to", &f->contract_to)))
        return st;
    /* Optional columns: a contract names its volume and its last year, both or neither. */
    if ((f->contract_t > 0.0) != (f->contract_to > 0))
        return rf__tab_err(t, RF_EINVAL, f->contract_t > 0.0 ? "contract_to" : "contract_t",
                           "a contract gives both contract_t and contract_to");
    if (f->contract_t > f->capacity_t * (1.0 + 1e-9))
        return rf__tab_err(t, RF_EINVAL, "contract_t", "the contract's %g t is above the capacity of %g t",
                           f->contract_t, f->capacity_t);
    /* A plant of no size is a mistake, not a plant: one that does not run is `closed` or `idle`. */
    if (!(f->capacity_t > 0.0))
        return rf__tab_err(t, RF_EINVAL, "capacity_t", "must be positive (a facility that does not run "
                       "has the status closed or idle)");
    if (f->end_year > 0 && f->end_year < f->start_year)
        return rf__tab_err(t, RF_EINVAL, "end_year", "end year %d is before start year %d",
                       f->end_year, f->start_year);
    return RF_OK;
}

static rf_status load_facilities(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"id", "name", "stage", "region", "operator", "status",
                                       "start_year", "end_year", "capacity_t",
                                       "unit_cost_usd_per_kg", "recipes", "tranches", "source",
                                       NULL};
    rf__tab t;
    rf_status st = rf__open_table(src, "facilities.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t))) break;
        st = facility_row(src, &t, w);
    }
    rf__csv_free(t.csv);
    return st;
}

static rf_status demand_row(rf__source *src, const rf__tab *t, rf_world *w)
{
    rf_status lim = rf__too_many(t, w->ndemand, RF_MAX_DEMAND_ROWS, "demand rows", "RF_MAX_DEMAND_ROWS");
    if (lim) return lim;
    rf_demand *d = GROW(w->demand, w->ndemand);
    if (!d) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    d->line = rf__line_of(t);
    rf_status st;
    if ((st = rf__get_region(t, w, "region", 0, &d->region)) ||
        (st = rf__get_ident(t, "sector", &d->sector)) ||
        (st = rf__get_product(t, w, "product", &d->product)) ||
        (st = rf__get_text(t, "source", &d->source)) ||
        (st = rf__get_num(t, "ref_qty_t", 1, 0, 0.0, RF_MAX_QTY_T, &d->ref_qty_t)) ||
        (st = rf__get_num(t, "ref_price_usd_per_kg", 1, 0, 0.0, RF_MAX_PRICE_USD_PER_KG, &d->ref_price_usd_per_kg)) ||
        (st = rf__get_num(t, "elasticity", 1, 0, -100.0, 0.0, &d->elasticity)) ||
        (st = rf__get_num(t, "choke_usd_per_kg", 1, 0, 0.0, RF_MAX_PRICE_USD_PER_KG, &d->choke_usd_per_kg)))
        return st;
    if (!(d->ref_qty_t > 0.0)) return rf__tab_err(t, RF_EINVAL, "ref_qty_t", "must be positive");
    if (!(d->ref_price_usd_per_kg > 0.0))
        return rf__tab_err(t, RF_EINVAL, "ref_price_usd_per_kg", "must be positive");
    if (!(d->elasticity < 0.0)) return rf__tab_err(t, RF_EINVAL, "elasticity", "must be negative");
    if (d->choke_usd_per_kg < d->ref_price_usd_per_kg)
        return rf__tab_err(t, RF_EINVAL, "choke_usd_per_kg", "choke %g is below the reference "
                       "price %g", d->choke_usd_per_kg, d->ref_price_usd_per_kg);
    /* One row per (region, sector, product): ids hold no blank, so a blank joins them. */
    char key[3 * RF_MAX_ID_BYTES + 3];
    snprintf(key, sizeof key, "%s %s %s", w->regions[d->region].id, d->sector, w->products[d->product].id);
    int first = rf__index_get(&src->demand, key);
    if (first >= 0)
        return rf__tab_err(t, RF_EINVAL, "sector", "duplicate demand row (first at line %d)", first);
    if (rf__index_put(&src->demand, key, d->line)) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    return RF_OK;
}

static rf_status load_demand(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"region", "sector", "product", "ref_qty_t",
                                       "ref_price_usd_per_kg", "elasticity", "choke_usd_per_kg",
                                       "source", NULL};
    rf__tab t;
    rf_status st = rf__open_table(src, "demand.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t))) break;
        st = demand_row(src, &t, w);
    }
    rf__csv_free(t.csv);
    return st;
}

static rf_status trade_row(const rf__tab *t, rf_world *w)
{
    rf_status lim = rf__too_many(t, w->ntrade, RF_MAX_TRADE_RULES, "trade rules", "RF_MAX_TRADE_RULES");
    if (lim) return lim;
    rf_trade_rule *r = GROW(w->trade, w->ntrade);
    if (!r) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
    r->line = rf__line_of(t);
    r->product = r->family = -1;
    rf_status st;
    if ((st = rf__get_region(t, w, "from", 1, &r->from)) || (st = rf__get_region(t, w, "to", 1, &r->to)) ||
        (st = rf__get_num(t, "cost_usd_per_kg", 1, 0, 0.0, 1e4, &r->cost_usd_per_kg)))
        return st;
    if (r->from >= 0 && r->from == r->to)
        return rf__tab_err(t, RF_EINVAL, "to", "an arc needs two different regions");
    const char *p = rf__fld(t, "product");
    size_t n = strlen(p);
    if (strcmp(p, "*") == 0) return RF_OK;
    if (n > 2 && strcmp(p + n - 2, ":*") == 0) {
        char fam[32];
        if (n - 2 >= sizeof fam) return rf__tab_err(t, RF_EINVAL, "product", "bad family `%s`", p);
        memcpy(fam, p, n - 2);
        fam[n - 2] = '\0';
        r->family = rf_family_from_name(fam);
        if (r->family < 0) return rf__tab_err(t, RF_EINVAL, "product", "unknown family `%s`", fam);
        return RF_OK;
    }
    return rf__get_product(t, w, "product", &r->product);
}

static rf_status load_trade(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"from", "to", "product", "cost_usd_per_kg", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_table(src, "trade.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t))) break;
        st = trade_row(&t, w);
    }
    rf__csv_free(t.csv);
    return st;
}

/* prices.csv is optional: without it the merit check of `data check` has
 * nothing to test and every reference price is 0. */
static rf_status load_prices(rf__source *src, rf_world *w, rf_err *err)
{
    w->ref_price = calloc((size_t)(w->nproducts ? w->nproducts : 1), sizeof *w->ref_price);
    if (!w->ref_price) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    static const char *const cols[] = {"product", "usd_per_kg", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "prices.csv", cols, &t, err);
    if (st != RF_OK || !t.csv) return st;
    char *seen = calloc((size_t)w->nproducts + 1, 1);
    if (!seen) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (t.row = 0; st == RF_OK && t.row < t.csv->nrows; t.row++) {
        int p;
        double v;
        if ((st = rf__need_source(&t)) || (st = rf__get_product(&t, w, "product", &p)) ||
            (st = rf__get_num(&t, "usd_per_kg", 1, 0, 0.0, RF_MAX_PRICE_USD_PER_KG, &v)))
            break;
        if (seen[p]) {
            st = rf__tab_err(&t, RF_EINVAL, "product", "duplicate price for `%s`", w->products[p].id);
            break;
        }
        seen[p] = 1;
        w->ref_price[p] = v;
    }
    free(seen);
    if (st == RF_OK) w->has_ref_prices = 1;
    rf__csv_free(t.csv);
    return st;
}

/* ---------- mass: no recipe puts out more than it takes in ---------- */

/* Relative tolerance of the mass rule: rounding in the CSV, nothing more. */
#define MASS_TOL 1e-9

/* The element group of element e: the separated oxide that holds it (Pr and Nd
 * leave separation together as NdPr, so they are one group), or e itself
 * (offset past the products) when no separated oxide holds it. */
static int group_of(const rf_world *w, int e)
{
    int ox = separated_oxide(w, e);
    return ox >= 0 ? ox : w->nproducts + e;
}

/* t REO-equivalent in one t of product p of the group at column g of `by`
 * (content[p * ncol + g]), or of all rare earths (column ncol - 1).  Magnets
 * count for nothing (their content depends on the recipe that made them, and
 * they are only ever an output); a product with a REO factor but no element
 * list has a known total and an unknown split. */
static double flow_content(const rf_flow *f, int n, const double *content, int ncol, int g)
{
    double c = 0.0;
    for (int i = 0; i < n; i++) c += f[i].qty * content[(size_t)f[i].product * (size_t)ncol + (size_t)g];
    return c;
}

/*
 * The mass rule of docs/data-format.md: a recipe with inputs (every stage
 * but mining) may not put out more REO-equivalent than it takes in, in total
 * or of any element group (the elements separation yields together, such as
 * NdPr), beyond MASS_TOL.  Groups, not single elements, because a mixed
 * product such as oxide:NdPr lists its elements without their split.  A
 * product whose element split is unknown counts as holding none of any
 * group, so a recipe that turns it into separated products is refused: its
 * split must be listed.  Without the rule a recipe could create material and
 * the element balance would still "close" with a negative loss.
 *
 * The groups and every product's content of each are worked out once, so
 * that the rule costs one pass over each recipe's flows per group: asked
 * flow by flow, the group of an element scans every product, and a dataset
 * within the limits took minutes.
 */
static rf_status check_mass(const rf__source *src, const rf_world *w, rf_err *err)
{
    int ne = w->nelements, ng = 0;
    int *col = malloc((size_t)(ne + 1) * sizeof *col);        /* [ne] column of each element's group */
    int *first = malloc((size_t)(ne + 1) * sizeof *first);    /* [groups] an element of each group */
    int *grp = malloc((size_t)(ne + 1) * sizeof *grp);        /* [groups] the group (group_of's value) */
    if (!col || !first || !grp) {
        free(col), free(first), free(grp);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int e = 0; e < ne; e++) {
        int g = group_of(w, e), k = 0;
        while (k < ng && grp[k] != g) k++;
        if (k == ng) grp[ng] = g, first[ng++] = e;
        col[e] = k;
    }
    /* Columns 0..ng-1 are the groups, column ng all rare earths. */
    int ncol = ng + 1;
    double *content = calloc((size_t)w->nproducts * (size_t)ncol + 1, sizeof *content);
    if (!content) {
        free(col), free(first), free(grp);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int p = 0; p < w->nproducts; p++) {
        const rf_product *pr = &w->products[p];
        double *row = &content[(size_t)p * (size_t)ncol];
        for (int e = 0; e < ne; e++) row[col[e]] += pr->content[e];
        for (int j = 0; j < ng; j++) row[j] *= pr->reo_factor;
        row[ng] = pr->reo_factor;
    }
    rf_status st = RF_OK;
    for (int k = 0; st == RF_OK && k < w->nrecipes; k++) {
        const rf_recipe *r = &w->recipes[k];
        if (r->nin == 0) continue;
        /* All rare earths first, then each group in the order of its first element. */
        for (int j = -1; st == RF_OK && j < ng; j++) {
            int c = j < 0 ? ng : j;
            double in = flow_content(r->in, r->nin, content, ncol, c);
            double out = flow_content(r->out, r->nout, content, ncol, c);
            if (out <= in * (1.0 + MASS_TOL) + 1e-12) continue;
            char name[RF_MAX_ID_BYTES + 16];
            if (j < 0) snprintf(name, sizeof name, "rare earths in all");
            else if (grp[j] < w->nproducts) snprintf(name, sizeof name, "the %s group", w->products[grp[j]].id);
            else snprintf(name, sizeof name, "%s", w->elements[first[j]].id);
            char *path = rf__path_join(src->dir, "recipes.csv");
            st = rf_err_set(err, RF_EINVAL, path, r->line, "qty",
                            "recipe `%s` puts out %.6g t REO-eq of %s per unit of activity but takes in only "
                            "%.6g: no recipe may create mass (docs/data-format.md, the mass rule)",
                            r->id, out, name, in);
            free(path);
        }
    }
    free(col), free(first), free(grp), free(content);
    return st;
}

/* Cross-table rules that need every table: each element of each ore must
 * have a separated oxide only if some recipe separates it (checked there);
 * here, that every separated element maps to exactly one oxide. */
static rf_status check_separated(const rf__source *src, const rf_world *w, rf_err *err)
{
    for (int e = 0; e < w->nelements; e++) {
        int first = -1;
        for (int p = 0; p < w->nproducts; p++) {
            if (!w->products[p].separated || w->products[p].content[e] <= 0.0) continue;
            if (first >= 0) {
                char *path = rf__path_join(src->dir, "products.csv");
                rf_err_set(err, RF_EINVAL, path, w->products[p].line, "separated",
                           "element `%s` is already a separation output of `%s`",
                           w->elements[e].id, w->products[first].id);
                free(path);
                return RF_EINVAL;
            }
            first = p;
        }
    }
    return RF_OK;
}

/* The default reader: files in a folder, bounded by RF_MAX_CSV_BYTES. */
static rf_status read_file_table(void *ctx, const char *path, char **text, size_t *len,
                                 int *absent, rf_err *err)
{
    (void)ctx;
    rf_status st = rf__read_file(path, RF_MAX_CSV_BYTES, "RF_MAX_CSV_BYTES", text, len, err);
    struct stat sb;
    if (st != RF_OK && stat(path, &sb) != 0 && errno == ENOENT) *absent = 1;
    return st;
}

rf_status rf_dataset_load(const char *dir, rf_world **out, rf_err *err)
{
    return rf_dataset_load_with(dir, read_file_table, NULL, out, err);
}

rf_status rf_dataset_load_with(const char *dir, rf_table_reader read, void *ctx, rf_world **out,
                               rf_err *err)
{
    *out = NULL;
    if (!dir || !read) return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_dataset_load_with: dir and read are required");
    rf__source s = {dir, read, ctx, {0}, {0}, {0}, {0}, {0}}, *src = &s;
    rf_world *w = calloc(1, sizeof *w);
    if (!w || !(w->dir = rf__strdup(dir))) {
        rf_world_free(w);
        return rf_err_set(err, RF_ENOMEM, dir, 0, NULL, "out of memory");
    }
    rf_status st = load_regions(src, w, err);
    if (st == RF_OK) st = load_elements(src, w, err);
    if (st == RF_OK) st = load_baskets(src, w, err);
    if (st == RF_OK) st = load_products(src, w, err);
    if (st == RF_OK) st = check_separated(src, w, err);
    if (st == RF_OK) st = load_recipes(src, w, err);
    if (st == RF_OK) st = check_mass(src, w, err);
    if (st == RF_OK) st = load_facilities(src, w, err);
    if (st == RF_OK) st = load_demand(src, w, err);
    if (st == RF_OK) st = load_trade(src, w, err);
    if (st == RF_OK) st = load_prices(src, w, err);
    if (st == RF_OK) st = rf__dataset_load_years(src, w, err);
    if (st == RF_OK) st = rf__dataset_load_shortrun(src, w, err);
    if (st == RF_OK) st = rf__dataset_load_risk(src, w, err);
    if (st == RF_OK && rf_world_index_arcs(w) != 0) st = rf_err_set(err, RF_ENOMEM, dir, 0, NULL, "out of memory");
    rf__index_free(&s.ores);
    rf__index_free(&s.recipes);
    rf__index_free(&s.facilities);
    rf__index_free(&s.demand);
    rf__index_free(&s.baskets);
    if (st != RF_OK) {
        rf_world_free(w);
        return st;
    }
    *out = w;
    return RF_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

rf_status rf_dataset_fingerprint(const char *dir, char *out, size_t size, rf_err *err)
{
    DIR *d = opendir(dir);
    if (!d) return rf_err_set(err, RF_ENOENT, dir, 0, NULL, "cannot open the dataset folder");
    char **names = NULL;
    int n = 0, cap = 0;
    rf_status st = RF_OK;
    for (struct dirent *e; st == RF_OK && (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            char **g = realloc(names, (size_t)cap * sizeof *g);
            if (!g) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
            else names = g;
        }
        if (st == RF_OK && !(names[n++] = rf__strdup(e->d_name))) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    closedir(d);
    /* The tables in name order, each name then its bytes. */
    if (st == RF_OK) qsort(names, (size_t)n, sizeof *names, by_name);
    /* FNV-1a from this start since the first recorded runs: a fingerprint
     * (rf__fnv1a), not a defence against tampering. */
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; st == RF_OK && i < n; i++) {
        char *path = rf__path_join(dir, names[i]), *text = NULL;
        size_t len = 0;
        if (!path) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        else st = rf__read_file(path, RF_MAX_CSV_BYTES, "RF_MAX_CSV_BYTES", &text, &len, err);
        if (st == RF_OK) h = rf__fnv1a(rf__fnv1a(h, names[i], strlen(names[i]) + 1), text, len);
        free(text);
        free(path);
    }
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
    if (st == RF_OK) snprintf(out, size, "%s fnv1a:%016llx (%d tables)", dir, (unsigned long long)h, n);
    return st;
}

rf_status rf_read_text(const char *path, char **text, rf_err *err)
{
    size_t len = 0;
    return rf__read_file(path, RF_MAX_SCENARIO_BYTES, "RF_MAX_SCENARIO_BYTES", text, &len, err);
}

rf_status rf_read_asset(const char *path, char **text, rf_err *err)
{
    size_t len = 0;
    return rf__read_file(path, RF_MAX_ASSET_BYTES, "RF_MAX_ASSET_BYTES", text, &len, err);
}
