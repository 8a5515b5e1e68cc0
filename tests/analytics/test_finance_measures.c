/*
 * test_finance_measures.c: rf_finance_measure (rareflow/finance.h), what
 * `rareflow finance` reports, against cash flows worked out by hand.
 *
 * Every expected value is derived in the comment above its test, never from
 * the code under test.  The long decimals were computed once with this
 * Python, run by hand and pasted:
 *
 *   npv = lambda cf, r: sum(c / (1 + r)**t for t, c in enumerate(cf))
 *   A = [-100, 40, 40, 40]
 *   npv(A, .1), npv(A, .0975), npv(A, .11)     # -0.525920360631, -0.086471740357, -2.251411382164
 *   npv([-100, 32, 32, 32], .1)                # -20.420736288505
 *   npv([-100, 48, 48, 48], .1)                # 19.368895567243
 *   lo, hi = 0.0, 0.5                          # IRR of A by plain bisection
 *   for _ in range(300):
 *       m = (lo + hi) / 2; lo, hi = (m, hi) if npv(A, m) > 0 else (lo, m)
 *   # lo = 0.097010257403273
 *   a3 = 1/1.1 + 1/1.21 + 1/1.331; 100 / a3    # 40.211480362538
 *   pay = 50 * .05 / (1 - 1.05**-2)            # 26.890243902439
 *   i2 = (50 - (pay - 2.5)) * .05                       # 1.280487804878
 *   npv([-30, 50 - 1.875 - pay, 50 - .25 * (10 - i2) - pay, 37.5], .1)   # 34.776048633890
 *   s12, d3 = 1/1.1 + 1/1.21, 1/1.331; c = 18.445121951220
 *   (30 + s12 * (10 + pay) - d3 * c) / (s12 + .25 * d3)   # 41.680211509146
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rareflow/finance.h"
#include "rf_test.h"

#define MAXY 8

typedef struct fixture {
    rf_finance_project p;
    rf_finance_support s;
    rf_finance_flows fl;
    rf_finance_measures m;
    double capex[MAXY], opex[MAXY], vol[MAXY], price[MAXY];
    double buf[RF_FINANCE_FLOW_LINES * MAXY];
    double work[(RF_FINANCE_FLOW_LINES + 1) * MAXY];
    rf_err err;
} fixture;

/* nyears years, one output (index 0, the "NdPr" of the floor), no tax, no
 * royalty, depreciation over one year, no support.  Volume 0.001 t = 1 kg, so
 * a year's revenue is its price in USD. */
static fixture *fx_new(int nyears)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->p.nyears = nyears;
    f->p.noutputs = 1;
    f->p.capex_usd = f->capex;
    f->p.opex_usd = f->opex;
    f->p.volume_t = f->vol;
    f->p.price_usd_per_kg = f->price;
    f->p.depreciation_years = 1;
    assert_int_equal(rf_finance_flows_bind(&f->fl, f->buf, sizeof f->buf / sizeof f->buf[0], nyears, &f->err),
                     RF_OK);
    return f;
}

static void fx_measure(fixture *f, double rate, int floor_output)
{
    rf_err_clear(&f->err);
    rf_status st = rf_finance_measure(&f->p, &f->s, rate, floor_output, &f->fl, f->work,
                                      sizeof f->work / sizeof f->work[0], &f->m, &f->err);
    if (st != RF_OK) fail_msg("measure: %s: %s", f->err.field, f->err.msg);
}

/* The investor's NPV with output 0's floor at `floor` over the window the
 * measure used, computed again through the finance core: the break-even check. */
static double npv_with_floor(fixture *f, double floor, double rate)
{
    rf_finance_support s = f->s;
    double fl0[1] = {floor};
    s.floor_usd_per_kg = fl0;
    if (f->m.floor_window_added) {
        s.floor_window = (rf_finance_window){0, f->p.nyears};
        s.floor_upside_share = 0.0;
    }
    double buf[RF_FINANCE_FLOW_LINES * MAXY], v = 0.0;
    rf_finance_flows fl;
    rf_err err;
    assert_int_equal(rf_finance_flows_bind(&fl, buf, sizeof buf / sizeof buf[0], f->p.nyears, &err), RF_OK);
    assert_int_equal(rf_finance_cash_flows(&f->p, &s, &fl, &err), RF_OK);
    assert_int_equal(rf_finance_npv(fl.investor_usd, f->p.nyears, rate, &v, &err), RF_OK);
    return v;
}

