/*
 * test_rng.c: the counter-based generator and the sampling of rareflow/mc.h:
 * Philox4x32-10 against Random123's known-answer vectors, rf_rng_u64 and
 * rf_rng_uniform against an independent Python implementation, the uniform's
 * range and mean, Latin hypercube strata, and the independence of every value
 * from the order (or thread) in which draws are asked for.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rareflow/mc.h"
#include "rf_test.h"

/* ---------- the generator ---------- */

/* Random123 (D. E. Shaw Research), tests/kat_vectors, the three
 * "philox4x32 10" lines: counter[4] key[2] -> result[4]. */
static void test_philox_kat(void **state)
{
    (void)state;
    static const struct {
        uint32_t ctr[4], key[2], out[4];
    } kat[] = {
        {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
        {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
         {0xffffffff, 0xffffffff},
         {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
         {0xa4093822, 0x299f31d0},
         {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    };
    for (size_t i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        uint32_t out[4];
        rf_philox4x32_10(kat[i].ctr, kat[i].key, out);
        for (int w = 0; w < 4; w++) assert_int_equal(out[w], kat[i].out[w]);
    }
}

/* Pinned against tests/tools/philox_ref.py (an independent implementation in
 * Python's big integers), its output pasted as is:
 *     python3 tests/tools/philox_ref.py
 * Columns: seed, draw, input, k, rf_rng_u64, rf_rng_uniform. */
static void test_rng_pinned(void **state)
{
    (void)state;
    static const struct {
        uint64_t seed, draw;
        uint32_t input, k;
        uint64_t u64;
        double u;
    } cases[] = {
        {0x0000000000000000ULL, 0x0ULL, 0u, 0u, 0x6627e8d5e169c58dULL, 0.39904647084896455},
        {0x0000000000000001ULL, 0x0ULL, 0u, 0u, 0xe3e80670e50a0ebcULL, 0.89025917297571078},
        {0x000000000000002aULL, 0x7ULL, 3u, 0u, 0x659ef2d0b60225b4ULL, 0.39695661159022017},
        {0x000000000000002aULL, 0x7ULL, 3u, 1u, 0x2361d9fb187bf7ffULL, 0.13821184520973856},
        {0x0123456789abcdefULL, 0x75bcd15ULL, 17u, 0u, 0xfc5a6b7e0eaae97aULL, 0.98575469806261729},
        {0x00000000000007e9ULL, 0xf423fULL, 0u, 0u, 0x79983c9132ce48a8ULL, 0.4749791960228375},
        {0xffffffffffffffffULL, 0xffffffffffffffffULL, 5u, 9u, 0xb5cde63ccee40c0bULL, 0.71017302498411561},
        {0x0000000000000007ULL, 0x100000000ULL, 2u, 0u, 0x917ccb3a4feeb64eULL, 0.56831045316351481},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_true(rf_rng_u64(cases[i].seed, cases[i].draw, cases[i].input, cases[i].k) == cases[i].u64);
        /* %.17g round-trips a double: the uniform must be that double exactly */
        assert_true(rf_rng_uniform(cases[i].seed, cases[i].draw, cases[i].input, cases[i].k) == cases[i].u);
    }
    /* the first case is the all-zero KAT: its first two words, high first */
    assert_true(rf_rng_u64(0, 0, 0, 0) == 0x6627e8d5e169c58dULL);
}

/* 100,000 uniforms: all in (0, 1), mean 1/2 within 0.005 (the standard error
 * is 1/sqrt(12 * 100,000) = 0.0009). */
static void test_uniform_range_mean(void **state)
{
    (void)state;
    const int n = 100000;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        double u = rf_rng_uniform(12345, (uint64_t)i, 0, 0);
        assert_true(u > 0.0 && u < 1.0);
        sum += u;
    }
    RF_ASSERT_NEAR(sum / n, 0.5, 0.005, 0);
}

/* Each counter word changes the value: no two of (seed, draw, input, k) that
 * differ in one place collide, and seeds that differ only in their high half
 * are different streams. */
static void test_rng_counter_words(void **state)
{
    (void)state;
    uint64_t base = rf_rng_u64(5, 6, 7, 8);
    assert_true(rf_rng_u64(4, 6, 7, 8) != base);
    assert_true(rf_rng_u64(5 | (1ULL << 32), 6, 7, 8) != base);
    assert_true(rf_rng_u64(5, 6 | (1ULL << 32), 7, 8) != base);
    assert_true(rf_rng_u64(5, 6, 6, 8) != base);
    assert_true(rf_rng_u64(5, 6, 7, 9) != base);
    assert_true(rf_rng_u64(5, 6, 7, 8) == base); /* and a pure function */
}

/* ---------- sampling ---------- */

/* The stratum of u among n: the i with i/n <= u < (i+1)/n, with the same
 * divisions as the sampler's. */
static int stratum_of(double u, int n)
{
    int i = (int)(u * n);
    if (i >= n) i = n - 1;
    while (i > 0 && u < (double)i / n) i--;
    while (i < n - 1 && u >= (double)(i + 1) / n) i++;
    return i;
}

/* For ndraws 1, 7, 100 and 3 inputs: each input's draws put exactly one u in
 * each stratum, with and without the plan, and both ways give the same bits. */
static void test_lhs_one_per_stratum(void **state)
{
    (void)state;
    static const int sizes[] = {1, 7, 100};
    const int ninputs = 3;
    const uint64_t seed = 20250101;
    for (int s = 0; s < 3; s++) {
        int n = sizes[s];
        int *plan = NULL;
        assert_int_equal(rf_mc_lhs_plan(seed, n, ninputs, &plan, NULL), RF_OK);
        int *hits = calloc((size_t)n, sizeof *hits);
        assert_non_null(hits);
        for (int j = 0; j < ninputs; j++) {
            memset(hits, 0, (size_t)n * sizeof *hits);
            for (int d = 0; d < n; d++) {
                double u = rf_mc_u(seed, RF_MC_LHS, n, d, j);
                assert_true(u > 0.0 && u < 1.0);
                assert_true(u == rf_mc_u_planned(plan, seed, n, d, j));
                hits[stratum_of(u, n)]++;
            }
            for (int i = 0; i < n; i++) assert_int_equal(hits[i], 1);
        }
        free(hits);
        free(plan);
    }
}

/* The plan is a permutation per input, and the inputs' permutations differ
 * (they are keyed by the input). */
static void test_lhs_plan_permutations(void **state)
{
    (void)state;
    const int n = 50, ninputs = 4;
    int *plan = NULL;
    assert_int_equal(rf_mc_lhs_plan(99, n, ninputs, &plan, NULL), RF_OK);
    for (int j = 0; j < ninputs; j++) {
        int seen[50] = {0};
        for (int i = 0; i < n; i++) {
            int v = plan[j * n + i];
            assert_true(v >= 0 && v < n);
            seen[v]++;
        }
        for (int i = 0; i < n; i++) assert_int_equal(seen[i], 1);
    }
    assert_true(memcmp(plan, plan + n, (size_t)n * sizeof *plan) != 0);
    free(plan);
}

/* Draws asked for in any order, as threads or ranks would, give the same
 * values: forward, backward and in a strided interleaving (as two or three
 * workers taking every 2nd or 3rd draw) are compared bit for bit. */
static void test_order_independent(void **state)
{
    (void)state;
    const int n = 100, ninputs = 3;
    const uint64_t seed = 7;
    for (int sampling = RF_MC_RANDOM; sampling <= RF_MC_LHS; sampling++) {
        double fwd[100][3], other[100][3];
        for (int d = 0; d < n; d++)
            for (int j = 0; j < ninputs; j++) fwd[d][j] = rf_mc_u(seed, sampling, n, d, j);
        for (int d = n - 1; d >= 0; d--)
            for (int j = ninputs - 1; j >= 0; j--) other[d][j] = rf_mc_u(seed, sampling, n, d, j);
        assert_memory_equal(fwd, other, sizeof fwd);
        for (int workers = 2; workers <= 3; workers++) {
            memset(other, 0, sizeof other);
            for (int w = workers - 1; w >= 0; w--)
                for (int d = w; d < n; d += workers)
                    for (int j = 0; j < ninputs; j++) other[d][j] = rf_mc_u(seed, sampling, n, d, j);
            assert_memory_equal(fwd, other, sizeof fwd);
        }
    }
    /* plain random sampling does not depend on the number of draws either */
    assert_true(rf_mc_u(seed, RF_MC_RANDOM, 10, 3, 1) == rf_mc_u(seed, RF_MC_RANDOM, 1000, 3, 1));
    assert_true(rf_mc_u(seed, RF_MC_RANDOM, 10, 3, 1) == rf_rng_uniform(seed, 3, 1, 0));
    assert_true(rf_mc_u_planned(NULL, seed, 10, 3, 1) == rf_rng_uniform(seed, 3, 1, 0));
}

/* Real threads: two workers taking every other draw, reading one shared plan,
 * fill the same table as one thread does, bit for bit. */
enum { TN = 2000, TIN = 3 };
typedef struct worker {
    const int *plan;
    double (*u)[TIN];
    int first, step;
} worker;

static void *work(void *arg)
{
    const worker *w = arg;
    for (int d = w->first; d < TN; d += w->step)
        for (int j = 0; j < TIN; j++) w->u[d][j] = rf_mc_u_planned(w->plan, 77, TN, d, j);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    static double one[TN][TIN], two[TN][TIN];
    int *plan = NULL;
    assert_int_equal(rf_mc_lhs_plan(77, TN, TIN, &plan, NULL), RF_OK);
    worker solo = {plan, one, 0, 1};
    work(&solo);
    worker w[2] = {{plan, two, 0, 2}, {plan, two, 1, 2}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_join(t[i], NULL), 0);
    assert_memory_equal(one, two, sizeof one);
    free(plan);
}

/* An LHS sample of one input has the mean of a uniform to within 1/n (each
 * stratum contributes once); a sanity check of the jitter. */
static void test_lhs_mean(void **state)
{
    (void)state;
    const int n = 1000;
    int *plan = NULL;
    assert_int_equal(rf_mc_lhs_plan(3, n, 1, &plan, NULL), RF_OK);
    double sum = 0.0;
    for (int d = 0; d < n; d++) sum += rf_mc_u_planned(plan, 3, n, d, 0);
    RF_ASSERT_NEAR(sum / n, 0.5, 1.0 / n, 0);
    free(plan);
}

static void test_sampling_bad_args(void **state)
{
    (void)state;
    rf_err err;
    int *plan = (int *)&err; /* must be reset to NULL on failure */
    assert_int_equal(rf_mc_lhs_plan(1, 0, 3, &plan, &err), RF_EINVAL);
    assert_null(plan);
    assert_int_equal(rf_mc_lhs_plan(1, 5, -1, &plan, &err), RF_EINVAL);
    assert_int_equal(rf_mc_lhs_plan(1, 5, 0, &plan, &err), RF_OK);
    assert_null(plan);
    assert_true(isnan(rf_mc_u(1, RF_MC_LHS, 5, 5, 0)));
    assert_true(isnan(rf_mc_u(1, RF_MC_LHS, 5, -1, 0)));
    assert_true(isnan(rf_mc_u(1, RF_MC_RANDOM, 0, 0, 0)));
    assert_true(isnan(rf_mc_u(1, 7, 5, 0, 0)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_kat),
        cmocka_unit_test(test_rng_pinned),
        cmocka_unit_test(test_uniform_range_mean),
        cmocka_unit_test(test_rng_counter_words),
        cmocka_unit_test(test_lhs_one_per_stratum),
        cmocka_unit_test(test_lhs_plan_permutations),
        cmocka_unit_test(test_order_independent),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_lhs_mean),
        cmocka_unit_test(test_sampling_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
