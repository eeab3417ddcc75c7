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
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ebur128.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "loa/loudness.h"
#include "error_int.h"
#include "loudness_int.h"

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
        mode |= EBUR128_MODE_LRA;
    if (full == 1)
        mode |= EBUR128_MODE_TRUE_PEAK;
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
    if (m->full && (err = from_ebur128(ebur128_loudness_range(m->st, &r.lra_lu),
                                       "loudness range", diag)) != LOA_OK)
        return err;
    if (m->full == 1) {
        if ((err = from_ebur128(ebur128_true_peak(m->st, 0, &tp), "true peak", diag)) != LOA_OK)
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

/* Interpolation coefficients, [tap][phase] so the three phases (and an
 * unused phase 0) run side by side in four float lanes; each detector
 * computes its own copy, so there is no process-wide state to race on. */
typedef float tp_table[TP_TAPS][TP_PHASES];

/* Coefficients for the points 1/4, 2/4, 3/4 of the way from sample c to
 * c + 1, from x[c - 7] .. x[c + 8]; each phase normalised to unit DC gain. */
static void tp_init(tp_table coef)
{
    int p, j;

    for (j = 0; j < TP_TAPS; j++)
        coef[j][0] = 0.0f;
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
            coef[j][p] = (float)(h[j] / sum);
    }
}

/* Peak of sample W[TP_HALF - 1] and the three points after it. */
static double tp_at(tp_table coef, const float *w)
{
    float y[TP_PHASES], a[TP_PHASES] = {0}, b[TP_PHASES] = {0}, c[TP_PHASES] = {0},
          d[TP_PHASES] = {0}, peak = fabsf(w[TP_HALF - 1]);
    int p, j;

    /* Four running sums, so the additions do not wait on each other. */
    for (j = 0; j < TP_TAPS; j += 4)
        for (p = 0; p < TP_PHASES; p++) {
            a[p] += coef[j][p] * w[j];
            b[p] += coef[j + 1][p] * w[j + 1];
            c[p] += coef[j + 2][p] * w[j + 2];
            d[p] += coef[j + 3][p] * w[j + 3];
        }
    for (p = 0; p < TP_PHASES; p++)
        y[p] = (a[p] + b[p]) + (c[p] + d[p]);
    for (p = 1; p < TP_PHASES; p++)
        if (fabsf(y[p]) > peak)
            peak = fabsf(y[p]);
    return peak;
}

double loa_true_peak(const float *pcm, size_t n)
{
    float w[TP_TAPS];
    double peak = 0;
    size_t i, c;
    int j;
    tp_table coef;

    tp_init(coef);
    for (c = 0; c < n; c++) {
        double v;

        for (j = 0; j < TP_TAPS; j++) {
            i = c + (size_t)j; /* index c - 7 + j, shifted by 7 to stay unsigned */
            w[j] = (i >= TP_HALF - 1 && i - (TP_HALF - 1) < n) ? pcm[i - (TP_HALF - 1)] : 0.0f;
        }
        v = tp_at(coef, w);
        if (v > peak)
            peak = v;
    }
    return peak;
}

/* ---- streaming true-peak search ----
 *
 * The largest interpolated peak (the limiter's interpolator) of a stream,
 * without interpolating everywhere: a group of TP_GROUP centres is
 * interpolated only if the largest sample in reach of its windows, times
 * the interpolator's worst-case gain (the sum of a phase's |taps|), could
 * beat the peak found so far. Once a loud peak is known almost every group
 * is skipped; the result is exactly the full search's. */
#define TP_GROUP 16

struct loai_tp_meter {
    tp_table coef;
    float l1;           /* bound: |interpolated| <= l1 * max |window| */
    float *buf;         /* TP_TAPS - 1 samples of history, then a short block */
    size_t cap;
    float peak;
};

loa_err loai_tp_meter_new(loai_tp_meter **out)
{
    loai_tp_meter *t = calloc(1, sizeof *t);
    int p, j;

    if (t == NULL)
        return LOA_ERR_NOMEM;
    tp_init(t->coef);
    t->l1 = 1.0f;
    for (p = 1; p < TP_PHASES; p++) {
        float sum = 0;

        for (j = 0; j < TP_TAPS; j++)
            sum += fabsf(t->coef[j][p]);
        if (sum > t->l1)
            t->l1 = sum;
    }
    t->l1 *= 1.0001f; /* float rounding in tp_at */
    t->cap = 4 * TP_TAPS;
    if ((t->buf = calloc(t->cap, sizeof *t->buf)) == NULL) {
        free(t);
        return LOA_ERR_NOMEM;
    }
    *out = t;
    return LOA_OK;
}

/* Centres B[TP_HALF - 1] .. B[TP_HALF - 1 + N - 1], their windows in B.
 * The group starting at G has its windows in B[G .. G + TP_GROUP + 14]:
 * within the aligned TP_GROUP-sample spans at G and G + TP_GROUP, so each
 * span's maximum is taken once. */
static void tp_scan(loai_tp_meter *t, const float *b, size_t n)
{
    size_t g, i, span = n + TP_TAPS - 1;
    float next = 0;

    for (i = 0; i < TP_GROUP && i < span; i++)
        next = fabsf(b[i]) > next ? fabsf(b[i]) : next;
    for (g = 0; g < n; g += TP_GROUP) {
        size_t k = n - g < TP_GROUP ? n - g : TP_GROUP;
        float m = next;

        next = 0;
        for (i = g + TP_GROUP; i < g + 2 * TP_GROUP && i < span; i++)
            next = fabsf(b[i]) > next ? fabsf(b[i]) : next;
        if (next > m)
            m = next;
        if (m * t->l1 <= t->peak)
            continue;
        for (i = 0; i < k; i++) {
            float v = (float)tp_at(t->coef, b + g + i);

            if (v > t->peak)
                t->peak = v;
        }
    }
}

