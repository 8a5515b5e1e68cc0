/*
 * rareflow/limits.h: the hard limits on what rareflow reads, in the manner of
 * SQLite's SQLITE_MAX_* (docs/robustness.md lists them with their reasons).
 *
 * Every input is bounded so that no file a person could write, and no file
 * sent by a stranger once scenarios arrive over HTTP, can make rareflow run
 * for minutes, take gigabytes, overflow a number or abort the solver.  A
 * value beyond a limit is bad input: RF_EINVAL naming the file, line and
 * field, and the limit by its name.  The limits are far above any real
 * dataset or scenario (the 2024 world has 20 regions, 35 products, 44
 * facilities, 57 demand rows; a scenario a few dozen levers).
 */
#ifndef RAREFLOW_LIMITS_H
#define RAREFLOW_LIMITS_H

/* ---- files ---- */
#define RF_MAX_SCENARIO_BYTES (1024 * 1024)     /* a scenario file */
#define RF_MAX_ASSET_BYTES (16 * 1024 * 1024)   /* a web asset of the report or dashboard (a chart library) */
#define RF_MAX_CSV_BYTES (32 * 1024 * 1024)     /* one dataset table */
#define RF_MAX_CSV_ROWS 200000                  /* records of one table */
#define RF_MAX_CSV_COLUMNS 64                   /* fields of one record */
#define RF_MAX_FIELD_BYTES 4096                 /* one CSV field or YAML scalar */
#define RF_MAX_ID_BYTES 64                      /* an id: region, product, facility, sector, ... */
#define RF_MAX_NAME_BYTES 256                   /* a label: scenario or lever name */
#define RF_MAX_YAML_DEPTH 16                    /* nesting of lists and mappings (a scenario needs 4) */
#define RF_MAX_YAML_NODES 200000                /* nodes of a scenario document */

/* ---- the world ---- */
#define RF_MAX_REGIONS 100
#define RF_MAX_ELEMENTS 64
#define RF_MAX_ORES 1000
#define RF_MAX_PRODUCTS 200
#define RF_MAX_ARCS 500000                      /* regions^2 x products: per-arc arrays are dense */
#define RF_MAX_RECIPES 10000
#define RF_MAX_RECIPE_FLOWS 64                  /* inputs plus outputs of one recipe */
#define RF_MAX_FACILITY_RECIPES 64             /* alternative recipes of one facility */
#define RF_MAX_FACILITIES 10000
#define RF_MAX_DEMAND_ROWS 20000
#define RF_MAX_TRADE_RULES 20000

/* ---- scenarios ---- */
#define RF_MAX_LEVERS 1000                      /* levers and shocks of one scenario */
#define RF_MAX_OVERRIDES 1000                   /* demand plus capacity overrides */
#define RF_MAX_LIST_IDS 1000                    /* ids in one list of a lever */
#define RF_YEAR_MIN 2000                        /* years a run or a lever date may name */
#define RF_YEAR_MAX 2100
#define RF_DATA_YEAR_MIN 1800                   /* start and end years in the dataset */
/* The periods a year may be stepped by (`periods:`, --periods): whole runs of
 * months, so 1 (annual), 2, 4 (quarters) or 12.  One rule for the scenario
 * reader and the command line, which sees only this header. */
#define RF_PERIODS_VALID(n) ((n) == 1 || (n) == 2 || (n) == 4 || (n) == 12)

/* ---- numbers (docs/robustness.md: the largest sensible value, with room) ---- */
#define RF_MAX_QTY_T 1e9                        /* any tonnage, given or after factors, t/yr */
#define RF_MAX_PRICE_USD_PER_KG 1e6             /* any price, cost or wedge given, USD/kg */
#define RF_MAX_TARIFF_RATE 100.0                /* ad valorem, 100 = 10,000% */
#define RF_MAX_FACTOR 1000.0                    /* demand, capacity and shock multipliers */
#define RF_MAX_COST_FACTOR 100.0                /* a tranche's multiple of the unit cost */
#define RF_MAX_MUSD 1e6                         /* an amount of money a lever gives (a grant, a
                                                   guaranteed EBITDA a year), MUSD: 1e12 USD */
#define RF_MAX_TERM_YEARS 100                   /* a loan's tenor, a guarantee's years, a lead-time
                                                   cut or delay, years */
#define RF_MAX_RAMP_STRETCH 10.0                /* a technology ban's stretch of a ramp-up */

/* ---- the year's model ---- */
#define RF_MAX_FLOW_LIMITS 20000                /* quota rows the levers of one year add */
#define RF_MAX_LP_ROWS 2000000
#define RF_MAX_LP_COLS 4000000
#define RF_MAX_LP_NONZEROS 40000000L

#endif /* RAREFLOW_LIMITS_H */
