/*
 * invest.c: the investment levers (issue 9, section 5): grants, concessional
 * loans, government equity, EBITDA guarantees, permitting reform, technology
 * export bans and project blocks.
 *
 * They leave every year's LP alone (they have no `apply`, and still show in
 * `policies_active`): what they change is the terms on which a
 * project would be built if decided in a year.  rf_policy_project_terms
 * starts from the project's own capex, lead time and ramp, with no support,
 * and lets each lever in force in that year (rf_policy_year_fraction > 0)
 * that covers the project change them, in the scenario's order.  The
 * simulation (src/sim/invest.c) values the project on those terms with the
 * finance core (rareflow/finance.h), which also gives the government's cost
 * of each support year by year: the grant as paid, the subsidy value of the
 * loan, the equity calls less the dividends, the EBITDA top-up.
 *
 * Coverage.  A lever covers a project when its three lists all match: the
 * facility id of the project (a projects.csv row or a candidates.csv block),
 * the region of its plant (`regions`, kept in `origins`) and its stage; an
 * empty list matches everything and "*" matches anything.  A technology
 * ban turns the region test around: it covers the projects OUTSIDE the
 * banning regions (`exporter`), since the ban withholds the exporter's
 * technology from everyone else.
 *
 * How levers combine.  Grants add up (two programmes can fund one plant;
 * the last one's payer is reported for the sum).  A loan, an equity stake
 * or a guarantee replaces an earlier one of its kind (a project takes one
 * loan of a lender, one government stake, one guarantee).  Permitting cuts
 * and ban delays move the lead time one after the other; ban premiums and
 * stretches multiply.  A block blocks.  The result is then put within what
 * the finance core accepts: grants and loans together pay at most the capex
 * (the grant first, the loan what is left), the lead time at least one year.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "policy/levers.h"
#include "policy/select.h"
#include "rareflow/finance.h"
#include "rareflow/limits.h"
#include "rareflow/policy.h"

static int has_payer(rf_policy_kind k)
{
    return k == RF_POL_GRANT || k == RF_POL_LOAN || k == RF_POL_EQUITY || k == RF_POL_GUARANTEE;
}

int rf__invest_covers(const rf_policy *p, const rf_world *w, int project)
{
    const rf_facility *fac = &w->facilities[w->projects[project].facility];
    int in_regions = rf__match_region(w, &p->origins, fac->region);
    if (p->kind == RF_POL_TECH_BAN) in_regions = !in_regions;
    return in_regions && rf__match_id(&p->stages, rf_stage_name(fac->stage)) && rf__match_id(&p->projects, fac->id);
}

/* ---------- validate: every name the lever gives exists ---------- */

static rf_status validate_invest(const rf_policy *p, const rf_world *w, const char *file, rf_err *err)
{
    const char *sec = rf__policy_section(p->kind);
    char field[64];
    snprintf(field, sizeof field, "%s.%s", sec, p->kind == RF_POL_TECH_BAN ? "exporter" : "regions");
    rf_status st = rf__check_regions(w, &p->origins, file, p->line, field, err);
    if (st != RF_OK) return st;
    if (has_payer(p->kind) && rf_world_region(w, p->payer ? p->payer : "") < 0) {
        snprintf(field, sizeof field, "%s.payer", sec);
        return rf_err_set(err, RF_EINVAL, file, p->line, field, "unknown region `%s` (the paying government)",
                          p->payer ? p->payer : "");
    }
    snprintf(field, sizeof field, "%s.stages", sec);
    for (int i = 0; i < p->stages.n; i++)
        if (strcmp(p->stages.ids[i], "*") && rf_stage_from_name(p->stages.ids[i]) < 0)
            return rf_err_set(err, RF_EINVAL, file, p->line, field,
                              "unknown stage `%s` (mine, separation, metal, magnet, recycling)", p->stages.ids[i]);
    snprintf(field, sizeof field, "%s.projects", sec);
    for (int i = 0; i < p->projects.n; i++) {
        const char *id = p->projects.ids[i];
        if (!strcmp(id, "*")) continue;
        int f = rf_world_facility(w, id);
        if (f < 0)
            return rf_err_set(err, RF_EINVAL, file, p->line, field,
                              "unknown project `%s` (a facility of projects.csv or a block of candidates.csv)", id);
        if (!w->project_of || w->project_of[f] < 0)
            return rf_err_set(err, RF_EINVAL, file, p->line, field,
                              "facility `%s` is no project: it is in neither projects.csv nor candidates.csv", id);
    }
    return RF_OK;
}