loa_err loai_tp_meter_add(loai_tp_meter *t, const float *pcm, size_t n)
{
    const size_t h = TP_TAPS - 1;

    if (n == 0)
        return LOA_OK;
    if (n < 2 * h) { /* short: through the buffer */
        memcpy(t->buf + h, pcm, n * sizeof *pcm);
        tp_scan(t, t->buf, n); /* every centre whose window is complete */
        memmove(t->buf, t->buf + n, h * sizeof *t->buf);
        return LOA_OK;
    }
    /* The h windows that start in the history, from it and PCM's first h
     * samples; the rest in PCM where it lies (no copy of the block). */
    memcpy(t->buf + h, pcm, h * sizeof *pcm);
    tp_scan(t, t->buf, h);
    tp_scan(t, pcm, n - h);
    memcpy(t->buf, pcm + n - h, h * sizeof *pcm);
    return LOA_OK;
}

double loai_tp_meter_read(const loai_tp_meter *t)
{
    float tail[2 * TP_TAPS] = {0}, peak;
    loai_tp_meter u = *t;

    /* The last TP_HALF samples, with silence after the end. */
    memcpy(tail, t->buf, (TP_TAPS - 1) * sizeof *tail);
    tp_scan(&u, tail, TP_HALF); /* centres TP_HALF - 1 .. TP_TAPS - 2 */
    peak = u.peak;
    return peak > 0 ? 20.0 * log10(peak) : -HUGE_VAL;
}

void loai_tp_meter_free(loai_tp_meter *t)
{
    if (t == NULL)
        return;
    free(t->buf);
    free(t);
}

/* ---- limiter ----
 *
 * Centre by centre (each input sample, once the TP_HALF samples after it
 * are in): the gain its interpolated peak needs, q = min(1, ceiling /
 * (gain x peak)); the minimum of q over the look-ahead window (a monotonic
 * deque); the box average of those minima over the look-ahead; recovery.
 * The output is the sample one look-ahead back, times gain and that.
 *
 * Most of a program needs no limiting, so the work is arranged around the
 * exceptions. Centres are taken in groups; a group whose windows hold no
 * sample above skip_below (with the interpolator's largest gain, nothing
 * in them can reach the ceiling) has q = 1 everywhere without
 * interpolating. Once the last centre that needed limiting is two
 * look-aheads back, the window minima and the box are all exactly 1, so
 * the deque and box are left alone, and while the recovered gain is 1 the
 * output is the input times the gain in front: one multiply a sample. */
#define LIM_GROUP 32
#define LIM_BLOCK 4096

struct loa_limiter {
    tp_table coef;
    double scale;     /* linear gain in front */
    double ceil;      /* linear ceiling */
    double rel;       /* per-sample recovery coefficient */
    float skip_below; /* a window within this cannot need limiting */
    size_t d;         /* look-ahead, samples */
    /* Input. Index t counts TP_HALF - 1 leading zeros, so centre k (input
     * sample k) has its window at t = k .. k + TP_TAPS - 1, and input
     * sample k itself sits at t = k + TP_HALF - 1. buf holds t = base ..
     * base + len - 1. */
    float *buf;
    size_t base, len, cap;
    size_t in, emitted; /* input samples taken, output samples given */
    size_t next;        /* next centre */
    /* window minimum: a monotonic deque of centres that need limiting */
    size_t *dqi;
    double *dqq;
    size_t dq_head, dq_len;
    /* box average of the last d window minima */
    double *box, box_sum, inv_d;
    size_t box_pos;
    size_t zone_end; /* past this centre the minima and the box are all 1 */
    int zone;        /* zone_end is set */
    double g, g_min; /* gain, lowest gain */
    loa_pcm_fn fn;
    void *ctx;
    float out[OUT_BLOCK];
    size_t nout;
};

