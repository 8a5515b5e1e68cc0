/*
 * test_finance.c: the finance core (rareflow/finance.h) against cash flows
 * worked out by hand.
 *
 * Every expected value is derived in the comment above its test, never from
 * the code under test.  The few with many digits (annuity factors, an IRR by
 * bisection) were computed once with this Python, run by hand and pasted:
 *
 *   npv = lambda cf, r: sum(c / (1 + r)**t for t, c in enumerate(cf))
 *   ann = lambda B, i, n: B * i / (1 - (1 + i)**-n)       # level annuity payment
 *   cf = [-1000, 300, 400, 500, 200]; lo, hi = 0.0, 1.0    # IRR by plain bisection
 *   for _ in range(200):
 *       m = (lo + hi) / 2; lo, hi = (m, hi) if npv(cf, m) > 0 else (lo, m)
 *   # lo = 0.153221378771815
 *   Ac, Am = ann(100, .02, 10), ann(100, .07, 10)          # 11.132652786532, 14.237750272736
 *   a7 = (1 - 1.07**-10) / .07                             # 7.023581540933
 *   (Am - Ac) * a7, 100 - Ac * a7                          # 21.808905386904 (both)
 *   (Am - Ac) * (1 - 1.03**-10) / .03                      # 26.487111385290
 *   Ag, Agm = ann(100, .02, 8), ann(100, .07, 8)           # 13.650979913376, 16.746776249075
 *   npv([0, 5, 5] + [Agm - Ag] * 8, .07)                   # 25.186412817628
 *   a10 = (1 - 1.1**-10) / .1                              # 6.144567105705
 *   1000 - 150 * a10, 1 / a10                              # 78.314934144297, 0.162745394883
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/finance.h"
#include "rf_test.h"

#define TOL 1e-9
#define MAXY 16

/* A project with one output, its arrays kept in the struct so a test writes only numbers. */
typedef struct fixture {
    rf_finance_project p;
    rf_finance_support s;
    rf_finance_flows fl;
    double capex[MAXY], opex[MAXY], vol[MAXY], price[MAXY];
    double buf[RF_FINANCE_FLOW_LINES * MAXY];
    rf_err err;
} fixture;

/* nyears years, no tax, no royalty, price 1 USD/kg (so 1 t of volume = 1,000 USD of
 * revenue), depreciation over one year, no support. */
static fixture *fx_new(int nyears)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    for (int t = 0; t < MAXY; t++)
        f->price[t] = 1.0;
    f->p.nyears = nyears;
    f->p.noutputs = 1;
    f->p.capex_usd = f->capex;
    f->p.opex_usd = f->opex;
    f->p.volume_t = f->vol;
    f->p.price_usd_per_kg = f->price;
    f->p.depreciation_years = 1;
    assert_int_equal(
        rf_finance_flows_bind(&f->fl, f->buf, sizeof f->buf / sizeof f->buf[0], nyears, &f->err),
        RF_OK);
    return f;
}

static void fx_run(fixture *f)
{
    rf_err_clear(&f->err);
    rf_status st = rf_finance_cash_flows(&f->p, &f->s, &f->fl, &f->err);
    if (st != RF_OK) fail_msg("cash flows: %s: %s", f->err.field, f->err.msg);
}

static double npv_of(const double *cf, int n, double rate)
{
    double v = 0.0;
    rf_err err;
    assert_int_equal(rf_finance_npv(cf, n, rate, &v, &err), RF_OK);
    return v;
}

/* ---------------------------------------------------------------------------
 * NPV
 * ------------------------------------------------------------------------- */

/* [-100, 50, 60] at 10%: -100 + 50/1.1 + 60/1.21 = -100 + 45.454545454545 +
 * 49.586776859504 = -4.958677685950.  At 0 the plain sum, 10.  Year 0 is not
 * discounted: [100] is worth 100 at any rate. */
static void test_npv(void **state)
{
    (void)state;
    double cf[] = {-100, 50, 60};
    RF_ASSERT_NEAR(npv_of(cf, 3, 0.10), -4.958677685950, 1e-11, 0);
    RF_ASSERT_NEAR(npv_of(cf, 3, 0.0), 10.0, 1e-12, 0);
    double one[] = {100};
    RF_ASSERT_NEAR(npv_of(one, 1, 0.25), 100.0, 0, 0);
    /* A negative rate (above -1) is allowed: [0, 100] at -50% is 100 / 0.5 = 200. */
    double late[] = {0, 100};
    RF_ASSERT_NEAR(npv_of(late, 2, -0.5), 200.0, 1e-12, 0);
}

/* ---------------------------------------------------------------------------
 * IRR
 * ------------------------------------------------------------------------- */

static rf_finance_irr_result irr_of(const double *cf, int n)
{
    rf_finance_irr_result r;
    rf_err err;
    rf_err_clear(&err);
    if (rf_finance_irr(cf, n, &r, &err) != RF_OK) fail_msg("irr: %s", err.msg);
    return r;
}

/* [-100, 110]: 110/(1+r) = 100, r = 10%.  [-100, 0, 121]: (1+r)^2 = 1.21, r = 10%.
 * [-100, 50]: 1 + r = 0.5, r = -50%.  [-100, 0.5]: 1 + r = 0.005, r = -99.5% (outside the
 * fine core, in the scan toward -1).  [-1, 100]: r = 99 = 9,900% (in the scan upward). */
