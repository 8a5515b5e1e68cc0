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
    /* The default horizon: 2024-2040. */
    int years[RF_DEFAULT_LAST_YEAR - RF_DEFAULT_FIRST_YEAR + 1];
    for (int i = 0; i < (int)(sizeof years / sizeof years[0]); i++) years[i] = 2024 + i;
    assert_int_equal(RF_DEFAULT_FIRST_YEAR, 2024);
    assert_int_equal(RF_DEFAULT_LAST_YEAR, 2040);
    assert_years(sc, years, 17);
    assert_int_equal(sc->years_line, 0);
    assert_int_equal(sc->expectations, RF_EXPECT_ADAPTIVE);
    assert_int_equal(sc->periods, 0); /* annual */
    assert_int_equal(sc->periods_line, 0);
    assert_int_equal(sc->ngrowth, 0);
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

/* `periods` takes the whole runs of months a year splits into, and keeps its line. */
static void test_periods(void **state)
{
    (void)state;
    const int ok[] = {1, 2, 4, 12};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "name: q\nperiods: %d\n", ok[i]);
        rf_scenario *sc = load_ok(text);
        assert_int_equal(sc->periods, ok[i]);
        assert_int_equal(sc->periods_line, 2);
        rf_scenario_free(sc);
    }
    for (int n = -1; n <= 13; n++)
        assert_int_equal(rf_scenario_periods_valid(n), n == 1 || n == 2 || n == 4 || n == 12);
}

/* An export tax and quotas on an REO basis, as read. */
static void test_export_tax_and_basis(void **state)
{
    (void)state;
    rf_scenario *sc = load_ok("name: x\n"
                              "export_taxes:\n"
                              "  - {name: cn-duty, exporter: CN, products: [\"oxide:*\"], rate: 0.25, from: 2025, to: 2025}\n"
                              "export_controls:\n"
                              "  - {exporter: CN, products: \"*\", mode: quota, quota_t: 100, basis: reo}\n"
                              "  - {exporter: CN, products: \"*\", mode: licence, share: 0.5, basis: product}\n");
    assert_int_equal(sc->npolicies, 3);
    const rf_policy *t = &sc->policies[0];
    assert_int_equal(t->kind, RF_POL_EXPORT_TAX);
    assert_string_equal(rf_policy_kind_name(t->kind), "export_tax");
    assert_string_equal(t->name, "cn-duty");
    assert_int_equal(t->origins.n, 1);
    assert_string_equal(t->origins.ids[0], "CN");
    assert_int_equal(t->dests.n, 0); /* every destination */
    assert_true(t->rate == 0.25 && t->from == 2025.0 && t->to == 2026.0);
    assert_int_equal(sc->policies[1].basis_reo, 1);
    assert_int_equal(sc->policies[2].basis_reo, 0);
    rf_scenario_free(sc);
}

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
                                   "unknown key `bogus_key` (known: name, years, data, demand, capacity, expectations, periods, demand_growth, tariffs, exemptions, export_controls, sanctions, shocks, price_floors, offtakes, stockpiles, sourcing_rules, content_rules, grants, loans, equity, ebitda_guarantees, permitting, technology_bans, project_blocks, collection, export_taxes, uncertainty)"};
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

/* periods: 1, 2, 4 or 12 and nothing else. */
static const err_case periods_3 = {"name: x\nperiods: 3\n", RF_EINVAL, 2, "periods",
                                   "`3` is not a number of periods a year: 1 (annual), 2, 4 (quarters) or 12"};
static const err_case periods_0 = {"periods: 0\n", RF_EINVAL, 1, "periods", "`0` is not a number of periods"};
static const err_case periods_frac = {"periods: 4.5\n", RF_EINVAL, 1, "periods", "`4.5` is not"};
static const err_case periods_text = {"periods: quarterly\n", RF_EINVAL, 1, "periods", "`quarterly` is not"};
static const err_case periods_list = {"periods: [4]\n", RF_EPARSE, 1, "periods", "got a list"};
static const err_case periods_null = {"periods:\n", RF_EPARSE, 1, "periods", "got nothing"};

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

