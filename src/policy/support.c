/*
 * support.c: the levers by which a government pays for a supply chain:
 * price floors with a top-up, offtakes, strategic stockpiles.
 *
 * Price floor.  A producer whose cost is below the floor, paid the
 * difference between the floor and the market price on what it sells, runs
 * at its capacity (or its volume cap): the floor is a lower bound on its
 * activity, and the government's cost is computed afterwards as
 * (floor - price) x quantity, with the price at the plant gate.  This
 * assumes the producer's whole basket pays at the floor (true of MP's NdPr
 * at 110 USD/kg); a producer for which it does not would need an iteration,
 * which is not done.  A share of the upside above the floor that goes to the
 * payer (the DoD's 30%) is reported as a cash flow back to it (a negative
 * cost); it does not enter the LP.
 *
 * Offtake.  The buyer takes a share of the facility's output whatever the
 * market does: the facility runs at least at that share of its capacity and
 * the volume leaves the buyer's use pool as a fixed withdrawal.  The report
 * is what the buyer paid at the contract price against the market value of
 * the volume (a government's cost when the buyer is one).
 *
 * Stockpile.  Filling is a demand step at the fill price, bounded by the
 * fill rate and the room below the target; a release is a supply tranche at
 * the trigger price, bounded by the release rate and the stock.  The stock
 * carries to the next year of the run and is never negative.  Its cost is
 * the purchases less the sales, at the market price of the year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "policy/levers.h"
#include "policy/select.h"
#include "rareflow/policy.h"

/* t of product p per t of activity of facility f (its best recipe for p), or 0. */
static double output_per_activity(const rf_world *w, int f, int p)
{
    double best = 0.0;
    const rf_facility *fac = &w->facilities[f];
    for (int k = 0; k < fac->nrecipes; k++) {
        const rf_recipe *r = &w->recipes[fac->recipes[k]];
        for (int i = 0; i < r->nout; i++)
            if (r->out[i].product == p && r->out[i].qty > best) best = r->out[i].qty;
    }
    return best;
}

static const char *label(const rf_policy *p)
{
    return p->name ? p->name : rf_policy_kind_name(p->kind);
}

static rf_status add_cost(const rf_world *w, rf_year_result *out, int region, const char *policy,
                          double usd, int facility, rf_err *err)
{
    rf_gov_cost *g = realloc(out->government_cost, (size_t)(out->ngovernment_cost + 1) * sizeof *g);
    if (!g) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    (void)w;
    out->government_cost = g;
    /* The results own the name: they may outlive the scenario. */
    char *name = rf__strdup(policy);
    if (!name) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    g[out->ngovernment_cost++] = (rf_gov_cost){region, name, usd, facility};
    return RF_OK;
}

/* The price of p in r: the plant gate when r makes it, else the local price. */
static double price_in(const rf_year_result *out, int r, int p, int gate)
{
    for (int i = 0; i < out->nprices; i++)
        if (out->prices[i].region == r && out->prices[i].product == p && !out->prices[i].variant)
            return gate && out->prices[i].has_export ? out->prices[i].export_usd_per_kg
                                                     : out->prices[i].usd_per_kg;
    return 0.0;
}

static double produced(const rf_year_result *out, int f, int p)
{
    double t = 0.0;
    for (int i = 0; i < out->nproduction; i++)
        if (out->production[i].facility == f && out->production[i].product == p) t += out->production[i].t;
    return t;
}

/* ---------- validation shared by the three ---------- */

static rf_status check_product(const rf_policy *p, const rf_world *w, const char *file, const char *sec,
                               int *prod, rf_err *err)
{
    char field[64];
    snprintf(field, sizeof field, "%s.product", sec);
    *prod = rf_world_product(w, p->products.ids[0]);
    if (*prod < 0) return rf_err_set(err, RF_EINVAL, file, p->line, field, "unknown product `%s`", p->products.ids[0]);
    return RF_OK;
}

static rf_status check_facility_output(const rf_policy *p, const rf_world *w, const char *file,
                                       const char *sec, rf_err *err)
{
    char field[64];
    int prod, f = rf_world_facility(w, p->facility ? p->facility : "");
    snprintf(field, sizeof field, "%s.facility", sec);
    if (f < 0) return rf_err_set(err, RF_EINVAL, file, p->line, field, "unknown facility `%s`", p->facility);
    rf_status st = check_product(p, w, file, sec, &prod, err);
    if (st != RF_OK) return st;
    if (output_per_activity(w, f, prod) <= 0.0) {
        snprintf(field, sizeof field, "%s.product", sec);
        return rf_err_set(err, RF_EINVAL, file, p->line, field, "facility `%s` does not make `%s`",
                          p->facility, p->products.ids[0]);
    }
    const char *who = p->payer ? p->payer : "";
    snprintf(field, sizeof field, "%s.%s", sec, p->kind == RF_POL_FLOOR ? "payer" : "buyer");
    if (rf_world_region(w, who) < 0) return rf_err_set(err, RF_EINVAL, file, p->line, field, "unknown region `%s`", who);
    return RF_OK;
}

