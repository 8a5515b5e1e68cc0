/*
 * rareflow/scenario.h: a scenario, the user's changes on top of a dataset.
 *
 * A scenario is plain data: its name, the years to run, the dataset folder,
 * and the overrides and levers it sets.  Every value keeps the 1-based line
 * it came from, so that an error found after parsing (an unknown region, say,
 * found only once the world is loaded) still names `file:line: field`.
 * The YAML reader is in rareflow/io.h; the model reads a scenario as const.
 * A scenario owns all its strings; free it with rf_scenario_free.
 */
#ifndef RAREFLOW_SCENARIO_H
#define RAREFLOW_SCENARIO_H

#include "rareflow/error.h"
#include "rareflow/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Scale the reference demand of (region, sector[, product]); "*" matches all. */
typedef struct rf_demand_override {
    char *region;   /* region id or "*" */
    char *sector;   /* sector id or "*" */
    char *product;  /* product id, or NULL for every product of the sector */
    double factor;  /* multiplies the reference quantity; >= 0 */
    int line;       /* 1-based line of the list item in the scenario file */
} rf_demand_override;

/* Scale the capacity of a facility; "*" matches all. */
typedef struct rf_capacity_override {
    char *facility; /* facility id or "*" */
    double factor;  /* multiplies every tranche; >= 0 */
    int line;       /* 1-based line of the list item */
} rf_capacity_override;

/* Expected prices for investment decisions (rareflow/sim.h, docs/model.md). */
typedef enum rf_expectations {
    RF_EXPECT_ADAPTIVE = 0, /* a weighted average of past prices (weights: parameters.csv) */
    RF_EXPECT_REFERENCE,    /* the reference price paths of price_paths.csv */
    RF_EXPECT_PERFECT       /* the prices the run itself makes: the horizon iterated to a fixed point */
} rf_expectations;

/* "adaptive", "reference", "perfect". */
const char *rf_expectations_name(rf_expectations e);

/* A demand growth rate set by the scenario, over the dataset's demand_growth.csv
 * for the rows it matches ("*" matches all; product NULL: every product). */
typedef struct rf_growth_override {
    char *region;
    char *sector;
    char *product;
    double rate;     /* a year, as a fraction: 0.05 = 5%/yr */
    int from, to;    /* years it applies (inclusive); 0: open */
    int line;
    int op;          /* rf_uncertain_apply: how `rate` acts on the rate in force for the
                        row and year: RF_UNC_SET (0, what the YAML writes) replaces it,
                        RF_UNC_MULTIPLY and RF_UNC_ADD act on it (an uncertain draw) */
} rf_growth_override;

/* A probability distribution of an uncertain input (docs/uncertainty.md): the
 * scenario reader fills it, the Monte Carlo layer draws from it by its
 * quantile function (rareflow/mc.h), so that Latin hypercube strata are
 * strata of probability. */
typedef enum rf_dist_kind {
    RF_DIST_NORMAL = 0,  /* mean, sd */
    RF_DIST_LOGNORMAL,   /* mean, sd of the variable itself (not of its log), mean > 0 */
    RF_DIST_UNIFORM,     /* lo, hi */
    RF_DIST_TRIANGULAR,  /* lo <= mode <= hi */
    RF_DIST_DISCRETE     /* values[nvalues] with probs[nvalues], summing to 1 */
} rf_dist_kind;

#define RF_DIST_MAX_VALUES 16

typedef struct rf_dist {
    rf_dist_kind kind;
    double mean, sd;
    double lo, hi, mode;
    double values[RF_DIST_MAX_VALUES], probs[RF_DIST_MAX_VALUES];
    int nvalues;
    int truncated;       /* drawn within [tlo, thi] only (the quantile of the truncated law) */
    double tlo, thi;     /* -HUGE_VAL / HUGE_VAL for an open side */
} rf_dist;