static void test_irr_simple(void **state)
{
    (void)state;
    struct {
        double cf[3];
        int n;
        double want;
    } cases[] = {{{-100, 110}, 2, 0.10},
                 {{-100, 0, 121}, 3, 0.10},
                 {{-100, 50}, 2, -0.5},
                 {{-100, 0.5}, 2, -0.995},
                 {{-1, 100}, 2, 99.0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rf_finance_irr_result r = irr_of(cases[i].cf, cases[i].n);
        assert_int_equal(r.kind, RF_FIN_IRR_FOUND);
        assert_int_equal(r.sign_changes, 1);
        assert_int_equal(r.nroots, 1);
        RF_ASSERT_NEAR(r.rate, cases[i].want, 1e-12, 1e-12);
        assert_null(rf_finance_irr_note(&r)); /* a unique IRR needs no words */
    }
}

/* [-1000, 300, 400, 500, 200]: by plain bisection in Python (header) 0.153221378771815;
 * substituted back, the NPV is 0. */
static void test_irr_longer(void **state)
{
    (void)state;
    double cf[] = {-1000, 300, 400, 500, 200};
    rf_finance_irr_result r = irr_of(cf, 5);
    assert_int_equal(r.kind, RF_FIN_IRR_FOUND);
    RF_ASSERT_NEAR(r.rate, 0.153221378771815, 1e-12, 0);
    RF_ASSERT_NEAR(npv_of(cf, 5, r.rate), 0.0, 1e-9, 0);
}

/* No sign change, no IRR: [100, 50], [-1, -2], all zeros, zeros around one sign.  The
 * rate is NaN, never a number. */
static void test_irr_none(void **state)
{
    (void)state;
    double pos[] = {100, 50}, neg[] = {-1, -2}, zero[] = {0, 0, 0}, lone[] = {0, -5, 0};
    const double *series[] = {pos, neg, zero, lone};
    int len[] = {2, 2, 3, 3};
    for (int i = 0; i < 4; i++) {
        rf_finance_irr_result r = irr_of(series[i], len[i]);
        assert_int_equal(r.kind, RF_FIN_NO_IRR);
        assert_int_equal(r.sign_changes, 0);
        assert_true(isnan(r.rate));
        assert_string_equal(rf_finance_irr_note(&r), "no IRR: the cash flow never changes sign");
    }
    /* [-1, 2e6]: one sign change, but r = 2e6 - 1 lies above RF_FIN_IRR_MAX. */
    double far[] = {-1, 2e6};
    rf_finance_irr_result r = irr_of(far, 2);
    assert_int_equal(r.kind, RF_FIN_NO_IRR_IN_BRACKET);
    assert_int_equal(r.sign_changes, 1);
    assert_true(isnan(r.rate));
    assert_non_null(strstr(rf_finance_irr_note(&r), "no IRR: the cash flow changes sign"));
}

/* [-100, 230, -132]: -100 w^2 + 230 w - 132 = 0 with w = 1 + r gives
 * w = (230 -+ sqrt(230^2 - 4*100*132)) / 200 = (230 -+ 10) / 200 = 1.1 or 1.2: two IRRs,
 * 10% and 20%; the one nearest 0 is returned, nroots says there were two. */
static void test_irr_two_roots(void **state)
{
    (void)state;
    double cf[] = {-100, 230, -132};
    rf_finance_irr_result r = irr_of(cf, 3);
    assert_int_equal(r.kind, RF_FIN_IRR_FOUND);
    assert_int_equal(r.sign_changes, 2);
    assert_int_equal(r.nroots, 2);
    RF_ASSERT_NEAR(r.rate, 0.10, 1e-12, 0);
    assert_non_null(strstr(rf_finance_irr_note(&r), "several roots"));
    /* [-1e5, 700, -1]: -1e5 w^2 + 700 w - 1 = -1e5 (w - 0.002)(w - 0.005): two IRRs, both
     * below the fine core, -99.8% and -99.5%; the scan toward -1 finds both. */
    double low[] = {-1e5, 700, -1};
    r = irr_of(low, 3);
    assert_int_equal(r.kind, RF_FIN_IRR_FOUND);
    assert_int_equal(r.nroots, 2);
    RF_ASSERT_NEAR(r.rate, -0.995, 1e-12, 0);
}

/* ---------------------------------------------------------------------------
 * Payback
 * ------------------------------------------------------------------------- */

static rf_finance_payback_result payback_of(const double *cf, int n)
{
    rf_finance_payback_result r;
    rf_err err;
    if (rf_finance_payback(cf, n, &r, &err) != RF_OK) fail_msg("payback: %s", err.msg);
    return r;
}

/* [-100, 30, 40, 50]: cumulative -100, -70, -30, 20: year 3; interpolated 2 + 30/50 = 2.6.
 * [-100, 30, 30, 30]: cumulative ends at -10: never.  [100, 50]: never negative, year 0.
 * [-100, 150, -100]: cumulative -100, 50, -50: year 1 (0 + 100/150), then dips again. */
static void test_payback(void **state)
{
    (void)state;
    double a[] = {-100, 30, 40, 50}, b[] = {-100, 30, 30, 30}, c[] = {100, 50},
           d[] = {-100, 150, -100};
    rf_finance_payback_result r = payback_of(a, 4);
    assert_int_equal(r.paid_back, 1);
    assert_int_equal(r.year, 3);
    RF_ASSERT_NEAR(r.fractional, 2.6, 1e-12, 0);
    assert_int_equal(r.dips_again, 0);

    r = payback_of(b, 4);
    assert_int_equal(r.paid_back, 0);
    assert_int_equal(r.year, -1);
    assert_true(isnan(r.fractional));

    r = payback_of(c, 2);
    assert_int_equal(r.paid_back, 1);
    assert_int_equal(r.year, 0);

    r = payback_of(d, 3);
    assert_int_equal(r.year, 1);
    RF_ASSERT_NEAR(r.fractional, 100.0 / 150.0, 1e-12, 0);
    assert_int_equal(r.dips_again, 1);
}

/* ---------------------------------------------------------------------------
 * Loans
 * ------------------------------------------------------------------------- */

/*
 * 100 drawn in year 0 at 2% for 10 years, no grace, against a 7% market:
 * 1.02^10 = 1.218994, 1 - 1/1.218994 = 0.179652, payment 2/0.179652 = 11.132653;
 * 1.07^10 = 1.967151, 1 - 1/1.967151 = 0.491651, payment 7/0.491651 = 14.237750;
 * a(7%, 10) = 0.491651/0.07 = 7.023582.  Subsidy value at 7% =
 * (14.237750 - 11.132653) x 7.023582 = 21.808905 = 100 - 11.132653 x 7.023582.
 * At the government's 3%: a(3%, 10) = 8.530203, so 3.105097 x 8.530203 = 26.487111.
 */
static void test_loan_subsidy(void **state)
{
    (void)state;
    double draws[11] = {100}, interest[11], principal[11], sub[11], v = 0.0;
    rf_finance_loan loan = {0.0, 0.02, 0.07, 10, 0};
    rf_err err;
    assert_int_equal(rf_finance_loan_schedule(&loan, draws, 11, interest, principal, &err), RF_OK);
    double repaid = 0.0;
    RF_ASSERT_NEAR(interest[0] + principal[0], 0.0, 0, 0);
    for (int t = 1; t <= 10; t++) {
        RF_ASSERT_NEAR(interest[t] + principal[t], 11.132652786532, 1e-9, 0);
        repaid += principal[t];
    }
    RF_ASSERT_NEAR(interest[1], 2.0, 1e-12, 0);
    RF_ASSERT_NEAR(repaid, 100.0, 1e-9, 0);

    assert_int_equal(rf_finance_loan_subsidy(&loan, draws, 11, 0.07, sub, &v, &err), RF_OK);
    RF_ASSERT_NEAR(v, 21.808905386904, 1e-9, 0);
    for (int t = 1; t <= 10; t++)
        RF_ASSERT_NEAR(sub[t], 14.237750272736 - 11.132652786532, 1e-9, 0);
    /* The other form: principal - PV at the market rate of the concessional payments. */
    double pay[11];
    for (int t = 0; t < 11; t++)
        pay[t] = interest[t] + principal[t];
    RF_ASSERT_NEAR(v, 100.0 - npv_of(pay, 11, 0.07), 1e-9, 0);

    assert_int_equal(rf_finance_loan_subsidy(&loan, draws, 11, 0.03, NULL, &v, &err), RF_OK);
    RF_ASSERT_NEAR(v, 26.487111385290, 1e-9, 0);

    /* A concessional rate equal to the market's is no subsidy. */
    loan.rate = 0.07;
    assert_int_equal(rf_finance_loan_subsidy(&loan, draws, 11, 0.05, NULL, &v, &err), RF_OK);
    RF_ASSERT_NEAR(v, 0.0, 1e-12, 0);
}

/* Grace 2 years: interest only in years 1-2 (2 at 2%, 7 at 7%), then 8 level payments:
 * 100 x 0.02 / (1 - 1.02^-8) = 13.650980 and 100 x 0.07 / (1 - 1.07^-8) = 16.746776.
 * Subsidy flows [0, 5, 5, 3.095796 x 8], worth 25.186413 at 7%.  A zero rate repays
 * 100/8 = 12.5 a year. */
static void test_loan_grace(void **state)
{
    (void)state;
    double draws[11] = {100}, interest[11], principal[11], v = 0.0;
    rf_finance_loan loan = {0.0, 0.02, 0.07, 10, 2};
    rf_err err;
    assert_int_equal(rf_finance_loan_schedule(&loan, draws, 11, interest, principal, &err), RF_OK);
    for (int t = 1; t <= 2; t++) {
        RF_ASSERT_NEAR(interest[t], 2.0, 1e-12, 0);
        RF_ASSERT_NEAR(principal[t], 0.0, 0, 0);
    }
    for (int t = 3; t <= 10; t++)
        RF_ASSERT_NEAR(interest[t] + principal[t], 13.650979913376, 1e-9, 0);
    assert_int_equal(rf_finance_loan_subsidy(&loan, draws, 11, 0.07, NULL, &v, &err), RF_OK);
    RF_ASSERT_NEAR(v, 25.186412817628, 1e-9, 0);

    loan.rate = 0.0;
    assert_int_equal(rf_finance_loan_schedule(&loan, draws, 11, interest, principal, &err), RF_OK);
    for (int t = 3; t <= 10; t++)
        RF_ASSERT_NEAR(principal[t], 12.5, 1e-12, 0);
}

/* ---------------------------------------------------------------------------
 * Cash flows
 * ------------------------------------------------------------------------- */

/*
 * Tax 25%, capex 100 in year 0 depreciated over 2 years (50 in years 1 and 2), EBITDA
 * 0, 20, 90, 60 (revenue at 1 USD/kg, no opex):
 *   year 1: taxable 20 - 50 = -30: no tax, 30 of losses carried;
 *   year 2: 90 - 50 = 40, less the 30 carried = 10: tax 2.5, nothing carried;
 *   year 3: 60: tax 15.
 * Investor: -100, 20, 87.5, 45.
 */
static void test_tax_losses(void **state)
{
    (void)state;
    fixture *f = fx_new(4);
    f->capex[0] = 100;
    f->vol[1] = 0.020, f->vol[2] = 0.090, f->vol[3] = 0.060;
    f->p.tax_rate = 0.25;
    f->p.depreciation_years = 2;
    fx_run(f);
    double dep[] = {0, 50, 50, 0}, loss[] = {0, 30, 0, 0}, tax[] = {0, 0, 2.5, 15},
           inv[] = {-100, 20, 87.5, 45};
    for (int t = 0; t < 4; t++) {
        RF_ASSERT_NEAR(f->fl.depreciation_usd[t], dep[t], TOL, 0);
        RF_ASSERT_NEAR(f->fl.loss_carried_usd[t], loss[t], TOL, 0);
        RF_ASSERT_NEAR(f->fl.tax_usd[t], tax[t], TOL, 0);
        RF_ASSERT_NEAR(f->fl.investor_usd[t], inv[t], TOL, 0);
        RF_ASSERT_NEAR(f->fl.gov_cost_usd[t], 0.0, 0, 0);
    }
    /* A royalty of 10% is 10% of revenue, and comes off EBITDA: year 2 EBITDA 81. */
    f->p.royalty_rate = 0.10;
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.royalty_usd[2], 9.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.ebitda_usd[2], 81.0, TOL, 0);
    free(f);
}