/* ---------- terms: what each lever makes of a project it covers ---------- */

static void terms_grant(const rf_policy *p, int index, const rf_world *w, int project, int year,
                        rf_project_terms *t)
{
    (void)year;
    if (!rf__invest_covers(p, w, project)) return;
    t->grant_share += p->share;
    t->grant_usd += p->amount_usd;
    t->grant_payer = rf_world_region(w, p->payer);
    t->grant_policy = index;
}

static void terms_loan(const rf_policy *p, int index, const rf_world *w, int project, int year,
                       rf_project_terms *t)
{
    (void)year;
    if (!rf__invest_covers(p, w, project)) return;
    int region = w->facilities[w->projects[project].facility].region;
    t->loan_share = p->share;
    t->loan_rate = p->loan_rate;
    /* Without a stated market rate the loan replaces what the project would
     * otherwise pay: its region's discount rate (finance.csv). */
    t->loan_market_rate = p->market_rate >= 0.0 ? p->market_rate : rf_world_finance(w, region).discount_rate;
    t->loan_tenor_years = p->tenor_years;
    t->loan_grace_years = p->grace_years;
    t->loan_payer = rf_world_region(w, p->payer);
    t->loan_policy = index;
}

static void terms_equity(const rf_policy *p, int index, const rf_world *w, int project, int year,
                         rf_project_terms *t)
{
    (void)year;
    if (!rf__invest_covers(p, w, project)) return;
    t->equity_share = p->share;
    t->equity_payer = rf_world_region(w, p->payer);
    t->equity_policy = index;
}

static void terms_guarantee(const rf_policy *p, int index, const rf_world *w, int project, int year,
                            rf_project_terms *t)
{
    (void)year;
    if (!rf__invest_covers(p, w, project)) return;
    t->ebitda_guarantee_usd = p->ebitda_usd;
    t->ebitda_years = p->years;
    t->guarantee_payer = rf_world_region(w, p->payer);
    t->guarantee_policy = index;
}

/* The cut is rounded to whole years (half a year up), since the simulation
 * steps in years; the lead time stays at least one year. */
static void terms_permitting(const rf_policy *p, int index, const rf_world *w, int project, int year,
                             rf_project_terms *t)
{
    (void)index, (void)year;
    if (!rf__invest_covers(p, w, project)) return;
    double cut = floor(p->cut_years + p->cut_share * (double)t->lead_time_years + 0.5);
    double lead = (double)t->lead_time_years - cut;
    t->lead_time_years = lead < 1.0 ? 1 : (int)lead;
}

static void terms_tech_ban(const rf_policy *p, int index, const rf_world *w, int project, int year,
                           rf_project_terms *t)
{
    (void)index, (void)year;
    if (!rf__invest_covers(p, w, project)) return;
    t->capex_usd *= 1.0 + p->capex_premium;
    t->lead_time_years += (int)floor(p->delay_years + 0.5);
    t->ramp_stretch *= p->ramp_stretch;
    /* Bans stack by multiplying: keep the result within what finance reads. */
    if (t->capex_usd > RF_FIN_MAX_USD) t->capex_usd = RF_FIN_MAX_USD;
    if (t->lead_time_years > RF_FIN_MAX_YEARS) t->lead_time_years = RF_FIN_MAX_YEARS;
    if (t->ramp_stretch > RF_FIN_MAX_YEARS) t->ramp_stretch = RF_FIN_MAX_YEARS;
}

static void terms_block(const rf_policy *p, int index, const rf_world *w, int project, int year,
                        rf_project_terms *t)
{
    (void)index, (void)year;
    if (rf__invest_covers(p, w, project)) t->blocked = 1;
}

