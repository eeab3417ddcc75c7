/* Dates, times and Roman numerals as read on the radio:
 * 25/10/2023 → "ngày hai mươi lăm tháng mười năm hai nghìn không trăm hai mươi ba",
 * days 1..10 take "mùng", month 4 is "tư", 10:30 → "mười giờ ba mươi phút". */
#include <string.h>

#include "text_int.h"

void loai_say_day(loai_norm *n, unsigned long long d)
{
    if (d <= 10 && !loai_prev_is(n, 0, "mùng") && !loai_prev_is(n, 0, "mồng"))
        loai_say(n, "mùng");
    loai_say_cardinal(n, d);
}

void loai_say_month(loai_norm *n, unsigned long long m)
{
    if (m == 4)
        loai_say_numword(n, "tư");
    else
        loai_say_cardinal(n, m);
}

/* Split S into up to 3 digit fields separated by SEP; returns the count
 * of fields (0 when S is anything else). Lengths in LEN[]. */
static int fields(const char *s, size_t len, char sep, unsigned long long v[3], size_t flen[3])
{
    size_t i = 0;
    int k = 0;

    while (k < 3) {
        size_t d = loai_digits(s + i, len - i, &v[k]);

        if (d == 0 || d > 4)
            return 0;
        flen[k++] = d;
        i += d;
        if (i == len)
            return k;
        if (s[i] != sep)
            return 0;
        i++;
    }
    return 0;
}

static int prev_is_day_word(const loai_norm *n)
{
    return loai_prev_is(n, 0, "ngày") || loai_prev_is(n, 0, "mùng") ||
           loai_prev_is(n, 0, "mồng");
}

static void say_dmy(loai_norm *n, unsigned long long d, unsigned long long m, int has_y,
                    unsigned long long y)
{
    /* "Ngày Chuyển đổi số quốc gia 10/10": the name already said "Ngày" */
    int holiday = !has_y && (loai_prev_is(n, 0, "gia") || loai_prev_is(n, 0, "tế") ||
                             loai_prev_is(n, 0, "lễ"));

    if (!prev_is_day_word(n) && !holiday)
        loai_say(n, "ngày");
    loai_say_day(n, d);
    loai_say(n, "tháng");
    loai_say_month(n, m);
    if (has_y) {
        loai_say(n, "năm");
        loai_say_cardinal(n, y);
    }
}

int loai_try_date(loai_norm *n, const char *s, size_t len)
{
    static const char seps[3] = {'/', '-', '.'};
    unsigned long long v[3];
    size_t fl[3];
    int i, k;

    for (i = 0; i < 3; i++) {
        k = fields(s, len, seps[i], v, fl);
        if (k == 3) {
            if (fl[0] <= 2 && fl[1] <= 2 && fl[2] == 4 && v[0] >= 1 && v[0] <= 31 &&
                v[1] >= 1 && v[1] <= 12) {
                say_dmy(n, v[0], v[1], 1, v[2]);
                return 1;
            }
            if (seps[i] == '-' && fl[0] == 4 && fl[1] <= 2 && fl[2] <= 2 && v[1] >= 1 &&
                v[1] <= 12 && v[2] >= 1 && v[2] <= 31) { /* ISO 2023-04-12 */
                say_dmy(n, v[2], v[1], 1, v[0]);
                return 1;
            }
            return 0;
        }
        if (k == 2 && seps[i] == '/' && fl[1] == 4 && loai_prev_is(n, 0, "số") &&
            v[1] >= 1900 && v[1] <= 2199) {
            /* "Công báo số 1/2024": a number of the year, not a month */
            loai_say_cardinal(n, v[0]);
            loai_say(n, "năm");
            loai_say_cardinal(n, v[1]);
            return 1;
        }
        if (k == 2 && seps[i] == '/') {
            /* m/yyyy: "tháng 9/2023", "9/2023" */
            if (fl[0] <= 2 && fl[1] == 4 && v[0] >= 1 && v[0] <= 12 && v[1] >= 1900 &&
                v[1] <= 2199) {
                if (!loai_prev_is(n, 0, "tháng"))
                    loai_say(n, "tháng");
                loai_say_month(n, v[0]);
                loai_say(n, "năm");
                loai_say_cardinal(n, v[1]);
                return 1;
            }
            /* d/m needs a cue: "ngày 12/7", "trước 30/11", "Ngày ... quốc gia 10/10" */
            if (fl[0] <= 2 && fl[1] <= 2 && v[0] >= 1 && v[0] <= 31 && v[1] >= 1 &&
                v[1] <= 12 &&
                (prev_is_day_word(n) || loai_prev_is(n, 0, "trước") ||
                 loai_prev_is(n, 0, "#date") ||
                 (loai_prev_is(n, 1, "#date") &&
                  (loai_prev_is(n, 0, "và") || loai_prev_is(n, 0, "hoặc"))) ||
                 loai_prev_is(n, 0, "sau") || loai_prev_is(n, 0, "từ") ||
                 loai_prev_is(n, 0, "đến") || loai_prev_is(n, 0, "hôm") ||
                 loai_prev_is(n, 0, "hạn") || loai_prev_is(n, 0, "gia") ||
                 loai_prev_is(n, 0, "tế") || loai_prev_is(n, 0, "lễ"))) {
                say_dmy(n, v[0], v[1], 0, 0);
                return 1;
            }
        }
    }
    return 0;
}

