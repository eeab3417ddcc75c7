/* Calendar arithmetic the planner and the publisher rely on. */
#include <stdlib.h>
#include <string.h>

#include "loa/date.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "test.h"

/* A hand-made week: clips 0 intro, 1 standing, 2 bulletin A (north), 3 bulletin A
 * (south: the same bulletin 0 in another voice), 4 bulletin B (urgent, bulletin 1).
 * Station 0 airs A twice and B once; station 1 airs A (south) once; station 2 only
 * the standing bulletin. Deferrals: B at station 1 (urgent), A at station 2. */
static int items_a[] = {0, 2}, items_b[] = {0, 4, 2}, items_c[] = {0, 3}, items_s[] = {0, 1};

static void week(loa_plan *p, int with_news)
{
    static loa_plan_clip clips[5];
    static loa_plan_station st[3];
    static loa_plan_slot sl[5];
    static loa_plan_deferral df[2];

    memset(p, 0, sizeof *p);
    memset(clips, 0, sizeof clips);
    clips[0] = (loa_plan_clip){.kind = LOA_CLIP_INTRO, .id = "intro", .bulletin = -1};
    clips[1] = (loa_plan_clip){.kind = LOA_CLIP_STANDING, .id = "tt", .title = "Thường trực",
                               .bulletin = -1};
    clips[2] = (loa_plan_clip){.kind = LOA_CLIP_BULLETIN, .id = "a-n", .title = "Bản tin A",
                               .bulletin = 0};
    clips[3] = (loa_plan_clip){.kind = LOA_CLIP_BULLETIN, .id = "a-s", .title = "Bản tin A",
                               .bulletin = 0};
    clips[4] = (loa_plan_clip){.kind = LOA_CLIP_BULLETIN, .id = "b", .title = "Bão số 3",
                               .priority = LOA_PRIO_URGENT, .bulletin = 1};
    st[0] = (loa_plan_station){.id = "x0", .name = "Đài xã Một"};
    st[1] = (loa_plan_station){.id = "x1", .name = "Đài xã Hai"};
    st[2] = (loa_plan_station){.id = "x2", .name = "Đài xã Ba"};
    sl[0] = (loa_plan_slot){.station = 0, .items = items_a, .n_items = 2};
    sl[1] = (loa_plan_slot){.station = 0, .items = items_b, .n_items = 3};
    sl[2] = (loa_plan_slot){.station = 1, .items = items_c, .n_items = 2};
    sl[3] = (loa_plan_slot){.station = 2, .items = items_s, .n_items = 2};
    sl[4] = (loa_plan_slot){.station = 2, .items = items_s, .n_items = 2};
    df[0] = (loa_plan_deferral){.clip = 4, .station = 1, .aired = 0, .wanted = 2,
                                .reason = "khung phát đầy"};
    df[1] = (loa_plan_deferral){.clip = 2, .station = 2, .aired = 0, .wanted = 1,
                                .reason = "khung phát đầy"};
    p->iso_year = 2026;
    p->iso_week = 49;
    p->clips = clips;
    p->n_clips = 5;
    p->stations = st;
    p->n_stations = 3;
    p->slots = sl;
    p->n_slots = 5;
    p->deferred = df;
    p->n_deferred = 2;
    if (!with_news) { /* every slot airs the standing bulletin only */
        for (int i = 0; i < 5; i++) {
            sl[i].items = items_s;
            sl[i].n_items = 2;
        }
        p->n_deferred = 0;
    }
}

static void test_alerts(void)
{
    loa_plan p;
    loa_plan_summary sm;
    loa_plan_alert *al = NULL;
    size_t n = 0;
    char *t;

    week(&p, 1);
    loa_plan_summarize(&p, &sm);
    CHECK(sm.stations == 3 && sm.slots == 5);
    CHECK(sm.bulletins == 2);      /* A (two voices) and B */
    CHECK(sm.airings == 4);        /* A, B + A, A (south) */
    CHECK(sm.standing_slots == 2); /* station 2's two slots */
    CHECK(sm.deferred == 2 && sm.urgent_deferred == 1);
    CHECK(sm.standing_stations == 1);
    CHECK(loa_plan_alerts(&p, &al, &n) == LOA_OK);
    /* Most serious first: the urgent deferral, the standing-only station, the rest. */
    CHECK(n == 3);
    CHECK(n == 3 && al[0].kind == LOA_ALERT_URGENT_DEFERRED && al[0].station == 1 &&
          al[0].deferral == 0);
    CHECK(n == 3 && al[1].kind == LOA_ALERT_STANDING_ONLY && al[1].station == 2);
    CHECK(n == 3 && al[2].kind == LOA_ALERT_DEFERRED && al[2].deferral == 1);
    t = n ? loa_plan_alert_text(&p, &al[0]) : NULL;
    CHECK(t && strstr(t, "bản tin khẩn cấp \"Bão số 3\" chỉ phát 0/2 lượt tại Đài xã Hai: "
                         "khung phát đầy — "));
    free(t);
    t = n > 1 ? loa_plan_alert_text(&p, &al[1]) : NULL;
    CHECK(t && strstr(t, "Đài xã Ba chỉ phát bản tin thường trực cả tuần"));
    free(t);
    free(al);

    /* Nothing valid this week: one alert for the district, not one per station. */
    week(&p, 0);
    loa_plan_summarize(&p, &sm);
    CHECK(sm.bulletins == 0 && sm.airings == 0 && sm.standing_slots == 5 &&
          sm.standing_stations == 3);
    CHECK(loa_plan_alerts(&p, &al, &n) == LOA_OK);
    CHECK(n == 1 && al && al[0].kind == LOA_ALERT_NOTHING_NEW && al[0].station == -1);
    t = n ? loa_plan_alert_text(&p, &al[0]) : NULL;
    CHECK(t && strstr(t, "không có bản tin nào còn hiệu lực trong tuần 49/2026"));
    free(t);
    free(al);

    /* An empty plan has nothing to say. */
    memset(&p, 0, sizeof p);
    CHECK(loa_plan_alerts(&p, &al, &n) == LOA_OK && n == 0 && al == NULL);
}

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
    test_alerts();
    return test_done("test_plan");
}
