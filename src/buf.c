/* Growable byte buffers and whole-file reading. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/paths.h"
#include "buf_int.h"
#include "error_int.h"

loa_err loai_buf_reserve(loai_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (extra > SIZE_MAX - b->len - 1)
        return LOA_ERR_NOMEM;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return LOA_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if ((p = realloc(b->data, cap)) == NULL)
        return LOA_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return LOA_OK;
}

loa_err loai_buf_add(loai_buf *b, const char *s, size_t n)
{
    loa_err err = loai_buf_reserve(b, n);

    if (err != LOA_OK)
        return err;
    if (n > 0)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return LOA_OK;
}

loa_err loai_buf_puts(loai_buf *b, const char *s)
{
    return loai_buf_add(b, s, strlen(s));
}

loa_err loai_buf_printf(loai_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    loa_err err;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return LOA_ERR_INVALID;
    if ((err = loai_buf_reserve(b, (size_t)n)) != LOA_OK)
        return err;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return LOA_OK;
}

void loai_buf_free(loai_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

loa_err loa_file_read(const char *path, char **out, size_t *len, loa_diag *diag)
{
    FILE *fp;
    loai_buf b = {0};
    char chunk[65536];
    size_t n;
    int is_stdin = strcmp(path, "-") == 0;

    if (is_stdin) {
        fp = stdin;
    } else if ((fp = fopen(path, "rb")) == NULL) {
        loai_diag_set(diag, "cannot open %s: %s", path, strerror(errno));
        return LOA_ERR_IO;
    }
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (loai_buf_add(&b, chunk, n) != LOA_OK) {
            if (!is_stdin)
                fclose(fp);
            loai_buf_free(&b);
            return LOA_ERR_NOMEM;
        }
    }
    if (ferror(fp)) {
        loai_diag_set(diag, "cannot read %s: %s", is_stdin ? "standard input" : path,
                      strerror(errno));
        if (!is_stdin)
            fclose(fp);
        loai_buf_free(&b);
        return LOA_ERR_IO;
    }
    if (!is_stdin)
        fclose(fp);
    if (b.data == NULL && loai_buf_add(&b, "", 0) != LOA_OK)
        return LOA_ERR_NOMEM;
    *out = b.data;
    *len = b.len;
    return LOA_OK;
}
