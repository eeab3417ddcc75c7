/* MP3 encoding through LAME's C API: the single encoder, and every LAME
 * call of the module (this is the one file that includes <lame/lame.h>).
 *
 * With opts->threads > 1 a long program is cut at silences into chunks that
 * are encoded in parallel, one lame_t each, and joined under one Info tag
 * (mp3_par.c). threads = 1 is the plain single encoder. The LAME/Info tag
 * is patched in mp3_tag.c; loa_mp3_join is in mp3_join.c.
 *
 * The ID3v2 tag is written by us at the start of the file from LAME's own
 * tag builder (lame_get_id3v2_tag), so that we know where the first audio
 * frame starts and can overwrite it with the LAME/Xing tag after flushing.
 * Text frames go through id3tag_set_textinfo_utf16: the simple id3tag_set_*
 * setters take Latin-1 only and would mangle Vietnamese. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lame/lame.h>

#include "loa/error.h"
#include "loa/mp3.h"
#include "error_int.h"
#include "mp3_int.h"

int loa_mp3_bitrate_ok(int rate, int kbps)
{
    static const int mpeg1[] = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    static const int mpeg2[] = {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    const int *t;
    size_t i;

    if (rate == 32000 || rate == 44100 || rate == 48000)
        t = mpeg1;
    else if (rate == 16000 || rate == 22050 || rate == 24000 || rate == 8000 || rate == 11025 ||
             rate == 12000)
        t = mpeg2;
    else
        return 0;
    for (i = 0; i < 14; i++)
        if (t[i] == kbps)
            return 1;
    return 0;
}

/* UTF-8 to NUL-terminated UTF-16 with a byte-order mark, as LAME wants;
 * the first LOA_MP3_TEXT_MAX characters (whole characters: a surrogate
 * pair is never split). */
static unsigned short *to_utf16(const char *s)
{
    size_t n = strlen(s), j = 0, chars = 0;
    unsigned short *u = malloc((2 * n + 2) * sizeof *u);
    const unsigned char *p = (const unsigned char *)s;

    if (u == NULL)
        return NULL;
    u[j++] = 0xFEFF;
    while (*p && chars++ < LOA_MP3_TEXT_MAX) {
        unsigned long c;
        int extra;

        if (*p < 0x80) {
            c = *p++;
            extra = 0;
        } else if ((*p & 0xE0) == 0xC0) {
            c = *p++ & 0x1F;
            extra = 1;
        } else if ((*p & 0xF0) == 0xE0) {
            c = *p++ & 0x0F;
            extra = 2;
        } else if ((*p & 0xF8) == 0xF0) {
            c = *p++ & 0x07;
            extra = 3;
        } else {
            c = 0xFFFD;
            p++;
            extra = 0;
        }
        while (extra-- > 0) {
            if ((*p & 0xC0) != 0x80) {
                c = 0xFFFD;
                break;
            }
            c = (c << 6) | (*p++ & 0x3F);
        }
        if (c >= 0x10000) {
            c -= 0x10000;
            u[j++] = (unsigned short)(0xD800 + (c >> 10));
            u[j++] = (unsigned short)(0xDC00 + (c & 0x3FF));
        } else {
            u[j++] = (unsigned short)c;
        }
    }
    u[j] = 0;
    return u;
}

static loa_err set_text(lame_t lame, const char *id, const char *text, loa_diag *diag)
{
    unsigned short *u;
    int rc;

    if (text == NULL || *text == '\0')
        return LOA_OK;
    if ((u = to_utf16(text)) == NULL)
        return LOA_ERR_NOMEM;
    if (strcmp(id, "COMM") == 0) {
        static const unsigned short empty[] = {0xFEFF, 0};

        rc = id3tag_set_comment_utf16(lame, "vie", empty, u);
    } else {
        rc = id3tag_set_textinfo_utf16(lame, id, u);
    }
    free(u);
    if (rc != 0) {
        loai_diag_set(diag, "LAME rejected ID3 frame %s", id);
        return LOA_ERR_ENCODE;
    }
    return LOA_OK;
}

/* OPTS's text as the ID3v2 frames of LAME's tag builder (after id3tag_init). */
static loa_err set_tags(lame_t lame, const loa_mp3_opts *opts, loa_diag *diag)
{
    loa_err err;

    if ((err = set_text(lame, "TIT2", opts->title, diag)) ||
        (err = set_text(lame, "TPE1", opts->artist, diag)) ||
        (err = set_text(lame, "TALB", opts->album, diag)) ||
        (err = set_text(lame, "TYER", opts->year, diag)))
        return err;
    return set_text(lame, "COMM", opts->comment, diag);
}

