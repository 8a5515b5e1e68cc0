/*
 * rareflow/policy.h: the levers of a scenario and the year they shape.
 *
 * Each of the twelve market lever kinds of rf_policy_kind (exemption, tariff,
 * export tax, export control, sanction, outage, demand shock, price floor,
 * offtake, stockpile, sourcing rule, content rule) belongs to a module in
 * src/policy/ (tariff.c, export_control.c, shock.c, support.c, sourcing.c) that fills one
 * small ops table per kind: validate its parameters against the world, write
 * its effect into the year's inputs as data (wedges, caps, quota rows,
 * capacity and demand factors, activity floors, extra columns, compliant
 * variants; never touching the LP), and report who paid what.  The seven
 * investment levers (grant, loan, equity, EBITDA guarantee, permitting,
 * technology ban, project block: invest.c) leave the year's inputs alone and
 * change the terms on which projects are decided (rf_policy_project_terms).
 * The collection lever (collection.c) leaves them alone too and raises the
 * end-of-life collection rate the simulation uses (rf_policy_collection_rate).
 * check.c checks a whole scenario before it runs (errors and warnings).  The
 * runner solves a year with them: a pre-solve where a licence or a part-year
 * control needs the flow it would have had, and the secant iteration of ad
 * valorem tariffs (docs/policies.md).
 */
#ifndef RAREFLOW_POLICY_H
#define RAREFLOW_POLICY_H

#include <stddef.h>

#include "rareflow/error.h"
#include "rareflow/market.h"
#include "rareflow/results.h"
#include "rareflow/scenario.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What carries from one year of a run to the next in the levers: the
 * strategic stocks.  Owned by the caller (the simulation); one per run. */
typedef struct rf_policy_state {
    double *stock_t;   /* [npolicies] stock of each stockpile lever, t */
    int n;
} rf_policy_state;

/* A state at the start of a run (stocks at their initial level); owned. */
rf_policy_state *rf_policy_state_new(const rf_scenario *sc, rf_err *err);
void rf_policy_state_free(rf_policy_state *st);

/*
 * The terms on which a project would be built if decided in a year: what the
 * investment levers in force make of its capex, lead time and ramp, whether
 * it may be built at all, and the support it gets.  The simulation starts
 * from the project's own terms (rf_policy_project_terms) and values it with
 * these (rareflow/finance.h).
 */
typedef struct rf_project_terms {
    double capex_usd;          /* after technology-ban premiums */
    int lead_time_years;       /* after permitting cuts and ban delays, >= 1 */
    double ramp_stretch;       /* >= 1: the ramp takes this many times longer */
    int blocked;               /* a project block in force: never decided */
    /* Support (the finance module's form): grant, loan, equity, EBITDA guarantee. */
    double grant_share, grant_usd;
    double loan_share, loan_rate, loan_market_rate;
    int loan_tenor_years, loan_grace_years;
    double equity_share;
    double ebitda_guarantee_usd;
    int ebitda_years;
    /* Who pays each (a region index, -1 for none) and which lever it is (an
     * index into the scenario's policies, -1 for none): for government_cost. */
    int grant_payer, loan_payer, equity_payer, guarantee_payer;
    int grant_policy, loan_policy, equity_policy, guarantee_policy;
} rf_project_terms;

typedef struct rf_policy_ops {
    const char *name;
    /* Every region, product and facility the lever names exists; RF_EINVAL with
     * the scenario file, the lever's line and field otherwise. */
    rf_status (*validate)(const rf_policy *p, const rf_world *w, const char *file, rf_err *err);
    /* Write the lever's effect over `frac` of the year (0 < frac <= 1) into
     * `in`; `index` is the lever's position in the scenario.  NULL for the
     * kinds that leave the year's inputs alone (the investment levers,
     * collection): they are still listed in policies_active. */
    rf_status (*apply)(const rf_policy *p, int index, const rf_world *w, double frac,
                       const rf_policy_state *state, rf_year_input *in, rf_err *err);
    /* After the final solve: what the kind's levers cost whom, into `out`.
     * Reads the state as it was at the start of the year.  Called once per
     * kind that was active; may be NULL. */
    rf_status (*report)(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                        const rf_policy_state *state, rf_year_result *out, rf_err *err);
    /* After the report: carry what the year changed into `state` (a stock
     * filled or drawn).  Called once per kind that was active; may be NULL. */
    rf_status (*update)(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                        const rf_year_result *out, rf_policy_state *state, rf_err *err);
    /* For investment levers: change the terms of project `project` (index into
     * w->projects) decided in `year`, when the lever covers it.  May be NULL. */
    void (*terms)(const rf_policy *p, int index, const rf_world *w, int project, int year,
                  rf_project_terms *t);
    /* Why lever `p`, as written, changes nothing ("a tariff of 0"), or NULL
     * when it has an effect: rf_policy_check warns "has no effect (why)".
     * Returns a constant or buf, where it wrote the words (buf[size]).  May be
     * NULL: every lever of the kind has an effect. */
    const char *(*no_effect)(const rf_policy *p, const rf_world *w, char *buf, size_t size);
} rf_policy_ops;

