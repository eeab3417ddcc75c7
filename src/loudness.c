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

/* Interpolation coefficients; each detector computes its own copy, so
 * there is no process-wide state to race on. */
typedef float tp_table[TP_PHASES][TP_TAPS];

/* Coefficients for the points 1/4, 2/4, 3/4 of the way from sample c to
 * c + 1, from x[c - 7] .. x[c + 8]; each phase normalised to unit DC gain. */
static void tp_init(tp_table coef)
{
    int p, j;

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
            coef[p][j] = (float)(h[j] / sum);
    }
}

/* Peak of sample W[TP_HALF - 1] and the three points after it. */
static double tp_at(tp_table coef, const float *w)
{
    double peak = fabs(w[TP_HALF - 1]);
    int p, j;

    for (p = 1; p < TP_PHASES; p++) {
        double y = 0;

        for (j = 0; j < TP_TAPS; j++)
            y += coef[p][j] * w[j];
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

/* ---- limiter ----
 *
 * A gain chain turns the peak each sample needs into a smooth gain. The
 * peak detector (delay line and interpolator) does not depend on the gain
 * in front, so a probe runs many chains at different gains off one
 * detector, to find the gain that reaches a loudness in one render. */

struct chain {
    double scale;  /* linear gain in front of the limiter */
    size_t *dqi;   /* monotonic deque of (index, needed gain) */
    double *dqv;
    size_t dq_cap, dq_head, dq_len;
    double *box;   /* last d window minima */
    double box_sum;
    size_t box_pos;
    double g;      /* smoothed gain */
    double g_min;
};

static loa_err chain_init(struct chain *ch, size_t d, double scale)
{
    size_t i;

    memset(ch, 0, sizeof *ch);
    ch->scale = scale;
    ch->dq_cap = d + 2;
    ch->dqi = calloc(ch->dq_cap, sizeof *ch->dqi);
    ch->dqv = calloc(ch->dq_cap, sizeof *ch->dqv);
    ch->box = malloc(d * sizeof *ch->box);
    if (ch->dqi == NULL || ch->dqv == NULL || ch->box == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < d; i++)
        ch->box[i] = 1.0;
    ch->box_sum = (double)d;
    ch->g = ch->g_min = 1.0;
    return LOA_OK;
}

static void chain_clear(struct chain *ch)
{
    free(ch->dqi);
    free(ch->dqv);
    free(ch->box);
}

/* Sample C, whose true peak before the gain is TP, enters; returns the gain
 * for sample C - D. */
static double chain_step(struct chain *ch, size_t c, double tp, double ceil, size_t d,
                         double rel)
{
    double need = tp * ch->scale > ceil ? ceil / (tp * ch->scale) : 1.0, m, s;

    /* Window minimum of the needed gain over samples c - d .. c. */
    while (ch->dq_len > 0 && ch->dqv[(ch->dq_head + ch->dq_len - 1) % ch->dq_cap] >= need)
        ch->dq_len--;
    ch->dqi[(ch->dq_head + ch->dq_len) % ch->dq_cap] = c;
    ch->dqv[(ch->dq_head + ch->dq_len) % ch->dq_cap] = need;
    ch->dq_len++;
    while (ch->dqi[ch->dq_head] + d < c) {
        ch->dq_head = (ch->dq_head + 1) % ch->dq_cap;
        ch->dq_len--;
    }
    m = ch->dqv[ch->dq_head];
    /* Box average of the last d minima: a ramp never above any of them. */
    ch->box_sum += m - ch->box[ch->box_pos];
    ch->box[ch->box_pos] = m;
    ch->box_pos = (ch->box_pos + 1) % d;
    s = ch->box_sum / (double)d;
    if (s > 1.0)
        s = 1.0;
    if (s <= ch->g)
        ch->g = s;
    else
        ch->g = s + (ch->g - s) * rel; /* recover slowly; stays below s */
    if (ch->g < ch->g_min)
        ch->g_min = ch->g;
    return ch->g;
}

/* The shared detector: input ring and interpolator. */
struct detector {
    tp_table coef;
    double ceil;   /* linear ceiling */
    double rel;    /* per-sample recovery coefficient */
    size_t d;      /* look-ahead, samples */
    float *x;      /* input ring, size r */
    size_t r;      /* power of two */
    size_t n;      /* samples entered, counting TP_TAPS leading zeros */
    size_t in, emitted; /* real samples in / out */
};

static loa_err det_init(struct detector *dt, int rate, double ceiling_dbtp, double lookahead_ms,
                        double release_ms, loa_diag *diag)
{
    if (rate <= 0 || lookahead_ms <= 0 || lookahead_ms > 100 || release_ms <= 0) {
        loai_diag_set(diag, "limiter: bad rate %d, look-ahead %.1f ms or release %.1f ms", rate,
                      lookahead_ms, release_ms);
        return LOA_ERR_INVALID;
    }
    memset(dt, 0, sizeof *dt);
    tp_init(dt->coef);
    dt->ceil = pow(10.0, ceiling_dbtp / 20.0);
    dt->rel = exp(-1.0 / (release_ms / 1000.0 * rate));
    dt->d = (size_t)(lookahead_ms / 1000.0 * rate + 0.5);
    if (dt->d < 1)
        dt->d = 1;
    for (dt->r = 64; dt->r < dt->d + 2 * TP_TAPS + 2; dt->r *= 2)
        ;
    dt->n = TP_TAPS; /* as if TP_TAPS zeros came first: the ring is zeroed */
    if ((dt->x = calloc(dt->r, sizeof *dt->x)) == NULL)
        return LOA_ERR_NOMEM;
    return LOA_OK;
}

/* Enter V. Returns 1 with *C and *TP set when sample *C has its true peak
 * known, 0 while the interpolator fills. */
static int det_push(struct detector *dt, float v, size_t *c, double *tp)
{
    size_t mask = dt->r - 1, j;
    float w[TP_TAPS];

    dt->x[dt->n & mask] = v;
    dt->n++;
    /* Sample n - 1 - TP_HALF now has its TP_HALF following samples. */
    *c = dt->n - 1 - TP_HALF;
    if (*c < TP_TAPS)
        return 0;
    for (j = 0; j < TP_TAPS; j++)
        w[j] = dt->x[(*c - (TP_HALF - 1) + j) & mask];
    *tp = tp_at(dt->coef, w);
    return 1;
}

/* The delayed sample whose gain was just computed for C, if any. */
static int det_out(struct detector *dt, size_t c, float *x)
{
    if (c < TP_TAPS + dt->d || dt->emitted >= dt->in)
        return 0; /* still filling, or flushing past the end */
    *x = dt->x[(c - dt->d) & (dt->r - 1)];
    dt->emitted++;
    return 1;
}

struct loa_limiter {
    struct detector dt;
    struct chain ch;
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
    loa_err err;

    if ((l = calloc(1, sizeof *l)) == NULL)
        return LOA_ERR_NOMEM;
    if ((err = det_init(&l->dt, rate, ceiling_dbtp, lookahead_ms, release_ms, diag)) != LOA_OK ||
        (err = chain_init(&l->ch, l->dt.d, pow(10.0, gain_db / 20.0))) != LOA_OK) {
        loa_limiter_free(l);
        return err;
    }
    l->fn = fn;
    l->ctx = ctx;
    *out = l;
    return LOA_OK;
}

static loa_err lim_push(loa_limiter *l, float v)
{
    size_t c;
    double tp, g;
    float x;
    loa_err err;

    if (!det_push(&l->dt, v, &c, &tp))
        return LOA_OK;
    g = chain_step(&l->ch, c, tp, l->dt.ceil, l->dt.d, l->dt.rel);
    if (!det_out(&l->dt, c, &x))
        return LOA_OK;
    l->out[l->nout++] = (float)(x * l->ch.scale * g);
    if (l->nout == OUT_BLOCK) {
        l->nout = 0;
        if ((err = l->fn(l->ctx, l->out, OUT_BLOCK)) != LOA_OK)
            return err;
    }
    return LOA_OK;
}

loa_err loa_limiter_write(loa_limiter *l, const float *pcm, size_t n)
{
    size_t i;
    loa_err err;

    for (i = 0; i < n; i++) {
        l->dt.in++;
        if ((err = lim_push(l, pcm[i])) != LOA_OK)
            return err;
    }
    return LOA_OK;
}

loa_err loa_limiter_finish(loa_limiter *l)
{
    loa_err err;
    size_t nout;

    while (l->dt.emitted < l->dt.in)
        if ((err = lim_push(l, 0.0f)) != LOA_OK)
            return err;
    nout = l->nout;
    l->nout = 0;
    return nout ? l->fn(l->ctx, l->out, nout) : LOA_OK;
}

double loa_limiter_min_gain_db(const loa_limiter *l)
{
    return 20.0 * log10(l->ch.g_min);
}

void loa_limiter_free(loa_limiter *l)
{
    if (l == NULL)
        return;
    free(l->dt.x);
    chain_clear(&l->ch);
    free(l);
}

struct loa_limiter_probe {
    struct detector dt;
    size_t nch;
    struct chain *ch;
    loa_meter **meters;
    float *out; /* nch blocks of OUT_BLOCK */
    size_t nout;
};

loa_err loa_limiter_probe_new(loa_limiter_probe **out, int rate, const double *gains_db,
                              size_t n, double ceiling_dbtp, double lookahead_ms,
                              double release_ms, loa_diag *diag)
{
    loa_limiter_probe *p;
    size_t i;
    loa_err err = LOA_ERR_NOMEM;

    if ((p = calloc(1, sizeof *p)) == NULL)
        return LOA_ERR_NOMEM;
    if ((err = det_init(&p->dt, rate, ceiling_dbtp, lookahead_ms, release_ms, diag)) != LOA_OK)
        goto fail;
    err = LOA_ERR_NOMEM;
    p->nch = n;
    if ((p->ch = calloc(n, sizeof *p->ch)) == NULL ||
        (p->meters = calloc(n, sizeof *p->meters)) == NULL ||
        (p->out = malloc(n * OUT_BLOCK * sizeof *p->out)) == NULL)
        goto fail;
    for (i = 0; i < n; i++)
        if ((err = chain_init(&p->ch[i], p->dt.d, pow(10.0, gains_db[i] / 20.0))) != LOA_OK ||
            (err = loa_meter_new(&p->meters[i], rate, 0, diag)) != LOA_OK)
            goto fail;
    *out = p;
    return LOA_OK;
fail:
    loa_limiter_probe_free(p);
    return err;
}

static loa_err probe_flush(loa_limiter_probe *p, loa_diag *diag)
{
    size_t i;
    loa_err err;

    for (i = 0; i < p->nch && p->nout > 0; i++)
        if ((err = loa_meter_add(p->meters[i], p->out + i * OUT_BLOCK, p->nout, diag)) != LOA_OK)
            return err;
    p->nout = 0;
    return LOA_OK;
}

static loa_err probe_push(loa_limiter_probe *p, float v, loa_diag *diag)
{
    size_t c, i;
    double tp;
    float x;
    int have;

    if (!det_push(&p->dt, v, &c, &tp))
        return LOA_OK;
    for (i = 0; i < p->nch; i++)
        chain_step(&p->ch[i], c, tp, p->dt.ceil, p->dt.d, p->dt.rel);
    have = det_out(&p->dt, c, &x);
    if (!have)
        return LOA_OK;
    for (i = 0; i < p->nch; i++)
        p->out[i * OUT_BLOCK + p->nout] = (float)(x * p->ch[i].scale * p->ch[i].g);
    if (++p->nout == OUT_BLOCK)
        return probe_flush(p, diag);
    return LOA_OK;
}

loa_err loa_limiter_probe_write(loa_limiter_probe *p, const float *pcm, size_t n,
                                loa_diag *diag)
{
    size_t i;
    loa_err err;

    for (i = 0; i < n; i++) {
        p->dt.in++;
        if ((err = probe_push(p, pcm[i], diag)) != LOA_OK)
            return err;
    }
    return LOA_OK;
}

loa_err loa_limiter_probe_finish(loa_limiter_probe *p, double *lufs, loa_diag *diag)
{
    size_t i;
    loa_loudness l;
    loa_err err;

    while (p->dt.emitted < p->dt.in)
        if ((err = probe_push(p, 0.0f, diag)) != LOA_OK)
            return err;
    if ((err = probe_flush(p, diag)) != LOA_OK)
        return err;
    for (i = 0; i < p->nch; i++) {
        if ((err = loa_meter_read(p->meters[i], &l, diag)) != LOA_OK)
            return err;
        lufs[i] = l.integrated_lufs;
    }
    return LOA_OK;
}

void loa_limiter_probe_free(loa_limiter_probe *p)
{
    size_t i;

    if (p == NULL)
        return;
    free(p->dt.x);
    for (i = 0; p->ch != NULL && i < p->nch; i++)
        chain_clear(&p->ch[i]);
    for (i = 0; p->meters != NULL && i < p->nch; i++)
        loa_meter_free(p->meters[i]);
    free(p->ch);
    free(p->meters);
    free(p->out);
    free(p);
}
