/* Vietnamese text normalization: the driver. Cleans each line (NFC,
 * tone-mark placement, Word's odd spaces and punctuation), cuts it into
 * space-separated chunks and turns each non-standard word into what a
 * news announcer says. Numbers: text_num.c; dates, times, Roman numerals:
 * text_date.c; codes, phones, addresses: text_code.c; data: lexicon.c.
 * The only file that includes utf8proc.h. Linear in the input: every chunk
 * is looked at a bounded number of times. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text_int.h"

/* ---- UTF-8 and character classes (libutf8proc) ---- */

unsigned loai_utf8_get(const char *s, size_t n, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &cp);

    if (k <= 0) {
        *len = 1;
        return 0xFFFD;
    }
    *len = (size_t)k;
    return (unsigned)cp;
}

int loai_cp_is_upper(unsigned cp)
{
    return utf8proc_isupper((utf8proc_int32_t)cp);
}

int loai_cp_is_lower(unsigned cp)
{
    return utf8proc_islower((utf8proc_int32_t)cp);
}

int loai_cp_is_letter(unsigned cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);

    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static loa_err put_cp(loai_buf *b, unsigned cp)
{
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, u);

    return loai_buf_add(b, (const char *)u, (size_t)k);
}

loa_err loai_utf8_lower(loai_buf *b, const char *s, size_t n)
{
    size_t i = 0, k;
    loa_err err = loai_buf_reserve(b, 0);

    b->len = 0;
    if (err == LOA_OK)
        b->data[0] = '\0';
    while (i < n && err == LOA_OK) {
        unsigned cp = loai_utf8_get(s + i, n - i, &k);

        err = put_cp(b, (unsigned)utf8proc_tolower((utf8proc_int32_t)cp));
        i += k;
    }
    return err;
}

/* ASCII base letter of CP without tone or vowel marks ('đ' → 'd'), 0 if CP
 * is not a Latin letter. */
static char base_letter(unsigned cp)
{
    utf8proc_int32_t d[4];
    int last = 0;
    utf8proc_ssize_t k;

    if (cp == 0x111 || cp == 0x110)
        return 'd';
    k = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 4, UTF8PROC_DECOMPOSE, &last);
    if (k < 1 || d[0] >= 0x80)
        return 0;
    if (d[0] >= 'A' && d[0] <= 'Z')
        return (char)(d[0] - 'A' + 'a');
    if (d[0] >= 'a' && d[0] <= 'z')
        return (char)d[0];
    return 0;
}

static int starts(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);

    return n >= l && memcmp(s, lit, l) == 0;
}

/* Could S be one Vietnamese syllable (onset + rime), ignoring tones? A
 * structural check: enough to tell "thông" from "email", "Zalo", "UBND". */
