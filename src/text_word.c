/* Words and numbers in their context: lexicon words, spelled and foreign
 * words, camel-case splits; how a number is read depends on the words
 * before it (thứ 2, tháng 4, ngày 5, Đề án 06, điện thoại 0908...). */
#include <string.h>

#include "text_int.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

struct wshape {
    int upper, lower, digits, other, vowels, letters;
};

static struct wshape shape(const char *s, size_t len)
{
    struct wshape w = {0, 0, 0, 0, 0, 0};
    size_t i = 0, k;

    while (i < len) {
        unsigned cp = loai_utf8_get(s + i, len - i, &k);
        char b = loai_base_letter(cp);

        if (cp < 0x80 && is_digit((char)cp))
            w.digits++;
        else if (loai_cp_is_letter(cp)) {
            w.letters++;
            if (loai_cp_is_upper(cp))
                w.upper++;
            else
                w.lower++;
            if (b && strchr("aeiouy", b))
                w.vowels++;
        } else
            w.other++;
        i += k;
    }
    return w;
}

static void say_lower(loai_norm *n, const char *s, size_t len)
{
    if (loai_utf8_lower(&n->tmp, s, len) != LOA_OK) {
        n->err = LOA_ERR_NOMEM;
        return;
    }
    loai_say_n(n, n->tmp.data, n->tmp.len);
}

/* Split a camel-case word ("LuatVietnam", "thôngSố") where a lowercase
 * letter is followed by an uppercase one; 1 if every piece is readable. */
static int say_camel(loai_norm *n, const char *s, size_t len)
{
    size_t i = 0, k, start = 0, cuts[8], nc = 0, j;
    unsigned prev = 0;

    while (i < len) {
        unsigned cp = loai_utf8_get(s + i, len - i, &k);

        /* "thôngSố" splits before S; "VNForm" before F (an uppercase run
         * followed by a capitalised word) */
        int next_lower = 0;

        if (i + k < len) {
            size_t k2;

            next_lower = loai_cp_is_lower(loai_utf8_get(s + i + k, len - i - k, &k2));
        }
        if (i > 0 && loai_cp_is_upper(cp) &&
            (loai_cp_is_lower(prev) || (loai_cp_is_upper(prev) && next_lower))) {
            if (nc == 7)
                return 0;
            cuts[nc++] = i;
        }
        prev = cp;
        i += k;
    }
    if (nc == 0)
        return 0;
    cuts[nc] = len;
    for (j = 0; j <= nc; j++) {
        size_t l = cuts[j] - start;

        struct wshape ws = shape(s + start, l);

        if (!loai_is_syllable(s + start, l) &&
            !loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s + start, l) &&
            !loai_lex_get(n->lex, LOAI_LEX_ABBR, s + start, l) && ws.lower > 0)
            return 0;
        start = cuts[j];
    }
    start = 0;
    for (j = 0; j <= nc; j++) {
        loai_say_word(n, s + start, cuts[j] - start);
        start = cuts[j];
    }
    return 1;
}

