/*
 * rareflow/results.h: the results of a run, year by year.
 *
 * Plain data filled by the market (prices, flows, activity, unserved demand)
 * and by analytics (shares, HHI), then read as `const rf_results *` by the
 * writers and the report.  Rows refer to the world by index; the results
 * borrow the world they were computed on, which must outlive them.
 * A year whose status is not RF_YEAR_OPTIMAL carries no numbers (all counts 0).
 * Every string of the results is owned by them (the scenario may be freed
 * first); names of regions, products and facilities are looked up in the
 * world by index.
 */
#ifndef RAREFLOW_RESULTS_H
#define RAREFLOW_RESULTS_H

#include "rareflow/error.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rf_year_status {
    RF_YEAR_NOT_RUN = 0,
    RF_YEAR_OPTIMAL,
    RF_YEAR_INFEASIBLE,
    RF_YEAR_UNBOUNDED,
    RF_YEAR_ERROR,
    RF_YEAR_NOT_CONVERGED
} rf_year_status;

/* "not_run", "optimal", "infeasible", "unbounded", "error", "not_converged". */
const char *rf_year_status_str(rf_year_status s);

/* The price of a product in a region: marginal value of one more tonne. */
typedef struct rf_price {
    int region;
    int product;
    double usd_per_kg;        /* local (delivered) price: dual of the region's use pool,
                                 or of its own-output pool when nothing is used there */
    double export_usd_per_kg; /* dual of the own-output (exportable) pool, when has_export */
    int has_export;           /* the region produces this product */
    int variant;              /* the compliant variant of the product (PRODUCT@tag) */
    double supply_t;          /* t made in the region and imported into it (the period's, or
                                 the year's sum): under RF_THIN_POOL_T a year the price is the
                                 cost of the next kg, not the price of a traded volume
                                 (rf_analytics_price_supply) */
} rf_price;

/* Below this supply a year (t) a price is a thin pool's (docs/analytics.md). */
#define RF_THIN_POOL_T 1.0

/* Output of one product by one facility. */
typedef struct rf_output {
    int facility;
    int product;
    double t;                 /* t/yr of the product's unit */
} rf_output;

/* A trade flow on an arc. */
typedef struct rf_trade_flow {
    int from;
    int to;
    int product;
    double t;                 /* t/yr */
    int variant;              /* the compliant variant of the product */
} rf_trade_flow;

/* Material left unused at a balance node (free disposal): a by-product nobody
 * buys, such as La and Ce beyond what demand takes. */
typedef struct rf_disposal {
    int region;
    int product;
    double t;                 /* t/yr of the product's unit */
} rf_disposal;

/* A region's share of a stage's output (units: see docs/model.md). */
typedef struct rf_share {
    rf_stage stage;
    int region;
    double t;                 /* the region's measure in the stage's unit */
    double share;             /* t / stage total; 0 when the total is 0 */
} rf_share;

typedef struct rf_hhi {
    rf_stage stage;
    double value;             /* sum of (100 x share)^2, 0..10,000 */
    double total_t;           /* stage total in the stage's unit */
} rf_hhi;

/* A region's share of one element's flow through a stage (element_shares.c):
 * the stage measured in t REO-equivalent of the element (docs/analytics.md). */
typedef struct rf_elem_share {
    rf_stage stage;
    int element;              /* index into world->elements */
    int region;
    double t;                 /* t REO-equivalent of the element (t of its oxide) */
    double share;             /* t / the stage's total of the element */
} rf_elem_share;

typedef struct rf_elem_hhi {
    rf_stage stage;
    int element;
    double value;             /* sum of (100 x share)^2, 0..10,000 */
    double total_t;           /* t REO-equivalent of the element through the stage */
} rf_elem_hhi;

/* The share of a stage held by its three largest regions (the IEA's measure). */
typedef struct rf_top3 {
    rf_stage stage;
    int element;              /* index into world->elements, or -1: the stage total as
                                 `shares` measures it ("REO") */
    double share;             /* 0..1 */
} rf_top3;

/* Net import reliance of a region for a product it uses (import_reliance.c),
 * the USGS definition; every quantity in t of the product's unit. */
