/* The build's render cache: keys (SHA-256 of everything that determines an
 * artefact's bytes) and the "<key>.meta" files beside the audio. See
 * build.c. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/error.h"
#include "loa/profile.h"
#include "build_int.h"
#include "error_int.h"
#include "file_int.h"
#include "sha256_int.h"
#include "verify_int.h"

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

/* The first 16 hex digits of the SHA-256 of the N bytes of LINE (into
 * OUT, 65 bytes): a meta edited by hand no longer matches its line. */
static const char *line_check(const char *line, size_t n, char out[65])
{
    loai_sha256 h;

    loai_sha256_init(&h);
    loai_sha256_update(&h, line, n);
    loai_sha256_hex(&h, out);
    return out;
}

/* Meta, C locale, one line: "loa-meta-2 <sha256> <bytes> <seconds> <lufs>
 * <true peak>", the hash and size of the audio beside it ("-" and 0 for a
 * probe, which has none). */
loa_err loai_build_meta_write(const char *audio, double s, double lufs, double tp,
                              const char *profile, loa_diag *diag)
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
    n = snprintf(text, sizeof text, META_MAGIC " %s %llu %.6f %.3f %.3f %.32s", hex, bytes, s,
                 lufs, tp, profile ? profile : "-");
    n += snprintf(text + n, sizeof text - (size_t)n, " %.16s\n", line_check(text, (size_t)n, hex));
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
    char magic[16], hex[80], bytes[32], s[48], l[48], t[48], pf[40], check[24], extra[2];
    char want[65];
    const char *sp;
    char *end;
    size_t i;

    memset(m, 0, sizeof *m);
    if (sscanf(text, "%15s %79s %31s %47s %47s %47s %39s %23s %1s", magic, hex, bytes, s, l, t,
               pf, check, extra) != 8 ||
        strcmp(magic, META_MAGIC) != 0 || (sp = strrchr(text, ' ')) == NULL ||
        strlen(check) != 16 || memcmp(line_check(text, (size_t)(sp - text), want), check, 16) != 0)
        return 0;
    if (strcmp(pf, "-") != 0 && (m->profile = loa_profile_find(pf)) == NULL)
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

/* ---- loa build --verify-cache ---- */

/* ENTRY (a cache file with its meta) as checked by --verify-cache: 1
 * sound, 0 damaged (WHY). */
static int verify_entry(const char *audio, int piece, char *why, size_t n)
{
    struct build_meta m;
    loai_measure dm;
    loa_diag d;
    int st = loai_build_entry(audio, &m, why, n);

    if (st <= 0) {
        if (st == 0)
            snprintf(why, n, "its meta is missing");
        return 0;
    }
    if (piece && m.profile == NULL) {
        snprintf(why, n, "its meta names no profile");
        return 0;
    }
    loa_diag_clear(&d);
    if (loai_measure_file(audio, &dm, &d) != LOA_OK) {
        snprintf(why, n, "it does not decode: %.200s", d.msg);
        return 0;
    }
    /* What the meta says is what the audio is, now. */
    if (fabs(dm.seconds - m.seconds) > 0.06) {
        snprintf(why, n, "it lasts %.3f s, its meta says %.3f s", dm.seconds, m.seconds);
        return 0;
    }
    if (piece && isfinite(m.lufs) &&
        (!(fabs(dm.lufs - m.lufs) <= 0.1) || !(fabs(dm.tp - m.tp) <= 0.1))) {
        snprintf(why, n, "it reads %.2f LUFS, %.2f dBTP, its meta says %.2f LUFS, %.2f dBTP",
                 dm.lufs, dm.tp, m.lufs, m.tp);
        return 0;
    }
    if (piece && !isfinite(m.lufs) && (isfinite(dm.tp) || isfinite(m.tp))) {
        snprintf(why, n, "a gap that is not silent (%.1f dBTP)", dm.tp);
        return 0;
    }
    if (piece && isfinite(m.lufs) && !loai_promise_kept(m.profile, dm.lufs, dm.tp, &d)) {
        snprintf(why, n, "it breaks its promise: %.300s", d.msg);
        return 0;
    }
    return 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);

    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

loa_err loai_build_verify_cache(const char *dir, size_t *entries, size_t *damaged,
                                void (*note)(void *ctx, const char *path, const char *why),
                                void *ctx, loa_diag *diag)
{
    static const struct {
        const char *sub, *ext;
        int piece;
    } kinds[] = {{"seg", ".mp3", 1}, {"speech", ".wav", 0}, {"probe", "", 0}};
    size_t k;
    loa_err err = LOA_OK;

    (void)diag;
    *entries = *damaged = 0;
    for (k = 0; k < sizeof kinds / sizeof *kinds && err == LOA_OK; k++) {
        char *sub = loai_file_join(dir, kinds[k].sub), *prev = NULL;
        struct dirent **ents = NULL;
        int n, i;

        if (sub == NULL)
            return LOA_ERR_NOMEM;
        loai_stage_clean(sub); /* the caller holds the cache's lock exclusively */
        if ((n = scandir(sub, &ents, NULL, by_name)) < 0)
            n = 0;
        /* Sorted, an entry's audio "x.mp3" and meta "x.mp3.meta" are
         * neighbours: each entry once, from either (a meta alone, or audio
         * alone, is damage too). */
        for (i = 0; i < n; i++) {
            char why[512], *path = NULL;
            int sound;
            struct build_meta m;

            if (err != LOA_OK || ents[i]->d_name[0] == '.' ||
                (path = loai_file_join(sub, ents[i]->d_name)) == NULL) {
                if (err == LOA_OK && ents[i]->d_name[0] != '.')
                    err = LOA_ERR_NOMEM;
                free(ents[i]);
                continue;
            }
            free(ents[i]);
            if (ends_with(path, ".meta"))
                path[strlen(path) - 5] = '\0';
            if ((*kinds[k].ext != '\0' && !ends_with(path, kinds[k].ext)) ||
                (prev != NULL && strcmp(prev, path) == 0)) {
                free(path);
                continue;
            }
            free(prev);
            prev = path;
            (*entries)++;
            if (*kinds[k].ext != '\0') {
                sound = verify_entry(path, kinds[k].piece, why, sizeof why);
            } else {
                /* A probe: "<sha256>.meta" holding a length and loudness. */
                const char *base = strrchr(path, '/') + 1;

                sound = loai_build_meta_read_only(path, &m) && strlen(base) == 64;
                snprintf(why, sizeof why, "%s", strlen(base) == 64 ? "its meta is damaged"
                                                                     : "it is not named by a "
                                                                       "SHA-256");
            }
            if (!sound) {
                (*damaged)++;
                loai_build_entry_remove(path);
                if (note != NULL)
                    note(ctx, path, why);
            }
        }
        free(prev);
        free(ents);
        free(sub);
    }
    return err;
}
