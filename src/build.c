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

#include "loa/build.h"
#include "loa/check.h"
#include "loa/config.h"
#include "loa/date.h"
#include "loa/error.h"
#include "loa/file.h"
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
    if ((nb->path = loai_dup_str(path)) == NULL)
        err = LOA_ERR_NOMEM;
    else if (loa_bulletin_id(path, &nb->id) != LOA_OK)
        err = LOA_ERR_NOMEM;
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
    if (opts->strict && res->n_left_out > 0) {
        loai_diag_set(diag, "%zu scripts have errors (--strict: nothing is built)",
                      res->n_left_out);
        err = LOA_ERR_TEXT;
        goto out;
    }
    if ((err = loai_build_plan_units(&B, loa_date_iso_monday(opts->iso_year, opts->iso_week),
                                     diag)) != LOA_OK)
        goto out;
    if ((err = loai_build_check_lengths(&B, diag)) != LOA_OK)
        goto out;
    if (!opts->dry_run && (err = loai_build_render_missing(&B, 1, diag)) != LOA_OK)
        goto out;
    if ((err = loai_build_make_plan(&B, diag)) != LOA_OK || (err = plan_left_out(&B)) != LOA_OK)
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
