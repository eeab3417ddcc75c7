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
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "loa/build.h"
#include "loa/check.h"
#include "loa/config.h"
#include "loa/date.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/mp3.h"
#include "loa/msg.h"
#include "loa/plan.h"
#include "loa/script.h"
#include "loa/text.h"
#include "buf_int.h"
#include "build_int.h"
#include "error_int.h"
#include "file_int.h"
#include "script_int.h"

/* ---- step 1: inputs ---- */

/* A new entry of RES->left_out for PATH (TITLE may be NULL). */
static loa_plan_left_out *left_out_add(struct build *B, const char *path, const char *title)
{
    loa_build_result *r = B->res;
    loa_plan_left_out *v = realloc(r->left_out, (r->n_left_out + 1) * sizeof *v), *l;

    if (v == NULL)
        return NULL;
    r->left_out = v;
    l = &v[r->n_left_out];
    memset(l, 0, sizeof *l);
    if ((l->source = loai_dup_str(path)) == NULL ||
        (title != NULL && (l->title = loai_dup_str(title)) == NULL)) {
        loa_plan_left_out_clear(l);
        return NULL;
    }
    r->n_left_out++;
    return l;
}

/* One error of L: ID (a check id name) at LINE:COL saying VI / EN (taken over). */
static loa_err left_out_error(loa_plan_left_out *l, const char *id, int line, int col, char *vi,
                              char *en)
{
    loa_plan_error *v = realloc(l->errors, (l->n_errors + 1) * sizeof *v), *e;

    if (v == NULL || vi == NULL || en == NULL || (id = loai_dup_str(id)) == NULL) {
        if (v != NULL)
            l->errors = v;
        free(vi);
        free(en);
        return LOA_ERR_NOMEM;
    }
    l->errors = v;
    e = &v[l->n_errors++];
    e->line = line;
    e->col = col;
    e->id = (char *)id;
    e->vi = vi;
    e->en = en;
    return LOA_OK;
}

/* Leave PATH out with the library message MSG (said in both languages). */
static loa_err left_out_msg(struct build *B, const char *path, const char *id, int line,
                            int col, const char *msg)
{
    loa_plan_left_out *l = left_out_add(B, path, NULL);

    if (l == NULL)
        return LOA_ERR_NOMEM;
    return left_out_error(l, id, line, col, loa_msg_translate(msg, LOA_LANG_VI),
                          loa_msg_translate(msg, LOA_LANG_EN));
}

loa_err loai_build_left_out_unsafe(struct build *B, const char *path, const char *title,
                                   int line, int col, const char *msg)
{
    loa_plan_left_out *l = left_out_add(B, path, title);

    if (l == NULL)
        return LOA_ERR_NOMEM;
    l->unsafe = 1;
    return left_out_error(l, "audio", line, col, loa_msg_translate(msg, LOA_LANG_VI),
                          loa_msg_translate(msg, LOA_LANG_EN));
}

/* Read the script PATH: with errors (loa check's that decide whether a
 * script can air) it is left out with all of them, else it joins the week. */
