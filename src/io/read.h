/*
 * io/read.h: reading a whole input file into memory, bounded (internal to the
 * input layer).  Both readers (CSV tables, scenario YAML) take their input
 * whole, so that errors can name lines and so that the parsers can also run
 * on text that never was a file (a scenario sent to the coming server, a
 * fuzzer's input).
 */
#ifndef RF_IO_READ_H
#define RF_IO_READ_H

#include <stddef.h>

#include "rareflow/error.h"

/*
 * Read all of `path` into a malloc'd buffer *text[*len + 1], NUL-terminated
 * (the text itself may hold NUL bytes: callers check).  `limit` is the
 * largest size accepted, in bytes, and `limit_name` its name in limits.h for
 * the message.  RF_ENOENT when the file cannot be opened or read (a directory
 * is "not a file"), RF_EINVAL naming the limit when it is larger, RF_ENOMEM.
 * On failure *text is NULL.
 */
rf_status rf__read_file(const char *path, size_t limit, const char *limit_name, char **text,
                        size_t *len, rf_err *err);

/*
 * The first byte of text[len] that is not valid UTF-8 (overlong forms,
 * surrogates and code points above U+10FFFF are invalid), or a NUL byte;
 * returns len when there is none.  *line receives the 1-based line of that
 * byte.
 */
size_t rf__text_check(const char *text, size_t len, int *line);

#endif
