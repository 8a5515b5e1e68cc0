/*
 * analytics/hand_year.h: a year result written by hand for the measures that
 * trace flows through the pools (test_provenance.c, test_stage_flows.c): a
 * recipe run at a given activity with its production rows, a shipment on an
 * arc.  Failures fail the running cmocka test.
 */
#ifndef RF_TEST_HAND_YEAR_H
#define RF_TEST_HAND_YEAR_H

#include "rareflow/results.h"
#include "rareflow/world.h"

/* Run recipe `rid` of facility `fid` at `a` t of activity: its activity and
 * its production rows (yr->activity must be allocated). */
void rf_hand_run_recipe(const rf_world *w, rf_year_result *yr, const char *fid, const char *rid, double a);

/* Ship t of `product` from region `from` to region `to` (a trade row). */
void rf_hand_ship(const rf_world *w, rf_year_result *yr, const char *from, const char *to, const char *product,
                  double t);

#endif
