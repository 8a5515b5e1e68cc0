/*
 * rareflow/analytics.h: what a run's flows mean: production shares by stage
 * and region, and concentration (HHI).
 *
 * Analytics read the world and a solved year and add derived tables to that
 * year's result; they never change prices or flows.  Shares are measured per
 * stage in one stated unit (docs/model.md): mining in t REO mined, separation
 * in t REO of separated output, metal in t REO-equivalent of oxide feed,
 * magnets in t of magnet, recycling in t REO-equivalent recovered.
 */
#ifndef RAREFLOW_ANALYTICS_H
#define RAREFLOW_ANALYTICS_H

#include "rareflow/error.h"
#include "rareflow/results.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The measure of one unit of activity of recipe k of facility f, in the unit
 * of the facility's stage (see above). */
double rf_analytics_stage_measure(const rf_world *w, int f, int k);

/*
 * Fill yr->shares (every region with output, per stage) and yr->hhi (every
 * stage with output) from yr->activity.  A year that is not optimal gets
 * none.  Returns RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_shares(const rf_world *w, rf_year_result *yr, rf_err *err);

/*
 * Set each price row's supply_t: what facilities of the region made of the
 * product (yr->production) and what came in by trade (yr->trade), in t of
 * the result (a period's results, a period's t).  A price with a supply of a
 * few kg is what the next kg would cost there, not what a traded volume
 * fetched (the price probes, docs/model.md).  Rows of a variant count the
 * variant's trade only.  RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_price_supply(const rf_world *w, rf_year_result *yr, rf_err *err);

/*
 * Fill yr->embedded (each magnets_in_goods row of the world, scaled by its
 * assembler's magnets served in the sector this year) and yr->consumption
 * (each region's magnets: direct use, arriving in goods, leaving in goods;
 * final consumption = direct + in - out).  Nothing without such rows or for a
 * year that is not optimal.  RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_embedded(const rf_world *w, rf_year_result *yr, rf_err *err);

/* Facility f's cash margin per kg of activity at the prices given: its best
 * recipe's outputs at the plant gate (gate[node], else local[node]) less its
 * inputs at home (local) and its first tranche's cost.  local and gate are
 * [nregions * nproducts] (node = region * nproducts + product), NaN where
 * there is no price (counted as 0). */
double rf_analytics_cash_margin(const rf_world *w, int f, const double *local, const double *gate);

/* The year's ordinary prices per node (region * nproducts + product) into
 * local[] (the use pool's) and gate[] (the own-output pool's), NaN where none. */
void rf_analytics_node_prices(const rf_world *w, const rf_year_result *yr, double *local, double *gate);

/* Set each contract row's gap (yr->contracts): the plant's loss per kg of
 * activity at the year's prices (minus its cash margin), 0 when it earns.
 * RF_OK or RF_ENOMEM. */
rf_status rf_analytics_contract_gaps(const rf_world *w, rf_year_result *yr, rf_err *err);

/*
 * Fill yr->provenance and yr->touched for every final product a region
 * consumes (the products of its served demand rows): proportional flow
 * tracing of the year's flows (docs/analytics.md, "Provenance"), with
 * `focus` the region whose touch at any stage is traced (China for the
 * "touched China" share).  Nothing for a year that is not optimal.  RF_OK or
 * RF_ENOMEM.
 */
rf_status rf_analytics_provenance(const rf_world *w, rf_year_result *yr, int focus, rf_err *err);

/* Append to yr->touched, for every final product a region consumes, the share
 * that touched any region of mask[nregions] at any stage, as rows with focus
 * -1 and set `label` (e.g. "CN+RU", a sourcing rule's exclusions): one minus
 * it is the clean share under that rule.  RF_OK or RF_ENOMEM. */
rf_status rf_analytics_touched_set(const rf_world *w, rf_year_result *yr, const unsigned char *mask, const char *label,
                                   rf_err *err);