/* The ops table of a lever kind. */
const rf_policy_ops *rf_policy_ops_of(rf_policy_kind kind);

/*
 * Check every lever of the scenario against the world before a year is run
 * (src/policy/check.c): every region, product and facility named exists, at
 * most one sourcing or content rule, every trade lever covers an arc
 * (RF_EINVAL with file, line and field otherwise).  Levers that are accepted
 * but probably not meant (no effect, in force in no year of the run, a
 * repeat, export controls overlapping on an arc, an exemption that lifts no
 * tariff, an investment lever that covers no project) are added to `warn`
 * (may be NULL).
 */
rf_status rf_policy_check(const rf_scenario *sc, const rf_world *w, rf_warnings *warn, rf_err *err);

/*
 * The terms of project `project` decided in `year`: its own (capex, lead time,
 * no support) changed by every investment lever in force in `year` that
 * covers it, in the scenario's order (src/policy/invest.c, docs/policies.md).
 *
 * sc       the scenario (its levers checked by rf_policy_check); may be NULL: no lever
 * w        the world
 * project  index into w->projects, 0..nprojects-1
 * year     the decision year
 * t        out: every field written.  Grants add up; a later loan, equity stake
 *          or guarantee replaces an earlier one; permitting cuts and ban delays
 *          apply in order.  On return t satisfies rf_finance_cash_flows'
 *          rules: grant share + grant amount / capex <= 1, and the loan share
 *          at most what the grant leaves; lead time >= 1 year; capex <=
 *          RF_FIN_MAX_USD; lead time and ramp stretch <= RF_FIN_MAX_YEARS.
 *          Payers and policies of supports not given are -1.
 */
void rf_policy_project_terms(const rf_scenario *sc, const rf_world *w, int project, int year,
                             rf_project_terms *t);

/*
 * The collection rate of the magnets of `sector` in `region` that leave use
 * in `year`: the highest of `base` and the rates of the collection levers in
 * force in any part of `year` that cover (region, sector)
 * (src/policy/collection.c, docs/policies.md).  A lever never lowers it.
 *
 * sc      the scenario (its levers checked by rf_policy_check); may be NULL: `base`
 * w       the world
 * region  index into w->regions, 0..nregions-1
 * sector  a sector id (as in demand.csv and lifetimes.csv); borrowed
 * year    the year the magnets leave use (their scrap is offered the year after)
 * base    the data's rate (lifetimes.csv collection_rate), 0..1
 * Returns a share within [base, 1].
 */
double rf_policy_collection_rate(const rf_scenario *sc, const rf_world *w, int region, const char *sector,
                                 int year, double base);

/* The most solves the tariff iteration makes before a year is not_converged. */
#define RF_TARIFF_MAX_ITER 60

/*
 * Solve the year whose inputs the caller prepared (rf_year_input_init and
 * whatever the caller changes: the simulation's capacities, grown demand,
 * end-of-life scrap) with every lever of the scenario in force that year
 * applied on top, into `out` (cleared first).  `state` (may be NULL) gives
 * the stocks at the start of the year and is NOT updated: call
 * rf_policy_update_state after.  Same statuses as rf_policy_solve_year.
 */
rf_status rf_policy_solve_input(rf_market *m, const rf_world *w, const rf_scenario *sc, rf_year_input *in,
                                const rf_policy_state *state, rf_year_result *out, const char *mps_path,
                                rf_err *err);

/*
 * Carry the solved year `out` into `state`: each active lever kind's update
 * (a stockpile's new stock).  `in` is the year's input as solved.
 */
rf_status rf_policy_update_state(const rf_scenario *sc, const rf_world *w, const rf_year_input *in,
                                 const rf_year_result *out, rf_policy_state *state, rf_err *err);

/*
 * Solve `year` of the scenario on market `m` with every lever active that
 * year, into `out` (cleared first).  A year whose tariff iteration does not
 * converge gets status RF_YEAR_NOT_CONVERGED and no numbers.  `state` carries
 * the stocks from year to year (NULL: a run of this one year).  `mps_path`, when
 * not NULL, receives the final LP.  Returns RF_OK or a failure of the solve.
 */
rf_status rf_policy_solve_year(rf_market *m, const rf_world *w, const rf_scenario *sc, int year,
                               rf_policy_state *state, rf_year_result *out, const char *mps_path,
                               rf_err *err);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_POLICY_H */
