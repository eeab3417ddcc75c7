/* Staged writes: build a file under a temporary name in the destination's
 * directory, then rename(2) it into place, so a reader sees either the old
 * file or the complete new one, never a partial one. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/error.h"
#include "error_int.h"
#include "file_int.h"

loa_err loai_stage_name(const char *final, char **tmp)
{
    struct stat st;
    const char *slash = strrchr(final, '/');
    size_t dirlen = slash ? (size_t)(slash - final) + 1 : 0;
    const char *base = final + dirlen;
    size_t n = strlen(final) + 32;
    char *p = malloc(n);

    if (p == NULL)
        return LOA_ERR_NOMEM;
    /* A device or pipe (/dev/stdout, /dev/full, a FIFO) cannot be replaced
     * by rename: write to it directly. loai_stage_same() tells callers. */
    if (stat(final, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(p, n, "%s", final);
        *tmp = p;
        return LOA_OK;
    }
    /* Hidden and pid-tagged: players skip dot files; two writers never clash.
     * The extension is kept so format sniffing by name still works. */
    snprintf(p, n, "%.*s.%s.%ld.tmp%s", (int)dirlen, final, base, (long)getpid(),
             strrchr(base, '.') ? strrchr(base, '.') : "");
    *tmp = p;
    return LOA_OK;
}

void loai_stage_abort(const char *tmp, const char *final)
{
    if (tmp != NULL && strcmp(tmp, final) != 0)
        unlink(tmp);
}

void loai_stage_sync(const char *path)
{
    int fd = open(path, O_RDONLY);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

loa_err loai_stage_commit(const char *tmp, const char *final, loa_diag *diag)
{
    if (strcmp(tmp, final) == 0)
        return LOA_OK;
    loai_stage_sync(tmp); /* data on disk before the name points at it */
    if (rename(tmp, final) != 0) {
        loai_diag_set(diag, "cannot rename %s to %s: %s", tmp, final, strerror(errno));
        unlink(tmp);
        return LOA_ERR_IO;
    }
    return LOA_OK;
}

static loa_err stage_write(const char *final, const void *data, size_t len, int sync,
                           loa_diag *diag);

loa_err loai_stage_write(const char *final, const void *data, size_t len, loa_diag *diag)
{
    return stage_write(final, data, len, 1, diag);
}

loa_err loai_stage_write_nosync(const char *final, const void *data, size_t len, loa_diag *diag)
{
    return stage_write(final, data, len, 0, diag);
}

static loa_err stage_write(const char *final, const void *data, size_t len, int sync,
                           loa_diag *diag)
{
    char *tmp = NULL;
    loa_err err = LOA_ERR_IO;
    FILE *fp;

    if (loai_stage_name(final, &tmp) != LOA_OK)
        return LOA_ERR_NOMEM;
    if ((fp = fopen(tmp, "wb")) == NULL) {
        loai_diag_set(diag, "cannot create %s: %s — check that the output directory is "
                      "writable", tmp, strerror(errno));
        goto done;
    }
    /* fclose() flushes: a full disk may only show there. */
    if (fwrite(data, 1, len, fp) != len) {
        loai_diag_set(diag, "cannot write %s: %s", tmp, strerror(errno));
        fclose(fp);
        loai_stage_abort(tmp, final);
        goto done;
    }
    if (fclose(fp) != 0) {
        loai_diag_set(diag, "cannot write %s: %s", tmp, strerror(errno));
        loai_stage_abort(tmp, final);
        goto done;
    }
    if (!sync) {
        err = LOA_OK;
        if (rename(tmp, final) != 0) {
            loai_diag_set(diag, "cannot rename %s to %s: %s", tmp, final, strerror(errno));
            unlink(tmp);
            err = LOA_ERR_IO;
        }
    } else {
        err = loai_stage_commit(tmp, final, diag);
    }
done:
    free(tmp);
    return err;
}

size_t loai_stage_clean(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        const char *t = strstr(e->d_name, ".tmp"), *p;
        char *path;

        if (e->d_name[0] != '.' || t == NULL)
            continue;
        for (p = t; p > e->d_name && p[-1] >= '0' && p[-1] <= '9'; p--)
            ;
        if (p == t || p[-1] != '.')
            continue;
        if ((path = loai_file_join(dir, e->d_name)) != NULL && unlink(path) == 0)
            n++;
        free(path);
    }
    closedir(d);
    return n;
}
