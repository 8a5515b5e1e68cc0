/*
 * io/table.h: reading one dataset table row by row (internal to the input
 * layer): the table in hand, field getters that check types and ranges and
 * name `file:line: field` on failure, and where the tables come from (a
 * folder or an rf_table_reader).  Shared by dataset.c (the 2024 world) and
 * dataset_years.c (the tables of the years).
 */
#ifndef RF_IO_TABLE_H
#define RF_IO_TABLE_H

#include <stddef.h>

#include "core/index.h"
#include "io/csv.h"
#include "rareflow/io.h"
#include "rareflow/world.h"

/* A table being read: its CSV, the row in hand and the error sink. */
typedef struct rf__tab {
    rf_csv *csv;
    int row;
    rf_err *err;
} rf__tab;

/* Where the tables come from: a folder, or whatever the reader reads. */
typedef struct rf__source {
    const char *dir;
    rf_table_reader read;
    void *ctx;
    /* Lookups that would otherwise scan every earlier row (see core/index.h). */
    rf__index ores, recipes, facilities, demand, baskets;
} rf__source;

/* 1-based line of the row in hand. */
int rf__line_of(const rf__tab *t);

/* Record an error at the row in hand (printf-formatted); returns `code`. */
rf_status rf__tab_err(const rf__tab *t, rf_status code, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Open table `name` and check that every column of cols[] (NULL-terminated) is
 * in its header.  On failure t->csv may hold the table: the caller frees it. */
rf_status rf__open_table(const rf__source *src, const char *name, const char *const *cols, rf__tab *t,
                         rf_err *err);

/* The same for an optional table: RF_OK with t->csv NULL when the reader has
 * no such table (and `err` untouched); a table that is there is checked as
 * any other, and on failure t->csv is NULL. */
rf_status rf__open_optional(const rf__source *src, const char *name, const char *const *cols, rf__tab *t,
                            rf_err *err);

/* The text of column `name` in the row in hand ("" when empty). Borrowed. */
const char *rf__fld(const rf__tab *t, const char *name);

/* The row gives its source. */
rf_status rf__need_source(const rf__tab *t);

/* An owned id (no wildcard), or owned text. */
rf_status rf__get_ident(const rf__tab *t, const char *name, char **out);
rf_status rf__get_text(const rf__tab *t, const char *name, char **out);

/* A number in [lo, hi]; an empty optional field gives `dflt`. */
rf_status rf__get_num(const rf__tab *t, const char *name, int required, double dflt, double lo, double hi,
                      double *out);

/* A year within RF_DATA_YEAR_MIN..RF_YEAR_MAX, or 0 when empty. */
rf_status rf__get_year(const rf__tab *t, const char *name, int *out);

/* A region index (-1 for "*" when `wildcard`), or a product index. */
rf_status rf__get_region(const rf__tab *t, const rf_world *w, const char *name, int wildcard, int *out);
rf_status rf__get_product(const rf__tab *t, const rf_world *w, const char *name, int *out);

/* The `recipes` column ("r1;r2") into f->recipes, each a known recipe listed
 * once that takes an input unless f (its stage already set) is a mine; then
 * f->recipe_offset and w->nfac_recipes.  Shared by facilities.csv and
 * candidates.csv. */
rf_status rf__get_recipes(const rf__source *src, const rf__tab *t, rf_world *w, rf_facility *f);

/* RF_EINVAL naming `limit` when a table already holds `max` items. */
rf_status rf__too_many(const rf__tab *t, int n, int max, const char *what, const char *limit);

/* The optional tables of the years (dataset_years.c), read after every other
 * table: projects, candidates, demand growth, price paths, finance, lifetimes,
 * substitution, parameters. */
rf_status rf__dataset_load_years(rf__source *src, rf_world *w, rf_err *err);

/* The short run's optional tables: switching.csv, inventories.csv,
 * trade_2024.csv, magnets_in_goods.csv (dataset_shortrun.c). */
rf_status rf__dataset_load_shortrun(rf__source *src, rf_world *w, rf_err *err);

/* The supply-risk tables (dataset_risk.c): governance.csv and substitution_index.csv,
 * both optional. */
rf_status rf__dataset_load_risk(rf__source *src, rf_world *w, rf_err *err);

/* Grow a typed array by one zeroed element; returns the new element or NULL. */
void *rf__grow(void **arr, int *n, size_t size);
#define GROW(arr, n) rf__grow((void **)&(arr), &(n), sizeof *(arr))

#endif
