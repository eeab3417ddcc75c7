/* Calendar arithmetic the planner and the publisher rely on. */
#include "loa/date.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "test.h"

static int same(loa_date a, int y, int m, int d)
{
    return a.year == y && a.month == m && a.day == d;
}

int main(void)
{
    int y = 0, w = 0;
    loa_date d;

    /* 23/11/2026 is a Monday (thứ hai), first day of ISO week 2026-W48. */
    d = (loa_date){2026, 11, 23};
    CHECK(loa_date_weekday(d) == 1);
    loa_date_iso_week(d, &y, &w);
    CHECK(y == 2026 && w == 48);
    CHECK(same(loa_date_iso_monday(2026, 48), 2026, 11, 23));
    /* 29/11/2026 is the Sunday of the same week. */
    d = (loa_date){2026, 11, 29};
    CHECK(loa_date_weekday(d) == 7);
    loa_date_iso_week(d, &y, &w);
    CHECK(y == 2026 && w == 48);
    /* Decision 1588/QĐ-TTg was signed on 17/12/2024, a Tuesday. */
    CHECK(loa_date_weekday((loa_date){2024, 12, 17}) == 2);
    /* Year boundaries: 2027-01-01 (Friday) belongs to 2026-W53. */
    loa_date_iso_week((loa_date){2027, 1, 1}, &y, &w);
    CHECK(y == 2026 && w == 53);
    /* 2024-12-30 (Monday) is 2025-W01. */
    loa_date_iso_week((loa_date){2024, 12, 30}, &y, &w);
    CHECK(y == 2025 && w == 1);
    CHECK(same(loa_date_iso_monday(2025, 1), 2024, 12, 30));
    /* Adding days across month, year and leap day. */
    CHECK(same(loa_date_add_days((loa_date){2026, 11, 29}, 1), 2026, 11, 30));
    CHECK(same(loa_date_add_days((loa_date){2026, 12, 31}, 1), 2027, 1, 1));
    CHECK(same(loa_date_add_days((loa_date){2024, 2, 28}, 1), 2024, 2, 29));
    CHECK(same(loa_date_add_days((loa_date){2023, 3, 1}, -1), 2023, 2, 28));
    CHECK(loa_date_cmp((loa_date){2023, 10, 25}, (loa_date){2023, 11, 30}) < 0);
    CHECK(loa_date_cmp((loa_date){2023, 11, 30}, (loa_date){2023, 11, 30}) == 0);
    /* Validity: dates editors mistype. */
    CHECK(loa_date_valid((loa_date){2024, 2, 29}));
    CHECK(!loa_date_valid((loa_date){2023, 2, 29}));
    CHECK(!loa_date_valid((loa_date){2026, 2, 31}));
    CHECK(!loa_date_valid((loa_date){2026, 13, 1}));
    CHECK(!loa_date_valid((loa_date){2026, 4, 31}));
    CHECK(loa_date_valid((loa_date){2000, 2, 29}));
    CHECK(!loa_date_valid((loa_date){1900, 2, 29}));
    /* Week strings. */
    CHECK(loa_date_iso_parse("2026-W48", &y, &w) == LOA_OK && y == 2026 && w == 48);
    CHECK(loa_date_iso_parse("2026W05", &y, &w) == LOA_OK && y == 2026 && w == 5);
    CHECK(loa_date_iso_parse("2026-W53", &y, &w) == LOA_OK);
    CHECK(loa_date_iso_parse("2025-W53", &y, &w) == LOA_ERR_INVALID);
    CHECK(loa_date_iso_parse("2026-W00", &y, &w) == LOA_ERR_INVALID);
    CHECK(loa_date_iso_parse("2026-48", &y, &w) == LOA_ERR_INVALID);
    CHECK(loa_date_iso_parse("2026-W48x", &y, &w) == LOA_ERR_INVALID);
    return test_done("test_plan");
}
