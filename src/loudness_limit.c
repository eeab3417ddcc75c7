/* The look-ahead true-peak limiter, its 4x interpolator and the streaming
 * true-peak search (loai_tp_meter).
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
#include <stdlib.h>
#include <string.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "error_int.h"
#include "loudness_int.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define OUT_BLOCK 1024

/* Coefficients for the points 1/4, 2/4, 3/4 of the way from sample c to
 * c + 1, from x[c - 7] .. x[c + 8]; each phase normalised to unit DC gain. */
void loai_tp_init(loai_tp_table coef)
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

double loai_true_peak(const float *pcm, size_t n)
{
    float w[TP_TAPS];
    double peak = 0;
    size_t i, c;
    int j;
    loai_tp_table coef;

    loai_tp_init(coef);
    for (c = 0; c < n; c++) {
        double v;

        for (j = 0; j < TP_TAPS; j++) {
            i = c + (size_t)j; /* index c - 7 + j, shifted by 7 to stay unsigned */
            w[j] = (i >= TP_HALF - 1 && i - (TP_HALF - 1) < n) ? pcm[i - (TP_HALF - 1)] : 0.0f;
        }
        v = loai_tp_at(coef, w);
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
    loai_tp_table coef;
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
    loai_tp_init(t->coef);
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
            float v = (float)loai_tp_at(t->coef, b + g + i);

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

struct loai_limiter {
    loai_tp_table coef;
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

loa_err loai_limiter_new(loai_limiter **out, int rate, double gain_db, double ceiling_dbtp,
                        double lookahead_ms, double release_ms, loa_pcm_fn fn, void *ctx,
                        loa_diag *diag)
{
    loai_limiter *l;
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
    loai_tp_init(l->coef);
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
        loai_limiter_free(l);
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
static loa_err lim_cold(loai_limiter *l, size_t k, size_t n)
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
static loa_err lim_centres(loai_limiter *l, size_t k, size_t n, int hot)
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
            double tp = loai_tp_at(l->coef, w + i) * sc;

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
static loa_err lim_run(loai_limiter *l)
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
static loa_err lim_feed(loai_limiter *l, const float *pcm, size_t n)
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

loa_err loai_limiter_write(loai_limiter *l, const float *pcm, size_t n)
{
    l->in += n;
    return lim_feed(l, pcm, n);
}

loa_err loai_limiter_finish(loai_limiter *l)
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

double loai_limiter_min_gain_db(const loai_limiter *l)
{
    return 20.0 * log10(l->g_min);
}

void loai_limiter_free(loai_limiter *l)
{
    if (l == NULL)
        return;
    free(l->buf);
    free(l->dqi);
    free(l->dqq);
    free(l->box);
    free(l);
}
