/* Dates, times, weekdays and Roman numerals as read on the radio:
 * 25/10/2023 → "ngày hai mươi lăm tháng mười năm hai nghìn không trăm hai
 * mươi ba", days 1..10 take "mùng", month 4 is "tư", 10:30 → "mười giờ ba
 * mươi phút", 7-11h → "bảy đến mười một giờ", T2 → "thứ hai", khóa XV →
 * "khóa mười lăm". The words before a bare d/m decide whether it is a date
 * (voices/context.txt: cues). */
#include <string.h>

#include "text_int.h"

static int glued_sym(const loai_norm *n, size_t i, unsigned cp)
{
    return loai_t_sym(n, i, cp) && loai_t_glued(n, i);
}

static int glued_num(const loai_norm *n, size_t i)
{
    return loai_t_is(n, i, LOAI_T_NUM) && loai_t_glued(n, i);
}

/* Is token I glued to a letter or digit after it (part of a longer code)? */
static int more_after(const loai_norm *n, size_t i)
{
    return i < n->ntok && !n->tok[i].sp &&
           (n->tok[i].type == LOAI_T_WORD || n->tok[i].type == LOAI_T_NUM ||
            ((n->tok[i].cp == '/' || n->tok[i].cp == '.' || n->tok[i].cp == '-') &&
             i + 1 < n->ntok && !n->tok[i + 1].sp && n->tok[i + 1].type == LOAI_T_NUM));
}

/* A range dash at I: glued on both sides or spaced on both sides. */
static int dash(const loai_norm *n, size_t i)
{
    return loai_t_sym(n, i, '-') && i + 1 < n->ntok && n->tok[i].sp == n->tok[i + 1].sp;
}

/* ---- dates ---- */

enum {
    DF_YEAR = 1,       /* the (last) date has a year */
    DF_DAYS = 2,       /* 26-27/11: two days of one month */
    DF_TWO = 4,        /* 12/7 - 15/7: two dates */
    DF_NO_NGAY = 8,    /* a word before already names the day */
    DF_MONTH = 16,     /* 12/2026: a month and a year */
    DF_THANG_SAID = 32,/* "tháng" stands before it */
    DF_QUARTER = 64,   /* quý 3/2026 */
    DF_NUMYEAR = 128,  /* số 1/2024: a number of the year */
    DF_MUNG_SAID = 256,/* "mùng 2/9" */
    DF_YEAR1 = 512,    /* the first of two dates has its own year */
    DF_MONTHS = 1024,  /* 02-03/2000: two months of a year */
    DF_MONTHS2 = 2048, /* 02/2023 - 11/2024: two months with their years */
    DF_Q = 4096        /* Q3/2026: "quý" written as Q */
};

/* d SEP m [SEP yyyy] at I with one separator SEP; tokens used or 0. */
static size_t dm_at(const loai_norm *n, size_t i, unsigned sep, unsigned long long *d,
                    unsigned long long *m, unsigned long long *y)
{
    size_t ld, lm;

    *y = 0;
    if ((ld = loai_t_num(n, i, d)) == 0 || ld > 2 || *d < 1 || *d > 31 ||
        !glued_sym(n, i + 1, sep) || (lm = loai_t_num(n, i + 2, m)) == 0 ||
        !loai_t_glued(n, i + 2) || lm > 2 || *m < 1 || *m > 12)
        return 0;
    if (glued_sym(n, i + 3, sep) && glued_num(n, i + 4)) {
        /* (30/4/1975-30/4/2025): a dash may join two dates */
        if (n->tok[i + 4].len != 4 ||
            (more_after(n, i + 5) && !(loai_t_sym(n, i + 5, '-') && sep != '-')))
            return 0;
        loai_t_num(n, i + 4, y);
        return 5;
    }
    if (more_after(n, i + 3) && !(loai_t_sym(n, i + 3, '-') && sep != '-'))
        return 0;
    return 3;
}

/* "ngày 7 và 8/7", "các ngày 8, 9.10": the last of days listed after
 * "ngày", the month said once */
static int listed_day(const loai_norm *n, size_t i)
{
    size_t j = i;

    if (j < 3 || !(loai_t_sym(n, j - 1, ',') || loai_t_lw(n, j - 1, "và") ||
                   loai_t_lw(n, j - 1, "hoặc")))
        return 0;
    j -= 2;
    while (j >= 2 && j + 16 > i && n->tok[j].type == LOAI_T_NUM &&
           (loai_t_sym(n, j - 1, ',') || loai_t_lw(n, j - 1, "và")) &&
           n->tok[j - 2].type == LOAI_T_NUM)
        j -= 2; /* (a bounded look back: a list of days is short) */
    return n->tok[j].type == LOAI_T_NUM && n->tok[j].len <= 2 && j > 0 &&
           (loai_t_lw(n, j - 1, "ngày") || loai_t_lw(n, j - 1, "mùng") ||
            loai_t_lw(n, j - 1, "mồng"));
}

