/* Speech EQ, crossfade gains, ducking envelope and the profile table. */
#include <math.h>
#include <stdlib.h>

#include "loa/error.h"
#include "loa/profile.h"
#include "dsp_int.h"
#include "test.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Gain (dB) of EQ at F Hz for RATE Hz audio, measured on a sine in steady state. */
static double eq_gain_db(int rate, double hp, double pres, double lp, double f)
{
    size_t n = (size_t)rate, i, skip = (size_t)rate / 4;
    float *x = malloc(n * sizeof *x);
    double in = 0, out = 0;
    loai_eq eq;

    if (x == NULL || loai_eq_init(&eq, rate, hp, pres, 3000, lp, NULL) != LOA_OK) {
        free(x);
        return 999;
    }
    for (i = 0; i < n; i++)
        x[i] = (float)(0.5 * sin(2 * M_PI * f * (double)i / rate));
    for (i = skip; i < n; i++)
        in += (double)x[i] * x[i];
    loai_eq_run(&eq, x, n / 2); /* in two calls: state must carry over */
    loai_eq_run(&eq, x + n / 2, n - n / 2);
    for (i = skip; i < n; i++)
        out += (double)x[i] * x[i];
    free(x);
    return 10 * log10(out / in);
}

/* Gain (dB) of the phase rotator alone at F Hz. */
static double rot_gain_db(int rate, double f)
{
    size_t n = (size_t)rate, i, skip = (size_t)rate / 4;
    float *x = malloc(n * sizeof *x);
    double in = 0, out = 0;
    loai_eq eq;

    if (x == NULL || loai_eq_init(&eq, rate, 0, 0, 0, 0, NULL) != LOA_OK) {
        free(x);
        return 999;
    }
    loai_eq_add_rotator(&eq, rate);
    for (i = 0; i < n; i++)
        x[i] = (float)(0.5 * sin(2 * M_PI * f * (double)i / rate));
    for (i = skip; i < n; i++)
        in += (double)x[i] * x[i];
    loai_eq_run(&eq, x, n);
    for (i = skip; i < n; i++)
        out += (double)x[i] * x[i];
    free(x);
    return 10 * log10(out / in);
}

