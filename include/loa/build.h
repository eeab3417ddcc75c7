#ifndef LOA_BUILD_H
#define LOA_BUILD_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/plan.h"

/* The weekly build: district config + this week's scripts → rendered audio
 * (content-addressed cache) → plan → published files, atomically.
 *
 *   1. read the config, the lexicons and every script (errors stop here,
 *      before anything is rendered or published);
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

typedef void (*loa_build_progress_fn)(void *ctx, const char *stage, size_t done, size_t total);

typedef struct loa_build_opts {
    const char *config;       /* the district file */
    int iso_year, iso_week;   /* the week to build */
    int jobs;                 /* worker processes for rendering; 0 means 1 */
    int dry_run;              /* plan with cached or estimated durations; write nothing */
    const char *data_dir;     /* voices/ data; NULL: loa_file_data_dir() */
    const char *cache_dir;    /* NULL: "<output>/.cache" */
    loa_build_progress_fn progress; /* called in the calling process; may be NULL */
    void *progress_ctx;
} loa_build_opts;

typedef struct loa_build_result {
    loa_plan plan;            /* the week's plan (dry runs too) */
    size_t jobs_total;        /* render jobs the week needs */
    size_t jobs_rendered;     /* of which were rendered now (the rest came from the cache) */
    size_t estimated;         /* dry run: clips whose duration is an estimate */
    char *target;             /* the published directory, e.g. "out/2026-W48" */
    int up_to_date;           /* TARGET already held exactly this week: nothing was written */
    char *err_file;           /* the file DIAG's line and column refer to, or NULL */
} loa_build_result;

/* Make R empty. */
void loa_build_result_init(loa_build_result *r);

/* Free what R owns; NULL-safe. */
void loa_build_result_clear(loa_build_result *r);

/* Run the build. RES is initialised by this call (see error.h) and keeps
 * what the build found, also on failure. Errors in the inputs give LOA_ERR_CONFIG / LOA_ERR_TEXT / LOA_ERR_PLAN
 * with RES->err_file and DIAG's line:col; render failures LOA_ERR_SYNTH or
 * LOA_ERR_AUDIO (naming the bulletin); nothing is published unless all
 * went well. */
loa_err loa_build_run(const loa_build_opts *opts, loa_build_result *res, loa_diag *diag);

#endif
