/* The build's render cache: keys (SHA-256 of everything that determines an
 * artefact's bytes) and the "<key>.meta" files beside the audio. See
 * build.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "loa/error.h"
#include "build_int.h"
#include "error_int.h"
#include "file_int.h"
#include "sha256_int.h"

static int exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

void loai_build_hash_str(loai_sha256 *h, const char *tag, const char *s)
{
    loai_sha256_update(h, tag, strlen(tag));
    loai_sha256_update(h, "=", 1);
    if (s != NULL)
        loai_sha256_update(h, s, strlen(s) + 1);
    else
        loai_sha256_update(h, "", 1);
}

void loai_build_hash_num(loai_sha256 *h, const char *tag, double v)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%.6f", v);
    loai_build_hash_str(h, tag, buf);
}

/* PATH's SHA-256 into HEX, from the build's memo when it was hashed before. */
loa_err loai_build_file_hex(struct build *B, const char *path, char hex[65], loa_diag *diag)
{
    struct file_hash *fh;
    size_t i;
    loa_err err;

    for (i = 0; i < B->n_hashes; i++)
        if (strcmp(B->hashes[i].path, path) == 0) {
            memcpy(hex, B->hashes[i].hex, 65);
            return LOA_OK;
        }
    if ((err = loai_sha256_file(path, hex, NULL, diag)) != LOA_OK)
        return err;
    if ((fh = realloc(B->hashes, (B->n_hashes + 1) * sizeof *fh)) == NULL)
        return LOA_ERR_NOMEM;
    B->hashes = fh;
    if ((fh[B->n_hashes].path = strdup(path)) == NULL)
        return LOA_ERR_NOMEM;
    memcpy(fh[B->n_hashes++].hex, hex, 65);
    return LOA_OK;
}

loa_err loai_build_hash_file(struct build *B, loai_sha256 *h, const char *tag,
                             const char *path, loa_diag *diag)
{
    char hex[65];
    loa_err err;

    if (path == NULL) {
        loai_build_hash_str(h, tag, NULL);
        return LOA_OK;
    }
    if ((err = loai_build_file_hex(B, path, hex, diag)) != LOA_OK)
        return err;
    loai_build_hash_str(h, tag, hex);
    return LOA_OK;
}

/* "<base>.meta", malloc'd. */
static char *meta_path(const char *base)
{
    size_t n = strlen(base);
    char *p = malloc(n + sizeof ".meta");

    if (p != NULL) {
        memcpy(p, base, n);
        memcpy(p + n, ".meta", sizeof ".meta");
    }
    return p;
}

/* Meta: "seconds lufs true_peak\n", C locale. */
loa_err loai_build_meta_write(const char *audio, double s, double lufs, double tp, loa_diag *diag)
{
    char *path = meta_path(audio), text[128];
    int n = snprintf(text, sizeof text, "%.6f %.3f %.3f\n", s, lufs, tp);
    loa_err err;

    if (path == NULL)
        return LOA_ERR_NOMEM;
    err = loai_stage_write(path, text, (size_t)n, diag);
    free(path);
    return err;
}

/* The meta "<base>.meta" alone: 1 if it is there and whole. */
int loai_build_meta_read_only(const char *base, double *s, double *lufs, double *tp)
{
    char *path = meta_path(base);
    FILE *fp = path ? fopen(path, "r") : NULL;
    int n;

    free(path);
    if (fp == NULL)
        return 0;
    n = fscanf(fp, "%lf %lf %lf", s, lufs, tp);
    fclose(fp);
    return n == 3;
}

/* A cache entry counts only with its audio (the meta is written last). */
int loai_build_meta_read(const char *audio, double *s, double *lufs, double *tp)
{
    return exists(audio) && loai_build_meta_read_only(audio, s, lufs, tp);
}
