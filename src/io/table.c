/* table.c: dataset tables read row by row (see io/table.h). */
#include "io/table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/limits.h"

/* ---------- table and field helpers ---------- */


int rf__line_of(const rf__tab *t) { return t->csv->lines[t->row]; }

/* Record an error at the current row of t. */
rf_status rf__tab_err(const rf__tab *t, rf_status code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rf_err_vset(t->err, code, t->csv->path, rf__line_of(t), field, fmt, ap);
    va_end(ap);
    return code;
}


/* Read and parse table `name`; *absent is set when the reader has no such table. */
static rf_status read_table(const rf__source *src, const char *name, rf_csv **csv, int *absent, rf_err *err)
{
    char *text = NULL;
    size_t len = 0;
    *csv = NULL;
    char *path = rf__path_join(src->dir, name);
    if (!path) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    rf_status st = src->read(src->ctx, path, &text, &len, absent, err);
    if (st == RF_OK) st = rf__csv_parse(path, text, len, csv, err);
    free(text);
    free(path);
    return st;
}

static rf_status open_table(const rf__source *src, const char *name, const char *const *cols, rf__tab *t,
                            int *absent, rf_err *err)
{
    t->csv = NULL;
    t->row = 0;
    t->err = err;
    rf_status st = read_table(src, name, &t->csv, absent, err);
    if (st != RF_OK) return st;
    for (int i = 0; cols[i]; i++)
        if (rf__csv_col(t->csv, cols[i]) < 0)
            return rf_err_set(err, RF_EPARSE, t->csv->path, 1, cols[i], "missing column");
    return RF_OK;
}

rf_status rf__open_table(const rf__source *src, const char *name, const char *const *cols, rf__tab *t,
                         rf_err *err)
{
    int absent = 0;
    return open_table(src, name, cols, t, &absent, err);
}

rf_status rf__open_optional(const rf__source *src, const char *name, const char *const *cols, rf__tab *t,
                            rf_err *err)
{
    /* Into a scratch error first: an absent table is no error and leaves `err` alone. */
    int absent = 0;
    rf_err quiet;
    rf_err_clear(&quiet);
    rf_status st = open_table(src, name, cols, t, &absent, &quiet);
    if (st != RF_OK) {
        rf__csv_free(t->csv);
        t->csv = NULL;
        if (absent) return RF_OK;
        if (err) *err = quiet;
        return st;
    }
    t->err = err;
    return RF_OK;
}

const char *rf__fld(const rf__tab *t, const char *name)
{
    return rf__csv_get(t->csv, t->row, rf__csv_col(t->csv, name));
}

/* Every row of every table must say where its figures come from. */
rf_status rf__need_source(const rf__tab *t)
{
    if (!rf__fld(t, "source")[0]) return rf__tab_err(t, RF_EINVAL, "source", "missing source");
    return RF_OK;
}

rf_status rf__get_ident(const rf__tab *t, const char *name, char **out)
{
    const char *s = rf__fld(t, name);
    if (!s[0]) return rf__tab_err(t, RF_EINVAL, name, "missing value");
    if (!rf__is_ident(s)) return rf__tab_err(t, RF_EINVAL, name, "`%s` is not a valid id", s);
    if (strchr(s, '*')) return rf__tab_err(t, RF_EINVAL, name, "`*` is the wildcard and cannot be part of an id");
    *out = rf__strdup(s);
    return *out ? RF_OK : rf__tab_err(t, RF_ENOMEM, name, "out of memory");
}

rf_status rf__get_text(const rf__tab *t, const char *name, char **out)
{
    *out = rf__strdup(rf__fld(t, name));
    return *out ? RF_OK : rf__tab_err(t, RF_ENOMEM, name, "out of memory");
}

/* A number in [lo, hi]; an empty optional field gives `dflt`. */
rf_status rf__get_num(const rf__tab *t, const char *name, int required, double dflt, double lo,
                         double hi, double *out)
{
    const char *s = rf__fld(t, name);
    if (!s[0]) {
        if (required) return rf__tab_err(t, RF_EINVAL, name, "missing value");
        *out = dflt;
        return RF_OK;
    }
    double v;
    if (rf__parse_double(s, &v)) return rf__tab_err(t, RF_EINVAL, name, "`%s` is not a number", s);
    if (v < lo) {
        if (lo == 0.0) return rf__tab_err(t, RF_EINVAL, name, "negative value %g", v);
        return rf__tab_err(t, RF_EINVAL, name, "%g is below the minimum %g", v, lo);
    }
    if (v > hi) return rf__tab_err(t, RF_EINVAL, name, "%g is above the maximum %g", v, hi);
    *out = v;
    return RF_OK;
}

