/* Audio files through libsndfile (src/audio.c): the whole-file load and save,
 * the streaming writer and reader. Each path's result on good input and its
 * error code and message on bad input, written out here by hand. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loa/loa.h"
#include "test.h"

static char dir[] = "/tmp/loa-audio-XXXXXX";

static const char *at(const char *name)
{
    static char buf[2][256];
    static int k;

    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *name, const char *bytes, size_t n)
{
    FILE *fp = fopen(at(name), "wb");

    CHECK(fp != NULL);
    if (fp) {
        fwrite(bytes, 1, n, fp);
        fclose(fp);
    }
}

/* DIAG's message is HEAD, PATH, TAIL. */
static int said(const loa_diag *d, const char *head, const char *path, const char *tail)
{
    char want[512];

    snprintf(want, sizeof want, "%s%s%s", head, path, tail);
    if (strcmp(d->msg, want) == 0)
        return 1;
    fprintf(stderr, "message: \"%s\"\n   want: \"%s\"\n", d->msg, want);
    return 0;
}

/* Let files grow to BYTES (0: back to what it was); 1 on success. A file
 * size limit stands in for a full disk; SIGXFSZ is ignored so a write
 * fails with EFBIG instead of killing the test. */
static int limit_size(rlim_t bytes)
{
    static struct rlimit was;
    static int saved;
    struct rlimit lim;

    if (!saved && (getrlimit(RLIMIT_FSIZE, &was) != 0 || (saved = 1) == 0))
        return 0;
    signal(SIGXFSZ, SIG_IGN);
    lim = was;
    if (bytes > 0)
        lim.rlim_cur = bytes;
    return setrlimit(RLIMIT_FSIZE, &lim) == 0;
}

/* Stereo saved, loaded back as mono (the average), at its own rate. */
static void test_save_load(void)
{
    loa_audio a, b;
    loa_diag d = {0, 0, ""};
    loa_err err = LOA_OK;
    size_t i;

    loa_audio_init(&a, 16000, 2);
    for (i = 0; i < 5000 && err == LOA_OK; i++) {
        float f[2] = {0.5f, i % 2 ? 0.25f : -0.25f};

        err = loa_audio_append(&a, f, 1);
    }
    CHECK(err == LOA_OK);
    a.data[2] = 1.5f; /* above full scale: clipped, never wrapped */
    CHECK(loa_audio_save_wav(&a, at("st.wav"), &d) == LOA_OK);
    loa_audio_init(&b, 0, 1);
    CHECK(loa_audio_load(&b, at("st.wav"), 0, &d) == LOA_OK);
    CHECK(b.rate == 16000 && b.channels == 1 && b.frames == 5000);
    CHECK(b.frames == 5000 && b.data[0] > 0.1249f && b.data[0] < 0.1251f);
    CHECK(b.frames == 5000 && b.data[3] > 0.3749f && b.data[3] < 0.3751f);
    CHECK(b.frames == 5000 && b.data[1] > 0.62f && b.data[1] < 0.63f); /* (1.0 + 0.25) / 2 */
    loa_audio_clear(&b);
    /* Resampled on the way in when asked. */
    loa_audio_init(&b, 0, 1);
    CHECK(loa_audio_load(&b, at("st.wav"), 32000, &d) == LOA_OK);
    CHECK(b.rate == 32000 && b.frames >= 9990 && b.frames <= 10010);
    loa_audio_clear(&b);
    loa_audio_clear(&a);
}

static void test_load_errors(void)
{
    loa_audio b;
    loa_diag d = {0, 0, ""};
    static const char empty_wav[44] = "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x80\x3e\0\0"
                                      "\0\x7d\0\0\x02\0\x10\0data\0\0\0\0";

    /* *OUT is kept on failure. */
    loa_audio_init(&b, 8000, 1);
    CHECK(loa_audio_append_silence(&b, 7) == LOA_OK);
    CHECK(loa_audio_load(&b, at("none.wav"), 0, &d) == LOA_ERR_IO);
    CHECK(said(&d, "", at("none.wav"), ": No such file or directory"));
    CHECK(b.frames == 7 && b.rate == 8000);
    put("text.wav", "Kính thưa bà con\n", 19);
    CHECK(loa_audio_load(&b, at("text.wav"), 0, &d) == LOA_ERR_AUDIO);
    CHECK(said(&d, "", at("text.wav"), ": not audio libsndfile can decode (corrupt, or an "
                                   "unsupported format) — export it as WAV, FLAC, OGG or MP3"));
    put("empty.wav", empty_wav, sizeof empty_wav);
    CHECK(loa_audio_load(&b, at("empty.wav"), 0, &d) == LOA_ERR_AUDIO);
    CHECK(said(&d, "", at("empty.wav"), ": the file holds no audio"));
    CHECK(b.frames == 7 && b.rate == 8000);
    loa_audio_clear(&b);
}

