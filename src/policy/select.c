/* select.c: region and product lists of levers (see policy/select.h). */
#include "policy/select.h"

#include <string.h>

int rf__match_id(const rf_idlist *l, const char *id)
{
    if (l->n == 0) return 1;
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->ids[i], "*") || !strcmp(l->ids[i], id)) return 1;
    return 0;
}

int rf__match_region(const rf_world *w, const rf_idlist *l, int r)
{
    return rf__match_id(l, w->regions[r].id);
}

/* "family:*" -> the family's index, or -1 when `id` is not a family pattern. */
static int family_of(const char *id)
{
    size_t n = strlen(id);
    char fam[32];
    if (n < 3 || n - 2 >= sizeof fam || strcmp(id + n - 2, ":*")) return -1;
    memcpy(fam, id, n - 2);
    fam[n - 2] = '\0';
    return rf_family_from_name(fam);
}

int rf__match_product(const rf_world *w, const rf_idlist *l, int p)
{
    if (l->n == 0) return 1;
    for (int i = 0; i < l->n; i++) {
        const char *id = l->ids[i];
        if (!strcmp(id, "*") || !strcmp(id, w->products[p].id)) return 1;
        if (family_of(id) == (int)w->products[p].family) return 1;
    }
    return 0;
}

rf_status rf__check_regions(const rf_world *w, const rf_idlist *l, const char *file, int line,
                            const char *field, rf_err *err)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->ids[i], "*") && rf_world_region(w, l->ids[i]) < 0)
            return rf_err_set(err, RF_EINVAL, file, line, field, "unknown region `%s`", l->ids[i]);
    return RF_OK;
}

rf_status rf__check_products(const rf_world *w, const rf_idlist *l, const char *file, int line,
                             const char *field, rf_err *err)
{
    for (int i = 0; i < l->n; i++) {
        const char *id = l->ids[i];
        if (!strcmp(id, "*") || rf_world_product(w, id) >= 0) continue;
        if (strchr(id, '*') && family_of(id) >= 0) continue;
        return rf_err_set(err, RF_EINVAL, file, line, field,
                          "unknown product `%s` (a product id, a family such as `magnet:*`, or `*`)", id);
    }
    return RF_OK;
}

void rf__fill_limit(const rf_world *w, rf_flow_limit *l, int from, const rf_idlist *dests,
                    const rf_idlist *prods)
{
    l->from = from;
    for (int r = 0; r < w->nregions; r++) l->to_mask[r] = r != from && rf__match_region(w, dests, r);
    for (int p = 0; p < w->nproducts; p++) l->prod_mask[p] = (unsigned char)rf__match_product(w, prods, p);
}
