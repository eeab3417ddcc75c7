/* The parallel MP3 encoder (loa_mp3_opts.threads > 1).
 *
 * The PCM is cut into chunks at silences: a chunk ends once it is at least
 * PAR_MIN_S long and PCM has been quiet (|x| < PAR_QUIET, -60 dBFS) for
 * `need` samples (>= 100 ms). Each chunk is encoded by its own lame_t, on a
 * pool of worker threads, and the frames are written in order; the first
 * chunk's encoder reserves the Info frame, which is patched at the end with
 * the whole file's frame and byte counts, TOC, padding and CRCs.
 *
 * Gapless joins: a chunk of n samples decodes to F * fs samples with
 * F = ceil((n + 1152) / fs) (LAME 3.100: 576 samples of encoder delay, the
 * rest padding; fs = 1152 or 576 samples a frame). The cut is placed in the
 * silence so that n + 1152 is a multiple of fs, so each chunk decodes to
 * exactly 1152 extra samples, and those 1152 input samples (silence) are
 * dropped at the cut. The decoded file then has the input's length, sample
 * for sample, and every burst stays where it was. Workers check F after the
 * flush, so a LAME that counts otherwise fails loudly instead of drifting.
 *
 * Memory: PCM goes to the workers in segments of PAR_SEG_S as it comes (a
 * chunk's segments go through its lame_t in order, a worker takes the
 * first segment whose chunk is free), so a chunk can be any length: one
 * with no long silence (e.g. under a music bed) is encoded serially, with
 * no seam at all. The caller waits while the PCM not yet written exceeds
 * PAR_MIN_S per thread: that is enough to keep every thread busy on its
 * own chunk when the caller is faster than the encoders. The cuts depend
 * on the PCM only, so the output is the same for any thread count above 1
 * (it differs from threads = 1, which has no seams).
 *
 * The guard (opts->guard): LAME moves peaks, most after heavy limiting
 * (decoded true peaks up to 2.7 dB over the input's), at new places each
 * time it runs. So each chunk keeps its PCM (16 bits) until the worker that
 * flushed it has decoded its frames (libsndfile, from memory) and measured
 * their true peak; a chunk over the ceiling is encoded again alone, its PCM
 * through a limiter set lower by the excess (and 0.2 dB), up to GUARD_TRIES
 * times, and its new frames replace the old: the rest of the file is not
 * touched. A chunk decodes alone as it does in the file: it starts with an
 * empty bit reservoir, and its edges are silence, where the decoder's
 * overlap with the neighbour adds nothing above -60 dBFS. Frames are
 * written only once their chunk is checked; a chunk longer than
 * GUARD_MAX_S (no silence to cut at, e.g. under a music bed) stops keeping
 * its PCM, is written as it comes, and the file is reported unchecked (the
 * caller decodes it whole). With the guard, threads = 1 cuts too (one
 * worker thread). */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "loa/mp3.h"
#include "error_int.h"
#include "loudness_int.h"
#include "mp3_int.h"

#define PAR_MIN_S 15       /* a chunk is at least this long before it may end: each new
                            * chunk costs a LAME set-up (~1.5 ms), and the caller may
                            * queue this much PCM per thread (memory) */
#define PAR_SEG_S 1        /* PCM goes to the workers in segments this long */
#define PAR_QUIET 0.001f   /* -60 dBFS */
#define GUARD_MAX_S 40     /* a chunk keeps its PCM for the guard up to this long */
#define GUARD_TRIES 3      /* encodes of a chunk after the first */
#define GUARD_STEP_DB 0.2  /* below the excess, each time */
#define GUARD_LOOKAHEAD_MS 5.0
#define GUARD_RELEASE_MS 50.0
/* A decoder's output lags the encoder's input by LAME's delay and the
 * decoder's own 529 samples: a chunk decoded alone (no Info tag, nothing
 * trimmed) starts 1105 samples before its PCM. libsndfile (1.2, mpg123)
 * trims them from a whole MPEG-1 file by its Info tag, but not from an
 * MPEG-2 file (22.05 kHz; measured): the guard meters on the grid of the
 * file as libsndfile decodes it, the project's one verifying decoder
 * (verify.c), and test_mp3_par compares the two at both rates. */
#define DECODE_LEAD (LAME_DELAY + 529)