int loai_is_syllable(const char *s, size_t len)
{
    static const char *const onsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                         "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                         "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x"};
    static const char *const nuclei[] = {
        "ieu", "oai", "oay", "oao", "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", "yeu",
        "ai",  "ao",  "au",  "ay",  "eo",  "eu",  "ia",  "ie",  "iu",  "oa",  "oe",  "oi",
        "oo",  "ua",  "ue",  "ui",  "uo",  "uu",  "uy",  "ye",  "a",   "e",   "i",   "o",
        "u",   "y"};
    /* k: Central Highlands names (Đắk Lắk) */
    static const char *const codas[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t", "k", ""};
    char a[16];
    size_t n = 0, i = 0, k, o, v, c;

    if (len == 0 || len > 40)
        return 0;
    while (i < len) {
        unsigned cp = loai_utf8_get(s + i, len - i, &k);
        char b = base_letter(cp);

        if (b == 0 || n + 1 >= sizeof a)
            return 0;
        a[n++] = b;
        i += k;
    }
    a[n] = '\0';
    for (o = 0; o < sizeof onsets / sizeof onsets[0]; o++)
        if (starts(a, n, onsets[o]))
            break;
    k = o < sizeof onsets / sizeof onsets[0] ? strlen(onsets[o]) : 0;
    if (k == 2 && a[0] == 'g' && a[1] == 'i' && (n == 2 || strchr("aeiouy", a[2]) == NULL))
        k = 1; /* "gì", "gìn": g + i */
    for (v = 0; v < sizeof nuclei / sizeof nuclei[0]; v++) {
        size_t vl = strlen(nuclei[v]);

        if (!starts(a + k, n - k, nuclei[v]))
            continue;
        for (c = 0; c < sizeof codas / sizeof codas[0]; c++)
            if (strcmp(a + k + vl, codas[c]) == 0)
                return 1;
    }
    return 0;
}

/* ---- output ---- */

void loai_say_n(loai_norm *n, const char *s, size_t len)
{
    loai_buf *b = n->out;

    if (n->err != LOA_OK || len == 0)
        return;
    if (!n->line_start && b->len > 0 && b->data[b->len - 1] != ' ' &&
        b->data[b->len - 1] != '\n' && loai_buf_add(b, " ", 1) != LOA_OK)
        n->err = LOA_ERR_NOMEM;
    if (n->err == LOA_OK && loai_buf_add(b, s, len) != LOA_OK)
        n->err = LOA_ERR_NOMEM;
    n->line_start = 0;
}

void loai_say(loai_norm *n, const char *s)
{
    loai_say_n(n, s, strlen(s));
}

static int is_pause(char c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
}

void loai_punct(loai_norm *n, const char *p)
{
    loai_buf *b = n->out;

    if (n->err != LOA_OK || n->line_start || b->len == 0)
        return;
    if (is_pause(b->data[b->len - 1])) {
        if (strcmp(p, ",") == 0 || b->data[b->len - 1] != ',')
            return;
        b->len--; /* a stronger stop replaces a comma */
    }
    if (loai_buf_puts(b, p) != LOA_OK)
        n->err = LOA_ERR_NOMEM;
}

size_t loai_nsw_begin(loai_norm *n)
{
    n->depth++;
    return n->out->len;
}

static const char *const kind_names[] = {
    "number", "decimal", "percent", "fraction", "range",   "date",    "time",    "ordinal",
    "roman",  "doccode", "phone",   "digits",   "money",   "unit",    "url",     "email",
    "abbr",   "spelled", "foreign", "caps",     "symbol",  "unknown"};

const char *loa_nsw_kind_name(loa_nsw_kind kind)
{
    if ((unsigned)kind >= sizeof kind_names / sizeof kind_names[0])
        return "?";
    return kind_names[kind];
}

void loai_nsw_end(loai_norm *n, size_t mark, loa_nsw_kind kind, const char *w, size_t wlen)
{
    loa_nsw r;
    size_t k;

    if (--n->depth > 0 || n->fn == NULL || n->err != LOA_OK)
        return;
    /* columns advance monotonically along the line: linear overall */
    if (w < n->lbuf + n->col_pos) {
        n->col_pos = 0;
        n->col_chars = 0;
    }
    while (n->lbuf + n->col_pos < w) {
        loai_utf8_get(n->lbuf + n->col_pos, (size_t)(w - n->lbuf) - n->col_pos, &k);
        n->col_pos += k;
        n->col_chars++;
    }
    while (mark < n->out->len && n->out->data[mark] == ' ')
        mark++;
    r.line = n->line;
    r.col = (int)n->col_chars + 1;
    r.kind = kind;
    r.written = w;
    r.written_len = wlen;
    r.reading = n->out->data + mark;
    r.reading_len = n->out->len - mark;
    n->fn(n->fctx, &r);
}

int loai_prev_is(const loai_norm *n, int i, const char *w)
{
    return strcmp(n->prev[i], w) == 0;
}

static void push_prev(loai_norm *n, const char *w, size_t len)
{
    memcpy(n->prev[1], n->prev[0], sizeof n->prev[0]);
    if (len >= sizeof n->prev[0])
        len = 0;
    if (loai_utf8_lower(&n->tmp, w, len) != LOA_OK || n->tmp.len >= sizeof n->prev[0]) {
        n->prev[0][0] = '\0';
        return;
    }
    memcpy(n->prev[0], n->tmp.data, n->tmp.len + 1);
}

/* ---- words ---- */

static const char *money_suffix(const char *s, size_t len);

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
        char b = base_letter(cp);

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
        push_prev(n, s, len); /* "SĐT: 0238…" is a phone context */
        return;
    }
    if (n->last_num && ((r = loai_lex_get(n->lex, LOAI_LEX_UNIT, s, len)) != NULL ||
                        (r = money_suffix(s, len)) != NULL)) {
        loai_say(n, r);
        n->unit_said = 1;
        loai_nsw_end(n, mark, LOA_NSW_UNIT, s, len);
        push_prev(n, "#", 1);
        return;
    }
    if ((r = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s, len)) != NULL) {
        loai_say(n, r);
        loai_nsw_end(n, mark, LOA_NSW_FOREIGN, s, len);
        push_prev(n, s, len); /* context words are matched as written: "hotline" */
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
        push_prev(n, "#", 1);
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
        push_prev(n, s, len);
        return;
    }
    if (w.lower > 0 && w.upper > 0 && say_camel(n, s, len)) {
        n->depth--;
        return;
    }
    if (w.lower == 0 || w.vowels == 0) {
        loai_spell(n, s, len);
        loai_nsw_end(n, mark, LOA_NSW_SPELLED, s, len);
        push_prev(n, "#", 1);
        return;
    }
    loai_say_n(n, s, len);
    loai_nsw_end(n, mark, LOA_NSW_UNKNOWN, s, len);
    push_prev(n, s, len);
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
static void say_ident(loai_norm *n, const char *s, size_t len)
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

static int phone_context(const loai_norm *n)
{
    return loai_prev_is(n, 0, "thoại") || loai_prev_is(n, 0, "hotline") ||
           loai_prev_is(n, 0, "nóng") || loai_prev_is(n, 0, "fax") ||
           loai_prev_is(n, 0, "gọi") || loai_prev_is(n, 0, "đt") || loai_prev_is(n, 0, "sđt") ||
           prev2(n, "tổng", "đài") || loai_prev_is(n, 0, "zalo");
}

