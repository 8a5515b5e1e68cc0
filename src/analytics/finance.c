/*
 * finance.c: a project's cash flows, NPV, IRR, payback, loan subsidy and
 * break-even (see rareflow/finance.h; every formula is in docs/finance.md).
 *
 * Design.  Everything is a pure function of its arguments: no allocation,
 * no state, no I/O, so the simulation can evaluate thousands of candidate
 * projects a year from any thread.  Inputs are validated whole before any
 * line is written, so an error never leaves half a result.
 *
 * Numerics.  Discounted sums use Horner's rule in the discount factor
 * v = 1/(1+r), which is exact in year 0 and never forms (1+r)^t.  The IRR
 * search evaluates a function with the same sign and the same roots as the
 * NPV but that cannot overflow: the NPV itself where v <= 1, the NPV times
 * (1+r)^(n-1) where v > 1 (a polynomial in 1+r < 1).  Roots are refined by
 * Brent's method (R. P. Brent, Algorithms for Minimization without
 * Derivatives, 1973, ch. 4), written here: GSL has it, but GSL is GPL and
 * rareflow links Clp (EPL).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rareflow/finance.h"
#include "rareflow/limits.h"

/* The IRR scan: steps in ln(1+r), fine over the rates projects have, coarse beyond. */
#define IRR_CORE_LO (-0.99)
#define IRR_CORE_HI 10.0
#define IRR_STEP_CORE 0.005
#define IRR_STEP_OUTER 0.05
#define IRR_TOL 1e-14    /* absolute tolerance on a refined rate */
#define BRENT_MAXIT 200  /* Brent needs a few dozen at most; the cap only guards a bug */
#define SHARE_SLACK 1e-9 /* rounding allowed when grant and loan shares add up to 1 */

/* ---------------------------------------------------------------------------
 * Validation.  Each helper names the field and returns RF_EINVAL.
 * ------------------------------------------------------------------------- */

static rf_status check_real(double v, double lo, double hi, const char *field, rf_err *err)
{
    if (!isfinite(v)) return rf_err_set(err, RF_EINVAL, NULL, 0, field, "not a finite number");
    if (v < lo || v > hi)
        return rf_err_set(err, RF_EINVAL, NULL, 0, field, "%g is outside %g..%g", v, lo, hi);
    return RF_OK;
}

static rf_status check_int(int v, int lo, int hi, const char *field, rf_err *err)
{
    if (v < lo || v > hi)
        return rf_err_set(err, RF_EINVAL, NULL, 0, field, "%d is outside %d..%d", v, lo, hi);
    return RF_OK;
}

/* Every element of a[n] finite and within lo..hi; the field names the index. */
static rf_status check_array(const double *a, int n, double lo, double hi, const char *name,
                             rf_err *err)
{
    if (!a) return rf_err_set(err, RF_EINVAL, NULL, 0, name, "array is NULL");
    for (int i = 0; i < n; i++) {
        if (isfinite(a[i]) && a[i] >= lo && a[i] <= hi) continue;
        char field[RF_ERR_FIELD_MAX];
        snprintf(field, sizeof field, "%s[%d]", name, i);
        return check_real(a[i], lo, hi, field, err);
    }
    return RF_OK;
}

/* A cash-flow series given to NPV, IRR or payback. */
static rf_status check_series(const double *cf, int n, rf_err *err)
{
    rf_status st = check_int(n, 1, RF_FIN_MAX_YEARS, "n", err);
    if (st == RF_OK) st = check_array(cf, n, -RF_FIN_MAX_USD, RF_FIN_MAX_USD, "cf_usd", err);
    return st;
}

static rf_status check_rate(double r, const char *field, rf_err *err)
{
    if (!isfinite(r)) return rf_err_set(err, RF_EINVAL, NULL, 0, field, "not a finite number");
    if (r <= -1.0) return rf_err_set(err, RF_EINVAL, NULL, 0, field, "%g is not above -1", r);
    return RF_OK;
}

static rf_status check_window(rf_finance_window w, const char *name, rf_err *err)
{
    /* The field is named only for an error: every valuation checks three windows. */
    char field[RF_ERR_FIELD_MAX];
    if (w.start_year < 0 || w.start_year > RF_FIN_MAX_YEARS) {
        snprintf(field, sizeof field, "%s.start_year", name);
        return check_int(w.start_year, 0, RF_FIN_MAX_YEARS, field, err);
    }
    if (w.years < 0 || w.years > RF_FIN_MAX_YEARS) {
        snprintf(field, sizeof field, "%s.years", name);
        return check_int(w.years, 0, RF_FIN_MAX_YEARS, field, err);
    }
    return RF_OK;
}

