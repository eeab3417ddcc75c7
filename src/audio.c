/* loa_audio buffers, and reading/writing audio files through libsndfile. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sndfile.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "loa/wavout.h"
#include "dsp_int.h"
#include "error_int.h"
#include "file_int.h"

void loa_audio_init(loa_audio *a, int rate, int channels)
{
    memset(a, 0, sizeof *a);
    a->rate = rate;
    a->channels = channels > 0 ? channels : 1;
}

void loa_audio_clear(loa_audio *a)
{
    if (a == NULL)
        return;
    free(a->data);
    a->data = NULL;
    a->frames = a->cap = 0;
}

static loa_err audio_reserve(loa_audio *a, size_t more)
{
    size_t need, cap, ch = (size_t)a->channels;
    float *p;

    if (more > SIZE_MAX - a->frames)
        return LOA_ERR_NOMEM;
    need = a->frames + more;
    if (need <= a->cap)
        return LOA_OK;
    cap = a->cap ? a->cap : 4096;
    while (cap < need)
        cap = cap > SIZE_MAX / 4 ? need : cap * 2;
    if (cap > SIZE_MAX / sizeof(float) / ch)
        return LOA_ERR_NOMEM;
    if ((p = realloc(a->data, cap * ch * sizeof(float))) == NULL)
        return LOA_ERR_NOMEM;
    a->data = p;
    a->cap = cap;
    return LOA_OK;
}

loa_err loa_audio_append(loa_audio *a, const float *pcm, size_t frames)
{
    loa_err err = audio_reserve(a, frames);

    if (err != LOA_OK)
        return err;
    memcpy(a->data + a->frames * (size_t)a->channels, pcm,
           frames * (size_t)a->channels * sizeof(float));
    a->frames += frames;
    return LOA_OK;
}

loa_err loa_audio_append_silence(loa_audio *a, size_t frames)
{
    loa_err err = audio_reserve(a, frames);

    if (err != LOA_OK)
        return err;
    memset(a->data + a->frames * (size_t)a->channels, 0,
           frames * (size_t)a->channels * sizeof(float));
    a->frames += frames;
    return LOA_OK;
}

/* ---- libsndfile: one way to open for reading, one for writing ---- */

/* Reading goes through a buffered FILE (sf_open_virtual): libsndfile reads
 * with a system call per request, and its MP3 decoder asks for each frame's
 * 4-byte header and then its body, two read()s per 26 ms of audio (24 000
 * for a 5-minute program, ~2 % of loa speak's CPU in the kernel). */
struct loa_audio_reader {
    SNDFILE *sf;
    FILE *fp;
    long long len; /* of an in-memory file; -1 for a file on disk (fstat says) */
    char *path;
    int channels;
    float *block; /* interleaved frames before the downmix */
    size_t block_frames;
};

static sf_count_t vio_len(void *user)
{
    loa_audio_reader *r = user;
    struct stat st;

    if (r->len >= 0)
        return (sf_count_t)r->len;
    return fstat(fileno(r->fp), &st) == 0 ? (sf_count_t)st.st_size : -1;
}

static sf_count_t vio_seek(sf_count_t off, int whence, void *user)
{
    loa_audio_reader *r = user;

    if (fseeko(r->fp, (off_t)off, whence) != 0)
        return -1;
    return (sf_count_t)ftello(r->fp);
}

static sf_count_t vio_read(void *ptr, sf_count_t n, void *user)
{
    return (sf_count_t)fread(ptr, 1, (size_t)n, ((loa_audio_reader *)user)->fp);
}

static sf_count_t vio_write(const void *ptr, sf_count_t n, void *user)
{
    (void)ptr;
    (void)n;
    (void)user;
    return 0;
}

static sf_count_t vio_tell(void *user)
{
    return (sf_count_t)ftello(((loa_audio_reader *)user)->fp);
}

static SF_VIRTUAL_IO vio = {vio_len, vio_seek, vio_read, vio_write, vio_tell};

