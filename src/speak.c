/* `loa speak`: text → spoken words → espeak-ng → resampler → MP3/WAV,
 * streamed line by line so memory does not grow with the text. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "internal.h"

struct sink {
    loa_mp3 *mp3;
    loa_wavout *wav;
    loa_resampler *rs;
    loa_diag *diag;
    size_t out_frames;
    size_t speech_frames;
    float peak;
};

static loa_err out_fn(void *ctx, const float *pcm, size_t n)
{
    struct sink *k = ctx;
    size_t i;

    for (i = 0; i < n; i++) {
        float a = fabsf(pcm[i]);

        if (a > k->peak)
            k->peak = a;
    }
    k->out_frames += n;
    if (k->mp3 != NULL)
        return loa_mp3_write(k->mp3, pcm, n, k->diag);
    return loa_wavout_write(k->wav, pcm, n, k->diag);
}

static loa_err speech_fn(void *ctx, const float *pcm, size_t n)
{
    struct sink *k = ctx;

    k->speech_frames += n;
    return loa_resampler_write(k->rs, pcm, n, k->diag);
}

static loa_err silence(struct sink *k, size_t frames)
{
    static const float zero[1024];
    loa_err err = LOA_OK;

    while (frames > 0 && err == LOA_OK) {
        size_t n = frames < 1024 ? frames : 1024;

        err = loa_resampler_write(k->rs, zero, n, k->diag);
        frames -= n;
    }
    return err;
}

/* The seam where written Vietnamese becomes what the voice should say:
 * the normalizer's reading of the line (as written without a lexicon). */
static loa_err spoken_form(const loa_speak_opts *opts, const char *line, size_t len,
                           loai_buf *out, loa_diag *diag)
{
    char *said;
    size_t n;
    loa_err err;

    out->len = 0;
    if (opts->lexicon == NULL)
        return loai_buf_add(out, line, len);
    err = loa_text_normalize(opts->lexicon, opts->dialect, line, len, &said, &n, diag);
    if (err != LOA_OK)
        return err;
    err = loai_buf_add(out, said, n);
    free(said);
    return err;
}

static int is_blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

loa_err loa_speak(loa_synth *s, const char *text, size_t len, const char *path,
                  const loa_speak_opts *opts, loa_speak_stats *stats, loa_diag *diag)
{
    static const loa_speak_opts defaults = {0, 0, NULL, NULL, NULL, NULL, -1, NULL,
                                            LOA_DIALECT_NORTH};
    struct sink k;
    loai_buf spoken = {0};
    char *tmp = NULL;
    int rate, in_rate = loa_synth_rate(s), spoke = 0;
    size_t pos = 0, pause;
    loa_err err;

    if (opts == NULL)
        opts = &defaults;
    memset(&k, 0, sizeof k);
    k.diag = diag;
    rate = opts->out_rate ? opts->out_rate : 44100;
    pause = (size_t)(opts->paragraph_ms >= 0 ? opts->paragraph_ms : 400) * (size_t)in_rate / 1000;
    if ((err = loa_utf8_check(text, len, diag)) != LOA_OK)
        return err;
    if ((err = loai_stage_name(path, &tmp)) != LOA_OK)
        return err;
    /* ".wav" writes WAV; every other name (also /dev/stdout) writes MP3. */
    if (!ends_with(path, ".wav")) {
        loa_mp3_opts mo = {opts->bitrate_kbps, -1,        opts->title, opts->artist,
                           opts->album,        opts->year, NULL};

        err = loa_mp3_open(&k.mp3, tmp, rate, &mo, diag);
    } else {
        err = loa_wavout_open(&k.wav, tmp, rate, diag);
    }
    if (err == LOA_ERR_IO) /* name the user's file, not the staging name */
        loai_diag_set(diag, "cannot create %s: %s", path, strerror(errno));
    if (err != LOA_OK)
        goto fail;
    if ((err = loa_resampler_new(&k.rs, in_rate, rate, out_fn, &k, diag)) != LOA_OK)
        goto fail;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

        if (!is_blank(text + pos, n)) {
            if ((err = spoken_form(opts, text + pos, n, &spoken, diag)) != LOA_OK)
                goto fail;
            if (spoke && (err = silence(&k, pause)) != LOA_OK)
                goto fail;
            if ((err = loa_synth_speak(s, spoken.data, spoken.len, speech_fn, &k, diag)) != LOA_OK)
                goto fail;
            spoke = 1;
        }
        pos += n + (nl != NULL);
    }
    if (!spoke) {
        loai_diag_set(diag, "nothing to say: the text is empty");
        err = LOA_ERR_TEXT;
        goto fail;
    }
    if ((err = loa_resampler_finish(k.rs, diag)) != LOA_OK)
        goto fail;
    err = k.mp3 ? loa_mp3_finish(k.mp3, diag) : loa_wavout_finish(k.wav, diag);
    if (err != LOA_OK)
        goto fail;
    if ((err = loai_stage_commit(tmp, path, diag)) != LOA_OK)
        goto fail;
    if (stats != NULL) {
        stats->seconds = (double)k.out_frames / rate;
        stats->speech_seconds = (double)k.speech_frames / in_rate;
        stats->peak = k.peak;
    }
    loa_resampler_free(k.rs);
    loa_mp3_free(k.mp3);
    loa_wavout_free(k.wav);
    loai_buf_free(&spoken);
    free(tmp);
    return LOA_OK;
fail:
    loa_resampler_free(k.rs);
    loa_mp3_free(k.mp3);
    loa_wavout_free(k.wav);
    loai_buf_free(&spoken);
    loai_stage_abort(tmp, path);
    free(tmp);
    return err;
}
