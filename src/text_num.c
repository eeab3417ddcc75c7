/* Numbers as Vietnamese announcers read them: cardinals with the mốt/tư/
 * lăm/linh rules, decimals with "phẩy", digit strings; and the classes
 * built on numbers: quantities (a number with its multiplier, units,
 * currency or percent), ranges and products of them, fractions. */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

static const char *const digit_word[10] = {"không", "một", "hai", "ba", "bốn",
                                           "năm",   "sáu", "bảy", "tám", "chín"};

void loai_say_numword(loai_norm *n, const char *w)
{
    const char *alt = NULL;

    if (n->dialect == LOA_DIALECT_SOUTH)
        alt = loai_lex_get(n->lex, LOAI_LEX_SOUTH, w, strlen(w));
    else if (n->dialect == LOA_DIALECT_CENTRAL)
        alt = loai_lex_get(n->lex, LOAI_LEX_CENTRAL, w, strlen(w));
    loai_say(n, alt ? alt : w);
}

size_t loai_digits(const char *s, size_t len, unsigned long long *val)
{
    size_t i = 0;
    unsigned long long v = 0;

    while (i < len && s[i] >= '0' && s[i] <= '9') {
        if (v <= (~0ULL - 9) / 10)
            v = v * 10 + (unsigned)(s[i] - '0');
        else
            v = ~0ULL; /* saturate: callers treat it as "big" */
        i++;
    }
    if (val)
        *val = v;
    return i;
}

void loai_say_digits(loai_norm *n, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] >= '0' && s[i] <= '9')
            loai_say_numword(n, digit_word[s[i] - '0']);
}

/* Read 0..999. FULL: a group after a higher one, so 5 is "không trăm linh năm". */
static void say_group(loai_norm *n, unsigned g, int full)
{
    unsigned h = g / 100, t = (g / 10) % 10, u = g % 10;

    if (full || h > 0) {
        loai_say_numword(n, digit_word[h]);
        loai_say_numword(n, "trăm");
    }
    if (t == 0) {
        if (u > 0) {
            if (full || h > 0)
                loai_say_numword(n, "linh");
            loai_say_numword(n, digit_word[u]);
        }
        return;
    }
    if (t == 1) {
        loai_say_numword(n, "mười");
        if (u == 5)
            loai_say_numword(n, "lăm");
        else if (u > 0)
            loai_say_numword(n, digit_word[u]);
        return;
    }
    loai_say_numword(n, digit_word[t]);
    loai_say_numword(n, "mươi");
    if (u == 1)
        loai_say_numword(n, "mốt");
    else if (u == 4)
        loai_say_numword(n, "tư");
    else if (u == 5)
        loai_say_numword(n, "lăm");
    else if (u > 0)
        loai_say_numword(n, digit_word[u]);
}

/* Below 10^9: groups of thousands and millions. FULL as in say_group. */
static void say_below_billion(loai_norm *n, unsigned long long v, int full)
{
    static const char *const scale[3] = {NULL, "nghìn", "triệu"};
    unsigned g[3];
    int i, top = 0, said = full;

    g[0] = (unsigned)(v % 1000);
    g[1] = (unsigned)(v / 1000 % 1000);
    g[2] = (unsigned)(v / 1000000 % 1000);
    for (i = 2; i >= 0; i--)
        if (g[i] && !top)
            top = i + 1;
    for (i = top - 1; i >= 0; i--) {
        if (g[i] == 0)
            continue;
        say_group(n, g[i], said);
        if (scale[i])
            loai_say_numword(n, scale[i]);
        said = 1;
    }
}

void loai_say_cardinal(loai_norm *n, unsigned long long v)
{
    if (v == 0) {
        loai_say_numword(n, "không");
        return;
    }
    if (v >= 1000000000ULL) {
        unsigned long long hi = v / 1000000000ULL, lo = v % 1000000000ULL;

        /* "nghìn tỷ", "triệu tỷ", "tỷ tỷ" fall out of the recursion */
        loai_say_cardinal(n, hi);
        loai_say_numword(n, "tỷ");
        if (lo)
            say_below_billion(n, lo, 1);
        return;
    }
    say_below_billion(n, v, 0);
}

void loai_say_num(loai_norm *n, const loai_num *v)
{
    if (v->neg)
        loai_say(n, "âm");
    if (v->big)
        loai_say_digits(n, v->ip, v->ip_len);
    else
        loai_say_cardinal(n, v->val);
    if (v->frac) {
        unsigned long long f;

        /* 39.7 độ C: a dot for the decimal comma; "4.0" is a version */
        loai_say_numword(n, v->section || (v->dot_decimal && v->frac_len == 1 &&
                                           v->frac[0] == '0') ? "chấm" : "phẩy");
        /* 36,02 → "phẩy không hai"; 17,97 → "phẩy chín mươi bảy"; longer
         * fractions are read digit by digit, as announcers do. */
        if (v->section) {
            loai_digits(v->frac, v->frac_len, &f);
            loai_say_cardinal(n, f);
        } else if (v->frac_len <= 2 && v->frac[0] != '0') {
            loai_digits(v->frac, v->frac_len, &f);
            loai_say_cardinal(n, f);
        } else {
            loai_say_digits(n, v->frac, v->frac_len);
        }
    }
}

/* Is the date at token I one of the lunar calendar: followed, past its own
 * numbers and words, by âm lịch, ÂL, Tết or a lunar month's name
 * ("10/3 âm lịch", "10/3 (ÂL)", "mùng 1 Tết", "5 tháng Giêng")? A word
 * of Tết elsewhere does not make it so: Tết's days off are solar dates. */
static int lunar_context(const loai_norm *n, size_t i)
{
    size_t j, end = i + 10 < n->ntok ? i + 10 : n->ntok;

    for (j = i; j < end; j++) {
        const loai_tok *t = &n->tok[j];

        if (t->type == LOAI_T_WORD && (loai_cue_at(n, j) & LOAI_CUE_LUNAR))
            return 1;
        if (t->type == LOAI_T_NUM || loai_t_lw(n, j, "tháng") || loai_t_lw(n, j, "năm") ||
            (t->type == LOAI_T_SYM && (t->cp == '/' || t->cp == '-' || t->cp == '.') &&
             !t->sp) ||
            (t->type == LOAI_T_SYM && t->cp == '(' && j > i))
            continue;
        break;
    }
    return 0;
}

/* A day of the month: "mùng" before 1..10 of a lunar month (mùng một
 * Tết, mùng mười tháng ba âm lịch), as the dictionary has it; a day of
 * the solar calendar is its number (ngày hai tháng chín). */
void loai_say_day(loai_norm *n, unsigned long long d, int mung_said)
{
    if (d <= 10 && !mung_said && lunar_context(n, n->at))
        loai_say(n, "mùng");
    loai_say_cardinal(n, d);
}

