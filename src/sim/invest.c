/*
 * invest.c: investment decided by project economics (docs/model.md).
 *
 * At the end of each year every candidate (a named project not yet decided,
 * or one more block of a generic candidate) is valued: its cash flows over
 * its lead time and life (rareflow/finance.h) at expected prices, with the
 * support the scenario's levers give it, discounted at its region's rate
 * (finance.csv).  Those with a positive NPV may be committed, the best NPV
 * per dollar of capex first, within each generic candidate's build-rate
 * cap.  A project big enough to move prices must see that: margins are
 * bounded by those at the prices of a look-ahead solve, a year LOOKAHEAD_YEARS
 * ahead with every decision so far at full capacity, which is solved again
 * (warm) once the capacity committed since its last solve is a project big
 * enough to move prices (RESOLVE_SHARE of its stage), before the rest are
 * valued again.  So ten projects do not rush into a price that only one of
 * them can have, and the pipeline of projects decided but not yet built is
 * seen.
 *
 * Expected prices, by the scenario's `expectations`:
 *   adaptive   the weighted average of the last years' prices (weights of
 *              parameters.csv); in each year the plant earns the lower of
 *              its margins at those prices and at the look-ahead's, each
 *              margin on one set of prices (outputs and inputs of one market);
 *   reference  the path of price_paths.csv for each year of the project
 *              (adaptive where a product has no path);
 *   perfect    the prices the previous pass of the run made in each year
 *              (the last year's beyond the horizon; adaptive on the first pass).
 * A price a region does not have (a new plant makes a product the region
 * never made) is the netback through trade: the best price elsewhere less
 * freight for what it sells, the cheapest price elsewhere plus freight for
 * what it buys.
 */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rareflow/finance.h"
#include "rareflow/limits.h"
#include "rareflow/policy.h"

#define LOOKAHEAD_YEARS 3      /* the median lead time of projects (projects.csv) */
#define MAX_COMMITS_PER_YEAR 200
/* The look-ahead is solved again once the capacity committed since its last
 * solve reaches this share of its stage's world capacity: a project that size
 * moves prices; a string of small blocks is seen once they add up to it. */
#define RESOLVE_SHARE 0.05

/* Expected prices for one decision round: per node, and the mode to use them in. */
typedef struct expect {
    const rf_sim *s;
    double *local, *exp_;      /* [nr * np] adaptive, NaN where none */
    double *ahead_local, *ahead_exp; /* the look-ahead's, NaN where none; NULL outside a round */
    int have_ahead;
    /* Under adaptive expectations a node's price does not depend on the year,
     * so what a plant gets or pays there (a netback search over every region)
     * is found once per node and kept until the prices change (expect_fill):
     * memo[(2 * set + buy) * nn + node], valid where known[] is 1.  NULL under
     * the other expectations, whose prices move with the year. */
    double *memo;
    unsigned char *known;
} expect;

/* ---------- expected prices ---------- */

double rf__sim_adaptive(const rf_sim *s, const double *hist, size_t node)
{
    size_t nn = (size_t)s->w->nregions * (size_t)s->w->nproducts;
    double sum = 0.0, wsum = 0.0;
    for (int k = 0; k < s->nhist && k < s->w->params.nweights; k++) {
        double v = hist[(size_t)k * nn + node];
        if (isnan(v)) continue;
        sum += s->w->params.expectation_weights[k] * v;
        wsum += s->w->params.expectation_weights[k];
    }
    return wsum > 0.0 ? sum / wsum : NAN;
}

/* The adaptive prices from the history, and a memo emptied: call it whenever
 * the prices of `e` change. */
static void expect_fill(expect *e)
{
    const rf_sim *s = e->s;
    size_t nn = (size_t)s->w->nregions * (size_t)s->w->nproducts;
    for (size_t i = 0; i < nn; i++) {
        e->local[i] = rf__sim_adaptive(s, s->hist_local, i);
        e->exp_[i] = rf__sim_adaptive(s, s->hist_export, i);
    }
    if (e->known) memset(e->known, 0, 4 * nn);
}

static void expect_free(expect *e)
{
    free(e->local);
    free(e->exp_);
    free(e->ahead_local);
    free(e->ahead_exp);
    free(e->memo);
    free(e->known);
}

