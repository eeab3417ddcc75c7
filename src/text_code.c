/* Codes people write but announcers read differently: legal document
 * numbers (42/2022/NĐ-CP, 18-NQ/TW, 26/2023/QH15), phone numbers and
 * service numbers, identifiers read digit by digit, web and e-mail
 * addresses, letters spelled with their Vietnamese names. */
#include <string.h>

#include "text_int.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int glued_sym(const loai_norm *n, size_t i, unsigned cp)
{
    return loai_t_sym(n, i, cp) && loai_t_glued(n, i);
}

static int glued_num(const loai_norm *n, size_t i)
{
    return loai_t_is(n, i, LOAI_T_NUM) && loai_t_glued(n, i);
}

static int glued_word(const loai_norm *n, size_t i)
{
    return loai_t_is(n, i, LOAI_T_WORD) && loai_t_glued(n, i);
}

void loai_spell(loai_norm *n, const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t k;
        unsigned cp = loai_utf8_get(s + i, len - i, &k);

        if (cp < 0x80 && is_digit((char)cp)) {
            loai_say_digits(n, s + i, 1);
        } else if (loai_cp_is_letter(cp)) {
            char low[8];
            size_t l = loai_utf8_lower_to(low, sizeof low, s + i, k);
            const char *name =
                l == (size_t)-1 ? NULL : loai_lex_get(n->lex, LOAI_LEX_LETTER, low, l);

            if (name)
                loai_say(n, name);
            else
                loai_say_n(n, s + i, k);
        }
        i += k;
    }
}

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

/* ---- identifiers: Đề án 06, tài khoản 0123456789, mã hồ sơ 000.00.00.H57 ---- */

/* End of the glued run of letters, digits and inner . - / _ from I. */
static size_t code_run(const loai_norm *n, size_t i)
{
    size_t j = i + 1;

    for (;;) {
        if (j < n->ntok && !n->tok[j].sp &&
            (n->tok[j].type == LOAI_T_NUM || n->tok[j].type == LOAI_T_WORD)) {
            j++;
        } else if (j + 1 < n->ntok && !n->tok[j].sp && !n->tok[j + 1].sp &&
                   n->tok[j].type == LOAI_T_SYM &&
                   (n->tok[j].cp == '.' || n->tok[j].cp == '-' || n->tok[j].cp == '/' ||
                    n->tok[j].cp == '_') &&
                   (n->tok[j + 1].type == LOAI_T_NUM || n->tok[j + 1].type == LOAI_T_WORD)) {
            j += 2;
        } else {
            return j;
        }
    }
}

int loai_m_ident(loai_norm *n, size_t i, loai_item *it)
{
    unsigned long long h, m, s;
    int f;

    if (!loai_t_is(n, i, LOAI_T_NUM) || !(loai_cue_before(n, i, 1) & LOAI_CUE_IDENT) ||
        (n->tok[i].len < 3 && n->tok[i].s[0] != '0' && code_run(n, i) == i + 1))
        return 0;
    /* "hồ sơ: 17h00", "hồ sơ: 30/11/2024": a time or a date, not a code */
    if (n->tok[i].len <= 2 &&
        (loai_time_at(n, i, &h, &m, &s, &f) > 0 ||
         ((loai_t_sym(n, i + 1, '/') || loai_t_sym(n, i + 1, '-') || loai_t_sym(n, i + 1, '.')) &&
          loai_t_glued(n, i + 1) && loai_t_is(n, i + 2, LOAI_T_NUM) && loai_t_glued(n, i + 2) &&
          n->tok[i + 2].len <= 2 &&
          (code_run(n, i) == i + 3 || (code_run(n, i) == i + 5 && n->tok[i + 4].len == 4)) &&
          (n->tok[i].s[0] != '0' ||
           (loai_t_glued(n, i + 3) && loai_t_glued(n, i + 4) &&
            loai_t_is(n, i + 4, LOAI_T_NUM) && n->tok[i + 4].len == 4)))))
        return 0;
    it->t1 = code_run(n, i);
    it->kind = LOA_NSW_DIGITS;
    return 1;
}

void loai_s_ident(loai_norm *n, const loai_item *it)
{
    loai_say_ident(n, n->tok[it->t0].s, loai_span_len(n, it->t0, it->t1 - 1));
}

/* ---- lexicon keys that start with a digit: 24/7, 4G ---- */

int loai_m_numlex(loai_norm *n, size_t i, loai_item *it)
{
    size_t m, best = 0;
    const char *r = NULL;

    if (!loai_t_is(n, i, LOAI_T_NUM))
        return 0;
    for (m = 2; m <= 4 && i + m <= n->ntok; m++) {
        const char *x;

        if (n->tok[i + m - 1].sp)
            break;
        if ((x = loai_lex_get(n->lex, LOAI_LEX_ABBR, n->tok[i].s,
                              loai_span_len(n, i, i + m - 1))) != NULL) {
            r = x;
            best = m;
        }
    }
    if (r == NULL || (i + best < n->ntok && !n->tok[i + best].sp &&
                      (n->tok[i + best].type == LOAI_T_NUM ||
                       n->tok[i + best].type == LOAI_T_WORD)))
        return 0;
    /* "Ngày 24/7", "từ 24/7": a date, not round the clock */
    if (loai_t_sym(n, i + 1, '/') &&
        ((loai_cue_before(n, i, 1) & (LOAI_CUE_DAY | LOAI_CUE_DATE | LOAI_CUE_NAMED)) ||
         /* "06h/24/7": the date of a time */
         (i >= 2 && loai_t_sym(n, i - 1, '/') && !n->tok[i].sp && !n->tok[i - 1].sp &&
          n->tok[i - 2].kind == LOA_NSW_TIME + 1)))
        return 0;
    it->r[0] = r;
    it->t1 = i + best;
    it->kind = LOA_NSW_ABBR;
    return 1;
}

