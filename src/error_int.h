/* Diagnostics for libloa's own files (error.c); never installed. */
#ifndef LOA_ERROR_INT_H
#define LOA_ERROR_INT_H

#include "loa/error.h"

#if defined(__GNUC__)
#define LOAI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LOAI_PRINTF(a, b)
#endif

/* Fill DIAG->msg (NULL-safe); position fields are left alone. */
void loai_diag_set(loa_diag *diag, const char *fmt, ...) LOAI_PRINTF(2, 3);

/* Fill DIAG with a message at LINE:COL of the caller's input. */
void loai_diag_at(loa_diag *diag, int line, int col, const char *fmt, ...) LOAI_PRINTF(4, 5);

#endif
