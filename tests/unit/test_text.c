/* Text normalizer: the hand-written cases in tests/cases/normalize.txt,
 * plus lexicon errors, bad input, linearity, --explain and dialects. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/text.h"
#include "test.h"

static const char *data_dir(void)
{
    const char *d = getenv("LOA_DATA_DIR");

    return d && *d ? d : "voices";
}

static char *norm(const loa_lexicon *lex, loa_dialect d, const char *in)
{
    char *out = NULL;
    size_t n;
    loa_diag diag;

    if (loa_text_normalize(lex, d, in, strlen(in), &out, &n, &diag) != LOA_OK)
        return NULL;
    return out;
}

/* Run every case of PATH; returns the number of cases. Cases: input line,
 * expected line, blank line; '#' comments; "@dialect south" switches. */
static int run_cases(const loa_lexicon *lex, const char *path)
{
    char *text, *p, *lines[3];
    size_t len;
    int lineno = 0, cases = 0, at[2] = {0, 0};
    loa_dialect d = LOA_DIALECT_NORTH;
    int nl = 0;

    if (loa_file_read(path, &text, &len, NULL) != LOA_OK) {
        fprintf(stderr, "cannot read %s\n", path);
        test_failures++;
        return 0;
    }
    p = text;
    while (p != NULL) {
        char *e = strchr(p, '\n');

        if (e)
            *e = '\0';
        lineno++;
        if (p[0] == '#') {
            /* comment */
        } else if (strncmp(p, "@dialect ", 9) == 0) {
            if (loa_dialect_parse(p + 9, &d) != LOA_OK) {
                fprintf(stderr, "%s:%d: bad dialect\n", path, lineno);
                test_failures++;
            }
        } else if (p[0] == '\0') {
            if (nl == 1 || nl > 2) {
                fprintf(stderr, "%s:%d: a case needs exactly an input and an expected line\n",
                        path, at[0]);
                test_failures++;
            }
            nl = 0;
        } else if (nl < 2) {
            at[nl] = lineno;
            lines[nl++] = p;
            if (nl == 2) {
                char *got = norm(lex, d, lines[0]);

                cases++;
                test_checks++;
                if (strcmp(lines[1], "(empty)") == 0)
                    lines[1] = "";
                if (got == NULL || strcmp(got, lines[1]) != 0) {
                    test_failures++;
                    fprintf(stderr, "%s:%d: FAIL (%s)\n  input: %s\n  got:   %s\n  want:  %s\n",
                            path, at[0], loa_dialect_name(d), lines[0], got ? got : "(error)",
                            lines[1]);
                }
                free(got);
            }
        } else {
            nl++;
        }
        p = e ? e + 1 : NULL;
    }
    free(text);
    return cases;
}

static void test_lexicon_errors(void)
{
    const char *path = "build/test-lexicon.txt";
    loa_lexicon *lex = NULL;
    loa_diag diag;
    FILE *fp;
    char *out;

    CHECK(loa_text_lexicon_open(&lex, data_dir(), &diag) == LOA_OK);
    /* a district's file adds words */
    fp = fopen(path, "w");
    fputs("# district words\n[abbreviations]\nHTX = hợp tác xã\n[foreign]\nGrab = gráp\n", fp);
    fclose(fp);
    CHECK(loa_text_lexicon_add_file(lex, path, &diag) == LOA_OK);
    out = norm(lex, LOA_DIALECT_NORTH, "HTX Tân Lập dùng Grab");
    CHECK_STR(out, "hợp tác xã Tân Lập dùng gráp");
    free(out);
    /* errors name file:line */
    fp = fopen(path, "w");
    fputs("[abbreviations]\nABC = a bê xê\nno equals sign here\n", fp);
    fclose(fp);
    loa_diag_clear(&diag);
    CHECK(loa_text_lexicon_add_file(lex, path, &diag) == LOA_ERR_CONFIG);
    CHECK(strncmp(diag.msg, "expected 'WRITTEN = SPOKEN'", 27) == 0);
    CHECK(diag.line == 3 && diag.col == 1);
    /* and leave the lexicon as it was */
    out = norm(lex, LOA_DIALECT_NORTH, "ABC");
    CHECK_STR(out, "a bê xê");
    free(out);
    fp = fopen(path, "w");
    fputs("HTX = hợp tác xã\n", fp);
    fclose(fp);
    CHECK(loa_text_lexicon_add_file(lex, path, &diag) == LOA_ERR_CONFIG);
    CHECK(diag.line == 1 && strstr(diag.msg, "section") != NULL);
    fp = fopen(path, "w");
    fputs("[nonsense]\n", fp);
    fclose(fp);
    CHECK(loa_text_lexicon_add_file(lex, path, &diag) == LOA_ERR_CONFIG);
    CHECK(strstr(diag.msg, "unknown section") != NULL);
    CHECK(loa_text_lexicon_add_file(lex, "build/no-such-file.txt", &diag) == LOA_ERR_IO);
    loa_text_lexicon_free(lex);
    remove(path);
    CHECK(loa_text_lexicon_open(&lex, "build/no-such-dir", &diag) == LOA_ERR_IO);
    loa_text_lexicon_free(NULL);
}

