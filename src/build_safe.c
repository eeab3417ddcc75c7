/* What keeps a bad source off the air. Every jingle, bed and recording is
 * screened before the week is planned (build_plan.c's probe: a regular
 * file, decodable, no damaged samples, not near-silent), and a piece whose
 * render cannot keep its promise (verify_int.h) takes its source out of
 * the week. Nothing bad is published, and nothing bad takes the district
 * down: a station airs without a jingle or bed that cannot be made safe
 * (its bulletins matter more than its signature tune), a bulletin whose
 * recording or speech cannot be made safe is left out, the rest of the
 * week is published, and each is noted (loa build: exit 3). See build.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/build.h"
#include "loa/config.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/script.h"
#include "build_int.h"
#include "error_int.h"

/* Near-silent: the program engine's own floor (program.c SILENT_LUFS). */
#define SOURCE_SILENT_LUFS -50.0

loa_err loai_build_note(struct build *B, loa_build_note_kind kind, const char *file, int line,
                        int col, const char *fmt, ...)
{
    loa_build_result *r = B->res;
    loa_build_note *v, *n;
    char msg[768];
    va_list ap;
    size_t i;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Rounds of planning find the same things again: say each once. */
    for (i = 0; i < r->n_notes; i++)
        if (r->notes[i].kind == kind && strcmp(r->notes[i].msg, msg) == 0 &&
            (file == NULL) == (r->notes[i].file == NULL) &&
            (file == NULL || strcmp(file, r->notes[i].file) == 0))
            return LOA_OK;
    if ((v = realloc(r->notes, (r->n_notes + 1) * sizeof *v)) == NULL)
        return LOA_ERR_NOMEM;
    r->notes = v;
    n = &v[r->n_notes];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = line;
    n->col = col;
    if ((n->msg = strdup(msg)) == NULL || (file != NULL && (n->file = strdup(file)) == NULL)) {
        free(n->msg);
        return LOA_ERR_NOMEM;
    }
    r->n_notes++;
    return LOA_OK;
}

loa_err loai_build_note_damaged(struct build *B, const char *audio, const char *why)
{
    loai_build_entry_remove(audio);
    return loai_build_note(B, LOA_BUILD_REPAIRED, audio, 0, 0,
                           "damaged cache entry (%s): removed and rendered again", why);
}

/* ---- taking a source out ---- */

static const char *role_name(int role)
{
    return role == 0 ? "intro" : role == 1 ? "outro" : role == 2 ? "chime" : "bed";
}

static char **jingle_slot(loa_config_jingles *j, int role)
{
    return role == 0 ? &j->intro : role == 1 ? &j->outro : role == 2 ? &j->chime : &j->bed;
}

/* Every station airing PATH as its ROLE (0 intro, 1 outro, 2 chime, 3 bed)
 * goes without it; noted once, naming them. */
static loa_err drop_jingle(struct build *B, const char *path, int role, const char *why)
{
    char names[512] = "", *file = strdup(path);
    size_t i, len = 0;
    int n = 0;
    loa_err err;

    if (file == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < B->cfg.n_stations; i++) {
        char **j = jingle_slot(&B->cfg.stations[i].jingles, role);

        if (*j == NULL || strcmp(*j, file) != 0) /* PATH may be the first *j, freed below */
            continue;
        free(*j);
        *j = NULL;
        if (len + strlen(B->cfg.stations[i].id) + 8 < sizeof names)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", n ? ", " : "",
                                    B->cfg.stations[i].id);
        n++;
    }
    err = n == 0 ? LOA_OK
                 : loai_build_note(B, LOA_BUILD_FALLBACK, file, 0, 0,
                                   "%s cannot be made safe to air (%s): station%s %s air%s "
                                   "without %s %s this week — fix or replace the file",
                                   role_name(role), why, n > 1 ? "s" : "", names,
                                   n > 1 ? "" : "s", n > 1 ? "their" : "its", role_name(role));
    free(file);
    return err;
}

/* Bulletin I out of the week (WHAT of it, e.g. "its recording x.mp3",
 * cannot be made safe: WHY), noted at its Âm thanh line if it has one. */
static loa_err drop_bulletin(struct build *B, size_t i, const char *what, const char *why)
{
    struct bulletin *b = &B->bs[i];
    int standing = B->has_standing && i == B->n_bs - 1, line = b->b.audio ? b->b.audio_line : 0;
    loa_err err;

    err = loai_build_note(B, LOA_BUILD_LEFT_OUT, b->path, line, line > 0,
                          "%s cannot be made safe to air (%s): the %sbulletin is left out of the "
                          "week, the rest is published — fix or replace it", what, why,
                          standing ? "standing " : "");
    if (err != LOA_OK)
        return err;
    loa_bulletin_clear(&b->b);
    free(b->id);
    free(b->path);
    memmove(b, b + 1, (B->n_bs - i - 1) * sizeof *b);
    B->n_bs--;
    if (standing)
        B->has_standing = 0;
    return LOA_OK;
}

