/*
 * rareflow/output.h: writing a run's results, element balances,
 * comparisons and one project's economics as JSON and CSV.
 *
 * The output layer renders what the market and the analytics computed; it
 * computes nothing itself.  Every number written is finite; a JSON document
 * is built whole in memory before a byte reaches the stream, and a set of CSV
 * tables is written into a staging folder and moved into place only when
 * every table is complete, so a failed run never leaves a half-written
 * result that looks whole.
 */
#ifndef RAREFLOW_OUTPUT_H
#define RAREFLOW_OUTPUT_H

#include <stdio.h>

#include "rareflow/analytics.h"
#include "rareflow/montecarlo.h"
#include "rareflow/error.h"
#include "rareflow/results.h"
#include "rareflow/sim.h"
#include "rareflow/stock.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------- the results database (db_out.c, docs/results.md) ---------- */

/* What a recorded run says about itself; borrowed strings. */
typedef struct rf_run_meta {
    const char *started;       /* UTC, "YYYY-MM-DD HH:MM:SS" */
    const char *scenario;      /* its name */
    const char *scenario_text; /* the scenario file's text ("" for the built-in baseline) */
    const char *dataset;       /* the dataset's fingerprint (folder and a hash of its tables) */
    const char *version;       /* rareflow's */
    const char *status;        /* "complete" */
} rf_run_meta;

/*
 * Record a run in the SQLite database at `path` (created when missing): a
 * `runs` row with `meta`, its JSON `document` (as `run --json` printed it,
 * rf_json_write_results of `res`) and text `summary`, and a table per array of
 * rows of the document's years, keyed by run and year.  The tables are
 * written from `res` year by year (each number at full precision where the
 * document prints 15 significant digits), not by parsing `document` back.
 * One transaction: all or nothing.  *run_id gets the new run's id.  RF_EIO
 * when the database cannot be written.  What `run` and the dashboard's server
 * use.
 */
rf_status rf_db_record_results(const char *path, const rf_run_meta *meta, const rf_results *res, const char *document,
                               const char *summary, long long *run_id, rf_err *err);

/*
 * Record a Monte Carlo run (`rareflow mc`, docs/results.md): a `runs` row
 * with `meta`, the mc JSON `document` (as `mc --json` printed it) and the
 * text `summary`, and the tables mc_inputs (run_id, draw, input, value) and
 * mc_outputs (run_id, draw, metric, year, region, product, sector, stage,
 * value) from the draws `d` (every draw x every metric that has a row in the
 * summary `s`; value NULL for a failed draw or a value the draw lacks), and
 * mc_percentiles and mc_sensitivity: the document's rows keyed by run_id.
 * `d` must be a full set (offset 0, nrows == ndraws: rareflow/montecarlo.h),
 * as the summary's were; RF_EINVAL otherwise.
 * One transaction.  Writes what it is given; computes nothing.
 */
rf_status rf_db_record_mc(const char *path, const rf_run_meta *meta, const char *document, const char *summary,
                          const rf_mc_draws *d, const rf_mc_summary_t *s, long long *run_id, rf_err *err);

/* `rareflow runs`: id, finished time, status and scenario of each recorded run (JSON: {"runs": [...]}). */
rf_status rf_db_list(const char *path, int json, FILE *fp, rf_err *err);

/* `rareflow show RUN`: the stored run as `run` printed it (its JSON document, or its summary). */
rf_status rf_db_show(const char *path, long long id, int json, FILE *fp, rf_err *err);

/* ---------- the HTML report (html_out.c, docs/report.md) ---------- */

/* What a report is made of, read by the caller (the output layer reads no
 * files): the template with its three marks, the style sheet, and the
 * scripts inlined in order (the chart library first).  Borrowed. */
typedef struct rf_report_assets {
    const char *template_name;    /* for error messages */
    const char *template_html;
    const char *style_css;
    const char *const *scripts;
    int nscripts;
} rf_report_assets;

/*
 * Write one self-contained HTML report to `fp`: the template with the style
 * and scripts inlined and the data block <script type="application/json"
 * id="rareflow-data"> holding {"sankey": [{year, run, nodes: [{id, stage,
 * region}], links: [{source, target, t}], loop_t}], ...} and the run
 * document docs[0] (its keys, as `run --json` printed them) or, with two,
 * "runs": [docs[0], docs[1]].  The Sankey is made from each year's
 * stage_flows.  RF_EINVAL for a template without its marks or a document
 * that is not a JSON object, RF_EIO on a write error.
 */
