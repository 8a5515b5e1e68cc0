/*
 * rareflow/finance.h: the economics of one project, as pure functions on
 * yearly cash flows: the project's cash-flow lines with every support a
 * government can give, NPV, IRR, payback, the subsidy value of a
 * concessional loan, and break-even levels (docs/finance.md has every
 * formula).
 *
 * Nothing here reads the world, the LP or a run's results, does I/O, keeps
 * state between calls or allocates: every array is the caller's, with its
 * length written next to it ([nyears], [noutputs * nyears]).  The
 * simulation layer calls rf_finance_cash_flows and rf_finance_npv for every
 * candidate project each time a year's decision round changes its expected
 * prices, so a call costs O(nyears x (noutputs + depreciation_years))
 * arithmetic and nothing more.
 *
 * Conventions, everywhere in this module:
 * - Year t is an index 0..nyears-1 of the project's own horizon; year 0 is
 *   the decision year.  Every flow of year t happens at one instant, t years
 *   after the decision (the end-of-year convention of the textbooks), and a
 *   discount rate r turns it into cf_t / (1 + r)^t: year 0 is not discounted.
 * - Money is USD (real, like the rest of rareflow), volumes are t of the
 *   product's unit, prices USD/kg (so revenue = t x 1000 x USD/kg).
 * - Rates and shares are fractions: 0.10 is 10%.
 * - Signs: a cash flow is positive when money comes in to whoever the line
 *   belongs to.  The government's cost line is the exception, named so: it
 *   is positive when the government pays.
 * - A zero-filled rf_finance_support is "no support at all".
 *
 * Typical sizes: a horizon of 20-40 years, one to a few outputs.
 */
#ifndef RAREFLOW_FINANCE_H
#define RAREFLOW_FINANCE_H

#include <stddef.h>

#include "rareflow/error.h"
#include "rareflow/limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- limits (bad input beyond them: RF_EINVAL naming the field) ---- */
#define RF_FIN_MAX_YEARS 500 /* a horizon, a depreciation life, a window's start or length */
#define RF_FIN_MAX_OUTPUTS RF_MAX_PRODUCTS /* products one project sells */
/* Any amount of money given or passed in a series, USD.  A year's revenue is at
 * most 1e9 t x 1000 kg/t x 1e6 USD/kg = 1e18 (rareflow/limits.h); 1e21 leaves room
 * and keeps every sum over RF_FIN_MAX_YEARS years far from overflow. */
#define RF_FIN_MAX_USD 1e21
/* The rates of rf_finance_irr's search (1 + r from 1e-6 to 1e6): an IRR outside is
 * reported as none in the bracket. */
#define RF_FIN_IRR_MIN (-0.999999)
#define RF_FIN_IRR_MAX 999999.0

/* ---------- the project and its supports ---------- */

/*
 * A project as the investor sees it at the decision: what it spends, makes
 * and sells each year of its horizon.  Every pointer is borrowed for the
 * duration of the call.
 */
typedef struct rf_finance_project {
    int nyears;                     /* horizon, 1..RF_FIN_MAX_YEARS; year 0 = decision year */
    int noutputs;                   /* products sold, 0..RF_FIN_MAX_OUTPUTS */
    const double *capex_usd;        /* [nyears] capital spent in year t (the lead time),
                                       0..RF_FIN_MAX_USD */
    const double *volume_t;         /* [noutputs * nyears] sales of output k in year t at
                                       [k * nyears + t], t, 0..RF_MAX_QTY_T (after ramp-up);
                                       may be NULL when noutputs == 0 */
    const double *price_usd_per_kg; /* [noutputs * nyears] expected market price, same layout,
                                       0..RF_MAX_PRICE_USD_PER_KG; may be NULL when noutputs == 0 */
    const double *opex_usd;         /* [nyears] cash operating cost of the year,
                                       0..RF_FIN_MAX_USD: fixed and variable together (the
                                       caller multiplies unit costs by activity), excluding
                                       royalty, tax and capex */
    double royalty_rate;            /* share of sales revenue paid as royalty, 0..1 */
    double tax_rate;                /* corporate income tax rate, 0..1 */
    int depreciation_years;         /* straight-line life N of capex, 1..RF_FIN_MAX_YEARS */
} rf_finance_project;