typedef struct rf_import_reliance {
    int region;
    int product;              /* the product, compliant variants counted with it */
    double production_t;      /* made in the region, end-of-life scrap collected included */
    double imports_t, exports_t;
    double stock_drawdown_t;  /* commercial (open - close) plus strategic (releases - fills) */
    double consumption_t;     /* apparent: production + imports - exports + drawdown, > 0 */
    double share;             /* (imports - exports + drawdown) / consumption; < 0: net exporter */
} rf_import_reliance;

/* The EU-style supply risk of an element for a consuming region
 * (supply_risk.c, docs/analytics.md "Supply risk"):
 * value = hhi_wgi x ir x (1 - eol_rir) x si. */
typedef struct rf_supply_risk {
    int element;              /* index into world->elements */
    int region;               /* the consuming region */
    rf_stage stage;           /* the bottleneck: mining or separation, the larger hhi_wgi */
    double hhi_wgi;           /* sum over regions of share^2 x WGI (shares 0..1, WGI 0..10) */
    double ir;                /* import reliance of the region for the element, 0..1 */
    double eol_rir;           /* end-of-life recycling input rate of the element, 0..1 */
    double si;                /* substitution index, 0..1 */
    double value;             /* the product */
} rf_supply_risk;

/* An exporter's domestic price against what its export market pays, for a
 * product under an export control. */
typedef struct rf_export_wedge {
    int region;
    int product;
    double domestic_usd_per_kg; /* the exporter's local price */
    double export_usd_per_kg;   /* the best price a controlled destination offers, net of freight */
} rf_export_wedge;

/* The rent of an export quota or licence in force in the year: what one more
 * kg let through would be worth, the exporter's export price net of its
 * domestic one where the cap binds (minus the dual of its quota rows). */
typedef struct rf_quota_rent {
    char *policy;             /* the lever's name (as in policies_active), owned */
    double usd_per_kg;        /* >= 0; 0 when no row of the lever binds.  Per kg of the
                                 row's basis: of product, or of REO with `basis: reo` */
} rf_quota_rent;

/* What a lever cost a government in the year (negative: it earned). */
typedef struct rf_gov_cost {
    int region;               /* the paying government */
    char *policy;             /* the lever's name, owned: results outlive the scenario */
    double usd;
    int facility;             /* the plant the money goes to (a floor, an offtake, a project's
                                 support), or -1 (a stockpile) */
} rf_gov_cost;

/* A strategic stock at the end of the year. */
typedef struct rf_stock {
    int region;
    int product;
    double t;
} rf_stock;

/* ---------- the years (filled by the simulation, rareflow/sim.h) ---------- */

/* Capacity available in the year, by stage and region (the stage's activity unit). */
/* Magnets consumed in `region` inside goods assembled in `assembler` (t). */
typedef struct rf_embedded_flow {
    int region;
    int assembler;
    const char *sector;       /* borrowed from the world */
    double t;
} rf_embedded_flow;

/* A region's magnets: what its demand rows used, and what goods carried in and out (t). */
typedef struct rf_consumption {
    int region;
    double direct_t, embedded_in_t, embedded_out_t;
} rf_consumption;

/* A plant held by a supply contract: what holding it costs per kg (its loss at
 * the year's prices, rf_analytics_contract_gaps; 0 when it earns) and what the
 * contract gave way on. */
typedef struct rf_contract_row {
    int facility;
    double gap_usd_per_kg;    /* >= 0 */
    double breach_t;          /* t of activity the contract did not hold */
} rf_contract_row;

/* Where a product a region consumes has been (docs/analytics.md): the share
 * of it whose `stage` (RF_STAGE_MINE..RF_STAGE_MAGNET) took place in `origin`
 * (a region index, or RF_ORIGIN_RECYCLED / RF_ORIGIN_STOCK). */
#define RF_ORIGIN_RECYCLED (-1)
#define RF_ORIGIN_STOCK (-2)
typedef struct rf_provenance_row {
    int region, product, stage, origin;
    double share;
} rf_provenance_row;

/* The share of what `region` consumes of `product` that passed through
 * `focus` at any stage. */