void loai_say_month(loai_norm *n, unsigned long long m)
{
    /* the first and last lunar months have names: 5/1 âm lịch is mùng
     * năm tháng giêng ("tháng một" is the eleventh) */
    if ((m == 1 || m == 12) && lunar_context(n, n->at)) {
        loai_say(n, m == 1 ? "giêng" : "chạp");
        return;
    }
    if (m == 4)
        loai_say_numword(n, "tư");
    else
        loai_say_cardinal(n, m);
}

/* ---- numbers in tokens ---- */

static int glued_sym(const loai_norm *n, size_t i, unsigned cp)
{
    return loai_t_sym(n, i, cp) && loai_t_glued(n, i);
}

static int glued_num(const loai_norm *n, size_t i)
{
    return loai_t_is(n, i, LOAI_T_NUM) && loai_t_glued(n, i);
}

size_t loai_num_at(const loai_norm *n, size_t i, loai_num *out)
{
    loai_num r;
    size_t j = i, g, digits;
    unsigned long long v;
    const loai_tok *t;
    int english = 0;

    memset(&r, 0, sizeof r);
    if (loai_t_sym(n, i, '-') || loai_t_sym(n, i, '+')) {
        /* a sign is glued to its digits, and not to a word before it
         * ("26-27" is a range, "COVID-19" a name) */
        if (!glued_num(n, i + 1))
            return 0;
        if (i > 0 && !n->tok[i].sp &&
            (n->tok[i - 1].type == LOAI_T_WORD || n->tok[i - 1].type == LOAI_T_NUM))
            return 0;
        /* "Covid -19": a name's number with a stray space, no minus */
        if (i > 0 && n->tok[i].cp == '-' && n->tok[i - 1].type == LOAI_T_WORD &&
            (n->tok[i - 1].shape & LOAI_SH_CAP) &&
            !loai_is_syllable(n->tok[i - 1].s, n->tok[i - 1].len) &&
            /* (but "Mátxcơva -5 độ": a temperature) */
            !loai_t_lw(n, i + 2, "độ") && !loai_t_sym(n, i + 2, 0xB0))
            return 0;
        r.neg = n->tok[i].cp == '-';
        r.plus = !r.neg;
        j++;
    }
    if (!loai_t_is(n, j, LOAI_T_NUM))
        return 0;
    t = &n->tok[j];
    digits = loai_digits(t->s, t->len, &v);
    r.ip = t->s;
    r.lead_zero = digits > 1 && t->s[0] == '0';
    j++;
    if (digits <= 3 && !r.lead_zero) {
        /* thousands: 1.500.000 or 9 000 000 */
        g = j;
        /* (at most six groups: past 10^18 it is no amount, and the scan
         * stays bounded when a long chain is rejected token after token) */
        while (glued_sym(n, g, '.') && glued_num(n, g + 1) && n->tok[g + 1].len == 3 &&
               g < j + 12) {
            unsigned long long d;

            loai_digits(n->tok[g + 1].s, 3, &d);
            v = v <= (~0ULL - 999) / 1000 ? v * 1000 + d : ~0ULL;
            digits += 3;
            g += 2;
        }
        if (g > j && glued_sym(n, g, '.') && glued_num(n, g + 1))
            return 0; /* 1.234.5678: not a number */
        if (g == j) {
            /* 1,234,567 and 1,299.5: thousands written the English way
             * (two comma groups, or one and a decimal point) */
            size_t h = j;
            int groups = 0;

            while (glued_sym(n, h, ',') && glued_num(n, h + 1) && n->tok[h + 1].len == 3 &&
                   h < j + 12) {
                h += 2;
                groups++;
            }
            /* (one group of ",000" too: 150,000 đồng; no decimal ends in
             * three zeros) */
            if ((groups >= 2 ||
                 (groups == 1 && glued_sym(n, h, '.') && glued_num(n, h + 1) &&
                  n->tok[h + 1].len != 3) ||
                 (groups == 1 && v > 0 && memcmp(n->tok[j + 1].s, "000", 3) == 0 &&
                  !glued_sym(n, h, '.'))) &&
                !(glued_sym(n, h, ',') && glued_num(n, h + 1))) {
                for (h = j; glued_sym(n, h, ','); h += 2) {
                    unsigned long long d;

                    loai_digits(n->tok[h + 1].s, 3, &d);
                    v = v <= (~0ULL - 999) / 1000 ? v * 1000 + d : ~0ULL;
                    digits += 3;
                }
                g = h;
                english = 1;
            }
        }
        if (g == j && !english) {
            while (loai_t_is(n, g, LOAI_T_NUM) && n->tok[g].sp && n->tok[g].len == 3 && g < j + 6 &&
                   !glued_sym(n, g + 1, '/') && !glued_sym(n, g + 1, '.') &&
                   !glued_sym(n, g + 1, ',') && !glued_sym(n, g + 1, '-')) {
                unsigned long long d;

                loai_digits(n->tok[g].s, 3, &d);
                v = v <= (~0ULL - 999) / 1000 ? v * 1000 + d : ~0ULL;
                digits += 3;
                g++;
            }
        }
        r.grouped = g > j;
        j = g;
    }
    r.ip_len = (size_t)(n->tok[j - 1].s + n->tok[j - 1].len - r.ip);
    if (english && glued_sym(n, j, '.') && glued_num(n, j + 1)) {
        r.frac = n->tok[j + 1].s; /* 1,299.5: the English decimal point */
        r.frac_len = n->tok[j + 1].len;
        j += 2;
    } else if ((glued_sym(n, j, ',') || glued_sym(n, j, '.')) && glued_num(n, j + 1) &&
        !(glued_sym(n, j + 2, '.') && glued_num(n, j + 3)) &&
        !(glued_sym(n, j + 2, ',') && glued_num(n, j + 3)) &&
        /* "quận 1,2,3,5,9": the last two of a list are no decimal */
        !(n->tok[j].cp == ',' && i >= 2 && loai_t_sym(n, i - 1, ',') && loai_t_glued(n, i) &&
          loai_t_is(n, i - 2, LOAI_T_NUM) && loai_t_glued(n, i - 1))) {
        r.dot_decimal = n->tok[j].cp == '.';
        r.frac = n->tok[j + 1].s;
        r.frac_len = n->tok[j + 1].len;
        /* "1.1. Đối tượng": a section number at the line start */
        r.section = r.dot_decimal && i == 0 && (glued_sym(n, j + 2, '.') || glued_sym(n, j + 2, ')'));
        j += 2;
    } else if (glued_sym(n, j, '.') && glued_num(n, j + 1)) {
        return 0; /* 1.2.3: an identifier */
    }
    r.val = v;
    r.big = digits > 19 || v == ~0ULL;
    r.t0 = i;
    r.t1 = j;
    *out = r;
    return j - i;
}

