/* loa_synth_render: a bulletin's raw speech, spoken words and pauses, into
 * one WAV at the synthesizer's rate. Production (EQ, bed, loudness) happens
 * later, on each station's item piece (build_render.c), so the WAV is shared
 * by every station that hears the bulletin in the same voice, whatever its
 * audio profile. */
#include <stdlib.h>
#include <string.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "loa/synth.h"
#include "loa/wavout.h"
#include "error_int.h"
#include "file_int.h"

struct sink {
    loa_wavout *w;
    loa_diag *diag;
    size_t frames;
};

static loa_err to_wav(void *ctx, const float *pcm, size_t n)
{
    struct sink *k = ctx;

    k->frames += n;
    return loa_wavout_write(k->w, pcm, n, k->diag);
}

static loa_err silence(struct sink *k, size_t frames)
{
    static const float zero[1024];
    loa_err err = LOA_OK;

    while (frames > 0 && err == LOA_OK) {
        size_t m = frames < 1024 ? frames : 1024;

        err = to_wav(k, zero, m);
        frames -= m;
    }
    return err;
}

loa_err loa_synth_render(loa_synth *s, const loa_synth_part *parts, size_t n,
                          const char *path, double *seconds, loa_diag *diag)
{
    struct sink k = {NULL, diag, 0};
    int rate = loa_synth_rate(s), said = 0;
    char *tmp = NULL;
    size_t i;
    loa_err err;

    for (i = 0; i < n; i++)
        if (parts[i].text != NULL && parts[i].text[strspn(parts[i].text, " \t")] != '\0')
            said = 1;
    if (!said) {
        loai_diag_set(diag, "nothing to say: the bulletin has no words");
        return LOA_ERR_TEXT;
    }
    if ((err = loai_stage_name(path, &tmp)) != LOA_OK)
        return err;
    if ((err = loa_wavout_open(&k.w, tmp, rate, diag)) != LOA_OK)
        goto fail;
    for (i = 0; i < n && err == LOA_OK; i++) {
        if (parts[i].text != NULL)
            err = loa_synth_speak(s, parts[i].text, strlen(parts[i].text), to_wav, &k, diag);
        else if (parts[i].pause_ms > 0)
            err = silence(&k, (size_t)parts[i].pause_ms * (size_t)rate / 1000);
    }
    if (err != LOA_OK || (err = loa_wavout_finish(k.w, diag)) != LOA_OK)
        goto fail;
    loa_wavout_free(k.w);
    k.w = NULL;
    if ((err = loai_stage_commit(tmp, path, diag)) != LOA_OK)
        goto fail;
    if (seconds != NULL)
        *seconds = (double)k.frames / rate;
    free(tmp);
    return LOA_OK;
fail:
    loa_wavout_free(k.w);
    loai_stage_abort(tmp, path);
    free(tmp);
    return err;
}
