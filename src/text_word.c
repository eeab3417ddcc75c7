/* Words: abbreviations and foreign words from the lexicon (longest match
 * over glued tokens, a reading chosen by its context: "ĐT 741" đường tỉnh,
 * "ĐT: 0905…" điện thoại), road and house numbers after their prefix
 * (QL14, SN 1962), camel-case names, codes of letters and digits (H5N1),
 * all-caps headings lowered, unknown all-caps words spelled, and an
 * abbreviation in parentheses right after its long form left unread. */
#include <string.h>

#include "text_int.h"

/* ---- contexts of lexicon readings ---- */

/* Is token I the lowercase word W (N bytes)? */
static int word_is(const loai_norm *n, size_t i, const char *w, size_t len)
{
    return i < n->ntok && n->tok[i].type == LOAI_T_WORD && n->tok[i].lwlen == len &&
           memcmp(n->lower.data + n->tok[i].lw, w, len) == 0;
}

/* Does one of the words W ("ngân|*bank|giao", N bytes; "*x" a word that
 * ends in x) stand in the sentence of tokens [A, B), at most NEAR_TOKENS
 * away? "PGD ngân hàng" phòng giao dịch, "PGD Agribank" too. */
enum { NEAR_TOKENS = 24 };

static int near_word(const loai_norm *n, size_t i, const char *w, size_t len)
{
    while (len > 0) {
        size_t l = 0, wl;
        const char *x = n->lower.data + n->tok[i].lw;

        while (l < len && w[l] != '|')
            l++;
        wl = n->tok[i].lwlen;
        if (l > 1 && w[0] == '*' ? wl >= l - 1 && memcmp(x + wl - (l - 1), w + 1, l - 1) == 0
                                 : wl == l && memcmp(x, w, l) == 0)
            return 1;
        w += l + (l < len);
        len -= l + (l < len);
    }
    return 0;
}

static int near(const loai_norm *n, size_t a, size_t b, const char *w, size_t len)
{
    size_t j;

    /* (a stop ends the look: a token is a stop when a break stands
     * between its neighbours) */
    for (j = a; j > 0 && j + NEAR_TOKENS > a; j--) {
        if (j < a && loai_sentence_break(n, j - 1, j + 1))
            break;
        if (n->tok[j - 1].type == LOAI_T_WORD && near_word(n, j - 1, w, len))
            return 1;
    }
    for (j = b; j < n->ntok && j < b + NEAR_TOKENS; j++) {
        if (loai_sentence_break(n, j - 1, j + 1))
            break;
        if (n->tok[j].type == LOAI_T_WORD && near_word(n, j, w, len))
            return 1;
    }
    return 0;
}

/* Does context CTX ("@num @name", "@after=tổ") hold for a key spanning
 * tokens [A, B)? */
static int ctx_ok(const loai_norm *n, size_t a, size_t b, const char *ctx)
{
    const char *p = ctx;

    while (*p) {
        size_t l = strcspn(p, " ");
        int ok = 0;

        if (l == 4 && memcmp(p, "@num", 4) == 0) {
            size_t j = b + (loai_t_sym(n, b, '.') && loai_t_glued(n, b) &&
                            loai_t_is(n, b + 1, LOAI_T_NUM) && loai_t_glued(n, b + 1));

            ok = loai_t_is(n, j, LOAI_T_NUM);
        } else if (l == 7 && memcmp(p, "@digits", 7) == 0) {
            /* an account or ID number follows: six digits or more */
            ok = loai_t_is(n, b, LOAI_T_NUM) && n->tok[b].len >= 6;
        } else if (l == 5 && memcmp(p, "@year", 5) == 0) {
            unsigned long long y;

            ok = loai_t_num(n, b, &y) == 4 && y >= 1900 && y <= 2099;
        } else if (l == 6 && memcmp(p, "@roman", 6) == 0) {
            /* "BĐ III": a Roman numeral follows */
            ok = loai_t_is(n, b, LOAI_T_WORD) && !(n->tok[b].shape & LOAI_SH_LOWER) &&
                 loai_roman_value(n->tok[b].s, n->tok[b].len) > 0;
        } else if (l == 5 && memcmp(p, "@name", 5) == 0) {
            ok = loai_t_is(n, b, LOAI_T_WORD) && (n->tok[b].shape & LOAI_SH_CAP);
        } else if (l == 6 && memcmp(p, "@colon", 6) == 0) {
            ok = loai_t_sym(n, b, ':');
        } else if (l == 4 && memcmp(p, "@end", 4) == 0) {
            ok = b >= n->ntok || (n->tok[b].type == LOAI_T_SYM && n->tok[b].cp != '/' &&
                                  n->tok[b].cp != '-');
        } else if (l > 7 && memcmp(p, "@after=", 7) == 0) {
            /* "KN, TC", "CD/DN/TC": a comma or a slash may stand between */
            size_t w = a > 1 && (loai_t_sym(n, a - 1, ',') || loai_t_sym(n, a - 1, '/'))
                           ? a - 2 : a - 1;

            ok = a > 0 && word_is(n, w, p + 7, l - 7);
        } else if (l > 8 && memcmp(p, "@before=", 8) == 0) {
            ok = word_is(n, loai_t_sym(n, b, ',') || loai_t_sym(n, b, '/') ? b + 1 : b, p + 8,
                         l - 8);
        } else if (l > 6 && memcmp(p, "@near=", 6) == 0) {
            ok = near(n, a, b, p + 6, l - 6);
        }
        if (!ok)
            return 0;
        p += l;
        while (*p == ' ')
            p++;
    }
    return 1;
}

enum { WF_NUM = 1, WF_SUFFIX = 2, WF_LOWER = 4, WF_SPELL = 8, WF_CODE = 16, WF_CAMEL = 32,
       WF_LOWER_FIRST = 65536, /* an all-caps name: lowered before it is respelled */
       WF_AS_IS = 64, WF_CODE_NUM = 128, WF_WORD_NUM = 256, WF_SAC = 512, WF_CODE_RANGE = 1024, WF_IDENT = 2048,
       WF_STD_YEAR = 4096, WF_STD_ISSUER = 8192, WF_APOS = 16384, WF_HOUSE = 32768 };