static loa_err load_bulletin(struct build *B, const char *path, loa_diag *diag)
{
    loa_check_opts co = {&B->cfg, B->lex, NULL, 1};
    loa_check_report rep;
    struct bulletin *bs, *nb;
    const char *slash = strrchr(path, '/');
    char *text = NULL, *dir;
    size_t len, i;
    loa_diag d;
    loa_err err;

    loa_diag_clear(&d);
    if (loa_file_read(path, &text, &len, &d) != LOA_OK)
        return left_out_msg(B, path, "io", 0, 0, d.msg);
    dir = slash ? loai_dup_n(path, (size_t)(slash == path ? 1 : slash - path)) : loai_dup_str(".");
    if (dir == NULL) {
        free(text);
        return LOA_ERR_NOMEM;
    }
    if ((err = loa_check_text(&rep, text, len, dir, &co, diag)) != LOA_OK)
        goto out;
    for (i = 0; i < rep.n && rep.items[i].sev != LOA_CHECK_ERROR; i++)
        ;
    if (i < rep.n) {
        loa_bulletin part;
        loai_script_scan sc;
        loa_plan_left_out *l;

        /* the title, for the report, as far as the header could be read */
        if ((err = loai_script_read(&part, text, len, dir, &sc)) == LOA_OK)
            l = left_out_add(B, path, part.title);
        else
            l = NULL;
        loa_bulletin_clear(&part);
        loai_script_scan_clear(&sc);
        for (i = 0; l != NULL && err == LOA_OK && i < rep.n; i++)
            if (rep.items[i].sev == LOA_CHECK_ERROR)
                err = left_out_error(l, loa_check_id_name(rep.items[i].id), rep.items[i].line,
                                     rep.items[i].col,
                                     loa_check_message(&rep.items[i], LOA_LANG_VI),
                                     loa_check_message(&rep.items[i], LOA_LANG_EN));
        if (err == LOA_OK && l == NULL)
            err = LOA_ERR_NOMEM;
        loa_check_report_clear(&rep);
        goto out;
    }
    loa_check_report_clear(&rep);
    if ((bs = realloc(B->bs, (B->n_bs + 1) * sizeof *bs)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    B->bs = bs;
    nb = &bs[B->n_bs];
    memset(nb, 0, sizeof *nb);
    if ((err = loa_bulletin_parse(&nb->b, text, len, dir, &d)) != LOA_OK) {
        /* the checks passed it: only memory can fail here */
        err = err == LOA_ERR_NOMEM ? err : left_out_msg(B, path, "script", d.line, d.col, d.msg);
        goto out;
    }
    B->n_bs++;
    if ((nb->path = loai_dup_str(path)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
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
            goto out;
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
        if ((nb->id = malloc(16)) == NULL) {
            err = LOA_ERR_NOMEM;
            goto out;
        }
        snprintf(nb->id, 16, "bt-%.8s", hex);
        err = LOA_OK;
    }
out:
    free(dir);
    free(text);
    return err;
}

/* Drop bulletin I from B->bs. */
static void drop_bulletin(struct build *B, size_t i)
{
    loa_bulletin_clear(&B->bs[i].b);
    free(B->bs[i].id);
    free(B->bs[i].path);
    memmove(&B->bs[i], &B->bs[i + 1], (B->n_bs - i - 1) * sizeof *B->bs);
    B->n_bs--;
}

static loa_err load_scripts(struct build *B, loa_diag *diag)
{
    char **names = NULL;
    size_t n = 0, i, j;
    loa_diag d;
    loa_err err;

    loa_diag_clear(&d);
    if (loa_file_scripts(B->cfg.scripts_dir, &names, &n, &d) != LOA_OK) {
        loai_diag_set(diag, "%s — set 'scripts' in the config", d.msg);
        return LOA_ERR_CONFIG;
    }
    for (i = 0, err = LOA_OK; i < n && err == LOA_OK; i++) {
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
    /* Two files whose names make the same id ("A.txt", "a.txt"): the later
     * one is left out. */
    for (i = 0; i < B->n_bs; i++)
        for (j = 0; j < i; j++)
            if (strcmp(B->bs[i].id, B->bs[j].id) == 0) {
                loai_diag_at(&d, 1, 1, "two scripts have the id '%s' (%s) — rename one",
                             B->bs[i].id, B->bs[j].path);
                if ((err = left_out_msg(B, B->bs[i].path, "script", 1, 1, d.msg)) != LOA_OK)
                    return err;
                drop_bulletin(B, i--);
                break;
            }
    if (B->cfg.standing != NULL) {
        size_t before = B->n_bs;

        if ((err = load_bulletin(B, B->cfg.standing, diag)) != LOA_OK)
            return err;
        B->has_standing = B->n_bs > before;
    }
    return LOA_OK;
}

/* A copy of the left-out list for the plan (the report publishes it). */
static loa_err plan_left_out(struct build *B)
{
    const loa_build_result *r = B->res;
    loa_plan *P = &B->res->plan;
    size_t i, k;

    if (r->n_left_out == 0)
        return LOA_OK;
    if ((P->left_out = calloc(r->n_left_out, sizeof *P->left_out)) == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < r->n_left_out; i++) {
        const loa_plan_left_out *a = &r->left_out[i];
        loa_plan_left_out *b = &P->left_out[i];

        P->n_left_out++;
        b->unsafe = a->unsafe;
        if ((b->source = loai_dup_str(a->source)) == NULL ||
            (a->title && (b->title = loai_dup_str(a->title)) == NULL) ||
            (b->errors = calloc(a->n_errors + 1, sizeof *b->errors)) == NULL)
            return LOA_ERR_NOMEM;
        for (k = 0; k < a->n_errors; k++) {
            loa_plan_error *e = &b->errors[b->n_errors++];

            e->line = a->errors[k].line;
            e->col = a->errors[k].col;
            if ((e->id = loai_dup_str(a->errors[k].id)) == NULL ||
                (e->vi = loai_dup_str(a->errors[k].vi)) == NULL ||
                (e->en = loai_dup_str(a->errors[k].en)) == NULL)
                return LOA_ERR_NOMEM;
        }
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
    for (i = 0; i < r->n_left_out; i++)
        loa_plan_left_out_clear(&r->left_out[i]);
    free(r->left_out);
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
        if (*B->cfg.output_dir)
            loai_diag_set(diag, "the output directory \"%s\" is the root directory — set "
                                "'output' in %s to a directory of its own, e.g. \"out\"",
                          B->cfg.output_dir, B->cfg.path);
        else
            loai_diag_set(diag, "the output directory is empty — set 'output' in %s to a "
                                "directory of its own, e.g. \"out\"", B->cfg.path);
        return LOA_ERR_CONFIG;
    }
    if (loai_file_is_root(B->cache)) {
        if (*B->cache)
            loai_diag_set(diag, "the cache directory \"%s\" is the root directory — give "
                                "--cache a directory of its own, or leave it out "
                                "(<output>/.cache)", B->cache);
        else
            loai_diag_set(diag, "the cache directory is empty — give --cache a directory of "
                                "its own, or leave it out (<output>/.cache)");
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
        if (B->opts->progress) /* say so before blocking: it may take the whole other build */
            B->opts->progress(B->opts->progress_ctx, "wait", 0, 0);
        err = loai_file_lock(path, excl, 1, B->opts->cancel, fd, diag);
    } else if (err == LOA_ERR_LOCKED) {
        if (loa_file_read(path, &who, &len, NULL) == LOA_OK)
            who[strcspn(who, "\n")] = '\0';
        if (who != NULL && *who)
            loai_diag_set(diag, "another build of %s is running (%s) — nothing done: try again "
                                "later, or run with --wait", dir, who);
        else
            loai_diag_set(diag, "another build of %s is running — nothing done: try again "
                                "later, or run with --wait", dir);
        free(who);
    }
    if (err == LOA_OK && excl) {
        time_t now = time(NULL);
        struct tm tm;
        int n;

        gmtime_r(&now, &tm);
        /* no words: the message it goes into is said in either language */
        n = snprintf(info, sizeof info, "pid %ld, %04d-%02d-%02dT%02d:%02d:%02dZ\n",
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
    /* One whole message per case (msg.h: no English words as arguments). */
    if (!all && B->cache_lock >= 0)
        return loai_build_note(B, LOA_BUILD_STOPPED, NULL, 0, 0,
                               B->stage_removed
                                   ? "stopped: the staging tree removed; the cache is in use by "
                                     "another build, whose temporary files the next build "
                                     "clears; the published week is as it was"
                                   : "stopped: the cache is in use by another build, whose "
                                     "temporary files the next build clears; the published "
                                     "week is as it was");
    if (B->stage_removed)
        return loai_build_note(B, LOA_BUILD_STOPPED, NULL, 0, 0,
                               "stopped: the staging tree and %zu temporary files removed; the "
                               "published week is as it was", n);
    return loai_build_note(B, LOA_BUILD_STOPPED, NULL, 0, 0,
                           "stopped: %zu temporary files removed; the published week is as it "
                           "was", n);
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
    if (opts->strict && res->n_left_out > 0) {
        loai_diag_set(diag, "%zu scripts have errors (--strict: nothing is built)",
                      res->n_left_out);
        err = LOA_ERR_TEXT;
        goto out;
    }
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
        if ((err = loai_build_make_plan(&B, diag)) != LOA_OK ||
            (err = plan_left_out(&B)) != LOA_OK)
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