static const char *money_suffix(const char *s, size_t len)
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
static int quantity_like(const loai_norm *n, const char *s, size_t len)
{
    loai_num v;
    size_t j = num_prefix(s, len);

    if (j > 0 && loai_parse_num(s, j, &v)) {
        if (j == len || (len - j == 1 && s[j] == '%') || money_suffix(s + j, len - j) ||
            loai_lex_get(n->lex, LOAI_LEX_UNIT, s + j, len - j))
            return 1;
    }
    return loai_try_time(NULL, s, len, 0);
}

/* "12/7", "15/7/2024": a day and month (and year) that can end a range. */
static int date_like(const char *s, size_t len)
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

static void say_core(loai_norm *n, const char *s, size_t len, int level);
static void say_core_1(loai_norm *n, const char *s, size_t len, int level);

static void say_quantity(loai_norm *n, const char *s, size_t len)
{
    loai_num v;
    size_t j = num_prefix(s, len), mark = loai_nsw_begin(n);
    const char *suffix = s + j, *r;
    size_t sl = len - j;
    loa_nsw_kind kind = LOA_NSW_NUMBER;

    if (j == 0 || !loai_parse_num(s, j, &v)) {
        /* not a number after all: an identifier such as 000.00.00.H57 */
        say_ident(n, s, len);
        loai_nsw_end(n, mark, LOA_NSW_DIGITS, s, len);
        push_prev(n, "#", 1);
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
        } else if ((r = money_suffix(suffix, sl)) != NULL) {
            loai_say(n, r);
            n->unit_said = 1;
            kind = LOA_NSW_MONEY;
        } else if ((r = loai_lex_get(n->lex, LOAI_LEX_UNIT, suffix, sl)) != NULL) {
            loai_say(n, r);
            n->unit_said = 1;
            kind = LOA_NSW_UNIT;
        } else {
            n->last_num = 1;
            say_core(n, suffix, sl, 0);
        }
    }
    loai_nsw_end(n, mark, kind, s, len);
    push_prev(n, "#", 1);
    n->num_said = 1;
}

static void say_numeric(loai_norm *n, const char *s, size_t len)
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
        say_ident(n, s, len);
        loai_nsw_end(n, mark, LOA_NSW_DIGITS, s, len);
        push_prev(n, "#", 1);
        return;
    }
    if (s[0] == '+' && !loai_try_phone(n, s, len, 1)) {
        loai_say(n, "cộng"); /* +5% */
        n->depth--;
        say_numeric(n, s + 1, len - 1);
        return;
    }
    if (s[0] == '+') {
        loai_nsw_end(n, mark, LOA_NSW_PHONE, s, len);
        push_prev(n, "#", 1);
        return;
    }
    if (loai_try_phone(n, s, len, phone_context(n))) {
        loai_nsw_end(n, mark, LOA_NSW_PHONE, s, len);
        push_prev(n, "#", 1);
        return;
    }
    if ((k = loai_try_doccode(n, s, len)) > 0) {
        loai_nsw_end(n, mark, LOA_NSW_DOCCODE, s, k);
        push_prev(n, "#", 1);
        if (k < len)
            say_core(n, s + k, len - k, 0);
        return;
    }
    if (loai_try_date(n, s, len)) {
        loai_nsw_end(n, mark, LOA_NSW_DATE, s, len);
        push_prev(n, "#date", 5); /* "30/4 và 1/5": the second is a date too */
        return;
    }
    if (loai_try_time(n, s, len, 1)) {
        loai_nsw_end(n, mark, LOA_NSW_TIME, s, len);
        push_prev(n, "#", 1);
        return;
    }
    /* ranges written without spaces: 2024-2025, 3-5%, 7h30-11h30 */
    for (i = 1; i + 1 < len; i++) {
        if (s[i] == '-' && quantity_like(n, s, i) && quantity_like(n, s + i + 1, len - i - 1)) {
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
                push_prev(n, "#", 1);
                n->num_said = 1;
                return;
            }
            break;
        }
    }
    n->depth--;
    say_quantity(n, s, len);
}

/* ---- chunks ---- */

static int all_in(const char *s, size_t len, const char *set)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (strchr(set, s[i]) == NULL)
            return 0;
    return 1;
}

/* Split S at every byte C, saying the parts with SEP (a word, or a pause
 * when SEP starts with a punctuation mark) between them. */
