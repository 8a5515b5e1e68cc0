/*
 * rareflow/world.h: the in-memory world: regions, elements, ores, products,
 * recipes, facilities, demand and trade costs.
 *
 * The world is plain data, filled by the dataset reader (rareflow/io.h) and
 * read as `const rf_world *` by everything else: the market builds each
 * year's LP from it and never changes it.  Every record keeps the 1-based
 * line of the CSV row it came from and its `source`, so that checks made
 * after loading can still say `file:line: field`.  All cross-references are
 * indices into the world's arrays (resolved at load time), never names.
 *
 * Units: quantities in tonnes per year of the product's own unit
 * (concentrate and oxide: t REO; metal: t metal; magnet: t sintered blank;
 * scrap: t REO-equivalent); prices and costs in USD per kg of that unit.
 * Typical sizes: 20 regions, 10 elements, 35 products, 100 facilities,
 * 160 demand rows.
 */
#ifndef RAREFLOW_WORLD_H
#define RAREFLOW_WORLD_H

#include "rareflow/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The year the dataset describes: demand grows from it, prices are in its
 * USD, and every run starts from it (rareflow/sim.h, RF_SIM_BASE_YEAR). */
#define RF_WORLD_BASE_YEAR 2024

/* Stages of the chain, in the order material moves through them. */
typedef enum rf_stage {
    RF_STAGE_MINE = 0,
    RF_STAGE_SEPARATION,
    RF_STAGE_METAL,
    RF_STAGE_MAGNET,
    RF_STAGE_RECYCLING,
    RF_STAGE_COUNT
} rf_stage;

/* Dataset name of a stage: "mine", "separation", "metal", "magnet", "recycling". */
const char *rf_stage_name(rf_stage stage);
/* Name used in results: "mining", "separation", "metal", "magnet", "recycling". */
const char *rf_stage_result_name(rf_stage stage);
/* Stage from its dataset name; -1 when unknown. */
int rf_stage_from_name(const char *name);

/* Product families. */
typedef enum rf_family {
    RF_FAM_CONCENTRATE = 0,
    RF_FAM_OXIDE,
    RF_FAM_METAL,
    RF_FAM_MAGNET,
    RF_FAM_SCRAP,
    RF_FAM_COUNT
} rf_family;

/* "concentrate", "oxide", "metal", "magnet", "scrap". */
const char *rf_family_name(rf_family fam);
int rf_family_from_name(const char *name);

typedef struct rf_region {
    char *id;     /* ISO 3166 alpha-2, or EU / ROW */
    char *name;
    char *source;
    int line;     /* line in regions.csv */
} rf_region;

typedef struct rf_element {
    char *id;     /* La, Ce, Pr, Nd, Sm, Gd, Tb, Dy, Y, other */
    char *name;
    char *source;
    int line;
} rf_element;

/* An ore type: its element basket, in percent of total REO. */
typedef struct rf_ore {
    char *id;
    double *pct;  /* [nelements] percent of REO; sums to 100 +- 0.5 */
    int line;     /* first line of the ore in baskets.csv */
} rf_ore;

typedef struct rf_product {
    char *id;          /* e.g. concentrate:bastnaesite, oxide:NdPr, magnet:NdFeB-hc */
    rf_family family;
    char *unit;        /* unit of 1 t of this product, e.g. "t REO", "t metal" */
    double reo_factor; /* t REO-equivalent per t of product (oxide 1; NdPr metal 1.166) */
    int ore;           /* concentrate: index of its ore; otherwise -1 */
    double *content;   /* [nelements] share of each element in the product's REO
                          (concentrate: the ore basket / 100; oxide and metal: equal
                          shares of the elements listed); sums to 1, or all 0 for
                          magnets and scrap, whose content depends on the recipe */
    int separated;     /* oxide that separation yields directly (each element
                          belongs to exactly one such oxide) */
    char *source;
    int line;
} rf_product;

