/* loa check: every problem of a bulletin script found without rendering.
 * The script parser (script.c) is the authority on what a script means and
 * finds every header error (loai_script_read); this file adds what an editor
 * needs on top: the config's part (check_header.c), encodings, spelling,
 * the normalizer's guesses (from its explain API, the same report `loa
 * normalize --explain` prints) and the estimated duration against the
 * slots. Messages are ids and arguments; src/check_msg.c holds their
 * Vietnamese and English text, src/check_json.c the --json document. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/audio.h"
#include "loa/check.h"
#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/estimate.h"
#include "loa/legacy.h"
#include "loa/mp3.h"
#include "loa/script.h"
#include "loa/speak.h"
#include "loa/spell.h"
#include "loa/text.h"
#include "buf_int.h"
#include "check_int.h"
#include "script_int.h"
#include "error_int.h"
#include "vn_int.h"

/* The build's pause between paragraphs: the estimate must add what the
 * render adds. */
#define PARAGRAPH_MS LOA_PARAGRAPH_MS
#define MAX_SAME 20 /* findings of one kind per file, so a bad file stays readable */

void loa_check_report_init(loa_check_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->seconds = -1;
}

void loa_check_report_clear(loa_check_report *rep)
{
    size_t i;
    int k;

    if (rep == NULL)
        return;
    for (i = 0; i < rep->n; i++)
        for (k = 0; k < 3; k++)
            free(rep->items[i].arg[k]);
    free(rep->items);
    loa_check_report_init(rep);
}

loa_err loa_check_add(loa_check_report *rep, loa_check_id id, loa_check_sev sev, int line,
                      int col, const char *a1, const char *a2, const char *a3)
{
    const char *a[3] = {a1, a2, a3};
    loa_check_item *v = realloc(rep->items, (rep->n + 1) * sizeof *v), *it;
    int k;

    if (v == NULL)
        return LOA_ERR_NOMEM;
    rep->items = v;
    it = &v[rep->n];
    memset(it, 0, sizeof *it);
    it->id = id;
    it->sev = sev;
    it->line = line;
    it->col = col;
    for (k = 0; k < 3; k++) {
        if (a[k] != NULL && (it->arg[k] = loai_dup_n(a[k], strlen(a[k]))) == NULL) {
            while (k-- > 0)
                free(it->arg[k]);
            return LOA_ERR_NOMEM;
        }
    }
    rep->n++;
    return LOA_OK;
}

static size_t count_id(const loa_check_report *rep, loa_check_id id)
{
    size_t i, n = 0;

    for (i = 0; i < rep->n; i++)
        n += rep->items[i].id == id;
    return n;
}

static int item_cmp(const void *a, const void *b)
{
    const loa_check_item *x = a, *y = b;

    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return (int)x->id - (int)y->id;
}

loa_err loa_check_audio(const char *path, loa_diag *diag)
{
    loa_audio_reader *r = NULL;
    float pcm[1024];
    size_t got = 0;
    int rate;
    loa_err err;

    if ((err = loa_audio_reader_open(&r, path, &rate, diag)) != LOA_OK)
        return err;
    err = loa_audio_reader_read(r, pcm, sizeof pcm / sizeof pcm[0], &got, diag);
    loa_audio_reader_free(r);
    if (err == LOA_OK && got == 0) {
        loai_diag_set(diag, "%s holds no audio", path);
        err = LOA_ERR_AUDIO;
    }
    return err;
}

/* ---- positions ------------------------------------------------------------ */


