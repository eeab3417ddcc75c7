/* Bulletin scripts: "Key: value" header, "---", body with pause and
 * pronunciation marks → loa_bulletin. Pure parsing plus one file read.
 * The one reader of the header: loai_script_read goes on past errors and
 * collects every finding with its position (loa check and loa build report
 * them all), loa_bulletin_parse reports the first error. Findings are
 * catalogue messages (loa check's ids, check_msg.c) with their arguments,
 * so they read the same in loa check, loa build and loa speak, in either
 * language. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/check.h"
#include "loa/date.h"
#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/msg.h"
#include "loa/plan.h"
#include "loa/script.h"
#include "loa/synth.h"
#include "loa/text.h"
#include "buf_int.h"
#include "error_int.h"
#include "script_int.h"

#define DAY_MIN 1440

void loa_bulletin_init(loa_bulletin *b)
{
    memset(b, 0, sizeof *b);
    b->dialect = -1;
    b->gender = -1;
    b->repeat = 1;
    b->to_min = DAY_MIN;
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

/* A number that orders (day, minute) pairs: minute <= 1440 < 2000. */
static long instant(loa_date d, int minute)
{
    return (long)d.year * 10000000L + d.month * 100000L + d.day * 2000L + minute;
}

int loa_bulletin_valid_at(const loa_bulletin *b, loa_date day, int minute)
{
    long t = instant(day, minute);

    return t >= instant(b->from, b->from_min) && t < instant(b->to, b->to_min);
}

