/* Files and directories, for every module that touches the file system:
 * paths joined into allocated strings (no fixed-size path buffers), mkdir
 * -p, a sorted walk, rm -rf, whole-file reads, the one rule for whether
 * the process that left a temporary behind is still alive, and where the
 * voices/ data is, in the source tree and once installed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/error.h"
#include "loa/file.h"
#include "buf_int.h"
#include "error_int.h"
#include "file_int.h"

char *loai_file_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    int slash = a == 0 || dir[a - 1] != '/'; /* "scripts/" + "a.txt": one '/' */
    char *p = malloc(a + b + 2);

    if (p != NULL) {
        memcpy(p, dir, a);
        if (slash)
            p[a] = '/';
        memcpy(p + a + slash, name, b + 1);
    }
    return p;
}

loa_err loai_file_mkdirs(const char *path, loa_diag *diag)
{
    char *p = strdup(path), *s;
    struct stat st;

    if (p == NULL)
        return LOA_ERR_NOMEM;
    for (s = p + 1;; s++) {
        char c;

        if (*s != '/' && *s != '\0')
            continue;
        c = *s;
        *s = '\0';
        /* 0777: the umask decides, as for mkdir -p. */
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            loai_diag_set(diag, "cannot create directory %s: %s", p, strerror(errno));
            free(p);
            return LOA_ERR_IO;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
        loai_diag_set(diag, "%s exists and is not a directory — move it away", p);
        free(p);
        return LOA_ERR_IO;
    }
    free(p);
    return LOA_OK;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The walk below ROOT/REL ("" for ROOT itself). */
static loa_err walk(const char *root, const char *rel, loai_file_walk_fn fn, void *ctx,
                    loa_diag *diag)
{
    char *dir = rel[0] ? loai_file_join(root, rel) : strdup(root);
    struct dirent **ents = NULL;
    int n, i;
    loa_err err = LOA_OK;

    if (dir == NULL)
        return LOA_ERR_NOMEM;
    if ((n = scandir(dir, &ents, NULL, by_name)) < 0) {
        loai_diag_set(diag, "cannot list %s: %s", dir, strerror(errno));
        free(dir);
        return LOA_ERR_IO;
    }
    for (i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        char *sub = NULL, *path = NULL;
        struct stat st;

        if (err == LOA_OK && name[0] != '.') {
            sub = rel[0] ? loai_file_join(rel, name) : strdup(name);
            path = sub ? loai_file_join(root, sub) : NULL;
            if (path == NULL) {
                err = LOA_ERR_NOMEM;
            } else if (lstat(path, &st) != 0) {
                loai_diag_set(diag, "cannot read %s: %s", path, strerror(errno));
                err = LOA_ERR_IO;
            } else if (S_ISDIR(st.st_mode)) {
                err = walk(root, sub, fn, ctx, diag);
            } else {
                err = fn(ctx, sub, path, &st);
            }
        }
        free(path);
        free(sub);
        free(ents[i]);
    }
    free(ents);
    free(dir);
    return err;
}

loa_err loai_file_walk(const char *root, loai_file_walk_fn fn, void *ctx, loa_diag *diag)
{
    return walk(root, "", fn, ctx, diag);
}

int loai_file_rmtree(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    int rc = 0;

    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    if ((d = opendir(path)) == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        char *sub;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((sub = loai_file_join(path, e->d_name)) == NULL) {
            rc = -1;
            break;
        }
        if (loai_file_rmtree(sub) != 0)
            rc = -1;
        free(sub);
    }
    closedir(d);
    if (rmdir(path) != 0)
        rc = -1;
    return rc;
}

int loai_file_is_root(const char *path)
{
    char *real;
    int root;

    if (path == NULL || *path == '\0')
        return 1;
    if (strspn(path, "/") == strlen(path))
        return 1;
    /* What exists of it, resolved ("/tmp/..", a symlink to /). */
    if ((real = realpath(path, NULL)) == NULL)
        return 0;
    root = strcmp(real, "/") == 0;
    free(real);
    return root;
}

loa_err loai_file_lock(const char *path, int excl, int wait, const volatile sig_atomic_t *cancel, int *fd,
                       loa_diag *diag)
{
    int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);

    if (f < 0) {
        loai_diag_set(diag, "cannot open the lock %s: %s", path, strerror(errno));
        return LOA_ERR_IO;
    }
    while (flock(f, (excl ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB)) != 0) {
        if (errno == EINTR && !(cancel != NULL && *cancel))
            continue;
        if (errno == EINTR) {
            loai_diag_set(diag, "stopped while waiting for the lock %s", path);
            close(f);
            return LOA_ERR_CANCELLED;
        }
        if (errno == EWOULDBLOCK) {
            loai_diag_set(diag, "%s is held by another process", path);
            close(f);
            return LOA_ERR_LOCKED;
        }
        loai_diag_set(diag, "cannot lock %s: %s", path, strerror(errno));
        close(f);
        return LOA_ERR_IO;
    }
    *fd = f;
    return LOA_OK;
}