void loai_say_word(loai_norm *n, const char *s, size_t len)
{
    const char *r;
    size_t mark;
    struct wshape w;

    if (len == 0)
        return;
    mark = loai_nsw_begin(n);
    if ((r = loai_lex_get(n->lex, LOAI_LEX_ABBR, s, len)) != NULL) {
        loai_say(n, r);
        loai_nsw_end(n, mark, LOA_NSW_ABBR, s, len);
        loai_push_prev(n, s, len); /* "SĐT: 0238…" is a phone context */
        return;
    }
    if (n->last_num && ((r = loai_lex_get(n->lex, LOAI_LEX_UNIT, s, len)) != NULL ||
                        (r = loai_money_suffix(s, len)) != NULL)) {
        loai_say(n, r);
        n->unit_said = 1;
        loai_nsw_end(n, mark, LOA_NSW_UNIT, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    if ((r = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s, len)) != NULL) {
        loai_say(n, r);
        loai_nsw_end(n, mark, LOA_NSW_FOREIGN, s, len);
        loai_push_prev(n, s, len); /* context words are matched as written: "hotline" */
        return;
    }
    w = shape(s, len);
    if (w.digits > 0) {
        /* H5N1, F0: letters and digits in turn */
        size_t i = 0;

        while (i < len) {
            size_t j = i;

            if (is_digit(s[i])) {
                unsigned long long v;

                while (j < len && is_digit(s[j]))
                    j++;
                if (j - i <= 3 && s[i] != '0') {
                    loai_digits(s + i, j - i, &v);
                    loai_say_cardinal(n, v);
                } else {
                    loai_say_digits(n, s + i, j - i);
                }
            } else {
                size_t k;

                while (j < len && !is_digit(s[j])) {
                    loai_utf8_get(s + j, len - j, &k);
                    j += k;
                }
                if ((r = loai_lex_get(n->lex, LOAI_LEX_ABBR, s + i, j - i)) != NULL)
                    loai_say(n, r); /* QL1A: quốc lộ một a */
                else
                    loai_spell(n, s + i, j - i);
            }
            i = j;
        }
        loai_nsw_end(n, mark, LOA_NSW_SPELLED, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    if (loai_is_syllable(s, len)) {
        if (w.upper >= 2 && w.lower == 0) {
            say_lower(n, s, len);
            loai_nsw_end(n, mark, LOA_NSW_CAPS, s, len);
        } else {
            n->depth--;
            loai_say_n(n, s, len);
        }
        loai_push_prev(n, s, len);
        return;
    }
    if (w.lower > 0 && w.upper > 0 && say_camel(n, s, len)) {
        n->depth--;
        return;
    }
    if (w.lower == 0 || w.vowels == 0) {
        loai_spell(n, s, len);
        loai_nsw_end(n, mark, LOA_NSW_SPELLED, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    loai_say_n(n, s, len);
    loai_nsw_end(n, mark, LOA_NSW_UNKNOWN, s, len);
    loai_push_prev(n, s, len);
}

/* ---- numbers in context ---- */

static int prev2(const loai_norm *n, const char *a, const char *b)
{
    return loai_prev_is(n, 1, a) && loai_prev_is(n, 0, b);
}

/* A number written as an identifier (read digit by digit)? */
static int id_context(const loai_norm *n)
{
    return prev2(n, "đề", "án") || prev2(n, "tài", "khoản") || prev2(n, "hồ", "sơ") || prev2(n, "mã", "số") ||
           loai_prev_is(n, 0, "mã") || prev2(n, "số", "hiệu") || prev2(n, "biển", "số") ||
           loai_prev_is(n, 0, "stk") || prev2(n, "số", "tk");
}

/* Only digits, with dots or dashes between them? */
static int digits_dots(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (!is_digit(s[i]) && s[i] != '.' && s[i] != '-')
            return 0;
    return len > 0 && is_digit(s[0]);
}

/* An identifier: digits one by one, letters spelled, separators named. */
void loai_say_ident(loai_norm *n, const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t j = i, k;

        if (is_digit(s[i])) {
            while (j < len && is_digit(s[j]))
                j++;
            loai_say_digits(n, s + i, j - i);
        } else if (s[i] == '.' || s[i] == '-' || s[i] == '/' || s[i] == '_') {
            loai_say(n, s[i] == '.' ? "chấm" : s[i] == '-' ? "gạch ngang"
                        : s[i] == '/' ? "gạch chéo" : "gạch dưới");
            j++;
        } else {
            while (j < len && !is_digit(s[j]) && s[j] != '.' && s[j] != '-' && s[j] != '/' &&
                   s[j] != '_') {
                loai_utf8_get(s + j, len - j, &k);
                j += k;
            }
            loai_spell(n, s + i, j - i);
        }
        i = j;
    }
}

int loai_phone_context(const loai_norm *n)
{
    return loai_prev_is(n, 0, "thoại") || loai_prev_is(n, 0, "hotline") ||
           loai_prev_is(n, 0, "nóng") || loai_prev_is(n, 0, "fax") ||
           loai_prev_is(n, 0, "gọi") || loai_prev_is(n, 0, "đt") || loai_prev_is(n, 0, "sđt") ||
           prev2(n, "tổng", "đài") || loai_prev_is(n, 0, "zalo");
}

const char *loai_money_suffix(const char *s, size_t len)
{
    static const char *const dong[] = {"đ", "₫", "đồng", "VNĐ", "VND", "vnđ", "Đ"};
    size_t i;

    for (i = 0; i < sizeof dong / sizeof dong[0]; i++)
        if (strlen(dong[i]) == len && memcmp(s, dong[i], len) == 0)
            return "đồng";
    if (len == 1 && s[0] == '$')
        return "đô la";
    return NULL;
}

/* End of the numeric prefix [0-9.,] of S (a trailing separator excluded). */
static size_t num_prefix(const char *s, size_t len)
{
    size_t i = 0;

    if (i < len && s[i] == '-')
        i++;
    while (i < len && (is_digit(s[i]) || s[i] == '.' || s[i] == ','))
        i++;
    while (i > 0 && (s[i - 1] == '.' || s[i - 1] == ','))
        i--;
    return i;
}

/* Does S read as a quantity (number with an optional % or unit) or a time? */
int loai_quantity_like(const loai_norm *n, const char *s, size_t len)
{
    loai_num v;
    size_t j = num_prefix(s, len);

    if (j > 0 && loai_parse_num(s, j, &v)) {
        if (j == len || (len - j == 1 && s[j] == '%') || loai_money_suffix(s + j, len - j) ||
            loai_lex_get(n->lex, LOAI_LEX_UNIT, s + j, len - j))
            return 1;
    }
    return loai_try_time(NULL, s, len, 0);
}

/* "12/7", "15/7/2024": a day and month (and year) that can end a range. */
int loai_date_like(const char *s, size_t len)
{
    unsigned long long d, m, y;
    size_t i = loai_digits(s, len, &d), k;

    if (i == 0 || i > 2 || i >= len || s[i] != '/' || d < 1 || d > 31)
        return 0;
    k = loai_digits(s + i + 1, len - i - 1, &m);
    if (k == 0 || k > 2 || m < 1 || m > 12)
        return 0;
    i += 1 + k;
    if (i == len)
        return 1;
    if (s[i] != '/' || loai_digits(s + i + 1, len - i - 1, &y) != 4 || i + 5 != len)
        return 0;
    return 1;
}


static void say_quantity(loai_norm *n, const char *s, size_t len)
{
    loai_num v;
    size_t j = num_prefix(s, len), mark = loai_nsw_begin(n);
    const char *suffix = s + j, *r;
    size_t sl = len - j;
    loa_nsw_kind kind = LOA_NSW_NUMBER;

    if (j == 0 || !loai_parse_num(s, j, &v) ||
        (j + 1 < len && s[j] == '-' && is_digit(s[j + 1]))) {
        /* not a number after all: an identifier such as 000.00.00.H57 */
        loai_say_ident(n, s, len);
        loai_nsw_end(n, mark, LOA_NSW_DIGITS, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    if (v.frac)
        kind = LOA_NSW_DECIMAL;
    if (sl == 0 && !v.frac && !v.neg && v.ip_len == loai_digits(v.ip, v.ip_len, NULL)) {
        /* context decides how a bare integer is read */
        if (loai_prev_is(n, 0, "thứ") && v.val > 0) {
            if (v.val == 1)
                loai_say_numword(n, "nhất");
            else if (v.val == 4)
                loai_say_numword(n, "tư");
            else
                loai_say_cardinal(n, v.val);
            kind = LOA_NSW_ORDINAL;
        } else if (loai_prev_is(n, 0, "tháng") && v.val >= 1 && v.val <= 12) {
            loai_say_month(n, v.val);
            kind = LOA_NSW_ORDINAL;
        } else if ((loai_prev_is(n, 0, "ngày") || loai_prev_is(n, 0, "mùng") ||
                    loai_prev_is(n, 0, "mồng")) && v.val >= 1 && v.val <= 31) {
            loai_say_day(n, v.val);
            kind = LOA_NSW_ORDINAL;
        } else if (id_context(n) || (v.lead_zero && v.ip_len >= 3) || v.big) {
            loai_say_digits(n, v.ip, v.ip_len);
            kind = LOA_NSW_DIGITS;
        } else if (loai_prev_is(n, 0, "giờ") && loai_prev_is(n, 1, "#") && v.val < 60) {
            loai_say_cardinal(n, v.val);
            if (!n->next_phut)
                loai_say(n, "phút");
            kind = LOA_NSW_TIME;
        } else {
            loai_say_cardinal(n, v.val);
        }
    } else {
        loai_say_num(n, &v);
    }
    if (sl > 0) {
        if (sl == 1 && suffix[0] == '%') {
            loai_say(n, "phần trăm");
            n->unit_said = 1;
            kind = LOA_NSW_PERCENT;
        } else if ((r = loai_money_suffix(suffix, sl)) != NULL) {
            loai_say(n, r);
            n->unit_said = 1;
            kind = LOA_NSW_MONEY;
        } else if ((r = loai_lex_get(n->lex, LOAI_LEX_UNIT, suffix, sl)) != NULL) {
            loai_say(n, r);
            n->unit_said = 1;
            kind = LOA_NSW_UNIT;
        } else {
            n->last_num = 1;
            loai_say_core(n, suffix, sl, 0);
        }
    }
    loai_nsw_end(n, mark, kind, s, len);
    loai_push_prev(n, "#", 1);
    n->num_said = 1;
}

void loai_say_numeric(loai_norm *n, const char *s, size_t len)
{
    size_t mark = loai_nsw_begin(n), k, i;

    if (s[0] == '$' || (len > 1 && s[len - 1] == '$' && is_digit(s[0]))) {
        /* $100, 100$ */
        const char *d = s[0] == '$' ? s + 1 : s;

        say_quantity(n, d, len - 1);
        loai_say(n, "đô la");
        loai_nsw_end(n, mark, LOA_NSW_MONEY, s, len);
        return;
    }
    if (id_context(n) && digits_dots(s, len)) {
        loai_say_ident(n, s, len);
        loai_nsw_end(n, mark, LOA_NSW_DIGITS, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    if (s[0] == '+' && !loai_try_phone(n, s, len, 1)) {
        loai_say(n, "cộng"); /* +5% */
        n->depth--;
        loai_say_numeric(n, s + 1, len - 1);
        return;
    }
    if (s[0] == '+') {
        loai_nsw_end(n, mark, LOA_NSW_PHONE, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    if (loai_try_phone(n, s, len, loai_phone_context(n))) {
        loai_nsw_end(n, mark, LOA_NSW_PHONE, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    if ((k = loai_try_doccode(n, s, len)) > 0) {
        loai_nsw_end(n, mark, LOA_NSW_DOCCODE, s, k);
        loai_push_prev(n, "#", 1);
        if (k < len)
            loai_say_core(n, s + k, len - k, 0);
        return;
    }
    if (loai_try_date(n, s, len)) {
        loai_nsw_end(n, mark, LOA_NSW_DATE, s, len);
        loai_push_prev(n, "#date", 5); /* "30/4 và 1/5": the second is a date too */
        return;
    }
    if (loai_try_time(n, s, len, 1)) {
        loai_nsw_end(n, mark, LOA_NSW_TIME, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    /* ranges written without spaces: 2024-2025, 3-5%, 7h30-11h30 */
    for (i = 1; i + 1 < len; i++) {
        if (s[i] == '-' && loai_quantity_like(n, s, i) && loai_quantity_like(n, s + i + 1, len - i - 1)) {
            if (loai_try_time(NULL, s, i, 0)) {
                loai_try_time(n, s, i, 1);
                loai_say(n, "đến");
                loai_try_time(n, s + i + 1, len - i - 1, 1);
            } else {
                /* 3-5%: the unit is said once, after the second number */
                size_t a = num_prefix(s, i);

                say_quantity(n, s, a == i || s[i - 1] != '%' ? i : a);
                loai_say(n, "đến");
                say_quantity(n, s + i + 1, len - i - 1);
            }
            loai_nsw_end(n, mark, LOA_NSW_RANGE, s, len);
            return;
        }
    }
    /* fractions and scores: 70/100 → "bảy mươi trên một trăm" */
    for (i = 1; i + 1 < len; i++) {
        if (s[i] == '/') {
            loai_num a, b;

            if (loai_parse_num(s, i, &a) && loai_parse_num(s + i + 1, len - i - 1, &b)) {
                loai_say_num(n, &a);
                loai_say(n, "trên");
                loai_say_num(n, &b);
                loai_nsw_end(n, mark, LOA_NSW_FRACTION, s, len);
                loai_push_prev(n, "#", 1);
                n->num_said = 1;
                return;
            }
            break;
        }
    }
    n->depth--;
    say_quantity(n, s, len);
}

