/* The week plan's memory. */
#include <stdlib.h>
#include <string.h>

#include "buf_int.h"
#include "loa/error.h"
#include "loa/plan.h"

void loa_plan_init(loa_plan *p)
{
    memset(p, 0, sizeof *p);
}

void loa_plan_clear(loa_plan *p)
{
    size_t i;

    if (p == NULL)
        return;
    for (i = 0; i < p->n_clips; i++) {
        free(p->clips[i].id);
        free(p->clips[i].title);
        free(p->clips[i].audio);
        free(p->clips[i].source);
    }
    for (i = 0; i < p->n_stations; i++) {
        free(p->stations[i].id);
        free(p->stations[i].name);
        free(p->stations[i].commune);
    }
    for (i = 0; i < p->n_slots; i++) {
        free(p->slots[i].name);
        free(p->slots[i].items);
    }
    for (i = 0; i < p->n_deferred; i++)
        free(p->deferred[i].reason);
    free(p->clips);
    free(p->stations);
    free(p->slots);
    free(p->deferred);
    free(p->district);
    free(p->province);
    memset(p, 0, sizeof *p);
}

/* ---- the week at a glance ---- */

static int is_news(const loa_plan_clip *c)
{
    return c->kind == LOA_CLIP_BULLETIN;
}

void loa_plan_summarize(const loa_plan *p, loa_plan_summary *out)
{
    unsigned char *aired;
    size_t i, j, st_news = 0, top = 0;
    size_t last = (size_t)-1;
    int st_has_slots = 0;

    /* A bulletin spoken in two dialects is two clips: count bulletins, not clips. */
    for (i = 0; i < p->n_clips; i++)
        if (is_news(&p->clips[i]) && p->clips[i].bulletin >= 0 &&
            (size_t)p->clips[i].bulletin >= top)
            top = (size_t)p->clips[i].bulletin + 1;
    aired = calloc(top + 1, 1);
    memset(out, 0, sizeof *out);
    out->stations = p->n_stations;
    out->slots = p->n_slots;
    out->deferred = p->n_deferred;
    for (i = 0; i < p->n_deferred; i++) {
        int c = p->deferred[i].clip;

        if (c >= 0 && (size_t)c < p->n_clips && p->clips[c].priority == LOA_PRIO_URGENT)
            out->urgent_deferred++;
    }
    /* Slots are sorted by station: count per station as it changes. */
    for (i = 0; i <= p->n_slots; i++) {
        const loa_plan_slot *s = i < p->n_slots ? &p->slots[i] : NULL;
        size_t news = 0;

        if (s == NULL || (size_t)s->station != last) {
            if (last != (size_t)-1 && st_has_slots && st_news == 0)
                out->standing_stations++;
            if (s == NULL)
                break;
            last = (size_t)s->station;
            st_news = 0;
            st_has_slots = 1;
        }
        for (j = 0; j < s->n_items; j++) {
            int c = s->items[j];

            if (c < 0 || (size_t)c >= p->n_clips || !is_news(&p->clips[c]))
                continue;
            news++;
            if (aired && p->clips[c].bulletin >= 0)
                aired[p->clips[c].bulletin] = 1;
        }
        out->airings += news;
        st_news += news;
        if (news == 0)
            out->standing_slots++;
    }
    for (i = 0; aired && i < top; i++)
        out->bulletins += aired[i];
    free(aired);
}

/* HAS[st] = 1 when station ST airs at least one bulletin (malloc'd). */
static unsigned char *stations_with_news(const loa_plan *p)
{
    unsigned char *has = calloc(p->n_stations + 1, 1);
    size_t i, j;

    for (i = 0; has && i < p->n_slots; i++)
        for (j = 0; j < p->slots[i].n_items; j++) {
            int c = p->slots[i].items[j];

            if (c >= 0 && (size_t)c < p->n_clips && is_news(&p->clips[c]) &&
                p->slots[i].station >= 0 && (size_t)p->slots[i].station < p->n_stations)
                has[p->slots[i].station] = 1;
        }
    return has;
}

