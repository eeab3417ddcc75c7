/* A republished week shares what did not change with the version it
 * replaces: every staged file whose bytes are those of the same path in the
 * previous version becomes a hard link to it, so superseded versions kept
 * until their week is over cost only what changed. Versions are never
 * written after their commit, so sharing an inode between them is safe.
 * Best effort: where a link cannot be made (another file system, a link
 * limit), the copy stays. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error_int.h"
#include "file_int.h"
#include "publish_priv.h"

typedef struct link_ctx {
    const char *prev;
    unsigned long long bytes;
    size_t files;
} link_ctx;

/* 1 when the files at A and B hold the same SIZE bytes. */
static int same_bytes(const char *a, const char *b, off_t size)
{
    char x[65536], y[65536];
    int fa = open(a, O_RDONLY | O_CLOEXEC), fb = open(b, O_RDONLY | O_CLOEXEC);
    int same = fa >= 0 && fb >= 0;
    off_t left = size;

    while (same && left > 0) {
        size_t want = left < (off_t)sizeof x ? (size_t)left : sizeof x;
        ssize_t n = read(fa, x, want), m = read(fb, y, want);

        if (n <= 0 || n != m || memcmp(x, y, (size_t)n) != 0)
            same = 0;
        else
            left -= n;
    }
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    return same;
}

static loa_err link_one(void *ctx, const char *rel, const char *path, const struct stat *st)
{
    link_ctx *c = ctx;
    char *old = loai_file_join(c->prev, rel), *tmp = NULL;
    struct stat ost;

    if (old == NULL)
        return LOA_ERR_NOMEM;
    if (!S_ISREG(st->st_mode) || lstat(old, &ost) != 0 || !S_ISREG(ost.st_mode) ||
        ost.st_size != st->st_size || (ost.st_ino == st->st_ino && ost.st_dev == st->st_dev) ||
        !same_bytes(path, old, st->st_size))
        goto done;
    /* A new name beside PATH, renamed over it: PATH is never missing. */
    if ((tmp = malloc(strlen(path) + sizeof ".link~")) == NULL) {
        free(old);
        return LOA_ERR_NOMEM;
    }
    sprintf(tmp, "%s.link~", path);
    unlink(tmp);
    if (link(old, tmp) == 0) {
        if (rename(tmp, path) == 0) {
            c->bytes += (unsigned long long)st->st_size;
            c->files++;
        } else {
            unlink(tmp);
        }
    }
done:
    free(tmp);
    free(old);
    return LOA_OK;
}

loa_err loai_pub_link_same(const char *stage, const char *prev, unsigned long long *bytes,
                           size_t *files)
{
    link_ctx c = {prev, 0, 0};
    struct stat st;
    loa_err err = LOA_OK;

    if (prev != NULL && stat(prev, &st) == 0 && S_ISDIR(st.st_mode))
        err = loai_file_walk(stage, link_one, &c, NULL);
    if (bytes != NULL)
        *bytes = c.bytes;
    if (files != NULL)
        *files = c.files;
    return err == LOA_ERR_NOMEM ? err : LOA_OK;
}
