/*
 * test_strutil.c: the small helpers every layer leans on: strict numbers in
 * the C locale whatever setlocale says, ids, the string index, strerror_r,
 * and the UTF-8 check of the readers.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/index.h"
#include "core/strutil.h"
#include "io/read.h"
#include "rareflow/io.h"
#include "rareflow/limits.h"
#include "rf_test.h"

static void test_parse_double(void **state)
{
    (void)state;
    double v = 0;
    assert_int_equal(rf__parse_double(" 1.5 ", &v), 0);
    RF_ASSERT_NEAR(v, 1.5, 0, 0);
    assert_int_equal(rf__parse_double("1e308", &v), 0);
    assert_int_not_equal(rf__parse_double("1e309", &v), 0); /* overflow */
    assert_int_not_equal(rf__parse_double("nan", &v), 0);
    assert_int_not_equal(rf__parse_double("inf", &v), 0);
    assert_int_not_equal(rf__parse_double("1,5", &v), 0);
    assert_int_not_equal(rf__parse_double("1.5x", &v), 0);
    assert_int_not_equal(rf__parse_double("", &v), 0);
}

/*
 * An embedder that calls setlocale with a decimal comma must not change what
 * rareflow reads or writes: "1.5" stays 1.5, "1,5" stays an error, messages
 * and CSV print '.'.  The locale is built with localedef into a private
 * folder (LOCPATH), so the test needs no system locale (Debian's `locales`
 * package provides the definitions; `make deps` installs it).
 */
static void test_decimal_comma_locale(void **state)
{
    (void)state;
    char dir[] = "/tmp/rf_locale_XXXXXX", cmd[256];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", dir);
    if (system(cmd) != 0) fail_msg("localedef could not build de_DE.UTF-8 (is Debian's `locales` installed?)");
    setenv("LOCPATH", dir, 1);
    if (!setlocale(LC_ALL, "de_DE.UTF-8")) fail_msg("setlocale(de_DE.UTF-8) failed with LOCPATH=%s", dir);
    /* The locale really has a decimal comma: without it the test proves nothing. */
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    assert_string_equal(probe, "1,5");
    double v = 0;
    assert_int_equal(rf__parse_double("1.5", &v), 0);
    RF_ASSERT_NEAR(v, 1.5, 0, 0);
    assert_int_not_equal(rf__parse_double("1,5", &v), 0);
    rf_err err;
    rf_err_set(&err, RF_EINVAL, "f", 1, "x", "got %g", 2.5);
    assert_string_equal(err.msg, "got 2.5");
    /* A scenario number through the YAML reader. */
    const char *yaml = "tariffs:\n  - {origin: CN, destination: US, products: [\"*\"], rate: 0.25}\n";
    rf_scenario *sc = NULL;
    assert_int_equal(rf_scenario_parse("l.yaml", yaml, strlen(yaml), &sc, &err), RF_OK);
    RF_ASSERT_NEAR(sc->policies[0].rate, 0.25, 0, 0);
    rf_scenario_free(sc);
    /* Back to C, and the caller's locale was left as it was. */
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    assert_string_equal(probe, "1,5");
    setlocale(LC_ALL, "C");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_ident(void **state)
{
    (void)state;
    assert_true(rf__is_ident("magnet:NdFeB-hc"));
    assert_true(rf__is_ident("*"));
    assert_false(rf__is_ident(""));
    assert_false(rf__is_ident("a b"));
    assert_false(rf__is_ident("a,b"));
    assert_false(rf__is_ident("a\"b"));
    assert_false(rf__is_ident("a\tb"));
    assert_false(rf__is_ident("a\x7f"));
    char id[RF_MAX_ID_BYTES + 2];
    memset(id, 'x', sizeof id);
    id[RF_MAX_ID_BYTES] = '\0';
    assert_true(rf__is_ident(id));
    id[RF_MAX_ID_BYTES] = 'x';
    id[RF_MAX_ID_BYTES + 1] = '\0';
    assert_false(rf__is_ident(id));
}

/* The index against a plain array: 20,000 keys, replaced values, absent keys. */
static void test_index(void **state)
{
    (void)state;
    rf__index ix = {0};
    char key[32];
    assert_int_equal(rf__index_get(&ix, "none"), -1);
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(rf__index_put(&ix, key, i), 0);
    }
    assert_int_equal(rf__index_put(&ix, "k7", 70), 0);
    assert_int_equal((int)ix.n, 20000);
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(rf__index_get(&ix, key), i == 7 ? 70 : i);
    }
    assert_int_equal(rf__index_get(&ix, "k20000"), -1);
    rf__index_free(&ix);
    assert_int_equal(rf__index_get(&ix, "k1"), -1);
}

static void test_strerror(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(rf__strerror(ENOENT, buf, sizeof buf), strerror(ENOENT));
    char tiny[4];
    rf__strerror(ENOENT, tiny, sizeof tiny); /* truncated, never overflowed */
    assert_true(strlen(tiny) < sizeof tiny);
}

/* UTF-8: valid text of 1-4 byte sequences passes; each invalid form stops at its byte. */
static void test_utf8(void **state)
{
    (void)state;
    int line;
    const char ok[] = "a\xc3\xa9\n\xe2\x82\xac\xf0\x9f\x98\x80";
    assert_int_equal(rf__text_check(ok, sizeof ok - 1, &line), sizeof ok - 1);
    static const struct {
        const char *s;
        size_t len, at;
        int line;
    } bad[] = {
        {"ab\n\xff", 4, 3, 2},          /* not a lead byte */
        {"\xc0\xaf", 2, 0, 1},          /* overlong '/' */
        {"\xe0\x80\xaf", 3, 0, 1},      /* overlong, 3 bytes */
        {"\xed\xa0\x80", 3, 0, 1},      /* a surrogate */
        {"\xf4\x90\x80\x80", 4, 0, 1},  /* above U+10FFFF */
        {"x\xe2\x82", 3, 1, 1},         /* cut short */
        {"a\0b", 3, 1, 1},              /* NUL */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t at = rf__text_check(bad[i].s, bad[i].len, &line);
        if (at != bad[i].at || line != bad[i].line)
            fail_msg("case %zu: stopped at %zu line %d, want %zu line %d", i, at, line, bad[i].at, bad[i].line);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_double), cmocka_unit_test(test_decimal_comma_locale),
        cmocka_unit_test(test_ident),        cmocka_unit_test(test_index),
        cmocka_unit_test(test_strerror),     cmocka_unit_test(test_utf8)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
