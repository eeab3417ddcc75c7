/* Error messages and the diagnostic helpers every module uses. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "loa/error.h"
#include "error_int.h"

const char *loa_strerror(loa_err err)
{
    switch (err) {
    case LOA_OK: return "success";
    case LOA_ERR_NOMEM: return "out of memory";
    case LOA_ERR_INVALID: return "invalid argument";
    case LOA_ERR_IO: return "input/output error";
    case LOA_ERR_CONFIG: return "configuration error";
    case LOA_ERR_TEXT: return "text error";
    case LOA_ERR_SYNTH: return "speech synthesis error";
    case LOA_ERR_AUDIO: return "audio error";
    case LOA_ERR_ENCODE: return "MP3 encoding error";
    case LOA_ERR_SILENT: return "output is silent";
    case LOA_ERR_PLAN: return "planning error";
    case LOA_ERR_UNSAFE: return "audio cannot keep its loudness and peak promise";
    case LOA_ERR_CANCELLED: return "stopped by a signal";
    case LOA_ERR_LOCKED: return "locked by another process";
    }
    return "unknown error";
}

void loa_diag_clear(loa_diag *diag)
{
    if (diag == NULL)
        return;
    diag->line = 0;
    diag->col = 0;
    diag->msg[0] = '\0';
}

void loai_diag_set(loa_diag *diag, const char *fmt, ...)
{
    va_list ap;

    if (diag == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(diag->msg, sizeof diag->msg, fmt, ap);
    va_end(ap);
}

void loai_diag_at(loa_diag *diag, int line, int col, const char *fmt, ...)
{
    va_list ap;

    if (diag == NULL)
        return;
    diag->line = line;
    diag->col = col;
    va_start(ap, fmt);
    vsnprintf(diag->msg, sizeof diag->msg, fmt, ap);
    va_end(ap);
}
