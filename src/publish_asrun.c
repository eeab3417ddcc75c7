/* What actually aired, for the district report: each station's as-run log
 * (<output>/air/<id>/asrun/<week>.csv, written by loa air, copied back from
 * pulled stations) against the programs of that week as published
 * (<output>/<week>/<id>/air.tsv), for last week and this week. A program is
 * judged once its slot is over at NOW:
 *   missed   no airing logged;
 *   partial  the airings (cue-in to cue-in + length, merged) leave more
 *            than PARTIAL_S of it unaired (cut, resumed in mid-slot);
 *   late     its first airing started more than LATE_S after its time
 *            (plus its cue-in);
 *   ok       otherwise.
 * Urgent notices are listed as logged. A station without a log for the week
 * is said to have none (it may play from USB, or its log was not copied
 * back): its programs are not judged. The logs may come from far away: rows
 * that do not parse are counted and skipped, never fatal. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "air_int.h"
#include "file_int.h"
#include "loa/date.h"
#include "loa/publish.h"
#include "publish_priv.h"

#define LATE_S 1.0
#define PARTIAL_S 2.0
#define MAX_IV 16

typedef struct ar_prog {
    double start, seconds, slot_end;
    char key[64];
    int due, airings, n_iv;
    double first, late;      /* first airing's start and lateness */
    double iv[MAX_IV][2];    /* program seconds aired */
    double missing;
    int interrupted, resumed, cut;
} ar_prog;

typedef struct ar_notice {
    double start, seconds;
    char id[96], title[160];
} ar_notice;

typedef struct ar_station {
    int log;                 /* 1 when the week's CSV was there */
    ar_prog *p;
    size_t n;
    ar_notice *u;
    size_t n_u;
    size_t unplanned, bad_rows;
    size_t due, ok, late, partial, missed;
} ar_station;

typedef struct ar_week {
    char week[16];
    ar_station *st;          /* plan->n_stations */
    int any_log;
} ar_week;

static void week_free(ar_week *w, size_t n_st)
{
    size_t i;

    if (w->st != NULL)
        for (i = 0; i < n_st; i++) {
            free(w->st[i].p);
            free(w->st[i].u);
        }
    free(w->st);
    w->st = NULL;
}

/* The published programs of station ID in week W (its air.tsv). */
static void load_programs(ar_station *s, const char *out, const char *week, const char *id)
{
    char path[4096], *text = NULL, *line, *next, *f[10];
    int lineno = 0;

    snprintf(path, sizeof path, "%s/%s/%s/air.tsv", out, week, id);
    if (access(path, R_OK) != 0 || loai_air_read_text(path, &text, LOAI_AIR_MAX_FILE, NULL))
        return;
    for (line = text; line && *line; line = next) {
        ar_prog *v, *p;

        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        if (++lineno == 1 || loai_air_fields(line, f, 8) != 8 || strlen(f[3]) >= sizeof p->key)
            continue;
        if ((v = realloc(s->p, (s->n + 1) * sizeof *v)) == NULL)
            break;
        s->p = v;
        p = &s->p[s->n];
        memset(p, 0, sizeof *p);
        if (!loai_air_parse_dec(f[0], &p->start) || !loai_air_parse_dec(f[1], &p->seconds) ||
            !loai_air_parse_dec(f[2], &p->slot_end))
            continue;
        strcpy(p->key, f[3]);
        s->n++;
    }
    free(text);
}

/* One CSV record of LINE (RFC 4180, as loa air writes it) into at most MAX
 * fields, unquoted in place; the count, or MAX + 1 when there are more. */
static size_t csv_split(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *r = line, *w;

    for (;;) {
        if (n == max)
            return max + 1;
        f[n++] = w = r;
        if (*r == '"') {
            for (r++;; r++) {
                if (*r == '\0')
                    return 0; /* unterminated */
                if (*r == '"' && r[1] == '"')
                    *w++ = *r++;
                else if (*r == '"')
                    break;
                else
                    *w++ = *r;
            }
            r++;
            if (*r != ',' && *r != '\0')
                return 0;
        } else {
            while (*r && *r != ',')
                w = ++r;
        }
        if (*r == '\0') {
            *w = '\0';
            return n;
        }
        *w = '\0';
        r++;
    }
}

