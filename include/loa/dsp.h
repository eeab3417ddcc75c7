#ifndef LOA_DSP_H
#define LOA_DSP_H

#include <stddef.h>

#include "loa/audio.h"
#include "loa/error.h"

typedef struct loa_resampler loa_resampler; /* streaming mono resampler (libsoxr) */

/* Create a mono resampler from IN_RATE to OUT_RATE that hands its output
 * to FN. Equal rates pass audio through untouched. */
loa_err loa_resampler_new(loa_resampler **out, int in_rate, int out_rate, loa_pcm_fn fn,
                          void *ctx, loa_diag *diag);

/* Feed FRAMES frames; output reaches FN as it is produced. */
loa_err loa_resampler_write(loa_resampler *r, const float *pcm, size_t frames, loa_diag *diag);

/* Flush the resampler's delay line into FN. */
loa_err loa_resampler_finish(loa_resampler *r, loa_diag *diag);

/* Release; NULL-safe. */
void loa_resampler_free(loa_resampler *r);

/* Resample a whole buffer in place of *A to RATE (mono or multichannel). */
loa_err loa_audio_resample(loa_audio *a, int rate, loa_diag *diag);

#endif