/* ---- units ---- */

/* Longest key of section SEC made of up to 4 glued tokens from I; the
 * reading, and the tokens used in *K. */
static const char *glued_key(const loai_norm *n, size_t i, int sec, size_t *k)
{
    size_t m, best = 0;
    const char *r = NULL;

    for (m = 1; m <= 4 && i + m <= n->ntok; m++) {
        const char *x;

        if (m > 1 && n->tok[i + m - 1].sp)
            break;
        if (n->tok[i + m - 1].type == LOAI_T_ADDR)
            break;
        if ((x = loai_lex_get(n->lex, sec, n->tok[i].s, loai_span_len(n, i, i + m - 1))) !=
            NULL) {
            r = x;
            best = m;
        }
    }
    /* a unit is a whole word: "5kmx" is not 5 km (but 3p20s, 1m70 are) */
    if (r != NULL && i + best < n->ntok && !n->tok[i + best].sp &&
        n->tok[i + best].type == LOAI_T_WORD)
        return NULL;
    *k = best;
    return r;
}

/* Does a word naming temperature stand before token I in its sentence? */
static int temp_context(const loai_norm *n, size_t i)
{
    size_t j = i, seen = 0;

    while (j > 0 && seen < 16) {
        j--;
        seen++;
        if (loai_sentence_break(n, j, j + 2) && j + 1 < i)
            return 0;
        if (loai_cue_at(n, j) & LOAI_CUE_TEMP)
            return 1;
    }
    return 0;
}

/* Is token I, a letter N or E glued to a number, one of a position's pair
 * ("16,8N-115,3E", "16.8N, 115.3E"): the other letter glued to a number
 * a few tokens away? */
static int coord_pair(const loai_norm *n, size_t i)
{
    size_t j, lo = i > 5 ? i - 5 : 1, hi = i + 6 < n->ntok ? i + 6 : n->ntok;
    const char *other = n->tok[i].s[0] == 'N' ? "E" : "N";

    for (j = n->tok[i].s[0] == 'N' ? i + 1 : lo; j < (n->tok[i].s[0] == 'N' ? hi : i); j++)
        if (loai_t_eq(n, j, other) && loai_t_glued(n, j) && n->tok[j - 1].type == LOAI_T_NUM)
            return 1;
    return 0;
}

/* A unit, currency or percent at token I after a number (GLUED: no space
 * allowed before it); tokens used, reading in *R, *MONEY set for money. */
size_t loai_unit_at(const loai_norm *n, size_t i, const char **r, int *money, int after_num)
{
    size_t k = 0;
    const loai_tok *t;

    if (i >= n->ntok)
        return 0;
    t = &n->tok[i];
    *money = 0;
    if (after_num && t->type == LOAI_T_WORD && !t->sp && i > 0 &&
        n->tok[i - 1].type == LOAI_T_NUM &&
        !(i + 1 < n->ntok && !n->tok[i + 1].sp && n->tok[i + 1].type == LOAI_T_WORD)) {
        /* "04giờ", "30phút": a word of time typed without its space */
        int w = loai_time_word(n, i);

        if (w > 0) {
            *r = loai_time_words[w - 1];
            return 1;
        }
    }
    if (t->type == LOAI_T_SYM && t->cp == '%') {
        *r = "phần trăm";
        *money = 2; /* "%/năm": phần trăm một năm */
        return 1;
    }
    if (t->type != LOAI_T_WORD && t->type != LOAI_T_SYM)
        return 0;
    if ((*r = glued_key(n, i, LOAI_LEX_CURRENCY, &k)) != NULL) {
        size_t k2;

        /* "m" is a unit, "mm" too; a currency wins only when longer */
        if (glued_key(n, i, LOAI_LEX_UNIT, &k2) == NULL || k2 <= k) {
            *money = 1;
            return k;
        }
    }
    if ((*r = glued_key(n, i, LOAI_LEX_UNIT, &k)) != NULL) {
        /* a capital letter alone after a space is rather a name (lớp 5 A) */
        if (t->sp && k == 1 && t->len == 1 && (t->shape & LOAI_SH_UPPER) &&
            loai_t_is(n, i + 1, LOAI_T_WORD) && (n->tok[i + 1].shape & LOAI_SH_LOWER))
            return 0;
        return k;
    }
    /* "30 C" where the sentence speaks of temperature */
    if (after_num && t->len == 1 && t->s[0] == 'C' && temp_context(n, i)) {
        *r = "độ xê";
        return 1;
    }
    /* "16,8N-115,3E": a position typed without its degree signs */
    if (after_num && t->len == 1 && !t->sp && (t->s[0] == 'N' || t->s[0] == 'E') &&
        i > 0 && n->tok[i - 1].type == LOAI_T_NUM && coord_pair(n, i)) {
        *r = t->s[0] == 'N' ? "độ vĩ bắc" : "độ kinh đông";
        return 1;
    }
    return 0;
}

/* After a unit at I: "/kg", "/người/tháng", "/h". Appends readings. */
static size_t per_units(const loai_norm *n, size_t i, loai_qty *q, int per_one)
{
    size_t j = i;

    while (q->nunit + 2 <= (int)(sizeof q->unit / sizeof q->unit[0]) && loai_t_sym(n, j, '/') &&
           j + 1 < n->ntok) {
        const char *r;
        int money;
        size_t k = loai_unit_at(n, j + 1, &r, &money, 0);

        /* "32 ngàn đồng/ kg", "đồng / tháng": stray spaces only after a
         * unit and before one */
        if ((n->tok[j + 1].sp || !loai_t_glued(n, j)) &&
            (q->nunit == 0 ||
             !((k > 0 && !money) || (loai_cue_at(n, j + 1) & LOAI_CUE_PER))))
            break;

        /* a rate: "gam một lít", "đồng một ki lô gam"; ratios of physical
         * units that read "trên" are keys of their own (km/h, mg/l) */
        (void)per_one;
        if (k > 0 && (!money || (money == 1 && q->money && q->nunit > 0))) {
            /* "25.400 VND/USD": đồng một đô la, a rate of exchange */
            q->unit[q->nunit++] = "một";
            q->unit[q->nunit++] = r;
            j += 1 + k;
        } else if (loai_cue_at(n, j + 1) & LOAI_CUE_PER) {
            q->unit[q->nunit++] = "một";
            q->unit[q->nunit++] = loai_t_lower(n, j + 1);
            j += 2;
        } else {
            break;
        }
    }
    return j - i;
}

/* Cue roles before the number at token I, or before the first of a
 * range it ends ("Số nhà 101-102A") */