/* Years start_year .. start_year + years - 1 (those inside the horizon). */
typedef struct rf_finance_window {
    int start_year; /* first year, 0..RF_FIN_MAX_YEARS (clamp earlier dates to 0) */
    int years;      /* length, 0..RF_FIN_MAX_YEARS; 0 = never in force */
} rf_finance_window;

/*
 * A concessional loan.  It is drawn as a share of each year's capex, pays
 * interest on the opening balance every year, only interest in years
 * 1..grace_years, and level annuity payments from grace_years + 1 to
 * tenor_years, the last repayment (a draw during the repayment years is
 * spread over the payments left).  Years are counted from the decision year.
 */
typedef struct rf_finance_loan {
    double share;       /* of each year's capex drawn, 0..1; 0 = no loan */
    double rate;        /* concessional interest rate per year, 0..1 */
    double market_rate; /* the rate the project would pay without support, 0..1:
                           the reference of the subsidy */
    int tenor_years;    /* year of the last repayment, 1..nyears-1 */
    int grace_years;    /* interest-only years, 0..tenor_years-1 */
} rf_finance_loan;

/*
 * What a government (or a state buyer) gives the project.  Per-output
 * arrays may be NULL for "none"; every pointer is borrowed for the call.
 */
typedef struct rf_finance_support {
    /* Grant: paid with the capex, as a share of each year's capex.  The
     * amount is spread over the capex years pro rata; share + amount / total
     * capex must not exceed 1.  Not taxed; it reduces the depreciable base. */
    double grant_share;   /* share of capex, 0..1 */
    double grant_usd;     /* an amount, USD, >= 0 (needs capex to pay for) */
    rf_finance_loan loan; /* loan.share + grant share <= 1 */
    /* Government equity: a pari passu shareholder paying this share of every
     * equity call (capex net of grant and loan, later shortfalls) and
     * receiving this share of every distribution. */
    double equity_share; /* 0..1 */
    /* Price floor: the payer tops the market price up to the floor on the
     * volume sold at the market price, in the window. */
    const double *floor_usd_per_kg; /* [noutputs] floor of output k, 0..RF_MAX_PRICE_USD_PER_KG
                                       (0 = none), or NULL */
    double floor_upside_share;      /* share of (price - floor) x volume paid back to the payer
                                       when the price is above the floor, 0..1 (the DoD's 30%) */
    rf_finance_window floor_window;
    /* Offtake: the buyer takes this share of output k at the contract price
     * instead of the market price, and resells it at the market price. */
    const double *offtake_share;            /* [noutputs] 0..1, or NULL */
    const double *offtake_price_usd_per_kg; /* [noutputs] contract price, USD/kg, 0..
                                               RF_MAX_PRICE_USD_PER_KG; needed with
                                               offtake_share */
    rf_finance_window offtake_window;
    /* Guaranteed EBITDA: the buyer tops the year's EBITDA up to this amount. */
    double ebitda_guarantee_usd;     /* USD per year, >= 0 */
    rf_finance_window ebitda_window; /* the N years of the guarantee */
} rf_finance_support;

/* ---------- the cash-flow lines ---------- */

/* Number of lines of rf_finance_flows: the buffer of rf_finance_flows_bind holds
 * RF_FINANCE_FLOW_LINES * nyears doubles. */
#define RF_FINANCE_FLOW_LINES 19

/*
 * The project's cash flows, one line per item, each [nyears] USD.  The
 * lines point into one caller-owned buffer (rf_finance_flows_bind), so a
 * caller that evaluates many projects allocates once.
 */
