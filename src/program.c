/* Program assembly and loudness: parts (jingles, speech, pauses) joined by
 * equal-power crossfades, a ducked music bed, the speech EQ, then two-pass
 * EBU R128 normalisation with a true-peak limiter, into MP3 or WAV.
 *
 * Rates: sources give audio at their own rate and are resampled into the
 * mixer (the speech EQ runs before that when the source is the slower,
 * espeak-ng's 22.05 kHz). Without a bed, a program whose parts are all
 * slower than the file is mixed, modelled, cached, limited and metered at
 * their rate and resampled once, on the way to the encoder (plan_rates).
 *
 * Memory: nothing has to hold the whole program. Each pass pulls the parts
 * one at a time, decoded in blocks, through a small mixer (a hold-back of
 * one crossfade length where parts are crossfaded) and streams the result
 * on. The first render's mixer input is kept (16 bits a sample under a
 * scale per block): in memory up to CACHE_MAX_BYTES, past that in an
 * unlinked temporary file, and later passes replay it instead of decoding,
 * synthesizing, resampling and equalising again (espeak-ng would not even
 * say it the same way twice in one process).
 *   pass 1   the loudness model (loudness_model.c) is fed foreground and bed
 *            apart: silence check, bed level, and what the limiter will
 *            make of any gain, so the gain for the target is solved
 *            without a probe pass;
 *   pass 2+  replay -> bed -> gain -> limiter -> meter (loai_kmeter) ->
 *            resampler (if the program runs below the file's rate) ->
 *            encoder (staged file); the encoded file is decoded for its
 *            true peak (searched only where it can be the largest).
 * LAME at 48-64 kbps reads a steady ~0.43 LU quieter than its input (a
 * sine, speech, noise alike, once the program low-pass keeps what we meter
 * what it encodes), so the file's loudness is the metered input plus that.
 * Peaks it moves unpredictably after heavy limiting, which is why they
 * are measured on the decoded file: the encoder's guard (mp3_par.c) decodes
 * each chunk as it is made and encodes again, alone and a little lower,
 * any chunk over the ceiling. A program that still misses the target by
 * more than LOUD_TOL, or whose decoded true peak is over the ceiling, is
 * encoded again whole (model error measured, a secant step, a lower
 * limiter ceiling), at most MAX_ENCODES times. The bed keeps its first 90 s
 * loaded. Cost: one encode (and a few chunks again); see make bench. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "loa/mp3.h"
#include "loa/profile.h"
#include "loa/program.h"
#include "loa/wavout.h"
#include "dsp_int.h"
#include "error_int.h"
#include "file_int.h"
#include "loudness_int.h"
#include "program_int.h"
#include "verify_int.h"

#define BLK 4096
#define MAX_ENCODES 4
/* Integrated loudness is gated, so it moves in small jumps as gain changes
 * which blocks pass the gate (~0.1 LU with beds and jingles): aim within
 * this, inside the +-0.5 LU a meter is allowed. */
#define LOUD_TOL 0.3      /* LU */
/* The most loudness the limiter may take away (gain in front beyond what
 * the unlimited program needs): espeak-ng speech in the horn profile needs
 * ~6 LU. Audio that needs far more is mostly isolated peaks (clicks, a
 * full-scale sample every 100 ms): no gain brings it to the target under
 * the ceiling, and the solver, left alone, would ask for hundreds of dB. */
#define MAX_LIMIT_LU 24.0
#define SILENT_LUFS -50.0 /* below this a program is rejected */
#define LOOKAHEAD_MS 5.0
/* MP3 encoding moves peaks a little: limit this much below the ceiling at
 * first; the decoded measurement lowers it further if that was not enough.
 * LAME lifts decoded peaks more the deeper the limiting (measured on real
 * bulletins, per 15-30 s chunk: up to 0.5 dB at 7 dB of limiting, the
 * default profile; up to 1.9 dB at 14-15 dB, the horn's): past
 * MARGIN_KNEE_DB of limiting the margin grows MARGIN_SLOPE dB a dB, up to
 * MARGIN_MAX_DB. What is left over is the guard's: it encodes the few
 * chunks still over the ceiling again (mp3_par.c). */
#define CODEC_MARGIN_DB 0.6
#define MARGIN_KNEE_DB 8.0
#define MARGIN_SLOPE 0.1
#define MARGIN_MAX_DB 1.5
/* LAME's polyphase low-pass at 64 kbps mono 44.1 kHz starts at 16.5 kHz
 * (lame --verbose). What it removes the meter would still count, and noisy
 * jingles read up to 0.5 LU quieter once encoded; a program low-pass below
 * LAME's keeps what we measure what is encoded. Only for rates where it
 * fits under Nyquist with room (44.1 and 48 kHz). */
#define PROGRAM_LOWPASS_HZ 15000.0
#define BED_FADE_MS 1000
/* Programs whose parts are all slower than the file are mixed at their
 * rate, down to this. */
#define MIN_MIX_RATE 16000
/* LAME's quantisation at 48-64 kbps takes about this much loudness off
 * (measured: -0.43 LU on a sine, on speech and on noise); the first
 * encode aims this much high, later ones use what they measured. A
 * program metered at 22.05 kHz and encoded at 44.1 kHz reads 0.02-0.05 LU
 * lower in the file than the meter said (the K filter's shelf, made by
 * the bilinear transform, is nearer its top at 5-10 kHz at the lower
 * rate; measured on espeak-ng speech, default and broadcast profiles). */
#define MP3_LOSS_LU (-0.43)
#define BED_SEAM_MS 50
#define BED_MAX_S 90
#define DECLICK_MS 10

/* Later passes replay the first render from memory while it fits in this
 * much (2 bytes a frame: ~6.3 min of speech mixed at 22.05 kHz, 3.2 min at
 * 44.1 kHz), else from a temporary file; only if that file cannot be
 * written is the program rendered again. */
#define CACHE_MAX_BYTES ((size_t)16 << 20)

struct seg {
    size_t cur; /* part index */
    size_t n;   /* frames */
    float scale;
};

