/*
 * dataset_risk.c: the supply-risk tables (docs/analytics.md "Supply risk",
 * docs/data-format.md): governance.csv and substitution_index.csv.
 *
 * Both are optional.  Without governance.csv every region scores 5 (the
 * middle of the EU's 0-10 scale); without substitution_index.csv every
 * element has a substitution index of 1 (no substitute reduces the risk).
 * A table that is present must give every row a source; regions and
 * elements it does not list keep the default.
 */
#include <stdlib.h>
#include <string.h>

#include "io/table.h"

/* region,wgi,source[,note]: wgi on the EU's scale, 0 (best) to 10 (worst). */
static rf_status load_governance(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"region", "wgi", "source", NULL};
    rf__tab t;
    int *line = NULL;
    rf_status st = rf__open_optional(src, "governance.csv", cols, &t, err);
    if (st == RF_OK && t.csv) {
        w->wgi = malloc(((size_t)w->nregions + 1) * sizeof *w->wgi);
        line = calloc((size_t)w->nregions + 1, sizeof *line);
        if (!w->wgi || !line) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        for (int r = 0; st == RF_OK && r < w->nregions; r++) w->wgi[r] = 5.0;
    }
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        int r;
        double v;
        if ((st = rf__need_source(&t)) || (st = rf__get_region(&t, w, "region", 0, &r)) ||
            (st = rf__get_num(&t, "wgi", 1, 0, 0, 10, &v)))
            break;
        if (line[r]) {
            st = rf__tab_err(&t, RF_EINVAL, "region", "a second governance score for %s (the first at line %d)",
                             w->regions[r].id, line[r]);
            break;
        }
        line[r] = rf__line_of(&t);
        w->wgi[r] = v;
    }
    free(line);
    rf__csv_free(t.csv);
    return st;
}

/* element,si,source[,note]: the EU's substitution index for supply risk, 0..1. */
static rf_status load_substitution_index(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"element", "si", "source", NULL};
    rf__tab t;
    int *line = NULL;
    rf_status st = rf__open_optional(src, "substitution_index.csv", cols, &t, err);
    if (st == RF_OK && t.csv) {
        w->si = malloc(((size_t)w->nelements + 1) * sizeof *w->si);
        line = calloc((size_t)w->nelements + 1, sizeof *line);
        if (!w->si || !line) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        for (int e = 0; st == RF_OK && e < w->nelements; e++) w->si[e] = 1.0;
    }
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        double v;
        if ((st = rf__need_source(&t))) break;
        const char *id = rf__fld(&t, "element");
        int e = rf_world_element(w, id);
        if (e < 0) {
            st = rf__tab_err(&t, RF_EINVAL, "element", "unknown element `%s` (elements.csv)", id);
            break;
        }
        if ((st = rf__get_num(&t, "si", 1, 0, 0, 1, &v))) break;
        if (line[e]) {
            st = rf__tab_err(&t, RF_EINVAL, "element", "a second substitution index for %s (the first at line %d)",
                             w->elements[e].id, line[e]);
            break;
        }
        line[e] = rf__line_of(&t);
        w->si[e] = v;
    }
    free(line);
    rf__csv_free(t.csv);
    return st;
}

rf_status rf__dataset_load_risk(rf__source *src, rf_world *w, rf_err *err)
{
    rf_status st = load_governance(src, w, err);
    if (st == RF_OK) st = load_substitution_index(src, w, err);
    return st;
}