typedef struct rf_finance_flows {
    int nyears; /* length of every line */
    /* operations */
    double *revenue_usd;      /* sales: market volume x market price + offtake volume x
                                 contract price */
    double *floor_topup_usd;  /* received from the floor's payer: (floor - price) x market
                                 volume where price < floor */
    double *floor_upside_usd; /* paid to the floor's payer: upside share x (price - floor)
                                 x market volume where price > floor */
    double *royalty_usd;      /* royalty_rate x revenue */
    double *ebitda_topup_usd; /* max(0, guarantee - EBITDA before it), in its window */
    double *ebitda_usd;       /* revenue + floor top-up - upside - opex - royalty + EBITDA
                                 top-up */
    /* tax */
    double *depreciation_usd; /* straight line: (capex - grant) of year s over s+1..s+N */
    double *interest_usd;     /* interest on the concessional loan (deductible) */
    double *loss_carried_usd; /* tax losses carried forward at the end of the year, >= 0 */
    double *tax_usd;          /* tax_rate x (EBITDA - depreciation - interest - losses
                                 used), never negative */
    /* financing */
    double *grant_usd;          /* grant received */
    double *loan_draw_usd;      /* loan drawn */
    double *loan_principal_usd; /* loan principal repaid */
    double *equity_usd;         /* to all shareholders: EBITDA - tax - capex + grant + draw
                                   - interest - principal (< 0: an equity call) */
    double *investor_usd;       /* the private investor's net cash flow:
                                   (1 - equity_share) x equity_usd */
    /* government */
    double *gov_equity_usd;   /* equity_share x -equity_usd: paid (> 0) or received (< 0) */
    double *loan_subsidy_usd; /* payments at the market rate - payments at the
                                 concessional rate (same draws, tenor and grace) */
    double *offtake_cost_usd; /* (contract price - market price) x offtake volume: the
                                 buyer's cost after reselling at the market price */
    double *gov_cost_usd;     /* grant + loan subsidy + gov equity + floor top-up - upside
                                 + EBITDA top-up + offtake cost (> 0: the government pays) */
} rf_finance_flows;

/*
 * Point the lines of `fl` into `buf`, line after line.
 *
 * fl      the flows to set up (its old pointers are overwritten, nothing freed)
 * buf     [nbuf] caller-owned storage; it must outlive every use of `fl`
 * nbuf    doubles in buf, at least RF_FINANCE_FLOW_LINES * nyears
 * nyears  the horizon, 1..RF_FIN_MAX_YEARS
 *
 * Returns RF_OK, or RF_EINVAL (NULL pointer, nyears out of range, buf too
 * small).  The buffer is not cleared: rf_finance_cash_flows writes every line.
 */
rf_status rf_finance_flows_bind(rf_finance_flows *fl, double *buf, size_t nbuf, int nyears,
                                rf_err *err);

/*
 * A project's yearly cash flows with its supports: every line of `out`.
 *
 * p       the project (validated whole before anything is computed)
 * s       its supports, or NULL for none
 * out     bound to p->nyears years (rf_finance_flows_bind); every line is written
 *
 * Order within a year: sales, floor and offtake by output; royalty; EBITDA
 * before the guarantee; the guarantee's top-up; depreciation, loan interest
 * and tax with losses carried forward (no expiry, no negative tax); then the
 * financing lines.  Returns RF_OK, or RF_EINVAL with the field named (NULL
 * arrays, a non-finite or out-of-range number, a share outside 0..1, a loan
 * whose tenor passes the horizon or that is drawn after its last repayment,
 * grant and loan together above the capex, out not bound to p->nyears).
 * On error `out` is not written.
 */
rf_status rf_finance_cash_flows(const rf_finance_project *p, const rf_finance_support *s,
                                rf_finance_flows *out, rf_err *err);

/* ---------- measures of a series ---------- */

/*
 * Net present value: sum over t of cf[t] / (1 + rate)^t.  Year 0 is not
 * discounted.
 *
 * cf_usd   [n] cash flow of years 0..n-1, USD, finite, |cf| <= RF_FIN_MAX_USD
 * n        1..RF_FIN_MAX_YEARS
 * rate     discount rate per year, finite, > -1 (rate 0 gives the plain sum)
 * npv_usd  out: the NPV, USD
 *
 * Returns RF_OK, or RF_EINVAL (bad series or rate, or an NPV that overflows,
 * which only a rate near -1 can cause).
 */