/* A list of ids from the YAML (a scalar is a list of one); "*" matches all. */
typedef struct rf_idlist {
    char **ids;
    int n;
} rf_idlist;

/*
 * An uncertain input (the `uncertainty:` section, docs/uncertainty.md): what it
 * perturbs (a target and its selectors), the distribution it is drawn from,
 * and how a drawn value acts on the field (apply).  A Monte Carlo worker maps
 * one uniform u per input (one per group: every member of a group maps the
 * same u through its own distribution) through rf_dist_quantile and hands the
 * values to rf_uncertain_apply.
 */
typedef enum rf_uncertain_target {
    RF_UNC_DEMAND_GROWTH = 0, /* demand.growth: the growth rate a year of matching demand rows */
    RF_UNC_DEMAND_ELASTICITY, /* demand.elasticity: the price elasticity of matching rows */
    RF_UNC_FACILITY_CAPACITY, /* facility.capacity: capacity of matching facilities */
    RF_UNC_FACILITY_COST,     /* facility.cost: unit cost of matching facilities */
    RF_UNC_PROJECT_CAPEX,     /* project.capex: capex of matching projects and candidates */
    RF_UNC_PROJECT_LEAD_TIME, /* project.lead_time: years from decision to first production */
    RF_UNC_POLICY_SHARE,      /* policy.share: a licence's, offtake's, grant's, loan's, equity's share */
    RF_UNC_POLICY_RATE,       /* policy.rate: a tariff's or export tax's ad valorem rate, a loan's
                                 rate, a collection rate */
    RF_UNC_POLICY_PRICE,      /* policy.price: a floor price, a fixed offtake price */
    RF_UNC_POLICY_QUOTA,      /* policy.quota_t: an export quota */
    RF_UNC_POLICY_TARGET,     /* policy.target_t: a stockpile's target */
    RF_UNC_POLICY_FACTOR,     /* policy.factor: an outage's or demand shock's factor */
    RF_UNC_POLICY_FROM,       /* policy.from: the start of the lever's window (the window moves) */
    RF_UNC_POLICY_ACTIVE,     /* policy.active: 1 the lever as written, 0 switched off */
    RF_UNC_TARGET_COUNT
} rf_uncertain_target;

/* How a drawn value acts on the field it targets. */
typedef enum rf_uncertain_op {
    RF_UNC_SET = 0,  /* the field becomes the value */
    RF_UNC_MULTIPLY, /* the field is multiplied by the value */
    RF_UNC_ADD       /* the value is added to the field */
} rf_uncertain_op;

/* "demand.growth", ..., "policy.active"; "?" when out of range. */
const char *rf_uncertain_target_name(rf_uncertain_target t);
/* "set", "multiply", "add". */
const char *rf_uncertain_apply_name(rf_uncertain_op a);

typedef struct rf_uncertain {
    char *name;            /* label in the outputs: the item's `name`, else "TARGET@LINE" */
    rf_uncertain_target target;
    /* Selectors (an id, a list of ids, "*", or a prefix pattern "us-*"; an empty
     * list matches everything).  Which ones a target takes: docs/uncertainty.md. */
    rf_idlist regions, sectors, products; /* demand rows; regions also facilities, projects */
    rf_idlist facilities, stages, projects;
    char *policy;          /* policy.*: the `name` of the scenario's lever(s) */
    int policy_index;      /* policy.*: first lever of that name (set by the reader) */
    rf_dist dist;
    rf_uncertain_op apply;
    int group;             /* index into rf_scenario.uncertain_groups, or -1: its own draw */
    int line;              /* 1-based line of the list item */
} rf_uncertain;

/* The twenty lever kinds of docs/policies.md: twelve that shape the year's
 * market (the export tax last), seven investment levers that shape the terms
 * of projects, and the collection lever that raises end-of-life collection rates.  One struct for all of them
 * keeps the scenario plain data; each kind reads only the fields its YAML
 * form sets, and the reader refuses a key the kind does not use. */
