/*
 * rareflow/mc.h: the numeric core of the Monte Carlo layer (issue 13): a
 * counter-based random number generator, the quantile functions of the
 * scenario's distributions (rf_dist, rareflow/scenario.h), plain random and
 * Latin hypercube sampling, and the statistics of the draws (percentiles,
 * Spearman's rank correlation).  docs/uncertainty.md says why each is done
 * the way it is.
 *
 * Same seed, same answer, anywhere: every random number is a pure function of
 * (seed, draw, input, k), never of a generator's state, so that draw k gets
 * the same values whichever thread or MPI rank computes it and in whatever
 * order the draws are run.  Nothing here has global state; every function may
 * be called from any number of threads at once (the LHS plan is read-only once
 * made).
 *
 * The generator is Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel
 * random numbers: as easy as 1, 2, 3", SC11, 2011), written here from the
 * paper and checked against the known-answer vectors of the Random123
 * distribution.  The key and counter layout of rf_rng_u64:
 *     key     = { seed & 0xffffffff, seed >> 32 }
 *     counter = { draw & 0xffffffff, draw >> 32, input, k }
 * and the 64-bit value is the first two output words, out[0] high, out[1] low.
 * The counters used by the sampling functions below:
 *     k = 0                      the plain random u of (draw, input)
 *     k = 1                      the LHS jitter of (draw, input) within its stratum
 *     draw = RF_MC_PERM_DRAW,    the Fisher-Yates swap at position k of the
 *       k = position               LHS permutation of input `input`
 * Callers that want more numbers of their own use k >= RF_MC_K_USER.
 */
#ifndef RAREFLOW_MC_H
#define RAREFLOW_MC_H

#include <stdint.h>

#include "rareflow/error.h"
#include "rareflow/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------- the generator ---------- */

/* The raw Philox4x32-10 block: out = philox(ctr, key), ten rounds.  Exposed for
 * the known-answer tests; the rest of the program uses rf_rng_u64. */
void rf_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/* 64 random bits for (seed, draw, input, k), with the layout above. */
uint64_t rf_rng_u64(uint64_t seed, uint64_t draw, uint32_t input, uint32_t k);

/* A uniform number in the open interval (0, 1), never 0 or 1: the top 53 bits
 * of rf_rng_u64 plus one half, times 2^-53, so that every value is the centre
 * of one of 2^53 equal cells (a quantile function never sees 0 or 1). */
double rf_rng_uniform(uint64_t seed, uint64_t draw, uint32_t input, uint32_t k);

/* ---------- sampling ---------- */

typedef enum rf_mc_sampling {
    RF_MC_RANDOM = 0, /* independent uniforms for every (draw, input) */
    RF_MC_LHS         /* Latin hypercube: each input's draws fill its ndraws strata once each */
} rf_mc_sampling;

/* The draw index reserved for the LHS permutations (a draw index is an int, so
 * no real draw ever has it). */
#define RF_MC_PERM_DRAW UINT64_MAX
/* The first stream index k free for callers (0 and 1 are the sampling's). */
#define RF_MC_K_USER 2u

/*
 * The uniform of input `input` in draw `draw` (0 <= draw < ndraws, input >= 0),
 * in (0, 1).  RF_MC_RANDOM: rf_rng_uniform(seed, draw, input, 0), which does
 * not depend on ndraws.  RF_MC_LHS: (perm_input[draw] + jitter) / ndraws, with
 * perm_input the keyed Fisher-Yates permutation of 0..ndraws-1 of that input
 * and jitter = rf_rng_uniform(seed, draw, input, 1); so the ndraws draws of an
 * input put exactly one u in each stratum [i/ndraws, (i+1)/ndraws).  Without a
 * plan this costs O(ndraws) time (and no memory) per call: for many draws make
 * the plan once with rf_mc_lhs_plan and call rf_mc_u_planned, which gives the
 * same values bit for bit.  NaN for arguments out of range.
 */
double rf_mc_u(uint64_t seed, int sampling, int ndraws, int draw, int input);

/*
 * The LHS permutations of ninputs inputs over ndraws draws, computed once:
 * *perm is set to a malloc'd array [ninputs * ndraws], perm[input * ndraws + i]
 * the stratum of draw i of that input; the caller frees it with free().
 * Shared read-only by every thread.  ndraws >= 1, ninputs >= 0 (0 inputs gives
 * a NULL plan); RF_EINVAL for bad sizes, RF_ENOMEM.  Memory: 4 bytes per
 * (draw, input), 40 MB for 100,000 draws of 100 inputs.
 */
