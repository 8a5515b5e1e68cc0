/*
 * check.c: the levers of a scenario against the world they run on, before
 * any year is solved (rf_policy_check in rareflow/policy.h).
 *
 * Errors (exit 2): a name the world does not have (each kind's `validate`),
 * a second sourcing or content rule, a trade lever that covers no arc at all
 * (a tariff from CN to CN).
 * Warnings (the run goes on; docs/policies.md lists them): a lever with no
 * effect (each kind's `no_effect` says when: a zero tariff, a shock of
 * factor 1, a collection lever that raises no rate of the data, ...), one
 * in force in none of the run's years, an exact repeat of another lever,
 * export controls that overlap on an arc (the tighter one binds: a ban
 * closes the arc whatever else applies), an exemption that lifts no tariff,
 * and an investment lever that covers no project of the world.  Overlaps
 * are found from per-lever masks of exporters, destinations and products,
 * never arc by arc, so 1,000 levers cost milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/levers.h"
#include "policy/select.h"
#include "rareflow/policy.h"

/* What a trade lever covers: origins, destinations and products. */
typedef struct cover {
    unsigned char *from, *to, *prod; /* [nr], [nr], [np] */
} cover;

static int is_trade(rf_policy_kind k)
{
    return k == RF_POL_TARIFF || k == RF_POL_EXEMPTION || k == RF_POL_EXPORT_CONTROL || k == RF_POL_SANCTION ||
           k == RF_POL_EXPORT_TAX;
}

static void fill_cover(const rf_world *w, const rf_policy *p, cover *c)
{
    static const rf_idlist all = {NULL, 0};
    for (int r = 0; r < w->nregions; r++) {
        c->from[r] = (unsigned char)rf__match_region(w, &p->origins, r);
        c->to[r] = (unsigned char)rf__match_region(w, &p->dests, r);
    }
    const rf_idlist *prods = p->kind == RF_POL_SANCTION ? &all : &p->products;
    for (int q = 0; q < w->nproducts; q++) c->prod[q] = (unsigned char)rf__match_product(w, prods, q);
}

/* Whether the arcs of a and b share one (r -> s, s != r, product): both ways
 * for sanctions, which close trade in both directions. */
static int share_arc(const rf_world *w, const cover *a, const cover *b)
{
    int any_prod = 0;
    for (int q = 0; q < w->nproducts && !any_prod; q++) any_prod = a->prod[q] && b->prod[q];
    if (!any_prod) return 0;
    int nfrom = 0, nto = 0, from = -1, to = -1;
    for (int r = 0; r < w->nregions; r++) {
        if (a->from[r] && b->from[r]) nfrom++, from = r;
        if (a->to[r] && b->to[r]) nto++, to = r;
    }
    return nfrom > 0 && nto > 0 && (nfrom > 1 || nto > 1 || from != to);
}

static int same_list(const rf_idlist *a, const rf_idlist *b)
{
    if (a->n != b->n) return 0;
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->ids[i], b->ids[i])) return 0;
    return 1;
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Everything but the name and the line. */
static int same_lever(const rf_policy *a, const rf_policy *b)
{
    return a->kind == b->kind && a->from == b->from && a->to == b->to && a->mode == b->mode &&
           same_list(&a->origins, &b->origins) && same_list(&a->dests, &b->dests) &&
           same_list(&a->products, &b->products) && same_str(a->facility, b->facility) &&
           same_str(a->stage, b->stage) && same_str(a->sector, b->sector) && same_str(a->payer, b->payer) &&
           a->rate == b->rate && a->specific == b->specific && a->quota_t == b->quota_t &&
           a->basis_reo == b->basis_reo &&
           a->share == b->share && a->factor == b->factor && a->price == b->price &&
           a->volume_t == b->volume_t && a->upside_share == b->upside_share &&
           a->initial_t == b->initial_t && a->target_t == b->target_t && a->fill_price == b->fill_price &&
           a->fill_rate_t == b->fill_rate_t && a->release_price == b->release_price &&
           a->release_rate_t == b->release_rate_t && same_list(&a->demand_spec, &b->demand_spec) &&
           same_list(&a->exclude, &b->exclude) && same_list(&a->members, &b->members) &&
           a->tariff_free == b->tariff_free && same_list(&a->projects, &b->projects) &&
           same_list(&a->tariffs, &b->tariffs) &&
           same_list(&a->stages, &b->stages) && a->amount_usd == b->amount_usd && a->loan_rate == b->loan_rate &&
           a->market_rate == b->market_rate && a->tenor_years == b->tenor_years &&
           a->grace_years == b->grace_years && a->ebitda_usd == b->ebitda_usd && a->years == b->years &&
           a->cut_years == b->cut_years && a->cut_share == b->cut_share && a->capex_premium == b->capex_premium &&
           a->delay_years == b->delay_years && a->ramp_stretch == b->ramp_stretch &&
           same_list(&a->sectors, &b->sectors) && a->collection_rate == b->collection_rate;
}