/*
 * The grant at the threshold.  Capex 1000 in year 0, revenue 150 a year in years 1-10,
 * no tax, 10%: NPV = -1000 + 150 x a(10%, 10) = -1000 + 150 x 6.144567105705 =
 * -78.314934144297.  A grant of 78.314934144297 paid with the capex brings it to 0; a
 * dollar less leaves it negative, a dollar more tips it positive.  The break-even
 * search finds the same grant.
 */
static void test_grant_threshold(void **state)
{
    (void)state;
    fixture *f = fx_new(11);
    f->capex[0] = 1000;
    for (int t = 1; t <= 10; t++)
        f->vol[t] = 0.150;
    fx_run(f);
    RF_ASSERT_NEAR(npv_of(f->fl.investor_usd, 11, 0.10), -78.314934144297, 1e-9, 0);

    f->s.grant_usd = 78.314934144297;
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.grant_usd[0], 78.314934144297, 1e-12, 0);
    RF_ASSERT_NEAR(f->fl.gov_cost_usd[0], 78.314934144297, 1e-12, 0);
    RF_ASSERT_NEAR(npv_of(f->fl.investor_usd, 11, 0.10), 0.0, 1e-9, 0);
    f->s.grant_usd -= 1.0;
    fx_run(f);
    assert_true(npv_of(f->fl.investor_usd, 11, 0.10) < 0.0);
    f->s.grant_usd += 2.0;
    fx_run(f);
    assert_true(npv_of(f->fl.investor_usd, 11, 0.10) > 0.0);

    f->s.grant_usd = 0.0;
    rf_finance_breakeven_result be;
    assert_int_equal(
        rf_finance_breakeven(&f->p, &f->s, RF_FIN_LEVER_GRANT, 0, 0.10, &f->fl, &be, &f->err),
        RF_OK);
    assert_int_equal(be.kind, RF_FIN_BE_FOUND);
    RF_ASSERT_NEAR(be.value, 78.314934144297, 1e-9, 0);
    RF_ASSERT_NEAR(be.npv_usd, 0.0, 1e-9, 0);
    /* The same grant as a share of the capex: 7.8314934144297%. */
    f->s.grant_share = 0.078314934144297;
    fx_run(f);
    RF_ASSERT_NEAR(npv_of(f->fl.investor_usd, 11, 0.10), 0.0, 1e-9, 0);
    free(f);
}