loa_err loa_plan_alerts(const loa_plan *p, loa_plan_alert **out, size_t *n)
{
    loa_plan_summary sum;
    loa_plan_alert *a;
    unsigned char *has;
    size_t i, k = 0, cap;

    *out = NULL;
    *n = 0;
    loa_plan_summarize(p, &sum);
    cap = 1 + p->n_deferred + p->n_stations;
    if ((a = calloc(cap, sizeof *a)) == NULL || (has = stations_with_news(p)) == NULL) {
        free(a);
        return LOA_ERR_NOMEM;
    }
    if (sum.airings == 0 && sum.slots > 0)
        a[k++] = (loa_plan_alert){LOA_ALERT_NOTHING_NEW, -1, -1};
    for (i = 0; i < p->n_deferred; i++) {
        int c = p->deferred[i].clip;

        if (c >= 0 && (size_t)c < p->n_clips && p->clips[c].priority == LOA_PRIO_URGENT)
            a[k++] = (loa_plan_alert){LOA_ALERT_URGENT_DEFERRED, p->deferred[i].station, (int)i};
    }
    /* When nothing new airs anywhere, one alert says it for every station. */
    for (i = 0; sum.airings > 0 && i < p->n_stations; i++)
        if (!has[i])
            a[k++] = (loa_plan_alert){LOA_ALERT_STANDING_ONLY, (int)i, -1};
    for (i = 0; i < p->n_deferred; i++) {
        int c = p->deferred[i].clip;

        if (!(c >= 0 && (size_t)c < p->n_clips && p->clips[c].priority == LOA_PRIO_URGENT))
            a[k++] = (loa_plan_alert){LOA_ALERT_DEFERRED, p->deferred[i].station, (int)i};
    }
    free(has);
    if (k == 0) {
        free(a);
        return LOA_OK;
    }
    *out = a;
    *n = k;
    return LOA_OK;
}

static const char *nonempty(const char *a, const char *b)
{
    return a && *a ? a : b ? b : "";
}

char *loa_plan_alert_text(const loa_plan *p, const loa_plan_alert *a)
{
    loai_buf b = {0};
    const loa_plan_station *st =
        a->station >= 0 && (size_t)a->station < p->n_stations ? &p->stations[a->station] : NULL;
    const loa_plan_deferral *d =
        a->deferral >= 0 && (size_t)a->deferral < p->n_deferred ? &p->deferred[a->deferral]
                                                                 : NULL;
    const loa_plan_clip *c =
        d && d->clip >= 0 && (size_t)d->clip < p->n_clips ? &p->clips[d->clip] : NULL;
    const char *stname = st ? nonempty(st->name, st->id) : "";
    loa_err err = LOA_ERR_INVALID;

    switch (a->kind) {
    case LOA_ALERT_NOTHING_NEW:
        err = loai_buf_printf(&b, "không có bản tin nào còn hiệu lực trong tuần %d/%d: mọi "
                                  "khung phát chỉ có bản tin thường trực — thêm bản tin mới "
                                  "hoặc kiểm tra 'Từ ngày', 'Đến ngày' của các bản tin",
                              p->iso_week, p->iso_year);
        break;
    case LOA_ALERT_STANDING_ONLY:
        err = loai_buf_printf(&b, "%s chỉ phát bản tin thường trực cả tuần: không bản tin "
                                  "nào nhắm tới đài này còn hiệu lực — kiểm tra dòng 'Đài' "
                                  "của các bản tin", stname);
        break;
    case LOA_ALERT_URGENT_DEFERRED:
    case LOA_ALERT_DEFERRED:
        if (c == NULL)
            break;
        err = loai_buf_printf(&b, "bản tin %s\"%s\" chỉ phát %d/%d lượt tại %s: %s — rút "
                                  "gọn bản tin, giảm số lần phát hoặc thêm khung phát",
                              a->kind == LOA_ALERT_URGENT_DEFERRED ? "khẩn cấp " : "",
                              nonempty(c->title, c->id), d->aired, d->wanted, stname,
                              nonempty(d->reason, "không đủ thời lượng"));
        break;
    }
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return NULL;
    }
    return b.data;
}
