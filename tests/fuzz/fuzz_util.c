/*
 * fuzz_util.c: the invariants of fuzz_util.h.
 *
 * Tolerances: numbers that come out of the LP (flows, shares) may miss their
 * bound by rounding, so they are compared with TOL; numbers that come from
 * the input (limits, counts) are compared exactly.
 */
#include "fuzz_util.h"

#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "rareflow/limits.h"

#define TOL 1e-6

/* ---- helpers ---------------------------------------------------------- */

int rf_fuzz_utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned cp, min;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1f, min = 0x80;
        else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0f, min = 0x800;
        else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07, min = 0x10000;
        else return 0;
        if (n - i < len) return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + k] & 0x3fu);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
        i += len;
    }
    return 1;
}

/* A string field of an error record ends within its buffer. */
static int terminated(const char *buf, size_t size)
{
    return memchr(buf, '\0', size) != NULL;
}

/* An id as world.h and limits.h describe ids: 1..RF_MAX_ID_BYTES bytes of
 * UTF-8, no control character (bytes 0x01-0x1f and 0x7f). */
static void check_id(const char *what, int i, const char *id)
{
    RF_FUZZ_CHECK(id != NULL, "%s %d has no id", what, i);
    size_t n = strlen(id);
    RF_FUZZ_CHECK(n >= 1 && n <= RF_MAX_ID_BYTES, "%s %d: id of %zu bytes", what, i, n);
    RF_FUZZ_CHECK(rf_fuzz_utf8_ok((const unsigned char *)id, n), "%s %d: id is not UTF-8", what, i);
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)id[k];
        RF_FUZZ_CHECK(c >= 0x20 && c != 0x7f, "%s %d: id `%s` has control byte 0x%02x", what, i, id,
                      c);
    }
}

static void check_idlist(const rf_idlist *l, int policy, const char *what)
{
    RF_FUZZ_CHECK(l->n >= 0 && l->n <= RF_MAX_LIST_IDS, "policy %d: %s has %d ids", policy, what,
                  l->n);
    RF_FUZZ_CHECK(l->n == 0 || l->ids != NULL, "policy %d: %s has %d ids and no array", policy,
                  what, l->n);
    for (int i = 0; i < l->n; i++) check_id(what, i, l->ids[i]);
}

/* A number of the scenario within [lo, hi] (finite).  `absent` is the value
 * the reader leaves when the key is not given (-1 for "none"), or NAN when
 * every value must be in range. */
static void check_num(double v, double lo, double hi, double absent, int policy, const char *what)
{
    if (!isnan(absent) && v == absent) return;
    RF_FUZZ_CHECK(isfinite(v) && v >= lo && v <= hi, "policy %d: %s = %g outside [%g, %g]", policy,
                  what, v, lo, hi);
}

/* ---- status ------------------------------------------------------------ */

void rf_fuzz_check_status(const char *what, rf_status st, const rf_err *err)
{
    RF_FUZZ_CHECK((int)st >= 0 && st < RF_STATUS_COUNT, "%s returned the unknown status %d", what,
                  (int)st);
    if (st == RF_OK) return;
    RF_FUZZ_CHECK(err->code == st, "%s returned %s but its error record says %s", what,
                  rf_status_str(st), rf_status_str(err->code));
    RF_FUZZ_CHECK(terminated(err->file, sizeof err->file) && terminated(err->field, sizeof err->field) &&
                      terminated(err->msg, sizeof err->msg),
                  "%s: an unterminated field in the error record", what);
    RF_FUZZ_CHECK(err->msg[0] != '\0', "%s returned %s without a message", what, rf_status_str(st));
    RF_FUZZ_CHECK(err->line >= 0, "%s: line %d", what, err->line);
    /* README: bad input exits 2 with a message that names file, line and field. */
    RF_FUZZ_CHECK(!rf_status_is_input(st) || err->file[0] != '\0',
                  "%s: the input error `%s` names no file", what, err->msg);
}