/* Expectations of the state, filled (expect_fill), with room for the
 * look-ahead's prices when `ahead` (a decision round).  -1 on ENOMEM
 * (release with expect_free either way). */
static int expect_init(expect *e, const rf_sim *s, int ahead)
{
    size_t nn = (size_t)s->w->nregions * (size_t)s->w->nproducts;
    memset(e, 0, sizeof *e);
    e->s = s;
    e->local = malloc(nn * sizeof(double));
    e->exp_ = malloc(nn * sizeof(double));
    if (ahead) {
        e->ahead_local = malloc(nn * sizeof(double));
        e->ahead_exp = malloc(nn * sizeof(double));
    }
    if (s->sc->expectations == RF_EXPECT_ADAPTIVE) {
        e->memo = malloc(4 * nn * sizeof(double));
        e->known = malloc(4 * nn);
    }
    if (!e->local || !e->exp_ || (ahead && (!e->ahead_local || !e->ahead_exp)) ||
        (s->sc->expectations == RF_EXPECT_ADAPTIVE && (!e->memo || !e->known)))
        return -1;
    expect_fill(e);
    return 0;
}

/* One of the adaptive or look-ahead arrays at node i: the plant-gate price
 * when `gate` and there is one, else the local price; NaN when neither. */
static double pick(const double *local, const double *exp_, size_t i, int gate)
{
    double v = gate ? exp_[i] : NAN;
    return isnan(v) ? local[i] : v;
}

/*
 * The price of node (r, p) in `year` in one set of expectations (local, or
 * the plant gate's when `gate` and there is one), NaN when none.  Set
 * EXPECTED is the expectation proper: the reference path or the previous
 * pass's price where the scenario's expectations have one, else the
 * adaptive average; set AHEAD is the look-ahead solve's, falling back to
 * EXPECTED where it has no price.
 */
enum { EXPECTED = 0, AHEAD = 1 };

static double set_price(const expect *e, int set, int r, int p, int year, int gate)
{
    const rf_sim *s = e->s;
    const rf_world *w = s->w;
    size_t i = RF_NODE(w, r, p);
    if (set == AHEAD && e->have_ahead) {
        double v = pick(e->ahead_local, e->ahead_exp, i, gate);
        if (!isnan(v)) return v;
    }
    if (s->sc->expectations == RF_EXPECT_REFERENCE) {
        double path;
        if (rf_world_price_path(w, p, r, year, &path)) return path;
    } else if (s->sc->expectations == RF_EXPECT_PERFECT && s->seen_local) {
        int k = 0;
        while (k + 1 < s->nyrs && s->yrs[k] < year) k++;
        size_t nn = (size_t)w->nregions * (size_t)w->nproducts;
        double v = pick(s->seen_local + (size_t)k * nn, s->seen_export + (size_t)k * nn, i, gate);
        if (!isnan(v)) return v;
    }
    return pick(e->local, e->exp_, i, gate);
}

/* What a plant in r gets for p in one set: its own price, else the best
 * netback through trade (`buy`: what it pays, its local price, else the
 * cheapest import). */
static double netback(const expect *e, int set, int r, int p, int year, int buy)
{
    double v = set_price(e, set, r, p, year, !buy);
    if (!isnan(v)) return v;
    const rf_world *w = e->s->w;
    double best = NAN, freight;
    for (int q = 0; q < w->nregions; q++) {
        if (q == r || !(buy ? rf_world_arc_cost(w, q, r, p, &freight) : rf_world_arc_cost(w, r, q, p, &freight)))
            continue;
        double there = set_price(e, set, q, p, year, buy);
        if (isnan(there)) continue;
        double at_r = buy ? there + freight : there - freight;
        if (isnan(best) || (buy ? at_r < best : at_r > best)) best = at_r;
    }
    /* A by-product worth less than its freight is left where it is: worth 0, never less. */
    return buy || isnan(best) || best > 0.0 ? best : 0.0;
}

/* netback, through the memo when there is one (the memo is not the
 * expectations' state: filling it leaves every answer the same). */