int loai_file_relock(int fd, int excl)
{
    return flock(fd, excl ? LOCK_EX | LOCK_NB : LOCK_SH) == 0;
}

/* PATH is no regular file (its mode M): say what it is, one whole message
 * for each kind (msg.h: no English words passed in as arguments). */
static void not_regular(loa_diag *diag, const char *path, mode_t m)
{
    if (S_ISDIR(m))
        loai_diag_set(diag, "%s is a directory, not a file — give the path of a regular file",
                      path);
    else if (S_ISFIFO(m))
        loai_diag_set(diag, "%s is a FIFO (named pipe), not a file — give the path of a "
                            "regular file", path);
    else if (S_ISCHR(m))
        loai_diag_set(diag, "%s is a character device, not a file — give the path of a "
                            "regular file", path);
    else if (S_ISBLK(m))
        loai_diag_set(diag, "%s is a block device, not a file — give the path of a regular "
                            "file", path);
    else if (S_ISSOCK(m))
        loai_diag_set(diag, "%s is a socket, not a file — give the path of a regular file",
                      path);
    else
        loai_diag_set(diag, "%s is not a regular file — give the path of a regular file", path);
}

loa_err loai_file_open_regular(const char *path, FILE **out, loa_diag *diag)
{
    struct stat st;
    int fd;
    FILE *fp;

    if (path == NULL || *path == '\0') {
        loai_diag_set(diag, "an empty file name — give the path of a file");
        return LOA_ERR_INVALID;
    }
    if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0) {
        loai_diag_set(diag, "cannot open %s: %s", path, strerror(errno));
        return LOA_ERR_IO;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        not_regular(diag, path, st.st_mode);
        close(fd);
        return LOA_ERR_INVALID;
    }
    /* Blocking again for reading (a regular file never blocks anyway). */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if ((fp = fdopen(fd, "rb")) == NULL) {
        loai_diag_set(diag, "cannot open %s: %s", path, strerror(errno));
        close(fd);
        return LOA_ERR_IO;
    }
    *out = fp;
    return LOA_OK;
}

loa_err loa_file_read(const char *path, char **out, size_t *len, loa_diag *diag)
{
    FILE *fp = NULL;
    loai_buf b = {0};
    char chunk[65536];
    size_t n;
    int is_stdin = strcmp(path, "-") == 0;
    loa_err err;

    if (is_stdin)
        fp = stdin;
    else if ((err = loai_file_open_regular(path, &fp, diag)) != LOA_OK)
        return err;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (loai_buf_add(&b, chunk, n) != LOA_OK) {
            if (!is_stdin)
                fclose(fp);
            loai_buf_free(&b);
            return LOA_ERR_NOMEM;
        }
    }
    if (ferror(fp)) {
        loai_diag_set(diag, "cannot read %s: %s", is_stdin ? "standard input" : path,
                      strerror(errno));
        if (!is_stdin)
            fclose(fp);
        loai_buf_free(&b);
        return LOA_ERR_IO;
    }
    if (!is_stdin)
        fclose(fp);
    if (b.data == NULL && loai_buf_add(&b, "", 0) != LOA_OK)
        return LOA_ERR_NOMEM;
    *out = b.data;
    *len = b.len;
    return LOA_OK;
}

