/* The class table: at each token the classes are tried in order, the
 * first whose matcher recognises the tokens there says them. Earlier rows
 * are the more specific: a phone number before a number, a date before a
 * fraction, a range before its first quantity; words and symbols last,
 * and they always match. Adding a class is adding a row. */
#include <string.h>

#include "text_int.h"

static const loai_class classes[] = {
    {"address", loai_m_addr, loai_s_addr},
    {"paren-abbr", loai_m_paren_abbr, loai_s_nothing},
    {"numlex", loai_m_numlex, loai_s_reading},
    {"doccode", loai_m_doccode, loai_s_doccode},
    {"plate", loai_m_plate, loai_s_plate},
    {"ident", loai_m_ident, loai_s_ident},
    {"phone", loai_m_phone, loai_s_phone},
    {"sci", loai_m_sci, loai_s_sci},
    {"time", loai_m_time, loai_s_time},
    {"date", loai_m_date, loai_s_date},
    {"weekday", loai_m_weekday, loai_s_weekday},
    {"roman", loai_m_roman, loai_s_roman},
    {"range", loai_m_range, loai_s_range},
    {"fraction", loai_m_fraction, loai_s_fraction},
    {"quantity", loai_m_quantity, loai_s_quantity},
    {"word", loai_m_word, loai_s_word},
    {"symbol", loai_m_sym, loai_s_sym},
};

/* ---- symbols and punctuation ---- */

/* "đoạn đường A - đường B": a road from A to B; "từ Thanh Hóa - Phú
 * Yên", "từ 20 giờ ngày 20.10 - 7 giờ": W ("đoạn", "từ") opens the
 * phrase before token I (no stop or comma between). */
static int opened_by(const loai_norm *n, size_t i, const char *w)
{
    size_t j, stop = i > 10 ? i - 10 : 0;

    for (j = i; j > stop; j--) {
        if (loai_t_sym(n, j - 1, ',') || loai_t_sym(n, j - 1, ';') ||
            /* (not the dot inside 20.10) */
            (loai_t_sym(n, j - 1, '.') && (j == i || n->tok[j].sp || n->tok[j - 1].sp)) ||
            loai_t_lw(n, j - 1, "đến") || loai_t_lw(n, j - 1, "tới"))
            return 0;
        if (loai_t_lw(n, j - 1, w))
            return 1;
    }
    return 0;
}

/* "từ A - B": the dash at I is the range's "đến" unless the phrase names
 * its end with a word of its own (từ ngã tư A - B ra đường C: a junction). */
static int from_range(const loai_norm *n, size_t i)
{
    static const char *const ends[] = {"đến", "tới", "ra", "sang", "về", "vào", "lên", "xuống"};
    size_t j, k;

    if (!opened_by(n, i, "từ"))
        return 0;
    for (j = i + 1; j < n->ntok && j < i + 12; j++) {
        if (loai_t_sym(n, j, ',') || loai_t_sym(n, j, ';') || loai_t_sym(n, j, '(') ||
            (loai_t_sym(n, j, '.') && (j + 1 >= n->ntok || n->tok[j + 1].sp)))
            break;
        for (k = 0; k < sizeof ends / sizeof ends[0]; k++)
            if (loai_t_lw(n, j, ends[k]))
                return 0;
    }
    return 1;
}

/* Does a date with its year (09/01/2025) start at token I? */
static int full_date_at(const loai_norm *n, size_t i)
{
    return loai_t_is(n, i, LOAI_T_NUM) && n->tok[i].len <= 2 && loai_t_sym(n, i + 1, '/') &&
           loai_t_glued(n, i + 1) && loai_t_is(n, i + 2, LOAI_T_NUM) && loai_t_glued(n, i + 2) &&
           n->tok[i + 2].len <= 2 && loai_t_sym(n, i + 3, '/') && loai_t_glued(n, i + 3) &&
           loai_t_is(n, i + 4, LOAI_T_NUM) && loai_t_glued(n, i + 4) && n->tok[i + 4].len == 4;
}