void rf_fuzz_check_warnings(const rf_warnings *warn)
{
    RF_FUZZ_CHECK(warn->n >= 0 && warn->n <= RF_WARNINGS_MAX && warn->dropped >= 0,
                  "%d warnings kept, %d dropped", warn->n, warn->dropped);
    for (int i = 0; i < warn->n; i++) {
        const rf_err *w = &warn->items[i];
        RF_FUZZ_CHECK(w->code == RF_OK, "warning %d has code %s", i, rf_status_str(w->code));
        RF_FUZZ_CHECK(terminated(w->msg, sizeof w->msg) && w->msg[0], "warning %d has no message", i);
    }
}

/* ---- scenario ---------------------------------------------------------- */

static void check_policy(const rf_policy *p, int i)
{
    RF_FUZZ_CHECK((int)p->kind >= 0 && p->kind < RF_POL_KIND_COUNT, "policy %d: kind %d", i,
                  (int)p->kind);
    RF_FUZZ_CHECK(p->from < p->to, "policy %d: active over [%g, %g)", i, p->from, p->to);
    RF_FUZZ_CHECK(p->line >= 1, "policy %d: line %d", i, p->line);
    check_idlist(&p->origins, i, "origins");
    check_idlist(&p->dests, i, "dests");
    check_idlist(&p->products, i, "products");
    check_idlist(&p->demand_spec, i, "demand_spec");
    check_idlist(&p->exclude, i, "exclude");
    check_idlist(&p->members, i, "members");
    check_idlist(&p->sectors, i, "sectors");
    if (p->facility) check_id("facility", i, p->facility);
    if (p->stage) check_id("stage", i, p->stage);
    if (p->sector) check_id("sector", i, p->sector);
    if (p->payer) check_id("payer", i, p->payer);
    if (p->name) {
        size_t n = strlen(p->name);
        RF_FUZZ_CHECK(n >= 1 && n <= RF_MAX_NAME_BYTES, "policy %d: name of %zu bytes", i, n);
    }
    check_num(p->rate, 0, RF_MAX_TARIFF_RATE, NAN, i, "rate");
    check_num(p->specific, 0, RF_MAX_PRICE_USD_PER_KG, NAN, i, "specific");
    check_num(p->quota_t, 0, RF_MAX_QTY_T, NAN, i, "quota_t");
    check_num(p->share, 0, 1, NAN, i, "share");
    check_num(p->factor, 0, RF_MAX_FACTOR, NAN, i, "factor");
    check_num(p->price, 0, RF_MAX_PRICE_USD_PER_KG, -1.0, i, "price");
    check_num(p->volume_t, 0, RF_MAX_QTY_T, -1.0, i, "volume_t");
    check_num(p->upside_share, 0, 1, NAN, i, "upside_share");
    check_num(p->collection_rate, 0, 1, NAN, i, "collection_rate");
    check_num(p->initial_t, 0, RF_MAX_QTY_T, NAN, i, "initial_t");
    check_num(p->target_t, 0, RF_MAX_QTY_T, NAN, i, "target_t");
    check_num(p->fill_price, 0, RF_MAX_PRICE_USD_PER_KG, NAN, i, "fill_price");
    check_num(p->fill_rate_t, 0, RF_MAX_QTY_T, NAN, i, "fill_rate_t");
    check_num(p->release_price, 0, RF_MAX_PRICE_USD_PER_KG, NAN, i, "release_price");
    check_num(p->release_rate_t, 0, RF_MAX_QTY_T, NAN, i, "release_rate_t");
    /* The investment levers (scenario.h; ranges of limits.h, money kept in USD). */
    check_idlist(&p->projects, i, "projects");
    check_idlist(&p->stages, i, "stages");
    for (int k = 0; k < p->stages.n; k++)
        RF_FUZZ_CHECK(!strcmp(p->stages.ids[k], "*") || rf_stage_from_name(p->stages.ids[k]) >= 0,
                      "policy %d: stage `%s` accepted", i, p->stages.ids[k]);
    check_num(p->amount_usd, 0, RF_MAX_MUSD * 1e6, NAN, i, "amount_usd");
    check_num(p->loan_rate, 0, 1, NAN, i, "loan_rate");
    check_num(p->market_rate, 0, 1, -1.0, i, "market_rate");
    check_num(p->ebitda_usd, 0, RF_MAX_MUSD * 1e6, NAN, i, "ebitda_usd");
    check_num(p->cut_years, 0, RF_MAX_TERM_YEARS, NAN, i, "cut_years");
    check_num(p->cut_share, 0, 1, NAN, i, "cut_share");
    check_num(p->capex_premium, 0, RF_MAX_COST_FACTOR, NAN, i, "capex_premium");
    check_num(p->delay_years, 0, RF_MAX_TERM_YEARS, NAN, i, "delay_years");
    check_num(p->ramp_stretch, 1, RF_MAX_RAMP_STRETCH, NAN, i, "ramp_stretch");
    RF_FUZZ_CHECK(p->tenor_years >= 0 && p->tenor_years <= RF_MAX_TERM_YEARS && p->grace_years >= 0 &&
                      (p->kind != RF_POL_LOAN || (p->tenor_years >= 1 && p->grace_years < p->tenor_years)),
                  "policy %d: tenor %d, grace %d", i, p->tenor_years, p->grace_years);
    RF_FUZZ_CHECK(p->years >= 0 && p->years <= RF_MAX_TERM_YEARS &&
                      (p->kind != RF_POL_GUARANTEE || p->years >= 1),
                  "policy %d: %d years", i, p->years);
    RF_FUZZ_CHECK(!(p->cut_years != 0.0 && p->cut_share != 0.0),
                  "policy %d: both cut_years %g and cut_share %g", i, p->cut_years, p->cut_share);
}

