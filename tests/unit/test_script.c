/* Bulletin scripts: header keys (Vietnamese, ASCII, NFD), body segments,
 * and every error reported once at the right line and column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/script.h"
#include "loa/synth.h"
#include "script_int.h"
#include "test.h"

static const char good[] =
    "\xEF\xBB\xBF" /* BOM */
    "Tiêu đề: Cài đặt và kích hoạt tài khoản VNeID\r\n"
    "Ưu tiên: ưu tiên\r\n"
    "Từ ngày: 23/11/2026\r\n"
    "Đến ngày: 29/11/2026\r\n"
    "Số lần phát: 3\r\n"
    "Đài: vung-cao, man-duc\r\n"
    "Giọng: nam\r\n"
    "# a comment\r\n"
    "Người soạn: Phòng Văn hóa - Thông tin huyện\r\n"
    "---\r\n"
    "Kính thưa bà con!\r\n"
    "\r\n"
    "Tài khoản {VNeID|vê en e ai đi} giúp bà con làm thủ tục\r\n"
    "ngay tại nhà. [nghỉ 1,5 giây] Gọi 1800.1096 để được hỗ trợ.\r\n"
    "- Bước 1: tải ứng dụng\r\n"
    "- Bước 2 [nghỉ 500 ms] kích hoạt\r\n";

static void test_good(void)
{
    loa_bulletin b;
    loa_diag d;
    loa_err err = loa_bulletin_parse(&b, good, sizeof good - 1, "scripts", &d);

    CHECK(err == LOA_OK);
    if (err != LOA_OK) {
        fprintf(stderr, "  %d:%d: %s\n", d.line, d.col, d.msg);
        return;
    }
    CHECK_STR(b.title, "Cài đặt và kích hoạt tài khoản VNeID");
    CHECK(b.priority == LOA_PRIO_HIGH);
    CHECK(b.from.day == 23 && b.from.month == 11 && b.from.year == 2026);
    CHECK(b.to.day == 29 && b.to.month == 11 && b.to.year == 2026);
    CHECK(b.repeat == 3);
    CHECK(!b.all_stations);
    CHECK(b.n_targets == 2);
    if (b.n_targets == 2) {
        CHECK_STR(b.targets[0], "vung-cao");
        CHECK_STR(b.targets[1], "man-duc");
    }
    CHECK(b.dialect == LOA_DIALECT_SOUTH);
    CHECK_STR(b.author, "Phòng Văn hóa - Thông tin huyện");
    CHECK(b.audio == NULL);
    CHECK(b.title_line == 1 && b.from_line == 3 && b.to_line == 4 && b.targets_line == 6);
    /* Kính thưa bà con! | ¶ | Tài khoản | VNeID | giúp ... ngay tại nhà. | pause |
     * Gọi ... hỗ trợ. | ¶ | - Bước 1: ... | ¶ | - Bước 2 | pause | kích hoạt */
    CHECK(b.n_segs == 13);
    if (b.n_segs == 13) {
        CHECK(b.segs[0].kind == LOA_SEG_TEXT);
        CHECK_STR(b.segs[0].text, "Kính thưa bà con!");
        CHECK(b.segs[0].line == 11 && b.segs[0].col == 1);
        CHECK(b.segs[1].kind == LOA_SEG_PARAGRAPH);
        CHECK(b.segs[2].kind == LOA_SEG_TEXT);
        CHECK_STR(b.segs[2].text, "Tài khoản");
        CHECK(b.segs[3].kind == LOA_SEG_VERBATIM);
        CHECK_STR(b.segs[3].text, "vê en e ai đi");
        CHECK_STR(b.segs[3].written, "VNeID");
        CHECK(b.segs[3].line == 13 && b.segs[3].col == 11);
        CHECK(b.segs[4].kind == LOA_SEG_TEXT);
        /* the line break inside the paragraph became a space */
        CHECK_STR(b.segs[4].text, "giúp bà con làm thủ tục ngay tại nhà.");
        CHECK(b.segs[5].kind == LOA_SEG_PAUSE && b.segs[5].pause_ms == 1500);
        CHECK(b.segs[5].line == 14 && b.segs[5].col == 15);
        CHECK_STR(b.segs[6].text, "Gọi 1800.1096 để được hỗ trợ.");
        CHECK(b.segs[7].kind == LOA_SEG_PARAGRAPH);
        CHECK_STR(b.segs[8].text, "- Bước 1: tải ứng dụng");
        CHECK(b.segs[9].kind == LOA_SEG_PARAGRAPH);
        CHECK_STR(b.segs[10].text, "- Bước 2");
        CHECK(b.segs[11].kind == LOA_SEG_PAUSE && b.segs[11].pause_ms == 500);
        CHECK_STR(b.segs[12].text, "kích hoạt");
    }
    loa_bulletin_clear(&b);
    CHECK(b.title == NULL && b.n_segs == 0);
}

