/* Spelling warnings for scripts: the only file including hunspell.h. */
#include <errno.h>
#include <hunspell.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/error.h"
#include "loa/spell.h"
#include "buf_int.h"
#include "error_int.h"
#include "file_int.h"
#include "vn_int.h"

/* Answers of loa_spell_ok, remembered per word: a bulletin says the same
 * few thousand syllables over and over, and hunspell (UTF-8 to UTF-16 and
 * back for every word) was most of loa check's time on a long one. An open
 * hash table of MEMO_SIZE slots, filled up to three quarters. */
#define MEMO_SIZE 16384

struct memo {
    char *word; /* NUL-terminated; NULL: empty slot */
    int ok;
    char *sugg; /* loa_spell_suggest's answer for MAX_SUGG, once asked */
};

#define MAX_SUGG 5

struct loa_spell {
    Hunhandle *h;
    struct memo *memo;
    size_t n_memo;
};

static size_t memo_hash(const char *w, size_t n)
{
    size_t h = 2166136261u, i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

/* The slot of WORD (LEN bytes): its own, or the empty one it would take. */
static struct memo *memo_slot(loa_spell *sp, const char *word, size_t len)
{
    size_t i = memo_hash(word, len) & (MEMO_SIZE - 1);

    while (sp->memo[i].word != NULL &&
           !(strncmp(sp->memo[i].word, word, len) == 0 && sp->memo[i].word[len] == '\0'))
        i = (i + 1) & (MEMO_SIZE - 1);
    return &sp->memo[i];
}

loa_err loa_spell_open(loa_spell **out, const char *dir, loa_diag *diag)
{
    char *aff = NULL, *dic = NULL;
    loa_spell *sp = NULL;
    loa_err err = LOA_ERR_NOMEM;

    if (dir == NULL)
        dir = "/usr/share/hunspell";
    if ((aff = loai_file_join(dir, "vi_VN.aff")) == NULL ||
        (dic = loai_file_join(dir, "vi_VN.dic")) == NULL)
        goto fail;
    /* Hunspell_create does not report a missing file: look first. */
    if (access(aff, R_OK) != 0 || access(dic, R_OK) != 0) {
        loai_diag_set(diag, "%s: %s — install the Vietnamese dictionary (apt-get install "
                            "hunspell-vi)", access(aff, R_OK) != 0 ? aff : dic, strerror(errno));
        err = LOA_ERR_IO;
        goto fail;
    }
    if ((sp = calloc(1, sizeof *sp)) == NULL)
        goto fail;
    if ((sp->h = Hunspell_create(aff, dic)) == NULL) {
        loai_diag_set(diag, "hunspell could not load %s", dic);
        err = LOA_ERR_IO;
        goto fail;
    }
    free(aff);
    free(dic);
    *out = sp;
    return LOA_OK;
fail:
    free(sp);
    free(aff);
    free(dic);
    return err;
}

static int spell_z(loa_spell *sp, const char *word, size_t len)
{
    char buf[256];

    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, word, len);
    buf[len] = '\0';
    return Hunspell_spell(sp->h, buf) != 0;
}

static int spell_ok(loa_spell *sp, const char *word, size_t len)
{
    char *alt = NULL;
    size_t alen;
    int ok;

    if (spell_z(sp, word, len))
        return 1;
    /* The dictionary knows one tone placement ("hoà"): try the other. */
    if (loai_vn_retone(word, len, &alt, &alen) != LOA_OK || alt == NULL)
        return 0;
    ok = spell_z(sp, alt, alen);
    free(alt);
    return ok;
}

/* WORD's memo entry, made (with its spelling) if there is room; NULL when
 * the memo is full or memory ran out. */
static struct memo *memo_get(loa_spell *sp, const char *word, size_t len)
{
    struct memo *m;

    if (sp->memo == NULL && (sp->memo = calloc(MEMO_SIZE, sizeof *sp->memo)) == NULL)
        return NULL;
    if ((m = memo_slot(sp, word, len))->word != NULL)
        return m;
    if (sp->n_memo >= MEMO_SIZE / 4 * 3 || (m->word = malloc(len + 1)) == NULL)
        return NULL;
    memcpy(m->word, word, len);
    m->word[len] = '\0';
    m->ok = spell_ok(sp, word, len);
    sp->n_memo++;
    return m;
}

int loa_spell_ok(loa_spell *sp, const char *word, size_t len)
{
    struct memo *m = memo_get(sp, word, len);

    return m != NULL ? m->ok : spell_ok(sp, word, len);
}

loa_err loa_spell_suggest(loa_spell *sp, const char *word, size_t len, size_t max, char **out)
{
    char buf[256], **list = NULL;
    int n, i;
    loai_buf b = {0};
    loa_err err = loai_buf_add(&b, "", 0);
    struct memo *m = max == MAX_SUGG ? memo_get(sp, word, len) : NULL;

    if (err != LOA_OK)
        return err;
    if (m != NULL && m->sugg != NULL) { /* asked before: hunspell's slowest call */
        loai_buf_free(&b);
        return (*out = strdup(m->sugg)) != NULL ? LOA_OK : LOA_ERR_NOMEM;
    }
    if (len > 0 && len < sizeof buf) {
        memcpy(buf, word, len);
        buf[len] = '\0';
        n = Hunspell_suggest(sp->h, &list, buf);
        for (i = 0; i < n && (size_t)i < max && err == LOA_OK; i++)
            err = loai_buf_printf(&b, "%s%s", i ? ", " : "", list[i]);
        if (n > 0)
            Hunspell_free_list(sp->h, &list, n);
    }
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return err;
    }
    if (m != NULL)
        m->sugg = strdup(b.data); /* NULL when out of memory: only not remembered */
    *out = b.data;
    return LOA_OK;
}

void loa_spell_free(loa_spell *sp)
{
    size_t i;

    if (sp == NULL)
        return;
    for (i = 0; sp->memo != NULL && i < MEMO_SIZE; i++) {
        free(sp->memo[i].word);
        free(sp->memo[i].sugg);
    }
    free(sp->memo);
    Hunspell_destroy(sp->h);
    free(sp);
}