static int name_cue(const loai_norm *n, size_t i)
{
    if (i >= 2 && loai_t_sym(n, i - 1, '-') && loai_t_glued(n, i) && loai_t_glued(n, i - 1) &&
        loai_t_is(n, i - 2, LOAI_T_NUM))
        i -= 2;
    return loai_cue_before(n, i, 1);
}

/* A scale word after a number: 1 when it is one, 2 when "đ" is glued to
 * it ("5 nghìnđ": năm nghìn đồng). */
static int is_scale_word(const loai_norm *n, size_t i)
{
    static const char *const w[] = {"nghìn", "ngàn", "triệu", "tỷ", "tỉ", "vạn", "trăm", "chục"};
    size_t k, l;

    if (i >= n->ntok || n->tok[i].type != LOAI_T_WORD)
        return 0;
    for (k = 0; k < sizeof w / sizeof w[0]; k++) {
        const char *lw = n->lower.data + n->tok[i].lw;

        l = strlen(w[k]);
        if (loai_t_lw(n, i, w[k]))
            return 1;
        if (n->tok[i].lwlen == l + 2 && memcmp(lw, w[k], l) == 0 &&
            memcmp(lw + l, "\xc4\x91", 2) == 0)
            return 2;
    }
    return 0;
}

size_t loai_qty_at(loai_norm *n, size_t i, loai_qty *q, int want_unit)
{
    size_t j = i, k;
    const char *r;
    int money;

    memset(q, 0, sizeof *q);
    if (loai_t_is(n, i, LOAI_T_SYM) && glued_num(n, i + 1) &&
        (r = loai_lex_get(n->lex, LOAI_LEX_CURRENCY, n->tok[i].s, n->tok[i].len)) != NULL) {
        q->pre = r; /* $100, £5 */
        q->money = 1;
        j++;
    } else if (loai_t_is(n, i, LOAI_T_WORD) && n->tok[i].len <= 2 && loai_t_is(n, i + 1, LOAI_T_SYM) &&
               loai_t_glued(n, i + 1) && glued_num(n, i + 2) &&
               n->tok[i].s + n->tok[i].len == n->tok[i + 1].s &&
               (r = loai_lex_get(n->lex, LOAI_LEX_CURRENCY, n->tok[i].s,
                                 n->tok[i].len + n->tok[i + 1].len)) != NULL) {
        q->pre = r; /* US$3M, S$10 */
        q->money = 1;
        j += 2;
    }
    if ((k = loai_num_at(n, j, &q->num)) == 0)
        return 0;
    j += k;
    /* 10k, 1tr2, 2t3 */
    if (loai_t_is(n, j, LOAI_T_WORD) && loai_t_glued(n, j) && !q->num.neg &&
        (r = loai_lex_get(n->lex, LOAI_LEX_MULT, n->tok[j].s, n->tok[j].len)) != NULL &&
        /* "quốc lộ 1K", "số nhà 12B": a letter of the name */
        !(!q->pre && !q->num.frac && (name_cue(n, i) & (LOAI_CUE_LABEL | LOAI_CUE_HOUSE))) &&
        !(j + 1 < n->ntok && !n->tok[j + 1].sp && n->tok[j + 1].type == LOAI_T_WORD) &&
        /* "7.9B USD", "$3M", "3.2M người" (but "khu 3B", "5M" alone: a
         * letter): M and B only after a decimal or with a currency */
        !(n->tok[j].len == 1 && (n->tok[j].s[0] == 'M' || n->tok[j].s[0] == 'B') &&
          !q->num.frac && !q->pre &&
          !(j + 1 < n->ntok && loai_t_is(n, j + 1, LOAI_T_WORD) &&
            loai_lex_get(n->lex, LOAI_LEX_CURRENCY, n->tok[j + 1].s, n->tok[j + 1].len)))) {
        q->mult = r;
        j++;
        if (glued_num(n, j) && n->tok[j].len <= 3 && !q->num.frac) {
            q->mult_frac_len = loai_digits(n->tok[j].s, n->tok[j].len, &q->mult_frac);
            j++;
        }
    }
    /* "1,2 triệu đồng": scale words as written, then the unit */
    q->scale0 = q->scale1 = j;
    if (!q->mult)
        while (j < n->ntok && n->tok[j].sp && is_scale_word(n, j) && j - q->scale0 < 3) {
            q->scale1 = ++j;
            if (is_scale_word(n, j - 1) == 2) {
                q->scale_d = 1; /* "5 nghìnđ" */
                q->unit[q->nunit++] = "đồng";
                q->money = 1;
                break;
            }
        }
    if (q->scale_d) {
        j += per_units(n, j, q, 1); /* 5 nghìnđ/kg */
    } else if (!q->pre && (k = loai_unit_at(n, j, &r, &money, 1)) > 0 &&
        !(k == 1 && n->tok[j].len == 1 && (n->tok[j].shape & LOAI_SH_UPPER) &&
          (name_cue(n, i) & (LOAI_CUE_LABEL | LOAI_CUE_HOUSE)))) {
        /* a unit glued to the number, or a word after a space that is
         * no Vietnamese word (km, kg) or is a currency (đồng) */
        q->unit[q->nunit++] = r;
        q->money = money == 1;
        /* "nhiệt độ 33-350C": a superscript 0 for the degree sign, flattened
         * in a copy; no air is 350 degrees, so it is 35 (and a guess) */
        if (k == 1 && loai_t_eq(n, j, "C") && loai_t_glued(n, j) && !q->num.frac &&
            !q->num.neg && !q->num.grouped && q->num.val >= 100 && q->num.val <= 450 &&
            q->num.val % 10 == 0 && q->num.ip_len == 3 && temp_context(n, i)) {
            q->num.val /= 10;
            q->num.ip_len--;
            q->lost_degree = 1;
        }
        j += k;
        j += per_units(n, j, q, money != 0);
    } else if (q->pre) {
        j += per_units(n, j, q, 1);
    } else if (!q->mult) {
        j += per_units(n, j, q, 1); /* 145.000/kg, 25 triệu/ha */
    }
    /* "10+ xã": hơn mười */
    if (glued_sym(n, j, '+') && !(j + 1 < n->ntok && !n->tok[j + 1].sp &&
                                  n->tok[j + 1].type == LOAI_T_NUM)) {
        q->more = 1;
        j++;
    }
    /* "P/E 28.7x", "zoom 1,5x": a decimal times, lần (9x, 8X are
     * generations: ích) */
    if (q->nunit == 0 && !q->mult && !q->pre && q->num.frac && !q->num.neg &&
        (loai_t_eq(n, j, "x") || loai_t_eq(n, j, "X")) && loai_t_glued(n, j) &&
        !(j + 1 < n->ntok && !n->tok[j + 1].sp && n->tok[j + 1].type != LOAI_T_SYM)) {
        /* (in a formula, "2,5x = 5", x is the unknown) */
        q->unit[q->nunit++] = loai_formula(n) ? "ích" : "lần";
        j++;
    }
    if (want_unit && q->nunit == 0 && !q->pre && !q->mult)
        return 0;
    /* digits or letters glued on that are no unit: not a quantity (8x8 is
     * two, multiplied) */
    /* "471-E15": a feeder's code, not a number and a dash */
    if (q->nunit == 0 && !q->mult && !q->pre && !q->num.frac && !q->num.grouped &&
        glued_sym(n, j, '-') && loai_t_is(n, j + 1, LOAI_T_WORD) && loai_t_glued(n, j + 1) &&
        !(n->tok[j + 1].shape & LOAI_SH_LOWER) && n->tok[j + 1].len <= 2 && glued_num(n, j + 2))
        return 0;
    if (j < n->ntok && !n->tok[j].sp && q->nunit == 0 && !q->mult && q->scale1 == q->scale0 &&
        !((loai_t_eq(n, j, "x") || loai_t_eq(n, j, "X")) && glued_num(n, j + 1)) &&
        (n->tok[j].type == LOAI_T_WORD ||
         ((n->tok[j].cp == '.' || n->tok[j].cp == '/' || n->tok[j].cp == '_' ||
           n->tok[j].cp == ':') &&
          n->tok[j].type == LOAI_T_SYM && j + 1 < n->ntok && !n->tok[j + 1].sp &&
          (n->tok[j + 1].type == LOAI_T_NUM || n->tok[j + 1].type == LOAI_T_WORD))))
        return 0;
    q->t0 = i;
    q->t1 = j;
    return j - i;
}