loa_err loa_limiter_new(loa_limiter **out, int rate, double gain_db, double ceiling_dbtp,
                        double lookahead_ms, double release_ms, loa_pcm_fn fn, void *ctx,
                        loa_diag *diag)
{
    loa_limiter *l;
    double l1 = 1.0;
    size_t i;
    int p, j;

    if (rate <= 0 || lookahead_ms <= 0 || lookahead_ms > 100 || release_ms <= 0) {
        loai_diag_set(diag, "limiter: bad rate %d, look-ahead %.1f ms or release %.1f ms", rate,
                      lookahead_ms, release_ms);
        return LOA_ERR_INVALID;
    }
    if ((l = calloc(1, sizeof *l)) == NULL)
        return LOA_ERR_NOMEM;
    tp_init(l->coef);
    l->scale = pow(10.0, gain_db / 20.0);
    l->ceil = pow(10.0, ceiling_dbtp / 20.0);
    l->rel = exp(-1.0 / (release_ms / 1000.0 * rate));
    l->d = (size_t)(lookahead_ms / 1000.0 * rate + 0.5);
    if (l->d < 1)
        l->d = 1;
    /* |interpolated| <= l1 x max |window| (l1: a phase's sum of |taps|),
     * so a window within ceil / (scale x l1) cannot need limiting; the
     * margin covers float rounding in tp_at. */
    for (p = 1; p < TP_PHASES; p++) {
        double sum = 0;

        for (j = 0; j < TP_TAPS; j++)
            sum += fabs(l->coef[j][p]);
        if (sum > l1)
            l1 = sum;
    }
    l->skip_below = (float)(l->ceil / (l->scale * l1 * 1.001));
    l->inv_d = 1.0 / (double)l->d;
    l->box_sum = (double)l->d;
    l->g = l->g_min = 1.0;
    l->fn = fn;
    l->ctx = ctx;
    l->cap = l->d + TP_TAPS + LIM_GROUP + LIM_BLOCK;
    if ((l->buf = calloc(l->cap, sizeof *l->buf)) == NULL ||
        (l->dqi = malloc((l->d + 2) * sizeof *l->dqi)) == NULL ||
        (l->dqq = malloc((l->d + 2) * sizeof *l->dqq)) == NULL ||
        (l->box = malloc(l->d * sizeof *l->box)) == NULL) {
        loa_limiter_free(l);
        return LOA_ERR_NOMEM;
    }
    for (i = 0; i < l->d; i++)
        l->box[i] = 1.0;
    l->len = TP_HALF - 1; /* the leading zeros */
    *out = l;
    return LOA_OK;
}

/* Largest |x| of N samples. */
static float span_max(const float *x, size_t n)
{
    float m0 = 0, m1 = 0;
    size_t i;

    for (i = 0; i + 1 < n; i += 2) {
        float a = fabsf(x[i]), b = fabsf(x[i + 1]);

        m0 = a > m0 ? a : m0;
        m1 = b > m1 ? b : m1;
    }
    if (i < n && fabsf(x[i]) > m0)
        m0 = fabsf(x[i]);
    return m0 > m1 ? m0 : m1;
}

/* Centres K .. K + N - 1 with no sample in reach above skip_below, past
 * the zone: the window minima and the box are 1, so the gain only
 * recovers (if it has not yet) and the output is the delayed input times
 * the gains. Most of a limited program is here, recovering: 1 - g is
 * carried instead of g, one multiply a sample. */
static loa_err lim_cold(loa_limiter *l, size_t k, size_t n)
{
    const float *x = l->buf + (k - l->d + TP_HALF - 1 - l->base);
    const double sc = l->scale, rel = l->rel;
    double e = 1.0 - l->g; /* how far the gain is from 1: shrinks by rel a sample */
    loa_err err;

    if (n > l->in - l->emitted)
        n = l->in - l->emitted; /* the silence after the end is not output */
    l->emitted += n;
    while (n > 0) {
        size_t c = OUT_BLOCK - l->nout < n ? OUT_BLOCK - l->nout : n, i = 0;
        float *o = l->out + l->nout;

        for (; i < c && e > 0; i++) {
            e *= rel;
            if (e < 1e-9)
                e = 0; /* as good as 1, and 1 - e would stall a rounding step short */
            o[i] = (float)(x[i] * sc * (1.0 - e));
        }
        for (; i < c; i++)
            o[i] = (float)(x[i] * sc);
        l->nout += c;
        x += c;
        n -= c;
        if (l->nout == OUT_BLOCK) {
            l->nout = 0;
            if ((err = l->fn(l->ctx, l->out, OUT_BLOCK)) != LOA_OK) {
                l->g = 1.0 - e;
                return err;
            }
        }
    }
    l->g = 1.0 - e;
    return LOA_OK;
}

/* Centres K .. K + N - 1 one by one, interpolating if HOT: each one's
 * need q = min(1, ceiling / (gain x peak)) joins the window-minimum
 * deque, the window minimum the box, and the box average pulls the gain
 * down or lets it recover. The state is worked on in locals (a chain
 * through the struct's fields would wait on memory every centre). */
static loa_err lim_centres(loa_limiter *l, size_t k, size_t n, int hot)
{
    const size_t d = l->d, cap = d + 2;
    const double sc = l->scale, ceil = l->ceil, rel = l->rel, inv_d = l->inv_d;
    const float *w = l->buf + (k - l->base);
    const float *x = l->buf + (k + TP_HALF - 1 - l->base); /* x[i - d]: the output */
    size_t *dqi = l->dqi, head = l->dq_head, len = l->dq_len, pos = l->box_pos;
    double *dqq = l->dqq, *box = l->box, box_sum = l->box_sum, g = l->g, g_min = l->g_min;
    size_t zone_end = l->zone_end, i, nout = l->nout;
    int zone = l->zone;
    loa_err err = LOA_OK;

    for (i = 0; i < n; i++, k++) {
        double q = 1.0, s = 1.0;

        if (hot) {
            double tp = tp_at(l->coef, w + i) * sc;

            if (tp > ceil)
                q = ceil / tp;
        }
        if (q < 1.0) { /* into the deque, dropping the entries it makes moot */
            size_t tail;

            while (len > 0) {
                tail = head + len - 1;
                if (tail >= cap)
                    tail -= cap;
                if (dqq[tail] < q)
                    break;
                len--;
            }
            tail = head + len;
            if (tail >= cap)
                tail -= cap;
            dqi[tail] = k;
            dqq[tail] = q;
            len++;
            zone_end = k + 2 * d;
            zone = 1;
        }
        if (zone) {
            double m;

            while (len > 0 && dqi[head] + d < k) {
                if (++head == cap)
                    head = 0;
                len--;
            }
            m = len > 0 ? dqq[head] : 1.0; /* minimum over k - d .. k */
            /* Box average of the last d minima: a ramp never above any of them. */
            box_sum += m - box[pos];
            box[pos] = m;
            if (++pos == d)
                pos = 0;
            s = box_sum * inv_d;
            if (s > 1.0)
                s = 1.0;
            if (k == zone_end) { /* the last d minima are 1: drop the sum's drift */
                zone = 0;
                box_sum = (double)d;
                s = 1.0;
            }
        }
        if (s <= g) {
            g = s;
            if (g < g_min)
                g_min = g;
        } else {
            g = s + (g - s) * rel; /* recover slowly; stays below s */
            if (s == 1.0 && g > 1.0 - 1e-9)
                g = 1.0; /* 1 - g would stall one rounding step short of 0 */
        }
        if (k >= d && l->emitted < l->in) {
            l->emitted++;
            l->out[nout++] = (float)(x[(ptrdiff_t)i - (ptrdiff_t)d] * sc * g);
            if (nout == OUT_BLOCK) {
                nout = 0;
                if ((err = l->fn(l->ctx, l->out, OUT_BLOCK)) != LOA_OK)
                    break;
            }
        }
    }
    l->dq_head = head;
    l->dq_len = len;
    l->box_pos = pos;
    l->box_sum = box_sum;
    l->g = g;
    l->g_min = g_min;
    l->zone_end = zone_end;
    l->zone = zone;
    l->nout = nout;
    return err;
}