/* Robustness (issue 8): the two-key crash, numbers beyond their limits, the YAML limits. */
static const err_case shock_two_keys = {"name: x\nshocks:\n  - {type: outage, exporter: CN, region: AU, factor: 0.5}\n",
                                        RF_EPARSE, 3, "shocks.exporter", "does nothing in an outage shock"};
static const err_case ban_with_region = {"shocks:\n  - {type: ban, exporter: CN, region: AU, products: \"*\"}\n",
                                         RF_EPARSE, 2, "shocks.region", "does nothing in a ban shock"};
static const err_case ban_with_share = {"export_controls:\n  - {exporter: CN, products: \"*\", mode: ban, share: 0.5}\n",
                                        RF_EPARSE, 2, "export_controls.share", "only in mode licence"};
static const err_case tariff_1e24 = {"tariffs:\n  - {origin: CN, destination: US, products: [\"*\"], rate: 1e24}\n",
                                     RF_EINVAL, 2, "tariffs.rate", "must be <= 100 (RF_MAX_TARIFF_RATE)"};
static const err_case specific_1e25 = {"tariffs:\n  - {origin: CN, destination: US, products: [\"*\"], specific: 1e25}\n",
                                       RF_EINVAL, 2, "tariffs.specific", "RF_MAX_PRICE_USD_PER_KG"};
static const err_case stock_price_1e25 = {"stockpiles:\n  - {region: US, product: oxide:Dy, target_t: 10, fill_price: 1e25, "
                                          "fill_rate_t: 5, release_price: 2e25, release_rate_t: 5}\n",
                                          RF_EINVAL, 2, "stockpiles.fill_price", "RF_MAX_PRICE_USD_PER_KG"};
static const err_case demand_1e308 = {"demand:\n  - {region: \"*\", sector: \"*\", factor: 1e308}\n", RF_EINVAL, 2,
                                      "demand.factor", "RF_MAX_FACTOR"};
static const err_case factor_inf = {"capacity:\n  - {facility: a, factor: .inf}\n", RF_EINVAL, 2, "capacity.factor",
                                    "not a number"};
static const err_case quota_nan = {"export_controls:\n  - {exporter: CN, products: \"*\", mode: quota, quota_t: nan}\n",
                                   RF_EINVAL, 2, "export_controls.quota_t", "not a number"};
static const err_case ban_with_basis = {"export_controls:\n  - {exporter: CN, products: \"*\", mode: ban, basis: reo}\n",
                                        RF_EPARSE, 2, "export_controls.basis", "only in mode quota or mode licence"};
static const err_case basis_bad = {"export_controls:\n  - {exporter: CN, products: \"*\", mode: quota, quota_t: 5, basis: kg}\n",
                                   RF_EINVAL, 2, "export_controls.basis", "unknown basis `kg`"};
static const err_case xtax_no_rate = {"export_taxes:\n  - {exporter: CN, products: \"*\"}\n", RF_EPARSE, 2,
                                      "export_taxes.rate", "missing required key `rate`"};
static const err_case xtax_no_exporter = {"name: x\nexport_taxes:\n  - {products: \"*\", rate: 0.2}\n", RF_EPARSE, 3,
                                          "export_taxes.exporter", "missing required key `exporter`"};
static const err_case xtax_neg = {"export_taxes:\n  - {exporter: CN, products: \"*\", rate: -0.1}\n", RF_EINVAL, 2,
                                  "export_taxes.rate", "must be >= 0"};
static const err_case xtax_specific = {"export_taxes:\n  - {exporter: CN, products: \"*\", rate: 0.1, specific: 2}\n",
                                       RF_EPARSE, 2, "export_taxes.specific", "unknown key `specific`"};
static const err_case licence_share_2 = {"export_controls:\n  - {exporter: CN, products: [oxide:Dy], mode: licence, share: 2}\n",
                                         RF_EINVAL, 2, "export_controls.share", "within [0, 1]"};
static const err_case deep_nesting = {"name: x\nextra: [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]\n", RF_EINVAL, 2, "extra",
                                      "RF_MAX_YAML_DEPTH"};
