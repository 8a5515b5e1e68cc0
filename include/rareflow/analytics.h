/*
 * rareflow/analytics.h: what a run's flows mean: production shares by stage
 * and region, and concentration (HHI).
 *
 * Analytics read the world and a solved year and add derived tables to that
 * year's result; they never change prices or flows.  Shares are measured per
 * stage in one stated unit (docs/model.md): mining in t REO mined, separation
 * in t REO of separated output, metal in t REO-equivalent of oxide feed,
 * magnets in t of magnet, recycling in t REO-equivalent recovered.
 */
#ifndef RAREFLOW_ANALYTICS_H
#define RAREFLOW_ANALYTICS_H

#include "rareflow/error.h"
#include "rareflow/results.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The measure of one unit of activity of recipe k of facility f, in the unit
 * of the facility's stage (see above). */
double rf_analytics_stage_measure(const rf_world *w, int f, int k);

/*
 * Fill yr->shares (every region with output, per stage) and yr->hhi (every
 * stage with output) from yr->activity.  A year that is not optimal gets
 * none.  Returns RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_shares(const rf_world *w, rf_year_result *yr, rf_err *err);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_ANALYTICS_H */
