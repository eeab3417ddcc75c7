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
 * (it differs from threads = 1, which has no seams). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/mp3.h"
#include "error_int.h"
#include "mp3_int.h"

#define PAR_MIN_S 15       /* a chunk is at least this long before it may end: each new
                            * chunk costs a LAME set-up (~1.5 ms), and the caller may
                            * queue this much PCM per thread (memory) */
#define PAR_SEG_S 1        /* PCM goes to the workers in segments this long */
#define PAR_QUIET 0.001f   /* -60 dBFS */

struct chain { /* one chunk: one lame_t, fed by one or more segments in order */
    struct chain *next;
    loai_lame *lame; /* NULL until its first segment runs; closed after its flush */
    size_t len;   /* samples submitted */
    int segs;     /* segments submitted */
    int done;     /* segments encoded (a worker waits for its turn) */
    loa_err err;  /* sticky: later segments of a failed chain fail too */
    int frames;   /* after the flush */
    int padding;
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
    size_t need, min_len, cap; /* cap: the caller's buffer, a segment and `need` */
    pthread_t tid[PAR_MAX_THREADS];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop;
    struct seg *head, *tail; /* segments not yet written, in file order */
    size_t queued, queue_max; /* their samples; the caller waits above queue_max */
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
        seg_encode(p, s);
        if (s->last && s->chain != p->chain0 && s->chain->lame != NULL) {
            loai_mp3_chunk_close(s->chain->lame); /* the first chunk's stays: it makes the tag */
            s->chain->lame = NULL;
        }
        pthread_mutex_lock(&p->mu);
        if (s->err != LOA_OK && s->chain->err == LOA_OK)
            s->chain->err = s->err;
        s->chain->done++;
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

/* Write finished segments in file order until at most KEEP samples are
 * waiting (all of them for KEEP 0). */
static loa_err par_drain(loa_mp3 *enc, size_t keep, loa_diag *diag)
{
    struct loai_mp3_par *p = enc->par;

    for (;;) {
        struct seg *s;
        loa_err err = LOA_OK;

        pthread_mutex_lock(&p->mu);
        while (p->head != NULL && !p->head->done && (p->queued > keep || keep == 0))
            pthread_cond_wait(&p->cv, &p->mu);
        s = p->head;
        if (s == NULL || !s->done) {
            pthread_mutex_unlock(&p->mu);
            return LOA_OK;
        }
        p->head = s->next;
        if (p->head == NULL)
            p->tail = NULL;
        p->queued -= s->n;
        pthread_mutex_unlock(&p->mu);
        if (s->err != LOA_OK) {
            loai_diag_set(diag, "%s: %s", enc->path, s->msg);
            err = s->err;
        } else if ((err = loai_mp3_write_all(enc, s->out, s->out_len, diag)) == LOA_OK) {
            size_t skip = 0;

            /* The music CRC covers the audio frames, not the Info frame. */
            if (p->bytes < p->info_size)
                skip = p->info_size - p->bytes < s->out_len ? p->info_size - p->bytes
                                                            : s->out_len;
            p->music_crc = loai_mp3_crc16(p->music_crc, s->out + skip, s->out_len - skip);
            p->bytes += s->out_len;
            if (s->last) {
                p->frames += (unsigned long)s->chain->frames;
                p->padding = s->chain->padding;
            }
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
        free(c);
    }
    free(p->cur);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

loa_err loai_mp3_par_start(loa_mp3 *enc, int rate, int kbps, int quality, int threads,
                           loa_diag *diag)
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
    p->fs = loai_mp3_framesize(enc->lame);
    p->need = (size_t)rate / 10;
    if (p->need < LAME_EXTRA + (size_t)p->fs + 512)
        p->need = LAME_EXTRA + (size_t)p->fs + 512;
    p->min_len = (size_t)PAR_MIN_S * (size_t)rate;
    p->cap = (size_t)PAR_SEG_S * (size_t)rate + p->need;
    p->queue_max = (size_t)threads * p->min_len;
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