rf_status rf_mc_lhs_plan(uint64_t seed, int ndraws, int ninputs, int **perm, rf_err *err);

/* rf_mc_u with a plan from rf_mc_lhs_plan(seed, ndraws, ninputs, ...): the LHS
 * u of (draw, input) in O(1), bit for bit rf_mc_u(seed, RF_MC_LHS, ...).  The
 * plan does not know its ninputs, so the caller keeps input < ninputs (the
 * other arguments out of range give NaN).  A NULL plan means plain random
 * sampling, so that a caller has one path for both. */
double rf_mc_u_planned(const int *perm, uint64_t seed, int ndraws, int draw, int input);

/* ---------- distributions ---------- */

/*
 * The quantile (inverse CDF) of d at u in (0, 1), truncation included: a
 * truncated law maps u to F(tlo) + u (F(thi) - F(tlo)) before inverting, so
 * the strata of u stay strata of probability.  Monotone non-decreasing in u,
 * which rank correlations and LHS rely on.  NaN for u outside (0, 1).  d must
 * pass rf_dist_check.  The normal quantile is Acklam's rational approximation
 * refined by one Halley step with libm's erfc (relative error near 1e-15);
 * a discrete law is taken in increasing order of its values.
 */
double rf_dist_quantile(const rf_dist *d, double u);

/* The CDF of d at x, P(X <= x), truncation included (so that
 * rf_dist_quantile(d, rf_dist_cdf(d, x)) == x up to rounding for x inside the
 * support). */
double rf_dist_cdf(const rf_dist *d, double x);

/* The mean and standard deviation of d without truncation, as stated by its
 * parameters (for reports and tests). */
double rf_dist_mean(const rf_dist *d);
double rf_dist_sd(const rf_dist *d);

/*
 * Whether d's parameters make a distribution: finite numbers; sd >= 0;
 * lognormal mean > 0; uniform lo <= hi; triangular lo <= mode <= hi; discrete
 * 1..RF_DIST_MAX_VALUES values with probs >= 0 summing to 1 within 1e-9; a
 * truncation interval tlo <= thi (NaN not allowed, infinities for open sides)
 * with positive probability.  RF_EINVAL with a message naming the parameter
 * (field "distribution"); the scenario reader adds its file and line.
 */
rf_status rf_dist_check(const rf_dist *d, rf_err *err);

/* ---------- statistics of the draws ---------- */

/*
 * The p-th percentile (p in [0, 100], as numpy.percentile) of x[n], by linear
 * interpolation between order statistics: Hyndman & Fan's type 7, numpy's
 * default, h = (n - 1) p / 100, x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h)).
 * SORTS x IN PLACE (ascending), so that several percentiles of one array sort
 * it once; the order is total (-0 before +0, NaNs last) so the result never
 * depends on the sort's stability.  NaN for n <= 0 or p outside [0, 100].  The
 * caller leaves NaNs (failed draws) out: a NaN in x gives meaningless results.
 */
double rf_mc_percentile(double *x, int n, double p);

/* The indices of rf_mc_summary's out[]. */
enum { RF_MC_P5 = 0, RF_MC_P25, RF_MC_P50, RF_MC_P75, RF_MC_P95, RF_MC_MEAN, RF_MC_NSUMMARY };

/*
 * out[RF_MC_NSUMMARY] = P5, P25, P50, P75, P95 (type 7) and the mean of x[n],
 * x left untouched (a sorted copy is made: RF_ENOMEM).  The mean sums x in
 * index order, so equal arrays give equal bits.  n == 0: all NaN, RF_OK.
 */
rf_status rf_mc_summary(const double *x, int n, double out[6], rf_err *err);

/* Values within this share of max(1, |value|) of each other are ties when
 * ranked (the LP's answers agree to about 1e-9 relative whatever the
 * solver's path; docs/uncertainty.md). */
#define RF_MC_TIE_REL 1e-9

/*
 * Spearman's rank correlation of x[n] and y[n]: the Pearson correlation of
 * their ranks, tied values (equal, or within RF_MC_TIE_REL) given the average
 * of the ranks they span.  NaN when
 * n < 3, when either side is constant (its ranks have no variance), or when
 * the rank arrays cannot be allocated.  NaNs excluded by the caller.
 */
double rf_mc_spearman(const double *x, const double *y, int n);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_MC_H */