struct chain { /* one chunk: one lame_t, fed by one or more segments in order */
    struct chain *next;
    loai_lame *lame; /* NULL until its first segment runs; closed after its flush */
    size_t len;   /* samples submitted */
    int segs;     /* segments submitted */
    int done;     /* segments encoded (a worker waits for its turn) */
    loa_err err;  /* sticky: later segments of a failed chain fail too */
    int frames;   /* after the flush */
    int padding;
    struct seg *first; /* its first segment (the rest follow it in the queue) */
    double energy;     /* sum of squares of its PCM */
    /* the guard's (workers write these before `checked` is set, under the lock) */
    int16_t *keep;     /* its PCM, for encoding it again; NULL when unguarded */
    size_t keep_n, keep_cap;
    int lost;          /* the worker's: keeping or checking it failed, or too long */
    int unguarded;     /* `lost`, under the lock: written as it comes, never checked */
    int checked;       /* decoded and measured: its frames may be written */
    int over;          /* still over the ceiling after GUARD_TRIES */
    int redone;        /* encoded again */
    double peak;       /* decoded true peak, dBTP */
    size_t at;         /* the input sample it starts at (the decoded file's, too) */
    loai_kmeter *km;   /* its decoded K-weighted energy on the file's 100 ms grid */
    double energy_after; /* sum of squares after the re-encode's limiter */
    unsigned char *redo; /* its frames as encoded again (replacing its segments') */
    size_t redo_len;
};

struct seg {
    struct seg *next;
    struct chain *chain;
    int idx;  /* within its chain */
    int last; /* flush after it */
    float *pcm;
    size_t n;
    int taken, done;
    unsigned char *out;
    size_t out_len, out_cap;
    loa_err err;
    char msg[512]; /* as loa_diag */
};

struct loai_mp3_par {
    int rate, kbps, quality, fs, threads, nthreads;
    int guard;
    double ceiling; /* dBTP, the guard's */
    size_t need, min_len, cap; /* cap: the caller's buffer, a segment and `need` */
    pthread_t tid[PAR_MAX_THREADS];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop;
    struct seg *head, *tail; /* segments not yet written, in file order */
    size_t queued, queue_max; /* their samples */
    size_t pending;           /* samples not encoded yet; the caller waits above queue_max */
    struct chain *chains, *chain; /* all chains (freed at the end); the open one */
    struct chain *chain0;         /* its lame_t is enc->lame */
    /* producer (the caller's thread) */
    float *cur;
    size_t cur_n, cur_start; /* cur[0] is input sample cur_start */
    size_t pos;              /* input samples seen */
    size_t chain_start;      /* input sample where the open chain starts */
    size_t run;              /* quiet samples ending at pos */
    /* writer (the caller's thread) */
    size_t info_size; /* the reserved Info frame; 0 if LAME writes none */
    unsigned long bytes, frames;
    unsigned music_crc;
    int padding;
    int chunks, redone, unchecked; /* for loa_mp3_get_stats */
    double peak, energy, energy_after;
    loai_kmeter *km; /* the checked chunks' decoded energy, merged in file order */
    double lufs, lra; /* the decoded file's integrated loudness and range, from km */
    loa_err err; /* sticky */
    char msg[512]; /* as loa_diag */
};

static void seg_fail(struct seg *s, loa_err err, const char *msg)
{
    s->err = err;
    snprintf(s->msg, sizeof s->msg, "%s", msg);
}

/* Append N bytes of MP3 to the segment's output; 0 when out of memory. */
static int seg_append(struct seg *s, const unsigned char *mp3, size_t n)
{
    if (n == 0)
        return 1;
    if (s->out_len + n > s->out_cap) {
        size_t cap = s->out_cap ? 2 * s->out_cap : 16 * 1024;
        unsigned char *q;

        while (cap < s->out_len + n)
            cap *= 2;
        if ((q = realloc(s->out, cap)) == NULL)
            return 0;
        s->out = q;
        s->out_cap = cap;
    }
    memcpy(s->out + s->out_len, mp3, n);
    s->out_len += n;
    return 1;
}

/* Sum the segment's squares into its chain's energy, and keep its PCM
 * (16 bits) for the guard while the chain is short enough. */
