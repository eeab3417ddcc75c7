/* Speech synthesis through libespeak-ng, in-process and synchronous.
 *
 * espeak-ng keeps its state in globals (one voice, one callback, one output
 * buffer per process), so loa_synth is a process singleton: parallel
 * rendering uses processes, never threads. The per-call sink travels in
 * espeak_Synth's user_data pointer, which espeak-ng copies into every event
 * it hands the callback. */
#include <stdlib.h>
#include <string.h>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include "loa/audio.h"
#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/msg.h"
#include "loa/synth.h"
#include "error_int.h"

/* espeak-ng's volume 100 (its default) clips loud syllables inside its own
 * 16-bit mixer; at 50 its peaks stay well below full scale (measured on the
 * seed texts: peak -6 dBFS). The loss is made up in float: SYNTH_MAKEUP. */
#define SYNTH_VOLUME 50
#define SYNTH_MAKEUP 1.5f
#define SYNTH_BLOCK_MS 100

struct loa_synth {
    int rate;
    loa_synth_opts opts;
};

struct speak_call {
    loa_pcm_fn fn;
    void *ctx;
    loa_err err;
    float buf[4096];
};

static int open_count;

static loa_err from_espeak(espeak_ng_STATUS st, const char *what, loa_diag *diag)
{
    char msg[200];

    if (st == ENS_OK)
        return LOA_OK;
    espeak_ng_GetStatusCodeMessage(st, msg, sizeof msg);
    loai_diag_set(diag, "espeak-ng: %s: %s", what, msg);
    return LOA_ERR_SYNTH;
}

static int synth_cb(short *wav, int n, espeak_EVENT *events)
{
    struct speak_call *call = events ? events[0].user_data : NULL;
    int i = 0;

    if (call == NULL)
        return 1;
    if (wav == NULL || n <= 0 || call->err != LOA_OK)
        return call->err != LOA_OK;
    while (i < n) {
        int m = n - i < 4096 ? n - i : 4096, k;

        for (k = 0; k < m; k++)
            call->buf[k] = (float)wav[i + k] * (SYNTH_MAKEUP / 32768.0f);
        if ((call->err = call->fn(call->ctx, call->buf, (size_t)m)) != LOA_OK)
            return 1;
        i += m;
    }
    return 0;
}

loa_err loa_synth_configure(loa_synth *s, const loa_synth_opts *opts, loa_diag *diag)
{
    loa_synth_opts o = *opts;
    loa_err err;

    if (o.rate_wpm == 0)
        o.rate_wpm = 150;
    if (o.pitch < 0)
        o.pitch = 50;
    if (o.rate_wpm < 80 || o.rate_wpm > 450) {
        loai_diag_set(diag, "speech rate %d is outside 80..450 words per minute", o.rate_wpm);
        return LOA_ERR_INVALID;
    }
    if (o.pitch > 99) {
        loai_diag_set(diag, "pitch %d is outside 0..99", o.pitch);
        return LOA_ERR_INVALID;
    }
    if (o.gender != LOA_GENDER_FEMALE)
        o.gender = LOA_GENDER_MALE;
    err = from_espeak(espeak_ng_SetVoiceByName(loa_voice_name(o.dialect, o.gender)),
                      loa_voice_name(o.dialect, o.gender), diag);
    if (err != LOA_OK)
        return err;
    if ((err = from_espeak(espeak_ng_SetParameter(espeakRATE, o.rate_wpm, 0), "rate", diag)) ||
        (err = from_espeak(espeak_ng_SetParameter(espeakPITCH, o.pitch, 0), "pitch", diag)) ||
        (err = from_espeak(espeak_ng_SetParameter(espeakVOLUME, SYNTH_VOLUME, 0), "volume",
                           diag)))
        return err;
    s->opts = o;
    return LOA_OK;
}