/* Is token I one letter in a run of initials (N.V.B, T.Y, K.T.H.)? */
static int initial(const loai_norm *n, size_t i)
{
    if (!loai_tok_initial(&n->tok[i]))
        return 0;
    /* "Nguyễn Th. Hòa": a digraph initial inside a name */
    if (loai_tok_initial(&n->tok[i]) == 2 && loai_t_sym(n, i + 1, '.') &&
        loai_t_glued(n, i + 1) && i > 0 && n->tok[i].sp && n->tok[i - 1].type == LOAI_T_WORD &&
        (n->tok[i - 1].shape & LOAI_SH_CAP))
        return 1;
    if (loai_t_sym(n, i + 1, '.') && loai_t_glued(n, i + 1) && loai_t_is(n, i + 2, LOAI_T_WORD) &&
        loai_t_glued(n, i + 2) && loai_tok_initial(&n->tok[i + 2]))
        return 1;
    return i >= 2 && loai_t_sym(n, i - 1, '.') && loai_t_glued(n, i) && loai_t_glued(n, i - 1) &&
           loai_tok_initial(&n->tok[i - 2]);
}

/* "Sở TN - MT", "GD – ĐT": two capitals' words around a spaced dash that,
 * written glued ("TN-MT"), are a known abbreviation; its reading in *R and
 * 3 (tokens used), else 0. */
static size_t spaced_pair(const loai_norm *n, size_t i, const char **r)
{
    char key[64];
    const loai_tok *a = &n->tok[i], *d, *b;
    const loai_alt *x;

    if (i + 2 >= n->ntok)
        return 0;
    d = &n->tok[i + 1];
    b = &n->tok[i + 2];
    if (a->type != LOAI_T_WORD || b->type != LOAI_T_WORD || !(a->shape & LOAI_SH_UPPER) ||
        (a->shape & LOAI_SH_LOWER) || !(b->shape & LOAI_SH_UPPER) || (b->shape & LOAI_SH_LOWER) ||
        d->type != LOAI_T_SYM || (d->cp != '-' && d->cp != 0x2013) || !d->sp || !b->sp ||
        (i + 3 < n->ntok && !n->tok[i + 3].sp && n->tok[i + 3].type != LOAI_T_SYM) ||
        a->len + b->len + 2 > sizeof key)
        return 0;
    memcpy(key, a->s, a->len);
    key[a->len] = '-';
    memcpy(key + a->len + 1, b->s, b->len);
    for (x = loai_lex_alts(n->lex, LOAI_LEX_ABBR, key, a->len + 1 + b->len); x; x = x->next)
        if (ctx_ok(n, i, i + 3, x->ctx) && strstr(x->ctx, "@num") == NULL &&
            strstr(x->ctx, "@year") == NULL) {
            *r = x->val;
            return 3;
        }
    return 0;
}

/* The longest lexicon key over glued tokens from I: its reading in
 * *R, whether the reading takes the number after it; tokens used. */
static size_t lex_match(const loai_norm *n, size_t i, const char **r, int *takes_num)
{
    size_t m, best = 0;
    const char *pr;

    *r = NULL;
    *takes_num = 0;
    for (m = 1; m <= 6 && i + m <= n->ntok; m++) {
        size_t e = i + m, len;
        const loai_alt *a;
        const char *f;

        if (m > 1 && n->tok[e - 1].sp)
            break;
        if (n->tok[e - 1].type == LOAI_T_ADDR)
            break;
        /* a key ends where its letters or digits end */
        if (e < n->ntok && !n->tok[e].sp && n->tok[e].type == n->tok[e - 1].type &&
            n->tok[e].type != LOAI_T_SYM)
            continue;
        len = loai_span_len(n, i, e - 1);
        for (a = loai_lex_alts(n->lex, LOAI_LEX_ABBR, n->tok[i].s, len); a; a = a->next) {
            if (ctx_ok(n, i, e, a->ctx)) {
                /* only a reading that takes the number may have digits glued on */
                int num = strstr(a->ctx, "@num") != NULL || strstr(a->ctx, "@year") != NULL;

                if (!num && e < n->ntok && !n->tok[e].sp && n->tok[e].type != LOAI_T_SYM &&
                    n->tok[e - 1].type != LOAI_T_SYM)
                    break;
                *r = a->val;
                *takes_num = num;
                best = m;
                break;
            }
        }
        if (best == m)
            continue;
        if ((e >= n->ntok || n->tok[e].sp || n->tok[e].type == LOAI_T_SYM) &&
            (f = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, n->tok[i].s, len)) != NULL) {
            *r = f;
            *takes_num = 0;
            best = m;
        }
    }
    if (best <= 1 && (m = spaced_pair(n, i, &pr)) > 0) {
        *r = pr;
        *takes_num = 0;
        best = m;
    }
    return best;
}

/* "T.Ư", "T.W": initials the lexicon knows as a whole (the run of
 * initials ends with the key), not a name's initials. */
static int dotted_key(const loai_norm *n, size_t i)
{
    const char *r;
    int takes_num;
    size_t k = lex_match(n, i, &r, &takes_num), e = i + k;

    if (k < 3 || !loai_t_sym(n, i + 1, '.'))
        return 0;
    /* "T.Ư.Đ": the initials go on past the key */
    return !(loai_t_sym(n, e, '.') && loai_t_glued(n, e) && loai_t_is(n, e + 1, LOAI_T_WORD) &&
             loai_t_glued(n, e + 1));
}

/* Split a camel-case word ("LuatVietnam", "VNForm") where a lowercase
 * letter is followed by an uppercase one; the cut offsets in CUTS (at most
 * 7), 0 when it is not one or a piece is unreadable. */