const char *rf__policy_section(rf_policy_kind kind)
{
    switch (kind) {
    case RF_POL_TARIFF: return "tariffs";
    case RF_POL_EXEMPTION: return "exemptions";
    case RF_POL_EXPORT_CONTROL: return "export_controls";
    case RF_POL_SANCTION: return "sanctions";
    case RF_POL_OUTAGE:
    case RF_POL_DEMAND: return "shocks";
    case RF_POL_FLOOR: return "price_floors";
    case RF_POL_OFFTAKE: return "offtakes";
    case RF_POL_STOCKPILE: return "stockpiles";
    case RF_POL_SOURCING: return "sourcing_rules";
    case RF_POL_CONTENT: return "content_rules";
    case RF_POL_GRANT: return "grants";
    case RF_POL_LOAN: return "loans";
    case RF_POL_EQUITY: return "equity";
    case RF_POL_GUARANTEE: return "ebitda_guarantees";
    case RF_POL_PERMITTING: return "permitting";
    case RF_POL_TECH_BAN: return "technology_bans";
    case RF_POL_PROJECT_BLOCK: return "project_blocks";
    case RF_POL_COLLECTION: return "collection";
    case RF_POL_EXPORT_TAX: return "export_taxes";
    default: return "levers";
    }
}

/* Whether an investment lever covers at least one project of the world. */
static int covers_any(const rf_world *w, const rf_policy *p)
{
    for (int j = 0; j < w->nprojects; j++)
        if (rf__invest_covers(p, w, j)) return 1;
    return 0;
}

static int in_force(const rf_scenario *sc, const rf_policy *p)
{
    for (int i = 0; i < sc->nyears; i++)
        if (rf_policy_year_fraction(p->from, p->to, sc->years[i]) > 0.0) return 1;
    return 0;
}

/* The first year before the scenario's first in which the lever is in force
 * and that a run steps without reporting it (from the world's base year), or
 * 0 when there is none. */
static int in_force_unreported(const rf_scenario *sc, const rf_policy *p)
{
    for (int y = RF_WORLD_BASE_YEAR; y < sc->years[0]; y++)
        if (rf_policy_year_fraction(p->from, p->to, y) > 0.0) return y;
    return 0;
}

static int dates_overlap(const rf_policy *a, const rf_policy *b)
{
    return a->from < b->to && b->from < a->to;
}

/* The warnings that need two levers: repeats, overlapping controls, idle exemptions. */
static void pair_warnings(const rf_scenario *sc, const rf_world *w, const cover *cv, rf_warnings *warn)
{
    for (int i = 0; i < sc->npolicies; i++) {
        const rf_policy *a = &sc->policies[i];
        int lifts = 0;
        for (int j = 0; j < sc->npolicies; j++) {
            const rf_policy *b = &sc->policies[j];
            if (j < i && same_lever(a, b)) {
                rf_warnings_add(warn, sc->file, a->line, rf__policy_section(a->kind),
                                "repeats the lever at line %d: both apply (tariffs and factors add up)", b->line);
                break;
            }
            if (a->kind == RF_POL_EXEMPTION && b->kind == RF_POL_TARIFF && dates_overlap(a, b) &&
                rf__exemption_lifts(a, b) && share_arc(w, &cv[i], &cv[j]))
                lifts = 1;
            if (j > i && a->kind == RF_POL_EXPORT_CONTROL && b->kind == RF_POL_EXPORT_CONTROL &&
                dates_overlap(a, b) && share_arc(w, &cv[i], &cv[j])) {
                const rf_policy *ban = a->mode == RF_CTRL_BAN ? a : b->mode == RF_CTRL_BAN ? b : NULL;
                rf_warnings_add(warn, sc->file, b->line, rf__policy_section(b->kind),
                                "overlaps the export control at line %d on some arc and dates: %s", a->line,
                                ban ? "the ban binds there, whatever else applies"
                                    : "the tighter of the two binds there");
            }
        }
        if (a->kind == RF_POL_EXEMPTION && !lifts)
            rf_warnings_add(warn, sc->file, a->line, "exemptions", "lifts no tariff of the scenario");
    }
}

