/* loa check's engine: each check on a script written here by hand, its
 * finding's id, line and column checked against what the text says. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loa/check.h"
#include "loa/config.h"
#include "loa/error.h"
#include "loa/legacy.h"
#include "loa/file.h"
#include "loa/script.h"
#include "loa/spell.h"
#include "loa/text.h"
#include "test.h"

static loa_lexicon *lex;
static loa_spell *spell;
static loa_config cfg;
static int have_cfg;

static const char cfg_text[] =
    "district = \"huyện Tân Lạc\";\n"
    "province = \"tỉnh Hòa Bình\";\n"
    "timezone = \"Asia/Ho_Chi_Minh\";\n"
    "standing = \"st.txt\";\n"
    "groups = ( { id = \"vung-cao\"; name = \"Các xã vùng cao\"; } );\n"
    "stations = (\n"
    "  { id = \"man-duc\"; name = \"Đài truyền thanh xã Mãn Đức\"; groups = [ \"vung-cao\" ];\n"
    "    slots = ( { name = \"sang\"; days = \"T2,T4,T6\"; start = \"06:00\"; length = \"0:40\"; } ); },\n"
    "  { id = \"phong-phu\"; name = \"Đài truyền thanh xã Phong Phú\";\n"
    "    slots = ( { name = \"sang\"; days = \"T2-CN\"; start = \"06:00\"; length = \"15:00\"; } ); }\n"
    ");\n";

/* A clean script from the seeds' sentences (Công văn 5443/BTTTT-CĐSQG, the
 * demo's VNeID bulletin): no finding at all. */
static const char clean[] =
    "Tiêu đề: Dịch vụ công trực tuyến\n"
    "Ưu tiên: thường\n"
    "Từ ngày: 23/11/2026\n"
    "Đến ngày: 29/11/2026\n"
    "Số lần phát: 3\n"
    "Đài: phong-phu\n"
    "---\n"
    "Kính thưa bà con nhân dân!\n"
    "\n"
    "Bộ Thông tin và Truyền thông đề nghị đẩy mạnh công tác tuyên truyền dịch vụ công trực "
    "tuyến. Bà con có thể nộp hồ sơ và theo dõi kết quả ngay trên điện thoại, mọi vướng mắc "
    "xin gọi Tổng đài 1800.1096, cuộc gọi miễn phí.\n";

static loa_check_report run(const char *text)
{
    loa_check_report rep;
    loa_check_opts o = {have_cfg ? &cfg : NULL, lex, spell, 0};
    loa_diag d;

    CHECK(loa_check_text(&rep, text, strlen(text), ".", &o, &d) == LOA_OK);
    return rep;
}

static size_t count(const loa_check_report *r, loa_check_id id)
{
    size_t i, n = 0;

    for (i = 0; i < r->n; i++)
        n += r->items[i].id == id;
    return n;
}

static const loa_check_item *find(const loa_check_report *r, loa_check_id id)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (r->items[i].id == id)
            return &r->items[i];
    return NULL;
}

/* ID reported exactly once, at LINE:COL, with first argument A1. */
static void once_at(const loa_check_report *r, loa_check_id id, int line, int col, const char *a1)
{
    const loa_check_item *it = find(r, id);

    CHECK(count(r, id) == 1);
    CHECK(it != NULL && it->line == line && it->col == col);
    if (count(r, id) != 1)
        fprintf(stderr, "  %s reported %zu times, want once\n", loa_check_id_name(id),
                count(r, id));
    if (it != NULL && (it->line != line || it->col != col))
        fprintf(stderr, "  %s at %d:%d, want %d:%d\n", loa_check_id_name(id), it->line, it->col,
                line, col);
    if (a1 != NULL)
        CHECK_STR(it ? it->arg[0] : NULL, a1);
}