struct eng {
    loai_part *parts; /* each source's rate filled in */
    size_t n;
    int rate;     /* the mixer's, the model's and the limiter's */
    int out_rate; /* the file's (the encoder's input is resampled if they differ) */
    size_t xf; /* crossfade frames */
    size_t declick; /* fade on a jingle edge that is not crossfaded */
    const loa_profile *prof;
    loai_duck duck;
    double ducked; /* linear gain under foreground */
    loa_audio bed; /* looped, loop seam already crossfaded */
    double bed_lufs; /* of the bed file as loaded */
    double bed_lu;   /* wanted unducked level relative to the foreground */
    float bed_gain;
    size_t bed_fade;
    int pass1;          /* feed the model foreground and bed apart */
    loai_lmodel *model;
    loai_biquad lp[2]; /* program low-pass of the foreground, before the cache */
    int has_lp;
    int lp_fg;        /* the foreground needs it: a part can hold content above it */
    loa_pcm_fn sink;
    void *sctx;
    loa_diag *diag;
    /* the replay cache: the first render's mixer input, kept as 16-bit
     * blocks with a scale each, while it fits under CACHE_MAX_BYTES */
    int16_t *cq, qbuf[BLK];
    size_t cq_len, cq_cap;
    FILE *cf; /* ... or in an unlinked temporary file past CACHE_MAX_BYTES */
    struct seg *seg;
    size_t nseg, seg_cap;
    int cache_on, cached;
    /* render state */
    size_t pos, off, cur;
    size_t overlap, speech;
    float blk[BLK], out[BLK], bedbuf[BLK];
    float *work, *hold, *head, *pend;
};

/* ---- sources ---- */

/* Prefix DIAG's message with the part's role, so "intro: x.mp3: ..." says
 * which jingle of the program it was. */
static void name_role(loa_diag *diag, const char *role)
{
    char msg[sizeof diag->msg];

    if (diag == NULL || role == NULL)
        return;
    memcpy(msg, diag->msg, sizeof msg);
    loai_diag_set(diag, "%s: %s", role, msg);
}

/* Part I's source at its own rate. */
static loa_err part_source(const loai_part *p, loai_src **out, loa_diag *diag)
{
    loa_err err;

    if (p->path != NULL) {
        if ((err = loai_src_file(p->path, out, diag)) != LOA_OK)
            name_role(diag, p->role);
        return err;
    }
    return p->open(p->ctx, out, diag);
}

/* The profile's EQ corners sit well inside RATE's band (0.4 x RATE: the
 * bilinear transform bends a response little below that). */
static int eq_fits(const loa_profile *pf, int rate)
{
    double top = 0.4 * rate;

    return pf->highpass_hz < top && pf->lowpass_hz < top &&
           (pf->presence_db == 0 || pf->presence_hz < top);
}

/* S through the profile's speech EQ at S's rate; S is freed on failure. */
static loa_err add_eq(struct eng *e, loai_src **s, loa_diag *diag)
{
    loai_eq eq;
    loa_err err;

    if ((err = loai_eq_init(&eq, (*s)->rate, e->prof->highpass_hz, e->prof->presence_db,
                           e->prof->presence_hz, e->prof->lowpass_hz, diag)) != LOA_OK ||
        (loai_eq_add_rotator(&eq, (*s)->rate), err = loai_src_eq(*s, &eq, s)) != LOA_OK) {
        (*s)->free(*s);
        return err;
    }
    return LOA_OK;
}

/* Part I as the mixer takes it: at the program rate, EQ'd if asked. The
 * EQ runs where it is cheaper, before resampling a source below the
 * program rate (filtering and resampling commute for what such a source
 * can hold) and after resampling one above it. */
static loa_err part_open(struct eng *e, size_t i, loai_src **out, loa_diag *diag)
{
    const loai_part *p = &e->parts[i];
    loai_src *s = NULL, *t;
    int eq_first;
    loa_err err;

    if (p->kind == LOAI_PART_GAP)
        return loai_src_gap((size_t)p->gap_ms * (size_t)e->rate / 1000, e->rate, out);
    if ((err = part_source(p, &s, diag)) != LOA_OK)
        return err;
    eq_first = p->eq && s->rate < e->rate && eq_fits(e->prof, s->rate);
    if (eq_first && (err = add_eq(e, &s, diag)) != LOA_OK)
        return err;
    if ((err = loai_src_resample(s, e->rate, &t, diag)) != LOA_OK) {
        s->free(s);
        return err;
    }
    s = t;
    if (p->eq && !eq_first && (err = add_eq(e, &s, diag)) != LOA_OK)
        return err;
    *out = s;
    return LOA_OK;
}

/* ---- the bed ---- */

static loa_err bed_load(struct eng *e, const char *path, loa_diag *diag)
{
    loai_loudness l;
    loai_src *src = NULL, *rs;
    int file_rate;
    size_t len, seam, k, max = (size_t)BED_MAX_S * (size_t)e->rate, got;
    loa_err err;

    /* Only the first BED_MAX_S seconds are kept (and looped): a bed is
     * the one thing held in memory for the whole render. */
    loa_audio_init(&e->bed, e->rate, 1);
    if ((err = loai_src_file(path, &src, diag)) != LOA_OK) {
        name_role(diag, "bed");
        return err;
    }
    file_rate = src->rate;
    if ((err = loai_src_resample(src, e->rate, &rs, diag)) != LOA_OK) {
        src->free(src);
        return err;
    }
    src = rs;
    do {
        size_t want = max - e->bed.frames < BLK ? max - e->bed.frames : BLK;

        if ((err = src->read(src, e->blk, want, &got, diag)) != LOA_OK ||
            (err = loa_audio_append(&e->bed, e->blk, got)) != LOA_OK) {
            src->free(src);
            name_role(diag, "bed");
            return err;
        }
    } while (got > 0 && e->bed.frames < max);
    src->free(src);
    if ((err = loai_loudness_measure(&e->bed, 0, &l, diag)) != LOA_OK)
        return err;
    if (!(l.integrated_lufs > SILENT_LUFS)) {
        loai_diag_set(diag, "bed: %s is near-silent (below %.0f LUFS) — use a music file", path,
                      SILENT_LUFS);
        return LOA_ERR_SILENT;
    }
    e->bed_lufs = l.integrated_lufs;
    /* Make the loop seamless: the first SEAM frames become an equal-power
     * crossfade from the file's tail into its head, and the loop skips the
     * tail, so the end of one round runs into the start of the next. */
    len = e->bed.frames;
    seam = (size_t)BED_SEAM_MS * (size_t)e->rate / 1000;
    if (seam > len / 4)
        seam = len / 4;
    for (k = 0; k < seam; k++) {
        float fo, fi;

        loai_xfade_gains(k, seam, &fo, &fi);
        e->bed.data[k] = e->bed.data[k] * fi + e->bed.data[len - seam + k] * fo;
    }
    e->bed.frames = len - seam;
    /* The program low-pass, once (see emit), its state first run over the
     * loop's tail so that the join is filtered as it will be heard; not
     * for a bed that cannot hold anything above it. */
    if (e->rate > 2.5 * PROGRAM_LOWPASS_HZ && file_rate > 2 * PROGRAM_LOWPASS_HZ) {
        loai_biquad lp[2];
        size_t w = e->bed.frames < BLK ? e->bed.frames : BLK;

        loai_biquad_lowpass(&lp[0], e->rate, PROGRAM_LOWPASS_HZ, 0.54119610);
        loai_biquad_lowpass(&lp[1], e->rate, PROGRAM_LOWPASS_HZ, 1.30656296);
        memcpy(e->blk, e->bed.data + e->bed.frames - w, w * sizeof *e->blk);
        loai_biquad_run2(&lp[0], &lp[1], e->blk, w);
        loai_biquad_run2(&lp[0], &lp[1], e->bed.data, e->bed.frames);
    }
    return LOA_OK;
}