static const err_case anchor = {"name: &n x\n", RF_EPARSE, 1, "name", "anchors"};
static const err_case alias_bomb = {"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", RF_EPARSE, 1, "a", "anchors"};
static const err_case alias = {"name: x\nyears: *y\n", RF_EPARSE, 2, "years", "aliases"};
static const err_case rule_blank = {"sourcing_rules:\n  - {name: \"my rule\", demand: [\"US:defense\"], exclude: [CN]}\n",
                                    RF_EINVAL, 2, "sourcing_rules.name", "cannot name a rule"};
static const err_case offtake_sector = {"offtakes:\n  - {facility: f, product: p, buyer: US, sector: defense, share: 1}\n",
                                        RF_EPARSE, 2, "offtakes.sector", "unknown key"};
static const err_case id_control = {"demand:\n  - {region: \"U\\x01S\", sector: s, factor: 1}\n", RF_EINVAL, 2,
                                    "demand.region", "not a valid id"};
static const err_case id_long = {"demand:\n  - {region: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA, "
                                 "sector: s, factor: 1}\n", RF_EINVAL, 2, "demand.region", "at most 64 bytes"};
static const err_case name_control = {"name: \"a\\tb\"\n", RF_EINVAL, 1, "name", "control character"};
static const err_case year_2101 = {"tariffs:\n  - {origin: CN, destination: US, products: [\"*\"], rate: 1, from: 2101}\n",
                                   RF_EINVAL, 2, "tariffs.from", "is not a year (2000..2100)"};

/* The investment levers (issue 9, section 5): keys, ranges, the keys a form needs. */
static const err_case grant_unknown_key = {"grants:\n  - {payer: US, share: 0.3, colour: red}\n", RF_EPARSE, 2,
                                           "grants.colour", "unknown key `colour` (known: name?, from?, to?, share?, "
                                           "regions?, payer, projects?, stages?, amount_musd?)"};
static const err_case grant_share_2 = {"grants:\n  - {payer: US, share: 1.5}\n", RF_EINVAL, 2, "grants.share",
                                       "within [0, 1]"};
static const err_case grant_no_payer = {"grants:\n  - {share: 0.3}\n", RF_EPARSE, 2, "grants.payer",
                                        "missing required key `payer`"};
static const err_case grant_nothing = {"grants:\n  - {payer: US, projects: b-mine}\n", RF_EPARSE, 2, "grants.share",
                                       "missing key `share` (or `amount_musd`)"};
static const err_case grant_amount_neg = {"grants:\n  - {payer: US, amount_musd: -1}\n", RF_EINVAL, 2,
                                          "grants.amount_musd", "must be >= 0"};
static const err_case grant_amount_huge = {"grants:\n  - {payer: US, amount_musd: 1e7}\n", RF_EINVAL, 2,
                                           "grants.amount_musd", "RF_MAX_MUSD"};
static const err_case grant_stage = {"grants:\n  - payer: US\n    share: 0.3\n    stages: [mine, smelting]\n",
                                     RF_EINVAL, 4, "grants.stages", "unknown stage `smelting`"};
static const err_case grant_payer_list = {"grants:\n  - {payer: [US, JP], share: 0.3}\n", RF_EPARSE, 2,
                                          "grants.payer", "expected an id, got a list"};
static const err_case loan_no_tenor = {"loans:\n  - {payer: US, share: 0.5, rate: 0.03}\n", RF_EPARSE, 2,
                                       "loans.tenor_years", "missing required key `tenor_years`"};
static const err_case loan_rate_2 = {"loans:\n  - {payer: US, share: 0.5, rate: 2, tenor_years: 10}\n", RF_EINVAL, 2,
                                     "loans.rate", "within [0, 1]"};
static const err_case loan_market_neg = {"loans:\n  - {payer: US, share: 0.5, rate: 0.03, market_rate: -0.1, "
                                         "tenor_years: 10}\n", RF_EINVAL, 2, "loans.market_rate", "must be >= 0"};