/* A lever whose terms change nothing (a block always has an effect). */
static const char *no_effect_invest(const rf_policy *p, const rf_world *w, char *buf, size_t size)
{
    (void)w, (void)buf, (void)size;
    switch (p->kind) {
    case RF_POL_GRANT: return p->share == 0.0 && p->amount_usd == 0.0 ? "a grant of 0" : NULL;
    case RF_POL_LOAN:
    case RF_POL_EQUITY: return p->share == 0.0 ? "a share of 0" : NULL;
    case RF_POL_GUARANTEE: return p->ebitda_usd == 0.0 ? "a guaranteed EBITDA of 0" : NULL;
    case RF_POL_PERMITTING:
        /* No whole year even off a lead time of RF_MAX_TERM_YEARS. */
        return floor(p->cut_years + p->cut_share * RF_MAX_TERM_YEARS + 0.5) == 0.0 ? "a cut that rounds to 0 years"
                                                                                    : NULL;
    case RF_POL_TECH_BAN:
        return p->capex_premium == 0.0 && floor(p->delay_years + 0.5) == 0.0 && p->ramp_stretch == 1.0
                   ? "no premium, no delay and no stretch"
                   : NULL;
    default: return NULL;
    }
}

const rf_policy_ops rf__grant_ops = {"grant", validate_invest, NULL, NULL, NULL, terms_grant, no_effect_invest};
const rf_policy_ops rf__loan_ops = {"loan", validate_invest, NULL, NULL, NULL, terms_loan, no_effect_invest};
const rf_policy_ops rf__equity_ops = {"equity", validate_invest, NULL, NULL, NULL, terms_equity, no_effect_invest};
const rf_policy_ops rf__guarantee_ops = {"ebitda_guarantee", validate_invest, NULL, NULL, NULL,
                                         terms_guarantee, no_effect_invest};
const rf_policy_ops rf__permitting_ops = {"permitting", validate_invest, NULL, NULL, NULL,
                                          terms_permitting, no_effect_invest};
const rf_policy_ops rf__tech_ban_ops = {"technology_ban", validate_invest, NULL, NULL, NULL,
                                        terms_tech_ban, no_effect_invest};
const rf_policy_ops rf__project_block_ops = {"project_block", validate_invest, NULL, NULL, NULL,
                                             terms_block, NULL};

/* ---------- the terms of a project ---------- */

/* Grants and loans together pay at most the capex: the grant first (its share,
 * then its amount), the loan what the grant leaves. */
static void fit_support(rf_project_terms *t)
{
    if (t->grant_share > 1.0) t->grant_share = 1.0;
    double left = (1.0 - t->grant_share) * t->capex_usd;
    if (t->grant_usd > left) t->grant_usd = left;
    double g = t->grant_share + (t->capex_usd > 0.0 ? t->grant_usd / t->capex_usd : 0.0);
    if (t->loan_share > 1.0 - g) t->loan_share = 1.0 - g > 0.0 ? 1.0 - g : 0.0;
}

void rf_policy_project_terms(const rf_scenario *sc, const rf_world *w, int project, int year,
                             rf_project_terms *t)
{
    const rf_project *pj = &w->projects[project];
    memset(t, 0, sizeof *t);
    t->capex_usd = pj->capex_usd;
    t->lead_time_years = pj->lead_time_years >= 1 ? pj->lead_time_years : 1;
    t->ramp_stretch = 1.0;
    t->grant_payer = t->loan_payer = t->equity_payer = t->guarantee_payer = -1;
    t->grant_policy = t->loan_policy = t->equity_policy = t->guarantee_policy = -1;
    for (int i = 0; sc && i < sc->npolicies; i++) {
        const rf_policy *p = &sc->policies[i];
        const rf_policy_ops *ops = rf_policy_ops_of(p->kind);
        if (!ops || !ops->terms || rf_policy_year_fraction(p->from, p->to, year) <= 0.0) continue;
        ops->terms(p, i, w, project, year, t);
    }
    fit_support(t);
}
