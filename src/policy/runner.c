/*
 * runner.c: solving a year with its levers (see rareflow/policy.h).
 *
 * 1. The year's inputs get the scenario's overrides, then each active lever
 *    writes its effect, kinds in a fixed order (exemptions before tariffs).
 * 2. Quota rows whose cap depends on the flow the year would have had
 *    (licences, part-year controls) are set from a pre-solve without them.
 * 3. Ad valorem tariffs: the wedge is the rate times the exporter's price,
 *    which the wedge itself moves.  Solve, set the wedges, re-solve with a
 *    secant step per arc (damped where it cannot be trusted: update_wedges)
 *    until no arc that carries flow (or that a too-high wedge may be keeping
 *    empty) moves by more than 1e-4 USD/kg + 1e-5 relative.  A year
 *    that does not settle within RF_TARIFF_MAX_ITER solves is not_converged
 *    and reports no numbers.
 * 4. Each kind that was active reports what its levers cost whom.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "policy/levers.h"
#include "rareflow/analytics.h"
#include "rareflow/policy.h"

#define DAMPING 0.5
#define TOL_ABS 1e-4  /* USD/kg */
#define TOL_REL 1e-5
#define FLOW_EPS 1e-6
/* The secant's slopes taken as they are (outside: damped).  A tariff moves its
 * exporter's price down by at most the wedge (s >= -rate x 1, -4 leaves room
 * for rates up to 400%); a slope near 1 would send the step far away. */
#define SECANT_MIN_SLOPE -4.0
#define SECANT_MAX_SLOPE 0.5


/* Indexed by rf_policy_kind. */
static const rf_policy_ops *const registry[RF_POL_KIND_COUNT] = {
    &rf__exemption_ops, &rf__tariff_ops,   &rf__export_control_ops, &rf__sanction_ops,
    &rf__outage_ops,    &rf__demand_ops,   &rf__floor_ops,          &rf__offtake_ops,
    &rf__stockpile_ops, &rf__sourcing_ops, &rf__content_ops, &rf__grant_ops,
    &rf__loan_ops,      &rf__equity_ops,   &rf__guarantee_ops,      &rf__permitting_ops,
    &rf__tech_ban_ops,  &rf__project_block_ops, &rf__collection_ops, &rf__export_tax_ops};

/* The order of application: what lifts tariffs (exemptions, an alliance's
 * tariff-free trade) before tariffs; export taxes, which nothing lifts, with
 * them; outages before the floors and offtakes that hold the capacity they
 * leave; the investment levers and collection, which change no year's
 * inputs, last. */
static const rf_policy_kind order[RF_POL_KIND_COUNT] = {
    RF_POL_EXEMPTION, RF_POL_SOURCING, RF_POL_CONTENT,  RF_POL_TARIFF, RF_POL_EXPORT_TAX,
    RF_POL_EXPORT_CONTROL, RF_POL_SANCTION, RF_POL_OUTAGE, RF_POL_DEMAND,
    RF_POL_FLOOR, RF_POL_OFFTAKE, RF_POL_STOCKPILE, RF_POL_GRANT, RF_POL_LOAN, RF_POL_EQUITY,
    RF_POL_GUARANTEE, RF_POL_PERMITTING, RF_POL_TECH_BAN, RF_POL_PROJECT_BLOCK, RF_POL_COLLECTION};

