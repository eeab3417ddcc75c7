/* The schedule files of a station's week: CSV, iCalendar, printable HTML, and
 * the Liquidsoap script that airs it. Pure text builders; publish.c writes them. */
#include <string.h>

#include "loa/air.h"
#include "loa/date.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/version.h"
#include "buf_int.h"
#include "publish_priv.h"

/* ---- CSV (RFC 4180: CRLF, fields with , " CR LF quoted, quotes doubled) ---- */

static void csv_field(loai_out *o, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n") != NULL || (s[0] == ' ') || (s[0] && s[strlen(s) - 1] == ' ')) {
        loai_out_puts(o, "\"");
        for (; *s; s++)
            loai_out_puts(o, *s == '"' ? "\"\"" : (char[2]){*s, '\0'});
        loai_out_puts(o, "\"");
    } else {
        loai_out_puts(o, s);
    }
    loai_out_puts(o, last ? "\r\n" : ",");
}

/* The slot's bulletins as one line: "[khẩn cấp] A; B; C". */
static void items_line(loai_out *o, const loai_pub_week *w, const loa_plan_slot *s)
{
    size_t i, n = 0;

    for (i = 0; i < s->n_items; i++) {
        const loa_plan_clip *c = &w->plan->clips[s->items[i]];

        if (!loai_pub_is_bulletin(c))
            continue;
        if (n++)
            loai_out_puts(o, "; ");
        if (c->priority == LOA_PRIO_URGENT)
            loai_out_puts(o, "[khẩn cấp] ");
        loai_out_line(o, c->title ? c->title : c->id);
    }
}

loa_err loai_pub_schedule_csv(const loai_pub_week *w, loai_out *o)
{
    size_t i;

    /* The end carries its own date: a program starting at 23:50 ends at 00:05 of
     * the next day, which an end time alone would put before its start. */
    /* A UTF-8 byte order mark: Excel on Windows reads the file as UTF-8 only with it
     * (without, Vietnamese shows as mojibake); RFC 4180 readers skip or keep it. */
    loai_out_puts(o, "\xEF\xBB\xBF");
    loai_out_puts(o, "Ngày,Thứ,Bắt đầu,Ngày kết thúc,Kết thúc,Khung phát,Đài,Nội dung\r\n");
    for (i = 0; i < w->n; i++) {
        const loai_pub_slot *p = &w->slots[i];
        loai_out f = {{0}, LOA_OK};
        char t[16], e[16];

        loai_pub_hms(p->s->start_min * 60, t);
        loai_pub_hms(p->end_sec, e);
        loai_out_printf(o, "%04d-%02d-%02d,%s,%s,%04d-%02d-%02d,%s,", p->s->date.year,
                        p->s->date.month, p->s->date.day, loai_pub_weekday(p->s->weekday), t,
                        p->end_date.year, p->end_date.month, p->end_date.day, e);
        loai_out_reset(&f);
        loai_out_line(&f, p->s->name ? p->s->name : "");
        csv_field(o, f.b.data ? f.b.data : "", 0);
        loai_out_reset(&f);
        loai_out_line(&f, w->st->name ? w->st->name : w->st->id);
        csv_field(o, f.b.data ? f.b.data : "", 0);
        loai_out_reset(&f);
        items_line(&f, w, p->s);
        csv_field(o, f.b.data ? f.b.data : "", 1);
        if (f.err != LOA_OK && o->err == LOA_OK)
            o->err = f.err;
        loai_buf_free(&f.b);
    }
    return o->err;
}

/* ---- iCalendar (RFC 5545) ---- */

/* Append one content line, folded so no physical line exceeds 75 octets
 * (3.1: CRLF + one space starts a continuation; never inside a UTF-8 sequence). */