/*
 * With tax the threshold grant is not the NPV gap (the grant is not taxed but lowers the
 * depreciable base).  Tax 30%, capex 1000 in year 0 depreciated over 10 years, revenue 180
 * a year in years 1-10, 10%.  Without a grant: depreciation 100, tax 0.3 x 80 = 24, cash
 * 156 a year, NPV = -1000 + 156 x 6.144567105705 = -41.447531.  A grant g is received in
 * year 0 and cuts depreciation by g/10 a year, so tax rises by 0.03 g a year:
 * NPV(g) = -41.447531 + g (1 - 0.03 x 6.144567105705), zero at g = 41.447531 / 0.815663 =
 * 50.814590.  Substituted back, the NPV is 0.
 */
static void test_grant_threshold_taxed(void **state)
{
    (void)state;
    fixture *f = fx_new(11);
    f->capex[0] = 1000;
    for (int t = 1; t <= 10; t++)
        f->vol[t] = 0.180;
    f->p.tax_rate = 0.30;
    f->p.depreciation_years = 10;
    rf_finance_breakeven_result be;
    assert_int_equal(
        rf_finance_breakeven(&f->p, &f->s, RF_FIN_LEVER_GRANT, 0, 0.10, &f->fl, &be, &f->err),
        RF_OK);
    assert_int_equal(be.kind, RF_FIN_BE_FOUND);
    RF_ASSERT_NEAR(be.value, (1000 - 156 * 6.144567105705) / (1 - 0.03 * 6.144567105705), 1e-8, 0);
    f->s.grant_usd = be.value;
    fx_run(f);
    RF_ASSERT_NEAR(npv_of(f->fl.investor_usd, 11, 0.10), 0.0, 1e-8, 0);
    f->s.grant_usd = 0.0;
    fx_run(f);
    RF_ASSERT_NEAR(npv_of(f->fl.investor_usd, 11, 0.10), -1000 + 156 * 6.144567105705, 1e-8, 0);
    assert_true(be.value > 41.447531);
    free(f);
}