void loai_s_reading(loai_norm *n, const loai_item *it)
{
    loai_say(n, it->r[0]);
}

/* ---- document codes ---- */

/* Do the words from token I say "của" and then one of the NISS issuers
 * (case aside), maybe after the document's date ("… 131/NQ-CP ngày
 * 06/10/2022 của Chính phủ")? Then the code's issuer is not said twice. */
static int named_at(const loai_norm *n, size_t i, const char *const *iss, int niss,
                    const char *const *code, const size_t *code_len);

static int named_after(const loai_norm *n, size_t i, const char *const *iss, int niss,
                       const char *const *code, const size_t *code_len)
{
    /* "1518-QĐ/TW, ngày 25/3/2019 của …" */
    if (loai_t_sym(n, i, ',') && loai_t_lw(n, i + 1, "ngày"))
        i++;
    if (loai_t_lw(n, i, "ngày")) {
        /* ngày 06/10/2022, ngày 05 tháng 01 năm 2024 */
        i++;
        while (i < n->ntok && (n->tok[i].type == LOAI_T_NUM ||
                               (n->tok[i].type == LOAI_T_SYM && !n->tok[i].sp &&
                                (n->tok[i].cp == '/' || n->tok[i].cp == '.' ||
                                 n->tok[i].cp == '-')) ||
                               loai_t_lw(n, i, "tháng") || loai_t_lw(n, i, "năm")))
            i++;
    }
    if (loai_t_lw(n, i, "năm") && loai_t_is(n, i + 1, LOAI_T_NUM) && n->tok[i + 1].len == 4)
        i += 2; /* "166/QĐ-BHXH năm 2019 của …" */
    if (!loai_t_lw(n, i, "của"))
        return 0;
    if (niss == 0)
        return 1; /* "285/CCTTHC … của Tổ công tác …": the text names it */
    /* "39/2021/QH15 ngày 13 tháng 11 năm 2021 của Quốc hội", "1518-QĐ/TW,
     * ngày 25/3/2019 của Ban Thường vụ": the text names who issued it
     * (a name, or its abbreviation: của UBND tỉnh) */
    if (loai_t_is(n, i + 1, LOAI_T_WORD) && (n->tok[i + 1].shape & LOAI_SH_CAP))
        return 1;
    /* "của Bộ trưởng Bộ Tư pháp", "của Thường trực HĐND": a title first */
    if (named_at(n, i + 1, iss, niss, code, code_len) ||
        named_at(n, i + 2, iss, niss, code, code_len) ||
        named_at(n, i + 3, iss, niss, code, code_len))
        return 1;
    return 0;
}

/* Do the words from token I name one of the issuers? */
static int named_at(const loai_norm *n, size_t i, const char *const *iss, int niss,
                    const char *const *code, const size_t *code_len)
{
    char low[160];
    int k;

    for (k = 0; k < niss; k++) {
        size_t l = loai_utf8_lower_to(low, sizeof low, iss[k], strlen(iss[k])), p = 0, j = i;

        if (l == (size_t)-1)
            continue;
        /* "… của UBND huyện": the code itself */
        if (i < n->ntok && n->tok[i].len == code_len[k] &&
            memcmp(n->tok[i].s, code[k], code_len[k]) == 0)
            return 1;
        /* compare word by word */
        while (p < l && j < n->ntok && n->tok[j].type == LOAI_T_WORD) {
            size_t wl = strcspn(low + p, " ");

            if (n->tok[j].lwlen != wl || memcmp(n->lower.data + n->tok[j].lw, low + p, wl) != 0)
                break;
            p += wl;
            while (p < l && low[p] == ' ')
                p++;
            j++;
        }
        /* the whole name, or its first two words at the line's end */
        if (p >= l || (j >= n->ntok && j >= i + 2))
            return 1;
    }
    return 0;
}

/* In "CĐSQGNgày" (a word glued on by a web page) the byte where the
 * capitalised word starts; LEN when there is none ("ĐLHTr": one lowercase
 * letter is part of the issuer's initials, Tr for Trung). */
static size_t glued_tail(const char *s, size_t len)
{
    size_t i = 0, prev = 0;

    while (i < len) {
        size_t k, k2;
        unsigned cp = loai_utf8_get(s + i, len - i, &k);

        if (loai_cp_is_lower(cp))
            return i > 0 && prev > 0 && i + k < len &&
                           loai_cp_is_lower(loai_utf8_get(s + i + k, len - i - k, &k2))
                       ? prev
                       : len;
        prev = i;
        i += k;
    }
    return len;
}

enum { DC_YEAR = 1, DC_SUFFIX = 2, DC_NAMED = 4, DC_TAIL = 8, DC_PARTY = 16, DC_LONG = 32,
       DC_SPACED = 64, MAX_ISS = 4 };

/* The issuers of a code: readings and the number of each ("QH15"). */
struct issuers {
    const char *name[MAX_ISS];
    const char *code[MAX_ISS]; /* as written: "UBND" */
    size_t code_len[MAX_ISS];
    unsigned long long num[MAX_ISS];
    int has_num[MAX_ISS];
    int kind[MAX_ISS];   /* also a kind of document (CT: chỉ thị or Cục Thuế) */
    int n;
    const char *unknown; /* the first segment no table knows */
    size_t unknown_len;
};

/* "BGD ĐT": an issuer's code cut by a stray space (token J and the
 * capitals after it, which go on with '-' or end the code); its reading
 * or NULL. */
