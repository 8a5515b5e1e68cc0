/*
 * rareflow/io.h: reading datasets and scenarios, writing results.
 *
 * The I/O layer parses files into the plain in-memory structs of the model
 * and validates them, reporting `file:line: field: message`; it knows no
 * economics.  Writers render a finished rf_results as JSON or CSV and never
 * leave a half-written file behind (they write to a temporary name and
 * rename it into place).
 */
#ifndef RAREFLOW_IO_H
#define RAREFLOW_IO_H

#include <stdio.h>

#include "rareflow/analytics.h"
#include "rareflow/error.h"
#include "rareflow/results.h"
#include "rareflow/scenario.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Read a scenario YAML file (libyaml document API).  Known keys: `name`
 * (string), `years` (an int, a list of ints, or "A:B"), `data` (a dataset
 * folder, relative to the scenario file's folder), `demand` (a list of
 * {region, sector, product?, factor}), `capacity` (a list of {facility,
 * factor}).  An unknown key, a wrong type, a negative factor or a malformed
 * document is RF_EPARSE/RF_EINVAL with the 1-based line and the key; a file
 * that cannot be opened is RF_ENOENT.  Missing keys default as in
 * rf_scenario_new_baseline (name defaults to the file's base name).
 * On success *out is an owned scenario (rf_scenario_free).
 */
rf_status rf_scenario_load(const char *path, rf_scenario **out, rf_err *err);

/*
 * Read and validate the dataset in folder `dir` (the CSV tables described in
 * docs/data-format.md).  The first error found is returned with
 * file:line: field.  On success *out is an owned world (rf_world_free).
 */
rf_status rf_dataset_load(const char *dir, rf_world **out, rf_err *err);

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
#endif /* RAREFLOW_IO_H */
