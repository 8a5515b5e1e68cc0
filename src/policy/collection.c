/*
 * collection.c: the collection lever (issue 9, section 6): a regulation that
 * raises the share of end-of-life magnets collected in some regions and
 * sectors (collection targets, take-back schemes).
 *
 * The collection rate of each sector is data (lifetimes.csv); the lever only
 * ever raises it: while one is in force, the rate of each (region, sector)
 * it covers is max(the data's rate, the lever's rate), and when several
 * cover a pair the highest wins.  A lower rate never lowers the data's: a
 * target is a floor on what is collected, not a cap.
 *
 * Like the investment levers it leaves the year's LP alone (it has no
 * `apply`, and still shows in `policies_active`); the simulation asks
 * rf_policy_collection_rate for the rate of the magnets that leave use in a
 * year (src/sim/inuse.c), whose scrap reaches the recyclers the year after.
 * A lever in force for any part of a year sets the rate of the whole year,
 * as an investment lever sets the terms of a decision: the stock model steps
 * in years and a year's outflow is not split.  It is a rule, not a payment:
 * it costs no government anything (no `report`).
 */
#include <stdio.h>
#include <string.h>

#include "policy/levers.h"
#include "policy/select.h"
#include "rareflow/policy.h"

/* Every region and sector the lever names exists. */
static rf_status validate_collection(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    rf_status st = rf__check_regions(w, &p->origins, file, p->line, "collection.regions", err);
    if (st != RF_OK) return st;
    for (int i = 0; i < p->sectors.n; i++)
        if (strcmp(p->sectors.ids[i], "*") && !rf_world_has_sector(w, p->sectors.ids[i]))
            return rf_err_set(err, RF_EINVAL, file, p->line, "collection.sectors",
                              "unknown sector `%s` (a sector of demand.csv, or `*`)", p->sectors.ids[i]);
    return RF_OK;
}

/* Whether the lever covers at least one (region, sector) with magnets in use
 * (a magnet demand row with a reference quantity, a sector with a lifetime)
 * whose data collection rate is below the lever's.  Dates are not looked at. */
static int raises_any(const rf_policy *p, const rf_world *w)
{
    for (int i = 0; i < w->nlifetimes; i++) {
        const rf_lifetime *lt = &w->lifetimes[i];
        if (!rf__match_id(&p->sectors, lt->sector) || !(p->collection_rate > lt->collection_rate)) continue;
        /* A pair has magnets in use when a magnet demand row feeds its stock. */
        for (int d = 0; d < w->ndemand; d++) {
            const rf_demand *dm = &w->demand[d];
            if (w->products[dm->product].family == RF_FAM_MAGNET && dm->ref_qty_t > 0.0 &&
                !strcmp(dm->sector, lt->sector) && rf__match_region(w, &p->origins, dm->region))
                return 1;
        }
    }
    return 0;
}

static const char *no_effect_collection(const rf_policy *p, const rf_world *w, char *buf, size_t size)
{
    if (raises_any(p, w)) return NULL;
    snprintf(buf, size, "it raises no collection rate: no (region, sector) it covers has magnets in use "
             "collected at less than %g in lifetimes.csv", p->collection_rate);
    return buf;
}

const rf_policy_ops rf__collection_ops = {"collection", validate_collection, NULL, NULL, NULL, NULL,
                                          no_effect_collection};

double rf_policy_collection_rate(const rf_scenario *sc, const rf_world *w, int region, const char *sector,
                                 int year, double base)
{
    double rate = base;
    for (int i = 0; sc && i < sc->npolicies; i++) {
        const rf_policy *p = &sc->policies[i];
        if (p->kind != RF_POL_COLLECTION || !(p->collection_rate > rate)) continue;
        if (rf_policy_year_fraction(p->from, p->to, year) <= 0.0) continue;
        if (rf__match_region(w, &p->origins, region) && rf__match_id(&p->sectors, sector)) rate = p->collection_rate;
    }
    return rate;
}