static int camel_cuts(const loai_norm *n, const char *s, size_t len, size_t *cuts)
{
    size_t i = 0, k, nc = 0, j, start = 0;
    unsigned prev = 0;

    while (i < len) {
        unsigned cp = loai_utf8_get(s + i, len - i, &k);
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
        size_t l = cuts[j] - start, q;
        int lower = 0;

        for (q = start; q < cuts[j]; q++)
            lower |= s[q] >= 'a' && s[q] <= 'z';
        if (!loai_is_syllable(s + start, l) && !loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s + start, l) &&
            !loai_lex_get(n->lex, LOAI_LEX_ABBR, s + start, l) && lower)
            return 0;
        start = cuts[j];
    }
    return (int)nc;
}

/* "chat", "map", "tech": letters without any mark that end in a stop,
 * which Vietnamese never writes (its stops carry sắc or nặng): a foreign
 * word, not a syllable ("Bac Ninh" typed without marks is respelled bác). */
static int toneless_stop(const char *s, size_t len)
{
    size_t i;
    char last;

    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    last = len ? s[len - 1] : 0;
    if (last >= 'A' && last <= 'Z')
        last = (char)(last - 'A' + 'a');
    if (len >= 2 && (last == 'h') && (s[len - 2] == 'c' || s[len - 2] == 'C'))
        return 1;
    return last == 'c' || last == 'p' || last == 't' || last == 'k';
}

static int has_vowel(const char *s, size_t len)
{
    size_t i = 0, k;

    while (i < len) {
        char b = loai_base_letter(loai_utf8_get(s + i, len - i, &k));

        if (b && strchr("aeiouy", b))
            return 1;
        i += k;
    }
    return 0;
}