typedef enum rf_policy_kind {
    RF_POL_EXEMPTION = 0, /* cancels tariffs on products from a date */
    RF_POL_TARIFF,        /* ad valorem (rate) or specific (USD/kg) wedge on arcs */
    RF_POL_EXPORT_CONTROL,/* ban, quota or licence on an exporter's arcs */
    RF_POL_SANCTION,      /* trade closed between two lists of regions */
    RF_POL_OUTAGE,        /* capacity factor on a facility or a region's stage */
    RF_POL_DEMAND,        /* demand jump on (region, sector) */
    RF_POL_FLOOR,         /* price floor paid as a government top-up */
    RF_POL_OFFTAKE,       /* a buyer takes a share of a facility's output */
    RF_POL_STOCKPILE,     /* strategic stock: fill below a price, release above one */
    RF_POL_SOURCING,      /* demand served only by material that avoided excluded regions */
    RF_POL_CONTENT,       /* an exporter forbids re-export of what passed through it */
    /* Investment levers (the years): they change the terms of projects, not the LP. */
    RF_POL_GRANT,         /* a share or an amount of a project's capex, paid by a government */
    RF_POL_LOAN,          /* a concessional loan: rate, tenor, grace, share of capex */
    RF_POL_EQUITY,        /* a government stake: that share of capex for that share of cash flows */
    RF_POL_GUARANTEE,     /* a guaranteed EBITDA for N years (cost-plus offtake) */
    RF_POL_PERMITTING,    /* lead times of a region's stages cut by years or a share */
    RF_POL_TECH_BAN,      /* projects outside the banning region cost more, take longer, ramp slower */
    RF_POL_PROJECT_BLOCK, /* a class of projects is never decided */
    /* Neither the LP nor projects: the simulation's end-of-life scrap. */
    RF_POL_COLLECTION,    /* raises the collection rate of (region, sector) magnets at end of life */
    /* A trade lever added for the short run (issue 10), kept apart from tariffs
     * so that a tariff exemption never lifts it. */
    RF_POL_EXPORT_TAX,    /* an exporter's ad valorem duty on its FOB price, revenue to the exporter */
    RF_POL_KIND_COUNT
} rf_policy_kind;

/* Export control modes. */
typedef enum rf_control_mode { RF_CTRL_BAN = 0, RF_CTRL_QUOTA, RF_CTRL_LICENCE } rf_control_mode;

