/* UTF-8 validation positions: editors must find the bad byte. */
#include <string.h>

#include "loa/text.h"
#include "test.h"

static int at(const char *s, size_t n, int line, int col)
{
    loa_diag d;

    loa_diag_clear(&d);
    return loa_text_check_utf8(s, n, &d) == LOA_ERR_TEXT && d.line == line && d.col == col;
}

int main(void)
{
    static const char ok[] = "Dịch vụ công trực tuyến\nĐề án 06 — “VNeID” … 😀\n";
    loa_diag d;

    CHECK(loa_text_check_utf8(ok, strlen(ok), &d) == LOA_OK);
    CHECK(loa_text_check_utf8("", 0, NULL) == LOA_OK);
    CHECK(at("ab\xff", 3, 1, 3));
    CHECK(at("hồ sơ\n\xc3\x28", 11, 2, 1));      /* bad continuation */
    CHECK(at("Tân \xc0\xaf", 7, 1, 5));           /* overlong '/' */
    CHECK(at("x\xed\xa0\x80", 4, 1, 2));           /* UTF-16 surrogate */
    CHECK(at("ab\ncd\nef\xe1\xbb", 10, 3, 3));     /* truncated at end */
    CHECK(at("a\0b", 3, 1, 2));                    /* NUL byte */
    CHECK(at("\xf4\x90\x80\x80", 4, 1, 1));        /* above U+10FFFF */
    /* The message names the byte and its offset. */
    loa_text_check_utf8("ab\xfe", 3, &d);
    CHECK(strstr(d.msg, "0xFE") != NULL && strstr(d.msg, "offset 2") != NULL);
    return test_done("test_utf8");
}
