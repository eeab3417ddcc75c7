/* loa_audio buffers, and reading/writing audio files through libsndfile. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sndfile.h>

#include "internal.h"

/* ---- reading through a buffered FILE ----
 *
 * libsndfile reads with a system call per request, and its MP3 decoder
 * asks for each frame's 4-byte header and then its body: two read()s per
 * 26 ms of audio (24 000 for a 5-minute program, ~2 % of loa speak's CPU
 * in the kernel). Reading goes through stdio's buffer instead
 * (sf_open_virtual). */
static sf_count_t vio_len(void *fp)
{
    struct stat st;

    return fstat(fileno(fp), &st) == 0 ? (sf_count_t)st.st_size : -1;
}

static sf_count_t vio_seek(sf_count_t off, int whence, void *fp)
{
    if (fseeko(fp, (off_t)off, whence) != 0)
        return -1;
    return (sf_count_t)ftello(fp);
}

static sf_count_t vio_read(void *ptr, sf_count_t n, void *fp)
{
    return (sf_count_t)fread(ptr, 1, (size_t)n, fp);
}

static sf_count_t vio_write(const void *ptr, sf_count_t n, void *fp)
{
    (void)ptr;
    (void)n;
    (void)fp;
    return 0;
}

static sf_count_t vio_tell(void *fp)
{
    return (sf_count_t)ftello(fp);
}

static SF_VIRTUAL_IO vio = {vio_len, vio_seek, vio_read, vio_write, vio_tell};

/* Open PATH for reading as *FP (64 KiB buffer) and *SF; on failure DIAG
 * says what is true (missing file, with HINT after it, or not audio
 * libsndfile decodes). */
static loa_err sf_read_open(const char *path, SF_INFO *info, FILE **fp, SNDFILE **sf,
                            const char *hint, loa_diag *diag)
{
    memset(info, 0, sizeof *info);
    if ((*fp = fopen(path, "rb")) == NULL) {
        loai_diag_set(diag, "%s: %s%s", path, strerror(errno), hint);
        return LOA_ERR_IO;
    }
    setvbuf(*fp, NULL, _IOFBF, 1 << 16);
    if ((*sf = sf_open_virtual(&vio, SFM_READ, info, *fp)) == NULL) {
        fclose(*fp);
        *fp = NULL;
        /* libsndfile says "not a regular file" for any unknown format: the
         * file is there, so say what is true. */
        loai_diag_set(diag, "%s: not audio libsndfile can decode (corrupt, or an unsupported "
                            "format) — export it as WAV, FLAC, OGG or MP3", path);
        return LOA_ERR_AUDIO;
    }
    return LOA_OK;
}

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

loa_err loa_audio_load(loa_audio *out, const char *path, int rate, loa_diag *diag)
{
    SF_INFO info;
    SNDFILE *sf;
    FILE *fp;
    loa_audio a;
    float *block = NULL;
    const size_t block_frames = 4096;
    sf_count_t got;
    loa_err err;

    if ((err = sf_read_open(path, &info, &fp, &sf, "", diag)) != LOA_OK)
        return err;
    if (info.channels <= 0 || info.samplerate <= 0) {
        sf_close(sf);
        fclose(fp);
        loai_diag_set(diag, "%s: no audio channels", path);
        return LOA_ERR_AUDIO;
    }
    /* Decode at full scale without libsndfile's float normalisation surprises. */
    sf_command(sf, SFC_SET_NORM_FLOAT, NULL, SF_TRUE);
    loa_audio_init(&a, info.samplerate, 1);
    if ((block = malloc(block_frames * (size_t)info.channels * sizeof(float))) == NULL) {
        err = LOA_ERR_NOMEM;
        goto done;
    }
    while ((got = sf_readf_float(sf, block, (sf_count_t)block_frames)) > 0) {
        size_t i, c, ch = (size_t)info.channels;

        /* Downmix by averaging: keeps a mono file unchanged and a
         * centred stereo source at its level. */
        for (i = 0; i < (size_t)got; i++) {
            float s = 0;

            for (c = 0; c < ch; c++)
                s += block[i * ch + c];
            block[i] = s / (float)ch;
        }
        if ((err = loa_audio_append(&a, block, (size_t)got)) != LOA_OK)
            goto done;
    }
    if (sf_error(sf) != SF_ERR_NO_ERROR) {
        loai_diag_set(diag, "%s: corrupt audio: %s", path, sf_strerror(sf));
        err = LOA_ERR_AUDIO;
        goto done;
    }
    if (a.frames == 0) {
        loai_diag_set(diag, "%s: the file holds no audio", path);
        err = LOA_ERR_AUDIO;
        goto done;
    }
    if (rate > 0 && (err = loa_audio_resample(&a, rate, diag)) != LOA_OK)
        goto done;
done:
    free(block);
    sf_close(sf);
    fclose(fp);
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
    SF_INFO info;
    SNDFILE *sf;
    sf_count_t n;

    memset(&info, 0, sizeof info);
    info.samplerate = a->rate;
    info.channels = a->channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    if ((sf = sf_open(path, SFM_WRITE, &info)) == NULL) {
        loai_diag_set(diag, "%s: %s", path, sf_strerror(NULL));
        return LOA_ERR_IO;
    }
    /* Clip rather than wrap if anything above full scale reaches 16 bits. */
    sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
    n = sf_writef_float(sf, a->data, (sf_count_t)a->frames);
    if (n != (sf_count_t)a->frames) {
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

struct loa_wavout {
    SNDFILE *sf;
    char *path;
};

loa_err loa_wavout_open(loa_wavout **out, const char *path, int rate, loa_diag *diag)
{
    SF_INFO info;
    loa_wavout *w = calloc(1, sizeof *w);

    if (w == NULL || (w->path = strdup(path)) == NULL) {
        free(w);
        return LOA_ERR_NOMEM;
    }
    memset(&info, 0, sizeof info);
    info.samplerate = rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    if ((w->sf = sf_open(path, SFM_WRITE, &info)) == NULL) {
        loai_diag_set(diag, "cannot create %s: %s", path, sf_strerror(NULL));
        loa_wavout_free(w);
        return LOA_ERR_IO;
    }
    sf_command(w->sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
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

struct loa_audio_reader {
    SNDFILE *sf;
    FILE *fp;
    char *path;
    int channels;
    float *block; /* interleaved frames before the downmix */
    size_t block_frames;
};

loa_err loa_audio_reader_open(loa_audio_reader **out, const char *path, int *rate,
                              loa_diag *diag)
{
    SF_INFO info;
    loa_audio_reader *r;
    loa_err err;

    if ((r = calloc(1, sizeof *r)) == NULL || (r->path = strdup(path)) == NULL) {
        free(r);
        return LOA_ERR_NOMEM;
    }
    if ((err = sf_read_open(path, &info, &r->fp, &r->sf, " — check the file name", diag)) !=
        LOA_OK) {
        loa_audio_reader_free(r);
        return err;
    }
    if (info.channels <= 0 || info.samplerate <= 0) {
        loai_diag_set(diag, "%s: no audio channels", path);
        loa_audio_reader_free(r);
        return LOA_ERR_AUDIO;
    }
    sf_command(r->sf, SFC_SET_NORM_FLOAT, NULL, SF_TRUE);
    r->channels = info.channels;
    r->block_frames = 4096;
    if ((r->block = malloc(r->block_frames * (size_t)r->channels * sizeof(float))) == NULL) {
        loa_audio_reader_free(r);
        return LOA_ERR_NOMEM;
    }
    *rate = info.samplerate;
    *out = r;
    return LOA_OK;
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
