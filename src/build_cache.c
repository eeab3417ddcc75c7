/* The build's render cache: keys (SHA-256 of everything that determines an
 * artefact's bytes) and the "<key>.meta" files beside the audio. See
 * build.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Meta, C locale, one line: "loa-meta-2 <sha256> <bytes> <seconds> <lufs>
 * <true peak>", the hash and size of the audio beside it ("-" and 0 for a
 * probe, which has none). */
loa_err loai_build_meta_write(const char *audio, double s, double lufs, double tp, loa_diag *diag)
{
    char *path = meta_path(audio), text[256], hex[65] = "-";
    unsigned long long bytes = 0;
    loa_err err;
    int n;

    if (path == NULL)
        return LOA_ERR_NOMEM;
    if (exists(audio) && (err = loai_sha256_file(audio, hex, &bytes, diag)) != LOA_OK) {
        free(path);
        return err;
    }
    n = snprintf(text, sizeof text, META_MAGIC " %s %llu %.6f %.3f %.3f\n", hex, bytes, s, lufs,
                 tp);
    err = loai_stage_write(path, text, (size_t)n, diag);
    free(path);
    return err;
}

/* A number as the meta has it: finite, or "-inf" where silence allows it. */
static int num(const char *t, double *v, int inf_ok)
{
    char *end;

    *v = strtod(t, &end);
    return end != t && *end == '\0' && (isfinite(*v) || (inf_ok && *v == -HUGE_VAL));
}

int loai_build_meta_parse(const char *text, struct build_meta *m)
{
    char magic[16], hex[80], bytes[32], s[48], l[48], t[48], extra[2];
    char *end;
    size_t i;

    memset(m, 0, sizeof *m);
    if (sscanf(text, "%15s %79s %31s %47s %47s %47s %1s", magic, hex, bytes, s, l, t, extra) !=
            6 ||
        strcmp(magic, META_MAGIC) != 0)
        return 0;
    if (strcmp(hex, "-") != 0) {
        if (strlen(hex) != 64)
            return 0;
        for (i = 0; i < 64; i++)
            if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
                return 0;
    }
    memcpy(m->hex, hex, strlen(hex) + 1);
    m->bytes = strtoull(bytes, &end, 10);
    if (end == bytes || *end != '\0')
        return 0;
    /* Seconds: some audio, and less than a day; loudness and peak as a
     * meter reads them (-inf: silence, a gap). */
    return num(s, &m->seconds, 0) && m->seconds > 0 && m->seconds < 86400 &&
           num(l, &m->lufs, 1) && m->lufs < 10 && num(t, &m->tp, 1) && m->tp < 100;
}

/* The meta "<base>.meta" alone: 1 if it is there and well formed. */
int loai_build_meta_read_only(const char *base, struct build_meta *m)
{
    char *path = meta_path(base), text[256];
    FILE *fp = NULL;
    size_t n;

    if (path == NULL || loai_file_open_regular(path, &fp, NULL) != LOA_OK) {
        free(path);
        return 0;
    }
    free(path);
    n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    return loai_build_meta_parse(text, m);
}

int loai_build_entry(const char *audio, struct build_meta *m, char *why, size_t why_size)
{
    char hex[65];
    unsigned long long bytes = 0;
    struct stat st;
    int has_meta = loai_build_meta_read_only(audio, m), has_audio = stat(audio, &st) == 0;
    char *mp = meta_path(audio);
    int meta_there = mp != NULL && stat(mp, &st) == 0;

    free(mp);
    if (!has_audio && !meta_there)
        return 0;
    /* Audio without a meta: a render killed between its two renames. */
    if (has_audio && !meta_there)
        return 0;
    if (!has_meta) {
        snprintf(why, why_size, "its .meta is damaged");
        return -1;
    }
    if (!has_audio) {
        snprintf(why, why_size, "its audio is missing");
        return -1;
    }
    if (loai_sha256_file(audio, hex, &bytes, NULL) != LOA_OK) {
        snprintf(why, why_size, "its audio cannot be read");
        return -1;
    }
    if (bytes != m->bytes || strcmp(hex, m->hex) != 0) {
        snprintf(why, why_size, "its audio is not what was rendered (%llu bytes, %llu "
                 "recorded; SHA-256 %.12s..., %.12s... recorded)", bytes, m->bytes, hex, m->hex);
        return -1;
    }
    return 1;
}

void loai_build_entry_remove(const char *audio)
{
    char *mp = meta_path(audio);

    /* The meta first: without it the audio never counts. */
    if (mp != NULL)
        unlink(mp);
    free(mp);
    unlink(audio);
}