/* The terms of a loan over a horizon of nyears (its share is checked by the caller). */
static rf_status check_loan_terms(const rf_finance_loan *l, int nyears, rf_err *err)
{
    rf_status st = check_real(l->rate, 0.0, 1.0, "loan.rate", err);
    if (st == RF_OK) st = check_real(l->market_rate, 0.0, 1.0, "loan.market_rate", err);
    if (st != RF_OK) return st;
    if (l->tenor_years < 1 || l->tenor_years > nyears - 1)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "loan.tenor_years",
                          "%d: the last repayment must fall in years 1..%d of the horizon",
                          l->tenor_years, nyears - 1);
    return check_int(l->grace_years, 0, l->tenor_years - 1, "loan.grace_years", err);
}

/* Draws must end before the last repayment, or they would never be repaid. */
static rf_status check_draws_end(const double *draws, int nyears, int tenor, const char *name,
                                 rf_err *err)
{
    for (int t = tenor; t < nyears; t++)
        if (draws[t] > 0.0) {
            char field[RF_ERR_FIELD_MAX];
            snprintf(field, sizeof field, "%s[%d]", name, t);
            return rf_err_set(err, RF_EINVAL, NULL, 0, field,
                              "loan drawn in year %d, not before its last repayment (year %d)", t,
                              tenor);
        }
    return RF_OK;
}

/* What rf_finance_loan_schedule and rf_finance_loan_subsidy both take: a
 * horizon, the terms of a loan over it, and draws that end before its last
 * repayment. */
static rf_status check_loan_draws(const rf_finance_loan *loan, const double *draws, int nyears,
                                  rf_err *err)
{
    rf_status st = check_int(nyears, 1, RF_FIN_MAX_YEARS, "nyears", err);
    if (st == RF_OK) st = check_loan_terms(loan, nyears, err);
    if (st == RF_OK) st = check_array(draws, nyears, 0.0, RF_FIN_MAX_USD, "draws_usd", err);
    if (st == RF_OK) st = check_draws_end(draws, nyears, loan->tenor_years, "draws_usd", err);
    return st;
}

static rf_status check_project(const rf_finance_project *p, rf_err *err)
{
    if (!p) return rf_err_set(err, RF_EINVAL, NULL, 0, "project", "project is NULL");
    rf_status st = check_int(p->nyears, 1, RF_FIN_MAX_YEARS, "nyears", err);
    if (st == RF_OK) st = check_int(p->noutputs, 0, RF_FIN_MAX_OUTPUTS, "noutputs", err);
    if (st != RF_OK) return st;
    int n = p->nyears, nk = p->noutputs * p->nyears;
    st = check_array(p->capex_usd, n, 0.0, RF_FIN_MAX_USD, "capex_usd", err);
    if (st == RF_OK) st = check_array(p->opex_usd, n, 0.0, RF_FIN_MAX_USD, "opex_usd", err);
    if (st == RF_OK && nk > 0)
        st = check_array(p->volume_t, nk, 0.0, RF_MAX_QTY_T, "volume_t", err);
    if (st == RF_OK && nk > 0)
        st = check_array(p->price_usd_per_kg, nk, 0.0, RF_MAX_PRICE_USD_PER_KG, "price_usd_per_kg",
                         err);
    if (st == RF_OK) st = check_real(p->royalty_rate, 0.0, 1.0, "royalty_rate", err);
    if (st == RF_OK) st = check_real(p->tax_rate, 0.0, 1.0, "tax_rate", err);
    if (st == RF_OK)
        st = check_int(p->depreciation_years, 1, RF_FIN_MAX_YEARS, "depreciation_years", err);
    return st;
}

static double total_capex(const rf_finance_project *p)
{
    double sum = 0.0;
    for (int t = 0; t < p->nyears; t++)
        sum += p->capex_usd[t];
    return sum;
}

/* Grant and loan: shares, amounts, loan terms, and together no more than the capex. */
static rf_status check_grant_loan(const rf_finance_project *p, const rf_finance_support *s,
                                  rf_err *err)
{
    rf_status st = check_real(s->grant_share, 0.0, 1.0, "grant_share", err);
    if (st == RF_OK) st = check_real(s->grant_usd, 0.0, RF_FIN_MAX_USD, "grant_usd", err);
    if (st == RF_OK) st = check_real(s->loan.share, 0.0, 1.0, "loan.share", err);
    if (st != RF_OK) return st;
    if (s->loan.share > 0.0) {
        st = check_loan_terms(&s->loan, p->nyears, err);
        if (st == RF_OK)
            st = check_draws_end(p->capex_usd, p->nyears, s->loan.tenor_years, "capex_usd", err);
        if (st != RF_OK) return st;
    }
    double total = total_capex(p), g = s->grant_share;
    if (s->grant_usd > 0.0) {
        if (total <= 0.0)
            return rf_err_set(err, RF_EINVAL, NULL, 0, "grant_usd",
                              "a grant of %g USD but the project spends no capex", s->grant_usd);
        g += s->grant_usd / total;
    }
    if (g > 1.0 + SHARE_SLACK)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "grant_usd",
                          "the grant is %g of the capex, more than all of it", g);
    if (g + s->loan.share > 1.0 + SHARE_SLACK)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "loan.share",
                          "grant (%g) and loan (%g) together pay more than the capex", g,
                          s->loan.share);
    return RF_OK;
}