/* Every centre whose window is in; output one look-ahead behind. Groups
 * of LIM_GROUP centres out of reach of anything loud take the cold path;
 * the others are looked at 8 centres at a time, and only the centres of a
 * hot 8 are interpolated. */
static loa_err lim_run(loa_limiter *l)
{
    size_t end = l->base + l->len; /* centres below end - (TP_TAPS - 1) are complete */
    loa_err err;

    while (l->next + TP_TAPS <= end) {
        size_t k = l->next, n = end - (TP_TAPS - 1) - k, i;
        const float *w = l->buf + (k - l->base);

        if (n > LIM_GROUP)
            n = LIM_GROUP;
        if (!(span_max(w, n + TP_TAPS - 1) > l->skip_below)) {
            if (!l->zone && k >= l->d)
                err = lim_cold(l, k, n);
            else
                err = lim_centres(l, k, n, 0);
            if (err != LOA_OK)
                return err;
        } else {
            for (i = 0; i < n; i += 8) {
                size_t m = n - i < 8 ? n - i : 8;
                int hot = span_max(w + i, m + TP_TAPS - 1) > l->skip_below;

                if ((err = lim_centres(l, k + i, m, hot)) != LOA_OK)
                    return err;
            }
        }
        l->next = k + n;
    }
    return LOA_OK;
}

/* Append N samples of PCM (NULL: zeros) and run; drop what is done with. */
static loa_err lim_feed(loa_limiter *l, const float *pcm, size_t n)
{
    const size_t lead = TP_HALF - 1;
    loa_err err;

    while (n > 0) {
        size_t k = n < LIM_BLOCK ? n : LIM_BLOCK, keep_from, drop;

        if (pcm != NULL) {
            memcpy(l->buf + l->len, pcm, k * sizeof *pcm);
            pcm += k;
        } else {
            memset(l->buf + l->len, 0, k * sizeof *l->buf);
        }
        l->len += k;
        n -= k;
        if ((err = lim_run(l)) != LOA_OK)
            return err;
        /* Still needed: the next centre's window and the next output. */
        keep_from = l->next;
        if (l->next >= l->d && l->next - l->d + lead < keep_from)
            keep_from = l->next - l->d + lead;
        else if (l->next < l->d)
            keep_from = 0;
        drop = keep_from - l->base;
        if (drop > 0) {
            memmove(l->buf, l->buf + drop, (l->len - drop) * sizeof *l->buf);
            l->base += drop;
            l->len -= drop;
        }
    }
    return LOA_OK;
}

loa_err loa_limiter_write(loa_limiter *l, const float *pcm, size_t n)
{
    l->in += n;
    return lim_feed(l, pcm, n);
}

loa_err loa_limiter_finish(loa_limiter *l)
{
    loa_err err;
    size_t nout;

    /* Silence after the end: the last sample's gain is known once the
     * centre one look-ahead later has its window. */
    if ((err = lim_feed(l, NULL, l->d + TP_HALF)) != LOA_OK)
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
    free(l->buf);
    free(l->dqi);
    free(l->dqq);
    free(l->box);
    free(l);
}

/* ---- the loudness model ----
 *
 * What the limiter will do to a program's loudness at any gain, from one
 * pass over it (the engine's first), so the encode pass can run at the
 * right gain without a probe pass. The audio is cut into sub-blocks of
 * about 5 ms (the look-ahead), SUBS to each 100 ms hop of the BS.1770
 * gating; each keeps the K-weighted energy of the foreground and of the
 * bed and their cross term, and the peak of each. For a gain G, a bed
 * weight B and a ceiling C, each sub-block needs min(1, C / (G peak)); the
 * limiter's ramp (window minimum, box average) spreads that over the
 * neighbours and its release recovers exponentially, as in the limiter,
 * one sub-block at a time. The gain moves slowly next to the K filter, so
 * K(g x) ~ g K(x), and the hop energies are gated as BS.1770 gates
 * 400 ms blocks. A model: the encode pass meters what it really made
 * (libebur128) and aims again if it missed. */