/* 1tr2 → "hai trăm nghìn": the digits after a multiplier, one scale down. */
static void say_mult_frac(loai_norm *n, const loai_qty *q)
{
    static const struct {
        const char *scale, *lower;
    } down[] = {{"nghìn", NULL}, {"triệu", "nghìn"}, {"tỷ", "triệu"}};
    unsigned long long v = q->mult_frac;
    size_t i;

    for (i = q->mult_frac_len; i < 3; i++)
        v *= 10;
    for (i = 0; i < sizeof down / sizeof down[0]; i++)
        if (strcmp(q->mult, down[i].scale) == 0)
            break;
    if (i == sizeof down / sizeof down[0]) {
        loai_say_cardinal(n, q->mult_frac); /* 1m5 */
        return;
    }
    loai_say_cardinal(n, v);
    if (down[i].lower)
        loai_say_numword(n, down[i].lower);
}

void loai_say_qty(loai_norm *n, const loai_qty *q, int with_unit)
{
    const loai_num *v = &q->num;
    size_t i;
    int u;

    if (v->plus)
        loai_say(n, "cộng");
    if (q->more)
        loai_say(n, "hơn");
    switch (q->mode) {
    case LOAI_NM_DIGITS:
        loai_say_digits(n, v->ip, v->ip_len);
        break;
    case LOAI_NM_ZEROS:
        loai_say_digits(n, v->ip, v->ip_len);
        break;
    case LOAI_NM_ORD:
        if (v->val == 1)
            loai_say_numword(n, "nhất");
        else if (v->val == 4)
            loai_say_numword(n, "tư");
        else
            loai_say_cardinal(n, v->val);
        break;
    case LOAI_NM_MONTH:
        loai_say_month(n, v->val);
        break;
    case LOAI_NM_NGAY_DAY:
        loai_say(n, "ngày");
        loai_say_day(n, v->val, 0);
        break;
    case LOAI_NM_DAY:
        loai_say_day(n, v->val, 0);
        break;
    default:
        loai_say_num(n, v);
    }
    if (q->mult) {
        loai_say_numword(n, q->mult);
        if (q->mult_frac_len)
            say_mult_frac(n, q);
    }
    for (i = q->scale0; i < q->scale1; i++)
        loai_say_lower(n, n->tok[i].s,
                       n->tok[i].len - (q->scale_d && i + 1 == q->scale1 ? 2 : 0));
    if (!with_unit)
        return;
    if (q->pre)
        loai_say(n, q->pre);
    for (u = 0; u < q->nunit; u++)
        loai_say(n, q->unit[u]);
}

/* Is number token I a later day of a list or range after "ngày" (ngày 5,
 * 6 và 7; ngày 1 đến 5)? */
static int listed_after_ngay(const loai_norm *n, size_t i)
{
    size_t j = i, steps = 0;

    while (j >= 2 && steps < 8 &&
           (loai_t_sym(n, j - 1, ',') || loai_t_sym(n, j - 1, ';') ||
            loai_t_lw(n, j - 1, "và") || loai_t_lw(n, j - 1, "hoặc")) &&
           loai_t_is(n, j - 2, LOAI_T_NUM) && n->tok[j - 2].len <= 2) {
        j -= 2;
        steps++;
    }
    /* "từ ngày 1 đến 5 hàng tháng": the last day of a range */
    if (steps == 0 && j >= 3 && (loai_t_lw(n, j - 1, "đến") || loai_t_lw(n, j - 1, "tới")) &&
        loai_t_is(n, j - 2, LOAI_T_NUM) && n->tok[j - 2].len <= 2)
        j -= 2, steps = 1;
    return steps > 0 && j > 0 &&
           (loai_t_lw(n, j - 1, "ngày") || loai_t_lw(n, j - 1, "mùng") ||
            loai_t_lw(n, j - 1, "mồng"));
}

