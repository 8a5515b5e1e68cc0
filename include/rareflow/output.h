/*
 * rareflow/output.h: writing a run's results, element balances and
 * comparisons as JSON and CSV.
 *
 * The output layer renders what the market and the analytics computed; it
 * computes nothing itself.  Every number written is finite; a JSON document
 * is built whole in memory before a byte reaches the stream, and a set of CSV
 * tables is written into a staging folder and moved into place only when
 * every table is complete, so a failed run never leaves a half-written
 * result that looks whole.
 */
#ifndef RAREFLOW_OUTPUT_H
#define RAREFLOW_OUTPUT_H

#include <stdio.h>

#include "rareflow/analytics.h"
#include "rareflow/error.h"
#include "rareflow/results.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Write the results as one JSON document to `fp` (the contract of
 * docs/cli.md).  Every number written is finite.  RF_EIO on a write error.
 */
rf_status rf_json_write_results(const rf_results *res, FILE *fp, rf_err *err);

/*
 * Write a year's element balance as one JSON document (docs/cli.md):
 * {"scenario", "year", "lines": [{"element", "stage", "sector", "t", "cn_t",
 * "china_share"}], "closure": [{"element", "inputs_t", "outputs_t",
 * "relative_error"}]}.
 */
rf_status rf_json_write_balance(const rf_world *w, const char *scenario, int year,
                                const rf_balance *b, FILE *fp, rf_err *err);

/*
 * Write a comparison of runs A and B as one JSON document (docs/cli.md):
 * {"a", "b", "years": [{"year", "prices": [{"region", "product", "a", "b",
 * "change"}], "shortage": [...], "demand_response": [...], "shares": [...],
 * "tariff_revenue": [...], "export_wedge": [...]}]}.
 */
rf_status rf_json_write_comparison(const char *name_a, const char *name_b, const rf_comparison *c,
                                   FILE *fp, rf_err *err);

/* Create folder `dir` and its missing parents (mkdir -p).  RF_EIO naming the
 * folder that could not be made. */
rf_status rf_io_make_dirs(const char *dir, rf_err *err);

/*
 * Write the results as CSV tables (years.csv, prices.csv, production.csv, trade.csv,
 * shares.csv, hhi.csv, shortage.csv, demand_response.csv) into folder `dir`,
 * creating it if needed.  Each file is written whole or not at all.
 */
rf_status rf_csv_write_results(const rf_results *res, const char *dir, rf_err *err);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_OUTPUT_H */
