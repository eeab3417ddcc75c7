/* Pronunciation lexicon: plain-text files from voices/, loaded at run time
 * so a district can add place names and local words without recompiling.
 *
 * File format: UTF-8, one "KEY = READING" a line, '#' starts a comment,
 * "[section]" lines choose what the following entries are (abbreviations,
 * foreign, issuers, doctypes, letters, units, domains, central, south,
 * currencies, multipliers, service, cues). A key may name a context after
 * " @" ("ĐT @num = đường tỉnh"): one key, several readings, tried in file
 * order, the one without a context last. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/file.h"
#include "loa/text.h"
#include "buf_int.h"
#include "error_int.h"
#include "text_int.h"

struct alt {
    loai_alt pub; /* ctx and val are owned */
    struct alt *next;
};

struct entry {
    char *key; /* lowercased for case-insensitive sections */
    unsigned sec;
    int cue;   /* CUE section: the roles, parsed */
    struct alt *alts;
};

struct loa_lexicon {
    struct entry *tab; /* open addressing, power-of-two size */
    size_t cap;
    size_t count;
};

static const char *const sec_names[LOAI_LEX_NSEC] = {
    "abbreviations", "foreign", "issuers",    "doctypes", "letters",  "units",  "domains",
    "central",       "south",   "currencies", "multipliers", "service", "cues"};

static const char *const cue_names[] = {"day",   "date",  "roman", "phone",  "ident",
                                        "ordinal", "month", "per", "year", "temp",
                                        "count", "score", "named", "quarter", "label", "doc", "plain",
                                        "org", "plate", "house", "lunar", "name"};

static int sec_folds(int sec)
{
    return sec == LOAI_LEX_FOREIGN || sec == LOAI_LEX_DOMAIN || sec == LOAI_LEX_CUE;
}

