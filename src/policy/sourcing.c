/*
 * sourcing.c: allied-sourcing rules and export content rules.
 *
 * Both write an rf_sourcing into the year's inputs and let the market build
 * compliant variants of the products (PRODUCT@name) outside the excluded
 * regions: a compliant recipe takes compliant inputs and makes compliant
 * outputs, mines outside the exclusion make compliant ore, and compliant
 * material may always be downgraded to the ordinary product, so a compliant
 * price is never below the ordinary one.  Swarf from compliant magnets is
 * compliant and so is the oxide recycled from it outside the exclusion;
 * swarf from ordinary magnets stays ordinary.
 *
 * Sourcing rule: the named demand (REGION:SECTOR) is served only by
 * variants, and variants exist only for the products upstream of it, so the
 * LP grows only where a compliant demand can be reached.  With no compliant
 * supply the demand goes unserved rather than cheat.  Members may be given
 * tariff-free trade among themselves (an alliance such as the Quad).
 *
 * Content rule (China's rule of October 2025): every product gets a
 * variant, and third regions may export only variants, i.e. only material
 * that never passed through the exporter; what they made from its material
 * they may use at home.  One rule of either kind per scenario.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/levers.h"
#include "policy/select.h"
#include "rareflow/policy.h"

/* Split "US:defense" into a region and a sector ("*" allowed in either). */
static int split_spec(const char *spec, char *reg, size_t nreg, const char **sector)
{
    const char *colon = strchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= nreg || !colon[1]) return -1;
    memcpy(reg, spec, (size_t)(colon - spec));
    reg[colon - spec] = '\0';
    *sector = colon + 1;
    return 0;
}

static int spec_matches(const rf_world *w, const char *spec, int d)
{
    char reg[32];
    const char *sector;
    if (split_spec(spec, reg, sizeof reg, &sector)) return 0;
    const rf_demand *dm = &w->demand[d];
    return (!strcmp(reg, "*") || !strcmp(reg, w->regions[dm->region].id)) &&
           (!strcmp(sector, "*") || !strcmp(sector, dm->sector));
}

static rf_status one_rule(const rf_scenario *sc, const rf_policy *p, const char *file, rf_err *err)
{
    for (int i = 0; i < sc->npolicies; i++) {
        const rf_policy *q = &sc->policies[i];
        if (q == p) break;
        if (q->kind == RF_POL_SOURCING || q->kind == RF_POL_CONTENT)
            return rf_err_set(err, RF_EINVAL, file, p->line, p->kind == RF_POL_SOURCING ? "sourcing_rules" : "content_rules",
                              "one sourcing or content rule per scenario (the first is at line %d)", q->line);
    }
    return RF_OK;
}

static rf_status validate_sourcing(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    rf_status st = rf__check_regions(w, &p->exclude, file, p->line, "sourcing_rules.exclude", err);
    if (st == RF_OK) st = rf__check_regions(w, &p->members, file, p->line, "sourcing_rules.members", err);
    for (int i = 0; st == RF_OK && i < p->demand_spec.n; i++) {
        const char *spec = p->demand_spec.ids[i], *sector;
        char reg[32];
        if (split_spec(spec, reg, sizeof reg, &sector))
            return rf_err_set(err, RF_EINVAL, file, p->line, "sourcing_rules.demand",
                              "`%s` is not REGION:SECTOR", spec);
        int any = 0;
        for (int d = 0; d < w->ndemand; d++) any |= spec_matches(w, spec, d);
        if (!any)
            return rf_err_set(err, RF_EINVAL, file, p->line, "sourcing_rules.demand",
                              "`%s` matches no demand row", spec);
    }
    return st;
}

static rf_status validate_content(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    rf_status st = rf__check_regions(w, &p->origins, file, p->line, "content_rules.exporter", err);
    if (st == RF_OK) st = rf__check_regions(w, &p->dests, file, p->line, "content_rules.destinations", err);
    return st;
}

/* Set up the year's rule: tag, share of the year, masks. */
static rf_status start_rule(const rf_policy *p, int index, const rf_world *w, double frac,
                            rf_year_input *in, rf_err *err)
{
    rf_sourcing *s = &in->sourcing;
    s->active = 1;
    s->frac = frac;
    s->policy = index;
    snprintf(s->tag, sizeof s->tag, "%s", p->name ? p->name : rf_policy_kind_name(p->kind));
    s->excluded = calloc((size_t)w->nregions + 1, 1);
    s->variant = calloc((size_t)w->nproducts + 1, 1);
    s->compliant_demand = calloc((size_t)w->ndemand + 1, 1);
    if (!s->excluded || !s->variant || !s->compliant_demand)
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    return RF_OK;
}

