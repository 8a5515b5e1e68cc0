/*
 * io/csv.h: a small RFC 4180 CSV reader (internal to the I/O layer).
 *
 * Reads a whole file with a header row into memory, keeping the 1-based line
 * on which each record starts, so that every later check can name
 * `file:line: field`.  Quoted fields may hold commas, doubled quotes and line
 * breaks.  Blank lines are skipped.  Fields are trimmed of surrounding blanks
 * unless quoted.  Files are small (hundreds of rows), so it reads them whole.
 */
#ifndef RF_IO_CSV_H
#define RF_IO_CSV_H

#include "rareflow/error.h"

typedef struct rf_csv {
    char *path;      /* as given to rf__csv_read */
    char **header;   /* [ncols] column names */
    int ncols;
    char ***rows;    /* [nrows][ncols] field text ("" when a row is short) */
    int *lines;      /* [nrows] 1-based line where each record starts */
    int nrows;
    int cap;         /* allocated rows */
} rf_csv;

/* Parse text[len] (a table named `path` in messages).  RF_EPARSE (with the
 * line) for bytes that are not UTF-8 or a NUL, an unterminated quote, a row
 * with more fields than the header, or an empty/duplicate header name;
 * RF_EINVAL for a table beyond the RF_MAX_CSV_* limits.  CR before LF is
 * dropped (CRLF files read as LF) and a UTF-8 byte-order mark is skipped.
 * On success *out is owned (rf__csv_free). */
rf_status rf__csv_parse(const char *path, const char *text, size_t len, rf_csv **out, rf_err *err);

/* Read and parse the file `path`; RF_ENOENT when it cannot be opened. */
rf_status rf__csv_read(const char *path, rf_csv **out, rf_err *err);

/* Column index of `name`, or -1. */
int rf__csv_col(const rf_csv *csv, const char *name);

/* Field text of row r, column c ("" for c < 0). Borrowed. */
const char *rf__csv_get(const rf_csv *csv, int r, int c);

void rf__csv_free(rf_csv *csv);

#endif
