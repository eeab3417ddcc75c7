/* MP3 encoding through LAME's C API.
 *
 * With opts->threads > 1 a long program is cut at silences into chunks that
 * are encoded in parallel, one lame_t each, and joined under one Info tag
 * (see "parallel encoding" below). threads = 1 is the plain single encoder.
 *
 * The ID3v2 tag is written by us at the start of the file from LAME's own
 * tag builder (lame_get_id3v2_tag), so that we know where the first audio
 * frame starts and can overwrite it with the LAME/Xing tag after flushing.
 * Text frames go through id3tag_set_textinfo_utf16: the simple id3tag_set_*
 * setters take Latin-1 only and would mangle Vietnamese. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lame/lame.h>

#include "loa/error.h"
#include "loa/mp3.h"
#include "error_int.h"

#define MP3_CHUNK 8192
/* Worst case output for n samples: 1.25 * n + 7200 bytes (lame.h). */
#define MP3_BUF (MP3_CHUNK + MP3_CHUNK / 4 + 7200)

/* The parallel encoder (see "parallel encoding" below). */
#define PAR_AUTO_MAX 4     /* threads = 0: online CPUs, 2 to this many */
#define PAR_MAX_THREADS 16
#define PAR_MIN_S 15       /* a chunk is at least this long before it may end: each new
                            * chunk costs a LAME set-up (~1.5 ms), and the caller may
                            * queue this much PCM per thread (memory) */
#define PAR_SEG_S 1        /* PCM goes to the workers in segments this long */
#define PAR_QUIET 0.001f   /* -60 dBFS */
#define LAME_DELAY 576     /* LAME 3.100's encoder delay (what its tag says) */
#define LAME_EXTRA 1152    /* decoded samples a chunk adds: delay + padding */
#define LAMEHEADERSIZE 156 /* Xing + LAME tag, after the side info (VbrTag.h) */

struct par; /* the parallel encoder's state, NULL for the single encoder */

struct loa_mp3 {
    lame_t lame; /* the single encoder, or the first chunk's (it owns the Info tag) */
    FILE *fp;
    char *path;
    long audio_start; /* file offset of the first MP3 frame (after ID3v2) */
    struct par *par;
    unsigned char buf[MP3_BUF];
};

static loa_err put_tag_and_close(loa_mp3 *enc, size_t tag, loa_diag *diag);
static loa_err par_start(loa_mp3 *enc, int rate, int kbps, int quality, int threads,
                         loa_diag *diag);
static loa_err par_write(loa_mp3 *enc, const float *pcm, size_t frames, loa_diag *diag);
static loa_err par_finish(loa_mp3 *enc, loa_diag *diag);
static void par_free(struct par *p);

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
    static const loa_mp3_opts defaults = {64, 3, NULL, NULL, NULL, NULL, NULL, 0};
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
    if ((err = write_all(enc, enc->buf, tag_len, diag)) != LOA_OK)
        goto fail;
    enc->audio_start = (long)tag_len;
    /* The seams assume LAME 3.100's delay; any other LAME encodes serially. */
    if (threads > 1 && lame_get_encoder_delay(enc->lame) == LAME_DELAY &&
        (err = par_start(enc, rate, kbps, opts->quality >= 0 ? opts->quality : 3, threads,
                         diag)) != LOA_OK)
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

loa_err loa_mp3_write(loa_mp3 *enc, const float *pcm, size_t frames, loa_diag *diag)
{
    if (enc->par != NULL)
        return par_write(enc, pcm, frames, diag);
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
    int got;
    size_t tag;
    loa_err err;

    if (enc->par != NULL)
        return par_finish(enc, diag);
    got = lame_encode_flush(enc->lame, enc->buf, MP3_BUF);
    if (got < 0) {
        loai_diag_set(diag, "LAME flush error %d", got);
        return LOA_ERR_ENCODE;
    }
    if ((err = write_all(enc, enc->buf, (size_t)got, diag)) != LOA_OK)
        return err;
    /* The Info frame was reserved at the first audio frame; fill it in now. */
    tag = lame_get_lametag_frame(enc->lame, enc->buf, MP3_BUF);
    return put_tag_and_close(enc, tag, diag);
}

/* Write the TAG bytes in enc->buf over the reserved first frame; close. */
static loa_err put_tag_and_close(loa_mp3 *enc, size_t tag, loa_diag *diag)
{
    loa_err err;

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
    par_free(enc->par); /* joins its threads first */
    if (enc->fp != NULL)
        fclose(enc->fp);
    if (enc->lame != NULL)
        lame_close(enc->lame);
    free(enc->path);
    free(enc);
}

