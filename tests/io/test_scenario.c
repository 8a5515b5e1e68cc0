/*
 * test_scenario.c: rf_scenario_load on fixtures (tests/data/scenarios/) and on
 * temporary files.  Error cases check the exact code, line and field because
 * other tools read them (`file:line: field: message`).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>


#include "rareflow/io.h"
#include "rf_test.h"

#define SCEN_DIR RF_TEST_DATA_DIR "/scenarios"

/* Write `text` to a fresh file under /tmp; `path` receives its name. */
static void write_temp(char path[64], const char *text)
{
    snprintf(path, 64, "/tmp/rf_scenario_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    assert_int_equal(close(fd), 0);
}

/* Load `text` from a temporary file, which is removed before returning. */
static rf_status load_text(const char *text, rf_scenario **sc, rf_err *err, char path[64])
{
    write_temp(path, text);
    rf_err_clear(err);
    *sc = (rf_scenario *)(void *)err; /* any non-NULL value: must come back NULL on error */
    rf_status st = rf_scenario_load(path, sc, err);
    remove(path);
    return st;
}

static rf_scenario *load_ok(const char *text)
{
    char path[64];
    rf_err err;
    rf_scenario *sc;
    rf_status st = load_text(text, &sc, &err, path);
    if (st != RF_OK) print_error("unexpected error: line %d, %s: %s\n", err.line, err.field, err.msg);
    assert_int_equal(st, RF_OK);
    assert_non_null(sc);
    return sc;
}

static void assert_years(const rf_scenario *sc, const int *want, int n)
{
    assert_int_equal(sc->nyears, n);
    for (int i = 0; i < n; i++) assert_int_equal(sc->years[i], want[i]);
}

/* ---- valid input ------------------------------------------------------ */

static void test_full_fixture(void **state)
{
    (void)state;
    const char *path = SCEN_DIR "/full.yaml";
    rf_err err;
    rf_scenario *sc = NULL;
    rf_err_clear(&err);
    assert_int_equal(rf_scenario_load(path, &sc, &err), RF_OK);
    assert_string_equal(sc->file, path);
    assert_string_equal(sc->name, "export ban shock");
    const int years[] = {2024, 2025, 2026};
    assert_years(sc, years, 3);
    assert_int_equal(sc->years_line, 4);
    assert_string_equal(sc->data_dir, SCEN_DIR "/../toy");
    assert_int_equal(sc->data_line, 5);

    assert_int_equal(sc->ndemand, 3);
    const rf_demand_override *d = sc->demand;
    assert_string_equal(d[0].region, "*");
    assert_string_equal(d[0].sector, "magnets");
    assert_null(d[0].product);
    RF_ASSERT_NEAR(d[0].factor, 1.25, 0, 0);
    assert_int_equal(d[0].line, 8);
    assert_string_equal(d[1].region, "cn");
    assert_string_equal(d[1].sector, "ev");
    assert_string_equal(d[1].product, "ndpr_oxide");
    RF_ASSERT_NEAR(d[1].factor, 0.5, 0, 0);
    assert_int_equal(d[1].line, 12);
    assert_string_equal(d[2].region, "eu");
    assert_string_equal(d[2].sector, "wind");
    assert_null(d[2].product); /* product "*" is stored as NULL: every product */
    RF_ASSERT_NEAR(d[2].factor, 0.0, 0, 0);
    assert_int_equal(d[2].line, 13);

    assert_int_equal(sc->ncapacity, 2);
    assert_string_equal(sc->capacity[0].facility, "bayan_obo");
    RF_ASSERT_NEAR(sc->capacity[0].factor, 0.4, 1e-15, 0);
    assert_int_equal(sc->capacity[0].line, 19);
    assert_string_equal(sc->capacity[1].facility, "*");
    RF_ASSERT_NEAR(sc->capacity[1].factor, 2.0, 0, 0);
    assert_int_equal(sc->capacity[1].line, 21);
    rf_scenario_free(sc);
}

static void test_defaults_fixture(void **state)
{
    (void)state;
    rf_err err;
    rf_scenario *sc = NULL;
    assert_int_equal(rf_scenario_load(SCEN_DIR "/defaults.yaml", &sc, &err), RF_OK);
    assert_string_equal(sc->name, "defaults"); /* base name without extension */
    const int years[] = {2024};
    assert_years(sc, years, 1);
    assert_int_equal(sc->years_line, 0);
    assert_null(sc->data_dir);
    assert_int_equal(sc->data_line, 0);
    assert_int_equal(sc->ndemand, 0);
    assert_null(sc->demand);
    assert_int_equal(sc->ncapacity, 0);
    assert_null(sc->capacity);
    rf_scenario_free(sc);
}

static void test_default_name_without_extension(void **state)
{
    (void)state;
    char path[64];
    rf_err err;
    rf_scenario *sc;
    assert_int_equal(load_text("demand:\ncapacity: []\n", &sc, &err, path), RF_OK);
    assert_string_equal(sc->name, strrchr(path, '/') + 1); /* mkstemp names have no dot */
    assert_string_equal(sc->file, path);
    assert_int_equal(sc->ndemand, 0); /* `demand:` with nothing is an empty list */
    rf_scenario_free(sc);
}

static void test_data_relative_to_file(void **state)
{
    (void)state;
    rf_scenario *sc = load_ok("data: mydata\n");
    assert_string_equal(sc->data_dir, "/tmp/mydata");
    assert_int_equal(sc->data_line, 1);
    rf_scenario_free(sc);
    sc = load_ok("# comment\n\ndata: \"/abs/data/set\"\n");
    assert_string_equal(sc->data_dir, "/abs/data/set");
    assert_int_equal(sc->data_line, 3);
    rf_scenario_free(sc);
}

static void test_years_int(void **state)
{
    (void)state;
    rf_scenario *sc = load_ok("name: a\nyears: 2030\n");
    const int want[] = {2030};
    assert_years(sc, want, 1);
    assert_int_equal(sc->years_line, 2);
    rf_scenario_free(sc);
}

static void test_years_list(void **state)
{
    (void)state;
    rf_scenario *sc = load_ok("years:\n  - 2027\n  - 2024\n  - \"2025\"\n");
    const int want[] = {2024, 2025, 2027};
    assert_years(sc, want, 3);
    assert_int_equal(sc->years_line, 1);
    rf_scenario_free(sc);
}

static void test_years_range(void **state)
{
    (void)state;
    const int want[] = {2025, 2026, 2027};
    rf_scenario *sc = load_ok("years: 2025:2027\n");
    assert_years(sc, want, 3);
    rf_scenario_free(sc);
    sc = load_ok("years: \"2025:2027\"\n");
    assert_years(sc, want, 3);
    rf_scenario_free(sc);
    sc = load_ok("years: 2030:2030\n"); /* a one-year range */
    const int one[] = {2030};
    assert_years(sc, one, 1);
    rf_scenario_free(sc);
}

/* ---- missing file ----------------------------------------------------- */

static void test_missing_file(void **state)
{
    (void)state;
    const char *path = "/tmp/rf_no_such_dir/none.yaml";
    rf_err err;
    rf_scenario *sc = (rf_scenario *)(void *)&err;
    assert_int_equal(rf_scenario_load(path, &sc, &err), RF_ENOENT);
    assert_null(sc);
    assert_int_equal(err.code, RF_ENOENT);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 0);
    assert_non_null(strstr(err.msg, strerror(ENOENT)));
}

