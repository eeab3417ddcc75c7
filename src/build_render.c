/* The build's rendering: speech units and pieces the cache lacks, each a
 * job in a worker process (jobs.c). See build.c. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/mp3.h"
#include "loa/plan.h"
#include "loa/program.h"
#include "loa/synth.h"
#include "build_int.h"
#include "error_int.h"
#include "file_int.h"
#include "jobs_int.h"
#include "program_int.h"

/* ---- rendering (runs in worker processes) ---- */

static loa_err render_speech_here(struct build *B, struct unit *u, loa_diag *diag)
{
    loa_synth_opts so;
    loa_synth *syn = NULL;
    double secs;
    loa_err err;

    so.dialect = (loa_dialect)u->dialect;
    so.rate_wpm = B->cfg.rate_wpm;
    so.pitch = B->cfg.pitch;
    so.data_path = NULL;
    if ((err = loa_synth_open(&syn, &so, diag)) != LOA_OK)
        return err;
    err = loa_synth_render(syn, u->parts, u->n_parts, u->wav, &secs, diag);
    loa_synth_free(syn);
    if (err != LOA_OK)
        return err;
    return loai_build_meta_write(u->wav, secs, 0, 0, NULL, diag);
}

/* espeak-ng's output depends on what the same process said before (its
 * state carries across utterances: the same words come out a few samples
 * longer or shorter), so a unit rendered after others would differ from the
 * same unit rendered alone, and a rebuild that finds part of the week in the
 * cache would not be byte-identical to a clean one. So each unit is said by
 * a fresh espeak-ng, in a child of the worker (espeak-ng cannot be restarted
 * within a process). */
