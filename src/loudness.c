/* Loudness: EBU R128 metering through libebur128, and a look-ahead
 * true-peak limiter.
 *
 * The limiter detects peaks between samples with a 4x polyphase
 * windowed-sinc interpolator (16 taps per phase, as BS.1770-4 Annex 2
 * suggests for true-peak meters), turns each peak into the gain it needs,
 * takes the minimum of that over the look-ahead window and smooths it with
 * a box filter of the same length. A box average of window minima never
 * exceeds the gain any sample inside the window needs, so the gain has
 * reached its floor by the time the peak leaves the delay line, and it
 * moves as a straight ramp rather than a step. Recovery is exponential. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ebur128.h>

#include "internal.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define TP_HALF 8          /* taps each side of an interpolated point */
#define TP_TAPS (2 * TP_HALF)
#define TP_PHASES 4
#define OUT_BLOCK 1024

struct loa_meter {
    ebur128_state *st;
    int full;
};

static loa_err from_ebur128(int rc, const char *what, loa_diag *diag)
{
    if (rc == EBUR128_SUCCESS)
        return LOA_OK;
    loai_diag_set(diag, "libebur128: %s failed (code %d)", what, rc);
    return rc == EBUR128_ERROR_NOMEM ? LOA_ERR_NOMEM : LOA_ERR_AUDIO;
}

loa_err loa_meter_new(loa_meter **out, int rate, int full, loa_diag *diag)
{
    loa_meter *m;
    int mode = EBUR128_MODE_I;

    if (rate <= 0) {
        loai_diag_set(diag, "invalid sample rate %d", rate);
        return LOA_ERR_INVALID;
    }
    if (full)
        mode |= EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK;
    if ((m = calloc(1, sizeof *m)) == NULL)
        return LOA_ERR_NOMEM;
    m->full = full;
    if ((m->st = ebur128_init(1, (unsigned long)rate, mode)) == NULL) {
        free(m);
        loai_diag_set(diag, "libebur128: cannot create a meter for %d Hz", rate);
        return LOA_ERR_NOMEM;
    }
    /* Mono is one speaker: weight 1 (the default for channel 0 is LEFT). */
    ebur128_set_channel(m->st, 0, EBUR128_CENTER);
    *out = m;
    return LOA_OK;
}

loa_err loa_meter_add(loa_meter *m, const float *pcm, size_t n, loa_diag *diag)
{
    if (n == 0)
        return LOA_OK;
    return from_ebur128(ebur128_add_frames_float(m->st, pcm, n), "adding frames", diag);
}

loa_err loa_meter_read(loa_meter *m, loa_loudness *out, loa_diag *diag)
{
    loa_loudness r;
    double tp = 0;
    loa_err err;

    memset(&r, 0, sizeof r);
    r.true_peak_dbtp = -HUGE_VAL;
    if ((err = from_ebur128(ebur128_loudness_global(m->st, &r.integrated_lufs), "loudness",
                            diag)) != LOA_OK)
        return err;
    if (m->full) {
        if ((err = from_ebur128(ebur128_loudness_range(m->st, &r.lra_lu), "loudness range",
                                diag)) != LOA_OK ||
            (err = from_ebur128(ebur128_true_peak(m->st, 0, &tp), "true peak", diag)) != LOA_OK)
            return err;
        r.true_peak_dbtp = tp > 0 ? 20.0 * log10(tp) : -HUGE_VAL;
    }
    *out = r;
    return LOA_OK;
}

void loa_meter_free(loa_meter *m)
{
    if (m == NULL)
        return;
    ebur128_destroy(&m->st);
    free(m);
}

loa_err loa_loudness_measure(const loa_audio *a, int full, loa_loudness *out, loa_diag *diag)
{
    loa_meter *m;
    loa_err err;

    if (a->channels != 1) {
        loai_diag_set(diag, "loudness is measured on mono audio");
        return LOA_ERR_INVALID;
    }
    if ((err = loa_meter_new(&m, a->rate, full, diag)) != LOA_OK)
        return err;
    err = loa_meter_add(m, a->data, a->frames, diag);
    if (err == LOA_OK)
        err = loa_meter_read(m, out, diag);
    if (err == LOA_OK)
        out->seconds = (double)a->frames / a->rate;
    loa_meter_free(m);
    return err;
}

/* ---- true-peak interpolation ---- */

