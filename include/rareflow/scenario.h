/*
 * rareflow/scenario.h: a scenario, the user's changes on top of a dataset.
 *
 * A scenario is plain data: its name, the years to run, the dataset folder,
 * and the overrides and levers it sets.  Every value keeps the 1-based line
 * it came from, so that an error found after parsing (an unknown region, say,
 * found only once the world is loaded) still names `file:line: field`.
 * The YAML reader is in rareflow/io.h; the model reads a scenario as const.
 * A scenario owns all its strings; free it with rf_scenario_free.
 */
#ifndef RAREFLOW_SCENARIO_H
#define RAREFLOW_SCENARIO_H

#include "rareflow/error.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Scale the reference demand of (region, sector[, product]); "*" matches all. */
typedef struct rf_demand_override {
    char *region;   /* region id or "*" */
    char *sector;   /* sector id or "*" */
    char *product;  /* product id, or NULL for every product of the sector */
    double factor;  /* multiplies the reference quantity; >= 0 */
    int line;       /* 1-based line of the list item in the scenario file */
} rf_demand_override;

/* Scale the capacity of a facility; "*" matches all. */
typedef struct rf_capacity_override {
    char *facility; /* facility id or "*" */
    double factor;  /* multiplies every tranche; >= 0 */
    int line;       /* 1-based line of the list item */
} rf_capacity_override;

typedef struct rf_scenario {
    char *file;     /* the scenario file as given, or "(built-in)" */
    char *name;     /* scenario name */
    int *years;     /* [nyears] years to run, ascending, no duplicates */
    int nyears;
    int years_line; /* line of `years`, or 0 when defaulted */
    char *data_dir; /* dataset folder (relative to the scenario file's folder
                       already resolved), or NULL for the default dataset */
    int data_line;  /* line of `data`, or 0 */
    rf_demand_override *demand; /* [ndemand] */
    int ndemand;
    rf_capacity_override *capacity; /* [ncapacity] */
    int ncapacity;
} rf_scenario;

/* The built-in baseline scenario: name "baseline", year 2024, default data.
 * Returns an owned scenario or NULL with `err` set (RF_ENOMEM). */
rf_scenario *rf_scenario_new_baseline(rf_err *err);

/* Replace the years of `sc` by first..last (inclusive).  RF_EINVAL if last < first. */
rf_status rf_scenario_set_years(rf_scenario *sc, int first, int last, rf_err *err);

/*
 * Check the scenario against the world it runs on: every region, sector,
 * product and facility it names exists (or is "*").  An unknown name is
 * RF_EINVAL with the scenario file, the line of the item and its field.
 */
rf_status rf_scenario_check(const rf_scenario *sc, const rf_world *w, rf_err *err);

/*
 * What a year of the run is given, as data: the scenario's overrides and
 * shocks resolved onto the world's facilities and demand rows.  Policies
 * write their effects here; the market builds the year's LP from it and
 * never from the scenario directly.
 */
typedef struct rf_year_input {
    int year;
    double *cap_factor;    /* [nfacilities] capacity multiplier; 0 when the facility
                              does not run in this year */
    double *demand_factor; /* [ndemand] reference-quantity multiplier */
} rf_year_input;

/* Fill `in` for `year` (owned arrays; release with rf_year_input_close).
 * Overrides apply in file order, so a later item multiplies an earlier one. */
rf_status rf_year_input_init(rf_year_input *in, const rf_world *w, const rf_scenario *sc,
                             int year, rf_err *err);
void rf_year_input_close(rf_year_input *in);

/* Free a scenario and all it owns.  NULL-safe. */
void rf_scenario_free(rf_scenario *sc);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_SCENARIO_H */
