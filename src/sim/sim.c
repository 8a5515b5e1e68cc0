/*
 * sim.c: the run over the years (rareflow/sim.h).
 *
 * A step prepares the year's inputs from the world, the scenario and the
 * state (demand grown from 2024 along its path and reduced by substitution;
 * the capacity of every plant: by its dates for the plants of 2024, by the
 * decisions of the run for projects; end-of-life scrap offered to
 * recyclers), solves it with the levers (rf_policy_solve_input), and then
 * carries the year into the state: the strategic stocks, the prices seen,
 * the magnets put in use, plants that no longer cover their cash cost, and
 * the investment decisions taken at the end of the year, which arrive after
 * their lead time.  Levers and the market never see the state: they see a
 * year's inputs, as data.
 */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "core/strutil.h"
#include "rareflow/analytics.h"
#include "rareflow/limits.h"

#define PERFECT_MAX_ITER 20

/* ---------- capacity ---------- */

double rf__sim_ramp(const rf_project *p, int age, double stretch)
{
    int i = (int)((double)age / (stretch > 1.0 ? stretch : 1.0));
    return p->ramp[i < p->nramp ? i : p->nramp - 1];
}

/* Share of a build's capacity in `year`: its ramp (stretched by a
 * technology ban), 0 before it arrives and after its life. */
static double build_share(const rf_world *w, const rf_build *b, int year, int mature)
{
    const rf_project *p = &w->projects[b->project];
    int k = year - b->arrives;
    if (mature) k = k < 0 ? 0 : k; /* a look-ahead counts every decision at full ramp */
    if (k < 0 || k >= p->life_years) return 0.0;
    return mature ? 1.0 : rf__sim_ramp(p, k, b->ramp_stretch);
}

static double capacity_in(const rf_sim *s, int f, int year, int mature)
{
    const rf_world *w = s->w;
    if (s->st.closed[f]) return 0.0;
    int p = w->project_of ? w->project_of[f] : -1;
    if (p < 0) return rf_world_facility_active(w, f, year) ? w->facilities[f].capacity_t : 0.0;
    double cap = 0.0;
    for (int i = 0; i < s->st.nbuilds; i++)
        if (s->st.builds[i].project == p)
            cap += s->st.builds[i].capacity_t * build_share(w, &s->st.builds[i], year, mature);
    return cap;
}

rf_build *rf__sim_add_build(rf_sim *s)
{
    rf_sim_state *st = &s->st;
    if (st->nbuilds == st->cap_builds) {
        int cap = st->cap_builds ? 2 * st->cap_builds : 32;
        rf_build *b = realloc(st->builds, (size_t)cap * sizeof *b);
        if (!b) return NULL;
        st->builds = b;
        st->cap_builds = cap;
    }
    /* Each decision has its support entry, none until rf__sim_add_support. */
    if (st->nbuilds == s->cap_support) {
        int cap = s->cap_support ? 2 * s->cap_support : 32;
        rf__support *sp = realloc(s->support, (size_t)cap * sizeof *sp);
        if (!sp) return NULL;
        s->support = sp;
        s->cap_support = cap;
    }
    memset(&s->support[st->nbuilds], 0, sizeof s->support[st->nbuilds]);
    for (int k = 0; k < 4; k++) s->support[st->nbuilds].payer[k] = s->support[st->nbuilds].policy[k] = -1;
    rf_build *b = &st->builds[st->nbuilds++];
    memset(b, 0, sizeof *b);
    b->ramp_stretch = 1.0;
    b->npv_usd = NAN;
    return b;
}

int rf__sim_add_support(rf_sim *s, const rf_project_terms *t, const double *gov, int n)
{
    rf__support *sp = &s->support[s->st.nbuilds - 1];
    const int payer[4] = {t->grant_payer, t->loan_payer, t->equity_payer, t->guarantee_payer};
    const int policy[4] = {t->grant_policy, t->loan_policy, t->equity_policy, t->guarantee_policy};
    sp->n = n;
    for (int k = 0; k < 4; k++) {
        sp->payer[k] = payer[k];
        sp->policy[k] = policy[k];
        if (policy[k] < 0 || payer[k] < 0 || n <= 0) continue;
        if (!(sp->usd[k] = malloc((size_t)n * sizeof *sp->usd[k]))) return -1;
        memcpy(sp->usd[k], gov + (size_t)k * (size_t)n, (size_t)n * sizeof *sp->usd[k]);
    }
    return 0;
}

