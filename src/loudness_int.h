/* Loudness for the program engine: the EBU R128 meter (loudness.c), the
 * true-peak limiter (loudness_limit.c), the loudness model and the encode
 * pass's meter (loudness_model.c); never installed (tests reach it through
 * -Isrc). */
#ifndef LOA_LOUDNESS_INT_H
#define LOA_LOUDNESS_INT_H

#include <math.h>
#include <stddef.h>

#include "loa/audio.h"
#include "loa/error.h"

/* What an EBU R128 meter read. Silence reads -HUGE_VAL LUFS / dBTP. */
typedef struct loai_loudness {
    double integrated_lufs; /* gated integrated loudness */
    double true_peak_dbtp;  /* oversampled peak; -HUGE_VAL unless asked for */
    double lra_lu;          /* loudness range; 0 unless asked for */
    double seconds;         /* audio measured */
} loai_loudness;

typedef struct loai_meter loai_meter; /* EBU R128 meter (libebur128), mono */

/* Create a mono meter for RATE Hz. FULL 1 also measures true peak and LRA
 * (true peak is the slow part), FULL 2 LRA but no true peak; with 0 only
 * integrated loudness is measured. */
loa_err loai_meter_new(loai_meter **out, int rate, int full, loa_diag *diag);

/* Add N mono frames. */
loa_err loai_meter_add(loai_meter *m, const float *pcm, size_t n, loa_diag *diag);

/* Read the meter (it may be fed more afterwards). */
loa_err loai_meter_read(loai_meter *m, loai_loudness *out, loa_diag *diag);

/* Release; NULL-safe. */
void loai_meter_free(loai_meter *m);

/* Measure a whole mono buffer in one call (FULL as for loai_meter_new). */
loa_err loai_loudness_measure(const loa_audio *a, int full, loai_loudness *out, loa_diag *diag);

typedef struct loai_limiter loai_limiter; /* look-ahead true-peak limiter, mono */

/* Create a limiter for RATE Hz that multiplies its input by GAIN_DB, then
 * keeps the 4x-oversampled peak at or below CEILING_DBTP with a gain that
 * ramps down over LOOKAHEAD_MS before a peak and recovers over RELEASE_MS.
 * Output (delayed internally, same length as the input) goes to FN. */
loa_err loai_limiter_new(loai_limiter **out, int rate, double gain_db, double ceiling_dbtp,
                        double lookahead_ms, double release_ms, loa_pcm_fn fn, void *ctx,
                        loa_diag *diag);

/* Feed N mono frames; errors from FN are returned. */
loa_err loai_limiter_write(loai_limiter *l, const float *pcm, size_t n);

/* Push out the look-ahead delay; after this the output is complete. */
loa_err loai_limiter_finish(loai_limiter *l);

/* Lowest gain (dB, <= 0) the limiter applied so far. */
double loai_limiter_min_gain_db(const loai_limiter *l);

/* Release; NULL-safe. */
void loai_limiter_free(loai_limiter *l);

/* The 4x-oversampled peak of N mono samples as the limiter sees it
 * (linear), for tests and reports. */
double loai_true_peak(const float *pcm, size_t n);

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
/* A meter of a part of a stream that starts at frame AT of the whole: its
 * 100 ms hops lie on the whole's grid, so parts metered apart (each with
 * its own K filter) add up to the whole (loai_kmeter_merge). */
loa_err loai_kmeter_new_at(loai_kmeter **out, int rate, size_t at, loa_diag *diag);
/* Add PART's energy, hop by hop (its unfinished last hop too), into M's; M
 * only ever merges. Parts may overlap (energy adds) or come in any order. */
loa_err loai_kmeter_merge(loai_kmeter *m, const loai_kmeter *part);
/* End M's stream at FRAMES frames: hops past the last whole one are dropped. */
void loai_kmeter_trim(loai_kmeter *m, size_t frames);

#endif