/*
 * Fill yr->stage_flows, the links of a Sankey of the chain (docs/analytics.md,
 * "Stage flows (the Sankey's links)"): per (from_stage, from_region,
 * to_stage, to_region, product, sector) the t of the product (its own unit)
 * made by plants of from_stage in from_region and used by plants of to_stage
 * in to_region, or served to its demand (to_stage RF_FLOW_END_USE, by
 * sector), domestically or after trade.  Each use pool's uses take the mix of
 * its inflows (proportional mixing, as provenance); stocks drawn and
 * strategic releases are the origin RF_ORIGIN_STOCK at the product's stage,
 * end-of-life scrap RF_FLOW_END_OF_LIFE in the collecting region.  Stock
 * built, withdrawals and disposal get no rows.  Rows below 1e-6 t are left
 * out.  Nothing for a year that is not optimal.  RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_stage_flows(const rf_world *w, rf_year_result *yr, rf_err *err);

/*
 * Fill res->decoupling for the magnets `region` consumes and the region
 * `focus` (China): each year's share of them that touched focus at no stage
 * (from the years' `touched` rows, weighted by the magnets served), and for
 * 25%, 50% and 80% the first year the share passes it, with the capex spent
 * outside focus and the government cost paid by region over the run's years
 * up to it.  RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_decoupling(const rf_world *w, rf_results *res, int region, int focus, rf_err *err);

/*
 * Fill yr->welfare: per region, consumer surplus (willingness to pay of the
 * demand served less what it paid), producer surplus (plants' outputs at the
 * plant gate less inputs and tranche and recipe costs), government (minus the
 * cost of its levers) and tariff revenue (import tariffs and export taxes),
 * in USD (docs/analytics.md, "Welfare").  Regions with a non-zero item only.
 * RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_welfare(const rf_world *w, rf_year_result *yr, rf_err *err);

/* Plant f's year: its outputs at the plant gate (*revenue_usd) and that less
 * its inputs at home, its recipes' extra costs and the cost of the tranches its
 * activity fills, cheapest first (*margin_usd), USD; 0 and 0 when it did not run. */
void rf_analytics_plant_margin(const rf_world *w, const rf_year_result *yr, int f, double *revenue_usd,
                               double *margin_usd);

/*
 * Fill yr->companies: per operator of the dataset's plants (facilities.csv
 * `operator`) with anything to report, its plants' revenue and margin
 * (rf_analytics_plant_margin), the capex spent on its projects in the year
 * (yr->facility_capex) and the government money its plants received
 * (government_cost rows naming them).  RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_companies(const rf_world *w, rf_year_result *yr, rf_err *err);

/* ---------- element-resolved shares and concentration (element_shares.c) ---------- */

/*
 * The HHI and top-3 share of one stage from its regions' tonnes.
 *   t     [n] each region's tonnes (any unit, >= 0; rows <= 0 are ignored)
 *   hhi   out: sum of (100 x t_i / total)^2, 0..10,000; 0 when the total is 0
 *   top3  out: the share of the three largest; 0 when the total is 0
 */
void rf_analytics_concentration(const double *t, int n, double *hhi, double *top3);

/*
 * Fill yr->elem_shares, yr->elem_hhi and yr->top3 from yr->activity and
 * yr->shares (call it after rf_analytics_shares).  Each stage is measured in
 * t REO-equivalent of the element, for Nd, Pr, Dy and Tb (those the world
 * has): mining the element in the concentrate mined, separation in the
 * separated oxide, metal in the metal made, magnets in the magnets made (the
 * recipe's inputs less its swarf), recycling in what is recovered.  top3 has
 * a row per stage with output for the stage total as `shares` measures it
 * (element -1, "REO") and one per element.  A year that is not optimal gets
 * none.  RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_element_shares(const rf_world *w, rf_year_result *yr, rf_err *err);

/* ---------- net import reliance (import_reliance.c) ---------- */