static void test_bad_input(const loa_lexicon *lex)
{
    static const char bad[] = "Dòng một\nDòng \xC3 hai\n";
    char *out = NULL, *big;
    size_t n, i, big_len = 5u << 20;
    loa_diag diag;
    clock_t t0, t1, t2;

    loa_diag_clear(&diag);
    CHECK(loa_text_normalize(lex, LOA_DIALECT_NORTH, bad, sizeof bad - 1, &out, &n, &diag) ==
          LOA_ERR_TEXT);
    CHECK(out == NULL);
    CHECK(diag.line == 2 && diag.col == 6);
    /* control characters are cleaned, lines kept */
    out = norm(lex, LOA_DIALECT_NORTH, "a\x01\x1b" "n\tchị\r\nd\x7f" "e\xc2\x85");
    CHECK_STR(out, "an chị\nde");
    free(out);
    /* NFC and odd punctuation: decomposed marks, NBSP, smart quotes, dashes */
    out = norm(lex, LOA_DIALECT_NORTH,
               "Ho\xcc\x80" "a\xc2\xa0" "b\xc3\xacnh \xe2\x80\x9c" "Zalo\xe2\x80\x9d 2024\xe2\x80\x93"
               "2025\xe2\x80\xa6");
    CHECK_STR(out, "Hòa bình da lô hai nghìn không trăm hai mươi tư đến hai nghìn không trăm "
                   "hai mươi lăm.");
    free(out);
    /* a 5 MB line: no crash, time linear in size */
    big = malloc(big_len + 1);
    CHECK(big != NULL);
    if (big == NULL)
        return;
    for (i = 0; i < big_len; i++)
        big[i] = "Ngày 25/10/2023 có 1.500 hồ sơ, gọi 1800.1096 UBND xyzzy "[i % 57];
    big[big_len] = '\0';
    t0 = clock();
    CHECK(loa_text_normalize(lex, LOA_DIALECT_NORTH, big, big_len / 10, &out, &n, &diag) ==
          LOA_OK);
    free(out);
    t1 = clock();
    CHECK(loa_text_normalize(lex, LOA_DIALECT_NORTH, big, big_len, &out, &n, &diag) == LOA_OK);
    t2 = clock();
    CHECK(out != NULL && n > big_len && strchr(out, '\n') == NULL);
    /* ten times the input may cost ten times the time, not a hundred */
    CHECK((double)(t2 - t1) < 30.0 * (double)(t1 - t0 + CLOCKS_PER_SEC / 100));
    free(out);
    /* one 5 MB word, digits or letters */
    memset(big, '7', big_len);
    CHECK(loa_text_normalize(lex, LOA_DIALECT_NORTH, big, big_len, &out, &n, &diag) == LOA_OK);
    free(out);
    memset(big, 'Q', big_len);
    CHECK(loa_text_normalize(lex, LOA_DIALECT_NORTH, big, big_len, &out, &n, &diag) == LOA_OK);
    free(out);
    free(big);
    /* empty input gives empty output */
    out = NULL;
    CHECK(loa_text_normalize(lex, LOA_DIALECT_NORTH, "", 0, &out, &n, &diag) == LOA_OK);
    CHECK(out != NULL && n == 0);
    free(out);
}