rf_policy_state *rf_policy_state_new(const rf_scenario *sc, rf_err *err)
{
    rf_policy_state *st = calloc(1, sizeof *st);
    if (st) st->stock_t = calloc((size_t)sc->npolicies + 1, sizeof *st->stock_t);
    if (!st || !st->stock_t) {
        rf_policy_state_free(st);
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    st->n = sc->npolicies;
    for (int i = 0; i < sc->npolicies; i++) st->stock_t[i] = sc->policies[i].initial_t;
    return st;
}

void rf_policy_state_free(rf_policy_state *st)
{
    if (!st) return;
    free(st->stock_t);
    free(st);
}

double rf__window_fraction(const rf_policy *p, const rf_year_input *in)
{
    return rf_policy_window_fraction(p->from, p->to, in->year, in->period, in->nperiods);
}

double rf__period_share(const rf_year_input *in)
{
    return in->nperiods > 1 ? 1.0 / (double)in->nperiods : 1.0;
}

const rf_policy_ops *rf_policy_ops_of(rf_policy_kind kind)
{
    return (int)kind >= 0 && kind < RF_POL_KIND_COUNT ? registry[kind] : NULL;
}

/*
 * Apply tariff `i` with the exemptions that name it (`tariffs: [...]`) on top
 * of those that lift every tariff: they are marked on a copy of arc_exempt
 * that this tariff alone sees.  Without such an exemption, the tariff is
 * applied as it is.
 */
static rf_status apply_tariff_scoped(const rf_world *w, const rf_scenario *sc, int i, double frac,
                                     const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    const rf_policy *p = &sc->policies[i];
    const rf_policy_ops *ops = registry[RF_POL_TARIFF];
    int scoped = 0;
    for (int k = 0; k < sc->npolicies && !scoped; k++)
        scoped = sc->policies[k].kind == RF_POL_EXEMPTION && sc->policies[k].tariffs.n > 0 &&
                 rf__exemption_lifts(&sc->policies[k], p) && rf__window_fraction(&sc->policies[k], in) > 0.0;
    if (!scoped) return ops->apply(p, i, w, frac, state, in, err);
    size_t narcs = (size_t)in->nr * (size_t)in->nr * (size_t)in->np;
    double *own = malloc((narcs + 1) * sizeof *own), *shared = in->arc_exempt;
    if (!own) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    memcpy(own, shared, narcs * sizeof *own);
    for (int k = 0; k < sc->npolicies; k++) {
        const rf_policy *e = &sc->policies[k];
        double f = rf__window_fraction(e, in);
        if (e->kind == RF_POL_EXEMPTION && e->tariffs.n > 0 && f > 0.0 && rf__exemption_lifts(e, p))
            rf__exemption_mark(e, w, f, own, in);
    }
    in->arc_exempt = own;
    rf_status st = ops->apply(p, i, w, frac, state, in, err);
    in->arc_exempt = shared;
    free(own);
    return st;
}

/* Apply every lever active in the year; note which kinds and names were. */
static rf_status apply_levers(const rf_world *w, const rf_scenario *sc, const rf_policy_state *state,
                              rf_year_input *in, int *kinds_active, rf_year_result *out, rf_err *err)
{
    out->policies_active = calloc((size_t)sc->npolicies + 1, sizeof *out->policies_active);
    if (!out->policies_active) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int o = 0; o < RF_POL_KIND_COUNT; o++)
        for (int i = 0, kind = (int)order[o]; i < sc->npolicies; i++) {
            const rf_policy *p = &sc->policies[i];
            double frac = rf__window_fraction(p, in);
            if ((int)p->kind != kind || frac <= 0.0) continue;
            /* A kind without `apply` changes no year's inputs but is still in force. */
            rf_status st = kind == RF_POL_TARIFF ? apply_tariff_scoped(w, sc, i, frac, state, in, err)
                           : registry[kind]->apply ? registry[kind]->apply(p, i, w, frac, state, in, err)
                                                   : RF_OK;
            /* A lever's bad input is about its item: the scenario file and its line. */
            if (st == RF_EINVAL && err && !err->file[0]) {
                snprintf(err->file, sizeof err->file, "%s", sc->file);
                if (!err->line) err->line = p->line;
            }
            if (st != RF_OK) return st;
            kinds_active[kind] = 1;
            char label[128];
            if (p->name) snprintf(label, sizeof label, "%s", p->name);
            else snprintf(label, sizeof label, "%s@%d", rf_policy_kind_name(p->kind), p->line);
            char *copy = rf__strdup(label);
            if (!copy) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
            out->policies_active[out->npolicies_active++] = copy;
        }
    return RF_OK;
}

/* Flow on the arcs of limit `l` in a solved year. */
static double limit_flow(const rf_flow_limit *l, const rf_year_result *r)
{
    double t = 0.0;
    for (int i = 0; i < r->ntrade; i++) {
        const rf_trade_flow *f = &r->trade[i];
        if (f->from == l->from && l->to_mask[f->to] && l->prod_mask[f->product])
            t += f->t * (l->prod_weight ? l->prod_weight[f->product] : 1.0); /* t REO with basis: reo */
    }
    return t;
}