typedef struct rf_policy {
    rf_policy_kind kind;
    char *name;          /* label in policies_active (default: kind and line) */
    int line;            /* 1-based line of the list item */
    double from, to;     /* active over [from, to) in fractional years: `from: 2025`
                            is 2025.0, `to: 2026` runs to the end of 2026 (2027.0), a
                            date YYYY-MM-DD is that day; open ends are +-1e9 */
    rf_idlist origins;   /* tariff origin, export-control and export-tax exporter,
                            sanction side A, outage region */
    rf_idlist dests;     /* tariff destination, export-control and export-tax
                            destinations, sanction side B */
    rf_idlist products;  /* product ids, families ("magnet:*") or "*" */
    char *facility;      /* outage: facility id or NULL */
    char *stage;         /* outage: stage name or NULL (with origins: a region's stage) */
    char *sector;        /* demand shock: sector or "*" */
    double rate;         /* tariff or export tax ad valorem, 2.0 = 200% (>= 0) */
    double specific;     /* tariff specific, USD/kg (>= 0) */
    rf_control_mode mode;
    double quota_t;      /* export quota, t/yr (>= 0): of product, or of REO with basis_reo */
    int basis_reo;       /* quota, licence: `basis: reo`, flows count by their REO content
                            (t REO-eq per t of product) and a licence is one row per
                            destination over all its products */
    double share;        /* licence: share of the pre-solve flow let through, [0, 1] */
    double factor;       /* outage capacity factor [0, 1]; demand jump factor >= 0 */
    /* Support levers: */
    double price;        /* floor price, or offtake contract price (USD/kg; < 0: market) */
    double volume_t;     /* floor: volume cap, t/yr of the product (< 0: none) */
    double upside_share; /* floor: share of the price above the floor the payer receives */
    char *payer;         /* floor: the paying government's region; offtake: the buyer */
    double initial_t, target_t;           /* stockpile: opening stock and target, t */
    double fill_price, fill_rate_t;       /* stockpile: fills while the price is below */
    double release_price, release_rate_t; /* stockpile: releases while the price is above */
    rf_idlist demand_spec; /* sourcing: "REGION:SECTOR" of the demand to serve compliant */
    rf_idlist exclude;     /* sourcing: regions whose material does not comply */
    rf_idlist members;     /* sourcing: members that trade among themselves tariff-free */
    rf_idlist tariffs;     /* exemption: names of the tariff levers it lifts (empty: every
                              tariff on its arcs), as the September 2025 US order lifted
                              only the reciprocal tariff */
    int tariff_free;       /* sourcing: members' tariffs on each other are lifted */
    /* Investment levers: which projects (all three lists must match; empty
     * matches all: projects by facility id, regions in `origins`, stages).  A
     * technology ban keeps its `exporter` in `origins` and covers the projects
     * outside it. */
    rf_idlist projects;    /* facility ids of projects or generic candidates, or "*" */
    rf_idlist stages;      /* stage names (mine, separation, metal, magnet, recycling) */
    double amount_usd;     /* grant: an amount, USD (the YAML gives MUSD) */
    double loan_rate;      /* loan: concessional rate a year, 0..1 */
    double market_rate;    /* loan: the rate it replaces, 0..1; < 0 (not given): the project
                              region's discount rate (rf_world_finance) */
    int tenor_years;       /* loan: year of the last repayment after the decision */
    int grace_years;       /* loan: interest-only years */
    double ebitda_usd;     /* guarantee: EBITDA a year, USD (the YAML gives MUSD) */
    int years;             /* guarantee: years of the guarantee from first production */
    double cut_years;      /* permitting: years off the lead time */
    double cut_share;      /* permitting: share off the lead time, 0..1 */
    double capex_premium;  /* technology ban: capex x (1 + premium) */
    double delay_years;    /* technology ban: years added to the lead time */
    double ramp_stretch;   /* technology ban: the ramp takes this many times longer, >= 1 */
    /* Collection: the (region, sector) pairs it covers (regions in `origins`;
     * empty lists match all) and the rate it raises their collection to. */
    rf_idlist sectors;     /* sectors of demand.csv, or "*" */
    double collection_rate;/* share of end-of-life magnets collected, 0..1 */
} rf_policy;

/* "exemption", "tariff", "export_control", "sanction", "outage", "demand",
 * "price_floor", "offtake", "stockpile", "sourcing_rule", "content_rule", "grant",
 * "loan", "equity", "ebitda_guarantee", "permitting", "technology_ban", "project_block",
 * "collection", "export_tax". */
const char *rf_policy_kind_name(rf_policy_kind k);

/* Share of calendar year `year` during which [from, to) is active, 0..1.
 * Equal to rf_policy_window_fraction(from, to, year, 0, 1). */
double rf_policy_year_fraction(double from, double to, int year);

/*
 * Share of one window of `year` during which [from, to) is active, 0..1: the
 * year is cut into `nperiods` equal runs of calendar months (4: Jan-Mar,
 * Apr-Jun, Jul-Sep, Oct-Dec; 12: the months) and `period` (0-based) picks
 * one.  Windows are measured in days, exactly in leap years, on the same
 * scale as the fractional-year dates of rf_policy (a date is its year plus
 * its day of the year over the year's days).
 *
 * from, to   fractional years, as in rf_policy
 * year       the calendar year
 * period     0..nperiods-1
 * nperiods   a divisor of 12 (1, 2, 3, 4, 6, 12); <= 1 means the whole year
 * Returns the covered share of the window's days; 0 when period is out of
 * range or nperiods does not divide 12.
 */
