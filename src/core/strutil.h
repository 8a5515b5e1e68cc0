/*
 * core/strutil.h: small string and number helpers shared by every layer
 * (internal; `-std=c11` hides strdup, and number parsing must be strict).
 */
#ifndef RF_CORE_STRUTIL_H
#define RF_CORE_STRUTIL_H

#include <stddef.h>

/* malloc'd copy of s (NULL for NULL or on ENOMEM). */
char *rf__strdup(const char *s);

/* Parse all of `s` (surrounding blanks allowed) as a finite double; 0 on success. */
int rf__parse_double(const char *s, double *out);

/* Parse all of `s` as a base-10 int; 0 on success. */
int rf__parse_int(const char *s, int *out);

/* Non-zero when `s` is a valid identifier: non-empty, no white space, no comma. */
int rf__is_ident(const char *s);

/* Join dir and path unless path is absolute; malloc'd (NULL on ENOMEM). */
char *rf__path_join(const char *dir, const char *path);

/* malloc'd directory part of path ("." when there is none). */
char *rf__dirname(const char *path);

#endif