/* Does token I name a stop of a route (đường Láng, ngã ba, cầu)? */
static int route_word(const loai_norm *n, size_t i)
{
    static const char *const w[] = {"đường", "phố", "ngã", "cầu", "quốc", "tỉnh", "ql", "xã",
                                    "phường", "huyện", "thị", "bến", "cảng", "chợ", "ga",
                                    "nút", "hầm", "đèo", "thôn", "bản", "km"};
    size_t k;

    for (k = 0; k < sizeof w / sizeof w[0]; k++)
        if (loai_t_lw(n, i, w[k]))
            return 1;
    return 0;
}

enum { SY_NONE, SY_PUNCT, SY_WORD, SY_TO, SY_PER, SY_TLD };

/* Is word token T one letter (Đ is two bytes)? */
static int one_letter(const loai_tok *t)
{
    size_t k;

    return loai_utf8_get(t->s, t->len, &k) && k == t->len;
}

/* Was token I said as a number of some kind (or a unit word after one)? */
static int numberish(const loai_norm *n, size_t i)
{
    static const loa_nsw_kind k[] = {LOA_NSW_NUMBER, LOA_NSW_DECIMAL, LOA_NSW_ORDINAL,
                                     LOA_NSW_TIME,   LOA_NSW_RANGE,   LOA_NSW_DATE,
                                     LOA_NSW_ROMAN,  LOA_NSW_UNIT,    LOA_NSW_MONEY,
                                     LOA_NSW_PERCENT, LOA_NSW_FRACTION};
    size_t j;

    if (i >= n->ntok)
        return 0;
    for (j = 0; j < sizeof k / sizeof k[0]; j++)
        if (n->tok[i].kind == k[j] + 1)
            return 1;
    return 0;
}