void rf_fuzz_check_scenario(const rf_scenario *sc)
{
    RF_FUZZ_CHECK(sc->file && sc->name && sc->name[0], "scenario without a file or a name");
    RF_FUZZ_CHECK(sc->nyears >= 1 && sc->years, "scenario with %d years", sc->nyears);
    for (int i = 0; i < sc->nyears; i++) {
        RF_FUZZ_CHECK(sc->years[i] >= RF_YEAR_MIN && sc->years[i] <= RF_YEAR_MAX, "year %d",
                      sc->years[i]);
        RF_FUZZ_CHECK(i == 0 || sc->years[i] > sc->years[i - 1], "years %d then %d",
                      sc->years[i > 0 ? i - 1 : 0], sc->years[i]);
    }
    RF_FUZZ_CHECK(sc->ndemand >= 0 && sc->ncapacity >= 0 &&
                      sc->ndemand + sc->ncapacity <= RF_MAX_OVERRIDES,
                  "%d demand and %d capacity overrides", sc->ndemand, sc->ncapacity);
    for (int i = 0; i < sc->ndemand; i++) {
        const rf_demand_override *d = &sc->demand[i];
        check_id("demand.region", i, d->region);
        check_id("demand.sector", i, d->sector);
        if (d->product) check_id("demand.product", i, d->product);
        RF_FUZZ_CHECK(isfinite(d->factor) && d->factor >= 0 && d->factor <= RF_MAX_FACTOR,
                      "demand override %d: factor %g", i, d->factor);
    }
    for (int i = 0; i < sc->ncapacity; i++) {
        const rf_capacity_override *c = &sc->capacity[i];
        check_id("capacity.facility", i, c->facility);
        RF_FUZZ_CHECK(isfinite(c->factor) && c->factor >= 0 && c->factor <= RF_MAX_FACTOR,
                      "capacity override %d: factor %g", i, c->factor);
    }
    RF_FUZZ_CHECK(sc->npolicies >= 0 && sc->npolicies <= RF_MAX_LEVERS, "%d levers", sc->npolicies);
    for (int i = 0; i < sc->npolicies; i++) check_policy(&sc->policies[i], i);
}

