#ifndef LOA_SYNTH_H
#define LOA_SYNTH_H

#include <stddef.h>

#include "loa/audio.h"
#include "loa/dialect.h"
#include "loa/error.h"

typedef struct loa_synth loa_synth; /* the process-wide espeak-ng instance */

typedef struct loa_synth_opts {
    loa_dialect dialect;
    int rate_wpm;          /* words per minute; 0 means 150 */
    int pitch;             /* 0..99; negative means 50 */
    const char *data_path; /* espeak-ng data directory; NULL for the system's */
} loa_synth_opts;

/* Start espeak-ng. Only one loa_synth may exist in a process at a time
 * (espeak-ng keeps global state): a second open fails with LOA_ERR_INVALID. */
loa_err loa_synth_open(loa_synth **out, const loa_synth_opts *opts, loa_diag *diag);

/* Change voice, rate and pitch of an open synthesizer. */
loa_err loa_synth_configure(loa_synth *s, const loa_synth_opts *opts, loa_diag *diag);

/* Sample rate of the audio the synthesizer produces (espeak-ng: 22050). */
int loa_synth_rate(const loa_synth *s);

/* Speak LEN bytes of UTF-8 TEXT (plain words, no SSML), handing mono float
 * blocks to FN as they are produced; memory does not grow with TEXT.
 * An error from FN stops synthesis and is returned. */
loa_err loa_synth_speak(loa_synth *s, const char *text, size_t len, loa_pcm_fn fn, void *ctx,
                        loa_diag *diag);

/* Stop espeak-ng and release the instance; NULL-safe. */
void loa_synth_free(loa_synth *s);

/* A bulletin's speech as the synthesizer gets it: a sequence of spoken
 * words (already normalized) and pauses. */
typedef struct loa_synth_part {
    const char *text; /* words to say; NULL for a pause */
    int pause_ms;     /* silence when TEXT is NULL */
} loa_synth_part;

/* Render PARTS with the open synthesizer S into PATH as a 16-bit mono WAV
 * at the synthesizer's own rate (the raw speech the programs are built
 * from), staged and renamed into place. The duration goes to *SECONDS
 * (may be NULL). Fails with LOA_ERR_TEXT when nothing would be said. */
loa_err loa_synth_render(loa_synth *s, const loa_synth_part *parts, size_t n, const char *path,
                         double *seconds, loa_diag *diag);

#endif
