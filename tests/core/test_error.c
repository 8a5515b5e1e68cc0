/* test_error.c: the status table and rf_err formatting. */
#include <string.h>

#include "rareflow/error.h"
#include "rf_test.h"

static void test_status_table(void **state)
{
    (void)state;
    assert_string_equal(rf_status_str(RF_OK), "ok");
    assert_string_equal(rf_status_str(RF_EINVAL), "invalid input");
    assert_string_equal(rf_status_str((rf_status)999), "unknown status");
    assert_true(rf_status_is_input(RF_EINVAL));
    assert_true(rf_status_is_input(RF_EPARSE));
    assert_true(rf_status_is_input(RF_ENOENT));
    assert_false(rf_status_is_input(RF_ENOMEM));
    assert_false(rf_status_is_input(RF_EINTERNAL));
    assert_false(rf_status_is_input(RF_OK));
}

static void test_format(void **state)
{
    (void)state;
    rf_err err;
    char buf[256];
    rf_err_clear(&err);
    assert_int_equal(err.code, RF_OK);
    assert_int_equal(rf_err_set(&err, RF_EINVAL, "data/facilities.csv", 12, "capacity_t",
                                "negative value %g", -3.0),
                     RF_EINVAL);
    rf_err_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "data/facilities.csv:12: capacity_t: negative value -3");
    rf_err_set(&err, RF_ENOENT, "x.yaml", 0, NULL, "cannot open");
    rf_err_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "x.yaml: cannot open");
    rf_err_set(&err, RF_ENOMEM, NULL, 0, NULL, NULL);
    rf_err_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "out of memory");
    /* A NULL err is allowed: the call only returns the code. */
    assert_int_equal(rf_err_set(NULL, RF_EPARSE, "f", 1, "k", "m"), RF_EPARSE);
    /* Long text is truncated, never overflowed. */
    char longname[1000];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    rf_err_set(&err, RF_EINVAL, longname, 3, longname, "%s", longname);
    assert_true(strlen(err.file) < RF_ERR_FILE_MAX && strlen(err.field) < RF_ERR_FIELD_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_status_table),
                                       cmocka_unit_test(test_format)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