static void split_say(loai_norm *n, const char *s, size_t len, char c, const char *sep,
                      int level)
{
    size_t i, start = 0;

    for (i = 0; i <= len; i++) {
        if (i < len && s[i] != c)
            continue;
        if (c == '.' && i < len && i > start &&
            loai_lex_get(n->lex, LOAI_LEX_ABBR, s + start, i + 1 - start)) {
            say_core(n, s + start, i + 1 - start, level); /* "Tp.Hồ Chí Minh" */
            start = i + 1;
            continue;
        }
        if (i > start)
            say_core(n, s + start, i - start, level);
        if (i < len && i > start && i + 1 < len && sep[0] != ' ') {
            if (c == '/' && (n->unit_said || money_suffix(s + start, i - start) ||
                             loai_lex_get(n->lex, LOAI_LEX_UNIT, s + start, i - start)))
                loai_say(n, "một"); /* 15.000đ/lần, đồng/tháng: "per" */
            else if (is_pause(sep[0]))
                loai_punct(n, sep);
            else
                loai_say(n, sep);
        }
        start = i + 1;
    }
}

static int image_name(const char *s, size_t len)
{
    static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp"};
    size_t i, j, l;

    for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        l = strlen(ext[i]);
        if (len <= l)
            continue;
        for (j = 0; j < l; j++) {
            char c = s[len - l + j];

            if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != ext[i][j])
                break;
        }
        if (j == l)
            return 1;
    }
    return 0;
}

static void say_core(loai_norm *n, const char *s, size_t len, int level)
{
    if (len == 0 || n->err != LOA_OK)
        return;
    if (n->nest > 40) {
        /* pathological nesting of codes: say the rest as written */
        loai_say_n(n, s, len);
        return;
    }
    n->nest++;
    say_core_1(n, s, len, level);
    n->nest--;
}

static void say_core_1(loai_norm *n, const char *s, size_t len, int level)
{
    const char *r;
    size_t mark;

    mark = loai_nsw_begin(n);
    if (len == 1 && strchr("&+=%", s[0])) {
        loai_say(n, s[0] == '&' ? "và" : s[0] == '+' ? "cộng" : s[0] == '=' ? "bằng"
                                                                           : "phần trăm");
        n->unit_said = s[0] == '%'; /* 5%/năm: "phần trăm một năm" */
        loai_nsw_end(n, mark, LOA_NSW_SYMBOL, s, len);
        return;
    }
    if (level == 0 && n->last_num && (r = loai_lex_get(n->lex, LOAI_LEX_UNIT, s, len)) != NULL) {
        loai_say(n, r); /* "60 km/h" */
        loai_nsw_end(n, mark, LOA_NSW_UNIT, s, len);
        push_prev(n, "#", 1);
        return;
    }
    if ((r = loai_lex_get(n->lex, LOAI_LEX_ABBR, s, len)) != NULL ||
        (r = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s, len)) != NULL) {
        loa_nsw_kind kind = loai_lex_get(n->lex, LOAI_LEX_ABBR, s, len) ? LOA_NSW_ABBR
                                                                         : LOA_NSW_FOREIGN;

        loai_say(n, r);
        loai_nsw_end(n, mark, kind, s, len);
        push_prev(n, "#", 1);
        n->last_num = 0;
        return;
    }
    if (memchr(s, '@', len) && loai_try_email(n, s, len)) {
        loai_nsw_end(n, mark, LOA_NSW_EMAIL, s, len);
        push_prev(n, "#", 1);
        return;
    }
    if (image_name(s, len)) {
        /* a photo's file name scraped with its caption is never said */
        loai_nsw_end(n, mark, LOA_NSW_URL, s, len);
        return;
    }
    if (memchr(s, '.', len) && !is_digit(s[0]) && loai_try_url(n, s, len)) {
        loai_nsw_end(n, mark, LOA_NSW_URL, s, len);
        push_prev(n, "#", 1);
        return;
    }
    n->depth--;
    if (is_digit(s[0]) ||
        (len > 1 && (s[0] == '-' || s[0] == '+' || s[0] == '$') && is_digit(s[1]))) {
        say_numeric(n, s, len);
        return;
    }
    if (all_in(s, len, "IVXLCDM")) {
        mark = loai_nsw_begin(n);
        if (loai_try_roman(n, s, len, n->force_roman && all_in(s, len, "IVX"))) {
            loai_nsw_end(n, mark, LOA_NSW_ROMAN, s, len);
            push_prev(n, "#", 1);
            return;
        }
        n->depth--;
    }
    if (level < 1 && memchr(s, '/', len)) {
        split_say(n, s, len, '/', ",", 1);
        return;
    }
    if (level < 2 && len > 2 && memchr(s + 1, '-', len - 2)) {
        split_say(n, s, len, '-', " ", 2);
        return;
    }
    if (level < 3 && memchr(s, '&', len)) {
        split_say(n, s, len, '&', "và", 3);
        return;
    }
    if (level < 4 && memchr(s, '.', len)) {
        split_say(n, s, len, '.', "chấm", 4);
        return;
    }
    if (level < 5 && memchr(s, ',', len)) {
        split_say(n, s, len, ',', ",", 5);
        return;
    }
    if (level < 6 && (memchr(s, '+', len) || memchr(s, '=', len) || memchr(s, ':', len) ||
                      memchr(s, '_', len) || memchr(s, '%', len))) {
        size_t i, start = 0;

        for (i = 0; i <= len; i++) {
            const char *name = NULL;

            if (i < len) {
                switch (s[i]) {
                case '+': name = "cộng"; break;
                case '=': name = "bằng"; break;
                case '%': name = "phần trăm"; break;
                case ':': name = ":"; break;
                case '_': name = " "; break;
                default: continue;
                }
            }
            say_core(n, s + start, i - start, 6);
            if (name && name[0] == ':')
                loai_punct(n, ":");
            else if (name && name[0] != ' ')
                loai_say(n, name);
            start = i + 1;
        }
        return;
    }
    {
        /* strip what is neither letter nor digit (°, ×, stray symbols) */
        size_t i = 0, k, start = 0;

        while (i < len) {
            unsigned cp = loai_utf8_get(s + i, len - i, &k);

            if (!loai_cp_is_letter(cp) && !(cp < 0x80 && is_digit((char)cp))) {
                if (i > start)
                    loai_say_word(n, s + start, i - start);
                if (cp == 0xB0) { /* ° */
                    loai_say(n, "độ");
                }
                start = i + k;
            }
            i += k;
        }
        if (start < len)
            loai_say_word(n, s + start, len - start);
    }
}