/* How a bare integer is read from the words before it. */
static int bare_mode(loai_norm *n, size_t i, const loai_qty *q)
{
    const loai_num *v = &q->num;
    int cue;
    size_t p;

    if (v->frac || v->neg || v->plus || q->nunit || q->mult || q->pre || v->grouped ||
        q->scale1 > q->scale0)
        return v->big && !v->frac ? LOAI_NM_DIGITS : LOAI_NM_CARD;
    cue = loai_cue_before(n, i, 1);
    p = loai_prev_word(n, i);
    if ((cue & LOAI_CUE_ORDINAL) && v->val > 0 && !v->lead_zero)
        return LOAI_NM_ORD;
    if ((cue & LOAI_CUE_MONTH) && v->val >= 1 && v->val <= 12)
        return LOAI_NM_MONTH;
    /* "từ 6 đến 9-7", "ngày 7 và 8/7": the first day of a range or list */
    if (v->val >= 1 && v->val <= 31 && v->ip_len <= 2 &&
        (loai_t_lw(n, q->t1, "đến") || loai_t_lw(n, q->t1, "và")) &&
        loai_t_is(n, q->t1 + 1, LOAI_T_NUM) && n->tok[q->t1 + 1].len <= 2 &&
        (loai_t_sym(n, q->t1 + 2, '/') || loai_t_sym(n, q->t1 + 2, '-') ||
         loai_t_sym(n, q->t1 + 2, '.')) &&
        loai_t_glued(n, q->t1 + 2) && loai_t_is(n, q->t1 + 3, LOAI_T_NUM) &&
        loai_t_glued(n, q->t1 + 3) && n->tok[q->t1 + 3].len <= 2 && (cue & LOAI_CUE_DATE))
        /* "từ 18 đến 20-9": a bare first day takes "ngày" like the last
         * (not "các ngày từ 6 đến 9-7": the day is named before) */
        return p != (size_t)-1 && p + 1 == i && !(cue & LOAI_CUE_DAY) &&
                       !loai_day_named_before(n, p)
                   ? LOAI_NM_NGAY_DAY
                   : LOAI_NM_DAY;
    /* "các ngày 5 và 6 hàng tháng": every day listed takes mùng */
    if (v->val >= 1 && v->val <= 31 && v->ip_len <= 2 && listed_after_ngay(n, i) &&
        !(loai_cue_at(n, q->t1) & LOAI_CUE_COUNT) && !loai_t_lw(n, q->t1, "giờ") &&
        !loai_t_lw(n, q->t1, "phút") && !loai_t_lw(n, q->t1, "ngày") &&
        !loai_t_lw(n, q->t1, "tháng") && !loai_t_lw(n, q->t1, "năm"))
        return LOAI_NM_DAY;
    if (p != (size_t)-1 && p + 1 == i &&
        (loai_t_lw(n, p, "ngày") || loai_t_lw(n, p, "mùng") || loai_t_lw(n, p, "mồng")) &&
        v->val >= 1 && v->val <= 31)
        return (loai_t_lw(n, p, "ngày") ? LOAI_NM_DAY : LOAI_NM_CARD);
    if ((cue & LOAI_CUE_IDENT) && (v->ip_len >= 3 || v->lead_zero))
        return LOAI_NM_DIGITS; /* Đề án 06, mã 123; Đề án 30 is a number */
    if (v->val == 0 && v->ip_len >= 2)
        return LOAI_NM_ZEROS;
    if ((v->lead_zero && v->ip_len >= 3) || v->big)
        return LOAI_NM_DIGITS;
    return LOAI_NM_CARD;
}

int loai_m_quantity(loai_norm *n, size_t i, loai_item *it)
{
    loai_qty *q = &it->q[0];
    const loai_num *v = &q->num;

    if (loai_qty_at(n, i, q, 0) == 0)
        return 0;
    /* "Mục 2.1", "Điều 3.2", "Bước 2.1": a section's number, chấm */
    if (q->num.dot_decimal && q->nunit == 0 && !q->mult && !q->pre &&
        (loai_cue_before(n, i, 0) & (LOAI_CUE_ROMAN | LOAI_CUE_QUARTER)) == LOAI_CUE_ROMAN)
        q->num.section = 1;
    /* "13 giờ 00 phút", "8 giờ 00": zero minutes are not said, nor their word */
    if (q->nunit == 0 && !v->frac && v->val == 0 && v->ip_len == 2 && i >= 2 &&
        loai_t_lw(n, i - 1, "giờ") && loai_t_is(n, i - 2, LOAI_T_NUM)) {
        it->t1 = q->t1 + loai_t_lw(n, q->t1, "phút");
        it->flags = 1;
        it->kind = LOA_NSW_TIME;
        return 1;
    }
    /* "05p00s", "5p00": zero seconds or minutes glued after a time are
     * not said */
    if (!v->frac && v->val == 0 && v->ip_len == 2 && i >= 2 && !n->tok[i].sp &&
        loai_t_is(n, i - 1, LOAI_T_WORD) && n->tok[i - 1].kind == LOA_NSW_UNIT + 1 &&
        (loai_t_eq(n, i - 1, "p") || loai_t_eq(n, i - 1, "m") || loai_t_eq(n, i - 1, "h")) &&
        (q->nunit == 0 || (q->nunit == 1 && (strcmp(q->unit[0], "giây") == 0 ||
                                              strcmp(q->unit[0], "phút") == 0)))) {
        it->t1 = q->t1;
        it->flags = 1;
        it->kind = LOA_NSW_TIME;
        return 1;
    }
    q->mode = bare_mode(n, i, q);
    it->t1 = q->t1;
    it->nq = 1;
    it->kind = v->frac ? LOA_NSW_DECIMAL : LOA_NSW_NUMBER;
    if (q->mode == LOAI_NM_ORD || q->mode == LOAI_NM_MONTH || q->mode == LOAI_NM_DAY ||
        q->mode == LOAI_NM_NGAY_DAY)
        it->kind = LOA_NSW_ORDINAL;
    else if (q->mode == LOAI_NM_DIGITS || q->mode == LOAI_NM_ZEROS)
        it->kind = LOA_NSW_DIGITS;
    if (q->money)
        it->kind = LOA_NSW_MONEY;
    else if (q->nunit && strcmp(q->unit[0], "phần trăm") == 0)
        it->kind = LOA_NSW_PERCENT;
    else if (q->nunit)
        it->kind = LOA_NSW_UNIT;
    if (q->lost_degree)
        it->guess = LOA_GUESS_DEGREE;
    /* digits that may be a phone number read as a quantity */
    if (q->mode == LOAI_NM_CARD && !v->frac && !v->grouped && !q->nunit && !q->mult) {
        size_t d = v->ip_len;
        const loai_tok *nx = q->t1 < n->ntok ? &n->tok[q->t1] : NULL;
        const char *u;
        int money;
        /* a noun that counts it: "113 người", "1500000 hộ" */
        int noun_after = nx && nx->type == LOAI_T_WORD && nx->sp &&
                         ((loai_cue_at(n, q->t1) & LOAI_CUE_COUNT) ||
                          loai_unit_at(n, q->t1, &u, &money, 1));

        if (d >= 7 && d <= 9 && !v->neg && !v->plus) {
            /* 8011035: seven digits or more without a thousands dot are a
             * number to dial or type; a round one (5000000) an amount */
            if (!(v->ip[d - 1] == '0' && v->ip[d - 2] == '0') && !noun_after) {
                q->mode = LOAI_NM_DIGITS;
                it->kind = LOA_NSW_DIGITS;
            }
            it->guess = LOA_GUESS_PHONE;
        } else if (loai_lex_get(n->lex, LOAI_LEX_SERVICE, v->ip, v->ip_len) && !noun_after &&
                   !(loai_cue_before(n, i, 1) & LOAI_CUE_DOC)) {
            it->guess = LOA_GUESS_PHONE;
        }
    }
    return 1;
}

