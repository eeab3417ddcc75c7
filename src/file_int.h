/* The file system module: paths, directories and walks (file.c), files
 * written whole or not at all (file_stage.c); never installed. */
#ifndef LOA_FILE_INT_H
#define LOA_FILE_INT_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include "loa/error.h"

/* ---- file.c ---- */

/* DIR + "/" + NAME, malloc'd; NULL when out of memory. */
char *loai_file_join(const char *dir, const char *name);

/* A relative '/'-separated path of [A-Za-z0-9._-] names, no "." or ".."
 * (what playlists, manifests and air plans may carry as is); 1 if it is. */
int loai_file_safe_rel(const char *p);

/* mkdir -p PATH (mode 0777: the umask decides); fails with LOA_ERR_IO when a
 * component cannot be made or PATH is something other than a directory. */
loa_err loai_file_mkdirs(const char *path, loa_diag *diag);

/* Called for each file (anything but a directory) of a walk: REL is its
 * path below the root, PATH the full one, ST its lstat. Non-OK stops. */
typedef loa_err (*loai_file_walk_fn)(void *ctx, const char *rel, const char *path,
                                     const struct stat *st);

/* Every file under ROOT, recursively, without following symlinks, leaving
 * out names that start with '.' (temporaries, staging); each directory's
 * entries in strcmp order, so the walk never depends on the file system. */
loa_err loai_file_walk(const char *root, loai_file_walk_fn fn, void *ctx, loa_diag *diag);

/* rm -rf PATH without following symlinks; 0 on success (or no PATH). */
int loai_file_rmtree(const char *path);

/* 1 when PATH is empty or names the root directory ("/", "//", "/..",
 * "/tmp/.." ...): no place for loa to write into or clean up. */
int loai_file_is_root(const char *path);

/* Lock the file PATH (created if missing) with flock(2), EXCL 1 for an
 * exclusive lock, 0 for a shared one; WAIT 0 fails at once with
 * LOA_ERR_LOCKED when another holder is in the way. The lock is the
 * kernel's and lasts while *FD is open: a killed holder never leaves it
 * behind, and holders in other PID namespaces (containers sharing a
 * volume) see each other. CANCEL, if set while waiting, gives
 * LOA_ERR_CANCELLED. */
loa_err loai_file_lock(const char *path, int excl, int wait, const volatile sig_atomic_t *cancel, int *fd,
                       loa_diag *diag);

/* Change the lock on FD (from loai_file_lock) to exclusive (EXCL 1, only
 * if nobody else holds it: 1 when it was had) or shared (EXCL 0). */
int loai_file_relock(int fd, int excl);

/* Open PATH for reading, only if it is a regular file (or a symlink to
 * one): a FIFO would block the build until someone writes to it, a device
 * such as /dev/zero never ends. Opened without blocking, then checked, so
 * even a FIFO with no writer is refused at once. LOA_ERR_INVALID names
 * what PATH is instead; LOA_ERR_IO when it cannot be opened. */
loa_err loai_file_open_regular(const char *path, FILE **out, loa_diag *diag);

/* ---- file_stage.c ---- */

/* A temporary name beside FINAL for staging it (caller frees *TMP). */
loa_err loai_stage_name(const char *final, char **tmp);

/* Remove a staged TMP after a failure (never FINAL itself). */
void loai_stage_abort(const char *tmp, const char *final);

/* fsync TMP and rename it to FINAL; on failure TMP is removed. */
loa_err loai_stage_commit(const char *tmp, const char *final, loa_diag *diag);

/* Write LEN bytes of DATA to FINAL through a staged file: readers see the old
 * file or the whole new one. On failure (LOA_ERR_IO, the reason in DIAG) the
 * staged file is removed and FINAL is left as it was. */
loa_err loai_stage_write(const char *final, const void *data, size_t len, loa_diag *diag);
/* The same without the fsync: for files inside a staged tree, which
 * loa_publish_commit syncs whole before it becomes the published one. */
loa_err loai_stage_write_nosync(const char *final, const void *data, size_t len, loa_diag *diag);

/* fsync PATH (a file or a directory), best effort: a rename is only as
 * durable as the data and the directory entry behind it. */
void loai_stage_sync(const char *path);

/* Remove from DIR every staged file (".<name>.<pid>.tmp<ext>", as
 * loai_stage_name makes them): debris of killed renders, never read as
 * results, but a killed long render can leave gigabytes. Only while
 * holding the lock of what DIR belongs to exclusively (a pid says nothing
 * about a process in another container). Best effort: a file that cannot
 * go stays. The count removed. */
size_t loai_stage_clean(const char *dir);

#endif
