/* The normalizer's tokens: a cleaned line cut into runs of letters, runs
 * of digits, single symbols and whole web or e-mail addresses, each
 * knowing whether a space stands before it; and the questions the class
 * matchers ask about the tokens around them. Linear in the line. */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

static int is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

static loa_err push(loai_norm *n, const char *s, size_t len, int type, int sp, unsigned cp)
{
    loai_tok *t;

    if (n->ntok == n->tokcap) {
        size_t cap = n->tokcap ? n->tokcap * 2 : 64;
        loai_tok *v = realloc(n->tok, cap * sizeof *v);

        if (v == NULL)
            return LOA_ERR_NOMEM;
        n->tok = v;
        n->tokcap = cap;
    }
    t = &n->tok[n->ntok++];
    memset(t, 0, sizeof *t);
    t->s = s;
    t->len = len;
    t->type = (unsigned char)type;
    t->sp = (unsigned char)sp;
    t->cp = cp;
    t->lw = n->lower.len;
    if (type == LOAI_T_WORD) {
        size_t i = 0, k;
        int up = 0, low = 0;
        loa_err err;

        while (i < len) {
            unsigned c = loai_utf8_get(s + i, len - i, &k);

            if (loai_cp_is_upper(c)) {
                up++;
                if (i == 0)
                    t->shape |= LOAI_SH_CAP;
            } else if (loai_cp_is_lower(c)) {
                low++;
            }
            i += k;
        }
        if (up)
            t->shape |= LOAI_SH_UPPER;
        if (low)
            t->shape |= LOAI_SH_LOWER;
        if ((err = loai_utf8_lower(&n->tmp, s, len)) != LOA_OK ||
            (err = loai_buf_add(&n->lower, n->tmp.data, n->tmp.len + 1)) != LOA_OK)
            return err; /* with its NUL: loai_t_lower gives a C string */
        t->lwlen = n->tmp.len;
    }
    return LOA_OK;
}

/* Letters, digits and symbols of S (no spaces inside) as tokens. */
static loa_err fine(loai_norm *n, const char *s, size_t len, int sp)
{
    size_t i = 0, k;
    loa_err err = LOA_OK;

    while (i < len && err == LOA_OK) {
        unsigned cp = loai_utf8_get(s + i, len - i, &k);
        size_t j = i + k;

        if (is_digit(cp)) {
            while (j < len && is_digit((unsigned char)s[j]))
                j++;
            err = push(n, s + i, j - i, LOAI_T_NUM, sp, 0);
        } else if (loai_cp_is_letter(cp)) {
            while (j < len) {
                size_t k2;
                unsigned c2 = loai_utf8_get(s + j, len - j, &k2);

                if (!loai_cp_is_letter(c2))
                    break;
                j += k2;
            }
            err = push(n, s + i, j - i, LOAI_T_WORD, sp, 0);
        } else {
            err = push(n, s + i, k, LOAI_T_SYM, sp, cp);
        }
        sp = 0;
        i = j;
    }
    return err;
}

static const char addr_lead[] = "\"'([<";
static const char addr_trail[] = ".,;:!?)]\"'>";

/* One space-separated chunk: an address keeps its whole text. */
static loa_err chunk(loai_norm *n, const char *s, size_t len)
{
    size_t b = 0, e = len, i;
    loa_err err;

    if (memchr(s, '.', len) == NULL && memchr(s, '@', len) == NULL)
        return fine(n, s, len, 1);
    while (b < e && strchr(addr_lead, s[b]))
        b++;
    while (e > b && strchr(addr_trail, s[e - 1]))
        e--;
    /* "Email:abc@gmail.com": a label glued to its value */
    for (i = b + 1; i + 1 < e; i++) {
        if (s[i] == ':' && s[i + 1] != '/' && loai_is_address(s + i + 1, e - i - 1)) {
            if ((err = fine(n, s, i + 1, 1)) != LOA_OK)
                return err;
            if ((err = push(n, s + i + 1, e - i - 1, LOAI_T_ADDR, 0, 0)) != LOA_OK)
                return err;
            return e < len ? fine(n, s + e, len - e, 0) : LOA_OK;
        }
        if (s[i] == ':')
            break;
    }
    if (e > b && loai_is_address(s + b, e - b)) {
        if (b > 0 && (err = fine(n, s, b, 1)) != LOA_OK)
            return err;
        if ((err = push(n, s + b, e - b, LOAI_T_ADDR, b == 0, 0)) != LOA_OK)
            return err;
        return e < len ? fine(n, s + e, len - e, 0) : LOA_OK;
    }
    return fine(n, s, len, 1);
}