static void free_support(rf_sim *s)
{
    for (int i = 0; s->support && i < s->st.nbuilds; i++)
        for (int k = 0; k < 4; k++) free(s->support[i].usd[k]);
    free(s->support);
    s->support = NULL;
    s->cap_support = 0;
}

/* ---------- a year's inputs ---------- */

rf_status rf__sim_prepare(rf_sim *s, int year, rf_year_input *in, int mature, rf_err *err)
{
    const rf_world *w = s->w;
    const rf_scenario *sc = s->sc;
    rf_status st = rf_year_input_init(in, w, sc, year, err);
    if (st != RF_OK) return st;
    for (int d = 0; d < w->ndemand; d++) {
        in->demand_factor[d] *= rf_scenario_growth(sc, w, d, RF_SIM_BASE_YEAR, year) * (1.0 - s->st.substitution[d]);
        /* Growth compounds: each rate is bounded, decades of them are not. */
        if (!(w->demand[d].ref_qty_t * in->demand_factor[d] <= RF_MAX_QTY_T)) {
            rf_year_input_close(in);
            return rf_err_set(err, RF_EINVAL, sc->ngrowth ? sc->file : w->dir, sc->ngrowth ? sc->growth[0].line : 0,
                              "demand_growth", "the demand of %s %s %s grows to %g t by %d, above the limit of %g t "
                              "(RF_MAX_QTY_T)", w->regions[w->demand[d].region].id, w->demand[d].sector,
                              w->products[w->demand[d].product].id, w->demand[d].ref_qty_t * in->demand_factor[d],
                              year, RF_MAX_QTY_T);
        }
    }
    for (int f = 0; f < w->nfacilities; f++) {
        double cap = capacity_in(s, f, year, mature), full = w->facilities[f].capacity_t;
        in->cap_factor[f] = full > 0.0 ? rf_scenario_capacity_factor(sc, w, f) * cap / full : 0.0;
    }
    for (int r = 0; s->eol_t && r < w->nregions; r++)
        for (int p = 0; p < w->nproducts; p++) {
            double t = s->eol_t[RF_NODE(w, r, p)];
            if (!(t > 1e-9)) continue;
            rf_extra_col *c = rf_year_input_add_col(in);
            if (!c) {
                rf_year_input_close(in);
                return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
            }
            /* A fixed supply at no cost: recyclers take it, or it is disposed of. */
            *c = (rf_extra_col){r, p, +1, 1, 0.0, t, t, -1};
        }
    return RF_OK;
}

/* ---------- after a year ---------- */

void rf__sim_year_prices(const rf_world *w, const rf_year_result *yr, double *local, double *exp_)
{
    rf_analytics_node_prices(w, yr, local, exp_);
}

/* Shift the price history by a year and put the year's prices first. */
static void remember_prices(rf_sim *s, const rf_year_result *yr)
{
    size_t n = (size_t)s->w->nregions * (size_t)s->w->nproducts;
    memmove(s->hist_local + n, s->hist_local, (RF_SIM_HISTORY - 1) * n * sizeof *s->hist_local);
    memmove(s->hist_export + n, s->hist_export, (RF_SIM_HISTORY - 1) * n * sizeof *s->hist_export);
    rf__sim_year_prices(s->w, yr, s->hist_local, s->hist_export);
    if (s->nhist < RF_SIM_HISTORY) s->nhist++;
}

/* Plants that do not cover their cash cost for closure_years years in a row close for good. */
static void close_plants(rf_sim *s, const rf_year_input *in)
{
    const rf_world *w = s->w;
    const double *local = s->hist_local, *exp_ = s->hist_export;
    for (int f = 0; f < w->nfacilities; f++) {
        if (s->st.closed[f] || !(in->cap_factor[f] > 0.0)) continue;
        /* A contract, or a price floor in force, carries the plant's losses while
         * it runs (docs/model.md, "Contracts"): the margin at market prices is
         * not what it earns. */
        int carried = in->contract_t && in->contract_t[f] > 0.0;
        for (int k = 0; k < in->nfloors; k++) carried |= in->floors[k].facility == f;
        if (carried) {
            s->st.below_cost_years[f] = 0;
            continue;
        }
        if (rf_analytics_cash_margin(w, f, local, exp_) < -1e-9) s->st.below_cost_years[f]++;
        else s->st.below_cost_years[f] = 0;
        if (s->st.below_cost_years[f] >= w->params.closure_years) s->st.closed[f] = 1;
    }
}

