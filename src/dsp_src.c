/* Pull sources for the program engine (program.c): audio files decoded
 * in blocks and resampled on the way, silence, and the speech EQ as a
 * filter on another source. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BLK 4096

/* An audio file decoded in blocks and resampled on the way (libsoxr
 * pushes its output into a small FIFO), so an item of any length costs a
 * few blocks of memory. */
struct file_src {
    loai_src base;
    loa_audio_reader *r;
    loa_resampler *rs; /* NULL when the file is at the program rate */
    loa_audio fifo;
    size_t fpos;
    size_t total; /* frames decoded */
    int eof;
    char *path;
    float buf[BLK];
};

static loa_err fifo_fn(void *ctx, const float *pcm, size_t n)
{
    return loa_audio_append(&((struct file_src *)ctx)->fifo, pcm, n);
}

static loa_err file_decode(struct file_src *f, float *pcm, size_t n, size_t *got, loa_diag *diag)
{
    loa_err err = loa_audio_reader_read(f->r, pcm, n, got, diag);

    if (err != LOA_OK)
        return err;
    f->total += *got;
    if (*got == 0 && f->total == 0) {
        loai_diag_set(diag, "%s: the file holds no audio", f->path);
        return LOA_ERR_AUDIO;
    }
    return LOA_OK;
}

static loa_err file_read(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag)
{
    struct file_src *f = (struct file_src *)s;
    size_t k;
    loa_err err;

    if (f->rs == NULL)
        return file_decode(f, pcm, n, got, diag);
    while (f->fifo.frames - f->fpos < n && !f->eof) {
        if (f->fpos > 0) {
            memmove(f->fifo.data, f->fifo.data + f->fpos,
                    (f->fifo.frames - f->fpos) * sizeof(float));
            f->fifo.frames -= f->fpos;
            f->fpos = 0;
        }
        if ((err = file_decode(f, f->buf, BLK, &k, diag)) != LOA_OK)
            return err;
        if (k == 0) {
            f->eof = 1;
            err = loa_resampler_finish(f->rs, diag);
        } else {
            err = loa_resampler_write(f->rs, f->buf, k, diag);
        }
        if (err != LOA_OK)
            return err;
    }
    *got = f->fifo.frames - f->fpos < n ? f->fifo.frames - f->fpos : n;
    memcpy(pcm, f->fifo.data + f->fpos, *got * sizeof(float));
    f->fpos += *got;
    return LOA_OK;
}

static void file_free(loai_src *s)
{
    struct file_src *f = (struct file_src *)s;

    loa_audio_reader_free(f->r);
    loa_resampler_free(f->rs);
    loa_audio_clear(&f->fifo);
    free(f->path);
    free(f);
}

loa_err loai_src_file(const char *path, int rate, loai_src **out, loa_diag *diag)
{
    struct file_src *f = calloc(1, sizeof *f);
    int file_rate;
    loa_err err;

    if (f == NULL || (f->path = strdup(path)) == NULL) {
        free(f);
        return LOA_ERR_NOMEM;
    }
    f->base.read = file_read;
    f->base.free = file_free;
    loa_audio_init(&f->fifo, rate, 1);
    if ((err = loa_audio_reader_open(&f->r, path, &file_rate, diag)) != LOA_OK ||
        (file_rate != rate &&
         (err = loa_resampler_new(&f->rs, file_rate, rate, fifo_fn, f, diag)) != LOA_OK)) {
        file_free(&f->base);
        return err;
    }
    *out = &f->base;
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

loa_err loai_src_gap(size_t frames, loai_src **out)
{
    struct gap_src *g = calloc(1, sizeof *g);

    if (g == NULL)
        return LOA_ERR_NOMEM;
    g->base.read = gap_read;
    g->base.free = plain_free;
    g->left = frames;
    *out = &g->base;
    return LOA_OK;
}

struct eq_src {
    loai_src base;
    loai_src *in;
    loa_eq eq;
};

static loa_err eq_read(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag)
{
    struct eq_src *q = (struct eq_src *)s;
    loa_err err = q->in->read(q->in, pcm, n, got, diag);

    if (err == LOA_OK)
        loa_eq_run(&q->eq, pcm, *got);
    return err;
}

static void eq_free(loai_src *s)
{
    struct eq_src *q = (struct eq_src *)s;

    q->in->free(q->in);
    free(q);
}

loa_err loai_src_eq(loai_src *in, const loa_eq *eq, loai_src **out)
{
    struct eq_src *q = calloc(1, sizeof *q);

    if (q == NULL)
        return LOA_ERR_NOMEM;
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

