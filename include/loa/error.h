#ifndef LOA_ERROR_H
#define LOA_ERROR_H

/* Error codes returned by every fallible libloa function. */
typedef enum loa_err {
    LOA_OK = 0,
    LOA_ERR_NOMEM = -1,   /* out of memory */
    LOA_ERR_INVALID = -2, /* bad argument or option value */
    LOA_ERR_IO = -3,      /* a file could not be read or written */
    LOA_ERR_CONFIG = -4,  /* district configuration is wrong */
    LOA_ERR_TEXT = -5,    /* script text is wrong (encoding, syntax) */
    LOA_ERR_SYNTH = -6,   /* speech synthesis failed */
    LOA_ERR_AUDIO = -7,   /* audio could not be decoded or processed */
    LOA_ERR_ENCODE = -8,  /* MP3 encoding failed */
    LOA_ERR_SILENT = -9,  /* rendered audio is (near) silent */
    LOA_ERR_PLAN = -10,   /* the week cannot be planned as asked */
    LOA_ERR_UNSAFE = -11, /* audio cannot be brought within its loudness and peak promise */
    LOA_ERR_CANCELLED = -12, /* stopped by a signal (SIGINT, SIGTERM) */
    LOA_ERR_LOCKED = -13  /* another process holds the lock (another build of the output) */
} loa_err;

/* Optional detail about a failure. LINE and COL are 1-based positions in
 * the input named by the caller (0 when the failure has no position). */
typedef struct loa_diag {
    int line;
    int col;
    char msg[512];
} loa_diag;

/* Outputs, the same in every libloa function unless its comment says
 * otherwise:
 *  - A pointer handed back through an out-parameter (loa_x **OUT, char
 *    **OUT) is set only on success; on failure *OUT is not touched.
 *  - A struct the caller lends for the call to fill (a config, a plan, a
 *    bulletin, a check report, a build result) is initialised by the call
 *    itself: it needs no _init beforehand, and whatever it held is not
 *    freed. On failure it is left empty, unless the comment names what it
 *    keeps (a build result keeps where the build stopped). Either way the
 *    caller releases it with the type's _clear.
 *  - A function that replaces a struct's contents (loa_audio_load) says
 *    so; it wants the struct initialised and changes it only on success.
 *  - Optional outputs (a report, stats, info) may be NULL.
 *  - DIAG, the last argument of whatever can fail for a reason worth
 *    telling, may be NULL. */

/* A short English description of ERR; never NULL. */
const char *loa_strerror(loa_err err);

/* Reset DIAG to "no detail"; NULL-safe. */
void loa_diag_clear(loa_diag *diag);

#endif