/* ---------- the year's tables ---------- */

static rf_status table_capacity(const rf_world *w, const rf_year_input *in, rf_year_result *out)
{
    size_t n = (size_t)RF_STAGE_COUNT * (size_t)w->nregions;
    double *t = calloc(n, sizeof *t);
    out->capacity = calloc(n, sizeof *out->capacity);
    if (!t || !out->capacity) {
        free(t);
        return RF_ENOMEM;
    }
    for (int f = 0; f < w->nfacilities; f++)
        t[(size_t)w->facilities[f].stage * (size_t)w->nregions + (size_t)w->facilities[f].region] +=
            w->facilities[f].capacity_t * in->cap_factor[f];
    for (int st = 0; st < RF_STAGE_COUNT; st++)
        for (int r = 0; r < w->nregions; r++) {
            double v = t[(size_t)st * (size_t)w->nregions + (size_t)r];
            if (v > 1e-9) out->capacity[out->ncapacity++] = (rf_capacity){(rf_stage)st, r, v};
        }
    free(t);
    return RF_OK;
}

static rf_project_stage build_stage(const rf_sim *s, const rf_build *b, int year)
{
    const rf_project *p = &s->w->projects[b->project];
    if (s->st.closed[p->facility]) return RF_PROJ_CLOSED;
    if (year < b->arrives) return RF_PROJ_BUILDING;
    if (year - b->arrives >= p->life_years) return RF_PROJ_CLOSED;
    return build_share(s->w, b, year, 0) < 1.0 ? RF_PROJ_RAMPING : RF_PROJ_OPERATING;
}

static rf_status table_projects(rf_sim *s, int year, const rf_year_input *in, rf_year_result *out)
{
    const rf_world *w = s->w;
    out->projects = calloc((size_t)w->nprojects + 1, sizeof *out->projects);
    if (!out->projects) return RF_ENOMEM;
    for (int p = 0; p < w->nprojects; p++) {
        rf_project_row *row = &out->projects[out->nprojects++];
        const rf_build *last = NULL;
        row->project = p;
        /* A decision on record for a later year (data: decided in 2025) is not
         * one yet in an earlier year of the run. */
        for (int i = 0; i < s->st.nbuilds; i++)
            if (s->st.builds[i].project == p && s->st.builds[i].decided <= year) {
                last = &s->st.builds[i];
                row->blocks++;
            }
        int f = w->projects[p].facility;
        row->capacity_t = w->facilities[f].capacity_t * in->cap_factor[f];
        if (!last) {
            row->status = RF_PROJ_CANDIDATE;
            row->npv_usd = NAN;
            row->capex_usd = w->projects[p].capex_usd;
            continue;
        }
        row->status = build_stage(s, last, year);
        row->decided = last->decided;
        row->arrives = last->arrives;
        row->npv_usd = last->npv_usd;
        row->capex_usd = last->capex_usd;
    }
    return RF_OK;
}

/* Capex spent in the year: each decision spreads its capex evenly over its lead time. */
static rf_status table_capex(const rf_sim *s, int year, rf_year_result *out)
{
    const rf_world *w = s->w;
    size_t n = (size_t)RF_STAGE_COUNT * (size_t)w->nregions;
    double *t = calloc(n, sizeof *t);
    out->capex = calloc(n, sizeof *out->capex);
    if (!t || !out->capex) {
        free(t);
        return RF_ENOMEM;
    }
    out->facility_capex = calloc((size_t)w->nfacilities + 1, sizeof *out->facility_capex);
    if (!out->facility_capex) {
        free(t);
        return RF_ENOMEM;
    }
    for (int i = 0; i < s->st.nbuilds; i++) {
        const rf_build *b = &s->st.builds[i];
        if (year < b->decided || year >= b->arrives || b->arrives <= b->decided) continue;
        int f = w->projects[b->project].facility;
        const rf_facility *fac = &w->facilities[f];
        double usd = b->capex_usd / (double)(b->arrives - b->decided);
        t[(size_t)fac->stage * (size_t)w->nregions + (size_t)fac->region] += usd;
        out->facility_capex[f] += usd;
    }
    for (int st = 0; st < RF_STAGE_COUNT; st++)
        for (int r = 0; r < w->nregions; r++) {
            double v = t[(size_t)st * (size_t)w->nregions + (size_t)r];
            if (v > 0.0) out->capex[out->ncapex++] = (rf_capex){r, (rf_stage)st, v};
        }
    free(t);
    return RF_OK;
}