/* The plant-gate price of (region, product) in a solved year, or -1. */
static double gate_price(const rf_year_result *r, int region, int product)
{
    for (int i = 0; i < r->nprices; i++)
        if (r->prices[i].region == region && r->prices[i].product == product && !r->prices[i].variant)
            return r->prices[i].has_export ? r->prices[i].export_usd_per_kg : r->prices[i].usd_per_kg;
    return -1.0;
}

/* What a pre-solve decides: caps of deferred limits (the flow the year would
 * have had without them) and which price floors hold (the price without them
 * is below the floor).  A pre-solve that is not optimal (the year is
 * infeasible even without the deferred levers) is a result, not a failure:
 * *pre_status says so and the year is reported with that status. */
static rf_status resolve_deferred(rf_market *m, const rf_world *w, rf_year_input *in,
                                  rf_year_status *pre_status, rf_err *err)
{
    int any = in->nfloors > 0;
    *pre_status = RF_YEAR_OPTIMAL;
    for (int i = 0; i < in->nlimits; i++) any |= in->limits[i].deferred;
    if (!any) return RF_OK;
    rf_year_result pre;
    memset(&pre, 0, sizeof pre);
    rf_status st = rf_market_solve(m, in, &pre, NULL, err);
    if (st == RF_OK && pre.status != RF_YEAR_OPTIMAL) {
        *pre_status = pre.status;
        rf_year_result_clear(&pre);
        return RF_OK;
    }
    for (int i = 0; st == RF_OK && i < in->nlimits; i++) {
        rf_flow_limit *l = &in->limits[i];
        if (!l->deferred) continue;
        /* The pre-solve reports the period's flow; the cap is a rate, like every LP bound. */
        l->cap_t = l->fixed_t + l->keep_share * limit_flow(l, &pre) * (in->nperiods > 1 ? in->nperiods : 1);
        l->deferred = 0;
    }
    for (int i = 0; st == RF_OK && i < in->nfloors; i++) {
        rf_floor_cond *fc = &in->floors[i];
        double p = gate_price(&pre, w->facilities[fc->facility].region, fc->product);
        fc->binding = p >= 0.0 && p < fc->floor_usd_per_kg;
        if (fc->binding && fc->bound_t > in->min_activity[fc->facility])
            in->min_activity[fc->facility] = fc->bound_t;
    }
    rf_year_result_clear(&pre);
    return st;
}

/* Exporter prices of a solved year, [nr * np]; < 0 where the region has none. */
static void exporter_prices(const rf_year_result *r, const rf_year_input *in, double *px)
{
    for (int i = 0; i < in->nr * in->np; i++) px[i] = -1.0;
    /* The ordinary product's price: a compliant variant's is no basis for a tariff. */
    for (int i = 0; i < r->nprices; i++)
        if (r->prices[i].has_export && !r->prices[i].variant)
            px[r->prices[i].region * in->np + r->prices[i].product] = r->prices[i].export_usd_per_kg;
}

/*
 * One step of the wedge iteration: returns 1 when every relevant arc has
 * settled.  Within one basis of the LP the exporter's price is linear in the
 * wedge (a dual is linear in the costs), so the target T(w) = rate x price(w)
 * is too, and the step that solves T(w) = w is the gap over 1 - s, s the
 * slope between the last two solves (a secant per arc): where the exporter
 * absorbs part of the tariff (s < 0) that is the fixed point at once, where
 * a fixed damping of 0.5 took 12-17 solves a year.  The slope is taken from
 * the second solve on (the first is the untaxed one, at wedge 0); where the
 * wedge barely moved, the slope is not plausible, or the gap grew (the LP
 * changed basis between the solves), the step is damped by DAMPING instead.
 * last_w and last_t hold each arc's wedge and target of the solve before.
 */