/* "2026-11-29T23:58:00.11+07:00" (loa air's form) as Unix time; 0 if not. */
static int parse_time(const char *s, double *t)
{
    int y, mo, d, h, mi, sec, cs = 0, n = 0;
    loa_date dt;

    if (strlen(s) == 28 && sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%2d+07:00%n", &y, &mo, &d, &h, &mi,
                                  &sec, &cs, &n) == 7 && n == 28) {
        /* all read */
    } else if (strlen(s) == 25 && sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d+07:00%n", &y, &mo, &d, &h,
                                         &mi, &sec, &n) == 6 && n == 25) {
        cs = 0;
    } else {
        return 0;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || cs < 0)
        return 0;
    dt.year = y;
    dt.month = mo;
    dt.day = d;
    *t = loa_air_epoch(dt, h * 3600 + mi * 60 + sec) + cs / 100.0;
    return 1;
}

static int cmp_iv(const void *a, const void *b)
{
    double x = ((const double *)a)[0], y = ((const double *)b)[0];

    return x < y ? -1 : x > y;
}

/* The rows of the week's CSV into S. */
static void load_log(ar_station *s, const char *out, const char *week, const char *id)
{
    char path[4096], *text = NULL, *line, *next, *f[16];
    int lineno = 0;

    snprintf(path, sizeof path, "%s/air/%s/asrun/%s.csv", out, id, week);
    if (access(path, R_OK) != 0 || loai_air_read_text(path, &text, LOAI_AIR_MAX_FILE, NULL))
        return;
    s->log = 1;
    for (line = text; line && *line; line = next) {
        double a, b, cue, len;
        size_t i, n;

        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        if (*line && line[strlen(line) - 1] == '\r')
            line[strlen(line) - 1] = '\0';
        if (++lineno == 1 || *line == '\0')
            continue; /* the header */
        n = csv_split(line, f, 14);
        if (n != 14 || !parse_time(f[0], &a) || !parse_time(f[1], &b) ||
            !loai_air_parse_dec(f[6], &cue) || !loai_air_parse_dec(f[7], &len) || b < a ||
            cue < 0) {
            s->bad_rows++;
            continue;
        }
        if (strcmp(f[2], "khẩn cấp") == 0) {
            ar_notice *v = realloc(s->u, (s->n_u + 1) * sizeof *v);

            if (v == NULL)
                break;
            s->u = v;
            memset(&v[s->n_u], 0, sizeof *v);
            v[s->n_u].start = a;
            v[s->n_u].seconds = b - a;
            snprintf(v[s->n_u].id, sizeof v->id, "%s", f[3]);
            snprintf(v[s->n_u].title, sizeof v->title, "%s", f[12]);
            s->n_u++;
            continue;
        }
        if (strcmp(f[2], "lịch") != 0) {
            s->bad_rows++;
            continue;
        }
        for (i = 0; i < s->n && strcmp(s->p[i].key, f[3]) != 0; i++)
            ;
        if (i == s->n) {
            s->unplanned++;
            continue;
        }
        {
            ar_prog *p = &s->p[i];
            double end = cue + (b - a);

            if (p->airings == 0 || a < p->first) {
                p->first = a;
                p->late = a - (p->start + cue);
            }
            p->airings++;
            if (end > p->seconds)
                end = p->seconds;
            if (p->n_iv < MAX_IV && end > cue) {
                p->iv[p->n_iv][0] = cue;
                p->iv[p->n_iv][1] = end;
                p->n_iv++;
            }
            if (strstr(f[13], "khẩn cấp"))
                p->interrupted = 1;
            if (strstr(f[13], "tiếp tục"))
                p->resumed = 1;
            if (strncmp(f[13], "cắt", strlen("cắt")) == 0)
                p->cut = 1;
        }
    }
    free(text);
}

static void judge(ar_station *s, double now)
{
    size_t i;
    int k;

    for (i = 0; i < s->n; i++) {
        ar_prog *p = &s->p[i];
        double covered = 0, hi = 0;

        if (p->slot_end > now)
            continue;
        p->due = 1;
        s->due++;
        if (p->airings == 0) {
            s->missed++;
            continue;
        }
        qsort(p->iv, (size_t)p->n_iv, sizeof p->iv[0], cmp_iv);
        for (k = 0; k < p->n_iv; k++) {
            double a = p->iv[k][0] > hi ? p->iv[k][0] : hi;

            if (p->iv[k][1] > a)
                covered += p->iv[k][1] - a;
            if (p->iv[k][1] > hi)
                hi = p->iv[k][1];
        }
        p->missing = p->seconds - covered;
        if (p->missing < 0)
            p->missing = 0;
        if (p->missing > PARTIAL_S)
            s->partial++;
        else if (p->late > LATE_S)
            s->late++;
        else
            s->ok++;
    }
}

static const char *status(const ar_prog *p)
{
    return p->airings == 0 ? "missed" : p->missing > PARTIAL_S ? "partial"
                                      : p->late > LATE_S       ? "late"
                                                               : "ok";
}