int loai_m_word(loai_norm *n, size_t i, loai_item *it)
{
    const loai_tok *t = &n->tok[i];
    const char *r;
    int takes_num;
    size_t k, j;

    if (t->type != LOAI_T_WORD && t->type != LOAI_T_NUM)
        return 0;
    if (t->type == LOAI_T_WORD && (loai_t_sym(n, i + 1, '\'') || loai_t_sym(n, i + 1, 0x2019)) &&
        loai_t_glued(n, i + 1) && loai_t_is(n, i + 2, LOAI_T_WORD) && loai_t_glued(n, i + 2) &&
        loai_utf8_get(t->s, t->len, &k) && k == t->len &&
        !strchr("aeiouyAEIOUY", t->s[0])) {
        /* H'Mông, M'nông, Ea H'leo, Đắk R'lấp: the consonant before the
         * apostrophe is a syllable of its own, with ơ (hơ, mơ, rơ) */
        it->flags |= WF_APOS;
        it->kind = LOA_NSW_UNKNOWN;
        it->t1 = i + 2;
        return 1;
    }
    if (t->type == LOAI_T_WORD && initial(n, i) && !dotted_key(n, i)) {
        /* P.V.N., P.T.T: initials of a name, even where P. is phường */
        it->flags |= WF_SPELL;
        it->kind = LOA_NSW_SPELLED;
        return 1;
    }
    k = lex_match(n, i, &r, &takes_num);
    if (k == 0 && t->type == LOAI_T_WORD && (t->shape & LOAI_SH_LOWER) && t->len <= 12 &&
        !loai_is_syllable(t->s, t->len) &&
        !(i + 1 < n->ntok && !n->tok[i + 1].sp && n->tok[i + 1].type == LOAI_T_NUM)) {
        /* "tước gplx", "thuế tncn", "Sđt:": an abbreviation typed in
         * lowercase or mixed case */
        char up[64];
        size_t ul = loai_utf8_upper_to(up, sizeof up, t->s, t->len);

        const loai_alt *a = ul != (size_t)-1 ? loai_lex_alts(n->lex, LOAI_LEX_ABBR, up, ul) : NULL;

        for (; a != NULL; a = a->next)
            if (strstr(a->ctx, "@num") == NULL && strstr(a->ctx, "@year") == NULL &&
                ctx_ok(n, i, i + 1, a->ctx)) {
                r = a->val;
                k = 1, takes_num = 0;
                break;
            }
    }
    if (k > 0) {
        it->r[0] = r;
        it->t1 = i + k;
        it->kind = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, t->s, loai_span_len(n, i, i + k - 1)) &&
                           !loai_lex_alts(n->lex, LOAI_LEX_ABBR, t->s,
                                          loai_span_len(n, i, i + k - 1))
                       ? LOA_NSW_FOREIGN
                       : LOA_NSW_ABBR;
        j = it->t1;
        if (takes_num) {
            /* QL14, QL.14, ĐT 741, QL1A, SN 1962 */
            if (loai_t_sym(n, j, '.') && loai_t_glued(n, j) && loai_t_is(n, j + 1, LOAI_T_NUM) &&
                loai_t_glued(n, j + 1))
                j++;
            if (loai_t_is(n, j, LOAI_T_NUM) && n->tok[j].len <= 6 &&
                !(j + 1 < n->ntok && !n->tok[j + 1].sp &&
                  (n->tok[j + 1].cp == '/' || n->tok[j + 1].cp == ',' ||
                   n->tok[j + 1].cp == '.') &&
                  loai_t_is(n, j + 2, LOAI_T_NUM)) &&
                /* "NQ 20/NQ-CP": the number belongs to the code */
                !(loai_t_sym(n, j + 1, '/') && loai_t_glued(n, j + 1) &&
                  loai_t_is(n, j + 2, LOAI_T_WORD) && loai_t_glued(n, j + 2))) {
                loai_t_num(n, j, &it->v[0]);
                it->v[1] = j;
                it->flags |= WF_NUM;
                j++;
                /* "TCVN 3907:2011", "QCVN 01:2021/BXD": a standard, its
                 * year, maybe its issuer */
                if (loai_t_sym(n, j, ':') && loai_t_glued(n, j) && loai_t_glued(n, j + 1) &&
                    loai_t_num(n, j + 1, &it->v[3]) == 4 && it->v[3] >= 1900 &&
                    it->v[3] <= 2099) {
                    it->flags |= WF_STD_YEAR;
                    j += 2;
                    if (loai_t_sym(n, j, '/') && loai_t_glued(n, j) &&
                        loai_t_is(n, j + 1, LOAI_T_WORD) && loai_t_glued(n, j + 1) &&
                        loai_lex_get(n->lex, LOAI_LEX_ISSUER, n->tok[j + 1].s,
                                     n->tok[j + 1].len) &&
                        !(j + 2 < n->ntok && !n->tok[j + 2].sp &&
                          n->tok[j + 2].type != LOAI_T_SYM)) {
                        it->v[4] = j + 1;
                        it->flags |= WF_STD_ISSUER;
                        j += 2;
                    }
                    it->t1 = j;
                    return 1;
                }
                if (loai_t_is(n, j, LOAI_T_WORD) && loai_t_glued(n, j) && n->tok[j].len <= 2 &&
                    !(j + 1 < n->ntok && !n->tok[j + 1].sp &&
                      n->tok[j + 1].type != LOAI_T_SYM)) {
                    it->v[2] = j;
                    it->flags |= WF_SUFFIX;
                    j++;
                }
                it->t1 = j;
            }
        }
        return 1;
    }
    if (t->type == LOAI_T_WORD && !(t->shape & LOAI_SH_UPPER) && loai_is_syllable(t->s, t->len) &&
        loai_t_is(n, i + 1, LOAI_T_NUM) && loai_t_glued(n, i + 1) &&
        !(i + 2 < n->ntok && !n->tok[i + 2].sp && n->tok[i + 2].type != LOAI_T_SYM)) {
        /* "phường14": a word and its number */
        loai_t_num(n, i + 1, &it->v[0]);
        it->t1 = i + 2;
        it->flags |= WF_WORD_NUM;
        it->kind = LOA_NSW_NUMBER;
        return 1;
    }
    if (t->type == LOAI_T_WORD) {
        /* a unit standing alone: "ĐVT: đồng/m2", "đơn vị km" */
        const char *u;
        int money;
        size_t ku = loai_unit_at(n, i, &u, &money, 0), q;
        int lower = 0;

        for (q = 0; q < t->len; q++)
            lower |= t->s[q] >= 'a' && t->s[q] <= 'z';
        /* (one letter only with its digits: "mỗi m2", not "m") */
        if (ku > 0 && !money && lower && (t->len > 1 || ku > 1) &&
            !loai_is_syllable(t->s, t->len) &&
            !(i + ku < n->ntok && !n->tok[i + ku].sp && n->tok[i + ku].type != LOAI_T_SYM)) {
            it->r[0] = u;
            it->t1 = i + ku;
            it->kind = LOA_NSW_UNIT;
            return 1;
        }
    }
    if (t->type == LOAI_T_NUM && loai_t_sym(n, i + 1, '.') && loai_t_glued(n, i + 1) &&
        loai_t_is(n, i + 2, LOAI_T_NUM) && loai_t_glued(n, i + 2) &&
        loai_t_sym(n, i + 3, '.') && loai_t_glued(n, i + 3) && loai_t_is(n, i + 4, LOAI_T_NUM) &&
        loai_t_glued(n, i + 4)) {
        /* 1.25.3.4, 192.16.2: a version or an address, digit by digit */
        j = i + 1;
        while (loai_t_sym(n, j, '.') && loai_t_glued(n, j) && loai_t_is(n, j + 1, LOAI_T_NUM) &&
               loai_t_glued(n, j + 1))
            j += 2;
        it->t1 = j;
        it->flags |= WF_IDENT;
        it->kind = LOA_NSW_DIGITS;
        return 1;
    }
    if (t->type == LOAI_T_NUM || (i + 1 < n->ntok && !n->tok[i + 1].sp &&
                                  n->tok[i + 1].type == LOAI_T_NUM)) {
        /* H5N1, F0, 4G, IR50404: letters and digits in turn; Q6-0602:
         * with its separators */
        j = i + 1;
        for (;;) {
            if (j < n->ntok && !n->tok[j].sp &&
                (n->tok[j].type == LOAI_T_NUM || n->tok[j].type == LOAI_T_WORD))
                j++;
            else if (t->type == LOAI_T_WORD && j + 1 < n->ntok && !n->tok[j].sp &&
                     !n->tok[j + 1].sp && n->tok[j].type == LOAI_T_SYM &&
                     (n->tok[j].cp == '-' || n->tok[j].cp == '/') &&
                     n->tok[j + 1].type == LOAI_T_NUM)
                j += 2;
            else if (t->type == LOAI_T_NUM && j == i + 1 && loai_t_sym(n, j, '-') &&
                     loai_t_glued(n, j) && loai_t_is(n, j + 1, LOAI_T_WORD) &&
                     loai_t_glued(n, j + 1) && !(n->tok[j + 1].shape & LOAI_SH_LOWER) &&
                     n->tok[j + 1].len <= 2 && loai_t_is(n, j + 2, LOAI_T_NUM) &&
                     loai_t_glued(n, j + 2))
                j += 2; /* 471-E15 */
            else
                break;
        }
        /* "10F-12A": from one block to another */
        if (t->type == LOAI_T_NUM && j == i + 2 && loai_t_sym(n, j, '-') && loai_t_glued(n, j) &&
            loai_t_is(n, j + 1, LOAI_T_NUM) && loai_t_glued(n, j + 1) &&
            loai_t_is(n, j + 2, LOAI_T_WORD) && loai_t_glued(n, j + 2) &&
            n->tok[j + 2].len == 1 && n->tok[i + 1].len == 1 &&
            !(j + 3 < n->ntok && !n->tok[j + 3].sp && n->tok[j + 3].type != LOAI_T_SYM)) {
            it->v[3] = j;
            it->flags |= WF_CODE_RANGE;
            j += 3;
        }
        it->t1 = j;
        it->flags |= WF_CODE;
        it->kind = LOA_NSW_SPELLED;
        /* "số nhà 102A", "Số nhà 101-102A": a house number and its letter */
        if (t->type == LOAI_T_NUM && j == i + 2 && t->s[0] != '0' && n->tok[i + 1].len == 1 &&
            (n->tok[i + 1].shape & LOAI_SH_UPPER)) {
            size_t c = i;

            if (c >= 2 && loai_t_sym(n, c - 1, '-') && loai_t_glued(n, c) &&
                loai_t_glued(n, c - 1) && loai_t_is(n, c - 2, LOAI_T_NUM))
                c -= 2;
            if (loai_cue_before(n, c, 1) & (LOAI_CUE_HOUSE | LOAI_CUE_LABEL)) {
                it->flags |= WF_HOUSE;
                return 1;
            }
        }
        if (t->type == LOAI_T_NUM && j > i + 1)
            it->guess = LOA_GUESS_UNIT; /* 5xyz: letters after a number */
        return 1;
    }
    it->t1 = i + 1;
    /* "OM 380", "IR 504": a short code of capitals and its number */
    if ((t->shape & LOAI_SH_UPPER) && !(t->shape & LOAI_SH_LOWER) && t->len > 1 && t->len <= 3 &&
        loai_t_is(n, i + 1, LOAI_T_NUM) && n->tok[i + 1].sp &&
        !(i + 2 < n->ntok && !n->tok[i + 2].sp &&
          (n->tok[i + 2].type != LOAI_T_SYM || loai_t_is(n, i + 3, LOAI_T_NUM)))) {
        it->flags |= WF_SPELL | WF_CODE_NUM;
        it->kind = LOA_NSW_SPELLED;
        it->t1 = i + 2;
        return 1;
    }
    {
        loai_buf b = {0};
        int r2 = loai_add_sac(&b, t->s, t->len);

        loai_buf_free(&b);
        if (r2 != 0) {
            it->flags |= WF_SAC; /* Đăk Lăk: Đắk Lắk */
            it->kind = LOA_NSW_UNKNOWN;
            return 1;
        }
    }
    if (loai_is_syllable(t->s, t->len) && !toneless_stop(t->s, t->len) &&
        (t->s[t->len - 1] == 'k' || t->s[t->len - 1] == 'K')) {
        /* "Búk": a k espeak-ng reads only after ă */
        loai_buf b = {0};
        int m = loai_respell(&b, t->s, t->len);

        loai_buf_free(&b);
        if (m) {
            it->flags |= WF_AS_IS;
            it->kind = LOA_NSW_UNKNOWN;
            return 1;
        }
    }
    if (loai_is_syllable(t->s, t->len) && !toneless_stop(t->s, t->len) &&
        !(i == 1 && loai_t_sym(n, 0, '(') && loai_t_sym(n, 2, ')') &&
          !(t->shape & LOAI_SH_LOWER)) &&
        /* "nhập mã PE": capitals after a code's word are letters */
        !(!(t->shape & LOAI_SH_LOWER) && t->len <= 3 &&
          (loai_cue_before(n, i, 1) & LOAI_CUE_IDENT))) {
        /* ("(CAO) Theo dự báo": a source's initials open the line) */
        if ((t->shape & LOAI_SH_UPPER) && !(t->shape & LOAI_SH_LOWER) && t->len > 1) {
            it->flags |= WF_LOWER;
            it->kind = LOA_NSW_CAPS;
        } else {
            it->flags |= WF_AS_IS;
            it->plain = 1;
        }
        return 1;
    }

    if ((t->shape & LOAI_SH_LOWER) && (t->shape & LOAI_SH_UPPER) &&
        camel_cuts(n, t->s, t->len, (size_t[8]){0}) > 0) {
        it->flags |= WF_CAMEL;
        it->kind = LOA_NSW_FOREIGN;
        return 1;
    }
    if (!(t->shape & LOAI_SH_LOWER) && has_vowel(t->s, t->len) && t->len >= 3 &&
        t->s[0] >= 'A' && t->s[0] <= 'Z' && (loai_cue_before(n, i, 1) & LOAI_CUE_NAME)) {
        /* "bão số 15 (tên quốc tế KOTO)": a storm's name, read as a word */
        it->flags |= WF_AS_IS | WF_LOWER_FIRST;
        it->kind = LOA_NSW_UNKNOWN;
        it->guess = LOA_GUESS_FOREIGN;
        return 1;
    }
    if (!(t->shape & LOAI_SH_LOWER) || !has_vowel(t->s, t->len)) {
        it->flags |= WF_SPELL;
        it->kind = LOA_NSW_SPELLED;
        /* one letter ("b)" in a list) is read as its name: no guess */
        if (loai_utf8_get(t->s, t->len, &k) && k < t->len)
            it->guess = LOA_GUESS_SPELLED;
        /* "IR 504", "OM 5451": a code of letters and its number, digit by
         * digit from three digits on */
        if (!(t->shape & LOAI_SH_LOWER) && t->len <= 3 && k < t->len &&
            loai_t_is(n, i + 1, LOAI_T_NUM) && n->tok[i + 1].sp &&
            !(i + 2 < n->ntok && !n->tok[i + 2].sp &&
              (n->tok[i + 2].type != LOAI_T_SYM || loai_t_is(n, i + 3, LOAI_T_NUM)))) {
            it->flags |= WF_CODE_NUM;
            it->t1 = i + 2;
        }
        return 1;
    }
    if (!(t->shape & LOAI_SH_UPPER) && loai_respell_spells(t->s, t->len)) {
        /* "9:00 utc", "20:15 est": letters, not a word */
        it->flags |= WF_SPELL;
        it->kind = LOA_NSW_SPELLED;
        it->guess = LOA_GUESS_SPELLED;
        return 1;
    }
    it->flags |= WF_AS_IS;
    it->kind = LOA_NSW_UNKNOWN;
    it->guess = LOA_GUESS_FOREIGN;
    return 1;
}