static const char *split_issuer(const loai_norm *n, size_t j)
{
    char key[64];
    const loai_tok *a = &n->tok[j], *b;

    if (j + 1 >= n->ntok || !n->tok[j + 1].sp || n->tok[j + 1].type != LOAI_T_WORD)
        return NULL;
    b = &n->tok[j + 1];
    if (!(b->shape & LOAI_SH_UPPER) || (b->shape & LOAI_SH_LOWER) ||
        a->len + b->len >= sizeof key || loai_lex_get(n->lex, LOAI_LEX_ISSUER, a->s, a->len) ||
        !(glued_sym(n, j + 2, '-') || glued_sym(n, j + 2, '/')))
        return NULL;
    memcpy(key, a->s, a->len);
    memcpy(key + a->len, b->s, b->len);
    return loai_lex_get(n->lex, LOAI_LEX_ISSUER, key, a->len + b->len);
}

/* Walk the letter segments of a code from token J ("NĐ-CP", "QĐ-UBND",
 * "TTLT-BTP-BCA-BYT", "TTr-TT&TT", "TW", "QH15"); fill IS; return the
 * token after the code. */
static size_t code_segments(const loai_norm *n, size_t j, struct issuers *is, size_t *tail,
                            size_t *tail_len, int party)
{
    int segs = 0;

    memset(is, 0, sizeof *is);
    *tail_len = 0;
    while (j < n->ntok && n->tok[j].type == LOAI_T_WORD && segs < 8) {
        const loai_tok *t = &n->tok[j];
        const char *r = NULL;
        size_t cut = t->len, k = j + 1, key_len;
        unsigned long long sn = 0;
        int has_num = 0, num_alt = 0;

        /* "TT&TT": a key over '&' */
        key_len = t->len;
        if (loai_t_sym(n, k, '&') && loai_t_glued(n, k) && loai_t_is(n, k + 1, LOAI_T_WORD) &&
            loai_t_glued(n, k + 1) &&
            (r = loai_lex_get(n->lex, LOAI_LEX_ISSUER, t->s, loai_span_len(n, j, k + 1))) !=
                NULL) {
            k += 2;
        } else if ((r = split_issuer(n, j)) != NULL) {
            k++; /* "TTLT-BGD ĐT-BNV": BGDĐT with a stray space */
        } else {
            if (!loai_lex_get(n->lex, LOAI_LEX_ISSUER, t->s, t->len) &&
                !loai_lex_get(n->lex, LOAI_LEX_DOCTYPE, t->s, t->len))
                cut = glued_tail(t->s, t->len);
            key_len = cut;
            if (cut == t->len && loai_t_is(n, k, LOAI_T_NUM) && loai_t_glued(n, k) &&
                n->tok[k].len <= 3) {
                const loai_alt *a;

                for (a = loai_lex_alts(n->lex, LOAI_LEX_ISSUER, t->s, cut); a; a = a->next)
                    if (strcmp(a->ctx, "@num") == 0) {
                        r = a->val;
                        num_alt = 1;
                    }
                loai_t_num(n, k, &sn);
                has_num = 1;
                k++;
            }
            /* 35-CT/TW: the first part of a Party code is its kind */
            if (r == NULL && !(party && segs == 0))
                r = loai_lex_get(n->lex, LOAI_LEX_ISSUER, t->s, key_len);
        }
        if (r != NULL) {
            int d, dup = 0;

            for (d = 0; d < is->n; d++)
                dup |= strcmp(is->name[d], r) == 0;
            if (!dup && is->n < MAX_ISS) {
                is->name[is->n] = r;
                is->code[is->n] = t->s;
                is->code_len[is->n] = key_len;
                is->num[is->n] = sn;
                is->has_num[is->n] = num_alt && has_num;
                is->kind[is->n] =
                    loai_lex_get(n->lex, LOAI_LEX_DOCTYPE, t->s, key_len) != NULL;
                is->n++;
            }
        } else if (loai_lex_get(n->lex, LOAI_LEX_DOCTYPE, t->s, key_len) != NULL) {
            /* NĐ, QĐ: the word before the code already said the kind */
        } else if (is->unknown == NULL) {
            is->unknown = t->s;
            is->unknown_len = key_len;
        }
        segs++;
        j = k;
        if (cut < t->len) {
            *tail = (size_t)(t->s + cut - n->lbuf);
            *tail_len = t->len - cut;
            break;
        }
        /* joined on: "-CP", "/TW", "&LN", and "TT- BTC", "QĐ -UBND" with a
         * stray space (then the part after is a known issuer) */
        if ((loai_t_sym(n, j, '-') || loai_t_sym(n, j, '/') || loai_t_sym(n, j, '&')) &&
            j + 1 < n->ntok && n->tok[j + 1].type == LOAI_T_WORD &&
            ((loai_t_glued(n, j) &&
              (!n->tok[j + 1].sp ||
               (n->tok[j].cp == '-' && (n->tok[j + 1].shape & LOAI_SH_UPPER) &&
                !(n->tok[j + 1].shape & LOAI_SH_LOWER)))) ||
             (n->tok[j].cp == '-' && !n->tok[j + 1].sp && j > 0 &&
              (n->tok[j - 1].shape & LOAI_SH_UPPER) &&
              loai_lex_get(n->lex, LOAI_LEX_ISSUER, n->tok[j + 1].s, n->tok[j + 1].len)) ||
             /* "02/TB - UBND": spaces on both sides, after the document's kind */
             (n->tok[j].cp == '-' && n->tok[j].sp && j > 0 &&
              loai_lex_get(n->lex, LOAI_LEX_DOCTYPE, n->tok[j - 1].s, n->tok[j - 1].len) &&
              loai_lex_get(n->lex, LOAI_LEX_ISSUER, n->tok[j + 1].s, n->tok[j + 1].len))))
            j++;
        else
            break;
    }
    /* 05/CT-TTg: CT is the kind when another issuer follows */
    {
        int a, b, plain = 0;

        for (a = 0; a < is->n; a++)
            plain |= !is->kind[a];
        for (a = b = 0; plain && a < is->n; a++) {
            if (is->kind[a])
                continue;
            is->name[b] = is->name[a];
            is->code[b] = is->code[a];
            is->code_len[b] = is->code_len[a];
            is->num[b] = is->num[a];
            is->has_num[b] = is->has_num[a];
            is->kind[b] = 0;
            b++;
        }
        if (plain)
            is->n = b;
    }
    return j;
}