static const err_case loan_grace = {"loans:\n  - {payer: US, share: 0.5, rate: 0.03, tenor_years: 5,\n"
                                    "     grace_years: 5}\n", RF_EINVAL, 3, "loans.grace_years", "below tenor_years"};
static const err_case loan_tenor_frac = {"loans:\n  - {payer: US, share: 0.5, rate: 0.03, tenor_years: 7.5}\n",
                                         RF_EINVAL, 2, "loans.tenor_years", "whole number"};
static const err_case loan_tenor_long = {"loans:\n  - {payer: US, share: 0.5, rate: 0.03, tenor_years: 101}\n",
                                         RF_EINVAL, 2, "loans.tenor_years", "RF_MAX_TERM_YEARS"};
static const err_case equity_no_share = {"equity:\n  - {payer: US, projects: b-mine}\n", RF_EPARSE, 2,
                                         "equity.share", "missing required key `share`"};
static const err_case equity_share_2 = {"equity:\n  - {payer: US, share: 2}\n", RF_EINVAL, 2, "equity.share",
                                        "within [0, 1]"};
static const err_case guarantee_no_years = {"ebitda_guarantees:\n  - {payer: US, ebitda_musd: 140}\n", RF_EPARSE, 2,
                                            "ebitda_guarantees.years", "missing required key `years`"};
static const err_case guarantee_years_0 = {"ebitda_guarantees:\n  - {payer: US, ebitda_musd: 140, years: 0}\n",
                                           RF_EINVAL, 2, "ebitda_guarantees.years", "must be >= 1"};
static const err_case guarantee_share = {"ebitda_guarantees:\n  - {payer: US, ebitda_musd: 140, years: 10, share: 1}\n",
                                         RF_EPARSE, 2, "ebitda_guarantees.share", "unknown key `share`"};
static const err_case permit_both = {"permitting:\n  - regions: US\n    cut_years: 1\n    cut_share: 0.3\n", RF_EPARSE, 4,
                                     "permitting.cut_share", "give `cut_years` or `cut_share`, not both"};
static const err_case permit_none = {"permitting:\n  - {regions: US, stages: mine}\n", RF_EPARSE, 2,
                                     "permitting.cut_years", "missing key `cut_years` (or `cut_share`)"};
static const err_case permit_share_2 = {"permitting:\n  - {cut_share: 1.5}\n", RF_EINVAL, 2, "permitting.cut_share",
                                        "within [0, 1]"};
static const err_case permit_payer = {"permitting:\n  - {payer: US, cut_years: 1}\n", RF_EPARSE, 2,
                                      "permitting.payer", "unknown key `payer`"};
static const err_case permit_projects = {"permitting:\n  - {projects: b-mine, cut_years: 1}\n", RF_EPARSE, 2,
                                         "permitting.projects", "unknown key `projects`"};
static const err_case techban_no_exporter = {"technology_bans:\n  - {capex_premium: 0.5, delay_years: 1, "
                                             "ramp_stretch: 2}\n", RF_EPARSE, 2, "technology_bans.exporter",
                                             "missing required key `exporter`"};
static const err_case techban_stretch = {"technology_bans:\n  - {exporter: CN, capex_premium: 0.5, delay_years: 1, "
                                         "ramp_stretch: 0.5}\n", RF_EINVAL, 2, "technology_bans.ramp_stretch",
                                         "must be >= 1"};
static const err_case techban_premium = {"technology_bans:\n  - {exporter: CN, capex_premium: 1e3, delay_years: 1, "
                                         "ramp_stretch: 2}\n", RF_EINVAL, 2, "technology_bans.capex_premium",
                                         "RF_MAX_COST_FACTOR"};
static const err_case techban_regions = {"technology_bans:\n  - {exporter: CN, regions: US, capex_premium: 0.5, "
                                         "delay_years: 1, ramp_stretch: 2}\n", RF_EPARSE, 2,
                                         "technology_bans.regions", "unknown key `regions`"};
static const err_case block_share = {"project_blocks:\n  - {projects: b-mine, share: 1}\n", RF_EPARSE, 2,
                                     "project_blocks.share", "unknown key `share`"};
