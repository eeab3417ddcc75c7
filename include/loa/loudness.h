#ifndef LOA_LOUDNESS_H
#define LOA_LOUDNESS_H

#include <stddef.h>

#include "loa/audio.h"
#include "loa/error.h"

/* What an EBU R128 meter read. Silence reads -HUGE_VAL LUFS / dBTP. */
typedef struct loa_loudness {
    double integrated_lufs; /* gated integrated loudness */
    double true_peak_dbtp;  /* oversampled peak; -HUGE_VAL unless asked for */
    double lra_lu;          /* loudness range; 0 unless asked for */
    double seconds;         /* audio measured */
} loa_loudness;

typedef struct loa_meter loa_meter; /* EBU R128 meter (libebur128), mono */

/* Create a mono meter for RATE Hz. FULL 1 also measures true peak and LRA
 * (true peak is the slow part), FULL 2 LRA but no true peak; with 0 only
 * integrated loudness is measured. */
loa_err loa_meter_new(loa_meter **out, int rate, int full, loa_diag *diag);

/* Add N mono frames. */
loa_err loa_meter_add(loa_meter *m, const float *pcm, size_t n, loa_diag *diag);

/* Read the meter (it may be fed more afterwards). */
loa_err loa_meter_read(loa_meter *m, loa_loudness *out, loa_diag *diag);

/* Release; NULL-safe. */
void loa_meter_free(loa_meter *m);

/* Measure a whole mono buffer in one call (FULL as for loa_meter_new). */
loa_err loa_loudness_measure(const loa_audio *a, int full, loa_loudness *out, loa_diag *diag);

typedef struct loa_limiter loa_limiter; /* look-ahead true-peak limiter, mono */

/* Create a limiter for RATE Hz that multiplies its input by GAIN_DB, then
 * keeps the 4x-oversampled peak at or below CEILING_DBTP with a gain that
 * ramps down over LOOKAHEAD_MS before a peak and recovers over RELEASE_MS.
 * Output (delayed internally, same length as the input) goes to FN. */
loa_err loa_limiter_new(loa_limiter **out, int rate, double gain_db, double ceiling_dbtp,
                        double lookahead_ms, double release_ms, loa_pcm_fn fn, void *ctx,
                        loa_diag *diag);

/* Feed N mono frames; errors from FN are returned. */
loa_err loa_limiter_write(loa_limiter *l, const float *pcm, size_t n);

/* Push out the look-ahead delay; after this the output is complete. */
loa_err loa_limiter_finish(loa_limiter *l);

/* Lowest gain (dB, <= 0) the limiter applied so far. */
double loa_limiter_min_gain_db(const loa_limiter *l);

/* Release; NULL-safe. */
void loa_limiter_free(loa_limiter *l);

/* The 4x-oversampled peak of N mono samples as the limiter sees it
 * (linear), for tests and reports. */
double loa_true_peak(const float *pcm, size_t n);


#endif
