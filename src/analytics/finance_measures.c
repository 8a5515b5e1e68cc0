/*
 * finance_measures.c: the measures `rareflow finance` reports on one project
 * (rareflow/finance.h, rf_finance_measure): the finance core called at the
 * project's prices, at two other rates, at two other price levels, and on the
 * break-even floor of one output.  Pure: no I/O, no allocation (the caller
 * gives the scratch), no state.
 */
#include <math.h>
#include <string.h>

#include "rareflow/finance.h"
#include "rareflow/limits.h"

const char *rf_finance_irr_reason(const rf_finance_irr_result *r)
{
    if (!r) return "no IRR";
    switch (r->kind) {
    /* Several roots: any one of them would be read as "the" return, and none is. */
    case RF_FIN_IRR_FOUND: return r->nroots > 1 ? "several roots" : NULL;
    case RF_FIN_NO_IRR: return "no sign change";
    case RF_FIN_NO_IRR_IN_BRACKET: return "no root in the search range";
    }
    return "no IRR";
}

/* The investor's NPV of `p` with its prices scaled by `factor` (capped at the
 * price limit, which the finance core enforces), into `scratch`. */
static rf_status npv_at_prices(const rf_finance_project *p, const rf_finance_support *s, double rate,
                               double factor, double *prices, rf_finance_flows *scratch, double *npv,
                               rf_err *err)
{
    size_t nv = (size_t)p->noutputs * (size_t)p->nyears;
    for (size_t i = 0; i < nv; i++) prices[i] = fmin(factor * p->price_usd_per_kg[i], RF_MAX_PRICE_USD_PER_KG);
    rf_finance_project q = *p;
    q.price_usd_per_kg = nv ? prices : p->price_usd_per_kg;
    rf_status st = rf_finance_cash_flows(&q, s, scratch, err);
    return st == RF_OK ? rf_finance_npv(scratch->investor_usd, p->nyears, rate, npv, err) : st;
}

rf_status rf_finance_measure(const rf_finance_project *p, const rf_finance_support *s, double discount_rate,
                             int floor_output, rf_finance_flows *flows, double *work, size_t nwork,
                             rf_finance_measures *out, rf_err *err)
{
    static const rf_finance_support none;
    if (!p || !flows || !work || !out)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "rf_finance_measure", "a NULL argument");
    if (p->nyears < 1 || p->nyears > RF_FIN_MAX_YEARS || p->noutputs < 0 || p->noutputs > RF_FIN_MAX_OUTPUTS)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "nyears", "horizon or outputs out of range");
    if (nwork < RF_FIN_MEASURES_WORK(p->nyears, p->noutputs))
        return rf_err_set(err, RF_EINVAL, NULL, 0, "work", "holds %zu doubles, needs %zu", nwork,
                          RF_FIN_MEASURES_WORK(p->nyears, p->noutputs));
    /* The lowest rate asked for must still be one the finance core takes. */
    if (!isfinite(discount_rate) || !(discount_rate - RF_FIN_SENS_RATE_DOWN > -1.0))
        return rf_err_set(err, RF_EINVAL, NULL, 0, "discount_rate", "%g: must be finite and above %g",
                          discount_rate, -1.0 + RF_FIN_SENS_RATE_DOWN);
    if (floor_output < -1 || floor_output >= p->noutputs)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "floor_output", "%d is not an output (0..%d) or -1",
                          floor_output, p->noutputs - 1);
    if (!s) s = &none;
    memset(out, 0, sizeof *out);
    out->discount_rate = discount_rate;
    out->floor_output = floor_output;
    out->floor = (rf_finance_breakeven_result){RF_FIN_BE_NEVER, NAN, NAN};

    int n = p->nyears;
    rf_status st = rf_finance_cash_flows(p, s, flows, err);
    if (st == RF_OK) st = rf_finance_npv(flows->investor_usd, n, discount_rate, &out->npv_usd, err);
    if (st == RF_OK)
        st = rf_finance_npv(flows->investor_usd, n, discount_rate - RF_FIN_SENS_RATE_DOWN,
                            &out->npv_rate_minus_25bp, err);
    if (st == RF_OK)
        st = rf_finance_npv(flows->investor_usd, n, discount_rate + RF_FIN_SENS_RATE_UP, &out->npv_rate_plus_100bp,
                            err);
    if (st == RF_OK) st = rf_finance_irr(flows->investor_usd, n, &out->irr, err);
    if (st == RF_OK) st = rf_finance_payback(flows->investor_usd, n, &out->payback, err);
    if (st != RF_OK) return st;

    /* The scratch: the scaled prices, then the lines of the other valuations. */
    double *prices = work;
    rf_finance_flows scratch;
    st = rf_finance_flows_bind(&scratch, work + (size_t)p->noutputs * (size_t)n,
                               (size_t)n * RF_FINANCE_FLOW_LINES, n, err);
    if (st == RF_OK)
        st = npv_at_prices(p, s, discount_rate, 1.0 - RF_FIN_SENS_PRICE, prices, &scratch,
                           &out->npv_prices_minus_20pct, err);
    if (st == RF_OK)
        st = npv_at_prices(p, s, discount_rate, 1.0 + RF_FIN_SENS_PRICE, prices, &scratch,
                           &out->npv_prices_plus_20pct, err);
    if (st != RF_OK || floor_output < 0) return st;

    /* A floor program gives its window; without one, the question is which floor,
     * paid in every year of the horizon, would make the project pay. */
    rf_finance_support sf = *s;
    if (sf.floor_window.years == 0 || sf.floor_window.start_year >= n) {
        sf.floor_window = (rf_finance_window){0, n};
        sf.floor_upside_share = 0.0;
        out->floor_window_added = 1;
    }
    return rf_finance_breakeven(p, &sf, RF_FIN_LEVER_FLOOR, floor_output, discount_rate, &scratch, &out->floor,
                                err);
}