static loa_err render_speech(struct build *B, struct unit *u, loa_diag *diag)
{
    struct {
        loa_err err;
        loa_diag d;
    } r;
    size_t got = 0;
    int fds[2], status;
    pid_t pid;

    if (pipe(fds) != 0 || (pid = fork()) < 0) {
        loai_diag_set(diag, "cannot start a speech process: %s", strerror(errno));
        return LOA_ERR_SYNTH;
    }
    if (pid == 0) {
        close(fds[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* a timed-out worker takes it along */
        memset(&r, 0, sizeof r);
        r.err = render_speech_here(B, u, &r.d);
        _exit(write(fds[1], &r, sizeof r) == (ssize_t)sizeof r ? 0 : 3);
    }
    close(fds[1]);
    while (got < sizeof r) {
        ssize_t n = read(fds[0], (char *)&r + got, sizeof r - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (got < sizeof r) {
        loai_diag_set(diag, "espeak-ng died (%s %d) while saying %s — check it for long "
                      "digit runs or odd symbols",
                      WIFSIGNALED(status) ? "signal" : "exit status",
                      WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
                      B->bs[u->bulletin].path);
        return LOA_ERR_SYNTH;
    }
    if (r.err != LOA_OK && diag != NULL)
        *diag = r.d;
    return r.err;
}

/* A gap piece: N samples of digital silence, encoded as the profile's
 * MP3 (no engine: there is nothing to measure). */
static loa_err render_gap(const struct piece *pc, loa_diag *diag)
{
    loa_mp3_opts mo;
    loa_mp3 *enc = NULL;
    float zero[4096];
    char *tmp = NULL;
    size_t left = pc->gap;
    loa_err err;

    memset(zero, 0, sizeof zero);
    memset(&mo, 0, sizeof mo);
    mo.bitrate_kbps = pc->profile->bitrate_kbps;
    mo.quality = -1;
    mo.threads = 1;
    if ((err = loai_stage_name(pc->mp3, &tmp)) != LOA_OK)
        return err;
    if ((err = loa_mp3_open(&enc, tmp, pc->profile->rate, &mo, diag)) != LOA_OK)
        goto done;
    while (left > 0 && err == LOA_OK) {
        size_t k = left < 4096 ? left : 4096;

        err = loa_mp3_write(enc, zero, k, diag);
        left -= k;
    }
    if (err == LOA_OK && (err = loa_mp3_finish(enc, diag)) == LOA_OK)
        err = loai_stage_commit(tmp, pc->mp3, diag);
done:
    loa_mp3_free(enc);
    if (err != LOA_OK)
        loai_stage_abort(tmp, pc->mp3);
    free(tmp);
    if (err != LOA_OK)
        return err;
    return loai_build_meta_write(pc->mp3, (double)pc->gap / pc->profile->rate, -HUGE_VAL,
                                 -HUGE_VAL, pc->profile->name, diag);
}

/* Render piece PC into the cache: normalized to the profile's loudness and
 * limited on its own, one encoder thread (build workers are processes, one
 * a core already; and a worker forks its speech children, which must not
 * happen with threads running). */
loa_err loai_build_render_piece(struct build *B, const struct piece *pc, loa_diag *diag)
{
    loa_program_spec spec;
    loa_program_item item;
    loa_program_report rep;
    loa_err err;

    if (pc->kind == PIECE_GAP)
        return render_gap(pc, diag);
    memset(&spec, 0, sizeof spec);
    spec.prod.profile = pc->profile;
    spec.mp3_threads = 1;
    if (pc->kind == PIECE_ITEM) {
        item.path = pc->audio;
        item.urgent = 0;
        spec.items = &item;
        spec.n_items = 1;
        spec.eq_items = 1;
        spec.prod.bed = pc->bed;
        spec.prod.lead_ms = spec.prod.tail_ms = pc->bed ? BED_EDGE_MS : -1;
        err = loa_program_render(&spec, pc->mp3, &rep, diag);
    } else {
        loai_part part = {.kind = LOAI_PART_JINGLE, .path = pc->audio, .role = pc->role};
        loa_mp3_opts mo;
        double secs;

        if ((err = loai_build_clip_probe(B, pc->audio, &secs, NULL, diag)) != LOA_OK)
            return err;
        spec.prod.tail_ms = secs * 1000 < JINGLE_MIN_MS ? JINGLE_MIN_MS - (int)(secs * 1000) : -1;
        memset(&mo, 0, sizeof mo);
        mo.quality = -1;
        mo.threads = 1;
        err = loai_program_run(&part, 1, &spec.prod, 0, &mo, pc->mp3, &rep, diag);
    }
    if (err != LOA_OK)
        return err;
    return loai_build_meta_write(pc->mp3, rep.seconds, rep.integrated_lufs, rep.true_peak_dbtp,
                                 pc->profile->name, diag);
}

static loa_err run_job(void *ctx, size_t j, loa_diag *diag)
{
    struct build *B = ctx;
    const struct job *job = &B->jobs[j];

    if (job->kind == JOB_SPEECH)
        return render_speech(B, &B->units[job->idx], diag);
    return loai_build_render_piece(B, &B->pieces[job->idx], diag);
}

static void job_done(void *ctx, size_t j, loa_err err, const loa_diag *d)
{
    struct build *B = ctx;

    B->jobs[j].err = err;
    if (err != LOA_OK && B->jobs[j].msg == NULL)
        B->jobs[j].msg = strdup(d->msg); /* NULL when out of memory: the message is lost */
    if (err != LOA_OK && B->failed_job < 0)
        B->failed_job = (long)j;
    B->jobs_done++;
    if (B->opts->progress)
        B->opts->progress(B->opts->progress_ctx,
                          B->jobs[j].kind == JOB_SPEECH ? "speech" : "pieces",
                          B->jobs_done, B->n_jobs);
}

/* Say which bulletin or slot a failed job was rendering: loai_jobs_run
 * hands back the first failure's own message. */
static void blame(struct build *B, loa_diag *diag)
{
    const loa_plan *P = &B->res->plan;
    char msg[sizeof diag->msg];
    const struct job *jb;

    if (B->failed_job < 0)
        return;
    jb = &B->jobs[B->failed_job];
    snprintf(msg, sizeof msg, "%s", diag->msg);
    if (jb->kind == JOB_SPEECH) {
        const struct unit *u = &B->units[jb->idx];

        loai_diag_set(diag, "speaking %s (%s voice): %s", B->bs[u->bulletin].path,
                      loa_dialect_name((loa_dialect)u->dialect), msg);
    } else {
        const struct piece *pc = &B->pieces[jb->idx];

        if (pc->kind == PIECE_GAP)
            loai_diag_set(diag, "rendering a gap: %s", msg);
        else if (pc->kind == PIECE_JINGLE)
            loai_diag_set(diag, "rendering the %s jingle %s: %s", pc->role, pc->audio, msg);
        else
            loai_diag_set(diag, "rendering item %s: %s", P->clips[pc->clip].id, msg);
    }
    /* The position, if any, is in the render's own input, not a script. */
    diag->line = diag->col = 0;
}

/* Longest first, so the last jobs to start are short ones and the workers
 * end together instead of one finishing a long program alone while the
 * other idles (jobs in plan order left up to a 3.5 s tail at -j2 in the
 * demo week). Ties in job order: the order never changes what is made. */
static int cmp_job(const void *a, const void *b)
{
    const struct job *x = a, *y = b;

    if (x->cost != y->cost)
        return x->cost > y->cost ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* What a job costs, in seconds of audio it makes (render time grows with
 * it): a unit's estimate, a piece's planned length. */
static double job_cost(const struct build *B, const struct job *jb)
{
    const struct piece *pc;

    if (jb->kind == JOB_SPEECH)
        return loai_build_unit_estimate(B, &B->units[jb->idx]);
    pc = &B->pieces[jb->idx];
    if (pc->kind == PIECE_GAP)
        return 0;
    return B->res->plan.clips[pc->clip].seconds;
}

static void jobs_free(struct build *B)
{
    size_t i;

    for (i = 0; B->jobs != NULL && i < B->n_jobs; i++)
        free(B->jobs[i].msg);
    free(B->jobs);
    B->jobs = NULL;
    B->n_jobs = 0;
}

/* Pieces whose job failed for their source are taken out of the week;
 * *RETRY 1 when any was. Any other failure is the build's, blamed on the
 * first job that had it. */
static loa_err sort_failures(struct build *B, int *retry, loa_diag *diag)
{
    size_t i;
    loa_err err;

    for (i = 0; i < B->n_jobs; i++) {
        struct job *jb = &B->jobs[i];
        int done = 0;

        if (jb->err == LOA_OK)
            continue;
        if (jb->kind == JOB_PIECE && retry != NULL &&
            (err = loai_build_exclude(B, &B->pieces[jb->idx], jb->err, jb->msg ? jb->msg : "",
                                      &done, diag)) != LOA_OK)
            return err;
        if (done) {
            *retry = 1;
            continue;
        }
        B->failed_job = (long)i;
        loai_diag_set(diag, "%s", jb->msg ? jb->msg : loa_strerror(jb->err));
        blame(B, diag);
        return jb->err;
    }
    return LOA_OK;
}

loa_err loai_build_render_missing(struct build *B, int speech, int *retry, loa_diag *diag)
{
    size_t i, n = 0;
    loa_err err;

    jobs_free(B);
    if (retry != NULL)
        *retry = 0;
    B->jobs = calloc((speech ? B->n_units : B->n_pieces) + 1, sizeof *B->jobs);
    if (B->jobs == NULL)
        return LOA_ERR_NOMEM;
    if (speech) {
        for (i = 0; i < B->n_units; i++)
            if (!B->units[i].cached)
                B->jobs[n++] = (struct job){JOB_SPEECH, i, 0, LOA_OK, NULL};
        B->res->jobs_total += B->n_units;
    } else {
        for (i = 0; i < B->n_pieces; i++)
            if (!B->pieces[i].cached)
                B->jobs[n++] = (struct job){JOB_PIECE, i, 0, LOA_OK, NULL};
        B->res->jobs_total += B->n_pieces;
    }
    for (i = 0; i < n; i++)
        B->jobs[i].cost = job_cost(B, &B->jobs[i]);
    qsort(B->jobs, n, sizeof *B->jobs, cmp_job);
    B->n_jobs = n;
    B->jobs_done = 0;
    B->failed_job = -1;
    if (n == 0)
        return LOA_OK;
    if ((err = loai_file_mkdirs(B->cache, diag)) != LOA_OK)
        return err;
    {
        char *sub = loai_file_join(B->cache, speech ? "speech" : "seg");

        if (sub == NULL)
            return LOA_ERR_NOMEM;
        err = loai_file_mkdirs(sub, diag);
        free(sub);
        if (err != LOA_OK)
            return err;
    }
    err = loai_jobs_run(n, B->opts->jobs, RENDER_TIMEOUT_S, run_job, job_done, B,
                        B->opts->cancel, diag);
    B->rendered += n;
    if (err == LOA_ERR_CANCELLED || loai_build_cancelled(B)) {
        /* Workers a Ctrl-C killed show as crashed jobs: it was the signal. */
        loai_diag_set(diag, "stopped by a signal");
        return LOA_ERR_CANCELLED;
    }
    if (err != LOA_OK && (err = sort_failures(B, retry, diag)) != LOA_OK)
        return err;
    /* Read back what the workers measured (and wrote, hashed, beside it). */
    for (i = 0; i < n; i++) {
        const struct job *jb = &B->jobs[i];
        struct build_meta m;
        char why[256];
        const char *audio = jb->kind == JOB_SPEECH ? B->units[jb->idx].wav
                                                   : B->pieces[jb->idx].mp3;

        if (jb->err != LOA_OK)
            continue; /* taken out of the week */
        if (loai_build_entry(audio, &m, why, sizeof why) <= 0) {
            loai_diag_set(diag, "a render finished without its result in the cache %s",
                          B->cache);
            return LOA_ERR_IO;
        }
        if (jb->kind == JOB_SPEECH) {
            B->units[jb->idx].cached = 1;
            B->units[jb->idx].seconds = m.seconds;
        } else {
            struct piece *pc = &B->pieces[jb->idx];

            pc->cached = 1;
            pc->seconds = m.seconds;
            pc->lufs = m.lufs;
            pc->tp = m.tp;
        }
    }
    return LOA_OK;
}