static void test_directory_is_not_a_file(void **state)
{
    (void)state;
    rf_err err;
    rf_scenario *sc = NULL;
    assert_int_equal(rf_scenario_load(SCEN_DIR, &sc, &err), RF_ENOENT);
    assert_null(sc);
    assert_string_equal(err.file, SCEN_DIR);
    assert_non_null(strstr(err.msg, "is a folder, not a file"));
}

/* ---- error cases: one table row each ---------------------------------- */

typedef struct err_case {
    const char *yaml;
    rf_status code;
    int line;          /* exact line, or -1: any line >= 1 */
    const char *field; /* exact err.field */
    const char *msg;   /* substring of err.msg, or NULL */
} err_case;

static void run_err_case(void **state)
{
    const err_case *ec = *state;
    char path[64];
    rf_err err;
    rf_scenario *sc;
    rf_status st = load_text(ec->yaml, &sc, &err, path);
    if (st != ec->code || (ec->line >= 0 && err.line != ec->line) || strcmp(err.field, ec->field) ||
        (ec->msg && !strstr(err.msg, ec->msg)))
        print_error("got code %d line %d field '%s' msg '%s'\n", (int)st, err.line, err.field,
                       err.msg);
    assert_int_equal(st, ec->code);
    assert_int_equal(err.code, ec->code);
    assert_null(sc);
    assert_string_equal(err.file, path);
    if (ec->line >= 0)
        assert_int_equal(err.line, ec->line);
    else
        assert_true(err.line >= 1);
    assert_string_equal(err.field, ec->field);
    if (ec->msg) assert_non_null(strstr(err.msg, ec->msg));
}