static const err_case block_dates = {"project_blocks:\n  - {regions: US, from: 2030, to: 2029}\n", RF_EINVAL, 2,
                                     "project_blocks.to", "ends before it starts"};
static const err_case block_empty_list = {"project_blocks:\n  - {projects: []}\n", RF_EINVAL, 2,
                                          "project_blocks.projects", "empty list"};
/* Collection: a share 0..1 (not a tariff's 0..100), required; (region, sector) lists. */
static const err_case coll_rate_high = {"collection:\n  - {regions: EU, rate: 1.5}\n", RF_EINVAL, 2,
                                        "collection.rate", "must be within [0, 1], got 1.5"};
static const err_case coll_rate_neg = {"collection:\n  - {rate: -0.1}\n", RF_EINVAL, 2, "collection.rate",
                                       "must be >= 0"};
static const err_case coll_rate_text = {"collection:\n  - {regions: EU,\n     rate: half}\n", RF_EINVAL, 3,
                                        "collection.rate", "`half` is not a number"};
static const err_case coll_rate_nan = {"collection:\n  - {rate: .nan}\n", RF_EINVAL, 2, "collection.rate",
                                       "is not a number"};
static const err_case coll_no_rate = {"name: x\ncollection:\n  - {regions: EU, sectors: wind}\n", RF_EPARSE, 3,
                                      "collection.rate", "missing required key `rate`"};
static const err_case coll_key = {"collection:\n  - {regions: EU, rate: 0.5, stages: magnet}\n", RF_EPARSE, 2,
                                  "collection.stages", "unknown key `stages`"};
static const err_case coll_sector = {"collection:\n  - {sector: wind, rate: 0.5}\n", RF_EPARSE, 2,
                                     "collection.sector", "unknown key `sector`"};
static const err_case coll_empty = {"collection:\n  - {sectors: [], rate: 0.5}\n", RF_EINVAL, 2,
                                    "collection.sectors", "empty list"};
static const err_case coll_dates = {"collection:\n  - {rate: 0.5, from: 2030, to: 2029}\n", RF_EINVAL, 2,
                                    "collection.to", "ends before it starts"};

/* A string longer than RF_MAX_FIELD_BYTES, a list longer than RF_MAX_LIST_IDS and
 * more levers than RF_MAX_LEVERS: each refused with its limit named. */
static void test_size_limits(void **state)
{
    (void)state;
    char path[64];
    rf_err err;
    rf_scenario *sc;
    size_t big = 1000000;
    char *text = malloc(big + 64);
    snprintf(text, 64, "name: \"");
    memset(text + 7, 'a', big);
    strcpy(text + 7 + big, "\"\n");
    assert_int_equal(load_text(text, &sc, &err, path), RF_EINVAL);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "RF_MAX_FIELD_BYTES"));
    free(text);

    char *list = malloc(16 * 1100 + 128), *q = list;
    q += sprintf(q, "tariffs:\n  - {origin: CN, destination: US, rate: 1, products: [");
    for (int i = 0; i < 1001; i++) q += sprintf(q, "%sp%d", i ? ", " : "", i);
    strcpy(q, "]}\n");
    assert_int_equal(load_text(list, &sc, &err, path), RF_EINVAL);
    assert_string_equal(err.field, "tariffs.products");
    assert_non_null(strstr(err.msg, "RF_MAX_LIST_IDS"));
    free(list);

    char *many = malloc(80 * 1002 + 32);
    q = many;
    q += sprintf(q, "shocks:\n");
    for (int i = 0; i < 1001; i++) q += sprintf(q, "  - {type: demand, region: US, sector: s, factor: 1.1}\n");
    assert_int_equal(load_text(many, &sc, &err, path), RF_EINVAL);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "RF_MAX_LEVERS"));
    free(many);
}

/* rf_scenario_parse reads a scenario that never was a file, with the same
 * rules, and resolves `data` against the folder of the name it is given. */