static int contains(const char *s, size_t len, const char *lit)
{
    size_t l = strlen(lit), i;

    for (i = 0; i + l <= len; i++)
        if (memcmp(s + i, lit, l) == 0)
            return 1;
    return 0;
}

static const char lead_punct[] = "\"'([{<.*";
static const char trail_punct[] = ".,;:!?\"')]}>/*";

/* Say one space-separated chunk: peel the punctuation around it, read the
 * core, then say the pauses. */
static void say_chunk(loai_norm *n, const char *s, size_t len)
{
    size_t b = 0, e = len, i;
    int dot_kept = 0;

    if (len == 0)
        return;
    if (len == 1 && strchr("&+=%", s[0])) {
        say_core(n, s, len, 0);
        return;
    }
    if (all_in(s, len, "-|_=*~.>+&%/#")) {
        if (len == 1 && s[0] == '-') {
            loai_punct(n, ",");
        } else if (len == 1 && s[0] == '&') {
            loai_say(n, "và");
        } else if (len == 1 && s[0] == '+') {
            loai_say(n, "cộng");
        } else if (len == 1 && s[0] == '=') {
            loai_say(n, "bằng");
        } else if (len == 1 && s[0] == '%') {
            loai_say(n, "phần trăm");
        } else if (all_in(s, len, "|/")) {
            loai_punct(n, ",");
        } else if (all_in(s, len, ".")) {
            loai_punct(n, ".");
        }
        return;
    }
    /* "Số hiệu:5443/..." and "Email:a@b.vn": a label glued to its value */
    for (i = 1; i + 1 < len; i++) {
        if (s[i] == ':' && s[i + 1] != '/' && s[i + 1] != ':') {
            size_t j;
            int label = 1;

            for (j = 0; j < i; j++)
                if (is_digit(s[j]) || s[j] == '/' || s[j] == '.' || s[j] == ':')
                    label = 0;
            if (label) {
                say_chunk(n, s, i + 1); /* ends in ':' so it does not split again */
                s += i + 1;
                len -= i + 1;
                e = len;
                i = 0;
                continue;
            }
            break;
        }
    }
    while (b < e && strchr(lead_punct, s[b])) {
        if (s[b] == '(' || s[b] == '[')
            loai_punct(n, ",");
        b++;
    }
    if (b < e && s[b] == '-' && (e - b < 2 || !is_digit(s[b + 1])))
        b++; /* "-Các bộ": a list dash glued to the word ("-5" is minus five) */
    /* "TP." and "KT." keep their dot: the lexicon knows them */
    for (i = e; i > b && strchr(trail_punct, s[i - 1]); i--)
        if (s[i - 1] == '.' && loai_lex_get(n->lex, LOAI_LEX_ABBR, s + b, i - b)) {
            e = i;
            dot_kept = 1;
            break;
        }
    if (!dot_kept) {
        int url = contains(s, len, "://") || contains(s, len, "www.");

        while (e > b && strchr(trail_punct, s[e - 1]) && !(url && s[e - 1] == '/'))
            e--;
        /* keep a closing '%' reading; drop the "./." that ends letters */
    }
    n->force_roman = n->line_start && e < len && s[e] == '.';
    if (e > b)
        say_core(n, s + b, e - b, 0);
    n->force_roman = 0;
    for (i = e; i < len; i++) {
        switch (s[i]) {
        case '.': case '!': case '?':
            if (i + 1 < len && s[i + 1] == '/')
                break;
            loai_punct(n, s[i] == '.' ? "." : s[i] == '!' ? "!" : "?");
            break;
        case ',': case ';': case ':':
            loai_punct(n, s[i] == ',' ? "," : s[i] == ';' ? ";" : ":");
            break;
        case ')': case ']': case '/':
            loai_punct(n, ",");
            break;
        default: break;
        }
    }
}

struct chunk {
    const char *s;
    size_t len;
};