static rf_status check_support(const rf_finance_project *p, const rf_finance_support *s,
                               rf_err *err)
{
    rf_status st = check_grant_loan(p, s, err);
    if (st == RF_OK) st = check_real(s->equity_share, 0.0, 1.0, "equity_share", err);
    if (st == RF_OK && s->floor_usd_per_kg)
        st = check_array(s->floor_usd_per_kg, p->noutputs, 0.0, RF_MAX_PRICE_USD_PER_KG,
                         "floor_usd_per_kg", err);
    if (st == RF_OK) st = check_real(s->floor_upside_share, 0.0, 1.0, "floor_upside_share", err);
    if (st == RF_OK) st = check_window(s->floor_window, "floor_window", err);
    if (st == RF_OK && s->offtake_share) {
        st = check_array(s->offtake_share, p->noutputs, 0.0, 1.0, "offtake_share", err);
        if (st == RF_OK)
            st = check_array(s->offtake_price_usd_per_kg, p->noutputs, 0.0, RF_MAX_PRICE_USD_PER_KG,
                             "offtake_price_usd_per_kg", err);
    }
    if (st == RF_OK) st = check_window(s->offtake_window, "offtake_window", err);
    if (st == RF_OK)
        st = check_real(s->ebitda_guarantee_usd, 0.0, RF_FIN_MAX_USD, "ebitda_guarantee_usd", err);
    if (st == RF_OK) st = check_window(s->ebitda_window, "ebitda_window", err);
    return st;
}

/* The lines of a flows struct, in binding order (rf_finance_flows_bind). */
static double **flow_lines(rf_finance_flows *fl, int i)
{
    double **lines[RF_FINANCE_FLOW_LINES] = {
        &fl->revenue_usd,        &fl->floor_topup_usd,  &fl->floor_upside_usd, &fl->royalty_usd,
        &fl->ebitda_topup_usd,   &fl->ebitda_usd,       &fl->depreciation_usd, &fl->interest_usd,
        &fl->loss_carried_usd,   &fl->tax_usd,          &fl->grant_usd,        &fl->loan_draw_usd,
        &fl->loan_principal_usd, &fl->equity_usd,       &fl->investor_usd,     &fl->gov_equity_usd,
        &fl->loan_subsidy_usd,   &fl->offtake_cost_usd, &fl->gov_cost_usd};
    return lines[i];
}

static rf_status check_flows(rf_finance_flows *fl, int nyears, rf_err *err)
{
    if (!fl) return rf_err_set(err, RF_EINVAL, NULL, 0, "flows", "flows is NULL");
    if (fl->nyears != nyears)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "flows",
                          "bound to %d years, the project has %d (rf_finance_flows_bind)",
                          fl->nyears, nyears);
    for (int i = 0; i < RF_FINANCE_FLOW_LINES; i++)
        if (!*flow_lines(fl, i))
            return rf_err_set(err, RF_EINVAL, NULL, 0, "flows",
                              "line %d is NULL (rf_finance_flows_bind)", i);
    return RF_OK;
}

/* ---------------------------------------------------------------------------
 * Numerics.
 * ------------------------------------------------------------------------- */

/* sum of cf[t] v^t with v = 1/(1+rate), by Horner's rule. */
static double npv_horner(const double *cf, int n, double rate)
{
    double v = 1.0 / (1.0 + rate), acc = 0.0;
    for (int t = n - 1; t >= 0; t--)
        acc = acc * v + cf[t];
    return acc;
}

/*
 * A function of r with the sign and the roots of NPV(r), that cannot
 * overflow for 1+r in [1e-6, 1e6]: NPV itself when 1+r >= 1, and
 * (1+r)^(n-1) NPV(r) = sum cf[t] (1+r)^(n-1-t) when 1+r < 1.  The two agree
 * at r = 0, so it is continuous and Brent can work across 0.
 */
typedef struct irr_series {
    const double *cf; /* [n] */
    int n;
} irr_series;