rf_status rf_finance_npv(const double *cf_usd, int n, double rate, double *npv_usd, rf_err *err);

typedef enum rf_finance_irr_kind {
    RF_FIN_IRR_FOUND = 0,    /* `rate` is the IRR */
    RF_FIN_NO_IRR,           /* no sign change in the series (all zeros included): no rate
                                makes its NPV zero */
    RF_FIN_NO_IRR_IN_BRACKET /* the series changes sign but NPV has no sign change between
                                RF_FIN_IRR_MIN and RF_FIN_IRR_MAX on the search grid */
} rf_finance_irr_kind;

typedef struct rf_finance_irr_result {
    rf_finance_irr_kind kind; /* anything but RF_FIN_IRR_FOUND means "no IRR" */
    double rate;              /* the IRR per year when found; NaN otherwise, never a number */
    int sign_changes;         /* sign changes of the series, zeros skipped (Descartes: at most
                                 this many IRRs; exactly one when it is 1) */
    int nroots;               /* roots of NPV found; > 1 means the IRR is ambiguous */
} rf_finance_irr_result;

/*
 * Internal rate of return: the rate r at which the series' NPV is 0, by a
 * scan of NPV over the bracket and Brent's method in each interval where it
 * changes sign (docs/finance.md).
 *
 * The scan covers 1 + r from 1e-6 to 1e6 on a grid in ln(1 + r): fine
 * (step 0.005) over r in [-0.99, 10], coarser (0.05) outside it.  Each
 * interval where NPV changes sign is refined to a root (|error| < 1e-12).
 * When several roots are found (possible only with several sign changes)
 * the one nearest 0 in |r| is returned and `nroots` says how many there
 * were; two roots closer together than one grid step, or a root where NPV
 * touches 0 without crossing it, are not seen.
 *
 * cf_usd  [n] cash flows, finite, |cf| <= RF_FIN_MAX_USD
 * n       1..RF_FIN_MAX_YEARS
 * out     the result; `kind` says whether there is an IRR
 *
 * Returns RF_OK whether or not an IRR exists; RF_EINVAL for bad input;
 * RF_ENOCONV if the root finder fails (it should not).
 */
rf_status rf_finance_irr(const double *cf_usd, int n, rf_finance_irr_result *out, rf_err *err);

/*
 * What to print instead of (or next to) an IRR, in words: NULL for a unique
 * IRR; "several roots: ..." when it is ambiguous (nroots > 1); "no IRR: ..."
 * with the reason for each kind of none.  A static string (borrowed forever).
 */
const char *rf_finance_irr_note(const rf_finance_irr_result *r);

typedef struct rf_finance_payback_result {
    int paid_back;     /* 1 when the cumulative cash flow recovers within the series */
    int year;          /* the first year t whose cumulative sum is >= 0 after having
                          been < 0; 0 when it is never negative; -1 when never paid back */
    double fractional; /* (t - 1) + (-cumulative[t-1]) / cf[t]: linear within year t
                          (so in (t-1, t]); 0 when never negative; NaN when never */
    int dips_again;    /* 1 when the cumulative sum falls below 0 again after `year`
                          (closure costs): the payback rule ignores it */
} rf_finance_payback_result;

/*
 * Payback: the first year in which the undiscounted cumulative cash flow,
 * having been negative, is back at >= 0.
 *
 * cf_usd  [n] cash flows, finite, |cf| <= RF_FIN_MAX_USD
 * n       1..RF_FIN_MAX_YEARS
 * out     the result
 *
 * Returns RF_OK (also for "never": out->paid_back is 0), or RF_EINVAL.
 */
rf_status rf_finance_payback(const double *cf_usd, int n, rf_finance_payback_result *out,
                             rf_err *err);

