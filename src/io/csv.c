/*
 * csv.c: the CSV reader of io/csv.h.  A character state machine over the whole
 * file: it is short, has no dependency, and knows line numbers exactly
 * (libcsv would need its callbacks to track them).
 */
#include "io/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "io/read.h"
#include "rareflow/limits.h"

/* A growable buffer for the field being read. */
typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

/* Append c; -1 on ENOMEM.  Fields are short (RF_MAX_FIELD_BYTES is checked by
 * the caller), so the buffer never grows past a few kilobytes. */
static int buf_put(buf *b, char c)
{
    if (b->n + 1 >= b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        char *s = realloc(b->s, cap);
        if (!s) return -1;
        b->s = s;
        b->cap = cap;
    }
    b->s[b->n++] = c;
    b->s[b->n] = '\0';
    return 0;
}

/* A record under construction. */
typedef struct rec {
    char **f;
    int n, cap;
} rec;

static void rec_clear(rec *r)
{
    for (int i = 0; i < r->n; i++) free(r->f[i]);
    r->n = 0;
}

static int blank(char c) { return c == ' ' || c == '\t'; }

/* Append the field text, trimmed of blanks unless it was quoted. */
static int rec_push(rec *r, const char *text, size_t len, int quoted)
{
    if (r->n == r->cap) {
        int cap = r->cap ? 2 * r->cap : 16;
        char **f = realloc(r->f, (size_t)cap * sizeof *f);
        if (!f) return -1;
        r->f = f;
        r->cap = cap;
    }
    const char *s = text ? text : "";
    if (!quoted) {
        while (len > 0 && blank(*s)) s++, len--;
        while (len > 0 && blank(s[len - 1])) len--;
    }
    char *d = malloc(len + 1);
    if (!d) return -1;
    memcpy(d, s, len);
    d[len] = '\0';
    r->f[r->n++] = d;
    return 0;
}

/* Store the finished record `r` (line `line`) in csv: header first, then rows. */
static rf_status keep_record(rf_csv *csv, rec *r, int line, rf_err *err)
{
    if (r->n == 1 && r->f[0][0] == '\0') { /* blank line */
        rec_clear(r);
        return RF_OK;
    }
    if (!csv->header) {
        for (int i = 0; i < r->n; i++) {
            if (!r->f[i][0])
                return rf_err_set(err, RF_EPARSE, csv->path, line, NULL,
                                  "empty column name in the header (column %d)", i + 1);
            for (int j = 0; j < i; j++)
                if (strcmp(r->f[i], r->f[j]) == 0)
                    return rf_err_set(err, RF_EPARSE, csv->path, line, r->f[i],
                                      "duplicate column in the header");
        }
        csv->header = r->f;
        csv->ncols = r->n;
        r->f = NULL;
        r->n = r->cap = 0;
        return RF_OK;
    }
    if (r->n > csv->ncols)
        return rf_err_set(err, RF_EPARSE, csv->path, line, NULL,
                          "%d fields, but the header has %d columns", r->n, csv->ncols);
    if (csv->nrows >= RF_MAX_CSV_ROWS)
        return rf_err_set(err, RF_EINVAL, csv->path, line, NULL,
                          "more than %d records (RF_MAX_CSV_ROWS)", RF_MAX_CSV_ROWS);
    /* Grow by doubling: a row at a time would copy the table once per row. */
    if (csv->nrows == csv->cap) {
        int cap = csv->cap ? 2 * csv->cap : 64;
        char ***rows = realloc(csv->rows, (size_t)cap * sizeof *rows);
        if (!rows) return rf_err_set(err, RF_ENOMEM, csv->path, line, NULL, "out of memory");
        csv->rows = rows;
        int *lines = realloc(csv->lines, (size_t)cap * sizeof *lines);
        if (!lines) return rf_err_set(err, RF_ENOMEM, csv->path, line, NULL, "out of memory");
        csv->lines = lines;
        csv->cap = cap;
    }
    char ***rows = csv->rows;
    int *lines = csv->lines;
    char **f = calloc((size_t)csv->ncols, sizeof *f);
    if (!f) return rf_err_set(err, RF_ENOMEM, csv->path, line, NULL, "out of memory");
    for (int i = 0; i < csv->ncols; i++) {
        f[i] = i < r->n ? r->f[i] : rf__strdup("");
        if (!f[i]) {
            for (int j = r->n; j < i; j++) free(f[j]);
            free(f);
            return rf_err_set(err, RF_ENOMEM, csv->path, line, NULL, "out of memory");
        }
    }
    r->n = 0; /* ownership of the fields moved to f */
    rows[csv->nrows] = f;
    lines[csv->nrows] = line;
    csv->nrows++;
    return RF_OK;
}