static void keep_pcm(struct loai_mp3_par *p, struct chain *c, const float *pcm, size_t n)
{
    double e = 0;
    size_t i;

    for (i = 0; i < n; i++)
        e += (double)pcm[i] * pcm[i];
    c->energy += e;
    if (!p->guard || c->lost)
        return;
    if (c->keep_n + n > (size_t)GUARD_MAX_S * (size_t)p->rate) {
        free(c->keep); /* the chain is written as it comes (see worker) */
        c->keep = NULL;
        c->keep_n = c->keep_cap = 0;
        c->lost = 1; /* made visible under the lock by the worker */
        return;
    }
    if (c->keep_n + n > c->keep_cap) {
        /* In steps of 2 s, not doubling: what is kept is ~2 bytes a sample
         * of the chunks being encoded, on every thread at once. */
        size_t cap = c->keep_n + n + 2 * (size_t)p->rate;
        int16_t *q;

        if ((q = realloc(c->keep, cap * sizeof *q)) == NULL) {
            free(c->keep); /* no memory to keep it: unchecked, not an error */
            c->keep = NULL;
            c->keep_n = c->keep_cap = 0;
            c->lost = 1;
            return;
        }
        c->keep = q;
        c->keep_cap = cap;
    }
    for (i = 0; i < n; i++) { /* clamped and rounded half away from zero, no libm call */
        float x = pcm[i] * 32767.0f;

        /* NaN (never expected from the limiter) is kept as 0: casting it is undefined. */
        x = x > 32767.0f ? 32767.0f : x < -32767.0f ? -32767.0f : x == x ? x : 0.0f;
        c->keep[c->keep_n + i] = (int16_t)(x + (x < 0 ? -0.5f : 0.5f));
    }
    c->keep_n += n;
}

/* Decode N bytes of MP3 frames at MP3, chain C's: their true peak (dBTP)
 * and, in a new *KM, their K-weighted energy placed where C lies in the
 * decoded file (the lead-in before the file's first sample is not in it).
 * This is the file's own decode, chunk by chunk: the caller verifies the
 * file with it instead of decoding it again (program.c, verify.c). */
static loa_err frames_measure(const struct loai_mp3_par *p, const struct chain *c,
                              const unsigned char *mp3, size_t n, double *dbtp, loai_kmeter **km)
{
    loa_audio_reader *r = NULL;
    loai_tp_meter *tp = NULL;
    loai_kmeter *k = NULL;
    float buf[4096];
    size_t lead = p->fs == 1152 ? DECODE_LEAD : 0; /* MPEG-1: trimmed (above) */
    size_t got, skip = c->at < lead ? lead - c->at : 0;
    int rate;
    loa_err err;

    if ((err = loa_audio_reader_open_mem(&r, mp3, n, &rate, NULL)) != LOA_OK)
        return err;
    if (rate != p->rate)
        err = LOA_ERR_ENCODE;
    else if ((err = loai_tp_meter_new(&tp)) == LOA_OK)
        err = loai_kmeter_new_at(&k, rate, c->at + skip - lead, NULL);
    while (err == LOA_OK && (err = loa_audio_reader_read(r, buf, 4096, &got, NULL)) == LOA_OK &&
           got > 0) {
        size_t s = skip < got ? skip : got;

        skip -= s;
        if ((err = loai_tp_meter_add(tp, buf, got)) == LOA_OK)
            err = loai_kmeter_add(k, buf + s, got - s);
    }
    if (err == LOA_OK) {
        *dbtp = loai_tp_meter_read(tp);
        loai_kmeter_free(*km);
        *km = k;
        k = NULL;
    }
    loai_kmeter_free(k);
    loai_tp_meter_free(tp);
    loa_audio_reader_free(r);
    return err;
}

/* The true peak (dBTP) of chain C's kept PCM, as the limiter sees it. */
static loa_err keep_peak(const struct chain *c, double *dbtp)
{
    loai_tp_meter *tp = NULL;
    float buf[4096];
    size_t i, j, k;
    loa_err err;

    if ((err = loai_tp_meter_new(&tp)) != LOA_OK)
        return err;
    for (i = 0; err == LOA_OK && i < c->keep_n; i += k) {
        k = c->keep_n - i < 4096 ? c->keep_n - i : 4096;
        for (j = 0; j < k; j++)
            buf[j] = c->keep[i + j] / 32767.0f;
        err = loai_tp_meter_add(tp, buf, k);
    }
    *dbtp = loai_tp_meter_read(tp);
    loai_tp_meter_free(tp);
    return err;
}

/* A re-encode in progress: the limiter's output goes through LAME into OUT. */
struct redo {
    loai_lame *lame;
    unsigned char *out;
    size_t len, cap;
    double energy;
    loa_err err;
};

static int redo_append(struct redo *r, const unsigned char *b, size_t n)
{
    if (n == 0)
        return 1; /* LAME gave nothing yet; memcpy may not take a NULL out */
    if (r->len + n > r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64 * 1024;
        unsigned char *q;

        while (cap < r->len + n)
            cap *= 2;
        if ((q = realloc(r->out, cap)) == NULL)
            return 0;
        r->out = q;
        r->cap = cap;
    }
    memcpy(r->out + r->len, b, n);
    r->len += n;
    return 1;
}

