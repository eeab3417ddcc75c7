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

struct loa_spell {
    Hunhandle *h;
};

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

int loa_spell_ok(loa_spell *sp, const char *word, size_t len)
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

loa_err loa_spell_suggest(loa_spell *sp, const char *word, size_t len, size_t max, char **out)
{
    char buf[256], **list = NULL;
    int n, i;
    loai_buf b = {0};
    loa_err err = loai_buf_add(&b, "", 0);

    if (err != LOA_OK)
        return err;
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
    *out = b.data;
    return LOA_OK;
}

void loa_spell_free(loa_spell *sp)
{
    if (sp == NULL)
        return;
    Hunspell_destroy(sp->h);
    free(sp);
}
