/* strutil.c: string and strict number helpers (see core/strutil.h). */
#include "core/strutil.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *rf__strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static const char *skip_blanks(const char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    return s;
}

int rf__parse_double(const char *s, double *out)
{
    if (!s) return -1;
    s = skip_blanks(s);
    if (!*s) return -1;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno == ERANGE) return -1;
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
    if (!s || !*s) return 0;
    for (; *s; s++)
        if (isspace((unsigned char)*s) || *s == ',' || *s == '"') return 0;
    return 1;
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