/* Can token I follow a date written d.m or d-m after "từ", "trước"? Not
 * a noun or a unit (từ 3-5 ngày, từ 2.5%): a stop, a name, "đến". */
static int date_end(const loai_norm *n, size_t i)
{
    const loai_tok *t;

    if (i >= n->ntok)
        return 1;
    t = &n->tok[i];
    if (t->type == LOAI_T_SYM)
        return t->cp < 0x80 && strchr(",;.)!?:", (int)t->cp) != NULL;
    if (t->type == LOAI_T_WORD)
        return (t->shape & LOAI_SH_CAP) || loai_t_lw(n, i, "đến") || loai_t_lw(n, i, "tới") ||
               loai_t_lw(n, i, "và") || loai_t_lw(n, i, "hoặc") || loai_t_lw(n, i, "năm");
    return 0;
}

/* Does token I count what a range before it measures (15-20 phút, 3-5
 * người, 10-15 km)? */
static int counted(const loai_norm *n, size_t i)
{
    const char *r;
    int money;

    if (i >= n->ntok || n->tok[i].type != LOAI_T_WORD)
        return 0;
    return loai_time_word(n, i) || loai_t_lw(n, i, "lần") ||
           (loai_cue_at(n, i) & LOAI_CUE_COUNT) || loai_unit_at(n, i, &r, &money, 1) > 0;
}

/* Was the item before I (across ',', 'và', 'hoặc', 'đến', '-') a date? */
static int listed_date(const loai_norm *n, size_t i)
{
    size_t j = i;

    if (j > 0 && (loai_t_sym(n, j - 1, ',') || loai_t_sym(n, j - 1, '-') ||
                  loai_t_lw(n, j - 1, "và") || loai_t_lw(n, j - 1, "hoặc") ||
                  loai_t_lw(n, j - 1, "đến")))
        j--;
    else
        return 0;
    return j > 0 && n->tok[j - 1].kind == LOA_NSW_DATE + 1;
}

/* Does token I open its sentence (maybe after a list mark "-", "+")? */
static int sentence_start(const loai_norm *n, size_t i)
{
    if (i > 0 && loai_t_is(n, i - 1, LOAI_T_SYM) && n->tok[i - 1].cp < 0x80 &&
        strchr("-+*", (int)n->tok[i - 1].cp))
        i--;
    return i == 0 || loai_sentence_break(n, i - 2, i) ||
           (loai_t_is(n, i - 1, LOAI_T_SYM) && n->tok[i - 1].cp == 0x2022);
}

/* "1/6 là ngày Quốc tế Thiếu nhi", "1/6: khai giảng": what follows a
 * d/m that opens a sentence shows it is a date, not a fraction. */
static int dated_after(const loai_norm *n, size_t i)
{
    if (i >= n->ntok)
        return 0; /* "1/2" alone: a fraction */
    if (n->tok[i].type == LOAI_T_SYM)
        return n->tok[i].cp < 0x80 && strchr(",:-(", (int)n->tok[i].cp) != NULL;
    return loai_t_lw(n, i, "là") || loai_t_lw(n, i, "này") ||
           (n->tok[i].type == LOAI_T_WORD && (n->tok[i].shape & LOAI_SH_CAP));
}