/* ---- world ------------------------------------------------------------- */

static void check_counts(const rf_world *w)
{
    RF_FUZZ_CHECK(w->nregions >= 0 && w->nregions <= RF_MAX_REGIONS, "%d regions", w->nregions);
    RF_FUZZ_CHECK(w->nelements >= 0 && w->nelements <= RF_MAX_ELEMENTS, "%d elements", w->nelements);
    RF_FUZZ_CHECK(w->nores >= 0 && w->nores <= RF_MAX_ORES, "%d ores", w->nores);
    RF_FUZZ_CHECK(w->nproducts >= 0 && w->nproducts <= RF_MAX_PRODUCTS, "%d products", w->nproducts);
    RF_FUZZ_CHECK(w->nrecipes >= 0 && w->nrecipes <= RF_MAX_RECIPES, "%d recipes", w->nrecipes);
    RF_FUZZ_CHECK(w->nfacilities >= 0 && w->nfacilities <= RF_MAX_FACILITIES, "%d facilities",
                  w->nfacilities);
    RF_FUZZ_CHECK(w->ndemand >= 0 && w->ndemand <= RF_MAX_DEMAND_ROWS, "%d demand rows", w->ndemand);
    RF_FUZZ_CHECK(w->ntrade >= 0 && w->ntrade <= RF_MAX_TRADE_RULES, "%d trade rules", w->ntrade);
    double arcs = (double)w->nregions * (double)w->nregions * (double)w->nproducts;
    RF_FUZZ_CHECK(arcs <= RF_MAX_ARCS, "%g arcs", arcs);
}

/* Every id of a table is valid and its lookup finds that very row (so ids
 * are unique). */
static void check_ids(const rf_world *w)
{
    for (int i = 0; i < w->nregions; i++) {
        check_id("region", i, w->regions[i].id);
        RF_FUZZ_CHECK(rf_world_region(w, w->regions[i].id) == i, "region `%s` found elsewhere",
                      w->regions[i].id);
    }
    for (int i = 0; i < w->nelements; i++) {
        check_id("element", i, w->elements[i].id);
        RF_FUZZ_CHECK(rf_world_element(w, w->elements[i].id) == i, "element `%s` found elsewhere",
                      w->elements[i].id);
    }
    for (int i = 0; i < w->nproducts; i++) {
        check_id("product", i, w->products[i].id);
        RF_FUZZ_CHECK(rf_world_product(w, w->products[i].id) == i, "product `%s` found elsewhere",
                      w->products[i].id);
    }
    for (int i = 0; i < w->nfacilities; i++) {
        check_id("facility", i, w->facilities[i].id);
        RF_FUZZ_CHECK(rf_world_facility(w, w->facilities[i].id) == i, "facility `%s` found elsewhere",
                      w->facilities[i].id);
    }
    for (int i = 0; i < w->nores; i++) check_id("ore", i, w->ores[i].id);
    for (int i = 0; i < w->nrecipes; i++) check_id("recipe", i, w->recipes[i].id);
    for (int i = 0; i < w->ndemand; i++) check_id("demand sector", i, w->demand[i].sector);
}

static void check_flows(const rf_world *w, int r, const rf_flow *f, int n, const char *what)
{
    RF_FUZZ_CHECK(n >= 0 && (n == 0 || f), "recipe %d: %d %s", r, n, what);
    for (int k = 0; k < n; k++) {
        RF_FUZZ_CHECK(f[k].product >= 0 && f[k].product < w->nproducts, "recipe %d: %s product %d", r,
                      what, f[k].product);
        RF_FUZZ_CHECK(isfinite(f[k].qty) && f[k].qty > 0, "recipe %d: %s qty %g", r, what, f[k].qty);
    }
}

