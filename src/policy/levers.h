/*
 * policy/levers.h: the ops tables of the lever modules, for the runner's
 * registry (internal to the policy layer).
 */
#ifndef RF_POLICY_LEVERS_H
#define RF_POLICY_LEVERS_H

#include "rareflow/policy.h"

extern const rf_policy_ops rf__exemption_ops, rf__tariff_ops, rf__export_tax_ops; /* tariff.c */
extern const rf_policy_ops rf__export_control_ops, rf__sanction_ops;   /* export_control.c */
extern const rf_policy_ops rf__outage_ops, rf__demand_ops;             /* shock.c */
extern const rf_policy_ops rf__floor_ops, rf__offtake_ops, rf__stockpile_ops; /* support.c */
extern const rf_policy_ops rf__sourcing_ops, rf__content_ops;          /* sourcing.c */
extern const rf_policy_ops rf__grant_ops, rf__loan_ops, rf__equity_ops, rf__guarantee_ops,
    rf__permitting_ops, rf__tech_ban_ops, rf__project_block_ops;          /* invest.c */
extern const rf_policy_ops rf__collection_ops;                         /* collection.c */

/* Share of the window `in` solves (its year, or one period of it) that lever
 * p's dates cover, 0..1 (rf_policy_window_fraction). */
double rf__window_fraction(const rf_policy *p, const rf_year_input *in);

/* The share of a year's quantities (t/yr) that fall in the window `in`
 * solves: 1 / nperiods, exactly 1 for a whole year. */
double rf__period_share(const rf_year_input *in);

/* Mark the share `frac` of the year on every arc exemption p covers into
 * exempt[narcs] (the larger share wins). */
rf_status rf__exemption_mark(const rf_policy *p, const rf_world *w, double frac, double *exempt,
                             const rf_year_input *in);

/* Whether exemption `ex` lifts tariff `tariff`: every tariff when it names
 * none, else only the tariffs it names ("*" in its list matches every named
 * tariff). */
int rf__exemption_lifts(const rf_policy *ex, const rf_policy *tariff);

/* The scenario section a kind is written in ("tariffs", "shocks", ...), for
 * the field of an error or a warning. */
const char *rf__policy_section(rf_policy_kind kind);

/* A scenario has at most one sourcing or content rule: RF_EINVAL naming the
 * second one's line otherwise. */
rf_status rf__sourcing_check_unique(const rf_scenario *sc, const rf_policy *p, rf_err *err);

/* Whether investment lever `p` covers project `project` (index into
 * w->projects): its projects, regions and stages all match (a technology ban:
 * the project's region is outside the banning ones).  Dates are not looked at. */
int rf__invest_covers(const rf_policy *p, const rf_world *w, int project);

#endif
