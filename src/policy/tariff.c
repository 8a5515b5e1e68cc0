/*
 * tariff.c: tariffs and their exemptions.
 *
 * A tariff is a wedge on the arcs from its origins to its destinations for
 * its products: specific (USD/kg) or ad valorem (a rate on the exporter's
 * price, which the runner iterates to a fixed point).  A measure in force for
 * part of a year is weighted by that part.  An exemption marks the share of
 * the year during which tariffs on its arcs are suspended; exemptions are
 * applied before tariffs, which subtract that share (exact when the exemption
 * period lies within the tariff's, as in the 2025 US measures).  An
 * exemption that names tariffs (`tariffs: [reciprocal-10]`) lifts only those:
 * it leaves arc_exempt alone and the runner applies it to each named tariff
 * on its own (rf__exemption_lifts).  The report is the revenue each importer
 * collects.
 *
 * An export tax is an exporter's ad valorem duty on its FOB price (China's
 * 15-25% on rare earths, 2007-2015): on the arc it is the same wedge as an ad
 * valorem tariff, rate x the exporter's own-output price, iterated with the
 * tariffs (the two rates add up on an arc).  It is kept apart in arc_xrate
 * because it differs in who collects it (the exporter) and in that no
 * tariff exemption lifts it: an exemption is the importer's decision.  The
 * wedge of an arc is split between the two by their rates.
 */
#include <stdio.h>
#include <stdlib.h>

#include "policy/levers.h"
#include "policy/select.h"
#include "rareflow/policy.h"

static rf_status validate(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    const char *sec = p->kind == RF_POL_TARIFF ? "tariffs" : "exemptions";
    char f1[64], f2[64], f3[64];
    snprintf(f1, sizeof f1, "%s.origin", sec);
    snprintf(f2, sizeof f2, "%s.destination", sec);
    snprintf(f3, sizeof f3, "%s.products", sec);
    rf_status st = rf__check_regions(w, &p->origins, file, p->line, f1, err);
    if (st == RF_OK) st = rf__check_regions(w, &p->dests, file, p->line, f2, err);
    if (st == RF_OK) st = rf__check_products(w, &p->products, file, p->line, f3, err);
    return st;
}

/* Call fn on every arc (from, to, product) the lever covers. */
#define FOR_ARCS(p, w, r, s, q)                                                        \
    for (int r = 0; r < (w)->nregions; r++)                                            \
        if (rf__match_region(w, &(p)->origins, r))                                     \
            for (int s = 0; s < (w)->nregions; s++)                                    \
                if (s != r && rf__match_region(w, &(p)->dests, s))                     \
                    for (int q = 0; q < (w)->nproducts; q++)                           \
                        if (rf__match_product(w, &(p)->products, q))

static rf_status apply_exemption(const rf_policy *p, int index, const rf_world *w, double frac,
                                 const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    (void)index;
    (void)err;
    if (p->tariffs.n > 0) return RF_OK; /* lifts only the tariffs it names: see the runner */
    return rf__exemption_mark(p, w, frac, in->arc_exempt, in);
}

rf_status rf__exemption_mark(const rf_policy *p, const rf_world *w, double frac, double *exempt,
                             const rf_year_input *in)
{
    FOR_ARCS(p, w, r, s, q) {
        size_t a = RF_ARC(in, r, s, q);
        if (frac > exempt[a]) exempt[a] = frac;
    }
    return RF_OK;
}

int rf__exemption_lifts(const rf_policy *ex, const rf_policy *tariff)
{
    if (ex->kind != RF_POL_EXEMPTION || tariff->kind != RF_POL_TARIFF) return 0;
    if (ex->tariffs.n == 0) return 1;
    return tariff->name && rf__match_id(&ex->tariffs, tariff->name);
}

static rf_status apply_tariff(const rf_policy *p, int index, const rf_world *w, double frac,
                              const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    (void)index;
    (void)err;
    FOR_ARCS(p, w, r, s, q) {
        size_t a = RF_ARC(in, r, s, q);
        double eff = frac - in->arc_exempt[a];
        if (eff <= 0.0) continue;
        in->arc_rate[a] += p->rate * eff;
        in->arc_specific[a] += p->specific * eff;
    }
    return RF_OK;
}

