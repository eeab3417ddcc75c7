/* Bulletin scripts: "Key: value" header, "---", body with pause and
 * pronunciation marks → loa_bulletin. Pure parsing plus one file read.
 * The one reader of the header: loai_script_read goes on past errors and
 * collects every finding with its position (loa check reports them all),
 * loa_bulletin_parse reports the first (what `loa build` refuses). */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/date.h"
#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/plan.h"
#include "loa/script.h"
#include "loa/synth.h"
#include "loa/text.h"
#include "buf_int.h"
#include "error_int.h"
#include "script_int.h"

void loa_bulletin_init(loa_bulletin *b)
{
    memset(b, 0, sizeof *b);
    b->dialect = -1;
    b->repeat = 1;
}

void loa_bulletin_clear(loa_bulletin *b)
{
    size_t i;

    if (b == NULL)
        return;
    free(b->title);
    free(b->author);
    free(b->audio);
    for (i = 0; i < b->n_targets; i++)
        free(b->targets[i]);
    free(b->targets);
    for (i = 0; i < b->n_segs; i++) {
        free(b->segs[i].text);
        free(b->segs[i].written);
    }
    free(b->segs);
    loa_bulletin_init(b);
}

/* ---- parsing state ------------------------------------------------------ */

typedef struct parser {
    loa_bulletin *b;
    loai_script_scan *scan; /* findings go here */
    const char *dir;
    const char *line;  /* current line (no CR/LF) */
    size_t line_len;
    int lineno;
    /* body */
    loai_buf text;     /* pending TEXT segment */
    int text_line, text_col;
    int in_para;       /* a paragraph is open */
    int para_segs;     /* segments in the open paragraph */
    /* header */
    unsigned seen;     /* keys given (bit per key), bad values too */
    int no_colon;      /* a header line is no "Key: value": the rest is not read */
    int date_ok[2];    /* Từ ngày, Đến ngày parsed */
    const char *date_s[2], *date_e[2]; /* their values as written */
    int to_col;
} parser;

/* Column (1-based, in characters) of byte P of the current line. */
static int col_of(const parser *ps, const char *p)
{
    const char *q;
    int col = 1;

    for (q = ps->line; q < p; q++)
        if (((unsigned char)*q & 0xC0) != 0x80)
            col++;
    return col;
}

/* Record a finding of KIND at LINE:COL with the parser's message. Returns
 * LOA_ERR_TEXT, or LOA_ERR_NOMEM when it cannot be kept. */
static loa_err vfinding(parser *ps, loai_script_kind kind, int line, int col,
                        const char *const arg[3], const char *fmt, va_list ap)
{
    loai_script_scan *sc = ps->scan;
    char msg[sizeof ((loa_diag *)0)->msg]; /* what loa_bulletin_parse can pass on */
    loai_script_finding *f;
    int k;

    vsnprintf(msg, sizeof msg, fmt, ap);
    if ((f = realloc(sc->items, (sc->n + 1) * sizeof *f)) == NULL)
        return LOA_ERR_NOMEM;
    sc->items = f;
    f += sc->n++;
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->line = line;
    f->col = col;
    if ((f->msg = loai_dup_str(msg)) == NULL)
        return LOA_ERR_NOMEM;
    for (k = 0; k < 3; k++)
        if (arg != NULL && arg[k] != NULL && (f->arg[k] = loai_dup_str(arg[k])) == NULL)
            return LOA_ERR_NOMEM;
    return LOA_ERR_TEXT;
}

static loa_err fail(parser *ps, const char *at, const char *fmt, ...) LOAI_PRINTF(3, 4);

/* A finding at AT on the current line (its start when AT is NULL). */
static loa_err fail(parser *ps, const char *at, const char *fmt, ...)
{
    va_list ap;
    loa_err err;

    va_start(ap, fmt);
    err = vfinding(ps, LOAI_SCRIPT_OTHER, ps->lineno, at ? col_of(ps, at) : 1, NULL, fmt, ap);
    va_end(ap);
    return err;
}

static loa_err fail_as(parser *ps, loai_script_kind kind, int line, int col,
                       const char *const arg[3], const char *fmt, ...) LOAI_PRINTF(6, 7);