/* ---------- price floor ---------- */

static rf_status validate_floor(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    return check_facility_output(p, w, file, "price_floors", err);
}

static rf_status apply_floor(const rf_policy *p, int index, const rf_world *w, double frac,
                             const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)index, (void)state, (void)err;
    int f = rf_world_facility(w, p->facility), prod = rf_world_product(w, p->products.ids[0]);
    double cap = w->facilities[f].capacity_t * in->cap_factor[f];
    double full = cap;
    if (p->volume_t >= 0.0) {
        /* The cap is t/yr, a rate like the activity bound it sets, in a window too. */
        double per = output_per_activity(w, f, prod);
        if (p->volume_t / per < full) full = p->volume_t / per;
    }
    /* In force over a share of the year, the floor holds that share of the output;
     * whether it holds at all is decided against a pre-solve by the runner. */
    rf_floor_cond *fc = realloc(in->floors, (size_t)(in->nfloors + 1) * sizeof *fc);
    if (!fc) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    in->floors = fc;
    in->floors[in->nfloors++] = (rf_floor_cond){f, prod, p->price, frac * full, 0, index};
    return RF_OK;
}

static rf_status report_floor(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                              const rf_policy_state *state, rf_year_result *out, rf_err *err)
{
    (void)state;
    for (int i = 0; i < sc->npolicies; i++) {
        const rf_policy *p = &sc->policies[i];
        double frac = rf__window_fraction(p, in);
        if (p->kind != RF_POL_FLOOR || frac <= 0.0) continue;
        int f = rf_world_facility(w, p->facility), prod = rf_world_product(w, p->products.ids[0]);
        int binding = 0;
        for (int k = 0; k < in->nfloors; k++) binding |= in->floors[k].policy == i && in->floors[k].binding;
        double q = frac * produced(out, f, prod);
        /* `out` holds the window's quantities: the cap of the window is its share of the year's. */
        double cap_t = frac * p->volume_t * rf__period_share(in);
        if (p->volume_t >= 0.0 && q > cap_t) q = cap_t;
        double gap = p->price - price_in(out, w->facilities[f].region, prod, 1);
        /* Below the market a floor tops up nothing; above it, the payer's share of the
         * upside (the DoD's 30%) is a cash flow back to it, not a term of the LP. */
        double usd = binding && gap > 0.0 ? gap * q * 1000.0 : gap < 0.0 ? p->upside_share * gap * q * 1000.0 : 0.0;
        rf_status st = add_cost(w, out, rf_world_region(w, p->payer), label(p), usd, f, err);
        if (st != RF_OK) return st;
    }
    return RF_OK;
}

/* ---------- offtake ---------- */

static rf_status validate_offtake(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    return check_facility_output(p, w, file, "offtakes", err);
}

static rf_status apply_offtake(const rf_policy *p, int index, const rf_world *w, double frac,
                               const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    int f = rf_world_facility(w, p->facility), prod = rf_world_product(w, p->products.ids[0]);
    double act = frac * p->share * w->facilities[f].capacity_t * in->cap_factor[f];
    if (act > in->min_activity[f]) in->min_activity[f] = act;
    rf_extra_col *c = rf_year_input_add_col(in);
    if (!c) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    c->region = rf_world_region(w, p->payer);
    c->product = prod;
    c->sign = -1;
    c->cost = 0.0; /* a fixed withdrawal: the buyer takes it whatever the price */
    c->lo = c->up = act * output_per_activity(w, f, prod);
    c->policy = index;
    return RF_OK;
}

static rf_status report_offtake(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                                const rf_policy_state *state, rf_year_result *out, rf_err *err)
{
    (void)state;
    for (int i = 0; i < in->nextra; i++) {
        /* Columns no lever owns (end-of-life scrap of the simulation) have policy -1. */
        if (in->extra[i].policy < 0 || in->extra[i].policy >= sc->npolicies) continue;
        const rf_policy *p = &sc->policies[in->extra[i].policy];
        if (p->kind != RF_POL_OFFTAKE) continue;
        double q = out->extra_t[i], market = price_in(out, in->extra[i].region, in->extra[i].product, 0);
        double contract = p->price >= 0.0 ? p->price : market;
        /* What the buyer pays above (or below) the market value of the volume. */
        rf_status st = add_cost(w, out, in->extra[i].region, label(p), (contract - market) * q * 1000.0,
                                rf_world_facility(w, p->facility), err);
        if (st != RF_OK) return st;
    }
    return RF_OK;
}

/* ---------- stockpile ---------- */