/* Every tariff an exemption names is the name of a tariff of the scenario. */
static rf_status check_named_tariffs(const rf_scenario *sc, const rf_policy *ex, rf_err *err)
{
    for (int n = 0; n < ex->tariffs.n; n++) {
        const char *id = ex->tariffs.ids[n];
        int found = !strcmp(id, "*");
        for (int k = 0; k < sc->npolicies && !found; k++)
            found = sc->policies[k].kind == RF_POL_TARIFF && sc->policies[k].name && !strcmp(sc->policies[k].name, id);
        if (!found)
            return rf_err_set(err, RF_EINVAL, sc->file, ex->line, "exemptions.tariffs",
                              "no tariff of the scenario is named `%s`", id);
    }
    return RF_OK;
}

rf_status rf_policy_check(const rf_scenario *sc, const rf_world *w, rf_warnings *warn, rf_err *err)
{
    for (int i = 0; i < sc->npolicies; i++) {
        const rf_policy *p = &sc->policies[i];
        const rf_policy_ops *ops = rf_policy_ops_of(p->kind);
        rf_status st = ops ? ops->validate(p, w, sc->file, err)
                           : rf_err_set(err, RF_EINTERNAL, sc->file, p->line, NULL, "unknown lever kind");
        if (st == RF_OK && (p->kind == RF_POL_SOURCING || p->kind == RF_POL_CONTENT))
            st = rf__sourcing_check_unique(sc, p, err);
        if (st == RF_OK && p->kind == RF_POL_EXEMPTION) st = check_named_tariffs(sc, p, err);
        if (st != RF_OK) return st;
    }
    size_t nr = (size_t)w->nregions, np = (size_t)w->nproducts, per = 2 * nr + np;
    cover *cv = calloc((size_t)sc->npolicies + 1, sizeof *cv);
    unsigned char *bytes = calloc((size_t)sc->npolicies * per + 1, 1);
    if (!cv || !bytes) {
        free(cv);
        free(bytes);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    rf_status st = RF_OK;
    for (int i = 0; st == RF_OK && i < sc->npolicies; i++) {
        const rf_policy *p = &sc->policies[i];
        const char *sec = rf__policy_section(p->kind);
        cv[i] = (cover){bytes + (size_t)i * per, bytes + (size_t)i * per + nr, bytes + (size_t)i * per + 2 * nr};
        if (is_trade(p->kind)) {
            fill_cover(w, p, &cv[i]);
            if (!share_arc(w, &cv[i], &cv[i]))
                st = rf_err_set(err, RF_EINVAL, sc->file, p->line, sec,
                                "covers no arc: its origins and destinations name only one and the same region");
        }
        /* Each kind knows when its lever does nothing (its ops' no_effect). */
        const rf_policy_ops *ops = rf_policy_ops_of(p->kind);
        char buf[RF_ERR_MSG_MAX];
        const char *why = st == RF_OK && ops->no_effect ? ops->no_effect(p, w, buf, sizeof buf) : NULL;
        if (why) rf_warnings_add(warn, sc->file, p->line, sec, "has no effect (%s)", why);
        if (st == RF_OK && ops->terms && !covers_any(w, p))
            rf_warnings_add(warn, sc->file, p->line, sec, "covers no project of the world (%d projects)",
                            w->nprojects);
        if (st == RF_OK && !in_force(sc, p))
            rf_warnings_add(warn, sc->file, p->line, sec, "is in force in none of the years run (%d..%d)",
                            sc->years[0], sc->years[sc->nyears - 1]);
        /* A run starts from the base year and steps the years before the
         * first asked for without reporting them: a lever in force there acts
         * (a stock fills, trade adapts) but its figures, its government cost
         * among them, are in no reported year. */
        int hidden = st == RF_OK ? in_force_unreported(sc, p) : 0;
        if (hidden) {
            char span[32];
            if (hidden == sc->years[0] - 1) snprintf(span, sizeof span, "%d", hidden);
            else snprintf(span, sizeof span, "%d..%d", hidden, sc->years[0] - 1);
            rf_warnings_add(warn, sc->file, p->line, sec,
                            "is in force from %d, before the first year reported (%d): its effects carry over but "
                            "its figures for %s (government cost included) are not reported; give it a `from` "
                            "date or report from %d",
                            hidden, sc->years[0], span, hidden);
        }
    }
    if (st == RF_OK && warn) pair_warnings(sc, w, cv, warn);
    free(cv);
    free(bytes);
    return st;
}
