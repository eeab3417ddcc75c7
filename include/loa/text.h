#ifndef LOA_TEXT_H
#define LOA_TEXT_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/synth.h"

/* Check that LEN bytes of TEXT are well-formed UTF-8 (no overlongs,
 * surrogates or NUL bytes). On failure returns LOA_ERR_TEXT and sets
 * DIAG's line and column (1-based, column counted in characters) of the
 * first bad byte and its byte offset in the message. */
loa_err loa_utf8_check(const char *text, size_t len, loa_diag *diag);

#endif