void loai_s_quantity(loai_norm *n, const loai_item *it)
{
    if (it->flags != 1)
        loai_say_qty(n, &it->q[0], 1);
}

/* ---- scientific notation: 6.022e23, 3.2e5, 1e-9 ---- */

int loai_m_sci(loai_norm *n, size_t i, loai_item *it)
{
    loai_num a;
    size_t j, k = loai_num_at(n, i, &a);
    int sign = 0;

    if (k == 0 || a.big)
        return 0;
    j = i + k;
    if (a.grouped) {
        /* "6.626e-34": three decimals after a dot, not thousands */
        size_t d = i + (a.neg || a.plus);

        if (j != d + 3 || !loai_t_sym(n, d + 1, '.'))
            return 0;
        loai_t_num(n, d, &a.val);
        a.ip_len = n->tok[d].len;
        a.frac = n->tok[d + 2].s;
        a.frac_len = n->tok[d + 2].len;
        a.dot_decimal = 1;
        a.grouped = 0;
    }
    if (!(loai_t_eq(n, j, "e") || loai_t_eq(n, j, "E")) || !loai_t_glued(n, j))
        return 0;
    j++;
    if ((loai_t_sym(n, j, '-') || loai_t_sym(n, j, '+')) && loai_t_glued(n, j)) {
        sign = n->tok[j].cp == '-' ? 1 : 2;
        j++;
    }
    if (!glued_num(n, j) || n->tok[j].len > 3 ||
        (j + 1 < n->ntok && !n->tok[j + 1].sp && n->tok[j + 1].type != LOAI_T_SYM))
        return 0;
    /* "2e5" could be a code; a decimal, a signed power or one digit is not */
    if (!a.frac && !sign && a.ip_len > 1)
        return 0;
    it->q[0].num = a;
    it->v[0] = (unsigned long long)sign;
    it->v[1] = j;
    it->t1 = j + 1;
    it->kind = LOA_NSW_DECIMAL;
    return 1;
}

void loai_s_sci(loai_norm *n, const loai_item *it)
{
    unsigned long long e;

    loai_say_num(n, &it->q[0].num);
    loai_say(n, "nhân");
    loai_say_cardinal(n, 10);
    loai_say(n, "mũ");
    if (it->v[0] == 1)
        loai_say(n, "trừ");
    loai_t_num(n, (size_t)it->v[1], &e);
    loai_say_cardinal(n, e);
}

/* ---- ranges and products: 3-5%, 2024 - 2025, 8x8 m ---- */

static int range_dash(const loai_norm *n, size_t i)
{
    /* glued on both sides, spaced on both sides, or a stray space on one
     * side between two numbers (2022 -2025, 2018- 2019) */
    return loai_t_sym(n, i, '-') && i + 1 < n->ntok && n->tok[i + 1].type == LOAI_T_NUM;
}

static int times_sign(const loai_norm *n, size_t i)
{
    return i < n->ntok && ((loai_t_is(n, i, LOAI_T_WORD) && (loai_t_eq(n, i, "x") ||
                                                             loai_t_eq(n, i, "X"))) ||
                           loai_t_sym(n, i, '*')) &&
           i + 1 < n->ntok && n->tok[i].sp == n->tok[i + 1].sp;
}

/* "TBA Phú Lộc 2 - 180kVA": at the spaced dash I, a name's number (after a
 * capitalised word that does not open the sentence), then a size with its
 * unit twenty times larger: two things, not a range */
int loai_name_then_size(const loai_norm *n, size_t i)
{
    unsigned long long a, b;
    const char *u;
    int money;

    if (i < 3 || i + 1 >= n->ntok || !n->tok[i].sp || !n->tok[i + 1].sp ||
        !loai_t_is(n, i - 1, LOAI_T_NUM) || !loai_t_is(n, i + 1, LOAI_T_NUM) ||
        n->tok[i - 2].type != LOAI_T_WORD || !(n->tok[i - 2].shape & LOAI_SH_CAP) ||
        n->tok[i - 3].type != LOAI_T_WORD)
        return 0;
    loai_digits(n->tok[i - 1].s, n->tok[i - 1].len, &a);
    loai_digits(n->tok[i + 1].s, n->tok[i + 1].len, &b);
    return a > 0 && b / a >= 20 && loai_unit_at(n, i + 2, &u, &money, 1) > 0 && !money;
}

int loai_m_range(loai_norm *n, size_t i, loai_item *it)
{
    loai_qty *a = &it->q[0], *b = &it->q[1];
    size_t j;
    int product;

    if (loai_qty_at(n, i, a, 0) == 0)
        return 0;
    j = a->t1;
    product = times_sign(n, j);
    if (!product && !range_dash(n, j))
        return 0;
    if (loai_qty_at(n, j + 1, b, 0) == 0 || b->num.neg || b->num.plus)
        return 0;
    if (!product && loai_name_then_size(n, j))
        return 0;

    /* "3-4-3", "1-0-2": a chain of numbers, read one after another */
    if (!product && b->t1 < n->ntok && loai_t_sym(n, b->t1, '-') && loai_t_glued(n, b->t1)) {
        size_t k = a->t1;
        int m = 0;

        while (k + 1 < n->ntok && loai_t_sym(n, k, '-') && loai_t_glued(n, k) &&
               loai_t_is(n, k + 1, LOAI_T_NUM) && loai_t_glued(n, k + 1) && m < 6) {
            k += 2;
            m++;
        }
        if (a->nunit || a->num.frac || (k < n->ntok && !n->tok[k].sp &&
                                        n->tok[k].type != LOAI_T_SYM))
            return 0;
        it->t1 = k;
        it->flags = 3;
        it->kind = LOA_NSW_DIGITS;
        it->nq = 1;
        return 1;
    }
    it->nq = 2;
    it->t1 = b->t1;
    it->flags = product;
    it->kind = product ? LOA_NSW_SYMBOL : LOA_NSW_RANGE;
    if (a->lost_degree || b->lost_degree)
        it->guess = LOA_GUESS_DEGREE;
    if (!product && !a->nunit && (loai_t_sym(n, b->t1, '=') || (i > 0 && loai_t_sym(n, i - 1, '=')))) {
        it->flags = 5; /* "10 - 4 = 6": mười trừ bốn */
        it->kind = LOA_NSW_SYMBOL;
        return 1;
    }
    /* "16,2°N-112,5°E", "30°C-86°F": two degrees of different kinds, no
     * range */
    if (!product && a->nunit && b->nunit && strncmp(a->unit[0], "độ ", sizeof "độ " - 1) == 0 &&
        strncmp(b->unit[0], "độ ", sizeof "độ " - 1) == 0 && strcmp(a->unit[0], b->unit[0]) != 0) {
        it->flags = 6;
        return 1;
    }
    if (!product && (loai_cue_before(n, i, 1) & LOAI_CUE_SCORE) && !a->nunit && !b->nunit) {
        it->flags = 4; /* "tỷ số 2 - 1": hai, một */
        return 1;
    }
    if (!product && a->nunit == 0 && b->nunit == 0 && !a->mult && !b->mult && !a->num.frac &&
        !b->num.frac && !a->num.grouped && a->num.val >= 1 && a->num.val <= 31 &&
        b->num.val >= 1 && b->num.val <= 12 && a->num.val > b->num.val &&
        !(loai_cue_before(n, i, 1) & LOAI_CUE_YEAR) &&
        /* "7 giờ 30 - 11 giờ": minutes to an hour */
        !(i > 0 && loai_t_lw(n, i - 1, "giờ")) && !loai_t_lw(n, b->t1, "giờ")) {
        /* "25-11": a falling range is rather a day and a month */
        it->guess = LOA_GUESS_DASH;
        it->flags = 2;
        it->kind = LOA_NSW_DATE;
    }
    return 1;
}