#define SUBS 20

struct kw {
    double b[5], a[5], v[5];
};

static void kw_init(struct kw *k, int rate)
{
    double f0 = 1681.974450955533, g = 3.999843853973347, q = 0.7071752369554196;
    double kk = tan(M_PI * f0 / rate), vh = pow(10.0, g / 20.0), vb = pow(vh, 0.4996667741545416);
    double a0 = 1.0 + kk / q + kk * kk;
    double pb[3], pa[3], rb[3] = {1.0, -2.0, 1.0}, ra[3];

    pb[0] = (vh + vb * kk / q + kk * kk) / a0;
    pb[1] = 2.0 * (kk * kk - vh) / a0;
    pb[2] = (vh - vb * kk / q + kk * kk) / a0;
    pa[0] = 1.0;
    pa[1] = 2.0 * (kk * kk - 1.0) / a0;
    pa[2] = (1.0 - kk / q + kk * kk) / a0;
    f0 = 38.13547087602444;
    q = 0.5003270373238773;
    kk = tan(M_PI * f0 / rate);
    ra[0] = 1.0;
    ra[1] = 2.0 * (kk * kk - 1.0) / (1.0 + kk / q + kk * kk);
    ra[2] = (1.0 - kk / q + kk * kk) / (1.0 + kk / q + kk * kk);
    /* the two stages as one fourth-order filter, direct form II */
    k->b[0] = pb[0] * rb[0];
    k->b[1] = pb[0] * rb[1] + pb[1] * rb[0];
    k->b[2] = pb[0] * rb[2] + pb[1] * rb[1] + pb[2] * rb[0];
    k->b[3] = pb[1] * rb[2] + pb[2] * rb[1];
    k->b[4] = pb[2] * rb[2];
    k->a[0] = 1.0;
    k->a[1] = pa[0] * ra[1] + pa[1] * ra[0];
    k->a[2] = pa[0] * ra[2] + pa[1] * ra[1] + pa[2] * ra[0];
    k->a[3] = pa[1] * ra[2] + pa[2] * ra[1];
    k->a[4] = pa[2] * ra[2];
    memset(k->v, 0, sizeof k->v);
}

/* Run N samples of X through K's filter into Y. */
static void kw_out(struct kw *k, const float *x, size_t n, double *y)
{
    const double a1 = k->a[1], a2 = k->a[2], a3 = k->a[3], a4 = k->a[4];
    const double b0 = k->b[0], b1 = k->b[1], b2 = k->b[2], b3 = k->b[3], b4 = k->b[4];
    double v1 = k->v[1], v2 = k->v[2], v3 = k->v[3], v4 = k->v[4];
    size_t i;

    for (i = 0; i < n; i++) {
        /* the feedback through v1 last: a short chain from one sample to the next */
        double v0 = ((double)x[i] - a4 * v4 - a3 * v3 - a2 * v2) - a1 * v1;

        y[i] = b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3 + b4 * v4;
        v4 = v3;
        v3 = v2;
        v2 = v1;
        v1 = v0;
    }
    /* No denormals in a long silence (within one call the state cannot
     * decay from 1e-30 that far). */
    k->v[1] = fabs(v1) < 1e-30 ? 0.0 : v1;
    k->v[2] = fabs(v2) < 1e-30 ? 0.0 : v2;
    k->v[3] = fabs(v3) < 1e-30 ? 0.0 : v3;
    k->v[4] = fabs(v4) < 1e-30 ? 0.0 : v4;
}

/* Run N samples of X through K's filter; the sum of the squares out (as
 * kw_out, without storing the output). */
static double kw_energy(struct kw *k, const float *x, size_t n)
{
    const double a1 = k->a[1], a2 = k->a[2], a3 = k->a[3], a4 = k->a[4];
    const double b0 = k->b[0], b1 = k->b[1], b2 = k->b[2], b3 = k->b[3], b4 = k->b[4];
    double v1 = k->v[1], v2 = k->v[2], v3 = k->v[3], v4 = k->v[4], e = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        double v0 = ((double)x[i] - a4 * v4 - a3 * v3 - a2 * v2) - a1 * v1;
        double y = b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3 + b4 * v4;

        e += y * y;
        v4 = v3;
        v3 = v2;
        v2 = v1;
        v1 = v0;
    }
    k->v[1] = fabs(v1) < 1e-30 ? 0.0 : v1;
    k->v[2] = fabs(v2) < 1e-30 ? 0.0 : v2;
    k->v[3] = fabs(v3) < 1e-30 ? 0.0 : v3;
    k->v[4] = fabs(v4) < 1e-30 ? 0.0 : v4;
    return e;
}


struct sub {
    float ef, eb, efb; /* K-weighted energies: foreground, bed, cross */
    float pf, pb;      /* peaks: foreground (interpolated), bed (sample) */
    unsigned short n;  /* frames */
};

struct loai_lmodel {
    int rate;
    size_t d;           /* look-ahead, frames */
    double rel;         /* per-frame recovery */
    size_t hop, base;   /* frames a hop, a sub-block (the hop's last takes the rest) */
    struct kw kf, kb;
    tp_table coef;
    struct sub *sub;
    size_t nsub, cap;
    struct sub cur;     /* being filled */
    double cef, ceb, cefb;
    size_t k;           /* sub-block index in the hop */
    /* the foreground's last frames, mirrored, for interpolating around a
     * sub-block's largest sample once the samples after it are in */
    float ring[2 * 1024];
    size_t n, amax;     /* frames in; the current sub-block's largest */
    float vmax;
    int pending;        /* a closed sub-block waits for its peak */
    size_t pend_sub, pend_at;
};