double rf_policy_window_fraction(double from, double to, int year, int period, int nperiods);

/* The periods a year may be stepped by (`periods:` and --periods): 1, 2, 4
 * or 12.  Returns 1 when n is one of them. */
int rf_scenario_periods_valid(int n);

typedef struct rf_scenario {
    char *file;     /* the scenario file as given, or "(built-in)" */
    char *name;     /* scenario name */
    int *years;     /* [nyears] years to run, ascending, no duplicates */
    int nyears;
    int years_line; /* line of `years`, or 0 when defaulted */
    char *data_dir; /* dataset folder (relative to the scenario file's folder
                       already resolved), or NULL for the default dataset */
    int data_line;  /* line of `data`, or 0 */
    rf_demand_override *demand; /* [ndemand] */
    int ndemand;
    rf_capacity_override *capacity; /* [ncapacity] */
    int ncapacity;
    rf_policy *policies;            /* [npolicies] levers and shocks, in file order */
    int npolicies;
    rf_expectations expectations;   /* of the simulation's investment decisions */
    int expectations_line;          /* line of `expectations`, or 0 */
    rf_growth_override *growth;     /* [ngrowth] demand growth set by the scenario */
    int ngrowth;
    int periods;                    /* periods a year is stepped by: 0 or 1 annual, else 2, 4
                                       or 12 (rf_scenario_periods_valid); the simulation reads it */
    int periods_line;               /* line of `periods`, or 0 (default or --periods) */
    rf_uncertain *uncertain;        /* [nuncertain] the `uncertainty:` section (none: a plain run) */
    int nuncertain;
    char **uncertain_groups;        /* [nuncertain_groups] names of the `group:`s, in file order */
    int nuncertain_groups;
} rf_scenario;

/* The product of the scenario's capacity overrides that match facility f (1
 * without any): what rf_year_input_init multiplies a running plant's
 * capacity by. */
double rf_scenario_capacity_factor(const rf_scenario *sc, const rf_world *w, int f);

/* Growth factor of demand row d from base_year to year: the scenario's growth
 * rates where one matches the row (the last matching item wins), else the
 * dataset's (rf_world_growth). */
double rf_scenario_growth(const rf_scenario *sc, const rf_world *w, int d, int base_year, int year);

/*
 * One draw of the uncertain inputs applied to a worker's PRIVATE world and
 * scenario as data (never to the LP), and undone exactly, so that a worker
 * runs many draws on one loaded world (docs/uncertainty.md, "What each target
 * changes"):
 *   demand.growth      appends a demand_growth override (op set/multiply/add)
 *   facility.capacity  appends one capacity override per matching facility
 *   demand.elasticity, facility.cost, project.capex, project.lead_time
 *                      the world's field (rf_demand.elasticity,
 *                      rf_facility.unit_cost_usd_per_kg, rf_project.capex_usd,
 *                      rf_project.lead_time_years)
 *   policy.*           the lever's field (share, rate, price, quota_t, target_t,
 *                      factor, from/to)
 * A value that would make a field invalid is clamped to its hard bounds and
 * counted.  Apply before the simulation or market is built on the world: they
 * read it when they start.
 */
typedef struct rf_uncertain_saved {
    double *dp;            /* a double field changed, or NULL */
    int *ip;               /* an int field changed, or NULL */
    double dold;
    int iold;
} rf_uncertain_saved;

typedef struct rf_uncertain_undo {
    rf_uncertain_saved *saved; /* [nsaved] in the order they were changed; owned */
    int nsaved, cap;
    int ngrowth, ncapacity;    /* the scenario's own overrides; the draw's come after */
    int applied;               /* a draw is applied and not undone */
    int nclamped;              /* values clamped to a hard bound in the last apply */
    int *clamped;              /* [nclamped_cap] clamps of each input in the last apply; owned */
    int nclamped_cap;
} rf_uncertain_undo;