/* Syntax and document shape. */
static const err_case malformed = {"name: broken\nyears: [2024\n  demand: : :\n", RF_EPARSE, -1, "", NULL};
static const err_case bad_utf8 = {"name: a\nyears: 2024\ndata: \xff\n", RF_EPARSE, 3, "", "UTF-8"};
static const err_case empty_file = {"", RF_EPARSE, 0, "", "empty scenario"};
static const err_case only_comments = {"# nothing\n\n", RF_EPARSE, 0, "", "empty scenario"};
static const err_case root_list = {"# c\n\n- a\n- b\n", RF_EPARSE, 3, "", "mapping"};
static const err_case root_scalar = {"hello\n", RF_EPARSE, 1, "", "got a scalar"};
static const err_case two_docs = {"name: a\n---\nname: b\n", RF_EPARSE, 3, "", "one YAML document"};

/* Root keys. */
static const err_case bogus_key = {"name: x\nbogus_key: 1\n", RF_EPARSE, 2, "bogus_key",
                                   "unknown key `bogus_key` (known: name, years, data, demand, capacity, tariffs, exemptions, export_controls, sanctions, shocks, price_floors, offtakes, stockpiles, sourcing_rules, content_rules)"};
static const err_case dup_key = {"name: a\nyears: 2024\nname: b\n", RF_EPARSE, 3, "name",
                                 "duplicate key `name` (first given at line 1)"};
static const err_case list_key = {"[a, b]: 1\n", RF_EPARSE, 1, "", "keys must be"};
static const err_case name_map = {"name:\n  a: 1\n", RF_EPARSE, 2, "name", "expected a string, got a mapping"};
static const err_case name_list = {"name: [a]\n", RF_EPARSE, 1, "name", "got a list"};
static const err_case name_null = {"name:\n", RF_EPARSE, 1, "name", "got nothing"};
static const err_case name_nul = {"name: \"a\\0b\"\n", RF_EINVAL, 1, "name", "NUL"};
static const err_case data_empty = {"data: \"\"\n", RF_EINVAL, 1, "data", "must not be empty"};
static const err_case data_list = {"data:\n  - a\n", RF_EPARSE, 2, "data", "got a list"};

/* years. */
static const err_case years_map = {"years: {a: 1}\n", RF_EPARSE, 1, "years", "got a mapping"};
static const err_case years_nested = {"years:\n  - 2024\n  - [2025]\n", RF_EPARSE, 3, "years", "got a list"};
static const err_case years_null = {"years:\n", RF_EPARSE, 1, "years", "got nothing"};
static const err_case years_text = {"years: soon\n", RF_EINVAL, 1, "years", "`soon` is not a year"};
static const err_case years_low = {"years: [2024, 1999]\n", RF_EINVAL, 1, "years", "1999 is outside 2000..2100"};
static const err_case years_high = {"name: a\nyears: 2101\n", RF_EINVAL, 2, "years", "2101 is outside"};
static const err_case years_range_high = {"years: 2090:2300\n", RF_EINVAL, 1, "years", "2300 is outside"};
static const err_case years_reversed = {"years: 2027:2025\n", RF_EINVAL, 1, "years", "ends before it starts"};
static const err_case years_dup = {"years:\n  - 2025\n  - 2024\n  - 2025\n", RF_EINVAL, 4, "years",
                                   "year 2025 is given twice (first at line 2)"};
static const err_case years_empty = {"years: []\n", RF_EINVAL, 1, "years", "empty list of years"};