static rf_status apply_sourcing(const rf_policy *p, int index, const rf_world *w, double frac,
                                const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    rf_status st = start_rule(p, index, w, frac, in, err);
    if (st != RF_OK) return st;
    rf_sourcing *s = &in->sourcing;
    for (int r = 0; r < w->nregions; r++)
        s->excluded[r] = p->exclude.n > 0 && rf__match_region(w, &p->exclude, r);
    for (int d = 0; d < w->ndemand; d++)
        for (int i = 0; i < p->demand_spec.n; i++)
            if (spec_matches(w, p->demand_spec.ids[i], d)) {
                s->compliant_demand[d] = 1;
                s->variant[w->demand[d].product] = 1;
            }
    /* Variants only upstream of the compliant demand: close the set over recipes. */
    for (int grew = 1; grew;) {
        grew = 0;
        for (int k = 0; k < w->nrecipes; k++) {
            const rf_recipe *r = &w->recipes[k];
            int makes = 0;
            for (int i = 0; i < r->nout; i++) makes |= s->variant[r->out[i].product];
            for (int i = 0; makes && i < r->nin; i++)
                if (!s->variant[r->in[i].product]) s->variant[r->in[i].product] = 1, grew = 1;
        }
    }
    /* An alliance trades among its members tariff-free, for the rule's dates. */
    if (p->tariff_free && p->members.n > 0)
        for (int a = 0; a < w->nregions; a++)
            for (int b = 0; b < w->nregions; b++)
                if (a != b && rf__match_region(w, &p->members, a) && rf__match_region(w, &p->members, b))
                    for (int q = 0; q < w->nproducts; q++) {
                        size_t i = RF_ARC(in, a, b, q);
                        if (frac > in->arc_exempt[i]) in->arc_exempt[i] = frac;
                    }
    return RF_OK;
}

/* Does region r make product q at all (an own-output pool may exist)? */
static int makes(const rf_world *w, int r, int q)
{
    for (int f = 0; f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        if (fac->region != r) continue;
        for (int k = 0; k < fac->nrecipes; k++) {
            const rf_recipe *rc = &w->recipes[fac->recipes[k]];
            for (int i = 0; i < rc->nout; i++)
                if (rc->out[i].product == q) return 1;
        }
    }
    return 0;
}

static rf_status apply_content(const rf_policy *p, int index, const rf_world *w, double frac,
                               const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    rf_status st = start_rule(p, index, w, frac, in, err);
    if (st != RF_OK) return st;
    rf_sourcing *s = &in->sourcing;
    for (int r = 0; r < w->nregions; r++) s->excluded[r] = (unsigned char)rf__match_region(w, &p->origins, r);
    for (int q = 0; q < w->nproducts; q++) s->variant[q] = 1;
    s->exports_variants = 1;
    /* Third regions' ordinary exports: closed for the rule's share of the year. */
    int whole = frac >= 1.0 - 1e-9;
    for (int r = 0; r < w->nregions; r++) {
        if (s->excluded[r]) continue;
        for (int q = 0; q < w->nproducts; q++) {
            if (!makes(w, r, q)) continue;
            rf_flow_limit *l = rf_year_input_add_limit(in, err);
            if (!l) return err ? err->code : RF_ENOMEM;
            rf_idlist one = {(char **)&w->products[q].id, 1};
            rf__fill_limit(w, l, r, &p->dests, &one);
            for (int x = 0; x < w->nregions; x++)
                if (s->excluded[x]) l->to_mask[x] = 0; /* selling back to the exporter is not a re-export */
            l->policy = index;
            l->ordinary_only = 1;
            l->deferred = !whole;
            l->keep_share = 1.0 - frac;
            l->fixed_t = 0.0;
            l->cap_t = 0.0;
        }
    }
    return RF_OK;
}

rf_status rf__sourcing_check_unique(const rf_scenario *sc, const rf_policy *p, rf_err *err)
{
    return one_rule(sc, p, sc->file, err);
}

const rf_policy_ops rf__sourcing_ops = {"sourcing_rule", validate_sourcing, apply_sourcing, NULL, NULL, NULL, NULL};
const rf_policy_ops rf__content_ops = {"content_rule", validate_content, apply_content, NULL, NULL, NULL, NULL};