struct seen {
    char buf[2048];
};

static void collect(void *ctx, const loa_nsw *w)
{
    struct seen *s = ctx;
    size_t l = strlen(s->buf);

    if (w->offset + w->written_len > w->line_len ||
        memcmp(w->line_text + w->offset, w->written, w->written_len) != 0)
        snprintf(s->buf + l, sizeof s->buf - l, "bad span ");
    l = strlen(s->buf);
    snprintf(s->buf + l, sizeof s->buf - l, "%d:%d %s [%.*s] -> [%.*s]\n", w->line, w->col,
             loa_text_nsw_kind_name(w->kind), (int)w->written_len, w->written, (int)w->reading_len,
             w->reading);
}

static void test_explain(const loa_lexicon *lex)
{
    static const char in[] = "Gọi 1800.1096 trước ngày 30/11/2023.\nUBND xã đạt 18,2%";
    struct seen s = {{0}};
    char *out = NULL;
    size_t n;

    CHECK(loa_text_normalize_explain(lex, LOA_DIALECT_NORTH, in, sizeof in - 1, &out, &n,
                                     collect, &s, NULL) == LOA_OK);
    CHECK_STR(s.buf, "1:5 phone [1800.1096] -> [một tám không không, một không chín sáu]\n"
                     "1:26 date [30/11/2023] -> [ba mươi tháng mười một năm hai nghìn không "
                     "trăm hai mươi ba]\n"
                     "2:1 abbr [UBND] -> [ủy ban nhân dân]\n"
                     "2:13 percent [18,2%] -> [mười tám phẩy hai phần trăm]\n");
    free(out);
    CHECK_STR(loa_text_nsw_kind_name(LOA_NSW_DOCCODE), "doccode");
    CHECK_STR(loa_text_nsw_kind_name((loa_nsw_kind)99), "?");
    /* every kind, in order, with its reading */
    {
        static const char all[] =
            "Thứ 2, Phần IV, 42/2022/NĐ-CP, 0908.863.669, 25.000đ, 5km, dichvucong.gov.vn, "
            "a@b.vn, UBND, XQZ, Zalo, QUYẾT, &, Đề án 06, 2024-2025, 70/100, 18,2, 17:00, 3%, "
            "12, xyzzy, 25/10/2023";
        char kinds[512] = "";
        struct seen t = {{0}};
        const char *p;

        CHECK(loa_text_normalize_explain(lex, LOA_DIALECT_NORTH, all, sizeof all - 1, NULL,
                                         NULL, collect, &t, NULL) == LOA_OK);
        for (p = t.buf; (p = strchr(p, ' ')) != NULL; p = strchr(p, '\n')) {
            size_t k = strcspn(p + 1, " ");

            strncat(kinds, p, k + 1);
        }
        CHECK_STR(kinds, " ordinal roman doccode phone money unit url email abbr spelled "
                         "foreign caps symbol digits range fraction decimal time percent "
                         "number unknown date");
        CHECK(strstr(t.buf, "[XQZ] -> [ích quy dét]") != NULL);
        /* an unknown foreign word is respelled in Vietnamese syllables */
        CHECK(strstr(t.buf, "unknown [xyzzy] -> [") != NULL);
        CHECK(strstr(t.buf, "[xyzzy] -> [xyzzy]") == NULL);
    }
}

static void collect_guess(void *ctx, const loa_nsw *w)
{
    struct seen *s = ctx;
    size_t l = strlen(s->buf);

    if (w->guess != LOA_GUESS_NONE)
        snprintf(s->buf + l, sizeof s->buf - l, "%s:%.*s ", loa_text_nsw_guess_name(w->guess),
                 (int)w->written_len, w->written);
}