static rf_status parse(rf_csv *csv, const char *s, size_t len, rf_err *err)
{
    rec r = {0};
    buf b = {0};
    rf_status st = RF_OK;
    int line = 1, rec_line = 1, quoted = 0, in_quotes = 0;
    size_t i = 0;
    for (;;) {
        char c = i < len ? s[i] : '\0';
        int at_end = i >= len;
        if (b.n > RF_MAX_FIELD_BYTES) {
            st = rf_err_set(err, RF_EINVAL, csv->path, rec_line, NULL,
                            "a field longer than %d bytes (RF_MAX_FIELD_BYTES)", RF_MAX_FIELD_BYTES);
            break;
        }
        if (in_quotes) {
            if (at_end) {
                st = rf_err_set(err, RF_EPARSE, csv->path, rec_line, NULL,
                                "unterminated quoted field");
                break;
            }
            if (c == '"' && i + 1 < len && s[i + 1] == '"') {
                if (buf_put(&b, '"')) goto oom;
                i += 2;
                continue;
            }
            if (c == '"') {
                in_quotes = 0;
            } else {
                if (c == '\n') line++;
                if (buf_put(&b, c)) goto oom;
            }
            i++;
            continue;
        }
        if (c == '"' && !quoted && (b.n == 0 || strspn(b.s, " \t") == b.n)) {
            in_quotes = quoted = 1;
            b.n = 0;
            i++;
            continue;
        }
        if (at_end || c == '\n' || c == ',') {
            if (r.n >= RF_MAX_CSV_COLUMNS) {
                st = rf_err_set(err, RF_EINVAL, csv->path, rec_line, NULL,
                                "more than %d fields in a record (RF_MAX_CSV_COLUMNS)", RF_MAX_CSV_COLUMNS);
                break;
            }
            if (rec_push(&r, b.s, b.n, quoted)) goto oom;
            b.n = 0;
            quoted = 0;
            if (at_end || c == '\n') {
                st = keep_record(csv, &r, rec_line, err);
                if (st != RF_OK) break;
                rec_clear(&r);
                if (c == '\n') line++;
                rec_line = line;
            }
            if (at_end) break;
            i++;
            continue;
        }
        if (c != '\r' && buf_put(&b, c)) goto oom;
        i++;
    }
    rec_clear(&r);
    free(r.f);
    free(b.s);
    return st;
oom:
    rec_clear(&r);
    free(r.f);
    free(b.s);
    return rf_err_set(err, RF_ENOMEM, csv->path, line, NULL, "out of memory");
}

rf_status rf__csv_parse(const char *path, const char *text, size_t len, rf_csv **out, rf_err *err)
{
    *out = NULL;
    if (len > RF_MAX_CSV_BYTES)
        return rf_err_set(err, RF_EINVAL, path, 0, NULL,
                          "file is larger than the limit of %d bytes (RF_MAX_CSV_BYTES)", RF_MAX_CSV_BYTES);
    /* Spreadsheets often save UTF-8 with a byte-order mark; it is not part of the header. */
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    /* Every byte valid UTF-8 and no NUL: ids and notes end up in JSON, which
     * must be UTF-8, and a NUL would cut a field short without a word. */
    int bad_line;
    size_t bad = rf__text_check(text + skip, len - skip, &bad_line);
    if (bad < len - skip)
        return rf_err_set(err, RF_EPARSE, path, bad_line, NULL,
                          text[skip + bad] ? "byte 0x%02x at offset %zu is not valid UTF-8"
                                           : "a NUL byte (0x%02x) at offset %zu",
                          (unsigned char)text[skip + bad], skip + bad);
    rf_csv *csv = calloc(1, sizeof *csv);
    if (!csv || !(csv->path = rf__strdup(path))) {
        rf__csv_free(csv);
        return rf_err_set(err, RF_ENOMEM, path, 0, NULL, "out of memory");
    }
    rf_status st = parse(csv, text + skip, len - skip, err);
    if (st == RF_OK && !csv->header)
        st = rf_err_set(err, RF_EPARSE, path, 1, NULL, "empty file: no header row");
    if (st != RF_OK) {
        rf__csv_free(csv);
        return st;
    }
    *out = csv;
    return RF_OK;
}

rf_status rf__csv_read(const char *path, rf_csv **out, rf_err *err)
{
    char *text;
    size_t len;
    *out = NULL;
    rf_status st = rf__read_file(path, RF_MAX_CSV_BYTES, "RF_MAX_CSV_BYTES", &text, &len, err);
    if (st != RF_OK) return st;
    st = rf__csv_parse(path, text, len, out, err);
    free(text);
    return st;
}

int rf__csv_col(const rf_csv *csv, const char *name)
{
    for (int i = 0; i < csv->ncols; i++)
        if (strcmp(csv->header[i], name) == 0) return i;
    return -1;
}

const char *rf__csv_get(const rf_csv *csv, int r, int c)
{
    if (c < 0 || r < 0 || r >= csv->nrows || c >= csv->ncols) return "";
    return csv->rows[r][c];
}

void rf__csv_free(rf_csv *csv)
{
    if (!csv) return;
    for (int i = 0; i < csv->ncols; i++) free(csv->header[i]);
    free(csv->header);
    for (int r = 0; r < csv->nrows; r++) {
        for (int i = 0; i < csv->ncols; i++) free(csv->rows[r][i]);
        free(csv->rows[r]);
    }
    free(csv->rows);
    free(csv->lines);
    free(csv->path);
    free(csv);
}