int loai_m_date(loai_norm *n, size_t i, loai_item *it)
{
    static const unsigned seps[3] = {'/', '-', '.'};
    unsigned long long d, m, y, d2, m2, y2;
    size_t k, k2, p;
    int cue, s, sure, after_time = 0;

    /* "Q3/2026", "Q1-2025": a quarter of a year (Q3 alone is rather quận) */
    if (loai_t_eq(n, i, "Q") && glued_num(n, i + 1) && n->tok[i + 1].len == 1 &&
        (glued_sym(n, i + 2, '/') || glued_sym(n, i + 2, '-')) && glued_num(n, i + 3) &&
        n->tok[i + 3].len == 4 && !more_after(n, i + 4)) {
        loai_t_num(n, i + 1, &m);
        loai_t_num(n, i + 3, &y);
        if (m < 1 || m > 4 || y < 1900 || y > 2199)
            return 0;
        it->v[1] = m, it->v[2] = y;
        it->flags = DF_Q | DF_QUARTER | DF_MONTH | DF_YEAR;
        it->t1 = i + 4;
        it->kind = LOA_NSW_DATE;
        return 1;
    }
    if (!loai_t_is(n, i, LOAI_T_NUM))
        return 0;
    cue = loai_cue_before(n, i, 1);
    /* "Thứ Năm, 14/8/2025", "Hôm nay, 28-2": a word naming the day before
     * the comma */
    if (cue == 0 && i >= 2 && loai_t_sym(n, i - 1, ',') &&
        (loai_cue_before(n, i, 2) & LOAI_CUE_DAY))
        cue = loai_cue_before(n, i, 2) & (LOAI_CUE_DAY | LOAI_CUE_DATE);
    /* "ngày thứ Hai - 15/8": the same after a spaced dash */
    if (cue == 0 && i >= 2 && loai_t_sym(n, i - 1, '-') && n->tok[i - 1].sp &&
        (loai_cue_before(n, i - 1, 2) & LOAI_CUE_DAY))
        cue = loai_cue_before(n, i - 1, 2) & (LOAI_CUE_DAY | LOAI_CUE_DATE);
    /* "từ 5 giờ 19-6", "17h30 20/6": a date right after a time */
    if (!(cue & (LOAI_CUE_LABEL | LOAI_CUE_DOC)) && i >= 2 &&
        /* "19h/17/09": a slash between them */
        ((loai_t_sym(n, i - 1, '/') && !n->tok[i].sp && !n->tok[i - 1].sp &&
          n->tok[i - 2].kind == LOA_NSW_TIME + 1) ||
         (n->tok[i].sp && n->tok[i - 1].kind == LOA_NSW_TIME + 1) ||
         (n->tok[i].sp && (loai_t_lw(n, i - 1, "giờ") || loai_t_lw(n, i - 1, "phút")) &&
          loai_t_is(n, i - 2, LOAI_T_NUM)))) {
        cue |= LOAI_CUE_DATE;
        after_time = 1;
    }
    p = loai_prev_word(n, i);
    if (cue & LOAI_CUE_LABEL)
        return 0; /* lớp 12/3 */
    if (listed_day(n, i))
        cue |= LOAI_CUE_DAY;
    /* "các ngày từ 21.6 đến 24.6": the day is named before "từ" */
    if (p != (size_t)-1 && p + 1 == i && loai_t_lw(n, p, "từ") && loai_day_named_before(n, p))
        it->flags |= DF_NO_NGAY;
    if (cue & (LOAI_CUE_DAY | LOAI_CUE_NAMED))
        it->flags |= DF_NO_NGAY;
    if (p != (size_t)-1 && (loai_t_lw(n, p, "mùng") || loai_t_lw(n, p, "mồng")))
        it->flags |= DF_MUNG_SAID;
    it->kind = LOA_NSW_DATE;
    /* 2023-04-12 */
    if (n->tok[i].len == 4 && glued_sym(n, i + 1, '-') && glued_num(n, i + 2) &&
        glued_sym(n, i + 3, '-') && glued_num(n, i + 4) && !more_after(n, i + 5)) {
        loai_t_num(n, i, &y);
        loai_t_num(n, i + 2, &m);
        loai_t_num(n, i + 4, &d);
        if (n->tok[i + 2].len <= 2 && n->tok[i + 4].len <= 2 && m >= 1 && m <= 12 && d >= 1 &&
            d <= 31) {
            it->v[0] = d, it->v[1] = m, it->v[2] = y;
            it->flags |= DF_YEAR;
            it->t1 = i + 5;
            return 1;
        }
    }
    /* "Ngày 22 /7": a stray space before the slash */
    if ((cue & LOAI_CUE_DAY) && loai_t_num(n, i, &d) > 0 && n->tok[i].len <= 2 && d >= 1 &&
        d <= 31 && loai_t_sym(n, i + 1, '/') && n->tok[i + 1].sp && glued_num(n, i + 2) &&
        n->tok[i + 2].len <= 2 && loai_t_num(n, i + 2, &m) && m >= 1 && m <= 12 &&
        !more_after(n, i + 3)) {
        it->v[0] = d, it->v[1] = m, it->v[2] = 0;
        it->t1 = i + 3;
        return 1;
    }
    for (s = 0; s < 3; s++) {
        if ((k = dm_at(n, i, seps[s], &d, &m, &y)) == 0)
            continue;
        sure = k == 5 || (cue & (LOAI_CUE_DATE | LOAI_CUE_DAY | LOAI_CUE_NAMED)) ||
               listed_date(n, i);
        /* 3.12, 25-11: a date after "ngày", or after "từ", "đến hết" when no
         * noun follows (từ 3-5 ngày is a range) */
        if (k == 3 && seps[s] != '/' && !(cue & LOAI_CUE_DAY) &&
            !((cue & (LOAI_CUE_DATE | LOAI_CUE_NAMED)) &&
              (date_end(n, i + 3) || (after_time && !counted(n, i + 3))) &&
              /* "từ 1-2" ending the line is a range; "đến hết 2-9, trừ" a date */
              !(seps[s] == '-' && i + 3 >= n->ntok)))
            continue;
        /* 12/7 - 15/7/2024: two dates */
        if (dash(n, i + k) && (k2 = dm_at(n, i + k + 1, seps[s], &d2, &m2, &y2)) > 0 &&
            (k == 3 || k2 == 5)) {
            it->v[0] = d, it->v[1] = m, it->v[2] = y;
            it->v[3] = d2, it->v[4] = m2, it->v[5] = y2;
            it->flags |= DF_TWO | (y2 ? DF_YEAR : 0) | (y ? DF_YEAR1 : 0);
            it->t1 = i + k + 1 + k2;
            it->kind = LOA_NSW_RANGE;
            return 1;
        }
        if (k == 3 && !sure) {
            /* "3/4 số hộ": a small proper fraction; "11/11 dự án", "9/10
             * điểm": a share; other bare d/m are read as dates, but the
             * reader is told it was a guess */
            if (d < m && m <= 10 && !(sentence_start(n, i) && dated_after(n, i + 3)))
                return 0;
            if (loai_cue_at(n, i + 3) & (LOAI_CUE_SCORE | LOAI_CUE_COUNT))
                return 0;
            it->guess = LOA_GUESS_SLASH;
        }
        it->v[0] = d, it->v[1] = m, it->v[2] = y;
        if (y)
            it->flags |= DF_YEAR;
        it->t1 = i + k;
        return 1;
    }
    /* "24 - 7 - 2002": a date with spaced dashes */
    if (loai_t_num(n, i, &d) > 0 && n->tok[i].len <= 2 && d >= 1 && d <= 31 &&
        loai_t_sym(n, i + 1, '-') && n->tok[i + 1].sp && loai_t_num(n, i + 2, &m) > 0 &&
        n->tok[i + 2].sp && n->tok[i + 2].len <= 2 && m >= 1 && m <= 12 &&
        loai_t_sym(n, i + 3, '-') && n->tok[i + 3].sp && loai_t_is(n, i + 4, LOAI_T_NUM) &&
        n->tok[i + 4].sp && n->tok[i + 4].len == 4 && !more_after(n, i + 5)) {
        loai_t_num(n, i + 4, &y);
        it->v[0] = d, it->v[1] = m, it->v[2] = y;
        it->flags |= DF_YEAR;
        it->t1 = i + 5;
        return 1;
    }
    /* 26-27/11, 26 - 27/11/2026: days of one month */
    if (loai_t_num(n, i, &d) > 0 && n->tok[i].len <= 2 && d >= 1 && d <= 31 &&
        /* "từ 11- 21/11": after a word naming the day, a dash spaced on one side */
        (dash(n, i + 1) ||
         ((cue & (LOAI_CUE_DATE | LOAI_CUE_DAY)) && loai_t_sym(n, i + 1, '-') &&
          i + 2 < n->ntok)) &&
        ((k = dm_at(n, i + 2, '/', &d2, &m, &y)) > 0 ||
         ((cue & LOAI_CUE_DAY) && (k = dm_at(n, i + 2, '.', &d2, &m, &y)) > 0)) &&
        d2 > d) {
        it->v[0] = d, it->v[3] = d2, it->v[1] = m, it->v[2] = y;
        it->flags |= DF_DAYS | (y ? DF_YEAR : 0);
        it->t1 = i + 2 + k;
        it->kind = LOA_NSW_RANGE;
        return 1;
    }
    /* 02-03/2000, 02-03.2000: months of a year */
    if (loai_t_num(n, i, &m) > 0 && n->tok[i].len <= 2 && m >= 1 && m <= 12 &&
        glued_sym(n, i + 1, '-') && glued_num(n, i + 2) && n->tok[i + 2].len <= 2 &&
        (glued_sym(n, i + 3, '/') || glued_sym(n, i + 3, '.')) && glued_num(n, i + 4) &&
        n->tok[i + 4].len == 4 && !more_after(n, i + 5)) {
        loai_t_num(n, i + 2, &d2);
        loai_t_num(n, i + 4, &y);
        if (d2 > m && d2 <= 12 && y >= 1900 && y <= 2199 && !(cue & LOAI_CUE_DAY)) {
            it->v[1] = m, it->v[4] = d2, it->v[2] = y;
            it->flags |= DF_MONTHS | DF_YEAR | ((cue & LOAI_CUE_MONTH) ? DF_THANG_SAID : 0);
            it->t1 = i + 5;
            it->kind = LOA_NSW_RANGE;
            return 1;
        }
    }
    /* 12/2026, tháng 12.2026, tháng 7-2021, tháng 6/ 2011, quý 3/2026,
     * Thông tư 304/2016, 04.2021 (not "tỷ lệ 1/2000": a scale) */
    if (loai_t_num(n, i, &m) > 0 && (n->tok[i].len <= 2 || (cue & LOAI_CUE_DOC)) &&
        !(cue == 0 && loai_ratio_before(n, i)) &&
        (glued_sym(n, i + 1, '/') ||
         ((glued_sym(n, i + 1, '.') || glued_sym(n, i + 1, '-')) &&
          ((cue & (LOAI_CUE_MONTH | LOAI_CUE_QUARTER)) ||
           (n->tok[i].len == 2 && n->tok[i].s[0] == '0') || date_end(n, i + 3)))) &&
        loai_t_is(n, i + 2, LOAI_T_NUM) && n->tok[i + 2].len == 4 && !more_after(n, i + 3) &&
        (!n->tok[i + 2].sp || (cue & LOAI_CUE_MONTH))) {
        loai_t_num(n, i + 2, &y);
        if (y >= 1900 && y <= 2199 && m >= 1) {
            if (cue & LOAI_CUE_DOC)
                it->flags |= DF_NUMYEAR;
            else if (cue & LOAI_CUE_QUARTER)
                it->flags |= DF_QUARTER;
            else if (m > 12)
                return 0;
            it->v[1] = m, it->v[2] = y;
            it->flags |= DF_MONTH | DF_YEAR | ((cue & LOAI_CUE_MONTH) ? DF_THANG_SAID : 0);
            it->t1 = i + 3;
            /* từ 02/2023 - 11/2024 */
            if (!(it->flags & (DF_NUMYEAR | DF_QUARTER)) && dash(n, i + 3) &&
                loai_t_num(n, i + 4, &d2) > 0 && n->tok[i + 4].len <= 2 && d2 >= 1 && d2 <= 12 &&
                glued_sym(n, i + 5, '/') && glued_num(n, i + 6) && n->tok[i + 6].len == 4 &&
                !more_after(n, i + 7)) {
                loai_t_num(n, i + 6, &y2);
                it->v[4] = d2, it->v[5] = y2;
                it->flags |= DF_MONTHS2;
                it->t1 = i + 7;
                it->kind = LOA_NSW_RANGE;
            }
            return 1;
        }
    }
    /* tháng 1 2024 */
    if ((cue & LOAI_CUE_MONTH) && loai_t_num(n, i, &m) > 0 && m >= 1 && m <= 12 &&
        loai_t_is(n, i + 1, LOAI_T_NUM) && n->tok[i + 1].sp && n->tok[i + 1].len == 4 &&
        !more_after(n, i + 2)) {
        loai_t_num(n, i + 1, &y);
        if (y >= 1900 && y <= 2199) {
            it->v[1] = m, it->v[2] = y;
            it->flags |= DF_MONTH | DF_YEAR | DF_THANG_SAID;
            it->t1 = i + 2;
            return 1;
        }
    }
    return 0;
}