/* The share of an arc's ad valorem wedge that is export tax. */
static double xtax_share(const rf_year_input *in, size_t a)
{
    return in->arc_rate[a] > 0.0 && in->arc_xrate[a] > 0.0 ? in->arc_xrate[a] / in->arc_rate[a] : 0.0;
}

/* Revenue per importer: flow x the tariff wedge in force (the wedge less its
 * export-tax share), in USD (t x USD/kg x 1000). */
static rf_status report_revenue(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                                const rf_policy_state *state, rf_year_result *out, rf_err *err)
{
    (void)state;
    (void)sc;
    if (!out->tariff_revenue) {
        out->tariff_revenue = calloc((size_t)w->nregions + 1, sizeof *out->tariff_revenue);
        if (!out->tariff_revenue) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int i = 0; i < out->ntrade; i++) {
        const rf_trade_flow *t = &out->trade[i];
        size_t a = RF_ARC(in, t->from, t->to, t->product);
        out->tariff_revenue[t->to] +=
            t->t * (in->arc_specific[a] + in->arc_wedge[a] * (1.0 - xtax_share(in, a))) * 1000.0;
    }
    return RF_OK;
}

/* ---------- export tax ---------- */

static rf_status validate_xtax(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    rf_status st = rf__check_regions(w, &p->origins, file, p->line, "export_taxes.exporter", err);
    if (st == RF_OK) st = rf__check_regions(w, &p->dests, file, p->line, "export_taxes.destinations", err);
    if (st == RF_OK) st = rf__check_products(w, &p->products, file, p->line, "export_taxes.products", err);
    return st;
}

/* Time-weighted like a tariff, but blind to arc_exempt. */
static rf_status apply_xtax(const rf_policy *p, int index, const rf_world *w, double frac,
                            const rf_policy_state *state, rf_year_input *in, rf_err *err)
{
    (void)state;
    (void)index;
    (void)err;
    FOR_ARCS(p, w, r, s, q) {
        size_t a = RF_ARC(in, r, s, q);
        in->arc_rate[a] += p->rate * frac;
        in->arc_xrate[a] += p->rate * frac;
    }
    return RF_OK;
}

/* Revenue per exporter: flow x the export-tax share of the wedge, in USD. */
static rf_status report_xtax(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                             const rf_policy_state *state, rf_year_result *out, rf_err *err)
{
    (void)state;
    (void)sc;
    if (!out->export_tax_revenue) {
        out->export_tax_revenue = calloc((size_t)w->nregions + 1, sizeof *out->export_tax_revenue);
        if (!out->export_tax_revenue) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int i = 0; i < out->ntrade; i++) {
        const rf_trade_flow *t = &out->trade[i];
        size_t a = RF_ARC(in, t->from, t->to, t->product);
        out->export_tax_revenue[t->from] += t->t * in->arc_wedge[a] * xtax_share(in, a) * 1000.0;
    }
    return RF_OK;
}

static const char *no_effect_xtax(const rf_policy *p, const rf_world *w, char *buf, size_t size)
{
    (void)w, (void)buf, (void)size;
    return p->rate == 0.0 ? "an export tax of 0" : NULL;
}

const rf_policy_ops rf__export_tax_ops = {"export_tax", validate_xtax, apply_xtax, report_xtax, NULL, NULL,
                                          no_effect_xtax};

static const char *no_effect_tariff(const rf_policy *p, const rf_world *w, char *buf, size_t size)
{
    (void)w, (void)buf, (void)size;
    return p->rate == 0.0 && p->specific == 0.0 ? "a tariff of 0" : NULL;
}

const rf_policy_ops rf__tariff_ops = {"tariff", validate, apply_tariff, report_revenue, NULL, NULL, no_effect_tariff};
const rf_policy_ops rf__exemption_ops = {"exemption", validate, apply_exemption, NULL, NULL, NULL, NULL};