loa_err loai_tokenize(loai_norm *n)
{
    size_t pos = 0, st;
    const char *l = n->lbuf;
    loa_err err = LOA_OK;

    n->ntok = 0;
    n->lower.len = 0;
    if ((err = loai_buf_add(&n->lower, "", 0)) != LOA_OK)
        return err;
    while (pos < n->llen && err == LOA_OK) {
        while (pos < n->llen && l[pos] == ' ')
            pos++;
        st = pos;
        while (pos < n->llen && l[pos] != ' ')
            pos++;
        if (pos > st)
            err = chunk(n, l + st, pos - st);
    }
    return err;
}

/* ---- questions about tokens ---- */

int loai_t_is(const loai_norm *n, size_t i, int type)
{
    return i < n->ntok && n->tok[i].type == type;
}

int loai_t_sym(const loai_norm *n, size_t i, unsigned cp)
{
    return i < n->ntok && n->tok[i].type == LOAI_T_SYM && n->tok[i].cp == cp;
}

int loai_t_eq(const loai_norm *n, size_t i, const char *lit)
{
    return i < n->ntok && strlen(lit) == n->tok[i].len &&
           memcmp(n->tok[i].s, lit, n->tok[i].len) == 0;
}

const char *loai_t_lower(const loai_norm *n, size_t i)
{
    if (i >= n->ntok || n->tok[i].type != LOAI_T_WORD)
        return "";
    return n->lower.data + n->tok[i].lw;
}

int loai_t_lw(const loai_norm *n, size_t i, const char *lit)
{
    return i < n->ntok && n->tok[i].type == LOAI_T_WORD && n->tok[i].lwlen == strlen(lit) &&
           memcmp(n->lower.data + n->tok[i].lw, lit, n->tok[i].lwlen) == 0;
}

int loai_t_glued(const loai_norm *n, size_t i)
{
    return i > 0 && i < n->ntok && !n->tok[i].sp;
}

size_t loai_t_num(const loai_norm *n, size_t i, unsigned long long *v)
{
    if (i >= n->ntok || n->tok[i].type != LOAI_T_NUM) {
        if (v)
            *v = 0;
        return 0;
    }
    return loai_digits(n->tok[i].s, n->tok[i].len, v);
}

static int is_stop(const loai_norm *n, size_t i)
{
    const loai_tok *t = &n->tok[i];

    if (t->type != LOAI_T_SYM)
        return 0;
    if (t->cp == '!' || t->cp == '?' || t->cp == ';')
        return 1;
    /* a full stop ends a sentence where a space or the line end follows */
    return t->cp == '.' && (i + 1 >= n->ntok || n->tok[i + 1].sp);
}

int loai_sentence_break(const loai_norm *n, size_t a, size_t b)
{
    size_t i;

    for (i = a + 1; i < b && i < n->ntok; i++)
        if (is_stop(n, i))
            return 1;
    return 0;
}

static int skippable(const loai_tok *t)
{
    return t->type == LOAI_T_SYM &&
           (t->cp == ':' || t->cp == '(' || t->cp == '"' || t->cp == '\'');
}

size_t loai_prev_word(const loai_norm *n, size_t i)
{
    while (i > 0) {
        const loai_tok *t = &n->tok[--i];

        if (t->type == LOAI_T_WORD || t->type == LOAI_T_NUM)
            return i;
        if (!skippable(t))
            break;
    }
    return (size_t)-1;
}

const char *const loai_time_words[7] = {"giây", "phút", "giờ", "ngày", "tuần", "tháng", "năm"};

int loai_time_word(const loai_norm *n, size_t i)
{
    int k;

    for (k = 0; k < 7; k++)
        if (loai_t_lw(n, i, loai_time_words[k]))
            return k + 1;
    return 0;
}

int loai_day_named_before(const loai_norm *n, size_t p)
{
    /* "các ngày từ", not "nghỉ 11 ngày từ" (ngày counted) */
    return p > 0 && (loai_cue_before(n, p, 0) & LOAI_CUE_DAY) &&
           !(p >= 2 && loai_t_lw(n, p - 1, "ngày") && loai_t_is(n, p - 2, LOAI_T_NUM));
}

int loai_cue_before(const loai_norm *n, size_t i, int skip_punct)
{
    size_t w[4], nw = 0, j = i;
    char key[160];
    int k;

    while (j > 0 && skip_punct &&
           (skippable(&n->tok[j - 1]) || (skip_punct > 1 && loai_t_sym(n, j - 1, ','))))
        j--;
    while (j > 0 && nw < 4 && n->tok[j - 1].type == LOAI_T_WORD) {
        w[nw++] = --j;
        if (j > 0 && !n->tok[j].sp)
            break; /* "TP.HCM": no phrase across glued symbols */
    }
    for (k = (int)nw; k >= 1; k--) {
        size_t kl = 0;
        int m, r;

        for (m = k - 1; m >= 0; m--) {
            const loai_tok *t = &n->tok[w[m]];

            if (kl + t->lwlen + 2 > sizeof key)
                break;
            if (kl)
                key[kl++] = ' ';
            memcpy(key + kl, n->lower.data + t->lw, t->lwlen);
            kl += t->lwlen;
        }
        if (m >= 0)
            continue;
        if ((r = loai_lex_cue(n->lex, key, kl)) != 0)
            return r & ~LOAI_CUE_PLAIN;
    }
    return 0;
}