static double irr_fn(double r, void *ctx)
{
    const irr_series *ser = ctx;
    double w = 1.0 + r, acc = 0.0;
    if (w >= 1.0) return npv_horner(ser->cf, ser->n, r);
    for (int t = 0; t < ser->n; t++)
        acc = acc * w + ser->cf[t];
    return acc;
}

typedef double (*fin_fn)(double x, void *ctx);

/*
 * Brent's method on [a, b] where f(a) = fa and f(b) = fb have opposite
 * signs.  It keeps the root bracketed between b (the best estimate) and c,
 * tries inverse quadratic interpolation (or the secant with two points),
 * and falls back on bisection whenever interpolation would leave the
 * bracket or shrink it slower than halving: so it converges as surely as
 * bisection and usually superlinearly.  Returns 0 with *root set, or -1
 * after BRENT_MAXIT steps.
 */
static int brent(fin_fn f, void *ctx, double a, double b, double fa, double fb, double tol,
                 double *root)
{
    double c = a, fc = fa, d = b - a, e = d;
    for (int it = 0; it < BRENT_MAXIT; it++) {
        if ((fb > 0.0 && fc > 0.0) || (fb < 0.0 && fc < 0.0)) {
            c = a;
            fc = fa;
            d = e = b - a;
        }
        if (fabs(fc) < fabs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        double tol1 = 2.0 * DBL_EPSILON * fabs(b) + 0.5 * tol;
        double m = 0.5 * (c - b);
        if (fabs(m) <= tol1 || fb == 0.0) {
            *root = b;
            return 0;
        }
        if (fabs(e) >= tol1 && fabs(fa) > fabs(fb)) {
            double p, q, s = fb / fa;
            if (a == c) {
                p = 2.0 * m * s;
                q = 1.0 - s;
            } else {
                double qa = fa / fc, rb = fb / fc;
                p = s * (2.0 * m * qa * (qa - rb) - (b - a) * (rb - 1.0));
                q = (qa - 1.0) * (rb - 1.0) * (s - 1.0);
            }
            if (p > 0.0)
                q = -q;
            else
                p = -p;
            if (2.0 * p < fmin(3.0 * m * q - fabs(tol1 * q), fabs(e * q))) {
                e = d;
                d = p / q;
            } else {
                d = e = m;
            }
        } else {
            d = e = m;
        }
        a = b;
        fa = fb;
        b += fabs(d) > tol1 ? d : (m > 0.0 ? tol1 : -tol1);
        fb = f(b, ctx);
    }
    return -1;
}

/* Level payment that repays `balance` at `rate` in `n` yearly payments. */
static double annuity(double balance, double rate, int n)
{
    if (rate == 0.0) return balance / n;
    /* 1 - (1+i)^-n without the cancellation of a small rate. */
    return balance * rate / -expm1(-(double)n * log1p(rate));
}

/* One year of a loan: interest on the opening balance, principal by the schedule. */
typedef struct loan_run {
    double rate;
    double balance; /* USD owed at the end of the previous year */
} loan_run;

static void loan_step(loan_run *l, const rf_finance_loan *terms, int t, double draw,
                      double *interest, double *principal)
{
    *interest = l->rate * l->balance;
    *principal = 0.0;
    if (t > terms->grace_years && t <= terms->tenor_years && l->balance > 0.0) {
        int left = terms->tenor_years - t + 1;
        *principal = left == 1 ? l->balance : annuity(l->balance, l->rate, left) - *interest;
    }
    l->balance += draw - *principal;
}

/* ---------------------------------------------------------------------------
 * Cash flows.
 * ------------------------------------------------------------------------- */

/* A lever the break-even search replaces (inactive for a plain evaluation). */
typedef struct fin_override {
    int active;
    rf_finance_lever lever;
    int output;
    double value;
} fin_override;

static int in_window(rf_finance_window w, int t)
{
    return t >= w.start_year && t - w.start_year < w.years;
}

/* What the grant pays of each year's capex: share + amount / total capex. */
static double grant_fraction(const rf_finance_support *s, double total, const fin_override *ov)
{
    if (total <= 0.0) return 0.0;
    double extra = ov->active && ov->lever == RF_FIN_LEVER_GRANT ? ov->value : 0.0;
    double g = s->grant_share + (s->grant_usd + extra) / total;
    /* Validation allows SHARE_SLACK of rounding: never pay more than the capex. */
    return fmin(g, 1.0 - s->loan.share);
}

/* The sales lines of one year over every output. */
typedef struct sales_year {
    double revenue, topup, upside, offtake_cost;
} sales_year;

static sales_year sales(const rf_finance_project *p, const rf_finance_support *s,
                        const fin_override *ov, int t)
{
    sales_year y = {0.0, 0.0, 0.0, 0.0};
    int floor_on = in_window(s->floor_window, t), offtake_on = in_window(s->offtake_window, t);
    for (int k = 0; k < p->noutputs; k++) {
        size_t i = (size_t)k * (size_t)p->nyears + (size_t)t;
        double kg = 1000.0 * p->volume_t[i], price = p->price_usd_per_kg[i];
        int this_k = ov->active && ov->output == k;
        if (this_k && ov->lever == RF_FIN_LEVER_PRICE) price = ov->value;
        double share = offtake_on && s->offtake_share ? s->offtake_share[k] : 0.0;
        double market_kg = (1.0 - share) * kg, contract_kg = share * kg;
        if (contract_kg > 0.0) {
            double contract = s->offtake_price_usd_per_kg[k];
            y.revenue += contract_kg * contract;
            y.offtake_cost += contract_kg * (contract - price);
        }
        y.revenue += market_kg * price;
        double floor = s->floor_usd_per_kg ? s->floor_usd_per_kg[k] : 0.0;
        if (this_k && ov->lever == RF_FIN_LEVER_FLOOR) floor = ov->value;
        if (!floor_on || floor <= 0.0) continue;
        /* The floor pays on what is sold at the market: the offtake volume has its price. */
        if (price < floor)
            y.topup += (floor - price) * market_kg;
        else
            y.upside += s->floor_upside_share * (price - floor) * market_kg;
    }
    return y;
}

/* Every line of `o`, from validated input. */
static void flows_compute(const rf_finance_project *p, const rf_finance_support *s,
                          const fin_override *ov, rf_finance_flows *o)
{
    int n = p->nyears, life = p->depreciation_years, has_loan = s->loan.share > 0.0;
    double g = grant_fraction(s, total_capex(p), ov), e = s->equity_share, loss = 0.0;
    loan_run conc = {s->loan.rate, 0.0}, mkt = {s->loan.market_rate, 0.0};
    for (int t = 0; t < n; t++) {
        double capex = p->capex_usd[t];
        sales_year y = sales(p, s, ov, t);
        /* Royalties are levied on sales value, not on what a government pays on top. */
        double royalty = p->royalty_rate * y.revenue;
        double ebitda = y.revenue + y.topup - y.upside - p->opex_usd[t] - royalty;
        double etop =
            in_window(s->ebitda_window, t) ? fmax(0.0, s->ebitda_guarantee_usd - ebitda) : 0.0;
        ebitda += etop; /* after the floor: the guarantee pays what the floor left short */

        /* Straight line: what the project paid itself (capex less grant) in year u
         * is deducted in equal parts in years u+1 .. u+life. */
        double dep = 0.0;
        for (int u = t - life > 0 ? t - life : 0; u < t; u++)
            dep += (1.0 - g) * p->capex_usd[u];
        dep /= life;

        double draw = 0.0, interest = 0.0, principal = 0.0, mi = 0.0, mp = 0.0;
        if (has_loan) {
            draw = s->loan.share * capex;
            loan_step(&conc, &s->loan, t, draw, &interest, &principal);
            loan_step(&mkt, &s->loan, t, draw, &mi, &mp);
        }

        /* Losses carried forward without expiry; tax is never negative. */
        double taxable = ebitda - dep - interest, tax = 0.0;
        if (taxable < 0.0) {
            loss -= taxable;
        } else {
            double used = fmin(loss, taxable);
            loss -= used;
            tax = p->tax_rate * (taxable - used);
        }

        double grant = g * capex;
        double equity = ebitda - tax - capex + grant + draw - interest - principal;
        double gov_equity = e > 0.0 ? -e * equity : 0.0;
        double subsidy = (mi + mp) - (interest + principal);
        o->revenue_usd[t] = y.revenue;
        o->floor_topup_usd[t] = y.topup;
        o->floor_upside_usd[t] = y.upside;
        o->royalty_usd[t] = royalty;
        o->ebitda_topup_usd[t] = etop;
        o->ebitda_usd[t] = ebitda;
        o->depreciation_usd[t] = dep;
        o->interest_usd[t] = interest;
        o->loss_carried_usd[t] = loss;
        o->tax_usd[t] = tax;
        o->grant_usd[t] = grant;
        o->loan_draw_usd[t] = draw;
        o->loan_principal_usd[t] = principal;
        o->equity_usd[t] = equity;
        o->investor_usd[t] = (1.0 - e) * equity;
        o->gov_equity_usd[t] = gov_equity;
        o->loan_subsidy_usd[t] = subsidy;
        o->offtake_cost_usd[t] = y.offtake_cost;
        o->gov_cost_usd[t] =
            grant + subsidy + gov_equity + y.topup - y.upside + etop + y.offtake_cost;
    }
}

/* ---------------------------------------------------------------------------
 * Public API.
 * ------------------------------------------------------------------------- */

rf_status rf_finance_flows_bind(rf_finance_flows *fl, double *buf, size_t nbuf, int nyears,
                                rf_err *err)
{
    if (!fl) return rf_err_set(err, RF_EINVAL, NULL, 0, "flows", "flows is NULL");
    if (!buf) return rf_err_set(err, RF_EINVAL, NULL, 0, "buf", "buffer is NULL");
    rf_status st = check_int(nyears, 1, RF_FIN_MAX_YEARS, "nyears", err);
    if (st != RF_OK) return st;
    size_t need = (size_t)RF_FINANCE_FLOW_LINES * (size_t)nyears;
    if (nbuf < need)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "nbuf", "%zu doubles, %zu needed", nbuf, need);
    fl->nyears = nyears;
    for (int i = 0; i < RF_FINANCE_FLOW_LINES; i++)
        *flow_lines(fl, i) = buf + (size_t)i * (size_t)nyears;
    return RF_OK;
}