/* Every place the normalizer guesses is reported, with what it guessed;
 * sure readings are not. */
static void test_guesses(const loa_lexicon *lex)
{
    static const char in[] = "Đoàn XYZQ về. Dùng 5xyz mỗi ngày. Nhận hàng 12/7. Kết quả 25-11."
                             " Hộp thư 8011035 trả lời. Ứng dụng Glorpify.\n"
                             "Ngày 12/7, từ 25-11 đến 30-11, gọi 113, 5 kg, UBND, Zalo, 1/2.";
    struct seen s = {{0}};

    CHECK(loa_text_normalize_explain(lex, LOA_DIALECT_NORTH, in, sizeof in - 1, NULL, NULL,
                                     collect_guess, &s, NULL) == LOA_OK);
    CHECK_STR(s.buf, "spelled:XYZQ unit:5xyz slash:12/7 dash:25-11 phone:8011035 "
                     "foreign:Glorpify ");
    CHECK_STR(loa_text_nsw_guess_name(LOA_GUESS_NONE), "");
    CHECK_STR(loa_text_nsw_guess_name((loa_nsw_guess)99), "?");
}

/* The south changes the number words its lexicon section lists and
 * nothing else: compare every case's reading word by word. */
static void test_dialect_only(const loa_lexicon *lex, const char *path)
{
    char *text, *north, *south, *a, *b, *sa, *sb;
    size_t len, nn, ns;
    int diffs = 0, bad = 0;

    if (loa_file_read(path, &text, &len, NULL) != LOA_OK)
        return;
    CHECK(loa_text_normalize(lex, LOA_DIALECT_NORTH, text, len, &north, &nn, NULL) == LOA_OK);
    CHECK(loa_text_normalize(lex, LOA_DIALECT_SOUTH, text, len, &south, &ns, NULL) == LOA_OK);
    a = strtok_r(north, " \n", &sa);
    b = strtok_r(south, " \n", &sb);
    while (a && b) {
        if (strcmp(a, b) != 0) {
            size_t la = strlen(a), lb = strlen(b);
            int pair = (strncmp(a, "nghìn", strlen("nghìn")) == 0 &&
                        strncmp(b, "ngàn", strlen("ngàn")) == 0 &&
                        strcmp(a + strlen("nghìn"), b + strlen("ngàn")) == 0) ||
                       (strncmp(a, "linh", 4) == 0 && strncmp(b, "lẻ", strlen("lẻ")) == 0 &&
                        strcmp(a + 4, b + strlen("lẻ")) == 0);

            (void)la;
            (void)lb;
            if (!pair && bad++ < 5)
                fprintf(stderr, "south differs beyond ngàn/lẻ: '%s' vs '%s'\n", a, b);
            diffs++;
        }
        a = strtok_r(NULL, " \n", &sa);
        b = strtok_r(NULL, " \n", &sb);
    }
    CHECK(a == NULL && b == NULL);
    CHECK(bad == 0);
    CHECK(diffs > 50);
    free(north);
    free(south);
    free(text);
}

int main(void)
{
    loa_lexicon *lex = NULL;
    loa_diag diag;
    const char *cases = "tests/cases/normalize.txt";
    int n;

    loa_diag_clear(&diag);
    if (loa_text_lexicon_open(&lex, data_dir(), &diag) != LOA_OK) {
        fprintf(stderr, "cannot load the lexicon from %s: %s\n", data_dir(), diag.msg);
        return 1;
    }
    n = run_cases(lex, cases);
    fprintf(stderr, "%s: %d cases\n", cases, n);
    CHECK(n >= 400);
    test_lexicon_errors();
    test_bad_input(lex);
    test_explain(lex);
    test_guesses(lex);
    test_dialect_only(lex, cases);
    loa_text_lexicon_free(lex);
    return test_done("test_text");
}
