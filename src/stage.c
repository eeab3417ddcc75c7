/* Staged writes: build a file under a temporary name in the destination's
 * directory, then rename(2) it into place, so a reader sees either the old
 * file or the complete new one, never a partial one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

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

loa_err loai_stage_commit(const char *tmp, const char *final, loa_diag *diag)
{
    int fd;

    if (strcmp(tmp, final) == 0)
        return LOA_OK;
    fd = open(tmp, O_RDONLY);

    if (fd >= 0) {
        fsync(fd); /* data on disk before the name points at it */
        close(fd);
    }
    if (rename(tmp, final) != 0) {
        loai_diag_set(diag, "cannot rename %s to %s: %s", tmp, final, strerror(errno));
        unlink(tmp);
        return LOA_ERR_IO;
    }
    return LOA_OK;
}