rf_status rf_html_write_report(const rf_report_assets *assets, const char *const *docs, int ndocs, FILE *fp,
                               rf_err *err);

/* Whether `doc` is the document of a Monte Carlo run (`mc --json`: an object
 * with `percentiles` and `draws` and no `years`).  rf_html_write_report
 * writes such a document (alone: ndocs 1) as the data block itself, with no
 * Sankey, into the mc report's template (web/src/mc_report.html). */
int rf_html_is_mc_document(const char *doc);

/*
 * Write the results as one JSON document to `fp` (the contract of
 * docs/cli.md).  Each year (and each period of a year stepped by periods)
 * has, among its tables, `stage_flows`: [{from_stage, from_region, to_stage,
 * to_region, product, sector, t}], the Sankey's links (rf_analytics_stage_flows;
 * from_region "stock" for stocks drawn, to_stage "end_use" for demand served,
 * sector "" but on end-use rows, t in t/yr of the product's unit).  Every
 * number written is finite.  RF_EIO on a write error.
 */
rf_status rf_json_write_results(const rf_results *res, FILE *fp, rf_err *err);

/*
 * Write a year's element balance as one JSON document (docs/cli.md):
 * {"scenario", "year", "lines": [{"element", "stage", "sector", "t", "cn_t",
 * "china_share"}], "closure": [{"element", "inputs_t", "outputs_t",
 * "relative_error"}]}.
 */
/* `rareflow trace --json`: {scenario, year, region, product, focus, provenance:
 * [{region, product, stage, origin, share}], touched: [{region, product,
 * focus, share}]} for (region, product) of the year's result `yr` (whose
 * provenance was traced with `focus`). */
rf_status rf_json_write_trace(const rf_world *w, const char *scenario, const rf_year_result *yr, int region,
                              int product, FILE *fp, rf_err *err);

rf_status rf_json_write_balance(const rf_world *w, const char *scenario, int year,
                                const rf_balance *b, FILE *fp, rf_err *err);

/*
 * Write a comparison of runs A and B as one JSON document (docs/cli.md):
 * {"a", "b", "years": [{"year", "prices": [{"region", "product", "a", "b",
 * "change"}], "shortage": [...], "demand_response": [...], "shares": [...],
 * "tariff_revenue": [...], "export_wedge": [...]}]}.
 */
rf_status rf_json_write_comparison(const char *name_a, const char *name_b, const rf_comparison *c,
                                   FILE *fp, rf_err *err);

/*
 * Write a dynamic stock model's series as one JSON document (docs/cli.md):
 * {"lifetime": {"distribution", "mean_yr" and "sd_yr", or "shape" and
 * "scale_yr": the parameters it takes}, "inflow": [n], "stock": [n],
 * "outflow": [n]}, year i at index i.
 *
 *   lt                       the distribution the series was computed with
 *   inflow, stock, outflow   [n] each (rf_stock_inflow_driven), n >= 1
 *
 * RF_EINTERNAL for a number that is not finite, RF_EIO on a write error.
 */
rf_status rf_json_write_stock(const rf_stock_lifetime *lt, const double *inflow, const double *stock,
                              const double *outflow, int n, FILE *fp, rf_err *err);

/*
 * Write one project's economics as one JSON document (docs/cli.md):
 * {"project", "scenario", "operator", "region", "stage", "decided", "arrives",
 * "earliest_decision", "decided_by_run", "blocked", "recipe", "capex_usd",
 * "discount_rate", "npv_usd", "irr", "irr_note", "payback_years",
 * "payback_year", "gov_cost_pv_usd", "years": [{"year", "capex_usd",
 * "revenue_usd", "opex_usd", "floor_topup_usd", "floor_upside_usd",
 * "royalty_usd", "ebitda_topup_usd", "tax_usd", "grant_usd", "loan_draw_usd",
 * "interest_usd", "principal_usd", "investor_usd", "gov_cost_usd"}],
 * "outputs": [{"product", "volume_t": [..], "price_usd_per_kg": [..]}]}, the
 * outputs' series aligned with "years".  What is not known is null (never
 * NaN): every number of a blocked project, the NPV of one that cannot be
 * valued, an IRR that does not exist (irr_note says why), a payback that
 * never comes.
 *
 *   w               the world v was valued in (ids, names)
 *   scenario        the scenario's name
 *   v               from rf_sim_value_project
 *   decided_by_run  the year the run itself decided the project, at or before
 *                   v->decided, or 0 for none (written as null)
 *
 * RF_EINTERNAL when the document cannot be built, RF_EIO on a write error.
 */