/* The settings every encoder of one file shares (parallel chunks too). */
static void set_params(lame_t lame, int rate, int kbps, int quality)
{
    lame_set_in_samplerate(lame, rate);
    lame_set_out_samplerate(lame, rate); /* explicit: LAME otherwise picks its own */
    lame_set_num_channels(lame, 1);
    lame_set_mode(lame, MONO);
    lame_set_VBR(lame, vbr_off);
    lame_set_brate(lame, kbps);
    lame_set_quality(lame, quality);
}

loa_err loai_mp3_write_all(loa_mp3 *enc, const unsigned char *p, size_t n, loa_diag *diag)
{
    if (n > 0 && fwrite(p, 1, n, enc->fp) != n) {
        loai_diag_set(diag, "cannot write %s: %s", enc->path, strerror(errno));
        return LOA_ERR_IO;
    }
    return LOA_OK;
}

loa_err loa_mp3_open(loa_mp3 **out, const char *path, int rate, const loa_mp3_opts *opts,
                     loa_diag *diag)
{
    static const loa_mp3_opts defaults = {64, 3, NULL, NULL, NULL, NULL, NULL, 0, 0, 0.0};
    loa_err err = LOA_ERR_NOMEM;
    loa_mp3 *enc;
    int kbps, threads;
    size_t tag_len;

    if (opts == NULL)
        opts = &defaults;
    kbps = opts->bitrate_kbps ? opts->bitrate_kbps : 64;
    threads = opts->threads;
    if (threads <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);

        /* At least 2 even on one CPU: the bytes then do not depend on the
         * machine (2 threads on one core cost next to nothing). */
        threads = cpus < 2 ? 2 : cpus > PAR_AUTO_MAX ? PAR_AUTO_MAX : (int)cpus;
    }
    if (threads > PAR_MAX_THREADS)
        threads = PAR_MAX_THREADS;
    if (!loa_mp3_bitrate_ok(rate, kbps)) {
        loai_diag_set(diag, "%d kbps is not an MPEG bitrate at %d Hz", kbps, rate);
        return LOA_ERR_INVALID;
    }
    if ((enc = calloc(1, sizeof *enc)) == NULL || (enc->path = strdup(path)) == NULL ||
        (enc->lame = lame_init()) == NULL)
        goto fail;
    set_params(enc->lame, rate, kbps, opts->quality >= 0 ? opts->quality : 3);
    lame_set_bWriteVbrTag(enc->lame, 1); /* the LAME/Xing "Info" frame */
    id3tag_init(enc->lame);
    id3tag_v2_only(enc->lame);
    if ((err = set_tags(enc->lame, opts, diag)) != LOA_OK)
        goto fail;
    lame_set_write_id3tag_automatic(enc->lame, 0);
    if (lame_init_params(enc->lame) < 0) {
        loai_diag_set(diag, "LAME rejected mono %d Hz at %d kbps", rate, kbps);
        err = LOA_ERR_ENCODE;
        goto fail;
    }
    if ((enc->fp = fopen(path, "wb")) == NULL) {
        loai_diag_set(diag, "cannot create %s: %s", path, strerror(errno));
        err = LOA_ERR_IO;
        goto fail;
    }
    tag_len = lame_get_id3v2_tag(enc->lame, enc->buf, sizeof enc->buf);
    if (tag_len > sizeof enc->buf) {
        loai_diag_set(diag, "ID3v2 tag too large (%zu bytes)", tag_len);
        err = LOA_ERR_ENCODE;
        goto fail;
    }
    if ((err = loai_mp3_write_all(enc, enc->buf, tag_len, diag)) != LOA_OK)
        goto fail;
    enc->audio_start = (long)tag_len;
    /* The seams assume LAME 3.100's delay; any other LAME encodes serially
     * (and unguarded: loa_mp3_get_stats says unchecked). */
    if ((threads > 1 || opts->guard) && lame_get_encoder_delay(enc->lame) == LAME_DELAY &&
        (err = loai_mp3_par_start(enc, rate, kbps, opts->quality >= 0 ? opts->quality : 3,
                                  threads, opts->guard, opts->ceiling_dbtp, diag)) != LOA_OK)
        goto fail;
    *out = enc;
    return LOA_OK;
fail:
    if (enc != NULL && enc->fp != NULL) {
        fclose(enc->fp);
        enc->fp = NULL;
        unlink(path);
    }
    loa_mp3_free(enc);
    return err;
}