static double plant_price(const expect *e, int set, int r, int p, int year, int buy)
{
    if (!e->known) return netback(e, set, r, p, year, buy);
    size_t i = (size_t)(2 * set + buy) * (size_t)e->s->w->nregions * (size_t)e->s->w->nproducts +
               RF_NODE(e->s->w, r, p);
    if (!e->known[i]) {
        e->memo[i] = netback(e, set, r, p, year, buy);
        e->known[i] = 1;
    }
    return e->memo[i];
}

static double sell_price(const expect *e, int set, int r, int p, int year)
{
    return plant_price(e, set, r, p, year, 0);
}

static double buy_price(const expect *e, int set, int r, int p, int year)
{
    return plant_price(e, set, r, p, year, 1);
}

/* The sets a valuation compares: under adaptive expectations the look-ahead
 * too (new capacity must be expected to move prices); the reference path and
 * perfect foresight already are the prices the investor expects. */
static int nsets(const expect *e)
{
    return e->have_ahead && e->s->sc->expectations == RF_EXPECT_ADAPTIVE ? 2 : 1;
}

/* ---------- valuation ---------- */

/* The facility's average tranche cost per kg of activity at full capacity. */
static double average_cost(const rf_world *w, int f)
{
    double size[RF_MAX_TRANCHES], cost[RF_MAX_TRANCHES], t = 0.0, c = 0.0;
    int n = rf_world_tranches(w, f, 1.0, size, cost);
    for (int i = 0; i < n; i++) {
        t += size[i];
        c += size[i] * cost[i];
    }
    return t > 0.0 ? c / t : w->facilities[f].unit_cost_usd_per_kg;
}

/* Margin of recipe k of facility f per kg of activity at the year's expected prices. */
static double set_margin(const expect *e, int set, int f, int k, int year, double unit_cost)
{
    const rf_world *w = e->s->w;
    const rf_facility *fac = &w->facilities[f];
    const rf_recipe *r = &w->recipes[fac->recipes[k]];
    double v = -r->extra_cost_usd_per_kg - unit_cost;
    for (int i = 0; i < r->nout; i++) {
        double p = sell_price(e, set, fac->region, r->out[i].product, year);
        v += r->out[i].qty * (isnan(p) ? 0.0 : p);
    }
    for (int i = 0; i < r->nin; i++) {
        double p = buy_price(e, set, fac->region, r->in[i].product, year);
        if (isnan(p)) return -HUGE_VAL; /* an input it cannot get: it cannot run */
        v -= r->in[i].qty * p;
    }
    return v;
}

/* The margin of recipe k in `year` in the set that gives the lower one
 * (each set's prices are one market's, so their spreads are coherent); the
 * set chosen in *set. */
static double recipe_margin(const expect *e, int f, int k, int year, double unit_cost, int *set)
{
    double m = set_margin(e, EXPECTED, f, k, year, unit_cost);
    *set = EXPECTED;
    if (nsets(e) > 1) {
        double a = set_margin(e, AHEAD, f, k, year, unit_cost);
        if (a < m) m = a, *set = AHEAD;
    }
    return m;
}

/* Scratch arrays of one valuation, sized for the longest horizon. */
typedef struct scratch {
    int n, nout;
    double *capex, *opex, *volume, *price, *flows;
} scratch;

static int scratch_init(scratch *sc, int nyears, int noutputs)
{
    sc->n = nyears;
    sc->nout = noutputs;
    size_t ny = (size_t)nyears, no = (size_t)(noutputs ? noutputs : 1);
    sc->capex = calloc(ny, sizeof(double));
    sc->opex = calloc(ny, sizeof(double));
    sc->volume = calloc(ny * no, sizeof(double));
    sc->price = calloc(ny * no, sizeof(double));
    sc->flows = calloc(ny * RF_FINANCE_FLOW_LINES, sizeof(double));
    return sc->capex && sc->opex && sc->volume && sc->price && sc->flows ? 0 : -1;
}

static void scratch_free(scratch *sc)
{
    free(sc->capex);
    free(sc->opex);
    free(sc->volume);
    free(sc->price);
    free(sc->flows);
}

/* Doubles of an rf_project_value's buffer: the flow lines, capex and opex,
 * volume and price of each output, and the support's three per-output arrays. */
