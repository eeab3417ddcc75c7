#ifndef LOA_SPEAK_H
#define LOA_SPEAK_H

#include <stddef.h>

#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/profile.h"
#include "loa/program.h"
#include "loa/script.h"
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

/* ---- a bulletin script, as the build says it ---- */

/* The pause between paragraphs of a bulletin. */
#define LOA_PARAGRAPH_MS 600
/* With a music bed, an item has the bed alone this long before its speech
 * (fading in) and after it (fading out). */
#define LOA_BED_EDGE_MS 1500

/* A bulletin's speech: what the synthesizer is given, in order. */
typedef struct loa_speech {
    loa_synth_part *parts; /* words (normalized) and pauses */
    size_t n_parts;
    char *words;           /* the parts' texts, NUL-separated (the parts point into it) */
} loa_speech;

/* The speech of bulletin B in DIALECT exactly as `loa build` renders it:
 * each text segment normalized with LEX (NULL: as written), each
 * {written|spoken} mark's spoken form as it is, the words joined up to
 * the next pause, [nghỉ ...] pauses, LOA_PARAGRAPH_MS between paragraphs
 * (a pause the editor wrote between paragraphs replaces it), no pause at
 * the end. *OUT is initialised by the call; a normalizer
 * failure gives its error with the segment's line and column in DIAG. */
loa_err loa_bulletin_speech(loa_speech *out, const loa_bulletin *b, const loa_lexicon *lex,
                            loa_dialect dialect, loa_diag *diag);

/* Free what S owns and leave it empty; NULL-safe. */
void loa_speech_clear(loa_speech *s);

/* How one station airs a bulletin: its voice and production. */
typedef struct loa_item_opts {
    const loa_lexicon *lexicon; /* normalizer data (borrowed); NULL speaks as written */
    loa_synth_opts voice;       /* dialect, gender, rate, pitch: the station's (the
                                 * bulletin's own "Giọng" is applied over it) */
    const loa_profile *profile; /* NULL: the "default" profile */
    const char *bed;            /* the station's music bed, or NULL */
    const char *title;          /* ID3 tags (UTF-8); NULL for none */
    const char *artist;
    const char *album;
    const char *year;
} loa_item_opts;

/* Render bulletin B into PATH (.mp3 or .wav) exactly as `loa build` renders
 * its item for a station with OPTS: the speech (loa_bulletin_speech, in the
 * bulletin's voice over the station's) said by a fresh espeak-ng into a raw
 * WAV at its own rate, then the profile's speech EQ and the bed (faded in
 * and out LOA_BED_EDGE_MS around the speech), normalized and limited on its
 * own, one encoder thread: the same samples the build's items/ file holds.
 * Opens and closes the process's synthesizer (none may be open). STATS may
 * be NULL. A recorded bulletin fails with LOA_ERR_INVALID. */
loa_err loa_speak_bulletin(const loa_bulletin *b, const loa_item_opts *opts, const char *path,
                           loa_speak_stats *stats, loa_diag *diag);

#endif