/* ASCII aliases, NFD keys (as Word pastes them), unaccented keys, defaults. */
static void test_aliases(void)
{
    static const char ascii[] = "title: Ngay Chuyen doi so quoc gia\n"
                                "PRIORITY: Urgent\nfrom: 1/10/2026\nTo: 10-10-2026\n"
                                "stations: all\nrepeat: 2 lần\n---\nNội dung.\n";
    /* "Tiêu đề" and "Đài" and "Khẩn cấp" in NFD: e + U+0302 + U+0300 etc. */
    static const char nfd[] = "Tie\xCC\x82u \xC4\x91" "e\xCC\x82\xCC\x80: A\n"
                              "U\xCC\x9Bu tie\xCC\x82n: kha\xCC\x82\xCC\x89n ca\xCC\x82\xCC\x81p\n"
                              "Tu ngay: 23/11/2026\nDen ngay: 23/11/2026\n"
                              "\xC4\x90" "a\xCC\x80i: Ta\xCC\x82\xCC\x81t ca\xCC\x89\n---\nX\n";
    loa_bulletin b;
    loa_diag d;

    CHECK(loa_bulletin_parse(&b, ascii, sizeof ascii - 1, NULL, &d) == LOA_OK);
    CHECK(b.priority == LOA_PRIO_URGENT && b.all_stations && b.repeat == 2);
    CHECK(b.to.day == 10 && b.to.month == 10 && b.from.day == 1);
    CHECK(b.dialect == -1 && b.author == NULL);
    loa_bulletin_clear(&b);

    CHECK(loa_bulletin_parse(&b, nfd, sizeof nfd - 1, NULL, &d) == LOA_OK);
    CHECK_STR(b.title, "A");
    CHECK(b.priority == LOA_PRIO_URGENT && b.all_stations && b.repeat == 1);
    loa_bulletin_clear(&b);
}

/* A line ending in a pause mark ends the paragraph; a mark alone on a line. */
static void test_pause_lines(void)
{
    static const char t[] = "Tiêu đề: T\nTừ ngày: 23/11/2026\nĐến ngày: 23/11/2026\nĐài: all\n"
                            "---\nMột hai [nghỉ 2 giây]\nba bốn\n[pause 300 ms]\nnăm\n";
    loa_bulletin b;
    loa_diag d;

    CHECK(loa_bulletin_parse(&b, t, sizeof t - 1, NULL, &d) == LOA_OK);
    /* Một hai | pause 2000 | ¶ | ba bốn | pause 300 | ¶ | năm */
    CHECK(b.n_segs == 7);
    if (b.n_segs == 7) {
        CHECK_STR(b.segs[0].text, "Một hai");
        CHECK(b.segs[1].kind == LOA_SEG_PAUSE && b.segs[1].pause_ms == 2000);
        CHECK(b.segs[2].kind == LOA_SEG_PARAGRAPH);
        CHECK_STR(b.segs[3].text, "ba bốn");
        CHECK(b.segs[4].kind == LOA_SEG_PAUSE && b.segs[4].pause_ms == 300);
        CHECK(b.segs[4].line == 8 && b.segs[4].col == 1);
        CHECK(b.segs[5].kind == LOA_SEG_PARAGRAPH);
        CHECK_STR(b.segs[6].text, "năm");
    }
    loa_bulletin_clear(&b);
}