/* Case A: capex 100 in year 0, then 1 kg a year at 40 USD/kg for three years,
 * no cost, no tax: [-100, 40, 40, 40].
 * NPV at 10% = -100 + 40 (1/1.1 + 1/1.21 + 1/1.331) = -100 + 40 x 2.486851991 =
 * -0.525920360631; at 9.75% -0.086471740357; at 11% -2.251411382164.
 * Prices -20%: [-100, 32, 32, 32], -20.420736288505; +20%: 19.368895567243.
 * IRR: 40 a(r, 3) = 100, 0.097010257403 (bisection, header).
 * Payback: cumulative -100, -60, -20, +20: year 3, fractional 2 + 20/40 = 2.5.
 * Break-even floor over the whole horizon: with F > 40 the floor tops every kg up
 * to F, so NPV(F) = -100 + F a3 = 0 at F = 100 / 2.486851991 = 40.211480362538. */
static void test_case_a(void **state)
{
    (void)state;
    fixture *f = fx_new(4);
    f->capex[0] = 100.0;
    for (int t = 1; t < 4; t++) f->vol[t] = 0.001, f->price[t] = 40.0;
    fx_measure(f, 0.10, 0);
    RF_ASSERT_NEAR(f->m.discount_rate, 0.10, 0, 0);
    RF_ASSERT_NEAR(f->m.npv_usd, -0.525920360631, 1e-10, 0);
    RF_ASSERT_NEAR(f->m.npv_rate_minus_25bp, -0.086471740357, 1e-10, 0);
    RF_ASSERT_NEAR(f->m.npv_rate_plus_100bp, -2.251411382164, 1e-10, 0);
    RF_ASSERT_NEAR(f->m.npv_prices_minus_20pct, -20.420736288505, 1e-10, 0);
    RF_ASSERT_NEAR(f->m.npv_prices_plus_20pct, 19.368895567243, 1e-10, 0);
    assert_int_equal(f->m.irr.kind, RF_FIN_IRR_FOUND);
    assert_int_equal(f->m.irr.nroots, 1);
    assert_null(rf_finance_irr_reason(&f->m.irr));
    RF_ASSERT_NEAR(f->m.irr.rate, 0.097010257403, 1e-11, 0);
    assert_int_equal(f->m.payback.paid_back, 1);
    assert_int_equal(f->m.payback.year, 3);
    RF_ASSERT_NEAR(f->m.payback.fractional, 2.5, 1e-12, 0);
    /* The flows returned are those at the project's prices. */
    RF_ASSERT_NEAR(f->fl.investor_usd[0], -100.0, 1e-12, 0);
    RF_ASSERT_NEAR(f->fl.investor_usd[3], 40.0, 1e-12, 0);
    assert_int_equal(f->m.floor_output, 0);
    assert_int_equal(f->m.floor.kind, RF_FIN_BE_FOUND);
    assert_int_equal(f->m.floor_window_added, 1);
    RF_ASSERT_NEAR(f->m.floor.value, 40.211480362538, 0, 1e-6);
    /* NPV at the break-even floor is 0 (to 1e-6), as the finance core recomputes it. */
    RF_ASSERT_NEAR(npv_with_floor(f, f->m.floor.value, 0.10), 0.0, 1e-6, 0);
    RF_ASSERT_NEAR(f->m.floor.npv_usd, 0.0, 1e-6, 0);
    free(f);
}