loa_err loai_lmodel_new(loai_lmodel **out, int rate, double lookahead_ms, double release_ms,
                        loa_diag *diag)
{
    loai_lmodel *m;

    if (rate < 8000 || lookahead_ms <= 0 || release_ms <= 0) {
        loai_diag_set(diag, "loudness model: bad rate %d, look-ahead %.1f ms or release %.1f ms",
                      rate, lookahead_ms, release_ms);
        return LOA_ERR_INVALID;
    }
    if ((m = calloc(1, sizeof *m)) == NULL)
        return LOA_ERR_NOMEM;
    m->rate = rate;
    m->d = (size_t)(lookahead_ms / 1000.0 * rate + 0.5);
    m->rel = exp(-1.0 / (release_ms / 1000.0 * rate));
    m->hop = ((size_t)rate + 5) / 10;
    m->base = m->hop / SUBS;
    kw_init(&m->kf, rate);
    kw_init(&m->kb, rate);
    tp_init(m->coef);
    *out = m;
    return LOA_OK;
}

/* The interpolated peak around frame A: the points between A - 1 and
 * A + 1, with the samples on either side. */
static float ring_peak(loai_lmodel *m, size_t a)
{
    const size_t mask = 1023;
    float p = 0;
    size_t c;

    for (c = a >= 1 ? a - 1 : 0; c <= a; c++) {
        float v;

        if (c < TP_HALF - 1)
            continue; /* the start: the sample alone is the peak */
        v = (float)tp_at(m->coef, m->ring + ((c - (TP_HALF - 1)) & mask));
        if (v > p)
            p = v;
    }
    return p;
}

static loa_err close_sub(loai_lmodel *m)
{
    if (m->nsub == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 4096;
        struct sub *s = realloc(m->sub, cap * sizeof *s);

        if (s == NULL)
            return LOA_ERR_NOMEM;
        m->sub = s;
        m->cap = cap;
    }
    m->cur.ef = (float)m->cef;
    m->cur.eb = (float)m->ceb;
    m->cur.efb = (float)m->cefb;
    m->cur.pf = m->vmax;
    m->sub[m->nsub] = m->cur;
    if (m->vmax > 0) { /* interpolate once the samples after the largest are in */
        m->pending = 1;
        m->pend_sub = m->nsub;
        m->pend_at = m->amax + TP_HALF + 1;
    }
    m->nsub++;
    memset(&m->cur, 0, sizeof m->cur);
    m->cef = m->ceb = m->cefb = 0;
    m->vmax = 0;
    return LOA_OK;
}

static void settle(loai_lmodel *m)
{
    if (m->pending && m->n >= m->pend_at) {
        float p = ring_peak(m, m->pend_at - TP_HALF - 1);

        if (p > m->sub[m->pend_sub].pf)
            m->sub[m->pend_sub].pf = p;
        m->pending = 0;
    }
}

/* Append N foreground samples to the interpolation ring. */
static void ring_put(loai_lmodel *m, const float *fg, size_t n)
{
    while (n > 0) {
        size_t at = m->n & 1023, k = 1024 - at < n ? 1024 - at : n;

        memcpy(m->ring + at, fg, k * sizeof *fg);
        memcpy(m->ring + at + 1024, fg, k * sizeof *fg);
        m->n += k;
        fg += k;
        n -= k;
    }
}

/* A sub-block at a time: its energies through block K filters, its
 * largest sample, the ring. */
loa_err loai_lmodel_add(loai_lmodel *m, const float *fg, const float *bed, size_t n)
{
    double yf[256], yb[256];
    loa_err err;

    while (n > 0) {
        size_t len = m->k + 1 < SUBS ? m->base : m->hop - m->base * (SUBS - 1);
        size_t k = len - m->cur.n < n ? len - m->cur.n : n, i, im = 0;
        float vm = 0;

        for (i = 0; i < k; i++) { /* the first largest, as the running maximum had it */
            float a = fabsf(fg[i]);

            vm = a > vm ? a : vm;
        }
        if (vm > m->vmax) {
            while (fabsf(fg[im]) != vm)
                im++;
            m->vmax = vm;
            m->amax = m->n + im;
        }
        if (bed == NULL) {
            m->cef += kw_energy(&m->kf, fg, k);
        } else {
            for (i = 0; i < k; i += 256) {
                size_t c = k - i < 256 ? k - i : 256, j;

                kw_out(&m->kf, fg + i, c, yf);
                kw_out(&m->kb, bed + i, c, yb);
                for (j = 0; j < c; j++) {
                    float b = fabsf(bed[i + j]);

                    m->cef += yf[j] * yf[j];
                    m->ceb += yb[j] * yb[j];
                    m->cefb += yf[j] * yb[j];
                    if (b > m->cur.pb)
                        m->cur.pb = b;
                }
            }
        }
        ring_put(m, fg, k);
        m->cur.n += (unsigned short)k;
        if (m->pending)
            settle(m);
        if (m->cur.n == len) {
            if ((err = close_sub(m)) != LOA_OK)
                return err;
            if (++m->k == SUBS)
                m->k = 0;
        }
        fg += k;
        if (bed != NULL)
            bed += k;
        n -= k;
    }
    return LOA_OK;
}

