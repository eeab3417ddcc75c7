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
#define _GNU_SOURCE /* copy_file_range(2): glibc >= 2.27 */
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

/* A source scanned (once: a build joins each piece into many programs):
 * its frames' range and count, their CRC, its Info frame; the file stays
 * open, so the frames can be copied in the kernel. */
struct loai_mp3_src {
    char *path;
    int fd;
    size_t audio, end;     /* first audio frame (after ID3v2 and Info), end of frames */
    unsigned long frames;  /* audio frames */
    unsigned long hdr;     /* FIXED_BITS of its frames */
    int rate, fs;
    unsigned char *info;   /* its Info frame (info_len bytes), NULL if none */
    size_t info_len;
    int delay, padding;    /* from its LAME tag */
    unsigned crc;          /* CRC-16 of its audio frames */
};

/* Walk the frames of the file P (LEN bytes) into S. */
static loa_err src_scan(loai_mp3_src *s, const unsigned char *p, size_t len, loa_diag *diag)
{
    size_t at = id3v2_len(p, len), n;
    unsigned long h;

    s->frames = 0;
    s->info_len = 0;
    s->audio = at;
    while (at + 4 <= len) {
        h = be32(p + at);
        if ((n = frame_len(h, &s->rate, &s->fs)) == 0 || at + n > len)
            break;
        if (s->hdr == 0)
            s->hdr = FIXED_BITS(h);
        else if (FIXED_BITS(h) != s->hdr) {
            loai_diag_set(diag, "%s: frame at byte %zu has other MPEG settings than the rest — "
                          "every joined file must have one rate, bitrate and mode", s->path, at);
            return LOA_ERR_AUDIO;
        }
        if (at == s->audio && s->info_len == 0) {
            size_t x = loai_mp3_info_at(p + at, n);

            if (x != 0) {
                const unsigned char *t = p + at + x;

                if ((s->info = malloc(n)) == NULL)
                    return LOA_ERR_NOMEM;
                memcpy(s->info, p + at, n);
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
    if (s->frames == 0 || at != len) {
        if (s->frames == 0)
            loai_diag_set(diag, "%s: no MPEG audio frames at byte %zu — render it again",
                          s->path, at);
        else
            loai_diag_set(diag, "%s: not an MPEG frame at byte %zu — render it again", s->path,
                          at);
        return LOA_ERR_AUDIO;
    }
    s->crc = loai_mp3_crc16(0, p + s->audio, s->end - s->audio);
    return LOA_OK;
}

loa_err loai_mp3_src_open(loai_mp3_src **out, const char *path, loa_diag *diag)
{
    loai_mp3_src *s = calloc(1, sizeof *s);
    struct stat st;
    void *p;
    loa_err err;

    if (s == NULL || (s->path = strdup(path)) == NULL) {
        free(s);
        return LOA_ERR_NOMEM;
    }
    if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(s->fd, &st) != 0) {
        loai_diag_set(diag, "cannot read %s: %s", path, strerror(errno));
        loai_mp3_src_free(s);
        return LOA_ERR_IO;
    }
    if (st.st_size == 0) {
        loai_diag_set(diag, "%s: empty file — render it again", path);
        loai_mp3_src_free(s);
        return LOA_ERR_AUDIO;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, s->fd, 0);
    if (p == MAP_FAILED) {
        loai_diag_set(diag, "cannot read %s: %s", path, strerror(errno));
        loai_mp3_src_free(s);
        return LOA_ERR_IO;
    }
    err = src_scan(s, p, (size_t)st.st_size, diag);
    munmap(p, (size_t)st.st_size);
    if (err != LOA_OK) {
        loai_mp3_src_free(s);
        return err;
    }
    *out = s;
    return LOA_OK;
}

void loai_mp3_src_free(loai_mp3_src *s)
{
    if (s == NULL)
        return;
    if (s->fd >= 0)
        close(s->fd);
    free(s->info);
    free(s->path);
    free(s);
}

/* Write N bytes of P at the current end of FD. */
static int put(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return 0;
        p += k;
        n -= (size_t)k;
    }
    return 1;
}

/* Copy S's audio frames to the end of FD: in the kernel (copy_file_range:
 * no copy through this process, none at all where the file system shares
 * extents), else through a buffer. */
static int copy_frames(int fd, const loai_mp3_src *s)
{
    off_t in = (off_t)s->audio;
    size_t left = s->end - s->audio;
    unsigned char buf[1 << 16];

    while (left > 0) {
        ssize_t k = copy_file_range(s->fd, &in, fd, NULL, left, 0);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        left -= (size_t)k;
    }
    while (left > 0) { /* not supported here (or a short copy): read and write */
        ssize_t k = pread(s->fd, buf, left < sizeof buf ? left : sizeof buf, in);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0 || !put(fd, buf, (size_t)k))
            return 0;
        in += k;
        left -= (size_t)k;
    }
    return 1;
}