rf_status rf_finance_cash_flows(const rf_finance_project *p, const rf_finance_support *s,
                                rf_finance_flows *out, rf_err *err)
{
    static const rf_finance_support none; /* all zero: no support */
    rf_status st = check_project(p, err);
    if (st == RF_OK && s) st = check_support(p, s, err);
    if (st == RF_OK) st = check_flows(out, p->nyears, err);
    if (st != RF_OK) return st;
    fin_override off = {0, RF_FIN_LEVER_PRICE, -1, 0.0};
    flows_compute(p, s ? s : &none, &off, out);
    return RF_OK;
}

rf_status rf_finance_npv(const double *cf_usd, int n, double rate, double *npv_usd, rf_err *err)
{
    if (!npv_usd) return rf_err_set(err, RF_EINVAL, NULL, 0, "npv_usd", "is NULL");
    rf_status st = check_series(cf_usd, n, err);
    if (st == RF_OK) st = check_rate(rate, "rate", err);
    if (st != RF_OK) return st;
    double v = npv_horner(cf_usd, n, rate);
    if (!isfinite(v))
        return rf_err_set(err, RF_EINVAL, NULL, 0, "rate",
                          "the NPV at %g overflows a double (a rate too close to -1)", rate);
    *npv_usd = v;
    return RF_OK;
}