static int update_wedges(rf_year_input *in, const double *px, const unsigned char *flowing, int first,
                         double *last_w, double *last_t)
{
    int settled = 1;
    size_t narcs = (size_t)in->nr * (size_t)in->nr * (size_t)in->np;
    for (size_t a = 0; a < narcs; a++) {
        if (in->arc_rate[a] <= 0.0) continue;
        size_t from = a / ((size_t)in->nr * (size_t)in->np), p = a % (size_t)in->np;
        double price = px[from * (size_t)in->np + p];
        double w = in->arc_wedge[a], target = in->arc_rate[a] * (price > 0.0 ? price : 0.0);
        double gap = target - w;
        /* An arc matters if it carries flow, or if its wedge is too high and may be
         * what keeps it empty. */
        if ((flowing[a] || gap < 0.0) && fabs(gap) > TOL_ABS + TOL_REL * fabs(w)) settled = 0;
        double step = first ? gap : DAMPING * gap;
        if (!first && isfinite(last_w[a]) && fabs(w - last_w[a]) > TOL_ABS &&
            fabs(gap) <= fabs(last_t[a] - last_w[a])) {
            double slope = (target - last_t[a]) / (w - last_w[a]);
            if (slope >= SECANT_MIN_SLOPE && slope <= SECANT_MAX_SLOPE) step = gap / (1.0 - slope);
        }
        last_w[a] = w;
        last_t[a] = target;
        in->arc_wedge[a] = w + step;
    }
    return settled;
}