static size_t next_chunk(const char *l, size_t llen, size_t pos, struct chunk *c)
{
    size_t st;

    while (pos < llen && l[pos] == ' ')
        pos++;
    st = pos;
    while (pos < llen && l[pos] != ' ')
        pos++;
    c->s = l + st;
    c->len = pos - st;
    return pos;
}

static int digits_only(const char *s, size_t len)
{
    return len > 0 && all_in(s, len, "0123456789");
}

/* "+84 912 345 678", "0912 345 678", "1800 1096": a phone number in
 * several chunks. Returns how many chunks after the first it used. */
static int try_spaced_phone(loai_norm *n, const struct chunk *c, const char *l, size_t llen,
                            size_t pos)
{
    char buf[64];
    size_t bl = 0, mark;
    struct chunk parts[6];
    int np = 0, k;
    size_t last_e = 0;

    if (c->len > 5 || c->len < 2 || !(c->s[0] == '+' || c->s[0] == '0' || c->len == 4) ||
        !digits_only(c->s + (c->s[0] == '+'), c->len - (c->s[0] == '+')))
        return 0;
    parts[np++] = *c;
    while (np < 6) {
        struct chunk x;
        size_t e;

        pos = next_chunk(l, llen, pos, &x);
        e = x.len;
        while (e > 0 && strchr(".,;:)", x.s[e - 1]))
            e--;
        if (e < 2 || e > 4 || !digits_only(x.s, e))
            break;
        parts[np] = x;
        parts[np++].len = e;
        last_e = x.len;
        if (e < x.len)
            break;
    }
    if (np < 2)
        return 0;
    for (k = 0; k < np; k++) {
        if (bl + parts[k].len + 1 >= sizeof buf)
            return 0;
        if (k)
            buf[bl++] = ' ';
        memcpy(buf + bl, parts[k].s, parts[k].len);
        bl += parts[k].len;
    }
    mark = loai_nsw_begin(n);
    if (!loai_try_phone(n, buf, bl, 1)) {
        n->depth--;
        return 0;
    }
    loai_nsw_end(n, mark, LOA_NSW_PHONE, c->s,
                 (size_t)(parts[np - 1].s + parts[np - 1].len - c->s));
    push_prev(n, "#", 1);
    /* trailing punctuation of the last part */
    {
        const struct chunk *z = &parts[np - 1];
        size_t j;

        for (j = z->len; j < last_e; j++)
            loai_punct(n, z->s[j] == ',' ? "," : z->s[j] == '.' ? "." : z->s[j] == ';' ? ";"
                          : ",");
    }
    return np - 1;
}

static void strip_trail(const struct chunk *c, size_t *e)
{
    *e = c->len;
    while (*e > 0 && strchr(".,;:)", c->s[*e - 1]))
        (*e)--;
}

static void do_line(loai_norm *n, const char *l, size_t llen)
{
    struct chunk c, c1, c2;
    size_t pos;

    n->line_start = 1;
    /* context carries over hard-wrapped lines ("phần\nIV"), not paragraphs */
    if (llen == 0 || all_in(l, llen, " "))
        n->prev[0][0] = n->prev[1][0] = '\0';
    n->last_num = 0;
    n->col_pos = n->col_chars = 0;
    n->lbuf = l;
    n->llen = llen;
    pos = next_chunk(l, llen, 0, &c);
    while (c.len > 0 && n->err == LOA_OK) {
        size_t p1 = next_chunk(l, llen, pos, &c1), e;
        int used = 0;

        n->next_phut = c1.len >= 4 && memcmp(c1.s, "phút", 5 <= c1.len ? 5 : c1.len) == 0;
        if ((c.s[0] == '+' || c.s[0] == '0' || c.len == 4) && phone_context(n))
            used = try_spaced_phone(n, &c, l, llen, pos);
        else if (c.s[0] == '+' ||
                 (c.len == 4 && (memcmp(c.s, "1800", 4) == 0 || memcmp(c.s, "1900", 4) == 0)))
            used = try_spaced_phone(n, &c, l, llen, pos);
        if (used) {
            while (used-- > 0)
                pos = next_chunk(l, llen, pos, &c1);
            pos = next_chunk(l, llen, pos, &c);
            continue;
        }
        /* "2024 - 2025", "7h30 – 11h30": a range written with spaces */
        if (c1.len == 1 && c1.s[0] == '-' &&
            (quantity_like(n, c.s, c.len) || date_like(c.s, c.len))) {
            size_t p2 = next_chunk(l, llen, p1, &c2);

            strip_trail(&c2, &e);
            if (e > 0 && (date_like(c.s, c.len) ? date_like(c2.s, e)
                                                 : quantity_like(n, c2.s, e))) {
                size_t mark = loai_nsw_begin(n);

                n->num_said = 0;
                say_core(n, c.s, c.len, 0);
                loai_say(n, "đến");
                say_core(n, c2.s, e, 0);
                loai_nsw_end(n, mark, LOA_NSW_RANGE, c.s, (size_t)(c2.s + e - c.s));
                say_chunk(n, c2.s + e, c2.len - e);
                n->last_num = n->num_said;
                pos = next_chunk(l, llen, p2, &c);
                continue;
            }
        }
        n->num_said = 0;
        n->unit_said = 0;
        say_chunk(n, c.s, c.len);
        n->last_num = n->num_said;
        c = c1;
        pos = p1;
    }
}