static loa_err redo_fn(void *ctx, const float *pcm, size_t n)
{
    struct redo *r = ctx;
    unsigned char mp3[MP3_BUF];
    size_t i;

    for (i = 0; i < n; i++)
        r->energy += (double)pcm[i] * pcm[i];
    while (n > 0) {
        int k = n > MP3_CHUNK ? MP3_CHUNK : (int)n;
        int got = loai_mp3_chunk_encode(r->lame, pcm, k, mp3, MP3_BUF);

        if (got < 0)
            return LOA_ERR_ENCODE;
        if (!redo_append(r, mp3, (size_t)got))
            return LOA_ERR_NOMEM;
        pcm += k;
        n -= (size_t)k;
    }
    return LOA_OK;
}

/* Encode chain C's kept PCM again, through a limiter at CEILING dBTP, into
 * R (after HEAD bytes copied from HEADP: the first chunk's Info frame). */
static loa_err redo_chain(struct loai_mp3_par *p, struct chain *c, double ceiling,
                          const unsigned char *headp, size_t head, struct redo *r)
{
    loai_limiter *lim = NULL;
    unsigned char mp3[MP3_BUF];
    float buf[4096];
    size_t i, k;
    int got, frames, padding;
    loa_err err;

    r->len = 0;
    r->energy = 0;
    if ((err = loai_mp3_chunk_open(&r->lame, p->rate, p->kbps, p->quality)) != LOA_OK)
        return err;
    if (!redo_append(r, headp, head))
        err = LOA_ERR_NOMEM;
    else
        err = loai_limiter_new(&lim, p->rate, 0.0, ceiling, GUARD_LOOKAHEAD_MS, GUARD_RELEASE_MS,
                               redo_fn, r, NULL);
    for (i = 0; err == LOA_OK && i < c->keep_n; i += k) {
        size_t j;

        k = c->keep_n - i < 4096 ? c->keep_n - i : 4096;
        for (j = 0; j < k; j++)
            buf[j] = c->keep[i + j] / 32767.0f;
        err = loai_limiter_write(lim, buf, k);
    }
    if (err == LOA_OK)
        err = loai_limiter_finish(lim);
    if (err == LOA_OK) {
        if ((got = loai_mp3_chunk_flush(r->lame, mp3, MP3_BUF)) < 0)
            err = LOA_ERR_ENCODE;
        else if (!redo_append(r, mp3, (size_t)got))
            err = LOA_ERR_NOMEM;
    }
    if (err == LOA_OK) {
        loai_mp3_chunk_counts(r->lame, &frames, &padding);
        if (frames != c->frames || padding != c->padding)
            err = LOA_ERR_ENCODE; /* same PCM length, so LAME must count alike */
    }
    loai_limiter_free(lim);
    loai_mp3_chunk_close(r->lame);
    r->lame = NULL;
    return err;
}

/* The guard, on the worker that flushed chain C (its last segment LAST):
 * decode its frames, and encode it again while it is over the ceiling.
 * Errors here only leave the chain unchecked (the caller then decodes the
 * whole file); the file's frames are never at risk. */
static void check_chain(struct loai_mp3_par *p, struct chain *c, struct seg *last)
{
    struct redo r;
    unsigned char *all = NULL;
    size_t len = 0, head = c == p->chain0 ? p->info_size : 0;
    double peak, in_peak = 0, ceiling;
    struct seg *s;
    int tries;

    memset(&r, 0, sizeof r);
    pthread_mutex_lock(&p->mu);
    for (s = c->first; s != NULL; s = s->next) { /* the segments stay: none written yet */
        len += s->out_len;
        if (s == last)
            break;
    }
    pthread_mutex_unlock(&p->mu);
    if (len <= head || (all = malloc(len)) == NULL)
        goto unchecked;
    len = 0;
    pthread_mutex_lock(&p->mu);
    for (s = c->first; s != NULL; s = s->next) {
        if (s->out_len > 0)
            memcpy(all + len, s->out, s->out_len);
        len += s->out_len;
        if (s == last)
            break;
    }
    pthread_mutex_unlock(&p->mu);
    if (frames_measure(p, c, all + head, len - head, &peak, &c->km) != LOA_OK)
        goto unchecked;
    /* The input's peak is wanted only to encode again (most chunks pass). */
    if (peak > p->ceiling && keep_peak(c, &in_peak) != LOA_OK)
        goto unchecked;
    ceiling = in_peak;
    for (tries = 0; peak > p->ceiling && tries < GUARD_TRIES; tries++) {
        ceiling -= peak - p->ceiling + GUARD_STEP_DB;
        if (redo_chain(p, c, ceiling, all, head, &r) != LOA_OK ||
            frames_measure(p, c, r.out + head, r.len - head, &peak, &c->km) != LOA_OK)
            goto unchecked;
    }
    c->peak = peak;
    c->over = peak > p->ceiling;
    if (tries > 0) {
        c->redone = 1;
        c->redo = r.out;
        c->redo_len = r.len;
        c->energy_after = r.energy;
        r.out = NULL;
    }
    free(all);
    free(r.out);
    return;
unchecked:
    free(all);
    free(r.out);
    loai_kmeter_free(c->km);
    c->km = NULL;
    c->lost = 1;
}