rf_status rf__get_year(const rf__tab *t, const char *name, int *out)
{
    const char *s = rf__fld(t, name);
    *out = 0;
    if (!s[0]) return RF_OK;
    if (rf__parse_int(s, out) || *out < RF_DATA_YEAR_MIN || *out > RF_YEAR_MAX)
        return rf__tab_err(t, RF_EINVAL, name, "`%s` is not a year within %d..%d", s, RF_DATA_YEAR_MIN, RF_YEAR_MAX);
    return RF_OK;
}

rf_status rf__get_region(const rf__tab *t, const rf_world *w, const char *name, int wildcard,
                            int *out)
{
    const char *s = rf__fld(t, name);
    if (wildcard && strcmp(s, "*") == 0) {
        *out = -1;
        return RF_OK;
    }
    *out = rf_world_region(w, s);
    if (*out < 0) return rf__tab_err(t, RF_EINVAL, name, "unknown region `%s`", s);
    return RF_OK;
}

rf_status rf__get_product(const rf__tab *t, const rf_world *w, const char *name, int *out)
{
    const char *s = rf__fld(t, name);
    *out = rf_world_product(w, s);
    if (*out < 0) return rf__tab_err(t, RF_EINVAL, name, "unknown product `%s`", s);
    return RF_OK;
}

/* The recipes of facility f, "r1;r2", after its stage (a recipe that takes
 * no input is a mine's alone); then f's place among the (facility, recipe)
 * pairs of the world. */
rf_status rf__get_recipes(const rf__source *src, const rf__tab *t, rf_world *w, rf_facility *f)
{
    const char *s = rf__fld(t, "recipes");
    char name[128];
    while (*s) {
        size_t n = strcspn(s, ";");
        if (n == 0 || n >= sizeof name) return rf__tab_err(t, RF_EINVAL, "recipes", "bad recipe list");
        memcpy(name, s, n);
        name[n] = '\0';
        int k = rf__index_get(&src->recipes, name);
        if (k < 0) return rf__tab_err(t, RF_EINVAL, "recipes", "unknown recipe `%s`", name);
        if (f->stage != RF_STAGE_MINE && w->recipes[k].nin == 0)
            return rf__tab_err(t, RF_EINVAL, "recipes", "recipe `%s` takes no input: only a mine may make "
                               "material from nothing", name);
        if (f->nrecipes >= RF_MAX_FACILITY_RECIPES)
            return rf__tab_err(t, RF_EINVAL, "recipes", "more than %d recipes (RF_MAX_FACILITY_RECIPES)",
                               RF_MAX_FACILITY_RECIPES);
        for (int i = 0; i < f->nrecipes; i++)
            if (f->recipes[i] == k) return rf__tab_err(t, RF_EINVAL, "recipes", "recipe `%s` listed twice", name);
        int *slot = GROW(f->recipes, f->nrecipes);
        if (!slot) return rf__tab_err(t, RF_ENOMEM, NULL, "out of memory");
        *slot = k;
        s += n;
        if (*s == ';') s++;
    }
    if (f->nrecipes == 0) return rf__tab_err(t, RF_EINVAL, "recipes", "a facility needs a recipe");
    f->recipe_offset = w->nfac_recipes;
    w->nfac_recipes += f->nrecipes;
    return RF_OK;
}

/* The row would take a table past its limit (rareflow/limits.h). */
rf_status rf__too_many(const rf__tab *t, int n, int max, const char *what, const char *limit)
{
    if (n < max) return RF_OK;
    return rf__tab_err(t, RF_EINVAL, NULL, "more than %d %s (%s)", max, what, limit);
}

/* Grow a typed array by one zeroed element; returns the new element or NULL. */
void *rf__grow(void **arr, int *n, size_t size)
{
    char *p = realloc(*arr, (size_t)(*n + 1) * size);
    if (!p) return NULL;
    memset(p + (size_t)*n * size, 0, size);
    *arr = p;
    return p + (size_t)(*n)++ * size;
}


