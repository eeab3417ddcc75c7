/* The weekly build's own state, shared by its files (build.c and
 * build_cache.c, build_plan.c, build_render.c, build_publish.c); never
 * installed. */
#ifndef LOA_BUILD_INT_H
#define LOA_BUILD_INT_H

#include <stddef.h>
#include <sys/stat.h>

#include "loa/build.h"
#include "loa/config.h"
#include "loa/date.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/profile.h"
#include "loa/script.h"
#include "loa/synth.h"
#include "loa/text.h"
#include "loa/version.h"
#include "error_int.h"
#include "sha256_int.h"

/* Bump when rendering changes in a way that alters output bytes. */
/* 2: speech from a fresh espeak-ng; 3: untagged programs; 4: programs joined from pieces;
 * 5: sources high-passed at 20 Hz, pieces aimed on their decoded loudness */
#define BUILD_CACHE_VERSION "loa-cache-5 " LOA_VERSION
/* The first word of a cache entry's meta (build_cache.c). */
#define META_MAGIC "loa-meta-2"
/* The shape of the published files: a change here publishes unchanged weeks again. */
#define PUBLISH_FORMAT "loa-publish-3"
#define PARAGRAPH_MS 600
#define RENDER_TIMEOUT_S 900
/* With a music bed, each item has the bed alone this long before its
 * speech (fading in) and after it (fading out); the two stand for the
 * silent gap between items. */
#define BED_EDGE_MS 1500
/* A jingle shorter than this gets silence after it up to this length, so
 * that its loudness can be measured (BS.1770 gates 400 ms blocks). */
#define JINGLE_MIN_MS 500
/* A piece's share of a joined program beyond its own audio: the silence
 * LAME adds at its ends, 1152 to 2303 samples (26-52 ms at 44.1 kHz, up to
 * 78 ms at 22.05 kHz with 576-sample frames). Planning counts this much. */
#define PIECE_SLACK_S 0.08

struct bulletin {
    loa_bulletin b;
    char *id;
    char *path;
};

/* One bulletin's speech in one voice. */
struct unit {
    size_t bulletin;
    int dialect;
    loa_synth_part *parts;
    size_t n_parts;
    char *texts;          /* the parts' words, NUL-separated */
    char key[65];
    char *wav;
    double seconds;
    int cached;
};

/* One encoded piece of programs (see the top of this file). */
enum { PIECE_ITEM, PIECE_JINGLE, PIECE_GAP };

struct piece {
    int kind;
    const loa_profile *profile;
    const char *audio;    /* ITEM, JINGLE: the source (speech WAV, recording, jingle file) */
    const char *bed;      /* ITEM: the station's music bed, or NULL */
    const char *role;     /* JINGLE: "intro", "outro", "chime" */
    long clip;            /* ITEM, JINGLE: a plan clip it renders (for messages); -1 */
    size_t gap;           /* GAP: samples of silence */
    char key[65];
    char *mp3;
    double seconds, lufs, tp; /* measured on the piece alone */
    int cached;
};

enum { JOB_SPEECH, JOB_PIECE };

struct job {
    int kind;
    size_t idx;
    double cost;          /* for the order: seconds of audio it makes */
    loa_err err;          /* how it ended */
    char *msg;            /* its message when it failed */
};

/* A cache entry's meta (build_cache.c). */
struct build_meta {
    char hex[65];               /* SHA-256 of the audio beside it; "-" for a probe */
    unsigned long long bytes;   /* its size */
    double seconds, lufs, tp;   /* as measured when it was made */
    const loa_profile *profile; /* a piece's; NULL for speech and probes */
};

/* A file's SHA-256, hashed once per build: every slot program's key covers
 * the station's jingles and bed, and hashing them again for each of the
 * week's slots was most of the time an unchanged rebuild took. */
struct file_hash {
    char *path;
    char hex[65];
};

struct build {
    const loa_build_opts *opts;
    loa_build_result *res;
    loa_config cfg;
    loa_lexicon *lex;
    struct bulletin *bs;   /* the week's scripts, then the standing bulletin last */
    size_t n_bs;
    int has_standing;
    struct unit *units;
    size_t n_units;
    struct piece *pieces;
    size_t n_pieces;
    long *seq;             /* every slot's pieces in play order, one after another */
    size_t *seq_at;        /* slot i's are seq[seq_at[i] .. seq_at[i + 1]) */
    size_t n_seq, seq_cap;
    long *item_piece;      /* (station, clip) → its item piece, n_stations * n_clips */
    struct job *jobs;
    size_t n_jobs, jobs_done;
    long failed_job;       /* first job that failed, -1 if none */
    char *cache;
    struct file_hash *hashes;
    size_t n_hashes;
    size_t rendered;       /* render jobs done, every round */
    int out_lock, cache_lock; /* the locks' descriptors, -1 when not held */
    int stage_removed;     /* a staging tree was made and removed (a stopped build) */
    int week_seen;         /* the published week as the build found it under its lock: */
    struct stat week_st;   /*   its lstat (week_seen 1), or none (0) */
};

/* ---- build_cache.c ---- */

/* Hash "TAG=S\0" (S NULL: "TAG=\0"), or V as "%.6f", into H. */
void loai_build_hash_str(loai_sha256 *h, const char *tag, const char *s);
void loai_build_hash_num(loai_sha256 *h, const char *tag, double v);
/* PATH's SHA-256 into HEX, from the build's memo when it was hashed before. */
loa_err loai_build_file_hex(struct build *B, const char *path, char hex[65], loa_diag *diag);
/* Hash TAG and PATH's SHA-256 (PATH NULL: as loai_build_hash_str with NULL). */
loa_err loai_build_hash_file(struct build *B, loai_sha256 *h, const char *tag,
                             const char *path, loa_diag *diag);