/* Encode one segment (a worker, without the lock). Chunks after the first
 * get their lame_t here; the last segment flushes and checks the count. */
static void seg_encode(struct loai_mp3_par *p, struct seg *s)
{
    struct chain *c = s->chain;
    unsigned char mp3[MP3_BUF];
    size_t i;
    int got;

    if (c->err != LOA_OK) {
        seg_fail(s, c->err, "an earlier part of this chunk failed");
        return;
    }
    if (c->lame == NULL) {
        loa_err err = loai_mp3_chunk_open(&c->lame, p->rate, p->kbps, p->quality);

        if (err != LOA_OK) {
            seg_fail(s, err, err == LOA_ERR_NOMEM ? "out of memory for a LAME encoder"
                                                  : "LAME rejected a chunk encoder's settings");
            return;
        }
    }
    for (i = 0; i < s->n; i += MP3_CHUNK) {
        int n = s->n - i > MP3_CHUNK ? MP3_CHUNK : (int)(s->n - i);

        if (atomic_load(&p->stop)) {
            seg_fail(s, LOA_ERR_ENCODE, "encoding was cancelled");
            return;
        }
        got = loai_mp3_chunk_encode(c->lame, s->pcm + i, n, mp3, MP3_BUF);
        if (got < 0) {
            snprintf(s->msg, sizeof s->msg, "LAME encode error %d", got);
            s->err = LOA_ERR_ENCODE;
            return;
        }
        if (!seg_append(s, mp3, (size_t)got)) {
            seg_fail(s, LOA_ERR_NOMEM, "out of memory for MP3 output");
            return;
        }
    }
    keep_pcm(p, c, s->pcm, s->n);
    free(s->pcm); /* done with it: the memory is free before the next segment */
    s->pcm = NULL;
    if (!s->last)
        return;
    if ((got = loai_mp3_chunk_flush(c->lame, mp3, MP3_BUF)) < 0) {
        snprintf(s->msg, sizeof s->msg, "LAME flush error %d", got);
        s->err = LOA_ERR_ENCODE;
        return;
    }
    if (!seg_append(s, mp3, (size_t)got)) {
        seg_fail(s, LOA_ERR_NOMEM, "out of memory for MP3 output");
        return;
    }
    loai_mp3_chunk_counts(c->lame, &c->frames, &c->padding);
    if ((size_t)c->frames != (c->len + LAME_EXTRA + (size_t)p->fs - 1) / (size_t)p->fs ||
        (size_t)c->frames * (size_t)p->fs != c->len + LAME_DELAY + (size_t)c->padding) {
        snprintf(s->msg, sizeof s->msg,
                 "LAME made %d frames of %zu samples, not what the parallel encoder expects "
                 "of LAME 3.100 (encode with one thread)",
                 c->frames, c->len);
        s->err = LOA_ERR_ENCODE;
    }
}

