/* Atomic replacement of a published tree. The new tree is built in a hidden
 * sibling directory, renamed to an immutable version ".weeks/<name>.<n>",
 * and the name itself is a symlink switched to it by one rename, so readers
 * (operators, rsync to the stations, a playout inside the old week) see the
 * old week or the new week, never a mix, and keep what they opened; a build
 * killed at any point leaves a complete tree behind. Old versions are
 * removed by loa_air_gc once nothing points at them. */
#define _GNU_SOURCE /* renameat2(2), RENAME_EXCHANGE: glibc >= 2.28 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/error.h"
#include "loa/publish.h"
#include "error_int.h"
#include "file_int.h"
#include "publish_priv.h"

#define STAGE_PREFIX ".staging-"
#define OLD_PREFIX ".old-"
#define LINK_PREFIX ".link-"
#define VERSIONS_DIR ".weeks"

/* Split TARGET into a parent directory and a last component, dropping
 * trailing slashes. Both malloc'd. */
static loa_err split(const char *target, char **parent, char **base)
{
    size_t n = strlen(target);
    const char *slash;

    while (n > 1 && target[n - 1] == '/')
        n--;
    *parent = *base = NULL;
    slash = memrchr(target, '/', n);
    if (slash == NULL) {
        *parent = strdup(".");
        *base = strndup(target, n);
    } else {
        *parent = slash == target ? strdup("/") : strndup(target, (size_t)(slash - target));
        *base = strndup(slash + 1, n - (size_t)(slash - target) - 1);
    }
    if (*parent == NULL || *base == NULL) {
        free(*parent);
        free(*base);
        return LOA_ERR_NOMEM;
    }
    return LOA_OK;
}

/* "<prefix><pid>-<name>" → pid and name; 0 if NAME is not such debris. */
static int parse_debris(const char *entry, const char *prefix, long *pid, const char **name)
{
    size_t n = strlen(prefix);
    char *end;

    if (strncmp(entry, prefix, n) != 0)
        return 0;
    *pid = strtol(entry + n, &end, 10);
    if (end == entry + n || *end != '-' || end[1] == '\0')
        return 0;
    *name = end + 1;
    return 1;
}

/* Clear what killed builds left in PARENT. The caller holds the output's
 * lock (loa_build_run does), so no build that could still write there is
 * running: a pid is no test (a build in another container on the same
 * volume has its own pids). */
static loa_err clean_debris(const char *parent, loa_diag *diag)
{
    DIR *d = opendir(parent);
    struct dirent *e;
    loa_err err = LOA_OK;

    if (d == NULL) {
        loai_diag_set(diag, "cannot list %s: %s", parent, strerror(errno));
        return LOA_ERR_IO;
    }
    while ((e = readdir(d)) != NULL) {
        const char *name;
        long pid;
        char *path, *final;
        struct stat st;
        int old = 0;

        if (parse_debris(e->d_name, OLD_PREFIX, &pid, &name))
            old = 1;
        else if (!parse_debris(e->d_name, STAGE_PREFIX, &pid, &name) &&
                 !parse_debris(e->d_name, LINK_PREFIX, &pid, &name))
            continue;
        path = loai_file_join(parent, e->d_name);
        final = loai_file_join(parent, name);
        if (path == NULL || final == NULL) {
            err = LOA_ERR_NOMEM;
        } else if (old && lstat(final, &st) != 0 && errno == ENOENT) {
            /* A commit died between its two renames: the old tree is the
             * complete one we can vouch for; put it back. */
            if (rename(path, final) != 0) {
                loai_diag_set(diag, "cannot restore %s to %s: %s", path, final,
                              strerror(errno));
                err = LOA_ERR_IO;
            }
        } else if (loai_file_rmtree(path) != 0) {
            loai_diag_set(diag, "cannot remove stale %s: %s — remove it by hand", path,
                          strerror(errno));
            err = LOA_ERR_IO;
        }
        free(path);
        free(final);
        if (err != LOA_OK)
            break;
    }
    closedir(d);
    return err;
}

loa_err loa_publish_begin(const char *target, char **staging, loa_diag *diag)
{
    char *parent = NULL, *base = NULL, *stage = NULL;
    loa_err err;
    size_t n;

    if (target == NULL || staging == NULL || *target == '\0') {
        loai_diag_set(diag, "publish: no output directory given");
        return LOA_ERR_INVALID;
    }
    if ((err = split(target, &parent, &base)) != LOA_OK)
        return err;
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(base, "/") == 0) {
        loai_diag_set(diag, "publish: output directory %s must name a directory of its own "
                      "(e.g. out/2026-W48)", target);
        err = LOA_ERR_INVALID;
        goto done;
    }
    if ((err = loai_file_mkdirs(parent, diag)) != LOA_OK ||
        (err = clean_debris(parent, diag)) != LOA_OK)
        goto done;
    n = strlen(parent) + strlen(base) + sizeof STAGE_PREFIX + 32;
    if ((stage = malloc(n)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto done;
    }
    snprintf(stage, n, "%s/" STAGE_PREFIX "%ld-%s", parent, (long)getpid(), base);
    if (mkdir(stage, 0777) != 0) {
        loai_diag_set(diag, "cannot create staging directory %s: %s", stage, strerror(errno));
        err = LOA_ERR_IO;
        free(stage);
        goto done;
    }
    *staging = stage;
done:
    free(parent);
    free(base);
    return err;
}

/* fsync every file and directory under PATH, so the tree is on disk before a
 * rename makes it the published one (otherwise a power cut could publish
 * names pointing at empty files). */