static void check_products(const rf_world *w)
{
    for (int i = 0; i < w->nores; i++) {
        double sum = 0;
        for (int e = 0; e < w->nelements; e++) {
            RF_FUZZ_CHECK(isfinite(w->ores[i].pct[e]) && w->ores[i].pct[e] >= 0, "ore %d: pct %g", i,
                          w->ores[i].pct[e]);
            sum += w->ores[i].pct[e];
        }
        RF_FUZZ_CHECK(fabs(sum - 100) <= 0.5 + TOL, "ore `%s`: basket sums to %g", w->ores[i].id, sum);
    }
    for (int i = 0; i < w->nproducts; i++) {
        const rf_product *p = &w->products[i];
        RF_FUZZ_CHECK((int)p->family >= 0 && p->family < RF_FAM_COUNT, "product %d: family %d", i,
                      (int)p->family);
        RF_FUZZ_CHECK(p->ore >= -1 && p->ore < w->nores, "product %d: ore %d", i, p->ore);
        RF_FUZZ_CHECK(isfinite(p->reo_factor) && p->reo_factor >= 0, "product %d: reo_factor %g", i,
                      p->reo_factor);
        double sum = 0;
        for (int e = 0; e < w->nelements; e++) {
            RF_FUZZ_CHECK(isfinite(p->content[e]) && p->content[e] >= 0, "product %d: content %g", i,
                          p->content[e]);
            sum += p->content[e];
        }
        RF_FUZZ_CHECK(sum == 0 || fabs(sum - 1) <= 0.005 + TOL, "product `%s`: content sums to %g",
                      p->id, sum);
    }
    for (int r = 0; r < w->nrecipes; r++) {
        check_flows(w, r, w->recipes[r].in, w->recipes[r].nin, "inputs");
        check_flows(w, r, w->recipes[r].out, w->recipes[r].nout, "outputs");
        double x = w->recipes[r].extra_cost_usd_per_kg;
        RF_FUZZ_CHECK(isfinite(x) && x >= 0 && x <= RF_MAX_PRICE_USD_PER_KG, "recipe %d: extra cost %g",
                      r, x);
    }
}

static void check_facilities(const rf_world *w)
{
    int nfr = 0;
    for (int i = 0; i < w->nfacilities; i++) {
        const rf_facility *f = &w->facilities[i];
        RF_FUZZ_CHECK(f->region >= 0 && f->region < w->nregions, "facility %d: region %d", i,
                      f->region);
        RF_FUZZ_CHECK(isfinite(f->capacity_t) && f->capacity_t >= 0 && f->capacity_t <= RF_MAX_QTY_T,
                      "facility `%s`: capacity %g", f->id, f->capacity_t);
        RF_FUZZ_CHECK(isfinite(f->unit_cost_usd_per_kg) && f->unit_cost_usd_per_kg >= 0 &&
                          f->unit_cost_usd_per_kg <= RF_MAX_PRICE_USD_PER_KG,
                      "facility `%s`: unit cost %g", f->id, f->unit_cost_usd_per_kg);
        RF_FUZZ_CHECK(f->nrecipes >= 0 && (f->nrecipes == 0 || f->recipes), "facility %d: %d recipes",
                      i, f->nrecipes);
        for (int k = 0; k < f->nrecipes; k++)
            RF_FUZZ_CHECK(f->recipes[k] >= 0 && f->recipes[k] < w->nrecipes, "facility %d: recipe %d",
                          i, f->recipes[k]);
        RF_FUZZ_CHECK(f->recipe_offset == nfr, "facility %d: recipe offset %d, expected %d", i,
                      f->recipe_offset, nfr);
        nfr += f->nrecipes;
        RF_FUZZ_CHECK(f->ntranches >= 0 && f->ntranches <= RF_MAX_TRANCHES, "facility %d: %d tranches",
                      i, f->ntranches);
        for (int k = 0; k < f->ntranches; k++) {
            const rf_tranche *t = &f->tranches[k];
            RF_FUZZ_CHECK(isfinite(t->share) && t->share > 0 && t->share <= 1, "facility `%s`: share %g",
                          f->id, t->share);
            RF_FUZZ_CHECK(isfinite(t->cost_factor) && t->cost_factor > 0 &&
                              t->cost_factor <= RF_MAX_COST_FACTOR,
                          "facility `%s`: cost factor %g", f->id, t->cost_factor);
        }
    }
    RF_FUZZ_CHECK(w->nfac_recipes == nfr, "nfac_recipes %d, the facilities have %d", w->nfac_recipes,
                  nfr);
}

