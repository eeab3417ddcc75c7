/* Bulletin scripts: header keys (Vietnamese, ASCII, NFD), body segments,
 * and every error reported once at the right line and column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/script.h"
#include "loa/synth.h"
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
    {"Tiêu đề: T\nNgày phát: 23/11/2026\n---\nx\n", 2, 1, "unknown header key 'Ngày phát'"},
    {HDR "Kính thưa bà con\n", 5, 1, "'---'"},
    {HDR "Kính thưa bà con: xin thông báo\n", 5, 1, "unknown header key"},
    {"Tiêu đề: T\nTừ ngày: 31/02/2026\nĐến ngày: 29/11/2026\nĐài: all\n---\nx\n", 2, 10,
     "31/02/2026 is not a date"},
    {"Tiêu đề: T\nTừ ngày: 2026-11-23\n---\nx\n", 2, 10, "dd/mm/yyyy"},
    {"Tiêu đề: T\nTừ ngày: 23/11/2026\nĐến ngày: 20/11/2026\nĐài: all\n---\nx\n", 3, 11,
     "before 'Từ ngày'"},
    {"Tiêu đề: T\nƯu tiên: gấp\n---\nx\n", 2, 10, "unknown priority 'gấp'"},
    {HDR "Số lần phát: 0\n---\nx\n", 5, 14, "whole number"},
    {HDR "Số lần phát: ba\n---\nx\n", 5, 14, "whole number"},
    {HDR "Số lần phát: -2\n---\nx\n", 5, 14, "whole number"},
    {HDR "---\nBà con [nghỉ 2 giây chú ý\n", 6, 8, "'[' is not closed"},
    {HDR "---\nĐăng ký {VNeID|vê en e ai đi\n", 6, 9, "'{' is not closed"},
    {HDR "---\nxin {A|b} và [chú ý] nhé\n", 6, 14, "unknown mark '[chú ý]'"},
    {HDR "---\nđóng } sai\n", 6, 6, "without a matching"},
    {HDR "---\nMột\nHai \xC3\x28 ba\n", 7, 5, "invalid UTF-8"},
    {HDR "Đài: all\n---\nx\n", 5, 1, "twice"},
    {"Tiêu đề: T\nTừ ngày: 23/11/2026\nĐài: all\n---\nx\n", 4, 1, "'Đến ngày'"},
    {"Tiêu đề: T\nTừ ngày: 23/11/2026\nĐến ngày: 23/11/2026\nĐài: Xã Mãn Đức\n---\nx\n", 4, 6,
     "not a station or group id"},
    {HDR "Giọng: Huế\n---\nx\n", 5, 8, "unknown dialect"},
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

int main(void)
{
    test_good();
    test_aliases();
    test_pause_lines();
    test_recorded();
    test_errors();
    test_helpers();
    test_load();
    return test_done("test_script");
}