/* Is token I a capitalised kind or issuer of a code (QĐ, UBND), joined
 * on to more of the code ("QĐ-UBND") or standing for it alone? */
static int known_code_word(const loai_norm *n, size_t i)
{
    const loai_tok *t;

    if (!loai_t_is(n, i, LOAI_T_WORD))
        return 0;
    t = &n->tok[i];
    if (!(t->shape & LOAI_SH_UPPER))
        return 0;
    return (loai_lex_get(n->lex, LOAI_LEX_DOCTYPE, t->s, t->len) &&
            (glued_sym(n, i + 1, '-') || glued_sym(n, i + 1, '/'))) ||
           loai_lex_get(n->lex, LOAI_LEX_ISSUER, t->s, t->len);
}

int loai_m_doccode(loai_norm *n, size_t i, loai_item *it)
{
    size_t j, tail = 0, tail_len = 0;
    unsigned long long num, y;
    struct issuers is;

    if (loai_t_num(n, i, &num) == 0 || n->tok[i].len > 6)
        return 0;
    it->v[0] = num;
    j = i + 1;
    /* 215b/QĐ-UBND (not 50m/s) */
    if (glued_word(n, j) && n->tok[j].len == 1 && glued_sym(n, j + 1, '/') &&
        glued_word(n, j + 2) && (n->tok[j + 2].shape & LOAI_SH_UPPER)) {
        it->v[3] = j;
        it->flags |= DC_SUFFIX;
        j++;
    }
    if (glued_sym(n, j, '/') || (loai_t_sym(n, j, '/') && known_code_word(n, j + 1))) {
        /* "123/ QĐ-UBND", "123 /QĐ-UBND": a stray space before a known
         * kind or issuer */
        if (!loai_t_glued(n, j) || !loai_t_glued(n, j + 1))
            it->flags |= DC_SPACED;
        j++;
        if (glued_num(n, j) && n->tok[j].len == 4 && glued_sym(n, j + 1, '/')) {
            loai_t_num(n, j, &y);
            it->v[1] = y;
            it->flags |= DC_YEAR;
            j += 2;
        }
    } else if (glued_sym(n, j, '-') && loai_t_is(n, j + 1, LOAI_T_WORD) &&
               loai_lex_get(n->lex, LOAI_LEX_DOCTYPE, n->tok[j + 1].s, n->tok[j + 1].len) &&
               glued_sym(n, j + 2, '/') && glued_word(n, j + 3)) {
        j++; /* 18-NQ/TW: a Party code ("27- TB/TGV": a stray space) */
        it->flags |= DC_PARTY;
    } else {
        return 0;
    }
    if (!loai_t_is(n, j, LOAI_T_WORD) ||
        (!loai_t_glued(n, j) && !(it->flags & (DC_PARTY | DC_SPACED))) ||
        !(n->tok[j].shape & LOAI_SH_UPPER))
        return 0;
    it->v[2] = j; /* the first segment: the say function walks them again */
    j = code_segments(n, j, &is, &tail, &tail_len, (it->flags & DC_PARTY) != 0);
    it->t1 = j;
    if (tail_len) {
        it->flags |= DC_TAIL;
        it->v[4] = tail;
        it->v[5] = tail_len;
    }
    if (!tail_len && named_after(n, j, is.name, is.n, is.code, is.code_len))
        it->flags |= DC_NAMED;
    it->kind = LOA_NSW_DOCCODE;
    if (is.n == 0 && is.unknown != NULL && !(it->flags & DC_NAMED) &&
        loai_lex_get(n->lex, LOAI_LEX_ABBR, is.unknown, is.unknown_len) == NULL) {
        size_t st, e = loai_long_form(n, is.unknown, is.unknown_len, &st);

        /* "Ban Nội chính Tỉnh ủy … 38-TB/BNCTU": the sentence names it */
        if (e > 0 && (e <= i || st >= j)) {
            it->v[6] = st;
            it->v[7] = e;
            it->flags |= DC_LONG;
        } else {
            it->guess = LOA_GUESS_SPELLED;
        }
    }
    return 1;
}

void loai_s_doccode(loai_norm *n, const loai_item *it)
{
    struct issuers is;
    size_t tail, tail_len;
    int k;

    code_segments(n, (size_t)it->v[2], &is, &tail, &tail_len, (it->flags & DC_PARTY) != 0);
    loai_say_cardinal(n, it->v[0]);
    if (it->flags & DC_SUFFIX)
        loai_spell(n, n->tok[it->v[3]].s, 1);
    if (it->flags & DC_YEAR) {
        loai_say(n, "năm");
        loai_say_cardinal(n, it->v[1]);
    }
    if (!(it->flags & DC_NAMED)) {
        if (is.n > 0) {
            loai_say(n, "của");
            for (k = 0; k < is.n; k++) {
                if (k > 0)
                    loai_punct(n, ",");
                loai_say(n, is.name[k]);
                if (is.has_num[k])
                    loai_say_cardinal(n, is.num[k]);
            }
        } else if (it->flags & DC_LONG) {
            size_t w;

            loai_say(n, "của");
            for (w = (size_t)it->v[6]; w < (size_t)it->v[7]; w++)
                loai_say_n(n, n->tok[w].s, n->tok[w].len);
        } else if (is.unknown) {
            const char *r = loai_lex_get(n->lex, LOAI_LEX_ABBR, is.unknown, is.unknown_len);

            loai_say(n, "của");
            if (r)
                loai_say(n, r);
            else
                loai_spell(n, is.unknown, is.unknown_len);
        }
    }
    if (it->flags & DC_TAIL)
        loai_say_n(n, n->lbuf + it->v[4], (size_t)it->v[5]);
}

