/* index.c: the string -> int map of core/index.h. */
#include "core/index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"

/* The start of the dataset's own FNV-1a (not RF__FNV_BASIS): any start hashes
 * as well, and this one keeps the tables' slot order as it was. */
static uint64_t hash(const char *s) { return rf__fnv1a_str(1469598103934665603ULL, s); }

/* Slot of key, or of the empty slot where it would go. */
static size_t slot(const rf__index *ix, const char *key)
{
    size_t mask = ix->cap - 1, i = (size_t)hash(key) & mask;
    while (ix->keys[i] && strcmp(ix->keys[i], key) != 0) i = (i + 1) & mask;
    return i;
}

int rf__index_get(const rf__index *ix, const char *key)
{
    if (!ix->cap || !key) return -1;
    size_t i = slot(ix, key);
    return ix->keys[i] ? ix->vals[i] : -1;
}

/* Double the table (or make the first one), rehashing every key. */
static int grow(rf__index *ix)
{
    size_t cap = ix->cap ? 2 * ix->cap : 64;
    rf__index bigger = {calloc(cap, sizeof(char *)), malloc(cap * sizeof(int)), cap, ix->n};
    if (!bigger.keys || !bigger.vals) {
        free(bigger.keys);
        free(bigger.vals);
        return -1;
    }
    for (size_t i = 0; i < ix->cap; i++)
        if (ix->keys[i]) {
            size_t j = slot(&bigger, ix->keys[i]);
            bigger.keys[j] = ix->keys[i];
            bigger.vals[j] = ix->vals[i];
        }
    free(ix->keys);
    free(ix->vals);
    ix->keys = bigger.keys;
    ix->vals = bigger.vals;
    ix->cap = cap;
    return 0;
}

int rf__index_put(rf__index *ix, const char *key, int val)
{
    /* At most half full, so probes stay short. */
    if ((ix->n + 1) * 2 > ix->cap && grow(ix)) return -1;
    size_t i = slot(ix, key);
    if (!ix->keys[i]) {
        if (!(ix->keys[i] = rf__strdup(key))) return -1;
        ix->n++;
    }
    ix->vals[i] = val;
    return 0;
}

void rf__index_free(rf__index *ix)
{
    if (!ix) return;
    for (size_t i = 0; i < ix->cap; i++) free(ix->keys[i]);
    free(ix->keys);
    free(ix->vals);
    memset(ix, 0, sizeof *ix);
}
