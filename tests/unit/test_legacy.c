/* Legacy encodings: known Unicode text → TCVN3 / VNI bytes through the
 * tables, then detection and decoding must give back the exact text. The
 * expected bytes of a few letters are written by hand from the published
 * layouts, so a wrong table row fails here, not only in a round trip. */
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/legacy.h"
#include "loa/text.h"
#include "test.h"

/* From seed 000 (Công văn 5443/BTTTT-CĐSQG) and the demo bulletins. */
static const char text[] =
    "Kính thưa bà con nhân dân!\n"
    "Bộ Thông tin và Truyền thông về việc xây dựng Dự thảo Đề án đẩy mạnh công tác tuyên "
    "truyền dịch vụ công trực tuyến.\n"
    "Người chưa kích hoạt tài khoản mức độ 2 xin mang căn cước đến Công an xã, thị trấn "
    "nơi cư trú; gọi Tổng đài 1800.1096, cuộc gọi miễn phí.\n"
    "QUYẾT ĐỊNH: ỦY BAN NHÂN DÂN HUYỆN ĐẮK MIL. Giữ gìn, quý, quyết, giường, khuỷu.\n";

static void roundtrip(loa_legacy_enc enc)
{
    char *leg = NULL, *back = NULL;
    size_t ll = 0, bl = 0;
    double conf = 0;
    loa_diag d;

    CHECK(loa_legacy_encode(enc, text, strlen(text), &leg, &ll, &d) == LOA_OK);
    CHECK(leg != NULL && loa_text_check_utf8(leg, ll, NULL) != LOA_OK); /* raw bytes, not UTF-8 */
    CHECK(loa_legacy_detect(leg, ll, &conf) == enc);
    CHECK(conf > 0.9);
    CHECK(loa_legacy_decode(enc, leg, ll, &back, &bl) == LOA_OK);
    CHECK_STR(back, text);
    CHECK(bl == strlen(text));
    free(back);
    free(leg);
}

static void bytes_are(loa_legacy_enc enc, const char *u, const char *want)
{
    char *leg = NULL;
    size_t ll = 0;

    CHECK(loa_legacy_encode(enc, u, strlen(u), &leg, &ll, NULL) == LOA_OK);
    CHECK(leg != NULL && ll == strlen(want) && memcmp(leg, want, ll) == 0);
    if (leg == NULL || ll != strlen(want) || memcmp(leg, want, ll) != 0)
        fprintf(stderr, "  %s of %s wrong\n", loa_legacy_name(enc), u);
    free(leg);
}

int main(void)
{
    char *out = NULL;
    size_t n;
    double conf = 1;

    roundtrip(LOA_LEGACY_TCVN3);
    roundtrip(LOA_LEGACY_VNI);

    /* Hand-written bytes: TCVN3 "người" = ng \xAD \xEA i; "hoà" ends \xB5. */
    bytes_are(LOA_LEGACY_TCVN3, "người", "ng\xAD\xEAi");
    bytes_are(LOA_LEGACY_TCVN3, "hoà Ấp đ", "ho\xB5 \xC4p \xAE");
    bytes_are(LOA_LEGACY_TCVN3, "thưa", "th\xAD" "a");
    /* VNI: "Việt Nam" = Vi e\xE4 t; "người" = ng \xF6 \xF4\xF8 i; "VIỆT" = VIE\xC4T. */
    bytes_are(LOA_LEGACY_VNI, "Việt", "Vie\xE4t");
    bytes_are(LOA_LEGACY_VNI, "người", "ng\xF6\xF4\xF8i");
    bytes_are(LOA_LEGACY_VNI, "VIỆT ĐẮK", "VIE\xC4T \xD1" "A\xC9K");
    bytes_are(LOA_LEGACY_VNI, "thưa bà con", "th\xF6" "a ba\xF8 con");
    bytes_are(LOA_LEGACY_VNI, "kích hoạt", "k\xED" "ch hoa\xEFt");

    /* TCVN combining tone byte after a plain vowel composes (NFC). */
    CHECK(loa_legacy_decode(LOA_LEGACY_TCVN3, "ho\xB0", 3, &out, &n) == LOA_OK);
    CHECK_STR(out, "hò"); /* B0 is huyền */
    free(out);

    /* VNI pasted through a Latin-1 font, saved as UTF-8: "Kính thöa baø con". */
    {
        const char *moji = "K\xC3\xADnh th\xC3\xB6" "a ba\xC3\xB8 con nh\xC3\xA2n d\xC3\xA2n";

        CHECK(loa_legacy_detect(moji, strlen(moji), &conf) == LOA_LEGACY_VNI);
        CHECK(loa_legacy_decode(LOA_LEGACY_VNI, moji, strlen(moji), &out, &n) == LOA_OK);
        CHECK_STR(out, "Kính thưa bà con nhân dân");
        free(out);
    }
    /* Real Unicode Vietnamese, and plain ASCII, are not legacy. */
    CHECK(loa_legacy_detect(text, strlen(text), &conf) == LOA_LEGACY_NONE && conf == 0);
    CHECK(loa_legacy_detect("Bà con", 7, &conf) == LOA_LEGACY_NONE);
    CHECK(loa_legacy_detect("hello", 5, &conf) == LOA_LEGACY_NONE);
    /* A character with no code fails with its position. */
    {
        loa_diag d;

        CHECK(loa_legacy_encode(LOA_LEGACY_VNI, "ab\nc€", 7, &out, &n, &d) == LOA_ERR_TEXT);
        CHECK(d.line == 2 && d.col == 2);
    }
    return test_done("test_legacy");
}