static void test_clean(void)
{
    loa_check_report r = run(clean);
    size_t i;

    CHECK(r.n == 0);
    for (i = 0; i < r.n; i++) {
        char *m = loa_check_message(&r.items[i], LOA_LANG_EN);

        fprintf(stderr, "  unexpected %d:%d %s\n", r.items[i].line, r.items[i].col, m);
        free(m);
    }
    CHECK(r.seconds > 10 && r.seconds < 40);
    CHECK(r.slot_s == 900);
    loa_check_report_clear(&r);
}

static void test_header(void)
{
    loa_check_report r = run("Tiêu đề: Kích hoạt tài khoản\n"
                             "Tác giả: Phòng Văn hóa\n"
                             "Từ ngày: 31/02/2026\n"
                             "Đến ngày: 20/11/2026\n"
                             "Đài: man-duc, xa-la\n"
                             "---\n"
                             "Kính thưa bà con nhân dân!\n");

    once_at(&r, LOA_CK_HDR_KEY, 2, 1, "Tác giả");
    once_at(&r, LOA_CK_HDR_DATE, 3, 10, "Từ ngày");
    once_at(&r, LOA_CK_HDR_TARGET, 5, 15, "xa-la");
    CHECK(count(&r, LOA_CK_SCRIPT) == 0); /* the parser's repeat of line 2 is dropped */
    CHECK(r.n == 3);
    loa_check_report_clear(&r);

    r = run("Tiêu đề: Kích hoạt tài khoản\n"
            "Từ ngày: 23/11/2026\n"
            "Đến ngày: 20/11/2026\n"
            "Đài: vung-cao\n"
            "---\n"
            "Kính thưa bà con nhân dân!\n");
    once_at(&r, LOA_CK_HDR_ORDER, 3, 11, "20/11/2026");
    CHECK_STR(find(&r, LOA_CK_HDR_ORDER) ? find(&r, LOA_CK_HDR_ORDER)->arg[2] : NULL, "2");
    CHECK(r.n == 1);
    loa_check_report_clear(&r);

    /* man-duc airs Monday, Wednesday, Friday: 3 slots a week, not 4. */
    r = run("Tiêu đề: Kích hoạt tài khoản\n"
            "Từ ngày: 23/11/2026\n"
            "Đến ngày: 29/11/2026\n"
            "Số lần phát: 4\n"
            "Đài: vung-cao\n"
            "---\n"
            "Kính thưa bà con nhân dân!\n");
    once_at(&r, LOA_CK_HDR_REPEAT, 4, 1, "4");
    CHECK_STR(find(&r, LOA_CK_HDR_REPEAT) ? find(&r, LOA_CK_HDR_REPEAT)->arg[2] : NULL, "3");
    CHECK(r.n == 1);
    loa_check_report_clear(&r);

    /* A missing required key, at the '---' line. */
    r = run("Tiêu đề: x\nTừ ngày: 23/11/2026\nĐài: all\n---\nKính thưa bà con.\n");
    once_at(&r, LOA_CK_HDR_MISSING, 4, 1, "Đến ngày");
    CHECK(r.n == 1);
    loa_check_report_clear(&r);

    /* A recorded bulletin whose audio file is not there. */
    r = run("Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: all\n"
            "Âm thanh: khong-co.mp3\n");
    once_at(&r, LOA_CK_HDR_AUDIO, 5, 1, "khong-co.mp3");
    CHECK(r.n == 1 && r.seconds < 0);
    loa_check_report_clear(&r);

    /* Every parser finding has its own id and message. */
    r = run("Tiêu đề: x\nƯu tiên: gấp\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: all\n"
            "---\nKính thưa bà con.\n");
    once_at(&r, LOA_CK_HDR_PRIO, 2, 10, "gấp");
    loa_check_report_clear(&r);
}

/* One header, two readers: the script parser (what `loa build` runs) and
 * `loa check` (without a config: nothing here needs one) must agree. Each
 * case's verdict is written by hand: accepted (line 0), or rejected with
 * the parser's first error at LINE:COL (characters), where check must
 * report an error too, and at LINE2:COL2 when a second error follows. */