static loa_err sync_tree(const char *path, loa_diag *diag)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    loa_err err = LOA_OK;
    int fd;

    if (lstat(path, &st) != 0) {
        loai_diag_set(diag, "%s: %s", path, strerror(errno));
        return LOA_ERR_IO;
    }
    if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
        while (err == LOA_OK && (e = readdir(d)) != NULL) {
            char *sub;

            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if ((sub = loai_file_join(path, e->d_name)) == NULL)
                err = LOA_ERR_NOMEM;
            else
                err = sync_tree(sub, diag);
            free(sub);
        }
        closedir(d);
    }
    if (err == LOA_OK && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
        if ((fd = open(path, O_RDONLY)) < 0 || fsync(fd) != 0) {
            loai_diag_set(diag, "cannot sync %s: %s", path, strerror(errno));
            err = LOA_ERR_IO;
        }
        if (fd >= 0)
            close(fd);
    }
    return err;
}

/* The whole staged tree on disk in one call: syncfs(2) writes back the file
 * system STAGING is on, which for a province's week (tens of thousands of
 * files) costs a fraction of an fsync a file, each a journal commit. Since
 * Linux 5.8 it reports write-back errors; before, or elsewhere, every file
 * is synced on its own (sync_tree). */
static loa_err sync_staged(const char *staging, loa_diag *diag)
{
    int fd = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        int rc = syncfs(fd);

        close(fd);
        if (rc == 0)
            return LOA_OK;
    }
    return sync_tree(staging, diag);
}

/* The highest version number N of "<base>.N" in VERSIONS (0 when none). */
static long last_version(const char *versions, const char *base)
{
    DIR *d = opendir(versions);
    struct dirent *e;
    size_t n = strlen(base);
    long best = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        char *end;
        long v;

        if (strncmp(e->d_name, base, n) != 0 || e->d_name[n] != '.')
            continue;
        v = strtol(e->d_name + n + 1, &end, 10);
        if (end != e->d_name + n + 1 && *end == '\0' && v > best)
            best = v;
    }
    closedir(d);
    return best;
}

/* Point the symlink TARGET at REL atomically: a new link under a temporary
 * name renamed over the old one. A real directory at TARGET (a publish of an
 * older loa) is swapped out with RENAME_EXCHANGE and removed. */
static loa_err relink(const char *parent, const char *base, const char *target, const char *rel,
                      loa_diag *diag)
{
    size_t n = strlen(parent) + strlen(base) + sizeof LINK_PREFIX + 32;
    char *tmp = malloc(n);
    loa_err err = LOA_OK;

    if (tmp == NULL)
        return LOA_ERR_NOMEM;
    snprintf(tmp, n, "%s/" LINK_PREFIX "%ld-%s", parent, (long)getpid(), base);
    unlink(tmp);
    if (symlink(rel, tmp) != 0) {
        loai_diag_set(diag, "cannot create link %s: %s", tmp, strerror(errno));
        err = LOA_ERR_IO;
    } else if (rename(tmp, target) != 0) {
        if ((errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST) &&
            renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
            loai_file_rmtree(tmp); /* the old directory, now at the temporary name */
        } else {
            loai_diag_set(diag, "cannot publish %s: %s", target, strerror(errno));
            unlink(tmp);
            err = LOA_ERR_IO;
        }
    }
    free(tmp);
    return err;
}

loa_err loa_publish_commit(const char *target, const char *staging, loa_diag *diag)
{
    char *parent = NULL, *base = NULL, *versions = NULL, *dest = NULL, *rel = NULL;
    loa_err err;
    long v;
    size_t n;
    int tries;

    if (target == NULL || staging == NULL)
        return LOA_ERR_INVALID;
    /* What did not change is shared with the version being replaced (through
     * TARGET's link), so a republish costs only what changed. */
    if ((err = loai_pub_link_same(staging, target, NULL, NULL)) != LOA_OK ||
        (err = sync_staged(staging, diag)) != LOA_OK || (err = split(target, &parent, &base)))
        return err;
    err = LOA_ERR_NOMEM;
    n = strlen(parent) + strlen(base) + sizeof VERSIONS_DIR + 48;
    if ((versions = loai_file_join(parent, VERSIONS_DIR)) == NULL || (dest = malloc(n)) == NULL ||
        (rel = malloc(n)) == NULL)
        goto done;
    if ((err = loai_file_mkdirs(versions, diag)) != LOA_OK)
        goto done;
    /* The staged tree becomes the next immutable version; a concurrent build
     * that took the same number makes the rename fail, so try the next. */
    v = last_version(versions, base);
    for (tries = 0;; tries++) {
        v++;
        snprintf(dest, n, "%s/%s.%ld", versions, base, v);
        if (rename(staging, dest) == 0)
            break;
        if ((errno != EEXIST && errno != ENOTEMPTY) || tries == 100) {
            loai_diag_set(diag, "cannot publish %s as %s: %s", staging, dest, strerror(errno));
            err = LOA_ERR_IO;
            goto done;
        }
    }
    loai_stage_sync(versions);
    snprintf(rel, n, VERSIONS_DIR "/%s.%ld", base, v);
    if ((err = relink(parent, base, target, rel, diag)) == LOA_OK)
        loai_stage_sync(parent);
done:
    free(parent);
    free(base);
    free(versions);
    free(dest);
    free(rel);
    return err;
}

void loa_publish_abort(const char *staging)
{
    if (staging != NULL)
        loai_file_rmtree(staging);
}