static void test_recorded(void)
{
    static const char side[] = "Tiêu đề: Bản tin tiếng Mường\nTừ ngày: 23/11/2026\n"
                               "Đến ngày: 29/11/2026\nĐài: tat ca\nÂm thanh: muong.mp3\n";
    static const char body[] = "Tiêu đề: X\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\n"
                               "Đài: all\nAudio: a.mp3\n---\n\n  Lời đọc\n";
    loa_bulletin b;
    loa_diag d;

    CHECK(loa_bulletin_parse(&b, side, sizeof side - 1, "ex/scripts", &d) == LOA_OK);
    CHECK_STR(b.audio, "ex/scripts/muong.mp3");
    CHECK(b.n_segs == 0 && b.audio_line == 5);
    loa_bulletin_clear(&b);
    CHECK(loa_bulletin_parse(&b, body, sizeof body - 1, NULL, &d) == LOA_ERR_TEXT);
    CHECK(d.line == 8 && d.col == 3);
    CHECK(strstr(d.msg, "recorded") != NULL);
}

/* Each bad script: the line and column the error must name, and a word of
 * the message. */
static const struct bad {
    const char *text;
    int line, col;
    const char *word;
} bad[] = {
#define HDR "Tiêu đề: T\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: all\n"
    {"Tiêu đề: T\nNgày phát: 23/11/2026\n---\nx\n", 2, 1, "unknown header key \"Ngày phát\""},
    {HDR "Kính thưa bà con\n", 5, 1, "'---'"},
    {HDR "Kính thưa bà con: xin thông báo\n", 5, 1, "unknown header key"},
    {"Tiêu đề: T\nTừ ngày: 31/02/2026\nĐến ngày: 29/11/2026\nĐài: all\n---\nx\n", 2, 10,
     "\"31/02/2026\" is not a real date"},
    {"Tiêu đề: T\nTừ ngày: 2026-11-23\n---\nx\n", 2, 10, "dd/mm/yyyy"},
    {"Tiêu đề: T\nTừ ngày: 23/11/2026\nĐến ngày: 20/11/2026\nĐài: all\n---\nx\n", 3, 11,
     "is not after 'Từ ngày'"},
    {"Tiêu đề: T\nƯu tiên: gấp\n---\nx\n", 2, 10, "unknown priority \"gấp\""},
    {HDR "Số lần phát: 0\n---\nx\n", 5, 14, "whole number"},
    {HDR "Số lần phát: ba\n---\nx\n", 5, 14, "whole number"},
    {HDR "Số lần phát: -2\n---\nx\n", 5, 14, "whole number"},
    {HDR "---\nBà con [nghỉ 2 giây chú ý\n", 6, 8, "'[' is not closed"},
    {HDR "---\nĐăng ký {VNeID|vê en e ai đi\n", 6, 9, "'{' is not closed"},
    {HDR "---\nxin {A|b} và [chú ý] nhé\n", 6, 14, "unknown mark [chú ý]"},
    {HDR "---\nđóng } sai\n", 6, 6, "without a matching"},
    {HDR "---\nMột\nHai \xC3\x28 ba\n", 7, 5, "invalid UTF-8"},
    {HDR "Đài: all\n---\nx\n", 5, 1, "twice"},
    {"Tiêu đề: T\nTừ ngày: 23/11/2026\nĐài: all\n---\nx\n", 4, 1, "'Đến ngày'"},
    {"Tiêu đề: T\nTừ ngày: 23/11/2026\nĐến ngày: 23/11/2026\nĐài: Xã Mãn Đức\n---\nx\n", 4, 6,
     "not a station or group id"},
    {HDR "Giọng: Huế\n---\nx\n", 5, 8, "unknown 'Giọng' \"Huế\""},
    {HDR "Giọng: miền Nam, miền Bắc\n---\nx\n", 5, 8, "unknown 'Giọng'"},
    {HDR "Giọng: nữ, nam giới\n---\nx\n", 5, 8, "unknown 'Giọng'"},
    /* the year is missing: the message says so, not "no such date" */
    {"Tiêu đề: T\nTừ ngày: 29/11\nĐến ngày: 30/11/2026\nĐài: all\n---\nx\n", 2, 10,
     "\"29/11\" has no year — write dd/mm/yyyy, optionally followed by HH:MM"},
    {"Tiêu đề: T\nTừ ngày: 29/11/2026 24:00\nĐến ngày: 30/11/2026\nĐài: all\n---\nx\n", 2, 21,
     "\"24:00\" is not a time of day"},
    {"Tiêu đề: T\nTừ ngày: 29/11/2026 8 giờ\nĐến ngày: 30/11/2026\nĐài: all\n---\nx\n", 2, 21,
     "is not a time of day"},
    /* to the minute: the end must come after the start */
    {"Tiêu đề: T\nTừ ngày: 26/11/2026 16:30\nĐến ngày: 26/11/2026 08:00\nĐài: all\n---\nx\n",
     3, 11, "is not after 'Từ ngày' 26/11/2026 16:30 (line 2)"},
    /* a key with a slip in it: the key meant */
    {"Tiêu đề: T\nƯu tên: khẩn cấp\n---\nx\n", 2, 1, "did you mean 'Ưu tiên'?"},
    {"Tiêu đề: T\nƯu tiên: khẩn\n---\nx\n", 2, 10, "did you mean 'khẩn cấp'?"},
    {HDR "---\n\n\n", 5, 1, "no text"},
#undef HDR
};