/* 1 when ERR is a source's fault (it cannot be decoded, is damaged,
 * silent, or cannot keep the promise), not the machine's. */
static int source_fault(loa_err err)
{
    return err == LOA_ERR_UNSAFE || err == LOA_ERR_SILENT || err == LOA_ERR_AUDIO ||
           err == LOA_ERR_INVALID;
}

loa_err loai_build_exclude(struct build *B, const struct piece *pc, loa_err why_err,
                           const char *why, int *done, loa_diag *diag)
{
    const loa_plan *P = &B->res->plan;
    const loa_plan_clip *c;
    size_t bi;
    loa_err err;

    *done = 0;
    if (!source_fault(why_err) || pc->kind == PIECE_GAP || pc->clip < 0)
        return LOA_OK;
    if (pc->kind == PIECE_JINGLE) {
        int role = strcmp(pc->role, "intro") == 0 ? 0 : strcmp(pc->role, "outro") == 0 ? 1 : 2;

        *done = 1;
        return drop_jingle(B, pc->audio, role, why);
    }
    if (pc->bed != NULL) {
        /* The item with its bed failed: the item alone decides whose fault
         * it was (rendered here, once; a good one is cached for later). */
        struct piece alone = *pc;
        char *mp3 = malloc(strlen(pc->mp3) + 8);
        loa_diag d;

        if (mp3 == NULL)
            return LOA_ERR_NOMEM;
        sprintf(mp3, "%s.alone", pc->mp3);
        alone.bed = NULL;
        alone.mp3 = mp3;
        loa_diag_clear(&d);
        err = loai_build_render_piece(B, &alone, &d);
        loai_build_entry_remove(mp3);
        free(mp3);
        if (err == LOA_OK || !source_fault(err)) {
            *done = 1;
            return drop_jingle(B, pc->bed, 3, why);
        }
    }
    /* By its script, not its index: one failure of the round may have
     * taken another bulletin out already (the array moved), or this one. */
    c = &P->clips[pc->clip];
    for (bi = 0; c->source != NULL && bi < B->n_bs; bi++)
        if (strcmp(B->bs[bi].path, c->source) == 0)
            break;
    if (c->source == NULL || bi == B->n_bs) {
        *done = c->source != NULL; /* already out */
        if (!*done)
            loai_diag_set(diag, "no bulletin for clip %s", c->id);
        return *done ? LOA_OK : LOA_ERR_PLAN;
    }
    {
        char what[600];

        if (B->bs[bi].b.audio != NULL)
            snprintf(what, sizeof what, "its recording %s", B->bs[bi].b.audio);
        else
            snprintf(what, sizeof what, "its speech");
        err = drop_bulletin(B, bi, what, why);
    }
    *done = err == LOA_OK;
    return err;
}

/* ---- screening ---- */

/* PATH as a source: 1 when it may air, else 0 with the reason in WHY. */
static loa_err screen_one(struct build *B, const char *path, int *ok, char *why, size_t n)
{
    double secs, lufs;
    loa_diag d;
    loa_err err;

    loa_diag_clear(&d);
    err = loai_build_clip_probe(B, path, &secs, &lufs, &d);
    if (err == LOA_ERR_NOMEM)
        return err;
    *ok = 0;
    if (err != LOA_OK)
        snprintf(why, n, "%s", d.msg[0] ? d.msg : loa_strerror(err));
    else if (!(lufs > SOURCE_SILENT_LUFS))
        snprintf(why, n, "%s is near-silent (%.1f LUFS)", path, lufs);
    else
        *ok = 1;
    return LOA_OK;
}

loa_err loai_build_screen(struct build *B, loa_diag *diag)
{
    char why[600];
    size_t i;
    int role, ok;
    loa_err err;

    (void)diag;
    for (i = 0; i < B->cfg.n_stations; i++)
        for (role = 0; role < 4; role++) {
            char **j = jingle_slot(&B->cfg.stations[i].jingles, role);

            if (*j == NULL)
                continue;
            if ((err = screen_one(B, *j, &ok, why, sizeof why)) != LOA_OK)
                return err;
            if (!ok && (err = drop_jingle(B, *j, role, why)) != LOA_OK)
                return err;
        }
    for (i = 0; i < B->n_bs;) {
        const char *audio = B->bs[i].b.audio;
        char what[600];

        if (audio == NULL) {
            i++;
            continue;
        }
        if ((err = screen_one(B, audio, &ok, why, sizeof why)) != LOA_OK)
            return err;
        if (ok) {
            i++;
            continue;
        }
        snprintf(what, sizeof what, "its recording %s", audio);
        if ((err = drop_bulletin(B, i, what, why)) != LOA_OK)
            return err;
    }
    return LOA_OK;
}