/* A finding loa check has a message of its own for (ARG by KIND). */
static loa_err fail_as(parser *ps, loai_script_kind kind, int line, int col,
                       const char *const arg[3], const char *fmt, ...)
{
    va_list ap;
    loa_err err;

    va_start(ap, fmt);
    err = vfinding(ps, kind, line, col, arg, fmt, ap);
    va_end(ap);
    return err;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* Trim ASCII blanks and U+00A0 (Word's no-break space) around [*S, *E). */
static void trim(const char **s, const char **e)
{
    for (;;) {
        if (*s < *e && is_space(**s))
            (*s)++;
        else if (*e - *s >= 2 && (unsigned char)(*s)[0] == 0xC2 && (unsigned char)(*s)[1] == 0xA0)
            *s += 2;
        else
            break;
    }
    for (;;) {
        if (*e > *s && is_space((*e)[-1]))
            (*e)--;
        else if (*e - *s >= 2 && (unsigned char)(*e)[-2] == 0xC2 && (unsigned char)(*e)[-1] == 0xA0)
            *e -= 2;
        else
            break;
    }
}

/* ---- header ------------------------------------------------------------ */

enum key {
    K_TITLE = LOAI_KEY_TITLE, K_PRIO = LOAI_KEY_PRIO, K_FROM = LOAI_KEY_FROM, K_TO = LOAI_KEY_TO,
    K_REPEAT = LOAI_KEY_REPEAT, K_STATIONS = LOAI_KEY_STATIONS, K_DIALECT = LOAI_KEY_DIALECT,
    K_AUTHOR = LOAI_KEY_AUTHOR, K_AUDIO = LOAI_KEY_AUDIO, K_COUNT = LOAI_KEY_COUNT
};

static const struct {
    const char *folded; /* the Vietnamese key folded to ASCII */
    const char *alias;
    const char *shown;  /* for messages */
} keys[K_COUNT] = {
    {"tieu de", "title", "Tiêu đề"},         {"uu tien", "priority", "Ưu tiên"},
    {"tu ngay", "from", "Từ ngày"},          {"den ngay", "to", "Đến ngày"},
    {"so lan phat", "repeat", "Số lần phát"}, {"dai", "stations", "Đài"},
    {"giong", "dialect", "Giọng"},           {"nguoi soan", "author", "Người soạn"},
    {"am thanh", "audio", "Âm thanh"},
};

/* Fold [S, E) and squeeze runs of blanks to one space. */
static loa_err fold_span(const char *s, const char *e, char **out)
{
    char *f, *r, *w;
    loa_err err = loa_script_fold(s, (size_t)(e - s), &f);

    if (err != LOA_OK)
        return err;
    for (r = w = f; *r; r++) {
        if (is_space(*r)) {
            if (w > f && w[-1] != ' ')
                *w++ = ' ';
        } else {
            *w++ = *r;
        }
    }
    while (w > f && w[-1] == ' ')
        w--;
    *w = '\0';
    *out = f;
    return LOA_OK;
}

/* A date finding at S: WHAT and the value [S, E) are its arguments. */
static loa_err date_fail(parser *ps, const char *s, const char *e, const char *what,
                         const char *fmt, ...) LOAI_PRINTF(5, 6);

static loa_err date_fail(parser *ps, const char *s, const char *e, const char *what,
                         const char *fmt, ...)
{
    char *value = loai_dup_n(s, (size_t)(e - s));
    const char *arg[3] = {what, value, NULL};
    va_list ap;
    loa_err err;

    if (value == NULL)
        return LOA_ERR_NOMEM;
    va_start(ap, fmt);
    err = vfinding(ps, LOAI_SCRIPT_DATE, ps->lineno, col_of(ps, s), arg, fmt, ap);
    va_end(ap);
    free(value);
    return err;
}

/* Parse d/m/yyyy (separators / - .) at [S, E). */
static loa_err parse_date(parser *ps, const char *s, const char *e, const char *what,
                          loa_date *out)
{
    int v[3] = {0, 0, 0}, nd[3] = {0, 0, 0}, k = 0;
    const char *p = s;
    loa_date d;

    for (; p < e; p++) {
        if (*p >= '0' && *p <= '9') {
            v[k] = v[k] * 10 + (*p - '0');
            if (++nd[k] > 4)
                break;
        } else if ((*p == '/' || *p == '-' || *p == '.') && k < 2 && nd[k] > 0) {
            k++;
        } else {
            break;
        }
    }
    if (p != e || k != 2 || nd[0] > 2 || nd[1] > 2 || nd[2] != 4)
        return date_fail(ps, s, e, what, "'%s' is not a date — write it as dd/mm/yyyy, e.g. "
                                         "23/11/2026", what);
    d.day = v[0];
    d.month = v[1];
    d.year = v[2];
    if (!loa_date_valid(d))
        return date_fail(ps, s, e, what, "%.*s is not a date (no day %d in month %d of %d) — "
                                         "check the day and the month (dd/mm/yyyy)",
                         (int)(e - s), s, d.day, d.month, d.year);
    *out = d;
    return LOA_OK;
}

static loa_err parse_targets(parser *ps, const char *s, const char *e)
{
    loa_bulletin *b = ps->b;
    char *f;
    loa_err err = fold_span(s, e, &f);
    int all;

    if (err != LOA_OK)
        return err;
    all = strcmp(f, "tat ca") == 0 || strcmp(f, "all") == 0;
    free(f);
    if (all) {
        b->all_stations = 1;
        return LOA_OK;
    }
    /* Every id is looked at: each bad one is a finding of its own. */
    while (s < e) {
        const char *c = memchr(s, ',', (size_t)(e - s)), *ie = c ? c : e, *is = s;
        char **v;
        int *cols;

        trim(&is, &ie);
        s = c ? c + 1 : e;
        if (!loai_safe_id(is, ie)) {
            err = fail(ps, is, "'%.*s' is not a station or group id — write \"tất cả\" or "
                               "ids from the district config separated by commas, e.g. "
                               "\"man-duc, vung-cao\"", (int)(ie - is), is);
            if (err == LOA_ERR_NOMEM)
                return err;
            continue;
        }
        if ((v = realloc(b->targets, (b->n_targets + 1) * sizeof *v)) == NULL)
            return LOA_ERR_NOMEM;
        b->targets = v;
        if ((cols = realloc(ps->scan->target_col, (b->n_targets + 1) * sizeof *cols)) == NULL)
            return LOA_ERR_NOMEM;
        ps->scan->target_col = cols;
        cols[b->n_targets] = col_of(ps, is);
        if ((v[b->n_targets] = loai_dup_n(is, (size_t)(ie - is))) == NULL)
            return LOA_ERR_NOMEM;
        b->n_targets++;
    }
    return err;
}

static loa_err header_value(parser *ps, enum key k, const char *vs, const char *ve)
{
    loa_bulletin *b = ps->b;
    char *f = NULL;
    loa_err err = LOA_OK;

    if (vs == ve && k != K_AUTHOR)
        return fail(ps, vs, "'%s' has no value — write it after the colon", keys[k].shown);
    switch (k) {
    case K_TITLE:
        b->title_line = ps->lineno;
        return (b->title = loai_dup_n(vs, (size_t)(ve - vs))) ? LOA_OK : LOA_ERR_NOMEM;
    case K_AUTHOR:
        return (b->author = loai_dup_n(vs, (size_t)(ve - vs))) ? LOA_OK : LOA_ERR_NOMEM;
    case K_AUDIO: {
        size_t dl = ps->dir && vs[0] != '/' && strcmp(ps->dir, ".") != 0 ? strlen(ps->dir) : 0;
        size_t n = (size_t)(ve - vs);
        const char *q;

        /* Scripts come from editors: a recording must lie in or below the
         * script's directory, never elsewhere on the machine. */
        for (q = vs; q < ve; q++)
            if ((q == vs || q[-1] == '/') && ve - q >= 2 && q[0] == '.' && q[1] == '.' &&
                (ve - q == 2 || q[2] == '/'))
                break;
        if (vs[0] == '/' || q < ve)
            return fail(ps, vs, "the recording '%.*s' lies outside the script's folder — put "
                                "it beside the script (or in a folder below it) and write its "
                                "name without '/' at the start or '..'",
                        (int)n, vs);
        b->audio_line = ps->lineno;
        if ((b->audio = malloc(dl + n + 2)) == NULL)
            return LOA_ERR_NOMEM;
        if (dl) {
            memcpy(b->audio, ps->dir, dl);
            b->audio[dl++] = '/';
        }
        memcpy(b->audio + dl, vs, n);
        b->audio[dl + n] = '\0';
        return LOA_OK;
    }
    case K_FROM:
    case K_TO: {
        int i = k == K_TO;

        if (k == K_FROM)
            b->from_line = ps->lineno;
        else
            b->to_line = ps->lineno;
        if (k == K_TO)
            ps->to_col = col_of(ps, vs);
        ps->date_s[i] = vs;
        ps->date_e[i] = ve;
        err = parse_date(ps, vs, ve, keys[k].shown, k == K_FROM ? &b->from : &b->to);
        ps->date_ok[i] = err == LOA_OK;
        return err;
    }
    case K_STATIONS:
        b->targets_line = ps->lineno;
        return parse_targets(ps, vs, ve);
    default:
        break;
    }
    if ((err = fold_span(vs, ve, &f)) != LOA_OK)
        return err;
    if (k == K_PRIO) {
        if (strcmp(f, "thuong") == 0 || strcmp(f, "normal") == 0)
            b->priority = LOA_PRIO_NORMAL;
        else if (strcmp(f, "uu tien") == 0 || strcmp(f, "high") == 0)
            b->priority = LOA_PRIO_HIGH;
        else if (strcmp(f, "khan cap") == 0 || strcmp(f, "urgent") == 0)
            b->priority = LOA_PRIO_URGENT;
        else
            err = fail(ps, vs, "unknown priority '%.*s' — write thường, ưu tiên or khẩn cấp "
                               "(normal, high, urgent)", (int)(ve - vs), vs);
    } else if (k == K_REPEAT) {
        const char *p = f;
        long n = 0;

        while (*p >= '0' && *p <= '9' && n < 1000)
            n = n * 10 + (*p++ - '0');
        if (*p == ' ')
            p++;
        if (p == f || n < 1 || n > 100 ||
            !(*p == '\0' || strcmp(p, "lan") == 0 || strcmp(p, "times") == 0))
            err = fail(ps, vs, "'Số lần phát' is not a number of airings — write a whole "
                               "number from 1 to 100, e.g. 3");
        else
            b->repeat = (int)n;
    } else { /* K_DIALECT */
        const char *p = strncmp(f, "mien ", 5) == 0 ? f + 5 : f;
        loa_dialect d;

        if (loa_dialect_parse(p, &d) != LOA_OK)
            err = fail(ps, vs, "unknown dialect '%.*s' — write bắc, trung or nam (north, "
                               "central, south), or leave the line out", (int)(ve - vs), vs);
        else
            b->dialect = (int)d;
    }
    free(f);
    return err;
}

static loa_err header_line(parser *ps)
{
    const char *s = ps->line, *e = ps->line + ps->line_len;
    const char *colon = memchr(s, ':', ps->line_len), *ks, *ke, *vs;
    char *f;
    int k;
    loa_err err;

    trim(&s, &e);
    if (colon == NULL) {
        ps->no_colon = 1;
        return fail(ps, s, "expected 'Key: value' (e.g. 'Tiêu đề: ...') or the line '---' "
                           "that starts the text — add the missing '---' above the text");
    }
    ks = s;
    ke = colon;
    trim(&ks, &ke);
    if ((err = fold_span(ks, ke, &f)) != LOA_OK)
        return err;
    for (k = 0; k < K_COUNT; k++)
        if (strcmp(f, keys[k].folded) == 0 || strcmp(f, keys[k].alias) == 0)
            break;
    free(f);
    if (k == K_COUNT) {
        char *key = loai_dup_n(ks, (size_t)(ke - ks));
        const char *arg[3] = {key, NULL, NULL};

        if (key == NULL)
            return LOA_ERR_NOMEM;
        err = fail_as(ps, LOAI_SCRIPT_KEY, ps->lineno, col_of(ps, ks), arg,
                      "unknown header key '%.*s' — use Tiêu đề, Ưu tiên, Từ ngày, Đến "
                      "ngày, Số lần phát, Đài, Giọng, Người soạn or Âm thanh (or end the "
                      "header with '---')", (int)(ke - ks), ks);
        free(key);
        return err;
    }
    if (ps->seen & (1u << k))
        return fail(ps, ks, "'%s' is given twice — keep one line", keys[k].shown);
    ps->seen |= 1u << k;
    ps->scan->key_line[k] = ps->lineno;
    vs = colon + 1;
    trim(&vs, &e);
    return header_value(ps, (enum key)k, vs, e);
}

/* ---- body -------------------------------------------------------------- */

static loa_err push_seg(parser *ps, loa_seg_kind kind, int line, int col, loa_segment **out)
{
    loa_bulletin *b = ps->b;
    loa_segment *v;

    if (kind != LOA_SEG_PARAGRAPH && ps->para_segs == 0 && b->n_segs > 0) {
        loa_err err = push_seg(ps, LOA_SEG_PARAGRAPH, line, col, NULL);
        if (err != LOA_OK)
            return err;
    }
    /* The capacity doubles whenever the count reaches a power of two (8, 16,
     * ...; the struct has no field for it): growing one by one copied the
     * array every time, quadratic for a script of 100k lines. */
    if (b->n_segs == 0 || (b->n_segs >= 8 && (b->n_segs & (b->n_segs - 1)) == 0)) {
        size_t cap = b->n_segs == 0 ? 8 : 2 * b->n_segs;

        if (cap > SIZE_MAX / sizeof *v || (v = realloc(b->segs, cap * sizeof *v)) == NULL)
            return LOA_ERR_NOMEM;
        b->segs = v;
    }
    v = b->segs + b->n_segs++;
    memset(v, 0, sizeof *v);
    v->kind = kind;
    v->line = line;
    v->col = col;
    if (kind != LOA_SEG_PARAGRAPH)
        ps->para_segs++;
    if (out)
        *out = v;
    return LOA_OK;
}

/* Turn the pending text into a TEXT segment (trimmed; nothing if blank). */
static loa_err flush_text(parser *ps)
{
    const char *s, *e;
    loa_segment *seg;
    loa_err err;

    if (ps->text.len == 0)
        return LOA_OK; /* text.data may still be NULL */
    s = ps->text.data;
    e = s + ps->text.len;
    trim(&s, &e);
    if (s < e) {
        if ((err = push_seg(ps, LOA_SEG_TEXT, ps->text_line, ps->text_col, &seg)) != LOA_OK)
            return err;
        if ((seg->text = loai_dup_n(s, (size_t)(e - s))) == NULL)
            return LOA_ERR_NOMEM;
    }
    ps->text.len = 0;
    return LOA_OK;
}

static loa_err end_para(parser *ps)
{
    loa_err err = flush_text(ps);

    ps->in_para = 0;
    ps->para_segs = 0;
    return err;
}

/* Read a decimal number (comma or point) at *P; milli-units into *OUT. */
static int read_number(const char **p, long *out_milli)
{
    long ip = 0, frac = 0, scale = 1000;
    const char *s = *p;

    if (!(*s >= '0' && *s <= '9'))
        return -1;
    while (*s >= '0' && *s <= '9' && ip < 1000000)
        ip = ip * 10 + (*s++ - '0');
    if ((*s == ',' || *s == '.') && s[1] >= '0' && s[1] <= '9') {
        s++;
        while (*s >= '0' && *s <= '9') {
            if (scale > 1)
                frac += (*s - '0') * (scale /= 10);
            s++;
        }
    }
    *out_milli = ip * 1000 + frac;
    *p = s;
    return 0;
}

static loa_err pause_mark(parser *ps, const char *open, const char *close)
{
    char *f;
    const char *p;
    long milli, ms = -1;
    loa_segment *seg;
    loa_err err;

    if ((err = fold_span(open + 1, close, &f)) != LOA_OK)
        return err;
    p = f;
    if (strncmp(p, "nghi", 4) == 0)
        p += 4;
    else if (strncmp(p, "pause", 5) == 0)
        p += 5;
    else
        p = NULL;
    if (p) {
        while (*p == ' ')
            p++;
        if (read_number(&p, &milli) == 0) {
            while (*p == ' ')
                p++;
            if (strcmp(p, "ms") == 0)
                ms = milli / 1000;
            else if (strcmp(p, "giay") == 0 || strcmp(p, "s") == 0)
                ms = milli;
        }
    }
    free(f);
    if (ms < 0)
        return fail(ps, open, "unknown mark '%.*s' — a pause is written [nghỉ 2 giây] or "
                              "[nghỉ 500 ms]; use ( ) for other remarks",
                    (int)(close + 1 - open), open);
    if (ms < 1 || ms > 60000)
        return fail(ps, open, "pause '%.*s' must be from 1 ms to 60 giây",
                    (int)(close + 1 - open), open);
    if ((err = flush_text(ps)) != LOA_OK ||
        (err = push_seg(ps, LOA_SEG_PAUSE, ps->lineno, col_of(ps, open), &seg)) != LOA_OK)
        return err;
    seg->pause_ms = (int)ms;
    return LOA_OK;
}

static loa_err say_mark(parser *ps, const char *open, const char *close)
{
    const char *bar = memchr(open + 1, '|', (size_t)(close - open - 1));
    const char *ws = open + 1, *we = bar ? bar : close, *ss = bar ? bar + 1 : ws, *se = close;
    loa_segment *seg;
    loa_err err;

    trim(&ws, &we);
    trim(&ss, &se);
    if (ws == we || ss == se)
        return fail(ps, open, "empty pronunciation mark — write {VNeID|vê en e ai đi} (written "
                              "form|spoken form)");
    if (bar && memchr(bar + 1, '|', (size_t)(close - bar - 1)))
        return fail(ps, open, "a pronunciation mark has one '|' — write {written|spoken}");
    if ((err = flush_text(ps)) != LOA_OK ||
        (err = push_seg(ps, LOA_SEG_VERBATIM, ps->lineno, col_of(ps, open), &seg)) != LOA_OK)
        return err;
    if ((seg->text = loai_dup_n(ss, (size_t)(se - ss))) == NULL ||
        (seg->written = loai_dup_n(ws, (size_t)(we - ws))) == NULL)
        return LOA_ERR_NOMEM;
    return LOA_OK;
}

static int list_item(const char *s, const char *e)
{
    if (s < e && (*s == '-' || *s == '+' || *s == '*'))
        return 1;
    return e - s >= 3 && memcmp(s, "\xE2\x80\xA2", 3) == 0; /* • */
}

static loa_err body_line(parser *ps)
{
    const char *s = ps->line, *e = ps->line + ps->line_len, *p;
    loa_err err;

    trim(&s, &e);
    if (s == e)
        return end_para(ps);
    if (ps->in_para && list_item(s, e) && (err = end_para(ps)) != LOA_OK)
        return err;
    ps->in_para = 1;
    for (p = s; p < e; p++) {
        const char *close;

        if (*p == '[' || *p == '{') {
            char want = *p == '[' ? ']' : '}';
            const char *q;

            for (q = p + 1; q < e && *q != want; q++)
                if (*q == '[' || *q == '{')
                    return fail(ps, q, "'%c' inside a mark opened at column %d — close the "
                                       "first mark with '%c' before opening another",
                                *q, col_of(ps, p), want);
            if (q == e)
                return fail(ps, p, "'%c' is not closed on this line — add '%c' (marks like "
                                   "[nghỉ 2 giây] and {VNeID|vê en e ai đi} stay on one line)",
                            *p, want);
            close = q;
            err = *p == '[' ? pause_mark(ps, p, close) : say_mark(ps, p, close);
            if (err != LOA_OK)
                return err;
            p = close;
            continue;
        }
        if (*p == ']' || *p == '}')
            return fail(ps, p, "'%c' without a matching '%c' — remove it or add the opening "
                               "bracket", *p, *p == ']' ? '[' : '{');
        if (ps->text.len == 0) {
            ps->text_line = ps->lineno;
            ps->text_col = col_of(ps, p);
        }
        if (is_space(*p)) {
            if (ps->text.len && ps->text.data[ps->text.len - 1] != ' ' &&
                (err = loai_buf_add(&ps->text, " ", 1)) != LOA_OK)
                return err;
        } else if ((err = loai_buf_add(&ps->text, p, 1)) != LOA_OK) {
            return err;
        }
    }
    /* A sentence end (or a pause mark) closes the paragraph; otherwise the
     * line break is a space. */
    if (strchr(".!?:;]", e[-1]) != NULL)
        return end_para(ps);
    if (ps->text.len && ps->text.data[ps->text.len - 1] != ' ')
        return loai_buf_add(&ps->text, " ", 1);
    return LOA_OK;
}

/* ---- driver ------------------------------------------------------------ */

void loai_script_scan_clear(loai_script_scan *scan)
{
    size_t i;
    int k;

    if (scan == NULL)
        return;
    for (i = 0; i < scan->n; i++) {
        free(scan->items[i].msg);
        for (k = 0; k < 3; k++)
            free(scan->items[i].arg[k]);
    }
    free(scan->items);
    free(scan->target_col);
    memset(scan, 0, sizeof *scan);
}

/* The checks of the header as a whole, after the last line: they point at
 * the '---' line (or the end of the file). */
static loa_err whole_header(parser *ps, int in_body, int last_line)
{
    static const enum key required[] = {K_TITLE, K_FROM, K_TO, K_STATIONS};
    loa_bulletin *b = ps->b;
    int audio = (ps->seen & (1u << K_AUDIO)) != 0;
    loa_err err = LOA_OK;
    size_t i;

    ps->line = "";
    ps->line_len = 0;
    ps->lineno = ps->scan->dash_line ? ps->scan->dash_line : last_line ? last_line : 1;
    if (!in_body && !audio)
        err = fail(ps, NULL, "no '---' line after the header — add a line with three dashes "
                             "between the header and the text");
    for (i = 0; (in_body || audio) && i < sizeof required / sizeof required[0]; i++) {
        enum key k = required[i];
        const char *arg[3] = {keys[k].shown, keys[k].alias, NULL};

        if (!(ps->seen & (1u << k)) && err != LOA_ERR_NOMEM)
            err = fail_as(ps, LOAI_SCRIPT_MISSING, ps->lineno, 1, arg,
                          "the header has no '%s' (%s) — add a line '%s: ...' before '---'",
                          keys[k].shown, keys[k].alias, keys[k].shown);
    }
    if (err != LOA_ERR_NOMEM && ps->date_ok[0] && ps->date_ok[1] &&
        loa_date_cmp(b->to, b->from) < 0) {
        char *to = loai_dup_n(ps->date_s[1], (size_t)(ps->date_e[1] - ps->date_s[1]));
        char *from = loai_dup_n(ps->date_s[0], (size_t)(ps->date_e[0] - ps->date_s[0]));
        char from_line[16];
        const char *arg[3] = {to, from, from_line};

        snprintf(from_line, sizeof from_line, "%d", b->from_line);
        err = to && from ? fail_as(ps, LOAI_SCRIPT_ORDER, b->to_line, ps->to_col, arg,
                                   "'Đến ngày' %02d/%02d/%04d is before 'Từ ngày' "
                                   "%02d/%02d/%04d (line %d) — swap the dates or correct one",
                                   b->to.day, b->to.month, b->to.year, b->from.day,
                                   b->from.month, b->from.year, b->from_line)
                         : LOA_ERR_NOMEM;
        free(to);
        free(from);
    }
    if (err != LOA_ERR_NOMEM && in_body && !audio && !ps->scan->body_failed && b->n_segs == 0)
        err = fail(ps, NULL, "the bulletin has no text after '---' — write the text, or give "
                             "'Âm thanh: file.mp3' for a recorded bulletin");
    return err == LOA_ERR_NOMEM ? err : LOA_OK;
}

loa_err loai_script_read(loa_bulletin *b, const char *text, size_t len, const char *dir,
                         loai_script_scan *scan)
{
    parser ps;
    const char *p, *end;
    int in_body = 0, last_line = 0;
    loa_diag ud;
    loa_err err = LOA_OK;

    loa_bulletin_init(b);
    memset(scan, 0, sizeof *scan);
    memset(&ps, 0, sizeof ps);
    ps.b = b;
    ps.scan = scan;
    ps.dir = dir;
    ps.to_col = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    loa_diag_clear(&ud);
    if (loa_text_check_utf8(text, len, &ud) != LOA_OK) {
        const char *arg[3] = {NULL, NULL, NULL};

        err = fail_as(&ps, LOAI_SCRIPT_OTHER, ud.line, ud.col, arg, "%s", ud.msg);
        return err == LOA_ERR_NOMEM ? err : LOA_OK;
    }
    end = text + len;
    for (p = text; p < end && !ps.no_colon && !scan->body_failed;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;

        ps.line = p;
        ps.line_len = (size_t)(le - p);
        if (ps.line_len && p[ps.line_len - 1] == '\r')
            ps.line_len--;
        ps.lineno++;
        last_line = ps.lineno;
        p = nl ? nl + 1 : end;
        if (!in_body) {
            const char *s = ps.line, *e = ps.line + ps.line_len, *q;

            trim(&s, &e);
            if (s == e || *s == '#')
                continue;
            for (q = s; q < e && *q == '-'; q++)
                ;
            if (q == e && e - s >= 3) {
                in_body = 1;
                scan->dash_line = ps.lineno;
                continue;
            }
            /* A bad line is a finding; the next line is read all the same. */
            err = header_line(&ps);
        } else if (ps.seen & (1u << K_AUDIO)) {
            const char *s = ps.line, *e = ps.line + ps.line_len;

            trim(&s, &e);
            if (s != e) {
                err = fail(&ps, s, "a recorded bulletin ('Âm thanh' on line %d) has no text "
                                   "— remove the text after '---' or the 'Âm thanh' line",
                           scan->key_line[K_AUDIO]);
                scan->body_failed = 1;
            }
        } else if ((err = body_line(&ps)) == LOA_ERR_TEXT) {
            scan->body_failed = 1; /* the body stops at its first error */
        }
        if (err == LOA_ERR_NOMEM)
            goto out;
    }
    if (!scan->body_failed && !ps.no_colon && (err = end_para(&ps)) == LOA_ERR_TEXT)
        scan->body_failed = 1;
    if (err == LOA_ERR_NOMEM)
        goto out;
    /* After a line that is no "Key: value" nothing more is known. */
    err = ps.no_colon ? LOA_OK : whole_header(&ps, in_body, last_line);
out:
    loai_buf_free(&ps.text);
    return err == LOA_ERR_NOMEM ? err : LOA_OK;
}

loa_err loa_bulletin_parse(loa_bulletin *b, const char *text, size_t len, const char *dir,
                           loa_diag *diag)
{
    loai_script_scan scan;
    loa_err err = loai_script_read(b, text, len, dir, &scan);

    if (err == LOA_OK && scan.n > 0) {
        const loai_script_finding *f = &scan.items[0];

        if (diag != NULL) {
            diag->line = f->line;
            diag->col = f->col;
            snprintf(diag->msg, sizeof diag->msg, "%s", f->msg);
        }
        err = LOA_ERR_TEXT;
    }
    if (err != LOA_OK)
        loa_bulletin_clear(b);
    loai_script_scan_clear(&scan);
    return err;
}

loa_err loa_bulletin_load(loa_bulletin *b, const char *path, loa_diag *diag)
{
    char *text, *dir;
    const char *slash = strrchr(path, '/');
    size_t len;
    loa_err err;

    loa_bulletin_init(b);
    if ((err = loa_file_read(path, &text, &len, diag)) != LOA_OK)
        return err;
    dir = slash ? loai_dup_n(path, (size_t)(slash - path)) : loai_dup_n(".", 1);
    if (dir == NULL) {
        free(text);
        return LOA_ERR_NOMEM;
    }
    err = loa_bulletin_parse(b, text, len, slash == path ? "/" : dir, diag);
    free(dir);
    free(text);
    return err;
}
