/* strutil.c: string and strict number helpers (see core/strutil.h). */
#include "core/strutil.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rareflow/limits.h"

char *rf__strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

struct rf__strchunk {
    struct rf__strchunk *next; /* the older chunk */
    size_t used, cap;
    char text[];
};

#define STRCHUNK_BYTES 16384

char *rf__strpool_copy(rf__strpool *p, const char *s, size_t len)
{
    struct rf__strchunk *c = p->head;
    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > STRCHUNK_BYTES ? len + 1 : STRCHUNK_BYTES;
        c = malloc(sizeof *c + cap);
        if (!c) return NULL;
        c->next = p->head;
        c->used = 0;
        c->cap = cap;
        p->head = c;
    }
    char *d = c->text + c->used;
    memcpy(d, s, len);
    d[len] = '\0';
    c->used += len + 1;
    return d;
}

rf__strmark rf__strpool_mark(const rf__strpool *p)
{
    rf__strmark m = {p->head, p->head ? p->head->used : 0};
    return m;
}

void rf__strpool_reset(rf__strpool *p, rf__strmark m)
{
    while (p->head && p->head != m.head) {
        struct rf__strchunk *next = p->head->next;
        free(p->head);
        p->head = next;
    }
    if (p->head) p->head->used = m.used;
}

void rf__strpool_free(rf__strpool *p)
{
    rf__strpool_reset(p, (rf__strmark){NULL, 0});
}

/* Blanks are ASCII space and tab, CR and LF: bytes, not the locale's idea. */
static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    return s;
}

int rf__parse_double(const char *s, double *out)
{
    if (!s) return -1;
    s = skip_blanks(s);
    if (!*s) return -1;
    char *end = NULL;
    rf__cloc loc;
    rf__cloc_enter(&loc);
    errno = 0;
    double v = strtod(s, &end);
    int range = errno == ERANGE;
    rf__cloc_leave(&loc);
    if (end == s || range) return -1;
    if (*skip_blanks(end)) return -1;
    if (!isfinite(v)) return -1;
    *out = v;
    return 0;
}

int rf__parse_int(const char *s, int *out)
{
    if (!s) return -1;
    s = skip_blanks(s);
    if (!*s) return -1;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || errno == ERANGE || v < INT_MIN || v > INT_MAX) return -1;
    if (*skip_blanks(end)) return -1;
    *out = (int)v;
    return 0;
}

int rf__is_ident(const char *s)
{
    if (!s || !*s || strlen(s) > RF_MAX_ID_BYTES) return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        /* Bytes only: the locale's isspace() must not decide what an id is. */
        if (c <= 0x20 || c == 0x7f || c == ',' || c == '"') return 0;
    }
    return 1;
}

int rf__has_control(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
    return 0;
}

void rf__cloc_enter(rf__cloc *s)
{
    /* glibc returns its static C locale for "C" without allocating. */
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    s->c = c;
    s->old = c ? uselocale(c) : NULL;
}

void rf__cloc_leave(rf__cloc *s)
{
    if (!s->c) return;
    uselocale((locale_t)s->old);
    freelocale((locale_t)s->c);
    s->c = s->old = NULL;
}

const char *rf__strerror(int errnum, char *buf, size_t size)
{
    if (!size) return buf;
    /* The XSI strerror_r (this project defines _POSIX_C_SOURCE, not _GNU_SOURCE). */
    if (strerror_r(errnum, buf, size) != 0) snprintf(buf, size, "error %d", errnum);
    return buf;
}

char *rf__path_join(const char *dir, const char *path)
{
    if (!path) return NULL;
    if (path[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0) return rf__strdup(path);
    size_t n = strlen(dir) + strlen(path) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, path);
    return p;
}

char *rf__dirname(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash) return rf__strdup(".");
    if (slash == path) return rf__strdup("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

uint64_t rf__fnv1a(uint64_t h, const void *s, size_t n)
{
    const unsigned char *b = s;
    for (size_t i = 0; i < n; i++) h = rf__fnv1a_byte(h, b[i]);
    return h;
}

uint64_t rf__fnv1a_str(uint64_t h, const char *s)
{
    for (; *s; s++) h = rf__fnv1a_byte(h, (unsigned char)*s);
    return h;
}
