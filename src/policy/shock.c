/*
 * shock.c: outages and demand jumps.
 *
 * An outage multiplies the capacity of a facility (or of every facility of a
 * region, optionally of one stage) by its factor for its dates: over a share
 * f of the year the year's factor is 1 - f (1 - factor), since the model has
 * no intra-year dynamics.  A demand jump multiplies the reference demand of
 * (region, sector) the same way.  Neither costs a government anything.
 */
#include <string.h>

#include "rareflow/limits.h"

#include "policy/levers.h"
#include "policy/select.h"
#include "rareflow/policy.h"

static rf_status validate_outage(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    if (p->facility && strcmp(p->facility, "*") && rf_world_facility(w, p->facility) < 0)
        return rf_err_set(err, RF_EINVAL, file, p->line, "shocks.facility", "unknown facility `%s`",
                          p->facility);
    if (p->stage && rf_stage_from_name(p->stage) < 0)
        return rf_err_set(err, RF_EINVAL, file, p->line, "shocks.stage",
                          "unknown stage `%s` (mine, separation, metal, magnet, recycling)", p->stage);
    return rf__check_regions(w, &p->origins, file, p->line, "shocks.region", err);
}

static rf_status apply_outage(const rf_policy *p, int index, const rf_world *w, double frac,
                              const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    (void)index;
    (void)err;
    int stage = p->stage ? rf_stage_from_name(p->stage) : -1;
    for (int f = 0; f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        if (p->facility && strcmp(p->facility, "*") && strcmp(p->facility, fac->id)) continue;
        if (!rf__match_region(w, &p->origins, fac->region)) continue;
        if (stage >= 0 && (int)fac->stage != stage) continue;
        in->cap_factor[f] *= 1.0 - frac * (1.0 - p->factor);
    }
    return RF_OK;
}

static rf_status validate_demand(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    rf_status st = rf__check_regions(w, &p->origins, file, p->line, "shocks.region", err);
    if (st != RF_OK || !p->sector || !strcmp(p->sector, "*") || rf_world_has_sector(w, p->sector)) return st;
    return rf_err_set(err, RF_EINVAL, file, p->line, "shocks.sector", "unknown sector `%s`", p->sector);
}

static rf_status apply_demand(const rf_policy *p, int index, const rf_world *w, double frac,
                              const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    (void)index;
    for (int d = 0; d < w->ndemand; d++) {
        const rf_demand *dm = &w->demand[d];
        if (!rf__match_region(w, &p->origins, dm->region)) continue;
        if (p->sector && strcmp(p->sector, "*") && strcmp(p->sector, dm->sector)) continue;
        if (p->products.n && !rf__match_product(w, &p->products, dm->product)) continue;
        in->demand_factor[d] *= 1.0 + frac * (p->factor - 1.0);
        /* Shocks stack: each factor is bounded, their product is not. */
        if (!(dm->ref_qty_t * in->demand_factor[d] <= RF_MAX_QTY_T))
            return rf_err_set(err, RF_EINVAL, NULL, p->line, "shocks.factor",
                              "takes the demand of %s %s %s in %d to %g t, above the limit of %g t "
                              "(RF_MAX_QTY_T)", w->regions[dm->region].id, dm->sector,
                              w->products[dm->product].id, in->year, dm->ref_qty_t * in->demand_factor[d],
                              RF_MAX_QTY_T);
    }
    return RF_OK;
}

static const char *no_effect_shock(const rf_policy *p, const rf_world *w, char *buf, size_t size)
{
    (void)w, (void)buf, (void)size;
    return p->factor == 1.0 ? "a factor of 1" : NULL;
}

const rf_policy_ops rf__outage_ops = {"outage", validate_outage, apply_outage, NULL, NULL, NULL, no_effect_shock};
const rf_policy_ops rf__demand_ops = {"demand", validate_demand, apply_demand, NULL, NULL, NULL, no_effect_shock};
