/*
 * test_embedded.c: magnets consumed inside goods assembled elsewhere, on the
 * toy world (tests/data/toy) solved by hand.
 *
 * CN's ev_traction rows hold 600 t of standard and 150 t of high-coercivity
 * magnets (750 t in the base year).  Say 150 t of them (a fifth) end in cars
 * driven in the US.  In a year CN is served 540 + 120 = 660 t for the sector,
 * the US gets a fifth of it, 132 t, in goods: its final consumption is its
 * direct 150 + 20 t served plus 132 t, and CN's 660 + 0 (Ce is no magnet)
 * less 132 t.
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"
#include "rareflow/io.h"
#include "rf_test.h"

#define TOY RF_TEST_DATA_DIR "/toy"

static void test_embedded_scales_with_the_assembler(void **state)
{
    (void)state;
    rf_world *w = NULL;
    assert_int_equal(rf_dataset_load(TOY, &w, NULL), RF_OK);
    int cn = rf_world_region(w, "CN"), us = rf_world_region(w, "US");
    w->embedded = calloc(1, sizeof *w->embedded);
    assert_non_null(w->embedded);
    w->embedded[0] = (rf_embedded){us, cn, strdup("ev_traction"), 150.0, 1};
    w->nembedded = 1;
    rf_year_result yr;
    memset(&yr, 0, sizeof yr);
    yr.status = RF_YEAR_OPTIMAL;
    yr.served_t = calloc((size_t)w->ndemand, sizeof *yr.served_t);
    assert_non_null(yr.served_t);
    double served[] = {540, 150, 0, 20, 120, 300}; /* the rows of demand.csv in order */
    assert_int_equal(w->ndemand, 6);
    memcpy(yr.served_t, served, sizeof served);
    assert_int_equal(rf_analytics_embedded(w, &yr, NULL), RF_OK);
    assert_int_equal(yr.nembedded, 1);
    RF_ASSERT_NEAR(yr.embedded[0].t, 132.0, 1e-9, 0);
    RF_ASSERT_NEAR(yr.consumption[us].direct_t, 170.0, 1e-9, 0);
    RF_ASSERT_NEAR(yr.consumption[us].embedded_in_t, 132.0, 1e-9, 0);
    RF_ASSERT_NEAR(yr.consumption[cn].direct_t, 660.0, 1e-9, 0);
    RF_ASSERT_NEAR(yr.consumption[cn].embedded_out_t, 132.0, 1e-9, 0);
    rf_year_result_clear(&yr);
    rf_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_embedded_scales_with_the_assembler),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