static void test_errors(void)
{
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        loa_bulletin b;
        loa_diag d;
        loa_err err;

        memset(&d, 0, sizeof d);
        err = loa_bulletin_parse(&b, bad[i].text, strlen(bad[i].text), NULL, &d);
        CHECK(err == LOA_ERR_TEXT);
        CHECK(b.title == NULL && b.n_segs == 0 && b.n_targets == 0); /* left empty */
        if (d.line != bad[i].line || d.col != bad[i].col || !strstr(d.msg, bad[i].word) ||
            !strstr(d.msg, " — ")) {
            fprintf(stderr, "case %zu: got %d:%d: %s\n  want %d:%d: ...%s...\n", i, d.line,
                    d.col, d.msg, bad[i].line, bad[i].col, bad[i].word);
            CHECK(0);
        }
    }
}

static void test_helpers(void)
{
    char *s = NULL;

    CHECK(loa_bulletin_id("scripts/Cài đặt VNeID (bản 2).txt", &s) == LOA_OK);
    CHECK_STR(s, "cai-dat-vneid-ban-2");
    free(s);
    CHECK(loa_bulletin_id("/x/01-dvctt.txt", &s) == LOA_OK);
    CHECK_STR(s, "01-dvctt");
    free(s);
    CHECK(loa_bulletin_id("x/***.txt", &s) == LOA_ERR_INVALID);
    CHECK(loa_script_fold("ĐẾN Ngày", strlen("ĐẾN Ngày"), &s) == LOA_OK);
    CHECK_STR(s, "den ngay");
    free(s);
}

static void test_load(void)
{
    const char *path = "build/tests/script-load.txt";
    FILE *fp = fopen(path, "wb");
    loa_bulletin b;
    loa_diag d;

    if (fp == NULL)
        return;
    fputs("Tiêu đề: T\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: all\n"
          "Âm thanh: rec/a.mp3\n", fp);
    fclose(fp);
    CHECK(loa_bulletin_load(&b, path, &d) == LOA_OK);
    CHECK_STR(b.audio, "build/tests/rec/a.mp3");
    loa_bulletin_clear(&b);
    remove(path);
    CHECK(loa_bulletin_load(&b, "build/tests/no-such.txt", &d) == LOA_ERR_IO);
}

