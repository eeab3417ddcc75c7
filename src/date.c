/* The calendar arithmetic everyone shares: days, weekdays, ISO weeks. */
#include <stdio.h>

#include "loa/date.h"
#include "loa/error.h"

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static long days_from_civil(loa_date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

static loa_date civil_from_days(long z)
{
    loa_date d;
    long era, doe, yoe, y, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(y + (d.month <= 2));
    return d;
}

loa_date loa_date_add_days(loa_date d, int days)
{
    return civil_from_days(days_from_civil(d) + days);
}

int loa_date_weekday(loa_date d)
{
    long z = days_from_civil(d); /* 1970-01-01 was a Thursday (4) */
    long w = ((z % 7) + 7 + 3) % 7; /* 0 = Monday */

    return (int)w + 1;
}

int loa_date_cmp(loa_date a, loa_date b)
{
    long x = days_from_civil(a), y = days_from_civil(b);

    return x < y ? -1 : x > y;
}

int loa_date_valid(loa_date d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap, max;

    if (d.year < 1900 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1)
        return 0;
    leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    max = mdays[d.month - 1] + (d.month == 2 && leap);
    return d.day <= max;
}

loa_date loa_date_iso_monday(int iso_year, int iso_week)
{
    loa_date jan4 = {iso_year, 1, 4};
    loa_date week1 = loa_date_add_days(jan4, -(loa_date_weekday(jan4) - 1));

    return loa_date_add_days(week1, 7 * (iso_week - 1));
}

void loa_date_iso_week(loa_date d, int *iso_year, int *iso_week)
{
    /* The ISO week belongs to the year of its Thursday. */
    loa_date thu = loa_date_add_days(d, 4 - loa_date_weekday(d));
    loa_date jan1 = {thu.year, 1, 1};

    *iso_year = thu.year;
    *iso_week = (int)((days_from_civil(thu) - days_from_civil(jan1)) / 7 + 1);
}

loa_err loa_date_iso_parse(const char *s, int *iso_year, int *iso_week)
{
    int y, w, n = 0, wy, ww;
    loa_date last;

    if (sscanf(s, "%4d-W%2d%n", &y, &w, &n) != 2 || s[n] != '\0') {
        n = 0;
        if (sscanf(s, "%4dW%2d%n", &y, &w, &n) != 2 || s[n] != '\0')
            return LOA_ERR_INVALID;
    }
    if (y < 1900 || w < 1 || w > 53)
        return LOA_ERR_INVALID;
    /* Week 53 exists only in years whose Dec 28 falls in it. */
    last.year = y;
    last.month = 12;
    last.day = 28;
    loa_date_iso_week(last, &wy, &ww);
    if (w > ww)
        return LOA_ERR_INVALID;
    *iso_year = y;
    *iso_week = w;
    return LOA_OK;
}

void loa_date_when_text(char *buf, size_t n, loa_date d, int minute, int default_min)
{
    if (minute == default_min)
        snprintf(buf, n, "%02d/%02d/%04d", d.day, d.month, d.year);
    else
        snprintf(buf, n, "%02d/%02d/%04d %02d:%02d", d.day, d.month, d.year, minute / 60,
                 minute % 60);
}
