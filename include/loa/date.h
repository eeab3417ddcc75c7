#ifndef LOA_DATE_H
#define LOA_DATE_H

#include <stddef.h>

#include "loa/error.h"

/* A calendar day (local time; the district's zone is the caller's). */
typedef struct loa_date {
    int year, month, day;
} loa_date;

/* ISO-8601 week arithmetic on the proleptic Gregorian calendar. */
loa_date loa_date_add_days(loa_date d, int days);
int loa_date_weekday(loa_date d);            /* 1 = Monday .. 7 = Sunday */
int loa_date_cmp(loa_date a, loa_date b);    /* <0, 0, >0 */
int loa_date_valid(loa_date d);              /* 1 if the day exists */

/* The Monday of ISO week ISO_WEEK of ISO_YEAR; the ISO week D falls in. */
loa_date loa_date_iso_monday(int iso_year, int iso_week);
void loa_date_iso_week(loa_date d, int *iso_year, int *iso_week);

/* Parse "2026-W48" (or "2026W48"); fails with LOA_ERR_INVALID. */
loa_err loa_date_iso_parse(const char *s, int *iso_year, int *iso_week);

/* D at MINUTE of the day as people write it, "25/11/2026 06:15" into BUF
 * (N bytes); the date alone when MINUTE is the day's edge DEFAULT_MIN (0
 * for a start, 1440 for an end). */
void loa_date_when_text(char *buf, size_t n, loa_date d, int minute, int default_min);

#endif