/* ---- cleanup ---- */

/* Tone marks on a, e, y (index 0..4: huyền, sắc, hỏi, ngã, nặng) and the
 * same marks on o and u, lower and upper case: to move the mark from the
 * second vowel to the first ("hoà" → "hòa", "thuỷ" → "thủy"), the form
 * the seed documents and most Vietnamese editors use. */
static const unsigned tone_a[2][5] = {{0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1},
                                      {0xC0, 0xC1, 0x1EA2, 0xC3, 0x1EA0}};
static const unsigned tone_e[2][5] = {{0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9},
                                      {0xC8, 0xC9, 0x1EBA, 0x1EBC, 0x1EB8}};
static const unsigned tone_y[2][5] = {{0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5},
                                      {0x1EF2, 0xDD, 0x1EF6, 0x1EF8, 0x1EF4}};
static const unsigned tone_o[2][5] = {{0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD},
                                      {0xD2, 0xD3, 0x1ECE, 0xD5, 0x1ECC}};
static const unsigned tone_u[2][5] = {{0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5},
                                      {0xD9, 0xDA, 0x1EE6, 0x168, 0x1EE4}};

static int tone_of(const unsigned t[2][5], unsigned cp, int *upper)
{
    int c, i;

    for (c = 0; c < 2; c++)
        for (i = 0; i < 5; i++)
            if (t[c][i] == cp) {
                *upper = c;
                return i;
            }
    return -1;
}

/* Map one code point of a line to its clean form in B; returns 0 to drop. */
static loa_err clean_cp(loai_buf *b, unsigned cp)
{
    if (cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000 || cp == 0x2022 || cp == 0x25CF || cp == 0x25AA ||
        cp == 0x2023 || cp == 0x2043 || cp == 0xD7 || cp == 0x25A0 || cp == 0xF0B7)
        return loai_buf_add(b, " ", 1);
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x200B && cp <= 0x200F) ||
        cp == 0xFEFF || cp == 0xAD || (cp >= 0x2028 && cp <= 0x202E) || cp == 0xFFFD)
        return LOA_OK; /* controls, zero-width and soft hyphens: dropped */
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B || cp == 0x2032)
        return loai_buf_add(b, "'", 1);
    if ((cp >= 0x201C && cp <= 0x201F) || cp == 0xAB || cp == 0xBB || cp == 0x2033)
        return loai_buf_add(b, "\"", 1);
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
        return loai_buf_add(b, "-", 1);
    if (cp == 0x2026)
        return loai_buf_add(b, "...", 3);
    if (cp == '|') /* table cells glued to their text: "18:59|Vân Anh" */
        return loai_buf_add(b, " | ", 3);
    if (cp == 0xB2)
        return loai_buf_add(b, "2", 1);
    if (cp == 0xB3)
        return loai_buf_add(b, "3", 1);
    if (cp == 0xFF05)
        return loai_buf_add(b, "%", 1);
    return put_cp(b, cp);
}

/* NFC, then clean_cp and tone placement, into N's line buffer. */
static loa_err clean_line(loai_buf *b, const char *s, size_t len)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t m;
    size_t i = 0, k, k2, k3, nl;
    loa_err err = LOA_OK;

    b->len = 0;
    if ((err = loai_buf_reserve(b, len)) != LOA_OK)
        return err;
    b->data[0] = '\0';
    if (len == 0)
        return LOA_OK;
    m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
                     UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m < 0)
        return m == UTF8PROC_ERROR_NOMEM ? LOA_ERR_NOMEM : LOA_ERR_TEXT;
    nl = (size_t)m;
    while (i < nl && err == LOA_OK) {
        const char *p = (const char *)nfc;
        unsigned cp = loai_utf8_get(p + i, nl - i, &k), c2 = 0, c3 = 0;
        int up, t = -1;

        if (i + k < nl)
            c2 = loai_utf8_get(p + i + k, nl - i - k, &k2);
        else
            k2 = 0;
        if (c2 && i + k + k2 < nl)
            c3 = loai_utf8_get(p + i + k + k2, nl - i - k - k2, &k3);
        if (c2 && !loai_cp_is_letter(c3)) {
            unsigned prevc = b->len ? (unsigned char)b->data[b->len - 1] : 0;

            if ((cp == 'o' || cp == 'O') &&
                ((t = tone_of(tone_a, c2, &up)) >= 0 || (t = tone_of(tone_e, c2, &up)) >= 0)) {
                int is_a = tone_of(tone_a, c2, &up) >= 0;

                err = put_cp(b, tone_o[cp == 'O'][t]);
                if (err == LOA_OK)
                    err = put_cp(b, is_a ? (up ? 'A' : 'a') : (up ? 'E' : 'e'));
                i += k + k2;
                continue;
            }
            if ((cp == 'u' || cp == 'U') && prevc != 'q' && prevc != 'Q' &&
                (t = tone_of(tone_y, c2, &up)) >= 0) {
                err = put_cp(b, tone_u[cp == 'U'][t]);
                if (err == LOA_OK)
                    err = put_cp(b, up ? 'Y' : 'y');
                i += k + k2;
                continue;
            }
        }
        err = clean_cp(b, cp);
        i += k;
    }
    free(nfc);
    return err;
}