int loai_m_sym(loai_norm *n, size_t i, loai_item *it)
{
    const loai_tok *t = &n->tok[i];
    const char *r = NULL;
    int spaced_both = t->sp && (i + 1 >= n->ntok || n->tok[i + 1].sp);

    it->t1 = i + 1;
    it->plain = 1;
    it->flags = SY_NONE;
    if (t->type != LOAI_T_SYM)
        return 1;
    switch (t->cp) {
    case '.': {
        size_t f = i, q;
        int ascii = 1;

        /* ".xyz, .top": the end of a web address, "chấm" and the name */
        if (loai_t_is(n, i + 1, LOAI_T_WORD) && loai_t_glued(n, i + 1) &&
            (t->sp || i == 0 || n->tok[i - 1].type == LOAI_T_SYM) &&
            !(n->tok[i + 1].shape & LOAI_SH_UPPER)) {
            for (q = 0; q < n->tok[i + 1].len; q++)
                ascii &= (unsigned char)n->tok[i + 1].s[q] < 0x80;
            if (ascii && !(i + 2 < n->ntok && !n->tok[i + 2].sp &&
                           n->tok[i + 2].type != LOAI_T_SYM)) {
                it->flags = SY_TLD;
                it->t1 = i + 2;
                it->plain = 0;
                it->kind = LOA_NSW_URL;
                return 1;
            }
        }
        /* "“...tích cực": dots opening a quote are no stop */
        while (f > 0 && !n->tok[f].sp && loai_t_sym(n, f - 1, '.'))
            f--;
        /* "Bà N. (SN 1962)", "anh T. tin tưởng": the dot of a name's initial
         * is no stop ("10 độ C. Trong khi" ends a sentence) */
        if (i > 0 && n->tok[i - 1].type == LOAI_T_WORD && one_letter(&n->tok[i - 1]) &&
            (n->tok[i - 1].shape & LOAI_SH_UPPER) && i >= 2 && n->tok[i - 1].sp &&
            n->tok[i - 2].type == LOAI_T_WORD && i + 1 < n->ntok &&
            (loai_t_sym(n, i + 1, '(') ||
             (n->tok[i + 1].type == LOAI_T_WORD && !(n->tok[i + 1].shape & LOAI_SH_CAP))))
            break;
        /* "P.V.N.", "T.Y": the dots of initials are not stops */
        if (i > 0 && n->tok[i - 1].type == LOAI_T_WORD && n->tok[i - 1].len <= 2 &&
            (n->tok[i - 1].shape & LOAI_SH_UPPER) &&
            (!(n->tok[i - 1].shape & LOAI_SH_LOWER) || loai_tok_initial(&n->tok[i - 1]) == 2) &&
            ((loai_t_is(n, i + 1, LOAI_T_WORD) && !n->tok[i + 1].sp && n->tok[i + 1].len <= 2) ||
             (i >= 2 && loai_t_sym(n, i - 2, '.') && !n->tok[i - 1].sp && i + 1 < n->ntok)))
            break; /* (T.Th.H.: a digraph initial too; ending the line, a stop) */
        if (n->tok[f].sp || f == 0 ||
            (n->tok[f - 1].type == LOAI_T_SYM && n->tok[f - 1].cp < 0x80 &&
             strchr("\"'([", (int)n->tok[f - 1].cp) && (f == 1 || n->tok[f - 1].sp)))
            break;
    }
        r = ".";
        break;
    case '!': r = "!"; break;
    case '?': r = "?"; break;
    case ';': r = ";"; break;
    case ':':
        r = ":";
        /* "12 : 3 = 4": divided by */
        if (i > 0 && numberish(n, i - 1) && loai_t_is(n, i + 1, LOAI_T_NUM) &&
            t->sp == n->tok[i + 1].sp &&
            (loai_t_sym(n, i + 2, '=') || (i >= 2 && loai_t_sym(n, i - 2, '=')))) {
            r = NULL;
            it->flags = SY_WORD;
            it->r[0] = "chia";
        }
        break;
    case '[':
        /* "trong đô thị.[1]": a footnote mark glued to the text is not read */
        if (i > 0 && !t->sp && loai_t_is(n, i + 1, LOAI_T_NUM) && n->tok[i + 1].len <= 3 &&
            loai_t_glued(n, i + 1) && loai_t_sym(n, i + 2, ']') && loai_t_glued(n, i + 2)) {
            it->t1 = i + 3;
            break;
        }
        r = ",";
        break;
    case ',': case '(': case '{': case ')': case ']': case '}': case '|': r = ","; break;
    case '/': {
        /* "tỉnh/thành phố": or; "tạ/ha", "đồng/em": per (một); between two
         * amounts (50 miligam/100 mililít): a share (trên) */
        const loai_tok *p = i > 0 ? &n->tok[i - 1] : NULL;
        const char *u;
        int money = 0, pmoney, pnum, pword, nx;
        size_t k = 0;

        r = ",";
        if (p == NULL || !loai_t_glued(n, i + 1))
            break;
        /* "98 lượt /115 người": a stray space before the slash of a share */
        if (t->sp && !(p->type == LOAI_T_WORD && loai_t_is(n, i + 1, LOAI_T_NUM) &&
                       ((loai_cue_at(n, i - 1) | loai_cue_before(n, i, 0)) &
                        (LOAI_CUE_PER | LOAI_CUE_COUNT))))
            break;
        /* "19h/17/09": between a time and its date, the date says ngày */
        if (p->kind == LOA_NSW_TIME + 1 && n->tok[i + 1].kind == 0 &&
            loai_t_is(n, i + 1, LOAI_T_NUM) && n->tok[i + 1].len <= 2 &&
            loai_t_sym(n, i + 2, '/') && loai_t_glued(n, i + 2) &&
            loai_t_is(n, i + 3, LOAI_T_NUM) && loai_t_glued(n, i + 3)) {
            r = NULL;
            break;
        }
        /* "sin(x)/x = 1", "a/b = 2": a division in a formula */
        if (loai_formula(n) &&
            ((p->type == LOAI_T_WORD && p->len <= 3) || p->type == LOAI_T_NUM ||
             p->cp == ')') &&
            ((loai_t_is(n, i + 1, LOAI_T_WORD) && n->tok[i + 1].len <= 3) ||
             loai_t_is(n, i + 1, LOAI_T_NUM) || loai_t_sym(n, i + 1, '('))) {
            it->flags = SY_WORD;
            it->r[0] = "trên";
            r = NULL;
            break;
        }
        pnum = numberish(n, i - 1);
        pmoney = p->kind == LOA_NSW_MONEY + 1 || p->kind == LOA_NSW_PERCENT + 1 ||
                 (p->type == LOAI_T_WORD &&
                  loai_lex_get(n->lex, LOAI_LEX_CURRENCY, p->s, p->len) != NULL);
        pword = p->type == LOAI_T_WORD &&
                (((loai_cue_at(n, i - 1) | loai_cue_before(n, i, 0)) &
                  (LOAI_CUE_PER | LOAI_CUE_COUNT)) ||
                 loai_lex_get(n->lex, LOAI_LEX_UNIT, p->s, p->len) != NULL);
        /* "05 lượt đoàn/75 lượt người", "15 người tử vong/tháng": the words
         * of an amount before it; "đồng/cửa hàng/tháng": a chain of rates */
        if (!pword && p->type == LOAI_T_WORD &&
            (loai_t_is(n, i + 1, LOAI_T_NUM) || (loai_cue_at(n, i + 1) & LOAI_CUE_PER))) {
            size_t w = i - 1, words = 0;

            while (w > 0 && words < 3 && n->tok[w].type == LOAI_T_WORD &&
                   !(n->tok[w].shape & LOAI_SH_UPPER)) {
                w--;
                words++;
            }
            pword = words > 0 &&
                    ((n->tok[w].type == LOAI_T_NUM && n->tok[w].kind != 0 &&
                      (loai_cue_at(n, w + 1) & (LOAI_CUE_PER | LOAI_CUE_COUNT))) ||
                     (loai_t_sym(n, w, '/') && n->tok[w].kind == LOA_NSW_SYMBOL + 1));
        }
        nx = loai_cue_at(n, i + 1);
        if (p->type == LOAI_T_WORD && loai_t_is(n, i + 1, LOAI_T_WORD) && !pmoney &&
            loai_ratio_before(n, i)) {
            it->flags = SY_WORD; /* "tỷ lệ chết/mắc": a ratio */
            it->r[0] = "trên";
        } else if (loai_t_is(n, i + 1, LOAI_T_NUM) && (pnum || pmoney || pword)) {
            it->flags = SY_WORD;
            it->r[0] = "trên";
        } else if ((pnum || pmoney || pword) &&
                   (k = loai_unit_at(n, i + 1, &u, &money, 0)) > 0 && !money) {
            it->flags = SY_PER;
            it->r[0] = "một";
            it->r[1] = u;
            it->t1 = i + 1 + k;
        } else if (!pmoney && loai_t_is(n, i + 1, LOAI_T_WORD) &&
                   !(n->tok[i + 1].shape & LOAI_SH_CAP) &&
                   loai_is_syllable(n->tok[i + 1].s, n->tok[i + 1].len) &&
                   (p->kind == LOA_NSW_UNIT + 1 || p->kind == LOA_NSW_RANGE + 1) &&
                   (p->type == LOAI_T_WORD || (p->type == LOAI_T_NUM && !p->sp && i >= 2 &&
                                               n->tok[i - 2].type == LOAI_T_WORD))) {
            /* "50 mm/đợt", "500 m3/giây": a unit over a word; over a
             * clock's unit a physical rate (trên, like m/s), over anything
             * else per (một) */
            int w = loai_time_word(n, i + 1);

            it->flags = SY_WORD;
            it->r[0] = w > 0 && w <= LOAI_TW_CLOCK ? "trên" : "một";
        } else if (((pnum || pmoney || pword) && (nx & LOAI_CUE_PER)) ||
                   (pmoney && loai_t_is(n, i + 1, LOAI_T_WORD) &&
                    !(n->tok[i + 1].shape & LOAI_SH_CAP))) {
            it->flags = SY_WORD;
            it->r[0] = "một";
        }
        if (it->flags != SY_NONE)
            r = NULL;
        break;
    }
    case '-':
        if (i == 0)
            break; /* a list dash */
        /* "7 giờ 30 - 11 giờ", "thứ 2-thứ 6": a range */
        if ((numberish(n, i - 1) ||
             (i >= 2 && n->tok[i - 1].type == LOAI_T_WORD && numberish(n, i - 2))) &&
            !loai_name_then_size(n, i) &&
            (loai_t_is(n, i + 1, LOAI_T_NUM) || loai_t_lw(n, i + 1, "thứ")) &&
            !((n->tok[i - 1].kind == LOA_NSW_DATE + 1 ||
               (n->tok[i - 1].kind == LOA_NSW_TIME + 1 && full_date_at(n, i + 1))) &&
              spaced_both && !from_range(n, i))) {
            /* (a date, then " - 20:45": a pause, not a range, unless
             * "từ" opened it) */
            it->flags = SY_TO;
            it->kind = LOA_NSW_RANGE;
            it->plain = 0;
            return 1;
        }
        if (spaced_both && loai_t_is(n, i + 1, LOAI_T_WORD) &&
            (opened_by(n, i, "đoạn") ||
             /* "từ Thanh Hóa - Phú Yên": between two names, after "từ" */
             (n->tok[i - 1].type == LOAI_T_WORD && (n->tok[i - 1].shape & LOAI_SH_CAP) &&
              (n->tok[i + 1].shape & LOAI_SH_CAP) && from_range(n, i)))) {
            it->flags = SY_TO;
            it->kind = LOA_NSW_RANGE;
            it->plain = 0;
            return 1;
        }
        if (spaced_both)
            r = ",";
        else if (loai_t_sym(n, i + 1, '>'))
            r = ","; /* "->": an arrow */
        break;
    case '&': it->flags = SY_WORD; it->r[0] = "và"; break;
    case '#':
        /* "#1": the sign's name, thăng (a hashtag's is not said: #covid,
         * #2021) */
        if (loai_t_is(n, i + 1, LOAI_T_NUM) && loai_t_glued(n, i + 1) && n->tok[i + 1].len <= 3)
            it->flags = SY_WORD, it->r[0] = "thăng";
        break;
    case '\'':
        /* "A' là", "góc B'": the prime of a letter, phẩy */
        if (i > 0 && !t->sp && n->tok[i - 1].type == LOAI_T_WORD && n->tok[i - 1].len == 1 &&
            (n->tok[i - 1].shape & LOAI_SH_UPPER) &&
            !(i >= 2 && !n->tok[i - 1].sp && loai_t_sym(n, i - 2, '\'')) &&
            !(i + 1 < n->ntok && !n->tok[i + 1].sp && n->tok[i + 1].type != LOAI_T_SYM))
            it->flags = SY_WORD, it->r[0] = "phẩy";
        break;
    case '+':
        /* "Tổ 13+16+17": a list; "2 + 3 = 5": plus */
        if (i > 0 && !t->sp && loai_t_is(n, i - 1, LOAI_T_NUM) && loai_t_is(n, i + 1, LOAI_T_NUM) &&
            loai_t_glued(n, i + 1) && memchr(n->lbuf, '=', n->llen) == NULL &&
            (loai_t_sym(n, i + 2, '+') || (i >= 2 && loai_t_sym(n, i - 2, '+'))))
            r = ","; /* two pluses or more: a list */
        else if (i > 0)
            it->flags = SY_WORD, it->r[0] = "cộng";
        break;
    case '*':
        if (spaced_both && i > 0)
            it->flags = SY_WORD, it->r[0] = "sao"; /* "dấu * đỏ" */
        break;
    case '=':
        if (loai_t_sym(n, i + 1, '>'))
            r = ","; /* "=>" */
        else
            it->flags = SY_WORD, it->r[0] = "bằng";
        break;
    case '>':
        if (i > 0 && (loai_t_sym(n, i - 1, '-') || loai_t_sym(n, i - 1, '=')))
            break;
        if (loai_t_sym(n, i + 1, '=') && loai_t_glued(n, i + 1)) { /* ">=" typed for ≥ */
            it->flags = SY_WORD, it->r[0] = "lớn hơn hoặc bằng";
            it->t1 = i + 2;
            break;
        }
        /* "Hà Nội > Hải Phòng", "Ngã tư Sở > đường Láng": a route, a pause */
        if (i > 0 && n->tok[i - 1].type == LOAI_T_WORD && loai_t_is(n, i + 1, LOAI_T_WORD) &&
            n->tok[i + 1].len >= 2 && n->tok[i - 1].len >= 2 &&
            ((n->tok[i + 1].shape & LOAI_SH_CAP) || route_word(n, i + 1))) {
            r = ",";
            break;
        }
        it->flags = SY_WORD, it->r[0] = "lớn hơn";
        break;
    case '<':
        it->flags = SY_WORD;
        it->r[0] = "nhỏ hơn";
        if (loai_t_sym(n, i + 1, '=') && loai_t_glued(n, i + 1)) { /* "<=" typed for ≤ */
            it->r[0] = "nhỏ hơn hoặc bằng";
            it->t1 = i + 2;
        }
        break;
    case 0x2265: it->flags = SY_WORD; it->r[0] = "lớn hơn hoặc bằng"; break;
    case 0x2264: it->flags = SY_WORD; it->r[0] = "nhỏ hơn hoặc bằng"; break;
    case 0xB1: it->flags = SY_WORD; it->r[0] = "cộng trừ"; break;
    case '~': it->flags = SY_WORD; it->r[0] = "khoảng"; break;
    case '^':
        /* "10^-3", "m^2": a power, mũ (trừ) */
        if (i == 0)
            break;
        it->flags = SY_WORD;
        it->r[0] = "mũ";
        if (loai_t_sym(n, i + 1, '-') && loai_t_glued(n, i + 1) && loai_t_is(n, i + 2, LOAI_T_NUM) &&
            loai_t_glued(n, i + 2)) {
            it->r[0] = "mũ trừ";
            it->t1 = i + 2;
        }
        break;
    case 0x2248: it->flags = SY_WORD; it->r[0] = "xấp xỉ"; break;
    case 0x2192: it->flags = SY_WORD; it->r[0] = "đến"; break;
    case '%': it->flags = SY_WORD; it->r[0] = "phần trăm"; break;
    case '@': it->flags = SY_WORD; it->r[0] = "a còng"; break;
    case 0xB0: it->flags = SY_WORD; it->r[0] = "độ"; break;
    default:
        if ((it->r[0] = loai_lex_get(n->lex, LOAI_LEX_CURRENCY, t->s, t->len)) != NULL)
            it->flags = SY_WORD;
        break;
    }
    if (r) {
        it->flags = SY_PUNCT;
        it->r[0] = r;
    } else if (it->flags == SY_WORD || it->flags == SY_PER) {
        it->plain = 0;
        it->kind = it->flags == SY_PER ? LOA_NSW_UNIT : LOA_NSW_SYMBOL;
    }
    return 1;
}

