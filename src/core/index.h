/*
 * core/index.h: a string -> int map (open addressing, FNV-1a), for lookups
 * and duplicate checks that must stay linear in the size of the input: the
 * dataset loader meets up to RF_MAX_CSV_ROWS rows, and a scan of every
 * earlier row for each row would be quadratic.  Keys are copied and owned.
 */
#ifndef RF_CORE_INDEX_H
#define RF_CORE_INDEX_H

#include <stddef.h>

typedef struct rf__index {
    char **keys;   /* [cap] owned, NULL for an empty slot */
    int *vals;     /* [cap] */
    size_t cap;    /* a power of two, or 0 before the first put */
    size_t n;      /* keys stored */
} rf__index;

/* The value of `key`, or -1 when it is absent. */
int rf__index_get(const rf__index *ix, const char *key);

/* Store key -> val (replacing an earlier value).  0, or -1 on ENOMEM. */
int rf__index_put(rf__index *ix, const char *key, int val);

/* Release the keys and the table; the index is empty again. NULL-safe. */
void rf__index_free(rf__index *ix);

#endif
