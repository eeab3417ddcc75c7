/* Small text and file helpers for the publisher: escaping for JSON/HTML,
 * locale-free numbers, ASCII slugs, Vietnamese day names, staged writes. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "publish_priv.h"

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

/* Decode one UTF-8 sequence at *P (advancing it); invalid bytes give 0xFFFD. */
static unsigned long next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned long c = s[0];
    int n = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
    int i;

    if (n < 0) {
        (*p)++;
        return 0xFFFD;
    }
    c &= n == 0 ? 0x7F : (0x3F >> n);
    for (i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + i;
            return 0xFFFD;
        }
        c = c << 6 | (s[i] & 0x3F);
    }
    *p = s + n + 1;
    return c;
}

/* Every Vietnamese letter with a diacritic, grouped by its ASCII base letter. */
static const struct {
    char base;
    const char *letters;
} fold[] = {
    {'a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
    {'d', "đĐ"},
    {'e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"},
    {'i', "ìíỉĩịÌÍỈĨỊ"},
    {'o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
    {'u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"},
    {'y', "ỳýỷỹỵỲÝỶỸỴ"},
};

static char fold_cp(unsigned long c)
{
    size_t i;

    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z')
            return (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            return (char)c;
        return '-';
    }
    for (i = 0; i < sizeof fold / sizeof fold[0]; i++) {
        const unsigned char *p = (const unsigned char *)fold[i].letters;

        while (*p)
            if (next_cp(&p) == c)
                return fold[i].base;
    }
    return '-';
}

void loai_pub_slug(const char *s, const char *fallback, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;

    if (size == 0)
        return;
    while (s && *p && n + 1 < size) {
        char c = fold_cp(next_cp(&p));

        if (c == '-' && (n == 0 || out[n - 1] == '-'))
            continue; /* no leading or doubled dashes */
        out[n++] = c;
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
    if (n == 0)
        snprintf(out, size, "%s", fallback);
}

const char *loai_pub_weekday(int wd)
{
    static const char *names[] = {"Thứ Hai", "Thứ Ba",  "Thứ Tư",  "Thứ Năm",
                                  "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"};

    return wd >= 1 && wd <= 7 ? names[wd - 1] : "?";
}

const char *loai_pub_weekday_short(int wd)
{
    static const char *names[] = {"T2", "T3", "T4", "T5", "T6", "T7", "CN"};

    return wd >= 1 && wd <= 7 ? names[wd - 1] : "T0";
}

const char *loai_pub_priority(loa_priority p)
{
    switch (p) {
    case LOA_PRIO_HIGH: return "ưu tiên";
    case LOA_PRIO_URGENT: return "khẩn cấp";
    case LOA_PRIO_NORMAL: break;
    }
    return "thường";
}

int loai_pub_is_bulletin(const loa_plan_clip *c)
{
    return c->kind == LOA_CLIP_BULLETIN || c->kind == LOA_CLIP_STANDING;
}

void loai_pub_hms(int sec, char buf[16])
{
    snprintf(buf, 16, "%02d:%02d:%02d", sec / 3600 % 100, sec / 60 % 60, sec % 60);
}

void loai_pub_hm(int sec, char buf[16])
{
    snprintf(buf, 16, "%02d:%02d", sec / 3600 % 100, sec / 60 % 60);
}

void loai_pub_duration_vi(double seconds, char buf[48])
{
    long t = seconds > 0 && seconds < 1e9 ? (long)(seconds + 0.5) : 0;

    if (t < 60)
        snprintf(buf, 48, "%ld giây", t);
    else if (t % 60 == 0)
        snprintf(buf, 48, "%ld phút", t / 60);
    else
        snprintf(buf, 48, "%ld phút %ld giây", t / 60, t % 60);
}

int loai_pub_track_width(size_t n)
{
    return n >= 1000 ? (n >= 10000 ? 5 : 4) : 3;
}

char *loai_pub_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);

    if (p != NULL)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

loa_err loai_pub_write(const char *dir, const char *name, const loai_out *o, loa_diag *diag)
{
    char *final;
    loa_err err;

    if (o->err != LOA_OK)
        return o->err;
    if ((final = loai_pub_join(dir, name)) == NULL)
        return LOA_ERR_NOMEM;
    err = loai_stage_write(final, o->b.data ? o->b.data : "", o->b.len, diag);
    free(final);
    return err;
}

loa_err loai_pub_mkdirs(const char *path, loa_diag *diag)
{
    char *p = strdup(path), *s;
    struct stat st;

    if (p == NULL)
        return LOA_ERR_NOMEM;
    for (s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            loai_diag_set(diag, "cannot create directory %s: %s", p, strerror(errno));
            free(p);
            return LOA_ERR_IO;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
        loai_diag_set(diag, "%s exists and is not a directory — move it away", p);
        free(p);
        return LOA_ERR_IO;
    }
    free(p);
    return LOA_OK;
}

int loai_pub_rmtree(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    int rc = 0;

    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    if ((d = opendir(path)) == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        char *sub;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((sub = loai_pub_join(path, e->d_name)) == NULL) {
            rc = -1;
            break;
        }
        if (loai_pub_rmtree(sub) != 0)
            rc = -1;
        free(sub);
    }
    closedir(d);
    if (rmdir(path) != 0)
        rc = -1;
    return rc;
}