/*
 * Government equity 25% with a grant of 20%.  Capex 100 in year 0, EBITDA 30 a year in
 * years 1-4, no tax.  The equity call in year 0 is 100 - 20 = 80: the government pays
 * 20 of it, the investor 60; the government's cost that year is 20 (grant) + 20 = 40.
 * Each later year it receives 25% of 30 = 7.5 (cost -7.5), the investor 22.5.
 */
static void test_equity(void **state)
{
    (void)state;
    fixture *f = fx_new(5);
    f->capex[0] = 100;
    for (int t = 1; t <= 4; t++)
        f->vol[t] = 0.030;
    f->s.equity_share = 0.25;
    f->s.grant_share = 0.20;
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.equity_usd[0], -80.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.investor_usd[0], -60.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.gov_equity_usd[0], 20.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.gov_cost_usd[0], 40.0, TOL, 0);
    for (int t = 1; t <= 4; t++) {
        RF_ASSERT_NEAR(f->fl.investor_usd[t], 22.5, TOL, 0);
        RF_ASSERT_NEAR(f->fl.gov_equity_usd[t], -7.5, TOL, 0);
        RF_ASSERT_NEAR(f->fl.gov_cost_usd[t], -7.5, TOL, 0);
    }
    /* The investor's IRR: -60 + 22.5 a(r, 4) = 0, the same as the whole project's
     * -80 + 30 a(r, 4): pari passu shares scale every flow alike. */
    rf_finance_irr_result a = irr_of(f->fl.investor_usd, 5), b = irr_of(f->fl.equity_usd, 5);
    RF_ASSERT_NEAR(a.rate, b.rate, 1e-12, 0);
    free(f);
}

/*
 * A floor of 110 USD/kg from year 2, 1 t a year, prices 100, 80, 120, 90, 110:
 * years 0-1 are before the start (no top-up although the price is below); year 2 is above
 * the floor (0); year 3 pays (110 - 90) x 1000 kg = 20,000; year 4 is at the floor (0).
 * With an upside share of 30%, year 2 pays back 0.3 x (120 - 110) x 1000 = 3,000.
 */
static void test_floor(void **state)
{
    (void)state;
    fixture *f = fx_new(5);
    double prices[] = {100, 80, 120, 90, 110}, floor = 110;
    for (int t = 0; t < 5; t++)
        f->vol[t] = 1.0, f->price[t] = prices[t];
    f->s.floor_usd_per_kg = &floor;
    f->s.floor_window = (rf_finance_window){2, 100};
    fx_run(f);
    double topup[] = {0, 0, 0, 20000, 0};
    for (int t = 0; t < 5; t++) {
        RF_ASSERT_NEAR(f->fl.floor_topup_usd[t], topup[t], TOL, 0);
        RF_ASSERT_NEAR(f->fl.gov_cost_usd[t], topup[t], TOL, 0);
        RF_ASSERT_NEAR(f->fl.revenue_usd[t], 1000 * prices[t], TOL, 0);
        RF_ASSERT_NEAR(f->fl.ebitda_usd[t], 1000 * prices[t] + topup[t], TOL, 0);
    }
    /* The royalty is a share of sales, not of the top-up: 10% of 90,000 in year 3. */
    f->p.royalty_rate = 0.10;
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.royalty_usd[3], 9000.0, TOL, 0);
    f->p.royalty_rate = 0.0;
    f->s.floor_upside_share = 0.3;
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.floor_upside_usd[2], 3000.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.gov_cost_usd[2], -3000.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.ebitda_usd[2], 117000.0, TOL, 0);
    free(f);
}

/*
 * Offtake of half of 1 t at a contract price of 150 while the market pays 100:
 * revenue 500 x 150 + 500 x 100 = 125,000; the buyer's cost after reselling at the market
 * 500 x (150 - 100) = 25,000.  A floor of 120 on the same output tops up only the 500 kg
 * sold at the market: (120 - 100) x 500 = 10,000.
 */