/* One input or output of a recipe, per unit of activity. */
typedef struct rf_flow {
    int product;  /* index into products */
    double qty;   /* t of product per t of activity, > 0 */
} rf_flow;

/*
 * A recipe: what one unit of activity consumes and yields.  Separation
 * recipes are written in the dataset as `separate concentrate:X recovery`
 * and expanded at load time into the ore's basket times the recovery, each
 * element going to the separated oxide that holds it.
 */
typedef struct rf_recipe {
    char *id;
    rf_flow *in;    /* [nin] */
    int nin;
    rf_flow *out;   /* [nout] */
    int nout;
    double extra_cost_usd_per_kg; /* cost per kg of activity on top of the facility's */
    int line;       /* first line of the recipe in recipes.csv */
} rf_recipe;

/* A capacity tranche: a share of capacity at a multiple of the unit cost. */
typedef struct rf_tranche {
    double share;        /* of capacity, (0, 1] */
    double cost_factor;  /* times the facility's unit cost, > 0 */
} rf_tranche;

typedef struct rf_facility {
    char *id;
    char *name;
    rf_stage stage;
    int region;          /* index into regions */
    char *operator_name;
    char *status;        /* operating | construction | planned | idle | closed, or
                            candidate: a generic block of candidates.csv */
    int start_year;      /* first year of operation (0 = long before the horizon) */
    int end_year;        /* last year of operation (0 = open-ended) */
    double capacity_t;   /* t of activity per year (mine: t REO mined; separation:
                            t REO of feed; metal: t REO-eq of oxide feed; magnet:
                            t blank; recycling: t REO-eq of scrap) */
    double unit_cost_usd_per_kg; /* cost per kg of activity, before tranche factors */
    int *recipes;        /* [nrecipes] indices into recipes: alternative ways to run */
    int nrecipes;
    int recipe_offset;   /* position of recipe 0 in per-(facility, recipe) arrays */
    rf_tranche *tranches; /* [ntranches] explicit tranches, or NULL for the default rule */
    int ntranches;
    /* A supply contract that keeps a plant running at its 2024 output whatever
     * its cost gap (docs/model.md, "Contracts"): t of activity a year held,
     * through the year contract_to; 0 and 0 for none. */
    double contract_t;
    int contract_to;
    char *source;
    int line;
} rf_facility;

/* Demand of a (region, sector) for one product: a curve through a reference point. */
typedef struct rf_demand {
    int region;
    char *sector;            /* ev_traction, wind, industrial_motors, electronics, ... */
    int product;
    double ref_qty_t;        /* reference quantity q0, t/yr, > 0 */
    double ref_price_usd_per_kg; /* delivered reference price p0, > 0 */
    double elasticity;       /* price elasticity at the reference point, < 0 */
    double choke_usd_per_kg; /* highest willingness to pay, >= p0 */
    char *source;
    int line;
} rf_demand;

/*
 * A transport cost rule.  from/to are region indices or -1 for "*"; product
 * is a product index, or -1 with `family` set for "family:*", or -1 with
 * family -1 for "*".  The most specific rule that matches an arc wins; an
 * arc no rule matches does not exist.
 */
typedef struct rf_trade_rule {
    int from;
    int to;
    int product;
    int family;
    double cost_usd_per_kg;
    int line;
} rf_trade_rule;

/* ---------- the years (optional tables: docs/data-format.md) ---------- */

/*
 * A facility that the simulation may build: a named project (projects.csv)
 * or a generic block of capacity (candidates.csv).  Its plant is a facility
 * of the world (`facility`), so levers and results name it like any other;
 * the simulation, not its start_year, decides when it has capacity.
 */
typedef struct rf_project {
    int facility;             /* index into facilities */
    int generic;              /* a generic block: built block by block, several times */
    double capex_usd;         /* the whole project, or one block (USD, real 2024) */
    int lead_time_years;      /* decision to first production, >= 1 */
    double *ramp;             /* [nramp] share of capacity in the 1st, 2nd, ... year of
                                 operation; the last is 1 */
    int nramp;
    int life_years;           /* operating life after the ramp starts */
    int decided_year;         /* decided before the run (construction), or 0: a candidate */
    int earliest_decision;    /* first year the simulation may decide it */
    int max_blocks_per_year;  /* generic: build-rate cap of the region, stage and year */
    char *source;
    int line;                 /* line in projects.csv or candidates.csv */
} rf_project;

