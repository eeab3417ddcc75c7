/* Filter internals shared with the program engine (dsp_eq.c); never installed. */
#ifndef LOA_DSP_INT_H
#define LOA_DSP_INT_H

#include <stddef.h>

#include "loa/dsp.h"

/* loa_biquad_run on A, then on B, in one sweep (dsp_eq.c): faster. */
void loai_biquad_run2(loa_biquad *a, loa_biquad *b, float *pcm, size_t n);

#endif
