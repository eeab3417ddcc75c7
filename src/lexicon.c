/* Pronunciation lexicon: plain-text files from voices/, loaded at run time
 * so a district can add place names and local words without recompiling.
 *
 * File format: UTF-8, one "KEY = READING" a line, '#' starts a comment,
 * "[section]" lines choose what the following entries are (abbreviations,
 * foreign, issuers, doctypes, letters, units, domains, central, south). */
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

struct entry {
    char *key; /* lowercased for case-insensitive sections */
    char *val;
    unsigned sec;
};

struct loa_lexicon {
    struct entry *tab; /* open addressing, power-of-two size */
    size_t cap;
    size_t count;
};

static const char *const sec_names[LOAI_LEX_NSEC] = {
    "abbreviations", "foreign", "issuers", "doctypes", "letters",
    "units",         "domains", "central", "south"};

static int sec_folds(int sec)
{
    return sec == LOAI_LEX_FOREIGN || sec == LOAI_LEX_DOMAIN;
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
    size_t cap = lex->cap ? lex->cap * 2 : 256, i;
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

        if ((int)e->sec == sec && strlen(e->key) == n && memcmp(e->key, key, n) == 0)
            return e;
        h = (h + 1) & (lex->cap - 1);
    }
    return NULL;
}

/* Insert or replace; takes ownership of KEY and VAL. */
static loa_err put(loa_lexicon *lex, int sec, char *key, char *val)
{
    struct entry *e;
    size_t h;
    loa_err err;

    if ((e = find(lex, sec, key, strlen(key))) != NULL) {
        free(key);
        free(e->val);
        e->val = val;
        return LOA_OK;
    }
    if ((lex->count + 1) * 2 > lex->cap && (err = grow(lex)) != LOA_OK) {
        free(key);
        free(val);
        return err;
    }
    h = hash(sec, key, strlen(key)) & (lex->cap - 1);
    while (lex->tab[h].key != NULL)
        h = (h + 1) & (lex->cap - 1);
    lex->tab[h].key = key;
    lex->tab[h].val = val;
    lex->tab[h].sec = (unsigned)sec;
    lex->count++;
    return LOA_OK;
}

const char *loai_lex_get(const loa_lexicon *lex, int sec, const char *key, size_t n)
{
    const struct entry *e;

    if (lex == NULL || n == 0 || n > 256)
        return NULL;
    if (sec_folds(sec)) {
        loai_buf b = {0};

        if (loai_utf8_lower(&b, key, n) != LOA_OK)
            return NULL;
        e = find(lex, sec, b.data, b.len);
        loai_buf_free(&b);
    } else {
        e = find(lex, sec, key, n);
    }
    return e ? e->val : NULL;
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

/* Parse TEXT (LEN bytes) into LEX; errors set DIAG's line and column. */
static loa_err parse(loa_lexicon *lex, const char *text, size_t len, loa_diag *diag)
{
    size_t pos = 0;
    int lineno = 0, sec = -1;
    loa_diag u;
    loa_err err;

    if (loa_utf8_check(text, len, &u) != LOA_OK) {
        loai_diag_at(diag, u.line, u.col, "%s", u.msg);
        return LOA_ERR_CONFIG;
    }
    while (pos < len) {
        const char *ln = text + pos, *nl = memchr(ln, '\n', len - pos), *eq, *hash_c;
        size_t n = nl ? (size_t)(nl - ln) : len - pos;
        char *key, *val;

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
                             "[domains], [central] or [south]",
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
        eq = memchr(ln, '=', n);
        if (eq == NULL || eq == ln || eq == ln + n - 1) {
            loai_diag_at(diag, lineno, 1,
                         "expected 'WRITTEN = SPOKEN', e.g. 'UBND = ủy ban nhân dân'");
            return LOA_ERR_CONFIG;
        }
        key = dup_trim(ln, (size_t)(eq - ln));
        val = dup_trim(eq + 1, (size_t)(ln + n - eq - 1));
        if (key == NULL || val == NULL || key[0] == '\0' || val[0] == '\0') {
            int empty = key != NULL && val != NULL;

            free(key);
            free(val);
            if (!empty)
                return LOA_ERR_NOMEM;
            loai_diag_at(diag, lineno, 1, "empty key or reading");
            return LOA_ERR_CONFIG;
        }
        if (sec_folds(sec)) {
            loai_buf b = {0};

            if (loai_utf8_lower(&b, key, strlen(key)) != LOA_OK) {
                free(key);
                free(val);
                return LOA_ERR_NOMEM;
            }
            free(key);
            key = b.data;
        }
        if ((err = put(lex, sec, key, val)) != LOA_OK)
            return err;
    }
    return LOA_OK;
}

loa_err loa_lexicon_add_file(loa_lexicon *lex, const char *path, loa_diag *diag)
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
    for (i = 0; i < tmp.cap && err == LOA_OK; i++) {
        if (tmp.tab[i].key == NULL)
            continue;
        err = put(lex, (int)tmp.tab[i].sec, tmp.tab[i].key, tmp.tab[i].val);
        tmp.tab[i].key = tmp.tab[i].val = NULL;
    }
    for (i = 0; i < tmp.cap; i++) {
        free(tmp.tab[i].key);
        free(tmp.tab[i].val);
    }
    free(tmp.tab);
    return err;
}

loa_err loa_lexicon_open(loa_lexicon **out, const char *voices_dir, loa_diag *diag)
{
    static const char *const files[] = {"letters.txt", "abbreviations.txt", "foreign.txt",
                                        "documents.txt", "units.txt", "dialects.txt"};
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
        if ((err = loa_lexicon_add_file(lex, path, diag)) != LOA_OK) {
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
    loa_lexicon_free(lex);
    return err;
}

void loa_lexicon_free(loa_lexicon *lex)
{
    size_t i;

    if (lex == NULL)
        return;
    for (i = 0; i < lex->cap; i++) {
        free(lex->tab[i].key);
        free(lex->tab[i].val);
    }
    free(lex->tab);
    free(lex);
}