/* Raised-cosine fade factor for X frames into an N-frame fade. */
static float fade(size_t x, size_t n)
{
    if (x >= n)
        return 1.0f;
    return (float)(0.5 - 0.5 * cos(3.14159265358979323846 * ((double)x + 0.5) / (double)n));
}

static double bed_env(const struct eng *e)
{
    const loai_part *p = &e->parts[e->cur];
    size_t len;
    double g;

    if (p->kind != LOAI_PART_GAP)
        g = e->ducked;
    else {
        len = (size_t)p->gap_ms * (size_t)e->rate / 1000;
        g = loai_duck_gain(&e->duck, e->off, len, e->cur > 0, e->cur + 1 < e->n);
        if (e->cur + 1 == e->n && e->off < len)
            g *= fade(len - e->off - 1, e->bed_fade); /* fade out at the very end */
    }
    if (e->pos < e->bed_fade)
        g *= fade(e->pos, e->bed_fade);
    return g;
}

/* ---- the mixer ---- */

/* Hand the K frames in e->out (part e->cur) to the sink, with the bed
 * mixed in. */
static loa_err emit_block(struct eng *e, size_t k)
{
    size_t i;

    if (e->bed.frames > 0) {
        const float *bd = e->bed.data;
        size_t bf = e->bed.frames, at = e->pos % bf;

        if (e->parts[e->cur].kind != LOAI_PART_GAP && e->pos >= e->bed_fade) {
            /* Under foreground, past the fade-in: the ducked level, the
             * same for the whole block (bed_env's value, without a call
             * and a division a sample). */
            const float g = (float)e->ducked, bg = e->bed_gain;

            if (e->pass1) {
                for (i = 0; i < k; i++) {
                    e->bedbuf[i] = bd[at] * g;
                    if (++at == bf)
                        at = 0;
                }
            } else {
                for (i = 0; i < k; i++) {
                    e->out[i] += bd[at] * g * bg;
                    if (++at == bf)
                        at = 0;
                }
            }
            e->pos += k;
            e->off += k;
        } else {
            for (i = 0; i < k; i++) {
                float b = bd[at] * (float)bed_env(e);

                if (++at == bf)
                    at = 0;
                if (e->pass1)
                    e->bedbuf[i] = b;
                else
                    e->out[i] += b * e->bed_gain;
                e->pos++;
                e->off++;
            }
        }
    } else {
        e->pos += k;
        e->off += k;
    }
    if (e->pass1) {
        int bed = e->bed.frames > 0;

        if (loai_lmodel_add(e->model, e->out, bed ? e->bedbuf : NULL, k) != LOA_OK) {
            loai_diag_set(e->diag, "out of memory");
            return LOA_ERR_NOMEM;
        }
        return LOA_OK;
    }
    return e->sink(e->sctx, e->out, k);
}

static void cache_drop(struct eng *e)
{
    free(e->cq);
    free(e->seg);
    if (e->cf != NULL)
        fclose(e->cf);
    e->cf = NULL;
    e->cq = NULL;
    e->seg = NULL;
    e->cq_len = e->cq_cap = e->nseg = e->seg_cap = 0;
    e->cache_on = e->cached = 0;
}

/* Move the cache to an unlinked temporary file (in $TMPDIR, else /tmp):
 * memory stays flat however long the program, and the page cache keeps
 * it close. 0 if that cannot be done. */
static int cache_spill(struct eng *e)
{
    const char *dir = getenv("TMPDIR");
    char *path;
    int fd;

    if (dir == NULL || *dir == '\0')
        dir = "/tmp";
    if ((path = loai_file_join(dir, "loa-replay-XXXXXX")) == NULL)
        return 0;
    fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    free(path);
    if (fd < 0)
        return 0;
    if ((e->cf = fdopen(fd, "w+b")) == NULL) {
        close(fd);
        return 0;
    }
    if (e->cq_len > 0 && fwrite(e->cq, sizeof *e->cq, e->cq_len, e->cf) != e->cq_len)
        return 0;
    free(e->cq);
    e->cq = NULL;
    e->cq_cap = 0;
    return 1;
}

/* Keep the block in e->qbuf (K frames, SCALE) for later passes: in memory
 * up to CACHE_MAX_BYTES, then in a file. Should that fail, the cache is
 * given up and later passes render again (not an error). */