#define H_OK "Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: tất cả\n"
static const struct {
    const char *name, *text;
    int line, col, line2, col2;
} verdicts[] = {
    {"valid", H_OK "---\nKính thưa bà con.\n", 0, 0, 0, 0},
    {"ASCII aliases", "title: x\nfrom: 23/11/2026\nto: 29/11/2026\nstations: all\n---\nx.\n",
     0, 0, 0, 0},
    {"comment, dots, CRLF", "# ghi chú\r\nTiêu đề: x\r\nTừ ngày: 23.11.2026\r\n"
     "Đến ngày: 29.11.2026\r\nĐài: man-duc, vung-cao\r\n---\r\nx.\r\n", 0, 0, 0, 0},
    {"unknown key", "Tiêu đề: x\nTác giả: y\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\n"
     "Đài: tất cả\n---\nx.\n", 2, 1, 0, 0},
    {"date format", "Tiêu đề: x\nTừ ngày: 23-11-26\nĐến ngày: 29/11/2026\nĐài: tất cả\n---\nx.\n",
     2, 10, 0, 0},
    {"no such day", "Tiêu đề: x\nTừ ngày: 31/02/2026\nĐến ngày: 29/11/2026\nĐài: tất cả\n"
     "---\nx.\n", 2, 10, 0, 0},
    {"dates in the wrong order", "Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 20/11/2026\n"
     "Đài: tất cả\n---\nx.\n", 3, 11, 0, 0},
    {"missing Đài", "Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\n---\nx.\n", 4, 1,
     0, 0},
    {"no dashes", H_OK "Kính thưa bà con.\n", 5, 1, 0, 0},
    {"key given twice", "Tiêu đề: x\nTiêu đề: y\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\n"
     "Đài: tất cả\n---\nx.\n", 2, 1, 0, 0},
    {"priority", "Tiêu đề: x\nƯu tiên: gấp\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\n"
     "Đài: tất cả\n---\nx.\n", 2, 10, 0, 0},
    {"repeat", H_OK "Số lần phát: 0\n---\nx.\n", 5, 14, 0, 0},
    {"dialect", H_OK "Giọng: tây\n---\nx.\n", 5, 8, 0, 0},
    {"station id", "Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: Xa La\n---\nx.\n",
     4, 6, 0, 0},
    {"empty value", "Tiêu đề:\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: tất cả\n---\nx.\n",
     1, 9, 0, 0},
    {"recording outside", H_OK "Âm thanh: ../x.mp3\n", 5, 11, 0, 0},
    {"recording with text", H_OK "Âm thanh: x.mp3\n---\nKính thưa.\n", 7, 1, 0, 0},
    {"no text", H_OK "---\n\n", 5, 1, 0, 0},
    {"body mark", H_OK "---\nNghỉ [nghỉ 2 phút].\n", 6, 6, 0, 0},
    {"two header errors", "Tiêu đề: x\nTác giả: y\nTừ ngày: 31/02/2026\nĐến ngày: 29/11/2026\n"
     "Đài: tất cả\n---\nx.\n", 2, 1, 3, 10},
    {"header and whole-header errors", "Tiêu đề: x\nƯu tiên: gấp\nTừ ngày: 23/11/2026\n---\nx.\n",
     2, 10, 4, 1},
};

static int has_error_at(const loa_check_report *r, int line, int col)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (r->items[i].sev == LOA_CHECK_ERROR && r->items[i].line == line &&
            r->items[i].col == col)
            return 1;
    return 0;
}

