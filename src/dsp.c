/* Resampling with libsoxr: a streaming mono resampler for the speech path
 * and a whole-buffer resampler for jingles and beds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <soxr.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "dsp_int.h"
#include "error_int.h"

#define RS_OUT_FRAMES 8192

struct loai_resampler {
    soxr_t soxr; /* NULL when rates are equal: pass-through */
    double ratio;
    loa_pcm_fn fn;
    void *ctx;
    float out[RS_OUT_FRAMES];
};

static loa_err from_soxr(soxr_error_t e, loa_diag *diag)
{
    if (e == NULL)
        return LOA_OK;
    loai_diag_set(diag, "libsoxr: %s", e);
    return LOA_ERR_AUDIO;
}

loa_err loai_resampler_new(loai_resampler **out, int in_rate, int out_rate, loa_pcm_fn fn,
                          void *ctx, loa_diag *diag)
{
    loai_resampler *r;
    soxr_error_t e = NULL;
    soxr_io_spec_t io;
    soxr_quality_spec_t q;

    if (in_rate <= 0 || out_rate <= 0) {
        loai_diag_set(diag, "invalid sample rates %d -> %d", in_rate, out_rate);
        return LOA_ERR_INVALID;
    }
    if ((r = calloc(1, sizeof *r)) == NULL)
        return LOA_ERR_NOMEM;
    r->fn = fn;
    r->ctx = ctx;
    r->ratio = (double)out_rate / in_rate;
    if (in_rate != out_rate) {
        io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
        /* HQ (20-bit) is transparent for speech and several times cheaper than VHQ. */
        q = soxr_quality_spec(SOXR_HQ, 0);
        r->soxr = soxr_create(in_rate, out_rate, 1, &e, &io, &q, NULL);
        if (e != NULL) {
            free(r);
            return from_soxr(e, diag);
        }
    }
    *out = r;
    return LOA_OK;
}

static loa_err rs_run(loai_resampler *r, const float *pcm, size_t frames, loa_diag *diag)
{
    size_t idone, odone;
    loa_err err;

    /* A NULL input flushes; soxr is called until it has nothing more to give. */
    do {
        soxr_error_t e = soxr_process(r->soxr, pcm, frames, &idone, r->out, RS_OUT_FRAMES, &odone);

        if (e != NULL)
            return from_soxr(e, diag);
        if (odone > 0 && (err = r->fn(r->ctx, r->out, odone)) != LOA_OK)
            return err;
        if (pcm != NULL) {
            pcm += idone;
            frames -= idone;
        }
    } while ((pcm != NULL && frames > 0) || (pcm == NULL && odone > 0));
    return LOA_OK;
}

loa_err loai_resampler_write(loai_resampler *r, const float *pcm, size_t frames, loa_diag *diag)
{
    if (frames == 0)
        return LOA_OK;
    if (r->soxr == NULL)
        return r->fn(r->ctx, pcm, frames);
    return rs_run(r, pcm, frames, diag);
}

loa_err loai_resampler_finish(loai_resampler *r, loa_diag *diag)
{
    if (r->soxr == NULL)
        return LOA_OK;
    return rs_run(r, NULL, 0, diag);
}

void loai_resampler_free(loai_resampler *r)
{
    if (r == NULL)
        return;
    if (r->soxr != NULL)
        soxr_delete(r->soxr);
    free(r);
}

loa_err loai_audio_resample(loa_audio *a, int rate, loa_diag *diag)
{
    soxr_io_spec_t io;
    soxr_quality_spec_t q;
    soxr_error_t e;
    size_t cap, odone = 0;
    float *out;

    if (a->rate == rate)
        return LOA_OK;
    if (a->frames == 0) {
        a->rate = rate;
        return LOA_OK;
    }
    cap = (size_t)((double)a->frames * rate / a->rate) + 16;
    if (cap > SIZE_MAX / sizeof(float) / (size_t)a->channels)
        return LOA_ERR_NOMEM;
    if ((out = malloc(cap * (size_t)a->channels * sizeof(float))) == NULL)
        return LOA_ERR_NOMEM;
    io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    q = soxr_quality_spec(SOXR_HQ, 0);
    e = soxr_oneshot(a->rate, rate, (unsigned)a->channels, a->data, a->frames, NULL, out, cap,
                     &odone, &io, &q, NULL);
    if (e != NULL) {
        free(out);
        return from_soxr(e, diag);
    }
    free(a->data);
    a->data = out;
    a->frames = odone;
    a->cap = cap;
    a->rate = rate;
    return LOA_OK;
}
