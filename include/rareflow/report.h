/*
 * rareflow/report.h: human-readable renderings of a run's results.
 *
 * The report layer only formats: every number it prints was computed by the
 * market or analytics and stored in rf_results.  Numbers are printed in the
 * C locale whatever setlocale says.  Each function returns RF_OK, or RF_EIO
 * when the stream failed (a full disk, a closed pipe).
 */
#ifndef RAREFLOW_REPORT_H
#define RAREFLOW_REPORT_H

#include <stdio.h>

#include "rareflow/analytics.h"
#include "rareflow/montecarlo.h"
#include "rareflow/error.h"
#include "rareflow/results.h"
#include "rareflow/sim.h"
#include "rareflow/stock.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Print the run summary to `fp`: per year the status; per stage the total,
 * HHI and top producers with their shares (naming each stage's unit); key
 * prices by region; and shortage and demand response by sector.
 * `data_dir` is shown in the heading (may be NULL).
 */
rf_status rf_report_summary(FILE *fp, const rf_results *res, const char *data_dir, rf_err *err);

/* Print a year's element balance: one table per element group (t REO-eq and
 * China's share at each stage), then the closure. */
/* `rareflow trace`: the provenance of (region, product) in `yr`, stage by
 * stage, and its touched share. */
rf_status rf_report_trace(FILE *fp, const rf_world *w, const char *scenario, const rf_year_result *yr, int region,
                          int product, rf_err *err);

rf_status rf_report_balance(FILE *fp, const char *scenario, int year, const rf_balance *b,
                            rf_err *err);

/* Print the differences between runs A and B, year by year and table by table. */
rf_status rf_report_comparison(FILE *fp, const char *name_a, const char *name_b,
                               const rf_comparison *c, rf_err *err);

/*
 * Print one project's economics (rf_sim_value_project): a header (project,
 * operator, region, stage, decision year, first production, capex, discount
 * rate, recipe, whether the run decided it), the NPV, the IRR (or why there
 * is none), the payback (or "never"), the government's cost in present
 * value, then a table by calendar year of the main cash-flow lines in MUSD
 * with their totals.  decided_by_run is the year the run itself decided the
 * project, at or before v->decided, or 0 for none.
 */
rf_status rf_report_project(FILE *fp, const rf_world *w, const char *scenario, const rf_project_value *v,
                            int decided_by_run, rf_err *err);

/*
 * Print one project's finance (rareflow finance, rf_sim_project_finance): a
 * header (project, scenario, decision year, prices, discount rate), the NPV,
 * IRR (or why there is none), payback, the NdPr break-even floor (or why there
 * is none), the NPV's sensitivities, then a table by calendar year of capex,
 * revenue, opex, tax, support and the investor's net cash flow in MUSD with
 * their totals.  v is the value f was made from.
 */
rf_status rf_report_finance(FILE *fp, const rf_world *w, const char *scenario, const rf_project_value *v,
                            const rf_project_finance *f, rf_err *err);

/* Print the id of every project of `w` (the facility ids of projects.csv, then
 * the generic candidates of candidates.csv), one a line, nothing else. */
rf_status rf_report_project_ids(FILE *fp, const rf_world *w, rf_err *err);

/*
 * Print a dynamic stock model's series as a table: year index, inflow, stock
 * at the end of the year, outflow; then the totals.  inflow, stock and
 * outflow are [n] each (rf_stock_inflow_driven); lt is what they were
 * computed with.
 */
rf_status rf_report_stock(FILE *fp, const rf_stock_lifetime *lt, const double *inflow, const double *stock,
                          const double *outflow, int n, rf_err *err);

/*
 * `rareflow mc` as text (mc.c): per watched headline (NdPr, Dy and Tb oxide in
 * CN and US, US magnet prices, shortage totals, China's shares) a table by
 * year of P5 / P50 / P95, then the top drivers of each at the last year.
 */
rf_status rf_report_mc(FILE *fp, const char *scenario, const rf_mc_draws *d, const rf_mc_summary_t *s, rf_err *err);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_REPORT_H */
