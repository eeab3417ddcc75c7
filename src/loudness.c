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
    float *buf;         /* TP_TAPS - 1 samples of history, then a block */
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
    t->cap = 4096 + TP_TAPS;
    if ((t->buf = calloc(t->cap, sizeof *t->buf)) == NULL) {
        free(t);
        return LOA_ERR_NOMEM;
    }
    *out = t;
    return LOA_OK;
}

/* Centres B[TP_HALF - 1] .. B[TP_HALF - 1 + N - 1], their windows in B. */
static void tp_scan(loai_tp_meter *t, const float *b, size_t n)
{
    size_t g, i;

    for (g = 0; g < n; g += TP_GROUP) {
        size_t k = n - g < TP_GROUP ? n - g : TP_GROUP;
        float m = 0;

        for (i = 0; i < k + TP_TAPS - 1; i++) {
            float a = fabsf(b[g + i]);

            if (a > m)
                m = a;
        }
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
    if (h + n > t->cap) {
        float *b = realloc(t->buf, (h + n) * sizeof *b);

        if (b == NULL)
            return LOA_ERR_NOMEM;
        t->buf = b;
        t->cap = h + n;
    }
    memcpy(t->buf + h, pcm, n * sizeof *pcm);
    tp_scan(t, t->buf, n); /* every centre whose window is complete */
    memmove(t->buf, t->buf + n, h * sizeof *t->buf);
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
 * A peak detector (delay line and interpolator) finds the gain each
 * sample needs; a gain chain turns that into a smooth gain. */

struct chain {
    double scale;  /* linear gain in front of the limiter */
    double inv_scale, inv_d;
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
    ch->inv_scale = 1.0 / scale;
    ch->inv_d = 1.0 / (double)d;
    if ((ch->box = malloc(d * sizeof *ch->box)) == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < d; i++)
        ch->box[i] = 1.0;
    ch->box_sum = (double)d;
    ch->g = ch->g_min = 1.0;
    return LOA_OK;
}

static void chain_clear(struct chain *ch)
{
    free(ch->box);
}

/* The window minimum RMIN of the gains that bring each of the last d + 1
 * samples' peaks to the ceiling enters; returns the chain's gain for the
 * sample d back. The minimum is taken once for all chains: for a chain
 * with gain S in front, each sample needs min(1, r / S), and the minimum
 * of that is min(1, RMIN / S). */
static double chain_step(struct chain *ch, double rmin, size_t d, double rel)
{
    double m = rmin * ch->inv_scale, s;

    if (m > 1.0)
        m = 1.0;
    /* Box average of the last d minima: a ramp never above any of them. */
    ch->box_sum += m - ch->box[ch->box_pos];
    ch->box[ch->box_pos] = m;
    if (++ch->box_pos == d)
        ch->box_pos = 0;
    s = ch->box_sum * ch->inv_d;
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
    size_t *dqi;   /* monotonic deque of (index, gain to the ceiling) */
    double *dqv;
    size_t dq_cap, dq_head, dq_len;
    /* Interpolating is skipped where it cannot matter: while the largest
     * sample in reach (of the last three groups of 8) is at most
     * skip_below, no interpolated point can need limiting. */
    float gmax[3];
    float skip_below;
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
    dt->skip_below = -1.0f; /* never, until a gain is known (det_set_gain) */
    dt->rel = exp(-1.0 / (release_ms / 1000.0 * rate));
    dt->d = (size_t)(lookahead_ms / 1000.0 * rate + 0.5);
    if (dt->d < 1)
        dt->d = 1;
    for (dt->r = 64; dt->r < dt->d + 2 * TP_TAPS + 2; dt->r *= 2)
        ;
    dt->n = TP_TAPS; /* as if TP_TAPS zeros came first: the ring is zeroed */
    dt->dq_cap = dt->d + 2;
    if ((dt->x = calloc(2 * dt->r, sizeof *dt->x)) == NULL ||
        (dt->dqi = calloc(dt->dq_cap, sizeof *dt->dqi)) == NULL ||
        (dt->dqv = calloc(dt->dq_cap, sizeof *dt->dqv)) == NULL)
        return LOA_ERR_NOMEM;
    return LOA_OK;
}

/* With SCALE in front of the chain, a window whose samples are all within
 * ceil / (SCALE x L1) (L1: the interpolator's largest gain, the sum of a
 * phase's |taps|) cannot need limiting: its gain is 1 whether its peak is
 * interpolated or not, so the output is the same bits. */
static void det_set_gain(struct detector *dt, double scale)
{
    double l1 = 1.0;
    int p, j;

    for (p = 1; p < TP_PHASES; p++) {
        double sum = 0;

        for (j = 0; j < TP_TAPS; j++)
            sum += fabs(dt->coef[j][p]);
        if (sum > l1)
            l1 = sum;
    }
    dt->skip_below = (float)(dt->ceil / (scale * l1 * 1.001));
}

/* Enter V. Returns 1 with *C and *RMIN set when sample *C has its true
 * peak known (*RMIN: the least gain that brings the peaks of samples
 * *C - d .. *C to the ceiling; HUGE_VAL in silence), 0 while the
 * interpolator fills. */
static int det_push(struct detector *dt, float v, size_t *c, double *rmin)
{
    size_t mask = dt->r - 1, cap = dt->dq_cap, tail;
    double tp, r;

    /* The ring is mirrored (twice its size, each sample written at i and
     * i + r), so the interpolator's window is always contiguous. */
    float a = fabsf(v);

    dt->x[dt->n & mask] = v;
    dt->x[(dt->n & mask) + dt->r] = v;
    if ((dt->n & 7) == 0) { /* a new group of 8 */
        dt->gmax[2] = dt->gmax[1];
        dt->gmax[1] = dt->gmax[0];
        dt->gmax[0] = a;
    } else if (a > dt->gmax[0]) {
        dt->gmax[0] = a;
    }
    dt->n++;
    /* Sample n - 1 - TP_HALF now has its TP_HALF following samples. */
    *c = dt->n - 1 - TP_HALF;
    if (*c < TP_TAPS)
        return 0;
    /* Its window is the last TP_TAPS samples: within the last 3 groups. */
    if (dt->gmax[0] <= dt->skip_below && dt->gmax[1] <= dt->skip_below &&
        dt->gmax[2] <= dt->skip_below) {
        r = HUGE_VAL;
    } else {
        tp = tp_at(dt->coef, dt->x + ((*c - (TP_HALF - 1)) & mask));
        r = tp > 0 ? dt->ceil / tp : HUGE_VAL;
    }
    /* Window minimum over samples c - d .. c; indices wrap by comparison. */
    while (dt->dq_len > 0) {
        tail = dt->dq_head + dt->dq_len - 1;
        if (tail >= cap)
            tail -= cap;
        if (dt->dqv[tail] < r)
            break;
        dt->dq_len--;
    }
    tail = dt->dq_head + dt->dq_len;
    if (tail >= cap)
        tail -= cap;
    dt->dqi[tail] = *c;
    dt->dqv[tail] = r;
    dt->dq_len++;
    while (dt->dqi[dt->dq_head] + dt->d < *c) {
        if (++dt->dq_head == cap)
            dt->dq_head = 0;
        dt->dq_len--;
    }
    *rmin = dt->dqv[dt->dq_head];
    return 1;
}

static void det_clear(struct detector *dt)
{
    free(dt->x);
    free(dt->dqi);
    free(dt->dqv);
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
    det_set_gain(&l->dt, l->ch.scale);
    l->fn = fn;
    l->ctx = ctx;
    *out = l;
    return LOA_OK;
}

static loa_err lim_push(loa_limiter *l, float v)
{
    size_t c;
    double r, g;
    float x;
    loa_err err;

    if (!det_push(&l->dt, v, &c, &r))
        return LOA_OK;
    g = chain_step(&l->ch, r, l->dt.d, l->dt.rel);
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
    det_clear(&l->dt);
    chain_clear(&l->ch);
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

static double kw_run(struct kw *k, double x)
{
    double *v = k->v, y;

    v[0] = x - k->a[1] * v[1] - k->a[2] * v[2] - k->a[3] * v[3] - k->a[4] * v[4];
    y = k->b[0] * v[0] + k->b[1] * v[1] + k->b[2] * v[2] + k->b[3] * v[3] + k->b[4] * v[4];
    v[4] = v[3];
    v[3] = v[2];
    v[2] = v[1];
    v[1] = fabs(v[0]) < 1e-30 ? 0.0 : v[0]; /* no denormals in silence */
    return y;
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

loa_err loai_lmodel_add(loai_lmodel *m, const float *fg, const float *bed, size_t n)
{
    size_t i;
    loa_err err;

    for (i = 0; i < n; i++) {
        double kf = kw_run(&m->kf, fg[i]);
        float a = fabsf(fg[i]);
        size_t len;

        m->ring[m->n & 1023] = fg[i];
        m->ring[(m->n & 1023) + 1024] = fg[i];
        if (a > m->vmax) {
            m->vmax = a;
            m->amax = m->n;
        }
        m->n++;
        m->cef += kf * kf;
        if (bed != NULL) {
            double kb = kw_run(&m->kb, bed[i]);
            float b = fabsf(bed[i]);

            m->ceb += kb * kb;
            m->cefb += kf * kb;
            if (b > m->cur.pb)
                m->cur.pb = b;
        }
        m->cur.n++;
        if (m->pending)
            settle(m);
        len = m->k + 1 < SUBS ? m->base : m->hop - m->base * (SUBS - 1);
        if (m->cur.n == len) {
            if ((err = close_sub(m)) != LOA_OK)
                return err;
            if (++m->k == SUBS) {
                m->k = 0;
            }
        }
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
        target = 0.25 * fmin(prev_need, need) + 0.5 * need + 0.25 * fmin(need, next_need);
        if (target <= g)
            g = target;
        else
            g = target + (g - target) * (s->n == m->base ? rb : pow(m->rel, (double)s->n));
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
    double plain = loai_lmodel_lufs(m, wf, wb, 0.0, HUGE_VAL, NULL), lo, hi;
    int i;

    if (!isfinite(plain))
        return 0.0;
    /* Limiting only takes loudness away: the plain gain is the least. */
    lo = want_lufs - plain;
    hi = lo + 1.0;
    for (i = 0; i < 8 && loai_lmodel_lufs(m, wf, wb, hi, ceiling_dbtp, NULL) < want_lufs; i++)
        hi += 2.0 * (hi - lo);
    for (i = 0; i < 40 && hi - lo > 0.001; i++) {
        double mid = 0.5 * (lo + hi);

        if (loai_lmodel_lufs(m, wf, wb, mid, ceiling_dbtp, NULL) < want_lufs)
            lo = mid;
        else
            hi = mid;
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
