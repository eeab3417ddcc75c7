/* Publisher tests: a hand-built week plan (2 stations, an urgent item, a
 * standing bulletin, a deferral, a slot running past midnight) published
 * through the staging helpers; expected playlist/schedule lines are written
 * by hand here. `test_publish DIR` keeps the published tree in DIR/out for
 * tests/cli/publish_check.sh, which checks it with independent tools. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loa/date.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/loa.h"
#include "loa/plan.h"
#include "loa/publish.h"
#include "buf_int.h"
#include "file_int.h"
#include "publish_priv.h"
#include "sha256_int.h"
#include "test.h"

static char *dup_s(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void add_clip(loa_plan *p, loa_clip_kind kind, const char *id, const char *title,
                     loa_priority prio, double seconds)
{
    loa_plan_clip *c = &p->clips[p->n_clips++];

    c->kind = kind;
    c->id = dup_s(id);
    c->title = dup_s(title);
    c->priority = prio;
    c->seconds = seconds;
    c->source = dup_s(kind == LOA_CLIP_BULLETIN ? "scripts/tuan48.txt" : NULL);
}

static void add_slot(loa_plan *p, int station, const char *name, int day, int start_min,
                     const int *items, size_t n, double seconds)
{
    loa_plan_slot *s = &p->slots[p->n_slots++];

    s->station = station;
    s->name = dup_s(name);
    s->date = loa_date_add_days(p->monday, day);
    s->weekday = loa_date_weekday(s->date);
    s->start_min = start_min;
    s->length_s = 900;
    s->intro = 0;
    s->outro = 1;
    s->chime = 2;
    s->items = malloc(n * sizeof *s->items);
    memcpy(s->items, items, n * sizeof *items);
    s->n_items = n;
    s->gap_s = 1.0;
    s->seconds = seconds;
}

/* The week of 23–29/11/2026 for two communes. */
static void build_plan(loa_plan *p)
{
    static const int s0a[] = {4, 3}, s0b[] = {5}, s0c[] = {6}, s1a[] = {4, 5}, s1b[] = {3};

    loa_plan_init(p);
    p->district = dup_s("huyện Mường Tè");
    p->province = dup_s("tỉnh Lai Châu");
    p->iso_year = 2026;
    p->iso_week = 48;
    p->monday = loa_date_iso_monday(2026, 48);
    p->reminder_s = 15 * 60 + 30;
    p->clips = calloc(8, sizeof *p->clips);
    add_clip(p, LOA_CLIP_INTRO, "intro", "Nhạc hiệu", LOA_PRIO_NORMAL, 8);
    add_clip(p, LOA_CLIP_OUTRO, "outro", "Nhạc kết", LOA_PRIO_NORMAL, 6);
    add_clip(p, LOA_CLIP_CHIME, "chime", "Hiệu lệnh khẩn", LOA_PRIO_NORMAL, 3);
    add_clip(p, LOA_CLIP_BULLETIN, "vneid-muc-2",
             "Hướng dẫn kích hoạt tài khoản định danh điện tử VNeID mức 2", LOA_PRIO_NORMAL, 95);
    add_clip(p, LOA_CLIP_BULLETIN, "khan-dvc",
             "Thông báo khẩn: tạm dừng nhận hồ sơ giấy, chuyển sang <DVCTT toàn trình> & "
             "thanh toán trực tuyến",
             LOA_PRIO_URGENT, 60);
    add_clip(p, LOA_CLIP_BULLETIN, "cong-dvc",
             "Nộp hồ sơ trên Cổng Dịch vụ công quốc gia, \"không cần đến trụ sở\"",
             LOA_PRIO_HIGH, 80);
    add_clip(p, LOA_CLIP_STANDING, "thuong-truc", "Ngày Chuyển đổi số quốc gia 10/10",
             LOA_PRIO_NORMAL, 70);
    p->stations = calloc(2, sizeof *p->stations);
    p->n_stations = 2;
    p->stations[0].id = dup_s("tan-lap");
    p->stations[0].name = dup_s("Đài truyền thanh xã Tân Lập");
    p->stations[0].commune = dup_s("xã Tân Lập");
    p->stations[1].id = dup_s("ka-lang");
    p->stations[1].name = dup_s("Đài truyền thanh xã Ka Lăng");
    p->stations[1].commune = dup_s("xã Ka Lăng");
    p->slots = calloc(5, sizeof *p->slots);
    add_slot(p, 0, "sáng", 0, 6 * 60, s0a, 2, 300.4);
    add_slot(p, 0, "chiều", 0, 17 * 60 + 30, s0b, 1, 200.6);
    add_slot(p, 0, "sáng", 2, 6 * 60, s0c, 1, 120);
    add_slot(p, 1, "sáng", 1, 6 * 60 + 30, s1a, 2, 250);
    add_slot(p, 1, "tối", 6, 23 * 60 + 55, s1b, 1, 600); /* ends Monday 30/11 00:05 */
    p->deferred = calloc(1, sizeof *p->deferred);
    p->n_deferred = 1;
    p->deferred[0].clip = 3;
    p->deferred[0].station = 1;
    p->deferred[0].aired = 1;
    p->deferred[0].wanted = 3;
    p->deferred[0].reason = dup_s("không đủ thời lượng trong khung phát");
}