/* A demand growth rule: the reference quantity of the matching rows grows by
 * `rate` a year in each year from..to.  -1 (or NULL) is the wildcard; the
 * most specific rule wins (region 4, sector 2, product 1), ties to the later. */
typedef struct rf_growth_rule {
    int region;
    char *sector;             /* NULL for "*" */
    int product;
    int from_year, to_year;
    double rate;              /* fraction a year, e.g. 0.087 */
    int line;
} rf_growth_rule;

/* A point of a reference price path (price_paths.csv); region -1 is "*". */
typedef struct rf_price_point {
    int product, region, year;
    double usd_per_kg;
    int line;
} rf_price_point;

/* Project finance terms of a region (finance.csv); region -1 is the default. */
typedef struct rf_finance_terms {
    int region;
    double discount_rate;     /* real, a year */
    double tax_rate;          /* on profit after depreciation */
    double royalty_rate;      /* on revenue */
    int depreciation_years;   /* straight line */
    int line;
} rf_finance_terms;

/* Lifetime distributions of products in use (ODYM's conventions, rareflow/stock.h). */
typedef enum rf_lifetime_dist {
    RF_LT_FIXED = 0, RF_LT_NORMAL, RF_LT_LOGNORMAL, RF_LT_WEIBULL, RF_LT_FOLDEDNORMAL
} rf_lifetime_dist;

/* How long the magnets a sector uses stay in use, and how much comes back. */
typedef struct rf_lifetime {
    char *sector;
    rf_lifetime_dist dist;
    double mean, sd;          /* years (fixed: mean only) */
    double shape, scale;      /* Weibull k and lambda */
    double collection_rate;   /* share of end-of-life magnets collected, 0..1 */
    double process_yield;     /* share of a collected magnet that becomes scrap feed, 0..1 */
    int line;
} rf_lifetime;

/* Thrifting and substitution of a product by a sector when its price stays high. */
typedef struct rf_substitution {
    char *sector;             /* NULL for "*" */
    int product;
    double threshold_ratio;   /* price / 2024 reference above which demand starts to fall */
    double max_reduction;     /* the most demand can fall, 0..1 */
    double adjust_years;      /* years to reach (and to undo) the full reduction */
    int line;
} rf_substitution;

/* Parameters of the years (parameters.csv); defaults when absent. */
typedef struct rf_sim_params {
    double expectation_weights[8]; /* adaptive: weights of the last years' prices, latest first */
    int nweights;
    int closure_years;        /* a plant closes after this many years below its cash cost */
    double inuse_history_growth; /* growth of magnet inflows before 2024, for the 2024 stock */
    int inuse_history_start;  /* first year of those inflows */
    double government_discount_rate; /* for the subsidy value of loans */
    /* The short run (docs/shortrun.md): */
    double contract_share;    /* share of an arc's last-period flow held by contract (0..1) */
    double inventory_capital_rate;  /* annual capital cost of a commercial stock, share of value */
    double inventory_storage_share; /* annual storage and insurance, share of value */
    /* One answer whatever the solver's path (docs/model.md); 0 turns each off: */
    double tie_break;         /* each LP cost times 1 + tie_break x u, u in [0, 1) fixed by its name */
    double price_probe_t;     /* each pool buys up to 2 x this many t at 100 x its reference price */
} rf_sim_params;

/* Steps of the switching premium of a product family (switching.csv). */
#define RF_MAX_SWITCH_STEPS 4

/* One step of a family's switching premium: flow above an arc's last-period
 * flow, up to width_share of the destination's annual use per year, pays
 * premium_share of the product's reference price. */