/* ---- licence plates: 36C.148.xx, 73F-002.85, 36R2-37xx ---- */

static int masked(const loai_norm *n, size_t i);

/* A group of a plate after token J ("-" or "." glued, or " - " after a
 * plate's start): digits (two or more) or xx; tokens used or 0. */
static size_t plate_group(const loai_norm *n, size_t j, int spaced_ok)
{
    size_t s = 0;

    if (glued_sym(n, j, '-') || glued_sym(n, j, '.'))
        s = 1;
    else if (spaced_ok && loai_t_sym(n, j, '-') && n->tok[j].sp && j + 1 < n->ntok &&
             n->tok[j + 1].sp)
        s = 1; /* "20B - 022.15" */
    if (s == 0 || j + 1 >= n->ntok || (s == 1 && !spaced_ok && n->tok[j + 1].sp))
        return 0;
    if (!n->tok[j].sp && n->tok[j + 1].sp)
        return 0;
    if ((n->tok[j + 1].type == LOAI_T_NUM && n->tok[j + 1].len >= 2) || masked(n, j + 1))
        return 2;
    return 0;
}

int loai_m_plate(loai_norm *n, size_t i, loai_item *it)
{
    size_t j = i + 1, groups = 0, g;
    int cue = loai_cue_before(n, i, 1) & LOAI_CUE_PLATE, strong = 0;

    /* "biển số KV-8250": letters first, after a word naming a plate */
    if (cue && loai_t_is(n, i, LOAI_T_WORD) && n->tok[i].len <= 3 &&
        !(n->tok[i].shape & LOAI_SH_LOWER) &&
        (g = plate_group(n, i + 1, 0)) > 0 && n->tok[i + 2].type == LOAI_T_NUM &&
        n->tok[i + 2].len >= 3) {
        j = i + 1 + g;
        groups = 1;
        while ((g = plate_group(n, j, 0)) > 0)
            j += g, groups++;
        if (j < n->ntok && !n->tok[j].sp && n->tok[j].type != LOAI_T_SYM)
            return 0;
        it->t1 = j;
        it->kind = LOA_NSW_DIGITS;
        return 1;
    }
    /* "tàu cá QNg 90123 TS", "BĐ 97459 TS": a fishing boat's number */
    if (cue && loai_t_is(n, i, LOAI_T_WORD) && n->tok[i].len <= 4 &&
        (n->tok[i].shape & LOAI_SH_CAP) && loai_t_is(n, i + 1, LOAI_T_NUM) &&
        n->tok[i + 1].sp && n->tok[i + 1].len >= 4 && n->tok[i + 1].len <= 6) {
        j = i + 2;
        if (loai_t_is(n, j, LOAI_T_WORD) && n->tok[j].sp && n->tok[j].len <= 3 &&
            !(n->tok[j].shape & LOAI_SH_LOWER))
            j++;
        if (j < n->ntok && !n->tok[j].sp && n->tok[j].type != LOAI_T_SYM)
            return 0;
        it->t1 = j;
        it->kind = LOA_NSW_DIGITS;
        return 1;
    }
    if (!loai_t_is(n, i, LOAI_T_NUM) || n->tok[i].len != 2 || !glued_word(n, j) ||
        n->tok[j].len > 2 || (n->tok[j].shape & LOAI_SH_LOWER))
        return 0;
    j++;
    if (glued_num(n, j) && n->tok[j].len == 1)
        j++;
    /* a spaced dash only before 022.15 or after a plate's word */
    strong = cue || (loai_t_is(n, j + 1, LOAI_T_NUM) && n->tok[j + 1].len == 3 &&
                     glued_sym(n, j + 2, '.') && glued_num(n, j + 3) &&
                     n->tok[j + 3].len == 2);
    /* "BKS 51G 123.45": after a plate's word, a space for the dash */
    if (cue && loai_t_is(n, j, LOAI_T_NUM) && n->tok[j].sp && n->tok[j].len >= 3 &&
        n->tok[j].len <= 5) {
        j++;
        groups++;
    }
    while ((g = plate_group(n, j, groups == 0 && strong)) > 0) {
        j += g;
        groups++;
        if (masked(n, j) && loai_t_glued(n, j)) /* 37xx */
            j++;
    }
    if (groups == 0 || (j < n->ntok && !n->tok[j].sp && n->tok[j].type != LOAI_T_SYM))
        return 0;
    it->t1 = j;
    it->kind = LOA_NSW_DIGITS;
    return 1;
}

void loai_s_plate(loai_norm *n, const loai_item *it)
{
    size_t i;

    for (i = it->t0; i < it->t1; i++) {
        const loai_tok *t = &n->tok[i];

        if (i > it->t0 && t->type != LOAI_T_SYM && t->sp)
            loai_punct(n, ","); /* "51G 123.45" */
        if (t->type == LOAI_T_NUM)
            loai_say_digits(n, t->s, t->len);
        else if (t->type == LOAI_T_WORD)
            loai_spell(n, t->s, t->len);
        else
            loai_punct(n, ","); /* '-' and '.' are not read: a short pause */
    }
}

/* ---- phone numbers ---- */