static float tp_coef[TP_PHASES][TP_TAPS];
static int tp_ready;

/* Coefficients for the points 1/4, 2/4, 3/4 of the way from sample c to
 * c + 1, from x[c - 7] .. x[c + 8]; each phase normalised to unit DC gain.
 * Computed once; the values are a pure function of the constants above. */
static void tp_init(void)
{
    int p, j;

    if (tp_ready)
        return;
    for (p = 1; p < TP_PHASES; p++) {
        double sum = 0, h[TP_TAPS];

        for (j = 0; j < TP_TAPS; j++) {
            double tau = (double)p / TP_PHASES - (double)(j - (TP_HALF - 1));
            double sinc = sin(M_PI * tau) / (M_PI * tau);
            double w = 0.42 + 0.5 * cos(M_PI * tau / TP_HALF) + 0.08 * cos(2 * M_PI * tau / TP_HALF);

            h[j] = sinc * w;
            sum += h[j];
        }
        for (j = 0; j < TP_TAPS; j++)
            tp_coef[p][j] = (float)(h[j] / sum);
    }
    tp_ready = 1;
}

/* Peak of sample W[TP_HALF - 1] and the three points after it. */
static double tp_at(const float *w)
{
    double peak = fabs(w[TP_HALF - 1]);
    int p, j;

    for (p = 1; p < TP_PHASES; p++) {
        double y = 0;

        for (j = 0; j < TP_TAPS; j++)
            y += tp_coef[p][j] * w[j];
        if (fabs(y) > peak)
            peak = fabs(y);
    }
    return peak;
}

double loa_true_peak(const float *pcm, size_t n)
{
    float w[TP_TAPS];
    double peak = 0;
    size_t i, c;
    int j;

    tp_init();
    for (c = 0; c < n; c++) {
        double v;

        for (j = 0; j < TP_TAPS; j++) {
            i = c + (size_t)j; /* index c - 7 + j, shifted by 7 to stay unsigned */
            w[j] = (i >= TP_HALF - 1 && i - (TP_HALF - 1) < n) ? pcm[i - (TP_HALF - 1)] : 0.0f;
        }
        v = tp_at(w);
        if (v > peak)
            peak = v;
    }
    return peak;
}

/* ---- limiter ---- */

struct loa_limiter {
    loa_pcm_fn fn;
    void *ctx;
    float gain;    /* linear make-up / normalisation gain */
    double ceil;   /* linear ceiling */
    double rel;    /* per-sample recovery coefficient */
    size_t d;      /* look-ahead, samples */
    float *x;      /* input ring (after GAIN), size r */
    size_t r;      /* power of two */
    size_t n;      /* samples entered, counting TP_TAPS leading zeros */
    size_t *dqi;   /* monotonic deque of (index, needed gain) */
    double *dqv;
    size_t dq_cap, dq_head, dq_len;
    double *box;   /* last d window minima */
    double box_sum;
    size_t box_pos;
    double g;      /* smoothed gain */
    double g_min;
    size_t in, emitted; /* real samples in / out */
    float out[OUT_BLOCK];
    size_t nout;
};

loa_err loa_limiter_new(loa_limiter **out, int rate, double gain_db, double ceiling_dbtp,
                        double lookahead_ms, double release_ms, loa_pcm_fn fn, void *ctx,
                        loa_diag *diag)
{
    loa_limiter *l;
    size_t i;

    if (rate <= 0 || lookahead_ms <= 0 || lookahead_ms > 100 || release_ms <= 0) {
        loai_diag_set(diag, "limiter: bad rate %d, look-ahead %.1f ms or release %.1f ms", rate,
                      lookahead_ms, release_ms);
        return LOA_ERR_INVALID;
    }
    tp_init();
    if ((l = calloc(1, sizeof *l)) == NULL)
        return LOA_ERR_NOMEM;
    l->fn = fn;
    l->ctx = ctx;
    l->gain = (float)pow(10.0, gain_db / 20.0);
    l->ceil = pow(10.0, ceiling_dbtp / 20.0);
    l->rel = exp(-1.0 / (release_ms / 1000.0 * rate));
    l->d = (size_t)(lookahead_ms / 1000.0 * rate + 0.5);
    if (l->d < 1)
        l->d = 1;
    for (l->r = 64; l->r < l->d + 2 * TP_TAPS + 2; l->r *= 2)
        ;
    l->dq_cap = l->d + 2;
    l->x = calloc(l->r, sizeof *l->x);
    l->dqi = calloc(l->dq_cap, sizeof *l->dqi);
    l->dqv = calloc(l->dq_cap, sizeof *l->dqv);
    l->box = malloc(l->d * sizeof *l->box);
    if (l->x == NULL || l->dqi == NULL || l->dqv == NULL || l->box == NULL) {
        loa_limiter_free(l);
        return LOA_ERR_NOMEM;
    }
    for (i = 0; i < l->d; i++)
        l->box[i] = 1.0;
    l->box_sum = (double)l->d;
    l->g = 1.0;
    l->g_min = 1.0;
    l->n = TP_TAPS; /* as if TP_TAPS zeros came first: the ring is zeroed */
    *out = l;
    return LOA_OK;
}

