/* The parallel MP3 encoder (threads > 1): speech-like audio (noisy tone
 * bursts with 100-400 ms pauses, and one 45 s stretch with no pause at all)
 * is encoded with one and with several threads, decoded again by ffmpeg
 * (an independent decoder) and measured: exact length, the bursts where
 * they were, silence at every pause (so at every seam), a valid LAME tag
 * describing the whole file, and the same bytes for any thread count.
 * The guard: the bursts soft-clipped loud (dense peaks just under the
 * ceiling, as a limiter leaves speech), which LAME lifts past it; with the
 * guard ffmpeg's true-peak meter finds the file under it, only some chunks
 * were encoded again, the bytes are the same for any thread count (one
 * included), and a chunk too long to keep leaves the file unchecked. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/mp3.h"
#include "verify_int.h"
#include "test.h"

#define MAXB 400
#ifndef CLIP_DRIVE
#define CLIP_DRIVE 4.0
#endif

static int srate, skbps; /* 44.1 kHz (MPEG-1, 1152-sample frames), 22.05 kHz (MPEG-2, 576) */
static size_t nsamp;
static float *pcm;
static size_t on[MAXB], off[MAXB]; /* bursts [on, off) */
static size_t nb;
static char dir[] = "/tmp/loa-test-mp3par-XXXXXX";

static uint32_t rng = 12345;
static double rnd(void) /* [0, 1) */
{
    rng = rng * 1664525u + 1013904223u;
    return (rng >> 8) / 16777216.0;
}

/* Bursts 0.3-3 s (one of 45 s) of a tone plus noise, 5 ms fades, apart by
 * 100-400 ms of -70 dBFS noise (under the -60 dBFS threshold) or zeros. */
static void make_signal(int rate, int kbps, int seconds, int long_burst)
{
    size_t t, i;

    srate = rate;
    skbps = kbps;
    nsamp = (size_t)seconds * (size_t)rate;
    t = (size_t)rate / 2;
    nb = 0;
    free(pcm);
    pcm = calloc(nsamp, sizeof *pcm);
    for (i = 0; i < nsamp; i++)
        pcm[i] = (float)((rnd() - 0.5) * 2 * 0.0003);
    while (nb < MAXB) {
        size_t len = (size_t)((0.3 + 2.7 * rnd()) * srate), fade = srate / 200, k;
        double hz = 150 + 400 * rnd(), gap;

        if (nb == 20 && long_burst)
            len = 45 * (size_t)srate; /* no pause for 45 s: one chunk of many segments */
        if (t + len + srate / 2 > nsamp)
            break;
        for (k = 0; k < len; k++) {
            double env = k < fade ? (double)k / fade : len - k < fade ? (double)(len - k) / fade : 1;

            pcm[t + k] = (float)(env * (0.25 * sin(2 * M_PI * hz * k / srate) +
                                        0.15 * (rnd() - 0.5)));
        }
        on[nb] = t;
        off[nb++] = t + len;
        gap = 0.1 + 0.3 * rnd();
        if (nb % 7 == 0)
            memset(pcm + t + len, 0, (size_t)(gap * srate) * sizeof *pcm);
        t += len + (size_t)(gap * srate);
    }
}

/* Encode the signal with THREADS, fed in blocks of varying size (seed BS);
 * with GUARD (ST not NULL) under a -1.5 dBTP ceiling, its stats in *ST. */
static int encode_guarded(const char *path, int threads, uint32_t bs, loa_mp3_stats *st)
{
    loa_mp3_opts o = {skbps, 3, "Thử nghiệm", NULL, NULL, "2026", NULL, threads, st != NULL, -1.5};
    loa_mp3 *m = NULL;
    loa_diag d;
    size_t i = 0;
    int ok = loa_mp3_open(&m, path, srate, &o, &d) == LOA_OK;

    while (ok && i < nsamp) {
        size_t n;

        bs = bs * 1103515245u + 12345u;
        n = 1 + (bs >> 8) % 20000;
        if (n > nsamp - i)
            n = nsamp - i;
        ok = loa_mp3_write(m, pcm + i, n, &d) == LOA_OK;
        i += n;
    }
    ok = ok && loa_mp3_finish(m, &d) == LOA_OK;
    if (!ok)
        fprintf(stderr, "encode %s: %s\n", path, d.msg);
    if (ok && st != NULL)
        loa_mp3_get_stats(m, st);
    loa_mp3_free(m);
    return ok;
}

static int encode(const char *path, int threads, uint32_t bs)
{
    return encode_guarded(path, threads, bs, NULL);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *b = NULL;
    long n;

    *len = 0;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (b = malloc((size_t)n)) != NULL && fread(b, 1, (size_t)n, f) == (size_t)n)
        *len = (size_t)n;
    fclose(f);
    return b;
}