static void cache_add(struct eng *e, size_t k, float scale)
{
    if (e->cf == NULL && e->cq_len + k > CACHE_MAX_BYTES / sizeof *e->cq && !cache_spill(e)) {
        cache_drop(e);
        return;
    }
    if (e->cf != NULL) {
        if (fwrite(e->qbuf, sizeof *e->qbuf, k, e->cf) != k) {
            cache_drop(e);
            return;
        }
    } else if (e->cq_len + k > e->cq_cap) {
        size_t cap = e->cq_cap ? 2 * e->cq_cap : (size_t)1 << 20;
        int16_t *q;

        while (cap < e->cq_len + k)
            cap *= 2;
        if (cap > CACHE_MAX_BYTES / sizeof *e->cq)
            cap = CACHE_MAX_BYTES / sizeof *e->cq;
        if ((q = realloc(e->cq, cap * sizeof *q)) == NULL) {
            cache_drop(e);
            return;
        }
        e->cq = q;
        e->cq_cap = cap;
    }
    if (e->nseg == e->seg_cap) {
        size_t cap = e->seg_cap ? 2 * e->seg_cap : 256;
        struct seg *sg = realloc(e->seg, cap * sizeof *sg);

        if (sg == NULL) {
            cache_drop(e);
            return;
        }
        e->seg = sg;
        e->seg_cap = cap;
    }
    if (e->cf == NULL)
        memcpy(e->cq + e->cq_len, e->qbuf, k * sizeof *e->cq);
    e->cq_len += k;
    e->seg[e->nseg++] = (struct seg){e->cur, k, scale};
}

/* Hand N frames of part e->cur to the sink. Every pass rounds them to 16
 * bits under a scale per block (~90 dB below the block's peak), so a pass
 * replayed from the cache hears exactly what a rendered one does. */
static loa_err emit(struct eng *e, const float *pcm, size_t n)
{
    loa_err err;

    while (n > 0) {
        size_t k = n < BLK ? n : BLK, i;
        float m = 0, scale, inv;

        /* The program low-pass is linear: the foreground takes it here,
         * once, before the cache, and the bed took it when loaded. */
        memcpy(e->out, pcm, k * sizeof *pcm);
        if (e->has_lp)
            loai_biquad_run2(&e->lp[0], &e->lp[1], e->out, k);
        for (i = 0; i < k; i++) {
            float a = fabsf(e->out[i]);

            m = a > m ? a : m;
        }
        scale = m / 32767.0f;
        inv = m > 0 ? 32767.0f / m : 0.0f;
        for (i = 0; i < k; i++) {
            /* rounded half away from zero, without a branch on the sign
             * (audio's sign is a coin toss for the branch predictor) */
            float v = e->out[i] * inv;
            int16_t q = (int16_t)(int32_t)(v + copysignf(0.5f, v));

            e->qbuf[i] = q;
            e->out[i] = (float)q * scale;
        }
        if (e->cache_on)
            cache_add(e, k, scale);
        if ((err = emit_block(e, k)) != LOA_OK)
            return err;
        pcm += k;
        n -= k;
    }
    return LOA_OK;
}

/* A render from the cache: the same blocks, part by part, into the mixer. */
static loa_err replay(struct eng *e)
{
    size_t s, q = 0, i;
    loa_err err;

    if (e->cf != NULL && (fflush(e->cf) != 0 || fseek(e->cf, 0, SEEK_SET) != 0)) {
        loai_diag_set(e->diag, "cannot read back the program's replay file: %s", strerror(errno));
        return LOA_ERR_IO;
    }
    for (s = 0; s < e->nseg; s++) {
        const struct seg *sg = &e->seg[s];
        const int16_t *src = e->cq + q;

        if (s == 0 || sg->cur != e->cur) {
            e->cur = sg->cur;
            e->off = 0;
        }
        if (e->cf != NULL) {
            if (fread(e->qbuf, sizeof *e->qbuf, sg->n, e->cf) != sg->n) {
                loai_diag_set(e->diag, "cannot read back the program's replay file");
                return LOA_ERR_IO;
            }
            src = e->qbuf;
        }
        for (i = 0; i < sg->n; i++)
            e->out[i] = (float)src[i] * sg->scale;
        q += sg->n;
        if ((err = emit_block(e, sg->n)) != LOA_OK)
            return err;
    }
    return LOA_OK;
}

static int crossfaded(const struct eng *e, size_t i)
{
    loai_part_kind a = e->parts[i].kind, b = e->parts[i + 1].kind;

    return e->xf > 0 && a != LOAI_PART_GAP && b != LOAI_PART_GAP &&
           !(a == LOAI_PART_SPEECH && b == LOAI_PART_SPEECH);
}

/* One render of the whole program into e->sink. Each part's last XF frames
 * are held back; at a crossfaded join they overlap the next part's first
 * frames. A speech side keeps unity gain (speech is never faded); a jingle
 * side follows the equal-power curve. */