typedef struct rf_touched_row {
    int region, product, focus; /* focus -1: the set named `set` (a sourcing rule's exclusions) */
    double share;
    char set[64];             /* e.g. "CN+RU" when focus is -1, else "" */
} rf_touched_row;

/* A link of the year's Sankey of the chain (docs/analytics.md, "Stage flows"):
 * t of `product` made by plants of `from_stage` in `from_region` and used by
 * plants of `to_stage` in `to_region` (domestically or after trade), or by
 * its demand (to_stage RF_FLOW_END_USE, `sector` the demand row's), split by
 * proportional mixing of each use pool.  Pseudo-origins: stocks drawn and
 * strategic releases (from_region RF_ORIGIN_STOCK, from_stage the product's
 * stage) and end-of-life scrap collected (from_stage RF_FLOW_END_OF_LIFE,
 * from_region the collecting region). */
#define RF_FLOW_END_USE ((int)RF_STAGE_COUNT)         /* to_stage: served demand */
#define RF_FLOW_END_OF_LIFE ((int)RF_STAGE_COUNT + 1) /* from_stage: end-of-life scrap collected */
typedef struct rf_stage_flow {
    int from_stage;           /* rf_stage, or RF_FLOW_END_OF_LIFE */
    int from_region;          /* region index, or RF_ORIGIN_STOCK */
    int to_stage;             /* rf_stage, or RF_FLOW_END_USE */
    int to_region;            /* where it is used (end use: the consuming region) */
    int product;              /* a compliant variant counts as its product */
    const char *sector;       /* end use: the demand row's sector (borrowed from the world); else NULL */
    double t;                 /* t/yr of the product's own unit, >= 1e-6 */
} rf_stage_flow;

/* Name of a stage of a stage flow: rf_stage_name ("mine", "separation",
 * "metal", "magnet", "recycling"), "end_use" or "end_of_life". */
const char *rf_flow_stage_name(int stage);

/* A region's economic surplus in a year, USD (docs/analytics.md, "Welfare"). */
typedef struct rf_welfare_row {
    int region;
    double consumer_usd;      /* willingness to pay of the demand served, less what it paid */
    double producer_usd;      /* plants' sales at the plant gate, less inputs and costs */
    double government_usd;    /* minus what the region's levers cost it (positive when they earn) */
    double tariff_revenue_usd; /* import tariffs collected, and export taxes */
} rf_welfare_row;

/* A company's year (docs/analytics.md, "Companies"), USD. */
typedef struct rf_company_row {
    const char *operator_name; /* borrowed from the world */
    double revenue_usd;       /* its plants' outputs at the plant gate */
    double margin_usd;        /* revenue less inputs, tranche and recipe costs */
    double capex_usd;         /* spent on its projects in the year */
    double support_usd;       /* government money to its plants (floors, offtakes, project support) */
} rf_company_row;

/* A commercial stock at a region's use pool (docs/shortrun.md). */
typedef struct rf_inventory {
    int region;
    int product;
    double open_t;            /* at the start of the period */
    double t;                 /* at its end */
} rf_inventory;

typedef struct rf_capacity {
    rf_stage stage;
    int region;
    double t;
} rf_capacity;

/* The stage of a project in a year (the JSON's `projects[].status`). */
typedef enum rf_project_stage {
    RF_PROJ_CANDIDATE = 0, /* not decided */
    RF_PROJ_BUILDING,      /* decided, not yet producing */
    RF_PROJ_RAMPING,       /* producing below its full capacity */
    RF_PROJ_OPERATING,     /* at full capacity */
    RF_PROJ_CLOSED,        /* past its life, or closed for not covering its cash cost */
    RF_PROJ_BLOCKED,       /* excluded by a lever */
    RF_PROJ_STAGE_COUNT
} rf_project_stage;

/* "candidate", "building", "ramping", "operating", "closed", "blocked". */
const char *rf_project_stage_name(rf_project_stage s);