/* One piece of a camel-case word or a code: lexicon, syllable, spelled. */
static void say_piece(loai_norm *n, const char *s, size_t len)
{
    const char *r;

    if ((r = loai_lex_get(n->lex, LOAI_LEX_ABBR, s, len)) != NULL ||
        (r = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s, len)) != NULL)
        loai_say(n, r);
    else if (loai_is_syllable(s, len))
        loai_say_lower(n, s, len);
    else
        loai_spell(n, s, len);
}

void loai_s_word(loai_norm *n, const loai_item *it)
{
    const loai_tok *t = &n->tok[it->t0];
    size_t i;

    if (it->r[0]) {
        loai_say(n, it->r[0]);
        if (it->flags & WF_NUM)
            loai_say_cardinal(n, it->v[0]);
        if (it->flags & WF_STD_YEAR) {
            loai_say(n, "năm");
            loai_say_cardinal(n, it->v[3]);
        }
        if (it->flags & WF_STD_ISSUER) {
            loai_say(n, "của");
            loai_say(n, loai_lex_get(n->lex, LOAI_LEX_ISSUER, n->tok[it->v[4]].s,
                                     n->tok[it->v[4]].len));
        }
        if (it->flags & WF_SUFFIX)
            loai_spell(n, n->tok[it->v[2]].s, n->tok[it->v[2]].len);
        /* "…, v.v." ending the line: its dot ends the sentence too */
        if (it->t1 == n->ntok && loai_t_sym(n, it->t1 - 1, '.'))
            loai_punct(n, ".");
        return;
    }
    if (it->flags & WF_IDENT) {
        loai_say_ident(n, t->s, loai_span_len(n, it->t0, it->t1 - 1));
        return;
    }
    if (it->flags & WF_APOS) {
        char low[8];
        size_t ll = loai_utf8_lower_to(low, sizeof low - 3, t->s, t->len);

        if (ll != (size_t)-1) {
            if (low[0] == 'k' || low[0] == 'q')
                low[0] = 'c';
            else if (low[0] == 'f')
                memcpy(low, "ph", 2), ll = 2;
            else if (low[0] == 'j')
                memcpy(low, "gi", 2), ll = 2;
            else if (low[0] == 'z' || low[0] == 'y')
                low[0] = 'd';
            else if (low[0] == 's')
                low[0] = 'x';
            memcpy(low + ll, "ơ", 2);
            loai_say_n(n, low, ll + 2);
        }
        return;
    }
    if (it->flags & WF_WORD_NUM) {
        loai_say_n(n, t->s, t->len);
        loai_say_cardinal(n, it->v[0]);
        return;
    }
    if (it->flags & WF_CODE) {
        for (i = it->t0; i < it->t1; i++) {
            const loai_tok *x = &n->tok[i];

            if (x->type == LOAI_T_NUM) {
                unsigned long long v;

                /* H5N1, U23; IR50404, PT1009 digit by digit */
                if ((x->len <= 2 || (it->flags & WF_HOUSE)) && x->s[0] != '0') {
                    loai_digits(x->s, x->len, &v);
                    loai_say_cardinal(n, v);
                } else {
                    loai_say_digits(n, x->s, x->len);
                }
            } else if (x->type == LOAI_T_SYM) {
                if ((it->flags & WF_CODE_RANGE) && i == it->v[3])
                    loai_say(n, "đến");
                else
                    loai_say(n, x->cp == '-' ? "gạch ngang" : "gạch chéo");
            } else if (!(x->shape & LOAI_SH_LOWER)) {
                loai_spell(n, x->s, x->len); /* DN100: the letters of a code */
            } else {
                say_piece(n, x->s, x->len);
            }
        }
        return;
    }
    if (it->flags & WF_SAC) {
        if (loai_add_sac(&n->tmp, t->s, t->len) < 0)
            n->err = LOA_ERR_NOMEM;
        else
            loai_say_n(n, n->tmp.data, n->tmp.len);
    } else if (it->flags & WF_LOWER) {
        loai_say_lower(n, t->s, t->len);
    } else if (it->flags & WF_CAMEL) {
        size_t cuts[8], nc = (size_t)camel_cuts(n, t->s, t->len, cuts), start = 0;

        for (i = 0; i <= nc; i++) {
            say_piece(n, t->s + start, cuts[i] - start);
            start = cuts[i];
        }
    } else if (it->kind == LOA_NSW_UNKNOWN && (it->flags & WF_AS_IS)) {
        loai_buf b = {0}, low = {0};
        const char *s = t->s;
        size_t len = t->len;

        if ((it->flags & WF_LOWER_FIRST) && loai_utf8_lower(&low, t->s, t->len) == LOA_OK)
            s = low.data, len = low.len;
        if (loai_respell(&b, s, len))
            loai_say_n(n, b.data, b.len);
        else
            loai_say_n(n, s, len);
        loai_buf_free(&b);
        loai_buf_free(&low);
    } else if (it->flags & WF_SPELL) {
        char dg[8];
        size_t dl;
        const char *name = NULL;

        /* "T.Th.H.": a digraph initial has a name of its own (thờ) */
        if (loai_tok_initial(t) == 2 &&
            (dl = loai_utf8_lower_to(dg, sizeof dg, t->s, t->len)) != (size_t)-1)
            name = loai_lex_get(n->lex, LOAI_LEX_LETTER, dg, dl);
        if (name)
            loai_say(n, name);
        else
            loai_spell(n, t->s, t->len);
        if (it->flags & WF_CODE_NUM) {
            const loai_tok *x = &n->tok[it->t0 + 1];
            unsigned long long v;

            if (x->len >= 3 || x->s[0] == '0') {
                loai_say_digits(n, x->s, x->len);
            } else {
                loai_digits(x->s, x->len, &v);
                loai_say_cardinal(n, v);
            }
        }
    } else {
        loai_say_n(n, t->s, t->len);
    }
}

