/*
 * test_oom.c: the loaders under allocation failure (libuv's test-loop-oom).
 *
 * The test binary is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,
 * so every allocation made by rareflow's own code goes through the wrappers
 * below, which can fail the n-th call.  For every n up to the number of
 * allocations a load makes, the loader must return RF_ENOMEM (or succeed,
 * when n is past the last allocation that matters), leave *out NULL, and
 * leak nothing (ASan and valgrind watch the rest).
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/io.h"
#include "rf_test.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);

/* Test-only state: the wrappers have no other way to be told when to fail. */
static long calls, fail_at;

static int should_fail(void)
{
    calls++;
    return fail_at > 0 && calls == fail_at;
}

void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return should_fail() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { return should_fail() ? NULL : __real_realloc(p, n); }

static void test_dataset_oom(void **state)
{
    (void)state;
    rf_world *w = NULL;
    calls = fail_at = 0;
    assert_int_equal(rf_dataset_load(RF_TEST_DATA_DIR "/toy", &w, NULL), RF_OK);
    rf_world_free(w);
    long total = calls;
    assert_true(total > 100);
    int failures = 0;
    for (long n = 1; n <= total; n++) {
        rf_err err;
        rf_err_clear(&err);
        w = NULL;
        calls = 0;
        fail_at = n;
        rf_status st = rf_dataset_load(RF_TEST_DATA_DIR "/toy", &w, &err);
        fail_at = 0;
        if (st == RF_OK) {
            rf_world_free(w);
            continue;
        }
        if (st != RF_ENOMEM) fail_msg("allocation %ld failed: got status %d (%s)", n, (int)st, err.msg);
        assert_null(w);
        failures++;
    }
    assert_true(failures > 0);
}

static void test_scenario_oom(void **state)
{
    (void)state;
    const char *path = RF_TEST_DATA_DIR "/scenarios/full.yaml";
    rf_scenario *sc = NULL;
    calls = fail_at = 0;
    assert_int_equal(rf_scenario_load(path, &sc, NULL), RF_OK);
    rf_scenario_free(sc);
    long total = calls;
    for (long n = 1; n <= total; n++) {
        sc = NULL;
        calls = 0;
        fail_at = n;
        rf_status st = rf_scenario_load(path, &sc, NULL);
        fail_at = 0;
        if (st == RF_OK) {
            rf_scenario_free(sc);
            continue;
        }
        assert_int_equal(st, RF_ENOMEM);
        assert_null(sc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_dataset_oom),
                                       cmocka_unit_test(test_scenario_oom)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
