#ifndef LOA_BUILD_H
#define LOA_BUILD_H

#include <signal.h>
#include <stddef.h>

#include "loa/error.h"
#include "loa/plan.h"

/* The weekly build: district config + this week's scripts → rendered audio
 * (content-addressed cache) → plan → published files, atomically.
 *
 *   1. read the config, the lexicons and every script: every error of every
 *      script is found (the checks of `loa check` that decide whether a
 *      script can air); a script with errors is left out of the week and
 *      listed (RES->left_out, the report), the rest goes on; with STRICT, or
 *      with an error in the config, nothing is rendered or published;
 *   2. render each bulletin's raw speech once per voice it is heard in
 *      (cache key: spoken text after normalization, voice, rate, pitch,
 *      program version), in worker processes;
 *   3. plan the week with the rendered durations;
 *   4. render each piece the programs are made of once, as MP3: every aired
 *      item in each station production (profile, music bed) it airs in,
 *      every jingle, the silent gap; each normalized and limited on its own
 *      (cached the same way: an unchanged week renders nothing);
 *   5. publish every station's week into a staging tree, each slot program
 *      its pieces' MP3 frames joined (nothing encoded again), and swap it
 *      into place: a failed or killed build leaves the previous publish
 *      intact. */

/* Progress of a build: STAGE "speech" or "pieces" with DONE of TOTAL jobs;
 * "wait" (DONE = TOTAL = 0) just before it blocks on a lock another build
 * holds (OPTS->wait), so a person can be told why nothing moves. */
typedef void (*loa_build_progress_fn)(void *ctx, const char *stage, size_t done, size_t total);

/* One build at a time per output: loa_build_run holds "<output>/.lock"
 * (flock: a killed build never leaves it behind, and builds in other
 * containers on the same volume see it) from before it reads anything
 * until it has published, and a shared lock on "<cache>/.lock" (a cache
 * may serve several outputs); debris of killed builds (staging trees,
 * temporary files) is cleared under those locks, never judged by pid. A
 * build never replaces a week that another process published after it
 * started. A dry run takes no lock. */

typedef struct loa_build_opts {
    const char *config;       /* the district file */
    int iso_year, iso_week;   /* the week to build */
    int jobs;                 /* worker processes for rendering; 0 means 1 */
    int dry_run;              /* plan with cached or estimated durations; write nothing */
    const char *data_dir;     /* voices/ data; NULL: loa_file_data_dir() */
    const char *cache_dir;    /* NULL: "<output>/.cache" */
    loa_build_progress_fn progress; /* called in the calling process; may be NULL */
    void *progress_ctx;
    int strict;               /* a script with errors fails the build (LOA_ERR_TEXT, nothing
                               * published) instead of being left out */
    int wait;                 /* another build of the output running: wait for it (1) or
                               * fail at once with LOA_ERR_LOCKED (0) */
    const volatile sig_atomic_t *cancel; /* may be NULL; set (by a signal handler) to stop:
                               * the build ends with LOA_ERR_CANCELLED within a moment,
                               * its staging tree and temporary files removed (noted) */
} loa_build_opts;

/* What the build did otherwise than the inputs asked, or repaired, that a
 * person should know (loa build prints each as a warning). */
typedef enum loa_build_note_kind {
    LOA_BUILD_LEFT_OUT = 1, /* a bulletin was left out: its audio cannot be made safe to air */
    LOA_BUILD_FALLBACK,     /* stations air without a jingle or bed that cannot be made safe */
    LOA_BUILD_REPAIRED,     /* a damaged cache entry was found and rendered again */
    LOA_BUILD_SHORTENED,    /* a text was shortened to fit the MP3 tags */
    LOA_BUILD_STOPPED       /* the build was stopped: what it cleaned up */
} loa_build_note_kind;

typedef struct loa_build_note {
    loa_build_note_kind kind;
    char *file;     /* the file it is about; NULL when none */
    int line, col;  /* in FILE; 0 when none */
    char *msg;      /* what was done and why */
} loa_build_note;

typedef struct loa_build_result {
    loa_plan plan;            /* the week's plan (dry runs too) */
    size_t jobs_total;        /* render jobs the week needs */
    size_t jobs_rendered;     /* of which were rendered now (the rest came from the cache) */
    size_t estimated;         /* dry run: clips whose duration is an estimate */
    char *target;             /* the published directory, e.g. "out/2026-W48" */
    int up_to_date;           /* TARGET already held exactly this week: nothing was written */
    char *err_file;           /* the file DIAG's line and column refer to, or NULL */
    loa_plan_left_out *left_out; /* the scripts left out for their errors, each with every
                                  * error, and those whose audio cannot be made safe (unsafe;
                                  * also noted); also in PLAN.left_out when the week was
                                  * planned */
    size_t n_left_out;
    loa_build_note *notes;    /* in the order they were found */
    size_t n_notes;
    size_t cache_entries;     /* loa_build_verify_cache: entries checked ... */
    size_t cache_damaged;     /* ... and found damaged (each a note, removed) */
} loa_build_result;

/* Make R empty. */
void loa_build_result_init(loa_build_result *r);

/* Free what R owns; NULL-safe. */
void loa_build_result_clear(loa_build_result *r);

/* Run the build. RES is initialised by this call (see error.h) and keeps
 * what the build found, also on failure. A script with errors is left out
 * (RES->left_out) and the build goes on; with OPTS->strict it fails with
 * LOA_ERR_TEXT once every script has been read (RES->left_out lists them
 * all). Other errors in the inputs give LOA_ERR_CONFIG / LOA_ERR_TEXT /
 * LOA_ERR_PLAN with RES->err_file and DIAG's line:col; render failures
 * LOA_ERR_SYNTH or LOA_ERR_AUDIO (naming the bulletin); nothing is
 * published unless all went well. */
loa_err loa_build_run(const loa_build_opts *opts, loa_build_result *res, loa_diag *diag);

/* Check every entry of the build's render cache (OPTS->config's, or
 * OPTS->cache_dir), under the output's lock: its audio is byte for byte
 * what was rendered (size, SHA-256), its meta well formed and its figures
 * those of the audio decoded now, within the promise of its profile for a
 * piece. Each damaged entry is removed (the next build renders it again)
 * and noted; RES counts them. Nothing is rendered or published. */
loa_err loa_build_verify_cache(const loa_build_opts *opts, loa_build_result *res,
                               loa_diag *diag);

#endif