/* ---------- loans ---------- */

/*
 * The schedule of a loan at its concessional rate `loan->rate`:
 * interest[t] = rate x balance at the end of year t-1; principal[t] = 0 in
 * the grace years, then the level annuity on the balance over the payments
 * left, all of it in year tenor_years.  For the market-rate schedule, pass
 * a copy with rate = market_rate.  loan->share is not used (the draws are
 * given).
 *
 * loan          terms (rate, tenor_years, grace_years)
 * draws_usd     [nyears] amount drawn at year t, >= 0, zero from tenor_years on
 * nyears        1..RF_FIN_MAX_YEARS, > tenor_years
 * interest_usd  [nyears] out: interest paid in year t
 * principal_usd [nyears] out: principal repaid in year t (sums to the draws)
 *
 * Returns RF_OK or RF_EINVAL.
 */
rf_status rf_finance_loan_schedule(const rf_finance_loan *loan, const double *draws_usd, int nyears,
                                   double *interest_usd, double *principal_usd, rf_err *err);

/*
 * The subsidy value of a concessional loan to the borrower: the present
 * value at `discount_rate` of (payments at loan->market_rate - payments at
 * loan->rate), with the same draws, tenor and grace.  At discount_rate =
 * market_rate it equals PV(draws) - PV(concessional payments), i.e. the
 * principal minus the PV of what the borrower pays, for a loan drawn in
 * year 0: the OECD's grant element, in USD.
 *
 * loan           terms (rate, market_rate, tenor_years, grace_years)
 * draws_usd      [nyears] as for rf_finance_loan_schedule
 * nyears         1..RF_FIN_MAX_YEARS, > tenor_years
 * discount_rate  the government's or the market's, > -1
 * subsidy_usd    [nyears] out: the yearly difference, or NULL
 * value_usd      out: its present value, USD
 *
 * Returns RF_OK or RF_EINVAL.
 */
rf_status rf_finance_loan_subsidy(const rf_finance_loan *loan, const double *draws_usd, int nyears,
                                  double discount_rate, double *subsidy_usd, double *value_usd,
                                  rf_err *err);

/* ---------- break-even ---------- */

typedef enum rf_finance_lever {
    RF_FIN_LEVER_PRICE = 0, /* one constant market price of the output in every year, USD/kg,
                               searched in 0..RF_MAX_PRICE_USD_PER_KG */
    RF_FIN_LEVER_FLOOR,     /* the output's floor in the support's floor window, USD/kg,
                               searched in 0..RF_MAX_PRICE_USD_PER_KG */
    RF_FIN_LEVER_GRANT      /* a grant amount added to the support's, USD, searched from 0
                               to what grant and loan leave of the capex */
} rf_finance_lever;

typedef enum rf_finance_breakeven_kind {
    RF_FIN_BE_FOUND = 0, /* `value` makes the investor's NPV 0 */
    RF_FIN_BE_ALREADY,   /* NPV >= 0 at the bottom of the range: `value` is that bottom
                            (the project pays without the lever) */
    RF_FIN_BE_NEVER      /* NPV < 0 at the top of the range: `value` is NaN */
} rf_finance_breakeven_kind;

typedef struct rf_finance_breakeven_result {
    rf_finance_breakeven_kind kind;
    double value;   /* USD/kg (price, floor) or USD (grant) */
    double npv_usd; /* the investor's NPV at `value` (at the top when NEVER) */
} rf_finance_breakeven_result;

/*
 * The level of one lever at which the private investor's NPV is 0 ("at
 * what floor does this mine pay?"), by Brent's method on NPV(level), which
 * never decreases in any of the three levers.
 *
 * p, s           the project and its other supports (s may be NULL)
 * lever, output  what is varied; `output` is the output index (0..noutputs-1)
 *                for PRICE and FLOOR, ignored for GRANT
 * discount_rate  the investor's, > -1
 * scratch        bound to p->nyears years; holds the flows at `value` on return
 *                (at the top of the range when NEVER)
 * out            the result
 *
 * Returns RF_OK, RF_EINVAL (bad input, an output out of range, a floor lever
 * with an empty floor window), or RF_ENOCONV.
 */