/* Validity to the minute: a date alone is the whole day. */
static void test_times(void)
{
    static const char text[] = "Tiêu đề: Mất điện\nTừ ngày: 26/11/2026 08:00\n"
                               "Đến ngày: 26/11/2026 16h30\nĐài: all\n---\nx\n";
    static const char days[] = "Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026, lúc 7:05"
                               "\nĐài: all\n---\nx\n";
    loa_date d26 = {2026, 11, 26}, d25 = {2026, 11, 25}, d27 = {2026, 11, 27};
    loa_date d23 = {2026, 11, 23}, d29 = {2026, 11, 29};
    loa_bulletin b;
    loa_diag d;

    CHECK(loa_bulletin_parse(&b, text, sizeof text - 1, NULL, &d) == LOA_OK);
    CHECK(b.from_min == 8 * 60 && b.to_min == 16 * 60 + 30);
    CHECK(!loa_bulletin_valid_at(&b, d26, 7 * 60 + 59));
    CHECK(loa_bulletin_valid_at(&b, d26, 8 * 60));
    CHECK(loa_bulletin_valid_at(&b, d26, 16 * 60 + 29));
    CHECK(!loa_bulletin_valid_at(&b, d26, 16 * 60 + 30)); /* expired at 16:30 */
    CHECK(!loa_bulletin_valid_at(&b, d26, 17 * 60 + 30));
    CHECK(loa_bulletin_valid_on(&b, d26) && !loa_bulletin_valid_on(&b, d25) &&
          !loa_bulletin_valid_on(&b, d27));
    loa_bulletin_clear(&b);
    CHECK(loa_bulletin_parse(&b, days, sizeof days - 1, NULL, &d) == LOA_OK);
    CHECK(b.from_min == 0 && b.to_min == 7 * 60 + 5);
    CHECK(loa_bulletin_valid_at(&b, d23, 0) && loa_bulletin_valid_at(&b, d29, 7 * 60 + 4));
    CHECK(!loa_bulletin_valid_at(&b, d29, 7 * 60 + 5));
    loa_bulletin_clear(&b);
    /* no time: from the day's start to its end */
    CHECK(loa_bulletin_parse(&b, good, sizeof good - 1, NULL, &d) == LOA_OK);
    CHECK(b.from_min == 0 && b.to_min == 1440);
    CHECK(loa_bulletin_valid_at(&b, d29, 23 * 60 + 59));
    loa_bulletin_clear(&b);
}

/* "Giọng": region and voice in words; a bare "nam" is the south, with a
 * warning that says how to write each meaning. */
