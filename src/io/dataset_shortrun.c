/*
 * dataset_shortrun.c: the short run's tables (docs/shortrun.md,
 * docs/data-format.md): switching.csv, inventories.csv, trade_2024.csv and
 * magnets_in_goods.csv.
 *
 * Each is optional: without them trade arcs are not sticky, no region holds
 * a commercial stock, the 2024 arcs have no anchor and no magnets are
 * counted as embedded, which is how the toy worlds run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/table.h"
#include "rareflow/limits.h"

/* family,step,width_share,premium_share: steps numbered 1.. in order, the
 * premiums rising, only the last one unbounded. */
static rf_status load_switching(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"family", "step", "width_share", "premium_share", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "switching.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t))) break;
        const char *fam = rf__fld(&t, "family");
        int f = 0;
        while (f < RF_FAM_COUNT && strcmp(fam, rf_family_name((rf_family)f))) f++;
        if (f == RF_FAM_COUNT) {
            st = rf__tab_err(&t, RF_EINVAL, "family", "unknown product family `%s`", fam);
            break;
        }
        double step, width, premium;
        if ((st = rf__get_num(&t, "step", 1, 0, 1, RF_MAX_SWITCH_STEPS, &step)) ||
            (st = rf__get_num(&t, "width_share", 0, -1.0, 0, 10, &width)) ||
            (st = rf__get_num(&t, "premium_share", 1, 0, 0, 100, &premium)))
            break;
        int n = w->nswitching[f];
        if (step != n + 1) {
            st = rf__tab_err(&t, RF_EINVAL, "step", "step %g of `%s` follows step %d: steps are numbered 1, 2, ... "
                             "in order", step, fam, n);
            break;
        }
        if (n > 0 && w->switching[f][n - 1].width_share < 0) {
            st = rf__tab_err(&t, RF_EINVAL, "width_share", "step %d of `%s` follows an unbounded step", n + 1, fam);
            break;
        }
        if (n > 0 && premium < w->switching[f][n - 1].premium_share) {
            st = rf__tab_err(&t, RF_EINVAL, "premium_share", "the premium %g falls below step %d's %g: premiums "
                             "rise with the steps", premium, n, w->switching[f][n - 1].premium_share);
            break;
        }
        w->switching[f][n] = (rf_switch_step){width, premium};
        w->nswitching[f] = n + 1;
    }
    rf__csv_free(t.csv);
    return st;
}

static rf_status load_inventories(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"region", "product", "months", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "inventories.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t)) ||
            (st = rf__too_many(&t, w->ninventories, RF_MAX_DEMAND_ROWS, "inventories", "RF_MAX_DEMAND_ROWS")))
            break;
        rf_inventory_rule *x = GROW(w->inventories, w->ninventories);
        if (!x) {
            st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
            break;
        }
        x->line = rf__line_of(&t);
        if ((st = rf__get_region(&t, w, "region", 0, &x->region)) ||
            (st = rf__get_product(&t, w, "product", &x->product)) ||
            (st = rf__get_num(&t, "months", 1, 0, 0, 24, &x->months)))
            break;
        for (int i = 0; i < w->ninventories - 1; i++)
            if (w->inventories[i].region == x->region && w->inventories[i].product == x->product) {
                st = rf__tab_err(&t, RF_EINVAL, "product", "a second stock of %s in %s (the first at line %d)",
                                 w->products[x->product].id, w->regions[x->region].id, w->inventories[i].line);
                break;
            }
    }
    rf__csv_free(t.csv);
    return st;
}

static rf_status load_observed(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"from", "to", "product", "t", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "trade_2024.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t)) ||
            (st = rf__too_many(&t, w->nobserved, RF_MAX_TRADE_RULES, "observed flows", "RF_MAX_TRADE_RULES")))
            break;
        rf_observed_flow *x = GROW(w->observed, w->nobserved);
        if (!x) {
            st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
            break;
        }
        x->line = rf__line_of(&t);
        if ((st = rf__get_region(&t, w, "from", 0, &x->from)) || (st = rf__get_region(&t, w, "to", 0, &x->to)) ||
            (st = rf__get_product(&t, w, "product", &x->product)) ||
            (st = rf__get_num(&t, "t", 1, 0, 0, RF_MAX_QTY_T, &x->t)))
            break;
        if (x->from == x->to) {
            st = rf__tab_err(&t, RF_EINVAL, "to", "a flow from %s to itself is not trade", w->regions[x->from].id);
            break;
        }
        for (int i = 0; i < w->nobserved - 1; i++)
            if (w->observed[i].from == x->from && w->observed[i].to == x->to && w->observed[i].product == x->product) {
                st = rf__tab_err(&t, RF_EINVAL, "product", "the flow %s>%s of %s again (first at line %d)",
                                 w->regions[x->from].id, w->regions[x->to].id, w->products[x->product].id,
                                 w->observed[i].line);
                break;
            }
    }
    rf__csv_free(t.csv);
    return st;
}

static rf_status load_embedded(rf__source *src, rf_world *w, rf_err *err)
{
    static const char *const cols[] = {"region", "assembler", "sector", "t", "source", NULL};
    rf__tab t;
    rf_status st = rf__open_optional(src, "magnets_in_goods.csv", cols, &t, err);
    for (t.row = 0; st == RF_OK && t.csv && t.row < t.csv->nrows; t.row++) {
        if ((st = rf__need_source(&t)) ||
            (st = rf__too_many(&t, w->nembedded, RF_MAX_DEMAND_ROWS, "embedded flows", "RF_MAX_DEMAND_ROWS")))
            break;
        rf_embedded *x = GROW(w->embedded, w->nembedded);
        if (!x) {
            st = rf__tab_err(&t, RF_ENOMEM, NULL, "out of memory");
            break;
        }
        x->line = rf__line_of(&t);
        const char *sector = rf__fld(&t, "sector");
        if ((st = rf__get_region(&t, w, "region", 0, &x->region)) ||
            (st = rf__get_region(&t, w, "assembler", 0, &x->assembler)))
            break;
        if (!rf_world_has_sector(w, sector)) {
            st = rf__tab_err(&t, RF_EINVAL, "sector", "unknown sector `%s` (no demand row has it)", sector);
            break;
        }
        if ((st = rf__get_text(&t, "sector", &x->sector)) || (st = rf__get_num(&t, "t", 1, 0, 0, RF_MAX_QTY_T, &x->t)))
            break;
    }
    rf__csv_free(t.csv);
    return st;
}

rf_status rf__dataset_load_shortrun(rf__source *src, rf_world *w, rf_err *err)
{
    rf_status st = load_switching(src, w, err);
    if (st == RF_OK) st = load_inventories(src, w, err);
    if (st == RF_OK) st = load_observed(src, w, err);
    if (st == RF_OK) st = load_embedded(src, w, err);
    return st;
}