static void ics_line(loai_out *o, const loai_out *line)
{
    const unsigned char *p = (const unsigned char *)(line->b.data ? line->b.data : "");
    size_t used = 0;

    while (*p) {
        size_t k = 1;

        if (*p >= 0xC0)
            while ((p[k] & 0xC0) == 0x80)
                k++;
        if (used + k > 75) {
            loai_out_puts(o, "\r\n ");
            used = 1;
        }
        loai_out_add(o, (const char *)p, k);
        used += k;
        p += k;
    }
    loai_out_puts(o, "\r\n");
    if (line->err != LOA_OK && o->err == LOA_OK)
        o->err = line->err;
}

/* TEXT value escaping (3.3.11): \\ \; \, and newlines as \n. */
static void ics_text(loai_out *o, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\': loai_out_puts(o, "\\\\"); break;
        case ';': loai_out_puts(o, "\\;"); break;
        case ',': loai_out_puts(o, "\\,"); break;
        case '\n': loai_out_puts(o, "\\n"); break;
        default:
            if ((unsigned char)*s >= 0x20 && *s != 0x7f)
                loai_out_add(o, s, 1);
        }
    }
}

static void ics_simple(loai_out *o, const char *text)
{
    loai_out l = {{0}, LOA_OK};

    loai_out_puts(&l, text);
    ics_line(o, &l);
    loai_buf_free(&l.b);
}