static rf_status table_stocks(const rf_sim *s, const rf_year_input *in, rf_year_result *out)
{
    const rf_world *w = s->w;
    size_t n = (size_t)w->nregions * (size_t)(s->nsectors ? s->nsectors : 1);
    out->in_use = calloc(n, sizeof *out->in_use);
    out->eol_scrap = calloc((size_t)in->nextra + 1, sizeof *out->eol_scrap);
    out->recycled = calloc((size_t)w->nregions * (size_t)w->nproducts + 1, sizeof *out->recycled);
    if (!out->in_use || !out->eol_scrap || !out->recycled) return RF_ENOMEM;
    for (int r = 0; r < w->nregions; r++)
        for (int k = 0; k < s->nsectors; k++) {
            double t = s->st.inuse_t[(size_t)r * (size_t)s->nsectors + (size_t)k];
            if (t > 1e-9) out->in_use[out->nin_use++] = (rf_inuse){r, s->sectors[k], t};
        }
    for (int i = 0; i < in->nextra; i++)
        if (in->extra[i].eol)
            out->eol_scrap[out->neol_scrap++] = (rf_eol){in->extra[i].region, in->extra[i].product, in->extra[i].up};
    for (int i = 0; i < out->nproduction; i++) {
        const rf_output *o = &out->production[i];
        const rf_facility *fac = &w->facilities[o->facility];
        if (fac->stage != RF_STAGE_RECYCLING) continue;
        int j = 0;
        while (j < out->nrecycled && (out->recycled[j].region != fac->region || out->recycled[j].product != o->product))
            j++;
        if (j == out->nrecycled) out->recycled[out->nrecycled++] = (rf_recycled){fac->region, o->product, 0.0};
        out->recycled[j].t += o->t;
    }
    return RF_OK;
}

/* What the investment levers' support costs governments this year, one row
 * per decision and lever, after the LP levers' rows. */
static rf_status table_support(const rf_sim *s, int year, rf_year_result *out)
{
    const rf_world *w = s->w;
    for (int i = 0; i < s->st.nbuilds; i++) {
        const rf__support *sp = &s->support[i];
        int t = year - s->st.builds[i].decided;
        for (int k = 0; k < 4; k++) {
            if (!sp->usd[k] || t < 0 || t >= sp->n || sp->usd[k][t] == 0.0) continue;
            const rf_policy *p = &s->sc->policies[sp->policy[k]];
            char label[160];
            if (p->name) snprintf(label, sizeof label, "%s", p->name);
            else snprintf(label, sizeof label, "%s@%d", rf_policy_kind_name(p->kind), p->line);
            rf_gov_cost *g = realloc(out->government_cost, (size_t)(out->ngovernment_cost + 1) * sizeof *g);
            if (!g) return RF_ENOMEM;
            out->government_cost = g;
            char *name = rf__strdup(label);
            if (!name) return RF_ENOMEM;
            g[out->ngovernment_cost++] =
                (rf_gov_cost){sp->payer[k], name, sp->usd[k][t], w->projects[s->st.builds[i].project].facility};
        }
    }
    return RF_OK;
}