/* A zeroed record (equivalently `rf_uncertain_undo u = {0};`). */
void rf_uncertain_undo_init(rf_uncertain_undo *u);
/* Free what the record owns (undo first if a draw is applied). NULL-safe. */
void rf_uncertain_undo_free(rf_uncertain_undo *u);

/*
 * Apply values[i] (already drawn: the quantile of input i's distribution) to
 * input i of sc->uncertain for every i < sc->nuncertain.  The world and
 * scenario must be the caller's own copies and the scenario checked against
 * the world (rf_scenario_check).  RF_EINVAL when a draw is already applied
 * (undo first) or a value is not finite; RF_ENOMEM.  On failure nothing stays
 * changed.  undo->nclamped and undo->clamped[i] count the values clamped.
 */
rf_status rf_uncertain_apply(rf_world *w, rf_scenario *sc, const double *values, rf_uncertain_undo *undo,
                             rf_err *err);

/* Check the `uncertainty:` items against the world (part of rf_scenario_check):
 * every id a selector names exists, every pattern and every item matches
 * something.  RF_EINVAL with the item's line and field `uncertainty.KEY`. */
rf_status rf_uncertain_check(const rf_scenario *sc, const rf_world *w, rf_err *err);

/* How many world elements input i selects (demand rows, facilities, projects,
 * levers), for messages and tests. */
int rf_uncertain_count(const rf_scenario *sc, const rf_world *w, int i);

/* Restore every field the last apply changed, bit for bit; a no-op without one. */
void rf_uncertain_undo_apply(rf_world *w, rf_scenario *sc, rf_uncertain_undo *undo);

/* Bounds of a demand growth rate a year (`demand_growth:`, and a draw's rate). */
#define RF_GROWTH_RATE_MIN -0.5
#define RF_GROWTH_RATE_MAX 1.0

/* The default horizon of a run: the years of the built-in baseline and of a
 * scenario that gives no `years`. */
#define RF_DEFAULT_FIRST_YEAR 2024
#define RF_DEFAULT_LAST_YEAR 2040

/* The built-in baseline scenario: name "baseline", years 2024-2040, default data.
 * Returns an owned scenario or NULL with `err` set (RF_ENOMEM). */
rf_scenario *rf_scenario_new_baseline(rf_err *err);

/* Replace the years of `sc` by first..last (inclusive).  RF_EINVAL if last < first. */
rf_status rf_scenario_set_years(rf_scenario *sc, int first, int last, rf_err *err);

/*
 * Check the scenario against the world it runs on: every region, sector,
 * product and facility it names exists (or is "*").  An unknown name is
 * RF_EINVAL with the scenario file, the line of the item and its field.
 */
rf_status rf_scenario_check(const rf_scenario *sc, const rf_world *w, rf_err *err);

/*
 * What a year of the run is given, as data: the scenario's overrides and
 * shocks resolved onto the world's facilities and demand rows.  Policies
 * write their effects here; the market builds the year's LP from it and
 * never from the scenario directly.
 */
/*
 * A cap on the sum of the flows on a set of arcs (a quota row of the LP):
 * from `from` (a region) to every region with to_mask[r] set, for every
 * product with prod_mask[p] set.  A deferred limit's cap is known only after
 * a pre-solve of the year without it: cap = fixed_t + keep_share x the flow
 * the pre-solve put on those arcs (a licence, a quota or a ban for part of
 * the year).  Until then it is left out of the LP.
 */