static void check_demand_trade(const rf_world *w)
{
    for (int i = 0; i < w->ndemand; i++) {
        const rf_demand *d = &w->demand[i];
        RF_FUZZ_CHECK(d->region >= 0 && d->region < w->nregions, "demand %d: region %d", i, d->region);
        RF_FUZZ_CHECK(d->product >= 0 && d->product < w->nproducts, "demand %d: product %d", i,
                      d->product);
        RF_FUZZ_CHECK(isfinite(d->ref_qty_t) && d->ref_qty_t > 0 && d->ref_qty_t <= RF_MAX_QTY_T,
                      "demand %d: q0 %g", i, d->ref_qty_t);
        RF_FUZZ_CHECK(isfinite(d->ref_price_usd_per_kg) && d->ref_price_usd_per_kg > 0 &&
                          d->ref_price_usd_per_kg <= RF_MAX_PRICE_USD_PER_KG,
                      "demand %d: p0 %g", i, d->ref_price_usd_per_kg);
        RF_FUZZ_CHECK(isfinite(d->elasticity) && d->elasticity < 0, "demand %d: elasticity %g", i,
                      d->elasticity);
        RF_FUZZ_CHECK(isfinite(d->choke_usd_per_kg) && d->choke_usd_per_kg >= d->ref_price_usd_per_kg &&
                          d->choke_usd_per_kg <= RF_MAX_PRICE_USD_PER_KG,
                      "demand %d: choke %g (p0 %g)", i, d->choke_usd_per_kg, d->ref_price_usd_per_kg);
    }
    for (int i = 0; i < w->ntrade; i++) {
        const rf_trade_rule *t = &w->trade[i];
        RF_FUZZ_CHECK(t->from >= -1 && t->from < w->nregions && t->to >= -1 && t->to < w->nregions,
                      "trade rule %d: from %d to %d", i, t->from, t->to);
        RF_FUZZ_CHECK(t->product >= -1 && t->product < w->nproducts && t->family >= -1 &&
                          t->family < RF_FAM_COUNT,
                      "trade rule %d: product %d family %d", i, t->product, t->family);
        RF_FUZZ_CHECK(isfinite(t->cost_usd_per_kg) && t->cost_usd_per_kg >= 0 &&
                          t->cost_usd_per_kg <= RF_MAX_PRICE_USD_PER_KG,
                      "trade rule %d: cost %g", i, t->cost_usd_per_kg);
    }
    for (int i = 0; w->ref_price && i < w->nproducts; i++)
        RF_FUZZ_CHECK(isfinite(w->ref_price[i]) && w->ref_price[i] >= 0 &&
                          w->ref_price[i] <= RF_MAX_PRICE_USD_PER_KG,
                      "product %d: reference price %g", i, w->ref_price[i]);
}

void rf_fuzz_check_world(const rf_world *w)
{
    check_counts(w);
    check_ids(w);
    check_products(w);
    check_facilities(w);
    check_demand_trade(w);
}

/* ---- a solved year ----------------------------------------------------- */

static void check_values(const double *v, int n, double lo, double hi, const char *what)
{
    for (int i = 0; v && i < n; i++)
        RF_FUZZ_CHECK(isfinite(v[i]) && v[i] >= lo && v[i] <= hi, "%s[%d] = %g outside [%g, %g]", what,
                      i, v[i], lo, hi);
}