static rf_status tariff_iteration(rf_market *m, rf_year_input *in, rf_year_result *out,
                                  const char *mps_path, rf_err *err)
{
    size_t narcs = (size_t)in->nr * (size_t)in->nr * (size_t)in->np;
    int taxed = 0;
    for (size_t a = 0; a < narcs; a++) taxed |= in->arc_rate[a] > 0.0;
    if (!taxed) return rf_market_solve(m, in, out, mps_path, err);
    double *px = malloc((size_t)(in->nr * in->np + 1) * sizeof *px);
    unsigned char *flowing = calloc(narcs + 1, 1);
    double *last = malloc((2 * narcs + 1) * sizeof *last); /* each arc's wedge, then target, of the solve before */
    if (!px || !flowing || !last) {
        free(px);
        free(flowing);
        free(last);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    double *last_w = last, *last_t = last + narcs;
    for (size_t a = 0; a < 2 * narcs; a++) last[a] = NAN;
    rf_status st = RF_OK;
    int k, settled = 0, quick = 0;
    for (k = 1; k <= RF_TARIFF_MAX_ITER && st == RF_OK; k++) {
        st = rf_market_solve(m, in, out, NULL, err);
        if (st != RF_OK || out->status != RF_YEAR_OPTIMAL) break;
        memset(flowing, 0, narcs);
        for (int i = 0; i < out->ntrade; i++)
            if (out->trade[i].t > FLOW_EPS)
                flowing[RF_ARC(in, out->trade[i].from, out->trade[i].to, out->trade[i].product)] = 1;
        exporter_prices(out, in, px);
        /* The first solve has no wedge yet: it only sets the starting point. */
        settled = update_wedges(in, px, flowing, k == 1, last_w, last_t) && k > 1;
        /* A quick solve (a look-ahead of the simulation) stops at the wedges
         * of the untaxed prices. */
        quick = in->quick_tariffs && k == 1;
        if (settled || quick) break;
    }
    if (st != RF_OK || out->status != RF_YEAR_OPTIMAL) {
        /* an error, or a year without numbers: reported as it is */
    } else if (quick) {
        /* One more solve, at those wedges, accepted as it is. */
        st = rf_market_solve(m, in, out, mps_path, err);
        if (st == RF_OK) out->iterations = 2, out->converged = 0;
    } else if (!settled) {
        int year = out->year;
        rf_year_result_clear(out);
        out->year = year;
        out->status = RF_YEAR_NOT_CONVERGED;
        out->iterations = RF_TARIFF_MAX_ITER;
        out->converged = 0;
    } else {
        /* The accepted solution used the wedges before the last (sub-tolerance)
         * update: those go back, so that the wedges reported are the ones its
         * LP used (a re-solve at the updated ones was one more solve a year).
         * Only to write the LP file is it solved again, in place, at the same
         * wedges. */
        for (size_t a = 0; a < narcs; a++)
            if (in->arc_rate[a] > 0.0 && isfinite(last_w[a])) in->arc_wedge[a] = last_w[a];
        if (mps_path) st = rf_market_solve(m, in, out, mps_path, err);
        out->iterations = k + (mps_path != NULL);
        out->converged = 1;
    }
    free(px);
    free(flowing);
    free(last);
    return st;
}

rf_status rf_policy_solve_input(rf_market *m, const rf_world *w, const rf_scenario *sc, rf_year_input *in,
                                const rf_policy_state *state, rf_year_result *out, const char *mps_path,
                                rf_err *err)
{
    int kinds[RF_POL_KIND_COUNT] = {0};
    char **names = NULL;
    int nnames = 0, year = in->year;
    rf_year_result names_holder;
    memset(&names_holder, 0, sizeof names_holder);
    rf_year_status pre_status = RF_YEAR_OPTIMAL;
    rf_status st = apply_levers(w, sc, state, in, kinds, &names_holder, err);
    if (st == RF_OK) st = resolve_deferred(m, w, in, &pre_status, err);
    if (st == RF_OK && pre_status != RF_YEAR_OPTIMAL) {
        /* Infeasible without the deferred levers: infeasible with them too. */
        rf_year_result_clear(out);
        out->year = year;
        out->status = pre_status;
        out->iterations = 1;
        out->converged = 1;
    } else if (st == RF_OK) {
        st = tariff_iteration(m, in, out, mps_path, err);
    }
    /* The active list survives the solves, which clear `out`. */
    names = names_holder.policies_active;
    nnames = names_holder.npolicies_active;
    names_holder.policies_active = NULL;
    names_holder.npolicies_active = 0;
    if (st == RF_OK) {
        out->policies_active = names;
        out->npolicies_active = nnames;
        names = NULL;
        if (!out->tariff_revenue &&
            !(out->tariff_revenue = calloc((size_t)w->nregions + 1, sizeof *out->tariff_revenue)))
            st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int k = 0; st == RF_OK && out->status == RF_YEAR_OPTIMAL && k < RF_POL_KIND_COUNT; k++)
        if (kinds[k] && registry[k]->report) st = registry[k]->report(sc, w, in, state, out, err);
    if (st == RF_OK && out->status == RF_YEAR_OPTIMAL) st = rf_analytics_shares(w, out, err);
    /* The measures analysts read (docs/analytics.md); a look-ahead solve of the
     * simulation (quick_tariffs: an expectation, never reported) needs none. */
    int measures = st == RF_OK && out->status == RF_YEAR_OPTIMAL && !in->quick_tariffs;
    if (measures) st = rf_analytics_price_supply(w, out, err);
    if (measures && st == RF_OK) st = rf_analytics_element_shares(w, out, err);
    if (measures && st == RF_OK) st = rf_analytics_import_reliance(w, out, err);
    if (measures && st == RF_OK) st = rf_analytics_supply_risk(w, out, err);
    if (measures && st == RF_OK) st = rf_analytics_contract_gaps(w, out, err);
    if (measures && st == RF_OK) st = rf_analytics_welfare(w, out, err);
    if (measures && st == RF_OK) st = rf_analytics_stage_flows(w, out, err);
    for (int i = 0; names && i < nnames; i++) free(names[i]);
    free(names);
    return st;
}

rf_status rf_policy_update_state(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                                 const rf_year_result *out, rf_policy_state *state, rf_err *err)
{
    /* Only a year with numbers changes a stock; an infeasible year leaves them. */
    if (!state || out->status != RF_YEAR_OPTIMAL) return RF_OK;
    int kinds[RF_POL_KIND_COUNT] = {0};
    for (int i = 0; i < sc->npolicies; i++)
        if (rf__window_fraction(&sc->policies[i], in) > 0.0) kinds[sc->policies[i].kind] = 1;
    for (int k = 0; k < RF_POL_KIND_COUNT; k++)
        if (kinds[k] && registry[k]->update) {
            rf_status st = registry[k]->update(sc, w, in, out, state, err);
            if (st != RF_OK) return st;
        }
    return RF_OK;
}

rf_status rf_policy_solve_year(rf_market *m, const rf_world *w, const rf_scenario *sc, int year,
                               rf_policy_state *state, rf_year_result *out, const char *mps_path,
                               rf_err *err)
{
    rf_year_input in;
    rf_status st = rf_year_input_init(&in, w, sc, year, err);
    if (st != RF_OK) return st;
    st = rf_policy_solve_input(m, w, sc, &in, state, out, mps_path, err);
    if (st == RF_OK) st = rf_policy_update_state(sc, w, &in, out, state, err);
    rf_year_input_close(&in);
    return st;
}