/* Open R (its fp and len set) through libsndfile. */
static loa_err reader_start(loa_audio_reader *r, int *rate, loa_diag *diag)
{
    SF_INFO info;

    memset(&info, 0, sizeof info);
    if ((r->sf = sf_open_virtual(&vio, SFM_READ, &info, r)) == NULL) {
        /* libsndfile says "not a regular file" for any unknown format: the
         * file is there, so say what is true. */
        loai_diag_set(diag, "%s: not audio libsndfile can decode (corrupt, or an unsupported "
                            "format) — export it as WAV, FLAC, OGG or MP3", r->path);
        return LOA_ERR_AUDIO;
    }
    if (info.channels <= 0 || info.samplerate <= 0) {
        loai_diag_set(diag, "%s: no audio channels", r->path);
        return LOA_ERR_AUDIO;
    }
    /* Decode at full scale without libsndfile's float normalisation surprises. */
    sf_command(r->sf, SFC_SET_NORM_FLOAT, NULL, SF_TRUE);
    r->channels = info.channels;
    r->block_frames = 4096;
    if ((r->block = malloc(r->block_frames * (size_t)r->channels * sizeof(float))) == NULL)
        return LOA_ERR_NOMEM;
    *rate = info.samplerate;
    return LOA_OK;
}

/* Open PATH for reading in blocks. When PATH cannot be opened at all, DIAG
 * has the system's reason (and, with HINT, what to check). */
static loa_err reader_open(loa_audio_reader **out, const char *path, int *rate, int hint,
                           loa_diag *diag)
{
    loa_audio_reader *r;
    loa_err err;

    if ((r = calloc(1, sizeof *r)) == NULL || (r->path = strdup(path)) == NULL) {
        free(r);
        return LOA_ERR_NOMEM;
    }
    r->len = -1;
    if ((err = loai_file_open_regular(path, &r->fp, diag)) != LOA_OK) {
        if (err == LOA_ERR_IO) {
            if (hint)
                loai_diag_set(diag, "%s: %s — check the file name", path, strerror(errno));
            else
                loai_diag_set(diag, "%s: %s", path, strerror(errno));
        }
        loa_audio_reader_free(r);
        return err;
    }
    setvbuf(r->fp, NULL, _IOFBF, 1 << 16);
    if ((err = reader_start(r, rate, diag)) != LOA_OK) {
        loa_audio_reader_free(r);
        return err;
    }
    *out = r;
    return LOA_OK;
}

loa_err loa_audio_reader_open_mem(loa_audio_reader **out, const void *data, size_t n, int *rate,
                                  loa_diag *diag)
{
    loa_audio_reader *r;
    loa_err err;

    if (n == 0) {
        loai_diag_set(diag, "no audio to decode (0 bytes)");
        return LOA_ERR_AUDIO;
    }
    if ((r = calloc(1, sizeof *r)) == NULL || (r->path = strdup("<memory>")) == NULL) {
        free(r);
        return LOA_ERR_NOMEM;
    }
    r->len = (long long)n;
    if ((r->fp = fmemopen((void *)data, n, "rb")) == NULL) {
        loa_audio_reader_free(r);
        return LOA_ERR_NOMEM;
    }
    if ((err = reader_start(r, rate, diag)) != LOA_OK) {
        loa_audio_reader_free(r);
        return err;
    }
    *out = r;
    return LOA_OK;
}

/* Create PATH as a RATE Hz, CHANNELS channel 16-bit PCM WAV file. NULL on
 * failure, with libsndfile's reason in sf_strerror(NULL). */
static SNDFILE *wav_create(const char *path, int rate, int channels)
{
    SF_INFO info;
    SNDFILE *sf;

    memset(&info, 0, sizeof info);
    info.samplerate = rate;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    /* Clip rather than wrap if anything above full scale reaches 16 bits. */
    if ((sf = sf_open(path, SFM_WRITE, &info)) != NULL)
        sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
    return sf;
}

/* ---- whole files ---- */

loa_err loa_audio_load(loa_audio *out, const char *path, int rate, loa_diag *diag)
{
    loa_audio_reader *r;
    loa_audio a;
    size_t got = 0;
    int file_rate = 0;
    loa_err err = reader_open(&r, path, &file_rate, 0, diag);

    if (err != LOA_OK)
        return err;
    loa_audio_init(&a, file_rate, 1);
    /* Decoded straight into A, a block at a time. */
    do {
        if ((err = audio_reserve(&a, r->block_frames)) == LOA_OK &&
            (err = loa_audio_reader_read(r, a.data + a.frames, r->block_frames, &got, diag)) ==
                LOA_OK)
            a.frames += got;
    } while (err == LOA_OK && got > 0);
    loa_audio_reader_free(r);
    if (err == LOA_OK && a.frames == 0) {
        loai_diag_set(diag, "%s: the file holds no audio", path);
        err = LOA_ERR_AUDIO;
    }
    if (err == LOA_OK && rate > 0)
        err = loai_audio_resample(&a, rate, diag);
    if (err != LOA_OK) {
        loa_audio_clear(&a);
        return err;
    }
    loa_audio_clear(out);
    *out = a;
    return LOA_OK;
}