static size_t value_buf_len(int nyears, int noutputs)
{
    return (size_t)nyears * (RF_FINANCE_FLOW_LINES + 2 + 2 * (size_t)noutputs) + 3 * (size_t)noutputs;
}

/* Copy [n] of `from` to `to` and return `to`; NULL for a NULL `from` (no such support). */
static const double *keep_array(double *to, const double *from, int n)
{
    if (!from) return NULL;
    memcpy(to, from, (size_t)n * sizeof *from);
    return to;
}

/* Copy the finance core's inputs after the lines already in pv->buf (`fl`):
 * whoever values the project again (rf_sim_project_finance) needs all of them. */
static void keep_lines(rf_project_value *pv, const scratch *sc, const rf_finance_flows *fl,
                       const rf_finance_project *fp, const rf_finance_support *sup, double rate)
{
    size_t n = (size_t)sc->n, nv = n * (size_t)sc->nout;
    pv->flows = *fl;
    pv->discount_rate = rate;
    pv->noutputs = sc->nout;
    pv->capex_by_year_usd = pv->buf + n * RF_FINANCE_FLOW_LINES;
    pv->opex_usd = pv->capex_by_year_usd + n;
    pv->volume_t = pv->opex_usd + n;
    pv->price_usd_per_kg = pv->volume_t + nv;
    memcpy(pv->capex_by_year_usd, sc->capex, n * sizeof *sc->capex);
    memcpy(pv->opex_usd, sc->opex, n * sizeof *sc->opex);
    if (nv) {
        memcpy(pv->volume_t, sc->volume, nv * sizeof *sc->volume);
        memcpy(pv->price_usd_per_kg, sc->price, nv * sizeof *sc->price);
    }
    pv->royalty_rate = fp->royalty_rate;
    pv->tax_rate = fp->tax_rate;
    pv->depreciation_years = fp->depreciation_years;
    /* The support's arrays are the caller's stack: kept in the buffer, after the prices. */
    double *arrays = pv->price_usd_per_kg + nv;
    pv->support = *sup;
    pv->support.floor_usd_per_kg = keep_array(arrays, sup->floor_usd_per_kg, sc->nout);
    pv->support.offtake_share = keep_array(arrays + sc->nout, sup->offtake_share, sc->nout);
    pv->support.offtake_price_usd_per_kg =
        keep_array(arrays + 2 * sc->nout, sup->offtake_price_usd_per_kg, sc->nout);
}

/* The window [from, to) of a lever in years of a project decided in `year`. */
static rf_finance_window window_of(const rf_policy *lv, int year, int n)
{
    double a = lv->from - (double)year, b = lv->to - (double)year;
    int start = a <= 0.0 ? 0 : (int)ceil(a), end = b >= (double)n ? n : (int)floor(b);
    rf_finance_window wd = {start > n ? n : start, end > start ? end - start : 0};
    return wd;
}

/* The floors and offtakes of the scenario on the plant's outputs, into the
 * support (the arrays are the caller's, [noutputs]). */
static void lp_supports(const rf_sim *s, int f, const rf_recipe *r, int year, int n, rf_finance_support *sup,
                        double *floor_, double *off_share, double *off_price)
{
    const rf_scenario *sc = s->sc;
    const rf_world *w = s->w;
    for (int i = 0; i < sc->npolicies; i++) {
        const rf_policy *lv = &sc->policies[i];
        if ((lv->kind != RF_POL_FLOOR && lv->kind != RF_POL_OFFTAKE) || !lv->facility ||
            rf_world_facility(w, lv->facility) != f || lv->products.n != 1)
            continue;
        int prod = rf_world_product(w, lv->products.ids[0]);
        for (int k = 0; k < r->nout; k++) {
            if (r->out[k].product != prod) continue;
            if (lv->kind == RF_POL_FLOOR) {
                floor_[k] = lv->price;
                sup->floor_usd_per_kg = floor_;
                sup->floor_upside_share = lv->upside_share;
                sup->floor_window = window_of(lv, year, n);
            } else if (lv->price >= 0.0) { /* an offtake at the market price changes nothing */
                off_share[k] = lv->share;
                off_price[k] = lv->price;
                sup->offtake_share = off_share;
                sup->offtake_price_usd_per_kg = off_price;
                sup->offtake_window = window_of(lv, year, n);
            }
        }
    }
}