/* "x" groups of a masked number: 0905 123 xxx */
static int masked(const loai_norm *n, size_t i)
{
    size_t k;
    const loai_tok *t;

    if (!loai_t_is(n, i, LOAI_T_WORD))
        return 0;
    t = &n->tok[i];
    if (t->len < 2 || t->len > 4)
        return 0;
    for (k = 0; k < t->len; k++)
        if (t->s[k] != 'x' && t->s[k] != 'X')
            return 0;
    return 1;
}

static int hot_prefix(const loai_tok *t)
{
    return t->len >= 4 && (memcmp(t->s, "1800", 4) == 0 || memcmp(t->s, "1900", 4) == 0);
}

/* Was the item before I (across ',', 'hoặc', 'và', '-', '/') a phone number? */
static int listed_phone(const loai_norm *n, size_t i)
{
    if (i < 2)
        return 0;
    if (!(loai_t_sym(n, i - 1, ',') || loai_t_sym(n, i - 1, '-') || loai_t_sym(n, i - 1, '/') ||
          loai_t_lw(n, i - 1, "hoặc") || loai_t_lw(n, i - 1, "và")))
        return 0;
    return n->tok[i - 2].kind == LOA_NSW_PHONE + 1;
}

int loai_m_phone(loai_norm *n, size_t i, loai_item *it)
{
    size_t j = i, g = 0, digits = 0, first_len = 0, area = 0;
    int plus = 0, ctx, service = 0, lead0, dashed = 0;
    const loai_tok *t;

    if (loai_t_sym(n, i, '+') && glued_num(n, i + 1) &&
        !(i > 0 && !n->tok[i].sp && n->tok[i - 1].type != LOAI_T_SYM)) {
        plus = 1;
        j++;
    } else if (loai_t_sym(n, i, '(') && glued_sym(n, i + 1, '+') && glued_num(n, i + 2) &&
               n->tok[i + 2].len <= 3 && glued_sym(n, i + 3, ')') &&
               loai_t_is(n, i + 4, LOAI_T_NUM)) {
        plus = 2; /* (+84) 28 3822 1234 */
        j += 2;
    } else if (loai_t_sym(n, i, '(') && loai_t_is(n, i + 1, LOAI_T_NUM) &&
               n->tok[i + 1].s[0] == '0' && n->tok[i + 1].len >= 3 && n->tok[i + 1].len <= 4 &&
               glued_sym(n, i + 2, ')') && loai_t_is(n, i + 3, LOAI_T_NUM) && n->tok[i + 3].sp) {
        area = 1; /* (0263) 3 822 123 */
        j++;
    }
    if (!loai_t_is(n, j, LOAI_T_NUM))
        return 0;
    ctx = (loai_cue_before(n, i, 1) & LOAI_CUE_PHONE) || listed_phone(n, i);
    t = &n->tok[j];
    lead0 = t->s[0] == '0';
    first_len = t->len;
    /* groups, as written */
    while (g < 8) {
        t = &n->tok[j];
        digits += t->len;
        g++;
        j++;
        if ((area || plus == 2) && g == 1) {
            j++; /* ')' */
            if (!loai_t_is(n, j, LOAI_T_NUM))
                return 0;
            continue;
        }
        if ((glued_sym(n, j, '.') || glued_sym(n, j, '-')) && j + 1 < n->ntok &&
            !n->tok[j + 1].sp &&
            ((n->tok[j + 1].type == LOAI_T_NUM && n->tok[j + 1].len >= 2) || masked(n, j + 1))) {
            dashed |= n->tok[j].cp == '-';
            j++;
        } else if (j < n->ntok && n->tok[j].sp && g < 6 &&
                   ((loai_t_is(n, j, LOAI_T_NUM) && n->tok[j].len >= 1 &&
                     (n->tok[j].len <= 4 || (lead0 && g == 1 && n->tok[j].len <= 7)) &&
                     (lead0 || plus || area || ctx || first_len == 4)) ||
                    masked(n, j))) {
            /* a group after a space: only after a phone-looking start */
        } else {
            break;
        }
        if (masked(n, j)) {
            digits += n->tok[j].len;
            g++;
            j++;
            /* "0869.xxx.xxx", "0912 xxx xxx": the masked groups that follow */
            while (g < 8 && j + 1 < n->ntok &&
                   (((glued_sym(n, j, '.') || glued_sym(n, j, '-')) && !n->tok[j + 1].sp &&
                     masked(n, j + 1)) ||
                    (n->tok[j].sp && masked(n, j)))) {
                if (n->tok[j].type == LOAI_T_SYM)
                    j++;
                digits += n->tok[j].len;
                g++;
                j++;
            }
            if (j < n->ntok && n->tok[j].sp && masked(n, j)) {
                digits += n->tok[j].len;
                g++;
                j++;
            }
            break;
        }
    }
    /* no letters or more digits glued on */
    if (j < n->ntok && !n->tok[j].sp &&
        (n->tok[j].type == LOAI_T_WORD || n->tok[j].type == LOAI_T_NUM ||
         ((n->tok[j].cp == '/' || n->tok[j].cp == ',') && glued_num(n, j + 1))))
        return 0;
    t = &n->tok[(size_t)plus + area + i];
    {
        int hot = first_len >= 4 && (memcmp(t->s, "1800", 4) == 0 || memcmp(t->s, "1900", 4) == 0);

        if (g == 1 && loai_lex_get(n->lex, LOAI_LEX_SERVICE, t->s, t->len) != NULL) {
            /* 113, 114, 1022: digit by digit unless a noun counts them
             * (113 người) */
            const loai_tok *nx = j < n->ntok ? &n->tok[j] : NULL;
            const char *u;
            int money;

            service = 1;
            size_t pw = loai_prev_word(n, i);

            if ((loai_cue_before(n, i, 1) & LOAI_CUE_DOC) &&
                !(pw != (size_t)-1 && loai_t_lw(n, pw, "số") &&
                  !(loai_cue_before(n, pw, 1) & LOAI_CUE_DOC)))
                service = 0; /* "công văn 1022": a document number; "là số 114" is not */
            else if (loai_cue_before(n, i, 1) & LOAI_CUE_ORDINAL)
                service = 0; /* "xếp thứ 116": a rank */
            else if (nx && nx->sp && nx->type == LOAI_T_WORD &&
                ((loai_cue_at(n, j) & LOAI_CUE_COUNT) || loai_unit_at(n, j, &u, &money, 1)))
                service = 0;
            else if (!ctx && !hot_prefix(t))
                it->guess = LOA_GUESS_PHONE;
        }
        if (!((plus && digits >= 8) || (area && digits >= 9 && digits <= 11) ||
              (lead0 && digits >= 9 && digits <= 11 && (g > 1 || digits >= 10)) ||
              (lead0 && digits >= 8 && g > 1 && !dashed && first_len >= 3 &&
               n->tok[j - 1].len >= 3) || service ||
              (hot && digits >= 8 && digits <= 10) ||
              (ctx && digits >= 6 && !plus && (lead0 || g == 1 || !dashed)) ||
              ((ctx || (hot && g == 1)) && service) ||
              (hot && ctx)))
            return 0;
    }
    /* spaced groups after a non-phone start must not be a number's thousands */
    it->v[0] = (unsigned long long)plus;
    it->v[1] = (unsigned long long)g;
    it->v[2] = (unsigned long long)digits;
    it->v[3] = (unsigned long long)area;
    it->t1 = j;
    it->kind = LOA_NSW_PHONE;
    return 1;
}