static void say_dm(loai_norm *n, unsigned long long d, unsigned long long m, int ngay, int mung)
{
    if (ngay)
        loai_say(n, "ngày");
    loai_say_day(n, d, mung);
    loai_say(n, "tháng");
    loai_say_month(n, m);
}

void loai_s_date(loai_norm *n, const loai_item *it)
{
    int f = it->flags, ngay = !(f & DF_NO_NGAY), mung = (f & DF_MUNG_SAID) != 0;

    if (f & DF_MONTHS) {
        if (!(f & DF_THANG_SAID))
            loai_say(n, "tháng");
        loai_say_month(n, it->v[1]);
        loai_say(n, "đến");
        loai_say(n, "tháng");
        loai_say_month(n, it->v[4]);
    } else if (f & DF_NUMYEAR) {
        loai_say_cardinal(n, it->v[1]);
    } else if (f & DF_QUARTER) {
        if (f & DF_Q)
            loai_say(n, "quý");
        loai_say_cardinal(n, it->v[1]);
    } else if (f & DF_MONTH) {
        if (!(f & DF_THANG_SAID))
            loai_say(n, "tháng");
        loai_say_month(n, it->v[1]);
    } else if (f & DF_DAYS) {
        if (ngay)
            loai_say(n, "ngày");
        loai_say_day(n, it->v[0], mung);
        loai_say(n, "đến");
        loai_say_day(n, it->v[3], 0);
        loai_say(n, "tháng");
        loai_say_month(n, it->v[1]);
    } else if (f & DF_TWO) {
        say_dm(n, it->v[0], it->v[1], ngay, mung);
        if (f & DF_YEAR1) {
            loai_say(n, "năm");
            loai_say_cardinal(n, it->v[2]);
        }
        loai_say(n, "đến");
        say_dm(n, it->v[3], it->v[4], 1, 0);
        if (f & DF_YEAR) {
            loai_say(n, "năm");
            loai_say_cardinal(n, it->v[5]);
        }
        return;
    } else {
        say_dm(n, it->v[0], it->v[1], ngay, mung);
    }
    if (f & DF_YEAR) {
        loai_say(n, "năm");
        loai_say_cardinal(n, it->v[2]);
    }
    if (f & DF_MONTHS2) {
        loai_say(n, "đến");
        loai_say(n, "tháng");
        loai_say_month(n, it->v[4]);
        loai_say(n, "năm");
        loai_say_cardinal(n, it->v[5]);
    }
}

