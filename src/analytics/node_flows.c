/*
 * node_flows.c: a year's flows per balance node (analytics/node_flows.h).
 */
#include <stdlib.h>
#include <string.h>

#include "analytics/node_flows.h"

int rf__product_stage(const rf_world *w, int p)
{
    switch (w->products[p].family) {
    case RF_FAM_CONCENTRATE: return RF_STAGE_MINE;
    case RF_FAM_OXIDE: return RF_STAGE_SEPARATION;
    case RF_FAM_METAL: return RF_STAGE_METAL;
    case RF_FAM_MAGNET: return RF_STAGE_MAGNET;
    default: return -1;
    }
}

void rf__node_flows_free(rf__node_flows *f)
{
    free(f->made);
    free(f->made_stage);
    free(f->eol);
    free(f->exports);
    free(f->imports);
    free(f->drawn);
    free(f->arc);
    memset(f, 0, sizeof *f);
}

int rf__node_flows_init(rf__node_flows *f, const rf_world *w, const rf_year_result *yr)
{
    memset(f, 0, sizeof *f);
    f->nr = w->nregions;
    f->np = w->nproducts;
    size_t nn = RF__NN(f);
    f->made = calloc(nn + 1, sizeof *f->made);
    f->made_stage = calloc(nn * RF_STAGE_COUNT + 1, sizeof *f->made_stage);
    f->eol = calloc(nn + 1, sizeof *f->eol);
    f->exports = calloc(nn + 1, sizeof *f->exports);
    f->imports = calloc(nn + 1, sizeof *f->imports);
    f->drawn = calloc(nn + 1, sizeof *f->drawn);
    f->arc = calloc(nn * (size_t)f->nr + 1, sizeof *f->arc);
    if (!f->made || !f->made_stage || !f->eol || !f->exports || !f->imports || !f->drawn || !f->arc) return -1;
    for (int i = 0; i < yr->nproduction; i++) {
        const rf_facility *fac = &w->facilities[yr->production[i].facility];
        size_t n = RF__NODE(f, fac->region, yr->production[i].product);
        f->made[n] += yr->production[i].t;
        f->made_stage[n * RF_STAGE_COUNT + (size_t)fac->stage] += yr->production[i].t;
    }
    for (int i = 0; i < yr->ntrade; i++) {
        const rf_trade_flow *t = &yr->trade[i];
        f->exports[RF__NODE(f, t->from, t->product)] += t->t;
        f->imports[RF__NODE(f, t->to, t->product)] += t->t;
        f->arc[RF__ARC(f, t->from, t->to, t->product)] += t->t;
    }
    for (int i = 0; i < yr->nextra && yr->extra_t; i++) {
        if (!(yr->extra_t[i] > 0.0) || yr->extra_sign[i] < 0) continue;
        size_t n = RF__NODE(f, yr->extra_region[i], yr->extra_product[i]);
        if (yr->extra_eol && yr->extra_eol[i]) f->eol[n] += yr->extra_t[i];
        else f->drawn[n] += yr->extra_t[i]; /* a strategic stock released, an offtake delivered */
    }
    for (int i = 0; i < yr->ninventory; i++) {
        double d = yr->inventory[i].open_t - yr->inventory[i].t;
        if (d > 0.0) f->drawn[RF__NODE(f, yr->inventory[i].region, yr->inventory[i].product)] += d;
    }
    return 0;
}
