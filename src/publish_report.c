/* The district report of a week: what aired where, what was deferred and why.
 * report.json for programs, report.txt (Vietnamese) for people. */
#include <stdio.h>
#include <stdlib.h>

#include "loa/date.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/publish.h"
#include "loa/version.h"
#include "buf_int.h"
#include "error_int.h"
#include "publish_priv.h"

static loa_err check_plan(const loa_plan *plan, loa_diag *diag)
{
    size_t i, j;

    for (i = 0; i < plan->n_slots; i++) {
        const loa_plan_slot *s = &plan->slots[i];

        if (s->station < 0 || (size_t)s->station >= plan->n_stations ||
            (s->n_items > 0 && s->items == NULL)) {
            loai_diag_set(diag, "plan slot %zu: station index out of range", i);
            return LOA_ERR_INVALID;
        }
        for (j = 0; j < s->n_items; j++)
            if (s->items[j] < 0 || (size_t)s->items[j] >= plan->n_clips) {
                loai_diag_set(diag, "plan slot %zu: item %zu is not a clip of the plan", i, j);
                return LOA_ERR_INVALID;
            }
    }
    for (i = 0; i < plan->n_deferred; i++) {
        const loa_plan_deferral *d = &plan->deferred[i];

        if (d->clip < 0 || (size_t)d->clip >= plan->n_clips || d->station < 0 ||
            (size_t)d->station >= plan->n_stations) {
            loai_diag_set(diag, "plan deferral %zu: clip or station out of range", i);
            return LOA_ERR_INVALID;
        }
    }
    return LOA_OK;
}

/* airings[clip * n_stations + station] */
static size_t *count_airings(const loa_plan *plan)
{
    size_t i, j, *n;

    if (plan->n_stations && plan->n_clips > (size_t)-1 / plan->n_stations / sizeof *n)
        return NULL;
    if ((n = calloc(plan->n_clips * plan->n_stations + 1, sizeof *n)) == NULL)
        return NULL;
    for (i = 0; i < plan->n_slots; i++)
        for (j = 0; j < plan->slots[i].n_items; j++)
            n[(size_t)plan->slots[i].items[j] * plan->n_stations +
              (size_t)plan->slots[i].station]++;
    return n;
}

static const char *str(const char *s)
{
    return s ? s : "";
}

static const char *const alert_kind[] = {"", "nothing-new", "urgent-deferred",
                                          "standing-only", "deferred", "left-out"};

/* A bulletin's validity bound as ISO local time, "2026-11-25T06:15" (the end
 * of a day is "T24:00"). */
static void iso_when(char *buf, size_t n, loa_date d, int minute)
{
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d", d.year, d.month, d.day, minute / 60,
             minute % 60);
}