static char *path2(const char *a, const char *b)
{
    char *p = malloc(strlen(a) + strlen(b) + 2);

    sprintf(p, "%s/%s", a, b);
    return p;
}

static int exists(const char *dir, const char *name)
{
    char *p = path2(dir, name);
    struct stat st;
    int ok = stat(p, &st) == 0;

    free(p);
    return ok;
}

static char *slurp(const char *dir, const char *name)
{
    char *p = path2(dir, name), *text = NULL;
    size_t len;

    if (loa_file_read(p, &text, &len, NULL) != LOA_OK)
        text = NULL;
    free(p);
    return text;
}

static void write_bytes(const char *dir, const char *name, const char *bytes)
{
    char *p = path2(dir, name);
    FILE *fp = fopen(p, "wb");

    if (fp) {
        fputs(bytes, fp);
        fclose(fp);
    }
    free(p);
}

static size_t count_debris(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    while (d && (e = readdir(d)) != NULL)
        n += strncmp(e->d_name, ".staging-", 9) == 0 || strncmp(e->d_name, ".old-", 5) == 0;
    if (d)
        closedir(d);
    return n;
}

/* Render (here: fake) and publish the whole week into STAGE, as `loa build` does. */
static loa_err publish_week(const loa_plan *p, const char *stage, int break_one)
{
    loa_publish_audio slots[5], clips[8];
    char names[5][80];
    loa_publish_paths files = {slots, clips, NULL};
    loa_err err = LOA_OK;
    size_t st, i;

    memset(clips, 0, sizeof clips);
    for (i = 0; i < p->n_slots; i++) {
        char *dir = path2(stage, p->stations[p->slots[i].station].id);

        mkdir(dir, 0777);
        loa_publish_slot_name(p, i, names[i], 64);
        strcat(names[i], ".mp3");
        slots[i].path = names[i];
        slots[i].seconds = p->slots[i].seconds;
        slots[i].lufs = -16.0 - (double)i / 10;
        slots[i].true_peak_db = -1.5;
        if (!(break_one && i == 3)) /* a render that failed */
            write_bytes(dir, names[i], names[i]); /* publish never decodes audio */
        free(dir);
    }
    /* Item MP3s shared between stations: one for the urgent notice. */
    clips[4].path = "items/khan-dvc.mp3";
    clips[4].seconds = 60.25;
    clips[4].lufs = -16;
    clips[4].true_peak_db = -1.25;
    for (st = 0; st < p->n_stations && err == LOA_OK; st++) {
        loa_diag diag = {0, 0, ""};
        char *dir = path2(stage, p->stations[st].id), *items = path2(dir, "items");

        mkdir(items, 0777);
        write_bytes(items, "khan-dvc.mp3", "urgent notice audio");
        err = loa_publish_station_week(p, st, &files, dir, &diag);
        if (err != LOA_OK)
            fprintf(stderr, "publish %s: %s\n", p->stations[st].id, diag.msg);
        free(items);
        free(dir);
    }
    if (err == LOA_OK)
        err = loa_publish_district_report(p, stage, NULL);
    return err;
}

