#ifndef LOA_SPEAK_H
#define LOA_SPEAK_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/program.h"
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
    /* audio production (issue 4): out_rate and bitrate_kbps of 0 take the profile's */
    const loa_production *production; /* profile, jingles, bed; NULL: default profile only */
    int urgent;                       /* the production's chime plays before the speech */
} loa_speak_opts;

typedef struct loa_speak_stats {
    double seconds;        /* duration of the written file */
    double speech_seconds; /* of which synthesized speech */
    float peak;            /* highest level written (true peak, linear) */
    loa_program_report program; /* loudness as re-measured on the written file */
} loa_speak_stats;

/* Speak LEN bytes of UTF-8 TEXT with the open synthesizer S into PATH: an
 * MP3 if PATH ends in ".mp3", a 16-bit WAV if it ends in ".wav". The speech
 * gets the profile's EQ, the production's jingles and bed, and loudness
 * normalisation; it is synthesized once per render pass (see program.h),
 * so memory does not grow with TEXT. The file is
 * written under a temporary name beside PATH and renamed into place only when
 * complete, so a failure leaves no partial output. STATS may be NULL. */
loa_err loa_speak(loa_synth *s, const char *text, size_t len, const char *path,
                  const loa_speak_opts *opts, loa_speak_stats *stats, loa_diag *diag);

#endif