static void *worker(void *arg)
{
    struct loai_mp3_par *p = arg;
    struct chain *c;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        struct seg *s = NULL;

        /* The first segment whose chunk has encoded all before it: a
         * chunk's segments go through its lame_t one after the other. */
        while (!atomic_load(&p->stop)) {
            for (s = p->head; s != NULL; s = s->next)
                if (!s->taken && s->chain->done == s->idx)
                    break;
            if (s != NULL)
                break;
            pthread_cond_wait(&p->cv, &p->mu);
        }
        if (atomic_load(&p->stop))
            break;
        s->taken = 1;
        pthread_mutex_unlock(&p->mu);
        c = s->chain;
        seg_encode(p, s);
        if (s->last && s->err == LOA_OK && c->err == LOA_OK && p->guard && !c->lost)
            check_chain(p, c, s);
        if (s->last && c != p->chain0 && c->lame != NULL) {
            loai_mp3_chunk_close(c->lame); /* the first chunk's stays: it makes the tag */
            c->lame = NULL;
        }
        pthread_mutex_lock(&p->mu);
        if (s->err != LOA_OK && c->err == LOA_OK)
            c->err = s->err;
        if (c->lost)
            c->unguarded = 1;
        if (s->last) {
            c->checked = p->guard && !c->unguarded;
            free(c->keep);
            c->keep = NULL;
        }
        p->pending -= s->n;
        c->done++;
        s->done = 1;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void seg_free(struct seg *s)
{
    free(s->pcm);
    free(s->out);
    free(s);
}

/* Record the first error (sticky: later calls report it again). */
static loa_err par_fail(loa_mp3 *enc, loa_err err, loa_diag *diag)
{
    struct loai_mp3_par *p = enc->par;

    if (p->err == LOA_OK) {
        p->err = err;
        if (diag != NULL && err != LOA_ERR_NOMEM)
            memcpy(p->msg, diag->msg, sizeof p->msg);
        else
            snprintf(p->msg, sizeof p->msg, "%s: %s", enc->path,
                     err == LOA_ERR_NOMEM ? "out of memory" : "MP3 encoding failed");
    }
    return err;
}

/* A segment that may be written: encoded, and its chunk checked (or not
 * guarded, or failed: the error is reported when it is written). */
static int ready(const struct loai_mp3_par *p, const struct seg *s)
{
    return s->done && (!p->guard || s->chain->checked || s->chain->unguarded ||
                       s->chain->err != LOA_OK);
}

/* Write the segments that may be written, in file order; then, while more
 * than KEEP samples wait to be encoded, wait for the workers (KEEP 0: until
 * everything is written). */
static loa_err par_drain(loa_mp3 *enc, size_t keep, loa_diag *diag)
{
    struct loai_mp3_par *p = enc->par;

    for (;;) {
        struct seg *s;
        struct chain *c;
        loa_err err = LOA_OK;

        pthread_mutex_lock(&p->mu);
        for (;;) {
            s = p->head;
            if (s != NULL && ready(p, s))
                break;
            if (keep == 0 ? s == NULL : p->pending <= keep) {
                pthread_mutex_unlock(&p->mu);
                return LOA_OK;
            }
            pthread_cond_wait(&p->cv, &p->mu);
        }
        p->head = s->next;
        if (p->head == NULL)
            p->tail = NULL;
        p->queued -= s->n;
        c = s->chain;
        pthread_mutex_unlock(&p->mu);
        if (s->err != LOA_OK) {
            loai_diag_set(diag, "%s: %s", enc->path, s->msg);
            err = s->err;
        } else if (c->redo == NULL || s->idx == 0) {
            /* A chunk encoded again: its new frames go where its first
             * segment's went, and its other segments write nothing. */
            const unsigned char *b = c->redo ? c->redo : s->out;
            size_t n = c->redo ? c->redo_len : s->out_len, skip = 0;

            if ((err = loai_mp3_write_all(enc, b, n, diag)) == LOA_OK) {
                /* The music CRC covers the audio frames, not the Info frame. */
                if (p->bytes < p->info_size)
                    skip = p->info_size - p->bytes < n ? p->info_size - p->bytes : n;
                p->music_crc = loai_mp3_crc16(p->music_crc, b + skip, n - skip);
                p->bytes += n;
            }
        }
        if (err == LOA_OK && s->last) {
            p->frames += (unsigned long)c->frames;
            p->padding = c->padding;
            p->chunks++;
            p->energy += c->energy;
            p->energy_after += c->redone ? c->energy_after : c->energy;
            if (c->redone)
                p->redone++;
            if (!c->checked || c->over || c->km == NULL ||
                (p->km != NULL && loai_kmeter_merge(p->km, c->km) != LOA_OK))
                p->unchecked = 1;
            else if (c->peak > p->peak)
                p->peak = c->peak;
            loai_kmeter_free(c->km);
            c->km = NULL;
            free(c->redo); /* written: its chain has no segment left */
            c->redo = NULL;
        }
        seg_free(s);
        if (err != LOA_OK)
            return par_fail(enc, err, diag);
    }
}

/* Queue PCM[0..N) (given away) as the next segment of the open chain. */
static loa_err par_submit(loa_mp3 *enc, float *pcm, size_t n, int last, loa_diag *diag)
{
    struct loai_mp3_par *p = enc->par;
    struct seg *s = calloc(1, sizeof *s);

    if (s == NULL) {
        free(pcm);
        return par_fail(enc, LOA_ERR_NOMEM, diag);
    }
    s->chain = p->chain;
    s->idx = p->chain->segs++;
    s->last = last;
    s->pcm = pcm;
    s->n = n;
    p->chain->len += n;
    pthread_mutex_lock(&p->mu);
    if (s->idx == 0)
        p->chain->first = s;
    p->pending += n;
    if (p->tail != NULL)
        p->tail->next = s;
    else
        p->head = s;
    p->tail = s;
    p->queued += n;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    /* Bounded memory: wait here while enough is queued. */
    return par_drain(enc, p->queue_max, diag);
}

static loa_err par_new_chain(loa_mp3 *enc, loa_diag *diag)
{
    struct loai_mp3_par *p = enc->par;
    struct chain *c = calloc(1, sizeof *c);

    if (c == NULL)
        return par_fail(enc, LOA_ERR_NOMEM, diag);
    if (p->chains == NULL) {
        c->lame = enc->lame; /* the first chunk: the encoder that made the ID3 tag */
        p->chains = c;
    } else {
        p->chain->next = c;
    }
    c->at = p->chain_start;
    p->chain = c;
    return LOA_OK;
}

/* Give the producer a fresh buffer holding cur[FROM..cur_n); the old one
 * is returned for a segment. */
static float *par_rebuffer(loa_mp3 *enc, size_t from, loa_diag *diag)
{
    struct loai_mp3_par *p = enc->par;
    float *old = p->cur, *b = malloc(p->cap * sizeof *b);

    if (b == NULL) {
        par_fail(enc, LOA_ERR_NOMEM, diag);
        return NULL;
    }
    memcpy(b, old + from, (p->cur_n - from) * sizeof *b);
    p->cur = b;
    p->cur_n -= from;
    p->cur_start += from;
    return old;
}

/* The last `need` samples are quiet and the chunk is long enough: end it
 * inside them, dropping the LAME_EXTRA samples its encoding adds. */
static loa_err par_cut(loa_mp3 *enc, loa_diag *diag)
{
    struct loai_mp3_par *p = enc->par;
    size_t fs = (size_t)p->fs;
    size_t c = p->pos - p->need + (p->need - LAME_EXTRA - fs) / 2;
    size_t seg_n;
    float *old;
    loa_err err;

    c += (fs - (c - p->chain_start + LAME_EXTRA) % fs) % fs;
    /* Now (c - chain_start + 1152) % fs == 0, and [c, c + 1152) is quiet
     * with at least 256 quiet samples either side. */
    seg_n = c - p->cur_start;
    if ((old = par_rebuffer(enc, c + LAME_EXTRA - p->cur_start, diag)) == NULL)
        return LOA_ERR_NOMEM;
    if ((err = par_submit(enc, old, seg_n, 1, diag)) != LOA_OK)
        return err;
    p->chain_start = c + LAME_EXTRA;
    return par_new_chain(enc, diag);
}

loa_err loai_mp3_par_write(loa_mp3 *enc, const float *pcm, size_t frames, loa_diag *diag)
{
    struct loai_mp3_par *p = enc->par;
    loa_err err;

    if (p->err != LOA_OK) {
        loai_diag_set(diag, "%s", p->msg);
        return p->err;
    }
    while (frames > 0) {
        size_t room = p->cap - p->cur_n, n = frames < room ? frames : room, i;

        {
            size_t run = p->run, pos = p->pos, need = p->need;
            size_t from = p->chain_start + p->min_len + need; /* pos at which a cut may come */
            int cut = 0;

            memcpy(p->cur + p->cur_n, pcm, n * sizeof *pcm);
            for (i = 0; i < n; i++) {
                float x = pcm[i];

                run = x < PAR_QUIET && x > -PAR_QUIET ? run + 1 : 0;
                if (run >= need && pos + i + 1 >= from) {
                    cut = 1;
                    i++;
                    break;
                }
            }
            p->cur_n += i;
            p->pos = pos + i;
            p->run = run;
            if (cut && (err = par_cut(enc, diag)) != LOA_OK)
                return err;
        }
        pcm += i;
        frames -= i;
        if (p->cur_n == p->cap) {
            /* A segment of the open chunk goes to the workers. The last
             * `need` samples stay, so a cut can still fall anywhere in a
             * silence that began before. */
            float *old = par_rebuffer(enc, p->cap - p->need, diag);

            if (old == NULL)
                return LOA_ERR_NOMEM;
            if ((err = par_submit(enc, old, p->cap - p->need, 0, diag)) != LOA_OK)
                return err;
        }
    }
    return LOA_OK;
}

static void par_stop(struct loai_mp3_par *p)
{
    int i;

    pthread_mutex_lock(&p->mu);
    atomic_store(&p->stop, 1);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (i = 0; i < p->nthreads; i++)
        pthread_join(p->tid[i], NULL);
    p->nthreads = 0;
}

loa_err loai_mp3_par_finish(loa_mp3 *enc, loa_diag *diag)
{
    struct loai_mp3_par *p = enc->par;
    float *last = p->cur;
    size_t tag;
    loa_err err;

    if (p->err != LOA_OK) {
        loai_diag_set(diag, "%s", p->msg);
        return p->err;
    }
    p->cur = NULL;
    if ((err = par_submit(enc, last, p->cur_n, 1, diag)) != LOA_OK ||
        (err = par_drain(enc, 0, diag)) != LOA_OK)
        return err;
    par_stop(p);
    p->lufs = -HUGE_VAL;
    if (p->km != NULL && !p->unchecked) {
        /* Trimmed, the decoded file is as long as the input (see the top);
         * untrimmed (MPEG-2), it is every frame. */
        loai_kmeter_trim(p->km, p->fs == 1152 ? p->pos : (size_t)p->frames * (size_t)p->fs);
        if (loai_kmeter_read(p->km, &p->lufs, &p->lra) != LOA_OK)
            p->unchecked = 1;
    }
    tag = loai_mp3_lametag(enc->lame, enc->buf, MP3_BUF);
    if (tag != p->info_size || (tag > 0 && !loai_mp3_patch_tag(enc->buf, tag, p->frames, p->bytes,
                                                               p->padding, p->music_crc))) {
        loai_diag_set(diag, "%s: LAME's Info frame is not the expected %zu bytes", enc->path,
                      p->info_size);
        return par_fail(enc, LOA_ERR_ENCODE, diag);
    }
    return loai_mp3_put_tag_and_close(enc, tag, diag);
}

void loai_mp3_par_free(struct loai_mp3_par *p)
{
    if (p == NULL)
        return;
    par_stop(p);
    while (p->head != NULL) {
        struct seg *s = p->head;

        p->head = s->next;
        seg_free(s);
    }
    while (p->chains != NULL) {
        struct chain *c = p->chains;

        p->chains = c->next;
        if (c->lame != NULL && c != p->chain0)
            loai_mp3_chunk_close(c->lame);
        loai_kmeter_free(c->km);
        free(c->redo);
        free(c);
    }
    free(p->cur);
    loai_kmeter_free(p->km);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

void loai_mp3_par_stats(const struct loai_mp3_par *p, loa_mp3_stats *out)
{
    memset(out, 0, sizeof *out);
    out->chunks = p->chunks;
    out->reencoded = p->redone;
    out->checked = p->guard && p->chunks > 0 && !p->unchecked;
    out->true_peak_dbtp = p->peak;
    out->lufs = p->lufs;
    out->lra = p->lra;
    out->energy_ratio = p->energy > 0 ? p->energy_after / p->energy : 1.0;
}

loa_err loai_mp3_par_start(loa_mp3 *enc, int rate, int kbps, int quality, int threads,
                           int guard, double ceiling_dbtp, loa_diag *diag)
{
    struct loai_mp3_par *p = calloc(1, sizeof *p);
    int mpeg1 = rate >= 32000, frame;
    loa_err err;

    if (p == NULL)
        return LOA_ERR_NOMEM;
    p->rate = rate;
    p->kbps = kbps;
    p->quality = quality;
    p->threads = threads;
    p->guard = guard;
    p->ceiling = ceiling_dbtp;
    p->peak = -HUGE_VAL;
    p->lufs = -HUGE_VAL;
    p->fs = loai_mp3_framesize(enc->lame);
    p->need = (size_t)rate / 10;
    if (p->need < LAME_EXTRA + (size_t)p->fs + 512)
        p->need = LAME_EXTRA + (size_t)p->fs + 512;
    p->min_len = (size_t)PAR_MIN_S * (size_t)rate;
    p->cap = (size_t)PAR_SEG_S * (size_t)rate + p->need;
    p->queue_max = (size_t)threads * p->min_len / (guard ? 2 : 1);
    /* LAME reserves its Info frame only if the tag fits in one frame. */
    frame = (mpeg1 ? 144000 : 72000) * kbps / rate;
    p->info_size = frame >= (mpeg1 ? 21 : 13) + LAMEHEADERSIZE ? (size_t)frame : 0;
    atomic_init(&p->stop, 0);
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p);
        return LOA_ERR_NOMEM;
    }
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        free(p);
        return LOA_ERR_NOMEM;
    }
    enc->par = p;
    if ((p->cur = malloc(p->cap * sizeof *p->cur)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto fail;
    }
    if (guard && (err = loai_kmeter_new(&p->km, rate, diag)) != LOA_OK)
        goto fail;
    if ((err = par_new_chain(enc, diag)) != LOA_OK)
        goto fail;
    p->chain0 = p->chain;
    for (p->nthreads = 0; p->nthreads < threads; p->nthreads++) {
        int rc = pthread_create(&p->tid[p->nthreads], NULL, worker, p);

        if (rc != 0) {
            loai_diag_set(diag, "cannot start an encoder thread: %s", strerror(rc));
            err = LOA_ERR_NOMEM;
            goto fail;
        }
    }
    return LOA_OK;
fail:
    loai_mp3_par_free(p);
    enc->par = NULL;
    return err;
}