static rf_status year_tables(rf_sim *s, int year, const rf_year_input *in, rf_year_result *out, rf_err *err)
{
    out->simulated = 1;
    if (table_capacity(s->w, in, out) || table_projects(s, year, in, out) || table_capex(s, year, out) ||
        table_stocks(s, in, out) || (out->status == RF_YEAR_OPTIMAL && table_support(s, year, out)))
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    rf_status st = rf_analytics_embedded(s->w, out, err);
    /* "Touched China": the region traced is China's when the world has it. */
    if (st == RF_OK) st = rf_analytics_provenance(s->w, out, rf_world_region(s->w, "CN"), err);
    /* The clean share under each sourcing rule of the scenario: touched by any
     * of its excluded regions ("CN+RU"). */
    for (int i = 0; st == RF_OK && i < s->sc->npolicies; i++) {
        const rf_policy *p = &s->sc->policies[i];
        if (p->kind != RF_POL_SOURCING || p->exclude.n == 0) continue;
        unsigned char *mask = calloc((size_t)s->w->nregions + 1, 1);
        char label[64] = "";
        if (!mask) {
            st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
            break;
        }
        for (int k = 0; k < p->exclude.n; k++) {
            int r = rf_world_region(s->w, p->exclude.ids[k]);
            if (r < 0 || mask[r]) continue;
            mask[r] = 1;
            size_t len = strlen(label);
            snprintf(label + len, sizeof label - len, "%s%s", len ? "+" : "", p->exclude.ids[k]);
        }
        /* One CN-only rule says no more than the touched-China rows already do. */
        if (!(strcmp(label, "CN") == 0)) st = rf_analytics_touched_set(s->w, out, mask, label, err);
        free(mask);
    }
    if (st == RF_OK) st = rf_analytics_companies(s->w, out, err);
    return st;
}

/* ---------- lifecycle ---------- */

static rf_status init_state(rf_sim *s, rf_err *err)
{
    const rf_world *w = s->w;
    rf_sim_state *st = &s->st;
    size_t nf = (size_t)w->nfacilities + 1, nd = (size_t)w->ndemand + 1;
    size_t nn = (size_t)w->nregions * (size_t)w->nproducts + 1;
    st->capacity_t = calloc(nf, sizeof *st->capacity_t);
    st->closed = calloc(nf, sizeof *st->closed);
    st->below_cost_years = calloc(nf, sizeof *st->below_cost_years);
    st->substitution = calloc(nd, sizeof *st->substitution);
    st->policy = rf_policy_state_new(s->sc, err);
    s->hist_local = malloc(RF_SIM_HISTORY * nn * sizeof *s->hist_local);
    s->hist_export = malloc(RF_SIM_HISTORY * nn * sizeof *s->hist_export);
    s->eol_t = calloc(nn, sizeof *s->eol_t);
    if (!st->capacity_t || !st->closed || !st->below_cost_years || !st->substitution || !st->policy ||
        !s->hist_local || !s->hist_export || !s->eol_t)
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (size_t i = 0; i < RF_SIM_HISTORY * nn; i++) s->hist_local[i] = s->hist_export[i] = NAN;
    /* Projects decided before the run (under construction) arrive on their own schedule. */
    for (int p = 0; p < w->nprojects; p++) {
        const rf_project *pj = &w->projects[p];
        if (!pj->decided_year || pj->generic) continue;
        rf_build *b = rf__sim_add_build(s);
        if (!b) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        b->project = p;
        b->decided = pj->decided_year;
        b->lead_time_years = pj->lead_time_years;
        b->arrives = pj->decided_year + pj->lead_time_years;
        b->capex_usd = pj->capex_usd;
        b->capacity_t = w->facilities[pj->facility].capacity_t;
    }
    rf_status rc = rf__inuse_init(s, err);
    return rc == RF_OK ? rf__shortrun_init(s, err) : rc;
}

static void free_state(rf_sim *s)
{
    free_support(s);
    rf_sim_state *st = &s->st;
    free(st->capacity_t);
    free(st->closed);
    free(st->below_cost_years);
    free(st->substitution);
    free(st->builds);
    free(st->inuse_t);
    rf_policy_state_free(st->policy);
    memset(st, 0, sizeof *st);
    free(s->hist_local);
    free(s->hist_export);
    free(s->eol_t);
    s->hist_local = s->hist_export = s->eol_t = NULL;
    s->nhist = 0;
    rf__inuse_free(s);
    rf__shortrun_free(s);
}

/* The years to step: from the earlier of the base year and the first
 * requested year to the last requested one, each marked with its report index. */
static rf_status plan_years(rf_sim *s, rf_err *err)
{
    const rf_scenario *sc = s->sc;
    int first = sc->years[0] < RF_SIM_BASE_YEAR ? sc->years[0] : RF_SIM_BASE_YEAR;
    int last = sc->years[sc->nyears - 1];
    if (last < first) last = first;
    s->nyrs = last - first + 1;
    s->yrs = malloc((size_t)s->nyrs * sizeof *s->yrs);
    s->report = malloc((size_t)s->nyrs * sizeof *s->report);
    if (!s->yrs || !s->report) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0, j = 0; i < s->nyrs; i++) {
        s->yrs[i] = first + i;
        while (j < sc->nyears && sc->years[j] < s->yrs[i]) j++;
        s->report[i] = j < sc->nyears && sc->years[j] == s->yrs[i] ? j : -1;
    }
    return RF_OK;
}