/* ---- sentence plan ---- */

/* espeak-ng lets its intonation drift over a very long sentence, where an
 * announcer takes a breath at a clause boundary. A semicolon or colon
 * after LONG_WORDS words becomes a full stop; failing that, once the
 * sentence has HARD_WORDS words, so does its last comma between two
 * clauses of CLAUSE_WORDS words or more (never a list comma: "bộ, ngành").
 * A comma is judged when the next boundary shows its right side, and cuts
 * only rewrite one byte, so this is one linear pass. */
enum { LONG_WORDS = 30, HARD_WORDS = 45, CLAUSE_WORDS = 4, CAND_WORDS = 20 };

static void split_long(char *s, size_t len)
{
    size_t i, pb = 0, cand = 0;
    int total = 0, seg = 0, pend = 0, wp = 0, total_at = 0, cand_at = 0, in_word = 0;

    for (i = 0; i <= len; i++) {
        char c = i < len ? s[i] : '.';

        if (c == ' ') {
            in_word = 0;
            continue;
        }
        if (c != ',' && c != ';' && c != ':' && c != '.' && c != '!' && c != '?') {
            if (!in_word) {
                in_word = 1;
                seg++;
                total++;
            }
            continue;
        }
        in_word = 0;
        if (pend == ',' && wp >= CLAUSE_WORDS && seg >= CLAUSE_WORDS &&
            total_at >= CAND_WORDS) {
            cand = pb;
            cand_at = total_at;
        } else if (pend && pend != ',' && seg > 0 && total_at >= LONG_WORDS) {
            s[pb] = '.'; /* "…; của khối tỉnh": a clause follows */
            total -= total_at;
            cand = 0;
        }
        pend = 0;
        if (cand && total >= HARD_WORDS) {
            s[cand] = '.';
            total -= cand_at;
            cand = 0;
        }
        if (c == '.' || c == '!' || c == '?') {
            total = 0;
            cand = 0;
        } else if (seg > 0) {
            pend = c;
            pb = i;
            wp = seg;
            total_at = total;
        }
        seg = 0;
    }
}

/* ---- entry points ---- */

loa_err loa_text_normalize_explain(const loa_lexicon *lex, loa_dialect dialect, const char *in,
                                   size_t len, char **out, size_t *out_len, loa_nsw_fn fn,
                                   void *ctx, loa_diag *diag)
{
    loai_norm n;
    loai_buf ob = {0}, line = {0};
    size_t pos = 0, start;
    loa_err err;

    if (lex == NULL || (in == NULL && len > 0)) {
        loai_diag_set(diag, "loa_text_normalize: no lexicon or no text");
        return LOA_ERR_INVALID;
    }
    if ((err = loa_utf8_check(in, len, diag)) != LOA_OK)
        return err;
    memset(&n, 0, sizeof n);
    n.lex = lex;
    n.dialect = dialect;
    n.out = &ob;
    n.fn = fn;
    n.fctx = ctx;
    if ((err = loai_buf_reserve(&ob, len + len / 2)) != LOA_OK)
        goto done;
    ob.data[0] = '\0';
    while (pos < len) {
        const char *nl = memchr(in + pos, '\n', len - pos);
        size_t ln = nl ? (size_t)(nl - (in + pos)) : len - pos;

        n.line++;
        if ((err = clean_line(&line, in + pos, ln)) != LOA_OK) {
            loai_diag_at(diag, n.line, 1, "cannot normalize this line (%s)",
                         loa_strerror(err));
            goto done;
        }
        start = ob.len;
        do_line(&n, line.data, line.len);
        if ((err = n.err) != LOA_OK)
            goto done;
        while (ob.len > start && ob.data[ob.len - 1] == ' ')
            ob.len--;
        split_long(ob.data + start, ob.len - start);
        if (nl && (err = loai_buf_add(&ob, "\n", 1)) != LOA_OK)
            goto done;
        ob.data[ob.len] = '\0';
        pos += ln + (nl != NULL);
    }
done:
    loai_buf_free(&line);
    loai_buf_free(&n.tmp);
    if (err != LOA_OK) {
        loai_buf_free(&ob);
        return err;
    }
    if (out) {
        *out = ob.data;
        if (out_len)
            *out_len = ob.len;
    } else {
        loai_buf_free(&ob);
    }
    return LOA_OK;
}

loa_err loa_text_normalize(const loa_lexicon *lex, loa_dialect dialect, const char *in,
                           size_t len, char **out, size_t *out_len, loa_diag *diag)
{
    return loa_text_normalize_explain(lex, dialect, in, len, out, out_len, NULL, NULL, diag);
}