static void test_same_verdicts(void)
{
    size_t i, k;

    for (i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++) {
        const char *t = verdicts[i].text;
        loa_bulletin b;
        loa_check_report r;
        loa_diag d;
        loa_err perr;
        int errors = 0;

        loa_diag_clear(&d);
        perr = loa_bulletin_parse(&b, t, strlen(t), ".", &d);
        loa_bulletin_clear(&b);
        CHECK(loa_check_text(&r, t, strlen(t), ".", NULL, &d) == LOA_OK);
        for (k = 0; k < r.n; k++)
            errors += r.items[k].sev == LOA_CHECK_ERROR;
        if (verdicts[i].line == 0) {
            CHECK(perr == LOA_OK);
            CHECK(errors == 0);
        } else {
            CHECK(perr == LOA_ERR_TEXT && d.line == verdicts[i].line && d.col == verdicts[i].col);
            CHECK(has_error_at(&r, verdicts[i].line, verdicts[i].col));
            if (verdicts[i].line2 > 0)
                CHECK(has_error_at(&r, verdicts[i].line2, verdicts[i].col2));
        }
        if ((perr == LOA_OK) != (verdicts[i].line == 0) || (errors == 0) != (verdicts[i].line == 0))
            fprintf(stderr, "  %s: parser %d at %d:%d (%s), check %d error(s)\n",
                    verdicts[i].name, perr, d.line, d.col, d.msg, errors);
        loa_check_report_clear(&r);
    }
}

static void test_encoding(void)
{
    /* 0xFF at byte 42 (line 1 is 25 bytes, "Đài: tất cả" 17): line 2, column 12. */
    static const char bad[] = "Tiêu đề: Thông báo\nĐài: tất cả\xFF\n---\nx\n";
    loa_check_report r = run(bad);
    const loa_check_item *it = find(&r, LOA_CK_UTF8);

    CHECK(r.n == 1);
    once_at(&r, LOA_CK_UTF8, 2, 12, "0xFF");
    CHECK_STR(it ? it->arg[1] : NULL, "42");
    CHECK((unsigned char)bad[42] == 0xFF);
    loa_check_report_clear(&r);
    /* A stray Windows-1252 quote (0x93, a UTF-8 continuation byte) after
     * "Bà con ": line 2, column 8, byte 26 (18 + 8). */
    r = run("Đài: tất cả\nBà con \x93hello\x94\n");
    once_at(&r, LOA_CK_UTF8, 2, 8, "0x93");
    it = find(&r, LOA_CK_UTF8);
    CHECK_STR(it ? it->arg[1] : NULL, "26");
    loa_check_report_clear(&r);
}

static void test_legacy_fix(void)
{
    loa_legacy_enc enc[2] = {LOA_LEGACY_TCVN3, LOA_LEGACY_VNI};
    int i;

    for (i = 0; i < 2; i++) {
        char *leg, *fixed = NULL;
        size_t ll, fl = 0;
        const char *what = NULL;
        loa_check_report r;

        CHECK(loa_legacy_encode(enc[i], clean, strlen(clean), &leg, &ll, NULL) == LOA_OK);
        r = run(leg);
        CHECK(r.n == 1 && r.legacy == (int)enc[i] && r.legacy_confidence > 0.9);
        CHECK(find(&r, LOA_CK_LEGACY) != NULL);
        CHECK(r.n == 1 && r.items[0].sev == LOA_CHECK_ERROR);
        loa_check_report_clear(&r);
        CHECK(loa_check_fix(leg, ll, &fixed, &fl, &what) == LOA_OK);
        CHECK_STR(fixed, clean);
        CHECK(what != NULL);
        free(fixed);
        free(leg);
    }
}

static void test_nfd_tones(void)
{
    /* "hoà" old style on line 8, "hòa" new style twice: the old one is odd. */
    loa_check_report r = run("Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: all\n"
                             "---\nKính thưa bà con.\n\nXã Hòa Bình, xã Phú hoà, xã Hòa Sơn.\n");
    char *fixed = NULL;
    size_t fl;
    const char *what;

    once_at(&r, LOA_CK_TONE_MIXED, 8, 21, "hoà");
    loa_check_report_clear(&r);
    /* NFD: "Kính" with a combining acute (U+0301). */
    r = run("Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: all\n"
            "---\nKi\xCC\x81nh thưa bà con.\n");
    once_at(&r, LOA_CK_NFD, 6, 1, "Ki\xCC\x81nh");
    loa_check_report_clear(&r);
    CHECK(loa_check_fix("Ki\xCC\x81nh thu\xCC\x9B\xCC\x80", 14, &fixed, &fl, &what) == LOA_OK);
    CHECK_STR(fixed, "Kính thừ");
    free(fixed);
}

