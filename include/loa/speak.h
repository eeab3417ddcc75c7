#ifndef LOA_SPEAK_H
#define LOA_SPEAK_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/synth.h"
#include "loa/text.h"

/* What `loa speak` renders: text in, one audio file out. */
typedef struct loa_speak_opts {
    int out_rate;        /* Hz; 0 means 44100 */
    int bitrate_kbps;    /* MP3 CBR; 0 means 64 */
    const char *title;   /* ID3 title (UTF-8); NULL for none */
    const char *artist;  /* ID3 artist */
    const char *album;   /* ID3 album */
    const char *year;    /* ID3 year */
    int paragraph_ms;    /* silence between lines of text; negative means 400 */
    const loa_lexicon *lexicon; /* normalizer data (borrowed); NULL speaks text as written */
    loa_dialect dialect;        /* number readings: ngàn, lẻ in the south */
} loa_speak_opts;

typedef struct loa_speak_stats {
    double seconds;        /* duration of the written file */
    double speech_seconds; /* of which synthesized speech */
    float peak;            /* highest absolute sample written */
} loa_speak_stats;

/* Speak LEN bytes of UTF-8 TEXT with the open synthesizer S into PATH: a
 * 16-bit WAV if PATH ends in ".wav", an MP3 otherwise. The file is
 * written under a temporary name beside PATH and renamed into place only when
 * complete, so a failure leaves no partial output. STATS may be NULL. */
loa_err loa_speak(loa_synth *s, const char *text, size_t len, const char *path,
                  const loa_speak_opts *opts, loa_speak_stats *stats, loa_diag *diag);

#endif
