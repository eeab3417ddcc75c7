#ifndef LOA_FILE_H
#define LOA_FILE_H

#include <stddef.h>

#include "loa/error.h"

/* Find loa's data directory (the one holding the voices/ files), in order:
 * OVERRIDE if not NULL, $LOA_DATA_DIR, voices/ beside the source tree the
 * running program was built in (build/loa → ../voices), the installed
 * <prefix>/share/loa/voices, then the compiled-in LOA_DATADIR. *OUT is the
 * directory, malloc'd (the caller frees it). Fails with LOA_ERR_IO naming
 * what was tried. */
loa_err loa_file_data_dir(const char *override, char **out, loa_diag *diag);

/* Read a whole file (or standard input for "-") into *OUT, NUL-terminated,
 * caller frees; its length (without the NUL) into *LEN. Anything but a
 * regular file (a FIFO, /dev/zero, a directory) is refused at once with
 * LOA_ERR_INVALID, without blocking; standard input is read as it is. */
loa_err loa_file_read(const char *path, char **out, size_t *len, loa_diag *diag);

#endif