static void report_json(loai_out *o, const loa_plan *plan, const size_t *air,
                        const loa_plan_alert *al, size_t n_al, const loai_out *asrun)
{
    size_t i, j, k, total = 0, n;
    loa_date sun = loa_date_add_days(plan->monday, 6);

    for (i = 0; i < plan->n_clips; i++)
        for (j = 0; j < plan->n_stations; j++)
            if (loai_pub_is_bulletin(&plan->clips[i]))
                total += air[i * plan->n_stations + j];
    loai_out_puts(o, "{\n  \"format\": \"loa-report/1\",\n  \"generator\": \"loa " LOA_VERSION
                     "\",\n");
    loai_out_printf(o, "  \"week\": \"%04d-W%02d\",\n", plan->iso_year, plan->iso_week);
    loai_out_printf(o, "  \"from\": \"%04d-%02d-%02d\",\n  \"to\": \"%04d-%02d-%02d\",\n",
                    plan->monday.year, plan->monday.month, plan->monday.day, sun.year,
                    sun.month, sun.day);
    loai_out_puts(o, "  \"district\": ");
    loai_out_json_str(o, str(plan->district));
    loai_out_puts(o, ",\n  \"province\": ");
    loai_out_json_str(o, str(plan->province));
    loai_out_printf(o, ",\n  \"status\": \"%s\",\n  \"alerts\": [",
                    n_al == 0                              ? "ok"
                    : al[0].kind == LOA_ALERT_LEFT_OUT     ? "left-out"
                    : al[0].kind == LOA_ALERT_NOTHING_NEW  ? "nothing-new"
                                                           : "attention");
    for (i = 0; i < n_al; i++) {
        char *msg = loa_plan_alert_text(plan, &al[i]);
        const loa_plan_deferral *d = al[i].deferral >= 0 ? &plan->deferred[al[i].deferral] : NULL;

        loai_out_printf(o, "%s\n    {\"kind\": \"%s\", \"station\": ", i ? "," : "",
                        alert_kind[al[i].kind]);
        if (al[i].station >= 0)
            loai_out_json_str(o, str(plan->stations[al[i].station].id));
        else
            loai_out_puts(o, "null");
        loai_out_puts(o, ", \"bulletin\": ");
        if (d)
            loai_out_json_str(o, str(plan->clips[d->clip].id));
        else
            loai_out_puts(o, "null");
        if (al[i].left_out >= 0) {
            loai_out_puts(o, ", \"source\": ");
            loai_out_json_str(o, str(plan->left_out[al[i].left_out].source));
        }
        loai_out_puts(o, ", \"message\": ");
        loai_out_json_str(o, msg ? msg : "");
        loai_out_puts(o, "}");
        free(msg);
    }
    loai_out_puts(o, n_al ? "\n  ]" : "]");
    {
        loa_plan_summary sm;

        loa_plan_summarize(plan, &sm);
        loai_out_printf(o, ",\n  \"summary\": {\"bulletins\": %zu, \"airings\": %zu, "
                           "\"standing_slots\": %zu, \"deferred\": %zu, "
                           "\"urgent_deferred\": %zu, \"standing_stations\": %zu}",
                        sm.bulletins, sm.airings, sm.standing_slots, sm.deferred,
                        sm.urgent_deferred, sm.standing_stations);
    }
    loai_out_printf(o, ",\n  \"totals\": {\"stations\": %zu, \"slots\": %zu, \"airings\": %zu, "
                       "\"deferrals\": %zu},\n  \"stations\": [",
                    plan->n_stations, plan->n_slots, total, plan->n_deferred);
    for (i = 0; i < plan->n_stations; i++) {
        const loa_plan_station *st = &plan->stations[i];

        loai_out_puts(o, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        loai_out_json_str(o, str(st->id));
        loai_out_puts(o, ", \"name\": ");
        loai_out_json_str(o, str(st->name));
        loai_out_puts(o, ", \"commune\": ");
        loai_out_json_str(o, str(st->commune));
        loai_out_puts(o, ",\n     \"slots\": [");
        for (j = 0, n = 0; j < plan->n_slots; j++) {
            const loa_plan_slot *s = &plan->slots[j];
            char hm[16];

            if ((size_t)s->station != i)
                continue;
            loai_pub_hm(s->start_min * 60, hm);
            loai_out_printf(o, "%s      {\"date\": \"%04d-%02d-%02d\", \"start\": \"%s\", "
                               "\"name\": ", n++ ? ",\n" : "\n", s->date.year, s->date.month,
                            s->date.day, hm);
            loai_out_json_str(o, str(s->name));
            loai_out_printf(o, ", \"length\": %d, \"seconds\": ", s->length_s);
            loai_out_fixed(o, s->seconds, 3);
            loai_out_puts(o, ", \"bulletins\": [");
            for (k = 0; k < s->n_items; k++) {
                loai_out_puts(o, k ? ", " : "");
                loai_out_json_str(o, str(plan->clips[s->items[k]].id));
            }
            loai_out_puts(o, "]}");
        }
        loai_out_puts(o, n ? "\n     ]}" : "]}");
    }
    loai_out_puts(o, plan->n_stations ? "\n  ],\n  \"bulletins\": [" : "],\n  \"bulletins\": [");
    for (i = 0, n = 0; i < plan->n_clips; i++) {
        const loa_plan_clip *c = &plan->clips[i];
        size_t sum = 0, m = 0;

        if (!loai_pub_is_bulletin(c))
            continue;
        for (j = 0; j < plan->n_stations; j++)
            sum += air[i * plan->n_stations + j];
        loai_out_puts(o, n++ ? ",\n    {\"id\": " : "\n    {\"id\": ");
        loai_out_json_str(o, str(c->id));
        loai_out_puts(o, ", \"title\": ");
        loai_out_json_str(o, str(c->title));
        loai_out_puts(o, ", \"priority\": ");
        loai_out_json_str(o, loai_pub_priority(c->priority));
        loai_out_printf(o, ", \"standing\": %s, \"source\": ",
                        c->kind == LOA_CLIP_STANDING ? "true" : "false");
        if (c->source)
            loai_out_json_str(o, c->source);
        else
            loai_out_puts(o, "null");
        loai_out_puts(o, ", \"seconds\": ");
        loai_out_fixed(o, c->seconds, 3);
        if (c->kind == LOA_CLIP_BULLETIN && c->from.year > 0) {
            char f[32], t[32];

            iso_when(f, sizeof f, c->from, c->from_min);
            iso_when(t, sizeof t, c->to, c->to_min);
            loai_out_printf(o, ", \"from\": \"%s\", \"to\": \"%s\"", f, t);
        }
        loai_out_printf(o, ",\n     \"airings\": %zu, \"stations\": {", sum);
        for (j = 0; j < plan->n_stations; j++) {
            size_t a = air[i * plan->n_stations + j];

            if (a == 0)
                continue;
            loai_out_puts(o, m++ ? ", " : "");
            loai_out_json_str(o, str(plan->stations[j].id));
            loai_out_printf(o, ": %zu", a);
        }
        loai_out_puts(o, "}}");
    }
    loai_out_puts(o, n ? "\n  ],\n  \"deferred\": [" : "],\n  \"deferred\": [");
    for (i = 0; i < plan->n_deferred; i++) {
        const loa_plan_deferral *d = &plan->deferred[i];

        loai_out_puts(o, i ? ",\n    {\"bulletin\": " : "\n    {\"bulletin\": ");
        loai_out_json_str(o, str(plan->clips[d->clip].id));
        loai_out_puts(o, ", \"title\": ");
        loai_out_json_str(o, str(plan->clips[d->clip].title));
        loai_out_puts(o, ", \"station\": ");
        loai_out_json_str(o, str(plan->stations[d->station].id));
        loai_out_printf(o, ", \"aired\": %d, \"wanted\": %d, \"reason\": ", d->aired, d->wanted);
        loai_out_json_str(o, str(d->reason));
        loai_out_puts(o, "}");
    }
    loai_out_puts(o, plan->n_deferred ? "\n  ],\n  \"left_out\": [" : "],\n  \"left_out\": [");
    for (i = 0; i < plan->n_left_out; i++) {
        const loa_plan_left_out *l = &plan->left_out[i];

        loai_out_puts(o, i ? ",\n    {\"source\": " : "\n    {\"source\": ");
        loai_out_json_str(o, str(l->source));
        loai_out_puts(o, ", \"title\": ");
        if (l->title)
            loai_out_json_str(o, l->title);
        else
            loai_out_puts(o, "null");
        loai_out_puts(o, ", \"errors\": [");
        for (j = 0; j < l->n_errors; j++) {
            loai_out_printf(o, "%s\n      {\"line\": %d, \"col\": %d, \"id\": ", j ? "," : "",
                            l->errors[j].line, l->errors[j].col);
            loai_out_json_str(o, str(l->errors[j].id));
            loai_out_puts(o, ", \"message\": ");
            loai_out_json_str(o, str(l->errors[j].vi));
            loai_out_puts(o, ", \"message_en\": ");
            loai_out_json_str(o, str(l->errors[j].en));
            loai_out_puts(o, "}");
        }
        loai_out_puts(o, l->n_errors ? "\n     ]}" : "]}");
    }
    loai_out_puts(o, plan->n_left_out ? "\n  ]" : "]");
    if (asrun != NULL && asrun->b.len > 0) {
        loai_out_puts(o, ",\n  \"asrun\": [");
        loai_out_add(o, asrun->b.data, asrun->b.len);
        loai_out_puts(o, "\n  ]");
    }
    loai_out_puts(o, "\n}\n");
}

static const char *station_name(const loa_plan *plan, size_t i)
{
    const loa_plan_station *st = &plan->stations[i];

    return st->name && *st->name ? st->name : str(st->id);
}

static void report_text(loai_out *o, const loa_plan *plan, const size_t *air,
                        const loa_plan_alert *al, size_t n_al)
{
    size_t i, j, total = 0, n = 0;
    loa_date sun = loa_date_add_days(plan->monday, 6);
    loa_plan_summary sm;

    /* The first line says whether anything needs a person, for whoever reads
     * only that (a log, a mail, a glance at the file). */
    loa_plan_summarize(plan, &sm);
    if (n_al == 0) {
        loai_out_printf(o, "TÌNH TRẠNG: bình thường — %zu bản tin, %zu lượt phát, không có "
                           "bản tin nào bị hoãn.\n", sm.bulletins, sm.airings);
    } else {
        char *msg = loa_plan_alert_text(plan, &al[0]);

        loai_out_puts(o, "CẢNH BÁO: ");
        loai_out_line(o, msg ? msg : "");
        if (n_al > 1)
            loai_out_printf(o, " (và %zu cảnh báo khác, xem mục CẦN XEM)", n_al - 1);
        loai_out_puts(o, "\n");
        free(msg);
    }

    for (i = 0; i < plan->n_clips; i++)
        for (j = 0; j < plan->n_stations; j++)
            if (loai_pub_is_bulletin(&plan->clips[i]))
                total += air[i * plan->n_stations + j];
    loai_out_printf(o, "BÁO CÁO PHÁT SÓNG TUẦN %d/%d (%02d/%02d/%04d – %02d/%02d/%04d)\n",
                    plan->iso_week, plan->iso_year, plan->monday.day, plan->monday.month,
                    plan->monday.year, sun.day, sun.month, sun.year);
    if (plan->district && *plan->district) {
        loai_out_line(o, plan->district);
        if (plan->province && *plan->province) {
            loai_out_puts(o, ", ");
            loai_out_line(o, plan->province);
        }
        loai_out_puts(o, "\n");
    }
    loai_out_printf(o, "%zu đài, %zu khung phát, %zu lượt phát bản tin, %zu bản tin chưa phát "
                       "đủ.\n\nĐÃ PHÁT\n", plan->n_stations, plan->n_slots, total,
                    plan->n_deferred);
    for (i = 0; i < plan->n_clips; i++) {
        const loa_plan_clip *c = &plan->clips[i];
        size_t sum = 0, m = 0;

        if (!loai_pub_is_bulletin(c))
            continue;
        for (j = 0; j < plan->n_stations; j++)
            sum += air[i * plan->n_stations + j];
        n++;
        loai_out_puts(o, "- ");
        loai_out_line(o, c->title && *c->title ? c->title : str(c->id));
        if (c->priority == LOA_PRIO_URGENT)
            loai_out_puts(o, " [khẩn cấp]");
        else if (c->kind == LOA_CLIP_STANDING)
            loai_out_puts(o, " [bản tin thường trực]");
        if (c->kind == LOA_CLIP_BULLETIN && c->from.year > 0) {
            char f[32], t[32];

            loa_date_when_text(f, sizeof f, c->from, c->from_min, 0);
            loa_date_when_text(t, sizeof t, c->to, c->to_min, 1440);
            loai_out_printf(o, " (hiệu lực %s – %s)", f, t);
        }
        if (sum == 0) {
            loai_out_puts(o, ": không phát lượt nào.\n");
            continue;
        }
        loai_out_printf(o, ": %zu lượt —", sum);
        for (j = 0; j < plan->n_stations; j++) {
            size_t a = air[i * plan->n_stations + j];

            if (a == 0)
                continue;
            loai_out_puts(o, m++ ? ", " : " ");
            loai_out_line(o, station_name(plan, j));
            loai_out_printf(o, ": %zu", a);
        }
        loai_out_puts(o, ".\n");
    }
    if (n == 0)
        loai_out_puts(o, "Không có bản tin nào.\n");
    loai_out_puts(o, "\nCHƯA PHÁT ĐỦ\n");
    for (i = 0; i < plan->n_deferred; i++) {
        const loa_plan_deferral *d = &plan->deferred[i];
        const loa_plan_clip *c = &plan->clips[d->clip];

        loai_out_puts(o, "- ");
        loai_out_line(o, c->title && *c->title ? c->title : str(c->id));
        loai_out_puts(o, " tại ");
        loai_out_line(o, station_name(plan, (size_t)d->station));
        loai_out_printf(o, ": phát %d/%d lượt — ", d->aired, d->wanted);
        loai_out_line(o, d->reason && *d->reason ? d->reason : "không rõ lý do");
        loai_out_puts(o, ".\n");
    }
    if (plan->n_deferred == 0)
        loai_out_puts(o, "Không có bản tin nào bị hoãn.\n");
    if (plan->n_left_out > 0) {
        loai_out_puts(o, "\nBỊ BỎ RA (không phát: kịch bản có lỗi, hoặc âm thanh không thể làm "
                         "cho an toàn)\n");
        for (i = 0; i < plan->n_left_out; i++) {
            const loa_plan_left_out *l = &plan->left_out[i];

            loai_out_puts(o, "- ");
            loai_out_line(o, l->title && *l->title ? l->title : str(l->source));
            loai_out_puts(o, " (");
            loai_out_line(o, str(l->source));
            loai_out_printf(o, "): %zu lỗi\n", l->n_errors);
            for (j = 0; j < l->n_errors; j++) {
                loai_out_puts(o, "    ");
                loai_out_line(o, str(l->source));
                if (l->errors[j].line > 0)
                    loai_out_printf(o, ":%d:%d", l->errors[j].line, l->errors[j].col);
                loai_out_puts(o, ": ");
                loai_out_line(o, str(l->errors[j].vi));
                loai_out_puts(o, "\n");
            }
        }
    }
    if (n_al > 0) {
        loai_out_puts(o, "\nCẦN XEM\n");
        for (i = 0; i < n_al; i++) {
            char *msg = loa_plan_alert_text(plan, &al[i]);

            loai_out_puts(o, "- ");
            loai_out_line(o, msg ? msg : "");
            loai_out_puts(o, ".\n");
            free(msg);
        }
    }
}

loa_err loa_publish_district_report(const loa_plan *plan, const char *dir, loa_diag *diag)
{
    return loa_publish_district_report_asrun(plan, dir, NULL, diag);
}

loa_err loa_publish_district_report_asrun(const loa_plan *plan, const char *dir,
                                          const loa_publish_asrun *asrun, loa_diag *diag)
{
    loai_out json = {{0}, LOA_OK}, text = {{0}, LOA_OK}, aj = {{0}, LOA_OK};
    size_t *air, n_al = 0;
    loa_plan_alert *al = NULL;
    loa_err err;

    if (plan == NULL || dir == NULL) {
        loai_diag_set(diag, "publish: no plan or directory for the district report");
        return LOA_ERR_INVALID;
    }
    if ((err = check_plan(plan, diag)) != LOA_OK)
        return err;
    if ((air = count_airings(plan)) == NULL)
        return LOA_ERR_NOMEM;
    if ((err = loa_plan_alerts(plan, &al, &n_al)) != LOA_OK) {
        free(air);
        return err;
    }
    if ((err = loai_pub_asrun(plan, asrun, &aj, &text)) != LOA_OK) {
        free(al);
        free(air);
        loai_buf_free(&aj.b);
        loai_buf_free(&text.b);
        return err;
    }
    {
        loai_out head = {{0}, LOA_OK};

        /* The as-run sections go after the plan's, in the same text. */
        report_text(&head, plan, air, al, n_al);
        loai_out_add(&head, text.b.data ? text.b.data : "", text.b.len);
        loai_buf_free(&text.b);
        text = head;
    }
    report_json(&json, plan, air, al, n_al, &aj);
    loai_buf_free(&aj.b);
    free(al);
    err = loai_pub_write(dir, "report.json", &json, diag);
    if (err == LOA_OK)
        err = loai_pub_write(dir, "report.txt", &text, diag);
    free(air);
    loai_buf_free(&json.b);
    loai_buf_free(&text.b);
    return err;
}
