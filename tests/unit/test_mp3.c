/* MP3 encoder: decoded again by libsndfile's MP3 reader (mpg123), an
 * independent decoder, and measured. */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/mp3.h"
#include "test.h"

static int encode_sine(const char *path, int rate, int kbps, double secs, double hz)
{
    loa_mp3_opts o = {kbps, 3, "Cổng Dịch vụ công quốc gia", "Đài xã", NULL, "2026", NULL, 0};
    loa_mp3 *m = NULL;
    size_t n = (size_t)(secs * rate), i;
    float *pcm = malloc(n * sizeof *pcm);
    int ok;

    for (i = 0; i < n; i++)
        pcm[i] = 0.5f * (float)sin(2 * M_PI * hz * (double)i / rate);
    ok = loa_mp3_open(&m, path, rate, &o, NULL) == LOA_OK && loa_mp3_write(m, pcm, n, NULL) == 0 &&
         loa_mp3_finish(m, NULL) == LOA_OK;
    loa_mp3_free(m);
    free(pcm);
    return ok;
}

int main(void)
{
    char path[] = "/tmp/loa-test-mp3-XXXXXX";
    char file[64];
    SF_INFO info = {0};
    SNDFILE *sf;
    int fd = mkstemp(path);
    loa_diag d;
    loa_mp3 *m = NULL;

    close(fd);
    snprintf(file, sizeof file, "%s.mp3", path);
    unlink(path);

    CHECK(loa_mp3_bitrate_ok(44100, 64));
    CHECK(loa_mp3_bitrate_ok(22050, 48));
    CHECK(!loa_mp3_bitrate_ok(44100, 8));
    CHECK(!loa_mp3_bitrate_ok(22050, 320));
    CHECK(!loa_mp3_bitrate_ok(44100, 65));
    CHECK(!loa_mp3_bitrate_ok(44000, 64));
    CHECK(loa_mp3_open(&m, file, 44100, &(loa_mp3_opts){65, 3, 0, 0, 0, 0, 0, 0}, &d) ==
          LOA_ERR_INVALID);
    CHECK(m == NULL);
    CHECK(loa_mp3_open(&m, "/nonexistent/dir/x.mp3", 44100, NULL, &d) == LOA_ERR_IO);

    CHECK(encode_sine(file, 44100, 64, 3.0, 440.0));
    sf = sf_open(file, SFM_READ, &info);
    CHECK(sf != NULL);
    if (sf != NULL) {
        float *buf = malloc(sizeof(float) * 44100 * 4);
        sf_count_t got = sf_readf_float(sf, buf, 44100 * 4), i;
        double peak = 0;

        CHECK(info.channels == 1);
        CHECK(info.samplerate == 44100);
        /* LAME adds encoder delay and padding; the LAME tag lets decoders trim
         * it, so the decoded length is the input's to within one frame. */
        CHECK(got > 44100 * 3 - 1152 && got < 44100 * 3 + 1152 * 2);
        for (i = 0; i < got; i++)
            peak = fabs(buf[i]) > peak ? fabs(buf[i]) : peak;
        CHECK(peak > 0.4 && peak < 0.6);
        sf_close(sf);
        free(buf);
    }
    CHECK(encode_sine(file, 22050, 48, 1.0, 1000.0));
    memset(&info, 0, sizeof info);
    sf = sf_open(file, SFM_READ, &info);
    CHECK(sf != NULL && info.samplerate == 22050);
    if (sf != NULL)
        sf_close(sf);
    unlink(file);
    return test_done("test_mp3");
}