/* ---- times ---- */

enum { TF_MIN = 1, TF_SEC = 2, TF_H = 4, TF_AM = 8, TF_PM = 16 };

/* "am", "PM", "a.m." after a time at token I (glued or not): tokens used,
 * TF_AM or TF_PM in *F. A lowercase "am" after a space is a Vietnamese
 * syllable when a word follows it (am hiểu). */
static size_t ampm_at(const loai_norm *n, size_t i, int *f)
{
    const char *w = loai_t_lower(n, i);
    size_t k = 1;

    if (strcmp(w, "a") == 0 || strcmp(w, "p") == 0) {
        if (!glued_sym(n, i + 1, '.') || !loai_t_lw(n, i + 2, "m") || !loai_t_glued(n, i + 2))
            return 0;
        k = glued_sym(n, i + 3, '.') ? 4 : 3; /* a.m., p.m */
    } else if (strcmp(w, "am") != 0 && strcmp(w, "pm") != 0) {
        return 0;
    }
    if (i + k < n->ntok && !n->tok[i + k].sp &&
        (n->tok[i + k].type == LOAI_T_WORD || n->tok[i + k].type == LOAI_T_NUM))
        return 0;
    if (n->tok[i].sp && loai_t_eq(n, i, "am") && loai_t_is(n, i + k, LOAI_T_WORD))
        return 0;
    *f |= w[0] == 'a' ? TF_AM : TF_PM;
    return k;
}

