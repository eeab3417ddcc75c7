/* loa_mp3_join: MP3 files written by this module joined without decoding.
 *
 * Each file this module writes starts with a fresh encoder: its first
 * audio frame has main_data_begin = 0 (an empty bit reservoir), so frames
 * of several files can follow one another and every decoder reads them as
 * one stream. What each file adds to the decoded timeline is its frames
 * times the frame size: LAME's encoder delay (576) and the decoder's (529)
 * at its start, the padding at its end, are silence there. One Info tag,
 * the first file's, patched, describes the whole; decoders trim its delay
 * at the start and the last file's padding at the end. A join is only
 * clean where the files start and end quiet (see build.c). The new ID3v2 tag comes from
 * LAME's own builder in mp3.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/error.h"
#include "loa/mp3.h"
#include "error_int.h"
#include "mp3_int.h"

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
            size_t x = loai_mp3_info_at(s->p + at, n);

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
    if ((err = loai_mp3_id3_build(opts, rate, tag, &id3, diag)) != LOA_OK)
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
            music_crc = loai_mp3_crc16(music_crc, m[i].p + m[i].audio, k);
        bytes += (unsigned long)k;
    }
    /* One file keeps its own tag as it is (LAME's TOC and all). */
    if (n > 1 && tag_len > 0 &&
        !loai_mp3_patch_tag(tag, tag_len, frames, bytes, m[n - 1].padding, music_crc)) {
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