typedef struct rf_switch_step {
    double width_share;       /* < 0: unbounded (the last step) */
    double premium_share;
} rf_switch_step;

/* A commercial stock held at a region's use pool (inventories.csv). */
typedef struct rf_inventory_rule {
    int region;
    int product;
    double months;            /* months of the region's use: the 2024 level and the target */
    int line;
} rf_inventory_rule;

/* An observed 2024 bilateral flow (trade_2024.csv): the anchor of a sticky arc. */
typedef struct rf_observed_flow {
    int from, to, product;
    double t;
    int line;
} rf_observed_flow;

/* Magnets a region consumes inside goods assembled elsewhere (magnets_in_goods.csv). */
typedef struct rf_embedded {
    int region;               /* where the goods are consumed */
    int assembler;            /* where the magnets are built in (and counted as demand) */
    char *sector;
    double t;
    int line;
} rf_embedded;

typedef struct rf_world {
    char *dir;               /* dataset folder it was read from */
    rf_region *regions;      int nregions;
    rf_element *elements;    int nelements;
    rf_ore *ores;            int nores;
    rf_product *products;    int nproducts;
    rf_recipe *recipes;      int nrecipes;
    rf_facility *facilities; int nfacilities;
    int nfac_recipes;        /* sum of facilities[i].nrecipes */
    rf_demand *demand;       int ndemand;
    rf_trade_rule *trade;    int ntrade;
    double *ref_price;       /* [nproducts] 2024 reference price, USD/kg (prices.csv,
                                optional); 0 where none is given */
    double *arc_cost;        /* [nregions^2 x nproducts] transport cost of each arc by the
                                trade rules, < 0 where no rule matches (rf_world_index_arcs);
                                NULL until computed: lookups then scan the rules */
    int has_ref_prices;      /* prices.csv was present */
    /* The years (all optional; empty when the tables are absent): */
    rf_project *projects;    int nprojects;
    int *project_of;         /* [nfacilities] index into projects, or -1 */
    rf_growth_rule *growth;  int ngrowth;
    rf_price_point *price_path; int nprice_path; /* sorted by product, region, year */
    rf_finance_terms *finance; int nfinance;
    rf_lifetime *lifetimes;  int nlifetimes;
    rf_substitution *substitution; int nsubstitution;
    rf_sim_params params;
    /* The short run (all optional): */
    rf_switch_step switching[RF_FAM_COUNT][RF_MAX_SWITCH_STEPS];
    int nswitching[RF_FAM_COUNT]; /* steps of each family; 0: its arcs are not sticky */
    rf_inventory_rule *inventories; int ninventories;
    rf_observed_flow *observed; int nobserved;
    rf_embedded *embedded;   int nembedded;
    /* Supply risk (docs/analytics.md, "Supply risk"; both optional): */
    double *wgi;             /* [nregions] governance score 0..10 (10 worst, the EU's scaling of
                                the WGI; governance.csv), or NULL: 5 for every region */
    double *si;              /* [nelements] substitution index for supply risk, 0..1
                                (substitution_index.csv), or NULL: 1 for every element */
} rf_world;

/* Growth factor of demand row d's reference quantity from `base_year` to
 * `year` (the product of 1 + rate over the years after base_year up to year);
 * 1 without growth rules. */
double rf_world_growth(const rf_world *w, int d, int base_year, int year);

/* The finance terms of region r (its row, else the default row, else built-in
 * defaults: 8% discount, 25% tax, no royalty, 10 years). */
rf_finance_terms rf_world_finance(const rf_world *w, int r);

/* The reference price path of (product, region) in `year`, interpolated
 * linearly between points and flat beyond them; the region's own points
 * first, then "*".  Returns 1 and sets *usd, or 0 when there is no path. */
int rf_world_price_path(const rf_world *w, int product, int region, int year, double *usd);

/* Free a world and all it owns.  NULL-safe. */
void rf_world_free(rf_world *w);

