/* Vietnamese text normalization: the entry points, the output and the
 * explain report. Each line is cleaned (text_utf8.c: NFC, tone-mark
 * placement, Word's odd spaces and punctuation), cut into tokens
 * (text_tok.c), and said class by class (text_class.c: the class table;
 * numbers, quantities and units in text_num.c; dates, times and Roman
 * numerals in text_date.c; codes, phones and addresses in text_code.c;
 * words and abbreviations in text_word.c; data: text_lexicon.c). Nothing
 * is carried from one line to the next. Linear in the input: every token
 * is looked at a bounded number of times. */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

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

static const char *const guess_names[] = {"",     "spelled", "unit",    "slash",
                                          "dash", "phone",   "foreign", "degree"};

const char *loa_text_nsw_guess_name(loa_nsw_guess guess)
{
    if ((unsigned)guess >= sizeof guess_names / sizeof guess_names[0])
        return "?";
    return guess_names[guess];
}

static const char *const kind_names[] = {
    "number", "decimal", "percent", "fraction", "range",   "date",    "time",    "ordinal",
    "roman",  "doccode", "phone",   "digits",   "money",   "unit",    "url",     "email",
    "abbr",   "spelled", "foreign", "caps",     "symbol",  "unknown"};

const char *loa_text_nsw_kind_name(loa_nsw_kind kind)
{
    if ((unsigned)kind >= sizeof kind_names / sizeof kind_names[0])
        return "?";
    return kind_names[kind];
}

void loai_nsw_end(loai_norm *n, size_t mark, loa_nsw_kind kind, loa_nsw_guess guess,
                  const char *w, size_t wlen)
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
    r.guess = guess;
    r.written = w;
    r.written_len = wlen;
    r.reading = n->out->data + mark;
    r.reading_len = n->out->len - mark;
    r.line_text = n->lbuf;
    r.line_len = n->llen;
    r.offset = (size_t)(w - n->lbuf);
    n->fn(n->fctx, &r);
}

void loai_say_lower(loai_norm *n, const char *s, size_t len)
{
    if (loai_utf8_lower(&n->tmp, s, len) != LOA_OK) {
        n->err = LOA_ERR_NOMEM;
        return;
    }
    loai_say_n(n, n->tmp.data, n->tmp.len);
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
    if ((err = loa_text_check_utf8(in, len, diag)) != LOA_OK)
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
        n.lbuf = line.data;
        n.llen = line.len;
        n.line_start = 1;
        n.col_pos = n.col_chars = 0;
        if ((err = loai_tokenize(&n)) != LOA_OK)
            goto done;
        loai_say_line(&n);
        if ((err = n.err) != LOA_OK)
            goto done;
        while (ob.len > start && ob.data[ob.len - 1] == ' ')
            ob.len--;
        if ((err = loai_keep_tone_style(&ob, start, in + pos, ln, &n.tmp)) != LOA_OK)
            goto done;
        split_long(ob.data + start, ob.len - start);
        if (nl && (err = loai_buf_add(&ob, "\n", 1)) != LOA_OK)
            goto done;
        ob.data[ob.len] = '\0';
        pos += ln + (nl != NULL);
    }
done:
    loai_buf_free(&line);
    loai_buf_free(&n.tmp);
    loai_buf_free(&n.lower);
    free(n.tok);
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