static void test_offtake(void **state)
{
    (void)state;
    fixture *f = fx_new(1);
    double share = 0.5, contract = 150, floor = 120;
    f->vol[0] = 1.0, f->price[0] = 100;
    f->s.offtake_share = &share;
    f->s.offtake_price_usd_per_kg = &contract;
    f->s.offtake_window = (rf_finance_window){0, 1};
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.revenue_usd[0], 125000.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.offtake_cost_usd[0], 25000.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.gov_cost_usd[0], 25000.0, TOL, 0);
    f->s.floor_usd_per_kg = &floor;
    f->s.floor_window = (rf_finance_window){0, 1};
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.floor_topup_usd[0], 10000.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.gov_cost_usd[0], 35000.0, TOL, 0);
    /* A floor of 80 under the market's 100 with a 30% upside share takes back
     * 0.3 x (100 - 80) x 500 kg = 3,000, again only on the market half. */
    floor = 80;
    f->s.floor_upside_share = 0.3;
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.floor_topup_usd[0], 0.0, 0, 0);
    RF_ASSERT_NEAR(f->fl.floor_upside_usd[0], 3000.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.gov_cost_usd[0], 25000.0 - 3000.0, TOL, 0);
    free(f);
}

/*
 * Guaranteed EBITDA of 50 a year for 2 years from year 1.  Revenue 0, 20, 100, 30, 10 and
 * opex 10 a year give EBITDA -10, 10, 90, 20, 0 before the guarantee; the top-up is
 * max(0, 50 - EBITDA) in years 1 and 2 only: 40 and 0.  Year 0 and year 3 are outside.
 */
static void test_ebitda_guarantee(void **state)
{
    (void)state;
    fixture *f = fx_new(5);
    double vol[] = {0, 0.020, 0.100, 0.030, 0.010};
    for (int t = 0; t < 5; t++)
        f->vol[t] = vol[t], f->opex[t] = 10;
    f->s.ebitda_guarantee_usd = 50;
    f->s.ebitda_window = (rf_finance_window){1, 2};
    fx_run(f);
    double top[] = {0, 40, 0, 0, 0}, ebitda[] = {-10, 50, 90, 20, 0};
    for (int t = 0; t < 5; t++) {
        RF_ASSERT_NEAR(f->fl.ebitda_topup_usd[t], top[t], TOL, 0);
        RF_ASSERT_NEAR(f->fl.ebitda_usd[t], ebitda[t], TOL, 0);
        RF_ASSERT_NEAR(f->fl.gov_cost_usd[t], top[t], TOL, 0);
    }
    free(f);
}

/*
 * A loan of half the capex (100 in year 0) at 2%, 10 years, against 7%; EBITDA 20 a year in
 * years 1-10, no tax.  Draw 50 in year 0: the investor pays 50.  Each repayment year it
 * pays 50 x 11.132652786532 / 100 = 5.566326 of debt service: 20 - 5.566326 = 14.433674.
 * The government's cost is the subsidy flow, 50 x (14.237750 - 11.132653) / 100 = 1.552549
 * a year.  The investor's IRR, substituted back, zeroes its NPV; its payback:
 * cumulative -50 + 14.433674 t >= 0 from t = 4 (3.46 by interpolation).
 */
static void test_loan_in_flows(void **state)
{
    (void)state;
    fixture *f = fx_new(11);
    f->capex[0] = 100;
    for (int t = 1; t <= 10; t++)
        f->vol[t] = 0.020;
    f->s.loan = (rf_finance_loan){0.5, 0.02, 0.07, 10, 0};
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.loan_draw_usd[0], 50.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.investor_usd[0], -50.0, TOL, 0);
    for (int t = 1; t <= 10; t++) {
        RF_ASSERT_NEAR(f->fl.investor_usd[t], 20 - 5.566326393266, TOL, 0);
        RF_ASSERT_NEAR(f->fl.loan_subsidy_usd[t], 0.5 * (14.237750272736 - 11.132652786532), TOL,
                       0);
        RF_ASSERT_NEAR(f->fl.gov_cost_usd[t], f->fl.loan_subsidy_usd[t], 0, 0);
    }
    rf_finance_irr_result r = irr_of(f->fl.investor_usd, 11);
    assert_int_equal(r.kind, RF_FIN_IRR_FOUND);
    RF_ASSERT_NEAR(npv_of(f->fl.investor_usd, 11, r.rate), 0.0, 1e-9, 0);
    rf_finance_payback_result pb = payback_of(f->fl.investor_usd, 11);
    assert_int_equal(pb.year, 4);
    /* 3 + (50 - 3 x 14.433673606734) / 14.433673606734 = 50 / 14.433673606734 */
    RF_ASSERT_NEAR(pb.fractional, 50.0 / 14.433673606734, 1e-9, 0);

    /* Interest is deductible: with 25% tax, year 1 is taxed on 20 - 100 (depreciation over
     * one year) - 1 (interest 2% of 50) < 0: no tax, 81 carried. */
    f->p.tax_rate = 0.25;
    fx_run(f);
    RF_ASSERT_NEAR(f->fl.interest_usd[1], 1.0, 1e-12, 0);
    RF_ASSERT_NEAR(f->fl.loss_carried_usd[1], 81.0, TOL, 0);
    RF_ASSERT_NEAR(f->fl.tax_usd[1], 0.0, 0, 0);
    free(f);
}

/*
 * Break-even price and floor.  Capex 1000 in year 0, 1 t a year in years 1-10, no costs,
 * 10%: NPV = -1000 + 1000 p a(10%, 10) = 0 at p = 1/6.144567105705 = 0.162745394883 USD/kg.
 * With a market at 0.1 USD/kg and a floor over years 1-10 the floor must be the same.
 */