/* Index of the region / product / facility / element with this id, or -1. */
int rf_world_region(const rf_world *w, const char *id);
int rf_world_product(const rf_world *w, const char *id);
int rf_world_facility(const rf_world *w, const char *id);
int rf_world_element(const rf_world *w, const char *id);

/* Whether some demand row has this sector: sectors have no table of their
 * own, demand.csv names them.  0 for NULL. */
int rf_world_has_sector(const rf_world *w, const char *sector);

/*
 * Compute w->arc_cost from the trade rules, once the world is complete, so
 * that rf_world_arc_cost is a lookup instead of a scan of every rule (the
 * LP build asks for every arc of every year).  0, or -1 on ENOMEM.
 */
int rf_world_index_arcs(rf_world *w);

/*
 * Transport cost of the arc from -> to for `product` (USD/kg), by the most
 * specific matching trade rule.  Returns 1 and sets *cost when the arc
 * exists, 0 when no rule matches or from == to.
 */
int rf_world_arc_cost(const rf_world *w, int from, int to, int product, double *cost);

/*
 * The capacity tranches of facility `f` in the year: sizes in t (scaled by
 * `cap_factor`) and unit costs in USD/kg, written to size_t_out[n] and
 * cost_out[n], n <= RF_MAX_TRANCHES.  Explicit tranches are used as given;
 * the default rule is 70/20/10% of capacity at 1.00/1.15/1.35 x unit cost,
 * with the first two sizes moved by +-1.3% x (1 + 0.01 f) of capacity so that
 * no supply breakpoint coincides with a demand breakpoint.  Returns n.
 */
#define RF_MAX_TRANCHES 8
int rf_world_tranches(const rf_world *w, int f, double cap_factor, double *size_t_out,
                      double *cost_out);

/*
 * The demand steps of demand row `d` with its reference quantity scaled by
 * `factor`: widths width_t[n] (t) and willingness to pay wtp[n] (USD/kg),
 * n <= RF_MAX_DEMAND_STEPS, ordered from the highest WTP.  The curve is
 * truncated-linear through (q0, p0) with slope p0 / (elasticity q0), capped at
 * the choke price, with breakpoints at q0 x {0.3, 0.5, 0.7, 0.8, 0.9, 0.95,
 * 0.99, 1, 1.01, 1.05, 1.1, 1.2, 1.3, 1.5, 2}; each step is valued at the
 * curve's midpoint; steps worth nothing are left out.  end_t[n] receives the
 * cumulative quantity at each step's right end.  Returns n.
 */
#define RF_MAX_DEMAND_STEPS 24
int rf_world_demand_steps(const rf_world *w, int d, double factor, double *width_t,
                          double *wtp, double *end_t);

/* Whether facility f runs in `year` by its dates (start_year <= year <=
 * end_year, and its status is neither closed, idle nor candidate).  A
 * project runs only if it was decided before the run, from decided_year +
 * lead_time_years for its life; in a simulation the simulation decides for
 * every project (rareflow/sim.h). */
int rf_world_facility_active(const rf_world *w, int f, int year);

/*
 * Netback of one unit of activity of facility f at the reference prices:
 * the best of its recipes' sum(outputs x price) - sum(inputs x price) - extra
 * cost, in USD/kg of activity.  Prices are the world's ref_price.
 */
double rf_world_netback(const rf_world *w, int f);

/*
 * The calibration rule of docs/data.md: every facility that runs in `year`
 * with capacity, and that also ran in `ref_year` (the year prices.csv
 * describes, 2024), must have its top (dearest) tranche in merit at the
 * reference prices (top tranche cost <= netback).  Plants that start after
 * the reference year are not calibrated on its output, and their economics
 * at its prices is what the policies are about, so they are not held to it.
 * Returns RF_OK, or RF_EINVAL naming facilities.csv, the facility's line and
 * field `unit_cost_usd_per_kg`.  Without reference prices there is nothing to
 * check.
 */
rf_status rf_world_check_merit(const rf_world *w, int ref_year, int year, rf_err *err);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_WORLD_H */