/* Say DIGITS in groups of the sizes in G (0-terminated), commas between. */
static void say_groups(loai_norm *n, const char *d, size_t len, const int *g)
{
    size_t i = 0;

    while (i < len) {
        size_t k = *g ? (size_t)*g++ : len - i;

        if (k > len - i)
            k = len - i;
        if (i > 0)
            loai_punct(n, ",");
        loai_say_digits(n, d + i, k);
        i += k;
    }
}

/* A country code, digit by digit like the rest: 84 "tám bốn", 856 "tám năm sáu". */
static void say_country(loai_norm *n, const char *s, size_t len)
{
    loai_say_digits(n, s, len);
}

void loai_s_phone(loai_norm *n, const loai_item *it)
{
    static const int g433[] = {4, 3, 3, 0}, g434[] = {4, 3, 4, 0}, g44[] = {4, 4, 0},
                     g333[] = {3, 3, 3, 0}, g334[] = {3, 3, 4, 0};
    size_t i = it->t0, g = 0;
    int plus = (int)it->v[0];

    if (plus) {
        const loai_tok *t = &n->tok[i + (size_t)plus];

        loai_say(n, "cộng");
        if (it->v[1] == 1 && t->len >= 10) {
            /* +84912345678: country code, then the national number */
            say_country(n, t->s, 2);
            loai_punct(n, ",");
            say_groups(n, t->s + 2, t->len - 2, t->len - 2 == 9 ? g333 : g433);
            return;
        }
        say_country(n, t->s, t->len);
        i += (size_t)plus + 1 + (plus == 2); /* past the code and its ')' */
        g = 1;
    } else if (it->v[1] == 1) {
        const loai_tok *t = &n->tok[i];
        size_t d = t->len;

        if (d == 8)
            say_groups(n, t->s, d, g44);
        else if (d == 10 && t->s[0] == '0')
            say_groups(n, t->s, d, g433);
        else if (d == 11 && t->s[0] == '0')
            say_groups(n, t->s, d, g434);
        else if (d == 10)
            say_groups(n, t->s, d, g334);
        else if (d >= 9)
            say_groups(n, t->s, d, g433);
        else
            loai_say_digits(n, t->s, d);
        return;
    }
    for (; i < it->t1; i++) {
        const loai_tok *t = &n->tok[i];

        if (t->type == LOAI_T_NUM || (t->type == LOAI_T_WORD)) {
            if (g++ > 0)
                loai_punct(n, ",");
            if (t->type == LOAI_T_NUM)
                loai_say_digits(n, t->s, t->len);
            else
                loai_spell(n, t->s, t->len); /* xxx: ích ích ích */
        }
    }
}

/* ---- web and e-mail addresses ---- */

static int ieq(const char *s, size_t n, const char *lit)
{
    size_t i;

    if (strlen(lit) != n)
        return 0;
    for (i = 0; i < n; i++) {
        char c = s[i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return 0;
    }
    return 1;
}

/* "tuc", "dich": ASCII-only syllables ending in c, ch, p or t. Vietnamese
 * gives such syllables a sắc or nặng mark, so without one espeak-ng takes
 * them for English; in an address the listener must type the letters,
 * so they are spelled. */
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
    return last == 'c' || last == 'h' || last == 'p' || last == 't';
}

/* One piece of an address: the lexicon's reading, a Vietnamese syllable,
 * digits one by one, or letters spelled. */
void loai_say_addr_piece(loai_norm *n, const char *s, size_t len)
{
    const char *r;
    size_t i = 0;

    if (len == 0)
        return;
    if ((r = loai_lex_get(n->lex, LOAI_LEX_DOMAIN, s, len)) != NULL ||
        (r = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s, len)) != NULL) {
        loai_say(n, r);
        return;
    }
    while (i < len) {
        size_t j = i;

        if (is_digit(s[i])) {
            while (j < len && is_digit(s[j]))
                j++;
            loai_say_digits(n, s + i, j - i);
        } else {
            while (j < len && !is_digit(s[j]))
                j++;
            if (loai_is_syllable(s + i, j - i) && !toneless_stop(s + i, j - i))
                loai_say_n(n, s + i, j - i);
            else if ((r = loai_lex_get(n->lex, LOAI_LEX_DOMAIN, s + i, j - i)) != NULL ||
                     (r = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s + i, j - i)) != NULL)
                loai_say(n, r);
            else
                loai_spell(n, s + i, j - i);
        }
        i = j;
    }
}

