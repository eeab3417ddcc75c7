/* MP3 encoder: decoded again by libsndfile's MP3 reader (mpg123), an
 * independent decoder, and measured. */
#define _GNU_SOURCE /* memmem */
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

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *b = NULL;
    long len;

    if (fp == NULL)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) > 0 && fseek(fp, 0, SEEK_SET) == 0 &&
        (b = malloc((size_t)len)) != NULL && fread(b, 1, (size_t)len, fp) != (size_t)len) {
        free(b);
        b = NULL;
    }
    *n = b ? (size_t)len : 0;
    fclose(fp);
    return b;
}

static size_t id3_size(const unsigned char *b, size_t n)
{
    return n >= 10 && memcmp(b, "ID3", 3) == 0
               ? 10 + ((size_t)b[6] << 21 | (size_t)b[7] << 14 | (size_t)b[8] << 7 | b[9])
               : 0;
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

    /* Re-tagging: the same MPEG audio under another station's title. */
    {
        char out[80];
        loa_mp3_opts t;
        size_t na, nb, ta, tb;
        unsigned char *a = slurp(file, &na), *b;
        /* "Đài xã B" in UTF-16LE after a BOM, as LAME writes TIT2 */
        static const unsigned char want[] = {0xFF, 0xFE, 0x10, 0x01, 0xE0, 0, 'i', 0,
                                             ' ', 0, 'x', 0, 0xE3, 0, ' ', 0, 'B', 0};

        memset(&t, 0, sizeof t);
        t.title = "Đài xã B";
        t.artist = "Đài truyền thanh xã B";
        snprintf(out, sizeof out, "%s.retag.mp3", path);
        CHECK(loa_mp3_retag(file, out, &t, &d) == LOA_OK);
        b = slurp(out, &nb);
        CHECK(a != NULL && b != NULL);
        if (a != NULL && b != NULL) {
            ta = id3_size(a, na);
            tb = id3_size(b, nb);
            CHECK(ta > 0 && tb > 0);
            CHECK(na - ta == nb - tb && memcmp(a + ta, b + tb, na - ta) == 0);
            CHECK(memmem(b, tb, want, sizeof want) != NULL);
            CHECK(memmem(b, tb, "TIT2", 4) != NULL && memmem(b, tb, "TPE1", 4) != NULL);
            CHECK(memmem(b, tb, "TYER", 4) == NULL); /* only what was given */
        }
        free(b);
        /* No text: LAME's tag names only the encoder; the audio is the same. */
        memset(&t, 0, sizeof t);
        CHECK(loa_mp3_retag(out, file, &t, &d) == LOA_OK);
        b = slurp(file, &nb);
        CHECK(b != NULL && a != NULL);
        if (a != NULL && b != NULL) {
            tb = id3_size(b, nb);
            ta = id3_size(a, na);
            CHECK(memmem(b, tb, "TIT2", 4) == NULL && memmem(b, tb, "TSSE", 4) != NULL);
            CHECK(nb - tb == na - ta && memcmp(a + ta, b + tb, na - ta) == 0);
        }
        free(b);
        free(a);
        /* A missing source: an error naming it, and no half file. */
        unlink(out);
        CHECK(loa_mp3_retag("/nonexistent/x.mp3", out, &t, &d) == LOA_ERR_IO);
        CHECK(strstr(d.msg, "/nonexistent/x.mp3") != NULL && access(out, F_OK) != 0);
    }
    unlink(file);
    return test_done("test_mp3");
}