static void test_parse_from_memory(void **state)
{
    (void)state;
    const char *text = "name: mem\nyears: 2025:2026\ndata: ds\ntariffs:\n  - {origin: CN, destination: US, "
                       "products: [\"magnet:*\"], rate: 0.5}\n";
    rf_scenario *sc = NULL;
    rf_err err;
    assert_int_equal(rf_scenario_parse("/srv/in/req.yaml", text, strlen(text), &sc, &err), RF_OK);
    assert_string_equal(sc->name, "mem");
    assert_string_equal(sc->file, "/srv/in/req.yaml");
    assert_string_equal(sc->data_dir, "/srv/in/ds");
    assert_int_equal(sc->nyears, 2);
    assert_int_equal(sc->npolicies, 1);
    RF_ASSERT_NEAR(sc->policies[0].rate, 0.5, 0, 0);
    rf_scenario_free(sc);
    /* Text with a NUL inside is not silently cut at it. */
    static const char nul[] = "name: a\0\nbogus: 1\n";
    assert_int_not_equal(rf_scenario_parse("x.yaml", nul, sizeof nul - 1, &sc, &err), RF_OK);
    assert_null(sc);
}

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
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_export_tax_and_basis),
        ERR_CASE(ban_with_basis),
        ERR_CASE(basis_bad),
        ERR_CASE(xtax_no_rate),
        ERR_CASE(xtax_no_exporter),
        ERR_CASE(xtax_neg),
        ERR_CASE(xtax_specific),
        ERR_CASE(periods_3),
        ERR_CASE(periods_0),
        ERR_CASE(periods_frac),
        ERR_CASE(periods_text),
        ERR_CASE(periods_list),
        ERR_CASE(periods_null),
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
        ERR_CASE(shock_two_keys),
        ERR_CASE(ban_with_region),
        ERR_CASE(ban_with_share),
        ERR_CASE(tariff_1e24),
        ERR_CASE(specific_1e25),
        ERR_CASE(stock_price_1e25),
        ERR_CASE(demand_1e308),
        ERR_CASE(factor_inf),
        ERR_CASE(quota_nan),
        ERR_CASE(licence_share_2),
        ERR_CASE(deep_nesting),
        ERR_CASE(anchor),
        ERR_CASE(alias_bomb),
        ERR_CASE(alias),
        ERR_CASE(rule_blank),
        ERR_CASE(offtake_sector),
        ERR_CASE(id_control),
        ERR_CASE(id_long),
        ERR_CASE(name_control),
        ERR_CASE(year_2101),
        ERR_CASE(grant_unknown_key),
        ERR_CASE(grant_share_2),
        ERR_CASE(grant_no_payer),
        ERR_CASE(grant_nothing),
        ERR_CASE(grant_amount_neg),
        ERR_CASE(grant_amount_huge),
        ERR_CASE(grant_stage),
        ERR_CASE(grant_payer_list),
        ERR_CASE(loan_no_tenor),
        ERR_CASE(loan_rate_2),
        ERR_CASE(loan_market_neg),
        ERR_CASE(loan_grace),
        ERR_CASE(loan_tenor_frac),
        ERR_CASE(loan_tenor_long),
        ERR_CASE(equity_no_share),
        ERR_CASE(equity_share_2),
        ERR_CASE(guarantee_no_years),
        ERR_CASE(guarantee_years_0),
        ERR_CASE(guarantee_share),
        ERR_CASE(permit_both),
        ERR_CASE(permit_none),
        ERR_CASE(permit_share_2),
        ERR_CASE(permit_payer),
        ERR_CASE(permit_projects),
        ERR_CASE(techban_no_exporter),
        ERR_CASE(techban_stretch),
        ERR_CASE(techban_premium),
        ERR_CASE(techban_regions),
        ERR_CASE(block_share),
        ERR_CASE(block_dates),
        ERR_CASE(block_empty_list),
        ERR_CASE(coll_rate_high),
        ERR_CASE(coll_rate_neg),
        ERR_CASE(coll_rate_text),
        ERR_CASE(coll_rate_nan),
        ERR_CASE(coll_no_rate),
        ERR_CASE(coll_key),
        ERR_CASE(coll_sector),
        ERR_CASE(coll_empty),
        ERR_CASE(coll_dates),
        cmocka_unit_test(test_size_limits),
        cmocka_unit_test(test_parse_from_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