static rf_status validate_stockpile(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    int prod;
    rf_status st = check_product(p, w, file, "stockpiles", &prod, err);
    if (st == RF_OK && (p->origins.n != 1 || rf_world_region(w, p->origins.ids[0]) < 0))
        st = rf_err_set(err, RF_EINVAL, file, p->line, "stockpiles.region", "names one known region");
    if (st == RF_OK && p->release_price < p->fill_price)
        st = rf_err_set(err, RF_EINVAL, file, p->line, "stockpiles.release_price",
                        "release price %g is below the fill price %g", p->release_price, p->fill_price);
    return st;
}

static rf_status apply_stockpile(const rf_policy *p, int index, const rf_world *w, double frac,
                                 const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    double stock = state ? state->stock_t[index] : p->initial_t;
    int r = rf_world_region(w, p->origins.ids[0]), prod = rf_world_product(w, p->products.ids[0]);
    /* The columns are rates (t/yr); the window lasts `per` of a year, so its
     * room and stock bound the rate at room / per and stock / per. */
    double room = p->target_t - stock, per = rf__period_share(in);
    for (int side = 0; side < 2; side++) {
        rf_extra_col *c = rf_year_input_add_col(in);
        if (!c) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        c->region = r;
        c->product = prod;
        c->policy = index;
        if (side == 0) { /* fill: a demand step at the fill price */
            c->sign = -1;
            c->cost = -p->fill_price;
            double most = room > 0.0 ? room / per : 0.0;
            c->up = frac * (p->fill_rate_t < most ? p->fill_rate_t : most);
        } else {         /* release: a supply tranche at the trigger price */
            c->sign = 1;
            c->cost = p->release_price;
            double most = stock / per;
            c->up = frac * (p->release_rate_t < most ? p->release_rate_t : most);
        }
    }
    return RF_OK;
}

/* The stock at the end of the year: what it held, plus fills, less releases.
 * Columns come in pairs: the fill at i, the release at i + 1. */
static double stock_after(const rf_scenario *sc, const rf_year_input *in, const rf_policy_state *state,
                          const rf_year_result *out, int i)
{
    int k = in->extra[i].policy;
    double fill = out->extra_t[i], release = out->extra_t[i + 1];
    double stock = (state ? state->stock_t[k] : sc->policies[k].initial_t) + fill - release;
    return stock < 0.0 ? 0.0 : stock; /* only rounding can make it negative */
}

static int is_stockpile_fill(const rf_scenario *sc, const rf_year_input *in, int i)
{
    int k = in->extra[i].policy;
    return k >= 0 && k < sc->npolicies && sc->policies[k].kind == RF_POL_STOCKPILE && in->extra[i].sign < 0 &&
           i + 1 < in->nextra;
}

static rf_status report_stockpile(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                                  const rf_policy_state *state, rf_year_result *out, rf_err *err)
{
    for (int i = 0; i < in->nextra; i++) {
        if (!is_stockpile_fill(sc, in, i)) continue;
        const rf_policy *p = &sc->policies[in->extra[i].policy];
        double fill = out->extra_t[i], release = out->extra_t[i + 1];
        double price = price_in(out, in->extra[i].region, in->extra[i].product, 0);
        rf_status st = add_cost(w, out, in->extra[i].region, label(p), (fill - release) * price * 1000.0, -1, err);
        rf_stock *s = st == RF_OK ? realloc(out->stockpile, (size_t)(out->nstockpile + 1) * sizeof *s) : NULL;
        if (!s) return st != RF_OK ? st : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        out->stockpile = s;
        s[out->nstockpile++] = (rf_stock){in->extra[i].region, in->extra[i].product,
                                          stock_after(sc, in, state, out, i)};
    }
    return RF_OK;
}

/* The stock carries to the next year: the one op that changes the state. */
static rf_status update_stockpile(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                                  const rf_year_result *out, rf_policy_state *state, rf_err *err)
{
    (void)w;
    (void)err;
    if (!state) return RF_OK;
    double *after = malloc((size_t)(in->nextra + 1) * sizeof *after);
    if (!after) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    /* Every new stock from the state as it was, then all written at once. */
    for (int i = 0; i < in->nextra; i++)
        if (is_stockpile_fill(sc, in, i)) after[i] = stock_after(sc, in, state, out, i);
    for (int i = 0; i < in->nextra; i++)
        if (is_stockpile_fill(sc, in, i)) state->stock_t[in->extra[i].policy] = after[i];
    free(after);
    return RF_OK;
}

const rf_policy_ops rf__floor_ops = {"price_floor", validate_floor, apply_floor, report_floor, NULL, NULL, NULL};
const rf_policy_ops rf__offtake_ops = {"offtake", validate_offtake, apply_offtake, report_offtake, NULL, NULL, NULL};
const rf_policy_ops rf__stockpile_ops = {"stockpile", validate_stockpile, apply_stockpile, report_stockpile,
                                         update_stockpile, NULL, NULL};
