/* The promise of a published file, checked on the file itself, decoded:
 * what listeners get, whatever the encoder, the cache or the disk did to
 * it. See verify_int.h. */
#include <math.h>
#include <stdlib.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "loa/profile.h"
#include "error_int.h"
#include "loudness_int.h"
#include "verify_int.h"

#define BLK 4096

struct loai_measurer {
    loai_kmeter *km;
    loai_tp_meter *tp;
    size_t frames;
    int rate;
};

loa_err loai_measurer_new(loai_measurer **out, int rate, loa_diag *diag)
{
    loai_measurer *m = calloc(1, sizeof *m);
    loa_err err;

    if (m == NULL)
        return LOA_ERR_NOMEM;
    m->rate = rate;
    if ((err = loai_kmeter_new(&m->km, rate, diag)) != LOA_OK ||
        (err = loai_tp_meter_new(&m->tp)) != LOA_OK) {
        loai_measurer_free(m);
        return err;
    }
    *out = m;
    return LOA_OK;
}

loa_err loai_measurer_add(loai_measurer *m, const float *pcm, size_t n)
{
    loa_err err;

    m->frames += n;
    if ((err = loai_kmeter_add(m->km, pcm, n)) != LOA_OK)
        return err;
    return loai_tp_meter_add(m->tp, pcm, n);
}

void loai_measurer_read(const loai_measurer *m, loai_measure *out)
{
    out->frames = m->frames;
    out->rate = m->rate;
    out->seconds = m->rate > 0 ? (double)m->frames / m->rate : 0;
    if (loai_kmeter_read(m->km, &out->lufs, &out->lra) != LOA_OK) {
        out->lufs = -HUGE_VAL;
        out->lra = 0;
    }
    out->tp = loai_tp_meter_read(m->tp);
}

void loai_measurer_free(loai_measurer *m)
{
    if (m == NULL)
        return;
    loai_kmeter_free(m->km);
    loai_tp_meter_free(m->tp);
    free(m);
}

loa_err loai_measure_file(const char *path, loai_measure *out, loa_diag *diag)
{
    loa_audio_reader *r = NULL;
    loai_measurer *m = NULL;
    float buf[BLK];
    size_t got;
    int rate;
    loa_err err;

    if ((err = loa_audio_reader_open(&r, path, &rate, diag)) != LOA_OK)
        return err;
    if ((err = loai_measurer_new(&m, rate, diag)) != LOA_OK)
        goto done;
    for (;;) {
        if ((err = loa_audio_reader_read(r, buf, BLK, &got, diag)) != LOA_OK)
            goto done;
        if (got == 0)
            break;
        if ((err = loai_measurer_add(m, buf, got)) != LOA_OK)
            goto done;
    }
    loai_measurer_read(m, out);
done:
    loai_measurer_free(m);
    loa_audio_reader_free(r);
    return err;
}

int loai_promise_kept(const loa_profile *pf, double lufs, double tp, loa_diag *diag)
{
    if (!isfinite(lufs)) {
        loai_diag_set(diag, "it is silent (the profile %s promises %.1f LUFS)", pf->name,
                      pf->target_lufs);
        return 0;
    }
    if (isnan(tp) || tp > pf->ceiling_dbtp + LOAI_PROMISE_TP_EPS) {
        loai_diag_set(diag, "its true peak is %+.1f dBTP, over the %s profile's ceiling of "
                            "%+.1f dBTP", tp, pf->name, pf->ceiling_dbtp);
        return 0;
    }
    if (fabs(lufs - pf->target_lufs) > LOAI_PROMISE_LU) {
        if (lufs > pf->target_lufs)
            loai_diag_set(diag, "it is %.1f LUFS, %.1f LU over the %s profile's %.1f LUFS "
                                "(allowed: %.1f LU)", lufs, lufs - pf->target_lufs, pf->name,
                          pf->target_lufs, LOAI_PROMISE_LU);
        else
            loai_diag_set(diag, "it is %.1f LUFS, %.1f LU under the %s profile's %.1f LUFS "
                                "(allowed: %.1f LU)", lufs, pf->target_lufs - lufs, pf->name,
                          pf->target_lufs, LOAI_PROMISE_LU);
        return 0;
    }
    return 1;
}