rf_sim *rf_sim_new(const rf_world *w, const rf_scenario *sc, const rf_sim_options *opt, rf_err *err)
{
    if (!w || !sc || sc->nyears < 1) {
        rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_sim_new: a world and a scenario with years are required");
        return NULL;
    }
    rf_sim *s = calloc(1, sizeof *s);
    if (!s) {
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    s->w = w;
    s->sc = sc;
    if (opt) s->opt = *opt;
    s->passes = 1;
    s->settled = 1;
    s->market = rf_market_new(w, err);
    s->ahead = s->market ? rf_market_new(w, err) : NULL;
    if (s->ahead && s->opt.lp_primal) {
        rf_market_set_method(s->market, RF_LP_PRIMAL);
        rf_market_set_method(s->ahead, RF_LP_PRIMAL);
    }
    s->res = s->ahead ? rf_results_new(w, sc->name, sc->nyears, err) : NULL;
    rf_status st = s->res ? RF_OK : (err ? err->code : RF_ENOMEM);
    if (st == RF_OK && !(s->res->expectations = rf__strdup(rf_expectations_name(sc->expectations))))
        st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    if (st == RF_OK) st = plan_years(s, err);
    if (st == RF_OK && sc->expectations == RF_EXPECT_PERFECT) {
        size_t n = (size_t)s->nyrs * (size_t)w->nregions * (size_t)w->nproducts + 1;
        s->pass_local = malloc(n * sizeof *s->pass_local);
        s->pass_export = malloc(n * sizeof *s->pass_export);
        if (!s->pass_local || !s->pass_export) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        for (size_t i = 0; st == RF_OK && i < n; i++) s->pass_local[i] = s->pass_export[i] = NAN;
    }
    if (st == RF_OK) st = init_state(s, err);
    if (st != RF_OK) {
        rf_sim_free(s);
        return NULL;
    }
    return s;
}

int rf_sim_done(const rf_sim *s)
{
    return !s || s->failed || s->next >= s->nyrs;
}

/* Solve the year `in` prepared, by period when the scenario asks for them:
 * each period is the year's input cut to its window (the levers weighed by
 * the share of it they cover), with the stocks and anchors the period before
 * left; the year's tables are then the sum of the periods'.  The MPS file,
 * when asked, is the first period's. */
static rf_status solve_periods(rf_sim *s, int year, rf_year_input *in, rf_year_result *out, const char *mps,
                               rf_err *err)
{
    int np = s->sc->periods > 1 ? s->sc->periods : 1;
    rf_status st = RF_OK;
    if (np == 1) {
        st = rf__shortrun_set(s, in, err);
        if (st == RF_OK) st = rf_policy_solve_input(s->market, s->w, s->sc, in, s->st.policy, out, mps, err);
        if (st == RF_OK) st = rf_policy_update_state(s->sc, s->w, in, out, s->st.policy, err);
        if (st == RF_OK) rf__shortrun_carry(s, in, out);
        return st;
    }
    rf_year_result *per = calloc((size_t)np, sizeof *per);
    if (!per) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int k = 0; st == RF_OK && k < np; k++) {
        rf_year_input pin;
        per[k].year = year;
        st = rf__sim_prepare(s, year, &pin, 0, err);
        if (st != RF_OK) break;
        pin.period = k;
        pin.nperiods = np;
        st = rf__shortrun_set(s, &pin, err);
        if (st == RF_OK)
            st = rf_policy_solve_input(s->market, s->w, s->sc, &pin, s->st.policy, &per[k], k == 0 ? mps : NULL, err);
        if (st == RF_OK) st = rf_policy_update_state(s->sc, s->w, &pin, &per[k], s->st.policy, err);
        if (st == RF_OK) rf__shortrun_carry(s, &pin, &per[k]);
        per[k].period = k + 1;
        per[k].nperiods_of_year = np;
        rf_year_input_close(&pin);
    }
    out->year = year;
    if (st == RF_OK) st = rf__periods_sum(s->w, out, per, np, err);
    if (st == RF_OK) {
        out->periods = per;
        out->nperiods = np;
        out->nperiods_of_year = np;
        return RF_OK;
    }
    for (int k = 0; k < np; k++) rf_year_result_clear(&per[k]);
    free(per);
    return st;
}

