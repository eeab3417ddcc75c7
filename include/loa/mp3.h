#ifndef LOA_MP3_H
#define LOA_MP3_H

#include <stddef.h>

#include "loa/error.h"

typedef struct loa_mp3 loa_mp3; /* opaque: owns the LAME handle and the FILE */

/* Tag text is UTF-8; it is stored as UTF-16 ID3v2 frames so Vietnamese survives.
 * Each text keeps at most LOA_MP3_TEXT_MAX characters, cut at a character
 * boundary (a 9,000-character title once overflowed LAME's tag buffer and
 * failed the whole build); loa check and loa build warn about longer titles. */
#define LOA_MP3_TEXT_MAX 200
typedef struct loa_mp3_opts {
    int bitrate_kbps;    /* CBR; 0 means 64 */
    int quality;         /* LAME algorithm quality 0 (best) .. 9; negative means 3 */
    const char *title;   /* TIT2; NULL for none */
    const char *artist;  /* TPE1 */
    const char *album;   /* TALB */
    const char *year;    /* TYER, e.g. "2026"; never taken from the clock */
    const char *comment; /* COMM */
    int threads;         /* encoder threads: 1 one encoder; above 1 the PCM is cut at
                          * silences and the chunks encoded in parallel, gaplessly, with
                          * the same bytes for any count > 1 (not threads = 1's bytes);
                          * 0 automatic: online CPUs, at least 2, at most 4 */
    int guard;           /* 1: keep the decoded true peak at or under ceiling_dbtp. The PCM
                          * is cut at silences (with threads = 1 too), each chunk decoded
                          * as soon as it is encoded, and one that decodes louder is encoded
                          * again alone from its PCM through a limiter set lower by the
                          * excess; loa_mp3_get_stats says what happened */
    double ceiling_dbtp; /* the guard's ceiling */
} loa_mp3_opts;

/* What an encoder did, for loa_mp3_get_stats. */
typedef struct loa_mp3_stats {
    int chunks;            /* LAME streams the file is made of (1: one encoder) */
    int reencoded;         /* chunks encoded again under the guard's ceiling */
    int checked;           /* 1: every chunk was decoded and is at or under the ceiling */
    double true_peak_dbtp; /* the largest decoded true peak of the checked chunks */
    double lufs;           /* when checked: the decoded file's integrated loudness (BS.1770),
                            * from the chunks' own decodes on the file's grid */
    double lra;            /* when checked: its loudness range (LU, EBU Tech 3342) */
    double energy_ratio;   /* the PCM's sum of squares after the re-encodes' limiting over
                            * before (1 when nothing was encoded again) */
} loa_mp3_stats;

/* What ENC did so far; complete after a successful loa_mp3_finish. */
void loa_mp3_get_stats(const loa_mp3 *enc, loa_mp3_stats *out);

/* True if KBPS is a bitrate MPEG audio allows at output RATE Hz. */
int loa_mp3_bitrate_ok(int rate, int kbps);

/* Open an encoder writing mono RATE Hz MP3 to PATH; the output sample rate
 * is set explicitly (LAME would otherwise pick one). OPTS may be NULL. */
loa_err loa_mp3_open(loa_mp3 **out, const char *path, int rate, const loa_mp3_opts *opts,
                     loa_diag *diag);

/* Encode FRAMES mono frames in [-1, 1]; PCM is borrowed. */
loa_err loa_mp3_write(loa_mp3 *enc, const float *pcm, size_t frames, loa_diag *diag);

/* Flush, write the LAME/Xing tag in place, close the file. Check it. */
loa_err loa_mp3_finish(loa_mp3 *enc, loa_diag *diag);

/* What loa_mp3_join wrote. */
typedef struct loa_mp3_info {
    int rate;
    unsigned long frames;  /* MPEG audio frames (the Info frame not counted) */
    unsigned long samples; /* decoded, after the encoder delay and padding are trimmed */
    double seconds;        /* samples / rate */
} loa_mp3_info;

/* Write DST as the MPEG audio of the N files SRCS (each an MP3 written by
 * loa_mp3_open/finish with one encoder, all at one rate and bitrate), one
 * after the other, under one LAME/Info tag and a new ID3v2 tag from OPTS's
 * text (the sources' own tags left out). Each file keeps its frames as they
 * are: nothing is decoded or encoded, and where two files meet there is
 * the silence LAME puts at a file's ends (1152 samples or a little more),
 * so the files should start and end quiet. With N = 1 this re-tags a file:
 * one rendered program published under each station's title. INFO may be
 * NULL. DST is removed on failure. */
loa_err loa_mp3_join(const char *dst, const char *const *srcs, size_t n, const loa_mp3_opts *opts,
                     loa_mp3_info *info, loa_diag *diag);

/* Release everything; NULL-safe, never fails, does not finish. */
void loa_mp3_free(loa_mp3 *enc);

#endif