int loai_try_time(loai_norm *n, const char *s, size_t len, int say)
{
    unsigned long long h, m = 0, sec = 0;
    size_t i = loai_digits(s, len, &h), k;
    int has_s = 0;

    if (i == 0 || i > 2 || i == len || h > 24)
        return 0;
    if (s[i] == ':') {
        k = loai_digits(s + i + 1, len - i - 1, &m);
        if (k != 2 || m > 59)
            return 0;
        i += 1 + k;
        if (i < len && s[i] == ':') {
            k = loai_digits(s + i + 1, len - i - 1, &sec);
            if (k != 2 || sec > 59)
                return 0;
            i += 1 + k;
            has_s = 1;
        }
    } else if (s[i] == 'h' || s[i] == 'H' || s[i] == 'g') {
        i++;
        k = loai_digits(s + i, len - i, &m);
        if (k == 1 || k > 2 || m > 59)
            return 0;
        i += k;
        if (k && i < len && (s[i] == 'p' || s[i] == '\''))
            i++; /* 5h30p, 5h30' */
    } else {
        return 0;
    }
    if (i != len)
        return 0;
    if (say) {
        loai_say_cardinal(n, h);
        loai_say(n, "giờ");
        if (m > 0 || has_s) {
            loai_say_cardinal(n, m);
            loai_say(n, "phút");
        }
        if (has_s) {
            loai_say_cardinal(n, sec);
            loai_say(n, "giây");
        }
    }
    return 1;
}

static int roman_val(char c)
{
    switch (c) {
    case 'I': return 1;
    case 'V': return 5;
    case 'X': return 10;
    case 'L': return 50;
    case 'C': return 100;
    case 'D': return 500;
    case 'M': return 1000;
    default: return 0;
    }
}

/* Value of a canonical Roman numeral (re-encoding gives the same string), or 0. */
static int roman_parse(const char *s, size_t len)
{
    static const struct {
        int v;
        const char *r;
    } t[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
             {50, "L"},   {40, "XL"},  {10, "X"},  {9, "IX"},   {5, "V"},   {4, "IV"},
             {1, "I"}};
    char buf[32];
    size_t i, bl = 0;
    int v = 0, total;

    if (len == 0 || len > 15)
        return 0;
    for (i = 0; i < len; i++) {
        int a = roman_val(s[i]), b = i + 1 < len ? roman_val(s[i + 1]) : 0;

        if (a == 0)
            return 0;
        v += a < b ? -a : a;
    }
    if (v <= 0 || v >= 4000)
        return 0;
    total = v;
    for (i = 0; i < sizeof t / sizeof t[0]; i++)
        while (total >= t[i].v) {
            size_t rl = strlen(t[i].r);

            if (bl + rl >= sizeof buf)
                return 0;
            memcpy(buf + bl, t[i].r, rl);
            bl += rl;
            total -= t[i].v;
        }
    return bl == len && memcmp(buf, s, len) == 0 ? v : 0;
}

int loai_try_roman(loai_norm *n, const char *s, size_t len, int force)
{
    static const char *const keys[] = {"phần", "mục",  "chương", "điều", "khoản", "lục",
                                       "kỷ",   "kỉ",   "quý",    "loại", "hạng",  "đợt",
                                       "khóa", "tập",  "cấp",    "vùng", "nhóm",  "kỳ"};
    size_t i;
    int v = roman_parse(s, len), ok = force;

    if (v == 0)
        return 0;
    for (i = 0; !ok && i < sizeof keys / sizeof keys[0]; i++)
        ok = loai_prev_is(n, 0, keys[i]);
    if (!ok)
        return 0;
    loai_say_cardinal(n, (unsigned long long)v);
    return 1;
}
