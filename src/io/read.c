/* read.c: bounded whole-file reads and a UTF-8 check (see io/read.h). */
#include "io/read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/strutil.h"

rf_status rf__read_file(const char *path, size_t limit, const char *limit_name, char **text,
                        size_t *len, rf_err *err)
{
    char ebuf[128];
    *text = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return rf_err_set(err, RF_ENOENT, path, 0, NULL, "cannot open: %s",
                          rf__strerror(errno, ebuf, sizeof ebuf));
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(fp);
        return rf_err_set(err, RF_ENOENT, path, 0, NULL, "is a folder, not a file");
    }
    /* Read in growing chunks up to limit + 1 bytes: a pipe or a device has no size
     * to ask for, and the extra byte tells "exactly at the limit" from "over it". */
    size_t cap = 4096, n = 0;
    char *b = malloc(cap + 1);
    while (b) {
        size_t want = cap - n;
        size_t got = fread(b + n, 1, want, fp);
        n += got;
        if (got < want || n > limit) break;
        size_t ncap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
        char *nb = realloc(b, ncap + 1);
        if (!nb) {
            free(b);
            b = NULL;
            break;
        }
        b = nb;
        cap = ncap;
    }
    int read_errno = errno, failed = ferror(fp);
    fclose(fp);
    if (!b) return rf_err_set(err, RF_ENOMEM, path, 0, NULL, "out of memory reading the file");
    if (failed) {
        free(b);
        return rf_err_set(err, RF_ENOENT, path, 0, NULL, "cannot read: %s",
                          rf__strerror(read_errno, ebuf, sizeof ebuf));
    }
    if (n > limit) {
        free(b);
        return rf_err_set(err, RF_EINVAL, path, 0, NULL,
                          "file is larger than the limit of %zu bytes (%s)", limit, limit_name);
    }
    b[n] = '\0';
    *text = b;
    *len = n;
    return RF_OK;
}

/* Length of the UTF-8 sequence at s[0..avail), or 0 when it is not valid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0x80) return c ? 1 : 0;
    size_t n;
    unsigned cp, min;
    if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07, min = 0x10000;
    else return 0;
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

size_t rf__text_check(const char *text, size_t len, int *line)
{
    const unsigned char *s = (const unsigned char *)text;
    int ln = 1;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq(s + i, len - i);
        if (n == 0) break;
        if (s[i] == '\n') ln++;
        i += n;
    }
    if (line) *line = ln;
    return i;
}