/* The support of the investment levers, in the finance module's form. */
static void lever_support(const rf_project_terms *t, rf_finance_support *sup)
{
    sup->grant_share = t->grant_share;
    sup->grant_usd = t->grant_usd;
    sup->loan.share = t->loan_share;
    sup->loan.rate = t->loan_rate;
    sup->loan.market_rate = t->loan_market_rate;
    sup->loan.tenor_years = t->loan_tenor_years;
    sup->loan.grace_years = t->loan_grace_years;
    sup->equity_share = t->equity_share;
    sup->ebitda_guarantee_usd = t->ebitda_guarantee_usd;
    sup->ebitda_window = (rf_finance_window){t->lead_time_years, t->ebitda_years};
}

/*
 * The investor's NPV of building project p (one block of a generic one)
 * decided at the end of `year`, with the terms and support of the levers in
 * force then, at the expected prices of `e`.  Capex is spent evenly over the
 * lead time; the plant then runs its best recipe (at its first year's
 * prices) at its ramped capacity in every year that recipe covers its cash
 * cost, and idles otherwise.  *npv is NaN when it is blocked or no recipe
 * can run.  With `gov` (may be NULL), the government's cost of the levers'
 * support by year of the project, [4][n] (grant, loan, equity, guarantee),
 * is written and *ngov set to n.  With `pv` (may be NULL: the decision
 * loop, which then allocates nothing more), the recipe, the lines and the
 * finance core's inputs are kept in an owned buffer (rf_sim_value_project).
 * Returns RF_OK, RF_ENOMEM, or the finance core's refusal of the terms
 * (*npv NaN).
 */