static int not_dots(const struct dirent *e)
{
    return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

/* How many names DIR holds: staging debris would show here. */
static int entries(const char *dir)
{
    struct dirent **e;
    int n = scandir(dir, &e, not_dots, NULL), i;

    for (i = 0; i < n; i++)
        free(e[i]);
    free(e);
    return n;
}

static void put_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");

    CHECK(fp != NULL);
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

/* --fix on a file: the original kept as .orig, the text replaced whole; when
 * the disk refuses (a file size limit stands in for a full disk) the reason
 * is given and the script, its directory and any backup are as they were. */
static void test_fix_file(void)
{
    static const char nfd[] = "Ki\xCC\x81nh thu\xCC\x9B\xCC\x80 ba\xCC\x80 con.\n";
    char tmpl[] = "/tmp/loa-fix.XXXXXX", path[64], *orig = NULL, *t = NULL;
    const char *what = NULL;
    loa_diag d = {0, 0, ""};
    struct rlimit lim, small;
    size_t len;

    CHECK(mkdtemp(tmpl) != NULL);
    snprintf(path, sizeof path, "%s/a.txt", tmpl);
    put_file(path, nfd);
    CHECK(loa_check_fix_file(path, &what, &orig, &d) == LOA_OK);
    CHECK(what != NULL);
    CHECK(orig && strlen(orig) == strlen(path) + 5 && strncmp(orig, path, strlen(path)) == 0 &&
          strcmp(orig + strlen(path), ".orig") == 0);
    CHECK(loa_file_read(path, &t, &len, NULL) == LOA_OK);
    CHECK_STR(t, "Kính thừ bà con.\n");
    free(t);
    CHECK(entries(tmpl) == 2);
    if (orig)
        remove(orig);
    free(orig);
    orig = NULL;

    put_file(path, nfd);
    CHECK(getrlimit(RLIMIT_FSIZE, &lim) == 0);
    small = lim;
    small.rlim_cur = 4;
    signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
    CHECK(loa_check_fix_file(path, &what, &orig, &d) == LOA_ERR_IO);
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    CHECK(what == NULL && orig == NULL);
    CHECK(strncmp(d.msg, "cannot write ", 13) == 0 && strstr(d.msg, "File too large") != NULL);
    CHECK(loa_file_read(path, &t, &len, NULL) == LOA_OK);
    CHECK_STR(t, nfd);
    free(t);
    CHECK(entries(tmpl) == 1); /* no a.txt.orig, no staged file */
    remove(path);
    rmdir(tmpl);
}

static void test_words(void)
{
    loa_check_report r = run("Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: all\n"
                             "---\nBà con cần kíck hoạt tài khoản VNeID, gọi XYZQ.\n"
                             "Mọi ngừoi đến UBND xã.\n");
    const loa_check_item *it;
    size_t i;

    /* kíck → kích (the only suggestion), line 6 col 12. */
    it = find(&r, LOA_CK_SPELL);
    CHECK(it != NULL && it->line == 6 && it->col == 12);
    CHECK_STR(it ? it->arg[0] : NULL, "kíck");
    CHECK_STR(it ? it->arg[1] : NULL, "kích");
    /* ngừoi (misplaced tone) → người among the suggestions, line 7 col 5. */
    for (i = 0, it = NULL; i < r.n; i++)
        if (r.items[i].id == LOA_CK_SPELL && r.items[i].line == 7)
            it = &r.items[i];
    CHECK(it != NULL && it->col == 5 && it->arg[1] && strstr(it->arg[1], "người") != NULL);
    /* All capitals unknown to the lexicon: spelled letter by letter. */
    once_at(&r, LOA_CK_CAPS, 6, 43, "XYZQ");
    /* VNeID and UBND are in the lexicon: nothing. */
    CHECK(count(&r, LOA_CK_SPELL) == 2 && r.n == 3);
    loa_check_report_clear(&r);
}

static void test_duration(void)
{
    /* About a minute of speech for a 40-second slot. */
    loa_check_report r = run(
        "Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: man-duc\n---\n"
        "Kính thưa bà con nhân dân! Tài khoản định danh điện tử mức độ 2 giúp bà con làm thủ tục "
        "hành chính trên mạng mà không phải mang theo giấy tờ. Khi đã có tài khoản, bà con đăng "
        "nhập được Cổng Dịch vụ công quốc gia và Cổng dịch vụ công của tỉnh, nộp hồ sơ và theo "
        "dõi kết quả ngay trên điện thoại. Để cài đặt, bà con mở kho ứng dụng trên điện thoại, "
        "tìm và tải ứng dụng của Bộ Công an. Sau đó đăng nhập bằng số định danh cá nhân, tức là "
        "12 số trên căn cước, và mật khẩu được gửi qua tin nhắn.\n\n"
        "Người chưa kích hoạt tài khoản mức độ 2 xin mang căn cước đến Công an xã, thị trấn "
        "nơi cư trú vào giờ hành chính từ thứ Hai đến thứ Bảy để được chụp ảnh, lấy vân tay và "
        "kích hoạt miễn phí.\n");
    const loa_check_item *it = find(&r, LOA_CK_DURATION);

    CHECK(r.seconds > 40 && r.slot_s == 40);
    CHECK(it != NULL && it->line == 6 && it->sev == LOA_CHECK_WARNING);
    CHECK_STR(it ? it->arg[2] : NULL, "man-duc");
    loa_check_report_clear(&r);
}

/* With the config: the station meant when a script names it, or slips;
 * slots counted to the minute; what the build refuses (errors_only). */
static void test_hints(void)
{
    loa_check_report r;
    loa_check_opts o = {&cfg, lex, NULL, 1};
    loa_diag d;
    const loa_check_item *it;
    static const char names[] = "Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\n"
                                "Đài: Mãn Đức, phong-phuu, xã Phong Phú, vùng cao, khong-co\n"
                                "---\nKính thưa bà con nhân dân!\n";
    static const char minute[] = "Tiêu đề: x\nTừ ngày: 23/11/2026 06:01\n"
                                 "Đến ngày: 27/11/2026 06:00\nSố lần phát: 2\nĐài: man-duc\n"
                                 "---\nKính thưa bà con nhân dân, kíck hoạt!\n";
    size_t i, near = 0;

    if (!have_cfg)
        return;
    CHECK(loa_check_text(&r, names, sizeof names - 1, ".", &o, &d) == LOA_OK);
    for (i = 0; i < r.n; i++)
        near += r.items[i].id == LOA_CK_HDR_TARGET_NEAR;
    CHECK(near == 4 && r.n == 5);
    it = find(&r, LOA_CK_HDR_TARGET_NEAR);
    CHECK(it != NULL && it->line == 4 && it->col == 6);
    CHECK_STR(it ? it->arg[0] : NULL, "Mãn Đức");
    CHECK_STR(it ? it->arg[1] : NULL, "man-duc");
    CHECK_STR(it ? it->arg[2] : NULL, "Đài truyền thanh xã Mãn Đức");
    if (r.n == 5) {
        CHECK_STR(r.items[1].arg[1], "phong-phu"); /* a slip */
        CHECK_STR(r.items[2].arg[1], "phong-phu"); /* the commune */
        CHECK_STR(r.items[3].arg[1], "vung-cao");  /* the group's id */
        CHECK(r.items[4].id == LOA_CK_HDR_TARGET); /* nothing close: no guess */
        CHECK_STR(r.items[4].arg[0], "khong-co");
    }
    loa_check_report_clear(&r);
    /* man-duc airs Mon, Wed, Fri at 06:00: from Monday 06:01 until Friday
     * 06:00 leaves Wednesday alone. errors_only: no spelling, no repeat. */
    CHECK(loa_check_text(&r, minute, sizeof minute - 1, ".", &o, &d) == LOA_OK);
    CHECK(r.n == 0);
    loa_check_report_clear(&r);
    o.errors_only = 0;
    o.spell = spell;
    r = run(minute);
    once_at(&r, LOA_CK_HDR_REPEAT, 4, 1, "2");
    CHECK_STR(find(&r, LOA_CK_HDR_REPEAT) ? find(&r, LOA_CK_HDR_REPEAT)->arg[2] : NULL, "1");
    loa_check_report_clear(&r);
}

static void test_catalogue(void)
{
    loa_check_item it = {LOA_CK_UTF8, LOA_CHECK_ERROR, 1, 1, {"A", "B", "C"}};
    int id, lang;

    for (id = 0; id < LOA_CK_COUNT; id++)
        for (lang = 0; lang < 2; lang++) {
            char *m;

            it.id = (loa_check_id)id;
            m = loa_check_message(&it, (loa_check_lang)lang);
            CHECK(m != NULL && m[0] != '\0');
            /* "what — how to fix", except the wrappers of other modules' messages. */
            if (id != LOA_CK_SCRIPT && id != LOA_CK_CONFIG)
                CHECK(m != NULL && strstr(m, " — ") != NULL);
            free(m);
        }
    it.id = LOA_CK_SPELL;
    it.arg[0] = "kíck";
    it.arg[1] = "kích";
    {
        char *vi = loa_check_message(&it, LOA_LANG_VI), *en = loa_check_message(&it, LOA_LANG_EN);

        CHECK_STR(vi, "\"kíck\" có thể sai chính tả (gợi ý: kích) — sửa lại, hoặc thêm vào tệp "
                      "từ vựng của khu vực nếu đúng");
        CHECK(en && strncmp(en, "\"kíck\" may be misspelled (suggestions: kích)", 44) == 0);
        free(vi);
        free(en);
    }
}

int main(void)
{
    char *dir = NULL, tmpl[] = "/tmp/loa-check.XXXXXX", path[4200];
    loa_diag d;
    FILE *fp;

    if (loa_file_data_dir(NULL, &dir, &d) != LOA_OK || loa_text_lexicon_open(&lex, dir, &d) != LOA_OK) {
        free(dir);
        fprintf(stderr, "skip: no voices data: %s\n", d.msg);
        return TEST_SKIP;
    }
    free(dir);
    if (loa_spell_open(&spell, NULL, &d) != LOA_OK) {
        fprintf(stderr, "skip: %s\n", d.msg);
        loa_text_lexicon_free(lex);
        return TEST_SKIP;
    }
    CHECK(mkdtemp(tmpl) != NULL);
    snprintf(path, sizeof path, "%s/d.cfg", tmpl);
    CHECK((fp = fopen(path, "w")) != NULL);
    if (fp) {
        fputs(cfg_text, fp);
        fclose(fp);
    }
    have_cfg = loa_config_load(&cfg, path, NULL, &d) == LOA_OK;
    if (!have_cfg)
        fprintf(stderr, "config: %d: %s\n", d.line, d.msg);
    CHECK(have_cfg);
    remove(path);
    rmdir(tmpl);

    test_clean();
    test_header();
    test_same_verdicts();
    test_encoding();
    test_legacy_fix();
    test_nfd_tones();
    test_fix_file();
    test_words();
    test_duration();
    test_hints();
    test_catalogue();

    loa_config_clear(&cfg);
    loa_spell_free(spell);
    loa_text_lexicon_free(lex);
    return test_done("test_check");
}