void loai_s_range(loai_norm *n, const loai_item *it)
{
    const loai_qty *a = &it->q[0], *b = &it->q[1];

    if (it->flags == 3) {
        size_t k;

        for (k = it->t0; k < it->t1; k++) {
            unsigned long long v;

            if (n->tok[k].type != LOAI_T_NUM)
                continue;
            loai_digits(n->tok[k].s, n->tok[k].len, &v);
            loai_say_cardinal(n, v);
        }
        return;
    }
    if (it->flags == 4) {
        loai_say_qty(n, a, 1);
        loai_say_qty(n, b, 1);
        return;
    }

    if (it->flags == 2) {
        if (!(loai_cue_before(n, it->t0, 1) & (LOAI_CUE_DAY | LOAI_CUE_NAMED)))
            loai_say(n, "ngày");
        loai_say_day(n, a->num.val, loai_t_lw(n, it->t0 - 1, "mùng"));
        loai_say(n, "tháng");
        loai_say_month(n, b->num.val);
        return;
    }
    loai_say_qty(n, a, 1);
    if (it->flags == 6)
        loai_punct(n, ",");
    else
        loai_say(n, it->flags == 5 ? "trừ" : it->flags ? "nhân" : "đến");
    loai_say_qty(n, b, 1);
}

/* ---- fractions: 1/2 một phần hai, 45/63 bốn mươi lăm trên sáu mươi ba ---- */

int loai_m_fraction(loai_norm *n, size_t i, loai_item *it)
{
    loai_num whole, a, b;
    size_t j = i, k;
    const char *r;
    int money;

    /* "tỷ lệ 1:250.000": a map's scale, one part in so many */
    if (loai_num_at(n, i, &a) > 0 && !a.frac && glued_sym(n, a.t1, ':') &&
        loai_num_at(n, a.t1 + 1, &b) > 0 && loai_t_glued(n, a.t1 + 1) && !b.frac && !b.neg &&
        b.val > 0 && loai_ratio_before(n, i) &&
        !(b.t1 < n->ntok && !n->tok[b.t1].sp && n->tok[b.t1].type != LOAI_T_SYM)) {
        memset(&whole, 0, sizeof whole);
        it->t1 = b.t1;
        it->q[0].num = whole;
        it->q[1].num = a;
        it->q[2].num = b;
        /* "tỷ lệ 3:2", "1:1": a ratio of two amounts, trên */
        it->v[1] = a.val != 1 || b.val <= 1;
        it->kind = LOA_NSW_FRACTION;
        return 1;
    }

    memset(&whole, 0, sizeof whole);
    /* "5 1/2": a whole number and a proper fraction */
    if ((k = loai_num_at(n, i, &whole)) > 0 && !whole.frac && loai_t_is(n, i + k, LOAI_T_NUM) &&
        n->tok[i + k].sp && loai_num_at(n, i + k, &a) > 0 && glued_sym(n, a.t1, '/') &&
        loai_num_at(n, a.t1 + 1, &b) > 0 && loai_t_glued(n, a.t1 + 1) && !a.frac && !b.frac &&
        a.val < b.val && b.val <= 10 && a.val > 0) {
        it->v[0] = 1;
        j = i + k;
    } else {
        memset(&whole, 0, sizeof whole);
    }
    if (loai_num_at(n, j, &a) == 0 || !glued_sym(n, a.t1, '/') ||
        loai_num_at(n, a.t1 + 1, &b) == 0 || !loai_t_glued(n, a.t1 + 1) || b.neg || b.plus ||
        b.val == 0)
        return 0;
    /* 1/2/2024, 1/QĐ: something else */
    if (glued_sym(n, b.t1, '/') || (b.t1 < n->ntok && !n->tok[b.t1].sp &&
                                    n->tok[b.t1].type == LOAI_T_NUM))
        return 0;
    it->t1 = b.t1;
    it->q[0].num = whole;
    it->q[1].num = a;
    it->q[2].num = b;
    /* "9/10 điểm": a score is "trên"; small denominators are parts */
    it->v[1] = !(b.val <= 10 && !b.frac && !a.frac) ||
               (loai_cue_at(n, b.t1) & (LOAI_CUE_SCORE | LOAI_CUE_COUNT)) != 0 || a.val >= b.val;
    if (!it->v[0] && (loai_cue_before(n, j, 1) & LOAI_CUE_LABEL))
        it->v[1] = 2; /* lớp 12/3: mười hai ba */
    else if (a.val == 1 && !a.frac && !b.frac && b.val > 10 && loai_ratio_before(n, j))
        it->v[1] = 0; /* "tỷ lệ 1/500": a scale, một phần năm trăm */
    if ((k = loai_unit_at(n, b.t1, &r, &money, 1)) > 0) {
        it->r[0] = r;
        it->t1 = b.t1 + k;
    }
    it->kind = LOA_NSW_FRACTION;
    return 1;
}

void loai_s_fraction(loai_norm *n, const loai_item *it)
{
    const loai_num *b = &it->q[2].num;

    if (it->v[0]) {
        loai_say_num(n, &it->q[0].num);
        loai_say(n, "và");
    }
    loai_say_num(n, &it->q[1].num);
    if (it->v[1] == 2) {
        loai_say_num(n, b);
    } else if (it->v[1]) {
        loai_say(n, "trên");
        loai_say_num(n, b);
    } else {
        loai_say(n, "phần");
        if (b->val == 4)
            loai_say_numword(n, "tư");
        else
            loai_say_num(n, b);
    }
    if (it->r[0])
        loai_say(n, it->r[0]);
}
