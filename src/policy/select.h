/*
 * policy/select.h: matching a lever's lists of regions and products
 * (internal to the policy layer).  "*" matches everything; a product list may
 * name a family as "magnet:*"; an empty list matches everything.
 */
#ifndef RF_POLICY_SELECT_H
#define RF_POLICY_SELECT_H

#include "rareflow/scenario.h"
#include "rareflow/world.h"

/* Whether `id` is in the list (a sector, a stage name, a facility id). */
int rf__match_id(const rf_idlist *l, const char *id);
int rf__match_region(const rf_world *w, const rf_idlist *l, int r);
int rf__match_product(const rf_world *w, const rf_idlist *l, int p);

/* Every id of the list is a known region ("*" allowed). */
rf_status rf__check_regions(const rf_world *w, const rf_idlist *l, const char *file, int line,
                            const char *field, rf_err *err);
/* Every id of the list is a known product, family ("oxide:*") or "*". */
rf_status rf__check_products(const rf_world *w, const rf_idlist *l, const char *file, int line,
                             const char *field, rf_err *err);

/* Fill `l`'s masks for arcs from region `from` to regions matching `dests`
 * (never `from` itself) and products matching `prods`. */
void rf__fill_limit(const rf_world *w, rf_flow_limit *l, int from, const rf_idlist *dests,
                    const rf_idlist *prods);

#endif