/* ---- the LAME/Info tag ---- */

/* CRC-16 with polynomial 0x8005, bit-reflected, as LAME's CRC_update_lookup,
 * eight bytes a step ("slicing-by-8": crc_tab[k] is the table of a byte
 * followed by k zero bytes), since a week's programs are tens of MB. */
static unsigned short crc_tab[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc16_init(void)
{
    unsigned i, k;

    for (i = 0; i < 256; i++) {
        unsigned c = i;
        int b;

        for (b = 0; b < 8; b++)
            c = c & 1 ? (c >> 1) ^ 0xA001 : c >> 1;
        crc_tab[0][i] = (unsigned short)c;
    }
    for (k = 1; k < 8; k++)
        for (i = 0; i < 256; i++)
            crc_tab[k][i] =
                (unsigned short)((crc_tab[k - 1][i] >> 8) ^ crc_tab[0][crc_tab[k - 1][i] & 0xFF]);
}

static unsigned crc16(unsigned crc, const unsigned char *p, size_t n)
{
    pthread_once(&crc_once, crc16_init);
    crc &= 0xFFFF;
    for (; n >= 8; p += 8, n -= 8) {
        crc ^= (unsigned)p[0] | (unsigned)p[1] << 8;
        crc = crc_tab[7][crc & 0xFF] ^ crc_tab[6][crc >> 8] ^ crc_tab[5][p[2]] ^
              crc_tab[4][p[3]] ^ crc_tab[3][p[4]] ^ crc_tab[2][p[5]] ^ crc_tab[1][p[6]] ^
              crc_tab[0][p[7]];
    }
    while (n-- > 0)
        crc = (crc >> 8) ^ crc_tab[0][(crc ^ *p++) & 0xFF];
    return crc & 0xFFFF;
}

static void put_be(unsigned char *p, unsigned long v, int n)
{
    while (n-- > 0) {
        p[n] = (unsigned char)(v & 0xFF);
        v >>= 8;
    }
}

/* Where the "Info"/"Xing" header sits in the frame TAG (SIZE bytes), or 0
 * if TAG is not a LAME Info frame (VbrTag.c: after the side info). */
static size_t info_at(const unsigned char *tag, size_t size)
{
    size_t x;

    for (x = 4; x + 4 <= 40 && x + 4 <= size; x++)
        if (memcmp(tag + x, "Info", 4) == 0 || memcmp(tag + x, "Xing", 4) == 0)
            break;
    if (x + LAMEHEADERSIZE > size || memcmp(tag + x + 120, "LAME", 4) != 0)
        return 0;
    return x;
}

/* Patch the Info/LAME tag frame TAG (SIZE bytes) so that it describes a
 * stream of FRAMES audio frames (the Info frame not counted) and BYTES bytes
 * (Info frame included), ending in PADDING samples, whose audio frames have
 * the CRC MUSIC_CRC. The encoder delay stays the tag's own. 0 if TAG is not
 * one. */
static int patch_tag(unsigned char *tag, size_t size, unsigned long frames, unsigned long bytes,
                     int padding, unsigned music_crc)
{
    size_t x = info_at(tag, size);
    int i;

    if (x == 0)
        return 0;
    put_be(tag + x + 8, frames, 4);
    put_be(tag + x + 12, bytes, 4);
    for (i = 0; i < 100; i++) /* CBR: byte offset is linear in time */
        tag[x + 16 + i] = (unsigned char)(256 * i / 100);
    tag[x + 142] = (unsigned char)((tag[x + 142] & 0xF0) | ((padding >> 8) & 0x0F));
    tag[x + 143] = (unsigned char)(padding & 0xFF);
    put_be(tag + x + 148, bytes, 4); /* music length: as LAME, the stream size */
    put_be(tag + x + 152, music_crc, 2);
    put_be(tag + x + 154, crc16(0, tag, x + 154), 2);
    return 1;
}

/* ---- parallel encoding ----
 *
 * The PCM is cut into chunks at silences: a chunk ends once it is at least
 * PAR_MIN_S long and PCM has been quiet (|x| < PAR_QUIET, -60 dBFS) for
 * `need` samples (>= 100 ms). Each chunk is encoded by its own lame_t, on a
 * pool of worker threads, and the frames are written in order; the first
 * chunk's encoder reserves the Info frame, which is patched at the end with
 * the whole file's frame and byte counts, TOC, padding and CRCs.
 *
 * Gapless joins: a chunk of n samples decodes to F * fs samples with
 * F = ceil((n + 1152) / fs) (LAME 3.100: 576 samples of encoder delay, the
 * rest padding; fs = 1152 or 576 samples a frame). The cut is placed in the
 * silence so that n + 1152 is a multiple of fs, so each chunk decodes to
 * exactly 1152 extra samples, and those 1152 input samples (silence) are
 * dropped at the cut. The decoded file then has the input's length, sample
 * for sample, and every burst stays where it was. Workers check F after the
 * flush, so a LAME that counts otherwise fails loudly instead of drifting.
 *
 * Memory: PCM goes to the workers in segments of PAR_SEG_S as it comes (a
 * chunk's segments go through its lame_t in order, a worker takes the
 * first segment whose chunk is free), so a chunk can be any length: one
 * with no long silence (e.g. under a music bed) is encoded serially, with
 * no seam at all. The caller waits while the PCM not yet written exceeds
 * PAR_MIN_S per thread: that is enough to keep every thread busy on its
 * own chunk when the caller is faster than the encoders. The cuts depend
 * on the PCM only, so the output is the same for any thread count above 1
 * (it differs from threads = 1, which has no seams). */

struct chain { /* one chunk: one lame_t, fed by one or more segments in order */
    struct chain *next;
    lame_t lame;  /* NULL until its first segment runs; closed after its flush */
    size_t len;   /* samples submitted */
    int segs;     /* segments submitted */
    int done;     /* segments encoded (a worker waits for its turn) */
    loa_err err;  /* sticky: later segments of a failed chain fail too */
    int frames;   /* after the flush */
    int padding;
};

struct seg {
    struct seg *next;
    struct chain *chain;
    int idx;  /* within its chain */
    int last; /* flush after it */
    float *pcm;
    size_t n;
    int taken, done;
    unsigned char *out;
    size_t out_len, out_cap;
    loa_err err;
    char msg[512]; /* as loa_diag */
};

struct par {
    int rate, kbps, quality, fs, threads, nthreads;
    size_t need, min_len, cap; /* cap: the caller's buffer, a segment and `need` */
    pthread_t tid[PAR_MAX_THREADS];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop;
    struct seg *head, *tail; /* segments not yet written, in file order */
    size_t queued, queue_max; /* their samples; the caller waits above queue_max */
    struct chain *chains, *chain; /* all chains (freed at the end); the open one */
    struct chain *chain0;         /* its lame_t is enc->lame */
    /* producer (the caller's thread) */
    float *cur;
    size_t cur_n, cur_start; /* cur[0] is input sample cur_start */
    size_t pos;              /* input samples seen */
    size_t chain_start;      /* input sample where the open chain starts */
    size_t run;              /* quiet samples ending at pos */
    /* writer (the caller's thread) */
    size_t info_size; /* the reserved Info frame; 0 if LAME writes none */
    unsigned long bytes, frames;
    unsigned music_crc;
    int padding;
    loa_err err; /* sticky */
    char msg[512]; /* as loa_diag */
};

static void seg_fail(struct seg *s, loa_err err, const char *msg)
{
    s->err = err;
    snprintf(s->msg, sizeof s->msg, "%s", msg);
}

/* Append N bytes of MP3 to the segment's output; 0 when out of memory. */
static int seg_append(struct seg *s, const unsigned char *mp3, size_t n)
{
    if (s->out_len + n > s->out_cap) {
        size_t cap = s->out_cap ? 2 * s->out_cap : 16 * 1024;
        unsigned char *q;

        while (cap < s->out_len + n)
            cap *= 2;
        if ((q = realloc(s->out, cap)) == NULL)
            return 0;
        s->out = q;
        s->out_cap = cap;
    }
    memcpy(s->out + s->out_len, mp3, n);
    s->out_len += n;
    return 1;
}

/* Encode one segment (a worker, without the lock). Chunks after the first
 * get their lame_t here; the last segment flushes and checks the count. */
static void seg_encode(struct par *p, struct seg *s)
{
    struct chain *c = s->chain;
    unsigned char mp3[MP3_BUF];
    size_t i;
    int got;

    if (c->err != LOA_OK) {
        seg_fail(s, c->err, "an earlier part of this chunk failed");
        return;
    }
    if (c->lame == NULL) {
        if ((c->lame = lame_init()) == NULL) {
            seg_fail(s, LOA_ERR_NOMEM, "out of memory for a LAME encoder");
            return;
        }
        set_params(c->lame, p->rate, p->kbps, p->quality);
        lame_set_bWriteVbrTag(c->lame, 0); /* one Info frame: the first chunk's */
        lame_set_write_id3tag_automatic(c->lame, 0);
        if (lame_init_params(c->lame) < 0) {
            seg_fail(s, LOA_ERR_ENCODE, "LAME rejected a chunk encoder's settings");
            return;
        }
    }
    for (i = 0; i < s->n; i += MP3_CHUNK) {
        int n = s->n - i > MP3_CHUNK ? MP3_CHUNK : (int)(s->n - i);

        if (atomic_load(&p->stop)) {
            seg_fail(s, LOA_ERR_ENCODE, "encoding was cancelled");
            return;
        }
        got = lame_encode_buffer_ieee_float(c->lame, s->pcm + i, s->pcm + i, n, mp3, MP3_BUF);
        if (got < 0) {
            snprintf(s->msg, sizeof s->msg, "LAME encode error %d", got);
            s->err = LOA_ERR_ENCODE;
            return;
        }
        if (!seg_append(s, mp3, (size_t)got)) {
            seg_fail(s, LOA_ERR_NOMEM, "out of memory for MP3 output");
            return;
        }
    }
    free(s->pcm); /* done with it: the memory is free before the next segment */
    s->pcm = NULL;
    if (!s->last)
        return;
    if ((got = lame_encode_flush(c->lame, mp3, MP3_BUF)) < 0) {
        snprintf(s->msg, sizeof s->msg, "LAME flush error %d", got);
        s->err = LOA_ERR_ENCODE;
        return;
    }
    if (!seg_append(s, mp3, (size_t)got)) {
        seg_fail(s, LOA_ERR_NOMEM, "out of memory for MP3 output");
        return;
    }
    c->frames = lame_get_frameNum(c->lame);
    c->padding = lame_get_encoder_padding(c->lame);
    if ((size_t)c->frames != (c->len + LAME_EXTRA + (size_t)p->fs - 1) / (size_t)p->fs ||
        (size_t)c->frames * (size_t)p->fs != c->len + LAME_DELAY + (size_t)c->padding) {
        snprintf(s->msg, sizeof s->msg,
                 "LAME made %d frames of %zu samples, not what the parallel encoder expects "
                 "of LAME 3.100 (encode with one thread)",
                 c->frames, c->len);
        s->err = LOA_ERR_ENCODE;
    }
}

static void *worker(void *arg)
{
    struct par *p = arg;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        struct seg *s = NULL;

        /* The first segment whose chunk has encoded all before it: a
         * chunk's segments go through its lame_t one after the other. */
        while (!atomic_load(&p->stop)) {
            for (s = p->head; s != NULL; s = s->next)
                if (!s->taken && s->chain->done == s->idx)
                    break;
            if (s != NULL)
                break;
            pthread_cond_wait(&p->cv, &p->mu);
        }
        if (atomic_load(&p->stop))
            break;
        s->taken = 1;
        pthread_mutex_unlock(&p->mu);
        seg_encode(p, s);
        if (s->last && s->chain != p->chain0 && s->chain->lame != NULL) {
            lame_close(s->chain->lame); /* the first chunk's stays: it makes the tag */
            s->chain->lame = NULL;
        }
        pthread_mutex_lock(&p->mu);
        if (s->err != LOA_OK && s->chain->err == LOA_OK)
            s->chain->err = s->err;
        s->chain->done++;
        s->done = 1;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void seg_free(struct seg *s)
{
    free(s->pcm);
    free(s->out);
    free(s);
}

/* Record the first error (sticky: later calls report it again). */
static loa_err par_fail(loa_mp3 *enc, loa_err err, loa_diag *diag)
{
    struct par *p = enc->par;

    if (p->err == LOA_OK) {
        p->err = err;
        if (diag != NULL && err != LOA_ERR_NOMEM)
            memcpy(p->msg, diag->msg, sizeof p->msg);
        else
            snprintf(p->msg, sizeof p->msg, "%s: %s", enc->path,
                     err == LOA_ERR_NOMEM ? "out of memory" : "MP3 encoding failed");
    }
    return err;
}

/* Write finished segments in file order until at most KEEP samples are
 * waiting (all of them for KEEP 0). */
static loa_err par_drain(loa_mp3 *enc, size_t keep, loa_diag *diag)
{
    struct par *p = enc->par;

    for (;;) {
        struct seg *s;
        loa_err err = LOA_OK;

        pthread_mutex_lock(&p->mu);
        while (p->head != NULL && !p->head->done && (p->queued > keep || keep == 0))
            pthread_cond_wait(&p->cv, &p->mu);
        s = p->head;
        if (s == NULL || !s->done) {
            pthread_mutex_unlock(&p->mu);
            return LOA_OK;
        }
        p->head = s->next;
        if (p->head == NULL)
            p->tail = NULL;
        p->queued -= s->n;
        pthread_mutex_unlock(&p->mu);
        if (s->err != LOA_OK) {
            loai_diag_set(diag, "%s: %s", enc->path, s->msg);
            err = s->err;
        } else if ((err = write_all(enc, s->out, s->out_len, diag)) == LOA_OK) {
            size_t skip = 0;

            /* The music CRC covers the audio frames, not the Info frame. */
            if (p->bytes < p->info_size)
                skip = p->info_size - p->bytes < s->out_len ? p->info_size - p->bytes
                                                            : s->out_len;
            p->music_crc = crc16(p->music_crc, s->out + skip, s->out_len - skip);
            p->bytes += s->out_len;
            if (s->last) {
                p->frames += (unsigned long)s->chain->frames;
                p->padding = s->chain->padding;
            }
        }
        seg_free(s);
        if (err != LOA_OK)
            return par_fail(enc, err, diag);
    }
}

/* Queue PCM[0..N) (given away) as the next segment of the open chain. */
static loa_err par_submit(loa_mp3 *enc, float *pcm, size_t n, int last, loa_diag *diag)
{
    struct par *p = enc->par;
    struct seg *s = calloc(1, sizeof *s);

    if (s == NULL) {
        free(pcm);
        return par_fail(enc, LOA_ERR_NOMEM, diag);
    }
    s->chain = p->chain;
    s->idx = p->chain->segs++;
    s->last = last;
    s->pcm = pcm;
    s->n = n;
    p->chain->len += n;
    pthread_mutex_lock(&p->mu);
    if (p->tail != NULL)
        p->tail->next = s;
    else
        p->head = s;
    p->tail = s;
    p->queued += n;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    /* Bounded memory: wait here while enough is queued. */
    return par_drain(enc, p->queue_max, diag);
}

static loa_err par_new_chain(loa_mp3 *enc, loa_diag *diag)
{
    struct par *p = enc->par;
    struct chain *c = calloc(1, sizeof *c);

    if (c == NULL)
        return par_fail(enc, LOA_ERR_NOMEM, diag);
    if (p->chains == NULL) {
        c->lame = enc->lame; /* the first chunk: the encoder that made the ID3 tag */
        p->chains = c;
    } else {
        p->chain->next = c;
    }
    p->chain = c;
    return LOA_OK;
}

/* Give the producer a fresh buffer holding cur[FROM..cur_n); the old one
 * is returned for a segment. */
static float *par_rebuffer(loa_mp3 *enc, size_t from, loa_diag *diag)
{
    struct par *p = enc->par;
    float *old = p->cur, *b = malloc(p->cap * sizeof *b);

    if (b == NULL) {
        par_fail(enc, LOA_ERR_NOMEM, diag);
        return NULL;
    }
    memcpy(b, old + from, (p->cur_n - from) * sizeof *b);
    p->cur = b;
    p->cur_n -= from;
    p->cur_start += from;
    return old;
}

/* The last `need` samples are quiet and the chunk is long enough: end it
 * inside them, dropping the LAME_EXTRA samples its encoding adds. */
static loa_err par_cut(loa_mp3 *enc, loa_diag *diag)
{
    struct par *p = enc->par;
    size_t fs = (size_t)p->fs;
    size_t c = p->pos - p->need + (p->need - LAME_EXTRA - fs) / 2;
    size_t seg_n;
    float *old;
    loa_err err;

    c += (fs - (c - p->chain_start + LAME_EXTRA) % fs) % fs;
    /* Now (c - chain_start + 1152) % fs == 0, and [c, c + 1152) is quiet
     * with at least 256 quiet samples either side. */
    seg_n = c - p->cur_start;
    if ((old = par_rebuffer(enc, c + LAME_EXTRA - p->cur_start, diag)) == NULL)
        return LOA_ERR_NOMEM;
    if ((err = par_submit(enc, old, seg_n, 1, diag)) != LOA_OK)
        return err;
    p->chain_start = c + LAME_EXTRA;
    return par_new_chain(enc, diag);
}

static loa_err par_write(loa_mp3 *enc, const float *pcm, size_t frames, loa_diag *diag)
{
    struct par *p = enc->par;
    loa_err err;

    if (p->err != LOA_OK) {
        loai_diag_set(diag, "%s", p->msg);
        return p->err;
    }
    while (frames > 0) {
        size_t room = p->cap - p->cur_n, n = frames < room ? frames : room, i;

        {
            size_t run = p->run, pos = p->pos, need = p->need;
            size_t from = p->chain_start + p->min_len + need; /* pos at which a cut may come */
            int cut = 0;

            memcpy(p->cur + p->cur_n, pcm, n * sizeof *pcm);
            for (i = 0; i < n; i++) {
                float x = pcm[i];

                run = x < PAR_QUIET && x > -PAR_QUIET ? run + 1 : 0;
                if (run >= need && pos + i + 1 >= from) {
                    cut = 1;
                    i++;
                    break;
                }
            }
            p->cur_n += i;
            p->pos = pos + i;
            p->run = run;
            if (cut && (err = par_cut(enc, diag)) != LOA_OK)
                return err;
        }
        pcm += i;
        frames -= i;
        if (p->cur_n == p->cap) {
            /* A segment of the open chunk goes to the workers. The last
             * `need` samples stay, so a cut can still fall anywhere in a
             * silence that began before. */
            float *old = par_rebuffer(enc, p->cap - p->need, diag);

            if (old == NULL)
                return LOA_ERR_NOMEM;
            if ((err = par_submit(enc, old, p->cap - p->need, 0, diag)) != LOA_OK)
                return err;
        }
    }
    return LOA_OK;
}

static void par_stop(struct par *p)
{
    int i;

    pthread_mutex_lock(&p->mu);
    atomic_store(&p->stop, 1);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (i = 0; i < p->nthreads; i++)
        pthread_join(p->tid[i], NULL);
    p->nthreads = 0;
}

static loa_err par_finish(loa_mp3 *enc, loa_diag *diag)
{
    struct par *p = enc->par;
    float *last = p->cur;
    size_t tag;
    loa_err err;

    if (p->err != LOA_OK) {
        loai_diag_set(diag, "%s", p->msg);
        return p->err;
    }
    p->cur = NULL;
    if ((err = par_submit(enc, last, p->cur_n, 1, diag)) != LOA_OK ||
        (err = par_drain(enc, 0, diag)) != LOA_OK)
        return err;
    par_stop(p);
    tag = lame_get_lametag_frame(enc->lame, enc->buf, MP3_BUF);
    if (tag != p->info_size || (tag > 0 && !patch_tag(enc->buf, tag, p->frames, p->bytes, p->padding, p->music_crc))) {
        loai_diag_set(diag, "%s: LAME's Info frame is not the expected %zu bytes", enc->path,
                      p->info_size);
        return par_fail(enc, LOA_ERR_ENCODE, diag);
    }
    return put_tag_and_close(enc, tag, diag);
}

static void par_free(struct par *p)
{
    if (p == NULL)
        return;
    par_stop(p);
    while (p->head != NULL) {
        struct seg *s = p->head;

        p->head = s->next;
        seg_free(s);
    }
    while (p->chains != NULL) {
        struct chain *c = p->chains;

        p->chains = c->next;
        if (c->lame != NULL && c != p->chain0)
            lame_close(c->lame);
        free(c);
    }
    free(p->cur);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

static loa_err par_start(loa_mp3 *enc, int rate, int kbps, int quality, int threads,
                         loa_diag *diag)
{
    struct par *p = calloc(1, sizeof *p);
    int mpeg1 = rate >= 32000, frame;
    loa_err err;

    if (p == NULL)
        return LOA_ERR_NOMEM;
    p->rate = rate;
    p->kbps = kbps;
    p->quality = quality;
    p->threads = threads;
    p->fs = lame_get_framesize(enc->lame);
    p->need = (size_t)rate / 10;
    if (p->need < LAME_EXTRA + (size_t)p->fs + 512)
        p->need = LAME_EXTRA + (size_t)p->fs + 512;
    p->min_len = (size_t)PAR_MIN_S * (size_t)rate;
    p->cap = (size_t)PAR_SEG_S * (size_t)rate + p->need;
    p->queue_max = (size_t)threads * p->min_len;
    /* LAME reserves its Info frame only if the tag fits in one frame. */
    frame = (mpeg1 ? 144000 : 72000) * kbps / rate;
    p->info_size = frame >= (mpeg1 ? 21 : 13) + LAMEHEADERSIZE ? (size_t)frame : 0;
    atomic_init(&p->stop, 0);
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p);
        return LOA_ERR_NOMEM;
    }
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        free(p);
        return LOA_ERR_NOMEM;
    }
    enc->par = p;
    if ((p->cur = malloc(p->cap * sizeof *p->cur)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto fail;
    }
    if ((err = par_new_chain(enc, diag)) != LOA_OK)
        goto fail;
    p->chain0 = p->chain;
    for (p->nthreads = 0; p->nthreads < threads; p->nthreads++) {
        int rc = pthread_create(&p->tid[p->nthreads], NULL, worker, p);

        if (rc != 0) {
            loai_diag_set(diag, "cannot start an encoder thread: %s", strerror(rc));
            err = LOA_ERR_NOMEM;
            goto fail;
        }
    }
    return LOA_OK;
fail:
    par_free(p);
    enc->par = NULL;
    return err;
}

/* ---- joining encoded files ----
 *
 * Each file this module writes starts with a fresh encoder: its first
 * audio frame has main_data_begin = 0 (an empty bit reservoir), so frames
 * of several files can follow one another and every decoder reads them as
 * one stream. What each file adds to the decoded timeline is its frames
 * times the frame size: LAME's encoder delay (576) and the decoder's (529)
 * at its start, the padding at its end, are silence there. One Info tag,
 * the first file's, patched, describes the whole; decoders trim its delay
 * at the start and the last file's padding at the end. A join is only
 * clean where the files start and end quiet (see build.c). */

struct src_map {
    const unsigned char *p;
    size_t len;
    size_t audio, end;      /* first audio frame (after ID3v2 and Info), end of frames */
    unsigned long frames;   /* audio frames */
    size_t info, info_len;  /* the Info frame, if any (info_len 0: none) */
    int delay, padding;     /* from its LAME tag */
};

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

/* The length of the MPEG-1/2/2.5 Layer III frame whose header is H, its
 * rate and samples per frame; 0 if H is not one. */
static size_t frame_len(unsigned long h, int *rate, int *fs)
{
    static const int kbps1[16] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
    static const int kbps2[16] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0};
    static const int rates[3] = {44100, 48000, 32000};
    int version = (int)(h >> 19) & 3, bi = (int)(h >> 12) & 15, ri = (int)(h >> 10) & 3;
    int kbps, r;

    if ((h & 0xFFE00000UL) != 0xFFE00000UL || version == 1 || ((h >> 17) & 3) != 1 || ri == 3)
        return 0;
    kbps = version == 3 ? kbps1[bi] : kbps2[bi];
    r = rates[ri] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
    if (kbps == 0)
        return 0;
    *rate = r;
    *fs = version == 3 ? 1152 : 576;
    return (size_t)((version == 3 ? 144000 : 72000) * kbps / r) + ((h >> 9) & 1);
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Header bits that must agree between joined frames: all but padding and
 * the private bit. */
#define FIXED_BITS(h) ((h) & ~0x300UL)

/* Walk the frames of S->p. *HDR is the header the frames must agree
 * with (0: take this file's first). */
static loa_err src_scan(struct src_map *s, const char *path, unsigned long *hdr, int *rate,
                        int *fs, loa_diag *diag)
{
    size_t at = id3v2_len(s->p, s->len), n;
    unsigned long h;

    s->frames = 0;
    s->info_len = 0;
    s->audio = at;
    while (at + 4 <= s->len) {
        h = be32(s->p + at);
        if ((n = frame_len(h, rate, fs)) == 0 || at + n > s->len)
            break;
        if (*hdr == 0)
            *hdr = FIXED_BITS(h);
        else if (FIXED_BITS(h) != *hdr) {
            loai_diag_set(diag, "%s: frame at byte %zu has other MPEG settings than the rest — "
                          "every joined file must have one rate, bitrate and mode", path, at);
            return LOA_ERR_AUDIO;
        }
        if (at == s->audio && s->info_len == 0) {
            size_t x = info_at(s->p + at, n);

            if (x != 0) {
                const unsigned char *t = s->p + at + x;

                s->info = at;
                s->info_len = n;
                s->delay = t[141] << 4 | t[142] >> 4;
                s->padding = (t[142] & 0x0F) << 8 | t[143];
                at += n;
                s->audio = at;
                continue;
            }
        }
        s->frames++;
        at += n;
    }
    s->end = at;
    if (s->frames == 0 || at != s->len) {
        loai_diag_set(diag, "%s: %s at byte %zu — render it again", path,
                      s->frames == 0 ? "no MPEG audio frames" : "not an MPEG frame", at);
        return LOA_ERR_AUDIO;
    }
    return LOA_OK;
}

static loa_err src_map_open(struct src_map *s, const char *path, loa_diag *diag)
{
    struct stat st;
    void *p;
    int fd = open(path, O_RDONLY);

    memset(s, 0, sizeof *s);
    if (fd < 0 || fstat(fd, &st) != 0) {
        loai_diag_set(diag, "cannot read %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return LOA_ERR_IO;
    }
    if (st.st_size == 0) {
        close(fd);
        loai_diag_set(diag, "%s: empty file — render it again", path);
        return LOA_ERR_AUDIO;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        loai_diag_set(diag, "cannot read %s: %s", path, strerror(errno));
        return LOA_ERR_IO;
    }
    s->p = p;
    s->len = (size_t)st.st_size;
    return LOA_OK;
}

static void src_map_close(struct src_map *s)
{
    if (s->p != NULL)
        munmap((void *)s->p, s->len);
    s->p = NULL;
}

/* The ID3v2 tag of OPTS's text, from LAME's own builder as loa_mp3_open
 * writes it, into BUF (MP3_BUF bytes); its length in *LEN (0: no text). */
static loa_err id3_build(const loa_mp3_opts *opts, int rate, unsigned char *buf, size_t *len,
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

loa_err loa_mp3_join(const char *dst, const char *const *srcs, size_t n, const loa_mp3_opts *opts,
                     loa_mp3_info *info, loa_diag *diag)
{
    struct src_map *m = NULL;
    unsigned char *tag = NULL;
    FILE *out = NULL;
    unsigned long hdr = 0, frames = 0, bytes;
    unsigned music_crc = 0;
    size_t i, tag_len = 0, id3 = 0;
    int rate = 0, fs = 0;
    loa_err err = LOA_ERR_NOMEM;

    if (n == 0) {
        loai_diag_set(diag, "%s: nothing to join", dst);
        return LOA_ERR_INVALID;
    }
    if ((m = calloc(n, sizeof *m)) == NULL || (tag = malloc(MP3_BUF)) == NULL)
        goto done;
    for (i = 0; i < n; i++) {
        if ((err = src_map_open(&m[i], srcs[i], diag)) != LOA_OK ||
            (err = src_scan(&m[i], srcs[i], &hdr, &rate, &fs, diag)) != LOA_OK)
            goto done;
        /* LAME writes no Info frame where its tag does not fit in one frame
         * (22.05 kHz at 48 kbps): then none of them may have one. */
        if ((m[i].info_len == 0) != (m[0].info_len == 0)) {
            loai_diag_set(diag, "%s: %s a LAME Info tag and %s %s — encode them alike",
                          srcs[i], m[i].info_len ? "has" : "has no", srcs[0],
                          m[0].info_len ? "has" : "has not");
            err = LOA_ERR_AUDIO;
            goto done;
        }
        frames += m[i].frames;
    }
    if ((err = id3_build(opts, rate, tag, &id3, diag)) != LOA_OK)
        goto done;
    err = LOA_ERR_IO;
    if ((out = fopen(dst, "wb")) == NULL) {
        loai_diag_set(diag, "cannot create %s: %s", dst, strerror(errno));
        goto done;
    }
    if (id3 > 0 && fwrite(tag, 1, id3, out) != id3)
        goto write_failed;
    /* The Info frame goes first; it is written once its numbers are known. */
    tag_len = m[0].info_len;
    memcpy(tag, m[0].p + m[0].info, tag_len);
    if (fwrite(tag, 1, tag_len, out) != tag_len)
        goto write_failed;
    bytes = (unsigned long)tag_len;
    for (i = 0; i < n; i++) {
        size_t k = m[i].end - m[i].audio;

        if (fwrite(m[i].p + m[i].audio, 1, k, out) != k)
            goto write_failed;
        if (n > 1)
            music_crc = crc16(music_crc, m[i].p + m[i].audio, k);
        bytes += (unsigned long)k;
    }
    /* One file keeps its own tag as it is (LAME's TOC and all). */
    if (n > 1 && tag_len > 0 && !patch_tag(tag, tag_len, frames, bytes, m[n - 1].padding, music_crc)) {
        loai_diag_set(diag, "%s: its LAME tag could not be rewritten", srcs[0]);
        err = LOA_ERR_AUDIO;
        goto done;
    }
    if ((tag_len > 0 && (fseek(out, (long)id3, SEEK_SET) != 0 ||
                         fwrite(tag, 1, tag_len, out) != tag_len)) ||
        fflush(out) != 0 || ferror(out))
        goto write_failed;
    if (info != NULL) {
        /* Without a tag decoders keep the delay and padding. */
        unsigned long total = frames * (unsigned long)fs,
                      trim = tag_len ? (unsigned long)m[0].delay + (unsigned long)m[n - 1].padding
                                     : 0;

        info->rate = rate;
        info->frames = frames;
        info->samples = total > trim ? total - trim : 0;
        info->seconds = (double)info->samples / rate;
    }
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
    if (m != NULL)
        for (i = 0; i < n; i++)
            src_map_close(&m[i]);
    free(m);
    free(tag);
    return err;
}