/* ---- the data directory ---- */

#ifndef LOA_DATADIR
#define LOA_DATADIR "/usr/local/share/loa/voices"
#endif

static int is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A + B, malloc'd, when it names a directory; else NULL, with *NOMEM set
 * when memory ran out. */
static char *try_dir(const char *a, const char *b, int *nomem)
{
    size_t na = strlen(a), nb = strlen(b);
    char *p = malloc(na + nb + 1);

    if (p == NULL) {
        *nomem = 1;
        return NULL;
    }
    memcpy(p, a, na);
    memcpy(p + na, b, nb + 1);
    if (is_dir(p))
        return p;
    free(p);
    return NULL;
}

loa_err loa_file_data_dir(const char *override, char **out, loa_diag *diag)
{
    const char *env = getenv("LOA_DATA_DIR");
    char exe[PATH_MAX], *dir = NULL;
    int nomem = 0;
    ssize_t n;

    if (override != NULL) {
        if ((dir = try_dir(override, "", &nomem)) == NULL && !nomem) {
            loai_diag_set(diag, "data directory %s does not exist", override);
            return LOA_ERR_IO;
        }
        goto found;
    }
    if (env != NULL && *env != '\0') {
        if ((dir = try_dir(env, "", &nomem)) == NULL && !nomem) {
            loai_diag_set(diag, "LOA_DATA_DIR=%s is not a directory", env);
            return LOA_ERR_IO;
        }
        goto found;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        char *slash;

        exe[n] = '\0';
        if ((slash = strrchr(exe, '/')) != NULL) {
            *slash = '\0'; /* the program's directory: <tree>/build or <prefix>/bin */
            if ((slash = strrchr(exe, '/')) != NULL) {
                slash[1] = '\0';
                if ((dir = try_dir(exe, "voices", &nomem)) != NULL || nomem ||
                    (dir = try_dir(exe, "share/loa/voices", &nomem)) != NULL || nomem)
                    goto found;
            }
        }
    }
    if ((dir = try_dir(LOA_DATADIR, "", &nomem)) != NULL || nomem)
        goto found;
    loai_diag_set(diag, "cannot find loa's voices/ data (tried $LOA_DATA_DIR, beside the "
                        "program, and %s) — pass --data-dir", LOA_DATADIR);
    return LOA_ERR_IO;
found:
    if (dir == NULL)
        return LOA_ERR_NOMEM;
    *out = dir;
    return LOA_OK;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

loa_err loa_file_scripts(const char *dir, char ***out, size_t *n_out, loa_diag *diag)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i;
    loa_err err = LOA_OK;

    if (d == NULL) {
        loai_diag_set(diag, "cannot open the folder %s: %s", dir, strerror(errno));
        return LOA_ERR_IO;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        char **nn;

        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        if ((nn = realloc(names, (n + 1) * sizeof *nn)) == NULL) {
            err = LOA_ERR_NOMEM;
            break;
        }
        names = nn;
        if ((names[n] = loai_file_join(dir, e->d_name)) == NULL) {
            err = LOA_ERR_NOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (err != LOA_OK) {
        for (i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return err;
    }
    /* Sorted: what is read must not depend on the directory's order. */
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_path);
    *out = names;
    *n_out = n;
    return LOA_OK;
}

int loai_file_safe_rel(const char *p)
{
    size_t seg = 0;

    if (p == NULL || *p == '\0' || *p == '/')
        return 0;
    for (;; p++) {
        if (*p == '/' || *p == '\0') {
            if (seg == 0 || (seg == 1 && p[-1] == '.') ||
                (seg == 2 && p[-1] == '.' && p[-2] == '.'))
                return 0;
            if (*p == '\0')
                return 1;
            seg = 0;
            continue;
        }
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            return 0;
        seg++;
    }
}
