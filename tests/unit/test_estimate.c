/* The speaking-time estimate: counted by hand, then checked against what
 * espeak-ng really takes for a seed sentence. */
#include <math.h>
#include <string.h>

#include "loa/loa.h"
#include "loa/estimate.h"
#include "test.h"

static double spoken_seconds;

static loa_err count(void *ctx, const float *pcm, size_t n)
{
    (void)ctx;
    (void)pcm;
    spoken_seconds += (double)n / 22050.0;
    return LOA_OK;
}

int main(void)
{
    /* 11 syllables, 1 comma, 1 utterance at 150 wpm. */
    static const char s1[] = "Kính thưa bà con, dịch vụ công trực tuyến nhanh chóng.";
    /* Seed 002: "Tỷ lệ hồ sơ điện tử nộp trực tuyến do người dân tự thực hiện mới chỉ
     * đạt mười tám phẩy hai phần trăm." — 24 syllables, 1 utterance. */
    static const char s2[] = "Tỷ lệ hồ sơ điện tử nộp trực tuyến do người dân tự thực hiện mới "
                             "chỉ đạt mười tám phẩy hai phần trăm.";
    loa_synth *syn = NULL;
    double e;

    CHECK(fabs(loa_estimate_seconds(s1, strlen(s1), 150) -
               (11 * 0.2645 + 0.26 + 0.40)) < 1e-9);
    CHECK(fabs(loa_estimate_seconds(s1, strlen(s1), 300) -
               (11 * 0.2645 + 0.26 + 0.40) / 2) < 1e-9);
    CHECK(loa_estimate_seconds("", 0, 150) == 0.0);
    CHECK(loa_estimate_seconds(" \n \n", 4, 150) == 0.0);
    /* Two lines are two utterances. */
    CHECK(fabs(loa_estimate_seconds("một\nhai", 9, 150) - 2 * (0.2645 + 0.40)) < 1e-9);

    if (loa_synth_open(&syn, NULL, NULL) != LOA_OK)
        return TEST_SKIP;
    CHECK(loa_synth_speak(syn, s2, strlen(s2), count, NULL, NULL) == LOA_OK);
    e = loa_estimate_seconds(s2, strlen(s2), 150);
    fprintf(stderr, "estimate %.2f s, espeak-ng %.2f s\n", e, spoken_seconds);
    CHECK(fabs(e - spoken_seconds) / spoken_seconds < 0.15);
    loa_synth_free(syn);
    return test_done("test_estimate");
}