static void test_breakeven(void **state)
{
    (void)state;
    fixture *f = fx_new(11);
    f->capex[0] = 1000;
    for (int t = 1; t <= 10; t++)
        f->vol[t] = 1.0, f->price[t] = 0.1;
    rf_finance_breakeven_result be;
    assert_int_equal(
        rf_finance_breakeven(&f->p, &f->s, RF_FIN_LEVER_PRICE, 0, 0.10, &f->fl, &be, &f->err),
        RF_OK);
    assert_int_equal(be.kind, RF_FIN_BE_FOUND);
    RF_ASSERT_NEAR(be.value, 0.162745394883, 1e-11, 0);

    double floor = 0.0;
    f->s.floor_usd_per_kg = &floor;
    f->s.floor_window = (rf_finance_window){1, 10};
    assert_int_equal(
        rf_finance_breakeven(&f->p, &f->s, RF_FIN_LEVER_FLOOR, 0, 0.10, &f->fl, &be, &f->err),
        RF_OK);
    assert_int_equal(be.kind, RF_FIN_BE_FOUND);
    RF_ASSERT_NEAR(be.value, 0.162745394883, 1e-11, 0);
    RF_ASSERT_NEAR(f->fl.floor_topup_usd[5], 1000 * (0.162745394883 - 0.1), 1e-8, 0);

    /* At 0.2 USD/kg it pays without a floor; with no volume no floor helps. */
    for (int t = 1; t <= 10; t++)
        f->price[t] = 0.2;
    assert_int_equal(
        rf_finance_breakeven(&f->p, &f->s, RF_FIN_LEVER_FLOOR, 0, 0.10, &f->fl, &be, &f->err),
        RF_OK);
    assert_int_equal(be.kind, RF_FIN_BE_ALREADY);
    RF_ASSERT_NEAR(be.value, 0.0, 0, 0);
    for (int t = 1; t <= 10; t++)
        f->vol[t] = 0.0;
    assert_int_equal(
        rf_finance_breakeven(&f->p, &f->s, RF_FIN_LEVER_FLOOR, 0, 0.10, &f->fl, &be, &f->err),
        RF_OK);
    assert_int_equal(be.kind, RF_FIN_BE_NEVER);
    assert_true(isnan(be.value));
    free(f);
}

/* ---------------------------------------------------------------------------
 * Bad input: RF_EINVAL with a message, never a crash.
 * ------------------------------------------------------------------------- */

static void expect_einval(fixture *f, const char *field)
{
    rf_err_clear(&f->err);
    assert_int_equal(rf_finance_cash_flows(&f->p, &f->s, &f->fl, &f->err), RF_EINVAL);
    assert_int_equal(f->err.code, RF_EINVAL);
    assert_true(f->err.msg[0] != '\0');
    if (strcmp(f->err.field, field) != 0)
        fail_msg("field %s, want %s (%s)", f->err.field, field, f->err.msg);
}

static void test_bad_project(void **state)
{
    (void)state;
    fixture *f = fx_new(4);
    f->capex[0] = 100;
    fx_run(f);

    f->p.nyears = -1;
    expect_einval(f, "nyears");
    f->p.nyears = 4;
    f->p.capex_usd = NULL;
    expect_einval(f, "capex_usd");
    f->p.capex_usd = f->capex;
    f->price[2] = NAN;
    expect_einval(f, "price_usd_per_kg[2]");
    f->price[2] = 1.0;
    f->opex[1] = INFINITY;
    expect_einval(f, "opex_usd[1]");
    f->opex[1] = 0.0;
    f->vol[3] = -1.0;
    expect_einval(f, "volume_t[3]");
    f->vol[3] = 0.0;
    f->p.tax_rate = 1.5;
    expect_einval(f, "tax_rate");
    f->p.tax_rate = 0.0;
    f->p.depreciation_years = 0;
    expect_einval(f, "depreciation_years");
    f->p.depreciation_years = 1;

    /* Flows bound to another horizon. */
    f->p.nyears = 3;
    expect_einval(f, "flows");
    f->p.nyears = 4;
    rf_err err;
    assert_int_equal(rf_finance_cash_flows(NULL, NULL, &f->fl, &err), RF_EINVAL);
    assert_int_equal(rf_finance_cash_flows(&f->p, NULL, NULL, &err), RF_EINVAL);
    assert_int_equal(rf_finance_flows_bind(&f->fl, f->buf, 10, 4, &err), RF_EINVAL);
    assert_int_equal(rf_finance_flows_bind(&f->fl, f->buf, 1000, 0, &err), RF_EINVAL);
    free(f);
}