typedef struct rf_flow_limit {
    int from;                /* exporting region */
    unsigned char *to_mask;  /* [nregions], owned */
    unsigned char *prod_mask;/* [nproducts], owned */
    double cap_t;            /* t/yr, when not deferred */
    int deferred;            /* cap still to be set from the pre-solve */
    double fixed_t, keep_share;
    int policy;              /* index in the scenario's policies */
    int ordinary_only;       /* counts only the ordinary (not compliant) products */
    double *prod_weight;     /* [nproducts] t the row counts per t of each product (a quota
                                in t REO: the product's REO content), owned; NULL: 1 each */
} rf_flow_limit;

/*
 * A column a lever adds to a region's use pool U(region, product): a supply
 * (sign +1: a stock release) or a withdrawal (sign -1: a stock fill, an
 * offtake delivery), with its cost in USD/kg (negative: willingness to pay)
 * and bounds in t/yr.
 */
typedef struct rf_extra_col {
    int region;
    int product;
    int sign;        /* +1 supplies the pool, -1 draws from it */
    int eol;         /* end-of-life scrap the simulation offers (policy -1), not a lever */
    double cost;     /* USD/kg in the objective */
    double lo, up;   /* t/yr */
    int policy;      /* index of the lever in the scenario */
} rf_extra_col;

/*
 * A commercial stock at a region's use pool for one period: `open_t` is
 * there at the start and may be drawn; the stock carried out of the period
 * is valued in steps around `target_t` at the expected next-period price
 * `price_usd_per_kg`, less the holding cost of the period (docs/model.md,
 * "Commercial inventories").
 */
/* Years a supplier stays qualified after its deliveries fall (docs/model.md). */
#define RF_QUALIFIED_YEARS 2.0

typedef struct rf_inventory_in {
    int region;
    int product;
    double open_t;            /* t at the start of the period */
    double target_t;          /* t the holders aim to carry (months of use) */
    double price_usd_per_kg;  /* expected next-period price */
    double max_close_t;       /* the most the stock can be at the end (restocking pace), t */
} rf_inventory_in;

/*
 * A price floor whose effect depends on the market: when the plant-gate
 * price of `product` at the facility, in a pre-solve without the floor, is
 * below `floor_usd_per_kg`, the facility's activity gets the lower bound
 * `bound_t` (its capacity or volume cap); otherwise the floor is idle.
 */
typedef struct rf_floor_cond {
    int facility;
    int product;
    double floor_usd_per_kg;
    double bound_t;
    int binding;    /* set by the runner: the floor was above the pre-solve price */
    int policy;
} rf_floor_cond;

/* Index of arc (from, to, product) in the per-arc arrays of rf_year_input. */
#define RF_ARC(in, from, to, p) ((((size_t)(from) * (size_t)(in)->nr) + (size_t)(to)) * (size_t)(in)->np + (size_t)(p))

/*
 * A sourcing rule in force in the year (one per scenario): demand that may
 * only be served by material that touched no excluded region at any stage,
 * exactly, through compliant variants of the products (`PRODUCT@tag`) that
 * exist only outside the excluded regions.  Compliant material may always be
 * downgraded to the ordinary product.  A content rule is the same machinery
 * seen from the exporter: third regions may export only compliant variants.
 */
typedef struct rf_sourcing {
    int active;
    char tag[32];                    /* variant suffix: "dfars" in magnet:NdFeB@dfars */
    double frac;                     /* share of the year in force */
    unsigned char *excluded;         /* [nr] regions whose material does not comply */
    unsigned char *variant;          /* [np] products that get a compliant variant */
    unsigned char *compliant_demand; /* [ndemand] rows to be served compliant */
    int exports_variants;            /* content rule: variants are received wherever the
                                        product is used, since only they may be exported */
    int policy;                      /* index of the lever in the scenario */
} rf_sourcing;

