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

#include "rareflow/error.h"
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

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_IO_H */
