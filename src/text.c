/* Vietnamese text normalization: the driver. Cleans each line (NFC,
 * tone-mark placement, Word's odd spaces and punctuation), cuts it into
 * space-separated chunks and turns each non-standard word into what a
 * news announcer says. Numbers: text_num.c; dates, times, Roman numerals:
 * text_date.c; codes, phones, addresses: text_code.c; characters, NFC and
 * cleanup: text_utf8.c; data: lexicon.c. Linear in the input: every chunk
 * is looked at a bounded number of times. */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
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
    r.line_text = n->lbuf;
    r.line_len = n->llen;
    r.offset = (size_t)(w - n->lbuf);
    n->fn(n->fctx, &r);
}

int loai_prev_is(const loai_norm *n, int i, const char *w)
{
    return strcmp(n->prev[i], w) == 0;
}

void loai_push_prev(loai_norm *n, const char *w, size_t len)
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

static void say_core_1(loai_norm *n, const char *s, size_t len, int level);

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
            loai_say_core(n, s + start, i + 1 - start, level); /* "Tp.Hồ Chí Minh" */
            start = i + 1;
            continue;
        }
        if (i > start)
            loai_say_core(n, s + start, i - start, level);
        if (i < len && i > start && i + 1 < len && sep[0] != ' ') {
            if (c == '/' && (n->unit_said || loai_money_suffix(s + start, i - start) ||
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

void loai_say_core(loai_norm *n, const char *s, size_t len, int level)
{
    if (len == 0 || n->err != LOA_OK)
        return;
    if (n->nest > 40) {
        /* pathological nesting of codes: the rest character by character */
        loai_say_ident(n, s, len);
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
        loai_push_prev(n, "#", 1);
        return;
    }
    if ((r = loai_lex_get(n->lex, LOAI_LEX_ABBR, s, len)) != NULL ||
        (r = loai_lex_get(n->lex, LOAI_LEX_FOREIGN, s, len)) != NULL) {
        loa_nsw_kind kind = loai_lex_get(n->lex, LOAI_LEX_ABBR, s, len) ? LOA_NSW_ABBR
                                                                         : LOA_NSW_FOREIGN;

        loai_say(n, r);
        loai_nsw_end(n, mark, kind, s, len);
        loai_push_prev(n, "#", 1);
        n->last_num = 0;
        return;
    }
    if (memchr(s, '@', len) && loai_try_email(n, s, len)) {
        loai_nsw_end(n, mark, LOA_NSW_EMAIL, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    if (image_name(s, len)) {
        /* a photo's file name scraped with its caption is never said */
        loai_nsw_end(n, mark, LOA_NSW_URL, s, len);
        return;
    }
    if (memchr(s, '.', len) && !is_digit(s[0]) && loai_try_url(n, s, len)) {
        loai_nsw_end(n, mark, LOA_NSW_URL, s, len);
        loai_push_prev(n, "#", 1);
        return;
    }
    n->depth--;
    if (is_digit(s[0]) ||
        (len > 1 && (s[0] == '-' || s[0] == '+' || s[0] == '$') && is_digit(s[1]))) {
        loai_say_numeric(n, s, len);
        return;
    }
    if (all_in(s, len, "IVXLCDM")) {
        mark = loai_nsw_begin(n);
        if (loai_try_roman(n, s, len, n->force_roman && all_in(s, len, "IVX"))) {
            loai_nsw_end(n, mark, LOA_NSW_ROMAN, s, len);
            loai_push_prev(n, "#", 1);
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
            loai_say_core(n, s + start, i - start, 6);
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
    if (len == 1 && s[0] == '+' && n->line_start)
        return; /* "+ Thu thập…": a list bullet */
    if (len == 1 && strchr("&+=%", s[0])) {
        loai_say_core(n, s, len, 0);
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
        loai_say_core(n, s + b, e - b, 0);
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
    loai_push_prev(n, "#", 1);
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
        if ((c.s[0] == '+' || c.s[0] == '0' || c.len == 4) && loai_phone_context(n))
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
            (loai_quantity_like(n, c.s, c.len) || loai_date_like(c.s, c.len))) {
            size_t p2 = next_chunk(l, llen, p1, &c2);

            strip_trail(&c2, &e);
            if (e > 0 && (loai_date_like(c.s, c.len) ? loai_date_like(c2.s, e)
                                                 : loai_quantity_like(n, c2.s, e))) {
                size_t mark = loai_nsw_begin(n);

                n->num_said = 0;
                loai_say_core(n, c.s, c.len, 0);
                loai_say(n, "đến");
                loai_say_core(n, c2.s, e, 0);
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
        if ((err = loai_clean_line(&line, in + pos, ln)) != LOA_OK) {
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
