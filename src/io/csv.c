/*
 * csv.c: the CSV reader of io/csv.h.  A character state machine over the whole
 * file: it is short, has no dependency, and knows line numbers exactly
 * (libcsv would need its callbacks to track them).
 */
#include "io/csv.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"

/* A growable buffer for the field being read. */
typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

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

/* Append the field text, trimmed unless it was quoted. */
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
        while (len > 0 && isspace((unsigned char)*s)) s++, len--;
        while (len > 0 && isspace((unsigned char)s[len - 1])) len--;
    }
    char *d = malloc(len + 1);
    if (!d) return -1;
    memcpy(d, s, len);
    d[len] = '\0';
    r->f[r->n++] = d;
    return 0;
}

static char *read_file(const char *path, size_t *len, rf_err *err, rf_status *st)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        *st = rf_err_set(err, RF_ENOENT, path, 0, NULL, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    while (s) {
        size_t got = fread(s + n, 1, cap - n - 1, fp);
        n += got;
        if (n + 1 < cap) break;
        cap *= 2;
        char *t = realloc(s, cap);
        if (!t) {
            free(s);
            s = NULL;
        } else {
            s = t;
        }
    }
    int bad = ferror(fp);
    fclose(fp);
    if (!s) {
        *st = rf_err_set(err, RF_ENOMEM, path, 0, NULL, "out of memory reading the file");
        return NULL;
    }
    if (bad) {
        free(s);
        *st = rf_err_set(err, RF_ENOENT, path, 0, NULL, "read error");
        return NULL;
    }
    s[n] = '\0';
    *len = n;
    return s;
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
    char ***rows = realloc(csv->rows, (size_t)(csv->nrows + 1) * sizeof *rows);
    if (!rows) return rf_err_set(err, RF_ENOMEM, csv->path, line, NULL, "out of memory");
    csv->rows = rows;
    int *lines = realloc(csv->lines, (size_t)(csv->nrows + 1) * sizeof *lines);
    if (!lines) return rf_err_set(err, RF_ENOMEM, csv->path, line, NULL, "out of memory");
    csv->lines = lines;
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

rf_status rf__csv_read(const char *path, rf_csv **out, rf_err *err)
{
    *out = NULL;
    rf_status st = RF_OK;
    size_t len = 0;
    char *text = read_file(path, &len, err, &st);
    if (!text) return st;
    rf_csv *csv = calloc(1, sizeof *csv);
    if (!csv || !(csv->path = rf__strdup(path))) {
        free(text);
        rf__csv_free(csv);
        return rf_err_set(err, RF_ENOMEM, path, 0, NULL, "out of memory");
    }
    /* Spreadsheets often save UTF-8 with a byte-order mark; it is not part of the header. */
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    st = parse(csv, text + skip, len - skip, err);
    free(text);
    if (st == RF_OK && !csv->header)
        st = rf_err_set(err, RF_EPARSE, path, 1, NULL, "empty file: no header row");
    if (st != RF_OK) {
        rf__csv_free(csv);
        return st;
    }
    *out = csv;
    return RF_OK;
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