/* Step year yrs[next]: prepare, clear the market, carry the state, decide. */
static rf_status step_one(rf_sim *s, rf_err *err)
{
    int year = s->yrs[s->next], rep = s->report[s->next];
    rf_year_result *out = rep >= 0 ? &s->res->years[rep] : &s->scratch;
    if (rep < 0) rf_year_result_clear(out);
    rf_year_input in;
    long solves0, warm0, ahead0, ahead_warm0, n, warm;
    rf_market_counts(s->market, &solves0, &warm0);
    rf_market_counts(s->ahead, &ahead0, &ahead_warm0);
    rf_status st = rf__sim_prepare(s, year, &in, 0, err);
    if (st != RF_OK) return st;
    const char *mps = rep >= 0 && s->opt.mps_path ? s->opt.mps_path(s->opt.mps_ctx, year) : NULL;
    st = solve_periods(s, year, &in, out, mps, err);
    for (int f = 0; st == RF_OK && f < s->w->nfacilities; f++)
        s->st.capacity_t[f] = s->w->facilities[f].capacity_t * in.cap_factor[f];
    int optimal = st == RF_OK && out->status == RF_YEAR_OPTIMAL;
    if (optimal) remember_prices(s, out);
    if (optimal) rf__shortrun_year_end(s, out);
    if (optimal && s->pass_local) {
        size_t nn = (size_t)s->w->nregions * (size_t)s->w->nproducts;
        rf__sim_year_prices(s->w, out, s->pass_local + (size_t)s->next * nn,
                            s->pass_export + (size_t)s->next * nn);
    }
    /* A year with no numbers carries the state as it was (its stocks keep their inflow). */
    if (st == RF_OK) st = rf__inuse_update(s, year, optimal ? out : NULL, err);
    if (optimal) close_plants(s, &in);
    /* Projects decided before the run get an NPV as valued in its first year,
     * at that year's prices, for reference (their capex is partly sunk). */
    for (int i = 0; st == RF_OK && optimal && s->next == 0 && i < s->st.nbuilds; i++)
        if (isnan(s->st.builds[i].npv_usd))
            st = rf__sim_project_npv(s, s->st.builds[i].project, year, &s->st.builds[i].npv_usd, err);
    if (st == RF_OK && optimal && !s->opt.no_invest) st = rf__sim_decide(s, year, err);
    rf_market_counts(s->market, &n, &warm);
    out->lp_solves = (int)(n - solves0);
    out->lp_warm_solves = (int)(warm - warm0);
    rf_market_counts(s->ahead, &n, &warm);
    out->lookahead_solves = (int)(n - ahead0);
    out->lookahead_warm_solves = (int)(warm - ahead_warm0);
    if (st == RF_OK && rep >= 0) st = year_tables(s, year, &in, out, err);
    rf_year_input_close(&in);
    if (st != RF_OK) return st;
    s->st.year = year;
    s->next++;
    return RF_OK;
}

rf_status rf_sim_step(rf_sim *s, rf_err *err)
{
    if (s->failed) return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL, "rf_sim_step after a failed step");
    /* One step is one reported year, with the unreported years before it. */
    while (!rf_sim_done(s)) {
        int rep = s->report[s->next];
        rf_status st = step_one(s, err);
        if (st != RF_OK) {
            s->failed = 1;
            return st;
        }
        if (rep >= 0) break;
    }
    return RF_OK;
}

/* The decisions of a pass, to tell whether the perfect-foresight iteration settled. */
static int same_decisions(const rf_build *a, int na, const rf_build *b, int nb)
{
    if (na != nb) return 0;
    for (int i = 0; i < na; i++)
        if (a[i].project != b[i].project || a[i].decided != b[i].decided) return 0;
    return 1;
}