void loai_s_sym(loai_norm *n, const loai_item *it)
{
    if (it->flags == SY_PUNCT)
        loai_punct(n, it->r[0]);
    else if (it->flags == SY_WORD)
        loai_say(n, it->r[0]);
    else if (it->flags == SY_TO)
        loai_say(n, "đến");
    else if (it->flags == SY_TLD) {
        loai_say(n, "chấm");
        loai_say_addr_piece(n, n->tok[it->t0 + 1].s, n->tok[it->t0 + 1].len);
    } else if (it->flags == SY_PER) {
        loai_say(n, it->r[0]);
        loai_say(n, it->r[1]);
    }
    else if (n->tok[it->t0].type == LOAI_T_WORD || n->tok[it->t0].type == LOAI_T_NUM)
        loai_say_n(n, n->tok[it->t0].s, n->tok[it->t0].len);
}

/* ---- the line ---- */

void loai_say_line(loai_norm *n)
{
    size_t i = 0, c, mark;

    while (i < n->ntok && n->err == LOA_OK) {
        loai_item it;

        for (c = 0; c < sizeof classes / sizeof classes[0]; c++) {
            memset(&it, 0, sizeof it);
            it.t0 = i;
            it.t1 = i + 1;
            if (classes[c].match(n, i, &it))
                break;
        }
        if (c == sizeof classes / sizeof classes[0])
            c--; /* unreachable: symbols match everything */
        if (it.t1 <= i)
            it.t1 = i + 1;
        it.cls = (int)c;
        mark = loai_nsw_begin(n);
        n->at = it.t0;
        classes[c].say(n, &it);
        if (it.plain)
            n->depth--;
        else
            loai_nsw_end(n, mark, it.kind, it.guess, n->tok[i].s,
                         loai_span_len(n, i, it.t1 - 1));
        /* later matchers ask what the tokens before them were */
        {
            size_t j;

            for (j = i; j < it.t1; j++)
                n->tok[j].kind = it.plain ? 0 : (unsigned char)(it.kind + 1);
        }
        i = it.t1;
    }
}