static int is_h(const loai_norm *n, size_t i)
{
    return loai_t_eq(n, i, "h") || loai_t_eq(n, i, "H") || loai_t_eq(n, i, "g");
}

size_t loai_time_at(const loai_norm *n, size_t i, unsigned long long *h, unsigned long long *m,
                    unsigned long long *s, int *flags)
{
    size_t l = loai_t_num(n, i, h), j;

    *m = *s = 0;
    *flags = 0;
    if (l == 0 || l > 2 || *h > 24)
        return 0;
    /* "8pm", "11 AM": an hour of the clock */
    if (*h >= 1 && *h <= 12 && (j = ampm_at(n, i + 1, flags)) > 0) {
        *flags |= TF_H;
        return j + 1;
    }
    if (is_h(n, i + 1) && loai_t_glued(n, i + 1)) {
        *flags = TF_H;
        j = i + 2;
        if (glued_num(n, j)) {
            int unit_m = (loai_t_eq(n, j + 1, "m") || loai_t_eq(n, j + 1, "p")) &&
                         loai_t_glued(n, j + 1);

            /* (one 0 is zero minutes: "từ 8h0 đến 16h30") */
            if ((n->tok[j].len != 2 && !unit_m && !(n->tok[j].len == 1 && n->tok[j].s[0] == '0')) ||
                loai_t_num(n, j, m) == 0 || *m > 59)
                return 0;
            *flags |= TF_MIN;
            j++;
            if ((loai_t_eq(n, j, "p") || loai_t_eq(n, j, "m") || loai_t_sym(n, j, '\'')) &&
                loai_t_glued(n, j))
                j++; /* 5h30p, 5h30', 9h2m */
            if (glued_num(n, j) && n->tok[j].len <= 2 && loai_t_eq(n, j + 1, "s") &&
                loai_t_glued(n, j + 1) && loai_t_num(n, j, s) && *s <= 59) {
                *flags |= TF_SEC; /* 9h2m2s */
                j += 2;
            }
        }
        j += ampm_at(n, j, flags);
        if (j < n->ntok && !n->tok[j].sp &&
            (n->tok[j].type == LOAI_T_WORD || n->tok[j].type == LOAI_T_NUM))
            return 0;
        return j - i;
    }
    if (glued_sym(n, i + 1, ':') && glued_num(n, i + 2) && n->tok[i + 2].len == 2) {
        loai_t_num(n, i + 2, m);
        if (*m > 59)
            return 0;
        *flags = TF_MIN;
        j = i + 3;
        if (glued_sym(n, j, ':') && glued_num(n, j + 1) && n->tok[j + 1].len == 2) {
            loai_t_num(n, j + 1, s);
            if (*s > 59)
                return 0;
            *flags |= TF_SEC;
            j += 2;
        }
        j += ampm_at(n, j, flags);
        if ((more_after(n, j) && !loai_t_sym(n, j, '-')) || glued_sym(n, j, ':'))
            return 0;
        return j - i;
    }
    return 0;
}

void loai_say_time(loai_norm *n, unsigned long long h, unsigned long long m,
                   unsigned long long s, int flags)
{
    loai_say_cardinal(n, h);
    loai_say(n, "giờ");
    if ((flags & TF_MIN) && m > 0) {
        loai_say_cardinal(n, m);
        loai_say(n, "phút");
    }
    if ((flags & TF_SEC) && s > 0) {
        loai_say_cardinal(n, s);
        loai_say(n, "giây");
    }
    /* 10:30 AM mười giờ ba mươi phút sáng, 8pm tám giờ tối */
    if (flags & TF_AM)
        loai_say(n, h % 12 == 0 ? "đêm" : "sáng");
    else if (flags & TF_PM)
        loai_say(n, h % 12 == 0 ? "trưa" : h % 12 <= 5 ? "chiều" : "tối");
}

