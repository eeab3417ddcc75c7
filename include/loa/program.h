#ifndef LOA_PROGRAM_H
#define LOA_PROGRAM_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/profile.h"

/* How a program is produced around its speech. Zero-initialise it for the
 * defaults: every numeric field uses 0 for "default" and a negative value
 * for "none" (e.g. crossfade_ms = -1 butts parts together). */
typedef struct loa_production {
    const loa_profile *profile; /* NULL: the "default" profile */
    const char *intro;          /* station identification jingle; NULL for none */
    const char *outro;          /* closing jingle */
    const char *chime;          /* attention chime before urgent items */
    const char *bed;            /* music bed under the whole program, looped or trimmed */
    int crossfade_ms;           /* equal-power overlap at jingle joins; default 400 */
    int gap_ms;                 /* silence between items; default 1000 */
    int lead_ms;                /* bed alone before the first part; default 2000 with a bed */
    int tail_ms;                /* bed alone after the last part; default 2000 with a bed */
    double bed_lu;              /* unducked bed loudness relative to the speech; default -8 */
    double duck_db;             /* bed attenuation under speech and jingles; default 18 */
    int attack_ms;              /* bed ramps down this long before speech; default 400 */
    int release_ms;             /* and back up this long after it; default 600 */
    int hold_ms;                /* pauses shorter than this stay ducked; default 1500 */
} loa_production;

/* What a render measured on the finished program (before MP3 encoding). */
typedef struct loa_program_report {
    size_t frames;          /* written, at RATE */
    int rate;
    double seconds;         /* frames / rate */
    double speech_seconds;  /* of which speech parts */
    size_t overlap_frames;  /* total crossfade overlap: seconds = sum of parts - overlaps */
    double integrated_lufs; /* re-measured after gain and limiter */
    double true_peak_dbtp;
    double lra_lu;
    double gain_db;         /* loudness gain applied before the limiter */
    double limiter_db;      /* deepest limiter gain reduction (<= 0) */
    int passes;             /* renders it took, the measuring one included */
    int encodes;            /* of the whole program (passes - 1) */
    int chunks;             /* the MP3's LAME streams, cut at silences (the last encode's) */
    int chunks_reencoded;   /* chunks encoded again alone to keep the peak promise */
} loa_program_report;

/* One item of a slot program: already-rendered audio (any format libsndfile
 * reads, e.g. an item MP3 from loa_speak). */
typedef struct loa_program_item {
    const char *path;
    int urgent; /* the production's chime plays first */
} loa_program_item;

typedef struct loa_program_spec {
    loa_production prod;
    const loa_program_item *items;
    size_t n_items;
    int eq_items;       /* apply the profile's speech EQ to items (0: already applied) */
    const char *title;  /* ID3 tags (UTF-8); NULL for none */
    const char *artist;
    const char *album;
    const char *year;
    int mp3_threads;    /* MP3 encoder threads (loa_mp3_opts.threads): 0 automatic,
                         * 1 one encoder (what parallel build workers want) */
} loa_program_spec;

/* Render intro -> items (gaps; chime before urgent items) -> outro, with the
 * bed, normalised as a whole to the profile's loudness and true-peak limited,
 * into OUT_PATH (.mp3 at the profile's rate and bitrate, or .wav). The file
 * is staged and renamed, so a failure leaves nothing behind. A near-silent
 * program fails with LOA_ERR_SILENT; an unreadable jingle or item with
 * LOA_ERR_IO / LOA_ERR_AUDIO naming the file. REPORT may be NULL.
 * Parts are decoded in blocks as they play; the first render (which feeds
 * the loudness model) is kept, 2 bytes a sample, in memory up to 16 MiB
 * (~6.3 min at 22.05 kHz, the rate a program of speech alone is mixed at)
 * and past that in an unlinked temporary file, and replayed for the
 * encode, so memory stays bounded. The bed's first 90 s stay loaded. */
loa_err loa_program_render(const loa_program_spec *spec, const char *out_path,
                           loa_program_report *report, loa_diag *diag);

#endif
