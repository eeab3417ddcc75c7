/* The MP3 encoder's own parts, shared by mp3.c (the single encoder and
 * every LAME call), mp3_par.c (the parallel encoder), mp3_tag.c (the
 * LAME/Info tag) and mp3_join.c; never installed. */
#ifndef LOA_MP3_INT_H
#define LOA_MP3_INT_H

#include <stddef.h>
#include <stdio.h>

#include "loa/error.h"
#include "loa/mp3.h"

#define MP3_CHUNK 8192
/* Worst case output for n samples: 1.25 * n + 7200 bytes (lame.h). */
#define MP3_BUF (MP3_CHUNK + MP3_CHUNK / 4 + 7200)

/* The parallel encoder (mp3_par.c). */
#define PAR_AUTO_MAX 4     /* threads = 0: online CPUs, 2 to this many */
#define PAR_MAX_THREADS 16
#define LAME_DELAY 576     /* LAME 3.100's encoder delay (what its tag says) */
#define LAME_EXTRA 1152    /* decoded samples a chunk adds: delay + padding */
#define LAMEHEADERSIZE 156 /* Xing + LAME tag, after the side info (VbrTag.h) */

/* LAME's encoder handle (lame_t), opaque outside mp3.c, the one file that
 * includes <lame/lame.h>. */
typedef struct lame_global_struct loai_lame;

struct loai_mp3_par; /* the parallel encoder's state, NULL for the single encoder */

struct loa_mp3 {
    loai_lame *lame; /* the single encoder, or the first chunk's (it owns the Info tag) */
    FILE *fp;
    char *path;
    long audio_start; /* file offset of the first MP3 frame (after ID3v2) */
    struct loai_mp3_par *par;
    unsigned char buf[MP3_BUF];
    float pcm[MP3_CHUNK]; /* the caller's samples, bounded (mp3.c) */
};

/* ---- mp3.c ---- */

/* Write N bytes of P to ENC's file. */
loa_err loai_mp3_write_all(loa_mp3 *enc, const unsigned char *p, size_t n, loa_diag *diag);
/* Write the TAG bytes in enc->buf over the reserved first frame; close. */
loa_err loai_mp3_put_tag_and_close(loa_mp3 *enc, size_t tag, loa_diag *diag);
/* The ID3v2 tag of OPTS's text, from LAME's own builder as loa_mp3_open
 * writes it, into BUF (MP3_BUF bytes); its length in *LEN (0: no text). */
loa_err loai_mp3_id3_build(const loa_mp3_opts *opts, int rate, unsigned char *buf, size_t *len,
                           loa_diag *diag);
/* An ID3v2 tag builder kept for many joins (mp3_join.c). */
typedef struct loai_mp3_id3 loai_mp3_id3;
loa_err loai_mp3_id3_new(loai_mp3_id3 **out);
/* The same bytes as loai_mp3_id3_build, for OPTS's text at RATE Hz. */
loa_err loai_mp3_id3_make(loai_mp3_id3 *h, int rate, const loa_mp3_opts *opts,
                          unsigned char *buf, size_t *len, loa_diag *diag);
void loai_mp3_id3_free(loai_mp3_id3 *h);
/* A parallel chunk's encoder: ENC's settings, no Info frame, no ID3 tag.
 * LOA_ERR_NOMEM, or LOA_ERR_ENCODE when LAME rejects the settings. */
loa_err loai_mp3_chunk_open(loai_lame **out, int rate, int kbps, int quality);
/* LAME's encode and flush: bytes of MP3 written to MP3 (SIZE bytes), or
 * LAME's negative error. */
int loai_mp3_chunk_encode(loai_lame *l, const float *pcm, int n, unsigned char *mp3, int size);
int loai_mp3_chunk_flush(loai_lame *l, unsigned char *mp3, int size);
/* After the flush: frames written and the padding samples at the end. */
void loai_mp3_chunk_counts(loai_lame *l, int *frames, int *padding);
void loai_mp3_chunk_close(loai_lame *l);
/* The encoder's samples per frame, and its LAME/Info tag frame (into BUF,
 * SIZE bytes; its length). */
int loai_mp3_framesize(loai_lame *l);
size_t loai_mp3_lametag(loai_lame *l, unsigned char *buf, size_t size);

/* ---- mp3_par.c ---- */

/* GUARD 1: keep each chunk's decoded true peak <= CEILING_DBTP (mp3.h). */
loa_err loai_mp3_par_start(loa_mp3 *enc, int rate, int kbps, int quality, int threads,
                           int guard, double ceiling_dbtp, loa_diag *diag);
void loai_mp3_par_stats(const struct loai_mp3_par *p, loa_mp3_stats *out);
loa_err loai_mp3_par_write(loa_mp3 *enc, const float *pcm, size_t frames, loa_diag *diag);
loa_err loai_mp3_par_finish(loa_mp3 *enc, loa_diag *diag);
/* NULL-safe; joins the threads first. */
void loai_mp3_par_free(struct loai_mp3_par *p);

/* ---- mp3_join.c ---- */

/* An MP3 file scanned once for many joins (loa_mp3_join takes paths and
 * scans them each time). Kept open until loai_mp3_src_free. */
typedef struct loai_mp3_src loai_mp3_src;
loa_err loai_mp3_src_open(loai_mp3_src **out, const char *path, loa_diag *diag);
void loai_mp3_src_free(loai_mp3_src *s);
/* loa_mp3_join on scanned sources; ID3 (may be NULL) builds the tag. */
loa_err loai_mp3_join_srcs(const char *dst, loai_mp3_src *const *srcs, size_t n,
                           const loa_mp3_opts *opts, loai_mp3_id3 *id3, loa_mp3_info *info,
                           loa_diag *diag);

/* ---- mp3_tag.c ---- */

/* CRC-16 of LAME's tag (polynomial 0x8005, bit-reflected), continuing CRC. */
unsigned loai_mp3_crc16(unsigned crc, const unsigned char *p, size_t n);
/* The CRC-16 (from 0) of A then B, from CRC1 of A, CRC2 of B and B's length. */
unsigned loai_mp3_crc16_combine(unsigned crc1, unsigned crc2, size_t len2);
/* Where the "Info"/"Xing" header sits in the frame TAG (SIZE bytes), or 0
 * if TAG is not a LAME Info frame (VbrTag.c: after the side info). */
size_t loai_mp3_info_at(const unsigned char *tag, size_t size);
/* Patch the Info/LAME tag frame TAG (SIZE bytes) so that it describes a
 * stream of FRAMES audio frames (the Info frame not counted) and BYTES bytes
 * (Info frame included), ending in PADDING samples, whose audio frames have
 * the CRC MUSIC_CRC. The encoder delay stays the tag's own. 0 if TAG is not
 * one. */
int loai_mp3_patch_tag(unsigned char *tag, size_t size, unsigned long frames, unsigned long bytes,
                       int padding, unsigned music_crc);

#endif