/* Write "<AUDIO>.meta" for the cache entry AUDIO (hashed now; a probe has
 * no audio file): "loa-meta-2 <sha256> <bytes> <seconds> <lufs> <tp>
 * <profile>" (PROFILE NULL: "-"). */
loa_err loai_build_meta_write(const char *audio, double s, double lufs, double tp,
                              const char *profile, loa_diag *diag);
/* Parse a meta line into M: 1 when well formed and its values plausible. */
int loai_build_meta_parse(const char *text, struct build_meta *m);
/* The meta "<BASE>.meta" alone: 1 if it is there and well formed. */
int loai_build_meta_read_only(const char *base, struct build_meta *m);
/* The cache entry AUDIO and its meta: 1 when both are there and the audio
 * is, byte for byte (size and SHA-256), what was rendered; 0 when there is
 * no entry; -1 when it is damaged (WHY says how). */
int loai_build_entry(const char *audio, struct build_meta *m, char *why, size_t why_size);
/* Remove the entry AUDIO (its meta first). */
void loai_build_entry_remove(const char *audio);
/* `loa build --verify-cache`: every entry of the cache DIR checked, each
 * damaged one removed (a build renders it again); the count of entries
 * and of damaged ones, each damaged one named through NOTE. */
loa_err loai_build_verify_cache(const char *dir, size_t *entries, size_t *damaged,
                                void (*note)(void *ctx, const char *path, const char *why),
                                void *ctx, loa_diag *diag);

/* ---- build_safe.c ---- */

/* Tell the caller (B->res->notes) something it should know. */
loa_err loai_build_note(struct build *B, loa_build_note_kind kind, const char *file, int line,
                        int col, const char *fmt, ...) LOAI_PRINTF(6, 7);
/* A damaged cache entry AUDIO (WHY): removed, to be rendered again, noted. */
loa_err loai_build_note_damaged(struct build *B, const char *audio, const char *why);
/* Before planning: every jingle, bed and recording the week would air,
 * screened (a regular file, decodable, no damaged samples, not silent);
 * a station goes without a jingle or bed that fails, a bulletin whose
 * recording fails is left out; each noted. Nothing is fatal here but
 * running out of memory. */
loa_err loai_build_screen(struct build *B, loa_diag *diag);
/* A piece failed for its source (its job's err and msg): 1 in *DONE when
 * that source is now out of the week (noted), 0 when the failure is not
 * the source's (the build fails as before). */
loa_err loai_build_exclude(struct build *B, const struct piece *pc, loa_err why_err,
                           const char *why, int *done, loa_diag *diag);

/* ---- build_plan.c ---- */

/* Step 2: the speech units of every bulletin airing in the week starting
 * MON, one per voice that hears it, with their cache keys. */
loa_err loai_build_plan_units(struct build *B, loa_date mon, loa_diag *diag);
/* A unit's length before it is rendered: the words' estimate and the pauses. */
double loai_build_unit_estimate(const struct build *B, const struct unit *u);
/* A bulletin far longer than every slot can never air: say so before
 * rendering it (a 10 MB script would keep the workers busy for days).
 * Twice the longest slot leaves borderline cases, and the estimate's error,
 * to the planner, which defers what does not fit. */
loa_err loai_build_check_lengths(struct build *B, loa_diag *diag);
/* The length (and loudness, LUFS may be NULL) of the jingle, bed or
 * recording PATH: decoded once, whole and streamed, with the checks every
 * source gets (program_src.c), then kept in the cache under the file's
 * SHA-256 (a recording is minutes of MP3 to decode, every build). A dry
 * run writes nothing. */
loa_err loai_build_clip_probe(struct build *B, const char *path, double *seconds, double *lufs,
                              loa_diag *diag);
/* Step 3: the week's plan (loa_sched_plan) into B->res->plan. */
loa_err loai_build_make_plan(struct build *B, loa_diag *diag);
/* Step 4: every slot's program as a sequence of pieces: intro, the chime
 * before the first urgent item, the items with a gap piece between them
 * (none with a bed: each item carries its own), outro. Each station's item
 * pieces are also its items/ files. */
loa_err loai_build_plan_pieces(struct build *B, loa_diag *diag);

/* ---- build_render.c ---- */

/* Render the speech units (SPEECH 1) or the pieces (0) the cache lacks, in
 * worker processes, and read back what they measured. Pieces that fail for
 * their source are taken out of the week (loai_build_exclude): *RETRY (may
 * be NULL for speech) is then 1 and the week must be planned again. */
loa_err loai_build_render_missing(struct build *B, int speech, int *retry, loa_diag *diag);
/* Render piece PC into its cache file in this process (the worker's job,
 * and the build's test of a piece's source). */
loa_err loai_build_render_piece(struct build *B, const struct piece *pc, loa_diag *diag);

/* ---- build_publish.c ---- */

/* Step 5: join and publish the week, unless the published one is this
 * build's, untouched. */
loa_err loai_build_publish(struct build *B, loa_diag *diag);
/* 1 when the build was told to stop (opts->cancel). */
int loai_build_cancelled(const struct build *B);
/* LOA_OK when the week TARGET is still as this build found it when it
 * took the lock; else LOA_ERR_LOCKED: another process published it since,
 * and a build never replaces a newer publish. */
loa_err loai_build_week_unchanged(const struct build *B, const char *target, loa_diag *diag);

#endif
