/*
 * rf_test_util.c: the shared scaffolding of rf_test_util.h.  Test code: it
 * fails the running cmocka test where the scaffolding itself cannot go on.
 */
#include "rf_test_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rf_test.h"

rf_status rf_test_load(const char *prefix, rf_scenario **sc, rf_world **w, rf_warnings *warn,
                       rf_err *err, const char *fmt, ...)
{
    char path[256];
    int n = snprintf(path, sizeof path, "/tmp/%s_XXXXXX", prefix);
    assert_true(n > 0 && (size_t)n < sizeof path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(fp, fmt, ap);
    va_end(ap);
    fclose(fp);
    *sc = NULL;
    *w = NULL;
    rf_err_clear(err);
    rf_status st = rf_scenario_load(path, sc, err);
    remove(path);
    if (st == RF_OK) st = rf_dataset_load((*sc)->data_dir, w, err);
    if (st == RF_OK) st = rf_scenario_check(*sc, *w, err);
    if (st == RF_OK) st = rf_policy_check(*sc, *w, warn, err);
    return st;
}

const rf_year_result *rf_test_year(const rf_results *res, int year)
{
    for (int i = 0; i < res->nyears; i++)
        if (res->years[i].year == year) return &res->years[i];
    fail_msg("no year %d", year);
    return NULL;
}

void rf_test_solve_year(const rf_world *w, const rf_scenario *sc, int year, rf_year_result *out)
{
    rf_err err;
    rf_market *m = rf_market_new(w, &err);
    assert_non_null(m);
    assert_int_equal(rf_policy_solve_year(m, w, sc, year, NULL, out, NULL, &err), RF_OK);
    rf_market_free(m);
}

int rf_test_has_warning(const rf_warnings *warn, int line, const char *field, const char *what)
{
    for (int i = 0; i < warn->n; i++)
        if (warn->items[i].line == line && !strcmp(warn->items[i].field, field) &&
            strstr(warn->items[i].msg, what))
            return 1;
    return 0;
}