static void test_bad_support(void **state)
{
    (void)state;
    fixture *f = fx_new(4);
    f->capex[0] = 100;

    f->s.grant_share = -0.1;
    expect_einval(f, "grant_share");
    f->s.grant_share = 0.6;
    f->s.loan = (rf_finance_loan){0.5, 0.02, 0.07, 3, 0};
    expect_einval(f, "loan.share"); /* 60% + 50% of the capex */
    f->s.grant_share = 0.0;
    f->s.grant_usd = 101;
    expect_einval(f, "grant_usd");
    f->s.grant_usd = 0;
    f->s.loan.tenor_years = 4; /* the horizon's last year is 3 */
    expect_einval(f, "loan.tenor_years");
    f->s.loan.tenor_years = 3;
    f->s.loan.grace_years = 3;
    expect_einval(f, "loan.grace_years");
    f->s.loan.grace_years = 0;
    f->s.loan.rate = NAN;
    expect_einval(f, "loan.rate");
    f->s.loan.rate = 0.02;
    f->capex[3] = 10; /* drawn in the year of the last repayment */
    expect_einval(f, "capex_usd[3]");
    f->capex[3] = 0;
    f->s.equity_share = 1.01;
    expect_einval(f, "equity_share");
    f->s.equity_share = 0;
    f->s.floor_window.start_year = -1;
    expect_einval(f, "floor_window.start_year");
    f->s.floor_window.start_year = 0;
    f->s.ebitda_window.years = -2;
    expect_einval(f, "ebitda_window.years");
    f->s.ebitda_window.years = 0;
    double share = 2.0, price = 1.0;
    f->s.offtake_share = &share;
    f->s.offtake_price_usd_per_kg = &price;
    expect_einval(f, "offtake_share[0]");
    share = 0.5;
    f->s.offtake_price_usd_per_kg = NULL;
    expect_einval(f, "offtake_price_usd_per_kg");
    f->s.offtake_price_usd_per_kg = &price;
    fx_run(f); /* everything back in range */

    rf_finance_breakeven_result be;
    rf_err err;
    assert_int_equal(
        rf_finance_breakeven(&f->p, &f->s, RF_FIN_LEVER_PRICE, 1, 0.1, &f->fl, &be, &err),
        RF_EINVAL);
    assert_string_equal(err.field, "output");
    assert_int_equal(
        rf_finance_breakeven(&f->p, &f->s, RF_FIN_LEVER_FLOOR, 0, 0.1, &f->fl, &be, &err),
        RF_EINVAL);
    assert_string_equal(err.field, "floor_window");
    free(f);
}

static void test_bad_series(void **state)
{
    (void)state;
    double cf[] = {-1, 2}, bad[] = {-1, NAN}, v;
    rf_finance_irr_result r;
    rf_finance_payback_result pb;
    rf_err err;
    assert_int_equal(rf_finance_npv(NULL, 2, 0.1, &v, &err), RF_EINVAL);
    assert_int_equal(rf_finance_npv(cf, 0, 0.1, &v, &err), RF_EINVAL);
    assert_int_equal(rf_finance_npv(cf, -3, 0.1, &v, &err), RF_EINVAL);
    assert_int_equal(rf_finance_npv(cf, 2, -1.0, &v, &err), RF_EINVAL);
    assert_int_equal(rf_finance_npv(cf, 2, INFINITY, &v, &err), RF_EINVAL);
    assert_int_equal(rf_finance_npv(bad, 2, 0.1, &v, &err), RF_EINVAL);
    assert_string_equal(err.field, "cf_usd[1]");
    assert_int_equal(rf_finance_irr(bad, 2, &r, &err), RF_EINVAL);
    assert_int_equal(rf_finance_irr(cf, 2, NULL, &err), RF_EINVAL);
    assert_int_equal(rf_finance_payback(NULL, 2, &pb, &err), RF_EINVAL);
    assert_int_equal(rf_finance_payback(cf, RF_FIN_MAX_YEARS + 1, &pb, &err), RF_EINVAL);

    double draws[5] = {100}, i5[5], p5[5];
    rf_finance_loan loan = {0.0, 0.02, 0.07, 5, 0}; /* 5 years: the last year index is 4 */
    assert_int_equal(rf_finance_loan_schedule(&loan, draws, 5, i5, p5, &err), RF_EINVAL);
    assert_string_equal(err.field, "loan.tenor_years");
    loan.tenor_years = 4;
    assert_int_equal(rf_finance_loan_schedule(&loan, draws, 5, NULL, p5, &err), RF_EINVAL);
    assert_int_equal(rf_finance_loan_subsidy(&loan, draws, 5, -2.0, NULL, &v, &err), RF_EINVAL);
    assert_int_equal(rf_finance_loan_subsidy(NULL, draws, 5, 0.05, NULL, &v, &err), RF_EINVAL);
    /* rf_err may be NULL: the code alone comes back. */
    assert_int_equal(rf_finance_npv(cf, 0, 0.1, &v, NULL), RF_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npv),
        cmocka_unit_test(test_irr_simple),
        cmocka_unit_test(test_irr_longer),
        cmocka_unit_test(test_irr_none),
        cmocka_unit_test(test_irr_two_roots),
        cmocka_unit_test(test_payback),
        cmocka_unit_test(test_loan_subsidy),
        cmocka_unit_test(test_loan_grace),
        cmocka_unit_test(test_tax_losses),
        cmocka_unit_test(test_grant_threshold),
        cmocka_unit_test(test_grant_threshold_taxed),
        cmocka_unit_test(test_equity),
        cmocka_unit_test(test_floor),
        cmocka_unit_test(test_offtake),
        cmocka_unit_test(test_ebitda_guarantee),
        cmocka_unit_test(test_loan_in_flows),
        cmocka_unit_test(test_breakeven),
        cmocka_unit_test(test_bad_project),
        cmocka_unit_test(test_bad_support),
        cmocka_unit_test(test_bad_series),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