/* Weeks W-1 and W of PLAN, as far as their logs go. */
static loa_err collect(const loa_plan *plan, const loa_publish_asrun *ar, ar_week w[2])
{
    size_t k, i;

    memset(w, 0, 2 * sizeof *w);
    for (k = 0; k < 2; k++) {
        loa_date mon = loa_date_add_days(plan->monday, k == 0 ? -7 : 0);
        int y, wk;

        loa_date_iso_week(mon, &y, &wk);
        snprintf(w[k].week, sizeof w[k].week, "%04d-W%02d", y, wk);
        if ((w[k].st = calloc(plan->n_stations + 1, sizeof *w[k].st)) == NULL)
            return LOA_ERR_NOMEM;
        for (i = 0; i < plan->n_stations; i++) {
            ar_station *s = &w[k].st[i];
            const char *id = plan->stations[i].id;

            if (id == NULL || !loai_file_safe_rel(id) || strchr(id, '/'))
                continue;
            load_programs(s, ar->output_dir, w[k].week, id);
            load_log(s, ar->output_dir, w[k].week, id);
            if (s->log) {
                w[k].any_log = 1;
                judge(s, ar->now);
            }
        }
    }
    return LOA_OK;
}

static void iso(loai_out *o, double t)
{
    loa_date d;
    int sec;

    loa_air_local(t, &d, &sec);
    loai_out_printf(o, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", d.year, d.month, d.day, sec / 3600,
                    sec / 60 % 60, sec % 60);
}

static void json_week(loai_out *o, const loa_plan *plan, const ar_week *w)
{
    size_t i, j, m, n;

    loai_out_printf(o, "\n    {\"week\": \"%s\", \"stations\": [", w->week);
    for (i = 0, m = 0; i < plan->n_stations; i++) {
        const ar_station *s = &w->st[i];

        loai_out_puts(o, m++ ? ",\n      {\"id\": " : "\n      {\"id\": ");
        loai_out_json_str(o, plan->stations[i].id ? plan->stations[i].id : "");
        loai_out_printf(o, ", \"log\": %s", s->log ? "true" : "false");
        if (!s->log) {
            loai_out_puts(o, "}");
            continue;
        }
        loai_out_printf(o, ", \"planned\": %zu, \"due\": %zu, \"ok\": %zu, \"late\": %zu, "
                           "\"partial\": %zu, \"missed\": %zu, \"urgent\": %zu, "
                           "\"unplanned\": %zu, \"unreadable\": %zu,\n       \"programs\": [",
                        s->n, s->due, s->ok, s->late, s->partial, s->missed, s->n_u, s->unplanned,
                        s->bad_rows);
        for (j = 0, n = 0; j < s->n; j++) {
            const ar_prog *p = &s->p[j];

            if (!p->due)
                continue;
            loai_out_puts(o, n++ ? ",\n        {\"slot\": " : "\n        {\"slot\": ");
            loai_out_json_str(o, p->key);
            loai_out_printf(o, ", \"status\": \"%s\", \"airings\": %d", status(p), p->airings);
            if (p->airings) {
                loai_out_puts(o, ", \"started\": \"");
                iso(o, p->first);
                loai_out_puts(o, "\", \"late\": ");
                loai_out_fixed(o, p->late, 2);
                loai_out_puts(o, ", \"missing\": ");
                loai_out_fixed(o, p->missing, 2);
            }
            loai_out_puts(o, "}");
        }
        loai_out_puts(o, "],\n       \"notices\": [");
        for (j = 0; j < s->n_u; j++) {
            loai_out_puts(o, j ? ", {\"notice\": " : "{\"notice\": ");
            loai_out_json_str(o, s->u[j].id);
            loai_out_puts(o, ", \"title\": ");
            loai_out_json_str(o, s->u[j].title);
            loai_out_puts(o, ", \"started\": \"");
            iso(o, s->u[j].start);
            loai_out_puts(o, "\", \"seconds\": ");
            loai_out_fixed(o, s->u[j].seconds, 2);
            loai_out_puts(o, "}");
        }
        loai_out_puts(o, "]}");
    }
    loai_out_puts(o, "]}");
}

/* "29/11 23:58" of Unix time T. */
static void dm_hm(loai_out *o, double t)
{
    loa_date d;
    int sec;

    loa_air_local(t, &d, &sec);
    loai_out_printf(o, "%02d/%02d %02d:%02d", d.day, d.month, sec / 3600, sec / 60 % 60);
}

