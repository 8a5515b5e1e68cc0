/*
 * rareflow/io.h: reading datasets and scenarios.
 *
 * The input layer parses files into the plain in-memory structs of the model
 * and validates them, reporting `file:line: field: message`; it knows no
 * economics and sits below the market, the policies and the analytics (the
 * build gives it no path to their headers).  Writing results is the output
 * layer's job (rareflow/output.h).
 */
#ifndef RAREFLOW_IO_H
#define RAREFLOW_IO_H

#include <stddef.h>

#include "rareflow/error.h"
#include "rareflow/scenario.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Read a scenario YAML file (libyaml).  Root keys: `name` (string), `years`
 * (an int, a list of ints, or "A:B", within 2000..2100), `data` (a dataset
 * folder, relative to the scenario file's folder), `demand` (a list of
 * {region, sector, product?, factor}), `capacity` (a list of {facility,
 * factor}), `expectations` (adaptive, reference or perfect),
 * `demand_growth` (a list of {region, sector, product?, rate, from?, to?}),
 * and the lever sections of docs/policies.md: `tariffs`, `exemptions`,
 * `export_controls`, `sanctions`, `shocks`, `price_floors`, `offtakes`,
 * `stockpiles`, `sourcing_rules`, `content_rules`, the investment levers
 * (`grants`, `loans`, `equity`, `ebitda_guarantees`, `permitting`,
 * `technology_bans`, `project_blocks`) and `collection`.  An unknown
 * key, a key the item's kind or mode does not use, a wrong type, a number
 * outside its range, a malformed document or one beyond the limits of
 * rareflow/limits.h (size, nesting, values, levers) is RF_EPARSE/RF_EINVAL
 * with the 1-based line and the key; YAML anchors and aliases are refused.
 * A file that cannot be opened is RF_ENOENT.  Missing keys default as in
 * rf_scenario_new_baseline (name defaults to the file's base name).  Names
 * are checked against a world later (rf_scenario_check, rf_policy_check).
 * On success *out is an owned scenario (rf_scenario_free).
 */
rf_status rf_scenario_load(const char *path, rf_scenario **out, rf_err *err);

/*
 * rf_scenario_load on text[len] that is not (or not only) a file: a scenario
 * sent over HTTP, built by a program, or made by a fuzzer.  `name` stands for
 * the file in messages and in sc->file, and a relative `data` folder is
 * resolved against its folder.  The same limits apply (rareflow/limits.h).
 */
rf_status rf_scenario_parse(const char *name, const char *text, size_t len, rf_scenario **out,
                            rf_err *err);

/*
 * Read and validate the dataset in folder `dir` (the CSV tables described in
 * docs/data-format.md).  The first error found is returned with
 * file:line: field.  On success *out is an owned world (rf_world_free).
 */
rf_status rf_dataset_load(const char *dir, rf_world **out, rf_err *err);

/*
 * Where rf_dataset_load_with gets a table: the whole text of `path` (the
 * folder joined with the table's file name, e.g. "data/regions.csv") into a
 * malloc'd *text[*len] that the loader frees.  Returns RF_OK, or a failure
 * with `err` filled; when the failure is that there is no such table at all
 * (prices.csv and the tables of the years may be absent), it also sets
 * *absent to 1.
 */
typedef rf_status (*rf_table_reader)(void *ctx, const char *path, char **text, size_t *len,
                                     int *absent, rf_err *err);

/* rf_dataset_load with the tables read by `read` (called with `ctx`) instead
 * of from files: a dataset held in memory, sent over a network, or made by a
 * fuzzer.  Errors name `dir`/TABLE.csv as their file. */
rf_status rf_dataset_load_with(const char *dir, rf_table_reader read, void *ctx, rf_world **out,
                               rf_err *err);

/* The dataset's fingerprint into out[size]: its folder and a hash (FNV-1a) of
 * its CSV tables, names and bytes in name order, for the results database. */
rf_status rf_dataset_fingerprint(const char *dir, char *out, size_t size, rf_err *err);

/* The whole text of a scenario-sized file (RF_MAX_SCENARIO_BYTES), malloc'd into *text. */
rf_status rf_read_text(const char *path, char **text, rf_err *err);

/* The whole text of an asset of the report or dashboard (a chart library is
 * about 1 MB; RF_MAX_ASSET_BYTES), malloc'd into *text. */
rf_status rf_read_asset(const char *path, char **text, rf_err *err);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_IO_H */
