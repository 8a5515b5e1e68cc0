/*
 * rf_test.h: shared test helpers for the cmocka suites.
 *
 * cmocka's assert_float_equal compares in single precision, which is useless
 * for model numbers; RF_ASSERT_NEAR compares doubles with an absolute plus
 * relative tolerance and prints both values when it fails (gsl_test_rel).
 */
#ifndef RF_TEST_H
#define RF_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static inline void rf_test_near(double got, double want, double abs_tol, double rel_tol,
                                const char *expr, const char *file, int line)
{
    double tol = abs_tol + rel_tol * fabs(want);
    if (!isfinite(got) || fabs(got - want) > tol) {
        print_error("%s:%d: %s = %.12g, want %.12g (tolerance %.3g)\n", file, line, expr,
                       got, want, tol);
        _fail(file, line);
    }
}

/* Assert |got - want| <= abs_tol + rel_tol * |want|, printing both on failure. */
#define RF_ASSERT_NEAR(got, want, abs_tol, rel_tol) \
    rf_test_near((got), (want), (abs_tol), (rel_tol), #got, __FILE__, __LINE__)

#endif
