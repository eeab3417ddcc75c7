/* Loudness internals shared by loudness_limit.c and loudness_model.c, and
 * with the program engine; never installed. */
#ifndef LOA_LOUDNESS_INT_H
#define LOA_LOUDNESS_INT_H

#include <math.h>
#include <stddef.h>

#include "loa/error.h"

/* ---- the 4x true-peak interpolator (loudness_limit.c), which the
 * loudness model (loudness_model.c) shares ---- */

#define TP_HALF 8 /* taps each side of an interpolated point */
#define TP_TAPS (2 * TP_HALF)
#define TP_PHASES 4

/* Interpolation coefficients, [tap][phase] so the three phases (and an
 * unused phase 0) run side by side in four float lanes; each detector
 * computes its own copy, so there is no process-wide state to race on. */
typedef float loai_tp_table[TP_TAPS][TP_PHASES];

/* Coefficients for the points 1/4, 2/4, 3/4 of the way from sample c to
 * c + 1, from x[c - 7] .. x[c + 8]; each phase normalised to unit DC gain. */
void loai_tp_init(loai_tp_table coef);
/* Peak of sample W[TP_HALF - 1] and the three points after it. Inline: the
 * limiter and the model call it in their inner loops. */
static inline double loai_tp_at(loai_tp_table coef, const float *w)
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

/* The largest 4x-interpolated peak of a mono stream, as the limiter's
 * detector sees it (loudness_limit.c), searched only where it could be larger
 * than the one found so far: much cheaper than a meter's true peak. */
typedef struct loai_tp_meter loai_tp_meter;
loa_err loai_tp_meter_new(loai_tp_meter **out);
loa_err loai_tp_meter_add(loai_tp_meter *t, const float *pcm, size_t n);
double loai_tp_meter_read(const loai_tp_meter *t); /* dBTP; -HUGE_VAL in silence */
void loai_tp_meter_free(loai_tp_meter *t);

/* The loudness model (loudness_model.c): fed a program's foreground and bed
 * once, it predicts the integrated loudness the limiter's output will
 * have for any gain, bed weight and ceiling. */
typedef struct loai_lmodel loai_lmodel;
loa_err loai_lmodel_new(loai_lmodel **out, int rate, double lookahead_ms, double release_ms,
                        loa_diag *diag);
/* Feed N frames of the foreground FG and the bed BED (NULL: none). */
loa_err loai_lmodel_add(loai_lmodel *m, const float *fg, const float *bed, size_t n);
loa_err loai_lmodel_finish(loai_lmodel *m);
/* LUFS of limit(GAIN_DB x (WF fg + WB bed)) under CEILING_DBTP (HUGE_VAL:
 * no limiting); *MIN_GAIN_DB (may be NULL): the deepest gain reduction. */
double loai_lmodel_lufs(const loai_lmodel *m, double wf, double wb, double gain_db,
                        double ceiling_dbtp, double *min_gain_db);
/* The gain (dB) that the model says gives WANT_LUFS under CEILING_DBTP. */
double loai_lmodel_solve(const loai_lmodel *m, double wf, double wb, double ceiling_dbtp,
                         double want_lufs);
void loai_lmodel_free(loai_lmodel *m);

/* The encode pass's meter (loudness_model.c): integrated loudness and loudness
 * range of a mono stream as libebur128 reads them (BS.1770-4 gating, EBU
 * Tech 3342), at about the cost of a K filter. read: -HUGE_VAL LUFS in
 * silence, LRA 0 under 3 s. */
typedef struct loai_kmeter loai_kmeter;
loa_err loai_kmeter_new(loai_kmeter **out, int rate, loa_diag *diag);
loa_err loai_kmeter_add(loai_kmeter *m, const float *pcm, size_t n);
loa_err loai_kmeter_read(const loai_kmeter *m, double *lufs, double *lra);
void loai_kmeter_free(loai_kmeter *m);

#endif