/* Scan one segment of the grid in x = ln(1+r), refining each sign change of NPV. */
typedef struct irr_scan {
    irr_series ser;        /* the series, for irr_fn */
    double r_prev, f_prev; /* the last grid point */
    double best;           /* the root nearest 0 so far */
    int nroots;
    int failed; /* Brent did not converge */
} irr_scan;

static void irr_root(irr_scan *sc, double r)
{
    if (sc->nroots == 0 || fabs(r) < fabs(sc->best)) sc->best = r;
    sc->nroots++;
}

static void irr_segment(irr_scan *sc, double x0, double x1, double step)
{
    int count = (int)ceil((x1 - x0) / step);
    for (int i = 1; i <= count; i++) {
        double r = expm1(x0 + (x1 - x0) * i / count);
        double f = irr_fn(r, &sc->ser);
        if (f == 0.0) {
            irr_root(sc, r);
        } else if (sc->f_prev != 0.0 && (f < 0.0) != (sc->f_prev < 0.0)) {
            double root;
            if (brent(irr_fn, &sc->ser, sc->r_prev, r, sc->f_prev, f, IRR_TOL, &root) != 0)
                sc->failed = 1;
            else
                irr_root(sc, root);
        }
        sc->r_prev = r;
        sc->f_prev = f;
    }
}

