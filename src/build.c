/* The weekly build: read everything, render what the cache lacks in worker
 * processes, plan, publish atomically. See include/loa/build.h for the steps.
 *
 * Rendering makes two kinds of cached artefacts, both named by the SHA-256
 * of everything that determines their bytes:
 *   speech/<key>.wav   a bulletin's raw speech in one voice (shared by every
 *                      station and profile hearing that voice);
 *   seg/<key>.mp3      an encoded piece of programs: an item (a bulletin's
 *                      speech or a recording in a station's production:
 *                      profile, EQ, bed), a jingle, or a silent gap, each
 *                      loudness-normalized and true-peak limited on its own.
 * A slot's program is not rendered at all: it is its pieces' MP3 frames
 * joined (loa_mp3_join), intro -> [chime -> urgent items] -> items with gaps
 * -> outro, under the slot's own ID3 tag. Every piece is at the profile's
 * loudness, so the whole is too, and each item, jingle and gap is encoded
 * once for the whole district however many slots air it. Pieces meet in
 * silence (a jingle's declicked edge, speech's own pauses, LAME's padding),
 * so the joins are inaudible; jingles are therefore not crossfaded into
 * speech here, and a station's music bed plays under each item on its own
 * (fading in before the speech and out after it) rather than across the
 * whole program.
 * Each artefact has a "<key>.meta" beside it holding the measured duration,
 * loudness and true peak, written after the audio; an entry counts only
 * when both exist, and both are written by rename, so a killed build never
 * leaves a half entry that a later build would trust.
 *
 * The steps live in build_plan.c (speech units, the plan, each slot's
 * pieces), build_render.c (rendering in worker processes), build_publish.c
 * (joining and publishing the week) and build_cache.c (keys and metas);
 * this file reads the inputs and runs the steps. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "loa/build.h"
#include "loa/config.h"
#include "loa/date.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/mp3.h"
#include "loa/plan.h"
#include "loa/script.h"
#include "loa/text.h"
#include "build_int.h"
#include "error_int.h"
#include "file_int.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- step 1: inputs ---- */

static loa_err load_bulletin(struct build *B, const char *path, loa_diag *diag)
{
    struct bulletin *bs = realloc(B->bs, (B->n_bs + 1) * sizeof *bs), *nb;
    loa_err err;

    if (bs == NULL)
        return LOA_ERR_NOMEM;
    B->bs = bs;
    nb = &bs[B->n_bs];
    memset(nb, 0, sizeof *nb);
    if ((nb->path = strdup(path)) == NULL)
        return LOA_ERR_NOMEM;
    B->n_bs++;
    if ((err = loa_bulletin_load(&nb->b, path, diag)) != LOA_OK) {
        free(B->res->err_file);
        B->res->err_file = strdup(path);
        return err;
    }
    if (nb->b.title != NULL) {
        const unsigned char *t = (const unsigned char *)nb->b.title;
        size_t chars = 0;

        for (; *t; t++)
            chars += (*t & 0xC0) != 0x80;
        if (chars > LOA_MP3_TEXT_MAX &&
            (err = loai_build_note(B, LOA_BUILD_SHORTENED, path, nb->b.title_line, 1,
                                   "the title has %zu characters: the MP3 tags keep the first "
                                   "%d — shorten it", chars, LOA_MP3_TEXT_MAX)) != LOA_OK)
            return err;
    }
    /* The id names its files (items/<id>-<voice>.mp3): a name with nothing
     * that folds to [a-z0-9] ("📢.txt") gets one from its bytes' SHA-256. */
    if ((err = loa_bulletin_id(path, &nb->id)) == LOA_ERR_INVALID) {
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        loai_sha256 h;
        char hex[65];

        loai_sha256_init(&h);
        loai_sha256_update(&h, base, strlen(base));
        loai_sha256_hex(&h, hex);
        if ((nb->id = malloc(16)) == NULL)
            return LOA_ERR_NOMEM;
        snprintf(nb->id, 16, "bt-%.8s", hex);
        err = LOA_OK;
    }
    return err;
}