int loa_bulletin_valid_on(const loa_bulletin *b, loa_date day)
{
    /* some minute of DAY in [from, to): the day starts before the end and
     * ends after the start */
    return instant(day, 0) < instant(b->to, b->to_min) &&
           instant(day, DAY_MIN) > instant(b->from, b->from_min);
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

/* Record finding ID at LINE:COL with arguments A0..A2 (copied; NULL for
 * none). Returns LOA_ERR_TEXT (an error), LOA_OK (a warning), or
 * LOA_ERR_NOMEM when it cannot be kept. */
static loa_err add_finding(parser *ps, loa_check_id id, int warning, int line, int col,
                           const char *a0, const char *a1, const char *a2)
{
    loai_script_scan *sc = ps->scan;
    const char *a[3] = {a0, a1, a2};
    loai_script_finding *f;
    int k;

    if ((f = realloc(sc->items, (sc->n + 1) * sizeof *f)) == NULL)
        return LOA_ERR_NOMEM;
    sc->items = f;
    f += sc->n++;
    memset(f, 0, sizeof *f);
    f->id = id;
    f->warning = warning;
    f->line = line;
    f->col = col;
    for (k = 0; k < 3; k++)
        if (a[k] != NULL && (f->arg[k] = loai_dup_str(a[k])) == NULL)
            return LOA_ERR_NOMEM;
    if (warning)
        return LOA_OK;
    sc->errors++;
    return LOA_ERR_TEXT;
}

/* An error on the current line at AT (its start when AT is NULL). */
static loa_err fail(parser *ps, loa_check_id id, const char *at, const char *a0, const char *a1,
                    const char *a2)
{
    return add_finding(ps, id, 0, ps->lineno, at ? col_of(ps, at) : 1, a0, a1, a2);
}

/* The same with the first argument the span [S, E). */
static loa_err fail_span(parser *ps, loa_check_id id, const char *at, const char *s,
                         const char *e, const char *a1, const char *a2)
{
    char *v = loai_dup_n(s, (size_t)(e - s));
    loa_err err;

    if (v == NULL)
        return LOA_ERR_NOMEM;
    err = fail(ps, id, at, v, a1, a2);
    free(v);
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
    const char *alias2; /* another ASCII alias, or NULL */
} keys[K_COUNT] = {
    {"tieu de", "title", "Tiêu đề", NULL},         {"uu tien", "priority", "Ưu tiên", NULL},
    {"tu ngay", "from", "Từ ngày", NULL},          {"den ngay", "to", "Đến ngày", NULL},
    {"so lan phat", "repeat", "Số lần phát", NULL}, {"dai", "stations", "Đài", NULL},
    {"giong", "dialect", "Giọng", "voice"},        {"nguoi soan", "author", "Người soạn", NULL},
    {"am thanh", "audio", "Âm thanh", NULL},
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

/* The key K whose folded form F is (-1 when none). */
static int key_of(const char *f)
{
    int k;

    for (k = 0; k < K_COUNT; k++)
        if (strcmp(f, keys[k].folded) == 0 || strcmp(f, keys[k].alias) == 0 ||
            (keys[k].alias2 && strcmp(f, keys[k].alias2) == 0))
            return k;
    return -1;
}

/* Read up to MAX digits at *P (< E); their value, -1 when none. */
static int digits(const char **p, const char *e, int max, int *n)
{
    int v = 0;

    *n = 0;
    while (*p < e && **p >= '0' && **p <= '9' && *n < max + 1) {
        v = v * 10 + (**p - '0');
        (*p)++;
        (*n)++;
    }
    return *n ? v : -1;
}

/* An error about the date [S, E) of key K: its arguments are the key and
 * the value. */
static loa_err date_fail(parser *ps, loa_check_id id, enum key k, const char *s, const char *e)
{
    char *v = loai_dup_n(s, (size_t)(e - s));
    loa_err err;

    if (v == NULL)
        return LOA_ERR_NOMEM;
    err = fail(ps, id, s, keys[k].shown, v, NULL);
    free(v);
    return err;
}

/* Parse "dd/mm/yyyy" (separators / - .), optionally followed by a time of
 * day "HH:MM" (also "8:00", "8h30", "8h", after a space, a comma or "lúc"),
 * at [S, E). *MINUTE gets the time, or DEFAULT_MIN without one. */
static loa_err parse_when(parser *ps, const char *s, const char *e, enum key k, loa_date *out,
                          int *minute, int default_min)
{
    const char *p = s, *ts;
    int v[3] = {0, 0, 0}, nd[3] = {0, 0, 0}, n = 0, hh, mm = 0, nh, nm;
    loa_date d;

    while (n < 3) {
        v[n] = digits(&p, e, 4, &nd[n]);
        if (nd[n] == 0)
            break;
        n++;
        if (n < 3 && p < e && (*p == '/' || *p == '-' || *p == '.') && p + 1 < e &&
            p[1] >= '0' && p[1] <= '9')
            p++;
        else
            break;
    }
    ts = p;
    /* what may stand between the date and the time */
    while (p < e && (is_space(*p) || *p == ','))
        p++;
    if (e - p >= 4 && (strncmp(p, "lúc", 4) == 0 || strncmp(p, "luc", 3) == 0)) {
        p += strncmp(p, "lúc", 4) == 0 ? 4 : 3;
        while (p < e && is_space(*p))
            p++;
    }
    if (n == 2 && nd[0] <= 2 && nd[1] <= 2 && (ts == e || p > ts))
        return date_fail(ps, LOA_CK_HDR_DATE_YEAR, k, s, e);
    if (n != 3 || nd[0] > 2 || nd[1] > 2 || nd[2] != 4 || (ts != e && p == ts))
        return date_fail(ps, LOA_CK_HDR_DATE_FORM, k, s, e);
    d.day = v[0];
    d.month = v[1];
    d.year = v[2];
    if (!loa_date_valid(d))
        return date_fail(ps, LOA_CK_HDR_DATE, k, s, e);
    *minute = default_min;
    if (p < e) {
        const char *t0 = p;
        char *value, *tm;
        loa_err err;

        hh = digits(&p, e, 2, &nh);
        if (nh >= 1 && nh <= 2 && p < e && (*p == ':' || *p == 'h' || *p == 'H' || *p == 'g')) {
            p++;
            mm = digits(&p, e, 2, &nm);
            if (nm == 0)
                mm = 0, nm = 2; /* "8h" */
            while (p < e && is_space(*p))
                p++;
            if (nm == 2 && p == e && hh <= 23 && mm <= 59) {
                *out = d;
                *minute = hh * 60 + mm;
                return LOA_OK;
            }
        }
        value = loai_dup_n(s, (size_t)(e - s));
        tm = loai_dup_n(t0, (size_t)(e - t0));
        err = value && tm ? fail(ps, LOA_CK_HDR_TIME, t0, keys[k].shown, value, tm)
                          : LOA_ERR_NOMEM;
        free(value);
        free(tm);
        return err;
    }
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
            err = fail_span(ps, LOA_CK_HDR_TARGET_FORM, is, is, ie, NULL, NULL);
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

/* "Giọng": the region and/or the voice, in words (F folded). A bare
 * "nam" is the south unless a region is named too (then it is the voice),
 * with a warning. */
static loa_err parse_voice(parser *ps, const char *vs, const char *ve, const char *f)
{
    static const struct {
        const char *w1, *w2; /* one or two folded words */
        int dialect, gender;
    } words[] = {
        {"mien", "bac", LOA_DIALECT_NORTH, -1},  {"mien", "trung", LOA_DIALECT_CENTRAL, -1},
        {"mien", "nam", LOA_DIALECT_SOUTH, -1},  {"bac", "bo", LOA_DIALECT_NORTH, -1},
        {"trung", "bo", LOA_DIALECT_CENTRAL, -1}, {"nam", "bo", LOA_DIALECT_SOUTH, -1},
        {"nam", "gioi", -1, LOA_GENDER_MALE},    {"nu", "gioi", -1, LOA_GENDER_FEMALE},
        {"bac", NULL, LOA_DIALECT_NORTH, -1},    {"trung", NULL, LOA_DIALECT_CENTRAL, -1},
        {"north", NULL, LOA_DIALECT_NORTH, -1},  {"central", NULL, LOA_DIALECT_CENTRAL, -1},
        {"south", NULL, LOA_DIALECT_SOUTH, -1},  {"northern", NULL, LOA_DIALECT_NORTH, -1},
        {"southern", NULL, LOA_DIALECT_SOUTH, -1}, {"nu", NULL, -1, LOA_GENDER_FEMALE},
        {"female", NULL, -1, LOA_GENDER_FEMALE}, {"male", NULL, -1, LOA_GENDER_MALE},
        {"giong", NULL, -1, -1},                 {"doc", NULL, -1, -1},
    };
    loa_bulletin *b = ps->b;
    char w[8][16];
    int n = 0, i, dialect = -1, gender = -1, bare_nam = 0;
    const char *p = f;
    size_t k;

    while (*p) {
        size_t l;

        while (*p == ' ' || *p == ',' || *p == ';' || *p == '-' || *p == '/')
            p++;
        l = strcspn(p, " ,;-/");
        if (l == 0)
            break;
        if (n == 8 || l >= sizeof w[0])
            goto bad;
        memcpy(w[n], p, l);
        w[n++][l] = '\0';
        p += l;
    }
    for (i = 0; i < n;) {
        for (k = 0; k < sizeof words / sizeof words[0]; k++)
            if (strcmp(w[i], words[k].w1) == 0 &&
                (words[k].w2 == NULL || (i + 1 < n && strcmp(w[i + 1], words[k].w2) == 0)))
                break;
        if (k < sizeof words / sizeof words[0]) {
            if (words[k].dialect >= 0) {
                if (dialect >= 0 && dialect != words[k].dialect)
                    goto bad;
                dialect = words[k].dialect;
            }
            if (words[k].gender >= 0) {
                if (gender >= 0 && gender != words[k].gender)
                    goto bad;
                gender = words[k].gender;
            }
            i += words[k].w2 ? 2 : 1;
        } else if (strcmp(w[i], "nam") == 0) {
            bare_nam = 1;
            i++;
        } else {
            goto bad;
        }
    }
    if (bare_nam) {
        if (dialect < 0) { /* the old meaning: the southern accent */
            char *v = loai_dup_n(vs, (size_t)(ve - vs));
            loa_err err;

            if (v == NULL)
                return LOA_ERR_NOMEM;
            dialect = LOA_DIALECT_SOUTH;
            err = add_finding(ps, LOA_CK_HDR_VOICE_NAM, 1, ps->lineno, col_of(ps, vs), v, NULL,
                              NULL);
            free(v);
            if (err == LOA_ERR_NOMEM)
                return err;
        } else if (gender < 0 || gender == LOA_GENDER_MALE) {
            gender = LOA_GENDER_MALE;
        } else {
            goto bad;
        }
    }
    if (dialect < 0 && gender < 0)
        goto bad;
    b->dialect = dialect;
    b->gender = gender;
    return LOA_OK;
bad:
    return fail_span(ps, LOA_CK_HDR_VOICE, vs, vs, ve, NULL, NULL);
}

static loa_err header_value(parser *ps, enum key k, const char *vs, const char *ve)
{
    static const struct {
        const char *folded, *shown;
        loa_priority p;
    } prios[] = {
        {"thuong", "thường", LOA_PRIO_NORMAL}, {"uu tien", "ưu tiên", LOA_PRIO_HIGH},
        {"khan cap", "khẩn cấp", LOA_PRIO_URGENT}, {"normal", "normal", LOA_PRIO_NORMAL},
        {"high", "high", LOA_PRIO_HIGH},      {"urgent", "urgent", LOA_PRIO_URGENT},
    };
    loa_bulletin *b = ps->b;
    char *f = NULL;
    loa_err err = LOA_OK;
    size_t i;

    if (vs == ve && k != K_AUTHOR)
        return fail(ps, LOA_CK_HDR_EMPTY, vs, keys[k].shown, NULL, NULL);
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
            return fail_span(ps, LOA_CK_HDR_AUDIO_OUTSIDE, vs, vs, ve, NULL, NULL);
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
        int t = k == K_TO;

        if (k == K_FROM)
            b->from_line = ps->lineno;
        else
            b->to_line = ps->lineno;
        if (k == K_TO)
            ps->to_col = col_of(ps, vs);
        ps->date_s[t] = vs;
        ps->date_e[t] = ve;
        err = t ? parse_when(ps, vs, ve, k, &b->to, &b->to_min, DAY_MIN)
                : parse_when(ps, vs, ve, k, &b->from, &b->from_min, 0);
        ps->date_ok[t] = err == LOA_OK;
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
        for (i = 0; i < sizeof prios / sizeof prios[0]; i++)
            if (strcmp(f, prios[i].folded) == 0)
                break;
        if (i < sizeof prios / sizeof prios[0]) {
            b->priority = prios[i].p;
        } else {
            for (i = 0; i < sizeof prios / sizeof prios[0]; i++)
                if (loai_near(f, prios[i].folded))
                    break;
            err = i < sizeof prios / sizeof prios[0]
                      ? fail_span(ps, LOA_CK_HDR_PRIO_NEAR, vs, vs, ve, prios[i].shown, NULL)
                      : fail_span(ps, LOA_CK_HDR_PRIO, vs, vs, ve, NULL, NULL);
        }
    } else if (k == K_REPEAT) {
        const char *p = f;
        long n = 0;

        while (*p >= '0' && *p <= '9' && n < 1000)
            n = n * 10 + (*p++ - '0');
        if (*p == ' ')
            p++;
        if (p == f || n < 1 || n > 100 ||
            !(*p == '\0' || strcmp(p, "lan") == 0 || strcmp(p, "times") == 0))
            err = fail_span(ps, LOA_CK_HDR_REPEAT_VALUE, vs, vs, ve, NULL, NULL);
        else
            b->repeat = (int)n;
    } else { /* K_DIALECT */
        err = parse_voice(ps, vs, ve, f);
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
        return fail(ps, LOA_CK_HDR_LINE, s, NULL, NULL, NULL);
    }
    ks = s;
    ke = colon;
    trim(&ks, &ke);
    if ((err = fold_span(ks, ke, &f)) != LOA_OK)
        return err;
    k = key_of(f);
    if (k < 0) {
        int near = -1;

        for (k = 0; k < K_COUNT && near < 0; k++)
            if (loai_near(f, keys[k].folded) || loai_near(f, keys[k].alias))
                near = k;
        free(f);
        if (near >= 0)
            return fail_span(ps, LOA_CK_HDR_KEY_NEAR, ks, ks, ke, keys[near].shown, NULL);
        return fail_span(ps, LOA_CK_HDR_KEY, ks, ks, ke, NULL, NULL);
    }
    free(f);
    if (ps->seen & (1u << k))
        return fail(ps, LOA_CK_HDR_TWICE, ks, keys[k].shown, NULL, NULL);
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
        return fail_span(ps, LOA_CK_MARK_UNKNOWN, open, open, close + 1, NULL, NULL);
    if (ms < 1 || ms > 60000)
        return fail_span(ps, LOA_CK_MARK_PAUSE, open, open, close + 1, NULL, NULL);
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
        return fail(ps, LOA_CK_MARK_EMPTY, open, NULL, NULL, NULL);
    if (bar && memchr(bar + 1, '|', (size_t)(close - bar - 1)))
        return fail(ps, LOA_CK_MARK_BAR, open, NULL, NULL, NULL);
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

/* One body line. A bad mark is a finding and the line goes on after it;
 * after a bracket that cannot be paired the rest of the line is not read. */
static loa_err body_line(parser *ps)
{
    const char *s = ps->line, *e = ps->line + ps->line_len, *p;
    loa_err err, first = LOA_OK;

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
            char a[2][2] = {{*p, 0}, {want, 0}};
            const char *q;

            for (q = p + 1; q < e && *q != want; q++)
                if (*q == '[' || *q == '{') {
                    char inner[2] = {*q, 0}, col[16];

                    snprintf(col, sizeof col, "%d", col_of(ps, p));
                    return fail(ps, LOA_CK_MARK_NESTED, q, inner, col, a[1]);
                }
            if (q == e)
                return fail(ps, LOA_CK_MARK_OPEN, p, a[0], a[1], NULL);
            close = q;
            err = *p == '[' ? pause_mark(ps, p, close) : say_mark(ps, p, close);
            if (err == LOA_ERR_NOMEM)
                return err;
            if (err != LOA_OK && first == LOA_OK)
                first = err;
            p = close;
            continue;
        }
        if (*p == ']' || *p == '}') {
            char a[2][2] = {{*p, 0}, {*p == ']' ? '[' : '{', 0}};

            return fail(ps, LOA_CK_MARK_CLOSE, p, a[0], a[1], NULL);
        }
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
        err = end_para(ps);
    else if (ps->text.len && ps->text.data[ps->text.len - 1] != ' ')
        err = loai_buf_add(&ps->text, " ", 1);
    else
        err = LOA_OK;
    return err != LOA_OK ? err : first;
}

/* ---- driver ------------------------------------------------------------ */

void loai_script_scan_clear(loai_script_scan *scan)
{
    size_t i;
    int k;

    if (scan == NULL)
        return;
    for (i = 0; i < scan->n; i++)
        for (k = 0; k < 3; k++)
            free(scan->items[i].arg[k]);
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
        err = fail(ps, LOA_CK_HDR_NO_DASH, NULL, NULL, NULL, NULL);
    for (i = 0; (in_body || audio) && i < sizeof required / sizeof required[0]; i++) {
        enum key k = required[i];

        if (!(ps->seen & (1u << k)) && err != LOA_ERR_NOMEM)
            err = fail(ps, LOA_CK_HDR_MISSING, NULL, keys[k].shown, keys[k].alias, NULL);
    }
    if (err != LOA_ERR_NOMEM && ps->date_ok[0] && ps->date_ok[1] &&
        !(instant(b->to, b->to_min) > instant(b->from, b->from_min))) {
        char *to = loai_dup_n(ps->date_s[1], (size_t)(ps->date_e[1] - ps->date_s[1]));
        char *from = loai_dup_n(ps->date_s[0], (size_t)(ps->date_e[0] - ps->date_s[0]));
        char from_line[16];

        snprintf(from_line, sizeof from_line, "%d", b->from_line);
        err = to && from ? add_finding(ps, LOA_CK_HDR_ORDER, 0, b->to_line, ps->to_col, to, from,
                                       from_line)
                         : LOA_ERR_NOMEM;
        free(to);
        free(from);
    }
    if (err != LOA_ERR_NOMEM && in_body && !audio && !ps->scan->body_failed && b->n_segs == 0)
        err = fail(ps, LOA_CK_BODY_EMPTY, NULL, NULL, NULL, NULL);
    return err == LOA_ERR_NOMEM ? err : LOA_OK;
}

loa_err loai_script_read(loa_bulletin *b, const char *text, size_t len, const char *dir,
                         loai_script_scan *scan)
{
    parser ps;
    const char *p, *end;
    int in_body = 0, last_line = 0, audio_text = 0;
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
        err = add_finding(&ps, LOA_CK_SCRIPT, 0, ud.line, ud.col, ud.msg, NULL, NULL);
        return err == LOA_ERR_NOMEM ? err : LOA_OK;
    }
    end = text + len;
    for (p = text; p < end && !ps.no_colon;) {
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
            char line[16];

            trim(&s, &e);
            if (s != e && !audio_text) { /* said once */
                audio_text = 1;
                snprintf(line, sizeof line, "%d", scan->key_line[K_AUDIO]);
                err = fail(&ps, LOA_CK_BODY_AUDIO, s, line, NULL, NULL);
                scan->body_failed = 1;
            }
        } else if ((err = body_line(&ps)) == LOA_ERR_TEXT) {
            scan->body_failed = 1; /* its segments are incomplete; the next line is read */
        }
        if (err == LOA_ERR_NOMEM)
            goto out;
    }
    if (!ps.no_colon && (err = end_para(&ps)) == LOA_ERR_NOMEM)
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
    size_t i;

    if (err == LOA_OK && scan.errors > 0) {
        for (i = 0; i < scan.n && scan.items[i].warning; i++)
            ;
        if (diag != NULL && i < scan.n) {
            const loai_script_finding *f = &scan.items[i];
            loa_check_item it;
            char *msg;

            memset(&it, 0, sizeof it);
            it.id = f->id;
            memcpy(it.arg, f->arg, sizeof it.arg);
            msg = loa_check_message(&it, LOA_LANG_EN);
            diag->line = f->line;
            diag->col = f->col;
            snprintf(diag->msg, sizeof diag->msg, "%s", msg ? msg : loa_strerror(LOA_ERR_TEXT));
            free(msg);
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

int loa_script_detect(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    int lines = 0, keyed = 0, known = 0;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *s = p, *e = nl ? nl : end, *q;
        const char *colon;

        p = nl ? nl + 1 : end;
        trim(&s, &e);
        if (e > s && e[-1] == '\r')
            e--;
        trim(&s, &e);
        if (s == e || *s == '#')
            continue;
        for (q = s; q < e && *q == '-'; q++)
            ;
        if (q == e && e - s >= 3) /* the '---': a script if all before was a header */
            return lines > 0 && keyed == lines && known > 0;
        lines++;
        colon = memchr(s, ':', (size_t)(e - s));
        if (colon != NULL && colon - s <= 40) {
            char *f = NULL;
            const char *ks = s, *ke = colon;

            keyed++;
            trim(&ks, &ke);
            if (fold_span(ks, ke, &f) == LOA_OK && key_of(f) >= 0) {
                known++;
                if (lines == 1) {
                    free(f);
                    return 1;
                }
            }
            free(f);
        }
        if (lines > 40)
            break;
    }
    return 0;
}

/* Length of the blank at P (< E) that a segment's text turns into a space:
 * blanks, line breaks, and Word's no-break space; 0 when P is no blank. */
static size_t blank_len(const char *p, const char *e)
{
    if (*p == ' ' || *p == '\t' || *p == '\v' || *p == '\f' || *p == '\r' || *p == '\n')
        return 1;
    if (e - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    return 0;
}

void loa_segment_pos(const char *text, size_t len, const loa_segment *sg, int col, int *line,
                     int *fcol)
{
    const char *p = text, *e = text + len;
    int l = 1, c = 1, k;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    /* to the segment's start */
    while (p < e && l < sg->line)
        if (*p++ == '\n')
            l++;
    while (p < e && c < sg->col && *p != '\n') {
        p++;
        while (p < e && ((unsigned char)*p & 0xC0) == 0x80)
            p++;
        c++;
    }
    /* then COL - 1 characters of the segment's text: a run of blanks is one */
    for (k = 1; k < col && p < e; k++) {
        if (blank_len(p, e) > 0) {
            size_t b;

            while (p < e && (b = blank_len(p, e)) > 0) {
                if (*p == '\n') {
                    l++;
                    c = 1;
                } else {
                    c++;
                }
                p += b;
            }
        } else {
            p++;
            while (p < e && ((unsigned char)*p & 0xC0) == 0x80)
                p++;
            c++;
        }
    }
    *line = l;
    *fcol = c;
}
