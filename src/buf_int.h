/* Byte buffers, the text writer and small string helpers (buf.c); never
 * installed. */
#ifndef LOA_BUF_INT_H
#define LOA_BUF_INT_H

#include <stddef.h>

#include "loa/error.h"
#include "error_int.h"

/* Growable byte buffer; always NUL-terminated once anything was added. */
typedef struct loai_buf {
    char *data;
    size_t len;
    size_t cap;
} loai_buf;

loa_err loai_buf_reserve(loai_buf *b, size_t extra);
loa_err loai_buf_add(loai_buf *b, const char *s, size_t n);
loa_err loai_buf_puts(loai_buf *b, const char *s);
loa_err loai_buf_printf(loai_buf *b, const char *fmt, ...) LOAI_PRINTF(2, 3);
void loai_buf_free(loai_buf *b);

/* A text being built; after the first failure every call is a no-op and ERR
 * keeps the first error, so writers check once at the end. */
typedef struct loai_out {
    loai_buf b;
    loa_err err;
} loai_out;

/* Empty O for reuse (keeps its memory and its error). */
void loai_out_reset(loai_out *o);
void loai_out_add(loai_out *o, const char *s, size_t n);
void loai_out_puts(loai_out *o, const char *s);
void loai_out_printf(loai_out *o, const char *fmt, ...) LOAI_PRINTF(2, 3);
/* V with DECIMALS digits after a '.', whatever the locale; "null" for NaN/inf. */
void loai_out_fixed(loai_out *o, double v, int decimals);
/* A JSON string literal: quotes, \" \\ \n \r \t, other controls as \u00XX. */
void loai_out_json_str(loai_out *o, const char *s);
/* S with control characters turned into spaces (for one-line formats). */
void loai_out_line(loai_out *o, const char *s);
/* HTML text: & < > " ' escaped. */
void loai_out_html(loai_out *o, const char *s);

/* N bytes of S as a malloc'd string; NULL when out of memory. */
char *loai_dup_n(const char *s, size_t n);
/* A malloc'd copy of S; NULL for NULL S or out of memory. */
char *loai_dup_str(const char *s);
/* 1 when [S, END) (END NULL: up to the NUL) is a non-empty id of a-z, 0-9,
 * '-' and '_' (station, group and bulletin ids name files); NULL S is not. */
int loai_safe_id(const char *s, const char *end);

#endif