/*
 * Fill yr->import_reliance: for each region and each product it uses (final
 * demand served, facility inputs, offtake deliveries), the USGS net import
 * reliance (imports - exports + stock drawdown) / apparent consumption, with
 * apparent consumption = production + imports - exports + stock drawdown.
 * Production counts the region's facilities' output and the end-of-life
 * scrap it collects; drawdown counts commercial stocks (yr->inventory:
 * open_t - t) and strategic stockpiles (releases less fills, from the
 * lever's columns).  Trade inside a region is not trade.  A year that is not
 * optimal gets none.  RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_import_reliance(const rf_world *w, rf_year_result *yr, rf_err *err);

/* ---------- supply risk (supply_risk.c) ---------- */

/*
 * Fill yr->supply_risk: for Nd, Pr, Dy and Tb (those the world has) and each
 * consuming region (one with import_reliance rows), the supply risk of the
 * EU criticality method (European Commission 2017, Blengini et al.):
 *
 *   SR = HHI_WGI x IR x (1 - EOL_RIR) x SI
 *
 * HHI_WGI = sum over regions of share^2 x WGI (shares 0..1 of the element at
 * the stage, from yr->elem_shares; WGI 0..10 from world->wgi, 5 without
 * it), at the bottleneck: the larger of mining and separation.  IR: per
 * product family, the element-weighted net import reliance of the region's
 * rows for products that hold the element; the largest, clamped to 0..1; 1
 * when it has none (it takes the element only inside magnets).  EOL_RIR: the
 * end-of-life scrap the recyclers take (yr->extra_t on the simulation's
 * end-of-life columns) over what the world feeds in (mined plus all scrap
 * recycled), in t REO-eq of the element.  SI: world->si, 1 without it.
 * Call after rf_analytics_element_shares and rf_analytics_import_reliance.
 * A year that is not optimal gets none.  RF_OK or RF_ENOMEM.
 */
rf_status rf_analytics_supply_risk(const rf_world *w, rf_year_result *yr, rf_err *err);

/* ---------- element balance ---------- */

/* Element groups of the balance: all rare earths, NdPr (Pr + Nd), Dy, Tb. */
typedef enum rf_group { RF_GROUP_REO = 0, RF_GROUP_NDPR, RF_GROUP_DY, RF_GROUP_TB, RF_GROUP_COUNT } rf_group;

/* "REO", "NdPr", "Dy", "Tb". */
const char *rf_group_name(rf_group g);

/* Stages of the balance, in the order material moves. */
typedef enum rf_bal_stage {
    RF_BAL_MINED = 0,       /* REO in concentrate mined */
    RF_BAL_SEPARATED,       /* oxide out of separation */
    RF_BAL_SEP_LOSS,        /* separation losses */
    RF_BAL_RECYCLED,        /* oxide recovered from magnet-making swarf */
    RF_BAL_RECYCLE_LOSS,    /* recycling losses */
    RF_BAL_METAL_FEED,      /* oxide fed to metal plants */
    RF_BAL_METAL_LOSS,      /* metal-making losses (REO-eq; the oxygen is chemistry) */
    RF_BAL_IN_MAGNETS,      /* metal into magnet blanks (REO-eq) */
    RF_BAL_SWARF,           /* of which machining swarf */
    RF_BAL_CONSUMED,        /* consumed by a sector (one line per sector) */
    RF_BAL_DISPOSED,        /* left unused (free disposal), e.g. La/Ce surplus */
    RF_BAL_WITHDRAWN,       /* taken by a lever: stockpile fills, offtake deliveries */
    RF_BAL_RELEASED,        /* supplied by a lever: stockpile releases (an input) */
    RF_BAL_EOL,             /* end-of-life scrap collected from products in use (an input) */
    RF_BAL_STOCK_DRAWN,     /* drawn from commercial stocks over the year (an input) */
    RF_BAL_STOCK_BUILT,     /* added to commercial stocks over the year */
    RF_BAL_STAGE_COUNT
} rf_bal_stage;

/* "mined", "separated", "separation_loss", "recycled", "recycling_loss",
 * "metal_feed", "metal_loss", "in_magnets", "swarf", "consumed", "disposed",
 * "withdrawn", "released", "eol_scrap", "stock_drawn", "stock_built". */
const char *rf_bal_stage_name(rf_bal_stage s);