loa_err loai_pub_schedule_ics(const loai_pub_week *w, loai_out *o)
{
    const loa_plan *plan = w->plan;
    const char *stname = w->st->name ? w->st->name : w->st->id;
    loai_out l = {{0}, LOA_OK};
    char sid[64];
    size_t i, j;

    loai_pub_slug(w->st->id, "dai", sid, sizeof sid);
    ics_simple(o, "BEGIN:VCALENDAR");
    ics_simple(o, "VERSION:2.0");
    ics_simple(o, "PRODID:-//loa//loa " LOA_VERSION "//VI");
    ics_simple(o, "CALSCALE:GREGORIAN");
    ics_simple(o, "METHOD:PUBLISH");
    loai_out_printf(&l, "X-WR-CALNAME:Lịch phát sóng tuần %d/%d — ", plan->iso_week,
                    plan->iso_year);
    ics_text(&l, stname);
    ics_line(o, &l);
    ics_simple(o, "X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
    /* Viet Nam has kept UTC+07:00 without daylight saving since 1975. */
    ics_simple(o, "BEGIN:VTIMEZONE");
    ics_simple(o, "TZID:Asia/Ho_Chi_Minh");
    ics_simple(o, "BEGIN:STANDARD");
    ics_simple(o, "DTSTART:19750613T000000");
    ics_simple(o, "TZOFFSETFROM:+0700");
    ics_simple(o, "TZOFFSETTO:+0700");
    ics_simple(o, "TZNAME:ICT");
    ics_simple(o, "END:STANDARD");
    ics_simple(o, "END:VTIMEZONE");
    for (i = 0; i < w->n; i++) {
        const loai_pub_slot *p = &w->slots[i];
        const loa_plan_slot *s = p->s;
        size_t n = 0;

        ics_simple(o, "BEGIN:VEVENT");
        /* Stable across rebuilds: what airs where and when, nothing random. */
        loai_out_reset(&l);
        loai_out_printf(&l, "UID:%04d%02d%02dT%02d%02d-", s->date.year, s->date.month,
                        s->date.day, s->start_min / 60, s->start_min % 60);
        loai_out_puts(&l, strchr(strchr(p->key, '_') + 1, '_') + 1);
        loai_out_printf(&l, ".%s@loa", sid);
        ics_line(o, &l);
        /* DTSTAMP must be UTC; the week's Monday keeps rebuilds byte-identical. */
        loai_out_reset(&l);
        loai_out_printf(&l, "DTSTAMP:%04d%02d%02dT000000Z", plan->monday.year,
                        plan->monday.month, plan->monday.day);
        ics_line(o, &l);
        loai_out_reset(&l);
        loai_out_printf(&l, "DTSTART;TZID=Asia/Ho_Chi_Minh:%04d%02d%02dT%02d%02d00",
                        s->date.year, s->date.month, s->date.day, s->start_min / 60,
                        s->start_min % 60);
        ics_line(o, &l);
        loai_out_reset(&l);
        loai_out_printf(&l, "DTEND;TZID=Asia/Ho_Chi_Minh:%04d%02d%02dT%02d%02d%02d",
                        p->end_date.year, p->end_date.month, p->end_date.day,
                        p->end_sec / 3600, p->end_sec / 60 % 60, p->end_sec % 60);
        ics_line(o, &l);
        loai_out_reset(&l);
        loai_out_puts(&l, "SUMMARY:Phát thanh ");
        ics_text(&l, s->name ? s->name : "");
        loai_out_puts(&l, " — ");
        ics_text(&l, stname);
        ics_line(o, &l);
        loai_out_reset(&l);
        loai_out_puts(&l, "LOCATION:");
        ics_text(&l, w->st->commune ? w->st->commune : stname);
        ics_line(o, &l);
        loai_out_reset(&l);
        loai_out_puts(&l, "DESCRIPTION:");
        for (j = 0; j < s->n_items; j++) {
            const loa_plan_clip *c = &plan->clips[s->items[j]];

            if (!loai_pub_is_bulletin(c))
                continue;
            loai_out_printf(&l, "%s%zu. ", n ? "\\n" : "", n + 1);
            n++;
            ics_text(&l, c->title ? c->title : c->id);
            if (c->priority == LOA_PRIO_URGENT)
                loai_out_puts(&l, " (khẩn cấp)");
        }
        {
            char dur[48];

            loai_pub_duration_vi(p->seconds, dur);
            loai_out_printf(&l, "%sThời lượng: %s", n ? "\\n" : "", dur);
        }
        ics_line(o, &l);
        ics_simple(o, "TRANSP:TRANSPARENT");
        if (plan->reminder_s >= 0) {
            /* RFC 5545 3.6.6: a display alarm, TRIGGER a duration before DTSTART. */
            ics_simple(o, "BEGIN:VALARM");
            ics_simple(o, "ACTION:DISPLAY");
            loai_out_reset(&l);
            if (plan->reminder_s % 60)
                loai_out_printf(&l, "TRIGGER:-PT%dM%dS", plan->reminder_s / 60,
                                plan->reminder_s % 60);
            else
                loai_out_printf(&l, "TRIGGER:-PT%dM", plan->reminder_s / 60);
            ics_line(o, &l);
            loai_out_reset(&l);
            loai_out_puts(&l, "DESCRIPTION:Sắp đến giờ phát thanh ");
            ics_text(&l, s->name ? s->name : "");
            loai_out_puts(&l, " — ");
            ics_text(&l, stname);
            ics_line(o, &l);
            ics_simple(o, "END:VALARM");
        }
        ics_simple(o, "END:VEVENT");
    }
    ics_simple(o, "END:VCALENDAR");
    if (l.err != LOA_OK && o->err == LOA_OK)
        o->err = l.err;
    loai_buf_free(&l.b);
    return o->err;
}

/* ---- printable HTML ---- */

/* A4 portrait, in the shape of a Vietnamese administrative document (Nghị định
 * 30/2020/NĐ-CP): the issuing body and the national motto side by side, the place
 * and date, the title, the week's programs with their USB track numbers and a box
 * to tick when each has aired, then the signatures. Chromium prints it on A4. */
static const char html_css[] =
    "body{font-family:\"Times New Roman\",\"Liberation Serif\",\"DejaVu Serif\",serif;"
    "font-size:12pt;margin:1.5em;color:#000}"
    ".head{display:flex;justify-content:space-between;text-align:center;gap:.5em;"
    "font-size:11.5pt}.org{flex:0 1 auto}.motto{flex:0 0 auto;white-space:nowrap}"
    ".up{text-transform:uppercase}"
    ".motto b{display:block}.motto u{text-decoration:none;border-bottom:1px solid #000;"
    "padding-bottom:1px;font-weight:bold}"
    ".place{text-align:right;font-style:italic;margin:.8em 0}"
    "h1{font-size:14pt;text-align:center;margin:.6em 0 .1em}"
    ".sub{text-align:center;margin:0 0 .2em}.meta{text-align:center;margin:0 0 .8em}"
    "table{border-collapse:collapse;width:100%;font-size:11pt;table-layout:fixed}"
    "col.n{width:3.6em}col.t{width:6.9em}col.k{width:4.4em}col.d{width:8.8em}"
    "col.x{width:3.6em}col.g{width:6em}"
    "th,td{border:1px solid #000;padding:.2em .35em;text-align:left;vertical-align:top}"
    "th{background:#eee;text-align:center}td.n,td.t,td.d,td.x{white-space:nowrap;text-align:center}"
    "td.x{font-size:14pt}td.d{white-space:nowrap}"
    "tr.day td{background:#f3f3f3;font-weight:bold}"
    "ol{margin:0;padding-left:1.2em}.urgent{font-weight:bold}"
    ".none{font-style:italic}.note{font-size:10pt;font-style:italic;margin:.4em 0 0}"
    ".sign{display:flex;justify-content:space-between;text-align:center;margin-top:1.5em;"
    "break-inside:avoid;page-break-inside:avoid}.sign div{flex:1}.sign i{font-size:10.5pt}"
    ".sign .space{height:5em}"
    "@media print{body{margin:0;font-size:11pt}@page{size:A4 portrait;margin:15mm 12mm}"
    "tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
    "tr.day{break-after:avoid;page-break-after:avoid}"
    "th,tr.day td{background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

static void html_title(loai_out *o, const loai_pub_week *w)
{
    loai_out_printf(o, "Lịch phát sóng tuần %d/%d — ", w->plan->iso_week, w->plan->iso_year);
    loai_out_html(o, w->st->name ? w->st->name : w->st->id);
}

/* The bulletins of slot P as list items; returns how many. */
static size_t html_items(loai_out *o, const loa_plan *plan, const loai_pub_slot *p)
{
    size_t j, n = 0;

    for (j = 0; j < p->s->n_items; j++) {
        const loa_plan_clip *c = &plan->clips[p->s->items[j]];

        if (!loai_pub_is_bulletin(c))
            continue;
        n++;
        loai_out_puts(o, c->priority == LOA_PRIO_URGENT ? "<li class=\"urgent\">[Khẩn cấp] "
                                                         : "<li>");
        loai_out_html(o, c->title ? c->title : c->id);
        loai_out_puts(o, "</li>");
    }
    return n;
}

loa_err loai_pub_schedule_html(const loai_pub_week *w, loai_out *o)
{
    const loa_plan *plan = w->plan;
    loa_date sun = loa_date_add_days(plan->monday, 6);
    int width = loai_pub_track_width(w->n);
    const char *where = w->st->commune && *w->st->commune ? w->st->commune
                        : plan->district && *plan->district ? plan->district
                                                            : "";
    size_t i, k = 0;
    int day, any;

    loai_out_puts(o, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>");
    html_title(o, w);
    loai_out_printf(o, "</title>\n<style>%s</style>\n</head>\n<body>\n", html_css);
    /* The issuing body on the left, the national motto on the right. */
    loai_out_puts(o, "<div class=\"head\">\n<div class=\"org\">");
    if (*where) {
        loai_out_puts(o, "<span class=\"up\">Ủy ban nhân dân ");
        loai_out_html(o, where);
        loai_out_puts(o, "</span><br>");
    }
    loai_out_puts(o, "<b class=\"up\">");
    loai_out_html(o, w->st->name ? w->st->name : w->st->id);
    loai_out_puts(o, "</b></div>\n<div class=\"motto\"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
                     "NAM</b><u>Độc lập - Tự do - Hạnh phúc</u></div>\n</div>\n");
    loai_out_puts(o, "<p class=\"place\">");
    if (*where) {
        loai_out_html(o, where);
        loai_out_puts(o, ", ");
    }
    loai_out_printf(o, "ngày ..... tháng ..... năm %04d</p>\n", plan->monday.year);
    loai_out_printf(o, "<h1>LỊCH PHÁT SÓNG</h1>\n<p class=\"sub\"><b>Tuần %d/%d</b>, từ ngày "
                       "%02d/%02d/%04d đến ngày %02d/%02d/%04d</p>\n<p class=\"meta\">",
                    plan->iso_week, plan->iso_year, plan->monday.day, plan->monday.month,
                    plan->monday.year, sun.day, sun.month, sun.year);
    loai_out_html(o, w->st->name ? w->st->name : w->st->id);
    if (plan->province && *plan->province) {
        loai_out_puts(o, ", ");
        loai_out_html(o, plan->province);
    }
    loai_out_puts(o, "</p>\n<table>\n<colgroup><col class=\"n\"><col class=\"t\"><col "
                     "class=\"k\"><col><col class=\"d\"><col class=\"x\"><col class=\"g\">"
                     "</colgroup>\n<thead><tr><th>Bài số<br>(USB)</th><th>Giờ phát</th>"
                     "<th>Khung</th><th>Nội dung</th><th>Thời lượng</th><th>Đã phát</th>"
                     "<th>Ghi chú</th></tr></thead>\n<tbody>\n");
    for (day = 0; day < 7; day++) {
        loa_date d = loa_date_add_days(plan->monday, day);

        loai_out_printf(o, "<tr class=\"day\"><td colspan=\"7\">%s, ngày %02d/%02d/%04d</td>"
                           "</tr>\n",
                        loai_pub_weekday(loa_date_weekday(d)), d.day, d.month, d.year);
        any = 0;
        for (; k < w->n && loa_date_cmp(w->slots[k].s->date, d) < 0; k++)
            ; /* slots outside the week are not the plan's; skip them */
        for (i = k; i < w->n && loa_date_cmp(w->slots[i].s->date, d) == 0; i++) {
            const loai_pub_slot *p = &w->slots[i];
            loa_date end = p->end_date;
            int up = p->end_sec + 59; /* the end rounded up to the minute */
            char a[16], b[16], dur[48];

            any++;
            if (up >= 86400) { /* 23:59:30 is printed 00:00 of the next day, not 24:00 */
                end = loa_date_add_days(end, 1);
                up -= 86400;
            }
            loai_pub_hm(p->s->start_min * 60, a);
            loai_pub_hm(up, b);
            loai_pub_duration_vi(p->seconds, dur);
            /* The track number is the program's place in usb/ (NNN_...mp3). */
            loai_out_printf(o, "<tr><td class=\"n\">%0*zu</td><td class=\"t\">%s–%s%s</td><td>",
                            width, i + 1, a, b,
                            loa_date_cmp(end, p->s->date) > 0 ? "<br>(hôm sau)" : "");
            loai_out_html(o, p->s->name ? p->s->name : "");
            loai_out_puts(o, "</td><td><ol>");
            if (html_items(o, plan, p) == 0)
                loai_out_puts(o, "<li class=\"none\">(chỉ nhạc hiệu)</li>");
            loai_out_printf(o, "</ol></td><td class=\"d\">%s</td><td class=\"x\">☐</td>"
                               "<td class=\"g\"></td></tr>\n", dur);
        }
        k = i;
        if (!any)
            loai_out_puts(o, "<tr><td colspan=\"7\" class=\"none\">Không có chương trình phát "
                             "sóng.</td></tr>\n");
    }
    loai_out_puts(o, "</tbody>\n</table>\n<p class=\"note\">Bài số là số thứ tự của tệp trong "
                     "thư mục usb/ (001_T2_...mp3). Đánh dấu ✓ vào cột \"Đã phát\" sau mỗi buổi "
                     "phát; ghi sự cố (mất điện, phát chậm, phát thiếu) vào cột \"Ghi chú\".</p>\n");
    any = 0;
    for (i = 0; i < plan->n_deferred; i++) {
        const loa_plan_deferral *d = &plan->deferred[i];

        if (d->station < 0 || (size_t)d->station != w->station || d->clip < 0 ||
            (size_t)d->clip >= plan->n_clips)
            continue;
        if (!any++)
            loai_out_puts(o, "<section>\n<h2>Bản tin chưa phát đủ số lần</h2>\n<ul>\n");
        loai_out_puts(o, "<li>");
        loai_out_html(o, plan->clips[d->clip].title ? plan->clips[d->clip].title : "");
        loai_out_printf(o, ": phát %d/%d lần — ", d->aired, d->wanted);
        loai_out_html(o, d->reason ? d->reason : "");
        loai_out_puts(o, "</li>\n");
    }
    if (any)
        loai_out_puts(o, "</ul>\n</section>\n");
    loai_out_puts(o, "<div class=\"sign\">\n<div><b>NGƯỜI LẬP LỊCH</b><br><i>(Ký, ghi rõ họ "
                     "tên)</i><div class=\"space\"></div></div>\n<div><b>LÃNH ĐẠO DUYỆT</b><br>"
                     "<i>(Ký, ghi rõ họ tên, đóng dấu)</i><div class=\"space\"></div></div>\n"
                     "</div>\n</body>\n</html>\n");
    return o->err;
}

/* ---- Liquidsoap ---- */

/* Text inside a '#' comment: one line. */
static void liq_comment(loai_out *o, const char *s)
{
    loai_out_line(o, s);
}

loa_err loai_pub_liquidsoap(const loai_pub_week *w, loai_out *o)
{
    const loa_plan *plan = w->plan;
    size_t i;

    loai_out_printf(o, "# Liquidsoap 2.1 — lịch phát sóng tuần %d/%d, ", plan->iso_week,
                    plan->iso_year);
    liq_comment(o, w->st->name ? w->st->name : w->st->id);
    /* Everything the script decides comes from Unix times written here (the
     * slot starts in Asia/Ho_Chi_Minh, converted by loa): the process time
     * zone never matters. The rules are loa air's (air_run.c): queued 3 s
     * ahead behind a gate at the slot's start; started late, the whole
     * program under LOA_RESUME_AFTER seconds into its slot, else the rest of
     * it, cued when it actually starts; a program still on air at the next
     * one's start is cut; between programs the relay or silence. */
    loai_out_puts(o,
        "\n# Tạo bởi loa " LOA_VERSION ". Chạy bằng tay trong thư mục này (không chạy bằng "
        "root):\n"
        "#   liquidsoap station.liq\n"
        "# Giờ phát viết bằng giờ Unix: đúng giờ Việt Nam dù máy đặt múi giờ nào.\n"
        "# Bật máy muộn trong khung phát: dưới 30 giây thì phát cả chương trình, muộn hơn thì\n"
        "# phát tiếp từ đúng chỗ theo lịch. Giữa các chương trình: tiếp sóng LOA_FALLBACK_URL\n"
        "# (mặc định: địa chỉ tiếp sóng trong tệp cấu hình), không thì im lặng. Tuần sau cần chạy tệp station.liq của tuần sau\n"
        "# (loa air tự làm việc đó).\n"
        "# Environment: LOA_STATION_DIR (the MP3s, default \".\"), LOA_ALSA_DEVICE (default\n"
        "# \"default\"), LOA_FALLBACK_URL (the relay between programs; default: the district\n"
        "# file's), LOA_RESUME_AFTER (30).\n\n"
        "settings.log.stdout.set(true)\n"
        "settings.log.file.set(false)\n\n"
        "loa_dir = getenv(default=\".\", \"LOA_STATION_DIR\")\n"
        "loa_resume_after = float_of_string(default=30., getenv(\"LOA_RESUME_AFTER\"))\n\n"
        "# (start as Unix time, program length in seconds, file)\n"
        "loa_programs = [");
    for (i = 0; i < w->n; i++) {
        const loai_pub_slot *p = &w->slots[i];
        const loa_plan_slot *s = p->s;
        char hm[16], len[32];

        loai_pub_hm(s->start_min * 60, hm);
        loai_pub_seconds(len, sizeof len, p->seconds);
        /* The path passed loai_file_safe_rel(): no quote or backslash to escape. */
        loai_out_printf(o, "\n  (%.0f., %s%s, \"%s\")%s", loa_air_epoch(s->date, s->start_min * 60),
                        len, strchr(len, '.') ? "" : ".", p->file->path, i + 1 < w->n ? "," : "");
        loai_out_printf(o, " # %s %02d/%02d/%04d %s ", loai_pub_weekday(s->weekday),
                        s->date.day, s->date.month, s->date.year, hm);
        liq_comment(o, s->name ? s->name : "");
    }
    loai_out_puts(o,
        "\n]\n\n"
        "loa_gate = ref(infinity)\n"
        "loa_on_air = ref(false)\n"
        "loa_last = ref(0.)\n"
        "loa_queue = request.queue(id=\"loa\")\n\n"
        "# A resumed program is cued when it really starts, wherever the schedule is then.\n"
        "def loa_cue(m) =\n"
        "  s = float_of_string(default=0., m[\"loa_resume_from\"])\n"
        "  if s > 0. then [(\"liq_cue_in\", string_of(time() - s))] else [] end\n"
        "end\n"
        "prog = cue_cut(map_metadata(loa_cue, loa_queue))\n"
        "prog = source.on_track(prog, fun (m) -> begin\n"
        "  loa_on_air := true\n"
        "  log(label=\"loa\", \"phát #{m['loa_file']} lúc #{time()}, từ giây \" ^\n"
        "    \"#{m['liq_cue_in']}\")\n"
        "end)\n"
        "prog = source.on_end(delay=0.1, prog, fun (_, _) -> loa_on_air := false)\n"
        "prog = switch(track_sensitive=false, [({time() >= !loa_gate}, prog)])\n\n"
        "def loa_push(f, resume_from) =\n"
        "  ignore(loa_queue.push.uri(\"annotate:loa_file=\\\"#{f}\\\",loa_resume_from=\\\"\" ^\n"
        "    \"#{resume_from}\\\":#{path.concat(loa_dir, f)}\"))\n"
        "end\n\n"
        "# Every 0.2 s: the program on air 3 s from now, if not yet queued.\n"
        "def loa_tick() =\n"
        "  now = time()\n"
        "  cur = ref((0., 0., \"\"))\n"
        "  list.iter(fun (p) -> begin\n"
        "    let (s, l, _) = p\n"
        "    if s <= now + 3. and s + l > now then cur := p end\n"
        "  end, loa_programs)\n"
        "  let (s, l, f) = !cur\n"
        "  if s > 0. and s != !loa_last then\n"
        "    if now < s and not !loa_on_air then\n"
        "      loa_last := s\n"
        "      loa_gate := s\n"
        "      loa_push(f, 0.)\n"
        "    elsif now >= s then\n"
        "      loa_last := s\n"
        "      if !loa_on_air then loa_queue.skip() end\n"
        "      loa_gate := now\n"
        "      if now - s < loa_resume_after then loa_push(f, 0.)\n"
        "      elsif now - s < l - 1. then loa_push(f, s) end\n"
        "    end\n"
        "  end\n"
        "end\n"
        "thread.run(every=0.2, loa_tick)\n\n");
    /* The district file's relay for the station, checked by week_resolve. */
    if (w->relay != NULL)
        loai_out_printf(o, "loa_relay = getenv(default=\"%s\", \"LOA_FALLBACK_URL\")\n", w->relay);
    else
        loai_out_puts(o, "loa_relay = getenv(\"LOA_FALLBACK_URL\")\n");
    loai_out_puts(o,
        "filler = if loa_relay == \"\" then blank() else\n"
        "  fallback(track_sensitive=false, [input.http(loa_relay), blank()]) end\n"
        "radio = fallback(track_sensitive=false, [prog, filler])\n"
        "output.alsa(device=getenv(default=\"default\", \"LOA_ALSA_DEVICE\"), radio)\n");
    return o->err;
}
