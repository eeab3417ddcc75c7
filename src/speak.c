/* `loa speak`: text → spoken words → espeak-ng → the program engine (speech
 * EQ, resampling, jingles, bed, loudness; program.c) → MP3/WAV, streamed
 * line by line so memory does not grow with the text. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "loa/estimate.h"
#include "loa/mp3.h"
#include "loa/program.h"
#include "loa/speak.h"
#include "loa/synth.h"
#include "loa/text.h"
#include "buf_int.h"
#include "error_int.h"
#include "program_int.h"

/* Synthesized speech as a pull source for the program engine: each read
 * synthesizes as many lines as it needs (a line at a time, with the
 * paragraph pause before it), so only one line's audio is ever held. */
struct speech {
    loa_synth *s;
    const loa_speak_opts *opts;
    const char *text;
    size_t len;
    size_t pause; /* frames at the synth rate */
    size_t synth_frames;
};

struct speech_src {
    loai_src base; /* at the synthesizer's rate: the engine resamples */
    struct speech *sp;
    loa_audio fifo;
    size_t fpos;
    size_t pos; /* in the text */
    int spoke, done;
    loai_buf spoken;
    loa_diag *diag;
};

static loa_err speech_fn(void *ctx, const float *pcm, size_t n)
{
    struct speech_src *k = ctx;

    k->sp->synth_frames += n;
    return loa_audio_append(&k->fifo, pcm, n);
}

/* The seam where written Vietnamese becomes what the voice should say:
 * the normalizer (text.h), or the line as written without a lexicon. */
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

/* Synthesize the next non-blank line into the FIFO, or finish. */
static loa_err speech_more(struct speech_src *k)
{
    const struct speech *sp = k->sp;
    loa_err err;

    while (k->pos < sp->len) {
        const char *line = sp->text + k->pos;
        const char *nl = memchr(line, '\n', sp->len - k->pos);
        size_t n = nl ? (size_t)(nl - line) : sp->len - k->pos;

        k->pos += n + (nl != NULL);
        if (is_blank(line, n))
            continue;
        if ((err = spoken_form(sp->opts, line, n, &k->spoken, k->diag)) != LOA_OK)
            return err;
        if (k->spoke && (err = loa_audio_append_silence(&k->fifo, sp->pause)) != LOA_OK)
            return err;
        k->spoke = 1;
        return loa_synth_speak(sp->s, k->spoken.data, k->spoken.len, speech_fn, k, k->diag);
    }
    k->done = 1;
    return LOA_OK;
}

static loa_err speech_read(loai_src *src, float *pcm, size_t n, size_t *got, loa_diag *diag)
{
    struct speech_src *k = (struct speech_src *)src;
    loa_err err;

    k->diag = diag;
    while (k->fifo.frames - k->fpos < n && !k->done) {
        if (k->fpos > 0) { /* drop what was read before growing */
            memmove(k->fifo.data, k->fifo.data + k->fpos,
                    (k->fifo.frames - k->fpos) * sizeof(float));
            k->fifo.frames -= k->fpos;
            k->fpos = 0;
        }
        if ((err = speech_more(k)) != LOA_OK)
            return err;
    }
    *got = k->fifo.frames - k->fpos < n ? k->fifo.frames - k->fpos : n;
    if (*got > 0)
        memcpy(pcm, k->fifo.data + k->fpos, *got * sizeof(float));
    k->fpos += *got;
    return LOA_OK;
}

static void speech_free(loai_src *src)
{
    struct speech_src *k = (struct speech_src *)src;

    loa_audio_clear(&k->fifo);
    loai_buf_free(&k->spoken);
    free(k);
}

static loa_err speech_open(void *ctx, loai_src **out, loa_diag *diag)
{
    struct speech *sp = ctx;
    struct speech_src *k = calloc(1, sizeof *k);

    (void)diag;
    if (k == NULL)
        return LOA_ERR_NOMEM;
    k->base.rate = loa_synth_rate(sp->s);
    k->base.read = speech_read;
    k->base.free = speech_free;
    k->sp = sp;
    loa_audio_init(&k->fifo, k->base.rate, 1);
    sp->synth_frames = 0; /* counted afresh each render pass */
    *out = &k->base;
    return LOA_OK;
}

loa_err loa_speak(loa_synth *s, const char *text, size_t len, const char *path,
                  const loa_speak_opts *opts, loa_speak_stats *stats, loa_diag *diag)
{
    static const loa_speak_opts defaults = {.paragraph_ms = -1};
    static const loa_production no_production;
    const loa_production *pr;
    struct speech sp;
    loai_part parts[4];
    loa_mp3_opts mo;
    loa_program_report rep;
    size_t pos = 0, n = 0;
    int spoke = 0, in_rate = loa_synth_rate(s);
    loa_err err;

    if (opts == NULL)
        opts = &defaults;
    pr = opts->production ? opts->production : &no_production;
    if ((err = loa_text_check_utf8(text, len, diag)) != LOA_OK)
        return err;
    while (pos < len && !spoke) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t m = nl ? (size_t)(nl - (text + pos)) : len - pos;

        spoke = !is_blank(text + pos, m);
        pos += m + (nl != NULL);
    }
    if (!spoke) {
        loai_diag_set(diag, "nothing to say: the text is empty");
        return LOA_ERR_TEXT;
    }
    if (!ends_with(path, ".mp3") && !ends_with(path, ".wav")) {
        loai_diag_set(diag, "%s: output must end in .mp3 or .wav", path);
        return LOA_ERR_INVALID;
    }
    sp.s = s;
    sp.opts = opts;
    sp.text = text;
    sp.len = len;
    sp.pause = (size_t)(opts->paragraph_ms >= 0 ? opts->paragraph_ms : 400) * (size_t)in_rate /
               1000;
    sp.synth_frames = 0;
    memset(parts, 0, sizeof parts);
    if (pr->intro != NULL)
        parts[n++] = (loai_part){LOAI_PART_JINGLE, pr->intro, NULL, NULL, 0, 0, 0, "intro", 0};
    if (opts->urgent && pr->chime != NULL)
        parts[n++] = (loai_part){LOAI_PART_JINGLE, pr->chime, NULL, NULL, 0, 0, 0, "chime", 0};
    /* The written text's estimate, with room for numbers said in words
     * and slower rates: a program expected to outgrow the engine's replay
     * memory goes straight to its replay file, so memory stays flat for
     * long texts. */
    parts[n++] = (loai_part){LOAI_PART_SPEECH, NULL, speech_open, &sp, in_rate, 0, 1,
                             "speech", 1.25 * loa_estimate_seconds(text, len, 0)};
    if (pr->outro != NULL)
        parts[n++] = (loai_part){LOAI_PART_JINGLE, pr->outro, NULL, NULL, 0, 0, 0, "outro", 0};
    memset(&mo, 0, sizeof mo);
    mo.bitrate_kbps = opts->bitrate_kbps;
    mo.quality = -1;
    mo.title = opts->title;
    mo.artist = opts->artist;
    mo.album = opts->album;
    mo.year = opts->year;
    if ((err = loai_program_run(parts, n, pr, opts->out_rate, &mo, path, &rep, diag)) != LOA_OK)
        return err;
    if (stats != NULL) {
        stats->seconds = rep.seconds;
        stats->speech_seconds = (double)sp.synth_frames / in_rate;
        stats->peak = (float)pow(10.0, rep.true_peak_dbtp / 20.0);
        stats->program = rep;
    }
    return LOA_OK;
}