/* Line and column (characters) of byte OFF. */
void loai_ck_pos(const loai_ck_src *s, size_t off, int *line, int *col)
{
    loai_ck_cursor *cur = s->cur;
    size_t i = 0;

    *line = 1;
    *col = 1;
    if (cur != NULL && cur->line > 0 && cur->off <= off) {
        i = cur->off;
        *line = cur->line;
        *col = cur->col;
    }
    for (; i < off && i < s->len; i++) {
        if (s->text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)s->text[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
    if (cur != NULL) {
        cur->off = i;
        cur->line = *line;
        cur->col = *col;
    }
}

/* Byte offset of LINE:COL. */
size_t loai_ck_off(const loai_ck_src *s, int line, int col)
{
    loai_ck_cursor *cur = s->cur;
    size_t i = 0;
    int l = 1, c = 1;

    if (cur != NULL && cur->o_line > 0 &&
        (cur->o_line < line || (cur->o_line == line && cur->o_col <= col))) {
        i = cur->o_off;
        l = cur->o_line;
        c = cur->o_col;
    }
    while (i < s->len && l < line)
        if (s->text[i++] == '\n') {
            l++;
            c = 1;
        }
    /* Step by the length the lead byte announces (as loa_text_check_utf8 counts),
     * so a stray continuation byte is a character of its own. */
    while (i < s->len && c < col && s->text[i] != '\n') {
        unsigned char b = (unsigned char)s->text[i];
        size_t k = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;

        i += k < s->len - i ? k : s->len - i;
        c++;
    }
    if (cur != NULL && l == line) {
        cur->o_off = i;
        cur->o_line = l;
        cur->o_col = c;
    }
    return i;
}

/* Position of the NTH (0-based) occurrence of W in the file at or after
 * byte FROM; FALLBACK_* when it is not there (text the cleaning changed). */
static void find_word(const loai_ck_src *s, size_t from, const char *w, size_t wl, int nth, int *line,
                      int *col)
{
    size_t i;

    for (i = from; wl > 0 && i + wl <= s->len; i++) {
        if (memcmp(s->text + i, w, wl) == 0 && nth-- == 0) {
            loai_ck_pos(s, i, line, col);
            return;
        }
    }
    loai_ck_pos(s, from, line, col);
}

/* ---- characters ------------------------------------------------------------ */

static size_t dec(const char *p, size_t n, unsigned *cp)
{
    const unsigned char *s = (const unsigned char *)p;

    if (s[0] < 0x80 || n < 2) {
        *cp = s[0];
        return 1;
    }
    if (s[0] < 0xE0) {
        *cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (s[0] < 0xF0 || n < 4) {
        if (n < 3) {
            *cp = s[0];
            return 1;
        }
        *cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
          (s[3] & 0x3Fu);
    return 4;
}

static int is_comb(unsigned cp)
{
    return cp >= 0x300 && cp <= 0x36F;
}

/* A letter of a word: ASCII letters, Latin letters beyond ASCII, combining marks. */
static int is_letter(unsigned cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || is_comb(cp) ||
           (cp >= 0x1E00 && cp <= 0x1EFF);
}

static int is_upper_cp(unsigned cp)
{
    int tone;
    int r = loai_vn_vowel(cp, &tone);

    if (r >= 0)
        return r >= 12;
    return (cp >= 'A' && cp <= 'Z') || cp == 0x110 || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

/* Call FN for every word (maximal run of letters) of [P, P+N). */
typedef loa_err (*word_fn)(void *ctx, const char *w, size_t wl, size_t off);

static loa_err each_word(const char *p, size_t n, word_fn fn, void *ctx)
{
    size_t i = 0, start = 0;
    int in = 0;
    loa_err err = LOA_OK;

    while (err == LOA_OK) {
        unsigned cp = 0;
        size_t k = i < n ? dec(p + i, n - i, &cp) : 0;
        int l = i < n && is_letter(cp);

        if (l && !in) {
            start = i;
            in = 1;
        } else if (!l && in) {
            err = fn(ctx, p + start, i - start, start);
            in = 0;
        }
        if (i >= n)
            break;
        i += k;
    }
    return err;
}

/* ---- encoding, NFD, tone placement --------------------------------------- */

struct nfd_ctx {
    loa_check_report *rep;
    const loai_ck_src *s;
    int last_line;
};

static loa_err nfd_word(void *ctx, const char *w, size_t wl, size_t off)
{
    struct nfd_ctx *c = ctx;
    size_t i;
    int line, col;

    for (i = 0; i < wl;) {
        unsigned cp;

        i += dec(w + i, wl - i, &cp);
        if (is_comb(cp)) {
            char *word;
            loa_err err;

            if (count_id(c->rep, LOA_CK_NFD) >= MAX_SAME)
                return LOA_OK;
            loai_ck_pos(c->s, off, &line, &col);
            if (line == c->last_line)
                return LOA_OK;
            c->last_line = line;
            if ((word = loai_dup_n(w, wl)) == NULL)
                return LOA_ERR_NOMEM;
            err = loa_check_add(c->rep, LOA_CK_NFD, LOA_CHECK_WARNING, line, col, word, NULL,
                                NULL);
            free(word);
            return err;
        }
    }
    return LOA_OK;
}

struct tone_ctx {
    int pass;             /* 0: count, 1: report */
    size_t n[3];          /* by style (1 old, 2 new) */
    char *first[3];       /* first word of each style */
    size_t first_off[3];  /* and where it is */
    int minority;
    loa_check_report *rep;
    const loai_ck_src *s;
};

static loa_err tone_word(void *ctx, const char *w, size_t wl, size_t off)
{
    struct tone_ctx *c = ctx;
    int st = loai_vn_tone_style(w, wl), line, col;
    char *word;
    loa_err err;

    if (st == 0)
        return LOA_OK;
    if (c->pass == 0) {
        if (c->n[st]++ == 0) {
            if ((c->first[st] = loai_dup_n(w, wl)) == NULL)
                return LOA_ERR_NOMEM;
            c->first_off[st] = off;
        }
        return LOA_OK;
    }
    if (st != c->minority || count_id(c->rep, LOA_CK_TONE_MIXED) >= MAX_SAME)
        return LOA_OK;
    loai_ck_pos(c->s, off, &line, &col);
    if ((word = loai_dup_n(w, wl)) == NULL)
        return LOA_ERR_NOMEM;
    err = loa_check_add(c->rep, LOA_CK_TONE_MIXED, LOA_CHECK_WARNING, line, col, word,
                        c->first[3 - st], NULL);
    free(word);
    return err;
}

static loa_err check_tones(loa_check_report *rep, const loai_ck_src *s)
{
    struct tone_ctx c;
    loa_err err;

    memset(&c, 0, sizeof c);
    c.rep = rep;
    c.s = s;
    err = each_word(s->text, s->len, tone_word, &c);
    if (err == LOA_OK && c.n[1] > 0 && c.n[2] > 0) {
        /* The style used less is the odd one out; on a tie, the later one. */
        c.minority = c.n[1] < c.n[2] ? 1 : c.n[2] < c.n[1] ? 2 : 0;
        if (c.minority == 0) {
            c.minority = c.first_off[1] < c.first_off[2] ? 2 : 1;
        }
        c.pass = 1;
        err = each_word(s->text, s->len, tone_word, &c);
    }
    free(c.first[1]);
    free(c.first[2]);
    return err;
}

/* ---- body: normalizer report, spelling, duration ---------------------------- */

typedef struct nsw_rec {
    int col;
    int chars; /* of WRITTEN */
    loa_nsw_kind kind;
    loa_nsw_guess guess;
    char *written;
    char *reading;
} nsw_rec;

typedef struct seg_ctx {
    nsw_rec *v;
    size_t n, cap;
    int nomem;
} seg_ctx;

static void on_nsw(void *ctx, const loa_nsw *w)
{
    seg_ctx *c = ctx;
    nsw_rec *v;

    if (c->nomem)
        return;
    if (c->n == c->cap) { /* doubling: a long paragraph has tens of thousands */
        size_t cap = c->cap ? 2 * c->cap : 16;

        if ((v = realloc(c->v, cap * sizeof *v)) == NULL) {
            c->nomem = 1;
            return;
        }
        c->v = v;
        c->cap = cap;
    }
    v = c->v;
    v[c->n].col = w->col;
    v[c->n].kind = w->kind;
    v[c->n].guess = w->guess;
    v[c->n].written = loai_dup_n(w->written, w->written_len);
    v[c->n].reading = loai_dup_n(w->reading, w->reading_len);
    v[c->n].chars = 0;
    if (v[c->n].written == NULL || v[c->n].reading == NULL) {
        free(v[c->n].written);
        free(v[c->n].reading);
        c->nomem = 1;
        return;
    }
    c->n++;
}

static size_t chars(const char *s, size_t n)
{
    size_t i, c = 0;

    for (i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* How many times W occurs in SEG before byte OFF. */
static int occurrences_before(const char *seg, size_t off, const char *w, size_t wl)
{
    size_t i;
    int n = 0;

    for (i = 0; wl > 0 && i + wl <= off; i++)
        n += memcmp(seg + i, w, wl) == 0;
    return n;
}

struct body {
    loa_check_report *rep;
    const loai_ck_src *s;
    const loa_segment *sg;
    size_t seg_off;   /* byte offset of the segment's start in the file */
    seg_ctx nsw;
    loa_spell *spell;
    /* Words come in order: the character count up to the last one, and
     * the first normalizer record not yet behind it (linear, not
     * quadratic, in a long paragraph). */
    size_t w_off, w_chars, nsw_at;
};

static loa_err add_at_word(struct body *B, loa_check_id id, const char *w, size_t wl,
                           size_t seg_byte, const char *a2)
{
    int line, col;
    char *word;
    loa_err err;

    if (count_id(B->rep, id) >= MAX_SAME)
        return LOA_OK;
    find_word(B->s, B->seg_off, w, wl, occurrences_before(B->sg->text, seg_byte, w, wl), &line,
              &col);
    if ((word = loai_dup_n(w, wl)) == NULL)
        return LOA_ERR_NOMEM;
    err = loa_check_add(B->rep, id, LOA_CHECK_WARNING, line, col, word, a2, NULL);
    free(word);
    return err;
}

/* A capitalised word inside a sentence is a name (Đắk Mil, Ê Đê): the
 * dictionary has few of them, so only sentence-initial words are spelled. */
static int is_name(const char *seg, size_t off, const char *w, size_t wl)
{
    unsigned first;
    size_t p = off;

    dec(w, wl, &first);
    while (p > 0 && (seg[p - 1] == ' ' || seg[p - 1] == '"' || seg[p - 1] == '(' ||
                     seg[p - 1] == '\''))
        p--;
    return is_upper_cp(first) && p > 0 && !strchr(".!?:;", seg[p - 1]) &&
           !(p >= 3 && memcmp(seg + p - 3, "\xE2\x80\xA6", 3) == 0);
}

static loa_err spell_word(void *ctx, const char *w, size_t wl, size_t off)
{
    struct body *B = ctx;
    size_t i, k, col;
    int upper_after_first = 0;
    char *sugg;
    loa_err err;

    if (off < B->w_off)
        B->w_off = B->w_chars = 0;
    B->w_chars += chars(B->sg->text + B->w_off, off - B->w_off);
    B->w_off = off;
    col = B->w_chars + 1;
    if (B->spell == NULL || chars(w, wl) < 2)
        return LOA_OK;
    /* Words the normalizer rewrote (lexicon, all caps, units...) are not
     * spelled. Records are in column order, and so are words. */
    while (B->nsw_at < B->nsw.n &&
           col >= (size_t)B->nsw.v[B->nsw_at].col + (size_t)B->nsw.v[B->nsw_at].chars)
        B->nsw_at++;
    for (i = B->nsw_at; i < B->nsw.n && (size_t)B->nsw.v[i].col <= col; i++) {
        const nsw_rec *r = &B->nsw.v[i];

        if (col >= (size_t)r->col && col < (size_t)r->col + (size_t)r->chars)
            return LOA_OK;
    }
    if (count_id(B->rep, LOA_CK_SPELL) >= MAX_SAME)
        return LOA_OK; /* nothing more would be said: no suggestions to look for */
    for (i = dec(w, wl, &(unsigned){0}); i < wl; i += k) {
        unsigned cp;

        k = dec(w + i, wl - i, &cp);
        upper_after_first |= is_upper_cp(cp);
    }
    if (upper_after_first || loa_spell_ok(B->spell, w, wl))
        return LOA_OK;
    if (is_name(B->sg->text, off, w, wl))
        return LOA_OK;
    if ((err = loa_spell_suggest(B->spell, w, wl, 5, &sugg)) != LOA_OK)
        return err;
    err = add_at_word(B, LOA_CK_SPELL, w, wl, off, sugg);
    free(sugg);
    return err;
}

static int nsw_cmp(const void *a, const void *b)
{
    const nsw_rec *x = a, *y = b;

    return (x->col > y->col) - (x->col < y->col);
}

static loa_err check_segment(struct body *B, const loa_check_opts *o, loa_dialect dialect,
                             char **spoken, size_t *spoken_len, loa_diag *diag)
{
    const loa_segment *sg = B->sg;
    size_t i, boff = 0;
    int bcol = 1;
    loa_err err;

    memset(&B->nsw, 0, sizeof B->nsw);
    B->w_off = B->w_chars = B->nsw_at = 0;
    err = loa_text_normalize_explain(o->lex, dialect, sg->text, strlen(sg->text), spoken,
                                     spoken_len, on_nsw, &B->nsw, diag);
    if (err == LOA_OK && B->nsw.nomem)
        err = LOA_ERR_NOMEM;
    if (err == LOA_OK && B->nsw.n > 1)
        qsort(B->nsw.v, B->nsw.n, sizeof *B->nsw.v, nsw_cmp);
    for (i = 0; i < B->nsw.n; i++)
        B->nsw.v[i].chars = (int)chars(B->nsw.v[i].written, strlen(B->nsw.v[i].written));
    for (i = 0; err == LOA_OK && i < B->nsw.n; i++) {
        const nsw_rec *r = &B->nsw.v[i];
        size_t off, wl = strlen(r->written);

        /* Columns in order: each found from the last one. */
        while (sg->text[boff] && bcol < r->col) {
            boff++;
            while (sg->text[boff] && ((unsigned char)sg->text[boff] & 0xC0) == 0x80)
                boff++;
            bcol++;
        }
        off = boff;

        /* each place the normalizer guessed is one warning: what it will say
         * and how to write it instead */
        if (r->guess == LOA_GUESS_SPELLED) {
            err = add_at_word(B, LOA_CK_CAPS, r->written, wl, off, r->reading);
        } else if (r->guess == LOA_GUESS_UNIT || r->guess == LOA_GUESS_SLASH ||
                   r->guess == LOA_GUESS_DASH || r->guess == LOA_GUESS_PHONE ||
                   r->guess == LOA_GUESS_DEGREE) {
            static const loa_check_id ids[] = {0, 0, LOA_CK_GUESS_UNIT, LOA_CK_GUESS_SLASH,
                                               LOA_CK_GUESS_DASH, LOA_CK_GUESS_PHONE, 0,
                                               LOA_CK_GUESS_DEGREE};

            err = add_at_word(B, ids[r->guess], r->written, wl, off, r->reading);
        } else if (r->guess == LOA_GUESS_FOREIGN) {
            char *sugg = NULL;

            /* A typo the normalizer could not read: spelling says more than
             * "unknown" (suggestions are slow: only while it can be said). */
            if (count_id(B->rep, LOA_CK_SPELL) >= MAX_SAME &&
                count_id(B->rep, LOA_CK_GUESS) >= MAX_SAME)
                continue;
            if (B->spell != NULL && (err = loa_spell_suggest(B->spell, r->written, wl, 5,
                                                             &sugg)) != LOA_OK)
                break;
            if (sugg != NULL && sugg[0] != '\0' && !is_name(sg->text, off, r->written, wl))
                err = add_at_word(B, LOA_CK_SPELL, r->written, wl, off, sugg);
            else
                err = add_at_word(B, LOA_CK_GUESS, r->written, wl, off, r->reading);
            free(sugg);
        }
    }
    if (err == LOA_OK)
        err = each_word(sg->text, strlen(sg->text), spell_word, B);
    for (i = 0; i < B->nsw.n; i++) {
        free(B->nsw.v[i].written);
        free(B->nsw.v[i].reading);
    }
    free(B->nsw.v);
    memset(&B->nsw, 0, sizeof B->nsw);
    return err;
}

/* Segments in the build's order: words joined until a pause or paragraph
 * (build_plan.c make_unit), each part estimated like the build's dry run. */
static loa_err check_body(loa_check_report *rep, const loai_ck_src *s, const loa_bulletin *b,
                          const loa_check_opts *o, loa_diag *diag)
{
    loa_dialect dialect = b->dialect >= 0 ? (loa_dialect)b->dialect
                          : o->cfg ? o->cfg->dialect : LOA_DIALECT_NORTH;
    int rate = o->cfg ? o->cfg->rate_wpm : 150;
    double secs = 0, pending_pause = 0, pending_para = 0;
    loai_buf cur = {0};
    struct body B;
    size_t i;
    loa_err err = LOA_OK;

    memset(&B, 0, sizeof B);
    B.rep = rep;
    B.s = s;
    B.spell = o->spell;
    for (i = 0; i <= b->n_segs && err == LOA_OK; i++) {
        const loa_segment *sg = i < b->n_segs ? &b->segs[i] : NULL;

        if (sg != NULL && (sg->kind == LOA_SEG_TEXT || sg->kind == LOA_SEG_VERBATIM)) {
            char *spoken = NULL;
            size_t sl = 0;

            if (sg->kind == LOA_SEG_TEXT && o->lex != NULL) {
                B.sg = sg;
                B.seg_off = loai_ck_off(s, sg->line, sg->col);
                if ((err = check_segment(&B, o, dialect, &spoken, &sl, diag)) != LOA_OK)
                    break;
            }
            if (cur.len > 0)
                err = loai_buf_add(&cur, " ", 1);
            if (err == LOA_OK)
                err = spoken ? loai_buf_add(&cur, spoken, sl) : loai_buf_puts(&cur, sg->text);
            free(spoken);
            continue;
        }
        if (cur.len > 0) {
            /* a pause the editor wrote replaces the paragraph pauses around it
             * (loa_bulletin_speech) */
            secs += (pending_pause > 0 ? pending_pause : pending_para) +
                    loa_estimate_seconds(cur.data, cur.len, rate);
            pending_pause = pending_para = 0;
            cur.len = 0;
        }
        if (sg != NULL && sg->kind == LOA_SEG_PAUSE) /* counted once words follow */
            pending_pause += sg->pause_ms / 1000.0;
        else if (sg != NULL)
            pending_para += PARAGRAPH_MS / 1000.0;
    }
    loai_buf_free(&cur);
    if (err == LOA_OK && o->lex != NULL && b->n_segs > 0)
        rep->seconds = secs;
    return err;
}

/* ---- the whole check ------------------------------------------------------- */

/* A finding of the script parser as a check item. With the district
 * config, a station written by its name rather than its id gets the id. */
static loa_err add_finding(loa_check_report *rep, const loai_script_finding *f,
                           const loa_config *cfg)
{
    const char *id = NULL, *name = NULL;

    if (f->id == LOA_CK_HDR_TARGET_FORM && cfg != NULL &&
        loai_ck_target_hint(cfg, f->arg[0], &id, &name) == LOA_OK && id != NULL)
        return loa_check_add(rep, LOA_CK_HDR_TARGET_NEAR, LOA_CHECK_ERROR, f->line, f->col,
                             f->arg[0], id, name);
    return loa_check_add(rep, f->id, f->warning ? LOA_CHECK_WARNING : LOA_CHECK_ERROR, f->line,
                         f->col, f->arg[0], f->arg[1], f->arg[2]);
}

loa_err loa_check_text(loa_check_report *rep, const char *text, size_t len, const char *dir,
                       const loa_check_opts *opts, loa_diag *diag)
{
    static const loa_check_opts none = {NULL, NULL, NULL, 0};
    const loa_check_opts *o = opts ? opts : &none;
    loa_bulletin b;
    loai_script_scan sc;
    loai_ck_src s;
    loai_ck_cursor cursor;
    loa_diag pd;
    loa_err err = LOA_OK;
    int ok, body;
    size_t i;
    const char *short_station = NULL;

    loa_check_report_init(rep);
    loa_bulletin_init(&b);
    memset(&sc, 0, sizeof sc);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    s.text = text;
    s.len = len;
    memset(&cursor, 0, sizeof cursor);
    s.cur = &cursor;
    /* 1. Encoding: nothing else can be read from a file in the wrong one. */
    {
        double conf = 0;
        loa_legacy_enc enc = loa_legacy_detect(text, len, &conf);

        if (enc != LOA_LEGACY_NONE && conf >= LOA_LEGACY_SURE) {
            char pct[16];

            snprintf(pct, sizeof pct, "%.0f", conf * 100);
            rep->legacy = (int)enc;
            rep->legacy_confidence = conf;
            return loa_check_add(rep, LOA_CK_LEGACY, LOA_CHECK_ERROR, 1, 1,
                                 loa_legacy_name(enc), pct, NULL);
        }
        loa_diag_clear(&pd);
        if (loa_text_check_utf8(text, len, &pd) != LOA_OK) {
            char byte[8], off[24];
            size_t o2 = loai_ck_off(&s, pd.line, pd.col);

            snprintf(byte, sizeof byte, "0x%02X", o2 < len ? (unsigned char)text[o2] : 0);
            snprintf(off, sizeof off, "%zu", o2);
            return loa_check_add(rep, LOA_CK_UTF8, LOA_CHECK_ERROR, pd.line, pd.col, byte, off,
                                 NULL);
        }
    }
    /* 2. Decomposed letters and mixed tone placement. */
    if (!o->errors_only) {
        struct nfd_ctx nc = {rep, &s, 0};

        if ((err = each_word(text, len, nfd_word, &nc)) != LOA_OK)
            goto out;
        if (count_id(rep, LOA_CK_NFD) == 0 && (err = check_tones(rep, &s)) != LOA_OK)
            goto out;
    }
    /* 3. The header: every finding of the script parser, with its position;
     * here only what needs the district config is added. */
    if ((err = loai_script_read(&b, text, len, dir, &sc)) != LOA_OK)
        goto out;
    for (i = 0; i < sc.n; i++)
        if ((err = add_finding(rep, &sc.items[i], o->cfg)) != LOA_OK)
            goto out;
    if ((err = loai_ck_targets(rep, &b, &sc, o->cfg)) != LOA_OK)
        goto out;
    ok = sc.errors == 0;
    /* The text is checked whenever it was read, header errors or not (a bad
     * mark loses only its own line). */
    body = (ok || sc.dash_line > 0) && !o->errors_only;
    /* A title the MP3 tags cannot hold whole (loa build shortens it too). */
    if (ok && b.title != NULL && !o->errors_only) {
        const unsigned char *t = (const unsigned char *)b.title;
        size_t chars = 0;

        for (; *t; t++)
            chars += (*t & 0xC0) != 0x80;
        if (chars > LOA_MP3_TEXT_MAX) {
            char a1[32], a2[32];

            snprintf(a1, sizeof a1, "%zu", chars);
            snprintf(a2, sizeof a2, "%d", LOA_MP3_TEXT_MAX);
            if ((err = loa_check_add(rep, LOA_CK_HDR_TITLE, LOA_CHECK_WARNING, b.title_line, 1,
                                     a1, a2, NULL)) != LOA_OK)
                goto out;
        }
    }
    /* A recorded bulletin's audio must be there, and decode, for the build. */
    if (ok && b.audio != NULL) {
        loa_diag ad;

        loa_diag_clear(&ad);
        if (loa_check_audio(b.audio, &ad) != LOA_OK &&
            (err = loa_check_add(rep, LOA_CK_HDR_AUDIO, LOA_CHECK_ERROR, b.audio_line, 1,
                                 b.audio, ad.msg, NULL)) != LOA_OK)
            goto out;
    }
    /* 4. Slots (needs the config and a script that parsed). */
    if (ok && o->cfg != NULL && !o->errors_only &&
        (err = loai_ck_slots(rep, &b, o->cfg, sc.key_line[LOAI_KEY_REPEAT], &short_station)) !=
            LOA_OK)
        goto out;
    /* 5. The text: the normalizer's guesses, spelling, duration. */
    if (body && (err = check_body(rep, &s, &b, o, diag)) != LOA_OK)
        goto out;
    if (sc.body_failed)
        rep->seconds = -1; /* lines were lost: no estimate */
    if (ok && rep->seconds > 0 && rep->slot_s > 0 && rep->seconds > rep->slot_s) {
        char a1[32], a2[32];

        snprintf(a1, sizeof a1, "%.0f", rep->seconds);
        snprintf(a2, sizeof a2, "%d", rep->slot_s);
        err = loa_check_add(rep, LOA_CK_DURATION, LOA_CHECK_WARNING,
                            sc.dash_line ? sc.dash_line + 1 : 1, 1, a1, a2, short_station);
    }
out:
    loai_script_scan_clear(&sc);
    loa_bulletin_clear(&b);
    if (err != LOA_OK) {
        loa_check_report_clear(rep);
        return err;
    }
    if (rep->n > 1)
        qsort(rep->items, rep->n, sizeof *rep->items, item_cmp);
    return LOA_OK;
}
