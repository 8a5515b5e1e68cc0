/* scenario.c: lifecycle of rf_scenario (the YAML reader is in src/io/). */
#include "rareflow/scenario.h"

#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"

rf_scenario *rf_scenario_new_baseline(rf_err *err)
{
    rf_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) goto oom;
    sc->file = rf__strdup("(built-in)");
    sc->name = rf__strdup("baseline");
    sc->years = malloc(sizeof *sc->years);
    if (!sc->file || !sc->name || !sc->years) goto oom;
    sc->years[0] = 2024;
    sc->nyears = 1;
    return sc;
oom:
    rf_scenario_free(sc);
    rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory creating the baseline scenario");
    return NULL;
}

rf_status rf_scenario_set_years(rf_scenario *sc, int first, int last, rf_err *err)
{
    if (last < first)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "--years", "last year %d is before first year %d",
                          last, first);
    int n = last - first + 1;
    int *y = malloc((size_t)n * sizeof *y);
    if (!y) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; i < n; i++) y[i] = first + i;
    free(sc->years);
    sc->years = y;
    sc->nyears = n;
    return RF_OK;
}

void rf_scenario_free(rf_scenario *sc)
{
    if (!sc) return;
    free(sc->file);
    free(sc->name);
    free(sc->years);
    free(sc->data_dir);
    for (int i = 0; i < sc->ndemand; i++) {
        free(sc->demand[i].region);
        free(sc->demand[i].sector);
        free(sc->demand[i].product);
    }
    free(sc->demand);
    for (int i = 0; i < sc->ncapacity; i++) free(sc->capacity[i].facility);
    free(sc->capacity);
    free(sc);
}

/* ---------- the scenario applied to a world ---------- */

static int matches(const char *pattern, const char *id)
{
    return strcmp(pattern, "*") == 0 || strcmp(pattern, id) == 0;
}

static int sector_exists(const rf_world *w, const char *sector)
{
    for (int i = 0; i < w->ndemand; i++)
        if (strcmp(w->demand[i].sector, sector) == 0) return 1;
    return 0;
}

rf_status rf_scenario_check(const rf_scenario *sc, const rf_world *w, rf_err *err)
{
    for (int i = 0; i < sc->ndemand; i++) {
        const rf_demand_override *o = &sc->demand[i];
        if (strcmp(o->region, "*") && rf_world_region(w, o->region) < 0)
            return rf_err_set(err, RF_EINVAL, sc->file, o->line, "demand.region",
                              "unknown region `%s`", o->region);
        if (strcmp(o->sector, "*") && !sector_exists(w, o->sector))
            return rf_err_set(err, RF_EINVAL, sc->file, o->line, "demand.sector",
                              "unknown sector `%s` (no demand row has it)", o->sector);
        if (o->product && strcmp(o->product, "*") && rf_world_product(w, o->product) < 0)
            return rf_err_set(err, RF_EINVAL, sc->file, o->line, "demand.product",
                              "unknown product `%s`", o->product);
    }
    for (int i = 0; i < sc->ncapacity; i++) {
        const rf_capacity_override *o = &sc->capacity[i];
        if (strcmp(o->facility, "*") && rf_world_facility(w, o->facility) < 0)
            return rf_err_set(err, RF_EINVAL, sc->file, o->line, "capacity.facility",
                              "unknown facility `%s`", o->facility);
    }
    return RF_OK;
}

rf_status rf_year_input_init(rf_year_input *in, const rf_world *w, const rf_scenario *sc,
                             int year, rf_err *err)
{
    memset(in, 0, sizeof *in);
    in->year = year;
    in->cap_factor = malloc((size_t)(w->nfacilities ? w->nfacilities : 1) * sizeof(double));
    in->demand_factor = malloc((size_t)(w->ndemand ? w->ndemand : 1) * sizeof(double));
    if (!in->cap_factor || !in->demand_factor) {
        rf_year_input_close(in);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int f = 0; f < w->nfacilities; f++)
        in->cap_factor[f] = rf_world_facility_active(w, f, year) ? 1.0 : 0.0;
    for (int d = 0; d < w->ndemand; d++) in->demand_factor[d] = 1.0;
    for (int i = 0; sc && i < sc->ncapacity; i++)
        for (int f = 0; f < w->nfacilities; f++)
            if (matches(sc->capacity[i].facility, w->facilities[f].id))
                in->cap_factor[f] *= sc->capacity[i].factor;
    for (int i = 0; sc && i < sc->ndemand; i++) {
        const rf_demand_override *o = &sc->demand[i];
        for (int d = 0; d < w->ndemand; d++) {
            const rf_demand *dm = &w->demand[d];
            if (matches(o->region, w->regions[dm->region].id) && matches(o->sector, dm->sector) &&
                (!o->product || matches(o->product, w->products[dm->product].id)))
                in->demand_factor[d] *= o->factor;
        }
    }
    return RF_OK;
}

void rf_year_input_close(rf_year_input *in)
{
    if (!in) return;
    free(in->cap_factor);
    free(in->demand_factor);
    in->cap_factor = in->demand_factor = NULL;
}