int main(void)
{
    const loa_profile *p;
    loai_eq eq;
    loai_duck d = {18.0, 400, 600, 1000};
    int rates[] = {44100, 22050}, r;
    size_t k;

    /* Profiles by name, with the numbers the design asks for. */
    p = loa_profile_find(NULL);
    CHECK(p != NULL && strcmp(p->name, "default") == 0);
    CHECK(p->target_lufs == -16.0 && p->ceiling_dbtp == -1.5 && p->rate == 44100 &&
          p->bitrate_kbps == 64);
    p = loa_profile_find("broadcast");
    CHECK(p != NULL && p->target_lufs == -23.0 && p->ceiling_dbtp == -1.0);
    p = loa_profile_find("horn");
    CHECK(p != NULL && p->target_lufs == -14.0 &&
          p->highpass_hz > loa_profile_find("default")->highpass_hz);
    p = loa_profile_find("lowband");
    CHECK(p != NULL && p->rate == 22050 && p->bitrate_kbps == 48 && p->ceiling_dbtp == -2.0);
    CHECK(loa_profile_find("loud") == NULL);
    CHECK(loa_profile_find("") == NULL);

    /* The EQ means the same at both program rates: coefficients follow the rate. */
    for (r = 0; r < 2; r++) {
        int rate = rates[r];

        CHECK(eq_gain_db(rate, 160, 0, 0, 60) < -30.0);              /* 4th order: ~34 dB */
        CHECK(fabs(eq_gain_db(rate, 160, 0, 0, 160) + 3.0) < 0.3);    /* Butterworth corner */
        CHECK(fabs(eq_gain_db(rate, 160, 0, 0, 1000)) < 0.2);         /* pass band */
        CHECK(fabs(eq_gain_db(rate, 160, 3.0, 0, 3000) - 3.0) < 0.2); /* presence lift */
        CHECK(fabs(eq_gain_db(rate, 160, 3.0, 0, 500)) < 0.5);
        CHECK(eq_gain_db(rate, 250, 0, 0, 120) < -20.0);             /* horn corner */
        CHECK(eq_gain_db(rate, 0, 0, 5000, 9000) < -9.0);             /* low-pass */
    }
    CHECK(loai_eq_init(&eq, 22050, 160, 3, 3000, 12000, NULL) == LOA_ERR_INVALID);

    /* The phase rotator leaves the spectrum alone and evens out a lopsided
     * pulse train (a 120 Hz glottal-like pulse: sharp rise, slow decay). */
    {
        size_t n = 44100, i;
        float *x = malloc(n * sizeof *x);
        double pk0 = 0, pk1 = 0, ms0 = 0, ms1 = 0;

        CHECK(x != NULL);
        for (i = 0; x != NULL && i < n; i++) {
            double ph = fmod((double)i * 120.0 / 44100, 1.0);

            x[i] = (float)(0.5 * exp(-ph * 12.0) - 0.5 / 12.0);
        }
        for (i = n / 4; x != NULL && i < n; i++) {
            pk0 = fabs(x[i]) > pk0 ? fabs(x[i]) : pk0;
            ms0 += (double)x[i] * x[i];
        }
        CHECK(loai_eq_init(&eq, 44100, 0, 0, 0, 0, NULL) == LOA_OK);
        loai_eq_add_rotator(&eq, 44100);
        CHECK(eq.n == 4);
        if (x != NULL)
            loai_eq_run(&eq, x, n);
        for (i = n / 4; x != NULL && i < n; i++) {
            pk1 = fabs(x[i]) > pk1 ? fabs(x[i]) : pk1;
            ms1 += (double)x[i] * x[i];
        }
        fprintf(stderr, "rotator: crest %.1f dB -> %.1f dB, power %+.2f dB\n",
                20 * log10(pk0 / sqrt(ms0 / (n - n / 4))), 20 * log10(pk1 / sqrt(ms1 / (n - n / 4))),
                10 * log10(ms1 / ms0));
        CHECK(fabs(10 * log10(ms1 / ms0)) < 0.1);                       /* all-pass */
        CHECK(20 * log10(pk1 / pk0) < -1.0);                            /* lower peaks */
        free(x);
        for (r = 0; r < 2; r++) {
            static const double f[] = {100, 300, 1000, 5000};
            size_t k2;

            for (k2 = 0; k2 < 4; k2++)
                CHECK(fabs(rot_gain_db(rates[r], f[k2])) < 0.05);
        }
    }
    CHECK(loai_eq_init(&eq, 44100, 0, 0, 0, 0, NULL) == LOA_OK && eq.n == 0);

    /* loai_eq_run is the plain cascade, sample by sample through every
     * section in double, to the bit, whatever the call sizes (it runs two
     * sections side by side): 7 and 8 sections, noise and a loud tone, in
     * pieces of 1 to ~5000 samples. */
    {
        size_t n = 3 * 22050, i, pos;
        float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
        unsigned seed = 1;
        int lp, same = 1;

        CHECK(x != NULL && y != NULL);
        for (lp = 0; lp < 2 && x != NULL && y != NULL; lp++) {
            loai_eq ref;

            CHECK(loai_eq_init(&eq, 22050, 250, 3, 3000, lp ? 7000 : 0, NULL) == LOA_OK);
            loai_eq_add_rotator(&eq, 22050);
            CHECK(eq.n == 7 + lp);
            ref = eq;
            for (i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                x[i] = (float)(0.3 * sin(2 * M_PI * 180 * (double)i / 22050) +
                               0.2 * ((double)(seed >> 8 & 0xffff) / 32768.0 - 1.0));
            }
            for (i = 0; i < n; i++) {
                double v = x[i];
                int k3;

                for (k3 = 0; k3 < ref.n; k3++) {
                    loai_biquad *b = &ref.bq[k3];
                    double o = (b->b0 * v + b->b1 * b->x1 + b->b2 * b->x2 - b->a2 * b->y2) -
                               b->a1 * b->y1;

                    b->x2 = b->x1;
                    b->x1 = v;
                    b->y2 = b->y1;
                    b->y1 = o;
                    v = o;
                }
                y[i] = (float)v;
            }
            for (pos = 0; pos < n;) {
                size_t k4;

                seed = seed * 1103515245u + 12345u;
                k4 = 1 + (seed >> 8) % (pos % 3 ? 40 : 5000);
                if (k4 > n - pos)
                    k4 = n - pos;
                loai_eq_run(&eq, x + pos, k4);
                pos += k4;
            }
            for (i = 0; i < n; i++)
                same &= x[i] == y[i];
        }
        CHECK(same);
        free(x);
        free(y);
    }

    /* Equal power at every frame, monotonic, no jump at either edge. */
    for (k = 0; k < 100; k++) {
        float o, i, o2, i2;

        loai_xfade_gains(k, 100, &o, &i);
        CHECK(fabs(o * o + i * i - 1.0) < 1e-6);
        if (k + 1 < 100) {
            loai_xfade_gains(k + 1, 100, &o2, &i2);
            CHECK(o2 < o && i2 > i && o - o2 < 0.02);
        }
    }

    /* Ducking: short pauses hold the duck, long ones release and ramp back
     * down before the next speech, never above unity. */
    CHECK(fabs(20 * log10(loai_duck_gain(&d, 500, 999, 1, 1)) + 18.0) < 1e-9);
    CHECK(fabs(20 * log10(loai_duck_gain(&d, 0, 5000, 1, 1)) + 18.0) < 1e-9);
    CHECK(fabs(loai_duck_gain(&d, 2500, 5000, 1, 1) - 1.0) < 1e-9);
    CHECK(fabs(loai_duck_gain(&d, 4599, 5000, 1, 1) - 1.0) < 1e-9); /* ramp not begun */
    CHECK(loai_duck_gain(&d, 4700, 5000, 1, 1) < 0.9);                 /* ramping down */
    CHECK(20 * log10(loai_duck_gain(&d, 4999, 5000, 1, 1)) < -17.9);   /* speech next */
    CHECK(fabs(loai_duck_gain(&d, 0, 5000, 0, 1) - 1.0) < 1e-9);       /* lead-in: open */
    CHECK(fabs(loai_duck_gain(&d, 4999, 5000, 1, 0) - 1.0) < 1e-9);    /* tail: open */
    return test_done("test_dsp");
}