loa_err loa_synth_open(loa_synth **out, const loa_synth_opts *opts, loa_diag *diag)
{
    static const loa_synth_opts defaults = {LOA_DIALECT_NORTH, 150, 50, NULL, LOA_GENDER_MALE};
    espeak_ng_ERROR_CONTEXT ectx = NULL;
    espeak_ng_STATUS st;
    loa_synth *s;
    loa_err err;

    if (open_count > 0) {
        loai_diag_set(diag, "espeak-ng is already open in this process");
        return LOA_ERR_INVALID;
    }
    if (opts == NULL)
        opts = &defaults;
    if ((s = calloc(1, sizeof *s)) == NULL)
        return LOA_ERR_NOMEM;
    espeak_ng_InitializePath(opts->data_path);
    st = espeak_ng_Initialize(&ectx);
    if (st != ENS_OK) {
        espeak_ng_ClearErrorContext(&ectx);
        free(s);
        return from_espeak(st, LOA_MSG("cannot load its data (is espeak-ng-data installed?)"),
                           diag);
    }
    st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, SYNTH_BLOCK_MS, NULL);
    if (st != ENS_OK) {
        espeak_ng_Terminate();
        free(s);
        return from_espeak(st, "output", diag);
    }
    espeak_SetSynthCallback(synth_cb);
    s->rate = espeak_ng_GetSampleRate();
    open_count = 1;
    if ((err = loa_synth_configure(s, opts, diag)) != LOA_OK) {
        loa_synth_free(s);
        return err;
    }
    *out = s;
    return LOA_OK;
}

int loa_synth_rate(const loa_synth *s)
{
    return s->rate;
}

/* espeak-ng's Vietnamese voice reads the new-style "ọa" (tọa đàm, thảm
 * họa) as two syllables, o then a; the old-style "oạ" it reads right. The
 * two are one word: move the mark, in place (both are four bytes). */
static void mend_oa(char *t, size_t len)
{
    size_t i;

    for (i = 0; i + 3 < len; i++) {
        unsigned char *p = (unsigned char *)t + i;

        /* ọ U+1ECD, Ọ U+1ECC: E1 BB 8D / 8C; ạ U+1EA1, Ạ U+1EA0: E1 BA A1 / A0 */
        if (p[0] == 0xE1 && p[1] == 0xBB && (p[2] == 0x8D || p[2] == 0x8C) &&
            (p[3] == 'a' || p[3] == 'A')) {
            int upper_o = p[2] == 0x8C, upper_a = p[3] == 'A';

            p[0] = upper_o ? 'O' : 'o';
            p[1] = 0xE1;
            p[2] = 0xBA;
            p[3] = upper_a ? 0xA0 : 0xA1;
            i += 3;
        }
    }
}

loa_err loa_synth_speak(loa_synth *s, const char *text, size_t len, loa_pcm_fn fn, void *ctx,
                        loa_diag *diag)
{
    struct speak_call *call;
    char *copy;
    espeak_ng_STATUS st;
    loa_err err;

    (void)s;
    if (len == 0)
        return LOA_OK;
    if ((call = malloc(sizeof *call)) == NULL)
        return LOA_ERR_NOMEM;
    if ((copy = malloc(len + 1)) == NULL) {
        free(call);
        return LOA_ERR_NOMEM;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    mend_oa(copy, len);
    call->fn = fn;
    call->ctx = ctx;
    call->err = LOA_OK;
    /* Synchronous mode: this returns once every sample went through synth_cb.
     * (No espeak_ng_Synchronize: after a re-initialisation it waits forever
     * on the event thread of espeak-ng 1.51.) */
    st = espeak_ng_Synthesize(copy, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, call);
    err = call->err;
    if (err == LOA_OK)
        err = from_espeak(st, "synthesis", diag);
    free(copy);
    free(call);
    return err;
}

void loa_synth_free(loa_synth *s)
{
    if (s == NULL)
        return;
    espeak_ng_Terminate();
    open_count = 0;
    free(s);
}
