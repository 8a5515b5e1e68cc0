/*
 * analytics/node_flows.h: a year's flows per balance node (region, product),
 * read from its result once for the measures that trace them through the
 * pools (provenance.c, stage_flows.c).  Private to the analytics library.
 *
 * Nodes are region * nproducts + product; a compliant variant counts as its
 * product.  Tonnes of the product's own unit.
 */
#ifndef RF_ANALYTICS_NODE_FLOWS_H
#define RF_ANALYTICS_NODE_FLOWS_H

#include <stddef.h>

#include "rareflow/results.h"
#include "rareflow/world.h"

typedef struct rf__node_flows {
    int nr, np;
    double *made;       /* [nn] made by the region's plants */
    double *made_stage; /* [nn * RF_STAGE_COUNT] of which by plants of each stage */
    double *eol;        /* [nn] end-of-life scrap collected (the simulation's eol columns) */
    double *exports;    /* [nn] shipped out of the own-output pool O(r,p) */
    double *imports;    /* [nn] shipped into the use pool U(r,p) */
    double *drawn;      /* [nn] into U(r,p) from stocks: commercial stocks drawn (open - close),
                           strategic releases and offtake deliveries (extra columns of sign >= 0) */
    double *arc;        /* [nr * nr * np] trade by arc from -> to */
} rf__node_flows;

#define RF__NN(f) ((size_t)(f)->nr * (size_t)(f)->np)
#define RF__NODE(f, r, p) ((size_t)(r) * (size_t)(f)->np + (size_t)(p))
#define RF__ARC(f, from, to, p) ((((size_t)(from) * (size_t)(f)->nr) + (size_t)(to)) * (size_t)(f)->np + (size_t)(p))

/* The stage a product's family stands for: concentrate mine, oxide
 * separation, metal metal, magnet magnet; -1 for scrap. */
int rf__product_stage(const rf_world *w, int p);

/* Fill `f` from the year's production, trade, extra columns and inventory.
 * 0, or -1 on ENOMEM (release with rf__node_flows_free either way). */
int rf__node_flows_init(rf__node_flows *f, const rf_world *w, const rf_year_result *yr);

void rf__node_flows_free(rf__node_flows *f);

#endif /* RF_ANALYTICS_NODE_FLOWS_H */