/* A project's row in a year: a named project, or the blocks of a generic one. */
typedef struct rf_project_row {
    int project;              /* index into world->projects */
    rf_project_stage status;  /* in this year (generic: of its latest block) */
    int decided;              /* year of the (latest) decision, or 0 */
    int arrives;              /* first year of production of the (latest) decision, or 0 */
    int blocks;               /* generic: blocks decided so far (named: 1 once decided) */
    double npv_usd;           /* at the (latest) decision or evaluation; NaN when not known */
    double capex_usd;         /* of the (latest) decision, or the candidate's estimate */
    double capacity_t;        /* available this year, t of activity */
} rf_project_row;

/* Capital spent in the year on decided projects, by region and stage (USD). */
typedef struct rf_capex {
    int region;
    rf_stage stage;
    double usd;
} rf_capex;

/* Magnets in use at the end of the year, by region and sector (t of magnet). */
typedef struct rf_inuse {
    int region;
    const char *sector;       /* borrowed from the world, like every name the results index */
    double t;
} rf_inuse;

/* End-of-life scrap collected in the year and offered to recyclers (t REO-eq). */
typedef struct rf_eol {
    int region;
    int product;              /* the scrap product it was offered as */
    double t;
} rf_eol;

/* Output of the recycling stage in the year (t of the product). */
typedef struct rf_recycled {
    int region;
    int product;
    double t;
} rf_recycled;

typedef struct rf_year_result {
    int year;
    rf_year_status status;
    double objective;         /* LP objective, thousand USD (t x USD/kg) */
    int iterations;           /* solves of the year's policy iteration (1 without one) */
    int simplex_iterations;   /* simplex iterations of the final solve */
    int converged;            /* the tariff iteration converged (1 without one) */
    int lp_rows, lp_cols;     /* size of the year's LP */
    long lp_nonzeros;
    double build_s, solve_s;  /* wall time to build the LP and to solve it (seconds) */
    /* LPs solved for the year by the simulation, warm ones among them: the
     * year's own (pre-solves, the tariff iteration) and the look-ahead solves
     * of its investment decisions (0 outside a simulation). */
    int lp_solves, lp_warm_solves, lookahead_solves, lookahead_warm_solves;
    rf_price *prices;         int nprices;
    rf_output *production;    int nproduction;
    rf_trade_flow *trade;     int ntrade;
    rf_disposal *disposal;    int ndisposal;
    double *activity;         /* [world->nfac_recipes] t of activity per (facility, recipe) */
    double *facility_capex;   /* [world->nfacilities] capex spent on each plant in the year, USD
                                 (simulated years; NULL otherwise) */
    double *cap_factor;       /* [world->nfacilities] the capacity factor the year ran with (its
                                 tranche sizes: rf_world_tranches), for measures of cost */
    double *activity_compliant; /* [world->nfac_recipes] of which by the compliant copy */
    double *served_t;         /* [world->ndemand] t served */
    double *ref_t;            /* [world->ndemand] reference quantity after scenario factors */
    double *shortage_t;       /* [world->ndemand] unserved t on steps with WTP >= 1.5 p0 */
    double *response_t;       /* [world->ndemand] other unserved t below the reference */
    rf_share *shares;         int nshares;
    rf_hhi *hhi;              int nhhi;
    rf_elem_share *elem_shares; int nelem_shares; /* analytics: shares_by_element */
    rf_elem_hhi *elem_hhi;    int nelem_hhi;    /* hhi_by_element */
    rf_top3 *top3;            int ntop3;
    rf_import_reliance *import_reliance; int nimport_reliance;
    rf_supply_risk *supply_risk; int nsupply_risk;
    double *limit_dual;       /* [nlimits] rent of each flow limit, USD/kg (>= 0) */
    int nlimits;
    double *extra_t;          /* [nextra] t on each extra supply or demand column */
    int *extra_region, *extra_product, *extra_sign; /* [nextra] where each column sits */
    int *extra_eol;           /* [nextra] 1 for end-of-life scrap offered by the simulation */
    int nextra;
    char variant_tag[32];     /* suffix of compliant variants this year, or "" */
    char **variant_names;     /* [nproducts] "PRODUCT@tag" when variant_tag is set, owned */
    int nvariant_names;
    /* Filled by the policy layer: */
    char **policies_active;   /* [npolicies_active] names, owned */
    int npolicies_active;
    double *tariff_revenue;   /* [nregions] USD collected by each importer */
    double *export_tax_revenue; /* [nregions] USD collected by each exporter's export taxes,
                                   or NULL when none was in force */
    rf_quota_rent *quota_rent; int nquota_rent; /* one per quota or licence lever in force */
    rf_export_wedge *export_wedge; int nexport_wedge;
    rf_gov_cost *government_cost; int ngovernment_cost;
    rf_stock *stockpile;      int nstockpile;
    /* Filled by the simulation (empty outside one): */
    int simulated;            /* the year was stepped by a simulation */
    rf_capacity *capacity;    int ncapacity;
    rf_project_row *projects; int nprojects;
    rf_capex *capex;          int ncapex;
    rf_inuse *in_use;         int nin_use;
    rf_eol *eol_scrap;        int neol_scrap;
    rf_recycled *recycled;    int nrecycled;
    /* The short run: commercial stocks (closing, of the year or the period),
     * and with periods > 1 each period's own result (quantities of the
     * period, prices of the period; `period` 1.., `nperiods_of_year` its year's
     * count).  The year's tables add the periods' flows up and weight their
     * prices by volume. */
    rf_inventory *inventory;  int ninventory;
    rf_contract_row *contracts; int ncontracts; /* plants held by supply contracts */
    rf_provenance_row *provenance; int nprovenance; /* final products consumed (analytics) */
    rf_touched_row *touched; int ntouched;
    rf_stage_flow *stage_flows; int nstage_flows; /* the Sankey's links (analytics) */
    rf_welfare_row *welfare; int nwelfare;
    rf_company_row *companies; int ncompanies;
    rf_embedded_flow *embedded; int nembedded;    /* magnets in goods (analytics) */
    rf_consumption *consumption; int nconsumption;
    struct rf_year_result *periods; int nperiods;
    int period, nperiods_of_year;
} rf_year_result;

