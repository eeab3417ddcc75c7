/* The loudness model, and the encode pass's meter (loai_kmeter).
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
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "error_int.h"
#include "loudness_int.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

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
    loai_tp_table coef;
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
    loai_tp_init(m->coef);
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
        v = (float)loai_tp_at(m->coef, m->ring + ((c - (TP_HALF - 1)) & mask));
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
    size_t first;     /* the whole's hop that h[0] is (loai_kmeter_new_at) */
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

loa_err loai_kmeter_new_at(loai_kmeter **out, int rate, size_t at, loa_diag *diag)
{
    loa_err err = loai_kmeter_new(out, rate, diag);

    if (err == LOA_OK) {
        (*out)->first = at / (*out)->hop;
        (*out)->fill = at % (*out)->hop; /* its first hop is the part of it from AT on */
    }
    return err;
}

loa_err loai_kmeter_merge(loai_kmeter *m, const loai_kmeter *part)
{
    size_t n = part->nh + (part->fill > 0), end = part->first + n, i;

    if (part->first > SIZE_MAX - n)
        return LOA_ERR_INVALID;
    if (end > m->cap) {
        size_t cap = m->cap ? m->cap : 1024;
        double *h;

        while (cap < end)
            cap = cap > SIZE_MAX / 2 / sizeof *h ? end : 2 * cap;
        if ((h = realloc(m->h, cap * sizeof *h)) == NULL)
            return LOA_ERR_NOMEM;
        m->h = h;
        m->cap = cap;
    }
    if (end > m->nh) {
        memset(m->h + m->nh, 0, (end - m->nh) * sizeof *m->h);
        m->nh = end;
    }
    for (i = 0; i < part->nh; i++)
        m->h[part->first + i] += part->h[i];
    if (part->fill > 0)
        m->h[part->first + part->nh] += part->acc;
    return LOA_OK;
}

void loai_kmeter_trim(loai_kmeter *m, size_t frames)
{
    if (m->nh > frames / m->hop)
        m->nh = frames / m->hop;
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