typedef struct rf_year_input {
    int year;
    /* The window of the year being solved: period 0..nperiods-1 of `year` cut
     * into nperiods equal runs of months (rf_policy_window_fraction); 0 and 1,
     * the whole year, unless the simulation steps periods.  Levers weigh
     * themselves by the share of the window their dates cover.  Every bound
     * of the LP stays a rate in t/yr in a window too (a quota, a stockpile's
     * rates, a floor's volume cap, capacities, demand): a window's results
     * are those rates times its length (docs/shortrun.md). */
    int period, nperiods;
    int nr, np;            /* regions and products of the world */
    double *cap_factor;    /* [nfacilities] capacity multiplier; 0 when the facility
                              does not run in this year */
    double *demand_factor; /* [ndemand] reference-quantity multiplier */
    /* Per arc [nr * nr * np], indexed by RF_ARC: */
    double *arc_specific;  /* specific wedge, USD/kg (time-weighted) */
    double *arc_rate;      /* ad valorem rate (time-weighted, net of exemptions), export
                              taxes included */
    double *arc_xrate;     /* of which export taxes (time-weighted; no exemption lifts them):
                              their share of arc_wedge goes to the exporter */
    double *arc_wedge;     /* the ad valorem wedge in force, USD/kg (rate x exporter price,
                              set by the tariff iteration) */
    double *arc_cap;       /* upper bound on the flow, t/yr; < 0 means none */
    double *arc_exempt;    /* share of the year the arc's tariffs are exempt */
    rf_flow_limit *limits; /* [nlimits] quota rows */
    int nlimits;
    double *min_activity;  /* [nfacilities] lower bound on activity, t/yr (0: none) */
    rf_floor_cond *floors; /* [nfloors] price floors, decided after a pre-solve */
    int nfloors;
    rf_extra_col *extra;   /* [nextra] supplies and demands that levers add */
    int nextra;
    rf_sourcing sourcing;  /* a sourcing or content rule, when active */
    int quick_tariffs;     /* ad valorem wedges set once from the untaxed prices, not iterated
                              (the simulation's look-ahead: an expectation, not a result) */
    /* The short run (docs/shortrun.md).  The LP's quantities are rates in t/yr
     * whatever the period; the market reports each period's quantities as
     * rate x 1/nperiods. */
    rf_inventory_in *inv;  /* [ninv] commercial stocks, owned (set by the simulation) */
    int ninv;
    double *arc_last;      /* [nr * nr * np] each arc's flow in the last period, t/yr, or
                              < 0 where the arc has no anchor; NULL: no arc is sticky */
    double *arc_anchor;    /* [nr * nr * np] the flow the buyer has qualified the supplier
                              for (the most of the last RF_QUALIFIED_YEARS), t/yr, >= arc_last */
    double *contract_t;    /* [nfacilities] activity held by a supply contract, t/yr (0: none);
                              a soft floor: the contract gives way at a cost of the plant's
                              unit cost per kg (docs/model.md, "Contracts") */
    double *use_last;      /* [nr * np] each region's use of each product in the last
                              period, t/yr: the widths of the switching steps */
} rf_year_input;

/* Fill `in` for `year` (owned arrays; release with rf_year_input_close) with
 * the scenario's demand and capacity overrides; policies are applied on top
 * by the policy layer.  Overrides apply in file order, so a later item
 * multiplies an earlier one. */
rf_status rf_year_input_init(rf_year_input *in, const rf_world *w, const rf_scenario *sc,
                             int year, rf_err *err);
void rf_year_input_close(rf_year_input *in);

/* Append an extra column (zeroed); returns it or NULL (ENOMEM). */
rf_extra_col *rf_year_input_add_col(rf_year_input *in);

/* Append a flow limit with owned, zeroed masks; returns it, or NULL with `err`
 * set: RF_ENOMEM, or RF_EINVAL past RF_MAX_FLOW_LIMITS rows in the year. */
rf_flow_limit *rf_year_input_add_limit(rf_year_input *in, rf_err *err);

/* Free a scenario and all it owns.  NULL-safe. */
void rf_scenario_free(rf_scenario *sc);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_SCENARIO_H */
