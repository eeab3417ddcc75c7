/* Declarations shared between libloa's own files; never installed. */
#ifndef LOA_INTERNAL_H
#define LOA_INTERNAL_H

/* libcrypto's one-call SHA256_* (no allocation, so init cannot fail) are
 * marked deprecated in OpenSSL 3 in favour of EVP; still supported. */
#ifndef OPENSSL_API_COMPAT
#define OPENSSL_API_COMPAT 0x10101000L
#endif
#include <openssl/sha.h>
#include <stddef.h>
#include <stdint.h>

#include "loa/loa.h"

#if defined(__GNUC__)
#define LOAI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LOAI_PRINTF(a, b)
#endif

/* Fill DIAG->msg (NULL-safe); position fields are left alone. */
void loai_diag_set(loa_diag *diag, const char *fmt, ...) LOAI_PRINTF(2, 3);

/* Fill DIAG with a message at LINE:COL of the caller's input. */
void loai_diag_at(loa_diag *diag, int line, int col, const char *fmt, ...) LOAI_PRINTF(4, 5);

/* Growable byte buffer; always NUL-terminated once anything was added. */
typedef struct loai_buf {
    char *data;
    size_t len;
    size_t cap;
} loai_buf;

loa_err loai_buf_reserve(loai_buf *b, size_t extra);
loa_err loai_buf_add(loai_buf *b, const char *s, size_t n);
loa_err loai_buf_puts(loai_buf *b, const char *s);
loa_err loai_buf_printf(loai_buf *b, const char *fmt, ...) LOAI_PRINTF(2, 3);
void loai_buf_free(loai_buf *b);

/* A temporary name beside FINAL for staging it (caller frees *TMP). */
loa_err loai_stage_name(const char *final, char **tmp);

/* Remove a staged TMP after a failure (never FINAL itself). */
void loai_stage_abort(const char *tmp, const char *final);

/* fsync TMP and rename it to FINAL; on failure TMP is removed. */
loa_err loai_stage_commit(const char *tmp, const char *final, loa_diag *diag);

/* Write LEN bytes of DATA to FINAL through a staged file: readers see the old
 * file or the whole new one. On failure (LOA_ERR_IO, the reason in DIAG) the
 * staged file is removed and FINAL is left as it was. */
loa_err loai_stage_write(const char *final, const void *data, size_t len, loa_diag *diag);

/* fsync PATH (a file or a directory), best effort: a rename is only as
 * durable as the data and the directory entry behind it. */
void loai_stage_sync(const char *path);

/* A render job: do job number JOB (0-based) in a worker process. */
typedef loa_err (*loai_job_fn)(void *ctx, size_t job, loa_diag *diag);
/* Called in the parent as each job ends, in completion order. */
typedef void (*loai_job_done_fn)(void *ctx, size_t job, loa_err err, const loa_diag *diag);

/* Run jobs 0..N-1 in WORKERS forked processes (at least one, so a crash or
 * a hang past TIMEOUT_S seconds, 0 = none, fails only its job). Returns the
 * first failure's code and detail after every job has ended. */
loa_err loai_jobs_run(size_t n, int workers, unsigned timeout_s, loai_job_fn fn,
                      loai_job_done_fn done, void *ctx, loa_diag *diag);

/* SHA-256 (FIPS 180-4) by OpenSSL's libcrypto, src/sha256.c. init, update
 * any number of times, then hex (64 lowercase digits + NUL; the state is
 * spent afterwards). */
typedef struct loai_sha256 {
    SHA256_CTX c;
    unsigned long long bytes;
} loai_sha256;
void loai_sha256_init(loai_sha256 *s);
void loai_sha256_update(loai_sha256 *s, const void *data, size_t n);
void loai_sha256_hex(loai_sha256 *s, char hex[65]);
/* Hash a whole file; its size into *BYTES when not NULL. */
loa_err loai_sha256_file(const char *path, char hex[65], unsigned long long *bytes,
                         loa_diag *diag);

/* ---- program engine (program.c), shared with speak.c ---- */

/* A pull source of mono audio at RATE. READ gives up to N frames; *GOT
 * == 0 only at the end. */
typedef struct loai_src loai_src;
struct loai_src {
    int rate;
    loa_err (*read)(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag);
    void (*free)(loai_src *s);
};

/* Opens a fresh source, at whatever rate it has, for one render pass
 * (renders are repeated: audio must come out the same each time). */
typedef loa_err (*loai_src_open_fn)(void *ctx, loai_src **out, loa_diag *diag);

/* An audio file (any format libsndfile reads) decoded in blocks, mono, at
 * the file's rate; errors name PATH. */
loa_err loai_src_file(const char *path, loai_src **out, loa_diag *diag);

/* FRAMES frames of silence at RATE. */
loa_err loai_src_gap(size_t frames, int rate, loai_src **out);

/* IN filtered through a copy of EQ (made for IN's rate); takes IN over
 * (freed with it). */
loa_err loai_src_eq(loai_src *in, const loa_eq *eq, loai_src **out);

/* IN resampled to RATE (libsoxr, streaming); takes IN over, and is IN
 * itself when the rates are equal. On failure IN is still the caller's. */
