#ifndef LOA_ITEM_H
#define LOA_ITEM_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/synth.h"

/* A bulletin's speech as the synthesizer gets it: a sequence of spoken
 * words (already normalized) and pauses. */
typedef struct loa_speech_part {
    const char *text; /* words to say; NULL for a pause */
    int pause_ms;     /* silence when TEXT is NULL */
} loa_speech_part;

/* Render PARTS with the open synthesizer S into PATH as a 16-bit mono WAV
 * at the synthesizer's own rate (the raw speech the programs are built
 * from), staged and renamed into place. The duration goes to *SECONDS
 * (may be NULL). Fails with LOA_ERR_TEXT when nothing would be said. */
loa_err loa_speech_render(loa_synth *s, const loa_speech_part *parts, size_t n,
                          const char *path, double *seconds, loa_diag *diag);

#endif