/* ---- "thủ tục hành chính (TTHC)": the abbreviation is not read again ---- */


/* Is the glued run [A, B) an acronym: capitals (and digits), maybe joined
 * by '.', '&' or '-' (TTHC, PC04, T.Ư, KH&CN)? */
static int acronym(const loai_norm *n, size_t a, size_t b)
{
    size_t i, letters = 0;

    for (i = a; i < b; i++) {
        const loai_tok *t = &n->tok[i];

        if (i > a && t->sp)
            return 0;
        if (t->type == LOAI_T_WORD) {
            if (t->shape & LOAI_SH_LOWER)
                return 0;
            letters += t->len;
        } else if (t->type == LOAI_T_SYM) {
            if (t->cp != '.' && t->cp != '&' && t->cp != '-')
                return 0;
        } else if (t->type != LOAI_T_NUM) {
            return 0;
        }
    }
    return letters >= 2 && n->tok[a].type == LOAI_T_WORD;
}

/* The words of [A, B) as read (abbreviations expanded), lowercase; 0
 * unless an abbreviation or a symbol is among them. */
static int content_reading(const loai_norm *n, size_t a, size_t b, char *out, size_t cap)
{
    size_t i, o = 0;
    int abbr = 0;

    for (i = a; i < b; i++) {
        const loai_tok *t = &n->tok[i];
        const char *r = NULL;
        size_t l;

        if (t->type == LOAI_T_SYM) {
            if (t->cp < 0x80 && strchr(",.-", (int)t->cp))
                continue;
            r = loai_lex_get(n->lex, LOAI_LEX_CURRENCY, t->s, t->len);
            if (r == NULL && t->cp == '%')
                r = "phần trăm";
            if (r == NULL)
                return 0;
        } else if (t->type == LOAI_T_WORD) {
            size_t k, m;

            /* the longest key over glued tokens: T.Ư, KH&CN */
            for (k = b; k > i; k--) {
                for (m = i + 1; m < k && !n->tok[m].sp; m++)
                    ;
                if (m == k && (r = loai_lex_get(n->lex, LOAI_LEX_ABBR, t->s,
                                                loai_span_len(n, i, k - 1))) != NULL)
                    break;
            }
            if (r != NULL)
                i = k - 1;
        } else {
            return 0;
        }
        abbr |= r != NULL;
        if (o && o + 1 < cap)
            out[o++] = ' ';
        l = r ? loai_utf8_lower_to(out + o, cap - o, r, strlen(r))
              : loai_utf8_lower_to(out + o, cap - o, t->s, t->len);
        if (l == (size_t)-1)
            return 0;
        o += l;
    }
    out[o] = '\0';
    return o > 0 && abbr;
}