int loai_cue_at(const loai_norm *n, size_t i)
{
    char key[160];
    size_t kl = 0, k;
    int r = 0, best = 0;

    /* the longest phrase of up to three words from I: "dự án", "học sinh" */
    for (k = i; k < i + 3 && k < n->ntok && n->tok[k].type == LOAI_T_WORD; k++) {
        int x;

        if (k > i && !n->tok[k].sp)
            break;
        if (kl + n->tok[k].lwlen + 2 > sizeof key)
            break;
        if (kl)
            key[kl++] = ' ';
        memcpy(key + kl, n->lower.data + n->tok[k].lw, n->tok[k].lwlen);
        kl += n->tok[k].lwlen;
        if ((x = loai_lex_cue(n->lex, key, kl)) != 0) {
            r = x & ~LOAI_CUE_PLAIN;
            best = 1;
        }
    }
    (void)best;
    return r;
}

size_t loai_span_len(const loai_norm *n, size_t a, size_t b)
{
    return (size_t)(n->tok[b].s + n->tok[b].len - n->tok[a].s);
}

int loai_t_initial(const loai_norm *n, size_t i, unsigned cp)
{
    size_t k;
    unsigned w;

    if (i >= n->ntok || n->tok[i].type != LOAI_T_WORD)
        return 0;
    w = loai_utf8_get(n->lower.data + n->tok[i].lw, n->tok[i].lwlen, &k);
    if (w == cp)
        return 1;
    return cp != 0x111 && w != 0x111 && loai_base_letter(w) == loai_base_letter(cp) &&
           loai_base_letter(cp) != 0;
}

size_t loai_long_form(const loai_norm *n, const char *code, size_t len, size_t *start)
{
    unsigned l[16];
    size_t nl = 0, q = 0, k, i;

    while (q < len) {
        unsigned cp = loai_utf8_get(code + q, len - q, &k);
        char low[8];
        size_t ll, k2;

        if (!loai_cp_is_upper(cp) || nl == sizeof l / sizeof l[0] ||
            (ll = loai_utf8_lower_to(low, sizeof low, code + q, k)) == (size_t)-1)
            return 0;
        l[nl++] = loai_utf8_get(low, ll, &k2);
        q += k;
    }
    if (nl < 3)
        return 0;
    for (i = 0; i + nl <= n->ntok; i++) {
        size_t j = i, m = 0;

        if (n->tok[i].type != LOAI_T_WORD || !(n->tok[i].shape & LOAI_SH_CAP) ||
            (i > 0 && !n->tok[i].sp))
            continue;
        while (m < nl && j < n->ntok && n->tok[j].type == LOAI_T_WORD &&
               (j == i || n->tok[j].sp)) {
            if (loai_t_initial(n, j, l[m])) {
                m++;
                j++;
            } else if (m > 0 && loai_t_lw(n, j, "và")) {
                j++;
            } else {
                break;
            }
        }
        if (m == nl) {
            *start = i;
            return j;
        }
    }
    return 0;
}

int loai_ratio_before(const loai_norm *n, size_t i)
{
    size_t j, stop = i > 6 ? i - 6 : 0;

    for (j = i; j > stop + 1; j--)
        if (loai_t_lw(n, j - 1, "lệ") && (loai_t_lw(n, j - 2, "tỷ") || loai_t_lw(n, j - 2, "tỉ")))
            return 1;
    return 0;
}

int loai_formula(const loai_norm *n)
{
    size_t i;

    for (i = 1; i < n->ntok; i++)
        if (loai_t_sym(n, i, '=') && !loai_t_sym(n, i + 1, '>') && !loai_t_sym(n, i - 1, '=') &&
            n->tok[i - 1].type != LOAI_T_ADDR)
            return 1;
    return 0;
}

int loai_tok_initial(const loai_tok *t)
{
    static const char *const di[] = {"Th", "Tr", "Ch", "Ph", "Nh", "Ng", "Kh", "Gh", "Gi", "Qu"};
    size_t k;

    if (t->type != LOAI_T_WORD || !(t->shape & LOAI_SH_CAP))
        return 0;
    if (loai_utf8_get(t->s, t->len, &k) != 0 && k == t->len)
        return 1;
    if (t->len == 2)
        for (k = 0; k < sizeof di / sizeof di[0]; k++)
            if (memcmp(t->s, di[k], 2) == 0)
                return 2;
    return 0;
}