static loa_err render(struct eng *e)
{
    loai_src *cur = NULL;
    size_t i, h = 0, pend = 0, pend_off = 0, xf = e->xf, dc = e->declick;
    loa_err err = LOA_OK;

    e->pos = e->off = 0;
    e->has_lp = e->lp_fg;
    if (e->has_lp) {
        loai_biquad_lowpass(&e->lp[0], e->rate, PROGRAM_LOWPASS_HZ, 0.54119610);
        loai_biquad_lowpass(&e->lp[1], e->rate, PROGRAM_LOWPASS_HZ, 1.30656296);
    }
    if (e->cached)
        return replay(e);
    e->overlap = e->speech = 0;
    for (i = 0; i < e->n; i++) {
        int speech = e->parts[i].kind == LOAI_PART_SPEECH;
        /* A jingle that meets silence or an edge of the program without a
         * crossfade gets a short fade there, so its first or last sample
         * cannot click (speech is never faded). */
        int jingle = e->parts[i].kind == LOAI_PART_JINGLE;
        int fade_in = jingle && !(i > 0 && crossfaded(e, i - 1));
        int fade_out = jingle && (i + 1 == e->n || !crossfaded(e, i));
        /* Frames held back at the end of the part: for the crossfade into
         * the next one, or the fade-out; none for speech before a pause. */
        size_t poff = 0, keep = i + 1 < e->n && crossfaded(e, i) ? xf : 0;

        if (fade_out && keep < dc)
            keep = dc;
        e->cur = i;
        e->off = 0;
        if (cur == NULL && (err = part_open(e, i, &cur, e->diag)) != LOA_OK)
            goto done;
        for (;;) {
            size_t got, tot;
            const float *src;

            if (pend > 0) {
                got = pend < BLK ? pend : BLK;
                memcpy(e->blk, e->pend + pend_off, got * sizeof(float));
                pend -= got;
                pend_off += got;
            } else {
                if ((err = cur->read(cur, e->blk, BLK, &got, e->diag)) != LOA_OK)
                    goto done;
                if (got == 0)
                    break;
                if (speech)
                    e->speech += got;
                if (fade_in && poff < dc) {
                    size_t k;

                    for (k = 0; k < got && poff + k < dc; k++)
                        e->blk[k] *= fade(poff + k, dc);
                }
                poff += got;
            }
            if (h == 0) {
                src = e->blk;
                tot = got;
            } else {
                memcpy(e->work, e->hold, h * sizeof(float));
                memcpy(e->work + h, e->blk, got * sizeof(float));
                src = e->work;
                tot = h + got;
            }
            if (tot > keep) {
                if ((err = emit(e, src, tot - keep)) != LOA_OK)
                    goto done;
                memcpy(e->hold, src + tot - keep, keep * sizeof(float));
                h = keep;
            } else {
                memcpy(e->hold, src, tot * sizeof(float));
                h = tot;
            }
        }
        cur->free(cur);
        cur = NULL;
        if (fade_out) {
            size_t k, m = h < dc ? h : dc;

            for (k = 0; k < m; k++)
                e->hold[h - 1 - k] *= fade(k, dc);
        }
        if (i + 1 == e->n || !crossfaded(e, i)) {
            if ((err = emit(e, e->hold, h)) != LOA_OK)
                goto done;
            h = 0;
            continue;
        }
        {
            loai_part_kind a = e->parts[i].kind, b = e->parts[i + 1].kind;
            size_t hc, ov, k;

            if ((err = part_open(e, i + 1, &cur, e->diag)) != LOA_OK ||
                (err = loai_src_fill(cur, e->head, xf, &hc, e->diag)) != LOA_OK)
                goto done;
            if (b == LOAI_PART_SPEECH)
                e->speech += hc;
            ov = h < hc ? h : hc;
            if ((err = emit(e, e->hold, h - ov)) != LOA_OK)
                goto done;
            for (k = 0; k < ov; k++) {
                float fo, fi;

                loai_xfade_gains(k, ov, &fo, &fi);
                e->work[k] = e->hold[h - ov + k] * (a == LOAI_PART_SPEECH ? 1.0f : fo) +
                             e->head[k] * (b == LOAI_PART_SPEECH ? 1.0f : fi);
            }
            if ((err = emit(e, e->work, ov)) != LOA_OK)
                goto done;
            e->overlap += ov;
            memcpy(e->pend, e->head + ov, (hc - ov) * sizeof(float));
            pend = hc - ov;
            pend_off = 0;
            h = 0;
        }
    }
done:
    if (cur != NULL)
        cur->free(cur);
    if (err == LOA_OK && e->cache_on)
        e->cached = 1; /* complete: later passes replay it */
    return err;
}

/* ---- sinks ---- */

struct final {
    loa_mp3 *mp3;
    loa_wavout *wav;
    loai_kmeter *pcm; /* the limiter's output */
    loai_resampler *rs; /* to the file's rate, if the program runs below it */
    loai_tp_meter *tp; /* the file's peak, for a WAV (an MP3 is decoded) */
    loa_diag *diag;
    size_t frames; /* written, at the file's rate */
};

/* Into the file, at its rate. */
static loa_err out_fn(void *ctx, const float *pcm, size_t n)
{
    struct final *f = ctx;
    loa_err err;

    f->frames += n;
    if (f->tp != NULL && (err = loai_tp_meter_add(f->tp, pcm, n)) != LOA_OK)
        return err;
    if (f->mp3 != NULL)
        return loa_mp3_write(f->mp3, pcm, n, f->diag);
    return loa_wavout_write(f->wav, pcm, n, f->diag);
}

/* The limiter's output: metered at the program rate, then resampled (the
 * resampler passes in-band audio through at its loudness). */
static loa_err final_fn(void *ctx, const float *pcm, size_t n)
{
    struct final *f = ctx;
    loa_err err;

    if (f->pcm != NULL && (err = loai_kmeter_add(f->pcm, pcm, n)) != LOA_OK)
        return err;
    if (f->rs != NULL)
        return loai_resampler_write(f->rs, pcm, n, f->diag);
    return out_fn(f, pcm, n);
}

