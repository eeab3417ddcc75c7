/* Numbers as Vietnamese announcers read them: cardinals with the mốt/tư/
 * lăm/linh rules, decimals with "phẩy", digit strings. */
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
        if (v < 100000000000000000ULL)
            v = v * 10 + (unsigned)(s[i] - '0');
        else
            v = 1000000000000000000ULL; /* saturate: callers treat it as "big" */
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

        loai_say_cardinal(n, hi); /* "nghìn tỷ" falls out of the recursion */
        loai_say_numword(n, "tỷ");
        if (lo)
            say_below_billion(n, lo, 1);
        return;
    }
    say_below_billion(n, v, 0);
}

int loai_parse_num(const char *s, size_t len, loai_num *out)
{
    size_t i = 0, k;
    unsigned long long v = 0;
    loai_num r;

    memset(&r, 0, sizeof r);
    if (i < len && s[i] == '-') {
        r.neg = 1;
        i++;
    }
    r.ip = s + i;
    k = loai_digits(s + i, len - i, &v);
    if (k == 0)
        return 0;
    i += k;
    r.lead_zero = k > 1 && r.ip[0] == '0';
    if (i < len && s[i] == '.' && k <= 3 && !r.lead_zero) {
        /* thousands groups of exactly three digits */
        size_t j = i;
        int groups = 0;

        while (j + 4 <= len && s[j] == '.' && loai_digits(s + j + 1, 3, NULL) == 3 &&
               (j + 4 == len || s[j + 4] < '0' || s[j + 4] > '9')) {
            unsigned long long g;

            loai_digits(s + j + 1, 3, &g);
            v = v < 1000000000000000ULL ? v * 1000 + g : 1000000000000000000ULL;
            j += 4;
            groups++;
        }
        if (groups > 0)
            i = j;
    }
    r.ip_len = (size_t)(s + i - r.ip);
    if (i + 1 < len && (s[i] == ',' || s[i] == '.') && s[i + 1] >= '0' && s[i + 1] <= '9') {
        r.dot_decimal = s[i] == '.';
        r.frac = s + i + 1;
        r.frac_len = loai_digits(s + i + 1, len - i - 1, NULL);
        i += 1 + r.frac_len;
    }
    if (i != len)
        return 0;
    r.val = v;
    r.big = v >= 1000000000000000ULL || (r.ip_len > 18);
    *out = r;
    return 1;
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

        loai_say_numword(n, v->dot_decimal ? "chấm" : "phẩy");
        /* 36,02 → "phẩy không hai"; 17,97 → "phẩy chín mươi bảy"; longer
         * fractions are read digit by digit, as announcers do. */
        if (v->frac_len <= 2 && v->frac[0] != '0') {
            loai_digits(v->frac, v->frac_len, &f);
            loai_say_cardinal(n, f);
        } else {
            loai_say_digits(n, v->frac, v->frac_len);
        }
    }
}
