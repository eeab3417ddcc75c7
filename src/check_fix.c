/* loa check --fix: legacy encodings and NFD to Unicode NFC, the file
 * rewritten atomically with the original kept beside it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/check.h"
#include "loa/error.h"
#include "loa/legacy.h"
#include "loa/file.h"
#include "loa/text.h"
#include "error_int.h"
#include "file_int.h"
#include "vn_int.h"

loa_err loa_check_fix(const char *text, size_t len, char **out, size_t *out_len,
                      const char **what)
{
    double conf = 0;
    loa_legacy_enc enc = loa_legacy_detect(text, len, &conf);
    loa_err err;
    size_t i;

    *out = NULL;
    *what = NULL;
    if (enc != LOA_LEGACY_NONE && conf >= 0.6) {
        if ((err = loa_legacy_decode(enc, text, len, out, out_len)) != LOA_OK)
            return err;
        *what = enc == LOA_LEGACY_TCVN3 ? "TCVN3 → Unicode NFC" : "VNI → Unicode NFC";
        return LOA_OK;
    }
    if (loa_text_check_utf8(text, len, NULL) != LOA_OK)
        return LOA_OK; /* not legacy text either: nothing safe to do */
    for (i = 0; i + 1 < len; i++) {
        /* U+0300..U+036F are CC 80..CD AF in UTF-8. */
        unsigned char a = (unsigned char)text[i], c = (unsigned char)text[i + 1];

        if ((a == 0xCC && c >= 0x80) || (a == 0xCD && c <= 0xAF))
            break;
    }
    if (i + 1 >= len)
        return LOA_OK;
    if ((err = loai_vn_compose(text, len, out, out_len)) != LOA_OK)
        return err;
    if (*out_len == len && memcmp(*out, text, len) == 0) {
        free(*out);
        *out = NULL;
        return LOA_OK;
    }
    *what = "NFD → NFC";
    return LOA_OK;
}

loa_err loa_check_fix_file(const char *path, const char **what, char **orig, loa_diag *diag)
{
    char *text = NULL, *fixed = NULL, *bak = NULL;
    size_t len, flen = 0;
    loa_err err;

    *what = NULL;
    *orig = NULL;
    if ((err = loa_file_read(path, &text, &len, diag)) != LOA_OK)
        return err;
    if ((err = loa_check_fix(text, len, &fixed, &flen, what)) != LOA_OK || fixed == NULL)
        goto out;
    if ((bak = malloc(strlen(path) + 6)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    sprintf(bak, "%s.orig", path);
    /* Never replace an earlier backup: it may be the only true original. */
    if (access(bak, F_OK) == 0) {
        loai_diag_set(diag, "%s already exists — move it away, then run --fix again", bak);
        err = LOA_ERR_IO;
        goto out;
    }
    if ((err = loai_stage_write(bak, text, len, diag)) != LOA_OK)
        goto out;
    if ((err = loai_stage_write(path, fixed, flen, diag)) != LOA_OK) {
        remove(bak);
        goto out;
    }
    *orig = bak;
    bak = NULL;
out:
    if (err != LOA_OK)
        *what = NULL;
    free(bak);
    free(fixed);
    free(text);
    return err;
}