/* Case B, with a grant, a loan, tax and losses carried forward: capex 100 in
 * year 0, a grant of 20% (20), a loan of 50% (50) at 5% repaid in years 1-2
 * (tenor 2, no grace), tax 25%, depreciation over 2 years of the 80 the
 * project paid itself (40 in years 1 and 2); 1 kg a year in years 1-3, opex 10.
 * Loan: payment 50 x 0.05 / (1 - 1.05^-2) = 26.890243902439; year 1 interest 2.5,
 * principal 24.390243902439, balance 25.609756097561; year 2 interest
 * 1.280487804878, principal 25.609756097561.
 *
 * At 60 USD/kg: EBITDA 50 a year; taxable 50 - 40 - 2.5 = 7.5 (tax 1.875),
 * 50 - 40 - 1.280487804878 = 8.719512195122 (tax 2.179878048780), 50 (tax 12.5).
 * Equity: -100 + 20 + 50 = -30; 50 - 1.875 - 26.890243902439 = 21.234756097561;
 * 50 - 2.179878048780 - 26.890243902439 = 20.929878048781; 50 - 12.5 = 37.5.
 * NPV at 10% = -30 + 21.234756097561/1.1 + 20.929878048781/1.21 + 37.5/1.331 =
 * 34.776048633890: it pays without a floor (break-even ALREADY, 0).
 *
 * At 20 USD/kg it does not; with a floor F the EBITDA is F - 10.  For F between
 * 37.93 and 51.28 years 1 and 2 make losses (52.5 - F and 51.280487804878 - F,
 * together 103.780487804878 - 2F) that year 3 (taxable F - 10) uses up, leaving
 * tax 0.25 (3F - 113.780487804878).  Net: -30; F - 36.890243902439 twice;
 * 0.25 F + 18.445121951220.  NPV(F) = 0 at
 * F = (30 + s12 x 36.890243902439 - d3 x 18.445121951220) / (s12 + 0.25 d3)
 *   = 41.680211509146   (s12 = 1/1.1 + 1/1.21, d3 = 1/1.331), inside the range. */
static void case_b(fixture *f, double price)
{
    f->capex[0] = 100.0;
    for (int t = 1; t < 4; t++) f->vol[t] = 0.001, f->price[t] = price, f->opex[t] = 10.0;
    f->p.tax_rate = 0.25;
    f->p.depreciation_years = 2;
    f->s.grant_share = 0.2;
    f->s.loan = (rf_finance_loan){0.5, 0.05, 0.08, 2, 0};
}

static void test_case_b_loan_grant(void **state)
{
    (void)state;
    fixture *f = fx_new(4);
    case_b(f, 60.0);
    fx_measure(f, 0.10, 0);
    RF_ASSERT_NEAR(f->fl.investor_usd[0], -30.0, 1e-12, 0);
    RF_ASSERT_NEAR(f->fl.investor_usd[1], 21.234756097561, 1e-11, 0);
    RF_ASSERT_NEAR(f->fl.investor_usd[2], 20.929878048781, 1e-11, 0);
    RF_ASSERT_NEAR(f->fl.investor_usd[3], 37.5, 1e-11, 0);
    RF_ASSERT_NEAR(f->m.npv_usd, 34.776048633890, 1e-10, 0);
    assert_int_equal(f->m.floor.kind, RF_FIN_BE_ALREADY);
    RF_ASSERT_NEAR(f->m.floor.value, 0.0, 0, 0);
    assert_int_equal(f->m.payback.year, 2); /* -30, -8.77, +12.16 */
    free(f);

    f = fx_new(4);
    case_b(f, 20.0);
    fx_measure(f, 0.10, 0);
    assert_true(f->m.npv_usd < 0.0);
    assert_int_equal(f->m.floor.kind, RF_FIN_BE_FOUND);
    RF_ASSERT_NEAR(f->m.floor.value, 41.680211509146, 0, 1e-6);
    RF_ASSERT_NEAR(npv_with_floor(f, f->m.floor.value, 0.10), 0.0, 1e-6, 0);
    free(f);
}

/* A floor program in the support gives the window: a floor only in year 3 of case A
 * must make up the whole -0.525920360631 there: (F - 40) / 1.331 = 0.525920360631,
 * F = 40 + 0.525920360631 x 1.331 = 40.700000000000 (to rounding: 40.7 exactly, since
 * -100 + 40 a3 = -0.7 / 1.331). */
static void test_floor_window_of_program(void **state)
{
    (void)state;
    fixture *f = fx_new(4);
    f->capex[0] = 100.0;
    for (int t = 1; t < 4; t++) f->vol[t] = 0.001, f->price[t] = 40.0;
    f->s.floor_window = (rf_finance_window){3, 1};
    fx_measure(f, 0.10, 0);
    assert_int_equal(f->m.floor_window_added, 0);
    assert_int_equal(f->m.floor.kind, RF_FIN_BE_FOUND);
    RF_ASSERT_NEAR(f->m.floor.value, 40.7, 0, 1e-6);
    free(f);
}

