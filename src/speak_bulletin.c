/* A bulletin script as the build says it: its speech (the words and pauses
 * the synthesizer gets), and one station's item rendered from it. `loa
 * build` makes its speech units and item pieces from the same two steps,
 * so `loa speak` on a script is the very audio the build airs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/program.h"
#include "loa/script.h"
#include "loa/speak.h"
#include "loa/synth.h"
#include "loa/text.h"
#include "buf_int.h"
#include "error_int.h"
#include "file_int.h"

void loa_speech_clear(loa_speech *s)
{
    if (s == NULL)
        return;
    free(s->parts);
    free(s->words);
    memset(s, 0, sizeof *s);
}

loa_err loa_bulletin_speech(loa_speech *out, const loa_bulletin *b, const loa_lexicon *lex,
                            loa_dialect dialect, loa_diag *diag)
{
    loai_buf words = {0}, cur = {0};
    size_t n = 0, i;
    loa_err err = LOA_OK;
    /* Part list: text offsets into WORDS (-1 for pauses). */
    long *offs = calloc(b->n_segs * 2 + 2, sizeof *offs);
    int *pauses = calloc(b->n_segs * 2 + 2, sizeof *pauses);
    char *kinds = calloc(b->n_segs * 2 + 2, 1); /* 1: a pause the editor wrote */
    size_t k;

    memset(out, 0, sizeof *out);
    if (offs == NULL || pauses == NULL || kinds == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    for (i = 0; i <= b->n_segs && err == LOA_OK; i++) {
        const loa_segment *sg = i < b->n_segs ? &b->segs[i] : NULL;

        if (sg != NULL && (sg->kind == LOA_SEG_TEXT || sg->kind == LOA_SEG_VERBATIM)) {
            char *spoken = NULL;
            size_t slen = 0;

            if (sg->kind == LOA_SEG_TEXT && lex != NULL) {
                err = loa_text_normalize(lex, dialect, sg->text, strlen(sg->text), &spoken,
                                         &slen, diag);
                if (err != LOA_OK) {
                    if (diag != NULL) {
                        diag->line = sg->line;
                        diag->col = sg->col;
                    }
                    break;
                }
            }
            if (cur.len > 0)
                err = loai_buf_add(&cur, " ", 1);
            if (err == LOA_OK)
                err = spoken ? loai_buf_add(&cur, spoken, slen) : loai_buf_puts(&cur, sg->text);
            free(spoken);
            continue;
        }
        /* A pause, a paragraph break or the end closes the words so far. */
        if (cur.len > 0) {
            offs[n] = (long)words.len;
            pauses[n++] = 0;
            if ((err = loai_buf_add(&words, cur.data, cur.len + 1)) != LOA_OK)
                break;
            cur.len = 0;
        }
        if (sg != NULL && (sg->kind == LOA_SEG_PAUSE || sg->kind == LOA_SEG_PARAGRAPH)) {
            offs[n] = -1;
            kinds[n] = sg->kind == LOA_SEG_PAUSE;
            pauses[n++] = sg->kind == LOA_SEG_PAUSE ? sg->pause_ms : LOA_PARAGRAPH_MS;
        }
    }
    if (err != LOA_OK)
        goto out;
    /* A run of pauses with one the editor wrote ("[nghỉ 2 giây]" on a line
     * of its own, between two paragraphs) lasts what was written: the
     * paragraph pauses around it are dropped. */
    for (i = 0, k = 0; i < n;) {
        size_t j = i;
        int explicit = 0;

        while (j < n && offs[j] < 0)
            explicit |= kinds[j++];
        if (j == i) /* words */
            j = i + 1;
        for (; i < j; i++) {
            if (offs[i] < 0 && explicit && !kinds[i])
                continue;
            offs[k] = offs[i];
            pauses[k] = pauses[i];
            kinds[k++] = kinds[i];
        }
    }
    n = k;
    /* Trailing pauses would only lengthen the item. */
    while (n > 0 && offs[n - 1] < 0)
        n--;
    if ((out->parts = calloc(n ? n : 1, sizeof *out->parts)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    out->words = words.data; /* the parts point into it: it never moves again */
    words.data = NULL;
    for (i = 0; i < n; i++) {
        out->parts[i].text = offs[i] >= 0 ? out->words + offs[i] : NULL;
        out->parts[i].pause_ms = offs[i] >= 0 ? 0 : pauses[i];
    }
    out->n_parts = n;
out:
    free(offs);
    free(pauses);
    free(kinds);
    loai_buf_free(&words);
    loai_buf_free(&cur);
    if (err != LOA_OK)
        loa_speech_clear(out);
    return err;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

loa_err loa_speak_bulletin(const loa_bulletin *b, const loa_item_opts *opts, const char *path,
                           loa_speak_stats *stats, loa_diag *diag)
{
    loa_synth_opts so = opts->voice;
    loa_synth *syn = NULL;
    loa_speech sp;
    loa_program_spec spec;
    loa_program_item item;
    loa_program_report rep;
    char *tmp = NULL, *wav = NULL;
    double secs = 0;
    loa_err err;

    memset(&sp, 0, sizeof sp);
    if (b->audio != NULL) {
        loai_diag_set(diag, "%s is a recorded bulletin: there is nothing to say — play the "
                            "recording itself", b->audio);
        return LOA_ERR_INVALID;
    }
    if (!ends_with(path, ".mp3") && !ends_with(path, ".wav")) {
        loai_diag_set(diag, "%s: output must end in .mp3 or .wav", path);
        return LOA_ERR_INVALID;
    }
    /* The bulletin's own voice over the station's, as the planner picks it. */
    if (b->dialect >= 0)
        so.dialect = (loa_dialect)b->dialect;
    if (b->gender >= 0)
        so.gender = (loa_gender)b->gender;
    if ((err = loa_bulletin_speech(&sp, b, opts->lexicon, so.dialect, diag)) != LOA_OK)
        return err;
    /* the raw speech beside the output, under a temporary name */
    if ((err = loai_stage_name(path, &tmp)) != LOA_OK)
        goto out;
    if ((wav = malloc(strlen(tmp) + 12)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    strcpy(wav, tmp);
    strcat(wav, ".speech.wav");
    if ((err = loa_synth_open(&syn, &so, diag)) != LOA_OK)
        goto out;
    err = loa_synth_render(syn, sp.parts, sp.n_parts, wav, &secs, diag);
    loa_synth_free(syn);
    if (err != LOA_OK)
        goto out;
    memset(&spec, 0, sizeof spec);
    spec.prod.profile = opts->profile;
    spec.prod.bed = opts->bed;
    spec.prod.lead_ms = spec.prod.tail_ms = opts->bed ? LOA_BED_EDGE_MS : -1;
    spec.mp3_threads = 1; /* as the build's workers encode: the same frames */
    item.path = wav;
    item.urgent = 0;
    spec.items = &item;
    spec.n_items = 1;
    spec.eq_items = 1;
    spec.title = opts->title;
    spec.artist = opts->artist;
    spec.album = opts->album;
    spec.year = opts->year;
    if ((err = loa_program_render(&spec, path, &rep, diag)) == LOA_OK && stats != NULL) {
        stats->seconds = rep.seconds;
        stats->speech_seconds = secs;
        stats->peak = (float)pow(10.0, rep.true_peak_dbtp / 20.0);
        stats->program = rep;
    }
out:
    if (wav != NULL)
        unlink(wav);
    free(wav);
    free(tmp);
    loa_speech_clear(&sp);
    return err;
}