static loa_err limiter_fn(void *ctx, const float *pcm, size_t n)
{
    return loai_limiter_write(ctx, pcm, n);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int ms_or(int v, int def)
{
    return v == 0 ? def : v < 0 ? 0 : v;
}

/* Copy PARTS adding the lead and tail pauses, merging neighbouring pauses
 * and dropping empty ones, so pauses and foreground alternate. */
static loa_err layout(struct eng *e, const loai_part *parts, size_t n, int lead, int tail)
{
    size_t i;

    if ((e->parts = calloc(n + 2, sizeof *e->parts)) == NULL)
        return LOA_ERR_NOMEM;
    e->n = 0;
    for (i = 0; i < n + 2; i++) {
        loai_part p;

        memset(&p, 0, sizeof p);
        p.kind = LOAI_PART_GAP;
        if (i == 0)
            p.gap_ms = lead;
        else if (i == n + 1)
            p.gap_ms = tail;
        else
            p = parts[i - 1];
        if (p.kind == LOAI_PART_GAP) {
            if (p.gap_ms <= 0)
                continue;
            if (e->n > 0 && e->parts[e->n - 1].kind == LOAI_PART_GAP) {
                e->parts[e->n - 1].gap_ms += p.gap_ms;
                continue;
            }
        }
        e->parts[e->n++] = p;
    }
    return LOA_OK;
}

static void eng_free(struct eng *e)
{
    free(e->parts);
    free(e->work);
    free(e->hold);
    free(e->head);
    free(e->pend);
    loa_audio_clear(&e->bed);
    loai_lmodel_free(e->model);
    cache_drop(e);
}

/* Each part's source rate (files are opened to read it), the program rate
 * and whether the foreground needs the program low-pass. Without a bed, a
 * program whose parts are all below the file's rate (espeak-ng speaks at
 * 22.05 kHz) is mixed, measured and limited at their highest rate and
 * resampled once on the way to the encoder: half the work at 22.05 kHz. */
static loa_err plan_rates(struct eng *e, int have_bed, loa_diag *diag)
{
    int top = 0, lp = 0;
    size_t i;

    for (i = 0; i < e->n; i++) {
        loai_part *p = &e->parts[i];
        int r = p->rate;

        if (p->kind == LOAI_PART_GAP)
            continue;
        if (p->path != NULL || r <= 0) {
            loai_src *s;
            loa_err err = part_source(p, &s, diag);

            if (err != LOA_OK)
                return err;
            r = p->rate = s->rate;
            s->free(s);
        }
        if (r > 2 * PROGRAM_LOWPASS_HZ)
            lp = 1; /* it can hold content above the low-pass */
        if (r > e->out_rate)
            r = e->out_rate;
        if (r > top)
            top = r;
    }
    e->rate = e->out_rate;
    if (!have_bed && top >= MIN_MIX_RATE && top < e->out_rate && eq_fits(e->prof, top))
        e->rate = top;
    e->lp_fg = lp && e->rate > 2.5 * PROGRAM_LOWPASS_HZ;
    return LOA_OK;
}

/* Pass 1: the program through the loudness model, foreground and bed
 * apart. Sets the bed gain from their loudness. */
static loa_err measure(struct eng *e, double release_ms, loa_diag *diag)
{
    double fg, bed;
    loa_err err;

    if ((err = loai_lmodel_new(&e->model, e->rate, LOOKAHEAD_MS, release_ms, diag)) != LOA_OK)
        return err;
    e->pass1 = 1;
    err = render(e);
    e->pass1 = 0;
    if (err != LOA_OK)
        return err;
    if (loai_lmodel_finish(e->model) != LOA_OK) {
        loai_diag_set(diag, "out of memory");
        return LOA_ERR_NOMEM;
    }
    fg = loai_lmodel_lufs(e->model, 1.0, 0.0, 0.0, HUGE_VAL, NULL);
    if (!(fg > SILENT_LUFS)) {
        if (fg > -HUGE_VAL)
            loai_diag_set(diag, "the program is near-silent (%.1f LUFS, below %.0f LUFS) — "
                                "check the text and the audio files", fg, SILENT_LUFS);
        else
            loai_diag_set(diag, "the program is silent — check the text and the audio files");
        return LOA_ERR_SILENT;
    }
    if (e->bed.frames > 0) {
        /* The unducked bed sits bed_lu below the foreground. */
        e->bed_gain = (float)pow(10.0, (fg + e->bed_lu - e->bed_lufs) / 20.0);
        bed = loai_lmodel_lufs(e->model, 0.0, 1.0, 0.0, HUGE_VAL, NULL);
        if (!(bed > -HUGE_VAL))
            e->bed_gain = 0; /* ducked away entirely: nothing to weigh */
    }
    return LOA_OK;
}

loa_err loai_program_run(const loai_part *parts, size_t n, const loa_production *prod, int rate,
                         const loa_mp3_opts *mp3, const char *path, loa_program_report *rep,
                         loa_diag *diag)
{
    static const loa_production none;
    struct eng e;
    struct final f;
    loai_limiter *lim = NULL;
    loai_loudness in;
    char *tmp = NULL;
    double gain = 0, ceiling, codec_lu, model_lu = 0, peak = -HUGE_VAL, file_lufs = 0;
    double prev_gain = 0, prev_file = 0, prev_ceiling = 0, last_ceiling = 0, max_gain = 0;
    int have_prev = 0, chunks = 1, redone = 0;
    int is_mp3, pass, kbps, have_bed;
    loa_err err;

    memset(&e, 0, sizeof e);
    memset(&f, 0, sizeof f);
    memset(&in, 0, sizeof in);
    if (prod == NULL)
        prod = &none;
    e.prof = prod->profile ? prod->profile : loa_profile_find(NULL);
    e.out_rate = rate > 0 ? rate : e.prof->rate;
    e.diag = diag;
    f.diag = diag;
    is_mp3 = ends_with(path, ".mp3");
    kbps = mp3 && mp3->bitrate_kbps ? mp3->bitrate_kbps : e.prof->bitrate_kbps;
    if (!is_mp3 && !ends_with(path, ".wav")) {
        loai_diag_set(diag, "%s: output must end in .mp3 or .wav", path);
        return LOA_ERR_INVALID;
    }
    if (is_mp3 && !loa_mp3_bitrate_ok(e.out_rate, kbps)) {
        loai_diag_set(diag, "%d kbps is not an MPEG bitrate at %d Hz", kbps, e.out_rate);
        return LOA_ERR_INVALID;
    }
    have_bed = prod->bed != NULL;
    if ((err = layout(&e, parts, n, have_bed ? ms_or(prod->lead_ms, 2000) : ms_or(prod->lead_ms, 0),
                      have_bed ? ms_or(prod->tail_ms, 2000) : ms_or(prod->tail_ms, 0))) != LOA_OK)
        goto fail;
    if (e.n == 0) {
        loai_diag_set(diag, "the program has no parts");
        err = LOA_ERR_INVALID;
        goto fail;
    }
    if ((err = plan_rates(&e, have_bed, diag)) != LOA_OK)
        goto fail;
    e.xf = (size_t)ms_or(prod->crossfade_ms, 400) * (size_t)e.rate / 1000;
    e.bed_fade = (size_t)BED_FADE_MS * (size_t)e.rate / 1000;
    e.declick = (size_t)DECLICK_MS * (size_t)e.rate / 1000;
    e.duck.duck_db = prod->duck_db > 0 ? prod->duck_db : prod->duck_db < 0 ? 0 : 18.0;
    e.duck.attack = (size_t)ms_or(prod->attack_ms, 400) * (size_t)e.rate / 1000;
    e.duck.release = (size_t)ms_or(prod->release_ms, 600) * (size_t)e.rate / 1000;
    e.duck.hold = (size_t)ms_or(prod->hold_ms, 1500) * (size_t)e.rate / 1000;
    e.ducked = pow(10.0, -e.duck.duck_db / 20.0);
    e.bed_lu = prod->bed_lu != 0 ? prod->bed_lu : -8.0;
    err = LOA_ERR_NOMEM;
    if ((e.work = malloc((e.xf + e.declick + BLK) * sizeof(float))) == NULL ||
        (e.hold = malloc((e.xf + e.declick + 1) * sizeof(float))) == NULL ||
        (e.head = malloc((e.xf + 1) * sizeof(float))) == NULL ||
        (e.pend = malloc((e.xf + 1) * sizeof(float))) == NULL)
        goto fail;
    if (have_bed && (err = bed_load(&e, prod->bed, diag)) != LOA_OK)
        goto fail;
    {
        /* A program expected to outgrow memory goes to the file at once. */
        double expect = 0;
        size_t k;

        for (k = 0; k < e.n; k++)
            expect += e.parts[k].kind == LOAI_PART_GAP ? e.parts[k].gap_ms / 1000.0
                                                       : e.parts[k].seconds;
        e.cache_on = 1;
        if (expect * e.rate * sizeof *e.cq > CACHE_MAX_BYTES && !cache_spill(&e))
            cache_drop(&e);
    }
    if ((err = measure(&e, e.prof->release_ms, diag)) != LOA_OK)
        goto fail;
    if ((err = loai_stage_name(path, &tmp)) != LOA_OK)
        goto fail;
    ceiling = e.prof->ceiling_dbtp - CODEC_MARGIN_DB;
    codec_lu = is_mp3 ? MP3_LOSS_LU : 0.0;
    {
        /* The gain the program would need unlimited, plus what limiting may
         * take: if even that is far short of the target under the ceiling,
         * no encode will keep the promise (see MAX_LIMIT_LU). */
        double plain = loai_lmodel_lufs(e.model, 1.0, e.bed_gain, 0.0, HUGE_VAL, NULL), reach;

        max_gain = e.prof->target_lufs - plain + MAX_LIMIT_LU;
        reach = loai_lmodel_lufs(e.model, 1.0, e.bed_gain, max_gain, ceiling, NULL) + codec_lu;
        if (!isfinite(plain) || !(reach >= e.prof->target_lufs - LOAI_PROMISE_LU)) {
            loai_diag_set(diag, "cannot be brought to %.0f LUFS under %.1f dBTP (the %s profile): "
                          "at most %.1f LUFS with %.0f dB of limiting — it is mostly isolated "
                          "peaks or clicks; use a clean recording", e.prof->target_lufs,
                          e.prof->ceiling_dbtp, e.prof->name, reach, MAX_LIMIT_LU);
            err = LOA_ERR_UNSAFE;
            goto fail;
        }
    }
    if (is_mp3) {
        /* How deep the limiter will go at the first gain: the margin. */
        double depth = 0, margin;

        gain = loai_lmodel_solve(e.model, 1.0, e.bed_gain, ceiling, e.prof->target_lufs - codec_lu);
        loai_lmodel_lufs(e.model, 1.0, e.bed_gain, gain, ceiling, &depth);
        margin = CODEC_MARGIN_DB + MARGIN_SLOPE * (-depth - MARGIN_KNEE_DB);
        if (margin > CODEC_MARGIN_DB)
            ceiling = e.prof->ceiling_dbtp - (margin < MARGIN_MAX_DB ? margin : MARGIN_MAX_DB);
    }
    for (pass = 2; pass < 2 + MAX_ENCODES; pass++) {
        int loud_ok, peak_ok;

        if (have_prev && prev_ceiling == ceiling && prev_file != file_lufs && prev_gain != gain) {
            /* Two real readings at one ceiling: a secant step on them. */
            double slope = (file_lufs - prev_file) / (gain - prev_gain), next;

            if (!(slope > 0.05))
                slope = 0.05;
            next = gain + (e.prof->target_lufs - file_lufs) / slope;
            prev_gain = gain;
            prev_file = file_lufs;
            gain = next;
        } else {
            if (pass > 2) {
                prev_gain = gain;
                prev_file = file_lufs;
                prev_ceiling = last_ceiling;
                have_prev = 1;
            }
            gain = loai_lmodel_solve(e.model, 1.0, e.bed_gain, ceiling,
                                     e.prof->target_lufs - codec_lu - model_lu);
        }
        if (!(gain <= max_gain))
            gain = max_gain; /* also a NaN from a degenerate model */
        if (is_mp3) {
            loa_mp3_opts mo;

            memset(&mo, 0, sizeof mo);
            if (mp3 != NULL)
                mo = *mp3;
            mo.bitrate_kbps = kbps;
            /* The encoder checks each chunk's decoded true peak and encodes
             * again only the chunks over the ceiling (mp3_par.c). */
            mo.guard = 1;
            mo.ceiling_dbtp = e.prof->ceiling_dbtp;
            err = loa_mp3_open(&f.mp3, tmp, e.out_rate, &mo, diag);
        } else {
            err = loa_wavout_open(&f.wav, tmp, e.out_rate, diag);
        }
        /* A WAV is metered on its way in; an MP3 is metered decoded (below). */
        if (err != LOA_OK || (!is_mp3 && (err = loai_kmeter_new(&f.pcm, e.rate, diag)) != LOA_OK) ||
            (e.rate != e.out_rate &&
             (err = loai_resampler_new(&f.rs, e.rate, e.out_rate, out_fn, &f, diag)) != LOA_OK) ||
            (!is_mp3 && (err = loai_tp_meter_new(&f.tp)) != LOA_OK) ||
            (err = loai_limiter_new(&lim, e.rate, gain, ceiling, LOOKAHEAD_MS, e.prof->release_ms,
                                   final_fn, &f, diag)) != LOA_OK)
            goto fail;
        f.frames = 0;
        e.sink = limiter_fn;
        e.sctx = lim;
        if ((err = render(&e)) != LOA_OK || (err = loai_limiter_finish(lim)) != LOA_OK ||
            (f.rs != NULL && (err = loai_resampler_finish(f.rs, diag)) != LOA_OK) ||
            (f.pcm != NULL &&
             (err = loai_kmeter_read(f.pcm, &in.integrated_lufs, &in.lra_lu)) != LOA_OK))
            goto fail;
        err = f.mp3 ? loa_mp3_finish(f.mp3, diag) : loa_wavout_finish(f.wav, diag);
        if (err != LOA_OK)
            goto fail;
        /* Loudness and peaks: the file itself, decoded (verify.c), what
         * listeners will get. The encoder's guard has already decoded every
         * chunk of it as it was made (its true peak, and its K-weighted
         * energy every 100 ms on the file's own grid, mp3_par.c): the file
         * is decoded whole again only when the guard could not check every
         * chunk. A WAV is what went in. */
        if (is_mp3) {
            loa_mp3_stats ms;

            loa_mp3_get_stats(f.mp3, &ms);
            chunks = ms.chunks;
            redone += ms.reencoded;
            if (ms.checked) {
                file_lufs = ms.lufs;
                in.lra_lu = ms.lra;
                peak = ms.true_peak_dbtp;
            } else {
                loai_measure dm;

                if ((err = loai_measure_file(tmp, &dm, diag)) != LOA_OK)
                    goto fail;
                file_lufs = dm.lufs;
                in.lra_lu = dm.lra;
                peak = dm.tp;
            }
        } else {
            file_lufs = in.integrated_lufs;
            peak = loai_tp_meter_read(f.tp);
        }
        loud_ok = fabs(file_lufs - e.prof->target_lufs) <= LOUD_TOL;
        peak_ok = peak <= e.prof->ceiling_dbtp;
        if (loud_ok && peak_ok)
            break;
        if (pass + 1 == 2 + MAX_ENCODES) {
            loa_diag why;

            /* The aim missed; the promise may still be kept. If not, the
             * file is not made: nothing that breaks it is ever published. */
            if (loai_promise_kept(e.prof, file_lufs, peak, &why))
                break;
            loai_diag_set(diag, "cannot be brought within its promise after %d encodes: %s",
                          MAX_ENCODES, why.msg);
            err = LOA_ERR_UNSAFE;
            goto fail;
        }
        if (!isfinite(file_lufs))
            file_lufs = -70; /* silence decoded: a number for the secant */
        /* Where the model missed: aim off by as much next time. */
        model_lu += file_lufs - codec_lu -
                    loai_lmodel_lufs(e.model, 1.0, e.bed_gain, gain, ceiling, NULL);
        last_ceiling = ceiling;
        if (!peak_ok)
            ceiling -= peak - e.prof->ceiling_dbtp + 0.2;
        loa_mp3_free(f.mp3);
        loa_wavout_free(f.wav);
        loai_kmeter_free(f.pcm);
        loai_resampler_free(f.rs);
        loai_tp_meter_free(f.tp);
        loai_limiter_free(lim);
        f.rs = NULL;
        f.tp = NULL;
        f.mp3 = NULL;
        f.wav = NULL;
        f.pcm = NULL;
        lim = NULL;
    }
    if (rep != NULL) {
        memset(rep, 0, sizeof *rep);
        rep->frames = f.frames;
        rep->rate = e.out_rate;
        rep->seconds = (double)f.frames / e.out_rate;
        rep->speech_seconds = (double)e.speech / e.rate;
        rep->overlap_frames = (size_t)((double)e.overlap * e.out_rate / e.rate + 0.5);
        rep->integrated_lufs = file_lufs;
        rep->true_peak_dbtp = peak;
        rep->lra_lu = in.lra_lu;
        rep->gain_db = gain;
        rep->limiter_db = loai_limiter_min_gain_db(lim);
        rep->passes = pass;
        rep->encodes = pass - 1;
        rep->chunks = chunks;
        rep->chunks_reencoded = redone;
    }
    if ((err = loai_stage_commit(tmp, path, diag)) != LOA_OK)
        goto fail;
    free(tmp);
    tmp = NULL;
fail:
    loa_mp3_free(f.mp3);
    loa_wavout_free(f.wav);
    loai_kmeter_free(f.pcm);
    loai_resampler_free(f.rs);
    loai_tp_meter_free(f.tp);
    loai_limiter_free(lim);
    if (tmp != NULL) {
        unlink(tmp);
        free(tmp);
    }
    eng_free(&e);
    return err;
}

loa_err loa_program_render(const loa_program_spec *spec, const char *out_path,
                           loa_program_report *report, loa_diag *diag)
{
    loai_part *parts;
    size_t i, n = 0, cap;
    loa_mp3_opts mo;
    const loa_production *pr = &spec->prod;
    loa_err err;

    if (spec->n_items == 0 && pr->intro == NULL && pr->outro == NULL) {
        loai_diag_set(diag, "the program has no items");
        return LOA_ERR_INVALID;
    }
    for (i = 0; i < spec->n_items; i++)
        if (spec->items[i].path == NULL) {
            loai_diag_set(diag, "program item %zu has no audio file", i + 1);
            return LOA_ERR_INVALID;
        }
    cap = 2 + 3 * spec->n_items;
    if ((parts = calloc(cap, sizeof *parts)) == NULL)
        return LOA_ERR_NOMEM;
    if (pr->intro != NULL)
        parts[n++] = (loai_part){LOAI_PART_JINGLE, pr->intro, NULL, NULL, 0, 0, 0, "intro", 0};
    for (i = 0; i < spec->n_items; i++) {
        if (i > 0)
            parts[n++] = (loai_part){LOAI_PART_GAP, NULL, NULL, NULL, 0, ms_or(pr->gap_ms, 1000), 0,
                                     NULL, 0};
        if (spec->items[i].urgent && pr->chime != NULL)
            parts[n++] = (loai_part){LOAI_PART_JINGLE, pr->chime, NULL, NULL, 0, 0, 0, "chime", 0};
        parts[n++] = (loai_part){LOAI_PART_SPEECH, spec->items[i].path, NULL, NULL, 0, 0,
                                 spec->eq_items, "item", 0};
    }
    if (pr->outro != NULL)
        parts[n++] = (loai_part){LOAI_PART_JINGLE, pr->outro, NULL, NULL, 0, 0, 0, "outro", 0};
    memset(&mo, 0, sizeof mo);
    mo.quality = -1;
    mo.title = spec->title;
    mo.artist = spec->artist;
    mo.album = spec->album;
    mo.year = spec->year;
    mo.threads = spec->mp3_threads;
    err = loai_program_run(parts, n, pr, 0, &mo, out_path, report, diag);
    free(parts);
    return err;
}