/* No IRR: capex only, nothing ever sold: [-100, 0, 0].  No sign change, no payback,
 * and no floor can help a plant that sells nothing (NEVER, value NaN); the NPV is
 * -100 at any rate. */
static void test_no_irr_no_floor(void **state)
{
    (void)state;
    fixture *f = fx_new(3);
    f->capex[0] = 100.0;
    fx_measure(f, 0.08, 0);
    RF_ASSERT_NEAR(f->m.npv_usd, -100.0, 1e-12, 0);
    RF_ASSERT_NEAR(f->m.npv_prices_plus_20pct, -100.0, 1e-12, 0);
    assert_int_equal(f->m.irr.kind, RF_FIN_NO_IRR);
    assert_true(isnan(f->m.irr.rate));
    assert_string_equal(rf_finance_irr_reason(&f->m.irr), "no sign change");
    assert_int_equal(f->m.payback.paid_back, 0);
    assert_int_equal(f->m.floor.kind, RF_FIN_BE_NEVER);
    assert_true(isnan(f->m.floor.value));
    free(f);
}

/* A project that makes no NdPr (floor_output -1): no break-even floor, NEVER, NaN,
 * while everything else is measured as usual (case A's NPV). */
static void test_no_ndpr(void **state)
{
    (void)state;
    fixture *f = fx_new(4);
    f->capex[0] = 100.0;
    for (int t = 1; t < 4; t++) f->vol[t] = 0.001, f->price[t] = 40.0;
    fx_measure(f, 0.10, -1);
    assert_int_equal(f->m.floor_output, -1);
    assert_int_equal(f->m.floor.kind, RF_FIN_BE_NEVER);
    assert_true(isnan(f->m.floor.value));
    RF_ASSERT_NEAR(f->m.npv_usd, -0.525920360631, 1e-10, 0);
    free(f);
}

/* Several roots: [-100, 230, -132] is -(100 x^2 - 230 x + 132) / x^2 with x = 1 + r,
 * zero at x = (230 +- 10) / 200: r = 10% and 20%.  The reason says so. */
static void test_several_roots(void **state)
{
    (void)state;
    fixture *f = fx_new(3);
    f->capex[0] = 100.0;
    f->vol[1] = 0.001;
    f->price[1] = 230.0;
    f->opex[2] = 132.0;
    fx_measure(f, 0.10, 0);
    assert_int_equal(f->m.irr.nroots, 2);
    assert_string_equal(rf_finance_irr_reason(&f->m.irr), "several roots");
    /* NPV at 10% is a root: 0. */
    RF_ASSERT_NEAR(f->m.npv_usd, 0.0, 1e-10, 0);
    free(f);
}

static void test_bad_input(void **state)
{
    (void)state;
    fixture *f = fx_new(3);
    f->capex[0] = 100.0;
    rf_err err;
    double small[4];
    /* A rate whose -25 bp would be -100% or below. */
    assert_int_equal(rf_finance_measure(&f->p, &f->s, -0.998, 0, &f->fl, f->work, sizeof f->work / sizeof f->work[0],
                                        &f->m, &err),
                     RF_EINVAL);
    assert_string_equal(err.field, "discount_rate");
    assert_int_equal(rf_finance_measure(&f->p, &f->s, NAN, 0, &f->fl, f->work, sizeof f->work / sizeof f->work[0],
                                        &f->m, &err),
                     RF_EINVAL);
    assert_int_equal(rf_finance_measure(&f->p, &f->s, 0.1, 1, &f->fl, f->work, sizeof f->work / sizeof f->work[0],
                                        &f->m, &err),
                     RF_EINVAL);
    assert_string_equal(err.field, "floor_output");
    assert_int_equal(rf_finance_measure(&f->p, &f->s, 0.1, 0, &f->fl, small, 4, &f->m, &err), RF_EINVAL);
    assert_string_equal(err.field, "work");
    assert_int_equal(rf_finance_measure(&f->p, &f->s, 0.1, 0, NULL, f->work, 4, &f->m, &err), RF_EINVAL);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_a),
        cmocka_unit_test(test_case_b_loan_grant),
        cmocka_unit_test(test_floor_window_of_program),
        cmocka_unit_test(test_no_irr_no_floor),
        cmocka_unit_test(test_no_ndpr),
        cmocka_unit_test(test_several_roots),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