/* N samples of PCM into OUT within [-1, 1], NaN as silence: LAME takes
 * float input at full scale 1 and, handed NaN or values of +-100, fails an
 * assertion in its psychoacoustic model (psymodel.c calc_energy) or
 * writes frames that decode to garbage. Whatever reaches the encoder has
 * passed the limiter; this is the last guard, not a limiter. */
static void bound(const float *pcm, float *out, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        float x = pcm[i];

        out[i] = x >= -1.0f ? (x <= 1.0f ? x : 1.0f) : x < -1.0f ? -1.0f : 0.0f;
    }
}

loa_err loa_mp3_write(loa_mp3 *enc, const float *pcm, size_t frames, loa_diag *diag)
{
    while (frames > 0) {
        int n = frames > MP3_CHUNK ? MP3_CHUNK : (int)frames;
        int got;
        loa_err err;

        bound(pcm, enc->pcm, (size_t)n);
        if (enc->par != NULL) {
            if ((err = loai_mp3_par_write(enc, enc->pcm, (size_t)n, diag)) != LOA_OK)
                return err;
        } else {
            got = lame_encode_buffer_ieee_float(enc->lame, enc->pcm, enc->pcm, n, enc->buf,
                                                MP3_BUF);
            if (got < 0) {
                loai_diag_set(diag, "LAME encode error %d", got);
                return LOA_ERR_ENCODE;
            }
            if ((err = loai_mp3_write_all(enc, enc->buf, (size_t)got, diag)) != LOA_OK)
                return err;
        }
        pcm += n;
        frames -= (size_t)n;
    }
    return LOA_OK;
}

loa_err loa_mp3_finish(loa_mp3 *enc, loa_diag *diag)
{
    int got;
    size_t tag;
    loa_err err;

    if (enc->par != NULL)
        return loai_mp3_par_finish(enc, diag);
    got = lame_encode_flush(enc->lame, enc->buf, MP3_BUF);
    if (got < 0) {
        loai_diag_set(diag, "LAME flush error %d", got);
        return LOA_ERR_ENCODE;
    }
    if ((err = loai_mp3_write_all(enc, enc->buf, (size_t)got, diag)) != LOA_OK)
        return err;
    /* The Info frame was reserved at the first audio frame; fill it in now. */
    tag = lame_get_lametag_frame(enc->lame, enc->buf, MP3_BUF);
    return loai_mp3_put_tag_and_close(enc, tag, diag);
}

/* Write the TAG bytes in enc->buf over the reserved first frame; close. */
loa_err loai_mp3_put_tag_and_close(loa_mp3 *enc, size_t tag, loa_diag *diag)
{
    loa_err err;

    if (tag > 0 && tag <= MP3_BUF) {
        if (fseek(enc->fp, enc->audio_start, SEEK_SET) != 0) {
            loai_diag_set(diag, "cannot seek in %s: %s", enc->path, strerror(errno));
            return LOA_ERR_IO;
        }
        if ((err = loai_mp3_write_all(enc, enc->buf, tag, diag)) != LOA_OK)
            return err;
    }
    if (fflush(enc->fp) != 0 || ferror(enc->fp)) {
        loai_diag_set(diag, "cannot write %s: %s", enc->path, strerror(errno));
        return LOA_ERR_IO;
    }
    if (fclose(enc->fp) != 0) {
        enc->fp = NULL;
        loai_diag_set(diag, "cannot write %s: %s", enc->path, strerror(errno));
        return LOA_ERR_IO;
    }
    enc->fp = NULL;
    return LOA_OK;
}

void loa_mp3_get_stats(const loa_mp3 *enc, loa_mp3_stats *out)
{
    if (enc->par != NULL) {
        loai_mp3_par_stats(enc->par, out);
        return;
    }
    memset(out, 0, sizeof *out);
    out->chunks = 1;
    out->energy_ratio = 1.0;
}

void loa_mp3_free(loa_mp3 *enc)
{
    if (enc == NULL)
        return;
    loai_mp3_par_free(enc->par); /* joins its threads first */
    if (enc->fp != NULL)
        fclose(enc->fp);
    if (enc->lame != NULL)
        lame_close(enc->lame);
    free(enc->path);
    free(enc);
}

/* ---- LAME for the parallel encoder's chunks (mp3_par.c) ---- */

loa_err loai_mp3_chunk_open(loai_lame **out, int rate, int kbps, int quality)
{
    lame_t lame = lame_init();

    *out = NULL;
    if (lame == NULL)
        return LOA_ERR_NOMEM;
    set_params(lame, rate, kbps, quality);
    lame_set_bWriteVbrTag(lame, 0); /* one Info frame: the first chunk's */
    lame_set_write_id3tag_automatic(lame, 0);
    if (lame_init_params(lame) < 0) {
        lame_close(lame);
        return LOA_ERR_ENCODE;
    }
    *out = lame;
    return LOA_OK;
}

