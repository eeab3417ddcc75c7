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
    loa_mp3_opts o = {kbps, 3, "Cổng Dịch vụ công quốc gia", "Đài xã", NULL, "2026", NULL, 0, 0, 0.0};
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

/* N samples of silence holding a 1 kHz burst of LEN samples at AT (raised
 * cosine edges, so the file starts and ends quiet), encoded alone. */
static int encode_burst(const char *path, int rate, int kbps, size_t n, size_t at, size_t len)
{
    loa_mp3_opts o = {kbps, 3, NULL, NULL, NULL, NULL, NULL, 1, 0, 0.0};
    loa_mp3 *m = NULL;
    float *pcm = calloc(n, sizeof *pcm);
    size_t i;
    int ok;

    for (i = 0; i < len; i++) {
        size_t e = i < len - 1 - i ? i : len - 1 - i; /* to the nearer edge */
        double g = e < 64 ? 0.5 - 0.5 * cos(M_PI * (double)e / 64.0) : 1.0;

        pcm[at + i] = (float)(0.5 * g * sin(2 * M_PI * 1000.0 * (double)i / rate));
    }
    ok = loa_mp3_open(&m, path, rate, &o, NULL) == LOA_OK && loa_mp3_write(m, pcm, n, NULL) == 0 &&
         loa_mp3_finish(m, NULL) == LOA_OK;
    loa_mp3_free(m);
    free(pcm);
    return ok;
}

/* Decode PATH with libsndfile (mpg123): its samples in *N. */
static float *decode(const char *path, size_t *n)
{
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    float *buf;

    *n = 0;
    if (sf == NULL)
        return NULL;
    buf = malloc(sizeof(float) * (size_t)(info.frames > 0 ? info.frames : 1) + 4 * 44100);
    if (buf != NULL)
        *n = (size_t)sf_readf_float(sf, buf, info.frames + 44100);
    sf_close(sf);
    return buf;
}

/* The first sample of PCM[from..to) louder than 0.05, or TO. */
static size_t onset(const float *pcm, size_t from, size_t to)
{
    while (from < to && fabsf(pcm[from]) < 0.05f)
        from++;
    return from;
}

static float peak_of(const float *pcm, size_t from, size_t to)
{
    float m = 0;

    for (; from < to; from++)
        m = fabsf(pcm[from]) > m ? fabsf(pcm[from]) : m;
    return m;
}

/* X within 40 samples after WANT (the burst's 64-sample fade-in reaches
 * 0.05 after ~20). */
static void within(size_t x, size_t want)
{
    CHECK(x + 4 >= want && x < want + 40);
    if (!(x + 4 >= want && x < want + 40))
        fprintf(stderr, "  onset %zu, want %zu\n", x, want);
}

/* Joining: frames of files encoded apart, one stream, sample-exact. */
static void test_join(const char *base, int rate, int kbps)
{
    char a[80], b[80], j[80];
    const char *ab[2] = {a, b};
    loa_mp3_info ia, ib, ij;
    loa_diag d;
    size_t na = (size_t)rate * 2 + 123, nb = (size_t)rate + 777, n, nj;
    float *pa, *pj;

    snprintf(a, sizeof a, "%s-a.mp3", base);
    snprintf(b, sizeof b, "%s-b.mp3", base);
    snprintf(j, sizeof j, "%s-j.mp3", base);
    CHECK(encode_burst(a, rate, kbps, na, (size_t)rate / 2, (size_t)rate / 2));
    CHECK(encode_burst(b, rate, kbps, nb, (size_t)rate / 4, (size_t)rate / 4));
    CHECK(loa_mp3_join(j, (const char *[]){a}, 1, NULL, &ia, &d) == LOA_OK);
    CHECK(loa_mp3_join(j, (const char *[]){b}, 1, NULL, &ib, &d) == LOA_OK);
    CHECK(loa_mp3_join(j, ab, 2, &(loa_mp3_opts){0, 0, "Chương trình sáng", 0, 0, 0, 0, 0, 0, 0.0}, &ij,
                       &d) == LOA_OK);
    CHECK(ij.frames == ia.frames + ib.frames);
    CHECK(ij.rate == rate);
    pa = decode(a, &n);
    pj = decode(j, &nj);
    CHECK(pa != NULL && pj != NULL);
    if (pa != NULL && pj != NULL) {
        size_t fs = rate >= 32000 ? 1152 : 576, at_b = ia.frames * fs;
        /* Without an Info tag (22.05 kHz, 48 kbps) decoders keep LAME's
         * 576 samples of delay and their own 529. */
        size_t off = kbps == 64 ? 0 : 576 + 529;

        /* An independent decoder gets the length join says. */
        CHECK(nj == ij.samples);
        if (kbps == 64) /* with an Info tag the encoder delay is trimmed: A as encoded */
            CHECK(n == na && ia.samples == na);
        /* A's burst where it was; B's at B's frames' place, each whole. */
        CHECK(onset(pj, 0, nj) == onset(pa, 0, n));
        within(onset(pj, 0, nj), (size_t)rate / 2 + off);
        within(onset(pj, at_b - 64, nj), at_b + (size_t)rate / 4 + off);
        CHECK(peak_of(pj, 0, at_b) > 0.4f && peak_of(pj, at_b, nj) > 0.4f);
        /* Where they meet it is quiet: no click. */
        CHECK(peak_of(pj, at_b - (size_t)rate / 5, at_b + (size_t)rate / 5) < 0.001f);
        CHECK(nj + 2 * fs >= n + nb && nj <= n + nb + 3 * fs);
    }
    free(pa);
    free(pj);
    unlink(a);
    unlink(b);
    unlink(j);
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
    CHECK(loa_mp3_open(&m, file, 44100, &(loa_mp3_opts){65, 3, 0, 0, 0, 0, 0, 0, 0, 0.0}, &d) ==
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
        CHECK(loa_mp3_join(out, (const char *[]){file}, 1, &t, NULL, &d) == LOA_OK);
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
        CHECK(loa_mp3_join(file, (const char *[]){out}, 1, &t, NULL, &d) == LOA_OK);
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
        CHECK(loa_mp3_join(out, (const char *[]){"/nonexistent/x.mp3"}, 1, &t, NULL, &d) == LOA_ERR_IO);
        CHECK(strstr(d.msg, "/nonexistent/x.mp3") != NULL && access(out, F_OK) != 0);
    }
    unlink(file);

    test_join(path, 44100, 64);
    test_join(path, 22050, 48); /* no Info frame fits: none is written, none joined */
    {
        char a[80], b[80], j[80];

        /* Files of other settings cannot be joined: an error naming one, no file. */
        snprintf(a, sizeof a, "%s-a.mp3", path);
        snprintf(b, sizeof b, "%s-b.mp3", path);
        snprintf(j, sizeof j, "%s-j.mp3", path);
        CHECK(encode_burst(a, 44100, 64, 44100, 100, 1000));
        CHECK(encode_burst(b, 44100, 96, 44100, 100, 1000));
        CHECK(loa_mp3_join(j, (const char *[]){a, b}, 2, NULL, NULL, &d) == LOA_ERR_AUDIO);
        CHECK(strstr(d.msg, b) != NULL && access(j, F_OK) != 0);
        /* Nor what is not MP3 at all. */
        CHECK(loa_mp3_join(j, (const char *[]){a, "tests/unit/test_mp3.c"}, 2, NULL, NULL, &d) ==
              LOA_ERR_AUDIO);
        CHECK(strstr(d.msg, "test_mp3.c") != NULL && access(j, F_OK) != 0);
        unlink(a);
        unlink(b);
    }
    return test_done("test_mp3");
}
