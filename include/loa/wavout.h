#ifndef LOA_WAVOUT_H
#define LOA_WAVOUT_H

#include <stddef.h>

#include "loa/error.h"

typedef struct loa_wavout loa_wavout; /* streaming 16-bit PCM WAV writer */

/* Create PATH as a mono RATE Hz 16-bit WAV file. */
loa_err loa_wavout_open(loa_wavout **out, const char *path, int rate, loa_diag *diag);

/* Append FRAMES mono frames (clipped to [-1, 1]). */
loa_err loa_wavout_write(loa_wavout *w, const float *pcm, size_t frames, loa_diag *diag);

/* Write the final header and close; check it. */
loa_err loa_wavout_finish(loa_wavout *w, loa_diag *diag);

/* Release; NULL-safe, does not finish. */
void loa_wavout_free(loa_wavout *w);

#endif
