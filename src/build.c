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

#include "loa/build.h"
#include "loa/config.h"
#include "loa/date.h"
#include "loa/error.h"
#include "loa/file.h"
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
    return loa_bulletin_id(path, &nb->id);
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
    if (r == NULL)
        return;
    loa_plan_clear(&r->plan);
    free(r->target);
    free(r->err_file);
    memset(r, 0, sizeof *r);
}

static void build_free(struct build *B)
{
    size_t i;

    for (i = 0; i < B->n_bs; i++) {
        loa_bulletin_clear(&B->bs[i].b);
        free(B->bs[i].id);
        free(B->bs[i].path);
    }
    for (i = 0; i < B->n_units; i++) {
        free(B->units[i].parts);
        free(B->units[i].texts);
        free(B->units[i].wav);
    }
    for (i = 0; i < B->n_pieces; i++)
        free(B->pieces[i].mp3);
    free(B->bs);
    free(B->units);
    free(B->pieces);
    free(B->seq);
    free(B->seq_at);
    free(B->item_piece);
    free(B->jobs);
    free(B->cache);
    for (i = 0; i < B->n_hashes; i++)
        free(B->hashes[i].path);
    free(B->hashes);
    loa_lexicon_free(B->lex);
    loa_config_clear(&B->cfg);
}

loa_err loa_build_run(const loa_build_opts *opts, loa_build_result *res, loa_diag *diag)
{
    struct build B;
    char *datadir = NULL;
    size_t i;
    loa_err err;

    loa_build_result_init(res);
    memset(&B, 0, sizeof B);
    B.opts = opts;
    B.res = res;
    loa_config_init(&B.cfg);
    if ((err = loa_config_load(&B.cfg, opts->config, &res->err_file, diag)) != LOA_OK)
        goto out;
    if (res->err_file == NULL && (res->err_file = strdup(opts->config)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    if ((err = loa_file_data_dir(opts->data_dir, &datadir, diag)) != LOA_OK ||
        (err = loa_lexicon_open(&B.lex, datadir, diag)) != LOA_OK)
        goto out;
    for (i = 0; i < B.cfg.n_lexicons; i++) {
        if ((err = loa_lexicon_add_file(B.lex, B.cfg.lexicons[i], diag)) != LOA_OK) {
            free(res->err_file);
            res->err_file = strdup(B.cfg.lexicons[i]);
            goto out;
        }
    }
    free(res->err_file);
    res->err_file = NULL;
    B.cache = opts->cache_dir ? strdup(opts->cache_dir)
                              : loai_file_join(B.cfg.output_dir, ".cache");
    if (B.cache == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    if ((err = load_scripts(&B, diag)) != LOA_OK)
        goto out;
    if ((err = loai_build_plan_units(&B, loa_date_iso_monday(opts->iso_year, opts->iso_week),
                                     diag)) != LOA_OK)
        goto out;
    if ((err = loai_build_check_lengths(&B, diag)) != LOA_OK)
        goto out;
    if (!opts->dry_run && (err = loai_build_render_missing(&B, 1, diag)) != LOA_OK)
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
    if ((err = loai_build_render_missing(&B, 0, diag)) != LOA_OK)
        goto out;
    err = loai_build_publish(&B, diag);
out:
    free(datadir);
    build_free(&B);
    return err;
}