static loa_err lim_emit(loa_limiter *l, float y)
{
    loa_err err;

    l->out[l->nout++] = y;
    l->emitted++;
    if (l->nout == OUT_BLOCK) {
        l->nout = 0;
        if ((err = l->fn(l->ctx, l->out, OUT_BLOCK)) != LOA_OK)
            return err;
    }
    return LOA_OK;
}

static loa_err lim_push(loa_limiter *l, float v)
{
    size_t mask = l->r - 1, c, j, o;
    float w[TP_TAPS];
    double need, tp, m, s;

    l->x[l->n & mask] = v;
    l->n++;
    /* Sample c = n - 1 - TP_HALF now has its TP_HALF following samples. */
    c = l->n - 1 - TP_HALF;
    if (c < TP_TAPS)
        return LOA_OK;
    for (j = 0; j < TP_TAPS; j++)
        w[j] = l->x[(c - (TP_HALF - 1) + j) & mask];
    tp = tp_at(w);
    need = tp > l->ceil ? l->ceil / tp : 1.0;
    /* Window minimum of the needed gain over samples c - d .. c. */
    while (l->dq_len > 0 && l->dqv[(l->dq_head + l->dq_len - 1) % l->dq_cap] >= need)
        l->dq_len--;
    l->dqi[(l->dq_head + l->dq_len) % l->dq_cap] = c;
    l->dqv[(l->dq_head + l->dq_len) % l->dq_cap] = need;
    l->dq_len++;
    while (l->dqi[l->dq_head] + l->d < c) {
        l->dq_head = (l->dq_head + 1) % l->dq_cap;
        l->dq_len--;
    }
    m = l->dqv[l->dq_head];
    /* Box average of the last d minima: a ramp that is never above any of them. */
    l->box_sum += m - l->box[l->box_pos];
    l->box[l->box_pos] = m;
    l->box_pos = (l->box_pos + 1) % l->d;
    s = l->box_sum / (double)l->d;
    if (s > 1.0)
        s = 1.0;
    if (s <= l->g)
        l->g = s;
    else
        l->g = s + (l->g - s) * l->rel; /* recover slowly; stays below s */
    if (l->g < l->g_min)
        l->g_min = l->g;
    if (c < TP_TAPS + l->d)
        return LOA_OK;
    o = c - l->d;
    if (l->emitted >= l->in)
        return LOA_OK; /* flushing past the end */
    return lim_emit(l, (float)(l->x[o & mask] * l->g));
}

loa_err loa_limiter_write(loa_limiter *l, const float *pcm, size_t n)
{
    size_t i;
    loa_err err;

    for (i = 0; i < n; i++) {
        l->in++;
        if ((err = lim_push(l, pcm[i] * l->gain)) != LOA_OK)
            return err;
    }
    return LOA_OK;
}

loa_err loa_limiter_finish(loa_limiter *l)
{
    loa_err err;
    size_t nout;

    while (l->emitted < l->in)
        if ((err = lim_push(l, 0.0f)) != LOA_OK)
            return err;
    nout = l->nout;
    l->nout = 0;
    return nout ? l->fn(l->ctx, l->out, nout) : LOA_OK;
}

double loa_limiter_min_gain_db(const loa_limiter *l)
{
    return 20.0 * log10(l->g_min);
}

void loa_limiter_free(loa_limiter *l)
{
    if (l == NULL)
        return;
    free(l->x);
    free(l->dqi);
    free(l->dqv);
    free(l->box);
    free(l);
}
