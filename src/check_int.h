/* Shared by the files of loa check (check.c, check_header.c); never installed. */
#ifndef LOA_CHECK_INT_H
#define LOA_CHECK_INT_H

#include <stddef.h>

#include "loa/check.h"
#include "loa/config.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/script.h"
#include "script_int.h"

/* Where the last position asked for was: positions asked in order (every
 * pass over a file asks them so) cost the distance from the last one, not
 * from the start, so loa check stays linear in the size of the file. */
typedef struct loai_ck_cursor {
    size_t off;    /* loai_ck_pos: byte offset ... */
    int line, col; /* ... and its line and column */
    size_t o_off;  /* loai_ck_off: byte offset ... */
    int o_line, o_col;
} loai_ck_cursor;

/* The text being checked (BOM removed). */
typedef struct loai_ck_src {
    const char *text;
    size_t len;
    loai_ck_cursor *cur; /* may be NULL: every position from the start */
} loai_ck_src;

/* Line and column (characters) of byte OFF; byte offset of LINE:COL. */
void loai_ck_pos(const loai_ck_src *s, size_t off, int *line, int *col);
size_t loai_ck_off(const loai_ck_src *s, int line, int col);

/* Station and group ids of the Đài line (the bulletin's TARGETS, at the
 * columns SCAN has) that CFG (may be NULL) lacks. */
loa_err loai_ck_targets(loa_check_report *rep, const loa_bulletin *b,
                        const loai_script_scan *scan, const loa_config *cfg);
/* Repeats that cannot fit the targeted stations' slots; sets REP->slot_s to
 * the shortest slot and *SHORT_STATION to its station. */
loa_err loai_ck_slots(loa_check_report *rep, const loa_bulletin *b, const loa_config *cfg,
                      int repeat_line, const char **short_station);

#endif