static void test_sha256(void)
{
    loai_sha256 s;
    char hex[65], *million = malloc(1000000);
    size_t i;

    loai_sha256_init(&s);
    loai_sha256_update(&s, "abc", 3);
    loai_sha256_hex(&s, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    loai_sha256_init(&s);
    loai_sha256_hex(&s, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    loai_sha256_init(&s);
    loai_sha256_update(&s, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
    loai_sha256_hex(&s, hex);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* One million 'a' fed in uneven pieces exercises the block buffering. */
    memset(million, 'a', 1000000);
    loai_sha256_init(&s);
    for (i = 0; i < 1000000; i += 777)
        loai_sha256_update(&s, million + i, 1000000 - i < 777 ? 1000000 - i : 777);
    loai_sha256_hex(&s, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}

static void test_text_helpers(void)
{
    loai_out o = {{0}, LOA_OK};
    char slug[32];

    loai_out_json_str(&o, "a\"b\\c\n\x01\x1f é/");
    CHECK_STR(o.b.data, "\"a\\\"b\\\\c\\n\\u0001\\u001f é/\"");
    loai_out_reset(&o);
    loai_out_fixed(&o, -1.5, 2);
    loai_out_puts(&o, " ");
    loai_out_fixed(&o, 812.3456, 3);
    loai_out_puts(&o, " ");
    loai_out_fixed(&o, -0.0001, 2);
    loai_out_puts(&o, " ");
    loai_out_fixed(&o, 0.0 / 0.0, 2);
    CHECK_STR(o.b.data, "-1.50 812.346 0.00 null");
    loai_out_reset(&o);
    loai_out_html(&o, "<a href=\"x\">Tân & 'Lập'</a>");
    CHECK_STR(o.b.data, "&lt;a href=&quot;x&quot;&gt;Tân &amp; &#39;Lập&#39;&lt;/a&gt;");
    loai_buf_free(&o.b);
    loai_pub_slug("sáng", "x", slug, sizeof slug);
    CHECK_STR(slug, "sang");
    loai_pub_slug("Chủ Nhật — TỐI ĐẶC BIỆT!", "x", slug, sizeof slug);
    CHECK_STR(slug, "chu-nhat-toi-dac-biet");
    loai_pub_slug("Ưu tiên Đường ống", "x", slug, sizeof slug);
    CHECK_STR(slug, "uu-tien-duong-ong");
    loai_pub_slug("???", "khung", slug, sizeof slug);
    CHECK_STR(slug, "khung");
}

/* RFC 5545 3.1: remove every CRLF followed by one space, in place. */
static void unfold(char *t)
{
    char *w = t;

    for (; t && *t; t++) {
        if (t[0] == '\r' && t[1] == '\n' && t[2] == ' ') {
            t += 2;
            continue;
        }
        *w++ = *t;
    }
    if (w)
        *w = '\0';
}

static void check_station0(const char *dir)
{
    char *t;

    CHECK((t = slurp(dir, "2026-11-23_0600_sang.m3u8")) != NULL);
    CHECK_STR(t, "#EXTM3U\n"
                 "#EXTINF:300.4,Thứ Hai 23/11/2026 06:00 (sáng) — Đài truyền thanh xã Tân Lập\n"
                 "2026-11-23_0600_sang.mp3\n");
    free(t);
    CHECK((t = slurp(dir, "week.m3u8")) != NULL);
    CHECK_STR(t, "#EXTM3U\n"
                 "#EXTINF:300.4,Thứ Hai 23/11/2026 06:00 (sáng) — Đài truyền thanh xã Tân Lập\n"
                 "2026-11-23_0600_sang.mp3\n"
                 "#EXTINF:200.6,Thứ Hai 23/11/2026 17:30 (chiều) — Đài truyền thanh xã Tân Lập\n"
                 "2026-11-23_1730_chieu.mp3\n"
                 "#EXTINF:120,Thứ Tư 25/11/2026 06:00 (sáng) — Đài truyền thanh xã Tân Lập\n"
                 "2026-11-25_0600_sang.mp3\n");
    free(t);
    CHECK((t = slurp(dir, "2026-11-23_1730_chieu.pls")) != NULL);
    CHECK_STR(t, "[playlist]\n"
                 "File1=2026-11-23_1730_chieu.mp3\n"
                 "Title1=Thứ Hai 23/11/2026 17:30 (chiều) — Đài truyền thanh xã Tân Lập\n"
                 "Length1=201\n"
                 "NumberOfEntries=1\n"
                 "Version=2\n");
    free(t);
    CHECK((t = slurp(dir, "week.pls")) != NULL);
    CHECK(t && strstr(t, "File3=2026-11-25_0600_sang.mp3\n"
                         "Title3=Thứ Tư 25/11/2026 06:00 (sáng) — Đài truyền thanh xã Tân Lập\n"
                         "Length3=120\nNumberOfEntries=3\nVersion=2\n") != NULL);
    free(t);
    /* USB names sort in play order and hold the programs' bytes. */
    CHECK((t = slurp(dir, "usb/001_T2_0600_sang.mp3")) != NULL);
    CHECK_STR(t, "2026-11-23_0600_sang.mp3");
    free(t);
    CHECK(exists(dir, "usb/002_T2_1730_chieu.mp3"));
    CHECK(exists(dir, "usb/003_T4_0600_sang.mp3"));
    CHECK(!exists(dir, "usb/004_T3_0630_sang.mp3")); /* the other station's */
    CHECK((t = slurp(dir, "schedule.csv")) != NULL);
    CHECK_STR(t, "\xEF\xBB\xBF" "Ngày,Thứ,Bắt đầu,Ngày kết thúc,Kết thúc,Khung phát,Đài,Nội dung\r\n"
                 "2026-11-23,Thứ Hai,06:00:00,2026-11-23,06:05:01,sáng,Đài truyền thanh xã Tân "
                 "Lập,"
                 "\"[khẩn cấp] Thông báo khẩn: tạm dừng nhận hồ sơ giấy, chuyển sang <DVCTT "
                 "toàn trình> & thanh toán trực tuyến; Hướng dẫn kích hoạt tài khoản định danh "
                 "điện tử VNeID mức 2\"\r\n"
                 "2026-11-23,Thứ Hai,17:30:00,2026-11-23,17:33:21,chiều,Đài truyền thanh xã "
                 "Tân Lập,"
                 "\"Nộp hồ sơ trên Cổng Dịch vụ công quốc gia, \"\"không cần đến trụ sở\"\"\"\r\n"
                 "2026-11-25,Thứ Tư,06:00:00,2026-11-25,06:02:00,sáng,Đài truyền thanh xã "
                 "Tân Lập,"
                 "Ngày Chuyển đổi số quốc gia 10/10\r\n");
    free(t);
    CHECK((t = slurp(dir, "schedule.ics")) != NULL);
    CHECK(t && strstr(t, "\r\nBEGIN:VEVENT\r\nUID:20261123T0600-sang.tan-lap@loa\r\n"
                         "DTSTAMP:20261123T000000Z\r\n"
                         "DTSTART;TZID=Asia/Ho_Chi_Minh:20261123T060000\r\n"
                         "DTEND;TZID=Asia/Ho_Chi_Minh:20261123T060501\r\n") != NULL);
    CHECK(t && strstr(t, "\r\nTZID:Asia/Ho_Chi_Minh\r\n") != NULL);
    CHECK(t && strstr(t, "\r\nEND:VCALENDAR\r\n") != NULL);
    /* Each event reminds 15 min 30 s before it starts (RFC 5545 3.6.6, 3.8.6.3); the
     * long DESCRIPTION line is folded, so compare the unfolded text. */
    unfold(t);
    CHECK(t && strstr(t, "TRANSP:TRANSPARENT\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"
                         "TRIGGER:-PT15M30S\r\nDESCRIPTION:Sắp đến giờ phát thanh sáng — Đài "
                         "truyền thanh xã Tân Lập\r\nEND:VALARM\r\nEND:VEVENT\r\n") != NULL);
    free(t);
    CHECK((t = slurp(dir, "schedule.html")) != NULL);
    CHECK(t && strstr(t, "<title>Lịch phát sóng tuần 48/2026 — Đài truyền thanh xã Tân Lập"
                         "</title>"));
    CHECK(t && strstr(t, "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><u>Độc lập - Tự do - Hạnh "
                         "phúc</u>"));
    CHECK(t && strstr(t, "<h1>LỊCH PHÁT SÓNG</h1>\n<p class=\"sub\"><b>Tuần 48/2026</b>, từ "
                         "ngày 23/11/2026 đến ngày 29/11/2026</p>"));
    CHECK(t && strstr(t, "<b>NGƯỜI LẬP LỊCH</b>") && strstr(t, "<b>LÃNH ĐẠO DUYỆT</b>"));
    CHECK(t && strstr(t, "<li class=\"urgent\">[Khẩn cấp] Thông báo khẩn: tạm dừng nhận hồ sơ "
                         "giấy, chuyển sang &lt;DVCTT toàn trình&gt; &amp; thanh toán trực "
                         "tuyến</li>"));
    CHECK(t && strstr(t, "<tr class=\"day\"><td colspan=\"7\">Thứ Ba, ngày 24/11/2026</td>"
                         "</tr>\n<tr><td colspan=\"7\" class=\"none\">Không có chương trình"));
    CHECK(t && strstr(t, "@media print") && strstr(t, "size:A4 portrait"));
    /* 06:00 + 300.4 s ends 06:05:01, printed rounded up to the minute; track 001 is
     * usb/001_T2_0600_sang.mp3; 300.4 s is said "5 phút". */
    CHECK(t && strstr(t, "<tr><td class=\"n\">001</td><td class=\"t\">06:00–06:06</td>"
                         "<td>sáng</td>"));
    CHECK(t && strstr(t, "<td class=\"d\">5 phút</td><td class=\"x\">☐</td>"));
    CHECK(t && strstr(t, "<td class=\"n\">002</td><td class=\"t\">17:30–17:34</td>"));
    /* 17:30 to 17:33:21 is 201 s: "3 phút 21 giây"; 120 s on Wednesday "2 phút". */
    CHECK(t && strstr(t, "<td class=\"d\">3 phút 21 giây</td>"));
    CHECK(t && strstr(t, "<td class=\"n\">003</td>") && strstr(t, "<td class=\"d\">2 phút</td>"));
    CHECK(t && strstr(t, "0 phút") == NULL);
    free(t);
    CHECK((t = slurp(dir, "station.liq")) != NULL);
    /* 23/11/2026 17:30 in Việt Nam is 10:30 UTC: Unix time 1795429800. */
    CHECK(t && strstr(t, "\n  (1795429800., ") &&
          strstr(strstr(t, "\n  (1795429800., "), "\"2026-11-23_1730_chieu.mp3\")") ==
              strchr(strstr(t, "\n  (1795429800., "), '"'));
    CHECK(t && strstr(t, "time.local") == NULL);
    free(t);
    CHECK((t = slurp(dir, "manifest.json")) != NULL);
    CHECK(t && strstr(t, "\"path\": \"items/khan-dvc.mp3\",\n      \"kind\": \"item\",\n"
                         "      \"bytes\": 19,\n"));
    /* sha256 of the 24 bytes "2026-11-23_0600_sang.mp3" (sha256sum agrees). */
    CHECK(t && strstr(t, "\"path\": \"2026-11-23_0600_sang.mp3\",\n      \"kind\": \"program\",\n"
                         "      \"bytes\": 24,\n      \"sha256\": "
                         "\"8701262bf5a8e4d413c932e9212610ac7f9519c1c9503e0da8609be57eddba1b\",\n"
                         "      \"duration\": 300.400,\n      \"lufs\": -16.00,\n"
                         "      \"true_peak\": -1.50,\n"));
    CHECK(t && strstr(t, "\"title\": \"Nộp hồ sơ trên Cổng Dịch vụ công quốc gia, "
                         "\\\"không cần đến trụ sở\\\"\""));
    CHECK(t && strstr(t, "timestamp") == NULL);
    free(t);
}

static void check_station1(const char *dir)
{
    char *t;

    /* The Sunday night slot ends after midnight, on Monday 30/11: every schedule says so. */
    CHECK((t = slurp(dir, "schedule.csv")) != NULL);
    CHECK_STR(t, "\xEF\xBB\xBF" "Ngày,Thứ,Bắt đầu,Ngày kết thúc,Kết thúc,Khung phát,Đài,Nội dung\r\n"
                 "2026-11-24,Thứ Ba,06:30:00,2026-11-24,06:34:10,sáng,Đài truyền thanh xã Ka "
                 "Lăng,\"[khẩn cấp] Thông báo khẩn: tạm dừng nhận hồ sơ giấy, chuyển sang <DVCTT "
                 "toàn trình> & thanh toán trực tuyến; Nộp hồ sơ trên Cổng Dịch vụ công quốc "
                 "gia, \"\"không cần đến trụ sở\"\"\"\r\n"
                 "2026-11-29,Chủ Nhật,23:55:00,2026-11-30,00:05:00,tối,Đài truyền thanh xã Ka "
                 "Lăng,Hướng dẫn kích hoạt tài khoản định danh điện tử VNeID mức 2\r\n");
    free(t);
    CHECK((t = slurp(dir, "schedule.ics")) != NULL);
    CHECK(t && strstr(t, "DTSTART;TZID=Asia/Ho_Chi_Minh:20261129T235500\r\n"
                         "DTEND;TZID=Asia/Ho_Chi_Minh:20261130T000500\r\n"));
    free(t);
    CHECK((t = slurp(dir, "schedule.html")) != NULL);
    CHECK(t && strstr(t, "<li>Hướng dẫn kích hoạt tài khoản định danh điện tử VNeID mức 2: "
                         "phát 1/3 lần — không đủ thời lượng trong khung phát</li>"));
    CHECK(t && strstr(t, "<td colspan=\"7\">Chủ Nhật, ngày 29/11/2026</td></tr>\n<tr><td "
                         "class=\"n\">002</td><td class=\"t\">23:55–00:05<br>(hôm sau)</td>"
                         "<td>tối</td>"));
    free(t);
    CHECK(exists(dir, "usb/002_CN_2355_toi.mp3"));
}

static void check_report(const char *dir)
{
    char *t;

    CHECK((t = slurp(dir, "report.txt")) != NULL);
    CHECK(t && strstr(t, "BÁO CÁO PHÁT SÓNG TUẦN 48/2026 (23/11/2026 – 29/11/2026)\n"
                         "huyện Mường Tè, tỉnh Lai Châu\n"
                         "2 đài, 5 khung phát, 7 lượt phát bản tin, 1 bản tin chưa phát đủ.\n"));
    CHECK(t && strstr(t, "- Thông báo khẩn: tạm dừng nhận hồ sơ giấy, chuyển sang <DVCTT toàn "
                         "trình> & thanh toán trực tuyến [khẩn cấp]: 2 lượt — Đài truyền thanh "
                         "xã Tân Lập: 1, Đài truyền thanh xã Ka Lăng: 1.\n"));
    CHECK(t && strstr(t, "CHƯA PHÁT ĐỦ\n- Hướng dẫn kích hoạt tài khoản định danh điện tử VNeID "
                         "mức 2 tại Đài truyền thanh xã Ka Lăng: phát 1/3 lượt — không đủ thời "
                         "lượng trong khung phát.\n"));
    free(t);
    CHECK((t = slurp(dir, "report.json")) != NULL);
    CHECK(t && strstr(t, "\"totals\": {\"stations\": 2, \"slots\": 5, \"airings\": 7, "
                         "\"deferrals\": 1}"));
    CHECK(t && strstr(t, "{\"bulletin\": \"vneid-muc-2\", \"title\": \"Hướng dẫn kích hoạt tài "
                         "khoản định danh điện tử VNeID mức 2\", \"station\": \"ka-lang\", "
                         "\"aired\": 1, \"wanted\": 3, \"reason\": \"không đủ thời lượng trong "
                         "khung phát\"}"));
    free(t);
}

/* Ends on and around midnight, through the whole publish path: a program ending
 * exactly at midnight ends the next day at 00:00 (never "24:00", never 00:00 of
 * its own day); one ending at 23:59:30 rounds up to the next day's 00:00 on paper
 * but stays on its day in the CSV and ICS; 23:50 + 15 min ends at 00:05 the next
 * day, here across the end of the ISO week. */
static void test_midnight(const char *root)
{
    static const int items[] = {3};
    loa_publish_audio slots[3];
    loa_publish_paths files = {slots, NULL, "http://192.0.2.1:8000/vov1.mp3"};
    loa_diag diag = {0, 0, ""};
    char names[3][80], *dir = path2(root, "midnight"), *t;
    loa_plan p;
    size_t i;

    loa_plan_init(&p);
    p.iso_year = 2026;
    p.iso_week = 48;
    p.monday = loa_date_iso_monday(2026, 48);
    p.reminder_s = -1; /* no reminder */
    p.clips = calloc(4, sizeof *p.clips);
    add_clip(&p, LOA_CLIP_INTRO, "intro", "Nhạc hiệu", LOA_PRIO_NORMAL, 8);
    add_clip(&p, LOA_CLIP_OUTRO, "outro", "Nhạc kết", LOA_PRIO_NORMAL, 6);
    add_clip(&p, LOA_CLIP_CHIME, "chime", "Hiệu lệnh khẩn", LOA_PRIO_NORMAL, 3);
    add_clip(&p, LOA_CLIP_BULLETIN, "dem", "Bản tin đêm", LOA_PRIO_NORMAL, 60);
    p.stations = calloc(1, sizeof *p.stations);
    p.n_stations = 1;
    p.stations[0].id = dup_s("dem");
    p.stations[0].name = dup_s("Đài xã");
    p.slots = calloc(3, sizeof *p.slots);
    add_slot(&p, 0, "khuya", 0, 23 * 60 + 45, items, 1, 899.5); /* ceil: 900 s */
    add_slot(&p, 0, "khuya", 1, 23 * 60 + 30, items, 1, 1769.2);
    add_slot(&p, 0, "khuya", 6, 23 * 60 + 50, items, 1, 900);
    mkdir(dir, 0777);
    for (i = 0; i < p.n_slots; i++) {
        loa_publish_slot_name(&p, i, names[i], 64);
        strcat(names[i], ".mp3");
        slots[i] = (loa_publish_audio){names[i], 0, -16, -1.5};
        write_bytes(dir, names[i], names[i]);
    }
    CHECK(loa_publish_station_week(&p, 0, &files, dir, &diag) == LOA_OK);
    CHECK((t = slurp(dir, "schedule.csv")) != NULL);
    CHECK_STR(t, "\xEF\xBB\xBF" "Ngày,Thứ,Bắt đầu,Ngày kết thúc,Kết thúc,Khung phát,Đài,Nội dung\r\n"
                 "2026-11-23,Thứ Hai,23:45:00,2026-11-24,00:00:00,khuya,Đài xã,Bản tin đêm\r\n"
                 "2026-11-24,Thứ Ba,23:30:00,2026-11-24,23:59:30,khuya,Đài xã,Bản tin đêm\r\n"
                 "2026-11-29,Chủ Nhật,23:50:00,2026-11-30,00:05:00,khuya,Đài xã,Bản tin đêm\r\n");
    free(t);
    CHECK((t = slurp(dir, "schedule.ics")) != NULL);
    CHECK(t && strstr(t, "DTSTART;TZID=Asia/Ho_Chi_Minh:20261123T234500\r\n"
                         "DTEND;TZID=Asia/Ho_Chi_Minh:20261124T000000\r\n"));
    CHECK(t && strstr(t, "DTSTART;TZID=Asia/Ho_Chi_Minh:20261124T233000\r\n"
                         "DTEND;TZID=Asia/Ho_Chi_Minh:20261124T235930\r\n"));
    CHECK(t && strstr(t, "DTSTART;TZID=Asia/Ho_Chi_Minh:20261129T235000\r\n"
                         "DTEND;TZID=Asia/Ho_Chi_Minh:20261130T000500\r\n"));
    CHECK(t && strstr(t, "VALARM") == NULL); /* reminder off */
    free(t);
    CHECK((t = slurp(dir, "schedule.html")) != NULL);
#define DAY_TABLE(day, n) "<td colspan=\"7\">" day "</td></tr>\n<tr><td class=\"n\">" n \
    "</td><td class=\"t\">"
    CHECK(t && strstr(t, DAY_TABLE("Thứ Hai, ngày 23/11/2026", "001") "23:45–00:00<br>(hôm sau)</td>"));
    CHECK(t && strstr(t, DAY_TABLE("Thứ Ba, ngày 24/11/2026", "002") "23:30–00:00<br>(hôm sau)</td>"));
    CHECK(t && strstr(t, DAY_TABLE("Chủ Nhật, ngày 29/11/2026", "003") "23:50–00:05<br>(hôm sau)</td>"));
#undef DAY_TABLE
    CHECK(t && strstr(t, "24:00") == NULL);
    free(t);
    CHECK((t = slurp(dir, "station.liq")) != NULL);
    /* 29/11/2026 23:50 in Việt Nam is 16:50 UTC: Unix time 1795971000. */
    CHECK(t && strstr(t, "\n  (1795971000., ") &&
          strstr(strstr(t, "\n  (1795971000., "), "\"2026-11-29_2350_khuya.mp3\")") ==
              strchr(strstr(t, "\n  (1795971000., "), '"'));
    /* The station's relay is the script's default between programs. */
    CHECK(t && strstr(t, "\nloa_relay = getenv(default=\"http://192.0.2.1:8000/vov1.mp3\", "
                         "\"LOA_FALLBACK_URL\")\n"));
    free(t);
    loa_plan_clear(&p);
    loai_file_rmtree(dir);
    free(dir);
}

/* Compare every file of two trees, recursively; 1 when identical. */
static int same_tree(const char *a, const char *b)
{
    DIR *d = opendir(a);
    struct dirent *e;
    int same = d != NULL, na = 0, nb = 0;

    while (same && (e = readdir(d)) != NULL) {
        char *pa, *pb, *ta = NULL, *tb = NULL;
        size_t la = 0, lb = 0;
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        na++;
        pa = path2(a, e->d_name);
        pb = path2(b, e->d_name);
        if (stat(pa, &st) == 0 && S_ISDIR(st.st_mode))
            same = same_tree(pa, pb);
        else
            same = loa_file_read(pa, &ta, &la, NULL) == LOA_OK &&
                   loa_file_read(pb, &tb, &lb, NULL) == LOA_OK && la == lb &&
                   memcmp(ta, tb, la) == 0;
        if (!same)
            fprintf(stderr, "differs: %s %s\n", pa, pb);
        free(ta);
        free(tb);
        free(pa);
        free(pb);
    }
    if (d)
        closedir(d);
    if ((d = opendir(b)) != NULL) {
        while ((e = readdir(d)) != NULL)
            nb += e->d_name[0] != '.';
        closedir(d);
    }
    return same && na == nb;
}

static long dead_pid(void)
{
    pid_t pid = fork();

    if (pid == 0)
        _exit(0);
    waitpid(pid, NULL, 0);
    return (long)pid;
}

int main(int argc, char **argv)
{
    char base[] = "/tmp/loa-publish-XXXXXX", *root = argc > 1 ? argv[1] : NULL;
    char *out, *target, *copy, *stage = NULL, *tan_lap, *ka_lang, *aside;
    loa_plan plan;
    loa_diag diag = {0, 0, ""};
    char name[64], *manifest;
    pid_t child;
    int status = 0;

    test_sha256();
    test_text_helpers();
    if (root == NULL && (root = mkdtemp(base)) == NULL)
        return 1;
    mkdir(root, 0777);
    out = path2(root, "out");
    target = path2(out, "2026-W48");
    copy = path2(root, "first");
    tan_lap = path2(target, "tan-lap");
    ka_lang = path2(target, "ka-lang");
    loai_file_rmtree(out);
    loai_file_rmtree(copy);
    build_plan(&plan);
    test_midnight(root);

    CHECK(loa_publish_slot_name(&plan, 0, name, sizeof name) == LOA_OK);
    CHECK_STR(name, "2026-11-23_0600_sang");
    CHECK(loa_publish_slot_name(&plan, 4, name, sizeof name) == LOA_OK);
    CHECK_STR(name, "2026-11-29_2355_toi");
    CHECK(loa_publish_slot_name(&plan, 5, name, sizeof name) == LOA_ERR_INVALID);
    CHECK(loa_publish_slot_name(&plan, 0, name, 10) == LOA_ERR_INVALID);

    /* First publish. */
    CHECK(loa_publish_begin(target, &stage, &diag) == LOA_OK);
    CHECK(stage && strstr(stage, "/out/.staging-") != NULL);
    CHECK(publish_week(&plan, stage, 0) == LOA_OK);
    CHECK(loa_publish_commit(target, stage, &diag) == LOA_OK);
    CHECK(!exists(stage, ""));
    free(stage);
    check_station0(tan_lap);
    check_station1(ka_lang);
    check_report(target);
    CHECK(count_debris(out) == 0);
    CHECK(rename(target, copy) == 0 && rename(copy, target) == 0); /* sanity of paths */

    /* Keep a copy of the first publish to compare byte for byte. */
    {
        char cmd[512];

        snprintf(cmd, sizeof cmd, "cp -aL '%s' '%s'", target, copy);
        CHECK(system(cmd) == 0);
    }

    /* Same inputs → byte-identical tree, swapped in over the old one. */
    CHECK(loa_publish_begin(target, &stage, &diag) == LOA_OK);
    CHECK(publish_week(&plan, stage, 0) == LOA_OK);
    CHECK(same_tree(stage, copy));
    CHECK(loa_publish_commit(target, stage, &diag) == LOA_OK);
    free(stage);
    CHECK(same_tree(target, copy));
    CHECK(count_debris(out) == 0);
    /* The week is a symlink to an immutable version; the first one stays for
     * readers inside it. */
    {
        char link[64] = "";
        char *v1 = path2(out, ".weeks/2026-W48.1");
        ssize_t n = readlink(target, link, sizeof link - 1);

        if (n > 0)
            link[n] = '\0';
        CHECK_STR(link, ".weeks/2026-W48.2");
        CHECK(same_tree(v1, copy));
        free(v1);
    }

    /* A build that fails (a program MP3 missing) reports it and publishes nothing. */
    CHECK(loa_publish_begin(target, &stage, &diag) == LOA_OK);
    CHECK(publish_week(&plan, stage, 1) == LOA_ERR_IO);
    loa_publish_abort(stage);
    free(stage);
    CHECK(same_tree(target, copy));
    CHECK(count_debris(out) == 0);
    {
        loa_publish_audio none[5] = {{NULL, 0, 0, 0}};
        loa_publish_paths bad = {none, NULL, "http://x/\"y"};

        /* A relay that would end Liquidsoap's string is refused. */
        CHECK(loa_publish_station_week(&plan, 0, &bad, tan_lap, &diag) == LOA_ERR_INVALID);
        CHECK(strstr(diag.msg, "relay") != NULL);
        bad.relay = NULL;
        none[0].path = "../etc/passwd";
        CHECK(loa_publish_station_week(&plan, 0, &bad, tan_lap, &diag) == LOA_ERR_INVALID);
        CHECK(strstr(diag.msg, "not a plain relative path") != NULL);
        CHECK(loa_publish_station_week(&plan, 2, &bad, tan_lap, &diag) == LOA_ERR_INVALID);
    }
    CHECK(same_tree(target, copy));

    /* A file that cannot be written fails the publish with the reason. */
    {
        char *blocked = path2(root, "blocked"), *st0 = path2(blocked, "tan-lap");

        mkdir(blocked, 0777);
        mkdir(st0, 0777);
        write_bytes(st0, "usb", "not a directory");
        CHECK(publish_week(&plan, blocked, 0) == LOA_ERR_IO);
        loai_file_rmtree(blocked);
        free(st0);
        free(blocked);
    }

    /* A build killed half-way leaves its staging behind; the published week is
     * untouched, and the next build clears the debris. */
    fflush(NULL);
    if ((child = fork()) == 0) {
        char *s = NULL;

        if (loa_publish_begin(target, &s, NULL) != LOA_OK)
            _exit(3);
        publish_week(&plan, s, 1);
        write_bytes(s, "half-written.mp3", "ID3");
        raise(9); /* SIGKILL: no cleanup of any kind */
        _exit(4);
    }
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == 9);
    CHECK(count_debris(out) == 1);
    CHECK(same_tree(target, copy));
    CHECK(loa_publish_begin(target, &stage, &diag) == LOA_OK);
    CHECK(count_debris(out) == 1); /* only ours now */
    loa_publish_abort(stage);
    free(stage);
    CHECK(count_debris(out) == 0);

    /* A commit killed between "old aside" and "new in place" (file systems
     * without RENAME_EXCHANGE): the next begin puts the old tree back. */
    {
        size_t n = strlen(out) + 64;

        aside = malloc(n);
        snprintf(aside, n, "%s/.old-%ld-2026-W48", out, dead_pid());
        CHECK(rename(target, aside) == 0);
        CHECK(loa_publish_begin(target, &stage, &diag) == LOA_OK);
        CHECK(same_tree(target, copy));
        CHECK(!exists(aside, ""));
        loa_publish_abort(stage);
        free(stage);
        free(aside);
    }
    CHECK(count_debris(out) == 0);
    CHECK((manifest = slurp(tan_lap, "manifest.json")) != NULL);
    free(manifest);

    loa_plan_clear(&plan);
    loai_file_rmtree(copy);
    if (argc <= 1)
        loai_file_rmtree(root);
    free(out);
    free(target);
    free(copy);
    free(tan_lap);
    free(ka_lang);
    return test_done("test_publish");
}
