/* Speech EQ (biquads after Robert Bristow-Johnson's Audio EQ Cookbook),
 * equal-power crossfade gains and the bed ducking envelope. Pure: no I/O. */
#include <math.h>

#include "loa/error.h"
#include "dsp_int.h"
#include "error_int.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static void bq_set(loai_biquad *bq, double b0, double b1, double b2, double a0, double a1,
                   double a2)
{
    bq->b0 = b0 / a0;
    bq->b1 = b1 / a0;
    bq->b2 = b2 / a0;
    bq->a1 = a1 / a0;
    bq->a2 = a2 / a0;
    bq->x1 = bq->x2 = bq->y1 = bq->y2 = 0;
}

void loai_biquad_highpass(loai_biquad *bq, int rate, double fc, double q)
{
    double w = 2 * M_PI * fc / rate, c = cos(w), alpha = sin(w) / (2 * q);

    bq_set(bq, (1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

void loai_biquad_lowpass(loai_biquad *bq, int rate, double fc, double q)
{
    double w = 2 * M_PI * fc / rate, c = cos(w), alpha = sin(w) / (2 * q);

    bq_set(bq, (1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

void loai_biquad_peak(loai_biquad *bq, int rate, double fc, double q, double gain_db)
{
    double w = 2 * M_PI * fc / rate, c = cos(w), alpha = sin(w) / (2 * q);
    double a = pow(10.0, gain_db / 40.0);

    bq_set(bq, 1 + alpha * a, -2 * c, 1 - alpha * a, 1 + alpha / a, -2 * c, 1 - alpha / a);
}

void loai_biquad_allpass(loai_biquad *bq, int rate, double fc, double q)
{
    double w = 2 * M_PI * fc / rate, c = cos(w), alpha = sin(w) / (2 * q);

    bq_set(bq, 1 - alpha, -2 * c, 1 + alpha, 1 + alpha, -2 * c, 1 - alpha);
}

void loai_biquad_run(loai_biquad *bq, float *pcm, size_t n)
{
    double x1 = bq->x1, x2 = bq->x2, y1 = bq->y1, y2 = bq->y2;
    size_t i;

    for (i = 0; i < n; i++) {
        double x = pcm[i];
        double y = bq->b0 * x + bq->b1 * x1 + bq->b2 * x2 - bq->a1 * y1 - bq->a2 * y2;

        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        pcm[i] = (float)y;
    }
    /* Denormals would slow a long silence to a crawl. */
    bq->x1 = x1;
    bq->x2 = x2;
    bq->y1 = fabs(y1) < 1e-25 ? 0 : y1;
    bq->y2 = fabs(y2) < 1e-25 ? 0 : y2;
}

loa_err loai_eq_init(loai_eq *eq, int rate, double hp_hz, double presence_db, double presence_hz,
                    double lp_hz, loa_diag *diag)
{
    double nyq = rate / 2.0;

    eq->n = 0;
    if (rate <= 0 || hp_hz < 0 || lp_hz < 0 || hp_hz >= nyq || lp_hz >= nyq ||
        (presence_db != 0 && (presence_hz <= 0 || presence_hz >= nyq))) {
        loai_diag_set(diag, "speech EQ corners (high-pass %.0f Hz, presence %.0f Hz, low-pass "
                            "%.0f Hz) must lie between 0 and %.0f Hz",
                      hp_hz, presence_hz, lp_hz, nyq);
        return LOA_ERR_INVALID;
    }
    if (hp_hz > 0) {
        /* Two sections with the Butterworth Qs of a 4th-order filter:
         * 1 / (2 cos(pi/8)) and 1 / (2 cos(3 pi/8)). 24 dB/octave. */
        loai_biquad_highpass(&eq->bq[eq->n++], rate, hp_hz, 0.54119610);
        loai_biquad_highpass(&eq->bq[eq->n++], rate, hp_hz, 1.30656296);
    }
    if (presence_db != 0)
        loai_biquad_peak(&eq->bq[eq->n++], rate, presence_hz, 1.0, presence_db);
    if (lp_hz > 0)
        loai_biquad_lowpass(&eq->bq[eq->n++], rate, lp_hz, M_SQRT1_2);
    return LOA_OK;
}

void loai_eq_add_rotator(loai_eq *eq, int rate)
{
    int i;

    for (i = 0; i < 4 && eq->n < 8; i++)
        loai_biquad_allpass(&eq->bq[eq->n++], rate, 300.0, 0.7);
}

/* Two sections in one sweep: each output sample waits on its section's
 * previous output, so one section at a time leaves the CPU idle on that
 * chain; two independent chains side by side run nearly twice as fast.
 * Same arithmetic, same float rounding between the sections, as
 * loai_biquad_run on A then on B. */
void loai_biquad_run2(loai_biquad *a, loai_biquad *b, float *pcm, size_t n)
{
    double ax1 = a->x1, ax2 = a->x2, ay1 = a->y1, ay2 = a->y2;
    double bx1 = b->x1, bx2 = b->x2, by1 = b->y1, by2 = b->y2;
    size_t i;

    for (i = 0; i < n; i++) {
        double x = pcm[i], y, v;

        y = a->b0 * x + a->b1 * ax1 + a->b2 * ax2 - a->a1 * ay1 - a->a2 * ay2;
        ax2 = ax1;
        ax1 = x;
        ay2 = ay1;
        ay1 = y;
        v = (float)y;
        y = b->b0 * v + b->b1 * bx1 + b->b2 * bx2 - b->a1 * by1 - b->a2 * by2;
        bx2 = bx1;
        bx1 = v;
        by2 = by1;
        by1 = y;
        pcm[i] = (float)y;
    }
    a->x1 = ax1;
    a->x2 = ax2;
    a->y1 = fabs(ay1) < 1e-25 ? 0 : ay1;
    a->y2 = fabs(ay2) < 1e-25 ? 0 : ay2;
    b->x1 = bx1;
    b->x2 = bx2;
    b->y1 = fabs(by1) < 1e-25 ? 0 : by1;
    b->y2 = fabs(by2) < 1e-25 ? 0 : by2;
}

/* Sections A and B (B may be NULL) over N samples of V in one sweep, in
 * double between them. Each output waits on its own section's previous
 * one, so a section alone leaves the CPU idle on that chain; two side by
 * side run nearly twice as fast. The feedback through y1 is added last,
 * so the chain from one output to the next is one multiply and one add
 * (a skewed 4 x 2-lane SSE2 cascade measured no faster than this). */
static void bq_pair(loai_biquad *a, loai_biquad *b, double *v, size_t n)
{
    const double ab0 = a->b0, ab1 = a->b1, ab2 = a->b2, aa1 = a->a1, aa2 = a->a2;
    double ax1 = a->x1, ax2 = a->x2, ay1 = a->y1, ay2 = a->y2;
    size_t i;

    if (b == NULL) {
        for (i = 0; i < n; i++) {
            double x = v[i], y = (ab0 * x + ab1 * ax1 + ab2 * ax2 - aa2 * ay2) - aa1 * ay1;

            ax2 = ax1;
            ax1 = x;
            ay2 = ay1;
            ay1 = y;
            v[i] = y;
        }
    } else {
        const double bb0 = b->b0, bb1 = b->b1, bb2 = b->b2, ba1 = b->a1, ba2 = b->a2;
        double bx1 = b->x1, bx2 = b->x2, by1 = b->y1, by2 = b->y2;

        for (i = 0; i < n; i++) {
            double x = v[i], y, w;

            y = (ab0 * x + ab1 * ax1 + ab2 * ax2 - aa2 * ay2) - aa1 * ay1;
            ax2 = ax1;
            ax1 = x;
            ay2 = ay1;
            ay1 = y;
            w = (bb0 * y + bb1 * bx1 + bb2 * bx2 - ba2 * by2) - ba1 * by1;
            bx2 = bx1;
            bx1 = y;
            by2 = by1;
            by1 = w;
            v[i] = w;
        }
        /* Denormals would slow a long silence to a crawl. */
        b->x1 = fabs(bx1) < 1e-25 ? 0 : bx1;
        b->x2 = fabs(bx2) < 1e-25 ? 0 : bx2;
        b->y1 = fabs(by1) < 1e-25 ? 0 : by1;
        b->y2 = fabs(by2) < 1e-25 ? 0 : by2;
    }
    a->x1 = fabs(ax1) < 1e-25 ? 0 : ax1;
    a->x2 = fabs(ax2) < 1e-25 ? 0 : ax2;
    a->y1 = fabs(ay1) < 1e-25 ? 0 : ay1;
    a->y2 = fabs(ay2) < 1e-25 ? 0 : ay2;
}

/* The cascade in double between the sections (rounded to float once, at
 * the end), two sections a sweep. */
void loai_eq_run(loai_eq *eq, float *pcm, size_t n)
{
    double v[1024];

    while (n > 0) {
        size_t k = n < 1024 ? n : 1024, i;
        int s;

        for (i = 0; i < k; i++)
            v[i] = pcm[i];
        for (s = 0; s < eq->n; s += 2)
            bq_pair(&eq->bq[s], s + 1 < eq->n ? &eq->bq[s + 1] : NULL, v, k);
        for (i = 0; i < k; i++)
            pcm[i] = (float)v[i];
        pcm += k;
        n -= k;
    }
}

void loai_xfade_gains(size_t k, size_t n, float *fade_out, float *fade_in)
{
    /* Frame centres: the overlap never starts or ends on an exact 0 or 1,
     * so neither side jumps at the edges. */
    double t = n ? ((double)k + 0.5) / (double)n : 1.0;

    *fade_out = (float)cos(t * M_PI / 2);
    *fade_in = (float)sin(t * M_PI / 2);
}

/* A raised-cosine step in dB from 0 (X <= 0) to 1 (X >= 1). */
static double smooth(double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    return 0.5 - 0.5 * cos(x * M_PI);
}

double loai_duck_gain(const loai_duck *d, size_t u, size_t len, int prev_speech, int next_speech)
{
    double up = 1.0, down = 1.0; /* fraction of the way to unducked */

    if (prev_speech && next_speech && len < d->hold)
        return pow(10.0, -d->duck_db / 20.0);
    if (prev_speech)
        up = d->release ? smooth((double)u / (double)d->release) : 1.0;
    if (next_speech) /* frames left until speech starts */
        down = d->attack ? smooth((double)(len - u) / (double)d->attack) : 1.0;
    if (down < up)
        up = down;
    return pow(10.0, -d->duck_db * (1.0 - up) / 20.0);
}

