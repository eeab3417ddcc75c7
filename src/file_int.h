/* Files written whole or not at all (file_stage.c); never installed. */
#ifndef LOA_FILE_INT_H
#define LOA_FILE_INT_H

#include <stddef.h>

#include "loa/error.h"

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

/* fsync PATH (a file or a directory), best effort: a rename is only as
 * durable as the data and the directory entry behind it. */
void loai_stage_sync(const char *path);

#endif