loa_err loai_mp3_join_srcs(const char *dst, loai_mp3_src *const *m, size_t n,
                           const loa_mp3_opts *opts, loai_mp3_id3 *id3, loa_mp3_info *info,
                           loa_diag *diag)
{
    unsigned char *tag = NULL;
    unsigned long frames = 0, bytes;
    unsigned music_crc = 0;
    size_t i, tag_len, id3_len = 0;
    int fd = -1;
    loa_err err = LOA_ERR_NOMEM;

    if (n == 0) {
        loai_diag_set(diag, "%s: nothing to join", dst);
        return LOA_ERR_INVALID;
    }
    for (i = 0; i < n; i++) {
        if (m[i]->hdr != m[0]->hdr) {
            loai_diag_set(diag, "%s: frame at byte %zu has other MPEG settings than the rest — "
                          "every joined file must have one rate, bitrate and mode",
                          m[i]->path, m[i]->audio);
            return LOA_ERR_AUDIO;
        }
        /* LAME writes no Info frame where its tag does not fit in one frame
         * (22.05 kHz at 48 kbps): then none of them may have one. */
        if ((m[i]->info_len == 0) != (m[0]->info_len == 0)) {
            loai_diag_set(diag,
                          m[i]->info_len ? "%s has a LAME Info tag and %s has none — encode "
                                           "them alike"
                                         : "%s has no LAME Info tag and %s has one — encode "
                                           "them alike",
                          m[i]->path, m[0]->path);
            return LOA_ERR_AUDIO;
        }
        frames += m[i]->frames;
    }
    if ((tag = malloc(MP3_BUF)) == NULL)
        goto done;
    err = id3 != NULL ? loai_mp3_id3_make(id3, m[0]->rate, opts, tag, &id3_len, diag)
                      : loai_mp3_id3_build(opts, m[0]->rate, tag, &id3_len, diag);
    if (err != LOA_OK)
        goto done;
    err = LOA_ERR_IO;
    if ((fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        loai_diag_set(diag, "cannot create %s: %s", dst, strerror(errno));
        goto done;
    }
    if (!put(fd, tag, id3_len))
        goto write_failed;
    /* The Info frame goes first; it is written once its numbers are known. */
    tag_len = m[0]->info_len;
    if (tag_len > 0)
        memcpy(tag, m[0]->info, tag_len);
    if (!put(fd, tag, tag_len))
        goto write_failed;
    bytes = (unsigned long)tag_len;
    for (i = 0; i < n; i++) {
        size_t k = m[i]->end - m[i]->audio;

        if (!copy_frames(fd, m[i]))
            goto write_failed;
        music_crc = loai_mp3_crc16_combine(music_crc, m[i]->crc, k);
        bytes += (unsigned long)k;
    }
    /* One file keeps its own tag as it is (LAME's TOC and all). */
    if (n > 1 && tag_len > 0 &&
        !loai_mp3_patch_tag(tag, tag_len, frames, bytes, m[n - 1]->padding, music_crc)) {
        loai_diag_set(diag, "%s: its LAME tag could not be rewritten", m[0]->path);
        err = LOA_ERR_AUDIO;
        goto done;
    }
    if (tag_len > 0 && pwrite(fd, tag, tag_len, (off_t)id3_len) != (ssize_t)tag_len)
        goto write_failed;
    if (info != NULL) {
        /* Without a tag decoders keep the delay and padding. */
        unsigned long total = frames * (unsigned long)m[0]->fs,
                      trim = tag_len ? (unsigned long)m[0]->delay + (unsigned long)m[n - 1]->padding
                                     : 0;

        info->rate = m[0]->rate;
        info->frames = frames;
        info->samples = total > trim ? total - trim : 0;
        info->seconds = (double)info->samples / m[0]->rate;
    }
    err = LOA_OK;
    goto done;
write_failed:
    loai_diag_set(diag, "cannot write %s: %s", dst, strerror(errno ? errno : EIO));
done:
    if (fd >= 0 && close(fd) != 0 && err == LOA_OK) {
        loai_diag_set(diag, "cannot write %s: %s", dst, strerror(errno));
        err = LOA_ERR_IO;
    }
    if (fd >= 0 && err != LOA_OK)
        unlink(dst);
    free(tag);
    return err;
}

loa_err loa_mp3_join(const char *dst, const char *const *srcs, size_t n, const loa_mp3_opts *opts,
                     loa_mp3_info *info, loa_diag *diag)
{
    loai_mp3_src **m;
    size_t i, k = 0;
    loa_err err = LOA_OK;

    if (n == 0) {
        loai_diag_set(diag, "%s: nothing to join", dst);
        return LOA_ERR_INVALID;
    }
    if ((m = calloc(n, sizeof *m)) == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < n && err == LOA_OK; i++, k++)
        err = loai_mp3_src_open(&m[i], srcs[i], diag);
    if (err == LOA_OK)
        err = loai_mp3_join_srcs(dst, m, n, opts, NULL, info, diag);
    for (i = 0; i < k; i++)
        loai_mp3_src_free(m[i]);
    free(m);
    return err;
}