typedef struct rf_balance_line {
    rf_group group;
    rf_bal_stage stage;
    const char *sector;   /* borrowed from the world; NULL unless stage is CONSUMED */
    double t;             /* t REO-equivalent of the group */
    double cn_t;          /* of which in China (facility, buyer or node in CN) */
} rf_balance_line;

typedef struct rf_balance {
    rf_balance_line *lines;            /* [nlines], owned */
    int nlines;
    double inputs_t[RF_GROUP_COUNT];   /* mined + released from stocks + end-of-life scrap */
    double outputs_t[RF_GROUP_COUNT];  /* consumed + losses + disposed + withdrawn */
    double rel_error[RF_GROUP_COUNT];  /* |inputs - outputs| / inputs: the closure */
} rf_balance;

/*
 * The year's element balance by stage for REO, NdPr, Dy and Tb, in t
 * REO-equivalent, computed from the recipes' flows, the demand served and
 * what each balance node disposed of.  Magnets carry the metal their recipes
 * put in them, less the swarf; consumption of a magnet product is valued at
 * the year's average content of that product.  Because every flow is counted
 * where it happens, the closure (mined = consumed + losses + disposed) is a
 * real check of the LP's mass balance (stock releases count as inputs, stock
 * fills and offtake deliveries as outputs).  Fills `out` (release with
 * rf_balance_close).  RF_ENOTOPT for a year that is not optimal.
 */
rf_status rf_analytics_balance(const rf_world *w, const rf_year_result *yr, rf_balance *out,
                               rf_err *err);

void rf_balance_close(rf_balance *b);

/* ---------- comparing two runs ---------- */

typedef enum rf_diff_kind {
    RF_DIFF_PRICE = 0,    /* keys: region, product; USD/kg */
    RF_DIFF_SHORTAGE,     /* keys: region, sector, product; t */
    RF_DIFF_RESPONSE,     /* keys: region, sector, product; t (demand response) */
    RF_DIFF_SHARE,        /* keys: stage, region; share 0..1 */
    RF_DIFF_REVENUE,      /* keys: region; USD of tariff revenue */
    RF_DIFF_WEDGE,        /* keys: region, product; export price minus domestic, USD/kg */
    RF_DIFF_EXPORT_TAX,   /* keys: region; USD of export tax revenue */
    RF_DIFF_QUOTA_RENT,   /* keys: policy; USD/kg */
    RF_DIFF_INVENTORY,    /* keys: region, product; t of commercial stock at the year's end */
    RF_DIFF_ELEM_SHARE,   /* keys: stage, element, region; share 0..1 of the element */
    RF_DIFF_TOP3,         /* keys: stage, element ("REO" for the stage total); share 0..1 */
    RF_DIFF_RELIANCE,     /* keys: region, product; net import reliance (USGS) */
    RF_DIFF_WELFARE,      /* keys: region, item (consumer, producer, government, tariff_revenue); USD */
    RF_DIFF_KIND_COUNT
} rf_diff_kind;

/* "prices", "shortage", "demand_response", "shares", "tariff_revenue", "export_wedge",
 * "export_tax_revenue", "quota_rent", "inventory", "shares_by_element", "top3",
 * "import_reliance". */
const char *rf_diff_kind_name(rf_diff_kind k);

typedef struct rf_diff {
    rf_diff_kind kind;
    int year;
    char *key[3];         /* owned copies (a run's variant names die with it); NULL when unused */
    double a, b;          /* the value in run A and in run B */
} rf_diff;

typedef struct rf_comparison {
    rf_diff *rows;        /* [nrows], owned with their keys, by year then kind */
    int nrows;
} rf_comparison;

/*
 * The differences that matter between two runs on the same world, year by
 * year (years both runs have, both optimal): every value that differs by
 * more than 1e-6 absolute and 0.01% relative.  Fills `out` (release with
 * rf_comparison_close).
 */
rf_status rf_analytics_compare(const rf_world *w, const rf_results *a, const rf_results *b,
                               rf_comparison *out, rf_err *err);

void rf_comparison_close(rf_comparison *c);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_ANALYTICS_H */
