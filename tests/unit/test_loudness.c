/* EBU R128 meter and the true-peak limiter, measured on generated signals. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "loudness_int.h"
#include "test.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

struct cap {
    loa_audio a;
};

static loa_err cap_fn(void *ctx, const float *pcm, size_t n)
{
    return loa_audio_append(&((struct cap *)ctx)->a, pcm, n);
}

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

int main(void)
{
    const int rate = 44100;
    size_t n = (size_t)rate * 4, i, steps = 0;
    loa_audio a, quiet;
    loai_loudness l;
    loai_limiter *lim = NULL;
    struct cap cap;
    unsigned seed = 7;
    double tp, maxstep = 0;

    /* A 997 Hz sine at -20 dBFS reads -23.0 LUFS on a mono meter (BS.1770:
     * a full-scale sine in one channel is -3.01 LUFS). */
    loa_audio_init(&a, rate, 1);
    for (i = 0; i < n; i++) {
        float v = (float)(0.1 * sin(2 * M_PI * 997.0 * (double)i / rate));

        if (loa_audio_append(&a, &v, 1) != LOA_OK)
            return 1;
    }
    CHECK(loai_loudness_measure(&a, 1, &l, NULL) == LOA_OK);
    CHECK(fabs(l.integrated_lufs + 23.01) < 0.1);
    CHECK(fabs(l.true_peak_dbtp + 20.0) < 0.1);
    CHECK(fabs(l.seconds - 4.0) < 1e-9);

    loa_audio_init(&quiet, rate, 1);
    CHECK(loa_audio_append_silence(&quiet, n) == LOA_OK);
    CHECK(loai_loudness_measure(&quiet, 0, &l, NULL) == LOA_OK);
    CHECK(!(l.integrated_lufs > -70.0));
    loa_audio_clear(&quiet);

    /* Inter-sample peaks: a sine at rate/4 sampled 45 degrees off its crest
     * has samples at 0.707 of a true peak of 1.0. */
    {
        float s4[64];

        for (i = 0; i < 64; i++)
            s4[i] = (float)sin(M_PI / 2 * (double)i + M_PI / 4);
        tp = loai_true_peak(s4, 64);
        CHECK(tp > 0.95 && tp < 1.05);
    }

    /* Limiter: noise bursts 12 dB over a -1 dBTP ceiling between quiet
     * speech-like tones; x2 (+6.02 dB) gain in front. */
    for (i = 0; i < n; i++) {
        double t = (double)i / rate;
        int burst = fmod(t, 1.0) > 0.5 && fmod(t, 1.0) < 0.6;
        double v = 0.2 * sin(2 * M_PI * 440 * t);

        if (burst)
            v += 1.2 * (((double)(lcg(&seed) % 20001) - 10000.0) / 10000.0);
        a.data[i] = (float)v;
    }
    loa_audio_init(&cap.a, rate, 1);
    CHECK(loai_limiter_new(&lim, rate, 20 * log10(2.0), -1.0, 5.0, 80.0, cap_fn, &cap, NULL) == LOA_OK);
    CHECK(loai_limiter_write(lim, a.data, n / 3) == LOA_OK);
    CHECK(loai_limiter_write(lim, a.data + n / 3, n - n / 3) == LOA_OK);
    CHECK(loai_limiter_finish(lim) == LOA_OK);
    CHECK(loai_limiter_min_gain_db(lim) < -12.0);
    loai_limiter_free(lim);
    CHECK(cap.a.frames == n); /* same length, delay removed */
    tp = loai_true_peak(cap.a.data, cap.a.frames);
    CHECK(20 * log10(tp) <= -1.0 + 0.05);
    CHECK(loai_loudness_measure(&cap.a, 1, &l, NULL) == LOA_OK);
    CHECK(l.true_peak_dbtp <= -1.0 + 0.1); /* libebur128's own oversampler agrees */
    /* Away from the bursts the signal is only the x2 gain, in time. */
    for (i = rate / 4; i < rate / 2 - rate / 10; i++)
        if (fabs(cap.a.data[i] - 2.0 * a.data[i]) > 1e-5)
            steps++;
    CHECK(steps == 0);
    /* Gain moves as a ramp: the quiet tone's sample steps stay small
     * through the attack before the burst at 0.5 s. */
    for (i = rate / 2 - rate / 50; i < rate / 2; i++) {
        double s = fabs(cap.a.data[i] - cap.a.data[i - 1]);

        if (s > maxstep)
            maxstep = s;
    }
    CHECK(maxstep < 0.4 * 2 * M_PI * 440 / rate * 1.2);
    loa_audio_clear(&cap.a);

    /* The model predicts what the limiter at those gains gives, metered by
     * libebur128, from one pass; its solve lands on a wanted loudness. */
    {
        double gains[3] = {0.0, 6.0, 12.0}, pred[3], got[3], lim_db, want, g;
        loai_lmodel *m = NULL;

        CHECK(loai_lmodel_new(&m, rate, 5.0, 80.0, NULL) == LOA_OK);
        CHECK(loai_lmodel_add(m, a.data, NULL, n / 3) == LOA_OK);
        CHECK(loai_lmodel_add(m, a.data + n / 3, NULL, n - n / 3) == LOA_OK);
        CHECK(loai_lmodel_finish(m) == LOA_OK);
        /* No limiting: the model is a meter (as libebur128 reads it). */
        CHECK(loai_loudness_measure(&a, 0, &l, NULL) == LOA_OK);
        CHECK(fabs(loai_lmodel_lufs(m, 1.0, 0.0, 0.0, HUGE_VAL, NULL) - l.integrated_lufs) < 0.01);
        for (i = 0; i < 3; i++) {
            pred[i] = loai_lmodel_lufs(m, 1.0, 0.0, gains[i], -1.0, &lim_db);
            loa_audio_init(&cap.a, rate, 1);
            CHECK(loai_limiter_new(&lim, rate, gains[i], -1.0, 5.0, 80.0, cap_fn, &cap, NULL) ==
                  LOA_OK);
            CHECK(loai_limiter_write(lim, a.data, n) == LOA_OK &&
                  loai_limiter_finish(lim) == LOA_OK);
            CHECK(fabs(lim_db - loai_limiter_min_gain_db(lim)) < 1.0);
            loai_limiter_free(lim);
            CHECK(loai_loudness_measure(&cap.a, 0, &l, NULL) == LOA_OK);
            got[i] = l.integrated_lufs;
            /* Dense peaks (noise) the model reads as sparse ones: up to
             * ~1 LU loud here; the engine meters and aims again. */
            CHECK(fabs(got[i] - pred[i]) < 1.0);
            if (i > 0) /* more gain, louder, but less than 1:1 once limiting */
                CHECK(pred[i] > pred[i - 1] && pred[i] - pred[i - 1] < 6.0);
            loa_audio_clear(&cap.a);
        }
        CHECK(got[2] - got[1] < 5.0); /* the limiter really worked at +12 dB */
        want = got[1] + 2.0;
        g = loai_lmodel_solve(m, 1.0, 0.0, -1.0, want);
        CHECK(g > 6.0 && g < 12.0);
        CHECK(fabs(loai_lmodel_lufs(m, 1.0, 0.0, g, -1.0, NULL) - want) < 0.01);
        loai_lmodel_free(m);
        /* Speech-like: a 120 Hz glottal pulse train (one sharp peak every
         * 8.3 ms) ringing a 700 Hz formant, syllables every 250 ms. The
         * case the model is made for: within 0.15 LU at 0..12 dB of limiting. */
        {
            loa_audio sp;
            double ring = 0, ph = 0;

            loa_audio_init(&sp, rate, 1);
            CHECK(loa_audio_append_silence(&sp, n) == LOA_OK);
            for (i = 0; i < n; i++) {
                double t = (double)i / rate, env = fmod(t, 0.25) < 0.18 ? 1.0 : 0.0;

                if (i % (size_t)(rate / 120) == 0)
                    ring = 1.0;
                ring *= 0.9985;
                ph += 2 * M_PI * 700.0 / rate;
                sp.data[i] = (float)(0.5 * env * ring * sin(ph));
            }
            CHECK(loai_lmodel_new(&m, rate, 5.0, 80.0, NULL) == LOA_OK);
            CHECK(loai_lmodel_add(m, sp.data, NULL, n) == LOA_OK && loai_lmodel_finish(m) == LOA_OK);
            for (i = 0; i < 3; i++) {
                loa_audio_init(&cap.a, rate, 1);
                CHECK(loai_limiter_new(&lim, rate, gains[i] + 6.0, -1.0, 5.0, 80.0, cap_fn, &cap,
                                      NULL) == LOA_OK);
                CHECK(loai_limiter_write(lim, sp.data, n) == LOA_OK &&
                      loai_limiter_finish(lim) == LOA_OK);
                if (i == 2)
                    CHECK(loai_limiter_min_gain_db(lim) < -9.0);
                loai_limiter_free(lim);
                CHECK(loai_loudness_measure(&cap.a, 0, &l, NULL) == LOA_OK);
                CHECK(fabs(l.integrated_lufs -
                           loai_lmodel_lufs(m, 1.0, 0.0, gains[i] + 6.0, -1.0, NULL)) < 0.15);
                loa_audio_clear(&cap.a);
            }
            loa_audio_clear(&sp);
        }
        loai_lmodel_free(m);
        /* The bed stream alone, weighed: 0.5 is 6.02 dB down. */
        {
            float *zero = calloc(n, sizeof *zero);
            double bed;

            CHECK(zero != NULL);
            CHECK(loai_lmodel_new(&m, rate, 5.0, 80.0, NULL) == LOA_OK);
            CHECK(loai_lmodel_add(m, zero, a.data, n) == LOA_OK && loai_lmodel_finish(m) == LOA_OK);
            CHECK(loai_loudness_measure(&a, 0, &l, NULL) == LOA_OK);
            bed = loai_lmodel_lufs(m, 1.0, 1.0, 0.0, HUGE_VAL, NULL);
            CHECK(fabs(bed - l.integrated_lufs) < 0.01);
            CHECK(fabs(loai_lmodel_lufs(m, 1.0, 0.5, 0.0, HUGE_VAL, NULL) - (bed - 6.02)) < 0.01);
            CHECK(loai_lmodel_lufs(m, 1.0, 0.0, 0.0, HUGE_VAL, NULL) == -HUGE_VAL);
            free(zero);
        }
        loai_lmodel_free(m);
    }
    /* The streaming true-peak search skips groups it can prove cannot
     * hold the largest peak: its result is exactly the full search's, on
     * noise bursts over quiet speech-like tones fed in odd-sized pieces. */
    {
        loai_tp_meter *t = NULL;
        size_t pos;
        int fed = 1;

        CHECK(loai_tp_meter_new(&t) == LOA_OK);
        for (pos = 0; pos < n;) {
            size_t k = 1 + lcg(&seed) % (pos % 3 ? 40 : 3000); /* short and long pieces */

            if (k > n - pos)
                k = n - pos;
            fed &= loai_tp_meter_add(t, a.data + pos, k) == LOA_OK;
            pos += k;
        }
        CHECK(fed);
        tp = loai_true_peak(a.data, n);
        fprintf(stderr, "streaming true peak %.6f dBTP, full search %.6f dBTP\n",
                loai_tp_meter_read(t), 20 * log10(tp));
        CHECK(loai_tp_meter_read(t) == 20 * log10((float)tp));
        loai_tp_meter_free(t);
        /* The largest peak anywhere, at a block edge too: 300 short noise
         * signals with one inter-sample peak (two samples of opposite
         * sign) at a random place, fed in random pieces. */
        {
            float x[2000];
            int trial, same = 1;

            for (trial = 0; trial < 300; trial++) {
                size_t at = lcg(&seed) % 1990 + 5;

                for (i = 0; i < 2000; i++)
                    x[i] = (float)(0.1 * (((double)(lcg(&seed) % 20001) - 10000.0) / 10000.0));
                x[at] = 0.8f;
                x[at + 1] = -0.8f;
                CHECK(loai_tp_meter_new(&t) == LOA_OK);
                for (pos = 0; pos < 2000;) {
                    size_t k = 1 + lcg(&seed) % (trial % 2 ? 40 : 700);

                    if (k > 2000 - pos)
                        k = 2000 - pos;
                    fed &= loai_tp_meter_add(t, x + pos, k) == LOA_OK;
                    pos += k;
                }
                same &= loai_tp_meter_read(t) == 20 * log10((float)loai_true_peak(x, 2000));
                loai_tp_meter_free(t);
            }
            CHECK(fed && same);
        }
    }
    /* The encode pass's own meter reads as libebur128 does (integrated and
     * LRA), at both program rates: 60 s of speech-like bursts whose level
     * steps through 24 dB (an LRA of several LU), fed in odd-sized pieces. */
    {
        static const int rates[2] = {22050, 44100};
        int r;

        for (r = 0; r < 2; r++) {
            int fs = rates[r];
            size_t len = (size_t)fs * 60, pos;
            float *x = malloc(len * sizeof *x);
            loai_kmeter *km = NULL;
            loai_meter *ref = NULL;
            double ours, lra, ph = 0;
            int fed;

            CHECK(x != NULL);
            for (i = 0; i < len; i++) {
                double t = (double)i / fs, level = pow(10.0, -3.0 * floor(fmod(t, 40.0) / 5.0) / 20);

                ph += 2 * M_PI * (180.0 + 40.0 * sin(2 * M_PI * 0.5 * t)) / fs;
                x[i] = (float)(0.3 * level * (fmod(t, 0.25) < 0.18) *
                               (sin(ph) + 0.3 * (((double)(lcg(&seed) % 20001) - 10000.0) / 10000.0)));
            }
            CHECK(loai_kmeter_new(&km, fs, NULL) == LOA_OK);
            CHECK(loai_meter_new(&ref, fs, 2, NULL) == LOA_OK);
            for (pos = 0, fed = 1; pos < len;) {
                size_t k = 1 + lcg(&seed) % 5000;

                if (k > len - pos)
                    k = len - pos;
                fed &= loai_kmeter_add(km, x + pos, k) == LOA_OK &&
                       loai_meter_add(ref, x + pos, k, NULL) == LOA_OK;
                pos += k;
            }
            CHECK(fed);
            CHECK(loai_kmeter_read(km, &ours, &lra) == LOA_OK);
            CHECK(loai_meter_read(ref, &l, NULL) == LOA_OK);
            fprintf(stderr, "meter at %d Hz: %.4f LUFS LRA %.4f; libebur128 %.4f LUFS LRA %.4f\n",
                    fs, ours, lra, l.integrated_lufs, l.lra_lu);
            CHECK(fabs(ours - l.integrated_lufs) < 0.005);
            CHECK(l.lra_lu > 5.0 && fabs(lra - l.lra_lu) < 0.01);
            loai_kmeter_free(km);
            loai_meter_free(ref);
            /* Silence reads as silence, and under 3 s there is no LRA. */
            memset(x, 0, len * sizeof *x);
            CHECK(loai_kmeter_new(&km, fs, NULL) == LOA_OK);
            CHECK(loai_kmeter_add(km, x, len) == LOA_OK);
            CHECK(loai_kmeter_read(km, &ours, &lra) == LOA_OK);
            CHECK(ours == -HUGE_VAL && lra == 0);
            loai_kmeter_free(km);
            free(x);
        }
    }
    loa_audio_clear(&a);
    return test_done("test_loudness");
}
