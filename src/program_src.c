/* Pull sources for the program engine (program.c): audio files decoded in
 * blocks at their own rate, silence, and two filters on another source:
 * the speech EQ and a resampler. Sources give audio at their own rate, so
 * the engine can EQ speech where it is cheapest (espeak-ng's 22.05 kHz)
 * and resample once, where it must. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "dsp_int.h"
#include "error_int.h"
#include "program_int.h"

#define BLK 4096

/* Every file is made safe on the way in, whatever made it: a sample that
 * is not a number, or beyond this (60 dB over full scale), is a damaged
 * file, named and refused; DC and infrasound (a jingle with an offset or
 * a few-hertz rumble) are taken out by a 4th-order Butterworth high-pass
 * at INFRA_HZ, below anything a loudspeaker plays, so they neither eat
 * the limiter's headroom nor reach the encoder (LAME's psychoacoustic
 * model asserts on a stream that is mostly DC). */
#define SAMPLE_LIMIT 1000.0f
#define INFRA_HZ 20.0

/* An audio file decoded in blocks, at the file's rate, so an item of any
 * length costs a block of memory. */
struct file_src {
    loai_src base;
    loa_audio_reader *r;
    size_t total; /* frames decoded */
    char *path;
    loai_biquad hp[2];
};

static loa_err file_read(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag)
{
    struct file_src *f = (struct file_src *)s;
    loa_err err = loa_audio_reader_read(f->r, pcm, n, got, diag);
    size_t i;

    if (err != LOA_OK)
        return err;
    for (i = 0; i < *got; i++) {
        /* One test for both: NaN fails every comparison. */
        if (!(pcm[i] >= -SAMPLE_LIMIT && pcm[i] <= SAMPLE_LIMIT)) {
            double at = (double)(f->total + i) / s->rate;

            if (isnan(pcm[i]))
                loai_diag_set(diag, "%s: damaged audio at %d:%06.3f (a sample that is not a "
                                    "number) — export the file again", f->path, (int)(at / 60),
                              fmod(at, 60));
            else if (isinf(pcm[i]))
                loai_diag_set(diag, "%s: damaged audio at %d:%06.3f (an infinite sample) — "
                                    "export the file again", f->path, (int)(at / 60),
                              fmod(at, 60));
            else
                loai_diag_set(diag, "%s: damaged audio at %d:%06.3f (a sample far beyond full "
                                    "scale) — export the file again", f->path, (int)(at / 60),
                              fmod(at, 60));
            return LOA_ERR_AUDIO;
        }
    }
    f->total += *got;
    if (*got == 0 && f->total == 0) {
        loai_diag_set(diag, "%s: the file holds no audio", f->path);
        return LOA_ERR_AUDIO;
    }
    loai_biquad_run2(&f->hp[0], &f->hp[1], pcm, *got);
    return LOA_OK;
}

static void file_free(loai_src *s)
{
    struct file_src *f = (struct file_src *)s;

    loa_audio_reader_free(f->r);
    free(f->path);
    free(f);
}

loa_err loai_src_file(const char *path, loai_src **out, loa_diag *diag)
{
    struct file_src *f = calloc(1, sizeof *f);
    loa_err err;

    if (f == NULL || (f->path = strdup(path)) == NULL) {
        free(f);
        return LOA_ERR_NOMEM;
    }
    f->base.read = file_read;
    f->base.free = file_free;
    if ((err = loa_audio_reader_open(&f->r, path, &f->base.rate, diag)) != LOA_OK) {
        file_free(&f->base);
        return err;
    }
    loai_biquad_highpass(&f->hp[0], f->base.rate, INFRA_HZ, 0.54119610);
    loai_biquad_highpass(&f->hp[1], f->base.rate, INFRA_HZ, 1.30656296);
    *out = &f->base;
    return LOA_OK;
}

/* Another source resampled on the way (libsoxr pushes its output into a
 * small FIFO). */
struct rs_src {
    loai_src base;
    loai_src *in;
    loai_resampler *rs;
    loa_audio fifo;
    size_t fpos;
    int eof;
    float buf[BLK];
};

static loa_err fifo_fn(void *ctx, const float *pcm, size_t n)
{
    return loa_audio_append(&((struct rs_src *)ctx)->fifo, pcm, n);
}