/* Keep the prices of the pass just run, and start again from the first year. */
static rf_status restart(rf_sim *s, rf_err *err)
{
    size_t n = (size_t)s->nyrs * (size_t)s->w->nregions * (size_t)s->w->nproducts + 1;
    if (!s->seen_local) {
        s->seen_local = malloc(n * sizeof *s->seen_local);
        s->seen_export = malloc(n * sizeof *s->seen_export);
        if (!s->seen_local || !s->seen_export) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    memcpy(s->seen_local, s->pass_local, n * sizeof *s->seen_local);
    memcpy(s->seen_export, s->pass_export, n * sizeof *s->seen_export);
    for (size_t i = 0; i < n; i++) s->pass_local[i] = s->pass_export[i] = NAN;
    for (int i = 0; i < s->res->nyears; i++) rf_year_result_clear(&s->res->years[i]);
    free_state(s);
    s->next = 0;
    return init_state(s, err);
}

rf_status rf_sim_run(rf_sim *s, rf_err *err)
{
    int max = s->opt.perfect_max_iter > 0 ? s->opt.perfect_max_iter : PERFECT_MAX_ITER;
    rf_build *prev = NULL;
    int nprev = -1;
    rf_status st = RF_OK;
    for (;;) {
        while (st == RF_OK && !rf_sim_done(s)) {
            st = rf_sim_step(s, err);
            if (st == RF_OK && s->opt.progress && s->next > 0)
                s->opt.progress(s->opt.progress_ctx, s->yrs[s->next - 1], s->next, s->nyrs, s->passes);
        }
        if (st != RF_OK || s->sc->expectations != RF_EXPECT_PERFECT || s->opt.no_invest) break;
        /* Perfect foresight: decide again on the prices this pass made, until the
         * decisions no longer change. */
        int same = same_decisions(prev, nprev, s->st.builds, s->st.nbuilds);
        if (same || s->passes >= max) {
            s->settled = same;
            break;
        }
        free(prev);
        nprev = s->st.nbuilds;
        prev = malloc((size_t)(nprev + 1) * sizeof *prev);
        if (!prev) {
            st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
            break;
        }
        memcpy(prev, s->st.builds, (size_t)nprev * sizeof *prev);
        st = restart(s, err);
        s->passes++;
    }
    free(prev);
    if (s->res) {
        s->res->passes = s->passes;
        s->res->settled = s->settled;
    }
    /* Decoupling: the focus region's magnets (the US unless the options name
     * another) against China. */
    if (st == RF_OK && s->res)
        st = rf_analytics_decoupling(s->w, s->res, rf_world_region(s->w, s->opt.focus ? s->opt.focus : "US"),
                                     rf_world_region(s->w, "CN"), err);
    return st;
}

void rf_sim_tune_allocator(void)
{
#ifdef __GLIBC__
    /* Keep up to 256 MiB of freed memory instead of trimming it, and serve
     * blocks up to 32 MiB (glibc's ceiling) from the heap, not by mmap. */
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
#endif
}

const rf_results *rf_sim_results(const rf_sim *s)
{
    return s->res;
}

rf_results *rf_sim_take_results(rf_sim *s)
{
    rf_results *r = s->res;
    s->res = NULL;
    if (r) {
        r->passes = s->passes;
        r->settled = s->settled;
    }
    return r;
}

const rf_sim_state *rf_sim_state_get(const rf_sim *s)
{
    return &s->st;
}

int rf_sim_passes(const rf_sim *s)
{
    return s->passes;
}

int rf_sim_converged(const rf_sim *s)
{
    return s->settled;
}

void rf_sim_free(rf_sim *s)
{
    if (!s) return;
    free_state(s);
    free(s->seen_local);
    free(s->seen_export);
    free(s->pass_local);
    free(s->pass_export);
    free(s->yrs);
    free(s->report);
    rf_year_result_clear(&s->scratch);
    rf_results_free(s->res);
    rf_market_free(s->market);
    rf_market_free(s->ahead);
    free(s);
}

rf_status rf_sim_value_project_at(rf_sim *s, int project, int year, rf_project_value *out, int *decided_by_run,
                                  rf_err *err)
{
    *decided_by_run = 0;
    rf_status st = RF_OK;
    while (st == RF_OK && !rf_sim_done(s) && s->st.year < year) st = rf_sim_step(s, err);
    if (st != RF_OK) return st;
    if (s->st.year != year)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL,
                          "rf_sim_value_project_at: %d is not a year of the run still to come", year);
    st = rf_sim_value_project(s, project, out, err);
    for (int i = 0; st == RF_OK && i < s->st.nbuilds; i++)
        if (s->st.builds[i].project == project && s->st.builds[i].decided <= year) {
            *decided_by_run = s->st.builds[i].decided;
            break;
        }
    return st;
}