static void test_save_errors(void)
{
    loa_audio a;
    loa_diag d = {0, 0, ""};

    loa_audio_init(&a, 8000, 1);
    CHECK(loa_audio_append_silence(&a, 100) == LOA_OK);
    CHECK(loa_audio_save_wav(&a, at("no/dir.wav"), &d) == LOA_ERR_IO);
    CHECK(said(&d, "", at("no/dir.wav"), ": System error : No such file or directory."));
    /* libsndfile writes the header as it opens: a full disk shows there. */
    CHECK(loa_audio_save_wav(&a, "/dev/full", &d) == LOA_ERR_IO);
    CHECK(said(&d, "", "/dev/full", ": System error : No space left on device."));
    /* Room for the header, not for the samples. */
    CHECK(loa_audio_append_silence(&a, 8000) == LOA_OK);
    CHECK(limit_size(1000));
    CHECK(loa_audio_save_wav(&a, at("big.wav"), &d) == LOA_ERR_IO);
    CHECK(limit_size(0));
    CHECK(said(&d, "", at("big.wav"), ": System error : File too large."));
    loa_audio_clear(&a);
}

/* Streaming writer, then the streaming reader on what it wrote. */
static void test_stream(void)
{
    loa_wavout *w = NULL;
    loa_audio_reader *r = NULL;
    loa_diag d = {0, 0, ""};
    float pcm[6000], back[5000];
    size_t i, got = 0, total = 0, most = 0;
    int rate = 0;

    for (i = 0; i < 6000; i++)
        pcm[i] = i == 10 ? -2.0f : (float)(i % 100) / 200;
    CHECK(loa_wavout_open(&w, at("s.wav"), 22050, &d) == LOA_OK);
    CHECK(loa_wavout_write(w, pcm, 6000, &d) == LOA_OK);
    CHECK(loa_wavout_write(w, pcm, 6000, &d) == LOA_OK);
    CHECK(loa_wavout_finish(w, &d) == LOA_OK);
    loa_wavout_free(w);
    CHECK(loa_audio_reader_open(&r, at("s.wav"), &rate, &d) == LOA_OK);
    CHECK(rate == 22050);
    do {
        CHECK(loa_audio_reader_read(r, back, 5000, &got, &d) == LOA_OK);
        if (total == 0 && got > 10)
            CHECK(back[10] == -1.0f && back[99] > 0.49f && back[99] < 0.5f);
        total += got;
        most = got > most ? got : most;
    } while (got > 0);
    CHECK(total == 12000 && most == 4096); /* one block at a time */
    loa_audio_reader_free(r);
}

static void test_stream_errors(void)
{
    loa_wavout *w = NULL;
    loa_audio_reader *r = NULL;
    loa_diag d = {0, 0, ""};
    float pcm[4096] = {0};
    int rate = 0;

    CHECK(loa_wavout_open(&w, at("no/w.wav"), 22050, &d) == LOA_ERR_IO);
    CHECK(w == NULL);
    CHECK(said(&d, "cannot create ", at("no/w.wav"),
               ": System error : No such file or directory."));
    /* libsndfile writes the header as it opens: a full disk shows there. */
    d.msg[0] = '\0';
    CHECK(loa_wavout_open(&w, "/dev/full", 22050, &d) == LOA_ERR_IO);
    CHECK(w == NULL);
    CHECK(said(&d, "cannot create ", "/dev/full", ": System error : No space left on device."));
    /* Room for the header, not for the samples: the write says so, and so
     * does the finish (the stream is in error). */
    CHECK(limit_size(1000));
    CHECK(loa_wavout_open(&w, at("big.wav"), 22050, &d) == LOA_OK);
    CHECK(w && loa_wavout_write(w, pcm, 4096, &d) == LOA_ERR_IO);
    CHECK(said(&d, "cannot write ", at("big.wav"), ": System error : File too large."));
    CHECK(w && loa_wavout_finish(w, &d) == LOA_ERR_IO);
    CHECK(limit_size(0));
    CHECK(said(&d, "cannot write ", at("big.wav"), ""));
    loa_wavout_free(w);

    CHECK(loa_audio_reader_open(&r, at("none.wav"), &rate, &d) == LOA_ERR_IO);
    CHECK(r == NULL);
    CHECK(said(&d, "", at("none.wav"), ": No such file or directory — check the file name"));
    put("text.ogg", "Kính thưa bà con\n", 19);
    CHECK(loa_audio_reader_open(&r, at("text.ogg"), &rate, &d) == LOA_ERR_AUDIO);
    CHECK(said(&d, "", at("text.ogg"), ": not audio libsndfile can decode (corrupt, or an "
                                   "unsupported format) — export it as WAV, FLAC, OGG or MP3"));
}

int main(void)
{
    if (mkdtemp(dir) == NULL)
        return 1;
    test_save_load();
    test_load_errors();
    test_save_errors();
    test_stream();
    test_stream_errors();
    remove(at("st.wav"));
    remove(at("text.wav"));
    remove(at("empty.wav"));
    remove(at("s.wav"));
    remove(at("text.ogg"));
    remove(at("big.wav"));
    CHECK(rmdir(dir) == 0);
    return test_done("test_audio");
}