/* demand. */
static const err_case demand_neg = {"demand:\n  - region: us\n    sector: magnets\n    factor: -1\n",
                                    RF_EINVAL, 4, "demand.factor", "must be >= 0, got -1"};
static const err_case demand_abc = {"demand:\n  - region: us\n    sector: magnets\n    factor: abc\n",
                                    RF_EINVAL, 4, "demand.factor", "`abc` is not a number"};
static const err_case demand_no_sector = {"name: x\ndemand:\n  - region: us\n    factor: 1\n", RF_EPARSE,
                                          3, "demand.sector", "missing required key `sector`"};
static const err_case demand_unknown = {"demand:\n  - region: us\n    colour: red\n", RF_EPARSE, 3,
                                        "demand.colour", "unknown key `colour`"};
static const err_case demand_dup = {"demand:\n  - region: us\n    sector: a\n    region: eu\n", RF_EPARSE,
                                    4, "demand.region", "duplicate key `region` (first given at line 2)"};
static const err_case demand_map = {"demand:\n  region: us\n", RF_EPARSE, 2, "demand", "expected a list"};
static const err_case demand_scalar_item = {"demand:\n  - us\n", RF_EPARSE, 2, "demand",
                                            "each demand item must be a mapping"};
static const err_case demand_bad_id = {"demand:\n  - {region: \"a b\", sector: s, factor: 1}\n", RF_EINVAL, 2,
                                       "demand.region", "not a valid id"};
static const err_case demand_factor_list = {"demand:\n  - {region: a, sector: s, factor: [1]}\n",
                                            RF_EPARSE, 2, "demand.factor", "expected a number"};

/* capacity. */
static const err_case capacity_unknown = {"capacity:\n  - facility: f1\n    factor: 0.5\n    bogus: 2\n",
                                          RF_EPARSE, 4, "capacity.bogus",
                                          "unknown key `bogus` (known: facility, factor)"};
static const err_case capacity_no_factor = {"capacity:\n  - facility: f1\n  - facility: f2\n", RF_EPARSE, 2,
                                            "capacity.factor", "missing required key `factor`"};
static const err_case capacity_neg = {"capacity:\n  - facility: f1\n    factor: -0.5\n", RF_EINVAL, 3,
                                      "capacity.factor", ">= 0"};

#define ERR_CASE(c) {#c, run_err_case, NULL, NULL, (void *)&(c)}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_fixture),
        cmocka_unit_test(test_defaults_fixture),
        cmocka_unit_test(test_default_name_without_extension),
        cmocka_unit_test(test_data_relative_to_file),
        cmocka_unit_test(test_years_int),
        cmocka_unit_test(test_years_list),
        cmocka_unit_test(test_years_range),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_directory_is_not_a_file),
        ERR_CASE(malformed),
        ERR_CASE(bad_utf8),
        ERR_CASE(empty_file),
        ERR_CASE(only_comments),
        ERR_CASE(root_list),
        ERR_CASE(root_scalar),
        ERR_CASE(two_docs),
        ERR_CASE(bogus_key),
        ERR_CASE(dup_key),
        ERR_CASE(list_key),
        ERR_CASE(name_map),
        ERR_CASE(name_list),
        ERR_CASE(name_null),
        ERR_CASE(name_nul),
        ERR_CASE(data_empty),
        ERR_CASE(data_list),
        ERR_CASE(years_map),
        ERR_CASE(years_nested),
        ERR_CASE(years_null),
        ERR_CASE(years_text),
        ERR_CASE(years_low),
        ERR_CASE(years_high),
        ERR_CASE(years_range_high),
        ERR_CASE(years_reversed),
        ERR_CASE(years_dup),
        ERR_CASE(years_empty),
        ERR_CASE(demand_neg),
        ERR_CASE(demand_abc),
        ERR_CASE(demand_no_sector),
        ERR_CASE(demand_unknown),
        ERR_CASE(demand_dup),
        ERR_CASE(demand_map),
        ERR_CASE(demand_scalar_item),
        ERR_CASE(demand_bad_id),
        ERR_CASE(demand_factor_list),
        ERR_CASE(capacity_unknown),
        ERR_CASE(capacity_no_factor),
        ERR_CASE(capacity_neg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
