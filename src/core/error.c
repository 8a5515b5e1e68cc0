/* error.c: the status table and the rf_err helpers declared in rareflow/error.h. */
#include "rareflow/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"

static const char *const status_msg[] = {
#define RF__STATUS_MSG(name, msg, input) msg,
    RF_STATUS_LIST(RF__STATUS_MSG)
#undef RF__STATUS_MSG
};

static const int status_input[] = {
#define RF__STATUS_INPUT(name, msg, input) input,
    RF_STATUS_LIST(RF__STATUS_INPUT)
#undef RF__STATUS_INPUT
};

const char *rf_status_str(rf_status code)
{
    if ((int)code < 0 || code >= RF_STATUS_COUNT) return "unknown status";
    return status_msg[code];
}

int rf_status_is_input(rf_status code)
{
    if ((int)code < 0 || code >= RF_STATUS_COUNT) return 0;
    return status_input[code];
}

void rf_err_clear(rf_err *err)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->code = RF_OK;
}

static void copy_text(char *dst, size_t size, const char *src)
{
    if (!src) src = "";
    snprintf(dst, size, "%s", src);
}

rf_status rf_err_vset(rf_err *err, rf_status code, const char *file, int line, const char *field,
                      const char *fmt, va_list ap)
{
    if (!err) return code;
    err->code = code;
    copy_text(err->file, sizeof err->file, file);
    err->line = line;
    copy_text(err->field, sizeof err->field, field);
    if (fmt) {
        rf__cloc loc;
        rf__cloc_enter(&loc); /* "1.5", never "1,5", in a message */
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        rf__cloc_leave(&loc);
    } else {
        copy_text(err->msg, sizeof err->msg, rf_status_str(code));
    }
    return code;
}

rf_status rf_err_set(rf_err *err, rf_status code, const char *file, int line,
                     const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rf_err_vset(err, code, file, line, field, fmt, ap);
    va_end(ap);
    return code;
}

int rf_err_format(const rf_err *err, char *buf, size_t size)
{
    char loc[RF_ERR_FILE_MAX + 32] = "";
    char fld[RF_ERR_FIELD_MAX + 4] = "";
    if (!err) return snprintf(buf, size, "no error");
    if (err->file[0] && err->line > 0)
        snprintf(loc, sizeof loc, "%s:%d: ", err->file, err->line);
    else if (err->file[0])
        snprintf(loc, sizeof loc, "%s: ", err->file);
    if (err->field[0]) snprintf(fld, sizeof fld, "%s: ", err->field);
    return snprintf(buf, size, "%s%s%s", loc, fld,
                    err->msg[0] ? err->msg : rf_status_str(err->code));
}

void rf_warnings_init(rf_warnings *w)
{
    if (w) memset(w, 0, sizeof *w);
}

void rf_warnings_close(rf_warnings *w)
{
    if (!w) return;
    free(w->items);
    memset(w, 0, sizeof *w);
}

void rf_warnings_add(rf_warnings *w, const char *file, int line, const char *field, const char *fmt, ...)
{
    if (!w) return;
    if (w->n >= RF_WARNINGS_MAX) {
        w->dropped++;
        return;
    }
    if (w->n == w->cap) {
        int cap = w->cap ? 2 * w->cap : 8;
        rf_err *items = realloc(w->items, (size_t)cap * sizeof *items);
        if (!items) {
            w->dropped++;
            return;
        }
        w->items = items;
        w->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    rf_err_vset(&w->items[w->n++], RF_OK, file, line, field, fmt, ap);
    va_end(ap);
}
