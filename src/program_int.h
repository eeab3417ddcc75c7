/* The program engine (program.c, program_src.c), shared with speak.c; never
 * installed. */
#ifndef LOA_PROGRAM_INT_H
#define LOA_PROGRAM_INT_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/mp3.h"
#include "loa/program.h"
#include "dsp_int.h"

/* A pull source of mono audio at RATE. READ gives up to N frames; *GOT
 * == 0 only at the end. */
typedef struct loai_src loai_src;
struct loai_src {
    int rate;
    loa_err (*read)(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag);
    void (*free)(loai_src *s);
};

/* Opens a fresh source, at whatever rate it has, for one render pass
 * (renders are repeated: audio must come out the same each time). */
typedef loa_err (*loai_src_open_fn)(void *ctx, loai_src **out, loa_diag *diag);

/* An audio file (any format libsndfile reads) decoded in blocks, mono, at
 * the file's rate; errors name PATH. */
loa_err loai_src_file(const char *path, loai_src **out, loa_diag *diag);

/* FRAMES frames of silence at RATE. */
loa_err loai_src_gap(size_t frames, int rate, loai_src **out);

/* IN filtered through a copy of EQ (made for IN's rate); takes IN over
 * (freed with it). */
loa_err loai_src_eq(loai_src *in, const loai_eq *eq, loai_src **out);

/* IN resampled to RATE (libsoxr, streaming); takes IN over, and is IN
 * itself when the rates are equal. On failure IN is still the caller's. */
loa_err loai_src_resample(loai_src *in, int rate, loai_src **out, loa_diag *diag);

/* Read until N frames or the end of S. */
loa_err loai_src_fill(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag);

typedef enum loai_part_kind { LOAI_PART_GAP, LOAI_PART_JINGLE, LOAI_PART_SPEECH } loai_part_kind;

typedef struct loai_part {
    loai_part_kind kind;
    const char *path;      /* an audio file, or NULL ... */
    loai_src_open_fn open; /* ... a generated source */
    void *ctx;
    int rate;              /* a generated source's rate (a file's is read from it) */
    int gap_ms;            /* LOAI_PART_GAP */
    int eq;                /* apply the profile's speech EQ */
    const char *role;      /* "intro", "item" ...: named in errors */
    double seconds;        /* expected length when known before rendering, else 0 */
} loai_part;

/* Render PARTS with PROD into PATH (.mp3 or .wav) at RATE Hz; MP3 holds the
 * bitrate and ID3 tags. Staged and renamed. REP may be NULL. */
loa_err loai_program_run(const loai_part *parts, size_t n, const loa_production *prod, int rate,
                         const loa_mp3_opts *mp3, const char *path, loa_program_report *rep,
                         loa_diag *diag);

#endif