/* Does the spoken text so far end with LOW (lowercase words)? The long
 * form before "(TTHC)" was said, whether written out or itself short
 * ("BH thất nghiệp (BHTN)"). */
static int said_before(const loai_norm *n, const char *low)
{
    const loai_buf *o = n->out;
    size_t rl = strlen(low), e = o->len, s;
    loai_buf lb = {0};
    int same;

    while (e > 0 && (o->data[e - 1] == ' ' || o->data[e - 1] == ','))
        e--;
    if (rl == 0 || e < rl)
        return 0;
    s = e - rl;
    if (s > 0 && o->data[s - 1] != ' ')
        return 0; /* a whole word */
    if (loai_utf8_lower(&lb, o->data + s, rl) != LOA_OK)
        return 0;
    same = lb.len == rl && memcmp(lb.data, low, rl) == 0;
    loai_buf_free(&lb);
    return same;
}

/* Do the words [A, B) repeat the words just before token I? */
static int repeats_before(const loai_norm *n, size_t i, size_t a, size_t b)
{
    size_t q, m = b - a;

    if (m > i)
        return 0;
    for (q = 0; q < m; q++) {
        const loai_tok *x = &n->tok[a + q], *y = &n->tok[i - m + q];

        if (x->type != LOAI_T_WORD || y->type != LOAI_T_WORD || x->lwlen != y->lwlen ||
            memcmp(n->lower.data + x->lw, n->lower.data + y->lw, x->lwlen) != 0)
            return 0;
    }
    return 1;
}

/* Is the glued run [A, B) a code of one capital and digits (C06, K02)? */
static int unit_code(const loai_norm *n, size_t a, size_t b)
{
    size_t i;

    if (b != a + 2 || !loai_t_is(n, a, LOAI_T_WORD) || n->tok[a].len != 1 ||
        !(n->tok[a].shape & LOAI_SH_UPPER) || !loai_t_is(n, a + 1, LOAI_T_NUM) ||
        n->tok[a + 1].sp)
        return 0;
    for (i = a; i < b; i++)
        if (i > a && n->tok[i].sp)
            return 0;
    return 1;
}

/* Does the reading of the known abbreviation [A, B) name a place
 * ("phường Phú Mỹ (TP.HCM)": read, it says where)? */
static int place_reading(const loai_norm *n, size_t a, size_t b)
{
    static const char *const place[] = {"thành phố", "tỉnh", "huyện", "quận", "thị xã",
                                        "Hà Nội", "Hồ Chí Minh", "Sài Gòn", "Bà Rịa",
                                        "Thừa Thiên", "đồng bằng", "Đông Nam"};
    const char *r = loai_lex_get(n->lex, LOAI_LEX_ABBR, n->tok[a].s, loai_span_len(n, a, b - 1));
    size_t k;

    if (r == NULL)
        return 0;
    for (k = 0; k < sizeof place / sizeof place[0]; k++)
        if (strncmp(r, place[k], strlen(place[k])) == 0)
            return 1;
    return 0;
}

/* The letters of the acronyms in [A, B) (capitals, lowercased; digits
 * and separators left out) into L (CAP code points); how many, 0 when a
 * word holds lowercase letters. */
static size_t acronym_letters(const loai_norm *n, size_t a, size_t b, unsigned *l, size_t cap)
{
    size_t i, nl = 0;

    for (i = a; i < b; i++) {
        const loai_tok *t = &n->tok[i];
        size_t q = 0, k;

        if (t->type != LOAI_T_WORD)
            continue;
        if (t->shape & LOAI_SH_LOWER) {
            if (loai_t_lw(n, i, "và"))
                continue;
            return 0;
        }
        while (q < t->lwlen) {
            unsigned cp = loai_utf8_get(n->lower.data + t->lw + q, t->lwlen - q, &k);

            if (nl == cap)
                return 0;
            l[nl++] = cp;
            q += k;
        }
    }
    return nl;
}

/* "khiếu nại, tố cáo (KN, TC)", "Giáo dục và Đào tạo (GDĐT)": do the
 * letters in brackets [A, B) start the words just before token I (commas
 * and "và" may stand between)? */