/* How long and how much it takes a region's magnets to stop touching another
 * (docs/analytics.md, "Decoupling"): per year the share of the region's
 * magnets that touched `focus` at no stage, and the first year it passes each
 * threshold with the run's capex outside `focus` and the region's government
 * cost up to then. */
#define RF_DECOUPLING_STEPS 3
typedef struct rf_decoupling {
    int region, focus;        /* -1 when not computed */
    double *never;            /* [nyears of the results] share never touched, NaN without magnets */
    double threshold[RF_DECOUPLING_STEPS]; /* 0.25, 0.5, 0.8 */
    int year[RF_DECOUPLING_STEPS];         /* first year past it, 0 when never in the run */
    double capex_usd[RF_DECOUPLING_STEPS], government_usd[RF_DECOUPLING_STEPS];
} rf_decoupling;

typedef struct rf_results {
    const rf_world *world;    /* borrowed */
    char *scenario;           /* scenario name */
    char *expectations;       /* the simulation's expectations ("adaptive", ...), or NULL */
    int passes;               /* passes of the perfect-foresight iteration (1 otherwise) */
    int settled;              /* the iteration settled (1 otherwise) */
    rf_year_result *years;    /* [nyears] */
    int nyears;
    rf_decoupling decoupling; /* filled by the simulation at the end of a run */
} rf_results;

/* Results for `nyears` years of `world` (borrowed), all RF_YEAR_NOT_RUN.
 * Returns an owned object (rf_results_free) or NULL with `err` set. */
rf_results *rf_results_new(const rf_world *world, const char *scenario, int nyears, rf_err *err);

/* The name of a product in a year's tables: its id, or "id@tag" for the
 * compliant variant of a sourcing rule.  Borrowed. */
const char *rf_year_product_name(const rf_world *w, const rf_year_result *yr, int product, int variant);

/* The label of a period of a year stepped by periods into buf[size]: "2025Q2",
 * "2025H1", "2025M07" (else "2025P3"); "" for a year's own result. */
void rf_year_period_label(const rf_year_result *p, char *buf, size_t size);

/* Drop every number of one year (status back to RF_YEAR_NOT_RUN). */
void rf_year_result_clear(rf_year_result *yr);

void rf_results_free(rf_results *res);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_RESULTS_H */