loa_err loai_src_resample(loai_src *in, int rate, loai_src **out, loa_diag *diag);

/* Read until N frames or the end of S. */
loa_err loai_src_fill(loai_src *s, float *pcm, size_t n, size_t *got, loa_diag *diag);

typedef enum loai_part_kind { LOAI_PART_GAP, LOAI_PART_JINGLE, LOAI_PART_SPEECH } loai_part_kind;

typedef struct loai_part {
    loai_part_kind kind;
    const char *path;      /* an audio file, or NULL ... */
    loai_src_open_fn open; /* ... a generated source */
    void *ctx;
    int rate;              /* a generated source's rate (a file's is read from it) */
    int gap_ms;            /* LOAI_PART_GAP */
    int eq;                /* apply the profile's speech EQ */
    const char *role;      /* "intro", "item" ...: named in errors */
    double seconds;        /* expected length when known before rendering, else 0 */
} loai_part;

/* The largest 4x-interpolated peak of a mono stream, as the limiter's
 * detector sees it (loudness.c), searched only where it could be larger
 * than the one found so far: much cheaper than a meter's true peak. */
typedef struct loai_tp_meter loai_tp_meter;
loa_err loai_tp_meter_new(loai_tp_meter **out);
loa_err loai_tp_meter_add(loai_tp_meter *t, const float *pcm, size_t n);
double loai_tp_meter_read(const loai_tp_meter *t); /* dBTP; -HUGE_VAL in silence */
void loai_tp_meter_free(loai_tp_meter *t);

/* The loudness model (loudness.c): fed a program's foreground and bed
 * once, it predicts the integrated loudness the limiter's output will
 * have for any gain, bed weight and ceiling. */
typedef struct loai_lmodel loai_lmodel;
loa_err loai_lmodel_new(loai_lmodel **out, int rate, double lookahead_ms, double release_ms,
                        loa_diag *diag);
/* Feed N frames of the foreground FG and the bed BED (NULL: none). */
loa_err loai_lmodel_add(loai_lmodel *m, const float *fg, const float *bed, size_t n);
loa_err loai_lmodel_finish(loai_lmodel *m);
/* LUFS of limit(GAIN_DB x (WF fg + WB bed)) under CEILING_DBTP (HUGE_VAL:
 * no limiting); *MIN_GAIN_DB (may be NULL): the deepest gain reduction. */
double loai_lmodel_lufs(const loai_lmodel *m, double wf, double wb, double gain_db,
                        double ceiling_dbtp, double *min_gain_db);
/* The gain (dB) that the model says gives WANT_LUFS under CEILING_DBTP. */
double loai_lmodel_solve(const loai_lmodel *m, double wf, double wb, double ceiling_dbtp,
                         double want_lufs);
void loai_lmodel_free(loai_lmodel *m);

/* The encode pass's meter (loudness.c): integrated loudness and loudness
 * range of a mono stream as libebur128 reads them (BS.1770-4 gating, EBU
 * Tech 3342), at about the cost of a K filter. read: -HUGE_VAL LUFS in
 * silence, LRA 0 under 3 s. */
typedef struct loai_kmeter loai_kmeter;
loa_err loai_kmeter_new(loai_kmeter **out, int rate, loa_diag *diag);
loa_err loai_kmeter_add(loai_kmeter *m, const float *pcm, size_t n);
loa_err loai_kmeter_read(const loai_kmeter *m, double *lufs, double *lra);
void loai_kmeter_free(loai_kmeter *m);

/* loa_biquad_run on A, then on B, in one sweep (dsp_eq.c): faster. */
void loai_biquad_run2(loa_biquad *a, loa_biquad *b, float *pcm, size_t n);

/* Render PARTS with PROD into PATH (.mp3 or .wav) at RATE Hz; MP3 holds the
 * bitrate and ID3 tags. Staged and renamed. REP may be NULL. */
loa_err loai_program_run(const loai_part *parts, size_t n, const loa_production *prod, int rate,
                         const loa_mp3_opts *mp3, const char *path, loa_program_report *rep,
                         loa_diag *diag);

/* ---- Vietnamese letters (legacy.c) ---- */

/* Tone of a precomposed Vietnamese vowel CP (0 none, 1 huyền, 2 sắc, 3 hỏi,
 * 4 ngã, 5 nặng) and its row (0..11 a ă â e ê i o ô ơ u ư y, 12..23 the
 * upper case); -1 when CP is none. */
int loai_vn_vowel(unsigned cp, int *tone);
/* Tone placement of a word ending in oa, oe or uy: 1 old ("hoà", "thuỷ"),
 * 2 new ("hòa", "thủy"), 0 when the word shows neither. */
int loai_vn_tone_style(const char *w, size_t len);
/* WORD with the other placement in *OUT (malloc'd; NULL when it has none). */
loa_err loai_vn_retone(const char *w, size_t len, char **out, size_t *out_len);
/* Compose decomposed (NFD) Vietnamese letters of TEXT into precomposed ones
 * (NFC for Vietnamese); other characters are copied. *OUT is malloc'd. */
loa_err loai_vn_compose(const char *text, size_t len, char **out, size_t *out_len);

#endif
