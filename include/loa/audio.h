#ifndef LOA_AUDIO_H
#define LOA_AUDIO_H

#include <stddef.h>

#include "loa/error.h"

/* A block of interleaved float samples in [-1, 1]; the caller owns DATA. */
typedef struct loa_audio {
    float *data;
    size_t frames;   /* frames in DATA */
    size_t cap;      /* frames allocated */
    int rate;        /* Hz */
    int channels;
} loa_audio;

/* A consumer of audio: called with FRAMES frames of PCM (borrowed). */
typedef loa_err (*loa_pcm_fn)(void *ctx, const float *pcm, size_t frames);

/* Make A an empty buffer of RATE Hz and CHANNELS channels. */
void loa_audio_init(loa_audio *a, int rate, int channels);

/* Free A's samples and leave it empty; NULL-safe. */
void loa_audio_clear(loa_audio *a);

/* Append FRAMES frames from PCM (interleaved, A's channel count). */
loa_err loa_audio_append(loa_audio *a, const float *pcm, size_t frames);

/* Append FRAMES frames of silence. */
loa_err loa_audio_append_silence(loa_audio *a, size_t frames);

/* Decode any file libsndfile reads (WAV, FLAC, OGG, MP3...) into *OUT,
 * downmixed to mono and resampled to RATE (0 keeps the file's rate).
 * *OUT is replaced (see error.h): it must be initialised, and only
 * success changes it. */
loa_err loa_audio_load(loa_audio *out, const char *path, int rate, loa_diag *diag);

/* Write A as a 16-bit PCM WAV file at PATH (no staging: callers stage). */
loa_err loa_audio_save_wav(const loa_audio *a, const char *path, loa_diag *diag);

typedef struct loa_audio_reader loa_audio_reader; /* streaming decoder, mono */

/* Open PATH (any format libsndfile reads) for reading in blocks, downmixed
 * to mono at the file's own rate, which goes to *RATE. */
loa_err loa_audio_reader_open(loa_audio_reader **out, const char *path, int *rate,
                              loa_diag *diag);

/* The same for N bytes of an encoded file at DATA (e.g. MP3 frames just
 * made), borrowed until loa_audio_reader_free. */
loa_err loa_audio_reader_open_mem(loa_audio_reader **out, const void *data, size_t n, int *rate,
                                  loa_diag *diag);

/* Read up to N mono frames into PCM; *GOT is 0 only at the end. */
loa_err loa_audio_reader_read(loa_audio_reader *r, float *pcm, size_t n, size_t *got,
                              loa_diag *diag);

/* Close; NULL-safe. */
void loa_audio_reader_free(loa_audio_reader *r);

#endif