int loai_m_time(loai_norm *n, size_t i, loai_item *it)
{
    unsigned long long h, m, s, h2, m2, s2;
    int f, f2;
    size_t k = loai_time_at(n, i, &h, &m, &s, &f), k2;

    if (k > 0 && !(f & TF_H) && loai_ratio_before(n, i))
        return 0; /* "tỷ lệ 1:50": a scale */

    /* "27:45": past 24, minutes and seconds of a race */
    if (k == 0 && loai_t_num(n, i, &h) > 0 && n->tok[i].len == 2 && h > 24 && h < 60 &&
        glued_sym(n, i + 1, ':') && glued_num(n, i + 2) && n->tok[i + 2].len == 2 &&
        loai_t_num(n, i + 2, &m) && m < 60 && !more_after(n, i + 3) &&
        !glued_sym(n, i + 3, ':')) {
        it->v[0] = h, it->v[1] = m;
        it->flags = 3;
        it->t1 = i + 3;
        it->kind = LOA_NSW_TIME;
        return 1;
    }
    /* 15'30": minutes and seconds of a run or a match */
    if (k == 0 && loai_t_num(n, i, &h) > 0 && n->tok[i].len <= 3 && glued_sym(n, i + 1, '\'') &&
        glued_num(n, i + 2) && n->tok[i + 2].len == 2 && loai_t_num(n, i + 2, &m) && m < 60 &&
        glued_sym(n, i + 3, '"') && !more_after(n, i + 4)) {
        it->v[0] = h, it->v[1] = m;
        it->flags = 3;
        it->t1 = i + 4;
        it->kind = LOA_NSW_TIME;
        return 1;
    }
    it->kind = LOA_NSW_TIME;
    if (k == 0) {
        /* 7-11h: a bare hour, then a time */
        if (loai_t_num(n, i, &h) == 0 || n->tok[i].len > 2 || h > 24 || !dash(n, i + 1) ||
            (k2 = loai_time_at(n, i + 2, &h2, &m2, &s2, &f2)) == 0 || !(f2 & TF_H) || h2 <= h)
            return 0;
        it->v[0] = h, it->v[4] = h2, it->v[5] = m2, it->v[6] = s2;
        it->flags = 1;
        it->v[7] = (unsigned long long)f2;
        it->t1 = i + 2 + k2;
        it->kind = LOA_NSW_RANGE;
        return 1;
    }
    it->v[0] = h, it->v[1] = m, it->v[2] = s, it->v[3] = (unsigned long long)f;
    it->t1 = i + k;
    /* "10:20 phút", "12:00:00 giây", "16h30 phút": the word written after
     * is said once (not after "8h": "8h 30 phút" are two) */
    if ((!(f & TF_H) || (f & TF_MIN)) &&
        ((f & TF_SEC) ? loai_t_lw(n, it->t1, "giây") : loai_t_lw(n, it->t1, "phút")))
        it->t1++;
    if (dash(n, i + k) && (k2 = loai_time_at(n, i + k + 1, &h2, &m2, &s2, &f2)) > 0) {
        it->v[4] = h2, it->v[5] = m2, it->v[6] = s2, it->v[7] = (unsigned long long)f2;
        it->flags = 2;
        it->t1 = i + k + 1 + k2;
        it->kind = LOA_NSW_RANGE;
    }
    return 1;
}

void loai_s_time(loai_norm *n, const loai_item *it)
{
    if (it->flags == 3) {
        loai_say_cardinal(n, it->v[0]);
        loai_say(n, "phút");
        loai_say_cardinal(n, it->v[1]);
        loai_say(n, "giây");
        return;
    }
    if (it->flags == 1) {
        loai_say_cardinal(n, it->v[0]);
        loai_say(n, "đến");
    } else {
        loai_say_time(n, it->v[0], it->v[1], it->v[2], (int)it->v[3]);
        if (it->flags == 2)
            loai_say(n, "đến");
    }
    if (it->flags)
        loai_say_time(n, it->v[4], it->v[5], it->v[6], (int)it->v[7]);
}

/* ---- weekdays: T2 thứ hai, T2-T6, T7, CN ---- */

static size_t weekday_at(const loai_norm *n, size_t i, unsigned long long *d)
{
    if (loai_t_eq(n, i, "T") && glued_num(n, i + 1) && n->tok[i + 1].len == 1 &&
        !more_after(n, i + 2)) {
        loai_t_num(n, i + 1, d);
        return *d >= 2 && *d <= 8 ? 2 : 0;
    }
    if (loai_t_eq(n, i, "CN") && !more_after(n, i + 1)) {
        *d = 8;
        return 1;
    }
    return 0;
}

int loai_m_weekday(loai_norm *n, size_t i, loai_item *it)
{
    unsigned long long d, d2 = 0;
    size_t k = weekday_at(n, i, &d), k2;

    if (k == 0 || (d == 8 && !dash(n, i + 1)))
        return 0; /* CN alone is the lexicon's */
    it->v[0] = d;
    it->t1 = i + k;
    if (dash(n, i + k) && (k2 = weekday_at(n, i + k + 1, &d2)) > 0) {
        it->v[1] = d2;
        it->t1 = i + k + 1 + k2;
    }
    it->kind = LOA_NSW_ORDINAL;
    return 1;
}

static void say_weekday(loai_norm *n, unsigned long long d)
{
    if (d == 8) {
        loai_say(n, "chủ nhật");
        return;
    }
    loai_say(n, "thứ");
    loai_say_month(n, d); /* 4: tư */
}

void loai_s_weekday(loai_norm *n, const loai_item *it)
{
    say_weekday(n, it->v[0]);
    if (it->v[1]) {
        loai_say(n, "đến");
        say_weekday(n, it->v[1]);
    }
}