int loai_mp3_chunk_encode(loai_lame *l, const float *pcm, int n, unsigned char *mp3, int size)
{
    return lame_encode_buffer_ieee_float(l, pcm, pcm, n, mp3, size);
}

int loai_mp3_chunk_flush(loai_lame *l, unsigned char *mp3, int size)
{
    return lame_encode_flush(l, mp3, size);
}

void loai_mp3_chunk_counts(loai_lame *l, int *frames, int *padding)
{
    *frames = lame_get_frameNum(l);
    *padding = lame_get_encoder_padding(l);
}

void loai_mp3_chunk_close(loai_lame *l)
{
    lame_close(l);
}

int loai_mp3_framesize(loai_lame *l)
{
    return lame_get_framesize(l);
}

size_t loai_mp3_lametag(loai_lame *l, unsigned char *buf, size_t size)
{
    return lame_get_lametag_frame(l, buf, size);
}

/* A LAME handle set up once to build the ID3v2 tags of many joins: each
 * tag is LAME's own (id3tag_init clears the last one's text), without a
 * lame_init_params a tag (its tables cost more than the join's copying). */
struct loai_mp3_id3 {
    lame_t lame; /* NULL until the first tag, or after a failed set-up */
    int rate;
};

loa_err loai_mp3_id3_new(loai_mp3_id3 **out)
{
    return (*out = calloc(1, sizeof **out)) != NULL ? LOA_OK : LOA_ERR_NOMEM;
}

loa_err loai_mp3_id3_make(loai_mp3_id3 *h, int rate, const loa_mp3_opts *opts,
                          unsigned char *buf, size_t *len, loa_diag *diag)
{
    loa_err err;

    if (h->lame != NULL && h->rate != rate) {
        lame_close(h->lame);
        h->lame = NULL;
    }
    if (h->lame == NULL) {
        if ((h->lame = lame_init()) == NULL)
            return LOA_ERR_NOMEM;
        h->rate = rate;
        lame_set_in_samplerate(h->lame, rate);
        lame_set_out_samplerate(h->lame, rate);
        lame_set_num_channels(h->lame, 1);
        lame_set_mode(h->lame, MONO);
        id3tag_init(h->lame);
        id3tag_v2_only(h->lame);
        lame_set_write_id3tag_automatic(h->lame, 0);
        if (lame_init_params(h->lame) < 0) {
            lame_close(h->lame);
            h->lame = NULL;
            loai_diag_set(diag, "LAME could not build an ID3 tag");
            return LOA_ERR_ENCODE;
        }
    }
    id3tag_init(h->lame);
    id3tag_v2_only(h->lame);
    if (opts != NULL && (err = set_tags(h->lame, opts, diag)) != LOA_OK)
        return err;
    *len = lame_get_id3v2_tag(h->lame, buf, MP3_BUF);
    if (*len > MP3_BUF) {
        loai_diag_set(diag, "ID3v2 tag too large (%zu bytes)", *len);
        return LOA_ERR_ENCODE;
    }
    return LOA_OK;
}

void loai_mp3_id3_free(loai_mp3_id3 *h)
{
    if (h == NULL)
        return;
    if (h->lame != NULL)
        lame_close(h->lame);
    free(h);
}

/* The ID3v2 tag for loa_mp3_join (mp3_join.c). */
loa_err loai_mp3_id3_build(const loa_mp3_opts *opts, int rate, unsigned char *buf, size_t *len,
                           loa_diag *diag)
{
    lame_t lame = lame_init();
    loa_err err = LOA_OK;

    if (lame == NULL)
        return LOA_ERR_NOMEM;
    lame_set_in_samplerate(lame, rate);
    lame_set_out_samplerate(lame, rate);
    lame_set_num_channels(lame, 1);
    lame_set_mode(lame, MONO);
    id3tag_init(lame);
    id3tag_v2_only(lame);
    if (opts != NULL && (err = set_tags(lame, opts, diag)) != LOA_OK)
        goto done;
    lame_set_write_id3tag_automatic(lame, 0);
    if (lame_init_params(lame) < 0) {
        loai_diag_set(diag, "LAME could not build an ID3 tag");
        err = LOA_ERR_ENCODE;
        goto done;
    }
    *len = lame_get_id3v2_tag(lame, buf, MP3_BUF);
    if (*len > MP3_BUF) {
        loai_diag_set(diag, "ID3v2 tag too large (%zu bytes)", *len);
        err = LOA_ERR_ENCODE;
    }
done:
    lame_close(lame);
    return err;
}
