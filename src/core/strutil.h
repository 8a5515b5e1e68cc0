/*
 * core/strutil.h: small string and number helpers shared by every layer
 * (internal; `-std=c11` hides strdup, and number parsing must be strict).
 */
#ifndef RF_CORE_STRUTIL_H
#define RF_CORE_STRUTIL_H

#include <stddef.h>
#include <stdint.h>

/* malloc'd copy of s (NULL for NULL or on ENOMEM). */
char *rf__strdup(const char *s);

/* FNV-1a, 64 bits, over the n bytes at s (rf__fnv1a_str: up to the NUL),
 * continuing from h (RF__FNV_BASIS to start): the one hash of names for hash
 * tables, dataset fingerprints and the LP's name-fixed tie-breaks.  Not a
 * defence against tampering. */
#define RF__FNV_BASIS 14695981039346656037ULL
#define RF__FNV_PRIME 1099511628211ULL
uint64_t rf__fnv1a(uint64_t h, const void *s, size_t n);
uint64_t rf__fnv1a_str(uint64_t h, const char *s);

/* One byte of FNV-1a, for code that hashes bytes as it makes them (the LP's
 * names, rareflow/market.c) and must agree with rf__fnv1a. */
static inline uint64_t rf__fnv1a_byte(uint64_t h, unsigned char c) { return (h ^ c) * RF__FNV_PRIME; }

/*
 * A pool of strings freed together: copies go into chunks of a few KiB, so
 * thousands of names (an LP's rows and columns, built again for each solve)
 * cost a few mallocs instead of one each.  Start from {0}; a copy stays valid
 * until rf__strpool_free or until a rf__strpool_reset to a mark taken before it.
 */
typedef struct rf__strpool {
    struct rf__strchunk *head; /* the chunk being filled, which links to the older ones */
} rf__strpool;

typedef struct rf__strmark {
    struct rf__strchunk *head;
    size_t used;
} rf__strmark;

/* A copy of s[0..len) (NUL-terminated) in the pool, or NULL on ENOMEM. */
char *rf__strpool_copy(rf__strpool *p, const char *s, size_t len);

/* Where the pool is now, and back to there (forgetting the copies made since). */
rf__strmark rf__strpool_mark(const rf__strpool *p);
void rf__strpool_reset(rf__strpool *p, rf__strmark m);

/* Free every copy; the pool is empty again. */
void rf__strpool_free(rf__strpool *p);

/* Parse all of `s` (surrounding blanks allowed) as a finite double, in the C
 * locale whatever setlocale says ("1.5", never "1,5"); 0 on success. */
int rf__parse_double(const char *s, double *out);

/* Parse all of `s` as a base-10 int; 0 on success. */
int rf__parse_int(const char *s, int *out);

/* Non-zero when `s` is a valid identifier: 1..RF_MAX_ID_BYTES bytes, no white
 * space, comma, quote or control character. */
int rf__is_ident(const char *s);

/* Non-zero when `s` has a control character (bytes 0x01-0x1f and 0x7f). */
int rf__has_control(const char *s);

/*
 * The C numeric locale for the calling thread between rf__cloc_enter and
 * rf__cloc_leave, so that numbers are printed with a '.' whatever an embedder
 * passed to setlocale (uselocale is per thread; the previous locale comes
 * back on leave).  A failure to switch leaves the locale as it was.
 */
typedef struct rf__cloc {
    void *c;    /* locale_t of the C locale, or NULL */
    void *old;  /* the thread's locale before */
} rf__cloc;
void rf__cloc_enter(rf__cloc *s);
void rf__cloc_leave(rf__cloc *s);

/* The text of errnum (strerror_r: safe on any thread) in buf[size]; returns buf. */
const char *rf__strerror(int errnum, char *buf, size_t size);

/* Join dir and path unless path is absolute; malloc'd (NULL on ENOMEM). */
char *rf__path_join(const char *dir, const char *path);

/* malloc'd directory part of path ("." when there is none). */
char *rf__dirname(const char *path);

#endif
