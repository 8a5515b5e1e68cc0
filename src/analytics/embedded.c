/*
 * embedded.c: magnets a region consumes inside goods assembled elsewhere
 * (docs/shortrun.md, "Where demand sits").
 *
 * The demand rows hold each region's direct use of magnets: a car assembled
 * in Mexico counts its magnets in ROW, though it is driven in the US.  The
 * world's magnets_in_goods rows say, for the base year, how many t of an
 * assembler's use of a sector end in goods consumed elsewhere.  A year's
 * embedded flow keeps that share of the assembler's magnets served in the
 * sector that year; a region's final consumption is its direct use plus what
 * arrives embedded, less what leaves embedded.
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"

/* The assembler's magnets for `sector`: reference (base year) and served this year, t. */
static void sector_magnets(const rf_world *w, const rf_year_result *yr, int region, const char *sector,
                           double *ref, double *served)
{
    *ref = *served = 0.0;
    for (int d = 0; d < w->ndemand; d++) {
        const rf_demand *dm = &w->demand[d];
        if (dm->region != region || strcmp(dm->sector, sector) ||
            w->products[dm->product].family != RF_FAM_MAGNET)
            continue;
        *ref += dm->ref_qty_t;
        *served += yr->served_t ? yr->served_t[d] : 0.0;
    }
}

rf_status rf_analytics_embedded(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    free(yr->embedded);
    free(yr->consumption);
    yr->embedded = NULL;
    yr->consumption = NULL;
    yr->nembedded = yr->nconsumption = 0;
    if (yr->status != RF_YEAR_OPTIMAL || w->nembedded == 0) return RF_OK;
    yr->embedded = calloc((size_t)w->nembedded, sizeof *yr->embedded);
    yr->consumption = calloc((size_t)w->nregions, sizeof *yr->consumption);
    if (!yr->embedded || !yr->consumption) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int r = 0; r < w->nregions; r++) yr->consumption[r].region = r;
    for (int d = 0; d < w->ndemand; d++)
        if (w->products[w->demand[d].product].family == RF_FAM_MAGNET && yr->served_t)
            yr->consumption[w->demand[d].region].direct_t += yr->served_t[d];
    for (int i = 0; i < w->nembedded; i++) {
        const rf_embedded *e = &w->embedded[i];
        double ref, served;
        sector_magnets(w, yr, e->assembler, e->sector, &ref, &served);
        double t = ref > 0.0 ? e->t / ref * served : 0.0;
        yr->embedded[yr->nembedded++] = (rf_embedded_flow){e->region, e->assembler, e->sector, t};
        yr->consumption[e->region].embedded_in_t += t;
        yr->consumption[e->assembler].embedded_out_t += t;
    }
    yr->nconsumption = w->nregions;
    return RF_OK;
}