/* Decode with ffmpeg into 16-bit samples; its stderr must stay empty. */
static short *decode(const char *path, size_t *got)
{
    char cmd[512], err[300];
    size_t cap = nsamp + 10 * (size_t)srate, n = 0, k;
    short *s = malloc(cap * sizeof *s);
    FILE *p;
    struct stat st;

    snprintf(err, sizeof err, "%s/ffmpeg.err", dir);
    snprintf(cmd, sizeof cmd, "ffmpeg -v error -i '%s' -f s16le -ac 1 -ar %d - 2>'%s'", path,
             srate, err);
    if ((p = popen(cmd, "r")) == NULL)
        return NULL;
    while ((k = fread(s + n, sizeof *s, cap - n, p)) > 0)
        n += k;
    CHECK(pclose(p) == 0);
    CHECK(stat(err, &st) == 0 && st.st_size == 0);
    *got = n;
    return s;
}

static double ffprobe_duration(const char *path)
{
    char cmd[512], line[100] = "";
    FILE *p;

    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -show_entries format=duration -of csv=p=0 '%s'", path);
    if ((p = popen(cmd, "r")) == NULL)
        return -1;
    if (fgets(line, sizeof line, p) == NULL)
        line[0] = '\0';
    pclose(p);
    return atof(line);
}