static void check_optimal(const rf_world *w, const rf_year_result *yr)
{
    int nr = w->nregions, np = w->nproducts;
    RF_FUZZ_CHECK(isfinite(yr->objective), "objective %g", yr->objective);
    for (int i = 0; i < yr->nprices; i++) {
        const rf_price *p = &yr->prices[i];
        RF_FUZZ_CHECK(p->region >= 0 && p->region < nr && p->product >= 0 && p->product < np,
                      "price %d: region %d product %d", i, p->region, p->product);
        RF_FUZZ_CHECK(isfinite(p->usd_per_kg) && (!p->has_export || isfinite(p->export_usd_per_kg)),
                      "price %d: %g (export %g)", i, p->usd_per_kg, p->export_usd_per_kg);
    }
    for (int i = 0; i < yr->nproduction; i++)
        RF_FUZZ_CHECK(yr->production[i].facility >= 0 && yr->production[i].facility < w->nfacilities &&
                          yr->production[i].product >= 0 && yr->production[i].product < np &&
                          isfinite(yr->production[i].t),
                      "production %d: facility %d product %d t %g", i, yr->production[i].facility,
                      yr->production[i].product, yr->production[i].t);
    for (int i = 0; i < yr->ntrade; i++) {
        const rf_trade_flow *t = &yr->trade[i];
        RF_FUZZ_CHECK(t->from >= 0 && t->from < nr && t->to >= 0 && t->to < nr && t->product >= 0 &&
                          t->product < np && isfinite(t->t) && t->t >= -TOL,
                      "trade %d: %d -> %d product %d t %g", i, t->from, t->to, t->product, t->t);
    }
    for (int i = 0; i < yr->ndisposal; i++)
        RF_FUZZ_CHECK(isfinite(yr->disposal[i].t), "disposal %d: %g", i, yr->disposal[i].t);
    check_values(yr->activity, w->nfac_recipes, -TOL, HUGE_VAL, "activity");
    check_values(yr->activity_compliant, w->nfac_recipes, -TOL, HUGE_VAL, "activity_compliant");
    /* limits.h: RF_MAX_QTY_T bounds "any tonnage, given or after factors". */
    check_values(yr->ref_t, w->ndemand, 0, RF_MAX_QTY_T, "ref_t");
    check_values(yr->served_t, w->ndemand, -TOL, HUGE_VAL, "served_t");
    check_values(yr->shortage_t, w->ndemand, -TOL, HUGE_VAL, "shortage_t");
    check_values(yr->response_t, w->ndemand, -HUGE_VAL, HUGE_VAL, "response_t");
    for (int i = 0; i < yr->nshares; i++)
        RF_FUZZ_CHECK(isfinite(yr->shares[i].t) && yr->shares[i].share >= -TOL &&
                          yr->shares[i].share <= 1 + TOL,
                      "share %d: %g (t %g)", i, yr->shares[i].share, yr->shares[i].t);
    for (int i = 0; i < yr->nhhi; i++)
        RF_FUZZ_CHECK(yr->hhi[i].value >= -TOL && yr->hhi[i].value <= 10000 + TOL &&
                          isfinite(yr->hhi[i].total_t),
                      "hhi %d: %g", i, yr->hhi[i].value);
    for (int i = 0; i < yr->nelem_shares; i++)
        RF_FUZZ_CHECK(isfinite(yr->elem_shares[i].t) && yr->elem_shares[i].share >= -TOL &&
                          yr->elem_shares[i].share <= 1 + TOL,
                      "element share %d: %g", i, yr->elem_shares[i].share);
    for (int i = 0; i < yr->nelem_hhi; i++)
        RF_FUZZ_CHECK(yr->elem_hhi[i].value >= -TOL && yr->elem_hhi[i].value <= 10000 + TOL,
                      "element hhi %d: %g", i, yr->elem_hhi[i].value);
    for (int i = 0; i < yr->ntop3; i++)
        RF_FUZZ_CHECK(yr->top3[i].share >= -TOL && yr->top3[i].share <= 1 + TOL, "top3 %d: %g", i,
                      yr->top3[i].share);
    /* Apparent consumption is positive on every row, so reliance is a finite number
     * (at most 1 up to solver dust, negative for a net exporter). */
    for (int i = 0; i < yr->nimport_reliance; i++)
        RF_FUZZ_CHECK(isfinite(yr->import_reliance[i].share) && yr->import_reliance[i].consumption_t > 0,
                      "import reliance %d: %g of %g t", i, yr->import_reliance[i].share,
                      yr->import_reliance[i].consumption_t);
    check_values(yr->limit_dual, yr->nlimits, -TOL, HUGE_VAL, "limit_dual");
    check_values(yr->extra_t, yr->nextra, -HUGE_VAL, HUGE_VAL, "extra_t");
    check_values(yr->tariff_revenue, nr, -HUGE_VAL, HUGE_VAL, "tariff_revenue");
    if (yr->export_tax_revenue) check_values(yr->export_tax_revenue, nr, -HUGE_VAL, HUGE_VAL, "export_tax_revenue");
    for (int i = 0; i < yr->nquota_rent; i++)
        RF_FUZZ_CHECK(yr->quota_rent[i].policy && isfinite(yr->quota_rent[i].usd_per_kg) &&
                          yr->quota_rent[i].usd_per_kg >= -TOL,
                      "quota rent %d: %g", i, yr->quota_rent[i].usd_per_kg);
    for (int i = 0; i < yr->ngovernment_cost; i++)
        RF_FUZZ_CHECK(isfinite(yr->government_cost[i].usd), "government cost %d: %g", i,
                      yr->government_cost[i].usd);
    for (int i = 0; i < yr->nstockpile; i++)
        RF_FUZZ_CHECK(isfinite(yr->stockpile[i].t) && yr->stockpile[i].t >= -TOL, "stock %d: %g", i,
                      yr->stockpile[i].t);
    for (int i = 0; i < yr->npolicies_active; i++)
        RF_FUZZ_CHECK(yr->policies_active[i] != NULL, "policies_active[%d] is NULL", i);
}