rf_status rf_finance_breakeven(const rf_finance_project *p, const rf_finance_support *s,
                               rf_finance_lever lever, int output, double discount_rate,
                               rf_finance_flows *scratch, rf_finance_breakeven_result *out,
                               rf_err *err);

/* ---------- the measures of one project at a rate (rareflow finance) ---------- */

/* The sensitivities of rf_finance_measure: rate steps (fractions) and price factors. */
#define RF_FIN_SENS_RATE_DOWN 0.0025 /* -25 bp */
#define RF_FIN_SENS_RATE_UP 0.01     /* +100 bp */
#define RF_FIN_SENS_PRICE 0.20       /* every output's market price -20% and +20% */

typedef struct rf_finance_measures {
    double discount_rate;              /* the rate of every NPV below, per year */
    double npv_usd;                    /* the private investor's NPV (investor_usd) */
    rf_finance_irr_result irr;         /* of investor_usd */
    rf_finance_payback_result payback; /* of investor_usd, years from year 0 */
    int floor_output;                  /* the output whose break-even floor was sought, -1 none */
    rf_finance_breakeven_result floor; /* RF_FIN_LEVER_FLOOR on floor_output; when floor_output
                                          is -1: kind RF_FIN_BE_NEVER, value and npv NaN */
    int floor_window_added;            /* 1 when the support had no floor window and the floor
                                          was sought over the whole horizon */
    double npv_rate_minus_25bp, npv_rate_plus_100bp; /* same flows, other rates */
    double npv_prices_minus_20pct, npv_prices_plus_20pct; /* every output's market price scaled
                                          (contract prices and floors kept), same rate */
} rf_finance_measures;

/* Doubles of the `work` buffer rf_finance_measure needs. */
#define RF_FIN_MEASURES_WORK(nyears, noutputs) \
    ((size_t)(nyears) * ((size_t)RF_FINANCE_FLOW_LINES + (size_t)(noutputs)))

/*
 * Everything `rareflow finance` reports on one project, from its finance
 * inputs: the cash flows, the investor's NPV at `discount_rate`, IRR,
 * payback, the break-even floor of one output and the NPV's sensitivities.
 *
 * The break-even floor is rf_finance_breakeven's RF_FIN_LEVER_FLOOR on
 * `floor_output` with the support's floor window, or, when the support has
 * none (no floor program), a floor over the whole horizon with no upside
 * share.  The price sensitivities scale every output's market price by
 * 1 -/+ RF_FIN_SENS_PRICE (capped at RF_MAX_PRICE_USD_PER_KG); volumes, opex,
 * floors and contract prices stay as given.
 *
 * p, s           the project and its support (s may be NULL)
 * discount_rate  the investor's, > -1 + RF_FIN_SENS_RATE_DOWN
 * floor_output   0..p->noutputs-1, or -1 for no break-even floor
 * flows          bound to p->nyears: the flows at p's prices on return
 * work, nwork    scratch of at least RF_FIN_MEASURES_WORK(p->nyears, p->noutputs) doubles
 * out            the measures
 *
 * Returns RF_OK, RF_EINVAL (what rf_finance_cash_flows refuses, a rate out of
 * range, a floor_output out of range, work too small) or RF_ENOCONV.
 */
rf_status rf_finance_measure(const rf_finance_project *p, const rf_finance_support *s, double discount_rate,
                             int floor_output, rf_finance_flows *flows, double *work, size_t nwork,
                             rf_finance_measures *out, rf_err *err);

/*
 * Why there is no single IRR, in a few words: NULL for a unique IRR, "several
 * roots", "no sign change", or "no root in the search range" (the kinds of
 * rf_finance_irr_result).  A static string.
 */
const char *rf_finance_irr_reason(const rf_finance_irr_result *r);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_FINANCE_H */
