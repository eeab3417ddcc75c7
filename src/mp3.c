/* MP3 encoding through LAME's C API.
 *
 * The ID3v2 tag is written by us at the start of the file from LAME's own
 * tag builder (lame_get_id3v2_tag), so that we know where the first audio
 * frame starts and can overwrite it with the LAME/Xing tag after flushing.
 * Text frames go through id3tag_set_textinfo_utf16: the simple id3tag_set_*
 * setters take Latin-1 only and would mangle Vietnamese. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lame/lame.h>

#include "internal.h"

#define MP3_CHUNK 8192
/* Worst case output for n samples: 1.25 * n + 7200 bytes (lame.h). */
#define MP3_BUF (MP3_CHUNK + MP3_CHUNK / 4 + 7200)

struct loa_mp3 {
    lame_t lame;
    FILE *fp;
    char *path;
    long audio_start; /* file offset of the first MP3 frame (after ID3v2) */
    unsigned char buf[MP3_BUF];
};

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

/* UTF-8 to NUL-terminated UTF-16 with a byte-order mark, as LAME wants. */
static unsigned short *to_utf16(const char *s)
{
    size_t n = strlen(s), j = 0;
    unsigned short *u = malloc((2 * n + 2) * sizeof *u);
    const unsigned char *p = (const unsigned char *)s;

    if (u == NULL)
        return NULL;
    u[j++] = 0xFEFF;
    while (*p) {
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

static loa_err write_all(loa_mp3 *enc, const unsigned char *p, size_t n, loa_diag *diag)
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
    static const loa_mp3_opts defaults = {64, 3, NULL, NULL, NULL, NULL, NULL};
    loa_err err = LOA_ERR_NOMEM;
    loa_mp3 *enc;
    int kbps;
    size_t tag_len;

    if (opts == NULL)
        opts = &defaults;
    kbps = opts->bitrate_kbps ? opts->bitrate_kbps : 64;
    if (!loa_mp3_bitrate_ok(rate, kbps)) {
        loai_diag_set(diag, "%d kbps is not an MPEG bitrate at %d Hz", kbps, rate);
        return LOA_ERR_INVALID;
    }
    if ((enc = calloc(1, sizeof *enc)) == NULL || (enc->path = strdup(path)) == NULL ||
        (enc->lame = lame_init()) == NULL)
        goto fail;
    lame_set_in_samplerate(enc->lame, rate);
    lame_set_out_samplerate(enc->lame, rate); /* explicit: LAME otherwise picks its own */
    lame_set_num_channels(enc->lame, 1);
    lame_set_mode(enc->lame, MONO);
    lame_set_VBR(enc->lame, vbr_off);
    lame_set_brate(enc->lame, kbps);
    lame_set_quality(enc->lame, opts->quality >= 0 ? opts->quality : 3);
    lame_set_bWriteVbrTag(enc->lame, 1); /* the LAME/Xing "Info" frame */
    id3tag_init(enc->lame);
    id3tag_v2_only(enc->lame);
    if ((err = set_text(enc->lame, "TIT2", opts->title, diag)) ||
        (err = set_text(enc->lame, "TPE1", opts->artist, diag)) ||
        (err = set_text(enc->lame, "TALB", opts->album, diag)) ||
        (err = set_text(enc->lame, "TYER", opts->year, diag)) ||
        (err = set_text(enc->lame, "COMM", opts->comment, diag)))
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
    if ((err = write_all(enc, enc->buf, tag_len, diag)) != LOA_OK)
        goto fail;
    enc->audio_start = (long)tag_len;
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

loa_err loa_mp3_write(loa_mp3 *enc, const float *pcm, size_t frames, loa_diag *diag)
{
    while (frames > 0) {
        int n = frames > MP3_CHUNK ? MP3_CHUNK : (int)frames;
        int got = lame_encode_buffer_ieee_float(enc->lame, pcm, pcm, n, enc->buf, MP3_BUF);
        loa_err err;

        if (got < 0) {
            loai_diag_set(diag, "LAME encode error %d", got);
            return LOA_ERR_ENCODE;
        }
        if ((err = write_all(enc, enc->buf, (size_t)got, diag)) != LOA_OK)
            return err;
        pcm += n;
        frames -= (size_t)n;
    }
    return LOA_OK;
}

loa_err loa_mp3_finish(loa_mp3 *enc, loa_diag *diag)
{
    int got = lame_encode_flush(enc->lame, enc->buf, MP3_BUF);
    size_t tag;
    loa_err err;

    if (got < 0) {
        loai_diag_set(diag, "LAME flush error %d", got);
        return LOA_ERR_ENCODE;
    }
    if ((err = write_all(enc, enc->buf, (size_t)got, diag)) != LOA_OK)
        return err;
    /* The Info frame was reserved at the first audio frame; fill it in now. */
    tag = lame_get_lametag_frame(enc->lame, enc->buf, MP3_BUF);
    if (tag > 0 && tag <= MP3_BUF) {
        if (fseek(enc->fp, enc->audio_start, SEEK_SET) != 0) {
            loai_diag_set(diag, "cannot seek in %s: %s", enc->path, strerror(errno));
            return LOA_ERR_IO;
        }
        if ((err = write_all(enc, enc->buf, tag, diag)) != LOA_OK)
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

void loa_mp3_free(loa_mp3 *enc)
{
    if (enc == NULL)
        return;
    if (enc->fp != NULL)
        fclose(enc->fp);
    if (enc->lame != NULL)
        lame_close(enc->lame);
    free(enc->path);
    free(enc);
}

/* ---- re-tagging ---- */

/* Length of the ID3v2 tag at the start of P (N bytes), 0 if none. */
static size_t id3v2_len(const unsigned char *p, size_t n)
{
    size_t len;

    if (n < 10 || memcmp(p, "ID3", 3) != 0 || (p[6] | p[7] | p[8] | p[9]) & 0x80)
        return 0;
    len = 10 + ((size_t)p[6] << 21 | (size_t)p[7] << 14 | (size_t)p[8] << 7 | p[9]);
    if (p[5] & 0x10) /* a footer follows */
        len += 10;
    return len;
}

loa_err loa_mp3_retag(const char *src, const char *dst, const loa_mp3_opts *opts, loa_diag *diag)
{
    lame_t lame = NULL;
    FILE *in = NULL, *out = NULL;
    unsigned char *buf = NULL;
    size_t tag_len, n, skip;
    loa_err err = LOA_ERR_NOMEM;

    if ((buf = malloc(MP3_BUF)) == NULL || (lame = lame_init()) == NULL)
        goto done;
    /* The tag alone, from LAME's builder as loa_mp3_open writes it. */
    lame_set_in_samplerate(lame, 44100);
    lame_set_out_samplerate(lame, 44100);
    lame_set_num_channels(lame, 1);
    lame_set_mode(lame, MONO);
    id3tag_init(lame);
    id3tag_v2_only(lame);
    if (opts != NULL &&
        ((err = set_text(lame, "TIT2", opts->title, diag)) ||
         (err = set_text(lame, "TPE1", opts->artist, diag)) ||
         (err = set_text(lame, "TALB", opts->album, diag)) ||
         (err = set_text(lame, "TYER", opts->year, diag)) ||
         (err = set_text(lame, "COMM", opts->comment, diag))))
        goto done;
    lame_set_write_id3tag_automatic(lame, 0);
    if (lame_init_params(lame) < 0) {
        loai_diag_set(diag, "LAME could not build an ID3 tag");
        err = LOA_ERR_ENCODE;
        goto done;
    }
    tag_len = lame_get_id3v2_tag(lame, buf, MP3_BUF);
    if (tag_len > MP3_BUF) {
        loai_diag_set(diag, "ID3v2 tag too large (%zu bytes)", tag_len);
        err = LOA_ERR_ENCODE;
        goto done;
    }
    err = LOA_ERR_IO;
    if ((in = fopen(src, "rb")) == NULL) {
        loai_diag_set(diag, "cannot read %s: %s", src, strerror(errno));
        goto done;
    }
    if ((out = fopen(dst, "wb")) == NULL) {
        loai_diag_set(diag, "cannot create %s: %s", dst, strerror(errno));
        goto done;
    }
    if (tag_len > 0 && fwrite(buf, 1, tag_len, out) != tag_len)
        goto write_failed;
    /* Then SRC's audio, past its own tag. */
    n = fread(buf, 1, 10, in);
    skip = id3v2_len(buf, n);
    if (fseek(in, (long)skip, SEEK_SET) != 0) {
        loai_diag_set(diag, "cannot read %s: %s", src, strerror(errno));
        goto done;
    }
    while ((n = fread(buf, 1, MP3_BUF, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            goto write_failed;
    if (ferror(in)) {
        loai_diag_set(diag, "cannot read %s: %s", src, strerror(errno));
        goto done;
    }
    if (fflush(out) != 0 || ferror(out))
        goto write_failed;
    err = LOA_OK;
    goto done;
write_failed:
    loai_diag_set(diag, "cannot write %s: %s", dst, strerror(errno));
done:
    if (out != NULL && fclose(out) != 0 && err == LOA_OK) {
        loai_diag_set(diag, "cannot write %s: %s", dst, strerror(errno));
        err = LOA_ERR_IO;
    }
    if (out != NULL && err != LOA_OK)
        unlink(dst);
    if (in != NULL)
        fclose(in);
    if (lame != NULL)
        lame_close(lame);
    free(buf);
    return err;
}
