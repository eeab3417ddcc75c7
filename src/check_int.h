/* Shared by the files of loa check (check.c, check_header.c); never installed. */
#ifndef LOA_CHECK_INT_H
#define LOA_CHECK_INT_H

#include <stddef.h>

#include "loa/check.h"
#include "loa/config.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/script.h"

/* The text being checked (BOM removed). */
typedef struct loai_ck_src {
    const char *text;
    size_t len;
} loai_ck_src;

/* Line and column (characters) of byte OFF; byte offset of LINE:COL. */
void loai_ck_pos(const loai_ck_src *s, size_t off, int *line, int *col);
size_t loai_ck_off(const loai_ck_src *s, int line, int col);

enum key { K_TITLE, K_PRIO, K_FROM, K_TO, K_REPEAT, K_STATIONS, K_DIALECT, K_AUTHOR, K_AUDIO,
           K_COUNT };

/* What the header scan found. */
typedef struct loai_ck_header {
    int dash_line;        /* the '---' line, 0 when none */
    int bad_lines[64];    /* lines this file reported, so the parser's repeat is dropped */
    size_t n_bad;
    int line[K_COUNT];    /* where each key is (first time) */
    int date_ok[K_COUNT]; /* K_FROM, K_TO parsed */
    loa_date date[K_COUNT];
    char *date_text[K_COUNT];
    size_t value_off[K_COUNT]; /* byte offset of each key's value */
    size_t targets_off;   /* byte offsets of the Đài value */
    size_t targets_end;
} loai_ck_header;

/* Scan the header: unknown and missing keys, impossible dates, dates out of
 * order, each reported once with its line (and remembered in H). */
loa_err loai_ck_scan_header(loa_check_report *rep, const loai_ck_src *s, loai_ck_header *h);
/* Station and group ids of the Đài line that CFG (may be NULL) lacks. */
loa_err loai_ck_targets(loa_check_report *rep, const loai_ck_src *s, loai_ck_header *h,
                        const loa_config *cfg);
/* Repeats that cannot fit the targeted stations' slots; sets REP->slot_s to
 * the shortest slot and *SHORT_STATION to its station. */
loa_err loai_ck_slots(loa_check_report *rep, const loa_bulletin *b, const loa_config *cfg,
                      int repeat_line, const char **short_station);
/* 1 when the header scan reported something on LINE. */
int loai_ck_is_bad(const loai_ck_header *h, int line);

#endif