/* ---- Roman numerals ---- */

static int roman_val(char c)
{
    switch (c) {
    case 'I': case 'i': return 1;
    case 'V': case 'v': return 5;
    case 'X': case 'x': return 10;
    case 'L': case 'l': return 50;
    case 'C': case 'c': return 100;
    case 'D': case 'd': return 500;
    case 'M': case 'm': return 1000;
    default: return 0;
    }
}

int loai_roman_value(const char *s, size_t len)
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
    if (bl != len)
        return 0;
    for (i = 0; i < len; i++)
        if (buf[i] != s[i] && buf[i] != s[i] - 32)
            return 0;
    return v;
}

int loai_m_roman(loai_norm *n, size_t i, loai_item *it)
{
    const loai_tok *t;
    int v, cue, upper, ok;
    size_t j;

    if (!loai_t_is(n, i, LOAI_T_WORD))
        return 0;
    t = &n->tok[i];
    if ((v = loai_roman_value(t->s, t->len)) == 0)
        return 0;
    upper = !(t->shape & LOAI_SH_LOWER);
    if (t->len == 1 && strchr("IVXivx", t->s[0]) == NULL)
        return 0; /* Mục C, Phụ lục D: letters */
    if (!upper && (t->shape & LOAI_SH_UPPER))
        return 0; /* "Mi", "Vi": mixed case is a word */
    if (i + 1 < n->ntok && !n->tok[i + 1].sp &&
        (n->tok[i + 1].type == LOAI_T_WORD || n->tok[i + 1].type == LOAI_T_NUM))
        return 0;
    cue = loai_cue_before(n, i, 0);
    ok = (cue & (LOAI_CUE_ROMAN | LOAI_CUE_ORDINAL)) != 0;
    /* "năm MCMXCIX": a year in Roman numerals */
    if (!ok && v >= 1000 && t->len >= (upper ? 3u : 4u) && i > 0 && loai_t_lw(n, i - 1, "năm"))
        ok = 1;
    /* "I. QUAN ĐIỂM": a heading number */
    if (!ok && upper && i == 0 && glued_sym(n, 1, '.') && (t->len > 1 || t->s[0] != 'C'))
        ok = 1;
    /* "Chương I, II và III" */
    if (!ok && upper && i >= 2 &&
        (loai_t_sym(n, i - 1, ',') || loai_t_lw(n, i - 1, "và") || loai_t_sym(n, i - 1, '-') ||
         loai_t_lw(n, i - 1, "đến")) &&
        n->tok[i - 2].kind == LOA_NSW_ROMAN + 1)
        ok = 1;
    if (!ok)
        return 0;
    /* lowercase only where nothing lowercase follows: "khoản vi" yes,
     * "khoản vi phạm" no */
    if (!upper && i + 1 < n->ntok && n->tok[i + 1].type == LOAI_T_WORD &&
        !(n->tok[i + 1].shape & LOAI_SH_CAP))
        return 0;
    it->v[0] = (unsigned long long)v;
    it->v[1] = (cue & LOAI_CUE_ORDINAL) != 0;
    it->kind = LOA_NSW_ROMAN;
    j = i + 1;
    /* quý III/2026, quý II-2020, quý I/ 2024 (a stray space after the slash) */
    if ((glued_sym(n, j, '/') || glued_sym(n, j, '-') || glued_sym(n, j, '.')) &&
        (glued_num(n, j + 1) ||
         (n->tok[j].cp == '/' && loai_t_is(n, j + 1, LOAI_T_NUM) && (cue & LOAI_CUE_QUARTER))) &&
        n->tok[j + 1].len == 4 && !more_after(n, j + 2)) {
        loai_t_num(n, j + 1, &it->v[2]);
        j += 2;
    } else if (glued_sym(n, j, '.') && glued_num(n, j + 1) && n->tok[j + 1].len <= 2) {
        /* "Mục I.2", "điểm II.3.1": a section number, chấm */
        it->v[3] = j + 1;
        j += 2;
        while (glued_sym(n, j, '.') && glued_num(n, j + 1) && n->tok[j + 1].len <= 2)
            j += 2;
        if (more_after(n, j))
            return 0;
    }
    it->t1 = j;
    return 1;
}

void loai_s_roman(loai_norm *n, const loai_item *it)
{
    if (it->v[1] && it->v[0] == 1)
        loai_say_numword(n, "nhất");
    else if (it->v[1] && it->v[0] == 4)
        loai_say_numword(n, "tư");
    else
        loai_say_cardinal(n, it->v[0]);
    if (it->v[2]) {
        loai_say(n, "năm");
        loai_say_cardinal(n, it->v[2]);
    }
    if (it->v[3]) {
        size_t j;

        for (j = (size_t)it->v[3]; j < it->t1; j += 2) {
            unsigned long long d;

            loai_t_num(n, j, &d);
            loai_say(n, "chấm");
            loai_say_cardinal(n, d);
        }
    }
}
