/* The growable byte buffer (buf.c); never installed. */
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

#endif