static void test_voices(void)
{
    static const struct {
        const char *value;
        int dialect, gender, warned;
    } v[] = {
        {"miền Nam", LOA_DIALECT_SOUTH, -1, 0},   {"Nam Bộ", LOA_DIALECT_SOUTH, -1, 0},
        {"bắc", LOA_DIALECT_NORTH, -1, 0},        {"Miền Trung", LOA_DIALECT_CENTRAL, -1, 0},
        {"south", LOA_DIALECT_SOUTH, -1, 0},      {"nữ", -1, LOA_GENDER_FEMALE, 0},
        {"nam giới", -1, LOA_GENDER_MALE, 0},     {"miền Nam, nữ", LOA_DIALECT_SOUTH, 1, 0},
        {"nữ miền Bắc", LOA_DIALECT_NORTH, 1, 0}, {"miền Bắc, nam", LOA_DIALECT_NORTH, 0, 0},
        {"female", -1, LOA_GENDER_FEMALE, 0},     {"nam", LOA_DIALECT_SOUTH, -1, 1},
        {"NAM", LOA_DIALECT_SOUTH, -1, 1},
    };
    size_t i, k;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        char text[256];
        loa_bulletin b;
        loai_script_scan sc;
        int warned = 0;

        snprintf(text, sizeof text, "Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\n"
                                    "Đài: all\nGiọng: %s\n---\nx\n", v[i].value);
        CHECK(loai_script_read(&b, text, strlen(text), NULL, &sc) == LOA_OK);
        for (k = 0; k < sc.n; k++)
            warned += sc.items[k].warning && sc.items[k].id == LOA_CK_HDR_VOICE_NAM &&
                      sc.items[k].line == 5 && sc.items[k].col == 8;
        if (sc.errors != 0 || b.dialect != v[i].dialect || b.gender != v[i].gender ||
            warned != v[i].warned) {
            fprintf(stderr, "  Giọng: %s → errors %zu, dialect %d, gender %d, warned %d\n",
                    v[i].value, sc.errors, b.dialect, b.gender, warned);
            CHECK(0);
        }
        loai_script_scan_clear(&sc);
        loa_bulletin_clear(&b);
        /* a warning does not stop the build */
        CHECK(loa_bulletin_parse(&b, text, strlen(text), NULL, NULL) == LOA_OK);
        loa_bulletin_clear(&b);
    }
}

/* Every bad line of the body is reported, not only the first. */
static void test_body_errors(void)
{
    static const char text[] = "Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\n"
                               "Đài: all\n---\n"
                               "Một [chú ý] hai [nghỉ 2 giây] ba {|x}.\n"
                               "Bốn } năm.\n"
                               "Sáu {bảy\n"
                               "Tám [nghỉ 90 giây].\n";
    static const struct {
        loa_check_id id;
        int line, col;
    } want[] = {{LOA_CK_MARK_UNKNOWN, 6, 5},
                {LOA_CK_MARK_EMPTY, 6, 34},
                {LOA_CK_MARK_CLOSE, 7, 5},
                {LOA_CK_MARK_OPEN, 8, 5},
                {LOA_CK_MARK_PAUSE, 9, 5}};
    loa_bulletin b;
    loai_script_scan sc;
    size_t i;

    CHECK(loai_script_read(&b, text, sizeof text - 1, NULL, &sc) == LOA_OK);
    CHECK(sc.n == sizeof want / sizeof want[0] && sc.errors == sc.n);
    for (i = 0; i < sc.n && i < sizeof want / sizeof want[0]; i++) {
        if (sc.items[i].id != want[i].id || sc.items[i].line != want[i].line ||
            sc.items[i].col != want[i].col) {
            fprintf(stderr, "  finding %zu: %s at %d:%d, want %s at %d:%d\n", i,
                    loa_check_id_name(sc.items[i].id), sc.items[i].line, sc.items[i].col,
                    loa_check_id_name(want[i].id), want[i].line, want[i].col);
            CHECK(0);
        }
    }
    loai_script_scan_clear(&sc);
    loa_bulletin_clear(&b);
}

/* loa speak and loa normalize tell a script from plain text. */
static void test_detect(void)
{
    static const char plain1[] = "Gọi ngay: 1800.1096\n---\nxin cảm ơn\n";
    static const char plain2[] = "Kính thưa bà con!\nHôm nay có điện.\n";
    static const char script2[] = "# ghi chú\nUu ten: x\nTiêu đề: y\n---\nz\n";

    CHECK(loa_script_detect(good, sizeof good - 1));
    CHECK(loa_script_detect(script2, sizeof script2 - 1));
    CHECK(!loa_script_detect(plain1, sizeof plain1 - 1));
    CHECK(!loa_script_detect(plain2, sizeof plain2 - 1));
    CHECK(!loa_script_detect("", 0));
}

int main(void)
{
    test_good();
    test_aliases();
    test_pause_lines();
    test_recorded();
    test_errors();
    test_helpers();
    test_load();
    test_times();
    test_voices();
    test_body_errors();
    test_detect();
    return test_done("test_script");
}
