/* Growable byte buffers, the text writer built on them (loai_out: JSON,
 * HTML, locale-free numbers) and small string helpers. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
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

void loai_out_reset(loai_out *o)
{
    o->b.len = 0;
    if (o->b.data)
        o->b.data[0] = '\0';
}

void loai_out_add(loai_out *o, const char *s, size_t n)
{
    if (o->err == LOA_OK)
        o->err = loai_buf_add(&o->b, s, n);
}

void loai_out_puts(loai_out *o, const char *s)
{
    loai_out_add(o, s, strlen(s));
}

void loai_out_printf(loai_out *o, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    int n;

    if (o->err != LOA_OK)
        return;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        o->err = LOA_ERR_INVALID;
    } else if ((size_t)n < sizeof small) {
        loai_out_add(o, small, (size_t)n);
    } else if ((o->err = loai_buf_reserve(&o->b, (size_t)n)) == LOA_OK) {
        va_start(ap, fmt);
        vsnprintf(o->b.data + o->b.len, (size_t)n + 1, fmt, ap);
        va_end(ap);
        o->b.len += (size_t)n;
    }
}

void loai_out_fixed(loai_out *o, double v, int decimals)
{
    /* printf's %f follows LC_NUMERIC (vi_VN writes "1,5"); integers do not. */
    long long scale = 1, q;
    int i;

    if (!isfinite(v) || fabs(v) > 1e15) {
        loai_out_puts(o, "null");
        return;
    }
    for (i = 0; i < decimals; i++)
        scale *= 10;
    q = llround(fabs(v) * (double)scale);
    if (v < 0 && q != 0)
        loai_out_puts(o, "-");
    loai_out_printf(o, "%lld", q / scale);
    if (decimals > 0)
        loai_out_printf(o, ".%0*lld", decimals, q % scale);
}

void loai_out_json_str(loai_out *o, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    loai_out_puts(o, "\"");
    for (; *p; p++) {
        switch (*p) {
        case '"': loai_out_puts(o, "\\\""); break;
        case '\\': loai_out_puts(o, "\\\\"); break;
        case '\n': loai_out_puts(o, "\\n"); break;
        case '\r': loai_out_puts(o, "\\r"); break;
        case '\t': loai_out_puts(o, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                loai_out_printf(o, "\\u%04x", *p);
            else
                loai_out_add(o, (const char *)p, 1); /* UTF-8 passes through */
        }
    }
    loai_out_puts(o, "\"");
}

void loai_out_line(loai_out *o, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p; p++)
        loai_out_add(o, *p < 0x20 || *p == 0x7f ? " " : (const char *)p, 1);
}

void loai_out_html(loai_out *o, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': loai_out_puts(o, "&amp;"); break;
        case '<': loai_out_puts(o, "&lt;"); break;
        case '>': loai_out_puts(o, "&gt;"); break;
        case '"': loai_out_puts(o, "&quot;"); break;
        case '\'': loai_out_puts(o, "&#39;"); break;
        default: loai_out_add(o, s, 1);
        }
    }
}

char *loai_dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *loai_dup_str(const char *s)
{
    return s != NULL ? loai_dup_n(s, strlen(s)) : NULL;
}

int loai_safe_id(const char *s, const char *end)
{
    if (s == NULL)
        return 0;
    if (end == NULL)
        end = s + strlen(s);
    if (s == end)
        return 0;
    for (; s < end; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}