static int initials_before(const loai_norm *n, size_t i, size_t a, size_t b)
{
    unsigned l[16];
    size_t nl = acronym_letters(n, a, b, l, sizeof l / sizeof l[0]), j = i;

    if (nl < 2)
        return 0;
    while (nl > 0) {
        while (j > 0 && (loai_t_sym(n, j - 1, ',') || loai_t_sym(n, j - 1, '-') ||
                         (loai_t_lw(n, j - 1, "và") && !loai_t_initial(n, j - 1, l[nl - 1]))))
            j--;
        if (j == 0 || n->tok[j - 1].type != LOAI_T_WORD || !loai_t_initial(n, j - 1, l[nl - 1]))
            return 0;
        j--;
        nl--;
    }
    return 1;
}

/* Does the name of an organisation end at token I ("Trung tâm Kiểm soát
 * Bệnh tật", "Cục Cảnh sát quản lý hành chính về trật tự xã hội"): a
 * capitalised head word (voices/context.txt: org) a few words before,
 * only words and commas between? */
enum { ORG_TOKENS = 16 };

static int org_before(const loai_norm *n, size_t i)
{
    size_t j;

    for (j = i; j > 0 && j + ORG_TOKENS > i; j--) {
        const loai_tok *t = &n->tok[j - 1];

        if (t->type == LOAI_T_SYM) {
            if (t->cp != ',' && t->cp != '-' && t->cp != '&')
                return 0;
            continue;
        }
        if (t->type != LOAI_T_WORD)
            continue;
        if ((t->shape & LOAI_SH_CAP) && (loai_cue_at(n, j - 1) & LOAI_CUE_ORG))
            return 1;
    }
    return 0;
}

/* "(C06)", "(CDC)", "(EVN SPC)", "(KN, TC)", "(Agribank)": a bracket of
 * codes and acronyms only (commas and "và" between), or one brand name;
 * 1 if [A, B) is one. */
static int acronym_list(const loai_norm *n, size_t a, size_t b)
{
    size_t k, s = a;
    int any = 0;

    for (k = a; k <= b; k++) {
        if (k == b || n->tok[k].sp || loai_t_sym(n, k, ',')) {
            size_t e = k;

            if (e > s && loai_t_sym(n, e - 1, ','))
                e--;
            if (e > s) {
                /* (a brand: Agribank, BVBank) */
                int brand = e == s + 1 && n->tok[s].type == LOAI_T_WORD &&
                            (n->tok[s].shape & LOAI_SH_CAP) &&
                            !loai_is_syllable(n->tok[s].s, n->tok[s].len) && a + 1 == b;

                if (!(acronym(n, s, e) || unit_code(n, s, e) || brand ||
                      (e == s + 1 && loai_t_lw(n, s, "và"))) ||
                    place_reading(n, s, e))
                    return 0;
                any = 1;
            }
            s = loai_t_sym(n, k, ',') ? k + 1 : k;
        }
    }
    return any;
}

/* "thủ tục hành chính (TTHC)", "Công ty Cấp nước Sài Gòn (SAWACO)",
 * "tỉ lệ phần trăm (%)": what the parentheses repeat of the name before
 * them is not read again. */
int loai_m_paren_abbr(loai_norm *n, size_t i, loai_item *it)
{
    size_t e, k, words = 0;
    char low[256];
    int drop = 0;

    if (!loai_t_sym(n, i, '(') || i == 0 || n->tok[i - 1].type != LOAI_T_WORD)
        return 0;
    for (e = i + 1; e < i + 10 && e < n->ntok && !loai_t_sym(n, e, ')') && !loai_t_sym(n, e, '(');
         e++)
        if (n->tok[e].type == LOAI_T_SYM && n->tok[e].cp < 0x80 &&
            strchr(";:!?", (int)n->tok[e].cp))
            return 0;
    if (!loai_t_sym(n, e, ')') || e == i + 1)
        return 0;
    if (content_reading(n, i + 1, e, low, sizeof low) &&
        said_before(n, low))
        drop = 1;
    else if (acronym_list(n, i + 1, e) &&
             (initials_before(n, i, i + 1, e) || org_before(n, i)))
        drop = 1; /* "khiếu nại, tố cáo (KN, TC)", "Trung tâm … Bệnh tật (CDC)" */
    else if (acronym(n, i + 1, e) &&
             !loai_lex_get(n->lex, LOAI_LEX_ABBR, n->tok[i + 1].s, loai_span_len(n, i + 1, e - 1)))
        drop = 1; /* an acronym no table knows: SAWACO, FDI, PC04 */
    else if (e == i + 2 && n->tok[i + 1].type == LOAI_T_WORD &&
             (n->tok[i + 1].shape & LOAI_SH_CAP) && (n->tok[i - 1].shape & LOAI_SH_CAP) &&
             !loai_is_syllable(n->tok[i + 1].s, n->tok[i + 1].len))
        drop = 1; /* "Nước sạch Sông Đà (Viwasupco)": the company's own name */
    else if (e == i + 4 && loai_t_sym(n, i + 2, '/') && loai_t_glued(n, i + 2) &&
             loai_t_glued(n, i + 3) && acronym(n, i + 1, i + 2) && acronym(n, i + 3, i + 4) &&
             org_before(n, i))
        drop = 1; /* "Trung tâm Ứng cứu … Việt Nam (VNCERT/CC)" */
    else if (acronym(n, i + 1, i + 2) && e > i + 2 && repeats_before(n, i, i + 2, e))
        drop = 1; /* "Điện lực Hà Nội (EVN Hà Nội)" */
    else {
        /* "(PCCC và CNCH)": acronyms joined */
        size_t a = i + 1;

        drop = 1;
        for (k = i + 1; k <= e && drop; k++) {
            if (k == e || n->tok[k].sp) {
                if (k > a && !(acronym(n, a, k) || (k == a + 1 && loai_t_lw(n, a, "và"))))
                    drop = 0;
                words++;
                a = k;
            }
        }
        drop = drop && words >= 3;
    }
    if (!drop)
        return 0;
    it->t1 = e + 1;
    it->kind = LOA_NSW_ABBR;
    return 1;
}

void loai_s_nothing(loai_norm *n, const loai_item *it)
{
    (void)n;
    (void)it;
}
