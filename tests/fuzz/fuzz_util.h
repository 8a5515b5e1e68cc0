/*
 * fuzz_util.h: the invariants the harnesses check on what the library
 * returns (test code for tests/fuzz; sees the core and model layers only).
 *
 * Each checker aborts through RF_FUZZ_CHECK when a documented property does
 * not hold: the error record of rareflow/error.h, the bounds of
 * rareflow/limits.h, the struct comments of rareflow/world.h and
 * rareflow/results.h.  They state only what the headers promise, so a
 * failure is a bug in the library (or in a header), never in the input.
 */
#ifndef RF_FUZZ_UTIL_H
#define RF_FUZZ_UTIL_H

#include "rareflow/error.h"
#include "rareflow/results.h"
#include "rareflow/scenario.h"
#include "rareflow/world.h"

/* The status a call returned and the rf_err it filled: a known code; on
 * failure the record holds that code and a message, and an input error names
 * the file it is about.  `what` names the call in the message. */
void rf_fuzz_check_status(const char *what, rf_status st, const rf_err *err);

/* Warnings a check appended: at most RF_WARNINGS_MAX kept, each with code
 * RF_OK and a message. */
void rf_fuzz_check_warnings(const rf_warnings *warn);

/* A scenario the reader accepted: years ascending within RF_YEAR_MIN..MAX,
 * every list and string present, every number finite and within the
 * rareflow/limits.h bound of its field. */
void rf_fuzz_check_scenario(const rf_scenario *sc);

/* A world the loader accepted: counts within limits.h, ids of 1 to
 * RF_MAX_ID_BYTES bytes of UTF-8 without control characters and found again
 * by their lookup, every index in range, every number finite and within what
 * world.h says of it. */
void rf_fuzz_check_world(const rf_world *w);

/* A year a solve filled (rf_market_solve or rf_policy_solve_year returned
 * RF_OK): a known status, no numbers unless optimal, and when optimal every
 * number finite, every index in range, reference quantities within
 * RF_MAX_QTY_T and shares within [0, 1]. */
void rf_fuzz_check_year(const rf_world *w, const rf_year_result *yr, int year);

/* Every string the results hold can be read (run after the scenario that
 * named the levers is freed: the results own their strings). */
void rf_fuzz_check_strings(const rf_results *res);

/* Non-zero when s[0..n) is valid UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF).  Written here rather than borrowed from the
 * library, so that the check does not share the bugs of what it checks. */
int rf_fuzz_utf8_ok(const unsigned char *s, size_t n);

#endif