rf_status rf_finance_irr(const double *cf_usd, int n, rf_finance_irr_result *out, rf_err *err)
{
    if (!out) return rf_err_set(err, RF_EINVAL, NULL, 0, "out", "is NULL");
    rf_status st = check_series(cf_usd, n, err);
    if (st != RF_OK) return st;
    out->kind = RF_FIN_NO_IRR;
    out->rate = NAN;
    out->sign_changes = 0;
    out->nroots = 0;
    int last = 0;
    for (int t = 0; t < n; t++) {
        int sign = cf_usd[t] > 0.0 ? 1 : cf_usd[t] < 0.0 ? -1 : 0;
        if (sign != 0 && last != 0 && sign != last) out->sign_changes++;
        if (sign != 0) last = sign;
    }
    if (out->sign_changes == 0) return RF_OK;

    irr_scan sc = {{cf_usd, n}, 0.0, 0.0, 0.0, 0, 0};
    double x_min = log1p(RF_FIN_IRR_MIN), x_lo = log1p(IRR_CORE_LO);
    double x_hi = log1p(IRR_CORE_HI), x_max = log1p(RF_FIN_IRR_MAX);
    sc.r_prev = RF_FIN_IRR_MIN;
    sc.f_prev = irr_fn(sc.r_prev, &sc.ser);
    if (sc.f_prev == 0.0) irr_root(&sc, sc.r_prev);
    irr_segment(&sc, x_min, x_lo, IRR_STEP_OUTER);
    irr_segment(&sc, x_lo, x_hi, IRR_STEP_CORE);
    irr_segment(&sc, x_hi, x_max, IRR_STEP_OUTER);
    if (sc.failed)
        return rf_err_set(err, RF_ENOCONV, NULL, 0, "cf_usd",
                          "the IRR root finder did not converge");
    out->nroots = sc.nroots;
    if (sc.nroots == 0) {
        out->kind = RF_FIN_NO_IRR_IN_BRACKET;
        return RF_OK;
    }
    out->kind = RF_FIN_IRR_FOUND;
    out->rate = sc.best;
    return RF_OK;
}

const char *rf_finance_irr_note(const rf_finance_irr_result *r)
{
    if (!r) return NULL;
    switch (r->kind) {
    case RF_FIN_IRR_FOUND:
        return r->nroots > 1 ? "several roots: the IRR given is the one nearest 0 (let the NPV decide)"
                             : NULL;
    case RF_FIN_NO_IRR: return "no IRR: the cash flow never changes sign";
    case RF_FIN_NO_IRR_IN_BRACKET:
        return "no IRR: the cash flow changes sign but its NPV does not for rates from -99.9999% "
               "to 999,999 a year";
    }
    return "no IRR";
}

rf_status rf_finance_payback(const double *cf_usd, int n, rf_finance_payback_result *out,
                             rf_err *err)
{
    if (!out) return rf_err_set(err, RF_EINVAL, NULL, 0, "out", "is NULL");
    rf_status st = check_series(cf_usd, n, err);
    if (st != RF_OK) return st;
    out->paid_back = 1;
    out->year = 0;
    out->fractional = 0.0;
    out->dips_again = 0;
    double cum = 0.0;
    int was_negative = 0, found = 0;
    for (int t = 0; t < n; t++) {
        double prev = cum;
        cum += cf_usd[t];
        if (cum < 0.0) {
            if (found) out->dips_again = 1;
            was_negative = 1;
        } else if (was_negative && !found) {
            /* prev < 0 <= cum, so cf[t] > 0: the year is crossed at a fraction of it. */
            found = 1;
            out->year = t;
            out->fractional = (t - 1) + (-prev) / cf_usd[t];
        }
    }
    if (was_negative && !found) {
        out->paid_back = 0;
        out->year = -1;
        out->fractional = NAN;
    }
    return RF_OK;
}

rf_status rf_finance_loan_schedule(const rf_finance_loan *loan, const double *draws_usd, int nyears,
                                   double *interest_usd, double *principal_usd, rf_err *err)
{
    if (!loan) return rf_err_set(err, RF_EINVAL, NULL, 0, "loan", "loan is NULL");
    if (!interest_usd) return rf_err_set(err, RF_EINVAL, NULL, 0, "interest_usd", "is NULL");
    if (!principal_usd) return rf_err_set(err, RF_EINVAL, NULL, 0, "principal_usd", "is NULL");
    rf_status st = check_loan_draws(loan, draws_usd, nyears, err);
    if (st != RF_OK) return st;
    loan_run run = {loan->rate, 0.0};
    for (int t = 0; t < nyears; t++)
        loan_step(&run, loan, t, draws_usd[t], &interest_usd[t], &principal_usd[t]);
    return RF_OK;
}

