/*
 * fuzz_scenario.c: the scenario YAML reader on arbitrary bytes.
 *
 * The input is the text of a scenario file, given to rf_scenario_parse as
 * is (libFuzzer's buffer is exactly `size` bytes, not NUL-terminated, so a
 * read past the end is an ASan report).  What it covers: libyaml's parser
 * behind the first pass that bounds depth, nodes, scalars, anchors and
 * aliases; the document walk; every root key and lever section with their
 * key tables, value types, ranges and dates.  A rejected input must come
 * back as an error record that names the file; an accepted one must respect
 * the bounds of rareflow/limits.h (fuzz_util.h).  Seeds: scenarios/,
 * tests/data/scenarios/ and tests/fuzz/seeds/scenario/ (one item per lever
 * with every key it accepts); dictionary: tests/fuzz/scenario.dict.
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz_util.h"
#include "rareflow/io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rf_scenario *sc = NULL;
    rf_err err;
    rf_err_clear(&err);
    /* A folder in the name, so that a relative `data:` is joined to it. */
    rf_status st = rf_scenario_parse("fuzz/scenario.yaml", (const char *)data, size, &sc, &err);
    rf_fuzz_check_status("rf_scenario_parse", st, &err);
    if (st != RF_OK) {
        RF_FUZZ_CHECK(sc == NULL, "rf_scenario_parse failed (%s) but returned a scenario", err.msg);
        return 0;
    }
    RF_FUZZ_CHECK(sc != NULL, "rf_scenario_parse returned RF_OK and no scenario");
    rf_fuzz_check_scenario(sc);
    rf_scenario_free(sc);
    return 0;
}
