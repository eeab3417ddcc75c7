/* Staged writes (src/file_stage.c) and the publisher's use of them: a file is
 * replaced whole or not at all, a failure says why and leaves no temporary
 * file behind, and a device that cannot be renamed over is written directly
 * and never removed. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "loa/error.h"
#include "loa/loa.h"
#include "loa/file.h"
#include "buf_int.h"
#include "publish_priv.h"
#include "test.h"

static char *path2(const char *a, const char *b)
{
    char *p = malloc(strlen(a) + strlen(b) + 2);

    sprintf(p, "%s/%s", a, b);
    return p;
}

/* The entries of DIR but . and .., sorted, space-separated ("" when empty). */
static void listing(const char *dir, char *out, size_t size)
{
    struct dirent **e;
    int n = scandir(dir, &e, NULL, alphasort), i;

    out[0] = '\0';
    for (i = 0; i < n; i++) {
        if (strcmp(e[i]->d_name, ".") != 0 && strcmp(e[i]->d_name, "..") != 0) {
            if (out[0])
                strncat(out, " ", size - strlen(out) - 1);
            strncat(out, e[i]->d_name, size - strlen(out) - 1);
        }
        free(e[i]);
    }
    free(e);
}

static char *slurp(const char *path)
{
    char *text = NULL;
    size_t len;

    return loa_file_read(path, &text, &len, NULL) == LOA_OK ? text : NULL;
}

static loa_err put(const char *dir, const char *name, const char *text, loa_diag *diag)
{
    loai_out o = {{0}, LOA_OK};
    loa_err err;

    loai_out_puts(&o, text);
    err = loai_pub_write(dir, name, &o, diag);
    loai_buf_free(&o.b);
    return err;
}

int main(void)
{
    char base[] = "/tmp/loa-stage-XXXXXX", *dir, *x, *t, ls[512];
    loa_diag diag = {0, 0, ""};
    struct rlimit lim, small;
    struct stat st;

    if ((dir = mkdtemp(base)) == NULL)
        return 1;
    x = path2(dir, "x.txt");

    /* Written, then replaced, with nothing else left in the directory. */
    CHECK(put(dir, "x.txt", "một", &diag) == LOA_OK);
    CHECK_STR((t = slurp(x)), "một");
    free(t);
    CHECK(put(dir, "x.txt", "hai ba", &diag) == LOA_OK);
    CHECK_STR((t = slurp(x)), "hai ba");
    free(t);
    listing(dir, ls, sizeof ls);
    CHECK_STR(ls, "x.txt");

    /* A text that failed to build is not written at all. */
    {
        loai_out o = {{0}, LOA_ERR_NOMEM};

        CHECK(loai_pub_write(dir, "y.txt", &o, &diag) == LOA_ERR_NOMEM);
        listing(dir, ls, sizeof ls);
        CHECK_STR(ls, "x.txt");
    }

    /* No directory to stage in: the reason, and how to fix it. */
    diag.msg[0] = '\0';
    CHECK(put(dir, "none/x.txt", "bốn", &diag) == LOA_ERR_IO);
    CHECK(strstr(diag.msg, "cannot create ") != NULL);
    CHECK(strstr(diag.msg, "/none/.x.txt.") != NULL);
    CHECK(strstr(diag.msg, ": No such file or directory — check that the output directory is "
                           "writable") != NULL);

    /* The disk refuses the bytes (a file size limit stands in for a full
     * disk): the old file stays whole and the temporary file is gone. */
    CHECK(getrlimit(RLIMIT_FSIZE, &lim) == 0);
    small = lim;
    small.rlim_cur = 4;
    signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
    diag.msg[0] = '\0';
    CHECK(put(dir, "x.txt", "năm sáu bảy tám chín mười", &diag) == LOA_ERR_IO);
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    CHECK(strstr(diag.msg, "cannot write ") != NULL);
    CHECK(strstr(diag.msg, "File too large") != NULL);
    CHECK_STR((t = slurp(x)), "hai ba");
    free(t);
    listing(dir, ls, sizeof ls);
    CHECK_STR(ls, "x.txt");

    /* A device cannot be replaced by a rename: it is written in place, and a
     * failed write must not unlink it (a copy of /dev/full; needs CAP_MKNOD). */
    {
        char *full = path2(dir, "full");

        if (mknod(full, S_IFCHR | 0666, makedev(1, 7)) == 0) {
            diag.msg[0] = '\0';
            CHECK(put(dir, "full", "mười một", &diag) == LOA_ERR_IO);
            CHECK(strstr(diag.msg, "No space left on device") != NULL);
            CHECK(lstat(full, &st) == 0 && S_ISCHR(st.st_mode));
            unlink(full);
        } else {
            fprintf(stderr, "test_stage: mknod refused, device case not run\n");
        }
        free(full);
    }
    listing(dir, ls, sizeof ls);
    CHECK_STR(ls, "x.txt");

    unlink(x);
    free(x);
    CHECK(rmdir(dir) == 0);
    return test_done("test_stage");
}