rf_status rf_finance_loan_subsidy(const rf_finance_loan *loan, const double *draws_usd, int nyears,
                                  double discount_rate, double *subsidy_usd, double *value_usd,
                                  rf_err *err)
{
    if (!loan) return rf_err_set(err, RF_EINVAL, NULL, 0, "loan", "loan is NULL");
    if (!value_usd) return rf_err_set(err, RF_EINVAL, NULL, 0, "value_usd", "is NULL");
    rf_status st = check_loan_draws(loan, draws_usd, nyears, err);
    if (st == RF_OK) st = check_rate(discount_rate, "discount_rate", err);
    if (st != RF_OK) return st;
    /* Both schedules side by side; the PV by Horner from the last year back. */
    loan_run conc = {loan->rate, 0.0}, mkt = {loan->market_rate, 0.0};
    double v = 1.0 / (1.0 + discount_rate), pv = 0.0, disc = 1.0;
    for (int t = 0; t < nyears; t++) {
        double ci, cp, mi, mp;
        loan_step(&conc, loan, t, draws_usd[t], &ci, &cp);
        loan_step(&mkt, loan, t, draws_usd[t], &mi, &mp);
        double d = (mi + mp) - (ci + cp);
        if (subsidy_usd) subsidy_usd[t] = d;
        pv += d * disc;
        disc *= v;
    }
    if (!isfinite(pv))
        return rf_err_set(err, RF_EINVAL, NULL, 0, "discount_rate",
                          "the value at %g overflows a double", discount_rate);
    *value_usd = pv;
    return RF_OK;
}

/* The investor's NPV with the lever at x (the flows land in the scratch lines). */
typedef struct be_ctx {
    const rf_finance_project *p;
    const rf_finance_support *s;
    fin_override ov;
    double rate;
    rf_finance_flows *fl;
} be_ctx;

static double be_npv(double x, void *vctx)
{
    be_ctx *c = vctx;
    c->ov.value = x;
    flows_compute(c->p, c->s, &c->ov, c->fl);
    return npv_horner(c->fl->investor_usd, c->p->nyears, c->rate);
}

/* The lever's range: prices and floors up to the price limit, a grant up to what
 * grant and loan leave of the capex. */
static rf_status be_range(const rf_finance_project *p, const rf_finance_support *s,
                          rf_finance_lever lever, int output, double *hi, rf_err *err)
{
    if (lever == RF_FIN_LEVER_GRANT) {
        *hi = fmax(0.0, (1.0 - s->grant_share - s->loan.share) * total_capex(p) - s->grant_usd);
        return RF_OK;
    }
    if (lever != RF_FIN_LEVER_PRICE && lever != RF_FIN_LEVER_FLOOR)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "lever", "unknown lever %d", (int)lever);
    if (output < 0 || output >= p->noutputs)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "output", "%d is not an output (0..%d)", output,
                          p->noutputs - 1);
    if (lever == RF_FIN_LEVER_FLOOR &&
        (s->floor_window.years == 0 || s->floor_window.start_year >= p->nyears))
        return rf_err_set(err, RF_EINVAL, NULL, 0, "floor_window",
                          "empty: a floor in force in no year of the horizon cannot break even");
    *hi = RF_MAX_PRICE_USD_PER_KG;
    return RF_OK;
}

rf_status rf_finance_breakeven(const rf_finance_project *p, const rf_finance_support *s,
                               rf_finance_lever lever, int output, double discount_rate,
                               rf_finance_flows *scratch, rf_finance_breakeven_result *out,
                               rf_err *err)
{
    static const rf_finance_support none;
    double hi = 0.0;
    if (!out) return rf_err_set(err, RF_EINVAL, NULL, 0, "out", "is NULL");
    if (!scratch) return rf_err_set(err, RF_EINVAL, NULL, 0, "scratch", "is NULL");
    rf_status st = check_project(p, err);
    if (st == RF_OK && s) st = check_support(p, s, err);
    if (!s) s = &none;
    if (st == RF_OK) st = check_flows(scratch, p->nyears, err);
    if (st == RF_OK) st = check_rate(discount_rate, "discount_rate", err);
    if (st == RF_OK) st = be_range(p, s, lever, output, &hi, err);
    if (st != RF_OK) return st;

    be_ctx c = {p, s, {1, lever, output, 0.0}, discount_rate, scratch};
    double f_hi = be_npv(hi, &c), f_lo = be_npv(0.0, &c);
    if (!isfinite(f_lo) || !isfinite(f_hi))
        return rf_err_set(err, RF_EINVAL, NULL, 0, "discount_rate",
                          "the NPV at %g overflows a double", discount_rate);
    if (f_lo >= 0.0) {
        *out = (rf_finance_breakeven_result){RF_FIN_BE_ALREADY, 0.0, f_lo};
        return RF_OK;
    }
    if (f_hi < 0.0) {
        *out = (rf_finance_breakeven_result){RF_FIN_BE_NEVER, NAN, be_npv(hi, &c)};
        return RF_OK;
    }
    double root;
    if (brent(be_npv, &c, 0.0, hi, f_lo, f_hi, 1e-15 * hi + DBL_MIN, &root) != 0)
        return rf_err_set(err, RF_ENOCONV, NULL, 0, "lever",
                          "the break-even search did not converge");
    *out = (rf_finance_breakeven_result){RF_FIN_BE_FOUND, root, be_npv(root, &c)};
    return RF_OK;
}