static size_t hash(int sec, const char *s, size_t n)
{
    size_t h = 2166136261u ^ (size_t)sec;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static loa_err grow(loa_lexicon *lex)
{
    size_t cap = lex->cap ? lex->cap * 2 : 1024, i;
    struct entry *tab = calloc(cap, sizeof *tab);

    if (tab == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < lex->cap; i++) {
        struct entry *e = &lex->tab[i];
        size_t h;

        if (e->key == NULL)
            continue;
        h = hash((int)e->sec, e->key, strlen(e->key)) & (cap - 1);
        while (tab[h].key != NULL)
            h = (h + 1) & (cap - 1);
        tab[h] = *e;
    }
    free(lex->tab);
    lex->tab = tab;
    lex->cap = cap;
    return LOA_OK;
}

static struct entry *find(const loa_lexicon *lex, int sec, const char *key, size_t n)
{
    size_t h;

    if (lex->cap == 0)
        return NULL;
    h = hash(sec, key, n) & (lex->cap - 1);
    while (lex->tab[h].key != NULL) {
        struct entry *e = &lex->tab[h];

        if ((int)e->sec == sec && strncmp(e->key, key, n) == 0 && e->key[n] == '\0')
            return e;
        h = (h + 1) & (lex->cap - 1);
    }
    return NULL;
}

static void free_alts(struct alt *a)
{
    while (a != NULL) {
        struct alt *nx = a->next;

        free((char *)a->pub.ctx);
        free((char *)a->pub.val);
        free(a);
        a = nx;
    }
}

/* Insert or replace the reading of KEY in context CTX; takes ownership of
 * KEY, CTX and VAL (freed on failure too). */
static loa_err put(loa_lexicon *lex, int sec, char *key, char *ctx, char *val, int cue)
{
    struct entry *e;
    struct alt *a, **tail;
    size_t h;
    loa_err err;

    if ((e = find(lex, sec, key, strlen(key))) != NULL) {
        free(key);
        for (tail = &e->alts; *tail != NULL; tail = &(*tail)->next) {
            if (strcmp((*tail)->pub.ctx, ctx) == 0) {
                free(ctx);
                free((char *)(*tail)->pub.val);
                (*tail)->pub.val = val;
                e->cue = cue;
                return LOA_OK;
            }
        }
    } else {
        if ((lex->count + 1) * 2 > lex->cap && (err = grow(lex)) != LOA_OK) {
            free(key);
            free(ctx);
            free(val);
            return err;
        }
        h = hash(sec, key, strlen(key)) & (lex->cap - 1);
        while (lex->tab[h].key != NULL)
            h = (h + 1) & (lex->cap - 1);
        e = &lex->tab[h];
        e->key = key;
        e->sec = (unsigned)sec;
        e->alts = NULL;
        lex->count++;
        tail = &e->alts;
    }
    if ((a = calloc(1, sizeof *a)) == NULL) {
        free(ctx);
        free(val);
        return LOA_ERR_NOMEM;
    }
    a->pub.ctx = ctx;
    a->pub.val = val;
    e->cue = cue;
    /* a reading without a context is the fallback: keep it last */
    if (ctx[0] != '\0' && e->alts != NULL) {
        for (tail = &e->alts; *tail != NULL && (*tail)->pub.ctx[0] != '\0';
             tail = &(*tail)->next)
            ;
    }
    a->next = *tail;
    *tail = a;
    for (a = e->alts; a != NULL; a = a->next)
        a->pub.next = a->next ? &a->next->pub : NULL;
    return LOA_OK;
}

static const struct entry *lookup(const loa_lexicon *lex, int sec, const char *key, size_t n)
{
    char low[256];

    if (lex == NULL || n == 0 || n >= sizeof low)
        return NULL;
    if (sec_folds(sec)) {
        size_t l = loai_utf8_lower_to(low, sizeof low, key, n);

        if (l == (size_t)-1)
            return NULL;
        return find(lex, sec, low, l);
    }
    return find(lex, sec, key, n);
}

const char *loai_lex_get(const loa_lexicon *lex, int sec, const char *key, size_t n)
{
    const struct entry *e = lookup(lex, sec, key, n);
    const struct alt *a;

    if (e == NULL)
        return NULL;
    for (a = e->alts; a != NULL; a = a->next)
        if (a->pub.ctx[0] == '\0')
            return a->pub.val;
    return e->alts ? e->alts->pub.val : NULL;
}

const loai_alt *loai_lex_alts(const loa_lexicon *lex, int sec, const char *key, size_t n)
{
    const struct entry *e = lookup(lex, sec, key, n);

    return e && e->alts ? &e->alts->pub : NULL;
}

int loai_lex_cue(const loa_lexicon *lex, const char *key, size_t n)
{
    const struct entry *e = lookup(lex, LOAI_LEX_CUE, key, n);

    return e ? e->cue : 0;
}

/* Roles named in VAL ("day date") as bit flags; -1 for an unknown name. */
static int parse_cue(const char *val)
{
    int flags = 0;
    const char *p = val;

    while (*p) {
        size_t l, i;

        while (*p == ' ')
            p++;
        l = strcspn(p, " ");
        if (l == 0)
            break;
        for (i = 0; i < sizeof cue_names / sizeof cue_names[0]; i++)
            if (strlen(cue_names[i]) == l && memcmp(cue_names[i], p, l) == 0)
                break;
        if (i == sizeof cue_names / sizeof cue_names[0])
            return -1;
        flags |= 1 << i;
        p += l;
    }
    return flags;
}

static char *dup_trim(const char *s, size_t n)
{
    char *p;

    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if ((p = malloc(n + 1)) == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Is CTX a list of contexts the word class knows? */
static int valid_ctx(const char *ctx)
{
    static const char *const names[] = {"@num", "@year", "@name", "@colon", "@end",
                                        "@digits", "@roman", "@after=", "@before=",
                                        "@near="};
    const char *p = ctx;

    while (*p) {
        size_t l = strcspn(p, " "), i;

        for (i = 0; i < sizeof names / sizeof names[0]; i++) {
            size_t nl = strlen(names[i]);

            if (names[i][nl - 1] == '=' ? l > nl && memcmp(p, names[i], nl) == 0
                                        : l == nl && memcmp(p, names[i], nl) == 0)
                break;
        }
        if (i == sizeof names / sizeof names[0])
            return 0;
        p += l;
        while (*p == ' ')
            p++;
    }
    return 1;
}

/* Parse TEXT (LEN bytes) into LEX; errors set DIAG's line and column. */
static loa_err parse(loa_lexicon *lex, const char *text, size_t len, loa_diag *diag)
{
    size_t pos = 0;
    int lineno = 0, sec = -1;
    loa_diag u;
    loa_err err;

    if (loa_text_check_utf8(text, len, &u) != LOA_OK) {
        loai_diag_at(diag, u.line, u.col, "%s", u.msg);
        return LOA_ERR_CONFIG;
    }
    while (pos < len) {
        const char *ln = text + pos, *nl = memchr(ln, '\n', len - pos), *eq, *hash_c;
        size_t n = nl ? (size_t)(nl - ln) : len - pos;
        char *key, *val, *ctx, *at;
        const char *sep;
        int cue;

        pos += n + (nl != NULL);
        lineno++;
        if ((hash_c = memchr(ln, '#', n)) != NULL)
            n = (size_t)(hash_c - ln);
        while (n > 0 && (ln[n - 1] == ' ' || ln[n - 1] == '\t' || ln[n - 1] == '\r'))
            n--;
        while (n > 0 && (*ln == ' ' || *ln == '\t')) {
            ln++;
            n--;
        }
        if (n == 0)
            continue;
        if (ln[0] == '[') {
            int i;

            for (i = 0; i < LOAI_LEX_NSEC; i++)
                if (n == strlen(sec_names[i]) + 2 && ln[n - 1] == ']' &&
                    memcmp(ln + 1, sec_names[i], n - 2) == 0)
                    break;
            if (i == LOAI_LEX_NSEC) {
                loai_diag_at(diag, lineno, 1,
                             "unknown section '%.*s' — use [abbreviations], "
                             "[foreign], [issuers], [doctypes], [letters], [units], "
                             "[domains], [central], [south], [currencies], "
                             "[multipliers], [service] or [cues]",
                             (int)(n > 60 ? 60 : n), ln);
                return LOA_ERR_CONFIG;
            }
            sec = i;
            continue;
        }
        if (sec < 0) {
            loai_diag_at(diag, lineno, 1,
                         "entry before any [section] — start the file with e.g. "
                         "[abbreviations]");
            return LOA_ERR_CONFIG;
        }
        /* "KEY @after=tổ = READING": the separator is " = " when there is one */
        eq = NULL;
        for (sep = ln; sep + 3 <= ln + n && eq == NULL; sep++)
            if (sep[0] == ' ' && sep[1] == '=' && sep[2] == ' ')
                eq = sep + 1;
        if (eq == NULL)
            eq = memchr(ln, '=', n);
        if (eq == NULL || eq == ln || eq == ln + n - 1) {
            loai_diag_at(diag, lineno, 1,
                         "expected 'WRITTEN = SPOKEN', e.g. 'UBND = ủy ban nhân dân'");
            return LOA_ERR_CONFIG;
        }
        key = dup_trim(ln, (size_t)(eq - ln));
        val = dup_trim(eq + 1, (size_t)(ln + n - eq - 1));
        ctx = NULL;
        if (key != NULL && (at = strstr(key, " @")) != NULL) {
            /* "ĐT @num = đường tỉnh": a reading for one context */
            ctx = dup_trim(at + 1, strlen(at + 1));
            *at = '\0';
            if (ctx != NULL && !valid_ctx(ctx)) {
                int col = (int)(at - key) + 2;

                free(key);
                free(val);
                free(ctx);
                loai_diag_at(diag, lineno, col,
                             "unknown context — use @num, @year, @name, @colon, @end, "
                             "@digits, @roman, @after=WORD, @before=WORD or "
                             "@near=WORD|WORD");
                return LOA_ERR_CONFIG;
            }
        } else {
            ctx = dup_trim("", 0);
        }
        if (key == NULL || val == NULL || ctx == NULL || key[0] == '\0' || val[0] == '\0') {
            int empty = key != NULL && val != NULL && ctx != NULL;

            free(key);
            free(val);
            free(ctx);
            if (!empty)
                return LOA_ERR_NOMEM;
            loai_diag_at(diag, lineno, 1, "empty key or reading");
            return LOA_ERR_CONFIG;
        }
        cue = 0;
        if (sec == LOAI_LEX_CUE && (cue = parse_cue(val)) < 0) {
            free(key);
            free(val);
            free(ctx);
            loai_diag_at(diag, lineno, (int)(eq - ln) + 2,
                         "unknown role — use day, date, roman, phone, ident, ordinal, month, "
                         "per, year, temp, count, score, named, quarter, label, doc or plain");
            return LOA_ERR_CONFIG;
        }
        if (sec_folds(sec)) {
            loai_buf b = {0};

            if (loai_utf8_lower(&b, key, strlen(key)) != LOA_OK) {
                free(key);
                free(val);
                free(ctx);
                return LOA_ERR_NOMEM;
            }
            free(key);
            key = b.data;
        }
        if ((err = put(lex, sec, key, ctx, val, cue)) != LOA_OK)
            return err;
    }
    return LOA_OK;
}

loa_err loa_text_lexicon_add_file(loa_lexicon *lex, const char *path, loa_diag *diag)
{
    char *text;
    size_t len;
    loa_err err;
    loa_lexicon tmp;
    size_t i;

    if (lex == NULL || path == NULL)
        return LOA_ERR_INVALID;
    if ((err = loa_file_read(path, &text, &len, diag)) != LOA_OK)
        return err;
    /* Parse into a scratch table first so a bad file leaves LEX unchanged. */
    memset(&tmp, 0, sizeof tmp);
    err = parse(&tmp, text, len, diag);
    free(text);
    /* (a failure to allocate here may leave LEX with part of the file) */
    for (i = 0; i < tmp.cap && err == LOA_OK; i++) {
        struct alt *a;

        if (tmp.tab[i].key == NULL)
            continue;
        for (a = tmp.tab[i].alts; a != NULL && err == LOA_OK; a = a->next) {
            char *k = strdup(tmp.tab[i].key);

            if (k == NULL) {
                err = LOA_ERR_NOMEM;
                break;
            }
            err = put(lex, (int)tmp.tab[i].sec, k, (char *)a->pub.ctx, (char *)a->pub.val,
                      tmp.tab[i].cue);
            a->pub.ctx = a->pub.val = NULL;
        }
    }
    for (i = 0; i < tmp.cap; i++) {
        free(tmp.tab[i].key);
        free_alts(tmp.tab[i].alts);
    }
    free(tmp.tab);
    return err;
}

loa_err loa_text_lexicon_open(loa_lexicon **out, const char *voices_dir, loa_diag *diag)
{
    static const char *const files[] = {"letters.txt", "abbreviations.txt", "foreign.txt",
                                        "documents.txt", "units.txt", "dialects.txt",
                                        "context.txt"};
    loa_lexicon *lex = calloc(1, sizeof *lex);
    loa_err err = LOA_ERR_NOMEM;
    size_t i;

    if (lex == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", voices_dir, files[i]);

        if (n < 0 || (size_t)n >= sizeof path) {
            loai_diag_set(diag, "voices directory path too long");
            err = LOA_ERR_INVALID;
            goto fail;
        }
        if ((err = loa_text_lexicon_add_file(lex, path, diag)) != LOA_OK) {
            /* the caller does not know which standard file: name it */
            if (diag != NULL && diag->line > 0) {
                char msg[sizeof diag->msg];

                snprintf(msg, sizeof msg, "%.200s:%d:%d: %.280s", path, diag->line, diag->col,
                         diag->msg);
                memcpy(diag->msg, msg, sizeof msg);
                diag->line = diag->col = 0;
            }
            goto fail;
        }
    }
    *out = lex;
    return LOA_OK;
fail:
    loa_text_lexicon_free(lex);
    return err;
}

void loa_text_lexicon_free(loa_lexicon *lex)
{
    size_t i;

    if (lex == NULL)
        return;
    for (i = 0; i < lex->cap; i++) {
        free(lex->tab[i].key);
        free_alts(lex->tab[i].alts);
    }
    free(lex->tab);
    free(lex);
}
