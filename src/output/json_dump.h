/*
 * output/json_dump.h: how every JSON document rareflow prints is written
 * (private to the output layer): one place for the number format, so that
 * `run --json`, `mc --json` and the others print numbers the same way.
 */
#ifndef RF_OUTPUT_JSON_DUMP_H
#define RF_OUTPUT_JSON_DUMP_H

#include <stdio.h>
#include <jansson.h>

#include "rareflow/error.h"
#include "rareflow/results.h"

/* Write a finished document (indent 1, 15 significant digits, so 70.2 is not
 * written as 70.200000000000003, in the C locale whatever the thread's), a
 * newline, flush, and release it.  RF_EIO on a write error. */
rf_status rf__json_dump(json_t *root, FILE *fp, rf_err *err);

/* One year of a run's document, the element of its "years" array (owned;
 * NULL when a number is not finite or out of memory): the results database
 * writes its tables from it without parsing the printed document back. */
json_t *rf__json_year(const rf_world *w, const rf_year_result *yr);

#endif /* RF_OUTPUT_JSON_DUMP_H */