static void text_week(loai_out *o, const loa_plan *plan, const ar_week *w)
{
    size_t i, j;
    int y, wk;

    sscanf(w->week, "%d-W%d", &y, &wk);
    loai_out_printf(o, "\nĐÃ PHÁT THỰC TẾ TUẦN %d/%d (theo nhật ký phát sóng của từng đài)\n", wk,
                    y);
    for (i = 0; i < plan->n_stations; i++) {
        const ar_station *s = &w->st[i];
        const loa_plan_station *ps = &plan->stations[i];

        loai_out_puts(o, "- ");
        loai_out_line(o, ps->name && *ps->name ? ps->name : ps->id ? ps->id : "");
        if (!s->log) {
            loai_out_puts(o, ": không có nhật ký phát sóng tuần này (đài không chạy loa air, "
                             "hoặc nhật ký chưa được chép về air/");
            loai_out_line(o, ps->id ? ps->id : "");
            loai_out_puts(o, "/asrun/).\n");
            continue;
        }
        loai_out_printf(o, ": %zu/%zu chương trình đã đến giờ — %zu đủ và đúng giờ, %zu muộn, "
                           "%zu phát thiếu, %zu không phát; %zu tin khẩn cấp.\n",
                        s->due, s->n, s->ok, s->late, s->partial, s->missed, s->n_u);
        for (j = 0; j < s->n; j++) {
            const ar_prog *p = &s->p[j];
            char sec[32];

            if (!p->due || strcmp(status(p), "ok") == 0)
                continue;
            loai_out_puts(o, "  + ");
            dm_hm(o, p->start);
            loai_out_puts(o, " (");
            loai_out_line(o, p->key);
            loai_out_puts(o, "): ");
            if (p->airings == 0) {
                loai_out_puts(o, "không phát.\n");
                continue;
            }
            if (p->missing > PARTIAL_S) {
                loai_pub_seconds(sec, sizeof sec, floor(p->missing * 10 + 0.5) / 10);
                loai_out_printf(o, "phát thiếu %s giây", sec);
            }
            if (p->late > LATE_S) {
                loai_pub_seconds(sec, sizeof sec, floor(p->late * 10 + 0.5) / 10);
                loai_out_printf(o, "%sbắt đầu muộn %s giây", p->missing > PARTIAL_S ? ", " : "",
                                sec);
            }
            if (p->cut || p->resumed)
                loai_out_printf(o, " (%s%s%s)", p->cut ? "bị cắt" : "",
                                p->cut && p->resumed ? ", " : "",
                                p->resumed ? "phát tiếp giữa khung sau khi khởi động lại" : "");
            loai_out_puts(o, ".\n");
        }
        for (j = 0; j < s->n_u; j++) {
            char sec[32];

            loai_out_puts(o, "  + khẩn cấp ");
            dm_hm(o, s->u[j].start);
            loai_out_puts(o, ": ");
            loai_out_line(o, s->u[j].title[0] ? s->u[j].title : s->u[j].id);
            loai_pub_seconds(sec, sizeof sec, floor(s->u[j].seconds * 10 + 0.5) / 10);
            loai_out_printf(o, " (%s giây).\n", sec);
        }
        if (s->unplanned)
            loai_out_printf(o, "  + %zu lượt phát không có trong lịch đã phát hành.\n",
                            s->unplanned);
        if (s->bad_rows)
            loai_out_printf(o, "  + %zu dòng nhật ký không đọc được.\n", s->bad_rows);
    }
}

loa_err loai_pub_asrun(const loa_plan *plan, const loa_publish_asrun *ar, loai_out *json,
                       loai_out *text)
{
    ar_week w[2];
    loa_err err;
    size_t k, n = 0;

    if (ar == NULL || ar->output_dir == NULL)
        return LOA_OK;
    if ((err = collect(plan, ar, w)) == LOA_OK)
        for (k = 0; k < 2; k++) {
            if (!w[k].any_log)
                continue;
            if (json != NULL) {
                loai_out_puts(json, n ? "," : "");
                json_week(json, plan, &w[k]);
            }
            if (text != NULL)
                text_week(text, plan, &w[k]);
            n++;
        }
    for (k = 0; k < 2; k++)
        week_free(&w[k], plan->n_stations);
    return err;
}

void loa_publish_asrun_digest(const loa_plan *plan, const loa_publish_asrun *ar, char hex[65])
{
    loai_out o = {{0}, LOA_OK};
    loai_sha256 h;

    loai_pub_asrun(plan, ar, &o, NULL);
    loai_sha256_init(&h);
    loai_sha256_update(&h, o.b.data ? o.b.data : "", o.b.len);
    loai_sha256_hex(&h, hex);
    loai_buf_free(&o.b);
}