loa_err loai_lmodel_finish(loai_lmodel *m)
{
    loa_err err;

    if (m->cur.n > 0 && (err = close_sub(m)) != LOA_OK)
        return err;
    while (m->pending) { /* silence after the end, as the limiter sees it */
        m->ring[m->n & 1023] = 0.0f;
        m->ring[(m->n & 1023) + 1024] = 0.0f;
        m->n++;
        settle(m);
    }
    return LOA_OK;
}

/* Gated loudness (LUFS) of hop energies H[0..NH): BS.1770-4, 400 ms
 * blocks every 100 ms, absolute gate -70 LUFS, relative gate -10 LU. */
static double gated(const double *h, size_t nh, size_t hop)
{
    size_t b, nb = nh >= 4 ? nh - 3 : 0, n1 = 0, n2 = 0;
    double norm = 1.0 / (4.0 * (double)hop), abs_gate = pow(10.0, (-70.0 + 0.691) / 10.0);
    double s1 = 0, s2 = 0, rel_gate;

    for (b = 0; b < nb; b++) {
        double e = (h[b] + h[b + 1] + h[b + 2] + h[b + 3]) * norm;

        if (e > abs_gate) {
            s1 += e;
            n1++;
        }
    }
    if (n1 == 0)
        return -HUGE_VAL;
    rel_gate = s1 / (double)n1 * 0.1;
    for (b = 0; b < nb; b++) {
        double e = (h[b] + h[b + 1] + h[b + 2] + h[b + 3]) * norm;

        if (e > abs_gate && e > rel_gate) {
            s2 += e;
            n2++;
        }
    }
    return -0.691 + 10.0 * log10(s2 / (double)n2);
}

/* The gain sub-block S needs for its peak to stay under R (= ceiling over
 * the gain in front) with the foreground and bed weighted WF2, WB2 (squared):
 * their peaks add as powers, a middle way between coinciding and not. */
static double sub_need(const struct sub *s, double wf2, double wb2, double r)
{
    double p2 = wf2 * (double)s->pf * s->pf + wb2 * (double)s->pb * s->pb;

    return p2 > 0 && r * r < p2 ? r / sqrt(p2) : 1.0;
}

double loai_lmodel_lufs(const loai_lmodel *m, double wf, double wb, double gain_db,
                        double ceiling_dbtp, double *min_gain_db)
{
    size_t nh = (m->nsub + SUBS - 1) / SUBS, j, h;
    double *hs = calloc(nh ? nh : 1, sizeof *hs);
    double G = pow(10.0, gain_db / 20.0), C = pow(10.0, ceiling_dbtp / 20.0), g = 1.0;
    double gmin = 1.0, prev_need = 1.0, need, next_need, lufs;
    double wf2 = wf * wf, wb2 = wb * wb, rb = pow(m->rel, (double)m->base);
    /* a hop's last sub-block takes the rest of it */
    size_t last = m->hop - m->base * (SUBS - 1);
    double rl = pow(m->rel, (double)last);

    if (hs == NULL)
        return NAN;
    need = m->nsub > 0 ? sub_need(&m->sub[0], wf2, wb2, C / G) : 1.0;
    for (j = 0; j < m->nsub; j++) {
        const struct sub *s = &m->sub[j];
        double e, target;

        next_need = j + 1 < m->nsub ? sub_need(&m->sub[j + 1], wf2, wb2, C / G) : 1.0;
        /* The ramp: the window minimum reaches one look-ahead either side
         * of each frame and the box average spreads it; at sub-block
         * resolution, half the sub-block's own need and a quarter of the
         * minimum with each neighbour (within 0.1 LU of the limiter on
         * espeak-ng speech with and without a bed, 0 to 9 dB of limiting;
         * the plain mean of the minima read up to 0.3 LU low). */
        target = 0.25 * (prev_need < need ? prev_need : need) + 0.5 * need +
                 0.25 * (next_need < need ? next_need : need);
        if (target <= g)
            g = target;
        else
            g = target + (g - target) * (s->n == m->base ? rb
                                         : s->n == last  ? rl
                                                         : pow(m->rel, (double)s->n));
        if (g < gmin)
            gmin = g;
        e = wf2 * s->ef + wb2 * s->eb + 2.0 * wf * wb * s->efb;
        if (e < 0)
            e = 0;
        hs[j / SUBS] += e * G * G * g * g;
        prev_need = need;
        need = next_need;
    }
    h = nh;
    if (m->nsub % SUBS != 0)
        h--; /* a hop cut short by the end is no whole 100 ms */
    lufs = gated(hs, h, m->hop);
    free(hs);
    if (min_gain_db != NULL)
        *min_gain_db = 20.0 * log10(gmin);
    return lufs;
}

