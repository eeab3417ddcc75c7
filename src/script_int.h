/* The script parser's full scan, for loa check (check.c): every header
 * finding with its position, and where the header's parts are; never
 * installed. */
#ifndef LOA_SCRIPT_INT_H
#define LOA_SCRIPT_INT_H

#include <stddef.h>

#include "loa/check.h"
#include "loa/error.h"
#include "loa/script.h"

/* Header keys, in the order of the table in script.c. */
enum loai_script_key {
    LOAI_KEY_TITLE, LOAI_KEY_PRIO, LOAI_KEY_FROM, LOAI_KEY_TO, LOAI_KEY_REPEAT,
    LOAI_KEY_STATIONS, LOAI_KEY_DIALECT, LOAI_KEY_AUTHOR, LOAI_KEY_AUDIO, LOAI_KEY_COUNT
};

/* A finding: a message of the catalogue (loa check's ids, check_msg.c)
 * with its arguments, at a place in the script. */
typedef struct loai_script_finding {
    loa_check_id id;
    int warning;     /* 1: the script still means something (loa check warns) */
    int line, col;   /* 1-based, col in characters */
    char *arg[3];    /* by ID; NULL when unused */
} loai_script_finding;

typedef struct loai_script_scan {
    loai_script_finding *items; /* in the order they were met: header lines, body
                                 * lines, then the header as a whole */
    size_t n;
    size_t errors;              /* findings that are not warnings */
    int body_failed;            /* the body has an error (its segments are incomplete) */
    int dash_line;              /* the '---' line; 0 when none */
    int key_line[LOAI_KEY_COUNT]; /* where each key is (first time); 0 when absent */
    int *target_col;            /* column of each of the bulletin's TARGETS (on targets_line) */
} loai_script_scan;

/* Parse LEN bytes of TEXT into B like loa_bulletin_parse, but go on past
 * errors: every header line is read (a bad value leaves its field unset),
 * every body line (a bad mark loses the rest of its line), and each finding
 * goes into SCAN (loa_bulletin_parse reports the first error). B is filled
 * as far as it could be and must be cleared by the caller, SCAN too. Fails
 * only for LOA_ERR_NOMEM. */
loa_err loai_script_read(loa_bulletin *b, const char *text, size_t len, const char *dir,
                         loai_script_scan *scan);

/* Levenshtein distance between A and B (bytes; 1000 when either is
 * longer than 63). */
int loai_edit_distance(const char *a, const char *b);

/* 1 when TYPED (folded) looks like a slip for KNOWN (folded): its start, or
 * a few letters off. */
int loai_near(const char *typed, const char *known);

/* Free what SCAN owns; NULL-safe. */
void loai_script_scan_clear(loai_script_scan *scan);

#endif
