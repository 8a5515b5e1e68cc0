/*
 * rareflow/error.h: status codes and the error record every fallible call fills.
 *
 * Library code never prints and never exits: a fallible function returns an
 * rf_status and, when it fails, fills a caller-supplied rf_err with the code,
 * a message and, for bad input, the file, line and field it came from.  Only
 * the CLI turns an rf_err into text on stderr and an exit code.  The status
 * codes and their messages are defined once, in RF_STATUS_LIST, so that the
 * enum and the message table can never drift apart (SUNDIALS' SUN_ERR_CODE_LIST).
 */
#ifndef RAREFLOW_ERROR_H
#define RAREFLOW_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, message, is_input): is_input marks codes caused by bad input (exit 2). */
#define RF_STATUS_LIST(X)                                              \
    X(RF_OK, "ok", 0)                                                  \
    X(RF_EINVAL, "invalid input", 1)                                   \
    X(RF_EPARSE, "parse error", 1)                                     \
    X(RF_ENOENT, "cannot open input", 1)                               \
    X(RF_ENOMEM, "out of memory", 0)                                   \
    X(RF_EIO, "cannot write output", 0)                                \
    X(RF_ESOLVER, "solver failure", 0)                                 \
    X(RF_ENOTOPT, "no optimal solution to read", 0)                    \
    X(RF_ENOCONV, "iteration did not converge", 0)                     \
    X(RF_EINTERNAL, "internal error", 0)

typedef enum rf_status {
#define RF__STATUS_ENUM(name, msg, input) name,
    RF_STATUS_LIST(RF__STATUS_ENUM)
#undef RF__STATUS_ENUM
    RF_STATUS_COUNT
} rf_status;

/* Sizes of the text fields of an rf_err; longer text is truncated, never overflowed. */
#define RF_ERR_FILE_MAX 256
#define RF_ERR_FIELD_MAX 64
#define RF_ERR_MSG_MAX 512

/*
 * The error record.  `line` is 1-based; 0 means "no line" (an error about a
 * whole file or no file at all).  Empty `file` or `field` means not known.
 */
typedef struct rf_err {
    rf_status code;                /* RF_OK when no error was recorded */
    char file[RF_ERR_FILE_MAX];    /* input file the error is about, or "" */
    int line;                      /* 1-based line in `file`, or 0 */
    char field[RF_ERR_FIELD_MAX];  /* column, key or flag name, or "" */
    char msg[RF_ERR_MSG_MAX];      /* human-readable message, without location */
} rf_err;

/* The fixed message of a status code ("unknown status" for an out-of-range value). */
const char *rf_status_str(rf_status code);

/* Non-zero when `code` is caused by bad input (the CLI exits 2 for it). */
int rf_status_is_input(rf_status code);

/* Reset `err` (NULL-safe) to "no error". */
void rf_err_clear(rf_err *err);

/*
 * Record an error and return `code`, so that a caller can write
 * `return rf_err_set(err, RF_EINVAL, file, line, "capacity", "negative: %g", v);`.
 * `err` may be NULL (the call then only returns `code`); `file` and `field`
 * may be NULL.  The message is printf-formatted, numbers in the C locale
 * ("1.5" whatever the program's locale); a NULL `fmt` gives the status's
 * fixed message.
 */
rf_status rf_err_set(rf_err *err, rf_status code, const char *file, int line,
                     const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* rf_err_set with the arguments in a va_list, for functions that add their
 * own location to a message their caller formats. */
rf_status rf_err_vset(rf_err *err, rf_status code, const char *file, int line, const char *field,
                      const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;

/*
 * Warnings: input that is accepted but is probably not what was meant (a
 * lever that does nothing, two levers that overlap on one arc).  Checks that
 * find them append to a caller-owned list instead of failing; the CLI prints
 * them on stderr and goes on.  Each item is an rf_err whose code is RF_OK.
 */
typedef struct rf_warnings {
    rf_err *items;  /* [n] owned */
    int n, cap;
    int dropped;    /* warnings beyond RF_WARNINGS_MAX, counted but not kept */
} rf_warnings;

#define RF_WARNINGS_MAX 100

/* An empty list. */
void rf_warnings_init(rf_warnings *w);
/* Release the list (NULL-safe); it is empty again. */
void rf_warnings_close(rf_warnings *w);
/* Append a warning (printf-formatted).  A NULL list ignores it; one that cannot
 * grow counts it as dropped: a warning never fails the caller. */
void rf_warnings_add(rf_warnings *w, const char *file, int line, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/*
 * Format `err` as "file:line: field: message" (parts that are not known are
 * left out) into buf[size].  Returns the number of characters that the full
 * text needs, as snprintf does.
 */
int rf_err_format(const rf_err *err, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif /* RAREFLOW_ERROR_H */
