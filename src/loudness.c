/* Loudness: EBU R128 metering through libebur128 (the one file that
 * includes <ebur128.h>). The limiter is in loudness_limit.c, the loudness
 * model in loudness_model.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ebur128.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "error_int.h"
#include "loudness_int.h"

struct loai_meter {
    ebur128_state *st;
    int full;
};

static loa_err from_ebur128(int rc, const char *what, loa_diag *diag)
{
    if (rc == EBUR128_SUCCESS)
        return LOA_OK;
    loai_diag_set(diag, "libebur128: %s failed (code %d)", what, rc);
    return rc == EBUR128_ERROR_NOMEM ? LOA_ERR_NOMEM : LOA_ERR_AUDIO;
}

loa_err loai_meter_new(loai_meter **out, int rate, int full, loa_diag *diag)
{
    loai_meter *m;
    int mode = EBUR128_MODE_I;

    if (rate <= 0) {
        loai_diag_set(diag, "invalid sample rate %d", rate);
        return LOA_ERR_INVALID;
    }
    if (full)
        mode |= EBUR128_MODE_LRA;
    if (full == 1)
        mode |= EBUR128_MODE_TRUE_PEAK;
    if ((m = calloc(1, sizeof *m)) == NULL)
        return LOA_ERR_NOMEM;
    m->full = full;
    if ((m->st = ebur128_init(1, (unsigned long)rate, mode)) == NULL) {
        free(m);
        loai_diag_set(diag, "libebur128: cannot create a meter for %d Hz", rate);
        return LOA_ERR_NOMEM;
    }
    /* Mono is one speaker: weight 1 (the default for channel 0 is LEFT). */
    ebur128_set_channel(m->st, 0, EBUR128_CENTER);
    *out = m;
    return LOA_OK;
}

loa_err loai_meter_add(loai_meter *m, const float *pcm, size_t n, loa_diag *diag)
{
    if (n == 0)
        return LOA_OK;
    return from_ebur128(ebur128_add_frames_float(m->st, pcm, n), "adding frames", diag);
}

loa_err loai_meter_read(loai_meter *m, loai_loudness *out, loa_diag *diag)
{
    loai_loudness r;
    double tp = 0;
    loa_err err;

    memset(&r, 0, sizeof r);
    r.true_peak_dbtp = -HUGE_VAL;
    if ((err = from_ebur128(ebur128_loudness_global(m->st, &r.integrated_lufs), "loudness",
                            diag)) != LOA_OK)
        return err;
    if (m->full && (err = from_ebur128(ebur128_loudness_range(m->st, &r.lra_lu),
                                       "loudness range", diag)) != LOA_OK)
        return err;
    if (m->full == 1) {
        if ((err = from_ebur128(ebur128_true_peak(m->st, 0, &tp), "true peak", diag)) != LOA_OK)
            return err;
        r.true_peak_dbtp = tp > 0 ? 20.0 * log10(tp) : -HUGE_VAL;
    }
    *out = r;
    return LOA_OK;
}

void loai_meter_free(loai_meter *m)
{
    if (m == NULL)
        return;
    ebur128_destroy(&m->st);
    free(m);
}

loa_err loai_loudness_measure(const loa_audio *a, int full, loai_loudness *out, loa_diag *diag)
{
    loai_meter *m;
    loa_err err;

    if (a->channels != 1) {
        loai_diag_set(diag, "loudness is measured on mono audio");
        return LOA_ERR_INVALID;
    }
    if ((err = loai_meter_new(&m, a->rate, full, diag)) != LOA_OK)
        return err;
    err = loai_meter_add(m, a->data, a->frames, diag);
    if (err == LOA_OK)
        err = loai_meter_read(m, out, diag);
    if (err == LOA_OK)
        out->seconds = (double)a->frames / a->rate;
    loai_meter_free(m);
    return err;
}
