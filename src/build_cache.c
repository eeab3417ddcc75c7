/* The build's render cache: keys (SHA-256 of everything that determines an
 * artefact's bytes), "<key>.meta" files beside the audio, and the cleaning
 * of what killed builds and renders left behind. See build.c. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
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

char *loai_build_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);

    if (p != NULL)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

loa_err loai_build_mkdirs(const char *path, loa_diag *diag)
{
    char buf[4096];
    size_t i, n = strlen(path);

    if (n >= sizeof buf) {
        loai_diag_set(diag, "path too long: %s", path);
        return LOA_ERR_IO;
    }
    memcpy(buf, path, n + 1);
    for (i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];

            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
                loai_diag_set(diag, "cannot create directory %s: %s", buf, strerror(errno));
                return LOA_ERR_IO;
            }
            buf[i] = c;
        }
    }
    return LOA_OK;
}

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

/* Meta: "seconds lufs true_peak\n", C locale. */
loa_err loai_build_meta_write(const char *audio, double s, double lufs, double tp, loa_diag *diag)
{
    char path[4200], text[128];
    int n = snprintf(text, sizeof text, "%.6f %.3f %.3f\n", s, lufs, tp);

    snprintf(path, sizeof path, "%s.meta", audio);
    return loai_stage_write(path, text, (size_t)n, diag);
}

/* The meta "<base>.meta" alone: 1 if it is there and whole. */
int loai_build_meta_read_only(const char *base, double *s, double *lufs, double *tp)
{
    char path[4200];
    FILE *fp;
    int n;

    snprintf(path, sizeof path, "%s.meta", base);
    if ((fp = fopen(path, "r")) == NULL)
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

/* Remove ".<name>.<pid>.tmp*" files left in DIR by builds that were killed. */
void loai_build_clean_debris(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *t = strstr(e->d_name, ".tmp");
        const char *p;
        long pid;

        if (e->d_name[0] != '.' || t == NULL)
            continue;
        for (p = t - 1; p > e->d_name && *p >= '0' && *p <= '9'; p--)
            ;
        if (*p != '.' || (pid = strtol(p + 1, NULL, 10)) <= 0)
            continue;
        if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            char *path = loai_build_join(dir, e->d_name);

            if (path != NULL)
                unlink(path);
            free(path);
        }
    }
    closedir(d);
}

/* 1 when process PID exists and is not a zombie (a killed render's process
 * is one until init reaps it, which can be after the next build starts). */
static int pid_running(long pid)
{
    char path[64], buf[256];
    const char *st;
    FILE *fp;
    size_t n;

    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        return 0;
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    if ((fp = fopen(path, "r")) == NULL)
        return 1;
    n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    st = strrchr(buf, ')');
    return !(st != NULL && st[1] == ' ' && (st[2] == 'Z' || st[2] == 'X'));
}

/* Remove what killed renders left in the cache directory DIR: their staged
 * files ".<name>.<pid>.tmp<ext>" (loai_stage_name) of pids no longer
 * running. Never read as cache entries, but a killed long render can leave
 * gigabytes. Best effort: a file that cannot go stays. */
void loai_build_clean_stale(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *t = strstr(e->d_name, ".tmp"), *p;
        char *path;
        long pid;

        if (e->d_name[0] != '.' || t == NULL)
            continue;
        for (p = t; p > e->d_name && p[-1] >= '0' && p[-1] <= '9'; p--)
            ;
        if (p == t || p[-1] != '.' || (pid = strtol(p, NULL, 10)) <= 0)
            continue;
        if (pid != (long)getpid() && pid_running(pid))
            continue;
        if ((path = loai_build_join(dir, e->d_name)) != NULL)
            unlink(path);
        free(path);
    }
    closedir(d);
}
