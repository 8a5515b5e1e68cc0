/* hand_year.c: see analytics/hand_year.h. */
#include "analytics/hand_year.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

void rf_hand_run_recipe(const rf_world *w, rf_year_result *yr, const char *fid, const char *rid, double a)
{
    int f = rf_world_facility(w, fid);
    assert_true(f >= 0);
    const rf_facility *fac = &w->facilities[f];
    for (int k = 0; k < fac->nrecipes; k++) {
        const rf_recipe *r = &w->recipes[fac->recipes[k]];
        if (strcmp(r->id, rid)) continue;
        yr->activity[fac->recipe_offset + k] += a;
        for (int i = 0; i < r->nout; i++) {
            yr->production = realloc(yr->production, (size_t)(yr->nproduction + 1) * sizeof *yr->production);
            assert_non_null(yr->production);
            yr->production[yr->nproduction++] = (rf_output){f, r->out[i].product, a * r->out[i].qty};
        }
        return;
    }
    fail_msg("no recipe %s at %s", rid, fid);
}

void rf_hand_ship(const rf_world *w, rf_year_result *yr, const char *from, const char *to, const char *product,
                  double t)
{
    yr->trade = realloc(yr->trade, (size_t)(yr->ntrade + 1) * sizeof *yr->trade);
    assert_non_null(yr->trade);
    yr->trade[yr->ntrade++] = (rf_trade_flow){rf_world_region(w, from), rf_world_region(w, to),
                                              rf_world_product(w, product), t, 0};
}
