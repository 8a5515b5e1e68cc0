/*
 * rng.c: Philox4x32-10 and the sampling built on it (rareflow/mc.h).
 *
 * Philox is a counter-based generator: the i-th number is a keyed bijection
 * of i, with no state carried from one number to the next.  That is what lets
 * a Monte Carlo draw be computed by any thread or rank in any order and still
 * get the same numbers (docs/uncertainty.md).  It was chosen over a keyed
 * splitmix64 because it has published known-answer vectors to test against
 * and passes BigCrush with a margin (Salmon et al. 2011), and over ChaCha or
 * AES because it needs nothing but 32x32->64-bit multiplies.
 *
 * The round, written from the paper: with the multipliers M0, M1,
 *     (hi0, lo0) = M0 * x0,  (hi1, lo1) = M1 * x2   (64-bit products)
 *     x' = { hi1 ^ x1 ^ k0,  lo1,  hi0 ^ x3 ^ k1,  lo0 }
 * and between rounds the key is bumped by the Weyl constants W0, W1.
 */
#include "rareflow/mc.h"

#include <math.h>
#include <stdlib.h>

/* The Philox4x32 multipliers and Weyl key increments (the paper's constants;
 * W0 is the golden ratio and W1 sqrt(3) - 1, as 32-bit fractions). */
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u
#define PHILOX_ROUNDS 10

void rf_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    uint32_t x0 = ctr[0], x1 = ctr[1], x2 = ctr[2], x3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < PHILOX_ROUNDS; r++) {
        if (r > 0) { /* the key of round r is key + r * W */
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        uint64_t p0 = (uint64_t)PHILOX_M0 * x0;
        uint64_t p1 = (uint64_t)PHILOX_M1 * x2;
        uint32_t y0 = (uint32_t)(p1 >> 32) ^ x1 ^ k0;
        uint32_t y1 = (uint32_t)p1;
        uint32_t y2 = (uint32_t)(p0 >> 32) ^ x3 ^ k1;
        uint32_t y3 = (uint32_t)p0;
        x0 = y0;
        x1 = y1;
        x2 = y2;
        x3 = y3;
    }
    out[0] = x0;
    out[1] = x1;
    out[2] = x2;
    out[3] = x3;
}

uint64_t rf_rng_u64(uint64_t seed, uint64_t draw, uint32_t input, uint32_t k)
{
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    const uint32_t ctr[4] = {(uint32_t)draw, (uint32_t)(draw >> 32), input, k};
    uint32_t out[4];
    rf_philox4x32_10(ctr, key, out);
    /* Half the block is thrown away: one number per counter keeps the layout
     * one-to-one with (draw, input, k), which matters more than speed here
     * (a draw of the model costs milliseconds, a block nanoseconds). */
    return (uint64_t)out[0] << 32 | out[1];
}

double rf_rng_uniform(uint64_t seed, uint64_t draw, uint32_t input, uint32_t k)
{
    /* (m + 1/2) 2^-53 for m in 0..2^53-1: exact in a double, strictly inside
     * (0, 1), symmetric about 1/2. */
    uint64_t m = rf_rng_u64(seed, draw, input, k) >> 11;
    return ((double)m + 0.5) * 0x1p-53;
}

/* ---------- Latin hypercube ---------- */

/*
 * The permutation of input j is a Fisher-Yates shuffle of the identity,
 * positions i = n-1 down to 1, position i swapped with
 *     J(i) = rf_rng_u64(seed, RF_MC_PERM_DRAW, j, i) mod (i + 1).
 * The modulo's bias is at most (i + 1) / 2^64, far below anything a sample of
 * ints can show, and it keeps one counter per swap (a rejection loop would
 * not).
 */
static int swap_index(uint64_t seed, int input, int i)
{
    uint64_t r = rf_rng_u64(seed, RF_MC_PERM_DRAW, (uint32_t)input, (uint32_t)i);
    return (int)(r % ((uint64_t)i + 1u));
}

/* The shuffle of one input, into p[n]. */
static void shuffle(uint64_t seed, int n, int input, int *p)
{
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i >= 1; i--) {
        int j = swap_index(seed, input, i);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
}

/*
 * perm[draw] of the shuffle without the array.  Position `draw` is final once
 * step i = draw has run (later steps touch lower positions only); that step
 * moved into it what was then at position J(draw).  What was at a position
 * before steps n-1 .. draw+1 is found by undoing them, the last one first:
 * step i swapped positions i and J(i).  Before any step, position q holds q.
 */
static int perm_at(uint64_t seed, int n, int input, int draw)
{
    int q = draw > 0 ? swap_index(seed, input, draw) : 0;
    for (int i = draw + 1; i < n; i++) {
        int j = swap_index(seed, input, i);
        if (q == i)
            q = j;
        else if (q == j)
            q = i;
    }
    return q;
}

/* (stratum + jitter) / n, kept inside [stratum/n, (stratum+1)/n): the sum can
 * round up to stratum + 1 when the jitter is within 2^-53 of 1. */
static double lhs_u(int stratum, double jitter, int n)
{
    double u = ((double)stratum + jitter) / n;
    double top = ((double)stratum + 1.0) / n;
    if (u >= top) u = nextafter(top, 0.0);
    return u;
}

double rf_mc_u(uint64_t seed, int sampling, int ndraws, int draw, int input)
{
    if (ndraws < 1 || draw < 0 || draw >= ndraws || input < 0) return NAN;
    if (sampling == RF_MC_RANDOM) return rf_rng_uniform(seed, (uint64_t)draw, (uint32_t)input, 0);
    if (sampling != RF_MC_LHS) return NAN;
    int stratum = perm_at(seed, ndraws, input, draw);
    return lhs_u(stratum, rf_rng_uniform(seed, (uint64_t)draw, (uint32_t)input, 1), ndraws);
}

rf_status rf_mc_lhs_plan(uint64_t seed, int ndraws, int ninputs, int **perm, rf_err *err)
{
    if (!perm) return rf_err_set(err, RF_EINVAL, NULL, 0, "perm", "no place for the plan");
    *perm = NULL;
    if (ndraws < 1)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "draws", "the number of draws must be >= 1 (is %d)", ndraws);
    if (ninputs < 0)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "inputs", "the number of inputs must be >= 0 (is %d)", ninputs);
    if (ninputs == 0) return RF_OK;
    size_t cells = (size_t)ndraws * (size_t)ninputs;
    if (cells / (size_t)ninputs != (size_t)ndraws || cells > SIZE_MAX / sizeof(int))
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "an LHS plan of %d draws x %d inputs is too large",
                          ndraws, ninputs);
    int *p = malloc(cells * sizeof *p);
    if (!p)
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "an LHS plan of %d draws x %d inputs", ndraws,
                          ninputs);
    for (int j = 0; j < ninputs; j++) shuffle(seed, ndraws, j, p + (size_t)j * (size_t)ndraws);
    *perm = p;
    return RF_OK;
}

double rf_mc_u_planned(const int *perm, uint64_t seed, int ndraws, int draw, int input)
{
    if (!perm) return rf_mc_u(seed, RF_MC_RANDOM, ndraws, draw, input);
    if (ndraws < 1 || draw < 0 || draw >= ndraws || input < 0) return NAN;
    int stratum = perm[(size_t)input * (size_t)ndraws + (size_t)draw];
    return lhs_u(stratum, rf_rng_uniform(seed, (uint64_t)draw, (uint32_t)input, 1), ndraws);
}