static loa_err rs_read(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag)
{
    struct rs_src *q = (struct rs_src *)s;
    size_t k;
    loa_err err;

    while (q->fifo.frames - q->fpos < n && !q->eof) {
        if (q->fpos > 0) {
            memmove(q->fifo.data, q->fifo.data + q->fpos,
                    (q->fifo.frames - q->fpos) * sizeof(float));
            q->fifo.frames -= q->fpos;
            q->fpos = 0;
        }
        if ((err = q->in->read(q->in, q->buf, BLK, &k, diag)) != LOA_OK)
            return err;
        if (k == 0) {
            q->eof = 1;
            err = loai_resampler_finish(q->rs, diag);
        } else {
            err = loai_resampler_write(q->rs, q->buf, k, diag);
        }
        if (err != LOA_OK)
            return err;
    }
    *got = q->fifo.frames - q->fpos < n ? q->fifo.frames - q->fpos : n;
    if (*got > 0) /* an empty FIFO may have no buffer at all */
        memcpy(pcm, q->fifo.data + q->fpos, *got * sizeof(float));
    q->fpos += *got;
    return LOA_OK;
}

static void rs_free(loai_src *s)
{
    struct rs_src *q = (struct rs_src *)s;

    q->in->free(q->in);
    loai_resampler_free(q->rs);
    loa_audio_clear(&q->fifo);
    free(q);
}

loa_err loai_src_resample(loai_src *in, int rate, loai_src **out, loa_diag *diag)
{
    struct rs_src *q;
    loa_err err;

    if (in->rate == rate) {
        *out = in;
        return LOA_OK;
    }
    if ((q = calloc(1, sizeof *q)) == NULL)
        return LOA_ERR_NOMEM;
    q->base.rate = rate;
    q->base.read = rs_read;
    q->base.free = rs_free;
    loa_audio_init(&q->fifo, rate, 1);
    if ((err = loai_resampler_new(&q->rs, in->rate, rate, fifo_fn, q, diag)) != LOA_OK) {
        free(q);
        return err;
    }
    q->in = in;
    *out = &q->base;
    return LOA_OK;
}

struct gap_src {
    loai_src base;
    size_t left;
};

static loa_err gap_read(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag)
{
    struct gap_src *g = (struct gap_src *)s;
    size_t k = g->left < n ? g->left : n;

    (void)diag;
    memset(pcm, 0, k * sizeof *pcm);
    g->left -= k;
    *got = k;
    return LOA_OK;
}

static void plain_free(loai_src *s)
{
    free(s);
}

loa_err loai_src_gap(size_t frames, int rate, loai_src **out)
{
    struct gap_src *g = calloc(1, sizeof *g);

    if (g == NULL)
        return LOA_ERR_NOMEM;
    g->base.rate = rate;
    g->base.read = gap_read;
    g->base.free = plain_free;
    g->left = frames;
    *out = &g->base;
    return LOA_OK;
}

struct eq_src {
    loai_src base;
    loai_src *in;
    loai_eq eq;
};

static loa_err eq_read(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag)
{
    struct eq_src *q = (struct eq_src *)s;
    loa_err err = q->in->read(q->in, pcm, n, got, diag);

    if (err == LOA_OK)
        loai_eq_run(&q->eq, pcm, *got);
    return err;
}

static void eq_free(loai_src *s)
{
    struct eq_src *q = (struct eq_src *)s;

    q->in->free(q->in);
    free(q);
}

loa_err loai_src_eq(loai_src *in, const loai_eq *eq, loai_src **out)
{
    struct eq_src *q = calloc(1, sizeof *q);

    if (q == NULL)
        return LOA_ERR_NOMEM;
    q->base.rate = in->rate;
    q->base.read = eq_read;
    q->base.free = eq_free;
    q->in = in;
    q->eq = *eq;
    *out = &q->base;
    return LOA_OK;
}

/* Read until N frames or the end. */
loa_err loai_src_fill(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag)
{
    size_t k;
    loa_err err;

    *got = 0;
    while (*got < n) {
        if ((err = s->read(s, pcm + *got, n - *got, &k, diag)) != LOA_OK)
            return err;
        if (k == 0)
            break;
        *got += k;
    }
    return LOA_OK;
}