static loa_err load_scripts(struct build *B, loa_diag *diag)
{
    DIR *d = opendir(B->cfg.scripts_dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i, j;
    loa_err err = LOA_OK;

    if (d == NULL) {
        loai_diag_set(diag, "cannot open the scripts directory %s: %s — set 'scripts' in the "
                            "config", B->cfg.scripts_dir, strerror(errno));
        return LOA_ERR_CONFIG;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        char **nn;

        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        if ((nn = realloc(names, (n + 1) * sizeof *nn)) == NULL ||
            (nn[n] = loai_file_join(B->cfg.scripts_dir, e->d_name)) == NULL) {
            names = nn ? nn : names;
            err = LOA_ERR_NOMEM;
            break;
        }
        names = nn;
        n++;
    }
    closedir(d);
    /* Sorted: the build must not depend on the directory's order. */
    if (err == LOA_OK)
        qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n && err == LOA_OK; i++) {
        /* The standing bulletin may live among the scripts: read it once. */
        if (B->cfg.standing != NULL && strcmp(names[i], B->cfg.standing) == 0)
            continue;
        err = load_bulletin(B, names[i], diag);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (err != LOA_OK)
        return err;
    for (i = 0; i < B->n_bs; i++)
        for (j = 0; j < i; j++)
            if (strcmp(B->bs[i].id, B->bs[j].id) == 0) {
                free(B->res->err_file);
                B->res->err_file = strdup(B->bs[i].path);
                loai_diag_at(diag, 1, 1, "two scripts have the id '%s' (%s) — rename one",
                             B->bs[i].id, B->bs[j].path);
                return LOA_ERR_TEXT;
            }
    if (B->cfg.standing != NULL) {
        if ((err = load_bulletin(B, B->cfg.standing, diag)) != LOA_OK)
            return err;
        B->has_standing = 1;
    }
    return LOA_OK;
}

/* ---- the whole ---- */

void loa_build_result_init(loa_build_result *r)
{
    memset(r, 0, sizeof *r);
    loa_plan_init(&r->plan);
}

void loa_build_result_clear(loa_build_result *r)
{
    size_t i;

    if (r == NULL)
        return;
    loa_plan_clear(&r->plan);
    free(r->target);
    free(r->err_file);
    for (i = 0; i < r->n_notes; i++) {
        free(r->notes[i].file);
        free(r->notes[i].msg);
    }
    free(r->notes);
    memset(r, 0, sizeof *r);
}

/* What a round of planning made (everything after the inputs), so that a
 * round can start again once a source is out of the week. */
static void round_free(struct build *B)
{
    size_t i;

    for (i = 0; i < B->n_units; i++) {
        free(B->units[i].parts);
        free(B->units[i].texts);
        free(B->units[i].wav);
    }
    for (i = 0; i < B->n_pieces; i++)
        free(B->pieces[i].mp3);
    for (i = 0; B->jobs != NULL && i < B->n_jobs; i++)
        free(B->jobs[i].msg);
    free(B->units);
    free(B->pieces);
    free(B->seq);
    free(B->seq_at);
    free(B->item_piece);
    free(B->jobs);
    B->units = NULL;
    B->pieces = NULL;
    B->seq = NULL;
    B->seq_at = NULL;
    B->item_piece = NULL;
    B->jobs = NULL;
    B->n_units = B->n_pieces = B->n_seq = B->seq_cap = B->n_jobs = 0;
}

static void build_free(struct build *B)
{
    size_t i;

    for (i = 0; i < B->n_bs; i++) {
        loa_bulletin_clear(&B->bs[i].b);
        free(B->bs[i].id);
        free(B->bs[i].path);
    }
    round_free(B);
    free(B->bs);
    free(B->cache);
    for (i = 0; i < B->n_hashes; i++)
        free(B->hashes[i].path);
    free(B->hashes);
    loa_text_lexicon_free(B->lex);
    loa_config_clear(&B->cfg);
}

/* ---- locks ---- */

int loai_build_cancelled(const struct build *B)
{
    return B->opts->cancel != NULL && *B->opts->cancel;
}

/* The output and the cache: somewhere of their own, never "" or "/"
 * (output = "" once published into / and cleaned up there). */
static loa_err check_dirs(struct build *B, loa_diag *diag)
{
    if (loai_file_is_root(B->cfg.output_dir)) {
        loai_diag_set(diag, "the output directory \"%s\" is %s — set 'output' in %s to a "
                      "directory of its own, e.g. \"out\"", B->cfg.output_dir,
                      *B->cfg.output_dir ? "the root directory" : "empty", B->cfg.path);
        return LOA_ERR_CONFIG;
    }
    if (loai_file_is_root(B->cache)) {
        loai_diag_set(diag, "the cache directory \"%s\" is %s — give --cache a directory of "
                      "its own, or leave it out (<output>/.cache)", B->cache,
                      *B->cache ? "the root directory" : "empty");
        return LOA_ERR_INVALID;
    }
    return LOA_OK;
}

static int same_dir(const char *a, const char *b)
{
    struct stat x, y;

    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* "<dir>/.lock", exclusive or shared; who holds it goes into the message
 * (the holder writes its pid and start into it, for people). */
static loa_err lock_dir(struct build *B, const char *dir, int excl, int *fd, int *waited,
                        loa_diag *diag)
{
    char *path = loai_file_join(dir, ".lock"), *who = NULL, info[96];
    size_t len = 0;
    loa_err err;

    if (path == NULL)
        return LOA_ERR_NOMEM;
    *waited = 0;
    err = loai_file_lock(path, excl, 0, B->opts->cancel, fd, diag);
    if (err == LOA_ERR_LOCKED && B->opts->wait) {
        *waited = 1;
        err = loai_file_lock(path, excl, 1, B->opts->cancel, fd, diag);
    } else if (err == LOA_ERR_LOCKED) {
        if (loa_file_read(path, &who, &len, NULL) == LOA_OK)
            who[strcspn(who, "\n")] = '\0';
        loai_diag_set(diag, "another build of %s is running (%s) — nothing done: try again "
                      "later, or run with --wait", dir, who && *who ? who : "its lock is held");
        free(who);
    }
    if (err == LOA_OK && excl) {
        time_t now = time(NULL);
        struct tm tm;
        int n;

        gmtime_r(&now, &tm);
        n = snprintf(info, sizeof info, "pid %ld since %04d-%02d-%02dT%02d:%02d:%02dZ\n",
                     (long)getpid(), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
        if (ftruncate(*fd, 0) != 0 || pwrite(*fd, info, (size_t)n, 0) != n) {
            /* only for people's messages */
        }
    }
    free(path);
    return err;
}

/* The path of the week's directory in the output. */
static char *week_path(const struct build *B)
{
    char week[16];

    snprintf(week, sizeof week, "%04d-W%02d", B->opts->iso_year, B->opts->iso_week);
    return loai_file_join(B->cfg.output_dir, week);
}

loa_err loai_build_week_unchanged(const struct build *B, const char *target, loa_diag *diag)
{
    struct stat st;
    int seen = lstat(target, &st) == 0;

    if (!B->opts->dry_run && B->out_lock >= 0 &&
        (seen != B->week_seen ||
         (seen && (st.st_ino != B->week_st.st_ino || st.st_dev != B->week_st.st_dev ||
                   st.st_mtim.tv_sec != B->week_st.st_mtim.tv_sec ||
                   st.st_mtim.tv_nsec != B->week_st.st_mtim.tv_nsec)))) {
        loai_diag_set(diag, "%s was published by another process while this build ran (one "
                      "that does not take the lock %s/.lock) — not replaced: a build never "
                      "replaces a newer publish; run it again", target, B->cfg.output_dir);
        return LOA_ERR_LOCKED;
    }
    return LOA_OK;
}

/* Take the output's lock (exclusive) and the cache's (shared; for a moment
 * exclusive, when nobody else uses the cache, to clear what killed
 * renders left), and note how the published week looked. *WAITED: 1 when
 * another build had to end first. */
static loa_err take_locks(struct build *B, int *waited, loa_diag *diag)
{
    static const char *const subs[] = {"speech", "seg", "probe", "published"};
    char *week;
    int w2;
    size_t k;
    loa_err err;

    if ((err = loai_file_mkdirs(B->cfg.output_dir, diag)) != LOA_OK ||
        (err = lock_dir(B, B->cfg.output_dir, 1, &B->out_lock, waited, diag)) != LOA_OK)
        return err;
    if ((week = week_path(B)) == NULL)
        return LOA_ERR_NOMEM;
    B->week_seen = lstat(week, &B->week_st) == 0;
    free(week);
    if ((err = loai_file_mkdirs(B->cache, diag)) != LOA_OK)
        return err;
    /* A cache that is the output itself is under the output's lock (two
     * flocks of one file by one process would wait on each other). */
    if (same_dir(B->cache, B->cfg.output_dir))
        return LOA_OK;
    if ((err = lock_dir(B, B->cache, 0, &B->cache_lock, &w2, diag)) != LOA_OK)
        return err;
    if (loai_file_relock(B->cache_lock, 1)) {
        for (k = 0; k < sizeof subs / sizeof *subs; k++) {
            char *sub = loai_file_join(B->cache, subs[k]);

            if (sub == NULL)
                return LOA_ERR_NOMEM;
            loai_stage_clean(sub);
            free(sub);
        }
        loai_file_relock(B->cache_lock, 0);
    }
    return LOA_OK;
}

/* A stopped build: what its workers left in the cache goes too, if no
 * other build shares the cache (else the next build's lock clears it). */
static loa_err clean_stopped(struct build *B)
{
    static const char *const subs[] = {"speech", "seg", "probe", "published"};
    size_t k, n = 0;
    int all = B->cache_lock >= 0 && loai_file_relock(B->cache_lock, 1);

    for (k = 0; all && k < sizeof subs / sizeof *subs; k++) {
        char *sub = loai_file_join(B->cache, subs[k]);

        if (sub == NULL)
            return LOA_ERR_NOMEM;
        n += loai_stage_clean(sub);
        free(sub);
    }
    return loai_build_note(B, LOA_BUILD_STOPPED, NULL, 0, 0,
                           "stopped: removed %s%zu temporary file%s%s; the published week is as "
                           "it was", B->stage_removed ? "the staging tree and " : "", n,
                           n == 1 ? "" : "s",
                           all || B->cache_lock < 0 ? ""
                               : " (the cache is in use by another build: its temporary files "
                                 "are cleared by the next build)");
}

loa_err loa_build_run(const loa_build_opts *opts, loa_build_result *res, loa_diag *diag)
{
    struct build B;
    char *datadir = NULL;
    size_t i;
    loa_err err;
    int waited = 0;

    loa_build_result_init(res);
    memset(&B, 0, sizeof B);
    B.opts = opts;
    B.res = res;
    B.out_lock = B.cache_lock = -1;
    loa_config_init(&B.cfg);
    if ((err = loa_config_load(&B.cfg, opts->config, &res->err_file, diag)) != LOA_OK)
        goto out;
    if (res->err_file == NULL && (res->err_file = strdup(opts->config)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    B.cache = opts->cache_dir ? strdup(opts->cache_dir)
                              : loai_file_join(B.cfg.output_dir, ".cache");
    if (B.cache == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    if ((err = check_dirs(&B, diag)) != LOA_OK)
        goto out;
    if (!opts->dry_run && (err = take_locks(&B, &waited, diag)) != LOA_OK) {
        if (err == LOA_ERR_LOCKED || err == LOA_ERR_CANCELLED) {
            free(res->err_file); /* not the config's fault */
            res->err_file = NULL;
        }
        goto out;
    }
    if (waited) {
        /* Another build ran meanwhile: read the config again, as it is now. */
        char *out_was = strdup(B.cfg.output_dir);

        loa_config_clear(&B.cfg);
        free(res->err_file);
        res->err_file = NULL;
        err = out_was ? loa_config_load(&B.cfg, opts->config, &res->err_file, diag)
                      : LOA_ERR_NOMEM;
        if (err == LOA_OK && strcmp(out_was, B.cfg.output_dir) != 0) {
            loai_diag_set(diag, "'output' changed while this build waited for the lock — run "
                          "it again");
            err = LOA_ERR_CONFIG;
        }
        free(out_was);
        if (err != LOA_OK)
            goto out;
        if (res->err_file == NULL && (res->err_file = strdup(opts->config)) == NULL) {
            err = LOA_ERR_NOMEM;
            goto out;
        }
    }
    if ((err = loa_file_data_dir(opts->data_dir, &datadir, diag)) != LOA_OK ||
        (err = loa_text_lexicon_open(&B.lex, datadir, diag)) != LOA_OK)
        goto out;
    for (i = 0; i < B.cfg.n_lexicons; i++) {
        if ((err = loa_text_lexicon_add_file(B.lex, B.cfg.lexicons[i], diag)) != LOA_OK) {
            free(res->err_file);
            res->err_file = strdup(B.cfg.lexicons[i]);
            goto out;
        }
    }
    free(res->err_file);
    res->err_file = NULL;
    if ((err = load_scripts(&B, diag)) != LOA_OK)
        goto out;
    if ((err = loai_build_screen(&B, diag)) != LOA_OK)
        goto out;
    /* Rounds: a piece that cannot be made safe takes its source out of the
     * week (build_safe.c) and the week is planned again without it; what
     * was rendered is in the cache, so a round after the first renders
     * only what changed. Each round takes a source out, so they end. */
    for (;;) {
        int retry = 0;

        if (loai_build_cancelled(&B)) {
            loai_diag_set(diag, "stopped by a signal");
            err = LOA_ERR_CANCELLED;
            goto out;
        }
        if ((err = loai_build_plan_units(&B, loa_date_iso_monday(opts->iso_year,
                                                                 opts->iso_week),
                                         diag)) != LOA_OK)
            goto out;
        if ((err = loai_build_check_lengths(&B, diag)) != LOA_OK)
            goto out;
        if (!opts->dry_run && (err = loai_build_render_missing(&B, 1, NULL, diag)) != LOA_OK)
            goto out;
        if ((err = loai_build_make_plan(&B, diag)) != LOA_OK)
            goto out;
        if ((err = loai_build_plan_pieces(&B, diag)) != LOA_OK)
            goto out;
        if (opts->dry_run) {
            for (i = 0; i < B.n_units; i++)
                res->jobs_total++, res->jobs_rendered += !B.units[i].cached;
            for (i = 0; i < B.n_pieces; i++)
                res->jobs_total++, res->jobs_rendered += !B.pieces[i].cached;
            goto out;
        }
        if ((err = loai_build_render_missing(&B, 0, &retry, diag)) != LOA_OK)
            goto out;
        if (!retry)
            break;
        round_free(&B);
        loa_plan_clear(&res->plan);
        loa_plan_init(&res->plan);
        res->jobs_total = res->jobs_rendered = res->estimated = 0;
    }
    res->jobs_rendered = B.rendered < res->jobs_total ? B.rendered : res->jobs_total;
    err = loai_build_publish(&B, diag);
out:
    if (err == LOA_ERR_CANCELLED && clean_stopped(&B) != LOA_OK)
        err = LOA_ERR_NOMEM;
    /* Released last: nothing of this build is left to clean up. */
    if (B.cache_lock >= 0)
        close(B.cache_lock);
    if (B.out_lock >= 0)
        close(B.out_lock);
    free(datadir);
    build_free(&B);
    return err;
}

struct verify_ctx {
    struct build *B;
    loa_err err;
};

static void on_damaged(void *ctx, const char *path, const char *why)
{
    struct verify_ctx *v = ctx;

    if (v->err == LOA_OK)
        v->err = loai_build_note(v->B, LOA_BUILD_REPAIRED, path, 0, 0,
                                 "damaged cache entry (%s): removed, the next build renders it "
                                 "again", why);
}

loa_err loa_build_verify_cache(const loa_build_opts *opts, loa_build_result *res,
                               loa_diag *diag)
{
    struct build B;
    struct verify_ctx v;
    int waited;
    loa_err err;

    loa_build_result_init(res);
    memset(&B, 0, sizeof B);
    B.opts = opts;
    B.res = res;
    B.out_lock = B.cache_lock = -1;
    loa_config_init(&B.cfg);
    if ((err = loa_config_load(&B.cfg, opts->config, &res->err_file, diag)) != LOA_OK)
        goto out;
    B.cache = opts->cache_dir ? strdup(opts->cache_dir)
                              : loai_file_join(B.cfg.output_dir, ".cache");
    if (B.cache == NULL || (res->target = strdup(B.cache)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    if ((err = check_dirs(&B, diag)) != LOA_OK ||
        (err = lock_dir(&B, B.cfg.output_dir, 1, &B.out_lock, &waited, diag)) != LOA_OK)
        goto out;
    /* Entries are removed: nobody else may be using the cache. */
    if (!same_dir(B.cache, B.cfg.output_dir) &&
        (err = lock_dir(&B, B.cache, 1, &B.cache_lock, &waited, diag)) != LOA_OK)
        goto out;
    v.B = &B;
    v.err = LOA_OK;
    err = loai_build_verify_cache(B.cache, &res->cache_entries, &res->cache_damaged, on_damaged,
                                  &v, diag);
    if (err == LOA_OK)
        err = v.err;
out:
    if (B.cache_lock >= 0)
        close(B.cache_lock);
    if (B.out_lock >= 0)
        close(B.out_lock);
    build_free(&B);
    return err;
}