double loai_lmodel_solve(const loai_lmodel *m, double wf, double wb, double ceiling_dbtp,
                         double want_lufs)
{
    double plain = loai_lmodel_lufs(m, wf, wb, 0.0, HUGE_VAL, NULL), least, lo, hi, flo, fhi;
    int i, side = 0;

    if (!isfinite(plain))
        return 0.0;
    /* Limiting only takes loudness away: the plain gain is the least. */
    least = lo = want_lufs - plain;
    hi = lo + 1.0;
    flo = loai_lmodel_lufs(m, wf, wb, lo, ceiling_dbtp, NULL) - want_lufs;
    fhi = loai_lmodel_lufs(m, wf, wb, hi, ceiling_dbtp, NULL) - want_lufs;
    for (i = 0; i < 8 && fhi < 0; i++) {
        lo = hi;
        flo = fhi;
        hi += 2.0 * (hi - least);
        fhi = loai_lmodel_lufs(m, wf, wb, hi, ceiling_dbtp, NULL) - want_lufs;
    }
    if (!(flo < 0))
        return lo;
    /* Regula falsi, Illinois variant (the side that stays has its value
     * halved, so both ends move): the loudness is smooth in the gain but
     * for small steps where gating blocks come and go, so a few
     * evaluations find it where bisection took a dozen. */
    for (i = 0; i < 40 && hi - lo > 0.001; i++) {
        double mid = fhi > flo ? (lo * fhi - hi * flo) / (fhi - flo) : 0.5 * (lo + hi), fm;

        if (!(mid > lo && mid < hi))
            mid = 0.5 * (lo + hi);
        fm = loai_lmodel_lufs(m, wf, wb, mid, ceiling_dbtp, NULL) - want_lufs;
        if (fabs(fm) < 1e-4)
            return mid;
        if (fm < 0) {
            lo = mid;
            flo = fm;
            if (side == -1)
                fhi *= 0.5;
            side = -1;
        } else {
            hi = mid;
            fhi = fm;
            if (side == 1)
                flo *= 0.5;
            side = 1;
        }
    }
    return 0.5 * (lo + hi);
}

void loai_lmodel_free(loai_lmodel *m)
{
    if (m == NULL)
        return;
    free(m->sub);
    free(m);
}

/* ---- the encode pass's meter ----
 *
 * What goes into the encoder, metered as libebur128 meters it (BS.1770-4
 * and EBU Tech 3342): K-weighting; energy per 100 ms hop; integrated
 * loudness over 400 ms blocks every 100 ms gated at -70 LUFS and -10 LU
 * (gated()); loudness range over 3 s windows every second from 3 s on,
 * gated at -70 LUFS and -20 LU, 95th less 10th percentile. libebur128 with
 * LRA on keeps a list entry per block and a copy of the filtered audio;
 * this keeps one double per 100 ms and costs about a K filter. */
struct loai_kmeter {
    struct kw k;
    size_t hop, fill; /* frames a hop; frames in the current one */
    double acc;       /* the current hop's energy so far */
    double *h;        /* energy of each complete hop */
    size_t nh, cap;
};

loa_err loai_kmeter_new(loai_kmeter **out, int rate, loa_diag *diag)
{
    loai_kmeter *m;

    if (rate < 8000) {
        loai_diag_set(diag, "meter: bad rate %d", rate);
        return LOA_ERR_INVALID;
    }
    if ((m = calloc(1, sizeof *m)) == NULL)
        return LOA_ERR_NOMEM;
    kw_init(&m->k, rate);
    m->hop = ((size_t)rate + 5) / 10;
    *out = m;
    return LOA_OK;
}

loa_err loai_kmeter_add(loai_kmeter *m, const float *pcm, size_t n)
{
    while (n > 0) {
        size_t k = m->hop - m->fill < n ? m->hop - m->fill : n;

        m->acc += kw_energy(&m->k, pcm, k);
        m->fill += k;
        pcm += k;
        n -= k;
        if (m->fill == m->hop) {
            if (m->nh == m->cap) {
                size_t cap = m->cap ? 2 * m->cap : 1024;
                double *h = realloc(m->h, cap * sizeof *h);

                if (h == NULL)
                    return LOA_ERR_NOMEM;
                m->h = h;
                m->cap = cap;
            }
            m->h[m->nh++] = m->acc;
            m->acc = 0;
            m->fill = 0;
        }
    }
    return LOA_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

loa_err loai_kmeter_read(const loai_kmeter *m, double *lufs, double *lra)
{
    const double abs_gate = pow(10.0, (-70.0 + 0.691) / 10.0);
    double *st, sum = 0, rel;
    size_t n = 0, i, j, lo;

    *lufs = gated(m->h, m->nh, m->hop);
    *lra = 0;
    if (m->nh < 30)
        return LOA_OK;
    /* Short-term energies: 3 s (30 hops) ending at hop 30, 40, 50, ... */
    if ((st = malloc(((m->nh - 30) / 10 + 1) * sizeof *st)) == NULL)
        return LOA_ERR_NOMEM;
    for (i = 30; i <= m->nh; i += 10) {
        double e = 0;

        for (j = i - 30; j < i; j++)
            e += m->h[j];
        e /= 30.0 * (double)m->hop;
        if (e >= abs_gate) {
            st[n++] = e;
            sum += e;
        }
    }
    if (n > 0) {
        qsort(st, n, sizeof *st, cmp_double);
        rel = sum / (double)n * 0.01; /* -20 LU */
        for (lo = 0; lo < n && st[lo] < rel; lo++)
            ;
        if (lo < n) {
            size_t k = n - lo;
            double hi_e = st[lo + (size_t)((double)(k - 1) * 0.95 + 0.5)];
            double lo_e = st[lo + (size_t)((double)(k - 1) * 0.1 + 0.5)];

            *lra = 10.0 * log10(hi_e) - 10.0 * log10(lo_e);
        }
    }
    free(st);
    return LOA_OK;
}

void loai_kmeter_free(loai_kmeter *m)
{
    if (m == NULL)
        return;
    free(m->h);
    free(m);
}