loa_err loa_audio_save_wav(const loa_audio *a, const char *path, loa_diag *diag)
{
    SNDFILE *sf = wav_create(path, a->rate, a->channels);

    if (sf == NULL) {
        loai_diag_set(diag, "%s: %s", path, sf_strerror(NULL));
        return LOA_ERR_IO;
    }
    if (sf_writef_float(sf, a->data, (sf_count_t)a->frames) != (sf_count_t)a->frames) {
        loai_diag_set(diag, "%s: %s", path, sf_strerror(sf));
        sf_close(sf);
        return LOA_ERR_IO;
    }
    if (sf_close(sf) != 0) {
        loai_diag_set(diag, "%s: write failed", path);
        return LOA_ERR_IO;
    }
    return LOA_OK;
}

/* ---- streaming ---- */

struct loa_wavout {
    SNDFILE *sf;
    char *path;
};

loa_err loa_wavout_open(loa_wavout **out, const char *path, int rate, loa_diag *diag)
{
    loa_wavout *w = calloc(1, sizeof *w);

    if (w == NULL || (w->path = strdup(path)) == NULL) {
        free(w);
        return LOA_ERR_NOMEM;
    }
    if ((w->sf = wav_create(path, rate, 1)) == NULL) {
        loai_diag_set(diag, "cannot create %s: %s", path, sf_strerror(NULL));
        loa_wavout_free(w);
        return LOA_ERR_IO;
    }
    *out = w;
    return LOA_OK;
}

loa_err loa_wavout_write(loa_wavout *w, const float *pcm, size_t frames, loa_diag *diag)
{
    if (sf_writef_float(w->sf, pcm, (sf_count_t)frames) != (sf_count_t)frames) {
        loai_diag_set(diag, "cannot write %s: %s", w->path, sf_strerror(w->sf));
        return LOA_ERR_IO;
    }
    return LOA_OK;
}

loa_err loa_wavout_finish(loa_wavout *w, loa_diag *diag)
{
    int rc;

    sf_write_sync(w->sf);
    rc = sf_error(w->sf);
    if (sf_close(w->sf) != 0 || rc != 0) {
        w->sf = NULL;
        loai_diag_set(diag, "cannot write %s", w->path);
        return LOA_ERR_IO;
    }
    w->sf = NULL;
    return LOA_OK;
}

void loa_wavout_free(loa_wavout *w)
{
    if (w == NULL)
        return;
    if (w->sf != NULL)
        sf_close(w->sf);
    free(w->path);
    free(w);
}

loa_err loa_audio_reader_open(loa_audio_reader **out, const char *path, int *rate,
                              loa_diag *diag)
{
    return reader_open(out, path, rate, 1, diag);
}

loa_err loa_audio_reader_read(loa_audio_reader *r, float *pcm, size_t n, size_t *got,
                              loa_diag *diag)
{
    size_t ch = (size_t)r->channels, i, c;
    sf_count_t k;

    if (n > r->block_frames)
        n = r->block_frames;
    /* Mono needs no downmix: straight into PCM. */
    k = sf_readf_float(r->sf, ch == 1 ? pcm : r->block, (sf_count_t)n);
    if (k < 0 || sf_error(r->sf) != SF_ERR_NO_ERROR) {
        loai_diag_set(diag, "%s: corrupt audio: %s", r->path, sf_strerror(r->sf));
        return LOA_ERR_AUDIO;
    }
    /* Downmix by averaging: keeps a mono file unchanged and a centred stereo
     * source at its level. */
    for (i = 0; ch > 1 && i < (size_t)k; i++) {
        float s = 0;

        for (c = 0; c < ch; c++)
            s += r->block[i * ch + c];
        pcm[i] = s / (float)ch;
    }
    *got = (size_t)k;
    return LOA_OK;
}

void loa_audio_reader_free(loa_audio_reader *r)
{
    if (r == NULL)
        return;
    if (r->sf != NULL)
        sf_close(r->sf);
    if (r->fp != NULL)
        fclose(r->fp);
    free(r->block);
    free(r->path);
    free(r);
}
