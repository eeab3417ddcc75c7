/* The voice reads a word the same in its old and new tone placement:
 * espeak-ng reads the new-style "ọa" (thảm họa, tọa đàm) as two syllables,
 * so loa_synth_speak moves the mark (thảm hoạ). Checked on the samples. */
#include <math.h>
#include <string.h>

#include "loa/loa.h"
#include "test.h"

static size_t samples;

static loa_err count(void *ctx, const float *pcm, size_t n)
{
    (void)ctx;
    (void)pcm;
    samples += n;
    return LOA_OK;
}

static double speak(loa_synth *syn, const char *text)
{
    samples = 0;
    CHECK(loa_synth_speak(syn, text, strlen(text), count, NULL, NULL) == LOA_OK);
    return (double)samples;
}

/* espeak-ng's samples vary by a few from one call to the next: compare
 * lengths. Misread, "họa" is 6 % shorter over this sentence. */
static int alike(double a, double b)
{
    return a > 0 && fabs(a - b) / a < 0.005;
}

int main(void)
{
    loa_synth *syn = NULL;
    double a, b;

    if (loa_synth_open(&syn, NULL, NULL) != LOA_OK)
        return TEST_SKIP;
    a = speak(syn, "Phòng chống thảm hoạ, toạ đàm. THẢM HOẠ");
    b = speak(syn, "Phòng chống thảm họa, tọa đàm. THẢM HỌA");
    fprintf(stderr, "old style %.0f, new style %.0f samples\n", a, b);
    CHECK(alike(a, b));
    /* other placements are read alike by the voice itself */
    a = speak(syn, "hoà bình, khoẻ mạnh, thuỷ lợi, Thanh Hoá");
    b = speak(syn, "hòa bình, khỏe mạnh, thủy lợi, Thanh Hóa");
    CHECK(alike(a, b));
    loa_synth_free(syn);
    return test_done("test_synth");
}