rf_status rf_json_write_project(const rf_world *w, const char *scenario, const rf_project_value *v,
                                int decided_by_run, FILE *fp, rf_err *err);

/*
 * Write one project's finance (rareflow finance) as one JSON document
 * (docs/cli.md): {"project", "scenario", "decided", "arrives", "price_path",
 * "flat_usd_per_kg", "ndpr_product", "discount_rate", "npv_usd", "irr",
 * "irr_reason", "payback_year", "payback_years", "breakeven_floor_usd_per_kg",
 * "breakeven_reason", "sensitivity": {"npv_rate_minus_25bp",
 * "npv_rate_plus_100bp", "npv_prices_minus_20pct", "npv_prices_plus_20pct"},
 * "cashflows": [{"year", "capex_usd", "revenue_usd", "opex_usd", "tax_usd",
 * "support_usd", "net_usd"}]}, a row for every year of the horizon.  "irr" is
 * null exactly when "irr_reason" is not; "breakeven_floor_usd_per_kg" is null
 * when no floor makes the NPV 0 and "breakeven_reason" says why (also when the
 * floor is 0 because the project pays without one).
 *
 *   w, scenario  the world and the scenario's name
 *   v            the value f was made from (rf_sim_value_project)
 *   f            from rf_sim_project_finance
 *
 * RF_EINTERNAL when the document cannot be built, RF_EIO on a write error.
 */
rf_status rf_json_write_finance(const rf_world *w, const char *scenario, const rf_project_value *v,
                                const rf_project_finance *f, FILE *fp, rf_err *err);

/* Create folder `dir` and its missing parents (mkdir -p).  RF_EIO naming the
 * folder that could not be made; RF_EINVAL for an empty name. */
rf_status rf_io_make_dirs(const char *dir, rf_err *err);

/*
 * Whether results could be written to folder `dir` without creating anything
 * yet: it is a writable folder, or it does not exist and the nearest folder
 * above it that does is writable.  RF_EINVAL naming the folder otherwise, so
 * that a bad --out fails before any work is done.
 */
rf_status rf_output_check_dir(const char *dir, rf_err *err);

/*
 * Write the results as CSV tables (years.csv, prices.csv, production.csv, trade.csv,
 * shares.csv, hhi.csv, shortage.csv, demand_response.csv, and the tables of the
 * years: capacity.csv, projects.csv, capex.csv, in_use_stock.csv, eol_scrap.csv,
 * recycled.csv) into folder `dir`,
 * creating it and its parents if needed.  The tables are written into a
 * staging folder next to `dir` first; a new `dir` then appears whole by one
 * rename, an existing one has each table replaced by rename after all were
 * written.  On failure nothing of this run is left behind.
 */
rf_status rf_csv_write_results(const rf_results *res, const char *dir, rf_err *err);

/*
 * Files written under temporary names and moved into place together (the MPS
 * files of a run): rf_staged_add gives the temporary name to write for
 * `final_path` ("FINAL.partial-PID", borrowed until commit or discard);
 * rf_staged_commit renames every file that was written into place (a name
 * never written, such as the LP of a year that had none, is skipped);
 * rf_staged_discard removes
 * whatever was written.  Both release the set.
 */
typedef struct rf_staged {
    char **tmp, **final; /* [n] owned */
    int n, cap;
} rf_staged;

void rf_staged_init(rf_staged *s);
const char *rf_staged_add(rf_staged *s, const char *final_path, rf_err *err);
rf_status rf_staged_commit(rf_staged *s, rf_err *err);
void rf_staged_discard(rf_staged *s);

/*
 * `rareflow mc --json` (mc_out.c, docs/uncertainty.md): {scenario, draws,
 * seed, sampling, threads_independent, failed_draws, failed, clamped, inputs,
 * percentiles, sensitivity}, every row with the same keys ("" where a label
 * does not apply).  No timing and no thread count: the document depends on
 * the draws only, byte for byte.
 */
rf_status rf_json_write_mc(const char *scenario, const rf_mc_draws *d, const rf_mc_summary_t *s, FILE *fp,
                           rf_err *err);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_OUTPUT_H */