static unsigned crc16(const unsigned char *p, size_t n)
{
    unsigned crc = 0;

    while (n-- > 0) {
        int k;

        crc ^= *p++;
        for (k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ 0xA001 : crc >> 1;
    }
    return crc;
}

static unsigned long be(const unsigned char *p, int n)
{
    unsigned long v = 0;

    while (n-- > 0)
        v = v << 8 | *p++;
    return v;
}

/* Walk the frames after the ID3v2 tag and check the LAME tag against them:
 * frame and byte counts, delay, tag CRC and music CRC. Returns the tag's
 * frame count and sets *pad (0 on failure). */
static unsigned long check_tag(const char *path, int *pad)
{
    static const int kbps1[16] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    static const int kbps2[16] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    int mpeg1 = srate >= 32000;
    const int *kbps = mpeg1 ? kbps1 : kbps2;
    size_t side = mpeg1 ? 21 : 13; /* header and mono side info */
    size_t len, id3, pos, x, frames = 0;
    unsigned char *b = slurp(path, &len), *f;
    unsigned long tag_frames = 0;
    int ok = 1;

    *pad = -1;
    if (b == NULL || len < 400 || memcmp(b, "ID3", 3) != 0) {
        CHECK(!"an ID3v2 tag first");
        free(b);
        return 0;
    }
    id3 = 10 + (b[6] << 21 | b[7] << 14 | b[8] << 7 | b[9]);
    f = b + id3;
    for (x = 4; x < 40 && memcmp(f + x, "Info", 4) != 0; x++)
        ;
    CHECK(x == side);
    if (x != side) {
        free(b);
        return 0;
    }
    CHECK(memcmp(f + x + 120, "LAME3.100", 9) == 0);
    CHECK(be(f + x + 154, 2) == crc16(f, x + 154));
    CHECK(be(f + x + 141, 3) >> 12 == 576);
    *pad = (int)(be(f + x + 141, 3) & 0xFFF);
    tag_frames = be(f + x + 8, 4);
    CHECK(be(f + x + 12, 4) == len - id3);
    CHECK(be(f + x + 148, 4) == len - id3);
    /* Every frame a valid layer III mono header at the rate and bitrate. */
    for (pos = id3; pos + 4 <= len; frames++) {
        const unsigned char *h = b + pos;
        size_t fl;

        if (h[0] != 0xFF || (h[1] & 0xFE) != (mpeg1 ? 0xFA : 0xF2) || kbps[h[2] >> 4] != skbps ||
            (h[3] >> 6) != 3) {
            ok = 0;
            break;
        }
        fl = (size_t)(mpeg1 ? 144000 : 72000) * (size_t)skbps / (size_t)srate + ((h[2] >> 1) & 1);
        if (frames == 0)
            CHECK(be(f + x + 152, 2) == crc16(b + pos + fl, len - pos - fl));
        pos += fl;
    }
    CHECK(ok && pos == len);
    CHECK(frames == tag_frames + 1); /* the Info frame is not counted */
    free(b);
    return tag_frames;
}

/* Lag in [-32, 32] where DEC best matches the input around sample AT. */
static int best_lag(const short *dec, size_t ndec, size_t at)
{
    int lag, best = 0;
    double top = -1;

    for (lag = -32; lag <= 32; lag++) {
        double s = 0;
        size_t k;

        for (k = 0; k < 4096; k++) {
            size_t j = at + k + (size_t)lag;

            if (at + k < nsamp && j < ndec)
                s += pcm[at + k] * (double)dec[j];
        }
        if (s > top) {
            top = s;
            best = lag;
        }
    }
    return best;
}

/* Decoded length, bursts in place, silence in every pause. */
static void check_decoded(const char *path, const char *what, int max_lag)
{
    size_t n = 0, i, k, bad_lag = 0, loud_gaps = 0;
    short *dec = decode(path, &n);
    double worst = 0;

    CHECK(dec != NULL);
    if (dec == NULL)
        return;
    if (n != nsamp)
        fprintf(stderr, "%s: decoded %zu samples, input %zu\n", what, n, (size_t)nsamp);
    CHECK(n == nsamp);
    for (i = 0; i < nb; i++) {
        int lag = best_lag(dec, n, on[i]);

        if (abs(lag) > max_lag) {
            fprintf(stderr, "%s: burst %zu at %zu is %d samples off\n", what, i, on[i], lag);
            bad_lag++;
        }
    }
    CHECK(bad_lag == 0);
    /* The pauses away from the bursts' own coding noise (800 samples). */
    for (i = 0; i + 1 < nb; i++) {
        double peak = 0;

        for (k = off[i] + 800; k + 800 < on[i + 1] && k < n; k++)
            if (abs(dec[k]) > peak)
                peak = abs(dec[k]);
        peak /= 32768.0;
        if (peak > worst)
            worst = peak;
        if (peak > 0.00316) { /* -50 dBFS */
            fprintf(stderr, "%s: pause %zu..%zu peaks at %.1f dBFS\n", what, off[i], on[i + 1],
                    20 * log10(peak));
            loud_gaps++;
        }
    }
    CHECK(loud_gaps == 0);
    fprintf(stderr, "%s: %zu samples, %zu bursts, loudest pause %.1f dBFS\n", what, n, nb,
            20 * log10(worst + 1e-9));
    free(dec);
}

/* Writing to a full disk fails with LOA_ERR_IO and says so; an encoder
 * freed unfinished joins its threads (valgrind/ASan see no leak). */
static void check_errors(void)
{
    loa_mp3_opts o = {64, 3, NULL, NULL, NULL, NULL, NULL, 2, 0, 0.0};
    loa_mp3 *m = NULL;
    loa_diag d;
    loa_err err = LOA_OK;
    size_t i;
    char path[300];

    if (access("/dev/full", W_OK) == 0 && loa_mp3_open(&m, "/dev/full", srate, &o, &d) == LOA_OK) {
        for (i = 0; i + (size_t)srate <= 60 * (size_t)srate && err == LOA_OK; i += (size_t)srate)
            err = loa_mp3_write(m, pcm + i, (size_t)srate, &d);
        if (err == LOA_OK)
            err = loa_mp3_finish(m, &d);
        CHECK(err == LOA_ERR_IO);
        CHECK(strstr(d.msg, "/dev/full") != NULL);
        if (err == LOA_ERR_IO) /* sticky */
            CHECK(loa_mp3_write(m, pcm, 1000, &d) == LOA_ERR_IO);
        loa_mp3_free(m);
    }
    snprintf(path, sizeof path, "%s/unfinished.mp3", dir);
    m = NULL;
    CHECK(loa_mp3_open(&m, path, srate, &o, &d) == LOA_OK);
    if (m != NULL)
        CHECK(loa_mp3_write(m, pcm, 90 * (size_t)srate, &d) == LOA_OK);
    loa_mp3_free(m);
    unlink(path);
}

/* Encode with 1, 2 (twice, other block sizes) and 3 threads; check what
 * the decoder makes of it. */
static void round_trip(int full)
{
    char f1[300], f2[300], f2b[300], f3[300];
    unsigned char *b2, *b2b, *b3, *b1;
    size_t n1, n2, n2b, n3, fs = srate >= 32000 ? 1152 : 576;
    int pad = 0;
    unsigned long frames;
    double dur;
    char what[64];

    snprintf(f1, sizeof f1, "%s/t1.mp3", dir);
    snprintf(f2, sizeof f2, "%s/t2.mp3", dir);
    snprintf(f2b, sizeof f2b, "%s/t2b.mp3", dir);
    snprintf(f3, sizeof f3, "%s/t3.mp3", dir);
    CHECK(encode(f1, 1, 1));
    CHECK(encode(f2, 2, 2));
    CHECK(encode(f2b, 2, 3));
    CHECK(!full || encode(f3, 3, 4));

    /* Same bytes for any thread count above 1 and any block sizes; not the
     * single encoder's (the chunks were cut: the test has seams to check). */
    b1 = slurp(f1, &n1);
    b2 = slurp(f2, &n2);
    b2b = slurp(f2b, &n2b);
    b3 = full ? slurp(f3, &n3) : NULL;
    CHECK(b2 != NULL && n2 > 1000);
    CHECK(n2 == n2b && b2 && b2b && memcmp(b2, b2b, n2) == 0);
    CHECK(!full || (n2 == n3 && b2 && b3 && memcmp(b2, b3, n2) == 0));
    CHECK(b1 != NULL && (n1 != n2 || memcmp(b1, b2, n1) != 0));
    free(b1);
    free(b2);
    free(b2b);
    free(b3);

    /* Sample-exact: the bursts land where they were (the threads = 1 file
     * is allowed a sample either way: it is the reference, not the test). */
    snprintf(what, sizeof what, "%d Hz threads=1", srate);
    check_decoded(f1, what, 1);
    snprintf(what, sizeof what, "%d Hz threads=2", srate);
    check_decoded(f2, what, 0);

    /* The tag describes the whole joined file; ffprobe's duration is the
     * tag's frame count times the frame length (it does not take off the
     * delay and padding: the decoders do). */
    frames = check_tag(f2, &pad);
    CHECK(frames > 0 && frames * fs == nsamp + 576 + (size_t)pad);
    dur = ffprobe_duration(f2);
    CHECK(fabs(dur - (double)(frames * fs) / srate) < 0.001);
    CHECK(fabs(dur - (double)nsamp / srate) < 3.0 * (double)fs / srate);
    frames = check_tag(f1, &pad);
    CHECK(frames > 0 && frames * fs == nsamp + 576 + (size_t)pad);
    {
        /* Joined (loa_mp3_join): one tag for both, its music CRC the
         * frames' own (the join combines the files' CRCs without reading
         * the frames again), the last file's padding. */
        char fj[300];
        const char *two[2] = {f1, f2};
        unsigned long fr1 = check_tag(f1, &pad), fr2 = check_tag(f2, &pad), frj;
        int padj = -2;
        loa_mp3_info ij;
        loa_diag d;

        snprintf(fj, sizeof fj, "%s/joined.mp3", dir);
        CHECK(loa_mp3_join(fj, two, 2, NULL, &ij, &d) == LOA_OK);
        frj = check_tag(fj, &padj);
        CHECK(frj == fr1 + fr2 && padj == pad && ij.frames == frj);
        unlink(fj);
    }
    unlink(f1);
    unlink(f2);
    unlink(f2b);
    unlink(f3);
}

/* The true peak (KEY "Peak:") or integrated loudness ("I:") ffmpeg's EBU
 * R128 meter reads in PATH. */
static double ffmpeg_r128(const char *path, const char *key)
{
    char cmd[512], line[256];
    double peak = 99;
    FILE *p;

    snprintf(cmd, sizeof cmd, "ffmpeg -nostdin -nostats -i '%s' -af ebur128=peak=true -f null - 2>&1",
             path);
    if ((p = popen(cmd, "r")) == NULL)
        return peak;
    while (fgets(line, sizeof line, p) != NULL) {
        const char *k = strstr(line, key);

        if (k != NULL)
            peak = atof(k + strlen(key));
    }
    pclose(p);
    return peak;
}

/* The guard on loud, soft-clipped bursts (LONG_BURST: with the 45 s one). */
static void check_guard(int long_burst)
{
    char fu[300], g1[300], g2[300], g3[300], what[64];
    unsigned char *b1, *b2, *b3;
    size_t i, n1, n2, n3;
    loa_mp3_stats s1, s2, s3;
    double pu, pg, li;

    for (i = 0; i < nb; i++) { /* the bursts' peaks pressed under -2.1 dBFS */
        size_t k;

        for (k = on[i]; k < off[i]; k++)
            pcm[k] = (float)(0.78 * tanh(CLIP_DRIVE * pcm[k]));
    }
    snprintf(fu, sizeof fu, "%s/unguarded.mp3", dir);
    snprintf(g1, sizeof g1, "%s/g1.mp3", dir);
    snprintf(g2, sizeof g2, "%s/g2.mp3", dir);
    snprintf(g3, sizeof g3, "%s/g3.mp3", dir);
    CHECK(encode(fu, 2, 5));
    CHECK(encode_guarded(g1, 1, 6, &s1));
    CHECK(encode_guarded(g2, 2, 7, &s2));
    CHECK(encode_guarded(g3, 3, 8, &s3));
    b1 = slurp(g1, &n1);
    b2 = slurp(g2, &n2);
    b3 = slurp(g3, &n3);
    CHECK(b1 && b2 && b3 && n1 == n2 && n2 == n3 && memcmp(b1, b2, n1) == 0 &&
          memcmp(b2, b3, n2) == 0);
    free(b1);
    free(b2);
    free(b3);
    CHECK(s1.chunks == s2.chunks && s2.chunks == s3.chunks && s1.reencoded == s2.reencoded);
    pu = ffmpeg_r128(fu, "Peak:");
    pg = ffmpeg_r128(g2, "Peak:");
    fprintf(stderr, "guard%s: unguarded %.1f dBTP; guarded %.1f dBTP (ours %.2f), %d of %d "
                    "chunks again, energy x%.4f, checked %d\n",
            long_burst ? " (a 45 s chunk)" : "", pu, pg, s2.true_peak_dbtp, s2.reencoded, s2.chunks,
            s2.energy_ratio, s2.checked);
    CHECK(pu > -1.3); /* the test's point: LAME lifts these peaks past the ceiling */
    CHECK(s2.chunks > 3 && s2.reencoded > 0 && s2.reencoded < s2.chunks);
    CHECK(s2.energy_ratio < 1.0 && s2.energy_ratio > 0.9);
    if (long_burst) {
        CHECK(!s2.checked); /* the 45 s chunk was too long to keep */
    } else {
        CHECK(s2.checked && s2.true_peak_dbtp <= -1.5);
        CHECK(pg <= -1.5 + 0.1); /* ffmpeg's meter: 0.1 dB for its own interpolation */
        /* The loudness the guard read on the chunks' decodes is the whole
         * file's, decoded: by our meter on one decode of the file, and by
         * ffmpeg's (which prints 0.1 LU steps). */
        {
            loai_measure dm;

            CHECK(loai_measure_file(g2, &dm, NULL) == LOA_OK);
            li = ffmpeg_r128(g2, "I:");
            fprintf(stderr, "guard: decoded loudness %.4f LUFS from the chunks, %.4f from the "
                            "file, ffmpeg %.1f\n", s2.lufs, dm.lufs, li);
            CHECK(fabs(s2.lufs - dm.lufs) < 0.005 && fabs(s2.lra - dm.lra) < 0.005);
            CHECK(fabs(s1.lufs - dm.lufs) < 0.005 && fabs(s3.lufs - dm.lufs) < 0.005);
            CHECK(fabs(s2.lufs - li) <= 0.1);
        }
    }
    snprintf(what, sizeof what, "%d Hz guard", srate);
    check_decoded(g2, what, 0);
    unlink(fu);
    unlink(g1);
    unlink(g2);
    unlink(g3);
}

/* At the signal's rate (22.05 kHz: MPEG-2, 576-sample frames, where
 * libsndfile trims no delay), the loudness the guard reads on the chunks'
 * decodes is the file's, decoded by libsndfile. */
static void check_guard_loudness(void)
{
    char g[300];
    loa_mp3_stats st;
    loai_measure dm;

    snprintf(g, sizeof g, "%s/gl.mp3", dir);
    CHECK(encode_guarded(g, 2, 9, &st));
    CHECK(st.checked && st.chunks > 3);
    CHECK(loai_measure_file(g, &dm, NULL) == LOA_OK);
    fprintf(stderr, "%d Hz guard: decoded loudness %.4f LUFS from %d chunks, %.4f from the file\n",
            srate, st.lufs, st.chunks, dm.lufs);
    CHECK(fabs(st.lufs - dm.lufs) < 0.005 && fabs(st.lra - dm.lra) < 0.005);
    unlink(g);
}

int main(void)
{
    char e[320];

    if (system("ffmpeg -version >/dev/null 2>&1 && ffprobe -version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "test_mp3_par: ffmpeg/ffprobe not installed\n");
        return TEST_SKIP;
    }
    if (mkdtemp(dir) == NULL)
        return 1;
    make_signal(44100, 64, 200, 1);
    round_trip(1);
    check_errors();
    check_guard(1);
    make_signal(22050, 64, 90, 1);
    round_trip(0);
    make_signal(44100, 64, 200, 0);
    check_guard(0);
    make_signal(22050, 48, 90, 0);
    check_guard_loudness();
    snprintf(e, sizeof e, "%s/ffmpeg.err", dir);
    unlink(e);
    rmdir(dir);
    free(pcm);
    return test_done("test_mp3_par");
}
