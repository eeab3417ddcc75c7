/* Small helpers for the publisher: ASCII slugs, Vietnamese day names,
 * times, staged writes of a finished text. */
#include <stdio.h>
#include <stdlib.h>

#include "loa/error.h"
#include "loa/plan.h"
#include "buf_int.h"
#include "error_int.h"
#include "file_int.h"
#include "publish_priv.h"

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

loa_err loai_pub_write(const char *dir, const char *name, const loai_out *o, loa_diag *diag)
{
    char *final;
    loa_err err;

    if (o->err != LOA_OK)
        return o->err;
    if ((final = loai_file_join(dir, name)) == NULL)
        return LOA_ERR_NOMEM;
    /* In a staged tree, synced whole by loa_publish_commit. */
    err = loai_stage_write_nosync(final, o->b.data ? o->b.data : "", o->b.len, diag);
    free(final);
    return err;
}