/* Read an address part: pieces between separators, each separator named. */
static void say_addr(loai_norm *n, const char *s, size_t len)
{
    size_t i = 0, start = 0;

    for (i = 0; i <= len; i++) {
        const char *name = NULL;

        if (i < len) {
            switch (s[i]) {
            case '.': name = "chấm"; break;
            case '/': name = "gạch chéo"; break;
            case '-': name = "gạch ngang"; break;
            case '_': name = "gạch dưới"; break;
            case ':': name = "hai chấm"; break;
            case '?': name = "chấm hỏi"; break;
            case '=': name = "bằng"; break;
            case '&': name = "và"; break;
            case '#': name = "thăng"; break;
            case '~': name = "ngã"; break;
            case '%': name = "phần trăm"; break;
            default: continue;
            }
        }
        loai_say_addr_piece(n, s + start, i - start);
        if (name && i + 1 < len) /* a trailing '/' is not read */
            loai_say(n, name);
        start = i + 1;
    }
}

static int host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
           c == '.';
}

static int known_tld(const char *s, size_t len)
{
    static const char *const tlds[] = {"vn", "com", "net", "org", "gov", "edu", "info",
                                       "io", "int", "biz", "asia"};
    size_t i;

    for (i = 0; i < sizeof tlds / sizeof tlds[0]; i++)
        if (ieq(s, len, tlds[i]))
            return 1;
    return 0;
}

/* Length of a host name "a.b.vn" at S (0 if it is not one). */
static size_t host_len(const char *s, size_t len, int need_tld)
{
    size_t i = 0, last_dot = 0;
    int dots = 0;

    while (i < len && host_char(s[i])) {
        if (s[i] == '.') {
            if (i == 0 || s[i - 1] == '.')
                return 0;
            dots++;
            last_dot = i;
        }
        i++;
    }
    if (i > 0 && s[i - 1] == '.')
        return 0;
    if (dots == 0)
        return 0;
    if (need_tld && !known_tld(s + last_dot + 1, i - last_dot - 1))
        return 0;
    if (i < len && s[i] != '/' && s[i] != ':')
        return 0;
    return i;
}

/* Is S a web address (scheme, www. or a known top-level domain)? The
 * span of what is read (without the scheme and a long path) in *A, *B. */
static int url_span(const char *s, size_t len, size_t *a, size_t *b)
{
    size_t i = 0, h, q;
    int scheme = 0;

    if (len > 8 && ieq(s, 8, "https://"))
        i = 8, scheme = 1;
    else if (len > 7 && ieq(s, 7, "http://"))
        i = 7, scheme = 1;
    else if (len > 6 && ieq(s, 6, "ftp://"))
        i = 6, scheme = 1;
    /* the scheme is not read on air: listeners type the address without it */
    h = host_len(s + i, len - i, !scheme && !(len - i > 4 && ieq(s + i, 4, "www.")));
    if (h == 0)
        return 0;
    /* A long path is not read on air: nobody copies it from a loudspeaker,
     * and its toneless words make the voice stumble. The host is enough. */
    if (len - i - h > 20)
        len = i + h;
    /* nor a query or a fragment (?home=1, #top) */
    for (q = i + h; q < len; q++)
        if (s[q] == '?' || s[q] == '#') {
            len = q;
            break;
        }
    while (len > i + h && s[len - 1] == '/')
        len--;
    *a = i;
    *b = len;
    return 1;
}

static int email_ok(const char *s, size_t len)
{
    const char *at = memchr(s, '@', len);
    size_t l, i;

    if (at == NULL || at == s)
        return 0;
    l = (size_t)(at - s);
    for (i = 0; i < l; i++)
        if (!host_char(s[i]) && s[i] != '_' && s[i] != '+')
            return 0;
    return host_len(at + 1, len - l - 1, 0) == len - l - 1;
}

/* "dich-vu-cong-1.jpg": a file name left in a page (a picture's caption) */
static int file_name(const char *s, size_t len)
{
    static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf",
                                      ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar"};
    size_t i, l;

    for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        l = strlen(ext[i]);
        if (len > l + 1 && ieq(s + len - l, l, ext[i]))
            return 1;
    }
    return 0;
}

int loai_is_address(const char *s, size_t len)
{
    size_t a, b;

    return email_ok(s, len) || url_span(s, len, &a, &b) || file_name(s, len);
}

int loai_say_address(loai_norm *n, const char *s, size_t len)
{
    size_t a, b;

    if (email_ok(s, len)) {
        size_t l = (size_t)((const char *)memchr(s, '@', len) - s);

        say_addr(n, s, l);
        loai_say(n, "a còng");
        say_addr(n, s + l + 1, len - l - 1);
        return 1;
    }
    if (url_span(s, len, &a, &b)) {
        say_addr(n, s + a, b - a);
        return 1;
    }
    return 0;
}

int loai_m_addr(loai_norm *n, size_t i, loai_item *it)
{
    if (!loai_t_is(n, i, LOAI_T_ADDR))
        return 0;
    it->kind = memchr(n->tok[i].s, '@', n->tok[i].len) ? LOA_NSW_EMAIL : LOA_NSW_URL;
    return 1;
}

void loai_s_addr(loai_norm *n, const loai_item *it)
{
    loai_say_address(n, n->tok[it->t0].s, n->tok[it->t0].len);
}
