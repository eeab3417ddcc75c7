/* The script parser's full scan, for loa check (check.c): every header
 * finding with its position, and where the header's parts are; never
 * installed. */
#ifndef LOA_SCRIPT_INT_H
#define LOA_SCRIPT_INT_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/script.h"

/* Header keys, in the order of the table in script.c. */
enum loai_script_key {
    LOAI_KEY_TITLE, LOAI_KEY_PRIO, LOAI_KEY_FROM, LOAI_KEY_TO, LOAI_KEY_REPEAT,
    LOAI_KEY_STATIONS, LOAI_KEY_DIALECT, LOAI_KEY_AUTHOR, LOAI_KEY_AUDIO, LOAI_KEY_COUNT
};

/* What a finding is about, where loa check has a message of its own. */
typedef enum loai_script_kind {
    LOAI_SCRIPT_OTHER = 0, /* only the parser's message (MSG) */
    LOAI_SCRIPT_KEY,       /* unknown header key: ARG[0] the key as written */
    LOAI_SCRIPT_DATE,      /* not a date, or no such day: ARG[0] the key, ARG[1] the value */
    LOAI_SCRIPT_ORDER,     /* Đến ngày before Từ ngày: ARG[0] to, ARG[1] from, ARG[2] its line */
    LOAI_SCRIPT_MISSING    /* a required key is missing: ARG[0] the key, ARG[1] its alias */
} loai_script_kind;

typedef struct loai_script_finding {
    loai_script_kind kind;
    int line, col;   /* 1-based, col in characters */
    char *msg;       /* the parser's message: "what — how to fix" (English) */
    char *arg[3];    /* by KIND; NULL when unused */
} loai_script_finding;

typedef struct loai_script_scan {
    loai_script_finding *items; /* in the order loa_bulletin_parse reports them: header
                                 * lines, the first body error, then the whole header */
    size_t n;
    int body_failed;            /* the body has an error (its segments are incomplete) */
    int dash_line;              /* the '---' line; 0 when none */
    int key_line[LOAI_KEY_COUNT]; /* where each key is (first time); 0 when absent */
    int *target_col;            /* column of each of the bulletin's TARGETS (on targets_line) */
} loai_script_scan;

/* Parse LEN bytes of TEXT into B like loa_bulletin_parse, but go on past
 * errors: every header line is read (a bad value leaves its field unset),
 * the body up to its first error, and each finding goes into SCAN in the
 * order loa_bulletin_parse would meet them (it reports the first). B is
 * filled as far as it could be and must be cleared by the caller, SCAN too.
 * Fails only for LOA_ERR_NOMEM. */
loa_err loai_script_read(loa_bulletin *b, const char *text, size_t len, const char *dir,
                         loai_script_scan *scan);

/* Free what SCAN owns; NULL-safe. */
void loai_script_scan_clear(loai_script_scan *scan);

#endif