void rf_fuzz_check_year(const rf_world *w, const rf_year_result *yr, int year)
{
    RF_FUZZ_CHECK(yr->status >= RF_YEAR_NOT_RUN && yr->status <= RF_YEAR_NOT_CONVERGED, "status %d",
                  (int)yr->status);
    RF_FUZZ_CHECK(yr->status != RF_YEAR_NOT_RUN, "a solve that returned RF_OK left the year not run");
    RF_FUZZ_CHECK(yr->year == year, "the result is of year %d, the solve was of %d", yr->year, year);
    if (yr->status == RF_YEAR_OPTIMAL) {
        check_optimal(w, yr);
        return;
    }
    /* results.h: a year that is not optimal carries no numbers (all counts 0). */
    RF_FUZZ_CHECK(yr->nprices == 0 && yr->nproduction == 0 && yr->ntrade == 0 && yr->ndisposal == 0 &&
                      yr->nshares == 0 && yr->nhhi == 0 && yr->nelem_shares == 0 && yr->nelem_hhi == 0 &&
                      yr->ntop3 == 0 && yr->nimport_reliance == 0,
                  "a %s year has numbers (%d prices, %d flows)", rf_year_status_str(yr->status),
                  yr->nprices, yr->ntrade);
}

void rf_fuzz_check_strings(const rf_results *res)
{
    size_t total = res->scenario ? strlen(res->scenario) : 0;
    for (int y = 0; y < res->nyears; y++) {
        const rf_year_result *yr = &res->years[y];
        for (int i = 0; i < yr->npolicies_active; i++) total += strlen(yr->policies_active[i]);
        for (int i = 0; i < yr->ngovernment_cost; i++)
            if (yr->government_cost[i].policy) total += strlen(yr->government_cost[i].policy);
        for (int i = 0; yr->variant_names && i < yr->nvariant_names; i++)
            if (yr->variant_names[i]) total += strlen(yr->variant_names[i]);
    }
    RF_FUZZ_CHECK(total < ((size_t)-1) / 2, "strings of %zu bytes", total);
}