static rf_status value_project(const expect *e, int p, int year, rf_project_terms *tm, double *gov, int *ngov,
                               rf_project_value *pv, double *npv, rf_err *err)
{
    const rf_sim *s = e->s;
    const rf_world *w = s->w;
    const rf_project *pj = &w->projects[p];
    *npv = NAN;
    rf_policy_project_terms(s->sc, w, p, year, tm);
    if (tm->blocked) return RF_OK;
    int f = pj->facility, lead = tm->lead_time_years, life = pj->life_years;
    const rf_facility *fac = &w->facilities[f];
    int n = lead + life;
    if (n > RF_FIN_MAX_YEARS) n = RF_FIN_MAX_YEARS;
    double unit = average_cost(w, f);
    int k_best = -1;
    double m_best = -HUGE_VAL;
    for (int k = 0; k < fac->nrecipes; k++) {
        int set;
        double m = recipe_margin(e, f, k, year + lead, unit, &set);
        if (m > m_best) m_best = m, k_best = k;
    }
    if (pv) pv->recipe = k_best < 0 ? -1 : fac->recipes[k_best];
    if (k_best < 0) return RF_OK;
    const rf_recipe *r = &w->recipes[fac->recipes[k_best]];
    scratch sc;
    double floor_[RF_MAX_RECIPE_FLOWS] = {0}, off_share[RF_MAX_RECIPE_FLOWS] = {0}, off_price[RF_MAX_RECIPE_FLOWS] = {0};
    int bad = scratch_init(&sc, n, r->nout);
    /* Asked for the lines: they go to the caller's buffer instead of the scratch. */
    double *flows_buf = sc.flows;
    if (!bad && pv) bad = !(flows_buf = pv->buf = calloc(value_buf_len(n, r->nout), sizeof *pv->buf));
    if (bad) {
        scratch_free(&sc);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    double capacity = fac->capacity_t;
    for (int t = 0; t < lead && t < n; t++) sc.capex[t] = tm->capex_usd / (double)lead;
    /* Where the prices do not depend on the year (the memo's adaptive
     * expectations), the margin, the cost per kg and the prices of one year
     * are those of every year: found once, the same numbers. */
    int same_every_year = e->known != NULL, known = 0, set = EXPECTED;
    double m = 0.0, cost_per_kg = 0.0, price[RF_MAX_RECIPE_FLOWS];
    for (int t = lead; t < n; t++) {
        int y = year + t;
        double share = rf__sim_ramp(pj, t - lead, tm->ramp_stretch);
        if (!known) {
            m = recipe_margin(e, f, k_best, y, unit, &set);
            cost_per_kg = unit + r->extra_cost_usd_per_kg;
            for (int i = 0; i < r->nin && m > 0.0; i++)
                cost_per_kg += r->in[i].qty * buy_price(e, set, fac->region, r->in[i].product, y);
            /* Asked for the lines (pv), the prices it idles at are worth showing too. */
            for (int i = 0; i < r->nout && (m > 0.0 || pv); i++) {
                double v = sell_price(e, set, fac->region, r->out[i].product, y);
                price[i] = isnan(v) ? 0.0 : v;
            }
            known = same_every_year;
        }
        if (!(m > 0.0)) { /* it idles in a year that does not pay its cash cost */
            for (int i = 0; pv && i < r->nout; i++) sc.price[(size_t)i * (size_t)n + (size_t)t] = price[i];
            continue;
        }
        double act = capacity * share;
        sc.opex[t] = act * cost_per_kg * 1000.0;
        for (int i = 0; i < r->nout; i++) {
            sc.volume[(size_t)i * (size_t)n + (size_t)t] = act * r->out[i].qty;
            sc.price[(size_t)i * (size_t)n + (size_t)t] = price[i];
        }
    }
    rf_finance_terms terms = rf_world_finance(w, fac->region);
    /* A royalty is what a state charges for its ore: mines pay it, plants do not. */
    rf_finance_project fp = {n, r->nout, sc.capex, sc.volume, sc.price, sc.opex,
                             fac->stage == RF_STAGE_MINE ? terms.royalty_rate : 0.0, terms.tax_rate,
                             terms.depreciation_years};
    rf_finance_support sup;
    memset(&sup, 0, sizeof sup);
    lever_support(tm, &sup);
    if (!(sup.loan.market_rate > 0.0)) sup.loan.market_rate = terms.discount_rate;
    /* A loan is drawn with the capex, so its last repayment must come after the
     * lead time; one whose tenor a permitting cut or a ban delay leaves too short
     * (or past the horizon) is not drawn. */
    if (sup.loan.share > 0.0 && (sup.loan.tenor_years <= lead || sup.loan.tenor_years >= n)) {
        memset(&sup.loan, 0, sizeof sup.loan);
        tm->loan_share = 0.0;
        tm->loan_payer = tm->loan_policy = -1;
    }
    lp_supports(s, f, r, year, n, &sup, floor_, off_share, off_price);
    rf_finance_flows fl;
    rf_status st = rf_finance_flows_bind(&fl, flows_buf, (size_t)n * RF_FINANCE_FLOW_LINES, n, err);
    if (st == RF_OK) st = rf_finance_cash_flows(&fp, &sup, &fl, err);
    if (st == RF_OK) st = rf_finance_npv(fl.investor_usd, n, terms.discount_rate, npv, err);
    if (st == RF_OK && pv) keep_lines(pv, &sc, &fl, &fp, &sup, terms.discount_rate);
    if (st == RF_OK && gov) {
        for (int t = 0; t < n; t++) {
            gov[t] = fl.grant_usd[t];
            gov[(size_t)n + (size_t)t] = fl.loan_subsidy_usd[t];
            gov[2 * (size_t)n + (size_t)t] = fl.gov_equity_usd[t];
            gov[3 * (size_t)n + (size_t)t] = fl.ebitda_topup_usd[t];
        }
        *ngov = n;
    }
    scratch_free(&sc);
    if (st != RF_OK) *npv = NAN;
    return st;
}

/* The NPV of candidate p as the decision rule sees it: NaN when it cannot be
 * valued, also when the finance core refuses its terms (the rule passes it
 * over).  RF_OK, or RF_ENOMEM. */
static rf_status value_candidate(const expect *e, int p, int year, double *npv, rf_err *err)
{
    rf_project_terms tm;
    rf_err refused;
    rf_err_clear(&refused);
    rf_status st = value_project(e, p, year, &tm, NULL, NULL, NULL, npv, &refused);
    if (st != RF_ENOMEM) return RF_OK;
    if (err) *err = refused;
    return st;
}

/* ---------- the look-ahead ---------- */

/* Solve the market LOOKAHEAD_YEARS ahead with every decision at full capacity. */
static rf_status look_ahead(expect *e, int year, rf_err *err)
{
    rf_sim *s = (rf_sim *)e->s;
    int y = year + LOOKAHEAD_YEARS > RF_YEAR_MAX ? RF_YEAR_MAX : year + LOOKAHEAD_YEARS;
    rf_year_input in;
    rf_year_result out;
    memset(&out, 0, sizeof out);
    rf_status st = rf__sim_prepare(s, y, &in, 1, err);
    if (st != RF_OK) return st;
    in.quick_tariffs = 1; /* an expectation: the tariff iteration's first step is enough */
    st = rf_policy_solve_input(s->ahead, s->w, s->sc, &in, s->st.policy, &out, NULL, err);
    rf_year_input_close(&in);
    e->have_ahead = st == RF_OK && out.status == RF_YEAR_OPTIMAL;
    if (e->have_ahead) rf__sim_year_prices(s->w, &out, e->ahead_local, e->ahead_exp);
    rf_year_result_clear(&out);
    if (st == RF_OK) expect_fill(e);
    return st;
}

/* ---------- the decision rule ---------- */

/* The world's capacity of a stage in the last year stepped (t of activity). */
static double stage_capacity(const rf_sim *s, rf_stage stage)
{
    double t = 0.0;
    for (int f = 0; f < s->w->nfacilities; f++)
        if (s->w->facilities[f].stage == stage) t += s->st.capacity_t[f];
    return t;
}

/* Whether project p may be committed in `year` (blocks already committed this year: `now`). */
static int eligible(const rf_sim *s, int p, int year, int now)
{
    const rf_project *pj = &s->w->projects[p];
    if (pj->earliest_decision && year < pj->earliest_decision) return 0;
    if (s->st.closed[pj->facility]) return 0;
    if (pj->generic) return now < pj->max_blocks_per_year;
    for (int i = 0; i < s->st.nbuilds; i++)
        if (s->st.builds[i].project == p) return 0;
    return 1;
}

rf_status rf__sim_decide(rf_sim *s, int year, rf_err *err)
{
    const rf_world *w = s->w;
    if (w->nprojects == 0) return RF_OK;
    expect e;
    int bad = expect_init(&e, s, 1);
    int *now = calloc((size_t)w->nprojects, sizeof *now);
    /* A candidate's NPV depends on the round's expected prices, not on what the
     * round has committed: it is kept until the look-ahead moves them. */
    double *npv_of = malloc((size_t)w->nprojects * sizeof *npv_of);
    unsigned char *valued = calloc((size_t)w->nprojects, 1);
    double pending[RF_STAGE_COUNT] = {0}; /* capacity committed since the last look-ahead, by stage */
    rf_status st = !bad && now && npv_of && valued ? RF_OK
                                                   : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    /* Adaptive expectations see the pipeline through the look-ahead; the others
     * need none (a path or the run's own prices already say what comes). */
    if (st == RF_OK && s->sc->expectations == RF_EXPECT_ADAPTIVE) st = look_ahead(&e, year, err);
    for (int round = 0; st == RF_OK && round < MAX_COMMITS_PER_YEAR; round++) {
        int best = -1;
        double best_ratio = 0.0, best_npv = 0.0;
        rf_project_terms tm;
        for (int p = 0; st == RF_OK && p < w->nprojects; p++) {
            if (!eligible(s, p, year, now[p])) continue;
            if (!valued[p]) st = value_candidate(&e, p, year, &npv_of[p], err);
            valued[p] = 1;
            double npv = npv_of[p];
            if (isnan(npv) || !(npv > 0.0)) continue;
            double ratio = npv / (w->projects[p].capex_usd > 1.0 ? w->projects[p].capex_usd : 1.0);
            if (ratio > best_ratio) best = p, best_ratio = ratio, best_npv = npv;
        }
        if (st != RF_OK || best < 0) break;
        const rf_project *pj = &w->projects[best];
        /* Valued again to keep the government's cost of its support, year by year. */
        int ngov = 0;
        double *gov = malloc(4 * (size_t)RF_FIN_MAX_YEARS * sizeof *gov);
        st = gov ? value_project(&e, best, year, &tm, gov, &ngov, NULL, &best_npv, err)
                 : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        rf_build *b = st == RF_OK ? rf__sim_add_build(s) : NULL;
        if (st == RF_OK && (!b || rf__sim_add_support(s, &tm, gov, ngov)))
            st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        free(gov);
        if (st != RF_OK) break;
        b->project = best;
        b->decided = year;
        b->lead_time_years = tm.lead_time_years;
        b->arrives = year + tm.lead_time_years;
        b->ramp_stretch = tm.ramp_stretch;
        b->capex_usd = tm.capex_usd;
        b->npv_usd = best_npv;
        b->capacity_t = w->facilities[pj->facility].capacity_t;
        now[best]++;
        rf_stage stg = w->facilities[pj->facility].stage;
        pending[stg] += b->capacity_t;
        if (s->sc->expectations == RF_EXPECT_ADAPTIVE && pending[stg] >= RESOLVE_SHARE * stage_capacity(s, stg)) {
            st = look_ahead(&e, year, err);
            memset(pending, 0, sizeof pending);
            memset(valued, 0, (size_t)w->nprojects);
        }
    }
    expect_free(&e);
    free(now);
    free(npv_of);
    free(valued);
    return st;
}

rf_status rf__sim_project_npv(rf_sim *s, int p, int year, double *npv, rf_err *err)
{
    expect e;
    /* Outside a decision round: no look-ahead. */
    rf_status st = expect_init(&e, s, 0) ? rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory")
                                         : value_candidate(&e, p, year, npv, err);
    expect_free(&e);
    return st;
}

/* ---------- one project, in full (rareflow/sim.h) ---------- */

/* IRR, payback and the government's cost of a project valued into v. */
static rf_status measure(const rf_world *w, rf_project_value *v, rf_err *err)
{
    const rf_finance_flows *fl = &v->flows;
    rf_status st = rf_finance_irr(fl->investor_usd, fl->nyears, &v->irr, err);
    if (st == RF_OK) st = rf_finance_payback(fl->investor_usd, fl->nyears, &v->payback, err);
    if (st == RF_OK)
        st = rf_finance_npv(fl->gov_cost_usd, fl->nyears, w->params.government_discount_rate, &v->gov_cost_pv_usd,
                            err);
    return st;
}

rf_status rf_sim_value_project(rf_sim *s, int project, rf_project_value *out, rf_err *err)
{
    if (!s || !out)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_sim_value_project: a sim and an output are required");
    memset(out, 0, sizeof *out);
    out->project = project;
    out->recipe = -1;
    out->npv_usd = out->gov_cost_pv_usd = NAN;
    out->irr.kind = RF_FIN_NO_IRR;
    out->irr.rate = out->payback.fractional = NAN;
    out->payback.year = -1;
    if (s->failed) return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_sim_value_project: the sim failed a step");
    if (s->st.year == 0)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL,
                          "rf_sim_value_project: no year stepped yet (rf_sim_step first)");
    if (project < 0 || project >= s->w->nprojects)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_sim_value_project: project %d out of range 0..%d",
                          project, s->w->nprojects - 1);
    out->decided = s->st.year;
    expect e;
    rf_project_terms tm;
    if (expect_init(&e, s, 0)) {
        expect_free(&e);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    /* The decision loop skips a project the finance core refuses; asked for
     * one, that refusal is the answer. */
    rf_status st = value_project(&e, project, out->decided, &tm, NULL, NULL, out, &out->npv_usd, err);
    expect_free(&e);
    if (st != RF_OK) return st;
    out->blocked = tm.blocked;
    if (tm.blocked) return RF_OK;
    out->arrives = out->decided + tm.lead_time_years;
    out->capex_usd = tm.capex_usd;
    int region = s->w->facilities[s->w->projects[project].facility].region;
    out->discount_rate = rf_world_finance(s->w, region).discount_rate;
    return out->flows.nyears > 0 ? measure(s->w, out, err) : RF_OK;
}

void rf_project_value_close(rf_project_value *v)
{
    if (!v) return;
    free(v->buf);
    memset(v, 0, sizeof *v);
}
